//! SASL through libsasl2, for both ends of libvirt's RPC protocol: the client's side of
//! the AUTH_SASL_INIT / START / STEP exchange (credentials asked through the open's
//! [`Auth`]), the daemon's sessions (used by qemud), and the security layer that wraps
//! the traffic after authentication when the mechanism negotiated one (SSF > 0).
//!
//! libvirt's rules, kept here: service name "libvirt"; on a stream that is not already
//! private (plain TCP) both ends ask for an SSF of 56 to 100000 and forbid anonymous and
//! plaintext mechanisms (so PLAIN and SCRAM, which has no security layer, are not
//! offered there); on a UNIX socket or inside TLS any mechanism goes, and TLS's key size
//! is the external SSF. The layer's framing is the mechanism's own: each chunk of at
//! most SASL_MAXOUTBUF plaintext bytes goes through `sasl_encode` and its output is
//! written as is; whatever arrives is fed to `sasl_decode`, which reassembles.
//!
//! A wrapped connection is handed to the RPC code as a [`Stream::Unix`] end of a socket
//! pair; two pump threads move bytes between the other end and the real socket.

use std::ffi::{c_char, c_uint, c_ulong, c_void, CStr, CString};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::ptr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parking_lot::Mutex;
use sasl2_sys::sasl as ffi;

use crate::driver::auth::{Auth, CredType, Credential};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::Stream;
use crate::rpc::message::{self, Header, MessageType, RemoteError, Status, REMOTE_PROGRAM};
use crate::rpc::protocol::{self as p, num};
use crate::rpc::xdr::{CharArray, Xdr};
use crate::uri::Uri;

const FROM: Domain = Domain::VIR_FROM_RPC;
/// The service name both ends use (and the config file: `/etc/sasl2/libvirt.conf`).
pub const SERVICE: &str = "libvirt";
/// The weakest layer accepted on a stream that is not private: DES, as Kerberos offers.
pub const MIN_SSF: u32 = 56;
const MAX_SSF: u32 = 100_000;
const MAX_BUF: u32 = 100_000;
/// Rounds of credential questions one start or step may ask before we give up.
const MAX_INTERACTIONS: usize = 8;

fn auth_failed(detail: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_AUTH_FAILED, detail)
}

/// What the stream under SASL already gives.
#[derive(Clone, Debug, Default)]
pub struct Security {
    /// Nobody can read or change the bytes in between: a UNIX socket, or TLS.
    pub secure: bool,
    /// The key size in bits of the TLS session under SASL, told to SASL as external SSF.
    pub tls_ssf: Option<u32>,
    /// "address;port" of this end and the peer, when the stream is TCP.
    pub local: Option<String>,
    pub remote: Option<String>,
}

impl Security {
    /// A plain stream as connected: UNIX sockets are private, TCP is not.
    pub fn of(stream: &Stream) -> Security {
        match stream {
            Stream::Unix(_) => Security { secure: true, ..Default::default() },
            Stream::Tcp(s) => Security::of_tcp(s),
        }
    }

    /// A TCP connection: not private by itself; its ends as SASL names them ("ip;port").
    pub fn of_tcp(s: &std::net::TcpStream) -> Security {
        let name = |a: std::net::SocketAddr| format!("{};{}", a.ip(), a.port());
        Security { secure: false, tls_ssf: None, local: s.local_addr().ok().map(name), remote: s.peer_addr().ok().map(name) }
    }
}

/// libsasl2's process-wide set-up, done once per side; its result is kept.
fn init_once(cell: &'static OnceLock<std::result::Result<(), String>>, server: bool) -> Result<()> {
    let r = cell.get_or_init(|| {
        // SAFETY: the init functions take NULL callbacks and (server) a static C string;
        // OnceLock runs this once per process.
        let rc = unsafe {
            if server {
                ffi::sasl_server_init(ptr::null(), c"libvirt".as_ptr())
            } else {
                ffi::sasl_client_init(ptr::null())
            }
        };
        if rc == ffi::SASL_OK as i32 {
            Ok(())
        } else {
            Err(format!("failed to initialize SASL library: {rc} ({})", errstring(rc)))
        }
    });
    r.clone().map_err(auth_failed)
}

static CLIENT_INIT: OnceLock<std::result::Result<(), String>> = OnceLock::new();
static SERVER_INIT: OnceLock<std::result::Result<(), String>> = OnceLock::new();

