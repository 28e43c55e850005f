//! CPU definitions and baseline CPUs, as libvirt 9.0's `cpu_conf.c` and CPU drivers
//! (`src/cpu/`) handle them for `virConnectBaselineCPU`:
//!
//! - [`HostCpu::parse`] reads a host CPU description (`<cpu><arch>..</arch><model>..`
//!   as `virsh capabilities` prints it) with libvirt's checks and error texts;
//! - [`baseline`] computes the most capable guest CPU every given host CPU can run, with
//!   the driver of the first CPU's architecture: x86 intersects the CPUs' feature bits
//!   (models expanded through the CPU map, see [`cpu_map`]) and picks the model that
//!   describes the result with the fewest extra and missing features, as libvirt's x86
//!   decoder does; ppc64 only accepts equal models; ARM takes the first CPU's model;
//! - [`GuestCpu::format`] writes the result as libvirt does.

use crate::conf::cpu_map::{self, X86Data, X86Map};
use crate::conf::xml;
use crate::error::{Code, Domain, Error, Result};

/// `VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES`
pub const BASELINE_EXPAND_FEATURES: u32 = 1;

/// The architecture names libvirt 9.0 knows (`virArchFromString`).
const ARCHES: &[&str] = &[
    "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "m68k", "microblaze",
    "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc", "ppcle",
    "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc", "sparc64",
    "unicore32", "x86_64", "xtensa", "xtensaeb",
];

fn cpu_error(code: Code, detail: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_CPU, code, detail)
}

fn xml_error(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, detail)
}

// ---------------------------------------------------------------------------------------
// Host CPU descriptions

/// A host CPU description: what baseline computation reads of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCpu {
    pub arch: String,
    pub model: String,
    pub vendor: Option<String>,
    /// Feature names, in document order (a host CPU's features have no policy).
    pub features: Vec<String>,
}

/// The string value of the first child element `name` (all its text), None when that is
/// empty, as libvirt's `virXPathString("string(./name[1])")`.
fn first_child_string(node: roxmltree::Node, name: &str) -> Option<String> {
    xml::child(node, name).map(xml::text_of).filter(|s| !s.is_empty())
}

/// C's `isspace` in the C locale.
fn c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// A base-10 unsigned number as libvirt's `virStrToLong_uip`/`ullp` read it: leading
/// white space and `+` allowed, no `-`, nothing after the digits, at most `max`.
fn parse_unsigned(s: &str, max: u64) -> Option<u64> {
    let t = s.trim_start_matches(c_space);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u64>().ok().filter(|v| *v <= max)
}

/// A base-10 `int` as `virStrToLong_i` reads it.
fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim_start_matches(c_space);
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = t.parse::<i64>().ok()?;
    let v = if neg { -v } else { v };
    (i32::MIN as i64..=i32::MAX as i64).contains(&v).then_some(v)
}

/// libvirt's `virXMLProp*` helpers, with their messages (`VIR_FROM_XML`).
struct Prop<'a, 'i> {
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
}

impl<'a, 'i> Prop<'a, 'i> {
    fn of(node: roxmltree::Node<'a, 'i>, name: &'static str) -> Prop<'a, 'i> {
        Prop { node, name }
    }

    fn element(&self) -> &str {
        self.node.tag_name().name()
    }

    fn get(&self, required: bool) -> Result<Option<&'a str>> {
        match xml::attr(self.node, self.name) {
            Some(v) => Ok(Some(v)),
            None if required => {
                Err(xml_error(format!("Missing required attribute '{}' in element '{}'", self.name, self.element())))
            }
            None => Ok(None),
        }
    }

    fn invalid(&self, value: &str, expected: &str) -> Error {
        xml_error(format!("Invalid value for attribute '{}' in element '{}': '{value}'.{expected}", self.name, self.element()))
    }

    /// `virXMLPropUInt`/`ULongLong` (base 10), optionally refusing zero.
    fn unsigned(&self, required: bool, nonzero: bool, max: u64) -> Result<Option<u64>> {
        let Some(v) = self.get(required)? else { return Ok(None) };
        let n = parse_unsigned(v, max).ok_or_else(|| self.invalid(v, " Expected non-negative integer value"))?;
        if nonzero && n == 0 {
            return Err(xml_error(format!(
                "Invalid value for attribute '{}' in element '{}': Zero is not permitted",
                self.name,
                self.element()
            )));
        }
        Ok(Some(n))
    }

    /// `virXMLPropInt` with `VIR_XML_PROP_NONNEGATIVE`.
    fn nonnegative_int(&self) -> Result<Option<i64>> {
        let Some(v) = self.get(false)? else { return Ok(None) };
        let n = parse_int(v).ok_or_else(|| self.invalid(v, " Expected integer value"))?;
        if n < 0 {
            return Err(self.invalid(v, " Expected non-negative value"));
        }
        Ok(Some(n))
    }

    /// `virXMLPropEnum` (and the tristate helpers, whose "absent" is refused).
    fn one_of(&self, required: bool, values: &[&str]) -> Result<Option<&'a str>> {
        let Some(v) = self.get(required)? else { return Ok(None) };
        if !values.contains(&v) {
            return Err(self.invalid(v, ""));
        }
        Ok(Some(v))
    }
}

