//! What the pool types do on the host: dir (a directory), fs (a block device the pool
//! mounts on its target) and logical (an LVM volume group). Every function here does I/O
//! and may block (a hung mount): callers run them without holding the driver's locks,
//! the slow or unbounded ones under [`super::with_deadline`].

use std::ffi::CString;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use virt::conf::storage::{file_format_name, Perms, PoolDef, PoolType, VolDef, VolTarget};
use virt::error::{Code, Domain, Error, Result};

use super::cmd;

const FROM: Domain = Domain::VIR_FROM_STORAGE;

pub const FMT_RAW: usize = 1;
pub const FMT_QCOW2: usize = 14;

/// `VIR_STORAGE_DEFAULT_POOL_PERM_MODE` and `VIR_STORAGE_DEFAULT_VOL_PERM_MODE`.
pub const POOL_DIR_MODE: u32 = 0o711;
pub const VOL_FILE_MODE: u32 = 0o600;

/// `qemu-img` and LVM commands may take this long.
pub const CMD_TIMEOUT: Duration = Duration::from_secs(120);
const MOUNT_TIMEOUT: Duration = Duration::from_secs(30);

/// What a refresh found.
pub struct Scan {
    pub capacity: u64,
    pub allocation: u64,
    pub available: u64,
    pub perms: Option<Perms>,
    pub vols: Vec<VolDef>,
}

fn sys_err(what: String, e: &std::io::Error) -> Error {
    Error::system(FROM, &what, e)
}

/// `statvfs(path)`: (capacity, allocation, available) in bytes as libvirt computes them.
pub fn statvfs(path: &str) -> Result<(u64, u64, u64)> {
    let c = CString::new(path).map_err(|_| Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "path contains a NUL byte"))?;
    // SAFETY: zeroed is a valid `struct statvfs` (plain integers).
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a NUL-terminated string and `st` a writable struct of the right type.
    let r = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    if r != 0 {
        return Err(sys_err(format!("cannot statvfs path '{path}'"), &std::io::Error::last_os_error()));
    }
    let frsize = st.f_frsize as u64;
    let capacity = st.f_blocks as u64 * frsize;
    let available = st.f_bavail as u64 * frsize;
    let allocation = (st.f_blocks as u64 - st.f_bfree as u64) * frsize;
    Ok((capacity, allocation, available))
}

fn perms_of(md: &std::fs::Metadata) -> Perms {
    Perms { mode: Some(md.mode() & 0o7777), owner: Some(md.uid()), group: Some(md.gid()), label: None }
}

fn times_of(md: &std::fs::Metadata) -> [(i64, i64); 3] {
    [(md.atime(), md.atime_nsec()), (md.mtime(), md.mtime_nsec()), (md.ctime(), md.ctime_nsec())]
}

/// A file's format from its first bytes: qcow2 (with its virtual size and backing file),
/// else raw. (libvirt probes more formats; the ones this driver creates are these two.)
pub struct Probe {
    pub format: usize,
    pub virtual_size: Option<u64>,
    pub backing: Option<String>,
}

pub fn probe(path: &Path) -> std::io::Result<Probe> {
    let mut f = File::open(path)?;
    let mut hdr = [0u8; 72];
    let n = read_full(&mut f, &mut hdr)?;
    if n >= 32 && &hdr[..4] == b"QFI\xfb" {
        let be64 = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap_or([0; 8]));
        let be32 = |b: &[u8]| u32::from_be_bytes(b.try_into().unwrap_or([0; 4]));
        let size = be64(&hdr[24..32]);
        let boff = be64(&hdr[8..16]);
        let blen = be32(&hdr[16..20]) as usize;
        let mut backing = None;
        if boff != 0 && blen > 0 && blen <= 1023 {
            let mut b = vec![0u8; blen];
            use std::os::unix::fs::FileExt;
            if f.read_exact_at(&mut b, boff).is_ok() {
                backing = Some(String::from_utf8_lossy(&b).into_owned());
            }
        }
        return Ok(Probe { format: FMT_QCOW2, virtual_size: Some(size), backing });
    }
    Ok(Probe { format: FMT_RAW, virtual_size: None, backing: None })
}

