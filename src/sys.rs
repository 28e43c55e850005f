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
