//! Domain snapshots on the QEMU driver with real QEMU (TCG, no OS) and a qcow2 disk: a
//! `--system` qemud in a temp dir, and the same sequence on Debian's libvirtd in a
//! private namespace (`Reference`), compared step by step (snapshot XML, states, errors,
//! lifecycle events). Also: the disk's data comes back on revert (written with
//! `qemu-io` between snapshot and revert), metadata survives a daemon restart, and
//! Debian's virsh drives qemud's snapshots.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainEventBody, OpenFlags, SnapshotId};
use virt::uri::Uri;

// virDomainSnapshotCreateFlags, RevertFlags, DeleteFlags
const CREATE_CURRENT: u32 = 2;
const CREATE_HALT: u32 = 8;
const CREATE_DISK_ONLY: u32 = 16;
const CREATE_LIVE: u32 = 256;
const REVERT_RUNNING: u32 = 1;
const REVERT_PAUSED: u32 = 2;
const DELETE_CHILDREN_ONLY: u32 = 4;
const UNDEFINE_SNAPSHOTS_METADATA: u32 = 2;

fn have_qemu() -> bool {
    ["/usr/bin/qemu-system-x86_64", "/usr/bin/qemu-img", "/usr/bin/qemu-io"].iter().all(|p| Path::new(p).exists())
}

fn domain_xml(name: &str, disk: &Path, format: &str) -> String {
    format!(
        "<domain type='qemu'>
  <name>{name}</name>
  <uuid>6a3cbbd4-8f2c-4e1a-9c3e-2f5a6b7c8d01</uuid>
  <memory unit='KiB'>65536</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='{format}'/>
      <source file='{}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
",
        disk.display()
    )
}

