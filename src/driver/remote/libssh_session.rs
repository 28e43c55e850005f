//! The in-process ssh transport `+libssh`, through Debian's libssh (0.10, linked by the
//! libssh-rs-sys binding): an ssh session opened in this process with libvirt's
//! `sshauth=` methods (agent, privkey, password, keyboard-interactive) and known_hosts
//! checks, worded as libvirt 9.0's libssh transport words them, a channel running the
//! same remote command as `+ssh` does, and a pump thread between that channel and a
//! socketpair whose other end the client speaks on.
//!
//! The session is used by one thread at a time: the opening thread until the channel
//! runs, then the pump thread, which owns it until the connection goes.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, IntoRawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use libssh_rs_sys as sys;

use super::libssh::{plan, Method, Plan, PumpSide, Verify};
use super::ssh::{self, Target};
use crate::driver::auth::{process_source, Authenticator, CredType, Credential};
use crate::driver::OpenFlags;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::{Companion, Stream};
use crate::uri::Uri;

const LIBSSH: Domain = Domain::VIR_FROM_LIBSSH;

fn err(code: Code, msg: impl Into<String>) -> Error {
    Error::new(LIBSSH, code, msg)
}

/// An ssh session of libssh, freed (after a disconnect) when dropped.
struct Session(sys::ssh_session);

// SAFETY: a libssh session may move between threads as long as one thread at a time
// uses it; this module hands it from the opening thread to the pump thread, never shares it.
unsafe impl Send for Session {}

impl Session {
    /// The session's last error text (libssh's `ssh_get_error`).
    fn error(&self) -> String {
        // SAFETY: the session is alive; ssh_get_error returns a string owned by the
        // session (never NULL for a session), copied out before any other call.
        unsafe {
            let p = sys::ssh_get_error(self.0 as *mut c_void);
            if p.is_null() {
                return String::new();
            }
            CStr::from_ptr(p).to_string_lossy().into_owned()
        }
    }

    /// Whether the server still has the connection open: libssh's view, and the socket's
    /// (libssh may not have noticed a server that closed it).
    fn connected(&self) -> bool {
        // SAFETY: live session.
        if unsafe { sys::ssh_is_connected(self.0) } == 0 {
            return false;
        }
        // SAFETY: live session; its descriptor is only peeked at, never read.
        let fd = unsafe { sys::ssh_get_fd(self.0) };
        let mut byte = 0u8;
        // SAFETY: a one-byte peek into a local buffer, without blocking.
        let n = unsafe { libc::recv(fd, &mut byte as *mut u8 as *mut c_void, 1, libc::MSG_PEEK | libc::MSG_DONTWAIT) };
        n != 0 && !(n < 0 && std::io::Error::last_os_error().kind() != std::io::ErrorKind::WouldBlock)
    }

    fn set_str(&self, option: sys::ssh_options_e, value: &str) -> Result<()> {
        let v = CString::new(value).map_err(|_| err(Code::VIR_ERR_LIBSSH, "invalid ssh option value"))?;
        // SAFETY: live session; libssh copies the NUL-terminated string.
        let rc = unsafe { sys::ssh_options_set(self.0, option, v.as_ptr() as *const c_void) };
        if rc < 0 {
            return Err(err(Code::VIR_ERR_LIBSSH, self.error()));
        }
        Ok(())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: the session is ours and freed once; its channel (if any) was freed first.
        unsafe {
            sys::ssh_disconnect(self.0);
            sys::ssh_free(self.0);
        }
    }
}

/// A key handed out by libssh, freed when dropped.
struct Key(sys::ssh_key);

impl Drop for Key {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: a key libssh allocated for us, freed once.
            unsafe { sys::ssh_key_free(self.0) };
        }
    }
}

/// A channel of a session, freed when dropped (before its session).
struct Channel(sys::ssh_channel);

// SAFETY: as `Session`: moved to the pump thread with its session, used by one thread.
unsafe impl Send for Channel {}

impl Drop for Channel {
    fn drop(&mut self) {
        // SAFETY: a channel of a session still alive (the pump drops it first), freed once.
        unsafe {
            sys::ssh_channel_send_eof(self.0);
            sys::ssh_channel_close(self.0);
            sys::ssh_channel_free(self.0);
        }
    }
}

