//! The in-process ssh transport `+libssh2` (through the ssh2 crate's libssh2): an ssh
//! session opened in this process, with libvirt's `sshauth=` methods and known_hosts
//! checks, a channel running the same remote command as `+ssh` does, and a pump thread
//! between that channel and a socketpair whose other end the client speaks on.
//! `+libssh` (Debian's libssh) is in `libssh_session`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ssh2::{BlockDirections, CheckResult, ErrorCode, KnownHostFileKind, Session};

use super::ssh::{self, Target};
use crate::driver::auth::{CredType, Credential};
use crate::driver::OpenFlags;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::{Companion, Stream};
use crate::sys;
use crate::uri::Uri;

const SSH: Domain = Domain::VIR_FROM_SSH;

/// libssh2's LIBSSH2_ERROR_AUTHENTICATION_FAILED (also PUBLICKEY_UNRECOGNIZED) and
/// LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED.
const AUTH_FAILED: i32 = -18;
const PUBKEY_UNVERIFIED: i32 = -19;

/// Opens any of the ssh family: `+ssh` and `+ext` through a child process, `+libssh2`
/// in process.
pub fn connect(uri: &Uri, flags: &OpenFlags) -> Result<(Stream, Box<dyn Companion>)> {
    let transport = uri.transport().unwrap_or("").to_ascii_lowercase();
    match transport.as_str() {
        "ssh" | "ext" => ssh::connect(uri, flags),
        "libssh2" => connect_libssh2(uri, flags),
        "libssh" => super::libssh_session::connect(uri, flags),
        _ => Err(Error::new(
            Domain::VIR_FROM_REMOTE,
            Code::VIR_ERR_NO_SUPPORT,
            format!("transport '{transport}' is not supported by this build (use libssh2 or ssh)"),
        )),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Method {
    Agent,
    Privkey,
    Password,
    KeyboardInteractive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verify {
    Normal,
    Auto,
    Ignore,
}

/// libvirt's default key: the first of these in `~/.ssh`.
pub(super) fn default_key() -> Option<PathBuf> {
    let home = PathBuf::from(std::env::var_os("HOME")?);
    ["identity", "id_dsa", "id_ecdsa", "id_ed25519", "id_rsa"].iter().map(|k| home.join(".ssh").join(k)).find(|p| p.exists())
}

pub(super) fn methods_of(list: &str) -> Result<Vec<Method>> {
    list.split(',')
        .map(|m| match m.to_ascii_lowercase().as_str() {
            "agent" => Ok(Method::Agent),
            "privkey" => Ok(Method::Privkey),
            "password" => Ok(Method::Password),
            "keyboard-interactive" => Ok(Method::KeyboardInteractive),
            _ => Err(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INVALID_ARG, format!("Invalid authentication method: '{m}'"))),
        })
        .collect()
}

/// `known_hosts_verify=`: normal (the default), auto or ignore, in any case.
pub(super) fn verify_of(v: Option<&str>) -> Result<Verify> {
    match v.unwrap_or("normal").to_ascii_lowercase().as_str() {
        "normal" => Ok(Verify::Normal),
        "auto" => Ok(Verify::Auto),
        "ignore" => Ok(Verify::Ignore),
        _ => Err(Error::new(
            Domain::VIR_FROM_RPC,
            Code::VIR_ERR_INVALID_ARG,
            format!("Invalid host key verification method: '{}'", v.unwrap_or_default()),
        )),
    }
}

fn ssh_error(code: Code, msg: String) -> Error {
    Error::new(SSH, code, msg)
}

fn session_code(e: &ssh2::Error) -> i32 {
    match e.code() {
        ErrorCode::Session(c) => c,
        ErrorCode::SFTP(c) => c,
    }
}

/// What both in-process ssh transports take from a URI: where to go, the key file
/// (`keyfile=`, else the user's default key), the known_hosts file and how to check
/// against it, and the `sshauth=` methods in order (libvirt's default list without one).
pub(super) struct Plan {
    pub t: Target,
    pub port: u16,
    pub keyfile: Option<PathBuf>,
    pub known_hosts: PathBuf,
    pub verify: Verify,
    pub methods: Vec<Method>,
}

pub(super) fn plan(uri: &Uri, flags: &OpenFlags) -> Result<Plan> {
    let t = ssh::target_of(uri, flags.read_only)?;
    let port = t.port.unwrap_or(22);
    let keyfile = t.keyfile.clone().map(PathBuf::from).or_else(default_key);
    let known_hosts = t.known_hosts.clone().map(PathBuf::from).unwrap_or_else(ssh::default_known_hosts);
    let methods = match &t.sshauth {
        Some(list) => list.clone(),
        None if keyfile.is_some() => "agent,privkey,password,keyboard-interactive".into(),
        None => "agent,password,keyboard-interactive".into(),
    };
    let verify = verify_of(t.known_hosts_verify.as_deref())?;
    let methods = methods_of(&methods)?;
    Ok(Plan { t, port, keyfile, known_hosts, verify, methods })
}

impl Plan {
    /// The TCP connection to the host, as libvirt words a failure.
    pub(super) fn connect_tcp(&self) -> Result<TcpStream> {
        let port = self.port;
        let tcp = TcpStream::connect((self.t.host.as_str(), port)).map_err(|e| {
            Error::system(Domain::VIR_FROM_RPC, &format!("unable to connect to server at '{}:{port}'", self.t.host), &e)
        })?;
        let _ = tcp.set_nodelay(true);
        Ok(tcp)
    }
}

fn connect_libssh2(uri: &Uri, flags: &OpenFlags) -> Result<(Stream, Box<dyn Companion>)> {
    let plan = plan(uri, flags)?;
    let tcp = plan.connect_tcp()?;
    let Plan { t, port, keyfile, known_hosts, verify, methods } = plan;
    let tcp_fd = tcp.as_raw_fd();
    let mut sess = Session::new().map_err(|e| ssh_error(Code::VIR_ERR_SSH, format!("Failed to initialize libssh2 session: {}", e.message())))?;
    sess.set_tcp_stream(tcp);
    sess.handshake()
        .map_err(|e| ssh_error(Code::VIR_ERR_NO_CONNECT, format!("SSH session handshake failed: {}", e.message())))?;
    check_host_key(&sess, &t, port, &known_hosts, verify, uri, flags)?;
    let user = ssh::login_user(&t);
    authenticate(&sess, &user, &t, keyfile.as_deref(), &methods, uri, flags)?;
    let mut channel = sess
        .channel_session()
        .map_err(|e| ssh_error(Code::VIR_ERR_SSH, format!("failed to open ssh channel: {}", e.message())))?;
    channel.exec(&t.remote_command).map_err(|e| {
        ssh_error(Code::VIR_ERR_SSH, format!("failed to execute command '{}': {}", t.remote_command, e.message()))
    })?;
    let (ours, theirs) = UnixStream::pair().map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to create socket pair", &e))?;
    let stop = Arc::new(AtomicBool::new(false));
    let stderr_text = Arc::new(parking_lot::Mutex::new(Vec::new()));
    let pump = Pump { sess, channel, local: theirs, tcp_fd, stop: stop.clone(), stderr: stderr_text.clone() };
    let thread = std::thread::Builder::new()
        .name("libssh2-pump".into())
        .spawn(move || pump.run())
        .map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to start the ssh channel thread", &e))?;
    Ok((Stream::Unix(ours), Box::new(PumpSide { stop, thread: Some(thread), stderr: stderr_text })))
}

fn check_host_key(sess: &Session, t: &Target, port: u16, file: &Path, verify: Verify, uri: &Uri, flags: &OpenFlags) -> Result<()> {
    if verify == Verify::Ignore {
        return Ok(());
    }
    let fail = |what: &str, e: ssh2::Error| ssh_error(Code::VIR_ERR_SSH, format!("{what}: {}", e.message()));
    let mut kh = sess.known_hosts().map_err(|e| fail("Failed to initialize libssh2 known hosts table", e))?;
    if file.exists() {
        kh.read_file(file, KnownHostFileKind::OpenSSH)
            .map_err(|e| fail(&format!("unable to load knownhosts file '{}'", file.display()), e))?;
    }
    let Some((key, key_type)) = sess.host_key() else {
        return Err(ssh_error(Code::VIR_ERR_SSH, "Failed to retrieve ssh host key".into()));
    };
    let host = t.host.as_str();
    match kh.check_port(host, port, key) {
        CheckResult::Match => Ok(()),
        CheckResult::Mismatch => {
            let stored = kh
                .iter()
                .ok()
                .and_then(|hs| {
                    let names = [format!("[{host}]:{port}"), host.to_string()];
                    hs.iter().find(|h| h.name().is_some_and(|n| names.iter().any(|x| x == n))).map(|h| h.key().to_string())
                })
                .unwrap_or_default();
            Err(ssh_error(
                Code::VIR_ERR_AUTH_FAILED,
                format!(
                    "!!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '{host}:{port}' differs from stored identity. Please verify the new host key '{stored}' to avoid possible man in the middle attack. The key is stored in '{}'.",
                    file.display()
                ),
            ))
        }
        CheckResult::Failure => Err(ssh_error(Code::VIR_ERR_SSH, "failed to validate SSH host key".into())),
        CheckResult::NotFound => {
            if verify == Verify::Normal {
                if flags.auth.source.is_none() {
                    return Err(ssh_error(
                        Code::VIR_ERR_SSH,
                        "No user interaction callback provided: Can't verify the session host key".into(),
                    ));
                }
                if !flags.auth.kinds().contains(&CredType::EchoPrompt) {
                    return Err(ssh_error(Code::VIR_ERR_SSH, "no suitable callback for host key verification".into()));
                }
                // MD5 of the host key blob, as libssh2's MD5 host key hash (which a
                // libssh2 built without MD5 does not give).
                let hash = sess
                    .host_key()
                    .and_then(|(key, _)| openssl::hash::hash(openssl::hash::MessageDigest::md5(), key).ok())
                    .map(|h| h.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":"))
                    .unwrap_or_default();
                let mut creds = [Credential::new(
                    CredType::EchoPrompt,
                    format!("Accept SSH host key with hash '{hash}' for host '{host}:{port}' (y/n)?"),
                )];
                flags.auth.ask(uri, &mut creds).map_err(|_| {
                    ssh_error(Code::VIR_ERR_SSH, "failed to retrieve decision to accept host key".into())
                })?;
                let yes = creds[0].result.as_deref().is_some_and(|r| r.eq_ignore_ascii_case(b"y"));
                if !yes {
                    return Err(ssh_error(
                        Code::VIR_ERR_SSH,
                        format!("SSH host key for '{host}' ({hash}) was not accepted"),
                    ));
                }
            }
            let name = format!("[{host}]:{port}");
            kh.add(&name, key, "added by libvirt ssh transport", key_type.into())
                .map_err(|e| fail(&format!("unable to add SSH host key for host '{name}'"), e))?;
            kh.write_file(file, KnownHostFileKind::OpenSSH)
                .map_err(|e| fail(&format!("failed to write known_host file '{}'", file.display()), e))?;
            Ok(())
        }
    }
}

/// One method's outcome: in, refused (try the next), or an error that ends the open.
enum Tried {
    In,
    Refused(Error),
    Unavailable,
}

fn authenticate(sess: &Session, user: &str, t: &Target, keyfile: Option<&Path>, methods: &[Method], uri: &Uri, flags: &OpenFlags) -> Result<()> {
    let offered = match sess.auth_methods(user) {
        Ok(list) => list.to_string(),
        Err(_) if sess.authenticated() => return Ok(()),
        Err(e) => {
            return Err(ssh_error(Code::VIR_ERR_SSH, format!("couldn't retrieve authentication methods list: {}", e.message())))
        }
    };
    let auth_err = |msg: String| ssh_error(Code::VIR_ERR_AUTH_FAILED, msg);
    let (mut unavailable, mut refused, mut last) = (false, false, None);
    for m in methods {
        let tried = match m {
            Method::Agent if offered.contains("publickey") => agent(sess, user)?,
            Method::Privkey if offered.contains("publickey") => {
                let Some(key) = keyfile else {
                    return Err(ssh_error(Code::VIR_ERR_SSH, "Key file path must be provided for private key authentication".into()));
                };
                privkey(sess, user, key, uri, flags)?
            }
            Method::Password if offered.contains("password") => password(sess, user, &t.host, uri, flags)?,
            Method::KeyboardInteractive if offered.contains("keyboard-interactive") => keyboard(sess, user, uri, flags)?,
            _ => Tried::Unavailable,
        };
        match tried {
            Tried::In => return Ok(()),
            Tried::Refused(e) => {
                refused = true;
                last = Some(e);
            }
            Tried::Unavailable => {
                unavailable = true;
                last = None;
            }
        }
    }
    Err(match (methods.len(), last) {
        (1, Some(e)) => e,
        _ if unavailable && !refused => {
            auth_err("None of the requested authentication methods are supported by the server".into())
        }
        _ => auth_err("All provided authentication methods with credentials were rejected by the server".into()),
    })
}

fn agent(sess: &Session, user: &str) -> Result<Tried> {
    let refused = |m: &str| Tried::Refused(ssh_error(Code::VIR_ERR_SSH, m.into()));
    let Ok(mut agent) = sess.agent() else { return Ok(refused("Failed to connect to ssh agent")) };
    if agent.connect().is_err() {
        return Ok(refused("Failed to connect to ssh agent"));
    }
    if agent.list_identities().is_err() {
        return Ok(refused("Failed to list ssh agent identities"));
    }
    let ids = agent.identities().unwrap_or_default();
    if ids.is_empty() {
        return Ok(Tried::Refused(ssh_error(Code::VIR_ERR_AUTH_FAILED, "SSH Agent did not provide any authentication identity".into())));
    }
    for id in &ids {
        match agent.userauth(user, id) {
            Ok(()) => return Ok(Tried::In),
            Err(e) if matches!(session_code(&e), AUTH_FAILED | PUBKEY_UNVERIFIED) => {}
            Err(e) => {
                return Err(ssh_error(Code::VIR_ERR_AUTH_FAILED, format!("failed to authenticate using SSH agent: {}", e.message())))
            }
        }
    }
    Ok(Tried::Refused(ssh_error(Code::VIR_ERR_AUTH_FAILED, "All identities provided by the SSH Agent were rejected".into())))
}

fn privkey(sess: &Session, user: &str, key: &Path, uri: &Uri, flags: &OpenFlags) -> Result<Tried> {
    let failed = |e: &ssh2::Error| {
        ssh_error(Code::VIR_ERR_AUTH_FAILED, format!("authentication with private key '{}' has failed: {}", key.display(), e.message()))
    };
    let e = match sess.userauth_pubkey_file(user, None, key, None) {
        Ok(()) => return Ok(Tried::In),
        Err(e) if session_code(&e) == AUTH_FAILED => return Ok(Tried::Refused(failed(&e))),
        Err(e) => e,
    };
    // The key may want a passphrase.
    let _ = e;
    if flags.auth.source.is_none() {
        return Err(ssh_error(Code::VIR_ERR_SSH, "No user interaction callback provided: Can't retrieve private key passphrase".into()));
    }
    let mut creds = [Credential::new(CredType::Passphrase, format!("Passphrase for key '{}'", key.display()))];
    flags
        .auth
        .ask(uri, &mut creds)
        .map_err(|_| ssh_error(Code::VIR_ERR_SSH, "failed to retrieve private key passphrase: callback has failed".into()))?;
    let phrase = String::from_utf8_lossy(creds[0].result.as_deref().unwrap_or_default()).into_owned();
    match sess.userauth_pubkey_file(user, None, key, Some(&phrase)) {
        Ok(()) => Ok(Tried::In),
        Err(e) if session_code(&e) == AUTH_FAILED => Ok(Tried::Refused(failed(&e))),
        Err(e) => Err(failed(&e)),
    }
}

fn password(sess: &Session, user: &str, host: &str, uri: &Uri, flags: &OpenFlags) -> Result<Tried> {
    if flags.auth.source.is_none() {
        return Err(ssh_error(Code::VIR_ERR_SSH, "Can't perform authentication: Authentication callback not provided".into()));
    }
    // As libvirt: ask again after each refusal; the server ends it after its MaxAuthTries.
    loop {
        let mut c = Credential::new(CredType::Passphrase, format!("Enter {user}'s password for {host}"));
        c.challenge = Some(host.to_string());
        let mut creds = [c];
        flags.auth.ask(uri, &mut creds)?;
        let pw = String::from_utf8_lossy(creds[0].result.as_deref().unwrap_or_default()).into_owned();
        match sess.userauth_password(user, &pw) {
            Ok(()) => return Ok(Tried::In),
            Err(e) if session_code(&e) == AUTH_FAILED => continue,
            Err(e) => {
                return Ok(Tried::Refused(ssh_error(Code::VIR_ERR_AUTH_FAILED, format!("authentication failed: {}", e.message()))))
            }
        }
    }
}

/// Answers keyboard-interactive prompts through the open's credentials.
struct Prompter<'a> {
    uri: &'a Uri,
    flags: &'a OpenFlags,
    failed: Option<Error>,
}

