//! The test driver: an in-process hypervisor with canned state, as libvirt's.
//!
//! `test:///default` starts with libvirt's default state (one running domain `test`)
//! and that state is shared by every `test:///default` connection of the process while
//! any is open; `test:///<absolute path>` loads a node description file into a state of
//! its own. Domains are pure bookkeeping: starting one assigns the next id, nothing runs.
//!
//! Domain events go to every connection of the same state (a connection hears what
//! another one did), through the state's [`DomainEventBus`]; they are raised as libvirt's
//! test driver raises them, and emitted once the state is unlocked. Network, pool and
//! device events go the same way through an [`ObjectEventBus`]; the test driver has no
//! secrets, so no secret events either.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Weak};
use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;

use super::{
    list_filter,
    ConnectDriver, Connection, DomainEventBus, DomainEventSink, DomainId, DomainInfo, Domains, Host, NodeInfo, ObjectEvent,
    ObjectEventBus, ObjectEventId, ObjectEventSink, ObjectKind, Open, OpenFlags, VcpuInfo,
};
use crate::abi::domain::{
    virDomainEventDefinedDetailType as Defined, virDomainEventResumedDetailType as Resumed,
    virDomainEventStartedDetailType as Started, virDomainEventStoppedDetailType as Stopped,
    virDomainEventSuspendedDetailType as Suspended, virDomainEventType as Event,
    virDomainEventUndefinedDetailType as Undefined,
};
use crate::conf::bitmap::Bitmap;
use crate::conf::capabilities::Capabilities;
use crate::conf::domain::{DomainDef, FormatOptions};
use crate::conf::node::NodeDescription;
use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

pub mod network;
mod checkpoint;
mod guest;
mod host;
mod migration;
mod snapshot;
mod interface;
mod nodedev;
mod state;
mod stats;
mod storage;
mod stream;
mod tuning;
mod vcpus;

use state::{DomainObj, State};

const FROM: Domain = Domain::VIR_FROM_TEST;

pub struct TestConnectDriver;

/// What the connections to one test state share.
struct Shared {
    state: Mutex<State>,
    events: DomainEventBus,
    objects: ObjectEventBus,
}

impl Shared {
    fn new(state: State) -> Arc<Shared> {
        Arc::new(Shared { state: Mutex::new(state), events: DomainEventBus::default(), objects: ObjectEventBus::default() })
    }
}

/// The state behind `test:///default`, alive while a connection uses it.
static DEFAULT: LazyLock<Mutex<Weak<Shared>>> = LazyLock::new(|| Mutex::new(Weak::new()));

/// Tells connections apart on their state's event bus.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

impl ConnectDriver for TestConnectDriver {
    fn name(&self) -> &'static str {
        "Test"
    }

    fn open(&self, uri: &Uri, flags: OpenFlags) -> Result<Open> {
        if uri.scheme != "test" || uri.server.is_some() {
            return Ok(Open::Declined);
        }
        let shared = if uri.path == "/default" {
            let mut slot = DEFAULT.lock();
            match slot.upgrade() {
                Some(s) => s,
                None => {
                    let s = Shared::new(State::default_state());
                    *slot = Arc::downgrade(&s);
                    s
                }
            }
        } else if uri.path.starts_with('/') {
            let node = NodeDescription::load_as(std::path::Path::new(&uri.path), &flags.files)?;
            let users = node.auth_users.clone();
            let shared = Shared::new(State::from_node(node)?);
            authenticate(&flags.auth, uri, &users)?;
            shared
        } else {
            return Err(Error::new(
                Domain::VIR_FROM_TEST,
                Code::VIR_ERR_INVALID_ARG,
                format!("testOpen: supplied path '{}' is not absolute", uri.path),
            ));
        };
        Ok(Open::Accepted(Box::new(TestConnection { shared, key: NEXT_KEY.fetch_add(1, Ordering::Relaxed) })))
    }
}

/// libvirt's test driver's fake authentication: with `<auth>` users in the node file,
/// asks for a user name, then (unless the user has no password) a password, and fails
/// unless they match. An unknown user is still asked for a password.
fn authenticate(auth: &super::auth::Auth, uri: &Uri, users: &[crate::conf::node::NodeAuthUser]) -> Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    let name = auth.get_username(uri, "test", None, "localhost")?;
    let user = users.iter().find(|u| u.name == name);
    let password = match user {
        Some(u) if u.password.is_none() => None,
        _ => Some(auth.get_password(uri, "test", &name, "localhost")?),
    };
    match user {
        Some(u) if u.password == password => Ok(()),
        _ => Err(Error::new(
            Domain::VIR_FROM_TEST,
            Code::VIR_ERR_AUTH_FAILED,
            "authentication failed, see test XML for the correct username/password",
        )),
    }
}

pub struct TestConnection {
    shared: Arc<Shared>,
    /// This connection's key on the event bus.
    key: u64,
}

/// `unsupported flags (0x..) in function <fn>` as libvirt's drivers report it.
fn check_flags(flags: u32, allowed: u32, func: &str) -> Result<()> {
    super::domain_obj::check_flags(flags, allowed, func, FROM)
}

fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

// virDomainState
pub(crate) const RUNNING: i32 = 1;
pub(crate) const PAUSED: i32 = 3;
pub(crate) const SHUTOFF: i32 = 5;
// reasons
const RUNNING_BOOTED: i32 = 1;
const RUNNING_RESTORED: i32 = 3;
const RUNNING_UNPAUSED: i32 = 5;
const PAUSED_USER: i32 = 1;
const SHUTOFF_SHUTDOWN: i32 = 1;
const SHUTOFF_DESTROYED: i32 = 2;
const SHUTOFF_SAVED: i32 = 5;

