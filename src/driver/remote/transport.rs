//! Where a remote URI leads: which socket or host to connect to, and the URI to open
//! on the daemon there.

use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::Stream;
use crate::uri::Uri;

const FROM: Domain = Domain::VIR_FROM_REMOTE;

/// Query parameters the client consumes itself; the rest go to the daemon's URI.
const CLIENT_PARAMS: &[&str] = &[
    "name", "socket", "mode", "proxy", "netcat", "command", "keyfile", "no_verify", "no_tty",
    "known_hosts", "known_hosts_verify", "sshauth", "pkipath", "tls_priority", "authfile", "tls",
];

/// Default ports of the TCP transports.
pub const TCP_PORT: u16 = 16509;
pub const TLS_PORT: u16 = 16514;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transport {
    Unix(PathBuf),
    Tcp { host: String, port: u16 },
    Tls { host: String, port: u16 },
    /// `+ssh`, `+ext`, `+libssh2`, `+libssh`: opened by `super::ssh` (needs the URI and flags).
    Ssh,
}

/// The transport a URI names: explicit (`+unix`, `+tcp`), else TLS with a host, else UNIX.
pub fn transport_of(uri: &Uri, read_only: bool) -> Result<Transport> {
    let explicit = uri.transport();
    match (explicit, &uri.server) {
        (Some("unix"), Some(server)) => Err(Error::new(
            FROM,
            Code::VIR_ERR_INVALID_ARG,
            format!("using unix socket and remote server '{server}' is not supported."),
        )),
        (Some("unix"), None) | (None, None) => Ok(Transport::Unix(unix_socket(uri, read_only)?)),
        (Some("tcp"), _) => Ok(Transport::Tcp {
            host: uri.server.clone().unwrap_or_else(|| "localhost".into()),
            port: uri.port.unwrap_or(TCP_PORT),
        }),
        (Some(t), _) if ["ssh", "ext", "libssh2", "libssh"].iter().any(|k| t.eq_ignore_ascii_case(k)) => Ok(Transport::Ssh),
        (Some("tls"), _) | (None, Some(_)) => Ok(Transport::Tls {
            host: uri.server.clone().unwrap_or_else(|| "localhost".into()),
            port: uri.port.unwrap_or(TLS_PORT),
        }),
        (Some(_), _) => Err(Error::new(
            FROM,
            Code::VIR_ERR_INVALID_ARG,
            "remote_open: transport in URL not recognised (should be tls|unix|ssh|ext|tcp|libssh2|libssh)",
        )),
    }
}

/// `$XDG_RUNTIME_DIR`, or `~/.cache` as libvirt falls back to.
pub fn runtime_dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"),
    }
}

/// Whether a local URI means the per-user (session) instance.
pub fn is_session(uri: &Uri) -> bool {
    uri.path == "/session" || (uri.path != "/system" && crate::sys::euid() != 0)
}

/// The daemon socket a local URI leads to: `socket=`, else the per-driver daemon
/// (`virtqemud`) or the monolithic one (`libvirt`), per `mode=` (auto: whichever exists).
pub fn unix_socket(uri: &Uri, read_only: bool) -> Result<PathBuf> {
    if let Some(s) = uri.param("socket") {
        return Ok(PathBuf::from(s));
    }
    let session = is_session(uri);
    let dir = if session { runtime_dir().join("libvirt") } else { PathBuf::from("/run/libvirt") };
    let suffix = if read_only && !session { "-sock-ro" } else { "-sock" };
    let modular = match uri.driver() {
        "qemu" => Some("virtqemud"),
        _ => None,
    };
    let legacy = dir.join(format!("libvirt{suffix}"));
    match (uri.param("mode").unwrap_or("auto"), modular) {
        ("legacy", _) | (_, None) => Ok(legacy),
        ("direct", Some(d)) => Ok(dir.join(format!("{d}{suffix}"))),
        ("auto", Some(d)) => {
            let direct = dir.join(format!("{d}{suffix}"));
            Ok(if direct.exists() || !legacy.exists() { direct } else { legacy })
        }
        (m, _) => Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("Unknown remote mode '{m}'"))),
    }
}

