//! C layout of libvirt-storage.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::{c_int, c_ulonglong, c_void};

use super::{virConnectPtr, virStoragePoolPtr};

/// C `virStoragePoolState` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolState {
    VIR_STORAGE_POOL_INACTIVE = 0,
    VIR_STORAGE_POOL_BUILDING = 1,
    VIR_STORAGE_POOL_RUNNING = 2,
    VIR_STORAGE_POOL_DEGRADED = 3,
    VIR_STORAGE_POOL_INACCESSIBLE = 4,
}

/// C `virStoragePoolBuildFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolBuildFlags {
    VIR_STORAGE_POOL_BUILD_NEW = 0,
    VIR_STORAGE_POOL_BUILD_REPAIR = 1,
    VIR_STORAGE_POOL_BUILD_RESIZE = 2,
    VIR_STORAGE_POOL_BUILD_NO_OVERWRITE = 4,
    VIR_STORAGE_POOL_BUILD_OVERWRITE = 8,
}

/// C `virStoragePoolDeleteFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolDeleteFlags {
    VIR_STORAGE_POOL_DELETE_NORMAL = 0,
    VIR_STORAGE_POOL_DELETE_ZEROED = 1,
}

/// C `virStoragePoolCreateFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolCreateFlags {
    VIR_STORAGE_POOL_CREATE_NORMAL = 0,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD = 1,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE = 2,
    VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE = 4,
}

/// Layout of C `struct _virStoragePoolInfo` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virStoragePoolInfo {
    pub state: c_int,
    pub capacity: c_ulonglong,
    pub allocation: c_ulonglong,
    pub available: c_ulonglong,
}

/// C `virStoragePoolInfoPtr` (libvirt-storage.h).
pub type virStoragePoolInfoPtr = *mut virStoragePoolInfo;

/// C `virStorageVolType` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolType {
    VIR_STORAGE_VOL_FILE = 0,
    VIR_STORAGE_VOL_BLOCK = 1,
    VIR_STORAGE_VOL_DIR = 2,
    VIR_STORAGE_VOL_NETWORK = 3,
    VIR_STORAGE_VOL_NETDIR = 4,
    VIR_STORAGE_VOL_PLOOP = 5,
}

/// C `virStorageVolDeleteFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolDeleteFlags {
    VIR_STORAGE_VOL_DELETE_NORMAL = 0,
    VIR_STORAGE_VOL_DELETE_ZEROED = 1,
    VIR_STORAGE_VOL_DELETE_WITH_SNAPSHOTS = 2,
}

/// C `virStorageVolWipeAlgorithm` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolWipeAlgorithm {
    VIR_STORAGE_VOL_WIPE_ALG_ZERO = 0,
    VIR_STORAGE_VOL_WIPE_ALG_NNSA = 1,
    VIR_STORAGE_VOL_WIPE_ALG_DOD = 2,
    VIR_STORAGE_VOL_WIPE_ALG_BSI = 3,
    VIR_STORAGE_VOL_WIPE_ALG_GUTMANN = 4,
    VIR_STORAGE_VOL_WIPE_ALG_SCHNEIER = 5,
    VIR_STORAGE_VOL_WIPE_ALG_PFITZNER7 = 6,
    VIR_STORAGE_VOL_WIPE_ALG_PFITZNER33 = 7,
    VIR_STORAGE_VOL_WIPE_ALG_RANDOM = 8,
    VIR_STORAGE_VOL_WIPE_ALG_TRIM = 9,
}

/// C `virStorageVolInfoFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolInfoFlags {
    VIR_STORAGE_VOL_USE_ALLOCATION = 0,
    VIR_STORAGE_VOL_GET_PHYSICAL = 1,
}

/// Layout of C `struct _virStorageVolInfo` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virStorageVolInfo {
    pub r#type: c_int,
    pub capacity: c_ulonglong,
    pub allocation: c_ulonglong,
}

