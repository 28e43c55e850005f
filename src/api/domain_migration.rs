//! libvirt-domain.h, jobs: migration (the public entry points that drive libvirt's
//! migration protocols over the source and destination connections), migration tunables,
//! job statistics and control, backups, dirty-rate measurement.
//!
//! Which protocol a migration uses is what the drivers say they support
//! (`VIR_DRV_FEATURE_*`), asked in libvirt's order. A migration that needs only the
//! source (peer-to-peer or direct: the `ToURI` family) is one Perform call. One that
//! the caller drives across two connections (`virDomainMigrate*`) starts with the
//! protocol's Begin on the source; driving the later phases (Prepare on the destination,
//! Perform, Finish, Confirm) is not written yet, so after a successful Begin these
//! report "not supported". Neither libvirt's test driver nor ours claims any migration
//! protocol, so in practice every one of them stops at libvirt's checks.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]
// `unsigned long` is 64 bits here but not everywhere: `u64::from` keeps it portable.
#![allow(clippy::useless_conversion)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uint, c_ulong, c_ulonglong};

use super::checks::flag;
use super::host::give_allocated;
use super::typedparams::from_c;
use super::{c_strdup, guard, Call, Sentinel};
use crate::abi::domain::{
    virDomainControlInfoPtr, virDomainDirtyRateCalcFlags, virDomainGetJobStatsFlags, virDomainMigrateFlags,
};
use crate::abi::host::virTypedParameterPtr;
use crate::abi::{virConnectPtr, virDomainPtr};
use crate::datatypes::{Connect, Domain as DomainHandle};
use crate::driver::TypedValue;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::protocol::TypedParam;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

// virDrvFeature (libvirt_internal.h)
const FEATURE_MIGRATION_V1: i32 = 1;
const FEATURE_MIGRATION_V2: i32 = 3;
const FEATURE_MIGRATION_P2P: i32 = 4;
const FEATURE_MIGRATION_DIRECT: i32 = 5;
const FEATURE_MIGRATION_V3: i32 = 6;
const FEATURE_MIGRATE_CHANGE_PROTECTION: i32 = 7;
const FEATURE_MIGRATION_OFFLINE: i32 = 12;
const FEATURE_MIGRATION_PARAMS: i32 = 13;

// VIR_MIGRATE_PARAM_*: the parameters the older entry points carry as arguments.
const PARAM_URI: &str = "migrate_uri";
const PARAM_DEST_NAME: &str = "destination_name";
const PARAM_DEST_XML: &str = "destination_xml";
const PARAM_BANDWIDTH: &str = "bandwidth";

const P2P: u64 = virDomainMigrateFlags::VIR_MIGRATE_PEER2PEER as u64;
const TUNNELLED: u64 = virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED as u64;
const OFFLINE: u64 = virDomainMigrateFlags::VIR_MIGRATE_OFFLINE as u64;
const CHANGE_PROTECTION: u64 = virDomainMigrateFlags::VIR_MIGRATE_CHANGE_PROTECTION as u64;

fn on_dom<R: Sentinel>(api: &'static str, dom: virDomainPtr, f: impl FnOnce(&mut Call, &Arc<DomainHandle>) -> Result<R>) -> R {
    guard(FROM, api, |call| {
        let d = call.domain(dom)?;
        f(call, &d)
    })
}

/// `VIR_DRV_SUPPORTS_FEATURE`: a driver that cannot say does not support it.
fn supports(c: &Connect, feature: i32) -> bool {
    c.driver.supports_feature(feature).unwrap_or(false)
}

fn unsupported_arg(what: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, what)
}

/// VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES needs one of the non-shared storage flags;
/// `checker` is the libvirt function reporting it when not the public API itself.
fn migrate_sync_writes(call: &Call, flags: impl Into<u64>, checker: Option<&str>) -> Result<()> {
    let sync = virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES as u64;
    let storage = virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK as u64
        | virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC as u64;
    let mut err = match call.required_flag(
        flags,
        (sync, "VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES"),
        (storage, "VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC"),
    ) {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    if let Some(name) = checker {
        err.str1 = Some(name.to_string());
    }
    Err(err)
}

/// The checks every managed migration (`virDomainMigrate*`) makes of both connections.
fn managed_checks(call: &mut Call, domain: &DomainHandle, dconn: virConnectPtr, flags: u64, tunnel_flag_ok: bool) -> Result<Arc<Connect>> {
    call.writable(&domain.conn)?;
    let dconn = call.other_conn(dconn)?;
    call.writable(&dconn)?;
    call.exclusive_flags(
        flags,
        flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_DISK),
        flag!(virDomainMigrateFlags::VIR_MIGRATE_NON_SHARED_INC),
    )?;
    if tunnel_flag_ok {
        call.exclusive_flags(
            flags,
            flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
            flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
        )?;
    }
    migrate_sync_writes(call, flags, None)?;
    Ok(dconn)
}

/// Offline migration needs both sides' support.
fn offline_check(src: &Connect, dst: &Connect, flags: u64) -> Result<()> {
    if flags & OFFLINE != 0 {
        if !supports(src, FEATURE_MIGRATION_OFFLINE) {
            return Err(unsupported_arg("offline migration is not supported by the source host"));
        }
        if !supports(dst, FEATURE_MIGRATION_OFFLINE) {
            return Err(unsupported_arg("offline migration is not supported by the destination host"));
        }
    }
    Ok(())
}

/// Change protection is re-added by the v3 protocol for the source only; refused when
/// the source cannot, else masked out.
fn change_protection(src: &Connect, flags: u64) -> Result<u64> {
    if flags & CHANGE_PROTECTION != 0 && !supports(src, FEATURE_MIGRATE_CHANGE_PROTECTION) {
        return Err(unsupported_arg("cannot enforce change protection"));
    }
    Ok(flags & !CHANGE_PROTECTION)
}

/// The migration parameters the older entry points pass as arguments.
fn compat_params(dxml: Option<&str>, dname: Option<&str>, uri: Option<&str>, bandwidth: u64) -> Vec<TypedParam> {
    let s = |field: &str, v: Option<&str>| v.map(|v| TypedParam { field: field.into(), value: TypedValue::String(v.into()) });
    let mut p: Vec<TypedParam> = [s(PARAM_URI, uri), s(PARAM_DEST_NAME, dname), s(PARAM_DEST_XML, dxml)].into_iter().flatten().collect();
    p.push(TypedParam { field: PARAM_BANDWIDTH.into(), value: TypedValue::ULLong(bandwidth) });
    p
}

/// The older protocols' arguments from `params`, refusing any they cannot carry.
struct Compat {
    uri: Option<String>,
    dname: Option<String>,
    dxml: Option<String>,
    bandwidth: u64,
}

/// Which parameters an older protocol carries, and how libvirt refuses the others.
struct CompatRule {
    known: &'static [&'static str],
    refusal: &'static str,
}

const COMPAT_MANAGED: CompatRule = CompatRule {
    known: &[PARAM_URI, PARAM_DEST_NAME, PARAM_DEST_XML, PARAM_BANDWIDTH],
    refusal: "Migration APIs with extensible parameters are not supported but extended parameters were passed",
};
const COMPAT_PROTO3: CompatRule = CompatRule {
    known: &[PARAM_URI, PARAM_DEST_NAME, PARAM_DEST_XML, PARAM_BANDWIDTH],
    refusal: "Some parameters are not supported by migration protocol 3",
};
const COMPAT_PROTO2: CompatRule = CompatRule {
    known: &[PARAM_DEST_NAME, PARAM_BANDWIDTH, PARAM_URI],
    refusal: "Some parameters are not supported by migration protocol 2",
};

