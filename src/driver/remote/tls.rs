//! The TLS transport (`driver+tls://host[:port]/path`, and the default for a URI with a
//! host): libvirt's PKI files and where it looks for them, its certificate checks with its
//! wording, the confirmation byte its daemon sends once it has checked the client, and
//! the project's certificate extensions (process-wide PEM data and a validator callback,
//! exported by `api::ext_cert`).
//!
//! The checks are shared with qemud, which makes the same ones on its side (sanity of its
//! own files at startup, the client's certificate after each handshake).

use std::ffi::CString;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use foreign_types::ForeignTypeRef;
use libc::{c_char, c_int};
use openssl::asn1::Asn1Time;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{ErrorCode, HandshakeError, Ssl, SslContext, SslMethod, SslStream, SslVerifyMode, SslVersion};
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{CrlStatus, X509Crl, X509NameRef, X509StoreContext, X509VerifyResult, X509};
use parking_lot::Mutex;

use super::tls_priority::Priority;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::Stream;
use crate::uri::Uri;

pub const FROM: Domain = Domain::VIR_FROM_RPC;

/// libvirt's system-wide PKI files.
pub const SYSTEM_CACERT: &str = "/etc/pki/CA/cacert.pem";
pub const SYSTEM_CACRL: &str = "/etc/pki/CA/cacrl.pem";
const SYSTEM_CLIENTKEY: &str = "/etc/pki/libvirt/private/clientkey.pem";
const SYSTEM_CLIENTCERT: &str = "/etc/pki/libvirt/clientcert.pem";
const SYSTEM_SERVERKEY: &str = "/etc/pki/libvirt/private/serverkey.pem";
const SYSTEM_SERVERCERT: &str = "/etc/pki/libvirt/servercert.pem";
/// The largest PEM file read (libvirt reads certificates up to 64 KiB; CA lists and CRLs
/// may be longer).
const MAX_PEM: u64 = 1 << 20;

fn sys_err(detail: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_SYSTEM_ERROR, detail)
}

// ---- where the files are ---------------------------------------------------------------

/// The four files of one side of a TLS connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkiFiles {
    pub cacert: PathBuf,
    pub cacrl: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// `~/.pki/libvirt`: a non-root client's (or session daemon's) own PKI directory.
pub fn user_pki_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".pki/libvirt")
}

/// libvirt's search: an explicit `pkipath` (used whether or not the files exist), else the
/// user's directory for each file present there (`try_user`: not root), else the system
/// files. The certificate and key go together.
pub fn locate(pkipath: Option<&Path>, try_user: bool, is_server: bool) -> PkiFiles {
    let (cert_name, key_name) =
        if is_server { ("servercert.pem", "serverkey.pem") } else { ("clientcert.pem", "clientkey.pem") };
    let in_dir = |d: &Path| PkiFiles {
        cacert: d.join("cacert.pem"),
        cacrl: d.join("cacrl.pem"),
        cert: d.join(cert_name),
        key: d.join(key_name),
    };
    let system = PkiFiles {
        cacert: SYSTEM_CACERT.into(),
        cacrl: SYSTEM_CACRL.into(),
        cert: (if is_server { SYSTEM_SERVERCERT } else { SYSTEM_CLIENTCERT }).into(),
        key: (if is_server { SYSTEM_SERVERKEY } else { SYSTEM_CLIENTKEY }).into(),
    };
    if let Some(p) = pkipath {
        return in_dir(p);
    }
    if !try_user {
        return system;
    }
    let user = in_dir(&user_pki_dir());
    let mut f = system;
    if user.cacert.exists() {
        f.cacert = user.cacert;
    }
    if user.cacrl.exists() {
        f.cacrl = user.cacrl;
    }
    if user.cert.exists() && user.key.exists() {
        f.cert = user.cert;
        f.key = user.key;
    }
    f
}

fn read_pem(path: &Path, what: &str) -> Result<Vec<u8>> {
    let f = std::fs::File::open(path)
        .map_err(|e| Error::system(FROM, &format!("Cannot read {what} '{}'", path.display()), &e))?;
    let mut buf = Vec::new();
    f.take(MAX_PEM)
        .read_to_end(&mut buf)
        .map_err(|e| Error::system(FROM, &format!("Cannot read {what} '{}'", path.display()), &e))?;
    Ok(buf)
}

/// Every `-----BEGIN <label>-----` block of `pem`, each with its armour.
fn pem_blocks<'a>(pem: &'a [u8], label: &str) -> Vec<&'a [u8]> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = pem;
    while let Some(b) = find(rest, begin.as_bytes()) {
        let Some(e) = find(&rest[b..], end.as_bytes()) else { break };
        let stop = b + e + end.len();
        out.push(&rest[b..stop]);
        rest = &rest[stop..];
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_certs(pem: &[u8]) -> Option<Vec<X509>> {
    match X509::stack_from_pem(pem) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => None,
    }
}

fn parse_crls(pem: &[u8]) -> Option<Vec<Arc<X509Crl>>> {
    let blocks = pem_blocks(pem, "X509 CRL");
    if blocks.is_empty() {
        return None;
    }
    blocks.into_iter().map(|b| X509Crl::from_pem(b).ok().map(Arc::new)).collect()
}

