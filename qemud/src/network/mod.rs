//! The network driver of qemud's QEMU connection (libvirt's `network` driver, as
//! `virtnetworkd` serves it next to `virtqemud`): virtual networks defined, started,
//! stopped and undefined through libvirt's API, with their bridge, firewall rules and
//! dnsmasq made on the host by [`host`].
//!
//! Persistent definitions live as `<config dir>/NAME.xml` (`/etc/libvirt/qemu/networks`),
//! autostart links under `autostart/`; a running network has a status file
//! `<state dir>/NAME.xml` (`/run/libvirt/network`) recording its live definition and
//! firewall, and dnsmasq's pid file beside it, so a restarted daemon finds it again.
//!
//! Locking: `job` serialises every change (define, start, stop, update...), held across
//! the host commands; `nets` is held only for bookkeeping, so lookups and listings never
//! wait on `ip`, `nft` or dnsmasq.

#![forbid(unsafe_code)]

pub mod host;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parking_lot::Mutex;

use virt::abi::network::virNetworkEventLifecycleType as Lifecycle;
use virt::conf::domain::DomainDef;
use virt::conf::network::{ForwardMode, Nat, NetworkDef};
use virt::conf::uuid::Uuid;
use virt::driver::network::NetworkDhcpLease;
use virt::rpc::protocol::NetworkGetDhcpLeasesRet;
use virt::driver::{EventObject, NetworkId, Networks, ObjectEvent, ObjectEventBus};
use virt::error::{Code, Domain, Error, Result};

use crate::qemu::driver::QemuConnection;
use crate::{info, warn};
use host::{DnsmasqFiles, Firewall};

const FROM: Domain = Domain::VIR_FROM_NETWORK;

/// Where the driver keeps its files, and whether a fresh instance gets `default`.
#[derive(Clone, Debug)]
pub struct NetworkPlaces {
    pub config: PathBuf,
    pub state: PathBuf,
    pub dnsmasq: PathBuf,
    pub define_default: bool,
}

/// The network `libvirt-daemon-config-network` installs on Debian.
const DEFAULT_NETWORK_XML: &str = "<network>
  <name>default</name>
  <bridge name='virbr0'/>
  <forward/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
    </dhcp>
  </ip>
</network>
";

// virNetworkXMLFlags, virNetworkDefineFlags/CreateFlags, virNetworkUpdateFlags
const XML_INACTIVE: u32 = 1;
const VALIDATE: u32 = 1;
const AFFECT_LIVE: u32 = 1;
const AFFECT_CONFIG: u32 = 2;
/// `VIR_NETWORK_UPDATE_SECTION_IP_DHCP_HOST` and the others this driver applies live.
const SECTION_IP_DHCP_HOST: u32 = 4;
const SECTION_IP_DHCP_RANGE: u32 = 5;
const SECTION_DNS_HOST: u32 = 10;
const SECTION_DNS_TXT: u32 = 11;

/// What a running network holds on the host.
#[derive(Clone, Debug)]
struct Running {
    firewall: Firewall,
    dnsmasq: Option<i32>,
}

struct Net {
    /// The current definition (the live one while running).
    def: NetworkDef,
    /// The persistent definition saved while it runs.
    new_def: Option<NetworkDef>,
    persistent: bool,
    autostart: bool,
    run: Option<Running>,
}

impl Net {
    fn ident(&self) -> NetworkId {
        NetworkId { name: self.def.name.clone(), uuid: *self.def.uuid.as_bytes() }
    }

    fn active(&self) -> bool {
        self.run.is_some()
    }

    fn persistent_def(&self) -> &NetworkDef {
        self.new_def.as_ref().unwrap_or(&self.def)
    }
}

/// The daemon's networks.
pub struct NetworkDriver {
    places: NetworkPlaces,
    job: Mutex<()>,
    nets: Mutex<Vec<Net>>,
    /// Network lifecycle events, to the connections that asked for them.
    pub events: ObjectEventBus,
}

fn no_network_name(name: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_NETWORK, format!("no network with matching name '{name}'"))
}

fn no_network_uuid(uuid: &[u8; 16]) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_NETWORK, format!("no network with matching uuid '{}'", Uuid(*uuid)))
}

fn invalid(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, msg)
}

fn check_flags(flags: u32, allowed: u32, func: &str) -> Result<()> {
    virt::driver::domain_obj::check_flags(flags, allowed, func, FROM)
}

