//! Consoles, channels and screenshots of running domains (`virDomainOpenConsole`,
//! `virDomainOpenChannel`, `virDomainScreenshot`).
//!
//! A console is the pty QEMU made for a `<serial type='pty'>` or `<console type='pty'>`
//! (its path, from QMP `query-chardev`, is in the live XML as libvirt shows it); a
//! channel is a UNIX socket QEMU listens on (`<channel type='unix'>`; one without a
//! path gets libvirt's `<channel target dir>/domain-ID-NAME/TARGET-NAME`). Opening one
//! gives a stream over the device itself, read and written as libvirt's fd streams do:
//! a pty in raw mode, non-blocking I/O under `poll`, a wake-up socket so a session ended
//! from elsewhere (forced off, the guest stopped, the caller aborting) wakes whoever
//! waits on it.
//!
//! One session per device at a time: a second open fails with libvirt's "Active console
//! session exists for this domain" unless forced, which ends the first one with the
//! error libvirtd sends then ("stream had I/O failure").
//!
//! A screenshot is QMP `screendump` into a private temp file (PNG when QEMU can, as
//! libvirt 9.0 asks for it; else PPM), read back, removed, and sent on a stream.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::fd::AsFd;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Weak};

use virt::conf::domain::DomainDef;
use virt::conf::xml::XmlElement;
use virt::driver::stream::{self, events, DataStream, Direction, Item, Received, Stream};
use virt::driver::{DomainDevices, DomainId};
use virt::driver::domain_devices::{wire, DomainInterface};

use super::*;

/// `VIR_DOMAIN_CONSOLE_FORCE`, `VIR_DOMAIN_CONSOLE_SAFE`, `VIR_DOMAIN_CHANNEL_FORCE`.
const CONSOLE_FORCE: u32 = 1;
const CONSOLE_SAFE: u32 = 2;
const CHANNEL_FORCE: u32 = 1;

/// `virDomainObjCheckActive`'s error (from the domain-config code, not the QEMU driver).
fn inactive() -> Error {
    Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_OPERATION_INVALID, "domain is not running")
}

/// What the first session's stream reports when a forced open ends it (libvirtd's error
/// for a stream whose device failed under it).
fn forced_off() -> Error {
    Error::new(Domain::VIR_FROM_STREAMS, Code::VIR_ERR_RPC, "stream had I/O failure")
}

type Key = ([u8; 16], String);

/// The open console and channel sessions of the driver, by domain and device path.
#[derive(Default)]
pub(super) struct Sessions {
    open: Arc<Mutex<HashMap<Key, Weak<ChrStream>>>>,
}

impl Sessions {
    /// Opens a session on `path` of domain `uuid` with `open`; a live one refuses (`busy`)
    /// unless `force`, which ends it.
    fn start(
        &self,
        uuid: [u8; 16],
        path: &str,
        force: bool,
        busy: &str,
        open: impl FnOnce() -> Result<File>,
    ) -> Result<Arc<ChrStream>> {
        let key = (uuid, path.to_string());
        let mut map = self.open.lock();
        if let Some(old) = map.get(&key).and_then(Weak::upgrade) {
            if !old.done() {
                if !force {
                    return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, busy));
                }
                old.end(End::Failed(forced_off()));
            }
        }
        let file = open()?;
        let (wake_rx, wake_tx) = UnixStream::pair().map_err(|e| Error::system(FROM, "cannot create a socket pair", &e))?;
        let s = Arc::new(ChrStream {
            file,
            wake_rx,
            wake_tx,
            state: Mutex::new(ChrState::default()),
            sessions: Arc::downgrade(&self.open),
            key: key.clone(),
        });
        map.insert(key, Arc::downgrade(&s));
        Ok(s)
    }

    /// The domain `uuid` stopped: its sessions reach their end of data.
    pub(super) fn domain_stopped(&self, uuid: &[u8; 16]) {
        let ended: Vec<Arc<ChrStream>> = {
            let mut map = self.open.lock();
            let keys: Vec<Key> = map.keys().filter(|k| &k.0 == uuid).cloned().collect();
            keys.iter().filter_map(|k| map.remove(k)).filter_map(|w| w.upgrade()).collect()
        };
        for s in ended {
            s.end(End::Eof);
        }
    }
}

