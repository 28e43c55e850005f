//! The `<devices>` of a domain definition.
//!
//! The devices drivers act on (disks, controllers, interfaces, character devices, inputs,
//! graphics, video, watchdog, balloon) are typed on the fields that matter and keep
//! everything else they carry as [`XmlElement`]s; rarer devices are kept whole as
//! [`RawDevice`]. Each device formats itself back into an element whose attributes and
//! children are in libvirt's order, so unknown-to-us but valid details survive a
//! define/dumpxml round trip.

use super::{internal, invalid_attr, missing_attr, unsupported, xml_error, FormatOptions};
use crate::conf::xml::{Buf, XmlElement};
use crate::error::{Code, Domain, Error, Result};

/// Everything under `<devices>`, grouped by kind in libvirt's output order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Devices {
    pub emulator: Option<String>,
    pub disks: Vec<Disk>,
    pub controllers: Vec<Controller>,
    pub interfaces: Vec<Interface>,
    pub serials: Vec<Chardev>,
    pub parallels: Vec<Chardev>,
    pub consoles: Vec<Chardev>,
    pub channels: Vec<Chardev>,
    pub inputs: Vec<Input>,
    pub graphics: Vec<Graphics>,
    pub sounds: Vec<Sound>,
    pub videos: Vec<Video>,
    pub watchdogs: Vec<Watchdog>,
    pub memballoon: Option<Memballoon>,
    pub rngs: Vec<Rng>,
    /// Devices kept whole: lease, filesystem, smartcard, tpm, audio, hostdev, redirdev,
    /// redirfilter, hub, panic, shmem, memory, iommu, vsock.
    pub others: Vec<RawDevice>,
}

/// The kinds kept as [`RawDevice`], in libvirt's output order relative to each other.
pub const RAW_DEVICE_KINDS: &[&str] = &[
    "lease", "filesystem", "smartcard", "tpm", "audio", "hostdev", "redirdev", "redirfilter", "hub", "panic",
    "shmem", "memory", "iommu", "vsock",
];

/// A device kept as its element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDevice {
    pub element: XmlElement,
}

impl RawDevice {
    /// The element name (`hostdev`, `filesystem`, ...).
    pub fn kind(&self) -> &str {
        &self.element.name
    }
}

// ---------------------------------------------------------------------------------------
// Addresses.

/// A device address (`<address type=...>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Address {
    Pci { domain: u32, bus: u32, slot: u32, function: u32, multifunction: Option<String> },
    Drive { controller: u32, bus: u32, target: u32, unit: u32 },
    Other(XmlElement),
}

/// C `strtoul(..., 0)`: `0x` hex, leading `0` octal, else decimal.
fn parse_c_uint(text: &str) -> Option<u32> {
    let t = text.trim();
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    u32::from_str_radix(digits, radix).ok()
}

impl Address {
    /// Reads an `<address>` element.
    pub fn parse(el: &XmlElement) -> Result<Address> {
        let field = |name: &str| -> Result<u32> {
            match el.attr(name) {
                None => Ok(0),
                Some(v) => parse_c_uint(v).ok_or_else(|| {
                    internal(format!("Cannot parse <address> '{name}' attribute"))
                }),
            }
        };
        match el.attr("type") {
            Some("pci") => Ok(Address::Pci {
                domain: field("domain")?,
                bus: field("bus")?,
                slot: field("slot")?,
                function: field("function")?,
                multifunction: el.attr("multifunction").map(str::to_string),
            }),
            Some("drive") => Ok(Address::Drive {
                controller: field("controller")?,
                bus: field("bus")?,
                target: field("target")?,
                unit: field("unit")?,
            }),
            _ => Ok(Address::Other(el.clone())),
        }
    }

    /// The `<address>` element, as libvirt writes it.
    pub fn to_element(&self) -> XmlElement {
        match self {
            Address::Pci { domain, bus, slot, function, multifunction } => XmlElement::with_attrs(
                "address",
                &[
                    ("type", Some("pci".into())),
                    ("domain", Some(format!("0x{domain:04x}"))),
                    ("bus", Some(format!("0x{bus:02x}"))),
                    ("slot", Some(format!("0x{slot:02x}"))),
                    ("function", Some(format!("0x{function:x}"))),
                    ("multifunction", multifunction.clone()),
                ],
            ),
            Address::Drive { controller, bus, target, unit } => XmlElement::with_attrs(
                "address",
                &[
                    ("type", Some("drive".into())),
                    ("controller", Some(controller.to_string())),
                    ("bus", Some(bus.to_string())),
                    ("target", Some(target.to_string())),
                    ("unit", Some(unit.to_string())),
                ],
            ),
            Address::Other(el) => el.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shared helpers.

fn attrs_except(el: &XmlElement, skip: &[&str]) -> Vec<(String, String)> {
    el.attrs.iter().filter(|(k, _)| !skip.contains(&k.as_str())).cloned().collect()
}

/// Keeps the children named in `order` (dropping what libvirt would ignore), minus the
/// ones in `typed`, sorted into libvirt's output order.
fn extras_of(el: &XmlElement, order: &[&str], typed: &[&str]) -> Vec<XmlElement> {
    let mut out: Vec<XmlElement> = el
        .elements()
        .filter(|e| e.namespace.is_none() && order.contains(&e.name.as_str()) && !typed.contains(&e.name.as_str()))
        .cloned()
        .collect();
    out.sort_by_key(|e| order.iter().position(|n| *n == e.name));
    out
}

fn parse_address(el: &XmlElement) -> Result<Option<Address>> {
    el.child("address").map(Address::parse).transpose()
}

/// Builds an element from its attributes and children, children sorted by `order`.
fn assemble(name: &str, attrs: Vec<(String, String)>, children: Vec<XmlElement>, order: &[&str]) -> XmlElement {
    let mut el = XmlElement::new(name);
    el.attrs = attrs;
    for c in children {
        el.push(c);
    }
    el.sort_children(order);
    el
}

fn pairs(list: &[(&str, Option<String>)]) -> Vec<(String, String)> {
    list.iter().filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone()))).collect()
}

/// Does this device carry a per-device `<boot order>`?
fn has_boot(extras: &[XmlElement]) -> bool {
    extras.iter().any(|e| e.name == "boot")
}

// ---------------------------------------------------------------------------------------
// Disks.

const DISK_TYPES: &[&str] = &["file", "block", "dir", "network", "volume", "nvme", "vhostuser"];
const DISK_DEVICES: &[&str] = &["disk", "cdrom", "floppy", "lun"];
const DISK_CHILDREN: &[&str] = &[
    "driver", "auth", "source", "backingStore", "backenddomain", "geometry", "blockio", "mirror", "target",
    "iotune", "throttlefilters", "readonly", "shareable", "transient", "serial", "wwn", "vendor", "product",
    "encryption", "boot", "alias", "address",
];