impl HostCpu {
    /// Parses one host CPU description as `virCPUDefParseXML` does for
    /// `VIR_CPU_TYPE_HOST`, checks and messages in libvirt's order.
    pub fn parse(text: &str) -> Result<HostCpu> {
        let doc = xml::parse_document(text, "(CPU_definition)", Domain::VIR_FROM_CPU)?;
        let cpu = doc.root_element();
        if cpu.tag_name().name() != "cpu" {
            return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "XML does not contain expected 'cpu' element"));
        }
        if xml::attr(cpu, "mode").is_some() {
            return Err(cpu_error(Code::VIR_ERR_CONFIG_UNSUPPORTED, "Attribute mode is only allowed for guest CPU"));
        }
        if Prop::of(cpu, "migratable").one_of(false, &["on", "off"])?.is_some() {
            return Err(cpu_error(
                Code::VIR_ERR_CONFIG_UNSUPPORTED,
                "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode",
            ));
        }
        let Some(arch) = first_child_string(cpu, "arch") else {
            return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "Missing CPU architecture"));
        };
        if !ARCHES.contains(&arch.as_str()) {
            return Err(cpu_error(Code::VIR_ERR_CONFIG_UNSUPPORTED, format!("Unknown architecture {arch}")));
        }
        if let Some(version) = xml::child(cpu, "microcode").and_then(|m| xml::attr(m, "version")) {
            if parse_unsigned(version, u32::MAX as u64).is_none() {
                return Err(cpu_error(Code::VIR_ERR_CONFIG_UNSUPPORTED, "invalid microcode version"));
            }
        }
        if let Some(sig) = xml::child(cpu, "signature") {
            Prop::of(sig, "family").unsigned(true, true, u32::MAX as u64)?;
            Prop::of(sig, "model").unsigned(true, false, u32::MAX as u64)?;
            Prop::of(sig, "stepping").unsigned(true, false, u32::MAX as u64)?;
        }
        if let Some(counter) = xml::children(cpu, "counter").find(|c| xml::attr(*c, "name") == Some("tsc")) {
            Prop::of(counter, "frequency").unsigned(true, false, u64::MAX)?;
            Prop::of(counter, "scaling").one_of(false, &["yes", "no"])?;
        }
        let Some(model) = first_child_string(cpu, "model") else {
            return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "Missing CPU model name"));
        };
        let vendor = first_child_string(cpu, "vendor");
        if let Some(topology) = xml::child(cpu, "topology") {
            Prop::of(topology, "sockets").unsigned(true, true, u32::MAX as u64)?;
            Prop::of(topology, "dies").unsigned(false, true, u32::MAX as u64)?;
            Prop::of(topology, "cores").unsigned(true, true, u32::MAX as u64)?;
            Prop::of(topology, "threads").unsigned(true, true, u32::MAX as u64)?;
        }
        let mut features: Vec<String> = Vec::new();
        for f in xml::children(cpu, "feature") {
            let name = match xml::attr(f, "name") {
                Some(n) if !n.is_empty() => n,
                _ => return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "Invalid CPU feature name")),
            };
            if features.iter().any(|x| x == name) {
                return Err(cpu_error(Code::VIR_ERR_XML_ERROR, format!("CPU feature '{name}' specified more than once")));
            }
            features.push(name.to_string());
        }
        let caches: Vec<_> = xml::children(cpu, "cache").collect();
        if caches.len() > 1 {
            return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "at most one CPU cache element may be specified"));
        }
        if let Some(cache) = caches.first() {
            if let Some(level) = Prop::of(*cache, "level").nonnegative_int()? {
                if !(1..=3).contains(&level) {
                    return Err(cpu_error(Code::VIR_ERR_XML_ERROR, "invalid CPU cache level, must be in range [1,3]"));
                }
            }
            Prop::of(*cache, "mode").one_of(true, &["emulate", "passthrough", "disable"])?;
        }
        if let Some(addr) = xml::child(cpu, "maxphysaddr") {
            Prop::of(addr, "mode").one_of(true, &["emulate", "passthrough"])?;
            Prop::of(addr, "bits").nonnegative_int()?;
        }
        Ok(HostCpu { arch, model, vendor, features })
    }
}