#[derive(Default)]
struct ChrState {
    /// The caller finished or aborted: its operations fail with "stream is not open".
    closed: bool,
    /// The device reached its end, or the session was ended from elsewhere.
    end: Option<End>,
    notify: Option<Arc<dyn Fn() + Send + Sync>>,
}

#[derive(Clone)]
enum End {
    Eof,
    Failed(Error),
}

/// A stream over a guest's character device: both ways, unbuffered.
struct ChrStream {
    /// The pty or the socket, non-blocking.
    file: File,
    /// Readable once the session is over (one byte written to `wake_tx`, never read).
    wake_rx: UnixStream,
    wake_tx: UnixStream,
    state: Mutex<ChrState>,
    sessions: Weak<Mutex<HashMap<Key, Weak<ChrStream>>>>,
    key: Key,
}

impl ChrStream {
    fn done(&self) -> bool {
        let st = self.state.lock();
        st.closed || st.end.is_some()
    }

    /// Ends the session (first reason wins) and wakes everyone waiting on it.
    fn end(&self, why: End) {
        let notify = {
            let mut st = self.state.lock();
            if st.end.is_none() && !st.closed {
                st.end = Some(why);
            }
            st.notify.clone()
        };
        let _ = (&self.wake_tx).write(&[1]);
        if let Some(n) = notify {
            n();
        }
    }

    /// Forgets the session in the driver's table (if it is still this one).
    fn release(&self) {
        let Some(map) = self.sessions.upgrade() else { return };
        let mut map = map.lock();
        if map.get(&self.key).is_some_and(|w| std::ptr::eq(w.as_ptr(), self)) {
            map.remove(&self.key);
        }
    }

    /// Why an operation cannot go on, if it cannot.
    fn check(&self) -> Result<Option<End>> {
        let st = self.state.lock();
        if st.closed {
            return Err(stream::not_open());
        }
        Ok(st.end.clone())
    }

    fn close(&self) {
        self.state.lock().closed = true;
        let _ = (&self.wake_tx).write(&[1]);
        self.release();
    }

    /// Waits until the device has `event` or the session ends; false once it ended.
    fn wait(&self, event: i16) -> Result<bool> {
        let r = crate::sys::poll(&[(self.file.as_fd(), event), (self.wake_rx.as_fd(), libc::POLLIN)], -1)
            .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, "cannot wait on the stream", &e))?;
        Ok(r[1] == 0)
    }
}

fn would_block(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted)
}

impl DataStream for ChrStream {
    fn send(&self, data: &[u8], nonblock: bool) -> Result<Option<usize>> {
        loop {
            match self.check()? {
                Some(End::Failed(e)) => return Err(e),
                Some(End::Eof) => {
                    let e = std::io::Error::from_raw_os_error(libc::EIO);
                    return Err(Error::system(Domain::VIR_FROM_STREAMS, "cannot write to stream", &e));
                }
                None => {}
            }
            match (&self.file).write(data) {
                Ok(n) => return Ok(Some(n)),
                Err(e) if would_block(&e) => {
                    if nonblock {
                        return Ok(None);
                    }
                    self.wait(libc::POLLOUT)?;
                }
                Err(e) => {
                    self.end(End::Eof);
                    self.release();
                    return Err(Error::system(Domain::VIR_FROM_STREAMS, "cannot write to stream", &e));
                }
            }
        }
    }

