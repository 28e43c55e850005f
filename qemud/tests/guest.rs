//! A real Linux guest under qemud's QEMU driver: the tiny guest of `tests/tiny-guest/build`
//! (a Debian kernel and a busybox initramfs) booted by direct kernel boot on a `--system`
//! daemon in a temp dir, under QEMU/TCG, with a virtio disk. Its serial console (a file)
//! shows it booting and seeing the disk; `virDomainShutdown` presses its ACPI power button
//! and the guest powers itself off, with libvirt's events; a reboot brings it back.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainEventBody, DomainId, OpenFlags};
use virt::uri::Uri;

// virDomainState and reasons
const RUNNING: i32 = 1;
const RUNNING_BOOTED: i32 = 1;
const SHUTOFF: i32 = 5;
const SHUTOFF_SHUTDOWN: i32 = 1;
// virDomainEventType and details
const EV_STARTED: i32 = 2;
const EV_RESUMED: i32 = 4;
const EV_STOPPED: i32 = 5;
const EV_SHUTDOWN: i32 = 6;
const STOPPED_SHUTDOWN: i32 = 0;
const SHUTDOWN_GUEST: i32 = 1;
/// `VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE` and its states and reasons.
const AGENT_LIFECYCLE: i32 = 18;
const AGENT_CONNECTED: i32 = 1;
const AGENT_DISCONNECTED: i32 = 2;
const AGENT_REASON_STARTED: i32 = 1;
const AGENT_REASON_CHANNEL: i32 = 2;

const READY: &str = "TINY-GUEST-READY";
const DISK_BYTES: u64 = 48 << 20;

/// The lifecycle events of one connection, as (event, detail, domain id).
fn lifecycle_events(c: &dyn Driver) -> Receiver<(i32, i32, i32)> {
    let (tx, rx) = channel();
    let tx = Mutex::new(tx);
    c.connect_domain_event_start(
        0,
        Arc::new(move |e| {
            if let DomainEventBody::Lifecycle { event, detail } = e.body {
                let _ = tx.lock().unwrap().send((event, detail, e.dom.id));
            }
        }),
    )
    .unwrap();
    rx
}

