//! libvirt-interface.h: host network interfaces. Each export checks its handle, the
//! connection's read-only state and its arguments in the order libvirt's public API
//! does, with the same errors, then calls the connection's interface slot; name and MAC
//! are read from the handle.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uint};

use super::handles::{self, new_object, Object, INTERFACES};
use super::{c_array, c_strdup, guard, Call};
use crate::abi::{virConnectPtr, virInterfacePtr};
use crate::datatypes::Connect;
use crate::driver::InterfaceId;
use crate::error::{self, Domain};

const FROM: Domain = Domain::VIR_FROM_INTERFACE;

/// Hands an interface of `c` (whose handle is `conn`) to C with one reference.
fn new_handle(conn: virConnectPtr, c: &Arc<Connect>, id: InterfaceId) -> virInterfacePtr {
    new_object(&INTERFACES, c, conn as usize, 0, id) as virInterfacePtr
}

/// Copies up to `maxnames` of `all` into the caller's `names` array; returns how many.
fn fill_names(names: *mut *mut c_char, maxnames: c_int, all: &[String]) -> c_int {
    let n = all.len().min(maxnames.max(0) as usize);
    for (i, name) in all.iter().take(n).enumerate() {
        // SAFETY: the caller provides room for `maxnames` pointers (checked non-NULL when
        // positive); `i < n <= maxnames`.
        unsafe { *names.add(i) = c_strdup(name) };
    }
    n as c_int
}

/// Runs an interface-changing `f` (refused on a read-only connection).
fn change_iface(
    api: &'static str,
    iface: virInterfacePtr,
    f: impl FnOnce(&mut Call, &Object<InterfaceId>) -> error::Result<()>,
) -> c_int {
    guard(FROM, api, |call| {
        let i = call.interface(iface)?;
        call.writable(&i.conn)?;
        f(call, &i)?;
        Ok(0)
    })
}

/// Runs a connection-wide change `f` (refused on a read-only connection).
fn change_conn(api: &'static str, conn: virConnectPtr, f: impl FnOnce(&Arc<Connect>) -> error::Result<()>) -> c_int {
    guard(FROM, api, |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        f(&c)?;
        Ok(0)
    })
}

/// Provides the connection pointer associated with an interface. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virInterfaceGetConnect(iface: virInterfacePtr) -> virConnectPtr {
    guard(FROM, "virInterfaceGetConnect", |call| {
        let obj = call.interface(iface)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Provides the number of active interfaces on the physical host.
#[no_mangle]
pub extern "C" fn virConnectNumOfInterfaces(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfInterfaces", |call| call.conn(conn)?.driver.connect_num_of_interfaces())
}

/// Collect the list of active physical host interfaces, and store their names in names.
#[no_mangle]
pub extern "C" fn virConnectListInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListInterfaces", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        let all = c.driver.connect_list_interfaces(maxnames)?;
        Ok(fill_names(names, maxnames, &all))
    })
}

/// Provides the number of defined (inactive) interfaces on the physical host.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedInterfaces(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedInterfaces", |call| call.conn(conn)?.driver.connect_num_of_defined_interfaces())
}

/// Collect the list of defined (inactive) physical host interfaces, and store their names in names.
#[no_mangle]
pub extern "C" fn virConnectListDefinedInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedInterfaces", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        let all = c.driver.connect_list_defined_interfaces(maxnames)?;
        Ok(fill_names(names, maxnames, &all))
    })
}

/// Collect the list of interfaces, and allocate an array to store those objects.
#[no_mangle]
pub extern "C" fn virConnectListAllInterfaces(
    conn: virConnectPtr,
    ifaces: *mut *mut virInterfacePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllInterfaces", |call| {
        let c = call.conn(conn)?;
        if !ifaces.is_null() {
            // SAFETY: non-NULL; the caller's out pointer, cleared first as libvirt does.
            unsafe { *ifaces = std::ptr::null_mut() };
        }
        let all = c.driver.connect_list_all_interfaces(flags)?;
        let count = all.len() as c_int;
        if !ifaces.is_null() {
            let mut list: Vec<virInterfacePtr> = all.into_iter().map(|id| new_handle(conn, &c, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL above.
            unsafe { *ifaces = array };
        }
        Ok(count)
    })
}

/// Try to lookup an interface on the given hypervisor based on its name.
#[no_mangle]
pub extern "C" fn virInterfaceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceLookupByName", |call| {
        let c = call.conn(conn)?;
        let name = call.str_arg(name, "name")?;
        Ok(new_handle(conn, &c, c.driver.interface_lookup_by_name(name)?))
    })
}

/// Try to lookup an interface on the given hypervisor based on its MAC.
#[no_mangle]
pub extern "C" fn virInterfaceLookupByMACString(
    conn: virConnectPtr,
    mac: *const c_char,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceLookupByMACString", |call| {
        let c = call.conn(conn)?;
        let mac = call.str_arg(mac, "macstr")?;
        Ok(new_handle(conn, &c, c.driver.interface_lookup_by_mac_string(mac)?))
    })
}

