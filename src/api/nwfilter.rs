//! libvirt-nwfilter.h: network filters and their bindings. Handle checks and reference counting
//! are real; every operation reports VIR_ERR_NO_SUPPORT until a driver serves filters.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uchar, c_uint};

use super::guard;
use super::handles;
use crate::abi::{virConnectPtr, virNWFilterBindingPtr, virNWFilterPtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_NWFILTER;

/// Provides the number of nwfilters. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfNWFilters(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfNWFilters", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Collect the list of network filters, and store their names in names. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListNWFilters(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListNWFilters", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of network filters, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllNWFilters(
    conn: virConnectPtr,
    filters: *mut *mut virNWFilterPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNWFilters", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Try to lookup a network filter on the given hypervisor based on its name. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByName", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Try to lookup a network filter on the given hypervisor based on its UUID. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByUUID", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Try to lookup an nwfilter on the given hypervisor based on its UUID. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByUUIDString", |call| {
        let _conn = call.conn(conn)?;
        let _uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        call.unsupported_as("virNWFilterLookupByUUID")
    })
}

/// Define a new network filter, based on an XML description similar to the one returned by
/// virNWFilterGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Define a new network filter, based on an XML description similar to the one returned by
/// virNWFilterGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterDefineXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterDefineXMLFlags", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Undefine the nwfilter object. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterUndefine(nwfilter: virNWFilterPtr) -> c_int {
    guard(FROM, "virNWFilterUndefine", |call| {
        let nwfilter = call.nwfilter(nwfilter)?;
        call.writable(&nwfilter.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the nwfilter. Takes one more reference on the handle; release
/// it with `virNWFilterFree`.
#[no_mangle]
pub extern "C" fn virNWFilterRef(nwfilter: virNWFilterPtr) -> c_int {
    guard(FROM, "virNWFilterRef", |call| {
        call.nwfilter(nwfilter)?;
        handles::add_ref(&handles::NWFILTERS, nwfilter as usize);
        Ok(0)
    })
}

/// Free the nwfilter object. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virNWFilterFree(nwfilter: virNWFilterPtr) -> c_int {
    guard(FROM, "virNWFilterFree", |call| {
        call.nwfilter(nwfilter)?;
        handles::release(&handles::NWFILTERS, nwfilter as usize);
        Ok(0)
    })
}

/// Get the public name for the network filter. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterGetName(nwfilter: virNWFilterPtr) -> *const c_char {
    guard(FROM, "virNWFilterGetName", |call| {
        let _nwfilter = call.nwfilter(nwfilter)?;
        call.unsupported()
    })
}

/// Get the UUID for a network filter. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterGetUUID(nwfilter: virNWFilterPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNWFilterGetUUID", |call| {
        let _nwfilter = call.nwfilter(nwfilter)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Get the UUID for a network filter as string. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterGetUUIDString(nwfilter: virNWFilterPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNWFilterGetUUIDString", |call| {
        let _nwfilter = call.nwfilter(nwfilter)?;
        call.non_null(buf, "buf")?;
        call.unsupported()
    })
}

/// Provide an XML description of the network filter. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterGetXMLDesc(nwfilter: virNWFilterPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNWFilterGetXMLDesc", |call| {
        let _nwfilter = call.nwfilter(nwfilter)?;
        call.unsupported()
    })
}

/// Try to lookup a network filter binding on the given hypervisor based on network port device
/// name. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingLookupByPortDev(
    conn: virConnectPtr,
    portdev: *const c_char,
) -> virNWFilterBindingPtr {
    guard(FROM, "virNWFilterBindingLookupByPortDev", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(portdev, "portdev")?;
        call.unsupported()
    })
}

/// Get the port dev name for the network filter binding. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetPortDev(binding: virNWFilterBindingPtr) -> *const c_char {
    guard(FROM, "virNWFilterBindingGetPortDev", |call| {
        let _binding = call.nwfilter_binding(binding)?;
        call.unsupported()
    })
}

/// Get the filter name for the network filter binding. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetFilterName(binding: virNWFilterBindingPtr) -> *const c_char {
    guard(FROM, "virNWFilterBindingGetFilterName", |call| {
        let _binding = call.nwfilter_binding(binding)?;
        call.unsupported()
    })
}

/// Collect the list of network filters, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllNWFilterBindings(
    conn: virConnectPtr,
    bindings: *mut *mut virNWFilterBindingPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNWFilterBindings", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Define a new network filter, based on an XML description similar to the one returned by
/// virNWFilterGetXMLDesc(). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingCreateXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virNWFilterBindingPtr {
    guard(FROM, "virNWFilterBindingCreateXML", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xml, "xml")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Provide an XML description of the network filter. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetXMLDesc(
    binding: virNWFilterBindingPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virNWFilterBindingGetXMLDesc", |call| {
        let _binding = call.nwfilter_binding(binding)?;
        call.unsupported()
    })
}

/// Delete the binding object. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNWFilterBindingDelete(binding: virNWFilterBindingPtr) -> c_int {
    guard(FROM, "virNWFilterBindingDelete", |call| {
        let binding = call.nwfilter_binding(binding)?;
        call.writable(&binding.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the binding. Takes one more reference on the handle; release it
/// with `virNWFilterBindingFree`.
#[no_mangle]
pub extern "C" fn virNWFilterBindingRef(binding: virNWFilterBindingPtr) -> c_int {
    guard(FROM, "virNWFilterBindingRef", |call| {
        call.nwfilter_binding(binding)?;
        handles::add_ref(&handles::NWFILTER_BINDINGS, binding as usize);
        Ok(0)
    })
}

/// Free the binding object. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virNWFilterBindingFree(binding: virNWFilterBindingPtr) -> c_int {
    guard(FROM, "virNWFilterBindingFree", |call| {
        call.nwfilter_binding(binding)?;
        handles::release(&handles::NWFILTER_BINDINGS, binding as usize);
        Ok(0)
    })
}
