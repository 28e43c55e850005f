//! The QEMU hypervisor driver: the daemon's one [`QemuDriver`], shared by every
//! `qemu:///system` or `qemu:///session` connection of the daemon.
//!
//! The driver owns the domain list. Each domain has a *job* lock, held for the whole of
//! an operation that changes it (start, stop, suspend...; libvirt's domain job), and a
//! short *object* lock over its bookkeeping, never held across a wait on QEMU, the
//! disk or a process, so lookups and listings never wait on a guest.
//!
//! Persistent definitions live as `<config dir>/NAME.xml`, written atomically and
//! loaded when the daemon starts. A running domain is a QEMU process started with `-S`
//! ([`super::process`]), a QMP monitor on a socket in the runtime dir ([`super::qmp`]),
//! and a pid file beside it. When QEMU goes away on its own (monitor EOF, or the
//! `SHUTDOWN` event of a guest poweroff under `-no-shutdown`) the domain is marked shut
//! off, and a transient one is forgotten.

#![forbid(unsafe_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use parking_lot::Mutex;

use virt::conf::bitmap::Bitmap;
use virt::conf::domain::{DomainDef, FormatOptions, Memballoon};
use virt::driver::domain_obj::place_in_list;
use virt::driver::{
    list_filter,
    Connection, DomainEvent, DomainEventBody, DomainEventBus, DomainEventSink, DomainId, DomainInfo, DomainStats, DomainTuning, Domains, Host, JobInfo,
    NamedStats, NodeInfo, VcpuInfo,
};
use virt::error::{Code, Domain, Error, Result};
use virt::uri::Uri;

use super::argv::{self, ArgvContext};
use super::process::{self, Launch, ProcessId};
use super::qmp::{Json, Monitor, Notice, RunState};
use crate::config::Mode;
use crate::{info, warn};

mod console;
mod hotplug;
mod snapshot;
mod stats;

const FROM: Domain = Domain::VIR_FROM_QEMU;

// virDomainState and the reasons this driver reports, from the C enums.
use virt::abi::domain::{
    virDomainPausedReason as PausedReason, virDomainRunningReason as RunningReason,
    virDomainShutoffReason as ShutoffReason, virDomainState as State,
};
const RUNNING: i32 = State::VIR_DOMAIN_RUNNING as i32;
const PAUSED: i32 = State::VIR_DOMAIN_PAUSED as i32;
const SHUTOFF: i32 = State::VIR_DOMAIN_SHUTOFF as i32;
const RUNNING_BOOTED: i32 = RunningReason::VIR_DOMAIN_RUNNING_BOOTED as i32;
const RUNNING_RESTORED: i32 = RunningReason::VIR_DOMAIN_RUNNING_RESTORED as i32;
const RUNNING_UNPAUSED: i32 = RunningReason::VIR_DOMAIN_RUNNING_UNPAUSED as i32;
const PAUSED_USER: i32 = PausedReason::VIR_DOMAIN_PAUSED_USER as i32;
const SHUTOFF_UNKNOWN: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_UNKNOWN as i32;
const SHUTOFF_SHUTDOWN: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_SHUTDOWN as i32;
const SHUTOFF_DESTROYED: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_DESTROYED as i32;
const SHUTOFF_CRASHED: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_CRASHED as i32;
const SHUTOFF_SAVED: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_SAVED as i32;
const SHUTOFF_FAILED: i32 = ShutoffReason::VIR_DOMAIN_SHUTOFF_FAILED as i32;
const PAUSED_UNKNOWN: i32 = PausedReason::VIR_DOMAIN_PAUSED_UNKNOWN as i32;
const PAUSED_MIGRATION: i32 = PausedReason::VIR_DOMAIN_PAUSED_MIGRATION as i32;
/// libvirt's pause while a save writes the guest (the old value here, 8, was
/// SHUTTING_DOWN's).
const PAUSED_SAVE: i32 = PausedReason::VIR_DOMAIN_PAUSED_SAVE as i32;
const PAUSED_FROM_SNAPSHOT: i32 = PausedReason::VIR_DOMAIN_PAUSED_FROM_SNAPSHOT as i32;
/// `virDomainCreateFlags`
const START_PAUSED: u32 = 1;
const START_FORCE_BOOT: u32 = 8;
/// `VIR_DOMAIN_DESTROY_GRACEFUL`, and how long it waits for QEMU to heed SIGTERM.
const DESTROY_GRACEFUL: u32 = 1;
/// The guest agent's virtio channel, and `virConnectDomainEventAgentLifecycleState` /
/// `...Reason` values.
const AGENT_CHANNEL: &str = "org.qemu.guest_agent.0";
const AGENT_CONNECTED: i32 = 1;
const AGENT_DISCONNECTED: i32 = 2;
const AGENT_REASON_STARTED: i32 = 1;
const AGENT_REASON_CHANNEL: i32 = 2;
const GRACEFUL_WAIT: Duration = Duration::from_secs(10);
/// `VIR_DOMAIN_UNDEFINE_MANAGED_SAVE`
const UNDEFINE_MANAGED_SAVE: u32 = 1;
const UNDEFINE_NVRAM: u32 = 4;
const UNDEFINE_KEEP_NVRAM: u32 = 8;

/// `virDomainEventType` and the details this driver raises, from the C enums.
mod ev {
    use virt::abi::domain::{
        virDomainEventDefinedDetailType as Defined, virDomainEventResumedDetailType as Resumed,
        virDomainEventShutdownDetailType as Shutdown, virDomainEventStartedDetailType as Started,
        virDomainEventStoppedDetailType as Stopped, virDomainEventSuspendedDetailType as Suspended,
        virDomainEventType as Event, virDomainEventUndefinedDetailType as Undefined,
    };

    pub const DEFINED: i32 = Event::VIR_DOMAIN_EVENT_DEFINED as i32;
    pub const DEFINED_ADDED: i32 = Defined::VIR_DOMAIN_EVENT_DEFINED_ADDED as i32;
    pub const DEFINED_UPDATED: i32 = Defined::VIR_DOMAIN_EVENT_DEFINED_UPDATED as i32;
    pub const DEFINED_FROM_SNAPSHOT: i32 = Defined::VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT as i32;
    pub const UNDEFINED: i32 = Event::VIR_DOMAIN_EVENT_UNDEFINED as i32;
    pub const UNDEFINED_REMOVED: i32 = Undefined::VIR_DOMAIN_EVENT_UNDEFINED_REMOVED as i32;
    pub const STARTED: i32 = Event::VIR_DOMAIN_EVENT_STARTED as i32;
    pub const STARTED_BOOTED: i32 = Started::VIR_DOMAIN_EVENT_STARTED_BOOTED as i32;
    pub const STARTED_RESTORED: i32 = Started::VIR_DOMAIN_EVENT_STARTED_RESTORED as i32;
    pub const STARTED_FROM_SNAPSHOT: i32 = Started::VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT as i32;
    pub const SUSPENDED: i32 = Event::VIR_DOMAIN_EVENT_SUSPENDED as i32;
    pub const SUSPENDED_PAUSED: i32 = Suspended::VIR_DOMAIN_EVENT_SUSPENDED_PAUSED as i32;
    pub const SUSPENDED_RESTORED: i32 = Suspended::VIR_DOMAIN_EVENT_SUSPENDED_RESTORED as i32;
    pub const SUSPENDED_FROM_SNAPSHOT: i32 = Suspended::VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT as i32;
    pub const RESUMED: i32 = Event::VIR_DOMAIN_EVENT_RESUMED as i32;
    pub const RESUMED_UNPAUSED: i32 = Resumed::VIR_DOMAIN_EVENT_RESUMED_UNPAUSED as i32;
    pub const RESUMED_FROM_SNAPSHOT: i32 = Resumed::VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT as i32;
    pub const STOPPED: i32 = Event::VIR_DOMAIN_EVENT_STOPPED as i32;
    pub const STOPPED_SHUTDOWN: i32 = Stopped::VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN as i32;
    pub const STOPPED_DESTROYED: i32 = Stopped::VIR_DOMAIN_EVENT_STOPPED_DESTROYED as i32;
    pub const STOPPED_SAVED: i32 = Stopped::VIR_DOMAIN_EVENT_STOPPED_SAVED as i32;
    pub const STOPPED_FAILED: i32 = Stopped::VIR_DOMAIN_EVENT_STOPPED_FAILED as i32;
    pub const STOPPED_FROM_SNAPSHOT: i32 = Stopped::VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT as i32;
    pub const SHUTDOWN: i32 = Event::VIR_DOMAIN_EVENT_SHUTDOWN as i32;
    pub const SHUTDOWN_FINISHED: i32 = Shutdown::VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED as i32;
    pub const SHUTDOWN_GUEST: i32 = Shutdown::VIR_DOMAIN_EVENT_SHUTDOWN_GUEST as i32;
    pub const SHUTDOWN_HOST: i32 = Shutdown::VIR_DOMAIN_EVENT_SHUTDOWN_HOST as i32;
}

// virDomainModificationImpact, virDomainMemoryModFlags
const AFFECT_LIVE: u32 = 1;
const AFFECT_CONFIG: u32 = 2;
const MEM_MAXIMUM: u32 = 4;
// virDomainVcpuFlags
const VCPU_MAXIMUM: u32 = 4;
const VCPU_GUEST: u32 = 8;
const VCPU_HOTPLUGGABLE: u32 = 16;

// virDomainXMLFlags
const XML_SECURE: u32 = 1;
const XML_INACTIVE: u32 = 2;
const XML_UPDATE_CPU: u32 = 4;
const XML_MIGRATABLE: u32 = 8;

/// How long QEMU may take to create its monitor socket, and to answer the handshake.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// SIGTERM to SIGKILL, as `virProcessKillPainfully(force)`.
const DESTROY_GRACE: Duration = Duration::from_secs(10);

/// Where an instance keeps its files: given by its configuration.
pub use crate::config::QemuDirs as Dirs;

/// Where a starting guest's state comes from.
#[derive(Clone, Copy)]
enum Origin<'a> {
    Boot,
    /// A saved image, positioned at QEMU's migration stream.
    Image(&'a std::fs::File),
    /// An internal snapshot of the guest's disks (`-loadvm`).
    Snapshot(&'a str),
    /// A boot from disks just reverted to a snapshot: reported started "from snapshot".
    Reverted,
}

/// A running domain's QEMU.
struct Running {
    process: ProcessId,
    monitor: Arc<Monitor>,
    /// A reboot asked for a guest poweroff: its `SHUTDOWN` resets the guest instead of
    /// ending QEMU (libvirt's fake reboot).
    fake_reboot: bool,
    /// QEMU reported the guest's SHUTDOWN: the STOP that `-no-shutdown` sends after it is
    /// no pause (libvirt ignores it too); cleared when a fake reboot resumes the guest.
    got_shutdown: bool,
    /// The VNC port allocated for `autoport='yes'`, released when QEMU ends.
    vnc_port: Option<u16>,
    /// The SPICE port allocated for `autoport='yes'` (from the same range).
    spice_port: Option<u16>,
    /// Tap devices created for bridged interfaces, deleted when QEMU ends.
    taps: Vec<String>,
    /// A destroy killed (or is killing) QEMU: the end of its monitor is the destroy's
    /// to report, not a crash.
    being_destroyed: bool,
    /// The number the next medium's block nodes get (`libvirt-N-format`).
    next_node: usize,
    /// Devices asked to go (`device_del`), with the block nodes to delete after.
    unplugging: hotplug::Unplugging,
    /// Of those, the ones QEMU reported gone (`DEVICE_DELETED`), not yet completed.
    deleted: Vec<String>,
}

/// A domain of this driver: the shared bookkeeping, and its QEMU while it runs.
type DomainObj = virt::driver::domain_obj::DomainObj<Option<Running>>;

/// What [`QemuDriver::add_undoable`] changed.
enum Undo {
    Added,
    Replaced { def: Box<DomainDef>, new_def: Option<Box<DomainDef>>, persistent: bool },
}

struct Slot {
    /// Serialises operations that change the domain (libvirt's domain job).
    job: Mutex<()>,
    obj: Mutex<DomainObj>,
}

/// The daemon's QEMU driver. One per daemon; connections share it.
pub struct QemuDriver {
    mode: Mode,
    dirs: Dirs,
    me: Weak<QemuDriver>,
    domains: Mutex<Vec<Arc<Slot>>>,
    /// Ids are handed out once: never reused while the daemon runs.
    next_id: AtomicI32,
    version: OnceLock<std::result::Result<u64, String>>,
    machines: super::caps::MachineCache,
    /// VNC ports held by running domains (or by starts in progress).
    vnc_ports: Mutex<std::collections::BTreeSet<u16>>,
    /// Domain events, to the connections that asked for them.
    events: DomainEventBus,
    /// The network driver (`crate::network`).
    networks: Arc<crate::network::NetworkDriver>,
    /// Host inventory: domain capabilities probes, node devices, host interfaces.
    pub(crate) inventory: crate::nodedev::Inventory,
    /// Storage pools and volumes (`crate::storage`).
    pub(crate) storage: crate::storage::StorageDriver,
    /// Open console and channel sessions.
    consoles: console::Sessions,
    /// Every domain's snapshots (`snapshot`).
    snapshots: snapshot::Snapshots,
}

/// One client's connection to the driver: the driver, plus who to send events to.
pub struct QemuConnection {
    driver: Arc<QemuDriver>,
    /// This connection's key on the driver's event bus.
    pub(crate) key: u64,
}

impl std::ops::Deref for QemuConnection {
    type Target = QemuDriver;
    fn deref(&self) -> &QemuDriver {
        &self.driver
    }
}

/// `unsupported flags (0x..) in function <fn>`, as libvirt's `virCheckFlags`.
fn check_flags(flags: u32, allowed: u32, func: &str) -> Result<()> {
    virt::driver::domain_obj::check_flags(flags, allowed, func, FROM)
}

/// `virDomainStatsTypes` this driver reports (state, cpu-total, balloon, vcpu), and
/// the `virConnectGetAllDomainStats` flags beyond the list filters.
const STATS_SUPPORTED: u32 = 1 | 2 | 4 | 8;
const STATS_NOWAIT: u32 = 1 << 29;
const STATS_BACKING: u32 = 1 << 30;
const STATS_ENFORCE: u32 = 1 << 31;

/// One domain's statistics record for `groups`. Reads only the daemon's bookkeeping
/// and /proc: a guest that does not answer cannot stall the whole list.
fn domain_stats(slot: &Slot, groups: u32) -> DomainStats {
    use virt::driver::TypedValue::{Int, UInt, ULLong};
    let d = slot.obj.lock();
    let mut out = Vec::new();
    let mut put = |name: String, v| out.push((name, v));
    let pid = d.run.as_ref().map(|r| r.process.pid);
    if groups & 1 != 0 {
        put("state.state".into(), Int(d.state));
        put("state.reason".into(), Int(d.reason));
    }
    if groups & 2 != 0 {
        if let Some(s) = pid.and_then(process::stat) {
            put("cpu.time".into(), ULLong(process::cpu_ticks_ns(&s)));
            put("cpu.user".into(), ULLong(process::ticks_to_ns(s.utime)));
            put("cpu.system".into(), ULLong(process::ticks_to_ns(s.stime)));
        }
    }
    if groups & 4 != 0 {
        put("balloon.current".into(), ULLong(d.def.current_memory_kib()));
        put("balloon.maximum".into(), ULLong(d.def.max_memory_kib()));
        if let Some(rss) = pid.and_then(process::rss_kib) {
            put("balloon.rss".into(), ULLong(rss));
        }
    }
    if groups & 8 != 0 {
        put("vcpu.current".into(), UInt(d.def.vcpus()));
        put("vcpu.maximum".into(), UInt(d.def.max_vcpus()));
    }
    (d.ident(), out)
}

/// `virDomainMemoryStatTags` this driver reports.
const MEMORY_STAT_ACTUAL_BALLOON: i32 = 6;
const MEMORY_STAT_RSS: i32 = 7;
const MEMORY_STAT_LAST_UPDATE: i32 = 9;

/// `VIR_VCPU_RUNNING`
const VCPU_RUNNING: i32 = 1;

/// `VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN` / `VIR_DOMAIN_REBOOT_ACPI_POWER_BTN`
const POWER_ACPI: u32 = 1;
/// `VIR_DOMAIN_SHUTDOWN_GUEST_AGENT` / `VIR_DOMAIN_REBOOT_GUEST_AGENT`
const POWER_AGENT: u32 = 2;

/// What libvirt answers a call that needs the guest agent: no domain of this driver
/// has one.
fn no_agent() -> Error {
    Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "QEMU guest agent is not configured")
}

