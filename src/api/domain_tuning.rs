//! libvirt-domain.h, tuning: scheduler, memory, NUMA, block I/O and interface parameters,
//! block I/O throttling, vCPU and emulator pinning. Each export checks what libvirt's public
//! API checks, then calls the connection's [`DomainTuning`](crate::driver::DomainTuning) slot.
//!
//! Typed parameters: getters follow libvirt's two steps (`*nparams == 0` asks how many
//! there are; otherwise up to `*nparams` are written into the caller's array, strings
//! strdup'ed for the caller to release with `virTypedParamsClear`).

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uchar, c_uint, c_void};

use super::checks::flag;
use crate::datatypes::Domain as DomainHandle;
use super::typedparams::{fill_c, from_c, quietly};
use super::{guard, Call, Sentinel};
use crate::abi::domain::{
    virDomainIOThreadInfo, virDomainIOThreadInfoPtr, virDomainMetadataType, virDomainModificationImpact,
};
use crate::abi::host::virTypedParameterPtr;
use crate::abi::virDomainPtr;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::protocol::TypedParam;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// `VIR_TYPED_PARAM_STRING_OKAY`: libvirt adds it for drivers that take string
/// parameters, which every driver here does.
const STRING_OKAY: c_uint = 4;

fn on_dom<R: Sentinel>(api: &'static str, dom: virDomainPtr, f: impl FnOnce(&mut Call, &Arc<DomainHandle>) -> Result<R>) -> R {
    guard(FROM, api, |call| {
        let d = call.domain(dom)?;
        f(call, &d)
    })
}

fn live_or_config(call: &Call, flags: c_uint) -> Result<()> {
    call.exclusive_flags(
        flags,
        flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_LIVE),
        flag!(virDomainModificationImpact::VIR_DOMAIN_AFFECT_CONFIG),
    )
}

/// The getters' common ending: the count when asked for it, else the parameters.
fn give_params(params: virTypedParameterPtr, nparams: *mut c_int, got: Vec<TypedParam>, count: i32) -> Result<c_int> {
    // SAFETY: `nparams` was checked non-NULL by the caller.
    let asked = unsafe { *nparams };
    let n = if asked == 0 { count } else { fill_c(params, asked.max(0) as usize, &got)? };
    // SAFETY: as above.
    unsafe { *nparams = n };
    Ok(0)
}

/// The setters' parameters, checked (after the caller's read-only refusal).
fn take_params(call: &Call, params: virTypedParameterPtr, nparams: c_int) -> Result<Vec<TypedParam>> {
    call.non_null(params, "params")?;
    from_c(params, nparams)
}

// ---- scheduler -------------------------------------------------------------------------

/// The scheduler's name (the caller frees it) and, in `*nparams` if given, how many
/// parameters it has.
#[no_mangle]
pub extern "C" fn virDomainGetSchedulerType(domain: virDomainPtr, nparams: *mut c_int) -> *mut c_char {
    on_dom("virDomainGetSchedulerType", domain, |_, d| {
        let r = d.conn.driver.domain_get_scheduler_type(&d.ident())?;
        if !nparams.is_null() {
            // SAFETY: a non-NULL `nparams` points at an int the caller owns.
            unsafe { *nparams = r.nparams };
        }
        Ok(super::c_strdup(&r.type_))
    })
}

fn get_sched(call: &Call, d: &DomainHandle, params: virTypedParameterPtr, nparams: *mut c_int, flags: Option<c_uint>) -> Result<c_int> {
    call.non_null(params, "params")?;
    call.non_null(nparams, "nparams")?;
    call.positive_at(nparams, "*nparams")?;
    // SAFETY: checked non-NULL above.
    let asked = unsafe { *nparams };
    // Without flags, the older procedure: a daemon's own API would add STRING_OKAY to
    // the newer one, which some drivers refuse.
    let got = match flags {
        None => d.conn.driver.domain_get_scheduler_parameters(&d.ident(), asked)?.params.0,
        Some(f) => d.conn.driver.domain_get_scheduler_parameters_flags(&d.ident(), asked, f)?.params.0,
    };
    let n = fill_c(params, asked as usize, &got)?;
    // SAFETY: as above.
    unsafe { *nparams = n };
    Ok(0)
}

