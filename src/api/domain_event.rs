//! Domain event registration (libvirt-domain.h): the C side of [`crate::event::callbacks`].
//!
//! A registration wraps the application's function, opaque pointer and free callback
//! into a [`Callback`]; the connection's [`EventCallbacks`] does the rest. Dispatch runs on
//! the application's event loop through one timer per connection ([`RegisteredLoop`]).
//! As in libvirt, each callback holds a public reference on its connection, released
//! (after the free callback ran) when the callback is deregistered: closing a
//! connection that still has callbacks leaves it open and its callbacks in place.

#![allow(non_snake_case)]
// Exports take raw pointers from C by design; what they may point at is libvirt's
// documented contract, checked for NULL before use.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use libc::{c_char, c_int, c_void};

use super::event::{add_internal_timeout, virEventRemoveTimeout, virEventUpdateTimeout, Opaque};
use super::{guard, Call};
use crate::abi::domain::{virConnectDomainEventCallback, virConnectDomainEventGenericCallback, virDomainEventID};
use crate::abi::host::virFreeCallback;
use crate::abi::{virConnectPtr, virDomainPtr};
use crate::datatypes::{new_domain, unref_connect, unref_domain, CONNECTIONS};
use crate::driver::DomainEventBody;
use crate::error::{Domain, Result};
use crate::event::callbacks::{AnyEvent, Callback, Deliver, Dispatch, EventKey, EventLoop};
use crate::driver::EventTarget;

const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// `VIR_DOMAIN_EVENT_ID_LAST`: event ids below it can be registered.
const EVENT_ID_LAST: c_int = virDomainEventID::VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE as c_int + 1;

type LegacyFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, c_int, c_int, *mut c_void) -> c_int;
type GenericFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, *mut c_void);
type LifecycleFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, c_int, c_int, *mut c_void);
type MetadataChangeFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, c_int, *const c_char, *mut c_void);
type AgentLifecycleFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, c_int, c_int, *mut c_void);
/// `virConnectDomainEventDeviceAddedCallback` and `...DeviceRemovedCallback`.
type DeviceAliasFn = unsafe extern "C" fn(virConnectPtr, virDomainPtr, *const c_char, *mut c_void);

/// The application's function, by the API that registered it.
#[derive(Clone, Copy)]
enum AppFn {
    /// `virConnectDomainEventRegister`: lifecycle events, returns an ignored int.
    Legacy(LegacyFn),
    /// `virConnectDomainEventRegisterAny`: really of the type its event id implies.
    Generic(GenericFn),
}

impl AppFn {
    /// What identifies the function in duplicate checks: its address.
    fn key(self) -> usize {
        match self {
            AppFn::Legacy(f) => f as usize,
            AppFn::Generic(f) => f as usize,
        }
    }

    /// # Safety
    /// `conn` and `dom` are live handles and `opaque` is what the application registered
    /// with the function, for an event of the id it was registered for.
    unsafe fn call(self, conn: virConnectPtr, dom: virDomainPtr, body: &DomainEventBody, opaque: *mut c_void) {
        match (self, body) {
            (AppFn::Legacy(f), DomainEventBody::Lifecycle { event, detail }) => {
                f(conn, dom, *event, *detail, opaque);
            }
            (AppFn::Generic(f), DomainEventBody::Lifecycle { event, detail }) => {
                // SAFETY: a lifecycle callback is registered cast to the generic type
                // (VIR_DOMAIN_EVENT_CALLBACK); casting back gives its real signature.
                let f: LifecycleFn = std::mem::transmute::<GenericFn, LifecycleFn>(f);
                f(conn, dom, *event, *detail, opaque);
            }
            (AppFn::Generic(f), DomainEventBody::Reboot) => f(conn, dom, opaque),
            (AppFn::Generic(f), DomainEventBody::MetadataChange { kind, nsuri }) => {
                // SAFETY: registered cast to the generic type for this event id, as above.
                let f: MetadataChangeFn = std::mem::transmute::<GenericFn, MetadataChangeFn>(f);
                let nsuri = nsuri.as_deref().and_then(|u| std::ffi::CString::new(u).ok());
                f(conn, dom, *kind, nsuri.as_ref().map_or(std::ptr::null(), |u| u.as_ptr()), opaque);
            }
            (AppFn::Generic(f), DomainEventBody::AgentLifecycle { state, reason }) => {
                // SAFETY: registered cast to the generic type for this event id, as above.
                let f: AgentLifecycleFn = std::mem::transmute::<GenericFn, AgentLifecycleFn>(f);
                f(conn, dom, *state, *reason, opaque);
            }
            (AppFn::Generic(f), DomainEventBody::DeviceAdded { alias } | DomainEventBody::DeviceRemoved { alias }) => {
                // SAFETY: registered cast to the generic type for this event id, as above.
                let f: DeviceAliasFn = std::mem::transmute::<GenericFn, DeviceAliasFn>(f);
                let Ok(alias) = std::ffi::CString::new(alias.as_str()) else { return };
                f(conn, dom, alias.as_ptr(), opaque);
            }
            (
                AppFn::Legacy(_),
                DomainEventBody::Reboot
                | DomainEventBody::MetadataChange { .. }
                | DomainEventBody::AgentLifecycle { .. }
                | DomainEventBody::DeviceAdded { .. }
                | DomainEventBody::DeviceRemoved { .. },
            ) => {}
        }
    }
}