/// The guest agent alone was asked for a shutdown or reboot.
fn check_agent(flags: u32) -> Result<()> {
    if flags & POWER_AGENT != 0 && flags & POWER_ACPI == 0 {
        return Err(no_agent());
    }
    Ok(())
}

/// `(live, config)`: the definitions of `d` that `flags` affect.
fn affected(d: &DomainObj, flags: u32) -> Result<(bool, bool)> {
    virt::driver::affected_defs(d.is_active(), d.persistent, flags, FROM)
}

fn not_running() -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "domain is not running")
}

fn uuid_text(uuid: &[u8; 16]) -> String {
    virt::conf::uuid::Uuid(*uuid).to_string()
}

impl QemuDriver {
    /// The driver of a daemon in `mode`, with the definitions found in `dirs.config`.
    pub fn new(mode: Mode, dirs: Dirs) -> Arc<QemuDriver> {
        let networks = Arc::new(crate::network::NetworkDriver::new(dirs.network.clone()));
        let storage = crate::storage::StorageDriver::new(mode, &dirs.config, &dirs.runtime);
        let snapshots = snapshot::Snapshots::new(dirs.snapshot.clone());
        let driver = Arc::new_cyclic(|me| QemuDriver {
            mode,
            dirs,
            me: me.clone(),
            domains: Mutex::new(Vec::new()),
            next_id: AtomicI32::new(1),
            version: OnceLock::new(),
            machines: Default::default(),
            vnc_ports: Mutex::new(Default::default()),
            events: DomainEventBus::default(),
            networks,
            inventory: Default::default(),
            storage,
            consoles: Default::default(),
            snapshots,
        });
        driver.load_configs();
        driver.load_status();
        driver.load_snapshots();
        driver.networks.autostart();
        driver.autostart();
        driver
    }

