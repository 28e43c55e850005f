//! The client end of a libvirt RPC connection: one socket, many callers.
//!
//! Callers on any thread send a CALL with a fresh serial and wait for the REPLY with
//! that serial. Whoever is waiting reads the socket itself when no one else is (the
//! "reading" role): it files every reply it reads under its serial and wakes the other
//! waiters, answers keepalive PINGs and passes MESSAGEs (events) on, until its own reply
//! comes. A single caller thus never hands off to another thread. With keepalive on, an
//! idle reader also takes the role whenever no call is waiting, so PINGs are answered
//! and PONGs seen between calls; a caller that finds it reading wakes it to take over.
//! When the connection dies every waiting caller gets the error.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use super::message::{self, Header, MessageType, RemoteError, Status, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM};
use super::xdr::Xdr;
use crate::error::{Code, Domain, Error, Result};
use crate::sys;

/// A connected byte stream: the transports all end up as one of these, on both the
/// client and the daemon side.
pub enum Stream {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    pub fn try_clone(&self) -> std::io::Result<Stream> {
        Ok(match self {
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
        })
    }

    /// Shuts both directions down; errors (already closed) do not matter.
    pub fn shutdown(&self) {
        let _ = match self {
            Stream::Unix(s) => s.shutdown(Shutdown::Both),
            Stream::Tcp(s) => s.shutdown(Shutdown::Both),
        };
    }

    pub fn fd(&self) -> RawFd {
        match self {
            Stream::Unix(s) => s.as_raw_fd(),
            Stream::Tcp(s) => s.as_raw_fd(),
        }
    }

    pub fn set_read_timeout(&self, t: Option<Duration>) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_read_timeout(t),
            Stream::Tcp(s) => s.set_read_timeout(t),
        }
    }

    pub fn set_write_timeout(&self, t: Option<Duration>) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_write_timeout(t),
            Stream::Tcp(s) => s.set_write_timeout(t),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.read(buf),
            Stream::Tcp(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.write(buf),
            Stream::Tcp(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.flush(),
            Stream::Tcp(s) => s.flush(),
        }
    }
}

/// What a caller waits for: the reply payload, or the error.
type Outcome = Result<Vec<u8>>;

/// Receives the MESSAGEs the server sends on its own (events): program, procedure, payload.
pub type EventSink = Box<dyn Fn(u32, i32, &[u8]) + Send + Sync>;

/// Receives the packets of one stream (those carrying its call's serial): STREAM and
/// STREAM_HOLE packets, and an error REPLY no call waits for. May block to slow the
/// server down when its reader is behind; the socket is not read meanwhile.
pub trait StreamPackets: Send + Sync {
    fn packet(&self, kind: MessageType, status: Status, payload: Vec<u8>);
}

#[derive(Default)]
struct State {
    /// Serials of calls whose reply has not been taken yet.
    pending: HashSet<u32>,
    /// Replies read, waiting for their caller.
    replies: HashMap<u32, Outcome>,
    /// The files that came with a reply (REPLY_WITH_FDS), beside it in `replies`.
    reply_fds: HashMap<u32, Vec<OwnedFd>>,
    /// Someone is reading the socket.
    reading: bool,
    /// That someone is the idle reader (a caller may wake it to take over).
    idle_reading: bool,
    /// Why the connection is gone, once it is.
    dead: Option<Error>,
}

pub struct Client {
    writer: Mutex<Stream>,
    /// The receiving half; used only by whoever holds the reading role.
    reader: Mutex<Stream>,
    state: Mutex<State>,
    changed: Condvar,
    serial: AtomicU32,
    events: Mutex<Option<Arc<EventSink>>>,
    last_heard: Mutex<Instant>,
    /// Bumped whenever keepalive settings change, so an older timer thread stops.
    keepalive_generation: AtomicU32,
    /// Bumped whenever event reading starts or stops, so an older idle reader stops.
    events_generation: AtomicU32,
    /// Open streams by the serial of the call that opened them.
    streams: Mutex<HashMap<u32, Arc<dyn StreamPackets>>>,
    /// Wakes the idle reader out of its poll when a caller wants the socket.
    wake_tx: UnixStream,
    wake_rx: UnixStream,
    /// Told once, with a `virConnectCloseReason`, when the peer goes away (not when we
    /// close): see `driver::close`.
    death_hook: Mutex<Option<DeathHook>>,
    /// See [`Companion`].
    companion: Mutex<Option<Box<dyn Companion>>>,
    /// The socket is a bare UNIX socket, so files may travel with messages.
    fd_passing: AtomicBool,
}