    fn recv(&self, buf: &mut [u8], _stop_at_hole: bool, nonblock: bool) -> Result<Received> {
        loop {
            match self.check()? {
                Some(End::Failed(e)) => return Err(e),
                Some(End::Eof) => return Ok(Received::Eof),
                None => {}
            }
            match (&self.file).read(buf) {
                Ok(0) => {
                    self.end(End::Eof);
                    self.release();
                }
                Ok(n) => return Ok(Received::Data(n)),
                Err(e) if would_block(&e) => {
                    if nonblock {
                        return Ok(Received::WouldBlock);
                    }
                    self.wait(libc::POLLIN)?;
                }
                // A pty whose QEMU side closed reads EIO, a channel socket QEMU closed with
                // data unread ECONNRESET: either way the guest is gone, the stream ends.
                Err(e) if matches!(e.raw_os_error(), Some(libc::EIO) | Some(libc::ECONNRESET)) => {
                    self.end(End::Eof);
                    self.release();
                }
                Err(e) => {
                    let err = Error::system(Domain::VIR_FROM_STREAMS, "cannot read from stream", &e);
                    self.end(End::Failed(err));
                    self.release();
                }
            }
        }
    }

    fn send_hole(&self, _length: i64, _flags: u32) -> Result<()> {
        self.check()?;
        Err(Error::new(Domain::VIR_FROM_STREAMS, Code::VIR_ERR_OPERATION_INVALID, "Skipping is not supported with this stream"))
    }

    fn recv_hole(&self, _flags: u32) -> Result<i64> {
        self.check()?;
        Err(Error::new(Domain::VIR_FROM_STREAMS, Code::VIR_ERR_OPERATION_INVALID, "Holes are not supported with this stream"))
    }

    fn finish(&self) -> Result<()> {
        let failed = match self.state.lock().end.clone() {
            Some(End::Failed(e)) => Some(e),
            _ => None,
        };
        self.close();
        failed.map_or(Ok(()), Err)
    }

    fn abort(&self) -> Result<()> {
        self.close();
        Ok(())
    }

    fn ready(&self) -> i32 {
        let st = self.state.lock();
        match &st.end {
            Some(End::Failed(_)) => return events::ERROR,
            Some(End::Eof) => return events::READABLE,
            None => {}
        }
        drop(st);
        let r = crate::sys::poll(&[(self.file.as_fd(), libc::POLLIN | libc::POLLOUT)], 0).unwrap_or_default();
        let rev = r.first().copied().unwrap_or(0);
        let mut ev = 0;
        if rev & (libc::POLLIN | libc::POLLHUP) != 0 {
            ev |= events::READABLE;
        }
        if rev & libc::POLLOUT != 0 {
            ev |= events::WRITABLE;
        }
        if rev & libc::POLLERR != 0 {
            ev |= events::ERROR;
        }
        ev
    }

    fn on_change(&self, notify: Option<Arc<dyn Fn() + Send + Sync>>) {
        self.state.lock().notify = notify;
    }

    fn sparse(&self) -> bool {
        false
    }

    fn receives(&self) -> bool {
        true
    }
}

/// Opens the pty at `path` as libvirt's console streams do: read-write, not as our
/// controlling terminal, non-blocking, raw.
fn open_pty(path: &str) -> Result<File> {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, &format!("Unable to open stream for '{path}'"), &e))?;
    crate::sys::make_raw(f.as_fd())
        .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, &format!("Unable to make terminal '{path}' raw"), &e))?;
    Ok(f)
}

/// Connects to the channel socket QEMU listens on at `path`.
fn open_socket(path: &str) -> Result<File> {
    let s = UnixStream::connect(path)
        .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, &format!("Unable to connect to UNIX socket '{path}'"), &e))?;
    s.set_nonblocking(true).map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, "cannot make the socket non-blocking", &e))?;
    Ok(File::from(std::os::fd::OwnedFd::from(s)))
}

// ---- the live definition ------------------------------------------------------------