/// The read-only refusal is the caller's.
fn set_sched(call: &Call, d: &DomainHandle, params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> Result<c_int> {
    call.non_null(params, "params")?;
    call.non_negative(nparams as i64, "nparams")?;
    let p = from_c(params, nparams)?;
    d.conn.driver.domain_set_scheduler_parameters_flags(&d.ident(), &p, flags)?;
    Ok(0)
}

/// Up to `*nparams` (> 0) scheduler parameters into `params`; `*nparams` becomes how many.
#[no_mangle]
pub extern "C" fn virDomainGetSchedulerParameters(domain: virDomainPtr, params: virTypedParameterPtr, nparams: *mut c_int) -> c_int {
    on_dom("virDomainGetSchedulerParameters", domain, |call, d| get_sched(call, d, params, nparams, None))
}

/// As `virDomainGetSchedulerParameters`, for the live or the persistent definition.
#[no_mangle]
pub extern "C" fn virDomainGetSchedulerParametersFlags(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetSchedulerParametersFlags", domain, |call, d| {
        live_or_config(call, flags)?;
        get_sched(call, d, params, nparams, Some(flags | STRING_OKAY))
    })
}

/// Changes scheduler parameters.
#[no_mangle]
pub extern "C" fn virDomainSetSchedulerParameters(domain: virDomainPtr, params: virTypedParameterPtr, nparams: c_int) -> c_int {
    on_dom("virDomainSetSchedulerParameters", domain, |call, d| {
        call.writable(&d.conn)?;
        set_sched(call, d, params, nparams, 0)
    })
}

/// Changes scheduler parameters of the live or the persistent definition.
#[no_mangle]
pub extern "C" fn virDomainSetSchedulerParametersFlags(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetSchedulerParametersFlags", domain, |call, d| {
        call.writable(&d.conn)?;
        set_sched(call, d, params, nparams, flags)
    })
}

// ---- memory, NUMA, block I/O --------------------------------------------------------------

/// The getters' common checks.
fn get_checks(call: &Call, params: virTypedParameterPtr, nparams: *mut c_int, flags: c_uint) -> Result<i32> {
    call.non_null(nparams, "nparams")?;
    call.non_negative_at(nparams, "*nparams")?;
    call.non_null_array_at(params, nparams, "params")?;
    live_or_config(call, flags)?;
    // SAFETY: checked non-NULL above.
    Ok(unsafe { *nparams })
}

/// The memory limits (KiB): `*nparams == 0` asks how many there are.
#[no_mangle]
pub extern "C" fn virDomainGetMemoryParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetMemoryParameters", domain, |call, d| {
        let asked = get_checks(call, params, nparams, flags)?;
        let r = d.conn.driver.domain_get_memory_parameters(&d.ident(), asked, flags | STRING_OKAY)?;
        give_params(params, nparams, r.params.0, r.nparams)
    })
}

/// Changes memory limits.
#[no_mangle]
pub extern "C" fn virDomainSetMemoryParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetMemoryParameters", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        let p = take_params(call, params, nparams)?;
        d.conn.driver.domain_set_memory_parameters(&d.ident(), &p, flags)?;
        Ok(0)
    })
}

/// The NUMA memory mode and nodeset: `*nparams == 0` asks how many there are.
#[no_mangle]
pub extern "C" fn virDomainGetNumaParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetNumaParameters", domain, |call, d| {
        let asked = get_checks(call, params, nparams, flags)?;
        let r = d.conn.driver.domain_get_numa_parameters(&d.ident(), asked, flags | STRING_OKAY)?;
        give_params(params, nparams, r.params.0, r.nparams)
    })
}

/// Changes the NUMA memory mode or nodeset.
#[no_mangle]
pub extern "C" fn virDomainSetNumaParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetNumaParameters", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        let p = take_params(call, params, nparams)?;
        d.conn.driver.domain_set_numa_parameters(&d.ident(), &p, flags)?;
        Ok(0)
    })
}

/// The block I/O weight and per-device limits: `*nparams == 0` asks how many there are.
#[no_mangle]
pub extern "C" fn virDomainGetBlkioParameters(
    domain: virDomainPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetBlkioParameters", domain, |call, d| {
        let asked = get_checks(call, params, nparams, flags)?;
        let r = d.conn.driver.domain_get_blkio_parameters(&d.ident(), asked, flags | STRING_OKAY)?;
        give_params(params, nparams, r.params.0, r.nparams)
    })
}

/// The bandwidth of interface `device` (name or MAC): `*nparams == 0` asks how many.
#[no_mangle]
pub extern "C" fn virDomainGetInterfaceParameters(
    dom: virDomainPtr,
    device: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetInterfaceParameters", dom, |call, d| {
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        // SAFETY: checked non-NULL above.
        let asked = unsafe { *nparams };
        let device = call.str_arg(device, "device")?;
        let r = d.conn.driver.domain_get_interface_parameters(&d.ident(), device, asked, flags | STRING_OKAY)?;
        give_params(params, nparams, r.params.0, r.nparams)
    })
}