fn read_full(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A volume of a file pool as a refresh sees it (`None`: not a volume: a directory, a
/// socket, our own temporary files).
pub fn file_volume(dir: &str, name: &str) -> Result<Option<VolDef>> {
    if name.starts_with(".libvirt-rs-") {
        return Ok(None);
    }
    let path = format!("{dir}/{name}");
    let md = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(sys_err(format!("cannot stat file '{path}'"), &e)),
    };
    if !md.file_type().is_file() {
        return Ok(None);
    }
    let p = probe(Path::new(&path)).map_err(|e| sys_err(format!("cannot open volume '{path}'"), &e))?;
    let backing = p.backing.as_ref().map(|b| {
        let bpath = if b.starts_with('/') { b.clone() } else { format!("{dir}/{b}") };
        let bmd = std::fs::metadata(&bpath).ok();
        let bfmt = probe(Path::new(&bpath)).map(|p| p.format).unwrap_or(FMT_RAW);
        VolTarget {
            path: Some(b.clone()),
            format: Some(bfmt),
            perms: bmd.as_ref().map(perms_of).unwrap_or_default(),
            timestamps: bmd.as_ref().map(times_of),
        }
    });
    Ok(Some(VolDef {
        name: name.to_string(),
        key: Some(path.clone()),
        vol_type: virt::conf::storage::VOL_FILE,
        capacity: p.virtual_size.unwrap_or(md.size()),
        allocation: md.blocks() * 512,
        physical: Some(md.size()),
        target: VolTarget { path: Some(path), format: Some(p.format), perms: perms_of(&md), timestamps: Some(times_of(&md)) },
        compat: None,
        cluster_size: 0,
        features: None,
        backing,
    }))
}

/// The directory of a dir or fs pool: its size, permissions and volumes.
fn scan_dir(target: &str) -> Result<Scan> {
    let md = std::fs::metadata(target).map_err(|e| Error::system(Domain::VIR_FROM_NONE, &format!("cannot open directory '{target}'"), &e))?;
    let rd = std::fs::read_dir(target).map_err(|e| Error::system(Domain::VIR_FROM_NONE, &format!("cannot open directory '{target}'"), &e))?;
    let mut names: Vec<String> = rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    let mut vols = Vec::new();
    for n in names {
        if let Some(v) = file_volume(target, &n)? {
            vols.push(v);
        }
    }
    let (capacity, allocation, available) = statvfs(target)?;
    Ok(Scan { capacity, allocation, available, perms: Some(perms_of(&md)), vols })
}

/// `vgs`' sizes of volume group `vg`: (capacity, allocation, available).
fn vg_sizes(vg: &str) -> Result<(u64, u64, u64)> {
    let out = cmd::run(
        "vgs",
        &["--noheadings", "--units", "b", "--nosuffix", "--separator", ":", "-o", "vg_size,vg_free", vg],
        CMD_TIMEOUT,
    )?;
    let line = out.stdout.trim();
    let mut it = line.split(':').map(|s| s.trim().parse::<u64>());
    match (it.next(), it.next()) {
        (Some(Ok(size)), Some(Ok(free))) => Ok((size, size.saturating_sub(free), free)),
        _ => Err(Error::internal(FROM, format!("cannot parse vgs output '{line}'"))),
    }
}

/// The logical volumes of `vg` (`lvs`), keyed by their LVM UUID as libvirt keys them.
fn scan_vg(vg: &str) -> Result<Scan> {
    let out = cmd::run(
        "lvs",
        &["--noheadings", "--units", "b", "--nosuffix", "--separator", "#", "-o", "lv_name,lv_path,lv_size,uuid,lv_attr", vg],
        CMD_TIMEOUT,
    )?;
    let mut vols = Vec::new();
    for line in out.stdout.lines() {
        let f: Vec<&str> = line.trim().split('#').collect();
        if f.len() < 5 || f[0].is_empty() {
            continue;
        }
        // Thin pools and other internal volumes are not volumes of the pool.
        if f[4].starts_with('t') || f[4].starts_with('i') || f[4].starts_with('l') {
            continue;
        }
        let size: u64 = f[2].parse().unwrap_or(0);
        let path = if f[1].is_empty() { format!("/dev/{vg}/{}", f[0]) } else { f[1].to_string() };
        let md = std::fs::metadata(&path).ok();
        vols.push(VolDef {
            name: f[0].to_string(),
            key: Some(f[3].to_string()),
            vol_type: virt::conf::storage::VOL_BLOCK,
            capacity: size,
            allocation: size,
            physical: Some(size),
            target: VolTarget {
                path: Some(path),
                format: None,
                perms: md.as_ref().map(perms_of).unwrap_or_default(),
                timestamps: md.as_ref().map(times_of),
            },
            compat: None,
            cluster_size: 0,
            features: None,
            backing: None,
        });
    }
    let (capacity, allocation, available) = vg_sizes(vg)?;
    Ok(Scan { capacity, allocation, available, perms: None, vols })
}

/// Reads a pool's state and volumes (`refreshPool`).
pub fn scan(def: &PoolDef) -> Result<Scan> {
    match def.pool_type {
        PoolType::Dir | PoolType::Fs => scan_dir(target(def)?),
        PoolType::Logical => scan_vg(vg_name(def)?),
        t => Err(unsupported_type(t)),
    }
}

pub fn unsupported_type(t: PoolType) -> Error {
    Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, format!("storage pool type '{}' is not supported by this driver", t.name()))
}