/// A random MAC under libvirt's 52:54:00 prefix.
fn random_mac() -> String {
    let u = Uuid::generate();
    let b = u.as_bytes();
    format!("52:54:00:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2])
}

fn config_text(def: &NetworkDef) -> String {
    format!(
        "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\nOVERWRITTEN AND LOST. \
         Changes to this xml configuration should be made using:\n  virsh net-edit {}\nor other application using the \
         libvirt API.\n-->\n\n{}",
        def.name,
        def.format()
    )
}

/// The live definition of a running network, as libvirt shows it: NAT gets its default
/// port range.
fn live_def(def: &NetworkDef) -> NetworkDef {
    let mut live = def.clone();
    if let Some(f) = live.forward.as_mut() {
        if f.mode == ForwardMode::Nat && f.nat.port.is_none() {
            f.nat = Nat { port: Some((1024, 65535)), ..f.nat.clone() };
        }
    }
    live
}

/// Writes `dir/file` atomically (temp file, rename); `durable`: fsync'd.
fn write_file(dir: &Path, file: &str, text: &str, durable: bool) -> Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::system(FROM, &format!("cannot create config directory '{}'", dir.display()), &e))?;
    let path = dir.join(file);
    let tmp = dir.join(format!(".{file}.new"));
    let r = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        if durable {
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &path)
    })();
    r.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::system(FROM, &format!("cannot write file '{}'", path.display()), &e)
    })
}

impl NetworkDriver {
    /// The driver with the networks found in `places` (a fresh system instance gets
    /// `default`), running networks of a previous daemon taken back, and autostart done.
    pub fn new(places: NetworkPlaces) -> NetworkDriver {
        let d = NetworkDriver { places, job: Mutex::new(()), nets: Mutex::new(Vec::new()), events: Default::default() };
        let fresh = !d.places.config.exists();
        d.load_configs();
        if fresh && d.places.define_default {
            d.define_default();
        }
        d.load_status();
        d
    }

    /// Starts every autostart network not running yet (at daemon start, before domains).
    pub fn autostart(&self) {
        let names: Vec<String> =
            self.nets.lock().iter().filter(|n| n.autostart && !n.active()).map(|n| n.def.name.clone()).collect();
        for name in names {
            let r = self.lookup_name(&name).and_then(|id| self.start(&id));
            match r {
                Ok(()) => info!("autostarted network '{name}'"),
                Err(e) => warn!("cannot autostart network '{name}': {}", e.message),
            }
        }
    }

    fn define_default(&self) {
        let r = NetworkDef::parse(DEFAULT_NETWORK_XML).and_then(|def| {
            let id = self.define(def)?;
            self.set_autostart(&id, true)
        });
        match r {
            Ok(()) => info!("defined the default network"),
            Err(e) => warn!("cannot define the default network: {}", e.message),
        }
    }

    fn config_file(&self, name: &str) -> PathBuf {
        self.places.config.join(format!("{name}.xml"))
    }

    fn autostart_link(&self, name: &str) -> PathBuf {
        self.places.config.join("autostart").join(format!("{name}.xml"))
    }

    fn status_file(&self, name: &str) -> PathBuf {
        self.places.state.join(format!("{name}.xml"))
    }

    fn dnsmasq_files(&self, name: &str) -> DnsmasqFiles {
        DnsmasqFiles::new(&self.places.dnsmasq, &self.places.state, name)
    }

