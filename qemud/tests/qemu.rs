//! The QEMU driver with real QEMU: a session qemud in a temp dir, driven through the
//! library's remote driver (and Debian's virsh), running a tiny TCG guest with no disk.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainId, OpenFlags};
use virt::uri::Uri;

const TINY: &str = "<domain type='qemu'><name>tiny</name><memory unit='MiB'>64</memory>\
                    <os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";

// virDomainState
const RUNNING: i32 = 1;
const PAUSED: i32 = 3;
const SHUTOFF: i32 = 5;

macro_rules! need_qemu {
    () => {
        if !Path::new("/usr/bin/qemu-system-x86_64").exists() {
            eprintln!("SKIP: qemu-system-x86_64 is not installed");
            return;
        }
    };
}

fn open(d: &Daemon) -> Box<dyn Driver> {
    driver::open(&Uri::parse(&d.qemu_session_uri()).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()))
}

/// A connection to a `--system` daemon's QEMU driver, and its URI.
fn open_system(d: &Daemon) -> (Box<dyn Driver>, String) {
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()));
    (c, uri)
}

/// A live process (not a zombie) with this pid.
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit(')').next().map(|r| !r.trim_start().starts_with('Z')))
        .unwrap_or(false)
}

fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    f()
}

#[test]
fn session_driver_basics() {
    let d = Daemon::start_session("qemu-basics");
    let c = open(&d);
    assert_eq!(c.connect_get_type().unwrap(), "QEMU");
    if Path::new("/usr/bin/qemu-system-x86_64").exists() {
        assert!(c.connect_get_version().unwrap() >= 2_000_000);
    }
    let node = c.node_get_info().unwrap();
    assert!(node.cpus >= 1 && node.memory_kib > 0, "{node:?}");
    assert!(c.node_get_free_memory().unwrap() > 0);
    assert!(!c.connect_get_hostname().unwrap().is_empty());
    if Path::new("/usr/bin/qemu-system-x86_64").exists() {
        let caps = c.connect_get_capabilities().unwrap();
        assert!(caps.contains("<arch name='x86_64'>"), "{caps}");
        assert!(caps.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>"), "{caps}");
        assert!(caps.contains(">pc</machine>") && caps.contains("<domain type='qemu'"), "{caps}");
        // Asked once: the second answer comes from the cache, and is the same.
        let t = Instant::now();
        assert_eq!(c.connect_get_capabilities().unwrap(), caps);
        assert!(t.elapsed() < Duration::from_millis(500));
    }

    let kq = c.domain_define_xml_flags(&TINY.replace("'qemu'", "'kqemu'"), 0).err().unwrap();
    assert!(kq.message.contains("domaintype=kqemu"), "{}", kq.message);

    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    let file = d.dir.path().join("libvirt/qemu/tiny.xml");
    assert!(file.exists());
    // Same name, other UUID: refused.
    let dup = TINY.replace("<name>tiny</name>", "<name>tiny</name><uuid>11111111-2222-3333-4444-555555555555</uuid>");
    assert!(c.domain_define_xml_flags(&dup, 0).is_err());
    assert_eq!(c.connect_list_defined_domains().unwrap(), vec!["tiny".to_string()]);
    assert_eq!(c.domain_lookup_by_uuid(&dom.uuid).unwrap().name, "tiny");
    assert!(c.domain_is_persistent(&dom).unwrap());
    assert!(!c.domain_is_active(&dom).unwrap());
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, SHUTOFF);
    let missing = c.domain_lookup_by_name("nope").err().unwrap();
    assert!(missing.message.contains("no domain with matching name 'nope'"), "{}", missing.message);

    // Definitions survive a daemon restart (same directories).
    drop(c);
    c_undefine_after_restart(d, &dom);
}

fn c_undefine_after_restart(d: Daemon, dom: &DomainId) {
    let dir = d.dir.path().to_path_buf();
    let d2 = restart_session_in(kill_keeping_dir(d));
    let c = open(&d2);
    assert_eq!(c.domain_lookup_by_name("tiny").unwrap().uuid, dom.uuid);
    c.domain_undefine_flags(dom, 0).unwrap();
    assert!(!dir.join("libvirt/qemu/tiny.xml").exists());
    assert_eq!(c.connect_num_of_defined_domains().unwrap(), 0);
}

/// A session daemon over an existing directory (as `Daemon::spawn` lays it out).
fn restart_session_in(dir: TempDir) -> Daemon {
    use std::os::unix::process::CommandExt;
    let conf = dir.path().join("qemud.conf");
    let log = dir.path().join("qemud2.log");
    let child = std::process::Command::new(QEMUD)
        .arg("--config")
        .arg(&conf)
        .arg("--pid-file")
        .arg(dir.path().join("qemud.pid"))
        .args(["--timeout", "300", "--session"])
        .env_remove("LIBVIRT_DEBUG")
        .env_remove("LIBVIRT_LOG_OUTPUTS")
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .process_group(0)
        .spawn()
        .expect("start qemud");
    let d = Daemon { dir, child: Some(child), log };
    d.wait_ready();
    d
}

