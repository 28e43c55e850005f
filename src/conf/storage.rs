//! Storage pools (`<pool>`) and volumes (`<volume>`): parsing with libvirt 9.0's rules
//! and errors, and formatting byte for byte as `virStoragePoolDefFormat` and
//! `virStorageVolDefFormat` print them.
//!
//! What each pool type requires and prints (`<host>`, `<device>`, `<dir>`, `<adapter>`,
//! `<name>`, `<initiator>`, `<format>`) follows libvirt's per-type table, [`PoolType::source_parts`].
//! Parsing is pure: sizes, keys and paths a driver computes are filled in by the driver.
//! Not modelled (dropped when read): `<auth>`, encryption, device part separators and
//! free extents, adapter parent addresses.

#![forbid(unsafe_code)]

use roxmltree::Node;

use super::units::{parse_int, parse_ull, scale_integer};
use super::uuid::Uuid;
use super::xml::{attr, child, children, parse_document, text_of, Buf};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_STORAGE;

fn xml_error(detail: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_ERROR, detail)
}

fn unsupported_config(detail: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, detail)
}

/// `virStoragePoolType`, in libvirt's order (its index is the enum's value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolType {
    Dir,
    Fs,
    Netfs,
    Logical,
    Disk,
    Iscsi,
    IscsiDirect,
    Scsi,
    Mpath,
    Rbd,
    Sheepdog,
    Gluster,
    Zfs,
    Vstorage,
}

const POOL_TYPES: [(PoolType, &str); 14] = [
    (PoolType::Dir, "dir"),
    (PoolType::Fs, "fs"),
    (PoolType::Netfs, "netfs"),
    (PoolType::Logical, "logical"),
    (PoolType::Disk, "disk"),
    (PoolType::Iscsi, "iscsi"),
    (PoolType::IscsiDirect, "iscsi-direct"),
    (PoolType::Scsi, "scsi"),
    (PoolType::Mpath, "mpath"),
    (PoolType::Rbd, "rbd"),
    (PoolType::Sheepdog, "sheepdog"),
    (PoolType::Gluster, "gluster"),
    (PoolType::Zfs, "zfs"),
    (PoolType::Vstorage, "vstorage"),
];

// Which source parts a pool type requires and prints.
const SRC_HOST: u32 = 1 << 0;
const SRC_DEVICE: u32 = 1 << 1;
const SRC_DIR: u32 = 1 << 2;
const SRC_ADAPTER: u32 = 1 << 3;
const SRC_NAME: u32 = 1 << 4;
const SRC_INITIATOR_IQN: u32 = 1 << 5;
const SRC_NETWORK: u32 = 1 << 6;

const FS_FORMATS: &[&str] =
    &["auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat", "hfs+", "xfs", "ocfs2", "vmfs"];
const NETFS_FORMATS: &[&str] = &["auto", "nfs", "glusterfs", "cifs"];
const DISK_FORMATS: &[&str] = &["unknown", "dos", "dvh", "gpt", "mac", "bsd", "pc98", "sun", "lvm2"];
const LOGICAL_FORMATS: &[&str] = &["unknown", "lvm2"];

/// `virStorageFileFormat` (volume formats of file-based pools); "none" is not accepted.
const FILE_FORMATS: &[&str] = &[
    "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2",
    "qed", "vmdk",
];
const FILE_FORMAT_RAW: usize = 1;

/// The name of file format `index` (`virStorageFileFormat`: 1 is raw, 14 is qcow2).
pub fn file_format_name(index: usize) -> Option<&'static str> {
    FILE_FORMATS.get(index).copied()
}

/// The index of a file format's name (`"qcow2"` is 14).
pub fn file_format_index(name: &str) -> Option<usize> {
    FILE_FORMATS.iter().position(|n| *n == name)
}
/// `virStorageVolFormatDisk` (partitions of a disk pool).
const DISK_VOL_FORMATS: &[&str] =
    &["none", "linux", "fat16", "fat32", "linux-swap", "linux-lvm", "linux-raid", "extended"];

/// `virStorageVolType`.
const VOL_TYPES: &[&str] = &["file", "block", "dir", "network", "netdir", "ploop"];
pub const VOL_FILE: i32 = 0;
pub const VOL_BLOCK: i32 = 1;
pub const VOL_NETWORK: i32 = 3;

/// `virStorageFileFeature`
const FILE_FEATURES: &[&str] = &["lazy_refcounts", "extended_l2"];

impl PoolType {
    pub fn from_name(name: &str) -> Option<PoolType> {
        POOL_TYPES.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
    }