/// A `<disk>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disk {
    /// `file`, `block`, `dir`, `network`, `volume`, `nvme`, `vhostuser`.
    pub disk_type: String,
    /// `disk`, `cdrom`, `floppy`, `lun`.
    pub device: String,
    /// Other attributes of `<disk>` (model, rawio, sgio, snapshot), in input order.
    pub attrs: Vec<(String, String)>,
    pub driver: Option<XmlElement>,
    pub source: Option<XmlElement>,
    pub target_dev: String,
    /// `ide`, `scsi`, `virtio`, ...; filled from the target name when absent.
    pub target_bus: Option<String>,
    /// Other attributes of `<target>` (tray, removable, rotation_rate).
    pub target_attrs: Vec<(String, String)>,
    pub readonly: bool,
    pub shareable: bool,
    pub address: Option<Address>,
    /// Everything else libvirt knows (serial, iotune, boot, alias, ...).
    pub extras: Vec<XmlElement>,
}

/// The disk `name` names, as `virDomainDiskByName`: its target (`vda`), or for a name
/// starting with `/` the one disk whose source it is (none when several are).
pub fn disk_by_name<'a>(disks: &'a [Disk], name: &str) -> Option<&'a Disk> {
    if !name.starts_with('/') {
        return disks.iter().find(|d| d.target_dev == name);
    }
    let mut found = disks.iter().filter(|d| d.source_path().as_deref() == Some(name));
    match (found.next(), found.next()) {
        (Some(d), None) => Some(d),
        _ => None,
    }
}

impl Disk {
    /// The path or name the source points at: `file`, `dev`, `dir`, a network `name`,
    /// or `pool/volume`.
    pub fn source_path(&self) -> Option<String> {
        let src = self.source.as_ref()?;
        match self.disk_type.as_str() {
            "file" => src.attr("file").map(str::to_string),
            "block" => src.attr("dev").map(str::to_string),
            "dir" => src.attr("dir").map(str::to_string),
            "network" => src.attr("name").map(str::to_string),
            "volume" => match (src.attr("pool"), src.attr("volume")) {
                (Some(p), Some(v)) => Some(format!("{p}/{v}")),
                _ => None,
            },
            _ => src.attr("path").map(str::to_string),
        }
    }

    /// The driver's format (`<driver type='qcow2'/>`).
    pub fn driver_type(&self) -> Option<&str> {
        self.driver.as_ref().and_then(|d| d.attr("type"))
    }

    /// The driver's name (`<driver name='qemu'/>`).
    pub fn driver_name(&self) -> Option<&str> {
        self.driver.as_ref().and_then(|d| d.attr("name"))
    }

    fn parse(el: &XmlElement) -> Result<Disk> {
        let disk_type = el.attr("type").unwrap_or("file").to_string();
        if !DISK_TYPES.contains(&disk_type.as_str()) {
            return Err(invalid_attr("type", "disk", &disk_type));
        }
        let device = el.attr("device").unwrap_or("disk").to_string();
        if !DISK_DEVICES.contains(&device.as_str()) {
            return Err(invalid_attr("device", "disk", &device));
        }
        let mut disk = Disk {
            disk_type,
            device,
            attrs: attrs_except(el, &["type", "device"]),
            driver: el.child("driver").cloned(),
            source: el.child("source").cloned(),
            target_dev: String::new(),
            target_bus: None,
            target_attrs: Vec::new(),
            readonly: el.child("readonly").is_some(),
            shareable: el.child("shareable").is_some(),
            address: parse_address(el)?,
            extras: extras_of(el, DISK_CHILDREN, &["driver", "source", "target", "readonly", "shareable", "address"]),
        };
        match el.child("target").and_then(|t| t.attr("dev").map(|d| (t, d))) {
            Some((t, dev)) => {
                disk.target_dev = dev.to_string();
                disk.target_bus = t.attr("bus").map(str::to_string);
                disk.target_attrs = attrs_except(t, &["dev", "bus"]);
            }
            None => {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_NO_TARGET,
                    disk.source_path().unwrap_or_default(),
                ))
            }
        }
        if disk.target_attrs.iter().any(|(k, _)| k == "removable") && disk.target_bus.as_deref() != Some("usb") {
            return Err(xml_error("removable is only valid for usb disks"));
        }
        Ok(disk)
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = vec![("type".to_string(), self.disk_type.clone()), ("device".to_string(), self.device.clone())];
        // A read-only disk cannot be snapshotted anyway; libvirt leaves the implied 'no' out.
        attrs.extend(self.attrs.iter().filter(|(k, v)| !(self.readonly && k == "snapshot" && v == "no")).cloned());
        let mut children = Vec::new();
        children.extend(self.driver.clone());
        children.extend(self.source.clone());
        let mut target = XmlElement::with_attrs(
            "target",
            &[("dev", Some(self.target_dev.clone())), ("bus", self.target_bus.clone())],
        );
        target.attrs.extend(self.target_attrs.iter().cloned());
        children.push(target);
        if self.readonly {
            children.push(XmlElement::new("readonly"));
        }
        if self.shareable {
            children.push(XmlElement::new("shareable"));
        }
        children.extend(self.extras.iter().cloned());
        children.extend(self.address.as_ref().map(Address::to_element));
        assemble("disk", attrs, children, DISK_CHILDREN)
    }
}

/// libvirt's disk name to index: `hda` 0, `sdb` 1, `vdaa` 26, `fdc` 2; `None` when the
/// name has no known prefix or a bad suffix.
pub fn disk_name_to_index(name: &str) -> Option<u32> {
    const PREFIXES: &[&str] = &["xvd", "ubd", "hd", "sd", "vd", "fd"];
    let rest = PREFIXES.iter().find_map(|p| name.strip_prefix(p))?;
    let letters: &str = &rest[..rest.find(|c: char| !c.is_ascii_lowercase()).unwrap_or(rest.len())];
    let tail = &rest[letters.len()..];
    if letters.is_empty() || !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut idx: u64 = 0;
    for (i, c) in letters.bytes().enumerate() {
        idx = (idx + if i == 0 { 0 } else { 1 }) * 26 + u64::from(c - b'a');
        if idx > u64::from(u32::MAX) {
            return None;
        }
    }
    u32::try_from(idx).ok()
}

/// The bus a target name implies (`hd` ide, `sd` scsi, `vd` virtio, `xvd` xen, `ubd` uml,
/// `fd` fdc).
pub fn bus_for_target(dev: &str) -> Option<&'static str> {
    [("hd", "ide"), ("sd", "scsi"), ("vd", "virtio"), ("xvd", "xen"), ("ubd", "uml"), ("fd", "fdc")]
        .iter()
        .find(|(p, _)| dev.starts_with(p))
        .map(|(_, b)| *b)
}

/// Inserts a disk where libvirt does while parsing: before the first disk on the same bus
/// with a later target name, else after the last disk on that bus, else at the end.
/// The bus is compared as written (before defaults are filled in).
pub fn insert_disk(disks: &mut Vec<Disk>, disk: Disk) {
    let new_idx = disk_name_to_index(&disk.target_dev).map(i64::from).unwrap_or(-1);
    let mut insert_at: Option<usize> = None;
    for i in (0..disks.len()).rev() {
        if disks[i].target_bus != disk.target_bus {
            continue;
        }
        let idx = disk_name_to_index(&disks[i].target_dev).map(i64::from).unwrap_or(-1);
        if idx > new_idx {
            insert_at = Some(i);
        } else if insert_at.is_none() {
            insert_at = Some(i + 1);
        }
    }
    match insert_at {
        Some(i) => disks.insert(i, disk),
        None => disks.push(disk),
    }
}

// ---------------------------------------------------------------------------------------
// Controllers.