    fn xml_files(dir: &Path) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(e) => e.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "xml")).collect(),
            Err(_) => Vec::new(),
        };
        paths.sort();
        paths
    }

    /// Loads every `*.xml` of the config dir; a bad file is logged and skipped. A file
    /// without a UUID or a bridge MAC gets them, and is saved back (as libvirt does).
    fn load_configs(&self) {
        for path in Self::xml_files(&self.places.config) {
            let r = std::fs::read_to_string(&path)
                .map_err(|e| Error::system(FROM, &format!("cannot read {}", path.display()), &e))
                .and_then(|text| {
                    let doc_has = |tag: &str| text.contains(&format!("<{tag}"));
                    let (had_uuid, had_mac) = (doc_has("uuid"), doc_has("mac"));
                    let mut def = NetworkDef::parse(&text)?;
                    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    if stem != def.name {
                        return Err(Error::internal(
                            FROM,
                            format!("Network config filename '{}' does not match network name '{}'", path.display(), def.name),
                        ));
                    }
                    let assigned = self.fill_in(&mut def);
                    let mut nets = self.nets.lock();
                    if nets.iter().any(|n| n.def.uuid == def.uuid || n.def.name == def.name) {
                        return Err(Error::internal(FROM, format!("network '{}' is defined twice", def.name)));
                    }
                    let autostart = self.autostart_link(&def.name).symlink_metadata().is_ok();
                    if !had_uuid || (!had_mac && def.mac.is_some()) || assigned {
                        write_file(&self.places.config, &format!("{}.xml", def.name), &config_text(&def), true)?;
                    }
                    nets.push(Net { def, new_def: None, persistent: true, autostart, run: None });
                    Ok(())
                });
            match r {
                Ok(()) => info!("loaded network config {}", path.display()),
                Err(e) => warn!("skipping network config {}: {}", path.display(), e.message),
            }
        }
    }

    /// Takes back the networks a previous daemon left running: each whose bridge is
    /// still there (and whose dnsmasq still runs, where it has one) is active again;
    /// the rest of one that is not is removed.
    fn load_status(&self) {
        for path in Self::xml_files(&self.places.state) {
            let r = (|| -> Result<()> {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::system(FROM, &format!("cannot read {}", path.display()), &e))?;
                let doc = virt::conf::xml::parse_document(&text, "(network_status)", FROM)?;
                let root = doc.root_element();
                if root.tag_name().name() != "networkstatus" {
                    return Err(Error::internal(FROM, "not a network status file"));
                }
                let firewall = Firewall::parse(root.attribute("firewall").unwrap_or(""));
                let node = root
                    .children()
                    .find(|c| c.is_element() && c.tag_name().name() == "network")
                    .ok_or_else(|| Error::internal(FROM, "no <network> in the status file"))?;
                let def = NetworkDef::from_node(node)?;
                let files = self.dnsmasq_files(&def.name);
                let br = def.bridge.name.clone().unwrap_or_default();
                let pid = host::read_pid(&files.pid).filter(|p| host::is_our_dnsmasq(*p, &files.conf));
                let managed = matches!(def.forward_mode(), ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open);
                let alive = !managed || (host::link_exists(&br) && (pid.is_some() || !host::wants_dnsmasq(&def)));
                if !alive {
                    warn!("network '{}' did not survive the daemon's absence: cleaning up", def.name);
                    self.teardown(&def, &Running { firewall, dnsmasq: pid });
                    let _ = std::fs::remove_file(&path);
                    return Ok(());
                }
                let run = Running { firewall, dnsmasq: pid };
                let mut nets = self.nets.lock();
                match nets.iter_mut().find(|n| n.def.uuid == def.uuid) {
                    Some(n) => {
                        let saved = std::mem::replace(&mut n.def, def);
                        n.new_def = Some(saved);
                        n.run = Some(run);
                    }
                    None => nets.push(Net { def, new_def: None, persistent: false, autostart: false, run: Some(run) }),
                }
                Ok(())
            })();
            match r {
                Ok(()) => info!("took back network status {}", path.display()),
                Err(e) => warn!("skipping network status {}: {}", path.display(), e.message),
            }
        }
    }

    /// Gives a managed network a bridge name and a MAC when it has none (libvirt's
    /// `virbr%d` template, the lowest free); whether anything was filled in.
    fn fill_in(&self, def: &mut NetworkDef) -> bool {
        let managed = matches!(def.forward_mode(), ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open);
        if !managed {
            return false;
        }
        let mut changed = false;
        let template = def.bridge.name.as_deref().is_none_or(|n| n.contains("%d"));
        if template {
            let pattern = def.bridge.name.clone().unwrap_or_else(|| "virbr%d".into());
            let nets = self.nets.lock();
            let taken = |b: &str| {
                nets.iter().any(|n| n.def.uuid != def.uuid && n.def.bridge.name.as_deref() == Some(b)) || host::link_exists(b)
            };
            if let Some(name) = (0..256).map(|i| pattern.replacen("%d", &i.to_string(), 1)).find(|b| !taken(b)) {
                def.bridge.name = Some(name);
                changed = true;
            }
        }
        if def.mac.is_none() {
            def.mac = Some(random_mac());
            changed = true;
        }
        changed
    }

    /// libvirt's checks of a new definition against the others: the bridge name is
    /// not another network's.
    fn check_unique_bridge(nets: &[Net], def: &NetworkDef) -> Result<()> {
        if let Some(br) = &def.bridge.name {
            if nets.iter().any(|n| n.def.uuid != def.uuid && n.def.bridge.name.as_ref() == Some(br)) {
                return Err(Error::internal(FROM, format!("bridge name '{br}' already in use.")));
            }
        }
        Ok(())
    }

    /// libvirt's `virNetworkObjAssignDef` rules of name and UUID: the index of the
    /// network `def` belongs to (None: a new one).
    fn check_assign(nets: &[Net], def: &NetworkDef, live: bool) -> Result<Option<usize>> {
        if let Some(i) = nets.iter().position(|n| n.def.uuid == def.uuid) {
            let n = &nets[i];
            if n.def.name != def.name {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("network '{}' is already defined with uuid {}", n.def.name, def.uuid),
                ));
            }
            if live && n.active() {
                return Err(invalid(format!("network is already active as '{}'", n.def.name)));
            }
            return Ok(Some(i));
        }
        if let Some(other) = nets.iter().find(|n| n.def.name == def.name) {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("network '{}' already exists with uuid {}", def.name, other.def.uuid),
            ));
        }
        Ok(None)
    }

    fn emit(&self, id: &NetworkId, event: Lifecycle) {
        let ev = ObjectEvent::lifecycle(EventObject::Network(id.clone()), event as i32, 0);
        if self.events.wants(ev.event_id()) {
            self.events.emit(ev);
        }
    }

    fn with_net<R>(&self, uuid: &[u8; 16], f: impl FnOnce(&mut Net) -> Result<R>) -> Result<R> {
        let mut nets = self.nets.lock();
        let n = nets.iter_mut().find(|n| n.def.uuid.as_bytes() == uuid).ok_or_else(|| no_network_uuid(uuid))?;
        f(n)
    }

    fn lookup_name(&self, name: &str) -> Result<NetworkId> {
        self.nets.lock().iter().find(|n| n.def.name == name).map(Net::ident).ok_or_else(|| no_network_name(name))
    }

    // ---- define / undefine --------------------------------------------------------

    fn define(&self, mut def: NetworkDef) -> Result<NetworkId> {
        let _job = self.job.lock();
        {
            let nets = self.nets.lock();
            let i = Self::check_assign(&nets, &def, false)?;
            // Keep what the existing definition generated.
            if let Some(i) = i {
                let old = nets[i].persistent_def();
                if def.mac.is_none() {
                    def.mac = old.mac.clone();
                }
                if def.bridge.name.is_none() {
                    def.bridge.name = old.bridge.name.clone();
                }
            }
        }
        self.fill_in(&mut def);
        let mut nets = self.nets.lock();
        Self::check_assign(&nets, &def, false)?;
        Self::check_unique_bridge(&nets, &def)?;
        write_file(&self.places.config, &format!("{}.xml", def.name), &config_text(&def), true)?;
        let id = NetworkId { name: def.name.clone(), uuid: *def.uuid.as_bytes() };
        match nets.iter_mut().find(|n| n.def.uuid == def.uuid) {
            Some(n) => {
                if n.active() {
                    n.new_def = Some(def);
                } else {
                    n.def = def;
                }
                n.persistent = true;
            }
            None => nets.push(Net { def, new_def: None, persistent: true, autostart: false, run: None }),
        }
        drop(nets);
        self.emit(&id, Lifecycle::VIR_NETWORK_EVENT_DEFINED);
        Ok(id)
    }

    fn undefine(&self, id: &NetworkId) -> Result<()> {
        let _job = self.job.lock();
        let mut nets = self.nets.lock();
        let i = nets.iter().position(|n| n.def.uuid.as_bytes() == &id.uuid).ok_or_else(|| no_network_uuid(&id.uuid))?;
        if !nets[i].persistent {
            return Err(invalid("can't undefine transient network".into()));
        }
        let name = nets[i].def.name.clone();
        let _ = std::fs::remove_file(self.autostart_link(&name));
        match std::fs::remove_file(self.config_file(&name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::system(FROM, &format!("cannot remove config file '{}'", self.config_file(&name).display()), &e)),
        }
        if nets[i].active() {
            nets[i].persistent = false;
            nets[i].autostart = false;
            nets[i].new_def = None;
        } else {
            nets.remove(i);
        }
        drop(nets);
        self.emit(id, Lifecycle::VIR_NETWORK_EVENT_UNDEFINED);
        Ok(())
    }

    fn set_autostart(&self, id: &NetworkId, on: bool) -> Result<()> {
        let _job = self.job.lock();
        let name = self.with_net(&id.uuid, |n| {
            if !n.persistent {
                return Err(invalid("cannot set autostart for transient network".into()));
            }
            Ok(n.def.name.clone())
        })?;
        let link = self.autostart_link(&name);
        if on {
            if link.symlink_metadata().is_err() {
                let dir = self.places.config.join("autostart");
                std::fs::create_dir_all(&dir)
                    .map_err(|e| Error::system(FROM, &format!("cannot create autostart directory '{}'", dir.display()), &e))?;
                std::os::unix::fs::symlink(self.config_file(&name), &link).map_err(|e| {
                    Error::system(FROM, &format!("Failed to create symlink '{}' to '{}'", link.display(), self.config_file(&name).display()), &e)
                })?;
            }
        } else if let Err(e) = std::fs::remove_file(&link) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(Error::system(FROM, &format!("Failed to delete symlink '{}'", link.display()), &e));
            }
        }
        self.with_net(&id.uuid, |n| {
            n.autostart = on;
            Ok(())
        })
    }

    // ---- start / stop -------------------------------------------------------------

    /// Brings `def` up on the host: nothing is left behind when it fails.
    fn bring_up(&self, def: &NetworkDef) -> Result<Running> {
        let mode = def.forward_mode();
        match mode {
            ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open => {}
            ForwardMode::Bridge => {
                let br = def.bridge.name.as_deref().unwrap_or_default();
                if def.forward.as_ref().is_some_and(|f| !f.interfaces.is_empty()) || br.is_empty() {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_CONFIG_UNSUPPORTED,
                        format!("network '{}': only <forward mode='bridge'> onto an existing <bridge name> is supported", def.name),
                    ));
                }
                if !host::link_exists(br) {
                    return Err(Error::system(
                        Domain::VIR_FROM_NONE,
                        &format!("Unable to get index for interface {br}"),
                        &std::io::Error::from_raw_os_error(libc::ENODEV),
                    ));
                }
                return Ok(Running { firewall: Firewall::None, dnsmasq: None });
            }
            other => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_CONFIG_UNSUPPORTED,
                    format!("forward mode '{}' of network '{}' is not supported by this driver", forward_name(other), def.name),
                ))
            }
        }
        let br = def.bridge.name.clone().unwrap_or_default();
        host::check_ifname(&br)?;
        host::check_collisions(def)?;
        if host::link_exists(&br) {
            return Err(Error::system(
                Domain::VIR_FROM_NONE,
                &format!("error creating bridge interface {br}"),
                &std::io::Error::from_raw_os_error(libc::EEXIST),
            ));
        }
        host::bridge_up(def)?;
        let firewall = (|| {
            if matches!(mode, ForwardMode::Nat | ForwardMode::Route) {
                host::enable_forwarding(def)?;
            }
            host::firewall_up(def)
        })();
        let firewall = match firewall {
            Ok(f) => f,
            Err(e) => {
                host::bridge_down(&br);
                return Err(e);
            }
        };
        let mut run = Running { firewall, dnsmasq: None };
        if host::wants_dnsmasq(def) {
            match host::dnsmasq_start(def, &self.places.dnsmasq, &self.dnsmasq_files(&def.name)) {
                Ok(pid) => run.dnsmasq = Some(pid),
                Err(e) => {
                    self.teardown(def, &run);
                    return Err(e);
                }
            }
        }
        Ok(run)
    }

    /// Removes what [`NetworkDriver::bring_up`] made (errors are logged).
    fn teardown(&self, def: &NetworkDef, run: &Running) {
        let files = self.dnsmasq_files(&def.name);
        if let Some(pid) = run.dnsmasq {
            host::dnsmasq_stop(pid, &files.conf);
        }
        let _ = std::fs::remove_file(&files.pid);
        let _ = std::fs::remove_file(&files.conf);
        host::firewall_down(def, run.firewall);
        if matches!(def.forward_mode(), ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open) {
            host::bridge_down(def.bridge.name.as_deref().unwrap_or_default());
        }
    }

    fn save_status(&self, def: &NetworkDef, run: &Running) -> Result<()> {
        let text = format!("<networkstatus firewall='{}'>\n{}</networkstatus>\n", run.firewall.name(), def.format());
        write_file(&self.places.state, &format!("{}.xml", def.name), &text, false)
    }

    fn start(&self, id: &NetworkId) -> Result<()> {
        let _job = self.job.lock();
        let def = self.with_net(&id.uuid, |n| {
            if n.active() {
                return Err(invalid("network is already active".into()));
            }
            Ok(live_def(&n.def))
        })?;
        let run = self.bring_up(&def)?;
        if let Err(e) = self.save_status(&def, &run) {
            self.teardown(&def, &run);
            return Err(e);
        }
        self.with_net(&id.uuid, |n| {
            let persistent = std::mem::replace(&mut n.def, def);
            if n.persistent {
                n.new_def = Some(persistent);
            }
            n.run = Some(run);
            Ok(())
        })?;
        self.emit(id, Lifecycle::VIR_NETWORK_EVENT_STARTED);
        Ok(())
    }

    fn create_transient(&self, mut def: NetworkDef) -> Result<NetworkId> {
        let _job = self.job.lock();
        let existing = {
            let nets = self.nets.lock();
            Self::check_assign(&nets, &def, true)?
        };
        if let Some(i) = existing {
            // A persistent network started with a new live definition: keep the config.
            let nets = self.nets.lock();
            if def.mac.is_none() {
                def.mac = nets[i].def.mac.clone();
            }
        }
        self.fill_in(&mut def);
        Self::check_unique_bridge(&self.nets.lock(), &def)?;
        let live = live_def(&def);
        let run = self.bring_up(&live)?;
        if let Err(e) = self.save_status(&live, &run) {
            self.teardown(&live, &run);
            return Err(e);
        }
        let id = NetworkId { name: live.name.clone(), uuid: *live.uuid.as_bytes() };
        {
            let mut nets = self.nets.lock();
            match nets.iter_mut().find(|n| n.def.uuid == live.uuid) {
                Some(n) => {
                    let persistent = std::mem::replace(&mut n.def, live);
                    n.new_def = Some(persistent);
                    n.run = Some(run);
                }
                None => nets.push(Net { def: live, new_def: None, persistent: false, autostart: false, run: Some(run) }),
            }
        }
        self.emit(&id, Lifecycle::VIR_NETWORK_EVENT_STARTED);
        Ok(id)
    }

    fn stop(&self, id: &NetworkId) -> Result<()> {
        let _job = self.job.lock();
        let (def, run) = self.with_net(&id.uuid, |n| match &n.run {
            Some(r) => Ok((n.def.clone(), r.clone())),
            None => Err(invalid(format!("network '{}' is not active", n.def.name))),
        })?;
        self.teardown(&def, &run);
        let _ = std::fs::remove_file(self.status_file(&def.name));
        {
            let mut nets = self.nets.lock();
            if let Some(i) = nets.iter().position(|n| n.def.uuid.as_bytes() == &id.uuid) {
                let n = &mut nets[i];
                n.run = None;
                if n.persistent {
                    if let Some(d) = n.new_def.take() {
                        n.def = d;
                    }
                } else {
                    nets.remove(i);
                }
            }
        }
        self.emit(id, Lifecycle::VIR_NETWORK_EVENT_STOPPED);
        Ok(())
    }

    // ---- update -------------------------------------------------------------------

    fn update(&self, id: &NetworkId, command: u32, section: u32, parent_index: i32, xml: &str, mut flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "networkUpdate")?;
        let _job = self.job.lock();
        let (active, persistent, live, config) = self.with_net(&id.uuid, |n| {
            Ok((n.active(), n.persistent, n.def.clone(), n.persistent_def().clone()))
        })?;
        if flags & (AFFECT_LIVE | AFFECT_CONFIG) == 0 {
            flags |= if active { AFFECT_LIVE } else { AFFECT_CONFIG };
        }
        if !active && flags & AFFECT_LIVE != 0 {
            return Err(invalid("network is not running".into()));
        }
        if flags & AFFECT_CONFIG != 0 && !persistent {
            return Err(invalid("cannot change persistent config of a transient network".into()));
        }
        use virt::driver::test::network::update::update_section;
        let new_live = if flags & AFFECT_LIVE != 0 {
            if !matches!(section, SECTION_IP_DHCP_HOST | SECTION_IP_DHCP_RANGE | SECTION_DNS_HOST | SECTION_DNS_TXT) {
                // Checked on a copy first, so libvirt's own refusals come first.
                update_section(&mut live.clone(), command, section, parent_index, xml)?;
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_NO_SUPPORT,
                    format!("virNetworkUpdate of section {section} of running network '{}' (only DHCP hosts and ranges, DNS hosts and TXT records are updated live)", id.name),
                ));
            }
            let mut d = live.clone();
            update_section(&mut d, command, section, parent_index, xml)?;
            Some(d)
        } else {
            None
        };
        let new_config = if flags & AFFECT_CONFIG != 0 {
            let mut d = config.clone();
            update_section(&mut d, command, section, parent_index, xml)?;
            Some(d)
        } else {
            None
        };
        if let Some(d) = &new_config {
            write_file(&self.places.config, &format!("{}.xml", d.name), &config_text(d), true)?;
        }
        if let Some(d) = &new_live {
            // dnsmasq reads its hosts and ranges at start: restart it on the new config.
            let run = self.with_net(&id.uuid, |n| Ok(n.run.clone()))?;
            if let Some(run) = run {
                let files = self.dnsmasq_files(&d.name);
                if let Some(pid) = run.dnsmasq {
                    host::dnsmasq_stop(pid, &files.conf);
                }
                let pid = if host::wants_dnsmasq(d) { Some(host::dnsmasq_start(d, &self.places.dnsmasq, &files)?) } else { None };
                let run = Running { dnsmasq: pid, ..run };
                self.save_status(d, &run)?;
                self.with_net(&id.uuid, |n| {
                    n.run = Some(run);
                    Ok(())
                })?;
            }
        }
        self.with_net(&id.uuid, |n| {
            if let Some(d) = new_live {
                n.def = d;
            }
            if let Some(d) = new_config {
                if n.active() {
                    n.new_def = Some(d);
                } else {
                    n.def = d;
                }
            }
            Ok(())
        })
    }

    // ---- leases -------------------------------------------------------------------

    fn leases(&self, id: &NetworkId, mac: Option<&str>) -> Result<Vec<NetworkDhcpLease>> {
        let (def, active) = self.with_net(&id.uuid, |n| Ok((n.def.clone(), n.active())))?;
        if !active {
            return Ok(Vec::new());
        }
        let text = std::fs::read_to_string(self.dnsmasq_files(&def.name).leases).unwrap_or_default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let br = def.bridge.name.clone().unwrap_or_default();
        let mut out = Vec::new();
        for l in host::parse_leases(&text) {
            if l.expiry != 0 && l.expiry < now {
                continue;
            }
            if mac.is_some_and(|m| !m.eq_ignore_ascii_case(&l.mac)) {
                continue;
            }
            let Some(ip) = def.ips.iter().find(|i| i.contains(l.ip)) else { continue };
            let prefix = ip.effective_prefix().unwrap_or(0);
            out.push(NetworkDhcpLease {
                iface: br.clone(),
                expirytime: l.expiry,
                type_: if l.ip.is_ipv4() { 0 } else { 1 },
                mac: Some(l.mac),
                iaid: None,
                ipaddr: l.ip.to_string(),
                prefix,
                hostname: l.hostname,
                clientid: l.client_id,
            });
        }
        Ok(out)
    }

    // ---- for domains --------------------------------------------------------------

    /// The bridge of every `<interface type='network'>` network of `def`: each must
    /// exist and be active (libvirt's errors otherwise).
    pub fn bridges_for(&self, def: &DomainDef) -> Result<BTreeMap<String, String>> {
        let mut map = BTreeMap::new();
        let nets = self.nets.lock();
        for iface in def.devices.interfaces.iter().filter(|i| i.interface_type == "network") {
            let name = iface.source_network().unwrap_or_default();
            let n = nets.iter().find(|n| n.def.name == name).ok_or_else(|| no_network_name(name))?;
            if !n.active() {
                return Err(invalid(format!("network '{name}' is not active")));
            }
            let br = n.def.bridge.name.clone().ok_or_else(|| {
                Error::internal(FROM, format!("network '{name}' does not have a bridge name."))
            })?;
            map.insert(name.to_string(), br);
        }
        Ok(map)
    }
}

