//! The test driver's streams: a domain's screenshot (libvirt's test driver sends the PNG
//! image libvirt installs, `image/png`), and the content of storage volumes for
//! `virStorageVolUpload`/`virStorageVolDownload`, which libvirt's test driver lacks but
//! its storage driver serves.
//!
//! A volume's content lives in a temporary file made on first use and unlinked at once,
//! sized to the volume's capacity (sparse: only what was written takes space), and goes
//! with the volume. Each transfer runs on a worker thread at the driver end of a bounded
//! pipe ([`crate::driver::stream::pipe`]), with libvirt's file-stream semantics: the data
//! goes from `offset` for `length` bytes (0: to the end), a writer that goes past that
//! gets "No space left on device", and with the SPARSE_STREAM flag holes travel as holes
//! (punched on upload, found with SEEK_DATA/SEEK_HOLE on download).

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::fs::File;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use super::TestConnection;
use crate::driver::stream::{self, Direction, DriverEnd, FileRange, Stopped, Stream};
use crate::driver::{DomainId, Storage, StorageVolId};
use crate::error::{Code, Domain, Error, Result};

/// Where libvirt installs the image its test driver answers screenshots with.
const SCREENSHOT: &str = "/usr/share/libvirt/test-screenshot.png";
/// `VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM` = `VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM`.
const SPARSE_STREAM: u32 = 1;

/// The content of the test state's volumes, by volume key.
#[derive(Default)]
pub struct VolumeFiles {
    files: HashMap<String, Arc<VolumeFile>>,
}

/// One volume's content.
pub struct VolumeFile {
    file: File,
    /// Transfers in progress (libvirt's `in_use`): the volume cannot be deleted meanwhile.
    busy: AtomicUsize,
}

/// Counts a transfer as long as it lives.
struct Busy(Arc<VolumeFile>);

impl Busy {
    fn new(f: Arc<VolumeFile>) -> Busy {
        f.busy.fetch_add(1, Ordering::SeqCst);
        Busy(f)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

fn storage_error(code: Code, detail: String) -> Error {
    Error::new(Domain::VIR_FROM_STORAGE, code, detail)
}

/// A temporary file of `size` bytes that no one else can open: made, then unlinked.
fn anonymous_file(size: u64) -> Result<File> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    for _ in 0..16 {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".libvirt-rs-vol-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
            Ok(f) => {
                let _ = std::fs::remove_file(&path);
                f.set_len(size).map_err(|e| Error::system(Domain::VIR_FROM_STORAGE, "cannot size volume content", &e))?;
                return Ok(f);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::system(Domain::VIR_FROM_STORAGE, &format!("cannot create {}", path.display()), &e)),
        }
    }
    Err(Error::internal(Domain::VIR_FROM_STORAGE, "cannot find a free name for volume content"))
}

fn check_flags(flags: u32, allowed: u32, func: &str, from: Domain) -> Result<()> {
    crate::driver::domain_obj::check_flags(flags, allowed, func, from)
}

impl TestConnection {
    /// `testDomainScreenshot`: any domain, any screen; the installed test image.
    pub(super) fn screenshot(&self, dom: &DomainId, _screen: u32, flags: u32) -> Result<(Option<String>, Stream)> {
        check_flags(flags, 0, "testDomainScreenshot", Domain::VIR_FROM_TEST)?;
        self.with_dom(dom, |_, _| Ok(()))?;
        let file = File::open(SCREENSHOT)
            .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, &format!("Unable to open stream for '{SCREENSHOT}'"), &e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let (user, driver) = stream::pipe(Direction::ToUser, false);
        spawn("screenshot", move || {
            let _ = send_range(&file, 0, size, &driver, None);
        })?;
        Ok((Some("image/png".into()), user))
    }

    /// The content of `vol` (made on first use) and its capacity, after the storage
    /// driver's checks (pool active, volume present).
    fn volume_file(&self, vol: &StorageVolId) -> Result<(Arc<VolumeFile>, u64)> {
        let capacity = self.storage_vol_get_info(vol)?.capacity;
        let mut s = self.shared.state.lock();
        if let Some(f) = s.volume_files.files.get(&vol.key) {
            return Ok((f.clone(), capacity));
        }
        let f = Arc::new(VolumeFile { file: anonymous_file(capacity)?, busy: AtomicUsize::new(0) });
        s.volume_files.files.insert(vol.key.clone(), f.clone());
        Ok((f, capacity))
    }

    /// The range a transfer covers, as libvirt's storage driver takes `offset`/`length`.
    fn range(vol: &StorageVolId, offset: u64, length: u64, capacity: u64) -> Result<u64> {
        if offset > capacity {
            return Err(storage_error(
                Code::VIR_ERR_INVALID_ARG,
                format!("offset {offset} is beyond the capacity {capacity} of volume '{}'", vol.name),
            ));
        }
        Ok(if length == 0 { capacity } else { offset.saturating_add(length).min(capacity) })
    }

