//! Errors: the typed [`Error`] every layer returns, and its conversion to libvirt's
//! `virError` at the C edge.
//!
//! libvirt keeps one last error per thread (read back with `virGetLastError`) and a copy
//! on the connection the failing call was made on (`virConnGetLastError`). Public entry
//! points report a failure through [`dispatch`], which fills both and then calls the
//! connection's error handler, else the global one, else prints the default line to stderr.

use std::cell::RefCell;
use std::ffi::CString;
use std::fmt;

pub use crate::abi::virterror::{virErrorDomain, virErrorLevel, virErrorNumber};

pub use crate::abi::virterror::virErrorDomain as Domain;
pub use crate::abi::virterror::virErrorNumber as Code;

/// A libvirt error: code, domain and the formatted message, plus libvirt's extra fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: virErrorNumber,
    pub domain: virErrorDomain,
    pub message: String,
    pub level: virErrorLevel,
    pub str1: Option<String>,
    pub str2: Option<String>,
    pub str3: Option<String>,
    pub int1: i32,
    pub int2: i32,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error formatted the way libvirt's `virReportError(code, "%s", detail)` formats
    /// it: the code's template with the detail filled in ("Domain not found: no domain
    /// with matching name 'x'"), or the bare template when `detail` is empty.
    pub fn new(domain: virErrorDomain, code: virErrorNumber, detail: impl Into<String>) -> Error {
        let detail = detail.into();
        let (bare, with_info) = templates(code);
        let (template, message) = if detail.is_empty() {
            (bare, bare.to_string())
        } else {
            (with_info, with_info.replacen("%s", &detail, 1))
        };
        Error {
            code,
            domain,
            message,
            level: virErrorLevel::VIR_ERR_ERROR,
            str1: Some(template.to_string()),
            str2: if detail.is_empty() { None } else { Some(detail) },
            str3: None,
            int1: -1,
            int2: -1,
        }
    }

    /// An error whose message is taken as is (errors received from a peer, XML parser
    /// details), without the code's template.
    pub fn raw(domain: virErrorDomain, code: virErrorNumber, message: impl Into<String>) -> Error {
        Error {
            code,
            domain,
            message: message.into(),
            level: virErrorLevel::VIR_ERR_ERROR,
            str1: None,
            str2: None,
            str3: None,
            int1: -1,
            int2: -1,
        }
    }

    /// `VIR_ERR_NO_SUPPORT` for a public API the connection's driver lacks:
    /// "this function is not supported by the connection driver: virXxx".
    pub fn no_support(domain: virErrorDomain, api: &str) -> Error {
        Error::new(domain, Code::VIR_ERR_NO_SUPPORT, api)
    }

    /// `VIR_ERR_INVALID_ARG` as the public API checks report it:
    /// "invalid argument: <api>: <what>" is how libvirt words argument checks.
    pub fn invalid_arg(domain: virErrorDomain, detail: impl Into<String>) -> Error {
        Error::new(domain, Code::VIR_ERR_INVALID_ARG, detail)
    }

    /// `VIR_ERR_INTERNAL_ERROR` with a detail.
    pub fn internal(domain: virErrorDomain, detail: impl Into<String>) -> Error {
        Error::new(domain, Code::VIR_ERR_INTERNAL_ERROR, detail)
    }

    /// `VIR_ERR_SYSTEM_ERROR` for a failed system call: "<what>: <strerror>".
    pub fn system(domain: virErrorDomain, what: &str, err: &std::io::Error) -> Error {
        let mut e = Error::new(domain, Code::VIR_ERR_SYSTEM_ERROR, format!("{what}: {}", strerror(err)));
        e.int1 = err.raw_os_error().unwrap_or(0);
        e
    }
}