fn from_params(params: &[TypedParam], rule: CompatRule) -> Result<Compat> {
    if params.iter().any(|p| !rule.known.contains(&p.field.as_str())) {
        return Err(unsupported_arg(rule.refusal));
    }
    let mut c = Compat { uri: None, dname: None, dxml: None, bandwidth: 0 };
    for p in params {
        match (p.field.as_str(), &p.value) {
            (PARAM_URI, TypedValue::String(v)) => c.uri = Some(v.clone()),
            (PARAM_DEST_NAME, TypedValue::String(v)) => c.dname = Some(v.clone()),
            (PARAM_DEST_XML, TypedValue::String(v)) => c.dxml = Some(v.clone()),
            (PARAM_BANDWIDTH, TypedValue::ULLong(v)) => c.bandwidth = *v,
            (PARAM_URI | PARAM_DEST_NAME | PARAM_DEST_XML | PARAM_BANDWIDTH, _) => {
                let wanted = if p.field == PARAM_BANDWIDTH { "ullong" } else { "string" };
                return Err(Error::new(
                    Domain::VIR_FROM_NONE,
                    Code::VIR_ERR_INVALID_ARG,
                    format!(
                        "Invalid type '{wanted}' requested for parameter '{}', actual type is '{}'",
                        p.field,
                        p.value.type_name()
                    ),
                ))
            }
            _ => {} // not one of the rule's: refused above
        }
    }
    Ok(c)
}


/// A managed migration once both connections passed libvirt's checks: the protocol both
/// sides support, started with its first step on the source.
/// `extensible`: the caller passed `VIR_MIGRATE_PARAM_*` parameters (`virDomainMigrate3`),
/// which the newest protocol takes as they are.
fn managed(
    api: &str,
    domain: &DomainHandle,
    dconn: &Connect,
    params: Vec<TypedParam>,
    flags: u64,
    extensible: bool,
) -> Result<virDomainPtr> {
    let src = &domain.conn;
    let dom = domain.ident();
    let both = |f| supports(src, f) && supports(dconn, f);
    if extensible && both(FEATURE_MIGRATION_PARAMS) {
        src.driver.domain_migrate_begin3_params(&dom, &params, flags as u32)?;
    } else {
        let c = from_params(&params, COMPAT_MANAGED)?;
        if both(FEATURE_MIGRATION_V3) {
            src.driver.domain_migrate_begin3(&dom, c.dxml.as_deref(), flags, c.dname.as_deref(), c.bandwidth)?;
        } else if both(FEATURE_MIGRATION_V2) || both(FEATURE_MIGRATION_V1) {
            if c.dxml.is_some() {
                return Err(unsupported_arg("Unable to change target guest XML during migration"));
            }
        } else {
            return Err(Error::no_support(FROM, api));
        }
    }
    // Prepare, Perform, Finish and Confirm are not driven yet.
    Err(Error::no_support(FROM, api))
}

