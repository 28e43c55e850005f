//! libvirt-domain.h, devices and the guest: device hotplug, block devices and their
//! jobs, keys and NMIs, core dumps, power management, and what the guest agent answers
//! (file systems, time, addresses, users, SSH keys).
//!
//! Each export checks its handle and arguments as libvirt's public API does, in the same
//! order, then calls the connection's `DomainDevices` slot and hands the answer to C in
//! memory the caller frees with `free()` (or the matching `virDomain*Free`).

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_char, c_int, c_longlong, c_uint, c_ulong, c_ulonglong, c_void, size_t};

use super::checks::flag;
use super::typedparams::{fill_c, from_c, quietly, to_c_array};
use super::{c_array, c_strdup, guard, Call, Sentinel};
use crate::abi::domain::{
    virDomainAuthorizedSSHKeysSetFlags, virDomainBlockInfo, virDomainBlockInfoPtr, virDomainBlockJobInfo,
    virDomainBlockJobInfoPtr, virDomainBlockRebaseFlags, virDomainBlockStatsPtr, virDomainBlockStatsStruct,
    virDomainCoreDumpFlags, virDomainCoreDumpFormat, virDomainDiskErrorPtr, virDomainFSInfo, virDomainFSInfoPtr,
    virDomainIPAddress, virDomainInterface, virDomainInterfacePtr, virDomainMemoryFlags, virKeycodeSet,
    VIR_DOMAIN_SEND_KEY_MAX_KEYS,
};
use crate::abi::host::virTypedParameterPtr;
use crate::abi::virDomainPtr;
use crate::datatypes::Domain as DomainHandle;
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// `VIR_TYPED_PARAM_STRING_OKAY`: the public API tells drivers the caller takes strings.
const STRING_OKAY: c_uint = 4;

/// Runs `f` on the domain behind `dom`.
fn on_dom<R: Sentinel>(api: &'static str, dom: virDomainPtr, f: impl FnOnce(&mut Call, &Arc<DomainHandle>) -> Result<R>) -> R {
    guard(FROM, api, |call| {
        let d = call.domain(dom)?;
        f(call, &d)
    })
}

/// A string the caller must have passed (checked non-NULL before).
fn text<'a>(call: &Call, p: *const c_char, arg: &str) -> Result<&'a str> {
    call.str_arg(p, arg)
}

/// The `n` strings of the caller's array `p` (NULL when `n` is 0).
fn strings(call: &Call, p: *const *const c_char, n: usize, arg: &str) -> Result<Vec<String>> {
    (0..n)
        .map(|i| {
            // SAFETY: the caller passes `n` string pointers at `p` (checked non-NULL when n > 0).
            let s = unsafe { *p.add(i) };
            call.str_arg(s, arg).map(str::to_string)
        })
        .collect()
}

/// Frees the pointers of a partly built list of `free()`-able structs.
fn free_all<T>(items: &[*mut T], free_one: impl Fn(*mut T)) {
    for &p in items {
        free_one(p);
    }
}

// ---- device hotplug --------------------------------------------------------------------

/// Create a virtual device attachment to backend.
#[no_mangle]
pub extern "C" fn virDomainAttachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    on_dom("virDomainAttachDevice", domain, |call, d| {
        call.non_null(xml, "xml")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_attach_device(&d.ident(), text(call, xml, "xml")?)?;
        Ok(0)
    })
}

/// This is an equivalent of virDomainDetachDeviceFlags() when called with flags parameter set to
/// VIR_DOMAIN_AFFECT_LIVE.
#[no_mangle]
pub extern "C" fn virDomainDetachDevice(domain: virDomainPtr, xml: *const c_char) -> c_int {
    on_dom("virDomainDetachDevice", domain, |call, d| {
        call.non_null(xml, "xml")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_detach_device(&d.ident(), text(call, xml, "xml")?)?;
        Ok(0)
    })
}

/// Attach a virtual device to a domain, using the flags parameter to control how the device is
/// attached.
#[no_mangle]
pub extern "C" fn virDomainAttachDeviceFlags(domain: virDomainPtr, xml: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainAttachDeviceFlags", domain, |call, d| {
        call.non_null(xml, "xml")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_attach_device_flags(&d.ident(), text(call, xml, "xml")?, flags)?;
        Ok(0)
    })
}

