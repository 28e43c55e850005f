//! Host inventory of qemud's QEMU driver, on this machine's real QEMU and /sys: domain
//! capabilities probed from the installed QEMU (checked for what must be there, and
//! against Debian's libvirtd run in a private namespace where the machine allows),
//! maximum vCPUs, node devices and host interfaces (a veth pair and a bridge made in
//! a private network namespace, with node device events), and Debian's virsh and
//! virt-install on top.

mod common;

use std::path::Path;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, EventObject, ObjectEvent, ObjectEventBody, ObjectEventId, ObjectKind, OpenFlags};
use virt::error::Code;
use virt::uri::Uri;

const QEMU: &str = "/usr/bin/qemu-system-x86_64";

macro_rules! need_qemu {
    () => {
        if !Path::new(QEMU).exists() {
            eprintln!("SKIP: qemu-system-x86_64 is not installed");
            return;
        }
    };
}

fn kvm_usable() -> bool {
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/kvm").is_ok()
}

fn system_uri(d: &Daemon) -> String {
    format!("qemu+unix:///system?socket={}", d.sock().display())
}

fn open_system(d: &Daemon) -> Box<dyn Driver> {
    driver::open(&Uri::parse(&system_uri(d)).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()))
}

fn start_system(tag: &str) -> Daemon {
    let d = Daemon::spawn_in(TempDir::new(tag), "", &["--system"], &[]);
    d.wait_ready();
    d
}

