//! Connection URIs: `driver[+transport]://[user@][host][:port]/[path][?query][#fragment]`.
//!
//! Parsed by the generic URI rules libvirt follows (RFC 3986 shape), with the query
//! split into libvirt's `name=value` parameters (`&` or `;` separated, `%XX` and `+`
//! decoded). Which driver and transport a URI means is decided by the drivers, not here.

use std::fmt;

use crate::error::{Code, Domain, Error, Result};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uri {
    /// Full scheme, e.g. `qemu+ssh`.
    pub scheme: String,
    pub user: Option<String>,
    pub server: Option<String>,
    pub port: Option<u16>,
    pub path: String,
    pub query: Option<String>,
    pub fragment: Option<String>,
    pub params: Vec<(String, String)>,
}

impl Uri {
    pub fn parse(text: &str) -> Result<Uri> {
        let bad = |why: &str| Error::new(Domain::VIR_FROM_URI, Code::VIR_ERR_INTERNAL_ERROR, format!("Unable to parse URI {text}: {why}"));
        let (scheme, rest) = match text.find(':') {
            Some(i) if i > 0 && is_scheme(&text[..i]) => (&text[..i], &text[i + 1..]),
            _ => return Err(bad("missing scheme")),
        };
        let mut uri = Uri { scheme: scheme.to_string(), ..Uri::default() };

        let (rest, fragment) = split_once_opt(rest, '#');
        uri.fragment = fragment.map(str::to_string);
        let (rest, query) = split_once_opt(rest, '?');
        uri.query = query.map(str::to_string);

        let path = if let Some(after) = rest.strip_prefix("//") {
            let end = after.find('/').unwrap_or(after.len());
            let (authority, path) = after.split_at(end);
            let hostport = match authority.rfind('@') {
                Some(i) => {
                    uri.user = Some(percent_decode(&authority[..i]));
                    &authority[i + 1..]
                }
                None => authority,
            };
            let (host, port) = split_host_port(hostport).ok_or_else(|| bad("bad port"))?;
            if !host.is_empty() {
                uri.server = Some(percent_decode(host));
            }
            uri.port = port;
            path
        } else {
            rest
        };
        uri.path = path.to_string();
        if let Some(q) = &uri.query {
            uri.params = parse_params(q);
        }
        Ok(uri)
    }

    /// The driver part of the scheme: `qemu` in `qemu+ssh`.
    pub fn driver(&self) -> &str {
        self.scheme.split('+').next().unwrap_or("")
    }

    /// The transport part of the scheme, if any: `ssh` in `qemu+ssh`.
    pub fn transport(&self) -> Option<&str> {
        self.scheme.split_once('+').map(|(_, t)| t)
    }

    /// The value of a query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl fmt::Display for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.scheme)?;
        if self.server.is_some() || self.user.is_some() || self.port.is_some() || self.path.starts_with('/') {
            f.write_str("//")?;
            if let Some(u) = &self.user {
                write!(f, "{u}@")?;
            }
            match &self.server {
                Some(s) if s.contains(':') => write!(f, "[{s}]")?,
                Some(s) => f.write_str(s)?,
                None => {}
            }
            if let Some(p) = self.port {
                write!(f, ":{p}")?;
            }
        }
        f.write_str(&self.path)?;
        if let Some(q) = &self.query {
            write!(f, "?{q}")?;
        }
        if let Some(fr) = &self.fragment {
            write!(f, "#{fr}")?;
        }
        Ok(())
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn split_once_opt(s: &str, sep: char) -> (&str, Option<&str>) {
    match s.split_once(sep) {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`. None when the port is not a number.
fn split_host_port(s: &str) -> Option<(&str, Option<u16>)> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let end = rest.find(']')?;
        let after = &rest[end + 1..];
        (&rest[..end], after.strip_prefix(':'))
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        }
    };
    match port {
        None | Some("") => Some((host, None)),
        Some(p) => p.parse().ok().map(|p| (host, Some(p))),
    }
}

fn parse_params(query: &str) -> Vec<(String, String)> {
    query
        .split(['&', ';'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (n, v) = p.split_once('=').unwrap_or((p, ""));
            // libvirt (libxml2's unescape) keeps '+' as '+': tls_priority=NORMAL:+VERS-TLS1.2
            (percent_decode(n), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_local() {
        let u = Uri::parse("test:///default").unwrap();
        assert_eq!(u.scheme, "test");
        assert_eq!(u.server, None);
        assert_eq!(u.path, "/default");
        assert_eq!(u.transport(), None);
        assert_eq!(u.to_string(), "test:///default");
    }

    #[test]
    fn full_remote() {
        let u = Uri::parse("qemu+ssh://root@example.com:2222/system?keyfile=/k%20x&no_tty=1;mode=legacy#frag").unwrap();
        assert_eq!(u.driver(), "qemu");
        assert_eq!(u.transport(), Some("ssh"));
        assert_eq!(u.user.as_deref(), Some("root"));
        assert_eq!(u.server.as_deref(), Some("example.com"));
        assert_eq!(u.port, Some(2222));
        assert_eq!(u.path, "/system");
        assert_eq!(u.param("keyfile"), Some("/k x"));
        assert_eq!(u.param("no_tty"), Some("1"));
        assert_eq!(u.param("mode"), Some("legacy"));
        assert_eq!(u.fragment.as_deref(), Some("frag"));
        assert_eq!(u.to_string(), "qemu+ssh://root@example.com:2222/system?keyfile=/k%20x&no_tty=1;mode=legacy#frag");
    }

    #[test]
    fn ipv6_and_socket_param() {
        let u = Uri::parse("qemu+tcp://[::1]:16509/system").unwrap();
        assert_eq!(u.server.as_deref(), Some("::1"));
        assert_eq!(u.port, Some(16509));
        let u = Uri::parse("test+unix:///default?socket=/tmp/x/libvirt-sock").unwrap();
        assert_eq!(u.param("socket"), Some("/tmp/x/libvirt-sock"));
        assert_eq!(u.server, None);
    }

    #[test]
    fn host_without_port_and_custom_path() {
        let u = Uri::parse("test://host/default").unwrap();
        assert_eq!(u.server.as_deref(), Some("host"));
        assert_eq!(u.port, None);
        let u = Uri::parse("test:///tmp/node.xml").unwrap();
        assert_eq!(u.path, "/tmp/node.xml");
    }

    #[test]
    fn rejects_garbage() {
        assert!(Uri::parse("").is_err());
        assert!(Uri::parse("no-scheme-here").is_err());
        assert!(Uri::parse("1abc:///x").is_err());
        assert!(Uri::parse("qemu://host:notaport/system").is_err());
        assert!(Uri::parse("qemu://host:99999/system").is_err());
    }

    #[test]
    fn percent_decoding_edges() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
        let u = Uri::parse("test+tls://h/default?tls_priority=NORMAL:+VERS-TLS1.2&pkipath=/a+b%2Bc").unwrap();
        assert_eq!(u.param("tls_priority"), Some("NORMAL:+VERS-TLS1.2"));
        assert_eq!(u.param("pkipath"), Some("/a+b+c"));
    }
}