impl Error {
    /// The C view of this error; `string` puts each string where the caller wants it
    /// owned (kept alongside, or `malloc`ed for the application).
    pub(crate) fn to_c(&self, mut string: impl FnMut(&str) -> *mut libc::c_char) -> crate::abi::virError {
        let mut opt = |s: Option<&str>| s.map(&mut string).unwrap_or(std::ptr::null_mut());
        let mut c = crate::abi::virError::zeroed();
        c.code = self.code as i32;
        c.domain = self.domain as i32;
        c.message = opt(Some(&self.message));
        c.level = self.level as i32;
        c.str1 = opt(self.str1.as_deref());
        c.str2 = opt(self.str2.as_deref());
        c.str3 = opt(self.str3.as_deref());
        c.int1 = self.int1;
        c.int2 = self.int2;
        c
    }
}

/// libc's wording of an errno ("No such file or directory"), without Rust's " (os error N)".
fn strerror(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The display name libvirt prints for an error domain ("Domain", "Test Driver", ...).
pub fn domain_name(domain: i32) -> &'static str {
    const NAMES: [&str; 72] = [
        "", "Xen Driver", "Xen Daemon", "Xen Store", "S-Expression",
        "XML Util", "Domain", "XML-RPC", "Proxy Daemon", "Config File",
        "QEMU Driver", "Network", "Test Driver", "Remote Driver", "OpenVZ Driver",
        "Xen XM Driver", "Linux Statistics", "LXC Driver", "Storage Driver", "Network Driver",
        "Domain Config", "User Mode Linux Driver", "Node Device Driver", "Xen Inotify Driver", "Security Driver",
        "VirtualBox Driver", "Network Interface Driver", "Open Nebula Driver", "ESX Driver", "Power Hypervisor Driver",
        "Secrets Driver", "CPU Driver", "XenAPI Driver", "Network Filter Driver", "Lifecycle Hook",
        "Domain Snapshot", "Audit Utils", "Sysinfo Utils", "I/O Stream Utils", "VMware Driver",
        "Event Loop", "Xen Light Driver", "Lock Driver", "Hyper-V Driver", "Capabilities Utils",
        "URI Utils", "Authentication Utils", "DBus Utils", "Parallels Cloud Server", "Device Config",
        "SSH transport layer", "Lock Space", "Init control", "Identity", "Cgroup",
        "Access Manager", "Systemd", "Bhyve", "Crypto", "Firewall",
        "Polkit", "Thread jobs", "Admin Interface", "Log Manager", "Xen XL Config",
        "Perf", "Libssh transport layer", "Resource control", "FirewallD", "Domain Checkpoint",
        "TPM", "BPF",
    ];
    usize::try_from(domain).ok().and_then(|i| NAMES.get(i)).copied().unwrap_or("Unknown")
}

