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




/// Migrate the domain object from its current host to the destination host given by dconn (a
/// connection to the destination host). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrate(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    flags: c_ulong,
    dname: *const c_char,
    uri: *const c_char,
    bandwidth: c_ulong,
) -> virDomainPtr {
    guard(FROM, "virDomainMigrate", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        let dconn = call.other_conn(dconn)?;
        call.writable(&dconn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC),
        )?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
        migrate_sync_writes(call, flags, None)?;
        let tunnelled = virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED as c_ulong;
        let p2p = virDomainMigrateFlags::VIR_MIGRATE_PEER2PEER as c_ulong;
        if flags & tunnelled != 0 && flags & p2p == 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "cannot perform tunnelled migration without using peer2peer flag",
            ));
        }
        call.unsupported()
    })
}

/// Migrate the domain object from its current host to the destination host given by dconn (a
/// connection to the destination host). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrate2(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    dxml: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    uri: *const c_char,
    bandwidth: c_ulong,
) -> virDomainPtr {
    guard(FROM, "virDomainMigrate2", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        let dconn = call.other_conn(dconn)?;
        call.writable(&dconn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC),
        )?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
        migrate_sync_writes(call, flags, None)?;
        let tunnelled = virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED as c_ulong;
        let p2p = virDomainMigrateFlags::VIR_MIGRATE_PEER2PEER as c_ulong;
        if flags & tunnelled != 0 && flags & p2p == 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "cannot perform tunnelled migration without using peer2peer flag",
            ));
        }
        call.unsupported()
    })
}

/// Migrate the domain object from its current host to the destination host given by dconn (a
/// connection to the destination host). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrate3(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> virDomainPtr {
    guard(FROM, "virDomainMigrate3", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        let dconn = call.other_conn(dconn)?;
        call.writable(&dconn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC),
        )?;
        migrate_sync_writes(call, flags, None)?;
        if flags & virDomainMigrateFlags::VIR_MIGRATE_PEER2PEER as c_uint != 0 {
            return Err(call.arg_error(
                "flags",
                "use virDomainMigrateToURI3 for peer-to-peer migration".to_string(),
            ));
        }
        if flags & virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED as c_uint != 0 {
            return Err(call.arg_error(
                "flags",
                "cannot perform tunnelled migration without using peer2peer flag".to_string(),
            ));
        }
        call.unsupported()
    })
}

/// Migrate the domain object from its current host to the destination host given by duri. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateToURI(
    domain: virDomainPtr,
    duri: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    bandwidth: c_ulong,
) -> c_int {
    guard(FROM, "virDomainMigrateToURI", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(duri, "duri")?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
        migrate_sync_writes(call, flags, Some("virDomainMigrateUnmanagedCheckCompat"))?;
        call.unsupported()
    })
}

/// Migrate the domain object from its current host to the destination host given by dconnuri. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateToURI2(
    domain: virDomainPtr,
    dconnuri: *const c_char,
    miguri: *const c_char,
    dxml: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    bandwidth: c_ulong,
) -> c_int {
    guard(FROM, "virDomainMigrateToURI2", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
        migrate_sync_writes(call, flags, Some("virDomainMigrateUnmanagedCheckCompat"))?;
        call.unsupported()
    })
}

/// Migrate the domain object from its current host to the destination host given by URI. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateToURI3(
    domain: virDomainPtr,
    dconnuri: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateToURI3", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
        migrate_sync_writes(call, flags, Some("virDomainMigrateUnmanagedCheckCompat"))?;
        call.unsupported()
    })
}

/// Gets current maximum tolerable time for which the domain may be paused at the end of live
/// migration. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetMaxDowntime(
    domain: virDomainPtr,
    downtime: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateGetMaxDowntime", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(downtime, "downtime")?;
        call.unsupported()
    })
}

/// Sets maximum tolerable time for which the domain is allowed to be paused at the end of live
/// migration. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateSetMaxDowntime(
    domain: virDomainPtr,
    downtime: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateSetMaxDowntime", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Gets current size of the cache (in bytes) used for compressing repeatedly transferred memory
/// pages during live migration. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetCompressionCache(
    domain: virDomainPtr,
    cacheSize: *mut c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateGetCompressionCache", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(cacheSize, "cacheSize")?;
        call.unsupported()
    })
}

/// Sets size of the cache (in bytes) used for compressing repeatedly transferred memory pages
/// during live migration. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateSetCompressionCache(
    domain: virDomainPtr,
    cacheSize: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateSetCompressionCache", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// The maximum bandwidth (in MiB/s) that will be used to do migration can be specified with the
