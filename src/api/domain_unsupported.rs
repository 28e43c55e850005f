//! libvirt-domain.h exports no driver supports yet, with the argument checks libvirt's public
//! API makes; also the real helpers that free what the domain calls return
//! (`virDomainFSInfoFree` and friends). Merged into `domain.rs` by the lead.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
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
use crate::abi::{virConnectPtr, virDomainPtr};
use crate::error::Domain;
use crate::error::{Code, Error, Result};

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

/// Prior creating a domain (for instance via virDomainCreateXML or virDomainDefineXML) it may be
/// suitable to know what the underlying emulator and/or libvirt is capable of. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectGetDomainCapabilities(
    conn: virConnectPtr,
    emulatorbin: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectGetDomainCapabilities", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Launch a new guest domain, based on an XML description similar to the one returned by
/// virDomainGetXMLDesc() This function may require privileged access to the hypervisor. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCreateXMLWithFiles(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    nfiles: c_uint,
    files: *mut c_int,
    flags: c_uint,
) -> virDomainPtr {
    guard(FROM, "virDomainCreateXMLWithFiles", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Attempt to have the guest enter the given target power management suspension level. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainPMSuspendForDuration(
    domain: virDomainPtr,
    target: c_uint,
    duration: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainPMSuspendForDuration", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Inject a wakeup into the guest that previously used virDomainPMSuspendForDuration, rather than
/// waiting for the previously requested duration (if any) to elapse. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainPMWakeup(domain: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainPMWakeup", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// This method extends virDomainSaveFlags by adding parameters. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSaveParams(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSaveParams", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
        )?;
        call.unsupported()
    })
}

/// This method extends virDomainRestoreFlags by adding parameters. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainRestoreParams(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainRestoreParams", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
        )?;
        call.unsupported()
    })
}

/// This method will extract the XML describing the domain at the time a saved state file was
/// created. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSaveImageGetXMLDesc(
    conn: virConnectPtr,
    file: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainSaveImageGetXMLDesc", |call| {
        let conn = call.conn(conn)?;
        call.non_null(file, "file")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// This updates the definition of a domain stored in a saved state file. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSaveImageDefineXML(
    conn: virConnectPtr,
    file: *const c_char,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSaveImageDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(file, "file")?;
        call.non_null(dxml, "dxml")?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
        )?;
        call.unsupported()
    })
}

/// This method will extract the XML description of the managed save state file of a domain. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainManagedSaveGetXMLDesc(
    domain: virDomainPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainManagedSaveGetXMLDesc", |call| {
        let domain = call.domain(domain)?;
        call.no_secure_flag_when_read_only(
            domain.conn.read_only,
            flags,
            virDomainSaveImageXMLFlags::VIR_DOMAIN_SAVE_IMAGE_XML_SECURE as c_uint,
        )?;
        call.unsupported()
    })
}

/// This updates the definition of a domain stored in a saved state file. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainManagedSaveDefineXML(
    domain: virDomainPtr,
    dxml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainManagedSaveDefineXML", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
        )?;
        call.unsupported()
    })
}

/// This method will dump the core of a domain on a given file for analysis. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCoreDump(
    domain: virDomainPtr,
    to: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCoreDump", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(to, "to")?;
        call.exclusive_flags(
            flags,
            flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH),
            flag!(virDomainCoreDumpFlags::VIR_DUMP_LIVE),
        )?;
        call.exclusive_flags(
            flags,
            flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH),
            flag!(virDomainCoreDumpFlags::VIR_DUMP_RESET),
        )?;
        call.unsupported()
    })
}

/// This method will dump the core of a domain on a given file for analysis. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCoreDumpWithFormat(
    domain: virDomainPtr,
    to: *const c_char,
    dumpformat: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCoreDumpWithFormat", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(to, "to")?;
        if dumpformat > virDomainCoreDumpFormat::VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP as c_uint {
            return Err(call.arg_error(
                "flags",
                format!("dumpformat '{}' is not supported", dumpformat as c_int),
            ));
        }
        call.exclusive_flags(
            flags,
            flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH),
            flag!(virDomainCoreDumpFlags::VIR_DUMP_LIVE),
        )?;
        call.exclusive_flags(
            flags,
            flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH),
            flag!(virDomainCoreDumpFlags::VIR_DUMP_RESET),
        )?;
        call.unsupported()
    })
}

