//! The daemon's configuration: `virtqemud.conf` in libvirt's `key = value` format,
//! parsed with the library's [`Conf`] and checked key by key. A key the daemon does not
//! know, or a value of the wrong type or range, stops the daemon at startup with a
//! message naming the file and the key.

use std::path::{Path, PathBuf};

use virt::config::{Conf, Value};

use crate::log::{self, Level, Output};

/// Which daemon this is: the host's (root, `/run/libvirt`) or a user's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    System,
    Session,
}

/// How clients of a listener authenticate: `none` or `sasl` (polkit is refused at start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    None,
    Sasl,
    Polkit,
}

impl Auth {
    fn name(self) -> &'static str {
        match self {
            Auth::None => "none",
            Auth::Sasl => "sasl",
            Auth::Polkit => "polkit",
        }
    }
}

/// The TLS keys of libvirtd.conf / virtqemud.conf.
#[derive(Clone, Debug)]
pub struct TlsConfig {
    pub listen_tls: bool,
    pub tls_port: u16,
    pub auth_tls: Auth,
    pub key_file: Option<PathBuf>,
    pub cert_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    pub crl_file: Option<PathBuf>,
    pub no_verify_certificate: bool,
    pub no_sanity_certificate: bool,
    pub allowed_dn_list: Option<Vec<String>>,
    /// `tls_priority`: a GnuTLS priority string (translated for OpenSSL).
    pub priority: Option<String>,
}

