//! Consoles, channels, screenshots and destroying a hung guest, on qemud's QEMU driver
//! with real QEMU (TCG). The guest is a 512-byte boot sector assembled below: it prints
//! a banner on COM1 and echoes every byte it receives there, so console data can be
//! checked both ways without booting an OS.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use virt::driver::prelude::*;
use virt::driver::stream::{Received, Stream};
use virt::driver::{self, DomainId, OpenFlags};
use virt::error::{Code, Domain};
use virt::uri::Uri;

// virDomainState and the reasons checked here.
const RUNNING: i32 = 1;
const SHUTOFF: i32 = 5;
const SHUTOFF_DESTROYED: i32 = 2;
/// `VIR_DOMAIN_CONSOLE_FORCE` (= `VIR_DOMAIN_CHANNEL_FORCE`)
const FORCE: u32 = 1;

macro_rules! need_qemu {
    () => {
        if !Path::new("/usr/bin/qemu-system-x86_64").exists() {
            eprintln!("SKIP: qemu-system-x86_64 is not installed");
            return;
        }
    };
}

/// The boot sector (x86 real mode, loaded at 0x7c00):
///
/// ```text
/// fa             cli
/// 31 c0          xor ax,ax
/// 8e d8          mov ds,ax
/// 8e d0          mov ss,ax
/// bc 00 7c       mov sp,0x7c00
/// be 39 7c       mov si,banner          ; 0x7c00 + 0x39
/// print:
/// ac             lodsb
/// 84 c0          test al,al
/// 74 05          jz echo
/// e8 13 00       call putc
/// eb f6          jmp print
/// echo:
/// ba fd 03       mov dx,0x3fd           ; line status register
/// ec             in al,dx
/// a8 01          test al,1              ; data ready?
/// 74 f8          jz echo
/// ba f8 03       mov dx,0x3f8
/// ec             in al,dx               ; the byte received
/// e8 02 00       call putc
/// eb ef          jmp echo
/// putc:
/// 88 c4          mov ah,al
/// ba fd 03       mov dx,0x3fd
/// ec             in al,dx               ; wait for an empty transmitter
/// a8 20          test al,0x20
/// 74 fb          jz $-3
/// 88 e0          mov al,ah
/// ba f8 03       mov dx,0x3f8
/// ee             out dx,al
/// c3             ret
/// banner:        "tiny boot sector ready\r\n\0"
/// ```
const CODE: &[u8] = &[
    0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0x8e, 0xd0, 0xbc, 0x00, 0x7c, 0xbe, 0x39, 0x7c, 0xac, 0x84, 0xc0, 0x74, 0x05, 0xe8,
    0x13, 0x00, 0xeb, 0xf6, 0xba, 0xfd, 0x03, 0xec, 0xa8, 0x01, 0x74, 0xf8, 0xba, 0xf8, 0x03, 0xec, 0xe8, 0x02, 0x00,
    0xeb, 0xef, 0x88, 0xc4, 0xba, 0xfd, 0x03, 0xec, 0xa8, 0x20, 0x74, 0xfb, 0x88, 0xe0, 0xba, 0xf8, 0x03, 0xee, 0xc3,
];
const BANNER: &[u8] = b"tiny boot sector ready\r\n\0";

/// A raw disk image holding the boot sector.
fn boot_disk(dir: &Path) -> String {
    let mut sector = CODE.to_vec();
    assert_eq!(sector.len(), 0x39, "the banner's address is fixed in the code");
    sector.extend_from_slice(BANNER);
    sector.resize(510, 0);
    sector.extend_from_slice(&[0x55, 0xaa]);
    let path = dir.join("boot.img");
    std::fs::write(&path, &sector).unwrap();
    path.display().to_string()
}

fn domain_xml(name: &str, disk: &str, devices: &str) -> String {
    format!(
        "<domain type='qemu'><name>{name}</name><memory unit='MiB'>16</memory>\
         <os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
         <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='{disk}'/>\
         <target dev='hda' bus='ide'/></disk>{devices}<memballoon model='none'/></devices></domain>"
    )
}

const CONSOLE_DEVICES: &str = "<serial type='pty'/><console type='pty'/>\
     <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>\
     <video><model type='vga'/></video>";

