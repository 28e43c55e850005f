//! QEMU processes: launching one for a domain, recognising it later, and killing it.
//!
//! QEMU is started detached by a double fork ([`crate::sys::spawn_detached`], libvirt's
//! own approach) rather than with QEMU's `-daemonize`: with `-daemonize` QEMU points
//! its stderr at /dev/null once started, so late messages ("terminating on signal 15
//! from pid ...") would never reach the domain's log. Detached, QEMU is in a session
//! and process group of its own, a child of init, and outlives the daemon; nobody
//! needs to reap it.
//!
//! A pid alone does not name a process for long, so the driver records a
//! [`ProcessId`]: the pid and the process's start time from `/proc/PID/stat`. Every
//! check and every signal first compares the start time, so a recycled pid is never
//! mistaken for our QEMU (or killed).

#![forbid(unsafe_code)]

use std::ffi::CString;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use virt::error::{Domain, Error, Result};

use crate::sys;

/// A process as the driver records it: a pid and when that process started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessId {
    pub pid: i32,
    /// Field 22 of `/proc/PID/stat`: clock ticks after boot.
    pub start_time: u64,
}

/// What to launch.
pub struct Launch<'a> {
    /// The command line; `argv[0]` is the binary (a path, or a name found on PATH).
    pub argv: &'a [String],
    /// QEMU's whole environment (see [`default_env`]).
    pub env: Vec<(String, String)>,
    /// The domain's log file: appended to, created with mode 0600.
    pub log: &'a Path,
    /// The QMP socket QEMU was told to listen on; `None` to not wait for one.
    pub qmp_socket: Option<&'a Path>,
    /// How long QEMU may take to create its monitor socket.
    pub timeout: Duration,
}

/// The environment libvirt gives QEMU: the C locale and little else of ours.
pub fn default_env() -> Vec<(String, String)> {
    let mut env = vec![("LC_ALL".to_string(), "C".to_string())];
    for var in ["PATH", "HOME", "USER", "LOGNAME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"] {
        if let Ok(v) = std::env::var(var) {
            env.push((var.to_string(), v));
        }
    }
    if !env.iter().any(|(k, _)| k == "PATH") {
        env.push(("PATH".to_string(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()));
    }
    env
}

fn qemu_err(detail: impl Into<String>) -> Error {
    Error::internal(Domain::VIR_FROM_QEMU, detail)
}

fn sys_err(what: &str, e: &std::io::Error) -> Error {
    Error::system(Domain::VIR_FROM_QEMU, what, e)
}

/// Finds `name` on `path` (as execvp would), or takes it as is when it has a slash.
fn find_binary(name: &str, path: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Some(PathBuf::from(name));
    }
    path.split(':').filter(|d| !d.is_empty()).map(|d| Path::new(d).join(name)).find(|p| {
        std::fs::metadata(p)
            .is_ok_and(|m| m.is_file() && std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0)
    })
}

/// Quotes a word for the log's shell-like command line when it needs it.
fn log_quote(s: &str) -> String {
    let plain = !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=,./:@%+".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// libvirt's log header: a timestamped "starting up" line, then the environment and
/// command line one option per line, ready to paste into a shell.
fn log_header(env: &[(String, String)], argv: &[String]) -> String {
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
    let mut out = format!("{}: starting up libvirt-rs version: {}\n", format_utc(now), env!("CARGO_PKG_VERSION"));
    let mut words: Vec<String> = env.iter().map(|(k, v)| format!("{k}={}", log_quote(v))).collect();
    let mut i = 0;
    while i < argv.len() {
        let mut w = log_quote(&argv[i]);
        // An option and its value share a line, as in libvirt's logs.
        if i > 0 && argv[i].starts_with('-') && argv.get(i + 1).is_some_and(|n| !n.starts_with('-')) {
            w = format!("{w} {}", log_quote(&argv[i + 1]));
            i += 1;
        }
        words.push(w);
        i += 1;
    }
    out.push_str(&words.join(" \\\n"));
    out.push('\n');
    out
}

/// "2026-11-21 10:45:55.123+0000", libvirt's log timestamp.
fn format_utc(t: Duration) -> String {
    let secs = t.as_secs();
    let (days, rem) = (secs / 86400, secs % 86400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:03}+0000",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        t.subsec_millis()
    )
}