/// What QMP `query-chardev` says of each chardev QEMU has, by label: its `filename`
/// (`pty:/dev/pts/N` for a pty) and whether the guest side is open.
pub(super) fn chardev_info(monitor: &Monitor) -> Result<HashMap<String, (String, bool)>> {
    let r = monitor.execute("query-chardev", None)?;
    let mut out = HashMap::new();
    for c in r.as_array().unwrap_or_default() {
        let (Some(label), Some(file)) = (c.get("label").and_then(Json::as_str), c.get("filename").and_then(Json::as_str))
        else {
            continue;
        };
        let open = c.get("frontend-open").and_then(Json::as_bool).unwrap_or(false);
        out.insert(label.to_string(), (file.to_string(), open));
    }
    Ok(out)
}

fn set_source_path(backend: &mut Vec<XmlElement>, path: &str) {
    match backend.iter_mut().find(|e| e.name == "source") {
        Some(s) => s.set_attr("path", path),
        None => backend.insert(0, XmlElement::with_attrs("source", &[("path", Some(path.to_string()))])),
    }
}

/// The directory of the channel sockets libvirt makes for one run of a domain.
pub(super) fn channel_dir(dirs: &Dirs, id: i32, name: &str) -> PathBuf {
    let base = dirs.save.parent().map(Path::to_path_buf).unwrap_or_else(|| dirs.save.clone());
    base.join("channel/target").join(format!("domain-{id}-{name}"))
}

/// Writes what QEMU made into the live definition `live` (started from `used`): the pty
/// paths of serials, consoles and channels (a console's also as its `tty`), the channel
/// socket paths assigned at start, and whether the guest opened each virtio channel.
pub(super) fn apply_live(live: &mut DomainDef, used: &DomainDef, info: &HashMap<String, (String, bool)>) {
    let pty = |label: &str| info.get(label).and_then(|(f, _)| f.strip_prefix("pty:")).map(str::to_string);
    let d = &mut live.devices;
    let mut serial_ptys = HashMap::new();
    for s in d.serials.iter_mut().filter(|s| s.chr_type == "pty") {
        let port = s.port().unwrap_or(0);
        if let Some(p) = pty(&format!("charserial{port}")) {
            set_source_path(&mut s.backend, &p);
            serial_ptys.insert(port, p);
        }
    }
    for (i, c) in d.consoles.iter_mut().enumerate().filter(|(_, c)| c.chr_type == "pty") {
        let port = c.port().unwrap_or(0);
        let path = match c.target.target_type.as_deref() {
            Some("serial") | None if i == 0 => serial_ptys.get(&port).cloned(),
            _ => pty(&format!("charconsole{port}")),
        };
        if let Some(p) = path {
            match c.attrs.iter_mut().find(|(k, _)| k == "tty") {
                Some(a) => a.1 = p.clone(),
                None => c.attrs.insert(0, ("tty".into(), p.clone())),
            }
            set_source_path(&mut c.backend, &p);
        }
    }
    for (i, c) in d.channels.iter_mut().enumerate() {
        let label = format!("charchannel{i}");
        if c.chr_type == "unix" && c.source_path().is_none() {
            if let Some(src) = used.devices.channels.get(i).and_then(|u| u.backend.iter().find(|e| e.name == "source")) {
                c.backend.insert(0, src.clone());
            }
        }
        if c.chr_type == "pty" {
            if let Some(p) = pty(&label) {
                set_source_path(&mut c.backend, &p);
            }
        }
        if c.target.target_type.as_deref() == Some("virtio") {
            if let Some((_, open)) = info.get(&label) {
                c.target.state = Some(if *open { "connected" } else { "disconnected" }.into());
            }
        }
    }
}

/// The live definition names the address each VNC or SPICE display listens on when
/// the definition left it to the default (`vnc_listen`/`spice_listen`), as libvirt
/// shows it (`listen='127.0.0.1'` and its `<listen type='address'>`): what a client
/// such as virt-manager connects to.
pub(super) fn apply_listen_defaults(live: &mut DomainDef, default: &str) {
    for g in live.devices.graphics.iter_mut().filter(|g| matches!(g.graphics_type.as_str(), "vnc" | "spice")) {
        for l in g.listens.iter_mut().filter(|l| l.listen_type == "address" && l.address.is_none()) {
            l.address = Some(default.to_string());
        }
    }
}

