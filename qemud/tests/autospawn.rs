//! The library starts a session daemon on demand: opening qemu:///session with none
//! running spawns `qemud --session`, whose QEMU driver then serves the connection.
//! One test in its own binary: it sets process-wide environment variables.

use std::path::Path;
use std::time::{Duration, Instant};

use virt::driver::{self, OpenFlags};
use virt::error::Code;
use virt::uri::Uri;

/// Kills the daemon the test spawned (found through its pid file), whatever happens.
struct KillOnDrop(std::path::PathBuf);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(&self.0) {
            if let Ok(pid) = pid.trim().parse::<i32>() {
                let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
            }
        }
    }
}

#[test]
fn qemu_session_spawns_the_daemon() {
    let runtime = tempfile_dir("autospawn");
    let libvirt_dir = runtime.join("libvirt");
    let _cleanup = KillOnDrop(libvirt_dir.join("virtqemud.pid"));
    std::env::set_var("XDG_RUNTIME_DIR", &runtime);
    std::env::set_var("XDG_CONFIG_HOME", runtime.join("config"));
    std::env::set_var("XDG_CACHE_HOME", runtime.join("cache"));
    std::env::set_var("LIBVIRT_QEMUD", env!("CARGO_BIN_EXE_qemud"));
    std::env::remove_var("LIBVIRT_AUTOSTART");

    let uri = Uri::parse("qemu:///session").unwrap();
    let conn = driver::open(&uri, OpenFlags::default()).unwrap_or_else(|e| panic!("open: {}", e.message));
    assert_eq!(conn.connect_get_type().unwrap(), "QEMU");
    assert!(libvirt_dir.join("virtqemud-sock").exists(), "the session daemon's socket exists");

    // A second open reaches the daemon that is now running (no second spawn needed).
    let pid_before = std::fs::read_to_string(libvirt_dir.join("virtqemud.pid")).unwrap();
    let conn2 = driver::open(&uri, OpenFlags::default()).unwrap_or_else(|e| panic!("second open: {}", e.message));
    assert_eq!(conn2.connect_get_type().unwrap(), "QEMU");
    drop((conn, conn2));
    assert_eq!(std::fs::read_to_string(libvirt_dir.join("virtqemud.pid")).unwrap(), pid_before);

    // LIBVIRT_AUTOSTART=0 forbids spawning: with the daemon gone, the open fails to connect.
    drop(_cleanup);
    wait_gone(&libvirt_dir.join("virtqemud-sock"));
    std::env::set_var("LIBVIRT_AUTOSTART", "0");
    let err3 = driver::open(&uri, OpenFlags::default()).err().expect("no daemon, no autostart");
    assert_eq!(err3.code, Code::VIR_ERR_SYSTEM_ERROR, "{}", err3.message);
    assert!(err3.message.contains("Failed to connect socket"), "{}", err3.message);
    let _ = std::fs::remove_dir_all(&runtime);
}

fn wait_gone(p: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while p.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("qemud-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}
