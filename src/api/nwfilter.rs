//! libvirt-nwfilter.h: network filters and their bindings. Each export checks its handle,
//! the connection's read-only state and its arguments in the order libvirt's public API
//! does, with the same errors, then calls its driver slot (no driver of ours serves
//! filters yet: libvirt's test driver does not either). Names, UUIDs and a binding's
//! port and filter names are read from the handle, as libvirt does.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uchar, c_uint};

use super::handles;
use super::network::{fill_names, write_uuid_string};
use super::{c_array, c_strdup, guard};
use crate::abi::{virConnectPtr, virNWFilterBindingPtr, virNWFilterPtr};
use crate::datatypes::Connect;
use crate::driver::{NwFilterBindingId, NwFilterId};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_NWFILTER;
const UUID_BUFLEN: usize = 16;

/// Hands the filter `id` of connection `conn` (handle `conn_ptr`) to C.
fn new_filter(conn: &Arc<Connect>, conn_ptr: virConnectPtr, id: NwFilterId) -> virNWFilterPtr {
    handles::new_object(&handles::NWFILTERS, conn, conn_ptr as usize, 0, id) as virNWFilterPtr
}

fn new_binding(conn: &Arc<Connect>, conn_ptr: virConnectPtr, id: NwFilterBindingId) -> virNWFilterBindingPtr {
    handles::new_object(&handles::NWFILTER_BINDINGS, conn, conn_ptr as usize, 0, id) as virNWFilterBindingPtr
}

/// Provides the number of nwfilters.
#[no_mangle]
pub extern "C" fn virConnectNumOfNWFilters(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfNWFilters", |call| call.conn(conn)?.driver.connect_num_of_nwfilters())
}

/// Collect the list of network filters, and store their names in names; each string is
/// the caller's, freed with `free()`. Returns how many were stored, or -1.
#[no_mangle]
pub extern "C" fn virConnectListNWFilters(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListNWFilters", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        fill_names(names, maxnames, c.driver.connect_list_nwfilters()?)
    })
}

/// Collect the list of network filters, and allocate an array to store those objects. The
/// array (NULL-terminated) and each handle are the caller's: free the handles with
/// `virNWFilterFree` and the array with `free()`. Returns the number of filters, or -1.
#[no_mangle]
pub extern "C" fn virConnectListAllNWFilters(
    conn: virConnectPtr,
    filters: *mut *mut virNWFilterPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNWFilters", |call| {
        let c = call.conn(conn)?;
        let all = c.driver.connect_list_all_nwfilters(flags)?;
        let count = all.len() as c_int;
        if !filters.is_null() {
            let mut list: Vec<virNWFilterPtr> = all.into_iter().map(|id| new_filter(&c, conn, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *filters = array };
        }
        Ok(count)
    })
}

/// Try to lookup a network filter on the given hypervisor based on its name. The handle is
/// the caller's, released with `virNWFilterFree`.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByName", |call| {
        let c = call.conn(conn)?;
        let name = call.str_arg(name, "name")?;
        Ok(new_filter(&c, conn, c.driver.nwfilter_lookup_by_name(name)?))
    })
}

/// Try to lookup a network filter on the given hypervisor based on its UUID. The handle is
/// the caller's.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByUUID", |call| {
        let c = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        unsafe { std::ptr::copy_nonoverlapping(uuid, raw.as_mut_ptr(), UUID_BUFLEN) };
        Ok(new_filter(&c, conn, c.driver.nwfilter_lookup_by_uuid(&raw)?))
    })
}

/// Try to lookup a network filter on the given hypervisor based on its UUID. The handle is
/// the caller's.
#[no_mangle]
pub extern "C" fn virNWFilterLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterLookupByUUIDString", |call| {
        let c = call.conn(conn)?;
        let uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        Ok(new_filter(&c, conn, c.driver.nwfilter_lookup_by_uuid(uuid.as_bytes())?))
    })
}

/// Define a new network filter, based on an XML description similar to the one returned by
/// virNWFilterGetXMLDesc(). The handle is the caller's.
#[no_mangle]
pub extern "C" fn virNWFilterDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterDefineXML", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(&c)?;
        Ok(new_filter(&c, conn, c.driver.nwfilter_define_xml(xml)?))
    })
}

/// Define a new network filter, based on an XML description similar to the one returned by
/// virNWFilterGetXMLDesc(). The handle is the caller's.
#[no_mangle]
pub extern "C" fn virNWFilterDefineXMLFlags(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNWFilterPtr {
    guard(FROM, "virNWFilterDefineXMLFlags", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(&c)?;
        Ok(new_filter(&c, conn, c.driver.nwfilter_define_xml_flags(xml, flags)?))
    })
}

