//! The QMP monitor client: one per running domain, over the UNIX socket QEMU listens
//! on (`-qmp unix:PATH,server=on,wait=off`).
//!
//! [`Monitor::connect`] reads QEMU's greeting and negotiates capabilities on the
//! caller's thread, then hands the socket's read side to a reader thread. Commands
//! ([`Monitor::execute`]) may come from any number of threads at once: each gets an id,
//! its line is written under a lock, and the reader thread routes every reply to the
//! waiter with that id. Asynchronous events and the end of the connection go to the
//! callback given at connect time, on the reader thread.
//!
//! QEMU is a peer, not a part of us: everything it sends is parsed by the small,
//! bounded JSON parser below (line and nesting limits, no panics on any input). A line
//! that is not JSON breaks the monitor for good, as in libvirt: later commands fail
//! rather than risk pairing a reply with the wrong command.
//!
//! JSON is our own ([`Json`]) rather than serde_json: QMP needs a few dozen lines of
//! it, and the workspace has no serde.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::os::fd::BorrowedFd;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use virt::error::{Code, Domain, Error, Result};

/// The longest line QEMU may send (query-qmp-schema is a few hundred KiB).
const MAX_LINE: usize = 16 << 20;
/// Deepest nesting accepted in QEMU's JSON.
const MAX_DEPTH: usize = 128;

// ---------------------------------------------------------------------------------
// JSON

/// A JSON value. Objects keep QEMU's key order; integers keep their exact value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// Integers above `i64::MAX` (QEMU's uint64 fields).
    UInt(u64),
    Float(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs.
    pub fn object<K: Into<String>>(pairs: impl IntoIterator<Item = (K, Json)>) -> Json {
        Json::Object(pairs.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The member `key` of an object (the first, should QEMU repeat a key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Int(n) => u64::try_from(*n).ok(),
            Json::UInt(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// Parses one JSON text; anything after it other than whitespace is an error.
    pub fn parse(text: &str) -> std::result::Result<Json, String> {
        let mut p = Parser { s: text.as_bytes(), i: 0 };
        let v = p.value(0)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing data at offset {}", p.i));
        }
        Ok(v)
    }

    fn write(&self, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Json::UInt(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Float(f) if f.is_finite() => {
                let _ = write!(out, "{f:?}");
            }
            Json::Float(_) => out.push_str("null"),
            Json::Str(s) => write_str(s, out),
            Json::Array(a) => {
                out.push('[');
                for (n, v) in a.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Json::Object(m) => {
                out.push('{');
                for (n, (k, v)) in m.iter().enumerate() {
                    if n > 0 {
                        out.push_str(", ");
                    }
                    write_str(k, out);
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_string())
    }
}
impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}
impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}
impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Int(n)
    }
}
impl From<u64> for Json {
    fn from(n: u64) -> Json {
        i64::try_from(n).map(Json::Int).unwrap_or(Json::UInt(n))
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> std::result::Result<T, String> {
        Err(format!("{what} at offset {}", self.i))
    }

    fn literal(&mut self, word: &str, v: Json) -> std::result::Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            self.err("unexpected character")
        }
    }

    fn value(&mut self, depth: usize) -> std::result::Result<Json, String> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return self.err("unexpected end of input") };
        match c {
            b'n' => self.literal("null", Json::Null),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => {
                self.i += 1;
                let mut a = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Array(a));
                }
                loop {
                    a.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Array(a));
                        }
                        _ => return self.err("expected ',' or ']'"),
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut m = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Object(m));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return self.err("expected a key");
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.s.get(self.i) != Some(&b':') {
                        return self.err("expected ':'");
                    }
                    self.i += 1;
                    m.push((k, self.value(depth + 1)?));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Object(m));
                        }
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            _ => self.err("unexpected character"),
        }
    }

    fn number(&mut self) -> std::result::Result<Json, String> {
        let start = self.i;
        let mut float = false;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let b = p.i;
            while p.s.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i > b
        };
        if !digits(self) {
            return self.err("bad number");
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            float = true;
            if !digits(self) {
                return self.err("bad number");
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            float = true;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return self.err("bad number");
            }
        }
        // Only ASCII was consumed, so this slice is valid UTF-8.
        let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
        if !float {
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Json::Int(n));
            }
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Json::UInt(n));
            }
        }
        text.parse::<f64>().map(Json::Float).map_err(|_| format!("bad number at offset {start}"))
    }

    fn hex4(&mut self) -> std::result::Result<u32, String> {
        let Some(h) = self.s.get(self.i..self.i + 4) else { return self.err("short \\u escape") };
        let h = std::str::from_utf8(h).ok().and_then(|h| u32::from_str_radix(h, 16).ok());
        let Some(n) = h else { return self.err("bad \\u escape") };
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.i) else { return self.err("unterminated string") };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else { return self.err("unterminated string") };
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) && self.s[self.i..].starts_with(b"\\u") {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = save;
                                    0xFFFD
                                }
                            } else {
                                hi
                            };
                            // A lone surrogate becomes U+FFFD rather than an error.
                            char::from_u32(code).unwrap_or('\u{FFFD}')
                        }
                        _ => return self.err("bad escape"),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c => out.push(c),
            }
        }
        // The input was a &str and escapes add whole characters, so this cannot fail;
        // lossy all the same rather than trust that reasoning with a panic.
        Ok(String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}

