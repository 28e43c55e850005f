//! Client authentication in the daemon: what each listener asks of its clients
//! (`auth_unix_rw`, `auth_unix_ro`, `auth_tcp`, `auth_tls`), the SASL exchange of
//! AUTH_SASL_INIT / START / STEP through libsasl2 (sessions from the library's
//! [`virt::driver::remote::sasl`]), libvirtd's checks on its outcome (SSF on a stream
//! that is not private, `sasl_allowed_username_list`), and the count of clients not
//! authenticated yet (`max_anonymous_clients`).
//!
//! Until a client has authenticated only the AUTH_* procedures are served; anything
//! else gets libvirtd's "authentication required". A failed exchange is answered with
//! "authentication failed"; as with libvirtd the connection stays and the client may
//! begin again with AUTH_SASL_INIT. (libvirtd 9.0 crashes on AUTH_SASL_STEP before
//! AUTH_SASL_START; here that is one more failed exchange.) When the
//! exchange negotiated a security layer, the final STEP's reply still goes out bare;
//! the client's reader thread switches to the layer right after sending it (AUTH_* are
//! high-priority calls, run on that thread), before it reads another byte.

use parking_lot::{Condvar, Mutex};
use virt::driver::remote::sasl::{Security, Session, Step, MIN_SSF};
use virt::error::{Code, Domain, Error, Result};
use virt::rpc::protocol::{self as p, num};
use virt::rpc::xdr::{Array, CharArray};

use crate::client::Client;
use crate::config::Auth;
use crate::{info, warn};

/// What a listener asks of a client that came in on it.
#[derive(Clone, Debug)]
pub struct PeerAuth {
    pub auth: Auth,
    /// What the stream already gives: private (UNIX socket, TLS), TLS's key size, addresses.
    pub security: Security,
}

impl PeerAuth {
    pub fn new(auth: Auth, security: Security) -> PeerAuth {
        PeerAuth { auth, security }
    }
}

/// Clients connected and not authenticated yet, over every listener (with those
/// admitted by [`admit_anonymous`] whose thread has not started yet).
static ANONYMOUS: Mutex<usize> = Mutex::new(0);
/// Signalled (under `ANONYMOUS`) when a client stops counting as anonymous.
static ANONYMOUS_LEFT: Condvar = Condvar::new();

/// Counts a new client that must authenticate in, waiting while `max` others have yet
/// to (libvirtd stops accepting then; further connections wait in the listen backlog).
/// Its [`ClientAuth`] takes the count over; [`release_anonymous`] gives it back if the
/// client never starts.
pub fn admit_anonymous(max: usize) {
    let mut n = ANONYMOUS.lock();
    while *n >= max {
        ANONYMOUS_LEFT.wait(&mut n);
    }
    *n += 1;
}

/// One anonymous client less (authenticated, gone, or never started).
pub fn release_anonymous() {
    let mut n = ANONYMOUS.lock();
    *n = n.saturating_sub(1);
    ANONYMOUS_LEFT.notify_one();
}

enum State {
    /// Authentication is needed and has not begun.
    Needed,
    /// AUTH_SASL_INIT made a session; START (once: the flag) and STEP go on with it.
    Negotiating(Session, bool),
    /// Authenticated; a layer waits for the reader to switch to it after the reply.
    Switching(Session),
    Done,
}

/// One client's authentication.
pub struct ClientAuth {
    peer: PeerAuth,
    state: Mutex<State>,
    /// The SASL identity, once authenticated.
    pub identity: Mutex<Option<String>>,
}

impl ClientAuth {
    pub fn new(peer: PeerAuth) -> ClientAuth {
        // A client that must authenticate was counted by `admit_anonymous` already.
        let state = if peer.auth == Auth::None { State::Done } else { State::Needed };
        ClientAuth { peer, state: Mutex::new(state), identity: Mutex::new(None) }
    }

    fn counted(state: &State) -> bool {
        matches!(state, State::Needed | State::Negotiating(..))
    }

    /// Moves to `next`, keeping the anonymous count right.
    fn set(&self, state: &mut State, next: State) {
        if Self::counted(state) && !Self::counted(&next) {
            release_anonymous();
        }
        *state = next;
    }

    pub fn authenticated(&self) -> bool {
        matches!(*self.state.lock(), State::Done | State::Switching(_))
    }

    /// For the reader thread after each call: the layer to switch to, if the exchange
    /// just completed.
    pub fn take_outcome(&self) -> Option<Session> {
        let mut st = self.state.lock();
        match std::mem::replace(&mut *st, State::Done) {
            State::Switching(s) => Some(s),
            other => {
                *st = other;
                None
            }
        }
    }
}

impl ClientAuth {
    /// The connection ended: it no longer counts as waiting to authenticate.
    pub fn gone(&self) {
        let mut st = self.state.lock();
        if Self::counted(&st) {
            self.set(&mut st, State::Done);
        }
    }
}

impl Drop for ClientAuth {
    fn drop(&mut self) {
        if Self::counted(&self.state.lock()) {
            release_anonymous();
        }
    }
}

/// The procedures a client may call before it has authenticated.
pub fn allowed_before_auth(proc_: i32) -> bool {
    matches!(proc_, num::AUTH_LIST | num::AUTH_SASL_INIT | num::AUTH_SASL_START | num::AUTH_SASL_STEP | num::AUTH_POLKIT)
}

/// libvirtd's answer to any other call before authentication.
pub fn required() -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, "authentication required")
}

/// libvirtd's one answer to every failure of the exchange (details go to the log only).
fn failed() -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_AUTH_FAILED, "authentication failed")
}