// ---------------------------------------------------------------------------------------
// Guest CPU definitions (baseline results)

/// A feature policy of a guest CPU (`virCPUFeaturePolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Force,
    Require,
    Optional,
    Disable,
    Forbid,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Force => "force",
            Policy::Require => "require",
            Policy::Optional => "optional",
            Policy::Disable => "disable",
            Policy::Forbid => "forbid",
        }
    }
}

/// A custom-mode guest CPU with `match='exact'`, as baseline computation produces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestCpu {
    pub model: String,
    /// `fallback='forbid'` (else `allow`).
    pub fallback_forbid: bool,
    pub vendor: Option<String>,
    pub features: Vec<(String, Policy)>,
}

impl GuestCpu {
    /// libvirt's `virCPUDefFormat` of such a CPU.
    pub fn format(&self) -> String {
        let mut out = String::from("<cpu mode='custom' match='exact'>\n");
        let fallback = if self.fallback_forbid { "forbid" } else { "allow" };
        out.push_str(&format!("  <model fallback='{fallback}'>{}</model>\n", xml::escape(&self.model)));
        if let Some(v) = &self.vendor {
            out.push_str(&format!("  <vendor>{}</vendor>\n", xml::escape(v)));
        }
        for (name, policy) in &self.features {
            out.push_str(&format!("  <feature policy='{}' name='{name}'/>\n", policy.as_str()));
        }
        out.push_str("</cpu>\n");
        out
    }

    fn has_feature(&self, name: &str) -> bool {
        self.features.iter().any(|(n, _)| n == name)
    }

    /// Adds a feature that must not be there yet (`virCPUDefAddFeature`).
    fn add_feature(&mut self, name: &str, policy: Policy) -> Result<()> {
        if self.has_feature(name) {
            return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, format!("CPU feature '{name}' specified more than once")));
        }
        self.features.push((name.to_string(), policy));
        Ok(())
    }

    /// Sets a feature's policy, adding it if missing (`virCPUDefUpdateFeature`).
    fn update_feature(&mut self, name: &str, policy: Policy) {
        match self.features.iter_mut().find(|(n, _)| n == name) {
            Some(f) => f.1 = policy,
            None => self.features.push((name.to_string(), policy)),
        }
    }

    /// Disables the features the CPU model lost unless the CPU names them already.
    fn disable_removed(&mut self, model: &cpu_map::X86Model) {
        for name in &model.removed {
            if !self.has_feature(name) {
                self.features.push((name.clone(), Policy::Disable));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Baseline

/// Which of libvirt's CPU drivers handles an architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CpuDriver {
    X86,
    Ppc64,
    S390,
    Arm,
}

fn cpu_driver(arch: &str) -> Result<CpuDriver> {
    match arch {
        "i686" | "x86_64" => Ok(CpuDriver::X86),
        "ppc64" | "ppc64le" => Ok(CpuDriver::Ppc64),
        "s390" | "s390x" => Ok(CpuDriver::S390),
        "armv6l" | "armv7l" | "armv7b" | "aarch64" => Ok(CpuDriver::Arm),
        _ => Err(cpu_error(Code::VIR_ERR_NO_SUPPORT, format!("'{arch}' architecture is not supported by CPU driver"))),
    }
}

/// `virConnectBaselineCPU` as libvirt's test driver answers it: parses every host CPU,
/// computes their baseline with the first one's architecture driver and, with
/// [`BASELINE_EXPAND_FEATURES`], lists the model's own features too (sorted by name).
pub fn baseline(xml_cpus: &[String], expand: bool) -> Result<String> {
    if xml_cpus.is_empty() {
        return Err(cpu_error(Code::VIR_ERR_INVALID_ARG, "no CPUs given"));
    }
    let cpus = xml_cpus.iter().map(|x| HostCpu::parse(x)).collect::<Result<Vec<_>>>()?;
    let arch = cpus[0].arch.as_str();
    let mut cpu = match cpu_driver(arch)? {
        CpuDriver::X86 => x86_baseline(&cpus, &*cpu_map::x86()?)?,
        CpuDriver::Ppc64 => ppc64_baseline(&cpus, &*cpu_map::ppc64()?)?,
        CpuDriver::Arm => GuestCpu { model: cpus[0].model.clone(), fallback_forbid: false, vendor: None, features: vec![] },
        CpuDriver::S390 => {
            return Err(cpu_error(Code::VIR_ERR_NO_SUPPORT, format!("cannot compute baseline CPU of {arch} architecture")))
        }
    };
    if expand {
        if cpu_driver(arch)? == CpuDriver::X86 {
            x86_expand_features(&mut cpu, &*cpu_map::x86()?)?;
        }
        cpu.features.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    }
    Ok(cpu.format())
}

/// A host CPU's bits: its model's plus its features' (`x86ModelFromCPU`), and the
/// model's vendor.
fn x86_host_data(cpu: &HostCpu, map: &X86Map) -> Result<(X86Data, Option<usize>)> {
    let Some(model) = map.model(&cpu.model) else {
        return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, format!("Unknown CPU model {}", cpu.model)));
    };
    let mut data = model.data.clone();
    for name in &cpu.features {
        let Some(f) = map.feature(name) else {
            return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, format!("Unknown CPU feature {name}")));
        };
        data.add(&f.data);
    }
    Ok((data, model.vendor))
}

