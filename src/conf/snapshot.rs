//! Domain snapshot definitions (`<domainsnapshot>`), parsed and printed as libvirt 9.0
//! does for its test driver: name, description, state, parent, creation time, memory and
//! disk locations, and the domain definition captured when the snapshot was taken.

#![forbid(unsafe_code)]

use super::domain::{DomainDef, FormatOptions};
use super::xml;
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_DOMAIN_SNAPSHOT;

/// `virDomainSnapshotState` names, by value.
const STATE_NAMES: [&str; 9] =
    ["nostate", "running", "blocked", "paused", "shutdown", "shutoff", "crashed", "pmsuspended", "disk-snapshot"];

/// `VIR_DOMAIN_SNAPSHOT_SHUTOFF`.
pub const STATE_SHUTOFF: i32 = 5;
/// `VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT`.
pub const STATE_DISK_SNAPSHOT: i32 = 8;

/// One disk's part in a snapshot: its target name and location (`internal`, `external`, `no`).
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotDisk {
    pub name: String,
    pub snapshot: String,
}

#[derive(Clone, Debug)]
pub struct SnapshotDef {
    pub name: String,
    pub description: Option<String>,
    /// `virDomainSnapshotState`.
    pub state: i32,
    pub parent: Option<String>,
    /// Seconds since the epoch.
    pub creation_time: i64,
    /// The memory location (`no`, `internal`, `external`), if given or decided.
    pub memory: Option<String>,
    pub memory_file: Option<String>,
    pub disks: Vec<SnapshotDisk>,
    pub dom: Option<DomainDef>,
    /// The persistent definition of a domain that was running when the snapshot was
    /// taken (`<inactiveDomain>`, libvirt's QEMU driver), restored as the config on revert.
    pub inactive_dom: Option<DomainDef>,
}

fn xml_error(msg: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_ERROR, msg)
}