fn open(d: &Daemon) -> Box<dyn Driver> {
    driver::open(&Uri::parse(&d.qemu_session_uri()).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open: {}\nlog:\n{}", e.message, d.log_text()))
}

/// Sends `text` to the console until the guest's echo of it comes back (QEMU notices
/// a newly opened pty within a second, and drops what it gets before).
fn echo_round_trip(s: &Stream, text: &[u8]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        s.send(text, false).unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        let until = Instant::now() + Duration::from_millis(700);
        while Instant::now() < until {
            match s.recv(&mut buf, false, true) {
                Ok(Received::Data(n)) => got.extend_from_slice(&buf[..n]),
                Ok(Received::WouldBlock) => std::thread::sleep(Duration::from_millis(10)),
                Ok(other) => panic!("unexpected {other:?}"),
                Err(e) => panic!("recv: {}", e.message),
            }
            if got.windows(text.len()).any(|w| w == text) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "no echo of {:?}; last read {:?}", String::from_utf8_lossy(text), got);
    }
}

/// The stream ends in an error (not data) within `limit`; that error.
fn stream_error(s: &Stream, limit: Duration) -> virt::error::Error {
    let deadline = Instant::now() + limit;
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match s.recv(&mut buf, false, true) {
            Ok(Received::WouldBlock) | Ok(Received::Data(_)) => std::thread::sleep(Duration::from_millis(10)),
            Ok(other) => panic!("expected an error, got {other:?}"),
            Err(e) => return e,
        }
    }
    panic!("the stream did not fail");
}

#[test]
fn console_through_the_library_busy_force_reconnect_and_channel() {
    need_qemu!();
    let d = Daemon::start_session("console-lib");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let disk = boot_disk(d.dir.path());
    let dom = c.domain_define_xml_flags(&domain_xml("con", &disk, CONSOLE_DEVICES), 0).unwrap();

    // A domain that is not running has no console, as libvirt words it.
    for e in [c.domain_open_console(&dom, None, 0).err(), c.domain_open_channel(&dom, None, 0).err()] {
        let e = e.expect("a stopped domain has no console or channel");
        assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_INVALID, Domain::VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running"));
    }

    c.domain_create_with_flags(&dom, 0).unwrap();
    let xml = c.domain_get_xml_desc(&dom, 0).unwrap();
    let pty = xml
        .split("<console type='pty' tty='")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .unwrap_or_else(|| panic!("no console tty in the live XML:\n{xml}"))
        .to_string();
    assert!(pty.starts_with("/dev/pts/"), "{pty}");
    assert!(xml.contains(&format!("<serial type='pty'>\n      <source path='{pty}'/>")), "{xml}");
    let agent = d.dir.path().join("libvirt/qemu/channel/target/domain-1-con/org.qemu.guest_agent.0");
    assert!(xml.contains(&format!("<source mode='bind' path='{}'/>", agent.display())), "{xml}");
    assert!(xml.contains("<target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>"), "{xml}");
    assert!(agent.exists(), "QEMU listens on the channel socket");
    let inactive = c.domain_get_xml_desc(&dom, 2).unwrap();
    assert!(!inactive.contains("/dev/pts/") && !inactive.contains("channel/target"), "{inactive}");

    // Bad flags and names, as libvirt's QEMU driver words them.
    let e = c.domain_open_console(&dom, None, 4).err().expect("an error");
    assert_eq!(e.message, "unsupported flags (0x4) in function qemuDomainOpenConsole");
    let e = c.domain_open_console(&dom, Some("nope"), 0).err().expect("an error");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_INTERNAL_ERROR, Domain::VIR_FROM_QEMU, "internal error: cannot find character device nope"));
    let e = c.domain_open_channel(&dom, Some("nope"), 0).err().expect("an error");
    assert_eq!(e.message, "internal error: cannot find channel nope");
    let e = c.domain_open_channel(&dom, None, 2).err().expect("an error");
    assert_eq!(e.message, "unsupported flags (0x2) in function qemuDomainOpenChannel");

    // Data both ways: the guest echoes what it gets.
    let ((), first) = c.domain_open_console(&dom, None, 0).unwrap();
    echo_round_trip(&first, b"hello console");

    // One session at a time, whatever name the device is opened by.
    for name in [None, Some("serial0"), Some("console0")] {
        let e = c.domain_open_console(&dom, name, 0).err().expect("an error");
        assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_FAILED, Domain::VIR_FROM_QEMU, "operation failed: Active console session exists for this domain"), "{name:?}");
    }

    // FORCE takes it over; the first session's stream fails as libvirtd's does.
    let ((), second) = c.domain_open_console(&dom, Some("serial0"), FORCE).unwrap();
    let e = stream_error(&first, Duration::from_secs(10));
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_RPC, Domain::VIR_FROM_STREAMS, "stream had I/O failure"));
    // Aborting it then raises that error at once (the daemon forgot the stream and would
    // confirm nothing), as libvirt's remote driver does.
    let (tx, rx) = mpsc::channel();
    let f = first.clone();
    std::thread::spawn(move || tx.send(f.abort()));
    let aborted = rx.recv_timeout(Duration::from_secs(10)).expect("abort of a failed stream returns");
    assert_eq!(aborted.err().map(|e| e.message), Some("stream had I/O failure".to_string()));
    drop(first);
    echo_round_trip(&second, b"second session");
    second.finish().unwrap();

    // Reconnecting after a close works.
    let ((), third) = c.domain_open_console(&dom, None, 0).unwrap();
    echo_round_trip(&third, b"third session");

    // The guest agent's channel: one stream at a time too, FORCE takes it over.
    let ((), ch) = c.domain_open_channel(&dom, None, 0).unwrap();
    let e = c.domain_open_channel(&dom, Some("org.qemu.guest_agent.0"), 0).err().expect("an error");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_FAILED, Domain::VIR_FROM_QEMU, "operation failed: Active channel stream exists for this domain"));
    let ((), ch2) = c.domain_open_channel(&dom, Some("channel0"), FORCE).unwrap();
    assert_eq!(stream_error(&ch, Duration::from_secs(10)).message, "stream had I/O failure");
    ch2.send(b"{\"execute\":\"guest-ping\"}\n", false).unwrap();

    // The guest stops: open sessions reach their end, the channel sockets go.
    c.domain_destroy_flags(&dom, 0).unwrap();
    let mut buf = [0u8; 256];
    for s in [&third, &ch2] {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match s.recv(&mut buf, false, true) {
                Ok(Received::Eof) => break,
                Ok(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                other => panic!("expected the end of the stream, got {other:?}"),
            }
        }
    }
    assert!(!agent.parent().unwrap().exists(), "the channel directory of the run is removed");
    let e = c.domain_open_console(&dom, None, 0).err().expect("an error");
    assert_eq!(e.message, "Requested operation is not valid: domain is not running");
    c.domain_undefine_flags(&dom, 0).unwrap();
}

