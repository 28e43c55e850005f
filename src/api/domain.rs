//! libvirt-domain.h: listing, looking up, defining and driving domains.
//!
//! The exports here check handles and arguments as libvirt's public API does and hand
//! the rest to the connection's driver. Functions of this header that no driver supports
//! yet live in `domain_unsupported.rs`.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_uint, c_ulong, c_uchar};

use super::checks::flag;
use super::{c_array, c_strdup, guard, Call, Sentinel};
use crate::abi::domain::{
    virDomainInfoPtr, virDomainSaveRestoreFlags, virDomainStatsRecord, virDomainStatsRecordPtr, virVcpuInfo, virVcpuInfoPtr,
};
use crate::abi::host::virSecurityLabelPtr;
use crate::abi::{virConnectPtr, virDomainPtr};
use crate::conf::uuid::Uuid;
use crate::datatypes::{self, Connect, Domain as DomainHandle, DOMAINS};
use crate::driver::DomainId;
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// `VIR_DOMAIN_XML_SECURE`
const XML_SECURE: c_uint = 1;
/// `VIR_UUID_BUFLEN`
const UUID_BUFLEN: usize = 16;

/// Runs `f` on the connection behind `conn`.
fn on_conn<R: Sentinel>(api: &'static str, conn: virConnectPtr, f: impl FnOnce(&mut Call, &Arc<Connect>) -> Result<R>) -> R {
    guard(FROM, api, |call| {
        let c = call.conn(conn)?;
        f(call, &c)
    })
}

/// Runs `f` on the domain behind `dom`.
fn on_dom<R: Sentinel>(api: &'static str, dom: virDomainPtr, f: impl FnOnce(&mut Call, &Arc<DomainHandle>) -> Result<R>) -> R {
    guard(FROM, api, |call| {
        let d = call.domain(dom)?;
        f(call, &d)
    })
}

/// Runs a state-changing `f` on the domain behind `dom` (refused when read-only).
fn change_dom(api: &'static str, dom: virDomainPtr, f: impl FnOnce(&mut Call, &Arc<DomainHandle>) -> Result<()>) -> c_int {
    on_dom(api, dom, |call, d| {
        call.writable(&d.conn)?;
        f(call, d)?;
        Ok(0)
    })
}

/// `VIR_DOMAIN_MEMORY_STAT_NR` of libvirt 9.0.
const MEMORY_STAT_NR: c_uint = 13;

fn new_handle(conn_ptr: virConnectPtr, c: &Arc<Connect>, id: DomainId) -> virDomainPtr {
    datatypes::new_domain(c, conn_ptr as usize, id)
}

// ---- listing ------------------------------------------------------------------------

/// Stores the ids of up to `maxids` running domains in `ids`. Returns how many.
#[no_mangle]
pub extern "C" fn virConnectListDomains(conn: virConnectPtr, ids: *mut c_int, maxids: c_int) -> c_int {
    on_conn("virConnectListDomains", conn, |call, c| {
        if maxids > 0 {
            call.non_null(ids, "ids")?;
        }
        call.non_negative(maxids as i64, "maxids")?;
        let all = c.driver.connect_list_domains()?;
        let n = all.len().min(maxids as usize);
        if n > 0 {
            // SAFETY: the caller provides room for `maxids` ints; we write `n <= maxids`.
            unsafe { std::slice::from_raw_parts_mut(ids, n) }.copy_from_slice(&all[..n]);
        }
        Ok(n as c_int)
    })
}

/// The number of running domains.
#[no_mangle]
pub extern "C" fn virConnectNumOfDomains(conn: virConnectPtr) -> c_int {
    on_conn("virConnectNumOfDomains", conn, |_, c| c.driver.connect_num_of_domains())
}

/// Stores the names of up to `maxnames` defined, inactive domains in `names`; the
/// caller frees each name with `free()`. Returns how many.
#[no_mangle]
pub extern "C" fn virConnectListDefinedDomains(conn: virConnectPtr, names: *mut *mut c_char, maxnames: c_int) -> c_int {
    on_conn("virConnectListDefinedDomains", conn, |call, c| {
        if maxnames > 0 {
            call.non_null(names, "names")?;
        }
        call.non_negative(maxnames as i64, "maxnames")?;
        let all = c.driver.connect_list_defined_domains()?;
        let n = all.len().min(maxnames as usize);
        for (i, name) in all.iter().take(n).enumerate() {
            // SAFETY: the caller provides room for `maxnames` pointers; `i < n <= maxnames`.
            unsafe { *names.add(i) = c_strdup(name) };
        }
        Ok(n as c_int)
    })
}

/// The number of defined, inactive domains.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedDomains(conn: virConnectPtr) -> c_int {
    on_conn("virConnectNumOfDefinedDomains", conn, |_, c| c.driver.connect_num_of_defined_domains())
}

/// All domains matching `flags` (`virConnectListAllDomainsFlags`). If `domains` is not
/// NULL it receives a NULL-terminated array the caller frees with `free()`, after
/// `virDomainFree` on each element. Returns the number of domains.
#[no_mangle]
pub extern "C" fn virConnectListAllDomains(conn: virConnectPtr, domains: *mut *mut virDomainPtr, flags: c_uint) -> c_int {
    on_conn("virConnectListAllDomains", conn, |_, c| {
        let all = c.driver.connect_list_all_domains(flags)?;
        let count = all.len() as c_int;
        if !domains.is_null() {
            let mut handles: Vec<virDomainPtr> = all.into_iter().map(|id| new_handle(conn, c, id)).collect();
            handles.push(std::ptr::null_mut());
            let array = c_array(&handles)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *domains = array };
        }
        Ok(count)
    })
}

// ---- lookup -------------------------------------------------------------------------

/// The running domain with id `id`; release the handle with `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainLookupByID(conn: virConnectPtr, id: c_int) -> virDomainPtr {
    on_conn("virDomainLookupByID", conn, |call, c| {
        call.non_negative(id as i64, "id")?;
        Ok(new_handle(conn, c, c.driver.domain_lookup_by_id(id)?))
    })
}

/// The domain named `name`; release the handle with `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainLookupByName(conn: virConnectPtr, name: *const c_char) -> virDomainPtr {
    on_conn("virDomainLookupByName", conn, |call, c| {
        let name = call.str_arg(name, "name")?;
        Ok(new_handle(conn, c, c.driver.domain_lookup_by_name(name)?))
    })
}