/// What the open's credential questions need.
struct Asker<'a> {
    uri: &'a Uri,
    flags: &'a OpenFlags,
}

impl Asker<'_> {
    /// Whether the application gave callbacks at all (libvirt: `cred && cred->cb`).
    fn has_callbacks(&self) -> bool {
        self.flags.auth.source.is_some()
    }

    /// libvirt's choice of a credential type for a prompt: ECHOPROMPT when the answer
    /// may be shown, else the first of PASSPHRASE and NOECHOPROMPT the callbacks list.
    fn kind_for(&self, echo: bool) -> Option<CredType> {
        self.flags.auth.kinds().into_iter().find(|k| {
            if echo {
                *k == CredType::EchoPrompt
            } else {
                matches!(k, CredType::Passphrase | CredType::NoEchoPrompt)
            }
        })
    }

    /// Asks one prompt of `kind` of the source that takes it (the application's, else
    /// the process-wide callbacks); `Err(())` when the callback refused.
    fn ask(&self, kind: CredType, prompt: String) -> std::result::Result<Option<Vec<u8>>, ()> {
        let app = self.flags.auth.source.clone().filter(|s| s.kinds().contains(&kind));
        let source: Option<Arc<dyn Authenticator>> = app.or_else(process_source);
        let Some(source) = source else { return Err(()) };
        let mut creds = [Credential::new(kind, prompt)];
        source.ask_for(self.uri, &mut creds).map_err(|_| ())?;
        let [c] = creds;
        Ok(c.result)
    }
}

/// A prompt as libvirt passes it on: without trailing blanks and colons.
fn trim_prompt(p: &str) -> &str {
    p.trim_end_matches([' ', ':'])
}

/// Opens a `+libssh` connection: the stream to speak RPC on, and the pump behind it.
pub fn connect(uri: &Uri, flags: &OpenFlags) -> Result<(Stream, Box<dyn Companion>)> {
    let plan = plan(uri, flags)?;
    let Plan { ref t, port, ref keyfile, ref known_hosts, verify, ref methods } = plan;
    if methods.contains(&Method::Privkey) && keyfile.is_none() {
        return Err(err(Code::VIR_ERR_LIBSSH, "Key file path must be provided for private key authentication"));
    }
    // SAFETY: ssh_init may be called more than once (libssh counts the calls).
    if unsafe { sys::ssh_init() } < 0 {
        return Err(err(Code::VIR_ERR_LIBSSH, "failed to initialize libssh"));
    }
    // SAFETY: plain allocation; NULL is checked.
    let raw = unsafe { sys::ssh_new() };
    if raw.is_null() {
        return Err(err(Code::VIR_ERR_LIBSSH, "Failed to initialize libssh session"));
    }
    let sess = Session(raw);
    // SAFETY: live session.
    unsafe { sys::ssh_set_blocking(sess.0, 1) };
    let user = ssh::login_user(&t);
    sess.set_str(sys::ssh_options_e::SSH_OPTIONS_USER, &user)?;
    sess.set_str(sys::ssh_options_e::SSH_OPTIONS_HOST, &t.host)?;
    let port_u: u32 = port.into();
    // SAFETY: live session; SSH_OPTIONS_PORT reads an unsigned int.
    unsafe { sys::ssh_options_set(sess.0, sys::ssh_options_e::SSH_OPTIONS_PORT, &port_u as *const u32 as *const c_void) };
    sess.set_str(sys::ssh_options_e::SSH_OPTIONS_KNOWNHOSTS, &known_hosts.to_string_lossy())?;
    // Not libvirt's: without a timeout libssh waits forever for the answer to a password
    // the server will not give once it has given up (MaxAuthTries), and so does libvirt.
    let timeout: libc::c_long = AUTH_TIMEOUT_SECS;
    // SAFETY: live session; SSH_OPTIONS_TIMEOUT reads a long.
    unsafe { sys::ssh_options_set(sess.0, sys::ssh_options_e::SSH_OPTIONS_TIMEOUT, &timeout as *const libc::c_long as *const c_void) };
    // As libvirt: ~/.ssh/config applies.
    // SAFETY: live session; NULL means libssh's default file.
    if unsafe { sys::ssh_options_parse_config(sess.0, std::ptr::null()) } < 0 {
        return Err(err(Code::VIR_ERR_LIBSSH, sess.error()));
    }
    let fd: c_int = plan.connect_tcp()?.into_raw_fd();
    // SAFETY: live session; SSH_OPTIONS_FD reads a socket_t (int). libssh owns and
    // closes the descriptor from here on.
    unsafe { sys::ssh_options_set(sess.0, sys::ssh_options_e::SSH_OPTIONS_FD, &fd as *const c_int as *const c_void) };
    // SAFETY: live session in blocking mode.
    if unsafe { sys::ssh_connect(sess.0) } < 0 {
        return Err(err(Code::VIR_ERR_NO_CONNECT, format!("SSH session handshake failed: {}", sess.error())));
    }
    let asker = Asker { uri, flags };
    check_host_key(&sess, &t, port, &known_hosts, verify, &asker)?;
    authenticate(&sess, &t, &user, keyfile.as_deref().map(|p| p.to_string_lossy().into_owned()), &methods, &asker)?;
    let channel = open_channel(&sess, &t.remote_command)?;
    let (ours, theirs) = UnixStream::pair().map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to create socket pair", &e))?;
    let stop = Arc::new(AtomicBool::new(false));
    let stderr_text = Arc::new(parking_lot::Mutex::new(Vec::new()));
    let pump = Pump { channel, sess, local: theirs, stop: stop.clone(), stderr: stderr_text.clone() };
    let thread = std::thread::Builder::new()
        .name("libssh-pump".into())
        .spawn(move || pump.run())
        .map_err(|e| Error::system(Domain::VIR_FROM_RPC, "Unable to start the ssh channel thread", &e))?;
    Ok((Stream::Unix(ours), Box::new(PumpSide { stop, thread: Some(thread), stderr: stderr_text })))
}

