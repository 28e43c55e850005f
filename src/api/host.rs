//! libvirt-host.h: the library, connections, and host (node) queries.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uint, c_ulong, c_ulonglong};

use super::{c_strdup, guard, Call};
use crate::abi::host::{virConnectAuthPtr, virNodeInfoPtr};
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
    let drv = driver::open(&uri, OpenFlags { read_only })?;
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

/// As `virConnectOpen` with `virConnectFlags`; `auth` supplies credentials to drivers
/// that ask for them (none of the in-process drivers does).
#[no_mangle]
pub extern "C" fn virConnectOpenAuth(name: *const c_char, auth: virConnectAuthPtr, flags: c_uint) -> virConnectPtr {
    let _ = auth;
    guard(FROM_LIBVIRT, "virConnectOpenAuth", |call| open(call, name, flags))
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

/// libvirt's default authentication callbacks (`virConnectAuthPtrDefault`): they
/// prompt on the terminal. The in-process drivers never ask for credentials.
#[no_mangle]
pub static mut virConnectAuthPtrDefault: virConnectAuthPtr = std::ptr::null_mut();
