//! virt-ssh-helper: what an ssh connection runs on the daemon's host. It takes the URI
//! the client opens (`virt-ssh-helper [-r] URI`, as libvirt 9.0's does), connects to the
//! local daemon's socket for it (the same choice our library makes for a local URI,
//! starting the session daemon when libvirt would), and relays bytes between its
//! stdin/stdout (the ssh channel) and that socket until either side ends.

use std::io::{Read, Write};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;

use virt::driver::remote::{spawn, transport};
use virt::uri::Uri;

const USAGE: &str = "Usage:
  virt-ssh-helper [OPTION?] URI - libvirt socket proxy

Internal tool used to handle connections coming from remote
clients. Not intended to be called directly by the user.

Help Options:
  -h, --help         Show help options

Application Options:
  -r, --readonly     Connect read-only
  -V, --version      Display version information

";

fn fail(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(1);
}

fn main() {
    let mut args = std::env::args();
    let argv0 = args.next().unwrap_or_else(|| "virt-ssh-helper".into());
    let mut readonly = false;
    let mut rest = Vec::new();
    let mut options_done = false;
    for a in args {
        match a.as_str() {
            _ if options_done => rest.push(a),
            "--" => options_done = true,
            "-r" | "--readonly" => readonly = true,
            "-V" | "--version" => {
                println!("{argv0} (libvirt) {}", env!("CARGO_PKG_VERSION"));
                return;
            }
            "-h" | "--help" | "-?" => {
                print!("{USAGE}");
                return;
            }
            s if s.starts_with('-') && s.len() > 1 => fail(&format!("option parsing failed: Unknown option {s}")),
            _ => rest.push(a),
        }
    }
    if rest.len() != 1 {
        eprint!("{USAGE}");
        std::process::exit(1);
    }
    let text = &rest[0];
    let uri = Uri::parse(text)
        .unwrap_or_else(|e| fail(&format!("{argv0}: cannot parse '{text}': {}", e.message)));
    match uri.transport() {
        None => {}
        Some(t) if t.eq_ignore_ascii_case("unix") => {}
        Some(t) if ["tls", "ssh", "ext", "tcp", "libssh2", "libssh"].iter().any(|k| t.eq_ignore_ascii_case(k)) => {
            fail(&format!("{argv0}: unexpected URI transport '{text}'"))
        }
        Some(_) => fail(&format!(
            "{argv0}: cannot parse URI transport '{text}': invalid argument: remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)"
        )),
    }
    let path = transport::unix_socket(&uri, readonly).unwrap_or_else(|e| fail(&format!("{argv0}: {}", e.message)));
    let stream = match transport::connect(&transport::Transport::Unix(path.clone())) {
        Ok(virt::rpc::client::Stream::Unix(s)) => s,
        Ok(_) => unreachable!("a UNIX transport connects a UNIX socket"),
        Err(_) if spawn::may_autostart(&uri) => match spawn::start_and_connect(&path) {
            Ok(virt::rpc::client::Stream::Unix(s)) => s,
            Ok(_) => unreachable!("a UNIX transport connects a UNIX socket"),
            Err(e) => fail(&format!("{argv0}: cannot connect to '{}': {}", path.display(), e.message)),
        },
        Err(e) => fail(&format!("{argv0}: cannot connect to '{}': {}", path.display(), e.message)),
    };
    if let Err(e) = relay(stream) {
        fail(&format!("{argv0}: could not proxy traffic: {e}"));
    }
}

/// Copies stdin to the socket (on a thread) and the socket to stdout until the daemon
/// closes; the end of stdin is passed on as a half-close, so replies still in flight
/// reach the client.
fn relay(sock: UnixStream) -> std::io::Result<()> {
    let to_sock = sock.try_clone()?;
    std::thread::spawn(move || {
        let mut to_sock = to_sock;
        let mut stdin = std::io::stdin().lock();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match stdin.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to_sock.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to_sock.shutdown(Shutdown::Write);
    });
    let mut from_sock = sock;
    let mut stdout = std::io::stdout().lock();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from_sock.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return Ok(()),
            Err(e) => return Err(e),
        };
        stdout.write_all(&buf[..n])?;
        stdout.flush()?;
    }
}
