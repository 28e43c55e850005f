//! Golden tests for [`super::build`]: `testdata/argv/NAME.xml` in, `NAME.args` (one
//! argument per line) or `NAME.err` (the error's message) out. `UPDATE_GOLDEN=1`
//! rewrites the expected files.
//!
//! An XML file may carry a context line, `<!-- ctx: kvm=no paused=no privileged=no
//! vnc_port=5905 network:default=virbr0 -->`, to vary what the driver would decide.
//!
//! The real-QEMU checks start each golden argv (with its paths pointed at scratch
//! files) and ask QMP for the status: QEMU accepted every option and built every device.

use super::*;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/qemu/testdata/argv")
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(testdata())
        .expect("testdata/argv")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".xml").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The context a golden case is built with: the defaults below, then its `ctx:` line.
fn context_for(name: &str, xml: &str, def: &DomainDef) -> ArgvContext {
    let arch = guest_arch(def);
    let emulator = PathBuf::from("/usr/bin").join(&emulator_candidates(&arch)[0]);
    let mut ctx = ArgvContext::new(emulator, format!("/run/libvirt/qemu/domain-1-{name}/monitor.sock"));
    ctx.kvm = true;
    ctx.privileged = true;
    ctx.vnc_port = Some(5901);
    ctx.spice_port = Some(5902);
    if let Some(line) = xml.lines().find_map(|l| l.trim().strip_prefix("<!-- ctx:")) {
        for item in line.trim_end_matches("-->").split_whitespace() {
            let (k, v) = item.split_once('=').unwrap_or((item, ""));
            match k {
                "kvm" => ctx.kvm = v == "yes",
                "paused" => ctx.start_paused_for_setup = v == "yes",
                "no_shutdown" => ctx.no_shutdown = v == "yes",
                "privileged" => ctx.privileged = v == "yes",
                "vnc_port" => ctx.vnc_port = v.parse().ok(),
                "vnc_listen" => ctx.vnc_listen_default = v.to_string(),
                "spice_port" => ctx.spice_port = v.parse().ok(),
                // Handled by `load`: the definition gets the QEMU driver's defaults.
                "qemu_defaults" => {}
                k if k.starts_with("network:") => {
                    ctx.network_bridges.insert(k["network:".len()..].to_string(), v.to_string());
                }
                other => panic!("{name}: unknown ctx key {other}"),
            }
        }
    }
    ctx
}

/// A case whose `ctx:` line says `qemu_defaults`: parsed as the QEMU driver parses a
/// definition (implicit devices, addresses), as virt-install's XML is defined.
fn qemu_defaults(xml: &str) -> bool {
    xml.lines().any(|l| l.trim().starts_with("<!-- ctx:") && l.contains("qemu_defaults"))
}

fn load(name: &str) -> (DomainDef, ArgvContext) {
    let xml = std::fs::read_to_string(testdata().join(format!("{name}.xml"))).expect("read xml");
    let def = if qemu_defaults(&xml) {
        let mut def = DomainDef::parse_with_driver_defaults(&xml, &crate::qemu::defaults::before_generic)
            .unwrap_or_else(|e| panic!("{name}: {}", e.message));
        crate::qemu::defaults::after_generic(&mut def).unwrap_or_else(|e| panic!("{name}: {}", e.message));
        let dir = Path::new("/var/lib/libvirt/qemu/channel/target");
        crate::qemu::prepare::name_channels(&mut def, 1, dir).unwrap_or_else(|e| panic!("{name}: {}", e.message));
        def
    } else {
        DomainDef::parse(&xml).unwrap_or_else(|e| panic!("{name}: {}", e.message))
    };
    let ctx = context_for(name, &xml, &def);
    (def, ctx)
}