/// libvirt's x86 baseline (`virCPUx86Baseline` without a model list, feature filter or
/// migratable request).
fn x86_baseline(cpus: &[HostCpu], map: &X86Map) -> Result<GuestCpu> {
    let failed = |detail: String| cpu_error(Code::VIR_ERR_OPERATION_FAILED, detail);
    let (mut base, _) = x86_host_data(&cpus[0], map)?;
    let mut output_vendor = cpus[0].vendor.is_some();
    let mut vendor = match &cpus[0].vendor {
        Some(v) => Some(map.vendor_index(v).ok_or_else(|| failed(format!("Unknown CPU vendor {v}")))?),
        None => None,
    };
    let mut names: Vec<&str> = vec![&cpus[0].model];
    for cpu in &cpus[1..] {
        if !names.contains(&cpu.model.as_str()) {
            names.push(&cpu.model);
        }
        let (data, model_vendor) = x86_host_data(cpu, map)?;
        let model_vendor = model_vendor.map(|i| map.vendors[i].name.as_str());
        if let (Some(v), Some(mv)) = (&cpu.vendor, model_vendor) {
            if v != mv {
                return Err(failed(format!("CPU vendor {mv} of model {} differs from vendor {v}", cpu.model)));
            }
        }
        let vn = match &cpu.vendor {
            Some(v) => Some(v.as_str()),
            None => {
                output_vendor = false;
                model_vendor
            }
        };
        if let Some(vn) = vn {
            match vendor {
                None => vendor = Some(map.vendor_index(vn).ok_or_else(|| failed(format!("Unknown CPU vendor {vn}")))?),
                Some(i) if map.vendors[i].name != vn => return Err(failed("CPU vendors do not match".into())),
                Some(_) => {}
            }
        }
        base.intersect(&data);
    }
    if base.is_empty() {
        return Err(failed("CPUs are incompatible".into()));
    }
    if let Some(i) = vendor {
        base.add(&map.vendors[i].data);
    }
    let mut cpu = x86_decode(&base, map, &names)?;
    if names.len() == 1 && cpu.model == names[0] {
        cpu.fallback_forbid = true;
    }
    if !output_vendor {
        cpu.vendor = None;
    }
    Ok(cpu)
}

/// The guest CPU describing `data` with `model` (`x86DataToCPU`): the model plus the
/// features it lacks (required), minus those it has beyond `data` (disabled), plus the
/// features the model lost (disabled).
fn x86_data_to_cpu(data: &X86Data, model: &cpu_map::X86Model, map: &X86Map) -> Result<GuestCpu> {
    let mut extra = data.clone();
    extra.subtract(&model.data);
    let mut missing = model.data.clone();
    missing.subtract(data);
    let mut cpu = GuestCpu { model: model.name.clone(), fallback_forbid: false, vendor: None, features: vec![] };
    for (bits, policy) in [(&mut extra, Policy::Require), (&mut missing, Policy::Disable)] {
        for f in &map.features {
            if bits.contains(&f.data) {
                bits.subtract(&f.data);
                cpu.add_feature(&f.name, policy)?;
            }
        }
    }
    cpu.disable_removed(model);
    Ok(cpu)
}