fn forward_name(m: ForwardMode) -> &'static str {
    match m {
        ForwardMode::None => "none",
        ForwardMode::Nat => "nat",
        ForwardMode::Route => "route",
        ForwardMode::Open => "open",
        ForwardMode::Bridge => "bridge",
        ForwardMode::Private => "private",
        ForwardMode::Vepa => "vepa",
        ForwardMode::Passthrough => "passthrough",
        ForwardMode::Hostdev => "hostdev",
    }
}

/// Whether `n` passes `virConnectListAllNetworksFlags` `flags`.
fn matches(n: &Net, flags: u32) -> bool {
    virt::driver::list_filter::objects::matches(flags, n.active(), n.persistent, n.autostart)
}

impl Networks for QemuConnection {
    fn connect_num_of_networks(&self) -> Result<i32> {
        Ok(self.networks().nets.lock().iter().filter(|n| n.active()).count() as i32)
    }

    fn connect_list_networks(&self) -> Result<Vec<String>> {
        Ok(self.networks().nets.lock().iter().filter(|n| n.active()).map(|n| n.def.name.clone()).collect())
    }

    fn connect_num_of_defined_networks(&self) -> Result<i32> {
        Ok(self.networks().nets.lock().iter().filter(|n| !n.active()).count() as i32)
    }