// ---------------------------------------------------------------------------------
// The monitor

/// An asynchronous event from QEMU (`{"event": NAME, "data": {...}, "timestamp": ...}`).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: String,
    /// `data`, or `Json::Null` when the event has none.
    pub data: Json,
    /// QEMU's timestamp in microseconds since the epoch (0 if absent).
    pub timestamp_us: u64,
}

/// What the reader thread reports to the monitor's owner.
#[derive(Clone, Debug)]
pub enum Notice {
    Event(Event),
    /// The connection ended: QEMU closed it (it died or quit) or sent garbage. Not
    /// reported when the monitor is closed by dropping it.
    Closed(Error),
}

/// Called on the monitor's reader thread; must not block for long (events queue up
/// behind it) and must not drop the last reference to the monitor.
pub type NoticeSink = Box<dyn Fn(Notice) + Send>;

/// Why a command failed, before conversion to a libvirt error.
enum Failure {
    /// QEMU answered with `{"error": {"class": .., "desc": ..}}`.
    Qemu { class: String, desc: String },
    /// The monitor is gone or broken.
    Monitor(Error),
}

type Waiter = mpsc::SyncSender<std::result::Result<Json, Failure>>;

struct Shared {
    pending: Mutex<HashMap<u64, Waiter>>,
    /// Set once the connection is unusable; every later command fails with it.
    broken: Mutex<Option<Error>>,
    closing: AtomicBool,
}

impl Shared {
    /// Marks the monitor broken and wakes every waiter with `err`.
    fn break_with(&self, err: Error) {
        let mut broken = self.broken.lock();
        if broken.is_none() {
            *broken = Some(err.clone());
        }
        drop(broken);
        for (_, w) in self.pending.lock().drain() {
            let _ = w.send(Err(Failure::Monitor(err.clone())));
        }
    }
}

/// QEMU's version from the greeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QemuVersion {
    pub major: u64,
    pub minor: u64,
    pub micro: u64,
}

/// A connected QMP monitor. `Send + Sync`: share it (in an `Arc`) between threads.
pub struct Monitor {
    writer: Mutex<UnixStream>,
    shared: Arc<Shared>,
    next_id: AtomicU64,
    reader: Option<JoinHandle<()>>,
    version: QemuVersion,
    timeout: Duration,
}

fn qemu_err(detail: impl Into<String>) -> Error {
    Error::internal(Domain::VIR_FROM_QEMU, detail)
}

fn eof_error() -> Error {
    Error::new(Domain::VIR_FROM_QEMU, Code::VIR_ERR_OPERATION_FAILED, "End of file from qemu monitor")
}