impl ssh2::KeyboardInteractivePrompt for Prompter<'_> {
    fn prompt<'b>(&mut self, _username: &str, _instructions: &str, prompts: &[ssh2::Prompt<'b>]) -> Vec<String> {
        let mut creds: Vec<Credential> = prompts
            .iter()
            .map(|p| {
                let text = p.text.rsplit_once(':').map_or(p.text.as_ref(), |(head, _)| head).to_string();
                Credential::new(if p.echo { CredType::EchoPrompt } else { CredType::NoEchoPrompt }, text)
            })
            .collect();
        if let Err(e) = self.flags.auth.ask(self.uri, &mut creds) {
            self.failed = Some(e);
        }
        creds.into_iter().map(|c| String::from_utf8_lossy(c.result.as_deref().unwrap_or_default()).into_owned()).collect()
    }
}

fn keyboard(sess: &Session, user: &str, uri: &Uri, flags: &OpenFlags) -> Result<Tried> {
    if flags.auth.source.is_none() {
        return Err(ssh_error(
            Code::VIR_ERR_SSH,
            "Can't perform keyboard-interactive authentication: Authentication callback not provided".into(),
        ));
    }
    let mut p = Prompter { uri, flags, failed: None };
    loop {
        let r = sess.userauth_keyboard_interactive(user, &mut p);
        if p.failed.is_some() {
            return Err(ssh_error(Code::VIR_ERR_SSH, "failed to retrieve credentials".into()));
        }
        match r {
            Ok(()) => return Ok(Tried::In),
            Err(e) if session_code(&e) == AUTH_FAILED => continue,
            Err(e) => {
                return Err(ssh_error(
                    Code::VIR_ERR_AUTH_FAILED,
                    format!("keyboard interactive authentication failed: {}", e.message()),
                ))
            }
        }
    }
}

