//! The storage driver of qemud's QEMU connection: a `--system` daemon in a temp dir,
//! real `qemu-img`, real loop devices, mounts and LVM in private mount namespaces, a FUSE
//! mount nobody answers for the hung-store case, and the real clients (Debian's virsh and
//! python3-libvirt) on the wire.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::{self, OpenFlags, StoragePoolId};
use virt::error::Code;
use virt::uri::Uri;

fn open_system(d: &Daemon) -> (Box<dyn Driver>, String) {
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()));
    (c, uri)
}

fn run_ok(program: &str, args: &[&str]) -> String {
    let out = run_with_timeout(Command::new(program).args(args), Duration::from_secs(60));
    assert!(out.status.success(), "{program} {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

fn dir_pool(name: &str, path: &Path) -> String {
    format!("<pool type='dir'><name>{name}</name><target><path>{}</path></target></pool>", path.display())
}

fn qcow2_vol(name: &str, cap: &str) -> String {
    format!("<volume><name>{name}</name><capacity unit='bytes'>{cap}</capacity><target><format type='qcow2'/></target></volume>")
}

fn qemu_img_info(path: &Path) -> String {
    run_ok("qemu-img", &["info", "-U", "--output=json", path.to_str().unwrap()])
}

/// Starts a `--system` daemon whose storage config lands in `<dir>/libvirt/storage`.
fn system_daemon(tag: &str, extra: &str) -> Daemon {
    Daemon::start(tag, extra, &["--system"])
}

/// A dir pool from define to undefine: build, start, autostart, info and XML as libvirt
/// formats them, raw and qcow2 volumes through qemu-img (allocation, backing store,
/// clone, resize, wipe, delete), lookups, bad input leaving nothing behind, and a
/// daemon restart that keeps the pool running and autostarted.
#[test]
fn dir_pool_and_volumes_survive_a_restart() {
    let d = system_daemon("storage-dir", "");
    let (c, _) = open_system(&d);
    let images = d.dir.path().join("images");
    let storage = d.dir.path().join("libvirt/storage");

    // Bad input: clear errors, no config file.
    for bad in ["/", "/etc", "/usr/share/x", "/proc/self", "/sys", "/dev/shm", "/boot", "relative/dir", "/var/../etc"] {
        let e = c.storage_pool_define_xml(&dir_pool("bad", Path::new(bad)), 0).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_INVALID_ARG, "{bad}: {}", e.message);
        assert!(e.message.contains("storage pool target path"), "{}", e.message);
    }
    let e = c.storage_pool_define_xml("<pool type='dir'><name>a/b</name><target><path>/srv/x</path></target></pool>", 0).unwrap_err();
    assert!(e.message.contains("cannot contain '/'"), "{}", e.message);
    assert!(c.connect_list_all_storage_pools(0).unwrap().is_empty());
    assert!(!storage.join("bad.xml").exists());

    let pool = c.storage_pool_define_xml(&dir_pool("default", &images), 0).unwrap();
    assert!(storage.join("default.xml").exists());
    let xml = c.storage_pool_get_xml_desc(&pool, 0).unwrap();
    assert!(xml.starts_with("<pool type='dir'>\n  <name>default</name>\n"), "{xml}");
    assert!(xml.contains("<capacity unit='bytes'>0</capacity>"), "{xml}");
    // Duplicates: same name other UUID, same UUID other name, same target.
    let e = c.storage_pool_define_xml(&dir_pool("default", &d.dir.path().join("other")), 0).unwrap_err();
    assert_eq!(e.message, format!("operation failed: pool 'default' already exists with uuid {}", virt::conf::uuid::Uuid(pool.uuid)));
    let same_uuid = format!(
        "<pool type='dir'><name>twin</name><uuid>{}</uuid><target><path>/srv/twin</path></target></pool>",
        virt::conf::uuid::Uuid(pool.uuid)
    );
    assert!(c.storage_pool_define_xml(&same_uuid, 0).unwrap_err().message.contains("is already defined with uuid"));
    let e = c.storage_pool_define_xml(&dir_pool("other", &images), 0).unwrap_err();
    assert_eq!(e.message, "operation failed: Storage source conflict with pool: 'default'");
    assert!(!storage.join("twin.xml").exists() && !storage.join("other.xml").exists());

    // Not built yet: start fails as libvirt's does.
    let e = c.storage_pool_create(&pool, 0).unwrap_err();
    assert!(e.message.contains(&format!("cannot open directory '{}'", images.display())), "{}", e.message);
    c.storage_pool_build(&pool, 0).unwrap();
    assert!(images.is_dir());
    c.storage_pool_create(&pool, 0).unwrap();
    let e = c.storage_pool_create(&pool, 0).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: storage pool 'default' is already active");
    c.storage_pool_set_autostart(&pool, true).unwrap();
    assert!(storage.join("autostart/default.xml").symlink_metadata().is_ok());
    let info = c.storage_pool_get_info(&pool).unwrap();
    assert_eq!(info.state, 2);
    assert!(info.capacity > 0 && info.available > 0 && info.available <= info.capacity, "{info:?}");
    let xml = c.storage_pool_get_xml_desc(&pool, 0).unwrap();
    assert!(xml.contains("<permissions>\n      <mode>0711</mode>\n      <owner>0</owner>"), "{xml}");

    // Volumes.
    let raw = c
        .storage_vol_create_xml(&pool, "<volume><name>r.img</name><capacity unit='MiB'>10</capacity><allocation unit='MiB'>1</allocation></volume>", 0)
        .unwrap();
    assert_eq!(raw.key, images.join("r.img").display().to_string());
    let i = c.storage_vol_get_info(&raw).unwrap();
    assert_eq!((i.type_, i.capacity), (0, 10 << 20));
    assert!(i.allocation >= 1 << 20 && i.allocation < 10 << 20, "{i:?}");
    let base = c.storage_vol_create_xml(&pool, &qcow2_vol("base.qcow2", "1073741824"), 0).unwrap();
    assert!(qemu_img_info(&images.join("base.qcow2")).contains("\"format\": \"qcow2\""));
    let x = c.storage_vol_get_xml_desc(&base, 0).unwrap();
    assert!(x.starts_with("<volume type='file'>\n  <name>base.qcow2</name>\n"), "{x}");
    assert!(x.contains("<capacity unit='bytes'>1073741824</capacity>"), "{x}");
    assert!(x.contains("<format type='qcow2'/>\n    <permissions>\n      <mode>0600</mode>"), "{x}");
    assert!(x.contains("<physical unit='bytes'>") && x.contains("<timestamps>\n      <atime>"), "{x}");
    let over = format!(
        "<volume><name>over.qcow2</name><capacity unit='G'>1</capacity><target><format type='qcow2'/></target>\
         <backingStore><path>{}</path><format type='qcow2'/></backingStore></volume>",
        images.join("base.qcow2").display()
    );
    let over = c.storage_vol_create_xml(&pool, &over, 0).unwrap();
    let info = qemu_img_info(&images.join("over.qcow2"));
    assert!(info.contains("base.qcow2"), "{info}");
    assert!(c.storage_vol_get_xml_desc(&over, 0).unwrap().contains("<backingStore>\n    <path>"));
    let clone = c.storage_vol_create_xml_from(&pool, &qcow2_vol("clone.qcow2", "0"), &base, 0).unwrap();
    assert_eq!(c.storage_vol_get_info(&clone).unwrap().capacity, 1 << 30);
    // Resize: grow, refuse to shrink without the flag, shrink with it.
    c.storage_vol_resize(&clone, 2 << 30, 0).unwrap();
    assert_eq!(c.storage_vol_get_info(&clone).unwrap().capacity, 2 << 30);
    let e = c.storage_vol_resize(&clone, 1 << 30, 0).unwrap_err();
    assert_eq!(e.message, "invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly specified");
    c.storage_vol_resize(&raw, 20 << 20, 0).unwrap();
    assert_eq!(std::fs::metadata(images.join("r.img")).unwrap().len(), 20 << 20);
    std::fs::write(images.join("r.img"), vec![7u8; 4096]).unwrap();
    c.storage_vol_resize(&raw, 20 << 20, 0).unwrap();
    c.storage_vol_wipe(&raw, 0).unwrap();
    let content = std::fs::read(images.join("r.img")).unwrap();
    assert!(content.len() == 20 << 20 && content.iter().all(|b| *b == 0));
    // Lookups.
    let path = images.join("clone.qcow2").display().to_string();
    assert_eq!(c.storage_vol_lookup_by_path(&path).unwrap().name, "clone.qcow2");
    assert_eq!(c.storage_vol_lookup_by_key(&path).unwrap().name, "clone.qcow2");
    assert_eq!(c.storage_vol_get_path(&clone).unwrap(), path);
    assert_eq!(c.storage_pool_lookup_by_volume(&clone).unwrap().name, "default");
    let e = c.storage_vol_lookup_by_name(&pool, "nope").unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_NO_STORAGE_VOL, "Storage volume not found: no storage vol with matching name 'nope'"));
    // Bad volumes: nothing left behind.
    let e = c.storage_vol_create_xml(&pool, &qcow2_vol("x/y", "1024"), 0).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: volume name 'x/y' cannot contain '/'");
    let e = c.storage_vol_create_xml(&pool, &qcow2_vol("base.qcow2", "1024"), 0).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_STORAGE_VOL_EXIST, "storage volume 'base.qcow2' exists already"));
    let bad_backing = "<volume><name>bb.qcow2</name><capacity>1024</capacity><target><format type='qcow2'/></target>\
                       <backingStore><path>/nonexistent/base</path></backingStore></volume>";
    assert!(c.storage_vol_create_xml(&pool, bad_backing, 0).is_err());
    assert!(!images.join("bb.qcow2").exists(), "a failed create leaves no file");
    let names = c.storage_pool_list_volumes(&pool).unwrap();
    assert_eq!(names, ["base.qcow2", "clone.qcow2", "over.qcow2", "r.img"]);
    assert_eq!(c.storage_pool_num_of_volumes(&pool).unwrap(), 4);
    // A file put there by hand shows after a refresh.
    std::fs::write(images.join("hand.raw"), b"x").unwrap();
    c.storage_pool_refresh(&pool, 0).unwrap();
    assert_eq!(c.storage_pool_num_of_volumes(&pool).unwrap(), 5);
    c.storage_vol_delete(&c.storage_vol_lookup_by_name(&pool, "hand.raw").unwrap(), 0).unwrap();
    assert!(!images.join("hand.raw").exists());

    // A transient pool alongside; filters.
    let tdir = d.dir.path().join("scratch");
    std::fs::create_dir(&tdir).unwrap();
    let scratch = c.storage_pool_create_xml(&dir_pool("scratch", &tdir), 0).unwrap();
    assert!(!c.storage_pool_is_persistent(&scratch).unwrap());
    let names = |flags| c.connect_list_all_storage_pools(flags).unwrap().into_iter().map(|p| p.name).collect::<Vec<_>>();
    assert_eq!(names(1 << 3), ["scratch"], "transient");
    assert_eq!(names(1 << 4), ["default"], "autostart");
    assert_eq!(names(1 << 6), ["default", "scratch"], "dir");
    assert!(names(1 << 7).is_empty(), "fs");

    // Restart: the stopped autostart pool starts with the daemon and finds its volumes;
    // the running transient one is found running (its state file).
    c.storage_pool_destroy(&pool).unwrap();
    assert!(!c.storage_pool_is_active(&pool).unwrap());
    drop(c);
    let dir = {
        let mut d = d;
        let tmp = std::mem::replace(&mut d.dir, TempDir(std::env::temp_dir().join("qemud-nonexistent")));
        drop(d);
        tmp
    };
    let d = Daemon::spawn_in(dir, "", &["--system"], &[]);
    d.wait_ready();
    let (c, _) = open_system(&d);
    let pool = c.storage_pool_lookup_by_name("default").unwrap();
    assert!(c.storage_pool_is_active(&pool).unwrap(), "log: {}", d.log_text());
    assert!(c.storage_pool_get_autostart(&pool).unwrap());
    assert_eq!(c.storage_pool_num_of_volumes(&pool).unwrap(), 4);
    let scratch = c.storage_pool_lookup_by_name("scratch").unwrap();
    assert!(c.storage_pool_is_active(&scratch).unwrap());
    c.storage_pool_destroy(&scratch).unwrap();
    assert!(c.storage_pool_lookup_by_name("scratch").is_err(), "a stopped transient pool goes");

    for v in ["over.qcow2", "clone.qcow2", "base.qcow2", "r.img"] {
        c.storage_vol_delete(&c.storage_vol_lookup_by_name(&pool, v).unwrap(), 0).unwrap();
    }
    let e = c.storage_pool_undefine(&pool).unwrap_err();
    assert_eq!(e.message, "Requested operation is not valid: storage pool 'default' is still active");
    c.storage_pool_destroy(&pool).unwrap();
    c.storage_pool_delete(&pool, 0).unwrap();
    assert!(!images.exists());
    c.storage_pool_undefine(&pool).unwrap();
    let storage = d.dir.path().join("libvirt/storage");
    assert!(!storage.join("default.xml").exists() && storage.join("autostart/default.xml").symlink_metadata().is_err());
}