/// Reads one line of at most [`MAX_LINE`] bytes; `Ok(None)` at end of file.
fn read_line(r: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = r.by_ref().take(MAX_LINE as u64 + 1).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') {
        if buf.len() > MAX_LINE {
            return Err(std::io::Error::new(ErrorKind::InvalidData, "line from QEMU too long"));
        }
        return Ok(None); // a partial last line, then EOF: QEMU died mid-write
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

impl Monitor {
    /// Connects to the QMP socket at `path`, retrying while it does not exist yet or
    /// refuses connections, for at most `timeout`; then reads the greeting and sends
    /// `qmp_capabilities`. Notices (events, end of connection) go to `sink`.
    pub fn connect(path: &Path, timeout: Duration, sink: NoticeSink) -> Result<Monitor> {
        let deadline = Instant::now() + timeout;
        let mut delay = Duration::from_millis(1);
        let stream = loop {
            match UnixStream::connect(path) {
                Ok(s) => break s,
                Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::ConnectionRefused) => {
                    if Instant::now() >= deadline {
                        return Err(Error::system(
                            Domain::VIR_FROM_QEMU,
                            &format!("failed to connect to monitor socket {}", path.display()),
                            &e,
                        ));
                    }
                    std::thread::sleep(delay);
                    delay = (delay * 2).min(Duration::from_millis(20));
                }
                Err(e) => {
                    return Err(Error::system(
                        Domain::VIR_FROM_QEMU,
                        &format!("failed to connect to monitor socket {}", path.display()),
                        &e,
                    ))
                }
            }
        };
        Self::handshake(stream, deadline, sink)
    }

    /// As [`Monitor::connect`], on an already connected stream (tests, fd passing).
    pub fn from_stream(stream: UnixStream, timeout: Duration, sink: NoticeSink) -> Result<Monitor> {
        Self::handshake(stream, Instant::now() + timeout, sink)
    }

    fn handshake(stream: UnixStream, deadline: Instant, sink: NoticeSink) -> Result<Monitor> {
        let io = |what: &str, e: std::io::Error| Error::system(Domain::VIR_FROM_QEMU, what, &e);
        let left = || deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        let read_half = stream.try_clone().map_err(|e| io("cannot duplicate the monitor socket", e))?;
        let mut reader = BufReader::new(read_half);

        // Synchronous until capabilities are negotiated: QEMU sends no events before.
        let mut next = |what: &str| -> Result<Json> {
            reader.get_ref().set_read_timeout(Some(left())).map_err(|e| io("cannot set a timeout", e))?;
            let line = match read_line(&mut reader) {
                Ok(Some(l)) => l,
                Ok(None) => return Err(eof_error()),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(qemu_err(format!("timed out waiting for the QMP {what}")))
                }
                Err(e) => return Err(io(&format!("cannot read the QMP {what}"), e)),
            };
            Json::parse(line.trim_end()).map_err(|e| qemu_err(format!("cannot parse the QMP {what}: {e}")))
        };
        let greeting = next("greeting")?;
        let Some(qmp) = greeting.get("QMP") else {
            return Err(qemu_err(format!("unexpected QMP greeting: {}", truncate(&greeting.to_string()))));
        };
        let v = qmp.get("version").and_then(|v| v.get("qemu"));
        let num = |k: &str| v.and_then(|v| v.get(k)).and_then(Json::as_u64).unwrap_or(0);
        let version = QemuVersion { major: num("major"), minor: num("minor"), micro: num("micro") };

        let mut w = stream;
        w.set_write_timeout(Some(left())).map_err(|e| io("cannot set a timeout", e))?;
        w.write_all(b"{\"execute\": \"qmp_capabilities\", \"id\": \"libvirt-0\"}\n")
            .map_err(|e| io("cannot write to the monitor", e))?;
        let reply = next("capabilities reply")?;
        if let Some(e) = reply.get("error") {
            let desc = e.get("desc").and_then(Json::as_str).unwrap_or("unknown error");
            return Err(qemu_err(format!("unable to execute QEMU command 'qmp_capabilities': {desc}")));
        }
        if reply.get("return").is_none() {
            return Err(qemu_err(format!("unexpected QMP reply: {}", truncate(&reply.to_string()))));
        }
        reader.get_ref().set_read_timeout(None).map_err(|e| io("cannot set a timeout", e))?;
        w.set_write_timeout(Some(Duration::from_secs(30))).map_err(|e| io("cannot set a timeout", e))?;

        let shared = Arc::new(Shared {
            pending: Mutex::new(HashMap::new()),
            broken: Mutex::new(None),
            closing: AtomicBool::new(false),
        });
        let sh = shared.clone();
        let handle = std::thread::Builder::new()
            .name("qmp-reader".into())
            .spawn(move || read_loop(reader, &sh, &sink))
            .map_err(|e| io("cannot start the monitor thread", e))?;
        Ok(Monitor {
            writer: Mutex::new(w),
            shared,
            next_id: AtomicU64::new(1),
            reader: Some(handle),
            version,
            timeout: Duration::from_secs(60),
        })
    }

    /// QEMU's version, from the greeting.
    pub fn version(&self) -> QemuVersion {
        self.version
    }

    /// How long [`Monitor::execute`] waits for a reply (default 60 s).
    pub fn set_command_timeout(&mut self, t: Duration) {
        self.timeout = t;
    }

    /// Runs `cmd` with `args` (an object, or `None`) and returns QEMU's `return` value.
    /// QEMU's error becomes `VIR_ERR_INTERNAL_ERROR` "unable to execute QEMU command
    /// 'cmd': desc", as libvirt words it; a dead monitor gives `VIR_ERR_OPERATION_FAILED`.
    pub fn execute(&self, cmd: &str, args: Option<Json>) -> Result<Json> {
        self.execute_raw(cmd, args, None).map_err(|f| Self::to_error(cmd, f))
    }

    /// As [`Monitor::execute`], passing `fd` to QEMU with the command (for `getfd`,
    /// `add-fd`). QEMU gets its own copy; the caller still owns `fd`.
    pub fn execute_with_fd(&self, cmd: &str, args: Option<Json>, fd: BorrowedFd<'_>) -> Result<Json> {
        self.execute_raw(cmd, args, Some(fd)).map_err(|f| Self::to_error(cmd, f))
    }

    fn to_error(cmd: &str, f: Failure) -> Error {
        match f {
            Failure::Qemu { desc, .. } => qemu_err(format!("unable to execute QEMU command '{cmd}': {desc}")),
            Failure::Monitor(e) => e,
        }
    }

    fn execute_raw(
        &self,
        cmd: &str,
        args: Option<Json>,
        fd: Option<BorrowedFd<'_>>,
    ) -> std::result::Result<Json, Failure> {
        if let Some(e) = self.shared.broken.lock().clone() {
            return Err(Failure::Monitor(e));
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let mut msg = vec![("execute".to_string(), Json::from(cmd))];
        if let Some(a) = args {
            msg.push(("arguments".to_string(), a));
        }
        msg.push(("id".to_string(), Json::Str(format!("libvirt-{id}"))));
        let mut line = Json::Object(msg).to_string();
        line.push('\n');

        let (tx, rx) = mpsc::sync_channel(1);
        self.shared.pending.lock().insert(id, tx);
        // Re-check after registering: the reader may have broken the monitor between
        // the first check and the insert, and would then never wake us.
        if let Some(e) = self.shared.broken.lock().clone() {
            self.shared.pending.lock().remove(&id);
            return Err(Failure::Monitor(e));
        }
        let written = {
            let mut w = self.writer.lock();
            match fd {
                Some(fd) => crate::sys::send_with_fd(&w, line.as_bytes(), fd),
                None => w.write_all(line.as_bytes()),
            }
        };
        if let Err(e) = written {
            self.shared.pending.lock().remove(&id);
            return Err(Failure::Monitor(Error::system(Domain::VIR_FROM_QEMU, "cannot write to the monitor", &e)));
        }
        match rx.recv_timeout(self.timeout) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                self.shared.pending.lock().remove(&id);
                Err(Failure::Monitor(Error::new(
                    Domain::VIR_FROM_QEMU,
                    Code::VIR_ERR_OPERATION_TIMEOUT,
                    format!("no reply from QEMU to '{cmd}' within {} s", self.timeout.as_secs()),
                )))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Monitor(eof_error())),
        }
    }

    /// Fails every command waiting for a reply, and every later one, with `err` (QEMU is
    /// being killed: whoever waits on it learns at once).
    pub fn break_with(&self, err: Error) {
        self.shared.break_with(err);
    }

    /// The error the monitor broke with, if it has (QEMU gone, garbage received).
    pub fn broken(&self) -> Option<Error> {
        self.shared.broken.lock().clone()
    }

    // --- The commands the driver uses ---------------------------------------------

    /// `query-status`.
    pub fn query_status(&self) -> Result<Status> {
        let r = self.execute("query-status", None)?;
        let running = r.get("running").and_then(Json::as_bool);
        let status = r.get("status").and_then(Json::as_str);
        match (running, status) {
            (Some(running), Some(s)) => Ok(Status { running, state: RunState::from_qmp(s) }),
            _ => Err(qemu_err(format!("query-status reply was missing fields: {}", truncate(&r.to_string())))),
        }
    }

    /// `cont`: resume the vCPUs.
    pub fn cont(&self) -> Result<()> {
        self.execute("cont", None).map(drop)
    }

    /// `stop`: pause the vCPUs.
    pub fn stop(&self) -> Result<()> {
        self.execute("stop", None).map(drop)
    }

    /// `system_powerdown`: the ACPI power button.
    pub fn system_powerdown(&self) -> Result<()> {
        self.execute("system_powerdown", None).map(drop)
    }

    /// `system_reset`.
    pub fn system_reset(&self) -> Result<()> {
        self.execute("system_reset", None).map(drop)
    }

    /// `quit`: QEMU exits; the monitor then reports [`Notice::Closed`].
    pub fn quit(&self) -> Result<()> {
        self.execute("quit", None).map(drop)
    }

    /// `balloon`: sets the guest's target memory, in bytes.
    pub fn balloon(&self, bytes: u64) -> Result<()> {
        self.execute("balloon", Some(Json::object([("value", Json::from(bytes))]))).map(drop)
    }

    /// `qom-set` of the balloon's `guest-stats-polling-interval`: how often (seconds; 0
    /// stops it) the guest's balloon driver refreshes its memory statistics.
    pub fn set_balloon_stats_period(&self, seconds: i32) -> Result<()> {
        let args = Json::object([
            ("path", Json::from("/machine/peripheral/balloon0")),
            ("property", Json::from("guest-stats-polling-interval")),
            ("value", Json::from(i64::from(seconds))),
        ]);
        self.execute("qom-set", Some(args)).map(drop)
    }

    /// `query-balloon`: the guest's current memory in bytes; `None` when the guest has
    /// no balloon device (QEMU's `DeviceNotActive`).
    pub fn query_balloon(&self) -> Result<Option<u64>> {
        match self.execute_raw("query-balloon", None, None) {
            Ok(r) => r
                .get("actual")
                .and_then(Json::as_u64)
                .map(Some)
                .ok_or_else(|| qemu_err("query-balloon reply was missing 'actual'")),
            Err(Failure::Qemu { class, .. }) if class == "DeviceNotActive" => Ok(None),
            Err(Failure::Qemu { desc, .. }) => {
                Err(qemu_err(format!("unable to execute QEMU command 'query-balloon': {desc}")))
            }
            Err(Failure::Monitor(e)) => Err(e),
        }
    }

    /// `query-cpus-fast`: each vCPU's index and host thread id.
    pub fn query_cpus_fast(&self) -> Result<Vec<Vcpu>> {
        let r = self.execute("query-cpus-fast", None)?;
        let list = r.as_array().ok_or_else(|| qemu_err("query-cpus-fast reply was not an array"))?;
        list.iter()
            .map(|c| {
                let index = c.get("cpu-index").and_then(Json::as_i64);
                let thread = c.get("thread-id").and_then(Json::as_i64);
                match (index, thread) {
                    (Some(i), Some(t)) => Ok(Vcpu { index: i, thread_id: t as i32 }),
                    _ => Err(qemu_err("query-cpus-fast reply was missing 'cpu-index' or 'thread-id'")),
                }
            })
            .collect()
    }

    /// `migrate` to `uri` (returns at once; follow with [`Monitor::query_migrate`]).
    pub fn migrate(&self, uri: &str) -> Result<()> {
        self.execute("migrate", Some(Json::object([("uri", Json::from(uri))]))).map(drop)
    }

    /// Saves the guest's state to `path` through `exec:cat > PATH` (QEMU runs the shell
    /// command; the path is quoted for it). The file must be writable by QEMU.
    pub fn migrate_to_file(&self, path: &Path) -> Result<()> {
        let p = path.to_str().ok_or_else(|| qemu_err("save file path is not UTF-8"))?;
        self.migrate(&format!("exec:cat > {}", shell_quote(p)))
    }

    /// Saves the guest's state into `fd` (an open, writable file or pipe): the fd goes
    /// to QEMU with `getfd` under the name "migrate", then `migrate` to "fd:migrate".
    /// Follow with [`Monitor::query_migrate`]; the caller closes its copy of `fd`.
    pub fn migrate_to_fd(&self, fd: BorrowedFd<'_>) -> Result<()> {
        self.execute_with_fd("getfd", Some(Json::object([("fdname", Json::from("migrate"))])), fd)?;
        self.migrate("fd:migrate")
    }

    /// `query-migrate`.
    pub fn query_migrate(&self) -> Result<Migration> {
        let r = self.execute("query-migrate", None)?;
        let ram = r.get("ram");
        let field = |k: &str| ram.and_then(|r| r.get(k)).and_then(Json::as_u64).unwrap_or(0);
        Ok(Migration {
            status: r.get("status").and_then(Json::as_str).unwrap_or("none").to_string(),
            transferred: field("transferred"),
            remaining: field("remaining"),
            total: field("total"),
            error: r.get("error-desc").and_then(Json::as_str).map(str::to_string),
        })
    }

    /// `query-vnc`: the port QEMU's VNC server listens on, `None` when VNC is off.
    pub fn query_vnc(&self) -> Result<Option<u16>> {
        let r = self.execute("query-vnc", None)?;
        if r.get("enabled").and_then(Json::as_bool) != Some(true) {
            return Ok(None);
        }
        let service = r.get("service").and_then(Json::as_str).unwrap_or("");
        service.parse::<u16>().map(Some).map_err(|_| qemu_err(format!("query-vnc returned a bad port '{service}'")))
    }
}

