//! `virConnectGetDomainCapabilities` and `virConnectGetMaxVcpus` for the QEMU driver.
//!
//! Each binary is started once per accelerator (`-machine none,accel=kvm|tcg -S`) with
//! QMP on a socket pair and asked what it offers: machine types (and their vCPU limits),
//! CPU models (usable or not with that accelerator), QOM types (devices), commands and
//! display back-ends. The answer is cached by the binary's path and mtime, as
//! [`super::caps::MachineCache`] does for `-machine help`; an upgraded QEMU is asked
//! again. The XML is then composed as libvirt 9.0 formats it for the same QEMU: the
//! enums list what this QEMU has, in libvirt's order.

#![forbid(unsafe_code)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use parking_lot::Mutex;
use virt::error::{Code, Domain, Error, Result};

use super::qmp::{Json, Monitor};

const FROM: Domain = Domain::VIR_FROM_QEMU;

/// How long one probe of a binary may take in all.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

/// One machine type as `query-machines` describes it.
#[derive(Clone, Debug)]
pub struct MachineType {
    pub name: String,
    pub alias: Option<String>,
    pub is_default: bool,
    pub cpu_max: u32,
    /// QEMU's CPU type for the machine when none is asked for (`default-cpu-type`).
    pub default_cpu_type: Option<String>,
}

/// What one binary offers under one accelerator.
#[derive(Clone, Debug, Default)]
pub struct Probe {
    pub machines: Vec<MachineType>,
    /// CPU models in QEMU's order with "usable" (no unavailable features).
    pub cpu_models: Vec<(String, bool)>,
    /// CPU models by their QOM type name (`qemu64-x86_64-cpu` -> `qemu64`).
    pub cpu_typenames: HashMap<String, String>,
    pub types: HashSet<String>,
    pub commands: HashSet<String>,
    pub displays: Vec<String>,
}

impl Probe {
    fn has(&self, ty: &str) -> bool {
        self.types.contains(ty)
    }

    /// The machine `name` names (an alias resolves to its machine).
    pub fn machine(&self, name: &str) -> Option<&MachineType> {
        self.machines.iter().find(|m| m.name == name).or_else(|| self.machines.iter().find(|m| m.alias.as_deref() == Some(name)))
    }

    /// The CPU model QEMU gives `machine` when none is asked for (libvirt's
    /// `virQEMUCapsGetMachineDefaultCPU`).
    pub fn default_cpu_model(&self, machine: &str) -> Option<&str> {
        let ty = self.machine(machine)?.default_cpu_type.as_deref()?;
        self.cpu_typenames.get(ty).map(String::as_str)
    }

    /// QEMU's default machine (none for binaries without one).
    pub fn default_machine(&self) -> Option<&MachineType> {
        self.machines.iter().find(|m| m.is_default)
    }
}

/// Probes per (binary, accelerator), valid while the binary's mtime matches.
#[derive(Default)]
pub struct ProbeCache {
    entries: Mutex<HashMap<(PathBuf, bool), (SystemTime, std::sync::Arc<Probe>)>>,
    /// Serialises probes, so that concurrent callers start one QEMU, not several.
    probing: Mutex<()>,
}

impl ProbeCache {
    /// `binary`'s offer under KVM (`kvm`) or TCG, from the cache when the binary did not change.
    pub fn probe(&self, binary: &Path, kvm: bool) -> Result<std::sync::Arc<Probe>> {
        let _one = self.probing.lock();
        let meta = std::fs::metadata(binary).map_err(|e| {
            Error::system(FROM, &format!("Cannot check QEMU binary {}", binary.display()), &e)
        })?;
        let mtime = meta.modified().map_err(|e| Error::system(FROM, "cannot read a modification time", &e))?;
        let key = (binary.to_path_buf(), kvm);
        if let Some((t, p)) = self.entries.lock().get(&key) {
            if *t == mtime {
                return Ok(p.clone());
            }
        }
        let probe = std::sync::Arc::new(probe_binary(binary, kvm)?);
        self.entries.lock().insert(key, (mtime, probe.clone()));
        Ok(probe)
    }
}

