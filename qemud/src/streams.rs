//! A client's open streams: what a stream procedure's slot returned, tied to the call's
//! procedure and serial, and pumped between the driver and the client as libvirt's
//! STREAM / STREAM_HOLE packets.
//!
//! Data the driver produces is sent by one thread per stream; a client that does not
//! read slows it down through the socket (the writes block), so nothing piles up here.
//! Data the client sends is handed to the driver by the connection's reader; when the
//! driver is behind, the reader waits, and the client is slowed the same way. A finish
//! (OK packet) is confirmed with an empty OK packet once the driver confirmed it, an abort
//! (ERROR packet) at once; an error of the driver goes to the client as an ERROR packet.
//! When the client goes away, every stream it left open is aborted.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;
use virt::driver::stream::{Received, Stream, StreamHole, CHUNK};
use virt::error::{Code, Domain, Error};
use virt::rpc::message::{self, Header, MessageType, RemoteError, Status, REMOTE_PROGRAM};
use virt::rpc::xdr::Xdr;

use crate::client::Client;
use crate::debug;

struct Open {
    stream: Stream,
    /// Finished, aborted or failed: the pump sends nothing more.
    closed: AtomicBool,
}

/// The streams of one client, by (procedure, serial) of the call that opened them.
#[derive(Default)]
pub struct ClientStreams {
    open: Mutex<HashMap<(i32, u32), Arc<Open>>>,
}

fn header(proc_: i32, serial: u32, kind: MessageType, status: Status) -> Header {
    Header { prog: REMOTE_PROGRAM, vers: message::PROTOCOL_VERSION, proc_, kind, serial, status }
}

fn send_data(client: &Client, proc_: i32, serial: u32, kind: MessageType, status: Status, payload: &[u8]) {
    if let Ok(p) = message::encode_raw(&header(proc_, serial, kind, status), payload) {
        client.send(&p);
    }
}

fn send_error(client: &Client, proc_: i32, serial: u32, e: &Error) {
    debug!("client {}: stream {proc_}/{serial} failed: {}", client.id, e.message);
    if let Ok(p) = message::encode(&header(proc_, serial, MessageType::Stream, Status::Error), &RemoteError::from(e)) {
        client.send(&p);
    }
}

impl ClientStreams {
    /// Ties `stream` to the call `call` (before its reply goes out, so the client's first
    /// packets find it).
    pub fn add(&self, call: &Header, stream: Stream) {
        let open = Arc::new(Open { stream, closed: AtomicBool::new(false) });
        self.open.lock().insert((call.proc_, call.serial), open);
    }

    /// After the reply to `call`: starts sending the stream's data, if it has any for the client.
    pub fn start(client: &Arc<Client>, call: &Header) {
        let key = (call.proc_, call.serial);
        let Some(open) = client.streams.open.lock().get(&key).cloned() else { return };
        if !open.stream.receives() {
            return;
        }
        let me = client.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("qemud-stream-{}", client.id))
            .spawn(move || pump_out(&me, key, &open));
        if let Err(e) = spawned {
            let err = Error::system(Domain::VIR_FROM_STREAMS, "cannot start the stream thread", &e);
            send_error(client, key.0, key.1, &err);
            client.streams.remove(key);
        }
    }

    fn remove(&self, key: (i32, u32)) -> Option<Arc<Open>> {
        let open = self.open.lock().remove(&key)?;
        open.closed.store(true, Ordering::SeqCst);
        Some(open)
    }

    /// A STREAM or STREAM_HOLE packet from the client (on the reader thread).
    pub fn packet(client: &Arc<Client>, h: &Header, payload: &[u8]) {
        let key = (h.proc_, h.serial);
        let Some(open) = client.streams.open.lock().get(&key).cloned() else {
            debug!("client {}: packet for no open stream {}/{}", client.id, h.proc_, h.serial);
            return;
        };
        let s = &open.stream;
        let failed = |e: Error| {
            if let Some(open) = client.streams.remove(key) {
                let _ = open.stream.abort();
                send_error(client, key.0, key.1, &e);
            }
        };
        match (h.kind, h.status) {
            (MessageType::StreamHole, _) if !s.sparse() => {
                failed(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "Unexpected stream hole"));
            }
            (MessageType::StreamHole, _) => match StreamHole::from_xdr(payload) {
                Ok(hole) => {
                    if let Err(e) = s.send_hole(hole.length, hole.flags) {
                        failed(e);
                    }
                }
                Err(_) => failed(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "Unable to decode message payload")),
            },
            (_, Status::Continue) => {
                let mut data = payload;
                while !data.is_empty() {
                    match s.send(data, false) {
                        Ok(Some(n)) => data = &data[n..],
                        Ok(None) => {}
                        Err(e) => return failed(e),
                    }
                }
            }
            (_, Status::Ok) => {
                // A finish: the driver may take a while to confirm; the reader goes on.
                let Some(open) = client.streams.remove(key) else { return };
                let me = client.clone();
                let finish = move || match open.stream.finish() {
                    Ok(()) => send_data(&me, key.0, key.1, MessageType::Stream, Status::Ok, &[]),
                    Err(e) => send_error(&me, key.0, key.1, &e),
                };
                if std::thread::Builder::new().name(format!("qemud-finish-{}", client.id)).spawn(finish).is_err() {
                    send_error(client, key.0, key.1, &Error::internal(Domain::VIR_FROM_STREAMS, "cannot finish the stream"));
                }
            }
            (_, Status::Error) => {
                if let Some(open) = client.streams.remove(key) {
                    match open.stream.abort() {
                        Ok(()) => send_data(client, key.0, key.1, MessageType::Stream, Status::Ok, &[]),
                        Err(e) => send_error(client, key.0, key.1, &e),
                    }
                }
            }
        }
    }

    /// The client is gone: every stream it left open is aborted.
    pub fn abort_all(&self) {
        let all: Vec<_> = self.open.lock().drain().map(|(_, o)| o).collect();
        for open in all {
            open.closed.store(true, Ordering::SeqCst);
            let _ = open.stream.abort();
        }
    }
}

/// Sends the driver's data to the client until the end, an error, or the stream closes.
fn pump_out(client: &Arc<Client>, key: (i32, u32), open: &Open) {
    let s = &open.stream;
    let sparse = s.sparse();
    let mut buf = vec![0u8; CHUNK];
    loop {
        if client.is_closing() {
            let _ = s.abort();
            return;
        }
        let got = s.recv(&mut buf, sparse, false);
        if open.closed.load(Ordering::SeqCst) {
            return;
        }
        match got {
            Ok(Received::Data(n)) => send_data(client, key.0, key.1, MessageType::Stream, Status::Continue, &buf[..n]),
            Ok(Received::Hole) => match s.recv_hole(0) {
                Ok(length) => {
                    let hole = StreamHole { length, flags: 0 }.to_xdr();
                    send_data(client, key.0, key.1, MessageType::StreamHole, Status::Continue, &hole);
                }
                Err(e) => {
                    send_error(client, key.0, key.1, &e);
                    client.streams.remove(key);
                    return;
                }
            },
            Ok(Received::Eof) => {
                // The end of the data (an empty CONTINUE packet, as libvirtd sends it); the
                // client's finish is still to come.
                send_data(client, key.0, key.1, MessageType::Stream, Status::Continue, &[]);
                return;
            }
            Ok(Received::WouldBlock) => {}
            Err(e) => {
                if client.streams.remove(key).is_some() {
                    let _ = s.abort();
                    send_error(client, key.0, key.1, &e);
                }
                return;
            }
        }
    }
}
