//! libvirt-domain.h exports no driver supports yet, with the argument checks libvirt's public
//! API makes; also the real helpers that free what the domain calls return
//! (`virDomainFSInfoFree` and friends). Merged into `domain.rs` by the lead.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables, unused_imports)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_longlong, c_uchar, c_uint, c_ulong, c_ulonglong, c_void, size_t};

use super::checks::flag;
use super::typedparams::{quietly, virTypedParamsFree};
use super::{guard, Call};
use crate::abi::domain::{
    virDomainAuthorizedSSHKeysSetFlags, virDomainBlockInfoPtr, virDomainBlockJobInfoPtr,
    virDomainBlockRebaseFlags, virDomainBlockStatsPtr, virDomainBlockStatsStruct,
    virDomainControlInfoPtr, virDomainCoreDumpFlags, virDomainCoreDumpFormat,
    virDomainDirtyRateCalcFlags, virDomainDiskErrorPtr, virDomainFSInfoPtr,
    virDomainGetJobStatsFlags, virDomainIOThreadInfoPtr, virDomainInterfacePtr,
    virDomainMemoryFlags, virDomainMetadataType, virDomainMigrateFlags,
    virDomainModificationImpact, virDomainSaveImageXMLFlags, virDomainSaveRestoreFlags,
    virDomainStatsRecordPtr, virKeycodeSet, VIR_DOMAIN_SEND_KEY_MAX_KEYS,
};
use crate::abi::host::{virSecurityLabelPtr, virTypedParameterPtr};
use crate::abi::{virConnectPtr, virDomainPtr, virStreamPtr};
use crate::error::Domain;
use crate::error::{Code, Error, Result};
use std::sync::Arc;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;


/// Deprecated name of `virDomainCreateXML`, which it calls (errors name that API).
#[no_mangle]
pub extern "C" fn virDomainCreateLinux(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainPtr {
    super::domain::virDomainCreateXML(conn, xmlDesc, flags)
}

/// This will attempt to connect the file descriptor fd, to the graphics backend of dom. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainOpenGraphics(
    dom: virDomainPtr,
    idx: c_uint,
    fd: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainOpenGraphics", |call| {
        let dom = call.domain(dom)?;
        call.non_negative(fd as i64, "fd")?;
        call.socket_fd(fd, "fd")?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// This will create a socket pair connected to the graphics backend of dom. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainOpenGraphicsFD(dom: virDomainPtr, idx: c_uint, flags: c_uint) -> c_int {
    guard(FROM, "virDomainOpenGraphicsFD", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// Associate the FDs in fd with domain under name. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainFDAssociate(
    domain: virDomainPtr,
    name: *const c_char,
    nfds: c_uint,
    fds: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainFDAssociate", |call| {
        let domain = call.domain(domain)?;
        call.non_zero(nfds as i64, "nfds")?;
        call.non_null_array(fds, nfds as i64, "fds")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}
