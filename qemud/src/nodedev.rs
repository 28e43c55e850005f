//! Host inventory for qemud's QEMU driver: node devices read from /sys as libvirt's
//! udev backend reports them (read-only), with lifecycle events for devices that come
//! and go; the domain capabilities probe cache lives here too, as the one piece of
//! driver state the host inventory needs besides the event subscribers.
//!
//! Devices are read afresh from /sys on every call (a few hundred small files on a
//! typical host): what is listed is what the kernel has now. Each scan is compared with
//! the previous one and the differences are raised as CREATED/DELETED events; a
//! watcher thread rescans on kernel uevents (a netlink socket) while anyone listens.
//!
//! What libvirt takes from udev's database (`/run/udev/data`) is read from it when
//! udevd keeps one: serial numbers, bus and model of disks, device links, USB vendor and
//! product names. PCI names come from `pci.ids`, as libvirt's libpciaccess lookup.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parking_lot::Mutex;
use virt::conf::nodedev::CAP_TYPES;
use virt::conf::xml::escape;
use virt::driver::{EventObject, NodeDeviceId, ObjectEvent, ObjectEventBus, ObjectEventId, ObjectEventSink};
use virt::error::{Code, Domain, Error, Result};

use crate::qemu::domcaps::ProbeCache;

const FROM: Domain = Domain::VIR_FROM_NODEDEV;

/// `VIR_CONNECT_LIST_NODE_DEVICES_CAP_*` (every capability bit) and INACTIVE/ACTIVE.
const LIST_CAPS: u32 = (1 << CAP_TYPES.len()) - 1;
const LIST_INACTIVE: u32 = 1 << 30;
const LIST_ACTIVE: u32 = 1 << 31;

/// `VIR_NODE_DEVICE_EVENT_CREATED` / `_DELETED`.
const EVENT_CREATED: i32 = 0;
const EVENT_DELETED: i32 = 1;

/// The driver's host inventory state.
#[derive(Default)]
pub struct Inventory {
    /// QEMU probes for domain capabilities, per binary and accelerator.
    pub probes: ProbeCache,
    events: Arc<Events>,
}

/// Node device event subscribers and the names seen by the last scan.
#[derive(Default)]
struct Events {
    sinks: ObjectEventBus,
    last: Mutex<Option<Vec<String>>>,
    watching: Mutex<bool>,
}

impl Events {
    /// Compares `devs` with the last scan and tells the subscribers what changed.
    fn note(&self, devs: &[Device]) {
        let names: Vec<String> = devs.iter().map(|d| d.name.clone()).collect();
        let mut last = self.last.lock();
        let mut events = Vec::new();
        if let Some(prev) = last.as_ref() {
            for n in prev.iter().filter(|n| !names.contains(n)) {
                events.push((n.clone(), EVENT_DELETED));
            }
            for n in names.iter().filter(|n| !prev.contains(n)) {
                events.push((n.clone(), EVENT_CREATED));
            }
        }
        *last = Some(names);
        drop(last);
        if events.is_empty() {
            return;
        }
        for (name, ev) in events {
            self.sinks.emit(ObjectEvent::lifecycle(EventObject::NodeDevice(NodeDeviceId { name }), ev, 0));
        }
    }
}

impl Inventory {
    /// Every node device now, noting changes for the event subscribers.
    pub fn scan(&self) -> Vec<Device> {
        let devs = scan(Path::new("/sys"));
        self.events.note(&devs);
        devs
    }

    pub fn find(&self, name: &str) -> Result<Device> {
        self.scan().into_iter().find(|d| d.name == name).ok_or_else(|| no_device(name))
    }

    /// Starts sending node device events `id` of connection `key` to `sink`.
    pub fn subscribe(&self, key: u64, id: ObjectEventId, sink: ObjectEventSink) {
        // The baseline the first events are relative to.
        if self.events.last.lock().is_none() {
            self.scan();
        }
        self.events.sinks.subscribe(key, id, sink);
        let mut watching = self.events.watching.lock();
        if !*watching {
            *watching = true;
            let events = Arc::downgrade(&self.events);
            let _ = std::thread::Builder::new().name("nodedev-watch".into()).spawn(move || watch(events));
        }
    }

    pub fn unsubscribe(&self, key: u64, id: ObjectEventId) {
        self.events.sinks.unsubscribe(key, id);
    }

    /// Stops every node device event of connection `key` (its connection closed).
    pub fn unsubscribe_all(&self, key: u64) {
        self.events.sinks.unsubscribe_all(key);
    }
}

/// Rescans /sys on kernel uevents (or every 2 s without a netlink socket) while there
/// are subscribers; ends when the last one is gone.
fn watch(events: std::sync::Weak<Events>) {
    let sock = crate::sys::uevent_socket().ok();
    loop {
        match &sock {
            Some(s) => {
                let _ = crate::sys::wait_readable(s, 2000);
                // Coalesce a burst (a veth pair is several uevents).
                std::thread::sleep(std::time::Duration::from_millis(50));
                crate::sys::drain(s);
            }
            None => std::thread::sleep(std::time::Duration::from_secs(2)),
        }
        let Some(ev) = events.upgrade() else { return };
        if ev.sinks.is_empty() {
            *ev.watching.lock() = false;
            return;
        }
        ev.note(&scan(Path::new("/sys")));
    }
}

fn no_device(name: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_NODE_DEVICE, format!("no node device with matching name '{name}'"))
}