/// The domain with the raw 16-byte `uuid`; release the handle with `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainLookupByUUID(conn: virConnectPtr, uuid: *const c_uchar) -> virDomainPtr {
    on_conn("virDomainLookupByUUID", conn, |call, c| {
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        raw.copy_from_slice(unsafe { std::slice::from_raw_parts(uuid, UUID_BUFLEN) });
        Ok(new_handle(conn, c, c.driver.domain_lookup_by_uuid(&raw)?))
    })
}

/// The domain with the printable UUID `uuidstr`; release the handle with `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainLookupByUUIDString(conn: virConnectPtr, uuidstr: *const c_char) -> virDomainPtr {
    on_conn("virDomainLookupByUUIDString", conn, |call, c| {
        let text = call.str_arg(uuidstr, "uuidstr")?;
        let uuid = Uuid::parse(text)
            .ok_or_else(|| call.arg_error("uuidstr", format!("uuidstr in {} must be a valid UUID", call.api)))?;
        Ok(new_handle(conn, c, c.driver.domain_lookup_by_uuid(uuid.as_bytes())?))
    })
}

// ---- define, create, remove --------------------------------------------------------

/// Creates and starts a transient domain from `xmlDesc`.
#[no_mangle]
pub extern "C" fn virDomainCreateXML(conn: virConnectPtr, xmlDesc: *const c_char, flags: c_uint) -> virDomainPtr {
    on_conn("virDomainCreateXML", conn, |call, c| {
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(c)?;
        Ok(new_handle(conn, c, c.driver.domain_create_xml(xml, flags)?))
    })
}

fn define(call: &mut Call, conn: virConnectPtr, c: &Arc<Connect>, xml: *const c_char, flags: c_uint) -> Result<virDomainPtr> {
    call.writable(c)?;
    let xml = call.str_arg(xml, "xml")?;
    Ok(new_handle(conn, c, c.driver.domain_define_xml_flags(xml, flags)?))
}

/// Deprecated name of `virDomainCreateXML`, which it calls (errors name that API).
#[no_mangle]
pub extern "C" fn virDomainCreateLinux(conn: virConnectPtr, xmlDesc: *const c_char, flags: c_uint) -> virDomainPtr {
    virDomainCreateXML(conn, xmlDesc, flags)
}

/// Defines (or redefines) a persistent domain from `xml` without starting it.
#[no_mangle]
pub extern "C" fn virDomainDefineXML(conn: virConnectPtr, xml: *const c_char) -> virDomainPtr {
    on_conn("virDomainDefineXML", conn, |call, c| define(call, conn, c, xml, 0))
}

/// As `virDomainDefineXML`, with `virDomainDefineFlags`.
#[no_mangle]
pub extern "C" fn virDomainDefineXMLFlags(conn: virConnectPtr, xml: *const c_char, flags: c_uint) -> virDomainPtr {
    on_conn("virDomainDefineXMLFlags", conn, |call, c| define(call, conn, c, xml, flags))
}

/// Removes the persistent definition of `domain` (a running domain becomes transient).
#[no_mangle]
pub extern "C" fn virDomainUndefine(domain: virDomainPtr) -> c_int {
    change_dom("virDomainUndefine", domain, |_, d| d.conn.driver.domain_undefine_flags(&d.ident(), 0))
}

/// As `virDomainUndefine`, with `virDomainUndefineFlagsValues`.
#[no_mangle]
pub extern "C" fn virDomainUndefineFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainUndefineFlags", domain, |_, d| d.conn.driver.domain_undefine_flags(&d.ident(), flags))
}

fn start(d: &DomainHandle, flags: c_uint) -> Result<()> {
    let started = d.conn.driver.domain_create_with_flags(&d.ident(), flags)?;
    d.set_id(started.id);
    Ok(())
}

/// Starts the defined domain `domain`.
#[no_mangle]
pub extern "C" fn virDomainCreate(domain: virDomainPtr) -> c_int {
    change_dom("virDomainCreate", domain, |_, d| start(d, 0))
}

/// Starts the defined domain `domain` with `virDomainCreateFlags`.
#[no_mangle]
pub extern "C" fn virDomainCreateWithFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainCreateWithFlags", domain, |_, d| start(d, flags))
}

fn destroy(d: &DomainHandle, flags: c_uint) -> Result<()> {
    d.conn.driver.domain_destroy_flags(&d.ident(), flags)?;
    d.set_id(-1);
    Ok(())
}

/// Stops `domain` at once (power cut). A transient domain disappears.
#[no_mangle]
pub extern "C" fn virDomainDestroy(domain: virDomainPtr) -> c_int {
    change_dom("virDomainDestroy", domain, |_, d| destroy(d, 0))
}

/// As `virDomainDestroy`, with `virDomainDestroyFlagsValues`.
#[no_mangle]
pub extern "C" fn virDomainDestroyFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainDestroyFlags", domain, |_, d| destroy(d, flags))
}

/// After a shutdown or save the domain may already be off: keep the handle's id true.
fn refresh_id(d: &DomainHandle) {
    if let Ok(false) = d.conn.driver.domain_is_active(&d.ident()) {
        d.set_id(-1);
    }
}

/// Asks the guest to shut down.
#[no_mangle]
pub extern "C" fn virDomainShutdown(domain: virDomainPtr) -> c_int {
    change_dom("virDomainShutdown", domain, |_, d| {
        d.conn.driver.domain_shutdown_flags(&d.ident(), 0)?;
        refresh_id(d);
        Ok(())
    })
}

/// As `virDomainShutdown`, with `virDomainShutdownFlagValues`.
#[no_mangle]
pub extern "C" fn virDomainShutdownFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainShutdownFlags", domain, |_, d| {
        d.conn.driver.domain_shutdown_flags(&d.ident(), flags)?;
        refresh_id(d);
        Ok(())
    })
}

/// Asks the guest to reboot.
#[no_mangle]
pub extern "C" fn virDomainReboot(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainReboot", domain, |_, d| d.conn.driver.domain_reboot(&d.ident(), flags))
}

