//! The application's `virConnectAuth` as a credential source, and libvirt's default one
//! (`virConnectAuthPtrDefault`), which prompts on the terminal.
//!
//! Ownership follows libvirt: the library fills `type`, `prompt`, `challenge` and
//! `defresult` (valid during the callback only); the callback stores in `result` a
//! string allocated with `malloc()` (and its length in `resultlen`), which the library
//! copies, wipes and releases with `free()` — also when the callback fails.

use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

use libc::{c_char, c_int, c_uint, c_void};
use parking_lot::Mutex;

use crate::abi::host::{virConnectAuth, virConnectAuthCallbackPtr, virConnectAuthPtr, virConnectCredential};
use crate::driver::auth::{Authenticator, CredType, Credential};
use crate::error::{Code, Domain, Error, Result};

/// A C string for a credential field: interior NULs end it, as C would read it.
pub(crate) fn c_field(s: &str) -> CString {
    let end = s.find('\0').unwrap_or(s.len());
    CString::new(&s[..end]).unwrap_or_default()
}

/// Copies a callback's answer and releases it the way libvirt does (wiped, then `free`).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string allocated with `malloc()`, owned by us now.
pub(crate) unsafe fn take_c_result(p: *mut c_char) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL and NUL-terminated per the callback contract.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    // SAFETY: the `bytes.len()` bytes before the NUL belong to the allocation; it was
    // allocated by the application with malloc(), and libvirt's contract hands it to us.
    unsafe {
        ptr::write_bytes(p, 0, bytes.len());
        libc::free(p.cast());
    }
    Some(bytes)
}

/// The `virConnectAuth` an application passed to `virConnectOpenAuth`, usable only
/// while that open runs (the application may free its struct and `cbdata` after).
pub struct CAuth {
    credtypes: Vec<c_int>,
    cb: virConnectAuthCallbackPtr,
    /// `cbdata`, handed back to the callback untouched.
    cbdata: usize,
    live: AtomicBool,
}

impl CAuth {
    /// Copies `*auth`'s list and callback.
    ///
    /// # Safety
    /// `auth` points at a valid `virConnectAuth` whose `credtype` holds `ncredtype` ints
    /// (or is NULL).
    pub unsafe fn new(auth: virConnectAuthPtr) -> CAuth {
        // SAFETY: caller's contract.
        let a: virConnectAuth = unsafe { *auth };
        let credtypes = if a.credtype.is_null() || a.ncredtype == 0 {
            Vec::new()
        } else {
            // SAFETY: `credtype` holds `ncredtype` ints (libvirt's documented contract).
            unsafe { std::slice::from_raw_parts(a.credtype, a.ncredtype as usize) }.to_vec()
        };
        CAuth { credtypes, cb: a.cb, cbdata: a.cbdata as usize, live: AtomicBool::new(true) }
    }

    /// Called when the open returns: later asks fail instead of calling into freed data.
    pub fn expire(&self) {
        self.live.store(false, Ordering::SeqCst);
    }
}

impl Authenticator for CAuth {
    fn kinds(&self) -> Vec<CredType> {
        self.credtypes.iter().filter_map(|&t| CredType::from_raw(t)).collect()
    }

    fn ask(&self, creds: &mut [Credential]) -> Result<()> {
        let refused = || Error::new(Domain::VIR_FROM_AUTH, Code::VIR_ERR_AUTH_FAILED, "callback refused");
        let Some(cb) = self.cb else {
            return Err(Error::new(Domain::VIR_FROM_AUTH, Code::VIR_ERR_INVALID_ARG, "Missing authentication callback"));
        };
        if !self.live.load(Ordering::SeqCst) {
            return Err(refused());
        }
        let strings: Vec<(CString, Option<CString>, Option<CString>)> = creds
            .iter()
            .map(|c| (c_field(&c.prompt), c.challenge.as_deref().map(c_field), c.default.as_deref().map(c_field)))
            .collect();
        let mut raw: Vec<virConnectCredential> = creds
            .iter()
            .zip(&strings)
            .map(|(c, (p, ch, d))| virConnectCredential {
                r#type: c.kind as c_int,
                prompt: p.as_ptr(),
                challenge: ch.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
                defresult: d.as_ref().map_or(ptr::null(), |s| s.as_ptr()),
                result: ptr::null_mut(),
                resultlen: 0,
            })
            .collect();
        // SAFETY: `raw` holds `raw.len()` credentials whose strings live in `strings`
        // for the call; `cbdata` is the application's own pointer, given back as is.
        let rc = unsafe { cb(raw.as_mut_ptr(), raw.len() as c_uint, self.cbdata as *mut c_void) };
        for (c, r) in creds.iter_mut().zip(&raw) {
            // SAFETY: `result` is NULL or the callback's malloc()ed answer, ours to free.
            let answer = unsafe { take_c_result(r.result) };
            if rc >= 0 {
                c.result = answer;
            }
        }
        if rc < 0 {
            return Err(refused());
        }
        Ok(())
    }
}

// ---- virConnectAuthPtrDefault -----------------------------------------------------------

