//! qemud: the daemon behind `qemu:///system` and `qemu:///session`, speaking libvirt's
//! RPC protocol on `virtqemud-sock` so that this project's library, libvirt's own
//! client library and `virsh` can all use it.
//!
//! Data flow: [`server`] binds the sockets and accepts; [`client`] reads each
//! connection's packets and runs its calls on workers; [`dispatch`] turns a call into
//! a driver call. [`config`] reads `virtqemud.conf`, [`log`] writes the log.

mod client;
mod config;
mod daemon;
mod dispatch;
mod events;
mod log;
mod iface;
mod network;
mod nodedev;
#[allow(dead_code)]
mod qemu;
mod sasl;
mod server;
mod streams;
mod storage;
mod sys;
mod tls;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use config::Mode;
use log::Level;

const USAGE: &str = "\
Usage: qemud [OPTIONS]

  -d, --daemon          run in the background
  -f, --config FILE     configuration file (default: /etc/libvirt/virtqemud.conf,
                        or $XDG_CONFIG_HOME/libvirt/virtqemud.conf for --session)
  -t, --timeout SECS    exit after SECS seconds without clients
  -p, --pid-file FILE   pid file (default: /run/virtqemud.pid, or
                        $XDG_RUNTIME_DIR/libvirt/virtqemud.pid for --session)
  -v, --verbose         log at info level
      --system          the host's daemon (default for root)
      --session         a user's daemon (default for other users)
  -h, --help            this text
  -V, --version         the version
";

struct Options {
    mode: Mode,
    config: Option<PathBuf>,
    verbose: bool,
    timeout: Option<u64>,
    pid_file: Option<PathBuf>,
    daemon: bool,
}