/// `xml` without its host-model CPU mode (libvirt decodes the host CPU into a named
/// model with its own CPU map; this driver reports that mode unsupported).
fn without_host_model(xml: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in xml.lines() {
        if line.contains("<mode name='host-model'") {
            skipping = !line.ends_with("/>");
            continue;
        }
        if skipping {
            skipping = !line.contains("</mode>");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn value_in(xml: &str, needle: &str) -> bool {
    xml.contains(needle)
}

#[test]
fn domain_capabilities_from_the_installed_qemu() {
    need_qemu!();
    let d = start_system("host-domcaps");
    let c = open_system(&d);

    let t = Instant::now();
    let xml = c.connect_get_domain_capabilities(None, None, None, Some("qemu"), 0).unwrap();
    let first = t.elapsed();
    for must in [
        "<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>\n  <domain>qemu</domain>\n",
        "<arch>x86_64</arch>",
        "<vcpu max='255'/>",
        "<iothreads supported='yes'/>",
        "<mode name='host-passthrough' supported='no'/>",
        "<mode name='custom' supported='yes'>",
        "<model usable='yes' vendor='unknown'>qemu64</model>",
        "<model usable='yes' vendor='unknown'>486</model>",
        "<value>ide</value>",
        "<value>virtio</value>",
        "<value>vnc</value>",
        "<value>qxl</value>",
        "<value>spicevmc</value>",
        "<hyperv supported='yes'>",
    ] {
        assert!(value_in(&xml, must), "missing {must:?} in\n{xml}");
    }
    assert!(xml.contains("<machine>pc-i440fx-"), "QEMU's default machine: {xml}");
    assert!(!xml.contains("-v1<"), "versioned CPU models are not libvirt's: {xml}");
    if Path::new("/usr/share/qemu/firmware/60-edk2-x86_64.json").exists() {
        assert!(xml.contains("<value>efi</value>") && xml.contains("<value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>"), "{xml}");
        assert!(!xml.contains("secboot"), "secure boot needs SMM, which i440fx lacks: {xml}");
    }

    // The cache: the second answer comes without starting QEMU again.
    let t = Instant::now();
    assert_eq!(c.connect_get_domain_capabilities(None, None, None, Some("qemu"), 0).unwrap(), xml);
    let cached = t.elapsed();
    assert!(cached * 5 < first, "cached {cached:?} vs first {first:?}");

    // q35 by its alias: its own vCPU limit, no IDE, secure boot firmware.
    let q35 = c.connect_get_domain_capabilities(Some(QEMU), Some("x86_64"), Some("q35"), Some("qemu"), 0).unwrap();
    assert!(q35.contains("<machine>pc-q35-") && q35.contains("<vcpu max='288'/>"), "{q35}");
    assert!(!q35.contains("<value>ide</value>"), "{q35}");
    if Path::new("/usr/share/qemu/firmware/50-edk2-x86_64-secure.json").exists() {
        assert!(q35.contains("OVMF_CODE_4M.secboot.fd") && q35.contains("<enum name='secure'>\n        <value>yes</value>"), "{q35}");
    }
    // i686 guests run on qemu-system-x86_64 when asked for it.
    let i686 = c.connect_get_domain_capabilities(Some(QEMU), Some("i686"), None, Some("qemu"), 0).unwrap();
    assert!(i686.contains("<arch>i686</arch>"), "{i686}");

    // KVM: served when /dev/kvm is usable, with host-passthrough.
    let kvm = c.connect_get_domain_capabilities(None, None, None, Some("kvm"), 0);
    if kvm_usable() {
        let kvm = kvm.unwrap();
        assert!(kvm.contains("<domain>kvm</domain>") && kvm.contains("<mode name='host-passthrough' supported='yes'>"));
        let default = c.connect_get_domain_capabilities(None, None, None, None, 0).unwrap();
        assert!(default.contains("<domain>kvm</domain>"), "kvm is the default where usable");
    } else {
        let e = kvm.unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_INVALID_ARG, "{}", e.message);
    }

    // Errors as libvirt words them.
    let err = |a: (Option<&str>, Option<&str>, Option<&str>, Option<&str>), flags: u32| {
        c.connect_get_domain_capabilities(a.0, a.1, a.2, a.3, flags).unwrap_err()
    };
    let e = err((None, None, None, Some("xen")), 0);
    assert_eq!(e.message, "invalid argument: Emulator '/usr/bin/qemu-system-x86_64' does not support virt type 'xen'");
    let e = err((None, None, Some("foo"), Some("qemu")), 0);
    assert_eq!(e.message, "invalid argument: the machine 'foo' is not supported by emulator '/usr/bin/qemu-system-x86_64'");
    let e = err((None, Some("sparc64"), None, None), 0);
    assert_eq!(e.code, Code::VIR_ERR_CONFIG_UNSUPPORTED);
    assert_eq!(e.message, "unsupported configuration: unable to find any emulator to serve 'sparc64' architecture");
    let e = err((Some("/usr/bin/nope"), None, None, None), 0);
    assert_eq!(e.message, "Cannot check QEMU binary /usr/bin/nope: No such file or directory");
    let e = err((Some("/usr/bin/qemu-system-i386"), Some("x86_64"), None, None), 0);
    if Path::new("/usr/bin/qemu-system-i386").exists() {
        assert_eq!(e.message, "invalid argument: Emulator '/usr/bin/qemu-system-i386' does not support arch 'x86_64'");
    }
    assert_eq!(err((None, Some("bogus"), None, None), 0).message, "invalid argument: unknown architecture: bogus");
    assert_eq!(err((None, None, None, Some("KVM")), 0).message, "invalid argument: unknown virttype: KVM");
    assert_eq!(
        err((None, None, None, None), 1).message,
        "unsupported flags (0x1) in function qemuConnectGetDomainCapabilities"
    );

    // virConnectGetMaxVcpus per type.
    assert_eq!(c.connect_get_max_vcpus(None).unwrap(), 16);
    assert_eq!(c.connect_get_max_vcpus(Some("QEMU")).unwrap(), 16);
    if kvm_usable() {
        assert!(c.connect_get_max_vcpus(Some("kvm")).unwrap() >= 255);
    }
    let e = c.connect_get_max_vcpus(Some("xen")).unwrap_err();
    assert_eq!(e.message, "invalid argument: unknown type 'xen'");

    // Debian's libvirtd on the same QEMU: the same document, host-model aside.
    if let Some(r) = Reference::start() {
        for args in [&["--virttype", "qemu"][..], &["--virttype", "qemu", "--machine", "q35"][..]] {
            let theirs = r.virsh(&[&["domcapabilities"][..], args].concat());
            assert!(theirs.status.success(), "{}", text(&theirs.stderr));
            let ours = virsh(d.dir.path(), &system_uri(&d), &[], &format!("domcapabilities {}", args.join(" ")));
            assert!(ours.status.success(), "{}", text(&ours.stderr));
            assert_eq!(without_host_model(&text(&ours.stdout)), without_host_model(&text(&theirs.stdout)), "{args:?}");
        }
        // Node devices libvirtd sees through the same /sys (its network namespace
        // differs: net devices are compared without ethtool features).
        let list = r.virsh(&["nodedev-list"]);
        let names: Vec<String> = text(&list.stdout).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        assert!(names.contains(&"computer".to_string()));
        let ours: Vec<String> = c.connect_list_all_node_devices(0).unwrap().into_iter().map(|d| d.name).collect();
        for n in &names {
            assert!(ours.contains(n), "libvirtd lists {n}, we do not: {ours:?}");
            let theirs = text(&r.virsh(&["nodedev-dumpxml", n]).stdout);
            let theirs: String = theirs.lines().filter(|l| !l.contains("<feature name=")).map(|l| format!("{l}\n")).collect();
            let mine = c.node_device_get_xml_desc(n, 0).unwrap();
            let mine: String = mine.lines().filter(|l| !l.contains("<feature name=")).map(|l| format!("{l}\n")).collect();
            assert_eq!(format!("{mine}\n"), theirs, "{n}");
        }
    }
}

#[test]
fn node_devices_of_this_machine() {
    let d = start_system("host-nodedev");
    let c = open_system(&d);
    let all: Vec<String> = c.connect_list_all_node_devices(0).unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(all.first().map(String::as_str), Some("computer"));
    assert_eq!(c.node_num_of_devices(None, 0).unwrap() as usize, all.len());
    assert_eq!(c.node_list_devices(None, all.len() as i32, 0).unwrap(), all);

    // Every PCI function of /sys, named as libvirt names it, with its parent chain
    // ending at `computer`.
    let mut pci = 0;
    for e in std::fs::read_dir("/sys/bus/pci/devices").into_iter().flatten().flatten() {
        let addr = e.file_name().to_string_lossy().into_owned();
        let name = format!("pci_{}", addr.replace([':', '.'], "_"));
        assert!(all.contains(&name), "{name} missing from {all:?}");
        let xml = c.node_device_get_xml_desc(&name, 0).unwrap();
        let vendor = std::fs::read_to_string(e.path().join("vendor")).unwrap();
        assert!(xml.contains(&format!("<vendor id='{}'", vendor.trim())), "{xml}");
        assert!(xml.contains("<capability type='pci'>"), "{xml}");
        assert_eq!(c.node_device_list_caps(&name, 10).unwrap(), vec!["pci".to_string()]);
        assert_eq!(c.node_device_num_of_caps(&name).unwrap(), 1);
        let mut cur = name.clone();
        for _ in 0..16 {
            match c.node_device_get_parent(&cur).unwrap() {
                Some(p) => cur = p,
                None => break,
            }
        }
        assert_eq!(cur, "computer");
        pci += 1;
    }
    // Capability filters: PCI (bit 1), net (bit 4), storage (bit 8).
    let only = |bit: u32| -> Vec<String> {
        c.connect_list_all_node_devices(1 << bit).unwrap().into_iter().map(|d| d.name).collect()
    };
    assert_eq!(only(1).len(), pci);
    assert!(only(1).iter().all(|n| n.starts_with("pci_")));
    let nets = only(4);
    assert!(nets.iter().any(|n| n.starts_with("net_lo_00_00_00_00_00_00")), "{nets:?}");
    assert_eq!(c.node_list_devices(Some("net"), 1000, 0).unwrap(), nets);
    assert_eq!(only(0), vec!["computer".to_string()]);
    assert!(only(8).iter().all(|n| n.starts_with("block_")));
    assert_eq!(c.connect_list_all_node_devices(1 << 30).unwrap().len(), 0, "every device of /sys is active");

    let sys = c.node_device_get_xml_desc("computer", 0).unwrap();
    assert!(sys.starts_with("<device>\n  <name>computer</name>\n  <capability type='system'>\n"), "{sys}");
    let lo = c.node_device_get_xml_desc("net_lo_00_00_00_00_00_00", 0).unwrap();
    assert!(lo.contains("<path>/sys/devices/virtual/net/lo</path>\n  <parent>computer</parent>"), "{lo}");

    let e = c.node_device_lookup_by_name("nope").unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_NO_NODE_DEVICE, "Node device not found: no node device with matching name 'nope'"));
    let e = c.node_device_get_xml_desc("computer", 2).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x2) in function nodeDeviceGetXMLDesc");
    let e = c.connect_list_all_node_devices(1 << 27).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x8000000) in function nodeConnectListAllNodeDevices");
    let e = c.node_device_destroy("computer").unwrap_err();
    assert_eq!(e.message, "unsupported configuration: Unsupported device type");
}