/// The event loop the application registered, as event dispatch uses it (domain and
/// object events alike).
pub(crate) struct RegisteredLoop;

pub(crate) static LOOP: RegisteredLoop = RegisteredLoop;

/// What the loop's timer holds: the connection's dispatch, boxed to a thin pointer.
type TimerData = Arc<dyn Dispatch>;

impl EventLoop for RegisteredLoop {
    fn add_timer(&self, events: Arc<dyn Dispatch>) -> Option<i32> {
        let opaque = Box::into_raw(Box::new(events)) as *mut c_void;
        let timer = add_internal_timeout(-1, on_timer, opaque, Some(release_events));
        if timer.is_none() {
            // SAFETY: no loop took `opaque`; this drops the box `into_raw` made.
            unsafe { drop(Box::from_raw(opaque as *mut TimerData)) };
        }
        timer
    }

    fn update_timer(&self, timer: i32, frequency: i32) {
        virEventUpdateTimeout(timer, frequency);
    }

    fn remove_timer(&self, timer: i32) {
        virEventRemoveTimeout(timer);
    }
}

/// The connection's timer fired: deliver its queued events.
extern "C" fn on_timer(_timer: c_int, opaque: *mut c_void) {
    // SAFETY: `opaque` is the box `add_timer` handed to the loop, alive until the loop
    // calls `release_events`; we take a reference of our own for the dispatch, since a
    // callback may remove the timer meanwhile.
    let events: TimerData = unsafe { (*(opaque as *const TimerData)).clone() };
    // A panic must not unwind into the application's loop.
    let _ = catch_unwind(AssertUnwindSafe(|| events.dispatch(&LOOP)));
}

/// The loop is done with the timer: drop its reference.
extern "C" fn release_events(opaque: *mut c_void) {
    // SAFETY: the box `add_timer` handed to the loop, released exactly once.
    unsafe { drop(Box::from_raw(opaque as *mut TimerData)) };
}