/// Resets the guest at once, as the reset button does.
#[no_mangle]
pub extern "C" fn virDomainReset(domain: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainReset", domain, |_, d| d.conn.driver.domain_reset(&d.ident(), flags))
}

/// Pauses the running domain.
#[no_mangle]
pub extern "C" fn virDomainSuspend(domain: virDomainPtr) -> c_int {
    change_dom("virDomainSuspend", domain, |_, d| d.conn.driver.domain_suspend(&d.ident()))
}

/// Resumes the paused domain.
#[no_mangle]
pub extern "C" fn virDomainResume(domain: virDomainPtr) -> c_int {
    change_dom("virDomainResume", domain, |_, d| d.conn.driver.domain_resume(&d.ident()))
}

/// libvirt hands drivers absolute paths for save files.
fn absolute(path: &str) -> Result<String> {
    let p = std::path::Path::new(path);
    if p.is_absolute() {
        return Ok(path.to_string());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::system(FROM, "cannot resolve relative path", &e))?;
    Ok(cwd.join(p).to_string_lossy().into_owned())
}

fn save(call: &mut Call, d: &DomainHandle, to: *const c_char, dxml: *const c_char, flags: c_uint) -> Result<()> {
    let to = absolute(call.str_arg(to, "to")?)?;
    let dxml = call.opt_str_arg(dxml, "dxml")?;
    d.conn.driver.domain_save_flags(&d.ident(), &to, dxml, flags)?;
    refresh_id(d);
    Ok(())
}

/// Saves the running domain's memory state to the file `to` and stops it.
#[no_mangle]
pub extern "C" fn virDomainSave(domain: virDomainPtr, to: *const c_char) -> c_int {
    change_dom("virDomainSave", domain, |call, d| save(call, d, to, std::ptr::null(), 0))
}

/// As `virDomainSave`, with a replacement XML `dxml` and `virDomainSaveRestoreFlags`.
#[no_mangle]
pub extern "C" fn virDomainSaveFlags(domain: virDomainPtr, to: *const c_char, dxml: *const c_char, flags: c_uint) -> c_int {
    change_dom("virDomainSaveFlags", domain, |call, d| save(call, d, to, dxml, flags))
}

fn restore(call: &mut Call, c: &Connect, from: *const c_char, dxml: *const c_char, flags: c_uint) -> Result<c_int> {
    call.writable(c)?;
    let from = absolute(call.str_arg(from, "from")?)?;
    let dxml = call.opt_str_arg(dxml, "dxml")?;
    c.driver.domain_restore_flags(&from, dxml, flags)?;
    Ok(0)
}

/// Starts a domain again from a file written by `virDomainSave`.
#[no_mangle]
pub extern "C" fn virDomainRestore(conn: virConnectPtr, from: *const c_char) -> c_int {
    on_conn("virDomainRestore", conn, |call, c| restore(call, c, from, std::ptr::null(), 0))
}

/// As `virDomainRestore`, with a replacement XML `dxml` and flags.
#[no_mangle]
pub extern "C" fn virDomainRestoreFlags(conn: virConnectPtr, from: *const c_char, dxml: *const c_char, flags: c_uint) -> c_int {
    on_conn("virDomainRestoreFlags", conn, |call, c| restore(call, c, from, dxml, flags))
}

/// Saves the running domain's state where the driver keeps it for this domain; the
/// next start restores it.
#[no_mangle]
pub extern "C" fn virDomainManagedSave(dom: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainManagedSave", dom, |call, d| {
        call.exclusive_flags(
            flags,
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
            flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
        )?;
        d.conn.driver.domain_managed_save(&d.ident(), flags)?;
        refresh_id(d);
        Ok(())
    })
}

/// 1 if the domain has a managed save image, 0 if not.
#[no_mangle]
pub extern "C" fn virDomainHasManagedSaveImage(dom: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainHasManagedSaveImage", dom, |_, d| {
        Ok(c_int::from(d.conn.driver.domain_has_managed_save_image(&d.ident(), flags)?))
    })
}

/// Deletes the domain's managed save image, if any.
#[no_mangle]
pub extern "C" fn virDomainManagedSaveRemove(dom: virDomainPtr, flags: c_uint) -> c_int {
    change_dom("virDomainManagedSaveRemove", dom, |_, d| d.conn.driver.domain_managed_save_remove(&d.ident(), flags))
}

// ---- inspection ----------------------------------------------------------------------

/// Fills `*info` with state, memory (KiB), vCPUs and CPU time (ns).
#[no_mangle]
pub extern "C" fn virDomainGetInfo(domain: virDomainPtr, info: virDomainInfoPtr) -> c_int {
    on_dom("virDomainGetInfo", domain, |call, d| {
        call.non_null(info, "info")?;
        let i = d.conn.driver.domain_get_info(&d.ident())?;
        // SAFETY: checked non-NULL; points at the caller's virDomainInfo.
        unsafe {
            *info = crate::abi::domain::virDomainInfo {
                state: i.state as c_uchar,
                maxMem: i.max_mem_kib as c_ulong,
                memory: i.memory_kib as c_ulong,
                nrVirtCpu: i.nr_virt_cpu,
                cpuTime: i.cpu_time_ns,
            };
        }
        Ok(0)
    })
}

/// Hands `records` to the caller as the NULL-terminated, malloc'ed list of malloc'ed
/// records that `virDomainStatsRecordListFree` releases; returns how many.
fn stats_records(
    conn_ptr: virConnectPtr,
    c: &Arc<Connect>,
    records: Vec<crate::driver::DomainStats>,
    ret_stats: *mut *mut virDomainStatsRecordPtr,
) -> Result<c_int> {
    let mut list: Vec<virDomainStatsRecordPtr> = Vec::with_capacity(records.len() + 1);
    let built = records.into_iter().try_for_each(|(id, values)| {
        let (params, nparams) = super::typedparams::to_c_array(&values)?;
        // SAFETY: malloc of one record, filled right away.
        let record = unsafe { libc::malloc(std::mem::size_of::<virDomainStatsRecord>()) } as virDomainStatsRecordPtr;
        if record.is_null() {
            super::typedparams::virTypedParamsFree(params, nparams);
            return Err(Error::new(FROM, Code::VIR_ERR_NO_MEMORY, ""));
        }
        // SAFETY: `record` is a fresh allocation of the right size.
        unsafe { record.write(virDomainStatsRecord { dom: new_handle(conn_ptr, c, id), params, nparams }) };
        list.push(record);
        Ok(())
    });
    let array = built.and_then(|()| {
        list.push(std::ptr::null_mut());
        c_array(&list)
    });
    match array {
        Ok(array) => {
            // SAFETY: checked non-NULL by the callers; the caller's out pointer.
            unsafe { *ret_stats = array };
            Ok(list.len() as c_int - 1)
        }
        Err(e) => {
            for &r in list.iter().filter(|r| !r.is_null()) {
                // SAFETY: each record was built above and is released once, as
                // virDomainStatsRecordListFree would.
                unsafe {
                    super::typedparams::virTypedParamsFree((*r).params, (*r).nparams);
                    virDomainFree((*r).dom);
                    libc::free(r as *mut libc::c_void);
                }
            }
            Err(e)
        }
    }
}

