//! The domain definition: `<domain>` XML to [`DomainDef`] and back.
//!
//! [`DomainDef::parse`] does what libvirt's generic parser and post-parse steps do for
//! every driver (UUID and MAC generation, memory units, defaults, implicit controllers,
//! disk addresses, console/serial pairing, ...), with libvirt's error codes and messages.
//! Driver-specific defaults are separate hooks, e.g.
//! [`DomainDef::apply_test_driver_defaults`]. [`DomainDef::format`] writes the XML
//! `virDomainGetXMLDesc` returns, byte for byte as libvirt 9.0.0 writes it.
//!
//! Settings this model does not type (blkiotune, cputune, numatune, sysinfo, seclabel,
//! timers, most of `<cpu>`, ...) are kept as [`XmlElement`]s and written back at the
//! place libvirt writes them, so a definition survives define/dumpxml unchanged.

pub mod devices;
pub mod metadata;
mod postparse;
#[cfg(test)]
mod tests;

pub use devices::*;

use crate::conf::units::{parse_memory_kib, parse_uint};
use crate::conf::uuid::Uuid;
use crate::conf::xml::{self, Buf, XmlElement, XmlNode};
use crate::error::{Code, Domain, Error, Result};

/// The `<domain type=...>` values libvirt knows.
pub const VIRT_TYPES: &[&str] = &[
    "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test", "vmware", "hyperv", "vbox", "phyp",
    "parallels", "bhyve", "vz",
];

/// The `<os><type>` values libvirt knows.
pub const OS_TYPES: &[&str] = &["hvm", "xen", "linux", "exe", "uml", "xenpvh"];

/// The architecture names libvirt knows.
pub const ARCHES: &[&str] = &[
    "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "loongarch64", "m68k",
    "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc",
    "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc",
    "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb",
];

/// The namespace of `<qemu:commandline>` and friends.
pub const QEMU_NAMESPACE: &str = "http://libvirt.org/schemas/domain/qemu/1.0";

/// Top-level elements kept verbatim, in the order libvirt writes them (the typed ones
/// are written between them by [`DomainDef::format`]).
const KEPT_TOP_LEVEL: &[&str] = &[
    "blkiotune", "memtune", "memoryBacking", "vcpus", "iothreads", "iothreadids", "defaultiothread", "cputune",
    "numatune", "resource", "sysinfo", "bootloader", "bootloader_args", "idmap", "perf", "seclabel", "keywrap",
    "launchSecurity",
];

/// `<features>` children in libvirt's output order.
const FEATURES: &[&str] = &[
    "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm", "pvspinlock", "capabilities", "pmu",
    "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen", "cfpc",
    "sbbc", "ibs", "tcg",
];
/// On/off features whose `state` defaults to `on`.
const FEATURES_STATE_DEFAULT_ON: &[&str] = &["hap", "pmu", "vmport", "smm", "pvspinlock", "vmcoreinfo"];
/// On/off features whose `state` must be given.
const FEATURES_STATE_REQUIRED: &[&str] = &["htm", "nested-hv", "ccf-assist"];
/// Containers libvirt always writes with an open and a close tag.
const FEATURES_EXPANDED: &[&str] = &["hyperv", "kvm", "xen"];

const LIFECYCLE_ACTIONS: &[&str] = &["destroy", "restart", "rename-restart", "preserve"];
const CRASH_ACTIONS: &[&str] =
    &["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];
const LOCKFAILURE_ACTIONS: &[&str] = &["default", "poweroff", "restart", "pause", "ignore"];
const CLOCK_OFFSETS: &[&str] = &["utc", "localtime", "variable", "timezone", "absolute"];
const BOOT_DEVS: &[&str] = &["fd", "cdrom", "hd", "network"];
/// libvirt keeps at most this many `<boot dev>` entries (`VIR_DOMAIN_BOOT_LAST`).
const MAX_BOOT_DEVS: usize = 4;

// ---------------------------------------------------------------------------------------
// Errors, worded as libvirt words them.

pub(crate) fn xml_error(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_XML_ERROR, msg)
}

pub(crate) fn unsupported(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_CONFIG_UNSUPPORTED, msg)
}

pub(crate) fn internal(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INTERNAL_ERROR, msg)
}

/// "Invalid value for attribute 'a' in element 'e': 'v'." (from libvirt's XML helpers).
pub(crate) fn invalid_attr(attr: &str, element: &str, value: &str) -> Error {
    Error::new(
        Domain::VIR_FROM_XML,
        Code::VIR_ERR_XML_ERROR,
        format!("Invalid value for attribute '{attr}' in element '{element}': '{value}'."),
    )
}

/// "Missing required attribute 'a' in element 'e'" (from libvirt's XML helpers).
pub(crate) fn missing_attr(attr: &str, element: &str) -> Error {
    Error::new(
        Domain::VIR_FROM_XML,
        Code::VIR_ERR_XML_ERROR,
        format!("Missing required attribute '{attr}' in element '{element}'"),
    )
}

/// The checks libvirt applies to a domain name while parsing a definition: not empty
/// (`VIR_ERR_NO_NAME`), no `/` (`VIR_ERR_XML_ERROR`), no newline (`VIR_ERR_XML_DETAIL`).
pub fn validate_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_NO_NAME, ""));
    }
    check_name_slash(name, Domain::VIR_FROM_DOMAIN)?;
    if name.contains('\n') {
        return Err(Error::new(Domain::VIR_FROM_XML, Code::VIR_ERR_XML_DETAIL, "invalid char in name: \n"));
    }
    Ok(())
}

