//! libvirt-interface.h: host network interfaces. Handle checks, reference counting and
//! `GetConnect` are real; every operation reports VIR_ERR_NO_SUPPORT until a driver serves
//! interfaces.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uint};

use super::guard;
use super::handles;
use crate::abi::{virConnectPtr, virInterfacePtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_INTERFACE;

/// Provides the connection pointer associated with an interface. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virInterfaceGetConnect(iface: virInterfacePtr) -> virConnectPtr {
    guard(FROM, "virInterfaceGetConnect", |call| {
        let obj = call.interface(iface)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Provides the number of active interfaces on the physical host. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfInterfaces(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfInterfaces", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Collect the list of active physical host interfaces, and store their names in names. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListInterfaces", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Provides the number of defined (inactive) interfaces on the physical host. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedInterfaces(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedInterfaces", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Collect the list of defined (inactive) physical host interfaces, and store their names in names.
/// Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListDefinedInterfaces(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedInterfaces", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of interfaces, and allocate an array to store those objects. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllInterfaces(
    conn: virConnectPtr,
    ifaces: *mut *mut virInterfacePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllInterfaces", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Try to lookup an interface on the given hypervisor based on its name. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceLookupByName", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Try to lookup an interface on the given hypervisor based on its MAC. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceLookupByMACString(
    conn: virConnectPtr,
    mac: *const c_char,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceLookupByMACString", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(mac, "macstr")?;
        call.unsupported()
    })
}

/// Get the public name for that interface. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceGetName(iface: virInterfacePtr) -> *const c_char {
    guard(FROM, "virInterfaceGetName", |call| {
        let _iface = call.interface(iface)?;
        call.unsupported()
    })
}

/// Get the MAC for an interface as string. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceGetMACString(iface: virInterfacePtr) -> *const c_char {
    guard(FROM, "virInterfaceGetMACString", |call| {
        let _iface = call.interface(iface)?;
        call.unsupported()
    })
}

/// VIR_INTERFACE_XML_INACTIVE - return the static configuration, suitable for use redefining the
/// interface via virInterfaceDefineXML(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceGetXMLDesc(iface: virInterfacePtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virInterfaceGetXMLDesc", |call| {
        let _iface = call.interface(iface)?;
        call.unsupported()
    })
}

/// Define an inactive persistent physical host interface or modify an existing persistent one from
/// the XML description. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virInterfacePtr {
    guard(FROM, "virInterfaceDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xml")?;
        call.unsupported()
    })
}

/// Undefine an interface, ie remove it from the config. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceUndefine(iface: virInterfacePtr) -> c_int {
    guard(FROM, "virInterfaceUndefine", |call| {
        let iface = call.interface(iface)?;
        call.writable(&iface.conn)?;
        call.unsupported()
    })
}

/// Activate an interface (i.e. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceCreate(iface: virInterfacePtr, flags: c_uint) -> c_int {
    guard(FROM, "virInterfaceCreate", |call| {
        let iface = call.interface(iface)?;
        call.writable(&iface.conn)?;
        call.unsupported()
    })
}

/// deactivate an interface (ie call "ifdown") This does not remove the interface from the config,
/// and does not free the associated virInterfacePtr object. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceDestroy(iface: virInterfacePtr, flags: c_uint) -> c_int {
    guard(FROM, "virInterfaceDestroy", |call| {
        let iface = call.interface(iface)?;
        call.writable(&iface.conn)?;
        call.unsupported()
    })
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
/// virInterfaceChangeRollback(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceChangeBegin(conn: virConnectPtr, flags: c_uint) -> c_int {
    guard(FROM, "virInterfaceChangeBegin", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// This commits the changes made to interfaces and frees the restore point created by
/// virInterfaceChangeBegin(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceChangeCommit(conn: virConnectPtr, flags: c_uint) -> c_int {
    guard(FROM, "virInterfaceChangeCommit", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// This cancels changes made to interfaces settings by restoring previous state created by
/// virInterfaceChangeBegin(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceChangeRollback(conn: virConnectPtr, flags: c_uint) -> c_int {
    guard(FROM, "virInterfaceChangeRollback", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Determine if the interface is currently running. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virInterfaceIsActive(iface: virInterfacePtr) -> c_int {
    guard(FROM, "virInterfaceIsActive", |call| {
        let _iface = call.interface(iface)?;
        call.unsupported()
    })
}