/// The server key's hash as libvirt 9.0 shows it: SHA256, hex pairs with colons.
fn server_key_hash(sess: &Session) -> Result<String> {
    let mut key: sys::ssh_key = std::ptr::null_mut();
    // SAFETY: live, connected session; `key` receives a new key we free (Key's drop).
    if unsafe { sys::ssh_get_server_publickey(sess.0, &mut key) } != sys::SSH_OK as c_int {
        return Err(err(Code::VIR_ERR_LIBSSH, "failed to get the key of the current session"));
    }
    let key = Key(key);
    let mut hash: *mut u8 = std::ptr::null_mut();
    let mut len: usize = 0;
    // SAFETY: a valid key; libssh allocates `hash` (freed below with ssh_clean_pubkey_hash).
    let rc = unsafe {
        sys::ssh_get_publickey_hash(key.0, sys::ssh_publickey_hash_type::SSH_PUBLICKEY_HASH_SHA256, &mut hash, &mut len)
    };
    if rc < 0 || hash.is_null() {
        return Err(err(Code::VIR_ERR_LIBSSH, "failed to calculate ssh host key hash"));
    }
    // SAFETY: `hash` holds `len` bytes from libssh; freed once after copying.
    let bytes = unsafe {
        let v = std::slice::from_raw_parts(hash, len).to_vec();
        sys::ssh_clean_pubkey_hash(&mut hash);
        v
    };
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":"))
}

