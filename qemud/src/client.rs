//! One client connection: a reader loop on the connection's own thread, calls run on
//! worker threads, replies written under a per-client writer lock.
//!
//! The reader answers keepalive PINGs at once and hands calls to workers, at most
//! `max_client_requests` of them running per client; calls beyond wait in the client's
//! queue. When that queue holds [`READ_AHEAD_CALLS`] calls (or [`READ_AHEAD_BYTES`]), the
//! reader stops reading the socket until a worker takes the next one: backpressure, as
//! libvirtd stops reading a client at its limit, instead of the disconnection a flooding
//! client used to get. libvirtd reads nothing past the limit, so a client busy with
//! `max_client_requests` slow calls gets no PONG ("This may result in keep-alive
//! timeouts", libvirtd warns); the short read-ahead keeps such a client's PINGs answered,
//! and a client we are not reading is not counted dead by our own keepalive timer. A packet
//! that cannot be framed (bad length, bad header, truncated) ends the connection with a
//! logged reason; anything that can be answered gets an error reply and the connection
//! stays.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};
pub use virt::rpc::client::Stream;
use virt::driver::Driver;
use virt::error::{Code, Domain, Error};
use virt::rpc::message::{
    self, Header, MessageType, RemoteError, Status, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM, REMOTE_PROGRAM,
};

use crate::daemon::Daemon;
use crate::events::{ClientEvents, EventClient};
use crate::streams::ClientStreams;
use crate::{debug, info, warn};

/// Calls read ahead and waiting for a worker, beyond which the socket is not read.
pub const READ_AHEAD_CALLS: usize = 64;
/// Bytes of call payloads read ahead, beyond which the same.
pub const READ_AHEAD_BYTES: usize = 16 << 20;
/// A reply the client does not read within this long ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Once a packet has begun, each read of its rest must make progress within this long.
const PACKET_TIMEOUT: Duration = Duration::from_secs(120);


/// Who is at the other end.
pub struct Peer {
    /// For logs: "unix pid 12 uid 0 gid 0", "tcp 10.0.0.1:4242".
    pub desc: String,
    /// Came in on the read-only socket: every connection it opens is read-only.
    pub read_only: bool,
    /// Whose rights files named in its URIs (`test:///path`) are read with: the UNIX
    /// peer's own user and groups; the daemon's for a peer without local credentials (TCP).
    pub files: virt::conf::node::FileAccess,
    /// What its listener asks before serving it (auth type, whether the stream is private).
    pub auth: crate::sasl::PeerAuth,
    /// Came in on a UNIX socket, so files may travel with messages (until a SASL
    /// security layer wraps the stream).
    pub passes_fds: bool,
}

/// The hypervisor connection a client opened with CONNECT_OPEN.
pub struct Opened {
    pub conn: Arc<dyn Driver>,
    pub uri: String,
    pub read_only: bool,
}

/// A call waiting for, or running on, a worker.
struct Job {
    header: Header,
    payload: Vec<u8>,
    /// The files that came with it (CALL_WITH_FDS).
    fds: Vec<std::os::fd::OwnedFd>,
}

#[derive(Default)]
struct Queue {
    /// Workers running a call.
    running: usize,
    /// Workers alive but waiting for a call.
    idle: usize,
    /// The client filled its read-ahead and the log said so (libvirt warns once too).
    warned: bool,
    waiting: VecDeque<Job>,
    waiting_bytes: usize,
}

/// How long an idle worker waits for another call before it exits.
const WORKER_IDLE: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Keepalive {
    started: bool,
    closed: bool,
}

