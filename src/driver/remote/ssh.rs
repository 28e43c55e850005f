//! The ssh family of transports and ext: a daemon reached through another program's
//! stdin and stdout (`ssh`, or the `command=` of `+ext`), or through an ssh channel
//! opened in process (`+libssh2`, `+libssh`: see `libssh`).
//!
//! As with libvirt, the child gets one end of a socketpair as its stdin and stdout and
//! a pipe as its stderr; the client speaks RPC on the other end as on any UNIX socket,
//! and when reading fails the child's stderr goes into the error. On the remote host
//! the child runs what libvirt 9.0's client asks for: `virt-ssh-helper URI` (ours is
//! the `virt-ssh-helper` binary of qemud's crate), or `nc -U socket` as the fallback.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::transport::{self, runtime_dir};
use crate::driver::OpenFlags;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::{Companion, Stream};
use crate::uri::Uri;

const FROM: Domain = Domain::VIR_FROM_REMOTE;

/// Which program the remote side runs to reach the daemon (libvirt's `proxy=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proxy {
    /// `virt-ssh-helper` if the remote host has it, else netcat.
    Auto,
    Netcat,
    /// `virt-ssh-helper` only.
    Native,
}

/// What an ssh-family open needs, gathered from the URI as libvirt's remote driver does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: Option<u16>,
    pub user: Option<String>,
    /// `command=`: the ssh binary (`ssh` by default) or the ext program.
    pub command: Option<String>,
    pub keyfile: Option<String>,
    pub no_tty: bool,
    pub no_verify: bool,
    pub known_hosts: Option<String>,
    pub known_hosts_verify: Option<String>,
    pub sshauth: Option<String>,
    /// What the remote side runs to reach the daemon (see [`helper_command`]).
    pub remote_command: String,
}

/// A query parameter as libvirt's remote driver reads it: the name in any case, the
/// last one given wins.
pub fn param<'a>(uri: &'a Uri, name: &str) -> Option<&'a str> {
    uri.params.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// A `no_*` flag: an integer, true when not 0.
fn flag(uri: &Uri, name: &str) -> Result<bool> {
    let Some((n, v)) = uri.params.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(name)) else { return Ok(false) };
    match parse_c_int(v) {
        Some(i) => Ok(i != 0),
        None => Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("Failed to parse value of URI component {n}"))),
    }
}

/// `virStrToLong_i` with base 10: optional leading blanks and sign, digits, nothing after.
fn parse_c_int(v: &str) -> Option<i32> {
    let t = v.trim_start();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<i64>().ok().and_then(|i| i32::try_from(i).ok())
}

/// Whether libvirt's client would use the per-user daemon's socket: a `/session` URI
/// or a `test+` scheme, from a user other than root.
fn wants_user_daemon(uri: &Uri) -> bool {
    (uri.path == "/session" || uri.scheme.starts_with("test+")) && crate::sys::euid() != 0
}

/// Reads the URI of an ssh-family or ext open, with libvirt's checks in libvirt's order.
pub fn target_of(uri: &Uri, read_only: bool) -> Result<Target> {
    let transport = uri.transport().unwrap_or("").to_ascii_lowercase();
    let no_tty = flag(uri, "no_tty")?;
    let no_verify = flag(uri, "no_verify")?;
    flag(uri, "no_sanity")?;
    let mode = param(uri, "mode");
    if let Some(m) = mode {
        if !matches!(m, "auto" | "legacy" | "direct") {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("Unknown remote mode '{m}'")));
        }
    }
    let socket = param(uri, "socket").map(str::to_string);
    let user_daemon = wants_user_daemon(uri);
    let proxy = match param(uri, "proxy") {
        Some("auto") => Proxy::Auto,
        Some("netcat") => Proxy::Netcat,
        Some("native") => Proxy::Native,
        Some(p) => return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("Unnkown proxy type '{p}'"))),
        None if socket.is_some() => Proxy::Netcat,
        None if user_daemon => Proxy::Native,
        None => Proxy::Auto,
    };
    let command = param(uri, "command").map(str::to_string);
    if transport == "ext" {
        if command.is_none() {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "remote_open: for 'ext' transport, command is required"));
        }
        return Ok(Target {
            host: String::new(),
            port: None,
            user: None,
            command,
            keyfile: None,
            no_tty,
            no_verify,
            known_hosts: None,
            known_hosts_verify: None,
            sshauth: None,
            remote_command: String::new(),
        });
    }
    let socket = match socket {
        Some(s) => s,
        None => {
            if mode == Some("direct") {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    format!("Cannot use direct socket mode for {transport} transport"),
                ));
            }
            remote_socket(user_daemon, read_only)
        }
    };
    let driver_uri = transport::daemon_uri(uri);
    let remote_command = helper_command(proxy, param(uri, "netcat"), &socket, &driver_uri, read_only)?;
    Ok(Target {
        host: uri.server.clone().unwrap_or_else(|| "localhost".into()),
        port: uri.port,
        user: uri.user.clone(),
        command,
        keyfile: param(uri, "keyfile").map(str::to_string),
        no_tty,
        no_verify,
        known_hosts: param(uri, "known_hosts").map(str::to_string),
        known_hosts_verify: param(uri, "known_hosts_verify").map(str::to_string),
        sshauth: param(uri, "sshauth").map(str::to_string),
        remote_command,
    })
}