/// Get statistics relating to CPU usage attributable to a single domain (in contrast to the
/// statistics returned by virNodeGetCPUStats() for all processes on the host). Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetCPUStats(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_uint,
    start_cpu: c_int,
    ncpus: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetCPUStats", |call| {
        let _domain = call.domain(domain)?;
        // start_cpu is a CPU number or -1 for the total, which is one "CPU".
        if start_cpu == -1 {
            if ncpus != 1 {
                return Err(call.arg_error(
                    "start_cpu",
                    "ncpus must be 1 when start_cpu is -1".to_string(),
                ));
            }
        } else {
            call.non_negative(start_cpu as i64, "start_cpu")?;
        }
        if nparams != 0 {
            call.non_null(params, "params")?;
        } else {
            call.null(params, "params")?;
        }
        if ncpus == 0 {
            call.null(params, "params")?;
        }
        if nparams != 0 && ncpus > c_uint::MAX / nparams {
            return Err(call.overflow(format!("input too large: {nparams} * {ncpus}")));
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


/// Change all or a subset of the blkio tunables. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetBlkioParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetBlkioParameters", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(params, "params")?;
        call.non_negative(nparams as i64, "nparams")?;
        call.unsupported()
    })
}






/// Dynamically change the domain memory balloon driver statistics collection period (seconds;
/// 0 stops it), live and/or in the persistent configuration (`virDomainMemoryModFlags`).
#[no_mangle]
pub extern "C" fn virDomainSetMemoryStatsPeriod(
    domain: virDomainPtr,
    period: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetMemoryStatsPeriod", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_negative(period as i64, "period")?;
        domain.conn.driver.domain_set_memory_stats_period(&domain.ident(), period, flags)?;
        Ok(0)
    })
}

/// Get the hostname for that domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetHostname(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virDomainGetHostname", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Extract the security labels of an active domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetSecurityLabelList(
    domain: virDomainPtr,
    seclabels: *mut virSecurityLabelPtr,
) -> c_int {
    guard(FROM, "virDomainGetSecurityLabelList", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(seclabels, "seclabels")?;
        call.unsupported()
    })
}

/// Sets the appropriate domain element given by type to the value of metadata. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetMetadata(
    domain: virDomainPtr,
    r#type: c_int,
    metadata: *const c_char,
    key: *const c_char,
    uri: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetMetadata", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        match r#type {
            t if t == virDomainMetadataType::VIR_DOMAIN_METADATA_TITLE as c_int
                || t == virDomainMetadataType::VIR_DOMAIN_METADATA_DESCRIPTION as c_int =>
            {
                if t == virDomainMetadataType::VIR_DOMAIN_METADATA_TITLE as c_int
                    && call.has_newline(metadata)
                {
                    return Err(call.arg_error(
                        "metadata",
                        "metadata title can't contain newlines".to_string(),
                    ));
                }
                call.null(uri, "uri")?;
                call.null(key, "key")?;
            }
            t if t == virDomainMetadataType::VIR_DOMAIN_METADATA_ELEMENT as c_int => {
                call.non_null(uri, "uri")?;
                if !metadata.is_null() {
                    call.non_null(key, "key")?;
                }
            }
            _ => {}
        }
        call.unsupported()
    })
}

/// Retrieves the appropriate domain element given by type. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetMetadata(
    domain: virDomainPtr,
    r#type: c_int,
    uri: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virDomainGetMetadata", |call| {
        let _domain = call.domain(domain)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_LIVE),
            flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_CONFIG),
        )?;
        match r#type {
            t if t == virDomainMetadataType::VIR_DOMAIN_METADATA_TITLE as c_int
                || t == virDomainMetadataType::VIR_DOMAIN_METADATA_DESCRIPTION as c_int =>
            {
                call.null(uri, "uri")?
            }
            t if t == virDomainMetadataType::VIR_DOMAIN_METADATA_ELEMENT as c_int => {
                call.non_null(uri, "uri")?
            }
            _ => {}
        }
        call.unsupported()
    })
}

/// Reads native configuration data describing a domain, and generates libvirt domain XML. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectDomainXMLFromNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    nativeConfig: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectDomainXMLFromNative", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(nativeFormat, "nativeFormat")?;
        call.non_null(nativeConfig, "nativeConfig")?;
        call.unsupported()
    })
}

/// Reads a domain XML configuration document, and generates a native configuration file describing
/// the domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectDomainXMLToNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    domainXml: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectDomainXMLToNative", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(nativeFormat, "nativeFormat")?;
        call.non_null(domainXml, "domainXml")?;
        call.unsupported()
    })
}