/// What [`Client::set_death_hook`] keeps.
pub type DeathHook = Box<dyn Fn(i32) + Send + Sync>;

/// What a transport keeps beside its socket for as long as the connection lives (the
/// ssh or ext child process, a pump thread), dropped with the client. When reading the
/// socket fails, its words (the child's stderr) go into the error, as libvirt's do.
pub trait Companion: Send {
    /// What the other side said before the socket failed, if anything.
    fn error_text(&mut self) -> Option<String>;
}

/// A read error with the companion's words put after its first part, as libvirt words
/// it ("Cannot recv data: <stderr>: <strerror>").
pub fn with_companion_text(mut e: Error, c: &mut dyn Companion) -> Error {
    let Some(text) = c.error_text() else { return e };
    for head in ["Cannot recv data", "End of file while reading data"] {
        if let Some(rest) = e.message.strip_prefix(head) {
            e.message = format!("{head}: {text}{rest}");
            break;
        }
    }
    e
}

/// `virConnectCloseReason` values the client reports.
const CLOSE_ERROR: i32 = 0;
const CLOSE_EOF: i32 = 1;
const CLOSE_KEEPALIVE: i32 = 2;

fn rpc_error(what: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, what)
}

fn io_error(what: &str, e: &std::io::Error) -> Error {
    Error::system(Domain::VIR_FROM_RPC, what, e)
}

/// A packet as read: header, payload, and the files that came with it.
struct Packet {
    header: Header,
    payload: Vec<u8>,
    fds: Vec<OwnedFd>,
}

fn read_packet(stream: &mut Stream) -> Result<Packet> {
    let mut word = [0u8; 4];
    if let Err(e) = stream.read_exact(&mut word) {
        return Err(if e.kind() == std::io::ErrorKind::UnexpectedEof {
            Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_SYSTEM_ERROR, "End of file while reading data: Input/output error")
        } else {
            io_error("Cannot recv data", &e)
        });
    }
    let len = message::decode_length(word)?;
    let mut body = vec![0u8; len - message::LEN_WORD];
    stream.read_exact(&mut body).map_err(|e| io_error("Cannot recv data", &e))?;
    let (header, _) = message::decode_header(&body)?;
    body.drain(..message::HEADER_LEN);
    let mut fds = Vec::new();
    if header.kind == MessageType::ReplyWithFds {
        let (n, _) = super::fds::split_count(&body)?;
        body.drain(..4);
        let Stream::Unix(sock) = stream else {
            return Err(rpc_error("the server sent files over a connection that cannot carry them".into()));
        };
        fds = super::fds::recv_all(sock, n).map_err(|e| io_error("Failed to receive file descriptor", &e))?;
    }
    Ok(Packet { header, payload: body, fds })
}

impl Client {
    pub fn new(stream: Stream) -> Result<Arc<Client>> {
        let reader = stream.try_clone().map_err(|e| io_error("Cannot duplicate socket", &e))?;
        let (wake_tx, wake_rx) = UnixStream::pair().map_err(|e| io_error("Cannot create wakeup socket", &e))?;
        wake_rx.set_nonblocking(true).map_err(|e| io_error("Cannot set wakeup socket non-blocking", &e))?;
        wake_tx.set_nonblocking(true).map_err(|e| io_error("Cannot set wakeup socket non-blocking", &e))?;
        Ok(Arc::new(Client {
            writer: Mutex::new(stream),
            reader: Mutex::new(reader),
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            serial: AtomicU32::new(0),
            events: Mutex::new(None),
            last_heard: Mutex::new(Instant::now()),
            keepalive_generation: AtomicU32::new(0),
            events_generation: AtomicU32::new(0),
            streams: Mutex::new(HashMap::new()),
            wake_tx,
            wake_rx,
            death_hook: Mutex::new(None),
            companion: Mutex::new(None),
            fd_passing: AtomicBool::new(false),
        }))
    }

    /// The socket is a bare UNIX socket (no TLS, no SASL layer): files may travel.
    pub fn allow_fd_passing(&self) {
        self.fd_passing.store(true, Ordering::SeqCst);
    }