#[test]
fn golden_argv() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in cases() {
        let (def, ctx) = load(&name);
        let (ext, got) = match build(&def, &ctx) {
            Ok(argv) => ("args", argv.join("\n") + "\n"),
            Err(e) => ("err", format!("{:?} {:?}: {}\n", e.domain, e.code, e.message)),
        };
        let path = testdata().join(format!("{name}.{ext}"));
        let other = testdata().join(format!("{name}.{}", if ext == "args" { "err" } else { "args" }));
        if update {
            std::fs::write(&path, &got).expect("write golden");
            let _ = std::fs::remove_file(&other);
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{name}.{ext} differs:\n--- want\n{want}--- got\n{got}")),
            Err(_) => failures.push(format!("{name}: no {name}.{ext}; got:\n{got}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_has_one_expected_file() {
    for name in cases() {
        let args = testdata().join(format!("{name}.args")).exists();
        let err = testdata().join(format!("{name}.err")).exists();
        assert!(args ^ err, "{name}: need exactly one of .args and .err");
    }
}

fn minimal_def(arch: Option<&str>, emulator: Option<&str>) -> DomainDef {
    let arch = arch.map(|a| format!(" arch='{a}'")).unwrap_or_default();
    let emulator = emulator.map(|e| format!("<emulator>{e}</emulator>")).unwrap_or_default();
    DomainDef::parse(&format!(
        "<domain type='qemu'><name>t</name><memory>65536</memory>\
         <os><type{arch}>hvm</type></os><devices>{emulator}</devices></domain>"
    ))
    .expect("parse")
}

fn fake_bin(dir: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, "#!/bin/sh\n").expect("write");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

fn scratch_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("qemud-argv-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    d
}

#[test]
fn emulator_selection_by_arch() {
    let dir = scratch_dir("emu");
    let dirs = vec![dir.join("empty"), dir.clone()];
    fake_bin(&dir, "qemu-system-x86_64");
    fake_bin(&dir, "qemu-system-aarch64");
    fake_bin(&dir, "qemu-system-arm");
    // i686 falls back to qemu-system-x86_64 when qemu-system-i386 is absent...
    assert_eq!(find_emulator(&minimal_def(Some("i686"), None), &dirs).unwrap(), dir.join("qemu-system-x86_64"));
    // ...and prefers qemu-system-i386 when present.
    fake_bin(&dir, "qemu-system-i386");
    assert_eq!(find_emulator(&minimal_def(Some("i686"), None), &dirs).unwrap(), dir.join("qemu-system-i386"));
    assert_eq!(find_emulator(&minimal_def(Some("aarch64"), None), &dirs).unwrap(), dir.join("qemu-system-aarch64"));
    assert_eq!(find_emulator(&minimal_def(Some("armv7l"), None), &dirs).unwrap(), dir.join("qemu-system-arm"));
    assert_eq!(find_emulator(&minimal_def(Some("x86_64"), None), &dirs).unwrap(), dir.join("qemu-system-x86_64"));
    assert_eq!(emulator_candidates("ppc64le"), vec!["qemu-system-ppc64"]);
    assert_eq!(emulator_candidates("s390x"), vec!["qemu-system-s390x"]);
    assert_eq!(emulator_candidates("riscv64"), vec!["qemu-system-riscv64"]);
    // <emulator> wins over the arch.
    let own = fake_bin(&dir, "my-qemu");
    let def = minimal_def(Some("aarch64"), Some(own.to_str().unwrap()));
    assert_eq!(find_emulator(&def, &dirs).unwrap(), own);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_emulator_is_a_clear_error() {
    let dir = scratch_dir("noemu");
    let err = find_emulator(&minimal_def(Some("s390x"), None), std::slice::from_ref(&dir)).unwrap_err();
    assert_eq!(err.code, Code::VIR_ERR_CONFIG_UNSUPPORTED);
    assert_eq!(err.message, "unsupported configuration: no emulator for arch 's390x'");
    let err = find_emulator(&minimal_def(None, Some("/nonexistent/qemu")), std::slice::from_ref(&dir)).unwrap_err();
    assert_eq!(err.code, Code::VIR_ERR_CONFIG_UNSUPPORTED);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn commas_are_escaped_and_json_is_quoted() {
    let mut def = minimal_def(Some("x86_64"), None);
    def.name = "a,b\"c".into();
    let argv = build(&def, &ArgvContext::new("/usr/bin/qemu-system-x86_64", "/tmp/x,y.sock")).unwrap();
    assert!(argv.contains(&"guest=a,,b\"c,debug-threads=on".to_string()));
    assert!(argv.contains(&"socket,id=charmonitor,path=/tmp/x,,y.sock,server=on,wait=off".to_string()));
    let mut s = String::new();
    json_string(&mut s, "a\"b\\c\n");
    assert_eq!(s, r#""a\"b\\c\n""#);
}

// ---------------------------------------------------------------------------------------
// Against real QEMU.

/// A QEMU started for a check, in its own process group, killed when dropped.
struct Running {
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Points every host path of `def` at scratch files in `dir` so QEMU can open them.
fn localize(def: &mut DomainDef, dir: &Path) {
    for (i, disk) in def.devices.disks.iter_mut().enumerate() {
        let fmt = disk.driver_type().unwrap_or("raw").to_string();
        let Some(src) = disk.source.as_mut() else { continue };
        let path = dir.join(format!("disk{i}.img"));
        let image = if fmt == "qcow2" { tiny_qcow2() } else { vec![0u8; 1 << 20] };
        std::fs::write(&path, image).expect("disk image");
        // A block device cannot be faked with a file: check the file variant instead.
        disk.disk_type = "file".into();
        src.attrs.retain(|(k, _)| k != "dev");
        src.set_attr("file", path.display().to_string());
    }
    if let Some(nvram) = def.os.nvram.as_mut() {
        let copy = dir.join("VARS.fd");
        let template = nvram.attr("template").map(PathBuf::from);
        std::fs::copy(template.as_deref().unwrap_or(Path::new("/usr/share/OVMF/OVMF_VARS_4M.fd")), &copy)
            .expect("NVRAM template");
        *nvram = virt::conf::xml::XmlElement::with_text("nvram", &copy.display().to_string());
    }
    if def.os.kernel.is_some() {
        let kernel = dir.join("kernel");
        std::fs::write(&kernel, multiboot_kernel()).expect("kernel");
        def.os.kernel = Some(kernel.display().to_string());
        if def.os.initrd.is_some() {
            let initrd = dir.join("initrd");
            std::fs::write(&initrd, b"initrd").expect("initrd");
            def.os.initrd = Some(initrd.display().to_string());
        }
    }
    let mut n = 0;
    for c in
        def.devices.serials.iter_mut().chain(def.devices.consoles.iter_mut()).chain(def.devices.channels.iter_mut())
    {
        for b in c.backend.iter_mut().filter(|b| b.name == "source" && b.attr("path").is_some()) {
            // Short: a unix socket path must fit in 108 bytes.
            n += 1;
            let name = format!("chr{n}");
            b.set_attr("path", dir.join(name).display().to_string());
        }
    }
}

/// An empty 1 MiB qcow2 (version 2) image, as `qemu-img create -f qcow2 -o compat=0.10`
/// lays it out: header, refcount table, refcount block, L1 table, one 64 KiB cluster each.
fn tiny_qcow2() -> Vec<u8> {
    const CLUSTER: usize = 0x10000;
    let mut img = vec![0u8; 4 * CLUSTER];
    let mut put = |off: usize, bytes: &[u8]| img[off..off + bytes.len()].copy_from_slice(bytes);
    put(0, b"QFI\xfb");
    put(4, &2u32.to_be_bytes()); // version
    put(20, &16u32.to_be_bytes()); // cluster_bits
    put(24, &(1u64 << 20).to_be_bytes()); // size
    put(36, &1u32.to_be_bytes()); // l1_size
    put(40, &(3 * CLUSTER as u64).to_be_bytes()); // l1_table_offset
    put(48, &(CLUSTER as u64).to_be_bytes()); // refcount_table_offset
    put(56, &1u32.to_be_bytes()); // refcount_table_clusters
    put(CLUSTER, &(2 * CLUSTER as u64).to_be_bytes());
    for i in 0..4 {
        put(2 * CLUSTER + 2 * i, &1u16.to_be_bytes());
    }
    img
}

/// The smallest image QEMU's x86 `-kernel` loader takes: a multiboot header with the
/// load addresses given (QEMU never runs it; the guest stays stopped under `-S`).
fn multiboot_kernel() -> Vec<u8> {
    let magic: u32 = 0x1BAD_B002;
    let flags: u32 = 0x0001_0000;
    let checksum = 0u32.wrapping_sub(magic.wrapping_add(flags));
    let mut k = Vec::new();
    for w in [magic, flags, checksum, 0x10_0000, 0x10_0000, 0, 0, 0x10_0000] {
        k.extend_from_slice(&w.to_le_bytes());
    }
    k.resize(4096, 0);
    k
}

/// Starts `argv` and waits until QMP answers `query-status`; returns the status.
fn start_and_query(argv: &[String], qmp: &Path, log: &Path) -> std::result::Result<(Running, String), String> {
    let logf = std::fs::File::create(log).map_err(|e| e.to_string())?;
    let child = Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(logf.try_clone().map_err(|e| e.to_string())?)
        .stderr(logf)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("spawn {}: {e}", argv[0]))?;
    let mut run = Running { child };
    let deadline = Instant::now() + Duration::from_secs(10);
    let stream = loop {
        if let Ok(Some(status)) = run.child.try_wait() {
            return Err(format!("QEMU exited ({status}): {}", std::fs::read_to_string(log).unwrap_or_default()));
        }
        if let Ok(s) = UnixStream::connect(qmp) {
            break s;
        }
        if Instant::now() > deadline {
            return Err("QMP socket never appeared".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream.try_clone().map_err(|e| e.to_string())?);
    let mut w = stream;
    let mut line = String::new();
    let mut read_reply = |line: &mut String| -> std::result::Result<(), String> {
        loop {
            line.clear();
            reader
                .read_line(line)
                .map_err(|e| format!("QMP read: {e}: {}", std::fs::read_to_string(log).unwrap_or_default()))?;
            if line.is_empty() {
                return Err(format!("QMP closed: {}", std::fs::read_to_string(log).unwrap_or_default()));
            }
            if !line.contains("\"event\"") {
                return Ok(());
            }
        }
    };
    read_reply(&mut line)?; // greeting
    w.write_all(b"{\"execute\":\"qmp_capabilities\"}\n").map_err(|e| e.to_string())?;
    read_reply(&mut line)?;
    w.write_all(b"{\"execute\":\"query-status\"}\n").map_err(|e| e.to_string())?;
    read_reply(&mut line)?;
    Ok((run, line.trim().to_string()))
}

/// The argv of a golden case made runnable here, or why it cannot be.
fn runnable(name: &str, dir: &Path) -> Option<(Vec<String>, PathBuf)> {
    let (mut def, mut ctx) = load(name);
    if build(&def, &ctx).is_err() {
        return None;
    }
    ctx.emulator = emulator_for(&def).ok()?;
    ctx.kvm = std::fs::OpenOptions::new().read(true).write(true).open("/dev/kvm").is_ok();
    if def.virt_type == "kvm" && !ctx.kvm {
        return None;
    }
    // tap devices need CAP_NET_ADMIN and leave host interfaces behind while QEMU runs:
    // only with QEMUD_ARGV_TEST_TAP=1; bridges through qemu-bridge-helper need a bridge.
    let taps_ok = ctx.privileged && std::env::var_os("QEMUD_ARGV_TEST_TAP").is_some();
    if def.devices.interfaces.iter().any(|i| i.interface_type != "user") && !taps_ok {
        return None;
    }
    localize(&mut def, dir);
    ctx.qmp_socket = dir.join("qmp.sock");
    ctx.start_paused_for_setup = true;
    // A port nobody uses, and no listening beyond this host.
    let port = free_vnc_port()?;
    ctx.vnc_port = Some(port);
    ctx.spice_port = Some(port);
    for g in &mut def.devices.graphics {
        if !g.autoport {
            g.port = Some(i32::from(port));
        }
        for l in &mut g.listens {
            if l.address.as_deref() == Some("0.0.0.0") {
                l.address = Some("127.0.0.1".into());
            }
        }
    }
    let argv = build(&def, &ctx).expect("build after localize");
    Some((argv, ctx.qmp_socket))
}

fn free_vnc_port() -> Option<u16> {
    (5950..6400).find(|p| {
        std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok() && std::net::TcpListener::bind(("::1", *p)).is_ok()
    })
}

fn check_real(name: &str) -> std::result::Result<bool, String> {
    let dir = scratch_dir(name);
    let Some((argv, qmp)) = runnable(name, &dir) else {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(false);
    };
    let result = start_and_query(&argv, &qmp, &dir.join("qemu.log"));
    let _ = std::fs::remove_dir_all(&dir);
    let (_run, status) = result.map_err(|e| format!("{name}: {e}\nargv: {argv:?}"))?;
    if !status.contains("\"prelaunch\"") {
        return Err(format!("{name}: unexpected status {status}"));
    }
    Ok(true)
}

#[test]
fn real_qemu_starts_the_minimal_guest() {
    if emulator_for(&minimal_def(Some("x86_64"), None)).is_err() {
        eprintln!("qemu-system-x86_64 not installed; skipped");
        return;
    }
    assert!(check_real("minimal").expect("QEMU accepts the minimal argv"));
}

/// About 50 ms per case with TCG, so not ignored; cases this host cannot run (other
/// arches, KVM without /dev/kvm, host networking) are skipped and listed.
#[test]
fn real_qemu_accepts_every_golden_argv() {
    let mut failures = Vec::new();
    let mut checked = Vec::new();
    for name in cases() {
        match check_real(&name) {
            Ok(true) => checked.push(name),
            Ok(false) => eprintln!("{name}: not runnable here"),
            Err(e) => failures.push(e),
        }
    }
    eprintln!("started for real: {}", checked.join(" "));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
