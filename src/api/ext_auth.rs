//! libvirt-rs extension: process-wide authentication callbacks
//! (`virConnectSetAuthCallbacks`), exported under the version node `LIBVIRT_RS_1.0`.
//!
//! An application registers one callback per token (USERNAME, PASSWORD, LANG, CHALLENGE,
//! REALM), each in one of three shapes modelled on SASL's callbacks: *simple* (just
//! the answer), *prompt* (shown the prompt, challenge and default) and *realm* (shown the
//! realms to choose from). Any open in the process asks them for a credential that
//! auth.conf and the `virConnectAuth` given to `virConnectOpenAuth` (if any) did not
//! answer.

#![allow(non_snake_case, non_camel_case_types)]
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::ptr;
use std::sync::Arc;

use libc::{c_char, c_int, c_void};

use super::auth::{c_field, take_c_result};
use super::guard;
use crate::driver::auth::{self, Authenticator, CredType, Credential};
use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

/// Argument errors come from `VIR_FROM_DOMAIN`, as those of libvirt-host.c's `virConnect*`.
const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// What a process-wide authentication callback answers (`virConnectAuthCallback.token`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectAuthToken {
    /// The user name: credentials `VIR_CRED_USERNAME` and `VIR_CRED_AUTHNAME`.
    VIR_CONNECT_AUTH_TOKEN_USERNAME = 1,
    /// The password: `VIR_CRED_PASSPHRASE`.
    VIR_CONNECT_AUTH_TOKEN_PASSWORD = 2,
    /// The language: `VIR_CRED_LANGUAGE`.
    VIR_CONNECT_AUTH_TOKEN_LANG = 3,
    /// Answers to challenges: `VIR_CRED_ECHOPROMPT`, `VIR_CRED_NOECHOPROMPT`, `VIR_CRED_CNONCE`.
    VIR_CONNECT_AUTH_TOKEN_CHALLENGE = 4,
    /// The realm: `VIR_CRED_REALM`.
    VIR_CONNECT_AUTH_TOKEN_REALM = 5,
}

/// Which function of a `virConnectAuthCallback` is called (`virConnectAuthCallback.shape`).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectAuthShape {
    /// `simple` is called.
    VIR_CONNECT_AUTH_SHAPE_SIMPLE = 1,
    /// `prompt` is called.
    VIR_CONNECT_AUTH_SHAPE_PROMPT = 2,
    /// `realm` is called.
    VIR_CONNECT_AUTH_SHAPE_REALM = 3,
}

/// A simple-shaped callback: `credtype` (a `virConnectCredentialType`) for an open of
/// `uri`. Returns 0 with `*result` set to a `malloc()`ed string (freed by the library),
/// 0 with `*result` left NULL to decline, or -1 to make the open fail.
pub type virConnectAuthSimpleFunc =
    Option<unsafe extern "C" fn(credtype: c_int, uri: *const c_char, result: *mut *mut c_char, opaque: *mut c_void) -> c_int>;