    /// `storageVolUpload`.
    pub(super) fn upload(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        check_flags(flags, SPARSE_STREAM, "storageVolUpload", Domain::VIR_FROM_STORAGE)?;
        let (file, capacity) = self.volume_file(vol)?;
        let end = Self::range(vol, offset, length, capacity)?;
        let (user, driver) = stream::pipe(Direction::ToDriver, flags & SPARSE_STREAM != 0);
        let busy = Busy::new(file);
        spawn("upload", move || {
            let file = busy.0.clone();
            receive_range(&file.file, offset, end, &driver, busy)
        })?;
        Ok(((), user))
    }

    /// `storageVolDownload`.
    pub(super) fn download(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        check_flags(flags, SPARSE_STREAM, "storageVolDownload", Domain::VIR_FROM_STORAGE)?;
        let (file, capacity) = self.volume_file(vol)?;
        let end = Self::range(vol, offset, length, capacity)?;
        let (user, driver) = stream::pipe(Direction::ToUser, flags & SPARSE_STREAM != 0);
        let busy = Busy::new(file);
        spawn("download", move || {
            let file = busy.0.clone();
            let _ = send_range(&file.file, offset, end, &driver, Some(busy));
        })?;
        Ok(((), user))
    }

    /// Before `vol` is deleted: refused while a transfer uses it, else its content goes.
    pub(super) fn forget_volume_file(&self, vol: &StorageVolId) -> Result<()> {
        // A transfer just aborted ends at once, but on its own thread: give it a moment.
        let file = self.shared.state.lock().volume_files.files.get(&vol.key).cloned();
        if let Some(f) = file {
            for _ in 0..100 {
                if f.busy.load(Ordering::SeqCst) == 0 {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
        let mut s = self.shared.state.lock();
        if let Some(f) = s.volume_files.files.get(&vol.key) {
            if f.busy.load(Ordering::SeqCst) > 0 {
                return Err(storage_error(Code::VIR_ERR_OPERATION_INVALID, format!("volume '{}' is still in use.", vol.name)));
            }
            s.volume_files.files.remove(&vol.key);
        }
        Ok(())
    }
}

fn spawn(what: &str, f: impl FnOnce() + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name(format!("test-{what}"))
        .spawn(f)
        .map(drop)
        .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, "cannot start the stream worker", &e))
}

/// The test driver's volume content is always a regular (memory) file.
fn range(start: u64, end: u64) -> FileRange {
    FileRange { start, end, regular: true }
}

fn send_range(file: &File, start: u64, end: u64, out: &DriverEnd, busy: Option<Busy>) -> std::result::Result<(), Stopped> {
    stream::send_file_range(file, range(start, end), out, busy)
}

fn receive_range(file: &File, start: u64, end: u64, input: &DriverEnd, busy: Busy) {
    stream::receive_file_range(file, range(start, end), input, busy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::stream::Received;

    #[test]
    fn upload_then_sparse_download_keeps_holes() {
        let f = Arc::new(anonymous_file(1 << 20).unwrap());
        let (user, drv) = stream::pipe(Direction::ToDriver, true);
        let g = f.clone();
        let b = Busy::new(Arc::new(VolumeFile { file: g.try_clone().unwrap(), busy: AtomicUsize::new(0) }));
        let t = std::thread::spawn(move || receive_range(&g, 0, 1 << 20, &drv, b));
        user.send(&[7u8; 4096], false).unwrap();
        user.send_hole(65536, 0).unwrap();
        user.send(b"tail", false).unwrap();
        user.finish().unwrap();
        t.join().unwrap();

        let (user, drv) = stream::pipe(Direction::ToUser, true);
        let g = f.clone();
        std::thread::spawn(move || send_range(&g, 0, 4096 + 65536 + 4, &drv, None));
        let mut buf = vec![0u8; stream::CHUNK];
        let (mut data, mut holes) = (0, 0);
        loop {
            match user.recv(&mut buf, true, false).unwrap() {
                Received::Data(n) => data += n,
                Received::Hole => holes += user.recv_hole(0).unwrap(),
                Received::Eof => break,
                Received::WouldBlock => unreachable!(),
            }
        }
        // Holes are found at the file system's granularity; the data all arrives.
        assert_eq!(data as i64 + holes, 4096 + 65536 + 4);
        assert!(holes >= 32768, "hole kept: {holes}");
    }

    #[test]
    fn writing_past_the_range_reports_no_space() {
        let f = anonymous_file(8).unwrap();
        let (user, drv) = stream::pipe(Direction::ToDriver, false);
        let b = Busy::new(Arc::new(VolumeFile { file: f.try_clone().unwrap(), busy: AtomicUsize::new(0) }));
        let t = std::thread::spawn(move || receive_range(&f, 4, 8, &drv, b));
        user.send(b"123456", false).unwrap();
        let e = user.finish().unwrap_err();
        assert_eq!(e.message, "cannot write to stream: No space left on device");
        t.join().unwrap();
    }
}