/// Statistics of every domain `flags` selects (groups `stats`; 0: all the driver has).
#[no_mangle]
pub extern "C" fn virConnectGetAllDomainStats(
    conn: virConnectPtr,
    stats: c_uint,
    retStats: *mut *mut virDomainStatsRecordPtr,
    flags: c_uint,
) -> c_int {
    on_conn("virConnectGetAllDomainStats", conn, |call, c| {
        call.non_null(retStats, "retStats")?;
        // SAFETY: checked non-NULL.
        unsafe { *retStats = std::ptr::null_mut() };
        let records = c.driver.connect_get_all_domain_stats(&[], stats, flags)?;
        stats_records(conn, c, records, retStats)
    })
}

/// Statistics of the domains in the NULL-terminated `doms`, all of one connection.
#[no_mangle]
pub extern "C" fn virDomainListGetStats(
    doms: *mut virDomainPtr,
    stats: c_uint,
    retStats: *mut *mut virDomainStatsRecordPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virDomainListGetStats", |call| {
        call.non_null(doms, "doms")?;
        call.non_null(retStats, "retStats")?;
        // SAFETY: `doms` is non-NULL and, by libvirt's contract, a NULL-terminated array.
        let first = unsafe { *doms };
        if first.is_null() {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                format!("doms array in {} must contain at least one domain", call.api),
            ));
        }
        let first = call.domain(first)?;
        let mut ids = vec![first.ident()];
        for i in 1.. {
            // SAFETY: as above; the loop stops at the terminating NULL.
            let d = unsafe { *doms.add(i) };
            if d.is_null() {
                break;
            }
            let d = call.domain(d)?;
            if d.conn_handle != first.conn_handle {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    "domains in 'doms' array must belong to a single connection",
                ));
            }
            ids.push(d.ident());
        }
        // SAFETY: checked non-NULL.
        unsafe { *retStats = std::ptr::null_mut() };
        let records = first.conn.driver.connect_get_all_domain_stats(&ids, stats, flags)?;
        stats_records(first.conn_handle as virConnectPtr, &first.conn, records, retStats)
    })
}

/// Up to `nr_stats` memory statistics of the running domain; returns how many.
#[no_mangle]
pub extern "C" fn virDomainMemoryStats(
    dom: virDomainPtr,
    stats: crate::abi::domain::virDomainMemoryStatPtr,
    nr_stats: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainMemoryStats", dom, |_, d| {
        if stats.is_null() || nr_stats == 0 {
            return Ok(0);
        }
        // libvirt asks drivers for no more tags than it knows.
        let nr = nr_stats.min(MEMORY_STAT_NR);
        let got = d.conn.driver.domain_memory_stats(&d.ident(), nr, flags)?;
        // SAFETY: `stats` holds `nr_stats` (>= nr) entries, as the API requires.
        let out = unsafe { std::slice::from_raw_parts_mut(stats, nr as usize) };
        for (slot, &(tag, val)) in out.iter_mut().zip(&got) {
            *slot = crate::abi::domain::virDomainMemoryStatStruct { tag, val };
        }
        Ok(got.len().min(nr as usize) as c_int)
    })
}

/// Traffic counters of one of the domain's interfaces (host device name or MAC), the
/// first `size` bytes of a `virDomainInterfaceStatsStruct` (older callers pass less).
#[no_mangle]
pub extern "C" fn virDomainInterfaceStats(
    dom: virDomainPtr,
    device: *const c_char,
    stats: crate::abi::domain::virDomainInterfaceStatsPtr,
    size: libc::size_t,
) -> c_int {
    use crate::abi::domain::virDomainInterfaceStatsStruct as Stats;
    on_dom("virDomainInterfaceStats", dom, |call, d| {
        let device = call.str_arg(device, "device")?;
        call.non_null(stats, "stats")?;
        if size > std::mem::size_of::<Stats>() {
            return Err(call.arg_error("size", format!("size must not exceed {}", std::mem::size_of::<Stats>())));
        }
        let [rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop] =
            d.conn.driver.domain_interface_stats(&d.ident(), device)?;
        let full = Stats { rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop };
        // SAFETY: the caller's buffer holds `size` bytes (checked not to exceed the struct).
        unsafe { std::ptr::copy_nonoverlapping(&full as *const Stats as *const u8, stats as *mut u8, size) };
        Ok(0)
    })
}

/// Progress of the domain's background job (`VIR_DOMAIN_JOB_NONE` when there is none).
#[no_mangle]
pub extern "C" fn virDomainGetJobInfo(dom: virDomainPtr, info: crate::abi::domain::virDomainJobInfoPtr) -> c_int {
    on_dom("virDomainGetJobInfo", dom, |call, d| {
        call.non_null(info, "info")?;
        let j = d.conn.driver.domain_get_job_info(&d.ident())?;
        let c = j.counters;
        // SAFETY: checked non-NULL; points at the caller's virDomainJobInfo.
        unsafe {
            *info = crate::abi::domain::virDomainJobInfo {
                r#type: j.kind,
                timeElapsed: c[0],
                timeRemaining: c[1],
                dataTotal: c[2],
                dataProcessed: c[3],
                dataRemaining: c[4],
                memTotal: c[5],
                memProcessed: c[6],
                memRemaining: c[7],
                fileTotal: c[8],
                fileProcessed: c[9],
                fileRemaining: c[10],
            };
        }
        Ok(0)
    })
}

