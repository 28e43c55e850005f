//! The test driver's tuning answers: scheduler, memory, NUMA, block I/O and interface
//! parameters, block I/O throttling and vCPU/emulator pinning, as libvirt 9.0's test
//! driver gives them. Settings live in the domain definition (`<memtune>`, `<numatune>`,
//! `<blkiotune>`, `<cputune>`, a disk's `<iotune>`, an interface's `<bandwidth>`), so
//! they show in the domain XML as libvirt's do.

use super::state::DomainObj;
use super::{check_flags, TestConnection, AFFECT_CONFIG, AFFECT_LIVE, FROM};
use crate::conf::bitmap::Bitmap;
use crate::conf::domain::devices::{Disk, Interface, MacAddr};
use crate::conf::domain::DomainDef;
#[cfg(test)]
use crate::conf::domain::FormatOptions;
use crate::conf::xml::{XmlElement, XmlNode};
use crate::driver::domain_tuning::wire::*;
use crate::driver::domain_tuning::IothreadInfo;
use crate::driver::{DomainEvent, DomainEventBody, DomainId, DomainTuning, TypedValue};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::protocol::TypedParam;

/// `VIR_TYPED_PARAM_STRING_OKAY`
const STRING_OKAY: u32 = 4;
/// `VIR_DOMAIN_MEMORY_PARAM_UNLIMITED`: what an unset memory limit reads as.
const UNLIMITED: u64 = 9007199254740991;
/// The highest block I/O throttle libvirt's test driver accepts.
const IOTUNE_MAX: u64 = 1_000_000_000_000_000;


/// libvirt's `virTypedParamsValidate`: every parameter known with its type (`allowed`
/// pairs a name with an example value of the type), none twice. Checked in name order,
/// as libvirt sorts them first.
fn validate(params: &[TypedParam], allowed: &[(&str, TypedValue)]) -> Result<()> {
    let mut sorted: Vec<&TypedParam> = params.iter().collect();
    sorted.sort_by(|a, b| a.field.cmp(&b.field));
    for (i, p) in sorted.iter().enumerate() {
        if i > 0 && sorted[i - 1].field == p.field {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_INVALID_ARG,
                format!("parameter '{}' occurs multiple times", p.field),
            ));
        }
        let Some((_, want)) = allowed.iter().find(|(n, _)| *n == p.field) else {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                format!("parameter '{}' not supported", p.field),
            ));
        };
        if want.type_name() != p.value.type_name() {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_INVALID_ARG,
                format!("invalid type '{}' for parameter '{}', expected '{}'", p.value.type_name(), p.field, want.type_name()),
            ));
        }
    }
    Ok(())
}

fn param(field: &str, value: TypedValue) -> TypedParam {
    TypedParam { field: field.to_string(), value }
}

/// The first `nparams` of `all`, or none with their count when `nparams` is 0: the
/// two-step answer of libvirt's typed-parameter getters.
fn first(all: Vec<TypedParam>, nparams: i32) -> (Vec<TypedParam>, i32) {
    let count = all.len() as i32;
    if nparams <= 0 {
        return (Vec::new(), count);
    }
    let out: Vec<TypedParam> = all.into_iter().take(nparams as usize).collect();
    let n = out.len() as i32;
    (out, n)
}

/// libvirt's `virDomainObjGetOneDefState` checks: one definition, live or config.
fn one_def_flags(obj: &DomainObj, flags: u32) -> Result<bool> {
    obj.one_def_is_live(flags)
}

/// The one definition `flags` name (`virDomainObjGetOneDef`).
fn one_def(obj: &DomainObj, flags: u32) -> Result<&DomainDef> {
    obj.one_def(flags)
}

fn one_def_mut(obj: &mut DomainObj, flags: u32) -> Result<&mut DomainDef> {
    let live = one_def_flags(obj, flags)?;
    obj.defs_mut(live, !live)
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "no definition to change"))
}

/// The top-level setting `name` (`<memtune>`, `<cputune>`...), created empty if absent.
fn extra_mut<'d>(def: &'d mut DomainDef, name: &str) -> &'d mut XmlElement {
    let i = match def.extra.iter().position(|e| e.name == name) {
        Some(i) => i,
        None => {
            def.extra.push(XmlElement::new(name));
            def.extra.len() - 1
        }
    };
    &mut def.extra[i]
}

/// Drops the top-level setting `name` when nothing is left in it.
fn drop_if_empty(def: &mut DomainDef, name: &str) {
    def.extra.retain(|e| e.name != name || !(e.children.is_empty() && e.attrs.is_empty()));
}

fn child_text(el: &XmlElement, name: &str) -> Option<String> {
    el.child(name).map(|c| c.text())
}

/// Sets or (with `None`) removes the child `name` of `el` holding `text`, with `attrs`.
fn set_child(el: &mut XmlElement, name: &str, text: Option<String>, attrs: &[(&str, &str)]) {
    el.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == name));
    if let Some(t) = text {
        let mut c = XmlElement::with_text(name, &t);
        for (k, v) in attrs {
            c.attrs.push((k.to_string(), v.to_string()));
        }
        el.push(c);
    }
}

// ---- memory -----------------------------------------------------------------------------

const MEMTUNE_ORDER: &[&str] = &["hard_limit", "soft_limit", "min_guarantee", "swap_hard_limit"];

/// A `<memtune>` limit in KiB (unlimited when unset).
fn mem_limit(def: &DomainDef, name: &str) -> u64 {
    def.extra
        .iter()
        .find(|e| e.name == "memtune")
        .and_then(|m| child_text(m, name))
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(UNLIMITED)
}

fn set_mem_limit(def: &mut DomainDef, name: &str, kib: u64) {
    let m = extra_mut(def, "memtune");
    // An unlimited value is how libvirt stores "no limit": nothing is written.
    set_child(m, name, (kib < UNLIMITED).then(|| kib.to_string()), &[("unit", "KiB")]);
    m.sort_children(MEMTUNE_ORDER);
    drop_if_empty(def, "memtune");
}

// ---- NUMA -------------------------------------------------------------------------------

const NUMA_MODES: &[&str] = &["strict", "preferred", "interleave", "restrictive"];