/// AUTH_LIST: the listener's type until the client has authenticated, then none.
pub fn auth_list(client: &Client) -> p::AuthListRet {
    let t = match (client.auth.authenticated(), client.auth.peer.auth) {
        (false, Auth::Sasl) => p::REMOTE_AUTH_SASL,
        (false, Auth::Polkit) => p::REMOTE_AUTH_POLKIT,
        _ => p::REMOTE_AUTH_NONE,
    };
    p::AuthListRet { types: Array(vec![t]) }
}

/// Runs `f` on the state; an error ends the exchange (the session goes, the client
/// may begin again), except a request out of order, which leaves the state alone.
fn guarded<T>(
    client: &Client,
    what: &str,
    in_order: impl FnOnce(&State) -> bool,
    f: impl FnOnce(&mut State) -> std::result::Result<T, String>,
) -> Result<T> {
    let a = &client.auth;
    let mut st = a.state.lock();
    if a.peer.auth != Auth::Sasl || !in_order(&st) {
        warn!("client {} ({}): client tried invalid SASL {what} request", client.id, client.peer.desc);
        return Err(failed());
    }
    match f(&mut st) {
        Ok(v) => Ok(v),
        Err(why) => {
            warn!("client {} ({}): SASL {what} refused: {why}", client.id, client.peer.desc);
            a.set(&mut st, State::Needed);
            Err(failed())
        }
    }
}

/// AUTH_SASL_INIT: a session for this client; the mechanisms it may use.
pub fn init(client: &Client) -> Result<p::AuthSaslInitRet> {
    guarded(client, "init", |st| matches!(st, State::Needed), |st| {
        let session = Session::server(&client.auth.peer.security).map_err(|e| e.message)?;
        let mechlist = session.mechanisms().map_err(|e| e.message)?;
        *st = State::Negotiating(session, false);
        Ok(p::AuthSaslInitRet { mechlist })
    })
}

fn data_in(nil: i32, data: &CharArray<{ p::REMOTE_AUTH_SASL_DATA_MAX }>) -> Option<&[u8]> {
    (nil == 0).then_some(&data.0[..])
}

/// AUTH_SASL_START and AUTH_SASL_STEP: one step of the session; on completion,
/// libvirtd's checks of the result.
fn advance(client: &Client, what: &str, f: impl FnOnce(&mut Session) -> Result<Step>) -> Result<(i32, i32, Vec<u8>)> {
    let allowed = &client.daemon.config.sasl_allowed_username_list;
    let secure = client.auth.peer.security.secure;
    // START once, then STEPs: libsasl2 must never step a session that has not started.
    let starting = what == "start";
    let in_order = |st: &State| matches!(st, State::Negotiating(_, started) if *started != starting);
    let (complete, out, who) = guarded(client, what, in_order, |st| {
        let State::Negotiating(session, started) = st else {
            return Err(format!("client tried invalid SASL {what} request"));
        };
        *started = true;
        let step = f(session).map_err(|e| e.message)?;
        if step.out.as_ref().is_some_and(|d| d.len() > p::REMOTE_AUTH_SASL_DATA_MAX) {
            return Err(format!("sasl {what} reply data too long"));
        }
        if !step.complete {
            return Ok((false, step.out, None));
        }
        if !secure {
            let ssf = session.ssf().map_err(|e| e.message)?;
            if ssf < MIN_SSF {
                return Err(format!("negotiated SSF {ssf} was not strong enough"));
            }
        }
        let who = session.username().ok_or("no SASL identity")?;
        if let Some(patterns) = allowed {
            if !patterns.iter().any(|pat| glob_match(pat, &who)) {
                return Err(format!("SASL client identity '{who}' not allowed in access list"));
            }
        }
        if let State::Negotiating(session, _) = std::mem::replace(st, State::Done) {
            *st = State::Switching(session);
        }
        // Negotiating counted as anonymous; Switching does not.
        release_anonymous();
        Ok((true, step.out, Some(who)))
    })?;
    if let Some(who) = who {
        info!("client {}: authenticated by SASL as '{who}'", client.id);
        *client.auth.identity.lock() = Some(who);
    }
    Ok((complete as i32, out.is_none() as i32, out.unwrap_or_default()))
}

pub fn start(client: &Client, a: &p::AuthSaslStartArgs) -> Result<p::AuthSaslStartRet> {
    let (complete, nil, data) = advance(client, "start", |s| s.server_start(&a.mech, data_in(a.nil, &a.data)))?;
    Ok(p::AuthSaslStartRet { complete, nil, data: CharArray(data) })
}

pub fn step(client: &Client, a: &p::AuthSaslStepArgs) -> Result<p::AuthSaslStepRet> {
    let (complete, nil, data) = advance(client, "step", |s| s.server_step(data_in(a.nil, &a.data)))?;
    Ok(p::AuthSaslStepRet { complete, nil, data: CharArray(data) })
}

/// `fnmatch(3)` without flags, as libvirt matches the allow-list.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (Ok(pat), Ok(s)) = (std::ffi::CString::new(pattern), std::ffi::CString::new(name)) else { return false };
    // SAFETY: both are live NUL-terminated strings.
    unsafe { libc::fnmatch(pat.as_ptr(), s.as_ptr(), 0) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("alice*", "alice@EXAMPLE.COM"));
        assert!(glob_match("*@EXAMPLE.COM", "bob@EXAMPLE.COM"));
        assert!(!glob_match("alice", "alice2"));
        assert!(glob_match("?ob", "bob"));
    }
}
