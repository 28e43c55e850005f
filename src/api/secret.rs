//! libvirt-secret.h: secrets. Each export checks its handle, the connection's read-only
//! state and its arguments in the order libvirt's public API does, with the same errors,
//! then calls its driver slot (no driver of ours serves secrets yet: libvirt's test
//! driver does not either). The UUID and usage getters read the handle, as libvirt's do.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::Arc;

use super::object_event::{self, GenericFn};
use crate::driver::{EventTarget, ObjectKind, SecretId};
use libc::{c_char, c_int, c_uchar, c_uint, c_void, size_t};

use super::handles;
use super::network::{fill_names, write_uuid_string};
use super::{c_array, c_strdup, guard};
use crate::abi::host::virFreeCallback;
use crate::abi::secret::virConnectSecretEventGenericCallback;
use crate::abi::{virConnectPtr, virSecretPtr};
use crate::datatypes::Connect;
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_SECRET;
const UUID_BUFLEN: usize = 16;

/// Hands the secret `id` of connection `conn` (handle `conn_ptr`) to C.
fn new_secret(conn: &Arc<Connect>, conn_ptr: virConnectPtr, id: SecretId) -> virSecretPtr {
    handles::new_object(&handles::SECRETS, conn, conn_ptr as usize, 0, id) as virSecretPtr
}

/// Provides the connection pointer associated with a secret. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virSecretGetConnect(secret: virSecretPtr) -> virConnectPtr {
    guard(FROM, "virSecretGetConnect", |call| {
        let obj = call.secret(secret)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Fetch number of currently defined secrets.
#[no_mangle]
pub extern "C" fn virConnectNumOfSecrets(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfSecrets", |call| call.conn(conn)?.driver.connect_num_of_secrets())
}

/// List UUIDs of defined secrets, store pointers to names in uuids. Each string is the
/// caller's, freed with `free()`. Returns how many were stored, or -1.
#[no_mangle]
pub extern "C" fn virConnectListSecrets(
    conn: virConnectPtr,
    uuids: *mut *mut c_char,
    maxuuids: c_int,
) -> c_int {
    guard(FROM, "virConnectListSecrets", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxuuids as i64, "maxuuids")?;
        call.non_null_array(uuids, maxuuids as i64, "uuids")?;
        fill_names(uuids, maxuuids, c.driver.connect_list_secrets()?)
    })
}

/// Collect the list of secrets, and allocate an array to store those objects. The array
/// (NULL-terminated) and each handle are the caller's: free the handles with
/// `virSecretFree` and the array with `free()`. Returns the number of secrets, or -1.
#[no_mangle]
pub extern "C" fn virConnectListAllSecrets(
    conn: virConnectPtr,
    secrets: *mut *mut virSecretPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllSecrets", |call| {
        let c = call.conn(conn)?;
        let all = c.driver.connect_list_all_secrets(flags)?;
        let count = all.len() as c_int;
        if !secrets.is_null() {
            let mut list: Vec<virSecretPtr> = all.into_iter().map(|id| new_secret(&c, conn, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL; the caller's out pointer.
            unsafe { *secrets = array };
        }
        Ok(count)
    })
}

/// Try to lookup a secret on the given hypervisor based on its UUID. The handle is the
/// caller's, released with `virSecretFree`.
#[no_mangle]
pub extern "C" fn virSecretLookupByUUID(conn: virConnectPtr, uuid: *const c_uchar) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUUID", |call| {
        let c = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        unsafe { std::ptr::copy_nonoverlapping(uuid, raw.as_mut_ptr(), UUID_BUFLEN) };
        Ok(new_secret(&c, conn, c.driver.secret_lookup_by_uuid(&raw)?))
    })
}

/// Try to lookup a secret on the given hypervisor based on its UUID. The handle is the
/// caller's, released with `virSecretFree`.
#[no_mangle]
pub extern "C" fn virSecretLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUUIDString", |call| {
        let c = call.conn(conn)?;
        let uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        Ok(new_secret(&c, conn, c.driver.secret_lookup_by_uuid(uuid.as_bytes())?))
    })
}

/// Try to lookup a secret on the given hypervisor based on its usage The usageID is unique within
/// the set of secrets sharing the same usageType value. The handle is the caller's.
#[no_mangle]
pub extern "C" fn virSecretLookupByUsage(
    conn: virConnectPtr,
    usageType: c_int,
    usageID: *const c_char,
) -> virSecretPtr {
    guard(FROM, "virSecretLookupByUsage", |call| {
        let c = call.conn(conn)?;
        let usage_id = call.str_arg(usageID, "usageID")?;
        Ok(new_secret(&c, conn, c.driver.secret_lookup_by_usage(usageType, usage_id)?))
    })
}

