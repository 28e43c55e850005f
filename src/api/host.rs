//! libvirt-host.h: the library, connections, and host (node) queries.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uint, c_ulong, c_ulonglong, c_void};

use super::typedparams::{fill_c, from_c, to_c_array};
use super::{c_strdup, guard, Call};
use crate::abi::host::{virConnectAuthPtr, virConnectCloseFunc, virFreeCallback, virNodeInfoPtr, virTypedParameterPtr};
use crate::rpc::protocol::TypedParam;
use crate::abi::virConnectPtr;
use crate::datatypes::{self, Connect, CONNECTIONS};
use crate::driver::{self, OpenFlags};
use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;
/// Opening and closing live in libvirt.c, whose errors have no domain.
const FROM_LIBVIRT: Domain = Domain::VIR_FROM_NONE;

/// `VIR_CONNECT_RO`
const CONNECT_RO: c_uint = 1;
/// `VIR_CONNECT_NO_ALIASES`
const CONNECT_NO_ALIASES: c_uint = 2;

/// libvirt's version number, `major * 1,000,000 + minor * 1,000 + micro`.
pub const LIBVIR_VERSION_NUMBER: c_ulong = parse_version(env!("LIBVIR_VERSION_NUMBER"));

const fn parse_version(s: &str) -> c_ulong {
    let b = s.as_bytes();
    let mut n: c_ulong = 0;
    let mut i = 0;
    while i < b.len() {
        n = n * 10 + (b[i] - b'0') as c_ulong;
        i += 1;
    }
    n
}

/// Initializes the library. Optional: every entry point initializes what it needs.
/// Returns 0.
#[no_mangle]
pub extern "C" fn virInitialize() -> c_int {
    0
}

/// Stores the library version in `*libVer` and, if `typeVer` is not NULL, the same in
/// `*typeVer` (as libvirt does, whatever `type` names). Returns 0, or -1 if `libVer` is NULL.
#[no_mangle]
pub extern "C" fn virGetVersion(libVer: *mut c_ulong, r#type: *const c_char, typeVer: *mut c_ulong) -> c_int {
    let _ = r#type;
    guard(Domain::VIR_FROM_NONE, "virGetVersion", |call| {
        call.non_null(libVer, "libVer")?;
        // SAFETY: `libVer` is non-NULL and `typeVer` is NULL or valid: caller's contract.
        unsafe {
            *libVer = LIBVIR_VERSION_NUMBER;
            if let Some(t) = typeVer.as_mut() {
                *t = LIBVIR_VERSION_NUMBER;
            }
        }
        Ok(0)
    })
}

/// The URI a NULL name means: `LIBVIRT_DEFAULT_URI`, then `uri_default` from libvirt.conf.
fn default_uri() -> Option<String> {
    if let Ok(u) = std::env::var("LIBVIRT_DEFAULT_URI") {
        if !u.is_empty() {
            return Some(u);
        }
    }
    crate::config::client_config().uri_default
}

/// With no URI configured, libvirt ends up at the QEMU driver of this user's instance.
fn probe_uri() -> String {
    if crate::sys::euid() == 0 { "qemu:///system" } else { "qemu:///session" }.to_string()
}

fn open(call: &mut Call, name: *const c_char, flags: c_uint) -> Result<virConnectPtr> {
    open_with(call, name, flags, driver::auth::Auth::default())
}

fn open_with(call: &mut Call, name: *const c_char, flags: c_uint, auth: driver::auth::Auth) -> Result<virConnectPtr> {
    if flags & !(CONNECT_RO | CONNECT_NO_ALIASES) != 0 {
        return Err(call.arg_error("flags", format!("unsupported flags (0x{:x}) in function {}", flags, call.api)));
    }
    let given = call.opt_str_arg(name, "name")?.filter(|n| !n.is_empty());
    let mut text = match given {
        Some(n) => n.to_string(),
        None => default_uri().unwrap_or_else(probe_uri),
    };
    if flags & CONNECT_NO_ALIASES == 0 {
        if let Some(target) = crate::config::client_config().alias(&text) {
            text = target;
        }
    }
    let uri = Uri::parse(&text)?;
    let read_only = flags & CONNECT_RO != 0;
    let drv = driver::open(&uri, OpenFlags { read_only, auth, ..Default::default() })?;
    Ok(datatypes::new_connect(Connect::new(drv, &uri.to_string(), read_only)))
}