pub fn target(def: &PoolDef) -> Result<&str> {
    def.target_path.as_deref().ok_or_else(|| Error::new(FROM, Code::VIR_ERR_XML_ERROR, "missing storage pool target path"))
}

pub fn vg_name(def: &PoolDef) -> Result<&str> {
    def.source.name.as_deref().ok_or_else(|| Error::new(FROM, Code::VIR_ERR_XML_ERROR, "missing storage pool source name element"))
}

/// Whether the fs pool's target has its source device mounted (from /proc/mounts).
pub fn is_mounted(def: &PoolDef) -> Result<bool> {
    let target = target(def)?;
    let mounts = std::fs::read_to_string("/proc/self/mounts").map_err(|e| sys_err("cannot read /proc/self/mounts".into(), &e))?;
    Ok(mounts.lines().any(|l| l.split(' ').nth(1).map(unescape_mount) == Some(target.to_string())))
}

fn unescape_mount(s: &str) -> String {
    s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
}

fn mkdir_mode(path: &str, mode: u32) -> Result<()> {
    match std::fs::DirBuilder::new().recursive(true).mode(mode).create(path) {
        Ok(()) => Ok(()),
        Err(e) => Err(sys_err(format!("cannot create path '{path}'"), &e)),
    }
}

/// `buildPool`: the directory (dir, fs), the file system (fs with a flag), the volume
/// group (logical). `overwrite`/`no_overwrite` are VIR_STORAGE_POOL_BUILD_(NO_)OVERWRITE.
pub fn build(def: &PoolDef, overwrite: bool, no_overwrite: bool) -> Result<()> {
    match def.pool_type {
        PoolType::Dir | PoolType::Fs => {
            let t = target(def)?;
            let existed = Path::new(t).is_dir();
            mkdir_mode(t, def.perms.mode.unwrap_or(POOL_DIR_MODE))?;
            if !existed {
                if let Some(m) = def.perms.mode {
                    let _ = std::fs::set_permissions(t, std::fs::Permissions::from_mode(m));
                }
            }
            if def.perms.owner.is_some() || def.perms.group.is_some() {
                std::os::unix::fs::chown(t, def.perms.owner, def.perms.group)
                    .map_err(|e| sys_err(format!("cannot chown '{t}'"), &e))?;
            }
            if def.pool_type == PoolType::Fs && (overwrite || no_overwrite) {
                let dev = def.source.devices.first().map(String::as_str).unwrap_or("");
                let fmt = fs_format(def).unwrap_or("ext4");
                let fmt = if fmt == "auto" { "ext4" } else { fmt };
                if no_overwrite {
                    if let Ok(out) = cmd::run("blkid", &["-o", "value", "-s", "TYPE", dev], MOUNT_TIMEOUT) {
                        let found = out.stdout.trim();
                        if !found.is_empty() {
                            return Err(Error::new(
                                FROM,
                                Code::VIR_ERR_STORAGE_POOL_BUILT,
                                format!("Device '{dev}' is already formatted using '{found}'"),
                            ));
                        }
                    }
                }
                let prog = format!("mkfs.{fmt}");
                let mut args = vec![];
                if fmt.starts_with("ext") {
                    args.push("-F");
                    args.push("-q");
                }
                args.push(dev);
                cmd::run(&prog, &args, CMD_TIMEOUT)?;
            }
            Ok(())
        }
        PoolType::Logical => {
            let vg = vg_name(def)?;
            if def.source.devices.is_empty() {
                return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "cannot build a logical pool without source devices"));
            }
            let mut pvs = Vec::new();
            for d in &def.source.devices {
                let mut args = vec!["-y"];
                if overwrite {
                    args.push("-ff");
                }
                args.push(d.as_str());
                cmd::run("pvcreate", &args, CMD_TIMEOUT)?;
                pvs.push(d.as_str());
            }
            let mut args = vec![vg];
            args.extend(pvs);
            cmd::run("vgcreate", &args, CMD_TIMEOUT)?;
            Ok(())
        }
        t => Err(unsupported_type(t)),
    }
}

