//! Credentials for an open: what a driver or transport asks for (a SASL mechanism, an
//! ssh password, the test driver's `<auth>` users) and where the answers come from.
//!
//! The seam every asker uses is [`Auth::ask`] (SASL-style: several credentials at once),
//! or [`Auth::get_username`] / [`Auth::get_password`] (libvirt's `virAuthGetUsername` and
//! `virAuthGetPassword`, used by the test driver and the ssh libraries). Answers come
//! from auth.conf first, then the application's `virConnectAuth` callbacks (which may be
//! libvirt's terminal prompts, `virConnectAuthPtrDefault`), then the process-wide
//! callbacks of `virConnectSetAuthCallbacks`.

use std::path::{Path, PathBuf};
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


/// A source of credentials: the application's `virConnectAuth`, the process-wide
/// callbacks of `virConnectSetAuthCallbacks`, or another.
pub trait Authenticator: Send + Sync {
    /// The credential types this source can answer.
    fn kinds(&self) -> Vec<CredType>;
    /// Fills in the credentials of `creds` it can. `Err` means the source refused (its
    /// callback returned -1): askers turn that into libvirt's wording for their request.
    /// `Ok` with a `result` left `None` is a callback that returned 0 without an answer.
    fn ask(&self, creds: &mut [Credential]) -> Result<()>;
    /// As [`ask`](Authenticator::ask), for an open of `uri` (sources that show the URI
    /// to the user override this).
    fn ask_for(&self, uri: &Uri, creds: &mut [Credential]) -> Result<()> {
        let _ = uri;
        self.ask(creds)
    }
}

/// How an open gets its credentials: auth.conf, then the application's source if it
/// gave one (`virConnectOpenAuth`), then the process-wide callbacks.
#[derive(Clone, Default)]
pub struct Auth {
    pub source: Option<Arc<dyn Authenticator>>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.source.is_some() { "Auth(callbacks)" } else { "Auth(none)" })
    }
}

/// libvirt's message when an open fails without saying why (a callback that returned 0
/// and no answer, an auth.conf that cannot be read or parsed).
fn unknown_error() -> Error {
    Error::raw(Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "An error occurred, but the cause is unknown")
}

fn auth_error(code: Code, detail: &str) -> Error {
    Error::new(Domain::VIR_FROM_AUTH, code, detail)
}

/// The auth.conf key answering a credential of `kind` (libvirt's remote driver's names).
fn config_key(kind: CredType) -> Option<&'static str> {
    match kind {
        CredType::Username => Some("username"),
        CredType::Authname => Some("authname"),
        CredType::Passphrase => Some("password"),
        CredType::Realm => Some("realm"),
        _ => None,
    }
}

impl Auth {
    /// An `Auth` asking `source` (the application's callbacks).
    pub fn with_source(source: Arc<dyn Authenticator>) -> Auth {
        Auth { source: Some(source) }
    }