    pub fn name(self) -> &'static str {
        POOL_TYPES[self.index()].1
    }

    /// The enum's value (`VIR_STORAGE_POOL_DIR` = 0, ...).
    pub fn index(self) -> usize {
        POOL_TYPES.iter().position(|(t, _)| *t == self).unwrap_or(0)
    }

    fn source_parts(self) -> u32 {
        match self {
            PoolType::Logical => SRC_NAME | SRC_DEVICE,
            PoolType::Dir | PoolType::Mpath => 0,
            PoolType::Fs | PoolType::Disk => SRC_DEVICE,
            PoolType::Netfs => SRC_HOST | SRC_DIR,
            PoolType::Iscsi => SRC_HOST | SRC_DEVICE | SRC_INITIATOR_IQN,
            PoolType::IscsiDirect => SRC_HOST | SRC_DEVICE | SRC_NETWORK | SRC_INITIATOR_IQN,
            PoolType::Scsi => SRC_ADAPTER,
            PoolType::Rbd | PoolType::Sheepdog => SRC_HOST | SRC_NETWORK | SRC_NAME,
            PoolType::Gluster => SRC_HOST | SRC_NETWORK | SRC_NAME | SRC_DIR,
            PoolType::Zfs => SRC_NAME | SRC_DEVICE,
            PoolType::Vstorage => SRC_NAME,
        }
    }

    /// The pool's source formats and the default one, for types that have them.
    fn source_formats(self) -> Option<(&'static [&'static str], usize)> {
        match self {
            PoolType::Logical => Some((LOGICAL_FORMATS, 1)),
            PoolType::Fs => Some((FS_FORMATS, 0)),
            PoolType::Netfs => Some((NETFS_FORMATS, 0)),
            PoolType::Disk => Some((DISK_FORMATS, 0)),
            _ => None,
        }
    }

    /// The volume formats of this type's pools and the default one.
    fn volume_formats(self) -> Option<(&'static [&'static str], usize)> {
        match self {
            PoolType::Dir | PoolType::Fs | PoolType::Netfs | PoolType::Gluster | PoolType::Vstorage | PoolType::Rbd => {
                Some((FILE_FORMATS, FILE_FORMAT_RAW))
            }
            PoolType::Disk => Some((DISK_VOL_FORMATS, 0)),
            _ => None,
        }
    }

    /// Whether its pools have a `<target>` (network pools do not).
    fn has_target(self) -> bool {
        !matches!(self, PoolType::Rbd | PoolType::Sheepdog | PoolType::Gluster | PoolType::IscsiDirect)
    }

    /// The type of the volumes of this type's pools, as libvirt's test driver reports it
    /// (`virStorageVolType`).
    pub fn volume_type(self) -> i32 {
        match self {
            PoolType::Dir | PoolType::Fs | PoolType::Netfs | PoolType::Vstorage => VOL_FILE,
            PoolType::Sheepdog | PoolType::IscsiDirect | PoolType::Gluster | PoolType::Rbd => VOL_NETWORK,
            _ => VOL_BLOCK,
        }
    }
}

/// Permissions of a pool's or volume's target; `None` is "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Perms {
    pub mode: Option<u32>,
    pub owner: Option<u32>,
    pub group: Option<u32>,
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    /// 0 when not given.
    pub port: i32,
}

/// `<adapter>` of a scsi pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Adapter {
    ScsiHost { name: String },
    FcHost { parent: Option<String>, managed: Option<bool>, wwnn: String, wwpn: String },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolSource {
    pub hosts: Vec<Host>,
    pub devices: Vec<String>,
    pub dir: Option<String>,
    pub adapter: Option<Adapter>,
    pub name: Option<String>,
    pub initiator_iqn: Option<String>,
    /// Index into the type's source formats.
    pub format: Option<usize>,
    pub protocol_ver: Option<u32>,
    pub vendor: Option<String>,
    pub product: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolDef {
    pub pool_type: PoolType,
    pub name: String,
    pub uuid: Uuid,
    pub capacity: u64,
    pub allocation: u64,
    pub available: u64,
    /// `<features><cow state=.../>`
    pub cow: Option<bool>,
    pub source: PoolSource,
    pub target_path: Option<String>,
    pub perms: Perms,
    /// `<refresh><volume allocation=.../>`: "default" or "capacity".
    pub refresh_allocation: Option<&'static str>,
}

/// libvirt's `virFileSanitizePath`: duplicate and trailing slashes go, except that a
/// path starting with exactly two slashes keeps them.
pub fn sanitize_path(path: &str) -> String {
    let keep_double = path.starts_with("//") && !path.starts_with("///");
    let mut out = String::with_capacity(path.len());
    if keep_double {
        out.push('/');
    }
    for c in path.chars() {
        if c == '/' && out.ends_with('/') && out.len() > usize::from(keep_double) {
            continue;
        }
        out.push(c);
    }
    if keep_double && out.len() == 1 {
        out.push('/');
    }
    while out.len() > 1 && out.ends_with('/') && !(keep_double && out.len() == 2) {
        out.pop();
    }
    out
}

/// `virXPathString`: the text of `./name`, `None` when missing or empty.
fn xpath_string(node: Node, name: &str) -> Option<String> {
    child(node, name).map(text_of).filter(|s| !s.is_empty())
}

/// The attribute `a` of the first child `name`, `None` when missing or empty (XPath
/// `string(./name/@a)`).
fn xpath_attr(node: Node, name: &str, a: &str) -> Option<String> {
    child(node, name).and_then(|n| attr(n, a)).filter(|s| !s.is_empty()).map(str::to_string)
}

/// XPath `number()` of an element's text as libvirt reads owners and groups: a decimal,
/// optionally signed, surrounded by whitespace.
fn xpath_number(text: &str) -> Option<i64> {
    let t = text.trim_matches([' ', '\t', '\n', '\r']);
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    if v.fract() != 0.0 || v.abs() > 9.0e18 {
        return None;
    }
    Some(v as i64)
}

fn parse_perms(node: Option<Node>) -> Result<Perms> {
    let Some(node) = node else { return Ok(Perms::default()) };
    let mode = match xpath_string(node, "mode") {
        None => None,
        Some(m) => {
            let t = m.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
            let (neg, digits) = match t.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, t.strip_prefix('+').unwrap_or(t)),
            };
            let v = if !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                i64::from_str_radix(digits, 8).ok().filter(|v| *v <= i64::from(i32::MAX))
            } else {
                None
            };
            match v {
                Some(v) if !neg && v & !0o777 == 0 => Some(v as u32),
                Some(0) => Some(0),
                _ => return Err(xml_error("malformed octal mode")),
            }
        }
    };
    let id = |what: &str| -> Result<Option<u32>> {
        let Some(n) = child(node, what) else { return Ok(None) };
        match xpath_number(&text_of(n)) {
            Some(-1) => Ok(None),
            Some(v) if (0..=i64::from(u32::MAX)).contains(&v) => Ok(Some(v as u32)),
            _ => Err(xml_error(format!("malformed {what} element"))),
        }
    };
    Ok(Perms { mode, owner: id("owner")?, group: id("group")?, label: xpath_string(node, "label") })
}

