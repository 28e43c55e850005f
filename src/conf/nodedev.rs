//! Host device definitions (`<device>` of libvirt's node device driver), as libvirt 9.0's
//! `node_device_conf.c` parses and prints the parts its test driver uses: the `system`
//! capability and SCSI hosts with their `fc_host` and `vport_ops` sub-capabilities.
//! Other capability types are checked for their first required field and kept verbatim.
//!
//! A definition is parsed either as an existing device (node files: the name and the
//! SCSI host number are required) or as a device to create (`virNodeDeviceCreateXML`:
//! the name is always "new device", host numbers are ignored, `<parent>` may also be
//! given as the parent's WWNs or fabric WWN).

#![forbid(unsafe_code)]

use crate::conf::units::{parse_int, parse_uint};
use crate::conf::uuid::Uuid;
use crate::conf::xml::{self, Buf, XmlElement};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_NODEDEV;

/// libvirt's capability type names (`virNodeDevCapType`), in flag order: the bit of
/// `VIR_CONNECT_LIST_NODE_DEVICES_CAP_*` is `1 << index`.
pub const CAP_TYPES: &[&str] = &[
    "system", "pci", "usb_device", "usb", "net", "scsi_host", "scsi_target", "scsi", "storage", "fc_host", "vports",
    "scsi_generic", "drm", "mdev_types", "mdev", "ccw", "css", "vdpa", "ap_card", "ap_queue", "ap_matrix", "vpd",
];

