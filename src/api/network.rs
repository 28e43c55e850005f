//! libvirt-network.h: virtual networks and their ports.
//!
//! Each export checks its handle, the connection's read-only state and its arguments in
//! the order libvirt's public API does, with the same errors, then calls the connection's
//! driver slot. Names and UUIDs are read from the handle, as libvirt does. Port
//! parameters and network events report VIR_ERR_NO_SUPPORT (no driver here has them).

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::object_event::{self, GenericFn};
use crate::driver::{EventTarget, ObjectKind};
use libc::{c_char, c_int, c_uchar, c_uint, c_void};

use std::sync::Arc;

use super::handles::{self, Object};
use super::{c_array, c_strdup, guard};
use super::typedparams::quietly;
use crate::abi::host::{virFreeCallback, virTypedParameterPtr};
use crate::abi::network::{virConnectNetworkEventGenericCallback, virNetworkDHCPLeasePtr};
use crate::abi::{virConnectPtr, virNetworkPortPtr, virNetworkPtr};
use crate::conf::uuid::Uuid;
use crate::driver::network::NetworkDhcpLease;
use crate::driver::{NetworkId, NetworkPortId};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_NETWORK;
/// `VIR_UUID_BUFLEN`
const UUID_BUFLEN: usize = 16;

/// Hands a network of connection `conn` (handle `conn_ptr`) to C.
fn new_network(conn: &Arc<crate::datatypes::Connect>, conn_ptr: virConnectPtr, id: NetworkId) -> virNetworkPtr {
    handles::new_object(&handles::NETWORKS, conn, conn_ptr as usize, 0, id) as virNetworkPtr
}

/// Hands a port of network `net` (handle `net_ptr`) to C.
fn new_port(net: &Object<NetworkId>, net_ptr: virNetworkPtr, id: NetworkPortId) -> virNetworkPortPtr {
    handles::new_object(&handles::NETWORK_PORTS, &net.conn, net.conn_handle, net_ptr as usize, id) as virNetworkPortPtr
}

/// Runs a state-changing `f` on the network behind `net` (refused when read-only).
fn change(api: &'static str, net: virNetworkPtr, f: impl FnOnce(&mut super::Call, &Object<NetworkId>) -> Result<()>) -> c_int {
    guard(FROM, api, |call| {
        let n = call.network(net)?;
        call.writable(&n.conn)?;
        f(call, &n)?;
        Ok(0)
    })
}

/// Copies up to `max` names into the caller's array (each freed with `free()`).
pub(super) fn fill_names(names: *mut *mut c_char, max: c_int, all: Vec<String>) -> Result<c_int> {
    let n = all.len().min(max.max(0) as usize);
    for (i, name) in all.iter().take(n).enumerate() {
        // SAFETY: the caller provides room for `max` pointers; `i < n <= max`.
        unsafe { *names.add(i) = c_strdup(name) };
    }
    Ok(n as c_int)
}

/// Writes the printable UUID (36 chars + NUL) into the caller's buffer.
pub(super) fn write_uuid_string(buf: *mut c_char, uuid: &[u8; 16]) {
    let text = Uuid(*uuid).to_string();
    // SAFETY: the caller checked `buf` non-NULL; it provides VIR_UUID_STRING_BUFLEN (37) bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len());
        *buf.add(text.len()) = 0;
    }
}

/// A lease in C memory, freed by `virNetworkDHCPLeaseFree`.
fn c_lease(l: &NetworkDhcpLease) -> Result<virNetworkDHCPLeasePtr> {
    let opt = |s: &Option<String>| s.as_deref().map(c_strdup).unwrap_or(std::ptr::null_mut());
    // SAFETY: calloc of one struct; checked before use.
    let p = unsafe { libc::calloc(1, std::mem::size_of::<crate::abi::network::virNetworkDHCPLease>()) }
        as virNetworkDHCPLeasePtr;
    if p.is_null() {
        return Err(Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_NO_MEMORY, ""));
    }
    // SAFETY: `p` is a fresh, zeroed struct we own until the caller frees it.
    unsafe {
        (*p).iface = c_strdup(&l.iface);
        (*p).expirytime = l.expirytime;
        (*p).r#type = l.type_;
        (*p).mac = opt(&l.mac);
        (*p).iaid = opt(&l.iaid);
        (*p).ipaddr = c_strdup(&l.ipaddr);
        (*p).prefix = l.prefix;
        (*p).hostname = opt(&l.hostname);
        (*p).clientid = opt(&l.clientid);
    }
    Ok(p)
}