fn errstring(rc: i32) -> String {
    // SAFETY: sasl_errstring returns a static string for any code.
    let s = unsafe { ffi::sasl_errstring(rc, ptr::null(), ptr::null_mut()) };
    if s.is_null() {
        return format!("SASL error {rc}");
    }
    // SAFETY: non-NULL, NUL-terminated and static.
    unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
}

/// Copies SASL's output (owned by the connection, valid until its next call).
fn out_bytes(data: *const c_char, len: c_uint) -> Option<Vec<u8>> {
    if data.is_null() {
        return None;
    }
    // SAFETY: SASL hands `len` readable bytes at `data`, valid until the next call on
    // the connection, which cannot happen while we copy.
    Some(unsafe { std::slice::from_raw_parts(data as *const u8, len as usize) }.to_vec())
}

fn opt_cstring(s: &Option<String>) -> Option<CString> {
    s.as_ref().and_then(|s| CString::new(s.as_str()).ok())
}

fn cptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr())
}

/// One libsasl2 connection (`sasl_conn_t`), client or server.
pub struct Session {
    conn: *mut ffi::sasl_conn_t,
    /// The callback list the connection points to (client side): must outlive it.
    _callbacks: Vec<ffi::sasl_callback_t>,
    /// Answers handed to SASL's interactions: SASL reads them during the next start or
    /// step call, so they live until the one after.
    answers: Vec<Vec<u8>>,
}

// SAFETY: a sasl_conn_t may move between threads; every use goes through &mut self (or
// a Mutex), so it is never used from two threads at once.
unsafe impl Send for Session {}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: conn came from sasl_*_new and is disposed of once.
        unsafe { ffi::sasl_dispose(&mut self.conn) };
    }
}

/// The outcome of a start or step: complete or not, and the data for the peer (None is
/// SASL's "no data", which the wire tells apart from empty data).
#[derive(Debug)]
pub struct Step {
    pub complete: bool,
    pub out: Option<Vec<u8>>,
}

impl Session {
    fn detail(&self) -> String {
        // SAFETY: conn is live; sasl_errdetail returns a string owned by the connection.
        let s = unsafe { ffi::sasl_errdetail(self.conn) };
        if s.is_null() {
            return String::new();
        }
        // SAFETY: non-NULL and NUL-terminated; copied before any other call.
        unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned()
    }

    fn set_security(&mut self, sec: &Security) -> Result<()> {
        if let Some(bits) = sec.tls_ssf {
            let ssf: ffi::sasl_ssf_t = bits;
            // SAFETY: conn is live; SASL copies the value.
            let rc = unsafe { ffi::sasl_setprop(self.conn, ffi::SASL_SSF_EXTERNAL as i32, &ssf as *const _ as *const c_void) };
            if rc != ffi::SASL_OK as i32 {
                return Err(auth_failed(format!("cannot set external SSF {rc} ({})", self.detail())));
            }
        }
        let props = ffi::sasl_security_properties_t {
            min_ssf: if sec.secure { 0 } else { MIN_SSF },
            max_ssf: if sec.secure { 0 } else { MAX_SSF },
            maxbufsize: MAX_BUF,
            security_flags: if sec.secure { 0 } else { (ffi::SASL_SEC_NOANONYMOUS | ffi::SASL_SEC_NOPLAINTEXT) as c_uint },
            property_names: ptr::null_mut(),
            property_values: ptr::null_mut(),
        };
        // SAFETY: conn is live; SASL copies the properties.
        let rc = unsafe { ffi::sasl_setprop(self.conn, ffi::SASL_SEC_PROPS as i32, &props as *const _ as *const c_void) };
        if rc != ffi::SASL_OK as i32 {
            return Err(auth_failed(format!("cannot set security props {rc} ({})", self.detail())));
        }
        Ok(())
    }

    fn prop_uint(&self, prop: c_uint) -> Result<u32> {
        let mut v: *const c_void = ptr::null();
        // SAFETY: conn is live; for SSF and MAXOUTBUF SASL points v at an unsigned int it owns.
        let rc = unsafe { ffi::sasl_getprop(self.conn, prop as i32, &mut v) };
        if rc != ffi::SASL_OK as i32 || v.is_null() {
            return Err(auth_failed(format!("cannot query SASL property {prop}: {rc} ({})", self.detail())));
        }
        // SAFETY: see above: a valid unsigned int.
        Ok(unsafe { *(v as *const c_uint) })
    }

