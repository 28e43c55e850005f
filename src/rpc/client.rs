//! The client end of a libvirt RPC connection: one socket, many callers.
//!
//! Callers on any thread send a CALL with a fresh serial and wait for the REPLY with
//! that serial; a reader thread owns the receiving half, routes replies to their
//! callers, answers the server's keepalive PINGs, and hands MESSAGEs (events) to the
//! event sink. When the connection dies every waiting caller gets the error.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use std::time::Instant;

use parking_lot::Mutex;

use super::message::{self, Header, MessageType, RemoteError, Status, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM};
use super::xdr::Xdr;
use crate::error::{Code, Domain, Error, Result};

/// A connected byte stream: the transports all end up as one of these.
pub enum Stream {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Stream {
    fn try_clone(&self) -> std::io::Result<Stream> {
        Ok(match self {
            Stream::Unix(s) => Stream::Unix(s.try_clone()?),
            Stream::Tcp(s) => Stream::Tcp(s.try_clone()?),
        })
    }

    fn shutdown(&self) {
        let _ = match self {
            Stream::Unix(s) => s.shutdown(Shutdown::Both),
            Stream::Tcp(s) => s.shutdown(Shutdown::Both),
        };
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

struct Shared {
    pending: Mutex<HashMap<u32, Sender<Outcome>>>,
    /// Why the connection is gone, once it is.
    dead: Mutex<Option<Error>>,
    events: Mutex<Option<EventSink>>,
    last_heard: Mutex<Instant>,
}

pub struct Client {
    writer: Mutex<Stream>,
    serial: AtomicU32,
    shared: Arc<Shared>,
    /// Bumped whenever keepalive settings change, so an older timer thread stops.
    keepalive_generation: AtomicU32,
}

fn rpc_error(what: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, what)
}

fn io_error(what: &str, e: &std::io::Error) -> Error {
    Error::system(Domain::VIR_FROM_RPC, what, e)
}

impl Client {
    /// Starts the reader thread on `stream` and returns the client.
    pub fn new(stream: Stream) -> Result<Arc<Client>> {
        let reader = stream.try_clone().map_err(|e| io_error("Cannot duplicate socket", &e))?;
        let shared = Arc::new(Shared {
            pending: Mutex::new(HashMap::new()),
            dead: Mutex::new(None),
            events: Mutex::new(None),
            last_heard: Mutex::new(Instant::now()),
        });
        let client = Arc::new(Client {
            writer: Mutex::new(stream),
            serial: AtomicU32::new(0),
            shared: shared.clone(),
            keepalive_generation: AtomicU32::new(0),
        });
        let weak = Arc::downgrade(&client);
        std::thread::Builder::new()
            .name("virt-rpc-reader".into())
            .spawn(move || {
                let why = read_loop(reader, &shared, &weak);
                fail_all(&shared, why);
            })
            .map_err(|e| io_error("Cannot start the RPC reader thread", &e))?;
        Ok(client)
    }

    /// Where events go.
    pub fn set_event_sink(&self, sink: EventSink) {
        *self.shared.events.lock() = Some(sink);
    }

    pub fn is_alive(&self) -> bool {
        self.shared.dead.lock().is_none()
    }

    /// Seconds since anything arrived from the server.
    pub fn idle_secs(&self) -> u64 {
        self.shared.last_heard.lock().elapsed().as_secs()
    }

    fn send(&self, packet: &[u8]) -> Result<()> {
        let mut w = self.writer.lock();
        w.write_all(packet).map_err(|e| io_error("Cannot write data", &e))
    }

    /// Sends a keepalive PING (or any message that expects no reply).
    pub fn send_message(&self, prog: u32, proc_: i32) -> Result<()> {
        let h = Header { prog, vers: 1, proc_, kind: MessageType::Message, serial: 0, status: Status::Ok };
        self.send(&message::encode(&h, &())?)
    }

