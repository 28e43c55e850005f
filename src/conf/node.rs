//! The test driver's node description file: what `test:///path/to/node.xml` opens.
//!
//! ```xml
//! <node>
//!   <cpu>
//!     <nodes>2</nodes> <sockets>2</sockets> <cores>2</cores> <threads>2</threads>
//!     <active>16</active> <mhz>1400</mhz> <model>i686</model>
//!   </cpu>
//!   <memory>3145728</memory>                      <!-- KiB; the unit attribute is ignored -->
//!   <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
//!     ... <test:runstate>3</test:runstate> <test:transient/> <test:hasmanagedsave/>
//!   </domain>
//!   <domain file='relative/or/absolute.xml'/>
//!   <network>...</network> <pool>...</pool> <interface>...</interface> <device>...</device>
//! </node>
//! ```
//!
//! Missing or empty CPU and memory elements keep `test:///default`'s values. The number
//! of CPUs is `nodes * sockets * cores * threads`, lowered to `<active>` when that is
//! smaller. Errors are reported from `VIR_FROM_TEST`, worded as libvirt words them.

use std::path::{Path, PathBuf};

use crate::conf::domain::DomainDef;
use crate::conf::units::{parse_uint, parse_ull};
use crate::conf::xml::{self, XmlElement, XmlNode};
use crate::error::{Code, Domain, Error, Result};

/// The namespace of the test driver's per-domain state elements.
pub const TEST_NAMESPACE: &str = "http://libvirt.org/schemas/domain/test/1.0";

/// `virNodeInfo` as the test driver reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    /// At most 31 bytes (the C field is `char model[32]`).
    pub model: String,
    pub memory_kib: u64,
    pub cpus: u32,
    pub mhz: u32,
    pub nodes: u32,
    pub sockets: u32,
    pub cores: u32,
    pub threads: u32,
}

impl NodeInfo {
    /// `test:///default`'s node: i686, 16 CPUs at 1400 MHz, 2 NUMA nodes of 2 sockets of
    /// 2 cores of 2 threads, 3145728 KiB.
    pub fn test_default() -> NodeInfo {
        NodeInfo {
            model: "i686".into(),
            memory_kib: 3145728,
            cpus: 16,
            mhz: 1400,
            nodes: 2,
            sockets: 2,
            cores: 2,
            threads: 2,
        }
    }
}

/// `virDomainState` values a node file may give in `<test:runstate>`.
pub mod runstate {
    pub const NOSTATE: u32 = 0;
    pub const RUNNING: u32 = 1;
    pub const BLOCKED: u32 = 2;
    pub const PAUSED: u32 = 3;
    pub const SHUTDOWN: u32 = 4;
    pub const SHUTOFF: u32 = 5;
    pub const CRASHED: u32 = 6;
    pub const PMSUSPENDED: u32 = 7;
    /// One past the last state (`VIR_DOMAIN_LAST`).
    pub const LAST: u32 = 8;
}

/// A domain from a node file and the state the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDomain {
    /// The definition, with the test driver's defaults applied.
    pub def: DomainDef,
    /// A [`runstate`] value; running when the file says nothing.
    pub runstate: u32,
    /// `<test:transient/>`: the domain has no persistent config.
    pub transient: bool,
    /// `<test:hasmanagedsave/>`: a managed save image exists (the domain is shut off).
    pub has_managed_save: bool,
}

impl NodeDomain {
    /// True for states where the domain has an id (everything but shut off).
    pub fn is_active(&self) -> bool {
        self.runstate != runstate::SHUTOFF
    }
}

/// The parsed node file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDescription {
    pub info: NodeInfo,
    /// Domains in file order. The driver gives ids 1, 2, ... to active ones in this order.
    pub domains: Vec<NodeDomain>,
    /// `<network>` elements (external `file=` references resolved), verbatim.
    pub networks: Vec<XmlElement>,
    /// `<pool>` elements with their `<volume>`s (both may be `file=` references).
    pub pools: Vec<NodePool>,
    /// `<interface>` elements, verbatim.
    pub interfaces: Vec<XmlElement>,
    /// `<device>` (node device) elements, verbatim.
    pub devices: Vec<XmlElement>,
    /// `<auth><user password='...'>name</user></auth>`: who may open the file (the
    /// password is optional). Empty means no authentication.
    pub auth_users: Vec<NodeAuthUser>,
}

