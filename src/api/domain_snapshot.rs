//! libvirt-domain-snapshot.h: domain snapshots. Handle checks, reference counting and
//! `GetConnect`/`GetDomain` are real; every operation reports VIR_ERR_NO_SUPPORT until a driver
//! serves snapshots.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uint};

use super::checks::flag;
use super::guard;
use super::handles;
use crate::abi::domain_snapshot::{
    virDomainSnapshotCreateFlags, virDomainSnapshotDeleteFlags, virDomainSnapshotRevertFlags,
    virDomainSnapshotXMLFlags,
};
use crate::abi::{virConnectPtr, virDomainPtr, virDomainSnapshotPtr};
use crate::api::{c_array, c_strdup};
use crate::datatypes::{self, DOMAINS};
use crate::driver::{DomainId, SnapshotId};
use crate::error::{Domain, Result};
use std::collections::HashMap;
use std::ffi::CString;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;

const FROM: Domain = Domain::VIR_FROM_DOMAIN_SNAPSHOT;

/// Get the public name for that snapshot. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetName(snapshot: virDomainSnapshotPtr) -> *const c_char {
    guard(FROM, "virDomainSnapshotGetName", |call| {
        call.snapshot(snapshot)?;
        Ok(name_ptr(snapshot as usize))
    })
}

/// Provides the domain pointer associated with a snapshot. The object does not gain a reference.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetDomain(snapshot: virDomainSnapshotPtr) -> virDomainPtr {
    guard(FROM, "virDomainSnapshotGetDomain", |call| {
        let obj = call.snapshot(snapshot)?;
        Ok(obj.parent as virDomainPtr)
    })
}

/// Provides the connection pointer associated with a snapshot. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetConnect(snapshot: virDomainSnapshotPtr) -> virConnectPtr {
    guard(FROM, "virDomainSnapshotGetConnect", |call| {
        let obj = call.snapshot(snapshot)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Creates a new snapshot of a domain based on the snapshot xml contained in xmlDesc, with a
/// top-level element `<domainsnapshot>`. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotCreateXML(
    domainp: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotCreateXML", |call| {
        let domain = call.domain(domainp)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA),
        )?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_HALT),
        )?;
        call.required_flag(
            flags,
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT),
            flag!(virDomainSnapshotCreateFlags::VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE),
        )?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        let id = domain.conn.driver.domain_snapshot_create_xml(&domain.ident(), xml, flags)?;
        Ok(new_snapshot_handle(&domain, domainp, id))
    })
}

/// Provide an XML description of the domain snapshot, with a top-level element of
/// `<domainsnapshot>`. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetXMLDesc(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainSnapshotGetXMLDesc", |call| {
        let snapshot = call.snapshot(snapshot)?;
        call.no_secure_flag_when_read_only(
            snapshot.conn.read_only,
            flags,
            virDomainSnapshotXMLFlags::VIR_DOMAIN_SNAPSHOT_XML_SECURE as c_uint,
        )?;
        let xml = snapshot.conn.driver.domain_snapshot_get_xml_desc(&snap_ident(&snapshot), flags)?;
        Ok(c_strdup(&xml))
    })
}

/// Provides the number of domain snapshots for this domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotNum(domainp: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainSnapshotNum", |call| {
        let _domain = call.domain(domainp)?;
        _domain.conn.driver.domain_snapshot_num(&_domain.ident(), flags)
    })
}

/// Collect the list of domain snapshots for the given domain, and store their names in names. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotListNames(
    domainp: virDomainPtr,
    names_ptr: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotListNames", |call| {
        let _domain = call.domain(domainp)?;
        call.non_negative(nameslen as i64, "nameslen")?;
        call.non_null_array(names_ptr, nameslen as i64, "names")?;
        let names = _domain.conn.driver.domain_snapshot_list_names(&_domain.ident(), nameslen, flags)?;
        Ok(store_names(&names, names_out(names_ptr), nameslen))
    })
}

/// Collect the list of domain snapshots for the given domain and allocate an array to store those
/// objects. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainListAllSnapshots(
    domainp: virDomainPtr,
    snaps: *mut *mut virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainListAllSnapshots", |call| {
        let _domain = call.domain(domainp)?;
        let all = _domain.conn.driver.domain_list_all_snapshots(&_domain.ident(), flags)?;
        hand_out(&_domain, domainp, all, snaps)
    })
}