    fn connect_list_defined_networks(&self) -> Result<Vec<String>> {
        Ok(self.networks().nets.lock().iter().filter(|n| !n.active()).map(|n| n.def.name.clone()).collect())
    }

    fn connect_list_all_networks(&self, flags: u32) -> Result<Vec<NetworkId>> {
        check_flags(flags, virt::driver::list_filter::objects::ALL, "networkConnectListAllNetworks")?;
        Ok(self.networks().nets.lock().iter().filter(|n| matches(n, flags)).map(Net::ident).collect())
    }

    fn network_lookup_by_name(&self, name: &str) -> Result<NetworkId> {
        self.networks().lookup_name(name)
    }

    fn network_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<NetworkId> {
        self.networks().with_net(uuid, |n| Ok(n.ident()))
    }

    fn network_is_active(&self, net: &NetworkId) -> Result<bool> {
        self.networks().with_net(&net.uuid, |n| Ok(n.active()))
    }

    fn network_is_persistent(&self, net: &NetworkId) -> Result<bool> {
        self.networks().with_net(&net.uuid, |n| Ok(n.persistent))
    }

    fn network_define_xml_flags(&self, xml: &str, flags: u32) -> Result<NetworkId> {
        check_flags(flags, VALIDATE, "networkDefineXMLFlags")?;
        self.networks().define(NetworkDef::parse(xml)?)
    }

