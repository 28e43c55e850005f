//! GnuTLS priority strings (`tls_priority` in libvirtd.conf, `tls_priority=` in a client
//! URI) translated into OpenSSL settings, for both sides of the TLS transport.
//!
//! libvirt hands the string to `gnutls_priority_set_direct` for each session; we parse it
//! once into the same lists gnutls keeps (versions, ciphers, key exchanges, MACs, groups,
//! flags) and turn those into OpenSSL's: the protocol range, the TLS 1.2 cipher list, the
//! TLS 1.3 cipher suites, the groups and a few options. What we cannot translate
//! faithfully is refused, never ignored:
//!
//! - TLS 1.0 and 1.1 (and SSL 3.0) are never offered: a keyword's implicit 1.0/1.1 are
//!   dropped, naming one with `+` is refused;
//! - keywords whose meaning includes certificate profiles (SECURE192, SECURE256,
//!   SUITEB128, SUITEB192) and `%PROFILE_*` / `%VERIFY_*` flags are refused;
//! - algorithms gnutls knows and this translation does not (CAMELLIA, 3DES, PSK, ...)
//!   are refused when added and need nothing when removed;
//! - `@KEYWORD[,KEYWORD...]` is looked up in gnutls's system file
//!   (`$GNUTLS_SYSTEM_PRIORITY_FILE`, else `/etc/gnutls/config`, section `[priorities]`),
//!   first match wins, the rest of the string appended, as gnutls does; no match is
//!   gnutls's (and so libvirt's) "The request is invalid.".
//!
//! Errors are libvirt's: "Failed to set TLS session priority to %s: %s" with gnutls's
//! reason where gnutls has one (VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC).

#![forbid(unsafe_code)]

use openssl::ssl::{SslContextBuilder, SslOptions, SslVersion};

use crate::error::{Code, Error, Result};

