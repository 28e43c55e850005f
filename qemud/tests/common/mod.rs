//! Helpers for qemud's integration tests: a private temp dir per test, a daemon in its
//! own process group (killed on drop), raw RPC over its socket, and `virsh`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use virt::rpc::message::{self, Header, MessageType, RemoteError, Status, REMOTE_PROGRAM};
use virt::rpc::xdr::{Writer, Xdr};

pub const QEMUD: &str = env!("CARGO_BIN_EXE_qemud");

pub fn is_root() -> bool {
    virt::sys::euid() == 0
}

/// A directory removed (with its contents) on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "qemud-test-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running qemud, in its own process group; killed (the whole group) on drop.
pub struct Daemon {
    pub dir: TempDir,
    pub child: Option<Child>,
    pub log: PathBuf,
}

impl Daemon {
    /// Starts qemud with a config of `unix_sock_dir = <temp dir>` plus `extra`, and
    /// `args`; waits until its read-write socket answers.
    pub fn start(tag: &str, extra: &str, args: &[&str]) -> Daemon {
        let d = Daemon::spawn(tag, extra, args);
        d.wait_ready();
        d
    }

    /// Starts qemud without waiting.
    pub fn spawn(tag: &str, extra: &str, args: &[&str]) -> Daemon {
        Daemon::spawn_in(TempDir::new(tag), extra, args, &[])
    }