pub struct Client {
    pub id: u64,
    pub daemon: Arc<Daemon>,
    pub peer: Peer,
    writer: Mutex<Stream>,
    /// Another handle on the socket, to shut it down without waiting for a writer
    /// stuck on a client that does not read.
    control: Stream,
    /// The connection opened by CONNECT_OPEN, if any.
    pub opened: Mutex<Option<Opened>>,
    queue: Mutex<Queue>,
    /// Signalled when a call is queued for an idle worker, or the client closes.
    work_ready: Condvar,
    /// Signalled when a worker takes a queued call (room frees), or the client closes.
    room: Condvar,
    /// The reader waits for room and is not reading the socket.
    throttled: AtomicBool,
    closing: AtomicBool,
    last_heard: Mutex<Instant>,
    keepalive: Mutex<Keepalive>,
    keepalive_wake: Condvar,
    /// Domain event callbacks and the events waiting to be sent.
    pub events: ClientEvents,
    /// Streams opened by this client's calls.
    pub streams: ClientStreams,
    /// Runs one call (the daemon's dispatch).
    handler: Handler,
    /// Whether and how the client has authenticated (SASL).
    pub auth: crate::sasl::ClientAuth,
    /// Files may travel with messages (see [`Peer::passes_fds`]).
    passes_fds: AtomicBool,
}

/// What runs a client's calls: procedure header and payload in, reply payload or error
/// out. The server hands [`crate::dispatch::call`] to each client.
pub type Handler = fn(&Arc<Client>, &Header, &[u8]) -> Result<Vec<u8>, Error>;

impl Client {
    /// Sends one packet; a failed write ends the connection.
    pub(crate) fn send(&self, packet: &[u8]) {
        let mut w = self.writer.lock();
        if self.closing.load(Ordering::SeqCst) {
            return;
        }
        if let Err(e) = w.write_all(packet) {
            debug!("client {}: cannot send: {e}; closing", self.id);
            self.closing.store(true, Ordering::SeqCst);
            w.shutdown();
        }
    }

    /// Sends one packet, then each of `fds` as one byte carrying it, under one writer
    /// lock; a failed write ends the connection.
    fn send_with_fds(&self, packet: &[u8], fds: &[std::os::fd::OwnedFd]) {
        let mut w = self.writer.lock();
        if self.closing.load(Ordering::SeqCst) {
            return;
        }
        let sent = w.write_all(packet).and_then(|()| match &*w {
            Stream::Unix(sock) => virt::rpc::fds::send_all(sock, fds),
            Stream::Tcp(_) => Err(std::io::Error::other("files cannot travel over TCP")),
        });
        if let Err(e) = sent {
            debug!("client {}: cannot send: {e}; closing", self.id);
            self.closing.store(true, Ordering::SeqCst);
            w.shutdown();
        }
    }

    /// Sends the reply to `call`: its payload, or the error.
    pub fn reply(&self, call: &Header, outcome: Result<Vec<u8>, Error>) {
        self.reply_with_fds(call, outcome, Vec::new())
    }

    /// As [`Client::reply`], with the files a successful call hands back
    /// (REPLY_WITH_FDS); they are closed here once sent, or if the call failed.
    fn reply_with_fds(&self, call: &Header, outcome: Result<Vec<u8>, Error>, fds: Vec<std::os::fd::OwnedFd>) {
        if !fds.is_empty() {
            if let Ok(payload) = &outcome {
                let h = Header { kind: MessageType::ReplyWithFds, ..call.reply(Status::Ok) };
                match virt::rpc::fds::with_count(fds.len(), payload).and_then(|p| encode_raw(&h, &p)) {
                    Ok(p) => return self.send_with_fds(&p, &fds),
                    Err(e) => return self.reply(call, Err(e)),
                }
            }
        }
        let packet = match outcome {
            Ok(payload) => {
                let h = call.reply(Status::Ok);
                encode_raw(&h, &payload)
            }
            Err(e) => {
                debug!("client {}: {} failed: {}", self.id, call.proc_, e.message);
                message::encode(&call.reply(Status::Error), &RemoteError::from(&e))
            }
        };
        match packet {
            Ok(p) => self.send(&p),
            Err(e) => {
                // Too large a reply: say so instead.
                warn!("client {}: cannot encode reply to procedure {}: {}", self.id, call.proc_, e.message);
                if let Ok(p) = message::encode(&call.reply(Status::Error), &RemoteError::from(&e)) {
                    self.send(&p);
                }
            }
        }
    }

    fn send_message(&self, prog: u32, proc_: i32) {
        let h = Header {
            prog,
            vers: message::PROTOCOL_VERSION,
            proc_,
            kind: MessageType::Message,
            serial: 0,
            status: Status::Ok,
        };
        if let Ok(p) = message::encode(&h, &()) {
            self.send(&p);
        }
    }