fn check_host_key(sess: &Session, t: &Target, port: u16, file: &std::path::Path, verify: Verify, asker: &Asker) -> Result<()> {
    if verify == Verify::Ignore {
        return Ok(());
    }
    let host = t.host.as_str();
    // SAFETY: live, connected session.
    let state = unsafe { sys::ssh_session_is_known_server(sess.0) };
    match state {
        sys::ssh_known_hosts_e_SSH_KNOWN_HOSTS_OK => Ok(()),
        sys::ssh_known_hosts_e_SSH_KNOWN_HOSTS_OTHER | sys::ssh_known_hosts_e_SSH_KNOWN_HOSTS_CHANGED => {
            let hash = server_key_hash(sess)?;
            Err(err(
                Code::VIR_ERR_AUTH_FAILED,
                format!(
                    "!!! SSH HOST KEY VERIFICATION FAILED !!!: Identity of host '{host}:{port}' differs from stored identity. Please verify the new host key '{hash}' to avoid possible man in the middle attack. The key is stored in '{}'.",
                    file.display()
                ),
            ))
        }
        sys::ssh_known_hosts_e_SSH_KNOWN_HOSTS_NOT_FOUND | sys::ssh_known_hosts_e_SSH_KNOWN_HOSTS_UNKNOWN => {
            if verify == Verify::Normal {
                if !asker.has_callbacks() {
                    return Err(err(
                        Code::VIR_ERR_LIBSSH,
                        "No user interaction callback provided: Can't verify the session host key",
                    ));
                }
                let Some(kind) = asker.kind_for(true) else {
                    return Err(err(Code::VIR_ERR_LIBSSH, "no suitable callback for host key verification"));
                };
                let hash = server_key_hash(sess)?;
                let answer = asker
                    .ask(kind, format!("Accept SSH host key with hash '{hash}' for host '{host}:{port}' (y/n)?"))
                    .map_err(|_| err(Code::VIR_ERR_LIBSSH, "failed to retrieve decision to accept host key"))?;
                if !answer.is_some_and(|a| a.eq_ignore_ascii_case(b"y")) {
                    return Err(err(Code::VIR_ERR_LIBSSH, format!("SSH host key for '{host}' ({hash}) was not accepted")));
                }
            }
            // SAFETY: live, connected session; appends to its known_hosts file.
            if unsafe { sys::ssh_session_update_known_hosts(sess.0) } < 0 {
                return Err(err(
                    Code::VIR_ERR_LIBSSH,
                    format!("failed to write known_host file '{}': {}", file.display(), sess.error()),
                ));
            }
            Ok(())
        }
        _ => Err(err(Code::VIR_ERR_LIBSSH, format!("failed to validate SSH host key: {}", sess.error()))),
    }
}

/// libssh's SSH_AUTH_* results.
const AUTH_SUCCESS: c_int = sys::ssh_auth_e_SSH_AUTH_SUCCESS;
const AUTH_DENIED: c_int = sys::ssh_auth_e_SSH_AUTH_DENIED;
const AUTH_ERROR: c_int = sys::ssh_auth_e_SSH_AUTH_ERROR;
const AUTH_INFO: c_int = sys::ssh_auth_e_SSH_AUTH_INFO;

/// One method's outcome, as libvirt's: in, refused (try the next), or an error that
/// ends the open.
enum Tried {
    In,
    Refused,
    Failed(Error),
}

fn authenticate(sess: &Session, t: &Target, user: &str, keyfile: Option<String>, methods: &[Method], asker: &Asker) -> Result<()> {
    // SAFETY: live, connected session; NULL user means the session's.
    if unsafe { sys::ssh_userauth_none(sess.0, std::ptr::null()) } == AUTH_ERROR {
        return Err(err(Code::VIR_ERR_LIBSSH, format!("Failed to authenticate as 'none': {}", sess.error())));
    }
    // SAFETY: as above.
    let offered = unsafe { sys::ssh_userauth_list(sess.0, std::ptr::null()) } as u32;
    let (mut no_method, mut auth_failed) = (false, false);
    for m in methods {
        let flag = match m {
            Method::KeyboardInteractive => sys::SSH_AUTH_METHOD_INTERACTIVE,
            Method::Password => sys::SSH_AUTH_METHOD_PASSWORD,
            Method::Agent | Method::Privkey => sys::SSH_AUTH_METHOD_PUBLICKEY,
        };
        if offered & flag == 0 {
            no_method = true;
            continue;
        }
        let tried = match m {
            Method::KeyboardInteractive => keyboard(sess, asker),
            Method::Agent => {
                // SAFETY: live session; the agent is found through SSH_AUTH_SOCK.
                match unsafe { sys::ssh_userauth_agent(sess.0, std::ptr::null()) } {
                    AUTH_SUCCESS => Tried::In,
                    AUTH_ERROR => Tried::Failed(err(
                        Code::VIR_ERR_LIBSSH,
                        format!("failed to authenticate using agent: {}", sess.error()),
                    )),
                    _ => Tried::Refused,
                }
            }
            Method::Privkey => privkey(sess, keyfile.as_deref().unwrap_or_default(), asker),
            Method::Password => password(sess, t, user, asker),
        };
        match tried {
            Tried::In => return Ok(()),
            Tried::Failed(e) => return Err(e),
            Tried::Refused => auth_failed = true,
        }
    }
    Err(if methods.len() == 1 {
        err(Code::VIR_ERR_LIBSSH, format!("failed to authenticate: {}", sess.error()))
    } else if no_method && !auth_failed {
        err(Code::VIR_ERR_AUTH_FAILED, "None of the requested authentication methods are supported by the server")
    } else {
        err(Code::VIR_ERR_AUTH_FAILED, "All provided authentication methods with credentials were rejected by the server")
    })
}