/// gnutls_strerror(GNUTLS_E_INVALID_REQUEST): a token gnutls does not know.
const INVALID: &str = "The request is invalid.";
/// gnutls_strerror(GNUTLS_E_NO_PRIORITIES_WERE_SET): a list left empty.
const NOTHING_LEFT: &str = "No or insufficient priorities were set.";
const SYSTEM_FILE: &str = "/etc/gnutls/config";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cipher {
    Aes256Gcm,
    Chacha20,
    Aes256Ccm,
    Aes256Cbc,
    Aes128Gcm,
    Aes128Ccm,
    Aes128Cbc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kx {
    EcdheEcdsa,
    EcdheRsa,
    Rsa,
    DheRsa,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mac {
    Sha1,
    Aead,
    Sha256,
    Sha384,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    Secp256r1,
    Secp384r1,
    Secp521r1,
    X25519,
    X448,
    Ffdhe2048,
    Ffdhe3072,
    Ffdhe4096,
    Ffdhe6144,
    Ffdhe8192,
}

use Cipher::*;
use Group::*;
use Kx::*;
use Mac::*;

const CIPHERS: &[(&str, Cipher)] = &[
    ("AES-256-GCM", Aes256Gcm),
    ("CHACHA20-POLY1305", Chacha20),
    ("AES-256-CCM", Aes256Ccm),
    ("AES-256-CBC", Aes256Cbc),
    ("AES-128-GCM", Aes128Gcm),
    ("AES-128-CCM", Aes128Ccm),
    ("AES-128-CBC", Aes128Cbc),
];
const KXS: &[(&str, Kx)] = &[("ECDHE-ECDSA", EcdheEcdsa), ("ECDHE-RSA", EcdheRsa), ("RSA", Rsa), ("DHE-RSA", DheRsa)];
const MACS: &[(&str, Mac)] = &[("SHA1", Sha1), ("AEAD", Aead), ("SHA256", Sha256), ("SHA384", Sha384)];
/// gnutls's names (GROUP-x, and the older CURVE-x for the elliptic ones) and OpenSSL's.
const GROUPS: &[(&str, Group, &str)] = &[
    ("SECP256R1", Secp256r1, "P-256"),
    ("SECP384R1", Secp384r1, "P-384"),
    ("SECP521R1", Secp521r1, "P-521"),
    ("X25519", X25519, "X25519"),
    ("X448", X448, "X448"),
    ("FFDHE2048", Ffdhe2048, "ffdhe2048"),
    ("FFDHE3072", Ffdhe3072, "ffdhe3072"),
    ("FFDHE4096", Ffdhe4096, "ffdhe4096"),
    ("FFDHE6144", Ffdhe6144, "ffdhe6144"),
    ("FFDHE8192", Ffdhe8192, "ffdhe8192"),
];

/// gnutls's TLS 1.2 suites over the algorithms above, with OpenSSL's names.
const SUITES_12: &[(Kx, Cipher, Mac, &str)] = &[
    (EcdheEcdsa, Aes256Gcm, Aead, "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (EcdheEcdsa, Chacha20, Aead, "ECDHE-ECDSA-CHACHA20-POLY1305"),
    (EcdheEcdsa, Aes256Ccm, Aead, "ECDHE-ECDSA-AES256-CCM"),
    (EcdheEcdsa, Aes256Cbc, Sha1, "ECDHE-ECDSA-AES256-SHA"),
    (EcdheEcdsa, Aes256Cbc, Sha384, "ECDHE-ECDSA-AES256-SHA384"),
    (EcdheEcdsa, Aes128Gcm, Aead, "ECDHE-ECDSA-AES128-GCM-SHA256"),
    (EcdheEcdsa, Aes128Ccm, Aead, "ECDHE-ECDSA-AES128-CCM"),
    (EcdheEcdsa, Aes128Cbc, Sha1, "ECDHE-ECDSA-AES128-SHA"),
    (EcdheEcdsa, Aes128Cbc, Sha256, "ECDHE-ECDSA-AES128-SHA256"),
    (EcdheRsa, Aes256Gcm, Aead, "ECDHE-RSA-AES256-GCM-SHA384"),
    (EcdheRsa, Chacha20, Aead, "ECDHE-RSA-CHACHA20-POLY1305"),
    (EcdheRsa, Aes256Cbc, Sha1, "ECDHE-RSA-AES256-SHA"),
    (EcdheRsa, Aes256Cbc, Sha384, "ECDHE-RSA-AES256-SHA384"),
    (EcdheRsa, Aes128Gcm, Aead, "ECDHE-RSA-AES128-GCM-SHA256"),
    (EcdheRsa, Aes128Cbc, Sha1, "ECDHE-RSA-AES128-SHA"),
    (EcdheRsa, Aes128Cbc, Sha256, "ECDHE-RSA-AES128-SHA256"),
    (Rsa, Aes256Gcm, Aead, "AES256-GCM-SHA384"),
    (Rsa, Aes256Ccm, Aead, "AES256-CCM"),
    (Rsa, Aes256Cbc, Sha1, "AES256-SHA"),
    (Rsa, Aes256Cbc, Sha256, "AES256-SHA256"),
    (Rsa, Aes128Gcm, Aead, "AES128-GCM-SHA256"),
    (Rsa, Aes128Ccm, Aead, "AES128-CCM"),
    (Rsa, Aes128Cbc, Sha1, "AES128-SHA"),
    (Rsa, Aes128Cbc, Sha256, "AES128-SHA256"),
    (DheRsa, Aes256Gcm, Aead, "DHE-RSA-AES256-GCM-SHA384"),
    (DheRsa, Chacha20, Aead, "DHE-RSA-CHACHA20-POLY1305"),
    (DheRsa, Aes256Ccm, Aead, "DHE-RSA-AES256-CCM"),
    (DheRsa, Aes256Cbc, Sha1, "DHE-RSA-AES256-SHA"),
    (DheRsa, Aes256Cbc, Sha256, "DHE-RSA-AES256-SHA256"),
    (DheRsa, Aes128Gcm, Aead, "DHE-RSA-AES128-GCM-SHA256"),
    (DheRsa, Aes128Ccm, Aead, "DHE-RSA-AES128-CCM"),
    (DheRsa, Aes128Cbc, Sha1, "DHE-RSA-AES128-SHA"),
    (DheRsa, Aes128Cbc, Sha256, "DHE-RSA-AES128-SHA256"),
];

/// TLS 1.3 suites: a cipher (with the AEAD "MAC", as gnutls counts them).
const SUITES_13: &[(Cipher, &str)] = &[
    (Aes256Gcm, "TLS_AES_256_GCM_SHA384"),
    (Chacha20, "TLS_CHACHA20_POLY1305_SHA256"),
    (Aes128Gcm, "TLS_AES_128_GCM_SHA256"),
    (Aes128Ccm, "TLS_AES_128_CCM_SHA256"),
];

/// Names gnutls 3.7 knows that this translation does not carry: adding one is refused,
/// removing one needs nothing.
const KNOWN_UNTRANSLATED: &[&str] = &[
    "AES-192-GCM", "AES-192-CBC", "AES-128-CCM-8", "AES-256-CCM-8", "CAMELLIA-128-GCM", "CAMELLIA-256-GCM",
    "CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC", "3DES-CBC", "ARCFOUR-128", "ARCFOUR-40", "RC2-40",
    "DES-CBC", "NULL", "GOST28147-TC26Z-CNT", "MAGMA-CTR-ACPKM", "KUZNYECHIK-CTR-ACPKM", "CIPHER-GOST-ALL",
    "MD5", "SHA224", "SHA512", "UMAC-96", "UMAC-128", "GOST28147-TC26Z-IMIT", "MAC-GOST-ALL", "DHE-DSS", "ANON-DH",
    "ANON-ECDH", "PSK", "DHE-PSK", "ECDHE-PSK", "RSA-PSK", "SRP", "SRP-RSA", "SRP-DSS", "VKO-GOST-12", "KX-GOST-ALL",
    "RSA-EXPORT", "GROUP-SECP192R1", "GROUP-SECP224R1", "CURVE-SECP192R1", "CURVE-SECP224R1",
    "GROUP-GC256B", "GROUP-GC512A", "GROUP-GOST-ALL", "COMP-DEFLATE", "COMP-LZS",
];

/// `%FLAG`s: honoured (SERVER_PRECEDENCE, NO_TICKETS), without effect here (the rest of
/// this list; each says why), or refused (any other flag gnutls knows).
const HARMLESS_FLAGS: &[&str] = &[
    // Interoperability relaxations OpenSSL has by default or which concern peers older
    // than TLS 1.2.
    "COMPAT",
    "DUMBFW",
    "ALLOW_SMALL_RECORDS",
    "NO_SHUFFLE_EXTENSIONS",
    "NEW_PADDING",
    // The record-layer version field and compression, gone with TLS 1.2's peers.
    "SSL3_RECORD_VERSION",
    "LATEST_RECORD_VERSION",
    "STATELESS_COMPRESSION",
    // The daemon issues no tickets and the client keeps no sessions.
    "NO_TICKETS_TLS12",
    // OpenSSL 3 requires secure renegotiation (RFC 5746), which all TLS 1.2 peers have.
    "SAFE_RENEGOTIATION",
    "PARTIAL_RENEGOTIATION",
    // Neither side asks for OCSP stapling.
    "NO_STATUS_REQUEST",
];
const REFUSED_FLAGS: &[&str] = &[
    "NO_EXTENSIONS",
    "NO_SESSION_HASH",
    "FORCE_ETM",
    "NO_ETM",
    "UNSAFE_RENEGOTIATION",
    "DISABLE_SAFE_RENEGOTIATION",
    "FALLBACK_SCSV",
    "DISABLE_WILDCARDS",
    "DEBUG_ALLOW_KEY_USAGE_VIOLATIONS",
    "VERIFY_ALLOW_BROKEN",
    "VERIFY_ALLOW_SIGN_WITH_SHA1",
    "VERIFY_ALLOW_SIGN_RSA_MD5",
    "VERIFY_ALLOW_SIGN_RSA_MD2",
    "VERIFY_ALLOW_X509_V1_CA_CRT",
    "VERIFY_DISABLE_CRL_CHECKS",
    "VERIFY_DO_NOT_ALLOW_X509_V1_CA_CRT",
    "VERIFY_DO_NOT_ALLOW_SAME",
    "PROFILE_VERY_WEAK",
    "PROFILE_LOW",
    "PROFILE_LEGACY",
    "PROFILE_MEDIUM",
    "PROFILE_HIGH",
    "PROFILE_ULTRA",
    "PROFILE_FUTURE",
    "PROFILE_SUITEB128",
    "PROFILE_SUITEB192",
];

/// The versions gnutls keeps, as far as they matter to a stream transport.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Versions {
    tls10: bool,
    tls11: bool,
    tls12: bool,
    tls13: bool,
}

/// A parsed priority string: gnutls's lists, in gnutls's order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Lists {
    versions: Versions,
    ciphers: Vec<Cipher>,
    kx: Vec<Kx>,
    macs: Vec<Mac>,
    groups: Vec<Group>,
    server_precedence: bool,
    no_tickets: bool,
}

/// What a priority string means for OpenSSL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priority {
    /// The string as given, for messages.
    pub text: String,
    min: SslVersion,
    max: SslVersion,
    /// TLS 1.2 suites (OpenSSL names, ':'-separated), empty when TLS 1.2 is off.
    cipher_list: String,
    /// TLS 1.3 suites, empty when TLS 1.3 is off.
    ciphersuites: String,
    groups: String,
    server_precedence: bool,
    no_tickets: bool,
    dhe: bool,
}