/// Whether the definition is of a device that exists or one to create.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseMode {
    Existing,
    Create,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SystemCap {
    pub product: Option<String>,
    pub hw_vendor: Option<String>,
    pub hw_version: Option<String>,
    pub hw_serial: Option<String>,
    pub uuid: Uuid,
    pub fw_vendor: Option<String>,
    pub fw_version: Option<String>,
    pub fw_release_date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FcHost {
    pub wwnn: String,
    pub wwpn: String,
    pub fabric_wwn: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScsiHostCap {
    pub host: u32,
    /// -1 when unknown.
    pub unique_id: i32,
    pub fc: Option<FcHost>,
    /// `<capability type='vport_ops'>`: the host can create vHBAs. Its counters are not
    /// read from the XML (libvirt fills them from sysfs), so they print as 0.
    pub vports: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Capability {
    System(SystemCap),
    ScsiHost(ScsiHostCap),
    /// Another type, kept verbatim.
    Other(String, XmlElement),
}

impl Capability {
    pub fn type_name(&self) -> &str {
        match self {
            Capability::System(_) => "system",
            Capability::ScsiHost(_) => "scsi_host",
            Capability::Other(t, _) => t,
        }
    }

    /// `virNodeDeviceObjHasCapStr`: the capability's own type, and for SCSI hosts the
    /// `fc_host` and `vports` they carry.
    pub fn matches(&self, cap: &str) -> bool {
        if self.type_name() == cap {
            return true;
        }
        match self {
            Capability::ScsiHost(s) => (cap == "fc_host" && s.fc.is_some()) || (cap == "vports" && s.vports),
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDeviceDef {
    pub name: String,
    pub parent: Option<String>,
    pub parent_wwnn: Option<String>,
    pub parent_wwpn: Option<String>,
    pub parent_fabric_wwn: Option<String>,
    pub caps: Vec<Capability>,
}

fn internal(msg: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, msg)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// `string(./a/b)` relative to `node`: the text of the first `a`'s first `b`.
fn path_text(node: roxmltree::Node, path: &[&str]) -> Option<String> {
    let mut n = node;
    for p in path {
        n = xml::child(n, p)?;
    }
    non_empty(Some(xml::text_of(n)))
}

impl NodeDeviceDef {
    /// Parses a device document (`virNodeDeviceDefParse`).
    pub fn parse(text: &str, mode: ParseMode) -> Result<NodeDeviceDef> {
        let doc = xml::parse_document(text, "(node_device_definition)", FROM)?;
        xml::check_root(&doc, "device")?;
        Self::parse_node(doc.root_element(), mode)
    }

    /// Parses a `<device>` element of a node description file.
    pub fn from_element(el: &XmlElement) -> Result<NodeDeviceDef> {
        Self::parse(&el.format_libxml2(0), ParseMode::Existing)
    }

    fn parse_node(node: roxmltree::Node, mode: ParseMode) -> Result<NodeDeviceDef> {
        let name = match mode {
            ParseMode::Existing => path_text(node, &["name"]).ok_or_else(|| Error::new(FROM, Code::VIR_ERR_NO_NAME, ""))?,
            ParseMode::Create => "new device".to_string(),
        };
        let parent_el = xml::child(node, "parent");
        let parent = path_text(node, &["parent"]);
        let pattr = |a: &str| non_empty(parent_el.and_then(|p| xml::attr(p, a)).map(str::to_string));
        let (parent_wwnn, parent_wwpn) = (pattr("wwnn"), pattr("wwpn"));
        match (&parent_wwnn, &parent_wwpn) {
            (Some(n), None) => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_XML_ERROR,
                    format!("when providing parent wwnn='{n}', the wwpn must also be provided"),
                ))
            }
            (None, Some(p)) => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_XML_ERROR,
                    format!("when providing parent wwpn='{p}', the wwnn must also be provided"),
                ))
            }
            _ => {}
        }
        let parent_fabric_wwn = pattr("fabric_wwn");
        let cap_nodes: Vec<_> = xml::children(node, "capability").collect();
        if cap_nodes.is_empty() {
            return Err(internal(format!("no device capabilities for '{name}'")));
        }
        let caps = cap_nodes.into_iter().map(|c| parse_cap(c, &name, mode)).collect::<Result<Vec<_>>>()?;
        Ok(NodeDeviceDef { name, parent, parent_wwnn, parent_wwpn, parent_fabric_wwn, caps })
    }

    /// `virNodeDeviceGetWWNs`: the WWNs of the first SCSI host that is an FC host.
    pub fn wwns(&self) -> Result<(String, String)> {
        self.fc_host().map(|f| (f.wwnn.clone(), f.wwpn.clone())).ok_or_else(|| internal("Device is not a fibre channel HBA"))
    }

    pub fn fc_host(&self) -> Option<&FcHost> {
        self.caps.iter().find_map(|c| match c {
            Capability::ScsiHost(s) => s.fc.as_ref(),
            _ => None,
        })
    }

    /// True when a SCSI host capability can create vports.
    pub fn vport_capable(&self) -> bool {
        self.caps.iter().any(|c| matches!(c, Capability::ScsiHost(s) if s.vports))
    }

    pub fn has_cap(&self, cap: &str) -> bool {
        self.caps.iter().any(|c| c.matches(cap))
    }

    /// The document as `virNodeDeviceDefFormat` prints it.
    pub fn format(&self) -> String {
        let mut b = Buf::new();
        b.open("device", &[]);
        b.text_element("name", &[], &self.name);
        if let Some(p) = &self.parent {
            b.text_element("parent", &[], p);
        }
        for c in &self.caps {
            match c {
                Capability::System(s) => {
                    b.open("capability", &[("type", Some("system".into()))]);
                    opt_text(&mut b, "product", &s.product);
                    b.open("hardware", &[]);
                    opt_text(&mut b, "vendor", &s.hw_vendor);
                    opt_text(&mut b, "version", &s.hw_version);
                    opt_text(&mut b, "serial", &s.hw_serial);
                    b.text_element("uuid", &[], &s.uuid.to_string_dashed());
                    b.close("hardware");
                    if s.fw_vendor.is_some() || s.fw_version.is_some() || s.fw_release_date.is_some() {
                        b.open("firmware", &[]);
                        opt_text(&mut b, "vendor", &s.fw_vendor);
                        opt_text(&mut b, "version", &s.fw_version);
                        opt_text(&mut b, "release_date", &s.fw_release_date);
                        b.close("firmware");
                    }
                    b.close("capability");
                }
                Capability::ScsiHost(s) => {
                    b.open("capability", &[("type", Some("scsi_host".into()))]);
                    b.text_element("host", &[], &s.host.to_string());
                    if s.unique_id != -1 {
                        b.text_element("unique_id", &[], &s.unique_id.to_string());
                    }
                    if let Some(f) = &s.fc {
                        b.open("capability", &[("type", Some("fc_host".into()))]);
                        b.text_element("wwnn", &[], &f.wwnn);
                        b.text_element("wwpn", &[], &f.wwpn);
                        opt_text(&mut b, "fabric_wwn", &f.fabric_wwn);
                        b.close("capability");
                    }
                    if s.vports {
                        b.open("capability", &[("type", Some("vport_ops".into()))]);
                        b.text_element("max_vports", &[], "0");
                        b.text_element("vports", &[], "0");
                        b.close("capability");
                    }
                    b.close("capability");
                }
                Capability::Other(_, el) => b.raw_element(el),
            }
        }
        b.close("device");
        b.into_string()
    }
}

