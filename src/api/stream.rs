//! libvirt-stream.h: data streams, and the domain calls that open one (screenshot,
//! console, channel; volume upload and download are in `storage.rs`).
//!
//! A stream handle starts unbound, as libvirt's: until a stream API binds it to what
//! its driver returned ([`crate::driver::stream::DataStream`]), every operation but
//! `virStreamAbort` reports "not supported". Each export checks its handle and
//! arguments in libvirt's order, then calls the bound stream; `-2` (would block) and
//! `-3` (a hole is next) are returned without an error, as libvirt does.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use libc::{c_char, c_int, c_longlong, c_uint, c_void, size_t};
use parking_lot::Mutex;

use super::handles::{self, Object, StreamId};
use super::{c_strdup, guard, Call};
use crate::abi::host::virFreeCallback;
use crate::abi::stream::{
    virStreamEventCallback, virStreamSinkFunc, virStreamSinkHoleFunc, virStreamSourceFunc,
    virStreamSourceHoleFunc, virStreamSourceSkipFunc,
};
use crate::abi::{virConnectPtr, virDomainPtr, virStreamPtr};
use crate::driver::stream::{Received, Stream, CHUNK};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_STREAMS;
/// `VIR_STREAM_NONBLOCK`
const NONBLOCK: u32 = 1;
/// `VIR_STREAM_RECV_STOP_AT_HOLE`
const STOP_AT_HOLE: u32 = 1;

/// What a stream handle is bound to, and its event callback.
#[derive(Default)]
pub(crate) struct StreamSlot {
    flags: u32,
    stream: Mutex<Option<Stream>>,
    callback: Mutex<Option<EventCallback>>,
}

struct EventCallback {
    timer: c_int,
    /// Shared with the timer: the events wanted (0 while none).
    events: Arc<std::sync::atomic::AtomicI32>,
}

impl Call {
    /// The stream `st` is bound to, or "not supported" for this API.
    fn bound(&mut self, st: virStreamPtr) -> Result<(Arc<Object<StreamId>>, Stream)> {
        let obj = self.stream(st)?;
        let s = obj.id.1.stream.lock().clone();
        match s {
            Some(s) => Ok((obj, s)),
            None => self.unsupported(),
        }
    }
}

/// Binds the stream handle to what a stream API's driver returned.
pub(crate) fn bind(st: &Object<StreamId>, stream: Stream) {
    *st.id.1.stream.lock() = Some(stream);
}

/// "stream must match connection of domain 'x'".
fn same_conn(call: &Call, st: &Object<StreamId>, conn: &Arc<crate::datatypes::Connect>, arg: &str, name: &str) -> Result<()> {
    if !Arc::ptr_eq(&st.conn, conn) {
        return Err(call.arg_error(arg, format!("stream must match connection of domain '{name}'")));
    }
    Ok(())
}

fn nonblock(obj: &Object<StreamId>) -> bool {
    obj.id.1.flags & NONBLOCK != 0
}

fn unknown_failure() -> Error {
    Error::raw(Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "An error occurred, but the cause is unknown")
}

