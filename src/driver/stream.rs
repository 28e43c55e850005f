//! Data streams: what a stream procedure (a screenshot, a volume upload or download, a
//! console) hands back besides its return value.
//!
//! A driver slot that opens a stream returns a [`DataStream`] trait object; the C API's
//! `virStream*` calls use it, whoever made it:
//!
//! - an in-process driver (the test driver) makes a [`pipe`]: the caller gets its user
//!   end, a worker of the driver holds the [`DriverEnd`] and produces or consumes the
//!   data. The pipe is bounded in bytes both ways, so a fast sender waits for a slow
//!   receiver instead of growing a buffer;
//! - the remote driver returns a stream bound to the call's serial, whose data travels
//!   as libvirt's STREAM/STREAM_HOLE packets (`driver::remote::stream`);
//! - qemud calls the slot, and pumps the stream it gets between the driver and the wire.
//!
//! Semantics follow libvirt 9.0's streams: `recv` returns 0 at the end of the data, a hole
//! is returned as zeroes unless the caller stops at holes, `finish` waits for the other
//! end to confirm, `abort` ends the transfer early, and any operation on a finished or
//! aborted stream fails with "stream is not open".

#![forbid(unsafe_code)]

use std::collections::VecDeque;
use std::sync::Arc;

use parking_lot::{Condvar, Mutex};

use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_STREAMS;

/// The largest piece of data sent at once: libvirt's `VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`,
/// also what `virStreamSendAll`/`RecvAll` move per step.
pub const CHUNK: usize = 262_120;

/// Bytes a pipe holds in one direction before a sender waits.
pub const PIPE_BOUND: usize = 4 * CHUNK;

/// `virStreamEventType` bits.
pub mod events {
    pub const READABLE: i32 = 1;
    pub const WRITABLE: i32 = 2;
    pub const ERROR: i32 = 4;
    pub const HANGUP: i32 = 8;
}

/// What a `recv` got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Received {
    /// This many bytes of data (or of a hole read as zeroes).
    Data(usize),
    /// The end of the data (`virStreamRecv` returns 0).
    Eof,
    /// A hole is next and the caller asked to stop at holes (-3); `recv_hole` tells its size.
    Hole,
    /// Nothing to read now on a non-blocking stream (-2).
    WouldBlock,
}

/// One stream, as the public API drives it (libvirt's `virStreamDriver`).
pub trait DataStream: Send + Sync {
    /// Sends up to `data.len()` bytes; None when a non-blocking stream cannot take any now.
    fn send(&self, data: &[u8], nonblock: bool) -> Result<Option<usize>>;
    /// Receives into `buf`.
    fn recv(&self, buf: &mut [u8], stop_at_hole: bool, nonblock: bool) -> Result<Received>;
    /// Sends a hole of `length` bytes (sparse streams only).
    fn send_hole(&self, length: i64, flags: u32) -> Result<()>;
    /// The size of the hole `recv` stopped at (0 if none).
    fn recv_hole(&self, flags: u32) -> Result<i64>;
    /// No more data: waits for the other end to confirm everything was processed.
    fn finish(&self) -> Result<()>;
    /// Ends the transfer early.
    fn abort(&self) -> Result<()>;
    /// Which of `events::*` hold now (for `virStreamEventAddCallback`).
    fn ready(&self) -> i32;
    /// `notify` is called whenever `ready` may have changed (None: stop).
    fn on_change(&self, notify: Option<Arc<dyn Fn() + Send + Sync>>);
    /// Holes may travel (the stream was opened with a SPARSE_STREAM flag).
    fn sparse(&self) -> bool;
    /// The caller receives data on it (a download, a screenshot, a console), so a daemon
    /// serving it sends its data to the client.
    fn receives(&self) -> bool;
}

/// A stream as slots return it.
pub type Stream = Arc<dyn DataStream>;

crate::xdr_struct! {
    /// `virNetStreamHole`: the payload of a STREAM_HOLE packet.
    pub struct StreamHole {
        pub length: i64,
        pub flags: u32,
    }
}

/// Which way the data of a pipe flows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The driver produces, the caller receives (download, screenshot).
    ToUser,
    /// The caller sends, the driver consumes (upload).
    ToDriver,
}

/// One item queued in a pipe.
#[derive(Debug)]
pub enum Item {
    Data(Vec<u8>),
    Hole(u64),
    Eof,
}

#[derive(Default)]
struct Queue {
    items: VecDeque<Item>,
    /// Offset into the front data item already taken, or bytes of the front hole taken.
    front_used: usize,
    bytes: usize,
}

