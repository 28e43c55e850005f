//! C layout of libvirt-domain-snapshot.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::c_int;

/// C `virDomainSnapshotCreateFlags` (libvirt-domain-snapshot.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSnapshotCreateFlags {
    VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE = 1,
    VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT = 2,
    VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA = 4,
    VIR_DOMAIN_SNAPSHOT_CREATE_HALT = 8,
    VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY = 16,
    VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT = 32,
    VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE = 64,
    VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC = 128,
    VIR_DOMAIN_SNAPSHOT_CREATE_LIVE = 256,
    VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE = 512,
}

/// C `virDomainSnapshotXMLFlags` (libvirt-domain-snapshot.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSnapshotXMLFlags {
    VIR_DOMAIN_SNAPSHOT_XML_SECURE = 1,
}

/// C `virDomainSnapshotListFlags` (libvirt-domain-snapshot.h). Some values repeat, so these are plain constants.
pub type virDomainSnapshotListFlags = c_int;
pub const VIR_DOMAIN_SNAPSHOT_LIST_ROOTS: virDomainSnapshotListFlags = 1;
pub const VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS: virDomainSnapshotListFlags = 1;
pub const VIR_DOMAIN_SNAPSHOT_LIST_LEAVES: virDomainSnapshotListFlags = 4;
pub const VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES: virDomainSnapshotListFlags = 8;
pub const VIR_DOMAIN_SNAPSHOT_LIST_METADATA: virDomainSnapshotListFlags = 2;
pub const VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA: virDomainSnapshotListFlags = 16;
pub const VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE: virDomainSnapshotListFlags = 32;
pub const VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE: virDomainSnapshotListFlags = 64;
pub const VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY: virDomainSnapshotListFlags = 128;
pub const VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL: virDomainSnapshotListFlags = 256;
pub const VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL: virDomainSnapshotListFlags = 512;
pub const VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL: virDomainSnapshotListFlags = 1024;

/// C `virDomainSnapshotRevertFlags` (libvirt-domain-snapshot.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSnapshotRevertFlags {
    VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING = 1,
    VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED = 2,
    VIR_DOMAIN_SNAPSHOT_REVERT_FORCE = 4,
    VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM = 8,
}

/// C `virDomainSnapshotDeleteFlags` (libvirt-domain-snapshot.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSnapshotDeleteFlags {
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN = 1,
    VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY = 2,
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY = 4,
}
