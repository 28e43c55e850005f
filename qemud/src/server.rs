//! Listeners and the client count: binds the daemon's sockets (UNIX read-write,
//! UNIX read-only, optional TCP), accepts connections on one thread per listener,
//! enforces `max_clients`, checks peer credentials, and hands each connection to
//! [`crate::client::serve`] on a thread of its own, with [`crate::dispatch::call`] as
//! its handler.

use std::fs::File;
use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::client::{self, Peer, Stream};
use virt::conf::node::FileAccess;
use crate::daemon::Daemon;
use crate::config::{Config, Mode};
use crate::sasl::PeerAuth;
use crate::sys;
use virt::driver::remote::sasl::Security;
use crate::{debug, error, info, warn};

/// The directory of the UNIX sockets: `unix_sock_dir`, else `/run/libvirt` for the
/// system daemon, `$XDG_RUNTIME_DIR/libvirt` (or `~/.cache/libvirt`) for a session one.
pub fn socket_dir(config: &Config, mode: Mode) -> PathBuf {
    if let Some(d) = &config.unix_sock_dir {
        return d.clone();
    }
    match mode {
        Mode::System => PathBuf::from("/run/libvirt"),
        Mode::Session => crate::config::runtime_dir().join("libvirt"),
    }
}


/// The default pid file: `/run/virtqemud.pid`, or `<runtime dir>/libvirt/virtqemud.pid`.
pub fn default_pid_file(mode: Mode) -> PathBuf {
    match mode {
        Mode::System => PathBuf::from("/run/virtqemud.pid"),
        Mode::Session => crate::config::runtime_dir().join("libvirt/virtqemud.pid"),
    }
}

pub enum Listener {
    Unix { listener: UnixListener, path: PathBuf, read_only: bool },
    Tcp { listener: TcpListener, addr: SocketAddr },
    Tls { listener: TcpListener, addr: SocketAddr, tls: Arc<crate::tls::TlsServer> },
}

/// Everything that must be undone at exit: socket files and the locked pid file.
pub struct Bound {
    pub listeners: Vec<Listener>,
    socket_paths: Vec<PathBuf>,
    pid_file: Option<(PathBuf, File)>,
}

