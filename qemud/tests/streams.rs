//! Streams over the wire under stress: a client uploading 1 GiB into a test-driver volume
//! is killed (SIGKILL, a separate process: Debian's python3-libvirt) halfway. The daemon
//! must stay up, serve another client meanwhile, abort the transfer, and leave the volume
//! usable (download, upload again, delete).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Daemon;
use virt::driver::stream::Received;
use virt::driver::OpenFlags;
use virt::uri::Uri;

const GIB: u64 = 1 << 30;

/// Uploads 1 GiB of 0x5a into the volume, printing the MiB sent so far after each MiB.
const UPLOADER: &str = r#"
import libvirt, sys
c = libvirt.open(sys.argv[1])
vol = c.storagePoolLookupByName("default-pool").storageVolLookupByName("big")
st = c.newStream(0)
vol.upload(st, 0, 0, 0)
chunk = b"\x5a" * (1 << 20)
for i in range(1024):
    sent = 0
    while sent < len(chunk):
        sent += st.send(chunk[sent:])
    print(i + 1, flush=True)
st.finish()
print("done", flush=True)
"#;

#[test]
fn a_client_killed_mid_upload_leaves_the_daemon_and_the_volume_fine() {
    let mut d = Daemon::start("streams", "", &[]);
    let uri = Uri::parse(&d.uri()).unwrap();
    let conn = virt::driver::open(&uri, OpenFlags::default()).unwrap();
    let pool = conn.storage_pool_lookup_by_name("default-pool").unwrap();
    let xml = format!("<volume><name>big</name><capacity unit='bytes'>{}</capacity></volume>", 2 * GIB);
    let vol = conn.storage_vol_create_xml(&pool, &xml, 0).unwrap();

    let mut up = Command::new("/usr/bin/python3")
        .args(["-c", UPLOADER, &d.uri()])
        .env_remove("LD_LIBRARY_PATH")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 with libvirt");
    let mut progress = BufReader::new(up.stdout.take().unwrap()).lines();

    // While it uploads, another client is served promptly.
    let mut mib = 0;
    let mut worst = Duration::ZERO;
    while mib < 512 {
        let line = progress.next().expect("the uploader stopped early").unwrap();
        mib = line.trim().parse().unwrap_or(mib);
        if mib % 64 == 0 {
            let t = Instant::now();
            let info = conn.storage_vol_get_info(&vol).unwrap();
            assert_eq!(info.capacity, 2 * GIB);
            worst = worst.max(t.elapsed());
        }
    }
    assert!(worst < Duration::from_secs(2), "other calls waited {worst:?} during the upload");

    // Killed halfway: no finish, no abort, the socket just goes.
    eprintln!("killing the uploader at {mib} MiB");
    up.kill().unwrap();
    up.wait().unwrap();
    assert!(d.is_running(), "the daemon died with its client");

    // The volume is usable: what arrived is there, it takes a new upload, it can go.
    let deadline = Instant::now() + Duration::from_secs(10);
    let (_, st) = conn.storage_vol_download(&vol, 0, 4096, 0).unwrap();
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 65536];
    loop {
        match st.recv(&mut chunk, false, false).unwrap() {
            Received::Data(n) => buf.extend_from_slice(&chunk[..n]),
            Received::Eof => break,
            r => panic!("unexpected {r:?}"),
        }
    }
    st.finish().unwrap();
    assert_eq!(buf.len(), 4096);
    assert!(buf.iter().all(|&b| b == 0x5a), "the first MiB sent before the kill is in the volume");

    let (_, st) = conn.storage_vol_upload(&vol, 0, 3, 0).unwrap();
    assert_eq!(st.send(b"abc", false).unwrap(), Some(3));
    st.finish().unwrap();
    loop {
        match conn.storage_vol_delete(&vol, 0) {
            Ok(()) => break,
            Err(e) if Instant::now() < deadline && e.message.contains("still in use") => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("the volume cannot be deleted: {}", e.message),
        }
    }
    assert!(d.is_running());
}