/// Starts `binary` with QMP on a socket pair and asks it everything domain
/// capabilities need; QEMU is told to quit (and killed, should it not) afterwards.
fn probe_binary(binary: &Path, kvm: bool) -> Result<Probe> {
    let fail = |what: &str, e: std::io::Error| Error::system(FROM, what, &e);
    let (ours, theirs) = UnixStream::pair().map_err(|e| fail("cannot create a socket pair", e))?;
    let theirs_out = theirs.try_clone().map_err(|e| fail("cannot duplicate a socket", e))?;
    let mut child = Command::new(binary)
        .args(["-S", "-no-user-config", "-nodefaults", "-nographic", "-display", "none", "-qmp", "stdio", "-machine"])
        .arg(if kvm { "none,accel=kvm" } else { "none,accel=tcg" })
        .stdin(Stdio::from(std::os::fd::OwnedFd::from(theirs)))
        .stdout(Stdio::from(std::os::fd::OwnedFd::from(theirs_out)))
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(&format!("Cannot run QEMU binary {}", binary.display()), e))?;
    let result = (|| {
        let mut mon = Monitor::from_stream(ours, PROBE_TIMEOUT, Box::new(|_| {}))?;
        mon.set_command_timeout(PROBE_TIMEOUT);
        let mut p = Probe::default();
        for m in mon.execute("query-machines", None)?.as_array().unwrap_or_default() {
            let Some(name) = m.get("name").and_then(Json::as_str) else { continue };
            p.machines.push(MachineType {
                name: name.to_string(),
                alias: m.get("alias").and_then(Json::as_str).map(str::to_string),
                is_default: m.get("is-default").and_then(Json::as_bool).unwrap_or(false),
                cpu_max: m.get("cpu-max").and_then(Json::as_u64).map_or(1, |n| n.min(u32::MAX as u64) as u32),
                default_cpu_type: m.get("default-cpu-type").and_then(Json::as_str).map(str::to_string),
            });
        }
        if let Ok(defs) = mon.execute("query-cpu-definitions", None) {
            for d in defs.as_array().unwrap_or_default() {
                let Some(name) = d.get("name").and_then(Json::as_str) else { continue };
                let usable = d.get("unavailable-features").and_then(Json::as_array).map_or(true, |u| u.is_empty());
                p.cpu_models.push((name.to_string(), usable));
                if let Some(ty) = d.get("typename").and_then(Json::as_str) {
                    p.cpu_typenames.insert(ty.to_string(), name.to_string());
                }
            }
        }
        for t in mon.execute("qom-list-types", None)?.as_array().unwrap_or_default() {
            if let Some(n) = t.get("name").and_then(Json::as_str) {
                p.types.insert(n.to_string());
            }
        }
        for c in mon.execute("query-commands", None)?.as_array().unwrap_or_default() {
            if let Some(n) = c.get("name").and_then(Json::as_str) {
                p.commands.insert(n.to_string());
            }
        }
        let _ = mon.execute("quit", None);
        Ok(p)
    })();
    let status = wait_or_kill(&mut child);
    let mut p = match result {
        Ok(p) => p,
        Err(e) => {
            let mut stderr = String::new();
            if let Some(mut s) = child.stderr.take() {
                use std::io::Read;
                let _ = s.by_ref().take(4096).read_to_string(&mut stderr);
            }
            let stderr = stderr.trim();
            if !stderr.is_empty() {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INTERNAL_ERROR,
                    format!("Failed to probe QEMU binary with QMP: {stderr}"),
                ));
            }
            let _ = status;
            return Err(e);
        }
    };
    p.displays = display_backends(binary);
    Ok(p)
}

/// Waits up to a few seconds for `child` to exit after `quit`, then kills it.
fn wait_or_kill(child: &mut std::process::Child) -> Option<std::process::ExitStatus> {
    for _ in 0..100 {
        if let Ok(Some(s)) = child.try_wait() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(30));
    }
    let _ = child.kill();
    child.wait().ok()
}