impl Drop for Monitor {
    fn drop(&mut self) {
        self.shared.closing.store(true, Ordering::SeqCst);
        let _ = self.writer.lock().shutdown(std::net::Shutdown::Both);
        if let Some(h) = self.reader.take() {
            // The sink must not drop the monitor from the reader thread; if it does,
            // do not join ourselves.
            if h.thread().id() != std::thread::current().id() {
                let _ = h.join();
            }
        }
    }
}

/// The reader thread: routes replies to their waiters and events to the sink until
/// the connection ends or breaks.
fn read_loop(mut reader: BufReader<UnixStream>, shared: &Shared, sink: &NoticeSink) {
    let err = loop {
        let line = match read_line(&mut reader) {
            Ok(Some(l)) => l,
            Ok(None) => break eof_error(),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            // QEMU exiting with our command unread resets the connection: the same EOF.
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break eof_error(),
            Err(e) => break Error::system(Domain::VIR_FROM_QEMU, "cannot read from the monitor", &e),
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let msg = match Json::parse(text) {
            Ok(m @ Json::Object(_)) => m,
            Ok(_) => break qemu_err(format!("unexpected QMP message: {}", truncate(text))),
            Err(e) => break qemu_err(format!("cannot parse json {}: {e}", truncate(text))),
        };
        if let Some(name) = msg.get("event").and_then(Json::as_str) {
            let ts = msg.get("timestamp");
            let secs = ts.and_then(|t| t.get("seconds")).and_then(Json::as_u64).unwrap_or(0);
            let us = ts.and_then(|t| t.get("microseconds")).and_then(Json::as_u64).unwrap_or(0);
            sink(Notice::Event(Event {
                name: name.to_string(),
                data: msg.get("data").cloned().unwrap_or(Json::Null),
                timestamp_us: secs.saturating_mul(1_000_000).saturating_add(us),
            }));
            continue;
        }
        let result = if let Some(r) = msg.get("return") {
            Ok(r.clone())
        } else if let Some(e) = msg.get("error") {
            Err(Failure::Qemu {
                class: e.get("class").and_then(Json::as_str).unwrap_or("GenericError").to_string(),
                desc: e.get("desc").and_then(Json::as_str).unwrap_or("unknown error").to_string(),
            })
        } else {
            break qemu_err(format!("unexpected QMP message: {}", truncate(text)));
        };
        // A reply whose id we never sent (or one that timed out) is dropped.
        let id = msg.get("id").and_then(Json::as_str).and_then(|s| s.strip_prefix("libvirt-")?.parse::<u64>().ok());
        if let Some(w) = id.and_then(|id| shared.pending.lock().remove(&id)) {
            let _ = w.send(result);
        }
    };
    shared.break_with(err.clone());
    if !shared.closing.load(Ordering::SeqCst) {
        sink(Notice::Closed(err));
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 200;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// Single-quotes `s` for `/bin/sh`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// QEMU's run state (`query-status`'s `status`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunState {
    Running,
    Paused,
    Prelaunch,
    Shutdown,
    InMigrate,
    PostMigrate,
    FinishMigrate,
    SaveVm,
    RestoreVm,
    Suspended,
    InternalError,
    IoError,
    Watchdog,
    GuestPanicked,
    Debug,
    Other(String),
}

impl RunState {
    fn from_qmp(s: &str) -> RunState {
        match s {
            "running" => RunState::Running,
            "paused" => RunState::Paused,
            "prelaunch" => RunState::Prelaunch,
            "shutdown" => RunState::Shutdown,
            "inmigrate" => RunState::InMigrate,
            "postmigrate" => RunState::PostMigrate,
            "finish-migrate" => RunState::FinishMigrate,
            "save-vm" => RunState::SaveVm,
            "restore-vm" => RunState::RestoreVm,
            "suspended" => RunState::Suspended,
            "internal-error" => RunState::InternalError,
            "io-error" => RunState::IoError,
            "watchdog" => RunState::Watchdog,
            "guest-panicked" => RunState::GuestPanicked,
            "debug" => RunState::Debug,
            other => RunState::Other(other.to_string()),
        }
    }
}

/// `query-status`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub running: bool,
    pub state: RunState,
}

/// One vCPU from `query-cpus-fast`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vcpu {
    pub index: i64,
    pub thread_id: i32,
}