    /// The negotiated security strength factor (0: no layer).
    pub fn ssf(&self) -> Result<u32> {
        self.prop_uint(ffi::SASL_SSF)
    }

    /// The authenticated user name (server side).
    pub fn username(&self) -> Option<String> {
        let mut v: *const c_void = ptr::null();
        // SAFETY: conn is live; SASL_USERNAME points v at a string it owns.
        let rc = unsafe { ffi::sasl_getprop(self.conn, ffi::SASL_USERNAME as i32, &mut v) };
        if rc != ffi::SASL_OK as i32 || v.is_null() {
            return None;
        }
        // SAFETY: non-NULL NUL-terminated string owned by the connection.
        Some(unsafe { CStr::from_ptr(v as *const c_char) }.to_string_lossy().into_owned())
    }

    // ---- server side ------------------------------------------------------------------

    /// A daemon's session for one client.
    pub fn server(sec: &Security) -> Result<Session> {
        init_once(&SERVER_INIT, true)?;
        let (local, remote) = (opt_cstring(&sec.local), opt_cstring(&sec.remote));
        let mut conn = ptr::null_mut();
        // SAFETY: every pointer is NULL or a live C string; SASL copies them.
        let rc = unsafe {
            ffi::sasl_server_new(
                c"libvirt".as_ptr(),
                ptr::null(),
                ptr::null(),
                cptr(&local),
                cptr(&remote),
                ptr::null(),
                ffi::SASL_SUCCESS_DATA as c_uint,
                &mut conn,
            )
        };
        if rc != ffi::SASL_OK as i32 {
            return Err(auth_failed(format!("Failed to create SASL server context: {rc} ({})", errstring(rc))));
        }
        let mut s = Session { conn, _callbacks: Vec::new(), answers: Vec::new() };
        s.set_security(sec)?;
        Ok(s)
    }