/// C `virStorageVolInfoPtr` (libvirt-storage.h).
pub type virStorageVolInfoPtr = *mut virStorageVolInfo;

/// C `virStorageXMLFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageXMLFlags {
    VIR_STORAGE_XML_INACTIVE = 1,
}

/// C `virConnectListAllStoragePoolsFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectListAllStoragePoolsFlags {
    VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE = 1,
    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE = 2,
    VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT = 4,
    VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT = 8,
    VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART = 16,
    VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART = 32,
    VIR_CONNECT_LIST_STORAGE_POOLS_DIR = 64,
    VIR_CONNECT_LIST_STORAGE_POOLS_FS = 128,
    VIR_CONNECT_LIST_STORAGE_POOLS_NETFS = 256,
    VIR_CONNECT_LIST_STORAGE_POOLS_LOGICAL = 512,
    VIR_CONNECT_LIST_STORAGE_POOLS_DISK = 1024,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI = 2048,
    VIR_CONNECT_LIST_STORAGE_POOLS_SCSI = 4096,
    VIR_CONNECT_LIST_STORAGE_POOLS_MPATH = 8192,
    VIR_CONNECT_LIST_STORAGE_POOLS_RBD = 16384,
    VIR_CONNECT_LIST_STORAGE_POOLS_SHEEPDOG = 32768,
    VIR_CONNECT_LIST_STORAGE_POOLS_GLUSTER = 65536,
    VIR_CONNECT_LIST_STORAGE_POOLS_ZFS = 131072,
    VIR_CONNECT_LIST_STORAGE_POOLS_VSTORAGE = 262144,
    VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT = 524288,
}

/// C `virStoragePoolDefineFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolDefineFlags {
    VIR_STORAGE_POOL_DEFINE_VALIDATE = 1,
}

/// C `virStorageVolCreateFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolCreateFlags {
    VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA = 1,
    VIR_STORAGE_VOL_CREATE_REFLINK = 2,
    VIR_STORAGE_VOL_CREATE_VALIDATE = 4,
}

/// C `virStorageVolDownloadFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolDownloadFlags {
    VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM = 1,
}

/// C `virStorageVolUploadFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolUploadFlags {
    VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM = 1,
}

/// C `virStorageVolResizeFlags` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStorageVolResizeFlags {
    VIR_STORAGE_VOL_RESIZE_ALLOCATE = 1,
    VIR_STORAGE_VOL_RESIZE_DELTA = 2,
    VIR_STORAGE_VOL_RESIZE_SHRINK = 4,
}

/// C `virStoragePoolEventID` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolEventID {
    VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE = 0,
    VIR_STORAGE_POOL_EVENT_ID_REFRESH = 1,
}

/// C callback type `virConnectStoragePoolEventGenericCallback` (libvirt-storage.h).
pub type virConnectStoragePoolEventGenericCallback =
    Option<unsafe extern "C" fn(conn: virConnectPtr, pool: virStoragePoolPtr, opaque: *mut c_void)>;

/// C `virStoragePoolEventLifecycleType` (libvirt-storage.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStoragePoolEventLifecycleType {
    VIR_STORAGE_POOL_EVENT_DEFINED = 0,
    VIR_STORAGE_POOL_EVENT_UNDEFINED = 1,
    VIR_STORAGE_POOL_EVENT_STARTED = 2,
    VIR_STORAGE_POOL_EVENT_STOPPED = 3,
    VIR_STORAGE_POOL_EVENT_CREATED = 4,
    VIR_STORAGE_POOL_EVENT_DELETED = 5,
}

/// C callback type `virConnectStoragePoolEventLifecycleCallback` (libvirt-storage.h).
pub type virConnectStoragePoolEventLifecycleCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        pool: virStoragePoolPtr,
        event: c_int,
        detail: c_int,
        opaque: *mut c_void,
    ),
>;