    /// The credential types the open can answer (what a SASL client may offer): the
    /// application's, then those of the process-wide callbacks it lacks.
    pub fn kinds(&self) -> Vec<CredType> {
        let mut kinds = self.source.as_ref().map(|s| s.kinds()).unwrap_or_default();
        if let Some(p) = process_source() {
            for k in p.kinds() {
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
        }
        kinds
    }

    /// Answers `creds` for an open of `uri`, as libvirt's remote driver gathers SASL
    /// credentials: auth.conf first (service "libvirt", or "ssh" for the ssh
    /// transports; the URI's host or "localhost"; keys `username`, `authname`,
    /// `password`, `realm`), then the application's callback in one call for the rest,
    /// then the process-wide callbacks for kinds the application does not answer.
    /// Errors are the remote driver's (`VIR_FROM_REMOTE`, `VIR_ERR_AUTH_FAILED`):
    /// "No authentication callback available", "Failed to collect auth credentials".
    /// A credential a callback left unanswered keeps `result == None`.
    pub fn ask(&self, uri: &Uri, creds: &mut [Credential]) -> Result<()> {
        let service = match uri.transport() {
            Some("ssh" | "libssh" | "libssh2") => "ssh",
            _ => "libvirt",
        };
        self.ask_service(service, uri.server.as_deref(), uri, creds)
    }

    /// [`ask`](Auth::ask) for an explicit auth.conf service and host.
    pub fn ask_service(&self, service: &str, host: Option<&str>, uri: &Uri, creds: &mut [Credential]) -> Result<()> {
        if let Some(conf) = AuthConfig::for_uri(uri)? {
            for c in creds.iter_mut().filter(|c| c.result.is_none()) {
                if let Some(key) = config_key(c.kind) {
                    if let Some(v) = conf.lookup(service, host, key)? {
                        c.result = Some(v.into_bytes());
                    }
                }
            }
        }
        let remote = |detail: &str| Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_AUTH_FAILED, detail);
        let pending: Vec<usize> = (0..creds.len()).filter(|&i| creds[i].result.is_none()).collect();
        if pending.is_empty() {
            return Ok(());
        }
        let process = process_source();
        if self.source.is_none() && process.is_none() {
            return Err(remote("No authentication callback available"));
        }
        let app_kinds = self.source.as_ref().map(|s| s.kinds()).unwrap_or_default();
        let mut for_process = Vec::new();
        let mut for_app = Vec::new();
        for i in pending {
            let proc_has = process.as_ref().is_some_and(|p| p.kinds().contains(&creds[i].kind));
            if self.source.is_none() || (!app_kinds.contains(&creds[i].kind) && proc_has) {
                for_process.push(i);
            } else {
                for_app.push(i);
            }
        }
        for (source, idx) in [(self.source.clone(), for_app), (process, for_process)] {
            let Some(source) = source else { continue };
            if idx.is_empty() {
                continue;
            }
            let mut batch: Vec<Credential> = idx.iter().map(|&i| creds[i].clone()).collect();
            source.ask_for(uri, &mut batch).map_err(|_| remote("Failed to collect auth credentials"))?;
            for (&i, c) in idx.iter().zip(batch) {
                creds[i].result = c.result;
            }
        }
        Ok(())
    }

    /// libvirt's `virAuthGetUsername`: the user name to log in to `host` as, from
    /// auth.conf (`username` of service `service`), else asked as `VIR_CRED_AUTHNAME`
    /// ("Enter username for HOST [DEFAULT]") of the application's callback, else of the
    /// process-wide callbacks. Errors as libvirt 9.0 words them (`VIR_FROM_AUTH`).
    pub fn get_username(&self, uri: &Uri, service: &str, default: Option<&str>, host: &str) -> Result<String> {
        if let Some(conf) = AuthConfig::for_uri(uri)? {
            if let Some(v) = conf.lookup(service, Some(host), "username")? {
                return Ok(v);
            }
        }
        let prompt = match default {
            Some(d) => format!("Enter username for {host} [{d}]"),
            None => format!("Enter username for {host}"),
        };
        let mut cred = Credential::new(CredType::Authname, prompt);
        cred.challenge = Some(host.to_string());
        cred.default = default.map(str::to_string);
        let source = self.pick(&[CredType::Authname]).map_err(|missing_all| {
            if missing_all {
                auth_error(Code::VIR_ERR_INVALID_ARG, "Missing authentication credentials")
            } else {
                auth_error(Code::VIR_ERR_AUTH_FAILED, "Missing VIR_CRED_AUTHNAME credential type")
            }
        })?;
        self.ask_one(&source.0, uri, cred, "Username request failed")
    }

    /// libvirt's `virAuthGetPassword`: `username`'s password on `host`, from auth.conf
    /// (`password`), else asked as `VIR_CRED_PASSPHRASE` or `VIR_CRED_NOECHOPROMPT`
    /// (whichever the callback lists first; "Enter USER's password for HOST").
    pub fn get_password(&self, uri: &Uri, service: &str, username: &str, host: &str) -> Result<String> {
        if let Some(conf) = AuthConfig::for_uri(uri)? {
            if let Some(v) = conf.lookup(service, Some(host), "password")? {
                return Ok(v);
            }
        }
        let (source, kind) = self.pick(&[CredType::Passphrase, CredType::NoEchoPrompt]).map_err(|missing_all| {
            if missing_all {
                auth_error(Code::VIR_ERR_INVALID_ARG, "Missing authentication credentials")
            } else {
                auth_error(Code::VIR_ERR_AUTH_FAILED, "Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type")
            }
        })?;
        let mut cred = Credential::new(kind, format!("Enter {username}'s password for {host}"));
        cred.challenge = Some(host.to_string());
        self.ask_one(&source, uri, cred, "Password request failed")
    }

