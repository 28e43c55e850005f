//! The remote protocol: what every procedure table shares (limits, typed parameters,
//! the daemon's own structs), and the lookups over all tables. The procedures themselves
//! are declared once each, in the table of their libvirt area (`driver::host`,
//! `driver::domain`, `driver::network`, ...; see [`declare`](super::declare)); their
//! wire structs and markers are re-exported here.
//!
//! Facts come from libvirt's `src/remote/remote_protocol.x` (program 0x20008086) and
//! `src/rpc/virkeepaliveprotocol.x`. Numbers and struct layouts are append-only in
//! libvirt, so they never change here either. Field names follow the `.x` file in
//! snake case (`type` is spelled `type_`).
//!
//! rpcgen rules that matter: every integer, `char` and `unsigned short` is one 4-byte
//! unit, so `char model[32]` is 128 bytes ([`Chars`]) and `char data<MAX>` is a length
//! plus 4 bytes per char ([`CharArray`]); `remote_string` is an optional string;
//! `remote_uuid` is 16 opaque bytes.

#![forbid(unsafe_code)]

use std::fmt::Debug;

pub use super::message::{NonnullDomain, NonnullNetwork, RemoteError, KEEPALIVE_PROGRAM, REMOTE_PROGRAM};
#[allow(unused_imports)]
pub use crate::driver::{
    checkpoint::wire::*, domain::wire::*, domain_devices::wire::*, domain_migration::wire::*, domain_tuning::wire::*, host::wire::*, interface::wire::*, network::wire::*, nodedev::wire::*,
    nwfilter::wire::*, secret::wire::*, snapshot::wire::*, storage::wire::*,
};
pub use crate::driver::{DomainInfo, JobInfo, NamedStats, NodeInfo, VcpuInfo};
pub use crate::conf::bitmap::Bitmap;
use super::xdr::{decode_error, Array, CharArray, Reader, Writer, Xdr};
use crate::driver::{NetworkId, NodeDeviceId, SecretId, StoragePoolId};
use crate::error::{Code, Error, Result};

// ---- limits (remote_protocol.x, 9.0) ----------------------------------------------------

/// Longest string (`REMOTE_STRING_MAX`).
pub const REMOTE_STRING_MAX: usize = super::xdr::STRING_MAX;
/// Longest list of domains, ids or names (`REMOTE_DOMAIN_LIST_MAX`; older protocol
/// files had `REMOTE_DOMAIN_ID_LIST_MAX` / `REMOTE_DOMAIN_NAME_LIST_MAX`, same value).
pub const REMOTE_DOMAIN_LIST_MAX: usize = 16384;
/// Most vCPUs in one `DOMAIN_GET_VCPUS` answer (`REMOTE_VCPUINFO_MAX`).
pub const REMOTE_VCPUINFO_MAX: usize = 16384;
/// Most bytes of CPU maps in one answer (`REMOTE_CPUMAPS_MAX`).
pub const REMOTE_CPUMAPS_MAX: usize = 8_388_608;
/// Most host CPU / memory statistics in one answer.
pub const REMOTE_NODE_CPU_STATS_MAX: usize = 16;
pub const REMOTE_NODE_MEMORY_STATS_MAX: usize = 16;
/// Most domain memory statistics in one answer (`REMOTE_DOMAIN_MEMORY_STATS_MAX`).
pub const REMOTE_DOMAIN_MEMORY_STATS_MAX: usize = 1024;
/// Most bytes of a host CPU map (`REMOTE_CPUMAP_MAX`).
pub const REMOTE_CPUMAP_MAX: usize = 2048;
/// Most NUMA cells in one answer (`REMOTE_NODE_MAX_CELLS`).
pub const REMOTE_NODE_MAX_CELLS: usize = 1024;
/// Largest SASL negotiation packet (`REMOTE_AUTH_SASL_DATA_MAX`).
pub const REMOTE_AUTH_SASL_DATA_MAX: usize = 65536;
/// Most authentication types the server may offer (`REMOTE_AUTH_TYPE_LIST_MAX`).
pub const REMOTE_AUTH_TYPE_LIST_MAX: usize = 20;
/// `VIR_SECURITY_MODEL_BUFLEN` (256 + NUL).
pub const REMOTE_SECURITY_MODEL_MAX: usize = 257;
/// `VIR_SECURITY_LABEL_BUFLEN` (4096 + NUL).
pub const REMOTE_SECURITY_LABEL_MAX: usize = 4097;
/// `VIR_SECURITY_DOI_BUFLEN` (256 + NUL).
pub const REMOTE_SECURITY_DOI_MAX: usize = 257;
/// Most typed parameters of one tuning call (`REMOTE_DOMAIN_*_PARAMETERS_MAX`).
pub const REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX: usize = 16;
pub const REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX: usize = 16;
pub const REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX: usize = 16;
pub const REMOTE_DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX: usize = 32;
pub const REMOTE_DOMAIN_NUMA_PARAMETERS_MAX: usize = 16;
pub const REMOTE_DOMAIN_INTERFACE_PARAMETERS_MAX: usize = 16;
/// Most typed parameters in one domain's stats record (older libvirt: 4096).
pub const REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX: usize = 262144;