    /// `qemuConnectOpen`'s checks: declined unless `qemu:` without a server; the path
    /// must name this daemon's instance.
    pub fn open(self: &Arc<Self>, uri: &Uri) -> Result<Option<Arc<QemuConnection>>> {
        if uri.scheme != "qemu" || uri.server.is_some() {
            return Ok(None);
        }
        let ok = match self.mode {
            Mode::System => uri.path == "/system" || uri.path == "/session",
            Mode::Session => uri.path == "/session",
        };
        if !ok {
            let want = if self.mode == Mode::System { "system" } else { "session" };
            return Err(Error::internal(FROM, format!("unexpected QEMU URI path '{}', try qemu:///{want}", uri.path)));
        }
        static NEXT_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Some(Arc::new(QemuConnection { driver: self.clone(), key: NEXT_KEY.fetch_add(1, Ordering::Relaxed) })))
    }

    /// The network driver, for `crate::network`'s slots.
    pub(crate) fn networks(&self) -> &crate::network::NetworkDriver {
        &self.networks
    }

    // ---- persistent configs -------------------------------------------------------

    fn config_file(&self, name: &str) -> PathBuf {
        self.dirs.config.join(format!("{name}.xml"))
    }

    /// Loads every `*.xml` of the config dir; a file that does not parse, whose name
    /// does not match, or that duplicates another is logged and skipped.
    fn load_configs(&self) {
        let entries = match std::fs::read_dir(&self.dirs.config) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                warn!("cannot read {}: {e}", self.dirs.config.display());
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        paths.sort();
        for path in paths {
            let loaded = std::fs::read_to_string(&path)
                .map_err(|e| Error::system(FROM, &format!("cannot read {}", path.display()), &e))
                .and_then(|text| parse_def(&text))
                .and_then(|def| {
                    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    if stem != def.name {
                        return Err(Error::internal(
                            FROM,
                            format!(
                                "Domain config filename '{}' does not match domain name '{}'",
                                path.display(),
                                def.name
                            ),
                        ));
                    }
                    let autostart = self.autostart_link(&def.name).symlink_metadata().is_ok();
                    let slot = self.add(def, true, false)?;
                    slot.obj.lock().autostart = autostart;
                    Ok(())
                });
            match loaded {
                Ok(()) => info!("loaded domain config {}", path.display()),
                Err(e) => warn!("skipping domain config {}: {}", path.display(), e.message),
            }
        }
    }

    /// Writes `def` as its config file, atomically.
    fn save_config(&self, def: &DomainDef) -> Result<()> {
        let body = def.format(FormatOptions { live_id: None, inactive: true, secure: true });
        let text = format!(
            "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\nOVERWRITTEN AND LOST. \
             Changes to this xml configuration should be made using:\n  virsh edit {}\nor other application using the \
             libvirt API.\n-->\n\n{body}",
            def.name
        );
        write_atomic(&self.dirs.config, &format!("{}.xml", def.name), &text, true)
    }

    /// Saves `def` as the persistent definition of the domain in `slot` (its job held):
    /// the one in use when shut off, the pending one while running.
    fn update_config(&self, slot: &Slot, def: DomainDef) -> Result<()> {
        self.save_config(&def)?;
        let mut d = slot.obj.lock();
        if d.is_active() {
            d.new_def = Some(def)
        } else {
            d.def = def
        }
        Ok(())
    }

    // ---- status files of running domains ------------------------------------------

    fn status_file(&self, name: &str) -> PathBuf {
        self.dirs.runtime.join(format!("{name}.xml"))
    }

    /// Records a running domain (`<domstatus>` with the process and the live XML) so a
    /// restarted daemon finds it again.
    fn save_status(&self, d: &DomainObj) -> Result<()> {
        self.save_status_as(d, d.state, d.reason)
    }

    /// [`QemuDriver::save_status`] with the state the domain is about to enter.
    fn save_status_as(&self, d: &DomainObj, state: i32, reason: i32) -> Result<()> {
        let Some(run) = &d.run else { return Ok(()) };
        let live = d.def.format(FormatOptions { live_id: Some(d.id), inactive: false, secure: true });
        let text = format!(
            "<domstatus state='{state}' reason='{reason}' pid='{}' starttime='{}' id='{}'>\n{live}</domstatus>\n",
            run.process.pid, run.process.start_time, d.id
        );
        write_atomic(&self.dirs.runtime, &format!("{}.xml", d.def.name), &text, false).map_err(|e| {
            Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("cannot save the status of domain '{}': {}", d.def.name, e.message),
            )
        })
    }

    /// Raises a lifecycle event for `d` as it is now (its id: -1 once stopped).
    fn lifecycle(&self, d: &DomainObj, event: i32, detail: i32) {
        if self.events.wants(DomainEvent::LIFECYCLE) {
            self.events.emit(DomainEvent::lifecycle(d.ident(), event, detail));
        }
    }

    /// For changes the daemon did not ask for (QEMU's own events, a reconnect): the
    /// status file lags until the next write; nothing else is at stake.
    fn save_status_or_warn(&self, d: &DomainObj) {
        if let Err(e) = self.save_status(d) {
            warn!("{}", e.message);
        }
    }

    /// Moves the running domain in `slot` (its job held) to `state`/`reason` by `op`.
    /// The status file is written first, with the new state: one that cannot be written
    /// (disk full, read-only) fails the call before anything happens to the guest. If
    /// `op` then fails, the old state is written back.
    fn change_state(&self, slot: &Slot, state: i32, reason: i32, op: impl FnOnce() -> Result<()>) -> Result<()> {
        self.save_status_as(&slot.obj.lock(), state, reason)?;
        if let Err(e) = op() {
            self.save_status_or_warn(&slot.obj.lock());
            return Err(e);
        }
        let mut d = slot.obj.lock();
        (d.state, d.reason) = (state, reason);
        Ok(())
    }

    /// Takes back the domains a previous daemon left running: each `<domstatus>` file
    /// whose QEMU is still the same process gets its monitor reconnected; the others are
    /// removed (a persistent domain is then simply shut off).
    fn load_status(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dirs.runtime) else { return };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        paths.sort();
        for path in paths {
            // Kept on failure: the QEMU it names may still run, and a later start of
            // the daemon may manage to take it back.
            if let Err(e) = self.reconnect(&path) {
                warn!("domain status {}: {}", path.display(), e.message);
            }
        }
    }

    fn reconnect(&self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::system(FROM, &format!("cannot read {}", path.display()), &e))?;
        let status = parse_status(&text).ok_or_else(|| Error::internal(FROM, "malformed status file"))?;
        let def = parse_def(status.xml)?;
        let name = def.name.clone();
        let process = ProcessId { pid: status.pid, start_time: status.start_time };
        // Even a run that ended keeps its id used.
        self.next_id.fetch_max(status.id + 1, Ordering::SeqCst);
        if !process::is_alive(&process) {
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(self.dirs.runtime.join(format!("{name}.pid")));
            let _ = std::fs::remove_file(self.dirs.runtime.join(format!("{name}.monitor")));
            info!("domain {name}: QEMU {} ended while the daemon was away", status.pid);
            return Ok(());
        }
        let sock = self.dirs.runtime.join(format!("{name}.monitor"));
        let monitor = Monitor::connect(&sock, Duration::from_secs(5), self.sink(def.uuid.0, status.id))?;
        let qemu_state = monitor.query_status()?;
        if qemu_state.state == RunState::Shutdown {
            // The guest powered off meanwhile; under -no-shutdown QEMU waits to be ended.
            drop(monitor);
            process::destroy(&process, DESTROY_GRACE)?;
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(self.dirs.runtime.join(format!("{name}.pid")));
            let _ = std::fs::remove_file(&sock);
            info!("domain {name}: the guest shut down while the daemon was away");
            return Ok(());
        }
        let slot = self.add(def, false, true)?;
        let mut d = slot.obj.lock();
        d.id = status.id;
        (d.state, d.reason) = if qemu_state.running {
            (RUNNING, if status.state == RUNNING { status.reason } else { RUNNING_UNPAUSED })
        } else if status.state == PAUSED {
            (PAUSED, status.reason)
        } else {
            (PAUSED, PAUSED_USER)
        };
        let vnc_port = d
            .def
            .devices
            .graphics
            .iter()
            .find(|g| g.graphics_type == "vnc" && g.autoport)
            .and_then(|g| u16::try_from(g.port?).ok());
        if let Some(p) = vnc_port {
            self.vnc_ports.lock().insert(p);
        }
        let spice_port = d
            .def
            .devices
            .graphics
            .iter()
            .find(|g| g.graphics_type == "spice" && g.autoport)
            .and_then(|g| u16::try_from(g.port?).ok());
        if let Some(p) = spice_port {
            self.vnc_ports.lock().insert(p);
        }
        // The taps a privileged daemon made for this guest's bridged interfaces.
        let taps = if self.mode == Mode::System {
            d.def
                .devices
                .interfaces
                .iter()
                .filter(|i| i.interface_type == "bridge" || i.interface_type == "network")
                .filter_map(|i| i.target_dev.clone())
                .collect()
        } else {
            Vec::new()
        };
        let next_node = hotplug::next_node_after(&monitor);
        d.run = Some(Running {
            process,
            monitor: Arc::new(monitor),
            fake_reboot: false,
            got_shutdown: false,
            vnc_port,
            spice_port,
            taps,
            being_destroyed: false,
            next_node,
            unplugging: Default::default(),
            deleted: Vec::new(),
        });
        self.next_id.fetch_max(status.id + 1, Ordering::SeqCst);
        info!("domain {name}: reconnected to QEMU {} as id {}", status.pid, status.id);
        self.save_status_or_warn(&d);
        Ok(())
    }

    fn managed_save_path(&self, name: &str) -> PathBuf {
        self.dirs.save.join(format!("{name}.save"))
    }

    /// Deletes `d`'s managed save image (it was restored, or is no longer wanted).
    fn remove_managed_save(&self, d: &mut DomainObj) -> Result<()> {
        let path = self.managed_save_path(&d.def.name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::system(FROM, &format!("Failed to remove managed save file '{}'", path.display()), &e))
            }
            _ => {}
        }
        d.managed_save = false;
        Ok(())
    }

    fn autostart_link(&self, name: &str) -> PathBuf {
        self.dirs.config.join("autostart").join(format!("{name}.xml"))
    }

    /// Starts, on a thread of its own, every autostart domain that is not running.
    fn autostart(&self) {
        let due: Vec<Arc<Slot>> = self
            .slots()
            .into_iter()
            .filter(|s| {
                let d = s.obj.lock();
                d.autostart && !d.is_active()
            })
            .collect();
        if due.is_empty() {
            return;
        }
        let me = self.me.clone();
        std::thread::spawn(move || {
            let Some(driver) = me.upgrade() else { return };
            for slot in due {
                let _job = slot.job.lock();
                let name = slot.obj.lock().def.name.clone();
                if slot.obj.lock().is_active() {
                    continue;
                }
                match driver.start_or_restore(&slot, 0) {
                    Ok(id) => info!("autostarted domain {name} as id {id}"),
                    Err(e) => warn!("failed to autostart domain {name}: {}", e.message),
                }
            }
        });
    }

    fn delete_config(&self, name: &str) -> Result<()> {
        let path = self.config_file(name);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::system(FROM, &format!("cannot remove config {}", path.display()), &e)),
        }
    }

    // ---- the domain list ----------------------------------------------------------

    fn slots(&self) -> Vec<Arc<Slot>> {
        self.domains.lock().clone()
    }

    fn find_slot(&self, pred: impl Fn(&DomainObj) -> bool) -> Option<Arc<Slot>> {
        self.domains.lock().iter().find(|s| pred(&s.obj.lock())).cloned()
    }

    /// The domain a handle names, by UUID as libvirt's `qemuDomainObjFromDomain`.
    fn slot(&self, dom: &DomainId) -> Result<Arc<Slot>> {
        self.find_slot(|d| d.def.uuid.as_bytes() == &dom.uuid).ok_or_else(|| {
            Error::new(
                FROM,
                Code::VIR_ERR_NO_DOMAIN,
                format!("no domain with matching uuid '{}' ({})", uuid_text(&dom.uuid), dom.name),
            )
        })
    }

    /// Forgets a domain (undefined, or a transient one that stopped), with its snapshot
    /// metadata as libvirt's `qemuDomainRemoveInactive`.
    fn remove_slot(&self, slot: &Arc<Slot>) {
        self.domains.lock().retain(|s| !Arc::ptr_eq(s, slot));
        let (name, uuid) = {
            let d = slot.obj.lock();
            (d.def.name.clone(), d.def.uuid.0)
        };
        self.snapshots.forget_domain(&name, &uuid);
    }

    /// Adds or redefines a domain, keeping names and UUIDs unique
    /// (`virDomainObjListAdd`). `live`: for a start (create_xml), which refuses an
    /// active domain and keeps an existing persistent definition for later.
    fn add(&self, def: DomainDef, persistent: bool, live: bool) -> Result<Arc<Slot>> {
        self.add_undoable(def, persistent, live).map(|(slot, _)| slot)
    }

    /// [`QemuDriver::add`], also returning what to put back to undo it.
    fn add_undoable(&self, def: DomainDef, persistent: bool, live: bool) -> Result<(Arc<Slot>, Undo)> {
        let mut list = self.domains.lock();
        let place = {
            let objs: Vec<_> = list.iter().map(|s| s.obj.lock()).collect();
            place_in_list(objs.iter().map(|d| (d.def.name.as_str(), &d.def.uuid)), &def)?
        };
        match place {
            Some(i) => {
                let slot = list[i].clone();
                let mut d = slot.obj.lock();
                let undo = Undo::Replaced {
                    def: Box::new(d.def.clone()),
                    new_def: d.new_def.clone().map(Box::new),
                    persistent: d.persistent,
                };
                d.assign_def(def, live, persistent)?;
                drop(d);
                Ok((slot, undo))
            }
            None => {
                let mut obj = DomainObj::new(def, persistent);
                obj.reason = SHUTOFF_UNKNOWN;
                obj.managed_save = self.managed_save_path(&obj.def.name).exists();
                let slot = Arc::new(Slot { job: Mutex::new(()), obj: Mutex::new(obj) });
                list.push(slot.clone());
                Ok((slot, Undo::Added))
            }
        }
    }

    fn undo(&self, slot: &Arc<Slot>, undo: Undo) {
        match undo {
            Undo::Added => self.remove_slot(slot),
            Undo::Replaced { def, new_def, persistent } => {
                let mut d = slot.obj.lock();
                (d.def, d.new_def, d.persistent) = (*def, new_def.map(|b| *b), persistent);
            }
        }
    }

    // ---- starting and stopping ----------------------------------------------------

    /// Starts the domain in `slot` (its job held by the caller): QEMU with `-S`, the
    /// monitor, then `cont` unless `paused`. Returns the new id.
    fn start(&self, slot: &Arc<Slot>, paused: bool) -> Result<i32> {
        self.start_from(slot, paused, Origin::Boot)
    }

    /// `qemuDomainObjStart`: starts the domain in `slot` (its job held), from its
    /// managed save image if it has one (deleted once the guest runs from it) unless
    /// `START_FORCE_BOOT` discards the image. Returns the new id.
    fn start_or_restore(&self, slot: &Arc<Slot>, flags: u32) -> Result<i32> {
        let paused = flags & START_PAUSED != 0;
        let image = {
            let mut d = slot.obj.lock();
            if d.managed_save && flags & START_FORCE_BOOT != 0 {
                self.remove_managed_save(&mut d)?;
            }
            d.managed_save.then(|| self.managed_save_path(&d.def.name))
        };
        let Some(image) = image else { return self.start(slot, paused) };
        // A managed save image: restore it, and delete it once the guest runs from it.
        let text = image.display().to_string();
        let mut file = std::fs::File::open(&image)
            .map_err(|e| Error::system(FROM, &format!("Failed to open domain image file '{text}'"), &e))?;
        let (xml, was_running) = read_save_image(&mut file, &text)?;
        // The guest comes back with the devices it was saved with: the image's own
        // definition runs, the persistent one (maybe changed since) waits for the next boot.
        let saved = parse_def(&xml)?;
        {
            let mut d = slot.obj.lock();
            if saved.uuid != d.def.uuid || saved.name != d.def.name {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("managed save image {text} belongs to domain '{}', not '{}'", saved.name, d.def.name),
                ));
            }
            let persistent = std::mem::replace(&mut d.def, saved);
            d.new_def = Some(persistent);
        }
        let started = self.start_from(slot, paused || !was_running, Origin::Image(&file));
        let id = started.map_err(|e| {
            let mut d = slot.obj.lock();
            if let Some(persistent) = d.new_def.take() {
                d.def = persistent;
            }
            Error::new(
                e.domain,
                e.code,
                format!("Failed to restore from managed state {text}. Maybe the file is corrupted? {}", e.message),
            )
        })?;
        if let Err(e) = self.remove_managed_save(&mut slot.obj.lock()) {
            warn!("{}", e.message);
        }
        Ok(id)
    }

    /// [`QemuDriver::start`], with the guest's state from `origin`: a saved image
    /// positioned at QEMU's migration stream, or an internal snapshot of its disks (the
    /// caller then reports the start and decides whether the guest runs).
    fn start_from(&self, slot: &Arc<Slot>, paused: bool, origin: Origin) -> Result<i32> {
        let def = {
            let d = slot.obj.lock();
            if d.is_active() {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "domain is already running"));
            }
            d.def.clone()
        };
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        make_dir(&self.dirs.runtime)?;
        make_dir(&self.dirs.log)?;
        let emulator = argv::emulator_for(&def)?;
        let sock = self.dirs.runtime.join(format!("{}.monitor", def.name));
        let mut ctx = ArgvContext::new(emulator, &sock);
        ctx.kvm = def.virt_type == "kvm" && kvm_usable();
        ctx.privileged = self.mode == Mode::System;
        let wants_port = |ty: &str| def.devices.graphics.iter().any(|g| g.graphics_type == ty && g.autoport);
        super::prepare::check_disks(&def)?;
        ctx.vnc_port = if wants_port("vnc") { Some(self.allocate_vnc_port()?) } else { None };
        let vnc_port = ctx.vnc_port;
        let release = |e: Error| {
            if let Some(p) = vnc_port {
                self.vnc_ports.lock().remove(&p);
            }
            e
        };
        ctx.spice_port = if wants_port("spice") { Some(self.allocate_vnc_port().map_err(release)?) } else { None };
        let spice_port = ctx.spice_port;
        let release = |e: Error| {
            if let Some(p) = spice_port {
                self.vnc_ports.lock().remove(&p);
            }
            release(e)
        };
        let mut def = def;
        let var = self.dirs.save.parent().unwrap_or(&self.dirs.save).to_path_buf();
        let (nvram_dir, channel_dir) = (var.join("nvram"), var.join("channel/target"));
        let fw_dirs: Vec<&Path> = super::firmware::DESCRIPTOR_DIRS.iter().map(Path::new).collect();
        let places = super::prepare::Places { nvram_dir: &nvram_dir, channel_dir: &channel_dir, firmware_dirs: &fw_dirs };
        super::prepare::prepare(&mut def, id, &places, &ctx).map_err(release)?;
        ctx.network_bridges = self.networks.bridges_for(&def).map_err(release)?;
        let taps = if ctx.privileged { plug_taps(&mut def, &ctx.network_bridges).map_err(release)? } else { Vec::new() };
        let release = |e: Error| {
            unplug_taps(&taps);
            release(e)
        };
        self.start_qemu(slot, def, ctx, paused, origin, id, taps.clone()).map_err(release)
    }

    /// The rest of a start, once the port is held: launch, monitor, restore, `cont`.
    fn start_qemu(
        &self,
        slot: &Arc<Slot>,
        def: DomainDef,
        ctx: ArgvContext,
        paused: bool,
        origin: Origin,
        id: i32,
        taps: Vec<String>,
    ) -> Result<i32> {
        let sock = ctx.qmp_socket.clone();
        let mut argv = argv::build(&*self.storage.resolve_disks(&def)?, &ctx)?;
        let incoming = match origin {
            Origin::Image(f) => Some(f),
            _ => None,
        };
        let from_snapshot = matches!(origin, Origin::Snapshot(_));
        match origin {
            Origin::Image(_) => argv.extend(["-incoming".to_string(), "defer".to_string()]),
            // libvirt 9.0 reverts to a live snapshot by starting QEMU on it.
            Origin::Snapshot(name) => argv.extend(["-loadvm".to_string(), name.to_string()]),
            Origin::Boot | Origin::Reverted => {}
        }
        let log = self.dirs.log.join(format!("{}.log", def.name));
        let process = process::launch(&Launch {
            argv: &argv,
            env: process::default_env(),
            log: &log,
            qmp_socket: Some(&sock),
            timeout: START_TIMEOUT,
        })?;
        let fail = |e: Error| {
            let _ = process::destroy(&process, Duration::from_secs(1));
            let _ = std::fs::remove_file(&sock);
            let tail = log_tail(&log);
            Error::new(e.domain, e.code, format!("{}: {tail}", e.message))
        };
        let monitor = Monitor::connect(&sock, START_TIMEOUT, self.sink(def.uuid.0, id)).map_err(fail)?;
        if let Some(image) = incoming {
            restore_into(&monitor, image).map_err(fail)?;
        }
        if let Some(period) = def.devices.memballoon.as_ref().and_then(Memballoon::stats_period) {
            monitor.set_balloon_stats_period(period).map_err(fail)?;
        }
        let chardevs = console::chardev_info(&monitor).map_err(fail)?;
        let pid_file = self.dirs.runtime.join(format!("{}.pid", def.name));
        if let Err(e) = std::fs::write(&pid_file, format!("{}", process.pid)) {
            warn!("cannot write {}: {e}", pid_file.display());
        }
        let mut d = slot.obj.lock();
        d.id = id;
        d.run = Some(Running {
            process,
            monitor: Arc::new(monitor),
            fake_reboot: false,
            got_shutdown: false,
            vnc_port: ctx.vnc_port,
            spice_port: ctx.spice_port,
            taps,
            being_destroyed: false,
            next_node: def.devices.disks.len() + 1,
            unplugging: Default::default(),
            deleted: Vec::new(),
        });
        // The live definition gets the runtime values; a persistent domain keeps its
        // own definition aside until it stops.
        if d.persistent && d.new_def.is_none() {
            d.new_def = Some(d.def.clone());
        }
        // The live definition is what QEMU runs: the taps it opened, the firmware and
        // NVRAM, socket paths and listen addresses chosen for it, the ports it listens on.
        d.def = def.clone();
        argv::set_aliases(&mut d.def);
        console::apply_live(&mut d.def, &def, &chardevs);
        // libvirt's qemuProcessRefreshChannelVirtioState at boot: the agent channel's
        // first state is told (reason: the domain started).
        let agent_state = d.def.devices.channels.iter().find(|c| c.target.name.as_deref() == Some(AGENT_CHANNEL)).and_then(|c| {
            match c.target.state.as_deref() {
                Some("connected") => Some(AGENT_CONNECTED),
                Some("disconnected") => Some(AGENT_DISCONNECTED),
                _ => None,
            }
        });
        if let Some(state) = agent_state {
            self.agent_event(&d, state, AGENT_REASON_STARTED);
        }
        console::apply_listen_defaults(&mut d.def, &ctx.vnc_listen_default);
        for (ty, port) in [("vnc", ctx.vnc_port), ("spice", ctx.spice_port)] {
            let Some(port) = port else { continue };
            for g in d.def.devices.graphics.iter_mut().filter(|g| g.graphics_type == ty && g.autoport) {
                g.port = Some(i32::from(port));
            }
        }
        (d.state, d.reason) = match (paused, incoming.is_some()) {
            _ if from_snapshot => (PAUSED, PAUSED_FROM_SNAPSHOT),
            (true, false) => (PAUSED, PAUSED_USER),
            (true, true) => (PAUSED, PAUSED_MIGRATION),
            (false, false) => (RUNNING, RUNNING_BOOTED),
            (false, true) => (RUNNING, RUNNING_RESTORED),
        };
        // The status file is written while the guest's CPUs have not run yet: a daemon
        // that cannot record the guest does not start it.
        let recorded = self.save_status(&d);
        drop(d);
        let started = recorded.and_then(|()| if paused || from_snapshot { Ok(()) } else { self.monitor(slot)?.cont() });
        if let Err(e) = started {
            self.stop(slot, SHUTOFF_FAILED);
            let tail = log_tail(&log);
            return Err(Error::new(e.domain, e.code, format!("{}: {tail}", e.message)));
        }
        info!("domain {} started as id {id}, pid {}", def.name, process.pid);
        // libvirt 9.0's order: a boot reports QEMU's `cont` (RESUMED) before STARTED.
        let d = slot.obj.lock();
        if from_snapshot {
            return Ok(id);
        }
        let events = match (paused, incoming.is_some()) {
            (false, false) => [(ev::RESUMED, ev::RESUMED_UNPAUSED), (ev::STARTED, ev::STARTED_BOOTED)],
            (true, false) => [(ev::STARTED, ev::STARTED_BOOTED), (ev::SUSPENDED, ev::SUSPENDED_PAUSED)],
            (false, true) => [(ev::STARTED, ev::STARTED_RESTORED), (ev::RESUMED, ev::RESUMED_FROM_SNAPSHOT)],
            (true, true) => [(ev::STARTED, ev::STARTED_RESTORED), (ev::SUSPENDED, ev::SUSPENDED_RESTORED)],
        };
        for (event, mut detail) in events {
            if matches!(origin, Origin::Reverted) {
                detail = match event {
                    ev::STARTED => ev::STARTED_FROM_SNAPSHOT,
                    ev::SUSPENDED => ev::SUSPENDED_FROM_SNAPSHOT,
                    _ => detail,
                };
            }
            self.lifecycle(&d, event, detail);
        }
        Ok(id)
    }

    /// The first VNC port from 5900 that no domain holds and nothing else listens on
    /// (libvirt's port allocator: the port must be free for any address).
    fn allocate_vnc_port(&self) -> Result<u16> {
        let mut held = self.vnc_ports.lock();
        for port in 5900..=65535u16 {
            if held.contains(&port) {
                continue;
            }
            // One family at a time: a live IPv4 listener would make the dual-stack IPv6
            // probe fail. A host without IPv6 only needs the IPv4 probe.
            let v4 = std::net::TcpListener::bind(("0.0.0.0", port)).is_ok();
            let v6 = match std::net::TcpListener::bind(("::", port)) {
                Ok(_) => true,
                Err(e) => e.kind() != std::io::ErrorKind::AddrInUse,
            };
            if v4 && v6 {
                held.insert(port);
                return Ok(port);
            }
        }
        Err(Error::internal(FROM, "Unable to find an unused port in range 'display' (5900-65535)"))
    }

    /// Where the monitor's notices go: the end of QEMU stops the domain, handled off
    /// the monitor's reader thread (stopping joins that thread).
    fn sink(&self, uuid: [u8; 16], id: i32) -> Box<dyn Fn(Notice) + Send> {
        let me = self.me.clone();
        Box::new(move |n| {
            let (reason, shutdown_detail) = match n {
                Notice::Event(e) if e.name == "SHUTDOWN" => {
                    let detail = match e.data.get("guest").and_then(Json::as_bool) {
                        Some(true) => ev::SHUTDOWN_GUEST,
                        Some(false) => ev::SHUTDOWN_HOST,
                        None => ev::SHUTDOWN_FINISHED,
                    };
                    // Noted before the next event (QEMU's STOP) is read.
                    if let Some(driver) = me.upgrade() {
                        driver.note_shutdown(&uuid, id);
                    }
                    (SHUTOFF_SHUTDOWN, Some(detail))
                }
                Notice::Closed(_) => (SHUTOFF_CRASHED, None),
                Notice::Event(e) if e.name == "VSERPORT_CHANGE" => {
                    if let Some(driver) = me.upgrade() {
                        let alias = e.data.get("id").and_then(Json::as_str).unwrap_or_default();
                        let open = e.data.get("open").and_then(Json::as_bool).unwrap_or(false);
                        driver.serial_changed(&uuid, id, alias, open);
                    }
                    return;
                }
                Notice::Event(e) if e.name == "DEVICE_DELETED" => {
                    if let (Some(driver), Some(alias)) = (me.upgrade(), e.data.get("device").and_then(Json::as_str)) {
                        driver.device_deleted(&uuid, id, alias);
                    }
                    return;
                }
                Notice::Event(e) => {
                    if let Some(driver) = me.upgrade() {
                        driver.qemu_event(&uuid, id, &e.name);
                    }
                    return;
                }
            };
            let me = me.clone();
            std::thread::spawn(move || {
                if let Some(driver) = me.upgrade() {
                    driver.process_ended(&uuid, id, reason, shutdown_detail);
                }
            });
        })
    }

    /// libvirt's `processSerialChangedEvent`, on the monitor's reader thread: the guest
    /// opened or closed virtio channel `alias` (`channelN`) of run `id`. The live
    /// definition's channel state follows; for the guest agent's channel, listeners of
    /// `VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE` hear of it (reason: the channel).
    fn serial_changed(&self, uuid: &[u8; 16], id: i32, alias: &str, open: bool) {
        let Some(slot) = self.find_slot(|d| d.def.uuid.as_bytes() == uuid) else { return };
        let mut d = slot.obj.lock();
        let Some(i) = alias.strip_prefix("channel").and_then(|n| n.parse::<usize>().ok()) else { return };
        if d.id != id {
            return;
        }
        let Some(c) = d.def.devices.channels.get_mut(i) else { return };
        if c.target.target_type.as_deref() != Some("virtio") {
            return;
        }
        c.target.state = Some(if open { "connected" } else { "disconnected" }.into());
        let agent = c.target.name.as_deref() == Some(AGENT_CHANNEL);
        self.save_status_or_warn(&d);
        if agent {
            self.agent_event(&d, if open { AGENT_CONNECTED } else { AGENT_DISCONNECTED }, AGENT_REASON_CHANNEL);
        }
    }

    /// Tells `VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE` listeners the agent channel's `state`.
    fn agent_event(&self, d: &DomainObj, state: i32, reason: i32) {
        if self.events.wants(DomainEvent::AGENT_LIFECYCLE) {
            self.events.emit(DomainEvent { dom: d.ident(), body: DomainEventBody::AgentLifecycle { state, reason } });
        }
    }

    /// Run `id` of domain `uuid` reported the guest's SHUTDOWN.
    fn note_shutdown(&self, uuid: &[u8; 16], id: i32) {
        let Some(slot) = self.find_slot(|d| d.def.uuid.as_bytes() == uuid) else { return };
        let mut d = slot.obj.lock();
        if d.id == id {
            if let Some(r) = d.run.as_mut() {
                r.got_shutdown = true;
            }
        }
    }

    /// QEMU's `STOP`, `RESUME` and `RESET` events, on the monitor's reader thread: it
    /// takes no job lock and sends no command. A pause or resume made by a job of ours
    /// (the job lock is held) is that job's to report; one from elsewhere (the guest, an
    /// I/O error policy) changes the state here.
    fn qemu_event(&self, uuid: &[u8; 16], id: i32, name: &str) {
        let Some(slot) = self.find_slot(|d| d.def.uuid.as_bytes() == uuid) else { return };
        let mut d = slot.obj.lock();
        if d.id != id {
            return;
        }
        match name {
            "RESET" => {
                if self.events.wants(DomainEvent::REBOOT) {
                    self.events.emit(DomainEvent { dom: d.ident(), body: DomainEventBody::Reboot });
                }
            }
            "STOP" if d.state == RUNNING && !slot.job.is_locked() && !d.run.as_ref().is_some_and(|r| r.got_shutdown) => {
                (d.state, d.reason) = (PAUSED, PAUSED_UNKNOWN);
                self.save_status_or_warn(&d);
                self.lifecycle(&d, ev::SUSPENDED, ev::SUSPENDED_PAUSED);
            }
            "RESUME" if d.state == PAUSED && !slot.job.is_locked() => {
                (d.state, d.reason) = (RUNNING, RUNNING_UNPAUSED);
                self.save_status_or_warn(&d);
                self.lifecycle(&d, ev::RESUMED, ev::RESUMED_UNPAUSED);
            }
            _ => {}
        }
    }

    /// QEMU of run `id` of domain `uuid` ended (or is ending): stop the domain, if
    /// that run is still the current one.
    fn process_ended(&self, uuid: &[u8; 16], id: i32, reason: i32, shutdown_detail: Option<i32>) {
        let Some(slot) = self.find_slot(|d| d.def.uuid.as_bytes() == uuid) else { return };
        let _job = slot.job.lock();
        let rebooting = {
            let mut d = slot.obj.lock();
            if d.id != id {
                return;
            }
            if d.run.as_ref().is_some_and(|r| r.being_destroyed) {
                return;
            }
            let run = d.run.as_mut().filter(|r| r.fake_reboot && reason == SHUTOFF_SHUTDOWN);
            run.map(|r| {
                r.fake_reboot = false;
                r.monitor.clone()
            })
        };
        if let Some(monitor) = rebooting {
            match monitor.system_reset().and_then(|()| monitor.cont()) {
                Ok(()) => {
                    let mut d = slot.obj.lock();
                    if let Some(r) = d.run.as_mut() {
                        r.got_shutdown = false;
                    }
                    (d.state, d.reason) = (RUNNING, RUNNING_BOOTED);
                    self.save_status_or_warn(&d);
                    info!("domain id {id}: rebooted");
                    return;
                }
                Err(e) => warn!("domain id {id}: reboot failed: {}", e.message),
            }
        }
        info!("domain id {id}: QEMU ended (reason {reason})");
        if let Some(detail) = shutdown_detail {
            self.lifecycle(&slot.obj.lock(), ev::SHUTDOWN, detail);
        }
        self.stop(&slot, reason);
    }

    /// Stops the domain in `slot` (its job held): kills QEMU, marks it shut off with
    /// `reason`, forgets it if transient. Raises libvirt 9.0's events: SHUTDOWN (host)
    /// then STOPPED for a destroy, STOPPED with the old id for a crash, none for a start
    /// that failed (`SHUTOFF_FAILED`: the domain never was reported started).
    fn stop(&self, slot: &Arc<Slot>, reason: i32) {
        let (run, name, transient) = {
            let mut d = slot.obj.lock();
            match reason {
                SHUTOFF_DESTROYED => self.lifecycle(&d, ev::SHUTDOWN, ev::SHUTDOWN_HOST),
                SHUTOFF_CRASHED => self.lifecycle(&d, ev::STOPPED, ev::STOPPED_FAILED),
                _ => {}
            }
            let run = d.run.take();
            let channels = console::channel_dir(&self.dirs, d.id, &d.def.name);
            self.consoles.domain_stopped(&d.def.uuid.0);
            let _ = std::fs::remove_dir_all(channels);
            d.id = -1;
            d.state = SHUTOFF;
            d.reason = reason;
            if let Some(nd) = d.new_def.take() {
                d.def = nd;
            }
            d.updated = false;
            let detail = match reason {
                SHUTOFF_SHUTDOWN => Some(ev::STOPPED_SHUTDOWN),
                SHUTOFF_DESTROYED => Some(ev::STOPPED_DESTROYED),
                SHUTOFF_SAVED => Some(ev::STOPPED_SAVED),
                _ => None,
            };
            if let Some(detail) = detail {
                self.lifecycle(&d, ev::STOPPED, detail);
            }
            (run, d.def.name.clone(), !d.persistent)
        };
        if let Some(run) = run {
            for p in run.vnc_port.iter().chain(run.spice_port.iter()) {
                self.vnc_ports.lock().remove(p);
            }
            if let Err(e) = process::destroy(&run.process, DESTROY_GRACE) {
                warn!("domain {name}: {}", e.message);
            }
            unplug_taps(&run.taps);
            // Drops the monitor (joining its reader) after QEMU is gone.
            drop(run);
        }
        let _ = std::fs::remove_file(self.dirs.runtime.join(format!("{name}.pid")));
        let _ = std::fs::remove_file(self.dirs.runtime.join(format!("{name}.monitor")));
        let _ = std::fs::remove_file(self.status_file(&name));
        if transient {
            self.remove_slot(slot);
        }
    }

    /// Saves the running domain in `slot` (its job held) to `to` as libvirt's QEMU
    /// driver does: pause, write the header and XML, let QEMU stream its state after
    /// them, then end QEMU (shut off, reason saved). Flags: `virDomainSaveRestoreFlags`.
    fn save_image(&self, slot: &Arc<Slot>, to: &Path, flags: u32) -> Result<()> {
        let (monitor, was_running, xml) = {
            let d = slot.obj.lock();
            let run = d.run.as_ref().ok_or_else(not_running)?;
            let xml = d.def.format(FormatOptions { live_id: None, inactive: true, secure: true });
            (run.monitor.clone(), d.state == RUNNING, xml)
        };
        let was_running = match flags & 6 {
            2 => true,
            4 => false,
            _ => was_running,
        };
        let running_now = slot.obj.lock().state == RUNNING;
        if running_now {
            self.change_state(slot, PAUSED, PAUSED_SAVE, || monitor.stop())?;
            self.lifecycle(&slot.obj.lock(), ev::SUSPENDED, ev::SUSPENDED_PAUSED);
        }
        let undo_pause = |e: Error| {
            let _ = std::fs::remove_file(to);
            if running_now && monitor.cont().is_ok() {
                let mut d = slot.obj.lock();
                (d.state, d.reason) = (RUNNING, RUNNING_UNPAUSED);
                self.save_status_or_warn(&d);
            }
            e
        };
        let io = |what: &str, e: std::io::Error| Error::system(FROM, &format!("{what} '{}'", to.display()), &e);
        let file = (|| -> Result<std::fs::File> {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode_0600()
                .open(to)
                .map_err(|e| io("Failed to create file", e))?;
            let mut data = xml.into_bytes();
            data.push(0);
            f.write_all(&save_header(data.len() as u32, was_running))
                .map_err(|e| io("failed to write header to", e))?;
            f.write_all(&data).map_err(|e| io("failed to write xml to", e))?;
            Ok(f)
        })()
        .map_err(undo_pause)?;
        {
            use std::os::fd::AsFd;
            monitor.migrate_to_fd(file.as_fd()).and_then(|()| wait_migration(&monitor)).map_err(undo_pause)?;
        }
        file.sync_all().map_err(|e| undo_pause(io("cannot sync", e)))?;
        drop(monitor);
        self.stop(slot, SHUTOFF_SAVED);
        Ok(())
    }

    /// libvirt's `qemuCanonicalizeMachine`: a machine alias QEMU lists (`pc`, `q35`)
    /// becomes the versioned machine it stands for (`pc-i440fx-7.2`), so the guest keeps
    /// its machine when QEMU is upgraded.
    fn canonicalize_machine(&self, def: &mut DomainDef) {
        let (Some(machine), Some(emulator)) = (def.os.machine.as_deref(), def.devices.emulator.as_deref()) else { return };
        let Some(machines) = self.machines.machines(Path::new(emulator)) else { return };
        if let Some(canonical) = machines.iter().find(|m| m.name == machine).and_then(|m| m.canonical.clone()) {
            def.os.machine = Some(canonical);
        }
    }

    /// libvirt's `qemuDomainDefSetDefaultCPU`: an x86 guest that names no CPU gets the
    /// model QEMU itself would give its machine (`qemu64` for i440fx and q35), written
    /// into the definition so it stays when QEMU's default changes; under TCG it is not
    /// compared with the host (`check='none'`).
    fn set_default_cpu(&self, def: &mut DomainDef) {
        let arch = argv::guest_arch(def);
        if def.cpu.is_some() || !matches!(arch.as_str(), "x86_64" | "i686") {
            return;
        }
        let (Some(machine), Some(emulator)) = (def.os.machine.clone(), def.devices.emulator.clone()) else { return };
        let kvm = def.virt_type == "kvm";
        let Ok(probe) = self.inventory.probes.probe(Path::new(&emulator), kvm) else { return };
        let Some(model) = probe.default_cpu_model(&machine) else { return };
        let mut cpu = if model == "host" {
            if !kvm {
                return;
            }
            virt::conf::xml::XmlElement::with_attrs("cpu", &[("mode", Some("host-passthrough".into())), ("check", Some("none".into()))])
        } else {
            let check = (!kvm).then(|| "none".to_string());
            virt::conf::xml::XmlElement::with_attrs(
                "cpu",
                &[("mode", Some("custom".into())), ("match", Some("exact".into())), ("check", check)],
            )
        };
        if model != "host" {
            let mut m = virt::conf::xml::XmlElement::with_text("model", model);
            m.set_attr("fallback", "forbid");
            cpu.push(m);
        }
        def.cpu = Some(cpu);
    }

    /// The monitor of a running domain.
    fn monitor(&self, slot: &Slot) -> Result<Arc<Monitor>> {
        let d = slot.obj.lock();
        d.run.as_ref().map(|r| r.monitor.clone()).ok_or_else(not_running)
    }

    fn version(&self) -> Result<u64> {
        self.version
            .get_or_init(qemu_version)
            .clone()
            .map_err(|e| Error::internal(FROM, format!("Cannot find QEMU binary version: {e}")))
    }
}

