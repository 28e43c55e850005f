//! Devices attached, detached and updated (`virDomainAttachDeviceFlags`,
//! `virDomainDetachDeviceFlags`, `virDomainUpdateDeviceFlags`) on qemud's QEMU driver, with
//! real QEMU (TCG):
//! - Debian's virsh runs one sequence of device commands against qemud and against Debian's
//!   libvirtd (its QEMU driver, in a private namespace): persistent and live, right and
//!   wrong. Every command's outcome, the disk and interface lists and the persistent XML
//!   must be the same.
//! - The tiny Linux guest sees a disk and a NIC plugged in and pulled out (ACPI PCI
//!   hotplug), with libvirt's DEVICE_ADDED and DEVICE_REMOVED events; QEMU lets go of the
//!   disk's image when it goes; a daemon restarted in between still unplugs what was
//!   plugged before; a CD-ROM changes media.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainEventBody, OpenFlags};
use virt::uri::Uri;

const DEVICE_REMOVED: i32 = 15;
const DEVICE_ADDED: i32 = 19;

fn have_qemu() -> bool {
    let ok = Path::new("/usr/bin/qemu-system-x86_64").exists() && Path::new("/usr/bin/qemu-img").exists();
    if !ok {
        eprintln!("SKIP: qemu-system-x86_64 or qemu-img is not installed");
    }
    ok
}

fn qemu_img(args: &[&str]) {
    let out = run_with_timeout(Command::new("qemu-img").args(args), Duration::from_secs(30));
    assert!(out.status.success(), "qemu-img {args:?}: {}", text(&out.stderr));
}

/// One line per command: what virsh printed for it, success or error.
fn outcome(out: &Output) -> String {
    let err: Vec<&str> = std::str::from_utf8(&out.stderr).unwrap_or("").lines().filter(|l| !l.is_empty()).collect();
    match out.status.success() {
        true => format!("ok {}", text(&out.stdout).trim()),
        false => format!("failed: {}", err.join(" | ")),
    }
}