fn format_perms(buf: &mut Buf, p: &Perms) {
    if p.mode.is_none() && p.owner.is_none() && p.group.is_none() && p.label.is_none() {
        return;
    }
    buf.open("permissions", &[]);
    if let Some(m) = p.mode {
        buf.line(&format!("<mode>0{m:o}</mode>"));
    }
    if let Some(o) = p.owner {
        buf.line(&format!("<owner>{}</owner>", o as i32));
    }
    if let Some(g) = p.group {
        buf.line(&format!("<group>{}</group>", g as i32));
    }
    if let Some(l) = &p.label {
        buf.text_element("label", &[], l);
    }
    buf.close("permissions");
}

fn parse_adapter(node: Node) -> Result<Adapter> {
    let kind = attr(node, "type");
    let name = attr(node, "name").map(str::to_string);
    match kind {
        Some("fc_host") => {
            let wwnn = attr(node, "wwnn").map(str::to_string);
            let wwpn = attr(node, "wwpn").map(str::to_string);
            let managed = match attr(node, "managed") {
                None => None,
                Some("yes") => Some(true),
                Some("no") => Some(false),
                Some(v) => {
                    return Err(Error::new(
                        Domain::VIR_FROM_XML,
                        Code::VIR_ERR_XML_ERROR,
                        format!("Invalid value for attribute 'managed' in element 'adapter': '{v}'."),
                    ))
                }
            };
            match (wwnn, wwpn) {
                (Some(wwnn), Some(wwpn)) => {
                    Ok(Adapter::FcHost { parent: attr(node, "parent").map(str::to_string), managed, wwnn, wwpn })
                }
                _ => Err(xml_error("'wwnn' and 'wwpn' must be specified for adapter type 'fchost'")),
            }
        }
        Some("scsi_host") | None => match name {
            Some(name) => Ok(Adapter::ScsiHost { name }),
            None => Err(xml_error("Either 'name' or 'parent' must be specified for the 'scsi_host' adapter")),
        },
        Some(other) => Err(unsupported_config(format!("Unknown pool adapter type '{other}'"))),
    }
}