// ---- the checks, worded as libvirt's ---------------------------------------------------

fn now() -> Result<Asn1Time> {
    Asn1Time::days_from_now(0).map_err(|e| Error::internal(FROM, format!("cannot get current time: {e}")))
}

/// Expired or not yet active (`is_server`: the certificate is a server's).
pub fn check_times(cert: &X509, name: &str, is_server: bool, is_ca: bool) -> Result<()> {
    let now = now()?;
    let who = if is_ca {
        "CA"
    } else if is_server {
        "server"
    } else {
        "client"
    };
    if cert.not_after() < now {
        return Err(sys_err(format!("The {who} certificate {name} has expired")));
    }
    if cert.not_before() > now {
        return Err(sys_err(format!("The {who} certificate {name} is not yet active")));
    }
    Ok(())
}

/// Whether the extension `nid` of `cert` is present and marked critical.
fn critical(cert: &X509, nid: openssl::nid::Nid) -> bool {
    // SAFETY: `cert` is a valid X509 for the call; the extension pointer returned by
    // X509_get_ext belongs to it and is only read while `cert` is borrowed.
    unsafe {
        let p = cert.as_ptr();
        let at = openssl_sys::X509_get_ext_by_NID(p, nid.as_raw(), -1);
        if at < 0 {
            return false;
        }
        let ext = openssl_sys::X509_get_ext(p, at);
        !ext.is_null() && openssl_sys::X509_EXTENSION_get_critical(ext) > 0
    }
}

fn ext_flags(cert: &X509) -> u32 {
    // SAFETY: a valid X509; the call only computes and reads its cached extension flags.
    unsafe { openssl_sys::X509_get_extension_flags(cert.as_ptr()) }
}

/// A CA where a CA is needed, and only there.
pub fn check_basic_constraints(cert: &X509, name: &str, is_server: bool, is_ca: bool) -> Result<()> {
    let flags = ext_flags(cert);
    let present = flags & openssl_sys::EXFLAG_BCONS != 0;
    let ca = flags & openssl_sys::EXFLAG_CA != 0;
    if present && ca && !is_ca {
        let side = if is_server { "server" } else { "client" };
        return Err(sys_err(format!("The certificate {name} basic constraints show a CA, but we need one for a {side}")));
    }
    if present && !ca && is_ca {
        return Err(sys_err(format!("The certificate {name} basic constraints do not show a CA")));
    }
    if !present && is_ca {
        return Err(sys_err(format!("The certificate {name} is missing basic constraints for a CA")));
    }
    Ok(())
}

/// Key usage: certificate signing for a CA, signature and key encipherment for a peer;
/// a missing usage fails only when the extension is critical.
pub fn check_key_usage(cert: &X509, name: &str, is_ca: bool) -> Result<()> {
    // SAFETY: a valid X509; reads its cached key usage (all bits when absent).
    let usage = unsafe { openssl_sys::X509_get_key_usage(cert.as_ptr()) };
    let crit = critical(cert, openssl::nid::Nid::KEY_USAGE);
    let needs: &[(u32, &str)] = if is_ca {
        &[(openssl_sys::X509v3_KU_KEY_CERT_SIGN, "certificate signing")]
    } else {
        &[(openssl_sys::X509v3_KU_DIGITAL_SIGNATURE, "digital signature"), (openssl_sys::X509v3_KU_KEY_ENCIPHERMENT, "key encipherment")]
    };
    for (bit, what) in needs {
        if usage & bit == 0 && crit {
            return Err(sys_err(format!("Certificate {name} usage does not permit {what}")));
        }
    }
    Ok(())
}

/// Extended key usage: TLS server or client as the side needs; no extension allows both.
pub fn check_key_purpose(cert: &X509, name: &str, is_server: bool) -> Result<()> {
    // SAFETY: a valid X509; reads its cached extended key usage (all bits when absent).
    let xku = unsafe { openssl_sys::X509_get_extended_key_usage(cert.as_ptr()) };
    let present = ext_flags(cert) & openssl_sys::EXFLAG_XKUSAGE != 0;
    let (server, client) = if !present {
        (true, true)
    } else {
        let other = xku & !(openssl_sys::XKU_SSL_SERVER | openssl_sys::XKU_SSL_CLIENT | openssl_sys::XKU_ANYEKU) != 0;
        (xku & openssl_sys::XKU_SSL_SERVER != 0 || other, xku & openssl_sys::XKU_SSL_CLIENT != 0 || other)
    };
    let allowed = if is_server { server } else { client };
    if !allowed && critical(cert, openssl::nid::Nid::EXT_KEY_USAGE) {
        let side = if is_server { "server" } else { "client" };
        return Err(sys_err(format!("Certificate {name} purpose does not allow use for with a TLS {side}")));
    }
    Ok(())
}

/// libvirt's per-certificate checks of one's own files.
pub fn check_cert(cert: &X509, name: &str, is_server: bool, is_ca: bool) -> Result<()> {
    check_times(cert, name, is_server, is_ca)?;
    check_basic_constraints(cert, name, is_server, is_ca)?;
    check_key_usage(cert, name, is_ca)?;
    if !is_ca {
        check_key_purpose(cert, name, is_server)?;
    }
    Ok(())
}