/// Fills `info` with at most `maxinfo` vCPUs and, when `cpumaps` is given, their
/// affinity (`maplen` bytes per vCPU). Returns how many were filled.
#[no_mangle]
pub extern "C" fn virDomainGetVcpus(
    domain: virDomainPtr,
    info: virVcpuInfoPtr,
    maxinfo: c_int,
    cpumaps: *mut c_uchar,
    maplen: c_int,
) -> c_int {
    on_dom("virDomainGetVcpus", domain, |call, d| {
        call.non_null(info, "info")?;
        call.positive(maxinfo as i64, "maxinfo")?;
        // A map of CPUs is only written when the caller gives room for one.
        if !cpumaps.is_null() {
            call.positive(maplen as i64, "maplen")?;
        } else if maplen != 0 {
            return Err(call.arg_error("maplen", format!("maplen in {} must not be zero", call.api)));
        }
        let map_bytes = if cpumaps.is_null() { Some(0) } else { maxinfo.checked_mul(maplen) };
        let Some(map_bytes) = map_bytes else {
            return Err(call.overflow(format!("input too large: {maxinfo} * {maplen}")));
        };
        let maplen = if cpumaps.is_null() { 0 } else { maplen };
        let (vcpus, maps) = d.conn.driver.domain_get_vcpus(&d.ident(), maxinfo, maplen)?;
        // SAFETY: `info` holds `maxinfo` (> 0) entries and `cpumaps`, when given,
        // `maxinfo * maplen` bytes, as the API requires of the caller.
        let out = unsafe { std::slice::from_raw_parts_mut(info, maxinfo as usize) };
        out.fill(virVcpuInfo { number: 0, state: 0, cpuTime: 0, cpu: 0 });
        for (slot, v) in out.iter_mut().zip(&vcpus) {
            *slot = virVcpuInfo { number: v.number, state: v.state, cpuTime: v.cpu_time_ns, cpu: v.cpu };
        }
        if !cpumaps.is_null() {
            // SAFETY: as above.
            let map = unsafe { std::slice::from_raw_parts_mut(cpumaps, map_bytes as usize) };
            map.fill(0);
            for (dst, src) in map.iter_mut().zip(&maps) {
                *dst = *src;
            }
        }
        Ok(vcpus.len().min(maxinfo as usize) as c_int)
    })
}

/// The security label of the domain's process (empty under the "none" model).
#[no_mangle]
pub extern "C" fn virDomainGetSecurityLabel(domain: virDomainPtr, seclabel: virSecurityLabelPtr) -> c_int {
    on_dom("virDomainGetSecurityLabel", domain, |call, d| {
        call.non_null(seclabel, "seclabel")?;
        let (label, enforcing) = d.conn.driver.domain_get_security_label(&d.ident())?;
        // SAFETY: checked non-NULL; points at the caller's virSecurityLabel.
        let out = unsafe { &mut *seclabel };
        super::copy_c_str(&mut out.label, &label);
        out.enforcing = c_int::from(enforcing);
        Ok(0)
    })
}

/// The state (`virDomainState`) in `*state` and, if `reason` is not NULL, the reason.
#[no_mangle]
pub extern "C" fn virDomainGetState(domain: virDomainPtr, state: *mut c_int, reason: *mut c_int, flags: c_uint) -> c_int {
    on_dom("virDomainGetState", domain, |call, d| {
        call.non_null(state, "state")?;
        let (s, r) = d.conn.driver.domain_get_state(&d.ident(), flags)?;
        // SAFETY: `state` checked non-NULL; `reason` is NULL or the caller's int.
        unsafe {
            *state = s;
            if let Some(reason) = reason.as_mut() {
                *reason = r;
            }
        }
        Ok(0)
    })
}

/// The domain's XML description (`virDomainXMLFlags`); the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virDomainGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    on_dom("virDomainGetXMLDesc", domain, |call, d| {
        if d.conn.read_only && flags & XML_SECURE != 0 {
            return Err(Error::new(
                call.from,
                Code::VIR_ERR_OPERATION_DENIED,
                "virDomainGetXMLDesc with secure flag",
            ));
        }
        Ok(c_strdup(&d.conn.driver.domain_get_xml_desc(&d.ident(), flags)?))
    })
}

/// The domain's name, owned by the handle: valid until `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainGetName(domain: virDomainPtr) -> *const c_char {
    on_dom("virDomainGetName", domain, |_, d| Ok(d.name.as_ptr()))
}

/// The domain's running id, or (unsigned) -1 if it is not running or on error.
#[no_mangle]
pub extern "C" fn virDomainGetID(domain: virDomainPtr) -> c_uint {
    on_dom("virDomainGetID", domain, |_, d| Ok(d.id() as c_uint))
}

