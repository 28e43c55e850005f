//! qemud's network driver on a `--system` daemon, with the real `ip`, `nft` and Debian's
//! dnsmasq, always in a network namespace of the daemon's own (`unshare -n`): the host's
//! interfaces, routes and firewall are never touched. Needs root; skipped otherwise.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, OpenFlags};
use virt::uri::Uri;

macro_rules! need_root_tools {
    () => {
        // SAFETY: geteuid(2) has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        let tools = ["/usr/sbin/dnsmasq", "/usr/sbin/nft", "/usr/bin/busybox"].iter().all(|p| Path::new(p).exists())
            && (Path::new("/usr/sbin/ip").exists() || Path::new("/sbin/ip").exists());
        if !root || !tools {
            eprintln!("SKIP: needs root, iproute2, nftables, dnsmasq and busybox for private network namespaces");
            return;
        }
    };
}

/// `unshare -n` with the loopback up, then the daemon.
fn netns_wrapper() -> Vec<String> {
    ["unshare", "-n", "sh", "-c", r#"ip link set lo up && exec "$@""#, "sh"].iter().map(|s| s.to_string()).collect()
}

fn open_system(d: &Daemon) -> Box<dyn Driver> {
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()))
}

/// Runs `args` in the network namespace of process `pid`; (success, stdout + stderr).
fn ns(pid: i32, args: &[&str]) -> (bool, String) {
    let out = run_with_timeout(
        Command::new("nsenter").arg("-t").arg(pid.to_string()).arg("-n").args(args),
        Duration::from_secs(20),
    );
    (out.status.success(), format!("{}{}", text(&out.stdout), text(&out.stderr)))
}