fn qemu_img(args: &[&str], image: &Path) -> String {
    let out = run_with_timeout(Command::new("qemu-img").args(args).arg(image), Duration::from_secs(60));
    assert!(out.status.success(), "qemu-img {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// A new 16 MiB image of `format` at `path`.
fn create_image(path: &Path, format: &str) {
    let out = run_with_timeout(
        Command::new("qemu-img").args(["create", "-q", "-f", format]).arg(path).arg("16M"),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "qemu-img create: {}", text(&out.stderr));
}

/// The internal snapshots `qemu-img snapshot -l` lists (`-U`: QEMU may hold the image).
fn image_snapshots(image: &Path) -> Vec<String> {
    qemu_img(&["snapshot", "-l", "-U"], image)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

/// Writes `pattern` over the first 64 KiB of a qcow2 image (the guest is not running).
fn write_pattern(image: &Path, pattern: u8) {
    let out = run_with_timeout(
        Command::new("qemu-io").args(["-f", "qcow2", "-c", &format!("write -P {pattern} 0 64k")]).arg(image),
        Duration::from_secs(60),
    );
    assert!(out.status.success(), "qemu-io write: {}", text(&out.stderr));
}

/// Whether the first 64 KiB of the image hold `pattern`.
fn has_pattern(image: &Path, pattern: u8) -> bool {
    let out = run_with_timeout(
        Command::new("qemu-io").args(["-f", "qcow2", "-r", "-U", "-c", &format!("read -P {pattern} 0 64k")]).arg(image),
        Duration::from_secs(60),
    );
    out.status.success() && !text(&out.stdout).contains("Pattern verification failed")
}

/// The lifecycle events of one connection, as (event, detail).
fn lifecycle_events(c: &dyn Driver) -> Receiver<(i32, i32)> {
    let (tx, rx) = channel();
    let tx = Mutex::new(tx);
    c.connect_domain_event_start(
        0,
        Arc::new(move |e| {
            if let DomainEventBody::Lifecycle { event, detail } = e.body {
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send((event, detail));
                }
            }
        }),
    )
    .unwrap();
    rx
}

/// Everything that arrived by now (after a moment for the last ones to land).
fn drain(rx: &Receiver<(i32, i32)>) -> Vec<(i32, i32)> {
    std::thread::sleep(Duration::from_millis(300));
    rx.try_iter().collect()
}

/// A call's outcome as the comparison sees it.
fn outcome<T>(r: virt::error::Result<T>, show: impl FnOnce(T) -> String) -> String {
    match r {
        Ok(v) => format!("ok {}", show(v)),
        Err(e) => format!("err {:?} {:?} {}", e.domain, e.code, e.message),
    }
}

/// Snapshot XML with what differs between two runs made uniform: creation times and the
/// directory of the disk. For a snapshot of a running guest, the part before `<domain>`
/// (the live definition differs in what each daemon adds at runtime).
fn normalize(xml: &str, dir: &Path, whole: bool) -> String {
    let xml = xml.replace(&dir.display().to_string(), "DIR");
    let mut out = String::new();
    for line in xml.lines() {
        if !whole && line.starts_with("  <domain") {
            break;
        }
        if line.trim_start().starts_with("<creationTime>") {
            out.push_str("  <creationTime>T</creationTime>\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The sequence run on each peer: (step, outcome) in order, lifecycle events included.
fn sequence(c: &dyn Driver, dir: &Path) -> Vec<(&'static str, String)> {
    let disk = dir.join("snap.qcow2");
    create_image(&disk, "qcow2");
    let mut steps: Vec<(&'static str, String)> = Vec::new();
    let events = lifecycle_events(c);
    let dom = c.domain_define_xml_flags(&domain_xml("snapdom", &disk, "qcow2"), 0).expect("define");
    let sid = |name: &str| SnapshotId { name: name.into(), dom: dom.clone() };
    let state = |c: &dyn Driver| outcome(c.domain_get_state(&dom, 0), |s| format!("{s:?}"));
    let names = |c: &dyn Driver| outcome(c.domain_snapshot_list_names(&dom, 10, 0), |mut v| { v.sort(); v.join(",") });

    let desc = "<domainsnapshot><name>off1</name><description>shut off</description></domainsnapshot>";
    steps.push(("create off1", outcome(c.domain_snapshot_create_xml(&dom, desc, 0), |s| s.name)));
    steps.push(("xml off1", outcome(c.domain_snapshot_get_xml_desc(&sid("off1"), 0), |x| normalize(&x, dir, true))));
    steps.push(("create off1 again", outcome(c.domain_snapshot_create_xml(&dom, desc, 0), |s| s.name)));
    steps.push(("lookup nosuch", outcome(c.domain_snapshot_lookup_by_name(&dom, "nosuch", 0), |s| s.name)));
    steps.push(("parent off1", outcome(c.domain_snapshot_get_parent(&sid("off1"), 0), |s| s.name)));
    steps.push(("current", outcome(c.domain_snapshot_current(&dom, 0), |s| s.name)));
    steps.push(("undefine with a snapshot", outcome(c.domain_undefine_flags(&dom, 0), |_| String::new())));

    let bad = "<domainsnapshot><name>a/b</name></domainsnapshot>";
    steps.push(("name with a slash", outcome(c.domain_snapshot_create_xml(&dom, bad, 0), |s| s.name)));
    steps.push(("live flag", outcome(c.domain_snapshot_create_xml(&dom, "<domainsnapshot/>", CREATE_LIVE), |s| s.name)));
    let mem = "<domainsnapshot><name>mi</name><memory snapshot='internal'/></domainsnapshot>";
    steps.push(("memory of a shut-off domain", outcome(c.domain_snapshot_create_xml(&dom, mem, 0), |s| s.name)));
    let no_disk = "<domainsnapshot><name>dn</name><disks><disk name='vda' snapshot='no'/></disks></domainsnapshot>";
    steps.push(("a disk left out", outcome(c.domain_snapshot_create_xml(&dom, no_disk, 0), |s| s.name)));
    steps.push(("current without redefine", outcome(c.domain_snapshot_create_xml(&dom, "<domainsnapshot/>", CREATE_CURRENT), |s| s.name)));

    c.domain_create_with_flags(&dom, 0).expect("start");
    let no_memory = "<domainsnapshot><name>m</name><memory snapshot='no'/></domainsnapshot>";
    steps.push(("running without memory", outcome(c.domain_snapshot_create_xml(&dom, no_memory, 0), |s| s.name)));
    let run1 = "<domainsnapshot><name>run1</name></domainsnapshot>";
    steps.push(("create run1", outcome(c.domain_snapshot_create_xml(&dom, run1, 0), |s| s.name)));
    steps.push(("state after run1", state(c)));
    steps.push(("xml run1", outcome(c.domain_snapshot_get_xml_desc(&sid("run1"), 0), |x| normalize(&x, dir, false))));
    steps.push((
        "run1 keeps the config",
        outcome(c.domain_snapshot_get_xml_desc(&sid("run1"), 0), |x| x.contains("<inactiveDomain type='qemu'>").to_string()),
    ));
    c.domain_suspend(&dom).expect("suspend");
    let paused1 = "<domainsnapshot><name>paused1</name></domainsnapshot>";
    steps.push(("create paused1", outcome(c.domain_snapshot_create_xml(&dom, paused1, 0), |s| s.name)));
    steps.push(("state after paused1", state(c)));
    steps.push(("names", names(c)));
    steps.push(("num", outcome(c.domain_snapshot_num(&dom, 0), |n| n.to_string())));
    steps.push(("children of off1", outcome(c.domain_snapshot_list_children_names(&sid("off1"), 10, 0), |v| v.join(","))));
    steps.push(("descendants of off1", outcome(c.domain_snapshot_num_children(&sid("off1"), 1), |n| n.to_string())));
    steps.push(("parent paused1", outcome(c.domain_snapshot_get_parent(&sid("paused1"), 0), |s| s.name)));
    steps.push(("paused1 is current", outcome(c.domain_snapshot_is_current(&sid("paused1"), 0), |b| b.to_string())));
    steps.push(("off1 is current", outcome(c.domain_snapshot_is_current(&sid("off1"), 0), |b| b.to_string())));
    steps.push(("events so far", format!("{:?}", drain(&events))));

    steps.push(("revert off1", outcome(c.domain_revert_to_snapshot(&sid("off1"), 0), |_| String::new())));
    steps.push(("state after revert off1", state(c)));
    steps.push(("events of revert off1", format!("{:?}", drain(&events))));
    steps.push(("revert run1", outcome(c.domain_revert_to_snapshot(&sid("run1"), 0), |_| String::new())));
    steps.push(("state after revert run1", state(c)));
    steps.push(("events of revert run1", format!("{:?}", drain(&events))));
    steps.push(("revert paused1", outcome(c.domain_revert_to_snapshot(&sid("paused1"), 0), |_| String::new())));
    steps.push(("state after revert paused1", state(c)));
    steps.push(("events of revert paused1", format!("{:?}", drain(&events))));
    steps.push(("revert run1 paused", outcome(c.domain_revert_to_snapshot(&sid("run1"), REVERT_PAUSED), |_| String::new())));
    steps.push(("state after revert run1 paused", state(c)));
    steps.push(("revert both flags", outcome(c.domain_revert_to_snapshot(&sid("run1"), 3), |_| String::new())));
    steps.push(("current after reverts", outcome(c.domain_snapshot_current(&dom, 0), |s| s.name)));
    drain(&events);
    let h1 = "<domainsnapshot><name>h1</name></domainsnapshot>";
    steps.push(("create h1 halt", outcome(c.domain_snapshot_create_xml(&dom, h1, CREATE_HALT), |s| s.name)));
    steps.push(("state after halt", state(c)));
    steps.push(("events of halt", format!("{:?}", drain(&events))));
    steps.push(("xml h1", outcome(c.domain_snapshot_get_xml_desc(&sid("h1"), 0), |x| normalize(&x, dir, false))));
    steps.push(("revert off1 running", outcome(c.domain_revert_to_snapshot(&sid("off1"), REVERT_RUNNING), |_| String::new())));
    steps.push(("state after revert off1 running", state(c)));
    steps.push(("events of revert off1 running", format!("{:?}", drain(&events))));
    c.domain_destroy_flags(&dom, 0).expect("destroy");
    drain(&events);

    steps.push(("delete run1", outcome(c.domain_snapshot_delete(&sid("run1"), 0), |_| String::new())));
    steps.push(("parent paused1 after delete", outcome(c.domain_snapshot_get_parent(&sid("paused1"), 0), |s| s.name)));
    steps.push(("image after delete", image_snapshots(&disk).join(",")));
    steps.push(("delete off1 children only", outcome(c.domain_snapshot_delete(&sid("off1"), DELETE_CHILDREN_ONLY), |_| String::new())));
    steps.push(("names after delete", names(c)));
    steps.push(("current after delete", outcome(c.domain_snapshot_current(&dom, 0), |s| s.name)));
    steps.push(("image after children delete", image_snapshots(&disk).join(",")));
    steps.push(("undefine", outcome(c.domain_undefine_flags(&dom, 0), |_| String::new())));
    steps.push((
        "undefine snapshots metadata",
        outcome(c.domain_undefine_flags(&dom, UNDEFINE_SNAPSHOTS_METADATA), |_| String::new()),
    ));
    steps.push(("image after undefine", image_snapshots(&disk).join(",")));

    let raw = dir.join("snap.raw");
    create_image(&raw, "raw");
    let rdom = c.domain_define_xml_flags(&domain_xml("snapdom", &raw, "raw"), 0).expect("define raw");
    steps.push(("raw disk", outcome(c.domain_snapshot_create_xml(&rdom, run1, 0), |s| s.name)));
    c.domain_undefine_flags(&rdom, 0).expect("undefine raw");
    let _ = c.connect_domain_event_stop(0);
    steps
}

/// A `--system` qemud in a temp dir, the reaper of its QEMUs, a connection and its URI;
/// None (the test skipped) without QEMU's tools.
fn system_daemon(tag: &str) -> Option<(Daemon, QemuReaper, Box<dyn Driver>, String)> {
    if !have_qemu() {
        eprintln!("SKIP: QEMU, qemu-img or qemu-io is not installed");
        return None;
    }
    let d = Daemon::start(tag, "", &["--system"]);
    let reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
    Some((d, reaper, c, uri))
}

#[test]
fn snapshots_match_libvirtd_step_by_step() {
    let Some((d, _reaper, c, _)) = system_daemon("snapshot-cmp") else { return };
    let ours_dir = d.dir.path().join("images");
    std::fs::create_dir_all(&ours_dir).unwrap();
    let ours = sequence(&*c, &ours_dir);
    // Checks that hold whatever the reference says.
    let get = |steps: &[(&str, String)], k: &str| steps.iter().find(|(s, _)| *s == k).map(|(_, o)| o.clone()).unwrap();
    assert!(get(&ours, "xml off1").contains("<memory snapshot='no'/>"), "{ours:#?}");
    assert_eq!(get(&ours, "state after revert run1"), "ok (1, 4)", "{}", d.log_text());
    assert_eq!(get(&ours, "image after undefine"), "off1");
    // libvirt 9.0's events: a revert to a live snapshot ends QEMU and starts a new one.
    assert_eq!(get(&ours, "events of revert run1"), "[(2, 3), (4, 2), (0, 3)]");
    assert_eq!(get(&ours, "events of revert paused1"), "[(5, 6), (2, 3), (3, 5), (0, 3)]");
    assert_eq!(get(&ours, "state after revert paused1"), "ok (3, 7)");
    // What this driver does not build is refused, and leaves nothing behind.
    let dom = c.domain_define_xml_flags(&domain_xml("snapdom", &ours_dir.join("snap.qcow2"), "qcow2"), 0).unwrap();
    let e = c.domain_snapshot_create_xml(&dom, "<domainsnapshot/>", CREATE_DISK_ONLY).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (virt::error::Code::VIR_ERR_OPERATION_UNSUPPORTED, "Operation not supported: external snapshots are not supported by this driver"));
    assert_eq!(c.domain_snapshot_num(&dom, 0).unwrap(), 0);
    c.domain_undefine_flags(&dom, 0).unwrap();
    let Some(r) = Reference::start() else { return };
    let rc = driver::open(&Uri::parse(&r.qemu_uri()).unwrap(), OpenFlags::default()).unwrap();
    let ref_dir = TempDir::new("snapshot-ref");
    let theirs = sequence(&*rc, ref_dir.path());
    for ((step, a), (_, b)) in ours.iter().zip(theirs.iter()) {
        assert_eq!(a, b, "step '{step}' differs (ours, then libvirtd's)");
    }
    assert_eq!(ours.len(), theirs.len());
}

#[test]
fn reverts_restore_the_disk_and_metadata_outlives_the_daemon() {
    let Some((d, reaper, c, uri)) = system_daemon("snapshot") else { return };
    let disk = d.dir.path().join("data.qcow2");
    create_image(&disk, "qcow2");
    let dom = c.domain_define_xml_flags(&domain_xml("snapdata", &disk, "qcow2"), 0).unwrap();
    let sid = |name: &str| SnapshotId { name: name.into(), dom: dom.clone() };

    // Shut off: qemu-img's internal snapshot holds the data as it was.
    write_pattern(&disk, 0x11);
    c.domain_snapshot_create_xml(&dom, "<domainsnapshot><name>a</name></domainsnapshot>", 0).unwrap();
    assert_eq!(image_snapshots(&disk), ["a"]);
    write_pattern(&disk, 0x22);
    assert!(has_pattern(&disk, 0x22));
    c.domain_revert_to_snapshot(&sid("a"), 0).unwrap();
    assert!(has_pattern(&disk, 0x11), "the revert brought back what the snapshot held");

    // Running: savevm; a revert brings back disk and memory in a new QEMU.
    let id = c.domain_create_with_flags(&dom, 0).unwrap().id;
    c.domain_snapshot_create_xml(&dom, "<domainsnapshot><name>b</name></domainsnapshot>", 0).unwrap();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (1, 5), "running again after savevm (unpaused)");
    assert_eq!(image_snapshots(&disk), ["a", "b"]);
    c.domain_destroy_flags(&dom, 0).unwrap();
    write_pattern(&disk, 0x33);
    c.domain_revert_to_snapshot(&sid("b"), 0).unwrap();
    let live = c.domain_lookup_by_name("snapdata").unwrap();
    assert!(live.id > id, "a new QEMU runs the snapshot");
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (1, 4));
    assert!(has_pattern(&disk, 0x11), "the live snapshot's disk state is back");
    // A snapshot deleted while QEMU runs goes through delvm.
    c.domain_snapshot_create_xml(&dom, "<domainsnapshot><name>c</name></domainsnapshot>", 0).unwrap();
    assert_eq!(image_snapshots(&disk), ["a", "b", "c"]);
    c.domain_snapshot_delete(&sid("c"), 0).unwrap();
    assert_eq!(image_snapshots(&disk), ["a", "b"]);
    assert_eq!(c.domain_snapshot_current(&dom, 0).unwrap().name, "b", "the parent of a deleted current one takes its place");
    c.domain_destroy_flags(&dom, 0).unwrap();

    let meta = d.dir.path().join("libvirt/qemu/snapshot/snapdata");
    let stored = std::fs::read_to_string(meta.join("b.xml")).unwrap();
    assert!(stored.starts_with("<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE."), "{stored}");
    assert!(stored.ends_with("  <active>1</active>\n</domainsnapshot>\n"), "{stored}");
    assert!(std::fs::read_to_string(meta.join("a.xml")).unwrap().contains("<active>0</active>"));
    let xml_b = c.domain_snapshot_get_xml_desc(&sid("b"), 0).unwrap();
    drop(c);

    // A new daemon reads the metadata back.
    let tmp = {
        let mut d = d;
        let dir = std::mem::replace(&mut d.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
        drop(d);
        dir
    };
    let d = Daemon::spawn_in(tmp, "", &["--system"], &[]);
    d.wait_ready();
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
    let dom = c.domain_lookup_by_name("snapdata").unwrap();
    let sid = |name: &str| SnapshotId { name: name.into(), dom: dom.clone() };
    assert_eq!(c.domain_snapshot_num(&dom, 0).unwrap(), 2);
    assert_eq!(c.domain_snapshot_current(&dom, 0).unwrap().name, "b");
    assert_eq!(c.domain_snapshot_get_parent(&sid("b"), 0).unwrap().name, "a");
    assert_eq!(c.domain_snapshot_get_xml_desc(&sid("b"), 0).unwrap(), xml_b);

    // Debian's virsh on qemud.
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    if virsh_path().is_some() {
        let out = virsh(&home, &uri, &[], "snapshot-create-as snapdata v1 --description 'from virsh'; snapshot-list snapdata --parent");
        let listing = text(&out.stdout);
        assert!(out.status.success(), "{}\n{listing}", text(&out.stderr));
        assert!(listing.contains("Domain snapshot v1 created"), "{listing}");
        assert!(listing.lines().any(|l| l.trim_start().starts_with("v1 ") && l.trim_end().ends_with(" b")), "{listing}");
        let out = virsh(&home, &uri, &[], "snapshot-revert snapdata a; snapshot-current snapdata --name; snapshot-delete snapdata v1; snapshot-list snapdata --name");
        let listing = text(&out.stdout);
        assert!(out.status.success(), "{}\n{listing}", text(&out.stderr));
        assert!(listing.contains("Domain snapshot v1 deleted"), "{listing}");
        assert!(!listing.lines().any(|l| l.trim() == "v1"), "{listing}");
        assert_eq!(image_snapshots(&disk), ["a", "b"]);
        let out = virsh(&home, &uri, &[], "undefine snapdata");
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains("cannot delete inactive domain with 2 snapshots"), "{}", text(&out.stderr));
        let out = virsh(&home, &uri, &[], "undefine snapdata --snapshots-metadata");
        assert!(out.status.success(), "{}", text(&out.stderr));
    } else {
        c.domain_undefine_flags(&dom, UNDEFINE_SNAPSHOTS_METADATA).unwrap();
    }
    assert!(!meta.exists(), "the metadata went with the domain");
    assert_eq!(image_snapshots(&disk), ["a", "b"], "the image keeps its snapshots");

    // A transient guest keeps its snapshots across a revert (a new QEMU), and they go
    // with it when it stops.
    let t = c.domain_create_xml(&domain_xml("snaptrans", &disk, "qcow2"), 0).unwrap();
    c.domain_snapshot_create_xml(&t, "<domainsnapshot><name>t1</name></domainsnapshot>", 0).unwrap();
    let t1 = SnapshotId { name: "t1".into(), dom: t.clone() };
    c.domain_revert_to_snapshot(&t1, 0).unwrap();
    assert_eq!(c.domain_get_state(&t, 0).unwrap(), (1, 4));
    assert_eq!(c.domain_snapshot_current(&t, 0).unwrap().name, "t1");
    let tmeta = d.dir.path().join("libvirt/qemu/snapshot/snaptrans");
    assert!(tmeta.join("t1.xml").exists());
    c.domain_destroy_flags(&t, 0).unwrap();
    assert!(c.domain_lookup_by_name("snaptrans").is_err());
    assert!(!tmeta.exists(), "a transient domain's snapshot metadata goes with it");
    assert_eq!(image_snapshots(&disk), ["a", "b", "t1"]);
    drop(reaper);
}