/// `<numatune><memory mode=... nodeset=...>`: the mode (if set) and the nodeset.
fn numatune(def: &DomainDef) -> (Option<i32>, String) {
    let mem = def.extra.iter().find(|e| e.name == "numatune").and_then(|n| n.child("memory"));
    let mode = mem.map(|m| m.attr("mode").and_then(|v| NUMA_MODES.iter().position(|x| *x == v)).unwrap_or(0) as i32);
    let nodeset = mem.and_then(|m| m.attr("nodeset")).unwrap_or("").to_string();
    (mode, nodeset)
}

// ---- devices ------------------------------------------------------------------------------

/// libvirt's `virDomainNetFind`: by MAC address when `device` is one, else by name.
fn find_net<'d>(def: &'d mut DomainDef, device: &str) -> Result<&'d mut Interface> {
    let not_known = || {
        Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INVALID_ARG, format!("'{device}' is not a known interface"))
    };
    if let Some(mac) = MacAddr::parse(device) {
        let matching: Vec<usize> =
            def.devices.interfaces.iter().enumerate().filter(|(_, n)| n.mac == mac).map(|(i, _)| i).collect();
        return match matching.as_slice() {
            [i] => Ok(&mut def.devices.interfaces[*i]),
            [] => Err(not_known()),
            _ => Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_INVALID_ARG,
                format!("'{device}' matches multiple interfaces"),
            )),
        };
    }
    def.devices.interfaces.iter_mut().find(|n| n.target_dev.as_deref() == Some(device)).ok_or_else(not_known)
}

const BANDWIDTH_KEYS: [&str; 4] = ["average", "peak", "floor", "burst"];

/// An interface's `<bandwidth>` direction as (average, peak, floor, burst).
fn rate(net: &Interface, dir: &str) -> [u32; 4] {
    let el = net.extras.iter().find(|e| e.name == "bandwidth").and_then(|b| b.child(dir));
    BANDWIDTH_KEYS.map(|k| el.and_then(|e| e.attr(k)).and_then(|v| v.parse().ok()).unwrap_or(0))
}

fn rate_element(dir: &str, r: [u32; 4]) -> XmlElement {
    let attrs: Vec<(&str, Option<String>)> =
        BANDWIDTH_KEYS.iter().zip(r).map(|(k, v)| (*k, (v != 0).then(|| v.to_string()))).collect();
    XmlElement::with_attrs(dir, &attrs)
}

/// libvirt's `virDomainDiskByName`: by target name or source path.
fn find_disk<'d>(def: &'d mut DomainDef, path: &str) -> Option<&'d mut Disk> {
    let source_path = |d: &Disk| {
        d.source.as_ref().and_then(|s| s.attr("file").or(s.attr("dev")).or(s.attr("dir")).or(s.attr("name")).map(str::to_string))
    };
    let i = def.devices.disks.iter().position(|d| d.target_dev == path).or_else(|| {
        def.devices.disks.iter().position(|d| source_path(d).as_deref() == Some(path))
    })?;
    Some(&mut def.devices.disks[i])
}

/// The block I/O throttle fields in libvirt's order; `group_name` is a string.
const IOTUNE_FIELDS: [&str; 20] = [
    "total_bytes_sec", "read_bytes_sec", "write_bytes_sec", "total_iops_sec", "read_iops_sec", "write_iops_sec",
    "total_bytes_sec_max", "read_bytes_sec_max", "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max",
    "write_iops_sec_max", "size_iops_sec", "group_name", "total_bytes_sec_max_length", "read_bytes_sec_max_length",
    "write_bytes_sec_max_length", "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length",
];

/// A disk's throttle: the numbers (0 when unset) and the group name.
fn iotune(disk: &Disk) -> (Vec<u64>, Option<String>) {
    let el = disk.extras.iter().find(|e| e.name == "iotune");
    let nums = IOTUNE_FIELDS
        .iter()
        .map(|f| el.and_then(|e| child_text(e, f)).and_then(|t| t.trim().parse().ok()).unwrap_or(0))
        .collect();
    (nums, el.and_then(|e| child_text(e, "group_name")))
}

fn set_iotune(disk: &mut Disk, nums: &[u64], group: Option<String>) {
    disk.extras.retain(|e| e.name != "iotune");
    let mut el = XmlElement::new("iotune");
    for (i, f) in IOTUNE_FIELDS.iter().enumerate() {
        if *f == "group_name" {
            if let Some(g) = &group {
                el.push(XmlElement::with_text(f, g));
            }
        } else if nums[i] != 0 {
            el.push(XmlElement::with_text(f, &nums[i].to_string()));
        }
    }
    if !el.children.is_empty() {
        disk.extras.push(el);
    }
}

// ---- pinning ----------------------------------------------------------------------------

/// What a pin applies to when nothing pins it: the domain's `<vcpu cpuset>` or every
/// host CPU.
fn default_affinity(def: &DomainDef, host_cpus: u32) -> Bitmap {
    def.vcpu.cpuset.as_deref().and_then(|s| Bitmap::parse(s).ok()).unwrap_or_else(|| Bitmap((0..host_cpus).collect()))
}

fn cputune_pin(def: &DomainDef, element: &str, vcpu: Option<u32>) -> Option<Bitmap> {
    let cputune = def.extra.iter().find(|e| e.name == "cputune")?;
    cputune
        .elements_named(element)
        .find(|p| vcpu.is_none() || p.attr("vcpu").and_then(|s| s.parse::<u32>().ok()) == vcpu)
        .and_then(|p| Bitmap::parse(p.attr("cpuset")?).ok())
}

const CPUTUNE_ORDER: &[&str] = &[
    "shares", "period", "quota", "global_period", "global_quota", "emulator_period", "emulator_quota",
    "iothread_period", "iothread_quota", "vcpupin", "emulatorpin", "iothreadpin", "vcpusched", "iothreadsched",
    "emulatorsched", "cachetune", "memorytune",
];

fn set_cputune_pin(def: &mut DomainDef, element: &str, vcpu: Option<u32>, set: &Bitmap) {
    let cputune = extra_mut(def, "cputune");
    cputune.children.retain(|c| match c {
        XmlNode::Element(e) if e.name == element => {
            vcpu.is_some() && e.attr("vcpu").and_then(|s| s.parse::<u32>().ok()) != vcpu
        }
        _ => true,
    });
    let mut pin = XmlElement::new(element);
    if let Some(v) = vcpu {
        pin.attrs.push(("vcpu".into(), v.to_string()));
    }
    pin.attrs.push(("cpuset".into(), set.format()));
    cputune.push(pin);
    // vCPU pins in vCPU order, then everything in libvirt's order.
    cputune.children.sort_by_key(|c| match c {
        XmlNode::Element(e) if e.name == "vcpupin" => e.attr("vcpu").and_then(|s| s.parse::<u32>().ok()).unwrap_or(0),
        _ => 0,
    });
    cputune.sort_children(CPUTUNE_ORDER);
}