/// Runs `virsh -c uri console NAME [--force]` on a pty (util-linux `script`): what it
/// prints comes on a channel, what the test writes goes to its terminal.
struct VirshConsole {
    child: Child,
    input: std::process::ChildStdin,
    output: mpsc::Receiver<Vec<u8>>,
    seen: Vec<u8>,
}

impl VirshConsole {
    fn start(home: &Path, uri: &str, name: &str, force: bool) -> VirshConsole {
        let cmd = format!("virsh -c '{uri}' console {name}{}", if force { " --force" } else { "" });
        let mut child = Command::new("script")
            .args(["-qfec", &cmd, "/dev/null"])
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home)
            .env("XDG_CACHE_HOME", home)
            .env("TERM", "dumb")
            // Debian's virsh on Debian's libvirt, talking to our daemon.
            .env_remove("LD_LIBRARY_PATH")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script");
        let mut out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let input = child.stdin.take().unwrap();
        VirshConsole { child, input, output: rx, seen: Vec::new() }
    }

    fn type_text(&mut self, b: &[u8]) {
        self.input.write_all(b).unwrap();
        self.input.flush().unwrap();
    }

    /// Waits for `want` in virsh's output (everything since the start).
    fn expect(&mut self, want: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            if String::from_utf8_lossy(&self.seen).contains(want) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.output.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(b) => self.seen.extend_from_slice(&b),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return String::from_utf8_lossy(&self.seen).contains(want)
                }
            }
        }
    }

    /// Types `text` until the guest's echo of it shows. virsh prints "Escape character
    /// is ^]" before it makes the terminal raw: until then the terminal itself echoes what
    /// is typed (and virsh's switch to raw mode discards it). So the text goes behind a
    /// Ctrl-A, which a cooked terminal echoes as "^A" and the guest as the byte itself.
    fn echo(&mut self, text: &str) {
        let marked = format!("\u{1}{text}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            self.type_text(marked.as_bytes());
            if self.expect(&marked, Duration::from_millis(700)) {
                return;
            }
        }
        panic!("no echo of {text:?} through virsh console; it printed {:?}", String::from_utf8_lossy(&self.seen));
    }

    fn exited(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen).into_owned()
    }
}