/// Registers `app` on the connection `conn`: see the module docs. Returns the callback id.
fn register(
    call: &mut Call,
    conn: virConnectPtr,
    filter: Option<[u8; 16]>,
    event_id: c_int,
    app: AppFn,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> Result<c_int> {
    let c = call.conn(conn)?;
    let handle = conn as usize;
    let data = Opaque(opaque as usize);
    let deliver: Deliver = Arc::new(move |event| {
        let AnyEvent::Domain(event) = event else { return };
        let Some(c) = CONNECTIONS.get(handle) else { return };
        let dom = new_domain(&c, handle, event.dom.clone());
        // SAFETY: the application registered `app` with `data` for this event id; both
        // handles are live for the call, and the domain handle is ours to free after.
        unsafe { app.call(handle as virConnectPtr, dom, &event.body, data.0 as *mut c_void) };
        unref_domain(dom as usize);
    });
    let release = Box::new(move || {
        if let Some(f) = freecb {
            // SAFETY: the application's free callback, called once, with its opaque.
            unsafe { f(data.0 as *mut c_void) };
        }
        unref_connect(handle);
    });
    let legacy = matches!(app, AppFn::Legacy(_));
    let cb = Callback { event_id: EventKey::Domain(event_id), filter: filter.map(EventTarget::Uuid), legacy, key: app.key(), deliver, release };
    CONNECTIONS.add_ref(handle);
    c.events.register(&*c.driver, &LOOP, cb).inspect_err(|_| {
        unref_connect(handle);
    })
}

/// The function argument `cb`, which must be given.
fn required<F: Copy>(call: &Call, cb: Option<F>) -> Result<F> {
    cb.ok_or_else(|| call.arg_error("cb", format!("cb in {} must not be NULL", call.api)))
}

/// Adds a callback for the lifecycle events of every domain of `conn`, the old way;
/// prefer `virConnectDomainEventRegisterAny`. `cb` is called from the registered event
/// loop (`virEventRegisterDefaultImpl` or `virEventRegisterImpl`), which must exist, with
/// `opaque`; `freecb(opaque)` runs when the callback is deregistered. The callback holds
/// a reference on `conn` until then. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectDomainEventRegister(
    conn: virConnectPtr,
    cb: virConnectDomainEventCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectDomainEventRegister", |call| {
        call.conn(conn)?;
        let f = required(call, cb)?;
        let lifecycle = virDomainEventID::VIR_DOMAIN_EVENT_ID_LIFECYCLE as c_int;
        register(call, conn, None, lifecycle, AppFn::Legacy(f), opaque, freecb).map(|_| 0)
    })
}

/// Removes the callback `virConnectDomainEventRegister` added for `cb`, running its free
/// callback before returning. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectDomainEventDeregister(
    conn: virConnectPtr,
    cb: virConnectDomainEventCallback,
) -> c_int {
    guard(FROM, "virConnectDomainEventDeregister", |call| {
        let c = call.conn(conn)?;
        let f = required(call, cb)?;
        c.events.deregister_legacy(&*c.driver, &LOOP, AppFn::Legacy(f).key())?;
        Ok(0)
    })
}

/// Adds a callback for events `eventID` (a `virDomainEventID`) of `dom`, or of every
/// domain of `conn` when `dom` is NULL. `cb` has the type the event id implies, cast with
/// `VIR_DOMAIN_EVENT_CALLBACK`; it is called from the registered event loop, which must
/// exist, with a domain handle valid for the call and `opaque`. `freecb(opaque)` runs when
/// the callback is deregistered; the callback holds a reference on `conn` until then.
/// Returns the callback id for `virConnectDomainEventDeregisterAny`, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectDomainEventRegisterAny(
    conn: virConnectPtr,
    dom: virDomainPtr,
    eventID: c_int,
    cb: virConnectDomainEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectDomainEventRegisterAny", |call| {
        let c = call.conn(conn)?;
        let filter = if dom.is_null() {
            None
        } else {
            let d = call.domain(dom)?;
            if !Arc::ptr_eq(&d.conn, &c) {
                let name = d.name.to_string_lossy();
                return Err(call.arg_error("dom", format!("domain '{name}' must match connection")));
            }
            Some(d.uuid)
        };
        let f = required(call, cb)?;
        call.non_negative(eventID as i64, "eventID")?;
        if eventID >= EVENT_ID_LAST {
            return Err(call.arg_error("eventID", format!("eventID must be less than {EVENT_ID_LAST}")));
        }
        register(call, conn, filter, eventID, AppFn::Generic(f), opaque, freecb)
    })
}

/// Removes the callback `callbackID` of `conn`, running its free callback before
/// returning. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectDomainEventDeregisterAny(conn: virConnectPtr, callbackID: c_int) -> c_int {
    guard(FROM, "virConnectDomainEventDeregisterAny", |call| {
        let c = call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        c.events.deregister(&*c.driver, &LOOP, callbackID)?;
        Ok(0)
    })
}