impl Queue {
    fn push(&mut self, item: Item) {
        self.bytes += match &item {
            Item::Data(d) => d.len(),
            _ => 0,
        };
        self.items.push_back(item);
    }
}

#[derive(Default)]
struct PipeState {
    /// Items for the user, items for the driver.
    to_user: Queue,
    to_driver: Queue,
    /// The user finished or aborted: every later operation of the user fails.
    user_closed: bool,
    /// The user aborted (or vanished): the driver stops.
    aborted: bool,
    /// The user called finish and waits for `outcome`.
    finishing: bool,
    /// The driver's verdict once it is done with the data.
    outcome: Option<Result<()>>,
    /// The driver failed: the user's next operation reports it.
    failed: Option<Error>,
    /// The hole `recv` stopped at, for `recv_hole`.
    hole: u64,
    notify: Option<Arc<dyn Fn() + Send + Sync>>,
}

struct Shared {
    state: Mutex<PipeState>,
    changed: Condvar,
    direction: Direction,
    sparse: bool,
}

impl Shared {
    fn wake(&self, st: &PipeState) {
        self.changed.notify_all();
        if let Some(n) = st.notify.clone() {
            // Called with the state locked: a notifier must only schedule work.
            n();
        }
    }
}

/// The error of any operation on a finished or aborted stream (libvirt's fd streams).
pub fn not_open() -> Error {
    Error::internal(FROM, "stream is not open")
}

fn bad_fd(what: &str) -> Error {
    Error::system(FROM, what, &std::io::Error::from_raw_os_error(libc::EBADF))
}

/// Makes a pipe: the user end (what the slot returns) and the driver end (what its
/// worker keeps). `sparse`: holes may travel (the SPARSE_STREAM flags).
pub fn pipe(direction: Direction, sparse: bool) -> (Stream, DriverEnd) {
    let shared = Arc::new(Shared { state: Mutex::new(PipeState::default()), changed: Condvar::new(), direction, sparse });
    (Arc::new(UserEnd { shared: shared.clone() }), DriverEnd { shared })
}

/// The caller's end of a pipe.
pub struct UserEnd {
    shared: Arc<Shared>,
}

impl DataStream for UserEnd {
    fn send(&self, data: &[u8], nonblock: bool) -> Result<Option<usize>> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        loop {
            if st.user_closed {
                return Err(not_open());
            }
            if let Some(e) = &st.failed {
                return Err(e.clone());
            }
            if s.direction != Direction::ToDriver {
                return Err(bad_fd("cannot write to stream"));
            }
            if st.outcome.is_some() {
                // The driver took all it wanted (its length is reached).
                return Err(Error::system(FROM, "cannot write to stream", &std::io::Error::from_raw_os_error(libc::ENOSPC)));
            }
            if st.to_driver.bytes < PIPE_BOUND {
                let n = data.len().min(CHUNK);
                st.to_driver.push(Item::Data(data[..n].to_vec()));
                s.wake(&st);
                return Ok(Some(n));
            }
            if nonblock {
                return Ok(None);
            }
            s.changed.wait(&mut st);
        }
    }

    fn recv(&self, buf: &mut [u8], stop_at_hole: bool, nonblock: bool) -> Result<Received> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        loop {
            if st.user_closed {
                return Err(not_open());
            }
            if s.direction != Direction::ToUser {
                return Err(bad_fd("cannot read from stream"));
            }
            if let Some(r) = take(&mut st.to_user, buf, stop_at_hole) {
                if let Received::Hole = r {
                    if let Some(Item::Hole(n)) = st.to_user.items.pop_front() {
                        st.hole = n - st.to_user.front_used as u64;
                    }
                    st.to_user.front_used = 0;
                }
                s.wake(&st);
                return Ok(r);
            }
            if let Some(e) = &st.failed {
                return Err(e.clone());
            }
            if nonblock {
                return Ok(Received::WouldBlock);
            }
            s.changed.wait(&mut st);
        }
    }

    fn send_hole(&self, length: i64, flags: u32) -> Result<()> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        if st.user_closed {
            return Err(not_open());
        }
        if let Some(e) = &st.failed {
            return Err(e.clone());
        }
        if !s.sparse || s.direction != Direction::ToDriver {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "Skipping is not supported with this stream"));
        }
        check_no_flags(flags, "virStreamSendHole")?;
        if length < 0 {
            return Err(Error::invalid_arg(FROM, format!("hole length {length} must not be negative")));
        }
        while st.to_driver.bytes >= PIPE_BOUND && !st.user_closed && st.failed.is_none() {
            s.changed.wait(&mut st);
        }
        st.to_driver.push(Item::Hole(length as u64));
        s.wake(&st);
        Ok(())
    }

    fn recv_hole(&self, flags: u32) -> Result<i64> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        if st.user_closed {
            return Err(not_open());
        }
        if !s.sparse || s.direction != Direction::ToUser {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "Holes are not supported with this stream"));
        }
        check_no_flags(flags, "virStreamRecvHole")?;
        Ok(std::mem::take(&mut st.hole) as i64)
    }

    fn finish(&self) -> Result<()> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        if st.user_closed {
            return Ok(());
        }
        st.user_closed = true;
        if s.direction == Direction::ToUser {
            // Whatever the driver has not sent yet is not wanted any more.
            st.aborted = true;
            s.wake(&st);
            return match st.failed.take() {
                Some(e) => Err(e),
                None => Ok(()),
            };
        }
        st.finishing = true;
        st.to_driver.push(Item::Eof);
        s.wake(&st);
        loop {
            if let Some(r) = st.outcome.clone() {
                return r;
            }
            if let Some(e) = st.failed.clone() {
                return Err(e);
            }
            s.changed.wait(&mut st);
        }
    }

    fn abort(&self) -> Result<()> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        st.user_closed = true;
        st.aborted = true;
        s.wake(&st);
        Ok(())
    }

    fn ready(&self) -> i32 {
        let s = &*self.shared;
        let st = s.state.lock();
        let mut ev = 0;
        if st.failed.is_some() {
            ev |= events::ERROR;
        }
        match s.direction {
            Direction::ToUser if !st.to_user.items.is_empty() => ev |= events::READABLE,
            Direction::ToDriver if st.to_driver.bytes < PIPE_BOUND => ev |= events::WRITABLE,
            _ => {}
        }
        ev
    }

    fn on_change(&self, notify: Option<Arc<dyn Fn() + Send + Sync>>) {
        self.shared.state.lock().notify = notify;
    }

    fn sparse(&self) -> bool {
        self.shared.sparse
    }

    fn receives(&self) -> bool {
        self.shared.direction == Direction::ToUser
    }
}