#[test]
fn real_guest_lifecycle() {
    need_qemu!();
    let d = Daemon::start_session("qemu-life");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    assert!(d.dir.path().join("libvirt/qemu/tiny.xml").exists());

    let t = Instant::now();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let started = t.elapsed();
    assert!(id >= 1);
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, 1));
    assert_eq!(c.connect_list_domains().unwrap(), vec![id]);
    assert_eq!(c.domain_lookup_by_id(id).unwrap().name, "tiny");
    let pids = reaper.pids();
    assert_eq!(pids.len(), 1, "one QEMU pid file");
    let pid = pids[0];
    assert!(alive(pid));
    assert!(d.dir.path().join("libvirt/qemu/log/tiny.log").exists());
    let xml = c.domain_get_xml_desc(&dom, 0).unwrap();
    assert!(xml.contains(&format!("id='{id}'")), "{xml}");
    assert!(
        xml.contains("<emulator>/usr/bin/qemu-system-x86_64</emulator>"),
        "the default emulator is filled in: {xml}"
    );
    assert!(xml.contains("<memballoon model='virtio'"), "the default balloon: {xml}");
    let live = DomainId { id, ..dom.clone() };
    assert!(wait_until(Duration::from_secs(10), || c.domain_get_info(&live).unwrap().cpu_time_ns > 0));
    let info = c.domain_get_info(&live).unwrap();
    assert_eq!((info.state, info.max_mem_kib), (RUNNING, 65536));
    // vCPU counts (virsh vcpucount): live and config, current and maximum; the config
    // count changes, the live one would need hotplug.
    assert_eq!(c.domain_get_vcpus_flags(&live, 1).unwrap(), 1);
    assert_eq!(c.domain_get_vcpus_flags(&live, 2 | 4).unwrap(), 1);
    let e = c.domain_set_vcpus_flags(&live, 1, 1).unwrap_err();
    assert!(e.message.contains("vCPU hotplug"), "{}", e.message);
    c.domain_set_vcpus_flags(&live, 2, 2 | 4).unwrap();
    c.domain_set_vcpus_flags(&live, 2, 2).unwrap();
    assert_eq!((c.domain_get_vcpus_flags(&live, 2).unwrap(), c.domain_get_vcpus_flags(&live, 1).unwrap()), (2, 1));
    let e = c.domain_set_vcpus_flags(&live, 3, 2).unwrap_err();
    assert!(e.message.contains("greater than max allowable vcpus"), "{}", e.message);
    c.domain_set_vcpus_flags(&live, 1, 2 | 4).unwrap();
    assert_eq!(c.domain_get_vcpus_flags(&live, 2).unwrap(), 1, "lowering the maximum lowers the count");
    // One vCPU thread: its time and host CPU from /proc, its affinity (one map byte).
    assert!(wait_until(Duration::from_secs(10), || c.domain_get_vcpus(&live, 4, 1).unwrap().0[0].cpu_time_ns > 0));
    let (vcpus, maps) = c.domain_get_vcpus(&live, 4, 1).unwrap();
    assert_eq!(vcpus.len(), 1);
    assert_eq!((vcpus[0].number, vcpus[0].state), (0, 1));
    assert!(vcpus[0].cpu >= 0 && vcpus[0].cpu_time_ns > 0, "{vcpus:?}");
    assert_eq!(maps.len(), 4, "the caller's whole map array, as libvirtd sends it");
    assert_eq!(&maps[1..], &[0, 0, 0]);
    assert!(maps[0] & (1 << vcpus[0].cpu) != 0, "it ran on a CPU outside its affinity: {maps:?}");

    // The balloon (a default device) takes the live size; the config keeps its own.
    c.domain_set_memory_flags(&live, 32768, 0).unwrap();
    assert_eq!(c.domain_get_info(&live).unwrap().memory_kib, 32768);
    assert!(c.domain_set_memory_flags(&live, 1 << 30, 0).is_err(), "above the maximum");
    assert!(c.domain_set_max_memory(&live, 131072).is_err(), "maximum of a running domain");
    c.domain_set_memory_flags(&live, 49152, 2).unwrap(); // AFFECT_CONFIG
    assert!(std::fs::read_to_string(d.dir.path().join("libvirt/qemu/tiny.xml")).unwrap().contains("49152"));

    let t = Instant::now();
    c.domain_suspend(&live).unwrap();
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (PAUSED, 1));
    c.domain_resume(&live).unwrap();
    let suspend_resume = t.elapsed();
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (RUNNING, 5));

    // Reboot is an ACPI powerdown (a guest without an OS ignores it); reset is immediate.
    c.domain_reboot(&live, 0).unwrap();
    c.domain_reset(&live, 0).unwrap();
    assert_eq!(c.domain_get_state(&live, 0).unwrap().0, RUNNING);
    // No guest agent is ever configured; initctl and signal are not QEMU methods.
    let e = c.domain_shutdown_flags(&live, 2).unwrap_err();
    assert_eq!(e.message, "argument unsupported: QEMU guest agent is not configured");
    assert!(c.domain_reboot(&live, 2).unwrap_err().message.contains("QEMU guest agent is not configured"));
    c.domain_shutdown_flags(&live, 1 | 2).unwrap(); // the agent or ACPI: ACPI
    let e = c.domain_shutdown_flags(&live, 4).unwrap_err();
    assert!(e.message.contains("unsupported flags (0x4) in function qemuDomainShutdownFlags"), "{}", e.message);

    // Starting it again is refused; so is undefining a name twice later.
    assert!(c.domain_create_with_flags(&dom, 0).is_err());

    let t = Instant::now();
    c.domain_destroy_flags(&live, 0).unwrap();
    let destroyed = t.elapsed();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, 2));
    assert!(wait_until(Duration::from_secs(1), || !alive(pid)), "QEMU {pid} still alive after destroy");
    assert!(c.connect_list_domains().unwrap().is_empty());
    eprintln!("start-to-running {started:?}, suspend+resume {suspend_resume:?}, destroy {destroyed:?}");

    // A second start gets a new id.
    let id2 = c.domain_create_with_flags(&dom, 0).unwrap().id;
    assert!(id2 > id);
    c.domain_destroy_flags(&DomainId { id: id2, ..dom.clone() }, 0).unwrap();

    c.domain_undefine_flags(&dom, 0).unwrap();
    assert!(!d.dir.path().join("libvirt/qemu/tiny.xml").exists());
    assert!(c.domain_lookup_by_name("tiny").is_err());
    drop(reaper);
}