/// For a privileged daemon, libvirt's `virNetDevTapCreateInBridgePort` for every
/// `type='bridge'` interface of `def`: a persistent tap (the `<target dev>` given, else
/// `vnetN`) with the guest's MAC under an `fe` first byte (so the bridge never takes
/// it), made a port of the bridge and brought up; QEMU then opens it by name. Fills in
/// each interface's `<target dev>`; returns the taps made (none left on error).
fn plug_taps(def: &mut DomainDef, network_bridges: &std::collections::BTreeMap<String, String>) -> Result<Vec<String>> {
    let mut made = Vec::new();
    for iface in def.devices.interfaces.iter_mut() {
        match plug_tap(iface, network_bridges) {
            Ok(Some(tap)) => made.push(tap),
            Ok(None) => {}
            Err(e) => {
                unplug_taps(&made);
                return Err(e);
            }
        }
    }
    Ok(made)
}

/// The tap of a bridged interface (`bridge`, `network`): created, on its bridge, up, and
/// named in `iface`'s target; `None` for other kinds.
fn plug_tap(
    iface: &mut virt::conf::domain::Interface,
    network_bridges: &std::collections::BTreeMap<String, String>,
) -> Result<Option<String>> {
    if iface.interface_type != "bridge" && iface.interface_type != "network" {
        return Ok(None);
    }
    let bridge = match iface.source_network() {
        Some(net) if iface.interface_type == "network" => network_bridges.get(net).cloned().unwrap_or_default(),
        _ => iface.source_bridge().unwrap_or_default().to_string(),
    };
    let wanted = iface.target_dev.clone().filter(|n| !n.starts_with("vnet")).unwrap_or_else(|| "vnet%d".into());
    let tap = crate::sys::tap_create(&wanted)
        .map_err(|e| Error::system(FROM, &format!("Unable to create tap device {wanted}"), &e))?;
    let mut mac = iface.mac.0;
    mac[0] = 0xfe;
    let plugged = crate::sys::set_mac(&tap, mac)
        .map_err(|e| Error::system(FROM, &format!("Unable to set MAC address of {tap}"), &e))
        .and_then(|()| {
            crate::sys::bridge_add_port(&bridge, &tap)
                .map_err(|e| Error::system(FROM, &format!("Unable to add bridge {bridge} port {tap}"), &e))
        })
        .and_then(|()| crate::sys::set_up(&tap).map_err(|e| Error::system(FROM, &format!("Unable to bring up {tap}"), &e)));
    match plugged {
        Ok(()) => {
            iface.target_dev = Some(tap.clone());
            Ok(Some(tap))
        }
        Err(e) => {
            unplug_taps(std::slice::from_ref(&tap));
            Err(e)
        }
    }
}