/// This function returns block device (disk) stats for block devices attached to the domain. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockStats(
    dom: virDomainPtr,
    disk: *const c_char,
    stats: virDomainBlockStatsPtr,
    size: size_t,
) -> c_int {
    guard(FROM, "virDomainBlockStats", |call| {
        let _dom = call.domain(dom)?;
        call.non_null(disk, "disk")?;
        call.non_null(stats, "stats")?;
        // Older callers pass a smaller struct; a larger one would be written past its end.
        if size > std::mem::size_of::<virDomainBlockStatsStruct>() {
            return Err(call.arg_error(
                "size",
                format!(
                    "size must not exceed {}",
                    std::mem::size_of::<virDomainBlockStatsStruct>()
                ),
            ));
        }
        call.unsupported()
    })
}

/// This function is to get block stats parameters for block devices attached to the domain. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockStatsFlags(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockStatsFlags", |call| {
        let _dom = call.domain(dom)?;
        call.non_null(disk, "disk")?;
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        call.unsupported()
    })
}



/// This function allows you to read the contents of a domain's disk device. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockPeek(
    dom: virDomainPtr,
    disk: *const c_char,
    offset: c_ulonglong,
    size: size_t,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockPeek", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_empty_str(disk, "disk")?;
        call.non_null_array(buffer, size as i64, "buffer")?;
        call.unsupported()
    })
}

/// Resize a block device of domain while the domain is running. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockResize(
    dom: virDomainPtr,
    disk: *const c_char,
    size: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockResize", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.unsupported()
    })
}

/// Extract information about a domain's block device. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetBlockInfo(
    dom: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetBlockInfo", |call| {
        let _dom = call.domain(dom)?;
        call.non_empty_str(disk, "disk")?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// This function allows you to read the contents of a domain's memory. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainMemoryPeek(
    dom: virDomainPtr,
    start: c_ulonglong,
    size: size_t,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainMemoryPeek", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMemoryFlags::VIR_MEMORY_VIRTUAL),
            flag!(virDomainMemoryFlags::VIR_MEMORY_PHYSICAL),
        )?;
        call.non_null_array(buffer, size as i64, "buffer")?;
        call.unsupported()
    })
}

/// Launch a defined domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainCreateWithFiles(
    domain: virDomainPtr,
    nfiles: c_uint,
    files: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainCreateWithFiles", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}






/// Frees an IOThread description returned by `virDomainGetIOThreadInfo`, with its CPU map.
#[no_mangle]
pub extern "C" fn virDomainIOThreadInfoFree(info: virDomainIOThreadInfoPtr) {
    quietly((), || {
        if info.is_null() {
            return;
        }
        // SAFETY: `info` and its cpumap were malloc'd by the library and are released once.
        unsafe {
            libc::free((*info).cpumap as *mut c_void);
            libc::free(info as *mut c_void);
        }
    })
}

/// Fetch IOThreads of an active domain including the cpumap information to determine on which CPU
/// the IOThread has affinity to run. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetIOThreadInfo(
    domain: virDomainPtr,
    info: *mut *mut virDomainIOThreadInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetIOThreadInfo", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(info, "info")?;
        call.exclusive_flags(
            flags,
            flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_LIVE),
            flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_CONFIG),
        )?;
        call.unsupported()
    })
}

/// Dynamically change the real CPUs which can be allocated to an IOThread. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainPinIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainPinIOThread", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(cpumap, "cpumap")?;
        call.positive(maplen as i64, "maplen")?;
        call.unsupported()
    })
}

/// Dynamically add an IOThread to the domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAddIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainAddIOThread", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Dynamically delete an IOThread from the domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainDelIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainDelIOThread", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_zero(iothread_id as i64, "iothread_id")?;
        call.unsupported()
    })
}

/// Dynamically set IOThread parameters to the domain. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetIOThreadParams(
    domain: virDomainPtr,
    iothread_id: c_uint,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetIOThreadParams", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        call.unsupported()
    })
}