/// Opens a read-write connection to the hypervisor `name` names (a URI, an alias from
/// libvirt.conf, or NULL for the default). Release it with `virConnectClose`.
#[no_mangle]
pub extern "C" fn virConnectOpen(name: *const c_char) -> virConnectPtr {
    guard(FROM_LIBVIRT, "virConnectOpen", |call| open(call, name, 0))
}

/// As `virConnectOpen`, read-only: calls that change anything are refused.
#[no_mangle]
pub extern "C" fn virConnectOpenReadOnly(name: *const c_char) -> virConnectPtr {
    guard(FROM_LIBVIRT, "virConnectOpenReadOnly", |call| open(call, name, CONNECT_RO))
}

/// As `virConnectOpen` with `virConnectFlags`; `auth` (may be NULL, or
/// `virConnectAuthPtrDefault`) supplies the credentials a driver asks for: the test
/// driver's `<auth>` users, SASL, ssh passwords. auth.conf answers first. The callback
/// runs in the calling thread during this call only; each `result` it sets must be
/// allocated with `malloc()` and is freed by the library.
#[no_mangle]
pub extern "C" fn virConnectOpenAuth(name: *const c_char, auth: virConnectAuthPtr, flags: c_uint) -> virConnectPtr {
    guard(FROM_LIBVIRT, "virConnectOpenAuth", |call| {
        if auth.is_null() {
            return open(call, name, flags);
        }
        // SAFETY: a non-NULL `auth` points at the caller's virConnectAuth (libvirt's contract).
        let source = Arc::new(unsafe { super::auth::CAuth::new(auth) });
        let result = open_with(call, name, flags, driver::auth::Auth::with_source(source.clone()));
        source.expire();
        result
    })
}

/// Drops one reference to `conn`. Returns 1 while other references remain (a
/// `virConnectRef`, a registered event callback), 0 once closed, -1 on error. libvirt
/// documents "the number of remaining references" but returns 1, and so do we.
#[no_mangle]
pub extern "C" fn virConnectClose(conn: virConnectPtr) -> c_int {
    guard(FROM_LIBVIRT, "virConnectClose", |call| {
        call.conn(conn)?;
        let left = datatypes::unref_connect(conn as usize)
            .ok_or_else(|| Error::new(FROM_LIBVIRT, Code::VIR_ERR_INVALID_CONN, "virConnectClose"))?;
        Ok(c_int::from(left > 0))
    })
}

/// Takes one more reference to `conn`, released by another `virConnectClose`.
#[no_mangle]
pub extern "C" fn virConnectRef(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectRef", |call| {
        call.conn(conn)?;
        if CONNECTIONS.add_ref(conn as usize) {
            Ok(0)
        } else {
            Err(Error::new(FROM, Code::VIR_ERR_INVALID_CONN, "virConnectRef"))
        }
    })
}

/// Runs `f` on the connection behind `conn`.
fn with_conn<R: super::Sentinel>(
    api: &'static str,
    conn: virConnectPtr,
    f: impl FnOnce(&mut Call, &Arc<Connect>) -> Result<R>,
) -> R {
    guard(FROM, api, |call| {
        let c = call.conn(conn)?;
        f(call, &c)
    })
}

/// The hypervisor type ("TEST", "QEMU"). The string is static: do not free it.
#[no_mangle]
pub extern "C" fn virConnectGetType(conn: virConnectPtr) -> *const c_char {
    with_conn("virConnectGetType", conn, |_, c| Ok(c.driver_type()?.as_ptr()))
}

/// The hypervisor's version in `*hvVer`. Returns 0 or -1.
#[no_mangle]
pub extern "C" fn virConnectGetVersion(conn: virConnectPtr, hvVer: *mut c_ulong) -> c_int {
    with_conn("virConnectGetVersion", conn, |call, c| {
        call.non_null(hvVer, "hvVer")?;
        let v = c.driver.connect_get_version()?;
        // SAFETY: checked non-NULL; points at the caller's unsigned long.
        unsafe { *hvVer = v as c_ulong };
        Ok(0)
    })
}

