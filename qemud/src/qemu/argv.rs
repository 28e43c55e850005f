//! The QEMU command line for a domain definition.
//!
//! [`build`] turns a parsed [`DomainDef`] plus what the driver decided at start time
//! ([`ArgvContext`]: the binary, the monitor socket, an allocated VNC port, ...) into
//! the argument vector QEMU is started with. It is pure: no file, device or binary is
//! looked at, so the same input always gives the same argv and the golden tests in
//! `testdata/argv/` pin it down. [`emulator_for`] is the one helper that probes the
//! host (which `qemu-system-*` binaries exist); it is kept apart for that reason.
//!
//! The argv follows what libvirt 9.0 generates for QEMU 7.x (`tests/qemuxml2argvdata/
//! *.x86_64-latest.args`), minus what needs host setup we do not do (secrets objects,
//! memory-backend objects, sandbox, file descriptors passed by number):
//!
//! - the monitor is `-chardev socket,id=charmonitor,path=...,server=on,wait=off` plus
//!   `-mon chardev=charmonitor,id=monitor,mode=control`, as libvirt does;
//! - disks are `-blockdev` pairs (a protocol node `libvirt-N-storage` and a format node
//!   `libvirt-N-format`, N counting down from the number of disks) plus a JSON
//!   `-device` frontend, the libvirt ≥ 5.x/QEMU ≥ 4.2 style, not `-drive`;
//! - `-device`, `-netdev` and `-blockdev` take JSON objects, as libvirt 9 writes them;
//! - the boot order becomes per-device `bootindex` with `-boot strict=on` (libvirt
//!   dropped `-boot order=` years ago); `<os><boot dev>` gives the first disk, cdrom,
//!   floppy or interface its index, `<boot order>` on a device overrides;
//! - memory is `-m size=NNNk` (exact KiB, no rounding to MiB);
//! - PCI addresses are passed when the definition has them and left to QEMU otherwise.
//!
//! Interfaces of type `bridge` and `network` need a tap device on a host bridge. A
//! privileged daemon passes `-netdev tap,ifname=<target dev>,script=no,downscript=no`
//! after creating the tap and adding it to the bridge (the driver's `plug_taps` puts
//! the name in `<target dev>`); an unprivileged one uses `-netdev bridge,br=...`,
//! QEMU's setuid `qemu-bridge-helper`, as libvirt's session mode does.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use virt::conf::domain::{
    alias_in, disk_name_to_index, set_alias_in, Address, Chardev, Controller, Disk, DomainDef, Graphics, Interface,
    Video,
};
use virt::error::{Code, Domain, Error, Result};

/// What the driver decided for this start, beyond the definition.
#[derive(Clone, Debug)]
pub struct ArgvContext {
    /// The QEMU binary (argv\[0\]); see [`emulator_for`].
    pub emulator: PathBuf,
    /// Where QEMU listens for the QMP monitor connection.
    pub qmp_socket: PathBuf,
    /// The port allocated for a VNC display with `autoport='yes'`.
    pub vnc_port: Option<u16>,
    /// The VNC listen address when the definition gives none (`vnc_listen` in qemu.conf).
    pub vnc_listen_default: String,
    /// The port allocated for a SPICE display with `autoport='yes'`.
    pub spice_port: Option<u16>,
    /// The SPICE listen address when the definition gives none (`spice_listen`).
    pub spice_listen_default: String,
    /// Only checking what the definition asks for (at define time): nothing host-side
    /// (ports, networks) is known yet, so only the definition's own choices are judged.
    pub validate_only: bool,
    /// KVM is usable on this host (`/dev/kvm` can be opened).
    pub kvm: bool,
    /// Pass `-S`: QEMU waits for `cont` after the driver's QMP setup (libvirt always
    /// does this and resumes unless the domain is started paused).
    pub start_paused_for_setup: bool,
    /// Pass `-no-shutdown`: a guest poweroff stops QEMU instead of ending it, and the
    /// driver ends it on the `SHUTDOWN` event (libvirt's way, which lets it tell a guest
    /// poweroff from a crash).
    pub no_shutdown: bool,
    /// The daemon can create tap devices (`qemu:///system`); otherwise bridges go
    /// through `qemu-bridge-helper`.
    pub privileged: bool,
    /// Active virtual networks: network name to its bridge (from the network driver).
    pub network_bridges: BTreeMap<String, String>,
}

impl ArgvContext {
    /// A context with libvirt's defaults: listen on 127.0.0.1, start with `-S`,
    /// `-no-shutdown`, no KVM, unprivileged, no networks.
    pub fn new(emulator: impl Into<PathBuf>, qmp_socket: impl Into<PathBuf>) -> ArgvContext {
        ArgvContext {
            emulator: emulator.into(),
            qmp_socket: qmp_socket.into(),
            vnc_port: None,
            vnc_listen_default: "127.0.0.1".into(),
            spice_port: None,
            spice_listen_default: "127.0.0.1".into(),
            validate_only: false,
            kvm: false,
            start_paused_for_setup: true,
            no_shutdown: true,
            privileged: false,
            network_bridges: BTreeMap::new(),
        }
    }
}

fn unsupported(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_QEMU, Code::VIR_ERR_CONFIG_UNSUPPORTED, msg)
}

fn internal(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_QEMU, Code::VIR_ERR_INTERNAL_ERROR, msg)
}

// ---------------------------------------------------------------------------------------
// Architectures and binaries.

/// The guest architecture: `<os><type arch>`, else the host's.
pub fn guest_arch(def: &DomainDef) -> String {
    def.os.arch.clone().unwrap_or_else(host_arch)
}

fn host_arch() -> String {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "arm" => "armv7l",
        "powerpc64" => "ppc64",
        "powerpc" => "ppc",
        other => other,
    }
    .to_string()
}

fn is_x86(arch: &str) -> bool {
    matches!(arch, "x86_64" | "i686")
}

/// The `qemu-system-*` names that can run `arch`, preferred first (an i686 guest runs
/// on qemu-system-i386 or, failing that, qemu-system-x86_64).
pub fn emulator_candidates(arch: &str) -> Vec<String> {
    let names: &[&str] = match arch {
        "i686" => &["i386", "x86_64"],
        "armv6l" | "armv7l" | "armv7b" => &["arm", "aarch64"],
        "ppc64le" | "ppc64" => &["ppc64"],
        "ppcle" | "ppcemb" => &["ppc"],
        "parisc" | "parisc64" => &["hppa"],
        "openrisc" => &["or1k"],
        other => return vec![format!("qemu-system-{other}")],
    };
    names.iter().map(|n| format!("qemu-system-{n}")).collect()
}

/// The binary to run: `<emulator>` when given, else the first of
/// [`emulator_candidates`] found in `/usr/bin`, `/usr/libexec` or `$PATH`.
/// Touches the file system (and only that); [`build`] never does.
pub fn emulator_for(def: &DomainDef) -> Result<PathBuf> {
    let mut dirs = vec![PathBuf::from("/usr/bin"), PathBuf::from("/usr/libexec")];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    find_emulator(def, &dirs)
}

/// [`emulator_for`] over the given directories.
pub fn find_emulator(def: &DomainDef, dirs: &[PathBuf]) -> Result<PathBuf> {
    if let Some(e) = &def.devices.emulator {
        let path = PathBuf::from(e);
        if !is_executable(&path) {
            return Err(unsupported(format!("emulator '{e}' is not an executable file")));
        }
        return Ok(path);
    }
    let arch = guest_arch(def);
    for name in emulator_candidates(&arch) {
        for dir in dirs {
            let path = dir.join(&name);
            if is_executable(&path) {
                return Ok(path);
            }
        }
    }
    Err(unsupported(format!("no emulator for arch '{arch}'")))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The machine type QEMU is given when `<os><type machine>` is absent.
pub fn default_machine(arch: &str) -> &'static str {
    match arch {
        "x86_64" | "i686" => "pc",
        "ppc64" | "ppc64le" => "pseries",
        "s390x" => "s390-ccw-virtio",
        _ => "virt",
    }
}

// ---------------------------------------------------------------------------------------
// Small builders.

/// A JSON object written in insertion order, as libvirt writes `-device '{...}'`.
struct Json(String);

impl Json {
    fn new() -> Json {
        Json(String::from("{"))
    }

    fn key(&mut self, k: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        json_string(&mut self.0, k);
        self.0.push(':');
    }

    fn s(mut self, k: &str, v: &str) -> Json {
        self.key(k);
        json_string(&mut self.0, v);
        self
    }

    fn n(mut self, k: &str, v: impl std::fmt::Display) -> Json {
        self.key(k);
        let _ = write!(self.0, "{v}");
        self
    }

    fn b(mut self, k: &str, v: bool) -> Json {
        self.key(k);
        self.0.push_str(if v { "true" } else { "false" });
        self
    }

    /// A value that is already JSON (a nested object, `null`).
    fn raw(mut self, k: &str, v: &str) -> Json {
        self.key(k);
        self.0.push_str(v);
        self
    }

    fn opt_n(self, k: &str, v: Option<u32>) -> Json {
        match v {
            Some(v) => self.n(k, v),
            None => self,
        }
    }

    fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// QEMU's key=value syntax: a comma inside a value is written twice.
fn esc(s: &str) -> String {
    s.replace(',', ",,")
}

struct Argv(Vec<String>);

impl Argv {
    fn push(&mut self, opt: &str, val: impl Into<String>) {
        self.0.push(opt.to_string());
        self.0.push(val.into());
    }

    fn flag(&mut self, opt: &str) {
        self.0.push(opt.to_string());
    }
}

// ---------------------------------------------------------------------------------------
// The command line.

/// Everything [`build`] derives once from the definition.
struct Plan<'a> {
    def: &'a DomainDef,
    ctx: &'a ArgvContext,
    arch: String,
    machine: String,
    /// The virtio transport suffix: `pci` or `ccw`.
    virtio: &'static str,
}

impl<'a> Plan<'a> {
    fn new(def: &'a DomainDef, ctx: &'a ArgvContext) -> Plan<'a> {
        let arch = guest_arch(def);
        let machine = def.os.machine.clone().unwrap_or_else(|| default_machine(&arch).to_string());
        let virtio = if arch.starts_with("s390") { "ccw" } else { "pci" };
        Plan { def, ctx, arch, machine, virtio }
    }

    fn q35(&self) -> bool {
        self.machine == "q35" || self.machine.starts_with("pc-q35")
    }

    fn i440fx(&self) -> bool {
        is_x86(&self.arch) && !self.q35()
    }

    /// `<loader secure='yes'>`: the firmware's flash is only writable in SMM.
    fn secure_loader(&self) -> bool {
        self.def.os.loader.as_ref().is_some_and(|l| l.attrs.iter().any(|(k, v)| k == "secure" && v == "yes"))
    }

    fn spice(&self) -> bool {
        self.def.devices.graphics.iter().any(|g| g.graphics_type == "spice")
    }

    fn virtio_dev(&self, base: &str) -> String {
        format!("{base}-{}", self.virtio)
    }

    /// `"bus":"pci.0","addr":"0x3"` for a PCI address given in the definition.
    fn pci_addr(&self, j: Json, addr: Option<&Address>) -> Json {
        match addr {
            Some(Address::Pci { bus, slot, function, multifunction, .. }) => {
                let bus_name = match (*bus, self.q35()) {
                    (0, true) => "pcie.0".to_string(),
                    (b, _) => format!("pci.{b}"),
                };
                let addr = if *function == 0 { format!("0x{slot:x}") } else { format!("0x{slot:x}.0x{function:x}") };
                // libvirt writes `multifunction` (a JSON boolean) between bus and address.
                let j = j.s("bus", &bus_name);
                let j = if multifunction.as_deref() == Some("on") { j.b("multifunction", true) } else { j };
                j.s("addr", &addr)
            }
            _ => j,
        }
    }
}

/// The argv QEMU is started with for `def`; argv\[0\] is `ctx.emulator`.
pub fn build(def: &DomainDef, ctx: &ArgvContext) -> Result<Vec<String>> {
    let emulator = ctx.emulator.display().to_string();
    match def.virt_type.as_str() {
        "qemu" => {}
        "kvm" if ctx.kvm => {}
        other => {
            return Err(unsupported(format!("Emulator '{emulator}' does not support virt type '{other}'")));
        }
    }
    if def.os.os_type != "hvm" {
        return Err(unsupported(format!("Emulator '{emulator}' does not support os type '{}'", def.os.os_type)));
    }
    let plan = Plan::new(def, ctx);

    let mut a = Argv(vec![emulator]);
    a.push("-name", format!("guest={},debug-threads=on", esc(&def.name)));
    if ctx.start_paused_for_setup {
        a.flag("-S");
    }
    let pflash = firmware_args(&plan, &mut a)?;
    machine_args(&plan, pflash, &mut a)?;
    cpu_args(&plan, &mut a)?;
    if plan.secure_loader() {
        a.push("-global", "driver=cfi.pflash01,property=secure,value=on");
    }
    memory_args(def, &mut a);
    smp_args(def, &mut a)?;
    a.push("-uuid", def.uuid.to_string());
    if def.devices.graphics.is_empty() {
        a.push("-display", "none");
    }
    a.flag("-no-user-config");
    a.flag("-nodefaults");
    a.push(
        "-chardev",
        format!("socket,id=charmonitor,path={},server=on,wait=off", esc(&ctx.qmp_socket.display().to_string())),
    );
    a.push("-mon", "chardev=charmonitor,id=monitor,mode=control");
    clock_args(&plan, &mut a)?;
    if ctx.no_shutdown {
        a.flag("-no-shutdown");
    }
    pm_args(&plan, &mut a);
    if def.on_reboot == "destroy" {
        a.flag("-no-reboot");
    }
    boot_args(def, &mut a);

    let boot = BootIndexes::new(def);
    controller_args(&plan, &mut a)?;
    disk_args(&plan, &boot, &mut a)?;
    for (i, iface) in def.devices.interfaces.iter().enumerate() {
        let (netdev, device) = interface_parts(&plan, boot.interfaces[i], net_index(iface, i), iface)?;
        a.push("-netdev", netdev);
        a.push("-device", device);
    }
    chardev_args(&plan, &mut a)?;
    input_args(&plan, &mut a)?;
    audio_args(&plan, &mut a)?;
    graphics_args(&plan, &mut a)?;
    for (i, v) in def.devices.videos.iter().enumerate() {
        video_args(&plan, i, v, &mut a)?;
    }
    sound_args(&plan, &mut a)?;
    watchdog_args(&plan, &mut a)?;
    redirdev_args(&plan, &mut a)?;
    balloon_args(&plan, &mut a)?;
    rng_args(&plan, &mut a)?;
    refuse_unsupported(def)?;
    a.push("-msg", "timestamp=on");
    Ok(a.0)
}

fn machine_args(p: &Plan, pflash: bool, a: &mut Argv) -> Result<()> {
    let mut m = format!("{},usb=off", esc(&p.machine));
    let feature = |name: &str| p.def.features.iter().find(|f| f.name == name);
    let state = |name: &str| feature(name).and_then(|f| f.attr("state"));
    match state("vmport") {
        Some("on") if is_x86(&p.arch) => m.push_str(",vmport=on"),
        Some("off") if is_x86(&p.arch) => m.push_str(",vmport=off"),
        None => {}
        Some(_) => return Err(unsupported("vmport is not available with this QEMU binary")),
    }
    if p.secure_loader() || state("smm") == Some("on") {
        if !p.q35() {
            return Err(unsupported("Secure boot is supported with q35 machine types only"));
        }
        m.push_str(",smm=on");
    } else if state("smm") == Some("off") {
        m.push_str(",smm=off");
    }
    m.push_str(",dump-guest-core=off");
    if pflash {
        m.push_str(",pflash0=libvirt-pflash0-format");
        if p.def.os.nvram.is_some() {
            m.push_str(",pflash1=libvirt-pflash1-format");
        }
    }
    // Without <features><acpi/> an x86 guest gets no ACPI (and so ignores powerdown).
    if is_x86(&p.arch) && feature("acpi").is_none() {
        m.push_str(",acpi=off");
    }
    for f in &p.def.features {
        match f.name.as_str() {
            "acpi" | "apic" | "pae" | "vmport" | "smm" | "hyperv" => {}
            other => return Err(unsupported(format!("feature '{other}' is not supported by this driver"))),
        }
    }
    a.push("-machine", m);
    a.push("-accel", if p.def.virt_type == "kvm" { "kvm" } else { "tcg" });
    Ok(())
}

/// The UEFI (or other pflash) firmware: `<loader type='pflash'>` read-only code and the
/// `<nvram>` variable store as `-blockdev` pairs named on `-machine`. Returns whether
/// there is one.
fn firmware_args(p: &Plan, a: &mut Argv) -> Result<bool> {
    let Some(loader) = &p.def.os.loader else {
        if p.def.os.firmware.as_deref() == Some("efi") {
            return Err(internal("no firmware chosen for <os firmware='efi'>"));
        }
        return Ok(false);
    };
    let attr = |k: &str| loader.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let Some(code) = loader.path.as_deref() else { return Ok(false) };
    if attr("type") != Some("pflash") {
        a.push("-bios", code.to_string());
        return Ok(false);
    }
    let pair = |a: &mut Argv, n: u32, path: &str, ro: bool| {
        let storage = format!("libvirt-pflash{n}-storage");
        a.push(
            "-blockdev",
            Json::new()
                .s("driver", "file")
                .s("filename", path)
                .s("node-name", &storage)
                .b("auto-read-only", true)
                .s("discard", "unmap")
                .end(),
        );
        a.push(
            "-blockdev",
            Json::new()
                .s("node-name", &format!("libvirt-pflash{n}-format"))
                .b("read-only", ro)
                .s("driver", "raw")
                .s("file", &storage)
                .end(),
        );
    };
    pair(a, 0, code, attr("readonly") != Some("no"));
    if let Some(nvram) = &p.def.os.nvram {
        let path = nvram.text().trim().to_string();
        if path.is_empty() {
            return Err(internal("no NVRAM file for the firmware's variables"));
        }
        pair(a, 1, &path, false);
    }
    Ok(true)
}