/// libvirt's two message templates for a code: without and with detail (`%s`).
pub fn templates(code: virErrorNumber) -> (&'static str, &'static str) {
    use virErrorNumber::*;
    match code {
        VIR_ERR_OK => ("", "%s"),
        VIR_ERR_INTERNAL_ERROR => ("internal error", "internal error: %s"),
        VIR_ERR_NO_MEMORY => ("out of memory", "out of memory: %s"),
        VIR_ERR_NO_SUPPORT => (
            "this function is not supported by the connection driver",
            "this function is not supported by the connection driver: %s",
        ),
        VIR_ERR_UNKNOWN_HOST => ("unknown host", "unknown host %s"),
        VIR_ERR_NO_CONNECT => ("no connection driver available", "no connection driver available for %s"),
        VIR_ERR_INVALID_CONN => ("invalid connection pointer in", "invalid connection pointer in %s"),
        VIR_ERR_INVALID_DOMAIN => ("invalid domain pointer in", "invalid domain pointer in %s"),
        VIR_ERR_INVALID_ARG => ("invalid argument", "invalid argument: %s"),
        VIR_ERR_OPERATION_FAILED => ("operation failed", "operation failed: %s"),
        VIR_ERR_GET_FAILED => ("GET operation failed", "GET operation failed: %s"),
        VIR_ERR_POST_FAILED => ("POST operation failed", "POST operation failed: %s"),
        VIR_ERR_HTTP_ERROR => ("got unknown HTTP error code", "got unknown HTTP error code %s"),
        VIR_ERR_SEXPR_SERIAL => ("failed to serialize S-Expr", "failed to serialize S-Expr: %s"),
        VIR_ERR_NO_XEN => ("could not use Xen hypervisor entry", "could not use Xen hypervisor entry %s"),
        VIR_ERR_XEN_CALL => ("failed Xen syscall", "failed Xen syscall %s"),
        VIR_ERR_OS_TYPE => ("unknown OS type", "unknown OS type %s"),
        VIR_ERR_NO_KERNEL => ("missing kernel information", "missing kernel information: %s"),
        VIR_ERR_NO_ROOT => ("missing root device information", "missing root device information in %s"),
        VIR_ERR_NO_SOURCE => ("missing source information for device", "missing source information for device %s"),
        VIR_ERR_NO_TARGET => ("missing target information for device", "missing target information for device %s"),
        VIR_ERR_NO_NAME => ("missing name information", "missing name information in %s"),
        VIR_ERR_NO_OS => ("missing operating system information", "missing operating system information for %s"),
        VIR_ERR_NO_DEVICE => ("missing devices information", "missing devices information for %s"),
        VIR_ERR_NO_XENSTORE => ("could not connect to Xen Store", "could not connect to Xen Store %s"),
        VIR_ERR_DRIVER_FULL => ("too many drivers registered", "too many drivers registered in %s"),
        VIR_ERR_CALL_FAILED => ("library call failed", "library call failed: %s"),
        VIR_ERR_XML_ERROR => ("XML description is invalid or not well formed", "XML error: %s"),
        VIR_ERR_DOM_EXIST => ("this domain exists already", "domain %s exists already"),
        VIR_ERR_OPERATION_DENIED => ("operation forbidden for read only access", "operation forbidden: %s"),
        VIR_ERR_OPEN_FAILED => ("failed to open configuration file", "failed to open configuration file %s"),
        VIR_ERR_READ_FAILED => ("failed to read configuration file", "failed to read configuration file %s"),
        VIR_ERR_PARSE_FAILED => ("failed to parse configuration file", "failed to parse configuration file %s"),
        VIR_ERR_CONF_SYNTAX => ("configuration file syntax error", "configuration file syntax error: %s"),
        VIR_ERR_WRITE_FAILED => ("failed to write configuration file", "failed to write configuration file: %s"),
        VIR_ERR_XML_DETAIL => ("parser error", "%s"),
        VIR_ERR_INVALID_NETWORK => ("invalid network pointer in", "invalid network pointer in %s"),
        VIR_ERR_NETWORK_EXIST => ("this network exists already", "network %s exists already"),
        VIR_ERR_SYSTEM_ERROR => ("system call error", "%s"),
        VIR_ERR_RPC => ("RPC error", "%s"),
        VIR_ERR_GNUTLS_ERROR => ("GNUTLS call error", "%s"),
        VIR_WAR_NO_NETWORK => ("Failed to find the network", "Failed to find the network: %s"),
        VIR_ERR_NO_DOMAIN => ("Domain not found", "Domain not found: %s"),
        VIR_ERR_NO_NETWORK => ("Network not found", "Network not found: %s"),
        VIR_ERR_INVALID_MAC => ("invalid MAC address", "invalid MAC address: %s"),
        VIR_ERR_AUTH_FAILED => ("authentication failed", "authentication failed: %s"),
        VIR_ERR_INVALID_STORAGE_POOL => ("invalid storage pool pointer in", "invalid storage pool pointer in %s"),
        VIR_ERR_INVALID_STORAGE_VOL => ("invalid storage volume pointer in", "invalid storage volume pointer in %s"),
        VIR_WAR_NO_STORAGE => ("Failed to find a storage driver", "Failed to find a storage driver: %s"),
        VIR_ERR_NO_STORAGE_POOL => ("Storage pool not found", "Storage pool not found: %s"),
        VIR_ERR_NO_STORAGE_VOL => ("Storage volume not found", "Storage volume not found: %s"),
        VIR_WAR_NO_NODE => ("Failed to find a node driver", "Failed to find a node driver: %s"),
        VIR_ERR_INVALID_NODE_DEVICE => ("invalid node device pointer", "invalid node device pointer in %s"),
        VIR_ERR_NO_NODE_DEVICE => ("Node device not found", "Node device not found: %s"),
        VIR_ERR_NO_SECURITY_MODEL => ("Security model not found", "Security model not found: %s"),
        VIR_ERR_OPERATION_INVALID => ("Requested operation is not valid", "Requested operation is not valid: %s"),
        VIR_WAR_NO_INTERFACE => ("Failed to find the interface", "Failed to find the interface: %s"),
        VIR_ERR_NO_INTERFACE => ("Interface not found", "Interface not found: %s"),
        VIR_ERR_INVALID_INTERFACE => ("invalid interface pointer in", "invalid interface pointer in %s"),
        VIR_ERR_MULTIPLE_INTERFACES => ("multiple matching interfaces found", "multiple matching interfaces found: %s"),
        VIR_WAR_NO_NWFILTER => ("Failed to start the nwfilter driver", "Failed to start the nwfilter driver: %s"),
        VIR_ERR_INVALID_NWFILTER => ("Invalid network filter", "Invalid network filter: %s"),
        VIR_ERR_NO_NWFILTER => ("Network filter not found", "Network filter not found: %s"),
        VIR_ERR_BUILD_FIREWALL => ("Error while building firewall", "Error while building firewall: %s"),
        VIR_WAR_NO_SECRET => ("Failed to find a secret storage driver", "Failed to find a secret storage driver: %s"),
        VIR_ERR_INVALID_SECRET => ("Invalid secret", "Invalid secret: %s"),
        VIR_ERR_NO_SECRET => ("Secret not found", "Secret not found: %s"),
        VIR_ERR_CONFIG_UNSUPPORTED => ("unsupported configuration", "unsupported configuration: %s"),
        VIR_ERR_OPERATION_TIMEOUT => ("Timed out during operation", "Timed out during operation: %s"),
        VIR_ERR_MIGRATE_PERSIST_FAILED => (
            "Failed to make domain persistent after migration",
            "Failed to make domain persistent after migration: %s",
        ),
        VIR_ERR_HOOK_SCRIPT_FAILED => ("Hook script execution failed", "Hook script execution failed: %s"),
        VIR_ERR_INVALID_DOMAIN_SNAPSHOT => ("Invalid domain snapshot", "Invalid domain snapshot: %s"),
        VIR_ERR_NO_DOMAIN_SNAPSHOT => ("Domain snapshot not found", "Domain snapshot not found: %s"),
        VIR_ERR_INVALID_STREAM => ("invalid stream pointer", "invalid stream pointer in %s"),
        VIR_ERR_ARGUMENT_UNSUPPORTED => ("argument unsupported", "argument unsupported: %s"),
        VIR_ERR_STORAGE_PROBE_FAILED => ("Storage pool probe failed", "Storage pool probe failed: %s"),
        VIR_ERR_STORAGE_POOL_BUILT => ("Storage pool already built", "Storage pool already built: %s"),
        VIR_ERR_SNAPSHOT_REVERT_RISKY => ("revert requires force", "revert requires force: %s"),
        VIR_ERR_OPERATION_ABORTED => ("operation aborted", "operation aborted: %s"),
        VIR_ERR_AUTH_CANCELLED => ("authentication cancelled", "authentication cancelled: %s"),
        VIR_ERR_NO_DOMAIN_METADATA => ("metadata not found", "metadata not found: %s"),
        VIR_ERR_MIGRATE_UNSAFE => ("Unsafe migration", "Unsafe migration: %s"),
        VIR_ERR_OVERFLOW => ("numerical overflow", "numerical overflow: %s"),
        VIR_ERR_BLOCK_COPY_ACTIVE => ("block copy still active", "block copy still active: %s"),
        VIR_ERR_OPERATION_UNSUPPORTED => ("Operation not supported", "Operation not supported: %s"),
        VIR_ERR_SSH => ("SSH transport error", "SSH transport error: %s"),
        VIR_ERR_AGENT_UNRESPONSIVE => ("Guest agent is not responding", "Guest agent is not responding: %s"),
        VIR_ERR_RESOURCE_BUSY => ("resource busy", "resource busy: %s"),
        VIR_ERR_ACCESS_DENIED => ("access denied", "access denied: %s"),
        VIR_ERR_DBUS_SERVICE => ("error from service", "error from service: %s"),
        VIR_ERR_STORAGE_VOL_EXIST => ("this storage volume exists already", "storage volume %s exists already"),
        VIR_ERR_CPU_INCOMPATIBLE => ("the CPU is incompatible with host CPU", "the CPU is incompatible with host CPU: %s"),
        VIR_ERR_XML_INVALID_SCHEMA => (
            "XML document failed to validate against schema",
            "XML document failed to validate against schema: %s",
        ),
        VIR_ERR_MIGRATE_FINISH_OK => ("migration successfully aborted", "migration successfully aborted: %s"),
        VIR_ERR_AUTH_UNAVAILABLE => ("authentication unavailable", "authentication unavailable: %s"),
        VIR_ERR_NO_SERVER => ("Server not found", "Server not found: %s"),
        VIR_ERR_NO_CLIENT => ("Client not found", "Client not found: %s"),
        VIR_ERR_AGENT_UNSYNCED => (
            "guest agent replied with wrong id to guest-sync command",
            "guest agent replied with wrong id to guest-sync command: %s",
        ),
        VIR_ERR_LIBSSH => ("libssh transport error", "libssh transport error: %s"),
        VIR_ERR_DEVICE_MISSING => ("device not found", "device not found: %s"),
        VIR_ERR_INVALID_NWFILTER_BINDING => ("Invalid network filter binding", "Invalid network filter binding: %s"),
        VIR_ERR_NO_NWFILTER_BINDING => ("Network filter binding not found", "Network filter binding not found: %s"),
        VIR_ERR_INVALID_DOMAIN_CHECKPOINT => ("Invalid domain checkpoint", "Invalid domain checkpoint: %s"),
        VIR_ERR_NO_DOMAIN_CHECKPOINT => ("Domain checkpoint not found", "Domain checkpoint not found: %s"),
        VIR_ERR_NO_DOMAIN_BACKUP => ("Domain backup job id not found", "Domain backup job id not found: %s"),
        VIR_ERR_INVALID_NETWORK_PORT => ("Invalid network port pointer", "Invalid network port pointer: %s"),
        VIR_ERR_NETWORK_PORT_EXIST => ("this network port exists already", "network port %s exists already"),
        VIR_ERR_NO_NETWORK_PORT => ("network port not found", "network port not found: %s"),
        VIR_ERR_NO_HOSTNAME => ("no hostname found", "no hostname found: %s"),
        VIR_ERR_CHECKPOINT_INCONSISTENT => ("checkpoint inconsistent", "checkpoint inconsistent: %s"),
        VIR_ERR_MULTIPLE_DOMAINS => ("multiple matching domains found", "multiple matching domains found: %s"),
    }
}

