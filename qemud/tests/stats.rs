//! The per-domain information management tools poll, on qemud's QEMU driver with the tiny
//! Linux guest under QEMU/TCG, held against Debian's libvirtd (its QEMU driver, in a private
//! namespace, running the same guest): disk counters (`virDomainBlockStats[Flags]`), disk
//! sizes (`virDomainGetBlockInfo`, shut off and running), description/title/metadata
//! elements with their event and persistence, CPU time (`virDomainGetCPUStats`), the CPU
//! map's models, and guest addresses (`virDomainInterfaceAddresses`) from the default
//! network's DHCP leases and the ARP table, in a private network namespace. Debian's virsh
//! runs the same commands against both daemons.

mod common;

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::Command;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, DomainEventBody, DomainId, OpenFlags};
use virt::error::{Code, Domain, Error, Result};
use virt::uri::Uri;

const READY: &str = "TINY-GUEST-READY";
const AFFECT_LIVE: u32 = 1;
const AFFECT_CONFIG: u32 = 2;
const XML_INACTIVE: u32 = 2;
/// `virDomainMetadataType`
const META_DESCRIPTION: i32 = 0;
const META_TITLE: i32 = 1;
const META_ELEMENT: i32 = 2;
/// `VIR_DOMAIN_EVENT_ID_METADATA_CHANGE`
const EVENT_METADATA_CHANGE: i32 = 23;
/// `virDomainInterfaceAddressesSource`
const SRC_LEASE: u32 = 0;
const SRC_AGENT: u32 = 1;
const SRC_ARP: u32 = 2;

fn have_qemu() -> bool {
    let ok = Path::new("/usr/bin/qemu-system-x86_64").exists() && Path::new("/usr/bin/qemu-img").exists() && is_root();
    if !ok {
        eprintln!("SKIP: needs root, qemu-system-x86_64 and qemu-img");
    }
    ok
}

