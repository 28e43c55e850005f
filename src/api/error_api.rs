//! virterror.h: the last error of a thread or a connection, and error callbacks.
//!
//! These functions inspect errors, so unlike other exports they do not reset the last
//! error on entry. Strings they hand out in a copy are `malloc`ed: `virResetError` and
//! `virFreeError` (or the caller's own `free()`) release them.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};

use libc::{c_char, c_int, c_void};

use super::{c_strdup, default_error_line, set_global_handler};
use crate::abi::{virConnectPtr, virError, virErrorFunc, virErrorPtr};
use crate::datatypes::{ErrorHandler, CONNECTIONS};
use crate::error::{self, Error};

/// Runs `f` with panics caught; these exports have no error to report a panic with.
fn quiet<R>(fallback: R, f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// Fills a caller's `virError` with a deep copy of `e` (strings from `malloc`).
fn copy_to(to: &mut virError, e: Option<&Error>) {
    *to = e.map_or_else(virError::zeroed, |e| e.to_c(c_strdup));
}

/// The last error of the calling thread, or NULL if the last call succeeded. The
/// struct belongs to the library and stays valid until the next call on this thread.
#[no_mangle]
pub extern "C" fn virGetLastError() -> virErrorPtr {
    quiet(std::ptr::null_mut(), || {
        error::with_last(|l| if l.error.is_some() { &mut *l.c as *mut virError } else { std::ptr::null_mut() })
    })
}

/// The code (`virErrorNumber`) of this thread's last error, `VIR_ERR_OK` if none.
#[no_mangle]
pub extern "C" fn virGetLastErrorCode() -> c_int {
    quiet(0, || error::last_error().map_or(0, |e| e.code as c_int))
}

/// The domain (`virErrorDomain`) of this thread's last error, `VIR_FROM_NONE` if none.
#[no_mangle]
pub extern "C" fn virGetLastErrorDomain() -> c_int {
    quiet(0, || error::last_error().map_or(0, |e| e.domain as c_int))
}

/// The message of this thread's last error, or "no error". Owned by the library.
#[no_mangle]
pub extern "C" fn virGetLastErrorMessage() -> *const c_char {
    static NO_ERROR: &CStr = c"no error";
    static UNKNOWN: &CStr = c"unknown error";
    quiet(UNKNOWN.as_ptr(), || {
        error::with_last(|l| if l.error.is_some() { l.c.message as *const c_char } else { NO_ERROR.as_ptr() })
    })
}

/// Copies this thread's last error into `to`; free it with `virResetError`.
/// Returns the error code, or -1 if `to` is NULL.
#[no_mangle]
pub extern "C" fn virCopyLastError(to: virErrorPtr) -> c_int {
    quiet(-1, || {
        // SAFETY: a non-NULL `to` points at a caller-owned virError (libvirt's contract).
        let Some(to) = (unsafe { to.as_mut() }) else { return -1 };
        copy_to(to, error::last_error().as_ref());
        to.code
    })
}

/// A new copy of this thread's last error; release it with `virFreeError`.
#[no_mangle]
pub extern "C" fn virSaveLastError() -> virErrorPtr {
    quiet(std::ptr::null_mut(), || {
        // SAFETY: calloc for one virError; checked for NULL before use.
        let to = unsafe { libc::calloc(1, std::mem::size_of::<virError>()) } as virErrorPtr;
        // SAFETY: `to` is either NULL or a fresh, exclusively owned allocation.
        if let Some(r) = unsafe { to.as_mut() } {
            copy_to(r, error::last_error().as_ref());
        }
        to
    })
}

/// Forgets this thread's last error.
#[no_mangle]
pub extern "C" fn virResetLastError() {
    quiet((), error::reset_last_error)
}

/// Frees the strings of a caller-owned error and zeroes it.
#[no_mangle]
pub extern "C" fn virResetError(err: virErrorPtr) {
    quiet((), || {
        // SAFETY: a non-NULL `err` is a caller-owned virError whose strings, if any, were
        // allocated with malloc by this library (a copy) or are NULL.
        if let Some(e) = unsafe { err.as_mut() } {
            // SAFETY: as above: each string is NULL or malloc'ed by this library, and is
            // freed once (the fields are reset below).
            unsafe {
                libc::free(e.message as *mut c_void);
                libc::free(e.str1 as *mut c_void);
                libc::free(e.str2 as *mut c_void);
                libc::free(e.str3 as *mut c_void);
            }
            *e = virError::zeroed();
        }
    })
}

/// Resets and frees an error from `virSaveLastError`.
#[no_mangle]
pub extern "C" fn virFreeError(err: virErrorPtr) {
    quiet((), || {
        virResetError(err);
        // SAFETY: `err` came from virSaveLastError (calloc) or is NULL.
        unsafe { libc::free(err as *mut c_void) };
    })
}

/// The last error of a call on `conn`. Not thread-safe by design (as in libvirt);
/// prefer `virGetLastError`. Owned by the connection.
#[no_mangle]
pub extern "C" fn virConnGetLastError(conn: virConnectPtr) -> virErrorPtr {
    quiet(std::ptr::null_mut(), || match CONNECTIONS.get(conn as usize) {
        Some(c) => {
            let mut l = c.last_error.lock();
            &mut *l.c as *mut virError
        }
        None => std::ptr::null_mut(),
    })
}

/// Copies the last error of `conn` into `to`. Returns its code, 0 if none, -1 if `conn`
/// is not a connection.
#[no_mangle]
pub extern "C" fn virConnCopyLastError(conn: virConnectPtr, to: virErrorPtr) -> c_int {
    quiet(-1, || {
        // SAFETY: a non-NULL `to` points at a caller-owned virError.
        let Some(to) = (unsafe { to.as_mut() }) else { return -1 };
        *to = virError::zeroed();
        let Some(c) = CONNECTIONS.get(conn as usize) else { return -1 };
        let err = c.last_error.lock().error.clone();
        copy_to(to, err.as_ref());
        to.code
    })
}

/// Forgets the last error of `conn`.
#[no_mangle]
pub extern "C" fn virConnResetLastError(conn: virConnectPtr) {
    quiet((), || {
        if let Some(c) = CONNECTIONS.get(conn as usize) {
            c.last_error.lock().set(None);
        }
    })
}

/// Sets the process-wide error callback; NULL restores printing to stderr.
#[no_mangle]
pub extern "C" fn virSetErrorFunc(userData: *mut c_void, handler: virErrorFunc) {
    quiet((), || set_global_handler(handler.map(|_| ErrorHandler { func: handler, data: userData as usize })))
}

/// Sets the error callback of one connection; NULL defers to the global one.
#[no_mangle]
pub extern "C" fn virConnSetErrorFunc(conn: virConnectPtr, userData: *mut c_void, handler: virErrorFunc) {
    quiet((), || {
        if let Some(c) = CONNECTIONS.get(conn as usize) {
            *c.handler.lock() = handler.map(|_| ErrorHandler { func: handler, data: userData as usize });
        }
    })
}

/// Prints an error to stderr the way libvirt does by default.
#[no_mangle]
pub extern "C" fn virDefaultErrorFunc(err: virErrorPtr) {
    quiet((), || {
        // SAFETY: a non-NULL `err` points at a valid virError whose message is NULL or a
        // NUL-terminated string.
        let Some(e) = (unsafe { err.as_ref() }) else { return };
        if e.code == 0 {
            return;
        }
        let message = if e.message.is_null() {
            String::new()
        } else {
            // SAFETY: a non-NULL message of a virError is a NUL-terminated string.
            unsafe { CStr::from_ptr(e.message) }.to_string_lossy().into_owned()
        };
        let mut rust = Error::raw(
            domain_from_i32(e.domain),
            error::code_from_i32(e.code).unwrap_or(error::Code::VIR_ERR_INTERNAL_ERROR),
            message,
        );
        rust.level = match e.level {
            0 => error::virErrorLevel::VIR_ERR_NONE,
            1 => error::virErrorLevel::VIR_ERR_WARNING,
            _ => error::virErrorLevel::VIR_ERR_ERROR,
        };
        rust.int1 = e.int1;
        eprint!("{}", default_error_line_raw(e.domain, &rust));
    })
}

/// The domain enum for a number; numbers libvirt does not know print as "Unknown".
fn domain_from_i32(n: c_int) -> error::Domain {
    error::domain_from_i32(n).unwrap_or(error::Domain::VIR_FROM_NONE)
}

/// As [`default_error_line`], keeping an unknown domain number's "Unknown" label.
fn default_error_line_raw(domain: c_int, e: &Error) -> String {
    let line = default_error_line(e);
    if error::domain_from_i32(domain).is_none() {
        line.replacen("libvirt:  ", "libvirt: Unknown ", 1)
    } else {
        line
    }
}