// virDomainXMLFlags
const XML_SECURE: u32 = 1;
const XML_INACTIVE: u32 = 2;
const XML_UPDATE_CPU: u32 = 4;
const XML_MIGRATABLE: u32 = 8;

// virDomainModificationImpact and friends
const AFFECT_LIVE: u32 = 1;
const AFFECT_CONFIG: u32 = 2;
const MEM_MAXIMUM: u32 = 4;
const VCPU_MAXIMUM: u32 = 4;
const VCPU_GUEST: u32 = 8;
const VCPU_HOTPLUGGABLE: u32 = 16;

// virDomainSaveRestoreFlags: BYPASS_CACHE, RUNNING, PAUSED
const SAVE_FLAGS: u32 = 1 | 2 | 4;
// virDomainUndefineFlagsValues
const UNDEFINE_MANAGED_SAVE: u32 = 1;

/// What libvirt's test driver answers for the host's CPUs: 8 present, 0, 2 and 4 online.
const NODE_CPUS_PRESENT: u32 = 8;
const NODE_CPUS_ONLINE: [u32; 3] = [0, 2, 4];

/// The magic libvirt's test driver starts its save files with (NUL included).
const SAVE_MAGIC: &[u8] = b"TestGuestMagic\0";

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

impl TestConnection {
    /// Runs `f` on the state, then emits the events it raised (with the state unlocked,
    /// since sinks call into the application's event loop).
    fn with<R>(&self, f: impl FnOnce(&mut State) -> Result<R>) -> Result<R> {
        let (result, events) = {
            let mut s = self.shared.state.lock();
            let result = f(&mut s);
            (result, std::mem::take(&mut s.events))
        };
        for event in events {
            self.shared.events.emit(event);
        }
        result
    }

    /// Raises a network, pool or device event; called once the state is unlocked.
    fn object_event(&self, event: ObjectEvent) {
        self.shared.objects.emit(event);
    }

    /// Runs `f` on the domain `dom` names (looked up by UUID, as libvirt's drivers do).
    fn with_dom<R>(&self, dom: &DomainId, f: impl FnOnce(&mut State, usize) -> Result<R>) -> Result<R> {
        self.with(|s| {
            let i = s.find(dom)?;
            f(s, i)
        })
    }
}

impl TestConnection {
    /// Moves an active domain from state `from` to `to`, or fails as libvirt's test
    /// driver does: "domain '<name>' <not_from>".
    /// `event` is the lifecycle event (type, detail) it raises.
    fn transition(&self, dom: &DomainId, from: i32, not_from: &str, to: (i32, i32), event: (Event, i32)) -> Result<()> {
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            d.check_active()?;
            if d.state != from {
                return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("domain '{}' {not_from}", d.def.name)));
            }
            d.set_state(to.0, to.1);
            let ident = d.ident();
            s.event(ident, event.0, event.1);
            Ok(())
        })
    }
}

impl Connection for TestConnection {
    /// Bookkeeping in memory under one short lock, except save and restore, which read
    /// and write files (and a file can be a FIFO or on a slow disk).
    fn may_block(&self, api: &str) -> bool {
        api.starts_with("virDomainSave") || api.starts_with("virDomainRestore")
    }

    fn connect_close(&self) -> Result<()> {
        self.shared.events.unsubscribe_all(self.key);
        self.shared.objects.unsubscribe_all(self.key);
        Ok(())
    }

    fn connect_is_encrypted(&self) -> Result<bool> {
        Ok(false)
    }

    fn connect_is_alive(&self) -> Result<bool> {
        Ok(true)
    }

    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
        self.shared.events.subscribe(self.key, event_id, sink);
        Ok(())
    }

    fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
        self.shared.events.unsubscribe(self.key, event_id);
        Ok(())
    }

    /// libvirt's test driver has no secret driver: secret events are not supported.
    fn connect_object_events(&self, kind: ObjectKind) -> bool {
        kind != ObjectKind::Secret
    }

    fn connect_object_event_start(&self, id: ObjectEventId, sink: ObjectEventSink) -> Result<()> {
        if !self.connect_object_events(id.kind) {
            return super::unsupported(id.kind.register_api());
        }
        self.shared.objects.subscribe(self.key, id, sink);
        Ok(())
    }

    fn connect_object_event_stop(&self, id: ObjectEventId) -> Result<()> {
        self.shared.objects.unsubscribe(self.key, id);
        Ok(())
    }
}

impl Host for TestConnection {
    fn connect_get_type(&self) -> Result<String> {
        Ok("TEST".into())
    }

    fn connect_get_version(&self) -> Result<u64> {
        Ok(2)
    }

    fn connect_get_hostname(&self) -> Result<String> {
        hostname()
    }

    fn connect_get_capabilities(&self) -> Result<String> {
        self.with(|s| Ok(Capabilities::test_driver(s.caps_cells.clone()).format()))
    }

    fn connect_get_max_vcpus(&self, _kind: Option<&str>) -> Result<i32> {
        Ok(32)
    }

    fn connect_is_secure(&self) -> Result<bool> {
        Ok(true)
    }

    fn node_get_info(&self) -> Result<NodeInfo> {
        self.with(|s| Ok(s.node_info()))
    }

    fn node_get_cpu_map(&self, flags: u32) -> Result<(u32, Bitmap)> {
        check_flags(flags, 0, "testNodeGetCPUMap")?;
        Ok((NODE_CPUS_PRESENT, Bitmap(NODE_CPUS_ONLINE.to_vec())))
    }

