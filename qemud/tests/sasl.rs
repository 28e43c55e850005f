//! SASL with this project's client library, against our qemud and Debian's libvirtd,
//! both configured for SASL with a sasldb made by saslpasswd2 in a temp dir (config
//! through SASL_CONF_PATH, which libsasl2 honours): right and wrong passwords, the user
//! allow-list, SCRAM-SHA-256 on a UNIX socket, and traffic after authentication really
//! wrapped (a recording proxy in between sees the SASL exchange but no XML).

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::OpenFlags;
use virt::error::{Code, Domain};
use virt::uri::Uri;

fn open(uri: &str, user: &'static str, pw: &'static str) -> virt::error::Result<Box<dyn virt::driver::Driver>> {
    open_with_password(uri, user, pw)
}

/// Opens, asks something and closes; the hostname on success.
fn works(uri: &str, user: &'static str, pw: &'static str) -> Result<String, String> {
    let c = open(uri, user, pw).map_err(|e| format!("{:?} {:?} {}", e.code, e.domain, e.message))?;
    let caps = c.connect_get_capabilities().map_err(|e| e.message)?;
    assert!(caps.contains("<capabilities>"));
    let h = c.connect_get_hostname().map_err(|e| e.message);
    let _ = c.connect_close();
    h
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn sasl_setup(dir: &Path, mechs: &str) -> String {
    let conf_dir = dir.join(format!("sasl-{}", mechs.replace(' ', "-")));
    std::fs::create_dir_all(&conf_dir).unwrap();
    let db = dir.join("sasldb");
    for (u, p) in [("alice", "secret"), ("bob", "secret")] {
        let mut c = Command::new("saslpasswd2")
            .args(["-p", "-f"])
            .arg(&db)
            .args(["-a", "libvirt", "-c", u])
            .stdin(Stdio::piped())
            .spawn()
            .expect("saslpasswd2 (sasl2-bin) must be installed");
        c.stdin.take().unwrap().write_all(format!("{p}\n").as_bytes()).unwrap();
        assert!(c.wait().unwrap().success());
    }
    std::fs::write(conf_dir.join("libvirt.conf"), format!("mech_list: {mechs}\nsasldb_path: {}\n", db.display())).unwrap();
    conf_dir.display().to_string()
}

fn daemon_conf(port: u16) -> String {
    format!(
        "listen_tcp = 1\nlisten_addr = \"127.0.0.1\"\ntcp_port = \"{port}\"\nauth_tcp = \"sasl\"\nauth_unix_rw = \"sasl\"\n\
         sasl_allowed_username_list = [\"alice\"]\n"
    )
}

struct Libvirtd(Child);
impl Drop for Libvirtd {
    fn drop(&mut self) {
        // SAFETY: kill(2) on the process group this test started.
        unsafe { libc::kill(-(self.0.id() as i32), libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

fn wait_tcp(port: u16, log: &Path) {
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let why = || std::fs::read_to_string(log).unwrap_or_default();
        assert!(t.elapsed() < Duration::from_secs(20), "daemon on port {port} did not start: {}", why());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A proxy from a new loopback port to `port`, recording every byte both ways.
fn recording_proxy(port: u16) -> (u16, Arc<Mutex<Vec<u8>>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let me = l.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s2 = seen.clone();
    std::thread::spawn(move || {
        for c in l.incoming().flatten() {
            let u = TcpStream::connect(("127.0.0.1", port)).unwrap();
            for (mut a, mut b) in [(c.try_clone().unwrap(), u.try_clone().unwrap()), (u, c)] {
                let seen = s2.clone();
                std::thread::spawn(move || {
                    let mut buf = [0u8; 65536];
                    while let Ok(n) = a.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        seen.lock().unwrap().extend_from_slice(&buf[..n]);
                        if b.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = b.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
    (me, seen)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn check_daemon(name: &str, tcp: &str, unix: &str, port: u16) {
    assert!(works(tcp, "alice", "secret").is_ok(), "{name}: alice over tcp: {:?}", works(tcp, "alice", "secret"));
    let r = works(unix, "alice", "secret");
    assert!(r.is_ok(), "{name}: alice over unix: {r:?}");
    for (user, pw) in [("alice", "wrong"), ("bob", "secret"), ("nobody", "x")] {
        let e = open(tcp, user, pw).err().unwrap_or_else(|| panic!("{name}: {user}/{pw} let in"));
        assert_eq!(
            (e.code, e.domain, e.message.as_str()),
            (Code::VIR_ERR_AUTH_FAILED, Domain::VIR_FROM_RPC, "authentication failed: authentication failed"),
            "{name}: {user}/{pw}"
        );
    }
    // No way to answer: libsasl2 finds no usable mechanism.
    let e = virt::driver::open(&Uri::parse(tcp).unwrap(), OpenFlags::default()).err().expect("opened without credentials");
    assert_eq!(e.code, Code::VIR_ERR_AUTH_FAILED, "{name}: {}", e.message);
    assert!(e.message.contains("No worthy mechs found"), "{name}: {}", e.message);
    // The traffic after authentication is wrapped.
    let (pport, seen) = recording_proxy(port);
    let c = open(&format!("test+tcp://127.0.0.1:{pport}/default"), "alice", "secret").expect("open through the proxy");
    let caps = c.connect_get_capabilities().unwrap();
    let _ = c.connect_close();
    std::thread::sleep(Duration::from_millis(200));
    let wire = seen.lock().unwrap().clone();
    assert!(caps.contains("<capabilities>"));
    assert!(contains(&wire, b"DIGEST-MD5"), "{name}: the proxy saw no SASL exchange");
    assert!(!contains(&wire, b"<capabilities>") && !contains(&wire, b"test:///default"), "{name}: plaintext on the wire");
}

#[test]
fn our_client_with_our_qemud_and_libvirtd() {
    let dir = TempDir::new("sasl");
    let conf_a = sasl_setup(dir.path(), "digest-md5 scram-sha-256");
    let conf_b = sasl_setup(dir.path(), "scram-sha-256");
    // The daemons find their SASL config here; our client reads none.
    std::env::set_var("SASL_CONF_PATH", &conf_a);
    let qport = free_port();
    let q = Daemon::start("sasl-q", &daemon_conf(qport), &["--system"]);
    std::env::set_var("SASL_CONF_PATH", &conf_b);
    let sport = free_port();
    let s = Daemon::start("sasl-s", &daemon_conf(sport), &["--system"]);
    std::env::remove_var("SASL_CONF_PATH");

    let lport = free_port();
    let ldir = dir.path().join("libvirtd");
    std::fs::create_dir_all(ldir.join("nodrivers")).unwrap();
    std::fs::write(
        ldir.join("libvirtd.conf"),
        format!("unix_sock_dir = \"{}\"\nlisten_tls = 0\nauth_unix_ro = \"none\"\n{}", ldir.display(), daemon_conf(lport)),
    )
    .unwrap();
    let libvirtd = Libvirtd(
        Command::new("timeout")
            .args(["300", "/usr/sbin/libvirtd", "--listen", "--config"])
            .arg(ldir.join("libvirtd.conf"))
            .arg("--pid-file")
            .arg(ldir.join("pid"))
            .env("SASL_CONF_PATH", &conf_a)
            .env("LIBVIRT_DRIVER_DIR", ldir.join("nodrivers"))
            // Cargo points the loader at our target dir: libvirtd needs Debian's library.
            .env_remove("LD_LIBRARY_PATH")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(ldir.join("log")).unwrap())
            .process_group(0)
            .spawn()
            .expect("libvirtd"),
    );
    wait_tcp(qport, &q.log);
    wait_tcp(sport, &s.log);
    wait_tcp(lport, &ldir.join("log"));

    let qemud_unix = format!("test+unix:///default?socket={}", q.sock().display());
    let r = works(&qemud_unix, "alice", "secret");
    assert!(r.is_ok(), "qemud: alice over unix: {r:?}\n{}", q.log_text());
    check_daemon("qemud", &format!("test+tcp://127.0.0.1:{qport}/default"), &qemud_unix, qport);
    let ld_unix = format!("test+unix:///default?socket={}", ldir.join("libvirt-sock").display());
    check_daemon("libvirtd", &format!("test+tcp://127.0.0.1:{lport}/default"), &ld_unix, lport);

    // SCRAM-SHA-256 has no security layer: on the UNIX socket only.
    let scram_unix = format!("test+unix:///default?socket={}", s.sock().display());
    assert!(works(&scram_unix, "alice", "secret").is_ok(), "SCRAM over unix: {:?}", works(&scram_unix, "alice", "secret"));
    let e = open(&scram_unix, "alice", "nope").err().expect("SCRAM wrong password let in");
    assert_eq!(e.code, Code::VIR_ERR_AUTH_FAILED);
    let e = open(&format!("test+tcp://127.0.0.1:{sport}/default"), "alice", "secret").err().expect("SCRAM over tcp");
    assert_eq!(e.code, Code::VIR_ERR_AUTH_FAILED, "{}", e.message);
    drop(libvirtd);
}