/// Debian's virsh against our daemon: the pool and volume commands users type, volume
/// upload and download (sparse), `vol-list --details`.
#[test]
fn virsh_pool_and_volume_commands() {
    if virsh_path().is_none() {
        eprintln!("SKIP: virsh is not installed");
        return;
    }
    let d = system_daemon("storage-virsh", "");
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let images = d.dir.path().join("pool");
    let up = d.dir.path().join("up.bin");
    {
        // 4 MiB with data at the start and the end, a hole between.
        let f = std::fs::File::create(&up).unwrap();
        use std::os::unix::fs::FileExt;
        f.write_all_at(&[1u8; 65536], 0).unwrap();
        f.write_all_at(&[2u8; 65536], (4 << 20) - 65536).unwrap();
    }
    let down = d.dir.path().join("down.bin");
    let cmds = format!(
        "pool-define-as vp dir --target {img}; pool-build vp; pool-start vp; pool-autostart vp; \
         vol-create-as vp a.qcow2 1G --format qcow2; vol-clone a.qcow2 b.qcow2 --pool vp; \
         vol-create-as vp r.raw 4M --format raw; vol-upload r.raw {up} --pool vp --sparse; \
         vol-download r.raw {down} --pool vp --sparse; vol-list vp --details; pool-info vp; pool-list --all --details",
        img = images.display(),
        up = up.display(),
        down = down.display()
    );
    let out = virsh(&home, &uri, &[], &cmds);
    let o = text(&out.stdout);
    assert!(out.status.success(), "{o}{}\nlog: {}", text(&out.stderr), d.log_text());
    assert!(o.contains("Pool vp defined") && o.contains("Pool vp built") && o.contains("Pool vp started"), "{o}");
    assert!(o.contains("Vol a.qcow2 created") && o.contains("Vol b.qcow2 cloned from a.qcow2"), "{o}");
    assert!(o.contains(&format!(" a.qcow2   {}/a.qcow2   file   1.00 GiB", images.display())), "{o}");
    assert!(o.contains("Autostart:      yes"), "{o}");
    assert_eq!(std::fs::read(&down).unwrap(), std::fs::read(&up).unwrap(), "the volume came back as it went");
    assert!(qemu_img_info(&images.join("b.qcow2")).contains("\"virtual-size\": 1073741824"));
    // Only the data took space in the volume: the hole travelled as a hole.
    use std::os::unix::fs::MetadataExt;
    assert!(std::fs::metadata(images.join("r.raw")).unwrap().blocks() * 512 < 1 << 20, "sparse upload");
    let out = virsh(&home, &uri, &[], "vol-create-as vp bad/name 1M; pool-define-as bad dir --target /etc");
    let e = text(&out.stderr);
    assert!(e.contains("volume name 'bad/name' cannot contain '/'"), "{e}");
    assert!(e.contains("storage pool target path '/etc' is in the system tree /etc"), "{e}");
    let out = virsh(&home, &uri, &[], "vol-delete a.qcow2 --pool vp; vol-delete b.qcow2 --pool vp; vol-delete r.raw --pool vp; pool-destroy vp; pool-delete vp; pool-undefine vp");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!images.exists());
}