fn parse_source(node: Node, pool_type: PoolType) -> Result<PoolSource> {
    let mut src = PoolSource { name: xpath_string(node, "name"), ..PoolSource::default() };
    if pool_type == PoolType::Rbd && src.name.is_none() {
        return Err(xml_error("element 'name' is mandatory for RBD pool"));
    }
    if let Some((formats, default)) = pool_type.source_formats() {
        src.format = Some(match xpath_attr(node, "format", "type") {
            None => default,
            Some(f) => formats
                .iter()
                .position(|n| *n == f)
                .ok_or_else(|| unsupported_config(format!("unknown pool format type {f}")))?,
        });
    }
    for h in children(node, "host") {
        let name = attr(h, "name").ok_or_else(|| xml_error("missing storage pool host name"))?.to_string();
        let port = match attr(h, "port") {
            None => 0,
            Some(p) => parse_int(p).ok_or_else(|| {
                Error::new(
                    Domain::VIR_FROM_XML,
                    Code::VIR_ERR_XML_ERROR,
                    format!("Invalid value for attribute 'port' in element 'host': '{p}'. Expected integer value"),
                )
            })?,
        };
        src.hosts.push(Host { name, port });
    }
    if let Some(iqn) = child(node, "initiator").and_then(|i| child(i, "iqn")).and_then(|n| attr(n, "name")) {
        src.initiator_iqn = Some(iqn.to_string());
    }
    for d in children(node, "device") {
        let path = attr(d, "path").ok_or_else(|| xml_error("missing storage pool source device path"))?;
        src.devices.push(path.to_string());
    }
    src.dir = xpath_attr(node, "dir", "path").map(|d| sanitize_path(&d));
    if src.dir.is_none() && pool_type == PoolType::Gluster {
        src.dir = Some("/".into());
    }
    if let Some(a) = child(node, "adapter") {
        src.adapter = Some(parse_adapter(a)?);
    }
    if let Some(ver) = xpath_attr(node, "protocol", "ver") {
        // Only netfs' formats "auto" (0) and "nfs" (1) take a protocol version.
        if !(pool_type == PoolType::Netfs && matches!(src.format, Some(0) | Some(1))) {
            let name = match (pool_type, src.format) {
                (PoolType::Netfs, Some(f)) => NETFS_FORMATS.get(f).copied().unwrap_or("(null)"),
                (_, f) => NETFS_FORMATS.get(f.unwrap_or(0)).copied().unwrap_or("(null)"),
            };
            return Err(unsupported_config(format!("storage pool protocol ver unsupported for pool type '{name}'")));
        }
        src.protocol_ver = Some(
            parse_ull(&ver)
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| xml_error(format!("storage pool protocol ver '{ver}' is malformed")))?,
        );
    }
    src.vendor = xpath_attr(node, "vendor", "name");
    src.product = xpath_attr(node, "product", "name");
    Ok(src)
}

/// The `<source>` of `virConnectFindStoragePoolSources`' `srcSpec` (root `<source>`).
pub fn parse_source_spec(xml: &str, pool_type: PoolType) -> Result<PoolSource> {
    let doc = parse_document(xml, "(storage_source_specification)", FROM)?;
    super::xml::check_root(&doc, "source")?;
    parse_source(doc.root_element(), pool_type)
}

impl PoolDef {
    /// Parses a `<pool>` document (`virStoragePoolDefParseString`).
    pub fn parse(xml: &str) -> Result<PoolDef> {
        let doc = parse_document(xml, "(storage_pool_definition)", FROM)?;
        super::xml::check_root(&doc, "pool")?;
        PoolDef::from_node(doc.root_element())
    }