enum Parsed {
    Run(Options),
    Exit(&'static str),
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut o = Options {
        mode: if sys::euid() == 0 { Mode::System } else { Mode::Session },
        config: None,
        verbose: false,
        timeout: None,
        pid_file: None,
        daemon: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--opt=value` and `--opt value` both work, as with getopt_long.
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline.clone().or_else(|| args.next()).ok_or_else(|| format!("option {name} needs {what}"))
        };
        match name.as_str() {
            "-d" | "--daemon" => o.daemon = true,
            "-v" | "--verbose" => o.verbose = true,
            "--system" => o.mode = Mode::System,
            "--session" => o.mode = Mode::Session,
            "-f" | "--config" => o.config = Some(PathBuf::from(value("a file")?)),
            "-p" | "--pid-file" => o.pid_file = Some(PathBuf::from(value("a file")?)),
            "-t" | "--timeout" => {
                let v = value("a number of seconds")?;
                o.timeout = Some(v.parse::<u64>().ok().filter(|&t| t > 0).ok_or_else(|| format!("bad timeout '{v}'"))?);
            }
            "-h" | "--help" => return Ok(Parsed::Exit(USAGE)),
            "-V" | "--version" => {
                return Ok(Parsed::Exit(concat!("qemud (libvirt-rs) ", env!("CARGO_PKG_VERSION"), "\n")))
            }
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    Ok(Parsed::Run(o))
}

fn fail(msg: &str) -> ! {
    eprintln!("qemud: error: {msg}");
    std::process::exit(1);
}

/// `/var/log/libvirt/virtqemud.log`, or `$XDG_CACHE_HOME/libvirt/virtqemud.log` for a session.
fn default_log_file(mode: Mode) -> std::path::PathBuf {
    match mode {
        Mode::System => std::path::PathBuf::from("/var/log/libvirt/virtqemud.log"),
        Mode::Session => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"));
            cache.join("libvirt/virtqemud.log")
        }
    }
}

fn main() {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(o)) => o,
        Ok(Parsed::Exit(text)) => {
            print!("{text}");
            return;
        }
        Err(e) => {
            eprint!("qemud: {e}\n{USAGE}");
            std::process::exit(1);
        }
    };

    let (path, explicit) = match &opts.config {
        Some(p) => (p.clone(), true),
        None => (config::default_path(opts.mode), false),
    };
    let cfg = config::load(&path, explicit).unwrap_or_else(|e| fail(&e));
    // A client's URI must not choose which file the daemon reads credentials from.
    virt::driver::auth::ignore_uri_authfile();

    // Level: LIBVIRT_DEBUG, else log_level, else warnings (info with --verbose).
    let env_level =
        std::env::var("LIBVIRT_DEBUG").ok().and_then(|v| v.trim().parse::<i64>().ok()).and_then(Level::from_number);
    let mut level = env_level.or(cfg.log_level).unwrap_or(Level::Warning);
    if opts.verbose && level > Level::Info {
        level = Level::Info;
    }
    let outputs = match std::env::var("LIBVIRT_LOG_OUTPUTS") {
        Ok(v) if !v.trim().is_empty() => {
            log::parse_outputs(&v).unwrap_or_else(|e| fail(&format!("LIBVIRT_LOG_OUTPUTS: {e}")))
        }
        _ => cfg.log_outputs.clone(),
    };
    // A detached daemon has no stderr worth writing to: like libvirt's daemons, it logs
    // to a file where libvirt keeps that instance's logs.
    let outputs = if outputs.is_empty() && opts.daemon {
        vec![log::Output { level, target: log::Target::File(default_log_file(opts.mode).display().to_string()) }]
    } else {
        outputs
    };
    if let Err(e) = log::init(level, &outputs) {
        fail(&e);
    }

    // Detach before any thread exists; the parent exits with the child's startup status.
    let ready = if opts.daemon { Some(daemonize()) } else { None };

    if let Err(e) = sys::install_stop_handlers() {
        fail(&format!("cannot install signal handlers: {e}"));
    }
    let pid_file = opts.pid_file.clone().unwrap_or_else(|| server::default_pid_file(opts.mode));
    let mut bound = match server::bind(&cfg, opts.mode, Some(&pid_file)) {
        Ok(b) => b,
        Err(e) => {
            error!("{e}");
            report_ready(ready, false);
            fail(&e);
        }
    };
    let listeners = std::mem::take(&mut bound.listeners);
    let dirs = cfg.qemu_dirs(opts.mode);
    let qemu = qemu::driver::QemuDriver::new(opts.mode, dirs);
    if let Some(ms) = cfg.storage_refresh_timeout_ms {
        qemu.storage.set_deadline(std::time::Duration::from_millis(ms));
    }
    let daemon = daemon::Daemon::new(cfg, opts.mode, qemu);
    if let Err(e) = server::start(&daemon, listeners) {
        bound.cleanup();
        report_ready(ready, false);
        fail(&e);
    }
    info!(
        "qemud {} started ({} mode, pid {})",
        env!("CARGO_PKG_VERSION"),
        if opts.mode == Mode::System { "system" } else { "session" },
        std::process::id()
    );
    report_ready(ready, true);

    let why = wait_for_exit(&daemon, opts.timeout);
    info!("shutting down: {why}");
    bound.cleanup();
}

/// Blocks until a stop signal, or `timeout` seconds without any client.
fn wait_for_exit(daemon: &daemon::Daemon, timeout: Option<u64>) -> String {
    loop {
        std::thread::sleep(Duration::from_millis(100));
        if sys::STOP.load(Ordering::SeqCst) {
            return "stop signal received".into();
        }
        if let (Some(t), Some(idle)) = (timeout, daemon.idle_for()) {
            if idle >= Duration::from_secs(t) && daemon.client_count() == 0 {
                return format!("no clients for {t} seconds");
            }
        }
    }
}

/// Forks; the parent waits for the child to report its startup and exits with 0 or 1.
/// Returns, in the child, the channel to report on.
fn daemonize() -> UnixStream {
    let (mut parent_end, child_end) =
        UnixStream::pair().unwrap_or_else(|e| fail(&format!("cannot create a socket pair: {e}")));
    match sys::fork() {
        Err(e) => fail(&format!("cannot fork: {e}")),
        Ok(sys::Forked::Parent { child }) => {
            drop(child_end);
            let mut status = [1u8];
            let ok = parent_end.read_exact(&mut status).is_ok() && status[0] == 0;
            if !ok {
                eprintln!("qemud: error: the daemon (pid {child}) failed to start");
            }
            sys::exit_now(if ok { 0 } else { 1 });
        }
        Ok(sys::Forked::Child) => {
            drop(parent_end);
            if let Err(e) = sys::setsid() {
                fail(&format!("cannot start a session: {e}"));
            }
            child_end
        }
    }
}

/// Tells the waiting parent (with --daemon) whether startup worked, then lets go of
/// the terminal.
fn report_ready(ready: Option<UnixStream>, ok: bool) {
    let Some(mut ch) = ready else { return };
    let _ = ch.write_all(&[if ok { 0 } else { 1 }]);
    if ok {
        if let Err(e) = sys::redirect_std_to_null(true) {
            warn!("cannot detach from the terminal: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(a: &[&str]) -> Result<Parsed, String> {
        parse_args(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn options() {
        let Ok(Parsed::Run(o)) =
            parse(&["--session", "--timeout=120", "-f", "/x.conf", "--pid-file", "/p", "-v", "--daemon"])
        else {
            panic!()
        };
        assert_eq!(o.mode, Mode::Session);
        assert_eq!(o.timeout, Some(120));
        assert_eq!(o.config, Some(PathBuf::from("/x.conf")));
        assert_eq!(o.pid_file, Some(PathBuf::from("/p")));
        assert!(o.verbose && o.daemon);
        assert!(parse(&["--timeout", "soon"]).is_err());
        assert!(parse(&["--config"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(matches!(parse(&["--help"]), Ok(Parsed::Exit(_))));
    }
}
