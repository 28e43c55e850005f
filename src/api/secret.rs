//! libvirt-secret.h: secrets. Handle checks, reference counting and `GetConnect` are real;
//! every operation reports VIR_ERR_NO_SUPPORT until a driver serves secrets.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::object_event::{self, GenericFn};
use crate::driver::{EventTarget, ObjectKind};
use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t};

use super::guard;
use super::handles;
use crate::abi::host::virFreeCallback;
use crate::abi::secret::virConnectSecretEventGenericCallback;
use crate::abi::{virConnectPtr, virSecretPtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_SECRET;

/// Provides the connection pointer associated with a secret. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virSecretGetConnect(secret: virSecretPtr) -> virConnectPtr {
    guard(FROM, "virSecretGetConnect", |call| {
        let obj = call.secret(secret)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Fetch number of currently defined secrets. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfSecrets(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfSecrets", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// List UUIDs of defined secrets, store pointers to names in uuids. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListSecrets(
    conn: virConnectPtr,
    uuids: *mut *mut c_char,
    maxuuids: c_int,
) -> c_int {
    guard(FROM, "virConnectListSecrets", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxuuids as i64, "maxuuids")?;
        call.non_null_array(uuids, maxuuids as i64, "uuids")?;
        call.unsupported()
    })
}

/// Collect the list of secrets, and allocate an array to store those objects. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllSecrets(
    conn: virConnectPtr,
    secrets: *mut *mut virSecretPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllSecrets", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Try to lookup a secret on the given hypervisor based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretLookupByUUID(conn: virConnectPtr, uuid: *const c_uchar) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUUID", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Try to lookup a secret on the given hypervisor based on its UUID. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUUIDString", |call| {
        let _conn = call.conn(conn)?;
        let _uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        call.unsupported_as("virSecretLookupByUUID")
    })
}

/// Try to lookup a secret on the given hypervisor based on its usage The usageID is unique within
/// the set of secrets sharing the same usageType value. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretLookupByUsage(
    conn: virConnectPtr,
    usageType: c_int,
    usageID: *const c_char,
) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUsage", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(usageID, "usageID")?;
        call.unsupported()
    })
}

/// If XML specifies a UUID, locates the specified secret and replaces all attributes of the secret
/// specified by UUID by attributes specified in xml (any attributes not specified in xml are
/// discarded). Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virSecretPtr {
    guard(FROM, "virSecretDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xml, "xml")?;
        call.unsupported()
    })
}

/// Fetches the UUID of the secret. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetUUID(secret: virSecretPtr, buf: *mut c_uchar) -> c_int {
    guard(FROM, "virSecretGetUUID", |call| {
        let _secret = call.secret(secret)?;
        call.non_null(buf, "uuid")?;
        call.unsupported()
    })
}

/// Get the UUID for a secret as string. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetUUIDString(secret: virSecretPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virSecretGetUUIDString", |call| {
        let _secret = call.secret(secret)?;
        call.non_null(buf, "buf")?;
        call.unsupported()
    })
}

/// Get the type of object which uses this secret. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetUsageType(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretGetUsageType", |call| {
        let _secret = call.secret(secret)?;
        call.unsupported()
    })
}

/// Get the unique identifier of the object with which this secret is to be used. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetUsageID(secret: virSecretPtr) -> *const c_char {
    guard(FROM, "virSecretGetUsageID", |call| {
        let _secret = call.secret(secret)?;
        call.unsupported()
    })
}

/// Fetches an XML document describing attributes of the secret. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetXMLDesc(secret: virSecretPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virSecretGetXMLDesc", |call| {
        let _secret = call.secret(secret)?;
        call.unsupported()
    })
}

/// Sets the value of a secret. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretSetValue(
    secret: virSecretPtr,
    value: *const c_uchar,
    value_size: size_t,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virSecretSetValue", |call| {
        let secret = call.secret(secret)?;
        call.writable(&secret.conn)?;
        call.non_null(value, "value")?;
        call.unsupported()
    })
}

/// Fetches the value of a secret. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretGetValue(
    secret: virSecretPtr,
    value_size: *mut size_t,
    flags: c_uint,
) -> *mut c_uchar {
    guard(FROM, "virSecretGetValue", |call| {
        let secret = call.secret(secret)?;
        call.writable(&secret.conn)?;
        call.non_null(value_size, "value_size")?;
        call.unsupported()
    })
}

/// Deletes the specified secret. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virSecretUndefine(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretUndefine", |call| {
        let secret = call.secret(secret)?;
        call.writable(&secret.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the secret. Takes one more reference on the handle; release it
/// with `virSecretFree`.
#[no_mangle]
pub extern "C" fn virSecretRef(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretRef", |call| {
        call.secret(secret)?;
        handles::add_ref(&handles::SECRETS, secret as usize);
        Ok(0)
    })
}

/// Release the secret handle. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virSecretFree(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretFree", |call| {
        call.secret(secret)?;
        handles::release(&handles::SECRETS, secret as usize);
        Ok(0)
    })
}

/// Adds a callback to receive notifications of arbitrary secret events occurring on a secret
/// (`secret`), or on every secret of `conn` when `secret` is NULL.
/// `cb` has the type the event id implies, cast to the generic type; it is called from
/// the registered event loop, which must exist, with a handle of the object valid for the
/// call and `opaque`. `freecb(opaque)` runs when the callback is deregistered; the callback
/// holds a reference on `conn` until then. Returns the callback id, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectSecretEventRegisterAny(
    conn: virConnectPtr,
    secret: virSecretPtr,
    eventID: c_int,
    cb: virConnectSecretEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectSecretEventRegisterAny", |call| {
        let c = call.conn(conn)?;
        let mut filter = None;
        if !secret.is_null() {
            let obj = call.secret(secret)?;
            filter = Some(EventTarget::Uuid(obj.id.uuid));
            call.owned_by(&obj.conn, &c, "secret", &format!("secret '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 2)?;
        let f = cb.map(|f| {
            // SAFETY: every class's generic callback takes (connection, object pointer,
            // opaque); the object pointer's type does not change how it is passed.
            unsafe { std::mem::transmute::<unsafe extern "C" fn(virConnectPtr, virSecretPtr, *mut c_void), GenericFn>(f) }
        });
        let Some(f) = f else { return call.unsupported() };
        object_event::register(call, conn, ObjectKind::Secret, filter, eventID, f, opaque, freecb)
    })
}

/// Removes the event callback `callbackID` (of any class) of `conn`, running its free
/// callback before returning. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectSecretEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectSecretEventDeregisterAny", |call| {
        call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        object_event::deregister(call, conn, ObjectKind::Secret, callbackID)
    })
}