impl Drop for VirshConsole {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn debian_virsh_console_with_force_and_reconnect() {
    need_qemu!();
    if virsh_path().is_none() || !Path::new("/usr/bin/script").exists() {
        eprintln!("SKIP: virsh or script is not installed");
        return;
    }
    let d = Daemon::start("console-virsh", "log_level = 1\n", &["--session"]);
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let disk = boot_disk(d.dir.path());
    let dom = c.domain_create_xml(&domain_xml("vcon", &disk, "<serial type='pty'/><console type='pty'/>"), 0).unwrap();
    let uri = d.qemu_session_uri();
    let home = d.dir.path();

    let mut first = VirshConsole::start(home, &uri, "vcon", false);
    assert!(first.expect("Escape character is ^]", Duration::from_secs(20)), "virsh console: {}", first.text());
    first.echo("typed-in-virsh");

    // A second virsh is refused while the first is attached ...
    let mut refused = VirshConsole::start(home, &uri, "vcon", false);
    assert!(refused.expect("Active console session exists for this domain", Duration::from_secs(20)), "{}", refused.text());
    assert!(refused.exited(Duration::from_secs(10)));

    // ... but --force takes over, and the first one is disconnected.
    let mut forced = VirshConsole::start(home, &uri, "vcon", true);
    assert!(forced.expect("Escape character is ^]", Duration::from_secs(20)), "{}", forced.text());
    assert!(first.exited(Duration::from_secs(10)), "the first virsh console was not disconnected: {}", first.text());
    forced.echo("forced-session");
    // Ctrl-] leaves.
    forced.type_text(&[0x1d]);
    assert!(forced.exited(Duration::from_secs(10)), "Ctrl-] did not end virsh console: {}", forced.text());

    // Reconnecting after the escape works.
    let mut again = VirshConsole::start(home, &uri, "vcon", false);
    assert!(again.expect("Escape character is ^]", Duration::from_secs(20)), "{}", again.text());
    again.echo("reconnected");
    again.type_text(&[0x1d]);
    assert!(again.exited(Duration::from_secs(10)), "{}\nlog:\n{}", again.text(), d.log_text());
    c.domain_destroy_flags(&dom, 0).unwrap();
}

/// The width and height in a PNG's IHDR.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24 && png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn screenshot_of_the_vga_text_screen() {
    need_qemu!();
    let d = Daemon::start_session("console-screenshot");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let disk = boot_disk(d.dir.path());
    let devices = format!("{CONSOLE_DEVICES}<graphics type='vnc' autoport='yes'/>");
    let dom = c.domain_create_xml(&domain_xml("shot", &disk, &devices), 0).unwrap();
    // What virt-manager reads to open its graphical console: the port given and the
    // address listened on, as libvirt shows them.
    let xml = c.domain_get_xml_desc(&dom, 0).unwrap();
    let port: u16 = xml
        .split("<graphics type='vnc' port='")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no VNC port in the live XML:\n{xml}"));
    assert!(
        xml.contains(&format!("<graphics type='vnc' port='{port}' autoport='yes' listen='127.0.0.1'>\n      <listen type='address' address='127.0.0.1'/>")),
        "{xml}"
    );
    let mut vnc = std::net::TcpStream::connect(("127.0.0.1", port)).expect("QEMU's VNC server listens where the XML says");
    let mut greeting = [0u8; 12];
    vnc.read_exact(&mut greeting).unwrap();
    assert!(greeting.starts_with(b"RFB 003."), "{greeting:?}");
    // Once the boot sector runs, the BIOS left the VGA in 80x25 text mode: 720x400.
    let ((), con) = c.domain_open_console(&dom, None, 0).unwrap();
    echo_round_trip(&con, b"up");
    let (mime, s) = c.domain_screenshot(&dom, 0, 0).unwrap();
    assert_eq!(mime.as_deref(), Some("image/png"), "libvirt 9.0 asks QEMU 7.2 for PNG");
    let mut image = Vec::new();
    let mut buf = vec![0u8; 65536];
    loop {
        match s.recv(&mut buf, false, false).unwrap() {
            Received::Data(n) => image.extend_from_slice(&buf[..n]),
            Received::Eof => break,
            other => panic!("{other:?}"),
        }
    }
    s.finish().unwrap();
    assert_eq!(png_size(&image), (720, 400));
    assert!(image.ends_with(b"IEND\xae\x42\x60\x82"), "the whole image arrived");
    let run = d.dir.path().join("libvirt/qemu/run");
    let left: Vec<_> = std::fs::read_dir(&run).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).filter(|n| n.to_string_lossy().contains("screendump")).collect();
    assert!(left.is_empty(), "temp files left: {left:?}");

    let e = c.domain_screenshot(&dom, 1, 0).err().expect("an error");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_INVALID, Domain::VIR_FROM_QEMU, "Requested operation is not valid: no such screen ID"));
    let e = c.domain_screenshot(&dom, 0, 1).err().expect("an error");
    assert_eq!(e.message, "unsupported flags (0x1) in function qemuDomainScreenshot");
    c.domain_destroy_flags(&dom, 0).unwrap();

    // No video device: nothing to take a screenshot of.
    let dom = c.domain_create_xml(&domain_xml("blind", &disk, "<serial type='pty'/>"), 0).unwrap();
    let e = c.domain_screenshot(&dom, 0, 0).err().expect("an error");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_INVALID, Domain::VIR_FROM_QEMU, "Requested operation is not valid: no screens to take screenshot from"));
    c.domain_destroy_flags(&dom, 0).unwrap();
}