fn fs_format(def: &PoolDef) -> Option<&'static str> {
    const FS_FORMATS: &[&str] =
        &["auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat", "hfs+", "xfs", "ocfs2", "vmfs"];
    def.source.format.and_then(|f| FS_FORMATS.get(f).copied())
}

/// `startPool`: checks the directory (dir), mounts (fs), activates the group (logical).
pub fn start(def: &PoolDef) -> Result<()> {
    match def.pool_type {
        PoolType::Dir => {
            let t = target(def)?;
            std::fs::read_dir(t).map(drop).map_err(|e| Error::system(Domain::VIR_FROM_NONE, &format!("cannot open directory '{t}'"), &e))
        }
        PoolType::Fs => {
            let t = target(def)?;
            let dev = def.source.devices.first().ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_XML_ERROR, "missing source device")
            })?;
            if !Path::new(t).is_dir() {
                return Err(Error::system(
                    Domain::VIR_FROM_NONE,
                    &format!("cannot open directory '{t}'"),
                    &std::io::Error::from_raw_os_error(libc::ENOENT),
                ));
            }
            if is_mounted(def)? {
                return Ok(());
            }
            let mut args: Vec<&str> = Vec::new();
            if let Some(f) = fs_format(def).filter(|f| *f != "auto") {
                args.push("-t");
                args.push(f);
            }
            args.push(dev);
            args.push(t);
            cmd::run("mount", &args, MOUNT_TIMEOUT).map(drop)
        }
        PoolType::Logical => {
            let vg = vg_name(def)?;
            cmd::run("vgchange", &["-aay", vg], CMD_TIMEOUT).map(drop)
        }
        t => Err(unsupported_type(t)),
    }
}

/// Whether a pool found active before a daemon restart still is.
pub fn still_active(def: &PoolDef) -> bool {
    match def.pool_type {
        PoolType::Dir => def.target_path.as_deref().map_or(false, |t| Path::new(t).is_dir()),
        PoolType::Fs => is_mounted(def).unwrap_or(false),
        PoolType::Logical => vg_name(def).map_or(false, |vg| cmd::run("vgs", &[vg], MOUNT_TIMEOUT).is_ok()),
        _ => false,
    }
}

/// `stopPool`: unmounts (fs), deactivates the group (logical).
pub fn stop(def: &PoolDef) -> Result<()> {
    match def.pool_type {
        PoolType::Dir => Ok(()),
        PoolType::Fs => {
            if !is_mounted(def)? {
                return Ok(());
            }
            cmd::run("umount", &[target(def)?], MOUNT_TIMEOUT).map(drop)
        }
        PoolType::Logical => cmd::run("vgchange", &["-aln", vg_name(def)?], CMD_TIMEOUT).map(drop),
        t => Err(unsupported_type(t)),
    }
}

/// `deletePool`: removes the directory (dir, fs), the group and its labels (logical).
pub fn delete(def: &PoolDef) -> Result<()> {
    match def.pool_type {
        PoolType::Dir | PoolType::Fs => {
            let t = target(def)?;
            std::fs::remove_dir(t).map_err(|e| sys_err(format!("failed to remove pool '{t}'"), &e))
        }
        PoolType::Logical => {
            let vg = vg_name(def)?;
            cmd::run("vgremove", &["-f", vg], CMD_TIMEOUT)?;
            for d in &def.source.devices {
                cmd::run("pvremove", &["-y", d], CMD_TIMEOUT)?;
            }
            Ok(())
        }
        t => Err(unsupported_type(t)),
    }
}