/// Debian's python3-libvirt (the real library) on our daemon: pool lifecycle and refresh
/// events, in order.
#[test]
fn pool_events_reach_real_clients() {
    if !Path::new("/usr/bin/python3").exists() {
        eprintln!("SKIP: no /usr/bin/python3");
        return;
    }
    let d = system_daemon("storage-events", "");
    let (_, uri) = open_system(&d);
    let target = d.dir.path().join("evpool");
    let script = r#"
import libvirt, sys, threading, time
libvirt.virEventRegisterDefaultImpl()
c = libvirt.open(sys.argv[1])
got = []
c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lambda c, p, e, d, o: got.append('L%d' % e), None)
c.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, lambda c, p, o: got.append('R'), None)
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
p = c.storagePoolDefineXML("<pool type='dir'><name>ev</name><target><path>%s</path></target></pool>" % sys.argv[2])
p.build(); p.create(); p.refresh(); p.destroy(); p.delete(); p.undefine()
end = time.time() + 10
while len(got) < 7 and time.time() < end:
    time.sleep(0.05)
print(' '.join(got))
"#;
    let mut cmd = Command::new("/usr/bin/python3");
    cmd.args(["-c", script, &uri, target.to_str().unwrap()]).env_remove("LD_LIBRARY_PATH");
    let out = run_with_timeout(&mut cmd, Duration::from_secs(30));
    assert!(out.status.success(), "{}", text(&out.stderr));
    // DEFINED, CREATED (built), STARTED, REFRESH, STOPPED, DELETED, UNDEFINED.
    assert_eq!(text(&out.stdout).trim(), "L0 L4 L2 R L3 L5 L1");
}

