//! C layout of libvirt-host.h and libvirt-common.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::ffi::CStr;

use libc::{c_char, c_double, c_int, c_longlong, c_uint, c_ulong, c_ulonglong, c_void};

use super::virConnectPtr;

/// `#define VIR_TYPED_PARAM_FIELD_LENGTH 80`
pub const VIR_TYPED_PARAM_FIELD_LENGTH: usize = 80;
/// `#define VIR_SECURITY_LABEL_BUFLEN (4096 + 1)`
pub const VIR_SECURITY_LABEL_BUFLEN: usize = 4097;
/// `#define VIR_SECURITY_MODEL_BUFLEN (256 + 1)`
pub const VIR_SECURITY_MODEL_BUFLEN: usize = 257;
/// `#define VIR_SECURITY_DOI_BUFLEN (256 + 1)`
pub const VIR_SECURITY_DOI_BUFLEN: usize = 257;
/// `#define VIR_NODE_CPU_STATS_FIELD_LENGTH 80`
pub const VIR_NODE_CPU_STATS_FIELD_LENGTH: usize = 80;
/// `#define VIR_NODE_MEMORY_STATS_FIELD_LENGTH 80`
pub const VIR_NODE_MEMORY_STATS_FIELD_LENGTH: usize = 80;
/// `#define VIR_UUID_BUFLEN (16)`
pub const VIR_UUID_BUFLEN: usize = 16;
/// `#define VIR_UUID_STRING_BUFLEN (36+1)`
pub const VIR_UUID_STRING_BUFLEN: usize = 37;

// String macros of libvirt-common.h, libvirt-host.h (typed-parameter field names and the like). cbindgen does not
// emit string constants; the header generator writes them as `#define NAME "value"`.
pub const VIR_NODE_CPU_STATS_KERNEL: &CStr = c"kernel";
pub const VIR_NODE_CPU_STATS_USER: &CStr = c"user";
pub const VIR_NODE_CPU_STATS_IDLE: &CStr = c"idle";
pub const VIR_NODE_CPU_STATS_IOWAIT: &CStr = c"iowait";
pub const VIR_NODE_CPU_STATS_INTR: &CStr = c"intr";
pub const VIR_NODE_CPU_STATS_UTILIZATION: &CStr = c"utilization";
pub const VIR_NODE_MEMORY_STATS_TOTAL: &CStr = c"total";
pub const VIR_NODE_MEMORY_STATS_FREE: &CStr = c"free";
pub const VIR_NODE_MEMORY_STATS_BUFFERS: &CStr = c"buffers";
pub const VIR_NODE_MEMORY_STATS_CACHED: &CStr = c"cached";
pub const VIR_NODE_MEMORY_SHARED_PAGES_TO_SCAN: &CStr = c"shm_pages_to_scan";
pub const VIR_NODE_MEMORY_SHARED_SLEEP_MILLISECS: &CStr = c"shm_sleep_millisecs";
pub const VIR_NODE_MEMORY_SHARED_PAGES_SHARED: &CStr = c"shm_pages_shared";
pub const VIR_NODE_MEMORY_SHARED_PAGES_SHARING: &CStr = c"shm_pages_sharing";
pub const VIR_NODE_MEMORY_SHARED_PAGES_UNSHARED: &CStr = c"shm_pages_unshared";
pub const VIR_NODE_MEMORY_SHARED_PAGES_VOLATILE: &CStr = c"shm_pages_volatile";
pub const VIR_NODE_MEMORY_SHARED_FULL_SCANS: &CStr = c"shm_full_scans";
pub const VIR_NODE_MEMORY_SHARED_MERGE_ACROSS_NODES: &CStr = c"shm_merge_across_nodes";
pub const VIR_NODE_SEV_PDH: &CStr = c"pdh";
pub const VIR_NODE_SEV_CERT_CHAIN: &CStr = c"cert-chain";
pub const VIR_NODE_SEV_CPU0_ID: &CStr = c"cpu0-id";
pub const VIR_NODE_SEV_CBITPOS: &CStr = c"cbitpos";
pub const VIR_NODE_SEV_REDUCED_PHYS_BITS: &CStr = c"reduced-phys-bits";
pub const VIR_NODE_SEV_MAX_GUESTS: &CStr = c"max-guests";
pub const VIR_NODE_SEV_MAX_ES_GUESTS: &CStr = c"max-es-guests";
pub const VIR_CONNECT_IDENTITY_USER_NAME: &CStr = c"user-name";
pub const VIR_CONNECT_IDENTITY_UNIX_USER_ID: &CStr = c"unix-user-id";
pub const VIR_CONNECT_IDENTITY_GROUP_NAME: &CStr = c"group-name";
pub const VIR_CONNECT_IDENTITY_UNIX_GROUP_ID: &CStr = c"unix-group-id";
pub const VIR_CONNECT_IDENTITY_PROCESS_ID: &CStr = c"process-id";
pub const VIR_CONNECT_IDENTITY_PROCESS_TIME: &CStr = c"process-time";
pub const VIR_CONNECT_IDENTITY_SASL_USER_NAME: &CStr = c"sasl-user-name";
pub const VIR_CONNECT_IDENTITY_X509_DISTINGUISHED_NAME: &CStr = c"x509-distinguished-name";
pub const VIR_CONNECT_IDENTITY_SELINUX_CONTEXT: &CStr = c"selinux-context";