/// Moves a daemon's directory out of it and kills the daemon (SIGKILL, its group only:
/// QEMU runs in a group of its own and survives).
fn kill_keeping_dir(mut d: Daemon) -> TempDir {
    let tmp = std::mem::replace(&mut d.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
    drop(d);
    tmp
}

#[test]
fn guests_survive_a_daemon_killed_with_sigkill() {
    need_qemu!();
    let d = Daemon::start_session("qemu-restart");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let a = c.domain_define_xml_flags(TINY, 0).unwrap();
    let a_id = c.domain_create_with_flags(&a, 0).unwrap().id;
    let b_xml = TINY.replace("<name>tiny</name>", "<name>tiny2</name>");
    let b = c.domain_create_xml(&b_xml, 0).unwrap();
    let b_live = b.clone();
    let c_xml = TINY.replace("<name>tiny</name>", "<name>tiny3</name>");
    let gone = c.domain_create_xml(&c_xml, 0).unwrap();
    c.domain_suspend(&b_live).unwrap();
    let pids = reaper.pids();
    assert_eq!(pids.len(), 3);
    let gone_pid: i32 =
        std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/tiny3.pid")).unwrap().trim().parse().unwrap();
    drop(c);

    let dir = kill_keeping_dir(d);
    // SAFETY: killing a QEMU this test's daemon started, while no daemon watches it.
    unsafe { libc::kill(gone_pid, libc::SIGKILL) };
    assert!(wait_until(Duration::from_secs(2), || !alive(gone_pid)));
    let d = restart_session_in(dir);
    let reaper = QemuReaper(reaper.0.clone());
    let c = open(&d);
    let mut running = c.connect_list_domains().unwrap();
    running.sort();
    assert_eq!(running, vec![a_id, b.id], "log:\n{}", d.log_text());
    assert_eq!(c.domain_get_state(&a, 0).unwrap(), (RUNNING, 1));
    assert_eq!(c.domain_get_state(&b_live, 0).unwrap(), (PAUSED, 1));
    assert!(c.domain_is_persistent(&a).unwrap());
    assert!(!c.domain_is_persistent(&b_live).unwrap());
    assert!(c.domain_lookup_by_uuid(&gone.uuid).is_err(), "the transient guest that died is gone");
    // Still controllable, and new ids do not reuse old ones.
    c.domain_resume(&b_live).unwrap();
    assert_eq!(c.domain_get_state(&b_live, 0).unwrap().0, RUNNING);
    let a_live = DomainId { id: a_id, ..a.clone() };
    c.domain_destroy_flags(&a_live, 0).unwrap();
    assert_eq!(c.domain_get_state(&a, 0).unwrap(), (SHUTOFF, 2));
    let again = c.domain_create_with_flags(&a, 0).unwrap().id;
    assert!(again > gone.id, "{again} reuses an id");
    c.domain_destroy_flags(&DomainId { id: again, ..a.clone() }, 0).unwrap();
    c.domain_destroy_flags(&b_live, 0).unwrap();
    assert!(c.connect_list_domains().unwrap().is_empty());
    drop(reaper);
}

#[test]
fn autostart_domains_start_with_the_daemon() {
    need_qemu!();
    let d = Daemon::start_session("qemu-autostart");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    assert!(!c.domain_get_autostart(&dom).unwrap());
    c.domain_set_autostart(&dom, true).unwrap();
    assert!(c.domain_get_autostart(&dom).unwrap());
    let link = d.dir.path().join("libvirt/qemu/autostart/tiny.xml");
    assert!(link.symlink_metadata().is_ok());
    drop(c);

    let d = restart_session_in(kill_keeping_dir(d));
    let reaper = QemuReaper(reaper.0.clone());
    let c = open(&d);
    assert!(
        wait_until(Duration::from_secs(10), || c.domain_is_active(&dom).unwrap()),
        "not autostarted; log:\n{}",
        d.log_text()
    );
    assert!(c.domain_get_autostart(&dom).unwrap());
    let id = c.domain_lookup_by_name("tiny").unwrap().id;
    c.domain_destroy_flags(&DomainId { id, ..dom.clone() }, 0).unwrap();
    c.domain_set_autostart(&dom, false).unwrap();
    assert!(link.symlink_metadata().is_err());
    c.domain_set_autostart(&dom, true).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
    assert!(link.symlink_metadata().is_err(), "undefine removes the autostart link");
    drop(reaper);
}

#[test]
fn system_mode_with_directories_from_the_config_file() {
    let d = Daemon::start("qemu-system", "", &["--system"]);
    let (c, _) = open_system(&d);
    assert_eq!(c.connect_get_type().unwrap(), "QEMU");
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    assert!(d.dir.path().join("libvirt/qemu/tiny.xml").exists(), "qemu_config_dir is honoured");
    c.domain_undefine_flags(&dom, 0).unwrap();
}

#[test]
fn save_and_restore_a_running_guest() {
    need_qemu!();
    let d = Daemon::start_session("qemu-save");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    let live = DomainId { id, ..dom.clone() };
    let image = d.dir.path().join("tiny.save");
    let image = image.to_str().unwrap();
    let t = Instant::now();
    c.domain_save_flags(&live, image, None, 0).unwrap_or_else(|e| panic!("save: {}\n{}", e.message, d.log_text()));
    let saved = t.elapsed();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, 5)); // saved
    assert!(reaper.pids().is_empty(), "QEMU ended after the save");
    // Zero pages compress to almost nothing, but the firmware and devices are there.
    let size = std::fs::metadata(image).unwrap().len();
    assert!(size > 64 * 1024, "the image holds the guest's state ({size} bytes)");

    let t = Instant::now();
    c.domain_restore_flags(image, None, 0).unwrap_or_else(|e| panic!("restore: {}\n{}", e.message, d.log_text()));
    let restored = t.elapsed();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, 3)); // restored
    assert!(c.domain_is_persistent(&dom).unwrap());
    let id2 = c.domain_lookup_by_name("tiny").unwrap().id;
    assert!(id2 > id);
    eprintln!("save {saved:?}, restore {restored:?}");
    c.domain_destroy_flags(&DomainId { id: id2, ..dom.clone() }, 0).unwrap();

    std::fs::write(
        d.dir.path().join("junk"),
        b"not an image at all, not at all, not at all, not at all, not at all, not at all, not at all.",
    )
    .unwrap();
    let e = c.domain_restore_flags(d.dir.path().join("junk").to_str().unwrap(), None, 0).unwrap_err();
    assert!(e.message.contains("image magic is incorrect"), "{}", e.message);
    drop(reaper);
}