/// `-display help`: the display back-ends this binary was built with. A back-end built
/// as a module that is not installed is named on stderr ("module ui-ui-sdl not found"):
/// it is still part of QEMU's interface (libvirt sees it in the QMP schema).
fn display_backends(binary: &Path) -> Vec<String> {
    let Ok(out) = run_with_timeout(Command::new(binary).args(["-display", "help"]), Duration::from_secs(10)) else {
        return Vec::new();
    };
    let mut v: Vec<String> =
        out.0.lines().skip(1).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    for line in out.1.lines() {
        if let Some(m) = line.split("module ui-ui-").nth(1).and_then(|r| r.split_whitespace().next()) {
            if !v.iter().any(|x| x == m) {
                v.push(m.to_string());
            }
        }
    }
    v
}

/// Runs `cmd` (no stdin) for at most `limit`; its stdout and stderr (64 KiB of each).
fn run_with_timeout(cmd: &mut Command, limit: Duration) -> std::io::Result<(String, String)> {
    use std::io::Read;
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut e = String::new();
        if let Some(s) = err.as_mut() {
            let _ = s.take(64 << 10).read_to_string(&mut e);
        }
        e
    });
    let start = std::time::Instant::now();
    let mut o = String::new();
    if let Some(s) = out.as_mut() {
        let _ = s.take(64 << 10).read_to_string(&mut o);
    }
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((o, reader.join().unwrap_or_default()))
}

/// The x86 CPU models libvirt 9.0 knows (its CPU map), with their vendors. Models QEMU
/// has that libvirt does not know are not listed, as in libvirt.
const X86_MODELS: &[(&str, &str)] = &[
    ("486", "unknown"), ("pentium", "unknown"), ("pentium2", "unknown"), ("pentium3", "unknown"),
    ("pentiumpro", "unknown"), ("coreduo", "Intel"), ("n270", "Intel"), ("core2duo", "Intel"),
    ("qemu32", "unknown"), ("kvm32", "unknown"), ("cpu64-rhel5", "unknown"), ("cpu64-rhel6", "unknown"),
    ("qemu64", "unknown"), ("kvm64", "unknown"), ("Conroe", "Intel"), ("Penryn", "Intel"), ("Nehalem", "Intel"),
    ("Nehalem-IBRS", "Intel"), ("Westmere", "Intel"), ("Westmere-IBRS", "Intel"), ("SandyBridge", "Intel"),
    ("SandyBridge-IBRS", "Intel"), ("IvyBridge", "Intel"), ("IvyBridge-IBRS", "Intel"), ("Haswell-noTSX", "Intel"),
    ("Haswell-noTSX-IBRS", "Intel"), ("Haswell", "Intel"), ("Haswell-IBRS", "Intel"), ("Broadwell-noTSX", "Intel"),
    ("Broadwell-noTSX-IBRS", "Intel"), ("Broadwell", "Intel"), ("Broadwell-IBRS", "Intel"),
    ("Skylake-Client", "Intel"), ("Skylake-Client-IBRS", "Intel"), ("Skylake-Client-noTSX-IBRS", "Intel"),
    ("Skylake-Server", "Intel"), ("Skylake-Server-IBRS", "Intel"), ("Skylake-Server-noTSX-IBRS", "Intel"),
    ("Cascadelake-Server", "Intel"), ("Cascadelake-Server-noTSX", "Intel"), ("Icelake-Client", "Intel"),
    ("Icelake-Client-noTSX", "Intel"), ("Icelake-Server", "Intel"), ("Icelake-Server-noTSX", "Intel"),
    ("Cooperlake", "Intel"), ("Snowridge", "Intel"), ("athlon", "AMD"), ("phenom", "AMD"), ("Opteron_G1", "AMD"),
    ("Opteron_G2", "AMD"), ("Opteron_G3", "AMD"), ("Opteron_G4", "AMD"), ("Opteron_G5", "AMD"), ("EPYC", "AMD"),
    ("EPYC-IBPB", "AMD"), ("EPYC-Rome", "AMD"), ("EPYC-Milan", "AMD"), ("Dhyana", "Hygon"),
];

/// The libvirt architecture a `qemu-system-<suffix>` binary emulates by default.
fn binary_arch(binary: &Path) -> Option<&'static str> {
    let name = binary.file_name()?.to_str()?;
    super::caps::arch_of_binary(name.strip_prefix("qemu-system-")?)
}