/// The images and device documents of [`device_commands_give_what_debian_libvirtd_gives`]
/// in `files`, and its virsh steps.
fn device_script(files: &TempDir) -> Vec<Vec<String>> {
    let f = |n: &str| files.path().join(n).display().to_string();
    qemu_img(&["create", "-q", "-f", "qcow2", &f("a.qcow2"), "64M"]);
    qemu_img(&["create", "-q", "-f", "qcow2", &f("b.qcow2"), "64M"]);
    qemu_img(&["create", "-q", "-f", "raw", &f("c.img"), "1M"]);
    let docs: Vec<(&str, String)> = vec![
        (
            "dom",
            format!(
                "<domain type='qemu'><name>hp</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>\
                 <features><acpi/></features><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
                 <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{}'/>\
                 <target dev='vda' bus='virtio'/></disk>\
                 <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>\
                 <interface type='user'><mac address='52:54:00:11:22:33'/><model type='virtio'/></interface>\
                 <graphics type='vnc'/></devices></domain>",
                f("a.qcow2")
            ),
        ),
        (
            "disk",
            format!(
                "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{}'/>\
                 <target dev='vdb' bus='virtio'/></disk>",
                f("b.qcow2")
            ),
        ),
        ("net", "<interface type='user'><mac address='52:54:00:44:55:66'/><model type='virtio'/></interface>".into()),
        ("net0down", "<interface type='user'><mac address='52:54:00:11:22:33'/><model type='virtio'/><link state='down'/></interface>".into()),
        ("nonet", "<interface type='user'><mac address='52:54:00:99:99:99'/></interface>".into()),
        ("anynet", "<interface type='user'/>".into()),
        ("nodisk", format!("<disk type='file' device='disk'><source file='{}'/><target dev='vdz' bus='virtio'/></disk>", f("x.img"))),
        ("cd", format!("<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='{}'/><target dev='hdc' bus='ide'/><readonly/></disk>", f("c.img"))),
        ("eject", "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>".into()),
        ("cdmissing", format!("<disk type='file' device='cdrom'><source file='{}'/><target dev='hdd' bus='ide'/></disk>", f("c.img"))),
        ("vda2", format!("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{}'/><target dev='vda' bus='virtio'/></disk>", f("b.qcow2"))),
        ("snd", "<sound model='ich6'/>".into()),
        ("wd", "<watchdog model='i6300esb'/>".into()),
        ("ctl", "<controller type='scsi' index='0' model='virtio-scsi'/>".into()),
        ("ser", "<serial type='pty'><target port='0'/></serial>".into()),
        ("rng", "<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>".into()),
        ("gr", "<graphics type='spice'/>".into()),
        ("bogus", "<bogus/>".into()),
        ("broken", "<disk".into()),
    ];
    for (name, body) in &docs {
        std::fs::write(f(&format!("{name}.xml")), body).unwrap();
    }
    let x = |n: &str| f(&format!("{n}.xml"));
    let steps: Vec<Vec<String>> = [
        vec!["define".into(), x("dom")],
        vec!["attach-device".into(), "hp".into(), x("disk"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("disk"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("net"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("net"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("net"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("anynet"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("snd"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("wd"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("wd"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("ctl"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("ctl"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("ser"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("ser"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("rng"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("gr"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("bogus"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("broken"), "--config".into()],
        vec!["attach-device".into(), "hp".into(), x("disk"), "--live".into()],
        vec!["detach-device".into(), "hp".into(), x("nodisk"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("nonet"), "--config".into()],
        vec!["update-device".into(), "hp".into(), x("cd"), "--config".into()],
        vec!["update-device".into(), "hp".into(), x("cdmissing"), "--config".into()],
        vec!["update-device".into(), "hp".into(), x("gr"), "--config".into()],
        vec!["update-device".into(), "hp".into(), x("wd"), "--config".into()],
        vec!["dumpxml".into(), "hp".into(), "--inactive".into()],
        vec!["detach-device".into(), "hp".into(), x("disk"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("snd"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("snd"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("wd"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("wd"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("ctl"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("ser"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("ser"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("rng"), "--config".into()],
        vec!["detach-device".into(), "hp".into(), x("rng"), "--config".into()],
        vec!["update-device".into(), "hp".into(), x("eject"), "--config".into()],
        vec!["dumpxml".into(), "hp".into(), "--inactive".into()],
        vec!["detach-device-alias".into(), "hp".into(), "nosuch".into(), "--config".into()],
        vec!["detach-device-alias".into(), "hp".into(), "virtio-disk0".into(), "--config".into()],
        vec!["detach-device-alias".into(), "hp".into(), "nosuch".into(), "--live".into()],
        vec!["start".into(), "hp".into()],
        vec!["attach-device".into(), "hp".into(), x("disk"), "--live".into()],
        vec!["attach-device".into(), "hp".into(), x("disk"), "--live".into()],
        vec!["attach-device".into(), "hp".into(), x("net"), "--live".into()],
        vec!["attach-device".into(), "hp".into(), x("snd"), "--live".into()],
        vec!["attach-device".into(), "hp".into(), x("snd"), "--live".into(), "--config".into()],
        vec!["domblklist".into(), "hp".into()],
        vec!["domiflist".into(), "hp".into()],
        vec!["update-device".into(), "hp".into(), x("cd"), "--live".into()],
        vec!["domblklist".into(), "hp".into()],
        vec!["update-device".into(), "hp".into(), x("eject"), "--live".into()],
        vec!["update-device".into(), "hp".into(), x("vda2"), "--live".into()],
        vec!["update-device".into(), "hp".into(), x("cdmissing"), "--live".into()],
        vec!["update-device".into(), "hp".into(), x("snd"), "--live".into()],
        vec!["update-device".into(), "hp".into(), x("net0down"), "--live".into()],
        vec!["domif-getlink".into(), "hp".into(), "52:54:00:11:22:33".into()],
        vec!["detach-device".into(), "hp".into(), x("eject"), "--live".into()],
        vec!["detach-device".into(), "hp".into(), x("nodisk"), "--live".into()],
        vec!["detach-device".into(), "hp".into(), x("snd"), "--live".into()],
        vec!["detach-device".into(), "hp".into(), x("nonet"), "--live".into()],
        // No guest OS answers the unplug: the call returns after libvirt's 5 s, the disk
        // still there (the tiny-guest test below sees one that goes).
        vec!["detach-device".into(), "hp".into(), x("disk"), "--live".into()],
        vec!["domblklist".into(), "hp".into()],
        vec!["detach-device-alias".into(), "hp".into(), "nosuch".into(), "--live".into()],
        vec!["detach-device-alias".into(), "hp".into(), "ide0-1-0".into(), "--live".into()],
        vec!["detach-device-alias".into(), "hp".into(), "virtio-disk1".into(), "--live".into(), "--config".into()],
        vec!["detach-device-alias".into(), "hp".into(), "virtio-disk1".into(), "--live".into()],
        vec!["detach-device-alias".into(), "hp".into(), "net0".into(), "--live".into()],
        vec!["detach-device-alias".into(), "hp".into(), "net0".into(), "--live".into()],
        vec!["destroy".into(), "hp".into()],
        vec!["undefine".into(), "hp".into()],
    ]
    .into_iter()
    .collect();
    steps
}

#[test]
fn device_commands_give_what_debian_libvirtd_gives() {
    if !have_qemu() || !is_root() {
        eprintln!("SKIP: needs root and QEMU");
        return;
    }
    let Some(reference) = Reference::start() else { return };
    let d = Daemon::start("hotplug-ref", "", &["--system"]);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    // Each daemon's guest has images of its own (QEMU locks what it uses).
    let (ours_files, ref_files) = (TempDir::new("hotplug-a"), TempDir::new("hotplug-b"));
    let (ours_steps, ref_steps) = (device_script(&ours_files), device_script(&ref_files));
    let ours_uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut differ = Vec::new();
    // The same text but for the file paths and the generated UUID.
    let same = |text: String, dir: &TempDir| {
        let text = text.replace(&dir.path().display().to_string(), "DIR");
        text.lines().filter(|l| !l.trim_start().starts_with("<uuid>")).collect::<Vec<_>>().join("\n")
    };
    for (ours_step, ref_step) in ours_steps.iter().zip(&ref_steps) {
        let args: Vec<&str> = ours_step.iter().map(String::as_str).collect();
        let ours = {
            let mut c = Command::new(virsh_path().unwrap());
            c.arg("-c").arg(&ours_uri).args(&args).env("HOME", &home).env_remove("LD_LIBRARY_PATH");
            same(outcome(&run_with_timeout(&mut c, Duration::from_secs(60))), &ours_files)
        };
        let ref_args: Vec<&str> = ref_step.iter().map(String::as_str).collect();
        let theirs = same(outcome(&reference.virsh(&ref_args)), &ref_files);
        if ours != theirs {
            let first = ours.lines().zip(theirs.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let at = |t: &str| t.lines().skip(first).take(6).collect::<Vec<_>>().join("\n    ");
            differ.push(format!("virsh {} (from line {first})\n  libvirtd: {}\n  qemud:    {}", args.join(" "), at(&theirs), at(&ours)));
        }
    }
    assert!(differ.is_empty(), "{} of {} steps differ:\n{}\nqemud log:\n{}", differ.len(), ours_steps.len(), differ.join("\n"), d.log_text());
}

/// The DEVICE_ADDED and DEVICE_REMOVED events of one connection: (added?, alias).
fn device_events(c: &dyn Driver) -> Receiver<(bool, String)> {
    let (tx, rx) = channel();
    for id in [DEVICE_ADDED, DEVICE_REMOVED] {
        let tx = Mutex::new(tx.clone());
        c.connect_domain_event_start(
            id,
            Arc::new(move |e| {
                let item = match e.body {
                    DomainEventBody::DeviceAdded { alias } => (true, alias),
                    DomainEventBody::DeviceRemoved { alias } => (false, alias),
                    _ => return,
                };
                let _ = tx.lock().unwrap().send(item);
            }),
        )
        .unwrap();
    }
    rx
}

/// Whether another program can take `image` for writing (QEMU holds a lock while it uses it).
fn writable_by_others(image: &Path) -> bool {
    let out = run_with_timeout(
        Command::new("qemu-io").args(["-f", "qcow2", "-c", "write 0 512"]).arg(image),
        Duration::from_secs(30),
    );
    out.status.success()
}

#[test]
fn a_running_linux_guest_sees_devices_come_and_go() {
    if !have_qemu() {
        return;
    }
    let (kernel, initrd) = tiny_guest();
    let d = Daemon::start("hotplug-guest", "", &["--system"]);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let open = || {
        driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap_or_else(|e| panic!("open: {}", e.message))
    };
    let c = open();
    let dir = d.dir.path().to_path_buf();
    let (extra, cd) = (dir.join("extra.qcow2"), dir.join("cd.img"));
    qemu_img(&["create", "-q", "-f", "qcow2", &extra.display().to_string(), "32M"]);
    qemu_img(&["create", "-q", "-f", "raw", &cd.display().to_string(), "2M"]);
    let serial = dir.join("serial.log");
    let xml = format!(
        "<domain type='qemu'><name>hotplug-linux</name><memory unit='MiB'>160</memory><vcpu>1</vcpu>\
         <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{}</kernel><initrd>{}</initrd>\
         <cmdline>console=ttyS0 panic=-1</cmdline></os><features><acpi/></features>\
         <devices><disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/>\
         <readonly/></disk><serial type='file'><source path='{}'/><target port='0'/></serial></devices></domain>",
        kernel.display(),
        initrd.display(),
        serial.display()
    );
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("define: {}", e.message));
    let events = device_events(c.as_ref());
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let live = virt::driver::DomainId { id, ..dom.clone() };
    let booted = wait_until(Duration::from_secs(60), || serial_text(&serial).contains("TINY-GUEST-READY"));
    assert!(booted, "the guest did not boot:\n{}", serial_text(&serial));
    let said = |what: &str, limit: u64| wait_until(Duration::from_secs(limit), || serial_text(&serial).contains(what));

    // A disk plugged in: QEMU takes its image, the guest sees a 32 MiB disk (its first
    // virtio disk, so vda to the guest whatever the target's name).
    assert!(writable_by_others(&extra), "the image is not free before the attach");
    let disk_xml = format!(
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{}'/><target dev='vdb' bus='virtio'/></disk>",
        extra.display()
    );
    c.domain_attach_device_flags(&live, &disk_xml, 1).unwrap_or_else(|e| panic!("attach disk: {}\n{}", e.message, d.log_text()));
    assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok((true, "virtio-disk1".to_string())));
    assert!(said(&format!("tiny-guest: disk added vda {}", 32 << 20), 30), "the guest did not see the disk:\n{}", serial_text(&serial));
    assert!(!writable_by_others(&extra), "QEMU does not hold the attached image");
    let live_xml = c.domain_get_xml_desc(&live, 0).unwrap();
    assert!(live_xml.contains("<target dev='vdb' bus='virtio'/>") && live_xml.contains("<alias name='virtio-disk1'/>"), "{live_xml}");
    // Only the live definition has it.
    assert!(!c.domain_get_xml_desc(&live, 2).unwrap().contains("vdb"), "attach --live changed the persistent definition");

    // A NIC plugged in.
    let nic_xml = "<interface type='user'><mac address='52:54:00:ab:cd:ef'/><model type='virtio'/></interface>";
    c.domain_attach_device_flags(&live, nic_xml, 1).unwrap_or_else(|e| panic!("attach nic: {}", e.message));
    assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok((true, "net0".to_string())));
    assert!(said("tiny-guest: nic added eth0 52:54:00:ab:cd:ef", 30), "the guest did not see the NIC:\n{}", serial_text(&serial));

    // A daemon killed and started again knows what was plugged and by which names.
    let dir_keep = std::mem::replace(&mut { d }.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
    let d = Daemon::spawn_in(dir_keep, "", &["--system"], &[]);
    d.wait_ready();
    let c = open();
    let events = device_events(c.as_ref());
    let live_xml = c.domain_get_xml_desc(&live, 0).unwrap();
    assert!(live_xml.contains("<alias name='virtio-disk1'/>") && live_xml.contains("<alias name='net0'/>"), "{live_xml}");

    // The disk pulled out: the guest lets go at once, the call does not wait its 5 s, QEMU
    // frees the image.
    let t = Instant::now();
    c.domain_detach_device_flags(&live, &disk_xml, 1).unwrap_or_else(|e| panic!("detach disk: {}\n{}", e.message, d.log_text()));
    let took = t.elapsed();
    assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok((false, "virtio-disk1".to_string())));
    assert!(took < Duration::from_secs(5), "the detach waited for its whole timeout ({took:?}): the guest's release was missed");
    assert!(said("tiny-guest: disk removed vda", 20), "{}", serial_text(&serial));
    assert!(!c.domain_get_xml_desc(&live, 0).unwrap().contains("vdb"));
    assert!(wait_until(Duration::from_secs(10), || writable_by_others(&extra)), "QEMU still holds the detached image");

    // The NIC pulled out by its alias: the call only asks; the event tells the end.
    c.domain_detach_device_alias(&live, "net0", 1).unwrap_or_else(|e| panic!("detach nic: {}", e.message));
    assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok((false, "net0".to_string())));
    assert!(said("tiny-guest: nic removed eth0", 20), "{}", serial_text(&serial));
    assert!(!c.domain_get_xml_desc(&live, 0).unwrap().contains("52:54:00:ab:cd:ef"));

    // The CD-ROM: a medium in, then out.
    let cd_xml = |src: &str| {
        format!("<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>{src}<target dev='hdc' bus='ide'/><readonly/></disk>")
    };
    c.domain_update_device_flags(&live, &cd_xml(&format!("<source file='{}'/>", cd.display())), 1)
        .unwrap_or_else(|e| panic!("change media: {}\n{}", e.message, d.log_text()));
    assert!(c.domain_get_xml_desc(&live, 0).unwrap().contains(&format!("<source file='{}'/>", cd.display())));
    c.domain_update_device_flags(&live, &cd_xml(""), 1).unwrap_or_else(|e| panic!("eject: {}", e.message));
    assert!(!c.domain_get_xml_desc(&live, 0).unwrap().contains("cd.img"));
    assert!(events.try_iter().next().is_none(), "no device event for a media change");

    c.domain_destroy_flags(&live, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
}

/// The `<alias>` names of a domain XML, in document order.
fn aliases(xml: &str) -> Vec<String> {
    xml.split("<alias name='").skip(1).filter_map(|r| r.split('\'').next()).map(str::to_string).collect()
}

#[test]
fn running_guests_name_their_devices_as_libvirtd_does() {
    if !have_qemu() || !is_root() {
        eprintln!("SKIP: needs root and QEMU");
        return;
    }
    let Some(reference) = Reference::start() else { return };
    let d = Daemon::start("hotplug-aliases", "", &["--system"]);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let ours_uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut lists = Vec::new();
    for (tag, files) in [("ours", TempDir::new("aliases-a")), ("libvirtd", TempDir::new("aliases-b"))] {
        let img = files.path().join("a.qcow2").display().to_string();
        qemu_img(&["create", "-q", "-f", "qcow2", &img, "16M"]);
        let xml = format!(
            "<domain type='qemu'><name>rich</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>\
             <features><acpi/></features><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
             <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{img}'/><target dev='vda' bus='virtio'/></disk>\
             <disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>\
             <controller type='scsi' model='virtio-scsi'/>\
             <interface type='user'><mac address='52:54:00:11:22:33'/><model type='virtio'/></interface>\
             <serial type='pty'/><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>\
             <input type='tablet' bus='usb'/><sound model='ich6'/><watchdog model='i6300esb'/>\
             <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng><graphics type='vnc'/></devices></domain>"
        );
        let path = files.path().join("rich.xml");
        std::fs::write(&path, xml).unwrap();
        let path = path.display().to_string();
        let run = |args: &[&str]| -> Output {
            if tag == "ours" {
                let mut c = Command::new(virsh_path().unwrap());
                c.arg("-c").arg(&ours_uri).args(args).env("HOME", &home).env_remove("LD_LIBRARY_PATH");
                run_with_timeout(&mut c, Duration::from_secs(60))
            } else {
                reference.virsh(args)
            }
        };
        for step in [vec!["define", path.as_str()], vec!["start", "rich"]] {
            let out = run(&step);
            assert!(out.status.success(), "{tag}: virsh {step:?}: {}", text(&out.stderr));
        }
        let live = text(&run(&["dumpxml", "rich"]).stdout);
        let inactive = text(&run(&["dumpxml", "rich", "--inactive"]).stdout);
        assert!(aliases(&inactive).is_empty(), "{tag}: aliases in the inactive XML:\n{inactive}");
        lists.push((tag, aliases(&live)));
        for step in [["destroy", "rich"], ["undefine", "rich"]] {
            run(&step);
        }
        drop(files);
    }
    assert!(lists[0].1.len() >= 15, "too few aliases to compare: {:?}", lists[0]);
    assert_eq!(lists[0].1, lists[1].1, "the live XML's aliases (ours, then libvirtd's)");
}