/// C callback type `virFreeCallback` (libvirt-common.h).
pub type virFreeCallback = Option<unsafe extern "C" fn(opaque: *mut c_void)>;

/// C `virConnectCloseReason` (libvirt-common.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectCloseReason {
    VIR_CONNECT_CLOSE_REASON_ERROR = 0,
    VIR_CONNECT_CLOSE_REASON_EOF = 1,
    VIR_CONNECT_CLOSE_REASON_KEEPALIVE = 2,
    VIR_CONNECT_CLOSE_REASON_CLIENT = 3,
}

/// C `virTypedParameterType` (libvirt-common.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virTypedParameterType {
    VIR_TYPED_PARAM_INT = 1,
    VIR_TYPED_PARAM_UINT = 2,
    VIR_TYPED_PARAM_LLONG = 3,
    VIR_TYPED_PARAM_ULLONG = 4,
    VIR_TYPED_PARAM_DOUBLE = 5,
    VIR_TYPED_PARAM_BOOLEAN = 6,
    VIR_TYPED_PARAM_STRING = 7,
}

/// C `virTypedParameterFlags` (libvirt-common.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virTypedParameterFlags {
    VIR_TYPED_PARAM_STRING_OKAY = 4,
}

/// Layout of the anonymous union `value` of `struct _virTypedParameter` (libvirt-common.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub union virTypedParameterValue {
    pub i: c_int,
    pub ui: c_uint,
    pub l: c_longlong,
    pub ul: c_ulonglong,
    pub d: c_double,
    pub b: c_char,
    pub s: *mut c_char,
}

/// Layout of C `struct _virTypedParameter` (libvirt-common.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virTypedParameter {
    pub field: [c_char; VIR_TYPED_PARAM_FIELD_LENGTH],
    pub r#type: c_int,
    pub value: virTypedParameterValue,
}

/// C `virTypedParameterPtr` (libvirt-common.h).
pub type virTypedParameterPtr = *mut virTypedParameter;

/// C `virNodeSuspendTarget` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeSuspendTarget {
    VIR_NODE_SUSPEND_TARGET_MEM = 0,
    VIR_NODE_SUSPEND_TARGET_DISK = 1,
    VIR_NODE_SUSPEND_TARGET_HYBRID = 2,
}

/// Layout of C `struct _virSecurityLabel` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virSecurityLabel {
    pub label: [c_char; VIR_SECURITY_LABEL_BUFLEN],
    pub enforcing: c_int,
}

/// C `virSecurityLabelPtr` (libvirt-host.h).
pub type virSecurityLabelPtr = *mut virSecurityLabel;

/// Layout of C `struct _virSecurityModel` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virSecurityModel {
    pub model: [c_char; VIR_SECURITY_MODEL_BUFLEN],
    pub doi: [c_char; VIR_SECURITY_DOI_BUFLEN],
}

/// C `virSecurityModelPtr` (libvirt-host.h).
pub type virSecurityModelPtr = *mut virSecurityModel;

/// Layout of C `struct _virNodeInfo` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virNodeInfo {
    pub model: [c_char; 32],
    pub memory: c_ulong,
    pub cpus: c_uint,
    pub mhz: c_uint,
    pub nodes: c_uint,
    pub sockets: c_uint,
    pub cores: c_uint,
    pub threads: c_uint,
}

