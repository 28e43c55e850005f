//! Startup and lifetime: config errors, stale and live sockets, --timeout, --daemon,
//! max_clients, keepalive, peer credentials.

mod common;

use std::os::unix::net::UnixStream;
use std::process::Command;
use std::time::Duration;

use common::*;
use virt::rpc::message::{MessageType, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM};
use virt::rpc::protocol as p;
use virt::rpc::xdr::Xdr;

/// Runs qemud with `config` and returns (exit code, stderr).
fn run_with_config(config: &str) -> (Option<i32>, String) {
    let dir = TempDir::new("conf");
    let path = dir.path().join("bad.conf");
    std::fs::write(&path, format!("unix_sock_dir = \"{}\"\n{config}\n", dir.path().display())).unwrap();
    let out = run_with_timeout(
        Command::new(QEMUD).arg("--config").arg(&path).arg("--pid-file").arg(dir.path().join("pid")),
        Duration::from_secs(20),
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&path.display().to_string()), "the error should name the file: {stderr}");
    (out.status.code(), stderr)
}

#[test]
fn config_errors_name_the_key_and_exit_1() {
    for (config, key) in [
        ("no_such_setting = 1", "no_such_setting"),
        ("max_clients = \"lots\"", "max_clients"),
        ("max_clients = 0", "max_clients"),
        ("listen_tcp = \"yes\"", "listen_tcp"),
        ("unix_sock_rw_perms = \"rwx\"", "unix_sock_rw_perms"),
        ("unix_sock_ro_perms = 777", "unix_sock_ro_perms"),
        ("auth_unix_rw = \"kerberos\"", "auth_unix_rw"),
        ("auth_unix_ro = \"polkit\"", "auth_unix_ro"),
        ("listen_tcp = 1\nlisten_addr = \"127.0.0.1\"\nauth_tcp = \"polkit\"", "auth_tcp"),
        ("tcp_port = \"http\"", "tcp_port"),
        ("keepalive_interval = \"5\"", "keepalive_interval"),
        ("log_level = 9", "log_level"),
        ("log_outputs = \"1:file:relative.log\"", "log_outputs"),
    ] {
        let (code, stderr) = run_with_config(config);
        assert_eq!(code, Some(1), "{config}: {stderr}");
        assert!(stderr.contains(&format!("'{key}'")), "{config}: the error should name '{key}': {stderr}");
    }
    // polkit is refused with a clear word (SASL is served).
    let (_, stderr) = run_with_config("auth_unix_rw = \"polkit\"");
    assert!(stderr.contains("needs a system bus and polkit"), "{stderr}");
    // A syntax error names file and line.
    let (code, stderr) = run_with_config("max_clients = = 3");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("bad.conf:2"), "{stderr}");
}

