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