    /// The same canned times for every CPU number, even past the node's CPUs.
    fn node_get_cpu_stats(&self, _cpu: i32, flags: u32) -> Result<super::NamedStats> {
        check_flags(flags, 0, "testNodeGetCPUStats")?;
        Ok(stats::cpu_stats())
    }

    fn node_get_security_model(&self) -> Result<(String, String)> {
        Ok(("testSecurity".into(), String::new()))
    }

    fn connect_get_sysinfo(&self, flags: u32) -> Result<String> {
        host::sysinfo(flags)
    }

    fn connect_get_cpu_model_names(&self, arch: &str, flags: u32) -> Result<Option<Vec<String>>> {
        host::cpu_model_names(arch, flags)
    }

    fn connect_baseline_cpu(&self, xml_cpus: &[String], flags: u32) -> Result<String> {
        host::baseline_cpu(xml_cpus, flags)
    }

    fn node_get_free_pages(&self, pages: &[u32], _start: i32, cells: u32, flags: u32) -> Result<(i32, Vec<u64>)> {
        host::free_pages(pages, cells, flags)
    }

    fn node_get_free_memory(&self) -> Result<u64> {
        self.with(|s| Ok(s.free_memory()))
    }

    fn node_get_cells_free_memory(&self, start: i32, max: i32) -> Result<Vec<u64>> {
        self.with(|s| {
            let cells = s.cells_free_memory();
            if start as usize >= cells.len() {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    "Range exceeds available cells",
                ));
            }
            Ok(cells.into_iter().skip(start as usize).take(max as usize).collect())
        })
    }
}

impl Domains for TestConnection {
    fn connect_list_domains(&self) -> Result<Vec<i32>> {
        self.with(|s| Ok(s.domains.iter().filter(|d| d.is_active()).map(|d| d.id).collect()))
    }

    fn connect_num_of_domains(&self) -> Result<i32> {
        self.with(|s| Ok(s.domains.iter().filter(|d| d.is_active()).count() as i32))
    }

    fn connect_list_defined_domains(&self) -> Result<Vec<String>> {
        self.with(|s| Ok(s.domains.iter().filter(|d| !d.is_active()).map(|d| d.def.name.clone()).collect()))
    }

    fn connect_num_of_defined_domains(&self) -> Result<i32> {
        self.with(|s| Ok(s.domains.iter().filter(|d| !d.is_active()).count() as i32))
    }

    fn connect_list_all_domains(&self, flags: u32) -> Result<Vec<DomainId>> {
        check_flags(flags, list_filter::ALL, "testConnectListAllDomains")?;
        self.with(|s| Ok(s.domains.iter().filter(|d| matches_filter(d, flags)).map(|d| d.ident()).collect()))
    }