    /// Parses a `<pool>` element (also one inside a node description file).
    pub fn from_node(root: Node) -> Result<PoolDef> {
        let pool_type = match attr(root, "type") {
            None => {
                return Err(Error::new(
                    Domain::VIR_FROM_XML,
                    Code::VIR_ERR_XML_ERROR,
                    "Missing required attribute 'type' in element 'pool'",
                ))
            }
            Some(t) => PoolType::from_name(t).ok_or_else(|| {
                Error::new(
                    Domain::VIR_FROM_XML,
                    Code::VIR_ERR_XML_ERROR,
                    format!("Invalid value for attribute 'type' in element 'pool': '{t}'."),
                )
            })?,
        };
        let parts = pool_type.source_parts();
        let mut source = match child(root, "source") {
            Some(s) => parse_source(s, pool_type)?,
            None => PoolSource { format: pool_type.source_formats().map(|(_, d)| d), ..PoolSource::default() },
        };
        let mut name = xpath_string(root, "name");
        if name.is_none() && parts & SRC_NAME != 0 {
            name = source.name.clone();
        }
        let name = name.ok_or_else(|| xml_error("missing pool source name element"))?;
        if name.contains('/') {
            return Err(xml_error(format!("name {name} cannot contain '/'")));
        }
        let uuid = match xpath_string(root, "uuid") {
            None => Uuid::generate(),
            Some(u) => Uuid::parse(&u).ok_or_else(|| xml_error("malformed uuid element"))?,
        };
        let cow = match child(root, "features").and_then(|f| child(f, "cow")).and_then(|c| attr(c, "state")) {
            None => None,
            Some(state) => {
                let v = match state {
                    "yes" => true,
                    "no" => false,
                    _ => {
                        return Err(Error::new(
                            Domain::VIR_FROM_XML,
                            Code::VIR_ERR_XML_ERROR,
                            format!("Invalid value for attribute 'state' in element 'cow': '{state}'."),
                        ))
                    }
                };
                if !matches!(pool_type, PoolType::Fs | PoolType::Dir) {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_NO_SUPPORT,
                        "cow feature may only be used for 'fs' and 'dir' pools",
                    ));
                }
                Some(v)
            }
        };
        if parts & SRC_HOST != 0 && source.hosts.is_empty() {
            return Err(xml_error("missing storage pool source host name"));
        }
        if parts & SRC_DIR != 0 && source.dir.is_none() {
            return Err(xml_error("missing storage pool source path"));
        }
        if parts & SRC_NAME != 0 && source.name.is_none() {
            source.name = Some(name.clone());
        }
        if parts & SRC_ADAPTER != 0 && source.adapter.is_none() {
            return Err(xml_error("missing storage pool source adapter"));
        }
        if parts == SRC_DEVICE && source.devices.is_empty() {
            return Err(xml_error("missing storage pool source device name"));
        }
        let mut target_path = None;
        let mut perms = Perms::default();
        if parts & SRC_NETWORK == 0 {
            let path = match pool_type {
                PoolType::Logical => format!("/dev/{}", source.name.as_deref().unwrap_or("(null)")),
                PoolType::Zfs => format!("/dev/zvol/{}", source.name.as_deref().unwrap_or("(null)")),
                _ => child(root, "target")
                    .and_then(|t| xpath_string(t, "path"))
                    .ok_or_else(|| xml_error("missing storage pool target path"))?,
            };
            target_path = Some(sanitize_path(&path));
            perms = parse_perms(child(root, "target").and_then(|t| child(t, "permissions")))?;
        }
        if pool_type == PoolType::IscsiDirect && source.initiator_iqn.is_none() {
            return Err(unsupported_config("missing initiator IQN"));
        }
        let refresh_allocation = match child(root, "refresh").and_then(|r| child(r, "volume")).and_then(|v| attr(v, "allocation")) {
            None | Some("") => None,
            Some("default") => Some("default"),
            Some("capacity") => Some("capacity"),
            Some(other) => {
                return Err(unsupported_config(format!("unknown storage pool volume refresh allocation type {other}")))
            }
        };
        Ok(PoolDef {
            pool_type,
            name,
            uuid,
            capacity: 0,
            allocation: 0,
            available: 0,
            cow,
            source,
            target_path,
            perms,
            refresh_allocation,
        })
    }

    /// The document `virStoragePoolGetXMLDesc` returns.
    pub fn format(&self) -> String {
        let mut buf = Buf::new();
        buf.open("pool", &[("type", Some(self.pool_type.name().to_string()))]);
        buf.text_element("name", &[], &self.name);
        buf.line(&format!("<uuid>{}</uuid>", self.uuid));
        buf.line(&format!("<capacity unit='bytes'>{}</capacity>", self.capacity));
        buf.line(&format!("<allocation unit='bytes'>{}</allocation>", self.allocation));
        buf.line(&format!("<available unit='bytes'>{}</available>", self.available));
        if let Some(cow) = self.cow {
            buf.open("features", &[]);
            buf.line(&format!("<cow state='{}'/>", if cow { "yes" } else { "no" }));
            buf.close("features");
        }
        format_source(&mut buf, self.pool_type, &self.source);
        if self.pool_type.has_target() {
            buf.open("target", &[]);
            if let Some(p) = &self.target_path {
                buf.text_element("path", &[], p);
            }
            format_perms(&mut buf, &self.perms);
            buf.close("target");
        }
        if let Some(a) = self.refresh_allocation {
            buf.open("refresh", &[]);
            buf.line(&format!("<volume allocation='{a}'/>"));
            buf.close("refresh");
        }
        buf.close("pool");
        buf.into_string()
    }
}

fn format_source(buf: &mut Buf, pool_type: PoolType, src: &PoolSource) {
    let parts = pool_type.source_parts();
    buf.open("source", &[]);
    if parts & SRC_HOST != 0 {
        for h in &src.hosts {
            let port = (h.port != 0).then(|| h.port.to_string());
            buf.empty("host", &[("name", Some(h.name.clone())), ("port", port)]);
        }
    }
    if parts & SRC_DEVICE != 0 {
        for d in &src.devices {
            buf.empty("device", &[("path", Some(d.clone()))]);
        }
    }
    if parts & SRC_DIR != 0 {
        if let Some(d) = &src.dir {
            buf.empty("dir", &[("path", Some(d.clone()))]);
        }
    }
    if parts & SRC_ADAPTER != 0 {
        match &src.adapter {
            Some(Adapter::ScsiHost { name }) => {
                buf.empty("adapter", &[("type", Some("scsi_host".into())), ("name", Some(name.clone()))]);
            }
            Some(Adapter::FcHost { parent, managed, wwnn, wwpn }) => buf.empty(
                "adapter",
                &[
                    ("type", Some("fc_host".into())),
                    ("parent", parent.clone()),
                    ("managed", managed.map(|m| if m { "yes".to_string() } else { "no".to_string() })),
                    ("wwnn", Some(wwnn.clone())),
                    ("wwpn", Some(wwpn.clone())),
                ],
            ),
            None => {}
        }
    }
    if parts & SRC_NAME != 0 {
        if let Some(n) = &src.name {
            buf.text_element("name", &[], n);
        }
    }
    if parts & SRC_INITIATOR_IQN != 0 {
        if let Some(iqn) = &src.initiator_iqn {
            buf.open("initiator", &[]);
            buf.empty("iqn", &[("name", Some(iqn.clone()))]);
            buf.close("initiator");
        }
    }
    if let (Some((formats, _)), Some(f)) = (pool_type.source_formats(), src.format) {
        buf.line(&format!("<format type='{}'/>", formats.get(f).copied().unwrap_or("unknown")));
    }
    if let Some(v) = src.protocol_ver {
        buf.line(&format!("<protocol ver='{v}'/>"));
    }
    if let Some(v) = &src.vendor {
        buf.empty("vendor", &[("name", Some(v.clone()))]);
    }
    if let Some(p) = &src.product {
        buf.empty("product", &[("name", Some(p.clone()))]);
    }
    buf.close("source");
}

