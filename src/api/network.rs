//! libvirt-network.h: virtual networks and their ports. Handle checks, reference counting,
//! `GetConnect`/`GetNetwork` and `virNetworkDHCPLeaseFree` are real; every operation reports
//! VIR_ERR_NO_SUPPORT until a driver serves networks.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uchar, c_uint, c_void};

use super::guard;
use super::handles;
use super::typedparams::quietly;
use crate::abi::host::{virFreeCallback, virTypedParameterPtr};
use crate::abi::network::{virConnectNetworkEventGenericCallback, virNetworkDHCPLeasePtr};
use crate::abi::{virConnectPtr, virNetworkPortPtr, virNetworkPtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_NETWORK;

/// Provides the connection pointer associated with a network. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virNetworkGetConnect(network: virNetworkPtr) -> virConnectPtr {
    guard(FROM, "virNetworkGetConnect", |call| {
        let obj = call.network(network)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Provides the number of active networks. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfNetworks(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfNetworks", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Collect the list of active networks, and store their names in names. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListNetworks", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Provides the number of inactive networks. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedNetworks(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedNetworks", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// list the inactive networks, stores the pointers to the names in names. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListDefinedNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedNetworks", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of networks, and allocate an array to store those objects. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllNetworks(
    conn: virConnectPtr,
    nets: *mut *mut virNetworkPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNetworks", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Try to lookup a network on the given hypervisor based on its name. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByName", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Try to lookup a network on the given hypervisor based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByUUID", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Try to lookup a network on the given hypervisor based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByUUIDString", |call| {
        let _conn = call.conn(conn)?;
        let _uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        call.unsupported_as("virNetworkLookupByUUID")
    })
}

/// Create and start a new virtual network, based on an XML description similar to the one returned
/// by virNetworkGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkCreateXML", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Create and start a new virtual network, based on an XML description similar to the one returned
/// by virNetworkGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkCreateXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    guard(FROM, "virNetworkCreateXMLFlags", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Define an inactive persistent virtual network or modify an existing persistent one from the XML
/// description. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xml")?;
        call.unsupported()
    })
}

/// Define an inactive persistent virtual network or modify an existing persistent one from the XML
/// description. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkDefineXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    guard(FROM, "virNetworkDefineXMLFlags", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xml")?;
        call.unsupported()
    })
}

/// Undefine a network but does not stop it if it is running. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkUndefine(network: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkUndefine", |call| {
        let network = call.network(network)?;
        call.writable(&network.conn)?;
        call.unsupported()
    })
}

/// Update the definition of an existing network, either its live running state, its persistent
/// configuration, or both. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkUpdate(
    network: virNetworkPtr,
    command: c_uint,
    section: c_uint,
    parentIndex: c_int,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkUpdate", |call| {
        let network = call.network(network)?;
        call.writable(&network.conn)?;
        call.non_null(xml, "xml")?;
        call.unsupported()
    })
}

/// Create and start a defined network. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkCreate(network: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkCreate", |call| {
        let network = call.network(network)?;
        call.writable(&network.conn)?;
        call.unsupported()
    })
}

/// Destroy the network object. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkDestroy(network: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkDestroy", |call| {
        let network = call.network(network)?;
        call.writable(&network.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the network. Takes one more reference on the handle; release it
/// with `virNetworkFree`.
#[no_mangle]
pub extern "C" fn virNetworkRef(network: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkRef", |call| {
        call.network(network)?;
        handles::add_ref(&handles::NETWORKS, network as usize);
        Ok(0)
    })
}

/// Free the network object. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virNetworkFree(network: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkFree", |call| {
        call.network(network)?;
        handles::release(&handles::NETWORKS, network as usize);
        Ok(0)
    })
}

/// Get the public name for that network. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetName(network: virNetworkPtr) -> *const c_char {
    guard(FROM, "virNetworkGetName", |call| {
        let _network = call.network(network)?;
        call.unsupported()
    })
}

/// Get the UUID for a network. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetUUID(network: virNetworkPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNetworkGetUUID", |call| {
        let _network = call.network(network)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Get the UUID for a network as string. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetUUIDString(network: virNetworkPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNetworkGetUUIDString", |call| {
        let _network = call.network(network)?;
        call.non_null(buf, "buf")?;
        call.unsupported()
    })
}

/// Provide an XML description of the network. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetXMLDesc(network: virNetworkPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNetworkGetXMLDesc", |call| {
        let _network = call.network(network)?;
        call.unsupported()
    })
}

/// Provides a bridge interface name to which a domain may connect a network interface in order to
/// join the network. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetBridgeName(network: virNetworkPtr) -> *mut c_char {
    guard(FROM, "virNetworkGetBridgeName", |call| {
        let _network = call.network(network)?;
        call.unsupported()
    })
}

/// Provides a boolean value indicating whether the network configured to be automatically started
/// when the host machine boots. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetAutostart(network: virNetworkPtr, autostart: *mut c_int) -> c_int {
    guard(FROM, "virNetworkGetAutostart", |call| {
        let _network = call.network(network)?;
        call.non_null(autostart, "autostart")?;
        call.unsupported()
    })
}

/// Configure the network to be automatically started when the host machine boots. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkSetAutostart(network: virNetworkPtr, autostart: c_int) -> c_int {
    guard(FROM, "virNetworkSetAutostart", |call| {
        let network = call.network(network)?;
        call.writable(&network.conn)?;
        call.unsupported()
    })
}

/// Determine if the network is currently running. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkIsActive(net: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkIsActive", |call| {
        let _net = call.network(net)?;
        call.unsupported()
    })
}