    fn domain_lookup_by_id(&self, id: i32) -> Result<DomainId> {
        self.with(|s| {
            s.domains
                .iter()
                .find(|d| d.is_active() && d.id == id)
                .map(|d| d.ident())
                .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, ""))
        })
    }

    fn domain_lookup_by_name(&self, name: &str) -> Result<DomainId> {
        self.with(|s| s.lookup(|d| d.def.name == name))
    }

    fn domain_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<DomainId> {
        self.with(|s| s.lookup(|d| d.def.uuid.as_bytes() == uuid))
    }

    fn domain_create_xml(&self, xml: &str, flags: u32) -> Result<DomainId> {
        // VIR_DOMAIN_START_VALIDATE only: libvirt's test driver refuses START_PAUSED.
        check_flags(flags, 16, "testDomainCreateXML")?;
        let def = parse_def(xml)?;
        self.with(|s| {
            let i = s.add(def, false)?;
            let ident = s.start(i, RUNNING_BOOTED);
            s.event(ident.clone(), Event::VIR_DOMAIN_EVENT_STARTED, Started::VIR_DOMAIN_EVENT_STARTED_BOOTED as i32);
            Ok(ident)
        })
    }

    fn domain_define_xml_flags(&self, xml: &str, flags: u32) -> Result<DomainId> {
        // VIR_DOMAIN_DEFINE_VALIDATE
        check_flags(flags, 1, "testDomainDefineXMLFlags")?;
        let def = parse_def(xml)?;
        self.with(|s| {
            // Redefining a persistent domain updates it; anything else adds a definition.
            let updated = s.domains.iter().any(|d| d.def.uuid == def.uuid && d.persistent);
            let i = s.add(def, true)?;
            let ident = s.domains[i].ident();
            let detail = if updated { Defined::VIR_DOMAIN_EVENT_DEFINED_UPDATED } else { Defined::VIR_DOMAIN_EVENT_DEFINED_ADDED };
            s.event(ident.clone(), Event::VIR_DOMAIN_EVENT_DEFINED, detail as i32);
            Ok(ident)
        })
    }

    fn domain_undefine_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        // MANAGED_SAVE, SNAPSHOTS_METADATA, NVRAM, KEEP_NVRAM: libvirt's test driver
        // refuses the later ones (CHECKPOINTS_METADATA, KEEP_TPM, TPM).
        check_flags(flags, UNDEFINE_MANAGED_SAVE | 2 | 4 | 8, "testDomainUndefineFlags")?;
        self.with_dom(dom, |s, i| {
            // An inactive domain's snapshots forbid it, unless
            // VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA drops them with it.
            let snapshots = if s.domains[i].is_active() { 0 } else { s.snapshot_count(&dom.uuid) };
            if snapshots > 0 && flags & 2 == 0 {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    format!("cannot delete inactive domain with {snapshots} snapshots"),
                ));
            }
            let d = &mut s.domains[i];
            if d.managed_save && flags & UNDEFINE_MANAGED_SAVE == 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "Refusing to undefine while domain managed save image exists"));
            }
            let ident = d.ident();
            if d.is_active() {
                d.persistent = false;
                d.autostart = false;
            } else {
                s.domains.remove(i);
                s.drop_snapshots(&dom.uuid);
            }
            s.event(ident, Event::VIR_DOMAIN_EVENT_UNDEFINED, Undefined::VIR_DOMAIN_EVENT_UNDEFINED_REMOVED as i32);
            Ok(())
        })
    }

    fn domain_create_with_flags(&self, dom: &DomainId, flags: u32) -> Result<DomainId> {
        check_flags(flags, 0, "testDomainCreateWithFlags")?;
        self.with_dom(dom, |s, i| {
            if s.domains[i].is_active() {
                return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("Domain '{}' is already running", dom.name)));
            }
            let ident = s.start(i, RUNNING_BOOTED);
            s.event(ident.clone(), Event::VIR_DOMAIN_EVENT_STARTED, Started::VIR_DOMAIN_EVENT_STARTED_BOOTED as i32);
            Ok(ident)
        })
    }

    fn domain_destroy_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        // VIR_DOMAIN_DESTROY_GRACEFUL
        check_flags(flags, 1, "testDomainDestroyFlags")?;
        self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            let ident = s.stop(i, SHUTOFF_DESTROYED);
            s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, Stopped::VIR_DOMAIN_EVENT_STOPPED_DESTROYED as i32);
            Ok(())
        })
    }

    fn domain_shutdown_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainShutdownFlags")?;
        self.with_dom(dom, |s, i| {
            if s.domains[i].state == SHUTOFF {
                return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("domain '{}' not running", s.domains[i].def.name)));
            }
            let ident = s.stop(i, SHUTOFF_SHUTDOWN);
            s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, Stopped::VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN as i32);
            Ok(())
        })
    }

    /// Raises no event: libvirt's test driver raises neither a lifecycle nor a reboot event.
    fn domain_reboot(&self, dom: &DomainId, _flags: u32) -> Result<()> {
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            d.check_active()?;
            d.set_state(RUNNING, RUNNING_BOOTED);
            Ok(())
        })
    }

    fn domain_reset(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainReset")?;
        self.with_dom(dom, |s, i| s.domains[i].check_active())
    }

    fn domain_suspend(&self, dom: &DomainId) -> Result<()> {
        let event = (Event::VIR_DOMAIN_EVENT_SUSPENDED, Suspended::VIR_DOMAIN_EVENT_SUSPENDED_PAUSED as i32);
        self.transition(dom, RUNNING, "not running", (PAUSED, PAUSED_USER), event)
    }

    fn domain_resume(&self, dom: &DomainId) -> Result<()> {
        let event = (Event::VIR_DOMAIN_EVENT_RESUMED, Resumed::VIR_DOMAIN_EVENT_RESUMED_UNPAUSED as i32);
        self.transition(dom, PAUSED, "not paused", (RUNNING, RUNNING_UNPAUSED), event)
    }

    fn domain_save_flags(&self, dom: &DomainId, to: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        // libvirt's test driver takes no flags here.
        check_flags(flags, 0, "testDomainSaveFlags")?;
        if dxml.is_some() {
            return Err(Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "xml modification unsupported"));
        }
        let (xml, name, run) = self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            d.check_active()?;
            Ok((d.def.format(FormatOptions { live_id: Some(d.id), secure: true, inactive: false }), d.def.name.clone(), d.id))
        })?;
        // Written with the state unlocked: a slow destination (a FIFO, a network file
        // system) stalls this call only, as libvirt's driver holds only the domain's lock.
        write_save_image(to, &name, &xml)?;
        self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            if s.domains[i].id != run {
                // Stopped and started again by another call while the image was written.
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "domain changed state while it was being saved"));
            }
            let ident = s.stop(i, SHUTOFF_SAVED);
            s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, Stopped::VIR_DOMAIN_EVENT_STOPPED_SAVED as i32);
            Ok(())
        })
    }

    fn domain_restore_flags(&self, from: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainRestoreFlags")?;
        if dxml.is_some() {
            return Err(Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "xml modification unsupported"));
        }
        let def = read_save_image(from)?;
        self.with(|s| {
            let i = s.add(def, false)?;
            let ident = s.start(i, RUNNING_RESTORED);
            s.event(ident, Event::VIR_DOMAIN_EVENT_STARTED, Started::VIR_DOMAIN_EVENT_STARTED_RESTORED as i32);
            Ok(())
        })
    }

    /// Stops the domain as `virDomainSave` does, keeping no image but the flag that it
    /// has one: the next start boots it afresh and drops the flag.
    fn domain_managed_save(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, SAVE_FLAGS, "testDomainManagedSave")?;
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            d.check_active()?;
            if !d.persistent {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot do managed save for transient domain"));
            }
            d.managed_save = true;
            let ident = s.stop(i, SHUTOFF_SAVED);
            s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, Stopped::VIR_DOMAIN_EVENT_STOPPED_SAVED as i32);
            Ok(())
        })
    }

    fn domain_has_managed_save_image(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainHasManagedSaveImage")?;
        self.with_dom(dom, |s, i| Ok(s.domains[i].managed_save))
    }

    fn domain_managed_save_remove(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainManagedSaveRemove")?;
        self.with_dom(dom, |s, i| {
            s.domains[i].managed_save = false;
            Ok(())
        })
    }

    fn domain_get_info(&self, dom: &DomainId) -> Result<DomainInfo> {
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            Ok(DomainInfo {
                state: d.state,
                max_mem_kib: d.def.max_memory_kib(),
                memory_kib: d.def.current_memory_kib(),
                nr_virt_cpu: d.def.vcpus() as u16,
                cpu_time_ns: now_ns(),
            })
        })
    }

    fn domain_get_state(&self, dom: &DomainId, flags: u32) -> Result<(i32, i32)> {
        check_flags(flags, 0, "testDomainGetState")?;
        self.with_dom(dom, |s, i| Ok((s.domains[i].state, s.domains[i].reason)))
    }

    fn domain_get_xml_desc(&self, dom: &DomainId, flags: u32) -> Result<String> {
        check_flags(flags, XML_SECURE | XML_INACTIVE | XML_UPDATE_CPU | XML_MIGRATABLE, "testDomainGetXMLDesc")?;
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            let inactive = flags & XML_INACTIVE != 0;
            let def = if inactive { d.new_def.as_ref().unwrap_or(&d.def) } else { &d.def };
            let live_id = if d.is_active() && !inactive { Some(d.id) } else { None };
            Ok(def.format(FormatOptions { live_id, secure: flags & XML_SECURE != 0, inactive }))
        })
    }

    fn domain_get_os_type(&self, dom: &DomainId) -> Result<String> {
        // libvirt's test driver answers "linux" whatever the definition says.
        self.with_dom(dom, |_, _| Ok("linux".to_string()))
    }

    fn domain_get_max_memory(&self, dom: &DomainId) -> Result<u64> {
        self.with_dom(dom, |s, i| Ok(s.domains[i].def.max_memory_kib()))
    }

    fn domain_set_max_memory(&self, dom: &DomainId, kib: u64) -> Result<()> {
        self.domain_set_memory_flags(dom, kib, MEM_MAXIMUM)
    }

    fn domain_set_memory_flags(&self, dom: &DomainId, kib: u64, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | MEM_MAXIMUM, "testDomainSetMemoryFlags")?;
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            if flags & MEM_MAXIMUM != 0 {
                if live {
                    return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot resize the maximum memory on an active domain"));
                }
                for def in d.defs_mut(live, config) {
                    def.set_max_memory_kib(kib);
                }
            } else {
                for def in d.defs_mut(live, config) {
                    if kib > def.max_memory_kib() {
                        return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "cannot set memory higher than max memory"));
                    }
                    def.set_current_memory_kib(kib);
                }
            }
            Ok(())
        })
    }

    fn domain_get_max_vcpus(&self, dom: &DomainId) -> Result<i32> {
        self.domain_get_vcpus_flags(dom, AFFECT_LIVE | VCPU_MAXIMUM)
    }

    fn domain_get_vcpus(&self, dom: &DomainId, maxinfo: i32, maplen: i32) -> Result<(Vec<VcpuInfo>, Vec<u8>)> {
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            if !d.is_active() {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot list vcpus for an inactive domain"));
            }
            let n = &s.node;
            let host_cpus = n.nodes * n.sockets * n.cores * n.threads;
            Ok(vcpus::vcpu_infos(&d.def, host_cpus, maxinfo, maplen, now_ns() / 1000))
        })
    }

    fn domain_memory_stats(&self, dom: &DomainId, nr_stats: u32, flags: u32) -> Result<Vec<(i32, u64)>> {
        check_flags(flags, 0, "testDomainMemoryStats")?;
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            d.check_active()?;
            Ok(stats::memory_stats(&d.def, nr_stats))
        })
    }

    /// The label libvirt's test driver makes up for running domains; none otherwise.
    fn domain_get_security_label(&self, dom: &DomainId) -> Result<(String, bool)> {
        self.with_dom(dom, |s, i| {
            Ok(if s.domains[i].is_active() { ("libvirt-test".into(), true) } else { (String::new(), false) })
        })
    }

    fn domain_get_vcpus_flags(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM | VCPU_GUEST, "testDomainGetVcpusFlags")?;
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            if flags & VCPU_GUEST != 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, "guest vcpu count not supported"));
            }
            let (live, _) = d.affected_ref(flags)?;
            let def = if live { &d.def } else { d.new_def.as_ref().unwrap_or(&d.def) };
            Ok(if flags & VCPU_MAXIMUM != 0 { def.max_vcpus() } else { def.vcpus() } as i32)
        })
    }

    fn domain_set_vcpus_flags(&self, dom: &DomainId, n: u32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | VCPU_MAXIMUM | VCPU_GUEST | VCPU_HOTPLUGGABLE, "testDomainSetVcpusFlags")?;
        if flags & VCPU_GUEST != 0 {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, "guest vcpu count not supported"));
        }
        if n > 32 {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("requested cpu amount exceeds maximum supported amount ({n} > 32)")));
        }
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            if flags & VCPU_MAXIMUM != 0 && live {
                return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "cannot change maximum vCPUs on an active domain"));
            }
            for def in d.defs_mut(live, config) {
                if flags & VCPU_MAXIMUM != 0 {
                    def.set_max_vcpus(n);
                } else {
                    if n > def.max_vcpus() {
                        return Err(Error::new(
                            FROM,
                            Code::VIR_ERR_INVALID_ARG,
                            format!("requested cpu amount exceeds maximum ({n} > {})", def.max_vcpus()),
                        ));
                    }
                    def.set_vcpus(n);
                }
            }
            Ok(())
        })
    }

    fn domain_get_autostart(&self, dom: &DomainId) -> Result<bool> {
        self.with_dom(dom, |s, i| Ok(s.domains[i].autostart))
    }

    fn domain_set_autostart(&self, dom: &DomainId, on: bool) -> Result<()> {
        self.with_dom(dom, |s, i| {
            s.domains[i].autostart = on;
            Ok(())
        })
    }

    fn domain_is_active(&self, dom: &DomainId) -> Result<bool> {
        self.with_dom(dom, |s, i| Ok(s.domains[i].is_active()))
    }

    fn domain_is_persistent(&self, dom: &DomainId) -> Result<bool> {
        self.with_dom(dom, |s, i| Ok(s.domains[i].persistent))
    }

    fn domain_save_image_get_xml_desc(&self, file: &str, flags: u32) -> Result<String> {
        // VIR_DOMAIN_SAVE_IMAGE_XML_SECURE: the XML is always written securely anyway.
        check_flags(flags, 1, "testDomainSaveImageGetXMLDesc")?;
        let def = read_save_image(file)?;
        Ok(def.format(FormatOptions { live_id: None, secure: true, inactive: false }))
    }

    fn domain_save_image_define_xml(&self, file: &str, dxml: &str, flags: u32) -> Result<()> {
        // VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED
        check_flags(flags, 2 | 4, "testDomainSaveImageDefineXML")?;
        read_save_image(file)?;
        let mut def = DomainDef::parse(dxml)?;
        if def.os.arch.is_none() {
            def.os.arch = Some("i686".into());
        }
        let xml = def.format(FormatOptions { live_id: None, secure: true, inactive: false });
        write_save_image(file, &def.name, &xml)
    }

    /// The canned times: a total with user and system shares, or per host CPU (as many
    /// as the node has cores) an even share plus the CPU number, and a vCPU time.
    fn domain_get_cpu_stats(
        &self,
        dom: &DomainId,
        nparams: u32,
        start_cpu: i32,
        ncpus: u32,
        flags: u32,
    ) -> Result<crate::driver::domain::wire::DomainGetCpuStatsRet> {
        use crate::driver::TypedValue::ULLong;
        use crate::rpc::protocol::TypedParam;
        check_flags(flags, 4, "testDomainGetCPUStats")?;
        let p = |field: &str, v: u64| TypedParam { field: field.to_string(), value: ULLong(v) };
        let (params, n) = self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            if start_cpu == -1 {
                if nparams == 0 {
                    return Ok((Vec::new(), 3));
                }
                let all = vec![p("cpu_time", TOTAL_CPU_TIME), p("user_time", 5_540_000_000), p("system_time", 6_460_000_000)];
                let n = (nparams as usize).min(3);
                return Ok((all.into_iter().take(n).collect(), n as i32));
            }
            let total = s.node.cores as i32;
            if ncpus == 0 {
                return Ok((Vec::new(), total));
            }
            if nparams == 0 {
                return Ok((Vec::new(), 2));
            }
            if start_cpu >= total {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("start_cpu {start_cpu} larger than maximum of {}", total - 1),
                ));
            }
            let per_cpu = TOTAL_CPU_TIME / total as u64;
            let n = if nparams > 1 { 2 } else { 1 };
            let last = total.min(start_cpu.saturating_add(ncpus.min(i32::MAX as u32) as i32));
            let mut out = Vec::new();
            for cpu in start_cpu..last {
                out.push(p("cpu_time", per_cpu + cpu as u64));
                if n > 1 {
                    out.push(p("vcpu_time", (per_cpu + cpu as u64).wrapping_sub(1_234_567_890)));
                }
            }
            Ok((out, n))
        })?;
        Ok(crate::driver::domain::wire::DomainGetCpuStatsRet { params: crate::rpc::xdr::Array(params), nparams: n })
    }

    /// The test driver records no messages.
    fn domain_get_messages(&self, dom: &DomainId, flags: u32) -> Result<Vec<String>> {
        // VIR_DOMAIN_MESSAGE_DEPRECATION | VIR_DOMAIN_MESSAGE_TAINTING
        check_flags(flags, 1 | 2, "testDomainGetMessages")?;
        self.with_dom(dom, |_, _| Ok(Vec::new()))
    }

    /// The files are ignored, as libvirt's test driver does.
    fn domain_create_xml_with_files(&self, xml: &str, _files: &[i32], flags: u32) -> Result<DomainId> {
        self.domain_create_xml(xml, flags)
    }

    fn domain_create_with_files(&self, dom: &DomainId, _files: &[i32], flags: u32) -> Result<DomainId> {
        self.domain_create_with_flags(dom, flags)
    }

    fn domain_rename(&self, dom: &DomainId, new_name: Option<&str>, flags: u32) -> Result<i32> {
        check_flags(flags, 0, "testDomainRename")?;
        let new_name = new_name.unwrap_or("");
        self.with_dom(dom, |s, i| {
            let invalid = |m: String| Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, m);
            let d = &s.domains[i];
            if d.is_active() {
                return Err(invalid("cannot rename active domain".into()));
            }
            if !d.persistent {
                return Err(invalid("cannot rename a transient domain".into()));
            }
            if d.state != SHUTOFF {
                return Err(invalid("domain has to be shutoff before renaming".into()));
            }
            if d.def.name == new_name {
                return Err(Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_OPERATION_INVALID, "Can't rename domain to itself"));
            }
            if s.domains.iter().any(|o| o.def.name == new_name) {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_OPERATION_INVALID,
                    format!("domain with name '{new_name}' already exists"),
                ));
            }
            if new_name.contains('/') {
                return Err(Error::new(FROM, Code::VIR_ERR_XML_ERROR, format!("name {new_name} cannot contain '/'")));
            }
            let old = s.domains[i].ident();
            s.event(old, Event::VIR_DOMAIN_EVENT_UNDEFINED, Undefined::VIR_DOMAIN_EVENT_UNDEFINED_RENAMED as i32);
            let d = &mut s.domains[i];
            d.def.name = new_name.to_string();
            if let Some(n) = d.new_def.as_mut() {
                n.name = new_name.to_string();
            }
            let renamed = d.ident();
            s.event(renamed, Event::VIR_DOMAIN_EVENT_DEFINED, Defined::VIR_DOMAIN_EVENT_DEFINED_RENAMED as i32);
            Ok(0)
        })
    }

    /// Only the "state" group: every other group gives a record without values.
    fn connect_get_all_domain_stats(&self, doms: &[DomainId], stats: u32, flags: u32) -> Result<Vec<super::DomainStats>> {
        use crate::driver::TypedValue::Int;
        // The list filters, then ENFORCE_STATS, BACKING, NOWAIT.
        check_flags(flags, list_filter::STATE_FILTERS | (1 << 29) | (1 << 30) | (1 << 31), "testConnectGetAllDomainStats")?;
        self.with(|s| {
            let chosen: Vec<&DomainObj> = if doms.is_empty() {
                s.domains.iter().map(|d| &**d).filter(|d| matches_filter(d, flags)).collect()
            } else {
                doms.iter().filter_map(|id| s.find(id).ok().map(|i| &*s.domains[i])).collect()
            };
            Ok(chosen
                .into_iter()
                .map(|d| {
                    let values = if stats == 0 || stats & 1 != 0 {
                        vec![("state.state".to_string(), Int(d.state)), ("state.reason".to_string(), Int(d.reason))]
                    } else {
                        Vec::new()
                    };
                    (d.ident(), values)
                })
                .collect())
        })
    }

    fn domain_interface_stats(&self, dom: &DomainId, device: &str) -> Result<[i64; 8]> {
        self.interface_stats(dom, device)
    }

    /// "<name>host" for a running domain, as libvirt's test driver makes it up.
    fn domain_get_hostname(&self, dom: &DomainId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testDomainGetHostname")?;
        self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            Ok(format!("{}host", dom.name))
        })
    }

    fn domain_is_updated(&self, dom: &DomainId) -> Result<bool> {
        self.with_dom(dom, |s, i| Ok(s.domains[i].new_def.is_some() && s.domains[i].is_active() && s.domains[i].updated))
    }
}