/// "XML error: name a/b cannot contain '/'", reported from `err_domain` (the test
/// driver's rename reports it from `VIR_FROM_TEST`).
pub fn check_name_slash(name: &str, err_domain: Domain) -> Result<()> {
    if name.contains('/') {
        return Err(Error::new(err_domain, Code::VIR_ERR_XML_ERROR, format!("name {name} cannot contain '/'")));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The model.

/// How to write a definition (the `virDomainGetXMLDesc` flags that matter here).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// The domain's id when it is running: printed as `id='N'` unless `inactive`.
    pub live_id: Option<i32>,
    /// `VIR_DOMAIN_XML_INACTIVE`: the persistent view, without runtime details.
    pub inactive: bool,
    /// `VIR_DOMAIN_XML_SECURE`: include passwords.
    pub secure: bool,
}

impl From<&FormatOptions> for FormatOptions {
    fn from(o: &FormatOptions) -> FormatOptions {
        *o
    }
}

impl FormatOptions {
    /// The live view of a running domain.
    pub fn is_live(&self) -> bool {
        self.live_id.is_some() && !self.inactive
    }
}

/// `<maxMemory slots='N'>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxMemory {
    pub kib: u64,
    pub slots: u32,
}

/// `<vcpu>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vcpu {
    /// The maximum number of vCPUs (the element's text); 1 when absent.
    pub max: u32,
    /// `current='N'`, printed when it differs from `max`.
    pub current: Option<u32>,
    /// `static` or `auto`.
    pub placement: String,
    /// Normalised `cpuset`.
    pub cpuset: Option<String>,
}

impl Vcpu {
    /// The number of vCPUs the domain starts with.
    pub fn current(&self) -> u32 {
        self.current.unwrap_or(self.max)
    }
}

/// `<loader>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loader {
    pub path: Option<String>,
    /// readonly, secure, type, stateless, format (in that order when written).
    pub attrs: Vec<(String, String)>,
}

const LOADER_ATTRS: &[&str] = &["readonly", "secure", "type", "stateless", "format"];

/// `<bootmenu>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BootMenu {
    pub enable: bool,
    pub timeout: Option<String>,
}

/// `<os>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Os {
    /// `<os firmware='efi'>`.
    pub firmware: Option<String>,
    /// `hvm`, `xen`, `linux`, `exe`, `uml`, `xenpvh`.
    pub os_type: String,
    /// Filled by the driver's defaults when absent (`i686` on the test driver).
    pub arch: Option<String>,
    pub machine: Option<String>,
    /// `<firmware>` feature list, kept verbatim.
    pub firmware_features: Option<XmlElement>,
    pub loader: Option<Loader>,
    pub nvram: Option<XmlElement>,
    pub kernel: Option<String>,
    pub initrd: Option<String>,
    pub cmdline: Option<String>,
    pub dtb: Option<String>,
    pub acpi: Option<XmlElement>,
    pub init: Option<String>,
    pub initargs: Vec<String>,
    pub initenv: Vec<(String, String)>,
    pub initdir: Option<String>,
    pub inituser: Option<String>,
    pub initgroup: Option<String>,
    /// `fd`, `cdrom`, `hd`, `network`, at most four.
    pub boot_devs: Vec<String>,
    pub bootmenu: Option<BootMenu>,
    pub bios: Option<XmlElement>,
    pub smbios: Option<XmlElement>,
}

/// `<clock>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    /// `utc`, `localtime`, `variable`, `timezone`, `absolute`.
    pub offset: String,
    pub adjustment: Option<String>,
    pub basis: Option<String>,
    pub timezone: Option<String>,
    pub start: Option<String>,
    /// `<timer>` elements, verbatim.
    pub timers: Vec<XmlElement>,
}

impl Default for Clock {
    fn default() -> Clock {
        Clock { offset: "utc".into(), adjustment: None, basis: None, timezone: None, start: None, timers: Vec::new() }
    }
}

/// `<pm>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pm {
    pub suspend_to_mem: Option<bool>,
    pub suspend_to_disk: Option<bool>,
}

/// A domain definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainDef {
    /// `<domain type=...>`: `test`, `qemu`, `kvm`, ...
    pub virt_type: String,
    pub name: String,
    pub uuid: Uuid,
    pub genid: Option<Uuid>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The `<metadata>` element, sanitised as libvirt keeps it (one element per
    /// namespace, none without one).
    pub metadata: Option<XmlElement>,
    pub max_memory: Option<MaxMemory>,
    /// `<memory>` in KiB (the maximum the domain may have).
    pub memory_kib: u64,
    /// `<currentMemory>` in KiB.
    pub current_memory_kib: u64,
    pub vcpu: Vcpu,
    pub os: Os,
    /// `<features>` children, in libvirt's order.
    pub features: Vec<XmlElement>,
    /// `<cpu>`, verbatim with libvirt's defaults filled in.
    pub cpu: Option<XmlElement>,
    pub clock: Clock,
    pub on_poweroff: String,
    pub on_reboot: String,
    pub on_crash: String,
    pub on_lockfailure: Option<String>,
    pub pm: Pm,
    pub devices: Devices,
    /// Other top-level settings libvirt knows ([`KEPT_TOP_LEVEL`]), verbatim.
    pub extra: Vec<XmlElement>,
    /// Elements in the QEMU namespace (`<qemu:commandline>`), written with the `qemu`
    /// prefix. Drivers that do not support them drop them.
    pub namespace_elements: Vec<XmlElement>,
}