impl Drop for UserEnd {
    /// A stream freed without finishing is abandoned: its driver stops.
    fn drop(&mut self) {
        let s = &*self.shared;
        let mut st = s.state.lock();
        st.user_closed = true;
        if st.outcome.is_none() {
            st.aborted = true;
        }
        s.wake(&st);
    }
}

/// Takes what the front of `q` offers into `buf`: data, a hole as zeroes (or `Hole` when
/// stopping at holes), the end. None: nothing queued.
fn take(q: &mut Queue, buf: &mut [u8], stop_at_hole: bool) -> Option<Received> {
    let mut got = 0;
    while got < buf.len() {
        let used = q.front_used;
        match q.items.front() {
            None => break,
            Some(Item::Eof) => {
                if got == 0 {
                    return Some(Received::Eof);
                }
                break;
            }
            Some(Item::Hole(_)) if stop_at_hole => {
                if got == 0 {
                    return Some(Received::Hole);
                }
                break;
            }
            Some(Item::Hole(n)) => {
                let left = (*n as usize).saturating_sub(used);
                let k = left.min(buf.len() - got);
                buf[got..got + k].fill(0);
                got += k;
                if k == left {
                    q.items.pop_front();
                    q.front_used = 0;
                } else {
                    q.front_used += k;
                }
            }
            Some(Item::Data(d)) => {
                let left = d.len() - used;
                let k = left.min(buf.len() - got);
                buf[got..got + k].copy_from_slice(&d[used..used + k]);
                got += k;
                q.bytes -= k;
                if k == left {
                    q.items.pop_front();
                    q.front_used = 0;
                } else {
                    q.front_used += k;
                }
            }
        }
    }
    if got == 0 && buf.is_empty() && !q.items.is_empty() {
        return Some(Received::Data(0));
    }
    (got > 0).then_some(Received::Data(got))
}

fn check_no_flags(flags: u32, func: &str) -> Result<()> {
    if flags != 0 {
        return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("unsupported flags (0x{flags:x}) in function {func}")));
    }
    Ok(())
}

/// Why a driver end stops: the user went away (aborted, finished early, freed).
#[derive(Debug)]
pub struct Stopped;

/// The driver's end of a pipe, held by the worker that produces or consumes the data.
pub struct DriverEnd {
    shared: Arc<Shared>,
}

impl DriverEnd {
    /// Whether holes may be sent.
    pub fn sparse(&self) -> bool {
        self.shared.sparse
    }

