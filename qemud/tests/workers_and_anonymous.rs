//! The daemon's global limits (issue 9): `max_workers` bounds the calls running at once
//! over all clients while keepalive and quick calls are still answered, and 1,000
//! connections that never authenticate (SASL configured) leave an authenticated client
//! served without delay, with the daemon's descriptors and memory bounded: past
//! `max_anonymous_clients` they wait in the listen backlog (`max_queued_clients`), as
//! with libvirtd, and are served in turn once the others leave.

mod common;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use virt::rpc::message::{MessageType, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM, REMOTE_PROGRAM};
use virt::rpc::protocol as p;
use virt::rpc::xdr::Xdr;

fn create_domain(c: &mut Raw, name: &str) -> virt::driver::DomainId {
    let xml = format!("<domain type='test'><name>{name}</name><memory>1024</memory><os><type>hvm</type></os></domain>");
    let r = c.call(p::num::DOMAIN_CREATE_XML, &p::DomainCreateXmlArgs { xml_desc: xml, flags: 0 }).ok();
    p::DomainCreateXmlRet::from_xdr(&r).unwrap().dom
}

#[test]
fn max_workers_bounds_running_calls_and_keepalive_is_answered() {
    let d = Daemon::start("workers", "max_workers = 1\n", &[]);
    let mut setup = Raw::connect(&d.sock());
    setup.open("test:///default");
    let (w0, w1) = (create_domain(&mut setup, "worker0"), create_domain(&mut setup, "worker1"));
    let fifo = d.dir.path().join("w0.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let image = d.dir.path().join("w1.img");

    // A's save holds the one worker: it blocks until the FIFO is read.
    let mut a = Raw::connect(&d.sock());
    a.open("test:///default");
    let args = p::DomainSaveFlagsArgs { dom: w0, to: fifo.display().to_string(), dxml: None, flags: 0 };
    let a_serial = a.send(REMOTE_PROGRAM, p::num::DOMAIN_SAVE_FLAGS, MessageType::Call, &args.to_xdr());
    std::thread::sleep(Duration::from_millis(300));
    // B's save, from another client, waits for the worker: its image is not written.
    let mut b = Raw::connect(&d.sock());
    b.open("test:///default");
    let args = p::DomainSaveFlagsArgs { dom: w1, to: image.display().to_string(), dxml: None, flags: 0 };
    let b_serial = b.send(REMOTE_PROGRAM, p::num::DOMAIN_SAVE_FLAGS, MessageType::Call, &args.to_xdr());
    std::thread::sleep(Duration::from_millis(700));
    assert!(!image.exists(), "a second call ran beside the first with max_workers = 1");

    // Meanwhile B's PING is answered, and a third client's quick calls are served.
    let started = Instant::now();
    b.send(KEEPALIVE_PROGRAM, KEEPALIVE_PING, MessageType::Message, &[]);
    let (h, _) = b.recv().unwrap();
    assert_eq!((h.prog, h.proc_), (KEEPALIVE_PROGRAM, KEEPALIVE_PONG));
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    for _ in 0..20 {
        c.call(p::num::CONNECT_GET_HOSTNAME, &()).ok();
    }
    let took = started.elapsed();
    eprintln!("PONG and 20 calls of another client took {took:?} while the worker was busy");
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(!image.exists());

    // Reading the FIFO ends A's save; B's runs next.
    let drain = std::thread::spawn(move || std::fs::read(fifo).unwrap().len());
    let r = a.reply();
    assert!(matches!(&r, Reply::Ok(h, _) if h.serial == a_serial), "{r:?}");
    assert!(drain.join().unwrap() > 0);
    let r = b.reply();
    assert!(matches!(&r, Reply::Ok(h, _) if h.serial == b_serial), "{r:?}");
    assert!(image.exists());
}

#[test]
fn max_anonymous_above_max_clients_is_refused_at_startup() {
    let mut d = Daemon::spawn("anon-check", "max_clients = 5\nmax_anonymous_clients = 10\n", &[]);
    let code = d.wait_exit(Duration::from_secs(20));
    assert_eq!(code, Some(1), "{}", d.log_text());
    assert!(
        d.log_text().contains(
            "The overall maximum number of clients must not be less than the number of clients waiting for authentication"
        ),
        "{}",
        d.log_text()
    );
}

fn open_sasl(uri: &str) -> virt::error::Result<Box<dyn virt::driver::Driver>> {
    open_with_password(uri, "alice", "secret")
}

fn sasl_conf(dir: &Path) -> String {
    let db = dir.join("sasldb");
    let mut c = Command::new("saslpasswd2")
        .args(["-p", "-f"])
        .arg(&db)
        .args(["-a", "libvirt", "-c", "alice"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("saslpasswd2 (sasl2-bin) must be installed");
    c.stdin.take().unwrap().write_all(b"secret\n").unwrap();
    assert!(c.wait().unwrap().success());
    let conf = dir.join("sasl");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("libvirt.conf"), format!("mech_list: digest-md5\nsasldb_path: {}\n", db.display())).unwrap();
    conf.display().to_string()
}

/// The daemon's open descriptors and resident memory (KiB).
fn usage(pid: i32) -> (usize, u64) {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    (fds, rss)
}

fn raise_fd_limit(want: u64) {
    let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit on this process with a valid struct.
    unsafe {
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim);
        if lim.rlim_cur < want {
            lim.rlim_cur = want.min(lim.rlim_max);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

#[test]
fn a_thousand_unauthenticated_connections_leave_authenticated_clients_served() {
    const FLOOD: usize = 1000;
    raise_fd_limit(4096);
    let dir = TempDir::new("anon-flood-sasl");
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    std::env::set_var("SASL_CONF_PATH", sasl_conf(dir.path()));
    let conf = format!(
        "listen_tcp = 1\nlisten_addr = \"127.0.0.1\"\ntcp_port = \"{port}\"\nauth_tcp = \"sasl\"\n\
         max_anonymous_clients = 20\nmax_queued_clients = 1000\n"
    );
    let d = Daemon::start("anon-flood", &conf, &["--system"]);
    std::env::remove_var("SASL_CONF_PATH");
    let tcp_uri = format!("test+tcp://127.0.0.1:{port}/default");
    let authed = open_sasl(&tcp_uri).unwrap_or_else(|e| panic!("SASL open: {}\n{}", e.message, d.log_text()));
    authed.connect_get_hostname().unwrap();
    let before = usage(d.pid());

    // 1,000 connections that never say a word.
    let started = Instant::now();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut flood = Vec::new();
    for _ in 0..FLOOD {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(s) => flood.push(s),
            Err(e) => panic!("connection {} refused or dropped: {e}", flood.len()),
        }
    }
    eprintln!("{FLOOD} silent connections made in {:?}", started.elapsed());
    std::thread::sleep(Duration::from_millis(500));

    // The authenticated client is served without delay, and so is a new UNIX client.
    let mut worst = Duration::ZERO;
    for _ in 0..50 {
        let t = Instant::now();
        authed.connect_get_hostname().unwrap();
        worst = worst.max(t.elapsed());
    }
    let t = Instant::now();
    let mut unix = Raw::connect(&d.sock());
    unix.open("test:///default");
    unix.call(p::num::CONNECT_GET_HOSTNAME, &()).ok();
    let unix_took = t.elapsed();
    let during = usage(d.pid());
    eprintln!(
        "during the flood: slowest of 50 authenticated calls {worst:?}, new UNIX client {unix_took:?}; \
         daemon fds {} -> {}, RSS {} -> {} KiB",
        before.0, during.0, before.1, during.1
    );
    assert!(worst < Duration::from_millis(500), "{worst:?}");
    assert!(unix_took < Duration::from_secs(2), "{unix_took:?}");
    // Only max_anonymous_clients of them were accepted (each client's socket is held three
    // times: reader, writer, control), plus the UNIX client; the rest wait in the backlog.
    assert!(during.0 <= before.0 + 3 * (20 + 1) + 10, "daemon fds {} -> {}", before.0, during.0);
    assert!(during.1 <= before.1 + 64 * 1024, "daemon RSS {} -> {} KiB", before.1, during.1);

    // A new SASL client waits in the queue behind them, as with libvirtd...
    let waiting = std::thread::spawn(move || {
        let t = Instant::now();
        let r = open_sasl(&tcp_uri).map(|c| c.connect_get_hostname().is_ok());
        (r.map_err(|e| e.message), t.elapsed())
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(!waiting.is_finished(), "a client beyond max_anonymous_clients was served at once");
    // ...and is served once the silent ones leave.
    let held_for = started.elapsed();
    drop(flood);
    let (r, waited) = waiting.join().unwrap();
    assert_eq!(r, Ok(true), "{}", d.log_text());
    eprintln!("the flood held for {held_for:?}; the queued client got in after {waited:?}");
    assert!(waited < Duration::from_secs(15), "{waited:?}");
    let after = usage(d.pid());
    eprintln!("after: daemon fds {}, RSS {} KiB", after.0, after.1);
    assert!(after.0 <= before.0 + 10, "descriptors left behind: {} -> {}", before.0, after.0);
    authed.connect_get_hostname().unwrap();
}