/// Provides the number of child snapshots for this domain snapshot. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotNumChildren(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotNumChildren", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        _snapshot.conn.driver.domain_snapshot_num_children(&snap_ident(&_snapshot), flags)
    })
}

/// Collect the list of domain snapshots that are children of the given snapshot, and store their
/// names in names. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotListChildrenNames(
    snapshot: virDomainSnapshotPtr,
    names_ptr: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotListChildrenNames", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        call.non_negative(nameslen as i64, "nameslen")?;
        call.non_null_array(names_ptr, nameslen as i64, "names")?;
        let names = _snapshot.conn.driver.domain_snapshot_list_children_names(&snap_ident(&_snapshot), nameslen, flags)?;
        Ok(store_names(&names, names_out(names_ptr), nameslen))
    })
}

/// Collect the list of domain snapshots that are children of the given snapshot, and allocate an
/// array to store those objects. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotListAllChildren(
    snapshot: virDomainSnapshotPtr,
    snaps: *mut *mut virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotListAllChildren", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        let dom = parent_domain(&_snapshot)?;
        let all = _snapshot.conn.driver.domain_snapshot_list_all_children(&snap_ident(&_snapshot), flags)?;
        hand_out(&dom, _snapshot.parent as virDomainPtr, all, snaps)
    })
}

/// Try to lookup a domain snapshot based on its name. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotLookupByName(
    domainp: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotLookupByName", |call| {
        let _domain = call.domain(domainp)?;
        call.non_null(name, "name")?;
        let name = call.str_arg(name, "name")?;
        let id = _domain.conn.driver.domain_snapshot_lookup_by_name(&_domain.ident(), name, flags)?;
        Ok(new_snapshot_handle(&_domain, domainp, id))
    })
}

/// Determine if the domain has a current snapshot. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainHasCurrentSnapshot(domainp: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainHasCurrentSnapshot", |call| {
        let _domain = call.domain(domainp)?;
        Ok(_domain.conn.driver.domain_has_current_snapshot(&_domain.ident(), flags)? as c_int)
    })
}

/// Get the current snapshot for a domain, if any. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotCurrent(
    domainp: virDomainPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotCurrent", |call| {
        let _domain = call.domain(domainp)?;
        let id = _domain.conn.driver.domain_snapshot_current(&_domain.ident(), flags)?;
        Ok(new_snapshot_handle(&_domain, domainp, id))
    })
}

/// Get the parent snapshot for snapshot, if any. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetParent(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotGetParent", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        let dom = parent_domain(&_snapshot)?;
        let id = _snapshot.conn.driver.domain_snapshot_get_parent(&snap_ident(&_snapshot), flags)?;
        Ok(new_snapshot_handle(&dom, _snapshot.parent as virDomainPtr, id))
    })
}

/// Determine if the given snapshot is the domain's current snapshot. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotIsCurrent(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotIsCurrent", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        Ok(_snapshot.conn.driver.domain_snapshot_is_current(&snap_ident(&_snapshot), flags)? as c_int)
    })
}

/// Determine if the given snapshot is associated with libvirt metadata that would prevent the
/// deletion of the domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotHasMetadata(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotHasMetadata", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        Ok(_snapshot.conn.driver.domain_snapshot_has_metadata(&snap_ident(&_snapshot), flags)? as c_int)
    })
}

/// Revert the domain to a given snapshot. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainRevertToSnapshot(
    snapshot: virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainRevertToSnapshot", |call| {
        let snapshot = call.snapshot(snapshot)?;
        call.writable(&snapshot.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSnapshotRevertFlags::VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING),
            flag!(virDomainSnapshotRevertFlags::VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED),
        )?;
        snapshot.conn.driver.domain_revert_to_snapshot(&snap_ident(&snapshot), flags)?;
        Ok(0)
    })
}

/// Delete the snapshot. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotDelete(snapshot: virDomainSnapshotPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainSnapshotDelete", |call| {
        let snapshot = call.snapshot(snapshot)?;
        call.writable(&snapshot.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSnapshotDeleteFlags::VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN),
            flag!(virDomainSnapshotDeleteFlags::VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY),
        )?;
        snapshot.conn.driver.domain_snapshot_delete(&snap_ident(&snapshot), flags)?;
        Ok(0)
    })
}

