//! libvirt-host.h exports no driver supports yet (node statistics, CPU models, keep-alive,
//! close callbacks, ...), with the argument checks libvirt's public API makes. Merged into
//! `host.rs` by the lead.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uint, c_ulonglong, c_void};

use super::guard;
use crate::abi::host::{
    virConnectCloseFunc, virFreeCallback,
    virTypedParameterPtr,
};
use crate::abi::virConnectPtr;
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// Get all node memory parameters (parameters unsupported by OS will be omitted). Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeGetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeGetMemoryParameters", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        call.unsupported()
    })
}

/// Change all or a subset of the node memory tunables. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeSetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeSetMemoryParameters", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(params, "params")?;
        call.non_negative(nparams as i64, "nparams")?;
        call.unsupported()
    })
}

/// If hypervisor supports AMD's SEV feature, then params will contain various platform specific
/// information like PDH and certificate chain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeGetSEVInfo(
    conn: virConnectPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeGetSEVInfo", |call| {
        let conn = call.conn(conn)?;
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Override the default identity information associated with the connection. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectSetIdentity(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectSetIdentity", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// This returns the XML description of the sysinfo details for the host on which the hypervisor is
/// running, in the same format as the `<sysinfo>` element of a domain XML. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectGetSysinfo(conn: virConnectPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virConnectGetSysinfo", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Registers a callback to be invoked when the connection is closed. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectRegisterCloseCallback(
    conn: virConnectPtr,
    cb: virConnectCloseFunc,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectRegisterCloseCallback", |call| {
        let _conn = call.conn(conn)?;
        call.callback(&cb, "cb")?;
        call.unsupported()
    })
}

/// Unregisters the callback previously set with the virConnectRegisterCloseCallback method. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectUnregisterCloseCallback(
    conn: virConnectPtr,
    cb: virConnectCloseFunc,
) -> c_int {
    guard(FROM, "virConnectUnregisterCloseCallback", |call| {
        let _conn = call.conn(conn)?;
        call.callback(&cb, "cb")?;
        call.unsupported()
    })
}

/// Attempt to suspend the node (host machine) for the given duration of time in the specified state
/// (Suspend-to-RAM, Suspend-to-Disk or Hybrid-Suspend). Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeSuspendForDuration(
    conn: virConnectPtr,
    target: c_uint,
    duration: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeSuspendForDuration", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Compares the given CPU description with the host CPU. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectCompareCPU(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectCompareCPU", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.unsupported()
    })
}

/// Compares the given CPU description with the CPU the specified hypervisor is able to provide on
/// the host. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectCompareHypervisorCPU(
    conn: virConnectPtr,
    emulator: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    xmlCPU: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectCompareHypervisorCPU", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlCPU, "xmlCPU")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Get the list of CPU models supported by libvirt for a specific architecture. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectGetCPUModelNames(
    conn: virConnectPtr,
    arch: *const c_char,
    models: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectGetCPUModelNames", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(arch, "arch")?;
        call.unsupported()
    })
}

/// Computes the most feature-rich CPU which is compatible with all given host CPUs. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectBaselineCPU(
    conn: virConnectPtr,
    xmlCPUs: *mut *const c_char,
    ncpus: c_uint,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectBaselineCPU", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(xmlCPUs, "xmlCPUs")?;
        call.unsupported()
    })
}

/// Computes the most feature-rich CPU which is compatible with all given CPUs and can be provided
/// by the specified hypervisor. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectBaselineHypervisorCPU(
    conn: virConnectPtr,
    emulator: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    xmlCPUs: *mut *const c_char,
    ncpus: c_uint,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectBaselineHypervisorCPU", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlCPUs, "xmlCPUs")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// This calls queries the host system on free pages of specified size. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeGetFreePages(
    conn: virConnectPtr,
    npages: c_uint,
    pages: *mut c_uint,
    startcell: c_int,
    cellcount: c_uint,
    counts: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeGetFreePages", |call| {
        let _conn = call.conn(conn)?;
        call.non_zero(npages as i64, "npages")?;
        call.non_null_array(pages, npages as i64, "pages")?;
        call.non_zero(cellcount as i64, "cellCount")?;
        call.non_null_array(counts, npages as i64, "counts")?;
        call.unsupported()
    })
}

/// Sometimes, when trying to start a new domain, it may be necessary to reserve some huge pages in
/// the system pool which can be then allocated by the domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeAllocPages(
    conn: virConnectPtr,
    npages: c_uint,
    pageSizes: *mut c_uint,
    pageCounts: *mut c_ulonglong,
    startCell: c_int,
    cellCount: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeAllocPages", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_zero(npages as i64, "npages")?;
        call.non_null_array(pageSizes, npages as i64, "pageSizes")?;
        call.non_null_array(pageCounts, npages as i64, "pageCounts")?;
        call.non_zero(cellCount as i64, "cellCount")?;
        call.unsupported()
    })
}