/// `virStoragePoolSourceListFormat`: `<sources>` with one `<source>` each.
pub fn format_source_list(pool_type: PoolType, sources: &[PoolSource]) -> String {
    let mut buf = Buf::new();
    buf.open("sources", &[]);
    for s in sources {
        format_source(&mut buf, pool_type, s);
    }
    buf.close("sources");
    buf.into_string()
}

/// A volume's `<target>` or `<backingStore>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolTarget {
    pub path: Option<String>,
    /// Index into the pool type's volume formats.
    pub format: Option<usize>,
    pub perms: Perms,
    /// `<timestamps>` a driver fills in from the file (never parsed): access, modify and
    /// change times as (seconds, nanoseconds).
    pub timestamps: Option<[(i64, i64); 3]>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolDef {
    pub name: String,
    pub key: Option<String>,
    /// `virStorageVolType` from the `type` attribute (file when absent).
    pub vol_type: i32,
    pub capacity: u64,
    pub allocation: u64,
    /// `<physical>`: the file's size as a driver sees it (never parsed).
    pub physical: Option<u64>,
    pub target: VolTarget,
    pub compat: Option<String>,
    pub cluster_size: u64,
    /// Indexes into the file features, when `<features>` was given.
    pub features: Option<Vec<usize>>,
    pub backing: Option<VolTarget>,
}

/// libvirt's `virStorageSize`: a decimal with an optional unit, at most `LLONG_MAX` bytes.
fn storage_size(text: &str, unit: Option<&str>) -> Result<u64> {
    let v = parse_ull(text).ok_or_else(|| xml_error("malformed capacity element"))?;
    scale_integer(v, unit, 1, i64::MAX as u64)
}

fn parse_vol_format(node: Option<Node>, pool_type: PoolType) -> Result<Option<usize>> {
    let Some((formats, default)) = pool_type.volume_formats() else { return Ok(None) };
    match node.and_then(|t| xpath_attr(t, "format", "type")) {
        None => Ok(Some(default)),
        Some(f) => {
            let found = formats.iter().position(|n| *n == f);
            // File-based pools do not take "none".
            match found {
                Some(0) if std::ptr::eq(formats, FILE_FORMATS) => None,
                other => other,
            }
            .map(Some)
            .ok_or_else(|| unsupported_config(format!("unknown volume format type {f}")))
        }
    }
}

impl VolDef {
    /// Parses a `<volume>` document for a pool of `pool_type` (`virStorageVolDefParseString`).
    pub fn parse(xml: &str, pool_type: PoolType) -> Result<VolDef> {
        let doc = parse_document(xml, "(storage_volume_definition)", FROM)?;
        super::xml::check_root(&doc, "volume")?;
        VolDef::from_node(doc.root_element(), pool_type)
    }

    pub fn from_node(root: Node, pool_type: PoolType) -> Result<VolDef> {
        let name = xpath_string(root, "name").ok_or_else(|| xml_error("missing volume name element"))?;
        let key = xpath_string(root, "key");
        let vol_type = match attr(root, "type").filter(|t| !t.is_empty()) {
            None => VOL_FILE,
            Some(t) => VOL_TYPES
                .iter()
                .position(|n| *n == t)
                .map(|i| i as i32)
                .ok_or_else(|| unsupported_config(format!("unknown volume type '{t}'")))?,
        };
        let backing = match child(root, "backingStore") {
            Some(b) if xpath_string(b, "path").is_some() => Some(VolTarget {
                path: xpath_string(b, "path"),
                format: parse_vol_format(Some(b), pool_type)?,
                perms: parse_perms(child(b, "permissions"))?,
                timestamps: None,
            }),
            _ => None,
        };
        let capacity = match xpath_string(root, "capacity") {
            Some(c) => storage_size(&c, child(root, "capacity").and_then(|n| attr(n, "unit")).filter(|u| !u.is_empty()))?,
            None => return Err(xml_error("missing capacity element")),
        };
        let allocation = match xpath_string(root, "allocation") {
            Some(a) => storage_size(&a, child(root, "allocation").and_then(|n| attr(n, "unit")).filter(|u| !u.is_empty()))?,
            None => capacity,
        };
        let target_node = child(root, "target");
        let target = VolTarget {
            path: target_node.and_then(|t| xpath_string(t, "path")),
            format: parse_vol_format(target_node, pool_type)?,
            perms: parse_perms(target_node.and_then(|t| child(t, "permissions")))?,
            timestamps: None,
        };
        let mut compat = target_node.and_then(|t| xpath_string(t, "compat"));
        if let Some(c) = &compat {
            let mut it = c.splitn(2, '.');
            let ok = matches!((it.next(), it.next()), (Some(a), Some(b))
                if parse_ull(a).map_or(false, |v| v <= u64::from(u32::MAX)) && parse_ull(b).map_or(false, |v| v <= u64::from(u32::MAX)));
            if !ok {
                return Err(xml_error("forbidden characters in 'compat' attribute"));
            }
        }
        let cluster_size = match target_node.and_then(|t| child(t, "clusterSize")) {
            None => 0,
            Some(n) => {
                let text = text_of(n);
                let v = parse_ull(&text).ok_or_else(|| {
                    xml_error(format!("Invalid value '{text}' for element or attribute './target/clusterSize'"))
                })?;
                scale_integer(v, attr(n, "unit"), 1, u64::MAX)?
            }
        };
        let features = match target_node.and_then(|t| child(t, "features")) {
            None => None,
            Some(f) => {
                if compat.is_none() {
                    compat = Some("1.1".into());
                }
                let mut set = Vec::new();
                for n in f.children().filter(|n| n.is_element()) {
                    let fname = n.tag_name().name();
                    let i = FILE_FEATURES
                        .iter()
                        .position(|x| *x == fname)
                        .ok_or_else(|| unsupported_config(format!("unsupported feature {fname}")))?;
                    if !set.contains(&i) {
                        set.push(i);
                    }
                }
                set.sort_unstable();
                Some(set)
            }
        };
        Ok(VolDef { name, key, vol_type, capacity, allocation, physical: None, target, compat, cluster_size, features, backing })
    }

