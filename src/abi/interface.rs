//! C layout of libvirt-interface.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

/// C `virConnectListAllInterfacesFlags` (libvirt-interface.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectListAllInterfacesFlags {
    VIR_CONNECT_LIST_INTERFACES_INACTIVE = 1,
    VIR_CONNECT_LIST_INTERFACES_ACTIVE = 2,
}

/// C `virInterfaceXMLFlags` (libvirt-interface.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virInterfaceXMLFlags {
    VIR_INTERFACE_XML_INACTIVE = 1,
}

/// C `virInterfaceDefineFlags` (libvirt-interface.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virInterfaceDefineFlags {
    VIR_INTERFACE_DEFINE_VALIDATE = 1,
}
