//! The C layout of libvirt's public types: the one place `#[repr(C)]` lives.
//!
//! Handles (`virConnectPtr`, `virDomainPtr`, ...) are opaque to C. On our side a handle
//! pointer is only ever used as a key into a [`crate::handle::HandleTable`]; it is never
//! dereferenced, so a stale or foreign pointer gets libvirt's "invalid ... pointer" error
//! instead of a crash.

#![allow(non_camel_case_types, non_snake_case)]

pub mod virterror;

pub use virterror::{virError, virErrorFunc, virErrorPtr};

pub mod domain;
pub mod domain_checkpoint;
pub mod domain_snapshot;
pub mod event;
pub mod host;
pub mod interface;
pub mod network;
pub mod nodedev;
pub mod nwfilter;
pub mod secret;
pub mod storage;
pub mod stream;

#[cfg(test)]
mod layout_tests;

/// Opaque to C; see the module docs.
pub struct virConnect {
    _private: [u8; 0],
}
pub type virConnectPtr = *mut virConnect;

/// Opaque to C; see the module docs.
pub struct virDomain {
    _private: [u8; 0],
}
pub type virDomainPtr = *mut virDomain;

/// Opaque to C; see the module docs.
pub struct virNetwork {
    _private: [u8; 0],
}
pub type virNetworkPtr = *mut virNetwork;

/// Opaque to C; see the module docs.
pub struct virNetworkPort {
    _private: [u8; 0],
}
pub type virNetworkPortPtr = *mut virNetworkPort;

/// Opaque to C; see the module docs.
pub struct virInterface {
    _private: [u8; 0],
}
pub type virInterfacePtr = *mut virInterface;

/// Opaque to C; see the module docs.
pub struct virStoragePool {
    _private: [u8; 0],
}
pub type virStoragePoolPtr = *mut virStoragePool;

/// Opaque to C; see the module docs.
pub struct virStorageVol {
    _private: [u8; 0],
}
pub type virStorageVolPtr = *mut virStorageVol;

/// Opaque to C; see the module docs.
pub struct virNodeDevice {
    _private: [u8; 0],
}
pub type virNodeDevicePtr = *mut virNodeDevice;

/// Opaque to C; see the module docs.
pub struct virSecret {
    _private: [u8; 0],
}
pub type virSecretPtr = *mut virSecret;

/// Opaque to C; see the module docs.
pub struct virNWFilter {
    _private: [u8; 0],
}
pub type virNWFilterPtr = *mut virNWFilter;

/// Opaque to C; see the module docs.
pub struct virNWFilterBinding {
    _private: [u8; 0],
}
pub type virNWFilterBindingPtr = *mut virNWFilterBinding;

/// Opaque to C; see the module docs.
pub struct virStream {
    _private: [u8; 0],
}
pub type virStreamPtr = *mut virStream;

/// Opaque to C; see the module docs.
pub struct virDomainSnapshot {
    _private: [u8; 0],
}
pub type virDomainSnapshotPtr = *mut virDomainSnapshot;

/// Opaque to C; see the module docs.
pub struct virDomainCheckpoint {
    _private: [u8; 0],
}
pub type virDomainCheckpointPtr = *mut virDomainCheckpoint;


