//! C layout of libvirt-nodedev.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::{c_int, c_uint, c_void};

use super::{virConnectPtr, virNodeDevicePtr};

/// C `virConnectListAllNodeDeviceFlags` (libvirt-nodedev.h). Some values repeat, so these are plain constants.
pub type virConnectListAllNodeDeviceFlags = c_uint;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM: virConnectListAllNodeDeviceFlags = 1;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV: virConnectListAllNodeDeviceFlags = 2;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV: virConnectListAllNodeDeviceFlags = 4;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_INTERFACE: virConnectListAllNodeDeviceFlags = 8;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_NET: virConnectListAllNodeDeviceFlags = 16;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST: virConnectListAllNodeDeviceFlags = 32;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_TARGET: virConnectListAllNodeDeviceFlags = 64;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI: virConnectListAllNodeDeviceFlags = 128;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_STORAGE: virConnectListAllNodeDeviceFlags = 256;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST: virConnectListAllNodeDeviceFlags = 512;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS: virConnectListAllNodeDeviceFlags = 1024;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_GENERIC: virConnectListAllNodeDeviceFlags = 2048;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_DRM: virConnectListAllNodeDeviceFlags = 4096;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV_TYPES: virConnectListAllNodeDeviceFlags = 8192;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV: virConnectListAllNodeDeviceFlags = 16384;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_CCW_DEV: virConnectListAllNodeDeviceFlags = 32768;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_CSS_DEV: virConnectListAllNodeDeviceFlags = 65536;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_VDPA: virConnectListAllNodeDeviceFlags = 131072;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_CARD: virConnectListAllNodeDeviceFlags = 262144;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_QUEUE: virConnectListAllNodeDeviceFlags = 524288;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_AP_MATRIX: virConnectListAllNodeDeviceFlags = 1048576;
pub const VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPD: virConnectListAllNodeDeviceFlags = 2097152;
pub const VIR_CONNECT_LIST_NODE_DEVICES_INACTIVE: virConnectListAllNodeDeviceFlags = 1073741824;
pub const VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE: virConnectListAllNodeDeviceFlags = 2147483648;

/// C `virNodeDeviceCreateXMLFlags` (libvirt-nodedev.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeDeviceCreateXMLFlags {
    VIR_NODE_DEVICE_CREATE_XML_VALIDATE = 1,
}

/// C `virNodeDeviceDefineXMLFlags` (libvirt-nodedev.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeDeviceDefineXMLFlags {
    VIR_NODE_DEVICE_DEFINE_XML_VALIDATE = 1,
}

/// C `virNodeDeviceEventID` (libvirt-nodedev.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeDeviceEventID {
    VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE = 0,
    VIR_NODE_DEVICE_EVENT_ID_UPDATE = 1,
}

/// C callback type `virConnectNodeDeviceEventGenericCallback` (libvirt-nodedev.h).
pub type virConnectNodeDeviceEventGenericCallback =
    Option<unsafe extern "C" fn(conn: virConnectPtr, dev: virNodeDevicePtr, opaque: *mut c_void)>;

/// C `virNodeDeviceEventLifecycleType` (libvirt-nodedev.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNodeDeviceEventLifecycleType {
    VIR_NODE_DEVICE_EVENT_CREATED = 0,
    VIR_NODE_DEVICE_EVENT_DELETED = 1,
    VIR_NODE_DEVICE_EVENT_DEFINED = 2,
    VIR_NODE_DEVICE_EVENT_UNDEFINED = 3,
}

/// C callback type `virConnectNodeDeviceEventLifecycleCallback` (libvirt-nodedev.h).
pub type virConnectNodeDeviceEventLifecycleCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dev: virNodeDevicePtr,
        event: c_int,
        detail: c_int,
        opaque: *mut c_void,
    ),
>;