    /// Starts qemud in `dir` (a new one, or one a killed daemon left), through
    /// `wrapper` (a command that ends by running its arguments: `unshare ...`,
    /// `nsenter ...`) when not empty. Writes the config as [`Daemon::spawn`] does.
    pub fn spawn_in(dir: TempDir, extra: &str, args: &[&str], wrapper: &[String]) -> Daemon {
        let conf = dir.path().join("qemud.conf");
        // A system-mode daemon's QEMU driver is kept out of /etc and /run; a session one
        // finds its places from the XDG variables below.
        let qemu_dirs = if args.contains(&"--session") {
            String::new()
        } else {
            let q = dir.path().join("libvirt/qemu");
            format!(
                "qemu_config_dir = \"{}\"\nqemu_state_dir = \"{}/run\"\nqemu_log_dir = \"{}/log\"\n\
                 qemu_save_dir = \"{}/save\"\n",
                q.display(),
                q.display(),
                q.display(),
                q.display()
            )
        };
        std::fs::write(&conf, format!("unix_sock_dir = \"{}\"\n{qemu_dirs}{extra}\n", dir.path().display())).unwrap();
        let log = dir.path().join("qemud.log");
        let mut cmd = match wrapper.split_first() {
            Some((program, rest)) => {
                let mut c = Command::new(program);
                c.args(rest).arg(QEMUD);
                c
            }
            None => Command::new(QEMUD),
        };
        let child = cmd
            .arg("--config")
            .arg(&conf)
            .arg("--pid-file")
            .arg(dir.path().join("qemud.pid"))
            // A safety net: a daemon this test forgot goes away by itself.
            .args(["--timeout", "300"])
            .args(args)
            .env_remove("LIBVIRT_DEBUG")
            .env_remove("LIBVIRT_LOG_OUTPUTS")
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_CACHE_HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(dir.path().join("qemud.out")).unwrap())
            .stderr(std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap())
            .process_group(0)
            .spawn()
            .expect("start qemud");
        Daemon { dir, child: Some(child), log }
    }

    /// A session daemon (`--session`): its QEMU driver keeps configs in
    /// `<dir>/libvirt/qemu`, runtime files in `<dir>/libvirt/qemu/run` and logs in
    /// `<dir>/libvirt/qemu/log`.
    pub fn start_session(tag: &str) -> Daemon {
        Daemon::start(tag, "", &["--session"])
    }

    /// `qemu+unix:///session?socket=...` for the read-write socket.
    pub fn qemu_session_uri(&self) -> String {
        format!("qemu+unix:///session?socket={}", self.sock().display())
    }

    pub fn sock(&self) -> PathBuf {
        self.dir.path().join("virtqemud-sock")
    }

    pub fn sock_ro(&self) -> PathBuf {
        self.dir.path().join("virtqemud-sock-ro")
    }

    /// `test+unix:///default?socket=...` for the read-write socket.
    pub fn uri(&self) -> String {
        format!("test+unix:///default?socket={}", self.sock().display())
    }

    pub fn uri_ro(&self) -> String {
        format!("test+unix:///default?socket={}", self.sock_ro().display())
    }

    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if UnixStream::connect(self.sock()).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("qemud did not come up; log:\n{}", self.log_text());
    }

    /// Waits for the socket file only, without connecting (a probe connection would
    /// count as a client for a moment).
    pub fn wait_socket_file(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            // Bound means listening: a connection from now on waits in the backlog.
            if self.sock().exists() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("qemud did not come up; log:\n{}", self.log_text());
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the daemon to exit by itself; its exit code.
    pub fn wait_exit(&mut self, within: Duration) -> Option<i32> {
        let child = self.child.as_mut()?;
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(st)) = child.try_wait() {
                self.child = None;
                return st.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn is_running(&mut self) -> bool {
        match self.child.as_mut() {
            Some(c) => matches!(c.try_wait(), Ok(None)),
            None => false,
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.as_ref().map(|c| c.id() as i32).unwrap_or(-1)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            // SAFETY: signalling the process group this test started (pgid = child pid).
            unsafe { libc::killpg(c.id() as i32, libc::SIGKILL) };
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Kills, on drop, every QEMU whose pid file is in a session daemon's runtime dir
/// (QEMU runs detached, outside the daemon's process group). Declare it after the
/// [`Daemon`] so it is dropped first, while the directory still exists.
pub struct QemuReaper(pub PathBuf);

impl QemuReaper {
    pub fn for_session(d: &Daemon) -> QemuReaper {
        QemuReaper(d.dir.path().join("libvirt/qemu/run"))
    }

    /// The pids recorded in the runtime dir.
    pub fn pids(&self) -> Vec<i32> {
        let Ok(entries) = std::fs::read_dir(&self.0) else { return Vec::new() };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "pid"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok()?.trim().parse::<i32>().ok())
            .collect()
    }
}

impl Drop for QemuReaper {
    fn drop(&mut self) {
        for pid in self.pids() {
            // SAFETY: kill(2) on a QEMU this test's daemon started (its pid file).
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// Runs a command with a time limit; kills it (its group) if it overruns.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Output {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).process_group(0).spawn().expect("spawn");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Ok(Some(st)) = child.try_wait() {
            break st;
        }
        if Instant::now() > deadline {
            // SAFETY: signalling the process group we just created.
            unsafe { libc::killpg(child.id() as i32, libc::SIGKILL) };
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: t_out.join().unwrap(), stderr: t_err.join().unwrap() }
}

/// Where virsh lives, if installed.
pub fn virsh_path() -> Option<PathBuf> {
    ["/usr/bin/virsh", "/bin/virsh"].iter().map(PathBuf::from).find(|p| p.exists())
}

/// `virsh -c uri <cmds>` (cmds separated by `;`), with a private HOME.
pub fn virsh(home: &Path, uri: &str, extra: &[&str], cmds: &str) -> Output {
    let mut c = Command::new(virsh_path().expect("virsh"));
    c.args(extra)
        .arg("-c")
        .arg(uri)
        .arg(cmds)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home)
        .env_remove("LIBVIRT_DEFAULT_URI")
        .env_remove("VIRSH_DEFAULT_CONNECT_URI")
        // Real virsh needs the real libvirt (it uses private symbols); `cargo test` puts
        // target/release, where our libvirt.so.0 lives, on the loader's path.
        .env_remove("LD_LIBRARY_PATH");
    run_with_timeout(&mut c, Duration::from_secs(60))
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A raw RPC connection for poking at the daemon.
pub struct Raw {
    pub s: UnixStream,
    serial: u32,
}

/// A reply: header and payload, or the decoded error.
#[derive(Debug)]
pub enum Reply {
    Ok(Header, Vec<u8>),
    Err(Header, RemoteError),
}

impl Reply {
    pub fn ok(self) -> Vec<u8> {
        match self {
            Reply::Ok(_, p) => p,
            Reply::Err(h, e) => panic!("call {} failed: {:?}", h.proc_, e),
        }
    }

    pub fn err(self) -> RemoteError {
        match self {
            Reply::Err(_, e) => e,
            Reply::Ok(h, p) => panic!("call {} succeeded with {} bytes", h.proc_, p.len()),
        }
    }
}

impl Raw {
    pub fn connect(path: &Path) -> Raw {
        let s = UnixStream::connect(path).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        Raw { s, serial: 1 }
    }

    pub fn send_bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.s.write_all(b)
    }

    pub fn send(&mut self, prog: u32, proc_: i32, kind: MessageType, payload: &[u8]) -> u32 {
        let serial = self.serial;
        self.serial += 1;
        let h = Header { prog, vers: 1, proc_, kind, serial, status: Status::Ok };
        let p = packet(&h, payload);
        self.s.write_all(&p).expect("send");
        serial
    }

    /// Reads one packet.
    pub fn recv(&mut self) -> std::io::Result<(Header, Vec<u8>)> {
        let mut w = [0u8; 4];
        self.s.read_exact(&mut w)?;
        let len = message::decode_length(w).map_err(|e| std::io::Error::other(e.message))?;
        let mut body = vec![0u8; len - 4];
        self.s.read_exact(&mut body)?;
        let (h, p) = message::decode_header(&body).map_err(|e| std::io::Error::other(e.message))?;
        Ok((h, p.to_vec()))
    }

    /// Reads the next reply, skipping keepalive messages.
    pub fn reply(&mut self) -> Reply {
        loop {
            let (h, p) = self.recv().expect("reply");
            if h.kind != MessageType::Reply {
                continue;
            }
            return match h.status {
                Status::Ok => Reply::Ok(h, p),
                _ => Reply::Err(h, RemoteError::from_xdr(&p).expect("error payload")),
            };
        }
    }

    pub fn call(&mut self, proc_: i32, args: &impl Xdr) -> Reply {
        let serial = self.send(REMOTE_PROGRAM, proc_, MessageType::Call, &args.to_xdr());
        let r = self.reply();
        let h = match &r {
            Reply::Ok(h, _) | Reply::Err(h, _) => *h,
        };
        assert_eq!(h.serial, serial, "reply to the wrong call");
        r
    }

    /// AUTH_LIST then CONNECT_OPEN of `uri`.
    pub fn open(&mut self, uri: &str) {
        self.call(66, &()).ok();
        self.call(1, &virt::rpc::protocol::ConnectOpenArgs { name: Some(uri.into()), flags: 0 }).ok();
    }

    /// True once the daemon has closed the connection (EOF or reset within `within`).
    pub fn closed_by_peer(&mut self, within: Duration) -> bool {
        self.s.set_read_timeout(Some(within)).unwrap();
        let mut b = [0u8; 4096];
        loop {
            match self.s.read(&mut b) {
                Ok(0) => return true,
                Ok(_) => continue,
                Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                    return false
                }
                Err(_) => return true,
            }
        }
    }
}

/// A packet with a raw payload.
pub fn packet(h: &Header, payload: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    w.u32((4 + 24 + payload.len()) as u32);
    w.u32(h.prog);
    w.u32(h.vers);
    w.u32(h.proc_ as u32);
    w.u32(h.kind as i32 as u32);
    w.u32(h.serial);
    w.u32(h.status as i32 as u32);
    w.buf.extend_from_slice(payload);
    w.buf
}

/// The domain XML the tests define.
pub const DOMAIN_XML: &str = "<domain type='test'>
  <name>qd-test</name>
  <uuid>5d3cbbd4-8f2c-4e1a-9c3e-2f5a6b7c8d9e</uuid>
  <memory unit='KiB'>1048576</memory>
  <vcpu>1</vcpu>
  <os><type arch='i686'>hvm</type></os>
</domain>
";

/// Debian's libvirtd in a private mount and network namespace (tmpfs over its state
/// and config directories), for reference output; `None` where it cannot run.
pub struct Reference {
    pub child: Child,
}

impl Reference {
    pub fn start() -> Option<Reference> {
        Reference::start_after("true")
    }

    /// As [`Reference::start`], after `setup` (shell commands) ran in the new namespaces.
    pub fn start_after(setup: &str) -> Option<Reference> {
        if !is_root() || !Path::new("/usr/sbin/libvirtd").exists() || virsh_path().is_none() {
            return None;
        }
        let script = format!(
            "{setup} || exit 1; for d in /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do \
             mkdir -p $d && mount -t tmpfs tmpfs $d || exit 1; done; \
             echo 'stdio_handler = \"file\"' > /etc/libvirt/qemu.conf; \
             exec /usr/sbin/libvirtd --pid-file /run/libvirt/libvirtd.pid"
        );
        let child = Command::new("unshare")
            .args(["-m", "-n", "--propagation", "private", "sh", "-c", &script])
            .env_remove("LD_LIBRARY_PATH")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .ok()?;
        let mut r = Reference { child };
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = String::new();
        while Instant::now() < deadline {
            let out = r.virsh(&["uri"]);
            if out.status.success() {
                return Some(r);
            }
            last = text(&out.stderr);
            if let Ok(Some(st)) = r.child.try_wait() {
                let mut e = String::new();
                if let Some(mut s) = r.child.stderr.take() {
                    use std::io::Read;
                    let _ = s.read_to_string(&mut e);
                }
                last = format!("libvirtd exited ({st}): {e}");
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        eprintln!("SKIP (reference): Debian's libvirtd did not come up in its namespace: {last}");
        None
    }

    pub fn virsh(&self, args: &[&str]) -> std::process::Output {
        let pid = self.child.id().to_string();
        let mut c = Command::new("nsenter");
        c.args(["-t", &pid, "-m", "-n", "virsh", "-c", "qemu:///system"]).args(args).env_remove("LD_LIBRARY_PATH");
        run_with_timeout(&mut c, Duration::from_secs(60))
    }
}

impl Reference {
    /// Its read-write socket, reached from outside its mount namespace.
    pub fn socket(&self) -> PathBuf {
        PathBuf::from(format!("/proc/{}/root/run/libvirt/libvirt-sock", self.child.id()))
    }

    /// Its QEMU driver, through the remote driver of our library.
    pub fn qemu_uri(&self) -> String {
        format!("qemu+unix:///system?socket={}", self.socket().display())
    }
}

impl Drop for Reference {
    fn drop(&mut self) {
        // libvirtd's guests outlive it: every process in its network namespace but libvirtd
        // goes first, whatever state the test left (a failed test included).
        kill_netns_of(self.child.id(), true);
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Answers a SASL open's AUTHNAME and PASSPHRASE with a fixed user and password.
pub struct Password(pub &'static str, pub &'static str);

impl virt::driver::auth::Authenticator for Password {
    fn kinds(&self) -> Vec<virt::driver::auth::CredType> {
        vec![virt::driver::auth::CredType::Authname, virt::driver::auth::CredType::Passphrase]
    }
    fn ask(&self, creds: &mut [virt::driver::auth::Credential]) -> virt::error::Result<()> {
        use virt::driver::auth::CredType;
        for c in creds {
            c.result = Some(match c.kind {
                CredType::Authname => self.0.as_bytes().to_vec(),
                CredType::Passphrase => self.1.as_bytes().to_vec(),
                _ => Vec::new(),
            });
        }
        Ok(())
    }
}

/// Opens `uri` with `user` and `pw` as the credentials asked for.
pub fn open_with_password(uri: &str, user: &'static str, pw: &'static str) -> virt::error::Result<Box<dyn virt::driver::Driver>> {
    let auth = virt::driver::auth::Auth { source: Some(std::sync::Arc::new(Password(user, pw))) };
    let flags = virt::driver::OpenFlags { auth, ..Default::default() };
    virt::driver::open(&virt::uri::Uri::parse(uri).unwrap(), flags)
}

// ---- the tiny Linux guest -------------------------------------------------------------

/// Builds (or finds in its cache under target/) the tiny guest: its `vmlinuz` and
/// `initrd.img`.
pub fn tiny_guest() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = run_with_timeout(Command::new(root.join("tests/tiny-guest/build")).current_dir(&root), Duration::from_secs(600));
    assert!(out.status.success(), "tests/tiny-guest/build failed:\n{}{}", text(&out.stdout), text(&out.stderr));
    let dir = PathBuf::from(text(&out.stdout).trim());
    let (k, i) = (dir.join("vmlinuz"), dir.join("initrd.img"));
    assert!(k.is_file() && i.is_file(), "no kernel/initrd in {}", dir.display());
    (k, i)
}

/// Polls `f` every 50 ms until it holds or `limit` passes; its last answer.
pub fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

/// A guest's serial log (a file), as text.
pub fn serial_text(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned()
}

/// `unshare -n` with the loopback up, then the command (a daemon) given after it.
pub fn private_netns_wrapper() -> Vec<String> {
    ["unshare", "-n", "sh", "-c", r#"ip link set lo up && exec "$@""#, "sh"].iter().map(|s| s.to_string()).collect()
}

/// Kills (SIGKILL) every process in the network namespace of process `pid`: `pid` too
/// unless `spare`. For daemons in a private namespace, whose children (QEMU, dnsmasq)
/// outlive them.
pub fn kill_netns_of(pid: u32, spare: bool) {
    if let Some(reaper) = NetnsReaper::of(pid) {
        reaper.kill(if spare { Some(pid) } else { None });
    }
}

/// On drop, empties the private network namespace a daemon was started in (see
/// [`kill_netns_of`]): what it started there goes with it, a failed test and a daemon
/// that died first included.
pub struct NetnsReaper(std::path::PathBuf);

impl NetnsReaper {
    /// The namespace `pid` is in now; `None` for the test's own.
    pub fn of(pid: u32) -> Option<NetnsReaper> {
        let ns = std::fs::read_link(format!("/proc/{pid}/ns/net")).ok()?;
        (std::fs::read_link("/proc/self/ns/net").ok().as_ref() != Some(&ns)).then_some(NetnsReaper(ns))
    }

    fn kill(&self, spare: Option<u32>) {
        let doomed: Vec<String> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
            .filter(|p| Some(*p) != spare && std::fs::read_link(format!("/proc/{p}/ns/net")).ok().as_ref() == Some(&self.0))
            .map(|p| p.to_string())
            .collect();
        if !doomed.is_empty() {
            let _ = Command::new("kill").arg("-9").args(&doomed).status();
        }
    }
}

impl Drop for NetnsReaper {
    fn drop(&mut self) {
        self.kill(None);
    }
}