/// A prompt-shaped callback: as the simple one, also shown the credential's `prompt`,
/// `challenge` and `defresult` (each may be NULL; valid during the call only).
pub type virConnectAuthPromptFunc = Option<
    unsafe extern "C" fn(
        credtype: c_int,
        uri: *const c_char,
        prompt: *const c_char,
        challenge: *const c_char,
        defresult: *const c_char,
        result: *mut *mut c_char,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// A realm-shaped callback: as the simple one, also shown the realms offered, a
/// NULL-terminated list (possibly empty; valid during the call only).
pub type virConnectAuthRealmFunc = Option<
    unsafe extern "C" fn(
        credtype: c_int,
        uri: *const c_char,
        realms: *const *const c_char,
        result: *mut *mut c_char,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// One process-wide authentication callback: the token it answers, its shape, the
/// function of that shape (the other two are ignored and may be NULL) and the opaque
/// pointer passed to it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virConnectAuthCallback {
    /// A `virConnectAuthToken`.
    pub token: c_int,
    /// A `virConnectAuthShape`.
    pub shape: c_int,
    pub simple: virConnectAuthSimpleFunc,
    pub prompt: virConnectAuthPromptFunc,
    pub realm: virConnectAuthRealmFunc,
    pub opaque: *mut c_void,
}

/// A registered callback, in safe form.
#[derive(Clone, Copy)]
enum Func {
    Simple(unsafe extern "C" fn(c_int, *const c_char, *mut *mut c_char, *mut c_void) -> c_int),
    Prompt(
        unsafe extern "C" fn(
            c_int,
            *const c_char,
            *const c_char,
            *const c_char,
            *const c_char,
            *mut *mut c_char,
            *mut c_void,
        ) -> c_int,
    ),
    Realm(unsafe extern "C" fn(c_int, *const c_char, *const *const c_char, *mut *mut c_char, *mut c_void) -> c_int),
}

struct Registered {
    token: virConnectAuthToken,
    func: Func,
    /// The application's opaque pointer, passed back untouched.
    opaque: usize,
}

/// The credential kinds a token answers.
fn kinds_of(token: virConnectAuthToken) -> &'static [CredType] {
    use virConnectAuthToken::*;
    match token {
        VIR_CONNECT_AUTH_TOKEN_USERNAME => &[CredType::Username, CredType::Authname],
        VIR_CONNECT_AUTH_TOKEN_PASSWORD => &[CredType::Passphrase],
        VIR_CONNECT_AUTH_TOKEN_LANG => &[CredType::Language],
        VIR_CONNECT_AUTH_TOKEN_CHALLENGE => &[CredType::EchoPrompt, CredType::NoEchoPrompt, CredType::Cnonce],
        VIR_CONNECT_AUTH_TOKEN_REALM => &[CredType::Realm],
    }
}

fn token_of(v: c_int) -> Option<virConnectAuthToken> {
    use virConnectAuthToken::*;
    [
        VIR_CONNECT_AUTH_TOKEN_USERNAME,
        VIR_CONNECT_AUTH_TOKEN_PASSWORD,
        VIR_CONNECT_AUTH_TOKEN_LANG,
        VIR_CONNECT_AUTH_TOKEN_CHALLENGE,
        VIR_CONNECT_AUTH_TOKEN_REALM,
    ]
    .into_iter()
    .find(|t| *t as c_int == v)
}

/// The process-wide callbacks as a credential source.
struct ProcessCallbacks {
    cbs: Vec<Registered>,
}

impl Authenticator for ProcessCallbacks {
    fn kinds(&self) -> Vec<CredType> {
        self.cbs.iter().flat_map(|r| kinds_of(r.token).iter().copied()).collect()
    }

    fn ask(&self, creds: &mut [Credential]) -> Result<()> {
        self.answer(None, creds)
    }

    fn ask_for(&self, uri: &Uri, creds: &mut [Credential]) -> Result<()> {
        self.answer(Some(uri), creds)
    }
}