fn opt_text(b: &mut Buf, name: &str, v: &Option<String>) {
    if let Some(v) = v {
        b.text_element(name, &[], v);
    }
}

fn parse_cap(node: roxmltree::Node, dev: &str, mode: ParseMode) -> Result<Capability> {
    let t = match xml::attr(node, "type") {
        None => {
            return Err(Error::new(
                Domain::VIR_FROM_XML,
                Code::VIR_ERR_XML_ERROR,
                "Missing required attribute 'type' in element 'capability'",
            ))
        }
        Some(t) if CAP_TYPES.contains(&t) => t,
        Some(t) => {
            return Err(Error::new(
                Domain::VIR_FROM_XML,
                Code::VIR_ERR_XML_ERROR,
                format!("Invalid value for attribute 'type' in element 'capability': '{t}'."),
            ))
        }
    };
    match t {
        "system" => parse_system(node, dev).map(Capability::System),
        "scsi_host" => parse_scsi_host(node, dev, mode).map(Capability::ScsiHost),
        other => {
            // The first field libvirt requires of the common types.
            let first_required = match other {
                "pci" => Some((Code::VIR_ERR_INTERNAL_ERROR, "no PCI domain ID supplied for '{}'")),
                "usb_device" => Some((Code::VIR_ERR_INTERNAL_ERROR, "no USB bus number supplied for '{}'")),
                "net" => Some((Code::VIR_ERR_INTERNAL_ERROR, "no network interface supplied for '{}'")),
                "storage" => Some((Code::VIR_ERR_INTERNAL_ERROR, "no block device path supplied for '{}'")),
                "scsi" => Some((Code::VIR_ERR_INTERNAL_ERROR, "no SCSI host ID supplied for '{}'")),
                "mdev" => Some((Code::VIR_ERR_CONFIG_UNSUPPORTED, "missing type id attribute for '{}'")),
                "drm" => Some((Code::VIR_ERR_CONFIG_UNSUPPORTED, "unknown drm type '(null)' for '{}'")),
                _ => None,
            };
            let empty = xml::element_children(node).next().is_none() && node.attributes().len() <= 1;
            if let (true, Some((code, msg))) = (empty, first_required) {
                return Err(Error::new(FROM, code, msg.replace("{}", dev)));
            }
            let mut el = XmlElement::from_node(node);
            el.strip_blank_text();
            Ok(Capability::Other(other.to_string(), el))
        }
    }
}

fn parse_system(node: roxmltree::Node, dev: &str) -> Result<SystemCap> {
    let uuid_text = path_text(node, &["hardware", "uuid"]).ok_or_else(|| internal(format!("no system UUID supplied for '{dev}'")))?;
    let uuid = Uuid::parse(&uuid_text).ok_or_else(|| internal(format!("malformed uuid element for '{dev}'")))?;
    Ok(SystemCap {
        product: path_text(node, &["product"]),
        hw_vendor: path_text(node, &["hardware", "vendor"]),
        hw_version: path_text(node, &["hardware", "version"]),
        hw_serial: path_text(node, &["hardware", "serial"]),
        uuid,
        fw_vendor: path_text(node, &["firmware", "vendor"]),
        fw_version: path_text(node, &["firmware", "version"]),
        fw_release_date: path_text(node, &["firmware", "release_date"]),
    })
}