/// What the passphrase callback of a key import needs, and the error it met.
struct PassphraseCtx<'a, 'b> {
    asker: &'a Asker<'b>,
    failed: Option<Error>,
}

/// libssh's `ssh_auth_callback` for a key's passphrase: asks through the open's
/// credentials as libvirt does.
unsafe extern "C" fn passphrase_cb(
    prompt: *const c_char,
    buf: *mut c_char,
    len: usize,
    echo: c_int,
    _verify: c_int,
    userdata: *mut c_void,
) -> c_int {
    let run = || -> std::result::Result<(), Error> {
        // SAFETY: `userdata` is the PassphraseCtx that `import_privkey` passed, alive for
        // the import's duration; libssh calls back on the importing thread.
        let ctx = unsafe { &mut *(userdata as *mut PassphraseCtx) };
        let prompt = if prompt.is_null() {
            String::new()
        } else {
            // SAFETY: libssh passes a NUL-terminated prompt.
            unsafe { CStr::from_ptr(prompt) }.to_string_lossy().into_owned()
        };
        let asker = ctx.asker;
        if !asker.has_callbacks() {
            return Err(err(Code::VIR_ERR_LIBSSH, "No user interaction callback provided: Can't retrieve private key passphrase"));
        }
        let Some(kind) = asker.kind_for(echo != 0) else {
            return Err(err(Code::VIR_ERR_LIBSSH, "no suitable callback for input of key passphrase"));
        };
        let answer = asker
            .ask(kind, trim_prompt(&prompt).to_string())
            .map_err(|_| err(Code::VIR_ERR_LIBSSH, "failed to retrieve private key passphrase: callback has failed"))?
            .unwrap_or_default();
        if answer.len() >= len {
            return Err(err(Code::VIR_ERR_LIBSSH, "passphrase is too long for the buffer"));
        }
        // SAFETY: `buf` has room for `len` bytes; answer plus its NUL fit (checked).
        unsafe {
            std::ptr::copy_nonoverlapping(answer.as_ptr(), buf as *mut u8, answer.len());
            *buf.add(answer.len()) = 0;
        }
        Ok(())
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            // SAFETY: as above.
            let ctx = unsafe { &mut *(userdata as *mut PassphraseCtx) };
            ctx.failed = Some(e);
            -1
        }
        Err(_) => -1,
    }
}

/// Loads a private key, its passphrase asked if it has one.
fn import_privkey(file: &str, asker: &Asker) -> std::result::Result<Key, Error> {
    let path = CString::new(file).map_err(|_| err(Code::VIR_ERR_AUTH_FAILED, format!("error while reading private key '{file}'")))?;
    let mut ctx = PassphraseCtx { asker, failed: None };
    let mut key: sys::ssh_key = std::ptr::null_mut();
    // SAFETY: NUL-terminated path; the callback's userdata outlives the call; `key`
    // receives a new key we own.
    let rc = unsafe {
        sys::ssh_pki_import_privkey_file(
            path.as_ptr(),
            std::ptr::null(),
            Some(passphrase_cb),
            &mut ctx as *mut PassphraseCtx as *mut c_void,
            &mut key,
        )
    };
    let key = Key(key);
    if rc == sys::SSH_EOF {
        return Err(err(Code::VIR_ERR_AUTH_FAILED, format!("error while reading private key '{file}'")));
    }
    if rc != sys::SSH_OK as c_int {
        return Err(ctx.failed.take().unwrap_or_else(|| {
            err(Code::VIR_ERR_AUTH_FAILED, format!("error while opening private key '{file}', wrong passphrase?"))
        }));
    }
    Ok(key)
}

