//! libvirt-domain-checkpoint.h: domain checkpoints. Each export checks its handle, the
//! connection's read-only state and its arguments in the order libvirt's public API does,
//! with the same errors, and then asks the connection's driver. A checkpoint handle holds
//! a reference on its domain's handle; its name, domain and connection are read from it.

#![allow(non_snake_case)]
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
use crate::api::{c_array, c_strdup};
use crate::datatypes::{self, DOMAINS};
use crate::driver::{CheckpointId, DomainId};
use crate::error::{Domain, Result};
use std::collections::HashMap;
use std::ffi::CString;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;

const FROM: Domain = Domain::VIR_FROM_DOMAIN_CHECKPOINT;

/// Get the public name for that checkpoint (owned by the handle).
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetName(checkpoint: virDomainCheckpointPtr) -> *const c_char {
    guard(FROM, "virDomainCheckpointGetName", |call| {
        call.checkpoint(checkpoint)?;
        Ok(name_ptr(checkpoint as usize))
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
/// running domain.
#[no_mangle]
pub extern "C" fn virDomainCheckpointCreateXML(
    domainp: virDomainPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointCreateXML", |call| {
        let domain = call.domain(domainp)?;
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
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        let id = domain.conn.driver.domain_checkpoint_create_xml(&domain.ident(), xml, flags)?;
        Ok(new_checkpoint_handle(&domain, domainp, id))
    })
}

/// Provide an XML description of the domain checkpoint.
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
        let xml = checkpoint.conn.driver.domain_checkpoint_get_xml_desc(&cp_ident(&checkpoint), flags)?;
        Ok(c_strdup(&xml))
    })
}

/// Collect the list of domain checkpoints for the given domain and allocate an array to store those
/// objects.
#[no_mangle]
pub extern "C" fn virDomainListAllCheckpoints(
    domainp: virDomainPtr,
    checkpoints: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainListAllCheckpoints", |call| {
        let domain = call.domain(domainp)?;
        let all = domain.conn.driver.domain_list_all_checkpoints(&domain.ident(), flags)?;
        hand_out(&domain, domainp, all, checkpoints)
    })
}

/// Collect the list of domain checkpoints that are children of the given checkpoint, and allocate
/// an array to store those objects.
#[no_mangle]
pub extern "C" fn virDomainCheckpointListAllChildren(
    checkpoint: virDomainCheckpointPtr,
    children: *mut *mut virDomainCheckpointPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCheckpointListAllChildren", |call| {
        let checkpoint = call.checkpoint(checkpoint)?;
        let dom = parent_domain(&checkpoint)?;
        let all = checkpoint.conn.driver.domain_checkpoint_list_all_children(&cp_ident(&checkpoint), flags)?;
        hand_out(&dom, checkpoint.parent as virDomainPtr, all, children)
    })
}

/// Try to lookup a domain checkpoint based on its name.
#[no_mangle]
pub extern "C" fn virDomainCheckpointLookupByName(
    domainp: virDomainPtr,
    name: *const c_char,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointLookupByName", |call| {
        let domain = call.domain(domainp)?;
        call.non_null(name, "name")?;
        let name = call.str_arg(name, "name")?;
        let id = domain.conn.driver.domain_checkpoint_lookup_by_name(&domain.ident(), name, flags)?;
        Ok(new_checkpoint_handle(&domain, domainp, id))
    })
}

/// Get the parent checkpoint for checkpoint, if any.
#[no_mangle]
pub extern "C" fn virDomainCheckpointGetParent(
    checkpoint: virDomainCheckpointPtr,
    flags: c_uint,
) -> virDomainCheckpointPtr {
    guard(FROM, "virDomainCheckpointGetParent", |call| {
        let checkpoint = call.checkpoint(checkpoint)?;
        let dom = parent_domain(&checkpoint)?;
        let id = checkpoint.conn.driver.domain_checkpoint_get_parent(&cp_ident(&checkpoint), flags)?;
        Ok(new_checkpoint_handle(&dom, checkpoint.parent as virDomainPtr, id))
    })
}

/// Removes a checkpoint from the domain.
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
        checkpoint.conn.driver.domain_checkpoint_delete(&cp_ident(&checkpoint), flags)?;
        Ok(0)
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
        release(checkpoint as usize);
        Ok(0)
    })
}

/// Each live handle's name, as C reads it from `virDomainCheckpointGetName`.
static NAMES: LazyLock<Mutex<HashMap<usize, CString>>> = LazyLock::new(Default::default);

fn name_ptr(handle: usize) -> *const c_char {
    NAMES.lock().get(&handle).map_or(std::ptr::null(), |n| n.as_ptr())
}

/// A new checkpoint handle of `dom` (whose handle is `domp`): it holds a reference on its
/// domain's handle, as libvirt's checkpoint objects do.
fn new_checkpoint_handle(dom: &Arc<datatypes::Domain>, domp: virDomainPtr, id: CheckpointId) -> virDomainCheckpointPtr {
    DOMAINS.add_ref(domp as usize);
    let name = crate::error::c_string(&id.name);
    let h = handles::new_object(&handles::CHECKPOINTS, &dom.conn, dom.conn_handle, domp as usize, id);
    NAMES.lock().insert(h, name);
    h as virDomainCheckpointPtr
}

/// Drops a reference on a checkpoint handle; the last one releases its domain and name.
fn release(handle: usize) {
    if let Some((_, Some(obj))) = handles::CHECKPOINTS.unref(handle) {
        NAMES.lock().remove(&handle);
        datatypes::unref_connect(obj.conn_handle);
        datatypes::unref_domain(obj.parent);
    }
}

fn parent_domain(obj: &handles::Object<CheckpointId>) -> Result<Arc<datatypes::Domain>> {
    DOMAINS.get(obj.parent).ok_or_else(|| {
        crate::error::Error::new(
            FROM,
            crate::error::Code::VIR_ERR_INVALID_DOMAIN_CHECKPOINT,
            "virDomainCheckpointGetDomain",
        )
    })
}

/// How drivers name the checkpoint now (its domain with its current id).
fn cp_ident(obj: &handles::Object<CheckpointId>) -> CheckpointId {
    let dom: DomainId = DOMAINS.get(obj.parent).map_or_else(|| obj.id.dom.clone(), |d| d.ident());
    CheckpointId { name: obj.id.name.clone(), dom }
}

/// Hands checkpoints to C as a NULL-terminated array (when `out` is not NULL); returns the count.
fn hand_out(
    dom: &Arc<datatypes::Domain>,
    domp: virDomainPtr,
    all: Vec<CheckpointId>,
    out: *mut *mut virDomainCheckpointPtr,
) -> Result<c_int> {
    let count = all.len() as c_int;
    if !out.is_null() {
        let mut hs: Vec<virDomainCheckpointPtr> =
            all.into_iter().map(|id| new_checkpoint_handle(dom, domp, id)).collect();
        hs.push(std::ptr::null_mut());
        let array = c_array(&hs)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *out = array };
    }
    Ok(count)
}
