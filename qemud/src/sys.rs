//! The few libc calls the daemon needs, each behind a small safe wrapper: peer
//! credentials, pid file locks, socket group ownership, signals and detaching.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};

/// The credentials of the process at the other end of a UNIX socket (`SO_PEERCRED`).
#[derive(Clone, Copy, Debug)]
pub struct PeerCred {
    pub pid: i32,
    pub uid: u32,
    pub gid: u32,
}

pub fn peer_cred(sock: &impl AsRawFd) -> io::Result<PeerCred> {
    let mut cred = libc::ucred { pid: 0, uid: 0, gid: 0 };
    let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
    // SAFETY: `cred` is a valid, writable ucred and `len` holds its exact size, as
    // getsockopt(SO_PEERCRED) requires; the fd is owned by `sock` for the call.
    let rc = unsafe {
        libc::getsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            &mut cred as *mut libc::ucred as *mut libc::c_void,
            &mut len,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(PeerCred { pid: cred.pid, uid: cred.uid, gid: cred.gid })
}

pub fn euid() -> u32 {
    virt::sys::euid()
}

/// Takes an exclusive, non-blocking lock on `file` (held until the file is closed).
/// `Ok(false)`: another process holds it.
pub fn try_lock(file: &File) -> io::Result<bool> {
    // SAFETY: flock on an fd owned by `file`; no memory is passed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        return Ok(false);
    }
    Err(err)
}

/// The gid of group `name` (a name or a number).
pub fn group_id(name: &str) -> io::Result<u32> {
    if let Ok(n) = name.parse::<u32>() {
        return Ok(n);
    }
    let cname =
        std::ffi::CString::new(name).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "bad group name"))?;
    let mut grp: libc::group = zeroed_group();
    let mut buf = vec![0 as libc::c_char; 16_384];
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: getgrnam_r writes into `grp` and `buf` (whose true length is passed) and
    // sets `result` to `&grp` or NULL; nothing outlives the call except the gid we copy.
    let rc = unsafe { libc::getgrnam_r(cname.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) };
    if rc != 0 {
        return Err(io::Error::from_raw_os_error(rc));
    }
    if result.is_null() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("no group named '{name}'")));
    }
    Ok(grp.gr_gid)
}

fn zeroed_group() -> libc::group {
    libc::group {
        gr_name: std::ptr::null_mut(),
        gr_passwd: std::ptr::null_mut(),
        gr_gid: 0,
        gr_mem: std::ptr::null_mut(),
    }
}

/// Sets the group of `path` (owner unchanged).
pub fn chgrp(path: &std::path::Path, gid: u32) -> io::Result<()> {
    std::os::unix::fs::lchown(path, None, Some(gid))
}

/// Set by SIGTERM, SIGINT and SIGQUIT: the main loop shuts the daemon down.
pub static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_stop_signal(_: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    STOP.store(true, Ordering::SeqCst);
}

/// Stop signals end the daemon cleanly. SIGHUP, which libvirt's daemons take as
/// "reload", is ignored: there is nothing to reload yet, and it must not kill us.
pub fn install_stop_handlers() -> io::Result<()> {
    let handler = on_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    for (sig, action) in
        [(libc::SIGTERM, handler), (libc::SIGINT, handler), (libc::SIGQUIT, handler), (libc::SIGHUP, libc::SIG_IGN)]
    {
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the
        // handler only performs an atomic store, which is async-signal-safe.
        let rc = unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = action;
            libc::sigemptyset(&mut sa.sa_mask);
            libc::sigaction(sig, &sa, std::ptr::null_mut())
        };
        if rc != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Which side of [`fork`] we are on.
pub enum Forked {
    Parent { child: i32 },
    Child,
}

/// `fork(2)`. Must be called while the process has a single thread.
pub fn fork() -> io::Result<Forked> {
    // SAFETY: called before the daemon starts any thread (see `daemonize` in main),
    // so the child gets a consistent copy of the whole process.
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent { child: pid }),
    }
}

/// Starts a new session, detaching from the controlling terminal.
pub fn setsid() -> io::Result<()> {
    // SAFETY: setsid has no memory arguments.
    if unsafe { libc::setsid() } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Points stdin and stdout (and stderr when `stderr` is true) at /dev/null.
pub fn redirect_std_to_null(stderr: bool) -> io::Result<()> {
    let null = std::fs::OpenOptions::new().read(true).write(true).open("/dev/null")?;
    let mut fds = vec![0, 1];
    if stderr {
        fds.push(2);
    }
    for fd in fds {
        // SAFETY: dup2 onto a standard fd number; `null` stays open for the call.
        if unsafe { libc::dup2(null.as_raw_fd(), fd) } < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Exits the process at once, without running destructors (a forked parent).
pub fn exit_now(code: i32) -> ! {
    // SAFETY: _exit has no preconditions.
    unsafe { libc::_exit(code) }
}

/// Sets the file mode creation mask; returns the previous one.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask has no memory arguments and cannot fail.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}