crate::unsupported_areas!(TestConnection: Secrets, NwFilters);


/// Writes a save image as libvirt's test driver does: its magic (NUL included), the XML's
/// length in native byte order, the XML.
fn write_save_image(path: &str, name: &str, xml: &str) -> Result<()> {
    let mut data = SAVE_MAGIC.to_vec();
    data.extend_from_slice(&(xml.len() as i32).to_ne_bytes());
    data.extend_from_slice(xml.as_bytes());
    std::fs::write(path, data).map_err(|e| Error::system(FROM, &format!("saving domain '{name}' to '{path}'"), &e))
}

/// The definition stored in the save image `path`.
fn read_save_image(path: &str) -> Result<DomainDef> {
    let data = std::fs::read(path).map_err(|e| Error::system(FROM, &format!("cannot read domain image '{path}'"), &e))?;
    let bad = || Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "incomplete save header");
    if data.len() < SAVE_MAGIC.len() {
        return Err(bad());
    }
    let rest = data.strip_prefix(SAVE_MAGIC).ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "mismatched header magic"))?;
    let len_bytes: [u8; 4] = rest.get(..4).and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
    let len = i32::from_ne_bytes(len_bytes);
    if !(1..=8192 * 1024).contains(&len) {
        return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "length of metadata out of range"));
    }
    let xml = rest.get(4..4 + len as usize).ok_or_else(bad)?;
    parse_def(&String::from_utf8_lossy(xml))
}