    /// The document `virStorageVolGetXMLDesc` returns for a volume of a `pool_type` pool.
    pub fn format(&self, pool_type: PoolType) -> String {
        let mut buf = Buf::new();
        buf.open("volume", &[("type", Some(VOL_TYPES.get(self.vol_type as usize).copied().unwrap_or("file").into()))]);
        buf.text_element("name", &[], &self.name);
        if let Some(k) = &self.key {
            buf.text_element("key", &[], k);
        }
        buf.line(&format!("<capacity unit='bytes'>{}</capacity>", self.capacity));
        buf.line(&format!("<allocation unit='bytes'>{}</allocation>", self.allocation));
        if let Some(p) = self.physical {
            buf.line(&format!("<physical unit='bytes'>{p}</physical>"));
        }
        let formats = pool_type.volume_formats();
        format_vol_target(&mut buf, "target", &self.target, formats, |buf| {
            if let Some(c) = &self.compat {
                buf.text_element("compat", &[], c);
            }
            if self.cluster_size > 0 {
                buf.line(&format!("<clusterSize unit='B'>{}</clusterSize>", self.cluster_size));
            }
            if let Some(f) = &self.features {
                if f.is_empty() {
                    buf.line("<features/>");
                } else {
                    buf.open("features", &[]);
                    for i in f {
                        buf.line(&format!("<{}/>", FILE_FEATURES[*i]));
                    }
                    buf.close("features");
                }
            }
        });
        if let Some(b) = &self.backing {
            format_vol_target(&mut buf, "backingStore", b, formats, |_| {});
        }
        buf.close("volume");
        buf.into_string()
    }
}