impl Default for TlsConfig {
    fn default() -> TlsConfig {
        TlsConfig {
            listen_tls: false,
            tls_port: 16514,
            auth_tls: Auth::None,
            key_file: None,
            cert_file: None,
            ca_file: None,
            crl_file: None,
            no_verify_certificate: false,
            no_sanity_certificate: false,
            allowed_dn_list: None,
            priority: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    pub listen_tcp: bool,
    pub tcp_port: u16,
    pub listen_addr: Option<String>,
    pub unix_sock_dir: Option<PathBuf>,
    pub unix_sock_group: Option<String>,
    pub unix_sock_rw_perms: u32,
    pub unix_sock_ro_perms: u32,
    pub max_clients: usize,
    /// Connections waiting to be accepted (the listen backlog) while `max_clients` are
    /// connected: libvirt's `max_queued_clients`.
    pub max_queued_clients: usize,
    pub max_anonymous_clients: usize,
    pub max_client_requests: usize,
    /// Calls running at once over all clients (libvirtd's worker pool size).
    pub max_workers: usize,
    /// Seconds between keepalive PINGs to an idle client; -1 (or 0) disables them.
    pub keepalive_interval: i32,
    pub keepalive_count: u32,
    pub auth_unix_rw: Auth,
    pub auth_unix_ro: Auth,
    pub auth_tcp: Auth,
    /// The TLS listener and its PKI (see `crate::tls`).
    pub tls: TlsConfig,
    /// Glob patterns of the SASL identities let in (None: anyone SASL authenticates).
    pub sasl_allowed_username_list: Option<Vec<String>>,
    pub log_level: Option<Level>,
    pub log_outputs: Vec<Output>,
    /// Overrides of the QEMU driver's directories (ours, not libvirt's keys: libvirt
    /// fixes them at build time), so tests and benches keep everything in a temp dir.
    pub qemu_config_dir: Option<PathBuf>,
    pub qemu_state_dir: Option<PathBuf>,
    pub qemu_log_dir: Option<PathBuf>,
    pub qemu_save_dir: Option<PathBuf>,
    /// Where domain snapshot metadata lives (`<dir>/<domain>/<snapshot>.xml`).
    pub qemu_snapshot_dir: Option<PathBuf>,
    /// The network driver's places (`/etc/libvirt/qemu/networks`, `/run/libvirt/network`,
    /// `/var/lib/libvirt/dnsmasq` by default), and whether a fresh system instance gets
    /// libvirt's `default` network, defined and set to autostart (`network_define_default`).
    /// A daemon whose QEMU driver is moved (`qemu_config_dir` set) keeps its networks
    /// beside it and gets no `default` network unless the key says so: tests and benches
    /// that move the driver never touch the host's networks by accident.
    pub network_config_dir: Option<PathBuf>,
    pub network_state_dir: Option<PathBuf>,
    pub network_dnsmasq_dir: Option<PathBuf>,
    pub network_define_default: Option<bool>,
    /// How long a storage pool refresh may wait for its backing store (ours; default 10 s).
    pub storage_refresh_timeout_ms: Option<u64>,
}

impl Default for Config {
    /// libvirt 9.0.0's defaults (auth: `none` on UNIX sockets, as a build without polkit).
    fn default() -> Config {
        Config {
            listen_tcp: false,
            tcp_port: 16509,
            listen_addr: None,
            unix_sock_dir: None,
            unix_sock_group: None,
            unix_sock_rw_perms: 0o700,
            unix_sock_ro_perms: 0o777,
            max_clients: 5000,
            max_queued_clients: 1000,
            max_anonymous_clients: 20,
            max_client_requests: 5,
            max_workers: 20,
            keepalive_interval: 5,
            keepalive_count: 5,
            auth_unix_rw: Auth::None,
            auth_unix_ro: Auth::None,
            auth_tcp: Auth::Sasl,
            tls: TlsConfig::default(),
            sasl_allowed_username_list: None,
            log_level: None,
            log_outputs: Vec::new(),
            qemu_config_dir: None,
            qemu_state_dir: None,
            qemu_log_dir: None,
            qemu_save_dir: None,
            qemu_snapshot_dir: None,
            network_config_dir: None,
            network_state_dir: None,
            network_dnsmasq_dir: None,
            network_define_default: None,
            storage_refresh_timeout_ms: None,
        }
    }
}

/// Keys of libvirt's `virtqemud.conf` this daemon accepts but does not act on yet
/// (TLS, workers, audit, admin socket ...): a stock config file must still load.
const ACCEPTED_UNUSED: &[&str] = &[
    "unix_sock_admin_perms",
    "access_drivers",
    "tcp_min_ssf",
    "min_workers",
    "prio_workers",
    "admin_min_workers",
    "admin_max_workers",
    "admin_max_clients",
    "admin_max_queued_clients",
    "admin_max_client_requests",
    "admin_keepalive_interval",
    "admin_keepalive_count",
    "log_filters",
    "audit_level",
    "audit_logging",
    "host_uuid",
    "host_uuid_source",
    "ovs_timeout",
];

/// `/etc/libvirt/virtqemud.conf`, or `$XDG_CONFIG_HOME/libvirt/virtqemud.conf`.
pub fn default_path(mode: Mode) -> PathBuf {
    match mode {
        Mode::System => PathBuf::from("/etc/libvirt/virtqemud.conf"),
        Mode::Session => virt::config::config_home().join("libvirt/virtqemud.conf"),
    }
}

/// Loads `path`. A missing file is an error only when the user named it (`explicit`).
pub fn load(path: &Path, explicit: bool) -> Result<Config, String> {
    let origin = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(Config::default()),
        Err(e) => return Err(format!("cannot read config file {origin}: {e}")),
    };
    let conf = Conf::parse(&text, &origin).map_err(|e| e.message)?;
    from_conf(&conf, &origin)
}

/// Checks every key of `conf` (read from `origin`) and builds the config.
pub fn from_conf(conf: &Conf, origin: &str) -> Result<Config, String> {
    let mut c = Config::default();
    for (key, value) in &conf.entries {
        let k = Key { origin, key, value };
        match key.as_str() {
            "listen_tcp" => c.listen_tcp = k.bool()?,
            "tcp_port" => c.tcp_port = k.port()?,
            "listen_addr" => c.listen_addr = Some(k.string()?.to_string()),
            "unix_sock_dir" => {
                let dir = k.string()?;
                if !dir.starts_with('/') {
                    return Err(k.bad("must be an absolute path"));
                }
                c.unix_sock_dir = Some(PathBuf::from(dir));
            }
            "qemu_config_dir" => c.qemu_config_dir = Some(k.abs_path()?),
            "qemu_state_dir" => c.qemu_state_dir = Some(k.abs_path()?),
            "qemu_log_dir" => c.qemu_log_dir = Some(k.abs_path()?),
            "qemu_save_dir" => c.qemu_save_dir = Some(k.abs_path()?),
            "qemu_snapshot_dir" => c.qemu_snapshot_dir = Some(k.abs_path()?),
            "network_config_dir" => c.network_config_dir = Some(k.abs_path()?),
            "network_state_dir" => c.network_state_dir = Some(k.abs_path()?),
            "network_dnsmasq_dir" => c.network_dnsmasq_dir = Some(k.abs_path()?),
            "network_define_default" => c.network_define_default = Some(k.bool()?),
            "storage_refresh_timeout_ms" => c.storage_refresh_timeout_ms = Some(k.uint(1, 3_600_000)? as u64),
            "unix_sock_group" => c.unix_sock_group = Some(k.string()?.to_string()),
            "unix_sock_rw_perms" => c.unix_sock_rw_perms = k.perms()?,
            "unix_sock_ro_perms" => c.unix_sock_ro_perms = k.perms()?,
            "max_clients" => c.max_clients = k.uint(1, 1 << 20)? as usize,
            "max_queued_clients" => c.max_queued_clients = k.uint(0, 1 << 20)? as usize,
            "max_anonymous_clients" => c.max_anonymous_clients = k.uint(0, 1 << 20)? as usize,
            "max_client_requests" => c.max_client_requests = k.uint(1, 1 << 16)? as usize,
            "max_workers" => {
                if k.int(i64::MIN, i64::MAX)? < 1 {
                    return Err(k.bad("'max_workers' must be greater than 0"));
                }
                c.max_workers = k.uint(1, 1 << 16)? as usize;
            }
            "keepalive_interval" => c.keepalive_interval = k.int(-1, i32::MAX as i64)? as i32,
            "keepalive_count" => c.keepalive_count = k.uint(0, u32::MAX as i64)? as u32,
            "auth_unix_rw" => c.auth_unix_rw = k.auth()?,
            "auth_unix_ro" => c.auth_unix_ro = k.auth()?,
            "auth_tcp" => c.auth_tcp = k.auth()?,
            "listen_tls" => c.tls.listen_tls = k.bool()?,
            "tls_port" => c.tls.tls_port = k.port()?,
            "auth_tls" => c.tls.auth_tls = k.auth()?,
            "key_file" => c.tls.key_file = Some(k.abs_path()?),
            "cert_file" => c.tls.cert_file = Some(k.abs_path()?),
            "ca_file" => c.tls.ca_file = Some(k.abs_path()?),
            "crl_file" => c.tls.crl_file = Some(k.abs_path()?),
            "tls_no_verify_certificate" => c.tls.no_verify_certificate = k.bool()?,
            "tls_no_sanity_certificate" => c.tls.no_sanity_certificate = k.bool()?,
            "tls_allowed_dn_list" => c.tls.allowed_dn_list = Some(k.list()?),
            "tls_priority" => c.tls.priority = Some(k.string()?.to_string()),
            "sasl_allowed_username_list" => c.sasl_allowed_username_list = Some(k.list()?),
            "log_level" => {
                c.log_level = Some(Level::from_number(k.int(1, 4)?).ok_or_else(|| k.bad("must be 1 to 4"))?);
            }
            "log_outputs" => c.log_outputs = log::parse_outputs(k.string()?).map_err(|e| k.bad(&e))?,
            other if ACCEPTED_UNUSED.contains(&other) => {}
            _ => return Err(format!("{origin}: unknown setting '{key}'")),
        }
    }
    // libvirtd's check when it creates its server.
    if c.max_anonymous_clients > c.max_clients {
        return Err(format!(
            "{origin}: The overall maximum number of clients must not be less than the number of clients waiting for authentication"
        ));
    }
    // polkit asks a system bus (D-Bus) and polkitd about each client: this daemon has
    // neither, so it refuses to start rather than serve without the asked-for auth.
    for (key, auth) in [
        ("auth_unix_rw", c.auth_unix_rw),
        ("auth_unix_ro", c.auth_unix_ro),
        ("auth_tcp", c.auth_tcp),
        ("auth_tls", c.tls.auth_tls),
    ] {
        if auth == Auth::Polkit {
            return Err(format!(
                "{origin}: setting '{key}': authentication \"{}\" needs a system bus and polkit, which this daemon does not use (use \"none\" or \"sasl\")",
                auth.name()
            ));
        }
    }
    Ok(c)
}

/// One `key = value` being checked, for error messages that name both.
struct Key<'a> {
    origin: &'a str,
    key: &'a str,
    value: &'a Value,
}