/// A guest whose QEMU is stopped (SIGSTOP): a suspend waits on its monitor; a destroy
/// does not queue behind it: it kills QEMU (SIGTERM, SIGKILL after the 10 s grace
/// period), the suspend fails at once as libvirt's does, and queries keep answering.
#[test]
fn destroy_of_a_hung_guest_does_not_wait_for_its_job() {
    need_qemu!();
    let d = Daemon::start_session("console-hung");
    let reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let disk = boot_disk(d.dir.path());
    let dom = c.domain_define_xml_flags(&domain_xml("hung", &disk, "<serial type='pty'/>"), 0).unwrap();
    c.domain_create_with_flags(&dom, 0).unwrap();
    let pid = reaper.pids()[0];
    // SAFETY: stopping the QEMU this test's daemon started.
    unsafe { libc::kill(pid, libc::SIGSTOP) };

    let uri = d.qemu_session_uri();
    let target: DomainId = dom.clone();
    let suspender = std::thread::spawn(move || {
        let c2 = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
        let r = c2.domain_suspend(&target);
        (r, Instant::now())
    });
    std::thread::sleep(Duration::from_millis(500));
    assert!(!suspender.is_finished(), "the suspend waits on the stopped QEMU");

    // Queries go on while the destroy runs.
    let uri = d.qemu_session_uri();
    let target = dom.clone();
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let querier = std::thread::spawn(move || {
        let c3 = driver::open(&Uri::parse(&uri).unwrap(), OpenFlags::default()).unwrap();
        let mut worst = Duration::ZERO;
        let mut n = 0;
        while stop_rx.try_recv().is_err() {
            let t = Instant::now();
            c3.domain_get_state(&target, 0).unwrap();
            c3.domain_get_info(&target).unwrap();
            c3.connect_list_all_domains(0).unwrap();
            worst = worst.max(t.elapsed() / 3);
            n += 1;
            std::thread::sleep(Duration::from_millis(20));
        }
        (worst, n)
    });

    let t0 = Instant::now();
    c.domain_destroy_flags(&dom, 0).unwrap();
    let took = t0.elapsed();
    let (suspended, failed_at) = suspender.join().unwrap();
    stop_tx.send(()).unwrap();
    let (worst, n) = querier.join().unwrap();
    eprintln!("destroy took {took:?}; the suspend failed {:?} after it began; {n} query rounds, slowest call {worst:?}", failed_at.saturating_duration_since(t0));
    assert!(took < Duration::from_secs(15), "destroy took {took:?}");
    let e = suspended.expect_err("the suspend cannot succeed on a killed QEMU");
    assert_eq!((e.code, e.domain), (Code::VIR_ERR_SYSTEM_ERROR, Domain::VIR_FROM_QEMU), "{}", e.message);
    assert!(e.message.starts_with("Unable to read from monitor"), "{}", e.message);
    assert!(failed_at.saturating_duration_since(t0) < Duration::from_secs(2), "the suspend failed only after the kill");
    assert!(n > 10, "queries kept answering during the destroy ({n} rounds)");
    assert!(worst < Duration::from_millis(100), "a query took {worst:?} during the destroy");
    assert_eq!(c.domain_get_state(&dom, 0).unwrap(), (SHUTOFF, SHUTOFF_DESTROYED));
    assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists() || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit(')').next().is_some_and(|r| r.trim_start().starts_with('Z'))
    });

    // The domain starts again normally afterwards.
    c.domain_create_with_flags(&dom, 0).unwrap();
    assert_eq!(c.domain_get_state(&dom, 0).unwrap().0, RUNNING);
    c.domain_destroy_flags(&dom, 0).unwrap();
    c.domain_undefine_flags(&dom, 0).unwrap();
}

