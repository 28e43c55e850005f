//! C layout of libvirt-network.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::ffi::CStr;

use libc::{c_char, c_int, c_longlong, c_uint, c_void};

use super::{virConnectPtr, virNetworkPtr};

// String macros of libvirt-network.h (typed-parameter field names and the like). cbindgen does not
// emit string constants; the header generator writes them as `#define NAME "value"`.
pub const VIR_NETWORK_PORT_BANDWIDTH_IN_AVERAGE: &CStr = c"inbound.average";
pub const VIR_NETWORK_PORT_BANDWIDTH_IN_PEAK: &CStr = c"inbound.peak";
pub const VIR_NETWORK_PORT_BANDWIDTH_IN_BURST: &CStr = c"inbound.burst";
pub const VIR_NETWORK_PORT_BANDWIDTH_IN_FLOOR: &CStr = c"inbound.floor";
pub const VIR_NETWORK_PORT_BANDWIDTH_OUT_AVERAGE: &CStr = c"outbound.average";
pub const VIR_NETWORK_PORT_BANDWIDTH_OUT_PEAK: &CStr = c"outbound.peak";
pub const VIR_NETWORK_PORT_BANDWIDTH_OUT_BURST: &CStr = c"outbound.burst";

/// C `virNetworkXMLFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkXMLFlags {
    VIR_NETWORK_XML_INACTIVE = 1,
}

/// C `virConnectListAllNetworksFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectListAllNetworksFlags {
    VIR_CONNECT_LIST_NETWORKS_INACTIVE = 1,
    VIR_CONNECT_LIST_NETWORKS_ACTIVE = 2,
    VIR_CONNECT_LIST_NETWORKS_PERSISTENT = 4,
    VIR_CONNECT_LIST_NETWORKS_TRANSIENT = 8,
    VIR_CONNECT_LIST_NETWORKS_AUTOSTART = 16,
    VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART = 32,
}

/// C `virNetworkCreateFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkCreateFlags {
    VIR_NETWORK_CREATE_VALIDATE = 1,
}

/// C `virNetworkDefineFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkDefineFlags {
    VIR_NETWORK_DEFINE_VALIDATE = 1,
}

/// C `virNetworkUpdateCommand` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkUpdateCommand {
    VIR_NETWORK_UPDATE_COMMAND_NONE = 0,
    VIR_NETWORK_UPDATE_COMMAND_MODIFY = 1,
    VIR_NETWORK_UPDATE_COMMAND_DELETE = 2,
    VIR_NETWORK_UPDATE_COMMAND_ADD_LAST = 3,
    VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST = 4,
}

/// C `virNetworkUpdateSection` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkUpdateSection {
    VIR_NETWORK_SECTION_NONE = 0,
    VIR_NETWORK_SECTION_BRIDGE = 1,
    VIR_NETWORK_SECTION_DOMAIN = 2,
    VIR_NETWORK_SECTION_IP = 3,
    VIR_NETWORK_SECTION_IP_DHCP_HOST = 4,
    VIR_NETWORK_SECTION_IP_DHCP_RANGE = 5,
    VIR_NETWORK_SECTION_FORWARD = 6,
    VIR_NETWORK_SECTION_FORWARD_INTERFACE = 7,
    VIR_NETWORK_SECTION_FORWARD_PF = 8,
    VIR_NETWORK_SECTION_PORTGROUP = 9,
    VIR_NETWORK_SECTION_DNS_HOST = 10,
    VIR_NETWORK_SECTION_DNS_TXT = 11,
    VIR_NETWORK_SECTION_DNS_SRV = 12,
}

/// C `virNetworkUpdateFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkUpdateFlags {
    VIR_NETWORK_UPDATE_AFFECT_CURRENT = 0,
    VIR_NETWORK_UPDATE_AFFECT_LIVE = 1,
    VIR_NETWORK_UPDATE_AFFECT_CONFIG = 2,
}

/// C `virNetworkEventLifecycleType` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkEventLifecycleType {
    VIR_NETWORK_EVENT_DEFINED = 0,
    VIR_NETWORK_EVENT_UNDEFINED = 1,
    VIR_NETWORK_EVENT_STARTED = 2,
    VIR_NETWORK_EVENT_STOPPED = 3,
}

/// C callback type `virConnectNetworkEventLifecycleCallback` (libvirt-network.h).
pub type virConnectNetworkEventLifecycleCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        net: virNetworkPtr,
        event: c_int,
        detail: c_int,
        opaque: *mut c_void,
    ),
>;

/// C `virNetworkEventID` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkEventID {
    VIR_NETWORK_EVENT_ID_LIFECYCLE = 0,
}

/// C `virIPAddrType` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virIPAddrType {
    VIR_IP_ADDR_TYPE_IPV4 = 0,
    VIR_IP_ADDR_TYPE_IPV6 = 1,
}

/// C `virNetworkDHCPLeasePtr` (libvirt-network.h).
pub type virNetworkDHCPLeasePtr = *mut virNetworkDHCPLease;

/// Layout of C `struct _virNetworkDHCPLease` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virNetworkDHCPLease {
    pub iface: *mut c_char,
    pub expirytime: c_longlong,
    pub r#type: c_int,
    pub mac: *mut c_char,
    pub iaid: *mut c_char,
    pub ipaddr: *mut c_char,
    pub prefix: c_uint,
    pub hostname: *mut c_char,
    pub clientid: *mut c_char,
}

/// C callback type `virConnectNetworkEventGenericCallback` (libvirt-network.h).
pub type virConnectNetworkEventGenericCallback =
    Option<unsafe extern "C" fn(conn: virConnectPtr, net: virNetworkPtr, opaque: *mut c_void)>;

/// C `virNetworkPortCreateFlags` (libvirt-network.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNetworkPortCreateFlags {
    VIR_NETWORK_PORT_CREATE_RECLAIM = 1,
    VIR_NETWORK_PORT_CREATE_VALIDATE = 2,
}