impl Key<'_> {
    fn bad(&self, why: &str) -> String {
        format!("{}: setting '{}': {why}", self.origin, self.key)
    }

    fn int(&self, min: i64, max: i64) -> Result<i64, String> {
        match self.value {
            Value::Int(n) if (min..=max).contains(n) => Ok(*n),
            Value::Int(n) => Err(self.bad(&format!("value {n} is out of range {min}..{max}"))),
            _ => Err(self.bad("expected a number")),
        }
    }

    fn uint(&self, min: i64, max: i64) -> Result<i64, String> {
        self.int(min, max)
    }

    fn bool(&self) -> Result<bool, String> {
        match self.value {
            Value::Int(0) => Ok(false),
            Value::Int(1) => Ok(true),
            _ => Err(self.bad("expected 0 or 1")),
        }
    }

    fn abs_path(&self) -> Result<PathBuf, String> {
        let dir = self.string()?;
        if !dir.starts_with('/') {
            return Err(self.bad("must be an absolute path"));
        }
        Ok(PathBuf::from(dir))
    }

    fn string(&self) -> Result<&str, String> {
        match self.value {
            Value::Str(s) => Ok(s),
            _ => Err(self.bad("expected a string")),
        }
    }

    fn list(&self) -> Result<Vec<String>, String> {
        match self.value {
            Value::List(l) => Ok(l.clone()),
            _ => Err(self.bad("expected a list of strings")),
        }
    }

    fn port(&self) -> Result<u16, String> {
        let s = self.string()?;
        match s.parse::<u16>() {
            Ok(p) if p > 0 => Ok(p),
            _ => Err(self.bad(&format!("'{s}' is not a port number"))),
        }
    }

    /// An octal mode as libvirt writes it: "0770".
    fn perms(&self) -> Result<u32, String> {
        let s = self.string()?;
        match u32::from_str_radix(s, 8) {
            Ok(m) if m <= 0o777 && !s.is_empty() => Ok(m),
            _ => Err(self.bad(&format!("'{s}' is not an octal permission mode such as \"0770\""))),
        }
    }

    fn auth(&self) -> Result<Auth, String> {
        match self.string()? {
            "none" => Ok(Auth::None),
            "sasl" => Ok(Auth::Sasl),
            "polkit" => Ok(Auth::Polkit),
            other => Err(self.bad(&format!("unknown authentication type '{other}' (expected none, sasl or polkit)"))),
        }
    }
}