/// Detach a virtual device from a domain, using the flags parameter to control how the device is
/// detached.
#[no_mangle]
pub extern "C" fn virDomainDetachDeviceFlags(domain: virDomainPtr, xml: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainDetachDeviceFlags", domain, |call, d| {
        call.non_null(xml, "xml")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_detach_device_flags(&d.ident(), text(call, xml, "xml")?, flags)?;
        Ok(0)
    })
}

/// Change a virtual device on a domain, using the flags parameter to control how the device is
/// changed.
#[no_mangle]
pub extern "C" fn virDomainUpdateDeviceFlags(domain: virDomainPtr, xml: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainUpdateDeviceFlags", domain, |call, d| {
        call.non_null(xml, "xml")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_update_device_flags(&d.ident(), text(call, xml, "xml")?, flags)?;
        Ok(0)
    })
}

/// Detach a virtual device from a domain, using the alias to specify the device.
#[no_mangle]
pub extern "C" fn virDomainDetachDeviceAlias(domain: virDomainPtr, alias: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainDetachDeviceAlias", domain, |call, d| {
        call.non_null(alias, "alias")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_detach_device_alias(&d.ident(), text(call, alias, "alias")?, flags)?;
        Ok(0)
    })
}

// ---- power management, NMI, keys, signals ----------------------------------------------

/// Attempt to have the guest enter the given target power management suspension level.
#[no_mangle]
pub extern "C" fn virDomainPMSuspendForDuration(
    domain: virDomainPtr,
    target: c_uint,
    duration: c_ulonglong,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainPMSuspendForDuration", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_pm_suspend_for_duration(&d.ident(), target, duration, flags)?;
        Ok(0)
    })
}

/// Inject a wakeup into the guest that previously used virDomainPMSuspendForDuration, rather than
/// waiting for the previously requested duration (if any) to elapse.
#[no_mangle]
pub extern "C" fn virDomainPMWakeup(domain: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainPMWakeup", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_pm_wakeup(&d.ident(), flags)?;
        Ok(0)
    })
}

/// Send NMI to the guest.
#[no_mangle]
pub extern "C" fn virDomainInjectNMI(domain: virDomainPtr, flags: c_uint) -> c_int {
    on_dom("virDomainInjectNMI", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_inject_nmi(&d.ident(), flags)?;
        Ok(0)
    })
}

/// Send key(s) to the guest: `nkeycodes` (1 to 16) codes of `codeset`, held `holdtime` ms.
#[no_mangle]
pub extern "C" fn virDomainSendKey(
    domain: virDomainPtr,
    codeset: c_uint,
    holdtime: c_uint,
    keycodes: *mut c_uint,
    nkeycodes: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSendKey", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(keycodes, "keycodes")?;
        call.positive(nkeycodes as i64, "nkeycodes")?;
        if codeset > virKeycodeSet::VIR_KEYCODE_SET_QNUM as c_uint {
            return Err(call.arg_error("codeset", format!("Unsupported codeset '{}'", codeset as c_int)));
        }
        if nkeycodes as usize > VIR_DOMAIN_SEND_KEY_MAX_KEYS {
            return Err(call.arg_error("nkeycodes", format!("nkeycodes must be <= {}", VIR_DOMAIN_SEND_KEY_MAX_KEYS)));
        }
        // SAFETY: the caller passes `nkeycodes` (1..=16, checked) codes at `keycodes`.
        let keys = unsafe { std::slice::from_raw_parts(keycodes, nkeycodes as usize) };
        d.conn.driver.domain_send_key(&d.ident(), codeset, holdtime, keys, flags)?;
        Ok(0)
    })
}

/// Send a signal to the designated process in the guest.
#[no_mangle]
pub extern "C" fn virDomainSendProcessSignal(
    domain: virDomainPtr,
    pid_value: c_longlong,
    signum: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSendProcessSignal", domain, |call, d| {
        call.non_zero(pid_value, "pid_value")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_send_process_signal(&d.ident(), pid_value, signum, flags)?;
        Ok(0)
    })
}

// ---- core dumps ------------------------------------------------------------------------

/// This method will dump the core of a domain on a given file for analysis.
#[no_mangle]
pub extern "C" fn virDomainCoreDump(domain: virDomainPtr, to: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainCoreDump", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(to, "to")?;
        dump_flag_checks(call, flags)?;
        d.conn.driver.domain_core_dump(&d.ident(), &absolute(text(call, to, "to")?)?, flags)?;
        Ok(0)
    })
}

