//! libvirt-event.h: the event loop libvirt's asynchronous features run on.
//!
//! Either the application registers its own loop (`virEventRegisterImpl`), and the
//! `virEvent*` calls below are forwarded to it, or it asks for the default one
//! (`virEventRegisterDefaultImpl`) and drives it with `virEventRunDefaultImpl`.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_int, c_void};
use parking_lot::{Mutex, RwLock};

use super::guard;
use crate::abi::event::*;
use crate::abi::host::virFreeCallback;
use crate::error::{self, Code, Domain, Error};
use crate::event::{self as ev, FreeCallback};

const FROM: Domain = Domain::VIR_FROM_EVENT;

/// An application's own loop, as registered.
#[derive(Clone, Copy)]
struct AppImpl {
    add_handle: virEventAddHandleFunc,
    update_handle: virEventUpdateHandleFunc,
    remove_handle: virEventRemoveHandleFunc,
    add_timeout: virEventAddTimeoutFunc,
    update_timeout: virEventUpdateTimeoutFunc,
    remove_timeout: virEventRemoveTimeoutFunc,
}

#[derive(Clone, Copy)]
enum Registered {
    Nothing,
    Default,
    App(AppImpl),
}

static REGISTERED: RwLock<Registered> = RwLock::new(Registered::Nothing);

/// A C pointer carried into a callback closure; only ever handed back to C.
#[derive(Clone, Copy)]
pub(crate) struct Opaque(pub(crate) usize);

fn free_callback(ff: virFreeCallback, opaque: Opaque) -> Option<FreeCallback> {
    let f = ff?;
    // SAFETY: the application gave `f` to be called once with `opaque` when the watch or
    // timer is gone; the loop calls this closure exactly once, after the last dispatch.
    Some(Box::new(move || unsafe { f(opaque.0 as *mut c_void) }))
}

/// Records "no event loop" as the last error, without invoking handlers (libvirt
/// reports nothing here; callers only see -1).
fn no_loop() -> c_int {
    error::set_last_error(Error::new(FROM, Code::VIR_ERR_NO_SUPPORT, "no event loop implementation is registered"));
    -1
}

/// Registers the application's event loop implementation.
#[no_mangle]
pub extern "C" fn virEventRegisterImpl(
    addHandle: virEventAddHandleFunc,
    updateHandle: virEventUpdateHandleFunc,
    removeHandle: virEventRemoveHandleFunc,
    addTimeout: virEventAddTimeoutFunc,
    updateTimeout: virEventUpdateTimeoutFunc,
    removeTimeout: virEventRemoveTimeoutFunc,
) {
    guard(FROM, "virEventRegisterImpl", |_| {
        *REGISTERED.write() = Registered::App(AppImpl {
            add_handle: addHandle,
            update_handle: updateHandle,
            remove_handle: removeHandle,
            add_timeout: addTimeout,
            update_timeout: updateTimeout,
            remove_timeout: removeTimeout,
        });
        Ok(())
    })
}

/// Registers the default poll-based loop; drive it with `virEventRunDefaultImpl`.
#[no_mangle]
pub extern "C" fn virEventRegisterDefaultImpl() -> c_int {
    guard(FROM, "virEventRegisterDefaultImpl", |_| {
        ev::default_loop()?;
        *REGISTERED.write() = Registered::Default;
        Ok(0)
    })
}

/// Runs one iteration of the default loop: waits, then dispatches what is ready.
#[no_mangle]
pub extern "C" fn virEventRunDefaultImpl() -> c_int {
    guard(FROM, "virEventRunDefaultImpl", |_| {
        if !matches!(*REGISTERED.read(), Registered::Default) {
            return Err(ev::not_registered());
        }
        ev::default_loop()?.run_once()?;
        Ok(0)
    })
}

/// Watches `fd` for `events` (`virEventHandleType`); returns the watch id, or -1.
#[no_mangle]
pub extern "C" fn virEventAddHandle(
    fd: c_int,
    events: c_int,
    cb: virEventHandleCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => no_loop(),
        Registered::App(app) => match app.add_handle {
            // SAFETY: forwarding the caller's arguments to the loop it registered.
            Some(f) => unsafe { f(fd, events, cb, opaque, ff) },
            None => no_loop(),
        },
        Registered::Default => guard(FROM, "virEventAddHandle", |call| {
            let cb = cb.ok_or_else(|| call.arg_error("cb", format!("cb in {} must not be NULL", call.api)))?;
            let data = Opaque(opaque as usize);
            let handler: ev::HandleCallback = Arc::new(Mutex::new(Box::new(move |watch, fd, events| {
                // SAFETY: the application's callback, called with its own opaque pointer
                // as registered, while the watch is live.
                unsafe { cb(watch, fd, events, data.0 as *mut c_void) }
            })));
            Ok(ev::default_loop()?.add_handle(fd, events, handler, free_callback(ff, data)))
        }),
    }
}

