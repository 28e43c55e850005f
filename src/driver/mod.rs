//! Drivers: what a connection talks to.
//!
//! [`Hypervisor`] is libvirt's hypervisor driver table as a trait: one method per slot,
//! named after libvirt's slot (`domainSuspend` ↔ [`Hypervisor::domain_suspend`]). Every
//! method has a default body that reports `VIR_ERR_NO_SUPPORT`, so a driver implements
//! only what it supports and the rest answers exactly as libvirt's missing slots do.
//!
//! [`open`] walks [`REGISTRY`]; the first driver that accepts the URI owns the connection.

use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

pub mod events;
pub mod list_filter;
pub mod remote;
pub mod test;

pub use events::{DomainEvent, DomainEventBody, DomainEventBus, DomainEventSink};

/// A domain as a handle names it: libvirt passes name, UUID and id to every driver call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainId {
    pub name: String,
    pub uuid: [u8; 16],
    /// The running id, or -1 when the domain is not running.
    pub id: i32,
}

/// `virDomainInfo` in Rust terms. Memory in KiB, CPU time in nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DomainInfo {
    pub state: i32,
    pub max_mem_kib: u64,
    pub memory_kib: u64,
    pub nr_virt_cpu: u16,
    pub cpu_time_ns: u64,
}

/// `virVcpuInfo` in Rust terms: a vCPU's number, `virVcpuState`, CPU time (ns) and the
/// host CPU it last ran on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VcpuInfo {
    pub number: u32,
    pub state: i32,
    pub cpu_time_ns: u64,
    pub cpu: i32,
}

/// `virDomainJobInfo`: the job type, then its eleven counters in the C struct's
/// order (time elapsed and remaining in ms; data, memory and file totals, processed
/// and remaining in bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobInfo {
    pub kind: i32,
    pub counters: [u64; 11],
}

/// A typed parameter's value (`virTypedParameter`), as the wire carries it.
pub use crate::rpc::protocol::TypedParamValue as TypedValue;

/// One domain's statistics record (`virDomainStatsRecord`): its typed parameters.
pub type DomainStats = (DomainId, Vec<(String, TypedValue)>);

/// Named statistics as `virNodeGetCPUStats`/`virNodeGetMemoryStats` report them.
pub type NamedStats = Vec<(String, u64)>;

/// `virNodeInfo` in Rust terms (memory in KiB): the node model's own type.
pub use crate::conf::node::NodeInfo;

/// How `open` was asked to open: flags of `virConnectOpenAuth` (read-only = 1).
#[derive(Clone, Copy, Debug, Default)]
pub struct OpenFlags {
    pub read_only: bool,
}

/// The answer of a driver to an open request.
pub enum Open {
    Declined,
    Accepted(Box<dyn Hypervisor>),
}

/// A connection driver: claims URIs, and opens connections for them.
pub trait ConnectDriver: Sync {
    fn name(&self) -> &'static str;
    fn open(&self, uri: &Uri, flags: OpenFlags) -> Result<Open>;
}

/// The connection drivers, in the order they are asked.
pub static REGISTRY: &[&dyn ConnectDriver] = &[&test::TestConnectDriver, &remote::RemoteConnectDriver];

/// Opens `uri` with the first driver that accepts it.
pub fn open(uri: &Uri, flags: OpenFlags) -> Result<Box<dyn Hypervisor>> {
    for driver in REGISTRY {
        if let Open::Accepted(conn) = driver.open(uri, flags)? {
            return Ok(conn);
        }
    }
    Err(Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_NO_CONNECT, uri.to_string()))
}

/// Which definitions a call with `virDomainModificationImpact` `flags` (LIVE 1, CONFIG 2)
/// affects, `(live, config)`, as libvirt's `virDomainObjGetDefs`: neither flag means the
/// live one of a running domain, else the persistent one. Errors in domain `from`.
pub fn affected_defs(active: bool, persistent: bool, flags: u32, from: Domain) -> Result<(bool, bool)> {
    let (live, config) = match flags & 3 {
        0 => (active, !active),
        f => (f & 1 != 0, f & 2 != 0),
    };
    if live && !active {
        return Err(Error::new(from, Code::VIR_ERR_OPERATION_INVALID, "domain is not running"));
    }
    if config && !persistent {
        return Err(Error::new(from, Code::VIR_ERR_OPERATION_INVALID, "transient domains do not have any persistent config"));
    }
    Ok((live, config))
}

/// `VIR_ERR_NO_SUPPORT` for `api`. Hypervisor APIs live in libvirt-host.c and
/// libvirt-domain.c, whose errors belong to `VIR_FROM_DOMAIN`.
pub fn unsupported<T>(api: &'static str) -> Result<T> {
    Err(Error::no_support(Domain::VIR_FROM_DOMAIN, api))
}