/// Peer-to-peer migration asked through the managed entry points: the source performs
/// it alone, then the domain is looked up on the destination.
fn peer_to_peer(
    d: &DomainHandle,
    dconn_ptr: virConnectPtr,
    dconn: &Arc<Connect>,
    dconnuri: &str,
    params: Vec<TypedParam>,
    flags: u64,
    api: &str,
) -> Result<virDomainPtr> {
    if !supports(&d.conn, FEATURE_MIGRATION_P2P) {
        return Err(Error::no_support(FROM, api));
    }
    let name = params
        .iter()
        .find_map(|p| match (&*p.field, &p.value) {
            (PARAM_DEST_NAME, TypedValue::String(v)) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| d.ident().name.clone());
    unmanaged(d, Some(dconnuri), params, flags)?;
    let id = dconn.driver.domain_lookup_by_name(&name)?;
    Ok(crate::datatypes::new_domain(dconn, dconn_ptr as usize, id))
}

/// `virDomainMigrateCheckNotLocal`: a peer-to-peer destination must not be this host.
fn check_not_local(dconnuri: &str) -> Result<()> {
    let uri = crate::uri::Uri::parse(dconnuri)?;
    if uri.server.as_deref().is_none_or(|server| server.starts_with("localhost")) {
        return Err(Error::raw(FROM, Code::VIR_ERR_INVALID_ARG, "Attempt to migrate guest to the same host"));
    }
    Ok(())
}

/// `virDomainMigrateUnmanagedCheckCompat`: what the source must support for a migration
/// it performs alone.
fn unmanaged_checks(call: &Call, domain: &DomainHandle, flags: u64) -> Result<()> {
    call.exclusive_flags(
        flags,
        flag!(virDomainMigrateFlags::VIR_MIGRATE_TUNNELLED),
        flag!(virDomainMigrateFlags::VIR_MIGRATE_PARALLEL),
    )?;
    migrate_sync_writes(call, flags, Some("virDomainMigrateUnmanagedCheckCompat"))?;
    let src = &domain.conn;
    if flags & OFFLINE != 0 && !supports(src, FEATURE_MIGRATION_OFFLINE) {
        return Err(unsupported_arg("offline migration is not supported by the source host"));
    }
    if flags & P2P != 0 {
        if !supports(src, FEATURE_MIGRATION_P2P) {
            return Err(unsupported_arg("p2p migration is not supported by the source host"));
        }
    } else if !supports(src, FEATURE_MIGRATION_DIRECT) {
        return Err(unsupported_arg("direct migration is not supported by the source host"));
    }
    Ok(())
}

/// A migration the source performs alone: one Perform of the newest protocol it has.
fn unmanaged(domain: &DomainHandle, dconnuri: Option<&str>, params: Vec<TypedParam>, flags: u64) -> Result<c_int> {
    if flags & P2P != 0 {
        check_not_local(dconnuri.unwrap_or(""))?;
    }
    let src = &domain.conn;
    let dom = domain.ident();
    if flags & P2P != 0 && supports(src, FEATURE_MIGRATION_PARAMS) {
        src.driver.domain_migrate_perform3_params(&dom, dconnuri, &params, &[], flags as u32)?;
        return Ok(0);
    }
    if supports(src, FEATURE_MIGRATION_V3) {
        let c = from_params(&params, COMPAT_PROTO3)?;
        src.driver.domain_migrate_perform3(
            &dom,
            c.dxml.as_deref(),
            &[],
            dconnuri,
            c.uri.as_deref(),
            flags,
            c.dname.as_deref(),
            c.bandwidth,
        )?;
        return Ok(0);
    }
    let c = from_params(&params, COMPAT_PROTO2)?;
    let uri = if flags & P2P != 0 {
        if c.uri.is_some() {
            return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "Unable to override peer2peer migration URI"));
        }
        dconnuri
    } else {
        c.uri.as_deref()
    };
    src.driver.domain_migrate_perform(&dom, &[], uri.unwrap_or(""), flags, c.dname.as_deref(), c.bandwidth)?;
    Ok(0)
}

/// Migrates the domain to the host `dconn` is connected to; returns the domain there
/// (the caller frees it with `virDomainFree`), or NULL.
#[no_mangle]
pub extern "C" fn virDomainMigrate(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    flags: c_ulong,
    dname: *const c_char,
    uri: *const c_char,
    bandwidth: c_ulong,
) -> virDomainPtr {
    let dconn_ptr = dconn;
    on_dom("virDomainMigrate", domain, |call, d| {
        let dconn = managed_checks(call, d, dconn, u64::from(flags), true)?;
        let flags = u64::from(flags);
        offline_check(&d.conn, &dconn, flags)?;
        let (dname, uri) = (call.opt_str_arg(dname, "dname")?, call.opt_str_arg(uri, "uri")?);
        if flags & P2P != 0 {
            // The source does it all, to `uri` or else the destination connection's URI.
            let dst = dconn.uri.to_string_lossy().into_owned();
            return peer_to_peer(d, dconn_ptr, &dconn, uri.unwrap_or(&dst), compat_params(None, dname, None, u64::from(bandwidth)), flags, "virDomainMigrate");
        }
        let flags = change_protection(&d.conn, flags)?;
        if flags & TUNNELLED != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "cannot perform tunnelled migration without using peer2peer flag",
            ));
        }
        managed("virDomainMigrate", d, &dconn, compat_params(None, dname, uri, u64::from(bandwidth)), flags, false)
    })
}