/// This method will dump the core of a domain on a given file for analysis, in `dumpformat`.
#[no_mangle]
pub extern "C" fn virDomainCoreDumpWithFormat(
    domain: virDomainPtr,
    to: *const c_char,
    dumpformat: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainCoreDumpWithFormat", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(to, "to")?;
        if dumpformat > virDomainCoreDumpFormat::VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP as c_uint {
            return Err(call.arg_error("flags", format!("dumpformat '{}' is not supported", dumpformat as c_int)));
        }
        dump_flag_checks(call, flags)?;
        d.conn.driver.domain_core_dump_with_format(&d.ident(), &absolute(text(call, to, "to")?)?, dumpformat, flags)?;
        Ok(0)
    })
}

/// `VIR_DUMP_CRASH` excludes `VIR_DUMP_LIVE` and `VIR_DUMP_RESET`.
fn dump_flag_checks(call: &Call, flags: c_uint) -> Result<()> {
    call.exclusive_flags(flags, flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH), flag!(virDomainCoreDumpFlags::VIR_DUMP_LIVE))?;
    call.exclusive_flags(flags, flag!(virDomainCoreDumpFlags::VIR_DUMP_CRASH), flag!(virDomainCoreDumpFlags::VIR_DUMP_RESET))
}

/// libvirt hands the driver the file as an absolute path (relative to the caller's
/// working directory), since a daemon's is elsewhere.
fn absolute(path: &str) -> Result<String> {
    if path.starts_with('/') {
        return Ok(path.to_string());
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::system(FROM, &format!("could not build absolute path of '{path}'"), &e))?;
    Ok(cwd.join(path).to_string_lossy().into_owned())
}

// ---- block devices ---------------------------------------------------------------------

/// This function returns block device (disk) stats for block devices attached to the domain: the
/// first `size` bytes of a `virDomainBlockStatsStruct` (older callers pass less).
#[no_mangle]
pub extern "C" fn virDomainBlockStats(
    dom: virDomainPtr,
    disk: *const c_char,
    stats: virDomainBlockStatsPtr,
    size: size_t,
) -> c_int {
    on_dom("virDomainBlockStats", dom, |call, d| {
        call.non_null(disk, "disk")?;
        call.non_null(stats, "stats")?;
        // Older callers pass a smaller struct; a larger one would be written past its end.
        if size > std::mem::size_of::<virDomainBlockStatsStruct>() {
            return Err(call.arg_error(
                "size",
                format!("size must not exceed {}", std::mem::size_of::<virDomainBlockStatsStruct>()),
            ));
        }
        let r = d.conn.driver.domain_block_stats(&d.ident(), text(call, disk, "disk")?)?;
        let full = virDomainBlockStatsStruct {
            rd_req: r.rd_req,
            rd_bytes: r.rd_bytes,
            wr_req: r.wr_req,
            wr_bytes: r.wr_bytes,
            errs: r.errs,
        };
        // SAFETY: the caller's buffer holds `size` bytes (checked not to exceed the struct).
        unsafe { std::ptr::copy_nonoverlapping(&full as *const _ as *const u8, stats as *mut u8, size) };
        Ok(0)
    })
}

/// This function is to get block stats parameters for block devices attached to the domain:
/// `*nparams == 0` asks how many there are.
#[no_mangle]
pub extern "C" fn virDomainBlockStatsFlags(
    dom: virDomainPtr,
    disk: *const c_char,
    params: virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBlockStatsFlags", dom, |call, d| {
        call.non_null(disk, "disk")?;
        call.non_null(nparams, "nparams")?;
        call.non_negative_at(nparams, "*nparams")?;
        call.non_null_array_at(params, nparams, "params")?;
        // SAFETY: checked non-NULL above.
        let asked = unsafe { *nparams };
        let r = d.conn.driver.domain_block_stats_flags(&d.ident(), text(call, disk, "disk")?, asked, flags | STRING_OKAY)?;
        let n = if asked == 0 { r.nparams } else { fill_c(params, asked as usize, &r.params.0)? };
        // SAFETY: as above.
        unsafe { *nparams = n };
        Ok(0)
    })
}

