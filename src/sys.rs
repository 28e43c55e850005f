//! Thin, safe wrappers over the few libc calls the library makes outside `api/`.

use std::os::fd::RawFd;
use std::time::Duration;

/// `poll(2)` readiness bits.
pub const POLLIN: i16 = libc::POLLIN;
pub const POLLOUT: i16 = libc::POLLOUT;
pub const POLLERR: i16 = libc::POLLERR;
pub const POLLHUP: i16 = libc::POLLHUP;

/// Waits until one of `fds` is ready or `timeout` passes (None: forever). Fills in
/// each entry's returned events. EINTR counts as a wake-up with nothing ready.
pub fn poll(fds: &mut [(RawFd, i16, i16)], timeout: Option<Duration>) -> std::io::Result<usize> {
    let mut pfds: Vec<libc::pollfd> = fds.iter().map(|&(fd, events, _)| libc::pollfd { fd, events, revents: 0 }).collect();
    let ms = match timeout {
        None => -1,
        Some(d) => d.as_millis().min(i32::MAX as u128) as i32,
    };
    // SAFETY: `pfds` is a valid, exclusively borrowed array of `pfds.len()` pollfd structs.
    let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, ms) };
    if n < 0 {
        let err = std::io::Error::last_os_error();
        if err.kind() == std::io::ErrorKind::Interrupted {
            return Ok(0);
        }
        return Err(err);
    }
    for (slot, p) in fds.iter_mut().zip(&pfds) {
        slot.2 = p.revents;
    }
    Ok(n as usize)
}

/// This machine's host name.
pub fn hostname() -> std::io::Result<String> {
    let mut buf = [0u8; 256];
    // SAFETY: gethostname writes at most buf.len() bytes into buf.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    Ok(String::from_utf8_lossy(&buf[..end]).into_owned())
}

/// Gives the calling thread (only it: raw system calls, not libc's process-wide wrappers)
/// the file system identity of `uid`/`gid`/`groups`, for opening files as a daemon's
/// client could. Without the privilege to switch, only a client that is this process's
/// own user may go on (it reads with our groups); anyone else is refused.
pub fn take_fs_identity(uid: u32, gid: u32, groups: &[u32]) -> std::io::Result<()> {
    // SAFETY: setgroups reads `groups.len()` gids from a live slice; setfsgid/setfsuid take
    // plain ids. All three change only the calling thread's credentials (the kernel keeps
    // credentials per thread; glibc's wrappers, not used here, would broadcast them).
    let switched = unsafe {
        let set_groups = libc::syscall(libc::SYS_setgroups, groups.len(), groups.as_ptr());
        libc::syscall(libc::SYS_setfsgid, gid);
        libc::syscall(libc::SYS_setfsuid, uid);
        // Each returns the previous value: asking again shows whether the change took.
        let fsgid = libc::syscall(libc::SYS_setfsgid, gid) as u32;
        let fsuid = libc::syscall(libc::SYS_setfsuid, uid) as u32;
        fsuid == uid && fsgid == gid && set_groups == 0
    };
    // SAFETY: getegid has no preconditions and cannot fail.
    if switched || (uid == euid() && gid == unsafe { libc::getegid() }) {
        return Ok(());
    }
    Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied))
}

/// The effective user id.
pub fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The directory of the shared object (or executable) this code was loaded from.
pub fn own_object_dir() -> Option<std::path::PathBuf> {
    let mut info = libc::Dl_info { dli_fname: std::ptr::null(), dli_fbase: std::ptr::null_mut(), dli_sname: std::ptr::null(), dli_saddr: std::ptr::null_mut() };
    // SAFETY: dladdr only reads the address (of a function of this object) and fills
    // `info`, whose string fields point into the loader's data and stay valid.
    let ok = unsafe { libc::dladdr(own_object_dir as *const libc::c_void, &mut info) };
    if ok == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: non-NULL, NUL-terminated, owned by the dynamic loader.
    let name = unsafe { std::ffi::CStr::from_ptr(info.dli_fname) };
    let path = std::path::PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name.to_bytes()));
    std::fs::canonicalize(&path).unwrap_or(path).parent().map(|p| p.to_path_buf())
}

/// Deallocates `len` bytes of `file` from `offset` (they read as zeroes afterwards),
/// keeping its size: `fallocate(PUNCH_HOLE | KEEP_SIZE)`.
pub fn punch_hole(file: &std::fs::File, offset: u64, len: u64) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    if len == 0 {
        return Ok(());
    }
    // SAFETY: fallocate only acts on the descriptor `file` owns for the duration of the call.
    let rc = unsafe {
        libc::fallocate(file.as_raw_fd(), libc::FALLOC_FL_PUNCH_HOLE | libc::FALLOC_FL_KEEP_SIZE, offset as libc::off_t, len as libc::off_t)
    };
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Where the next data (`SEEK_DATA`) or hole (`SEEK_HOLE`) of `file` at or after `offset`
/// begins; None for data when only a hole remains up to the end (ENXIO).
pub fn seek_data_or_hole(file: &std::fs::File, offset: u64, data: bool) -> std::io::Result<Option<u64>> {
    use std::os::fd::AsRawFd;
    let whence = if data { libc::SEEK_DATA } else { libc::SEEK_HOLE };
    // SAFETY: lseek only acts on the descriptor `file` owns; callers use positioned I/O,
    // so moving the offset does not disturb them.
    let r = unsafe { libc::lseek(file.as_raw_fd(), offset as libc::off_t, whence) };
    if r < 0 {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::ENXIO) {
            return Ok(None);
        }
        return Err(e);
    }
    Ok(Some(r as u64))
}