/// Starts QEMU as `spec` says and, when a QMP socket is given, waits until QEMU has
/// created it. A QEMU that exits first, or takes longer than `spec.timeout`, is an
/// error quoting the end of its log (and a QEMU that timed out is killed).
pub fn launch(spec: &Launch<'_>) -> Result<ProcessId> {
    let Some(argv0) = spec.argv.first() else { return Err(qemu_err("empty QEMU command line")) };
    let path_var = spec.env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.as_str()).unwrap_or("/usr/bin:/bin");
    let binary = find_binary(argv0, path_var).ok_or_else(|| {
        Error::new(
            Domain::VIR_FROM_QEMU,
            virt::error::Code::VIR_ERR_NO_SUPPORT,
            format!("Cannot find QEMU binary {argv0}: No such file or directory"),
        )
    })?;
    let cstr = |s: &[u8]| CString::new(s).map_err(|_| qemu_err("a QEMU argument contains a NUL byte"));
    let c_path = cstr(binary.as_os_str().as_bytes())?;
    let c_argv = spec.argv.iter().map(|a| cstr(a.as_bytes())).collect::<Result<Vec<_>>>()?;
    let c_env = spec.env.iter().map(|(k, v)| cstr(format!("{k}={v}").as_bytes())).collect::<Result<Vec<_>>>()?;

    let mut log = OpenOptions::new()
        .append(true)
        .create(true)
        .read(true)
        .mode(0o600)
        .open(spec.log)
        .map_err(|e| sys_err(&format!("failed to create logfile {}", spec.log.display()), &e))?;
    let header = log_header(&spec.env, spec.argv);
    log.write_all(header.as_bytes()).map_err(|e| sys_err(&format!("cannot write to {}", spec.log.display()), &e))?;
    let offset = log.seek(SeekFrom::End(0)).unwrap_or(0);

    // A socket left by an earlier QEMU would look ready at once.
    if let Some(sock) = spec.qmp_socket {
        match std::fs::remove_file(sock) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(sys_err(&format!("cannot remove stale monitor socket {}", sock.display()), &e)),
        }
    }

    let root = c"/";
    let pid = sys::spawn_detached(&c_path, &c_argv, &c_env, sys::ChildIo { output: &log, cwd: root })
        .map_err(|e| sys_err(&format!("cannot execute {}", binary.display()), &e))?;
    // The start time is set at fork and kept across exec; if QEMU is already gone,
    // the wait below reports it.
    let id = ProcessId { pid, start_time: stat(pid).map(|s| s.start_time).unwrap_or(0) };

    let Some(sock) = spec.qmp_socket else { return Ok(id) };
    let deadline = Instant::now() + spec.timeout;
    let mut delay = Duration::from_micros(500);
    loop {
        if std::fs::symlink_metadata(sock).is_ok_and(|m| m.file_type().is_socket()) {
            return Ok(id);
        }
        if !is_alive(&id) {
            return Err(qemu_err(format!(
                "process exited while connecting to monitor: {}",
                log_tail(&mut log, offset)
            )));
        }
        if Instant::now() >= deadline {
            let _ = destroy(&id, Duration::from_secs(1));
            return Err(qemu_err(format!(
                "QEMU did not create its monitor socket {} within {} ms: {}",
                sock.display(),
                spec.timeout.as_millis(),
                log_tail(&mut log, offset)
            )));
        }
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(2));
    }
}

/// The last few lines QEMU wrote to its log after `offset` (at most 1 KiB).
fn log_tail(log: &mut File, offset: u64) -> String {
    let mut text = String::new();
    if log.seek(SeekFrom::Start(offset)).is_ok() {
        let mut buf = Vec::new();
        let _ = log.read_to_end(&mut buf);
        text = String::from_utf8_lossy(&buf).into_owned();
    }
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    let mut tail = lines[lines.len().saturating_sub(5)..].join("\n");
    if tail.len() > 1024 {
        let mut cut = tail.len() - 1024;
        while !tail.is_char_boundary(cut) {
            cut += 1;
        }
        tail = tail[cut..].to_string();
    }
    if tail.is_empty() {
        "(no output in the log)".to_string()
    } else {
        tail
    }
}