/// The error codes by number, for errors that arrive as plain integers (from a peer).
pub fn code_from_i32(n: i32) -> Option<virErrorNumber> {
    if (0..=virErrorNumber::VIR_ERR_MULTIPLE_DOMAINS as i32).contains(&n) {
        CODES.get(n as usize).copied()
    } else {
        None
    }
}

macro_rules! code_table {
    ($($c:ident),* $(,)?) => { const CODES: &[virErrorNumber] = &[$(virErrorNumber::$c),*]; };
}
code_table!(
    VIR_ERR_OK, VIR_ERR_INTERNAL_ERROR, VIR_ERR_NO_MEMORY, VIR_ERR_NO_SUPPORT, VIR_ERR_UNKNOWN_HOST,
    VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_INVALID_DOMAIN, VIR_ERR_INVALID_ARG,
    VIR_ERR_OPERATION_FAILED, VIR_ERR_GET_FAILED, VIR_ERR_POST_FAILED, VIR_ERR_HTTP_ERROR,
    VIR_ERR_SEXPR_SERIAL, VIR_ERR_NO_XEN, VIR_ERR_XEN_CALL, VIR_ERR_OS_TYPE, VIR_ERR_NO_KERNEL,
    VIR_ERR_NO_ROOT, VIR_ERR_NO_SOURCE, VIR_ERR_NO_TARGET, VIR_ERR_NO_NAME, VIR_ERR_NO_OS,
    VIR_ERR_NO_DEVICE, VIR_ERR_NO_XENSTORE, VIR_ERR_DRIVER_FULL, VIR_ERR_CALL_FAILED,
    VIR_ERR_XML_ERROR, VIR_ERR_DOM_EXIST, VIR_ERR_OPERATION_DENIED, VIR_ERR_OPEN_FAILED,
    VIR_ERR_READ_FAILED, VIR_ERR_PARSE_FAILED, VIR_ERR_CONF_SYNTAX, VIR_ERR_WRITE_FAILED,
    VIR_ERR_XML_DETAIL, VIR_ERR_INVALID_NETWORK, VIR_ERR_NETWORK_EXIST, VIR_ERR_SYSTEM_ERROR,
    VIR_ERR_RPC, VIR_ERR_GNUTLS_ERROR, VIR_WAR_NO_NETWORK, VIR_ERR_NO_DOMAIN, VIR_ERR_NO_NETWORK,
    VIR_ERR_INVALID_MAC, VIR_ERR_AUTH_FAILED, VIR_ERR_INVALID_STORAGE_POOL,
    VIR_ERR_INVALID_STORAGE_VOL, VIR_WAR_NO_STORAGE, VIR_ERR_NO_STORAGE_POOL,
    VIR_ERR_NO_STORAGE_VOL, VIR_WAR_NO_NODE, VIR_ERR_INVALID_NODE_DEVICE, VIR_ERR_NO_NODE_DEVICE,
    VIR_ERR_NO_SECURITY_MODEL, VIR_ERR_OPERATION_INVALID, VIR_WAR_NO_INTERFACE,
    VIR_ERR_NO_INTERFACE, VIR_ERR_INVALID_INTERFACE, VIR_ERR_MULTIPLE_INTERFACES,
    VIR_WAR_NO_NWFILTER, VIR_ERR_INVALID_NWFILTER, VIR_ERR_NO_NWFILTER, VIR_ERR_BUILD_FIREWALL,
    VIR_WAR_NO_SECRET, VIR_ERR_INVALID_SECRET, VIR_ERR_NO_SECRET, VIR_ERR_CONFIG_UNSUPPORTED,
    VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_MIGRATE_PERSIST_FAILED, VIR_ERR_HOOK_SCRIPT_FAILED,
    VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_ERR_INVALID_STREAM,
    VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_ERR_STORAGE_PROBE_FAILED, VIR_ERR_STORAGE_POOL_BUILT,
    VIR_ERR_SNAPSHOT_REVERT_RISKY, VIR_ERR_OPERATION_ABORTED, VIR_ERR_AUTH_CANCELLED,
    VIR_ERR_NO_DOMAIN_METADATA, VIR_ERR_MIGRATE_UNSAFE, VIR_ERR_OVERFLOW,
    VIR_ERR_BLOCK_COPY_ACTIVE, VIR_ERR_OPERATION_UNSUPPORTED, VIR_ERR_SSH,
    VIR_ERR_AGENT_UNRESPONSIVE, VIR_ERR_RESOURCE_BUSY, VIR_ERR_ACCESS_DENIED,
    VIR_ERR_DBUS_SERVICE, VIR_ERR_STORAGE_VOL_EXIST, VIR_ERR_CPU_INCOMPATIBLE,
    VIR_ERR_XML_INVALID_SCHEMA, VIR_ERR_MIGRATE_FINISH_OK, VIR_ERR_AUTH_UNAVAILABLE,
    VIR_ERR_NO_SERVER, VIR_ERR_NO_CLIENT, VIR_ERR_AGENT_UNSYNCED, VIR_ERR_LIBSSH,
    VIR_ERR_DEVICE_MISSING, VIR_ERR_INVALID_NWFILTER_BINDING, VIR_ERR_NO_NWFILTER_BINDING,
    VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_ERR_NO_DOMAIN_BACKUP,
    VIR_ERR_INVALID_NETWORK_PORT, VIR_ERR_NETWORK_PORT_EXIST, VIR_ERR_NO_NETWORK_PORT,
    VIR_ERR_NO_HOSTNAME, VIR_ERR_CHECKPOINT_INCONSISTENT, VIR_ERR_MULTIPLE_DOMAINS,
);