/// Why a chain does not verify, in gnutls's words as libvirt prints them.
fn reason(r: X509VerifyResult) -> &'static str {
    match r.as_raw() {
        openssl_sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        | openssl_sys::X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        | openssl_sys::X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        | openssl_sys::X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        | openssl_sys::X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE => "The certificate hasn't got a known issuer.",
        openssl_sys::X509_V_ERR_CERT_REVOKED => "The certificate has been revoked.",
        openssl_sys::X509_V_ERR_CA_MD_TOO_WEAK | openssl_sys::X509_V_ERR_EE_KEY_TOO_SMALL => {
            "The certificate uses an insecure algorithm"
        }
        _ => "The certificate is not trusted.",
    }
}

/// Verifies `leaf` (with `chain`, the peer's other certificates) against the CAs and the
/// CRLs; the reason on failure.
fn build_store(cas: &[X509]) -> Option<X509Store> {
    let mut b = X509StoreBuilder::new().ok()?;
    for ca in cas {
        b.add_cert(ca.clone()).ok()?;
    }
    Some(b.build())
}

fn verify_chain(
    store: Option<&X509Store>,
    crls: &[Arc<X509Crl>],
    leaf: &X509,
    chain: &[X509],
) -> std::result::Result<(), &'static str> {
    let Some(store) = store else { return Err("The certificate is not trusted.") };
    let verified = (|| -> std::result::Result<std::result::Result<Vec<X509>, X509VerifyResult>, openssl::error::ErrorStack> {
        let mut stack = openssl::stack::Stack::new()?;
        for c in chain {
            stack.push(c.clone())?;
        }
        let mut ctx = X509StoreContext::new()?;
        ctx.init(store, leaf, &stack, |c| {
            if !c.verify_cert()? {
                return Ok(Err(c.error()));
            }
            // The chain verified: the leaf, the intermediates, the trust anchor.
            Ok(Ok(c.chain().map(|s| s.iter().map(|x| x.to_owned()).collect::<Vec<X509>>()).unwrap_or_default()))
        })
    })();
    let built = match verified {
        Ok(Ok(built)) => built,
        Ok(Err(r)) => return Err(reason(r)),
        Err(_) => return Err("The certificate is not trusted."),
    };
    // As gnutls does for libvirt: a CRL revokes any certificate of the chain, an
    // intermediate CA's included.
    for cert in std::iter::once(leaf).chain(built.iter()) {
        for crl in crls {
            if let CrlStatus::Revoked(_) = crl.get_by_cert(cert) {
                return Err("The certificate has been revoked.");
            }
        }
    }
    Ok(())
}

/// The pair check libvirt makes of its own files: `cert` (with the intermediate CAs of
/// its file, `chain`) verifies against the CAs.
pub fn check_pair(cert: &X509, chain: &[X509], name: &str, cas: &[X509], ca_name: &str) -> Result<()> {
    verify_chain(build_store(cas).as_ref(), &[], cert, chain)
        .map_err(|r| sys_err(format!("Our own certificate {name} failed validation against {ca_name}: {r}")))
}

/// A distinguished name as libvirt (gnutls) prints it and `tls_allowed_dn_list` matches
/// it: the attributes in certificate order, "C=GB,ST=London,O=Example,CN=client1".
pub fn dn_string(name: &X509NameRef) -> String {
    let mut parts = Vec::new();
    for e in name.entries() {
        let nid = e.object().nid();
        let key = match nid {
            openssl::nid::Nid::PKCS9_EMAILADDRESS => "EMAIL".to_string(),
            openssl::nid::Nid::UNDEF => e.object().to_string(),
            n => n.short_name().map(str::to_string).unwrap_or_else(|_| e.object().to_string()),
        };
        let value = e.data().to_string().unwrap_or_else(|_| String::from_utf8_lossy(e.data().as_slice()).into_owned());
        let mut escaped = String::new();
        for (i, ch) in value.chars().enumerate() {
            if matches!(ch, ',' | '+' | '"' | '\\' | '<' | '>' | ';') || (i == 0 && matches!(ch, '#' | ' ')) {
                escaped.push('\\');
            }
            escaped.push(ch);
        }
        parts.push(format!("{key}={escaped}"));
    }
    parts.join(",")
}

/// `tls_allowed_dn_list`: shell wildcards (fnmatch) against the client's DN.
pub fn check_dn_allowed(dn: &str, patterns: &[String]) -> Result<()> {
    let Ok(c_dn) = CString::new(dn) else { return Err(sys_err("Client's Distinguished Name contains a NUL byte")) };
    for p in patterns {
        let Ok(c_p) = CString::new(p.as_str()) else { continue };
        // SAFETY: two valid NUL-terminated strings for the duration of the call.
        let r = unsafe { libc::fnmatch(c_p.as_ptr(), c_dn.as_ptr(), 0) };
        if r == 0 {
            return Ok(());
        }
        if r != libc::FNM_NOMATCH {
            return Err(Error::internal(FROM, format!("Malformed TLS whitelist regular expression '{p}'")));
        }
    }
    Err(sys_err(
        "Client's Distinguished Name is not on the list of allowed clients (tls_allowed_dn_list).  Use \
         'virt-pki-query-dn clientcert.pem' to view the Distinguished Name field in the client certificate, or run \
         this daemon with --verbose option.",
    ))
}