/// Get the public name for that interface.
#[no_mangle]
pub extern "C" fn virInterfaceGetName(iface: virInterfacePtr) -> *const c_char {
    guard(FROM, "virInterfaceGetName", |call| {
        let i = call.interface(iface)?;
        i.lend_str("name", || Ok(Some(i.id.name.clone())))
    })
}

/// Get the MAC for an interface as string.
#[no_mangle]
pub extern "C" fn virInterfaceGetMACString(iface: virInterfacePtr) -> *const c_char {
    guard(FROM, "virInterfaceGetMACString", |call| {
        let i = call.interface(iface)?;
        i.lend_str("mac", || Ok(Some(i.id.mac.clone())))
    })
}

/// VIR_INTERFACE_XML_INACTIVE - return the static configuration, suitable for use redefining the
/// interface via virInterfaceDefineXML().
#[no_mangle]
pub extern "C" fn virInterfaceGetXMLDesc(iface: virInterfacePtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virInterfaceGetXMLDesc", |call| {
        let i = call.interface(iface)?;
        Ok(c_strdup(&i.conn.driver.interface_get_xml_desc(&i.id, flags)?))
    })
}

/// Define an inactive persistent physical host interface or modify an existing persistent one from
/// the XML description.
#[no_mangle]
pub extern "C" fn virInterfaceDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceDefineXML", |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        let xml = call.str_arg(xmlDesc, "xml")?;
        Ok(new_handle(conn, &c, c.driver.interface_define_xml(xml, flags)?))
    })
}

/// Undefine an interface, ie remove it from the config.
#[no_mangle]
pub extern "C" fn virInterfaceUndefine(iface: virInterfacePtr) -> c_int {
    change_iface("virInterfaceUndefine", iface, |_, i| i.conn.driver.interface_undefine(&i.id))
}

/// Activate an interface (i.e.
#[no_mangle]
pub extern "C" fn virInterfaceCreate(iface: virInterfacePtr, flags: c_uint) -> c_int {
    change_iface("virInterfaceCreate", iface, |_, i| i.conn.driver.interface_create(&i.id, flags))
}

/// deactivate an interface (ie call "ifdown") This does not remove the interface from the config,
/// and does not free the associated virInterfacePtr object.
#[no_mangle]
pub extern "C" fn virInterfaceDestroy(iface: virInterfacePtr, flags: c_uint) -> c_int {
    change_iface("virInterfaceDestroy", iface, |_, i| i.conn.driver.interface_destroy(&i.id, flags))
}

/// Increment the reference count on the interface. Takes one more reference on the handle; release
/// it with `virInterfaceFree`.
#[no_mangle]
pub extern "C" fn virInterfaceRef(iface: virInterfacePtr) -> c_int {
    guard(FROM, "virInterfaceRef", |call| {
        call.interface(iface)?;
        handles::add_ref(&handles::INTERFACES, iface as usize);
        Ok(0)
    })
}

/// Free the interface object. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virInterfaceFree(iface: virInterfacePtr) -> c_int {
    guard(FROM, "virInterfaceFree", |call| {
        call.interface(iface)?;
        handles::release(&handles::INTERFACES, iface as usize);
        Ok(0)
    })
}

/// This function creates a restore point to which one can return later by calling
/// virInterfaceChangeRollback().
#[no_mangle]
pub extern "C" fn virInterfaceChangeBegin(conn: virConnectPtr, flags: c_uint) -> c_int {
    change_conn("virInterfaceChangeBegin", conn, |c| c.driver.interface_change_begin(flags))
}

/// This commits the changes made to interfaces and frees the restore point created by
/// virInterfaceChangeBegin().
#[no_mangle]
pub extern "C" fn virInterfaceChangeCommit(conn: virConnectPtr, flags: c_uint) -> c_int {
    change_conn("virInterfaceChangeCommit", conn, |c| c.driver.interface_change_commit(flags))
}

/// This cancels changes made to interfaces settings by restoring previous state created by
/// virInterfaceChangeBegin().
#[no_mangle]
pub extern "C" fn virInterfaceChangeRollback(conn: virConnectPtr, flags: c_uint) -> c_int {
    change_conn("virInterfaceChangeRollback", conn, |c| c.driver.interface_change_rollback(flags))
}

/// Determine if the interface is currently running.
#[no_mangle]
pub extern "C" fn virInterfaceIsActive(iface: virInterfacePtr) -> c_int {
    guard(FROM, "virInterfaceIsActive", |call| {
        let i = call.interface(iface)?;
        Ok(i.conn.driver.interface_is_active(&i.id)? as c_int)
    })
}
