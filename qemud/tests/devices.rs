//! The domains virt-install and virt-manager create, on a `--system` qemud in a temp dir
//! with real QEMU (TCG, tiny memory, no OS): Debian's `virt-install --print-xml`, run on
//! our library against this daemon, for i440fx and q35, VNC and SPICE, UEFI, a disk and
//! a CD-ROM; each definition is defined, given libvirt's addresses (kept by a second
//! define), started, shows its ports, sockets and firmware live, and is destroyed and
//! undefined (the NVRAM removed or kept as the flags say). Also: what the driver cannot
//! run is refused at define time, and a QEMU that cannot start says why.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainId, OpenFlags};
use virt::error::Code;
use virt::uri::Uri;

const XML_INACTIVE: u32 = 2;
const UNDEFINE_NVRAM: u32 = 4;
const UNDEFINE_KEEP_NVRAM: u32 = 8;

fn have(path: &str) -> bool {
    Path::new(path).exists()
}

fn open_system(d: &Daemon) -> (Box<dyn Driver>, String) {
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()));
    (c, uri)
}

/// Our libvirt.so.0 (the cdylib next to the test's qemud).
fn our_lib_dir() -> PathBuf {
    PathBuf::from(QEMUD).parent().expect("target dir").to_path_buf()
}