/// `$XDG_RUNTIME_DIR`, else `~/.cache` as libvirt falls back.
pub fn runtime_dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache"),
    }
}

fn xdg(var: &str, fallback: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(fallback),
    }
}

/// Where the QEMU driver keeps its files (libvirt's `cfg->configDir`, `stateDir`,
/// `logDir`, and managed save images).
#[derive(Clone, Debug)]
pub struct QemuDirs {
    pub config: PathBuf,
    pub runtime: PathBuf,
    pub log: PathBuf,
    /// Managed save images (`virDomainManagedSave`).
    pub save: PathBuf,
    /// Snapshot metadata, a directory per domain.
    pub snapshot: PathBuf,
    /// The network driver's places.
    pub network: crate::network::NetworkPlaces,
}

impl QemuDirs {
    /// libvirt's places: `/etc/libvirt/qemu`, `/run/libvirt/qemu`, `/var/log/libvirt/qemu`,
    /// `/var/lib/libvirt/qemu/save`; for a session, the same under `$XDG_CONFIG_HOME`,
    /// `$XDG_RUNTIME_DIR` and `$XDG_CACHE_HOME` (save images with the configs).
    pub fn for_mode(mode: Mode) -> QemuDirs {
        match mode {
            Mode::System => QemuDirs {
                config: PathBuf::from("/etc/libvirt/qemu"),
                runtime: PathBuf::from("/run/libvirt/qemu"),
                log: PathBuf::from("/var/log/libvirt/qemu"),
                save: PathBuf::from("/var/lib/libvirt/qemu/save"),
                snapshot: PathBuf::from("/var/lib/libvirt/qemu/snapshot"),
                network: crate::network::NetworkPlaces {
                    config: PathBuf::from("/etc/libvirt/qemu/networks"),
                    state: PathBuf::from("/run/libvirt/network"),
                    dnsmasq: PathBuf::from("/var/lib/libvirt/dnsmasq"),
                    define_default: true,
                },
            },
            Mode::Session => QemuDirs {
                config: xdg("XDG_CONFIG_HOME", ".config").join("libvirt/qemu"),
                runtime: runtime_dir().join("libvirt/qemu/run"),
                log: xdg("XDG_CACHE_HOME", ".cache").join("libvirt/qemu/log"),
                save: xdg("XDG_CONFIG_HOME", ".config").join("libvirt/qemu/save"),
                snapshot: xdg("XDG_CONFIG_HOME", ".config").join("libvirt/qemu/snapshot"),
                // A session has no networks of its own (libvirt's session daemon lists
                // none); those it defines live here, and fail to start without privileges.
                network: crate::network::NetworkPlaces {
                    config: xdg("XDG_CONFIG_HOME", ".config").join("libvirt/qemu/networks"),
                    state: runtime_dir().join("libvirt/network"),
                    dnsmasq: xdg("XDG_CONFIG_HOME", ".config").join("libvirt/dnsmasq"),
                    define_default: false,
                },
            },
        }
    }
}