// ---- the slots ------------------------------------------------------------------------

impl QemuDriver {
    /// The running domain's definition, or libvirt's error for one that is not running.
    fn live_def(&self, dom: &DomainId) -> Result<(Arc<Slot>, DomainDef)> {
        let slot = self.slot(dom)?;
        let def = {
            let d = slot.obj.lock();
            if !d.is_active() {
                return Err(inactive());
            }
            d.def.clone()
        };
        Ok((slot, def))
    }
}

/// A character device's alias as libvirt names it: `serialN`, `consoleN` (the first
/// console, an alias of the first serial, answers to `serial0` too), `channelN`.
fn console_device<'a>(def: &'a DomainDef, dev_name: Option<&str>) -> Option<&'a virt::conf::domain::Chardev> {
    let d = &def.devices;
    let Some(name) = dev_name else { return d.consoles.first().or(d.serials.first()) };
    for (i, c) in d.consoles.iter().enumerate() {
        let serial_alias = i == 0 && matches!(c.target.target_type.as_deref(), Some("serial") | None);
        if name == format!("console{i}") || (serial_alias && name == format!("serial{}", c.port().unwrap_or(0))) {
            return Some(c);
        }
    }
    d.serials.iter().find(|s| name == format!("serial{}", s.port().unwrap_or(0)))
}

fn channel_device<'a>(def: &'a DomainDef, name: Option<&str>) -> Option<&'a virt::conf::domain::Chardev> {
    let d = &def.devices;
    let Some(name) = name else { return d.channels.first() };
    d.channels.iter().enumerate().find_map(|(i, c)| {
        let by_target = c.target.target_type.as_deref() == Some("virtio") && c.target.name.as_deref() == Some(name);
        (name == format!("channel{i}") || by_target).then_some(c)
    })
}

impl DomainDevices for QemuConnection {
    fn domain_attach_device(&self, dom: &DomainId, xml: &str) -> Result<()> {
        self.attach_device(dom, xml, 1)
    }

    fn domain_attach_device_flags(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        self.attach_device(dom, xml, flags)
    }

    fn domain_detach_device(&self, dom: &DomainId, xml: &str) -> Result<()> {
        self.detach_device(dom, xml, 1)
    }

    fn domain_detach_device_flags(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        self.detach_device(dom, xml, flags)
    }

    fn domain_update_device_flags(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        self.update_device(dom, xml, flags)
    }

    fn domain_detach_device_alias(&self, dom: &DomainId, alias: &str, flags: u32) -> Result<()> {
        self.detach_device_alias(dom, alias, flags)
    }

    // Statistics and addresses: `stats.rs`.
    fn domain_block_stats(&self, dom: &DomainId, path: &str) -> Result<wire::DomainBlockStatsRet> {
        self.block_stats(dom, path)
    }

    fn domain_block_stats_flags(&self, dom: &DomainId, path: &str, n: i32, flags: u32) -> Result<wire::DomainBlockStatsFlagsRet> {
        self.block_stats_flags(dom, path, n, flags)
    }

    fn domain_get_block_info(&self, dom: &DomainId, path: &str, flags: u32) -> Result<wire::DomainGetBlockInfoRet> {
        self.block_info(dom, path, flags)
    }

    fn domain_interface_addresses(&self, dom: &DomainId, source: u32, flags: u32) -> Result<Vec<DomainInterface>> {
        self.interface_addresses(dom, source, flags)
    }