    /// One call: sends `args` as procedure `proc_` of `prog`, waits for the reply.
    pub fn call_raw<A: Xdr>(&self, prog: u32, proc_: i32, args: &A) -> Result<Vec<u8>> {
        if let Some(e) = self.shared.dead.lock().clone() {
            return Err(e);
        }
        let serial = self.serial.fetch_add(1, Ordering::Relaxed);
        let packet = message::encode(&Header::call(prog, proc_, serial), args)?;
        let (tx, rx) = channel();
        self.shared.pending.lock().insert(serial, tx);
        if let Err(e) = self.send(&packet) {
            self.shared.pending.lock().remove(&serial);
            return Err(e);
        }
        rx.recv().unwrap_or_else(|_| Err(rpc_error("the connection closed while a call was in progress".into())))
    }

    /// A typed call of the remote program.
    pub fn call<A: Xdr, R: Xdr>(&self, proc_: i32, args: &A) -> Result<R> {
        let payload = self.call_raw(message::REMOTE_PROGRAM, proc_, args)?;
        R::from_xdr(&payload)
    }

    /// Closes the socket; the reader thread ends and pending calls fail.
    pub fn close(&self) {
        self.writer.lock().shutdown();
    }

    /// Declares the connection dead for `why` and closes it.
    fn kill(&self, why: Error) {
        self.shared.dead.lock().get_or_insert(why);
        self.close();
    }

    /// Keepalive: while nothing arrives, PING every `interval` seconds; after
    /// `interval * (count + 1)` seconds of silence the peer is dead and the connection
    /// is closed. `interval == 0` stops it.
    pub fn set_keepalive(self: &Arc<Self>, interval: u32, count: u32) -> Result<()> {
        let generation = self.keepalive_generation.fetch_add(1, Ordering::SeqCst) + 1;
        if interval == 0 {
            return Ok(());
        }
        let weak = Arc::downgrade(self);
        let deadline = u64::from(interval) * (u64::from(count) + 1);
        std::thread::Builder::new()
            .name("virt-rpc-keepalive".into())
            .spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(u64::from(interval)));
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
}

impl Drop for Client {
    fn drop(&mut self) {
        self.close();
    }
}

fn fail_all(shared: &Shared, why: Error) {
    shared.dead.lock().get_or_insert(why.clone());
    for (_, tx) in shared.pending.lock().drain() {
        let _ = tx.send(Err(why.clone()));
    }
}

/// Reads packets until the connection ends; returns why it ended.
fn read_loop(mut stream: Stream, shared: &Shared, client: &std::sync::Weak<Client>) -> Error {
    loop {
        let mut word = [0u8; 4];
        if let Err(e) = stream.read_exact(&mut word) {
            return if e.kind() == std::io::ErrorKind::UnexpectedEof {
                Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_SYSTEM_ERROR, "End of file while reading data: Input/output error")
            } else {
                io_error("Cannot recv data", &e)
            };
        }
        let len = match message::decode_length(word) {
            Ok(l) => l,
            Err(e) => return e,
        };
        let mut body = vec![0u8; len - message::LEN_WORD];
        if let Err(e) = stream.read_exact(&mut body) {
            return io_error("Cannot recv data", &e);
        }
        *shared.last_heard.lock() = Instant::now();
        let (h, payload) = match message::decode_header(&body) {
            Ok(x) => x,
            Err(e) => return e,
        };
        match (h.prog, h.kind) {
            (KEEPALIVE_PROGRAM, MessageType::Message) if h.proc_ == KEEPALIVE_PING => {
                if let Some(c) = client.upgrade() {
                    let _ = c.send_message(KEEPALIVE_PROGRAM, KEEPALIVE_PONG);
                }
            }
            (KEEPALIVE_PROGRAM, _) => {}
            (_, MessageType::Reply) => {
                let outcome = match h.status {
                    Status::Ok => Ok(payload.to_vec()),
                    _ => Err(RemoteError::from_xdr(payload).map(Error::from).unwrap_or_else(|e| e)),
                };
                match shared.pending.lock().remove(&h.serial) {
                    Some(tx) => {
                        let _ = tx.send(outcome);
                    }
                    None => return rpc_error(format!("no call waiting for reply with serial {}", h.serial)),
                }
            }
            (_, MessageType::Message) => {
                if let Some(sink) = shared.events.lock().as_ref() {
                    sink(h.prog, h.proc_, payload);
                }
            }
            _ => return rpc_error(format!("unexpected message type {:?} from server", h.kind)),
        }
    }
}