/// C `virNodeGetCPUStatsAllCPUs` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeGetCPUStatsAllCPUs {
    VIR_NODE_CPU_STATS_ALL_CPUS = -1,
}

/// Layout of C `struct _virNodeCPUStats` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virNodeCPUStats {
    pub field: [c_char; VIR_NODE_CPU_STATS_FIELD_LENGTH],
    pub value: c_ulonglong,
}

/// C `virNodeGetMemoryStatsAllCells` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeGetMemoryStatsAllCells {
    VIR_NODE_MEMORY_STATS_ALL_CELLS = -1,
}

/// Layout of C `struct _virNodeMemoryStats` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virNodeMemoryStats {
    pub field: [c_char; VIR_NODE_MEMORY_STATS_FIELD_LENGTH],
    pub value: c_ulonglong,
}

/// C `virNodeInfoPtr` (libvirt-host.h).
pub type virNodeInfoPtr = *mut virNodeInfo;

/// C `virNodeCPUStatsPtr` (libvirt-host.h).
pub type virNodeCPUStatsPtr = *mut virNodeCPUStats;

/// C `virNodeMemoryStatsPtr` (libvirt-host.h).
pub type virNodeMemoryStatsPtr = *mut virNodeMemoryStats;

/// C `virConnectFlags` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectFlags {
    VIR_CONNECT_RO = 1,
    VIR_CONNECT_NO_ALIASES = 2,
}

/// C `virConnectCredentialType` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectCredentialType {
    VIR_CRED_USERNAME = 1,
    VIR_CRED_AUTHNAME = 2,
    VIR_CRED_LANGUAGE = 3,
    VIR_CRED_CNONCE = 4,
    VIR_CRED_PASSPHRASE = 5,
    VIR_CRED_ECHOPROMPT = 6,
    VIR_CRED_NOECHOPROMPT = 7,
    VIR_CRED_REALM = 8,
    VIR_CRED_EXTERNAL = 9,
}

/// Layout of C `struct _virConnectCredential` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virConnectCredential {
    pub r#type: c_int,
    pub prompt: *const c_char,
    pub challenge: *const c_char,
    pub defresult: *const c_char,
    pub result: *mut c_char,
    pub resultlen: c_uint,
}

/// C `virConnectCredentialPtr` (libvirt-host.h).
pub type virConnectCredentialPtr = *mut virConnectCredential;

/// C callback type `virConnectAuthCallbackPtr` (libvirt-host.h).
pub type virConnectAuthCallbackPtr = Option<
    unsafe extern "C" fn(
        cred: virConnectCredentialPtr,
        ncred: c_uint,
        cbdata: *mut c_void,
    ) -> c_int,
>;

/// Layout of C `struct _virConnectAuth` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virConnectAuth {
    pub credtype: *mut c_int,
    pub ncredtype: c_uint,
    pub cb: virConnectAuthCallbackPtr,
    pub cbdata: *mut c_void,
}

/// C `virConnectAuthPtr` (libvirt-host.h).
pub type virConnectAuthPtr = *mut virConnectAuth;

/// C callback type `virConnectCloseFunc` (libvirt-host.h).
pub type virConnectCloseFunc =
    Option<unsafe extern "C" fn(conn: virConnectPtr, reason: c_int, opaque: *mut c_void)>;

/// C `virCPUCompareResult` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virCPUCompareResult {
    VIR_CPU_COMPARE_ERROR = -1,
    VIR_CPU_COMPARE_INCOMPATIBLE = 0,
    VIR_CPU_COMPARE_IDENTICAL = 1,
    VIR_CPU_COMPARE_SUPERSET = 2,
}

/// C `virConnectCompareCPUFlags` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectCompareCPUFlags {
    VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE = 1,
    VIR_CONNECT_COMPARE_CPU_VALIDATE_XML = 2,
}

/// C `virConnectBaselineCPUFlags` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectBaselineCPUFlags {
    VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES = 1,
    VIR_CONNECT_BASELINE_CPU_MIGRATABLE = 2,
}

/// C `virNodeAllocPagesFlags` (libvirt-host.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeAllocPagesFlags {
    VIR_NODE_ALLOC_PAGES_ADD = 0,
    VIR_NODE_ALLOC_PAGES_SET = 1,
}