/// The version of the library serving `conn`, in `*libVer`. Returns 0 or -1.
#[no_mangle]
pub extern "C" fn virConnectGetLibVersion(conn: virConnectPtr, libVer: *mut c_ulong) -> c_int {
    with_conn("virConnectGetLibVersion", conn, |call, _| {
        call.non_null(libVer, "libVer")?;
        // SAFETY: checked non-NULL; points at the caller's unsigned long.
        unsafe { *libVer = LIBVIR_VERSION_NUMBER };
        Ok(0)
    })
}

/// The host name of the hypervisor's machine; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virConnectGetHostname(conn: virConnectPtr) -> *mut c_char {
    with_conn("virConnectGetHostname", conn, |_, c| Ok(c_strdup(&c.driver.connect_get_hostname()?)))
}

/// The canonical URI of the connection; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virConnectGetURI(conn: virConnectPtr) -> *mut c_char {
    with_conn("virConnectGetURI", conn, |_, c| Ok(c_strdup(&c.uri.to_string_lossy())))
}

/// The capabilities XML of the hypervisor; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virConnectGetCapabilities(conn: virConnectPtr) -> *mut c_char {
    with_conn("virConnectGetCapabilities", conn, |_, c| Ok(c_strdup(&c.driver.connect_get_capabilities()?)))
}

