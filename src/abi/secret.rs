//! C layout of libvirt-secret.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::{c_int, c_void};

use super::{virConnectPtr, virSecretPtr};

/// C `virSecretUsageType` (libvirt-secret.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virSecretUsageType {
    VIR_SECRET_USAGE_TYPE_NONE = 0,
    VIR_SECRET_USAGE_TYPE_VOLUME = 1,
    VIR_SECRET_USAGE_TYPE_CEPH = 2,
    VIR_SECRET_USAGE_TYPE_ISCSI = 3,
    VIR_SECRET_USAGE_TYPE_TLS = 4,
    VIR_SECRET_USAGE_TYPE_VTPM = 5,
}

/// C `virConnectListAllSecretsFlags` (libvirt-secret.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectListAllSecretsFlags {
    VIR_CONNECT_LIST_SECRETS_EPHEMERAL = 1,
    VIR_CONNECT_LIST_SECRETS_NO_EPHEMERAL = 2,
    VIR_CONNECT_LIST_SECRETS_PRIVATE = 4,
    VIR_CONNECT_LIST_SECRETS_NO_PRIVATE = 8,
}

/// C `virSecretDefineFlags` (libvirt-secret.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virSecretDefineFlags {
    VIR_SECRET_DEFINE_VALIDATE = 1,
}

/// C `virSecretEventID` (libvirt-secret.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virSecretEventID {
    VIR_SECRET_EVENT_ID_LIFECYCLE = 0,
    VIR_SECRET_EVENT_ID_VALUE_CHANGED = 1,
}

/// C callback type `virConnectSecretEventGenericCallback` (libvirt-secret.h).
pub type virConnectSecretEventGenericCallback =
    Option<unsafe extern "C" fn(conn: virConnectPtr, secret: virSecretPtr, opaque: *mut c_void)>;

/// C `virSecretEventLifecycleType` (libvirt-secret.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virSecretEventLifecycleType {
    VIR_SECRET_EVENT_DEFINED = 0,
    VIR_SECRET_EVENT_UNDEFINED = 1,
}

/// C callback type `virConnectSecretEventLifecycleCallback` (libvirt-secret.h).
pub type virConnectSecretEventLifecycleCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        secret: virSecretPtr,
        event: c_int,
        detail: c_int,
        opaque: *mut c_void,
    ),
>;