/// Whether `cert` is issued for `host` (a DNS name or an IP address).
pub fn matches_host(cert: &X509, host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(c_host) = CString::new(host) else { return false };
    // SAFETY: a valid X509 and a NUL-terminated string; no output pointer is requested.
    unsafe {
        if host.parse::<std::net::IpAddr>().is_ok() {
            openssl_sys::X509_check_ip_asc(cert.as_ptr(), c_host.as_ptr(), 0) == 1
        } else {
            openssl_sys::X509_check_host(cert.as_ptr(), c_host.as_ptr(), host.len(), 0, std::ptr::null_mut()) == 1
        }
    }
}

// ---- credentials -----------------------------------------------------------------------

/// One side's trust anchors, revocation lists and own certificate, loaded and checked.
#[derive(Clone, Default)]
pub struct Credentials {
    pub cas: Vec<X509>,
    pub crls: Vec<Arc<X509Crl>>,
    pub cert: Option<(X509, PKey<Private>)>,
    /// The certificates after our own in its file (intermediate CAs): sent with it, and
    /// used to check it against the CAs.
    pub chain: Vec<X509>,
    /// For libvirt's messages: where the CA list and the certificate came from.
    pub ca_name: String,
    pub cert_name: String,
    /// The CAs as a verification store, built once.
    pub store: Option<Arc<X509Store>>,
}

/// Loads `files` as libvirt does: the CA list must exist; the CRL only if present; the
/// certificate and key must exist on a server and may be absent on a client. With
/// `sanity`, checks the certificate and the CAs as libvirt's startup check does.
pub fn load_files(files: &PkiFiles, is_server: bool, sanity: bool) -> Result<Credentials> {
    let ca_name = files.cacert.display().to_string();
    let pem = read_pem(&files.cacert, "CA certificate")?;
    let cas = parse_certs(&pem).ok_or_else(|| sys_err(format!("Unable to import CA certificate list {ca_name}")))?;
    let mut crls = Vec::new();
    if files.cacrl.exists() {
        let pem = read_pem(&files.cacrl, "CA revocation list")?;
        crls = parse_crls(&pem).ok_or_else(|| {
            sys_err(format!("Unable to set x509 certificate revocation list: {}: Base64 decoding error.", files.cacrl.display()))
        })?;
    }
    let cert_name = files.cert.display().to_string();
    let mut cert = None;
    let mut chain = Vec::new();
    let have = files.cert.exists() && files.key.exists();
    if is_server || have {
        let cpem = read_pem(&files.cert, "certificate")?;
        let kpem = read_pem(&files.key, "private key")?;
        let side = if is_server { "server" } else { "client" };
        let mut all = parse_certs(&cpem).unwrap_or_default().into_iter();
        let c = all.next().ok_or_else(|| sys_err(format!("Unable to import {side} certificate {cert_name}")))?;
        chain = all.collect();
        let k = PKey::private_key_from_pem(&kpem).map_err(|_| {
            sys_err(format!("Unable to set x509 key and certificate: {}, {cert_name}: Base64 decoding error.", files.key.display()))
        })?;
        if !key_matches(&c, &k) {
            return Err(sys_err(format!(
                "Unable to set x509 key and certificate: {}, {cert_name}: The given key does not match the certificate",
                files.key.display()
            )));
        }
        cert = Some((c, k));
    }
    let store = build_store(&cas).map(Arc::new);
    let creds = Credentials { cas, crls, cert, chain, ca_name, cert_name, store };
    if sanity {
        creds.sanity(is_server)?;
    }
    Ok(creds)
}

fn key_matches(cert: &X509, key: &PKey<Private>) -> bool {
    cert.public_key().map(|p| p.public_eq(key)).unwrap_or(false)
}

impl Credentials {
    /// libvirt's sanity check of one's own certificate and CAs.
    pub fn sanity(&self, is_server: bool) -> Result<()> {
        if let Some((c, _)) = &self.cert {
            check_cert(c, &self.cert_name, is_server, false)?;
        }
        for ca in &self.cas {
            check_cert(ca, &self.ca_name, is_server, true)?;
        }
        if let Some((c, _)) = &self.cert {
            check_pair(c, &self.chain, &self.cert_name, &self.cas, &self.ca_name)?;
        }
        Ok(())
    }

    /// An SSL context for one side: its certificate and key, the protocols and algorithms
    /// of `priority` (a translated `tls_priority`; without one, OpenSSL's defaults from
    /// TLS 1.2 up), peer verification left to [`Credentials::check_peer`] after the
    /// handshake, as libvirt does.
    pub fn context(&self, is_server: bool, priority: Option<&Priority>) -> Result<SslContext> {
        let fail = |e: openssl::error::ErrorStack| sys_err(format!("Unable to initialize TLS context: {e}"));
        let method = if is_server { SslMethod::tls_server() } else { SslMethod::tls_client() };
        let mut b = SslContext::builder(method).map_err(fail)?;
        match priority {
            Some(p) => p.apply(&mut b, is_server)?,
            None => b.set_min_proto_version(Some(SslVersion::TLS1_2)).map_err(fail)?,
        }
        if let Some((c, k)) = &self.cert {
            b.set_certificate(c).map_err(fail)?;
            b.set_private_key(k).map_err(fail)?;
            for x in &self.chain {
                b.add_extra_chain_cert(x.clone()).map_err(fail)?;
            }
        }
        if is_server {
            // Ask for the client's certificate, accept whatever comes: the checks follow
            // the handshake, so a refused client learns it as libvirt's clients expect.
            b.set_verify_callback(SslVerifyMode::PEER, |_, _| true);
            b.set_session_id_context(b"libvirt-rs").map_err(fail)?;
            // No session tickets: libvirt's clients (gnutls) read the confirmation byte
            // with one record read, which a ticket arriving first would turn into EAGAIN.
            b.set_num_tickets(0).map_err(fail)?;
            b.set_options(openssl::ssl::SslOptions::NO_TICKET);
        } else {
            b.set_verify(SslVerifyMode::NONE);
        }
        Ok(b.build())
    }