impl DomainDef {
    /// Parses a domain definition, filling in libvirt's generic defaults. Pure: no
    /// driver state is consulted.
    pub fn parse(text: &str) -> Result<DomainDef> {
        let doc = xml::parse_document(text, "(domain_definition)", Domain::VIR_FROM_DOMAIN)?;
        xml::check_root(&doc, "domain")?;
        DomainDef::from_node(doc.root_element())
    }

    /// Parses a `<domain>` element of an already parsed document (a node file's inline
    /// domains).
    pub fn from_node(root_node: roxmltree::Node) -> Result<DomainDef> {
        DomainDef::from_node_with(root_node, &|_| Ok(()))
    }

    /// [`DomainDef::parse`] with a driver's defaults applied where libvirt applies them:
    /// after reading the XML, before the generic post-parse steps add implicit devices
    /// (so a driver's default controllers come before those, as in libvirt's output).
    pub fn parse_with_driver_defaults(text: &str, defaults: &dyn Fn(&mut DomainDef) -> Result<()>) -> Result<DomainDef> {
        let doc = xml::parse_document(text, "(domain_definition)", Domain::VIR_FROM_DOMAIN)?;
        xml::check_root(&doc, "domain")?;
        DomainDef::from_node_with(doc.root_element(), defaults)
    }

    /// The post-parse steps again, on a parsed definition that changed (a device added or
    /// replaced): `defaults` as in [`DomainDef::parse_with_driver_defaults`], then the
    /// generic steps; what is already filled in stays.
    pub fn reapply_defaults(&mut self, defaults: &dyn Fn(&mut DomainDef) -> Result<()>) -> Result<()> {
        defaults(self)?;
        postparse::run(self)
    }

    fn from_node_with(root_node: roxmltree::Node, defaults: &dyn Fn(&mut DomainDef) -> Result<()>) -> Result<DomainDef> {
        let root = XmlElement::from_node(root_node);
        let mut def = DomainDef::parse_root(&root)?;
        if let Some(meta) = xml::child(root_node, "metadata") {
            def.metadata = Some(parse_metadata(meta));
        }
        defaults(&mut def)?;
        postparse::run(&mut def)?;
        Ok(def)
    }

    fn parse_root(root: &XmlElement) -> Result<DomainDef> {
        let virt_type = root.attr("type").ok_or_else(|| internal("missing domain type attribute"))?.to_string();
        if !VIRT_TYPES.contains(&virt_type.as_str()) {
            return Err(unsupported(format!("invalid domain type {virt_type}")));
        }
        let text_of = |name: &str| root.child(name).map(element_text).filter(|t| !t.is_empty());

        let name = text_of("name").unwrap_or_default();
        validate_name(&name)?;

        let uuid = match text_of("uuid") {
            None => Uuid::generate(),
            Some(t) => Uuid::parse(&t).ok_or_else(|| internal("malformed uuid element"))?,
        };
        let genid = match root.child("genid").map(element_text) {
            None => None,
            Some(t) if t.is_empty() => Some(Uuid::generate()),
            Some(t) => Some(Uuid::parse(&t).ok_or_else(|| internal("malformed genid element"))?),
        };
        let title = text_of("title");
        if title.as_deref().is_some_and(|t| t.contains('\n')) {
            return Err(xml_error("Domain title can't contain newlines"));
        }
        let description = text_of("description");

        let mem = |name: &str| -> Result<Option<u64>> {
            let el = root.child(name);
            let text = el.map(element_text);
            parse_memory_kib(text.as_deref(), el.and_then(|e| e.attr("unit")), &format!("./{name}[1]"))
        };
        let max_memory_kib = mem("maxMemory")?;
        let memory_kib = mem("memory")?.unwrap_or(0);
        let current_memory_kib = mem("currentMemory")?.unwrap_or(0);
        let max_memory = match max_memory_kib {
            None => None,
            Some(kib) => {
                let slots = root.child("maxMemory").and_then(|e| e.attr("slots")).and_then(parse_uint);
                match slots {
                    Some(slots) if kib > 0 && slots > 0 => Some(MaxMemory { kib, slots }),
                    _ => return Err(xml_error("both maximum memory size and memory slot count must be specified")),
                }
            }
        };

        let vcpu = parse_vcpu(root.child("vcpu"))?;
        let bootloader_present = root.child("bootloader").is_some();
        let os = parse_os(root.child("os"), bootloader_present)?;
        let features = match root.child("features") {
            None => Vec::new(),
            Some(f) => parse_features(f)?,
        };
        let cpu = root.child("cpu").map(canonical_cpu);
        let clock = parse_clock(root.child("clock"))?;

        let action = |name: &str, allowed: &[&str], default: &str| -> Result<String> {
            match text_of(name) {
                None => Ok(default.to_string()),
                Some(v) if allowed.contains(&v.as_str()) => Ok(v),
                Some(v) => {
                    Err(unsupported(format!("unknown {name} action: {v}")))
                }
            }
        };
        let on_poweroff = action("on_poweroff", LIFECYCLE_ACTIONS, "destroy")?;
        let on_reboot = match action("on_reboot", CRASH_ACTIONS, "restart")? {
            v if v.starts_with("coredump-") => {
                return Err(unsupported(format!("Lifecycle event 'reboot' doesn't support '{v}' action")))
            }
            v => v,
        };
        if on_poweroff.starts_with("coredump-") {
            return Err(unsupported(format!("Lifecycle event 'poweroff' doesn't support '{on_poweroff}' action")));
        }
        let on_crash = action("on_crash", CRASH_ACTIONS, "destroy")?;
        let on_lockfailure = match text_of("on_lockfailure") {
            None => None,
            Some(v) if LOCKFAILURE_ACTIONS.contains(&v.as_str()) => Some(v),
            Some(v) => return Err(unsupported(format!("unknown on_lockfailure action: {v}"))),
        };
        let pm = parse_pm(root.child("pm"))?;
        let devices = match root.child("devices") {
            Some(d) => Devices::parse(d)?,
            None => Devices::default(),
        };
        let mut extra = root
            .elements()
            .filter(|e| e.namespace.is_none() && KEPT_TOP_LEVEL.contains(&e.name.as_str()))
            .cloned()
            .map(canonical_extra)
            .collect::<Result<Vec<_>>>()?;
        extra.sort_by_key(|e| KEPT_TOP_LEVEL.iter().position(|n| *n == e.name));
        let namespace_elements = root
            .elements()
            .filter(|e| e.namespace.as_deref() == Some(QEMU_NAMESPACE))
            .map(|e| with_qemu_prefix(e.clone()))
            .collect();

        Ok(DomainDef {
            virt_type,
            name,
            uuid,
            genid,
            title,
            description,
            metadata: None,
            max_memory,
            memory_kib,
            current_memory_kib,
            vcpu,
            os,
            features,
            cpu,
            clock,
            on_poweroff,
            on_reboot,
            on_crash,
            on_lockfailure,
            pm,
            devices,
            extra,
            namespace_elements,
        })
    }