/// As `virDomainMigrate`, with the destination's domain XML `dxml`.
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
    let dconn_ptr = dconn;
    on_dom("virDomainMigrate2", domain, |call, d| {
        let dconn = managed_checks(call, d, dconn, u64::from(flags), true)?;
        let flags = u64::from(flags);
        offline_check(&d.conn, &dconn, flags)?;
        let (dxml, dname, uri) =
            (call.opt_str_arg(dxml, "dxml")?, call.opt_str_arg(dname, "dname")?, call.opt_str_arg(uri, "uri")?);
        if flags & P2P != 0 {
            let dst = dconn.uri.to_string_lossy().into_owned();
            return peer_to_peer(d, dconn_ptr, &dconn, &dst, compat_params(dxml, dname, uri, u64::from(bandwidth)), flags, "virDomainMigrate2");
        }
        let flags = change_protection(&d.conn, flags)?;
        if flags & TUNNELLED != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "cannot perform tunnelled migration without using peer2peer flag",
            ));
        }
        managed("virDomainMigrate2", d, &dconn, compat_params(dxml, dname, uri, u64::from(bandwidth)), flags, false)
    })
}

/// Migrates the domain to `dconn`'s host with `VIR_MIGRATE_PARAM_*` parameters.
#[no_mangle]
pub extern "C" fn virDomainMigrate3(
    domain: virDomainPtr,
    dconn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> virDomainPtr {
    on_dom("virDomainMigrate3", domain, |call, d| {
        let dconn = managed_checks(call, d, dconn, u64::from(flags), false)?;
        let flags = u64::from(flags);
        if flags & P2P != 0 {
            return Err(call.arg_error("flags", "use virDomainMigrateToURI3 for peer-to-peer migration".to_string()));
        }
        if flags & TUNNELLED != 0 {
            return Err(call.arg_error("flags", "cannot perform tunnelled migration without using peer2peer flag".to_string()));
        }
        offline_check(&d.conn, &dconn, flags)?;
        let flags = change_protection(&d.conn, flags)?;
        let p = from_c(params, nparams as c_int)?;
        managed("virDomainMigrate3", d, &dconn, p, flags, true)
    })
}

/// Migrates the domain to `duri`: a libvirt URI of the destination with
/// `VIR_MIGRATE_PEER2PEER`, else a hypervisor-specific migration URI.
#[no_mangle]
pub extern "C" fn virDomainMigrateToURI(
    domain: virDomainPtr,
    duri: *const c_char,
    flags: c_ulong,
    dname: *const c_char,
    bandwidth: c_ulong,
) -> c_int {
    on_dom("virDomainMigrateToURI", domain, |call, d| {
        call.writable(&d.conn)?;
        let duri = call.str_arg(duri, "duri")?;
        let flags = u64::from(flags);
        unmanaged_checks(call, d, flags)?;
        let dname = call.opt_str_arg(dname, "dname")?;
        let (dconnuri, miguri) = if flags & P2P != 0 { (Some(duri), None) } else { (None, Some(duri)) };
        unmanaged(d, dconnuri, compat_params(None, dname, miguri, u64::from(bandwidth)), flags)
    })
}

/// Migrates the domain to `dconnuri` (with `VIR_MIGRATE_PEER2PEER`) over `miguri`.
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
    on_dom("virDomainMigrateToURI2", domain, |call, d| {
        call.writable(&d.conn)?;
        let flags = u64::from(flags);
        unmanaged_checks(call, d, flags)?;
        let dconnuri = if flags & P2P != 0 { Some(call.str_arg(dconnuri, "dconnuri")?) } else { None };
        let (miguri, dxml, dname) =
            (call.opt_str_arg(miguri, "miguri")?, call.opt_str_arg(dxml, "dxml")?, call.opt_str_arg(dname, "dname")?);
        unmanaged(d, dconnuri, compat_params(dxml, dname, miguri, u64::from(bandwidth)), flags)
    })
}