    /// The source to ask for one of `kinds` and the kind it takes: the application's
    /// (the first of `kinds` in its own list's order), else the process-wide callbacks.
    /// `Err(true)` when no source exists at all, `Err(false)` when none takes `kinds`.
    fn pick(&self, kinds: &[CredType]) -> std::result::Result<(Arc<dyn Authenticator>, CredType), bool> {
        if let Some(src) = &self.source {
            if let Some(k) = src.kinds().into_iter().find(|k| kinds.contains(k)) {
                return Ok((src.clone(), k));
            }
        }
        if let Some(p) = process_source() {
            let have = p.kinds();
            if let Some(k) = kinds.iter().find(|k| have.contains(k)) {
                return Ok((p, *k));
            }
        }
        Err(self.source.is_none())
    }

    fn ask_one(&self, source: &Arc<dyn Authenticator>, uri: &Uri, cred: Credential, refused: &str) -> Result<String> {
        let mut creds = [cred];
        source.ask_for(uri, &mut creds).map_err(|_| auth_error(Code::VIR_ERR_AUTH_FAILED, refused))?;
        let [cred] = creds;
        match cred.result {
            Some(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            None => Err(unknown_error()),
        }
    }
}

// ---- process-wide callbacks (virConnectSetAuthCallbacks) --------------------------------

static PROCESS: parking_lot::RwLock<Option<Arc<dyn Authenticator>>> = parking_lot::RwLock::new(None);

/// Installs (or with `None` removes) the process-wide credential source. Opens already
/// asking keep the source they started with.
pub fn set_process_source(source: Option<Arc<dyn Authenticator>>) {
    *PROCESS.write() = source;
}

/// The process-wide credential source, if one is installed.
pub fn process_source() -> Option<Arc<dyn Authenticator>> {
    PROCESS.read().clone()
}

// ---- auth.conf ---------------------------------------------------------------------------

/// Whether the `authfile=` URI parameter may name the auth.conf to read. A daemon turns
/// it off: there the URI comes from a client, who must not make it read arbitrary files.
static URI_AUTHFILE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Stops opens in this process from honouring `?authfile=` (for daemons).
pub fn ignore_uri_authfile() {
    URI_AUTHFILE.store(false, std::sync::atomic::Ordering::Relaxed);
}

/// libvirt's auth.conf (a GLib key file): `[credentials-NAME]` groups holding
/// `username=`, `authname=`, `password=`, `realm=`, and `[auth-SERVICE-HOST]` groups
/// naming one of them with `credentials=NAME`.
#[derive(Debug, Default)]
pub struct AuthConfig {
    path: String,
    /// Groups in file order; a group given twice is merged, a key given twice keeps the last.
    groups: Vec<(String, Vec<(String, String)>)>,
}

/// libvirt reads auth.conf with GLib, which refuses files larger than this.
const MAX_AUTH_FILE: u64 = 1 << 20;

impl AuthConfig {
    /// The file libvirt's `virAuthGetConfigFilePathURI` picks: `$LIBVIRT_AUTH_FILE`, the
    /// URI's `authfile=`, `$XDG_CONFIG_HOME/libvirt/auth.conf` (or `~/.config/...`) if
    /// readable, `/etc/libvirt/auth.conf` if readable, else none.
    pub fn path_for(uri: &Uri) -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("LIBVIRT_AUTH_FILE") {
            return Some(PathBuf::from(p));
        }
        if URI_AUTHFILE.load(std::sync::atomic::Ordering::Relaxed) {
            if let Some(p) = uri.param("authfile") {
                return Some(PathBuf::from(p));
            }
        }
        let user = crate::config::config_home().join("libvirt/auth.conf");
        if readable(&user) {
            return Some(user);
        }
        let system = PathBuf::from("/etc/libvirt/auth.conf");
        readable(&system).then_some(system)
    }