/// Architectures a binary can serve besides its own (x86_64 runs i686 guests).
fn binary_serves(binary_arch: &str, arch: &str) -> bool {
    binary_arch == arch
        || (binary_arch == "x86_64" && arch == "i686")
        || (binary_arch == "aarch64" && arch == "armv7l")
        || (binary_arch == "ppc64" && arch == "ppc64le")
}

/// Architecture names libvirt knows (`virArchFromString`).
const ARCHES: &[&str] = &[
    "none", "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64", "lm32", "loongarch64", "m68k",
    "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc", "parisc", "parisc64", "ppc",
    "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb", "sparc",
    "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb",
];

/// The binary serving `arch`, as libvirt looks for it (`qemu-system-<arch>`, then one
/// that can run it).
fn binary_for(arch: &str) -> Option<PathBuf> {
    let suffix = match arch {
        "i686" => "i386",
        "armv7l" => "arm",
        "ppc64le" => "ppc64",
        other => other,
    };
    let dirs = ["/usr/bin", "/usr/libexec", "/usr/local/bin"];
    for d in dirs {
        let p = Path::new(d).join(format!("qemu-system-{suffix}"));
        if p.exists() {
            return Some(p);
        }
    }
    let fallback = match arch {
        "i686" => "x86_64",
        "armv7l" => "aarch64",
        _ => return None,
    };
    dirs.iter().map(|d| Path::new(d).join(format!("qemu-system-{fallback}"))).find(|p| p.exists())
}

fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "arm" => "armv7l",
        "powerpc64" => "ppc64",
        other => other,
    }
}

fn invalid(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_INVALID_ARG, msg)
}

/// What the caller asked for, resolved as libvirt resolves it.
pub struct Resolved {
    pub binary: PathBuf,
    pub arch: String,
    pub machine: MachineType,
    pub kvm: bool,
    pub probe: std::sync::Arc<Probe>,
}

/// `qemuConnectGetDomainCapabilities`'s argument handling: the emulator from the
/// architecture (or the host's), the architecture from the emulator, the virt type
/// (`kvm` when usable), the machine (QEMU's default; aliases resolved).
pub fn resolve(
    cache: &ProbeCache,
    kvm_usable: bool,
    emulatorbin: Option<&str>,
    arch: Option<&str>,
    machine: Option<&str>,
    virttype: Option<&str>,
) -> Result<Resolved> {
    let kvm = match virttype {
        None => kvm_usable,
        Some("kvm") => true,
        Some("qemu") => false,
        Some(other) if !is_virt_type(other) => return Err(invalid(format!("unknown virttype: {other}"))),
        Some(_) => false,
    };
    if let Some(a) = arch {
        if !ARCHES.contains(&a) {
            return Err(invalid(format!("unknown architecture: {a}")));
        }
    }
    let (binary, arch) = match (emulatorbin, arch) {
        (Some(bin), a) => {
            let bin = PathBuf::from(bin);
            std::fs::metadata(&bin).map_err(|e| {
                Error::system(FROM, &format!("Cannot check QEMU binary {}", bin.display()), &e)
            })?;
            let own = binary_arch(&bin).unwrap_or("none");
            let arch = a.unwrap_or(own).to_string();
            if !binary_serves(own, &arch) {
                return Err(invalid(format!("Emulator '{}' does not support arch '{arch}'", bin.display())));
            }
            (bin, arch)
        }
        (None, a) => {
            let arch = a.unwrap_or(host_arch()).to_string();
            let bin = binary_for(&arch).ok_or_else(|| {
                Error::new(
                    FROM,
                    Code::VIR_ERR_CONFIG_UNSUPPORTED,
                    format!("unable to find any emulator to serve '{arch}' architecture"),
                )
            })?;
            (bin, arch)
        }
    };
    if let Some(t) = virttype {
        if t != "kvm" && t != "qemu" {
            return Err(invalid(format!("Emulator '{}' does not support virt type '{t}'", binary.display())));
        }
    }
    let host = host_arch();
    if kvm && (!kvm_usable || !(arch == host || (host == "x86_64" && arch == "i686"))) {
        return Err(invalid(format!("KVM is not supported by '{}' on this host", binary.display())));
    }
    let probe = cache.probe(&binary, kvm)?;
    let m = match machine {
        Some(name) => probe.machine(name).cloned().ok_or_else(|| {
            invalid(format!("the machine '{name}' is not supported by emulator '{}'", binary.display()))
        })?,
        None => probe.default_machine().or_else(|| probe.machines.first()).cloned().ok_or_else(|| {
            invalid(format!("the machine '' is not supported by emulator '{}'", binary.display()))
        })?,
    };
    Ok(Resolved { binary, arch, machine: m, kvm, probe })
}