fn format_vol_target(
    buf: &mut Buf,
    element: &str,
    t: &VolTarget,
    formats: Option<(&'static [&'static str], usize)>,
    extra: impl FnOnce(&mut Buf),
) {
    buf.open(element, &[]);
    if let Some(p) = &t.path {
        buf.text_element("path", &[], p);
    }
    if let (Some((names, _)), Some(f)) = (formats, t.format) {
        buf.line(&format!("<format type='{}'/>", names.get(f).copied().unwrap_or("none")));
    }
    format_perms(buf, &t.perms);
    if let Some(times) = &t.timestamps {
        buf.open("timestamps", &[]);
        for (name, (sec, nsec)) in ["atime", "mtime", "ctime"].iter().zip(times) {
            if *nsec == 0 {
                buf.line(&format!("<{name}>{sec}</{name}>"));
            } else {
                buf.line(&format!("<{name}>{sec}.{nsec:09}</{name}>"));
            }
        }
        buf.line("<btime>0</btime>");
        buf.close("timestamps");
    }
    extra(buf);
    buf.close(element);
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT_POOL: &str = "<pool type='dir'>\n  <name>default-pool</name>\n  <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>\n  <capacity unit='bytes'>107374182400</capacity>\n  <allocation unit='bytes'>0</allocation>\n  <available unit='bytes'>107374182400</available>\n  <source>\n  </source>\n  <target>\n    <path>/default-pool</path>\n  </target>\n</pool>\n";

    #[test]
    fn default_pool_formats_as_libvirt() {
        let mut def = PoolDef::parse(
            "<pool type='dir'><name>default-pool</name><uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>\
             <target><path>/default-pool</path></target></pool>",
        )
        .unwrap();
        def.capacity = 107374182400;
        def.available = 107374182400;
        assert_eq!(def.format(), DEFAULT_POOL);
    }

    #[test]
    fn source_defaults_per_type() {
        let d = PoolDef::parse("<pool type='logical'><name>vg1</name></pool>").unwrap();
        assert_eq!(d.source.name.as_deref(), Some("vg1"));
        assert_eq!(d.target_path.as_deref(), Some("/dev/vg1"));
        assert!(d.format().contains("    <name>vg1</name>\n    <format type='lvm2'/>\n  </source>\n"));
        let n = PoolDef::parse(
            "<pool type='netfs'><name>n</name><source><host name='h' port='2049'/><dir path='/e//x/'/></source>\
             <target><path>/mnt/n/</path></target></pool>",
        )
        .unwrap();
        let x = n.format();
        assert!(x.contains("    <host name='h' port='2049'/>\n    <dir path='/e/x'/>\n    <format type='auto'/>\n"), "{x}");
        assert!(x.contains("<path>/mnt/n</path>"));
        let r = PoolDef::parse("<pool type='rbd'><name>p8</name><source><name>rbdpool</name><host name='1.2.3.4' port='6789'/></source></pool>").unwrap();
        let x = r.format();
        assert!(x.contains("<source>\n    <host name='1.2.3.4' port='6789'/>\n    <name>rbdpool</name>\n  </source>\n</pool>\n"), "{x}");
        let s = PoolDef::parse("<pool type='scsi'><name>s</name><source><adapter name='host0'/></source><target><path>/dev/disk/by-path</path></target></pool>").unwrap();
        assert!(s.format().contains("<adapter type='scsi_host' name='host0'/>"));
    }

    #[test]
    fn pool_errors() {
        let msg = |x: &str| PoolDef::parse(x).unwrap_err().to_string();
        assert!(msg("<pool type='dir'><target><path>/x</path></target></pool>").contains("missing pool source name element"));
        assert!(msg("<pool type='dir'><name>a/b</name><target><path>/x</path></target></pool>").contains("name a/b cannot contain '/'"));
        assert!(msg("<pool type='dir'><name>q</name></pool>").contains("missing storage pool target path"));
        assert!(msg("<pool type='dir'><name>q</name><uuid>zzz</uuid><target><path>/x</path></target></pool>").contains("malformed uuid element"));
        assert!(msg("<pool type='bogus'><name>q</name></pool>").contains("Invalid value for attribute 'type' in element 'pool': 'bogus'."));
        assert!(msg("<pool type='fs'><name>q</name><target><path>/x</path></target></pool>").contains("missing storage pool source device name"));
    }

    #[test]
    fn perms_and_paths() {
        let d = PoolDef::parse(
            "<pool type='dir'><name>p2</name><target><path>/p2/</path><permissions><mode>0755</mode><owner>107</owner>\
             <group>-1</group><label>foo</label></permissions></target></pool>",
        )
        .unwrap();
        assert!(d.format().contains("    <permissions>\n      <mode>0755</mode>\n      <owner>107</owner>\n      <label>foo</label>\n    </permissions>\n"));
        assert_eq!(sanitize_path("//a//b/"), "//a/b");
        assert_eq!(sanitize_path("///a"), "/a");
        assert_eq!(sanitize_path("/"), "/");
        assert!(PoolDef::parse("<pool type='dir'><name>m</name><target><path>/m</path><permissions><mode>0999</mode></permissions></target></pool>").is_err());
    }

    #[test]
    fn volumes() {
        let mut v = VolDef::parse("<volume><name>v1</name><capacity unit='KiB'>1</capacity></volume>", PoolType::Dir).unwrap();
        assert_eq!((v.capacity, v.allocation), (1024, 1024));
        v.key = Some("/p/v1".into());
        v.target.path = Some("/p/v1".into());
        assert_eq!(
            v.format(PoolType::Dir),
            "<volume type='file'>\n  <name>v1</name>\n  <key>/p/v1</key>\n  <capacity unit='bytes'>1024</capacity>\n  \
             <allocation unit='bytes'>1024</allocation>\n  <target>\n    <path>/p/v1</path>\n    <format type='raw'/>\n  \
             </target>\n</volume>\n"
        );
        let e = |x: &str| VolDef::parse(x, PoolType::Dir).unwrap_err().to_string();
        assert!(e("<volume><name>n</name></volume>").contains("missing capacity element"));
        assert!(e("<volume><capacity>1</capacity></volume>").contains("missing volume name element"));
        assert!(e("<volume><name>n</name><capacity>x</capacity></volume>").contains("malformed capacity element"));
        assert!(e("<volume><name>n</name><capacity>1</capacity><target><format type='none'/></target></volume>")
            .contains("unknown volume format type none"));
        let q = VolDef::parse(
            "<volume><name>q</name><capacity>1</capacity><target><format type='qcow2'/><features><lazy_refcounts/></features></target></volume>",
            PoolType::Dir,
        )
        .unwrap();
        assert!(q.format(PoolType::Dir).contains("<format type='qcow2'/>\n    <compat>1.1</compat>\n    <features>\n      <lazy_refcounts/>\n    </features>\n"));
        let l = VolDef::parse("<volume><name>l</name><capacity>1</capacity></volume>", PoolType::Logical).unwrap();
        assert!(!l.format(PoolType::Logical).contains("<format"));
    }
}