/// This function allows you to read the contents of a domain's disk device.
#[no_mangle]
pub extern "C" fn virDomainBlockPeek(
    dom: virDomainPtr,
    disk: *const c_char,
    offset: c_ulonglong,
    size: size_t,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBlockPeek", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_empty_str(disk, "disk")?;
        call.non_null_array(buffer, size as i64, "buffer")?;
        let size32 = u32::try_from(size).map_err(|_| call.arg_error("size", format!("size {size} is too large")))?;
        let got = d.conn.driver.domain_block_peek(&d.ident(), text(call, disk, "disk")?, offset, size32, flags)?;
        copy_out(&got, buffer, size)
    })
}

/// Copies exactly `size` bytes the driver returned into the caller's buffer.
fn copy_out(got: &[u8], buffer: *mut c_void, size: usize) -> Result<c_int> {
    if got.len() != size {
        return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "returned buffer is not same size as requested"));
    }
    if size > 0 {
        // SAFETY: the caller's buffer holds `size` bytes (checked non-NULL when size > 0).
        unsafe { std::ptr::copy_nonoverlapping(got.as_ptr(), buffer as *mut u8, size) };
    }
    Ok(0)
}

/// This function allows you to read the contents of a domain's memory.
#[no_mangle]
pub extern "C" fn virDomainMemoryPeek(
    dom: virDomainPtr,
    start: c_ulonglong,
    size: size_t,
    buffer: *mut c_void,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainMemoryPeek", dom, |call, d| {
        call.writable(&d.conn)?;
        call.exclusive_flags(
            flags,
            flag!(virDomainMemoryFlags::VIR_MEMORY_VIRTUAL),
            flag!(virDomainMemoryFlags::VIR_MEMORY_PHYSICAL),
        )?;
        call.non_null_array(buffer, size as i64, "buffer")?;
        let got = d.conn.driver.domain_memory_peek(&d.ident(), start, size, flags)?;
        copy_out(&got, buffer, size)
    })
}

/// Resize a block device of domain while the domain is running.
#[no_mangle]
pub extern "C" fn virDomainBlockResize(dom: virDomainPtr, disk: *const c_char, size: c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainBlockResize", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        d.conn.driver.domain_block_resize(&d.ident(), text(call, disk, "disk")?, size, flags)?;
        Ok(0)
    })
}

/// Extract information about a domain's block device.
#[no_mangle]
pub extern "C" fn virDomainGetBlockInfo(
    dom: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockInfoPtr,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetBlockInfo", dom, |call, d| {
        call.non_empty_str(disk, "disk")?;
        call.non_null(info, "info")?;
        let r = d.conn.driver.domain_get_block_info(&d.ident(), text(call, disk, "disk")?, flags)?;
        // SAFETY: checked non-NULL; points at the caller's virDomainBlockInfo.
        unsafe { *info = virDomainBlockInfo { capacity: r.capacity, allocation: r.allocation, physical: r.physical } };
        Ok(0)
    })
}

/// Set the threshold level for delivering the VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD if the device or
/// backing chain element described by dev is written beyond the set threshold level.
#[no_mangle]
pub extern "C" fn virDomainSetBlockThreshold(
    domain: virDomainPtr,
    dev: *const c_char,
    threshold: c_ulonglong,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetBlockThreshold", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(dev, "dev")?;
        d.conn.driver.domain_set_block_threshold(&d.ident(), text(call, dev, "dev")?, threshold, flags)?;
        Ok(0)
    })
}

/// The function populates errors array with all disks that encountered an I/O error; with no
/// array (`maxerrors` 0) it returns how many disks there are. Each `disk` is the caller's to free.
#[no_mangle]
pub extern "C" fn virDomainGetDiskErrors(
    dom: virDomainPtr,
    errors: virDomainDiskErrorPtr,
    maxerrors: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetDiskErrors", dom, |call, d| {
        call.non_null_array(errors, maxerrors as i64, "errors")?;
        let (got, n) = d.conn.driver.domain_get_disk_errors(&d.ident(), maxerrors, flags)?;
        if !errors.is_null() {
            for (i, e) in got.iter().take(maxerrors as usize).enumerate() {
                // SAFETY: the caller's array holds `maxerrors` entries.
                unsafe {
                    (*errors.add(i)).disk = c_strdup(&e.disk);
                    (*errors.add(i)).error = e.error;
                }
            }
        }
        Ok(n)
    })
}