    /// The defaults libvirt's test driver adds to every definition it accepts: the
    /// architecture from its capabilities (`i686`), `testnetN` names for interfaces
    /// without a target device, and no hypervisor namespace elements.
    pub fn apply_test_driver_defaults(&mut self) {
        if self.os.arch.is_none() {
            self.os.arch = Some("i686".into());
        }
        for i in 0..self.devices.interfaces.len() {
            if self.devices.interfaces[i].target_dev.is_some() {
                continue;
            }
            let used: Vec<String> =
                self.devices.interfaces.iter().filter_map(|n| n.target_dev.clone()).collect();
            if let Some(name) = (0..1024).map(|n| format!("testnet{n}")).find(|c| !used.contains(c)) {
                self.devices.interfaces[i].target_dev = Some(name);
            }
        }
        self.namespace_elements.clear();
    }

    /// `<memory>` in KiB: what `virDomainGetMaxMemory` and `virDomainInfo.maxMem` report
    /// (not `<maxMemory>`, the hotplug limit).
    pub fn max_memory_kib(&self) -> u64 {
        self.memory_kib
    }

    /// `<currentMemory>` in KiB (`virDomainInfo.memory`).
    pub fn current_memory_kib(&self) -> u64 {
        self.current_memory_kib
    }

    /// Sets `<memory>`; the current allocation is lowered to fit.
    pub fn set_max_memory_kib(&mut self, kib: u64) {
        self.memory_kib = kib;
        if self.current_memory_kib > kib {
            self.current_memory_kib = kib;
        }
    }

    /// Sets `<currentMemory>`; the caller checks it against [`DomainDef::max_memory_kib`].
    pub fn set_current_memory_kib(&mut self, kib: u64) {
        self.current_memory_kib = kib;
    }

    /// The vCPUs the domain has (`current`, else the maximum).
    pub fn vcpus(&self) -> u32 {
        self.vcpu.current()
    }

    /// The maximum number of vCPUs (`<vcpu>`'s text).
    pub fn max_vcpus(&self) -> u32 {
        self.vcpu.max
    }

    /// Sets the current vCPU count; the caller checks it against the maximum.
    pub fn set_vcpus(&mut self, n: u32) {
        self.vcpu.current = if n == self.vcpu.max { None } else { Some(n) };
    }

    /// Sets the maximum vCPU count; the current count is lowered to fit.
    pub fn set_max_vcpus(&mut self, n: u32) {
        let current = self.vcpu.current().min(n);
        self.vcpu.max = n;
        self.vcpu.current = if current == n { None } else { Some(current) };
    }

    /// `<os><type>`: `hvm`, `xen`, `linux`, `exe`, ...
    pub fn os_type(&self) -> &str {
        &self.os.os_type
    }