/// `remote_auth_type`
pub const REMOTE_AUTH_NONE: i32 = 0;
pub const REMOTE_AUTH_SASL: i32 = 1;
pub const REMOTE_AUTH_POLKIT: i32 = 2;

/// `virTypedParameterType`, the discriminant of `remote_typed_param_value`.
pub mod typed_param_type {
    pub const INT: i32 = 1;
    pub const UINT: i32 = 2;
    pub const LLONG: i32 = 3;
    pub const ULLONG: i32 = 4;
    pub const DOUBLE: i32 = 5;
    pub const BOOLEAN: i32 = 6;
    pub const STRING: i32 = 7;
}

// ---- the table's types ------------------------------------------------------------------

/// What a procedure is on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A call (type CALL) answered by a reply.
    Call,
    /// A one-way message (type MESSAGE): events from the server, keepalive. Never
    /// dispatched as a call.
    Message,
}

/// One procedure of a program. Implemented by the unit markers `procedures!` makes.
pub trait Procedure {
    /// The program the procedure belongs to.
    const PROGRAM: u32;
    /// `REMOTE_PROC_x` number.
    const NUM: i32;
    /// e.g. "REMOTE_PROC_DOMAIN_GET_INFO".
    const NAME: &'static str;
    /// true when the call changes state: refused on read-only connections with
    /// "operation forbidden: read only access prevents `<Api>`".
    const WRITE: bool;
    /// libvirt's `@priority: high`: answered without waiting on a hypervisor, so the
    /// server may run it on its high-priority workers.
    const HIGH_PRIORITY: bool;
    const KIND: Kind;
    /// The public API the procedure serves, for error messages ("virDomainGetInfo");
    /// empty for messages.
    const API: &'static str;
    type Args: Xdr + Default + Debug;
    type Ret: Xdr + Default + Debug;

    const INFO: ProcInfo = ProcInfo {
        num: Self::NUM,
        name: Self::NAME,
        api: Self::API,
        write: Self::WRITE,
        high_priority: Self::HIGH_PRIORITY,
        kind: Self::KIND,
        slot: Slot::Driver,
    };
}

/// A procedure's table row, for dispatch by number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcInfo {
    pub num: i32,
    pub name: &'static str,
    pub api: &'static str,
    pub write: bool,
    pub high_priority: bool,
    pub kind: Kind,
    /// Who answers it.
    pub slot: Slot,
}

/// Who answers a procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A driver slot the table declares (or, for an `alias` row, a newer one).
    Driver,
    /// The daemon itself: opening, authentication, feature probing, event and close
    /// callback registration, and the event messages it sends.
    Daemon,
    /// Nobody yet: the daemon answers "not supported".
    Missing,
}

impl ProcInfo {
    /// libvirt's read-only check for this procedure's API: `VIR_ERR_OPERATION_DENIED`,
    /// "operation forbidden: read only access prevents virDomainSuspend". The error
    /// domain is the one of the API's source file (libvirt-domain.c or libvirt-host.c).
    /// Flag-dependent checks (`VIR_DOMAIN_XML_SECURE`, `VIR_DOMAIN_VCPU_GUEST`) are the
    /// caller's business.
    pub fn check_access(&self, read_only: bool) -> Result<()> {
        if !(read_only && self.write) {
            return Ok(());
        }
        let from = crate::driver::api_error_domain(self.api);
        Err(Error::new(from, Code::VIR_ERR_OPERATION_DENIED, format!("read only access prevents {}", self.api)))
    }
}

/// Procedure numbers of the remote program by name (`num::DOMAIN_GET_INFO`).
pub mod num {
    pub use crate::driver::{
        checkpoint::num::*, domain::num::*, domain_devices::num::*, domain_migration::num::*, domain_tuning::num::*, host::num::*, interface::num::*, network::num::*, nodedev::num::*,
        nwfilter::num::*, secret::num::*, snapshot::num::*, storage::num::*,
    };
}

/// One area's table: its rows, its dispatch and its fuzz entry.
pub struct Table {
    pub procedures: &'static [ProcInfo],
    pub serve: fn(
        i32,
        &[u8],
        &dyn Fn() -> Result<(std::sync::Arc<dyn crate::driver::Driver>, bool)>,
    ) -> Option<Result<Vec<u8>>>,
    pub reencode_payload: fn(i32, bool, &[u8]) -> Option<Result<Vec<u8>>>,
    pub default_args: fn(i32) -> Option<Vec<u8>>,
    /// The module the table lives in (`domain_tuning`).
    pub area: &'static str,
}

