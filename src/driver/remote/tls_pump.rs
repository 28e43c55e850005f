//! Moves bytes between a TLS session and a plain UNIX socket pair, on a thread of its
//! own, so that the RPC client and the daemon's client loop read and write a plain
//! `Stream::Unix` whatever the transport underneath.
//!
//! One thread, both sockets non-blocking, `poll` on both: plaintext from the local end
//! is written into the session, records from the network are read out of it. Each
//! direction holds at most one buffer, so a slow reader on either side slows its writer
//! (backpressure) instead of growing memory. When the local end closes, the session sends
//! its close_notify and the pump ends; when the network side ends, what was already
//! decrypted is delivered, then the local end sees end-of-file.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::os::unix::io::AsRawFd;
use std::os::unix::net::UnixStream;

use openssl::ssl::{ErrorCode, SslStream};

const CHUNK: usize = 64 * 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Nothing,
    Read,
    Write,
}

impl Want {
    fn of(code: ErrorCode) -> Option<Want> {
        match code {
            ErrorCode::WANT_READ => Some(Want::Read),
            ErrorCode::WANT_WRITE => Some(Want::Write),
            _ => None,
        }
    }
}

/// Starts the pump for `tls`; returns the local end to read and write plaintext on.
pub fn spawn(tls: SslStream<TcpStream>, name: &str) -> std::io::Result<UnixStream> {
    let (mine, theirs) = UnixStream::pair()?;
    tls.get_ref().set_nonblocking(true)?;
    mine.set_nonblocking(true)?;
    std::thread::Builder::new().name(name.into()).stack_size(128 * 1024).spawn(move || run(tls, mine))?;
    Ok(theirs)
}

fn run(mut tls: SslStream<TcpStream>, mut local: UnixStream) {
    let net_fd = tls.get_ref().as_raw_fd();
    let local_fd = local.as_raw_fd();
    let mut buf = vec![0u8; CHUNK];
    // Decrypted, not yet delivered to the local end.
    let mut inbound: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut in_off = 0;
    // From the local end, not yet accepted by the session.
    let mut outbound: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut out_off = 0;
    let mut net_done = false;
    let mut local_done = false;
    let mut read_want = Want::Nothing;
    let mut write_want = Want::Nothing;
    loop {
        let mut progress = true;
        while progress {
            progress = false;
            // Network -> inbound.
            if !net_done && in_off == inbound.len() {
                inbound.clear();
                in_off = 0;
                match tls.ssl_read(&mut buf) {
                    Ok(0) => net_done = true,
                    Ok(n) => {
                        inbound.extend_from_slice(&buf[..n]);
                        read_want = Want::Nothing;
                        progress = true;
                    }
                    Err(e) => match Want::of(e.code()) {
                        Some(w) => read_want = w,
                        None => net_done = true,
                    },
                }
            }
            // Inbound -> local end.
            if in_off < inbound.len() {
                match local.write(&inbound[in_off..]) {
                    Ok(n) => {
                        in_off += n;
                        progress = n > 0;
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => return,
                }
            }
            // Local end -> outbound.
            if !local_done && out_off == outbound.len() {
                outbound.clear();
                out_off = 0;
                match local.read(&mut buf) {
                    Ok(0) => local_done = true,
                    Ok(n) => {
                        outbound.extend_from_slice(&buf[..n]);
                        progress = true;
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => local_done = true,
                }
            }
            // Outbound -> network.
            if out_off < outbound.len() {
                match tls.ssl_write(&outbound[out_off..]) {
                    Ok(n) => {
                        out_off += n;
                        write_want = Want::Nothing;
                        progress = n > 0;
                    }
                    Err(e) => match Want::of(e.code()) {
                        Some(w) => write_want = w,
                        None => return,
                    },
                }
            }
        }
        if net_done && in_off == inbound.len() {
            // Everything the peer sent is delivered: the local end sees end-of-file.
            let _ = local.shutdown(std::net::Shutdown::Both);
            return;
        }
        if local_done && out_off == outbound.len() {
            // Our side closed: say so to the peer, as far as the socket takes it now.
            let _ = tls.get_ref().set_nonblocking(false);
            let _ = tls.get_ref().set_write_timeout(Some(std::time::Duration::from_secs(1)));
            let _ = tls.shutdown();
            return;
        }
        let reading = !net_done && in_off == inbound.len();
        let writing = out_off < outbound.len();
        let mut net_events = 0;
        if reading {
            net_events |= if read_want == Want::Write { libc::POLLOUT } else { libc::POLLIN };
        }
        if writing {
            net_events |= if write_want == Want::Read { libc::POLLIN } else { libc::POLLOUT };
        }
        let mut local_events = 0;
        if in_off < inbound.len() {
            local_events |= libc::POLLOUT;
        }
        if !local_done && out_off == outbound.len() {
            local_events |= libc::POLLIN;
        }
        let mut fds = [
            libc::pollfd { fd: net_fd, events: net_events, revents: 0 },
            libc::pollfd { fd: local_fd, events: local_events, revents: 0 },
        ];
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let r = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
        if r < 0 && std::io::Error::last_os_error().kind() != ErrorKind::Interrupted {
            return;
        }
        if r > 0 && fds.iter().any(|f| f.revents & libc::POLLNVAL != 0) {
            return;
        }
        if r > 0 && fds.iter().all(|f| f.revents & f.events == 0) {
            // Only a hang-up or an error on a side we are not ready to serve yet (the
            // other side is slow): poll would report it again at once, so wait a little.
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}