#[test]
fn vnc_autoport_gives_each_guest_its_own_port() {
    need_qemu!();
    let d = Daemon::start_session("qemu-vnc");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let with_vnc = |name: &str| {
        TINY.replace("<name>tiny</name>", &format!("<name>{name}</name>"))
            .replace("</os>", "</os><devices><graphics type='vnc' autoport='yes'/></devices>")
    };
    let a = c.domain_define_xml_flags(&with_vnc("vnc-a"), 0).unwrap();
    let a_id = c.domain_create_with_flags(&a, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let b = c.domain_create_xml(&with_vnc("vnc-b"), 0).unwrap();
    let port_of = |dom: &DomainId| -> u16 {
        let xml = c.domain_get_xml_desc(dom, 0).unwrap();
        let at = xml.find("<graphics type='vnc' port='").unwrap_or_else(|| panic!("no port in {xml}")) + 27;
        xml[at..].split('\'').next().unwrap().parse().unwrap()
    };
    let a_live = DomainId { id: a_id, ..a.clone() };
    let (pa, pb) = (port_of(&a_live), port_of(&b));
    assert!(pa >= 5900 && pb >= 5900 && pa != pb, "{pa} {pb}");
    // QEMU listens there (on 127.0.0.1 by default).
    assert!(std::net::TcpStream::connect(("127.0.0.1", pa)).is_ok());
    // The persistent definition does not keep the allocated port.
    let inactive = c.domain_get_xml_desc(&a_live, 2).unwrap();
    assert!(!inactive.contains(&format!("port='{pa}'")), "{inactive}");
    assert!(!c.domain_is_updated(&a_live).unwrap());
    c.domain_destroy_flags(&a_live, 0).unwrap();
    c.domain_destroy_flags(&b, 0).unwrap();
    c.domain_undefine_flags(&a, 0).unwrap();
    drop(reaper);
}

#[test]
fn kvm_guest_when_dev_kvm_is_usable() {
    need_qemu!();
    if std::fs::OpenOptions::new().read(true).write(true).open("/dev/kvm").is_err() {
        eprintln!("SKIP: /dev/kvm is not usable");
        return;
    }
    let d = Daemon::start_session("qemu-kvm");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c
        .domain_create_xml(&TINY.replace("type='qemu'", "type='kvm'"), 0)
        .unwrap_or_else(|e| panic!("create: {}\n{}", e.message, d.log_text()));
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, RUNNING);
    let log = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/log/tiny.log")).unwrap();
    assert!(log.contains("-accel kvm"), "{log}");
    c.domain_destroy_flags(&dom, 0).unwrap();
    drop(reaper);
}

#[test]
fn transient_guest_goes_away_when_qemu_exits() {
    need_qemu!();
    let d = Daemon::start_session("qemu-transient");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_create_xml(TINY, 0).unwrap_or_else(|e| panic!("create: {}\n{}", e.message, d.log_text()));
    assert!(dom.id >= 1);
    assert!(!c.domain_is_persistent(&dom).unwrap());
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, RUNNING);
    assert!(!d.dir.path().join("libvirt/qemu/tiny.xml").exists());
    let pids = reaper.pids();
    assert_eq!(pids.len(), 1);
    // QEMU dies behind the daemon's back: the monitor's EOF ends the domain.
    // SAFETY: killing the QEMU this test's daemon started.
    unsafe { libc::kill(pids[0], libc::SIGKILL) };
    assert!(
        wait_until(Duration::from_secs(5), || c.domain_lookup_by_name("tiny").is_err()),
        "transient domain still listed after its QEMU died"
    );
    assert_eq!(c.connect_num_of_domains().unwrap(), 0);
}

#[test]
fn a_qemu_that_fails_to_start_quotes_its_log() {
    need_qemu!();
    let d = Daemon::start_session("qemu-fail");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let bad = TINY.replace("machine='pc'", "machine='no-such-machine'");
    let e = c.domain_create_xml(&bad, 0).expect_err("a bad machine type must fail");
    assert!(e.message.contains("unsupported machine type"), "{}", e.message);
    assert!(c.domain_lookup_by_name("tiny").is_err(), "a failed transient start leaves nothing behind");
}

#[test]
fn virsh_runs_a_real_guest() {
    need_qemu!();
    if virsh_path().is_none() {
        eprintln!("SKIP: virsh is not installed");
        return;
    }
    let d = Daemon::start_session("qemu-virsh");
    let _reaper = QemuReaper::for_session(&d);
    let xml = d.dir.path().join("tiny.xml");
    std::fs::write(&xml, TINY).unwrap();
    let cmds = format!(
        "define {}; start tiny; list --all; dominfo tiny; vcpuinfo tiny; vcpucount tiny; dommemstat tiny; \
         domjobinfo tiny; nodecpustats; nodememstats; domstats tiny; domstats --list-inactive; suspend tiny; domstate tiny; resume tiny; \
         domstate tiny; destroy tiny; domstate tiny; undefine tiny; list --all --name",
        xml.display()
    );
    let out = virsh(d.dir.path(), &d.qemu_session_uri(), &[], &cmds);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "virsh failed\nstdout:\n{stdout}\nstderr:\n{stderr}\nlog:\n{}", d.log_text());
    for want in [
        "Domain 'tiny' defined",
        "Domain 'tiny' started",
        "tiny   running",
        "OS Type:        hvm",
        "Max memory:     65536 KiB",
        "Managed save:   no",
        "Security model: none",
        "Security DOI:   0",
        "VCPU:           0",
        "current      live           1",
        "actual 65536",
        "rss ",
        "Job type:         None",
        "system:",
        "iowait:",
        "total  :",
        "cached :",
        "state.state=1",
        "cpu.time=",
        "balloon.maximum=65536",
        "vcpu.current=1",
        "State:          running",
        "Domain 'tiny' suspended",
        "paused",
        "Domain 'tiny' resumed",
        "Domain 'tiny' destroyed",
        "shut off",
        "Domain 'tiny' has been undefined",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}\nstderr:\n{stderr}");
    }
}

