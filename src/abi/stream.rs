//! C layout of libvirt-stream.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use libc::{c_char, c_int, c_longlong, c_void, size_t};

use super::virStreamPtr;

/// C `virStreamFlags` (libvirt-stream.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStreamFlags {
    VIR_STREAM_NONBLOCK = 1,
}

/// C `virStreamRecvFlagsValues` (libvirt-stream.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStreamRecvFlagsValues {
    VIR_STREAM_RECV_STOP_AT_HOLE = 1,
}

/// C callback type `virStreamSourceFunc` (libvirt-stream.h).
pub type virStreamSourceFunc = Option<
    unsafe extern "C" fn(
        st: virStreamPtr,
        data: *mut c_char,
        nbytes: size_t,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// C callback type `virStreamSourceHoleFunc` (libvirt-stream.h).
pub type virStreamSourceHoleFunc = Option<
    unsafe extern "C" fn(
        st: virStreamPtr,
        inData: *mut c_int,
        length: *mut c_longlong,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// C callback type `virStreamSourceSkipFunc` (libvirt-stream.h).
pub type virStreamSourceSkipFunc = Option<
    unsafe extern "C" fn(st: virStreamPtr, length: c_longlong, opaque: *mut c_void) -> c_int,
>;

/// C callback type `virStreamSinkFunc` (libvirt-stream.h).
pub type virStreamSinkFunc = Option<
    unsafe extern "C" fn(
        st: virStreamPtr,
        data: *const c_char,
        nbytes: size_t,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// C callback type `virStreamSinkHoleFunc` (libvirt-stream.h).
pub type virStreamSinkHoleFunc = Option<
    unsafe extern "C" fn(st: virStreamPtr, length: c_longlong, opaque: *mut c_void) -> c_int,
>;

/// C `virStreamEventType` (libvirt-stream.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virStreamEventType {
    VIR_STREAM_EVENT_READABLE = 1,
    VIR_STREAM_EVENT_WRITABLE = 2,
    VIR_STREAM_EVENT_ERROR = 4,
    VIR_STREAM_EVENT_HANGUP = 8,
}

/// C callback type `virStreamEventCallback` (libvirt-stream.h).
pub type virStreamEventCallback =
    Option<unsafe extern "C" fn(stream: virStreamPtr, events: c_int, opaque: *mut c_void)>;