/// Copies the domain's raw 16-byte UUID into `uuid`.
#[no_mangle]
pub extern "C" fn virDomainGetUUID(domain: virDomainPtr, uuid: *mut c_uchar) -> c_int {
    on_dom("virDomainGetUUID", domain, |call, d| {
        call.non_null(uuid, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(d.uuid.as_ptr(), uuid, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Writes the domain's printable UUID (36 chars + NUL) into `buf`.
#[no_mangle]
pub extern "C" fn virDomainGetUUIDString(domain: virDomainPtr, buf: *mut c_char) -> c_int {
    on_dom("virDomainGetUUIDString", domain, |call, d| {
        call.non_null(buf, "buf")?;
        let text = Uuid(d.uuid).to_string();
        // SAFETY: non-NULL; the caller provides VIR_UUID_STRING_BUFLEN (37) bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len());
            *buf.add(text.len()) = 0;
        }
        Ok(0)
    })
}

/// The guest OS type ("hvm", "linux", ...); the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virDomainGetOSType(domain: virDomainPtr) -> *mut c_char {
    on_dom("virDomainGetOSType", domain, |_, d| Ok(c_strdup(&d.conn.driver.domain_get_os_type(&d.ident())?)))
}

/// The domain's maximum memory in KiB, or 0 on error.
#[no_mangle]
pub extern "C" fn virDomainGetMaxMemory(domain: virDomainPtr) -> c_ulong {
    on_dom("virDomainGetMaxMemory", domain, |_, d| Ok(d.conn.driver.domain_get_max_memory(&d.ident())? as c_ulong))
}

/// Sets the domain's maximum memory, in KiB.
#[no_mangle]
pub extern "C" fn virDomainSetMaxMemory(domain: virDomainPtr, memory: c_ulong) -> c_int {
    change_dom("virDomainSetMaxMemory", domain, |call, d| {
        call.non_zero(memory as i64, "memory")?;
        d.conn.driver.domain_set_max_memory(&d.ident(), memory)
    })
}

/// Sets the domain's current memory (balloon target), in KiB.
#[no_mangle]
pub extern "C" fn virDomainSetMemory(domain: virDomainPtr, memory: c_ulong) -> c_int {
    change_dom("virDomainSetMemory", domain, |call, d| {
        call.non_zero(memory as i64, "memory")?;
        d.conn.driver.domain_set_memory_flags(&d.ident(), memory, 0)
    })
}

/// As `virDomainSetMemory`, with `virDomainMemoryModFlags`.
#[no_mangle]
pub extern "C" fn virDomainSetMemoryFlags(domain: virDomainPtr, memory: c_ulong, flags: c_uint) -> c_int {
    change_dom("virDomainSetMemoryFlags", domain, |_, d| d.conn.driver.domain_set_memory_flags(&d.ident(), memory, flags))
}

/// The most vCPUs the domain may have.
#[no_mangle]
pub extern "C" fn virDomainGetMaxVcpus(domain: virDomainPtr) -> c_int {
    on_dom("virDomainGetMaxVcpus", domain, |_, d| d.conn.driver.domain_get_max_vcpus(&d.ident()))
}

fn check_vcpus(call: &Call, nvcpus: c_uint) -> Result<()> {
    call.non_zero(nvcpus as i64, "nvcpus")?;
    if nvcpus > u16::MAX as c_uint {
        return Err(Error::new(call.from, Code::VIR_ERR_OVERFLOW, format!("input too large: {nvcpus}")));
    }
    Ok(())
}

/// Sets the number of vCPUs of the running domain.
#[no_mangle]
pub extern "C" fn virDomainSetVcpus(domain: virDomainPtr, nvcpus: c_uint) -> c_int {
    change_dom("virDomainSetVcpus", domain, |call, d| {
        check_vcpus(call, nvcpus)?;
        d.conn.driver.domain_set_vcpus_flags(&d.ident(), nvcpus, 0)
    })
}

/// Sets the number of vCPUs, with `virDomainVcpuFlags`.
#[no_mangle]
pub extern "C" fn virDomainSetVcpusFlags(domain: virDomainPtr, nvcpus: c_uint, flags: c_uint) -> c_int {
    change_dom("virDomainSetVcpusFlags", domain, |call, d| {
        check_vcpus(call, nvcpus)?;
        d.conn.driver.domain_set_vcpus_flags(&d.ident(), nvcpus, flags)
    })
}

/// The number of vCPUs, per `virDomainVcpuFlags`.
#[no_mangle]
pub extern "C" fn virDomainGetVcpusFlags(domain: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainGetVcpusFlags", domain, |_, d| d.conn.driver.domain_get_vcpus_flags(&d.ident(), flags))
}

/// Whether the domain starts with its host, in `*autostart`.
#[no_mangle]
pub extern "C" fn virDomainGetAutostart(domain: virDomainPtr, autostart: *mut c_int) -> c_int {
    on_dom("virDomainGetAutostart", domain, |call, d| {
        call.non_null(autostart, "autostart")?;
        let on = d.conn.driver.domain_get_autostart(&d.ident())?;
        // SAFETY: checked non-NULL; the caller's int.
        unsafe { *autostart = on as c_int };
        Ok(0)
    })
}

/// Makes the domain start (or not) with its host.
#[no_mangle]
pub extern "C" fn virDomainSetAutostart(domain: virDomainPtr, autostart: c_int) -> c_int {
    change_dom("virDomainSetAutostart", domain, |_, d| d.conn.driver.domain_set_autostart(&d.ident(), autostart != 0))
}

/// 1 if the domain is running, 0 if not, -1 on error.
#[no_mangle]
pub extern "C" fn virDomainIsActive(dom: virDomainPtr) -> c_int {
    on_dom("virDomainIsActive", dom, |_, d| Ok(d.conn.driver.domain_is_active(&d.ident())? as c_int))
}

/// 1 if the domain has a persistent definition, 0 if not, -1 on error.
#[no_mangle]
pub extern "C" fn virDomainIsPersistent(dom: virDomainPtr) -> c_int {
    on_dom("virDomainIsPersistent", dom, |_, d| Ok(d.conn.driver.domain_is_persistent(&d.ident())? as c_int))
}

/// 1 if the running domain's definition differs from its persistent one, else 0.
#[no_mangle]
pub extern "C" fn virDomainIsUpdated(dom: virDomainPtr) -> c_int {
    on_dom("virDomainIsUpdated", dom, |_, d| Ok(d.conn.driver.domain_is_updated(&d.ident())? as c_int))
}

/// The connection the domain belongs to. No reference is taken: the caller must not
/// close it on the domain's behalf.
#[no_mangle]
pub extern "C" fn virDomainGetConnect(dom: virDomainPtr) -> virConnectPtr {
    on_dom("virDomainGetConnect", dom, |_, d| Ok(d.conn_handle as virConnectPtr))
}

/// Takes one more reference to the domain handle, released by `virDomainFree`.
#[no_mangle]
pub extern "C" fn virDomainRef(domain: virDomainPtr) -> c_int {
    on_dom("virDomainRef", domain, |call, _| {
        if DOMAINS.add_ref(domain as usize) {
            Ok(0)
        } else {
            Err(Error::new(Domain::VIR_FROM_DOM, Code::VIR_ERR_INVALID_DOMAIN, call.api))
        }
    })
}

/// Drops one reference to the domain handle (the domain itself is unaffected).
#[no_mangle]
pub extern "C" fn virDomainFree(domain: virDomainPtr) -> c_int {
    on_dom("virDomainFree", domain, |call, _| match datatypes::unref_domain(domain as usize) {
        Some(_) => Ok(0),
        None => Err(Error::new(Domain::VIR_FROM_DOM, Code::VIR_ERR_INVALID_DOMAIN, call.api)),
    })
}


// ---- save images, capabilities, native formats ----------------------------------------

/// The domain XML stored in the save image `file` (written by `virDomainSave`); the
/// caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virDomainSaveImageGetXMLDesc(conn: virConnectPtr, file: *const c_char, flags: c_uint) -> *mut c_char {
    on_conn("virDomainSaveImageGetXMLDesc", conn, |call, c| {
        call.non_null(file, "file")?;
        call.writable(c)?;
        let file = absolute(call.str_arg(file, "file")?)?;
        Ok(c_strdup(&c.driver.domain_save_image_get_xml_desc(&file, flags)?))
    })
}

/// Replaces the domain XML stored in the save image `file` with `dxml`.
#[no_mangle]
pub extern "C" fn virDomainSaveImageDefineXML(conn: virConnectPtr, file: *const c_char, dxml: *const c_char, flags: c_uint) -> c_int {
    on_conn("virDomainSaveImageDefineXML", conn, |call, c| {
        call.writable(c)?;
        call.non_null(file, "file")?;
        call.non_null(dxml, "dxml")?;
        save_running_or_paused(call, flags)?;
        let file = absolute(call.str_arg(file, "file")?)?;
        c.driver.domain_save_image_define_xml(&file, call.str_arg(dxml, "dxml")?, flags)?;
        Ok(0)
    })
}

fn save_running_or_paused(call: &Call, flags: c_uint) -> Result<()> {
    call.exclusive_flags(
        flags,
        flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING),
        flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_PAUSED),
    )
}