fn open(uri: &str) -> Box<dyn Driver> {
    driver::open(&Uri::parse(uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open {uri}: {}", e.message))
}

fn qemu_img(args: &[&str]) {
    let out = run_with_timeout(Command::new("qemu-img").args(args), Duration::from_secs(30));
    assert!(out.status.success(), "qemu-img {args:?}: {}", text(&out.stderr));
}

/// The error of `r`, as libvirt reports it (code, domain, message).
fn err<T: std::fmt::Debug>(r: Result<T>) -> (Code, Domain, String) {
    let e: Error = r.expect_err("an error");
    (e.code, e.domain, e.message)
}

fn serial_text(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned()
}

/// The tiny guest with a raw `vda`, a qcow2 `vdb`, an empty CD-ROM `hdc`, its serial
/// console in `dir/serial.log` (or with `socket`, on the UNIX socket `dir/serial.sock`),
/// and `extra` devices.
fn guest_xml(dir: &Path, kernel: &Path, initrd: &Path, socket: bool, extra: &str) -> String {
    let serial = if socket {
        format!("<serial type='unix'><source mode='bind' path='{}/serial.sock'/><target port='0'/></serial>", dir.display())
    } else {
        format!("<serial type='file'><source path='{}/serial.log'/><target port='0'/></serial>", dir.display())
    };
    format!(
        "<domain type='qemu'><name>st</name><memory unit='MiB'>160</memory><vcpu>1</vcpu>\
         <os><type arch='x86_64' machine='pc'>hvm</type><kernel>{}</kernel><initrd>{}</initrd>\
         <cmdline>console=ttyS0 panic=-1</cmdline></os><devices>\
         <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{d}/disk.raw'/>\
         <target dev='vda' bus='virtio'/></disk>\
         <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{d}/disk.qcow2'/>\
         <target dev='vdb' bus='virtio'/></disk>\
         <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>\
         {serial}{extra}</devices></domain>",
        kernel.display(),
        initrd.display(),
        d = dir.display()
    )
}

fn make_disks(dir: &Path) {
    qemu_img(&["create", "-q", "-f", "raw", &format!("{}/disk.raw", dir.display()), "48M"]);
    qemu_img(&["create", "-q", "-f", "qcow2", &format!("{}/disk.qcow2", dir.display()), "64M"]);
}

/// (capacity, allocation, physical) as libvirt reads a shut off domain's image file.
fn file_sizes(path: &Path, capacity: u64) -> (u64, u64, u64) {
    let md = std::fs::metadata(path).unwrap();
    (capacity, md.blocks() * 512, md.size())
}

fn names(params: &[virt::rpc::protocol::TypedParam]) -> Vec<String> {
    params.iter().map(|p| p.field.clone()).collect()
}

fn llong(params: &[virt::rpc::protocol::TypedParam], name: &str) -> i64 {
    match params.iter().find(|p| p.field == name).map(|p| &p.value) {
        Some(virt::driver::TypedValue::LLong(v)) => *v,
        other => panic!("{name}: {other:?}"),
    }
}

/// The METADATA_CHANGE events of one connection, as (domain, type, namespace).
fn metadata_events(c: &dyn Driver) -> Receiver<(String, i32, Option<String>)> {
    let (tx, rx) = channel();
    let tx = Mutex::new(tx);
    c.connect_domain_event_start(
        EVENT_METADATA_CHANGE,
        Arc::new(move |e| {
            if let DomainEventBody::MetadataChange { kind, nsuri } = e.body {
                let _ = tx.lock().unwrap().send((e.dom.name.clone(), kind, nsuri));
            }
        }),
    )
    .unwrap();
    rx
}

/// A guest's serial console on a UNIX socket: what it printed since the connection, and
/// a way to type into its shell.
struct Console {
    sock: std::os::unix::net::UnixStream,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Console {
    fn connect(path: &Path) -> Console {
        let mut sock = None;
        wait_until(Duration::from_secs(10), || {
            sock = std::os::unix::net::UnixStream::connect(path).ok();
            sock.is_some()
        });
        let sock = sock.unwrap_or_else(|| panic!("cannot connect to {}", path.display()));
        let out = Arc::new(Mutex::new(Vec::new()));
        let (mut reader, sink) = (sock.try_clone().unwrap(), out.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = std::io::Read::read(&mut reader, &mut buf) {
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Console { sock, out }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, needle: &str, limit: Duration) -> bool {
        wait_until(limit, || self.text().contains(needle))
    }

    fn type_line(&self, line: &str) {
        std::io::Write::write_all(&mut &self.sock, format!("{line}\n").as_bytes()).unwrap();
    }
}

/// One side of the comparison: a daemon's connection, its domain and its files.
struct Side<'a> {
    c: &'a dyn Driver,
    dom: DomainId,
    dir: &'a Path,
}

/// Debian's virsh `cmds` on `uri`, stdout (or the failure's stderr).
fn vsh(home: &Path, uri: &str, cmds: &str) -> String {
    let out = virsh(home, uri, &["-q"], cmds);
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

/// Word `n` of each non-empty line (virsh `domblkstat`'s field names, `cpu-stats`' labels).
fn column(s: &str, n: usize) -> Vec<String> {
    s.lines().filter_map(|l| l.split_whitespace().nth(n).map(str::to_string)).collect()
}

#[test]
fn disks_metadata_cpu_and_models_as_libvirts_qemu_driver() {
    if !have_qemu() {
        return;
    }
    let (kernel, initrd) = tiny_guest();
    // A private network namespace: an empty ARP table, as the reference has.
    let d = Daemon::spawn_in(TempDir::new("stats"), "", &["--system"], &private_netns_wrapper());
    d.wait_ready();
    let _netns = NetnsReaper::of(d.pid() as u32);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let ours_uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = open(&ours_uri);
    let reference = Reference::start();
    let rc = reference.as_ref().map(|r| open(&r.qemu_uri()));
    let ref_dir = TempDir::new("stats-ref");

    let mut sides = Vec::new();
    let ours_dir = d.dir.path().join("guest");
    std::fs::create_dir_all(&ours_dir).unwrap();
    for (c, dir) in [(Some(c.as_ref()), ours_dir.as_path()), (rc.as_deref(), ref_dir.path())] {
        let Some(c) = c else { continue };
        make_disks(dir);
        let xml = guest_xml(dir, &kernel, &initrd, true, "");
        let dom = c.domain_define_xml_flags(&xml, 0).unwrap_or_else(|e| panic!("define: {}", e.message));
        sides.push(Side { c, dom, dir });
    }

    // ---- shut off ----------------------------------------------------------------
    let mut inactive_errors = Vec::new();
    for s in &sides {
        let (c, dom) = (s.c, &s.dom);
        let vda = c.domain_get_block_info(dom, "vda", 0).unwrap();
        assert_eq!((vda.capacity, vda.allocation, vda.physical), file_sizes(&s.dir.join("disk.raw"), 48 << 20));
        let vdb = c.domain_get_block_info(dom, "vdb", 0).unwrap();
        assert_eq!((vdb.capacity, vdb.allocation, vdb.physical), file_sizes(&s.dir.join("disk.qcow2"), 64 << 20));
        let by_path = c.domain_get_block_info(dom, &format!("{}/disk.raw", s.dir.display()), 0).unwrap();
        assert_eq!(by_path.capacity, 48 << 20);
        inactive_errors.push(vec![
            err(c.domain_get_block_info(dom, "hdc", 0)),
            err(c.domain_get_block_info(dom, "xx", 0)),
            err(c.domain_get_block_info(dom, "vda", 1)),
            err(c.domain_block_stats(dom, "vda")),
            err(c.domain_block_stats_flags(dom, "vda", 0, 0)),
            err(c.domain_block_stats_flags(dom, "vda", 8, 1)),
            err(c.domain_interface_addresses(dom, SRC_LEASE, 0)),
            err(c.domain_interface_addresses(dom, SRC_LEASE, 1)),
            err(c.domain_get_cpu_stats(dom, 3, -1, 1, 0)),
            err(c.domain_get_metadata(dom, META_DESCRIPTION, None, 0)),
            err(c.domain_get_metadata(dom, META_ELEMENT, Some("http://x/"), AFFECT_LIVE)),
            err(c.domain_set_metadata(dom, META_TITLE, Some("t"), None, None, AFFECT_LIVE)),
            err(c.domain_get_metadata(dom, 7, None, 0)),
            err(c.domain_set_metadata(dom, 7, Some("x"), None, None, 0)),
            err(c.domain_set_metadata(dom, META_ELEMENT, Some("<foo"), Some("app"), Some("http://x/"), 0)),
            err(c.domain_set_metadata(dom, META_DESCRIPTION, Some("x"), None, None, 4)),
            err(c.connect_get_cpu_model_names("X86_64", 0)),
            err(c.connect_get_cpu_model_names("ppc", 0)),
            err(c.connect_get_cpu_model_names("x86_64", 1)),
        ]);
    }
    let ours_inactive = &inactive_errors[0];
    assert_eq!(
        ours_inactive[0],
        (
            Code::VIR_ERR_INVALID_ARG,
            Domain::VIR_FROM_QEMU,
            "invalid argument: disk 'hdc' does not currently have a source assigned".into()
        )
    );
    assert_eq!(
        ours_inactive[3],
        (
            Code::VIR_ERR_OPERATION_INVALID,
            Domain::VIR_FROM_DOMAIN,
            "Requested operation is not valid: domain is not running".into()
        )
    );
    if let Some(theirs) = inactive_errors.get(1) {
        assert_eq!(ours_inactive, theirs, "errors of a shut off domain: ours, then libvirt's");
    }
    let models = c.connect_get_cpu_model_names("x86_64", 0).unwrap().unwrap();
    assert_eq!(models.len(), 58);
    if let Some(rc) = &rc {
        assert_eq!(Some(models.clone()), rc.connect_get_cpu_model_names("x86_64", 0).unwrap());
        assert_eq!(
            c.connect_get_cpu_model_names("aarch64", 0).unwrap(),
            rc.connect_get_cpu_model_names("aarch64", 0).unwrap()
        );
    }

    // Metadata of the persistent definition: stored in the config file, with events.
    let receivers: Vec<_> = sides.iter().map(|s| metadata_events(s.c)).collect();
    let events = &receivers[0];
    let mut meta = Vec::new();
    for s in &sides {
        let (c, dom) = (s.c, &s.dom);
        c.domain_set_metadata(dom, META_ELEMENT, Some("<foo a='1'><b>x</b></foo>"), Some("app"), Some("http://x/"), 0)
            .unwrap();
        c.domain_set_metadata(dom, META_DESCRIPTION, Some("a disk guest"), None, None, AFFECT_CONFIG).unwrap();
        c.domain_set_metadata(dom, META_TITLE, Some("st title"), None, None, 0).unwrap();
        let xml = c.domain_get_xml_desc(dom, XML_INACTIVE).unwrap();
        meta.push((
            c.domain_get_metadata(dom, META_ELEMENT, Some("http://x/"), 0).unwrap(),
            c.domain_get_metadata(dom, META_DESCRIPTION, None, AFFECT_CONFIG).unwrap(),
            c.domain_get_metadata(dom, META_TITLE, None, 0).unwrap(),
            xml.contains("<app:foo xmlns:app=\"http://x/\" a=\"1\">"),
            xml.contains("<title>st title</title>"),
        ));
    }
    assert_eq!(
        meta[0],
        ("<foo a=\"1\">\n  <b>x</b>\n</foo>".into(), "a disk guest".into(), "st title".into(), true, true)
    );
    if let Some(theirs) = meta.get(1) {
        assert_eq!(&meta[0], theirs);
    }
    let config = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/st.xml")).unwrap();
    assert!(
        config.contains("<app:foo xmlns:app=\"http://x/\" a=\"1\">")
            && config.contains("<description>a disk guest</description>"),
        "{config}"
    );
    let expected = vec![
        ("st".to_string(), META_ELEMENT, Some("http://x/".to_string())),
        ("st".to_string(), META_DESCRIPTION, None),
        ("st".to_string(), META_TITLE, None),
    ];
    for (rx, who) in receivers.iter().zip(["ours", "libvirt's"]) {
        let got: Vec<_> = (0..3).filter_map(|_| rx.recv_timeout(Duration::from_secs(5)).ok()).collect();
        assert_eq!(got, expected, "METADATA_CHANGE events, {who}");
    }

    // Sizes of images that are missing, a directory, or a character device.
    let odd = |dir: &Path| {
        format!(
            "<domain type='qemu'><name>odd</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>\
             <os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
             <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{d}/missing.raw'/>\
             <target dev='vda' bus='virtio'/></disk>\
             <disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='/dev/null'/>\
             <target dev='vdb' bus='virtio'/></disk>\
             <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{d}'/>\
             <target dev='vdc' bus='virtio'/></disk></devices></domain>",
            d = dir.display()
        )
    };
    let mut sizes = Vec::new();
    for s in &sides {
        let dom = s.c.domain_define_xml_flags(&odd(s.dir), 0).unwrap();
        let dir = s.dir.display().to_string();
        let e = |disk| {
            let (code, domain, message) = err(s.c.domain_get_block_info(&dom, disk, 0));
            (code, domain, message.replace(&dir, "DIR"))
        };
        let null = s.c.domain_get_block_info(&dom, "vdb", 0).unwrap();
        sizes.push((e("vda"), (null.capacity, null.allocation, null.physical), e("vdc")));
        s.c.domain_undefine_flags(&dom, 0).unwrap();
    }
    assert_eq!(
        sizes[0],
        (
            (
                Code::VIR_ERR_SYSTEM_ERROR,
                Domain::VIR_FROM_QEMU,
                "Failed to open file 'DIR/missing.raw': No such file or directory".into()
            ),
            (0, 0, 0),
            (Code::VIR_ERR_SYSTEM_ERROR, Domain::VIR_FROM_QEMU, "cannot read header 'DIR': Is a directory".into())
        )
    );
    if let Some(theirs) = sizes.get(1) {
        assert_eq!(&sizes[0], theirs);
    }

    // ---- running -----------------------------------------------------------------
    let mut live = Vec::new();
    for s in &sides {
        let id =
            s.c.domain_create_with_flags(&s.dom, 0)
                .unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text()))
                .id;
        live.push(DomainId { id, ..s.dom.clone() });
    }
    let consoles: Vec<_> = sides.iter().map(|s| Console::connect(&s.dir.join("serial.sock"))).collect();
    for con in &consoles {
        assert!(con.wait_for(READY, Duration::from_secs(60)), "no {READY}:\n{}\n{}", con.text(), d.log_text());
    }
    // The guest writes one block at 1 MiB into vda, to the disk (fsync); the shell computes
    // the marker, so the echo of the typed line cannot fake it.
    for con in &consoles {
        con.type_line("dd if=/dev/urandom of=/dev/vda bs=4096 count=1 seek=256 conv=fsync 2>/dev/null; echo wrote-$((6*7))-vda");
    }
    for con in &consoles {
        assert!(con.wait_for("wrote-42-vda", Duration::from_secs(30)), "the guest did not write:\n{}", con.text());
    }
    let mut running = Vec::new();
    for (s, dom) in sides.iter().zip(&live) {
        let c = s.c;
        let count = c.domain_block_stats_flags(dom, "vda", 0, 0).unwrap().nparams;
        let vda = c.domain_block_stats_flags(dom, "vda", 8, 0).unwrap().params.0;
        let few = c.domain_block_stats_flags(dom, "vda", 3, 0).unwrap();
        let old = c.domain_block_stats(dom, "vda").unwrap();
        let hdc = c.domain_block_stats(dom, "hdc").unwrap();
        let vdb = c.domain_block_stats(dom, &format!("{}/disk.qcow2", s.dir.display())).unwrap();
        let all = c.domain_block_stats(dom, "").unwrap();
        // The guest read its disks when it booted (the partition scan), and wrote one block.
        assert!(old.rd_req > 0 && old.rd_bytes > 0 && vdb.rd_req > 0, "{old:?} {vdb:?}");
        assert!(old.wr_req >= 1 && old.wr_bytes >= 4096 && llong(&vda, "flush_operations") >= 1, "{vda:?}");
        assert_eq!((old.rd_req, old.rd_bytes), (llong(&vda, "rd_operations"), llong(&vda, "rd_bytes")));
        assert_eq!(
            (all.rd_req, all.rd_bytes, all.wr_bytes),
            (
                old.rd_req + vdb.rd_req + hdc.rd_req,
                old.rd_bytes + vdb.rd_bytes + hdc.rd_bytes,
                old.wr_bytes + vdb.wr_bytes + hdc.wr_bytes
            )
        );
        let info_vda = c.domain_get_block_info(dom, "vda", 0).unwrap();
        let info_vdb = c.domain_get_block_info(dom, "vdb", 0).unwrap();
        let qcow2_size = std::fs::metadata(s.dir.join("disk.qcow2")).unwrap().size();
        let raw_blocks = std::fs::metadata(s.dir.join("disk.raw")).unwrap().blocks() * 512;
        assert!(info_vda.allocation > 0 && info_vdb.allocation > 0);
        let cpu_count = c.domain_get_cpu_stats(dom, 0, -1, 1, 0).unwrap().nparams;
        let cpu = c.domain_get_cpu_stats(dom, 3, -1, 1, 0).unwrap().params.0;
        assert!(matches!(cpu[0].value, virt::driver::TypedValue::ULLong(t) if t > 0), "{cpu:?}");
        running.push((
            (count, names(&vda), few.nparams, names(&few.params.0), old.errs),
            (old.wr_req, old.wr_bytes),
            // A raw image's allocation: the highest offset written; its "physical" size then
            // the blocks QEMU reports in use (libvirt's figures, odd as they are).
            (info_vda.capacity, info_vda.allocation, info_vda.physical == raw_blocks),
            (info_vdb.capacity, info_vdb.physical == qcow2_size),
            (
                cpu_count,
                names(&cpu),
                c.domain_get_cpu_stats(dom, 0, 0, 0, 0).unwrap().nparams,
                c.domain_get_cpu_stats(dom, 0, 0, 1, 0).unwrap().nparams,
            ),
            vec![
                err(c.domain_block_stats(dom, "xx")),
                err(c.domain_block_stats_flags(dom, "xx", 8, 0)),
                err(c.domain_get_block_info(dom, "hdc", 0)),
                err(c.domain_get_block_info(dom, "/nonexistent", 0)),
                err(c.domain_get_cpu_stats(dom, 1, 0, 1, 0)),
                err(c.domain_get_cpu_stats(dom, 1, 4096, 1, 0)),
                err(c.domain_interface_addresses(dom, SRC_AGENT, 0)),
                err(c.domain_interface_addresses(dom, SRC_ARP, 0)),
                err(c.domain_interface_addresses(dom, 3, 0)),
                err(c.domain_get_metadata(dom, META_DESCRIPTION, None, AFFECT_LIVE | AFFECT_CONFIG)),
            ],
            c.domain_interface_addresses(dom, SRC_LEASE, 0).unwrap().len(),
        ));
    }
    let ours = &running[0];
    let fields = [
        "wr_bytes",
        "wr_operations",
        "rd_bytes",
        "rd_operations",
        "flush_operations",
        "wr_total_times",
        "rd_total_times",
        "flush_total_times",
    ];
    // libvirtd sends the count (nparams) only to a caller who asked for it.
    assert_eq!(
        ours.0,
        (8, fields.map(String::from).to_vec(), 0, fields[..3].iter().map(|s| s.to_string()).collect(), -1)
    );
    assert_eq!((ours.2, ours.3), ((48 << 20, (1 << 20) + 4096, true), (64 << 20, true)));
    assert_eq!(
        ours.5[0],
        (Code::VIR_ERR_INVALID_ARG, Domain::VIR_FROM_QEMU, "invalid argument: invalid path: xx".into())
    );
    if let Some(theirs) = running.get(1) {
        assert_eq!(ours, theirs, "a running domain: ours, then libvirt's");
    }

    // Live-only metadata: the running definition and the status file, not the config.
    c.domain_set_metadata(&live[0], META_ELEMENT, Some("<live/>"), Some("l"), Some("http://live/"), AFFECT_LIVE)
        .unwrap();
    assert_eq!(c.domain_get_metadata(&live[0], META_ELEMENT, Some("http://live/"), 0).unwrap(), "<live/>");
    let e = err(c.domain_get_metadata(&live[0], META_ELEMENT, Some("http://live/"), AFFECT_CONFIG));
    assert_eq!(e.0, Code::VIR_ERR_NO_DOMAIN_METADATA);
    let status = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/st.xml")).unwrap();
    assert!(status.contains("<l:live xmlns:l=\"http://live/\"/>"), "{status}");
    assert!(!std::fs::read_to_string(d.dir.path().join("libvirt/qemu/st.xml")).unwrap().contains("http://live/"));
    assert_eq!(
        events.recv_timeout(Duration::from_secs(5)).unwrap(),
        ("st".into(), META_ELEMENT, Some("http://live/".into()))
    );
    for s in &sides {
        s.c.connect_domain_event_stop(EVENT_METADATA_CHANGE).unwrap();
    }

    // Debian's virsh against both daemons.
    if let (Some(r), Some(_)) = (&reference, virsh_path()) {
        let home = d.dir.path();
        let theirs_uri = r.qemu_uri();
        let blk_ours = vsh(home, &ours_uri, "domblkstat st vda");
        let blk_theirs = vsh(home, &theirs_uri, "domblkstat st vda");
        let fields = [
            "rd_req",
            "rd_bytes",
            "wr_req",
            "wr_bytes",
            "flush_operations",
            "rd_total_times",
            "wr_total_times",
            "flush_total_times",
        ];
        assert_eq!(column(&blk_ours, 1), fields.map(String::from).to_vec(), "{blk_ours}");
        assert_eq!(column(&blk_ours, 1), column(&blk_theirs, 1), "{blk_ours}\n{blk_theirs}");
        let words = |s: &str| {
            s.lines().map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        for cmd in [
            "domblkinfo st vda",
            "domblkinfo st vdb --human",
            "domblkinfo st hdc",
            "domblkinfo st xx",
            "desc st",
            "desc st --title",
            "metadata st http://x/",
            "metadata st http://nope/",
            "domifaddr st",
            "domifaddr st --source agent",
            "domifaddr st --source arp",
            "cpu-models x86_64",
            "cpu-stats st --total",
        ] {
            let (o, t) = (vsh(home, &ours_uri, cmd), vsh(home, &theirs_uri, cmd));
            // Allocation and the physical size depend on the blocks each file got.
            let keep = |w: &Vec<Vec<String>>| {
                w.iter()
                    .filter(|l| {
                        !l.first().is_some_and(|f| f == "Allocation:" || f == "Physical:")
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            };
            if cmd.starts_with("cpu-stats") {
                assert_eq!(column(&o, 0), column(&t, 0), "{cmd}:\n{o}\n{t}");
                assert_eq!(
                    column(&o, 0),
                    ["Total:".to_string(), "cpu_time".into(), "user_time".into(), "system_time".into()],
                    "{o}"
                );
            } else {
                assert_eq!(keep(&words(&o)), keep(&words(&t)), "virsh {cmd}: ours, then libvirt's");
            }
        }
        assert!(vsh(home, &ours_uri, "desc st").contains("a disk guest"));
    }

    for (s, dom) in sides.iter().zip(&live) {
        s.c.domain_destroy_flags(dom, 0).unwrap();
        s.c.domain_undefine_flags(&s.dom, 0).unwrap();
    }
}

#[test]
fn interface_addresses_from_dhcp_leases_and_the_arp_table() {
    if !have_qemu() || !["/usr/sbin/dnsmasq", "/usr/sbin/nft", "/usr/bin/busybox"].iter().all(|p| Path::new(p).exists())
    {
        eprintln!("SKIP: needs dnsmasq, nft and busybox");
        return;
    }
    let (kernel, initrd) = tiny_guest();
    let d = Daemon::spawn_in(
        TempDir::new("stats-net"),
        "network_define_default = 1",
        &["--system"],
        &private_netns_wrapper(),
    );
    d.wait_ready();
    let _netns = NetnsReaper::of(d.pid() as u32);
    let _reaper = QemuReaper(d.dir.path().join("libvirt/qemu/run"));
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = open(&uri);
    let dir = d.dir.path().join("guest");
    std::fs::create_dir_all(&dir).unwrap();
    make_disks(&dir);
    let mac = "52:54:00:5a:7e:01";
    let nic = format!(
        "<interface type='network'><mac address='{mac}'/><source network='default'/><model type='virtio'/></interface>"
    );
    let dom = c.domain_define_xml_flags(&guest_xml(&dir, &kernel, &initrd, false, &nic), 0).unwrap();
    let id =
        c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let dom = DomainId { id, ..dom };
    let serial = dir.join("serial.log");
    let leased = wait_until(Duration::from_secs(60), || serial_text(&serial).contains("tiny-guest: lease eth0 "));
    let console = serial_text(&serial);
    assert!(leased, "no DHCP lease:\n{console}\n{}", d.log_text());
    // "tiny-guest: lease eth0 IP/MASK router ..."
    let (_, lease) = console.split_once("tiny-guest: lease eth0 ").unwrap();
    let ip = lease.split('/').next().unwrap().to_string();
    assert!(ip.starts_with("192.168.122."), "{console}");
    let live_xml = c.domain_get_xml_desc(&dom, 0).unwrap();
    let nic_xml = live_xml.split("<interface type='network'>").nth(1).unwrap();
    let tap = nic_xml.split("<target dev='").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_string();
    assert!(tap.starts_with("vnet"), "{live_xml}");

    // dnsmasq writes its lease file a moment after it answers.
    let mut got = Vec::new();
    wait_until(Duration::from_secs(10), || {
        got = c.domain_interface_addresses(&dom, SRC_LEASE, 0).unwrap();
        !got.is_empty()
    });
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].name.as_str(), got[0].hwaddr.as_deref()), (tap.as_str(), Some(mac)));
    let addrs: Vec<_> = got[0].addrs.0.iter().map(|a| (a.type_, a.addr.clone(), a.prefix)).collect();
    assert_eq!(addrs, vec![(0, ip.clone(), 24)]);

    // ARP: the host talks to the guest, and the kernel's neighbour table has it.
    let pid = d.pid().to_string();
    let ping = run_with_timeout(
        Command::new("nsenter").args(["-t", &pid, "-n", "busybox", "ping", "-c", "1", "-W", "5", &ip]),
        Duration::from_secs(20),
    );
    assert!(ping.status.success(), "ping {ip}: {}{}", text(&ping.stdout), text(&ping.stderr));
    // libvirt keeps reachable and stale neighbours only: one the host just pinged may be
    // in DELAY for a few seconds before the kernel confirms it.
    let mut arp = Vec::new();
    wait_until(Duration::from_secs(15), || {
        let got = c.domain_interface_addresses(&dom, SRC_ARP, 0).unwrap();
        arp = got
            .iter()
            .map(|i| {
                (
                    i.name.clone(),
                    i.hwaddr.clone(),
                    i.addrs.0.iter().map(|a| (a.type_, a.addr.clone(), a.prefix)).collect::<Vec<_>>(),
                )
            })
            .collect();
        !arp.is_empty()
    });
    assert_eq!(arp, vec![(tap.clone(), Some(mac.to_string()), vec![(0, ip.clone(), 0)])]);
    assert_eq!(
        err(c.domain_interface_addresses(&dom, SRC_AGENT, 0)),
        (
            Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
            Domain::VIR_FROM_QEMU,
            "argument unsupported: QEMU guest agent is not configured".into()
        )
    );

    if virsh_path().is_some() {
        let out = vsh(d.dir.path(), &uri, "domifaddr st");
        assert!(out.contains(&format!("{tap} ")) && out.contains(mac) && out.contains(&format!("{ip}/24")), "{out}");
        let out = vsh(d.dir.path(), &uri, "domifaddr st --source arp");
        assert!(out.contains(&format!("{ip}/0")), "{out}");
    }
    c.domain_destroy_flags(&dom, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
}