/// Migrates the domain to `dconnuri` (with `VIR_MIGRATE_PEER2PEER`) with
/// `VIR_MIGRATE_PARAM_*` parameters.
#[no_mangle]
pub extern "C" fn virDomainMigrateToURI3(
    domain: virDomainPtr,
    dconnuri: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainMigrateToURI3", domain, |call, d| {
        call.writable(&d.conn)?;
        let flags = u64::from(flags);
        unmanaged_checks(call, d, flags)?;
        let dconnuri = if flags & P2P != 0 { Some(call.str_arg(dconnuri, "dconnuri")?) } else { None };
        let p = from_c(params, nparams as c_int)?;
        unmanaged(d, dconnuri, p, flags)
    })
}

/// The longest pause (ms) allowed at the end of a live migration, in `*downtime`.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetMaxDowntime(domain: virDomainPtr, downtime: *mut c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateGetMaxDowntime", domain, |call, d| {
        call.non_null(downtime, "downtime")?;
        let v = d.conn.driver.domain_migrate_get_max_downtime(&d.ident(), flags)?;
        // SAFETY: checked non-NULL.
        unsafe { *downtime = v };
        Ok(0)
    })
}

/// Sets the longest pause (ms) allowed at the end of a live migration.
#[no_mangle]
pub extern "C" fn virDomainMigrateSetMaxDowntime(domain: virDomainPtr, downtime: c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateSetMaxDowntime", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_migrate_set_max_downtime(&d.ident(), downtime, flags)?;
        Ok(0)
    })
}

/// The size (bytes) of the cache compressing pages sent again during migration.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetCompressionCache(domain: virDomainPtr, cacheSize: *mut c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateGetCompressionCache", domain, |call, d| {
        call.non_null(cacheSize, "cacheSize")?;
        let v = d.conn.driver.domain_migrate_get_compression_cache(&d.ident(), flags)?;
        // SAFETY: checked non-NULL.
        unsafe { *cacheSize = v };
        Ok(0)
    })
}

/// Sets the size (bytes) of the migration compression cache.
#[no_mangle]
pub extern "C" fn virDomainMigrateSetCompressionCache(domain: virDomainPtr, cacheSize: c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateSetCompressionCache", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_migrate_set_compression_cache(&d.ident(), cacheSize, flags)?;
        Ok(0)
    })
}

/// Sets the migration bandwidth limit (MiB/s).
#[no_mangle]
pub extern "C" fn virDomainMigrateSetMaxSpeed(domain: virDomainPtr, bandwidth: c_ulong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateSetMaxSpeed", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_migrate_set_max_speed(&d.ident(), u64::from(bandwidth), flags)?;
        Ok(0)
    })
}

/// The migration bandwidth limit (MiB/s), in `*bandwidth`.
#[no_mangle]
pub extern "C" fn virDomainMigrateGetMaxSpeed(domain: virDomainPtr, bandwidth: *mut c_ulong, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateGetMaxSpeed", domain, |call, d| {
        call.non_null(bandwidth, "bandwidth")?;
        call.writable(&d.conn)?;
        let v = d.conn.driver.domain_migrate_get_max_speed(&d.ident(), flags)?;
        // SAFETY: checked non-NULL.
        unsafe { *bandwidth = v as c_ulong };
        Ok(0)
    })
}