fn refuse(text: &str, why: &str) -> Error {
    Error::new(super::tls::FROM, Code::VIR_ERR_SYSTEM_ERROR, format!("Failed to set TLS session priority to {text}: {why}"))
}

fn cant(text: &str, token: &str, why: &str) -> Error {
    refuse(text, &format!("'{token}' cannot be honoured here ({why})"))
}

/// The lists of a gnutls keyword (as `gnutls-cli --priority KW --list` shows them for
/// gnutls 3.7), None for a word that is not one.
fn keyword(text: &str, word: &str) -> Result<Option<Lists>> {
    let all_versions = Versions { tls10: true, tls11: true, tls12: true, tls13: true };
    let groups = vec![Secp256r1, Secp384r1, Secp521r1, X25519, X448, Ffdhe2048, Ffdhe3072, Ffdhe4096, Ffdhe6144, Ffdhe8192];
    let normal = Lists {
        versions: all_versions,
        ciphers: vec![Aes256Gcm, Chacha20, Aes256Ccm, Aes256Cbc, Aes128Gcm, Aes128Ccm, Aes128Cbc],
        kx: vec![EcdheEcdsa, EcdheRsa, Rsa, DheRsa],
        macs: vec![Sha1, Aead],
        groups,
        server_precedence: false,
        no_tickets: false,
    };
    Ok(Some(match word.to_ascii_uppercase().as_str() {
        // LEGACY differs from NORMAL in the certificates gnutls accepts (older signature
        // algorithms, smaller keys); ours are checked as for NORMAL.
        "NORMAL" | "LEGACY" => normal,
        "PERFORMANCE" => Lists {
            ciphers: vec![Aes128Gcm, Aes256Gcm, Chacha20, Aes128Ccm, Aes256Ccm, Aes128Cbc, Aes256Cbc],
            kx: vec![Rsa, EcdheEcdsa, EcdheRsa, DheRsa],
            ..normal
        },
        "SECURE128" | "SECURE" => Lists {
            ciphers: vec![Aes256Gcm, Chacha20, Aes256Cbc, Aes256Ccm, Aes128Gcm, Aes128Cbc, Aes128Ccm],
            ..normal
        },
        "PFS" => Lists { kx: vec![EcdheEcdsa, EcdheRsa, DheRsa], ..normal },
        "NONE" => Lists {
            versions: Versions::default(),
            ciphers: vec![],
            kx: vec![],
            macs: vec![],
            groups: vec![],
            server_precedence: false,
            no_tickets: false,
        },
        w @ ("SECURE192" | "SECURE256" | "SUITEB128" | "SUITEB192") => {
            return Err(cant(text, w, "it sets a certificate profile this implementation does not enforce"))
        }
        _ => return Ok(None),
    }))
}