    /// The definition as `virDomainGetXMLDesc` writes it. Takes the options by value or
    /// by reference.
    pub fn format(&self, opts: impl Into<FormatOptions>) -> String {
        let opts: FormatOptions = opts.into();
        let mut b = Buf::new();
        let mut root_attrs: Vec<(&str, Option<String>)> = vec![("type", Some(self.virt_type.clone()))];
        if let Some(id) = opts.live_id.filter(|_| !opts.inactive) {
            root_attrs.push(("id", Some(id.to_string())));
        }
        if !self.namespace_elements.is_empty() {
            root_attrs.push(("xmlns:qemu", Some(QEMU_NAMESPACE.to_string())));
        }
        b.open("domain", &root_attrs);
        b.text_element("name", &[], &self.name);
        b.text_element("uuid", &[], &self.uuid.to_string());
        if let Some(g) = &self.genid {
            b.text_element("genid", &[], &g.to_string());
        }
        if let Some(t) = &self.title {
            b.text_element("title", &[], t);
        }
        if let Some(d) = &self.description {
            b.text_element("description", &[], d);
        }
        if let Some(m) = &self.metadata {
            b.line(&m.format_libxml2(b.indent() / 2));
        }
        if let Some(m) = &self.max_memory {
            b.text_element(
                "maxMemory",
                &[("slots", Some(m.slots.to_string())), ("unit", Some("KiB".into()))],
                &m.kib.to_string(),
            );
        }
        let kib = Some("KiB".to_string());
        b.text_element("memory", &[("unit", kib.clone())], &self.memory_kib.to_string());
        b.text_element("currentMemory", &[("unit", kib)], &self.current_memory_kib.to_string());
        self.format_extra(&mut b, &["blkiotune", "memtune", "memoryBacking"]);
        let current = self.vcpu.current.filter(|&c| c != self.vcpu.max).map(|c| c.to_string());
        b.text_element(
            "vcpu",
            &[
                ("placement", Some(self.vcpu.placement.clone())),
                ("cpuset", self.vcpu.cpuset.clone()),
                ("current", current),
            ],
            &self.vcpu.max.to_string(),
        );
        self.format_extra(
            &mut b,
            &[
                "vcpus", "iothreads", "iothreadids", "defaultiothread", "cputune", "numatune", "resource", "sysinfo",
                "bootloader", "bootloader_args",
            ],
        );
        self.format_os(&mut b);
        self.format_extra(&mut b, &["idmap"]);
        if !self.features.is_empty() {
            b.open("features", &[]);
            for f in &self.features {
                if FEATURES_EXPANDED.contains(&f.name.as_str()) {
                    b.raw_element_expanded(f);
                } else {
                    b.raw_element(f);
                }
            }
            b.close("features");
        }
        if let Some(cpu) = &self.cpu {
            b.raw_element(cpu);
        }
        self.format_clock(&mut b);
        b.text_element("on_poweroff", &[], &self.on_poweroff);
        b.text_element("on_reboot", &[], &self.on_reboot);
        b.text_element("on_crash", &[], &self.on_crash);
        if let Some(l) = &self.on_lockfailure {
            b.text_element("on_lockfailure", &[], l);
        }
        if self.pm.suspend_to_mem.is_some() || self.pm.suspend_to_disk.is_some() {
            b.open("pm", &[]);
            let yn = |v: bool| Some(if v { "yes" } else { "no" }.to_string());
            if let Some(v) = self.pm.suspend_to_mem {
                b.empty("suspend-to-mem", &[("enabled", yn(v))]);
            }
            if let Some(v) = self.pm.suspend_to_disk {
                b.empty("suspend-to-disk", &[("enabled", yn(v))]);
            }
            b.close("pm");
        }
        self.format_extra(&mut b, &["perf"]);
        self.devices.format(&mut b, &opts);
        self.format_extra(&mut b, &["seclabel", "keywrap", "launchSecurity"]);
        for e in &self.namespace_elements {
            b.raw_element(e);
        }
        b.close("domain");
        b.into_string()
    }

    fn format_extra(&self, b: &mut Buf, names: &[&str]) {
        for name in names {
            for e in self.extra.iter().filter(|e| e.name == *name) {
                b.raw_element(e);
            }
        }
    }

    fn format_os(&self, b: &mut Buf) {
        let os = &self.os;
        b.open("os", &[("firmware", os.firmware.clone())]);
        // libvirt writes a Xen guest's "xen" OS type with its old name.
        let os_type = if self.virt_type == "xen" && os.os_type == "xen" { "linux" } else { os.os_type.as_str() };
        b.text_element("type", &[("arch", os.arch.clone()), ("machine", os.machine.clone())], os_type);
        if let Some(f) = &os.firmware_features {
            b.raw_element(f);
        }
        if let Some(l) = &os.loader {
            let attrs: Vec<(&str, Option<String>)> =
                l.attrs.iter().map(|(k, v)| (k.as_str(), Some(v.clone()))).collect();
            match &l.path {
                Some(p) => b.text_element("loader", &attrs, p),
                None => b.empty("loader", &attrs),
            }
        }
        if let Some(n) = &os.nvram {
            b.raw_element(n);
        }
        for (name, value) in [("kernel", &os.kernel), ("initrd", &os.initrd), ("cmdline", &os.cmdline), ("dtb", &os.dtb)] {
            if let Some(v) = value {
                b.text_element(name, &[], v);
            }
        }
        if let Some(a) = &os.acpi {
            b.raw_element(a);
        }
        if let Some(v) = &os.init {
            b.text_element("init", &[], v);
        }
        for a in &os.initargs {
            b.text_element("initarg", &[], a);
        }
        for (k, v) in &os.initenv {
            b.text_element("initenv", &[("name", Some(k.clone()))], v);
        }
        for (name, value) in [("initdir", &os.initdir), ("inituser", &os.inituser), ("initgroup", &os.initgroup)] {
            if let Some(v) = value {
                b.text_element(name, &[], v);
            }
        }
        for d in &os.boot_devs {
            b.empty("boot", &[("dev", Some(d.clone()))]);
        }
        if let Some(m) = &os.bootmenu {
            b.empty(
                "bootmenu",
                &[("enable", Some(if m.enable { "yes" } else { "no" }.into())), ("timeout", m.timeout.clone())],
            );
        }
        if let Some(e) = &os.bios {
            b.raw_element(e);
        }
        if let Some(e) = &os.smbios {
            b.raw_element(e);
        }
        b.close("os");
    }