fn nft_table(uuid: &[u8; 16]) -> String {
    format!("qemud_net_{}", uuid.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn state_dir(d: &Daemon) -> std::path::PathBuf {
    d.dir.path().join("libvirt/qemu/run/network")
}

fn dnsmasq_pid(d: &Daemon, name: &str) -> Option<i32> {
    std::fs::read_to_string(state_dir(d).join(format!("{name}.pid"))).ok()?.trim().parse().ok()
}

fn is_dnsmasq(pid: i32) -> bool {
    std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| c.starts_with(b"/usr/sbin/dnsmasq"))
}

fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

/// A second namespace with one end of a veth pair whose other end is a port of
/// `bridge`; busybox `udhcpc` there asks for a lease as `mac`. Returns the holder
/// process of that namespace (kill it to drop the namespace) and udhcpc's output.
fn dhcp_client(daemon_pid: i32, bridge: &str, mac: &str) -> (std::process::Child, (bool, String)) {
    assert!(ns(daemon_pid, &["ip", "link", "add", "vh0", "type", "veth", "peer", "name", "vg0"]).0);
    assert!(ns(daemon_pid, &["ip", "link", "set", "vh0", "master", bridge, "up"]).0);
    let holder = Command::new("nsenter")
        .args(["-t", &daemon_pid.to_string(), "-n", "unshare", "-n", "sleep", "120"])
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let hp = holder.id() as i32;
    // unshare execs sleep once the namespace is made: wait for that.
    assert!(wait_until(Duration::from_secs(5), || std::fs::read(format!("/proc/{hp}/cmdline"))
        .is_ok_and(|c| c.starts_with(b"sleep"))));
    let (ok, out) = ns(daemon_pid, &["ip", "link", "set", "vg0", "netns", &hp.to_string()]);
    assert!(ok, "{out}");
    let (ok, out) = ns(hp, &["ip", "link", "set", "vg0", "address", mac, "up"]);
    assert!(ok, "{out}");
    let got = ns(hp, &["busybox", "udhcpc", "-i", "vg0", "-n", "-q", "-f", "-s", "/bin/true", "-t", "8", "-T", "1", "-x", "hostname:guest1"]);
    (holder, got)
}

/// The `default` network of a fresh system instance: defined, autostarted, with its
/// bridge address, its nftables masquerade, a dnsmasq that hands out a lease
/// `virNetworkGetDHCPLeases` then lists; it survives a daemon restart (dnsmasq taken
/// back, not restarted), and a destroy removes bridge, table and dnsmasq.
#[test]
fn default_network_nat_dhcp_restart_destroy() {
    need_root_tools!();
    let mut d = Daemon::spawn_in(TempDir::new("net-default"), "network_define_default = 1", &["--system"], &netns_wrapper());
    d.wait_ready();
    let _reaper = QemuReaper(state_dir(&d));
    let c = open_system(&d);
    let pid = d.pid();

    let all = c.connect_list_all_networks(0).unwrap();
    assert_eq!(all.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["default"], "{}", d.log_text());
    let net = all[0].clone();
    assert!(c.network_is_active(&net).unwrap(), "{}", d.log_text());
    assert!(c.network_is_persistent(&net).unwrap());
    assert!(c.network_get_autostart(&net).unwrap());
    assert_eq!(c.network_get_bridge_name(&net).unwrap(), "virbr0");
    assert!(d.dir.path().join("libvirt/qemu/networks/autostart/default.xml").exists());
    let live = c.network_get_xml_desc(&net, 0).unwrap();
    assert!(live.contains("<forward mode='nat'>\n    <nat>\n      <port start='1024' end='65535'/>\n    </nat>\n  </forward>"), "{live}");
    assert!(live.contains("<bridge name='virbr0' stp='on' delay='0'/>\n  <mac address='52:54:00:"), "{live}");
    let inactive = c.network_get_xml_desc(&net, 1).unwrap();
    assert!(inactive.contains("<forward mode='nat'/>"), "{inactive}");
    let e = c.network_get_xml_desc(&net, 4).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x4) in function networkGetXMLDesc");

    let (ok, addr) = ns(pid, &["ip", "-o", "addr", "show", "dev", "virbr0"]);
    assert!(ok && addr.contains("inet 192.168.122.1/24 brd 192.168.122.255"), "{addr}");
    let (ok, rules) = ns(pid, &["nft", "list", "table", "ip", &nft_table(&net.uuid)]);
    assert!(ok, "{rules}");
    assert!(rules.contains("ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 masquerade"), "{rules}");
    let (_, fwd) = ns(pid, &["cat", "/proc/sys/net/ipv4/ip_forward"]);
    assert_eq!(fwd.trim(), "1");
    let dns = dnsmasq_pid(&d, "default").expect("dnsmasq's pid file");
    assert!(is_dnsmasq(dns));
    let (_, socks) = ns(pid, &["ss", "-lnup"]);
    assert!(socks.contains("192.168.122.1:53") && socks.contains("dnsmasq"), "{socks}");
    assert!(socks.contains("0.0.0.0%virbr0:67") || socks.contains("*:67") || socks.contains(":67"), "{socks}");

    // DHCP from a second namespace on the bridge.
    let (mut holder, (ok, out)) = dhcp_client(pid, "virbr0", "52:54:00:aa:bb:cc");
    assert!(ok && out.contains("lease of 192.168.122."), "udhcpc: {out}\n{}", d.log_text());
    let leases = c.network_get_dhcp_leases(&net, None, 1, 0).unwrap();
    assert_eq!(leases.ret, 1, "{leases:?}");
    let l = &leases.leases.0[0];
    assert_eq!((l.iface.as_str(), l.mac.as_deref(), l.prefix, l.type_), ("virbr0", Some("52:54:00:aa:bb:cc"), 24, 0));
    assert!(l.ipaddr.starts_with("192.168.122.") && l.expirytime > 0, "{l:?}");
    assert_eq!(l.hostname.as_deref(), Some("guest1"));
    assert_eq!(c.network_get_dhcp_leases(&net, Some("52:54:00:00:00:01"), 1, 0).unwrap().ret, 0);
    if virsh_path().is_some() {
        // Debian's libvirt reads the same answer off the wire.
        let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
        let out = virsh(d.dir.path(), &uri, &[], "net-dhcp-leases default");
        let o = text(&out.stdout);
        assert!(out.status.success() && o.contains("52:54:00:aa:bb:cc   ipv4       192.168.122.") && o.contains("guest1"), "{o}");
    }
    let _ = holder.kill();
    let _ = holder.wait();

    // A restart takes the running network back, dnsmasq and all.
    let child = d.child.take().unwrap();
    // SAFETY: signalling the daemon this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let mut child = child;
    let _ = child.wait();
    let dir = std::mem::replace(&mut d.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
    let back: Vec<String> =
        ["nsenter", "-t", &dns.to_string(), "-n"].iter().map(|s| s.to_string()).collect();
    let d = Daemon::spawn_in(dir, "network_define_default = 1", &["--system"], &back);
    d.wait_ready();
    let c = open_system(&d);
    assert!(c.network_is_active(&net).unwrap(), "{}", d.log_text());
    assert_eq!(dnsmasq_pid(&d, "default"), Some(dns), "dnsmasq was restarted");
    assert!(c.network_get_xml_desc(&net, 0).unwrap().contains("<port start='1024'"));
    assert_eq!(c.network_get_dhcp_leases(&net, None, 1, 0).unwrap().ret, 1);

    // A network whose bridge vanished while the daemon was away is cleaned up (its
    // dnsmasq stopped, its table removed) and, set to autostart, started afresh.
    drop(c);
    let mut d = d;
    let mut child = d.child.take().unwrap();
    // SAFETY: signalling the daemon this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let _ = child.wait();
    assert!(ns(dns, &["ip", "link", "del", "virbr0"]).0);
    let dir = std::mem::replace(&mut d.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
    let d = Daemon::spawn_in(dir, "network_define_default = 1", &["--system"], &back);
    d.wait_ready();
    let c = open_system(&d);
    assert!(c.network_is_active(&net).unwrap(), "{}", d.log_text());
    assert!(d.log_text().contains("did not survive"), "{}", d.log_text());
    let dns2 = dnsmasq_pid(&d, "default").expect("a new dnsmasq");
    assert!(dns2 != dns && is_dnsmasq(dns2) && !is_dnsmasq(dns), "old {dns}, new {dns2}");
    let (_, tables) = ns(d.pid(), &["nft", "list", "tables"]);
    assert_eq!(tables.matches("qemud_net_").count(), 1, "{tables}");
    assert!(ns(d.pid(), &["ip", "-o", "addr", "show", "dev", "virbr0"]).1.contains("192.168.122.1/24"));
    let dns = dns2;

    // Destroy removes everything.
    c.network_destroy(&net).unwrap();
    assert!(!c.network_is_active(&net).unwrap());
    assert!(wait_until(Duration::from_secs(5), || !is_dnsmasq(dns)), "dnsmasq outlived its network");
    let pid = d.pid();
    assert!(!ns(pid, &["ip", "link", "show", "virbr0"]).0, "the bridge outlived its network");
    assert!(!ns(pid, &["nft", "list", "table", "ip", &nft_table(&net.uuid)]).0, "the nft table outlived its network");
    assert!(!state_dir(&d).join("default.xml").exists());
    let e = c.network_destroy(&net).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: network 'default' is not active");
    assert_eq!(c.network_get_dhcp_leases(&net, None, 1, 0).unwrap().ret, 0);
}

/// Isolated, routed and open networks, a bridge-mode network onto an existing bridge,
/// define/undefine/transient rules, DHCP host updates, and libvirt's errors for bad
/// input with nothing left behind.
#[test]
fn modes_updates_and_bad_input() {
    need_root_tools!();
    let wrapper: Vec<String> = [
        "unshare",
        "-n",
        "sh",
        "-c",
        r#"ip link set lo up && ip link add hostbr type bridge && ip link add dummy0 type veth peer name dummy1 && ip addr add 10.77.0.1/16 dev dummy0 && ip link set dummy0 up && exec "$@""#,
        "sh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let d = Daemon::spawn_in(TempDir::new("net-modes"), "", &["--system"], &wrapper);
    d.wait_ready();
    let _reaper = QemuReaper(state_dir(&d));
    let c = open_system(&d);
    let pid = d.pid();
    assert!(c.connect_list_all_networks(0).unwrap().is_empty(), "a moved driver gets no default network unless asked");

    // Isolated, with a static host; a live update adds another.
    let iso = c
        .network_define_xml_flags(
            "<network><name>iso</name><ip address='10.9.0.1' prefix='24'><dhcp><range start='10.9.0.10' end='10.9.0.20'/>\
             <host mac='52:54:00:00:00:01' name='h1' ip='10.9.0.11'/></dhcp></ip></network>",
            0,
        )
        .unwrap();
    let xml = c.network_get_xml_desc(&iso, 0).unwrap();
    assert!(xml.contains("<bridge name='virbr0' stp='on' delay='0'/>"), "{xml}");
    assert!(d.dir.path().join("libvirt/qemu/networks/iso.xml").exists());
    c.network_create(&iso).unwrap();
    let e = c.network_create(&iso).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: network is already active");
    let (_, rules) = ns(pid, &["nft", "list", "table", "ip", &nft_table(&iso.uuid)]);
    assert!(!rules.contains("masquerade") && rules.contains("reject"), "{rules}");
    let conf = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/dnsmasq/iso.conf")).unwrap();
    assert!(conf.contains("dhcp-host=52:54:00:00:00:01,10.9.0.11,h1") && conf.contains("no-resolv"), "{conf}");
    let host2 = "<host mac='52:54:00:00:00:02' name='h2' ip='10.9.0.12'/>";
    c.network_update(&iso, 3, 4, -1, host2, 1 | 2).unwrap();
    let e = c.network_update(&iso, 3, 4, -1, host2, 0).unwrap_err();
    assert!(e.message.contains("there is an existing dhcp host entry in network 'iso' that matches"), "{}", e.message);
    let conf = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/dnsmasq/iso.conf")).unwrap();
    assert!(conf.contains("dhcp-host=52:54:00:00:00:02,10.9.0.12,h2"), "dnsmasq got the new host: {conf}");
    assert!(is_dnsmasq(dnsmasq_pid(&d, "iso").unwrap()));
    assert!(c.network_get_xml_desc(&iso, 1).unwrap().contains("h2"), "config updated too");
    let e = c.network_update(&iso, 3, 1, -1, "<bridge name='x'/>", 0).unwrap_err();
    assert_eq!(e.message, "Operation not supported: can't update 'bridge' section of network 'iso'");

    // Duplicates: bridge, name, UUID.
    let e = c.network_define_xml_flags("<network><name>x</name><bridge name='virbr0'/></network>", 0).unwrap_err();
    assert_eq!(e.message, "internal error: bridge name 'virbr0' already in use.");
    let e = c.network_create_xml_flags("<network><name>iso</name></network>", 0).unwrap_err();
    assert!(e.message.starts_with("operation failed: network 'iso' already exists with uuid"), "{}", e.message);

    // Routed and open: forwarding rules without masquerade, and none at all.
    let routed = c
        .network_create_xml_flags(
            "<network><name>routed</name><forward mode='route'/><bridge name='rbr0'/><ip address='10.10.0.1' prefix='24'/></network>",
            0,
        )
        .unwrap();
    assert!(!c.network_is_persistent(&routed).unwrap());
    let names = |flags: u32| {
        let mut v: Vec<String> = c.connect_list_all_networks(flags).unwrap().into_iter().map(|n| n.name).collect();
        v.sort();
        v
    };
    assert_eq!(names(0), ["iso", "routed"]);
    assert_eq!(names(8), ["routed"], "transient");
    assert_eq!(names(4 | 2), ["iso"], "persistent and active");
    assert!(names(1).is_empty(), "inactive");
    assert_eq!(names(32), ["iso", "routed"], "no autostart");
    assert_eq!(c.network_lookup_by_uuid(&iso.uuid).unwrap().name, "iso");
    let e = c.network_lookup_by_uuid(&[7; 16]).unwrap_err();
    assert_eq!(e.message, "Network not found: no network with matching uuid '07070707-0707-0707-0707-070707070707'");
    let e = c.network_lookup_by_name("nope").unwrap_err();
    assert_eq!(e.message, "Network not found: no network with matching name 'nope'");
    assert_eq!(c.connect_list_networks().unwrap().len(), 2);
    assert_eq!(c.connect_num_of_defined_networks().unwrap(), 0);
    let (_, rules) = ns(pid, &["nft", "list", "table", "ip", &nft_table(&routed.uuid)]);
    assert!(rules.contains("oifname \"rbr0\" ip daddr 10.10.0.0/24 accept") && !rules.contains("masquerade"), "{rules}");
    let open = c
        .network_create_xml_flags("<network><name>open</name><forward mode='open'/><bridge name='obr0'/><ip address='10.11.0.1' prefix='24'/></network>", 0)
        .unwrap();
    assert!(!ns(pid, &["nft", "list", "table", "ip", &nft_table(&open.uuid)]).0, "open networks get no rules");
    assert!(ns(pid, &["ip", "link", "show", "obr0"]).0);
    c.network_destroy(&open).unwrap();
    assert!(c.network_lookup_by_name("open").is_err(), "a transient network goes when stopped");
    c.network_destroy(&routed).unwrap();
    assert!(!ns(pid, &["ip", "link", "show", "rbr0"]).0);

    // Bridge mode onto an existing bridge; a missing one fails the start.
    let br = c.network_create_xml_flags("<network><name>host</name><forward mode='bridge'/><bridge name='hostbr'/></network>", 0).unwrap();
    assert_eq!(c.network_get_bridge_name(&br).unwrap(), "hostbr");
    c.network_destroy(&br).unwrap();
    assert!(ns(pid, &["ip", "link", "show", "hostbr"]).0, "bridge mode never deletes the host's bridge");
    let e = c.network_create_xml_flags("<network><name>taken</name><bridge name='hostbr'/></network>", 0).unwrap_err();
    assert_eq!(e.message, "error creating bridge interface hostbr: File exists");
    assert!(c.network_lookup_by_name("taken").is_err());
    let e = c.network_create_xml_flags("<network><name>host</name><forward mode='bridge'/><bridge name='nobr'/></network>", 0).unwrap_err();
    assert!(e.message.contains("nobr"), "{}", e.message);

    // Bad input: a range in use by a host interface, bad bridge names. Nothing left behind.
    let before = ns(pid, &["ip", "-o", "link"]).1;
    let e = c
        .network_create_xml_flags("<network><name>clash</name><bridge name='cbr0'/><ip address='10.77.5.1' prefix='24'><dhcp><range start='10.77.5.2' end='10.77.5.9'/></dhcp></ip></network>", 0)
        .unwrap_err();
    assert_eq!(e.message, "internal error: Network is already in use by interface dummy0");
    for (name, why) in [("a/b", "Invalid argument"), ("abcdefghijklmnopqrstu", "Numerical result out of range")] {
        let def = c.network_define_xml_flags(&format!("<network><name>bad</name><bridge name='{name}'/></network>"), 0).unwrap();
        let e = c.network_create(&def).unwrap_err();
        assert_eq!(e.message, format!("error creating bridge interface {name}: {why}"));
        c.network_undefine(&def).unwrap();
    }
    assert_eq!(ns(pid, &["ip", "-o", "link"]).1, before, "a failed start left an interface");
    let (_, tables) = ns(pid, &["nft", "list", "tables"]);
    assert_eq!(tables.matches("qemud_net_").count(), 1, "only iso's table: {tables}");

    c.network_destroy(&iso).unwrap();
    c.network_undefine(&iso).unwrap();
    assert!(!d.dir.path().join("libvirt/qemu/networks/iso.xml").exists());
    let (_, tables) = ns(pid, &["nft", "list", "tables"]);
    assert!(!tables.contains("qemud_net_"), "{tables}");
}

/// Debian's `virsh net-*` against our daemon, with `net-event` watching: the lifecycle
/// events in order.
#[test]
fn virsh_net_commands_and_events() {
    need_root_tools!();
    let Some(_) = virsh_path() else {
        eprintln!("SKIP: virsh is not installed");
        return;
    };
    let d = Daemon::spawn_in(TempDir::new("net-virsh"), "", &["--system"], &netns_wrapper());
    d.wait_ready();
    let _reaper = QemuReaper(state_dir(&d));
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let watcher = Command::new("virsh")
        .args(["-c", &uri, "net-event", "--event", "lifecycle", "--loop", "--timeout", "6"])
        .env("HOME", d.dir.path())
        .env_remove("LD_LIBRARY_PATH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let xml = d.dir.path().join("n1.xml");
    std::fs::write(&xml, "<network><name>n1</name><ip address='10.20.0.1' prefix='24'><dhcp><range start='10.20.0.5' end='10.20.0.9'/></dhcp></ip></network>").unwrap();
    let out = virsh(
        d.dir.path(),
        &uri,
        &[],
        &format!("net-define {}; net-autostart n1; net-start n1; net-list --all; net-info n1; net-destroy n1; net-undefine n1", xml.display()),
    );
    let o = text(&out.stdout);
    assert!(out.status.success(), "{o}{}\n{}", text(&out.stderr), d.log_text());
    assert!(o.contains("Network n1 defined from"), "{o}");
    assert!(o.contains("Network n1 marked as autostarted"), "{o}");
    assert!(o.contains(" n1     active   yes         yes"), "{o}");
    assert!(o.contains("Bridge:         virbr0"), "{o}");
    let out = watcher.wait_with_output().unwrap();
    let ev = format!("{}{}", text(&out.stdout), text(&out.stderr));
    let seen: Vec<&str> = ev.lines().filter(|l| l.contains("for network n1")).collect();
    assert_eq!(
        seen,
        [
            "event 'lifecycle' for network n1: Defined",
            "event 'lifecycle' for network n1: Started",
            "event 'lifecycle' for network n1: Stopped",
            "event 'lifecycle' for network n1: Undefined",
        ],
        "{ev}"
    );
}

/// A guest's `<interface type='network'>` gets a tap on the network's bridge; an
/// inactive network fails the start with libvirt's error and leaves no tap.
#[test]
fn network_interface_gets_a_tap_on_the_networks_bridge() {
    need_root_tools!();
    if !Path::new("/usr/bin/qemu-system-x86_64").exists() {
        eprintln!("SKIP: qemu-system-x86_64 is not installed");
        return;
    }
    let d = Daemon::spawn_in(TempDir::new("net-tap"), "", &["--system"], &netns_wrapper());
    d.wait_ready();
    let _reaper = QemuReaper(state_dir(&d));
    let _qemu = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let c = open_system(&d);
    let pid = d.pid();
    let net = c.network_define_xml_flags("<network><name>lan</name><bridge name='lanbr'/><ip address='10.30.0.1' prefix='24'/></network>", 0).unwrap();
    let dom_xml = "<domain type='qemu'><name>tiny</name><memory unit='MiB'>64</memory>\
                   <os><type arch='x86_64' machine='pc'>hvm</type></os><devices><interface type='network'>\
                   <mac address='52:54:00:12:34:56'/><source network='lan'/><model type='virtio'/></interface></devices></domain>";
    let dom = c.domain_define_xml_flags(dom_xml, 0).unwrap();
    let e = c.domain_create_with_flags(&dom, 0).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: network 'lan' is not active");
    assert!(!ns(pid, &["ip", "link", "show", "vnet0"]).0);
    c.network_create(&net).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let (ok, tap) = ns(pid, &["ip", "-o", "link", "show", "vnet0"]);
    assert!(ok && tap.contains("master lanbr"), "{tap}");
    let live = c.domain_get_xml_desc(&virt::driver::DomainId { id, ..dom.clone() }, 0).unwrap();
    assert!(live.contains("<source network='lan'/>\n      <target dev='vnet0'/>"), "{live}");
    c.domain_destroy_flags(&virt::driver::DomainId { id, ..dom.clone() }, 0).unwrap();
    assert!(!ns(pid, &["ip", "link", "show", "vnet0"]).0);
    c.domain_undefine_flags(&dom, 0).unwrap();
    c.network_destroy(&net).unwrap();
}

/// A session daemon has no networks of its own (as libvirt's session daemon).
#[test]
fn a_session_has_no_networks() {
    let d = Daemon::start_session("net-session");
    let uri = d.qemu_session_uri();
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
    assert!(c.connect_list_all_networks(0).unwrap().is_empty());
    assert_eq!(c.connect_num_of_networks().unwrap(), 0);
    let e = c.connect_list_all_networks(1 << 10).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x400) in function networkConnectListAllNetworks");
}
