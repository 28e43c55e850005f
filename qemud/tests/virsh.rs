//! Debian's real `virsh` (libvirt 9.0.0's client library) against qemud.

mod common;

use common::*;

macro_rules! need_virsh {
    () => {
        if virsh_path().is_none() {
            eprintln!("SKIP: virsh is not installed (Debian package libvirt-clients)");
            return;
        }
    };
}

#[test]
fn virsh_domain_lifecycle() {
    need_virsh!();
    let d = Daemon::start("virsh", "", &[]);
    let xml = d.dir.path().join("dom.xml");
    std::fs::write(&xml, DOMAIN_XML).unwrap();
    // One virsh run: test:///default's state lives while a connection holds it.
    let cmds = format!(
        "version; list --all; dominfo test; dumpxml test; define {}; start qd-test; list --all; \
         suspend qd-test; domstate qd-test; resume qd-test; domstate qd-test; destroy qd-test; \
         domstate qd-test; undefine qd-test; list --all --name; uri; hostname; nodeinfo",
        xml.display()
    );
    let out = virsh(d.dir.path(), &d.uri(), &[], &cmds);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "virsh failed\nstdout:\n{stdout}\nstderr:\n{stderr}\nlog:\n{}", d.log_text());
    for want in [
        "Using API: TEST 9.0.0",
        "Running hypervisor: TEST 0.0.2",
        " 1    test   running",
        "UUID:           6695eb01-f6a4-8304-79aa-97f2502e193f",
        "Max memory:     8388608 KiB",
        "Used memory:    2097152 KiB",
        "CPU(s):         2",
        "<domain type='test' id='1'>",
        "<name>test</name>",
        &format!("Domain 'qd-test' defined from {}", xml.display()),
        "Domain 'qd-test' started",
        " 2    qd-test   running",
        "Domain 'qd-test' suspended",
        "paused",
        "Domain 'qd-test' resumed",
        "Domain 'qd-test' destroyed",
        "shut off",
        "Domain 'qd-test' has been undefined",
        &d.uri(),
        "CPU model:           i686",
        "CPU(s):              16",
    ] {
        assert!(stdout.contains(want), "missing {want:?} in:\n{stdout}\nstderr:\n{stderr}");
    }
    // After undefine, only `test` is left.
    let tail = stdout.rsplit("has been undefined").next().unwrap();
    assert!(tail.contains("test\n") && !tail.contains("qd-test"), "{tail}");
    assert!(stderr.trim().is_empty(), "virsh complained: {stderr}");
}

#[test]
fn virsh_errors_come_through_intact() {
    need_virsh!();
    let d = Daemon::start("virsh-err", "", &[]);
    let out = virsh(d.dir.path(), &d.uri(), &[], "dominfo nosuch");
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error: failed to get domain 'nosuch'"), "{stderr}");
    // Suspending a paused domain: the test driver's error, as libvirt words it, across
    // the wire (libvirtd gives the same text).
    let out = virsh(d.dir.path(), &d.uri(), &[], "suspend test; suspend test");
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error: internal error: domain 'test' not running"), "{stderr}");
}

#[test]
fn virsh_read_only_socket() {
    need_virsh!();
    let d = Daemon::start("virsh-ro", "", &[]);
    let out = virsh(d.dir.path(), &d.uri_ro(), &["-r"], "destroy test");
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("operation forbidden: read only access prevents virDomainDestroy"), "{stderr}");

    // Reading works, and the connection stays usable after a refusal.
    let out = virsh(d.dir.path(), &d.uri_ro(), &["-r"], "suspend test; list; dumpxml --security-info test");
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("read only access prevents virDomainSuspend"), "{stderr}");
    assert!(stdout.contains(" 1    test   running"), "{stdout}");
    assert!(stderr.contains("operation forbidden: virDomainGetXMLDesc with secure flag"), "{stderr}");

    // Without -r the client asks for a writable connection; the socket still says no.
    let out = virsh(d.dir.path(), &d.uri_ro(), &[], "destroy test");
    assert!(text(&out.stderr).contains("read only access prevents virDomainDestroy"), "{}", text(&out.stderr));
    // And the domain is still running.
    let out = virsh(d.dir.path(), &d.uri(), &[], "domstate test");
    assert_eq!(text(&out.stdout).trim(), "running");
}

#[test]
fn socket_permissions() {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::fs::PermissionsExt;
    // Debian's `nogroup` (65534) when present, else root's group.
    let nogroup = std::fs::read_to_string("/etc/group").unwrap_or_default().lines().any(|l| l.starts_with("nogroup:"));
    let (group, gid) = if nogroup { ("nogroup", 65534) } else { ("0", 0) };
    let d = Daemon::start("perms", &format!("unix_sock_rw_perms = \"0770\"\nunix_sock_group = \"{group}\""), &[]);
    assert_eq!(std::fs::metadata(d.sock()).unwrap().gid(), gid);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d.sock()), 0o770);
    assert_eq!(mode(&d.sock_ro()), 0o777);
    // The monolithic daemon's names are not ours.
    assert!(!d.dir.path().join("libvirt-sock").exists());
}

#[test]
fn virsh_over_tcp() {
    need_virsh!();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let d = Daemon::start(
        "tcp",
        &format!("listen_tcp = 1\nlisten_addr = \"127.0.0.1\"\ntcp_port = \"{port}\"\nauth_tcp = \"none\""),
        &[],
    );
    let out = virsh(d.dir.path(), &format!("test+tcp://127.0.0.1:{port}/default"), &[], "list --name; uri");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}\n{}", text(&out.stderr), d.log_text());
    assert!(stdout.starts_with("test\n"), "{stdout}");
}
