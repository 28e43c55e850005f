//! The remote driver's streams: a stream procedure's call, then the stream's data as
//! libvirt's STREAM packets carrying the call's procedure and serial.
//!
//! Outgoing data is written to the socket as it is sent (a slow daemon slows the sender
//! through the socket); incoming data is filed by whoever reads the socket into a
//! bounded queue ([`stream::pipe`]) the caller receives from. `finish` sends an OK
//! packet and `abort` an ERROR packet, each confirmed by the daemon with an empty OK
//! packet (or an error); an empty data packet is the end of the data.

#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use parking_lot::Mutex;

use super::RemoteConnection;
use crate::driver::stream::{self, events, DataStream, DriverEnd, Item, Received, Stream, StreamHole, CHUNK};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::{Client, StreamPackets};
use crate::rpc::message::{MessageType, RemoteError, Status};
use crate::rpc::protocol::Procedure;
use crate::rpc::xdr::{Reader, Xdr};

const FROM: Domain = Domain::VIR_FROM_STREAMS;

impl RemoteConnection {
    /// One call of stream procedure `P`: the reply, and the stream bound to the call.
    pub(crate) fn call_stream<P: Procedure>(&self, args: &P::Args, sparse: bool) -> Result<(P::Ret, Stream)> {
        let (user, inbound) = stream::pipe(stream::Direction::ToUser, sparse);
        let incoming = Arc::new(Incoming { inbound, sparse, awaiting: AtomicBool::new(false), confirm: Mutex::new(None) });
        let (serial, payload) = self.client.call_stream_raw(P::NUM, args, incoming.clone())?;
        let ret = match P::Ret::decode(&mut Reader::new(&payload)) {
            Ok(r) => r,
            Err(e) => {
                self.client.close_stream(serial);
                return Err(e);
            }
        };
        let st = RemoteStream { client: self.client.clone(), proc_: P::NUM, serial, user, incoming, closed: AtomicBool::new(false) };
        Ok((ret, Arc::new(st)))
    }
}

/// What the socket's reader files for one stream.
struct Incoming {
    inbound: DriverEnd,
    sparse: bool,
    /// A finish or abort waits for the daemon's confirmation.
    awaiting: AtomicBool,
    confirm: Mutex<Option<Result<()>>>,
}

impl Incoming {
    fn fail(&self, e: Error) {
        if self.awaiting.load(Ordering::SeqCst) {
            *self.confirm.lock() = Some(Err(e.clone()));
        }
        self.inbound.complete(Err(e));
    }
}

impl StreamPackets for Incoming {
    fn packet(&self, kind: MessageType, status: Status, payload: Vec<u8>) {
        match (kind, status) {
            // An empty data packet is the end of the data.
            (MessageType::Stream, Status::Continue) if payload.is_empty() => {
                let _ = self.inbound.push(Item::Eof);
            }
            (MessageType::Stream, Status::Continue) => {
                let _ = self.inbound.push(Item::Data(payload));
            }
            (MessageType::StreamHole, _) if !self.sparse => {
                self.fail(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "Unexpected stream hole"));
            }
            (MessageType::StreamHole, _) => match StreamHole::from_xdr(&payload) {
                Ok(h) if h.length >= 0 => {
                    let _ = self.inbound.push(Item::Hole(h.length as u64));
                }
                _ => self.fail(Error::internal(FROM, "Malformed stream hole packet")),
            },
            (MessageType::Stream, Status::Ok) if self.awaiting.load(Ordering::SeqCst) => {
                *self.confirm.lock() = Some(Ok(()));
            }
            (MessageType::Stream, Status::Ok) => {
                let _ = self.inbound.push(Item::Eof);
            }
            _ => {
                let e = RemoteError::from_xdr(&payload)
                    .map(Error::from)
                    .unwrap_or_else(|_| Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "stream had I/O failure"));
                self.fail(e);
            }
        }
    }
}

/// A stream of a remote connection.
struct RemoteStream {
    client: Arc<Client>,
    proc_: i32,
    serial: u32,
    /// Where incoming data waits for `recv`.
    user: Stream,
    incoming: Arc<Incoming>,
    closed: AtomicBool,
}