/// Deletes taps [`plug_taps`] made; a failure is logged (the guest is gone either way).
fn unplug_taps(taps: &[String]) {
    for tap in taps {
        if let Err(e) = crate::sys::tap_delete(tap) {
            warn!("cannot delete tap device {tap}: {e}");
        }
    }
}

/// What this driver cannot run is refused when it is defined, not when it starts: the
/// command line is built once with nothing host-side decided (ports, networks, paths).
fn validate_def(def: &DomainDef) -> Result<()> {
    let emulator = def.devices.emulator.clone().unwrap_or_else(|| "qemu".into());
    let mut ctx = ArgvContext::new(emulator, "/nonexistent/monitor");
    ctx.validate_only = true;
    // KVM's availability is judged at start (the domain may move to a host that has it).
    ctx.kvm = true;
    let mut def = def.clone();
    // The firmware is chosen at start.
    if def.os.firmware.as_deref() == Some("efi") && def.os.loader.is_none() {
        def.os.firmware = None;
    }
    argv::build(&def, &ctx).map(|_| ())
}

/// libvirt's QEMU defaults: the guest architecture and machine type, the devices and
/// addresses `super::defaults` fills in.
fn parse_def(xml: &str) -> Result<DomainDef> {
    let mut def = DomainDef::parse_with_driver_defaults(xml, &super::defaults::before_generic)?;
    qemu_defaults(&mut def)?;
    Ok(def)
}

/// The defaults of [`parse_def`] again, on a parsed definition that changed (a device
/// added or replaced): what is already filled in stays.
fn redo_defaults(def: &mut DomainDef) -> Result<()> {
    def.reapply_defaults(&super::defaults::before_generic)?;
    qemu_defaults(def)
}

/// The part of [`parse_def`] after the generic post-parse.
fn qemu_defaults(def: &mut DomainDef) -> Result<()> {
    match def.virt_type.as_str() {
        "qemu" | "kvm" => {}
        other => {
            let arch = argv::guest_arch(&def);
            return Err(Error::new(
                Domain::VIR_FROM_CAPABILITIES,
                Code::VIR_ERR_INVALID_ARG,
                format!("could not find capabilities for arch={arch} domaintype={other} "),
            ));
        }
    }
    if def.os.arch.is_none() {
        def.os.arch = Some(argv::guest_arch(def));
    }
    if def.os.machine.is_none() {
        let arch = argv::guest_arch(def);
        def.os.machine = Some(argv::default_machine(&arch).to_string());
    }
    // The binary that will run it, written into the definition as libvirt does.
    if def.devices.emulator.is_none() {
        if let Ok(path) = argv::emulator_for(def) {
            def.devices.emulator = Some(path.display().to_string());
        }
    }
    // libvirt gives every QEMU guest a virtio balloon unless told `model='none'`.
    if def.devices.memballoon.is_none() {
        def.devices.memballoon =
            Some(Memballoon { model: "virtio".into(), attrs: Vec::new(), address: None, extras: Vec::new() });
    }
    super::defaults::after_generic(def)
}

/// The start of a saved image, as libvirt's `virQEMUSaveHeader`: magic, version, the
/// length of the domain XML that follows (NUL included), whether the guest was running,
/// compression (none), cookie offset, 14 unused words; then the XML, then QEMU's
/// migration stream.
const SAVE_MAGIC: &[u8; 16] = b"LibvirtQemudSave";
const SAVE_HEADER_LEN: usize = 16 + 4 * 19;
/// The longest domain XML a saved image may carry.
const SAVE_XML_MAX: u32 = 10 * 1024 * 1024;

fn save_header(xml_len: u32, was_running: bool) -> Vec<u8> {
    let mut h = SAVE_MAGIC.to_vec();
    for word in [2u32, xml_len, was_running as u32, 0, 0] {
        h.extend_from_slice(&word.to_ne_bytes());
    }
    h.resize(SAVE_HEADER_LEN, 0);
    h
}

/// Reads a saved image's header and XML; the file is left at the migration stream.
fn read_save_image(f: &mut std::fs::File, path: &str) -> Result<(String, bool)> {
    use std::io::Read as _;
    let bad = |what: &str| Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, format!("{what} in '{path}'"));
    let mut h = [0u8; SAVE_HEADER_LEN];
    f.read_exact(&mut h).map_err(|_| bad("failed to read qemu header"))?;
    if &h[..16] != SAVE_MAGIC {
        return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, "image magic is incorrect"));
    }
    let word = |i: usize| u32::from_ne_bytes([h[16 + 4 * i], h[17 + 4 * i], h[18 + 4 * i], h[19 + 4 * i]]);
    if word(0) != 2 {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("image version is not supported ({} > 2)", word(0)),
        ));
    }
    let len = word(1);
    if len == 0 || len > SAVE_XML_MAX {
        return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, "invalid XML length in saved image"));
    }
    let mut xml = vec![0u8; len as usize];
    f.read_exact(&mut xml).map_err(|_| bad("failed to read domain XML"))?;
    let end = xml.iter().position(|&b| b == 0).unwrap_or(xml.len());
    Ok((String::from_utf8_lossy(&xml[..end]).into_owned(), word(2) != 0))
}

/// Waits for QEMU's outgoing migration (a save) to finish.
fn wait_migration(monitor: &Monitor) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    let mut delay = Duration::from_micros(200);
    loop {
        let m = monitor.query_migrate()?;
        match m.status.as_str() {
            "completed" => return Ok(()),
            "failed" | "cancelled" => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("migration out job: {}", m.error.unwrap_or_else(|| m.status.clone())),
                ))
            }
            _ => {}
        }
        if std::time::Instant::now() >= deadline {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_TIMEOUT, "saving the guest took too long"));
        }
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(5));
    }
}

/// Feeds a saved image to a QEMU started with `-incoming defer` and waits until the
/// guest's state is in.
fn restore_into(monitor: &Monitor, image: &std::fs::File) -> Result<()> {
    use super::qmp::Json;
    use std::os::fd::AsFd;
    monitor.execute_with_fd("getfd", Some(Json::object([("fdname", Json::from("restore"))])), image.as_fd())?;
    monitor.execute("migrate-incoming", Some(Json::object([("uri", Json::from("fd:restore"))])))?;
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    let mut delay = Duration::from_micros(200);
    loop {
        let st = monitor.query_status()?;
        if st.state != RunState::InMigrate && st.state != RunState::Prelaunch {
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_TIMEOUT, "restoring the guest took too long"));
        }
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(5));
    }
}

/// Writes `dir/file` atomically: a temp file, fsync, rename, fsync of the directory.
/// Without `durable`, no fsync: still all-or-nothing for readers, but a host crash may
/// lose it (for the runtime dir, which does not outlive the host's boot anyway).
fn write_atomic(dir: &Path, file: &str, text: &str, durable: bool) -> Result<()> {
    write_atomic_for(FROM, dir, file, text, durable)
}

/// [`write_atomic`] for another driver of the daemon (storage), whose errors carry its
/// error domain `from`.
pub(crate) fn write_atomic_for(from: Domain, dir: &Path, file: &str, text: &str, durable: bool) -> Result<()> {
    make_dir(dir)?;
    let path = dir.join(file);
    let tmp = dir.join(format!(".{file}.new"));
    let io = |what: &str, p: &Path, e: std::io::Error| Error::system(from, &format!("{what} '{}'", p.display()), &e);
    let write = || -> Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode_0600()
            .open(&tmp)
            .map_err(|e| io("cannot create file", &tmp, e))?;
        f.write_all(text.as_bytes()).map_err(|e| io("cannot write file", &tmp, e))?;
        if durable {
            f.sync_all().map_err(|e| io("cannot sync file", &tmp, e))?;
        }
        std::fs::rename(&tmp, &path).map_err(|e| io("cannot rename file to", &path, e))?;
        if durable {
            std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io("cannot sync directory", dir, e))?;
        }
        Ok(())
    };
    let r = write();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// A `<domstatus>` file as [`QemuDriver::save_status`] writes it.
struct StatusFile<'a> {
    state: i32,
    reason: i32,
    pid: i32,
    start_time: u64,
    id: i32,
    xml: &'a str,
}

fn parse_status(text: &str) -> Option<StatusFile<'_>> {
    let head_end = text.find('>')?;
    // The leading space keeps `id='` from matching inside `pid='`.
    let head = text.get(..head_end)?.strip_prefix("<domstatus")?;
    let attr = |name: &str| -> Option<&str> {
        let at = head.find(&format!(" {name}='"))? + name.len() + 3;
        let len = head[at..].find('\'')?;
        Some(&head[at..at + len])
    };
    let xml = text[head_end + 1..].rsplit_once("</domstatus>")?.0;
    Some(StatusFile {
        state: attr("state")?.parse().ok()?,
        reason: attr("reason")?.parse().ok()?,
        pid: attr("pid")?.parse().ok()?,
        start_time: attr("starttime")?.parse().ok()?,
        id: attr("id")?.parse().ok()?,
        xml,
    })
}

fn kvm_usable() -> bool {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/kvm").is_ok()
}

/// Creates `dir` (and parents) with mode 0700 for new directories, then checks that it
/// is safe to keep guest definitions and state in: owned by the daemon's user and not
/// writable by anyone else (else another user could plant a definition or a status
/// file pointing at a process of theirs).
fn make_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::system(FROM, &format!("cannot create directory '{}'", dir.display()), &e))?;
    check_dir_safe(dir, crate::sys::euid())
}

/// `dir` belongs to `uid` and only its owner may write to it.
fn check_dir_safe(dir: &Path, uid: u32) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir)
        .map_err(|e| Error::system(FROM, &format!("cannot inspect directory '{}'", dir.display()), &e))?;
    if meta.uid() != uid {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_OPERATION_DENIED,
            format!("directory '{}' is owned by uid {}, not by this daemon's uid {uid}", dir.display(), meta.uid()),
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_OPERATION_DENIED,
            format!("directory '{}' is writable by other users (mode {:o})", dir.display(), meta.mode() & 0o7777),
        ));
    }
    Ok(())
}

trait OpenMode {
    fn mode_0600(&mut self) -> &mut Self;
}

impl OpenMode for std::fs::OpenOptions {
    fn mode_0600(&mut self) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::mode(self, 0o600)
    }
}

/// The last lines of a domain log, for start errors.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(3)..].join("\n")
}

/// `qemu-system-<host arch> --version`: "QEMU emulator version 7.2.0 (...)" → 7002000.
fn qemu_version() -> std::result::Result<u64, String> {
    let arch = argv::guest_arch(
        &DomainDef::parse("<domain type='qemu'><name>v</name><memory>1024</memory><os><type>hvm</type></os></domain>")
            .map_err(|e| e.message)?,
    );
    let binary = argv::emulator_candidates(&arch).into_iter().next().ok_or("no emulator")?;
    let out = std::process::Command::new(&binary)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("{binary}: {e}"))?;
    parse_version(&String::from_utf8_lossy(&out.stdout)).ok_or_else(|| format!("cannot parse the version of {binary}"))
}