impl Config {
    /// The QEMU driver's directories: libvirt's places for `mode`, each replaced by its
    /// key (`qemu_config_dir`, `qemu_state_dir`, `qemu_log_dir`, `qemu_save_dir`,
    /// `qemu_snapshot_dir`) when set. Snapshots follow a relocated save dir (beside it, as
    /// libvirt's `snapshot` is beside `save`) unless their own key says otherwise.
    pub fn qemu_dirs(&self, mode: Mode) -> QemuDirs {
        let mut dirs = QemuDirs::for_mode(mode);
        if let Some(parent) = self.qemu_save_dir.as_deref().and_then(std::path::Path::parent) {
            dirs.snapshot = parent.join("snapshot");
        }
        for (dir, set) in [
            (&mut dirs.config, &self.qemu_config_dir),
            (&mut dirs.runtime, &self.qemu_state_dir),
            (&mut dirs.log, &self.qemu_log_dir),
            (&mut dirs.save, &self.qemu_save_dir),
            (&mut dirs.snapshot, &self.qemu_snapshot_dir),
        ] {
            if let Some(d) = set {
                *dir = d.clone();
            }
        }
        if let Some(q) = &self.qemu_config_dir {
            dirs.network.config = q.join("networks");
            dirs.network.define_default = false;
        }
        if let Some(run) = &self.qemu_state_dir {
            dirs.network.state = run.join("network");
            dirs.network.dnsmasq = run.join("dnsmasq");
        }
        for (dir, set) in [
            (&mut dirs.network.config, &self.network_config_dir),
            (&mut dirs.network.state, &self.network_state_dir),
            (&mut dirs.network.dnsmasq, &self.network_dnsmasq_dir),
        ] {
            if let Some(d) = set {
                *dir = d.clone();
            }
        }
        if let Some(d) = self.network_define_default {
            dirs.network.define_default = d && mode == Mode::System;
        }
        dirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        from_conf(&Conf::parse(text, "/etc/q.conf").map_err(|e| e.message)?, "/etc/q.conf")
    }