impl RemoteStream {
    fn check_open(&self) -> Result<()> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(stream::not_open());
        }
        if self.user.ready() & events::ERROR != 0 {
            // The daemon reported an error: raise it (recv with an empty buffer does).
            self.user.recv(&mut [], false, true)?;
        }
        Ok(())
    }

    fn send_packet(&self, kind: MessageType, status: Status, payload: &[u8]) -> Result<()> {
        self.client.send_stream_packet(self.proc_, self.serial, kind, status, payload)
    }

    /// Sends OK (finish) or ERROR (abort) and waits for the daemon's confirmation.
    fn close_with(&self, status: Status) -> Result<()> {
        if self.closed.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        self.incoming.awaiting.store(true, Ordering::SeqCst);
        let r = self.send_packet(MessageType::Stream, status, &[]).and_then(|()| {
            let confirm = &self.incoming.confirm;
            self.client.wait_until(&|| confirm.lock().is_some())?;
            confirm.lock().take().unwrap_or(Ok(()))
        });
        self.client.close_stream(self.serial);
        r
    }
}

impl DataStream for RemoteStream {
    fn send(&self, data: &[u8], _nonblock: bool) -> Result<Option<usize>> {
        self.check_open()?;
        let n = data.len().min(CHUNK);
        self.send_packet(MessageType::Stream, Status::Continue, &data[..n])?;
        Ok(Some(n))
    }

    fn recv(&self, buf: &mut [u8], stop_at_hole: bool, nonblock: bool) -> Result<Received> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(stream::not_open());
        }
        loop {
            match self.user.recv(buf, stop_at_hole, true)? {
                Received::WouldBlock if nonblock => {
                    self.client.read_if_ready()?;
                    return self.user.recv(buf, stop_at_hole, true);
                }
                Received::WouldBlock => {}
                r => return Ok(r),
            }
            let user = &self.user;
            self.client.wait_until(&|| user.ready() & (events::READABLE | events::ERROR) != 0)?;
        }
    }

    fn send_hole(&self, length: i64, flags: u32) -> Result<()> {
        self.check_open()?;
        if !self.incoming.sparse {
            return Err(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_OPERATION_INVALID, "Skipping is not supported with this stream"));
        }
        let hole = StreamHole { length, flags };
        self.send_packet(MessageType::StreamHole, Status::Continue, &hole.to_xdr())
    }

    fn recv_hole(&self, flags: u32) -> Result<i64> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(stream::not_open());
        }
        self.user.recv_hole(flags)
    }

    fn finish(&self) -> Result<()> {
        if !self.closed.load(Ordering::SeqCst) {
            self.check_open().inspect_err(|_| {
                self.closed.store(true, Ordering::SeqCst);
                self.client.close_stream(self.serial);
            })?;
        }
        self.close_with(Status::Ok)
    }

    /// After the daemon failed the stream it has forgotten it and would confirm nothing:
    /// libvirt's remote driver then raises the daemon's error instead of sending.
    fn abort(&self) -> Result<()> {
        if !self.closed.load(Ordering::SeqCst) && self.user.ready() & events::ERROR != 0 {
            self.closed.store(true, Ordering::SeqCst);
            self.client.close_stream(self.serial);
            return self.user.recv(&mut [], false, true).map(drop);
        }
        self.close_with(Status::Error)
    }

    fn ready(&self) -> i32 {
        self.user.ready() | events::WRITABLE
    }

    fn on_change(&self, notify: Option<Arc<dyn Fn() + Send + Sync>>) {
        let reading = notify.is_some();
        self.user.on_change(notify);
        if reading {
            let _ = self.client.start_event_reading();
        } else {
            self.client.stop_event_reading();
        }
    }

    fn sparse(&self) -> bool {
        self.incoming.sparse
    }

    fn receives(&self) -> bool {
        true
    }
}

impl Drop for RemoteStream {
    fn drop(&mut self) {
        self.client.close_stream(self.serial);
    }
}