fn privkey(sess: &Session, file: &str, asker: &Asker) -> Tried {
    let pub_name = format!("{file}.pub");
    let Ok(pub_path) = CString::new(pub_name.clone()) else {
        return Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("error while reading public key '{pub_name}'")));
    };
    let mut public: sys::ssh_key = std::ptr::null_mut();
    // SAFETY: NUL-terminated path; `public` receives a key we own.
    let rc = unsafe { sys::ssh_pki_import_pubkey_file(pub_path.as_ptr(), &mut public) };
    let mut public = Key(public);
    let mut private = None;
    if rc == sys::SSH_ERROR {
        return Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("error while reading public key '{pub_name}'")));
    } else if rc == sys::SSH_EOF {
        let key = match import_privkey(file, asker) {
            Ok(k) => k,
            Err(e) => return Tried::Failed(e),
        };
        let mut derived: sys::ssh_key = std::ptr::null_mut();
        // SAFETY: a valid private key; `derived` receives a key we own.
        let rc = unsafe { sys::ssh_pki_export_privkey_to_pubkey(key.0, &mut derived) };
        public = Key(derived);
        if rc == sys::SSH_ERROR {
            return Tried::Failed(err(
                Code::VIR_ERR_AUTH_FAILED,
                format!("cannot export the public key from the private key '{file}'"),
            ));
        }
        private = Some(key);
    }
    // SAFETY: live session and a valid public key.
    if unsafe { sys::ssh_userauth_try_publickey(sess.0, std::ptr::null(), public.0) } != AUTH_SUCCESS {
        return Tried::Refused;
    }
    let private = match private {
        Some(k) => k,
        None => match import_privkey(file, asker) {
            Ok(k) => k,
            Err(e) => return Tried::Failed(e),
        },
    };
    // SAFETY: live session and a valid private key.
    if unsafe { sys::ssh_userauth_publickey(sess.0, std::ptr::null(), private.0) } != AUTH_SUCCESS {
        return Tried::Refused;
    }
    Tried::In
}

fn password(sess: &Session, t: &Target, user: &str, asker: &Asker) -> Tried {
    if !asker.has_callbacks() {
        return Tried::Failed(err(Code::VIR_ERR_LIBSSH, "Can't perform authentication: Authentication callback not provided"));
    }
    // As libvirt: ask again after each refusal; the server ends it after its MaxAuthTries
    // (and this side after MAX_ASKS, should it not notice).
    let mut asked = 0;
    let rc = loop {
        asked += 1;
        let pw = match asker.flags.auth.get_password(asker.uri, "ssh", user, &t.host) {
            Ok(p) => p,
            Err(e) => return Tried::Failed(e),
        };
        let Ok(pw) = CString::new(pw) else { break AUTH_DENIED };
        // SAFETY: live session; NUL-terminated password.
        let rc = unsafe { sys::ssh_userauth_password(sess.0, std::ptr::null(), pw.as_ptr()) };
        if rc == AUTH_SUCCESS {
            return Tried::In;
        }
        // libvirt 9.0 asks again for as long as libssh says "denied", which it goes on
        // saying after the server gave up (MaxAuthTries) and closed the connection: that
        // open never ends. Here it ends with the server.
        if rc != AUTH_DENIED || !sess.connected() || asked >= MAX_ASKS {
            break rc;
        }
    };
    let _ = rc;
    Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("authentication failed: {}", sess.error())))
}

/// Seconds libssh waits for the server at most during the handshake and authentication.
const AUTH_TIMEOUT_SECS: libc::c_long = 15;