/// Creates a new stream object which can be used to perform streamed I/O with other public API
/// function. Release it with `virStreamFree` (after `virStreamFinish` or `virStreamAbort` once
/// it was used). `flags`: `VIR_STREAM_NONBLOCK` or 0.
#[no_mangle]
pub extern "C" fn virStreamNew(conn: virConnectPtr, flags: c_uint) -> virStreamPtr {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    guard(FROM, "virStreamNew", |call| {
        let c = call.conn(conn)?;
        let slot = Arc::new(StreamSlot { flags, ..StreamSlot::default() });
        let id = StreamId(NEXT.fetch_add(1, Ordering::Relaxed), slot);
        Ok(handles::new_object(&handles::STREAMS, &c, conn as usize, 0, id) as virStreamPtr)
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

/// Write a series of bytes to the stream. Returns the bytes written (maybe fewer than
/// `nbytes`), -2 if a non-blocking stream cannot take data now, -1 on error.
#[no_mangle]
pub extern "C" fn virStreamSend(st: virStreamPtr, data: *const c_char, nbytes: size_t) -> c_int {
    guard(FROM, "virStreamSend", |call| {
        call.stream(st)?;
        call.non_null(data, "data")?;
        let (obj, s) = call.bound(st)?;
        let n = nbytes.min(CHUNK);
        // SAFETY: the caller passes `nbytes` readable bytes at `data` (non-NULL, checked).
        let buf = unsafe { std::slice::from_raw_parts(data as *const u8, n) };
        Ok(match s.send(buf, nonblock(&obj))? {
            Some(n) => n as c_int,
            None => -2,
        })
    })
}

fn recv(call: &mut Call, st: virStreamPtr, data: *mut c_char, nbytes: size_t, flags: c_uint) -> Result<c_int> {
    call.non_null(data, "data")?;
    let (obj, s) = call.bound(st)?;
    if flags & !STOP_AT_HOLE != 0 {
        return Err(call.arg_error("flags", format!("unsupported flags (0x{:x}) in function {}", flags & !STOP_AT_HOLE, call.api)));
    }
    let n = nbytes.min(i32::MAX as usize);
    // SAFETY: the caller passes a writable buffer of `nbytes` bytes at `data` (non-NULL).
    let buf = unsafe { std::slice::from_raw_parts_mut(data as *mut u8, n) };
    Ok(match s.recv(buf, flags & STOP_AT_HOLE != 0, nonblock(&obj))? {
        Received::Data(n) => n as c_int,
        Received::Eof => 0,
        Received::WouldBlock => -2,
        Received::Hole => -3,
    })
}

/// Reads a series of bytes from the stream. Returns the bytes read, 0 at the end of the
/// stream, -2 if a non-blocking stream has nothing now, -1 on error.
#[no_mangle]
pub extern "C" fn virStreamRecv(st: virStreamPtr, data: *mut c_char, nbytes: size_t) -> c_int {
    guard(FROM, "virStreamRecv", |call| {
        call.stream(st)?;
        recv(call, st, data, nbytes, 0)
    })
}

/// Reads a series of bytes from the stream; with `VIR_STREAM_RECV_STOP_AT_HOLE` returns -3
/// when a hole is next (its size from `virStreamRecvHole`).
#[no_mangle]
pub extern "C" fn virStreamRecvFlags(
    st: virStreamPtr,
    data: *mut c_char,
    nbytes: size_t,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStreamRecvFlags", |call| {
        call.stream(st)?;
        recv(call, st, data, nbytes, flags)
    })
}

/// Rather than transmitting empty file space, this API directs the stream target to create length
/// bytes of empty space (sparse streams only).
#[no_mangle]
pub extern "C" fn virStreamSendHole(st: virStreamPtr, length: c_longlong, flags: c_uint) -> c_int {
    guard(FROM, "virStreamSendHole", |call| {
        let (_, s) = call.bound(st)?;
        s.send_hole(length, flags)?;
        Ok(0)
    })
}

/// This API is used to determine the length in bytes of the empty space to be created in a stream's
/// target file when uploading or downloading sparsely populated files. Writes it to `*length`.
#[no_mangle]
pub extern "C" fn virStreamRecvHole(
    stream: virStreamPtr,
    length: *mut c_longlong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStreamRecvHole", |call| {
        call.stream(stream)?;
        call.non_null(length, "length")?;
        let (_, s) = call.bound(stream)?;
        let n = s.recv_hole(flags)?;
        // SAFETY: non-NULL (checked); the caller passes a pointer to a long long it owns.
        unsafe { *length = n };
        Ok(0)
    })
}

fn blocking_only(call: &Call, obj: &Object<StreamId>, what: &str) -> Result<()> {
    if nonblock(obj) {
        return Err(Error::new(
            call.from,
            Code::VIR_ERR_OPERATION_INVALID,
            format!("data {what} cannot be used for non-blocking streams"),
        ));
    }
    Ok(())
}

/// Sends all of `buf`, as `virStreamSendAll` does with `virStreamSend`.
fn send_all(s: &Stream, mut buf: &[u8]) -> Result<()> {
    while !buf.is_empty() {
        let n = s.send(buf, false)?.unwrap_or(0);
        buf = &buf[n..];
    }
    Ok(())
}

/// Send the entire data stream, reading the data from `handler` until it returns 0 (a
/// negative return aborts the stream). Blocking streams only.
#[no_mangle]
pub extern "C" fn virStreamSendAll(
    st: virStreamPtr,
    handler: virStreamSourceFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSendAll", |call| {
        let obj = call.stream(st)?;
        call.callback(&handler, "handler")?;
        let Some(handler) = handler else { return call.unsupported() };
        blocking_only(call, &obj, "sources")?;
        let s = obj.id.1.stream.lock().clone();
        let mut buf = vec![0u8; CHUNK];
        loop {
            // SAFETY: the application's source callback, with a buffer of CHUNK bytes.
            let got = unsafe { handler(st, buf.as_mut_ptr() as *mut c_char, CHUNK, opaque) };
            if got < 0 {
                if let Some(s) = &s {
                    let _ = s.abort();
                }
                return Err(unknown_failure());
            }
            if got == 0 {
                return Ok(0);
            }
            let Some(s) = &s else { return call.unsupported_as("virStreamSend") };
            send_all(s, &buf[..(got as usize).min(CHUNK)])?;
        }
    })
}