macro_rules! tables {
    ($($area:ident),*) => {
        /// Every area's table of the remote program.
        pub static TABLES: &[Table] = &[$(Table {
            procedures: crate::driver::$area::PROCEDURES,
            serve: crate::driver::$area::serve,
            reencode_payload: crate::driver::$area::reencode_payload,
            default_args: crate::driver::$area::default_args,
            area: stringify!($area),
        }),*];
    };
}
tables!(host, domain, domain_tuning, domain_devices, domain_migration, snapshot, checkpoint, network, storage, nodedev, interface, secret, nwfilter);

/// The row of remote procedure `num`, if libvirt 9.0 has it.
pub fn info(num: i32) -> Option<&'static ProcInfo> {
    TABLES.iter().find_map(|t| t.procedures.binary_search_by_key(&num, |p| p.num).ok().map(|i| &t.procedures[i]))
}

/// Every procedure of the remote program, in number order.
pub fn all_procedures() -> Vec<&'static ProcInfo> {
    let mut all: Vec<&ProcInfo> = TABLES.iter().flat_map(|t| t.procedures.iter()).collect();
    all.sort_by_key(|p| p.num);
    all
}

/// Serves remote procedure `num` through the driver slots (see
/// [`declare`](super::declare)); None when no slot serves it (the daemon answers it
/// itself, or "not supported").
pub fn serve(
    num: i32,
    payload: &[u8],
    conn: &dyn Fn() -> Result<(std::sync::Arc<dyn crate::driver::Driver>, bool)>,
) -> Option<Result<Vec<u8>>> {
    TABLES.iter().find_map(|t| (t.serve)(num, payload, conn))
}

/// Procedure `num`'s arguments, every field empty or zero, encoded.
pub fn default_args(num: i32) -> Option<Vec<u8>> {
    TABLES.iter().find_map(|t| (t.default_args)(num))
}

/// Decodes and re-encodes a payload of procedure `num` (for the fuzz target).
pub fn reencode_payload(num: i32, args: bool, payload: &[u8]) -> Option<Result<Vec<u8>>> {
    TABLES.iter().find_map(|t| (t.reencode_payload)(num, args, payload))
}