/// Makes a new volume's file or LV (`buildVol`). `from` is the volume to copy (a clone),
/// with its path and format. Leaves nothing behind on failure.
/// `prealloc`: qcow2 metadata preallocation (VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA).
pub fn create_volume(pool: &PoolDef, vol: &VolDef, from: Option<(&str, usize)>, prealloc: bool) -> Result<()> {
    let path = vol.target.path.as_deref().unwrap_or("");
    let r = create_volume_inner(pool, vol, from, path, prealloc);
    if r.is_err() {
        match pool.pool_type {
            PoolType::Logical => {
                if let Ok(vg) = vg_name(pool) {
                    let _ = cmd::run("lvremove", &["-f", &format!("{vg}/{}", vol.name)], CMD_TIMEOUT);
                }
            }
            _ => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
    r
}

fn size_arg(bytes: u64) -> String {
    bytes.to_string()
}

fn create_volume_inner(pool: &PoolDef, vol: &VolDef, from: Option<(&str, usize)>, path: &str, prealloc: bool) -> Result<()> {
    if pool.pool_type == PoolType::Logical {
        let vg = vg_name(pool)?;
        let size = format!("{}b", vol.capacity.max(512));
        cmd::run("lvcreate", &["--yes", "-n", &vol.name, "-L", &size, vg], CMD_TIMEOUT)?;
        if let Some((src, _)) = from {
            cmd::run("qemu-img", &["convert", "-n", "-O", "raw", src, path], CMD_TIMEOUT)?;
        }
        return Ok(());
    }
    let format = vol.target.format.unwrap_or(FMT_RAW);
    let fmt = file_format_name(format).unwrap_or("raw");
    let mode = vol.target.perms.mode.unwrap_or(VOL_FILE_MODE);
    if from.is_none() && format == FMT_RAW && vol.backing.is_some() {
        return Err(Error::new(FROM, Code::VIR_ERR_NO_SUPPORT, "backing storage not supported for raw volumes"));
    }
    // Made first with O_EXCL so an existing file is never replaced; qemu-img then writes
    // into it.
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|e| sys_err(format!("cannot create path '{path}'"), &e))?;
    match from {
        Some((src, src_fmt)) => {
            drop(f);
            let sfmt = file_format_name(src_fmt).unwrap_or("raw");
            let mut args = vec!["convert", "-f", sfmt, "-O", fmt];
            if format == FMT_QCOW2 {
                args.extend(["-o", if prealloc { "compat=1.1,preallocation=metadata" } else { "compat=1.1" }]);
            }
            args.extend([src, path]);
            cmd::run("qemu-img", &args, CMD_TIMEOUT)?;
            let probe_size = probe(Path::new(path)).ok().and_then(|p| p.virtual_size);
            let have = probe_size.unwrap_or_else(|| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0));
            if vol.capacity > have {
                cmd::run("qemu-img", &["resize", "-f", fmt, path, &size_arg(vol.capacity)], CMD_TIMEOUT)?;
            }
        }
        None if format == FMT_RAW => {
            f.set_len(vol.capacity).map_err(|e| sys_err(format!("cannot extend file '{path}'"), &e))?;
            let alloc = vol.allocation.min(vol.capacity);
            if alloc > 0 {
                fallocate(&f, alloc).map_err(|e| sys_err(format!("cannot allocate {alloc} bytes in file '{path}'"), &e))?;
            }
        }
        None => {
            drop(f);
            let mut args: Vec<String> = vec!["create".into(), "-f".into(), fmt.into()];
            let mut opts = Vec::new();
            if format == FMT_QCOW2 {
                opts.push("compat=1.1".to_string());
                if prealloc {
                    opts.push("preallocation=metadata".to_string());
                }
            }
            if let Some(b) = &vol.backing {
                let bpath = b.path.clone().unwrap_or_default();
                if !Path::new(&bpath).exists() {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_INTERNAL_ERROR,
                        format!("inaccessible backing store volume {bpath}"),
                    ));
                }
                let bfmt = match b.format {
                    Some(i) => file_format_name(i).unwrap_or("raw").to_string(),
                    None => file_format_name(probe(Path::new(&bpath)).map(|p| p.format).unwrap_or(FMT_RAW)).unwrap_or("raw").to_string(),
                };
                args.extend(["-b".into(), bpath, "-F".into(), bfmt]);
            }
            if !opts.is_empty() {
                args.extend(["-o".into(), opts.join(",")]);
            }
            args.push(path.into());
            args.push(size_arg(vol.capacity));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            cmd::run("qemu-img", &args, CMD_TIMEOUT)?;
        }
    }
    // qemu-img creates with its umask: the mode asked for (libvirt's 0600 by default).
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| sys_err(format!("cannot set mode of '{path}'"), &e))?;
    if vol.target.perms.owner.is_some() || vol.target.perms.group.is_some() {
        std::os::unix::fs::chown(path, vol.target.perms.owner, vol.target.perms.group)
            .map_err(|e| sys_err(format!("cannot chown '{path}'"), &e))?;
    }
    Ok(())
}

