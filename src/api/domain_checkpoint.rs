//! libvirt-domain-checkpoint.h: domain checkpoints. Handle checks, reference counting and
//! `GetConnect`/`GetDomain` are real; every operation reports VIR_ERR_NO_SUPPORT until a driver
//! serves checkpoints.
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
use crate::abi::domain_checkpoint::{
    virDomainCheckpointCreateFlags, virDomainCheckpointDeleteFlags, virDomainCheckpointXMLFlags,
};
use crate::abi::{virConnectPtr, virDomainCheckpointPtr, virDomainPtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_DOMAIN_CHECKPOINT;

/// Get the public name for that checkpoint. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetName(checkpoint: virDomainCheckpointPtr) -> *const c_char {
    guard(FROM, "virDomainCheckpointGetName", |call| {
        let _checkpoint = call.checkpoint(checkpoint)?;
        call.unsupported()
    })
}

/// Provides the domain pointer associated with a checkpoint. The object does not gain a reference.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetDomain(checkpoint: virDomainCheckpointPtr) -> virDomainPtr {
    guard(FROM, "virDomainCheckpointGetDomain", |call| {
        let obj = call.checkpoint(checkpoint)?;
        Ok(obj.parent as virDomainPtr)
    })
}

/// Provides the connection pointer associated with a checkpoint. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetConnect(
    checkpoint: virDomainCheckpointPtr,
) -> virConnectPtr {
    guard(FROM, "virDomainCheckpointGetConnect", |call| {
        let obj = call.checkpoint(checkpoint)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Create a new checkpoint using xmlDesc, with a top-level `<domaincheckpoint>` element, on a
/// running domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointCreateXML(
    domain: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointCreateXML", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainCheckpointCreateFlags::VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE),
            flag!(virDomainCheckpointCreateFlags::VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE),
        )?;
        call.required_flag(
            flags,
            flag!(virDomainCheckpointCreateFlags::VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE),
            flag!(virDomainCheckpointCreateFlags::VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE),
        )?;
        call.unsupported()
    })
}

/// Provide an XML description of the domain checkpoint. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetXMLDesc(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainCheckpointGetXMLDesc", |call| {
        let checkpoint = call.checkpoint(checkpoint)?;
        call.no_secure_flag_when_read_only(
            checkpoint.conn.read_only,
            flags,
            virDomainCheckpointXMLFlags::VIR_DOMAIN_CHECKPOINT_XML_SECURE as c_uint,
        )?;
        call.unsupported()
    })
}

/// Collect the list of domain checkpoints for the given domain and allocate an array to store those
/// objects. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainListAllCheckpoints(
    domain: virDomainPtr,
    checkpoints: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainListAllCheckpoints", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
    })
}

/// Collect the list of domain checkpoints that are children of the given checkpoint, and allocate
/// an array to store those objects. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointListAllChildren(
    checkpoint: virDomainCheckpointPtr,
    children: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCheckpointListAllChildren", |call| {
        let _checkpoint = call.checkpoint(checkpoint)?;
        call.unsupported()
    })
}

/// Try to lookup a domain checkpoint based on its name. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointLookupByName(
    domain: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointLookupByName", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Get the parent checkpoint for checkpoint, if any. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetParent(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointGetParent", |call| {
        let _checkpoint = call.checkpoint(checkpoint)?;
        call.unsupported()
    })
}

/// Removes a checkpoint from the domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCheckpointDelete(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCheckpointDelete", |call| {
        let checkpoint = call.checkpoint(checkpoint)?;
        call.writable(&checkpoint.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainCheckpointDeleteFlags::VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN),
            flag!(virDomainCheckpointDeleteFlags::VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY),
        )?;
        call.unsupported()
    })
}

/// Increment the reference count on the checkpoint. Takes one more reference on the handle; release
/// it with `virDomainCheckpointFree`.
#[no_mangle]
pub extern "C" fn virDomainCheckpointRef(checkpoint: virDomainCheckpointPtr) -> c_int {
    guard(FROM, "virDomainCheckpointRef", |call| {
        call.checkpoint(checkpoint)?;
        handles::add_ref(&handles::CHECKPOINTS, checkpoint as usize);
        Ok(0)
    })
}

/// Free the domain checkpoint object. Drops one reference on the handle; the object goes with the
/// last one.
#[no_mangle]
pub extern "C" fn virDomainCheckpointFree(checkpoint: virDomainCheckpointPtr) -> c_int {
    guard(FROM, "virDomainCheckpointFree", |call| {
        call.checkpoint(checkpoint)?;
        handles::release(&handles::CHECKPOINTS, checkpoint as usize);
        Ok(0)
    })
}