    /// Ends the connection: the reader sees EOF and cleans up.
    pub fn close(&self, why: &str) {
        if !self.closing.swap(true, Ordering::SeqCst) {
            info!("client {}: closing: {why}", self.id);
        }
        self.control.shutdown();
        self.events.close();
        let _q = self.queue.lock();
        self.work_ready.notify_all();
        self.room.notify_all();
    }

    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// The client asked for keepalive (CONNECT_SUPPORTS_FEATURE with the keepalive
    /// feature): PING it every `keepalive_interval` seconds of silence, close it after
    /// `keepalive_count` unanswered PINGs.
    pub fn start_keepalive(self: &Arc<Self>) {
        let interval = self.daemon.config.keepalive_interval;
        if interval <= 0 {
            return;
        }
        {
            let mut ka = self.keepalive.lock();
            if ka.started || ka.closed {
                return;
            }
            ka.started = true;
        }
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("qemud-keepalive-{}", self.id))
            .spawn(move || me.keepalive_loop(Duration::from_secs(interval as u64)));
        if let Err(e) = spawned {
            warn!("client {}: cannot start keepalive: {e}", self.id);
        }
    }

    fn keepalive_loop(&self, interval: Duration) {
        let count = self.daemon.config.keepalive_count;
        let mut left = count;
        let mut wait = interval;
        let mut last_ping = Instant::now();
        loop {
            {
                let mut ka = self.keepalive.lock();
                if !ka.closed {
                    self.keepalive_wake.wait_for(&mut ka, wait);
                }
                if ka.closed {
                    return;
                }
            }
            // Not reading a client at its limit of calls is our doing, not its silence.
            if self.throttled.load(Ordering::SeqCst) {
                left = count;
                wait = interval;
                continue;
            }
            let heard = *self.last_heard.lock();
            // Anything from the client since our last PING answers it.
            if heard >= last_ping {
                left = count;
            }
            let idle = heard.elapsed();
            if idle < interval {
                wait = interval - idle;
                continue;
            }
            if left == 0 {
                let why =
                    format!("no response from client after {count} keepalive messages in {} seconds", idle.as_secs());
                if !self.is_closing() {
                    warn!("client {} ({}): closing: {why}", self.id, self.peer.desc);
                }
                self.close(&why);
                return;
            }
            left -= 1;
            debug!("client {}: sending keepalive PING", self.id);
            // Stamp the PING before sending it: a quick PONG can be read (and timestamped)
            // before send_message returns, and must still count as an answer.
            last_ping = Instant::now();
            self.send_message(KEEPALIVE_PROGRAM, KEEPALIVE_PING);
            wait = interval;
        }
    }

    /// Runs a call that never blocks (libvirt's high-priority procedures) right here on
    /// the client's reader thread: no hand-off at all.
    fn run_inline(self: &Arc<Self>, job: Job) {
        self.run(job, false);
    }

    /// Runs one call and sends its reply. A call run by a worker (`pooled`) first takes
    /// one of the daemon's `max_workers` slots, held while the call runs.
    fn run(self: &Arc<Self>, job: Job, pooled: bool) {
        let _stale = virt::driver::stream::take_opened();
        let _stale_fds = virt::rpc::fds::take_reply_fds();
        virt::rpc::fds::set_received(job.fds);
        let outcome = {
            let _slot = pooled.then(|| self.daemon.worker_slot());
            (self.handler)(self, &job.header, &job.payload)
        };
        let reply_fds = virt::rpc::fds::take_reply_fds();
        // A stream procedure's stream is tied to the call before the reply goes out, and
        // its data follows the reply.
        let stream = virt::driver::stream::take_opened().filter(|_| outcome.is_ok());
        let streaming = stream.is_some();
        if let Some(s) = stream {
            self.streams.add(&job.header, s);
        }
        self.reply_with_fds(&job.header, outcome, reply_fds);
        if streaming {
            ClientStreams::start(self, &job.header);
        }
        if job.header.proc_ == virt::rpc::protocol::num::CONNECT_CLOSE && job.header.prog == REMOTE_PROGRAM {
            // libvirt closes the client once CONNECT_CLOSE is answered.
            self.close("the client closed its connection");
        }
    }

    /// Waits, not reading the socket, while the client's queue is full; returns at once
    /// otherwise, or when the client closes.
    fn wait_for_room(&self) {
        let full = |q: &Queue| q.waiting.len() >= READ_AHEAD_CALLS || q.waiting_bytes >= READ_AHEAD_BYTES;
        let mut q = self.queue.lock();
        if !full(&q) {
            return;
        }
        if !q.warned {
            q.warned = true;
            warn!(
                "client {} ({}) has {} calls running (max_client_requests) and {} waiting; not reading it until one starts",
                self.id,
                self.peer.desc,
                q.running,
                q.waiting.len()
            );
        }
        self.throttled.store(true, Ordering::SeqCst);
        while full(&q) && !self.is_closing() {
            self.room.wait(&mut q);
        }
        drop(q);
        self.throttled.store(false, Ordering::SeqCst);
        *self.last_heard.lock() = Instant::now();
    }

    /// Hands `job` to an idle worker, or starts one if fewer than `max_client_requests`
    /// are alive, else queues it for the next worker that finishes (the reader stops
    /// reading while the queue is full). Err: no worker could be started.
    fn submit(self: &Arc<Self>, job: Job) -> Result<(), String> {
        let mut q = self.queue.lock();
        if q.idle > q.waiting.len() {
            q.waiting_bytes += job.payload.len();
            q.waiting.push_back(job);
            self.work_ready.notify_one();
            return Ok(());
        }
        if q.running + q.idle < self.daemon.config.max_client_requests {
            q.running += 1;
            drop(q);
            let me = self.clone();
            let serial = job.header.serial;
            let spawned =
                std::thread::Builder::new().name(format!("qemud-worker-{}", self.id)).spawn(move || me.work(job));
            if let Err(e) = spawned {
                self.queue.lock().running -= 1;
                return Err(format!("cannot start a worker for call serial {serial}: {e}"));
            }
            return Ok(());
        }
        q.waiting_bytes += job.payload.len();
        q.waiting.push_back(job);
        Ok(())
    }

    /// A worker: runs its job, then queued ones; waits idle for more, and exits after
    /// `WORKER_IDLE` without work or when the client closes.
    fn work(self: Arc<Self>, mut job: Job) {
        loop {
            self.run(job, true);
            let mut q = self.queue.lock();
            loop {
                if self.is_closing() {
                    q.running -= 1;
                    q.waiting.clear();
                    q.waiting_bytes = 0;
                    return;
                }
                if let Some(next) = q.waiting.pop_front() {
                    q.waiting_bytes -= next.payload.len();
                    self.room.notify_all();
                    job = next;
                    break;
                }
                q.running -= 1;
                q.idle += 1;
                let timed_out = self.work_ready.wait_for(&mut q, WORKER_IDLE).timed_out();
                q.idle -= 1;
                q.running += 1;
                if timed_out && q.waiting.is_empty() {
                    q.running -= 1;
                    return;
                }
            }
        }
    }
}

