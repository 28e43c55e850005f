//! The TLS listener: libvirtd's keys (`listen_tls`, `tls_port`, `key_file`, `cert_file`,
//! `ca_file`, `crl_file`, `tls_no_verify_certificate`, `tls_no_sanity_certificate`,
//! `tls_allowed_dn_list`), its sanity check of the daemon's own files at startup, and, for
//! each client, the handshake, the check of the client's certificate and the one byte
//! libvirt's clients wait for before their first call. After that the client is a plain
//! `Stream::Unix` (the other end of a pump, see `virt::driver::remote::tls_pump`) served
//! like any other.
//!
//! Like libvirtd, the daemon asks for the client's certificate but lets the handshake
//! finish whatever comes; a client that fails the checks is then dropped without the
//! byte (its libvirt reports "Unable to read TLS confirmation").
//!
//! `tls_priority` is translated for OpenSSL (`virt::driver::remote::tls_priority`). One
//! that cannot be honoured does not stop the daemon, as with libvirtd (which hands it to
//! gnutls for each session): every TLS client is then closed before its handshake with
//! libvirtd's error, "Failed to set TLS session priority to ...".

use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use openssl::ssl::{Ssl, SslContext};
use virt::driver::remote::tls::{self as pki, Credentials, PkiFiles};
use virt::driver::remote::tls_priority;

use crate::client::{Peer, Stream};
use virt::driver::remote::sasl::Security;
use crate::config::{Config, Mode};
use crate::daemon::Daemon;
use crate::{debug, error, info, warn};

/// A client must finish its handshake within this long.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(30);

pub struct TlsServer {
    ctx: SslContext,
    creds: Credentials,
    /// `tls_no_verify_certificate = 0`: a client with a bad certificate is refused.
    require_valid: bool,
    allowed_dns: Option<Vec<String>>,
    /// Why no session can be set up: the `tls_priority` that cannot be honoured.
    refuse: Option<String>,
    /// Handshakes in progress, bounded by `max_clients`.
    pending: AtomicUsize,
}

/// The files the daemon uses: all three of `ca_file`, `cert_file`, `key_file` (and
/// `crl_file` if set) when any is set, else libvirt's PKI paths (`~/.pki/libvirt` first
/// for a session daemon).
fn files(config: &Config, mode: Mode) -> Result<PkiFiles, String> {
    let t = &config.tls;
    if t.ca_file.is_none() && t.cert_file.is_none() && t.key_file.is_none() {
        return Ok(pki::locate(None, mode == Mode::Session, true));
    }
    let need = |v: &Option<std::path::PathBuf>, msg: &str| v.clone().ok_or_else(|| msg.to_string());
    Ok(PkiFiles {
        cacert: need(&t.ca_file, "No CA certificate path set to match server key/cert")?,
        cert: need(&t.cert_file, "No server certificate path set to match server key")?,
        key: need(&t.key_file, "No server key path set to match server cert")?,
        // No CRL unless asked for: a path that does not exist is skipped.
        cacrl: t.crl_file.clone().unwrap_or_else(|| "/nonexistent/cacrl.pem".into()),
    })
}

/// Loads and (unless `tls_no_sanity_certificate`) checks the daemon's credentials.
pub fn setup(config: &Config, mode: Mode) -> Result<Arc<TlsServer>, String> {
    let files = files(config, mode)?;
    let sanity = !config.tls.no_sanity_certificate;
    let creds = pki::load_files(&files, true, sanity).map_err(|e| e.message)?;
    let (ctx, refuse) = match config.tls.priority.as_deref().map(tls_priority::parse).transpose() {
        Ok(p) => match creds.context(true, p.as_ref()) {
            Ok(ctx) => (ctx, None),
            Err(e) if p.is_some() => (creds.context(true, None).map_err(|e| e.message)?, Some(e.message)),
            Err(e) => return Err(e.message),
        },
        Err(e) => (creds.context(true, None).map_err(|e| e.message)?, Some(e.message)),
    };
    if let Some(why) = &refuse {
        error!("TLS: every client will be refused: {why}");
    }
    info!(
        "TLS: CA {}, certificate {}, key {}{}",
        files.cacert.display(),
        files.cert.display(),
        files.key.display(),
        if creds.crls.is_empty() { String::new() } else { format!(", CRL {}", files.cacrl.display()) }
    );
    Ok(Arc::new(TlsServer {
        ctx,
        creds,
        require_valid: !config.tls.no_verify_certificate,
        allowed_dns: config.tls.allowed_dn_list.clone(),
        refuse,
        pending: AtomicUsize::new(0),
    }))
}

