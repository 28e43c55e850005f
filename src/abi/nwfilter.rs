//! C layout of libvirt-nwfilter.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

/// C `virNWFilterDefineFlags` (libvirt-nwfilter.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNWFilterDefineFlags {
    VIR_NWFILTER_DEFINE_VALIDATE = 1,
}

/// C `virNWFilterBindingCreateFlags` (libvirt-nwfilter.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virNWFilterBindingCreateFlags {
    VIR_NWFILTER_BINDING_CREATE_VALIDATE = 1,
}
