//! Drivers: what a connection talks to.
//!
//! A connection driver is a bundle of per-area traits, as libvirt's `virConnectDriver`
//! bundles its tables: [`Host`], [`Domains`] (with [`DomainTuning`], [`DomainDevices`] and
//! [`DomainMigration`]: libvirt's hypervisor table, split by theme), [`DomainSnapshots`],
//! [`DomainCheckpoints`],
//! [`Networks`], [`Storage`], [`NodeDevices`], [`Interfaces`], [`Secrets`], [`NwFilters`],
//! plus [`Connection`] for what never crosses the wire (closing, keepalive, event
//! plumbing). Each area's trait is made by its procedure table (`host.rs`, `domain.rs`,
//! ...; see [`declare_procedures`](crate::declare_procedures)): one method per slot,
//! named after libvirt's (`domainSuspend` ↔ `domain_suspend`), whose default answers
//! `VIR_ERR_NO_SUPPORT`, so a driver implements only what it supports. The same table
//! makes the remote driver's implementation and the daemon's dispatch.
//!
//! [`open`] walks [`REGISTRY`]; the first driver that accepts the URI owns the connection.

use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

pub mod auth;
pub mod close;
pub mod events;
pub mod ids;
pub mod list_filter;
pub mod remote;
pub mod test;

pub mod checkpoint;
pub mod domain;
pub mod domain_devices;
pub mod domain_migration;
pub mod domain_obj;
pub mod domain_tuning;
pub mod moment;
pub mod host;
pub mod interface;
pub mod network;
pub mod nodedev;
pub mod nwfilter;
pub mod secret;
pub mod snapshot;
pub mod snapshot_list;
pub mod storage;
pub mod stream;

pub use checkpoint::DomainCheckpoints;
pub use domain::Domains;
pub use domain_devices::DomainDevices;
pub use domain_migration::DomainMigration;
pub use domain_tuning::DomainTuning;
pub use host::Host;
pub use ids::*;
pub use interface::Interfaces;
pub use network::Networks;
pub use nodedev::NodeDevices;
pub use nwfilter::NwFilters;
pub use secret::Secrets;
pub use snapshot::DomainSnapshots;
pub use storage::Storage;

/// The traits a caller needs in scope to call any slot of a [`Driver`].
pub mod prelude {
    pub use super::{
        Connection, DomainCheckpoints, DomainDevices, DomainMigration, DomainSnapshots, DomainTuning, Domains, Driver,
        Host, Interfaces, Networks, NodeDevices, NwFilters, Secrets, Storage,
    };
}

pub use events::{
    DomainEvent, DomainEventBody, DomainEventBus, DomainEventSink, EventObject, EventTarget, ObjectEvent, ObjectEventBody,
    ObjectEventBus, ObjectEventId, ObjectEventSink, ObjectKind,
};

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

/// How `open` was asked to open: flags of `virConnectOpenAuth` (read-only = 1), and
/// where credentials come from when the driver or its transport needs some.
#[derive(Clone, Debug, Default)]
pub struct OpenFlags {
    pub read_only: bool,
    pub auth: auth::Auth,
    /// Whose rights files named by the URI (`test:///path`) are read with: the process's
    /// in the library, the client's in a daemon.
    pub files: crate::conf::node::FileAccess,
}

/// The answer of a driver to an open request.
pub enum Open {
    Declined,
    Accepted(Box<dyn Driver>),
}

/// A connection driver: claims URIs, and opens connections for them.
pub trait ConnectDriver: Sync {
    fn name(&self) -> &'static str;
    fn open(&self, uri: &Uri, flags: OpenFlags) -> Result<Open>;
}

/// The connection drivers, in the order they are asked.
pub static REGISTRY: &[&dyn ConnectDriver] = &[&test::TestConnectDriver, &remote::RemoteConnectDriver];