/// Provides the connection pointer associated with a network. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virNetworkGetConnect(network: virNetworkPtr) -> virConnectPtr {
    guard(FROM, "virNetworkGetConnect", |call| {
        let obj = call.network(network)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Provides the number of active networks.
#[no_mangle]
pub extern "C" fn virConnectNumOfNetworks(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfNetworks", |call| call.conn(conn)?.driver.connect_num_of_networks())
}

/// Collect the list of active networks, and store their names in names.
#[no_mangle]
pub extern "C" fn virConnectListNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListNetworks", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        fill_names(names, maxnames, c.driver.connect_list_networks()?)
    })
}

/// Provides the number of inactive networks.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedNetworks(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedNetworks", |call| call.conn(conn)?.driver.connect_num_of_defined_networks())
}

/// list the inactive networks, stores the pointers to the names in names.
#[no_mangle]
pub extern "C" fn virConnectListDefinedNetworks(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedNetworks", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        fill_names(names, maxnames, c.driver.connect_list_defined_networks()?)
    })
}

/// Collect the list of networks, and allocate an array to store those objects.
#[no_mangle]
pub extern "C" fn virConnectListAllNetworks(
    conn: virConnectPtr,
    nets: *mut *mut virNetworkPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNetworks", |call| {
        let c = call.conn(conn)?;
        let all = c.driver.connect_list_all_networks(flags)?;
        let count = all.len() as c_int;
        if !nets.is_null() {
            let mut list: Vec<virNetworkPtr> = all.into_iter().map(|id| new_network(&c, conn, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *nets = array };
        }
        Ok(count)
    })
}

/// Try to lookup a network on the given hypervisor based on its name.
#[no_mangle]
pub extern "C" fn virNetworkLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByName", |call| {
        let c = call.conn(conn)?;
        let name = call.str_arg(name, "name")?;
        Ok(new_network(&c, conn, c.driver.network_lookup_by_name(name)?))
    })
}

/// Try to lookup a network on the given hypervisor based on its UUID.
#[no_mangle]
pub extern "C" fn virNetworkLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByUUID", |call| {
        let c = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        unsafe { std::ptr::copy_nonoverlapping(uuid, raw.as_mut_ptr(), UUID_BUFLEN) };
        Ok(new_network(&c, conn, c.driver.network_lookup_by_uuid(&raw)?))
    })
}

/// Try to lookup a network on the given hypervisor based on its UUID.
#[no_mangle]
pub extern "C" fn virNetworkLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkLookupByUUIDString", |call| {
        let c = call.conn(conn)?;
        let uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        Ok(new_network(&c, conn, c.driver.network_lookup_by_uuid(uuid.as_bytes())?))
    })
}

/// Create and start a new virtual network, based on an XML description similar to the one returned
/// by virNetworkGetXMLDesc().
#[no_mangle]
pub extern "C" fn virNetworkCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkCreateXML", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(&c)?;
        Ok(new_network(&c, conn, c.driver.network_create_xml_flags(xml, 0)?))
    })
}

/// Create and start a new virtual network, based on an XML description similar to the one returned
/// by virNetworkGetXMLDesc().
#[no_mangle]
pub extern "C" fn virNetworkCreateXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    guard(FROM, "virNetworkCreateXMLFlags", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(&c)?;
        Ok(new_network(&c, conn, c.driver.network_create_xml_flags(xml, flags)?))
    })
}