    /// libvirt's checks of the peer's certificate after the handshake: the chain against
    /// the CAs and CRLs, the dates of each certificate, then of the peer's own: the DN
    /// allow-list (server side), the hostname (client side), constraints, usage, purpose.
    /// Returns the peer's DN.
    pub fn check_peer<S>(
        &self,
        ssl: &SslStream<S>,
        peer_is_server: bool,
        hostname: Option<&str>,
        dn_list: Option<&[String]>,
    ) -> Result<String> {
        let mut certs: Vec<X509> = Vec::new();
        let ssl = ssl.ssl();
        let leaf = ssl.peer_certificate().ok_or_else(|| sys_err("Unable to verify TLS peer: No certificate was found."))?;
        if let Some(chain) = ssl.peer_cert_chain() {
            for c in chain {
                let c = c.to_owned();
                if c.to_der().ok() != leaf.to_der().ok() {
                    certs.push(c);
                }
            }
        }
        verify_chain(self.store.as_deref(), &self.crls, &leaf, &certs)
            .map_err(|r| sys_err(format!("Certificate failed validation: {r}")))?;
        check_times(&leaf, "[session]", peer_is_server, false)?;
        for c in &certs {
            check_times(c, "[session]", peer_is_server, true)?;
        }
        let dn = dn_string(leaf.subject_name());
        if let Some(list) = dn_list {
            check_dn_allowed(&dn, list)?;
        }
        if let Some(h) = hostname {
            if !matches_host(&leaf, h) {
                return Err(Error::new(FROM, Code::VIR_ERR_RPC, format!("Certificate [session] owner does not match the hostname {h}")));
            }
        }
        check_basic_constraints(&leaf, "[session]", peer_is_server, false)?;
        check_key_usage(&leaf, "[session]", false)?;
        check_key_purpose(&leaf, "[session]", peer_is_server)?;
        Ok(dn)
    }
}

/// Lets a server pick OpenSSL's built-in Diffie-Hellman group sized to its key, for the
/// DHE suites a `tls_priority` asks for (libvirtd gives gnutls 2048-bit parameters).
pub fn set_dh_auto(b: &mut openssl::ssl::SslContextBuilder) -> std::result::Result<(), openssl::error::ErrorStack> {
    // SAFETY: `b` owns a valid SSL_CTX for the call; the control takes no pointer.
    let r = unsafe { openssl_sys::SSL_CTX_set_dh_auto(b.as_ptr(), 1) };
    if r == 1 {
        Ok(())
    } else {
        Err(openssl::error::ErrorStack::get())
    }
}

/// libvirt's words for a peer whose certificate failed the checks.
pub fn peer_refused() -> Error {
    Error::new(FROM, Code::VIR_ERR_AUTH_FAILED, "Failed to verify peer's certificate")
}

// ---- the project's extensions: PEM data and the validator ------------------------------

/// `virConnectCertType`: what a PEM given to `virConnectAddCertData` holds.
pub const CERT_CA_CERT: c_int = 0;
pub const CERT_CA_CRL: c_int = 1;
pub const CERT_CLIENT_KEY: c_int = 2;
pub const CERT_CLIENT_CERT: c_int = 3;
pub const CERT_TRUSTED_SERVER_CERT: c_int = 4;

/// The validator's answers.
pub const VALIDATOR_REJECT: c_int = 0;
pub const VALIDATOR_ACCEPT_ONCE: c_int = 1;
pub const VALIDATOR_ACCEPT_ALWAYS: c_int = 2;

/// `int cb(const char *hostname, const char *pem, int trusted)`.
pub type Validator = unsafe extern "C" fn(*const c_char, *const c_char, c_int) -> c_int;

/// PEM data the application gave: used by later TLS opens instead of the files of the
/// same kind.
#[derive(Clone, Default)]
struct CertData {
    cas: Vec<X509>,
    crls: Vec<Arc<X509Crl>>,
    key: Option<PKey<Private>>,
    cert: Option<X509>,
    trusted: Vec<X509>,
}

static CERT_DATA: Mutex<Option<CertData>> = Mutex::new(None);
/// Bumped at each change of the data: cached client contexts built before are stale.
static DATA_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static VALIDATOR: Mutex<Option<Validator>> = Mutex::new(None);

/// Name used in messages about PEM data given in memory.
pub const DATA_NAME: &str = "[data]";