/// A pool whose backing store hangs (a FUSE mount nobody serves, in the daemon's private
/// mount namespace): its refresh fails at the deadline naming the hang, while listing,
/// another pool and domains answer at once; when the store goes, the pool recovers.
#[test]
fn a_hung_pool_blocks_no_one() {
    if !is_root() || !Path::new("/dev/fuse").exists() || !Path::new("/usr/bin/python3").exists() {
        eprintln!("SKIP: needs root, /dev/fuse and python3");
        return;
    }
    let dir = TempDir::new("storage-hung");
    let unshare: Vec<String> = ["unshare", "-m", "--propagation", "private"].iter().map(|s| s.to_string()).collect();
    let d = Daemon::spawn_in(dir, "storage_refresh_timeout_ms = 1500", &["--system"], &unshare);
    d.wait_ready();
    let (c, _) = open_system(&d);
    let hang = d.dir.path().join("hang");
    let fine = d.dir.path().join("fine");
    std::fs::create_dir_all(&hang).unwrap();
    std::fs::create_dir_all(&fine).unwrap();
    let hp = c.storage_pool_create_xml(&dir_pool("hung", &hang), 0).unwrap();
    let fp = c.storage_pool_create_xml(&dir_pool("fine", &fine), 0).unwrap();
    // The FUSE mount, inside the daemon's namespace, its fd held by a helper that never reads.
    let pid = d.pid().to_string();
    let helper = "import os,sys,subprocess,time\n\
                  fd=os.open('/dev/fuse',os.O_RDWR)\n\
                  subprocess.run(['mount','-i','-t','fuse','-o','fd=%d,rootmode=40000,user_id=0,group_id=0' % fd,'hung',sys.argv[1]],pass_fds=[fd],check=True)\n\
                  print('mounted',flush=True)\n\
                  time.sleep(120)\n";
    let mut child = Command::new("nsenter")
        .args(["-t", &pid, "-m", "--", "/usr/bin/python3", "-c", helper, hang.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line.trim(), "mounted");
    struct Cleanup(std::process::Child, String, PathBuf);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
            let _ = Command::new("nsenter").args(["-t", &self.1, "-m", "--", "umount", "-l"]).arg(&self.2).status();
        }
    }
    let cleanup = Cleanup(child, pid.clone(), hang.clone());

    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let t = std::thread::spawn(move || {
        let c = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
        let start = Instant::now();
        let r = c.storage_pool_refresh(&hp, 0);
        (r, start.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    // Meanwhile everything else answers at once.
    let start = Instant::now();
    assert_eq!(c.connect_list_all_storage_pools(0).unwrap().len(), 2);
    c.storage_pool_refresh(&fp, 0).unwrap();
    assert_eq!(c.storage_pool_get_info(&fp).unwrap().state, 2);
    c.connect_list_all_domains(0).unwrap();
    c.storage_pool_get_info(&StoragePoolId { name: "hung".into(), uuid: c.storage_pool_lookup_by_name("hung").unwrap().uuid }).unwrap();
    assert!(start.elapsed() < Duration::from_millis(500), "others waited {:?}", start.elapsed());
    let (r, took) = t.join().unwrap();
    let e = r.unwrap_err();
    assert_eq!(e.code, Code::VIR_ERR_OPERATION_TIMEOUT, "{}", e.message);
    assert!(e.message.contains("cannot refresh storage pool 'hung'") && e.message.contains("did not answer within 1500 ms"), "{}", e.message);
    assert!(took >= Duration::from_millis(1400) && took < Duration::from_secs(5), "{took:?}");
    // A second refresh does not pile up another stuck worker: it fails at once.
    let start = Instant::now();
    let e = c.storage_pool_refresh(&c.storage_pool_lookup_by_name("hung").unwrap(), 0).unwrap_err();
    assert!(e.message.contains("still waiting for its backing store"), "{}", e.message);
    assert!(start.elapsed() < Duration::from_millis(500));
    // The store goes away (its server ends): the worker returns, the pool can be stopped.
    drop(cleanup);
    let hp = c.storage_pool_lookup_by_name("hung").unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    while c.storage_pool_refresh(&hp, 0).map_err(|e| e.message).err().map_or(false, |m| m.contains("still waiting")) && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
    }
    c.storage_pool_destroy(&hp).unwrap();
    c.storage_pool_destroy(&fp).unwrap();
}

/// fs and logical pools on a loop device, in the daemon's private mount namespace: the
/// fs pool makes its file system and mounts it (seen only inside), the logical pool makes a
/// volume group of a unique name, LVs as volumes; everything removed at the end.
#[test]
fn fs_and_logical_pools_on_loop_devices() {
    if !is_root() || !Path::new("/dev/loop-control").exists() || !Path::new("/usr/sbin/vgcreate").exists() {
        eprintln!("SKIP: needs root, loop devices and lvm2");
        return;
    }
    let dir = TempDir::new("storage-loop");
    let img = dir.path().join("disk.img");
    let img2 = dir.path().join("vg.img");
    std::fs::File::create(&img).unwrap().set_len(64 << 20).unwrap();
    std::fs::File::create(&img2).unwrap().set_len(64 << 20).unwrap();
    let loop1 = run_ok("losetup", &["-f", "--show", img.to_str().unwrap()]).trim().to_string();
    let loop2 = run_ok("losetup", &["-f", "--show", img2.to_str().unwrap()]).trim().to_string();
    struct Detach(Vec<String>, String);
    impl Drop for Detach {
        fn drop(&mut self) {
            let _ = Command::new("vgremove").args(["-f", &self.1]).output();
            for l in &self.0 {
                let _ = Command::new("pvremove").args(["-y", l]).output();
                let _ = Command::new("losetup").args(["-d", l]).output();
            }
        }
    }
    let vg = format!("qemudtest{}", std::process::id());
    let _detach = Detach(vec![loop1.clone(), loop2.clone()], vg.clone());
    let unshare: Vec<String> = ["unshare", "-m", "--propagation", "private"].iter().map(|s| s.to_string()).collect();
    let d = Daemon::spawn_in(dir, "", &["--system"], &unshare);
    d.wait_ready();
    let (c, _) = open_system(&d);

    // fs
    let mnt = d.dir.path().join("mnt");
    let fs = format!(
        "<pool type='fs'><name>fsp</name><source><device path='{loop1}'/><format type='ext4'/></source>\
         <target><path>{}</path></target></pool>",
        mnt.display()
    );
    let fsp = c.storage_pool_define_xml(&fs, 0).unwrap();
    c.storage_pool_build(&fsp, 4).unwrap_or_else(|e| panic!("build: {}", e.message)); // NO_OVERWRITE: mkfs
    c.storage_pool_create(&fsp, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text()));
    let mounts = std::fs::read_to_string(format!("/proc/{}/mounts", d.pid())).unwrap();
    assert!(mounts.contains(&format!("{loop1} {} ext4", mnt.display())), "{mounts}");
    assert!(!std::fs::read_to_string("/proc/self/mounts").unwrap().contains(&loop1), "mounted only in the daemon's namespace");
    let info = c.storage_pool_get_info(&fsp).unwrap();
    assert!(info.capacity > 50 << 20 && info.capacity < 64 << 20, "{info:?}");
    let v = c.storage_vol_create_xml(&fsp, &qcow2_vol("in-fs.qcow2", "1073741824"), 0).unwrap();
    assert_eq!(c.storage_vol_get_info(&v).unwrap().capacity, 1 << 30);
    let e = c.storage_pool_build(&fsp, 0).unwrap_err();
    assert!(e.message.contains("is already active"), "{}", e.message);
    c.storage_vol_delete(&v, 0).unwrap();
    c.storage_pool_destroy(&fsp).unwrap();
    let mounts = std::fs::read_to_string(format!("/proc/{}/mounts", d.pid())).unwrap();
    assert!(!mounts.contains(&loop1), "unmounted: {mounts}");
    c.storage_pool_undefine(&fsp).unwrap();

    // logical
    let lv = format!("<pool type='logical'><name>{vg}</name><source><device path='{loop2}'/></source></pool>");
    let lp = c.storage_pool_define_xml(&lv, 0).unwrap();
    c.storage_pool_build(&lp, 0).unwrap_or_else(|e| panic!("build: {}", e.message));
    c.storage_pool_create(&lp, 0).unwrap_or_else(|e| panic!("start: {}", e.message));
    let x = c.storage_pool_get_xml_desc(&lp, 0).unwrap();
    assert!(x.contains(&format!("<name>{vg}</name>\n    <format type='lvm2'/>")) && x.contains(&format!("<path>/dev/{vg}</path>")), "{x}");
    let info = c.storage_pool_get_info(&lp).unwrap();
    assert!(info.capacity > 50 << 20 && info.allocation == 0, "{info:?}");
    let lv1 = "<volume><name>lv1</name><capacity unit='MiB'>8</capacity></volume>";
    if std::fs::File::open("/dev/mapper/control").is_err() {
        // No device-mapper in this kernel: LVs cannot be made. The failure carries
        // lvcreate's words and leaves nothing behind.
        eprintln!("SKIP (LV part): no /dev/mapper/control");
        let e = c.storage_vol_create_xml(&lp, lv1, 0).unwrap_err();
        assert!(e.message.contains("lvcreate") && e.message.contains("device-mapper"), "{}", e.message);
        assert!(c.storage_pool_list_volumes(&lp).unwrap().is_empty());
        assert!(!run_ok("lvs", &["--noheadings", &vg]).contains("lv1"));
    } else {
        let v = c.storage_vol_create_xml(&lp, lv1, 0).unwrap();
        assert_ne!(v.key, format!("/dev/{vg}/lv1"), "LVs are keyed by their LVM UUID");
        let i = c.storage_vol_get_info(&v).unwrap();
        assert_eq!((i.type_, i.capacity), (1, 8 << 20));
        assert_eq!(c.storage_vol_get_path(&v).unwrap(), format!("/dev/{vg}/lv1"));
        assert_eq!(c.storage_pool_get_info(&lp).unwrap().allocation, 8 << 20);
        let clone = c.storage_vol_create_xml_from(&lp, "<volume><name>lv2</name><capacity unit='MiB'>8</capacity></volume>", &v, 0).unwrap();
        c.storage_vol_resize(&clone, 12 << 20, 0).unwrap();
        assert_eq!(c.storage_vol_get_info(&clone).unwrap().capacity, 12 << 20);
        c.storage_vol_wipe(&clone, 0).unwrap();
        c.storage_vol_delete(&clone, 0).unwrap();
        c.storage_vol_delete(&v, 0).unwrap();
    }
    c.storage_pool_destroy(&lp).unwrap();
    c.storage_pool_delete(&lp, 0).unwrap();
    c.storage_pool_undefine(&lp).unwrap();
    let out = Command::new("vgs").arg(&vg).output().unwrap();
    assert!(!out.status.success(), "the volume group is gone");
}