/// `set` as `maplen` bytes of a cpumap.
fn map_bytes(set: &Bitmap, maplen: usize) -> Vec<u8> {
    let mut map = vec![0u8; maplen];
    for &cpu in &set.0 {
        if let Some(byte) = map.get_mut(cpu as usize / 8) {
            *byte |= 1 << (cpu % 8);
        }
    }
    map
}

fn map_set(map: &[u8]) -> Bitmap {
    Bitmap((0..map.len() as u32 * 8).filter(|&c| map[c as usize / 8] & (1 << (c % 8)) != 0).collect())
}

/// libvirt's `virPerfEvent` names, in its order.
const PERF_EVENTS: [&str; 22] = [
    "cmt", "mbmt", "mbml", "cpu_cycles", "instructions", "cache_references", "cache_misses", "branch_instructions",
    "branch_misses", "bus_cycles", "stalled_cycles_frontend", "stalled_cycles_backend", "ref_cpu_cycles", "cpu_clock",
    "task_clock", "page_faults", "context_switches", "cpu_migrations", "page_faults_min", "page_faults_maj",
    "alignment_faults", "emulation_faults",
];

/// The `<blkiotune><device>` child each per-device parameter sets.
fn blkio_device_child(field: &str) -> &'static str {
    match field {
        "device_weight" => "weight",
        "device_read_iops_sec" => "read_iops_sec",
        "device_write_iops_sec" => "write_iops_sec",
        "device_read_bytes_sec" => "read_bytes_sec",
        _ => "write_bytes_sec",
    }
}

/// A per-device list, "path,value[,path,value...]", into `<blkiotune><device>` entries.
fn set_blkio_devices(def: &mut DomainDef, field: &str, list: &str) -> Result<()> {
    let bad = || {
        Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INVALID_ARG, format!("unable to parse blkio device '{field}' '{list}'"))
    };
    let parts: Vec<&str> = if list.is_empty() { Vec::new() } else { list.split(',').collect() };
    if parts.len() % 2 != 0 {
        return Err(bad());
    }
    let mut entries = Vec::new();
    for pair in parts.chunks(2) {
        let value: u64 = pair[1].parse().map_err(|_| bad())?;
        entries.push((pair[0].to_string(), value));
    }
    let what = blkio_device_child(field);
    let b = extra_mut(def, "blkiotune");
    for (path, value) in entries {
        let existing = b.children.iter_mut().find_map(|c| match c {
            XmlNode::Element(e) if e.name == "device" && child_text(e, "path").as_deref() == Some(path.as_str()) => Some(e),
            _ => None,
        });
        match existing {
            Some(dev) => set_child(dev, what, Some(value.to_string()), &[]),
            None => {
                let mut dev = XmlElement::new("device");
                dev.push(XmlElement::with_text("path", &path));
                dev.push(XmlElement::with_text(what, &value.to_string()));
                b.push(dev);
            }
        }
    }
    Ok(())
}

/// `<iothreads>`, `<iothreadids>` and `<cputune><iothreadpin>`.
mod iothreads {
    use super::{extra_mut, drop_if_empty, set_child};
    use crate::conf::bitmap::Bitmap;
    use crate::conf::domain::DomainDef;
    use crate::conf::xml::{XmlElement, XmlNode};

    pub fn ids(def: &DomainDef) -> Vec<u32> {
        def.extra
            .iter()
            .find(|e| e.name == "iothreadids")
            .map(|l| l.elements_named("iothread").filter_map(|t| t.attr("id")?.parse().ok()).collect())
            .unwrap_or_default()
    }

    fn set_count(def: &mut DomainDef, n: usize) {
        def.extra.retain(|e| e.name != "iothreads");
        if n > 0 {
            def.extra.push(XmlElement::with_text("iothreads", &n.to_string()));
        }
    }

    pub fn add(def: &mut DomainDef, id: u32) {
        let list = extra_mut(def, "iothreadids");
        let mut t = XmlElement::new("iothread");
        t.set_attr("id", id.to_string());
        list.push(t);
        let n = ids(def).len();
        set_count(def, n);
    }

    pub fn del(def: &mut DomainDef, id: u32) {
        let want = id.to_string();
        let list = extra_mut(def, "iothreadids");
        list.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.attr("id") == Some(want.as_str())));
        drop_if_empty(def, "iothreadids");
        if let Some(ct) = def.extra.iter_mut().find(|e| e.name == "cputune") {
            ct.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == "iothreadpin" && e.attr("iothread") == Some(want.as_str())));
        }
        drop_if_empty(def, "cputune");
        let n = ids(def).len();
        set_count(def, n);
    }

    pub fn pin(def: &DomainDef, id: u32) -> Option<Bitmap> {
        let want = id.to_string();
        let ct = def.extra.iter().find(|e| e.name == "cputune")?;
        let p = ct.elements_named("iothreadpin").find(|e| e.attr("iothread") == Some(want.as_str()))?;
        Bitmap::parse(p.attr("cpuset")?).ok()
    }

    pub fn set_pin(def: &mut DomainDef, id: u32, set: &Bitmap) {
        let want = id.to_string();
        let ct = extra_mut(def, "cputune");
        ct.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == "iothreadpin" && e.attr("iothread") == Some(want.as_str())));
        let mut p = XmlElement::new("iothreadpin");
        p.set_attr("iothread", want);
        p.set_attr("cpuset", set.format());
        ct.push(p);
        ct.sort_children(&["shares", "period", "quota", "global_period", "global_quota", "emulator_period", "emulator_quota",
            "iothread_period", "iothread_quota", "vcpupin", "emulatorpin", "iothreadpin", "vcpusched", "iothreadsched",
            "emulatorsched", "cachetune", "memorytune"]);
        let _ = set_child;
    }

    /// The host's online CPUs, which unpinned IOThreads may use (libvirt asks the host,
    /// not the test driver's made-up node).
    pub fn host_cpus() -> Bitmap {
        std::fs::read_to_string("/sys/devices/system/cpu/online")
            .ok()
            .and_then(|t| Bitmap::parse(t.trim()).ok())
            .unwrap_or_else(|| Bitmap(vec![0]))
    }

    /// A CPU set as libvirt's `virBitmapToData`: bytes up to the highest CPU.
    pub fn map_data(set: &Bitmap) -> Vec<u8> {
        let top = set.0.iter().max().copied().unwrap_or(0) as usize;
        let mut out = vec![0u8; top / 8 + 1];
        for &c in &set.0 {
            out[c as usize / 8] |= 1 << (c % 8);
        }
        out
    }
}