/// How many times a password (or keyboard-interactive round) is asked at most: libvirt
/// asks without end, which never ends once the server has given up.
const MAX_ASKS: u32 = 10;

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: libssh's NUL-terminated strings, owned by the session, copied at once.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fn keyboard(sess: &Session, asker: &Asker) -> Tried {
    if !asker.has_callbacks() {
        return Tried::Failed(err(
            Code::VIR_ERR_LIBSSH,
            "No user interaction callback provided: Can't get input from keyboard interactive authentication",
        ));
    }
    let mut rounds = 0;
    'again: loop {
        rounds += 1;
        // SAFETY: live session (for each call of this loop).
        let mut rc = unsafe { sys::ssh_userauth_kbdint(sess.0, std::ptr::null(), std::ptr::null()) };
        while rc == AUTH_INFO {
            // SAFETY: live session in the middle of a keyboard-interactive exchange.
            let (name, instruction, n) = unsafe {
                (
                    cstr(sys::ssh_userauth_kbdint_getname(sess.0)),
                    cstr(sys::ssh_userauth_kbdint_getinstruction(sess.0)),
                    sys::ssh_userauth_kbdint_getnprompts(sess.0),
                )
            };
            let mut head = String::new();
            if !name.is_empty() {
                head.push_str(&name);
            }
            if !instruction.is_empty() {
                if !head.is_empty() {
                    head.push('\n');
                }
                head.push_str(&instruction);
            }
            if !head.is_empty() {
                head.push('\n');
            }
            for i in 0..n.max(0) as u32 {
                let mut echo: c_char = 0;
                // SAFETY: `i` is below the prompt count libssh gave.
                let prompt = cstr(unsafe { sys::ssh_userauth_kbdint_getprompt(sess.0, i, &mut echo) });
                let Some(kind) = asker.kind_for(echo != 0) else {
                    return Tried::Failed(err(Code::VIR_ERR_LIBSSH, "no suitable callback for input of keyboard response"));
                };
                let answer = match asker.ask(kind, format!("{head}{}", trim_prompt(&prompt))) {
                    Ok(a) => a.unwrap_or_default(),
                    Err(()) => {
                        return Tried::Failed(err(
                            Code::VIR_ERR_LIBSSH,
                            "failed to retrieve keyboard interactive result: callback has failed",
                        ))
                    }
                };
                let answer = CString::new(answer).unwrap_or_default();
                // SAFETY: live session; libssh copies the answer.
                if unsafe { sys::ssh_userauth_kbdint_setanswer(sess.0, i, answer.as_ptr()) } < 0 {
                    return Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("authentication failed: {}", sess.error())));
                }
            }
            // SAFETY: live session.
            rc = unsafe { sys::ssh_userauth_kbdint(sess.0, std::ptr::null(), std::ptr::null()) };
            if rc == AUTH_DENIED && sess.connected() && rounds < MAX_ASKS {
                // libvirt's unlimited tries: start over until the server gives up.
                continue 'again;
            }
        }
        return match rc {
            AUTH_SUCCESS => Tried::In,
            AUTH_DENIED if !sess.connected() || rounds >= MAX_ASKS => {
                Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("authentication failed: {}", sess.error())))
            }
            AUTH_ERROR => Tried::Failed(err(Code::VIR_ERR_AUTH_FAILED, format!("authentication failed: {}", sess.error()))),
            _ => Tried::Refused,
        };
    }
}

fn open_channel(sess: &Session, command: &str) -> Result<Channel> {
    // SAFETY: live, authenticated session.
    let raw = unsafe { sys::ssh_channel_new(sess.0) };
    if raw.is_null() {
        return Err(err(Code::VIR_ERR_LIBSSH, format!("failed to create libssh channel: {}", sess.error())));
    }
    let channel = Channel(raw);
    // SAFETY: a new channel of the live session.
    if unsafe { sys::ssh_channel_open_session(channel.0) } != sys::SSH_OK as c_int {
        return Err(err(Code::VIR_ERR_LIBSSH, format!("failed to open ssh channel: {}", sess.error())));
    }
    let cmd = CString::new(command).map_err(|_| err(Code::VIR_ERR_LIBSSH, "No channel command provided"))?;
    // SAFETY: an open session channel; NUL-terminated command.
    if unsafe { sys::ssh_channel_request_exec(channel.0, cmd.as_ptr()) } != sys::SSH_OK as c_int {
        return Err(err(Code::VIR_ERR_LIBSSH, format!("failed to execute command '{command}': {}", sess.error())));
    }
    Ok(channel)
}

/// Moves bytes between the ssh channel and the client's socketpair end until either
/// side ends or the connection is dropped. Field order matters: the channel is freed
/// before its session.
struct Pump {
    channel: Channel,
    sess: Session,
    local: UnixStream,
    stop: Arc<AtomicBool>,
    stderr: Arc<parking_lot::Mutex<Vec<u8>>>,
}

/// Up to this many bytes wait in each direction before the pump stops reading that side.
const BACKLOG: usize = 1 << 20;