/// The most virtual CPUs a guest of `type` may have on this connection, or -1.
#[no_mangle]
pub extern "C" fn virConnectGetMaxVcpus(conn: virConnectPtr, r#type: *const c_char) -> c_int {
    with_conn("virConnectGetMaxVcpus", conn, |call, c| {
        let kind = call.opt_str_arg(r#type, "type")?;
        c.driver.connect_get_max_vcpus(kind)
    })
}

/// 1 if the connection is alive, 0 if not, -1 on error.
#[no_mangle]
pub extern "C" fn virConnectIsAlive(conn: virConnectPtr) -> c_int {
    with_conn("virConnectIsAlive", conn, |_, c| Ok(c.driver.connect_is_alive()? as c_int))
}

/// Sends keepalive messages every `interval` seconds while the connection is idle and
/// closes it after `count` of them go unanswered; `interval <= 0` stops it. Returns 0,
/// 1 if the other end does not support keepalive, or -1.
#[no_mangle]
pub extern "C" fn virConnectSetKeepAlive(conn: virConnectPtr, interval: c_int, count: c_uint) -> c_int {
    with_conn("virConnectSetKeepAlive", conn, |_, c| c.driver.connect_set_keep_alive(interval, count))
}

/// 1 if the connection is safe from eavesdropping (local or encrypted), 0 if not.
#[no_mangle]
pub extern "C" fn virConnectIsSecure(conn: virConnectPtr) -> c_int {
    with_conn("virConnectIsSecure", conn, |_, c| Ok(c.driver.connect_is_secure()? as c_int))
}

/// 1 if the connection's traffic is encrypted, 0 if not.
#[no_mangle]
pub extern "C" fn virConnectIsEncrypted(conn: virConnectPtr) -> c_int {
    with_conn("virConnectIsEncrypted", conn, |_, c| Ok(c.driver.connect_is_encrypted()? as c_int))
}

/// Fills `*info` with the host's CPU and memory description (memory in KiB).
#[no_mangle]
pub extern "C" fn virNodeGetInfo(conn: virConnectPtr, info: virNodeInfoPtr) -> c_int {
    with_conn("virNodeGetInfo", conn, |call, c| {
        call.non_null(info, "info")?;
        let n = c.driver.node_get_info()?;
        let mut model = [0 as c_char; 32];
        super::copy_c_str(&mut model, &n.model);
        // SAFETY: checked non-NULL; points at the caller's virNodeInfo.
        unsafe {
            *info = crate::abi::host::virNodeInfo {
                model,
                memory: n.memory_kib as c_ulong,
                cpus: n.cpus,
                mhz: n.mhz,
                nodes: n.nodes,
                sockets: n.sockets,
                cores: n.cores,
                threads: n.threads,
            };
        }
        Ok(0)
    })
}

/// Named statistics into the caller's `params` (`*nparams` of them; with 0, only how
/// many there are): `virNodeGetCPUStats` and `virNodeGetMemoryStats` work alike.
fn node_stats(
    call: &mut Call,
    params_null: bool,
    nparams: *mut c_int,
    which: (&str, c_int),
    get: impl FnOnce() -> Result<crate::driver::NamedStats>,
    mut put: impl FnMut(usize, &str, u64),
) -> Result<c_int> {
    call.non_null(nparams, "nparams")?;
    call.non_negative_at(nparams, "*nparams")?;
    let (what, num) = which;
    if num < 0 && num != -1 {
        return Err(call.arg_error(what, format!("{what} in {} only accepts -1 as a negative value", call.api)));
    }
    // SAFETY: checked non-NULL.
    let want = unsafe { *nparams };
    if want != 0 && params_null {
        return Err(call.arg_error("params", format!("params in {} must not be NULL", call.api)));
    }
    let stats = get()?;
    let filled = if want == 0 { stats.len() } else { stats.len().min(want as usize) };
    if want != 0 {
        for (i, (field, value)) in stats.iter().take(filled).enumerate() {
            put(i, field, *value);
        }
    }
    // SAFETY: checked non-NULL.
    unsafe { *nparams = filled as c_int };
    Ok(0)
}

/// The host's CPU times (all CPUs, or `cpuNum`'s).
#[no_mangle]
pub extern "C" fn virNodeGetCPUStats(
    conn: virConnectPtr,
    cpuNum: c_int,
    params: crate::abi::host::virNodeCPUStatsPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    with_conn("virNodeGetCPUStats", conn, |call, c| {
        let put = |i: usize, field: &str, value: u64| {
            // SAFETY: the caller gave `*nparams` entries and `i` is below that.
            let p = unsafe { &mut *params.add(i) };
            super::copy_c_str(&mut p.field, field);
            p.value = value;
        };
        node_stats(call, params.is_null(), nparams, ("cpuNum", cpuNum), || c.driver.node_get_cpu_stats(cpuNum, flags), put)
    })
}

/// The host's memory (all, or NUMA cell `cellNum`'s), in KiB.
#[no_mangle]
pub extern "C" fn virNodeGetMemoryStats(
    conn: virConnectPtr,
    cellNum: c_int,
    params: crate::abi::host::virNodeMemoryStatsPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    with_conn("virNodeGetMemoryStats", conn, |call, c| {
        let put = |i: usize, field: &str, value: u64| {
            // SAFETY: the caller gave `*nparams` entries and `i` is below that.
            let p = unsafe { &mut *params.add(i) };
            super::copy_c_str(&mut p.field, field);
            p.value = value;
        };
        node_stats(call, params.is_null(), nparams, ("cellNum", cellNum), || c.driver.node_get_memory_stats(cellNum, flags), put)
    })
}

/// The host's CPUs: returns how many are present; `*cpumap` (when asked for) gets a
/// malloc'ed bitmap of the online ones, `*online` their count.
#[no_mangle]
pub extern "C" fn virNodeGetCPUMap(conn: virConnectPtr, cpumap: *mut *mut libc::c_uchar, online: *mut c_uint, flags: c_uint) -> c_int {
    with_conn("virNodeGetCPUMap", conn, |_, c| {
        let (present, set) = c.driver.node_get_cpu_map(flags)?;
        if !cpumap.is_null() {
            // SAFETY: checked non-NULL; the caller frees the array with free().
            unsafe { *cpumap = super::c_array(&set.to_bytes(present))? };
        }
        if !online.is_null() {
            // SAFETY: checked non-NULL.
            unsafe { *online = set.0.len() as c_uint };
        }
        Ok(present as c_int)
    })
}

/// The hypervisor's security model and DOI ("none" and "0" when guests are not
/// confined).
#[no_mangle]
pub extern "C" fn virNodeGetSecurityModel(conn: virConnectPtr, secmodel: crate::abi::host::virSecurityModelPtr) -> c_int {
    with_conn("virNodeGetSecurityModel", conn, |call, c| {
        call.non_null(secmodel, "secmodel")?;
        let (model, doi) = c.driver.node_get_security_model()?;
        // SAFETY: checked non-NULL; points at the caller's virSecurityModel.
        let out = unsafe { &mut *secmodel };
        super::copy_c_str(&mut out.model, &model);
        super::copy_c_str(&mut out.doi, &doi);
        Ok(0)
    })
}

/// Free memory on the host in bytes, or 0 on error.
#[no_mangle]
pub extern "C" fn virNodeGetFreeMemory(conn: virConnectPtr) -> c_ulonglong {
    with_conn("virNodeGetFreeMemory", conn, |_, c| c.driver.node_get_free_memory())
}

/// Free memory (bytes) of up to `maxCells` NUMA cells from `startCell` into
/// `freeMems`. Returns how many were stored, or -1.
#[no_mangle]
pub extern "C" fn virNodeGetCellsFreeMemory(
    conn: virConnectPtr,
    freeMems: *mut c_ulonglong,
    startCell: c_int,
    maxCells: c_int,
) -> c_int {
    with_conn("virNodeGetCellsFreeMemory", conn, |call, c| {
        call.non_null(freeMems, "freeMems")?;
        call.positive(maxCells as i64, "maxCells")?;
        call.non_negative(startCell as i64, "startCell")?;
        let cells = c.driver.node_get_cells_free_memory(startCell, maxCells)?;
        let n = cells.len().min(maxCells as usize);
        // SAFETY: the caller provides room for `maxCells` values; we write at most that.
        let out = unsafe { std::slice::from_raw_parts_mut(freeMems, n) };
        out.copy_from_slice(&cells[..n]);
        Ok(n as c_int)
    })
}

/// libvirt's default authentication callbacks, for `virConnectOpenAuth`: they prompt
/// on the terminal ("PROMPT: " on stdout), reading names from stdin and secrets
/// (passphrases, no-echo prompts) with echo off from the terminal.
#[no_mangle]
pub static mut virConnectAuthPtrDefault: virConnectAuthPtr = &raw mut super::auth::DEFAULT_AUTH;

// ---- host features answered by the driver (were host_unsupported.rs) -------------------

/// `VIR_TYPED_PARAM_STRING_OKAY`: libvirt adds it when the driver takes string parameters.
const STRING_OKAY: c_uint = 4;

/// The C array of `n` C strings at `p`, each required (libvirt's drivers parse every one).
fn c_strings(call: &Call, p: *mut *const c_char, n: c_uint, arg: &str) -> Result<Vec<String>> {
    (0..n as usize)
        .map(|i| {
            // SAFETY: the caller passes `n` string pointers at `p` (checked non-NULL).
            let s = unsafe { *p.add(i) };
            call.str_arg(s, arg).map(str::to_string)
        })
        .collect()
}

/// The host's SMBIOS data as a `<sysinfo>` XML document (the caller frees it).
#[no_mangle]
pub extern "C" fn virConnectGetSysinfo(conn: virConnectPtr, flags: c_uint) -> *mut c_char {
    with_conn("virConnectGetSysinfo", conn, |_, c| Ok(c_strdup(&c.driver.connect_get_sysinfo(flags)?)))
}

/// Compares a CPU description with the host's: a `virCPUCompareResult`.
#[no_mangle]
pub extern "C" fn virConnectCompareCPU(conn: virConnectPtr, xmlDesc: *const c_char, flags: c_uint) -> c_int {
    with_conn("virConnectCompareCPU", conn, |call, c| {
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        c.driver.connect_compare_cpu(xml, flags)
    })
}

/// Compares a CPU description with what the given hypervisor can provide on this host.
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
    with_conn("virConnectCompareHypervisorCPU", conn, |call, c| {
        let xml = call.str_arg(xmlCPU, "xmlCPU")?;
        call.writable(c)?;
        let opt = |p, arg| call.opt_str_arg(p, arg);
        let (e, a, m, v) = (opt(emulator, "emulator")?, opt(arch, "arch")?, opt(machine, "machine")?, opt(virttype, "virttype")?);
        c.driver.connect_compare_hypervisor_cpu(e, a, m, v, xml, flags)
    })
}

