//! C layout of libvirt-domain-checkpoint.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::c_int;

/// C `virDomainCheckpointCreateFlags` (libvirt-domain-checkpoint.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCheckpointCreateFlags {
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE = 1,
    VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE = 2,
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE = 4,
}

/// C `virDomainCheckpointXMLFlags` (libvirt-domain-checkpoint.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCheckpointXMLFlags {
    VIR_DOMAIN_CHECKPOINT_XML_SECURE = 1,
    VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN = 2,
    VIR_DOMAIN_CHECKPOINT_XML_SIZE = 4,
}

/// C `virDomainCheckpointListFlags` (libvirt-domain-checkpoint.h). Some values repeat, so these are plain constants.
pub type virDomainCheckpointListFlags = c_int;
pub const VIR_DOMAIN_CHECKPOINT_LIST_ROOTS: virDomainCheckpointListFlags = 1;
pub const VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS: virDomainCheckpointListFlags = 1;
pub const VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL: virDomainCheckpointListFlags = 2;
pub const VIR_DOMAIN_CHECKPOINT_LIST_LEAVES: virDomainCheckpointListFlags = 4;
pub const VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES: virDomainCheckpointListFlags = 8;

/// C `virDomainCheckpointDeleteFlags` (libvirt-domain-checkpoint.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCheckpointDeleteFlags {
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN = 1,
    VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY = 2,
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY = 4,
}
