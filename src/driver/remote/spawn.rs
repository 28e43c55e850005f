//! Starting the per-user daemon on demand, as libvirt does for its session daemon: when
//! `qemu:///session` finds no daemon listening, the client starts `qemud --session`
//! (which exits by itself after 120 idle seconds) and connects once it listens.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::transport::{self, Transport};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::Stream;
use crate::uri::Uri;

/// Whether connecting to `uri` may start a daemon: a local session URI of the QEMU driver
/// with no explicit socket, and `LIBVIRT_AUTOSTART` not "0".
pub fn may_autostart(uri: &Uri) -> bool {
    uri.driver() == "qemu"
        && uri.server.is_none()
        && matches!(uri.transport(), None | Some("unix"))
        && uri.param("socket").is_none()
        && transport::is_session(uri)
        && std::env::var("LIBVIRT_AUTOSTART").map_or(true, |v| v != "0")
}

/// The qemud binary: `LIBVIRT_QEMUD`, else beside this library (the build tree), in the
/// install prefix's sbin/bin, or on PATH.
fn qemud_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LIBVIRT_QEMUD") {
        return Some(PathBuf::from(p));
    }
    let mut candidates = Vec::new();
    if let Some(dir) = crate::sys::own_object_dir() {
        candidates.push(dir.join("qemud"));
        candidates.push(dir.join("../sbin/qemud"));
        candidates.push(dir.join("../bin/qemud"));
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("qemud")));
    }
    candidates.into_iter().find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Starts the session daemon and connects to `socket` once it listens (10 s at most).
pub fn start_and_connect(socket: &Path) -> Result<Stream> {
    let bin = qemud_binary().ok_or_else(|| {
        Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_NO_CONNECT, "qemu:///session: no session daemon is running and no qemud binary was found (set LIBVIRT_QEMUD)")
    })?;
    // --daemon: the daemon detaches (so no zombie is left behind) and its first process
    // exits once the daemon is up.
    let status = Command::new(&bin)
        .args(["--session", "--timeout", "120", "--daemon"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| Error::system(Domain::VIR_FROM_REMOTE, &format!("Failed to start {}", bin.display()), &e))?;
    if !status.success() {
        return Err(Error::new(
            Domain::VIR_FROM_REMOTE,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("the session daemon {} could not start ({status})", bin.display()),
        ));
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let target = Transport::Unix(socket.to_path_buf());
    loop {
        match transport::connect(&target) {
            Ok(s) => return Ok(s),
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}