/// `@KW1,KW2[:rest]`: the first keyword defined in gnutls's system file, with the rest.
fn resolve_system(text: &str) -> Result<String> {
    let body = &text[1..];
    let (names, rest) = match body.split_once(':') {
        Some((n, r)) => (n, Some(r)),
        None => (body, None),
    };
    let path = std::env::var_os("GNUTLS_SYSTEM_PRIORITY_FILE").unwrap_or_else(|| SYSTEM_FILE.into());
    let config = std::fs::read_to_string(path).unwrap_or_default();
    let mut section = String::new();
    let mut defined: Vec<(String, String)> = Vec::new();
    for line in config.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.trim().to_ascii_lowercase();
        } else if section == "priorities" {
            if let Some((k, v)) = line.split_once('=') {
                defined.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
    }
    for name in names.split(',') {
        if let Some((_, v)) = defined.iter().find(|(k, _)| k.eq_ignore_ascii_case(name.trim())) {
            return Ok(match rest {
                Some(r) => format!("{v}:{r}"),
                None => v.clone(),
            });
        }
    }
    Err(refuse(text, INVALID))
}

fn add<T: PartialEq + Copy>(list: &mut Vec<T>, items: &[T]) {
    for i in items {
        if !list.contains(i) {
            list.push(*i);
        }
    }
}

fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, t)| *t)
}

/// Parses `text` as gnutls does and translates it; errors in libvirt's words.
pub fn parse(text: &str) -> Result<Priority> {
    let resolved = if text.starts_with('@') { resolve_system(text)? } else { text.to_string() };
    let lists = parse_lists(text, &resolved)?;
    translate(text, &lists)
}

fn parse_lists(text: &str, resolved: &str) -> Result<Lists> {
    let invalid = || refuse(text, INVALID);
    let mut tokens = resolved.split(':');
    let first = tokens.next().unwrap_or("").trim_start();
    let mut l = match keyword(text, first)? {
        Some(l) => l,
        // gnutls starts from nothing when the first element is not a keyword.
        None if first.starts_with(['+', '-', '!', '%']) => {
            keyword(text, "NONE")?.ok_or_else(invalid)?
        }
        None => return Err(invalid()),
    };
    let rest: Vec<&str> = if keyword(text, first)?.is_some() { tokens.collect() } else { resolved.split(':').collect() };
    for tok in rest {
        if let Some(flag) = tok.strip_prefix('%') {
            match flag {
                "SERVER_PRECEDENCE" => l.server_precedence = true,
                "NO_TICKETS" => l.no_tickets = true,
                f if HARMLESS_FLAGS.contains(&f) => {}
                f if REFUSED_FLAGS.contains(&f) => return Err(cant(text, tok, "OpenSSL is configured differently")),
                _ => return Err(invalid()),
            }
            continue;
        }
        let (adding, name) = match tok.as_bytes().first() {
            Some(b'+') => (true, &tok[1..]),
            Some(b'-') | Some(b'!') => (false, &tok[1..]),
            _ => match keyword(text, tok)? {
                Some(k) => {
                    l = k;
                    continue;
                }
                None => return Err(invalid()),
            },
        };
        let up = name.to_ascii_uppercase();
        let v = &mut l.versions;
        match up.as_str() {
            "VERS-TLS1.3" => v.tls13 = adding,
            "VERS-TLS1.2" => v.tls12 = adding,
            "VERS-TLS1.1" | "VERS-TLS1.0" | "VERS-SSL3.0" if adding => {
                return Err(cant(text, tok, "only TLS 1.2 and 1.3 are offered"))
            }
            "VERS-TLS1.1" => v.tls11 = false,
            "VERS-TLS1.0" => v.tls10 = false,
            "VERS-SSL3.0" => {}
            "VERS-TLS-ALL" | "VERS-ALL" => *v = Versions { tls10: adding, tls11: adding, tls12: adding, tls13: adding },
            // Datagram TLS does not apply to a stream.
            "VERS-DTLS0.9" | "VERS-DTLS1.0" | "VERS-DTLS1.2" | "VERS-DTLS-ALL" => {}
            "CIPHER-ALL" => {
                if adding {
                    add(&mut l.ciphers, &CIPHERS.iter().map(|c| c.1).collect::<Vec<_>>())
                } else {
                    l.ciphers.clear()
                }
            }
            "KX-ALL" => {
                if adding {
                    add(&mut l.kx, &KXS.iter().map(|c| c.1).collect::<Vec<_>>())
                } else {
                    l.kx.clear()
                }
            }
            "MAC-ALL" => {
                if adding {
                    add(&mut l.macs, &MACS.iter().map(|c| c.1).collect::<Vec<_>>())
                } else {
                    l.macs.clear()
                }
            }
            "GROUP-ALL" | "CURVE-ALL" | "GROUP-EC-ALL" | "GROUP-DH-ALL" => {
                let ec = |g: &Group| matches!(g, Secp256r1 | Secp384r1 | Secp521r1 | X25519 | X448);
                let keep = |g: &Group| match up.as_str() {
                    "GROUP-EC-ALL" | "CURVE-ALL" => ec(g),
                    "GROUP-DH-ALL" => !ec(g),
                    _ => true,
                };
                if adding {
                    add(&mut l.groups, &GROUPS.iter().map(|g| g.1).filter(keep).collect::<Vec<_>>())
                } else {
                    l.groups.retain(|g| !keep(g))
                }
            }
            // Signature algorithms, certificate types and compression: OpenSSL's defaults
            // are gnutls's full sets; only narrowing them would need translating.
            "SIGN-ALL" | "CTYPE-ALL" | "CTYPE-X509" | "COMP-ALL" | "COMP-NULL" | "COMP-NONE" if adding => {}
            n if n.starts_with("SIGN-") || n.starts_with("CTYPE-") => {
                return Err(cant(text, tok, "signature algorithms and certificate types are OpenSSL's defaults"))
            }
            n => {
                if let Some(c) = lookup(CIPHERS, n) {
                    if adding { add(&mut l.ciphers, &[c]) } else { l.ciphers.retain(|x| *x != c) }
                } else if let Some(k) = lookup(KXS, n) {
                    if adding { add(&mut l.kx, &[k]) } else { l.kx.retain(|x| *x != k) }
                } else if let Some(m) = lookup(MACS, n) {
                    if adding { add(&mut l.macs, &[m]) } else { l.macs.retain(|x| *x != m) }
                } else if let Some(g) = n.strip_prefix("GROUP-").or_else(|| n.strip_prefix("CURVE-")).and_then(|g| {
                    GROUPS.iter().find(|(name, _, _)| *name == g).map(|x| x.1)
                }) {
                    if adding { add(&mut l.groups, &[g]) } else { l.groups.retain(|x| *x != g) }
                } else if KNOWN_UNTRANSLATED.contains(&n) || n == "COMP-NULL" || n == "COMP-ALL" {
                    if adding {
                        return Err(cant(text, tok, "not available in this translation to OpenSSL"));
                    }
                } else {
                    return Err(invalid());
                }
            }
        }
    }
    Ok(l)
}