/// A user of a node file's `<auth>` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeAuthUser {
    pub name: String,
    pub password: Option<String>,
}

/// A storage pool of a node file: the `<pool>` element without its `<volume>` children,
/// which come separately, each resolved like the pool itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePool {
    pub pool: XmlElement,
    pub volumes: Vec<XmlElement>,
}

fn test_xml_error(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_TEST, Code::VIR_ERR_XML_ERROR, msg)
}

impl NodeDescription {
    /// Reads and parses the node file at `path` (relative `file=` references are resolved
    /// against its directory) with this process's rights, as libvirt does.
    pub fn load(path: &Path) -> Result<NodeDescription> {
        NodeDescription::load_as(path, &FileAccess::Process)
    }

    /// Reads and parses the node file at `path`, and the files it refers to, with the rights
    /// `access` gives. For a daemon's client the whole load runs on a thread that takes the
    /// client's file system identity, so the kernel decides what the client could read
    /// (permissions, ACLs, every directory on the way), and a parse error names the file
    /// but never quotes it.
    pub fn load_as(path: &Path, access: &FileAccess) -> Result<NodeDescription> {
        let load = || -> Result<NodeDescription> {
            let text = read_node_file(path, access)?;
            let base = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
            NodeDescription::parse_as(&text, &path.display().to_string(), &base, access)
        };
        match access {
            FileAccess::Process => load(),
            FileAccess::Daemon => load().map_err(|e| without_contents(e, path)),
            FileAccess::Peer { uid, gid, groups } => std::thread::scope(|s| {
                let worker = std::thread::Builder::new().name("node-file".into()).spawn_scoped(s, || {
                    crate::sys::take_fs_identity(*uid, *gid, groups).map_err(|_| unreadable(path))?;
                    load().map_err(|e| without_contents(e, path))
                });
                match worker {
                    Ok(w) => w.join().unwrap_or_else(|_| Err(unreadable(path))),
                    Err(_) => Err(unreadable(path)),
                }
            }),
        }
    }

    /// Parses node file text; `filename` is used in parse error messages, `base_dir`
    /// resolves relative `file=` references.
    pub fn parse(text: &str, filename: &str, base_dir: &Path) -> Result<NodeDescription> {
        NodeDescription::parse_as(text, filename, base_dir, &FileAccess::Process)
    }

    /// [`NodeDescription::parse`], reading referenced files with `access`'s rights.
    fn parse_as(text: &str, filename: &str, base_dir: &Path, access: &FileAccess) -> Result<NodeDescription> {
        let doc = xml::parse_document(text, filename, Domain::VIR_FROM_TEST)?;
        xml::check_root(&doc, "node")?;
        let root = doc.root_element();
        let info = parse_node_info(root)?;
        let mut desc = NodeDescription {
            info,
            domains: Vec::new(),
            networks: Vec::new(),
            pools: Vec::new(),
            interfaces: Vec::new(),
            devices: Vec::new(),
            auth_users: Vec::new(),
        };
        for d in xml::children(root, "domain") {
            desc.domains.push(parse_node_domain(d, base_dir, access)?);
        }
        for n in xml::children(root, "pool") {
            desc.pools.push(load_maybe_external(n, base_dir, access, |pool| node_pool(pool, base_dir, access))?);
        }
        for (name, list) in [
            ("network", &mut desc.networks),
            ("interface", &mut desc.interfaces),
            ("device", &mut desc.devices),
        ] {
            for n in xml::children(root, name) {
                list.push(load_maybe_external(n, base_dir, access, Ok)?);
            }
        }
        desc.auth_users = parse_auth_users(root)?;
        Ok(desc)
    }
}

/// `/node/auth/user`, read last as libvirt's test driver does (after every other part).
fn parse_auth_users(root: roxmltree::Node) -> Result<Vec<NodeAuthUser>> {
    let mut users = Vec::new();
    for auth in xml::children(root, "auth") {
        for user in xml::children(auth, "user") {
            let name = xml::text_of(user);
            if name.is_empty() {
                return Err(test_xml_error("missing username in /node/auth/user field"));
            }
            users.push(NodeAuthUser { name, password: xml::attr(user, "password").map(str::to_string) });
        }
    }
    Ok(users)
}