/// Switches a running migration to post-copy.
#[no_mangle]
pub extern "C" fn virDomainMigrateStartPostCopy(domain: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainMigrateStartPostCopy", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_migrate_start_post_copy(&d.ident(), flags)?;
        Ok(0)
    })
}

/// The state of the domain's control interface (monitor, agent...) into `*info`.
#[no_mangle]
pub extern "C" fn virDomainGetControlInfo(domain: virDomainPtr, info: virDomainControlInfoPtr, flags: c_uint) -> c_int {
    on_dom("virDomainGetControlInfo", domain, |call, d| {
        call.non_null(info, "info")?;
        let r = d.conn.driver.domain_get_control_info(&d.ident(), flags)?;
        // SAFETY: checked non-NULL; points at the caller's virDomainControlInfo.
        let out = unsafe { &mut *info };
        out.state = r.state;
        out.details = r.details;
        out.stateTime = r.state_time;
        Ok(0)
    })
}

/// Statistics of the domain's current (or last completed) job: `*type` its
/// `virDomainJobType`, `*params` a new array the caller frees with
/// `virTypedParamsFree`, `*nparams` its length.
#[no_mangle]
pub extern "C" fn virDomainGetJobStats(
    domain: virDomainPtr,
    r#type: *mut c_int,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetJobStats", domain, |call, d| {
        call.non_null(r#type, "type")?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.required_flag(
            flags,
            flag!(virDomainGetJobStatsFlags::VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED),
            flag!(virDomainGetJobStatsFlags::VIR_DOMAIN_JOB_STATS_COMPLETED),
        )?;
        let r = d.conn.driver.domain_get_job_stats(&d.ident(), flags)?;
        // SAFETY: checked non-NULL.
        unsafe { *r#type = r.type_ };
        give_allocated(params, nparams, &r.params.0)
    })
}

/// Asks the domain's current job to stop.
#[no_mangle]
pub extern "C" fn virDomainAbortJob(dom: virDomainPtr) -> c_int {
    on_dom("virDomainAbortJob", dom, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_abort_job(&d.ident())?;
        Ok(0)
    })
}

/// Asks the domain's current job to stop (`flags`: `virDomainAbortJobFlagsValues`).
#[no_mangle]
pub extern "C" fn virDomainAbortJobFlags(dom: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainAbortJobFlags", dom, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_abort_job_flags(&d.ident(), flags)?;
        Ok(0)
    })
}

/// Starts a backup job of the running domain's disks as `backupXML` describes,
/// optionally creating the checkpoint `checkpointXML` describes.
#[no_mangle]
pub extern "C" fn virDomainBackupBegin(
    domain: virDomainPtr,
    backupXML: *const c_char,
    checkpointXML: *const c_char,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBackupBegin", domain, |call, d| {
        let backup = call.str_arg(backupXML, "backupXML")?;
        call.writable(&d.conn)?;
        let checkpoint = call.opt_str_arg(checkpointXML, "checkpointXML")?;
        d.conn.driver.domain_backup_begin(&d.ident(), backup, checkpoint, flags)?;
        Ok(0)
    })
}

/// The description of the running backup job, as XML the caller frees.
#[no_mangle]
pub extern "C" fn virDomainBackupGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    on_dom("virDomainBackupGetXMLDesc", domain, |_, d| {
        Ok(c_strdup(&d.conn.driver.domain_backup_get_xml_desc(&d.ident(), flags)?))
    })
}

/// Starts measuring how fast the guest dirties its memory, over `seconds`.
#[no_mangle]
pub extern "C" fn virDomainStartDirtyRateCalc(domain: virDomainPtr, seconds: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainStartDirtyRateCalc", domain, |call, d| {
        call.writable(&d.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainDirtyRateCalcFlags::VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP),
            flag!(virDomainDirtyRateCalcFlags::VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING),
        )?;
        d.conn.driver.domain_start_dirty_rate_calc(&d.ident(), seconds, flags)?;
        Ok(0)
    })
}
