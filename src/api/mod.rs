//! The C surface: every `extern "C"` function libvirt exports.
//!
//! Each export is a few lines: [`guard`] resets the last error, catches panics and
//! dispatches a failure; inside, the [`Call`] checks handles by class and arguments the
//! way libvirt's public API does, then one call goes into safe Rust. One file per libvirt
//! header area; the error domain of a file's argument checks is the one libvirt's
//! matching source file uses (`FROM`).

use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use libc::c_char;
use parking_lot::Mutex;

use crate::abi::{virConnectPtr, virDomainPtr, virError};
use crate::datatypes::{Connect, Domain, ErrorHandler, CONNECTIONS, DOMAINS};
use crate::error::{self, Code, Error, Result};

pub mod auth;
pub mod checks;
pub mod domain;
pub mod domain_checkpoint;
pub mod domain_devices;
pub mod domain_event;
pub mod domain_migration;
pub mod domain_snapshot;
pub mod domain_tuning;
pub mod error_api;
pub mod ext_auth;
pub mod event;
pub mod ext_cert;
pub mod handles;
pub mod host;
pub mod interface;
pub mod network;
pub mod nodedev;
pub mod nwfilter;
pub mod object_event;
pub mod secret;
pub mod storage;
pub mod stream;
pub mod typedparams;

/// The value an export returns when it fails, decided once per return type.
pub(crate) trait Sentinel {
    const FAILED: Self;
}

impl Sentinel for libc::c_int {
    const FAILED: Self = -1;
}
impl Sentinel for libc::c_uint {
    const FAILED: Self = u32::MAX;
}
/// `unsigned long` and `unsigned long long` (both u64 here): 0, as libvirt returns.
impl Sentinel for u64 {
    const FAILED: Self = 0;
}
impl Sentinel for () {
    const FAILED: Self = ();
}
impl<T> Sentinel for *mut T {
    const FAILED: Self = std::ptr::null_mut();
}
impl<T> Sentinel for *const T {
    const FAILED: Self = std::ptr::null();
}

/// One public API call in progress: its name, the error domain of its checks, and the
/// connection it turned out to be about (which receives a copy of any error).
pub(crate) struct Call {
    pub api: &'static str,
    pub from: error::Domain,
    conn: Option<Arc<Connect>>,
}

/// Runs one export: see the module docs. Returns `R::FAILED` on error or panic.
pub(crate) fn guard<R: Sentinel>(
    from: error::Domain,
    api: &'static str,
    f: impl FnOnce(&mut Call) -> Result<R>,
) -> R {
    guard_or(R::FAILED, from, api, f)
}

/// [`guard`] for the few exports whose failure value differs from their type's usual one.
pub(crate) fn guard_or<R>(
    failed: R,
    from: error::Domain,
    api: &'static str,
    f: impl FnOnce(&mut Call) -> Result<R>,
) -> R {
    error::reset_last_error();
    let mut call = Call { api, from, conn: None };
    let outcome = catch_unwind(AssertUnwindSafe(|| f(&mut call)));
    let err = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(err)) => err,
        Err(_) => Error::internal(from, format!("unexpected failure in {api}")),
    };
    dispatch(err, call.conn.as_deref());
    failed
}

impl Call {
    /// The live connection behind `p`, or libvirt's "invalid connection pointer" error.
    pub fn conn(&mut self, p: virConnectPtr) -> Result<Arc<Connect>> {
        match CONNECTIONS.get(p as usize) {
            Some(c) => {
                self.conn = Some(c.clone());
                Ok(c)
            }
            None => Err(Error::new(self.from, Code::VIR_ERR_INVALID_CONN, self.api)),
        }
    }

    /// The live domain behind `p`, or libvirt's "invalid domain pointer" error.
    pub fn domain(&mut self, p: virDomainPtr) -> Result<Arc<Domain>> {
        match DOMAINS.get(p as usize) {
            Some(d) => {
                self.conn = Some(d.conn.clone());
                Ok(d)
            }
            None => Err(Error::new(error::Domain::VIR_FROM_DOM, Code::VIR_ERR_INVALID_DOMAIN, self.api)),
        }
    }

    /// Refuses a change on a read-only connection, with libvirt's wording.
    pub fn writable(&self, conn: &Connect) -> Result<()> {
        if conn.read_only {
            return Err(Error::new(
                self.from,
                Code::VIR_ERR_OPERATION_DENIED,
                format!("read only access prevents {}", self.api),
            ));
        }
        Ok(())
    }

    /// "<arg> in <api> must not be NULL".
    pub fn non_null<T>(&self, p: *const T, arg: &str) -> Result<()> {
        if p.is_null() {
            return Err(self.arg_error(arg, format!("{arg} in {} must not be NULL", self.api)));
        }
        Ok(())
    }

    /// "<arg> in <api> must be zero or greater".
    pub fn non_negative(&self, v: i64, arg: &str) -> Result<()> {
        if v < 0 {
            return Err(self.arg_error(arg, format!("{arg} in {} must be zero or greater", self.api)));
        }
        Ok(())
    }

