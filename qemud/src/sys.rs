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

/// The supplementary groups the peer of a UNIX socket had when it connected
/// (SO_PEERGROUPS, Linux 4.13).
pub fn peer_groups(sock: &impl AsRawFd) -> io::Result<Vec<u32>> {
    // The generic (x86, arm, ...) value; libc does not export it on every target.
    const SO_PEERGROUPS: libc::c_int = 59;
    let mut groups = vec![0u32; 64];
    loop {
        let mut len = (groups.len() * std::mem::size_of::<u32>()) as libc::socklen_t;
        // SAFETY: `groups` is a live, writable buffer of exactly `len` bytes; the kernel
        // writes at most `len` bytes and reports the size it needs in `len`.
        let rc = unsafe {
            libc::getsockopt(
                sock.as_raw_fd(),
                libc::SOL_SOCKET,
                SO_PEERGROUPS,
                groups.as_mut_ptr() as *mut libc::c_void,
                &mut len,
            )
        };
        let needed = len as usize / std::mem::size_of::<u32>();
        if rc == 0 {
            groups.truncate(needed);
            return Ok(groups);
        }
        let err = io::Error::last_os_error();
        if err.raw_os_error() == Some(libc::ERANGE) && needed > groups.len() && needed <= 65536 {
            groups.resize(needed, 0);
            continue;
        }
        return Err(err);
    }
}