    /// The mechanisms this session offers, comma separated.
    pub fn mechanisms(&self) -> Result<String> {
        let mut out: *const c_char = ptr::null();
        // SAFETY: conn is live; out receives a string owned by the connection.
        let rc = unsafe {
            ffi::sasl_listmech(
                self.conn,
                ptr::null(),
                c"".as_ptr(),
                c",".as_ptr(),
                c"".as_ptr(),
                &mut out,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        };
        if rc != ffi::SASL_OK as i32 || out.is_null() {
            return Err(auth_failed(format!("cannot list SASL mechanisms {rc} ({})", self.detail())));
        }
        // SAFETY: non-NULL NUL-terminated string owned by the connection.
        Ok(unsafe { CStr::from_ptr(out) }.to_string_lossy().into_owned())
    }

    fn server_result(&self, rc: i32, out: *const c_char, len: c_uint, what: &str) -> Result<Step> {
        match rc {
            x if x == ffi::SASL_OK as i32 => Ok(Step { complete: true, out: out_bytes(out, len) }),
            x if x == ffi::SASL_CONTINUE as i32 => Ok(Step { complete: false, out: out_bytes(out, len) }),
            _ => Err(auth_failed(format!("Failed to {what} SASL negotiation: {rc} ({})", self.detail()))),
        }
    }

    pub fn server_start(&mut self, mech: &str, data: Option<&[u8]>) -> Result<Step> {
        let mech = CString::new(mech).map_err(|_| auth_failed("bad mechanism name"))?;
        let (mut out, mut len) = (ptr::null(), 0);
        let (inp, inlen) = data.map_or((ptr::null(), 0), |d| (d.as_ptr() as *const c_char, d.len() as c_uint));
        // SAFETY: conn is live; inp/inlen describe a live buffer (or NULL); SASL writes its
        // output pointer and length.
        let rc = unsafe { ffi::sasl_server_start(self.conn, mech.as_ptr(), inp, inlen, &mut out, &mut len) };
        self.server_result(rc, out, len, "start")
    }

    pub fn server_step(&mut self, data: Option<&[u8]>) -> Result<Step> {
        let (mut out, mut len) = (ptr::null(), 0);
        let (inp, inlen) = data.map_or((ptr::null(), 0), |d| (d.as_ptr() as *const c_char, d.len() as c_uint));
        // SAFETY: as in server_start.
        let rc = unsafe { ffi::sasl_server_step(self.conn, inp, inlen, &mut out, &mut len) };
        self.server_result(rc, out, len, "step")
    }

    // ---- client side ------------------------------------------------------------------

    /// A client's session with the daemon at `host`, with a SASL callback slot (no
    /// function: SASL asks through interactions) for each credential `kinds` can answer.
    pub fn client(host: &str, sec: &Security, kinds: &[CredType]) -> Result<Session> {
        init_once(&CLIENT_INIT, false)?;
        let mut callbacks: Vec<ffi::sasl_callback_t> = kinds
            .iter()
            .filter_map(|k| sasl_id_of(*k))
            .map(|id| ffi::sasl_callback_t { id, proc_: None, context: ptr::null_mut() })
            .collect();
        callbacks.push(ffi::sasl_callback_t { id: ffi::SASL_CB_LIST_END, proc_: None, context: ptr::null_mut() });
        let host = CString::new(host).map_err(|_| auth_failed("bad host name"))?;
        let (local, remote) = (opt_cstring(&sec.local), opt_cstring(&sec.remote));
        let mut conn = ptr::null_mut();
        // SAFETY: the strings are live C strings (SASL copies them); the callback list
        // lives in the Session, as long as the connection.
        let rc = unsafe {
            ffi::sasl_client_new(
                c"libvirt".as_ptr(),
                host.as_ptr(),
                cptr(&local),
                cptr(&remote),
                callbacks.as_ptr(),
                ffi::SASL_SUCCESS_DATA as c_uint,
                &mut conn,
            )
        };
        if rc != ffi::SASL_OK as i32 {
            return Err(auth_failed(format!("Failed to create SASL client context: {rc} ({})", errstring(rc))));
        }
        let mut s = Session { conn, _callbacks: callbacks, answers: Vec::new() };
        s.set_security(sec)?;
        Ok(s)
    }

    /// Fills SASL's interactions from `auth`: libvirt's credential types for SASL's ids.
    fn interact(&mut self, list: *mut ffi::sasl_interact_t, uri: &Uri, auth: &Auth) -> Result<()> {
        let mut wanted: Vec<(usize, Credential)> = Vec::new();
        let mut i = 0;
        loop {
            // SAFETY: SASL's interaction array ends with an entry whose id is
            // SASL_CB_LIST_END; we stop there.
            let it = unsafe { &*list.add(i) };
            if it.id == ffi::SASL_CB_LIST_END {
                break;
            }
            if it.result.is_null() {
                let kind = cred_of_sasl(it.id).ok_or_else(|| auth_failed("Failed to make auth credentials"))?;
                let text = |p: *const c_char| {
                    // SAFETY: SASL's strings are NULL or NUL-terminated.
                    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
                };
                let mut c = Credential::new(kind, text(it.prompt).unwrap_or_default());
                c.challenge = text(it.challenge);
                c.default = text(it.defresult);
                wanted.push((i, c));
            }
            i += 1;
        }
        let mut creds: Vec<Credential> = wanted.iter().map(|(_, c)| c.clone()).collect();
        if !creds.is_empty() {
            auth.ask(uri, &mut creds)?;
        }
        self.answers.clear();
        for ((idx, _), c) in wanted.iter().zip(creds) {
            let mut v = c.result.unwrap_or_default();
            let len = v.len();
            // SASL reads some answers as C strings.
            v.push(0);
            // SAFETY: idx is inside the array walked above; the answer's bytes live in
            // self.answers until the next interaction (after the next start/step).
            unsafe {
                let it = &mut *list.add(*idx);
                it.result = v.as_ptr() as *const c_void;
                it.len = len as c_uint;
            }
            self.answers.push(v);
        }
        Ok(())
    }

    /// sasl_client_start, asking `auth` for whatever SASL wants. The mechanism chosen
    /// comes back with the step.
    /// sasl_client_start: the mechanism chosen, the data for the server, and whether the
    /// mechanism is already done on this side (PLAIN sends everything at once).
    pub fn client_start(&mut self, mechlist: &str, uri: &Uri, auth: &Auth) -> Result<(String, Option<Vec<u8>>, bool)> {
        let mechlist = CString::new(mechlist).map_err(|_| auth_failed("bad mechanism list"))?;
        // SASL finds its interactions' answers through the same pointer on the next call.
        // ... and names the mechanism only on the call that chose it.
        let (mut need, mut mech) = (ptr::null_mut(), ptr::null());
        for _ in 0..MAX_INTERACTIONS {
            let (mut out, mut len) = (ptr::null(), 0);
            // SAFETY: conn is live; SASL writes the out pointers.
            let rc = unsafe { ffi::sasl_client_start(self.conn, mechlist.as_ptr(), &mut need, &mut out, &mut len, &mut mech) };
            match rc {
                x if x == ffi::SASL_INTERACT as i32 => self.interact(need, uri, auth)?,
                x if x == ffi::SASL_OK as i32 || x == ffi::SASL_CONTINUE as i32 => {
                    let data = out_bytes(out, len);
                    // SAFETY: mech is NULL or a NUL-terminated name owned by SASL.
                    let mech = if mech.is_null() { String::new() } else { unsafe { CStr::from_ptr(mech) }.to_string_lossy().into_owned() };
                    return Ok((mech, data, rc == ffi::SASL_OK as i32));
                }
                _ => return Err(auth_failed(format!("Failed to start SASL negotiation: {rc} ({})", self.detail()))),
            }
        }
        Err(auth_failed("Failed to start SASL negotiation: the mechanism keeps asking for credentials"))
    }

    /// sasl_client_step: Ok(complete, data for the server).
    pub fn client_step(&mut self, input: Option<&[u8]>, uri: &Uri, auth: &Auth) -> Result<Step> {
        let mut need = ptr::null_mut();
        for _ in 0..MAX_INTERACTIONS {
            let (mut out, mut len) = (ptr::null(), 0);
            let (inp, inlen) = input.map_or((ptr::null(), 0), |d| (d.as_ptr() as *const c_char, d.len() as c_uint));
            // SAFETY: conn is live; inp/inlen describe a live buffer or NULL.
            let rc = unsafe { ffi::sasl_client_step(self.conn, inp, inlen, &mut need, &mut out, &mut len) };
            match rc {
                x if x == ffi::SASL_INTERACT as i32 => self.interact(need, uri, auth)?,
                x if x == ffi::SASL_OK as i32 => return Ok(Step { complete: true, out: out_bytes(out, len) }),
                x if x == ffi::SASL_CONTINUE as i32 => return Ok(Step { complete: false, out: out_bytes(out, len) }),
                _ => return Err(auth_failed(format!("Failed to step SASL negotiation: {rc} ({})", self.detail()))),
            }
        }
        Err(auth_failed("Failed to step SASL negotiation: the mechanism keeps asking for credentials"))
    }

    // ---- the security layer -----------------------------------------------------------

    fn encode(&mut self, data: &[u8]) -> Result<Vec<u8>> {
        let (mut out, mut len) = (ptr::null(), 0);
        // SAFETY: conn is live and authenticated; data is a live buffer.
        let rc = unsafe { ffi::sasl_encode(self.conn, data.as_ptr() as *const c_char, data.len() as c_uint, &mut out, &mut len) };
        if rc != ffi::SASL_OK as i32 {
            return Err(auth_failed(format!("failed to encode SASL data: {rc} ({})", self.detail())));
        }
        Ok(out_bytes(out, len).unwrap_or_default())
    }

    fn decode(&mut self, data: &[u8]) -> Result<Vec<u8>> {
        let (mut out, mut len) = (ptr::null(), 0);
        // SAFETY: as in encode.
        let rc = unsafe { ffi::sasl_decode(self.conn, data.as_ptr() as *const c_char, data.len() as c_uint, &mut out, &mut len) };
        if rc != ffi::SASL_OK as i32 {
            return Err(auth_failed(format!("failed to decode SASL data: {rc} ({})", self.detail())));
        }
        Ok(out_bytes(out, len).unwrap_or_default())
    }
}

/// libvirt's credential type for a SASL interaction id (remote driver's table).
fn cred_of_sasl(id: c_ulong) -> Option<CredType> {
    Some(match id {
        ffi::SASL_CB_USER => CredType::Username,
        ffi::SASL_CB_AUTHNAME => CredType::Authname,
        ffi::SASL_CB_LANGUAGE => CredType::Language,
        ffi::SASL_CB_CNONCE => CredType::Cnonce,
        ffi::SASL_CB_PASS => CredType::Passphrase,
        ffi::SASL_CB_ECHOPROMPT => CredType::EchoPrompt,
        ffi::SASL_CB_NOECHOPROMPT => CredType::NoEchoPrompt,
        ffi::SASL_CB_GETREALM => CredType::Realm,
        _ => return None,
    })
}

/// The SASL callback id a libvirt credential type answers (none for EXTERNAL).
fn sasl_id_of(kind: CredType) -> Option<c_ulong> {
    Some(match kind {
        CredType::Username => ffi::SASL_CB_USER,
        CredType::Authname => ffi::SASL_CB_AUTHNAME,
        CredType::Language => ffi::SASL_CB_LANGUAGE,
        CredType::Cnonce => ffi::SASL_CB_CNONCE,
        CredType::Passphrase => ffi::SASL_CB_PASS,
        CredType::EchoPrompt => ffi::SASL_CB_ECHOPROMPT,
        CredType::NoEchoPrompt => ffi::SASL_CB_NOECHOPROMPT,
        CredType::Realm => ffi::SASL_CB_GETREALM,
        CredType::External => return None,
    })
}

/// Wraps `raw` in the session's security layer when it negotiated one (SSF > 0): the
/// returned stream carries plaintext, the pumps encode and decode. Without a layer the
/// raw stream comes back as it is. `write_timeout` bounds each write to the peer.
pub fn wrap(raw: Stream, session: Session, write_timeout: Option<Duration>) -> Result<Stream> {
    if session.ssf()? == 0 {
        return Ok(raw);
    }
    let max_out = session.prop_uint(ffi::SASL_MAXOUTBUF)?.clamp(1024, 1 << 20) as usize;
    let io = |what: &str, e: std::io::Error| Error::system(FROM, what, &e);
    let (app, ours) = UnixStream::pair().map_err(|e| io("Cannot create socket pair", e))?;
    let ours_r = ours.try_clone().map_err(|e| io("Cannot duplicate socket", e))?;
    let raw_w = raw.try_clone().map_err(|e| io("Cannot duplicate socket", e))?;
    let _ = raw_w.set_write_timeout(write_timeout);
    let session = Arc::new(Mutex::new(session));
    let s2 = session.clone();
    let mut raw_r = raw;
    let mut ours_w = ours;
    // Peer -> application: decode whatever arrives.
    std::thread::Builder::new()
        .name("sasl-decode".into())
        .spawn(move || {
            let mut buf = vec![0u8; 65536];
            loop {
                let n = match raw_r.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let plain = match s2.lock().decode(&buf[..n]) {
                    Ok(p) => p,
                    Err(_) => break,
                };
                if !plain.is_empty() && ours_w.write_all(&plain).is_err() {
                    break;
                }
            }
            let _ = ours_w.shutdown(std::net::Shutdown::Both);
            raw_r.shutdown();
        })
        .map_err(|e| io("Cannot start SASL thread", e))?;
    // Application -> peer: encode in chunks the layer accepts.
    let mut ours_r = ours_r;
    let mut raw_w = raw_w;
    std::thread::Builder::new()
        .name("sasl-encode".into())
        .spawn(move || {
            let mut buf = vec![0u8; max_out];
            loop {
                let n = match ours_r.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let wire = match session.lock().encode(&buf[..n]) {
                    Ok(w) => w,
                    Err(_) => break,
                };
                if raw_w.write_all(&wire).is_err() {
                    break;
                }
            }
            raw_w.shutdown();
            let _ = ours_r.shutdown(std::net::Shutdown::Both);
        })
        .map_err(|e| io("Cannot start SASL thread", e))?;
    Ok(Stream::Unix(app))
}

// ---- the client's exchange, before the RPC client takes the stream ------------------------

/// One CALL of the remote program written and its REPLY read, synchronously, on a
/// stream nobody else uses yet.
fn raw_call<A: Xdr, R: Xdr>(stream: &mut Stream, serial: &mut u32, proc_: i32, args: &A) -> Result<R> {
    *serial += 1;
    let packet = message::encode(&Header::call(REMOTE_PROGRAM, proc_, *serial), args)?;
    stream.write_all(&packet).map_err(|e| Error::system(FROM, "Cannot write data", &e))?;
    loop {
        let mut word = [0u8; 4];
        stream.read_exact(&mut word).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                Error::new(FROM, Code::VIR_ERR_SYSTEM_ERROR, "End of file while reading data: Input/output error")
            } else {
                Error::system(FROM, "Cannot recv data", &e)
            }
        })?;
        let len = message::decode_length(word)?;
        let mut body = vec![0u8; len - message::LEN_WORD];
        stream.read_exact(&mut body).map_err(|e| Error::system(FROM, "Cannot recv data", &e))?;
        let (h, payload) = message::decode_header(&body)?;
        // Anything but our reply (a keepalive PING) is not expected before the open.
        if h.kind != MessageType::Reply || h.serial != *serial || h.prog != REMOTE_PROGRAM {
            continue;
        }
        return match h.status {
            Status::Ok => R::from_xdr(payload),
            _ => Err(RemoteError::from_xdr(payload).map(Error::from).unwrap_or_else(|e| e)),
        };
    }
}

