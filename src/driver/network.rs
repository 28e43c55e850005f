//! libvirt-network.h: virtual networks and their ports.
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
    trait Networks;

    36 CONNECT_LIST_DEFINED_NETWORKS ConnectListDefinedNetworks ro low "virConnectListDefinedNetworks" {}
    38 CONNECT_LIST_NETWORKS ConnectListNetworks ro low "virConnectListNetworks" {}
    39 NETWORK_CREATE NetworkCreate rw low "virNetworkCreate" {}
    40 NETWORK_CREATE_XML NetworkCreateXml rw low "virNetworkCreateXML" {}
    41 NETWORK_DEFINE_XML NetworkDefineXml rw low "virNetworkDefineXML" {}
    42 NETWORK_DESTROY NetworkDestroy rw low "virNetworkDestroy" {}
    43 NETWORK_GET_XML_DESC NetworkGetXmlDesc ro low "virNetworkGetXMLDesc" {}
    44 NETWORK_GET_AUTOSTART NetworkGetAutostart ro low "virNetworkGetAutostart" {}
    45 NETWORK_GET_BRIDGE_NAME NetworkGetBridgeName ro low "virNetworkGetBridgeName" {}
    46 NETWORK_LOOKUP_BY_NAME NetworkLookupByName ro low "virNetworkLookupByName" {}
    47 NETWORK_LOOKUP_BY_UUID NetworkLookupByUuid ro low "virNetworkLookupByUUID" {}
    48 NETWORK_SET_AUTOSTART NetworkSetAutostart rw low "virNetworkSetAutostart" {}
    49 NETWORK_UNDEFINE NetworkUndefine rw low "virNetworkUndefine" {}
    50 CONNECT_NUM_OF_DEFINED_NETWORKS ConnectNumOfDefinedNetworks ro low "virConnectNumOfDefinedNetworks" {}
    52 CONNECT_NUM_OF_NETWORKS ConnectNumOfNetworks ro low "virConnectNumOfNetworks" {}
    152 NETWORK_IS_ACTIVE NetworkIsActive ro low "virNetworkIsActive" {}
    153 NETWORK_IS_PERSISTENT NetworkIsPersistent ro low "virNetworkIsPersistent" {}
    283 CONNECT_LIST_ALL_NETWORKS ConnectListAllNetworks ro low "virConnectListAllNetworks" {}
    291 NETWORK_UPDATE NetworkUpdate rw low "virNetworkUpdate" {}
    313 CONNECT_NETWORK_EVENT_REGISTER_ANY ConnectNetworkEventRegisterAny ro low "virConnectNetworkEventRegisterAny" {}
    314 CONNECT_NETWORK_EVENT_DEREGISTER_ANY ConnectNetworkEventDeregisterAny ro low "virConnectNetworkEventDeregisterAny" {}
    315 NETWORK_EVENT_LIFECYCLE NetworkEventLifecycle msg low "" {}
    341 NETWORK_GET_DHCP_LEASES NetworkGetDhcpLeases ro low "virNetworkGetDHCPLeases" {}
    404 NETWORK_LIST_ALL_PORTS NetworkListAllPorts ro low "virNetworkListAllPorts" {}
    405 NETWORK_PORT_LOOKUP_BY_UUID NetworkPortLookupByUuid ro low "virNetworkPortLookupByUUID" {}
    406 NETWORK_PORT_CREATE_XML NetworkPortCreateXml rw low "virNetworkPortCreateXML" {}
    407 NETWORK_PORT_GET_PARAMETERS NetworkPortGetParameters ro low "virNetworkPortGetParameters" {}
    408 NETWORK_PORT_SET_PARAMETERS NetworkPortSetParameters rw low "virNetworkPortSetParameters" {}
    409 NETWORK_PORT_GET_XML_DESC NetworkPortGetXmlDesc ro low "virNetworkPortGetXMLDesc" {}
    410 NETWORK_PORT_DELETE NetworkPortDelete rw low "virNetworkPortDelete" {}
    432 NETWORK_DEFINE_XML_FLAGS NetworkDefineXmlFlags rw low "virNetworkDefineXMLFlags" {}
    437 NETWORK_CREATE_XML_FLAGS NetworkCreateXmlFlags rw low "virNetworkCreateXMLFlags" {}
}