fn parse_version(text: &str) -> Option<u64> {
    let rest = text.split("version ").nth(1)?;
    let word: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let mut parts = word.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().flatten().unwrap_or(0);
    let micro = parts.next().flatten().unwrap_or(0);
    Some(major * 1_000_000 + minor * 1_000 + micro)
}

/// The host as `/proc` describes it (libvirt's `virHostCPUGetInfo` and
/// `virHostMemGetInfo`, simplified: one NUMA node unless the topology does not add up).
fn host_node_info() -> Result<NodeInfo> {
    let meminfo =
        std::fs::read_to_string("/proc/meminfo").map_err(|e| Error::system(FROM, "cannot read /proc/meminfo", &e))?;
    let memory_kib = meminfo_field(&meminfo, "MemTotal").unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let mut cpus = 0u32;
    let mut mhz = 0u32;
    let mut packages = std::collections::BTreeSet::new();
    let mut cores_per_socket = 0u32;
    let mut siblings = 0u32;
    for line in cpuinfo.lines() {
        let Some((k, v)) = line.split_once(':') else { continue };
        let (k, v) = (k.trim(), v.trim());
        match k {
            "processor" => cpus += 1,
            "cpu MHz" if mhz == 0 => mhz = v.parse::<f64>().map(|f| f as u32).unwrap_or(0),
            "physical id" => {
                packages.insert(v.to_string());
            }
            "cpu cores" => cores_per_socket = v.parse().unwrap_or(0),
            "siblings" => siblings = v.parse().unwrap_or(0),
            _ => {}
        }
    }
    if cpus == 0 {
        cpus = std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(1);
    }
    let sockets = packages.len().max(1) as u32;
    let threads = if cores_per_socket > 0 && siblings >= cores_per_socket { siblings / cores_per_socket } else { 1 };
    let (sockets, cores, threads) = if cores_per_socket > 0 && sockets * cores_per_socket * threads == cpus {
        (sockets, cores_per_socket, threads)
    } else {
        (1, cpus, 1)
    };
    let model = argv::guest_arch(&DomainDef::parse(
        "<domain type='qemu'><name>n</name><memory>1024</memory><os><type>hvm</type></os></domain>",
    )?);
    Ok(NodeInfo { model, memory_kib, cpus, mhz, nodes: 1, sockets, cores, threads })
}

fn meminfo_field(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == key).then(|| v.split_whitespace().next()?.parse().ok())?
    })
}

/// Whether `d` passes `virConnectListAllDomainsFlags` `flags`.
fn matches_filter(d: &DomainObj, flags: u32) -> bool {
    let facts = list_filter::Facts {
        active: d.is_active(),
        persistent: d.persistent,
        state: d.state,
        managed_save: d.managed_save,
        autostart: d.autostart,
    };
    list_filter::matches(&facts, flags)
}

/// APIs that only read the driver's bookkeeping or /proc: never wait on a guest.
const NON_BLOCKING: &[&str] = &[
    "virConnectGetType",
    "virConnectGetHostname",
    "virConnectIsSecure",
    "virConnectIsEncrypted",
    "virConnectIsAlive",
    "virNodeGetInfo",
    "virNodeGetFreeMemory",
    "virConnectListDomains",
    "virConnectNumOfDomains",
    "virConnectListDefinedDomains",
    "virConnectNumOfDefinedDomains",
    "virConnectListAllDomains",
    "virDomainLookupByID",
    "virDomainLookupByName",
    "virDomainLookupByUUID",
    "virDomainGetInfo",
    "virDomainGetState",
    "virDomainGetXMLDesc",
    "virDomainGetOSType",
    "virDomainGetMaxMemory",
    "virDomainIsActive",
    "virDomainIsPersistent",
    "virDomainIsUpdated",
    "virDomainGetAutostart",
    "virDomainHasManagedSaveImage",
    "virDomainGetSecurityLabel",
    "virNodeGetSecurityModel",
    "virNodeGetCPUMap",
    "virConnectGetAllDomainStats",
    "virDomainInterfaceStats",
];

impl Connection for QemuConnection {
    fn may_block(&self, api: &str) -> bool {
        !NON_BLOCKING.contains(&api)
    }

    fn connect_close(&self) -> Result<()> {
        self.events.unsubscribe_all(self.key);
        self.networks.events.unsubscribe_all(self.key);
        self.inventory.unsubscribe_all(self.key);
        self.storage.unsubscribe_all(self.key);
        Ok(())
    }

    fn connect_object_events(&self, kind: virt::driver::ObjectKind) -> bool {
        matches!(kind, virt::driver::ObjectKind::Network | virt::driver::ObjectKind::NodeDevice | virt::driver::ObjectKind::StoragePool)
    }

    fn connect_object_event_start(&self, id: virt::driver::ObjectEventId, sink: virt::driver::ObjectEventSink) -> Result<()> {
        match id.kind {
            virt::driver::ObjectKind::Network => self.networks.events.subscribe(self.key, id, sink),
            virt::driver::ObjectKind::NodeDevice => self.inventory.subscribe(self.key, id, sink),
            virt::driver::ObjectKind::StoragePool => self.storage.subscribe(self.key, id, sink),
            _ => return virt::driver::unsupported(id.kind.register_api()),
        }
        Ok(())
    }

    fn connect_object_event_stop(&self, id: virt::driver::ObjectEventId) -> Result<()> {
        match id.kind {
            virt::driver::ObjectKind::Network => self.networks.events.unsubscribe(self.key, id),
            virt::driver::ObjectKind::NodeDevice => self.inventory.unsubscribe(self.key, id),
            virt::driver::ObjectKind::StoragePool => self.storage.unsubscribe(self.key, id),
            _ => return virt::driver::unsupported(id.kind.deregister_api()),
        }
        Ok(())
    }

    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
        self.events.subscribe(self.key, event_id, sink);
        Ok(())
    }

    fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
        self.events.unsubscribe(self.key, event_id);
        Ok(())
    }

    fn connect_is_encrypted(&self) -> Result<bool> {
        Ok(false)
    }

    fn connect_is_alive(&self) -> Result<bool> {
        Ok(true)
    }
}

impl Host for QemuConnection {
    fn connect_get_cpu_model_names(&self, arch: &str, flags: u32) -> Result<Option<Vec<String>>> {
        check_flags(flags, 0, "qemuConnectGetCPUModelNames")?;
        virt::conf::cpu_models::model_names(arch, FROM)
    }

    fn connect_get_type(&self) -> Result<String> {
        Ok("QEMU".into())
    }

    fn connect_get_version(&self) -> Result<u64> {
        self.version()
    }

    fn connect_get_hostname(&self) -> Result<String> {
        virt::sys::hostname().map_err(|e| Error::system(FROM, "failed to determine host name", &e))
    }

    fn node_get_security_model(&self) -> Result<(String, String)> {
        Ok(("none".into(), "0".into()))
    }

    fn connect_get_capabilities(&self) -> Result<String> {
        Ok(super::caps::capabilities(&self.machines, kvm_usable(), &host_node_info()?).format())
    }

    fn connect_is_secure(&self) -> Result<bool> {
        Ok(true)
    }

    fn connect_get_max_vcpus(&self, kind: Option<&str>) -> Result<i32> {
        super::domcaps::max_vcpus(kind)
    }

    fn node_get_info(&self) -> Result<NodeInfo> {
        host_node_info()
    }

    /// `virHostCPUGetStats`: /proc/stat's totals (or CPU `cpu`'s) in ns: user (with
    /// nice), kernel (system with irq and softirq; virsh prints it as "system"), idle, iowait.
    fn node_get_cpu_stats(&self, cpu: i32, flags: u32) -> Result<NamedStats> {
        check_flags(flags, 0, "virHostCPUGetStats")?;
        let stat = std::fs::read_to_string("/proc/stat").map_err(|e| Error::system(FROM, "cannot read /proc/stat", &e))?;
        let want = if cpu < 0 { "cpu".to_string() } else { format!("cpu{cpu}") };
        let line = stat.lines().find(|l| l.split_whitespace().next() == Some(&want)).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "Invalid cpuNum in virHostCPUGetStatsLinux")
        })?;
        let ticks: Vec<u64> = line.split_whitespace().skip(1).map(|v| v.parse().unwrap_or(0)).collect();
        let t = |i: usize| process::ticks_to_ns(ticks.get(i).copied().unwrap_or(0));
        Ok(vec![
            ("user".into(), t(0) + t(1)),
            ("kernel".into(), t(2) + t(5) + t(6)),
            ("idle".into(), t(3)),
            ("iowait".into(), t(4)),
        ])
    }

    /// `virHostMemGetStats`: /proc/meminfo's total, free, buffers and cached in KiB,
    /// or a NUMA cell's total and free.
    fn node_get_memory_stats(&self, cell: i32, flags: u32) -> Result<NamedStats> {
        check_flags(flags, 0, "virHostMemGetStats")?;
        if cell >= 0 {
            let path = format!("/sys/devices/system/node/node{cell}/meminfo");
            let text = std::fs::read_to_string(&path)
                .map_err(|_| Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("Invalid cell number {cell}")))?;
            // "Node 0 MemTotal:  123 kB"
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.split_once(&format!("{name}:")).map(|(_, v)| v))
                    .and_then(|v| v.split_whitespace().next()?.parse().ok())
                    .unwrap_or(0)
            };
            return Ok(vec![("total".into(), field("MemTotal")), ("free".into(), field("MemFree"))]);
        }
        let meminfo =
            std::fs::read_to_string("/proc/meminfo").map_err(|e| Error::system(FROM, "cannot read /proc/meminfo", &e))?;
        let field = |name| meminfo_field(&meminfo, name).unwrap_or(0);
        Ok(vec![
            ("total".into(), field("MemTotal")),
            ("free".into(), field("MemFree")),
            ("buffers".into(), field("Buffers")),
            ("cached".into(), field("Cached")),
        ])
    }

    /// `virHostCPUGetMap`: CPUs present and online, from /sys.
    fn node_get_cpu_map(&self, flags: u32) -> Result<(u32, Bitmap)> {
        check_flags(flags, 0, "virHostCPUGetMap")?;
        let read = |what: &str| -> Result<Bitmap> {
            let path = format!("/sys/devices/system/cpu/{what}");
            let text = std::fs::read_to_string(&path).map_err(|e| Error::system(FROM, &format!("cannot read {path}"), &e))?;
            Bitmap::parse(text.trim())
        };
        let present = read("present")?.0.last().map_or(0, |&last| last + 1);
        Ok((present, read("online")?))
    }

    fn node_get_free_memory(&self) -> Result<u64> {
        let meminfo = std::fs::read_to_string("/proc/meminfo")
            .map_err(|e| Error::system(FROM, "cannot read /proc/meminfo", &e))?;
        Ok(meminfo_field(&meminfo, "MemFree").unwrap_or(0) * 1024)
    }
}

impl Domains for QemuConnection {
    fn connect_get_domain_capabilities(
        &self,
        emulatorbin: Option<&str>,
        arch: Option<&str>,
        machine: Option<&str>,
        virttype: Option<&str>,
        flags: u32,
    ) -> Result<String> {
        check_flags(flags, 0, "qemuConnectGetDomainCapabilities")?;
        let probes = &self.inventory.probes;
        let r = super::domcaps::resolve(probes, kvm_usable(), emulatorbin, arch, machine, virttype)?;
        Ok(super::domcaps::format(&r))
    }

    fn connect_list_domains(&self) -> Result<Vec<i32>> {
        Ok(self.slots().iter().map(|s| s.obj.lock().id).filter(|&id| id >= 0).collect())
    }

    fn connect_num_of_domains(&self) -> Result<i32> {
        Ok(self.connect_list_domains()?.len() as i32)
    }

    fn connect_list_defined_domains(&self) -> Result<Vec<String>> {
        Ok(self
            .slots()
            .iter()
            .filter_map(|s| {
                let d = s.obj.lock();
                (!d.is_active()).then(|| d.def.name.clone())
            })
            .collect())
    }

    fn connect_num_of_defined_domains(&self) -> Result<i32> {
        Ok(self.connect_list_defined_domains()?.len() as i32)
    }

    fn connect_list_all_domains(&self, flags: u32) -> Result<Vec<DomainId>> {
        check_flags(flags, list_filter::ALL, "qemuConnectListAllDomains")?;
        Ok(self
            .slots()
            .iter()
            .filter_map(|s| {
                let d = s.obj.lock();
                matches_filter(&d, flags).then(|| d.ident())
            })
            .collect())
    }