/// An `ip` command in the network namespace of process `pid`.
fn ip_in(pid: i32, args: &[&str]) {
    let pid = pid.to_string();
    let out = run_with_timeout(Command::new("nsenter").args(["-t", &pid, "-n", "ip"]).args(args), Duration::from_secs(10));
    assert!(out.status.success(), "ip {args:?}: {}", text(&out.stderr));
}

fn mac_in(pid: i32, dev: &str) -> String {
    let out = run_with_timeout(
        Command::new("nsenter").args(["-t", &pid.to_string(), "-n", "-m", "cat", &format!("/sys/class/net/{dev}/address")]),
        Duration::from_secs(10),
    );
    text(&out.stdout).trim().to_string()
}

const MAC0: &str = "52:54:00:aa:bb:01";
const MAC1: &str = "52:54:00:aa:bb:02";
const MAC2: &str = "52:54:00:aa:bb:03";

#[test]
fn veth_pair_and_bridge_in_a_private_netns() {
    if !is_root() || !Path::new("/usr/sbin/ip").exists() && !Path::new("/sbin/ip").exists() {
        eprintln!("SKIP: needs root and iproute2 for a private network namespace");
        return;
    }
    // The daemon's own network namespace, with /sys remounted to show it.
    let wrapper: Vec<String> =
        ["unshare", "-m", "-n", "--propagation", "private", "sh", "-c", r#"mount -t sysfs sysfs /sys && exec "$@""#, "sh"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    let d = Daemon::spawn_in(TempDir::new("host-netns"), "", &["--system"], &wrapper);
    d.wait_ready();
    let c = open_system(&d);
    let pid = d.pid();

    let (tx, rx) = std::sync::mpsc::channel::<ObjectEvent>();
    let tx = std::sync::Mutex::new(tx);
    let sink: virt::driver::ObjectEventSink = std::sync::Arc::new(move |e| {
        let _ = tx.lock().unwrap().send(e);
    });
    c.connect_object_event_start(ObjectEventId { kind: ObjectKind::NodeDevice, id: 0 }, sink).unwrap();
    let names = || -> Vec<String> { c.connect_list_all_node_devices(1 << 4).unwrap().into_iter().map(|d| d.name).collect() };
    assert_eq!(names(), vec!["net_lo_00_00_00_00_00_00".to_string()], "only lo in a new namespace");
    let ifaces = |flags| -> Vec<String> { c.connect_list_all_interfaces(flags).unwrap().into_iter().map(|i| i.name).collect() };
    assert_eq!(ifaces(0), vec!["lo"]);

    ip_in(pid, &["link", "add", "hveth0", "address", MAC0, "type", "veth", "peer", "name", "hveth1", "address", MAC1]);
    let mac0 = mac_in(pid, "hveth0");
    assert_eq!(mac0, MAC0);
    let dev0 = format!("net_hveth0_{}", mac0.replace(':', "_"));
    let wait_event = |name: &str, event: i32| -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(ObjectEvent { object: EventObject::NodeDevice(id), body: ObjectEventBody::Lifecycle { event: ev, .. } })
                    if id.name == name && ev == event =>
                {
                    return true
                }
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    };
    assert!(wait_event(&dev0, 0), "no CREATED event for {dev0}");
    assert!(names().contains(&dev0), "{:?}", names());
    let xml = c.node_device_get_xml_desc(&dev0, 0).unwrap();
    assert!(
        xml.starts_with(&format!(
            "<device>\n  <name>{dev0}</name>\n  <path>/sys/devices/virtual/net/hveth0</path>\n  <parent>computer</parent>\n  \
             <capability type='net'>\n    <interface>hveth0</interface>\n    <address>{mac0}</address>\n    \
             <link state='down'/>\n"
        )) && xml.ends_with("    <capability type='80203'/>\n  </capability>\n</device>\n"),
        "{xml}"
    );

    // Host interfaces: down is inactive (and "defined"); both ends up is active.
    assert_eq!(ifaces(0), vec!["hveth0", "hveth1", "lo"]);
    assert_eq!(ifaces(2), Vec::<String>::new());
    assert_eq!(c.connect_list_defined_interfaces(10).unwrap(), vec!["hveth0", "hveth1", "lo"]);
    ip_in(pid, &["link", "set", "hveth0", "up"]);
    ip_in(pid, &["link", "set", "hveth1", "up"]);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(ifaces(2), vec!["hveth0", "hveth1"]);
    assert_eq!(c.connect_num_of_interfaces().unwrap(), 2);
    assert_eq!(c.connect_list_interfaces(10).unwrap(), vec!["hveth0", "hveth1"]);
    let id = c.interface_lookup_by_name("hveth0").unwrap();
    assert_eq!(id.mac, mac0);
    assert!(c.interface_is_active(&id).unwrap());
    assert_eq!(c.interface_lookup_by_mac_string(&mac0).unwrap().name, "hveth0");
    let x = c.interface_get_xml_desc(&id, 0).unwrap();
    assert_eq!(
        x,
        format!(
            "<interface type='ethernet' name='hveth0'>\n  <mtu size='1500'/>\n  <link speed='10000' state='up'/>\n  \
             <mac address='{mac0}'/>\n</interface>\n"
        )
    );
    let up = c.node_device_get_xml_desc(&dev0, 0).unwrap();
    assert!(up.contains("<link speed='10000' state='up'/>"), "{up}");

    // A bridge: its port leaves the lists and appears inside it.
    ip_in(pid, &["link", "add", "hbr0", "address", MAC2, "type", "bridge"]);
    ip_in(pid, &["link", "set", "hveth0", "master", "hbr0"]);
    ip_in(pid, &["link", "set", "hbr0", "up"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!ifaces(0).contains(&"hveth0".to_string()), "{:?}", ifaces(0));
    let br = c.interface_get_xml_desc(&c.interface_lookup_by_name("hbr0").unwrap(), 0).unwrap();
    assert!(
        br.starts_with("<interface type='bridge' name='hbr0'>\n  <mtu size='1500'/>\n  <bridge stp='off' delay='1500'>\n    <interface type='ethernet' name='hveth0'>\n      <link speed='10000' state='up'/>\n"),
        "{br}"
    );

    // Changes answer as the udev backend does.
    let e = c.interface_define_xml("<interface type='ethernet' name='x'/>", 0).unwrap_err();
    assert_eq!(e.code, Code::VIR_ERR_NO_SUPPORT);
    assert_eq!(e.message, "this function is not supported by the connection driver: virInterfaceDefineXML");
    assert_eq!(c.interface_destroy(&id, 0).unwrap_err().code, Code::VIR_ERR_NO_SUPPORT);
    let e = c.interface_lookup_by_name("nope").unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_NO_INTERFACE, "Interface not found: couldn't find interface named 'nope'"));
    let e = c.connect_list_all_interfaces(4).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x4) in function udevConnectListAllInterfaces");

    // Debian's virsh on our daemon (once the bridge's carrier is up: a loaded machine can
    // take a moment to report it).
    if virsh_path().is_some() {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline
            && !c.interface_lookup_by_name("hbr0").and_then(|i| c.interface_is_active(&i)).unwrap_or(false)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        let out = virsh(d.dir.path(), &system_uri(&d), &[], "nodedev-list --tree; iface-list --all");
        let o = text(&out.stdout);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(o.starts_with("computer\n  |\n  +- "), "{o}");
        assert!(o.contains(&format!("+- {dev0}")), "{o}");
        assert!(o.contains(" hbr0     active") && o.contains(" lo       inactive   00:00:00:00:00:00"), "{o}");
    }

    // Debian's libvirtd in a namespace set up the same way (before it starts: it sees
    // devices through udev events, which a private namespace does not get): the same
    // node devices (a bridge is not one) and the same interfaces, byte for byte.
    std::thread::sleep(Duration::from_millis(300));
    let setup = format!(
        "mount -t sysfs sysfs /sys && ip link add hveth0 address {MAC0} type veth peer name hveth1 address {MAC1} && \
         ip link add hbr0 address {MAC2} type bridge && ip link set hveth0 master hbr0 && ip link set hveth0 up && \
         ip link set hveth1 up && ip link set hbr0 up && \
         for i in $(seq 100); do [ \"$(cat /sys/class/net/hbr0/operstate)\" = up ] && break; sleep 0.1; done"
    );
    if let Some(r) = Reference::start_after(&setup) {
        let theirs = text(&r.virsh(&["nodedev-list", "--cap", "net"]).stdout);
        let theirs: Vec<&str> = theirs.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(theirs, names(), "net node devices");
        for n in theirs {
            let x = text(&r.virsh(&["nodedev-dumpxml", n]).stdout);
            assert_eq!(x, format!("{}\n", c.node_device_get_xml_desc(n, 0).unwrap()), "{n}");
        }
        let theirs = text(&r.virsh(&["iface-list", "--all"]).stdout);
        let ours = text(&virsh(d.dir.path(), &system_uri(&d), &[], "iface-list --all").stdout);
        assert_eq!(ours, theirs);
        for i in ["hbr0", "hveth0", "hveth1", "lo"] {
            let x = text(&r.virsh(&["iface-dumpxml", i]).stdout);
            let mine = c.interface_get_xml_desc(&c.interface_lookup_by_name(i).unwrap(), 0).unwrap();
            assert_eq!(x, format!("{mine}\n"), "{i}");
        }
    }

    // Gone: a DELETED event, and it is no longer listed.
    ip_in(pid, &["link", "del", "hveth0"]);
    assert!(wait_event(&dev0, 1), "no DELETED event for {dev0}");
    assert!(!names().contains(&dev0));
}