/// The daemon socket the netcat fallback connects to on the remote host: libvirt's
/// legacy socket, or the per-user one under this user's runtime directory.
fn remote_socket(user_daemon: bool, read_only: bool) -> String {
    if user_daemon {
        return runtime_dir().join("libvirt").join("libvirt-sock").to_string_lossy().into_owned();
    }
    format!("/var/run/libvirt/libvirt-{}", if read_only { "sock-ro" } else { "sock" })
}

/// Quotes `s` for /bin/sh only when it holds a shell metacharacter (as libvirt's
/// virBufferEscapeShell does): in single quotes, each `'` written `'\''`.
pub fn shell_quote(s: &str) -> String {
    if s.is_empty() {
        return "''".into();
    }
    if !s.chars().any(|c| "\r\t\n !\"#$&'()*;<>?[\\]^`{|}~".contains(c)) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The remote command: sshd hands it to a shell, which runs `sh -c` with it, hence
/// two levels of quoting for the parts that come from the URI.
pub fn helper_command(proxy: Proxy, netcat: Option<&str>, socket: &str, driver_uri: &str, read_only: bool) -> Result<String> {
    let nc = shell_quote(&shell_quote(netcat.unwrap_or("nc")));
    let uri = shell_quote(&shell_quote(driver_uri));
    let proxy = if proxy == Proxy::Auto && netcat.is_some() { Proxy::Netcat } else { proxy };
    let nccmd = format!(
        "if '{nc}' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'{nc}' $ARG -U {socket}"
    );
    let helper = format!("virt-ssh-helper{}'{uri}'", if read_only { " -r " } else { " " });
    Ok(match proxy {
        Proxy::Auto => {
            format!("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     {helper}; else    {nccmd}; fi'")
        }
        Proxy::Netcat => format!("sh -c '{nccmd}'"),
        Proxy::Native if netcat.is_some() => {
            return Err(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INVALID_ARG, "netcat path not valid with native proxy mode"))
        }
        Proxy::Native => format!("sh -c '{helper}'"),
    })
}

/// The arguments libvirt 9.0 gives `ssh`.
pub fn ssh_args(t: &Target) -> Vec<String> {
    let mut a = Vec::new();
    if let Some(p) = t.port {
        a.extend(["-p".to_string(), p.to_string()]);
    }
    if let Some(u) = &t.user {
        a.extend(["-l".to_string(), u.clone()]);
    }
    if let Some(k) = &t.keyfile {
        a.extend(["-i".to_string(), k.clone()]);
    }
    a.extend(["-T", "-e", "none"].map(String::from));
    if t.no_tty {
        a.extend(["-o", "BatchMode=yes"].map(String::from));
    }
    if t.no_verify {
        a.extend(["-o", "StrictHostKeyChecking=no"].map(String::from));
    }
    a.extend(["--".to_string(), t.host.clone(), t.remote_command.clone()]);
    a
}