/// `query-migrate`'s answer (the RAM figures are 0 until QEMU reports them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// "none", "setup", "active", "completed", "failed", "cancelled", ...
    pub status: String,
    pub transferred: u64,
    pub remaining: u64,
    pub total: u64,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qemu::process::test_support::{Guest, TempDir};
    use crate::qemu::process::{self, is_alive, wait_gone};
    use std::os::unix::net::UnixListener;
    use std::path::PathBuf;

    const T: Duration = Duration::from_secs(10);

    /// A monitor whose notices arrive on a channel.
    fn connect(path: &Path) -> (Monitor, mpsc::Receiver<Notice>) {
        let (tx, rx) = mpsc::channel();
        let tx = std::sync::Mutex::new(tx);
        let sink: NoticeSink = Box::new(move |n| {
            let _ = tx.lock().map(|t| t.send(n));
        });
        (Monitor::connect(path, T, sink).unwrap_or_else(|e| panic!("connect: {e}")), rx)
    }

    /// Waits for the event `name`, skipping others.
    fn wait_event(rx: &mpsc::Receiver<Notice>, name: &str) -> Event {
        let deadline = Instant::now() + T;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(Notice::Event(e)) if e.name == name => return e,
                Ok(_) => {}
                Err(_) => panic!("no {name} event"),
            }
        }
    }

    #[test]
    fn json_round_trip() {
        let text =
            r#"{"a": [1, -2, 18446744073709551615, 1.5, true, false, null], "b\"\n\u00e9": {"c": "\ud83d\ude00"}}"#;
        let v = Json::parse(text).unwrap();
        assert_eq!(v.get("a").unwrap().as_array().unwrap()[2], Json::UInt(u64::MAX));
        assert_eq!(v.get("b\"\n\u{e9}").and_then(|o| o.get("c")).and_then(Json::as_str), Some("\u{1F600}"));
        assert_eq!(Json::parse(&v.to_string()).unwrap(), v);
        assert_eq!(Json::from("\u{1}").to_string(), "\"\\u0001\"");
        assert_eq!(Json::parse(r#""\ud800x""#).unwrap(), Json::from("\u{FFFD}x"));
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"abc", "tru", "1 2", "-", "1.", "\"\\q\"", "\"\\u12\""] {
            assert!(Json::parse(bad).is_err(), "{bad:?} parsed");
        }
        assert!(Json::parse(&"[".repeat(100_000)).is_err());
    }

    /// Random bytes and mutations of real QMP lines never panic the parser.
    #[test]
    fn json_fuzz() {
        let seeds = [
            r#"{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ""}, "capabilities": ["oob"]}}"#,
            r#"{"return": {"status": "running", "singlestep": false, "running": true}, "id": "libvirt-3"}"#,
            r#"{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP", "data": {"x": [1.5e3, "\u0041"]}}"#,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let mut b = seeds[(rnd() % 3) as usize].as_bytes().to_vec();
            for _ in 0..(rnd() % 6 + 1) {
                let i = (rnd() as usize) % b.len().max(1);
                match rnd() % 4 {
                    0 => b[i] = rnd() as u8,
                    1 => {
                        b.remove(i);
                    }
                    2 => b.insert(i, {
                        let alphabet = b"{}[]\",:\\u0123456789eE.-";
                        alphabet[(rnd() as usize) % alphabet.len()]
                    }),
                    _ => b.truncate(i),
                }
                if b.is_empty() {
                    break;
                }
            }
            let _ = Json::parse(&String::from_utf8_lossy(&b));
        }
    }

    #[test]
    fn greeting_and_capabilities() {
        let g = Guest::start(&[]);
        let (m, _rx) = connect(&g.qmp);
        assert_eq!(m.version().major, 7);
        // Negotiated: a command mode command works.
        assert!(m.execute("query-version", None).unwrap().get("qemu").is_some());
    }

    #[test]
    fn run_states_and_events() {
        let g = Guest::start(&[]);
        let (m, rx) = connect(&g.qmp);
        let s = m.query_status().unwrap();
        assert!(!s.running);
        assert!(matches!(s.state, RunState::Prelaunch | RunState::Paused), "{s:?}");
        m.cont().unwrap();
        wait_event(&rx, "RESUME");
        assert_eq!(m.query_status().unwrap(), Status { running: true, state: RunState::Running });
        m.stop().unwrap();
        let e = wait_event(&rx, "STOP");
        assert!(e.timestamp_us > 0);
        assert_eq!(m.query_status().unwrap(), Status { running: false, state: RunState::Paused });
        m.cont().unwrap();
        wait_event(&rx, "RESUME");
        m.system_reset().unwrap();
        wait_event(&rx, "RESET");
        // No guest OS answers the ACPI button: QEMU reports it and the guest runs on.
        m.system_powerdown().unwrap();
        wait_event(&rx, "POWERDOWN");
        assert!(m.query_status().unwrap().running);
        // QEMU's own errors keep their description.
        let e = m.execute("no-such-command", None).unwrap_err();
        assert_eq!((e.domain, e.code), (Domain::VIR_FROM_QEMU, Code::VIR_ERR_INTERNAL_ERROR));
        assert!(e.message.contains("unable to execute QEMU command 'no-such-command'"), "{}", e.message);
        assert!(e.message.contains("The command no-such-command has not been found"), "{}", e.message);
        // ... and the monitor still works afterwards.
        assert!(m.query_status().unwrap().running);
    }

    #[test]
    fn quit_is_seen_as_end_of_file() {
        let g = Guest::start(&[]);
        let (m, rx) = connect(&g.qmp);
        m.quit().unwrap();
        let deadline = Instant::now() + T;
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Notice::Closed(e)) => {
                    assert!(e.message.contains("End of file from qemu monitor"), "{}", e.message);
                    break;
                }
                Ok(Notice::Event(_)) => {}
                Err(_) => panic!("EOF not reported"),
            }
        }
        let e = m.query_status().unwrap_err();
        assert!(e.message.contains("End of file"), "{}", e.message);
        assert!(m.broken().is_some());
        assert!(wait_gone(&g.id, T), "QEMU still running after quit");
        assert!(!is_alive(&g.id));
    }

    #[test]
    fn waiters_are_woken_when_qemu_dies() {
        let g = Guest::start(&[]);
        let (m, _rx) = connect(&g.qmp);
        let m = Arc::new(m);
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let m = m.clone();
                std::thread::spawn(move || loop {
                    if let Err(e) = m.query_status() {
                        return e;
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(50));
        process::destroy(&g.id, Duration::ZERO).unwrap();
        for w in workers {
            let e = w.join().unwrap();
            assert_eq!(e.domain, Domain::VIR_FROM_QEMU);
        }
    }

    #[test]
    fn concurrent_commands_from_eight_threads() {
        let g = Guest::start(&[]);
        let (m, _rx) = connect(&g.qmp);
        let m = Arc::new(m);
        let threads: Vec<_> = (0..8)
            .map(|n| {
                let m = m.clone();
                std::thread::spawn(move || {
                    for i in 0..50 {
                        // Each reply must be the one for this command.
                        if (n + i) % 2 == 0 {
                            assert!(m.query_status().is_ok());
                        } else {
                            let name = m.execute("query-name", None).unwrap();
                            assert!(matches!(name, Json::Object(_)), "{name}");
                            let v = m.execute("query-version", None).unwrap();
                            assert_eq!(v.get("qemu").and_then(|q| q.get("major")).and_then(Json::as_u64), Some(7));
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
    }

    #[test]
    fn balloon_cpus_vnc() {
        let g = Guest::start(&["-device", "virtio-balloon-pci", "-vnc", "127.0.0.1:0,to=99"]);
        let (m, _rx) = connect(&g.qmp);
        assert_eq!(m.query_balloon().unwrap(), Some(64 << 20));
        m.cont().unwrap();
        // Without a guest driver the target is only recorded; the call must succeed.
        m.balloon(32 << 20).unwrap();
        let cpus = m.query_cpus_fast().unwrap();
        assert_eq!(cpus.len(), 1);
        assert!(process::thread_cpu_time_ns(g.id.pid, cpus[0].thread_id).is_some());
        let port = m.query_vnc().unwrap().expect("vnc enabled");
        assert!(port >= 5900, "{port}");

        let h = Guest::start(&[]);
        let (n, _rx2) = connect(&h.qmp);
        assert_eq!(n.query_balloon().unwrap(), None);
        assert_eq!(n.query_vnc().unwrap(), None);
        assert_eq!(n.query_migrate().unwrap().status, "none");
    }

    #[test]
    fn save_through_exec_migration() {
        let g = Guest::start(&[]);
        let (m, _rx) = connect(&g.qmp);
        m.stop().unwrap();
        let file = g.dir.0.join("it's saved");
        m.migrate_to_file(&file).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let done = loop {
            let s = m.query_migrate().unwrap();
            if s.status != "active" && s.status != "setup" {
                break s;
            }
            assert!(Instant::now() < deadline, "migration stuck: {s:?}");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(done.status, "completed", "{done:?}");
        assert!(std::fs::metadata(&file).unwrap().len() > 0);
    }

    #[test]
    fn save_through_fd_migration() {
        use std::os::fd::AsFd;
        let g = Guest::start(&[]);
        let (m, _rx) = connect(&g.qmp);
        m.stop().unwrap();
        let path = g.dir.0.join("saved");
        let file = std::fs::File::create(&path).unwrap();
        m.migrate_to_fd(file.as_fd()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let done = loop {
            let s = m.query_migrate().unwrap();
            if s.status != "active" && s.status != "setup" {
                break s;
            }
            assert!(Instant::now() < deadline, "migration stuck: {s:?}");
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(done.status, "completed", "{done:?}");
        drop(file);
        // Zero pages of a guest that never ran are sent as flags: small, but not empty.
        assert!(std::fs::metadata(&path).unwrap().len() > 4096);
    }

    /// A fake QEMU on a UnixListener: sends `script` after accepting, then closes.
    fn fake_qemu(script: Vec<u8>) -> (TempDir, PathBuf, std::thread::JoinHandle<()>) {
        let dir = TempDir::new("fakeqmp");
        let path = dir.0.join("qmp.sock");
        let l = UnixListener::bind(&path).unwrap();
        let h = std::thread::spawn(move || {
            if let Ok((mut s, _)) = l.accept() {
                let _ = s.write_all(&script);
                // Answer whatever comes until the client goes away.
                let mut buf = [0u8; 4096];
                let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
                while matches!(s.read(&mut buf), Ok(n) if n > 0) {}
            }
        });
        (dir, path, h)
    }

    const GREETING: &str =
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}}, \"capabilities\": []}}\n";
    const CAPS_OK: &str = "{\"return\": {}, \"id\": \"libvirt-0\"}\n";

    #[test]
    fn hostile_peer_gives_errors_not_panics() {
        let mut deep = "[".repeat(10_000).into_bytes();
        deep.push(b'\n');
        let mut huge = vec![b' '; MAX_LINE + 10];
        huge.push(b'\n');
        let handshake_failures: Vec<Vec<u8>> = vec![
            b"garbage\n".to_vec(),
            b"\xff\xfe\x00\n".to_vec(),
            b"[1, 2]\n".to_vec(),
            b"{\"QMP\": 1".to_vec(),
            deep.clone(),
            huge,
            Vec::new(),
            format!("{GREETING}{{\"error\": {{\"class\": \"GenericError\", \"desc\": \"no\"}}}}\n").into_bytes(),
            format!("{GREETING}{{\"id\": \"libvirt-0\"}}\n").into_bytes(),
        ];
        for script in handshake_failures {
            let (_d, path, h) = fake_qemu(script);
            let r = Monitor::connect(&path, Duration::from_secs(5), Box::new(|_| {}));
            assert!(r.is_err());
            drop(r);
            h.join().unwrap();
        }
        // After a good handshake: garbage breaks the monitor; commands fail, for good.
        let after: Vec<&[u8]> = vec![
            b"{\"return\": {}, \"id\": 5}\n{not json\n",
            b"\"a string\"\n",
            b"{\"neither\": 1}\n",
            b"{\"event\": 7}\n",
            &deep,
            b"{\"return\": {}, \"id\": \"libvirt-1\"", // cut short, then EOF
        ];
        for extra in after {
            let mut script = format!("{GREETING}{CAPS_OK}").into_bytes();
            script.extend_from_slice(extra);
            let (_d, path, h) = fake_qemu(script);
            let (tx, rx) = mpsc::channel();
            let tx = std::sync::Mutex::new(tx);
            let m =
                Monitor::connect(&path, T, Box::new(move |n| drop(tx.lock().map(|t| t.send(n))))).expect("handshake");
            assert!(m.execute("query-status", None).is_err());
            assert!(m.query_status().is_err());
            assert!(matches!(rx.recv_timeout(T), Ok(Notice::Closed(_))));
            drop(m);
            h.join().unwrap();
        }
        // Wrong answers to well-formed commands are errors too.
        let mut script = format!("{GREETING}{CAPS_OK}").into_bytes();
        script.extend_from_slice(b"{\"return\": {\"running\": \"yes\"}, \"id\": \"libvirt-1\"}\n");
        script.extend_from_slice(b"{\"return\": [{\"cpu-index\": \"x\"}], \"id\": \"libvirt-2\"}\n");
        script.extend_from_slice(b"{\"return\": {\"enabled\": true, \"service\": \"99999\"}, \"id\": \"libvirt-3\"}\n");
        let (_d, path, h) = fake_qemu(script);
        let m = Monitor::connect(&path, T, Box::new(|_| {})).unwrap();
        assert!(m.query_status().is_err());
        assert!(m.query_cpus_fast().is_err());
        assert!(m.query_vnc().is_err());
        drop(m);
        h.join().unwrap();
    }

    #[test]
    fn connect_gives_up_when_no_socket_appears() {
        let dir = TempDir::new("nosock");
        let t = Instant::now();
        let e = Monitor::connect(&dir.0.join("absent"), Duration::from_millis(200), Box::new(|_| {}));
        assert!(e.is_err());
        assert!(t.elapsed() >= Duration::from_millis(200) && t.elapsed() < Duration::from_secs(3));
    }

    /// Not asserted: start-to-running of a tiny TCG guest (launch, QMP connect, cont).
    #[test]
    fn start_to_running_latency() {
        let mut times = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let g = Guest::start(&[]);
            let launched = t.elapsed();
            let (m, _rx) = connect(&g.qmp);
            let connected = t.elapsed();
            m.cont().unwrap();
            times.push(t.elapsed());
            eprintln!("launch {launched:?}, +connect {connected:?}");
            let d = Instant::now();
            process::destroy(&g.id, Duration::from_secs(3)).unwrap();
            eprintln!("start-to-running {:?}, destroy {:?}", times.last().unwrap(), d.elapsed());
        }
        times.sort();
        eprintln!("start-to-running median {:?} (min {:?}, max {:?})", times[2], times[0], times[4]);
    }
}