/// Changes the bandwidth of interface `device` (name or MAC).
#[no_mangle]
pub extern "C" fn virDomainSetInterfaceParameters(
    dom: virDomainPtr,
    device: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetInterfaceParameters", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        let device = call.str_arg(device, "device")?;
        let p = take_params(call, params, nparams)?;
        d.conn.driver.domain_set_interface_parameters(&d.ident(), device, &p, flags)?;
        Ok(0)
    })
}

/// The I/O throttle of `disk` (target or source path): `*nparams == 0` asks how many.
#[no_mangle]
pub extern "C" fn virDomainGetBlockIoTune(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetBlockIoTune", dom, |call, d| {
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        call.non_null_array_at(disk, nparams, "disk")?;
        live_or_config(call, flags)?;
        // SAFETY: checked non-NULL above.
        let asked = unsafe { *nparams };
        let disk = if disk.is_null() { None } else { Some(call.str_arg(disk, "disk")?) };
        let r = d.conn.driver.domain_get_block_io_tune(&d.ident(), disk, asked, flags | STRING_OKAY)?;
        give_params(params, nparams, r.params.0, r.nparams)
    })
}

/// Changes the I/O throttle of `disk`.
#[no_mangle]
pub extern "C" fn virDomainSetBlockIoTune(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetBlockIoTune", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        call.positive(nparams as i64, "nparams")?;
        call.non_null_array(params, nparams as i64, "params")?;
        let disk = call.str_arg(disk, "disk")?;
        let p = take_params(call, params, nparams)?;
        d.conn.driver.domain_set_block_io_tune(&d.ident(), disk, &p, flags)?;
        Ok(0)
    })
}

// ---- pinning ------------------------------------------------------------------------------

/// The caller's `maplen` bytes of CPU map.
fn cpumap_arg<'a>(cpumap: *const c_uchar, maplen: c_int) -> &'a [u8] {
    // SAFETY: the API requires `cpumap` to hold `maplen` bytes (both checked by callers).
    unsafe { std::slice::from_raw_parts(cpumap, maplen.max(0) as usize) }
}

fn pin_vcpu(call: &Call, d: &DomainHandle, vcpu: c_uint, cpumap: *mut c_uchar, maplen: c_int, flags: c_uint) -> Result<c_int> {
    call.writable(&d.conn)?;
    call.non_null(cpumap, "cpumap")?;
    call.positive(maplen as i64, "maplen")?;
    d.conn.driver.domain_pin_vcpu_flags(&d.ident(), vcpu, cpumap_arg(cpumap, maplen), flags)?;
    Ok(0)
}

/// Pins vCPU `vcpu` to the host CPUs set in `cpumap` (`maplen` bytes).
#[no_mangle]
pub extern "C" fn virDomainPinVcpu(domain: virDomainPtr, vcpu: c_uint, cpumap: *mut c_uchar, maplen: c_int) -> c_int {
    on_dom("virDomainPinVcpu", domain, |call, d| pin_vcpu(call, d, vcpu, cpumap, maplen, 0))
}

/// As `virDomainPinVcpu`, with flags.
#[no_mangle]
pub extern "C" fn virDomainPinVcpuFlags(
    domain: virDomainPtr,
    vcpu: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainPinVcpuFlags", domain, |call, d| pin_vcpu(call, d, vcpu, cpumap, maplen, flags))
}

/// Copies `maps` into the caller's `cpumaps`, at most `cap` bytes.
fn give_maps(cpumaps: *mut c_uchar, cap: usize, maps: &[u8]) {
    let n = maps.len().min(cap);
    // SAFETY: the caller's buffer holds `cap` bytes; `n` <= `cap`.
    unsafe { std::ptr::copy_nonoverlapping(maps.as_ptr(), cpumaps, n) };
}

/// The affinity of the first `ncpumaps` vCPUs, `maplen` bytes each; returns how many.
#[no_mangle]
pub extern "C" fn virDomainGetVcpuPinInfo(
    domain: virDomainPtr,
    ncpumaps: c_int,
    cpumaps: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetVcpuPinInfo", domain, |call, d| {
        call.positive(ncpumaps as i64, "ncpumaps")?;
        call.non_null_array(cpumaps, ncpumaps as i64, "cpumaps")?;
        call.positive(maplen as i64, "maplen")?;
        live_or_config(call, flags)?;
        let r = d.conn.driver.domain_get_vcpu_pin_info(&d.ident(), ncpumaps, maplen, flags)?;
        give_maps(cpumaps, ncpumaps as usize * maplen as usize, &r.cpumaps.0);
        Ok(r.num)
    })
}