fn parse_node_info(root: roxmltree::Node) -> Result<NodeInfo> {
    let mut info = NodeInfo::test_default();
    let cpu = xml::child(root, "cpu");
    let field = |name: &str| -> Result<Option<u32>> {
        let text = cpu.and_then(|c| xml::child_text(c, name)).filter(|t| !t.is_empty());
        match text {
            None => Ok(None),
            Some(t) => parse_uint(&t).map(Some).ok_or_else(|| test_xml_error(format!("invalid node cpu {name} value"))),
        }
    };
    if let Some(v) = field("nodes")? {
        info.nodes = v;
    }
    if let Some(v) = field("sockets")? {
        info.sockets = v;
    }
    if let Some(v) = field("cores")? {
        info.cores = v;
    }
    if let Some(v) = field("threads")? {
        info.threads = v;
    }
    info.cpus = info.nodes.wrapping_mul(info.sockets).wrapping_mul(info.cores).wrapping_mul(info.threads);
    if let Some(active) = field("active")? {
        if active < info.cpus {
            info.cpus = active;
        }
    }
    if let Some(v) = field("mhz")? {
        info.mhz = v;
    }
    if let Some(model) = cpu.and_then(|c| xml::child_text(c, "model")).filter(|t| !t.is_empty()) {
        if model.len() >= 32 {
            return Err(Error::new(
                Domain::VIR_FROM_TEST,
                Code::VIR_ERR_INTERNAL_ERROR,
                format!("Model {model} too big for destination"),
            ));
        }
        info.model = model;
    }
    if let Some(mem) = xml::child_text(root, "memory").filter(|t| !t.is_empty()) {
        info.memory_kib = parse_ull(&mem).ok_or_else(|| test_xml_error("invalid node memory value"))?;
    }
    Ok(info)
}

/// An element that is either inline or `<x file='path'/>`: the referenced file's root.
fn load_maybe_external<T>(
    node: roxmltree::Node,
    base_dir: &Path,
    access: &FileAccess,
    convert: impl Fn(XmlElement) -> Result<T>,
) -> Result<T> {
    match xml::attr(node, "file") {
        None => convert(XmlElement::from_node(node)),
        Some(file) => {
            let path = resolve(base_dir, file);
            let text = read_node_file(&path, access)?;
            let doc = xml::parse_document(&text, &path.display().to_string(), Domain::VIR_FROM_TEST)?;
            convert(XmlElement::from_node(doc.root_element()))
        }
    }
}

/// Splits a `<pool>` into the pool and its volumes, reading `<volume file='...'/>`
/// references relative to the node file's directory.
fn node_pool(mut pool: XmlElement, base_dir: &Path, access: &FileAccess) -> Result<NodePool> {
    let mut volumes = Vec::new();
    for v in pool.elements_named("volume") {
        match v.attr("file") {
            None => volumes.push(v.clone()),
            Some(file) => {
                let path = resolve(base_dir, file);
                let text = read_node_file(&path, access)?;
                let doc = xml::parse_document(&text, &path.display().to_string(), Domain::VIR_FROM_TEST)?;
                volumes.push(XmlElement::from_node(doc.root_element()));
            }
        }
    }
    pool.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == "volume"));
    Ok(NodePool { pool, volumes })
}

fn resolve(base_dir: &Path, file: &str) -> PathBuf {
    let p = Path::new(file);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base_dir.join(p)
    }
}

/// Whose rights a node file, and the files it refers to, are read with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileAccess {
    /// The calling process's: the library in process, as libvirt.
    #[default]
    Process,
    /// A daemon client's, from its UNIX socket's peer credentials (SO_PEERCRED and
    /// SO_PEERGROUPS): only what that user could read is read.
    Peer { uid: u32, gid: u32, groups: Vec<u32> },
    /// A daemon client with no local identity (TCP, TLS). Such a client has the whole
    /// read-write daemon at its command (libvirt has no read-only TCP access), and libvirtd
    /// opens its node files with the daemon's rights, as `test+tcp:///path` users expect:
    /// so do we, but regular files only, bounded, and errors never quote the file.
    Daemon,
}

/// The largest node file (or file one refers to) read: the XML parser's own bound.
pub const MAX_NODE_FILE_BYTES: usize = xml::MAX_DOCUMENT_BYTES;

/// libvirt's error for a node file it cannot load.
fn unreadable(path: &Path) -> Error {
    test_xml_error(format!("failed to parse xml document '{}'", path.display()))
}