/// `virt-install --print-xml` on our library against the daemon at `uri`; the guest
/// made a TCG one (`type='qemu'`), as this test runs everywhere.
fn virt_install_xml(uri: &str, home: &Path, name: &str, extra: &[&str]) -> String {
    let mut cmd = Command::new("virt-install");
    cmd.args(["--connect", uri, "--name", name, "--memory", "64", "--vcpus", "1", "--import"])
        .args(["--disk", "none", "--network", "user", "--print-xml", "--virt-type", "qemu"])
        .args(extra)
        .args(if extra.contains(&"--osinfo") { &[][..] } else { &["--osinfo", "linux2022"][..] })
        .env("LD_LIBRARY_PATH", our_lib_dir())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_CACHE_HOME", home);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(90));
    assert!(out.status.success(), "virt-install {extra:?}: {}", text(&out.stderr));
    let xml = text(&out.stdout);
    assert!(xml.contains("<domain type=\"kvm\">") || xml.contains("<domain type=\"qemu\">"), "{xml}");
    xml.replacen("<domain type=\"kvm\">", "<domain type=\"qemu\">", 1)
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// Defines `xml`, checks the addresses libvirt's QEMU driver would have given it, that a
/// second define of its own XML changes nothing, then starts it and returns the live XML.
fn define_and_start(c: &dyn Driver, d: &Daemon, xml: &str, q35: bool) -> (DomainId, String, String) {
    let dom = c.domain_define_xml_flags(xml, 0).unwrap_or_else(|e| panic!("define: {}\n{xml}", e.message));
    let inactive = c.domain_get_xml_desc(&dom, XML_INACTIVE).unwrap();
    // Every PCI device has its slot; the virtio serial port and the USB tablet theirs.
    assert!(inactive.contains("<address type='virtio-serial' controller='0' bus='0' port='1'/>"), "{inactive}");
    assert!(inactive.contains("<address type='usb' bus='0' port='1'/>"), "{inactive}");
    assert!(inactive.contains("<input type='mouse' bus='ps2'/>"), "{inactive}");
    assert!(inactive.contains("<audio id='1' type="), "{inactive}");
    assert!(inactive.contains("<target type='isa-serial' port='0'>"), "{inactive}");
    if q35 {
        // virt-install's 14 root ports, packed eight to a slot as libvirt packs them;
        // its NIC behind the first, the USB controller behind the second.
        assert_eq!(count(&inactive, "model='pcie-root-port'"), 14, "{inactive}");
        assert!(inactive.contains("<target chassis='1' port='0x10'/>"), "{inactive}");
        assert!(inactive.contains(
            "<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>"
        ));
        assert!(inactive.contains("<controller type='sata' index='0'>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>"), "{inactive}");
        assert!(inactive.contains("<controller type='usb' index='0' model='qemu-xhci' ports='15'>\n      <address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/>"), "{inactive}");
    } else {
        assert!(inactive.contains("<controller type='pci' index='0' model='pci-root'/>"), "{inactive}");
        assert!(inactive.contains("<controller type='usb' index='0' model='qemu-xhci' ports='15'>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x04' function='0x0'/>"), "{inactive}");
        assert!(inactive.contains("<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\n    </interface>"), "{inactive}");
    }
    let again = c.domain_define_xml_flags(&inactive, 0).unwrap();
    assert_eq!(c.domain_get_xml_desc(&again, XML_INACTIVE).unwrap(), inactive, "a second define keeps everything");
    let id = c
        .domain_create_with_flags(&dom, 0)
        .unwrap_or_else(|e| panic!("start: {}\nlog:\n{}\n{inactive}", e.message, d.log_text()))
        .id;
    let live = c.domain_get_xml_desc(&DomainId { id, ..dom.clone() }, 0).unwrap();
    (DomainId { id, ..dom }, inactive, live)
}

/// The port a live `<graphics type=ty>` got.
fn graphics_port(live: &str, ty: &str) -> u16 {
    let at = live.find(&format!("<graphics type='{ty}' port='")).unwrap_or_else(|| panic!("{ty} port: {live}"));
    let rest = &live[at + format!("<graphics type='{ty}' port='").len()..];
    rest[..rest.find('\'').unwrap()].parse().unwrap()
}

fn listening(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
}

#[test]
fn virt_install_guests_run_with_their_devices() {
    if !have("/usr/bin/qemu-system-x86_64") || !have("/usr/bin/virt-install") {
        eprintln!("SKIP: qemu-system-x86_64 or virt-install is not installed");
        return;
    }
    let d = Daemon::start("devices", "", &["--system"]);
    let _reaper = QemuReaper::for_session(&d);
    let (c, uri) = open_system(&d);
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();

    // i440fx with VNC: the virtio NIC in slot 3, the XHCI controller in 4, as libvirt.
    let xml = virt_install_xml(&uri, &home, "vi-pc", &["--machine", "pc", "--graphics", "vnc"]);
    let (dom, inactive, live) = define_and_start(c.as_ref(), &d, &xml, false);
    // The alias QEMU lists becomes the machine it stands for, as libvirt keeps it.
    assert!(inactive.contains("<type arch='x86_64' machine='pc-i440fx-"), "{inactive}");
    let port = graphics_port(&live, "vnc");
    assert!(port >= 5900, "{live}");
    assert!(live.contains(&format!("<graphics type='vnc' port='{port}' autoport='yes' listen='127.0.0.1'>")), "{live}");
    assert!(listening(port), "QEMU serves VNC on {port}");
    // The guest agent's socket, named by the driver under the channel directory.
    let agent = d.dir.path().join(format!("libvirt/qemu/channel/target/domain-{}-vi-pc/org.qemu.guest_agent.0", dom.id));
    assert!(live.contains(&format!("<source mode='bind' path='{}'/>", agent.display())), "{live}");
    assert!(live.contains("state='disconnected'"), "{live}");
    {
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata(&agent).unwrap().file_type().is_socket(), "QEMU listens on the agent socket");
    }
    c.domain_destroy_flags(&dom, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();

    // The case: an OS virt-install does not know gets ICH9 EHCI with its UHCI
    // companions (no index given), e1000 and ich6 on i440fx.
    let args = ["--machine", "pc", "--graphics", "spice", "--osinfo", "detect=on,require=off"];
    let xml = virt_install_xml(&uri, &home, "vi-generic", &args);
    assert!(xml.contains("<controller type=\"usb\" model=\"ich9-uhci1\">"), "{xml}");
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("define: {}\n{xml}", e.message));
    let inactive = c.domain_get_xml_desc(&dom, XML_INACTIVE).unwrap();
    assert!(inactive.contains("<controller type='usb' index='0' model='ich9-uhci1'>\n      <master startport='0'/>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0' multifunction='on'/>"), "{inactive}");
    assert!(inactive.contains("<controller type='usb' index='0' model='ich9-ehci1'>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x7'/>"), "{inactive}");
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{inactive}", e.message)).id;
    assert!(id > 0);
    c.domain_destroy_flags(&dom, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();

    // q35 with SPICE: spicevmc channel, USB redirection, ICH9 sound, QXL.
    let xml = virt_install_xml(&uri, &home, "vi-q35", &["--machine", "q35", "--graphics", "spice", "--video", "qxl"]);
    assert!(xml.contains("<redirdev bus=\"usb\" type=\"spicevmc\"/>"), "{xml}");
    let (dom, inactive, live) = define_and_start(c.as_ref(), &d, &xml, true);
    assert!(inactive.contains("<type arch='x86_64' machine='pc-q35-"), "{inactive}");
    assert!(inactive.contains("<sound model='ich9'>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x1b' function='0x0'/>"), "{inactive}");
    assert!(inactive.contains("<address type='usb' bus='0' port='3'/>"), "second redirdev: {inactive}");
    assert!(inactive.contains("<audio id='1' type='spice'/>"), "{inactive}");
    assert!(inactive.contains("<model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>"), "{inactive}");
    let port = graphics_port(&live, "spice");
    assert!(port >= 5900 && listening(port), "SPICE on {port}: {live}");
    c.domain_destroy_flags(&dom, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();

    // q35, UEFI, a qcow2 disk and an ISO on SATA: the firmware chosen from QEMU's
    // descriptors, the domain's NVRAM copied from its template.
    if !have("/usr/share/OVMF") {
        eprintln!("SKIP (UEFI part): ovmf is not installed");
        return;
    }
    let images = d.dir.path().join("images");
    std::fs::create_dir_all(&images).unwrap();
    let disk = images.join("vm.qcow2");
    let out = run_with_timeout(
        Command::new("qemu-img").args(["create", "-q", "-f", "qcow2"]).arg(&disk).arg("16M"),
        Duration::from_secs(30),
    );
    assert!(out.status.success(), "qemu-img: {}", text(&out.stderr));
    let iso = images.join("install.iso");
    std::fs::write(&iso, vec![0u8; 1 << 20]).unwrap();
    let xml = virt_install_xml(&uri, &home, "vi-efi", &["--machine", "q35", "--graphics", "vnc"]);
    let devices = format!(
        "<devices>\n<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>\
         <source file='{}'/><target dev='vda' bus='virtio'/></disk>\n\
         <disk type='file' device='cdrom'><source file='{}'/><target dev='sda' bus='sata'/><readonly/></disk>",
        disk.display(),
        iso.display()
    );
    let xml = xml.replacen("<os>", "<os firmware=\"efi\">", 1).replacen("<devices>", &devices, 1);
    let (dom, inactive, live) = define_and_start(c.as_ref(), &d, &xml, true);
    assert!(inactive.contains("<os firmware='efi'>"), "{inactive}");
    assert!(inactive.contains("<address type='drive' controller='0' bus='0' target='0' unit='0'/>"), "{inactive}");
    assert!(inactive.contains("<driver name='qemu' type='raw'/>"), "the CD-ROM's driver default: {inactive}");
    let nvram = d.dir.path().join("libvirt/qemu/nvram/vi-efi_VARS.fd");
    assert!(live.contains("type='pflash'>/usr/share/OVMF/"), "{live}");
    assert!(live.contains(&format!("{}</nvram>", nvram.display())), "{live}");
    let template = std::fs::read(live.split("template='").nth(1).and_then(|r| r.split('\'').next()).unwrap()).unwrap();
    assert_eq!(std::fs::read(&nvram).unwrap().len(), template.len(), "NVRAM copied from its template");
    c.domain_destroy_flags(&dom, 0).unwrap();
    // libvirt keeps a guest's NVRAM unless told what to do with it.
    let e = c.domain_undefine_flags(&dom, 0).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: cannot undefine domain with nvram"));
    c.domain_undefine_flags(&dom, UNDEFINE_KEEP_NVRAM).unwrap();
    assert!(nvram.exists(), "--keep-nvram keeps it");
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap();
    c.domain_undefine_flags(&dom, UNDEFINE_NVRAM).unwrap();
    assert!(!nvram.exists(), "--nvram removes it");
    assert!(c.connect_list_all_domains(0).unwrap().is_empty());
}

const TINY: &str = "<domain type='qemu'><name>tiny</name><memory unit='MiB'>64</memory>\
                    <os><type arch='x86_64' machine='q35'>hvm</type></os><devices>DEVICES</devices></domain>";

#[test]
fn what_cannot_run_is_refused_at_define_time() {
    let d = Daemon::start("devices-refuse", "", &["--system"]);
    let (c, _) = open_system(&d);
    for (device, what) in [
        ("<hub type='usb'/>", "device 'hub' is not supported by this driver"),
        ("<graphics type='sdl'/>", "graphics type 'sdl' is not supported by this driver"),
        ("<sound model='sb16'/>", "sound card model 'sb16' is not supported by this driver"),
        ("<watchdog model='diag288'/>", "watchdog model 'diag288' is not supported by this driver"),
        ("<redirdev bus='usb' type='spicevmc'/>", "spicevmc redirdev requires SPICE graphics"),
    ] {
        let e = c.domain_define_xml_flags(&TINY.replace("DEVICES", device), 0).expect_err(device);
        assert_eq!(e.code, Code::VIR_ERR_CONFIG_UNSUPPORTED, "{device}: {}", e.message);
        assert_eq!(e.message, format!("unsupported configuration: {what}"), "{device}");
        assert!(c.domain_lookup_by_name("tiny").is_err(), "{device}: nothing defined");
        assert!(!d.dir.path().join("libvirt/qemu/tiny.xml").exists());
    }
    // A storage volume disk is defined as written (its pool resolves it at start).
    let vol = "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/>\
               <source pool='default' volume='vm.qcow2'/><target dev='vda' bus='virtio'/></disk>";
    let dom = c.domain_define_xml_flags(&TINY.replace("DEVICES", vol), 0).unwrap();
    let xml = c.domain_get_xml_desc(&dom, XML_INACTIVE).unwrap();
    assert!(xml.contains("<disk type='volume' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n      <source pool='default' volume='vm.qcow2'/>\n      <target dev='vda' bus='virtio'/>\n      <address type='pci'"), "{xml}");
    c.domain_undefine_flags(&dom, 0).unwrap();
}

#[test]
fn a_start_failure_says_why() {
    if !have("/usr/bin/qemu-system-x86_64") {
        eprintln!("SKIP: qemu-system-x86_64 is not installed");
        return;
    }
    let d = Daemon::start("devices-fail", "", &["--system"]);
    let _reaper = QemuReaper::for_session(&d);
    let (c, _) = open_system(&d);
    let missing = d.dir.path().join("no-such-disk.qcow2");
    let xml = TINY.replace(
        "DEVICES",
        &format!("<disk type='file' device='disk'><source file='{}'/><target dev='vda' bus='virtio'/></disk>", missing.display()),
    );
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap();
    let e = c.domain_create_with_flags(&dom, 0).unwrap_err();
    // libvirt 9.0's words, checked against its QEMU driver.
    assert_eq!(e.message, format!("Cannot access storage file '{}': No such file or directory", missing.display()));
    assert!(!d.dir.path().join("libvirt/qemu/log/tiny.log").exists(), "QEMU never ran");
    c.domain_undefine_flags(&dom, 0).unwrap();

    // QEMU itself refuses: its own words, not the command line.
    let xml = TINY.replace("DEVICES", "<interface type='user'><model type='no-such-nic'/></interface>");
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap();
    let e = c.domain_create_with_flags(&dom, 0).unwrap_err();
    assert!(e.message.contains("'no-such-nic' is not a valid device model name"), "{}", e.message);
    assert!(!e.message.contains("-nodefaults"), "no command line in the error: {}", e.message);
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, 5, "shut off");
    c.domain_undefine_flags(&dom, 0).unwrap();
}

/// The same virt-install definitions (`--print-xml`, so UUIDs and MACs are fixed) defined
/// on qemud and on Debian's libvirtd (its QEMU driver, in a private namespace): the
/// inactive XML each daemon keeps is the same, byte for byte, machine names included.
#[test]
fn virt_install_definitions_match_debian_libvirtd() {
    if !have("/usr/bin/qemu-system-x86_64") || !have("/usr/bin/virt-install") {
        eprintln!("SKIP: qemu-system-x86_64 or virt-install is not installed");
        return;
    }
    let Some(r) = Reference::start() else { return };
    let reference = driver::open(&Uri::parse(&r.qemu_uri()).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open {}: {}", r.qemu_uri(), e.message));
    let d = Daemon::start("devices-vs-libvirtd", "", &["--system"]);
    let (c, uri) = open_system(&d);
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let cases: [(&str, &[&str]); 3] = [
        ("cmp-pc", &["--machine", "pc", "--graphics", "vnc"]),
        ("cmp-q35", &["--machine", "q35", "--graphics", "spice", "--video", "qxl"]),
        ("cmp-generic", &["--machine", "pc", "--graphics", "spice", "--osinfo", "detect=on,require=off"]),
    ];
    for (name, args) in cases {
        let xml = virt_install_xml(&uri, &home, name, args);
        let ours = c.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("define {name}: {}", e.message));
        let theirs =
            reference.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("libvirtd defines {name}: {}", e.message));
        let ours_xml = c.domain_get_xml_desc(&ours, XML_INACTIVE).unwrap();
        let theirs_xml = reference.domain_get_xml_desc(&theirs, XML_INACTIVE).unwrap();
        if ours_xml != theirs_xml {
            let keep = std::env::temp_dir().join(format!("devices-cmp-{name}"));
            let _ = std::fs::write(keep.with_extension("ours.xml"), &ours_xml);
            let _ = std::fs::write(keep.with_extension("libvirtd.xml"), &theirs_xml);
            let diff: Vec<String> = ours_xml
                .lines()
                .zip(theirs_xml.lines())
                .filter(|(a, b)| a != b)
                .take(10)
                .map(|(a, b)| format!("ours:     {a}\nlibvirtd: {b}"))
                .collect();
            panic!("{name}: the inactive XML differs from libvirtd's:\n{}\n--- ours:\n{ours_xml}", diff.join("\n"));
        }
        c.domain_undefine_flags(&ours, 0).unwrap();
        reference.domain_undefine_flags(&theirs, 0).unwrap();
    }
}