/// Binds the TLS port (`listen_addr`, `tls_port`).
pub fn bind(config: &Config) -> Result<(TcpListener, SocketAddr), String> {
    let host = config.listen_addr.as_deref().unwrap_or("0.0.0.0");
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let port = config.tls.tls_port;
    let addrs: Vec<SocketAddr> =
        (host, port).to_socket_addrs().map_err(|e| format!("listen_addr '{host}': {e}"))?.collect();
    let listener = TcpListener::bind(&addrs[..]).map_err(|e| format!("cannot listen on {host} port {port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("cannot read the TLS address: {e}"))?;
    info!("listening on TLS {addr}");
    Ok((listener, addr))
}

/// Takes a new TCP connection: the handshake and checks run on a thread of their own,
/// then the client is handed over like any other.
pub fn accept(daemon: &Arc<Daemon>, tls: &Arc<TlsServer>, tcp: TcpStream, addr: SocketAddr) {
    let limit = daemon.config.max_clients;
    if tls.pending.fetch_add(1, Ordering::SeqCst) >= limit {
        tls.pending.fetch_sub(1, Ordering::SeqCst);
        warn!("closing new TLS client {addr}: {limit} handshakes already in progress");
        return;
    }
    let (d, t) = (daemon.clone(), tls.clone());
    let spawned = std::thread::Builder::new().name("qemud-tls".into()).stack_size(256 * 1024).spawn(move || {
        let r = handshake(&t, tcp, addr, d.config.tls.auth_tls);
        t.pending.fetch_sub(1, Ordering::SeqCst);
        if let Some((stream, peer)) = r {
            crate::server::hand_over(&d, stream, peer);
        }
    });
    if let Err(e) = spawned {
        tls.pending.fetch_sub(1, Ordering::SeqCst);
        error!("TLS client {addr}: cannot start its thread: {e}");
    }
}

fn handshake(tls: &TlsServer, tcp: TcpStream, addr: SocketAddr, auth: crate::config::Auth) -> Option<(Stream, Peer)> {
    if let Some(why) = &tls.refuse {
        // Closed before any TLS byte, as libvirtd closes a client whose session it cannot
        // set up; what the client sent is drained first, so that it sees the end of the
        // stream rather than a reset.
        error!("TLS client {addr}: {why}");
        let _ = tcp.shutdown(std::net::Shutdown::Write);
        let _ = tcp.set_read_timeout(Some(Duration::from_secs(2)));
        let _ = std::io::copy(&mut std::io::Read::take(&tcp, 1 << 16), &mut std::io::sink());
        return None;
    }
    let plain = Security::of_tcp(&tcp);
    let _ = tcp.set_nodelay(true);
    let _ = tcp.set_read_timeout(Some(HANDSHAKE_TIMEOUT));
    let _ = tcp.set_write_timeout(Some(HANDSHAKE_TIMEOUT));
    let ssl = match Ssl::new(&tls.ctx) {
        Ok(s) => s,
        Err(e) => {
            error!("TLS client {addr}: Failed to initialize TLS session: {e}");
            return None;
        }
    };
    let mut stream = match ssl.accept(tcp) {
        Ok(s) => s,
        Err(e) => {
            // libvirtd's words: "authentication failed: TLS handshake failed ..."
            warn!("TLS client {addr}: authentication failed: TLS handshake failed {e}");
            return None;
        }
    };
    let dn = match tls.creds.check_peer(&stream, false, None, tls.allowed_dns.as_deref()) {
        Ok(dn) => dn,
        Err(e) => {
            warn!("TLS client {addr}: Certificate check failed {}", e.message);
            if tls.require_valid {
                error!("TLS client {addr}: authentication failed: Failed to verify peer's certificate");
                // Dropped without close_notify, as libvirtd does.
                return None;
            }
            info!("TLS client {addr}: Ignoring bad certificate at user request");
            String::from("(unverified)")
        }
    };
    if let Err(e) = stream.ssl_write(&[1]) {
        debug!("TLS client {addr}: cannot send the confirmation: {e}");
        return None;
    }
    let _ = stream.get_ref().set_read_timeout(None);
    let _ = stream.get_ref().set_write_timeout(None);
    // SASL inside TLS is told the session's strength (external SSF), as libvirtd does.
    let security = Security {
        secure: true,
        tls_ssf: Some(stream.ssl().current_cipher().map_or(0, |c| c.bits().secret) as u32),
        ..plain
    };
    let local = match virt::driver::remote::tls_pump::spawn(stream, "qemud-tls-pump") {
        Ok(l) => l,
        Err(e) => {
            error!("TLS client {addr}: cannot start its pump: {e}");
            return None;
        }
    };
    Some((Stream::Unix(local), Peer {
        desc: format!("tls {addr} {dn}"),
        read_only: false,
        files: virt::conf::node::FileAccess::Daemon,
        auth: crate::sasl::PeerAuth::new(auth, security),
        passes_fds: false,
    }))
}