/// Writes all of `data` to `sock`, passing `fd` along with the first byte
/// (`SCM_RIGHTS`): how QMP's `getfd` takes a file, and (with one byte) how libvirt's RPC
/// sends each file of a `*_WITH_FDS` message. The peer gets its own copy; the caller
/// still owns `fd`.
pub fn send_with_fd(
    sock: &std::os::unix::net::UnixStream,
    data: &[u8],
    fd: std::os::fd::BorrowedFd<'_>,
) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::fd::AsRawFd;
    if data.is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "an fd needs at least one byte to travel with"));
    }
    let raw = fd.as_raw_fd();
    // u64 storage keeps the control buffer aligned for cmsghdr.
    let mut cbuf = [0u64; 4];
    // SAFETY: CMSG_SPACE only computes a size.
    let space = unsafe { libc::CMSG_SPACE(std::mem::size_of::<libc::c_int>() as u32) } as usize;
    assert!(space <= std::mem::size_of_val(&cbuf));
    let mut iov = libc::iovec { iov_base: data.as_ptr() as *mut libc::c_void, iov_len: data.len() };
    let sent = loop {
        // SAFETY: a zeroed msghdr is a valid empty message; every pointer set below points
        // at live locals (`iov`, `cbuf`) that outlive the sendmsg call, with their true
        // sizes, and the one cmsghdr written lies within `cbuf` (checked by the assert).
        let sent = unsafe {
            let mut msg: libc::msghdr = std::mem::zeroed();
            msg.msg_iov = &mut iov;
            msg.msg_iovlen = 1;
            msg.msg_control = cbuf.as_mut_ptr().cast();
            msg.msg_controllen = space as _;
            let cmsg = libc::CMSG_FIRSTHDR(&msg);
            (*cmsg).cmsg_level = libc::SOL_SOCKET;
            (*cmsg).cmsg_type = libc::SCM_RIGHTS;
            (*cmsg).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<libc::c_int>() as u32) as _;
            std::ptr::copy_nonoverlapping(&raw, libc::CMSG_DATA(cmsg).cast::<libc::c_int>(), 1);
            libc::sendmsg(sock.as_raw_fd(), &msg, libc::MSG_NOSIGNAL)
        };
        if sent >= 0 {
            break sent as usize;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    };
    let mut rest = sock;
    rest.write_all(&data[sent..])
}

/// Reads one byte from `sock` and the one file that travels with it (`SCM_RIGHTS`), as
/// [`send_with_fd`] sends it with a single byte. A byte without a file, end of file, or
/// more than one file is an error (any extra files are closed).
pub fn recv_fd(sock: &std::os::unix::net::UnixStream) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    let mut byte = [0u8; 1];
    let mut cbuf = [0u64; 8];
    let mut iov = libc::iovec { iov_base: byte.as_mut_ptr().cast(), iov_len: 1 };
    let (got, msg) = loop {
        // SAFETY: msghdr is plain data; all zero is a valid, empty message. The pointers
        // set below point at live locals (`iov` over `byte`, `cbuf`) with their true
        // sizes, which outlive the recvmsg call.
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&cbuf) as _;
        // SAFETY: see above; MSG_CMSG_CLOEXEC makes every received file close-on-exec.
        let got = unsafe { libc::recvmsg(sock.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC) };
        if got >= 0 {
            break (got, msg);
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    };
    let mut fds = Vec::new();
    // SAFETY: the kernel filled `msg.msg_control` with `msg_controllen` bytes of cmsghdrs
    // inside `cbuf`; CMSG_FIRSTHDR/NXTHDR stay within them, and each SCM_RIGHTS payload
    // holds `(cmsg_len - CMSG_LEN(0)) / sizeof(int)` descriptors now owned by this process.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&msg);
        while !cmsg.is_null() {
            if (*cmsg).cmsg_level == libc::SOL_SOCKET && (*cmsg).cmsg_type == libc::SCM_RIGHTS {
                let n = ((*cmsg).cmsg_len as usize - libc::CMSG_LEN(0) as usize) / std::mem::size_of::<libc::c_int>();
                let data = libc::CMSG_DATA(cmsg).cast::<libc::c_int>();
                for i in 0..n {
                    fds.push(OwnedFd::from_raw_fd(std::ptr::read_unaligned(data.add(i))));
                }
            }
            cmsg = libc::CMSG_NXTHDR(&msg, cmsg);
        }
    }
    let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    if got == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "end of file while waiting for a file descriptor"));
    }
    if msg.msg_flags & libc::MSG_CTRUNC != 0 {
        return Err(invalid("file descriptors were truncated"));
    }
    match fds.len() {
        1 => Ok(fds.pop().expect("one fd")),
        0 => Err(invalid("no file descriptor came with the byte")),
        _ => Err(invalid("more than one file descriptor came with the byte")),
    }
}

/// A close-on-exec duplicate of `fd` (`F_DUPFD_CLOEXEC`), owned by the caller; EBADF
/// for a descriptor that is not open.
pub fn dup_fd(fd: RawFd) -> std::io::Result<std::os::fd::OwnedFd> {
    use std::os::fd::FromRawFd;
    // SAFETY: fcntl on any integer is memory-safe; a failure is reported, not used.
    let new = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if new < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `new` is a descriptor this process just made and owns alone.
    Ok(unsafe { std::os::fd::OwnedFd::from_raw_fd(new) })
}