// ---- block jobs ------------------------------------------------------------------------

/// Cancel the active block job on the given disk.
#[no_mangle]
pub extern "C" fn virDomainBlockJobAbort(dom: virDomainPtr, disk: *const c_char, flags: c_uint) -> c_int {
    on_dom("virDomainBlockJobAbort", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        d.conn.driver.domain_block_job_abort(&d.ident(), text(call, disk, "disk")?, flags)?;
        Ok(0)
    })
}

/// Request block job information for the given disk: 1 and `*info` filled when a job runs, 0
/// when none does.
#[no_mangle]
pub extern "C" fn virDomainGetBlockJobInfo(
    dom: virDomainPtr,
    disk: *const c_char,
    info: virDomainBlockJobInfoPtr,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetBlockJobInfo", dom, |call, d| {
        call.non_null(disk, "disk")?;
        call.non_null(info, "info")?;
        let r = d.conn.driver.domain_get_block_job_info(&d.ident(), text(call, disk, "disk")?, flags)?;
        if r.found == 0 {
            return Ok(0);
        }
        // SAFETY: checked non-NULL; points at the caller's virDomainBlockJobInfo.
        unsafe {
            *info = virDomainBlockJobInfo { r#type: r.type_, bandwidth: r.bandwidth as c_ulong, cur: r.cur, end: r.end };
        }
        Ok(1)
    })
}

/// Set the maximum allowable bandwidth that a block job may consume.
#[no_mangle]
pub extern "C" fn virDomainBlockJobSetSpeed(dom: virDomainPtr, disk: *const c_char, bandwidth: c_ulong, flags: c_uint) -> c_int {
    on_dom("virDomainBlockJobSetSpeed", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        d.conn.driver.domain_block_job_set_speed(&d.ident(), text(call, disk, "disk")?, bandwidth as u64, flags)?;
        Ok(0)
    })
}

/// Populate a disk image with data from its backing image.
#[no_mangle]
pub extern "C" fn virDomainBlockPull(dom: virDomainPtr, disk: *const c_char, bandwidth: c_ulong, flags: c_uint) -> c_int {
    on_dom("virDomainBlockPull", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        d.conn.driver.domain_block_pull(&d.ident(), text(call, disk, "disk")?, bandwidth as u64, flags)?;
        Ok(0)
    })
}

/// Populate a disk image with data from its backing image chain, and setting the backing image to
/// base, or alternatively copy an entire backing chain to a new file base.
#[no_mangle]
pub extern "C" fn virDomainBlockRebase(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBlockRebase", dom, |call, d| {
        call.writable(&d.conn)?;
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
        let base = call.opt_str_arg(base, "base")?;
        d.conn.driver.domain_block_rebase(&d.ident(), text(call, disk, "disk")?, base, bandwidth as u64, flags)?;
        Ok(0)
    })
}

/// Copy the guest-visible contents of a disk image to a new file described by destxml.
#[no_mangle]
pub extern "C" fn virDomainBlockCopy(
    dom: virDomainPtr,
    disk: *const c_char,
    destxml: *const c_char,
    params: virTypedParameterPtr,
    nparams: c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBlockCopy", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        call.non_null(destxml, "destxml")?;
        call.non_negative(nparams as i64, "nparams")?;
        call.non_null_array(params, nparams as i64, "params")?;
        let p = from_c(params, nparams)?;
        let (disk, destxml) = (text(call, disk, "disk")?, text(call, destxml, "destxml")?);
        d.conn.driver.domain_block_copy(&d.ident(), disk, destxml, &p, flags)?;
        Ok(0)
    })
}

/// Commit changes that were made to temporary top-level files within a disk image backing file
/// chain into a lower-level base file.
#[no_mangle]
pub extern "C" fn virDomainBlockCommit(
    dom: virDomainPtr,
    disk: *const c_char,
    base: *const c_char,
    top: *const c_char,
    bandwidth: c_ulong,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainBlockCommit", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(disk, "disk")?;
        let (base, top) = (call.opt_str_arg(base, "base")?, call.opt_str_arg(top, "top")?);
        d.conn.driver.domain_block_commit(&d.ident(), text(call, disk, "disk")?, base, top, bandwidth as u64, flags)?;
        Ok(0)
    })
}

// ---- the guest agent -------------------------------------------------------------------