/// Reads a node file: a regular file only (a device, FIFO or directory is refused without
/// reading), at most [`MAX_NODE_FILE_BYTES`].
fn read_node_file(path: &Path, _access: &FileAccess) -> Result<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore it.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|_| unreadable(path))?;
    match file.metadata() {
        Ok(m) if m.is_file() && m.len() <= MAX_NODE_FILE_BYTES as u64 => {}
        _ => return Err(unreadable(path)),
    }
    let mut bytes = Vec::new();
    file.take(MAX_NODE_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|_| unreadable(path))?;
    if bytes.len() > MAX_NODE_FILE_BYTES {
        return Err(unreadable(path));
    }
    String::from_utf8(bytes).map_err(|_| unreadable(path))
}

/// A daemon client's load error, without anything quoted from a file: parse errors carry
/// the offending line, and a root element's name is the file's text too.
fn without_contents(e: Error, path: &Path) -> Error {
    if e.code == Code::VIR_ERR_XML_DETAIL || e.domain == Domain::VIR_FROM_XML {
        unreadable(path)
    } else {
        e
    }
}

fn parse_node_domain(node: roxmltree::Node, base_dir: &Path, access: &FileAccess) -> Result<NodeDomain> {
    match xml::attr(node, "file") {
        None => node_domain_from(node),
        Some(file) => {
            let path = resolve(base_dir, file);
            let text = read_node_file(&path, access)?;
            let doc = xml::parse_document(&text, &path.display().to_string(), Domain::VIR_FROM_DOMAIN)?;
            xml::check_root(&doc, "domain")?;
            node_domain_from(doc.root_element())
        }
    }
}