    /// `qemuDomainOpenConsole`: the first console (or serial), or the one named by alias;
    /// only a pty can be opened.
    fn domain_open_console(&self, dom: &DomainId, dev_name: Option<&str>, flags: u32) -> Result<((), Stream)> {
        check_flags(flags, CONSOLE_SAFE | CONSOLE_FORCE, "qemuDomainOpenConsole")?;
        let (_slot, def) = self.live_def(dom)?;
        let chr = console_device(&def, dev_name).ok_or_else(|| {
            Error::internal(FROM, format!("cannot find character device {}", dev_name.unwrap_or("<null>")))
        })?;
        let path = match (chr.chr_type.as_str(), chr.source_path()) {
            ("pty", Some(p)) => p.to_string(),
            _ => {
                let name = dev_name.map(str::to_string).unwrap_or_else(|| alias_of(&def, chr));
                return Err(Error::internal(FROM, format!("character device {name} is not using a PTY")));
            }
        };
        let s = self.consoles.start(
            def.uuid.0,
            &path,
            flags & CONSOLE_FORCE != 0,
            "Active console session exists for this domain",
            || open_pty(&path),
        )?;
        Ok(((), s))
    }

    /// `qemuDomainOpenChannel`: the first channel, or the one named by alias or by its
    /// virtio target name; only a UNIX socket can be opened.
    fn domain_open_channel(&self, dom: &DomainId, name: Option<&str>, flags: u32) -> Result<((), Stream)> {
        check_flags(flags, CHANNEL_FORCE, "qemuDomainOpenChannel")?;
        let (_slot, def) = self.live_def(dom)?;
        let chr = channel_device(&def, name)
            .ok_or_else(|| Error::internal(FROM, format!("cannot find channel {}", name.unwrap_or("<null>"))))?;
        let path = match (chr.chr_type.as_str(), chr.source_path()) {
            ("unix", Some(p)) => p.to_string(),
            _ => {
                let n = name.map(str::to_string).unwrap_or_else(|| alias_of(&def, chr));
                return Err(Error::internal(FROM, format!("channel {n} is not using a UNIX socket")));
            }
        };
        let s = self.consoles.start(
            def.uuid.0,
            &path,
            flags & CHANNEL_FORCE != 0,
            "Active channel stream exists for this domain",
            || open_socket(&path),
        )?;
        Ok(((), s))
    }

    /// `qemuDomainScreenshot`: QMP `screendump` of screen `screen` (counted over the
    /// heads of every video device) into a private temp file, sent back on a stream.
    fn domain_screenshot(&self, dom: &DomainId, screen: u32, flags: u32) -> Result<(Option<String>, Stream)> {
        check_flags(flags, 0, "qemuDomainScreenshot")?;
        let (slot, def) = self.live_def(dom)?;
        if def.devices.videos.is_empty() {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "no screens to take screenshot from"));
        }
        let mut target = None;
        let mut left = screen;
        for (i, v) in def.devices.videos.iter().enumerate() {
            let heads = v.heads.unwrap_or(1);
            if left < heads {
                target = Some((i, left));
                break;
            }
            left -= heads;
        }
        let (video, head) =
            target.ok_or_else(|| Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "no such screen ID"))?;
        let monitor = self.monitor(&slot)?;
        let v = monitor.version();
        let png = (v.major, v.minor) >= (7, 1);
        make_dir(&self.dirs.runtime)?;
        static N: AtomicI32 = AtomicI32::new(0);
        let tmp = self.dirs.runtime.join(format!(
            ".{}.screendump.{}.{}",
            def.name,
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(|e| Error::system(FROM, &format!("failed to create temporary file '{}'", tmp.display()), &e))?;
        let mut args = vec![("filename", Json::from(tmp.display().to_string()))];
        if screen != 0 {
            args.push(("device", Json::from(format!("video{video}"))));
            args.push(("head", Json::Int(i64::from(head))));
        }
        if png {
            args.push(("format", Json::from("png")));
        }
        let dumped = monitor.execute("screendump", Some(Json::object(args))).and_then(|_| {
            std::fs::read(&tmp)
                .map_err(|e| Error::system(FROM, &format!("unable to read screenshot '{}'", tmp.display()), &e))
        });
        let _ = std::fs::remove_file(&tmp);
        let image = dumped?;
        let (user, driver) = stream::pipe(Direction::ToUser, false);
        std::thread::Builder::new()
            .name("qemud-screenshot".into())
            .spawn(move || {
                for chunk in image.chunks(stream::CHUNK) {
                    if driver.push(Item::Data(chunk.to_vec())).is_err() {
                        return;
                    }
                }
                let _ = driver.push(Item::Eof);
            })
            .map_err(|e| Error::system(FROM, "cannot start the screenshot thread", &e))?;
        let mime = if png { "image/png" } else { "image/x-portable-pixmap" };
        Ok((Some(mime.into()), user))
    }

    /// `qemuDomainOpenGraphics`: the caller's socket becomes a client of the backend.
    fn domain_open_graphics(&self, dom: &DomainId, idx: u32, fd: i32, flags: u32) -> Result<()> {
        let own = virt::sys::dup_fd(fd).map_err(|e| Error::system(FROM, &format!("Unable to access file descriptor {fd}"), &e))?;
        self.open_graphics(dom, idx, own.as_fd(), flags, "qemuDomainOpenGraphics")
    }

    /// `qemuDomainOpenGraphicsFD`: one end of a new socket pair becomes a client of the
    /// backend; the other is the caller's.
    fn domain_open_graphics_fd(&self, dom: &DomainId, idx: u32, flags: u32) -> Result<std::os::fd::OwnedFd> {
        let (ours, qemus) =
            UnixStream::pair().map_err(|e| Error::system(FROM, "Failed to create socket pair", &e))?;
        self.open_graphics(dom, idx, qemus.as_fd(), flags, "qemuDomainOpenGraphicsFD")?;
        Ok(ours.into())
    }
}