/// Kills (SIGKILL) a process on drop: a QEMU the test must not leave behind.
struct KillOnDrop(i32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        // SAFETY: kill(2) on a QEMU this test's daemon started.
        unsafe { libc::kill(self.0, libc::SIGKILL) };
    }
}

/// Whether a live QEMU runs guest `name` (its `-name guest=NAME,...`).
fn qemu_runs(name: &str) -> bool {
    let needle = format!("guest={name},");
    std::fs::read_dir("/proc").unwrap().filter_map(|e| e.ok()).any(|e| {
        let pid: i32 = match e.file_name().to_str().and_then(|n| n.parse().ok()) {
            Some(p) => p,
            None => return false,
        };
        let cmdline = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
        String::from_utf8_lossy(&cmdline).contains(&needle) && alive(pid)
    })
}

/// Writes zeros to `path` until the filesystem is full.
fn fill(path: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(path).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.raw_os_error(), Some(libc::ENOSPC), "{e}");
                break;
            }
        }
    }
}

fn run_ok(program: &str, args: &[&str]) {
    let out = run_with_timeout(std::process::Command::new(program).args(args), Duration::from_secs(10));
    assert!(out.status.success(), "{program} {args:?}: {}", text(&out.stderr));
}

/// A status file that cannot be written (disk full, then read-only) fails the one call
/// that needs it and nothing else: the guest keeps running, a start that cannot be
/// recorded does not happen, a definition that cannot be saved stays as it was, and a
/// daemon killed and restarted on the read-only disk still finds and controls the guest
/// (libvirt kills guests whose status it cannot write). The daemon's QEMU directories
/// are small tmpfs mounts (one for the configs and logs, one for the status files, which
/// can be made read-only while QEMU writes its log) in a mount namespace of its own,
/// so this needs root.
#[test]
fn a_full_or_read_only_disk_fails_only_the_call_that_writes() {
    need_qemu!();
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("SKIP: mounting a tmpfs in a private mount namespace needs root");
        return;
    }
    let dir = TempDir::new("qemu-full");
    let host_q = dir.path().join("libvirt/qemu");
    std::fs::create_dir_all(&host_q).unwrap();
    let q_arg = host_q.display().to_string();
    let unshare: Vec<String> = ["unshare", "-m", "--propagation", "private", "sh", "-c"]
        .iter()
        .map(|s| s.to_string())
        .chain([r#"mount -t tmpfs -o size=1m,mode=0700 tmpfs "$0" && mkdir -m 0700 "$0/run" &&
              mount -t tmpfs -o size=1m,mode=0700 tmpfs "$0/run" && exec "$@""#.to_string(), q_arg.clone()])
        .collect();
    let d = Daemon::spawn_in(dir, "", &["--system"], &unshare);
    d.wait_ready();
    // The daemon's view of its QEMU directories, seen from outside its namespace.
    let q = PathBuf::from(format!("/proc/{}/root{q_arg}", d.pid()));
    let (c, uri) = open_system(&d);
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    assert!(q.join("tiny.xml").exists() && !host_q.join("tiny.xml").exists(), "the config is on the private tmpfs");
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let live = DomainId { id, ..dom.clone() };
    let pid: i32 = std::fs::read_to_string(q.join("run/tiny.pid")).unwrap().trim().parse().unwrap();
    let _qemu = KillOnDrop(pid);

    // Disk full.
    fill(&q.join("fill"));
    fill(&q.join("run/fill"));
    let e = c.domain_suspend(&live).unwrap_err();
    assert!(e.message.contains("cannot save the status of domain 'tiny'"), "{}", e.message);
    assert!(e.message.contains("No space left on device"), "{}", e.message);
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (RUNNING, 1), "the failed suspend changed nothing");
    assert!(alive(pid));
    let e = c.domain_create_xml(&TINY.replace("<name>tiny</name>", "<name>tiny2</name>"), 0).unwrap_err();
    assert!(e.message.contains("No space left on device"), "{}", e.message);
    assert!(c.domain_lookup_by_name("tiny2").is_err(), "the transient guest that did not start is gone");
    assert!(wait_until(Duration::from_secs(5), || !qemu_runs("tiny2")), "a start that was not recorded left QEMU running");
    let config = std::fs::read_to_string(q.join("tiny.xml")).unwrap();
    let smaller = TINY.replace("<memory unit='MiB'>64</memory>", "<memory unit='MiB'>32</memory>");
    assert!(c.domain_define_xml_flags(&smaller, 0).is_err(), "a redefinition that cannot be saved");
    assert_eq!(std::fs::read_to_string(q.join("tiny.xml")).unwrap(), config, "the saved definition is intact");
    assert!(c.domain_get_xml_desc(&dom, 2).unwrap().contains("65536"), "the inactive definition is unchanged");
    std::fs::remove_file(q.join("fill")).unwrap();
    std::fs::remove_file(q.join("run/fill")).unwrap();
    c.domain_suspend(&live).unwrap();
    assert!(std::fs::read_to_string(q.join("run/tiny.xml")).unwrap().starts_with("<domstatus state='3'"));

    // Read-only.
    let pid_arg = pid.to_string();
    let nsenter = ["nsenter", "-t", pid_arg.as_str(), "-m", "--"];
    let run_dir = format!("{q_arg}/run");
    let remount = |how: &str| run_ok("nsenter", &[&nsenter[1..], &["mount", "-o", how, run_dir.as_str()]].concat());
    remount("remount,ro");
    let e = c.domain_resume(&live).unwrap_err();
    assert!(e.message.contains("Read-only file system"), "{}", e.message);
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (PAUSED, 1));
    remount("remount,rw");
    c.domain_resume(&live).unwrap();
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (RUNNING, 5));

    // SIGKILL the daemon, then start it again on the read-only disk, in the namespace
    // QEMU keeps alive: the guest is listed, running and controllable.
    remount("remount,ro");
    drop(c);
    let dir = kill_keeping_dir(d);
    let wrapper: Vec<String> = nsenter.iter().map(|s| s.to_string()).collect();
    let d = Daemon::spawn_in(dir, "", &["--system"], &wrapper);
    d.wait_ready();
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()));
    assert_eq!(c.connect_list_domains().unwrap(), vec![id], "log:\n{}", d.log_text());
    assert_eq!(c.domain_get_state(&live, 0).unwrap(), (RUNNING, 5));
    assert!(alive(pid));
    assert!(c.domain_suspend(&live).is_err(), "still read-only");
    remount("remount,rw");
    c.domain_suspend(&live).unwrap();
    c.domain_destroy_flags(&live, 0).unwrap();
    assert!(wait_until(Duration::from_secs(2), || !alive(pid)));
}