    /// libvirt's `virNetClientHasPassFD`.
    pub fn has_fd_passing(&self) -> bool {
        self.fd_passing.load(Ordering::SeqCst)
    }

    /// What the transport keeps alive beside the socket.
    pub fn set_companion(&self, c: Box<dyn Companion>) {
        *self.companion.lock() = Some(c);
    }

    /// A read error with the companion's words put after its first part (see
    /// [`with_companion_text`]).
    fn with_companion_text(&self, e: Error) -> Error {
        match self.companion.lock().as_mut() {
            Some(c) => with_companion_text(e, c.as_mut()),
            None => e,
        }
    }

    /// Who hears of the peer going away.
    pub fn set_death_hook(&self, hook: DeathHook) {
        *self.death_hook.lock() = Some(hook);
    }

    /// The connection died for `why` (a `virConnectCloseReason`): the first cause is
    /// kept, and the death hook hears of it once, with the state unlocked.
    fn died(&self, st: &mut parking_lot::MutexGuard<'_, State>, e: Error, why: i32) {
        if st.dead.is_some() {
            return;
        }
        st.dead = Some(e);
        MutexGuardUnlock::run(st, || {
            if let Some(hook) = &*self.death_hook.lock() {
                hook(why);
            }
        });
    }

    /// Where events go.
    pub fn set_event_sink(&self, sink: EventSink) {
        *self.events.lock() = Some(Arc::new(sink));
    }

    pub fn is_alive(&self) -> bool {
        self.state.lock().dead.is_none()
    }

    /// Seconds since anything arrived from the server.
    pub fn idle_secs(&self) -> u64 {
        self.last_heard.lock().elapsed().as_secs()
    }

    fn send(&self, packet: &[u8]) -> Result<()> {
        let mut w = self.writer.lock();
        w.write_all(packet).map_err(|e| io_error("Cannot write data", &e))
    }

    /// Sends a message that expects no reply (keepalive PING/PONG).
    pub fn send_message(&self, prog: u32, proc_: i32) -> Result<()> {
        let h = Header { prog, vers: 1, proc_, kind: MessageType::Message, serial: 0, status: Status::Ok };
        self.send(&message::encode(&h, &())?)
    }

    /// One call: sends `args` as procedure `proc_` of `prog`, waits for the reply.
    pub fn call_raw<A: Xdr>(&self, prog: u32, proc_: i32, args: &A) -> Result<Vec<u8>> {
        self.call_full(prog, proc_, args, &[]).map(|(payload, _)| payload)
    }