/// C's stdio streams and glibc's `getpass`.
///
/// cbindgen:ignore
mod libc_extra {
    use libc::c_char;
    extern "C" {
        pub static mut stdin: *mut libc::FILE;
        pub static mut stdout: *mut libc::FILE;
        /// Reads a line from /dev/tty (else stdin) with echo off.
        pub fn getpass(prompt: *const c_char) -> *mut c_char;
    }
}
use libc_extra::{getpass, stdin, stdout};

/// getpass() answers in a static buffer.
static GETPASS: Mutex<()> = Mutex::new(());

/// Prints "PROMPT: " on C's stdout (the application's stream, so its pending output comes
/// first) and flushes it.
///
/// # Safety
/// `prompt` is NULL or a C string.
unsafe fn print_prompt(prompt: *const c_char) -> bool {
    // SAFETY: stdout is C's stream; `prompt` is a C string (or NULL, printed as libc's
    // printf prints a NULL %s).
    unsafe {
        let p = if prompt.is_null() { c"(null)".as_ptr() } else { prompt };
        libc::fputs(p, stdout) >= 0 && libc::fputs(c": ".as_ptr(), stdout) >= 0 && libc::fflush(stdout) == 0
    }
}

/// libvirt's default authentication callback: prompts on the terminal for each
/// credential. Echoed kinds (USERNAME, AUTHNAME, ECHOPROMPT, REALM) read a line of at
/// most 1023 bytes from stdin; PASSPHRASE and NOECHOPROMPT read with echo off from the
/// terminal (stdin when there is none). An empty answer takes the credential's
/// `defresult` (or ""). EXTERNAL is accepted only for the "PolicyKit" challenge.
unsafe extern "C" fn default_callback(cred: *mut virConnectCredential, ncred: c_uint, _cbdata: *mut c_void) -> c_int {
    if cred.is_null() && ncred > 0 {
        return -1;
    }
    for i in 0..ncred as usize {
        // SAFETY: the caller passes `ncred` credentials at `cred`.
        let c = unsafe { &mut *cred.add(i) };
        let mut answer: Option<Vec<u8>> = None;
        match CredType::from_raw(c.r#type) {
            Some(CredType::External) => {
                // SAFETY: challenge is NULL or a C string.
                let policykit = !c.challenge.is_null() && unsafe { CStr::from_ptr(c.challenge) }.to_bytes() == b"PolicyKit";
                if !policykit {
                    return -1;
                }
                continue;
            }
            Some(CredType::Username | CredType::Authname | CredType::EchoPrompt | CredType::Realm) => {
                // SAFETY: prompt is NULL or a C string.
                if !unsafe { print_prompt(c.prompt) } {
                    return -1;
                }
                let mut buf = [0 as c_char; 1024];
                // SAFETY: fgets writes at most buf.len() bytes, NUL-terminated; stdin is C's.
                let got = unsafe { libc::fgets(buf.as_mut_ptr(), buf.len() as c_int, stdin) };
                if got.is_null() {
                    // SAFETY: stdin is C's stream.
                    if unsafe { libc::feof(stdin) } == 0 {
                        return -1;
                    }
                } else {
                    // SAFETY: fgets NUL-terminated `buf`.
                    let mut line = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec();
                    if line.last() == Some(&b'\n') {
                        line.pop();
                    }
                    if !line.is_empty() {
                        answer = Some(line);
                    }
                }
            }
            Some(CredType::Passphrase | CredType::NoEchoPrompt) => {
                // SAFETY: prompt is NULL or a C string.
                if !unsafe { print_prompt(c.prompt) } {
                    return -1;
                }
                let _once = GETPASS.lock();
                // SAFETY: getpass takes a C string and returns NULL or its static buffer,
                // read before anyone else can call it (the lock).
                let line = unsafe {
                    let p = getpass(c"".as_ptr());
                    if p.is_null() { Vec::new() } else { CStr::from_ptr(p).to_bytes().to_vec() }
                };
                if !line.is_empty() {
                    answer = Some(line);
                }
            }
            _ => return -1,
        }
        let value = match answer {
            Some(v) => v,
            // SAFETY: defresult is NULL or a C string.
            None if !c.defresult.is_null() => unsafe { CStr::from_ptr(c.defresult) }.to_bytes().to_vec(),
            None => Vec::new(),
        };
        let len = value.len();
        let s = CString::new(value).unwrap_or_default();
        // SAFETY: strdup copies `s` into malloc()ed memory, which the asker frees.
        c.result = unsafe { libc::strdup(s.as_ptr()) };
        c.resultlen = len as c_uint;
    }
    0
}

/// The kinds libvirt's default callbacks list (USERNAME is left out on purpose: it
/// would ask for the name twice).
static mut DEFAULT_CRED_TYPES: [c_int; 6] = [
    CredType::Authname as c_int,
    CredType::EchoPrompt as c_int,
    CredType::Realm as c_int,
    CredType::Passphrase as c_int,
    CredType::NoEchoPrompt as c_int,
    CredType::External as c_int,
];

/// What `virConnectAuthPtrDefault` points at. Mutable because libvirt's is: C code may
/// edit it (nothing here does).
pub(crate) static mut DEFAULT_AUTH: virConnectAuth = virConnectAuth {
    credtype: &raw mut DEFAULT_CRED_TYPES as *mut c_int,
    ncredtype: 6,
    cb: Some(default_callback),
    cbdata: ptr::null_mut(),
};