/// Send the entire data stream, reading the data from `handler`, asking `holeHandler` where
/// holes are and skipping them with `skipHandler`. Blocking streams only.
#[no_mangle]
pub extern "C" fn virStreamSparseSendAll(
    st: virStreamPtr,
    handler: virStreamSourceFunc,
    holeHandler: virStreamSourceHoleFunc,
    skipHandler: virStreamSourceSkipFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSparseSendAll", |call| {
        let obj = call.stream(st)?;
        call.callback(&handler, "handler")?;
        call.callback(&holeHandler, "holeHandler")?;
        call.callback(&skipHandler, "skipHandler")?;
        let (Some(handler), Some(hole_handler), Some(skip_handler)) = (handler, holeHandler, skipHandler) else {
            return call.unsupported();
        };
        blocking_only(call, &obj, "sources")?;
        let s = obj.id.1.stream.lock().clone();
        let abort = |s: &Option<Stream>| {
            if let Some(s) = s {
                let _ = s.abort();
            }
        };
        let mut buf = vec![0u8; CHUNK];
        let mut data_len: u64 = 0;
        loop {
            if data_len == 0 {
                let (mut in_data, mut section): (c_int, c_longlong) = (0, 0);
                // SAFETY: the application's hole callback, with pointers to locals.
                if unsafe { hole_handler(st, &mut in_data, &mut section, opaque) } < 0 {
                    abort(&s);
                    return Err(unknown_failure());
                }
                if in_data == 0 && section != 0 {
                    let Some(stream) = &s else { return call.unsupported_as("virStreamSendHole") };
                    if let Err(e) = stream.send_hole(section, 0) {
                        abort(&s);
                        return Err(e);
                    }
                    // SAFETY: the application's skip callback.
                    if unsafe { skip_handler(st, section, opaque) } < 0 {
                        abort(&s);
                        return Err(Error::system(FROM, "unable to skip hole", &std::io::Error::last_os_error()));
                    }
                    continue;
                }
                data_len = section.max(0) as u64;
            }
            let want = (CHUNK as u64).min(data_len) as usize;
            // SAFETY: the application's source callback, with a buffer of at least `want` bytes.
            let got = unsafe { handler(st, buf.as_mut_ptr() as *mut c_char, want, opaque) };
            if got < 0 {
                abort(&s);
                return Err(unknown_failure());
            }
            if got == 0 {
                return Ok(0);
            }
            let Some(stream) = &s else { return call.unsupported_as("virStreamSend") };
            let got = (got as usize).min(want);
            send_all(stream, &buf[..got])?;
            data_len -= got as u64;
        }
    })
}

/// Gives `data` to the application's sink until it took all; a negative return aborts.
fn sink_all(st: virStreamPtr, s: &Stream, handler: unsafe extern "C" fn(virStreamPtr, *const c_char, size_t, *mut c_void) -> c_int, mut data: &[u8], opaque: *mut c_void) -> Result<()> {
    while !data.is_empty() {
        // SAFETY: the application's sink callback, with `data.len()` readable bytes.
        let done = unsafe { handler(st, data.as_ptr() as *const c_char, data.len(), opaque) };
        if done < 0 {
            let _ = s.abort();
            return Err(unknown_failure());
        }
        data = &data[(done as usize).min(data.len())..];
    }
    Ok(())
}

/// Receive the entire data stream, sending the data to `handler` (a negative return aborts
/// the stream). Blocking streams only.
#[no_mangle]
pub extern "C" fn virStreamRecvAll(
    st: virStreamPtr,
    handler: virStreamSinkFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamRecvAll", |call| {
        let obj = call.stream(st)?;
        call.callback(&handler, "handler")?;
        let Some(handler) = handler else { return call.unsupported() };
        blocking_only(call, &obj, "sinks")?;
        let Some(s) = obj.id.1.stream.lock().clone() else { return call.unsupported_as("virStreamRecv") };
        let mut buf = vec![0u8; CHUNK];
        loop {
            match s.recv(&mut buf, false, false)? {
                Received::Data(n) => sink_all(st, &s, handler, &buf[..n], opaque)?,
                Received::Eof => return Ok(0),
                Received::Hole | Received::WouldBlock => {}
            }
        }
    })
}