use crate::conf::domain::metadata;

impl TestConnection {
    fn host_cpus(&self) -> u32 {
        let s = self.shared.state.lock();
        s.node.nodes * s.node.sockets * s.node.cores * s.node.threads
    }
}

impl DomainTuning for TestConnection {
    fn domain_get_scheduler_type(&self, dom: &DomainId) -> Result<DomainGetSchedulerTypeRet> {
        self.with_dom(dom, |_, _| Ok(DomainGetSchedulerTypeRet { type_: "fair".into(), nparams: 1 }))
    }

    fn domain_get_scheduler_parameters(&self, dom: &DomainId, nparams: i32) -> Result<DomainGetSchedulerParametersRet> {
        let r = self.domain_get_scheduler_parameters_flags(dom, nparams, 0)?;
        Ok(DomainGetSchedulerParametersRet { params: r.params })
    }

    /// The weight is always 50: libvirt's test driver keeps no scheduler state.
    fn domain_get_scheduler_parameters_flags(
        &self,
        dom: &DomainId,
        _nparams: i32,
        flags: u32,
    ) -> Result<DomainGetSchedulerParametersFlagsRet> {
        check_flags(flags, 0, "testDomainGetSchedulerParametersFlags")?;
        self.with_dom(dom, |_, _| {
            Ok(DomainGetSchedulerParametersFlagsRet {
                params: crate::rpc::xdr::Array(vec![param("weight", TypedValue::UInt(50))]),
            })
        })
    }

    /// Checked, then forgotten, as libvirt's test driver does.
    fn domain_set_scheduler_parameters_flags(&self, dom: &DomainId, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainSetSchedulerParametersFlags")?;
        validate(params, &[("weight", TypedValue::UInt(0))])?;
        self.with_dom(dom, |_, _| Ok(()))
    }