/// `VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH`
const SKIPAUTH: u32 = 1;

/// Reads QEMU's VNC greeting from a socket handed to its VNC server.
fn rfb_greeting(s: &mut std::os::unix::net::UnixStream) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut greeting = [0u8; 12];
    s.read_exact(&mut greeting).expect("QEMU's VNC server speaks on the socket");
    greeting.to_vec()
}

/// Sends a SPICE link header and message (main channel, no capabilities) and reads the
/// magic of the server's link reply: QEMU's SPICE server answers on the socket.
fn spice_link_magic(s: &mut std::os::unix::net::UnixStream) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut link = b"REDQ".to_vec();
    for v in [2u32, 2, 18] {
        link.extend_from_slice(&v.to_le_bytes());
    }
    link.extend_from_slice(&0u32.to_le_bytes()); // connection id
    link.extend_from_slice(&[1, 0]); // main channel, id 0
    for v in [0u32, 0, 18] {
        link.extend_from_slice(&v.to_le_bytes()); // no caps; caps offset
    }
    s.write_all(&link).unwrap();
    let mut magic = [0u8; 4];
    s.read_exact(&mut magic).expect("QEMU's SPICE server answers on the socket");
    magic.to_vec()
}

/// The VNC backend (index 0) of the running `dom` behind `c` (qemud or libvirtd), both
/// ways: the daemon's socket comes back to us, and our socket goes to the daemon (we keep
/// our end of the pair); QEMU's VNC server greets on each. Then libvirt's errors for a
/// backend that is not there (index 2) and a flag that is not known.
fn vnc_sockets_both_ways(c: &dyn Driver, dom: &DomainId) {
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    let mut vnc = UnixStream::from(c.domain_open_graphics_fd(dom, 0, SKIPAUTH).unwrap());
    assert_eq!(rfb_greeting(&mut vnc), b"RFB 003.008\n");
    let (mut ours, theirs) = UnixStream::pair().unwrap();
    c.domain_open_graphics(dom, 0, theirs.as_raw_fd(), 0).unwrap();
    drop(theirs);
    assert_eq!(rfb_greeting(&mut ours), b"RFB 003.008\n");
    let e = c.domain_open_graphics_fd(dom, 2, 0).err().expect("no third backend");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_INTERNAL_ERROR, Domain::VIR_FROM_QEMU, "internal error: No graphics backend with index 2"));
    let e = c.domain_open_graphics_fd(dom, 0, 2).err().expect("bad flags");
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_INVALID_ARG, "unsupported flags (0x2) in function qemuDomainOpenGraphicsFD"));
}