    #[test]
    fn defaults_and_values() {
        let c = parse("").unwrap();
        assert_eq!(
            (c.unix_sock_rw_perms, c.unix_sock_ro_perms, c.max_clients, c.keepalive_interval),
            (0o700, 0o777, 5000, 5)
        );
        let c = parse(
            "listen_tcp = 1\nauth_tcp = \"none\"\ntcp_port = \"1234\"\nunix_sock_rw_perms = \"0770\"\nmax_clients = 3\nmax_anonymous_clients = 3\nkeepalive_interval = -1\nlisten_tls = 0\n",
        )
        .unwrap();
        assert!(c.listen_tcp);
        let t = parse("listen_tls = 1\ntls_port = \"1514\"\ntls_allowed_dn_list = [\"C=GB,CN=*\"]\ncrl_file = \"/x/crl.pem\"\n")
            .unwrap()
            .tls;
        assert!(t.listen_tls && t.auth_tls == Auth::None);
        assert_eq!(t.tls_port, 1514);
        assert_eq!(t.allowed_dn_list, Some(vec!["C=GB,CN=*".to_string()]));
        assert_eq!(t.crl_file, Some(PathBuf::from("/x/crl.pem")));
        assert_eq!((c.tcp_port, c.unix_sock_rw_perms, c.max_clients, c.keepalive_interval), (1234, 0o770, 3, -1));
    }

    #[test]
    fn snapshot_metadata_sits_beside_the_save_dir_unless_given() {
        assert_eq!(parse("").unwrap().qemu_dirs(Mode::System).snapshot, PathBuf::from("/var/lib/libvirt/qemu/snapshot"));
        let c = parse("qemu_save_dir = \"/t/q/save\"").unwrap();
        assert_eq!(c.qemu_dirs(Mode::System).snapshot, PathBuf::from("/t/q/snapshot"));
        let c = parse("qemu_save_dir = \"/t/q/save\"\nqemu_snapshot_dir = \"/s\"").unwrap();
        assert_eq!(c.qemu_dirs(Mode::System).snapshot, PathBuf::from("/s"));
    }

    #[test]
    fn worker_and_anonymous_limits() {
        assert_eq!(parse("").unwrap().max_workers, 20);
        assert_eq!(parse("max_workers = 3").unwrap().max_workers, 3);
        let e = parse("max_workers = 0").unwrap_err();
        assert!(e.ends_with("'max_workers' must be greater than 0"), "{e}");
        // libvirtd refuses to start when more clients may wait to authenticate than connect.
        let e = parse("max_clients = 5\nmax_anonymous_clients = 10").unwrap_err();
        assert!(
            e.ends_with("The overall maximum number of clients must not be less than the number of clients waiting for authentication"),
            "{e}"
        );
        assert_eq!(parse("max_clients = 10\nmax_anonymous_clients = 10").unwrap().max_anonymous_clients, 10);
    }

    #[test]
    fn errors_name_file_and_key() {
        for (text, key) in [
            ("bogus = 1", "bogus"),
            ("max_clients = \"many\"", "max_clients"),
            ("unix_sock_rw_perms = \"0999\"", "unix_sock_rw_perms"),
            ("auth_unix_rw = \"kerberos\"", "auth_unix_rw"),
            ("auth_unix_rw = \"polkit\"", "auth_unix_rw"),
            ("auth_tls = \"polkit\"", "auth_tls"),
            ("sasl_allowed_username_list = \"bob\"", "sasl_allowed_username_list"),
            ("listen_tcp = 2", "listen_tcp"),
            ("tcp_port = \"0\"", "tcp_port"),
            ("tls_allowed_dn_list = \"CN=*\"", "tls_allowed_dn_list"),
            ("ca_file = \"relative.pem\"", "ca_file"),
            ("log_level = 7", "log_level"),
            ("max_workers = 0", "max_workers"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains("/etc/q.conf") && e.contains(&format!("'{key}'")), "{text}: {e}");
        }
    }
}