/// One node device.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    pub name: String,
    /// The device's directory under /sys/devices (none for `computer`).
    pub path: Option<PathBuf>,
    pub parent: Option<String>,
    pub devnode: Option<String>,
    pub devlinks: Vec<String>,
    pub driver: Option<String>,
    pub cap: Cap,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cap {
    System(System),
    Pci(Pci),
    UsbDevice { bus: u32, device: u32, product: u32, product_name: Option<String>, vendor: u32, vendor_name: Option<String> },
    UsbInterface { number: u32, class: u32, subclass: u32, protocol: u32 },
    Net(Net),
    Storage(Storage),
    ScsiHost { host: u32, unique_id: Option<i64> },
    ScsiTarget { target: String },
    Scsi { host: u32, bus: u32, target: u32, lun: u32, kind: Option<String> },
    ScsiGeneric { char_dev: String },
}

impl Cap {
    /// The capability type name (`virNodeDevCapType`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Cap::System(_) => "system",
            Cap::Pci(_) => "pci",
            Cap::UsbDevice { .. } => "usb_device",
            Cap::UsbInterface { .. } => "usb",
            Cap::Net(_) => "net",
            Cap::Storage(_) => "storage",
            Cap::ScsiHost { .. } => "scsi_host",
            Cap::ScsiTarget { .. } => "scsi_target",
            Cap::Scsi { .. } => "scsi",
            Cap::ScsiGeneric { .. } => "scsi_generic",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct System {
    pub product: Option<String>,
    pub hw_vendor: Option<String>,
    pub hw_version: Option<String>,
    pub hw_serial: Option<String>,
    pub uuid: String,
    pub fw_vendor: Option<String>,
    pub fw_version: Option<String>,
    pub fw_date: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pci {
    pub class: u32,
    pub domain: u32,
    pub bus: u32,
    pub slot: u32,
    pub function: u32,
    pub product: u32,
    pub product_name: Option<String>,
    pub vendor: u32,
    pub vendor_name: Option<String>,
    pub iommu_group: Option<(u32, Vec<(u32, u32, u32, u32)>)>,
    pub numa_node: Option<i32>,
    /// PCI Express, with its link (port, cap speed, cap width, sta speed, sta width).
    pub pcie: Option<Option<(u32, u32, u32, u32, u32)>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Net {
    pub ifname: String,
    pub address: String,
    pub speed: Option<u32>,
    pub state: String,
    pub wireless: bool,
    /// Offload features (ethtool), in libvirt's order.
    pub features: Vec<&'static str>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Storage {
    pub block: String,
    pub bus: Option<String>,
    pub drive_type: String,
    pub model: Option<String>,
    pub vendor: Option<String>,
    pub serial: Option<String>,
    pub size: u64,
    pub logical_block_size: u64,
}

fn read(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok().map(|s| s.trim_end_matches('\n').to_string())
}

fn read_trim(p: &Path) -> Option<String> {
    read(p).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn hex(s: Option<String>) -> Option<u32> {
    let s = s?;
    u32::from_str_radix(s.trim().trim_start_matches("0x"), 16).ok()
}

/// `KEY=VALUE` lines of a device's `uevent` file.
fn uevent(dir: &Path) -> HashMap<String, String> {
    read(&dir.join("uevent"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

/// udev's database entry for a device: its properties (`E:`) and links (`S:`).
#[derive(Default)]
struct UdevDb {
    props: HashMap<String, String>,
    links: Vec<String>,
}

fn udev_db(id: &str) -> UdevDb {
    let mut db = UdevDb::default();
    let Some(text) = read(&Path::new("/run/udev/data").join(id)) else { return db };
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("E:") {
            if let Some((k, v)) = p.split_once('=') {
                db.props.insert(k.to_string(), v.to_string());
            }
        } else if let Some(l) = line.strip_prefix("S:") {
            db.links.push(format!("/dev/{l}"));
        }
    }
    db
}

/// `<subsystem>_<sysname>[_<suffix>]` with every character but letters and digits
/// made `_`, as libvirt names udev devices.
fn device_name(subsystem: &str, sysname: &str, suffix: Option<&str>) -> String {
    let mut n = format!("{subsystem}_{sysname}");
    if let Some(s) = suffix {
        n.push('_');
        n.push_str(s);
    }
    n.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

fn driver_of(dir: &Path) -> Option<String> {
    std::fs::read_link(dir.join("driver")).ok()?.file_name()?.to_str().map(str::to_string)
}

/// Every device directory of `class_dir` (a /sys/bus/*/devices or /sys/class/* dir),
/// resolved to its /sys/devices path, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> = rd.flatten().filter_map(|e| std::fs::canonicalize(e.path()).ok()).collect();
    v.sort();
    v
}

/// `pci.ids`, read once: vendor names by vendor id, device names by (vendor, device).
struct PciIds {
    vendors: HashMap<u32, String>,
    devices: HashMap<(u32, u32), String>,
}

fn pci_ids() -> &'static PciIds {
    static IDS: std::sync::OnceLock<PciIds> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids = PciIds { vendors: HashMap::new(), devices: HashMap::new() };
        let Some(bytes) = ["/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"].iter().find_map(|p| std::fs::read(p).ok())
        else {
            return ids;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut vendor = None;
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if line.starts_with("C ") {
                break; // device classes follow the vendors
            }
            let parse = |l: &str| -> Option<(u32, String)> {
                let (id, name) = l.split_once("  ")?;
                Some((u32::from_str_radix(id.trim(), 16).ok()?, name.trim().to_string()))
            };
            if let Some(rest) = line.strip_prefix('\t') {
                if rest.starts_with('\t') {
                    continue; // subsystems
                }
                if let (Some(v), Some((id, name))) = (vendor, parse(rest)) {
                    ids.devices.insert((v, id), name);
                }
            } else if let Some((id, name)) = parse(line) {
                vendor = Some(id);
                ids.vendors.insert(id, name);
            }
        }
        ids
    })
}

/// Names of a PCI vendor and device from `pci.ids`, as libpciaccess finds them.
fn pci_names(vendor: u32, product: u32) -> (Option<String>, Option<String>) {
    let ids = pci_ids();
    (ids.vendors.get(&vendor).cloned(), ids.devices.get(&(vendor, product)).cloned())
}

fn system(sys: &Path) -> System {
    let dmi = sys.join("devices/virtual/dmi/id");
    let get = |f: &str| read_trim(&dmi.join(f));
    System {
        product: get("product_name"),
        hw_vendor: get("sys_vendor"),
        hw_version: get("product_version"),
        hw_serial: get("product_serial"),
        uuid: get("product_uuid").unwrap_or_else(|| "00000000-0000-0000-0000-000000000000".into()),
        fw_vendor: get("bios_vendor"),
        fw_version: get("bios_version"),
        fw_date: get("bios_date"),
    }
}

/// The PCI Express capability in config space: `Some(link)` when the device is PCIe.
/// What [`pcie`] found per device (config space reads trap to the hypervisor in a VM:
/// tens of ms for a whole extended space), keyed by path and ids.
type PcieKey = (PathBuf, u32, u32, u32);
static PCIE_CACHE: std::sync::OnceLock<Mutex<HashMap<PcieKey, Option<Option<(u32, u32, u32, u32, u32)>>>>> =
    std::sync::OnceLock::new();

fn pcie_cached(dir: &Path, ids: (u32, u32, u32)) -> Option<Option<(u32, u32, u32, u32, u32)>> {
    let key = (dir.to_path_buf(), ids.0, ids.1, ids.2);
    let cache = PCIE_CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().get(&key) {
        return *v;
    }
    let v = pcie(dir);
    let mut c = cache.lock();
    if c.len() > 4096 {
        c.clear();
    }
    c.insert(key, v);
    v
}

fn pcie(dir: &Path) -> Option<Option<(u32, u32, u32, u32, u32)>> {
    use std::io::Read;
    let path = dir.join("config");
    let size = std::fs::metadata(&path).ok()?.len();
    let mut cfg = Vec::with_capacity(256);
    std::fs::File::open(&path).ok()?.take(256).read_to_end(&mut cfg).ok()?;
    let b = |i: usize| cfg.get(i).copied().map(u32::from);
    let w = |i: usize| Some(b(i)? | (b(i + 1)? << 8));
    let mut found = None;
    if w(6)? & 0x10 != 0 {
        let mut pos = b(0x34)? as usize & !3;
        let mut hops = 0;
        while pos >= 0x40 && hops < 48 {
            if b(pos)? == 0x10 {
                found = Some(pos);
                break;
            }
            pos = b(pos + 1)? as usize & !3;
            hops += 1;
        }
    }
    match found {
        Some(pos) => {
            let flags = w(pos + 2)?;
            let port_type = (flags >> 4) & 0xf;
            // Root complex integrated endpoints and event collectors have no link.
            if port_type == 9 || port_type == 10 {
                return Some(None);
            }
            let cap = w(pos + 0x0c)? | (w(pos + 0x0e)? << 16);
            let sta = w(pos + 0x12)?;
            Some(Some((cap >> 24, cap & 0xf, (cap >> 4) & 0x3f, sta & 0xf, (sta >> 4) & 0x3f)))
        }
        None if size > 256 => Some(None),
        None => None,
    }
}

fn pci(dir: &Path, ev: &HashMap<String, String>) -> Option<Pci> {
    let slot = ev.get("PCI_SLOT_NAME").cloned().or_else(|| dir.file_name()?.to_str().map(str::to_string))?;
    let (dom, rest) = slot.split_once(':')?;
    let (bus, rest) = rest.split_once(':')?;
    let (sl, func) = rest.split_once('.')?;
    let vendor = hex(read(&dir.join("vendor")))?;
    let product = hex(read(&dir.join("device")))?;
    let (vendor_name, product_name) = pci_names(vendor, product);
    let iommu_group = std::fs::read_link(dir.join("iommu_group")).ok().and_then(|g| {
        let n: u32 = g.file_name()?.to_str()?.parse().ok()?;
        let mut members: Vec<(u32, u32, u32, u32)> = entries(&dir.join("iommu_group/devices"))
            .iter()
            .filter_map(|m| {
                let s = m.file_name()?.to_str()?.to_string();
                let (d, r) = s.split_once(':')?;
                let (b, r) = r.split_once(':')?;
                let (sl, f) = r.split_once('.')?;
                Some((
                    u32::from_str_radix(d, 16).ok()?,
                    u32::from_str_radix(b, 16).ok()?,
                    u32::from_str_radix(sl, 16).ok()?,
                    u32::from_str_radix(f, 16).ok()?,
                ))
            })
            .collect();
        members.sort();
        Some((n, members))
    });
    let class = hex(read(&dir.join("class")))?;
    Some(Pci {
        class,
        domain: u32::from_str_radix(dom, 16).ok()?,
        bus: u32::from_str_radix(bus, 16).ok()?,
        slot: u32::from_str_radix(sl, 16).ok()?,
        function: u32::from_str_radix(func, 16).ok()?,
        product,
        product_name,
        vendor,
        vendor_name,
        iommu_group,
        numa_node: read_trim(&dir.join("numa_node")).and_then(|n| n.parse().ok()).filter(|n: &i32| *n >= 0),
        pcie: pcie_cached(dir, (vendor, product, class)),
    })
}

fn net(dir: &Path, ev: &HashMap<String, String>) -> Option<Net> {
    let ifname = ev.get("INTERFACE").cloned().or_else(|| dir.file_name()?.to_str().map(str::to_string))?;
    let state = read_trim(&dir.join("operstate")).unwrap_or_else(|| "unknown".into());
    let speed = if state == "up" { read_trim(&dir.join("speed")).and_then(|s| s.parse::<i64>().ok()) } else { None };
    Some(Net {
        address: read_trim(&dir.join("address")).unwrap_or_default(),
        speed: speed.map(|s| s as u32),
        features: crate::sys::ethtool_features(&ifname),
        state,
        wireless: ev.get("DEVTYPE").map(String::as_str) == Some("wlan"),
        ifname,
    })
}

fn storage(dir: &Path, devnode: &str, db: &UdevDb) -> Option<Storage> {
    let prop = |k: &str| db.props.get(k).cloned().filter(|s| !s.is_empty());
    let flag = |k: &str| db.props.get(k).map(String::as_str) == Some("1");
    let drive_type = match prop("ID_TYPE").filter(|t| t != "generic") {
        Some(t) => t,
        None if flag("ID_DRIVE_FLOPPY") => "floppy".into(),
        None if flag("ID_CDROM") => "cd".into(),
        None if flag("ID_DRIVE_FLASH_SD") => "sd".into(),
        None if ["/dev/vd", "/dev/xvd", "/dev/rbd"].iter().any(|p| devnode.starts_with(p)) => "disk".into(),
        None => return None,
    };
    if drive_type != "disk" {
        return None; // removable media shapes are not reported by this driver
    }
    let sectors: u64 = read_trim(&dir.join("size"))?.parse().ok()?;
    let lbs: u64 = read_trim(&dir.join("queue/logical_block_size")).and_then(|s| s.parse().ok()).unwrap_or(512);
    Some(Storage {
        block: devnode.to_string(),
        bus: prop("ID_BUS"),
        drive_type,
        model: prop("ID_MODEL").or_else(|| read_trim(&dir.join("device/model"))),
        vendor: prop("ID_VENDOR").or_else(|| read_trim(&dir.join("device/vendor"))),
        serial: prop("ID_SCSI_SERIAL").or_else(|| prop("ID_SERIAL")),
        size: sectors * 512,
        logical_block_size: lbs.max(1),
    })
}

/// SCSI `type` numbers as libvirt names them.
fn scsi_type(n: &str) -> Option<String> {
    Some(
        match n.trim().parse::<u32>().ok()? {
            0 => "disk",
            1 => "tape",
            2 => "printer",
            3 => "processor",
            4 => "worm",
            5 => "cdrom",
            6 => "scanner",
            7 => "mo",
            8 => "changer",
            9 => "comm",
            12 => "raid",
            13 => "enclosure",
            14 => "rbc",
            15 => "osd",
            _ => return None,
        }
        .to_string(),
    )
}

/// Every node device of the host whose sysfs is at `sys`: `computer`, then the others
/// in the order of their sysfs paths, each with the nearest ancestor that is a device
/// as its parent (`computer` when none is).
pub fn scan(sys: &Path) -> Vec<Device> {
    let mut found: Vec<Device> = Vec::new();
    let mut add = |dir: PathBuf, name: String, devnode: Option<String>, links: Vec<String>, cap: Cap| {
        if found.iter().any(|d| d.name == name) {
            return;
        }
        let driver = driver_of(&dir);
        found.push(Device { name, path: Some(dir), parent: None, devnode, devlinks: links, driver, cap });
    };
    for dir in entries(&sys.join("bus/pci/devices")) {
        let ev = uevent(&dir);
        let Some(sysname) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if let Some(p) = pci(&dir, &ev) {
            add(dir, device_name("pci", &sysname, None), None, Vec::new(), Cap::Pci(p));
        }
    }
    for dir in entries(&sys.join("bus/usb/devices")) {
        let ev = uevent(&dir);
        let Some(sysname) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        let name = device_name("usb", &sysname, None);
        match ev.get("DEVTYPE").map(String::as_str) {
            Some("usb_device") => {
                let db = udev_db(&format!("c{}:{}", ev.get("MAJOR").cloned().unwrap_or_default(), ev.get("MINOR").cloned().unwrap_or_default()));
                let num = |f: &str| read_trim(&dir.join(f)).and_then(|s| s.parse().ok()).unwrap_or(0);
                let cap = Cap::UsbDevice {
                    bus: num("busnum"),
                    device: num("devnum"),
                    product: hex(read(&dir.join("idProduct"))).unwrap_or(0),
                    product_name: db.props.get("ID_MODEL_FROM_DATABASE").cloned().or_else(|| read_trim(&dir.join("product"))),
                    vendor: hex(read(&dir.join("idVendor"))).unwrap_or(0),
                    vendor_name: db
                        .props
                        .get("ID_VENDOR_FROM_DATABASE")
                        .cloned()
                        .or_else(|| read_trim(&dir.join("manufacturer"))),
                };
                let devnode = ev.get("DEVNAME").map(|n| format!("/dev/{n}"));
                add(dir, name, devnode, db.links, cap);
            }
            Some("usb_interface") => {
                let h = |f: &str| hex(read(&dir.join(f))).unwrap_or(0);
                let cap = Cap::UsbInterface {
                    number: h("bInterfaceNumber"),
                    class: h("bInterfaceClass"),
                    subclass: h("bInterfaceSubClass"),
                    protocol: h("bInterfaceProtocol"),
                };
                add(dir, name, None, Vec::new(), cap);
            }
            _ => {}
        }
    }
    for dir in entries(&sys.join("class/net")) {
        let ev = uevent(&dir);
        // libvirt's udev backend knows net devices without a DEVTYPE and wireless ones;
        // bridges, VLANs, bonds... have one and are not node devices.
        if ev.get("DEVTYPE").is_some_and(|t| t != "wlan") {
            continue;
        }
        let Some(n) = net(&dir, &ev) else { continue };
        let name = device_name("net", &n.ifname, Some(&n.address));
        add(dir, name, None, Vec::new(), Cap::Net(n));
    }
    for dir in entries(&sys.join("bus/scsi/devices")) {
        let ev = uevent(&dir);
        let Some(sysname) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        match ev.get("DEVTYPE").map(String::as_str) {
            Some("scsi_host") => {
                let Some(host) = sysname.strip_prefix("host").and_then(|h| h.parse().ok()) else { continue };
                let unique_id = read_trim(&dir.join(format!("scsi_host/{sysname}/unique_id"))).and_then(|s| s.parse().ok());
                add(dir, device_name("scsi", &sysname, None), None, Vec::new(), Cap::ScsiHost { host, unique_id });
            }
            Some("scsi_target") => {
                add(dir, device_name("scsi", &sysname, None), None, Vec::new(), Cap::ScsiTarget { target: sysname });
            }
            Some("scsi_device") => {
                let parts: Vec<u32> = sysname.split(':').filter_map(|p| p.parse().ok()).collect();
                let [host, bus, target, lun] = parts[..] else { continue };
                let kind = read(&dir.join("type")).and_then(|t| scsi_type(&t));
                add(dir, device_name("scsi", &sysname, None), None, Vec::new(), Cap::Scsi { host, bus, target, lun, kind });
            }
            _ => {}
        }
    }
    for dir in entries(&sys.join("class/scsi_generic")) {
        let ev = uevent(&dir);
        let Some(devname) = ev.get("DEVNAME") else { continue };
        let Some(sysname) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        let devnode = format!("/dev/{devname}");
        let cap = Cap::ScsiGeneric { char_dev: devnode.clone() };
        add(dir, device_name("scsi_generic", &sysname, None), Some(devnode), Vec::new(), cap);
    }
    for dir in entries(&sys.join("class/block")) {
        let ev = uevent(&dir);
        if ev.get("DEVTYPE").map(String::as_str) != Some("disk") {
            continue;
        }
        let Some(devname) = ev.get("DEVNAME") else { continue };
        let devnode = format!("/dev/{devname}");
        let db = udev_db(&format!("b{}:{}", ev.get("MAJOR").cloned().unwrap_or_default(), ev.get("MINOR").cloned().unwrap_or_default()));
        let Some(st) = storage(&dir, &devnode, &db) else { continue };
        let suffix = st.serial.clone();
        let name = device_name("block", devname, suffix.as_deref());
        add(dir, name, Some(devnode), db.links, Cap::Storage(st));
    }

    // Parents: the nearest ancestor directory that is a device.
    let by_path: HashMap<PathBuf, String> =
        found.iter().filter_map(|d| Some((d.path.clone()?, d.name.clone()))).collect();
    for d in &mut found {
        let mut parent = "computer".to_string();
        if let Some(p) = &d.path {
            let mut cur = p.parent();
            while let Some(c) = cur {
                if let Some(n) = by_path.get(c) {
                    parent = n.clone();
                    break;
                }
                cur = c.parent();
            }
        }
        d.parent = Some(parent);
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let computer = Device {
        name: "computer".into(),
        path: None,
        parent: None,
        devnode: None,
        devlinks: Vec::new(),
        driver: None,
        cap: Cap::System(system(sys)),
    };
    let mut all = vec![computer];
    all.extend(found);
    all
}

fn opt(o: &mut String, pad: &str, tag: &str, v: &Option<String>) {
    if let Some(v) = v {
        let _ = writeln!(o, "{pad}<{tag}>{}</{tag}>", escape(v));
    }
}

/// PCIe link speeds as libvirt prints them (`virPCIELinkSpeed`).
fn link_speed(n: u32) -> Option<&'static str> {
    Some(match n {
        1 => "2.5",
        2 => "5",
        3 => "8",
        4 => "16",
        5 => "32",
        6 => "64",
        _ => return None,
    })
}

impl Device {
    /// Capability names of `virNodeDeviceListCaps`.
    pub fn caps(&self) -> Vec<String> {
        vec![self.cap.type_name().to_string()]
    }

    pub fn has_cap(&self, cap: &str) -> bool {
        self.cap.type_name() == cap
    }

    /// The device's XML, as `virNodeDeviceGetXMLDesc` gives it.
    pub fn format(&self) -> String {
        let mut o = String::from("<device>\n");
        let _ = writeln!(o, "  <name>{}</name>", escape(&self.name));
        if let Some(p) = &self.path {
            let _ = writeln!(o, "  <path>{}</path>", escape(&p.display().to_string()));
        }
        if let Some(d) = &self.devnode {
            let _ = writeln!(o, "  <devnode type='dev'>{}</devnode>", escape(d));
        }
        for l in &self.devlinks {
            let _ = writeln!(o, "  <devnode type='link'>{}</devnode>", escape(l));
        }
        if let Some(p) = &self.parent {
            let _ = writeln!(o, "  <parent>{}</parent>", escape(p));
        }
        if let Some(d) = &self.driver {
            let _ = writeln!(o, "  <driver>\n    <name>{}</name>\n  </driver>", escape(d));
        }
        let _ = writeln!(o, "  <capability type='{}'>", self.cap.type_name());
        let p = "    ";
        match &self.cap {
            Cap::System(s) => {
                opt(&mut o, p, "product", &s.product);
                o.push_str("    <hardware>\n");
                opt(&mut o, "      ", "vendor", &s.hw_vendor);
                opt(&mut o, "      ", "version", &s.hw_version);
                opt(&mut o, "      ", "serial", &s.hw_serial);
                let _ = writeln!(o, "      <uuid>{}</uuid>", escape(&s.uuid));
                o.push_str("    </hardware>\n    <firmware>\n");
                opt(&mut o, "      ", "vendor", &s.fw_vendor);
                opt(&mut o, "      ", "version", &s.fw_version);
                opt(&mut o, "      ", "release_date", &s.fw_date);
                o.push_str("    </firmware>\n");
            }
            Cap::Pci(c) => {
                let _ = writeln!(o, "{p}<class>0x{:06x}</class>", c.class);
                let _ = writeln!(o, "{p}<domain>{}</domain>\n{p}<bus>{}</bus>", c.domain, c.bus);
                let _ = writeln!(o, "{p}<slot>{}</slot>\n{p}<function>{}</function>", c.slot, c.function);
                named_id(&mut o, "product", c.product, &c.product_name);
                named_id(&mut o, "vendor", c.vendor, &c.vendor_name);
                if let Some((n, members)) = &c.iommu_group {
                    let _ = writeln!(o, "{p}<iommuGroup number='{n}'>");
                    for (d, b, s, f) in members {
                        let _ = writeln!(
                            o,
                            "{p}  <address domain='0x{d:04x}' bus='0x{b:02x}' slot='0x{s:02x}' function='0x{f:x}'/>"
                        );
                    }
                    let _ = writeln!(o, "{p}</iommuGroup>");
                }
                if let Some(n) = c.numa_node {
                    let _ = writeln!(o, "{p}<numa node='{n}'/>");
                }
                match &c.pcie {
                    None => {}
                    Some(None) => o.push_str("    <pci-express/>\n"),
                    Some(Some((port, cs, cw, ss, sw))) => {
                        o.push_str("    <pci-express>\n");
                        let sp = |n: u32| link_speed(n).map(|s| format!(" speed='{s}'")).unwrap_or_default();
                        let _ = writeln!(o, "{p}  <link validity='cap' port='{port}'{} width='{cw}'/>", sp(*cs));
                        let _ = writeln!(o, "{p}  <link validity='sta'{} width='{sw}'/>", sp(*ss));
                        o.push_str("    </pci-express>\n");
                    }
                }
            }
            Cap::UsbDevice { bus, device, product, product_name, vendor, vendor_name } => {
                let _ = writeln!(o, "{p}<bus>{bus}</bus>\n{p}<device>{device}</device>");
                named_id(&mut o, "product", *product, product_name);
                named_id(&mut o, "vendor", *vendor, vendor_name);
            }
            Cap::UsbInterface { number, class, subclass, protocol } => {
                let _ = writeln!(o, "{p}<number>{number}</number>\n{p}<class>{class}</class>");
                let _ = writeln!(o, "{p}<subclass>{subclass}</subclass>\n{p}<protocol>{protocol}</protocol>");
            }
            Cap::Net(n) => {
                let _ = writeln!(o, "{p}<interface>{}</interface>", escape(&n.ifname));
                let _ = writeln!(o, "{p}<address>{}</address>", escape(&n.address));
                match n.speed {
                    Some(s) => {
                        let _ = writeln!(o, "{p}<link speed='{s}' state='{}'/>", escape(&n.state));
                    }
                    None => {
                        let _ = writeln!(o, "{p}<link state='{}'/>", escape(&n.state));
                    }
                }
                for f in &n.features {
                    let _ = writeln!(o, "{p}<feature name='{f}'/>");
                }
                let _ = writeln!(o, "{p}<capability type='{}'/>", if n.wireless { "80211" } else { "80203" });
            }
            Cap::Storage(s) => {
                let _ = writeln!(o, "{p}<block>{}</block>", escape(&s.block));
                opt(&mut o, p, "bus", &s.bus);
                let _ = writeln!(o, "{p}<drive_type>{}</drive_type>", escape(&s.drive_type));
                opt(&mut o, p, "model", &s.model);
                opt(&mut o, p, "vendor", &s.vendor);
                opt(&mut o, p, "serial", &s.serial);
                let _ = writeln!(o, "{p}<size>{}</size>", s.size);
                let _ = writeln!(o, "{p}<logical_block_size>{}</logical_block_size>", s.logical_block_size);
                let _ = writeln!(o, "{p}<num_blocks>{}</num_blocks>", s.size / s.logical_block_size);
            }
            Cap::ScsiHost { host, unique_id } => {
                let _ = writeln!(o, "{p}<host>{host}</host>");
                if let Some(u) = unique_id {
                    let _ = writeln!(o, "{p}<unique_id>{u}</unique_id>");
                }
            }
            Cap::ScsiTarget { target } => {
                let _ = writeln!(o, "{p}<target>{}</target>", escape(target));
            }
            Cap::Scsi { host, bus, target, lun, kind } => {
                let _ = writeln!(o, "{p}<host>{host}</host>\n{p}<bus>{bus}</bus>");
                let _ = writeln!(o, "{p}<target>{target}</target>\n{p}<lun>{lun}</lun>");
                opt(&mut o, p, "type", kind);
            }
            Cap::ScsiGeneric { char_dev } => {
                let _ = writeln!(o, "{p}<char>{}</char>", escape(char_dev));
            }
        }
        o.push_str("  </capability>\n</device>\n");
        o
    }
}

fn named_id(o: &mut String, tag: &str, id: u32, name: &Option<String>) {
    match name {
        Some(n) => {
            let _ = writeln!(o, "    <{tag} id='0x{id:04x}'>{}</{tag}>", escape(n));
        }
        None => {
            let _ = writeln!(o, "    <{tag} id='0x{id:04x}'/>");
        }
    }
}

/// `virConnectListAllNodeDevices` filtering: capability bits (any of them), and the
/// active/inactive bits (every device from /sys is active).
pub fn filter_all(devs: Vec<Device>, flags: u32) -> Result<Vec<Device>> {
    virt::driver::domain_obj::check_flags(flags, LIST_CAPS | LIST_ACTIVE | LIST_INACTIVE, "nodeConnectListAllNodeDevices", FROM)?;
    let wanted: Vec<&str> = CAP_TYPES.iter().enumerate().filter(|(i, _)| flags & (1 << i) != 0).map(|(_, t)| *t).collect();
    let state = flags & (LIST_ACTIVE | LIST_INACTIVE);
    Ok(devs
        .into_iter()
        .filter(|d| wanted.is_empty() || wanted.iter().any(|c| d.has_cap(c)))
        .filter(|_| state == 0 || state & LIST_ACTIVE != 0)
        .collect())
}

pub fn unsupported_flags(flags: u32, func: &str) -> Error {
    match virt::driver::domain_obj::check_flags(flags, 0, func, FROM) {
        Err(e) => e,
        Ok(()) => Error::internal(FROM, "no unsupported flags"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_libvirt() {
        assert_eq!(device_name("pci", "0000:00:01.0", None), "pci_0000_00_01_0");
        assert_eq!(device_name("net", "eth0", Some("52:54:00:aa:bb:cc")), "net_eth0_52_54_00_aa_bb_cc");
        assert_eq!(device_name("usb", "1-1:1.0", None), "usb_1_1_1_0");
        assert_eq!(device_name("scsi", "target0:0:0", None), "scsi_target0_0_0");
        assert_eq!(device_name("block", "sda", Some("QEMU_HARDDISK_drive-1")), "block_sda_QEMU_HARDDISK_drive_1");
    }

    #[test]
    fn net_device_formats_as_udev_backend() {
        let d = Device {
            name: "net_lo_00_00_00_00_00_00".into(),
            path: Some("/sys/devices/virtual/net/lo".into()),
            parent: Some("computer".into()),
            devnode: None,
            devlinks: Vec::new(),
            driver: None,
            cap: Cap::Net(Net {
                ifname: "lo".into(),
                address: "00:00:00:00:00:00".into(),
                speed: None,
                state: "unknown".into(),
                wireless: false,
                features: vec!["rx", "gro"],
            }),
        };
        assert_eq!(
            d.format(),
            "<device>\n  <name>net_lo_00_00_00_00_00_00</name>\n  <path>/sys/devices/virtual/net/lo</path>\n  \
             <parent>computer</parent>\n  <capability type='net'>\n    <interface>lo</interface>\n    \
             <address>00:00:00:00:00:00</address>\n    <link state='unknown'/>\n    <feature name='rx'/>\n    <feature name='gro'/>\n    <capability type='80203'/>\n  \
             </capability>\n</device>\n"
        );
    }

    /// A made-up /sys with a USB controller, a hub and its interface, and a SCSI disk
    /// chain: names and parents as libvirt forms them.
    #[test]
    fn usb_and_scsi_devices_of_a_sysfs_tree() {
        use std::os::unix::fs::symlink;
        let root = std::env::temp_dir().join(format!("nodedev-sys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let sys = root.join("sys");
        let pci = sys.join("devices/pci0000:00/0000:00:1d.0");
        let put = |dir: &Path, files: &[(&str, &str)]| {
            std::fs::create_dir_all(dir).unwrap();
            for (f, v) in files {
                std::fs::write(dir.join(f), format!("{v}\n")).unwrap();
            }
        };
        put(&pci, &[("vendor", "0x8086"), ("device", "0x293a"), ("class", "0x0c0320"), ("uevent", "PCI_SLOT_NAME=0000:00:1d.0")]);
        let hub = pci.join("usb1");
        put(&hub, &[("uevent", "MAJOR=189\nMINOR=0\nDEVNAME=bus/usb/001/001\nDEVTYPE=usb_device"), ("busnum", "1"), ("devnum", "1"),
            ("idVendor", "1d6b"), ("idProduct", "0002"), ("manufacturer", "Linux 6.1.0 ehci_hcd"), ("product", "EHCI Host Controller")]);
        let intf = hub.join("1-0:1.0");
        put(&intf, &[("uevent", "DEVTYPE=usb_interface"), ("bInterfaceNumber", "00"), ("bInterfaceClass", "09"),
            ("bInterfaceSubClass", "00"), ("bInterfaceProtocol", "00")]);
        let host = pci.join("ata1/host0");
        put(&host, &[("uevent", "DEVTYPE=scsi_host")]);
        put(&host.join("scsi_host/host0"), &[("unique_id", "1")]);
        let target = host.join("target0:0:0");
        put(&target, &[("uevent", "DEVTYPE=scsi_target")]);
        let lun = target.join("0:0:0:0");
        put(&lun, &[("uevent", "DEVTYPE=scsi_device"), ("type", "5")]);
        let sg = lun.join("scsi_generic/sg0");
        put(&sg, &[("uevent", "MAJOR=21\nMINOR=0\nDEVNAME=sg0")]);
        let link = |class: &str, target: &Path| {
            let dir = sys.join(class);
            std::fs::create_dir_all(&dir).unwrap();
            symlink(target, dir.join(target.file_name().unwrap())).unwrap();
        };
        link("bus/pci/devices", &pci);
        link("bus/usb/devices", &hub);
        link("bus/usb/devices", &intf);
        link("bus/scsi/devices", &host);
        link("bus/scsi/devices", &target);
        link("bus/scsi/devices", &lun);
        link("class/scsi_generic", &sg);

        let devs = scan(&sys);
        let tree: Vec<(String, String)> =
            devs.iter().skip(1).map(|d| (d.name.clone(), d.parent.clone().unwrap_or_default())).collect();
        let want = [
            ("pci_0000_00_1d_0", "computer"),
            ("scsi_0_0_0_0", "scsi_target0_0_0"),
            ("scsi_generic_sg0", "scsi_0_0_0_0"),
            ("scsi_host0", "pci_0000_00_1d_0"),
            ("scsi_target0_0_0", "scsi_host0"),
            ("usb_1_0_1_0", "usb_usb1"),
            ("usb_usb1", "pci_0000_00_1d_0"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(tree, want);
        let find = |n: &str| devs.iter().find(|d| d.name == n).unwrap().format();
        let hub_xml = find("usb_usb1");
        assert!(hub_xml.contains("  <devnode type='dev'>/dev/bus/usb/001/001</devnode>\n  <parent>pci_0000_00_1d_0</parent>\n"), "{hub_xml}");
        assert!(hub_xml.contains("    <bus>1</bus>\n    <device>1</device>\n    <product id='0x0002'>EHCI Host Controller</product>\n    \
            <vendor id='0x1d6b'>Linux 6.1.0 ehci_hcd</vendor>\n"), "{hub_xml}");
        assert!(find("usb_1_0_1_0").contains("<capability type='usb'>\n    <number>0</number>\n    <class>9</class>\n"));
        assert!(find("scsi_host0").contains("<host>0</host>\n    <unique_id>1</unique_id>"));
        assert!(find("scsi_0_0_0_0").contains("<lun>0</lun>\n    <type>cdrom</type>"));
        assert!(find("scsi_generic_sg0").contains("<capability type='scsi_generic'>\n    <char>/dev/sg0</char>"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn flags_filter_by_capability() {
        let devs = scan(Path::new("/sys"));
        assert_eq!(devs[0].name, "computer");
        let nets = filter_all(devs.clone(), 1 << 4).unwrap_or_default();
        assert!(nets.iter().all(|d| d.has_cap("net")));
        assert!(filter_all(devs, 1 << 27).is_err());
    }
}

/// libvirt's node device driver on a QEMU connection, read-only from /sys.
impl virt::driver::NodeDevices for crate::qemu::driver::QemuConnection {
    fn node_num_of_devices(&self, cap: Option<&str>, flags: u32) -> Result<i32> {
        if flags != 0 {
            return Err(unsupported_flags(flags, "nodeNumOfDevices"));
        }
        Ok(self.inventory.scan().iter().filter(|d| cap.map_or(true, |c| d.has_cap(c))).count() as i32)
    }

    fn node_list_devices(&self, cap: Option<&str>, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        if flags != 0 {
            return Err(unsupported_flags(flags, "nodeListDevices"));
        }
        Ok(self
            .inventory
            .scan()
            .into_iter()
            .filter(|d| cap.map_or(true, |c| d.has_cap(c)))
            .map(|d| d.name)
            .take(maxnames.max(0) as usize)
            .collect())
    }

    fn connect_list_all_node_devices(&self, flags: u32) -> Result<Vec<NodeDeviceId>> {
        Ok(filter_all(self.inventory.scan(), flags)?.into_iter().map(|d| NodeDeviceId { name: d.name }).collect())
    }

    fn node_device_lookup_by_name(&self, name: &str) -> Result<NodeDeviceId> {
        Ok(NodeDeviceId { name: self.inventory.find(name)?.name })
    }

    fn node_device_get_xml_desc(&self, name: &str, flags: u32) -> Result<String> {
        if flags != 0 {
            return Err(unsupported_flags(flags, "nodeDeviceGetXMLDesc"));
        }
        Ok(self.inventory.find(name)?.format())
    }

    fn node_device_get_parent(&self, name: &str) -> Result<Option<String>> {
        Ok(self.inventory.find(name)?.parent)
    }

    fn node_device_num_of_caps(&self, name: &str) -> Result<i32> {
        Ok(self.inventory.find(name)?.caps().len() as i32)
    }

    fn node_device_list_caps(&self, name: &str, maxnames: i32) -> Result<Vec<String>> {
        Ok(self.inventory.find(name)?.caps().into_iter().take(maxnames.max(0) as usize).collect())
    }

    fn node_device_is_active(&self, name: &str) -> Result<bool> {
        self.inventory.find(name).map(|_| true)
    }

    fn node_device_is_persistent(&self, name: &str) -> Result<bool> {
        self.inventory.find(name).map(|_| true)
    }

    /// Only mediated devices and vHBAs can be destroyed; /sys gives neither here.
    fn node_device_destroy(&self, name: &str) -> Result<()> {
        self.inventory.find(name)?;
        Err(Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, "Unsupported device type"))
    }
}