/// Create a virtual device attachment to backend. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAttachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    guard(FROM, "virDomainAttachDevice", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xml, "xml")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// This is an equivalent of virDomainDetachDeviceFlags() when called with flags parameter set to
/// VIR_DOMAIN_AFFECT_LIVE. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainDetachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    guard(FROM, "virDomainDetachDevice", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xml, "xml")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Attach a virtual device to a domain, using the flags parameter to control how the device is
/// attached. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAttachDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainAttachDeviceFlags", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xml, "xml")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Detach a virtual device from a domain, using the flags parameter to control how the device is
/// detached. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainDetachDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainDetachDeviceFlags", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xml, "xml")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Change a virtual device on a domain, using the flags parameter to control how the device is
/// changed. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainUpdateDeviceFlags(
    domain: virDomainPtr,
    xml: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainUpdateDeviceFlags", |call| {
        let domain = call.domain(domain)?;
        call.non_null(xml, "xml")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Detach a virtual device from a domain, using the alias to specify the device. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainDetachDeviceAlias(
    domain: virDomainPtr,
    alias: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainDetachDeviceAlias", |call| {
        let domain = call.domain(domain)?;
        call.non_null(alias, "alias")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Frees a NULL-terminated list of statistics records returned by
/// `virConnectGetAllDomainStats`/`virDomainListGetStats`: each record's parameters, its
/// domain reference and the record, then the list.
#[no_mangle]
pub extern "C" fn virDomainStatsRecordListFree(stats: *mut virDomainStatsRecordPtr) {
    quietly((), || {
        if stats.is_null() {
            return;
        }
        let mut k = 0;
        loop {
            // SAFETY: `stats` is a NULL-terminated array of malloc'd records made by the
            // library; each record owns its parameters and one domain reference.
            let record = unsafe { *stats.add(k) };
            if record.is_null() {
                break;
            }
            // SAFETY: the record is released once, with what it owns.
            unsafe {
                virTypedParamsFree((*record).params, (*record).nparams);
                if !(*record).dom.is_null() {
                    super::domain::virDomainFree((*record).dom);
                }
                libc::free(record as *mut c_void);
            }
            k += 1;
        }
        // SAFETY: the list itself was malloc'd by the library.
        unsafe { libc::free(stats as *mut c_void) };
    })
}

/// Get all Linux perf events setting. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetPerfEvents(
    dom: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetPerfEvents", |call| {
        let _dom = call.domain(dom)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.unsupported()
    })
}

/// Enable or disable the particular list of Linux perf events you care about. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetPerfEvents(
    dom: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetPerfEvents", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        call.unsupported()
    })
}

/// Cancel the active block job on the given disk. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockJobAbort(
    dom: virDomainPtr,
    disk: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockJobAbort", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.unsupported()
    })
}

/// Request block job information for the given disk. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetBlockJobInfo(
    dom: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockJobInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetBlockJobInfo", |call| {
        let _dom = call.domain(dom)?;
        call.non_null(disk, "disk")?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// Set the maximum allowable bandwidth that a block job may consume. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockJobSetSpeed(
    dom: virDomainPtr,
    disk: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockJobSetSpeed", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.unsupported()
    })
}

/// Populate a disk image with data from its backing image. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockPull(
    dom: virDomainPtr,
    disk: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockPull", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.unsupported()
    })
}

/// Populate a disk image with data from its backing image chain, and setting the backing image to
/// base, or alternatively copy an entire backing chain to a new file base. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockRebase(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockRebase", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        // A copy job needs a destination; the copy-only flags need a copy job.
        let copy_only = virDomainBlockRebaseFlags::VIR_DOMAIN_BLOCK_REBASE_SHALLOW as c_uint
            | virDomainBlockRebaseFlags::VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT as c_uint
            | virDomainBlockRebaseFlags::VIR_DOMAIN_BLOCK_REBASE_COPY_RAW as c_uint
            | virDomainBlockRebaseFlags::VIR_DOMAIN_BLOCK_REBASE_COPY_DEV as c_uint;
        if flags & virDomainBlockRebaseFlags::VIR_DOMAIN_BLOCK_REBASE_COPY as c_uint != 0 {
            call.non_null(base, "base")?;
        } else if flags & copy_only != 0 {
            return Err(call.arg_error("flags", "use of flags requires a copy job".to_string()));
        }
        call.unsupported()
    })
}

/// Copy the guest-visible contents of a disk image to a new file described by destxml. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockCopy(
    dom: virDomainPtr,
    disk: *const c_char,
    destxml: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockCopy", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.non_null(destxml, "destxml")?;
        call.non_negative(nparams as i64, "nparams")?;
        call.non_null_array(params, nparams as i64, "params")?;
        call.unsupported()
    })
}

/// Commit changes that were made to temporary top-level files within a disk image backing file
/// chain into a lower-level base file. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainBlockCommit(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    top: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainBlockCommit", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(disk, "disk")?;
        call.unsupported()
    })
}