/// Increment the reference count on the snapshot. Takes one more reference on the handle; release
/// it with `virDomainSnapshotFree`.
#[no_mangle]
pub extern "C" fn virDomainSnapshotRef(snapshot: virDomainSnapshotPtr) -> c_int {
    guard(FROM, "virDomainSnapshotRef", |call| {
        call.snapshot(snapshot)?;
        handles::add_ref(&handles::SNAPSHOTS, snapshot as usize);
        Ok(0)
    })
}

/// Free the domain snapshot object. Drops one reference on the handle; the object goes with the
/// last one.
#[no_mangle]
pub extern "C" fn virDomainSnapshotFree(snapshot: virDomainSnapshotPtr) -> c_int {
    guard(FROM, "virDomainSnapshotFree", |call| {
        call.snapshot(snapshot)?;
        release(snapshot as usize);
        Ok(0)
    })
}

/// Each live snapshot handle's name as C reads it from `virDomainSnapshotGetName`.
static NAMES: LazyLock<Mutex<HashMap<usize, CString>>> = LazyLock::new(Default::default);

fn name_ptr(handle: usize) -> *const c_char {
    NAMES.lock().get(&handle).map_or(std::ptr::null(), |n| n.as_ptr())
}

/// A new snapshot handle of `dom` (whose handle is `domp`): it holds a reference on its
/// domain's handle, as libvirt's snapshot objects do.
fn new_snapshot_handle(dom: &Arc<datatypes::Domain>, domp: virDomainPtr, id: SnapshotId) -> virDomainSnapshotPtr {
    DOMAINS.add_ref(domp as usize);
    let name = crate::error::c_string(&id.name);
    let h = handles::new_object(&handles::SNAPSHOTS, &dom.conn, dom.conn_handle, domp as usize, id);
    NAMES.lock().insert(h, name);
    h as virDomainSnapshotPtr
}

/// Drops a reference on a snapshot handle; the last one releases its domain and name.
fn release(handle: usize) {
    if let Some((_, Some(obj))) = handles::SNAPSHOTS.unref(handle) {
        NAMES.lock().remove(&handle);
        datatypes::unref_connect(obj.conn_handle);
        datatypes::unref_domain(obj.parent);
    }
}

fn parent_domain(obj: &handles::Object<SnapshotId>) -> Result<Arc<datatypes::Domain>> {
    DOMAINS.get(obj.parent).ok_or_else(|| {
        crate::error::Error::new(FROM, crate::error::Code::VIR_ERR_INVALID_DOMAIN_SNAPSHOT, "virDomainSnapshotGetDomain")
    })
}

/// How drivers name the snapshot now (its domain with its current id).
fn snap_ident(obj: &handles::Object<SnapshotId>) -> SnapshotId {
    let dom: DomainId = DOMAINS.get(obj.parent).map_or_else(|| obj.id.dom.clone(), |d| d.ident());
    SnapshotId { name: obj.id.name.clone(), dom }
}

fn names_out(p: *mut *mut c_char) -> *mut *mut c_char {
    p
}

/// Copies up to `max` names into the caller's array; returns how many.
fn store_names(names: &[String], out: *mut *mut c_char, max: c_int) -> c_int {
    let n = names.len().min(max.max(0) as usize);
    for (i, name) in names.iter().take(n).enumerate() {
        // SAFETY: the caller provides room for `max` pointers (checked non-NULL when
        // `max > 0`); `i < n <= max`.
        unsafe { *out.add(i) = c_strdup(name) };
    }
    n as c_int
}

/// Hands snapshots to C as a NULL-terminated array (when `out` is not NULL); returns the count.
fn hand_out(
    dom: &Arc<datatypes::Domain>,
    domp: virDomainPtr,
    all: Vec<SnapshotId>,
    out: *mut *mut virDomainSnapshotPtr,
) -> Result<c_int> {
    let count = all.len() as c_int;
    if !out.is_null() {
        let mut hs: Vec<virDomainSnapshotPtr> = all.into_iter().map(|id| new_snapshot_handle(dom, domp, id)).collect();
        hs.push(std::ptr::null_mut());
        let array = c_array(&hs)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *out = array };
    }
    Ok(count)
}