/// The fields of `/proc/PID/stat` (or `/proc/PID/task/TID/stat`) we use.
#[derive(Clone, Copy, Debug)]
pub struct Stat {
    /// R, S, D, Z, T, ...
    pub state: char,
    pub utime: u64,
    pub stime: u64,
    pub start_time: u64,
    /// The CPU it last ran on.
    pub processor: i32,
}

fn parse_stat(text: &str) -> Option<Stat> {
    // The command name (field 2) is in parentheses and may itself hold ") ".
    let rest = &text[text.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // `f[0]` is field 3 (state); field N is f[N - 3].
    Some(Stat {
        state: f.first()?.chars().next()?,
        utime: f.get(11)?.parse().ok()?,
        stime: f.get(12)?.parse().ok()?,
        start_time: f.get(19)?.parse().ok()?,
        processor: f.get(36).and_then(|p| p.parse().ok()).unwrap_or(0),
    })
}

fn read_stat(path: &str) -> Option<Stat> {
    parse_stat(&std::fs::read_to_string(path).ok()?)
}

/// `/proc/PID/stat`, or `None` when there is no such process.
pub fn stat(pid: i32) -> Option<Stat> {
    if pid <= 0 {
        return None;
    }
    read_stat(&format!("/proc/{pid}/stat"))
}

/// Whether the process `id` names is still running: the pid exists, is not a zombie,
/// and started when `id` says (so it is not another process that reused the pid).
pub fn is_alive(id: &ProcessId) -> bool {
    match stat(id.pid) {
        Some(s) => !matches!(s.state, 'Z' | 'X' | 'x') && (id.start_time == 0 || s.start_time == id.start_time),
        None => false,
    }
}

/// Clock ticks (USER_HZ, as /proc counts CPU time) in nanoseconds.
pub fn ticks_to_ns(ticks: u64) -> u64 {
    (ticks as u128 * 1_000_000_000 / sys::clock_ticks() as u128) as u64
}

/// Resident memory of `pid` in KiB (`VmRSS` of /proc/PID/status).
pub fn rss_kib(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")?.split_whitespace().next()?.parse().ok())
}

/// CPU time (user + system) used so far by all threads of `pid`, in nanoseconds.
pub fn cpu_time_ns(pid: i32) -> Option<u64> {
    stat(pid).map(|s| ticks_to_ns(s.utime + s.stime))
}

/// CPU time of one thread (a vCPU's `thread-id`) of `pid`, in nanoseconds.
pub fn thread_cpu_time_ns(pid: i32, tid: i32) -> Option<u64> {
    thread_stat(pid, tid).map(|s| ticks_to_ns(s.utime + s.stime))
}

/// `/proc/PID/task/TID/stat`.
pub fn thread_stat(pid: i32, tid: i32) -> Option<Stat> {
    read_stat(&format!("/proc/{pid}/task/{tid}/stat"))
}

/// CPU time in clock ticks, in nanoseconds.
pub fn cpu_ticks_ns(s: &Stat) -> u64 {
    ticks_to_ns(s.utime + s.stime)
}

/// Signals `id`'s process group (QEMU leads its own, and helpers such as a
/// migration's `cat` belong to it), else the process alone.
fn signal(id: &ProcessId, sig: i32) -> std::io::Result<()> {
    if !is_alive(id) {
        return Ok(());
    }
    sys::kill(-id.pid, sig).or_else(|_| sys::kill(id.pid, sig))
}

/// Waits until `id` is gone, for at most `limit`; returns whether it is.
pub fn wait_gone(id: &ProcessId, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut delay = Duration::from_micros(200);
    loop {
        if !is_alive(id) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(5));
    }
}