fn parse_scsi_host(node: roxmltree::Node, dev: &str, mode: ParseMode) -> Result<ScsiHostCap> {
    let mut cap = ScsiHostCap { host: 0, unique_id: -1, fc: None, vports: false };
    if mode == ParseMode::Existing {
        let host = path_text(node, &["host"]).ok_or_else(|| internal(format!("no SCSI host ID supplied for '{dev}'")))?;
        cap.host = parse_uint(&host).ok_or_else(|| internal(format!("invalid SCSI host ID supplied for '{dev}'")))?;
        if let Some(u) = path_text(node, &["unique_id"]) {
            cap.unique_id = parse_int(&u).ok_or_else(|| internal(format!("invalid unique_id supplied for '{dev}'")))?;
        }
    }
    for sub in xml::children(node, "capability") {
        match xml::attr(sub, "type") {
            None => return Err(internal(format!("missing SCSI host capability type for '{dev}'"))),
            Some("vport_ops") => cap.vports = true,
            Some("fc_host") => {
                // Without a WWN libvirt would generate one, which fails for the test driver.
                let wwnn = path_text(sub, &["wwnn"])
                    .ok_or_else(|| internal(format!("no WWNN supplied for '{dev}', and auto-generation failed")))?;
                let wwpn = path_text(sub, &["wwpn"])
                    .ok_or_else(|| internal(format!("no WWPN supplied for '{dev}', and auto-generation failed")))?;
                cap.fc = Some(FcHost { wwnn, wwpn, fabric_wwn: path_text(sub, &["fabric_wwn"]) });
            }
            Some(other) => return Err(internal(format!("unknown SCSI host capability type '{other}' for '{dev}'"))),
        }
    }
    Ok(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCSI_HOST1: &str = "<device>\n  <name>scsi_host1</name>\n  <parent>computer</parent>\n  \
        <capability type='scsi_host'>\n    <host>1</host>\n    <unique_id>0</unique_id>\n    \
        <capability type='fc_host'>\n      <wwnn>2000000012341234</wwnn>\n      <wwpn>1000000012341234</wwpn>\n      \
        <fabric_wwn>2000000043214321</fabric_wwn>\n    </capability>\n    <capability type='vport_ops'>\n      \
        <max_vports>0</max_vports>\n      <vports>0</vports>\n    </capability>\n  </capability>\n</device>\n";

    #[test]
    fn scsi_host_round_trips() {
        let d = NodeDeviceDef::parse(SCSI_HOST1, ParseMode::Existing).unwrap();
        assert_eq!(d.format(), SCSI_HOST1);
        assert!(d.has_cap("fc_host") && d.has_cap("vports") && d.has_cap("scsi_host") && !d.has_cap("system"));
        assert_eq!(d.wwns().unwrap(), ("2000000012341234".to_string(), "1000000012341234".to_string()));
    }

    #[test]
    fn system_round_trips() {
        let x = "<device>\n  <name>computer</name>\n  <capability type='system'>\n    <hardware>\n      \
            <vendor>Libvirt</vendor>\n      <version>Test driver</version>\n      <serial>123456</serial>\n      \
            <uuid>11111111-2222-3333-4444-555555555555</uuid>\n    </hardware>\n    <firmware>\n      \
            <vendor>Libvirt</vendor>\n      <version>Test Driver</version>\n      <release_date>01/22/2007</release_date>\n    \
            </firmware>\n  </capability>\n</device>\n";
        let d = NodeDeviceDef::parse(x, ParseMode::Existing).unwrap();
        assert_eq!(d.format(), x);
        assert_eq!(d.wwns().unwrap_err().message, "internal error: Device is not a fibre channel HBA");
    }

    #[test]
    fn create_errors() {
        let fc = "<capability type='fc_host'><wwnn>1</wwnn><wwpn>2</wwpn></capability>";
        let cases: Vec<(String, &str)> = vec![
            ("<device/>".into(), "internal error: no device capabilities for 'new device'"),
            (format!("<device><parent wwnn='1'/><capability type='scsi_host'>{fc}</capability></device>"),
             "XML error: when providing parent wwnn='1', the wwpn must also be provided"),
            ("<device><capability type='scsi_host'><capability type='fc_host'><wwpn>1</wwpn></capability></capability></device>".into(),
             "internal error: no WWNN supplied for 'new device', and auto-generation failed"),
            ("<device><capability type='scsi_host'><capability/></capability></device>".into(),
             "internal error: missing SCSI host capability type for 'new device'"),
            ("<device><capability type='bogus'/></device>".into(),
             "XML error: Invalid value for attribute 'type' in element 'capability': 'bogus'."),
            ("<device><capability type='system'/></device>".into(), "internal error: no system UUID supplied for 'new device'"),
            ("<device><capability type='mdev'/></device>".into(),
             "unsupported configuration: missing type id attribute for 'new device'"),
        ];
        for (x, msg) in cases {
            assert_eq!(NodeDeviceDef::parse(&x, ParseMode::Create).unwrap_err().message, msg, "{x}");
        }
        let d = NodeDeviceDef::parse(&format!("<device><capability type='scsi_host'><host>x</host>{fc}</capability></device>"), ParseMode::Create)
            .unwrap();
        assert_eq!(d.name, "new device");
        assert_eq!(d.wwns().unwrap(), ("1".to_string(), "2".to_string()));
    }
}