    /// The auth.conf for an open of `uri`, loaded; `None` when there is none. A file that
    /// cannot be read or parsed fails the open without a reason, as libvirt's does.
    pub fn for_uri(uri: &Uri) -> Result<Option<AuthConfig>> {
        match AuthConfig::path_for(uri) {
            None => Ok(None),
            Some(p) => AuthConfig::load(&p).map(Some),
        }
    }

    pub fn load(path: &Path) -> Result<AuthConfig> {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(|_| unknown_error())?;
        let mut data = Vec::new();
        file.take(MAX_AUTH_FILE + 1).read_to_end(&mut data).map_err(|_| unknown_error())?;
        if data.len() as u64 > MAX_AUTH_FILE {
            return Err(unknown_error());
        }
        let text = String::from_utf8(data).map_err(|_| unknown_error())?;
        AuthConfig::parse(&path.display().to_string(), &text).ok_or_else(unknown_error)
    }

    /// Parses key-file text (GLib's rules: `#` comments, `[group]` headers, `key=value`
    /// with blanks around `=` dropped, `\s \n \t \r \\` escapes in values). `None` for a
    /// line that is none of these, or a key before the first group.
    pub fn parse(path: &str, text: &str) -> Option<AuthConfig> {
        let mut conf = AuthConfig { path: path.to_string(), groups: Vec::new() };
        let mut current: Option<usize> = None;
        for raw in text.lines() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let end = rest.find(']')?;
                let name = &rest[..end];
                if !rest[end + 1..].trim().is_empty() || name.is_empty() || name.contains(['[', ']']) || name.chars().any(char::is_control) {
                    return None;
                }
                current = Some(match conf.groups.iter().position(|(n, _)| n == name) {
                    Some(i) => i,
                    None => {
                        conf.groups.push((name.to_string(), Vec::new()));
                        conf.groups.len() - 1
                    }
                });
                continue;
            }
            let (key, value) = trimmed.split_once('=')?;
            let key = key.trim_end();
            if key.is_empty() || key.contains(['[', ']']) {
                return None;
            }
            let value = unescape(value.trim_start())?;
            let entries = &mut conf.groups[current?].1;
            match entries.iter_mut().find(|(k, _)| k == key) {
                Some(e) => e.1 = value,
                None => entries.push((key.to_string(), value)),
            }
        }
        Some(conf)
    }

    fn group(&self, name: &str) -> Option<&[(String, String)]> {
        self.groups.iter().find(|(n, _)| n == name).map(|(_, e)| e.as_slice())
    }

    /// libvirt's `virAuthConfigLookup`: `credname` for `service` on `hostname` (or
    /// "localhost"), through `[auth-SERVICE-HOST]` or else `[auth-SERVICE-default]`.
    pub fn lookup(&self, service: &str, hostname: Option<&str>, credname: &str) -> Result<Option<String>> {
        let host = hostname.unwrap_or("localhost");
        let mut authgroup = format!("auth-{service}-{host}");
        if self.group(&authgroup).is_none() {
            authgroup = format!("auth-{service}-default");
        }
        let Some(auth) = self.group(&authgroup) else { return Ok(None) };
        let syntax = |m: String| Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_CONF_SYNTAX, m);
        let Some((_, name)) = auth.iter().find(|(k, _)| k == "credentials") else {
            return Err(syntax(format!("Missing item 'credentials' in group '{authgroup}' in '{}'", self.path)));
        };
        let Some(creds) = self.group(&format!("credentials-{name}")) else {
            return Err(syntax(format!(
                "Missing group 'credentials-{name}' referenced from group '{authgroup}' in '{}'",
                self.path
            )));
        };
        Ok(creds.iter().find(|(k, _)| k == credname).map(|(_, v)| v.clone()))
    }
}

fn readable(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(|f| f.metadata().is_ok_and(|m| m.is_file()))
}