/// Kills `id` as libvirt's `virProcessKillPainfully` does: SIGTERM, up to `grace` for
/// it to exit, then SIGKILL. Returns `Ok(false)` if it was already gone.
pub fn destroy(id: &ProcessId, grace: Duration) -> Result<bool> {
    if !is_alive(id) {
        return Ok(false);
    }
    signal(id, libc::SIGTERM).map_err(|e| sys_err(&format!("failed to terminate process {}", id.pid), &e))?;
    if wait_gone(id, grace) {
        return Ok(true);
    }
    signal(id, libc::SIGKILL).map_err(|e| sys_err(&format!("failed to kill process {}", id.pid), &e))?;
    if wait_gone(id, Duration::from_secs(5)) {
        return Ok(true);
    }
    Err(Error::new(
        Domain::VIR_FROM_QEMU,
        virt::error::Code::VIR_ERR_SYSTEM_ERROR,
        format!("Failed to terminate process {} with SIGKILL: Device or resource busy", id.pid),
    ))
}

/// SIGTERM only (libvirt's graceful destroy): waits up to `grace` for the process to
/// end; one that does not is left running, and that is the error.
pub fn terminate(id: &ProcessId, grace: Duration) -> Result<()> {
    if !is_alive(id) {
        return Ok(());
    }
    signal(id, libc::SIGTERM).map_err(|e| sys_err(&format!("failed to terminate process {}", id.pid), &e))?;
    if wait_gone(id, grace) {
        return Ok(());
    }
    Err(Error::new(
        Domain::VIR_FROM_QEMU,
        virt::error::Code::VIR_ERR_SYSTEM_ERROR,
        format!("Failed to terminate process {} with SIGTERM: Device or resource busy", id.pid),
    ))
}

/// Helpers for tests that run real QEMU: a temp dir and a guest killed on drop.
#[cfg(test)]
pub mod test_support {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory, removed on drop.
    pub struct TempDir(pub PathBuf);