/// The function populates errors array with all disks that encountered an I/O error. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetDiskErrors(
    dom: virDomainPtr,
    errors: virDomainDiskErrorPtr,
    maxerrors: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetDiskErrors", |call| {
        let _dom = call.domain(dom)?;
        call.non_null_array(errors, maxerrors as i64, "errors")?;
        call.unsupported()
    })
}

/// Send key(s) to the guest. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSendKey(
    domain: virDomainPtr,
    codeset: c_uint,
    holdtime: c_uint,
    keycodes: *mut c_uint,
    nkeycodes: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSendKey", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(keycodes, "keycodes")?;
        call.positive(nkeycodes as i64, "nkeycodes")?;
        if codeset > virKeycodeSet::VIR_KEYCODE_SET_QNUM as c_uint {
            return Err(call.arg_error(
                "codeset",
                format!("Unsupported codeset '{}'", codeset as c_int),
            ));
        }
        if nkeycodes as usize > VIR_DOMAIN_SEND_KEY_MAX_KEYS {
            return Err(call.arg_error(
                "nkeycodes",
                format!("nkeycodes must be <= {}", VIR_DOMAIN_SEND_KEY_MAX_KEYS),
            ));
        }
        call.unsupported()
    })
}

/// Send a signal to the designated process in the guest. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSendProcessSignal(
    domain: virDomainPtr,
    pid_value: c_longlong,
    signum: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSendProcessSignal", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
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

/// Send NMI to the guest. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainInjectNMI(domain: virDomainPtr, flags: c_uint) -> c_int {
    guard(FROM, "virDomainInjectNMI", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Calls FITRIM within the guest (hence guest agent may be required depending on hypervisor used).
/// Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainFSTrim(
    dom: virDomainPtr,
    mountPoint: *const c_char,
    minimum: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainFSTrim", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// Freeze specified filesystems within the guest (hence guest agent may be required depending on
/// hypervisor used). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainFSFreeze(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainFSFreeze", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        call.unsupported()
    })
}

/// Thaw specified filesystems within the guest. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainFSThaw(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainFSThaw", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        call.unsupported()
    })
}

/// Frees a filesystem description returned by `virDomainGetFSInfo`, with its strings.
#[no_mangle]
pub extern "C" fn virDomainFSInfoFree(info: virDomainFSInfoPtr) {
    quietly((), || {
        if info.is_null() {
            return;
        }
        // SAFETY: the struct, its strings and its alias array were malloc'd by the
        // library; `ndevAlias` counts the aliases. Each is released once.
        unsafe {
            let i = &*info;
            libc::free(i.mountpoint as *mut c_void);
            libc::free(i.name as *mut c_void);
            libc::free(i.fstype as *mut c_void);
            if !i.devAlias.is_null() {
                for k in 0..i.ndevAlias {
                    libc::free(*i.devAlias.add(k) as *mut c_void);
                }
            }
            libc::free(i.devAlias as *mut c_void);
            libc::free(info as *mut c_void);
        }
    })
}

/// Get a list of mapping information for each mounted file systems within the specified guest and
/// the disks. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetFSInfo(
    dom: virDomainPtr,
    info: *mut *mut virDomainFSInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetFSInfo", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// Extract information about guest time and store it into seconds and nseconds. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetTime(
    dom: virDomainPtr,
    seconds: *mut c_longlong,
    nseconds: *mut c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetTime", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        // libvirt leaves these to the driver (which writes through them); refuse NULL here.
        call.non_null(seconds, "seconds")?;
        call.non_null(nseconds, "nseconds")?;
        call.unsupported()
    })
}

/// When a domain is suspended or restored from a file the domain's OS has no idea that there was a
/// big gap in the time. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetTime(
    dom: virDomainPtr,
    seconds: c_longlong,
    nseconds: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetTime", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// Return a pointer to the allocated array of pointers to interfaces present in given domain along
/// with their IP and MAC addresses. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainInterfaceAddresses(
    dom: virDomainPtr,
    ifaces: *mut *mut virDomainInterfacePtr,
    source: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainInterfaceAddresses", |call| {
        let _dom = call.domain(dom)?;
        call.non_null(ifaces, "ifaces")?;
        call.unsupported()
    })
}