/// Receive the entire data stream, sending the data to `handler` and the holes to
/// `holeHandler`. Blocking streams only.
#[no_mangle]
pub extern "C" fn virStreamSparseRecvAll(
    stream: virStreamPtr,
    handler: virStreamSinkFunc,
    holeHandler: virStreamSinkHoleFunc,
    opaque: *mut c_void,
) -> c_int {
    guard(FROM, "virStreamSparseRecvAll", |call| {
        let obj = call.stream(stream)?;
        call.callback(&handler, "handler")?;
        call.callback(&holeHandler, "holeHandler")?;
        let (Some(handler), Some(hole_handler)) = (handler, holeHandler) else { return call.unsupported() };
        blocking_only(call, &obj, "sinks")?;
        let Some(s) = obj.id.1.stream.lock().clone() else { return call.unsupported_as("virStreamRecvFlags") };
        let mut buf = vec![0u8; CHUNK];
        loop {
            match s.recv(&mut buf, true, false)? {
                Received::Data(n) => sink_all(stream, &s, handler, &buf[..n], opaque)?,
                Received::Eof => return Ok(0),
                Received::Hole => {
                    let len = s.recv_hole(0).inspect_err(|_| {
                        let _ = s.abort();
                    })?;
                    // SAFETY: the application's hole callback.
                    if unsafe { hole_handler(stream, len, opaque) } < 0 {
                        let _ = s.abort();
                        return Err(unknown_failure());
                    }
                }
                Received::WouldBlock => {}
            }
        }
    })
}

/// What a stream's event timer carries.
struct TimerData {
    handle: usize,
    events: Arc<std::sync::atomic::AtomicI32>,
    cb: unsafe extern "C" fn(virStreamPtr, c_int, *mut c_void),
    opaque: usize,
    ff: virFreeCallback,
}

/// How often a stream's callback is considered (ms): the timer checks the stream's state.
const EVENT_PERIOD_MS: c_int = 20;

unsafe extern "C" fn stream_timer(_timer: c_int, opaque: *mut c_void) {
    // SAFETY: `opaque` is the TimerData boxed at registration, freed only by `free_timer`.
    let data = unsafe { &*(opaque as *const TimerData) };
    let wanted = data.events.load(Ordering::SeqCst);
    let Some(obj) = handles::STREAMS.get(data.handle) else { return };
    let s = obj.id.1.stream.lock().clone();
    let Some(s) = s else { return };
    let ready = s.ready() & (wanted | crate::driver::stream::events::ERROR | crate::driver::stream::events::HANGUP);
    if ready != 0 && wanted != 0 {
        // SAFETY: the application's stream callback with the opaque pointer it registered.
        unsafe { (data.cb)(data.handle as virStreamPtr, ready, data.opaque as *mut c_void) };
    }
}

unsafe extern "C" fn free_timer(opaque: *mut c_void) {
    // SAFETY: `opaque` came from Box::into_raw at registration; the loop frees it once.
    let data = unsafe { Box::from_raw(opaque as *mut TimerData) };
    if let Some(ff) = data.ff {
        // SAFETY: the application's free callback for its own opaque pointer.
        unsafe { ff(data.opaque as *mut c_void) };
    }
}

/// Register a callback to be notified when a stream becomes writable, or readable (run from
/// the registered event loop). One callback per stream.
#[no_mangle]
pub extern "C" fn virStreamEventAddCallback(
    stream: virStreamPtr,
    events: c_int,
    cb: virStreamEventCallback,
    opaque: *mut c_void,
    ff: virFreeCallback,
) -> c_int {
    guard(FROM, "virStreamEventAddCallback", |call| {
        let (obj, s) = call.bound(stream)?;
        let mut slot = obj.id.1.callback.lock();
        if slot.is_some() {
            return Err(Error::internal(FROM, "multiple stream callbacks not supported"));
        }
        let Some(cb) = cb else { return Err(call.arg_error("cb", format!("cb in {} must not be NULL", call.api))) };
        let wanted = Arc::new(std::sync::atomic::AtomicI32::new(events));
        let data = Box::new(TimerData { handle: stream as usize, events: wanted.clone(), cb, opaque: opaque as usize, ff });
        let raw = Box::into_raw(data) as *mut c_void;
        let Some(timer) = super::event::add_internal_timeout(EVENT_PERIOD_MS, stream_timer, raw, Some(free_timer)) else {
            // SAFETY: no loop took the timer, so `raw` is still ours; the app keeps `opaque`.
            drop(unsafe { Box::from_raw(raw as *mut TimerData) });
            return Err(Error::internal(FROM, "no event loop is registered"));
        };
        s.on_change(Some(Arc::new(|| {})));
        *slot = Some(EventCallback { timer, events: wanted });
        Ok(0)
    })
}