/// The test driver's canned CPU time (ns) of every domain.
const TOTAL_CPU_TIME: u64 = 48_772_617_035;

fn parse_def(xml: &str) -> Result<DomainDef> {
    let mut def = DomainDef::parse(xml)?;
    def.apply_test_driver_defaults();
    Ok(def)
}

fn hostname() -> Result<String> {
    crate::sys::hostname().map_err(|e| Error::system(FROM, "failed to determine host name", &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::DomainEvent;
    use std::time::Duration;

    fn open(uri: &str) -> Box<dyn crate::driver::Driver> {
        match TestConnectDriver.open(&Uri::parse(uri).unwrap(), OpenFlags::default()).unwrap() {
            Open::Accepted(c) => c,
            Open::Declined => panic!("declined {uri}"),
        }
    }

    #[test]
    fn a_save_to_a_fifo_stalls_no_other_call() {
        let dir = std::env::temp_dir().join(format!("virt-test-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let node = dir.join("node.xml");
        std::fs::write(&node, "<node><domain type='test'><name>saver</name><memory>65536</memory><os><type>hvm</type></os></domain></node>").unwrap();
        let fifo = dir.join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        // One connection (a node file's state is private to the connection that read it),
        // used from two threads.
        let uri = format!("test://{}", node.display());
        let a = Arc::new(open(&uri));
        let b = a.clone();
        let dom = a.domain_lookup_by_name("saver").unwrap();
        assert_eq!(a.domain_get_state(&dom, 0).unwrap().0, RUNNING);
        // The save blocks in open(2) until the FIFO has a reader.
        let (b2, dom2, to) = (b.clone(), dom.clone(), fifo.to_string_lossy().into_owned());
        let saver = std::thread::spawn(move || b2.domain_save_flags(&dom2, &to, None, 0));
        std::thread::sleep(Duration::from_millis(200));
        let started = std::time::Instant::now();
        for _ in 0..50 {
            assert_eq!(a.domain_get_state(&dom, 0).unwrap().0, RUNNING);
            a.connect_list_domains().unwrap();
        }
        assert!(started.elapsed() < Duration::from_secs(2), "calls waited for the save: {:?}", started.elapsed());
        assert!(!saver.is_finished());
        let image = std::fs::read(&fifo).unwrap();
        saver.join().unwrap().unwrap();
        assert!(image.starts_with(SAVE_MAGIC));
        assert_eq!(a.domain_get_state(&dom, 0).unwrap().0, SHUTOFF);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn events_reach_every_connection_of_the_state_until_it_stops() {
        let node = std::env::temp_dir().join(format!("virt-test-events-{}.xml", std::process::id()));
        std::fs::write(&node, "<node/>").unwrap();
        let uri = format!("test://{}", node.display());
        // `a` hears what `b` does to the shared default state, not what `other` does to
        // a state of its own.
        let (a, b) = (open("test:///default"), open("test:///default"));
        let other = open(&uri);
        let seen: Arc<Mutex<Vec<(String, i32, i32)>>> = Arc::default();
        let s = seen.clone();
        a.connect_domain_event_start(0, Arc::new(move |e: DomainEvent| {
            // Other tests share the default state: keep to this test's domain.
            if let (crate::driver::DomainEventBody::Lifecycle { event, detail }, "ev-unit") = (e.body, e.dom.name.as_str()) {
                s.lock().push((e.dom.name.clone(), event, detail));
            }
        }))
        .unwrap();
        let xml = "<domain type='test'><name>ev-unit</name><memory>65536</memory><os><type>hvm</type></os></domain>";
        let dom = b.domain_define_xml_flags(xml, 0).unwrap();
        b.domain_create_with_flags(&dom, 0).unwrap();
        b.domain_reboot(&dom, 0).unwrap();
        let dom = b.domain_lookup_by_name("ev-unit").unwrap();
        b.domain_destroy_flags(&dom, 0).unwrap();
        other.domain_define_xml_flags(xml, 0).unwrap();
        a.connect_domain_event_stop(0).unwrap();
        b.domain_undefine_flags(&dom, 0).unwrap();
        let name = || "ev-unit".to_string();
        assert_eq!(*seen.lock(), [(name(), 0, 0), (name(), 2, 0), (name(), 5, 1)]);
        std::fs::remove_file(node).unwrap();
    }

    /// A state of its own, from an empty node file.
    fn open_private(tag: &str) -> Box<dyn crate::driver::Driver> {
        let node = std::env::temp_dir().join(format!("virt-test-{tag}-{}.xml", std::process::id()));
        std::fs::write(&node, "<node/>").unwrap();
        let conn = open(&format!("test://{}", node.display()));
        std::fs::remove_file(node).unwrap();
        conn
    }

    #[test]
    fn managed_save_stops_the_domain_until_a_start_drops_the_image() {
        let c = open_private("managed-save");
        let xml = "<domain type='test'><name>ms</name><memory>65536</memory><vcpu>2</vcpu><os><type>hvm</type></os></domain>";
        let dom = c.domain_define_xml_flags(xml, 0).unwrap();
        let code = |r: Result<()>| r.unwrap_err().code;
        assert_eq!(code(c.domain_managed_save(&dom, 0)), Code::VIR_ERR_OPERATION_INVALID);
        c.domain_create_with_flags(&dom, 0).unwrap();
        assert_eq!(code(c.domain_managed_save(&dom, 8)), Code::VIR_ERR_INVALID_ARG);
        c.domain_managed_save(&dom, SAVE_FLAGS).unwrap();
        assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, SHUTOFF_SAVED));
        assert!(c.domain_has_managed_save_image(&dom, 0).unwrap());
        assert_eq!(c.connect_list_all_domains(list_filter::MANAGEDSAVE).unwrap().len(), 1);
        assert_eq!(c.connect_list_all_domains(list_filter::NO_MANAGEDSAVE).unwrap().len(), 0);
        assert_eq!(code(c.domain_undefine_flags(&dom, 0)), Code::VIR_ERR_OPERATION_INVALID);
        assert_eq!(code(c.domain_get_vcpus(&dom, 1, 1).map(drop)), Code::VIR_ERR_OPERATION_INVALID);
        assert_eq!(c.domain_get_security_label(&dom).unwrap(), (String::new(), false));

        c.domain_create_with_flags(&dom, 0).unwrap();
        assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, RUNNING_BOOTED));
        assert!(!c.domain_has_managed_save_image(&dom, 0).unwrap());
        assert_eq!(c.domain_get_security_label(&dom).unwrap(), ("libvirt-test".to_string(), true));
        // An empty node file keeps the default node's 16 CPUs.
        let (infos, maps) = c.domain_get_vcpus(&dom, 4, 1).unwrap();
        assert_eq!((infos.len(), infos[1].number, infos[1].cpu, maps), (2, 1, 15, vec![0xff, 0xff]));

        c.domain_managed_save(&dom, 0).unwrap();
        c.domain_managed_save_remove(&dom, 0).unwrap();
        assert!(!c.domain_has_managed_save_image(&dom, 0).unwrap());
        c.domain_undefine_flags(&dom, 0).unwrap();
        assert!(c.domain_lookup_by_name("ms").is_err());
    }

    #[test]
    fn node_cpu_map_and_security_model_are_canned() {
        let c = open_private("node");
        assert_eq!(c.node_get_cpu_map(0).unwrap(), (8, Bitmap(vec![0, 2, 4])));
        assert_eq!(c.node_get_cpu_map(1).unwrap_err().code, Code::VIR_ERR_INVALID_ARG);
        assert_eq!(c.node_get_security_model().unwrap(), ("testSecurity".to_string(), String::new()));
    }
}