    /// One call carrying `fds` (CALL_WITH_FDS when there are any); the reply's payload
    /// and the files that came with it (REPLY_WITH_FDS).
    pub fn call_full<A: Xdr>(
        &self,
        prog: u32,
        proc_: i32,
        args: &A,
        fds: &[BorrowedFd<'_>],
    ) -> Result<(Vec<u8>, Vec<OwnedFd>)> {
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let packet = if fds.is_empty() {
            message::encode(&Header::call(prog, proc_, serial), args)?
        } else {
            if !self.has_fd_passing() {
                return Err(rpc_error("Connection does not support passing file descriptors".into()));
            }
            let h = Header { kind: MessageType::CallWithFds, ..Header::call(prog, proc_, serial) };
            message::encode_raw(&h, &super::fds::with_count(fds.len(), &args.to_xdr())?)?
        };
        {
            let mut st = self.state.lock();
            if let Some(e) = &st.dead {
                return Err(e.clone());
            }
            st.pending.insert(serial);
        }
        if let Err(e) = self.send_with_fds(&packet, fds) {
            self.state.lock().pending.remove(&serial);
            return Err(e);
        }
        self.wait_reply_full(serial)
    }

    /// Sends a packet, then each file as one byte carrying it, under one writer lock.
    fn send_with_fds(&self, packet: &[u8], fds: &[BorrowedFd<'_>]) -> Result<()> {
        let mut w = self.writer.lock();
        w.write_all(packet).map_err(|e| io_error("Cannot write data", &e))?;
        if fds.is_empty() {
            return Ok(());
        }
        let Stream::Unix(sock) = &*w else {
            return Err(rpc_error("Connection does not support passing file descriptors".into()));
        };
        for fd in fds {
            sys::send_with_fd(sock, &[0], *fd).map_err(|e| io_error("Failed to send file descriptor", &e))?;
        }
        Ok(())
    }

    /// A call that opens a stream: `sink` receives the stream's packets from before the
    /// reply on (the server may send data right behind it). Returns the serial and the
    /// reply; the stream stays registered until [`Client::close_stream`] unless the call failed.
    pub fn call_stream_raw<A: Xdr>(&self, proc_: i32, args: &A, sink: Arc<dyn StreamPackets>) -> Result<(u32, Vec<u8>)> {
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let packet = message::encode(&Header::call(message::REMOTE_PROGRAM, proc_, serial), args)?;
        {
            let mut st = self.state.lock();
            if let Some(e) = &st.dead {
                return Err(e.clone());
            }
            st.pending.insert(serial);
        }
        self.streams.lock().insert(serial, sink);
        let r = self.send(&packet).and_then(|()| self.wait_reply(serial));
        if r.is_err() {
            self.state.lock().pending.remove(&serial);
            self.streams.lock().remove(&serial);
        }
        r.map(|payload| (serial, payload))
    }

    /// Stops routing the packets of the stream opened by call `serial`.
    pub fn close_stream(&self, serial: u32) {
        self.streams.lock().remove(&serial);
    }

    /// Sends one packet of the stream opened by call `serial` of procedure `proc_`.
    pub fn send_stream_packet(&self, proc_: i32, serial: u32, kind: MessageType, status: Status, payload: &[u8]) -> Result<()> {
        if let Some(e) = &self.state.lock().dead {
            return Err(e.clone());
        }
        let h = Header { prog: message::REMOTE_PROGRAM, vers: message::PROTOCOL_VERSION, proc_, kind, serial, status };
        self.send(&message::encode_raw(&h, payload)?)
    }

    /// Reads the socket (or waits for whoever does) until `ready` holds: how a stream
    /// waits for its data or its confirmation. `ready` is checked with the state locked
    /// after each packet.
    pub fn wait_until(&self, ready: &dyn Fn() -> bool) -> Result<()> {
        let mut st = self.state.lock();
        loop {
            if ready() {
                return Ok(());
            }
            if let Some(e) = st.dead.clone() {
                return Err(e);
            }
            if !st.reading {
                st = self.read_one(st);
                continue;
            }
            if st.idle_reading {
                let _ = (&self.wake_tx).write(&[1]);
            }
            self.changed.wait_for(&mut st, Duration::from_millis(200));
        }
    }

    /// Reads one packet if one is waiting and no one else is reading: how a non-blocking
    /// stream looks for data without waiting.
    pub fn read_if_ready(&self) -> Result<()> {
        let st = self.state.lock();
        if let Some(e) = st.dead.clone() {
            return Err(e);
        }
        if st.reading {
            return Ok(());
        }
        let mut fds = [(self.reader.lock().fd(), sys::POLLIN, 0)];
        if !matches!(sys::poll(&mut fds, Some(Duration::ZERO)), Ok(n) if n > 0) {
            return Ok(());
        }
        drop(self.read_one(st));
        Ok(())
    }

    /// Takes the reading role, reads one packet and files it; gives the state back locked.
    fn read_one<'a>(&'a self, mut st: parking_lot::MutexGuard<'a, State>) -> parking_lot::MutexGuard<'a, State> {
        st.reading = true;
        drop(st);
        let got = read_packet(&mut self.reader.lock());
        let mut st = self.state.lock();
        st.reading = false;
        self.handle(&mut st, got);
        self.changed.notify_all();
        st
    }

    fn wait_reply(&self, serial: u32) -> Outcome {
        self.wait_reply_full(serial).map(|(payload, _)| payload)
    }

    fn wait_reply_full(&self, serial: u32) -> Result<(Vec<u8>, Vec<OwnedFd>)> {
        let mut st = self.state.lock();
        loop {
            if let Some(r) = st.replies.remove(&serial) {
                st.pending.remove(&serial);
                let fds = st.reply_fds.remove(&serial).unwrap_or_default();
                return r.map(|payload| (payload, fds));
            }
            if let Some(e) = st.dead.clone() {
                st.pending.remove(&serial);
                st.reply_fds.remove(&serial);
                return Err(e);
            }
            if !st.reading {
                st = self.read_one(st);
                continue;
            }
            if st.idle_reading {
                let _ = (&self.wake_tx).write(&[1]);
            }
            self.changed.wait(&mut st);
        }
    }

    /// Files what was read: a reply for its caller, a PING answered, an event passed on.
    fn handle(&self, st: &mut parking_lot::MutexGuard<'_, State>, got: Result<Packet>) {
        let p = match got {
            Ok(p) => p,
            Err(e) => {
                let e = self.with_companion_text(e);
                let why = if e.message.starts_with("End of file") { CLOSE_EOF } else { CLOSE_ERROR };
                self.died(st, e, why);
                return;
            }
        };
        *self.last_heard.lock() = Instant::now();
        match (p.header.prog, p.header.kind) {
            (KEEPALIVE_PROGRAM, MessageType::Message) if p.header.proc_ == KEEPALIVE_PING => {
                let _ = self.send_message(KEEPALIVE_PROGRAM, KEEPALIVE_PONG);
            }
            (KEEPALIVE_PROGRAM, _) => {}
            (_, MessageType::Stream | MessageType::StreamHole) => {
                let sink = self.streams.lock().get(&p.header.serial).cloned();
                if let Some(sink) = sink {
                    MutexGuardUnlock::run(st, || sink.packet(p.header.kind, p.header.status, p.payload));
                }
            }
            (_, MessageType::Reply | MessageType::ReplyWithFds) if st.pending.contains(&p.header.serial) => {
                let outcome = match p.header.status {
                    Status::Ok => Ok(p.payload),
                    _ => Err(RemoteError::from_xdr(&p.payload).map(Error::from).unwrap_or_else(|e| e)),
                };
                if !p.fds.is_empty() {
                    st.reply_fds.insert(p.header.serial, p.fds);
                }
                st.replies.insert(p.header.serial, outcome);
            }
            (_, MessageType::Reply) if self.streams.lock().contains_key(&p.header.serial) => {
                let sink = self.streams.lock().get(&p.header.serial).cloned();
                if let Some(sink) = sink {
                    MutexGuardUnlock::run(st, || sink.packet(p.header.kind, p.header.status, p.payload));
                }
            }
            (_, MessageType::Reply) => {
                self.died(st, rpc_error(format!("no call waiting for reply with serial {}", p.header.serial)), CLOSE_ERROR);
            }
            (_, MessageType::Message) => {
                let sink = self.events.lock().clone();
                if let Some(sink) = sink {
                    MutexGuardUnlock::run(st, || sink(p.header.prog, p.header.proc_, &p.payload));
                }
            }
            (_, kind) => {
                self.died(st, rpc_error(format!("unexpected message type {kind:?} from server")), CLOSE_ERROR);
            }
        }
    }

    /// Closes the socket; pending and later calls fail.
    pub fn close(&self) {
        self.writer.lock().shutdown();
        let mut st = self.state.lock();
        st.dead.get_or_insert_with(|| rpc_error("the connection is closed".into()));
        self.changed.notify_all();
        let _ = (&self.wake_tx).write(&[1]);
    }

    /// Declares the connection dead for `why` (keepalive) and closes it.
    fn kill(&self, why: Error) {
        self.died(&mut self.state.lock(), why, CLOSE_KEEPALIVE);
        self.close();
    }

    /// Reads between calls while `wanted` holds: waits until no call is waiting for a
    /// reply, then polls the socket (and the wakeup socket a caller uses to take over).
    fn idle_reader(self: Arc<Self>, wanted: impl Fn(&Client) -> bool, poll_every: Duration) {
        let weak: Weak<Client> = Arc::downgrade(&self);
        drop(self);
        loop {
            let Some(c) = weak.upgrade() else { return };
            if !wanted(&c) {
                return;
            }
            let mut st = c.state.lock();
            if st.dead.is_some() {
                return;
            }
            if st.reading || !st.pending.is_empty() {
                c.changed.wait_for(&mut st, poll_every);
                continue;
            }
            st.reading = true;
            st.idle_reading = true;
            drop(st);
            let mut fds = [(c.reader.lock().fd(), sys::POLLIN, 0), (c.wake_rx.as_raw_fd(), sys::POLLIN, 0)];
            let ready = sys::poll(&mut fds, Some(poll_every));
            let mut sink = [0u8; 16];
            while matches!((&c.wake_rx).read(&mut sink), Ok(n) if n > 0) {}
            let got = match ready {
                Ok(_) if fds[0].2 != 0 => Some(read_packet(&mut c.reader.lock())),
                Ok(_) => None,
                Err(e) => Some(Err(io_error("Cannot poll socket", &e))),
            };
            let mut st = c.state.lock();
            st.reading = false;
            st.idle_reading = false;
            if let Some(got) = got {
                c.handle(&mut st, got);
            }
            c.changed.notify_all();
        }
    }

    /// Keepalive: while nothing arrives, PING every `interval` seconds; after
    /// `interval * (count + 1)` seconds of silence the peer is dead and the connection
    /// is closed. `interval == 0` stops it.
    pub fn set_keepalive(self: &Arc<Self>, interval: u32, count: u32) -> Result<()> {
        let generation = self.keepalive_generation.fetch_add(1, Ordering::SeqCst) + 1;
        if interval == 0 {
            return Ok(());
        }
        let reader = self.clone();
        let every = Duration::from_secs(u64::from(interval));
        std::thread::Builder::new()
            .name("virt-rpc-idle-reader".into())
            .spawn(move || {
                let wanted = move |c: &Client| c.keepalive_generation.load(Ordering::SeqCst) == generation;
                reader.idle_reader(wanted, every.min(Duration::from_millis(500)))
            })
            .map_err(|e| io_error("Cannot start the idle reader thread", &e))?;
        let weak = Arc::downgrade(self);
        let deadline = u64::from(interval) * (u64::from(count) + 1);
        std::thread::Builder::new()
            .name("virt-rpc-keepalive".into())
            .spawn(move || loop {
                std::thread::sleep(every);
                let Some(c) = weak.upgrade() else { return };
                if c.keepalive_generation.load(Ordering::SeqCst) != generation || !c.is_alive() {
                    return;
                }
                let idle = c.idle_secs();
                if idle >= deadline {
                    c.kill(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "connection closed due to keepalive timeout"));
                    return;
                }
                if idle >= u64::from(interval) {
                    let _ = c.send_message(KEEPALIVE_PROGRAM, KEEPALIVE_PING);
                }
            })
            .map_err(|e| io_error("Cannot start the keepalive thread", &e))?;
        Ok(())
    }

    /// Reads the socket between calls too, so events reach the sink while the caller
    /// makes no calls (libvirt watches the socket in the event loop for the same end),
    /// until [`Client::stop_event_reading`].
    pub fn start_event_reading(self: &Arc<Self>) -> Result<()> {
        let generation = self.events_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let reader = self.clone();
        std::thread::Builder::new()
            .name("virt-rpc-event-reader".into())
            .spawn(move || {
                let wanted = move |c: &Client| c.events_generation.load(Ordering::SeqCst) == generation;
                reader.idle_reader(wanted, Duration::from_millis(500))
            })
            .map(drop)
            .map_err(|e| io_error("Cannot start the event reader thread", &e))
    }

    /// Reads the socket between calls while `wanted` holds, so the peer's end of file is
    /// noticed without a call (a close callback waits for it).
    pub fn read_idle_while(self: &Arc<Self>, wanted: impl Fn() -> bool + Send + 'static) -> Result<()> {
        let reader = self.clone();
        std::thread::Builder::new()
            .name("virt-rpc-close-watch".into())
            .spawn(move || reader.idle_reader(move |_| wanted(), Duration::from_millis(500)))
            .map(drop)
            .map_err(|e| io_error("Cannot start the idle reader thread", &e))
    }

    pub fn stop_event_reading(&self) {
        self.events_generation.fetch_add(1, Ordering::SeqCst);
    }

    /// A typed call of the remote program.
    pub fn call<A: Xdr, R: Xdr>(&self, proc_: i32, args: &A) -> Result<R> {
        let payload = self.call_raw(message::REMOTE_PROGRAM, proc_, args)?;
        R::from_xdr(&payload)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.writer.lock().shutdown();
    }
}

/// Runs a callback with a state guard released, so it may call into the client.
struct MutexGuardUnlock;

impl MutexGuardUnlock {
    fn run(guard: &mut parking_lot::MutexGuard<'_, State>, f: impl FnOnce()) {
        parking_lot::MutexGuard::unlocked(guard, f);
    }
}