macro_rules! slots {
    ($( $(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty = $api:literal; )*) => {
        /// libvirt's hypervisor driver table. See the module docs.
        pub trait Hypervisor: Send + Sync {
            /// False when this driver's `api` (a public API name) never waits (on a guest,
            /// a monitor, the disk...): a daemon may then run it on the connection's own
            /// thread instead of handing it to a worker. By default everything may wait,
            /// and daemons keep libvirt's per-procedure priorities.
            fn may_block(&self, api: &str) -> bool {
                let _ = api;
                true
            }

            /// How `virConnectDomainEventDeregisterAny` words an unknown callback id
            /// (after "invalid argument: "): libvirt's remote client has its own text.
            fn unknown_event_callback(&self, id: i32) -> String {
                format!("could not find event callback {id} for deletion")
            }

            $( $(#[$doc])* fn $name(&self $(, $arg: $ty)*) -> Result<$ret> {
                $( let _ = $arg; )*
                unsupported($api)
            } )*
        }
    };
}

slots! {
    /// Called once when the last reference to the connection goes.
    fn connect_close(&self) -> () = "virConnectClose";
    fn connect_get_type(&self) -> String = "virConnectGetType";
    fn connect_get_version(&self) -> u64 = "virConnectGetVersion";
    fn connect_get_hostname(&self) -> String = "virConnectGetHostname";
    fn connect_get_capabilities(&self) -> String = "virConnectGetCapabilities";
    fn connect_get_max_vcpus(&self, kind: Option<&str>) -> i32 = "virConnectGetMaxVcpus";
    fn connect_is_secure(&self) -> bool = "virConnectIsSecure";
    fn connect_is_encrypted(&self) -> bool = "virConnectIsEncrypted";
    fn connect_is_alive(&self) -> bool = "virConnectIsAlive";
    /// Starts (interval > 0) or stops keepalive; 1 if the peer cannot do keepalive.
    fn connect_set_keep_alive(&self, interval: i32, count: u32) -> i32 = "virConnectSetKeepAlive";
    fn node_get_info(&self) -> NodeInfo = "virNodeGetInfo";
    /// The host's CPUs: how many are present, and which of them are online.
    fn node_get_cpu_map(&self, flags: u32) -> (u32, crate::conf::bitmap::Bitmap) = "virNodeGetCPUMap";
    /// The host's CPU times in ns (`cpu` -1: all CPUs), as `virNodeGetCPUStats` names them.
    fn node_get_cpu_stats(&self, cpu: i32, flags: u32) -> NamedStats = "virNodeGetCPUStats";
    /// The host's (or NUMA cell `cell`'s; -1: all) memory in KiB.
    fn node_get_memory_stats(&self, cell: i32, flags: u32) -> NamedStats = "virNodeGetMemoryStats";
    /// The primary security driver's `(model, doi)` (`virSecurityModel`).
    fn node_get_security_model(&self) -> (String, String) = "virNodeGetSecurityModel";
    /// Free memory of the host, in bytes.
    fn node_get_free_memory(&self) -> u64 = "virNodeGetFreeMemory";
    /// Free memory of NUMA cells `start..start+max`, in bytes.
    fn node_get_cells_free_memory(&self, start: i32, max: i32) -> Vec<u64> = "virNodeGetCellsFreeMemory";

    fn connect_list_domains(&self) -> Vec<i32> = "virConnectListDomains";
    fn connect_num_of_domains(&self) -> i32 = "virConnectNumOfDomains";
    fn connect_list_defined_domains(&self) -> Vec<String> = "virConnectListDefinedDomains";
    fn connect_num_of_defined_domains(&self) -> i32 = "virConnectNumOfDefinedDomains";
    /// `flags` are `virConnectListAllDomainsFlags`.
    fn connect_list_all_domains(&self, flags: u32) -> Vec<DomainId> = "virConnectListAllDomains";

    fn domain_lookup_by_id(&self, id: i32) -> DomainId = "virDomainLookupByID";
    fn domain_lookup_by_name(&self, name: &str) -> DomainId = "virDomainLookupByName";
    fn domain_lookup_by_uuid(&self, uuid: &[u8; 16]) -> DomainId = "virDomainLookupByUUID";
    fn domain_create_xml(&self, xml: &str, flags: u32) -> DomainId = "virDomainCreateXML";
    fn domain_define_xml_flags(&self, xml: &str, flags: u32) -> DomainId = "virDomainDefineXMLFlags";
    fn domain_undefine_flags(&self, dom: &DomainId, flags: u32) -> () = "virDomainUndefineFlags";
    /// Starts a defined domain; returns its new id.
    fn domain_create_with_flags(&self, dom: &DomainId, flags: u32) -> i32 = "virDomainCreateWithFlags";
    fn domain_destroy_flags(&self, dom: &DomainId, flags: u32) -> () = "virDomainDestroyFlags";
    fn domain_shutdown_flags(&self, dom: &DomainId, flags: u32) -> () = "virDomainShutdownFlags";
    fn domain_reboot(&self, dom: &DomainId, flags: u32) -> () = "virDomainReboot";
    fn domain_reset(&self, dom: &DomainId, flags: u32) -> () = "virDomainReset";
    fn domain_suspend(&self, dom: &DomainId) -> () = "virDomainSuspend";
    fn domain_resume(&self, dom: &DomainId) -> () = "virDomainResume";
    fn domain_save_flags(&self, dom: &DomainId, to: &str, dxml: Option<&str>, flags: u32) -> () = "virDomainSaveFlags";
    fn domain_restore_flags(&self, from: &str, dxml: Option<&str>, flags: u32) -> () = "virDomainRestoreFlags";
    fn domain_managed_save(&self, dom: &DomainId, flags: u32) -> () = "virDomainManagedSave";
    fn domain_has_managed_save_image(&self, dom: &DomainId, flags: u32) -> bool = "virDomainHasManagedSaveImage";
    fn domain_managed_save_remove(&self, dom: &DomainId, flags: u32) -> () = "virDomainManagedSaveRemove";
    fn domain_get_info(&self, dom: &DomainId) -> DomainInfo = "virDomainGetInfo";
    /// `(state, reason)`.
    fn domain_get_state(&self, dom: &DomainId, flags: u32) -> (i32, i32) = "virDomainGetState";
    fn domain_get_xml_desc(&self, dom: &DomainId, flags: u32) -> String = "virDomainGetXMLDesc";
    fn domain_get_os_type(&self, dom: &DomainId) -> String = "virDomainGetOSType";
    fn domain_get_max_memory(&self, dom: &DomainId) -> u64 = "virDomainGetMaxMemory";
    fn domain_set_max_memory(&self, dom: &DomainId, kib: u64) -> () = "virDomainSetMaxMemory";
    fn domain_set_memory_flags(&self, dom: &DomainId, kib: u64, flags: u32) -> () = "virDomainSetMemoryFlags";
    fn domain_get_max_vcpus(&self, dom: &DomainId) -> i32 = "virDomainGetMaxVcpus";
    /// At most `nr_stats` `(virDomainMemoryStatTags, value)` pairs.
    fn domain_memory_stats(&self, dom: &DomainId, nr_stats: u32, flags: u32) -> Vec<(i32, u64)> = "virDomainMemoryStats";
    fn domain_get_job_info(&self, dom: &DomainId) -> JobInfo = "virDomainGetJobInfo";
    /// Traffic of the interface `device` (host device name or guest MAC) as the guest
    /// sees it: rx bytes, packets, errors, drops, then the same for tx (-1: unknown).
    fn domain_interface_stats(&self, dom: &DomainId, device: &str) -> [i64; 8] = "virDomainInterfaceStats";
    /// Statistics groups `stats` (`virDomainStatsTypes`; 0: all) of `doms`, or of every
    /// domain `flags` selects when `doms` is empty.
    fn connect_get_all_domain_stats(&self, doms: &[DomainId], stats: u32, flags: u32) -> Vec<DomainStats> = "virConnectGetAllDomainStats";
    /// The domain's process `(label, enforcing)` (`virSecurityLabel`).
    fn domain_get_security_label(&self, dom: &DomainId) -> (String, bool) = "virDomainGetSecurityLabel";
    /// At most `maxinfo` vCPUs, and their affinity as `maplen` bytes each (none when
    /// `maplen` is 0), as `virDomainGetVcpus` fills its arrays.
    fn domain_get_vcpus(&self, dom: &DomainId, maxinfo: i32, maplen: i32) -> (Vec<VcpuInfo>, Vec<u8>) = "virDomainGetVcpus";
    fn domain_get_vcpus_flags(&self, dom: &DomainId, flags: u32) -> i32 = "virDomainGetVcpusFlags";
    fn domain_set_vcpus_flags(&self, dom: &DomainId, n: u32, flags: u32) -> () = "virDomainSetVcpusFlags";
    fn domain_get_autostart(&self, dom: &DomainId) -> bool = "virDomainGetAutostart";
    fn domain_set_autostart(&self, dom: &DomainId, on: bool) -> () = "virDomainSetAutostart";
    fn domain_is_active(&self, dom: &DomainId) -> bool = "virDomainIsActive";
    fn domain_is_persistent(&self, dom: &DomainId) -> bool = "virDomainIsPersistent";
    fn domain_is_updated(&self, dom: &DomainId) -> bool = "virDomainIsUpdated";

    /// Starts delivering this connection's domain events of `event_id` (a
    /// `virDomainEventID`) to `sink`, for every domain; the caller filters. Called when the
    /// connection gets its first callback for that id; a second call replaces the sink.
    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> () = "virConnectDomainEventRegisterAny";
    /// Stops what [`Hypervisor::connect_domain_event_start`] started for `event_id`.
    fn connect_domain_event_stop(&self, event_id: i32) -> () = "virConnectDomainEventDeregisterAny";
}