/// Lines a child writes to stdout, collected by a thread as they come.
struct Lines(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl Lines {
    fn follow(out: impl std::io::Read + Send + 'static) -> Lines {
        use std::io::BufRead;
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(|l| l.ok()) {
                sink.lock().unwrap().push(line);
            }
        });
        Lines(lines)
    }

    fn has(&self, needle: &str) -> bool {
        self.0.lock().unwrap().iter().any(|l| l.contains(needle))
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }
}

/// Lifecycle and reboot events of a real guest reach the daemon's clients: our library
/// (the remote driver's sink) and Debian's `virsh event --loop`, which speaks libvirt's
/// own event protocol to us.
#[test]
fn lifecycle_events_reach_clients() {
    use std::sync::mpsc;
    need_qemu!();
    let d = Daemon::start_session("qemu-events");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);

    // virsh first: it is listening once an event caused after its start reaches it.
    let mut virsh_child = virsh_path().map(|v| {
        std::process::Command::new(v)
            .args(["-c", &d.qemu_session_uri(), "event", "--all", "--loop", "--timeout", "60"])
            .env("HOME", d.dir.path())
            .env_remove("LD_LIBRARY_PATH")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("virsh")
    });
    let virsh_lines = virsh_child.as_mut().map(|ch| Lines::follow(ch.stdout.take().unwrap()));
    if let Some(lines) = &virsh_lines {
        let probe = TINY.replace("<name>tiny</name>", "<name>probe</name>");
        let listening = wait_until(Duration::from_secs(20), || {
            let p = c.domain_define_xml_flags(&probe, 0).unwrap();
            c.domain_undefine_flags(&p, 0).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            lines.has("for domain 'probe'")
        });
        assert!(listening, "virsh saw no event:\n{}", lines.text());
    }

    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let sink: virt::driver::DomainEventSink = std::sync::Arc::new(move |e| {
        let _ = tx.lock().unwrap().send(e);
    });
    c.connect_domain_event_start(0, sink.clone()).unwrap();
    c.connect_domain_event_start(1, sink).unwrap();

    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    let live = DomainId { id, ..dom.clone() };
    c.domain_suspend(&live).unwrap();
    c.domain_resume(&live).unwrap();
    c.domain_reset(&live, 0).unwrap();
    c.domain_destroy_flags(&live, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
    // A guest whose QEMU dies under it.
    let doomed = c.domain_create_xml(&TINY.replace("<name>tiny</name>", "<name>doomed</name>"), 0).unwrap();
    let pid: i32 = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/doomed.pid")).unwrap().trim().parse().unwrap();
    // SAFETY: killing the QEMU this test's daemon started.
    unsafe { libc::kill(pid, libc::SIGKILL) };

    // Lifecycle events in libvirt 9.0's order (checked against libvirtd's QEMU driver);
    // REBOOT comes once per QEMU RESET, and SeaBIOS may add resets of its own.
    use virt::driver::DomainEventBody::{Lifecycle, Reboot};
    let mut life = Vec::new();
    let mut reboots_before_destroy = 0;
    while life.len() < 11 {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(e) => match e.body {
                Lifecycle { event, detail } => life.push((e.dom.name.clone(), event, detail, e.dom.id)),
                Reboot if life.len() <= 5 => reboots_before_destroy += 1,
                Reboot => {}
                other => panic!("only lifecycle and reboot events were asked for, got {other:?}"),
            },
            Err(_) => break,
        }
    }
    let t = |n: &str, event: i32, detail: i32, id: i32| (n.to_string(), event, detail, id);
    assert_eq!(
        life,
        vec![
            t("tiny", 0, 0, -1), // defined, added
            t("tiny", 4, 0, id), // resumed, unpaused (QEMU's cont)
            t("tiny", 2, 0, id), // started, booted
            t("tiny", 3, 0, id), // suspended, paused
            t("tiny", 4, 0, id), // resumed, unpaused
            t("tiny", 6, 2, id), // shutdown, by the host (destroy)
            t("tiny", 5, 1, -1), // stopped, destroyed
            t("tiny", 1, 0, -1), // undefined, removed
            t("doomed", 4, 0, doomed.id),
            t("doomed", 2, 0, doomed.id),
            t("doomed", 5, 5, doomed.id), // stopped, failed: the id it had
        ],
        "log:\n{}",
        d.log_text()
    );
    assert!(reboots_before_destroy >= 1, "no REBOOT event for the reset");

    // Stopped: no more events for this connection.
    c.connect_domain_event_stop(0).unwrap();
    c.connect_domain_event_stop(1).unwrap();
    let again = c.domain_define_xml_flags(TINY, 0).unwrap();
    c.domain_undefine_flags(&again, 0).unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "an event after the last callback went");

    if let (Some(mut child), Some(lines)) = (virsh_child.take(), virsh_lines) {
        let want = [
            "event 'lifecycle' for domain 'tiny': Defined Added",
            "event 'lifecycle' for domain 'tiny': Started Booted",
            "event 'lifecycle' for domain 'tiny': Suspended Paused",
            "event 'lifecycle' for domain 'tiny': Resumed Unpaused",
            "event 'reboot' for domain 'tiny'",
            "event 'lifecycle' for domain 'tiny': Stopped Destroyed",
            "event 'lifecycle' for domain 'tiny': Undefined Removed",
            "event 'lifecycle' for domain 'doomed': Stopped Failed",
        ];
        let all = wait_until(Duration::from_secs(10), || want.iter().all(|w| lines.has(w)));
        let _ = child.kill();
        let _ = child.wait();
        assert!(all, "virsh event output:\n{}", lines.text());
    }
}