/// Weighs a candidate's feature list: each feature counts one, except that disabled ones
/// count 2, 3, 4, ... in turn, scanning as libvirt's loop does (its bound shrinks with
/// each disabled feature found). Returns (weight, the disabled features' part).
fn feature_weight(cpu: &GuestCpu) -> (usize, usize) {
    let mut enabled = cpu.features.len();
    let mut disabled = 0;
    let mut penalty = 2;
    let mut i = 0;
    while i < enabled {
        if cpu.features[i].1 == Policy::Disable {
            enabled -= 1;
            disabled += penalty;
            penalty += 1;
        }
        i += 1;
    }
    (enabled + disabled, disabled)
}

/// Picks the model describing `data` best (`x86Decode` for a guest CPU, no signature):
/// newest models first; a single preferred model wins outright; otherwise the shortest
/// weighted feature list, ties going to fewer disabled features (and to a preferred
/// model with fewer disabled features).
fn x86_decode(data: &X86Data, map: &X86Map, preferred: &[&str]) -> Result<GuestCpu> {
    let mut data = data.clone();
    let vendor = map.vendor_of(&data);
    if let Some(v) = vendor {
        data.subtract(&map.vendors[v].data);
    }
    let mut best: Option<GuestCpu> = None;
    for model in map.models.iter().rev() {
        if let (Some(v), Some(mv)) = (vendor, model.vendor) {
            if v != mv {
                continue;
            }
        }
        let candidate = x86_data_to_cpu(&data, model, map)?;
        if !model.decode_guest {
            continue;
        }
        let is_preferred = preferred.contains(&candidate.model.as_str());
        if is_preferred && preferred.len() == 1 {
            best = Some(candidate);
            break;
        }
        let better = match &best {
            None => true,
            Some(current) => {
                let (cur, cur_disabled) = feature_weight(current);
                let (cand, cand_disabled) = feature_weight(&candidate);
                cand < cur || (cand == cur && cand_disabled < cur_disabled) || (is_preferred && cand_disabled < cur_disabled)
            }
        };
        if better {
            best = Some(candidate);
        }
    }
    let Some(mut cpu) = best else {
        return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, "Cannot find suitable CPU model for given data"));
    };
    cpu.vendor = vendor.map(|v| map.vendors[v].name.clone());
    Ok(cpu)
}

/// Lists every feature of the guest CPU's model explicitly (`virCPUx86ExpandFeatures`):
/// the model's features as required, then the CPU's own required and disabled ones
/// applied over them, then the features the model lost.
fn x86_expand_features(cpu: &mut GuestCpu, map: &X86Map) -> Result<()> {
    let Some(model) = map.model(&cpu.model) else {
        return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, format!("unknown CPU model {}", cpu.model)));
    };
    let mut bits = model.data.clone();
    let mut expanded = GuestCpu { features: vec![], ..cpu.clone() };
    for f in &map.features {
        if bits.contains(&f.data) {
            bits.subtract(&f.data);
            expanded.add_feature(&f.name, Policy::Require)?;
        }
    }
    for (name, policy) in &cpu.features {
        if matches!(policy, Policy::Require | Policy::Disable) {
            expanded.update_feature(name, *policy);
        }
    }
    expanded.disable_removed(model);
    *cpu = expanded;
    Ok(())
}

/// libvirt's ppc64 baseline: every CPU must name the first one's model; vendors must be
/// known and agree with the model's. The vendor is printed only when the model has none.
fn ppc64_baseline(cpus: &[HostCpu], map: &cpu_map::Ppc64Map) -> Result<GuestCpu> {
    let failed = |detail: String| cpu_error(Code::VIR_ERR_OPERATION_FAILED, detail);
    let Some((model, model_vendor)) = map.models.iter().find(|(m, _)| *m == cpus[0].model) else {
        return Err(cpu_error(Code::VIR_ERR_INTERNAL_ERROR, format!("Unknown CPU model {}", cpus[0].model)));
    };
    let mut vendor: Option<&str> = None;
    for cpu in cpus {
        if cpu.model != *model {
            return Err(failed("CPUs are incompatible".into()));
        }
        let Some(v) = &cpu.vendor else { continue };
        if !map.vendors.contains(v) {
            return Err(failed(format!("Unknown CPU vendor {v}")));
        }
        match (model_vendor, vendor) {
            (Some(mv), _) if mv != v => {
                return Err(failed(format!("CPU vendor {mv} of model {model} differs from vendor {v}")))
            }
            (Some(_), _) => {}
            (None, Some(known)) if known != v => return Err(failed("CPU vendors do not match".into())),
            (None, Some(_)) => {}
            (None, None) => vendor = Some(v),
        }
    }
    Ok(GuestCpu { model: model.clone(), fallback_forbid: true, vendor: vendor.map(str::to_string), features: vec![] })
}

#[cfg(test)]
mod tests;