/// True when `nums` is sorted and has no duplicates (checked at compile time for every
/// table).
pub const fn strictly_increasing(nums: &[i32]) -> bool {
    let mut i = 1;
    while i < nums.len() {
        if nums[i - 1] >= nums[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Declares a program's procedure table, one line per procedure:
///
/// ```text
/// num  CONST_NAME  Marker  Args  Ret  access  priority  "api";
/// ```
///
/// `access` is `ro` (allowed read-only), `rw` (needs a writable connection) or `msg`
/// (a one-way message, not a call); `priority` is `high` or `low`. It makes a unit
/// struct `Marker` implementing [`Procedure`], `num::CONST_NAME`, the `PROCEDURES`
/// table (sorted by number — a compile-time check) and `info(num)`.
macro_rules! procedures {
    (
        program = $prog:expr, prefix = $prefix:literal;
        $( $num:literal $cname:ident $marker:ident $args:tt $ret:tt $access:ident $prio:ident $api:literal; )*
    ) => {
        $(
            #[doc = concat!("`", $prefix, stringify!($cname), "` = ", stringify!($num))]
            #[derive(Clone, Copy, Debug)]
            pub struct $marker;

            impl $crate::rpc::protocol::Procedure for $marker {
                const PROGRAM: u32 = $prog;
                const NUM: i32 = $num;
                const NAME: &'static str = concat!($prefix, stringify!($cname));
                const WRITE: bool = procedures!(@write $access);
                const HIGH_PRIORITY: bool = procedures!(@high $prio);
                const KIND: $crate::rpc::protocol::Kind = procedures!(@kind $access);
                const API: &'static str = $api;
                type Args = $args;
                type Ret = $ret;
            }
        )*

        /// Procedure numbers by name.
        pub mod num {
            $( pub const $cname: i32 = $num; )*
        }

        const _: () = assert!(
            $crate::rpc::protocol::strictly_increasing(&[$($num),*]),
            "procedure table must be sorted by number, without duplicates"
        );

        /// Every procedure of the program, sorted by number.
        pub static PROCEDURES: &[$crate::rpc::protocol::ProcInfo] =
            &[$( <$marker as $crate::rpc::protocol::Procedure>::INFO ),*];

        /// The table row for procedure `num`, if the program has it.
        pub fn info(num: i32) -> Option<&'static $crate::rpc::protocol::ProcInfo> {
            PROCEDURES.binary_search_by_key(&num, |p| p.num).ok().map(|i| &PROCEDURES[i])
        }

        /// Decodes `payload` as the arguments (`args`) or the return value of procedure
        /// `num` and encodes the result again; None if the program has no such procedure.
        /// This reaches every decoder of the program, which is what the fuzz targets need.
        pub fn reencode_payload(num: i32, args: bool, payload: &[u8]) -> Option<$crate::error::Result<Vec<u8>>> {
            use $crate::rpc::xdr::Xdr;
            match num {
                $( $num => Some(if args {
                    <$args as Xdr>::from_xdr(payload).map(|v| v.to_xdr())
                } else {
                    <$ret as Xdr>::from_xdr(payload).map(|v| v.to_xdr())
                }), )*
                _ => None,
            }
        }
    };
    (@write rw) => { true };
    (@write ro) => { false };
    (@write msg) => { false };
    (@kind msg) => { $crate::rpc::protocol::Kind::Message };
    (@kind $other:ident) => { $crate::rpc::protocol::Kind::Call };
    (@high high) => { true };
    (@high low) => { false };
}
pub(crate) use procedures;

// ---- shared structures -----------------------------------------------------------------

/// `remote_typed_param_value`: a union switched on [`typed_param_type`].
#[derive(Clone, Debug)]
pub enum TypedParamValue {
    Int(i32),
    UInt(u32),
    LLong(i64),
    ULLong(u64),
    Double(f64),
    /// An `int` on the wire; any non-zero value reads as true.
    Boolean(bool),
    String(String),
}

impl Default for TypedParamValue {
    fn default() -> Self {
        TypedParamValue::Int(0)
    }
}

/// Doubles compare by bits, so equality is an equivalence (NaN == NaN).
impl PartialEq for TypedParamValue {
    fn eq(&self, other: &Self) -> bool {
        use TypedParamValue::*;
        match (self, other) {
            (Int(a), Int(b)) => a == b,
            (UInt(a), UInt(b)) => a == b,
            (LLong(a), LLong(b)) => a == b,
            (ULLong(a), ULLong(b)) => a == b,
            (Double(a), Double(b)) => a.to_bits() == b.to_bits(),
            (Boolean(a), Boolean(b)) => a == b,
            (String(a), String(b)) => a == b,
            _ => false,
        }
    }
}
impl Eq for TypedParamValue {}

impl TypedParamValue {
    /// The `virTypedParameterType` name libvirt's messages print for this value.
    pub fn type_name(&self) -> &'static str {
        match self {
            TypedParamValue::Int(_) => "int",
            TypedParamValue::UInt(_) => "uint",
            TypedParamValue::LLong(_) => "llong",
            TypedParamValue::ULLong(_) => "ullong",
            TypedParamValue::Double(_) => "double",
            TypedParamValue::Boolean(_) => "boolean",
            TypedParamValue::String(_) => "string",
        }
    }

    /// The `virTypedParameterType` discriminant.
    pub fn type_code(&self) -> i32 {
        use typed_param_type as t;
        match self {
            TypedParamValue::Int(_) => t::INT,
            TypedParamValue::UInt(_) => t::UINT,
            TypedParamValue::LLong(_) => t::LLONG,
            TypedParamValue::ULLong(_) => t::ULLONG,
            TypedParamValue::Double(_) => t::DOUBLE,
            TypedParamValue::Boolean(_) => t::BOOLEAN,
            TypedParamValue::String(_) => t::STRING,
        }
    }
}

impl Xdr for TypedParamValue {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.type_code() as u32);
        match self {
            TypedParamValue::Int(v) => v.encode(w),
            TypedParamValue::UInt(v) => v.encode(w),
            TypedParamValue::LLong(v) => v.encode(w),
            TypedParamValue::ULLong(v) => v.encode(w),
            TypedParamValue::Double(v) => w.u64(v.to_bits()),
            TypedParamValue::Boolean(v) => w.u32(*v as u32),
            TypedParamValue::String(v) => v.encode(w),
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        use typed_param_type as t;
        Ok(match r.u32()? as i32 {
            t::INT => TypedParamValue::Int(i32::decode(r)?),
            t::UINT => TypedParamValue::UInt(u32::decode(r)?),
            t::LLONG => TypedParamValue::LLong(i64::decode(r)?),
            t::ULLONG => TypedParamValue::ULLong(u64::decode(r)?),
            t::DOUBLE => TypedParamValue::Double(f64::from_bits(r.u64()?)),
            t::BOOLEAN => TypedParamValue::Boolean(r.u32()? != 0),
            t::STRING => TypedParamValue::String(String::decode(r)?),
            other => return Err(decode_error(&format!("unknown typed parameter type {other}"))),
        })
    }
}

crate::xdr_struct! {
    /// `remote_typed_param`
    pub struct TypedParam {
        pub field: String,
        pub value: TypedParamValue,
    }
}

// ---- connection ------------------------------------------------------------------------

crate::xdr_struct! { pub struct ConnectOpenArgs { pub name: Option<String>, pub flags: u32 } }
crate::xdr_struct! { pub struct ConnectGetLibVersionRet { pub lib_ver: u64 } }
crate::xdr_struct! { pub struct ConnectGetUriRet { pub uri: String } }
crate::xdr_struct! { pub struct ConnectSupportsFeatureArgs { pub feature: i32 } }
crate::xdr_struct! { pub struct ConnectSupportsFeatureRet { pub supported: i32 } }