    fn format_clock(&self, b: &mut Buf) {
        let c = &self.clock;
        let attrs = [
            ("offset", Some(c.offset.clone())),
            ("adjustment", c.adjustment.clone()),
            ("basis", c.basis.clone()),
            ("timezone", c.timezone.clone()),
            ("start", c.start.clone()),
        ];
        if c.timers.is_empty() {
            b.empty("clock", &attrs);
        } else {
            b.open("clock", &attrs);
            for t in &c.timers {
                b.raw_element(t);
            }
            b.close("clock");
        }
    }
}

/// `string(./x)`: all the text below an element.
fn element_text(el: &XmlElement) -> String {
    let mut out = String::new();
    for c in &el.children {
        match c {
            XmlNode::Text(t) | XmlNode::CData(t) => out.push_str(t),
            XmlNode::Element(e) => out.push_str(&element_text(e)),
            _ => {}
        }
    }
    out
}

fn parse_vcpu(el: Option<&XmlElement>) -> Result<Vcpu> {
    let Some(el) = el else {
        return Ok(Vcpu { max: 1, current: None, placement: "static".into(), cpuset: None });
    };
    let text = element_text(el);
    let max = if text.is_empty() {
        1
    } else {
        parse_uint(&text).ok_or_else(|| xml_error("maximum vcpus count must be an integer"))?
    };
    if max == 0 {
        return Err(internal("CPU IDs in <numa> exceed the <vcpu> count"));
    }
    let current = match el.attr("current") {
        None => None,
        Some(v) => Some(parse_uint(v).ok_or_else(|| {
            Error::new(
                Domain::VIR_FROM_XML,
                Code::VIR_ERR_XML_ERROR,
                format!("Invalid value for attribute 'current' in element 'vcpu': '{v}'. Expected non-negative integer value"),
            )
        })?),
    };
    if current.is_some_and(|c| c > max) {
        return Err(unsupported("maximum vCPU count must not be less than current vCPU count"));
    }
    let placement = match el.attr("placement") {
        None => "static".to_string(),
        Some(p @ ("static" | "auto")) => p.to_string(),
        Some(p) => return Err(invalid_attr("placement", "vcpu", p)),
    };
    let cpuset = match el.attr("cpuset") {
        None => None,
        Some(s) => Some(crate::conf::bitmap::Bitmap::parse(s)?.format()),
    };
    Ok(Vcpu { max, current, placement, cpuset })
}

fn parse_os(el: Option<&XmlElement>, bootloader_present: bool) -> Result<Os> {
    let no_type = || xml_error("an os <type> must be specified");
    let el = el.ok_or_else(no_type)?;
    let type_el = el.child("type").ok_or_else(no_type)?;
    let os_type = element_text(type_el);
    if os_type.is_empty() {
        return Err(no_type());
    }
    if !OS_TYPES.contains(&os_type.as_str()) {
        return Err(unsupported(format!("unknown OS type '{os_type}'")));
    }
    let arch = type_el.attr("arch").map(str::to_string);
    if let Some(a) = &arch {
        if !ARCHES.contains(&a.as_str()) {
            return Err(unsupported(format!("Unknown architecture {a}")));
        }
    }
    let text = |name: &str| el.child(name).map(element_text).filter(|t| !t.is_empty());
    let mut os = Os {
        firmware: el.attr("firmware").map(str::to_string),
        os_type,
        arch,
        machine: type_el.attr("machine").map(str::to_string),
        firmware_features: el.child("firmware").cloned(),
        nvram: el.child("nvram").cloned(),
        kernel: text("kernel"),
        initrd: text("initrd"),
        cmdline: text("cmdline"),
        dtb: text("dtb"),
        acpi: el.child("acpi").cloned(),
        init: text("init"),
        initargs: el.elements_named("initarg").map(element_text).collect(),
        initenv: el
            .elements_named("initenv")
            .map(|e| (e.attr("name").unwrap_or("").to_string(), element_text(e)))
            .collect(),
        initdir: text("initdir"),
        inituser: text("inituser"),
        initgroup: text("initgroup"),
        smbios: el.child("smbios").cloned(),
        ..Os::default()
    };
    if os.os_type == "exe" && os.init.is_none() {
        return Err(xml_error("init binary must be specified"));
    }
    if let Some(l) = el.child("loader") {
        let path = Some(element_text(l)).filter(|p| !p.is_empty());
        let mut attrs = Vec::new();
        for name in LOADER_ATTRS {
            if let Some(v) = l.attr(name) {
                attrs.push((name.to_string(), v.to_string()));
            } else if *name == "type" && path.is_some() {
                attrs.push(("type".into(), "rom".into()));
            }
        }
        os.loader = Some(Loader { path, attrs });
    }
    if !bootloader_present {
        for b in el.elements_named("boot") {
            let dev = b.attr("dev").ok_or_else(|| missing_attr("dev", "boot"))?;
            if !BOOT_DEVS.contains(&dev) {
                return Err(invalid_attr("dev", "boot", dev));
            }
            if os.boot_devs.len() < MAX_BOOT_DEVS {
                os.boot_devs.push(dev.to_string());
            }
        }
        if let Some(m) = el.child("bootmenu") {
            let enable = match m.attr("enable") {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                None => None,
                Some(v) => return Err(invalid_attr("enable", "bootmenu", v)),
            };
            if let Some(enable) = enable {
                os.bootmenu = Some(BootMenu { enable, timeout: m.attr("timeout").map(str::to_string) });
            }
        }
        os.bios = el.child("bios").cloned();
    }
    Ok(os)
}