/// A packet with an already encoded payload.
pub(crate) use virt::rpc::message::encode_raw;

/// An error for a call that cannot be dispatched; always `VIR_ERR_RPC` from the RPC layer.
pub fn rpc_error(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, detail)
}

/// Serves one connection until it ends. Runs on the connection's own thread.
pub fn serve(daemon: &Arc<Daemon>, id: u64, stream: Stream, peer: Peer, handler: Handler) {
    // First: it takes over the anonymous count the listener reserved for this client.
    let auth = crate::sasl::ClientAuth::new(peer.auth.clone());
    let peer_passes_fds = peer.passes_fds;
    let (reader, control) = match (stream.try_clone(), stream.try_clone()) {
        (Ok(r), Ok(c)) => (r, c),
        (Err(e), _) | (_, Err(e)) => {
            warn!("client {id}: cannot duplicate its socket: {e}");
            stream.shutdown();
            return;
        }
    };
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    info!("client {id}: connected ({})", peer.desc);
    let client = Arc::new(Client {
        id,
        daemon: daemon.clone(),
        peer,
        writer: Mutex::new(stream),
        control,
        opened: Mutex::new(None),
        queue: Mutex::new(Queue::default()),
        closing: AtomicBool::new(false),
        last_heard: Mutex::new(Instant::now()),
        keepalive: Mutex::new(Keepalive::default()),
        keepalive_wake: Condvar::new(),
        work_ready: Condvar::new(),
        room: Condvar::new(),
        throttled: AtomicBool::new(false),
        events: Default::default(),
        streams: Default::default(),
        handler,
        auth,
        passes_fds: AtomicBool::new(peer_passes_fds),
    });
    match read_loop(&client, reader) {
        Ok(why) => {
            debug!("client {id}: {why}");
            client.closing.store(true, Ordering::SeqCst);
            client.control.shutdown();
        }
        Err(why) => {
            if !client.closing.swap(true, Ordering::SeqCst) {
                warn!("client {id} ({}): closing: {why}", client.peer.desc);
            }
            client.control.shutdown();
        }
    }
    {
        let mut ka = client.keepalive.lock();
        ka.closed = true;
        client.keepalive_wake.notify_all();
    }
    client.auth.gone();
    client.events.close();
    client.streams.abort_all();
    // The driver connection goes with the client, as libvirt's does.
    let opened = client.opened.lock().take();
    if let Some(opened) = opened {
        if let Err(e) = opened.conn.connect_close() {
            debug!("client {id}: closing its connection failed: {}", e.message);
        }
    }
}