const CONTROLLER_TYPES: &[&str] =
    &["ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci", "xenbus", "isa"];
const CONTROLLER_CHILDREN: &[&str] = &["model", "target", "pcihole64", "driver", "alias", "master", "address"];

/// A `<controller>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Controller {
    pub controller_type: String,
    /// Assigned the first free index of its type when absent.
    pub index: Option<u32>,
    pub model: Option<String>,
    /// Other attributes (ports, vectors, maxGrantFrames, ...), in input order.
    pub attrs: Vec<(String, String)>,
    pub address: Option<Address>,
    pub extras: Vec<XmlElement>,
}

impl Controller {
    /// A controller as libvirt adds one implicitly.
    pub fn implicit(controller_type: &str, index: u32) -> Controller {
        Controller {
            controller_type: controller_type.to_string(),
            index: Some(index),
            model: None,
            attrs: Vec::new(),
            address: None,
            extras: Vec::new(),
        }
    }

    fn parse(el: &XmlElement) -> Result<Controller> {
        let controller_type = el.attr("type").unwrap_or("ide").to_string();
        if !CONTROLLER_TYPES.contains(&controller_type.as_str()) {
            return Err(invalid_attr("type", "controller", &controller_type));
        }
        let index = match el.attr("index") {
            None => None,
            Some(v) => Some(crate::conf::units::parse_uint(v).ok_or_else(|| invalid_attr("index", "controller", v))?),
        };
        Ok(Controller {
            controller_type,
            index,
            model: el.attr("model").map(str::to_string),
            attrs: attrs_except(el, &["type", "index", "model"]),
            address: parse_address(el)?,
            extras: extras_of(el, CONTROLLER_CHILDREN, &["address"]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = pairs(&[
            ("type", Some(self.controller_type.clone())),
            ("index", self.index.map(|i| i.to_string())),
            ("model", self.model.clone()),
        ]);
        attrs.extend(self.attrs.iter().cloned());
        let mut children = self.extras.clone();
        children.extend(self.address.as_ref().map(Address::to_element));
        assemble("controller", attrs, children, CONTROLLER_CHILDREN)
    }
}

/// Inserts a controller where libvirt does while parsing: before the first controller
/// of the same type with a greater index, else after the last of that type, else at the
/// end. One without an index goes after the last of its type.
pub fn insert_controller(controllers: &mut Vec<Controller>, ctrl: Controller) {
    let mut insert_at: Option<usize> = None;
    for i in (0..controllers.len()).rev() {
        if controllers[i].controller_type != ctrl.controller_type {
            continue;
        }
        let Some(new_idx) = ctrl.index else {
            insert_at = Some(i + 1);
            break;
        };
        match controllers[i].index {
            Some(cur) if cur > new_idx => insert_at = Some(i),
            _ if insert_at.is_none() => insert_at = Some(i + 1),
            _ => {}
        }
    }
    match insert_at {
        Some(i) => controllers.insert(i, ctrl),
        None => controllers.push(ctrl),
    }
}

// ---------------------------------------------------------------------------------------
// Network interfaces.

const IFACE_TYPES: &[&str] = &[
    "user", "ethernet", "vhostuser", "server", "client", "mcast", "network", "bridge", "internal", "direct",
    "hostdev", "udp", "vdpa", "null", "vds",
];
const IFACE_CHILDREN: &[&str] = &[
    "mac", "source", "vlan", "virtualport", "bandwidth", "ip", "route", "portForward", "script", "downscript",
    "backenddomain", "target", "guest", "model", "driver", "backend", "filterref", "tune", "teaming", "link",
    "mtu", "coalesce", "boot", "alias", "rom", "address", "acpi",
];
/// Target names libvirt treats as generated (and drops from inactive configs).
const GENERATED_IFNAME_PREFIXES: &[&str] = &["vnet", "macvtap", "macvlan"];

/// A MAC address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// Parses `aa:bb:cc:dd:ee:ff` (one or two hex digits per byte, `:` or `-` between).
    pub fn parse(text: &str) -> Option<MacAddr> {
        let parts: Vec<&str> = text.split([':', '-']).collect();
        if parts.len() != 6 {
            return None;
        }
        let mut out = [0u8; 6];
        for (i, p) in parts.iter().enumerate() {
            if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out[i] = u8::from_str_radix(p, 16).ok()?;
        }
        Some(MacAddr(out))
    }

    /// A random address under libvirt's `52:54:00` prefix.
    pub fn generate() -> MacAddr {
        let r = crate::conf::uuid::Uuid::generate().0;
        MacAddr([0x52, 0x54, 0x00, r[0], r[1], r[2]])
    }

    /// True for a multicast address (low bit of the first byte).
    pub fn is_multicast(&self) -> bool {
        self.0[0] & 1 == 1
    }
}

impl std::fmt::Display for MacAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.0;
        write!(f, "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2], b[3], b[4], b[5])
    }
}

/// An `<interface>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interface {
    /// `network`, `bridge`, `user`, `ethernet`, `direct`, ...
    pub interface_type: String,
    pub attrs: Vec<(String, String)>,
    /// Generated under 52:54:00 when absent.
    pub mac: MacAddr,
    /// Other attributes of `<mac>` (type, check).
    pub mac_attrs: Vec<(String, String)>,
    pub source: Option<XmlElement>,
    pub target_dev: Option<String>,
    pub target_attrs: Vec<(String, String)>,
    pub model: Option<String>,
    pub address: Option<Address>,
    pub extras: Vec<XmlElement>,
}

impl Interface {
    /// The network name of a `type='network'` interface.
    pub fn source_network(&self) -> Option<&str> {
        self.source.as_ref().and_then(|s| s.attr("network"))
    }

    /// The bridge of a `type='bridge'` interface.
    pub fn source_bridge(&self) -> Option<&str> {
        self.source.as_ref().and_then(|s| s.attr("bridge"))
    }

    /// The host device of a `type='direct'` interface.
    pub fn source_dev(&self) -> Option<&str> {
        self.source.as_ref().and_then(|s| s.attr("dev"))
    }