/// The URI the daemon opens: `name=` if given, else this URI without transport, host
/// and the parameters the client consumed.
pub fn daemon_uri(uri: &Uri) -> String {
    if let Some(n) = uri.param("name") {
        return n.to_string();
    }
    let rest: Vec<String> = uri
        .params
        .iter()
        .filter(|(k, _)| !CLIENT_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| if v.is_empty() { k.clone() } else { format!("{k}={v}") })
        .collect();
    let mut out = format!("{}://{}", uri.driver(), uri.path);
    if !rest.is_empty() {
        out.push('?');
        out.push_str(&rest.join("&"));
    }
    out
}

/// Connects to where `t` leads.
pub fn connect(t: &Transport) -> Result<Stream> {
    match t {
        Transport::Tls { host, port } => Err(Error::new(
            FROM,
            Code::VIR_ERR_INTERNAL_ERROR,
            format!("the TLS transport to '{host}:{port}' needs its URI's parameters"),
        )),
        Transport::Unix(path) => UnixStream::connect(path)
            .map(Stream::Unix)
            .map_err(|e| Error::system(FROM, &format!("Failed to connect socket to '{}'", path.display()), &e)),
        Transport::Tcp { host, port } => {
            let s = TcpStream::connect((host.as_str(), *port))
                .map_err(|e| Error::system(Domain::VIR_FROM_RPC, &format!("unable to connect to server at '{host}:{port}'"), &e))?;
            let _ = s.set_nodelay(true);
            Ok(Stream::Tcp(s))
        }
        Transport::Ssh => Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "an ssh transport is opened by remote::ssh")),
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::parse(s).unwrap()
    }

    #[test]
    fn picks_transport_and_socket() {
        assert_eq!(
            transport_of(&uri("test+unix:///default?socket=/tmp/s"), false).unwrap(),
            Transport::Unix("/tmp/s".into())
        );
        assert_eq!(
            transport_of(&uri("qemu+tcp://127.0.0.1:1234/system"), false).unwrap(),
            Transport::Tcp { host: "127.0.0.1".into(), port: 1234 }
        );
        assert_eq!(
            transport_of(&uri("qemu+tcp://example.org/system"), false).unwrap(),
            Transport::Tcp { host: "example.org".into(), port: TCP_PORT }
        );
        assert!(transport_of(&uri("qemu+unix://host/system"), false).is_err());
        assert_eq!(transport_of(&uri("qemu+ssh://host/system"), false).unwrap(), Transport::Ssh);
        let e = transport_of(&uri("qemu+bogus://host/system"), false).unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_INVALID_ARG, FROM));
        assert_eq!(
            transport_of(&uri("qemu://example.org/system"), false).unwrap(),
            Transport::Tls { host: "example.org".into(), port: TLS_PORT }
        );
        assert_eq!(
            transport_of(&uri("test+tls://127.0.0.1:1234/default"), false).unwrap(),
            Transport::Tls { host: "127.0.0.1".into(), port: 1234 }
        );
        let sys = unix_socket(&uri("qemu:///system?mode=direct"), true).unwrap();
        assert_eq!(sys, PathBuf::from("/run/libvirt/virtqemud-sock-ro"));
        let legacy = unix_socket(&uri("qemu:///system?mode=legacy"), false).unwrap();
        assert_eq!(legacy, PathBuf::from("/run/libvirt/libvirt-sock"));
    }

    #[test]
    fn daemon_uri_drops_client_parts() {
        assert_eq!(daemon_uri(&uri("test+unix:///default?socket=/tmp/s")), "test:///default");
        assert_eq!(daemon_uri(&uri("qemu+tcp://root@h:5/system?no_tty=1&foo=bar")), "qemu:///system?foo=bar");
        assert_eq!(daemon_uri(&uri("test://h/default?name=test:///other")), "test:///other");
    }
}