/// Opens `uri` with the first driver that accepts it.
pub fn open(uri: &Uri, flags: OpenFlags) -> Result<Box<dyn Driver>> {
    for driver in REGISTRY {
        if let Open::Accepted(conn) = driver.open(uri, flags.clone())? {
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

/// `VIR_ERR_NO_SUPPORT` for `api` ("this function is not supported by the connection
/// driver: virXxx"), in the API's own error domain ([`api_error_domain`]).
pub fn unsupported<T>(api: &'static str) -> Result<T> {
    Err(Error::no_support(api_error_domain(api), api))
}

/// The error domain of `api`'s own errors (argument checks, "not supported"): that of
/// the libvirt source file defining it, which is the `FROM` of the `src/api` file that
/// exports it. libvirt.c's functions (opening and closing connections) have none;
/// libvirt-host.c's (`virConnect*`, `virNode*` of the host) and libvirt-domain.c's have
/// `VIR_FROM_DOMAIN`; the other object classes have their own.
pub fn api_error_domain(api: &str) -> Domain {
    let Some(rest) = api.strip_prefix("vir") else { return Domain::VIR_FROM_NONE };
    if matches!(rest, "ConnectOpen" | "ConnectOpenReadOnly" | "ConnectOpenAuth" | "ConnectClose" | "GetVersion")
        || rest.starts_with("TypedParam")
    {
        return Domain::VIR_FROM_NONE;
    }
    if rest.starts_with("DomainSnapshot")
        || matches!(rest, "DomainListAllSnapshots" | "DomainHasCurrentSnapshot" | "DomainRevertToSnapshot")
    {
        return Domain::VIR_FROM_DOMAIN_SNAPSHOT;
    }
    if rest.starts_with("DomainCheckpoint") || rest == "DomainListAllCheckpoints" {
        return Domain::VIR_FROM_DOMAIN_CHECKPOINT;
    }
    if rest.starts_with("Domain") {
        return Domain::VIR_FROM_DOMAIN;
    }
    // The object class a call is about: its prefix, or for a connection's listing,
    // counting and event calls the class it names.
    let classes: &[(&str, Domain)] = &[
        ("NWFilter", Domain::VIR_FROM_NWFILTER),
        ("Network", Domain::VIR_FROM_NETWORK),
        ("StoragePool", Domain::VIR_FROM_STORAGE),
        ("StorageVol", Domain::VIR_FROM_STORAGE),
        ("Secret", Domain::VIR_FROM_SECRET),
        ("NodeDevice", Domain::VIR_FROM_NODEDEV),
        ("Interface", Domain::VIR_FROM_INTERFACE),
    ];
    if let Some(object) = rest.strip_prefix("Connect") {
        for (class, domain) in classes {
            if object.contains(class) {
                return *domain;
            }
        }
        return Domain::VIR_FROM_DOMAIN;
    }
    for (class, domain) in classes {
        if rest.starts_with(class) {
            return *domain;
        }
    }
    if matches!(rest, "NodeListDevices" | "NodeNumOfDevices") {
        return Domain::VIR_FROM_NODEDEV;
    }
    if rest.starts_with("Stream") {
        return Domain::VIR_FROM_STREAMS;
    }
    if rest.starts_with("Event") {
        return Domain::VIR_FROM_EVENT;
    }
    Domain::VIR_FROM_DOMAIN
}

/// What a connection does besides its slots: what never crosses the wire as a
/// procedure of its own.
pub trait Connection: Send + Sync {
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

    /// Where a close callback waits, for a connection that can be lost behind the
    /// application's back (a daemon's socket); None for the others, whose callbacks
    /// libvirt accepts and forgets.
    fn close_watch(&self) -> Option<std::sync::Arc<close::CloseWatch>> {
        None
    }

    /// Called once when the last reference to the connection goes.
    fn connect_close(&self) -> Result<()> {
        Ok(())
    }

    fn connect_is_encrypted(&self) -> Result<bool> {
        unsupported("virConnectIsEncrypted")
    }

    /// Whether the driver has libvirt's optional driver feature `feature`
    /// (`VIR_DRV_FEATURE_*`, libvirt_internal.h), as `VIR_DRV_SUPPORTS_FEATURE` asks
    /// (migration protocols, mostly). By default: none.
    fn supports_feature(&self, feature: i32) -> Result<bool> {
        let _ = feature;
        Ok(false)
    }

    fn connect_is_alive(&self) -> Result<bool> {
        unsupported("virConnectIsAlive")
    }

    /// Starts (interval > 0) or stops keepalive; 1 if the peer cannot do keepalive.
    fn connect_set_keep_alive(&self, interval: i32, count: u32) -> Result<i32> {
        let _ = (interval, count);
        unsupported("virConnectSetKeepAlive")
    }

    /// Starts delivering this connection's domain events of `event_id` (a
    /// `virDomainEventID`) to `sink`, for every domain; the caller filters. Called when the
    /// connection gets its first callback for that id; a second call replaces the sink.
    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
        let _ = (event_id, sink);
        unsupported("virConnectDomainEventRegisterAny")
    }

    /// Stops what [`Connection::connect_domain_event_start`] started for `event_id`.
    fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
        let _ = event_id;
        unsupported("virConnectDomainEventDeregisterAny")
    }

    /// Whether the driver has events of the object class `kind` at all (libvirt: whether
    /// the connection has that class's driver); without, registering and deregistering
    /// answer "not supported" before looking at the callback.
    fn connect_object_events(&self, kind: ObjectKind) -> bool {
        let _ = kind;
        false
    }

    /// Starts delivering this connection's object events of `id` (network, pool, device or
    /// secret events) to `sink`, for every object of the class; the caller filters. As
    /// [`Connection::connect_domain_event_start`], once per id.
    fn connect_object_event_start(&self, id: ObjectEventId, sink: ObjectEventSink) -> Result<()> {
        let _ = sink;
        unsupported(id.kind.register_api())
    }

    /// Stops what [`Connection::connect_object_event_start`] started for `id`.
    fn connect_object_event_stop(&self, id: ObjectEventId) -> Result<()> {
        unsupported(id.kind.deregister_api())
    }
}

/// A connection driver: every area's slots. Implement each area trait (an empty `impl`
/// leaves the whole area "not supported") and this comes for free.
pub trait Driver:
    Connection + Host + Domains + DomainTuning + DomainDevices + DomainMigration + DomainSnapshots + DomainCheckpoints + Networks + Storage + NodeDevices + Interfaces + Secrets + NwFilters
{
}

impl<T> Driver for T where
    T: Connection + Host + Domains + DomainTuning + DomainDevices + DomainMigration + DomainSnapshots + DomainCheckpoints + Networks + Storage + NodeDevices + Interfaces + Secrets + NwFilters
{
}

/// Implements the areas `$driver` does not serve at all: every slot of theirs answers
/// "not supported".
#[macro_export]
macro_rules! unsupported_areas {
    ($driver:ty: $($area:ident),* $(,)?) => {
        $( impl $crate::driver::$area for $driver {} )*
    };
}