    /// "<arg> in <api> must be greater than zero".
    pub fn positive(&self, v: i64, arg: &str) -> Result<()> {
        if v <= 0 {
            return Err(self.arg_error(arg, format!("{arg} in {} must be greater than zero", self.api)));
        }
        Ok(())
    }

    /// "<arg> in <api> must not be zero".
    pub fn non_zero(&self, v: i64, arg: &str) -> Result<()> {
        if v == 0 {
            return Err(self.arg_error(arg, format!("{arg} in {} must not be zero", self.api)));
        }
        Ok(())
    }

    /// A C string argument that must be present, as UTF-8.
    pub fn str_arg<'a>(&self, p: *const c_char, arg: &str) -> Result<&'a str> {
        self.non_null(p, arg)?;
        // SAFETY: non-NULL; libvirt's contract is that string arguments are valid
        // NUL-terminated strings that outlive the call.
        let s = unsafe { CStr::from_ptr(p) };
        s.to_str().map_err(|_| self.arg_error(arg, format!("{arg} in {} is not valid UTF-8", self.api)))
    }

    /// A C string argument that may be NULL.
    pub fn opt_str_arg<'a>(&self, p: *const c_char, arg: &str) -> Result<Option<&'a str>> {
        if p.is_null() {
            Ok(None)
        } else {
            self.str_arg(p, arg).map(Some)
        }
    }

    /// `VIR_ERR_NO_SUPPORT` for this API.
    pub fn unsupported<T>(&self) -> Result<T> {
        Err(Error::no_support(self.from, self.api))
    }
}

static GLOBAL_HANDLER: Mutex<Option<ErrorHandler>> = Mutex::new(None);

pub(crate) fn set_global_handler(h: Option<ErrorHandler>) {
    *GLOBAL_HANDLER.lock() = h;
}

/// Final stage of a failed call, as libvirt's `virDispatchError`: store the error for
/// this thread and on the connection, then call the connection's handler, else the
/// global handler, else print the default line on stderr.
pub(crate) fn dispatch(err: Error, conn: Option<&Connect>) {
    error::set_last_error(err.clone());
    let mut handler = *GLOBAL_HANDLER.lock();
    if let Some(c) = conn {
        c.record_error(&err);
        if let Some(h) = *c.handler.lock() {
            handler = Some(h);
        }
    }
    match handler.and_then(|h| h.func.map(|f| (f, h.data))) {
        Some((func, data)) => {
            let ptr: *mut virError = error::with_last(|l| &mut *l.c as *mut virError);
            // SAFETY: the application registered `func` for exactly this call; `ptr` is
            // this thread's last-error struct, boxed so it stays put while the callback
            // runs (the RefCell borrow is released before the call).
            unsafe { func(data as *mut libc::c_void, ptr) };
        }
        None => eprint!("{}", default_error_line(&err)),
    }
}

/// The line libvirt's `virDefaultErrorFunc` prints for an error.
pub(crate) fn default_error_line(err: &Error) -> String {
    let level = match err.level {
        error::virErrorLevel::VIR_ERR_NONE => "",
        error::virErrorLevel::VIR_ERR_WARNING => "warning",
        error::virErrorLevel::VIR_ERR_ERROR => "error",
    };
    let dom = error::domain_name(err.domain as i32);
    if err.domain == error::Domain::VIR_FROM_XML && err.code == Code::VIR_ERR_XML_DETAIL && err.int1 != 0 {
        format!("libvirt: {dom} {level} : line {}: {}", err.int1, err.message)
    } else if err.message.ends_with('\n') {
        format!("libvirt: {dom} {level} : {}", err.message)
    } else {
        format!("libvirt: {dom} {level} : {}\n", err.message)
    }
}

/// Copies `s` into memory from C's `malloc`, so the caller can `free()` it.
/// Copies `s` into the fixed C buffer `dst`, truncated to leave a NUL, zero-filled.
pub(crate) fn copy_c_str(dst: &mut [c_char], s: &str) {
    dst.fill(0);
    let room = dst.len().saturating_sub(1);
    for (d, b) in dst.iter_mut().zip(s.bytes().take(room)) {
        *d = b as c_char;
    }
}

pub(crate) fn c_strdup(s: &str) -> *mut c_char {
    let cs = error::c_string(s);
    // SAFETY: `cs` is a valid NUL-terminated string; strdup copies it into malloc'd memory.
    unsafe { libc::strdup(cs.as_ptr()) }
}

/// Copies `items` into a `malloc`ed array the caller frees with `free()`.
pub(crate) fn c_array<T: Copy>(items: &[T]) -> Result<*mut T> {
    let size = std::mem::size_of::<T>().max(1) * items.len().max(1);
    // SAFETY: malloc of a non-zero size; the result is checked before use.
    let p = unsafe { libc::malloc(size) } as *mut T;
    if p.is_null() {
        return Err(Error::new(error::Domain::VIR_FROM_NONE, Code::VIR_ERR_NO_MEMORY, ""));
    }
    // SAFETY: `p` has room for `items.len()` values of T and does not overlap `items`.
    unsafe { std::ptr::copy_nonoverlapping(items.as_ptr(), p, items.len()) };
    Ok(p)
}