/// Changes the set of events to monitor for a stream.
#[no_mangle]
pub extern "C" fn virStreamEventUpdateCallback(stream: virStreamPtr, events: c_int) -> c_int {
    guard(FROM, "virStreamEventUpdateCallback", |call| {
        let (obj, _) = call.bound(stream)?;
        let slot = obj.id.1.callback.lock();
        let Some(reg) = slot.as_ref() else { return Err(Error::internal(FROM, "no stream callback registered")) };
        reg.events.store(events, Ordering::SeqCst);
        Ok(0)
    })
}

/// Remove an event callback from the stream.
#[no_mangle]
pub extern "C" fn virStreamEventRemoveCallback(stream: virStreamPtr) -> c_int {
    guard(FROM, "virStreamEventRemoveCallback", |call| {
        let (obj, s) = call.bound(stream)?;
        let Some(reg) = obj.id.1.callback.lock().take() else {
            return Err(Error::internal(FROM, "no stream callback registered"));
        };
        reg.events.store(0, Ordering::SeqCst);
        super::event::virEventRemoveTimeout(reg.timer);
        s.on_change(None);
        Ok(0)
    })
}

/// Indicate that there is no further data to be transmitted on the stream; waits until
/// the other end confirms all data was processed.
#[no_mangle]
pub extern "C" fn virStreamFinish(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamFinish", |call| {
        let (_, s) = call.bound(st)?;
        s.finish()?;
        Ok(0)
    })
}

/// Request that the in progress data transfer be cancelled abnormally before the end of the stream
/// has been reached. An unused stream aborts successfully.
#[no_mangle]
pub extern "C" fn virStreamAbort(st: virStreamPtr) -> c_int {
    guard(FROM, "virStreamAbort", |call| {
        let obj = call.stream(st)?;
        let s = obj.id.1.stream.lock().clone();
        if let Some(s) = s {
            s.abort()?;
        }
        Ok(0)
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

/// Take a screenshot of current domain console as a stream. Returns the MIME type of the
/// image (the caller frees it with `free()`); the image follows on `stream`.
#[no_mangle]
pub extern "C" fn virDomainScreenshot(
    domain: virDomainPtr,
    stream: virStreamPtr,
    screen: c_uint,
    flags: c_uint,
) -> *mut c_char {
    guard(Domain::VIR_FROM_DOMAIN, "virDomainScreenshot", |call| {
        let domain = call.domain(domain)?;
        let st = call.stream(stream)?;
        call.writable(&domain.conn)?;
        same_conn(call, &st, &domain.conn, "stream", &domain.name.to_string_lossy())?;
        let (mime, s) = domain.conn.driver.domain_screenshot(&domain.ident(), screen, flags)?;
        bind(&st, s);
        Ok(mime.map_or(std::ptr::null_mut(), |m| c_strdup(&m)))
    })
}

/// This opens the backend associated with a console, serial or parallel port device on a guest, if
/// the backend is supported; its data flows on `st`.
#[no_mangle]
pub extern "C" fn virDomainOpenConsole(
    dom: virDomainPtr,
    dev_name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    guard(Domain::VIR_FROM_DOMAIN, "virDomainOpenConsole", |call| {
        let dom = call.domain(dom)?;
        let st = call.stream(st)?;
        call.writable(&dom.conn)?;
        same_conn(call, &st, &dom.conn, "st", &dom.name.to_string_lossy())?;
        let dev_name = call.opt_str_arg(dev_name, "dev_name")?;
        let ((), s) = dom.conn.driver.domain_open_console(&dom.ident(), dev_name, flags)?;
        bind(&st, s);
        Ok(0)
    })
}

/// This opens the host interface associated with a channel device on a guest, if the host interface
/// is supported; its data flows on `st`.
#[no_mangle]
pub extern "C" fn virDomainOpenChannel(
    dom: virDomainPtr,
    name: *const c_char,
    st: virStreamPtr,
    flags: c_uint,
) -> c_int {
    guard(Domain::VIR_FROM_DOMAIN, "virDomainOpenChannel", |call| {
        let dom = call.domain(dom)?;
        let st = call.stream(st)?;
        call.writable(&dom.conn)?;
        same_conn(call, &st, &dom.conn, "st", &dom.name.to_string_lossy())?;
        let name = call.opt_str_arg(name, "name")?;
        let ((), s) = dom.conn.driver.domain_open_channel(&dom.ident(), name, flags)?;
        bind(&st, s);
        Ok(0)
    })
}