/// Moves bytes between the ssh channel and the client's socketpair end until either
/// side ends or the connection is dropped.
struct Pump {
    sess: Session,
    channel: ssh2::Channel,
    local: UnixStream,
    tcp_fd: i32,
    stop: Arc<AtomicBool>,
    stderr: Arc<parking_lot::Mutex<Vec<u8>>>,
}

impl Pump {
    fn run(mut self) {
        self.sess.set_blocking(false);
        let _ = self.local.set_nonblocking(true);
        let mut up: Vec<u8> = Vec::new(); // client -> channel
        let mut down: Vec<u8> = Vec::new(); // channel -> client
        let mut buf = vec![0u8; 64 * 1024];
        let mut local_eof = false;
        while !self.stop.load(Ordering::Relaxed) {
            let mut progress = false;
            // Client -> channel.
            if !local_eof && up.len() < 1 << 20 {
                match self.local.read(&mut buf) {
                    Ok(0) => {
                        local_eof = true;
                        progress = true;
                    }
                    Ok(n) => {
                        up.extend_from_slice(&buf[..n]);
                        progress = true;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => local_eof = true,
                }
            }
            if !up.is_empty() {
                match self.channel.write(&up) {
                    Ok(n) if n > 0 => {
                        up.drain(..n);
                        progress = true;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => break,
                }
            } else if local_eof {
                let _ = self.channel.send_eof();
                break;
            }
            // Channel -> client (and the remote command's stderr, kept for errors).
            if down.len() < 1 << 20 {
                match self.channel.read(&mut buf) {
                    Ok(0) if self.channel.eof() => {
                        if down.is_empty() {
                            break;
                        }
                    }
                    Ok(0) => {}
                    Ok(n) => {
                        down.extend_from_slice(&buf[..n]);
                        progress = true;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => break,
                }
                if let Ok(n) = self.channel.stderr().read(&mut buf) {
                    let mut kept = self.stderr.lock();
                    let room = 1024usize.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
            if !down.is_empty() {
                match self.local.write(&down) {
                    Ok(n) if n > 0 => {
                        down.drain(..n);
                        progress = true;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => break,
                }
            }
            if progress {
                continue;
            }
            let mut tcp_events = sys::POLLIN;
            if matches!(self.sess.block_directions(), BlockDirections::Outbound | BlockDirections::Both) {
                tcp_events |= sys::POLLOUT;
            }
            let mut local_events = 0;
            if !local_eof && up.len() < 1 << 20 {
                local_events |= sys::POLLIN;
            }
            if !down.is_empty() {
                local_events |= sys::POLLOUT;
            }
            let mut fds = [(self.tcp_fd, tcp_events, 0), (self.local.as_raw_fd(), local_events, 0)];
            let _ = sys::poll(&mut fds, Some(Duration::from_millis(100)));
        }
        // The client sees the end of the stream; the session goes with this thread.
        let _ = self.local.shutdown(std::net::Shutdown::Both);
        let _ = self.channel.close();
    }
}

/// The pump thread behind a connection (of either in-process ssh transport): stopped
/// and joined when the connection goes; what the remote command wrote on its stderr
/// goes into a read error.
pub(super) struct PumpSide {
    pub(super) stop: Arc<AtomicBool>,
    pub(super) thread: Option<std::thread::JoinHandle<()>>,
    pub(super) stderr: Arc<parking_lot::Mutex<Vec<u8>>>,
}

impl Companion for PumpSide {
    fn error_text(&mut self) -> Option<String> {
        let text = String::from_utf8_lossy(&self.stderr.lock()).trim_end().to_string();
        (!text.is_empty()).then_some(text)
    }
}

impl Drop for PumpSide {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_methods_parse_like_libvirt() {
        assert_eq!(methods_of("agent,PrivKey,password,keyboard-interactive").unwrap().len(), 4);
        let e = methods_of("agent,bogus").unwrap_err();
        assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_INVALID_ARG, Domain::VIR_FROM_RPC, "invalid argument: Invalid authentication method: 'bogus'"));
    }
}