    /// Queues an item for the user, waiting while the user is `PIPE_BOUND` bytes behind.
    pub fn push(&self, item: Item) -> std::result::Result<(), Stopped> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        while st.to_user.bytes >= PIPE_BOUND && !st.aborted {
            s.changed.wait(&mut st);
        }
        if st.aborted {
            return Err(Stopped);
        }
        st.to_user.push(item);
        s.wake(&st);
        Ok(())
    }

    /// The next item the user sent, waiting for one; Err when the user aborted.
    pub fn pull(&self) -> std::result::Result<Item, Stopped> {
        let s = &*self.shared;
        let mut st = s.state.lock();
        loop {
            if st.aborted {
                return Err(Stopped);
            }
            if let Some(item) = st.to_driver.items.pop_front() {
                if let Item::Data(d) = &item {
                    st.to_driver.bytes -= d.len();
                }
                s.wake(&st);
                return Ok(item);
            }
            s.changed.wait(&mut st);
        }
    }

    /// The driver is done: `Ok` confirms a finish, an error fails the user's next call.
    pub fn complete(&self, outcome: Result<()>) {
        let s = &*self.shared;
        let mut st = s.state.lock();
        if let Err(e) = &outcome {
            st.failed = Some(e.clone());
        }
        st.outcome = Some(outcome);
        s.wake(&st);
    }

    /// The user stopped the transfer.
    pub fn aborted(&self) -> bool {
        self.shared.state.lock().aborted
    }
}

/// How a file's range travels on a stream (volume upload and download, in the test
/// driver and in qemud's storage driver).
#[derive(Clone, Copy, Debug)]
pub struct FileRange {
    pub start: u64,
    pub end: u64,
    /// A regular file: holes are found (SEEK_DATA/SEEK_HOLE) when sending on a sparse
    /// stream, and punched when receiving; a block device has none found, and a hole
    /// received is written as zeros.
    pub regular: bool,
}

fn file_io_failed(what: &str, e: &std::io::Error) -> Error {
    Error::system(Domain::VIR_FROM_STREAMS, what, e)
}

/// Sends `file[range]` to the user: data, holes as holes on a sparse stream, the end.
/// `guard` (what keeps the volume busy) goes before the transfer completes, so the volume
/// is free once its stream finished. Err: the user stopped the transfer.
pub fn send_file_range<G>(file: &std::fs::File, range: FileRange, out: &DriverEnd, guard: G) -> std::result::Result<(), Stopped> {
    use std::os::unix::fs::FileExt;
    let (mut pos, end) = (range.start, range.end);
    let mut guard = Some(guard);
    let mut buf = vec![0u8; CHUNK];
    while pos < end {
        let mut data_end = end;
        if out.sparse() && range.regular {
            let data_at = match crate::sys::seek_data_or_hole(file, pos, true) {
                Ok(at) => at.unwrap_or(end).min(end),
                Err(_) => pos,
            };
            if data_at > pos {
                out.push(Item::Hole(data_at - pos))?;
                pos = data_at;
                continue;
            }
            data_end = crate::sys::seek_data_or_hole(file, pos, false).ok().flatten().unwrap_or(end).min(end);
        }
        let n = (data_end - pos).min(CHUNK as u64) as usize;
        if let Err(e) = file.read_exact_at(&mut buf[..n], pos) {
            drop(guard.take());
            out.complete(Err(file_io_failed("cannot read from stream", &e)));
            return Ok(());
        }
        out.push(Item::Data(buf[..n].to_vec()))?;
        pos += n as u64;
    }
    drop(guard.take());
    out.push(Item::Eof)?;
    out.complete(Ok(()));
    Ok(())
}

/// Writes what the user sends into `file[range]` until the end of the data (synced to
/// disk then); writing past the range is "No space left on device". `guard` goes before
/// the transfer completes, as in [`send_file_range`].
pub fn receive_file_range<G>(file: &std::fs::File, range: FileRange, input: &DriverEnd, guard: G) {
    use std::os::unix::fs::FileExt;
    let (mut pos, end) = (range.start, range.end);
    let mut guard = Some(guard);
    let no_space = || file_io_failed("cannot write to stream", &std::io::Error::from_raw_os_error(libc::ENOSPC));
    loop {
        let Ok(item) = input.pull() else { return };
        let r = match item {
            Item::Eof => {
                let synced = file.sync_data().map_err(|e| file_io_failed("cannot sync volume", &e));
                drop(guard.take());
                input.complete(synced);
                return;
            }
            Item::Data(d) => {
                let room = (end - pos).min(d.len() as u64) as usize;
                let written = file.write_all_at(&d[..room], pos).map_err(|e| file_io_failed("cannot write to stream", &e));
                pos += room as u64;
                written.and_then(|()| if room < d.len() { Err(no_space()) } else { Ok(()) })
            }
            Item::Hole(n) if n > end - pos => Err(no_space()),
            Item::Hole(n) => {
                let r = if range.regular {
                    crate::sys::punch_hole(file, pos, n).map_err(|e| file_io_failed("unable to punch a hole", &e))
                } else {
                    write_zeros(file, pos, n)
                };
                pos += n;
                r
            }
        };
        if let Err(e) = r {
            drop(guard.take());
            input.complete(Err(e));
            return;
        }
    }
}