// ---- authentication --------------------------------------------------------------------

crate::xdr_struct! {
    /// `remote_auth_type types<REMOTE_AUTH_TYPE_LIST_MAX>` (an enum is an int).
    pub struct AuthListRet { pub types: Array<i32, REMOTE_AUTH_TYPE_LIST_MAX> }
}
crate::xdr_struct! { pub struct AuthSaslInitRet { pub mechlist: String } }
crate::xdr_struct! {
    /// `nil` is 1 when SASL gave no data at all (as opposed to empty data).
    pub struct AuthSaslStartArgs {
        pub mech: String,
        pub nil: i32,
        pub data: CharArray<REMOTE_AUTH_SASL_DATA_MAX>,
    }
}
crate::xdr_struct! {
    pub struct AuthSaslStartRet {
        pub complete: i32,
        pub nil: i32,
        pub data: CharArray<REMOTE_AUTH_SASL_DATA_MAX>,
    }
}
crate::xdr_struct! { pub struct AuthSaslStepArgs { pub nil: i32, pub data: CharArray<REMOTE_AUTH_SASL_DATA_MAX> } }
crate::xdr_struct! {
    pub struct AuthSaslStepRet {
        pub complete: i32,
        pub nil: i32,
        pub data: CharArray<REMOTE_AUTH_SASL_DATA_MAX>,
    }
}
crate::xdr_struct! { pub struct AuthPolkitRet { pub complete: i32 } }

// ---- helpers of the tables' structs -----------------------------------------------------

crate::xdr_struct! { pub struct NodeStat { pub field: String, pub value: u64 } }
crate::xdr_struct! { pub struct DomainMemoryStat { pub tag: i32, pub val: u64 } }
crate::xdr_struct! {
    /// `remote_vcpu_info`
    pub struct RemoteVcpuInfo { pub number: u32, pub state: i32, pub cpu_time: u64, pub cpu: i32 }
}

crate::xdr_struct! {
    /// `remote_domain_stats_record`
    pub struct DomainStatsRecord {
        pub dom: NonnullDomain,
        pub params: Array<TypedParam, REMOTE_CONNECT_GET_ALL_DOMAIN_STATS_MAX>,
    }
}

// ---- events ----------------------------------------------------------------------------

crate::xdr_struct! {
    /// `dom` restricts the callback to one domain; `None` means all.
    pub struct ConnectDomainEventCallbackRegisterAnyArgs { pub event_id: i32, pub dom: Option<NonnullDomain> }
}
crate::xdr_struct! { pub struct ConnectDomainEventCallbackRegisterAnyRet { pub callback_id: i32 } }
crate::xdr_struct! { pub struct ConnectDomainEventCallbackDeregisterAnyArgs { pub callback_id: i32 } }
crate::xdr_struct! {
    /// `event` is a `virDomainEventType`, `detail` its per-event detail.
    pub struct DomainEventLifecycleMsg { pub dom: NonnullDomain, pub event: i32, pub detail: i32 }
}
crate::xdr_struct! {
    pub struct DomainEventCallbackLifecycleMsg { pub callback_id: i32, pub msg: DomainEventLifecycleMsg }
}
crate::xdr_struct! { pub struct DomainEventRebootMsg { pub dom: NonnullDomain } }
crate::xdr_struct! {
    pub struct DomainEventCallbackRebootMsg { pub callback_id: i32, pub msg: DomainEventRebootMsg }
}
crate::xdr_struct! {
    /// `type_` is a `virDomainMetadataType`; `nsuri` names a changed element's namespace.
    pub struct DomainEventCallbackMetadataChangeMsg {
        pub callback_id: i32,
        pub dom: NonnullDomain,
        pub type_: i32,
        pub nsuri: Option<String>,
    }
}
crate::xdr_struct! { pub struct DomainEventDeviceRemovedMsg { pub dom: NonnullDomain, pub dev_alias: String } }
crate::xdr_struct! {
    pub struct DomainEventCallbackDeviceRemovedMsg { pub callback_id: i32, pub msg: DomainEventDeviceRemovedMsg }
}
crate::xdr_struct! {
    pub struct DomainEventCallbackDeviceAddedMsg { pub callback_id: i32, pub dom: NonnullDomain, pub dev_alias: String }
}
crate::xdr_struct! {
    /// `state` and `reason` are `virConnectDomainEventAgentLifecycleState` and `...Reason`.
    pub struct DomainEventCallbackAgentLifecycleMsg {
        pub callback_id: i32,
        pub dom: NonnullDomain,
        pub state: i32,
        pub reason: i32,
    }
}
crate::xdr_struct! {
    /// `reason` is a `virConnectCloseReason`.
    pub struct ConnectEventConnectionClosedMsg { pub reason: i32 }
}