/// A domain disk `<disk type='volume'>` resolves through its pool when the domain starts:
/// QEMU gets the volume's file and format; a missing volume fails the start clearly.
#[test]
fn volume_disks_resolve_through_their_pool() {
    if !Path::new("/usr/bin/qemu-system-x86_64").exists() {
        eprintln!("SKIP: qemu-system-x86_64 is not installed");
        return;
    }
    let d = system_daemon("storage-disk", "");
    let (c, _) = open_system(&d);
    let images = d.dir.path().join("vimg");
    std::fs::create_dir_all(&images).unwrap();
    let pool = c.storage_pool_create_xml(&dir_pool("vp", &images), 0).unwrap();
    c.storage_vol_create_xml(&pool, &qcow2_vol("disk.qcow2", "67108864"), 0).unwrap();
    let dom_xml = |vol: &str| {
        format!(
            "<domain type='qemu'><name>vdisk</name><uuid>0f6a3c52-1d9e-4c1b-9a57-3a2b8e4f7d11</uuid><memory unit='MiB'>64</memory>\
             <os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
             <disk type='volume' device='disk'><source pool='vp' volume='{vol}'/><target dev='vda' bus='virtio'/></disk>\
             </devices></domain>"
        )
    };
    let dom = c.domain_define_xml_flags(&dom_xml("nope.qcow2"), 0).unwrap();
    let e = c.domain_create_with_flags(&dom, 0).unwrap_err();
    assert!(e.message.contains("no storage vol with matching name 'nope.qcow2'"), "{}", e.message);
    let dom = c.domain_define_xml_flags(&dom_xml("disk.qcow2"), 0).unwrap();
    let id = c.domain_create_with_flags(&dom, 0).unwrap_or_else(|e| panic!("start: {}\n{}", e.message, d.log_text())).id;
    let pid: i32 = std::fs::read_to_string(d.dir.path().join("libvirt/qemu/run/vdisk.pid")).unwrap().trim().parse().unwrap();
    let cmdline = String::from_utf8_lossy(&std::fs::read(format!("/proc/{pid}/cmdline")).unwrap()).replace('\0', " ");
    assert!(cmdline.contains(&images.join("disk.qcow2").display().to_string()), "{cmdline}");
    assert!(cmdline.contains("\"driver\":\"qcow2\""), "{cmdline}");
    let x = c.domain_get_xml_desc(&virt::driver::DomainId { id, ..dom.clone() }, 0).unwrap();
    assert!(x.contains("<disk type='volume' device='disk'>"), "the definition keeps the volume: {x}");
    c.domain_destroy_flags(&virt::driver::DomainId { id, ..dom.clone() }, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
    c.storage_pool_destroy(&pool).unwrap();
}

/// virt-manager's default pool (`StoragePool.build_default_pool`: `default`, dir,
/// `/var/lib/libvirt/images`) and `virt-install --disk size=1`, Debian's virtinst on our
/// library, against a daemon whose `/var/lib/libvirt` is a tmpfs of its own mount namespace.
#[test]
fn virt_manager_default_pool_and_virt_install_disk() {
    if !is_root() || !Path::new("/usr/share/virt-manager/virtinst").exists() || !Path::new("/usr/bin/virt-install").exists() {
        eprintln!("SKIP: needs root and Debian's virtinst");
        return;
    }
    let dir = TempDir::new("storage-virtinst");
    let wrapper: Vec<String> = [
        "unshare",
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        "mkdir -p /var/lib/libvirt && mount -t tmpfs tmpfs /var/lib/libvirt && exec \"$@\"",
        "sh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let d = Daemon::spawn_in(dir, "", &["--system"], &wrapper);
    d.wait_ready();
    let uri = format!("qemu+unix:///system?socket={}", d.sock().display());
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release");
    let script = r#"
import sys
sys.path.insert(0, '/usr/share/virt-manager')
import virtinst
from virtinst import StoragePool, DeviceDisk
conn = virtinst.VirtinstConnection(sys.argv[1])
conn.open(None, None)
StoragePool.build_default_pool(conn)
p = conn.storagePoolLookupByName('default')
print('pool', p.isActive(), p.autostart(), p.XMLDesc(0).count('<path>/var/lib/libvirt/images</path>'))
disk = DeviceDisk(conn)
disk.set_vol_install(DeviceDisk.build_vol_install(conn, 'vm1.qcow2', p, 1, True))
disk.validate()
disk.build_storage(None)
print('disk', disk.get_source_path())
"#;
    let mut cmd = Command::new("/usr/bin/python3");
    cmd.args(["-c", script, &uri]).env("LD_LIBRARY_PATH", &ours);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(60));
    let o = text(&out.stdout);
    assert!(out.status.success(), "{o}{}\nlog: {}", text(&out.stderr), d.log_text());
    assert!(o.contains("pool 1 1 1\n") && o.contains("disk /var/lib/libvirt/images/vm1.qcow2"), "{o}");
    let images = format!("/proc/{}/root/var/lib/libvirt/images", d.pid());
    assert!(Path::new(&images).join("vm1.qcow2").exists());
    assert!(!Path::new("/var/lib/libvirt/images/vm1.qcow2").exists(), "only in the daemon's namespace");
    let mut vi = Command::new("/usr/bin/virt-install");
    vi.args(["--connect", &uri, "--name", "vi", "--memory", "64", "--disk", "size=1", "--import"])
        .args(["--osinfo", "detect=on,require=off", "--network", "none", "--graphics", "none"])
        .args(["--controller", "usb,model=none", "--noautoconsole", "--noreboot"])
        .env("LD_LIBRARY_PATH", &ours)
        .env("HOME", d.dir.path());
    let out = run_with_timeout(&mut vi, Duration::from_secs(120));
    let o = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success() && o.contains("Allocating 'vi.qcow2'"), "{o}\nlog: {}", d.log_text());
    let info = qemu_img_info(&Path::new(&images).join("vi.qcow2"));
    assert!(info.contains("\"virtual-size\": 1073741824") && info.contains("\"format\": \"qcow2\""), "{info}");
}