/// As `virDomainSaveFlags`, with the file and the XML as typed parameters.
#[no_mangle]
pub extern "C" fn virDomainSaveParams(
    domain: virDomainPtr,
    params: crate::abi::host::virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    change_dom("virDomainSaveParams", domain, |call, d| {
        save_running_or_paused(call, flags)?;
        let p = super::typedparams::from_c(params, nparams)?;
        d.conn.driver.domain_save_params(&d.ident(), &p, flags)?;
        refresh_id(d);
        Ok(())
    })
}

/// As `virDomainRestoreFlags`, with the file and the XML as typed parameters.
#[no_mangle]
pub extern "C" fn virDomainRestoreParams(
    conn: virConnectPtr,
    params: crate::abi::host::virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_conn("virDomainRestoreParams", conn, |call, c| {
        call.writable(c)?;
        save_running_or_paused(call, flags)?;
        let p = super::typedparams::from_c(params, nparams)?;
        c.driver.domain_restore_params(&p, flags)?;
        Ok(0)
    })
}

/// The domain XML of the managed save image of `domain`; the caller frees it.
#[no_mangle]
pub extern "C" fn virDomainManagedSaveGetXMLDesc(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    on_dom("virDomainManagedSaveGetXMLDesc", domain, |call, d| {
        call.no_secure_flag_when_read_only(
            d.conn.read_only,
            flags,
            crate::abi::domain::virDomainSaveImageXMLFlags::VIR_DOMAIN_SAVE_IMAGE_XML_SECURE as c_uint,
        )?;
        Ok(c_strdup(&d.conn.driver.domain_managed_save_get_xml_desc(&d.ident(), flags)?))
    })
}

/// Replaces the domain XML of the managed save image of `domain`.
#[no_mangle]
pub extern "C" fn virDomainManagedSaveDefineXML(domain: virDomainPtr, dxml: *const c_char, flags: c_uint) -> c_int {
    change_dom("virDomainManagedSaveDefineXML", domain, |call, d| {
        save_running_or_paused(call, flags)?;
        let dxml = call.opt_str_arg(dxml, "dxml")?;
        d.conn.driver.domain_managed_save_define_xml(&d.ident(), dxml, flags)
    })
}

/// What the hypervisor offers for domains of the given emulator, architecture, machine
/// and virtualization type (the caller frees the XML).
#[no_mangle]
pub extern "C" fn virConnectGetDomainCapabilities(
    conn: virConnectPtr,
    emulatorbin: *const c_char,
    arch: *const c_char,
    machine: *const c_char,
    virttype: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    on_conn("virConnectGetDomainCapabilities", conn, |call, c| {
        call.writable(c)?;
        let caps = c.driver.connect_get_domain_capabilities(
            call.opt_str_arg(emulatorbin, "emulatorbin")?,
            call.opt_str_arg(arch, "arch")?,
            call.opt_str_arg(machine, "machine")?,
            call.opt_str_arg(virttype, "virttype")?,
            flags,
        )?;
        Ok(c_strdup(&caps))
    })
}

/// Domain XML from a hypervisor's native configuration (the caller frees it).
#[no_mangle]
pub extern "C" fn virConnectDomainXMLFromNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    nativeConfig: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    on_conn("virConnectDomainXMLFromNative", conn, |call, c| {
        call.writable(c)?;
        let format = call.str_arg(nativeFormat, "nativeFormat")?;
        let config = call.str_arg(nativeConfig, "nativeConfig")?;
        Ok(c_strdup(&c.driver.connect_domain_xml_from_native(format, config, flags)?))
    })
}

/// A hypervisor's native configuration from domain XML (the caller frees it).
#[no_mangle]
pub extern "C" fn virConnectDomainXMLToNative(
    conn: virConnectPtr,
    nativeFormat: *const c_char,
    domainXml: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    on_conn("virConnectDomainXMLToNative", conn, |call, c| {
        call.writable(c)?;
        let format = call.str_arg(nativeFormat, "nativeFormat")?;
        let xml = call.str_arg(domainXml, "domainXml")?;
        Ok(c_strdup(&c.driver.connect_domain_xml_to_native(format, xml, flags)?))
    })
}

// ---- starting with files, renaming ------------------------------------------------------

/// The caller's `nfiles` descriptors (none when `files` is NULL).
fn files_arg(files: *mut c_int, nfiles: c_uint) -> Vec<i32> {
    if files.is_null() || nfiles == 0 {
        return Vec::new();
    }
    // SAFETY: the caller passes `nfiles` ints at `files`.
    unsafe { std::slice::from_raw_parts(files, nfiles as usize) }.to_vec()
}