// ---------------------------------------------------------------------------------------
// The last error of this thread, as the C side sees it.

/// A `virError` as C reads it, with the strings it points at owned alongside.
/// The struct is boxed so the pointer `virGetLastError` hands out stays put.
pub(crate) struct LastError {
    pub(crate) error: Option<Error>,
    pub(crate) c: Box<crate::abi::virError>,
    strings: Vec<CString>,
}

// SAFETY: the raw pointers in `c` point only into `strings`, which the struct owns and
// moves with it; nothing else aliases them, so moving a LastError between threads is sound.
unsafe impl Send for LastError {}

impl Default for LastError {
    fn default() -> LastError {
        LastError::new()
    }
}

impl LastError {
    fn new() -> LastError {
        LastError { error: None, c: Box::new(crate::abi::virError::zeroed()), strings: Vec::new() }
    }

    pub(crate) fn set(&mut self, err: Option<Error>) {
        self.strings.clear();
        let strings = &mut self.strings;
        *self.c = match &err {
            Some(e) => e.to_c(|s| {
                let cs = c_string(s);
                let p = cs.as_ptr() as *mut libc::c_char;
                strings.push(cs);
                p
            }),
            None => crate::abi::virError::zeroed(),
        };
        self.error = err;
    }
}

/// A CString from text that may contain NUL bytes (from a peer): cut at the first NUL.
pub fn c_string(s: &str) -> CString {
    let bytes = s.as_bytes();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

thread_local! {
    static LAST: RefCell<LastError> = RefCell::new(LastError::new());
}

/// Runs `f` on this thread's last error.
pub(crate) fn with_last<R>(f: impl FnOnce(&mut LastError) -> R) -> R {
    LAST.with(|l| f(&mut l.borrow_mut()))
}

/// The last error of this thread, if any.
pub fn last_error() -> Option<Error> {
    with_last(|l| l.error.clone())
}

/// Forget this thread's last error (every public API does this on entry).
pub fn reset_last_error() {
    with_last(|l| {
        if l.error.is_some() {
            l.set(None)
        }
    });
}

/// Store `err` as this thread's last error without calling any handler.
pub fn set_last_error(err: Error) {
    with_last(|l| l.set(Some(err)));
}

/// The error domains by number, for domains that arrive as plain integers.
pub fn domain_from_i32(n: i32) -> Option<virErrorDomain> {
    usize::try_from(n).ok().and_then(|i| DOMAINS.get(i)).copied()
}

macro_rules! domain_table {
    ($($d:ident),* $(,)?) => { const DOMAINS: &[virErrorDomain] = &[$(virErrorDomain::$d),*]; };
}
domain_table!(
    VIR_FROM_NONE, VIR_FROM_XEN, VIR_FROM_XEND, VIR_FROM_XENSTORE, VIR_FROM_SEXPR,
    VIR_FROM_XML, VIR_FROM_DOM, VIR_FROM_RPC, VIR_FROM_PROXY, VIR_FROM_CONF,
    VIR_FROM_QEMU, VIR_FROM_NET, VIR_FROM_TEST, VIR_FROM_REMOTE, VIR_FROM_OPENVZ,
    VIR_FROM_XENXM, VIR_FROM_STATS_LINUX, VIR_FROM_LXC, VIR_FROM_STORAGE, VIR_FROM_NETWORK,
    VIR_FROM_DOMAIN, VIR_FROM_UML, VIR_FROM_NODEDEV, VIR_FROM_XEN_INOTIFY, VIR_FROM_SECURITY,
    VIR_FROM_VBOX, VIR_FROM_INTERFACE, VIR_FROM_ONE, VIR_FROM_ESX, VIR_FROM_PHYP,
    VIR_FROM_SECRET, VIR_FROM_CPU, VIR_FROM_XENAPI, VIR_FROM_NWFILTER, VIR_FROM_HOOK,
    VIR_FROM_DOMAIN_SNAPSHOT, VIR_FROM_AUDIT, VIR_FROM_SYSINFO, VIR_FROM_STREAMS, VIR_FROM_VMWARE,
    VIR_FROM_EVENT, VIR_FROM_LIBXL, VIR_FROM_LOCKING, VIR_FROM_HYPERV, VIR_FROM_CAPABILITIES,
    VIR_FROM_URI, VIR_FROM_AUTH, VIR_FROM_DBUS, VIR_FROM_PARALLELS, VIR_FROM_DEVICE,
    VIR_FROM_SSH, VIR_FROM_LOCKSPACE, VIR_FROM_INITCTL, VIR_FROM_IDENTITY, VIR_FROM_CGROUP,
    VIR_FROM_ACCESS, VIR_FROM_SYSTEMD, VIR_FROM_BHYVE, VIR_FROM_CRYPTO, VIR_FROM_FIREWALL,
    VIR_FROM_POLKIT, VIR_FROM_THREAD, VIR_FROM_ADMIN, VIR_FROM_LOGGING, VIR_FROM_XENXL,
    VIR_FROM_PERF, VIR_FROM_LIBSSH, VIR_FROM_RESCTRL, VIR_FROM_FIREWALLD, VIR_FROM_DOMAIN_CHECKPOINT,
    VIR_FROM_TPM, VIR_FROM_BPF, VIR_FROM_CH,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_indexed_by_number() {
        for (i, c) in CODES.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
        for (i, d) in DOMAINS.iter().enumerate() {
            assert_eq!(*d as usize, i);
        }
        assert_eq!(code_from_i32(3), Some(Code::VIR_ERR_NO_SUPPORT));
        assert_eq!(code_from_i32(-1), None);
        assert_eq!(code_from_i32(111), None);
        assert_eq!(domain_from_i32(12), Some(Domain::VIR_FROM_TEST));
        assert_eq!(domain_from_i32(73), None);
    }

    #[test]
    fn messages_follow_libvirt_templates() {
        let e = Error::no_support(Domain::VIR_FROM_DOMAIN, "virDomainFoo");
        assert_eq!(e.message, "this function is not supported by the connection driver: virDomainFoo");
        assert_eq!(e.str1.as_deref(), Some("this function is not supported by the connection driver: %s"));
        assert_eq!(Error::new(Domain::VIR_FROM_TEST, Code::VIR_ERR_NO_DOMAIN, "").message, "Domain not found");
        assert_eq!(Error::new(Domain::VIR_FROM_TEST, Code::VIR_ERR_DOM_EXIST, "x").message, "domain x exists already");
        assert_eq!(Error::raw(Domain::VIR_FROM_NONE, Code::VIR_ERR_INVALID_ARG, "as is").message, "as is");
        let io = std::io::Error::from_raw_os_error(libc::ENOENT);
        let e = Error::system(Domain::VIR_FROM_NONE, "cannot open x", &io);
        assert_eq!(e.message, "cannot open x: No such file or directory");
        assert_eq!(e.int1, libc::ENOENT);
    }

    #[test]
    fn domain_names() {
        assert_eq!(domain_name(Domain::VIR_FROM_DOM as i32), "Domain");
        assert_eq!(domain_name(Domain::VIR_FROM_DOMAIN as i32), "Domain Config");
        assert_eq!(domain_name(Domain::VIR_FROM_TEST as i32), "Test Driver");
        assert_eq!(domain_name(500), "Unknown");
    }

    #[test]
    fn last_error_is_per_thread() {
        set_last_error(Error::internal(Domain::VIR_FROM_NONE, "here"));
        assert!(last_error().is_some());
        std::thread::spawn(|| assert!(last_error().is_none())).join().unwrap();
        reset_last_error();
        assert!(last_error().is_none());
    }
}
