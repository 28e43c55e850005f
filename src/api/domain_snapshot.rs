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
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_DOMAIN_SNAPSHOT;

/// Get the public name for that snapshot. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotGetName(snapshot: virDomainSnapshotPtr) -> *const c_char {
    guard(FROM, "virDomainSnapshotGetName", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        call.unsupported()
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
    domain: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotCreateXML", |call| {
        let domain = call.domain(domain)?;
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
        call.unsupported()
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
        call.unsupported()
    })
}

/// Provides the number of domain snapshots for this domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotNum(domain: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainSnapshotNum", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
    })
}

/// Collect the list of domain snapshots for the given domain, and store their names in names. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotListNames(
    domain: virDomainPtr,
    names: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotListNames", |call| {
        let _domain = call.domain(domain)?;
        call.non_negative(nameslen as i64, "nameslen")?;
        call.non_null_array(names, nameslen as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of domain snapshots for the given domain and allocate an array to store those
/// objects. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainListAllSnapshots(
    domain: virDomainPtr,
    snaps: *mut *mut virDomainSnapshotPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainListAllSnapshots", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
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
        call.unsupported()
    })
}

/// Collect the list of domain snapshots that are children of the given snapshot, and store their
/// names in names. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotListChildrenNames(
    snapshot: virDomainSnapshotPtr,
    names: *mut *mut c_char,
    nameslen: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSnapshotListChildrenNames", |call| {
        let _snapshot = call.snapshot(snapshot)?;
        call.non_negative(nameslen as i64, "nameslen")?;
        call.non_null_array(names, nameslen as i64, "names")?;
        call.unsupported()
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
        call.unsupported()
    })
}

/// Try to lookup a domain snapshot based on its name. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotLookupByName(
    domain: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotLookupByName", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Determine if the domain has a current snapshot. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainHasCurrentSnapshot(domain: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainHasCurrentSnapshot", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
    })
}

/// Get the current snapshot for a domain, if any. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSnapshotCurrent(
    domain: virDomainPtr,
    flags: c_uint,
) -> virDomainSnapshotPtr {
    guard(FROM, "virDomainSnapshotCurrent", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
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
        call.unsupported()
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
        call.unsupported()
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
        call.unsupported()
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
        call.unsupported()
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
        call.unsupported()
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
        handles::release(&handles::SNAPSHOTS, snapshot as usize);
        Ok(0)
    })
}