/// Define an inactive persistent virtual network or modify an existing persistent one from the XML
/// description.
#[no_mangle]
pub extern "C" fn virNetworkDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNetworkPtr {
    guard(FROM, "virNetworkDefineXML", |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        let xml = call.str_arg(xmlDesc, "xml")?;
        Ok(new_network(&c, conn, c.driver.network_define_xml_flags(xml, 0)?))
    })
}

/// Define an inactive persistent virtual network or modify an existing persistent one from the XML
/// description.
#[no_mangle]
pub extern "C" fn virNetworkDefineXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNetworkPtr {
    guard(FROM, "virNetworkDefineXMLFlags", |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        let xml = call.str_arg(xmlDesc, "xml")?;
        Ok(new_network(&c, conn, c.driver.network_define_xml_flags(xml, flags)?))
    })
}

/// Undefine a network but does not stop it if it is running.
#[no_mangle]
pub extern "C" fn virNetworkUndefine(network: virNetworkPtr) -> c_int {
    change("virNetworkUndefine", network, |_, n| n.conn.driver.network_undefine(&n.id))
}

/// Update the definition of an existing network, either its live running state, its persistent
/// configuration, or both.
#[no_mangle]
pub extern "C" fn virNetworkUpdate(
    network: virNetworkPtr,
    command: c_uint,
    section: c_uint,
    parentIndex: c_int,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    change("virNetworkUpdate", network, |call, n| {
        let xml = call.str_arg(xml, "xml")?;
        n.conn.driver.network_update(&n.id, command, section, parentIndex, xml, flags)
    })
}

/// Create and start a defined network.
#[no_mangle]
pub extern "C" fn virNetworkCreate(network: virNetworkPtr) -> c_int {
    change("virNetworkCreate", network, |_, n| n.conn.driver.network_create(&n.id))
}

/// Destroy the network object.
#[no_mangle]
pub extern "C" fn virNetworkDestroy(network: virNetworkPtr) -> c_int {
    change("virNetworkDestroy", network, |_, n| n.conn.driver.network_destroy(&n.id))
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

/// Get the public name for that network.
#[no_mangle]
pub extern "C" fn virNetworkGetName(network: virNetworkPtr) -> *const c_char {
    guard(FROM, "virNetworkGetName", |call| Ok(call.network(network)?.c_name.as_ptr()))
}

/// Get the UUID for a network.
#[no_mangle]
pub extern "C" fn virNetworkGetUUID(network: virNetworkPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNetworkGetUUID", |call| {
        let n = call.network(network)?;
        call.non_null(uuid, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(n.id.uuid.as_ptr(), uuid, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Get the UUID for a network as string.
#[no_mangle]
pub extern "C" fn virNetworkGetUUIDString(network: virNetworkPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNetworkGetUUIDString", |call| {
        let n = call.network(network)?;
        call.non_null(buf, "buf")?;
        write_uuid_string(buf, &n.id.uuid);
        Ok(0)
    })
}

/// Provide an XML description of the network.
#[no_mangle]
pub extern "C" fn virNetworkGetXMLDesc(network: virNetworkPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNetworkGetXMLDesc", |call| {
        let n = call.network(network)?;
        Ok(c_strdup(&n.conn.driver.network_get_xml_desc(&n.id, flags)?))
    })
}

/// Provides a bridge interface name to which a domain may connect a network interface in order to
/// join the network.
#[no_mangle]
pub extern "C" fn virNetworkGetBridgeName(network: virNetworkPtr) -> *mut c_char {
    guard(FROM, "virNetworkGetBridgeName", |call| {
        let n = call.network(network)?;
        Ok(c_strdup(&n.conn.driver.network_get_bridge_name(&n.id)?))
    })
}

/// Provides a boolean value indicating whether the network configured to be automatically started
/// when the host machine boots.
#[no_mangle]
pub extern "C" fn virNetworkGetAutostart(network: virNetworkPtr, autostart: *mut c_int) -> c_int {
    guard(FROM, "virNetworkGetAutostart", |call| {
        let n = call.network(network)?;
        call.non_null(autostart, "autostart")?;
        let on = n.conn.driver.network_get_autostart(&n.id)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *autostart = on as c_int };
        Ok(0)
    })
}