/// Pins the emulator threads to the host CPUs set in `cpumap`.
#[no_mangle]
pub extern "C" fn virDomainPinEmulator(domain: virDomainPtr, cpumap: *mut c_uchar, maplen: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainPinEmulator", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(cpumap, "cpumap")?;
        call.positive(maplen as i64, "maplen")?;
        d.conn.driver.domain_pin_emulator(&d.ident(), cpumap_arg(cpumap, maplen), flags)?;
        Ok(0)
    })
}

/// The emulator threads' affinity, in `maplen` bytes; returns 1.
#[no_mangle]
pub extern "C" fn virDomainGetEmulatorPinInfo(domain: virDomainPtr, cpumaps: *mut c_uchar, maplen: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainGetEmulatorPinInfo", domain, |call, d| {
        call.non_null(cpumaps, "cpumap")?;
        call.positive(maplen as i64, "maplen")?;
        live_or_config(call, flags)?;
        let r = d.conn.driver.domain_get_emulator_pin_info(&d.ident(), maplen, flags)?;
        give_maps(cpumaps, maplen as usize, &r.cpumaps.0);
        Ok(r.ret)
    })
}

// ---- block I/O weights, memory statistics period --------------------------------------

/// Changes block I/O tunables (weights and per-device limits).
#[no_mangle]
pub extern "C" fn virDomainSetBlkioParameters(domain: virDomainPtr, params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetBlkioParameters", domain, |call, d| {
        call.writable(&d.conn)?;
        let p = take_params(call, params, nparams)?;
        d.conn.driver.domain_set_blkio_parameters(&d.ident(), &p, flags)?;
        Ok(0)
    })
}

/// Sets how often (seconds; 0 stops it) the balloon driver refreshes the guest's memory
/// statistics, live and/or in the persistent configuration (`virDomainMemoryModFlags`).
#[no_mangle]
pub extern "C" fn virDomainSetMemoryStatsPeriod(domain: virDomainPtr, period: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetMemoryStatsPeriod", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_negative(period as i64, "period")?;
        d.conn.driver.domain_set_memory_stats_period(&d.ident(), period, flags)?;
        Ok(0)
    })
}

// ---- metadata ------------------------------------------------------------------------------

const META_DESCRIPTION: c_int = virDomainMetadataType::VIR_DOMAIN_METADATA_DESCRIPTION as c_int;
const META_TITLE: c_int = virDomainMetadataType::VIR_DOMAIN_METADATA_TITLE as c_int;
const META_ELEMENT: c_int = virDomainMetadataType::VIR_DOMAIN_METADATA_ELEMENT as c_int;

/// Sets (or with a NULL `metadata`, removes) the domain's description, title, or the
/// `<metadata>` element in namespace `uri` written with prefix `key`.
#[no_mangle]
pub extern "C" fn virDomainSetMetadata(
    domain: virDomainPtr,
    r#type: c_int,
    metadata: *const c_char,
    key: *const c_char,
    uri: *const c_char,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetMetadata", domain, |call, d| {
        call.writable(&d.conn)?;
        match r#type {
            META_TITLE | META_DESCRIPTION => {
                if r#type == META_TITLE && call.has_newline(metadata) {
                    return Err(call.arg_error("metadata", "metadata title can't contain newlines".to_string()));
                }
                call.null(uri, "uri")?;
                call.null(key, "key")?;
            }
            META_ELEMENT => {
                call.non_null(uri, "uri")?;
                if !metadata.is_null() {
                    call.non_null(key, "key")?;
                }
            }
            _ => {}
        }
        d.conn.driver.domain_set_metadata(
            &d.ident(),
            r#type,
            call.opt_str_arg(metadata, "metadata")?,
            call.opt_str_arg(key, "key")?,
            call.opt_str_arg(uri, "uri")?,
            flags,
        )?;
        Ok(0)
    })
}