/// Adds (or with `pem` None, forgets) PEM data of `kind`. Everything is parsed and
/// checked before anything is kept: a failure leaves the data as it was.
pub fn add_cert_data(kind: c_int, pem: Option<&[u8]>, name: &str) -> Result<()> {
    let mut guard = CERT_DATA.lock();
    let mut data = guard.clone().unwrap_or_default();
    let Some(pem) = pem else {
        match kind {
            CERT_CA_CERT => data.cas.clear(),
            CERT_CA_CRL => data.crls.clear(),
            CERT_CLIENT_KEY => data.key = None,
            CERT_CLIENT_CERT => data.cert = None,
            CERT_TRUSTED_SERVER_CERT => data.trusted.clear(),
            _ => return Err(bad_kind(kind)),
        }
        *guard = Some(data);
        DATA_GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        return Ok(());
    };
    match kind {
        CERT_CA_CERT => {
            let cas = parse_certs(pem).ok_or_else(|| sys_err(format!("Unable to import CA certificate list {name}")))?;
            for ca in &cas {
                check_cert(ca, name, false, true)?;
            }
            data.cas.extend(cas);
        }
        CERT_CA_CRL => {
            let crls = parse_crls(pem)
                .ok_or_else(|| sys_err(format!("Unable to import certificate revocation list {name}")))?;
            data.crls.extend(crls);
        }
        CERT_CLIENT_KEY => {
            let key = PKey::private_key_from_pem(pem).map_err(|_| sys_err(format!("Unable to import private key {name}")))?;
            if let Some(c) = &data.cert {
                if !key_matches(c, &key) {
                    return Err(sys_err(format!("The private key {name} does not match the client certificate")));
                }
            }
            data.key = Some(key);
        }
        CERT_CLIENT_CERT => {
            let mut certs =
                parse_certs(pem).ok_or_else(|| sys_err(format!("Unable to import client certificate {name}")))?;
            let cert = certs.remove(0);
            check_cert(&cert, name, false, false)?;
            if let Some(k) = &data.key {
                if !key_matches(&cert, k) {
                    return Err(sys_err(format!("The client certificate {name} does not match the private key")));
                }
            }
            data.cert = Some(cert);
        }
        CERT_TRUSTED_SERVER_CERT => {
            let certs = parse_certs(pem).ok_or_else(|| sys_err(format!("Unable to import server certificate {name}")))?;
            data.trusted.extend(certs);
        }
        _ => return Err(bad_kind(kind)),
    }
    *guard = Some(data);
    DATA_GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

fn bad_kind(kind: c_int) -> Error {
    Error::invalid_arg(Domain::VIR_FROM_DOMAIN, format!("unknown certificate data type {kind}"))
}

pub fn set_validator(v: Option<Validator>) {
    *VALIDATOR.lock() = v;
}

/// Where servers accepted permanently through the validator are kept.
pub fn trusted_store() -> PathBuf {
    user_pki_dir().join("trusted-servers.pem")
}

fn is_trusted(cert: &X509, extra: &[X509]) -> bool {
    let Ok(der) = cert.to_der() else { return false };
    let from_file = std::fs::read(trusted_store()).ok().and_then(|p| X509::stack_from_pem(&p).ok()).unwrap_or_default();
    extra.iter().chain(from_file.iter()).any(|c| c.to_der().ok().as_deref() == Some(&der[..]))
}

fn remember(host: &str, pem: &[u8]) -> Result<()> {
    let path = trusted_store();
    let fail = |e: std::io::Error| Error::system(FROM, &format!("Cannot write the trusted certificate store '{}'", path.display()), &e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(fail)?;
    let host: String = host.chars().filter(|c| !c.is_control()).collect();
    f.write_all(format!("# {host}\n").as_bytes()).and_then(|_| f.write_all(pem)).map_err(fail)
}

/// Asks the application's validator about the server's certificate, once the checks passed.
fn ask_validator(host: &str, leaf: &X509, trusted_data: &[X509]) -> Result<()> {
    let Some(cb) = *VALIDATOR.lock() else { return Ok(()) };
    let pem = leaf.to_pem().map_err(|e| Error::internal(FROM, format!("cannot encode the server certificate: {e}")))?;
    let trusted = is_trusted(leaf, trusted_data);
    let c_host = CString::new(host).map_err(|_| Error::internal(FROM, "host name contains a NUL byte"))?;
    let c_pem = CString::new(pem.clone()).map_err(|_| Error::internal(FROM, "certificate contains a NUL byte"))?;
    // SAFETY: the application registered `cb` with this signature; both strings live for
    // the call, and the callback must not keep them (documented in the header).
    let answer = unsafe { cb(c_host.as_ptr(), c_pem.as_ptr(), trusted as c_int) };
    match answer {
        VALIDATOR_ACCEPT_ONCE => Ok(()),
        VALIDATOR_ACCEPT_ALWAYS => {
            if !trusted {
                remember(host, &pem)?;
            }
            Ok(())
        }
        _ => Err(Error::new(
            FROM,
            Code::VIR_ERR_AUTH_FAILED,
            format!("the certificate validator rejected the certificate of server '{host}'"),
        )),
    }
}

// ---- the client --------------------------------------------------------------------------

/// What a cached client context was built from: the files (with their sizes and times),
/// the data generation, the `tls_priority=` string, and when (checks of dates are redone
/// at least every minute).
#[derive(PartialEq)]
struct CacheKey {
    files: PkiFiles,
    priority: Option<String>,
    stamps: Vec<Option<(u64, std::time::SystemTime)>>,
    generation: u64,
}

type CachedClient = (CacheKey, std::time::Instant, ClientTls);

/// The last client context built: building one (and OpenSSL's SSL_CTX) costs more than
/// the handshake itself, and an application opens the same way again and again.
static CLIENT_CACHE: Mutex<Option<CachedClient>> = Mutex::new(None);
const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(60);

fn cache_key(files: PkiFiles, priority: Option<&str>) -> CacheKey {
    let stamp = |p: &Path| std::fs::metadata(p).ok().and_then(|m| Some((m.len(), m.modified().ok()?)));
    let stamps = vec![stamp(&files.cacert), stamp(&files.cacrl), stamp(&files.cert), stamp(&files.key)];
    CacheKey { files, priority: priority.map(str::to_string), stamps, generation: DATA_GENERATION.load(std::sync::atomic::Ordering::SeqCst) }
}

type ClientTls = Arc<(Credentials, Vec<X509>, SslContext)>;

/// The client's credentials and SSL context for an open, from the cache when nothing
/// they were built from changed. The outer error is the credentials' (libvirt reports it
/// before connecting); the inner one a `tls_priority=` that cannot be honoured, which
/// libvirt's client reports once connected, when it sets up its session.
fn client_tls(pkipath: Option<&str>, priority: Option<&str>) -> Result<Result<ClientTls>> {
    let files = locate(pkipath.map(Path::new), crate::sys::euid() != 0, false);
    let key = cache_key(files.clone(), priority);
    if let Some((k, at, v)) = &*CLIENT_CACHE.lock() {
        if *k == key && at.elapsed() < CACHE_FOR {
            return Ok(Ok(v.clone()));
        }
    }
    let (creds, trusted) = client_credentials(files)?;
    let translated = match priority.map(super::tls_priority::parse).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let ctx = match creds.context(false, translated.as_ref()) {
        Ok(c) => c,
        Err(e) if translated.is_some() => return Ok(Err(e)),
        Err(e) => return Err(e),
    };
    let v = Arc::new((creds, trusted, ctx));
    *CLIENT_CACHE.lock() = Some((key, std::time::Instant::now(), v.clone()));
    Ok(Ok(v))
}

/// The client's credentials for an open: the application's PEM data where given, else
/// libvirt's files (`pkipath=`, `~/.pki/libvirt` when not root, the system's).
fn client_credentials(files: PkiFiles) -> Result<(Credentials, Vec<X509>)> {
    let data = CERT_DATA.lock().clone().unwrap_or_default();
    let mut creds = Credentials::default();
    if data.cas.is_empty() {
        let pem = read_pem(&files.cacert, "CA certificate")?;
        creds.ca_name = files.cacert.display().to_string();
        creds.cas = parse_certs(&pem).ok_or_else(|| sys_err(format!("Unable to import CA certificate list {}", creds.ca_name)))?;
    } else {
        creds.cas = data.cas.clone();
        creds.ca_name = DATA_NAME.into();
    }
    if !data.crls.is_empty() {
        creds.crls = data.crls.clone();
    } else if files.cacrl.exists() {
        let pem = read_pem(&files.cacrl, "CA revocation list")?;
        creds.crls = parse_crls(&pem).ok_or_else(|| {
            sys_err(format!("Unable to set x509 certificate revocation list: {}: Base64 decoding error.", files.cacrl.display()))
        })?;
    }
    match (&data.cert, &data.key) {
        (Some(c), Some(k)) => {
            creds.cert = Some((c.clone(), k.clone()));
            creds.cert_name = DATA_NAME.into();
        }
        _ => {
            if files.cert.exists() && files.key.exists() {
                let own = load_files(&PkiFiles { cacrl: PathBuf::from("/nonexistent"), ..files.clone() }, false, false)?;
                creds.cert = own.cert;
                creds.cert_name = own.cert_name;
            }
        }
    }
    creds.store = build_store(&creds.cas).map(Arc::new);
    creds.sanity(false)?;
    Ok((creds, data.trusted))
}

/// Opens a TLS connection to `host:port` for `uri`, with libvirt's checks and its
/// confirmation byte, and hands back the plain side of the pump as the stream.
pub fn connect(host: &str, port: u16, uri: &Uri) -> Result<Stream> {
    connect_with_ssf(host, port, uri).map(|(s, _)| s)
}

/// [`connect`], and the session's key size in bits (what SASL inside TLS is told).
pub fn connect_with_ssf(host: &str, port: u16, uri: &Uri) -> Result<(Stream, u32)> {
    let no_verify = uri.param("no_verify").map(|v| v.trim().parse::<i64>().unwrap_or(0) != 0).unwrap_or(false);
    let tls = client_tls(uri.param("pkipath"), uri.param("tls_priority"))?;
    let tcp = TcpStream::connect((host.trim_start_matches('[').trim_end_matches(']'), port))
        .map_err(|e| Error::system(FROM, &format!("unable to connect to server at '{host}:{port}'"), &e))?;
    let tls = tls?;
    let (creds, trusted, ctx) = (&tls.0, &tls.1, &tls.2);
    let _ = tcp.set_nodelay(true);
    let mut ssl = Ssl::new(ctx).map_err(|e| sys_err(format!("Failed to initialize TLS session: {e}")))?;
    if host.parse::<std::net::IpAddr>().is_err() && !host.starts_with('[') {
        let _ = ssl.set_hostname(host);
    }
    let mut stream = match ssl.connect(tcp) {
        Ok(s) => s,
        Err(HandshakeError::Failure(m)) => return Err(handshake_failed(&gnutls_words(m.error()))),
        Err(HandshakeError::SetupFailure(e)) => return Err(handshake_failed(&e.to_string())),
        Err(HandshakeError::WouldBlock(_)) => return Err(handshake_failed("interrupted")),
    };
    match creds.check_peer(&stream, true, Some(host), None) {
        Ok(_) => {
            if let Some(leaf) = stream.ssl().peer_certificate() {
                ask_validator(host, &leaf, trusted)?;
            }
        }
        Err(e) => {
            eprintln!("libvirt: warning : Certificate check failed {}", e.message);
            if !no_verify {
                return Err(peer_refused());
            }
        }
    }
    // The server now checks our certificate; one byte 1 says it is content.
    let mut byte = [0u8; 1];
    let got = loop {
        match stream.ssl_read(&mut byte) {
            Ok(n) => break n,
            Err(e) if e.code() == ErrorCode::ZERO_RETURN => break 0,
            Err(e) if e.code() == ErrorCode::WANT_READ => continue,
            Err(_) => {
                return Err(Error::system(FROM, "Unable to read TLS confirmation", &std::io::Error::from_raw_os_error(libc::EIO)))
            }
        }
    };
    if got != 1 || byte[0] != 1 {
        return Err(Error::new(FROM, Code::VIR_ERR_RPC, "server verification (of our certificate or IP address) failed"));
    }
    let bits = stream.ssl().current_cipher().map_or(0, |c| c.bits().secret) as u32;
    let local = super::tls_pump::spawn(stream, "tls-client")
        .map_err(|e| Error::system(FROM, "cannot start the TLS pump", &e))?;
    Ok((Stream::Unix(local), bits))
}

/// A failed handshake in the words gnutls gives libvirt's client for the same event,
/// where there is one: the peer closing, resetting, or sending a fatal alert (as a daemon
/// whose `tls_priority` leaves nothing in common does); OpenSSL's words otherwise.
fn gnutls_words(e: &openssl::ssl::Error) -> String {
    let eof = "The TLS connection was non-properly terminated.";
    if let Some(io) = e.io_error() {
        return match io.kind() {
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe => "Error in the pull function.".into(),
            std::io::ErrorKind::UnexpectedEof => eof.into(),
            _ => e.to_string(),
        };
    }
    if e.code() == ErrorCode::SYSCALL && e.ssl_error().is_none() {
        return eof.into();
    }
    if let Some(stack) = e.ssl_error() {
        for r in stack.errors().iter().filter_map(|x| x.reason()) {
            if r.contains(" alert ") {
                return "A TLS fatal alert has been received.".into();
            }
            if r == "unexpected eof while reading" {
                return eof.into();
            }
        }
    }
    e.to_string()
}

fn handshake_failed(why: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_AUTH_FAILED, format!("TLS handshake failed {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_like_libvirt() {
        let f = locate(Some(Path::new("/p")), true, false);
        assert_eq!(f.cacert, PathBuf::from("/p/cacert.pem"));
        assert_eq!(f.key, PathBuf::from("/p/clientkey.pem"));
        let s = locate(None, false, true);
        assert_eq!(s.cert, PathBuf::from(SYSTEM_SERVERCERT));
        assert_eq!(s.cacrl, PathBuf::from(SYSTEM_CACRL));
    }

    #[test]
    fn dn_allow_list_uses_wildcards() {
        let list = vec!["C=GB,O=Example,CN=*".to_string()];
        assert!(check_dn_allowed("C=GB,O=Example,CN=client1", &list).is_ok());
        let e = check_dn_allowed("C=GB,O=Other,CN=client1", &list).unwrap_err();
        assert!(e.message.contains("tls_allowed_dn_list"), "{}", e.message);
    }

    #[test]
    fn bad_pem_is_refused_and_nothing_kept() {
        assert!(add_cert_data(CERT_CA_CERT, Some(b"not a certificate"), DATA_NAME).is_err());
        assert!(add_cert_data(CERT_CA_CRL, Some(b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"), DATA_NAME).is_err());
        assert!(add_cert_data(CERT_CLIENT_KEY, Some(b"junk"), DATA_NAME).is_err());
        assert!(add_cert_data(9, Some(b""), DATA_NAME).is_err());
        let d = CERT_DATA.lock().clone().unwrap_or_default();
        assert!(d.cas.is_empty() && d.crls.is_empty() && d.key.is_none());
    }

    #[test]
    fn finds_pem_blocks() {
        let text = b"x\n-----BEGIN X509 CRL-----\nA\n-----END X509 CRL-----\ny-----BEGIN X509 CRL-----\nB\n-----END X509 CRL-----";
        assert_eq!(pem_blocks(text, "X509 CRL").len(), 2);
    }
}