/// `<clock>` and its timers: the RTC base and drift policy, the PIT's lost tick policy
/// (KVM's in-kernel PIT), HPET, the Hyper-V clock (a CPU flag, see [`cpu_args`]).
fn clock_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let mut rtc = match p.def.clock.offset.as_str() {
        "utc" | "localtime" => format!("base={}", p.def.clock.offset),
        other => return Err(unsupported(format!("unsupported clock offset '{other}'"))),
    };
    let mut extra = Argv(Vec::new());
    for t in &p.def.clock.timers {
        let name = t.attr("name").unwrap_or("");
        let present = t.attr("present");
        let policy = t.attr("tickpolicy");
        match (name, policy) {
            ("rtc", None | Some("delay")) => {}
            ("rtc", Some("catchup")) => rtc.push_str(",driftfix=slew"),
            ("pit", None) => {}
            ("pit", Some("delay")) if p.def.virt_type == "kvm" => extra.push("-global", "kvm-pit.lost_tick_policy=delay"),
            ("pit", Some("delay")) => {}
            ("pit", Some("discard")) if p.def.virt_type == "kvm" => {
                extra.push("-global", "kvm-pit.lost_tick_policy=discard")
            }
            ("hpet", None) if is_x86(&p.arch) => match present {
                Some("no") => extra.flag("-no-hpet"),
                _ => {}
            },
            ("hypervclock" | "kvmclock" | "tsc", None) => {}
            (n, Some(pol)) => {
                return Err(unsupported(format!("unsupported {n} timer tickpolicy '{pol}'")));
            }
            (n, None) => return Err(unsupported(format!("unsupported timer type (name) '{n}'"))),
        }
    }
    a.push("-rtc", rtc);
    a.0.extend(extra.0);
    Ok(())
}

/// `<pm>`: the chipset's S3/S4 switches.
fn pm_args(p: &Plan, a: &mut Argv) {
    if !is_x86(&p.arch) {
        return;
    }
    let dev = if p.q35() { "ICH9-LPC" } else { "PIIX4_PM" };
    for (state, name) in [(p.def.pm.suspend_to_mem, "s3"), (p.def.pm.suspend_to_disk, "s4")] {
        if let Some(on) = state {
            a.push("-global", format!("{dev}.disable_{name}={}", if on { 0 } else { 1 }));
        }
    }
}

fn cpu_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let kvm = p.def.virt_type == "kvm";
    let cpu = p.def.cpu.as_ref();
    let model = cpu.and_then(|c| c.child("model")).map(|m| m.text().trim().to_string()).filter(|m| !m.is_empty());
    let name = match (cpu.and_then(|c| c.attr("mode")), model) {
        (Some("host-passthrough"), _) if !kvm => {
            return Err(unsupported(
                format!(
                    "CPU mode 'host-passthrough' for {} qemu domain on {} host is not supported by hypervisor",
                    p.arch,
                    host_arch()
                ),
            ));
        }
        (Some("host-passthrough") | Some("maximum"), _) if kvm => Some("host".to_string()),
        (Some("maximum"), _) => Some("max".to_string()),
        (Some("host-model"), _) => Some(if kvm { "host" } else { "max" }.to_string()),
        (_, Some(m)) => Some(m),
        // QEMU's default aarch64 CPU on `virt` is a 32-bit Cortex-A15.
        _ if p.arch == "aarch64" => Some(if kvm { "host" } else { "max" }.to_string()),
        _ => None,
    };
    let mut flags = Vec::new();
    if let Some(c) = cpu.filter(|c| c.attr("mode").unwrap_or("custom") == "custom") {
        for f in c.elements_named("feature") {
            let fname = f.attr("name").unwrap_or("");
            let on = match f.attr("policy").unwrap_or("require") {
                "require" | "force" => "on",
                "disable" | "forbid" => "off",
                _ => continue,
            };
            flags.push(format!("{fname}={on}"));
        }
    }
    if let Some(h) = p.def.features.iter().find(|f| f.name == "hyperv") {
        for e in h.elements() {
            if e.attr("state") == Some("off") {
                continue;
            }
            let flag = match e.name.as_str() {
                "spinlocks" => {
                    let retries: u32 = e.attr("retries").and_then(|r| r.parse().ok()).unwrap_or(4095);
                    format!("hv-spinlocks=0x{retries:x}")
                }
                "relaxed" | "vapic" | "vpindex" | "runtime" | "synic" | "stimer" | "reset" | "frequencies"
                | "reenlightenment" | "tlbflush" | "ipi" | "evmcs" => format!("hv-{}=on", e.name),
                "vendor_id" => match e.attr("value") {
                    Some(v) => format!("hv-vendor-id={v}"),
                    None => continue,
                },
                other => return Err(unsupported(format!("unsupported Hyper-V feature: {other}"))),
            };
            flags.push(flag);
        }
    }
    let hypervclock = p
        .def
        .clock
        .timers
        .iter()
        .any(|t| t.attr("name") == Some("hypervclock") && t.attr("present") != Some("no"));
    if hypervclock {
        flags.push("hv-time=on".into());
    }
    if p.def.clock.timers.iter().any(|t| t.attr("name") == Some("kvmclock") && t.attr("present") == Some("no")) {
        flags.push("kvmclock=off".into());
    }
    let name = match name {
        None if !flags.is_empty() && is_x86(&p.arch) => {
            Some(if p.arch == "i686" { "qemu32" } else { "qemu64" }.to_string())
        }
        n => n,
    };
    if let Some(n) = name {
        let mut text = esc(&n);
        for f in flags {
            text.push(',');
            text.push_str(&esc(&f));
        }
        a.push("-cpu", text);
    }
    Ok(())
}

fn memory_args(def: &DomainDef, a: &mut Argv) {
    let mut m = format!("size={}k", def.memory_kib);
    if let Some(max) = def.max_memory {
        let _ = write!(m, ",slots={},maxmem={}k", max.slots, max.kib);
    }
    a.push("-m", m);
}

fn smp_args(def: &DomainDef, a: &mut Argv) -> Result<()> {
    let max = def.vcpu.max.max(1);
    let cur = def.vcpu.current().max(1);
    let topo = def.cpu.as_ref().and_then(|c| c.child("topology"));
    let field = |name: &str| topo.and_then(|t| t.attr(name)).and_then(|v| v.parse::<u32>().ok());
    let (sockets, dies, cores, threads) = match topo {
        Some(_) => (
            field("sockets").unwrap_or(1),
            field("dies").unwrap_or(1),
            field("cores").unwrap_or(1),
            field("threads").unwrap_or(1),
        ),
        None => (max, 1, 1, 1),
    };
    if sockets * dies * cores * threads != max {
        return Err(unsupported("CPU topology doesn't match maximum vcpu count"));
    }
    let mut s = format!("{cur}");
    if cur != max {
        let _ = write!(s, ",maxcpus={max}");
    }
    let _ = write!(s, ",sockets={sockets}");
    if dies != 1 {
        let _ = write!(s, ",dies={dies}");
    }
    let _ = write!(s, ",cores={cores},threads={threads}");
    a.push("-smp", s);
    Ok(())
}

fn boot_args(def: &DomainDef, a: &mut Argv) {
    let mut b = String::new();
    if let Some(menu) = &def.os.bootmenu {
        b.push_str(if menu.enable { "menu=on," } else { "menu=off," });
        if let (true, Some(t)) = (menu.enable, &menu.timeout) {
            let _ = write!(b, "splash-time={},", esc(t));
        }
    }
    b.push_str("strict=on");
    a.push("-boot", b);
    if let Some(k) = &def.os.kernel {
        a.push("-kernel", k.clone());
    }
    if let Some(i) = &def.os.initrd {
        a.push("-initrd", i.clone());
    }
    if let Some(c) = &def.os.cmdline {
        a.push("-append", c.clone());
    }
    if let Some(d) = &def.os.dtb {
        a.push("-dtb", d.clone());
    }
}

/// Which device gets which `bootindex`.
struct BootIndexes {
    disks: Vec<Option<u32>>,
    interfaces: Vec<Option<u32>>,
}

impl BootIndexes {
    fn new(def: &DomainDef) -> BootIndexes {
        let d = &def.devices;
        if d.any_device_boot_order() {
            return BootIndexes {
                disks: d.disks.iter().map(|x| boot_order(&x.extras)).collect(),
                interfaces: d.interfaces.iter().map(|x| boot_order(&x.extras)).collect(),
            };
        }
        let mut disks = vec![None; d.disks.len()];
        let mut interfaces = vec![None; d.interfaces.len()];
        for (i, dev) in def.os.boot_devs.iter().enumerate() {
            let index = Some(i as u32 + 1);
            let kind = match dev.as_str() {
                "hd" => "disk",
                "cdrom" => "cdrom",
                "fd" => "floppy",
                _ => {
                    if let Some(slot) = interfaces.first_mut() {
                        slot.get_or_insert(i as u32 + 1);
                    }
                    continue;
                }
            };
            if let Some(pos) = d.disks.iter().position(|x| x.device == kind) {
                disks[pos] = disks[pos].or(index);
            }
        }
        BootIndexes { disks, interfaces }
    }
}

/// A controller's `<target>` attribute, as a number (`0x10` or `16`).
fn controller_target(c: &Controller, k: &str) -> Option<u32> {
    let v = c.extras.iter().find(|e| e.name == "target")?.attr(k)?;
    match v.strip_prefix("0x") {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => v.parse().ok(),
    }
}

