//! Domain checkpoint definitions (`<domaincheckpoint>`), parsed and printed as libvirt 9.0
//! does for its test driver: name, description, parent, creation time, the disks' bitmaps
//! and the domain definition captured when the checkpoint was taken.

#![forbid(unsafe_code)]

use super::domain::{DomainDef, FormatOptions};
use super::xml;
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_DOMAIN_CHECKPOINT;

/// One disk's part in a checkpoint: its target name, its kind (`no`, `bitmap`) and bitmap name.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckpointDisk {
    pub name: String,
    pub checkpoint: String,
    pub bitmap: Option<String>,
}

#[derive(Clone, Debug)]
pub struct CheckpointDef {
    pub name: String,
    pub description: Option<String>,
    pub parent: Option<String>,
    /// Seconds since the epoch.
    pub creation_time: i64,
    pub disks: Vec<CheckpointDisk>,
    pub dom: Option<DomainDef>,
}

fn xml_error(msg: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_ERROR, msg)
}

impl CheckpointDef {
    /// Parses a checkpoint description. `redefine` (`VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE`)
    /// takes the parent and creation time from the document, as libvirt requires of an
    /// existing checkpoint; otherwise a missing name becomes the creation time `now`.
    pub fn parse(text: &str, redefine: bool, now: i64) -> Result<CheckpointDef> {
        let doc = xml::parse_document(text, "(domain_checkpoint)", FROM)?;
        xml::check_root(&doc, "domaincheckpoint")?;
        let root = doc.root_element();
        let name = match xml::child_text(root, "name").filter(|n| !n.is_empty()) {
            Some(n) => n,
            None if redefine => return Err(xml_error("checkpoint name must be set")),
            None => now.to_string(),
        };
        let mut def = CheckpointDef {
            name,
            description: xml::child_text(root, "description"),
            parent: None,
            creation_time: now,
            disks: Vec::new(),
            dom: None,
        };
        if redefine {
            let Some(ct) = xml::child_text(root, "creationTime") else {
                return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "missing creationTime from existing checkpoint"));
            };
            def.creation_time = ct.trim().parse().map_err(|_| xml_error("malformed creationTime"))?;
            def.parent = xml::child(root, "parent").and_then(|p| xml::child_text(p, "name"));
            if let Some(d) = xml::child(root, "domain") {
                def.dom = Some(DomainDef::from_node(d)?);
            }
        }
        if let Some(disks) = xml::child(root, "disks") {
            for d in xml::children(disks, "disk") {
                let Some(name) = xml::attr(d, "name") else {
                    return Err(xml_error("missing name from disk checkpoint element"));
                };
                let kind = xml::attr(d, "checkpoint").unwrap_or("bitmap");
                if !["no", "bitmap"].contains(&kind) {
                    return Err(xml_error(&format!("unknown disk checkpoint setting '{kind}'")));
                }
                // A bitmap is named after the checkpoint unless the description names it.
                let bitmap = match kind {
                    "bitmap" => Some(xml::attr(d, "bitmap").map_or_else(|| def.name.clone(), str::to_string)),
                    _ => None,
                };
                def.disks.push(CheckpointDisk { name: name.to_string(), checkpoint: kind.to_string(), bitmap });
            }
        }
        Ok(def)
    }

    /// The checkpoint's disks as libvirt aligns them to its domain: every disk of the domain
    /// in its order; one the description does not name gets a bitmap when the description
    /// names none (`no` otherwise, and always for an empty or read-only disk).
    pub fn align_disks(&mut self) -> Result<()> {
        let Some(dom) = self.dom.as_ref() else { return Ok(()) };
        if let Some(g) = self.disks.iter().find(|g| !dom.devices.disks.iter().any(|d| d.target_dev == g.name)) {
            return Err(Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, format!("no disk named '{}'", g.name)));
        }
        let given = std::mem::take(&mut self.disks);
        let default_bitmap = given.is_empty();
        let mut disks = Vec::new();
        for disk in &dom.devices.disks {
            let unusable = disk.readonly || disk.source.is_none();
            let aligned = match given.iter().find(|g| g.name == disk.target_dev) {
                Some(g) if g.checkpoint == "bitmap" && unusable => {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_CONFIG_UNSUPPORTED,
                        format!("disk '{}' is empty or readonly", g.name),
                    ));
                }
                Some(g) => g.clone(),
                None if default_bitmap && !unusable => CheckpointDisk {
                    name: disk.target_dev.clone(),
                    checkpoint: "bitmap".to_string(),
                    bitmap: Some(self.name.clone()),
                },
                None => CheckpointDisk { name: disk.target_dev.clone(), checkpoint: "no".to_string(), bitmap: None },
            };
            disks.push(aligned);
        }
        self.disks = disks;
        Ok(())
    }

    /// The XML libvirt prints (`virDomainCheckpointDefFormat`): `no_domain`
    /// (`VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN`) leaves the domain out.
    pub fn format(&self, secure: bool, no_domain: bool) -> String {
        let mut out = String::from("<domaincheckpoint>\n");
        out.push_str(&format!("  <name>{}</name>\n", xml::escape(&self.name)));
        if let Some(d) = &self.description {
            out.push_str(&format!("  <description>{}</description>\n", xml::escape(d)));
        }
        if let Some(p) = &self.parent {
            out.push_str(&format!("  <parent>\n    <name>{}</name>\n  </parent>\n", xml::escape(p)));
        }
        out.push_str(&format!("  <creationTime>{}</creationTime>\n", self.creation_time));
        if !self.disks.is_empty() {
            out.push_str("  <disks>\n");
            for d in &self.disks {
                out.push_str(&format!("    <disk name='{}' checkpoint='{}'", xml::escape(&d.name), d.checkpoint));
                if let Some(b) = &d.bitmap {
                    out.push_str(&format!(" bitmap='{}'", xml::escape(b)));
                }
                out.push_str("/>\n");
            }
            out.push_str("  </disks>\n");
        }
        if let (Some(dom), false) = (&self.dom, no_domain) {
            let text = dom.format(FormatOptions { live_id: None, inactive: true, secure });
            for line in text.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str("</domaincheckpoint>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_checkpoint_is_named_after_its_creation_time() {
        let d = CheckpointDef::parse("<domaincheckpoint><description>a&lt;b</description></domaincheckpoint>", false, 42)
            .unwrap();
        assert_eq!((d.name.as_str(), d.description.as_deref(), d.creation_time), ("42", Some("a<b"), 42));
        assert_eq!(
            d.format(false, false),
            "<domaincheckpoint>\n  <name>42</name>\n  <description>a&lt;b</description>\n  \
             <creationTime>42</creationTime>\n</domaincheckpoint>\n"
        );
    }

    #[test]
    fn a_redefinition_keeps_parent_time_and_disks() {
        let text = "<domaincheckpoint><name>r2</name><parent><name>a</name></parent><creationTime>6</creationTime>\
                    <disks><disk name='vda' checkpoint='bitmap' bitmap='x'/><disk name='vdb' checkpoint='no'/></disks>\
                    </domaincheckpoint>";
        let d = CheckpointDef::parse(text, true, 1).unwrap();
        assert_eq!(
            d.format(false, true),
            "<domaincheckpoint>\n  <name>r2</name>\n  <parent>\n    <name>a</name>\n  </parent>\n  \
             <creationTime>6</creationTime>\n  <disks>\n    <disk name='vda' checkpoint='bitmap' bitmap='x'/>\n    \
             <disk name='vdb' checkpoint='no'/>\n  </disks>\n</domaincheckpoint>\n"
        );
        let e = CheckpointDef::parse("<domaincheckpoint><name>r</name></domaincheckpoint>", true, 1).unwrap_err();
        assert_eq!(e.message, "internal error: missing creationTime from existing checkpoint");
        let e = CheckpointDef::parse("<foo/>", false, 1).unwrap_err();
        assert_eq!(e.message, "XML error: expecting root element of 'domaincheckpoint', not 'foo'");
    }
}
