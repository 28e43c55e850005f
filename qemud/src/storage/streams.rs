//! `virStorageVolUpload` and `virStorageVolDownload`: the volume's file or device read or
//! written on a worker thread at the driver end of a stream pipe, with libvirt's file
//! stream rules: from `offset` for `length` bytes (0: to the end), writing past that is
//! "No space left on device", and with the SPARSE_STREAM flag holes travel as holes
//! (found with SEEK_DATA/SEEK_HOLE when sending, punched when receiving into a file).
//! The volume counts as in use until the transfer ends: it cannot be deleted meanwhile.

#![forbid(unsafe_code)]

use std::fs::File;
use std::os::unix::fs::FileExt;

use virt::driver::stream::{self, Direction, DriverEnd, Item, Stopped, Stream, CHUNK};
use virt::driver::StorageVolId;
use virt::error::{Code, Domain, Error, Result};

use super::{check_flags, Claim, QemuConnection};

const SPARSE_STREAM: u32 = 1;

fn io_failed(what: &str, e: &std::io::Error) -> Error {
    Error::system(Domain::VIR_FROM_STREAMS, what, e)
}

impl QemuConnection {
    pub(super) fn vol_stream(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32, upload: bool) -> Result<((), Stream)> {
        check_flags(flags, SPARSE_STREAM, if upload { "storageVolUpload" } else { "storageVolDownload" })?;
        let st = self.st();
        let (p, v, def) = st.vol_of(vol)?;
        let v = st.refresh_vol(&p, &def, &v)?;
        let path = v.target.path.clone().unwrap_or_default();
        // The file as it is: a qcow2 image goes as its bytes, as libvirt sends it.
        let size = if def.pool_type == virt::conf::storage::PoolType::Logical { v.capacity } else { v.physical.unwrap_or(v.capacity) };
        let size = if upload { size.max(v.capacity) } else { size };
        if offset > size {
            return Err(Error::new(
                Domain::VIR_FROM_STORAGE,
                Code::VIR_ERR_INVALID_ARG,
                format!("offset {offset} is beyond the size {size} of volume '{}'", vol.name),
            ));
        }
        let end = if length == 0 { size } else { offset.saturating_add(length).min(size) };
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(upload)
            .open(&path)
            .map_err(|e| Error::system(Domain::VIR_FROM_STORAGE, &format!("cannot open volume '{path}'"), &e))?;
        let claim: Claim = self.claim(&p, &vol.name)?;
        let sparse = flags & SPARSE_STREAM != 0;
        let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        let (user, driver) = stream::pipe(if upload { Direction::ToDriver } else { Direction::ToUser }, sparse);
        std::thread::Builder::new()
            .name(if upload { "vol-upload" } else { "vol-download" }.into())
            .spawn(move || {
                if upload {
                    receive_range(&file, offset, end, &driver, claim, regular);
                } else {
                    let _ = send_range(&file, offset, end, &driver, claim, regular);
                }
            })
            .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, "cannot start the stream worker", &e))?;
        Ok(((), user))
    }
}

/// Sends `file[pos..end]`: data, and holes as holes on a sparse stream.
fn send_range(file: &File, mut pos: u64, end: u64, out: &DriverEnd, claim: Claim, regular: bool) -> std::result::Result<(), Stopped> {
    let mut claim = Some(claim);
    let mut buf = vec![0u8; CHUNK];
    while pos < end {
        let mut data_end = end;
        if out.sparse() && regular {
            let data_at = match virt::sys::seek_data_or_hole(file, pos, true) {
                Ok(at) => at.unwrap_or(end).min(end),
                Err(_) => pos,
            };
            if data_at > pos {
                out.push(Item::Hole(data_at - pos))?;
                pos = data_at;
                continue;
            }
            data_end = virt::sys::seek_data_or_hole(file, pos, false).ok().flatten().unwrap_or(end).min(end);
        }
        let n = (data_end - pos).min(CHUNK as u64) as usize;
        if let Err(e) = file.read_exact_at(&mut buf[..n], pos) {
            drop(claim.take());
            out.complete(Err(io_failed("cannot read from stream", &e)));
            return Ok(());
        }
        out.push(Item::Data(buf[..n].to_vec()))?;
        pos += n as u64;
    }
    drop(claim.take());
    out.push(Item::Eof)?;
    out.complete(Ok(()));
    Ok(())
}

/// Writes what the user sends into `file[pos..end]` until the end of the data.
fn receive_range(file: &File, mut pos: u64, end: u64, input: &DriverEnd, claim: Claim, regular: bool) {
    let mut claim = Some(claim);
    let no_space = || io_failed("cannot write to stream", &std::io::Error::from_raw_os_error(libc::ENOSPC));
    loop {
        let item = match input.pull() {
            Ok(item) => item,
            Err(Stopped) => return,
        };
        let r = match item {
            Item::Eof => {
                let synced = file.sync_data().map_err(|e| io_failed("cannot sync volume", &e));
                drop(claim.take());
                input.complete(synced);
                return;
            }
            Item::Data(d) => {
                let room = (end - pos).min(d.len() as u64) as usize;
                let written = file.write_all_at(&d[..room], pos).map_err(|e| io_failed("cannot write to stream", &e));
                pos += room as u64;
                written.and_then(|()| if room < d.len() { Err(no_space()) } else { Ok(()) })
            }
            Item::Hole(n) if n > end - pos => Err(no_space()),
            Item::Hole(n) => {
                let r = if regular {
                    virt::sys::punch_hole(file, pos, n).map_err(|e| io_failed("unable to punch a hole", &e))
                } else {
                    write_zeros(file, pos, n)
                };
                pos += n;
                r
            }
        };
        if let Err(e) = r {
            drop(claim.take());
            input.complete(Err(e));
            return;
        }
    }
}

/// A hole on a block device: zeros written.
fn write_zeros(file: &File, mut pos: u64, mut n: u64) -> Result<()> {
    let zeros = vec![0u8; CHUNK];
    while n > 0 {
        let k = n.min(CHUNK as u64) as usize;
        file.write_all_at(&zeros[..k], pos).map_err(|e| io_failed("cannot write to stream", &e))?;
        pos += k as u64;
        n -= k as u64;
    }
    Ok(())
}