/// Virt type names libvirt knows (`virDomainVirtTypeFromString`).
fn is_virt_type(t: &str) -> bool {
    matches!(
        t,
        "none" | "qemu" | "kqemu" | "kvm" | "xen" | "lxc" | "uml" | "openvz" | "test" | "vmware" | "hyperv" | "vbox"
            | "phyp" | "parallels" | "bhyve" | "vz"
    )
}

/// One UEFI firmware descriptor's facts that domain capabilities need.
#[derive(Clone, Debug)]
struct Firmware {
    executable: String,
    secure_boot: bool,
    requires_smm: bool,
}

/// Firmware descriptors (`/etc/qemu/firmware` overriding `/usr/share/qemu/firmware` by
/// file name) that serve `arch` and `machine`, in file name order.
fn firmwares(arch: &str, machine: &str) -> Vec<Firmware> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for dir in ["/etc/qemu/firmware", "/usr/share/qemu/firmware"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && !files.iter().any(|(n, _)| *n == name) {
                files.push((name, e.path()));
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for (_, path) in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        if text.is_empty() {
            continue; // an empty file masks a descriptor
        }
        let Ok(j) = Json::parse(&text) else { continue };
        let strs = |v: Option<&Json>| -> Vec<String> {
            v.and_then(Json::as_array).unwrap_or_default().iter().filter_map(|s| s.as_str().map(str::to_string)).collect()
        };
        if !strs(j.get("interface-types")).iter().any(|t| t == "uefi") {
            continue;
        }
        let mapping = j.get("mapping");
        if mapping.and_then(|m| m.get("device")).and_then(Json::as_str) != Some("flash") {
            continue;
        }
        let Some(exe) = mapping.and_then(|m| m.get("executable")).and_then(|e| e.get("filename")).and_then(Json::as_str)
        else {
            continue;
        };
        let serves = j.get("targets").and_then(Json::as_array).unwrap_or_default().iter().any(|t| {
            t.get("architecture").and_then(Json::as_str) == Some(arch)
                && strs(t.get("machines")).iter().any(|g| glob_match(g, machine))
        });
        if !serves {
            continue;
        }
        let features = strs(j.get("features"));
        out.push(Firmware {
            executable: exe.to_string(),
            secure_boot: features.iter().any(|f| f == "secure-boot"),
            requires_smm: features.iter().any(|f| f == "requires-smm"),
        });
    }
    out
}

/// `fnmatch` for the `*` and `?` the firmware descriptors use.
fn glob_match(pat: &str, s: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.split_first() {
            None => s.is_empty(),
            Some((b'*', rest)) => (0..=s.len()).any(|i| go(rest, &s[i..])),
            Some((b'?', rest)) => !s.is_empty() && go(rest, &s[1..]),
            Some((c, rest)) => s.first() == Some(c) && go(rest, &s[1..]),
        }
    }
    go(pat.as_bytes(), s.as_bytes())
}

fn is_q35(machine: &str) -> bool {
    machine.starts_with("pc-q35") || machine == "q35"
}

fn is_i440fx(machine: &str) -> bool {
    machine.starts_with("pc-i440fx") || machine == "pc" || machine.starts_with("pc-") && !is_q35(machine)
}

/// `<enum name='NAME'>` with `values`, or `<enum name='NAME'/>` when there are none.
fn put_enum(out: &mut String, indent: usize, name: &str, values: &[&str]) {
    let pad = " ".repeat(indent);
    if values.is_empty() {
        let _ = writeln!(out, "{pad}<enum name='{name}'/>");
        return;
    }
    let _ = writeln!(out, "{pad}<enum name='{name}'>");
    for v in values {
        let _ = writeln!(out, "{pad}  <value>{}</value>", virt::conf::xml::escape(v));
    }
    let _ = writeln!(out, "{pad}</enum>");
}

