//! Credentials for an open: what a driver or transport asks for (a SASL mechanism, an
//! ssh password, the test driver's `<auth>` users) and where the answers come from.
//!
//! The seam every asker uses is [`Auth::ask`]. Where the answers come from (auth.conf,
//! the application's `virConnectAuth` callbacks, the process-wide callbacks of
//! `virConnectSetAuthCallbacks`, libvirt's terminal prompts) sits behind it.

use std::sync::Arc;

use crate::error::{Code, Domain, Error, Result};
use crate::uri::Uri;

/// libvirt's `virConnectCredentialType` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum CredType {
    Username = 1,
    Authname = 2,
    Language = 3,
    Cnonce = 4,
    Passphrase = 5,
    EchoPrompt = 6,
    NoEchoPrompt = 7,
    Realm = 8,
    External = 9,
}

impl CredType {
    pub fn from_raw(v: i32) -> Option<CredType> {
        use CredType::*;
        [Username, Authname, Language, Cnonce, Passphrase, EchoPrompt, NoEchoPrompt, Realm, External]
            .into_iter()
            .find(|t| *t as i32 == v)
    }
}

/// One credential asked for (libvirt's `virConnectCredential`): filled in by [`Auth::ask`].
#[derive(Clone, Debug)]
pub struct Credential {
    pub kind: CredType,
    pub prompt: String,
    pub challenge: Option<String>,
    pub default: Option<String>,
    /// The answer, once given.
    pub result: Option<Vec<u8>>,
}

impl Credential {
    pub fn new(kind: CredType, prompt: impl Into<String>) -> Credential {
        Credential { kind, prompt: prompt.into(), challenge: None, default: None, result: None }
    }
}

/// A source of credentials: the application's `virConnectAuth`, or another.
pub trait Authenticator: Send + Sync {
    /// The credential types this source can answer.
    fn kinds(&self) -> Vec<CredType>;
    /// Fills in every credential of `creds`, or fails (the user cancelled, ...).
    fn ask(&self, creds: &mut [Credential]) -> Result<()>;
}

/// How an open gets its credentials: the application's source, if it gave one.
#[derive(Clone, Default)]
pub struct Auth {
    pub source: Option<Arc<dyn Authenticator>>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.source.is_some() { "Auth(callbacks)" } else { "Auth(none)" })
    }
}

impl Auth {
    /// The credential types the open can answer (what a SASL client may offer).
    pub fn kinds(&self) -> Vec<CredType> {
        self.source.as_ref().map(|s| s.kinds()).unwrap_or_default()
    }

    /// Answers `creds` for an open of `uri` (whose host and driver name the
    /// credentials' service), or fails with libvirt's authentication error.
    pub fn ask(&self, uri: &Uri, creds: &mut [Credential]) -> Result<()> {
        let _ = uri;
        let Some(source) = &self.source else {
            return Err(Error::new(
                Domain::VIR_FROM_AUTH,
                Code::VIR_ERR_AUTH_FAILED,
                "authentication failed: no callback to ask for credentials",
            ));
        };
        source.ask(creds)
    }
}
