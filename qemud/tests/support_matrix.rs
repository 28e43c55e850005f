//! The support matrix (`docs/support-matrix.md`): which remote procedure, and so which
//! public API, each driver serves. It is not written by hand: this test asks a real
//! qemud, through each procedure's declared wire types, once on `test:///default` (the
//! test driver) and once on `qemu:///system` (the QEMU driver), calling every procedure
//! the tables give a driver slot with empty arguments. An answer other than libvirt's
//! "this function is not supported by the connection driver" means the driver serves
//! it (empty arguments mostly earn "not found" or a parse error, which is still the
//! driver speaking). The committed page must equal what the drivers answer now, so a
//! claim can never outlive its code: after changing a driver, regenerate it with
//! `make support-matrix` (UPDATE_SUPPORT_MATRIX=1).
//!
//! The page also carries the reference: the same procedures sent to Debian's libvirtd
//! (libvirt 9.0.0) serving its own test driver, with zeroed arguments (any procedure's
//! arguments decode from zeros: empty strings, null pointers, zero counts). libvirt's
//! public API refuses some zeroed arguments (VIR_ERR_INVALID_ARG) before it looks for the
//! driver's slot; those rows say `?` rather than guess.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use std::fmt::Write;

use common::*;
use virt::rpc::protocol::{self as p, Kind, Slot};

const VIR_ERR_NO_SUPPORT: i32 = 3;
const VIR_ERR_INVALID_ARG: i32 = 8;

/// Arguments that get past what qemud checks before the driver, as libvirtd's public API
/// does: the CPU baseline calls refuse an empty CPU list.
fn probe_args(num: i32) -> Option<Vec<u8>> {
    use virt::rpc::xdr::{Array, Xdr};
    let cpus = || Array(vec!["<cpu/>".to_string()]);
    match num {
        162 => Some(p::ConnectBaselineCpuArgs { xml_cpus: cpus(), flags: 0 }.to_xdr()),
        394 => Some(p::ConnectBaselineHypervisorCpuArgs { xml_cpus: cpus(), ..Default::default() }.to_xdr()),
        _ => p::default_args(num),
    }
}

/// Whether the driver behind `c` serves procedure `num`.
fn serves(c: &mut Raw, num: i32) -> bool {
    let args = probe_args(num).expect("a driver slot has wire types");
    // The calls that take files get one (a socket), so the driver is reached.
    let serial = if matches!(num, 249 | 443) {
        let (sock, _peer) = std::os::unix::net::UnixStream::pair().unwrap();
        let payload = virt::rpc::fds::with_count(1, &args).unwrap();
        let serial = c.send(p::REMOTE_PROGRAM, num, virt::rpc::message::MessageType::CallWithFds, &payload);
        virt::rpc::fds::send_all(&c.s, &[sock.into()]).unwrap();
        serial
    } else {
        c.send(p::REMOTE_PROGRAM, num, virt::rpc::message::MessageType::Call, &args)
    };
    match c.reply() {
        Reply::Ok(h, _) => {
            assert_eq!(h.serial, serial);
            true
        }
        Reply::Err(h, e) => {
            assert_eq!(h.serial, serial);
            let unsupported = e.code == VIR_ERR_NO_SUPPORT
                && e.message.as_deref().unwrap_or_default().contains("not supported by the connection driver");
            !unsupported
        }
    }
}

/// Debian's libvirtd serving `test:///default` on a private socket, with no hypervisor
/// modules (the test driver is built in); killed with its process group on drop.
struct Libvirtd {
    dir: TempDir,
    child: Child,
}

