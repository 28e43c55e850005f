//! libvirt-stream.h: data streams. Handle checks and reference counting are real; streams
//! cannot be created yet (`virStreamNew` reports VIR_ERR_NO_SUPPORT), so every operation fails
//! with libvirt's invalid-stream error.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_longlong, c_uint, c_void, size_t};

use super::guard;
use super::handles;
use crate::abi::host::virFreeCallback;
use crate::abi::stream::{
    virStreamEventCallback, virStreamSinkFunc, virStreamSinkHoleFunc, virStreamSourceFunc,
    virStreamSourceHoleFunc, virStreamSourceSkipFunc,
};
use crate::abi::{virConnectPtr, virStreamPtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_STREAMS;

/// Creates a new stream object which can be used to perform streamed I/O with other public API
/// function. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamNew(conn: virConnectPtr, flags: c_uint) -> virStreamPtr {
    guard(FROM, "virStreamNew", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the stream. Takes one more reference on the handle; release it
/// with `virStreamFree`.
#[no_mangle]
pub extern "C" fn virStreamRef(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamRef", |call| {
        call.stream(st)?;
        handles::add_ref(&handles::STREAMS, st as usize);
        Ok(0)
    })
}

/// Write a series of bytes to the stream. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamSend(st: virStreamPtr, data: *const c_char, nbytes: size_t) -> c_int {
    guard(FROM, "virStreamSend", |call| {
        let _st = call.stream(st)?;
        call.non_null(data, "data")?;
        call.unsupported()
    })
}

/// Reads a series of bytes from the stream. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamRecv(st: virStreamPtr, data: *mut c_char, nbytes: size_t) -> c_int {
    guard(FROM, "virStreamRecv", |call| {
        let _st = call.stream(st)?;
        call.non_null(data, "data")?;
        call.unsupported()
    })
}

/// Reads a series of bytes from the stream. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamRecvFlags(
    st: virStreamPtr,
    data: *mut c_char,
    nbytes: size_t,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStreamRecvFlags", |call| {
        let _st = call.stream(st)?;
        call.non_null(data, "data")?;
        call.unsupported()
    })
}

/// Rather than transmitting empty file space, this API directs the stream target to create length
/// bytes of empty space. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamSendHole(st: virStreamPtr, length: c_longlong, flags: c_uint) -> c_int {
    guard(FROM, "virStreamSendHole", |call| {
        let _st = call.stream(st)?;
        call.unsupported()
    })
}

/// This API is used to determine the length in bytes of the empty space to be created in a stream's
/// target file when uploading or downloading sparsely populated files. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamRecvHole(
    stream: virStreamPtr,
    length: *mut c_longlong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStreamRecvHole", |call| {
        let _stream = call.stream(stream)?;
        call.non_null(length, "length")?;
        call.unsupported()
    })
}

/// Send the entire data stream, reading the data from the requested data source. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamSendAll(
    st: virStreamPtr,
    handler: virStreamSourceFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSendAll", |call| {
        let _st = call.stream(st)?;
        call.callback(&handler, "handler")?;
        call.unsupported()
    })
}

/// Send the entire data stream, reading the data from the requested data source. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamSparseSendAll(
    st: virStreamPtr,
    handler: virStreamSourceFunc,
    holeHandler: virStreamSourceHoleFunc,
    skipHandler: virStreamSourceSkipFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSparseSendAll", |call| {
        let _st = call.stream(st)?;
        call.callback(&handler, "handler")?;
        call.callback(&holeHandler, "holeHandler")?;
        call.callback(&skipHandler, "skipHandler")?;
        call.unsupported_as("virStreamSendHole")
    })
}

/// Receive the entire data stream, sending the data to the requested data sink. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamRecvAll(
    st: virStreamPtr,
    handler: virStreamSinkFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamRecvAll", |call| {
        let _st = call.stream(st)?;
        call.callback(&handler, "handler")?;
        call.unsupported_as("virStreamRecv")
    })
}

/// Receive the entire data stream, sending the data to the requested data sink handler and calling
/// the skip holeHandler to generate holes for sparse stream targets. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamSparseRecvAll(
    stream: virStreamPtr,
    handler: virStreamSinkFunc,
    holeHandler: virStreamSinkHoleFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSparseRecvAll", |call| {
        let _stream = call.stream(stream)?;
        call.callback(&handler, "handler")?;
        call.callback(&holeHandler, "holeHandler")?;
        call.unsupported_as("virStreamRecvFlags")
    })
}

/// Register a callback to be notified when a stream becomes writable, or readable. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamEventAddCallback(
    stream: virStreamPtr,
    events: c_int,
    cb: virStreamEventCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    guard(FROM, "virStreamEventAddCallback", |call| {
        let _stream = call.stream(stream)?;
        call.unsupported()
    })
}

/// Changes the set of events to monitor for a stream. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamEventUpdateCallback(stream: virStreamPtr, events: c_int) -> c_int {
    guard(FROM, "virStreamEventUpdateCallback", |call| {
        let _stream = call.stream(stream)?;
        call.unsupported()
    })
}

/// Remove an event callback from the stream. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamEventRemoveCallback(stream: virStreamPtr) -> c_int {
    guard(FROM, "virStreamEventRemoveCallback", |call| {
        let _stream = call.stream(stream)?;
        call.unsupported()
    })
}

/// Indicate that there is no further data to be transmitted on the stream. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamFinish(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamFinish", |call| {
        let _st = call.stream(st)?;
        call.unsupported()
    })
}

/// Request that the in progress data transfer be cancelled abnormally before the end of the stream
/// has been reached. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStreamAbort(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamAbort", |call| {
        let _st = call.stream(st)?;
        call.unsupported()
    })
}

/// Decrement the reference count on a stream, releasing the stream object if the reference count
/// has hit zero. Drops one reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virStreamFree(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamFree", |call| {
        call.stream(st)?;
        handles::release(&handles::STREAMS, st as usize);
        Ok(0)
    })
}