// The old domain event registrations (one per event id and client, no callback id; the
// events come as the messages without one), kept for old clients.
crate::xdr_struct! { pub struct ConnectDomainEventRegisterRet { pub cb_registered: i32 } }
crate::xdr_struct! { pub struct ConnectDomainEventDeregisterRet { pub cb_registered: i32 } }
crate::xdr_struct! { pub struct ConnectDomainEventRegisterAnyArgs { pub event_id: i32 } }
crate::xdr_struct! { pub struct ConnectDomainEventDeregisterAnyArgs { pub event_id: i32 } }

// Object events: registration (the object restricts the callback to itself; `None`
// means all of the class) and the messages, which always carry the callback id.
crate::xdr_struct! { pub struct ConnectNetworkEventRegisterAnyArgs { pub event_id: i32, pub net: Option<NetworkId> } }
crate::xdr_struct! { pub struct ConnectNetworkEventRegisterAnyRet { pub callback_id: i32 } }
crate::xdr_struct! { pub struct ConnectNetworkEventDeregisterAnyArgs { pub callback_id: i32 } }
crate::xdr_struct! {
    /// `event` is a `virNetworkEventLifecycleType`, `detail` its detail.
    pub struct NetworkEventLifecycleMsg { pub callback_id: i32, pub net: NetworkId, pub event: i32, pub detail: i32 }
}
crate::xdr_struct! {
    pub struct ConnectStoragePoolEventRegisterAnyArgs { pub event_id: i32, pub pool: Option<StoragePoolId> }
}
crate::xdr_struct! { pub struct ConnectStoragePoolEventRegisterAnyRet { pub callback_id: i32 } }
crate::xdr_struct! { pub struct ConnectStoragePoolEventDeregisterAnyArgs { pub callback_id: i32 } }
crate::xdr_struct! {
    pub struct StoragePoolEventLifecycleMsg { pub callback_id: i32, pub pool: StoragePoolId, pub event: i32, pub detail: i32 }
}
crate::xdr_struct! { pub struct StoragePoolEventRefreshMsg { pub callback_id: i32, pub pool: StoragePoolId } }
crate::xdr_struct! {
    pub struct ConnectNodeDeviceEventRegisterAnyArgs { pub event_id: i32, pub dev: Option<NodeDeviceId> }
}
crate::xdr_struct! { pub struct ConnectNodeDeviceEventRegisterAnyRet { pub callback_id: i32 } }
crate::xdr_struct! { pub struct ConnectNodeDeviceEventDeregisterAnyArgs { pub callback_id: i32 } }
crate::xdr_struct! {
    pub struct NodeDeviceEventLifecycleMsg { pub callback_id: i32, pub dev: NodeDeviceId, pub event: i32, pub detail: i32 }
}
crate::xdr_struct! { pub struct NodeDeviceEventUpdateMsg { pub callback_id: i32, pub dev: NodeDeviceId } }
crate::xdr_struct! {
    pub struct ConnectSecretEventRegisterAnyArgs { pub event_id: i32, pub secret: Option<SecretId> }
}
crate::xdr_struct! { pub struct ConnectSecretEventRegisterAnyRet { pub callback_id: i32 } }
crate::xdr_struct! { pub struct ConnectSecretEventDeregisterAnyArgs { pub callback_id: i32 } }
crate::xdr_struct! {
    pub struct SecretEventLifecycleMsg { pub callback_id: i32, pub secret: SecretId, pub event: i32, pub detail: i32 }
}
crate::xdr_struct! { pub struct SecretEventValueChangedMsg { pub callback_id: i32, pub secret: SecretId } }

/// The keepalive program (`virkeepaliveprotocol.x`, program 0x6b656570): PING and PONG
/// are MESSAGE packets with no payload, sent by either side.
pub mod keepalive {
    use super::KEEPALIVE_PROGRAM;