/// `virDomainOpenGraphicsFD` and `virDomainOpenGraphics` (how virt-manager opens a
/// local guest's console): the socket travels over the RPC beside the reply or the call
/// (SCM_RIGHTS), qemud hands it to QEMU (`getfd`, `add_client`), and QEMU's VNC and
/// SPICE servers speak on it. Through our library, and through Debian's own
/// libvirt-python on the real libvirt.so.0; with libvirt's errors.
#[test]
fn graphics_sockets_travel_to_qemu_both_ways() {
    need_qemu!();
    use std::os::unix::net::UnixStream;
    let d = Daemon::start_session("console-graphics-fd");
    let _reaper = QemuReaper::for_session(&d);
    let c = open(&d);
    let disk = boot_disk(d.dir.path());
    let devices = "<graphics type='vnc' autoport='yes'/><graphics type='spice' autoport='yes'/><video><model type='vga'/></video>";
    let xml = domain_xml("gfx", &disk, devices);
    let dom = c.domain_define_xml_flags(&xml, 0).unwrap();

    let e = c.domain_open_graphics_fd(&dom, 0, 0).err().expect("an inactive guest has no graphics");
    assert_eq!((e.code, e.domain, e.message.as_str()), (Code::VIR_ERR_OPERATION_INVALID, Domain::VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running"));
    c.domain_create_with_flags(&dom, 0).unwrap();

    vnc_sockets_both_ways(c.as_ref(), &dom);
    let mut spice = UnixStream::from(c.domain_open_graphics_fd(&dom, 1, 0).unwrap());
    assert_eq!(spice_link_magic(&mut spice), b"REDQ");
    // The connection still works after the files went both ways.
    assert!(c.domain_get_xml_desc(&dom, 0).unwrap().contains("<graphics type='spice'"));

    // Debian's libvirt-python on the real libvirt.so.0, against qemud.
    if Path::new("/usr/lib/python3/dist-packages/libvirt.py").exists() {
        let script = r#"
import libvirt, os, socket, sys
maps = open('/proc/self/maps').read()
assert '/usr/lib/x86_64-linux-gnu/libvirt.so.0' in maps, 'not the real libvirt'
conn = libvirt.open(sys.argv[1])
dom = conn.lookupByName('gfx')
fd = dom.openGraphicsFD(0, libvirt.VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH)
s = socket.socket(fileno=fd)
s.settimeout(20)
print('fd', s.recv(12).decode().strip())
a, b = socket.socketpair()
dom.openGraphics(0, b.fileno(), 0)
b.close()
a.settimeout(20)
print('own', a.recv(12).decode().strip())
try:
    dom.openGraphicsFD(7, 0)
except libvirt.libvirtError as e:
    print('err', e.get_error_code(), e.get_error_message())
"#;
        let mut cmd = Command::new("/usr/bin/python3");
        cmd.arg("-c").arg(script).arg(d.qemu_session_uri()).env_remove("LD_LIBRARY_PATH");
        let out = run_with_timeout(&mut cmd, Duration::from_secs(60));
        let said = text(&out.stdout);
        assert!(out.status.success(), "python: {said}{}\nlog:\n{}", text(&out.stderr), d.log_text());
        assert_eq!(said, "fd RFB 003.008\nown RFB 003.008\nerr 1 internal error: No graphics backend with index 7\n");
    } else {
        eprintln!("SKIP (python): Debian's python3-libvirt is not installed");
    }
    c.domain_destroy_flags(&dom, 0).unwrap();
}

/// The other way round: our library's remote driver against Debian's libvirtd (its QEMU
/// driver, in a private namespace) sends and receives the same sockets.
#[test]
fn graphics_sockets_to_and_from_debian_libvirtd() {
    need_qemu!();
    let Some(r) = Reference::start() else { return };
    let c = driver::open(&Uri::parse(&r.qemu_uri()).unwrap(), OpenFlags::default())
        .unwrap_or_else(|e| panic!("open {}: {}", r.qemu_uri(), e.message));
    let xml = "<domain type='qemu'><name>gfx</name><memory unit='MiB'>32</memory>\
        <os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
        <graphics type='vnc' autoport='yes'/><video><model type='vga'/></video><memballoon model='none'/>\
        </devices></domain>";
    let dom = c.domain_create_xml(xml, 0).unwrap_or_else(|e| panic!("libvirtd starts the guest: {}", e.message));
    // The same checks as against qemud: libvirtd's words are the ones qemud uses.
    vnc_sockets_both_ways(c.as_ref(), &dom);
    c.domain_destroy_flags(&dom, 0).unwrap();
}