/// Managed save: the guest's state goes to the save dir, the domain shows shut off
/// (saved) with an image, the next start restores it (and deletes the image), a forced
/// boot or a remove discards it, and undefine refuses to orphan it without the flag.
#[test]
fn managed_save_and_start_from_the_image() {
    need_qemu!();
    let d = Daemon::start("qemu-managedsave", "", &["--system"]);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let (c, uri) = open_system(&d);
    let image = d.dir.path().join("libvirt/qemu/save/tiny.save");
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    assert!(!c.domain_has_managed_save_image(&dom, 0).unwrap());
    let transient = c.domain_create_xml(&TINY.replace("<name>tiny</name>", "<name>tr</name>"), 0).unwrap();
    let e = c.domain_managed_save(&transient, 0).unwrap_err();
    assert!(e.message.contains("cannot do managed save for transient domain"), "{}", e.message);
    c.domain_destroy_flags(&transient, 0).unwrap();

    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    c.connect_domain_event_start(0, std::sync::Arc::new(move |e| {
        if let virt::driver::DomainEventBody::Lifecycle { event, detail } = e.body {
            let _ = tx.lock().unwrap().send((event, detail, e.dom.id));
        }
    }))
    .unwrap();
    c.domain_managed_save(&DomainId { id, ..dom.clone() }, 0).unwrap_or_else(|e| panic!("{}\n{}", e.message, d.log_text()));
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, 5), "shut off, saved");
    assert!(c.domain_has_managed_save_image(&dom, 0).unwrap() && image.exists());
    let with_image: Vec<String> = c.connect_list_all_domains(256).unwrap().into_iter().map(|d| d.name).collect();
    assert_eq!(with_image, vec!["tiny".to_string()], "VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE");
    assert!(c.connect_list_all_domains(512).unwrap().is_empty(), "VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE");
    let e = c.domain_undefine_flags(&dom, 0).unwrap_err();
    assert!(e.message.contains("Refusing to undefine while domain managed save image exists"), "{}", e.message);

    // Start restores the image, then deletes it.
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    let events: Vec<(i32, i32, i32)> = (0..4).filter_map(|_| rx.recv_timeout(Duration::from_secs(10)).ok()).collect();
    // libvirt 9.0's: suspended (paused), stopped (saved), started (restored), resumed (from snapshot).
    assert_eq!(events, vec![(3, 0, id - 1), (5, 4, -1), (2, 2, id), (4, 2, id)]);
    c.connect_domain_event_stop(0).unwrap();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, 3), "running, restored");
    assert!(!c.domain_has_managed_save_image(&dom, 0).unwrap() && !image.exists());
    let live = DomainId { id, ..dom.clone() };
    // Saved while paused: the restored guest is paused too.
    c.domain_suspend(&live).unwrap();
    c.domain_managed_save(&live, 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, PAUSED);
    let live = DomainId { id, ..dom.clone() };
    c.domain_resume(&live).unwrap();

    // A definition changed after the save does not break the restore: the guest comes
    // back as it was saved, the new definition waits for the next boot.
    c.domain_set_vcpus_flags(&live, 2, 2 | 4).unwrap();
    c.domain_set_vcpus_flags(&live, 2, 2).unwrap();
    c.domain_managed_save(&live, 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("{}\n{}", e.message, d.log_text())).id;
    let live = DomainId { id, ..dom.clone() };
    assert_eq!((c.domain_get_vcpus_flags(&live, 1).unwrap(), c.domain_get_vcpus_flags(&live, 2).unwrap()), (1, 2));
    c.domain_set_vcpus_flags(&live, 1, 2 | 4).unwrap();

    // FORCE_BOOT discards the image; so does ManagedSaveRemove.
    c.domain_managed_save(&live, 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 8).unwrap().id;
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, 1), "booted afresh");
    assert!(!image.exists());
    c.domain_managed_save(&DomainId { id, ..dom.clone() }, 0).unwrap();
    c.domain_managed_save_remove(&dom, 0).unwrap();
    assert!(!c.domain_has_managed_save_image(&dom, 0).unwrap() && !image.exists());
    c.domain_managed_save_remove(&dom, 0).unwrap();

    // Undefine with VIR_DOMAIN_UNDEFINE_MANAGED_SAVE takes the image along.
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    c.domain_managed_save(&DomainId { id, ..dom.clone() }, 0).unwrap();
    if virsh_path().is_some() {
        let out = virsh(d.dir.path(), &uri, &[], "dominfo tiny");
        assert!(text(&out.stdout).contains("Managed save:   yes"), "{}{}", text(&out.stdout), text(&out.stderr));
    }
    c.domain_undefine_flags(&dom, 1).unwrap();
    assert!(!image.exists());
    assert!(c.domain_lookup_by_name("tiny").is_err());
}

