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

/// Longest list of networks or names (`REMOTE_NETWORK_LIST_MAX`).
pub const REMOTE_NETWORK_LIST_MAX: usize = 16384;
/// Longest list of a network's ports (`REMOTE_NETWORK_PORT_LIST_MAX`).
pub const REMOTE_NETWORK_PORT_LIST_MAX: usize = 16384;
/// Most DHCP leases in one answer (`REMOTE_NETWORK_DHCP_LEASES_MAX`).
pub const REMOTE_NETWORK_DHCP_LEASES_MAX: usize = 65536;
/// Most typed parameters of a port (`REMOTE_NETWORK_PORT_PARAMETERS_MAX`).
pub const REMOTE_NETWORK_PORT_PARAMETERS_MAX: usize = 16;

crate::xdr_struct! {
    /// One DHCP lease (`remote_network_dhcp_lease`).
    pub struct NetworkDhcpLease {
        pub iface: String,
        pub expirytime: i64,
        pub type_: i32,
        pub mac: Option<String>,
        pub iaid: Option<String>,
        pub ipaddr: String,
        pub prefix: u32,
        pub hostname: Option<String>,
        pub clientid: Option<String>,
    }
}

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Networks;

    36 CONNECT_LIST_DEFINED_NETWORKS ConnectListDefinedNetworks ro low "virConnectListDefinedNetworks" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_NETWORK_LIST_MAX> }
            fn connect_list_defined_networks() -> Vec<String>
    }
    38 CONNECT_LIST_NETWORKS ConnectListNetworks ro low "virConnectListNetworks" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_NETWORK_LIST_MAX> }
            fn connect_list_networks() -> Vec<String>
    }
    39 NETWORK_CREATE NetworkCreate rw low "virNetworkCreate" {
        fn network_create(net: NetworkId) -> ()
    }
    40 NETWORK_CREATE_XML NetworkCreateXml rw low "virNetworkCreateXML" {
        alias { xml: String } -> net: NetworkId => with |d, a| d.network_create_xml_flags(&a.xml, 0)
    }
    41 NETWORK_DEFINE_XML NetworkDefineXml rw low "virNetworkDefineXML" {
        alias { xml: String } -> net: NetworkId => with |d, a| d.network_define_xml_flags(&a.xml, 0)
    }
    42 NETWORK_DESTROY NetworkDestroy rw low "virNetworkDestroy" {
        fn network_destroy(net: NetworkId) -> ()
    }
    43 NETWORK_GET_XML_DESC NetworkGetXmlDesc ro low "virNetworkGetXMLDesc" {
        fn network_get_xml_desc(net: NetworkId, flags: u32) -> xml: String
    }
    44 NETWORK_GET_AUTOSTART NetworkGetAutostart ro low "virNetworkGetAutostart" {
        fn network_get_autostart(net: NetworkId) -> autostart: IntBool
    }
    45 NETWORK_GET_BRIDGE_NAME NetworkGetBridgeName ro low "virNetworkGetBridgeName" {
        fn network_get_bridge_name(net: NetworkId) -> name: String
    }
    46 NETWORK_LOOKUP_BY_NAME NetworkLookupByName ro low "virNetworkLookupByName" {
        fn network_lookup_by_name(name: String) -> net: NetworkId
    }
    47 NETWORK_LOOKUP_BY_UUID NetworkLookupByUuid ro low "virNetworkLookupByUUID" {
        fn network_lookup_by_uuid(uuid: [u8; 16]) -> net: NetworkId
    }
    48 NETWORK_SET_AUTOSTART NetworkSetAutostart rw low "virNetworkSetAutostart" {
        fn network_set_autostart(net: NetworkId, autostart: IntBool) -> ()
    }
    49 NETWORK_UNDEFINE NetworkUndefine rw low "virNetworkUndefine" {
        fn network_undefine(net: NetworkId) -> ()
    }
    50 CONNECT_NUM_OF_DEFINED_NETWORKS ConnectNumOfDefinedNetworks ro low "virConnectNumOfDefinedNetworks" {
        fn connect_num_of_defined_networks() -> num: i32
    }
    52 CONNECT_NUM_OF_NETWORKS ConnectNumOfNetworks ro low "virConnectNumOfNetworks" {
        fn connect_num_of_networks() -> num: i32
    }
    152 NETWORK_IS_ACTIVE NetworkIsActive ro low "virNetworkIsActive" {
        fn network_is_active(net: NetworkId) -> active: IntBool
    }
    153 NETWORK_IS_PERSISTENT NetworkIsPersistent ro low "virNetworkIsPersistent" {
        fn network_is_persistent(net: NetworkId) -> persistent: IntBool
    }
    283 CONNECT_LIST_ALL_NETWORKS ConnectListAllNetworks ro low "virConnectListAllNetworks" {
        custom { need_results: i32, flags: u32 } -> { nets: Array<NetworkId, REMOTE_NETWORK_LIST_MAX>, ret: u32 }
            fn connect_list_all_networks(flags: u32) -> Vec<NetworkId>
    }
    291 NETWORK_UPDATE NetworkUpdate rw low "virNetworkUpdate" {
        fn network_update(net: NetworkId, command: u32, section: u32, parent_index: i32, xml: String, flags: u32) -> ()
    }
    313 CONNECT_NETWORK_EVENT_REGISTER_ANY ConnectNetworkEventRegisterAny ro low "virConnectNetworkEventRegisterAny" {
        daemon ConnectNetworkEventRegisterAnyArgs => ConnectNetworkEventRegisterAnyRet
    }
    314 CONNECT_NETWORK_EVENT_DEREGISTER_ANY ConnectNetworkEventDeregisterAny ro low "virConnectNetworkEventDeregisterAny" {
        daemon ConnectNetworkEventDeregisterAnyArgs => ()
    }
    315 NETWORK_EVENT_LIFECYCLE NetworkEventLifecycle msg low "" {
        daemon NetworkEventLifecycleMsg => ()
    }
    341 NETWORK_GET_DHCP_LEASES NetworkGetDhcpLeases ro low "virNetworkGetDHCPLeases" {
        fn network_get_dhcp_leases(net: NetworkId, mac: Option<String>, need_results: i32, flags: u32) -> {
            leases: Array<NetworkDhcpLease, REMOTE_NETWORK_DHCP_LEASES_MAX>, ret: u32
        }
    }
    404 NETWORK_LIST_ALL_PORTS NetworkListAllPorts ro low "virNetworkListAllPorts" {
        fn network_list_all_ports(network: NetworkId, need_results: i32, flags: u32) -> {
            ports: Array<NetworkPortId, REMOTE_NETWORK_PORT_LIST_MAX>, ret: u32
        }
    }
    405 NETWORK_PORT_LOOKUP_BY_UUID NetworkPortLookupByUuid ro low "virNetworkPortLookupByUUID" {
        fn network_port_lookup_by_uuid(network: NetworkId, uuid: [u8; 16]) -> port: NetworkPortId
    }
    406 NETWORK_PORT_CREATE_XML NetworkPortCreateXml rw low "virNetworkPortCreateXML" {
        fn network_port_create_xml(network: NetworkId, xml: String, flags: u32) -> port: NetworkPortId
    }
    407 NETWORK_PORT_GET_PARAMETERS NetworkPortGetParameters ro low "virNetworkPortGetParameters" {
        fn network_port_get_parameters(port: NetworkPortId, nparams: i32, flags: u32) -> {
            params: Array<TypedParam, REMOTE_NETWORK_PORT_PARAMETERS_MAX>, nparams: i32
        }
    }
    408 NETWORK_PORT_SET_PARAMETERS NetworkPortSetParameters rw low "virNetworkPortSetParameters" {
        fn network_port_set_parameters(port: NetworkPortId, params: Array<TypedParam, REMOTE_NETWORK_PORT_PARAMETERS_MAX>, flags: u32) -> ()
    }
    409 NETWORK_PORT_GET_XML_DESC NetworkPortGetXmlDesc ro low "virNetworkPortGetXMLDesc" {
        fn network_port_get_xml_desc(port: NetworkPortId, flags: u32) -> xml: String
    }
    410 NETWORK_PORT_DELETE NetworkPortDelete rw low "virNetworkPortDelete" {
        fn network_port_delete(port: NetworkPortId, flags: u32) -> ()
    }
    432 NETWORK_DEFINE_XML_FLAGS NetworkDefineXmlFlags rw low "virNetworkDefineXMLFlags" {
        fn network_define_xml_flags(xml: String, flags: u32) -> net: NetworkId
    }
    437 NETWORK_CREATE_XML_FLAGS NetworkCreateXmlFlags rw low "virNetworkCreateXMLFlags" {
        fn network_create_xml_flags(xml: String, flags: u32) -> net: NetworkId
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use super::REMOTE_NETWORK_LIST_MAX;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::NetworkId;
    use crate::error::Result;

    /// One call, asking for as many names as the protocol carries.
    pub fn connect_list_networks(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListNetworksArgs { maxnames: REMOTE_NETWORK_LIST_MAX as i32 };
        Ok(c.call::<ConnectListNetworks>(&args)?.names.0)
    }

    pub fn connect_list_defined_networks(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListDefinedNetworksArgs { maxnames: REMOTE_NETWORK_LIST_MAX as i32 };
        Ok(c.call::<ConnectListDefinedNetworks>(&args)?.names.0)
    }

    pub fn connect_list_all_networks(c: &RemoteConnection, flags: u32) -> Result<Vec<NetworkId>> {
        let args = ConnectListAllNetworksArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllNetworks>(&args)?.nets.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver.
mod serve_custom {
    use super::wire::*;
    use super::{Networks, REMOTE_NETWORK_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    pub fn connect_list_networks(d: &dyn Networks, a: ConnectListNetworksArgs, _: bool) -> Result<ConnectListNetworksRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_NETWORK_LIST_MAX, "REMOTE_NETWORK_LIST_MAX")?;
        let mut names = d.connect_list_networks()?;
        names.truncate(max);
        Ok(ConnectListNetworksRet { names: bounded(names)? })
    }

    pub fn connect_list_defined_networks(
        d: &dyn Networks,
        a: ConnectListDefinedNetworksArgs,
        _: bool,
    ) -> Result<ConnectListDefinedNetworksRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_NETWORK_LIST_MAX, "REMOTE_NETWORK_LIST_MAX")?;
        let mut names = d.connect_list_defined_networks()?;
        names.truncate(max);
        Ok(ConnectListDefinedNetworksRet { names: bounded(names)? })
    }

    /// The networks when the client asked for them, and their count either way.
    pub fn connect_list_all_networks(
        d: &dyn Networks,
        a: ConnectListAllNetworksArgs,
        _: bool,
    ) -> Result<ConnectListAllNetworksRet> {
        let (nets, ret) = list_all(d.connect_list_all_networks(a.flags)?, a.need_results)?;
        Ok(ConnectListAllNetworksRet { nets, ret: ret as u32 })
    }
}