    fn domain_lookup_by_id(&self, id: i32) -> Result<DomainId> {
        self.find_slot(|d| d.is_active() && d.id == id)
            .map(|s| s.obj.lock().ident())
            .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, format!("no domain with matching id {id}")))
    }

    fn domain_lookup_by_name(&self, name: &str) -> Result<DomainId> {
        self.find_slot(|d| d.def.name == name)
            .map(|s| s.obj.lock().ident())
            .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, format!("no domain with matching name '{name}'")))
    }

    fn domain_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<DomainId> {
        self.find_slot(|d| d.def.uuid.as_bytes() == uuid).map(|s| s.obj.lock().ident()).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, format!("no domain with matching uuid '{}'", uuid_text(uuid)))
        })
    }

    fn domain_define_xml_flags(&self, xml: &str, flags: u32) -> Result<DomainId> {
        // VIR_DOMAIN_DEFINE_VALIDATE
        check_flags(flags, 1, "qemuDomainDefineXMLFlags")?;
        let mut def = parse_def(xml)?;
        self.canonicalize_machine(&mut def);
        self.set_default_cpu(&mut def);
        validate_def(&def)?;
        let saved = def.clone();
        let (slot, undo) = self.add_undoable(def, true, false)?;
        // A definition the disk refused is not defined.
        let _job = slot.job.lock();
        let detail = match undo {
            Undo::Replaced { persistent: true, .. } => ev::DEFINED_UPDATED,
            _ => ev::DEFINED_ADDED,
        };
        if let Err(e) = self.save_config(&saved) {
            self.undo(&slot, undo);
            return Err(e);
        }
        let d = slot.obj.lock();
        info!("domain {} defined", d.def.name);
        self.lifecycle(&d, ev::DEFINED, detail);
        Ok(d.ident())
    }

    fn domain_undefine_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        // MANAGED_SAVE, SNAPSHOTS_METADATA, NVRAM, KEEP_NVRAM, CHECKPOINTS_METADATA, KEEP_TPM, TPM
        check_flags(flags, 1 | 2 | 4 | 8 | 16 | 32 | 64, "qemuDomainUndefineFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let mut d = slot.obj.lock();
        if !d.persistent {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot undefine transient domain"));
        }
        self.undefine_snapshots(&d, flags)?;
        if d.managed_save {
            if flags & UNDEFINE_MANAGED_SAVE == 0 {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    "Refusing to undefine while domain managed save image exists",
                ));
            }
            self.remove_managed_save(&mut d)?;
        }
        let var = self.dirs.save.parent().unwrap_or(&self.dirs.save).to_path_buf();
        let nvram = super::prepare::nvram_of(d.new_def.as_ref().unwrap_or(&d.def), &var.join("nvram"))
            .filter(|p| p.exists());
        if let Some(path) = &nvram {
            if flags & UNDEFINE_NVRAM != 0 {
                std::fs::remove_file(path).map_err(|e| {
                    Error::system(FROM, &format!("failed to remove nvram: {}", path.display()), &e)
                })?;
            } else if flags & UNDEFINE_KEEP_NVRAM == 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot undefine domain with nvram"));
            }
        }
        let _ = std::fs::remove_file(self.autostart_link(&d.def.name));
        d.autostart = false;
        self.delete_config(&d.def.name)?;
        self.lifecycle(&d, ev::UNDEFINED, ev::UNDEFINED_REMOVED);
        if d.is_active() {
            d.persistent = false;
            d.new_def = None;
        } else {
            drop(d);
            self.remove_slot(&slot);
        }
        Ok(())
    }

    fn domain_create_xml(&self, xml: &str, flags: u32) -> Result<DomainId> {
        // VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_START_AUTODESTROY, VIR_DOMAIN_START_VALIDATE
        check_flags(flags, 1 | 2 | 16, "qemuDomainCreateXML")?;
        let mut def = parse_def(xml)?;
        self.canonicalize_machine(&mut def);
        self.set_default_cpu(&mut def);
        validate_def(&def)?;
        let slot = self.add(def, false, true)?;
        let _job = slot.job.lock();
        match self.start(&slot, flags & 1 != 0) {
            Ok(_) => Ok(slot.obj.lock().ident()),
            Err(e) => {
                let mut d = slot.obj.lock();
                if let Some(nd) = d.new_def.take() {
                    d.def = nd;
                }
                let transient = !d.persistent;
                drop(d);
                if transient {
                    self.remove_slot(&slot);
                }
                Err(e)
            }
        }
    }

    fn domain_create_with_flags(&self, dom: &DomainId, flags: u32) -> Result<DomainId> {
        // VIR_DOMAIN_START_PAUSED, AUTODESTROY, BYPASS_CACHE, FORCE_BOOT, VALIDATE
        check_flags(flags, 1 | 2 | 4 | 8 | 16, "qemuDomainCreateWithFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let id = self.start_or_restore(&slot, flags)?;
        Ok(DomainId { id, ..dom.clone() })
    }

    /// SIGTERM, then SIGKILL after a grace period; with `VIR_DOMAIN_DESTROY_GRACEFUL`,
    /// SIGTERM alone: a QEMU that outlives it keeps running and the call fails.
    ///
    /// As libvirt's `qemuProcessBeginStopJob`, QEMU is killed before the job is taken: a
    /// job waiting on a QEMU that does not answer (stopped, hung) never holds a destroy.
    /// Its monitor command fails at once, and the destroy finishes once it let go.
    fn domain_destroy_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, DESTROY_GRACEFUL, "qemuDomainDestroyFlags")?;
        let slot = self.slot(dom)?;
        let graceful = flags & DESTROY_GRACEFUL != 0;
        let (process, monitor, id) = {
            let mut d = slot.obj.lock();
            let id = d.id;
            let run = d.run.as_mut().ok_or_else(not_running)?;
            run.being_destroyed = true;
            (run.process.clone(), run.monitor.clone(), id)
        };
        let monitor_gone = || {
            let reset = std::io::Error::from_raw_os_error(libc::ECONNRESET);
            monitor.break_with(Error::system(FROM, "Unable to read from monitor", &reset));
        };
        if !graceful {
            monitor_gone();
        }
        let killed = if graceful {
            process::terminate(&process, GRACEFUL_WAIT)
        } else {
            process::destroy(&process, DESTROY_GRACE).map(drop)
        };
        if let Err(e) = killed {
            if let Some(r) = slot.obj.lock().run.as_mut().filter(|_| graceful) {
                r.being_destroyed = false;
            }
            return Err(e);
        }
        monitor_gone();
        let _job = slot.job.lock();
        let same_run = {
            let d = slot.obj.lock();
            d.id == id && d.run.is_some()
        };
        if same_run {
            self.stop(&slot, SHUTOFF_DESTROYED);
        }
        Ok(())
    }

    /// An ACPI powerdown. The guest agent method is libvirt's flag too, but this driver
    /// never configures an agent: asked for alone it fails as libvirt's does without
    /// one; with ACPI_POWER_BTN, ACPI is used.
    fn domain_shutdown_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, POWER_ACPI | POWER_AGENT, "qemuDomainShutdownFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        if slot.obj.lock().state != RUNNING {
            return Err(not_running());
        }
        check_agent(flags)?;
        self.monitor(&slot)?.system_powerdown()
    }

    /// An ACPI powerdown whose `SHUTDOWN` resets the guest (libvirt's fake reboot);
    /// flags as for shutdown.
    fn domain_reboot(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, POWER_ACPI | POWER_AGENT, "qemuDomainReboot")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let monitor = {
            let mut d = slot.obj.lock();
            if d.state != RUNNING {
                return Err(not_running());
            }
            check_agent(flags)?;
            let run = d.run.as_mut().ok_or_else(not_running)?;
            run.fake_reboot = true;
            run.monitor.clone()
        };
        monitor.system_powerdown().inspect_err(|_| {
            if let Some(r) = slot.obj.lock().run.as_mut() {
                r.fake_reboot = false;
            }
        })
    }

    fn domain_reset(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "qemuDomainReset")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        self.monitor(&slot)?.system_reset()
    }

    fn domain_suspend(&self, dom: &DomainId) -> Result<()> {
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let monitor = self.monitor(&slot)?;
        if slot.obj.lock().state == PAUSED {
            return Ok(());
        }
        self.change_state(&slot, PAUSED, PAUSED_USER, || monitor.stop())?;
        self.lifecycle(&slot.obj.lock(), ev::SUSPENDED, ev::SUSPENDED_PAUSED);
        Ok(())
    }

    fn domain_resume(&self, dom: &DomainId) -> Result<()> {
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let monitor = self.monitor(&slot)?;
        if slot.obj.lock().state != PAUSED {
            return Ok(());
        }
        self.change_state(&slot, RUNNING, RUNNING_UNPAUSED, || {
            monitor.cont().map_err(|e| {
                Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, format!("resume operation failed: {}", e.message))
            })
        })?;
        self.lifecycle(&slot.obj.lock(), ev::RESUMED, ev::RESUMED_UNPAUSED);
        Ok(())
    }

    /// `qemuDomainSaveFlags`: pause, write the header and XML, let QEMU stream its
    /// state after them, then end QEMU (state shut off, reason saved).
    fn domain_save_flags(&self, dom: &DomainId, to: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        // BYPASS_CACHE (ignored), RUNNING, PAUSED
        check_flags(flags, 1 | 2 | 4, "qemuDomainSaveFlags")?;
        if flags & 6 == 6 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'running' and 'paused' are mutually exclusive",
            ));
        }
        if dxml.is_some() {
            return Err(Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "xml modification unsupported"));
        }
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        self.save_image(&slot, Path::new(to), flags)
    }

    /// `qemuDomainManagedSave`: a save to the domain's image in the save dir, which the
    /// next start restores.
    fn domain_managed_save(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 1 | 2 | 4, "qemuDomainManagedSave")?;
        if flags & 6 == 6 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'running' and 'paused' are mutually exclusive",
            ));
        }
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        if !slot.obj.lock().persistent {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "cannot do managed save for transient domain",
            ));
        }
        make_dir(&self.dirs.save)?;
        let path = self.managed_save_path(&dom.name);
        self.save_image(&slot, &path, flags)?;
        slot.obj.lock().managed_save = true;
        Ok(())
    }

    fn domain_has_managed_save_image(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "qemuDomainHasManagedSaveImage")?;
        Ok(self.slot(dom)?.obj.lock().managed_save)
    }

    fn domain_managed_save_remove(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "qemuDomainManagedSaveRemove")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let mut d = slot.obj.lock();
        if d.managed_save {
            self.remove_managed_save(&mut d)?;
        }
        Ok(())
    }

    /// `qemuDomainRestoreFlags`: a new QEMU with `-incoming defer` fed the image.
    fn domain_restore_flags(&self, from: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        check_flags(flags, 1 | 2 | 4, "qemuDomainRestoreFlags")?;
        if dxml.is_some() {
            return Err(Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "xml modification unsupported"));
        }
        let mut file = std::fs::File::open(from)
            .map_err(|e| Error::system(FROM, &format!("Failed to open domain image file '{from}'"), &e))?;
        let (xml, was_running) = read_save_image(&mut file, from)?;
        let def = parse_def(&xml)?;
        let paused = match flags & 6 {
            2 => false,
            4 => true,
            _ => !was_running,
        };
        let slot = self.add(def, false, true)?;
        let _job = slot.job.lock();
        match self.start_from(&slot, paused, Origin::Image(&file)) {
            Ok(_) => Ok(()),
            Err(e) => {
                let mut d = slot.obj.lock();
                if let Some(nd) = d.new_def.take() {
                    d.def = nd;
                }
                let transient = !d.persistent;
                drop(d);
                if transient {
                    self.remove_slot(&slot);
                }
                Err(e)
            }
        }
    }

    fn domain_get_info(&self, dom: &DomainId) -> Result<DomainInfo> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        let cpu_time_ns = d.run.as_ref().and_then(|r| process::cpu_time_ns(r.process.pid)).unwrap_or(0);
        Ok(DomainInfo {
            state: d.state,
            max_mem_kib: d.def.max_memory_kib(),
            memory_kib: d.def.current_memory_kib(),
            nr_virt_cpu: d.def.vcpus() as u16,
            cpu_time_ns,
        })
    }

    fn domain_get_state(&self, dom: &DomainId, flags: u32) -> Result<(i32, i32)> {
        check_flags(flags, 0, "qemuDomainGetState")?;
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        Ok((d.state, d.reason))
    }

    fn domain_get_xml_desc(&self, dom: &DomainId, flags: u32) -> Result<String> {
        check_flags(flags, XML_SECURE | XML_INACTIVE | XML_UPDATE_CPU | XML_MIGRATABLE, "qemuDomainGetXMLDesc")?;
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        let inactive = flags & XML_INACTIVE != 0;
        let def = if inactive { d.new_def.as_ref().unwrap_or(&d.def) } else { &d.def };
        let live_id = (d.is_active() && !inactive).then_some(d.id);
        Ok(def.format(FormatOptions { live_id, secure: flags & XML_SECURE != 0, inactive }))
    }

    fn domain_get_os_type(&self, dom: &DomainId) -> Result<String> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        Ok(d.def.os_type().to_string())
    }

    fn domain_get_max_memory(&self, dom: &DomainId) -> Result<u64> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        Ok(d.def.max_memory_kib())
    }

    fn domain_set_max_memory(&self, dom: &DomainId, kib: u64) -> Result<()> {
        self.domain_set_memory_flags(dom, kib, MEM_MAXIMUM)
    }

    /// `qemuDomainSetMemoryFlags`: the live size through the balloon, the persistent
    /// one in the config file; the maximum only in the config.
    fn domain_set_memory_flags(&self, dom: &DomainId, kib: u64, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | MEM_MAXIMUM, "qemuDomainSetMemoryFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        if flags & MEM_MAXIMUM != 0 {
            if live {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    "cannot resize the maximum memory on an active domain",
                ));
            }
            if config {
                let mut def = slot.obj.lock().persistent_def();
                def.set_max_memory_kib(kib);
                self.update_config(&slot, def)?;
            }
            return Ok(());
        }
        let too_big = || Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "cannot set memory higher than max memory");
        if live {
            let (monitor, max, has_balloon) = {
                let d = slot.obj.lock();
                let has = d.def.devices.memballoon.as_ref().is_some_and(|b| b.model != "none");
                (d.run.as_ref().map(|r| r.monitor.clone()).ok_or_else(not_running)?, d.def.max_memory_kib(), has)
            };
            if kib > max {
                return Err(too_big());
            }
            if !has_balloon {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    "Unable to change memory of active domain without the balloon device and guest OS balloon driver",
                ));
            }
            monitor.balloon(kib * 1024)?;
            let mut d = slot.obj.lock();
            d.def.set_current_memory_kib(kib);
            // The balloon target is QEMU's to keep; the status file only lags.
            self.save_status_or_warn(&d);
        }
        if config {
            let mut def = slot.obj.lock().persistent_def();
            if kib > def.max_memory_kib() {
                return Err(too_big());
            }
            def.set_current_memory_kib(kib);
            self.update_config(&slot, def)?;
        }
        Ok(())
    }

    fn domain_get_vcpus_flags(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM | VCPU_GUEST, "qemuDomainGetVcpusFlags")?;
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        let (live, _) = affected(&d, flags)?;
        if flags & VCPU_GUEST != 0 {
            return Err(no_agent());
        }
        let def = if live { &d.def } else { d.new_def.as_ref().unwrap_or(&d.def) };
        Ok(if flags & VCPU_MAXIMUM != 0 { def.max_vcpus() } else { def.vcpus() } as i32)
    }

    /// The persistent definition's vCPU count (or maximum); a running guest's count
    /// would need vCPU hotplug, which this driver does not do.
    fn domain_set_vcpus_flags(&self, dom: &DomainId, n: u32, flags: u32) -> Result<()> {
        check_flags(
            flags,
            AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM | VCPU_GUEST | VCPU_HOTPLUGGABLE,
            "qemuDomainSetVcpusFlags",
        )?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        if flags & VCPU_GUEST != 0 {
            return Err(no_agent());
        }
        if live {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_UNSUPPORTED,
                "changing the vCPUs of a running domain (vCPU hotplug) is not supported yet",
            ));
        }
        if !config {
            return Ok(());
        }
        let mut def = slot.obj.lock().persistent_def();
        if flags & VCPU_MAXIMUM != 0 {
            def.set_max_vcpus(n);
            if def.vcpus() > n {
                def.set_vcpus(n);
            }
        } else if n > def.max_vcpus() {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                format!("requested vcpus is greater than max allowable vcpus for the persistent domain: {n} > {}", def.max_vcpus()),
            ));
        } else {
            def.set_vcpus(n);
        }
        self.update_config(&slot, def)
    }

    /// What libvirt reports for a guest without balloon statistics: the balloon's
    /// size, the statistics' age (0: never polled) and QEMU's resident memory, in KiB.
    fn domain_memory_stats(&self, dom: &DomainId, nr_stats: u32, flags: u32) -> Result<Vec<(i32, u64)>> {
        check_flags(flags, 0, "qemuDomainMemoryStats")?;
        let slot = self.slot(dom)?;
        let (monitor, pid, has_balloon, current) = {
            let d = slot.obj.lock();
            let run = d.run.as_ref().ok_or_else(not_running)?;
            let has = d.def.devices.memballoon.as_ref().is_some_and(|b| b.model != "none");
            (run.monitor.clone(), run.process.pid, has, d.def.current_memory_kib())
        };
        let mut stats = Vec::new();
        if has_balloon {
            let actual = monitor.query_balloon()?.map_or(current, |bytes| bytes / 1024);
            stats.push((MEMORY_STAT_ACTUAL_BALLOON, actual));
            stats.push((MEMORY_STAT_LAST_UPDATE, 0));
        }
        if let Some(rss) = process::rss_kib(pid) {
            stats.push((MEMORY_STAT_RSS, rss));
        }
        stats.truncate(nr_stats as usize);
        Ok(stats)
    }

    /// libvirt's stats groups this driver has: state, CPU time, balloon and vCPUs (for a
    /// running guest from /proc and QMP; for a shut off one, its definition).
    fn connect_get_all_domain_stats(&self, doms: &[DomainId], stats: u32, flags: u32) -> Result<Vec<DomainStats>> {
        let filters = list_filter::STATE_FILTERS;
        check_flags(flags, filters | STATS_NOWAIT | STATS_BACKING | STATS_ENFORCE, "qemuConnectGetAllDomainStats")?;
        let unsupported = stats & !STATS_SUPPORTED;
        if flags & STATS_ENFORCE != 0 && unsupported != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                format!("Stats types bits 0x{unsupported:x} are not supported by this daemon"),
            ));
        }
        let groups = if stats == 0 { STATS_SUPPORTED } else { stats & STATS_SUPPORTED };
        let slots = if doms.is_empty() {
            self.slots().into_iter().filter(|s| matches_filter(&s.obj.lock(), flags & filters)).collect()
        } else {
            doms.iter().map(|d| self.slot(d)).collect::<Result<Vec<_>>>()?
        };
        Ok(slots.iter().map(|slot| domain_stats(slot, groups)).collect())
    }

    /// libvirt's `virNetDevTapInterfaceStats`: the tap's counters from /proc/net/dev
    /// (this daemon's network namespace), swapped to the guest's point of view.
    fn domain_interface_stats(&self, dom: &DomainId, device: &str) -> Result<[i64; 8]> {
        let slot = self.slot(dom)?;
        let tap = {
            let d = slot.obj.lock();
            if !d.is_active() {
                return Err(not_running());
            }
            let mac = virt::conf::domain::MacAddr::parse(device);
            let iface = d.def.devices.interfaces.iter().find(|i| {
                i.target_dev.as_deref() == Some(device) || mac.is_some_and(|m| m == i.mac)
            });
            let Some(iface) = iface else {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("invalid path, '{device}' is not a known interface"),
                ));
            };
            iface.target_dev.clone().ok_or_else(|| {
                Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    format!("interface '{device}' has no host device to count its traffic ({} networking)", iface.interface_type),
                )
            })?
        };
        let dev = std::fs::read_to_string("/proc/net/dev").map_err(|e| Error::system(FROM, "cannot read /proc/net/dev", &e))?;
        let counters: Vec<i64> = dev
            .lines()
            .find_map(|l| l.split_once(':').filter(|(name, _)| name.trim() == tap).map(|(_, rest)| rest))
            .map(|rest| rest.split_whitespace().map(|v| v.parse().unwrap_or(-1)).collect())
            .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("/proc/net/dev has no interface '{tap}'")))?;
        let c = |i: usize| counters.get(i).copied().unwrap_or(-1);
        // Host columns: rx bytes, packets, errs, drop (0-3), ..., tx bytes, packets, errs, drop (8-11).
        Ok([c(8), c(9), c(10), c(11), c(0), c(1), c(2), c(3)])
    }

    /// Jobs here (save, restore) hold the domain until they end and report no
    /// progress: a running domain shows no job.
    fn domain_get_job_info(&self, dom: &DomainId) -> Result<JobInfo> {
        let slot = self.slot(dom)?;
        if !slot.obj.lock().is_active() {
            return Err(not_running());
        }
        Ok(JobInfo::default())
    }

    fn domain_get_max_vcpus(&self, dom: &DomainId) -> Result<i32> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        Ok(d.def.max_vcpus() as i32)
    }

    /// libvirt's `qemuDomainHelperGetVcpus`: each vCPU thread's CPU time and last host
    /// CPU from /proc, its affinity from the scheduler.
    fn domain_get_vcpus(&self, dom: &DomainId, maxinfo: i32, maplen: i32) -> Result<(Vec<VcpuInfo>, Vec<u8>)> {
        let slot = self.slot(dom)?;
        let (monitor, pid) = {
            let d = slot.obj.lock();
            let run = d.run.as_ref().ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot retrieve vcpu information for inactive domain")
            })?;
            (run.monitor.clone(), run.process.pid)
        };
        let maplen = usize::try_from(maplen).unwrap_or(0);
        let mut infos = Vec::new();
        let mut maps = Vec::new();
        for vcpu in monitor.query_cpus_fast()?.into_iter().take(usize::try_from(maxinfo).unwrap_or(0)) {
            let stat = process::thread_stat(pid, vcpu.thread_id);
            infos.push(VcpuInfo {
                number: vcpu.index as u32,
                state: VCPU_RUNNING,
                cpu_time_ns: stat.as_ref().map(process::cpu_ticks_ns).unwrap_or(0),
                cpu: stat.map(|s| s.processor).unwrap_or(-1),
            });
            if maplen > 0 {
                let map = crate::sys::affinity(vcpu.thread_id, maplen)
                    .map_err(|e| Error::system(FROM, "cannot get CPU affinity of vcpu", &e))?;
                maps.extend(map);
            }
        }
        Ok((infos, maps))
    }

    /// No security driver confines guests: libvirt's "none" model (DOI "0"), whose
    /// labels are empty.
    fn domain_get_security_label(&self, dom: &DomainId) -> Result<(String, bool)> {
        self.slot(dom)?;
        Ok((String::new(), false))
    }

    fn domain_get_autostart(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.slot(dom)?.obj.lock().autostart)
    }

    fn domain_set_autostart(&self, dom: &DomainId, on: bool) -> Result<()> {
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (name, persistent, current) = {
            let d = slot.obj.lock();
            (d.def.name.clone(), d.persistent, d.autostart)
        };
        if !persistent {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot set autostart for transient domain"));
        }
        if on == current {
            return Ok(());
        }
        let link = self.autostart_link(&name);
        if on {
            let dir = self.dirs.config.join("autostart");
            make_dir(&dir)?;
            let target = self.config_file(&name);
            std::os::unix::fs::symlink(&target, &link).map_err(|e| {
                Error::system(
                    FROM,
                    &format!("Failed to create symlink '{}' to '{}'", link.display(), target.display()),
                    &e,
                )
            })?;
        } else {
            match std::fs::remove_file(&link) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::system(FROM, &format!("Failed to delete symlink '{}'", link.display()), &e))
                }
            }
        }
        slot.obj.lock().autostart = on;
        Ok(())
    }

    fn domain_is_active(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.slot(dom)?.obj.lock().is_active())
    }

    fn domain_is_persistent(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.slot(dom)?.obj.lock().persistent)
    }

    fn domain_get_cpu_stats(&self, dom: &DomainId, nparams: u32, start_cpu: i32, ncpus: u32, flags: u32)
        -> Result<virt::driver::domain::wire::DomainGetCpuStatsRet> {
        self.cpu_stats(dom, nparams, start_cpu, ncpus, flags)
    }

    fn domain_is_updated(&self, dom: &DomainId) -> Result<bool> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        Ok(d.is_active() && d.updated)
    }
}