/// `VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH`
const GRAPHICS_SKIPAUTH: u32 = 1;

impl QemuConnection {
    /// libvirt's `qemuMonitorOpenGraphics`: hands the socket `fd` to QEMU (`getfd`) and
    /// makes it a client of the guest's graphics backend `idx` (`add_client`), which
    /// must be VNC or SPICE. QEMU takes its own copy of `fd`.
    fn open_graphics(&self, dom: &DomainId, idx: u32, fd: std::os::fd::BorrowedFd<'_>, flags: u32, func: &str) -> Result<()> {
        check_flags(flags, GRAPHICS_SKIPAUTH, func)?;
        let (slot, def) = self.live_def(dom)?;
        let g = def
            .devices
            .graphics
            .get(idx as usize)
            .ok_or_else(|| Error::internal(FROM, format!("No graphics backend with index {idx}")))?;
        let protocol = match g.graphics_type.as_str() {
            "vnc" | "spice" => g.graphics_type.clone(),
            other => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                    format!("Can only open VNC or SPICE graphics backends, not {other}"),
                ))
            }
        };
        let _job = slot.job.lock();
        let monitor = self.monitor(&slot)?;
        const FDNAME: &str = "graphicsfd";
        monitor.execute_with_fd("getfd", Some(Json::object([("fdname", Json::from(FDNAME))])), fd)?;
        let args = Json::object([
            ("protocol", Json::from(protocol)),
            ("fdname", Json::from(FDNAME)),
            ("skipauth", Json::Bool(flags & GRAPHICS_SKIPAUTH != 0)),
            ("tls", Json::Bool(false)),
        ]);
        if let Err(e) = monitor.execute("add_client", Some(args)) {
            let _ = monitor.execute("closefd", Some(Json::object([("fdname", Json::from(FDNAME))])));
            return Err(e);
        }
        Ok(())
    }
}