/// As `virDomainCreateXML`, handing the domain `nfiles` open file descriptors.
#[no_mangle]
pub extern "C" fn virDomainCreateXMLWithFiles(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    nfiles: c_uint,
    files: *mut c_int,
    flags: c_uint,
) -> virDomainPtr {
    on_conn("virDomainCreateXMLWithFiles", conn, |call, c| {
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(c)?;
        let dom = c.driver.domain_create_xml_with_files(xml, &files_arg(files, nfiles), flags)?;
        Ok(new_handle(conn, c, dom))
    })
}

/// As `virDomainCreateWithFlags`, handing the domain `nfiles` open file descriptors.
#[no_mangle]
pub extern "C" fn virDomainCreateWithFiles(domain: virDomainPtr, nfiles: c_uint, files: *mut c_int, flags: c_uint) -> c_int {
    change_dom("virDomainCreateWithFiles", domain, |_, d| {
        let started = d.conn.driver.domain_create_with_files(&d.ident(), &files_arg(files, nfiles), flags)?;
        d.set_id(started.id);
        Ok(())
    })
}

/// Renames the inactive persistent domain `dom` to `new_name`. As with libvirt's own
/// drivers in process, the handle keeps the name it had.
#[no_mangle]
pub extern "C" fn virDomainRename(dom: virDomainPtr, new_name: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainRename", dom, |call, d| {
        call.non_empty_str(new_name, "new_name")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_rename(&d.ident(), call.opt_str_arg(new_name, "new_name")?, flags)
    })
}

// ---- statistics and messages -------------------------------------------------------------

/// CPU time statistics: the domain's total (`start_cpu` -1, `ncpus` 1) or per host CPU
/// (`ncpus` CPUs from `start_cpu`, `nparams` slots each). With `nparams` 0 (and `params`
/// NULL), how many statistics there are per CPU; with `ncpus` 0, how many CPUs.
#[no_mangle]
pub extern "C" fn virDomainGetCPUStats(
    domain: virDomainPtr,
    params: crate::abi::host::virTypedParameterPtr,
    nparams: c_uint,
    start_cpu: c_int,
    ncpus: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetCPUStats", domain, |call, d| {
        // start_cpu is a CPU number or -1 for the total, which is one "CPU".
        if start_cpu == -1 {
            if ncpus != 1 {
                return Err(call.arg_error("start_cpu", "ncpus must be 1 when start_cpu is -1".to_string()));
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
        // libvirt adds VIR_TYPED_PARAM_STRING_OKAY for drivers that take strings.
        let got = d.conn.driver.domain_get_cpu_stats(&d.ident(), nparams, start_cpu, ncpus, flags | 4)?;
        if nparams == 0 || ncpus == 0 || got.nparams <= 0 {
            return Ok(got.nparams);
        }
        // Each CPU's statistics go to its own stride of `nparams` slots.
        let per_cpu = got.nparams as usize;
        for (k, chunk) in got.params.0.chunks(per_cpu).take(ncpus as usize).enumerate() {
            // SAFETY: the caller provides `nparams * ncpus` slots at `params`; CPU k's
            // stride starts at k * nparams.
            let stride = unsafe { params.add(k * nparams as usize) };
            super::typedparams::fill_c(stride, nparams as usize, chunk)?;
        }
        Ok(got.nparams)
    })
}

/// The host name of the guest (the caller frees it).
#[no_mangle]
pub extern "C" fn virDomainGetHostname(domain: virDomainPtr, flags: c_uint) -> *mut c_char {
    on_dom("virDomainGetHostname", domain, |call, d| {
        call.writable(&d.conn)?;
        Ok(c_strdup(&d.conn.driver.domain_get_hostname(&d.ident(), flags)?))
    })
}

/// Every security label of the domain's process, in a malloc'ed array stored in
/// `*seclabels` (the caller frees it); returns how many.
#[no_mangle]
pub extern "C" fn virDomainGetSecurityLabelList(domain: virDomainPtr, seclabels: *mut virSecurityLabelPtr) -> c_int {
    on_dom("virDomainGetSecurityLabelList", domain, |call, d| {
        call.non_null(seclabels, "seclabels")?;
        let labels = d.conn.driver.domain_get_security_label_list(&d.ident())?;
        let mut out = Vec::with_capacity(labels.len());
        for (label, enforcing) in &labels {
            // SAFETY: virSecurityLabel is plain data; all zeroes is a valid empty label.
            let mut l: crate::abi::host::virSecurityLabel = unsafe { std::mem::zeroed() };
            super::copy_c_str(&mut l.label, label);
            l.enforcing = c_int::from(*enforcing);
            out.push(l);
        }
        let array = c_array(&out)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *seclabels = array };
        Ok(out.len() as c_int)
    })
}

/// The messages recorded against the domain (`virDomainMessageType` flags pick which),
/// as a malloc'ed, NULL-terminated array of malloc'ed strings in `*msgs`; returns how many.
#[no_mangle]
pub extern "C" fn virDomainGetMessages(domain: virDomainPtr, msgs: *mut *mut *mut c_char, flags: c_uint) -> c_int {
    on_dom("virDomainGetMessages", domain, |call, d| {
        call.non_null(msgs, "msgs")?;
        let got = d.conn.driver.domain_get_messages(&d.ident(), flags)?;
        let mut list: Vec<*mut c_char> = got.iter().map(|m| c_strdup(m)).collect();
        list.push(std::ptr::null_mut());
        let array = c_array(&list)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *msgs = array };
        Ok(got.len() as c_int)
    })
}

/// Frees a NULL-terminated list of statistics records returned by
/// `virConnectGetAllDomainStats`/`virDomainListGetStats`: each record's parameters, its
/// domain reference and the record, then the list.
#[no_mangle]
pub extern "C" fn virDomainStatsRecordListFree(stats: *mut virDomainStatsRecordPtr) {
    super::typedparams::quietly((), || {
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
                super::typedparams::virTypedParamsFree((*record).params, (*record).nparams);
                if !(*record).dom.is_null() {
                    virDomainFree((*record).dom);
                }
                libc::free(record as *mut libc::c_void);
            }
            k += 1;
        }
        // SAFETY: the list itself was malloc'd by the library.
        unsafe { libc::free(stats as *mut libc::c_void) };
    })
}