fn translate(text: &str, l: &Lists) -> Result<Priority> {
    // gnutls's own check when the priorities are set on a session.
    let any_version = l.versions.tls10 || l.versions.tls11 || l.versions.tls12 || l.versions.tls13;
    if !any_version || l.ciphers.is_empty() || l.macs.is_empty() {
        return Err(refuse(text, NOTHING_LEFT));
    }
    let mut list12 = Vec::new();
    if l.versions.tls12 {
        for k in &l.kx {
            for c in &l.ciphers {
                for m in &l.macs {
                    if let Some(s) = SUITES_12.iter().find(|s| s.0 == *k && s.1 == *c && s.2 == *m) {
                        list12.push(s.3);
                    }
                }
            }
        }
    }
    let mut list13 = Vec::new();
    if l.versions.tls13 && l.macs.contains(&Aead) {
        for c in &l.ciphers {
            if let Some(s) = SUITES_13.iter().find(|s| s.0 == *c) {
                list13.push(s.1);
            }
        }
    }
    if list12.is_empty() && list13.is_empty() {
        if !l.versions.tls12 && !l.versions.tls13 {
            return Err(refuse(text, "TLS 1.0 and 1.1 cannot be honoured here (only TLS 1.2 and 1.3 are offered)"));
        }
        return Err(refuse(text, NOTHING_LEFT));
    }
    if l.groups.is_empty() {
        return Err(refuse(text, NOTHING_LEFT));
    }
    let min = if list12.is_empty() { SslVersion::TLS1_3 } else { SslVersion::TLS1_2 };
    let max = if list13.is_empty() { SslVersion::TLS1_2 } else { SslVersion::TLS1_3 };
    let groups: Vec<&str> =
        l.groups.iter().filter_map(|g| GROUPS.iter().find(|x| x.1 == *g).map(|x| x.2)).collect();
    Ok(Priority {
        text: text.to_string(),
        min,
        max,
        dhe: list12.iter().any(|s| s.starts_with("DHE-")),
        cipher_list: list12.join(":"),
        ciphersuites: list13.join(":"),
        groups: groups.join(":"),
        server_precedence: l.server_precedence,
        no_tickets: l.no_tickets,
    })
}