fn fallocate(f: &File, len: u64) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open descriptor; fallocate only reads its integer arguments.
    let r = unsafe { libc::fallocate(f.as_raw_fd(), 0, 0, len as libc::off_t) };
    if r != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Removes a volume's file or LV (`deleteVol`).
pub fn delete_volume(pool: &PoolDef, vol: &VolDef) -> Result<()> {
    let path = vol.target.path.as_deref().unwrap_or("");
    match pool.pool_type {
        PoolType::Logical => cmd::run("lvremove", &["-f", &format!("{}/{}", vg_name(pool)?, vol.name)], CMD_TIMEOUT).map(drop),
        _ => match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(sys_err(format!("cannot unlink file '{path}'"), &e)),
        },
    }
}

/// Wipes a volume with zeros: a file keeps its size and format (a qcow2 image is made
/// anew, empty, of the same capacity: its data is gone, the volume stays usable); a
/// block device is overwritten.
pub fn wipe_volume(pool: &PoolDef, vol: &VolDef) -> Result<()> {
    let path = vol.target.path.as_deref().unwrap_or("");
    if pool.pool_type == PoolType::Logical {
        let f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| sys_err(format!("cannot open '{path}'"), &e))?;
        let zeros = vec![0u8; 1 << 20];
        let mut pos = 0u64;
        use std::os::unix::fs::FileExt;
        while pos < vol.capacity {
            let n = (vol.capacity - pos).min(zeros.len() as u64) as usize;
            f.write_all_at(&zeros[..n], pos).map_err(|e| sys_err(format!("cannot write to '{path}'"), &e))?;
            pos += n as u64;
        }
        return f.sync_all().map_err(|e| sys_err(format!("cannot sync '{path}'"), &e));
    }
    let format = vol.target.format.unwrap_or(FMT_RAW);
    if format == FMT_RAW {
        let f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| sys_err(format!("cannot open '{path}'"), &e))?;
        let len = f.metadata().map(|m| m.len()).map_err(|e| sys_err(format!("cannot stat '{path}'"), &e))?;
        f.set_len(0).and_then(|()| f.set_len(len)).map_err(|e| sys_err(format!("cannot truncate '{path}'"), &e))?;
        return Ok(());
    }
    let fmt = file_format_name(format).unwrap_or("raw");
    let mut args = vec!["create".to_string(), "-f".into(), fmt.into()];
    if let Some(b) = &vol.backing {
        if let Some(p) = &b.path {
            args.extend(["-b".into(), p.clone(), "-F".into(), file_format_name(b.format.unwrap_or(FMT_RAW)).unwrap_or("raw").into()]);
        }
    }
    args.push(path.into());
    args.push(vol.capacity.to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cmd::run("qemu-img", &args, CMD_TIMEOUT).map(drop)
}

/// Changes a volume's capacity (`resizeVol`).
pub fn resize_volume(pool: &PoolDef, vol: &VolDef, capacity: u64, allocate: bool, shrink: bool) -> Result<()> {
    let path = vol.target.path.as_deref().unwrap_or("");
    if pool.pool_type == PoolType::Logical {
        let lv = format!("{}/{}", vg_name(pool)?, vol.name);
        return cmd::run("lvresize", &["-f", "-L", &format!("{capacity}b"), &lv], CMD_TIMEOUT).map(drop);
    }
    let format = vol.target.format.unwrap_or(FMT_RAW);
    if format == FMT_RAW {
        let f = std::fs::OpenOptions::new().write(true).open(path).map_err(|e| sys_err(format!("cannot open '{path}'"), &e))?;
        f.set_len(capacity).map_err(|e| sys_err(format!("Failed to truncate file '{path}'"), &e))?;
        if allocate {
            fallocate(&f, capacity).map_err(|e| sys_err(format!("Failed to allocate in file '{path}'"), &e))?;
        }
        return Ok(());
    }
    let fmt = file_format_name(format).unwrap_or("raw");
    let size = capacity.to_string();
    let mut args = vec!["resize"];
    if shrink {
        args.push("--shrink");
    }
    args.extend(["-f", fmt, path, &size]);
    cmd::run("qemu-img", &args, CMD_TIMEOUT).map(drop)
}