    super::procedures! {
        program = KEEPALIVE_PROGRAM, prefix = "KEEPALIVE_PROC_";
        1 PING Ping () () msg high "";
        2 PONG Pong () () msg high "";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Domain;
    use crate::rpc::xdr::Chars;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    const TEST_UUID: [u8; 16] = [
        0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f,
    ];

    fn test_dom() -> NonnullDomain {
        NonnullDomain { name: "test".into(), uuid: TEST_UUID, id: 1 }
    }

    fn roundtrip<T: Xdr + PartialEq + Debug>(v: &T) -> Vec<u8> {
        let b = v.to_xdr();
        assert_eq!(&T::from_xdr(&b).unwrap(), v);
        b
    }

    #[test]
    fn table_is_sorted_unique_and_complete() {
        let all = all_procedures();
        assert_eq!(all.iter().map(|p| p.num).collect::<Vec<_>>(), (1..=443).collect::<Vec<_>>());
        assert_eq!(info(16).unwrap().name, "REMOTE_PROC_DOMAIN_GET_INFO");
        assert_eq!(info(16).unwrap().api, "virDomainGetInfo");
        assert!(info(444).is_none() && info(0).is_none() && info(-1).is_none() && info(10_000).is_none());
        for p in all {
            assert_eq!(info(p.num), Some(p));
            assert!(p.name.starts_with("REMOTE_PROC_"));
            if p.kind == Kind::Message {
                assert!(p.api.is_empty(), "{}", p.name);
            }
            assert!(!(p.write && p.kind == Kind::Message));
        }
        assert_eq!(num::DOMAIN_GET_STATE, 212);
        assert_eq!(num::CONNECT_GET_ALL_DOMAIN_STATS, 344);
        assert_eq!(<DomainEventCallbackLifecycle as Procedure>::NUM, 318);
        assert_eq!(<ConnectOpen as Procedure>::PROGRAM, REMOTE_PROGRAM);
        assert_eq!(keepalive::info(1).unwrap().name, "KEEPALIVE_PROC_PING");
        assert_eq!(<keepalive::Pong as Procedure>::PROGRAM, 0x6b65_6570);
        assert_eq!(keepalive::num::PONG, super::super::message::KEEPALIVE_PONG);
    }

    #[test]
    fn read_only_check() {
        let suspend = <DomainSuspend as Procedure>::INFO;
        assert!(suspend.check_access(false).is_ok());
        let e = suspend.check_access(true).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_OPERATION_DENIED);
        assert_eq!(e.domain, Domain::VIR_FROM_DOMAIN);
        assert_eq!(e.message, "operation forbidden: read only access prevents virDomainSuspend");
        assert!(info(num::DOMAIN_GET_INFO).unwrap().check_access(true).is_ok());
        // Every write procedure serves an API libvirt refuses on read-only connections.
        let writes: Vec<&str> = all_procedures().iter().filter(|p| p.write).map(|p| p.api).collect();
        assert!(writes.contains(&"virDomainGetHostname"));
        assert!(!writes.contains(&"virDomainGetVcpusFlags"));
        let e = info(num::SECRET_DEFINE_XML).unwrap().check_access(true).unwrap_err();
        assert_eq!(e.domain, Domain::VIR_FROM_SECRET);
    }

    #[test]
    fn golden_open_args() {
        // remote_connect_open_args { name = "test:///default", flags = 0 }: present
        // flag, length 15, 15 bytes + 1 pad, flags.
        let b = roundtrip(&ConnectOpenArgs { name: Some("test:///default".into()), flags: 0 });
        assert_eq!(b, hex("00000001 0000000f 74657374 3a2f2f2f 64656661 756c7400 00000000"));
        let none = roundtrip(&ConnectOpenArgs { name: None, flags: 1 });
        assert_eq!(none, hex("00000000 00000001"));
    }

    #[test]
    fn golden_lookup_by_name_ret() {
        let b = roundtrip(&DomainLookupByNameRet { dom: test_dom() });
        assert_eq!(b, hex("00000004 74657374 6695eb01 f6a48304 79aa97f2 502e193f 00000001"));
    }

    #[test]
    fn golden_node_get_info_ret() {
        let ret = NodeGetInfoRet {
            model: Chars::from_c_str("i686"),
            memory: 3145728,
            cpus: 16,
            mhz: 1400,
            nodes: 2,
            sockets: 2,
            cores: 2,
            threads: 2,
        };
        let b = roundtrip(&ret);
        let mut want = hex("00000069 00000036 00000038 00000036");
        want.extend(std::iter::repeat_n(0, 28 * 4));
        want.extend(hex("00000000 00300000 00000010 00000578 00000002 00000002 00000002 00000002"));
        assert_eq!(b, want);
        assert_eq!(b.len(), 32 * 4 + 8 + 6 * 4);
    }

    #[test]
    fn golden_domain_get_info_ret() {
        // state and nrVirtCpu take a full unit each.
        let ret = DomainGetInfoRet { state: 1, max_mem: 8388608, memory: 2097152, nr_virt_cpu: 2, cpu_time: 1 << 32 };
        let b = roundtrip(&ret);
        assert_eq!(
            b,
            hex("00000001 00000000 00800000 00000000 00200000 00000002 00000001 00000000")
        );
        // A state that does not fit an unsigned char is refused.
        let mut bad = b.clone();
        bad[..4].copy_from_slice(&256u32.to_be_bytes());
        assert!(DomainGetInfoRet::from_xdr(&bad).is_err());
    }

    #[test]
    fn golden_lifecycle_event() {
        let m = DomainEventCallbackLifecycleMsg {
            callback_id: 3,
            msg: DomainEventLifecycleMsg { dom: test_dom(), event: 3, detail: 0 },
        };
        let b = roundtrip(&m);
        assert_eq!(
            b,
            hex("00000003 00000004 74657374 6695eb01 f6a48304 79aa97f2 502e193f 00000001 00000003 00000000")
        );
    }