/// A bridged interface of a system daemon gets a tap device, as libvirt makes one: a
/// port of the bridge, up, with the guest's MAC under `fe:`, named in the live XML, and
/// deleted with the guest; a missing bridge fails the start and leaves no tap. The
/// daemon runs in a network namespace of its own with a bridge made for the test, so
/// the host's interfaces are never touched; that needs root.
#[test]
fn bridged_interface_gets_a_tap_on_the_bridge() {
    need_qemu!();
    // SAFETY: geteuid(2) has no preconditions.
    if unsafe { libc::geteuid() } != 0 || !Path::new("/usr/sbin/ip").exists() && !Path::new("/sbin/ip").exists() {
        eprintln!("SKIP: needs root and iproute2 for a private network namespace with a bridge");
        return;
    }
    let wrapper: Vec<String> = [
        "unshare",
        "-n",
        "sh",
        "-c",
        r#"ip link add tbr0 type bridge && ip link set tbr0 up && exec "$@""#,
        "sh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let d = Daemon::spawn_in(TempDir::new("qemu-bridge"), "", &["--system"], &wrapper);
    d.wait_ready();
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let (c, _) = open_system(&d);
    let pid = d.pid().to_string();
    let link = |dev: &str| {
        let out = run_with_timeout(
            std::process::Command::new("nsenter").args(["-t", &pid, "-n", "ip", "-o", "link", "show", dev]),
            Duration::from_secs(10),
        );
        out.status.success().then(|| text(&out.stdout))
    };
    let bridged = |bridge: &str| {
        TINY.replace(
            "</os>",
            &format!(
                "</os><devices><interface type='bridge'><mac address='52:54:00:12:34:56'/>\
                 <source bridge='{bridge}'/><model type='virtio'/></interface></devices>"
            ),
        )
    };
    let dom = c.domain_define_xml_flags(&bridged("tbr0"), 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let live = DomainId { id, ..dom.clone() };
    assert!(c.domain_get_xml_desc(&live, 0).unwrap().contains("<target dev='vnet0'/>"));
    let tap = link("vnet0").expect("a tap device vnet0 in the daemon's namespace");
    assert!(tap.contains("master tbr0"), "{tap}");
    assert!(tap.contains(",UP") || tap.contains("<UP"), "{tap}");
    assert!(tap.contains("link/ether fe:54:00:12:34:56"), "{tap}");
    // Its traffic as the guest sees it, by host device name or by the guest's MAC.
    let by_name = c.domain_interface_stats(&live, "vnet0").unwrap();
    assert!(by_name.iter().all(|&v| v >= 0), "{by_name:?}");
    let by_mac = c.domain_interface_stats(&live, "52:54:00:12:34:56").unwrap();
    assert!(by_mac[4] >= by_name[4], "counters only grow: {by_name:?} then {by_mac:?}");
    let e = c.domain_interface_stats(&live, "eth9").unwrap_err();
    assert!(e.message.contains("invalid path, 'eth9' is not a known interface"), "{}", e.message);
    c.domain_destroy_flags(&live, 0).unwrap();
    assert!(link("vnet0").is_none(), "the tap outlived its guest");
    assert!(!c.domain_get_xml_desc(&dom, 0).unwrap().contains("vnet0"), "the inactive XML keeps no generated name");

    let e = c.domain_create_xml(&bridged("nobr0").replace("<name>tiny</name>", "<name>tiny2</name>"), 0).unwrap_err();
    assert!(e.message.contains("Unable to add bridge nobr0 port vnet0"), "{}", e.message);
    assert!(link("vnet0").is_none(), "a failed start left its tap");
}

/// `VIR_DOMAIN_DESTROY_GRACEFUL` sends SIGTERM only: a QEMU that does not end (here it
/// is stopped with SIGSTOP) keeps running and the call fails after libvirt's 10 s; a
/// QEMU that heeds it is destroyed as usual.
#[test]
fn graceful_destroy_never_kills() {
    need_qemu!();
    let d = Daemon::start_session("qemu-graceful");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_create_xml(TINY, 0).unwrap();
    let pid = reaper.pids()[0];
    // SAFETY: stopping the QEMU this test's daemon started.
    unsafe { libc::kill(pid, libc::SIGSTOP) };
    let e = c.domain_destroy_flags(&dom, 1).unwrap_err();
    assert!(e.message.contains("with SIGTERM"), "{}", e.message);
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, RUNNING, "a graceful destroy that failed changed nothing");
    assert!(alive(pid));
    // SAFETY: as above; the pending SIGTERM then ends it, and the domain with it.
    unsafe { libc::kill(pid, libc::SIGCONT) };
    assert!(wait_until(Duration::from_secs(10), || c.domain_lookup_by_uuid(&dom.uuid).is_err()));

    let dom = c.domain_create_xml(TINY, 0).unwrap();
    c.domain_destroy_flags(&dom, 1).unwrap();
    assert!(c.domain_lookup_by_uuid(&dom.uuid).is_err(), "a transient guest goes with its QEMU");
    drop(reaper);
}

/// `virDomainSetMemoryStatsPeriod` (virt-manager's memory polling): live through QEMU's
/// balloon property (a wrong QOM path or property would fail the call), in the
/// persistent `<stats period>`, applied again by the next start; a guest without a
/// balloon is refused as libvirt refuses it.
#[test]
fn memory_stats_period_live_and_config() {
    need_qemu!();
    let d = Daemon::start_session("qemu-statsperiod");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let dom = c.domain_define_xml_flags(TINY, 0).unwrap();
    let e = c.domain_set_memory_stats_period(&dom, 5, 1).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: domain is not running");
    c.domain_set_memory_stats_period(&dom, 7, 2).unwrap();
    assert!(c.domain_get_xml_desc(&dom, 2).unwrap().contains("<stats period='7'/>"));
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let live = DomainId { id, ..dom.clone() };
    assert!(c.domain_get_xml_desc(&live, 0).unwrap().contains("<stats period='7'/>"), "the start applied it");
    c.domain_set_memory_stats_period(&live, 3, 1).unwrap();
    assert!(c.domain_get_xml_desc(&live, 0).unwrap().contains("<stats period='3'/>"));
    assert!(c.domain_get_xml_desc(&live, 2).unwrap().contains("<stats period='7'/>"), "config untouched");
    c.domain_set_memory_stats_period(&live, 0, 1 | 2).unwrap();
    assert!(!c.domain_get_xml_desc(&live, 0).unwrap().contains("<stats"));
    assert!(!c.domain_get_xml_desc(&live, 2).unwrap().contains("<stats"));
    let e = c.domain_set_memory_stats_period(&live, 1, 8).unwrap_err();
    assert_eq!(e.message, "unsupported flags (0x8) in function qemuDomainSetMemoryStatsPeriod");
    c.domain_destroy_flags(&live, 0).unwrap();

    let nob = c
        .domain_define_xml_flags(
            "<domain type='qemu'><name>nob</name><memory unit='MiB'>64</memory>\
             <os><type arch='x86_64' machine='pc'>hvm</type></os>\
             <devices><memballoon model='none'/></devices></domain>",
            0,
        )
        .unwrap();
    let e = c.domain_set_memory_stats_period(&nob, 5, 2).unwrap_err();
    assert_eq!(
        e.message,
        "Requested operation is not valid: No memory balloon device configured, can not set the collection period"
    );
}