/// The most capable CPU compatible with all `ncpus` descriptions in `xmlCPUs`, as XML
/// the caller frees.
#[no_mangle]
pub extern "C" fn virConnectBaselineCPU(
    conn: virConnectPtr,
    xmlCPUs: *mut *const c_char,
    ncpus: c_uint,
    flags: c_uint,
) -> *mut c_char {
    with_conn("virConnectBaselineCPU", conn, |call, c| {
        call.non_null(xmlCPUs, "xmlCPUs")?;
        let cpus = c_strings(call, xmlCPUs, ncpus, "xmlCPUs")?;
        Ok(c_strdup(&c.driver.connect_baseline_cpu(&cpus, flags)?))
    })
}

/// The most capable CPU compatible with all `ncpus` descriptions that the given
/// hypervisor can provide, as XML the caller frees.
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
    with_conn("virConnectBaselineHypervisorCPU", conn, |call, c| {
        call.non_null(xmlCPUs, "xmlCPUs")?;
        call.writable(c)?;
        let opt = |p, arg| call.opt_str_arg(p, arg);
        let (e, a, m, v) = (opt(emulator, "emulator")?, opt(arch, "arch")?, opt(machine, "machine")?, opt(virttype, "virttype")?);
        let cpus = c_strings(call, xmlCPUs, ncpus, "xmlCPUs")?;
        Ok(c_strdup(&c.driver.connect_baseline_hypervisor_cpu(e, a, m, v, &cpus, flags)?))
    })
}

