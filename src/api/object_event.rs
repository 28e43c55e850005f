//! Event registration for networks, storage pools, node devices and secrets: the C side
//! of [`crate::event::callbacks`] for object events, shared by the four classes' exports.
//!
//! As for domain events, a registration wraps the application's function, opaque
//! pointer and free callback into a [`Callback`] holding a public reference on the
//! connection until it is deregistered, and dispatch runs on the application's event
//! loop. The callback gets a handle of the object valid for the call.

#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use libc::{c_int, c_void};

use super::domain_event::LOOP;
use super::handles::{self, new_object, NETWORKS, NODE_DEVICES, SECRETS, STORAGE_POOLS};
use super::event::Opaque;
use super::Call;
use crate::abi::host::virFreeCallback;
use crate::abi::virConnectPtr;
use crate::datatypes::{unref_connect, Connect, CONNECTIONS};
use crate::driver::{unsupported, EventObject, EventTarget, ObjectEventBody, ObjectEventId, ObjectKind};
use crate::error::Result;
use crate::event::callbacks::{AnyEvent, Callback, Deliver, EventKey};

/// Every class's `vir<Class>EventGenericCallback`, with the object as an untyped pointer
/// (all object handles are pointers, passed alike).
pub(crate) type GenericFn = unsafe extern "C" fn(virConnectPtr, *mut c_void, *mut c_void);
/// Every class's `vir<Class>EventLifecycleCallback`, likewise.
type LifecycleFn = unsafe extern "C" fn(virConnectPtr, *mut c_void, c_int, c_int, *mut c_void);

/// A handle of `object` on connection `conn` (handle `conn_handle`) for one callback.
/// Returns the handle and what releases it.
fn object_handle(conn: &Arc<Connect>, conn_handle: usize, object: &EventObject) -> (usize, fn(usize)) {
    match object {
        EventObject::Network(id) => {
            (new_object(&NETWORKS, conn, conn_handle, 0, id.clone()), |h| handles::release(&NETWORKS, h))
        }
        EventObject::StoragePool(id) => {
            (new_object(&STORAGE_POOLS, conn, conn_handle, 0, id.clone()), |h| handles::release(&STORAGE_POOLS, h))
        }
        EventObject::NodeDevice(id) => {
            (new_object(&NODE_DEVICES, conn, conn_handle, 0, id.clone()), |h| handles::release(&NODE_DEVICES, h))
        }
        EventObject::Secret(id) => {
            (new_object(&SECRETS, conn, conn_handle, 0, id.clone()), |h| handles::release(&SECRETS, h))
        }
    }
}

/// Registers `cb` for events `event_id` of class `kind` on `conn` (of the object
/// `filter` names only, when given); the export has checked the arguments. Returns the
/// callback id.
#[allow(clippy::too_many_arguments)]
pub(crate) fn register(
    call: &mut Call,
    conn: virConnectPtr,
    kind: ObjectKind,
    filter: Option<EventTarget>,
    event_id: c_int,
    cb: GenericFn,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> Result<c_int> {
    let c = call.conn(conn)?;
    if !c.driver.connect_object_events(kind) {
        return unsupported(kind.register_api());
    }
    let handle = conn as usize;
    let data = Opaque(opaque as usize);
    let deliver: Deliver = Arc::new(move |event| {
        let AnyEvent::Object(event) = event else { return };
        let Some(c) = CONNECTIONS.get(handle) else { return };
        let (obj, release) = object_handle(&c, handle, &event.object);
        match event.body {
            ObjectEventBody::Lifecycle { event, detail } => {
                // SAFETY: a lifecycle callback is registered cast to the generic type
                // (VIR_<CLASS>_EVENT_CALLBACK); casting back gives its real signature. The
                // handles are live for the call and `data` is the application's opaque.
                unsafe {
                    let f = std::mem::transmute::<GenericFn, LifecycleFn>(cb);
                    f(handle as virConnectPtr, obj as *mut c_void, event, detail, data.0 as *mut c_void);
                }
            }
            // SAFETY: the generic signature is the callback's own for these ids; the
            // handles are live for the call.
            ObjectEventBody::Changed => unsafe { cb(handle as virConnectPtr, obj as *mut c_void, data.0 as *mut c_void) },
        }
        release(obj);
    });
    let release = Box::new(move || {
        if let Some(f) = freecb {
            // SAFETY: the application's free callback, called once, with its opaque.
            unsafe { f(data.0 as *mut c_void) };
        }
        unref_connect(handle);
    });
    let key = EventKey::Object(ObjectEventId { kind, id: event_id });
    let cb = Callback { event_id: key, filter, legacy: false, key: cb as usize, deliver, release };
    CONNECTIONS.add_ref(handle);
    c.events.register(&*c.driver, &LOOP, cb).inspect_err(|_| {
        unref_connect(handle);
    })
}

/// Removes the callback `callback_id` of `conn`, for the `kind` deregistration export
/// (which, as libvirt's, finds callbacks of any class by their id).
pub(crate) fn deregister(call: &mut Call, conn: virConnectPtr, kind: ObjectKind, callback_id: c_int) -> Result<c_int> {
    let c = call.conn(conn)?;
    if !c.driver.connect_object_events(kind) {
        return unsupported(kind.deregister_api());
    }
    c.events.deregister(&*c.driver, &LOOP, callback_id)?;
    Ok(0)
}