/// Determine if the network has a persistent configuration which means it will still exist after
/// shutting down. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkIsPersistent(net: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkIsPersistent", |call| {
        let _net = call.network(net)?;
        call.unsupported()
    })
}

/// Frees a DHCP lease returned by `virNetworkGetDHCPLeases`, with its strings.
#[no_mangle]
pub extern "C" fn virNetworkDHCPLeaseFree(lease: virNetworkDHCPLeasePtr) {
    quietly((), || {
        if lease.is_null() {
            return;
        }
        // SAFETY: the struct and its strings were malloc'd by the library; each is
        // released once.
        unsafe {
            let l = &*lease;
            for s in [l.iface, l.ipaddr, l.mac, l.iaid, l.hostname, l.clientid] {
                libc::free(s as *mut c_void);
            }
            libc::free(lease as *mut c_void);
        }
    })
}

/// For DHCPv4, the information returned: - Network Interface Name - Expiry Time - MAC address -
/// IAID (NULL) - IPv4 address (with type and prefix) - Hostname (can be NULL) - Client ID (can be
/// NULL). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkGetDHCPLeases(
    network: virNetworkPtr,
    mac: *const c_char,
    leases: *mut *mut virNetworkDHCPLeasePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkGetDHCPLeases", |call| {
        let _network = call.network(network)?;
        call.unsupported()
    })
}

/// Adds a callback to receive notifications of arbitrary network events occurring on a network. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNetworkEventRegisterAny(
    conn: virConnectPtr,
    net: virNetworkPtr,
    eventID: c_int,
    cb: virConnectNetworkEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectNetworkEventRegisterAny", |call| {
        let conn = call.conn(conn)?;
        if !net.is_null() {
            let obj = call.network(net)?;
            call.owned_by(&obj.conn, &conn, "net", &format!("network '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 1)?;
        call.unsupported()
    })
}

/// Removes an event callback. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNetworkEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectNetworkEventDeregisterAny", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        call.unsupported()
    })
}

/// Try to lookup a port on the given network based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortLookupByUUID(
    net: virNetworkPtr,
    uuid: *const c_uchar,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortLookupByUUID", |call| {
        let _net = call.network(net)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Try to lookup a port on the given network based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortLookupByUUIDString(
    net: virNetworkPtr,
    uuidstr: *const c_char,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortLookupByUUIDString", |call| {
        let _net = call.network(net)?;
        let _uuid = call.uuid_str_arg(uuidstr, "uuidstr")?;
        call.unsupported_as("virNetworkPortLookupByUUID")
    })
}

/// Create a new network port, based on an XML description similar to the one returned by
/// virNetworkPortGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortCreateXML(
    net: virNetworkPtr,
    xmldesc: *const c_char,
    flags: c_uint,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortCreateXML", |call| {
        let net = call.network(net)?;
        call.non_null(xmldesc, "xmldesc")?;
        call.writable(&net.conn)?;
        call.unsupported()
    })
}

/// Provides the network pointer associated with a port. The object does not gain a reference.
#[no_mangle]
pub extern "C" fn virNetworkPortGetNetwork(port: virNetworkPortPtr) -> virNetworkPtr {
    guard(FROM, "virNetworkPortGetNetwork", |call| {
        let obj = call.network_port(port)?;
        Ok(obj.parent as virNetworkPtr)
    })
}

/// Provide an XML description of the network port. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortGetXMLDesc(port: virNetworkPortPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNetworkPortGetXMLDesc", |call| {
        let _port = call.network_port(port)?;
        call.unsupported()
    })
}

/// Get the UUID for a network port. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortGetUUID(port: virNetworkPortPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNetworkPortGetUUID", |call| {
        let _port = call.network_port(port)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Get the UUID for a network as string. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortGetUUIDString(port: virNetworkPortPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNetworkPortGetUUIDString", |call| {
        let _port = call.network_port(port)?;
        call.non_null(buf, "buf")?;
        call.unsupported()
    })
}

/// Change a subset or all parameters of the network port; currently this includes bandwidth
/// parameters. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortSetParameters(
    port: virNetworkPortPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkPortSetParameters", |call| {
        let port = call.network_port(port)?;
        call.writable(&port.conn)?;
        call.unsupported()
    })
}

/// Get all interface parameters. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortGetParameters(
    port: virNetworkPortPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkPortGetParameters", |call| {
        let _port = call.network_port(port)?;
        call.unsupported()
    })
}

/// Delete the network port. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkPortDelete(port: virNetworkPortPtr, flags: c_uint) -> c_int {
    guard(FROM, "virNetworkPortDelete", |call| {
        let port = call.network_port(port)?;
        call.writable(&port.conn)?;
        call.unsupported()
    })
}

/// Collect the list of network ports, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNetworkListAllPorts(
    network: virNetworkPtr,
    ports: *mut *mut virNetworkPortPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkListAllPorts", |call| {
        let _network = call.network(network)?;
        call.unsupported()
    })
}

/// Free the network port object. Drops one reference on the handle; the object goes with the last
/// one.
#[no_mangle]
pub extern "C" fn virNetworkPortFree(port: virNetworkPortPtr) -> c_int {
    guard(FROM, "virNetworkPortFree", |call| {
        call.network_port(port)?;
        handles::release(&handles::NETWORK_PORTS, port as usize);
        Ok(0)
    })
}

/// Increment the reference count on the network port. Takes one more reference on the handle;
/// release it with `virNetworkPortFree`.
#[no_mangle]
pub extern "C" fn virNetworkPortRef(port: virNetworkPortPtr) -> c_int {
    guard(FROM, "virNetworkPortRef", |call| {
        call.network_port(port)?;
        handles::add_ref(&handles::NETWORK_PORTS, port as usize);
        Ok(0)
    })
}