    fn parse(el: &XmlElement) -> Result<Interface> {
        let interface_type = el.attr("type").unwrap_or("user").to_string();
        if !IFACE_TYPES.contains(&interface_type.as_str()) {
            return Err(invalid_attr("type", "interface", &interface_type));
        }
        let mac_el = el.child("mac");
        let mac = match mac_el.and_then(|m| m.attr("address")) {
            Some(text) => {
                let mac = MacAddr::parse(text).ok_or_else(|| xml_error(format!("unable to parse mac address '{text}'")))?;
                if mac.is_multicast() {
                    return Err(xml_error(format!("expected unicast mac address, found multicast '{text}'")));
                }
                mac
            }
            None => MacAddr::generate(),
        };
        let mut source = el.child("source").cloned();
        let required = match interface_type.as_str() {
            "network" => Some("network"),
            "bridge" => Some("bridge"),
            "direct" => Some("dev"),
            _ => None,
        };
        if let Some(attr) = required {
            match &mut source {
                None => return Err(xml_error(format!("interface type='{interface_type}' requires a 'source' element"))),
                Some(src) if src.attr(attr).is_none() => return Err(missing_attr(attr, "source")),
                Some(src) => {
                    if interface_type == "direct" && src.attr("mode").is_none() {
                        let at = src.attrs.iter().position(|(k, _)| k == "dev").map(|i| i + 1).unwrap_or(0);
                        src.insert_attr(at, "mode", "vepa");
                    }
                }
            }
        }
        let target = el.child("target");
        let target_dev = target
            .and_then(|t| t.attr("dev"))
            .filter(|d| !GENERATED_IFNAME_PREFIXES.iter().any(|p| d.starts_with(p)))
            .map(str::to_string);
        let mut extras = extras_of(el, IFACE_CHILDREN, &["mac", "source", "target", "model", "address"]);
        for e in extras.iter_mut() {
            match e.name.as_str() {
                "ip" | "route" if e.attr("family").is_none() => {
                    let family = match e.attr("address") {
                        Some(a) if a.contains(':') => Some("ipv6"),
                        Some(a) if a.contains('.') => Some("ipv4"),
                        _ => None,
                    };
                    if let Some(f) = family {
                        let at = e.attrs.iter().position(|(k, _)| k == "address").map(|i| i + 1).unwrap_or(0);
                        e.insert_attr(at, "family", f);
                    }
                }
                "virtualport" if e.attr("type") == Some("openvswitch") => {
                    if e.child("parameters").is_none() {
                        e.push(XmlElement::new("parameters"));
                    }
                    if let Some(p) = e.child_mut("parameters") {
                        if p.attr("interfaceid").is_none() {
                            p.insert_attr(0, "interfaceid", crate::conf::uuid::Uuid::generate().to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(Interface {
            interface_type,
            attrs: attrs_except(el, &["type"]),
            mac,
            mac_attrs: mac_el.map(|m| attrs_except(m, &["address"])).unwrap_or_default(),
            source,
            target_dev,
            target_attrs: target.map(|t| attrs_except(t, &["dev"])).unwrap_or_default(),
            model: el.child("model").and_then(|m| m.attr("type")).map(str::to_string),
            address: parse_address(el)?,
            extras,
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = vec![("type".to_string(), self.interface_type.clone())];
        attrs.extend(self.attrs.iter().cloned());
        let mut children = Vec::new();
        let mut mac = XmlElement::with_attrs("mac", &[("address", Some(self.mac.to_string()))]);
        mac.attrs.extend(self.mac_attrs.iter().cloned());
        children.push(mac);
        children.extend(self.source.clone());
        if self.target_dev.is_some() || !self.target_attrs.is_empty() {
            let mut t = XmlElement::with_attrs("target", &[("dev", self.target_dev.clone())]);
            t.attrs.extend(self.target_attrs.iter().cloned());
            children.push(t);
        }
        if let Some(m) = &self.model {
            children.push(XmlElement::with_attrs("model", &[("type", Some(m.clone()))]));
        }
        children.extend(self.extras.iter().cloned());
        children.extend(self.address.as_ref().map(Address::to_element));
        assemble("interface", attrs, children, IFACE_CHILDREN)
    }
}

// ---------------------------------------------------------------------------------------
// Character devices.

const CHR_TYPES: &[&str] = &[
    "null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp", "unix", "spicevmc", "spiceport", "nmdm",
    "qemu-vdagent", "dbus",
];
const CHR_BACKEND_CHILDREN: &[&str] = &["source", "protocol", "log"];
const CHR_EXTRA_CHILDREN: &[&str] = &["alias", "address", "boot"];

/// Which list a character device sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChrKind {
    Serial,
    Parallel,
    Console,
    Channel,
}

impl ChrKind {
    /// The element name.
    pub fn element_name(self) -> &'static str {
        match self {
            ChrKind::Serial => "serial",
            ChrKind::Parallel => "parallel",
            ChrKind::Console => "console",
            ChrKind::Channel => "channel",
        }
    }
}

/// A character device's `<target>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChrTarget {
    pub target_type: Option<String>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub address: Option<String>,
    pub port: Option<String>,
    /// Children of `<target>` (a serial's `<model>`).
    pub children: Vec<XmlElement>,
}

/// A `<serial>`, `<parallel>`, `<console>` or `<channel>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chardev {
    pub kind: ChrKind,
    /// `pty`, `file`, `unix`, `tcp`, ...
    pub chr_type: String,
    pub attrs: Vec<(String, String)>,
    /// The host side: `<source>` elements, `<protocol>`, `<log>`.
    pub backend: Vec<XmlElement>,
    pub target: ChrTarget,
    pub extras: Vec<XmlElement>,
}

impl Chardev {
    /// The port number of the target, when numeric.
    pub fn port(&self) -> Option<u32> {
        self.target.port.as_deref().and_then(crate::conf::units::parse_uint)
    }

    /// The host path (`<source path=...>`), for pty, file, unix, dev.
    pub fn source_path(&self) -> Option<&str> {
        self.backend.iter().find(|e| e.name == "source").and_then(|s| s.attr("path"))
    }

    fn parse(kind: ChrKind, el: &XmlElement) -> Result<Chardev> {
        let chr_type = el.attr("type").unwrap_or("pty").to_string();
        if !CHR_TYPES.contains(&chr_type.as_str()) {
            return Err(invalid_attr("type", kind.element_name(), &chr_type));
        }
        let target_el = el.child("target");
        if kind == ChrKind::Channel && target_el.and_then(|t| t.attr("type")).is_none() {
            return Err(xml_error("target type must be specified for channel device"));
        }
        let target = match target_el {
            None => ChrTarget::default(),
            Some(t) => ChrTarget {
                target_type: t.attr("type").map(str::to_string),
                name: t.attr("name").map(str::to_string),
                state: t.attr("state").map(str::to_string),
                address: t.attr("address").map(str::to_string),
                port: t.attr("port").map(str::to_string),
                children: t.elements().cloned().collect(),
            },
        };
        if let Some(p) = &target.port {
            if kind != ChrKind::Channel && crate::conf::units::parse_int(p).is_none() {
                return Err(xml_error(format!("Invalid port number: {p}")));
            }
        }
        let mut backend: Vec<XmlElement> = el
            .elements()
            .filter(|e| e.namespace.is_none() && CHR_BACKEND_CHILDREN.contains(&e.name.as_str()))
            .filter(|e| !(chr_type == "unix" && e.name == "source" && e.attr("path").is_none()))
            .cloned()
            .collect();
        if chr_type == "tcp" && !backend.iter().any(|e| e.name == "protocol") {
            let at = backend.iter().rposition(|e| e.name == "source").map(|i| i + 1).unwrap_or(0);
            backend.insert(at, XmlElement::with_attrs("protocol", &[("type", Some("raw".into()))]));
        }
        Ok(Chardev {
            kind,
            chr_type,
            attrs: attrs_except(el, &["type"]),
            backend,
            target,
            extras: extras_of(el, CHR_EXTRA_CHILDREN, &[]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut el = XmlElement::new(self.kind.element_name());
        el.attrs.push(("type".into(), self.chr_type.clone()));
        el.attrs.extend(self.attrs.iter().cloned());
        for b in &self.backend {
            el.push(b.clone());
        }
        let t = &self.target;
        let mut target = XmlElement::with_attrs(
            "target",
            &[
                ("type", t.target_type.clone()),
                ("name", t.name.clone()),
                ("state", t.state.clone()),
                ("address", t.address.clone()),
                ("port", t.port.clone()),
            ],
        );
        for c in &t.children {
            target.push(c.clone());
        }
        if !target.attrs.is_empty() || !target.children.is_empty() {
            el.push(target);
        }
        let mut extras = self.extras.clone();
        extras.sort_by_key(|e| CHR_EXTRA_CHILDREN.iter().position(|n| *n == e.name));
        for e in extras {
            el.push(e);
        }
        el
    }
}

// ---------------------------------------------------------------------------------------
// Input devices.

const INPUT_TYPES: &[&str] = &["mouse", "tablet", "keyboard", "passthrough", "evdev"];
const INPUT_CHILDREN: &[&str] = &["source", "driver", "alias", "address"];

/// An `<input>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// `mouse`, `tablet`, `keyboard`, `passthrough`, `evdev`.
    pub input_type: String,
    /// `ps2`, `usb`, `xen`, `virtio`, ...; filled in when absent.
    pub bus: Option<String>,
    pub attrs: Vec<(String, String)>,
    pub extras: Vec<XmlElement>,
}

impl Input {
    fn parse(el: &XmlElement) -> Result<Input> {
        let input_type = el.attr("type").ok_or_else(|| internal("missing input device type"))?.to_string();
        if !INPUT_TYPES.contains(&input_type.as_str()) {
            return Err(internal(format!("unknown input device type '{input_type}'")));
        }
        let mut extras = extras_of(el, INPUT_CHILDREN, &[]);
        if let Some(src) = extras.iter_mut().find(|e| e.name == "source") {
            let order = ["evdev", "dev", "grab", "grabToggle", "repeat"];
            src.attrs.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
        }
        Ok(Input {
            input_type,
            bus: el.attr("bus").map(str::to_string),
            attrs: attrs_except(el, &["type", "bus"]),
            extras,
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = pairs(&[("type", Some(self.input_type.clone())), ("bus", self.bus.clone())]);
        attrs.extend(self.attrs.iter().cloned());
        assemble("input", attrs, self.extras.clone(), INPUT_CHILDREN)
    }
}

// ---------------------------------------------------------------------------------------
// Graphics.

const GRAPHICS_TYPES: &[&str] = &["sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus"];
const GRAPHICS_ATTR_ORDER: &[&str] =
    &["keymap", "defaultMode", "sharePolicy", "passwd", "passwdValidTo", "connected", "powerControl"];
const SPICE_CHILDREN: &[&str] = &[
    "listen", "channel", "image", "jpeg", "zlib", "playback", "streaming", "mouse", "clipboard", "filetransfer",
    "gl", "audio",
];

/// One `<listen>` of a graphics device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    /// `address`, `network`, `socket`, `none`.
    pub listen_type: String,
    pub address: Option<String>,
    pub network: Option<String>,
    pub socket: Option<String>,
}

impl Listen {
    fn to_element(&self) -> XmlElement {
        XmlElement::with_attrs(
            "listen",
            &[
                ("type", Some(self.listen_type.clone())),
                ("address", self.address.clone()),
                ("network", self.network.clone()),
                ("socket", self.socket.clone()),
            ],
        )
    }
}

/// A `<graphics>`. VNC, SPICE and RDP are typed; the other types keep their attributes
/// and children as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graphics {
    /// `vnc`, `spice`, `sdl`, `rdp`, `desktop`, `egl-headless`, `dbus`.
    pub graphics_type: String,
    pub port: Option<i32>,
    pub tls_port: Option<i32>,
    pub autoport: bool,
    pub websocket: Option<i32>,
    /// Other attributes (keymap, passwd, sharePolicy, ...), in libvirt's order.
    pub attrs: Vec<(String, String)>,
    pub listens: Vec<Listen>,
    pub extras: Vec<XmlElement>,
}

impl Graphics {
    /// The password, if any (only printed with `VIR_DOMAIN_XML_SECURE`).
    pub fn passwd(&self) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == "passwd").map(|(_, v)| v.as_str())
    }

    fn typed(&self) -> bool {
        matches!(self.graphics_type.as_str(), "vnc" | "spice" | "rdp")
    }

    fn parse(el: &XmlElement) -> Result<Graphics> {
        let graphics_type = el.attr("type").ok_or_else(|| missing_attr("type", "graphics"))?.to_string();
        if !GRAPHICS_TYPES.contains(&graphics_type.as_str()) {
            return Err(invalid_attr("type", "graphics", &graphics_type));
        }
        let mut g = Graphics {
            graphics_type: graphics_type.clone(),
            port: None,
            tls_port: None,
            autoport: false,
            websocket: None,
            attrs: Vec::new(),
            listens: Vec::new(),
            extras: Vec::new(),
        };
        if !g.typed() {
            g.attrs = attrs_except(el, &["type"]);
            g.extras = el.elements().cloned().collect();
            return Ok(g);
        }
        let int_attr = |name: &str| -> Result<Option<i32>> {
            match el.attr(name) {
                None => Ok(None),
                Some(v) => crate::conf::units::parse_int(v)
                    .map(Some)
                    .ok_or_else(|| internal(format!("cannot parse {graphics_type} {} {v}", name.to_ascii_lowercase()))),
            }
        };
        g.port = int_attr("port")?;
        g.tls_port = if graphics_type == "spice" { int_attr("tlsPort")? } else { None };
        g.websocket = if graphics_type == "vnc" { int_attr("websocket")? } else { None };
        g.autoport = match (el.attr("autoport"), graphics_type.as_str()) {
            (Some("yes"), _) => true,
            (Some("no"), _) => false,
            (_, "vnc") => g.port.is_none() || g.port == Some(-1),
            _ => g.port == Some(-1) || g.tls_port == Some(-1),
        };
        if g.port == Some(-1) || g.port == Some(0) || (g.autoport && graphics_type != "rdp") {
            g.port = None;
        }
        if g.tls_port == Some(-1) || g.tls_port == Some(0) || g.autoport {
            g.tls_port = None;
        }
        let socket = if graphics_type == "vnc" { el.attr("socket") } else { None };
        for name in GRAPHICS_ATTR_ORDER {
            if let Some(v) = el.attr(name) {
                g.attrs.push((name.to_string(), v.to_string()));
            }
        }
        g.attrs.extend(attrs_except(
            el,
            &[&["type", "port", "tlsPort", "autoport", "websocket", "socket", "listen"][..], GRAPHICS_ATTR_ORDER].concat(),
        ));
        for l in el.elements_named("listen") {
            let listen_type = l.attr("type").unwrap_or("address").to_string();
            let mut listen = Listen {
                listen_type: listen_type.clone(),
                address: l.attr("address").map(str::to_string),
                network: l.attr("network").map(str::to_string),
                socket: l.attr("socket").map(str::to_string),
            };
            if listen_type != "address" {
                listen.address = None;
            }
            if listen_type == "network" && listen.network.is_none() {
                return Err(missing_attr("network", "listen"));
            }
            g.listens.push(listen);
        }
        let listen_attr = el.attr("listen");
        match (listen_attr, g.listens.first_mut()) {
            (Some(addr), Some(first)) if first.listen_type == "address" => match &first.address {
                Some(found) if found != addr => {
                    return Err(unsupported(format!(
                        "graphics 'listen' attribute '{addr}' must match 'address' attribute of first listen element (found '{found}')"
                    )))
                }
                Some(_) => {}
                None => first.address = Some(addr.to_string()),
            },
            (Some(addr), None) => g.listens.push(Listen {
                listen_type: "address".into(),
                address: Some(addr.to_string()),
                network: None,
                socket: None,
            }),
            _ => {}
        }
        if g.listens.is_empty() {
            let listen = match (graphics_type.as_str(), socket) {
                ("vnc", Some(path)) => Listen {
                    listen_type: "socket".into(),
                    address: None,
                    network: None,
                    socket: Some(path.to_string()),
                },
                ("spice", _) if g.port.is_none() && g.tls_port.is_none() && !g.autoport => {
                    Listen { listen_type: "none".into(), address: None, network: None, socket: None }
                }
                _ => Listen { listen_type: "address".into(), address: None, network: None, socket: None },
            };
            g.listens.push(listen);
        }
        g.extras = extras_of(el, SPICE_CHILDREN, &["listen"]);
        Ok(g)
    }

    fn to_element(&self, opts: &FormatOptions) -> XmlElement {
        let mut el = XmlElement::new("graphics");
        el.attrs.push(("type".into(), self.graphics_type.clone()));
        if !self.typed() {
            el.attrs.extend(self.attrs.iter().cloned());
            for e in &self.extras {
                el.push(e.clone());
            }
            return el;
        }
        let live = opts.is_live();
        let first = self.listens.first();
        let first_type = first.map(|l| l.listen_type.as_str()).unwrap_or("address");
        let port_text = |p: Option<i32>| p.filter(|&p| p != 0).map(|p| p.to_string());
        match self.graphics_type.as_str() {
            "vnc" => {
                if first_type == "socket" {
                    if let Some(s) = first.and_then(|l| l.socket.clone()) {
                        el.attrs.push(("socket".into(), s));
                    }
                } else {
                    match self.port.filter(|&p| p != 0) {
                        Some(p) if !self.autoport || live => el.attrs.push(("port".into(), p.to_string())),
                        _ if self.autoport => el.attrs.push(("port".into(), "-1".into())),
                        _ => {}
                    }
                    el.attrs.push(("autoport".into(), yes_no(self.autoport)));
                    if let Some(w) = self.websocket {
                        el.attrs.push(("websocket".into(), w.to_string()));
                    }
                }
            }
            "spice" => {
                if matches!(first_type, "address" | "network") {
                    if let Some(p) = port_text(self.port) {
                        el.attrs.push(("port".into(), p));
                    }
                    if let Some(p) = port_text(self.tls_port) {
                        el.attrs.push(("tlsPort".into(), p));
                    }
                    el.attrs.push(("autoport".into(), yes_no(self.autoport)));
                }
            }
            _ => {
                el.attrs.push(("port".into(), self.port.unwrap_or(0).to_string()));
                el.attrs.push(("autoport".into(), yes_no(self.autoport)));
            }
        }
        if let Some(addr) = first.filter(|l| l.listen_type == "address").and_then(|l| l.address.clone()) {
            el.attrs.push(("listen".into(), addr));
        }
        for (k, v) in &self.attrs {
            if k == "passwd" && !opts.secure {
                continue;
            }
            el.attrs.push((k.clone(), v.clone()));
        }
        for l in &self.listens {
            el.push(l.to_element());
        }
        let mut extras = self.extras.clone();
        extras.sort_by_key(|e| SPICE_CHILDREN.iter().position(|n| *n == e.name));
        for e in extras {
            el.push(e);
        }
        el
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

// ---------------------------------------------------------------------------------------
// Video.

const VIDEO_TYPES: &[&str] =
    &["default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels", "virtio", "gop", "none", "bochs", "ramfb"];
const VIDEO_CHILDREN: &[&str] = &["driver", "model", "alias", "address", "acpi"];

/// A `<video>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Video {
    /// `<model type=...>`; `cirrus` on the test driver when absent.
    pub model_type: Option<String>,
    pub ram: Option<u32>,
    pub vram: Option<u32>,
    pub vram64: Option<u32>,
    pub vgamem: Option<u32>,
    pub heads: Option<u32>,
    pub primary: bool,
    /// Other attributes of `<model>` (blob).
    pub model_attrs: Vec<(String, String)>,
    /// Children of `<model>` (acceleration, resolution).
    pub model_children: Vec<XmlElement>,
    pub extras: Vec<XmlElement>,
}

impl Video {
    /// A video device with only its model set.
    pub fn with_model(model: &str) -> Video {
        Video {
            model_type: Some(model.to_string()),
            ram: None,
            vram: None,
            vram64: None,
            vgamem: None,
            heads: None,
            primary: false,
            model_attrs: Vec::new(),
            model_children: Vec::new(),
            extras: Vec::new(),
        }
    }

    fn parse(el: &XmlElement) -> Result<Video> {
        let model = el.child("model");
        let num = |name: &str| -> Result<Option<u32>> {
            match model.and_then(|m| m.attr(name)) {
                None => Ok(None),
                Some(v) => crate::conf::units::parse_uint(v)
                    .map(Some)
                    .ok_or_else(|| xml_error(format!("cannot parse video {name} '{v}'"))),
            }
        };
        let model_type = model.and_then(|m| m.attr("type")).map(str::to_string);
        if let Some(t) = &model_type {
            if !VIDEO_TYPES.contains(&t.as_str()) {
                return Err(unsupported(format!("unknown video model '{t}'")));
            }
        }
        Ok(Video {
            model_type,
            ram: num("ram")?,
            vram: num("vram")?,
            vram64: num("vram64")?,
            vgamem: num("vgamem")?,
            heads: num("heads")?,
            primary: model.and_then(|m| m.attr("primary")) == Some("yes"),
            model_attrs: model
                .map(|m| attrs_except(m, &["type", "ram", "vram", "vram64", "vgamem", "heads", "primary"]))
                .unwrap_or_default(),
            model_children: model.map(|m| m.elements().cloned().collect()).unwrap_or_default(),
            extras: extras_of(el, VIDEO_CHILDREN, &["model"]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let s = |v: Option<u32>| v.map(|v| v.to_string());
        let mut model = XmlElement::with_attrs(
            "model",
            &[
                ("type", self.model_type.clone()),
                ("ram", s(self.ram)),
                ("vram", s(self.vram)),
                ("vram64", s(self.vram64)),
                ("vgamem", s(self.vgamem)),
                ("heads", s(self.heads.filter(|&h| h != 0))),
                ("primary", self.primary.then(|| "yes".to_string())),
            ],
        );
        model.attrs.extend(self.model_attrs.iter().cloned());
        for c in &self.model_children {
            model.push(c.clone());
        }
        let mut children = vec![model];
        children.extend(self.extras.iter().cloned());
        assemble("video", Vec::new(), children, VIDEO_CHILDREN)
    }
}

// ---------------------------------------------------------------------------------------
// Sound, watchdog, balloon, RNG.

const SOUND_CHILDREN: &[&str] = &["codec", "audio", "alias", "address"];

/// A `<sound>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sound {
    pub model: String,
    pub attrs: Vec<(String, String)>,
    pub extras: Vec<XmlElement>,
}

impl Sound {
    fn parse(el: &XmlElement) -> Result<Sound> {
        Ok(Sound {
            model: el.attr("model").ok_or_else(|| missing_attr("model", "sound"))?.to_string(),
            attrs: attrs_except(el, &["model"]),
            extras: extras_of(el, SOUND_CHILDREN, &[]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = vec![("model".to_string(), self.model.clone())];
        attrs.extend(self.attrs.iter().cloned());
        assemble("sound", attrs, self.extras.clone(), SOUND_CHILDREN)
    }
}

const WATCHDOG_CHILDREN: &[&str] = &["alias", "address"];

/// A `<watchdog>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watchdog {
    pub model: String,
    /// `reset` when absent.
    pub action: String,
    pub extras: Vec<XmlElement>,
}

impl Watchdog {
    fn parse(el: &XmlElement) -> Result<Watchdog> {
        let model = el.attr("model").ok_or_else(|| missing_attr("model", "watchdog"))?.to_string();
        Ok(Watchdog {
            model,
            action: el.attr("action").unwrap_or("reset").to_string(),
            extras: extras_of(el, WATCHDOG_CHILDREN, &[]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let attrs = vec![("model".to_string(), self.model.clone()), ("action".to_string(), self.action.clone())];
        assemble("watchdog", attrs, self.extras.clone(), WATCHDOG_CHILDREN)
    }
}

const BALLOON_CHILDREN: &[&str] = &["stats", "driver", "alias", "address"];

/// The `<memballoon>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memballoon {
    pub model: String,
    pub attrs: Vec<(String, String)>,
    pub address: Option<Address>,
    pub extras: Vec<XmlElement>,
}

impl Memballoon {
    fn parse(el: &XmlElement) -> Result<Memballoon> {
        Ok(Memballoon {
            model: el.attr("model").ok_or_else(|| missing_attr("model", "memballoon"))?.to_string(),
            attrs: attrs_except(el, &["model"]),
            address: parse_address(el)?,
            extras: extras_of(el, BALLOON_CHILDREN, &["address"]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = vec![("model".to_string(), self.model.clone())];
        attrs.extend(self.attrs.iter().cloned());
        let mut children = self.extras.clone();
        children.extend(self.address.as_ref().map(Address::to_element));
        assemble("memballoon", attrs, children, BALLOON_CHILDREN)
    }

    /// `<stats period='N'/>`: how often (seconds) the guest refreshes its statistics;
    /// None when not set.
    pub fn stats_period(&self) -> Option<i32> {
        self.extras.iter().find(|e| e.name == "stats")?.attr("period")?.parse().ok()
    }

    /// Sets `<stats period>`; 0 removes it, as libvirt formats a zero period.
    pub fn set_stats_period(&mut self, period: i32) {
        self.extras.retain(|e| e.name != "stats");
        if period > 0 {
            let mut stats = XmlElement::new("stats");
            stats.set_attr("period", period.to_string());
            self.extras.push(stats);
        }
    }
}

const RNG_CHILDREN: &[&str] = &["rate", "backend", "driver", "alias", "address"];

/// An `<rng>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    pub model: String,
    pub attrs: Vec<(String, String)>,
    /// `<backend>`, `<rate>`, alias, address.
    pub extras: Vec<XmlElement>,
}

impl Rng {
    /// The backend model (`random`, `egd`, `builtin`).
    pub fn backend_model(&self) -> Option<&str> {
        self.extras.iter().find(|e| e.name == "backend").and_then(|b| b.attr("model"))
    }

    fn parse(el: &XmlElement) -> Result<Rng> {
        Ok(Rng {
            model: el.attr("model").ok_or_else(|| missing_attr("model", "rng"))?.to_string(),
            attrs: attrs_except(el, &["model"]),
            extras: extras_of(el, RNG_CHILDREN, &[]),
        })
    }

    fn to_element(&self) -> XmlElement {
        let mut attrs = vec![("model".to_string(), self.model.clone())];
        attrs.extend(self.attrs.iter().cloned());
        assemble("rng", attrs, self.extras.clone(), RNG_CHILDREN)
    }
}

// ---------------------------------------------------------------------------------------
// One device on its own.

/// One device of any kind we keep, as the device calls (`virDomainAttachDeviceFlags`,
/// `...Detach...`, `...Update...`) take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Device {
    Disk(Disk),
    Controller(Controller),
    Interface(Interface),
    Chr(Chardev),
    Input(Input),
    Graphics(Graphics),
    Sound(Sound),
    Video(Video),
    Watchdog(Watchdog),
    Memballoon(Memballoon),
    Rng(Rng),
    Raw(RawDevice),
}

impl Device {
    /// Parses a device document (`<disk>...</disk>`, `<interface>...`), as libvirt's
    /// `virDomainDeviceDefParse`: a kind it does not know is "unknown device type".
    pub fn parse(text: &str) -> Result<Device> {
        let doc = crate::conf::xml::parse_document(text, "(device_definition)", Domain::VIR_FROM_DOMAIN)?;
        let el = XmlElement::from_node(doc.root_element());
        match Device::from_element(&el)? {
            Some(d) => Ok(d),
            None => Err(unsupported(format!("unknown device type '{}'", el.name))),
        }
    }

    /// The device an element of `<devices>` describes; `None` for elements that are not
    /// devices we keep.
    fn from_element(el: &XmlElement) -> Result<Option<Device>> {
        Ok(Some(match el.name.as_str() {
            "disk" => Device::Disk(Disk::parse(el)?),
            "controller" => Device::Controller(Controller::parse(el)?),
            "interface" => Device::Interface(Interface::parse(el)?),
            "serial" => Device::Chr(Chardev::parse(ChrKind::Serial, el)?),
            "parallel" => Device::Chr(Chardev::parse(ChrKind::Parallel, el)?),
            "console" => Device::Chr(Chardev::parse(ChrKind::Console, el)?),
            "channel" => Device::Chr(Chardev::parse(ChrKind::Channel, el)?),
            "input" => Device::Input(Input::parse(el)?),
            "graphics" => Device::Graphics(Graphics::parse(el)?),
            "sound" => Device::Sound(Sound::parse(el)?),
            "video" => Device::Video(Video::parse(el)?),
            "watchdog" => Device::Watchdog(Watchdog::parse(el)?),
            "memballoon" => Device::Memballoon(Memballoon::parse(el)?),
            "rng" => Device::Rng(Rng::parse(el)?),
            other if RAW_DEVICE_KINDS.contains(&other) => {
                let mut element = el.clone();
                element.strip_blank_text();
                Device::Raw(RawDevice { element })
            }
            _ => return Ok(None),
        }))
    }

    /// libvirt's name for the kind (`virDomainDeviceType`'s string): the element name.
    pub fn kind(&self) -> &str {
        match self {
            Device::Disk(_) => "disk",
            Device::Controller(_) => "controller",
            Device::Interface(_) => "interface",
            Device::Chr(c) => c.kind.element_name(),
            Device::Input(_) => "input",
            Device::Graphics(_) => "graphics",
            Device::Sound(_) => "sound",
            Device::Video(_) => "video",
            Device::Watchdog(_) => "watchdog",
            Device::Memballoon(_) => "memballoon",
            Device::Rng(_) => "rng",
            Device::Raw(r) => r.kind(),
        }
    }
}

/// The alias a device's `extras` carry (`<alias name=.../>`).
pub fn alias_in(extras: &[XmlElement]) -> Option<&str> {
    extras.iter().find(|e| e.name == "alias").and_then(|e| e.attr("name"))
}

/// Sets (or replaces) the `<alias>` among a device's `extras`.
pub fn set_alias_in(extras: &mut Vec<XmlElement>, alias: &str) {
    extras.retain(|e| e.name != "alias");
    extras.push(XmlElement::with_attrs("alias", &[("name", Some(alias.to_string()))]));
}

/// libvirt keeps an alias in an inactive definition only when the user chose it (`ua-`).
fn drop_generated_alias(el: &mut XmlElement) {
    el.children.retain(|c| {
        !matches!(c, crate::conf::xml::XmlNode::Element(e)
            if e.name == "alias" && !e.attr("name").is_some_and(|n| n.starts_with("ua-")))
    });
}

// ---------------------------------------------------------------------------------------
// The whole list.

impl Devices {
    /// Parses the children of `<devices>` in document order; unknown elements are
    /// ignored, as libvirt ignores them.
    pub fn parse(el: &XmlElement) -> Result<Devices> {
        let mut d = Devices::default();
        for child in el.elements() {
            if child.namespace.is_some() {
                continue;
            }
            match child.name.as_str() {
                "emulator" if d.emulator.is_none() => d.emulator = Some(child.text()),
                "memballoon" if d.memballoon.is_some() => {}
                _ => {
                    if let Some(dev) = Device::from_element(child)? {
                        d.insert(dev);
                    }
                }
            }
        }
        Ok(d)
    }

    /// Adds `dev` where parsing would have put it.
    pub fn insert(&mut self, dev: Device) {
        match dev {
            Device::Disk(x) => insert_disk(&mut self.disks, x),
            Device::Controller(x) => insert_controller(&mut self.controllers, x),
            Device::Interface(x) => self.interfaces.push(x),
            Device::Chr(x) => match x.kind {
                ChrKind::Serial => self.serials.push(x),
                ChrKind::Parallel => self.parallels.push(x),
                ChrKind::Console => self.consoles.push(x),
                ChrKind::Channel => self.channels.push(x),
            },
            Device::Input(x) => self.inputs.push(x),
            Device::Graphics(x) => self.graphics.push(x),
            Device::Sound(x) => self.sounds.push(x),
            Device::Video(x) => self.videos.push(x),
            Device::Watchdog(x) => self.watchdogs.push(x),
            Device::Memballoon(x) => self.memballoon = Some(x),
            Device::Rng(x) => self.rngs.push(x),
            Device::Raw(x) => {
                let rank = |k: &str| RAW_DEVICE_KINDS.iter().position(|r| *r == k);
                let at = self.others.iter().position(|o| rank(o.kind()) > rank(x.kind())).unwrap_or(self.others.len());
                self.others.insert(at, x);
            }
        }
    }

    /// True when some device carries a `<boot order>`.
    pub fn any_device_boot_order(&self) -> bool {
        self.disks.iter().any(|d| has_boot(&d.extras))
            || self.interfaces.iter().any(|i| has_boot(&i.extras))
            || self.others.iter().any(|o| o.element.child("boot").is_some())
    }

    fn others_of<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s RawDevice> + 's {
        self.others.iter().filter(move |o| o.element.name == kind)
    }

    /// Writes `<devices>` in libvirt's order.
    pub fn format(&self, buf: &mut Buf, opts: &FormatOptions) {
        buf.open("devices", &[]);
        if let Some(e) = &self.emulator {
            buf.text_element("emulator", &[], e);
        }
        // An inactive definition keeps no alias but one the user chose.
        let put = |buf: &mut Buf, mut el: XmlElement| {
            if opts.inactive {
                drop_generated_alias(&mut el);
            }
            buf.raw_element(&el);
        };
        for d in &self.disks {
            put(buf, d.to_element());
        }
        for c in &self.controllers {
            put(buf, c.to_element());
        }
        let raw = |buf: &mut Buf, kind: &str| {
            for o in self.others_of(kind) {
                buf.raw_element(&o.element);
            }
        };
        raw(buf, "lease");
        raw(buf, "filesystem");
        for i in &self.interfaces {
            let mut el = i.to_element();
            if opts.inactive {
                if let Some(t) = el.child_mut("target") {
                    let generated = t
                        .attr("dev")
                        .is_some_and(|d| GENERATED_IFNAME_PREFIXES.iter().any(|p| d.starts_with(p)));
                    if generated {
                        t.remove_attr("dev");
                    }
                }
                el.children.retain(|c| !matches!(c, crate::conf::xml::XmlNode::Element(e) if e.name == "target" && e.attrs.is_empty()));
            }
            put(buf, el);
        }
        raw(buf, "smartcard");
        for c in self.serials.iter().chain(&self.parallels).chain(&self.consoles).chain(&self.channels) {
            put(buf, c.to_element());
        }
        for i in &self.inputs {
            put(buf, i.to_element());
        }
        raw(buf, "tpm");
        for g in &self.graphics {
            buf.raw_element(&g.to_element(opts));
        }
        for s in &self.sounds {
            put(buf, s.to_element());
        }
        raw(buf, "audio");
        for v in &self.videos {
            put(buf, v.to_element());
        }
        raw(buf, "hostdev");
        for o in self.others_of("redirdev") {
            buf.raw_element_expanded(&o.element);
        }
        raw(buf, "redirfilter");
        raw(buf, "hub");
        for w in &self.watchdogs {
            put(buf, w.to_element());
        }
        if let Some(m) = &self.memballoon {
            put(buf, m.to_element());
        }
        for r in &self.rngs {
            put(buf, r.to_element());
        }
        for kind in ["panic", "shmem", "memory", "iommu", "vsock"] {
            raw(buf, kind);
        }
        buf.close("devices");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_names() {
        assert_eq!(disk_name_to_index("hda"), Some(0));
        assert_eq!(disk_name_to_index("sdb"), Some(1));
        assert_eq!(disk_name_to_index("vdz"), Some(25));
        assert_eq!(disk_name_to_index("vdaa"), Some(26));
        assert_eq!(disk_name_to_index("xvda"), Some(0));
        assert_eq!(disk_name_to_index("fdc"), Some(2));
        assert_eq!(disk_name_to_index("hda1"), Some(0));
        assert_eq!(disk_name_to_index("foo"), None);
        assert_eq!(disk_name_to_index("hd"), None);
    }

    #[test]
    fn macs() {
        let m = MacAddr::parse("52:54:00:AA:bb:c").unwrap();
        assert_eq!(m.to_string(), "52:54:00:aa:bb:0c");
        assert!(MacAddr::parse("zz").is_none());
        assert!(MacAddr::parse("01:00:00:00:00:00").unwrap().is_multicast());
        let g = MacAddr::generate();
        assert_eq!(&g.0[..3], &[0x52, 0x54, 0x00]);
    }

    #[test]
    fn c_uints() {
        assert_eq!(parse_c_uint("0x1f"), Some(31));
        assert_eq!(parse_c_uint("010"), Some(8));
        assert_eq!(parse_c_uint("3"), Some(3));
        assert_eq!(parse_c_uint("0"), Some(0));
        assert_eq!(parse_c_uint("x"), None);
    }
}