/// PCI buses first (by index, so each exists before what plugs into it), then the rest.
fn pci_controller_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let mut buses: Vec<&Controller> = p
        .def
        .devices
        .controllers
        .iter()
        .filter(|c| c.controller_type == "pci" && c.index.unwrap_or(0) != 0)
        .collect();
    buses.sort_by_key(|c| c.index);
    for c in buses {
        let index = c.index.unwrap_or(0);
        let id = format!("pci.{index}");
        let j = match c.model.as_deref() {
            Some("pcie-root-port") => {
                let mut j = Json::new().s("driver", "pcie-root-port");
                if let Some(port) = controller_target(c, "port") {
                    j = j.n("port", port);
                }
                j.n("chassis", controller_target(c, "chassis").unwrap_or(index)).s("id", &id)
            }
            Some("pcie-to-pci-bridge") => Json::new().s("driver", "pcie-pci-bridge").s("id", &id),
            Some("pci-bridge") => Json::new()
                .s("driver", "pci-bridge")
                .n("chassis_nr", controller_target(c, "chassisNr").unwrap_or(index))
                .s("id", &id),
            m => {
                return Err(unsupported(format!(
                    "PCI controller model '{}' is not supported by this driver",
                    m.unwrap_or("")
                )))
            }
        };
        a.push("-device", p.pci_addr(j, c.address.as_ref()).end());
    }
    Ok(())
}

fn controller_args(p: &Plan, a: &mut Argv) -> Result<()> {
    pci_controller_args(p, a)?;
    for c in &p.def.devices.controllers {
        let index = c.index.unwrap_or(0);
        let model = c.model.as_deref();
        let driver: Option<String> = match c.controller_type.as_str() {
            "ide" if p.i440fx() && index == 0 => None,
            "ide" if p.i440fx() => {
                return Err(unsupported("Only a single IDE controller is supported for this machine type"))
            }
            "ide" => return Err(unsupported("IDE controllers are unsupported for this QEMU binary or machine type")),
            "fdc" if p.i440fx() && index == 0 => None,
            "fdc" => {
                return Err(unsupported("floppy controllers are unsupported for this QEMU binary or machine type"))
            }
            "sata" if p.q35() && index == 0 => None,
            "sata" => Some("ahci".into()),
            "scsi" => Some(scsi_controller_driver(p, model)?),
            "virtio-serial" => Some(p.virtio_dev("virtio-serial")),
            "usb" => usb_controller_driver(p, model)?.map(String::from),
            "pci" => None,
            other => return Err(unsupported(format!("controller type '{other}' is not supported by this driver"))),
        };
        let Some(driver) = driver else { continue };
        let id = controller_id(c);
        let startport = c.extras.iter().find(|e| e.name == "master").and_then(|m| m.attr("startport"));
        let j = match (c.controller_type.as_str(), model) {
            // An ICH9 UHCI companion serves its EHCI controller's bus; it has no id.
            ("usb", Some(m)) if m.starts_with("ich9-uhci") => {
                let first: u32 = startport.and_then(|s| s.parse().ok()).unwrap_or(0);
                Json::new().s("driver", &driver).s("masterbus", &format!("{id}.0")).n("firstport", first)
            }
            ("usb", Some("qemu-xhci" | "nec-xhci")) => {
                let ports = c.attrs.iter().find(|(k, _)| k == "ports").and_then(|(_, v)| v.parse::<u32>().ok());
                let j = Json::new().s("driver", &driver);
                let j = match ports {
                    Some(n) => j.n("p2", n).n("p3", n),
                    None => j,
                };
                j.s("id", &id)
            }
            _ => Json::new().s("driver", &driver).s("id", &id),
        };
        let j = p.pci_addr(j, c.address.as_ref());
        a.push("-device", j.end());
    }
    Ok(())
}

fn controller_id(c: &Controller) -> String {
    let index = c.index.unwrap_or(0);
    match c.controller_type.as_str() {
        "usb" if index == 0 => "usb".into(),
        t => format!("{t}{index}"),
    }
}

/// libvirt's default SCSI controller on x86 is the LSI 53C895A, virtio-scsi elsewhere.
fn scsi_controller_model<'a>(p: &Plan, model: Option<&'a str>) -> &'a str {
    match model {
        Some(m) => m,
        None if is_x86(&p.arch) => "lsilogic",
        None => "virtio-scsi",
    }
}

fn scsi_controller_driver(p: &Plan, model: Option<&str>) -> Result<String> {
    Ok(match scsi_controller_model(p, model) {
        "lsilogic" => "lsi".into(),
        "virtio-scsi" => p.virtio_dev("virtio-scsi"),
        "lsisas1068" => "mptsas1068".into(),
        "lsisas1078" => "megasas".into(),
        m => return Err(unsupported(format!("Unsupported controller model: {m}"))),
    })
}

fn usb_controller_driver(p: &Plan, model: Option<&str>) -> Result<Option<&'static str>> {
    Ok(Some(match model {
        Some("none") => return Ok(None),
        None if p.i440fx() => "piix3-usb-uhci",
        None => "qemu-xhci",
        Some("piix3-uhci") => "piix3-usb-uhci",
        Some("piix4-uhci") => "piix4-usb-uhci",
        Some("ehci") => "usb-ehci",
        Some("ich9-ehci1") => "ich9-usb-ehci1",
        Some("ich9-uhci1") => "ich9-usb-uhci1",
        Some("ich9-uhci2") => "ich9-usb-uhci2",
        Some("ich9-uhci3") => "ich9-usb-uhci3",
        Some("nec-xhci") => "nec-usb-xhci",
        Some("qemu-xhci") => "qemu-xhci",
        Some(m) => return Err(unsupported(format!("USB controller model '{m}' is not supported by this driver"))),
    }))
}

const DISK_FORMATS: &[&str] =
    &["raw", "qcow2", "qcow", "qed", "vmdk", "vdi", "vpc", "vhdx", "luks", "dmg", "cloop", "bochs", "parallels"];

fn disk_args(p: &Plan, boot: &BootIndexes, a: &mut Argv) -> Result<()> {
    let disks = &p.def.devices.disks;
    for (i, disk) in disks.iter().enumerate() {
        // A storage volume is resolved to its path at start (by the storage driver).
        if disk.disk_type == "volume" && p.ctx.validate_only {
            continue;
        }
        let bus = check_disk(disk)?;
        let drive = match disk_nodes(disk, disks.len() - i)? {
            Some((nodes, format)) => {
                for n in nodes {
                    a.push("-blockdev", n);
                }
                Some(format)
            }
            None => None,
        };
        let bootindex = boot.disks[i];
        if bus == "fdc" {
            // A floppy drive has no bootindex of its own; the controller holds one per unit.
            a.push("-device", disk_device(p, disk, bus, drive.as_deref(), None)?);
            if let (Some(n), Some(Address::Drive { unit, .. })) = (bootindex, &disk.address) {
                a.push("-global", format!("isa-fdc.bootindex{}={n}", if *unit == 0 { 'A' } else { 'B' }));
            }
        } else {
            a.push("-device", disk_device(p, disk, bus, drive.as_deref(), bootindex)?);
        }
    }
    Ok(())
}

/// What this driver can run of a disk; its bus.
fn check_disk(disk: &Disk) -> Result<&str> {
    let bus = disk.target_bus.as_deref().unwrap_or("ide");
    if !matches!(disk.disk_type.as_str(), "file" | "block") {
        return Err(unsupported(format!("disk type '{}' is not supported by this driver", disk.disk_type)));
    }
    if !matches!(disk.device.as_str(), "disk" | "cdrom" | "floppy") {
        return Err(unsupported(format!("disk device '{}' is not supported by this driver", disk.device)));
    }
    if disk.readonly && disk.device == "disk" && matches!(bus, "ide" | "sata") {
        return Err(unsupported(format!("readonly {bus} disks are not supported")));
    }
    if disk.device == "disk" && disk.source_path().filter(|s| !s.is_empty()).is_none() {
        return Err(unsupported(format!("disk '{}' has no source", disk.target_dev)));
    }
    Ok(bus)
}

/// The `-blockdev` nodes (protocol, then format) of `disk`'s medium, numbered `node` as
/// libvirt numbers them (`libvirt-N-storage`, `libvirt-N-format`), and the format node's
/// name; `None` for a drive without a medium.
fn disk_nodes(disk: &Disk, node: usize) -> Result<Option<(Vec<String>, String)>> {
    let Some(path) = disk.source_path().filter(|s| !s.is_empty()) else { return Ok(None) };
    let readonly = disk.readonly || disk.device == "cdrom";
    let storage = format!("libvirt-{node}-storage");
    let format = format!("libvirt-{node}-format");
    let protocol = match (disk.disk_type.as_str(), disk.device.as_str()) {
        ("block", "cdrom") => "host_cdrom",
        ("block", _) => "host_device",
        _ => "file",
    };
    let fmt = disk.driver_type().unwrap_or("raw");
    if !DISK_FORMATS.contains(&fmt) {
        return Err(unsupported(format!("unknown driver format value '{fmt}'")));
    }
    let tuning = DiskTuning::of(disk)?;
    let storage_node = Json::new().s("driver", protocol).s("filename", &path);
    let storage_node = match tuning.aio {
        Some(aio) => storage_node.s("aio", aio),
        None => storage_node,
    };
    let storage_node = storage_node.s("node-name", &storage);
    let storage_node = match &tuning.cache {
        Some(c) => storage_node.raw("cache", c),
        None => storage_node,
    };
    let storage_node = storage_node.b("auto-read-only", true).s("discard", "unmap").end();
    let format_node = Json::new().s("node-name", &format).b("read-only", readonly);
    let format_node = if tuning.discard_unmap { format_node.s("discard", "unmap") } else { format_node };
    let format_node = match &tuning.cache {
        Some(c) => format_node.raw("cache", c),
        None => format_node,
    };
    let format_node = format_node.s("driver", fmt).s("file", &storage).end();
    Ok(Some((vec![storage_node, format_node], format)))
}