/// The same virsh session against our daemon and against Debian's libvirtd (its storage
/// driver, in a private mount and network namespace whose libvirt directories are bind
/// mounts of temp dirs): the output, XML and errors included, is the same once UUIDs,
/// sizes, times and the pool paths are masked.
#[test]
fn virsh_output_matches_libvirtd() {
    if !is_root() || virsh_path().is_none() || !Path::new("/usr/sbin/libvirtd").exists() {
        eprintln!("SKIP: needs root, virsh and Debian's libvirtd");
        return;
    }
    let d = system_daemon("storage-vs-libvirtd", "");
    let refdir = d.dir.path().join("ref");
    for sub in ["etc", "run", "lib", "log"] {
        std::fs::create_dir_all(refdir.join(sub)).unwrap();
    }
    // libvirtd probes every QEMU binary before it listens: its capabilities cache is
    // kept between runs (in the temp dir, never the real /var/cache/libvirt).
    let cache = std::env::temp_dir().join("qemud-storage-test-libvirtd-cache");
    std::fs::create_dir_all(&cache).unwrap();
    let _ = std::fs::remove_file(refdir.join("cache"));
    std::os::unix::fs::symlink(&cache, refdir.join("cache")).unwrap();
    let start = "for m in etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt log:/var/log/libvirt cache:/var/cache/libvirt; do \
                 mkdir -p \"${m#*:}\" && mount --bind \"$0/${m%%:*}\" \"${m#*:}\" || exit 1; done; \
                 exec /usr/sbin/libvirtd --pid-file /run/libvirt/cmp.pid";
    let child = Command::new("unshare")
        .args(["-m", "-n", "--propagation", "private", "sh", "-c", start])
        .arg(&refdir)
        // Debian's libvirtd on Debian's library, not ours (which cargo puts on the path).
        .env_remove("LD_LIBRARY_PATH")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _ref = Kill(child);
    let sock = refdir.join("run/libvirt-sock");
    let end = Instant::now() + Duration::from_secs(60);
    while !sock.exists() && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(sock.exists(), "libvirtd did not start");
    let session = |target: &Path| {
        let t = target.display();
        format!(
            "pool-define-as cmp dir --target {t}; pool-dumpxml cmp; pool-start cmp; pool-build cmp; pool-start cmp; \
             pool-dumpxml cmp; pool-dumpxml cmp --inactive; vol-create-as cmp a.qcow2 1G --format qcow2; \
             vol-create-as cmp r.img 10M --allocation 1M; \
             vol-create-as cmp c.qcow2 1G --format qcow2 --backing-vol a.qcow2 --backing-vol-format qcow2; \
             vol-dumpxml a.qcow2 --pool cmp; vol-dumpxml r.img --pool cmp; vol-dumpxml c.qcow2 --pool cmp; \
             vol-info --bytes a.qcow2 --pool cmp; vol-list cmp --details; pool-info cmp; vol-create-as cmp x/y 1M; \
             vol-create-as cmp r.img 1M; vol-resize r.img 10K --pool cmp; vol-delete a.qcow2 --pool cmp; \
             vol-delete r.img --pool cmp; vol-delete c.qcow2 --pool cmp; pool-undefine cmp; pool-destroy cmp; \
             pool-dumpxml cmp; pool-delete cmp; pool-undefine cmp; vol-create-as nope x 1M; pool-start nope"
        )
    };
    let mask = |s: String, target: &Path| {
        let s = s.replace(&target.display().to_string(), "TARGET");
        let mut out = String::new();
        for line in s.lines() {
            if line.contains("<uuid>") || line.starts_with("UUID:") {
                out.push_str("UUID\n");
                continue;
            }
            // Digits (sizes, times, UUIDs' digits) and runs of spaces (virsh's column widths).
            let l: String = line.chars().map(|c| if c.is_ascii_hexdigit() && !c.is_ascii_alphabetic() { '0' } else { c }).collect();
            let mut squeezed = String::new();
            for c in l.chars() {
                if !(c == ' ' && squeezed.ends_with(' ')) && !(c == '0' && squeezed.ends_with('0')) {
                    squeezed.push(c);
                }
            }
            out.push_str(&squeezed);
            out.push('\n');
        }
        out
    };
    let home = d.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let run = |uri: &str, target: &Path| {
        let out = virsh(&home, uri, &[], &session(target));
        mask(format!("{}{}", text(&out.stdout), text(&out.stderr)), target)
    };
    let ours = run(&format!("qemu+unix:///system?socket={}", d.sock().display()), &d.dir.path().join("ours-pool"));
    // Paths of the same length: the same column widths in virsh's tables.
    let theirs = run(&format!("qemu+unix:///system?socket={}", sock.display()), &d.dir.path().join("refs-pool"));
    if ours != theirs {
        for (a, b) in theirs.lines().zip(ours.lines()) {
            if a != b {
                panic!("first difference:\nlibvirtd: {a}\nours:     {b}\n\nfull (ours):\n{ours}");
            }
        }
        panic!("lengths differ:\nlibvirtd:\n{theirs}\nours:\n{ours}");
    }
    assert!(ours.contains("<volume type='file'>") && ours.contains("cannot contain '/'"), "{ours}");
}