/// Reads `buf.len()` bytes; `Ok(false)` on a clean EOF before the first byte.
fn read_full(r: &mut Stream, buf: &mut [u8], eof_ok: bool) -> Result<bool, String> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) if got == 0 && eof_ok => return Ok(false),
            Ok(0) => return Err(format!("connection closed in the middle of a packet ({got} of {} bytes)", buf.len())),
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                return Err(format!("packet not completed within {} seconds", PACKET_TIMEOUT.as_secs()));
            }
            Err(e) => return Err(format!("cannot read: {e}")),
        }
    }
    Ok(true)
}

/// Reads and routes packets until the connection ends. Ok: it ended normally (the
/// client hung up, or we closed it); Err: the client misbehaved, and why.
fn read_loop(client: &Arc<Client>, mut r: Stream) -> Result<String, String> {
    loop {
        client.wait_for_room();
        let _ = r.set_read_timeout(None);
        let mut word = [0u8; 4];
        match read_full(&mut r, &mut word, true) {
            Ok(true) => {}
            Ok(false) => return Ok("the client closed the connection".into()),
            Err(e) if client.is_closing() => return Ok(format!("closed ({e})")),
            Err(e) => return Err(e),
        }
        let _ = r.set_read_timeout(Some(PACKET_TIMEOUT));
        let len = match message::decode_length(word) {
            Ok(l) => l,
            Err(_) => {
                return Err(format!(
                    "bad packet length {} (must be {} to {})",
                    u32::from_be_bytes(word),
                    message::LEN_WORD + message::HEADER_LEN,
                    message::MESSAGE_MAX + message::LEN_WORD
                ))
            }
        };
        let mut body = vec![0u8; len - message::LEN_WORD];
        if let Err(e) = read_full(&mut r, &mut body, false) {
            return if client.is_closing() { Ok(format!("closed ({e})")) } else { Err(e) };
        }
        *client.last_heard.lock() = Instant::now();
        let (header, mut payload) = match message::decode_header(&body) {
            Ok((h, p)) => (h, p.to_vec()),
            Err(e) => return Err(format!("undecodable packet header: {}", e.message)),
        };
        let fds = if header.kind == MessageType::CallWithFds { receive_fds(client, &r, &mut payload)? } else { Vec::new() };
        route(client, header, payload, fds)?;
        after_auth(client, &mut r)?;
    }
}