fn nil_data(d: &Option<Vec<u8>>) -> (i32, CharArray<{ p::REMOTE_AUTH_SASL_DATA_MAX }>) {
    (d.is_none() as i32, CharArray(d.clone().unwrap_or_default()))
}

fn ret_data(nil: i32, data: CharArray<{ p::REMOTE_AUTH_SASL_DATA_MAX }>) -> Option<Vec<u8>> {
    (nil == 0).then_some(data.0)
}

/// libvirt's client-side authentication on a fresh stream: AUTH_LIST, then SASL when
/// the daemon asks for it. Returns the stream to speak RPC over: the same one, or the
/// SASL security layer over it.
pub fn authenticate(mut stream: Stream, uri: &Uri, auth: &Auth, sec: &Security) -> Result<Stream> {
    let mut serial = 0x4000_0000u32;
    let types = match raw_call::<(), p::AuthListRet>(&mut stream, &mut serial, num::AUTH_LIST, &()) {
        Ok(r) => r.types.0,
        // An old daemon without the procedure: nothing to do, as libvirt.
        Err(e) if e.code == Code::VIR_ERR_NO_SUPPORT => return Ok(stream),
        Err(e) => return Err(e),
    };
    match types.first() {
        None => Ok(stream),
        Some(&t) if t == p::REMOTE_AUTH_NONE => Ok(stream),
        Some(&t) if t == p::REMOTE_AUTH_SASL => {
            let session = client_sasl(&mut stream, &mut serial, uri, auth, sec)?;
            wrap(stream, session, None)
        }
        Some(&t) => Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_AUTH_FAILED, format!("unsupported authentication type {t}"))),
    }
}