/// `<driver cache io discard>` as blockdev and device options.
struct DiskTuning {
    /// The `cache` object of both nodes (`{"direct":..,"no-flush":..}`).
    cache: Option<String>,
    /// The device's `write-cache`.
    write_cache: Option<&'static str>,
    aio: Option<&'static str>,
    discard_unmap: bool,
}

impl DiskTuning {
    fn of(disk: &Disk) -> Result<DiskTuning> {
        let attr = |k: &str| disk.driver.as_ref().and_then(|d| d.attr(k));
        let (cache, write_cache) = match attr("cache") {
            None | Some("default") => (None, None),
            Some("none") => (Some((true, false)), Some("on")),
            Some("writethrough") => (Some((false, false)), Some("off")),
            Some("writeback") => (Some((false, false)), Some("on")),
            Some("directsync") => (Some((true, false)), Some("off")),
            Some("unsafe") => (Some((false, true)), Some("on")),
            Some(c) => return Err(unsupported(format!("unknown disk cache mode '{c}'"))),
        };
        let aio = match attr("io") {
            None | Some("default") => None,
            Some("native") => Some("native"),
            Some("threads") => Some("threads"),
            Some("io_uring") => Some("io_uring"),
            Some(v) => return Err(unsupported(format!("unknown disk io mode '{v}'"))),
        };
        let discard_unmap = match attr("discard") {
            None | Some("default") | Some("ignore") => false,
            Some("unmap") => true,
            Some(v) => return Err(unsupported(format!("unknown disk discard mode '{v}'"))),
        };
        Ok(DiskTuning {
            cache: cache.map(|(direct, no_flush)| format!("{{\"direct\":{direct},\"no-flush\":{no_flush}}}")),
            write_cache,
            aio,
            discard_unmap,
        })
    }
}

/// The device id (libvirt's alias) of `disk`: from its bus and address, or for virtio
/// (`virtio-diskN`) from its target name.
pub fn disk_id(disk: &Disk) -> String {
    let (controller, bus, target, unit) = match disk.address {
        Some(Address::Drive { controller, bus, target, unit }) => (controller, bus, target, unit),
        _ => (0, 0, 0, 0),
    };
    match disk.target_bus.as_deref().unwrap_or("ide") {
        "ide" => format!("ide{controller}-{bus}-{unit}"),
        "sata" => format!("sata{controller}-{bus}-{unit}"),
        "scsi" => format!("scsi{controller}-{bus}-{target}-{unit}"),
        "fdc" => format!("fdc0-0-{unit}"),
        other => format!("{other}-disk{}", disk_name_to_index(&disk.target_dev).unwrap_or(0)),
    }
}

fn disk_device(p: &Plan, disk: &Disk, bus: &str, drive: Option<&str>, bootindex: Option<u32>) -> Result<String> {
    let cd = disk.device == "cdrom";
    let (controller, dbus, target, unit) = match disk.address {
        Some(Address::Drive { controller, bus, target, unit }) => (controller, bus, target, unit),
        _ => (0, 0, 0, 0),
    };
    let id = disk_id(disk);
    let with_drive = |j: Json| match drive {
        Some(d) => j.s("drive", d),
        None => j,
    };
    if disk.device == "floppy" && bus != "fdc" || disk.device != "floppy" && bus == "fdc" {
        return Err(unsupported(format!("disk '{}': floppies must be on the fdc bus", disk.target_dev)));
    }
    let j = match bus {
        "ide" => {
            if !p.i440fx() {
                return Err(unsupported("IDE controllers are unsupported for this QEMU binary or machine type"));
            }
            let j = Json::new()
                .s("driver", if cd { "ide-cd" } else { "ide-hd" })
                .s("bus", &format!("ide.{dbus}"))
                .n("unit", unit);
            with_drive(j).s("id", &id)
        }
        "sata" => {
            let bus_name =
                if p.q35() && controller == 0 { format!("ide.{unit}") } else { format!("sata{controller}.{unit}") };
            let j = Json::new().s("driver", if cd { "ide-cd" } else { "ide-hd" }).s("bus", &bus_name);
            with_drive(j).s("id", &id)
        }
        "scsi" => {
            let model = p
                .def
                .devices
                .controllers
                .iter()
                .find(|c| c.controller_type == "scsi" && c.index == Some(controller))
                .and_then(|c| c.model.as_deref());
            let j = Json::new()
                .s("driver", if cd { "scsi-cd" } else { "scsi-hd" })
                .s("bus", &format!("scsi{controller}.0"));
            // The LSI controller has one LUN per target: libvirt puts the unit in scsi-id.
            let j = if scsi_controller_model(p, model) == "lsilogic" {
                j.n("scsi-id", unit)
            } else {
                j.n("channel", dbus).n("scsi-id", target).n("lun", unit)
            };
            with_drive(j.s("device_id", &format!("drive-{id}"))).s("id", &id)
        }
        "virtio" => {
            if cd {
                return Err(unsupported("disk device 'cdrom' is not supported on bus 'virtio'"));
            }
            let j = p.pci_addr(Json::new().s("driver", &p.virtio_dev("virtio-blk")), disk.address.as_ref());
            with_drive(j).s("id", &id)
        }
        "fdc" => {
            if !p.i440fx() {
                return Err(unsupported("floppy controllers are unsupported for this QEMU binary or machine type"));
            }
            let j = Json::new().s("driver", "floppy").n("unit", unit);
            with_drive(j).s("id", &id)
        }
        other => return Err(unsupported(format!("disk bus '{other}' is not supported by this driver"))),
    };
    let j = j.opt_n("bootindex", bootindex);
    let j = match (drive, DiskTuning::of(disk)?.write_cache) {
        (Some(_), Some(w)) => j.s("write-cache", w),
        _ => j,
    };
    Ok(j.end())
}

/// The N of interface `i`'s ids (`netN`, `hostnetN`): from its alias once it has one
/// (a hotplugged interface, a restored guest), else its position.
fn net_index(iface: &Interface, i: usize) -> usize {
    alias_in(&iface.extras).and_then(|a| a.strip_prefix("net")).and_then(|n| n.parse().ok()).unwrap_or(i)
}

/// An interface's `-netdev` and `-device` options (QMP's `netdev_add` and `device_add`
/// arguments), its ids numbered `n`.
fn interface_parts(p: &Plan, bootindex: Option<u32>, n: usize, iface: &Interface) -> Result<(String, String)> {
    let netdev_id = format!("hostnet{n}");
    let tap = |ifname: Option<&str>| {
        let j = Json::new().s("type", "tap").s("id", &netdev_id);
        let j = match ifname {
            Some(n) => j.s("ifname", n),
            None => j,
        };
        j.s("script", "no").s("downscript", "no").end()
    };
    let ifname = iface.target_dev.as_deref();
    if let Some(n) = ifname.filter(|n| n.len() > 15 || n.contains(['/', ',']) || n.contains(char::is_whitespace)) {
        return Err(unsupported(format!("interface name '{n}' is not a valid host interface name")));
    }
    let netdev = match iface.interface_type.as_str() {
        "user" => Json::new().s("type", "user").s("id", &netdev_id).end(),
        "ethernet" => tap(ifname),
        t @ ("bridge" | "network") => {
            let bridge = if t == "bridge" {
                iface.source_bridge().unwrap_or_default().to_string()
            } else {
                let net = iface.source_network().unwrap_or_default();
                match p.ctx.network_bridges.get(net) {
                    Some(b) => b.clone(),
                    None if p.ctx.validate_only => String::new(),
                    None => {
                        return Err(Error::new(
                            Domain::VIR_FROM_NETWORK,
                            Code::VIR_ERR_NO_NETWORK,
                            format!("no network with matching name '{net}'"),
                        ))
                    }
                }
            };
            if p.ctx.privileged {
                tap(ifname)
            } else {
                Json::new().s("type", "bridge").s("id", &netdev_id).s("br", &bridge).end()
            }
        }
        other => return Err(unsupported(format!("interface type '{other}' is not supported by this driver"))),
    };
    let model = match iface.model.as_deref() {
        Some("virtio") => p.virtio_dev("virtio-net"),
        Some(m) if m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') => m.to_string(),
        Some(m) => return Err(unsupported(format!("Unknown interface model '{m}'"))),
        None if is_x86(&p.arch) => "rtl8139".into(),
        None => p.virtio_dev("virtio-net"),
    };
    let j = Json::new()
        .s("driver", &model)
        .s("netdev", &netdev_id)
        .s("id", &format!("net{n}"))
        .s("mac", &iface.mac.to_string());
    let j = p.pci_addr(j, iface.address.as_ref()).opt_n("bootindex", bootindex);
    Ok((netdev, j.end()))
}