/// The CPU models libvirt knows for `arch`: returns how many; `*models` (when `models`
/// is not NULL) gets a NULL-terminated array the caller frees, each name and the array
/// with `free()` (NULL when the architecture has no list).
#[no_mangle]
pub extern "C" fn virConnectGetCPUModelNames(
    conn: virConnectPtr,
    arch: *const c_char,
    models: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    with_conn("virConnectGetCPUModelNames", conn, |call, c| {
        let arch = call.str_arg(arch, "arch")?;
        let Some(names) = c.driver.connect_get_cpu_model_names(arch, flags)? else {
            if !models.is_null() {
                // SAFETY: checked non-NULL.
                unsafe { *models = std::ptr::null_mut() };
            }
            return Ok(0);
        };
        if !models.is_null() {
            let mut ptrs: Vec<*mut c_char> = names.iter().map(|n| c_strdup(n)).collect();
            ptrs.push(std::ptr::null_mut());
            // SAFETY: checked non-NULL; the caller frees the strings and the array.
            unsafe { *models = super::c_array(&ptrs)? };
        }
        Ok(names.len() as c_int)
    })
}

/// Free huge pages: for each of `cellcount` cells from `startcell`, the free count of
/// each of the `npages` sizes (KiB) in `pages`, stored cell after cell in `counts`.
/// Returns what the driver returns (the number of counts stored; 0 from the test driver).
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
    with_conn("virNodeGetFreePages", conn, |call, c| {
        call.non_zero(npages as i64, "npages")?;
        call.non_null_array(pages, npages as i64, "pages")?;
        call.non_zero(cellcount as i64, "cellCount")?;
        call.non_null_array(counts, npages as i64, "counts")?;
        // SAFETY: the caller passes `npages` page sizes (checked non-NULL).
        let sizes = unsafe { std::slice::from_raw_parts(pages, npages as usize) };
        let (ret, got) = c.driver.node_get_free_pages(sizes, startcell, cellcount, flags)?;
        let room = npages as usize * cellcount as usize;
        let n = got.len().min(room);
        // SAFETY: the caller provides room for `npages * cellcount` counts; we write at most that.
        unsafe { std::slice::from_raw_parts_mut(counts, n) }.copy_from_slice(&got[..n]);
        Ok(ret)
    })
}