/// Calls FITRIM within the guest (hence guest agent may be required depending on hypervisor used).
#[no_mangle]
pub extern "C" fn virDomainFSTrim(dom: virDomainPtr, mountPoint: *const c_char, minimum: c_ulonglong, flags: c_uint) -> c_int {
    on_dom("virDomainFSTrim", dom, |call, d| {
        call.writable(&d.conn)?;
        let mount_point = call.opt_str_arg(mountPoint, "mountPoint")?;
        d.conn.driver.domain_fstrim(&d.ident(), mount_point, minimum, flags)?;
        Ok(0)
    })
}

/// Freeze specified filesystems within the guest (all when `nmountpoints` is 0); returns how many
/// were frozen.
#[no_mangle]
pub extern "C" fn virDomainFSFreeze(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainFSFreeze", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        let m = strings(call, mountpoints, nmountpoints as usize, "mountpoints")?;
        d.conn.driver.domain_fsfreeze(&d.ident(), &m, flags)
    })
}

/// Thaw specified filesystems within the guest (all when `nmountpoints` is 0); returns how many
/// were thawed.
#[no_mangle]
pub extern "C" fn virDomainFSThaw(
    dom: virDomainPtr,
    mountpoints: *mut *const c_char,
    nmountpoints: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainFSThaw", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null_array(mountpoints, nmountpoints as i64, "mountpoints")?;
        let m = strings(call, mountpoints, nmountpoints as usize, "mountpoints")?;
        d.conn.driver.domain_fsthaw(&d.ident(), &m, flags)
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
/// the disks: `*info` gets an array of that many descriptions, each freed with
/// `virDomainFSInfoFree`, the array with `free()`.
#[no_mangle]
pub extern "C" fn virDomainGetFSInfo(dom: virDomainPtr, info: *mut *mut virDomainFSInfoPtr, flags: c_uint) -> c_int {
    on_dom("virDomainGetFSInfo", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(info, "info")?;
        // SAFETY: checked non-NULL; the caller's pointer is cleared before the call, as libvirt does.
        unsafe { *info = std::ptr::null_mut() };
        let got = d.conn.driver.domain_get_fsinfo(&d.ident(), flags)?;
        let mut built: Vec<virDomainFSInfoPtr> = Vec::with_capacity(got.len());
        for f in &got {
            let aliases: Vec<*mut c_char> = f.dev_aliases.0.iter().map(|a| c_strdup(a)).collect();
            let one = virDomainFSInfo {
                mountpoint: c_strdup(&f.mountpoint),
                name: c_strdup(&f.name),
                fstype: c_strdup(&f.fstype),
                ndevAlias: aliases.len(),
                devAlias: if aliases.is_empty() { std::ptr::null_mut() } else { c_array(&aliases)? },
            };
            match c_array(&[one]) {
                Ok(p) => built.push(p),
                Err(e) => {
                    free_all(&built, |p| virDomainFSInfoFree(p));
                    return Err(e);
                }
            }
        }
        let array = match c_array(&built) {
            Ok(p) => p,
            Err(e) => {
                free_all(&built, |p| virDomainFSInfoFree(p));
                return Err(e);
            }
        };
        // SAFETY: checked non-NULL above.
        unsafe { *info = array };
        Ok(built.len() as c_int)
    })
}

/// Extract information about guest time and store it into seconds and nseconds.
#[no_mangle]
pub extern "C" fn virDomainGetTime(dom: virDomainPtr, seconds: *mut c_longlong, nseconds: *mut c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainGetTime", dom, |call, d| {
        call.writable(&d.conn)?;
        // libvirt leaves these to the driver (which writes through them); refuse NULL here.
        call.non_null(seconds, "seconds")?;
        call.non_null(nseconds, "nseconds")?;
        let t = d.conn.driver.domain_get_time(&d.ident(), flags)?;
        // SAFETY: both checked non-NULL above.
        unsafe {
            *seconds = t.seconds;
            *nseconds = t.nseconds;
        }
        Ok(0)
    })
}

/// When a domain is suspended or restored from a file the domain's OS has no idea that there was a
/// big gap in the time; this sets the guest's clock.
#[no_mangle]
pub extern "C" fn virDomainSetTime(dom: virDomainPtr, seconds: c_longlong, nseconds: c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainSetTime", dom, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_set_time(&d.ident(), seconds, nseconds, flags)?;
        Ok(0)
    })
}