/// The domain's description, title, or `<metadata>` element in namespace `uri`
/// (the caller frees it).
#[no_mangle]
pub extern "C" fn virDomainGetMetadata(domain: virDomainPtr, r#type: c_int, uri: *const c_char, flags: c_uint) -> *mut c_char {
    on_dom("virDomainGetMetadata", domain, |call, d| {
        live_or_config(call, flags)?;
        match r#type {
            META_TITLE | META_DESCRIPTION => call.null(uri, "uri")?,
            META_ELEMENT => call.non_null(uri, "uri")?,
            _ => {}
        }
        let text = d.conn.driver.domain_get_metadata(&d.ident(), r#type, call.opt_str_arg(uri, "uri")?, flags)?;
        Ok(super::c_strdup(&text))
    })
}

// ---- IOThreads -----------------------------------------------------------------------------

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

/// The domain's IOThreads with their CPU affinity, as a malloc'ed array of malloc'ed
/// descriptions in `*info` (free each with `virDomainIOThreadInfoFree`, then the
/// array); returns how many.
#[no_mangle]
pub extern "C" fn virDomainGetIOThreadInfo(domain: virDomainPtr, info: *mut *mut virDomainIOThreadInfoPtr, flags: c_uint) -> c_int {
    on_dom("virDomainGetIOThreadInfo", domain, |call, d| {
        call.non_null(info, "info")?;
        live_or_config(call, flags)?;
        // SAFETY: checked non-NULL; libvirt clears the caller's pointer first.
        unsafe { *info = std::ptr::null_mut() };
        let got = d.conn.driver.domain_get_iothread_info(&d.ident(), flags)?;
        let mut list: Vec<virDomainIOThreadInfoPtr> = Vec::with_capacity(got.info.0.len());
        let built = got.info.0.iter().try_for_each(|t| {
            let map = super::c_array(&t.cpumap.0)?;
            let one = super::c_array(&[virDomainIOThreadInfo {
                iothread_id: t.iothread_id,
                cpumap: map,
                cpumaplen: t.cpumap.0.len() as c_int,
            }]);
            match one {
                Ok(p) => {
                    list.push(p);
                    Ok(())
                }
                Err(e) => {
                    // SAFETY: `map` was just malloc'd and is owned by no one else.
                    unsafe { libc::free(map as *mut c_void) };
                    Err(e)
                }
            }
        });
        let array = built.and_then(|()| if list.is_empty() { Ok(std::ptr::null_mut()) } else { super::c_array(&list) });
        match array {
            Ok(array) => {
                // SAFETY: checked non-NULL above.
                unsafe { *info = array };
                Ok(list.len() as c_int)
            }
            Err(e) => {
                list.into_iter().for_each(|p| virDomainIOThreadInfoFree(p));
                Err(e)
            }
        }
    })
}

/// Pins IOThread `iothread_id` to the host CPUs set in `cpumap` (`maplen` bytes).
#[no_mangle]
pub extern "C" fn virDomainPinIOThread(
    domain: virDomainPtr,
    iothread_id: c_uint,
    cpumap: *mut c_uchar,
    maplen: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainPinIOThread", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(cpumap, "cpumap")?;
        call.positive(maplen as i64, "maplen")?;
        // SAFETY: the caller passes `maplen` (> 0) bytes at `cpumap`.
        let map = unsafe { std::slice::from_raw_parts(cpumap, maplen as usize) };
        d.conn.driver.domain_pin_iothread(&d.ident(), iothread_id, map, flags)?;
        Ok(0)
    })
}

/// Adds the IOThread `iothread_id`.
#[no_mangle]
pub extern "C" fn virDomainAddIOThread(domain: virDomainPtr, iothread_id: c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainAddIOThread", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_add_iothread(&d.ident(), iothread_id, flags)?;
        Ok(0)
    })
}

/// Removes the IOThread `iothread_id`.
#[no_mangle]
pub extern "C" fn virDomainDelIOThread(domain: virDomainPtr, iothread_id: c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainDelIOThread", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_zero(iothread_id as i64, "iothread_id")?;
        d.conn.driver.domain_del_iothread(&d.ident(), iothread_id, flags)?;
        Ok(0)
    })
}

/// Sets polling and thread-pool parameters of IOThread `iothread_id`.
#[no_mangle]
pub extern "C" fn virDomainSetIOThreadParams(
    domain: virDomainPtr,
    iothread_id: c_uint,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetIOThreadParams", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        let p = from_c(params, nparams)?;
        d.conn.driver.domain_set_iothread_params(&d.ident(), iothread_id, &p, flags)?;
        Ok(0)
    })
}

// ---- perf events, guest vCPUs, lifecycle actions, launch security -------------------------