fn parse_features(el: &XmlElement) -> Result<Vec<XmlElement>> {
    let mut out: Vec<XmlElement> = Vec::new();
    for f in el.elements() {
        let name = f.name.as_str();
        if f.namespace.is_some() || !FEATURES.contains(&name) {
            return Err(unsupported(format!("unexpected feature '{}'", f.name)));
        }
        if out.iter().any(|o| o.name == name) {
            continue;
        }
        let mut f = f.clone();
        f.children.retain(|c| !matches!(c, XmlNode::Text(t) if t.trim().is_empty()));
        if FEATURES_STATE_DEFAULT_ON.contains(&name) {
            f.insert_attr(0, "state", "on");
        }
        if FEATURES_STATE_REQUIRED.contains(&name) && f.attr("state").is_none() {
            return Err(missing_attr("state", name));
        }
        let allowed_values: &[&str] = match name {
            "ibs" => &["broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na"],
            "cfpc" | "sbbc" => &["broken", "workaround", "fixed"],
            _ => &[],
        };
        if !allowed_values.is_empty() {
            match f.attr("value") {
                None => return Err(missing_attr("value", name)),
                Some(v) if !allowed_values.contains(&v) => return Err(invalid_attr("value", name, v)),
                _ => {}
            }
        }
        match name {
            "hyperv" => f.insert_attr(0, "mode", "custom"),
            "ioapic" if f.attr("driver").is_none() => continue,
            _ => {}
        }
        out.push(f);
    }
    out.sort_by_key(|f| FEATURES.iter().position(|n| *n == f.name));
    Ok(out)
}

/// `<cpu>` with libvirt's defaults: `mode='custom' match='exact'` for a named model,
/// `fallback='allow'`, `policy='require'`, `dies='1'`.
fn canonical_cpu(el: &XmlElement) -> XmlElement {
    let mut cpu = el.clone();
    let has_model = cpu.child("model").is_some_and(|m| !element_text(m).is_empty());
    if cpu.attr("mode").is_none() && (has_model || cpu.attr("match").is_some()) {
        cpu.insert_attr(0, "mode", "custom");
    }
    if cpu.attr("mode") == Some("custom") && has_model && cpu.attr("match").is_none() {
        cpu.insert_attr(1, "match", "exact");
    }
    let order = ["mode", "match", "check", "migratable"];
    cpu.attrs.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
    let mode = cpu.attr("mode").unwrap_or("custom").to_string();
    for c in cpu.children.iter_mut() {
        let XmlNode::Element(e) = c else { continue };
        match e.name.as_str() {
            "model" => e.insert_attr(0, "fallback", "allow"),
            "feature" => {
                e.insert_attr(0, "policy", "require");
                let order = ["policy", "name"];
                e.attrs.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
            }
            "topology" => {
                let at = e.attrs.iter().position(|(k, _)| k == "sockets").map(|i| i + 1).unwrap_or(0);
                e.insert_attr(at, "dies", "1");
            }
            _ => {}
        }
    }
    cpu.sort_children(&["model", "vendor", "microcode", "topology", "cache", "maxphysaddr", "feature", "numa"]);
    if mode == "host-model" || mode == "host-passthrough" || mode == "maximum" {
        cpu.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == "model" && element_text(e).is_empty()));
    }
    cpu
}

fn parse_clock(el: Option<&XmlElement>) -> Result<Clock> {
    let Some(el) = el else { return Ok(Clock::default()) };
    let offset = el.attr("offset").unwrap_or("utc").to_string();
    if !CLOCK_OFFSETS.contains(&offset.as_str()) {
        return Err(unsupported(format!("unknown clock offset '{offset}'")));
    }
    let mut clock = Clock {
        adjustment: el.attr("adjustment").map(str::to_string),
        basis: el.attr("basis").map(str::to_string),
        timezone: el.attr("timezone").map(str::to_string),
        start: el.attr("start").map(str::to_string),
        timers: el.elements_named("timer").cloned().collect(),
        offset,
    };
    match clock.offset.as_str() {
        "variable" => {
            clock.adjustment.get_or_insert_with(|| "0".into());
            clock.basis.get_or_insert_with(|| "utc".into());
            clock.timezone = None;
            clock.start = None;
        }
        "timezone" => {
            clock.adjustment = None;
            clock.basis = None;
            clock.start = None;
        }
        "absolute" => {
            clock.adjustment = None;
            clock.basis = None;
            clock.timezone = None;
        }
        _ => {
            clock.basis = None;
            clock.timezone = None;
            clock.start = None;
        }
    }
    Ok(clock)
}