impl SnapshotDef {
    /// Parses a snapshot description. `redefine` (`VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE`)
    /// takes name, state, parent, creation time and domain from the document, as libvirt
    /// requires of an existing snapshot; otherwise those are decided by the driver and a
    /// missing name becomes the creation time `now`.
    pub fn parse(text: &str, redefine: bool, now: i64) -> Result<SnapshotDef> {
        let doc = xml::parse_document(text, "(domain_snapshot)", FROM)?;
        xml::check_root(&doc, "domainsnapshot")?;
        let root = doc.root_element();
        let name = xml::child_text(root, "name").filter(|n| !n.is_empty());
        let name = match name {
            Some(n) => n,
            None if redefine => return Err(xml_error("a redefined snapshot must have a name")),
            None => now.to_string(),
        };
        let description = xml::child_text(root, "description");
        let mut def = SnapshotDef {
            name,
            description,
            state: 0,
            parent: None,
            creation_time: now,
            memory: None,
            memory_file: None,
            disks: Vec::new(),
            dom: None,
            inactive_dom: None,
        };
        if redefine {
            let Some(ct) = xml::child_text(root, "creationTime") else {
                return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "missing creationTime from existing snapshot"));
            };
            def.creation_time = ct.trim().parse().map_err(|_| xml_error("malformed creationTime"))?;
            let Some(state) = xml::child_text(root, "state") else {
                return Err(xml_error("missing state from existing snapshot"));
            };
            def.state = STATE_NAMES
                .iter()
                .position(|s| *s == state.trim())
                .ok_or_else(|| xml_error(&format!("Invalid state '{state}' in domain snapshot XML")))? as i32;
            def.parent = xml::child(root, "parent").and_then(|p| xml::child_text(p, "name"));
            match xml::child(root, "domain") {
                Some(d) => def.dom = Some(DomainDef::from_node(d)?),
                None => {
                    return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "missing domain in snapshot"));
                }
            }
            if let Some(d) = xml::child(root, "inactiveDomain") {
                def.inactive_dom = Some(DomainDef::from_node(d)?);
            }
        }
        if let Some(m) = xml::child(root, "memory") {
            if let Some(loc) = xml::attr(m, "snapshot") {
                if !["no", "internal", "external", "manual"].contains(&loc) {
                    return Err(xml_error(&format!("unknown memory snapshot setting '{loc}'")));
                }
                def.memory = Some(loc.to_string());
            }
            def.memory_file = xml::attr(m, "file").map(str::to_string);
        }
        if let Some(disks) = xml::child(root, "disks") {
            for d in xml::children(disks, "disk") {
                let Some(name) = xml::attr(d, "name") else {
                    return Err(xml_error("missing name from disk snapshot element"));
                };
                let snapshot = xml::attr(d, "snapshot").unwrap_or("internal").to_string();
                def.disks.push(SnapshotDisk { name: name.to_string(), snapshot });
            }
        }
        Ok(def)
    }

    /// A snapshot as a driver stores it (libvirt's metadata file: the XML with
    /// `<active>` saying whether it is the current one): the definition, and whether it
    /// was current.
    pub fn parse_metadata(text: &str) -> Result<(SnapshotDef, bool)> {
        let def = SnapshotDef::parse(text, true, 0)?;
        let doc = xml::parse_document(text, "(domain_snapshot)", FROM)?;
        let active = xml::child_text(doc.root_element(), "active").is_some_and(|a| a.trim() == "1");
        Ok((def, active))
    }

    /// The snapshot's disks as libvirt aligns them to the domain: every disk of the
    /// domain in its order, at `location` unless the description named it already.
    pub fn align_disks(&mut self, location: &str) {
        let Some(dom) = self.dom.as_ref() else { return };
        let given = std::mem::take(&mut self.disks);
        self.disks = dom
            .devices
            .disks
            .iter()
            .map(|disk| {
                let snapshot = given
                    .iter()
                    .find(|g| g.name == disk.target_dev)
                    .map(|g| g.snapshot.clone())
                    .unwrap_or_else(|| location.to_string());
                SnapshotDisk { name: disk.target_dev.clone(), snapshot }
            })
            .collect();
    }

    /// Whether any part of it lives outside the disk images (`virDomainSnapshotIsExternal`).
    pub fn is_external(&self) -> bool {
        self.memory.as_deref() == Some("external") || self.disks.iter().any(|d| d.snapshot == "external")
    }

    /// The XML libvirt prints (`virDomainSnapshotDefFormat`); `uuid` names the domain
    /// when the snapshot carries no definition of it.
    pub fn format(&self, uuid: &str, secure: bool) -> String {
        self.format_with(uuid, secure, None)
    }

    /// [`SnapshotDef::format`], plus `<active>` when `active` is given (the form a driver
    /// stores, `VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL`).
    pub fn format_with(&self, uuid: &str, secure: bool, active: Option<bool>) -> String {
        let mut out = String::from("<domainsnapshot>\n");
        out.push_str(&format!("  <name>{}</name>\n", xml::escape(&self.name)));
        if let Some(d) = &self.description {
            out.push_str(&format!("  <description>{}</description>\n", xml::escape(d)));
        }
        if let Some(s) = STATE_NAMES.get(self.state as usize) {
            out.push_str(&format!("  <state>{s}</state>\n"));
        }
        if let Some(p) = &self.parent {
            out.push_str(&format!("  <parent>\n    <name>{}</name>\n  </parent>\n", xml::escape(p)));
        }
        out.push_str(&format!("  <creationTime>{}</creationTime>\n", self.creation_time));
        if let Some(m) = &self.memory {
            match &self.memory_file {
                Some(f) => out.push_str(&format!("  <memory snapshot='{m}' file='{}'/>\n", xml::escape(f))),
                None => out.push_str(&format!("  <memory snapshot='{m}'/>\n")),
            }
        }
        if !self.disks.is_empty() {
            out.push_str("  <disks>\n");
            for d in &self.disks {
                out.push_str(&format!("    <disk name='{}' snapshot='{}'/>\n", xml::escape(&d.name), d.snapshot));
            }
            out.push_str("  </disks>\n");
        }
        match &self.dom {
            Some(dom) => {
                let text = dom.format(FormatOptions { live_id: None, inactive: true, secure });
                for line in text.lines() {
                    out.push_str("  ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
            None => out.push_str(&format!("  <domain>\n    <uuid>{uuid}</uuid>\n  </domain>\n")),
        }
        if let Some(dom) = &self.inactive_dom {
            let text = dom.format(FormatOptions { live_id: None, inactive: true, secure });
            let text = text.trim_end();
            let body = text.strip_prefix("<domain").and_then(|t| t.strip_suffix("</domain>")).unwrap_or(text);
            out.push_str("  <inactiveDomain");
            for line in body.lines() {
                out.push_str(line);
                out.push_str("\n  ");
            }
            out.push_str("</inactiveDomain>\n");
        }
        if let Some(a) = active {
            out.push_str(&format!("  <active>{}</active>\n", u8::from(a)));
        }
        out.push_str("</domainsnapshot>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_snapshot_is_named_after_its_creation_time() {
        let d = SnapshotDef::parse("<domainsnapshot><description>a&lt;b</description></domainsnapshot>", false, 42).unwrap();
        assert_eq!((d.name.as_str(), d.description.as_deref(), d.creation_time), ("42", Some("a<b"), 42));
        let xml = d.format("u", false);
        assert!(xml.starts_with("<domainsnapshot>\n  <name>42</name>\n  <description>a&lt;b</description>\n"));
        assert!(xml.ends_with("  <domain>\n    <uuid>u</uuid>\n  </domain>\n</domainsnapshot>\n"));
    }

    #[test]
    fn stored_form_round_trips_with_its_inactive_domain_and_current_mark() {
        let dom = "<domain type='qemu'><name>d</name><uuid>6a3cbbd4-8f2c-4e1a-9c3e-2f5a6b7c8d01</uuid>\
                   <memory unit='KiB'>65536</memory><os><type arch='x86_64'>hvm</type></os></domain>";
        let mut d = SnapshotDef::parse("<domainsnapshot><name>s</name></domainsnapshot>", false, 7).unwrap();
        d.dom = Some(DomainDef::parse(dom).unwrap());
        d.inactive_dom = d.dom.clone();
        d.state = 1;
        let text = d.format_with("u", true, Some(true));
        assert!(text.contains("\n  <inactiveDomain type='qemu'>\n    <name>d</name>\n"), "{text}");
        assert!(text.ends_with("  </inactiveDomain>\n  <active>1</active>\n</domainsnapshot>\n"), "{text}");
        let (back, current) = SnapshotDef::parse_metadata(&format!("<!-- header -->\n{text}")).unwrap();
        assert!(current);
        assert_eq!(back.format_with("u", true, Some(true)), text);
        assert!(!d.format("u", true).contains("<active>"));
    }

    #[test]
    fn redefinition_needs_what_an_existing_snapshot_has() {
        let e = SnapshotDef::parse("<domainsnapshot/>", true, 1).unwrap_err();
        assert_eq!(e.message, "XML error: a redefined snapshot must have a name");
        let e = SnapshotDef::parse("<domainsnapshot><name>a</name></domainsnapshot>", true, 1).unwrap_err();
        assert_eq!(e.message, "internal error: missing creationTime from existing snapshot");
        let e = SnapshotDef::parse("<domainsnapshot><name>a</name><creationTime>5</creationTime></domainsnapshot>", true, 1)
            .unwrap_err();
        assert_eq!(e.message, "XML error: missing state from existing snapshot");
        let e = SnapshotDef::parse("<foo/>", false, 1).unwrap_err();
        assert_eq!(e.message, "XML error: expecting root element of 'domainsnapshot', not 'foo'");
    }
}