impl DomainTuning for QemuConnection {
    fn domain_set_metadata(
        &self,
        dom: &DomainId,
        kind: i32,
        text: Option<&str>,
        key: Option<&str>,
        uri: Option<&str>,
        flags: u32,
    ) -> Result<()> {
        self.set_metadata(dom, kind, text, key, uri, flags)
    }

    fn domain_get_metadata(&self, dom: &DomainId, kind: i32, uri: Option<&str>, flags: u32) -> Result<String> {
        self.get_metadata(dom, kind, uri, flags)
    }

    /// The balloon's statistics period: live through QEMU's
    /// `guest-stats-polling-interval`, and/or the persistent `<stats period>`.
    fn domain_set_memory_stats_period(&self, dom: &DomainId, period: i32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainSetMemoryStatsPeriod")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        let no_balloon = || {
            Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "No memory balloon device configured, can not set the collection period",
            )
        };
        let has_balloon = |def: &DomainDef| def.devices.memballoon.as_ref().is_some_and(|b| b.model != "none");
        if live {
            let monitor = {
                let d = slot.obj.lock();
                if !has_balloon(&d.def) {
                    return Err(no_balloon());
                }
                d.run.as_ref().map(|r| r.monitor.clone()).ok_or_else(not_running)?
            };
            monitor.set_balloon_stats_period(period)?;
            let mut d = slot.obj.lock();
            if let Some(b) = d.def.devices.memballoon.as_mut() {
                b.set_stats_period(period);
            }
            self.save_status(&d)?;
        }
        if config {
            let mut def = slot.obj.lock().persistent_def();
            if !has_balloon(&def) {
                return Err(no_balloon());
            }
            if let Some(b) = def.devices.memballoon.as_mut() {
                b.set_stats_period(period);
            }
            self.update_config(&slot, def)?;
        }
        Ok(())
    }
}

virt::unsupported_areas!(QemuConnection: DomainMigration, DomainCheckpoints, Secrets, NwFilters);


#[cfg(test)]
mod dir_safety_tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn scratch(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("qemud-dirsafety-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn created_directories_are_private_and_ours() {
        let d = scratch("new").join("a/b");
        make_dir(&d).unwrap();
        assert_eq!(std::fs::metadata(&d).unwrap().permissions().mode() & 0o777, 0o700);
        let _ = std::fs::remove_dir_all(d.parent().unwrap().parent().unwrap());
    }

    #[test]
    fn writable_by_others_or_foreign_owner_is_refused() {
        let d = scratch("unsafe");
        make_dir(&d).unwrap();
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = make_dir(&d).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_OPERATION_DENIED);
        assert!(e.message.contains("writable by other users"), "{}", e.message);
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o700)).unwrap();
        let me = crate::sys::euid();
        let e = check_dir_safe(&d, me.wrapping_add(1)).unwrap_err();
        assert!(e.message.contains(&format!("owned by uid {me}")), "{}", e.message);
        check_dir_safe(&d, me).unwrap();
        let _ = std::fs::remove_dir_all(&d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers() {
        assert_eq!(parse_version("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7)\n"), Some(7_002_022));
        assert_eq!(parse_version("QEMU emulator version 8.1\n"), Some(8_001_000));
        assert_eq!(parse_version("nonsense"), None);
    }

    #[test]
    fn status_files_parse() {
        let s =
            parse_status("<domstatus state='3' reason='1' pid='42' starttime='7' id='5'>\n<domain/>\n</domstatus>\n")
                .unwrap();
        assert_eq!((s.state, s.reason, s.pid, s.start_time, s.id, s.xml), (3, 1, 42, 7, 5, "\n<domain/>\n"));
        assert!(parse_status("<domain/>").is_none());
    }

    #[test]
    fn kqemu_is_refused() {
        let e = parse_def("<domain type='kqemu'><name>k</name><memory>1024</memory><os><type>hvm</type></os></domain>")
            .unwrap_err();
        assert!(e.message.contains("domaintype=kqemu"), "{}", e.message);
    }

    #[test]
    fn configs_round_trip_and_bad_files_are_skipped() {
        let dir = super::super::process::test_support::TempDir::new("qemu-driver-configs");
        let dirs = Dirs {
            config: dir.0.join("etc"),
            runtime: dir.0.join("run"),
            log: dir.0.join("log"),
            save: dir.0.join("save"),
            snapshot: dir.0.join("snapshot"),
            network: crate::network::NetworkPlaces {
                config: dir.0.join("networks"),
                state: dir.0.join("run/network"),
                dnsmasq: dir.0.join("dnsmasq"),
                define_default: false,
            },
        };
        let session = || Uri::parse("qemu:///session").unwrap();
        let d = QemuDriver::new(Mode::Session, dirs.clone()).open(&session()).unwrap().unwrap();
        let xml = "<domain type='qemu'><name>tiny</name><memory unit='MiB'>64</memory>\
                   <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
        let id = d.domain_define_xml_flags(xml, 0).unwrap();
        assert!(dirs.config.join("tiny.xml").exists());
        std::fs::write(dirs.config.join("broken.xml"), "<domain").unwrap();
        // Same definition under another file name: skipped as a mismatch.
        std::fs::copy(dirs.config.join("tiny.xml"), dirs.config.join("other.xml")).unwrap();
        let again = QemuDriver::new(Mode::Session, dirs.clone()).open(&session()).unwrap().unwrap();
        assert_eq!(again.connect_list_defined_domains().unwrap(), vec!["tiny".to_string()]);
        assert_eq!(again.domain_lookup_by_name("tiny").unwrap().uuid, id.uuid);
        again.domain_undefine_flags(&id, 0).unwrap();
        assert!(!dirs.config.join("tiny.xml").exists());
        assert_eq!(again.connect_num_of_defined_domains().unwrap(), 0);
    }

    #[test]
    fn uri_must_match_the_mode() {
        let dir = super::super::process::test_support::TempDir::new("qemu-driver-uri");
        let dirs = Dirs {
            config: dir.0.join("etc"),
            runtime: dir.0.join("run"),
            log: dir.0.join("log"),
            save: dir.0.join("save"),
            snapshot: dir.0.join("snapshot"),
            network: crate::network::NetworkPlaces {
                config: dir.0.join("networks"),
                state: dir.0.join("run/network"),
                dnsmasq: dir.0.join("dnsmasq"),
                define_default: false,
            },
        };
        let d = QemuDriver::new(Mode::Session, dirs);
        assert!(d.open(&Uri::parse("qemu:///session").unwrap()).unwrap().is_some());
        let e = d.open(&Uri::parse("qemu:///system").unwrap()).err().unwrap();
        assert!(e.message.contains("unexpected QEMU URI path '/system', try qemu:///session"), "{}", e.message);
        assert!(d.open(&Uri::parse("test:///default").unwrap()).unwrap().is_none());
    }
}