fn parse_pm(el: Option<&XmlElement>) -> Result<Pm> {
    let mut pm = Pm::default();
    let Some(el) = el else { return Ok(pm) };
    for (name, slot) in [("suspend-to-mem", &mut pm.suspend_to_mem), ("suspend-to-disk", &mut pm.suspend_to_disk)] {
        if let Some(e) = el.child(name) {
            *slot = match e.attr("enabled") {
                Some("yes") => Some(true),
                Some("no") => Some(false),
                None => None,
                Some(v) => return Err(invalid_attr("enabled", name, v)),
            };
        }
    }
    Ok(pm)
}

/// Memory limits in `<memtune>` are written back in KiB, as libvirt does; `<memtune>`
/// and `<cputune>` children in libvirt's order.
fn canonical_extra(mut el: XmlElement) -> Result<XmlElement> {
    match el.name.as_str() {
        "memtune" => el.sort_children(&["hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit"]),
        "cputune" => el.sort_children(&[
            "shares", "period", "quota", "global_period", "global_quota", "emulator_period", "emulator_quota",
            "iothread_period", "iothread_quota", "vcpupin", "emulatorpin", "iothreadpin", "vcpusched",
            "iothreadsched", "emulatorsched", "cachetune", "memorytune",
        ]),
        "sysinfo" if el.attr("type") == Some("smbios") => {
            // SMBIOS entries libvirt knows per block; others are dropped.
            let known = |block: &str| -> &'static [&'static str] {
                match block {
                    "bios" => &["vendor", "version", "date", "release"],
                    "system" => &["manufacturer", "product", "version", "serial", "uuid", "sku", "family"],
                    "baseBoard" => &["manufacturer", "product", "version", "serial", "asset", "location"],
                    "chassis" => &["manufacturer", "version", "serial", "asset", "sku"],
                    _ => &[],
                }
            };
            for c in el.children.iter_mut() {
                let XmlNode::Element(block) = c else { continue };
                let names = known(&block.name);
                if names.is_empty() {
                    continue;
                }
                block.children.retain(|e| match e {
                    XmlNode::Element(entry) if entry.name == "entry" => {
                        entry.attr("name").is_some_and(|n| names.contains(&n))
                    }
                    _ => true,
                });
                block.children.sort_by_key(|e| match e {
                    XmlNode::Element(entry) => {
                        entry.attr("name").and_then(|n| names.iter().position(|k| *k == n)).unwrap_or(names.len())
                    }
                    _ => names.len(),
                });
            }
        }
        _ => {}
    }
    if el.name == "memtune" {
        for c in el.children.iter_mut() {
            let XmlNode::Element(e) = c else { continue };
            if matches!(e.name.as_str(), "hard_limit" | "soft_limit" | "swap_hard_limit" | "min_guarantee") {
                let text = element_text(e);
                if let Some(kib) = parse_memory_kib(Some(&text), e.attr("unit"), &format!("./memtune/{}", e.name))? {
                    *e = XmlElement::with_text(&e.name, &kib.to_string());
                    e.attrs.push(("unit".into(), "KiB".into()));
                }
            }
        }
    }
    Ok(el)
}

fn with_qemu_prefix(mut el: XmlElement) -> XmlElement {
    if el.namespace.as_deref() == Some(QEMU_NAMESPACE) {
        el.name = format!("qemu:{}", el.local_name());
    }
    el.ns_decls.retain(|(_, uri)| uri != QEMU_NAMESPACE);
    el.children = el
        .children
        .into_iter()
        .map(|c| match c {
            XmlNode::Element(e) => XmlNode::Element(with_qemu_prefix(e)),
            other => other,
        })
        .collect();
    el
}

/// `<metadata>` as libvirt keeps it: only namespaced elements, the first one per
/// namespace; namespaces used inside but declared above `<metadata>` are declared on it
/// (libxml2 reconciles them there when libvirt copies the node).
pub(crate) fn parse_metadata(node: roxmltree::Node) -> XmlElement {
    let mut meta = XmlElement::from_node(node);
    let declares = |n: roxmltree::Node, prefix: &str, uri: &str| {
        let has = |x: roxmltree::Node| x.namespaces().any(|ns| ns.uri() == uri && ns.name().unwrap_or("") == prefix);
        has(n) && !n.parent_element().is_some_and(has)
    };
    let mut used: Vec<(String, String)> = Vec::new();
    for d in node.descendants().skip(1).filter(|n| n.is_element()) {
        let mut uris: Vec<&str> = d.tag_name().namespace().into_iter().collect();
        uris.extend(
            d.attributes().filter_map(|a| a.namespace()).filter(|u| *u != "http://www.w3.org/XML/1998/namespace"),
        );
        for uri in uris {
            let prefix = d.lookup_prefix(uri).unwrap_or("").to_string();
            let declared_inside = d.ancestors().take_while(|a| *a != node).any(|a| declares(a, &prefix, uri));
            let known = meta.ns_decls.iter().chain(used.iter()).any(|(p, u)| *p == prefix && u == uri);
            if !declared_inside && !known {
                used.push((prefix, uri.to_string()));
            }
        }
    }
    meta.ns_decls.extend(used);
    let mut seen: Vec<String> = Vec::new();
    meta.children.retain(|c| match c {
        XmlNode::Element(e) => match &e.namespace {
            Some(uri) if !seen.contains(uri) => {
                seen.push(uri.clone());
                true
            }
            _ => false,
        },
        _ => false,
    });
    meta
}