// ---------------------------------------------------------------------------------------
// Hotplug: the same devices, as QMP arguments.

/// The aliases libvirt gives a started guest's devices (the ids QEMU knows them by),
/// written into its live definition: what its live XML shows and hotplug and unplug name
/// them by.
pub fn set_aliases(def: &mut DomainDef) {
    let q35 = def.os.machine.as_deref().is_some_and(|m| m == "q35" || m.starts_with("pc-q35"));
    let d = &mut def.devices;
    for disk in d.disks.iter_mut() {
        let alias = disk_id(disk);
        set_alias_in(&mut disk.extras, &alias);
    }
    for c in d.controllers.iter_mut() {
        let index = c.index.unwrap_or(0);
        let alias = match c.controller_type.as_str() {
            "pci" => format!("pci.{index}"),
            "ide" => "ide".into(),
            "sata" if q35 && index == 0 => "ide".into(),
            _ => controller_id(c),
        };
        set_alias_in(&mut c.extras, &alias);
    }
    for (i, iface) in d.interfaces.iter_mut().enumerate() {
        let alias = format!("net{}", net_index(iface, i));
        set_alias_in(&mut iface.extras, &alias);
    }
    for (i, s) in d.serials.iter_mut().enumerate() {
        let alias = format!("serial{}", s.port().unwrap_or(i as u32));
        set_alias_in(&mut s.extras, &alias);
    }
    for (i, p) in d.parallels.iter_mut().enumerate() {
        set_alias_in(&mut p.extras, &format!("parallel{i}"));
    }
    for (i, c) in d.consoles.iter_mut().enumerate() {
        let alias = console_alias(i, c);
        set_alias_in(&mut c.extras, &alias);
    }
    for (i, c) in d.channels.iter_mut().enumerate() {
        set_alias_in(&mut c.extras, &format!("channel{i}"));
    }
    for (i, x) in d.inputs.iter_mut().enumerate() {
        set_alias_in(&mut x.extras, &format!("input{i}"));
    }
    for (i, x) in d.sounds.iter_mut().enumerate() {
        set_alias_in(&mut x.extras, &format!("sound{i}"));
    }
    for (i, x) in d.videos.iter_mut().enumerate() {
        set_alias_in(&mut x.extras, &format!("video{i}"));
    }
    for (i, x) in d.watchdogs.iter_mut().enumerate() {
        set_alias_in(&mut x.extras, &format!("watchdog{i}"));
    }
    if let Some(b) = d.memballoon.as_mut().filter(|b| b.model != "none") {
        set_alias_in(&mut b.extras, "balloon0");
    }
    for (i, x) in d.rngs.iter_mut().enumerate() {
        set_alias_in(&mut x.extras, &format!("rng{i}"));
    }
}

/// libvirt's alias of console `i`: the first console of a serial type is the first serial
/// port seen another way (`serialN`), the others `consoleN`.
pub fn console_alias(i: usize, c: &Chardev) -> String {
    match c.target.target_type.as_deref() {
        Some("serial") | None if i == 0 => format!("serial{}", c.port().unwrap_or(0)),
        _ => format!("console{i}"),
    }
}

/// A device's `<boot order>`, as its `bootindex`.
fn boot_order(extras: &[virt::conf::xml::XmlElement]) -> Option<u32> {
    extras.iter().find(|e| e.name == "boot").and_then(|b| b.attr("order")).and_then(|o| o.parse().ok())
}

/// Hotplugging `disk` into running `def` (which holds it, addressed): the `blockdev-add`
/// arguments of its medium, numbered `node`, then the `device_add` argument.
pub fn disk_hotplug(def: &DomainDef, ctx: &ArgvContext, disk: &Disk, node: usize) -> Result<(Vec<String>, String)> {
    let p = Plan::new(def, ctx);
    let bus = check_disk(disk)?;
    let (nodes, drive) = match disk_nodes(disk, node)? {
        Some((nodes, format)) => (nodes, Some(format)),
        None => (Vec::new(), None),
    };
    let device = disk_device(&p, disk, bus, drive.as_deref(), boot_order(&disk.extras))?;
    Ok((nodes, device))
}

/// A new medium for `disk` (a CD-ROM or floppy): its `blockdev-add` arguments, numbered
/// `node`, and the format node's name; `None` for an empty drive.
pub fn medium(disk: &Disk, node: usize) -> Result<Option<(Vec<String>, String)>> {
    disk_nodes(disk, node)
}

/// Hotplugging interface `iface` (aliased `netN`) into running `def`: the `netdev_add`
/// argument, then the `device_add` argument.
pub fn interface_hotplug(def: &DomainDef, ctx: &ArgvContext, iface: &Interface) -> Result<(String, String)> {
    let p = Plan::new(def, ctx);
    interface_parts(&p, boot_order(&iface.extras), net_index(iface, 0), iface)
}

/// The `-chardev` backend options for a character device (after `TYPE,id=ID`).
fn chardev_backend(c: &Chardev, id: &str) -> Result<String> {
    let source = c.backend.iter().find(|e| e.name == "source");
    let src = |k: &str| source.and_then(|s| s.attr(k));
    let need = |k: &str| {
        src(k).map(esc).ok_or_else(|| {
            unsupported(format!("{} of type '{}' needs a source {k}", c.kind.element_name(), c.chr_type))
        })
    };
    let server = src("mode") == Some("bind");
    Ok(match c.chr_type.as_str() {
        "pty" => format!("pty,id={id}"),
        "null" => format!("null,id={id}"),
        "file" => {
            let append = if src("append") == Some("on") { ",append=on" } else { "" };
            format!("file,id={id},path={}{append}", need("path")?)
        }
        "dev" => format!("tty,id={id},path={}", need("path")?),
        "pipe" => format!("pipe,id={id},path={}", need("path")?),
        "unix" => {
            let mut s = format!("socket,id={id},path={}", need("path")?);
            if server {
                s.push_str(",server=on,wait=off");
            }
            s
        }
        "tcp" => {
            let mut s = format!("socket,id={id},host={},port={}", need("host")?, need("service")?);
            if c.backend.iter().any(|e| e.name == "protocol" && e.attr("type") == Some("telnet")) {
                s.push_str(",telnet=on");
            }
            if server {
                s.push_str(",server=on,wait=off");
            }
            s
        }
        other => return Err(unsupported(format!("character device type '{other}' is not supported by this driver"))),
    })
}

fn chardev_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let d = &p.def.devices;
    for s in &d.serials {
        let port = s.port().unwrap_or(0);
        let id = format!("charserial{port}");
        a.push("-chardev", chardev_backend(s, &id)?);
        let target = s.target.target_type.as_deref();
        let driver = match target {
            None | Some("isa-serial") if is_x86(&p.arch) => "isa-serial",
            Some("pci-serial") => "pci-serial",
            Some("usb-serial") => "usb-serial",
            None | Some("system-serial") => {
                // The machine's own UART (pl011 on `virt`), attached by index.
                a.push("-serial", format!("chardev:{id}"));
                continue;
            }
            Some(t) => return Err(unsupported(format!("serial target type '{t}' is not supported by this driver"))),
        };
        let j = Json::new().s("driver", driver).s("chardev", &id).s("id", &format!("serial{port}"));
        let j = if driver == "isa-serial" { j.n("index", port) } else { j };
        a.push("-device", j.end());
    }
    if let Some(par) = d.parallels.first() {
        return Err(unsupported(format!("parallel port of type '{}' is not supported by this driver", par.chr_type)));
    }
    for (i, c) in d.consoles.iter().enumerate() {
        match c.target.target_type.as_deref() {
            // libvirt's alias of the first serial port, already on the command line.
            Some("serial") if i == 0 => continue,
            Some("virtio") => {
                let port = c.port().unwrap_or(i as u32);
                let id = format!("charconsole{port}");
                a.push("-chardev", chardev_backend(c, &id)?);
                a.push(
                    "-device",
                    Json::new()
                        .s("driver", "virtconsole")
                        .s("bus", "virtio-serial0.0")
                        .s("chardev", &id)
                        .s("id", &format!("console{port}"))
                        .end(),
                );
            }
            t => {
                return Err(unsupported(format!(
                    "console target type '{}' is not supported by this driver",
                    t.unwrap_or("")
                )))
            }
        }
    }
    for (i, c) in d.channels.iter().enumerate() {
        if c.target.target_type.as_deref() != Some("virtio") {
            return Err(unsupported(format!(
                "channel target type '{}' is not supported by this driver",
                c.target.target_type.as_deref().unwrap_or("")
            )));
        }
        let id = format!("charchannel{i}");
        let backend = match c.chr_type.as_str() {
            "spicevmc" => {
                if !p.spice() {
                    return Err(unsupported("spicevmc channel requires SPICE graphics"));
                }
                format!("spicevmc,id={id},name=vdagent")
            }
            // The guest agent's socket: the driver names it at start.
            "unix" if c.source_path().is_none() && p.ctx.validate_only => format!("socket,id={id}"),
            _ => chardev_backend(c, &id)?,
        };
        a.push("-chardev", backend);
        let vs = |k: &str, default: u32| -> u32 {
            c.extras
                .iter()
                .find(|e| e.name == "address" && e.attr("type") == Some("virtio-serial"))
                .and_then(|e| e.attr(k))
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let j = Json::new()
            .s("driver", "virtserialport")
            .s("bus", &format!("virtio-serial{}.{}", vs("controller", 0), vs("bus", 0)))
            .n("nr", vs("port", i as u32 + 1))
            .s("chardev", &id)
            .s("id", &format!("channel{i}"));
        let j = match &c.target.name {
            Some(n) => j.s("name", n),
            None => j,
        };
        a.push("-device", j.end());
    }
    Ok(())
}