/// If XML specifies a UUID, locates the specified secret and replaces all attributes of the secret
/// specified by UUID by attributes specified in xml (any attributes not specified in xml are
/// discarded). The handle is the caller's, released with `virSecretFree`.
#[no_mangle]
pub extern "C" fn virSecretDefineXML(
    conn: virConnectPtr,
    xml: *const c_char,
    flags: c_uint,
) -> virSecretPtr {
    guard(FROM, "virSecretDefineXML", |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        let xml = call.str_arg(xml, "xml")?;
        Ok(new_secret(&c, conn, c.driver.secret_define_xml(xml, flags)?))
    })
}

/// Fetches the UUID of the secret into `buf` (VIR_UUID_BUFLEN bytes).
#[no_mangle]
pub extern "C" fn virSecretGetUUID(secret: virSecretPtr, buf: *mut c_uchar) -> c_int {
    guard(FROM, "virSecretGetUUID", |call| {
        let s = call.secret(secret)?;
        call.non_null(buf, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(s.id.uuid.as_ptr(), buf, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Get the UUID for a secret as string, into `buf` (VIR_UUID_STRING_BUFLEN bytes).
#[no_mangle]
pub extern "C" fn virSecretGetUUIDString(secret: virSecretPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virSecretGetUUIDString", |call| {
        let s = call.secret(secret)?;
        call.non_null(buf, "buf")?;
        write_uuid_string(buf, &s.id.uuid);
        Ok(0)
    })
}

/// Get the type of object which uses this secret (a `virSecretUsageType`).
#[no_mangle]
pub extern "C" fn virSecretGetUsageType(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretGetUsageType", |call| Ok(call.secret(secret)?.id.usage_type))
}

/// Get the unique identifier of the object with which this secret is to be used. The string
/// belongs to the handle and lives as long as it.
#[no_mangle]
pub extern "C" fn virSecretGetUsageID(secret: virSecretPtr) -> *const c_char {
    guard(FROM, "virSecretGetUsageID", |call| {
        let s = call.secret(secret)?;
        s.lend_str("usage_id", || Ok(Some(s.id.usage_id.clone())))
    })
}

/// Fetches an XML document describing attributes of the secret; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virSecretGetXMLDesc(secret: virSecretPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virSecretGetXMLDesc", |call| {
        let s = call.secret(secret)?;
        Ok(c_strdup(&s.conn.driver.secret_get_xml_desc(&s.id, flags)?))
    })
}

/// Sets the value of a secret to the `value_size` bytes at `value`.
#[no_mangle]
pub extern "C" fn virSecretSetValue(
    secret: virSecretPtr,
    value: *const c_uchar,
    value_size: size_t,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virSecretSetValue", |call| {
        let s = call.secret(secret)?;
        call.writable(&s.conn)?;
        call.non_null(value, "value")?;
        // SAFETY: non-NULL; libvirt's contract is `value_size` readable bytes.
        let bytes = unsafe { std::slice::from_raw_parts(value, value_size) };
        s.conn.driver.secret_set_value(&s.id, bytes, flags)?;
        Ok(0)
    })
}

/// Fetches the value of a secret: a buffer the caller frees with `free()`, its size in
/// `*value_size`.
#[no_mangle]
pub extern "C" fn virSecretGetValue(
    secret: virSecretPtr,
    value_size: *mut size_t,
    flags: c_uint,
) -> *mut c_uchar {
    guard(FROM, "virSecretGetValue", |call| {
        let s = call.secret(secret)?;
        call.writable(&s.conn)?;
        call.non_null(value_size, "value_size")?;
        let value = s.conn.driver.secret_get_value(&s.id, flags)?;
        let buf = c_array(&value)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *value_size = value.len() };
        Ok(buf)
    })
}

/// Deletes the specified secret.
#[no_mangle]
pub extern "C" fn virSecretUndefine(secret: virSecretPtr) -> c_int {
    guard(FROM, "virSecretUndefine", |call| {
        let s = call.secret(secret)?;
        call.writable(&s.conn)?;
        s.conn.driver.secret_undefine(&s.id)?;
        Ok(0)
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