/// libvirt's alias of `chr` in `def` (for error messages).
fn alias_of(def: &DomainDef, chr: &virt::conf::domain::Chardev) -> String {
    let d = &def.devices;
    if let Some(i) = d.consoles.iter().position(|c| std::ptr::eq(c, chr)) {
        return argv::console_alias(i, chr);
    }
    if let Some(i) = d.channels.iter().position(|c| std::ptr::eq(c, chr)) {
        return format!("channel{i}");
    }
    format!("serial{}", chr.port().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(xml: &str) -> DomainDef {
        DomainDef::parse(xml).unwrap()
    }

    const XML: &str = "<domain type='qemu'><name>c</name><memory>1024</memory><os><type>hvm</type></os><devices>\
        <serial type='pty'/><console type='pty'/>\
        <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>\
        <channel type='unix'><source mode='bind' path='/tmp/x.sock'/><target type='virtio' name='x'/></channel>\
        </devices></domain>";

    #[test]
    fn live_definition_gets_ptys_sockets_and_channel_states() {
        let mut used = def(XML);
        let dir = std::env::temp_dir().join(format!("qemud-console-unit-{}", std::process::id()));
        crate::qemu::prepare::name_channels(&mut used, 3, &dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let want = dir.join("domain-3-c/org.qemu.guest_agent.0").display().to_string();
        assert_eq!(used.devices.channels[0].source_path(), Some(want.as_str()));
        assert_eq!(used.devices.channels[1].source_path(), Some("/tmp/x.sock"));
        let mut live = def(XML);
        let info: HashMap<String, (String, bool)> = [
            ("charserial0".to_string(), ("pty:/dev/pts/7".to_string(), true)),
            ("charchannel0".to_string(), ("unix:...".to_string(), false)),
            ("charchannel1".to_string(), ("unix:...".to_string(), true)),
        ]
        .into_iter()
        .collect();
        apply_live(&mut live, &used, &info);
        let xml = live.format(FormatOptions { live_id: Some(3), inactive: false, secure: true });
        assert!(xml.contains("<serial type='pty'>\n      <source path='/dev/pts/7'/>"), "{xml}");
        assert!(xml.contains("<console type='pty' tty='/dev/pts/7'>\n      <source path='/dev/pts/7'/>"), "{xml}");
        assert!(xml.contains(&format!("<source mode='bind' path='{want}'/>")), "{xml}");
        assert!(xml.contains("name='org.qemu.guest_agent.0' state='disconnected'/>"), "{xml}");
        assert!(xml.contains("name='x' state='connected'/>"), "{xml}");
    }

    #[test]
    fn listen_address_defaults_show_in_the_live_definition() {
        let xml = "<domain type='qemu'><name>g</name><memory>1024</memory><os><type>hvm</type></os><devices>\
            <graphics type='vnc' autoport='yes'/><graphics type='spice' port='5901' listen='0.0.0.0'/>\
            </devices></domain>";
        let mut live = def(xml);
        apply_listen_defaults(&mut live, "127.0.0.1");
        let g = &live.devices.graphics;
        assert_eq!(g[0].listens[0].address.as_deref(), Some("127.0.0.1"));
        assert_eq!(g[1].listens[0].address.as_deref(), Some("0.0.0.0"), "an address given stays");
    }

    #[test]
    fn devices_are_found_by_libvirt_alias() {
        let d = def(XML);
        assert!(std::ptr::eq(console_device(&d, None).unwrap(), &d.devices.consoles[0]));
        assert!(std::ptr::eq(console_device(&d, Some("serial0")).unwrap(), &d.devices.consoles[0]));
        assert!(std::ptr::eq(console_device(&d, Some("console0")).unwrap(), &d.devices.consoles[0]));
        assert!(console_device(&d, Some("nope")).is_none());
        assert!(std::ptr::eq(channel_device(&d, None).unwrap(), &d.devices.channels[0]));
        assert!(std::ptr::eq(channel_device(&d, Some("x")).unwrap(), &d.devices.channels[1]));
        assert!(std::ptr::eq(channel_device(&d, Some("channel1")).unwrap(), &d.devices.channels[1]));
        assert!(channel_device(&d, Some("nope")).is_none());
        assert_eq!(alias_of(&d, &d.devices.consoles[0]), "serial0");
        assert_eq!(alias_of(&d, &d.devices.channels[1]), "channel1");
    }
}