    impl TempDir {
        pub fn new(tag: &str) -> TempDir {
            static N: AtomicUsize = AtomicUsize::new(0);
            let p = std::env::temp_dir().join(format!(
                "qemud-{tag}-{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).expect("create temp dir");
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A tiny paused TCG guest with no disk and a QMP socket, killed on drop (also
    /// when the test panics).
    pub struct Guest {
        pub id: ProcessId,
        pub qmp: PathBuf,
        pub log: PathBuf,
        // Last, so the directory goes after the process.
        pub dir: TempDir,
    }

    pub fn guest_argv(dir: &Path, extra: &[&str]) -> Vec<String> {
        let qmp = dir.join("qmp.sock");
        let mut argv: Vec<String> = [
            "qemu-system-x86_64",
            "-machine",
            "pc",
            "-accel",
            "tcg",
            "-m",
            "64",
            "-nodefaults",
            "-no-user-config",
            "-display",
            "none",
            "-S",
            "-qmp",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        argv.push(format!("unix:{},server=on,wait=off", qmp.display()));
        argv.extend(extra.iter().map(|s| s.to_string()));
        argv
    }

    impl Guest {
        pub fn start(extra: &[&str]) -> Guest {
            let dir = TempDir::new("guest");
            let qmp = dir.0.join("qmp.sock");
            let log = dir.0.join("guest.log");
            let argv = guest_argv(&dir.0, extra);
            let id = launch(&Launch {
                argv: &argv,
                env: default_env(),
                log: &log,
                qmp_socket: Some(&qmp),
                timeout: Duration::from_secs(20),
            })
            .unwrap_or_else(|e| panic!("launch failed: {e}"));
            Guest { id, qmp, log, dir }
        }
    }

    impl Drop for Guest {
        fn drop(&mut self) {
            let _ = destroy(&self.id, Duration::ZERO);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn stat_parsing() {
        let s = parse_stat("42 (we ird) (x) S 1 42 42 0 -1 4194560 100 0 0 0 7 3 0 0 20 0 1 0 12345 1000 10").unwrap();
        assert_eq!((s.state, s.utime, s.stime, s.start_time), ('S', 7, 3, 12345));
        assert!(parse_stat("garbage").is_none());
        assert!(parse_stat("1 (x) S 1 2").is_none());
        assert!(parse_stat("").is_none());
    }

    #[test]
    fn timestamps() {
        assert_eq!(format_utc(Duration::from_millis(0)), "1970-01-01 00:00:00.000+0000");
        assert_eq!(format_utc(Duration::from_millis(1_795_776_355_123)), "2026-11-27 10:45:55.123+0000");
        assert_eq!(log_quote("a b"), "'a b'");
        assert_eq!(log_quote("unix:/x,server=on"), "unix:/x,server=on");
    }

    #[test]
    fn guest_is_detached_and_recognised() {
        let g = Guest::start(&[]);
        assert!(is_alive(&g.id));
        assert!(!is_alive(&ProcessId { pid: g.id.pid, start_time: g.id.start_time + 1 }), "pid reuse not detected");
        let raw = std::fs::read_to_string(format!("/proc/{}/stat", g.id.pid)).unwrap();
        let f: Vec<&str> = raw[raw.rfind(')').unwrap() + 2..].split(' ').collect();
        let (ppid, pgid, sid): (i32, i32, i32) = (f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].parse().unwrap());
        assert_ne!(ppid as u32, std::process::id(), "QEMU must not be our child");
        assert_eq!(pgid, g.id.pid, "QEMU must lead its own process group");
        let ours = std::fs::read_to_string("/proc/self/stat").unwrap();
        let ours: Vec<&str> = ours[ours.rfind(')').unwrap() + 2..].split(' ').collect();
        assert_ne!(sid.to_string(), ours[3], "QEMU must be in a session of its own");
        let log = std::fs::read_to_string(&g.log).unwrap();
        assert!(log.contains("starting up libvirt-rs version"), "{log}");
        assert!(log.contains("LC_ALL=C \\\n"), "{log}");
        assert!(log.contains("\n-machine pc \\\n"), "{log}");
        assert!(cpu_time_ns(g.id.pid).is_some());
        assert!(destroy(&g.id, Duration::from_secs(3)).unwrap());
        assert!(!is_alive(&g.id));
        assert!(!destroy(&g.id, Duration::from_secs(3)).unwrap());
    }

    #[test]
    fn failed_start_quotes_the_log() {
        let dir = TempDir::new("fail");
        let argv = guest_argv(&dir.0, &["-bogus-option"]);
        let log = dir.0.join("guest.log");
        let t = Instant::now();
        let e = launch(&Launch {
            argv: &argv,
            env: default_env(),
            log: &log,
            qmp_socket: Some(&dir.0.join("qmp.sock")),
            timeout: Duration::from_secs(20),
        })
        .unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(10));
        assert!(e.message.contains("process exited while connecting to monitor"), "{}", e.message);
        assert!(e.message.contains("-bogus-option"), "{}", e.message);
        assert_eq!(e.domain, Domain::VIR_FROM_QEMU);

        let argv = vec!["/nonexistent/qemu".to_string()];
        let e = launch(&Launch {
            argv: &argv,
            env: default_env(),
            log: &log,
            qmp_socket: None,
            timeout: Duration::from_secs(1),
        })
        .unwrap_err();
        assert!(e.message.contains("No such file"), "{}", e.message);
    }

    #[test]
    fn destroy_escalates_to_sigkill() {
        let dir = TempDir::new("term");
        let argv: Vec<String> = ["sh", "-c", "trap '' TERM; exec sleep 30"].iter().map(|s| s.to_string()).collect();
        let id = launch(&Launch {
            argv: &argv,
            env: default_env(),
            log: &dir.0.join("log"),
            qmp_socket: None,
            timeout: Duration::from_secs(5),
        })
        .unwrap();
        // Let the shell install its trap and exec.
        let t = Instant::now();
        while std::fs::read_to_string(format!("/proc/{}/comm", id.pid)).map_or(true, |c| c.trim() != "sleep") {
            assert!(t.elapsed() < Duration::from_secs(5), "sleep never started");
            std::thread::sleep(Duration::from_millis(2));
        }
        let t = Instant::now();
        assert!(destroy(&id, Duration::from_millis(300)).unwrap());
        let took = t.elapsed();
        assert!(took >= Duration::from_millis(300), "SIGTERM was not ignored? {took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
        assert!(!is_alive(&id));
    }
}