/// Changes the events a watch waits for.
#[no_mangle]
pub extern "C" fn virEventUpdateHandle(watch: c_int, events: c_int) {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => {}
        // SAFETY: forwarding to the application's own loop.
        Registered::App(app) => {
            if let Some(f) = app.update_handle {
                // SAFETY: the application's callback, registered for exactly this call.
                unsafe { f(watch, events) }
            }
        }
        Registered::Default => {
            if let Ok(l) = ev::default_loop() {
                l.update_handle(watch, events)
            }
        }
    }
}

/// Stops a watch; its free callback runs once no dispatch can reach it. 0 or -1.
#[no_mangle]
pub extern "C" fn virEventRemoveHandle(watch: c_int) -> c_int {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => no_loop(),
        Registered::App(app) => match app.remove_handle {
            // SAFETY: forwarding to the application's own loop.
            Some(f) => unsafe { f(watch) },
            None => no_loop(),
        },
        Registered::Default => ev::default_loop().map_or(-1, |l| l.remove_handle(watch)),
    }
}

/// Calls `cb` every `timeout` ms (0: every iteration, -1: disabled); returns the timer id.
#[no_mangle]
pub extern "C" fn virEventAddTimeout(timeout: c_int, cb: virEventTimeoutCallback, opaque: *mut c_void, ff: virFreeCallback) -> c_int {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => no_loop(),
        Registered::App(app) => match app.add_timeout {
            // SAFETY: forwarding the caller's arguments to the loop it registered.
            Some(f) => unsafe { f(timeout, cb, opaque, ff) },
            None => no_loop(),
        },
        Registered::Default => guard(FROM, "virEventAddTimeout", |call| {
            let cb = cb.ok_or_else(|| call.arg_error("cb", format!("cb in {} must not be NULL", call.api)))?;
            default_add_timeout(timeout, cb, opaque, ff)
        }),
    }
}

/// Adds a timer to the default loop for a C callback.
fn default_add_timeout(
    timeout: c_int,
    cb: unsafe extern "C" fn(c_int, *mut c_void),
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> error::Result<c_int> {
    let data = Opaque(opaque as usize);
    let handler: ev::TimeoutCallback = Arc::new(Mutex::new(Box::new(move |timer| {
        // SAFETY: the callback with the opaque pointer it was registered with.
        unsafe { cb(timer, data.0 as *mut c_void) }
    })));
    Ok(ev::default_loop()?.add_timeout(timeout, handler, free_callback(ff, data)))
}

/// `virEventAddTimeout` for the library's own timers (domain event dispatch): on
/// whichever loop is registered, reporting no error. None if no loop took the timer,
/// in which case `ff` is not called.
pub(crate) fn add_internal_timeout(
    timeout: c_int,
    cb: unsafe extern "C" fn(c_int, *mut c_void),
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> Option<c_int> {
    let reg = *REGISTERED.read();
    let timer = match reg {
        Registered::Nothing => return None,
        // SAFETY: calling the application's loop with a callback and opaque pointer that
        // stay valid until it calls `ff`.
        Registered::App(app) => unsafe { app.add_timeout?(timeout, Some(cb), opaque, ff) },
        Registered::Default => default_add_timeout(timeout, cb, opaque, ff).ok()?,
    };
    (timer >= 0).then_some(timer)
}

/// Changes a timer's period (ms; 0 every iteration, -1 disabled).
#[no_mangle]
pub extern "C" fn virEventUpdateTimeout(timer: c_int, timeout: c_int) {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => {}
        // SAFETY: forwarding to the application's own loop.
        Registered::App(app) => {
            if let Some(f) = app.update_timeout {
                // SAFETY: the application's callback, registered for exactly this call.
                unsafe { f(timer, timeout) }
            }
        }
        Registered::Default => {
            if let Ok(l) = ev::default_loop() {
                l.update_timeout(timer, timeout)
            }
        }
    }
}

/// Stops a timer; its free callback runs once no dispatch can reach it. 0 or -1.
#[no_mangle]
pub extern "C" fn virEventRemoveTimeout(timer: c_int) -> c_int {
    let reg = *REGISTERED.read();
    match reg {
        Registered::Nothing => no_loop(),
        Registered::App(app) => match app.remove_timeout {
            // SAFETY: forwarding to the application's own loop.
            Some(f) => unsafe { f(timer) },
            None => no_loop(),
        },
        Registered::Default => ev::default_loop().map_or(-1, |l| l.remove_timeout(timer)),
    }
}