/// The environment a child keeps (libvirt clears the rest): the common variables, and
/// for ssh those its authentication and prompting use.
const ENV_COMMON: &[&str] = &["LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "HOME", "USER", "LOGNAME", "TMPDIR"];
const ENV_SSH: &[&str] = &["KRB5CCNAME", "SSH_AUTH_SOCK", "SSH_ASKPASS", "DISPLAY", "XAUTHORITY", "TERM"];

/// The child process behind a connection: its stderr for the error text, ended when
/// the connection is.
struct ChildSide {
    child: Child,
    stderr: Option<File>,
}

impl Companion for ChildSide {
    fn error_text(&mut self) -> Option<String> {
        let f = self.stderr.as_mut()?;
        let mut buf = vec![0u8; 1024];
        let mut got = 0;
        // The pipe is non-blocking: take what the child has written, 1 KiB at most.
        while got < buf.len() {
            match f.read(&mut buf[got..]) {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
        let text = String::from_utf8_lossy(&buf[..got]).trim_end().to_string();
        (!text.is_empty()).then_some(text)
    }
}

impl Drop for ChildSide {
    fn drop(&mut self) {
        // As libvirt's virProcessAbort: SIGTERM, then SIGKILL if it lingers.
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        // SAFETY: kill(2) on our own child's pid, not yet reaped (try_wait said so).
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(1);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `program args` with one end of a socketpair as its stdin and stdout, a pipe as
/// its stderr and libvirt's reduced environment; the client gets the other end.
fn spawn(program: &str, args: &[String], env_extra: &[&str]) -> Result<(Stream, Box<dyn Companion>)> {
    let (ours, theirs) = UnixStream::pair().map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to create socket pair", &e))?;
    let theirs_out = theirs.try_clone().map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to create socket pair", &e))?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::from(OwnedFd::from(theirs)))
        .stdout(Stdio::from(OwnedFd::from(theirs_out)))
        .stderr(Stdio::piped())
        .env_clear()
        .env("LC_ALL", "C");
    for name in ENV_COMMON.iter().chain(env_extra) {
        if let Some(v) = std::env::var_os(name) {
            cmd.env(name, v);
        }
    }
    let mut child = cmd.spawn().map_err(|e| {
        // libvirt's forked child reports this on its stderr, which the client then
        // reads after the socket is reset: the same words here.
        let what = format!("Cannot recv data: libvirt:  error : cannot execute binary {program}");
        let mut err = Error::system(Domain::VIR_FROM_RPC, &what, &e);
        err.message.push_str(": Connection reset by peer");
        err.int1 = libc::ECONNRESET;
        err
    })?;
    let stderr = child.stderr.take().map(|s| {
        let f = File::from(OwnedFd::from(s));
        // SAFETY: fcntl on a descriptor `f` owns; only its status flags change.
        unsafe {
            let fl = libc::fcntl(f.as_raw_fd(), libc::F_GETFL);
            libc::fcntl(f.as_raw_fd(), libc::F_SETFL, fl | libc::O_NONBLOCK);
        }
        f
    });
    Ok((Stream::Unix(ours), Box::new(ChildSide { child, stderr })))
}

/// Opens an `+ssh` or `+ext` connection: the stream to speak RPC on, and the child.
pub fn connect(uri: &Uri, flags: &OpenFlags) -> Result<(Stream, Box<dyn Companion>)> {
    let t = target_of(uri, flags.read_only)?;
    let command = t.command.clone().unwrap_or_else(|| "ssh".into());
    if uri.transport().is_some_and(|x| x.eq_ignore_ascii_case("ext")) {
        return spawn(&command, &[], &[]);
    }
    spawn(&command, &ssh_args(&t), ENV_SSH)
}

/// The user name an in-process ssh session logs in as: the URI's, else libvirt's default.
pub fn login_user(t: &Target) -> String {
    t.user.clone().unwrap_or_else(|| "root".into())
}

/// libvirt's default known_hosts for the in-process transports: in its config directory.
pub fn default_known_hosts() -> PathBuf {
    let base = match std::env::var_os("XDG_CONFIG_HOME") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".config"),
    };
    base.join("libvirt").join("known_hosts")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::parse(s).unwrap()
    }

    #[test]
    fn quotes_like_libvirt() {
        assert_eq!(shell_quote("test:///default"), "test:///default");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote(&shell_quote("test:///default?foo=bar")), "''\\''test:///default?foo=bar'\\'''");
    }

    #[test]
    fn remote_commands_match_libvirt() {
        // Each expected string is what Debian's libvirt 9.0 passed to a logging `ssh`.
        let nc = "if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;'nc' $ARG -U ";
        assert_eq!(
            helper_command(Proxy::Auto, None, "/var/run/libvirt/libvirt-sock", "test:///default", false).unwrap(),
            format!("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'test:///default'; else    {nc}/var/run/libvirt/libvirt-sock; fi'")
        );
        assert_eq!(
            helper_command(Proxy::Auto, None, "/var/run/libvirt/libvirt-sock-ro", "test:///default", true).unwrap(),
            format!("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper -r 'test:///default'; else    {nc}/var/run/libvirt/libvirt-sock-ro; fi'")
        );
        assert_eq!(
            helper_command(Proxy::Auto, None, "/s", "test:///default?foo=bar", false).unwrap(),
            format!("sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper '''\\''test:///default?foo=bar'\\''''; else    {nc}/s; fi'")
        );
        assert_eq!(helper_command(Proxy::Native, None, "/s", "qemu:///system", false).unwrap(), "sh -c 'virt-ssh-helper 'qemu:///system''");
        assert_eq!(helper_command(Proxy::Netcat, None, "/x/sock", "qemu:///system", false).unwrap(), format!("sh -c '{nc}/x/sock'"));
        let e = helper_command(Proxy::Native, Some("nc"), "/s", "q:///", false).unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_INVALID_ARG, Domain::VIR_FROM_RPC));
    }

    #[test]
    fn ssh_arguments_match_libvirt() {
        let t = target_of(&uri("qemu+ssh://u@h:2200/system?keyfile=/k&no_verify=1&no_tty=1&known_hosts=/kh"), false).unwrap();
        let a = ssh_args(&t);
        assert_eq!(
            a[..a.len() - 1],
            ["-p", "2200", "-l", "u", "-i", "/k", "-T", "-e", "none", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "--", "h"]
        );
        let t = target_of(&uri("qemu+ssh://h/system?socket=/x/sock"), false).unwrap();
        assert!(t.remote_command.starts_with("sh -c 'if 'nc'") && t.remote_command.ends_with("-U /x/sock'"));
        let t = target_of(&uri("qemu+ssh://h/system?netcat=/bin/nc"), false).unwrap();
        assert!(t.remote_command.starts_with("sh -c 'if '/bin/nc' -q"));
        let t = target_of(&uri("qemu+ssh://h/system?name=qemu:///foo"), false).unwrap();
        assert!(t.remote_command.contains("virt-ssh-helper 'qemu:///foo'"));
    }

    #[test]
    fn open_errors_match_libvirt() {
        let cases = [
            ("test+ssh://h/default?mode=direct", Code::VIR_ERR_OPERATION_UNSUPPORTED, "Operation not supported: Cannot use direct socket mode for ssh transport"),
            ("test+ssh://h/default?proxy=x", Code::VIR_ERR_INVALID_ARG, "invalid argument: Unnkown proxy type 'x'"),
            ("test+ssh://h/default?no_verify=q", Code::VIR_ERR_INVALID_ARG, "invalid argument: Failed to parse value of URI component no_verify"),
            ("test+ssh://h/default?mode=zz", Code::VIR_ERR_INVALID_ARG, "invalid argument: Unknown remote mode 'zz'"),
            ("test+ext:///default", Code::VIR_ERR_INVALID_ARG, "invalid argument: remote_open: for 'ext' transport, command is required"),
        ];
        for (u, code, msg) in cases {
            let e = target_of(&uri(u), false).unwrap_err();
            assert_eq!((e.code, e.domain, e.message.as_str()), (code, FROM, msg), "{u}");
        }
        assert!(flag(&uri("x+ssh://h/?NO_TTY=0&no_tty=2"), "no_tty").unwrap());
        assert!(!flag(&uri("x+ssh://h/?no_tty=0"), "no_tty").unwrap());
    }
}