impl Bound {
    /// Removes the socket files and the pid file.
    pub fn cleanup(&mut self) {
        for p in &self.socket_paths {
            let _ = std::fs::remove_file(p);
        }
        if let Some((path, _lock)) = self.pid_file.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes and locks the pid file. Fails if another live daemon holds it.
fn take_pid_file(path: &Path) -> Result<File, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create directory {}: {e}", dir.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| format!("cannot open pid file {}: {e}", path.display()))?;
    match sys::try_lock(&f) {
        Ok(true) => {}
        Ok(false) => {
            let other = std::fs::read_to_string(path).unwrap_or_default();
            return Err(format!("another qemud (pid {}) holds the pid file {}", other.trim(), path.display()));
        }
        Err(e) => return Err(format!("cannot lock pid file {}: {e}", path.display())),
    }
    f.set_len(0)
        .and_then(|_| writeln!(f, "{}", std::process::id()))
        .map_err(|e| format!("cannot write pid file {}: {e}", path.display()))?;
    Ok(f)
}

/// Binds a UNIX socket at `path` with `perms`, after removing a stale file left by a
/// daemon that died. A socket someone still answers on means another daemon is live.
fn bind_unix(path: &Path, perms: u32, gid: Option<u32>) -> Result<UnixListener, String> {
    if path.exists() || std::fs::symlink_metadata(path).is_ok() {
        if UnixStream::connect(path).is_ok() {
            return Err(format!("another daemon is already listening on {}", path.display()));
        }
        std::fs::remove_file(path).map_err(|e| format!("cannot remove stale socket {}: {e}", path.display()))?;
        info!("removed stale socket {}", path.display());
    }
    // Created with no access at all, then opened up: no window with wider permissions.
    let old = sys::umask(0o777);
    let bound = UnixListener::bind(path);
    sys::umask(old);
    let listener = bound.map_err(|e| format!("cannot bind socket {}: {e}", path.display()))?;
    if let Some(gid) = gid {
        sys::chgrp(path, gid).map_err(|e| format!("cannot set the group of {}: {e}", path.display()))?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(perms))
        .map_err(|e| format!("cannot set the permissions of {}: {e}", path.display()))?;
    Ok(listener)
}

/// Takes the pid file and binds every listener the config asks for.
pub fn bind(config: &Config, mode: Mode, pid_file: Option<&Path>) -> Result<Bound, String> {
    let mut bound = Bound { listeners: Vec::new(), socket_paths: Vec::new(), pid_file: None };
    if let Some(p) = pid_file {
        let f = take_pid_file(p)?;
        bound.pid_file = Some((p.to_path_buf(), f));
    }
    let result = bind_all(config, mode, &mut bound);
    if let Err(e) = result {
        bound.cleanup();
        return Err(e);
    }
    Ok(bound)
}

fn bind_all(config: &Config, mode: Mode, bound: &mut Bound) -> Result<(), String> {
    let dir = socket_dir(config, mode);
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create socket directory {}: {e}", dir.display()))?;
        let dir_mode = if mode == Mode::Session { 0o700 } else { 0o755 };
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(dir_mode));
    }
    let gid = match &config.unix_sock_group {
        Some(g) => Some(sys::group_id(g).map_err(|e| format!("unix_sock_group '{g}': {e}"))?),
        None => None,
    };
    // A session daemon serves only its owner: no read-only socket, as libvirt's. The
    // read-write socket is bound last, so whoever waits for it finds the other too.
    let mut sockets = Vec::new();
    if mode == Mode::System {
        sockets.push((dir.join("virtqemud-sock-ro"), config.unix_sock_ro_perms, true));
    }
    sockets.push((dir.join("virtqemud-sock"), config.unix_sock_rw_perms, false));
    for (path, perms, read_only) in sockets {
        let listener = bind_unix(&path, perms, gid)?;
        bound.socket_paths.push(path.clone());
        backlog(&listener, config);
        info!("listening on {}{}", path.display(), if read_only { " (read-only)" } else { "" });
        bound.listeners.push(Listener::Unix { listener, path, read_only });
    }
    if config.listen_tcp {
        let host = config.listen_addr.as_deref().unwrap_or("0.0.0.0");
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> =
            (host, config.tcp_port).to_socket_addrs().map_err(|e| format!("listen_addr '{host}': {e}"))?.collect();
        let listener = TcpListener::bind(&addrs[..])
            .map_err(|e| format!("cannot listen on {host} port {}: {e}", config.tcp_port))?;
        let addr = listener.local_addr().map_err(|e| format!("cannot read the TCP address: {e}"))?;
        backlog(&listener, config);
        info!("listening on TCP {addr}");
        bound.listeners.push(Listener::Tcp { listener, addr });
    }
    if config.tls.listen_tls {
        let tls = crate::tls::setup(config, mode)?;
        let (listener, addr) = crate::tls::bind(config)?;
        bound.listeners.push(Listener::Tls { listener, addr, tls });
    }
    Ok(())
}

/// Lets the kernel hold `max_queued_clients` connections while the daemon is full.
fn backlog(listener: &impl std::os::fd::AsRawFd, config: &Config) {
    if let Err(e) = sys::set_backlog(listener, config.max_queued_clients) {
        warn!("cannot set the listen backlog to max_queued_clients = {}: {e}", config.max_queued_clients);
    }
}

/// Starts one accept thread per listener.
pub fn start(daemon: &Arc<Daemon>, listeners: Vec<Listener>) -> Result<(), String> {
    for l in listeners {
        let daemon = daemon.clone();
        let name = match &l {
            Listener::Unix { path, .. } => format!("accept {}", path.display()),
            Listener::Tcp { addr, .. } => format!("accept tcp {addr}"),
            Listener::Tls { addr, .. } => format!("accept tls {addr}"),
        };
        std::thread::Builder::new()
            .name("qemud-accept".into())
            .spawn(move || accept_loop(&daemon, l))
            .map_err(|e| format!("cannot start the thread for {name}: {e}"))?;
    }
    Ok(())
}