/// Only the guest agent source needs write access; qemud makes the same check for its
/// read-only clients (the procedure is read-only).
fn agent_source_needs_write(call: &Call, d: &DomainHandle, source: c_uint) -> Result<()> {
    if source == crate::driver::domain_devices::ADDRESSES_SRC_AGENT {
        call.writable(&d.conn)?;
    }
    Ok(())
}

/// Return a pointer to the allocated array of pointers to interfaces present in given domain along
/// with their IP and MAC addresses: each freed with `virDomainInterfaceFree`, the array with
/// `free()`.
#[no_mangle]
pub extern "C" fn virDomainInterfaceAddresses(
    dom: virDomainPtr,
    ifaces: *mut *mut virDomainInterfacePtr,
    source: c_uint,
    flags: c_uint,
) -> c_int {
    if !ifaces.is_null() {
        // SAFETY: a non-NULL `ifaces` points at the caller's pointer; libvirt clears it first.
        unsafe { *ifaces = std::ptr::null_mut() };
    }
    on_dom("virDomainInterfaceAddresses", dom, |call, d| {
        agent_source_needs_write(call, d, source)?;
        call.non_null(ifaces, "ifaces")?;
        let got = d.conn.driver.domain_interface_addresses(&d.ident(), source, flags)?;
        let mut built: Vec<virDomainInterfacePtr> = Vec::with_capacity(got.len());
        for i in &got {
            let addrs: Vec<virDomainIPAddress> = i
                .addrs
                .0
                .iter()
                .map(|a| virDomainIPAddress { r#type: a.type_, addr: c_strdup(&a.addr), prefix: a.prefix })
                .collect();
            let one = virDomainInterface {
                name: c_strdup(&i.name),
                hwaddr: i.hwaddr.as_deref().map_or(std::ptr::null_mut(), c_strdup),
                naddrs: addrs.len() as c_uint,
                addrs: if addrs.is_empty() { std::ptr::null_mut() } else { c_array(&addrs)? },
            };
            match c_array(&[one]) {
                Ok(p) => built.push(p),
                Err(e) => {
                    free_all(&built, |p| virDomainInterfaceFree(p));
                    return Err(e);
                }
            }
        }
        let array = match c_array(&built) {
            Ok(p) => p,
            Err(e) => {
                free_all(&built, |p| virDomainInterfaceFree(p));
                return Err(e);
            }
        };
        // SAFETY: checked non-NULL above.
        unsafe { *ifaces = array };
        Ok(built.len() as c_int)
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

/// Sets the user password to the value specified by password.
#[no_mangle]
pub extern "C" fn virDomainSetUserPassword(
    dom: virDomainPtr,
    user: *const c_char,
    password: *const c_char,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainSetUserPassword", dom, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(user, "user")?;
        call.non_null(password, "password")?;
        let (user, password) = (text(call, user, "user")?, text(call, password, "password")?);
        d.conn.driver.domain_set_user_password(&d.ident(), Some(user), Some(password), flags)?;
        Ok(0)
    })
}

/// Queries the guest agent for the various information about the guest system: `*params` gets
/// `*nparams` typed parameters the caller frees with `virTypedParamsFree`.
#[no_mangle]
pub extern "C" fn virDomainGetGuestInfo(
    domain: virDomainPtr,
    types: c_uint,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainGetGuestInfo", domain, |call, d| {
        call.writable(&d.conn)?;
        call.non_null(params, "params")?;
        call.non_null(nparams, "nparams")?;
        let got = d.conn.driver.domain_get_guest_info(&d.ident(), types, flags)?;
        let pairs: Vec<_> = got.into_iter().map(|p| (p.field, p.value)).collect();
        let (array, n) = to_c_array(&pairs)?;
        // SAFETY: both checked non-NULL above.
        unsafe {
            *params = array;
            *nparams = n;
        }
        Ok(0)
    })
}

/// Set how long to wait for a response from guest agent commands.
#[no_mangle]
pub extern "C" fn virDomainAgentSetResponseTimeout(domain: virDomainPtr, timeout: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainAgentSetResponseTimeout", domain, |call, d| {
        call.writable(&d.conn)?;
        d.conn.driver.domain_agent_set_response_timeout(&d.ident(), timeout, flags)
    })
}

