//! `virStorageVolUpload` and `virStorageVolDownload`: the volume's file or device read or
//! written on a worker thread at the driver end of a stream pipe, with libvirt's file
//! stream rules: from `offset` for `length` bytes (0: to the end), writing past that is
//! "No space left on device", and with the SPARSE_STREAM flag holes travel as holes
//! (found with SEEK_DATA/SEEK_HOLE when sending, punched when receiving into a file).
//! The volume counts as in use until the transfer ends: it cannot be deleted meanwhile.

#![forbid(unsafe_code)]

use virt::driver::stream::{self, Direction, FileRange, Stream};
use virt::driver::StorageVolId;
use virt::error::{Code, Domain, Error, Result};

use super::{check_flags, Claim, QemuConnection};

const SPARSE_STREAM: u32 = 1;

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
                let range = FileRange { start: offset, end, regular };
                if upload {
                    stream::receive_file_range(&file, range, &driver, claim);
                } else {
                    let _ = stream::send_file_range(&file, range, &driver, claim);
                }
            })
            .map_err(|e| Error::system(Domain::VIR_FROM_STREAMS, "cannot start the stream worker", &e))?;
        Ok(((), user))
    }
}