    fn network_create_xml_flags(&self, xml: &str, flags: u32) -> Result<NetworkId> {
        check_flags(flags, VALIDATE, "networkCreateXMLFlags")?;
        self.networks().create_transient(NetworkDef::parse(xml)?)
    }

    fn network_undefine(&self, net: &NetworkId) -> Result<()> {
        self.networks().undefine(net)
    }

    fn network_create(&self, net: &NetworkId) -> Result<()> {
        self.networks().start(net)
    }

    fn network_destroy(&self, net: &NetworkId) -> Result<()> {
        self.networks().stop(net)
    }

    fn network_get_xml_desc(&self, net: &NetworkId, flags: u32) -> Result<String> {
        check_flags(flags, XML_INACTIVE, "networkGetXMLDesc")?;
        self.networks().with_net(&net.uuid, |n| {
            Ok(if flags & XML_INACTIVE != 0 { n.persistent_def().format() } else { n.def.format() })
        })
    }

    fn network_get_bridge_name(&self, net: &NetworkId) -> Result<String> {
        self.networks().with_net(&net.uuid, |n| {
            n.def.bridge.name.clone().ok_or_else(|| {
                Error::internal(FROM, format!("network '{}' does not have a bridge name.", n.def.name))
            })
        })
    }

    fn network_get_autostart(&self, net: &NetworkId) -> Result<bool> {
        self.networks().with_net(&net.uuid, |n| Ok(n.autostart))
    }

    fn network_set_autostart(&self, net: &NetworkId, autostart: bool) -> Result<()> {
        self.networks().set_autostart(net, autostart)
    }

    fn network_update(&self, net: &NetworkId, command: u32, section: u32, parent_index: i32, xml: &str, flags: u32) -> Result<()> {
        self.networks().update(net, command, section, parent_index, xml, flags)
    }

    fn network_get_dhcp_leases(&self, net: &NetworkId, mac: Option<&str>, need_results: i32, flags: u32) -> Result<NetworkGetDhcpLeasesRet> {
        check_flags(flags, 0, "networkGetDHCPLeases")?;
        let leases = self.networks().leases(net, mac)?;
        let ret = leases.len() as u32;
        Ok(NetworkGetDhcpLeasesRet { leases: virt::rpc::xdr::Array(if need_results != 0 { leases } else { Vec::new() }), ret })
    }
}