/// After a call run on this (the reader) thread: a SASL exchange that just completed
/// with a security layer switches the connection to it, its last reply having gone out
/// bare.
fn after_auth(client: &Client, r: &mut Stream) -> Result<(), String> {
    let Some(session) = client.auth.take_outcome() else { return Ok(()) };
    let raw = r.try_clone().map_err(|e| format!("cannot duplicate its socket: {e}"))?;
    let wrapped = virt::driver::remote::sasl::wrap(raw, session, Some(WRITE_TIMEOUT)).map_err(|e| e.message)?;
    let writer = wrapped.try_clone().map_err(|e| format!("cannot duplicate its socket: {e}"))?;
    let _ = writer.set_write_timeout(Some(WRITE_TIMEOUT));
    *client.writer.lock() = writer;
    *r = wrapped;
    // The security layer carries bytes only; libvirt passes files on the bare socket
    // beside it, a mix we do not offer.
    client.passes_fds.store(false, Ordering::SeqCst);
    Ok(())
}

/// The files a CALL_WITH_FDS announces, read from the socket behind it; the count is
/// taken off the payload. A client that announces files it cannot send, or more than
/// [`virt::rpc::fds::MAX`], has lost its framing: Err ends the connection.
fn receive_fds(client: &Client, r: &Stream, payload: &mut Vec<u8>) -> Result<Vec<std::os::fd::OwnedFd>, String> {
    let n = virt::rpc::fds::split_count(payload).map_err(|e| e.message)?.0;
    payload.drain(..4);
    let sock = match r {
        Stream::Unix(s) if client.passes_fds.load(Ordering::SeqCst) => s,
        _ => return Err("the client sent file descriptors over a connection that cannot carry them".into()),
    };
    virt::rpc::fds::recv_all(sock, n).map_err(|e| format!("cannot receive the {n} file descriptors of a call: {e}"))
}

/// Decides what one packet means. Err ends the connection.
fn route(client: &Arc<Client>, h: Header, payload: Vec<u8>, fds: Vec<std::os::fd::OwnedFd>) -> Result<(), String> {
    debug!(
        "client {}: received prog={:#x} vers={} proc={} type={:?} serial={} status={:?} len={}",
        client.id,
        h.prog,
        h.vers,
        h.proc_,
        h.kind,
        h.serial,
        h.status,
        payload.len()
    );
    match (h.prog, h.kind) {
        (KEEPALIVE_PROGRAM, MessageType::Message) if h.proc_ == KEEPALIVE_PING => {
            client.send_message(KEEPALIVE_PROGRAM, KEEPALIVE_PONG);
            Ok(())
        }
        // A PONG (or anything else) from the client already counted as life.
        (KEEPALIVE_PROGRAM, _) => Ok(()),
        (_, MessageType::Call | MessageType::CallWithFds) => {
            if h.prog != REMOTE_PROGRAM || h.vers != message::PROTOCOL_VERSION {
                client.reply(&h, Err(rpc_error(format!("Cannot find program {} version {}", h.prog, h.vers))));
                return Ok(());
            }
            if h.status != Status::Ok {
                client.reply(&h, Err(rpc_error(format!("Unexpected message status {}", h.status as i32))));
                return Ok(());
            }
            let job = Job { header: h, payload, fds };
            let proc_info = virt::rpc::protocol::info(h.proc_);
            let quick = proc_info.is_some_and(|p| {
                p.high_priority || client.opened.lock().as_ref().is_some_and(|o| !o.conn.may_block(p.api))
            });
            if quick {
                client.run_inline(job);
                Ok(())
            } else {
                client.submit(job)
            }
        }
        (REMOTE_PROGRAM, MessageType::Stream | MessageType::StreamHole) => {
            ClientStreams::packet(client, &h, &payload);
            Ok(())
        }
        // Replies, events and stray stream data from a client mean nothing to us: libvirt
        // drops them too.
        (_, kind) => {
            debug!("client {}: ignoring unexpected {kind:?} packet serial={} proc={}", client.id, h.serial, h.proc_);
            Ok(())
        }
    }
}

impl EventClient for Client {
    fn id(&self) -> u64 {
        self.id
    }
    fn events(&self) -> &ClientEvents {
        &self.events
    }
    fn send(&self, packet: &[u8]) {
        Client::send(self, packet)
    }
    fn close(&self, why: &str) {
        Client::close(self, why)
    }
    fn is_closing(&self) -> bool {
        Client::is_closing(self)
    }
}