/// GLib's key-file value escapes; `None` for an unknown escape.
fn unescape(v: &str) -> Option<String> {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            's' => ' ',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '\\' => '\\',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = "# comment\n[credentials-t]\nusername = alice\npassword=se\\scret\n\n[auth-test-localhost]\ncredentials=t\n\
                        [auth-libvirt-default]\ncredentials=t\n[auth-ssh-h1]\ncredentials=missing\n[auth-esx-h2]\nfoo=bar\n";

    #[test]
    fn lookups_follow_libvirt() {
        let c = AuthConfig::parse("/x/auth.conf", CONF).unwrap();
        assert_eq!(c.lookup("test", None, "username").unwrap().as_deref(), Some("alice"));
        assert_eq!(c.lookup("test", Some("localhost"), "password").unwrap().as_deref(), Some("se cret"));
        assert_eq!(c.lookup("test", Some("localhost"), "realm").unwrap(), None);
        assert_eq!(c.lookup("libvirt", Some("anyhost"), "username").unwrap().as_deref(), Some("alice"));
        assert_eq!(c.lookup("qemu", Some("anyhost"), "username").unwrap(), None);
        let e = c.lookup("ssh", Some("h1"), "username").unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_CONF_SYNTAX);
        assert_eq!(
            e.message,
            "configuration file syntax error: Missing group 'credentials-missing' referenced from group 'auth-ssh-h1' in '/x/auth.conf'"
        );
        let e = c.lookup("esx", Some("h2"), "username").unwrap_err();
        assert_eq!(e.message, "configuration file syntax error: Missing item 'credentials' in group 'auth-esx-h2' in '/x/auth.conf'");
    }

    #[test]
    fn bad_key_files_are_refused() {
        for bad in ["username=x\n", "[g]\ngarbage\n", "[g\n", "[g]\nk=\\q\n", "[g]x\n"] {
            assert!(AuthConfig::parse("p", bad).is_none(), "{bad:?}");
        }
        assert!(AuthConfig::parse("p", "").is_some());
    }

    /// A source answering every kind it lists with "<kind>!", recording what it was asked.
    struct Answers(Vec<CredType>, parking_lot::Mutex<Vec<CredType>>, bool);

    impl Authenticator for Answers {
        fn kinds(&self) -> Vec<CredType> {
            self.0.clone()
        }
        fn ask(&self, creds: &mut [Credential]) -> Result<()> {
            if self.2 {
                return Err(unknown_error());
            }
            for c in creds {
                self.1.lock().push(c.kind);
                c.result = Some(format!("{:?}!", c.kind).into_bytes());
            }
            Ok(())
        }
    }

    #[test]
    fn ask_takes_auth_conf_then_the_callback() {
        let dir = std::env::temp_dir().join(format!("auth-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let conf = dir.join("auth.conf");
        std::fs::write(&conf, "[credentials-c]\nauthname=fred\n[auth-libvirt-h1]\ncredentials=c\n").unwrap();
        let uri = Uri::parse(&format!("qemu+tcp://h1/system?authfile={}", conf.display())).unwrap();
        let src = Arc::new(Answers(vec![CredType::Authname, CredType::Passphrase], Default::default(), false));
        let auth = Auth::with_source(src.clone());
        let mut creds = [Credential::new(CredType::Authname, "user"), Credential::new(CredType::Passphrase, "pass")];
        if std::env::var_os("LIBVIRT_AUTH_FILE").is_none() {
            auth.ask(&uri, &mut creds).unwrap();
            assert_eq!(creds[0].result.as_deref(), Some(&b"fred"[..]));
            assert_eq!(creds[1].result.as_deref(), Some(&b"Passphrase!"[..]));
            assert_eq!(*src.1.lock(), vec![CredType::Passphrase]);
        }
        let refusing = Auth::with_source(Arc::new(Answers(vec![CredType::Passphrase], Default::default(), true)));
        let mut creds = [Credential::new(CredType::Passphrase, "pass")];
        let e = refusing.ask(&Uri::parse("qemu+tcp://h2/system").unwrap(), &mut creds).unwrap_err();
        assert_eq!((e.domain, e.code), (Domain::VIR_FROM_REMOTE, Code::VIR_ERR_AUTH_FAILED));
        assert_eq!(e.message, "authentication failed: Failed to collect auth credentials");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn merged_groups_and_last_key_win() {
        let c = AuthConfig::parse("p", "[credentials-a]\nusername=x\n[auth-s-h]\ncredentials=a\n[credentials-a]\nusername=y\n").unwrap();
        assert_eq!(c.lookup("s", Some("h"), "username").unwrap().as_deref(), Some("y"));
    }
}