/// Reserves (or frees, with `VIR_NODE_ALLOC_PAGES_SET`) huge pages on the host.
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
    with_conn("virNodeAllocPages", conn, |call, c| {
        call.writable(c)?;
        call.non_zero(npages as i64, "npages")?;
        call.non_null_array(pageSizes, npages as i64, "pageSizes")?;
        call.non_null_array(pageCounts, npages as i64, "pageCounts")?;
        call.non_zero(cellCount as i64, "cellCount")?;
        // SAFETY: the caller passes `npages` sizes and counts (checked non-NULL).
        let (sizes, amounts) = unsafe {
            (std::slice::from_raw_parts(pageSizes, npages as usize), std::slice::from_raw_parts(pageCounts, npages as usize))
        };
        c.driver.node_alloc_pages(sizes, amounts, startCell, cellCount, flags)
    })
}

/// Suspends the host for `duration` seconds (`target`: a `virNodeSuspendTarget`).
#[no_mangle]
pub extern "C" fn virNodeSuspendForDuration(conn: virConnectPtr, target: c_uint, duration: c_ulonglong, flags: c_uint) -> c_int {
    with_conn("virNodeSuspendForDuration", conn, |call, c| {
        call.writable(c)?;
        c.driver.node_suspend_for_duration(target, duration, flags)?;
        Ok(0)
    })
}

/// The host's memory tunables: `*nparams == 0` asks how many there are, else up to
/// `*nparams` go to `params` and `*nparams` becomes how many.
#[no_mangle]
pub extern "C" fn virNodeGetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    with_conn("virNodeGetMemoryParameters", conn, |call, c| {
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        // SAFETY: checked non-NULL above.
        let asked = unsafe { *nparams };
        let r = c.driver.node_get_memory_parameters(asked, flags | STRING_OKAY)?;
        let n = if asked == 0 { r.nparams } else { fill_c(params, asked as usize, &r.params.0)? };
        // SAFETY: as above.
        unsafe { *nparams = n };
        Ok(0)
    })
}

/// Changes some of the host's memory tunables.
#[no_mangle]
pub extern "C" fn virNodeSetMemoryParameters(
    conn: virConnectPtr,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    with_conn("virNodeSetMemoryParameters", conn, |call, c| {
        call.writable(c)?;
        call.non_null(params, "params")?;
        call.non_negative(nparams as i64, "nparams")?;
        let p = from_c(params, nparams)?;
        c.driver.node_set_memory_parameters(&p, flags)?;
        Ok(0)
    })
}

/// AMD SEV platform data: `*params` gets an array the caller frees with
/// `virTypedParamsFree`, `*nparams` its length.
#[no_mangle]
pub extern "C" fn virNodeGetSEVInfo(
    conn: virConnectPtr,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    with_conn("virNodeGetSEVInfo", conn, |call, c| {
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.writable(c)?;
        // SAFETY: checked non-NULL above.
        let r = c.driver.node_get_sev_info(unsafe { *nparams }, flags)?;
        give_allocated(params, nparams, &r.params.0)
    })
}

/// Hands `values` to C as a new array in `*params` and its length in `*nparams`.
pub(crate) fn give_allocated(params: *mut virTypedParameterPtr, nparams: *mut c_int, values: &[TypedParam]) -> Result<c_int> {
    let pairs: Vec<_> = values.iter().map(|p| (p.field.clone(), p.value.clone())).collect();
    let (array, n) = to_c_array(&pairs)?;
    if params.is_null() {
        super::typedparams::virTypedParamsFree(array, n);
    } else {
        // SAFETY: a non-NULL `params` points at the caller's pointer.
        unsafe { *params = array };
    }
    // SAFETY: the callers checked `nparams` non-NULL.
    unsafe { *nparams = n };
    Ok(0)
}

/// Tells the daemon on whose behalf this client acts (user, group, process, SELinux
/// context...); only meaningful on a connection to a daemon.
#[no_mangle]
pub extern "C" fn virConnectSetIdentity(conn: virConnectPtr, params: virTypedParameterPtr, nparams: c_int, flags: c_uint) -> c_int {
    with_conn("virConnectSetIdentity", conn, |_, c| {
        let p = from_c(params, nparams)?;
        c.driver.connect_set_identity(&p, flags)?;
        Ok(0)
    })
}