/// The largest vCPU count KVM allows (`KVM_CAP_MAX_VCPUS`), if /dev/kvm answers.
pub fn kvm_max_vcpus() -> Option<u32> {
    crate::sys::kvm_max_vcpus()
}

/// `qemuConnectGetMaxVcpus`: 16 for TCG (QEMU's own default limit), KVM's limit for kvm.
pub fn max_vcpus(kind: Option<&str>) -> Result<i32> {
    match kind.map(str::to_ascii_lowercase).as_deref() {
        None | Some("qemu") => Ok(16),
        Some("kvm") => kvm_max_vcpus()
            .map(|n| n.min(i32::MAX as u32) as i32)
            .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "Unable to get max vcpus for KVM")),
        Some(_) => Err(invalid(format!("unknown type '{}'", kind.unwrap_or_default()))),
    }
}

/// The domain capabilities XML for `r`, as libvirt 9.0 formats it.
pub fn format(r: &Resolved) -> String {
    let p = &r.probe;
    let machine = r.machine.name.as_str();
    let x86 = r.arch == "x86_64" || r.arch == "i686";
    let mut o = String::new();
    o.push_str("<domainCapabilities>\n");
    let _ = writeln!(o, "  <path>{}</path>", virt::conf::xml::escape(&r.binary.display().to_string()));
    let _ = writeln!(o, "  <domain>{}</domain>", if r.kvm { "kvm" } else { "qemu" });
    let _ = writeln!(o, "  <machine>{}</machine>", virt::conf::xml::escape(machine));
    let _ = writeln!(o, "  <arch>{}</arch>", r.arch);
    let mut max = r.machine.cpu_max;
    if r.kvm {
        if let Some(k) = kvm_max_vcpus() {
            max = max.min(k);
        }
    }
    let _ = writeln!(o, "  <vcpu max='{max}'/>");
    let _ = writeln!(o, "  <iothreads supported='{}'/>", yes(p.has("iothread")));

    // <os>: UEFI from the firmware descriptors; secure boot needs SMM (q35).
    let fws: Vec<Firmware> =
        firmwares(&r.arch, machine).into_iter().filter(|f| !f.requires_smm || is_q35(machine)).collect();
    o.push_str("  <os supported='yes'>\n");
    if fws.is_empty() {
        put_enum(&mut o, 4, "firmware", &[]);
    } else {
        put_enum(&mut o, 4, "firmware", &["efi"]);
    }
    o.push_str("    <loader supported='yes'>\n");
    let mut seen: Vec<&str> = Vec::new();
    for f in &fws {
        if !seen.contains(&f.executable.as_str()) {
            seen.push(&f.executable);
            let _ = writeln!(o, "      <value>{}</value>", virt::conf::xml::escape(&f.executable));
        }
    }
    put_enum(&mut o, 6, "type", &["rom", "pflash"]);
    put_enum(&mut o, 6, "readonly", &["yes", "no"]);
    let secure: &[&str] = if fws.iter().any(|f| f.secure_boot) { &["yes", "no"] } else { &["no"] };
    put_enum(&mut o, 6, "secure", secure);
    o.push_str("    </loader>\n  </os>\n");

    // <cpu>
    o.push_str("  <cpu>\n");
    if r.kvm {
        o.push_str("    <mode name='host-passthrough' supported='yes'>\n");
        put_enum(&mut o, 6, "hostPassthroughMigratable", &["on", "off"]);
        o.push_str("    </mode>\n");
    } else {
        o.push_str("    <mode name='host-passthrough' supported='no'/>\n");
    }
    o.push_str("    <mode name='maximum' supported='yes'>\n");
    put_enum(&mut o, 6, "maximumMigratable", &["on", "off"]);
    o.push_str("    </mode>\n");
    // The host-model expansion needs libvirt's CPUID decoding into a named model,
    // which this driver does not do: reported unsupported rather than guessed.
    o.push_str("    <mode name='host-model' supported='no'/>\n");
    let models: Vec<(&str, bool, &str)> = p
        .cpu_models
        .iter()
        .filter_map(|(name, usable)| {
            let vendor = if x86 { X86_MODELS.iter().find(|(n, _)| n == name)?.1 } else { "unknown" };
            Some((name.as_str(), *usable, vendor))
        })
        .collect();
    if models.is_empty() {
        o.push_str("    <mode name='custom' supported='no'/>\n");
    } else {
        o.push_str("    <mode name='custom' supported='yes'>\n");
        for (name, usable, vendor) in models {
            let _ = writeln!(
                o,
                "      <model usable='{}' vendor='{vendor}'>{}</model>",
                yes(usable),
                virt::conf::xml::escape(name)
            );
        }
        o.push_str("    </mode>\n");
    }
    o.push_str("  </cpu>\n");

    // <memoryBacking>
    o.push_str("  <memoryBacking supported='yes'>\n");
    let mut sources = vec!["file", "anonymous"];
    if p.has("memory-backend-memfd") {
        sources.push("memfd");
    }
    put_enum(&mut o, 4, "sourceType", &sources);
    o.push_str("  </memoryBacking>\n");

    // <devices>
    o.push_str("  <devices>\n");
    o.push_str("    <disk supported='yes'>\n");
    put_enum(&mut o, 6, "diskDevice", &["disk", "cdrom", "floppy", "lun"]);
    let mut buses = Vec::new();
    if x86 && !is_q35(machine) && is_i440fx(machine) {
        buses.push("ide");
    }
    if x86 && p.has("isa-fdc") {
        buses.push("fdc");
    }
    buses.push("scsi");
    buses.push("virtio");
    if p.has("usb-storage") {
        buses.push("usb");
    }
    if p.has("ich9-ahci") {
        buses.push("sata");
    }
    put_enum(&mut o, 6, "bus", &buses);
    put_enum(&mut o, 6, "model", &virtio_models(p, "virtio-blk-pci"));
    o.push_str("    </disk>\n");

    o.push_str("    <graphics supported='yes'>\n");
    let mut gtypes = Vec::new();
    if p.displays.iter().any(|d| d == "sdl") {
        gtypes.push("sdl");
    }
    if p.commands.contains("query-vnc") {
        gtypes.push("vnc");
    }
    if p.commands.contains("query-spice") {
        gtypes.push("spice");
    }
    if p.displays.iter().any(|d| d == "egl-headless") {
        gtypes.push("egl-headless");
    }
    if p.displays.iter().any(|d| d == "dbus") {
        gtypes.push("dbus");
    }
    put_enum(&mut o, 6, "type", &gtypes);
    o.push_str("    </graphics>\n");

    o.push_str("    <video supported='yes'>\n");
    let mut vids = Vec::new();
    for (model, ty) in [("vga", "VGA"), ("cirrus", "cirrus-vga"), ("vmvga", "vmware-svga"), ("qxl", "qxl-vga")] {
        if p.has(ty) {
            vids.push(model);
        }
    }
    if p.has("virtio-gpu-pci") || p.has("virtio-vga") {
        vids.push("virtio");
    }
    vids.push("none");
    if p.has("bochs-display") {
        vids.push("bochs");
    }
    if p.has("ramfb") {
        vids.push("ramfb");
    }
    put_enum(&mut o, 6, "modelType", &vids);
    o.push_str("    </video>\n");

    o.push_str("    <hostdev supported='yes'>\n");
    put_enum(&mut o, 6, "mode", &["subsystem"]);
    put_enum(&mut o, 6, "startupPolicy", &["default", "mandatory", "requisite", "optional"]);
    let mut subsys = vec!["usb", "pci"];
    if p.has("scsi-generic") {
        subsys.push("scsi");
    }
    put_enum(&mut o, 6, "subsysType", &subsys);
    put_enum(&mut o, 6, "capsType", &[]);
    let vfio = Path::new("/dev/vfio/vfio").exists()
        && std::fs::read_dir("/sys/kernel/iommu_groups").map_or(false, |mut d| d.next().is_some());
    put_enum(&mut o, 6, "pciBackend", if vfio && p.has("vfio-pci") { &["default", "vfio"] } else { &[] });
    o.push_str("    </hostdev>\n");

    o.push_str("    <rng supported='yes'>\n");
    put_enum(&mut o, 6, "model", &virtio_models(p, "virtio-rng-pci"));
    let mut backends = vec!["random", "egd"];
    if p.has("rng-builtin") {
        backends.push("builtin");
    }
    put_enum(&mut o, 6, "backendModel", &backends);
    o.push_str("    </rng>\n");

    o.push_str("    <filesystem supported='yes'>\n");
    let mut fs = vec!["path", "handle"];
    if p.has("vhost-user-fs-device") {
        fs.push("virtiofs");
    }
    put_enum(&mut o, 6, "driverType", &fs);
    o.push_str("    </filesystem>\n");

    o.push_str("    <tpm supported='yes'>\n");
    let mut tpms = Vec::new();
    if p.has("tpm-tis") {
        tpms.push("tpm-tis");
    }
    if p.has("tpm-crb") {
        tpms.push("tpm-crb");
    }
    put_enum(&mut o, 6, "model", &tpms);
    let mut tpmb = Vec::new();
    if p.has("tpm-passthrough") {
        tpmb.push("passthrough");
    }
    if p.has("tpm-emulator") && in_path("swtpm") {
        tpmb.push("emulator");
    }
    put_enum(&mut o, 6, "backendModel", &tpmb);
    o.push_str("    </tpm>\n");

    o.push_str(&format!("    <redirdev supported='{}'>\n", yes(p.has("usb-redir"))));
    put_enum(&mut o, 6, "bus", &["usb"]);
    o.push_str("    </redirdev>\n");

    o.push_str("    <channel supported='yes'>\n");
    let mut ch = vec!["pty", "unix"];
    if p.commands.contains("query-spice") {
        ch.push("spicevmc");
    }
    put_enum(&mut o, 6, "type", &ch);
    o.push_str("    </channel>\n");
    o.push_str("  </devices>\n");

    // <features>
    o.push_str("  <features>\n");
    o.push_str("    <gic supported='no'/>\n");
    let _ = writeln!(o, "    <vmcoreinfo supported='{}'/>", yes(p.has("vmcoreinfo")));
    let _ = writeln!(o, "    <genid supported='{}'/>", yes(p.has("vmgenid")));
    let _ = writeln!(o, "    <backingStoreInput supported='{}'/>", yes(p.commands.contains("blockdev-add")));
    let _ = writeln!(o, "    <backup supported='{}'/>", yes(p.commands.contains("blockdev-backup")));
    o.push_str("    <sev supported='no'/>\n");
    o.push_str("    <sgx supported='no'/>\n");
    if x86 {
        o.push_str("    <hyperv supported='yes'>\n");
        put_enum(&mut o, 6, "features", &["spinlocks", "vendor_id"]);
        o.push_str("    </hyperv>\n");
    }
    o.push_str("  </features>\n");
    o.push_str("</domainCapabilities>\n");
    o
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `virtio`, plus the transitional models when QEMU has `<base>-transitional`.
fn virtio_models(p: &Probe, base: &str) -> Vec<&'static str> {
    let mut m = vec!["virtio"];
    if p.has(&format!("{base}-transitional")) {
        m.push("virtio-transitional");
        m.push("virtio-non-transitional");
    }
    m
}

fn in_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
        || ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].iter().any(|d| Path::new(d).join(name).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_as_fnmatch() {
        assert!(glob_match("pc-q35-*", "pc-q35-7.2"));
        assert!(!glob_match("pc-q35-*", "pc-i440fx-7.2"));
        assert!(glob_match("pc-i440fx-?.?", "pc-i440fx-7.2"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn max_vcpus_per_type() {
        assert_eq!(max_vcpus(None).ok(), Some(16));
        assert_eq!(max_vcpus(Some("QEMU")).ok(), Some(16));
        let e = max_vcpus(Some("xen")).err().map(|e| e.message);
        assert_eq!(e.as_deref(), Some("invalid argument: unknown type 'xen'"));
    }
}