/// Sets a listening socket's backlog: how many connections the kernel holds for us
/// while we do not accept (listen(2) again on a listening socket only changes it).
pub fn set_backlog(sock: &impl AsRawFd, backlog: usize) -> io::Result<()> {
    let backlog = backlog.min(i32::MAX as usize) as libc::c_int;
    // SAFETY: listen on an fd owned by `sock` for the duration of the call.
    if unsafe { libc::listen(sock.as_raw_fd(), backlog) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// The calling thread's kernel id (what libvirt's log lines show).
pub fn gettid() -> i64 {
    // SAFETY: gettid has no preconditions and cannot fail.
    i64::from(unsafe { libc::gettid() })
}

/// The effective user id.
pub fn euid() -> u32 {
    virt::sys::euid()
}

/// The host CPUs thread `tid` may run on (`sched_getaffinity`), as a bitmap of
/// `bytes` bytes (CPU n is bit n % 8 of byte n / 8), as libvirt's cpumaps are.
pub fn affinity(tid: i32, bytes: usize) -> io::Result<Vec<u8>> {
    // SAFETY: cpu_set_t is plain data; zeroed is a valid empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a live cpu_set_t of the size passed.
    let rc = unsafe { libc::sched_getaffinity(tid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    let mut map = vec![0u8; bytes];
    for cpu in 0..(bytes * 8).min(libc::CPU_SETSIZE as usize) {
        // SAFETY: `cpu` < CPU_SETSIZE, inside `set`.
        if unsafe { libc::CPU_ISSET(cpu, &set) } {
            map[cpu / 8] |= 1 << (cpu % 8);
        }
    }
    Ok(map)
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

/// Where a detached child's standard streams go.
pub struct ChildIo<'a> {
    /// stdin comes from /dev/null; stdout and stderr go to `output`.
    pub output: &'a File,
    /// The working directory of the child ("/" so that it pins no mount).
    pub cwd: &'a std::ffi::CStr,
}

/// Starts `path` with `argv` and exactly the environment `envp`, detached from us by
/// a double fork: the intermediate child calls `setsid` and forks again, so the
/// grandchild, in a new session and a process group of its own (pgid = its pid), is
/// reparented to init and outlives the daemon (libvirt's `virCommandDaemonize`). Signal dispositions and the signal mask are
/// reset; every fd but 0, 1 and 2 is closed at exec. Returns the grandchild's pid once
/// it has exec'd; an exec failure is returned as that errno.
///
/// Safe to call from a multithreaded process: between fork and exec the children only
/// make async-signal-safe calls on memory prepared beforehand.
pub fn spawn_detached(
    path: &std::ffi::CStr,
    argv: &[std::ffi::CString],
    envp: &[std::ffi::CString],
    io: ChildIo<'_>,
) -> io::Result<i32> {
    use std::io::Read;
    use std::os::fd::FromRawFd;

    let null = std::fs::OpenOptions::new().read(true).open("/dev/null")?;
    let mut argv_p: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argv_p.push(std::ptr::null());
    let mut envp_p: Vec<*const libc::c_char> = envp.iter().map(|a| a.as_ptr()).collect();
    envp_p.push(std::ptr::null());
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` is a writable array of two ints, as pipe2 requires.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: pipe2 just returned these two fds and nothing else owns them.
    let (mut rd, wr) = unsafe { (File::from_raw_fd(fds[0]), File::from_raw_fd(fds[1])) };
    let (wr_fd, null_fd, out_fd) = (wr.as_raw_fd(), null.as_raw_fd(), io.output.as_raw_fd());

    // Messages on the pipe: (tag, value) pairs of two i32s, written atomically.
    const PID: i32 = 1;
    const EXEC_ERRNO: i32 = 2;
    const FORK_ERRNO: i32 = 3;
    fn report(fd: libc::c_int, tag: i32, val: i32) {
        let msg = [tag, val];
        // SAFETY: writes 8 bytes from a live local array; async-signal-safe.
        unsafe { libc::write(fd, msg.as_ptr().cast(), 8) };
    }
    fn errno() -> i32 {
        // SAFETY: __errno_location returns this thread's errno slot; async-signal-safe.
        unsafe { *libc::__errno_location() }
    }

    // SAFETY: between fork and _exit/execve both children only call async-signal-safe
    // functions (setsid, fork, setpgid, write, dup2, sigaction, sigprocmask, close_range, chdir,
    // execve, _exit) on pointers prepared above, which stay valid in the copies of our
    // memory; no allocation, no lock.
    let child = unsafe { libc::fork() };
    if child == 0 {
        // SAFETY: see above.
        unsafe {
            libc::setsid();
            let grandchild = libc::fork();
            if grandchild != 0 {
                if grandchild < 0 {
                    report(wr_fd, FORK_ERRNO, errno());
                    libc::_exit(1);
                }
                report(wr_fd, PID, grandchild);
                libc::_exit(0);
            }
            // A process group of its own, so that it and its helpers can be signalled
            // together; not a session leader, so it can never regain a terminal.
            libc::setpgid(0, 0);
            libc::dup2(null_fd, 0);
            libc::dup2(out_fd, 1);
            libc::dup2(out_fd, 2);
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = libc::SIG_DFL;
            for sig in 1..65 {
                if sig != libc::SIGKILL && sig != libc::SIGSTOP {
                    libc::sigaction(sig, &sa, std::ptr::null_mut());
                }
            }
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
            // Anything the daemon opened without O_CLOEXEC must not leak into QEMU.
            libc::close_range(3, libc::c_uint::MAX, libc::CLOSE_RANGE_CLOEXEC as libc::c_int);
            libc::chdir(io.cwd.as_ptr());
            libc::execve(path.as_ptr(), argv_p.as_ptr(), envp_p.as_ptr());
            report(wr_fd, EXEC_ERRNO, errno());
            libc::_exit(127);
        }
    }
    if child < 0 {
        return Err(io::Error::last_os_error());
    }
    drop(wr);
    let mut status = 0;
    // SAFETY: waits for the intermediate child we just forked; `status` is writable.
    while unsafe { libc::waitpid(child, &mut status, 0) } < 0 {
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    // EOF once the intermediate child has exited and the grandchild has exec'd (the
    // pipe is close-on-exec) or died.
    let mut buf = Vec::new();
    rd.read_to_end(&mut buf)?;
    let mut pid = None;
    for m in buf.chunks_exact(8) {
        let tag = i32::from_ne_bytes([m[0], m[1], m[2], m[3]]);
        let val = i32::from_ne_bytes([m[4], m[5], m[6], m[7]]);
        match tag {
            PID => pid = Some(val),
            EXEC_ERRNO | FORK_ERRNO => return Err(io::Error::from_raw_os_error(val)),
            _ => {}
        }
    }
    pid.ok_or_else(|| io::Error::other("the intermediate child died before reporting"))
}

/// Sends `sig` to `pid` (a negative pid names a process group).
pub fn kill(pid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: kill has no memory arguments.
    if unsafe { libc::kill(pid, sig) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Clock ticks per second, the unit of times in /proc/PID/stat.
pub fn clock_ticks() -> u64 {
    // SAFETY: sysconf has no memory arguments.
    let n = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if n > 0 {
        n as u64
    } else {
        100
    }
}

pub use virt::sys::send_with_fd;

// ---- tap devices on host bridges ------------------------------------------------------

/// `SIOCBRADDIF` (linux/sockios.h); the libc crate defines it for Android only.
const SIOCBRADDIF: libc::c_ulong = 0x89a2;

/// An `ifreq` naming `name` (at most IFNAMSIZ-1 bytes, checked by the caller).
fn ifreq(name: &str) -> libc::ifreq {
    // SAFETY: ifreq is plain data; all zero is a valid value.
    let mut ifr: libc::ifreq = unsafe { std::mem::zeroed() };
    for (dst, src) in ifr.ifr_name.iter_mut().zip(name.bytes().take(libc::IFNAMSIZ - 1)) {
        *dst = src as libc::c_char;
    }
    ifr
}

fn ifreq_name(ifr: &libc::ifreq) -> String {
    let bytes: Vec<u8> = ifr.ifr_name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// ioctl(2) with an `ifreq`.
fn ioctl_ifreq(fd: &impl AsRawFd, request: libc::c_ulong, ifr: &mut libc::ifreq) -> io::Result<()> {
    // SAFETY: every request used here reads and/or writes one `ifreq`, which `ifr` is.
    if unsafe { libc::ioctl(fd.as_raw_fd(), request as _, ifr as *mut libc::ifreq) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn open_tun() -> io::Result<File> {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/net/tun")
}

/// A control socket for interface ioctls.
fn ctl_socket() -> io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: socket(2) with constant arguments; the fd is owned right away.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just returned by socket(2) and is owned by nobody else.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) })
}

/// Creates a persistent tap device named `name` (a kernel template such as `vnet%d`
/// works too) and returns its actual name.
pub fn tap_create(name: &str) -> io::Result<String> {
    let tun = open_tun()?;
    let mut ifr = ifreq(name);
    ifr.ifr_ifru.ifru_flags = (libc::IFF_TAP | libc::IFF_NO_PI) as libc::c_short;
    ioctl_ifreq(&tun, libc::TUNSETIFF as libc::c_ulong, &mut ifr)?;
    let created = ifreq_name(&ifr);
    // SAFETY: TUNSETPERSIST takes its argument by value.
    if unsafe { libc::ioctl(tun.as_raw_fd(), libc::TUNSETPERSIST as _, 1 as libc::c_ulong) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(created)
}

/// Deletes a persistent tap device.
pub fn tap_delete(name: &str) -> io::Result<()> {
    let tun = open_tun()?;
    let mut ifr = ifreq(name);
    ifr.ifr_ifru.ifru_flags = (libc::IFF_TAP | libc::IFF_NO_PI) as libc::c_short;
    ioctl_ifreq(&tun, libc::TUNSETIFF as libc::c_ulong, &mut ifr)?;
    // SAFETY: TUNSETPERSIST takes its argument by value.
    if unsafe { libc::ioctl(tun.as_raw_fd(), libc::TUNSETPERSIST as _, 0 as libc::c_ulong) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Sets `dev`'s MAC address.
pub fn set_mac(dev: &str, mac: [u8; 6]) -> io::Result<()> {
    let sock = ctl_socket()?;
    let mut ifr = ifreq(dev);
    // SAFETY: writing the hwaddr member of the union that SIOCSIFHWADDR reads.
    unsafe {
        ifr.ifr_ifru.ifru_hwaddr.sa_family = libc::ARPHRD_ETHER;
        for (dst, src) in ifr.ifr_ifru.ifru_hwaddr.sa_data.iter_mut().zip(mac) {
            *dst = src as libc::c_char;
        }
    }
    ioctl_ifreq(&sock, libc::SIOCSIFHWADDR, &mut ifr)
}

/// Adds `dev` to bridge `bridge` as a port.
pub fn bridge_add_port(bridge: &str, dev: &str) -> io::Result<()> {
    let sock = ctl_socket()?;
    let mut ifr = ifreq(dev);
    ioctl_ifreq(&sock, libc::SIOCGIFINDEX, &mut ifr)?;
    // SAFETY: SIOCGIFINDEX filled the ifindex member.
    let index = unsafe { ifr.ifr_ifru.ifru_ifindex };
    let mut br = ifreq(bridge);
    br.ifr_ifru.ifru_ifindex = index;
    ioctl_ifreq(&sock, SIOCBRADDIF, &mut br)
}

/// Brings `dev` up.
pub fn set_up(dev: &str) -> io::Result<()> {
    let sock = ctl_socket()?;
    let mut ifr = ifreq(dev);
    ioctl_ifreq(&sock, libc::SIOCGIFFLAGS, &mut ifr)?;
    // SAFETY: SIOCGIFFLAGS filled the flags member.
    unsafe { ifr.ifr_ifru.ifru_flags |= libc::IFF_UP as libc::c_short };
    ioctl_ifreq(&sock, libc::SIOCSIFFLAGS, &mut ifr)
}

/// KVM's largest vCPU count per guest (`KVM_CHECK_EXTENSION(KVM_CAP_MAX_VCPUS)` on
/// /dev/kvm), or `None` when /dev/kvm cannot be opened or does not say.
pub fn kvm_max_vcpus() -> Option<u32> {
    const KVM_CHECK_EXTENSION: libc::c_ulong = 0xAE03;
    const KVM_CAP_MAX_VCPUS: libc::c_ulong = 66;
    const KVM_CAP_NR_VCPUS: libc::c_ulong = 9;
    let kvm = std::fs::OpenOptions::new().read(true).write(true).open("/dev/kvm").ok()?;
    let check = |cap: libc::c_ulong| {
        // SAFETY: KVM_CHECK_EXTENSION takes an integer argument and writes no memory;
        // the fd is owned by `kvm` for the duration of the call.
        unsafe { libc::ioctl(kvm.as_raw_fd(), KVM_CHECK_EXTENSION as _, cap) }
    };
    let n = match check(KVM_CAP_MAX_VCPUS) {
        n if n > 0 => n,
        _ => check(KVM_CAP_NR_VCPUS),
    };
    u32::try_from(n).ok().filter(|n| *n > 0)
}

/// A socket receiving the kernel's device uevents (`NETLINK_KOBJECT_UEVENT`, group 1).
pub fn uevent_socket() -> io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: socket() takes no pointers; a non-negative result is a new fd we own.
    let fd = unsafe {
        libc::socket(libc::AF_NETLINK, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK, libc::NETLINK_KOBJECT_UEVENT)
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just created and is owned by nobody else.
    let owned = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
    // SAFETY: sockaddr_nl is plain data; zeroed is a valid value.
    let mut addr: libc::sockaddr_nl = unsafe { std::mem::zeroed() };
    addr.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    addr.nl_groups = 1;
    // SAFETY: `addr` is a valid sockaddr_nl for the duration of the call, with its size.
    let rc = unsafe {
        libc::bind(
            owned.as_raw_fd(),
            &addr as *const libc::sockaddr_nl as *const libc::sockaddr,
            std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(owned)
}

/// Waits up to `ms` milliseconds for `fd` to be readable.
pub fn wait_readable(fd: &impl AsRawFd, ms: i32) -> io::Result<bool> {
    let mut p = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd, count 1.
    let rc = unsafe { libc::poll(&mut p, 1, ms) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(rc > 0)
}

/// Reads and discards whatever is queued on the non-blocking socket `fd`.
pub fn drain(fd: &impl AsRawFd) {
    let mut buf = [0u8; 8192];
    loop {
        // SAFETY: `buf` is writable for its length; MSG_DONTWAIT never blocks.
        let n = unsafe { libc::recv(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), libc::MSG_DONTWAIT) };
        if n <= 0 {
            return;
        }
    }
}

/// `struct ifreq` with its union used as `ifr_data` (40 bytes on 64-bit Linux).
#[repr(C)]
struct IfreqData {
    name: [u8; 16],
    data: *mut libc::c_void,
    _rest: [u8; 16],
}

/// The offload features of network interface `ifname` that libvirt reports for net node
/// devices (ethtool queries on a socket of this process's network namespace), in
/// libvirt's order: rx, tx, sg, tso, gso, gro, lro, rxvlan, txvlan, ntuple, rxhash,
/// txudptnl. An interface of another namespace answers nothing.
pub fn ethtool_features(ifname: &str) -> Vec<&'static str> {
    use std::os::fd::FromRawFd;
    const SIOCETHTOOL: libc::c_ulong = 0x8946;
    let mut out = Vec::new();
    if ifname.is_empty() || ifname.len() >= 16 {
        return out;
    }
    // SAFETY: socket() takes no pointers; a non-negative result is a new fd we own.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return out;
    }
    // SAFETY: `fd` was just created and is owned by nobody else.
    let sock = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
    let call = |buf: &mut [u32]| -> bool {
        let mut req = IfreqData { name: [0; 16], data: buf.as_mut_ptr().cast(), _rest: [0; 16] };
        req.name[..ifname.len()].copy_from_slice(ifname.as_bytes());
        // SAFETY: `req` is a valid ifreq whose data points at `buf`, which is large
        // enough for the ethtool command in its first word and outlives the call.
        unsafe { libc::ioctl(sock.as_raw_fd(), SIOCETHTOOL as _, &mut req as *mut IfreqData) == 0 }
    };
    let value = |cmd: u32| -> Option<u32> {
        let mut v = [cmd, 0];
        call(&mut v).then_some(v[1])
    };
    for (cmd, name) in [(0x14, "rx"), (0x16, "tx"), (0x18, "sg"), (0x1e, "tso"), (0x23, "gso"), (0x2b, "gro")] {
        if value(cmd).is_some_and(|v| v != 0) {
            out.push(name);
        }
    }
    if let Some(flags) = value(0x25) {
        for (bit, name) in [(15, "lro"), (8, "rxvlan"), (7, "txvlan"), (27, "ntuple"), (28, "rxhash")] {
            if flags & (1 << bit) != 0 {
                out.push(name);
            }
        }
    }
    // ETHTOOL_GFEATURES, two blocks of (available, requested, active, never_changed):
    // libvirt reads bit 25 of the first block's active word as "txudptnl".
    let mut g = [0u32; 2 + 2 * 4];
    g[0] = 0x3a;
    g[1] = 2;
    if call(&mut g) && g[2 + 2] & (1 << 25) != 0 {
        out.push("txudptnl");
    }
    out
}

/// Puts the terminal `fd` in raw mode (`cfmakeraw`): no echo, no line editing, no
/// translation of CR/NL, as libvirt's console streams open a guest's pty.
pub fn make_raw(fd: std::os::fd::BorrowedFd<'_>) -> io::Result<()> {
    // SAFETY: termios is plain data; tcgetattr fills it before it is read.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: `fd` is an open descriptor borrowed for the call; `t` is a valid termios.
    if unsafe { libc::tcgetattr(fd.as_raw_fd(), &mut t) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `t` is a valid termios.
    unsafe { libc::cfmakeraw(&mut t) };
    // SAFETY: as for tcgetattr.
    if unsafe { libc::tcsetattr(fd.as_raw_fd(), libc::TCSANOW, &t) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// `poll(2)`: waits up to `timeout_ms` (-1: no limit) until one of `fds` has one of its
/// events (`libc::POLLIN`, `POLLOUT`; hang-ups and errors always count); returns each
/// one's `revents`. EINTR counts as nothing ready.
pub fn poll(fds: &[(std::os::fd::BorrowedFd<'_>, i16)], timeout_ms: i32) -> io::Result<Vec<i16>> {
    let mut pfds: Vec<libc::pollfd> =
        fds.iter().map(|(fd, ev)| libc::pollfd { fd: fd.as_raw_fd(), events: *ev, revents: 0 }).collect();
    // SAFETY: `pfds` is a valid array of pollfd of the length given; the fds are borrowed
    // (open) for the call.
    let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, timeout_ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::Interrupted {
            return Ok(vec![0; fds.len()]);
        }
        return Err(e);
    }
    Ok(pfds.iter().map(|p| p.revents).collect())
}
