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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Interfaces;

    126 CONNECT_NUM_OF_INTERFACES ConnectNumOfInterfaces ro low "virConnectNumOfInterfaces" {}
    127 CONNECT_LIST_INTERFACES ConnectListInterfaces ro low "virConnectListInterfaces" {}
    128 INTERFACE_LOOKUP_BY_NAME InterfaceLookupByName ro low "virInterfaceLookupByName" {}
    129 INTERFACE_LOOKUP_BY_MAC_STRING InterfaceLookupByMacString ro low "virInterfaceLookupByMACString" {}
    130 INTERFACE_GET_XML_DESC InterfaceGetXmlDesc ro low "virInterfaceGetXMLDesc" {}
    131 INTERFACE_DEFINE_XML InterfaceDefineXml rw low "virInterfaceDefineXML" {}
    132 INTERFACE_UNDEFINE InterfaceUndefine rw low "virInterfaceUndefine" {}
    133 INTERFACE_CREATE InterfaceCreate rw low "virInterfaceCreate" {}
    134 INTERFACE_DESTROY InterfaceDestroy rw low "virInterfaceDestroy" {}
    137 CONNECT_NUM_OF_DEFINED_INTERFACES ConnectNumOfDefinedInterfaces ro low "virConnectNumOfDefinedInterfaces" {}
    138 CONNECT_LIST_DEFINED_INTERFACES ConnectListDefinedInterfaces ro low "virConnectListDefinedInterfaces" {}
    156 INTERFACE_IS_ACTIVE InterfaceIsActive ro low "virInterfaceIsActive" {}
    220 INTERFACE_CHANGE_BEGIN InterfaceChangeBegin rw low "virInterfaceChangeBegin" {}
    221 INTERFACE_CHANGE_COMMIT InterfaceChangeCommit rw low "virInterfaceChangeCommit" {}
    222 INTERFACE_CHANGE_ROLLBACK InterfaceChangeRollback rw low "virInterfaceChangeRollback" {}
    284 CONNECT_LIST_ALL_INTERFACES ConnectListAllInterfaces ro low "virConnectListAllInterfaces" {}
}
