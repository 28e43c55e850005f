//! The library starts a session daemon on demand: opening qemu:///session with none
//! running spawns `qemud --session`, which then serves the connection. (Until the QEMU
//! driver exists the daemon answers that open with "no connection driver available",
//! so the answer coming from the daemon is what shows it was started and reached.)
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
    let err = driver::open(&uri, OpenFlags::default()).err().expect("no QEMU driver yet: the open must fail");
    assert_eq!(err.code, Code::VIR_ERR_NO_CONNECT, "{}", err.message);
    assert!(err.message.contains("qemu:///session"), "{}", err.message);
    assert!(libvirt_dir.join("virtqemud-sock").exists(), "the session daemon's socket exists");

    // A second open reaches the daemon that is now running (no second spawn needed).
    let pid_before = std::fs::read_to_string(libvirt_dir.join("virtqemud.pid")).unwrap();
    let err2 = driver::open(&uri, OpenFlags::default()).err().expect("still no QEMU driver");
    assert_eq!(err2.code, Code::VIR_ERR_NO_CONNECT);
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