#[test]
fn virsh_and_virt_install_use_domain_capabilities() {
    need_qemu!();
    let Some(_) = virsh_path() else {
        eprintln!("SKIP: virsh is not installed");
        return;
    };
    let d = start_system("host-virsh");
    let uri = system_uri(&d);
    let out = virsh(d.dir.path(), &uri, &[], "domcapabilities --virttype qemu; maxvcpus --type qemu");
    let o = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(o.starts_with("<domainCapabilities>\n  <path>/usr/bin/qemu-system-x86_64</path>"), "{o}");
    assert!(o.trim_end().ends_with("</domainCapabilities>\n\n\n255"), "maxvcpus reads the vcpu max of the domain capabilities: {o:?}");

    // Debian's virt-install on our library asks for them for every new guest.
    let virt_install = Path::new("/usr/bin/virt-install");
    if !virt_install.exists() {
        eprintln!("SKIP: virt-install is not installed");
        return;
    }
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release");
    for extra in [&["--virt-type", "qemu"][..], &["--virt-type", "qemu", "--machine", "q35"][..]] {
        let out = run_with_timeout(
            Command::new(virt_install)
                .args(["--connect", &uri, "--print-xml", "--import", "--disk", "none", "--osinfo", "detect=on,require=off"])
                .args(["--name", "hostcaps", "--memory", "64"])
                .args(extra)
                .env("HOME", d.dir.path())
                .env("XDG_CONFIG_HOME", d.dir.path())
                .env("XDG_CACHE_HOME", d.dir.path())
                .env("LD_LIBRARY_PATH", &lib),
            Duration::from_secs(90),
        );
        let o = text(&out.stdout);
        assert!(out.status.success(), "virt-install {extra:?}: {}\n{o}", text(&out.stderr));
        assert!(o.contains("<domain type=\"qemu\">") && o.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>"), "{o}");
    }
}