    #[test]
    fn golden_typed_params() {
        let cases: Vec<(TypedParamValue, &str)> = vec![
            (TypedParamValue::Int(-2), "00000001 fffffffe"),
            (TypedParamValue::UInt(7), "00000002 00000007"),
            (TypedParamValue::LLong(-1), "00000003 ffffffff ffffffff"),
            (TypedParamValue::ULLong(1 << 33), "00000004 00000002 00000000"),
            (TypedParamValue::Double(1.5), "00000005 3ff80000 00000000"),
            (TypedParamValue::Boolean(true), "00000006 00000001"),
            (TypedParamValue::String("ab".into()), "00000007 00000002 61620000"),
        ];
        for (v, want) in cases {
            let p = TypedParam { field: "x".into(), value: v };
            let mut expect = hex("00000001 78000000");
            expect.extend(hex(want));
            assert_eq!(roundtrip(&p), expect, "{p:?}");
        }
        // No default arm: an unknown type is an error, as is a missing arm body.
        assert!(TypedParamValue::from_xdr(&hex("00000008 00000000")).is_err());
        assert!(TypedParamValue::from_xdr(&hex("00000000")).is_err());
        assert!(TypedParamValue::from_xdr(&hex("00000003 00000000")).is_err());
        assert_eq!(TypedParamValue::Double(f64::NAN), TypedParamValue::Double(f64::NAN));
    }

    #[test]
    fn all_domain_stats_roundtrip() {
        let ret = ConnectGetAllDomainStatsRet {
            ret_stats: Array(vec![DomainStatsRecord {
                dom: test_dom(),
                params: Array(vec![
                    TypedParam { field: "state.state".into(), value: TypedParamValue::Int(1) },
                    TypedParam { field: "balloon.current".into(), value: TypedParamValue::ULLong(2097152) },
                ]),
            }]),
        };
        let b = roundtrip(&ret);
        // Truncating anywhere must fail cleanly.
        for n in 0..b.len() {
            assert!(ConnectGetAllDomainStatsRet::from_xdr(&b[..n]).is_err(), "prefix {n}");
        }
        roundtrip(&ConnectGetAllDomainStatsArgs { doms: Array(vec![test_dom()]), stats: 1, flags: 0 });
    }

    #[test]
    fn char_arrays() {
        // Security model: length counts the NUL; each char is a unit.
        let m = NodeGetSecurityModelRet { model: CharArray::from_c_str("none"), doi: CharArray::from_c_str("") };
        let b = roundtrip(&m);
        assert_eq!(
            b,
            hex("00000005 0000006e 0000006f 0000006e 00000065 00000000 00000001 00000000")
        );
        // High bytes are sign-extended as x86 rpcgen does, and read back either way.
        let d = AuthSaslStepArgs { nil: 0, data: CharArray(vec![0xff, 0x80, 0x7f]) };
        let b = roundtrip(&d);
        assert_eq!(b, hex("00000000 00000003 ffffffff ffffff80 0000007f"));
        let unsigned = hex("00000000 00000003 000000ff 00000080 0000007f");
        assert_eq!(AuthSaslStepArgs::from_xdr(&unsigned).unwrap(), d);
        assert!(AuthSaslStepArgs::from_xdr(&hex("00000000 00000001 00000100")).is_err());
        // Over the limit.
        assert!(NodeGetSecurityModelRet::from_xdr(&hex("00000102")).is_err());
        // Fixed chars keep a NUL and cut on a character boundary.
        let c: Chars<4> = Chars::from_c_str("aé€");
        assert_eq!(c.to_c_string(), "a\u{e9}");
    }

    #[test]
    fn garbage_is_an_error() {
        let garbage: &[&[u8]] = &[
            &[],
            &[0, 0, 0],
            &[0xff; 8],
            &[0, 0, 0, 2, 0, 0, 0, 5],
            &[0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0],
        ];
        for g in garbage {
            assert!(DomainLookupByNameRet::from_xdr(g).is_err(), "{g:?}");
            assert!(ConnectListAllDomainsRet::from_xdr(g).is_err(), "{g:?}");
            assert!(NodeGetInfoRet::from_xdr(g).is_err(), "{g:?}");
            assert!(DomainEventCallbackLifecycleMsg::from_xdr(g).is_err(), "{g:?}");
        }
        // An optional string with a bad discriminant; a list longer than its bound.
        assert!(ConnectOpenArgs::from_xdr(&hex("00000002 00000000")).is_err());
        let mut w = Writer::default();
        w.u32(REMOTE_DOMAIN_LIST_MAX as u32 + 1);
        assert!(ConnectListDomainsRet::from_xdr(&w.buf).is_err());
        // Trailing bytes after a complete value.
        assert!(ConnectGetVersionRet::from_xdr(&hex("00000000 00000001 00000000")).is_err());
        // Empty payloads decode only where the procedure has none.
        assert!(<() as Xdr>::from_xdr(&[]).is_ok());
        assert!(<() as Xdr>::from_xdr(&[0]).is_err());
    }
}