#[test]
fn tiny_linux_boots_sees_its_disk_shuts_down_on_the_power_button_and_reboots() {
    if !Path::new("/usr/bin/qemu-system-x86_64").exists() || !Path::new("/usr/bin/qemu-img").exists() {
        eprintln!("SKIP: qemu-system-x86_64 or qemu-img is not installed");
        return;
    }
    let (kernel, initrd) = tiny_guest();
    let d = Daemon::start("guest", "", &["--system"]);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()));

    let disk = d.dir.path().join("disk.raw");
    let out = run_with_timeout(
        Command::new("qemu-img").args(["create", "-q", "-f", "raw"]).arg(&disk).arg(DISK_BYTES.to_string()),
        Duration::from_secs(30),
    );
    assert!(out.status.success(), "qemu-img: {}", text(&out.stderr));
    let serial = d.dir.path().join("serial.log");
    let xml = format!(
        "<domain type='qemu'><name>tiny-linux</name><memory unit='MiB'>160</memory><vcpu>1</vcpu>\
         <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{}</kernel><initrd>{}</initrd>\
         <cmdline>console=ttyS0 panic=-1</cmdline></os><features><acpi/></features>\
         <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot>\
         <devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{}'/>\
         <target dev='vda' bus='virtio'/></disk>\
         <serial type='file'><source path='{}'/><target port='0'/></serial>\
         <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel></devices></domain>",
        kernel.display(),
        initrd.display(),
        disk.display(),
        serial.display()
    );
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("define: {}", e.message));
    let live_xml_has_kernel = c.domain_get_xml_desc(&dom, 0).unwrap();
    assert!(live_xml_has_kernel.contains(&format!("<kernel>{}</kernel>", kernel.display())), "{live_xml_has_kernel}");
    let events = lifecycle_events(c.as_ref());
    let (agent_tx, agent_events) = channel();
    let agent_tx = Mutex::new(agent_tx);
    c.connect_domain_event_start(
        AGENT_LIFECYCLE,
        Arc::new(move |e| {
            if let DomainEventBody::AgentLifecycle { state, reason } = e.body {
                let _ = agent_tx.lock().unwrap().send((state, reason));
            }
        }),
    )
    .unwrap();

    let t = Instant::now();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let live = DomainId { id, ..dom.clone() };
    // libvirt 9.0's order for a boot: QEMU's `cont` (RESUMED) before STARTED(BOOTED).
    let start_events: Vec<_> = (0..2).filter_map(|_| events.recv_timeout(Duration::from_secs(10)).ok()).collect();
    assert_eq!(start_events, vec![(EV_RESUMED, 0, id), (EV_STARTED, 0, id)]);
    let booted = wait_until(Duration::from_secs(45), || serial_text(&serial).contains(READY));
    let console = serial_text(&serial);
    assert!(booted, "no {READY} on the serial console within 45 s:\n{console}\nqemud log:\n{}", d.log_text());
    let boot_time = t.elapsed();
    eprintln!("tiny guest: start to {READY} in {boot_time:.1?}");
    // The guest's init lists /sys/block before printing the marker.
    assert!(
        console.contains(&format!("tiny-guest: disk vda {DISK_BYTES}\n"))
            || console.contains(&format!("tiny-guest: disk vda {DISK_BYTES}\r\n")),
        "the virtio disk is not seen by the guest:\n{console}"
    );
    assert!(console.contains("tiny-guest: kernel "), "{console}");
    assert!(!console.contains("tiny-guest: modprobe"), "a module failed to load:\n{console}");
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (RUNNING, RUNNING_BOOTED));
    // The guest agent's channel: disconnected when the domain started, then connected when
    // the guest opened its port (QEMU's VSERPORT_CHANGE), in the live XML and as
    // VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE events (state, reason), as libvirt reports it.
    assert!(console.contains("tiny-guest: agent channel open"), "{console}");
    let agent: Vec<_> = (0..2).filter_map(|_| agent_events.recv_timeout(Duration::from_secs(10)).ok()).collect();
    assert_eq!(agent, vec![(AGENT_DISCONNECTED, AGENT_REASON_STARTED), (AGENT_CONNECTED, AGENT_REASON_CHANNEL)]);
    let live_xml = c.domain_get_xml_desc(&dom, 0).unwrap();
    assert!(live_xml.contains("name='org.qemu.guest_agent.0' state='connected'/>"), "{live_xml}");

    // Reboot: an ACPI power button the guest answers by powering off, which the driver
    // turns into a reset; the guest boots a second time in the same QEMU.
    c.domain_reboot(&live, 0).unwrap_or_else(|e| panic!("reboot: {}", e.message));
    let rebooted = wait_until(Duration::from_secs(45), || serial_text(&serial).matches(READY).count() == 2);
    let console = serial_text(&serial);
    assert!(rebooted, "the guest did not come back after a reboot:\n{console}\nqemud log:\n{}", d.log_text());
    assert!(console.contains("tiny-guest: power button, powering off"), "{console}");
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, RUNNING);
    assert_eq!(c.domain_lookup_by_name("tiny-linux").unwrap().id, id, "same run, same id");
    // No stop or start in a reboot (a SHUTDOWN for the guest's poweroff, as libvirt raises
    // before its fake reboot resets the guest, may come).
    let during: Vec<_> = events.try_iter().collect();
    assert!(during.iter().all(|e| e.0 == EV_SHUTDOWN), "a reboot is no stop or start: {during:?}");

    // Shutdown: the power button again; this time the guest's poweroff ends the domain.
    let t = Instant::now();
    c.domain_shutdown_flags(&live, 0).unwrap_or_else(|e| panic!("shutdown: {}", e.message));
    let first = events.recv_timeout(Duration::from_secs(30));
    let second = events.recv_timeout(Duration::from_secs(10));
    let took = t.elapsed();
    let console = serial_text(&serial);
    assert_eq!(
        (first, second),
        (Ok((EV_SHUTDOWN, SHUTDOWN_GUEST, id)), Ok((EV_STOPPED, STOPPED_SHUTDOWN, -1))),
        "events of a guest shutdown:\n{console}\nqemud log:\n{}",
        d.log_text()
    );
    eprintln!("tiny guest: shutdown to STOPPED in {took:.1?}");
    assert!(took < Duration::from_secs(30));
    assert_eq!(console.matches("tiny-guest: power button, powering off").count(), 2, "{console}");
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, SHUTOFF_SHUTDOWN));
    assert!(!c.domain_is_active(&dom).unwrap());
    let reaper = &_reaper;
    assert!(wait_until(Duration::from_secs(10), || reaper.pids().is_empty()), "QEMU's pid file is left behind");
    c.connect_domain_event_stop(0).unwrap();
    c.connect_domain_event_stop(AGENT_LIFECYCLE).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
}