fn input_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let d = &p.def.devices;
    let usb = d.controllers.iter().any(|c| c.controller_type == "usb" && c.model.as_deref() != Some("none"));
    for (i, input) in d.inputs.iter().enumerate() {
        let bus = input.bus.as_deref().unwrap_or("");
        let driver = match (input.input_type.as_str(), bus) {
            ("mouse" | "keyboard", "ps2") if is_x86(&p.arch) => continue,
            ("tablet", "usb") => "usb-tablet".to_string(),
            ("mouse", "usb") => "usb-mouse".to_string(),
            ("keyboard", "usb") => "usb-kbd".to_string(),
            ("tablet", "virtio") => p.virtio_dev("virtio-tablet"),
            ("mouse", "virtio") => p.virtio_dev("virtio-mouse"),
            ("keyboard", "virtio") => p.virtio_dev("virtio-keyboard"),
            (t, b) => {
                return Err(unsupported(format!("input device '{t}' on bus '{b}' is not supported by this driver")))
            }
        };
        let j = Json::new().s("driver", &driver).s("id", &format!("input{i}"));
        let j = if bus == "usb" {
            if !usb {
                return Err(unsupported(
                    "USB is disabled for this domain, but USB devices are present in the domain XML",
                ));
            }
            let port = input
                .extras
                .iter()
                .find(|e| e.name == "address" && e.attr("type") == Some("usb"))
                .and_then(|e| e.attr("port"));
            let j = j.s("bus", "usb.0");
            match port {
                Some(port) => j.s("port", port),
                None => j,
            }
        } else {
            p.pci_addr(j, pci_address_in(&input.extras).as_ref())
        };
        a.push("-device", j.end());
    }
    Ok(())
}

fn graphics_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let d = &p.def.devices;
    if let Some(g) = d.graphics.iter().find(|g| !matches!(g.graphics_type.as_str(), "vnc" | "spice")) {
        return Err(unsupported(format!("graphics type '{}' is not supported by this driver", g.graphics_type)));
    }
    for ty in ["vnc", "spice"] {
        if d.graphics.iter().filter(|g| g.graphics_type == ty).count() > 1 {
            return Err(unsupported("only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported"));
        }
    }
    for g in &d.graphics {
        if g.graphics_type == "vnc" {
            a.push("-vnc", vnc_option(p, g)?);
        } else {
            a.push("-spice", spice_option(p, g)?);
        }
    }
    Ok(())
}

/// The id of the audio backend devices use (`<audio id='N'>` is `audioN`).
fn audio_id(p: &Plan) -> Option<String> {
    match p.def.devices.others.iter().find(|o| o.kind() == "audio") {
        Some(o) => Some(format!("audio{}", o.element.attr("id").unwrap_or("1"))),
        // A definition without the QEMU driver's defaults: libvirt's implicit `none`.
        None if !p.def.devices.graphics.is_empty() || !p.def.devices.sounds.is_empty() => Some("audio1".into()),
        None => None,
    }
}

fn audio_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let audios: Vec<&virt::conf::xml::XmlElement> =
        p.def.devices.others.iter().filter(|o| o.kind() == "audio").map(|o| &o.element).collect();
    if audios.is_empty() {
        if let Some(id) = audio_id(p) {
            a.push("-audiodev", Json::new().s("id", &id).s("driver", "none").end());
        }
        return Ok(());
    }
    for el in audios {
        let id = format!("audio{}", el.attr("id").unwrap_or("1"));
        let driver = match el.attr("type").unwrap_or("none") {
            "none" => "none",
            "spice" if p.spice() => "spice",
            "spice" => return Err(unsupported("Audio type 'spice' requires SPICE graphics")),
            other => return Err(unsupported(format!("audio type '{other}' is not supported by this driver"))),
        };
        a.push("-audiodev", Json::new().s("id", &id).s("driver", driver).end());
    }
    Ok(())
}

fn spice_option(p: &Plan, g: &Graphics) -> Result<String> {
    let listen = g.listens.first();
    let mut s = match listen.map(|l| l.listen_type.as_str()).unwrap_or("address") {
        "none" => String::new(),
        "address" => {
            let port = if g.autoport {
                match (p.ctx.spice_port, p.ctx.validate_only) {
                    (Some(port), _) => i32::from(port),
                    (None, true) => 5900,
                    (None, false) => return Err(internal("no SPICE port allocated for autoport")),
                }
            } else {
                g.port.unwrap_or(5900)
            };
            if !(0..=65535).contains(&port) {
                return Err(unsupported("spice port must be in range [0,65535]"));
            }
            let addr = listen.and_then(|l| l.address.clone()).filter(|a| !a.is_empty());
            let addr = addr.unwrap_or_else(|| p.ctx.spice_listen_default.clone());
            format!("port={port},addr={},", esc(&addr))
        }
        t => return Err(unsupported(format!("listen type '{t}' is not supported by this driver"))),
    };
    if g.tls_port.is_some() {
        return Err(unsupported("spice TLS port set in XML configuration, but TLS is disabled in qemu.conf"));
    }
    if g.passwd().is_some() {
        // The password itself is set over QMP (set_password) after start.
    } else {
        s.push_str("disable-ticketing=on,");
    }
    for e in &g.extras {
        match (e.name.as_str(), e.attr("compression")) {
            ("image", Some(c)) if matches!(c, "auto_glz" | "auto_lz" | "quic" | "glz" | "lz" | "off") => {
                let _ = write!(s, "image-compression={c},");
            }
            ("jpeg" | "zlib", Some(c)) if matches!(c, "auto" | "never" | "always") => {
                let _ = write!(s, "{}-wan-compression={c},", e.name);
            }
            ("playback", Some(c)) if matches!(c, "on" | "off") => {
                let _ = write!(s, "playback-compression={c},");
            }
            ("streaming", _) => match e.attr("mode") {
                Some(m @ ("filter" | "all" | "off")) => {
                    let _ = write!(s, "streaming-video={m},");
                }
                _ => return Err(unsupported("unknown spice streaming mode")),
            },
            ("mouse", _) => {}
            ("clipboard", _) if e.attr("copypaste") == Some("no") => s.push_str("disable-copy-paste=on,"),
            ("filetransfer", _) if e.attr("enable") == Some("no") => s.push_str("disable-agent-file-xfer=on,"),
            ("clipboard" | "filetransfer", _) => {}
            (other, _) => {
                return Err(unsupported(format!("spice element '{other}' is not supported by this driver")))
            }
        }
    }
    s.push_str("seamless-migration=on");
    Ok(s)
}

fn vnc_option(p: &Plan, g: &Graphics) -> Result<String> {
    let listen = g.listens.first();
    let mut s = match listen.map(|l| l.listen_type.as_str()).unwrap_or("address") {
        "none" => "none".to_string(),
        "socket" => format!("unix:{}", esc(listen.and_then(|l| l.socket.as_deref()).unwrap_or_default())),
        "address" => {
            let port = if g.autoport {
                match (p.ctx.vnc_port, p.ctx.validate_only) {
                    (Some(port), _) => i32::from(port),
                    (None, true) => 5900,
                    (None, false) => return Err(internal("no VNC port allocated for autoport")),
                }
            } else {
                g.port.unwrap_or(5900)
            };
            if !(5900..=65535).contains(&port) {
                return Err(unsupported("vnc port must be in range [5900,65535]"));
            }
            let addr = listen.and_then(|l| l.address.clone()).filter(|a| !a.is_empty());
            let addr = addr.unwrap_or_else(|| p.ctx.vnc_listen_default.clone());
            let host = if addr.contains(':') { format!("[{addr}]") } else { addr };
            format!("{}:{}", esc(&host), port - 5900)
        }
        t => return Err(unsupported(format!("listen type '{t}' is not supported by this driver"))),
    };
    if let Some(w) = g.websocket {
        let _ = write!(s, ",websocket={w}");
    }
    if g.passwd().is_some() {
        // The password itself is set over QMP (set_password) after start.
        s.push_str(",password=on");
    }
    match g.attrs.iter().find(|(k, _)| k == "sharePolicy").map(|(_, v)| v.as_str()) {
        None => {}
        Some(v @ ("allow-exclusive" | "force-shared" | "ignore")) => {
            let _ = write!(s, ",share={v}");
        }
        Some(v) => return Err(unsupported(format!("unknown VNC share policy '{v}'"))),
    }
    if let Some(id) = audio_id(p) {
        let _ = write!(s, ",audiodev={id}");
    }
    Ok(s)
}