/// Configure the network to be automatically started when the host machine boots.
#[no_mangle]
pub extern "C" fn virNetworkSetAutostart(network: virNetworkPtr, autostart: c_int) -> c_int {
    change("virNetworkSetAutostart", network, |_, n| n.conn.driver.network_set_autostart(&n.id, autostart != 0))
}

/// Determine if the network is currently running.
#[no_mangle]
pub extern "C" fn virNetworkIsActive(net: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkIsActive", |call| {
        let n = call.network(net)?;
        Ok(n.conn.driver.network_is_active(&n.id)? as c_int)
    })
}

/// Determine if the network has a persistent configuration which means it will still exist after
/// shutting down.
#[no_mangle]
pub extern "C" fn virNetworkIsPersistent(net: virNetworkPtr) -> c_int {
    guard(FROM, "virNetworkIsPersistent", |call| {
        let n = call.network(net)?;
        Ok(n.conn.driver.network_is_persistent(&n.id)? as c_int)
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
/// NULL).
#[no_mangle]
pub extern "C" fn virNetworkGetDHCPLeases(
    network: virNetworkPtr,
    mac: *const c_char,
    leases: *mut *mut virNetworkDHCPLeasePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkGetDHCPLeases", |call| {
        let n = call.network(network)?;
        let mac = call.opt_str_arg(mac, "mac")?;
        let ret = n.conn.driver.network_get_dhcp_leases(&n.id, mac, !leases.is_null() as i32, flags)?;
        if !leases.is_null() {
            let mut list: Vec<virNetworkDHCPLeasePtr> = Vec::with_capacity(ret.leases.0.len() + 1);
            for l in &ret.leases.0 {
                list.push(c_lease(l)?);
            }
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *leases = array };
        }
        Ok(ret.ret as c_int)
    })
}

/// Adds a callback to receive notifications of arbitrary network events occurring on a network
/// (`net`), or on every network of `conn` when `net` is NULL.
/// `cb` has the type the event id implies, cast to the generic type; it is called from
/// the registered event loop, which must exist, with a handle of the object valid for the
/// call and `opaque`. `freecb(opaque)` runs when the callback is deregistered; the callback
/// holds a reference on `conn` until then. Returns the callback id, or -1 on error.
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
        let c = call.conn(conn)?;
        let mut filter = None;
        if !net.is_null() {
            let obj = call.network(net)?;
            filter = Some(EventTarget::Uuid(obj.id.uuid));
            call.owned_by(&obj.conn, &c, "net", &format!("network '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 1)?;
        let f = cb.map(|f| {
            // SAFETY: every class's generic callback takes (connection, object pointer,
            // opaque); the object pointer's type does not change how it is passed.
            unsafe { std::mem::transmute::<unsafe extern "C" fn(virConnectPtr, virNetworkPtr, *mut c_void), GenericFn>(f) }
        });
        let Some(f) = f else { return call.unsupported() };
        object_event::register(call, conn, ObjectKind::Network, filter, eventID, f, opaque, freecb)
    })
}

/// Removes the event callback `callbackID` (of any class) of `conn`, running its free
/// callback before returning. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectNetworkEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectNetworkEventDeregisterAny", |call| {
        call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        object_event::deregister(call, conn, ObjectKind::Network, callbackID)
    })
}

/// Try to lookup a port on the given network based on its UUID.
#[no_mangle]
pub extern "C" fn virNetworkPortLookupByUUID(
    net: virNetworkPtr,
    uuid: *const c_uchar,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortLookupByUUID", |call| {
        let n = call.network(net)?;
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        unsafe { std::ptr::copy_nonoverlapping(uuid, raw.as_mut_ptr(), UUID_BUFLEN) };
        Ok(new_port(&n, net, n.conn.driver.network_port_lookup_by_uuid(&n.id, &raw)?))
    })
}