    fn domain_get_memory_parameters(&self, dom: &DomainId, nparams: i32, flags: u32) -> Result<DomainGetMemoryParametersRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetMemoryParameters")?;
        if nparams == 0 {
            return Ok(DomainGetMemoryParametersRet { params: Default::default(), nparams: 3 });
        }
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let all = ["hard_limit", "soft_limit", "swap_hard_limit"]
                .iter()
                .map(|n| param(n, TypedValue::ULLong(mem_limit(def, n))))
                .collect();
            let (params, nparams) = first(all, nparams);
            Ok(DomainGetMemoryParametersRet { params: crate::rpc::xdr::Array(params), nparams })
        })
    }

    fn domain_set_memory_parameters(&self, dom: &DomainId, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetMemoryParameters")?;
        let u = TypedValue::ULLong(0);
        validate(params, &[("hard_limit", u.clone()), ("soft_limit", u.clone()), ("swap_hard_limit", u)])?;
        let get = |name: &str| {
            params.iter().find(|p| p.field == name).and_then(|p| match p.value {
                TypedValue::ULLong(v) => Some(v),
                _ => None,
            })
        };
        let (hard, soft, swap) = (get("hard_limit"), get("soft_limit"), get("swap_hard_limit"));
        self.with_dom(dom, |s, i| {
            let obj = &mut s.domains[i];
            one_def_flags(obj, flags)?;
            // libvirt compares against the current definition's limits.
            if hard.is_some() || swap.is_some() {
                let mem = hard.unwrap_or_else(|| mem_limit(&obj.def, "hard_limit"));
                let sw = swap.unwrap_or_else(|| mem_limit(&obj.def, "swap_hard_limit"));
                if mem > sw {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_INVALID_ARG,
                        "memory hard_limit tunable value must be lower than or equal to swap_hard_limit",
                    ));
                }
            }
            let def = one_def_mut(obj, flags)?;
            for (name, v) in [("soft_limit", soft), ("hard_limit", hard), ("swap_hard_limit", swap)] {
                if let Some(v) = v {
                    set_mem_limit(def, name, v);
                }
            }
            Ok(())
        })
    }

    fn domain_get_numa_parameters(&self, dom: &DomainId, nparams: i32, flags: u32) -> Result<DomainGetNumaParametersRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetNumaParameters")?;
        if nparams == 0 {
            return Ok(DomainGetNumaParametersRet { params: Default::default(), nparams: 2 });
        }
        self.with_dom(dom, |s, i| {
            let (mode, nodeset) = numatune(one_def(&s.domains[i], flags)?);
            let all =
                vec![param("numa_mode", TypedValue::Int(mode.unwrap_or(0))), param("numa_nodeset", TypedValue::String(nodeset))];
            let (params, nparams) = first(all, nparams);
            Ok(DomainGetNumaParametersRet { params: crate::rpc::xdr::Array(params), nparams })
        })
    }

    fn domain_set_numa_parameters(&self, dom: &DomainId, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetNumaParameters")?;
        validate(params, &[("numa_mode", TypedValue::Int(0)), ("numa_nodeset", TypedValue::String(String::new()))])?;
        self.with_dom(dom, |s, i| {
            let obj = &mut s.domains[i];
            let live = one_def_flags(obj, flags)?;
            let mut mode = None;
            let mut nodeset = None;
            for p in params {
                match &p.value {
                    TypedValue::Int(m) => {
                        if *m < 0 || *m as usize >= NUMA_MODES.len() {
                            return Err(Error::new(
                                FROM,
                                Code::VIR_ERR_INVALID_ARG,
                                format!("unsupported numatune mode: '{m}'"),
                            ));
                        }
                        mode = Some(*m);
                    }
                    TypedValue::String(text) => {
                        let set = Bitmap::parse(text).map_err(|_| {
                            Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_INVALID_ARG, format!("Failed to parse bitmap '{text}'"))
                        })?;
                        if set.is_empty() {
                            return Err(Error::new(
                                FROM,
                                Code::VIR_ERR_OPERATION_INVALID,
                                format!("Invalid nodeset of 'numatune': {text}"),
                            ));
                        }
                        nodeset = Some(set);
                    }
                    _ => {}
                }
            }
            let def = one_def_mut(obj, flags)?;
            let (old_mode, old_nodeset) = numatune(def);
            if live && mode.is_some() && old_mode.is_some() && old_mode != mode {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    "can't change numatune mode for running domain",
                ));
            }
            let mode = mode.or(old_mode).unwrap_or(0);
            let nodeset = nodeset.map(|n| n.format()).unwrap_or(old_nodeset);
            let nt = extra_mut(def, "numatune");
            let mut mem = XmlElement::with_attrs("memory", &[("mode", Some(NUMA_MODES[mode as usize].to_string()))]);
            if !nodeset.is_empty() {
                mem.attrs.push(("nodeset".into(), nodeset));
            }
            nt.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.name == "memory"));
            nt.children.insert(0, XmlNode::Element(mem));
            Ok(())
        })
    }

    /// The weight and the five per-device lists (empty: the test driver's disks have none).
    fn domain_get_blkio_parameters(&self, dom: &DomainId, nparams: i32, flags: u32) -> Result<DomainGetBlkioParametersRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetBlkioParameters")?;
        if nparams == 0 {
            return Ok(DomainGetBlkioParametersRet { params: Default::default(), nparams: 6 });
        }
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let blkio = def.extra.iter().find(|e| e.name == "blkiotune");
            let weight = blkio.and_then(|b| child_text(b, "weight")).and_then(|t| t.trim().parse().ok()).unwrap_or(0);
            let devices = |what: &str| -> String {
                let Some(b) = blkio else { return String::new() };
                b.elements_named("device")
                    .filter_map(|d| Some(format!("{},{}", child_text(d, "path")?, child_text(d, what)?)))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let mut all = vec![param("weight", TypedValue::UInt(weight))];
            for (name, el) in [
                ("device_weight", "weight"),
                ("device_read_iops_sec", "read_iops_sec"),
                ("device_write_iops_sec", "write_iops_sec"),
                ("device_read_bytes_sec", "read_bytes_sec"),
                ("device_write_bytes_sec", "write_bytes_sec"),
            ] {
                all.push(param(name, TypedValue::String(devices(el))));
            }
            let (params, nparams) = first(all, nparams);
            Ok(DomainGetBlkioParametersRet { params: crate::rpc::xdr::Array(params), nparams })
        })
    }

    fn domain_get_interface_parameters(
        &self,
        dom: &DomainId,
        device: &str,
        nparams: i32,
        flags: u32,
    ) -> Result<DomainGetInterfaceParametersRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetInterfaceParameters")?;
        if nparams == 0 {
            return Ok(DomainGetInterfaceParametersRet { params: Default::default(), nparams: 7 });
        }
        self.with_dom(dom, |s, i| {
            let mut def = one_def(&s.domains[i], flags)?.clone();
            let net = find_net(&mut def, device)?;
            let (inb, out) = (rate(net, "inbound"), rate(net, "outbound"));
            let all = vec![
                param("inbound.average", TypedValue::UInt(inb[0])),
                param("inbound.peak", TypedValue::UInt(inb[1])),
                param("inbound.burst", TypedValue::UInt(inb[3])),
                param("inbound.floor", TypedValue::UInt(inb[2])),
                param("outbound.average", TypedValue::UInt(out[0])),
                param("outbound.peak", TypedValue::UInt(out[1])),
                param("outbound.burst", TypedValue::UInt(out[3])),
            ];
            let (params, nparams) = first(all, nparams);
            Ok(DomainGetInterfaceParametersRet { params: crate::rpc::xdr::Array(params), nparams })
        })
    }

    fn domain_set_interface_parameters(&self, dom: &DomainId, device: &str, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetInterfaceParameters")?;
        let names = [
            "inbound.average", "inbound.peak", "inbound.burst", "inbound.floor", "outbound.average", "outbound.peak",
            "outbound.burst",
        ];
        let allowed: Vec<(&str, TypedValue)> = names.iter().map(|n| (*n, TypedValue::UInt(0))).collect();
        validate(params, &allowed)?;
        self.with_dom(dom, |s, i| {
            let def = one_def_mut(&mut s.domains[i], flags)?;
            let net = find_net(def, device)?;
            // (average, peak, floor, burst) per direction, from zero as libvirt starts.
            let (mut inb, mut out) = ([0u32; 4], [0u32; 4]);
            let (mut in_given, mut out_given) = (false, false);
            for p in params {
                let TypedValue::UInt(v) = p.value else { continue };
                match p.field.as_str() {
                    "inbound.average" => (inb[0], in_given) = (v, true),
                    "inbound.peak" => inb[1] = v,
                    "inbound.burst" => inb[3] = v,
                    "inbound.floor" => (inb[2], in_given) = (v, true),
                    "outbound.average" => (out[0], out_given) = (v, true),
                    "outbound.peak" => out[1] = v,
                    "outbound.burst" => out[3] = v,
                    _ => {}
                }
            }
            // Average (or floor, inbound) is required; without it a direction is unset.
            let new_in = (inb[0] != 0 || inb[2] != 0).then_some(inb);
            let new_out = (out[0] != 0).then_some(out);
            let had = net.extras.iter().any(|e| e.name == "bandwidth");
            let (mut cur_in, mut cur_out) = {
                let b = net.extras.iter().find(|e| e.name == "bandwidth");
                (
                    b.and_then(|b| b.child("inbound")).map(|_| rate(net, "inbound")),
                    b.and_then(|b| b.child("outbound")).map(|_| rate(net, "outbound")),
                )
            };
            if !had {
                (cur_in, cur_out) = (new_in, new_out);
            } else {
                if new_in.is_some() || in_given {
                    cur_in = new_in;
                }
                if new_out.is_some() || out_given {
                    cur_out = new_out;
                }
            }
            net.extras.retain(|e| e.name != "bandwidth");
            let mut bw = XmlElement::new("bandwidth");
            if let Some(r) = cur_in {
                bw.push(rate_element("inbound", r));
            }
            if let Some(r) = cur_out {
                bw.push(rate_element("outbound", r));
            }
            if had || !bw.children.is_empty() {
                net.extras.push(bw);
            }
            Ok(())
        })
    }

    fn domain_get_block_io_tune(
        &self,
        dom: &DomainId,
        disk: Option<&str>,
        nparams: i32,
        flags: u32,
    ) -> Result<DomainGetBlockIoTuneRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetBlockIoTune")?;
        let flags = flags & !STRING_OKAY;
        if nparams == 0 {
            return Ok(DomainGetBlockIoTuneRet { params: Default::default(), nparams: 20 });
        }
        let path = disk.unwrap_or("");
        self.with_dom(dom, |s, i| {
            let mut def = one_def(&s.domains[i], flags)?.clone();
            let d = find_disk(&mut def, path).ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("disk '{path}' was not found in the domain config"))
            })?;
            let (nums, group) = iotune(d);
            let all = IOTUNE_FIELDS
                .iter()
                .zip(nums)
                .map(|(f, v)| match *f {
                    "group_name" => param(f, TypedValue::String(group.clone().unwrap_or_default())),
                    _ => param(f, TypedValue::ULLong(v)),
                })
                .collect();
            let (params, nparams) = first(all, nparams);
            Ok(DomainGetBlockIoTuneRet { params: crate::rpc::xdr::Array(params), nparams })
        })
    }

    fn domain_set_block_io_tune(&self, dom: &DomainId, disk: &str, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetBlockIoTune")?;
        let allowed: Vec<(&str, TypedValue)> = IOTUNE_FIELDS
            .iter()
            .map(|f| (*f, if *f == "group_name" { TypedValue::String(String::new()) } else { TypedValue::ULLong(0) }))
            .collect();
        validate(params, &allowed)?;
        self.with_dom(dom, |s, i| {
            let def = one_def_mut(&mut s.domains[i], flags)?;
            let d = find_disk(def, disk).ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("missing persistent configuration for disk '{disk}'"))
            })?;
            let (mut nums, mut group) = iotune(d);
            for p in params {
                match &p.value {
                    TypedValue::ULLong(v) => {
                        if *v > IOTUNE_MAX {
                            return Err(Error::new(
                                FROM,
                                Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                                format!("block I/O throttle limit value must be no more than {IOTUNE_MAX}"),
                            ));
                        }
                        if let Some(k) = IOTUNE_FIELDS.iter().position(|f| *f == p.field) {
                            nums[k] = *v;
                        }
                    }
                    TypedValue::String(g) => group = Some(g.clone()),
                    _ => {}
                }
            }
            let at = |f: &str| IOTUNE_FIELDS.iter().position(|x| *x == f).map(|k| nums[k]).unwrap_or(0);
            for what in ["bytes_sec", "iops_sec", "bytes_sec_max", "iops_sec_max"] {
                let total = at(&format!("total_{what}"));
                if total != 0 && (at(&format!("read_{what}")) != 0 || at(&format!("write_{what}")) != 0) {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("total and read/write of {what} cannot be set at the same time"),
                    ));
                }
            }
            for f in ["total_bytes_sec", "read_bytes_sec", "write_bytes_sec", "total_iops_sec", "read_iops_sec", "write_iops_sec"] {
                if at(f) > at(&format!("{f}_max")) {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("{f} cannot be set higher than {f}_max "),
                    ));
                }
            }
            set_iotune(d, &nums, group.filter(|g| !g.is_empty()));
            Ok(())
        })
    }

    fn domain_pin_vcpu_flags(&self, dom: &DomainId, vcpu: u32, cpumap: &[u8], flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainPinVcpuFlags")?;
        self.with_dom(dom, |s, i| {
            let obj = &mut s.domains[i];
            if !obj.is_active() {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot pin vcpus on an inactive domain"));
            }
            if vcpu >= obj.def.vcpus() {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("requested vcpu '{vcpu}' is not present in the domain"),
                ));
            }
            set_cputune_pin(&mut obj.def, "vcpupin", Some(vcpu), &map_set(cpumap));
            Ok(())
        })
    }

    fn domain_get_vcpu_pin_info(
        &self,
        dom: &DomainId,
        ncpumaps: i32,
        maplen: i32,
        flags: u32,
    ) -> Result<DomainGetVcpuPinInfoRet> {
        let host = self.host_cpus();
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let count = def.max_vcpus().min(ncpumaps.max(0) as u32);
            let mut maps = Vec::new();
            for n in 0..count {
                let set = cputune_pin(def, "vcpupin", Some(n)).unwrap_or_else(|| default_affinity(def, host));
                maps.extend(map_bytes(&set, maplen.max(0) as usize));
            }
            Ok(DomainGetVcpuPinInfoRet { cpumaps: crate::rpc::xdr::Opaque(maps), num: count as i32 })
        })
    }

    fn domain_pin_emulator(&self, dom: &DomainId, cpumap: &[u8], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainPinEmulator")?;
        self.with_dom(dom, |s, i| {
            let def = one_def_mut(&mut s.domains[i], flags)?;
            let set = map_set(cpumap);
            if set.is_empty() {
                return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "Empty cpu list for pinning"));
            }
            set_cputune_pin(def, "emulatorpin", None, &set);
            Ok(())
        })
    }

    fn domain_get_emulator_pin_info(&self, dom: &DomainId, maplen: i32, flags: u32) -> Result<DomainGetEmulatorPinInfoRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainGetEmulatorPinInfo")?;
        let host = self.host_cpus();
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let set = cputune_pin(def, "emulatorpin", None).unwrap_or_else(|| default_affinity(def, host));
            Ok(DomainGetEmulatorPinInfoRet {
                cpumaps: crate::rpc::xdr::Opaque(map_bytes(&set, maplen.max(0) as usize)),
                ret: 1,
            })
        })
    }

    /// Only the weight and the per-device lists of libvirt's
    /// `virDomainDriverSetupPersistentDefBlkioParams`, in the one definition `flags` name.
    fn domain_set_blkio_parameters(&self, dom: &DomainId, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetBlkioParameters")?;
        let s = |n| (n, TypedValue::String(String::new()));
        validate(
            params,
            &[
                ("weight", TypedValue::UInt(0)),
                s("device_weight"),
                s("device_read_iops_sec"),
                s("device_write_iops_sec"),
                s("device_read_bytes_sec"),
                s("device_write_bytes_sec"),
            ],
        )?;
        self.with_dom(dom, |st, i| {
            let def = one_def_mut(&mut st.domains[i], flags)?;
            for p in params {
                match (&p.value, p.field.as_str()) {
                    (TypedValue::UInt(w), "weight") => {
                        let b = extra_mut(def, "blkiotune");
                        set_child(b, "weight", Some(w.to_string()), &[]);
                        b.sort_children(&["weight", "device"]);
                    }
                    (TypedValue::String(list), field) => set_blkio_devices(def, field, list)?,
                    _ => {}
                }
            }
            drop_if_empty(def, "blkiotune");
            Ok(())
        })
    }

    fn domain_set_memory_stats_period(&self, dom: &DomainId, period: i32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetMemoryStatsPeriod")?;
        self.with_dom(dom, |s, i| {
            let def = one_def_mut(&mut s.domains[i], flags)?;
            let balloon = def.devices.memballoon.as_mut().filter(|b| b.model != "none").ok_or_else(|| {
                Error::new(
                    FROM,
                    Code::VIR_ERR_INTERNAL_ERROR,
                    "No memory balloon device configured, can not set the collection period",
                )
            })?;
            // libvirt writes no <stats> for a period of 0.
            balloon.extras.retain(|e| e.name != "stats");
            if period != 0 {
                let mut stats = XmlElement::new("stats");
                stats.set_attr("period", period.to_string());
                balloon.extras.insert(0, stats);
            }
            Ok(())
        })
    }

    fn domain_set_metadata(
        &self,
        dom: &DomainId,
        kind: i32,
        metadata: Option<&str>,
        key: Option<&str>,
        uri: Option<&str>,
        flags: u32,
    ) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetMetadata")?;
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected_in(flags, Domain::VIR_FROM_DOMAIN)?;
            let change = metadata::Change::new(kind, metadata, key, uri)?;
            for def in d.defs_mut(live, config) {
                change.apply(def);
            }
            // libvirt's test driver tells METADATA_CHANGE listeners of every change.
            let ident = d.ident();
            let body = DomainEventBody::MetadataChange { kind, nsuri: change.event_uri() };
            s.events.push(DomainEvent { dom: ident, body });
            Ok(())
        })
    }

    fn domain_get_metadata(&self, dom: &DomainId, kind: i32, uri: Option<&str>, flags: u32) -> Result<String> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainGetMetadata")?;
        self.with_dom(dom, |s, i| {
            metadata::lookup(one_def(&s.domains[i], flags)?, kind, uri)
        })
    }

    fn domain_get_iothread_info(&self, dom: &DomainId, flags: u32) -> Result<DomainGetIothreadInfoRet> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainGetIOThreadInfo")?;
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let host = iothreads::host_cpus();
            let info: Vec<IothreadInfo> = iothreads::ids(def)
                .into_iter()
                .map(|id| {
                    let map = iothreads::pin(def, id).unwrap_or_else(|| host.clone());
                    IothreadInfo { iothread_id: id, cpumap: crate::rpc::xdr::Opaque(iothreads::map_data(&map)) }
                })
                .collect();
            let ret = info.len() as u32;
            Ok(DomainGetIothreadInfoRet { info: crate::rpc::xdr::Array(info), ret })
        })
    }

    fn domain_pin_iothread(&self, dom: &DomainId, id: u32, cpumap: &[u8], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainPinIOThread")?;
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            let set = map_set(cpumap);
            for def in d.defs_mut(live, config) {
                if !iothreads::ids(def).contains(&id) {
                    return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("iothreadid {id} not found")));
                }
                if set.0.is_empty() {
                    return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "Empty iothread cpumap list for pinning"));
                }
                iothreads::set_pin(def, id, &set);
            }
            Ok(())
        })
    }

    fn domain_add_iothread(&self, dom: &DomainId, id: u32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainAddIOThread")?;
        if id == 0 {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "invalid value of 0 for iothread_id"));
        }
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            // Checked in every definition first: nothing changes unless all accept it.
            for def in d.defs_mut(live, config) {
                if iothreads::ids(def).contains(&id) {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("an IOThread is already using iothread_id '{id}'"),
                    ));
                }
            }
            for def in d.defs_mut(live, config) {
                iothreads::add(def, id);
            }
            Ok(())
        })
    }

    fn domain_del_iothread(&self, dom: &DomainId, id: u32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainDelIOThread")?;
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            for def in d.defs_mut(live, config) {
                if !iothreads::ids(def).contains(&id) {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("cannot find IOThread '{id}' in iothreadids list"),
                    ));
                }
            }
            for def in d.defs_mut(live, config) {
                iothreads::del(def, id);
            }
            Ok(())
        })
    }

    /// Checked, then forgotten: the polling settings are no part of the definition.
    fn domain_set_iothread_params(&self, dom: &DomainId, id: u32, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE, "testDomainSetIOThreadParams")?;
        validate(
            params,
            &[("poll_max_ns", TypedValue::ULLong(0)), ("poll_grow", TypedValue::UInt(0)), ("poll_shrink", TypedValue::UInt(0))],
        )?;
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            if !iothreads::ids(&d.def).contains(&id) {
                return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("cannot find IOThread '{id}' in iothreadids")));
            }
            Ok(())
        })
    }

    fn domain_get_perf_events(&self, dom: &DomainId, flags: u32) -> Result<Vec<TypedParam>> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | STRING_OKAY, "testDomainGetPerfEvents")?;
        self.with_dom(dom, |s, i| {
            let def = one_def(&s.domains[i], flags)?;
            let perf = def.extra.iter().find(|e| e.name == "perf");
            let on = |name: &str| {
                perf.is_some_and(|p| p.elements_named("event").any(|e| e.attr("name") == Some(name) && e.attr("enabled") == Some("yes")))
            };
            Ok(PERF_EVENTS.iter().map(|n| param(n, TypedValue::Boolean(on(n)))).collect())
        })
    }

    fn domain_set_perf_events(&self, dom: &DomainId, params: &[TypedParam], flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetPerfEvents")?;
        let allowed: Vec<(&str, TypedValue)> = PERF_EVENTS.iter().map(|n| (*n, TypedValue::Boolean(false))).collect();
        validate(params, &allowed)?;
        self.with_dom(dom, |s, i| {
            let def = one_def_mut(&mut s.domains[i], flags)?;
            let perf = extra_mut(def, "perf");
            for p in params {
                let TypedValue::Boolean(on) = p.value else { continue };
                perf.children.retain(|c| !matches!(c, XmlNode::Element(e) if e.attr("name") == Some(p.field.as_str())));
                let mut e = XmlElement::new("event");
                e.set_attr("name", p.field.clone());
                e.set_attr("enabled", if on { "yes" } else { "no" });
                perf.push(e);
            }
            // libvirt writes the events in its own order.
            perf.children.sort_by_key(|c| match c {
                XmlNode::Element(e) => PERF_EVENTS.iter().position(|n| Some(*n) == e.attr("name")).unwrap_or(usize::MAX),
                _ => usize::MAX,
            });
            Ok(())
        })
    }

    fn domain_set_lifecycle_action(&self, dom: &DomainId, kind: u32, action: u32, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "testDomainSetLifecycleAction")?;
        const TYPES: [&str; 3] = ["poweroff", "reboot", "crash"];
        const ACTIONS: [&str; 6] = ["destroy", "restart", "rename-restart", "preserve", "coredump-destroy", "coredump-restart"];
        let (Some(kind_name), Some(action_name)) = (TYPES.get(kind as usize), ACTIONS.get(action as usize)) else {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "invalid lifecycle type or action"));
        };
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            let (live, config) = d.affected(flags)?;
            if kind < 2 && action >= 4 {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_CONFIG_UNSUPPORTED,
                    format!("Lifecycle event '{kind_name}' doesn't support '{action_name}' action"),
                ));
            }
            for def in d.defs_mut(live, config) {
                let slot = match kind {
                    0 => &mut def.on_poweroff,
                    1 => &mut def.on_reboot,
                    _ => &mut def.on_crash,
                };
                *slot = action_name.to_string();
            }
            Ok(())
        })
    }

    /// libvirt's test driver has no launch security: no parameters (and, since the
    /// public API asks with VIR_TYPED_PARAM_STRING_OKAY, which it refuses, an error).
    fn domain_get_launch_security_info(&self, _dom: &DomainId, flags: u32) -> Result<Vec<TypedParam>> {
        check_flags(flags, 0, "testDomainGetLaunchSecurityInfo")?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_reports_as_libvirt() {
        let ok = [("weight", TypedValue::UInt(0))];
        assert!(validate(&[param("weight", TypedValue::UInt(3))], &ok).is_ok());
        let e = validate(&[param("cap", TypedValue::UInt(3))], &ok).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_ARGUMENT_UNSUPPORTED);
        let e = validate(&[param("weight", TypedValue::Int(3))], &ok).unwrap_err();
        assert!(e.message.contains("invalid type 'int' for parameter 'weight', expected 'uint'"));
        let two = [param("weight", TypedValue::UInt(1)), param("weight", TypedValue::UInt(2))];
        assert!(validate(&two, &ok).unwrap_err().message.contains("occurs multiple times"));
    }

    #[test]
    fn cpumaps_round_trip() {
        let set = map_set(&[0x05, 0x80]);
        assert_eq!(set.0, vec![0, 2, 15]);
        assert_eq!(map_bytes(&set, 3), vec![0x05, 0x80, 0]);
        assert_eq!(first(vec![param("a", TypedValue::Int(1)), param("b", TypedValue::Int(2))], 0).1, 2);
    }

    fn small_def() -> DomainDef {
        DomainDef::parse("<domain type='test'><name>u</name><memory>1024</memory><os><type>hvm</type></os></domain>").unwrap()
    }

    #[test]
    fn metadata_elements_take_the_namespace_and_give_it_back() {
        let mut def = small_def();
        let e = metadata::element("<foo bar='1'><b/></foo>", "app", "http://x/").unwrap();
        metadata::set(&mut def, "http://x/", Some(e));
        assert_eq!(metadata::get(&def, "http://x/").as_deref(), Some("<foo bar=\"1\">\n  <b/>\n</foo>"));
        assert!(def.format(FormatOptions::default()).contains(
            "  <metadata>\n    <app:foo xmlns:app=\"http://x/\" bar=\"1\">\n      <app:b/>\n    </app:foo>\n  </metadata>\n"
        ));
        assert_eq!(metadata::get(&def, "http://y/"), None);
        assert_eq!(metadata::element("<foo", "app", "http://x/").unwrap_err().code, Code::VIR_ERR_XML_DETAIL);
        metadata::set(&mut def, "http://x/", None);
        assert!(def.metadata.is_none());
    }

    #[test]
    fn iothreads_and_blkio_devices_edit_the_definition() {
        let mut def = small_def();
        iothreads::add(&mut def, 3);
        iothreads::add(&mut def, 1);
        assert_eq!(iothreads::ids(&def), vec![3, 1]);
        iothreads::set_pin(&mut def, 3, &Bitmap(vec![0, 2]));
        let xml = def.format(FormatOptions::default());
        assert!(xml.contains("  <iothreads>2</iothreads>\n  <iothreadids>\n    <iothread id='3'/>\n    <iothread id='1'/>\n"));
        assert!(xml.contains("<iothreadpin iothread='3' cpuset='0,2'/>"));
        assert_eq!(iothreads::map_data(&iothreads::pin(&def, 3).unwrap()), vec![0x05]);
        assert_eq!(iothreads::map_data(&Bitmap(vec![9])), vec![0, 0x02]);
        iothreads::del(&mut def, 3);
        iothreads::del(&mut def, 1);
        assert!(!def.format(FormatOptions::default()).contains("iothread"));
        assert!(!def.format(FormatOptions::default()).contains("cputune"));

        set_blkio_devices(&mut def, "device_weight", "/dev/sda,5,/dev/sdb,7").unwrap();
        set_blkio_devices(&mut def, "device_read_iops_sec", "/dev/sda,9").unwrap();
        let b = def.extra.iter().find(|e| e.name == "blkiotune").unwrap();
        assert_eq!(b.elements_named("device").count(), 2);
        assert_eq!(child_text(b.elements_named("device").next().unwrap(), "read_iops_sec").as_deref(), Some("9"));
        let e = set_blkio_devices(&mut def, "device_weight", "/dev/sda").unwrap_err();
        assert_eq!(e.message, "invalid argument: unable to parse blkio device 'device_weight' '/dev/sda'");
    }
}
