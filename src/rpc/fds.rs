//! Files that travel beside a message: libvirt's CALL_WITH_FDS and REPLY_WITH_FDS.
//!
//! On the wire such a message's payload starts with the number of files (an XDR
//! unsigned int, at most [`MAX`]), then the procedure's arguments or return value; once
//! the whole message is written, each file follows on the UNIX socket as one byte
//! carrying it (`SCM_RIGHTS`). Only a bare UNIX socket carries them: not TCP, and not a
//! stream under TLS or a SASL security layer.
//!
//! The daemon's dispatch hands files to a procedure, and takes the files its reply
//! carries, through this thread's slots ([`received`] and [`send_with_reply`]): the
//! call runs on one thread from dispatch to reply, as streams are handed over in
//! `driver::stream`.

use std::cell::RefCell;
use std::os::fd::OwnedFd;

use super::xdr::{Reader, Writer};
use crate::error::{Code, Domain, Error, Result};

/// `VIR_NET_MESSAGE_NUM_FDS_MAX`: the most files one message carries.
pub const MAX: usize = 32;

fn rpc_error(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, detail)
}

/// Splits a `*_WITH_FDS` payload into the number of files announced and the rest.
pub fn split_count(payload: &[u8]) -> Result<(usize, &[u8])> {
    let mut r = Reader::new(payload);
    let n = r.u32().map_err(|_| rpc_error("message carrying files has no file count".into()))? as usize;
    if n > MAX {
        return Err(rpc_error(format!("Too many FDs to receive from peer: {n} > {MAX}")));
    }
    Ok((n, &payload[4..]))
}

/// A `*_WITH_FDS` payload: the file count, then `payload`.
pub fn with_count(n: usize, payload: &[u8]) -> Result<Vec<u8>> {
    if n > MAX {
        return Err(rpc_error(format!("Too many FDs to send to peer: {n} > {MAX}")));
    }
    let mut w = Writer { buf: Vec::with_capacity(4 + payload.len()) };
    w.u32(n as u32);
    w.buf.extend_from_slice(payload);
    Ok(w.buf)
}

/// Sends each of `fds` on `sock` as libvirt does: one byte carrying one file.
pub fn send_all(sock: &std::os::unix::net::UnixStream, fds: &[OwnedFd]) -> std::io::Result<()> {
    use std::os::fd::AsFd;
    for fd in fds {
        crate::sys::send_with_fd(sock, &[0], fd.as_fd())?;
    }
    Ok(())
}

/// Receives `n` files from `sock`, each carried by one byte.
pub fn recv_all(sock: &std::os::unix::net::UnixStream, n: usize) -> std::io::Result<Vec<OwnedFd>> {
    (0..n).map(|_| crate::sys::recv_fd(sock)).collect()
}

thread_local! {
    static RECEIVED: RefCell<Vec<OwnedFd>> = const { RefCell::new(Vec::new()) };
    static TO_SEND: RefCell<Vec<OwnedFd>> = const { RefCell::new(Vec::new()) };
}

/// The daemon, before dispatching a call: the files that came with it.
pub fn set_received(fds: Vec<OwnedFd>) {
    RECEIVED.with(|r| *r.borrow_mut() = fds);
}

/// A procedure: the files its call brought (each taken once).
pub fn received() -> Vec<OwnedFd> {
    RECEIVED.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

/// A procedure: files to go with its reply (sent only if the call succeeds).
pub fn send_with_reply(fds: Vec<OwnedFd>) {
    TO_SEND.with(|t| *t.borrow_mut() = fds);
}

/// The daemon, after dispatching a call: the files its reply carries. Files the call
/// brought and the procedure did not take are closed here.
pub fn take_reply_fds() -> Vec<OwnedFd> {
    drop(received());
    TO_SEND.with(|t| std::mem::take(&mut *t.borrow_mut()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;

    #[test]
    fn count_is_bounded_and_round_trips() {
        let p = with_count(2, b"args").unwrap();
        assert_eq!(split_count(&p).unwrap(), (2, &b"args"[..]));
        assert!(with_count(MAX + 1, b"").is_err());
        let mut too_many = with_count(0, b"").unwrap();
        too_many[..4].copy_from_slice(&33u32.to_be_bytes());
        assert!(split_count(&too_many).is_err());
        assert!(split_count(&[0, 0]).is_err());
    }

    #[test]
    fn files_travel_after_the_bytes_before_them() {
        let (a, b) = UnixStream::pair().unwrap();
        let (p1, mut p2) = UnixStream::pair().unwrap();
        (&a).write_all(b"message").unwrap();
        send_all(&a, &[OwnedFd::from(p1)]).unwrap();
        (&a).write_all(b"next").unwrap();
        let mut msg = [0u8; 7];
        (&b).read_exact(&mut msg).unwrap();
        assert_eq!(&msg, b"message");
        let got = recv_all(&b, 1).unwrap();
        let mut next = [0u8; 4];
        (&b).read_exact(&mut next).unwrap();
        assert_eq!(&next, b"next", "the byte carrying the file is not data");
        // The file received is the other end of p2's pair.
        let mut sent = UnixStream::from(got.into_iter().next().unwrap());
        sent.write_all(b"hi").unwrap();
        let mut hi = [0u8; 2];
        p2.read_exact(&mut hi).unwrap();
        assert_eq!(&hi, b"hi");
        assert!(sent.as_raw_fd() >= 0);
    }

    #[test]
    fn a_byte_without_a_file_is_refused() {
        let (a, b) = UnixStream::pair().unwrap();
        (&a).write_all(&[0]).unwrap();
        assert_eq!(recv_all(&b, 1).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        drop(a);
        assert_eq!(recv_all(&b, 1).unwrap_err().kind(), std::io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn unclaimed_files_are_closed_and_reply_files_taken_once() {
        let (a, _b) = UnixStream::pair().unwrap();
        set_received(vec![OwnedFd::from(a)]);
        let (c, _d) = UnixStream::pair().unwrap();
        send_with_reply(vec![OwnedFd::from(c)]);
        assert_eq!(take_reply_fds().len(), 1);
        assert!(received().is_empty());
        assert!(take_reply_fds().is_empty());
    }
}