/// bandwidth parameter. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateSetMaxSpeed(
    domain: virDomainPtr,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateSetMaxSpeed", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Get the current maximum bandwidth (in MiB/s) that will be used if the domain is migrated. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetMaxSpeed(
    domain: virDomainPtr,
    bandwidth: *mut c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMigrateGetMaxSpeed", |call| {
        let domain = call.domain(domain)?;
        call.non_null(bandwidth, "bandwidth")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Starts post-copy migration. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMigrateStartPostCopy(domain: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainMigrateStartPostCopy", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Take a screenshot of current domain console as a stream. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainScreenshot(
    domain: virDomainPtr,
    stream: virStreamPtr,
    screen: c_uint,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainScreenshot", |call| {
        let domain = call.domain(domain)?;
        let stream = call.stream(stream)?;
        call.writable(&domain.conn)?;
        if !Arc::ptr_eq(&stream.conn, &domain.conn) {
            return Err(call.arg_error(
                "stream",
                format!(
                    "stream must match connection of domain '{}'",
                    domain.name.to_string_lossy()
                ),
            ));
        }
        call.unsupported()
    })
}

/// Extract details about current state of control interface to a domain. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetControlInfo(
    domain: virDomainPtr,
    info: virDomainControlInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetControlInfo", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}


/// Deprecated name of `virDomainCreateXML`, which it calls (errors name that API).
#[no_mangle]
pub extern "C" fn virDomainCreateLinux(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virDomainPtr {
    super::domain::virDomainCreateXML(conn, xmlDesc, flags)
}

/// Extract information about progress of a background job on a domain. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetJobStats(
    domain: virDomainPtr,
    r#type: *mut c_int,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetJobStats", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(r#type, "type")?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.required_flag(
            flags,
            flag!(virDomainGetJobStatsFlags::VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED),
            flag!(virDomainGetJobStatsFlags::VIR_DOMAIN_JOB_STATS_COMPLETED),
        )?;
        call.unsupported()
    })
}

/// Requests that the current background job be aborted at the soonest opportunity. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAbortJob(dom: virDomainPtr) -> c_int {
    guard(FROM, "virDomainAbortJob", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// Requests that the current background job be aborted at the soonest opportunity. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAbortJobFlags(dom: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainAbortJobFlags", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// This opens the backend associated with a console, serial or parallel port device on a guest, if
/// the backend is supported. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainOpenConsole(
    dom: virDomainPtr,
    dev_name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainOpenConsole", |call| {
        let dom = call.domain(dom)?;
        let st = call.stream(st)?;
        call.writable(&dom.conn)?;
        if !Arc::ptr_eq(&st.conn, &dom.conn) {
            return Err(call.arg_error(
                "st",
                format!(
                    "stream must match connection of domain '{}'",
                    dom.name.to_string_lossy()
                ),
            ));
        }
        call.unsupported()
    })
}

/// This opens the host interface associated with a channel device on a guest, if the host interface
/// is supported. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainOpenChannel(
    dom: virDomainPtr,
    name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainOpenChannel", |call| {
        let dom = call.domain(dom)?;
        let st = call.stream(st)?;
        call.writable(&dom.conn)?;
        if !Arc::ptr_eq(&st.conn, &dom.conn) {
            return Err(call.arg_error(
                "st",
                format!(
                    "stream must match connection of domain '{}'",
                    dom.name.to_string_lossy()
                ),
            ));
        }
        call.unsupported()
    })
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

/// Start a point-in-time backup job for the specified disks of a running domain. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBackupBegin(
    domain: virDomainPtr,
    backupXML: *const c_char,
    checkpointXML: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBackupBegin", |call| {
        let domain = call.domain(domain)?;
        call.non_null(backupXML, "backupXML")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Queries the configuration of the active backup job. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBackupGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virDomainBackupGetXMLDesc", |call| {
        let _domain = call.domain(domain)?;
        call.unsupported()
    })
}

/// Calculate the current domain's memory dirty rate in next seconds. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainStartDirtyRateCalc(
    domain: virDomainPtr,
    seconds: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainStartDirtyRateCalc", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainDirtyRateCalcFlags::VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP),
            flag!(virDomainDirtyRateCalcFlags::VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING),
        )?;
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

/// `VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES` needs one of the non-shared storage flags.
/// libvirt checks this in a helper for the `ToURI` calls, whose name the error carries.
fn migrate_sync_writes(call: &Call, flags: impl Into<u64>, checker: Option<&str>) -> Result<()> {
    let sync = virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES as u64;
    let storage = virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK as u64
        | virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC as u64;
    let mut err = match call.required_flag(
        flags,
        (sync, "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES"),
        (
            storage,
            "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC",
        ),
    ) {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    if let Some(name) = checker {
        err.str1 = Some(name.to_string());
    }
    Err(err)
}