fn accept_loop(daemon: &Arc<Daemon>, listener: Listener) {
    loop {
        let accepted = match &listener {
            Listener::Unix { listener, read_only, .. } => {
                listener.accept().map(|(s, _)| unix_peer(daemon, s, *read_only))
            }
            Listener::Tcp { listener, .. } => listener.accept().map(|(s, addr)| {
                let _ = s.set_nodelay(true);
                let stream = Stream::Tcp(s);
                let auth = PeerAuth::new(daemon.config.auth_tcp, Security::of(&stream));
                Some((stream, Peer { desc: format!("tcp {addr}"), read_only: false, files: FileAccess::Daemon, auth, passes_fds: false }))
            }),
            Listener::Tls { listener, tls, .. } => listener.accept().map(|(s, addr)| {
                crate::tls::accept(daemon, tls, s, addr);
                None
            }),
        };
        match accepted {
            Ok(Some((stream, peer))) => hand_over(daemon, stream, peer),
            Ok(None) => {}
            Err(e) => {
                // EMFILE and friends: back off instead of spinning.
                warn!("accept failed: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

/// Checks a UNIX peer's credentials; `None` when it must be turned away.
fn unix_peer(daemon: &Daemon, s: UnixStream, read_only: bool) -> Option<(Stream, Peer)> {
    let cred = match sys::peer_cred(&s) {
        Ok(c) => c,
        Err(e) => {
            warn!("closing a client whose credentials cannot be read: {e}");
            return None;
        }
    };
    if daemon.mode == Mode::Session && cred.uid != sys::euid() {
        warn!(
            "closing client pid {} uid {}: a session daemon serves only its owner (uid {})",
            cred.pid,
            cred.uid,
            sys::euid()
        );
        return None;
    }
    let desc = format!(
        "unix pid {} uid {} gid {}{}",
        cred.pid,
        cred.uid,
        cred.gid,
        if read_only { " (read-only)" } else { "" }
    );
    // Without SO_PEERGROUPS, only the primary group is known: the peer reads with less.
    let groups = sys::peer_groups(&s).unwrap_or_else(|_| vec![cred.gid]);
    let files = FileAccess::Peer { uid: cred.uid, gid: cred.gid, groups };
    let auth = if read_only { daemon.config.auth_unix_ro } else { daemon.config.auth_unix_rw };
    let stream = Stream::Unix(s);
    let auth = PeerAuth::new(auth, Security::of(&stream));
    Some((stream, Peer { desc, read_only, files, auth, passes_fds: true }))
}

/// Serves a new connection. While the daemon has `max_clients` clients it waits for one
/// to leave, as libvirtd does: this listener accepts no more meanwhile, and further
/// connections wait in the kernel's backlog (`max_queued_clients`) until served. Likewise
/// while `max_anonymous_clients` have yet to authenticate.
pub(crate) fn hand_over(daemon: &Arc<Daemon>, stream: Stream, peer: Peer) {
    let anonymous = peer.auth.auth != crate::config::Auth::None;
    if anonymous {
        crate::sasl::admit_anonymous(daemon.config.max_anonymous_clients.max(1));
    }
    if !daemon.admit() {
        warn!(
            "new client ({}) waits: the daemon already has max_clients = {} clients",
            peer.desc, daemon.config.max_clients
        );
        daemon.admit_waiting();
    }
    let id = daemon.next_client_id();
    debug!("client {id}: accepted {}", peer.desc);
    let d = daemon.clone();
    let spawned = std::thread::Builder::new().name(format!("qemud-client-{id}")).spawn(move || {
        client::serve(&d, id, stream, peer, crate::dispatch::call);
        d.release();
    });
    if let Err(e) = spawned {
        error!("client {id}: cannot start its thread: {e}");
        daemon.release();
        if anonymous {
            crate::sasl::release_anonymous();
        }
    }
}
