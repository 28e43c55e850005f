//! libvirt-interface.h: host network interfaces.
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); `{}` rows are not served yet.

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// Longest list of interfaces (`REMOTE_INTERFACE_LIST_MAX`).
pub const REMOTE_INTERFACE_LIST_MAX: usize = 16384;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Interfaces;

    126 CONNECT_NUM_OF_INTERFACES ConnectNumOfInterfaces ro low "virConnectNumOfInterfaces" {
        fn connect_num_of_interfaces() -> num: i32
    }
    127 CONNECT_LIST_INTERFACES ConnectListInterfaces ro low "virConnectListInterfaces" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_INTERFACE_LIST_MAX> }
            fn connect_list_interfaces(maxnames: i32) -> Vec<String>
    }
    128 INTERFACE_LOOKUP_BY_NAME InterfaceLookupByName ro low "virInterfaceLookupByName" {
        fn interface_lookup_by_name(name: String) -> iface: InterfaceId
    }
    129 INTERFACE_LOOKUP_BY_MAC_STRING InterfaceLookupByMacString ro low "virInterfaceLookupByMACString" {
        fn interface_lookup_by_mac_string(mac: String) -> iface: InterfaceId
    }
    130 INTERFACE_GET_XML_DESC InterfaceGetXmlDesc ro low "virInterfaceGetXMLDesc" {
        fn interface_get_xml_desc(iface: InterfaceId, flags: u32) -> xml: String
    }
    131 INTERFACE_DEFINE_XML InterfaceDefineXml rw low "virInterfaceDefineXML" {
        fn interface_define_xml(xml: String, flags: u32) -> iface: InterfaceId
    }
    132 INTERFACE_UNDEFINE InterfaceUndefine rw low "virInterfaceUndefine" {
        fn interface_undefine(iface: InterfaceId) -> ()
    }
    133 INTERFACE_CREATE InterfaceCreate rw low "virInterfaceCreate" {
        fn interface_create(iface: InterfaceId, flags: u32) -> ()
    }
    134 INTERFACE_DESTROY InterfaceDestroy rw low "virInterfaceDestroy" {
        fn interface_destroy(iface: InterfaceId, flags: u32) -> ()
    }
    137 CONNECT_NUM_OF_DEFINED_INTERFACES ConnectNumOfDefinedInterfaces ro low "virConnectNumOfDefinedInterfaces" {
        fn connect_num_of_defined_interfaces() -> num: i32
    }
    138 CONNECT_LIST_DEFINED_INTERFACES ConnectListDefinedInterfaces ro low "virConnectListDefinedInterfaces" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_INTERFACE_LIST_MAX> }
            fn connect_list_defined_interfaces(maxnames: i32) -> Vec<String>
    }
    156 INTERFACE_IS_ACTIVE InterfaceIsActive ro low "virInterfaceIsActive" {
        fn interface_is_active(iface: InterfaceId) -> active: IntBool
    }
    220 INTERFACE_CHANGE_BEGIN InterfaceChangeBegin rw low "virInterfaceChangeBegin" {
        fn interface_change_begin(flags: u32) -> ()
    }
    221 INTERFACE_CHANGE_COMMIT InterfaceChangeCommit rw low "virInterfaceChangeCommit" {
        fn interface_change_commit(flags: u32) -> ()
    }
    222 INTERFACE_CHANGE_ROLLBACK InterfaceChangeRollback rw low "virInterfaceChangeRollback" {
        fn interface_change_rollback(flags: u32) -> ()
    }
    284 CONNECT_LIST_ALL_INTERFACES ConnectListAllInterfaces ro low "virConnectListAllInterfaces" {
        custom { need_results: i32, flags: u32 } -> { ifaces: Array<InterfaceId, REMOTE_INTERFACE_LIST_MAX>, ret: u32 }
            fn connect_list_all_interfaces(flags: u32) -> Vec<InterfaceId>
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::InterfaceId;
    use crate::error::Result;

    pub fn connect_list_interfaces(c: &RemoteConnection, maxnames: i32) -> Result<Vec<String>> {
        let mut names = c.call::<ConnectListInterfaces>(&ConnectListInterfacesArgs { maxnames })?.names.0;
        names.truncate(maxnames.max(0) as usize);
        Ok(names)
    }

    pub fn connect_list_defined_interfaces(c: &RemoteConnection, maxnames: i32) -> Result<Vec<String>> {
        let mut names = c.call::<ConnectListDefinedInterfaces>(&ConnectListDefinedInterfacesArgs { maxnames })?.names.0;
        names.truncate(maxnames.max(0) as usize);
        Ok(names)
    }

    pub fn connect_list_all_interfaces(c: &RemoteConnection, flags: u32) -> Result<Vec<InterfaceId>> {
        let args = ConnectListAllInterfacesArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllInterfaces>(&args)?.ifaces.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver.
mod serve_custom {
    use super::wire::*;
    use super::{Interfaces, REMOTE_INTERFACE_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    pub fn connect_list_interfaces(d: &dyn Interfaces, a: ConnectListInterfacesArgs, _: bool) -> Result<ConnectListInterfacesRet> {
        check_max(a.maxnames, "maxnames", REMOTE_INTERFACE_LIST_MAX, "REMOTE_INTERFACE_LIST_MAX")?;
        Ok(ConnectListInterfacesRet { names: bounded(d.connect_list_interfaces(a.maxnames)?)? })
    }

    pub fn connect_list_defined_interfaces(
        d: &dyn Interfaces,
        a: ConnectListDefinedInterfacesArgs,
        _: bool,
    ) -> Result<ConnectListDefinedInterfacesRet> {
        check_max(a.maxnames, "maxnames", REMOTE_INTERFACE_LIST_MAX, "REMOTE_INTERFACE_LIST_MAX")?;
        Ok(ConnectListDefinedInterfacesRet { names: bounded(d.connect_list_defined_interfaces(a.maxnames)?)? })
    }

    pub fn connect_list_all_interfaces(
        d: &dyn Interfaces,
        a: ConnectListAllInterfacesArgs,
        _: bool,
    ) -> Result<ConnectListAllInterfacesRet> {
        let (ifaces, ret) = list_all(d.connect_list_all_interfaces(a.flags)?, a.need_results)?;
        Ok(ConnectListAllInterfacesRet { ifaces, ret: ret as u32 })
    }
}