/// Try to lookup a port on the given network based on its UUID.
#[no_mangle]
pub extern "C" fn virNetworkPortLookupByUUIDString(
    net: virNetworkPtr,
    uuidstr: *const c_char,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortLookupByUUIDString", |call| {
        let n = call.network(net)?;
        let uuid = call.uuid_str_arg(uuidstr, "uuidstr")?;
        Ok(new_port(&n, net, n.conn.driver.network_port_lookup_by_uuid(&n.id, uuid.as_bytes())?))
    })
}

/// Create a new network port, based on an XML description similar to the one returned by
/// virNetworkPortGetXMLDesc().
#[no_mangle]
pub extern "C" fn virNetworkPortCreateXML(
    net: virNetworkPtr,
    xmldesc: *const c_char,
    flags: c_uint,
) -> virNetworkPortPtr {
    guard(FROM, "virNetworkPortCreateXML", |call| {
        let n = call.network(net)?;
        let xml = call.str_arg(xmldesc, "xmldesc")?;
        call.writable(&n.conn)?;
        Ok(new_port(&n, net, n.conn.driver.network_port_create_xml(&n.id, xml, flags)?))
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

/// Provide an XML description of the network port.
#[no_mangle]
pub extern "C" fn virNetworkPortGetXMLDesc(port: virNetworkPortPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNetworkPortGetXMLDesc", |call| {
        let p = call.network_port(port)?;
        Ok(c_strdup(&p.conn.driver.network_port_get_xml_desc(&p.id, flags)?))
    })
}

/// Get the UUID for a network port.
#[no_mangle]
pub extern "C" fn virNetworkPortGetUUID(port: virNetworkPortPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNetworkPortGetUUID", |call| {
        let p = call.network_port(port)?;
        call.non_null(uuid, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(p.id.uuid.as_ptr(), uuid, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Get the UUID for a network as string.
#[no_mangle]
pub extern "C" fn virNetworkPortGetUUIDString(port: virNetworkPortPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNetworkPortGetUUIDString", |call| {
        let p = call.network_port(port)?;
        call.non_null(buf, "buf")?;
        write_uuid_string(buf, &p.id.uuid);
        Ok(0)
    })
}

/// Change a subset or all parameters of the network port; currently this includes bandwidth
/// parameters.
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
        let params = super::typedparams::from_c(params, nparams)?;
        port.conn.driver.network_port_set_parameters(&port.id, &params, flags)?;
        Ok(0)
    })
}

/// All parameters of the network port, in a new array the caller frees
/// (`virTypedParamsFree`).
#[no_mangle]
pub extern "C" fn virNetworkPortGetParameters(
    port: virNetworkPortPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkPortGetParameters", |call| {
        let port = call.network_port(port)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        let max = crate::driver::network::REMOTE_NETWORK_PORT_PARAMETERS_MAX as i32;
        let r = port.conn.driver.network_port_get_parameters(&port.id, max, flags)?;
        let values: Vec<_> = r.params.0.into_iter().map(|p| (p.field, p.value)).collect();
        let (array, n) = super::typedparams::to_c_array(&values)?;
        // SAFETY: both checked non-NULL; the caller owns the array from here.
        unsafe {
            *params = array;
            *nparams = n;
        }
        Ok(0)
    })
}

/// Delete the network port.
#[no_mangle]
pub extern "C" fn virNetworkPortDelete(port: virNetworkPortPtr, flags: c_uint) -> c_int {
    guard(FROM, "virNetworkPortDelete", |call| {
        let p = call.network_port(port)?;
        call.writable(&p.conn)?;
        p.conn.driver.network_port_delete(&p.id, flags)?;
        Ok(0)
    })
}

/// Collect the list of network ports, and allocate an array to store those objects.
#[no_mangle]
pub extern "C" fn virNetworkListAllPorts(
    network: virNetworkPtr,
    ports: *mut *mut virNetworkPortPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNetworkListAllPorts", |call| {
        let n = call.network(network)?;
        let ret = n.conn.driver.network_list_all_ports(&n.id, !ports.is_null() as i32, flags)?;
        if !ports.is_null() {
            let mut list: Vec<virNetworkPortPtr> = ret.ports.0.into_iter().map(|id| new_port(&n, network, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *ports = array };
        }
        Ok(ret.ret as c_int)
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