/// A hole received for a block device: zeros written.
fn write_zeros(file: &std::fs::File, mut pos: u64, mut n: u64) -> Result<()> {
    use std::os::unix::fs::FileExt;
    let zeros = vec![0u8; CHUNK];
    while n > 0 {
        let k = n.min(CHUNK as u64) as usize;
        file.write_all_at(&zeros[..k], pos).map_err(|e| file_io_failed("cannot write to stream", &e))?;
        pos += k as u64;
        n -= k as u64;
    }
    Ok(())
}

thread_local! {
    /// The stream the procedure just served on this thread opened, for the daemon.
    static OPENED: std::cell::RefCell<Option<Stream>> = const { std::cell::RefCell::new(None) };
}

/// Called by a stream procedure's dispatch (see `declare_procedures`): leaves the stream
/// the slot opened for the daemon, which attaches it to the call once the reply is out.
pub fn hand_to_daemon(stream: Stream) {
    OPENED.with(|o| *o.borrow_mut() = Some(stream));
}

/// The stream the call just dispatched on this thread opened, if any.
pub fn take_opened() -> Option<Stream> {
    OPENED.with(|o| o.borrow_mut().take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_reads_data_holes_as_zeroes_then_eof() {
        let (user, drv) = pipe(Direction::ToUser, true);
        drv.push(Item::Data(b"abc".to_vec())).unwrap();
        drv.push(Item::Hole(2)).unwrap();
        drv.push(Item::Eof).unwrap();
        let mut buf = [9u8; 8];
        assert_eq!(user.recv(&mut buf, false, false).unwrap(), Received::Data(5));
        assert_eq!(&buf[..5], b"abc\0\0");
        assert_eq!(user.recv(&mut buf, false, false).unwrap(), Received::Eof);
        assert!(user.finish().is_ok());
        assert_eq!(user.recv(&mut buf, false, false).unwrap_err().message, "internal error: stream is not open");
    }

    #[test]
    fn stop_at_hole_reports_its_size() {
        let (user, drv) = pipe(Direction::ToUser, true);
        drv.push(Item::Data(b"ab".to_vec())).unwrap();
        drv.push(Item::Hole(1000)).unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(user.recv(&mut buf, true, false).unwrap(), Received::Data(2));
        assert_eq!(user.recv(&mut buf, true, false).unwrap(), Received::Hole);
        assert_eq!(user.recv_hole(0).unwrap(), 1000);
        assert_eq!(user.recv(&mut buf, true, true).unwrap(), Received::WouldBlock);
    }

    #[test]
    fn a_fast_sender_waits_and_a_non_blocking_one_is_told() {
        let (user, drv) = pipe(Direction::ToDriver, false);
        let chunk = vec![1u8; CHUNK];
        let mut sent = 0;
        while let Some(n) = user.send(&chunk, true).unwrap() {
            sent += n;
        }
        assert!((PIPE_BOUND..PIPE_BOUND + CHUNK).contains(&sent));
        let t = std::thread::spawn(move || {
            let mut total = 0;
            loop {
                match drv.pull().unwrap() {
                    Item::Data(d) => total += d.len(),
                    Item::Eof => break,
                    Item::Hole(_) => panic!("no holes"),
                }
            }
            drv.complete(Ok(()));
            total
        });
        assert_eq!(user.send(&chunk, false).unwrap(), Some(CHUNK));
        user.finish().unwrap();
        assert_eq!(t.join().unwrap(), sent + CHUNK);
    }

    #[test]
    fn abort_stops_the_driver_and_closes_the_stream() {
        let (user, drv) = pipe(Direction::ToUser, false);
        user.abort().unwrap();
        assert!(drv.push(Item::Eof).is_err());
        assert_eq!(user.send(b"x", false).unwrap_err().message, "internal error: stream is not open");
        assert!(user.finish().is_ok());
    }
}