impl Priority {
    /// Sets up `b` (one side's context) as the string asks.
    pub fn apply(&self, b: &mut SslContextBuilder, is_server: bool) -> Result<()> {
        let fail = |e: openssl::error::ErrorStack| refuse(&self.text, &format!("{NOTHING_LEFT} ({e})"));
        b.set_min_proto_version(Some(self.min)).map_err(fail)?;
        b.set_max_proto_version(Some(self.max)).map_err(fail)?;
        if !self.cipher_list.is_empty() {
            b.set_cipher_list(&self.cipher_list).map_err(fail)?;
        }
        b.set_ciphersuites(&self.ciphersuites).map_err(fail)?;
        b.set_groups_list(&self.groups).map_err(fail)?;
        if self.no_tickets {
            b.set_options(SslOptions::NO_TICKET);
        }
        if is_server {
            if self.server_precedence {
                b.set_options(SslOptions::CIPHER_SERVER_PREFERENCE);
            }
            if self.dhe {
                // As libvirtd gives gnutls DH parameters: OpenSSL's built-in ones, sized to
                // the certificate.
                super::tls::set_dh_auto(b).map_err(fail)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> Priority {
        parse(s).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }
    fn err(s: &str) -> String {
        parse(s).map(|p| format!("accepted: {p:?}")).unwrap_or_else(|e| e.message)
    }

    #[test]
    fn normal_is_tls12_and_13_with_gnutls_suites() {
        let p = ok("NORMAL");
        assert_eq!((p.min, p.max), (SslVersion::TLS1_2, SslVersion::TLS1_3));
        // `gnutls-cli --priority NORMAL --list`, TLS 1.2 part, in its order.
        assert_eq!(
            p.cipher_list,
            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-CCM:ECDHE-ECDSA-AES256-SHA:\
             ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-CCM:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:\
             ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:\
             AES256-GCM-SHA384:AES256-CCM:AES256-SHA:AES128-GCM-SHA256:AES128-CCM:AES128-SHA:DHE-RSA-AES256-GCM-SHA384:\
             DHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES256-CCM:DHE-RSA-AES256-SHA:DHE-RSA-AES128-GCM-SHA256:\
             DHE-RSA-AES128-CCM:DHE-RSA-AES128-SHA"
        );
        assert_eq!(p.ciphersuites, "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256");
        assert!(p.groups.starts_with("P-256:P-384:P-521:X25519:X448:ffdhe2048"));
        assert_eq!(ok("normal"), Priority { text: "normal".into(), ..p });
    }

    #[test]
    fn versions() {
        let p = ok("NORMAL:-VERS-ALL:+VERS-TLS1.2");
        assert_eq!((p.min, p.max, p.ciphersuites.as_str()), (SslVersion::TLS1_2, SslVersion::TLS1_2, ""));
        let p = ok("NORMAL:-VERS-ALL:+VERS-TLS1.3");
        assert_eq!((p.min, p.max, p.cipher_list.as_str()), (SslVersion::TLS1_3, SslVersion::TLS1_3, ""));
        let p = ok("NORMAL:-VERS-TLS1.3:-VERS-TLS1.0:!VERS-TLS1.1:+VERS-DTLS1.2");
        assert_eq!(p.max, SslVersion::TLS1_2);
        assert!(err("NORMAL:+VERS-TLS1.1").ends_with("'+VERS-TLS1.1' cannot be honoured here (only TLS 1.2 and 1.3 are offered)"));
        assert!(err("NORMAL:+VERS-SSL3.0").contains("'+VERS-SSL3.0' cannot be honoured"));
        assert!(err("NORMAL:-VERS-TLS1.2:-VERS-TLS1.3").contains("TLS 1.0 and 1.1 cannot be honoured here"));
    }

    #[test]
    fn empty_lists_are_gnutls_errors() {
        for s in ["NORMAL:-VERS-ALL", "NORMAL:-CIPHER-ALL", "NORMAL:-MAC-ALL", "NONE", "NONE:+VERS-TLS1.2", "NORMAL:-GROUP-ALL"] {
            assert_eq!(err(s), format!("Failed to set TLS session priority to {s}: No or insufficient priorities were set."));
        }
        // TLS 1.2 only, without a key exchange: nothing to offer.
        assert!(err("NORMAL:-VERS-TLS1.3:-KX-ALL").ends_with("No or insufficient priorities were set."));
    }

    #[test]
    fn building_from_none() {
        let p = ok("NONE:+VERS-TLS1.2:+AES-128-GCM:+ECDHE-RSA:+AEAD:+SIGN-ALL:+GROUP-ALL:+COMP-NULL:+CTYPE-X509");
        assert_eq!((p.cipher_list.as_str(), p.ciphersuites.as_str()), ("ECDHE-RSA-AES128-GCM-SHA256", ""));
        let p = ok("NORMAL:-KX-ALL");
        assert_eq!((p.min, p.cipher_list.as_str()), (SslVersion::TLS1_3, ""));
        let p = ok("NORMAL:-CIPHER-ALL:+AES-128-GCM:-GROUP-ALL:+GROUP-X25519:%SERVER_PRECEDENCE");
        assert_eq!(p.ciphersuites, "TLS_AES_128_GCM_SHA256");
        assert_eq!(p.groups, "X25519");
        assert!(p.server_precedence);
        let p = ok("PFS:-VERS-TLS1.3");
        assert!(!p.cipher_list.split(':').any(|s| s.starts_with("AES")), "{}", p.cipher_list);
        assert!(p.dhe);
        let p = ok("NORMAL:+SHA256:-SHA1:-AEAD:-VERS-TLS1.3");
        assert!(p.cipher_list.split(':').all(|s| s.ends_with("SHA256")), "{}", p.cipher_list);
    }

    #[test]
    fn unknown_and_untranslatable_are_refused() {
        for s in ["FOO:+BAR", "NORMAL:+BOGUS", "NORMAL:-BOGUS", "NORMAL::", "NORMAL:", "", "NORMAL:%FOO", "NORMAL:%server_precedence", "NORMAL:VERS-TLS1.2"] {
            assert_eq!(err(s), format!("Failed to set TLS session priority to {s}: The request is invalid."));
        }
        assert!(err("NORMAL:+CAMELLIA-128-GCM").contains("'+CAMELLIA-128-GCM' cannot be honoured"));
        assert!(err("SECURE256").contains("'SECURE256' cannot be honoured here (it sets a certificate profile"));
        assert!(err("NORMAL:%VERIFY_ALLOW_BROKEN").contains("cannot be honoured"));
        assert!(err("NORMAL:-SIGN-ALL").contains("cannot be honoured"));
        // Removing what we never offer needs nothing.
        ok("NORMAL:-CAMELLIA-128-GCM:-3DES-CBC:!ARCFOUR-128:-RSA-PSK:%COMPAT:%NO_TICKETS");
    }

    #[test]
    fn system_keywords_come_from_gnutls_file() {
        // The only test touching the environment variable.
        let dir = std::env::temp_dir().join(format!("tls-prio-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("config");
        std::fs::write(&f, "[overrides]\nx = y\n[priorities]\n# comment\nLIBVIRT = NORMAL:-VERS-ALL:+VERS-TLS1.2\n").unwrap();
        std::env::set_var("GNUTLS_SYSTEM_PRIORITY_FILE", &f);
        let p = ok("@LIBVIRT,SYSTEM:-AES-128-CBC");
        assert_eq!(p.max, SslVersion::TLS1_2);
        assert!(!p.cipher_list.contains("AES128-SHA:"));
        assert_eq!(ok("@SYSTEM,LIBVIRT").max, SslVersion::TLS1_2);
        assert!(err("@SYSTEM").ends_with(": The request is invalid."));
        std::env::set_var("GNUTLS_SYSTEM_PRIORITY_FILE", dir.join("none"));
        assert_eq!(err("@LIBVIRT,SYSTEM"), "Failed to set TLS session priority to @LIBVIRT,SYSTEM: The request is invalid.");
        std::env::remove_var("GNUTLS_SYSTEM_PRIORITY_FILE");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn openssl_takes_every_translation() {
        for s in ["NORMAL", "PERFORMANCE", "SECURE128", "PFS", "LEGACY", "NORMAL:-VERS-ALL:+VERS-TLS1.3", "NORMAL:+SHA256:+SHA384:%SERVER_PRECEDENCE"] {
            for server in [true, false] {
                let m = if server { openssl::ssl::SslMethod::tls_server() } else { openssl::ssl::SslMethod::tls_client() };
                let mut b = SslContextBuilder::new(m).unwrap();
                ok(s).apply(&mut b, server).unwrap_or_else(|e| panic!("{s}: {}", e.message));
            }
        }
    }
}