fn video_args(p: &Plan, i: usize, v: &Video, a: &mut Argv) -> Result<()> {
    let primary = i == 0;
    let model = v.model_type.as_deref().unwrap_or("cirrus");
    let driver = match (model, primary) {
        ("none", _) => return Ok(()),
        ("vga", true) => "VGA".to_string(),
        ("cirrus", true) => "cirrus-vga".to_string(),
        ("vmvga", true) => "vmware-svga".to_string(),
        ("bochs", _) => "bochs-display".to_string(),
        ("ramfb", _) => "ramfb".to_string(),
        ("qxl", true) => "qxl-vga".to_string(),
        ("qxl", false) => "qxl".to_string(),
        ("virtio", true) if p.virtio == "pci" && is_x86(&p.arch) => "virtio-vga".to_string(),
        ("virtio", _) => p.virtio_dev("virtio-gpu"),
        (m, _) => return Err(unsupported(format!("video type '{m}' is not supported by this driver"))),
    };
    let j = Json::new().s("driver", &driver).s("id", &format!("video{i}"));
    let j = match model {
        "virtio" | "qxl" => j.n("max_outputs", v.heads.unwrap_or(1)),
        _ => j,
    };
    let j = match (model, v.vram) {
        ("vga" | "vmvga", Some(vram)) => j.n("vgamem_mb", vram / 1024),
        ("bochs", Some(vram)) => j.n("vgamem", u64::from(vram) * 1024),
        ("qxl", _) => {
            let kib = |v: Option<u32>, d: u32| u64::from(v.unwrap_or(d)) * 1024;
            let j = j.n("ram_size", kib(v.ram, 65536)).n("vram_size", kib(v.vram, 65536));
            let j = if primary { j.n("vram64_size_mb", v.vram64.unwrap_or(0) / 1024) } else { j };
            j.n("vgamem_mb", v.vgamem.unwrap_or(16384) / 1024)
        }
        _ => j,
    };
    let j = p.pci_addr(j, pci_address_in(&v.extras).as_ref());
    a.push("-device", j.end());
    Ok(())
}

/// A PCI `<address>` kept verbatim among a device's children (video, rng).
fn pci_address_in(extras: &[virt::conf::xml::XmlElement]) -> Option<Address> {
    let el = extras.iter().find(|e| e.name == "address" && e.attr("type") == Some("pci"))?;
    let field = |k: &str| -> Option<u32> {
        match el.attr(k) {
            None => Some(0),
            Some(v) => match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
                Some(h) => u32::from_str_radix(h, 16).ok(),
                None => v.parse().ok(),
            },
        }
    };
    Some(Address::Pci {
        domain: field("domain")?,
        bus: field("bus")?,
        slot: field("slot")?,
        function: field("function")?,
        multifunction: el.attr("multifunction").map(str::to_string),
    })
}

fn balloon_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let Some(b) = &p.def.devices.memballoon else { return Ok(()) };
    match b.model.as_str() {
        "none" => Ok(()),
        "virtio" => {
            let attr = |k: &str| b.attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let j = Json::new().s("driver", &p.virtio_dev("virtio-balloon")).s("id", "balloon0");
            let j = p.pci_addr(j, b.address.as_ref());
            let j = if attr("autodeflate") == Some("on") { j.b("deflate-on-oom", true) } else { j };
            let j = if attr("freePageReporting") == Some("on") { j.b("free-page-reporting", true) } else { j };
            a.push("-device", j.end());
            Ok(())
        }
        m => Err(unsupported(format!("Memory balloon device type '{m}' is not supported by this version of qemu"))),
    }
}

fn rng_args(p: &Plan, a: &mut Argv) -> Result<()> {
    for (i, r) in p.def.devices.rngs.iter().enumerate() {
        if r.model == "virtio" && r.backend_model() == Some("builtin") {
            let obj = format!("objrng{i}");
            a.push("-object", Json::new().s("qom-type", "rng-builtin").s("id", &obj).end());
            let j = Json::new().s("driver", &p.virtio_dev("virtio-rng")).s("rng", &obj).s("id", &format!("rng{i}"));
            a.push("-device", p.pci_addr(j, pci_address_in(&r.extras).as_ref()).end());
            continue;
        }
        if r.model != "virtio" || r.backend_model() != Some("random") {
            return Err(unsupported(format!(
                "rng model '{}' with backend '{}' is not supported by this driver",
                r.model,
                r.backend_model().unwrap_or("")
            )));
        }
        let file = r
            .extras
            .iter()
            .find(|e| e.name == "backend")
            .map(|b| b.text().trim().to_string())
            .filter(|t| !t.is_empty());
        let obj = format!("objrng{i}");
        a.push(
            "-object",
            Json::new()
                .s("qom-type", "rng-random")
                .s("id", &obj)
                .s("filename", file.as_deref().unwrap_or("/dev/urandom"))
                .end(),
        );
        let j = Json::new().s("driver", &p.virtio_dev("virtio-rng")).s("rng", &obj).s("id", &format!("rng{i}"));
        a.push("-device", p.pci_addr(j, pci_address_in(&r.extras).as_ref()).end());
    }
    Ok(())
}

fn sound_args(p: &Plan, a: &mut Argv) -> Result<()> {
    for (i, snd) in p.def.devices.sounds.iter().enumerate() {
        let id = format!("sound{i}");
        let audio = audio_id(p).unwrap_or_else(|| "audio1".into());
        let addr = pci_address_in(&snd.extras);
        match snd.model.as_str() {
            m @ ("ich6" | "ich9") => {
                let driver = if m == "ich6" { "intel-hda" } else { "ich9-intel-hda" };
                let j = Json::new().s("driver", driver).s("id", &id);
                a.push("-device", p.pci_addr(j, addr.as_ref()).end());
                a.push(
                    "-device",
                    Json::new()
                        .s("driver", "hda-duplex")
                        .s("id", &format!("{id}-codec0"))
                        .s("bus", &format!("{id}.0"))
                        .n("cad", 0)
                        .s("audiodev", &audio)
                        .end(),
                );
            }
            m @ ("ac97" | "es1370") => {
                let driver = if m == "ac97" { "AC97" } else { "ES1370" };
                let j = Json::new().s("driver", driver).s("id", &id).s("audiodev", &audio);
                a.push("-device", p.pci_addr(j, addr.as_ref()).end());
            }
            m => return Err(unsupported(format!("sound card model '{m}' is not supported by this driver"))),
        }
    }
    Ok(())
}

fn watchdog_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let ws = &p.def.devices.watchdogs;
    if ws.len() > 1 {
        return Err(unsupported("watchdog devices beyond the first are not supported by this driver"));
    }
    let Some(w) = ws.first() else { return Ok(()) };
    let j = match w.model.as_str() {
        "i6300esb" => p.pci_addr(Json::new().s("driver", "i6300esb").s("id", "watchdog0"), pci_address_in(&w.extras).as_ref()),
        "ib700" if is_x86(&p.arch) => Json::new().s("driver", "ib700").s("id", "watchdog0"),
        m => return Err(unsupported(format!("watchdog model '{m}' is not supported by this driver"))),
    };
    a.push("-device", j.end());
    let action = match w.action.as_str() {
        a @ ("reset" | "shutdown" | "poweroff" | "pause" | "none" | "inject-nmi") => a,
        other => return Err(unsupported(format!("watchdog action '{other}' is not supported by this driver"))),
    };
    a.push("-watchdog-action", action);
    Ok(())
}

/// `<redirdev bus='usb' type='spicevmc'>`: a USB redirection channel of the SPICE client.
fn redirdev_args(p: &Plan, a: &mut Argv) -> Result<()> {
    let redirs = p.def.devices.others.iter().filter(|o| o.kind() == "redirdev").map(|o| &o.element);
    for (i, r) in redirs.enumerate() {
        if r.attr("bus").unwrap_or("usb") != "usb" || r.attr("type") != Some("spicevmc") {
            return Err(unsupported(format!(
                "redirdev of type '{}' is not supported by this driver",
                r.attr("type").unwrap_or("")
            )));
        }
        if !p.spice() {
            return Err(unsupported("spicevmc redirdev requires SPICE graphics"));
        }
        let id = format!("charredir{i}");
        a.push("-chardev", format!("spicevmc,id={id},name=usbredir"));
        let j = Json::new().s("driver", "usb-redir").s("chardev", &id).s("id", &format!("redir{i}")).s("bus", "usb.0");
        let port = r.child("address").filter(|e| e.attr("type") == Some("usb")).and_then(|e| e.attr("port"));
        let j = match port {
            Some(port) => j.s("port", port),
            None => j,
        };
        a.push("-device", j.end());
    }
    Ok(())
}

/// Devices this driver cannot start yet are refused rather than silently dropped.
fn refuse_unsupported(def: &DomainDef) -> Result<()> {
    let d = &def.devices;
    match d.others.iter().map(|o| o.kind()).find(|k| !matches!(*k, "audio" | "redirdev")) {
        Some(k) => Err(unsupported(format!("device '{k}' is not supported by this driver"))),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "argv_tests.rs"]
mod tests;