/// Hands `got` to the caller as a malloc'ed typed-parameter array (`*params`, `*nparams`).
fn give_alloc(params: *mut virTypedParameterPtr, nparams: *mut c_int, got: &[TypedParam]) -> Result<c_int> {
    let pairs: Vec<(String, crate::driver::TypedValue)> = got.iter().map(|p| (p.field.clone(), p.value.clone())).collect();
    let (array, n) = super::typedparams::to_c_array(&pairs)?;
    // SAFETY: both checked non-NULL by the callers; the caller's out pointers.
    unsafe {
        *params = array;
        *nparams = n;
    }
    Ok(0)
}

/// Which Linux perf events are enabled, as a malloc'ed typed-parameter array.
#[no_mangle]
pub extern "C" fn virDomainGetPerfEvents(dom: virDomainPtr, params: *mut virTypedParameterPtr, nparams: *mut c_int, flags: c_uint) -> c_int {
    on_dom("virDomainGetPerfEvents", dom, |call, d| {
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        let got = d.conn.driver.domain_get_perf_events(&d.ident(), flags | STRING_OKAY)?;
        give_alloc(params, nparams, &got)
    })
}

/// Enables or disables Linux perf events (boolean parameters named after them).
#[no_mangle]
pub extern "C" fn virDomainSetPerfEvents(dom: virDomainPtr, params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetPerfEvents", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        let p = from_c(params, nparams)?;
        d.conn.driver.domain_set_perf_events(&d.ident(), &p, flags)?;
        Ok(0)
    })
}

/// The guest agent's view of the vCPUs, as a malloc'ed typed-parameter array.
#[no_mangle]
pub extern "C" fn virDomainGetGuestVcpus(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetGuestVcpus", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        let got = d.conn.driver.domain_get_guest_vcpus(&d.ident(), flags)?;
        give_alloc(params, nparams as *mut c_int, &got)
    })
}

/// Onlines (`state` 1) or offlines the guest vCPUs in `cpumap` through the guest agent.
#[no_mangle]
pub extern "C" fn virDomainSetGuestVcpus(domain: virDomainPtr, cpumap: *const c_char, state: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetGuestVcpus", domain, |call, d| {
        call.writable(&d.conn)?;
        let map = call.str_arg(cpumap, "cpumap")?;
        d.conn.driver.domain_set_guest_vcpus(&d.ident(), map, state, flags)?;
        Ok(0)
    })
}

/// Enables (`state` 1) or disables the vCPUs in `vcpumap` in the hypervisor.
#[no_mangle]
pub extern "C" fn virDomainSetVcpu(domain: virDomainPtr, vcpumap: *const c_char, state: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetVcpu", domain, |call, d| {
        call.writable(&d.conn)?;
        let map = call.str_arg(vcpumap, "vcpumap")?;
        d.conn.driver.domain_set_vcpu(&d.ident(), map, state, flags)?;
        Ok(0)
    })
}

/// Sets what the domain does on power-off, reboot or crash (`<on_poweroff>`...).
#[no_mangle]
pub extern "C" fn virDomainSetLifecycleAction(domain: virDomainPtr, r#type: c_uint, action: c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainSetLifecycleAction", domain, |call, d| {
        call.writable(&d.conn)?;
        if r#type >= 3 {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("invalid lifecycle type '{}'", r#type)));
        }
        if action >= 6 {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("invalid lifecycle action '{action}'")));
        }
        d.conn.driver.domain_set_lifecycle_action(&d.ident(), r#type, action, flags)?;
        Ok(0)
    })
}

/// Launch security (SEV) measurements, as a malloc'ed typed-parameter array.
#[no_mangle]
pub extern "C" fn virDomainGetLaunchSecurityInfo(
    domain: virDomainPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetLaunchSecurityInfo", domain, |call, d| {
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        call.writable(&d.conn)?;
        let got = d.conn.driver.domain_get_launch_security_info(&d.ident(), flags | STRING_OKAY)?;
        give_alloc(params, nparams, &got)
    })
}

/// Injects a launch security secret into the guest's memory.
#[no_mangle]
pub extern "C" fn virDomainSetLaunchSecurityState(domain: virDomainPtr, params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainSetLaunchSecurityState", domain, |call, d| {
        call.non_null(params, "params")?;
        call.positive(nparams as i64, "nparams")?;
        call.writable(&d.conn)?;
        let p = from_c(params, nparams)?;
        d.conn.driver.domain_set_launch_security_state(&d.ident(), &p, flags)?;
        Ok(0)
    })
}