/// The SASL exchange, as libvirt's remote driver runs it.
fn client_sasl(stream: &mut Stream, serial: &mut u32, uri: &Uri, auth: &Auth, sec: &Security) -> Result<Session> {
    let host = uri.server.clone().unwrap_or_else(|| "localhost".into());
    let mut session = Session::client(&host, sec, &auth.kinds())?;
    let init: p::AuthSaslInitRet = raw_call(stream, serial, num::AUTH_SASL_INIT, &())?;
    let (mech, out, mut client_done) = session.client_start(&init.mechlist, uri, auth)?;
    if out.as_ref().is_some_and(|d| d.len() > p::REMOTE_AUTH_SASL_DATA_MAX) {
        let n = out.map_or(0, |d| d.len());
        return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_AUTH_FAILED, format!("SASL negotiation data too long: {n} bytes")));
    }
    let (nil, data) = nil_data(&out);
    let start: p::AuthSaslStartRet = raw_call(stream, serial, num::AUTH_SASL_START, &p::AuthSaslStartArgs { mech, nil, data })?;
    let mut complete = start.complete != 0;
    let mut server_in = ret_data(start.nil, start.data);
    // The client steps at least once to check the server's last word, unless its
    // mechanism already finished in the start (stepping again would fail in SASL).
    loop {
        if complete && client_done {
            break;
        }
        let step = session.client_step(server_in.as_deref(), uri, auth)?;
        client_done = step.complete;
        if complete && step.complete {
            break;
        }
        if step.out.as_ref().is_some_and(|d| d.len() > p::REMOTE_AUTH_SASL_DATA_MAX) {
            let n = step.out.map_or(0, |d| d.len());
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_AUTH_FAILED, format!("SASL negotiation data too long: {n} bytes")));
        }
        let (nil, data) = nil_data(&step.out);
        let ret: p::AuthSaslStepRet = raw_call(stream, serial, num::AUTH_SASL_STEP, &p::AuthSaslStepArgs { nil, data })?;
        complete = ret.complete != 0;
        server_in = ret_data(ret.nil, ret.data);
        if complete && step.complete {
            break;
        }
    }
    if !sec.secure {
        let ssf = session.ssf()?;
        if ssf < MIN_SSF {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_AUTH_FAILED,
                format!("negotiation SSF {ssf} was not strong enough"),
            ));
        }
    }
    Ok(session)
}