impl ProcessCallbacks {
    fn answer(&self, uri: Option<&Uri>, creds: &mut [Credential]) -> Result<()> {
        let uri_c = c_field(&uri.map(Uri::to_string).unwrap_or_default());
        for c in creds.iter_mut().filter(|c| c.result.is_none()) {
            let Some(r) = self.cbs.iter().find(|r| kinds_of(r.token).contains(&c.kind)) else { continue };
            let prompt = c_field(&c.prompt);
            let challenge = c.challenge.as_deref().map(c_field);
            let default = c.default.as_deref().map(c_field);
            let opt = |s: &Option<std::ffi::CString>| s.as_ref().map_or(ptr::null(), |s| s.as_ptr());
            let mut result: *mut c_char = ptr::null_mut();
            let kind = c.kind as c_int;
            let opaque = r.opaque as *mut c_void;
            // SAFETY: every string lives until the call returns; `result` is ours to
            // receive a malloc()ed answer; `opaque` is the application's, as registered.
            let rc = unsafe {
                match r.func {
                    Func::Simple(f) => f(kind, uri_c.as_ptr(), &mut result, opaque),
                    Func::Prompt(f) => {
                        f(kind, uri_c.as_ptr(), prompt.as_ptr(), opt(&challenge), opt(&default), &mut result, opaque)
                    }
                    Func::Realm(f) => {
                        // The realms offered: the credential's challenge, else its default.
                        let offered: Vec<*const c_char> =
                            challenge.iter().chain(default.iter()).take(1).map(|s| s.as_ptr()).chain([ptr::null()]).collect();
                        f(kind, uri_c.as_ptr(), offered.as_ptr(), &mut result, opaque)
                    }
                }
            };
            // SAFETY: `result` is NULL or the callback's malloc()ed answer, ours to free.
            let answer = unsafe { take_c_result(result) };
            if rc < 0 {
                return Err(Error::new(Domain::VIR_FROM_AUTH, Code::VIR_ERR_AUTH_FAILED, "callback refused"));
            }
            c.result = answer;
        }
        Ok(())
    }
}

/// Registers process-wide authentication callbacks, replacing any registered before;
/// `ncbs == 0` (`cbs` may then be NULL) removes them. The array is copied: the caller
/// may free it on return, but each `opaque` must stay valid until the callbacks are
/// replaced or removed and no open that started before is still running.
///
/// Whenever an open (in any thread) needs a credential that auth.conf and the
/// `virConnectAuth` passed to `virConnectOpenAuth` do not answer, the callback whose
/// token covers the credential is called in the opening thread; concurrent opens may
/// call a callback concurrently. At most one callback per token.
///
/// Returns 0, or -1 with `VIR_ERR_INVALID_ARG` in `VIR_FROM_DOMAIN` (negative `ncbs`, NULL `cbs` with
/// `ncbs > 0`, an unknown token or shape, a shape whose function is NULL, a token given
/// twice), in which case the callbacks registered before stay.
#[no_mangle]
pub extern "C" fn virConnectSetAuthCallbacks(cbs: *const virConnectAuthCallback, ncbs: c_int) -> c_int {
    guard(FROM, "virConnectSetAuthCallbacks", |call| {
        call.non_negative(ncbs as i64, "ncbs")?;
        call.non_null_array(cbs, ncbs as i64, "cbs")?;
        if ncbs == 0 {
            auth::set_process_source(None);
            return Ok(0);
        }
        // SAFETY: `cbs` is non-NULL and holds `ncbs` entries (the caller's contract).
        let given = unsafe { std::slice::from_raw_parts(cbs, ncbs as usize) };
        let mut registered: Vec<Registered> = Vec::with_capacity(given.len());
        for (i, cb) in given.iter().enumerate() {
            let bad = |what: String| call.arg_error("cbs", format!("cbs[{i}] in {}: {what}", call.api));
            let token = token_of(cb.token).ok_or_else(|| bad(format!("unknown token {}", cb.token)))?;
            if registered.iter().any(|r| r.token == token) {
                return Err(bad(format!("token {} given twice", cb.token)));
            }
            let func = match cb.shape {
                s if s == virConnectAuthShape::VIR_CONNECT_AUTH_SHAPE_SIMPLE as c_int => cb.simple.map(Func::Simple),
                s if s == virConnectAuthShape::VIR_CONNECT_AUTH_SHAPE_PROMPT as c_int => cb.prompt.map(Func::Prompt),
                s if s == virConnectAuthShape::VIR_CONNECT_AUTH_SHAPE_REALM as c_int => cb.realm.map(Func::Realm),
                s => return Err(bad(format!("unknown shape {s}"))),
            }
            .ok_or_else(|| bad(format!("no function for shape {}", cb.shape)))?;
            registered.push(Registered { token, func, opaque: cb.opaque as usize });
        }
        auth::set_process_source(Some(Arc::new(ProcessCallbacks { cbs: registered })));
        Ok(0)
    })
}