fn node_domain_from(node: roxmltree::Node) -> Result<NodeDomain> {
    let mut def = DomainDef::from_node(node)?;
    def.apply_test_driver_defaults();
    let test_child = |name: &str| {
        node.children()
            .find(|c| c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(TEST_NAMESPACE))
    };
    let runstate = match test_child("runstate") {
        None => runstate::RUNNING,
        Some(n) => {
            let text = xml::text_of(n);
            let value = parse_uint(&text).ok_or_else(|| test_xml_error("invalid runstate"))?;
            if value >= runstate::LAST {
                return Err(test_xml_error(format!("runstate '{value}' out of range'")));
            }
            value
        }
    };
    let transient = test_child("transient").is_some();
    let has_managed_save = test_child("hasmanagedsave").is_some();
    if transient && runstate == runstate::SHUTOFF {
        return Err(test_xml_error("transient domain cannot have runstate 'shutoff'"));
    }
    if has_managed_save && runstate != runstate::SHUTOFF {
        return Err(test_xml_error("domain with managedsave data can only have runstate 'shutoff'"));
    }
    Ok(NodeDomain { def, runstate, transient, has_managed_save })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conf::domain::FormatOptions;

    fn parse(text: &str) -> Result<NodeDescription> {
        NodeDescription::parse(text, "/tmp/node.xml", Path::new("/nonexistent-dir"))
    }

    fn err(text: &str) -> Error {
        parse(text).unwrap_err()
    }

    #[test]
    fn only_bounded_regular_files_are_read() {
        let dir = std::env::temp_dir().join(format!("node-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("fifo.xml");
        let _ = std::fs::remove_file(&fifo);
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        // /dev/zero would be read forever, a FIFO would wait for a writer.
        for path in [Path::new("/dev/zero"), fifo.as_path(), dir.as_path()] {
            let started = std::time::Instant::now();
            let e = NodeDescription::load(path).unwrap_err();
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
            assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_TEST));
            assert_eq!(e.message, format!("XML error: failed to parse xml document '{}'", path.display()));
        }
        // In process, a parse error quotes the caller's own file, as libvirt's.
        let bad = dir.join("bad.xml");
        std::fs::write(&bad, "not xml\n").unwrap();
        let e = NodeDescription::load(&bad).unwrap_err();
        assert_eq!(e.message, format!("{}:1: Start tag expected, '<' not found\nnot xml\n^", bad.display()));
        // For a daemon's client it does not.
        let me = FileAccess::Peer { uid: crate::sys::euid(), gid: 0, groups: vec![0] };
        if crate::sys::euid() == 0 {
            let e = NodeDescription::load_as(&bad, &me).unwrap_err();
            assert_eq!(e.message, format!("XML error: failed to parse xml document '{}'", bad.display()));
        }
        let e = NodeDescription::load_as(&bad, &FileAccess::Daemon).unwrap_err();
        assert_eq!(e.message, format!("XML error: failed to parse xml document '{}'", bad.display()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    // Expected values below were observed with libvirt 9.0.0:
    // `virsh -c test:///tmp/ref/node/FILE.xml nodeinfo` and python3-libvirt
    // `libvirt.open("test:///...").getInfo()` on files holding each snippet.
    #[test]
    fn defaults_for_empty_node() {
        let d = parse("<node/>").unwrap();
        assert_eq!(d.info, NodeInfo::test_default());
        assert!(d.domains.is_empty());
    }

    #[test]
    fn cpu_fields_and_active() {
        let d = parse(
            "<node><cpu><nodes>1</nodes><sockets>4</sockets><cores>4</cores><threads>1</threads>\
             <active>4</active><mhz>4000</mhz><model>i686</model></cpu><memory>10000000</memory></node>",
        )
        .unwrap();
        assert_eq!(
            d.info,
            NodeInfo { model: "i686".into(), memory_kib: 10000000, cpus: 4, mhz: 4000, nodes: 1, sockets: 4, cores: 4, threads: 1 }
        );
        let info = |t: &str| parse(t).unwrap().info;
        assert_eq!(info("<node><cpu><nodes>3</nodes><sockets>1</sockets><cores>1</cores><threads>1</threads><active>50</active></cpu></node>").cpus, 3);
        assert_eq!(info("<node><cpu><active>0</active></cpu></node>").cpus, 0);
        assert_eq!(info("<node><cpu><cores>3</cores></cpu></node>").cpus, 24);
        assert_eq!(info("<node><cpu><nodes>0</nodes></cpu></node>").cpus, 0);
        assert_eq!(info("<node><cpu><nodes>+3</nodes></cpu></node>").nodes, 3);
        assert_eq!(info("<node><cpu><mhz></mhz><model></model></cpu></node>"), NodeInfo::test_default());
        assert_eq!(info("<node><memory unit='MiB'>10</memory></node>").memory_kib, 10);
        assert_eq!(info("<node><memory>0</memory></node>").memory_kib, 0);
        assert_eq!(info("<node><cpu><model>abcdefghijklmnopqrstuvwxyz01234</model></cpu></node>").model.len(), 31);
    }

    #[test]
    fn errors_match_reference() {
        let cases: &[(&str, Code, &str)] = &[
            ("<node><memory>x</memory></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node memory value"),
            ("<node><memory>-1</memory></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node memory value"),
            ("<node><cpu><nodes>x</nodes></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu nodes value"),
            ("<node><cpu><nodes> 3 </nodes></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu nodes value"),
            ("<node><cpu><nodes>0x3</nodes></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu nodes value"),
            ("<node><cpu><nodes>4294967296</nodes></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu nodes value"),
            ("<node><cpu><sockets>-1</sockets></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu sockets value"),
            ("<node><cpu><cores>x</cores></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu cores value"),
            ("<node><cpu><threads>x</threads></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu threads value"),
            ("<node><cpu><active>x</active></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu active value"),
            ("<node><cpu><mhz>x</mhz></cpu></node>", Code::VIR_ERR_XML_ERROR, "XML error: invalid node cpu mhz value"),
            (
                "<node><cpu><model>abcdefghijklmnopqrstuvwxyz012345</model></cpu></node>",
                Code::VIR_ERR_INTERNAL_ERROR,
                "internal error: Model abcdefghijklmnopqrstuvwxyz012345 too big for destination",
            ),
            (
                "<node><domain file='nope.xml'/></node>",
                Code::VIR_ERR_XML_ERROR,
                "XML error: failed to parse xml document '/nonexistent-dir/nope.xml'",
            ),
            (
                "<node><domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>a</name><memory>1</memory><test:runstate>8</test:runstate><os><type>hvm</type></os></domain></node>",
                Code::VIR_ERR_XML_ERROR,
                "XML error: runstate '8' out of range'",
            ),
            (
                "<node><domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>a</name><memory>1</memory><test:runstate>x</test:runstate><os><type>hvm</type></os></domain></node>",
                Code::VIR_ERR_XML_ERROR,
                "XML error: invalid runstate",
            ),
            (
                "<node><domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>a</name><memory>1</memory><test:transient/><test:hasmanagedsave/><test:runstate>5</test:runstate><os><type>hvm</type></os></domain></node>",
                Code::VIR_ERR_XML_ERROR,
                "XML error: transient domain cannot have runstate 'shutoff'",
            ),
            (
                "<node><domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>a</name><memory>1</memory><test:hasmanagedsave/><os><type>hvm</type></os></domain></node>",
                Code::VIR_ERR_XML_ERROR,
                "XML error: domain with managedsave data can only have runstate 'shutoff'",
            ),
        ];
        for (text, code, message) in cases {
            let e = err(text);
            assert_eq!((e.code, e.domain), (*code, Domain::VIR_FROM_TEST), "{text}");
            assert_eq!(&e.message, message, "{text}");
        }
        let e = err("<foo/>");
        assert_eq!(e.message, "XML error: expecting root element of 'node', not 'foo'");
        let e = err("<node><domain>");
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_DETAIL, Domain::VIR_FROM_TEST));
        assert_eq!(e.message, "/tmp/node.xml:1: Premature end of data in tag domain line 1\n<node><domain>\n--------------^");
        // Domain definition errors keep their own domain.
        let e = err("<node><domain type='test'><name>a/b</name><memory>1</memory><os><type>hvm</type></os></domain></node>");
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_DOMAIN));
        assert_eq!(e.message, "XML error: name a/b cannot contain '/'");
        let e = err("<node><domain><name>a</name><memory>1</memory><os><type>hvm</type></os></domain></node>");
        assert_eq!(e.message, "internal error: missing domain type attribute");
    }

    #[test]
    fn domains_states_and_files() {
        let dir = std::env::temp_dir().join(format!("conf-node-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ext.xml"),
            "<domain type='test'>\n  <name>ext</name>\n  <memory>1024</memory>\n  <os><type>hvm</type></os>\n</domain>\n",
        )
        .unwrap();
        let ns = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";
        let node = format!(
            "<node>\n<domain type='test'><name>inl</name><uuid>4a64cc71-19c4-2fd0-2323-3050941ea3c3</uuid>\
             <memory>8388608</memory><currentMemory>2097152</currentMemory><vcpu>2</vcpu>\
             <os><type arch='i686'>hvm</type></os></domain>\
             <domain type='test' {ns}><name>paused</name><memory>8388608</memory><test:runstate>3</test:runstate><os><type>hvm</type></os></domain>\
             <domain type='test' {ns}><name>trans</name><memory>8388608</memory><test:transient/><os><type>hvm</type></os></domain>\
             <domain type='test' {ns}><name>msave</name><memory>8388608</memory><test:runstate>5</test:runstate><test:hasmanagedsave/><os><type>hvm</type></os></domain>\
             <domain type='test' xmlns:test='http://example.com/'><name>wrongns</name><memory>1</memory><test:runstate>5</test:runstate><os><type>hvm</type></os></domain>\
             <domain file='ext.xml'/>\n<network><name>n1</name></network><pool type='dir'><name>p</name></pool></node>"
        );
        std::fs::write(dir.join("node.xml"), &node).unwrap();
        let d = NodeDescription::load(&dir.join("node.xml")).unwrap();
        let summary: Vec<(&str, u32, bool, bool)> = d
            .domains
            .iter()
            .map(|n| (n.def.name.as_str(), n.runstate, n.transient, n.has_managed_save))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("inl", 1, false, false),
                ("paused", 3, false, false),
                ("trans", 1, true, false),
                ("msave", 5, false, true),
                ("wrongns", 1, false, false),
                ("ext", 1, false, false),
            ]
        );
        // `virsh -c test:///.../node.xml dumpxml inl` (id 1).
        let expected = "<domain type='test' id='1'>\n  <name>inl</name>\n  <uuid>4a64cc71-19c4-2fd0-2323-3050941ea3c3</uuid>\n  <memory unit='KiB'>8388608</memory>\n  <currentMemory unit='KiB'>2097152</currentMemory>\n  <vcpu placement='static'>2</vcpu>\n  <os>\n    <type arch='i686'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n  <devices>\n  </devices>\n</domain>\n";
        assert_eq!(d.domains[0].def.format(FormatOptions { live_id: Some(1), ..Default::default() }), expected);
        assert_eq!(d.networks.len(), 1);
        assert_eq!(d.pools[0].pool.attr("type"), Some("dir"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