/// Registers `cb`, called (from the event loop) when a connection to a daemon is lost
/// behind the application's back; it holds a reference on the connection until it ran or
/// was unregistered, as libvirt's. Connections that cannot be lost (in process) accept it
/// and never call it, as libvirt's public API does.
#[no_mangle]
pub extern "C" fn virConnectRegisterCloseCallback(
    conn: virConnectPtr,
    cb: virConnectCloseFunc,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectRegisterCloseCallback", |call| {
        let c = call.conn(conn)?;
        call.callback(&cb, "cb")?;
        let (Some(watch), Some(f)) = (c.driver.close_watch(), cb) else { return Ok(0) };
        let handle = conn as usize;
        watch.register(f as usize, || {
            CONNECTIONS.add_ref(handle);
            let pending = ClosePending { conn: handle, cb: f, opaque: opaque as usize, freecb };
            Box::new(move |why| pending.deliver(why))
        })?;
        Ok(0)
    })
}

/// Unregisters `cb` (libvirt's remote client refuses another function than the one
/// registered); its free callback runs.
#[no_mangle]
pub extern "C" fn virConnectUnregisterCloseCallback(conn: virConnectPtr, cb: virConnectCloseFunc) -> c_int {
    guard(FROM, "virConnectUnregisterCloseCallback", |call| {
        let c = call.conn(conn)?;
        call.callback(&cb, "cb")?;
        if let (Some(watch), Some(f)) = (c.driver.close_watch(), cb) {
            watch.unregister(f as usize)?;
        }
        Ok(0)
    })
}

/// A registered close callback with what it holds: the application's data (freed with
/// its free callback) and a reference on the connection, both let go on drop.
struct ClosePending {
    conn: usize,
    cb: unsafe extern "C" fn(virConnectPtr, c_int, *mut c_void),
    opaque: usize,
    freecb: virFreeCallback,
}

/// What the one-shot timer of a lost connection holds.
type CloseTimerData = (Option<ClosePending>, i32);

impl ClosePending {
    /// Calls the application from its event loop (a one-shot timer), or from here when
    /// no loop is registered; then lets go of what it holds.
    fn deliver(self, why: i32) {
        let boxed = Box::into_raw(Box::new((Some(self), why))) as *mut c_void;
        let timer = super::event::add_internal_timeout(0, close_timer, boxed, Some(close_timer_free));
        if timer.is_none() {
            // SAFETY: no loop took `boxed`; this takes back the box made above.
            let (pending, why) = *unsafe { Box::from_raw(boxed as *mut CloseTimerData) };
            if let Some(p) = pending {
                p.call(why);
            }
        }
    }

    fn call(&self, why: i32) {
        // SAFETY: the application registered `cb` with `opaque` for this connection; the
        // connection is alive (this registration holds a reference on it).
        unsafe { (self.cb)(self.conn as virConnectPtr, why, self.opaque as *mut c_void) };
    }
}

impl Drop for ClosePending {
    fn drop(&mut self) {
        if let Some(free) = self.freecb {
            // SAFETY: the application's free callback for its own data, called once.
            unsafe { free(self.opaque as *mut c_void) };
        }
        datatypes::unref_connect(self.conn);
    }
}

/// The one-shot timer of a lost connection: the application hears of it once.
unsafe extern "C" fn close_timer(timer: c_int, opaque: *mut c_void) {
    // SAFETY: the box `deliver` handed to the loop, alive until `close_timer_free`.
    let (pending, why) = unsafe { &mut *(opaque as *mut CloseTimerData) };
    if let Some(p) = pending.take() {
        p.call(*why);
    }
    super::event::virEventRemoveTimeout(timer);
}

unsafe extern "C" fn close_timer_free(opaque: *mut c_void) {
    // SAFETY: the box `deliver` handed to the loop, released exactly once.
    drop(unsafe { Box::from_raw(opaque as *mut CloseTimerData) });
}