impl Pump {
    /// Reads what the channel holds now (stdout or stderr): bytes, 0 for nothing yet,
    /// `None` at its end or on an error.
    fn read_channel(&self, buf: &mut [u8], stderr: bool) -> Option<usize> {
        // SAFETY: live channel; `buf` is writable for its length.
        let n = unsafe {
            sys::ssh_channel_read_nonblocking(self.channel.0, buf.as_mut_ptr() as *mut c_void, buf.len() as u32, stderr as c_int)
        };
        if n == sys::SSH_EOF {
            return None;
        }
        if n == sys::SSH_AGAIN {
            return Some(0);
        }
        if n < 0 {
            return None;
        }
        // SAFETY: live channel.
        if n == 0 && unsafe { sys::ssh_channel_is_eof(self.channel.0) } != 0 {
            return None;
        }
        Some(n as usize)
    }

    fn run(self) {
        let _ = self.local.set_nonblocking(true);
        // SAFETY: live session; the descriptor stays libssh's (only polled here).
        let tcp_fd = unsafe { sys::ssh_get_fd(self.sess.0) };
        let mut down: Vec<u8> = Vec::new(); // channel -> client
        let mut buf = vec![0u8; 64 * 1024];
        let mut local_eof = false;
        let mut channel_eof = false;
        while !self.stop.load(Ordering::Relaxed) {
            let mut progress = false;
            // Client -> channel: libssh's write blocks until the data is in the channel's
            // window, handling incoming packets meanwhile (their data is kept for reading).
            if !local_eof {
                match (&self.local).read(&mut buf) {
                    Ok(0) => {
                        local_eof = true;
                        // SAFETY: live channel.
                        unsafe { sys::ssh_channel_send_eof(self.channel.0) };
                        progress = true;
                    }
                    Ok(n) => {
                        let mut sent = 0;
                        while sent < n {
                            // SAFETY: live channel; the slice is readable for its length.
                            let w = unsafe {
                                sys::ssh_channel_write(self.channel.0, buf[sent..n].as_ptr() as *const c_void, (n - sent) as u32)
                            };
                            if w == sys::SSH_AGAIN {
                                continue;
                            }
                            if w < 0 {
                                break;
                            }
                            sent += w as usize;
                        }
                        if sent < n {
                            break;
                        }
                        progress = true;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => local_eof = true,
                }
            }
            // Channel -> client, and the remote command's stderr, kept for errors.
            if !channel_eof && down.len() < BACKLOG {
                match self.read_channel(&mut buf, false) {
                    None => channel_eof = true,
                    Some(0) => {}
                    Some(n) => {
                        down.extend_from_slice(&buf[..n]);
                        progress = true;
                    }
                }
                if let Some(n) = self.read_channel(&mut buf, true) {
                    let mut kept = self.stderr.lock();
                    let room = 1024usize.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
            if !down.is_empty() {
                match (&self.local).write(&down) {
                    Ok(n) if n > 0 => {
                        down.drain(..n);
                        progress = true;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => break,
                }
            }
            if channel_eof && down.is_empty() {
                break;
            }
            if progress {
                continue;
            }
            // SAFETY: live session.
            let pending_out = unsafe { sys::ssh_get_poll_flags(self.sess.0) } & sys::SSH_WRITE_PENDING as c_int != 0;
            if pending_out {
                // SAFETY: live session; a flush bounded to 100 ms.
                unsafe { sys::ssh_blocking_flush(self.sess.0, 100) };
            }
            let mut local_events = 0;
            if !local_eof {
                local_events |= crate::sys::POLLIN;
            }
            if !down.is_empty() {
                local_events |= crate::sys::POLLOUT;
            }
            let mut tcp_events = 0;
            if !channel_eof && down.len() < BACKLOG {
                tcp_events |= crate::sys::POLLIN;
            }
            let mut fds = [(tcp_fd, tcp_events, 0), (self.local.as_raw_fd(), local_events, 0)];
            let _ = crate::sys::poll(&mut fds, Some(Duration::from_millis(100)));
        }
        // The client sees the end of the stream; channel and session go with this thread.
        let _ = self.local.shutdown(std::net::Shutdown::Both);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_lose_trailing_colons_and_blanks() {
        assert_eq!(trim_prompt("Password: "), "Password");
        assert_eq!(trim_prompt("Enter passphrase for key 'x': :"), "Enter passphrase for key 'x'");
        assert_eq!(trim_prompt(""), "");
    }
}