/// Undefine the nwfilter object.
#[no_mangle]
pub extern "C" fn virNWFilterUndefine(nwfilter: virNWFilterPtr) -> c_int {
    guard(FROM, "virNWFilterUndefine", |call| {
        let f = call.nwfilter(nwfilter)?;
        call.writable(&f.conn)?;
        f.conn.driver.nwfilter_undefine(&f.id)?;
        Ok(0)
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

/// Get the public name for the network filter; the string belongs to the handle.
#[no_mangle]
pub extern "C" fn virNWFilterGetName(nwfilter: virNWFilterPtr) -> *const c_char {
    guard(FROM, "virNWFilterGetName", |call| Ok(call.nwfilter(nwfilter)?.c_name.as_ptr()))
}

/// Get the UUID for a network filter, into `uuid` (VIR_UUID_BUFLEN bytes).
#[no_mangle]
pub extern "C" fn virNWFilterGetUUID(nwfilter: virNWFilterPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virNWFilterGetUUID", |call| {
        let f = call.nwfilter(nwfilter)?;
        call.non_null(uuid, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(f.id.uuid.as_ptr(), uuid, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Get the UUID for a network filter as string, into `buf` (VIR_UUID_STRING_BUFLEN bytes).
#[no_mangle]
pub extern "C" fn virNWFilterGetUUIDString(nwfilter: virNWFilterPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virNWFilterGetUUIDString", |call| {
        let f = call.nwfilter(nwfilter)?;
        call.non_null(buf, "buf")?;
        write_uuid_string(buf, &f.id.uuid);
        Ok(0)
    })
}

/// Provide an XML description of the network filter; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virNWFilterGetXMLDesc(nwfilter: virNWFilterPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNWFilterGetXMLDesc", |call| {
        let f = call.nwfilter(nwfilter)?;
        Ok(c_strdup(&f.conn.driver.nwfilter_get_xml_desc(&f.id, flags)?))
    })
}

/// Try to lookup a network filter binding on the given hypervisor based on network port device
/// name. The handle is the caller's, released with `virNWFilterBindingFree`.
#[no_mangle]
pub extern "C" fn virNWFilterBindingLookupByPortDev(
    conn: virConnectPtr,
    portdev: *const c_char,
) -> virNWFilterBindingPtr {
    guard(FROM, "virNWFilterBindingLookupByPortDev", |call| {
        let c = call.conn(conn)?;
        let portdev = call.str_arg(portdev, "portdev")?;
        Ok(new_binding(&c, conn, c.driver.nwfilter_binding_lookup_by_port_dev(portdev)?))
    })
}

/// Get the port dev name for the network filter binding; the string belongs to the handle.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetPortDev(binding: virNWFilterBindingPtr) -> *const c_char {
    guard(FROM, "virNWFilterBindingGetPortDev", |call| {
        let b = call.nwfilter_binding(binding)?;
        b.lend_str("portdev", || Ok(Some(b.id.portdev.clone())))
    })
}

/// Get the filter name for the network filter binding; the string belongs to the handle.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetFilterName(binding: virNWFilterBindingPtr) -> *const c_char {
    guard(FROM, "virNWFilterBindingGetFilterName", |call| {
        let b = call.nwfilter_binding(binding)?;
        b.lend_str("filtername", || Ok(Some(b.id.filtername.clone())))
    })
}

/// Collect the list of network filter bindings, and allocate an array to store those objects.
/// The array (NULL-terminated) and each handle are the caller's. Returns the count, or -1.
#[no_mangle]
pub extern "C" fn virConnectListAllNWFilterBindings(
    conn: virConnectPtr,
    bindings: *mut *mut virNWFilterBindingPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNWFilterBindings", |call| {
        let c = call.conn(conn)?;
        let all = c.driver.connect_list_all_nwfilter_bindings(flags)?;
        let count = all.len() as c_int;
        if !bindings.is_null() {
            let mut list: Vec<virNWFilterBindingPtr> = all.into_iter().map(|id| new_binding(&c, conn, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *bindings = array };
        }
        Ok(count)
    })
}

/// Define a new network filter binding, based on an XML description similar to the one
/// returned by virNWFilterBindingGetXMLDesc(). The handle is the caller's.
#[no_mangle]
pub extern "C" fn virNWFilterBindingCreateXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virNWFilterBindingPtr {
    guard(FROM, "virNWFilterBindingCreateXML", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xml, "xml")?;
        call.writable(&c)?;
        Ok(new_binding(&c, conn, c.driver.nwfilter_binding_create_xml(xml, flags)?))
    })
}

/// Provide an XML description of the network filter binding; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virNWFilterBindingGetXMLDesc(
    binding: virNWFilterBindingPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virNWFilterBindingGetXMLDesc", |call| {
        let b = call.nwfilter_binding(binding)?;
        Ok(c_strdup(&b.conn.driver.nwfilter_binding_get_xml_desc(&b.id, flags)?))
    })
}

/// Delete the binding object.
#[no_mangle]
pub extern "C" fn virNWFilterBindingDelete(binding: virNWFilterBindingPtr) -> c_int {
    guard(FROM, "virNWFilterBindingDelete", |call| {
        let b = call.nwfilter_binding(binding)?;
        call.writable(&b.conn)?;
        b.conn.driver.nwfilter_binding_delete(&b.id)?;
        Ok(0)
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