/// For given user in domain fetch list of public SSH authorized keys and store them into keys array
/// which is allocated upon successful return and is NULL terminated; returns how many there are.
/// The caller frees each key and the array with `free()`.
#[no_mangle]
pub extern "C" fn virDomainAuthorizedSSHKeysGet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *mut *mut c_char,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainAuthorizedSSHKeysGet", domain, |call, d| {
        call.non_null(user, "user")?;
        call.non_null(keys, "keys")?;
        call.writable(&d.conn)?;
        let got = d.conn.driver.domain_authorized_ssh_keys_get(&d.ident(), text(call, user, "user")?, flags)?;
        let mut list: Vec<*mut c_char> = got.iter().map(|k| c_strdup(k)).collect();
        list.push(std::ptr::null_mut());
        let array = c_array(&list).inspect_err(|_| list.iter().for_each(|&p| {
            // SAFETY: each entry was strdup'ed above (or is NULL).
            unsafe { libc::free(p as *mut c_void) }
        }))?;
        // SAFETY: checked non-NULL above.
        unsafe { *keys = array };
        Ok(got.len() as c_int)
    })
}

/// For given user in domain set keys in authorized keys file.
#[no_mangle]
pub extern "C" fn virDomainAuthorizedSSHKeysSet(
    domain: virDomainPtr,
    user: *const c_char,
    keys: *mut *const c_char,
    nkeys: c_uint,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainAuthorizedSSHKeysSet", domain, |call, d| {
        call.non_null(user, "user")?;
        call.writable(&d.conn)?;
        let append_or_remove = virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND as c_uint
            | virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE as c_uint;
        if flags & append_or_remove != 0 {
            call.non_null(keys, "keys")?;
        }
        call.exclusive_flags(
            flags,
            flag!(virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND),
            flag!(virDomainAuthorizedSSHKeysSetFlags::VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE),
        )?;
        let list = if keys.is_null() { Vec::new() } else { strings(call, keys, nkeys as usize, "keys")? };
        d.conn.driver.domain_authorized_ssh_keys_set(&d.ident(), text(call, user, "user")?, &list, flags)?;
        Ok(0)
    })
}

/// Connects the socket `fd` to the graphics backend `idx` of `dom`: the driver takes its
/// own copy of the descriptor (the caller keeps `fd`).
#[no_mangle]
pub extern "C" fn virDomainOpenGraphics(dom: virDomainPtr, idx: c_uint, fd: c_int, flags: c_uint) -> c_int {
    on_dom("virDomainOpenGraphics", dom, |call, d| {
        call.non_negative(fd as i64, "fd")?;
        call.socket_fd(fd, "fd")?;
        call.writable(&d.conn)?;
        d.conn.driver.domain_open_graphics(&d.ident(), idx, fd, flags)?;
        Ok(0)
    })
}

/// A new socket connected to the graphics backend `idx` of `dom`; the caller owns the
/// returned descriptor.
#[no_mangle]
pub extern "C" fn virDomainOpenGraphicsFD(dom: virDomainPtr, idx: c_uint, flags: c_uint) -> c_int {
    on_dom("virDomainOpenGraphicsFD", dom, |call, d| {
        call.writable(&d.conn)?;
        use std::os::fd::IntoRawFd;
        Ok(d.conn.driver.domain_open_graphics_fd(&d.ident(), idx, flags)?.into_raw_fd())
    })
}

/// Hands the driver the `nfds` descriptors in `fds`, to be used by the domain under `name`
/// (the caller keeps its descriptors).
#[no_mangle]
pub extern "C" fn virDomainFDAssociate(
    domain: virDomainPtr,
    name: *const c_char,
    nfds: c_uint,
    fds: *mut c_int,
    flags: c_uint,
) -> c_int {
    on_dom("virDomainFDAssociate", domain, |call, d| {
        call.non_zero(nfds as i64, "nfds")?;
        call.non_null_array(fds, nfds as i64, "fds")?;
        call.writable(&d.conn)?;
        // libvirt hands a null name on to the driver.
        let name = call.opt_str_arg(name, "name")?;
        // SAFETY: `fds` is non-null (checked) and the caller passes `nfds` descriptors.
        let fds = unsafe { std::slice::from_raw_parts(fds, nfds as usize) };
        d.conn.driver.domain_fd_associate(&d.ident(), name, fds, flags)?;
        Ok(0)
    })
}