/// Frees an interface description returned by `virDomainInterfaceAddresses`.
#[no_mangle]
pub extern "C" fn virDomainInterfaceFree(iface: virDomainInterfacePtr) {
    quietly((), || {
        if iface.is_null() {
            return;
        }
        // SAFETY: the struct, its strings and its address array were malloc'd by the
        // library; `naddrs` counts the addresses. Each is released once.
        unsafe {
            let i = &*iface;
            libc::free(i.name as *mut c_void);
            libc::free(i.hwaddr as *mut c_void);
            if !i.addrs.is_null() {
                for k in 0..i.naddrs as usize {
                    libc::free((*i.addrs.add(k)).addr as *mut c_void);
                }
            }
            libc::free(i.addrs as *mut c_void);
            libc::free(iface as *mut c_void);
        }
    })
}

/// Sets the user password to the value specified by password. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetUserPassword(
    dom: virDomainPtr,
    user: *const c_char,
    password: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetUserPassword", |call| {
        let dom = call.domain(dom)?;
        call.writable(&dom.conn)?;
        call.non_null(user, "user")?;
        call.non_null(password, "password")?;
        call.unsupported()
    })
}

/// Rename a domain. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainRename(
    dom: virDomainPtr,
    new_name: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainRename", |call| {
        let dom = call.domain(dom)?;
        call.non_empty_str(new_name, "new_name")?;
        call.writable(&dom.conn)?;
        call.unsupported()
    })
}

/// Queries the guest agent for state and information regarding vCPUs from guest's perspective. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetGuestVcpus(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetGuestVcpus", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.unsupported()
    })
}

/// Sets state of individual vcpus described by cpumap via guest agent. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetGuestVcpus(
    domain: virDomainPtr,
    cpumap: *const c_char,
    state: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetGuestVcpus", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(cpumap, "cpumap")?;
        call.unsupported()
    })
}

/// Enables/disables individual vcpus described by vcpumap in the hypervisor. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetVcpu(
    domain: virDomainPtr,
    vcpumap: *const c_char,
    state: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetVcpu", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(vcpumap, "vcpumap")?;
        call.unsupported()
    })
}

/// Set the threshold level for delivering the VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD if the device or
/// backing chain element described by dev is written beyond the set threshold level. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetBlockThreshold(
    domain: virDomainPtr,
    dev: *const c_char,
    threshold: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetBlockThreshold", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(dev, "dev")?;
        call.unsupported()
    })
}

/// Changes the actions of lifecycle events for domain represented as
/// `<on_$type>`$action`</on_$type>` in the domain XML. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetLifecycleAction(
    domain: virDomainPtr,
    r#type: c_uint,
    action: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetLifecycleAction", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Get the launch security info. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetLaunchSecurityInfo(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetLaunchSecurityInfo", |call| {
        let domain = call.domain(domain)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Set a launch security secret in the guest's memory. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainSetLaunchSecurityState(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainSetLaunchSecurityState", |call| {
        let domain = call.domain(domain)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// Queries the guest agent for the various information about the guest system. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetGuestInfo(
    domain: virDomainPtr,
    types: c_uint,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetGuestInfo", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.unsupported()
    })
}

/// Set how long to wait for a response from guest agent commands. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAgentSetResponseTimeout(
    domain: virDomainPtr,
    timeout: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainAgentSetResponseTimeout", |call| {
        let domain = call.domain(domain)?;
        call.writable(&domain.conn)?;
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

/// For given user in domain fetch list of public SSH authorized keys and store them into keys array
/// which is allocated upon successful return and is NULL terminated. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAuthorizedSSHKeysGet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainAuthorizedSSHKeysGet", |call| {
        let domain = call.domain(domain)?;
        call.non_null(user, "user")?;
        call.non_null(keys, "keys")?;
        call.writable(&domain.conn)?;
        call.unsupported()
    })
}

/// For given user in domain set keys in authorized keys file. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainAuthorizedSSHKeysSet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *const c_char,
    nkeys: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainAuthorizedSSHKeysSet", |call| {
        let domain = call.domain(domain)?;
        call.non_null(user, "user")?;
        call.writable(&domain.conn)?;
        let append_or_remove =
            virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND as c_uint
                | virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE
                    as c_uint;
        if flags & append_or_remove != 0 {
            call.non_null(keys, "keys")?;
        }
        call.exclusive_flags(
            flags,
            flag!(virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND),
            flag!(virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE),
        )?;
        call.unsupported()
    })
}

/// Fetch a list of all messages recorded against the VM and store them into msgs array which is
/// allocated upon successful return and is NULL terminated. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virDomainGetMessages(
    domain: virDomainPtr,
    msgs: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainGetMessages", |call| {
        let _domain = call.domain(domain)?;
        call.non_null(msgs, "msgs")?;
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