impl Libvirtd {
    fn start() -> Libvirtd {
        let dir = TempDir::new("matrix-libvirtd");
        let drivers = dir.path().join("nodrivers");
        std::fs::create_dir_all(&drivers).unwrap();
        let conf = dir.path().join("libvirtd.conf");
        std::fs::write(
            &conf,
            format!(
                "unix_sock_dir = \"{}\"\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\nlisten_tls = 0\nlisten_tcp = 0\n",
                dir.path().display()
            ),
        )
        .unwrap();
        let child = Command::new("/usr/sbin/libvirtd")
            .arg("--config")
            .arg(&conf)
            .arg("--pid-file")
            .arg(dir.path().join("pid"))
            .args(["--timeout", "120"])
            // cargo points LD_LIBRARY_PATH at our libvirt.so.0; the reference runs on its own.
            .env_remove("LD_LIBRARY_PATH")
            .env("LIBVIRT_DRIVER_DIR", &drivers)
            .env("XDG_RUNTIME_DIR", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_CACHE_HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("log")).unwrap())
            .process_group(0)
            .spawn()
            .expect("Debian's libvirtd (/usr/sbin/libvirtd, package libvirt-daemon) is the reference");
        let mut d = Libvirtd { dir, child };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::os::unix::net::UnixStream::connect(d.sock()).is_err() {
            let exited = matches!(d.child.try_wait(), Ok(Some(_)));
            assert!(
                !exited && Instant::now() < deadline,
                "libvirtd did not start: {:?}",
                std::fs::read_to_string(d.dir.path().join("log"))
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        d
    }

    fn sock(&self) -> std::path::PathBuf {
        self.dir.path().join("libvirt-sock")
    }
}

impl Drop for Libvirtd {
    fn drop(&mut self) {
        // SAFETY: kill(2) on the process group this test started; no memory is involved.
        unsafe { libc::kill(-(self.child.id() as i32), libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

/// Procedures not probed on libvirtd: the connection's own open and close, and authentication.
const NOT_PROBED: &[i32] = &[1, 2, 66, 67, 68, 69, 70];

/// Procedures libvirtd answers itself, whatever the driver: connection facts, identity,
/// close callbacks, and deregistration of event callbacks (it looks its own list up).
const LIBVIRTD_ITSELF: &[i32] = &[60, 110, 157, 314, 317, 360, 361, 369, 375, 381, 419];
/// Procedures whose zeroed arguments libvirtd refuses before the driver is asked (a file
/// descriptor the call must carry).
const LIBVIRTD_ARGS_FIRST: &[i32] = &[249, 343];

/// What libvirt 9.0's test driver answers to each call procedure: `yes`, `` (not
/// supported) or `?` (libvirt refused the zeroed arguments before looking).
fn libvirt_answers() -> BTreeMap<i32, &'static str> {
    let d = Libvirtd::start();
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    let zeros = vec![0u8; 1024];
    let mut out = BTreeMap::new();
    for info in p::TABLES.iter().flat_map(|t| t.procedures.iter()).filter(|i| i.kind == Kind::Call) {
        if NOT_PROBED.contains(&info.num) {
            continue;
        }
        if LIBVIRTD_ITSELF.contains(&info.num) {
            out.insert(info.num, "daemon");
            continue;
        }
        if LIBVIRTD_ARGS_FIRST.contains(&info.num) {
            out.insert(info.num, "?");
            continue;
        }
        let serial = c.send(p::REMOTE_PROGRAM, info.num, virt::rpc::message::MessageType::Call, &zeros);
        let answer = match c.reply() {
            Reply::Ok(h, _) => {
                assert_eq!(h.serial, serial);
                "yes"
            }
            Reply::Err(h, e) => {
                assert_eq!(h.serial, serial);
                let msg = e.message.as_deref().unwrap_or_default();
                if e.code == VIR_ERR_NO_SUPPORT && msg.contains("not supported by the connection driver") {
                    ""
                } else if e.code == VIR_ERR_INVALID_ARG {
                    "?"
                } else {
                    "yes"
                }
            }
        };
        out.insert(info.num, answer);
    }
    out
}

/// What each table's module is about, for the page's headings.
fn heading(area: &str) -> &'static str {
    match area {
        "host" => "Host and connection (libvirt-host.h)",
        "domain" => "Domains (libvirt-domain.h)",
        "domain_tuning" => "Domain tuning (libvirt-domain.h)",
        "domain_devices" => "Domain devices and guest (libvirt-domain.h)",
        "domain_migration" => "Domain jobs and migration (libvirt-domain.h)",
        "snapshot" => "Domain snapshots (libvirt-domain-snapshot.h)",
        "checkpoint" => "Domain checkpoints (libvirt-domain-checkpoint.h)",
        "network" => "Networks (libvirt-network.h)",
        "storage" => "Storage pools and volumes (libvirt-storage.h)",
        "nodedev" => "Node devices (libvirt-nodedev.h)",
        "interface" => "Host interfaces (libvirt-interface.h)",
        "secret" => "Secrets (libvirt-secret.h)",
        "nwfilter" => "Network filters (libvirt-nwfilter.h)",
        _ => "Other",
    }
}

fn matrix() -> String {
    let reference = libvirt_answers();
    let d = Daemon::start("matrix", "", &[]);
    let mut test = Raw::connect(&d.sock());
    test.open("test:///default");
    let mut qemu = Raw::connect(&d.sock());
    qemu.open("qemu:///system");

    let mut body = String::new();
    let (mut test_apis, mut qemu_apis, mut all_apis, mut daemon_apis) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let (mut libvirt_apis, mut unknown_apis, mut gaps) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
    for table in p::TABLES {
        let _ = writeln!(
            body,
            "\n## {}\n\n| API | procedure | test | libvirt's test | QEMU |\n|---|---|---|---|---|",
            heading(table.area)
        );
        for info in table.procedures.iter().filter(|i| i.kind == Kind::Call) {
            let api = if info.api.is_empty() { "(daemon)" } else { info.api };
            let proc_name = info.name.trim_start_matches("REMOTE_PROC_");
            if !info.api.is_empty() {
                all_apis.insert(info.api);
            }
            let (t, q) = match info.slot {
                Slot::Daemon => {
                    if !info.api.is_empty() {
                        daemon_apis.insert(info.api);
                    }
                    ("daemon", "daemon")
                }
                Slot::Missing => ("", ""),
                Slot::Driver => {
                    let (t, q) = (serves(&mut test, info.num), serves(&mut qemu, info.num));
                    if t {
                        test_apis.insert(info.api);
                    }
                    if q {
                        qemu_apis.insert(info.api);
                    }
                    (if t { "yes" } else { "" }, if q { "yes" } else { "" })
                }
            };
            let l = reference.get(&info.num).copied().unwrap_or("daemon");
            if !info.api.is_empty() && l == "yes" {
                libvirt_apis.insert(info.api);
                if t.is_empty() {
                    gaps.push(format!("{api} ({proc_name})"));
                }
            }
            if !info.api.is_empty() && l == "?" {
                unknown_apis.insert(info.api);
            }
            let _ = writeln!(body, "| {api} | {proc_name} ({}) | {t} | {l} | {q} |", info.num);
        }
    }
    let served_of_libvirt = libvirt_apis.iter().filter(|a| test_apis.contains(*a) || daemon_apis.contains(*a)).count();
    let mut page = String::new();
    let _ = writeln!(
        page,
        "# Support matrix\n\n\
         Which public API each driver serves, by remote procedure (libvirt 9.0.0's 443).\n\
         Generated by `qemud/tests/support_matrix.rs`, which calls every procedure that has a\n\
         driver slot through a real qemud on `test:///default` and `qemu:///system`; a test\n\
         fails when this page and the drivers disagree. Regenerate: `make support-matrix`.\n\
         \"daemon\": answered by the daemon itself (open, authentication, event registration).\n\n\
         The column \"libvirt's test\" is the reference, measured in the same run: each procedure\n\
         sent with zeroed arguments to Debian's libvirtd (libvirt 9.0.0) serving its test driver.\n\
         `?`: libvirt's public API refused the zeroed arguments (VIR_ERR_INVALID_ARG) before\n\
         looking for the driver's slot, so the probe cannot tell.\n\n\
         | | test driver | QEMU driver |\n|---|---|---|\n\
         | APIs served by driver slots | {} | {} |\n\
         | APIs the daemon answers itself | {} | {} |\n\
         | public APIs with a remote procedure | {} | {} |\n\n\
         | libvirt 9.0's test driver, through libvirtd | APIs |\n|---|---|\n\
         | answered | {} |\n\
         | of those, answered here too | {} |\n\
         | could not tell (`?`) | {} |",
        test_apis.len(),
        qemu_apis.len(),
        daemon_apis.len(),
        daemon_apis.len(),
        all_apis.len(),
        all_apis.len(),
        libvirt_apis.len(),
        served_of_libvirt,
        unknown_apis.len(),
    );
    let _ = write!(page, "\n## Answered by libvirt's test driver, not by ours\n\n");
    if gaps.is_empty() {
        let _ = writeln!(page, "None.");
    }
    for g in &gaps {
        let _ = writeln!(page, "- {g}");
    }
    page + &body
}

#[test]
fn support_matrix_is_what_the_drivers_answer() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/support-matrix.md");
    let now = matrix();
    if std::env::var_os("UPDATE_SUPPORT_MATRIX").is_some() {
        std::fs::write(&path, &now).expect("write docs/support-matrix.md");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != now {
        let diff: Vec<String> = committed
            .lines()
            .zip(now.lines())
            .filter(|(a, b)| a != b)
            .take(20)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "docs/support-matrix.md is not what the drivers answer (run `make support-matrix`):\n{}",
            diff.join("\n")
        );
    }
    // The page claims nothing the drivers do not do: every "yes" was just answered.
    assert!(now.contains("| virConnectGetType | CONNECT_GET_TYPE (3) | yes | yes | yes |"), "{now}");
    // The reference is really asked: libvirt's test driver has no secrets, and lists domains.
    assert!(now.contains("| virSecretDefineXML | SECRET_DEFINE_XML (142) |  |  |  |"), "{now}");
    assert!(now.contains("| virConnectListAllDomains | CONNECT_LIST_ALL_DOMAINS (273) | yes | yes | yes |"), "{now}");
}