#[test]
fn missing_config_file_and_bad_options() {
    let out =
        run_with_timeout(Command::new(QEMUD).args(["--config", "/nonexistent/qemud.conf"]), Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("/nonexistent/qemud.conf"));
    let out = run_with_timeout(Command::new(QEMUD).arg("--frobnicate"), Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--frobnicate"));
    let out = run_with_timeout(Command::new(QEMUD).arg("--help"), Duration::from_secs(20));
    assert!(out.status.success() && text(&out.stdout).contains("--timeout"));
}

#[test]
fn stale_sockets_are_replaced_and_live_ones_refused() {
    // A stale socket file (nobody listening) is removed and rebound.
    let dir = TempDir::new("stale");
    let stale = dir.path().join("virtqemud-sock");
    drop(std::os::unix::net::UnixListener::bind(&stale).unwrap());
    assert!(stale.exists());
    let conf = dir.path().join("q.conf");
    std::fs::write(&conf, format!("unix_sock_dir = \"{}\"\n", dir.path().display())).unwrap();
    let mut first = Command::new(QEMUD);
    first.arg("--config").arg(&conf).arg("--pid-file").arg(dir.path().join("pid1")).args(["--timeout", "60"]);
    let mut first = KillOnDrop(first.stderr(std::process::Stdio::null()).spawn().unwrap());
    wait_for_socket(&stale);

    // A second daemon on the same sockets (different pid file) refuses to start.
    let out = run_with_timeout(
        Command::new(QEMUD).arg("--config").arg(&conf).arg("--pid-file").arg(dir.path().join("pid2")),
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already listening"), "{}", text(&out.stderr));
    // The same pid file: refused too, naming the holder.
    let out = run_with_timeout(
        Command::new(QEMUD).arg("--config").arg(&conf).arg("--pid-file").arg(dir.path().join("pid1")),
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(&format!("pid {}", first.0.id())), "{}", text(&out.stderr));
    // The first one is unharmed.
    assert!(UnixStream::connect(&stale).is_ok());
    assert!(first.0.try_wait().unwrap().is_none());
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_for_socket(path: &std::path::Path) {
    for _ in 0..1000 {
        if UnixStream::connect(path).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no daemon on {}", path.display());
}

#[test]
fn timeout_exits_when_idle_and_cleans_up() {
    let mut d = Daemon::start("timeout", "", &["--timeout", "2"]);
    // A client keeps it alive past the timeout.
    {
        let mut c = Raw::connect(&d.sock());
        c.open("test:///default");
        std::thread::sleep(Duration::from_millis(2500));
        assert!(d.is_running(), "exited with a client connected");
    }
    assert_eq!(d.wait_exit(Duration::from_secs(10)), Some(0), "{}", d.log_text());
    assert!(!d.sock().exists() && !d.sock_ro().exists(), "sockets left behind");
    assert!(!d.dir.path().join("qemud.pid").exists(), "pid file left behind");
}

#[test]
fn sigterm_cleans_up() {
    let mut d = Daemon::start("sigterm", "", &[]);
    // SIGHUP (libvirt's "reload") does not stop it.
    // SAFETY: signalling the daemon this test started.
    unsafe { libc::kill(d.pid(), libc::SIGHUP) };
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(d.is_running(), "SIGHUP stopped the daemon");
    // SAFETY: signalling the daemon this test started.
    unsafe { libc::kill(d.pid(), libc::SIGTERM) };
    assert_eq!(d.wait_exit(Duration::from_secs(10)), Some(0));
    assert!(!d.sock().exists());
}

#[test]
fn daemon_mode_detaches_and_writes_its_pid() {
    let dir = TempDir::new("daemonize");
    let conf = dir.path().join("q.conf");
    std::fs::write(&conf, format!("unix_sock_dir = \"{}\"\n", dir.path().display())).unwrap();
    let pid_file = dir.path().join("qemud.pid");
    let out = run_with_timeout(
        Command::new(QEMUD)
            .arg("--daemon")
            .arg("--config")
            .arg(&conf)
            .arg("--pid-file")
            .arg(&pid_file)
            .args(["--timeout", "30"]),
        Duration::from_secs(20),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pid: i32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
    let sock = dir.path().join("virtqemud-sock");
    assert!(UnixStream::connect(&sock).is_ok(), "the daemon is not listening");
    let mut c = Raw::connect(&sock);
    c.open("test:///default");
    drop(c);
    // SAFETY: stopping the daemon this test started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    for _ in 0..500 {
        if !sock.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!sock.exists());

    // A failing daemon start is reported by the parent's exit code.
    let bad = dir.path().join("bad.conf");
    std::fs::write(&bad, "unix_sock_dir = \"/proc/forbidden\"\n").unwrap();
    let out = run_with_timeout(
        Command::new(QEMUD).arg("--daemon").arg("--config").arg(&bad).arg("--pid-file").arg(dir.path().join("p2")),
        Duration::from_secs(20),
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn max_clients_queues_extra_clients() {
    let d = Daemon::spawn("maxclients", "max_clients = 2\nmax_anonymous_clients = 2", &[]);
    // Not `wait_ready`: its probe connection would count as a client for a moment.
    d.wait_socket_file();
    let mut a = Raw::connect(&d.sock());
    a.open("test:///default");
    let mut b = Raw::connect(&d.sock());
    b.open("test:///default");
    // A third waits, as libvirtd's does (max_queued_clients), instead of being reset.
    let mut extra = Raw::connect(&d.sock());
    let call = packet(&virt::rpc::message::Header::call(virt::rpc::message::REMOTE_PROGRAM, 66, 1), &[]);
    extra.send_bytes(&call).unwrap();
    assert!(!extra.closed_by_peer(Duration::from_secs(2)), "a third client was turned away or answered");
    assert!(d.log_text().contains("max_clients = 2"), "{}", d.log_text());
    // The admitted ones still work; when one leaves, the waiting one is served.
    a.call(3, &()).ok();
    drop(b);
    extra.s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let (h, _) = extra.recv().expect("the waiting client is served once a slot frees");
    assert_eq!((h.proc_, h.serial), (66, 1));
}

#[test]
fn keepalive_pings_and_drops_silent_clients() {
    let d = Daemon::start("keepalive", "keepalive_interval = 1\nkeepalive_count = 2", &[]);
    let feature = |c: &mut Raw| {
        let r =
            p::ConnectSupportsFeatureRet::from_xdr(&c.call(60, &p::ConnectSupportsFeatureArgs { feature: 10 }).ok())
                .unwrap();
        assert_eq!(r.supported, 1);
    };

    // A client that answers stays.
    let mut good = Raw::connect(&d.sock());
    feature(&mut good);
    good.open("test:///default");
    let mut pings = 0;
    good.s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    while pings < 4 {
        let (h, _) = good.recv().expect("PING");
        assert_eq!((h.prog, h.proc_, h.kind), (KEEPALIVE_PROGRAM, KEEPALIVE_PING, MessageType::Message));
        pings += 1;
        good.send(KEEPALIVE_PROGRAM, KEEPALIVE_PONG, MessageType::Message, &[]);
    }
    good.call(3, &()).ok();

    // One that never answers is closed after interval * (count + 1) seconds or so.
    let mut silent = Raw::connect(&d.sock());
    feature(&mut silent);
    let start = std::time::Instant::now();
    assert!(silent.closed_by_peer(Duration::from_secs(15)), "a silent client was kept");
    assert!(start.elapsed() >= Duration::from_secs(2), "closed too early: {:?}", start.elapsed());
    assert!(d.log_text().contains("keepalive"), "{}", d.log_text());

    // A client that never asked for keepalive gets no PINGs.
    let mut quiet = Raw::connect(&d.sock());
    quiet.open("test:///default");
    assert!(!quiet.closed_by_peer(Duration::from_secs(3)), "a client without keepalive was dropped");
}

#[test]
fn session_daemon_refuses_other_users() {
    use std::os::unix::process::CommandExt;
    if unsafe_euid() != 0 {
        eprintln!("SKIP: needs root to run a client as another user");
        return;
    }
    if run_with_timeout(Command::new("python3").arg("-c").arg("pass"), Duration::from_secs(20)).status.code() != Some(0)
    {
        eprintln!("SKIP: python3 is not available for the unprivileged client");
        return;
    }
    // World-writable socket: only SO_PEERCRED stands between nobody and the daemon.
    let d = Daemon::start("peercred", "unix_sock_rw_perms = \"0777\"", &["--session"]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(d.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(!d.sock_ro().exists(), "a session daemon has no read-only socket");

    // As nobody: connect, send AUTH_LIST, report what comes back.
    const CLIENT: &str = "import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
try:
    s.sendall(struct.pack('>IIIiIIi', 28, 0x20008086, 1, 66, 0, 1, 0))
    print('GOT', len(s.recv(100)))
except OSError as e:
    print('GOT', 0, e)
";
    let out = run_with_timeout(
        Command::new("python3").arg("-c").arg(CLIENT).arg(d.sock()).uid(65534).gid(65534),
        Duration::from_secs(30),
    );
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("GOT 0"), "nobody was served: {stdout} {}", text(&out.stderr));
    assert!(d.log_text().contains("uid 65534"), "{}", d.log_text());

    // The owner is served.
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    assert!(!c.call(3, &()).ok().is_empty());
}

fn unsafe_euid() -> u32 {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() }
}
