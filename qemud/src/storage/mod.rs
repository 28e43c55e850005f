//! The storage driver of qemud's QEMU connection (`qemu:///system`, `qemu:///session`):
//! pools of type dir, fs (a block device the pool mounts) and logical (an LVM volume
//! group), and their volumes (raw and qcow2 files through `qemu-img`, or LVs).
//!
//! Persistence as libvirt keeps it: a defined pool is `<config>/NAME.xml` (written
//! atomically), autostart is the symlink `<config>/autostart/NAME.xml`, a running pool has
//! `<state>/NAME.xml` so a restarted daemon finds it running (checked against the host).
//! The places are libvirt's: `/etc/libvirt/storage` and `/run/libvirt/storage` for the
//! system instance, `$XDG_CONFIG_HOME/libvirt/storage` for a session; they follow the QEMU
//! driver's relocated config and state dirs (`<qemu config dir>/../storage`,
//! `<qemu state dir>/../storage`), so a test daemon keeps them in its own directory.
//!
//! Locking: the pool list and each pool's bookkeeping are short locks, never held across
//! I/O. Each pool has a job lock serialising its lifecycle changes. Anything that touches
//! the pool's backing store (a refresh, the volume scan of a start) runs on a worker thread
//! under a deadline: a hung store (an unresponsive mount) makes that call fail with
//! VIR_ERR_OPERATION_TIMEOUT after the deadline, the pool is marked as hung until the worker
//! comes back, and listing, other pools and domains never wait for it.
//!
//! Target paths a pool may own (a rule of ours; libvirt has none): absolute, without `.`
//! or `..` components, not `/` and not a system tree: `/bin`, `/boot`, `/dev`, `/etc`,
//! `/lib*`, `/proc`, `/run`, `/sbin`, `/sys`, `/usr` and anything under them, nor the
//! top-level `/home`, `/media`, `/mnt`, `/opt`, `/root`, `/srv`, `/tmp`, `/var` themselves
//! (directories under those are fine: `/var/lib/libvirt/images`). A logical pool's target is
//! `/dev/<vg>` by definition and is exempt.

mod backend;
pub mod cmd;
mod streams;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use parking_lot::Mutex;

use virt::abi::storage::virStoragePoolEventLifecycleType as Lifecycle;
use virt::conf::storage::{PoolDef, PoolSource, PoolType, VolDef};
use virt::conf::uuid::Uuid;
use virt::driver::stream::Stream;
use virt::driver::storage::wire::{StoragePoolGetInfoRet, StorageVolGetInfoFlagsRet, StorageVolGetInfoRet};
use virt::driver::{EventObject, ObjectEvent, ObjectEventBus, ObjectEventId, ObjectEventSink, Storage, StoragePoolId, StorageVolId};
use virt::error::{Code, Domain, Error, Result};

use crate::config::Mode;
use crate::qemu::driver::QemuConnection;
use crate::{info, warn};

const FROM: Domain = Domain::VIR_FROM_STORAGE;

/// How long a refresh (or the scan of a start) may take before the call reports a hang.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

// virStoragePoolState
const POOL_INACTIVE: u8 = 0;
const POOL_RUNNING: u8 = 2;
// virStoragePoolBuildFlags, virStoragePoolCreateFlags
const BUILD_OVERWRITE: u32 = 1 << 1;
const BUILD_NO_OVERWRITE: u32 = 1 << 2;
const CREATE_WITH_BUILD: u32 = 1 << 0;
const CREATE_WITH_BUILD_OVERWRITE: u32 = 1 << 1;
const CREATE_WITH_BUILD_NO_OVERWRITE: u32 = 1 << 2;
// virStorageVolCreateFlags
const VOL_CREATE_PREALLOC_METADATA: u32 = 1 << 0;
const VOL_CREATE_VALIDATE: u32 = 1 << 2;
// virStorageVolResizeFlags
const RESIZE_ALLOCATE: u32 = 1 << 0;
const RESIZE_DELTA: u32 = 1 << 1;
const RESIZE_SHRINK: u32 = 1 << 2;
// virStorageXMLFlags
const XML_INACTIVE: u32 = 1;

/// Top-level directories a pool may not be (nor be under, for the first list).
const SYSTEM_TREES: &[&str] = &["/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/run", "/sbin", "/sys", "/usr"];
const SYSTEM_DIRS: &[&str] = &["/home", "/media", "/mnt", "/opt", "/root", "/srv", "/tmp", "/var", "/var/lib", "/var/tmp"];

/// One volume of a running pool.
struct Vol {
    def: VolDef,
    /// Transfers and clones reading or writing it (libvirt's `in_use`).
    in_use: Arc<AtomicUsize>,
    /// Still being made: not usable, not deletable.
    building: bool,
}

struct PoolObj {
    def: PoolDef,
    /// A definition given while the pool runs: it takes over when the pool stops.
    new_def: Option<PoolDef>,
    active: bool,
    persistent: bool,
    autostart: bool,
    /// The target's permissions as the last refresh found them.
    live_perms: Option<virt::conf::storage::Perms>,
    vols: Vec<Vol>,
}

impl PoolObj {
    fn ident(&self) -> StoragePoolId {
        StoragePoolId { name: self.def.name.clone(), uuid: *self.def.uuid.as_bytes() }
    }

    fn vol_ident(&self, v: &VolDef) -> StorageVolId {
        StorageVolId { pool: self.def.name.clone(), name: v.name.clone(), key: v.key.clone().unwrap_or_default() }
    }

    fn matches(&self, flags: u32) -> bool {
        virt::driver::list_filter::pools::matches(flags, self.def.pool_type, self.active, self.persistent, self.autostart)
    }

    fn vol(&self, name: &str) -> Result<usize> {
        self.vols.iter().position(|v| v.def.name == name).ok_or_else(|| no_vol("name", &format!("'{name}'")))
    }

    fn apply(&mut self, scan: backend::Scan) {
        self.def.capacity = scan.capacity;
        self.def.allocation = scan.allocation;
        self.def.available = scan.available;
        self.live_perms = scan.perms;
        let mut old = std::mem::take(&mut self.vols);
        for v in scan.vols {
            let in_use = old
                .iter()
                .position(|o| o.def.name == v.name)
                .map(|i| old.remove(i).in_use)
                .unwrap_or_default();
            self.vols.push(Vol { def: v, in_use, building: false });
        }
        // Volumes being made are not on disk yet (or not complete): they stay.
        self.vols.extend(old.into_iter().filter(|v| v.building || v.in_use.load(Ordering::SeqCst) > 0));
        self.vols.sort_by(|a, b| a.def.name.cmp(&b.def.name));
        self.vols.dedup_by(|a, b| a.def.name == b.def.name);
    }
}

struct Pool {
    /// Serialises the pool's lifecycle changes (libvirt's pool job); waits on it are
    /// bounded by the deadline of whoever holds it.
    job: Mutex<()>,
    obj: Mutex<PoolObj>,
    /// A refresh worker that missed its deadline and has not come back.
    hung: Arc<AtomicBool>,
}

fn no_pool(by: &str, what: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_STORAGE_POOL, format!("no storage pool with matching {by} {what}"))
}

fn no_vol(by: &str, what: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_STORAGE_VOL, format!("no storage vol with matching {by} {what}"))
}

fn invalid_op(detail: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, detail)
}

fn check_flags(flags: u32, allowed: u32, func: &str) -> Result<()> {
    virt::driver::domain_obj::check_flags(flags, allowed, func, FROM)
}

/// Whether a pool of this type may own `path` (see the module docs).
fn check_target(def: &PoolDef) -> Result<()> {
    if def.pool_type == PoolType::Logical {
        return Ok(());
    }
    let Some(path) = def.target_path.as_deref() else { return Ok(()) };
    let bad = |why: &str| {
        Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("storage pool target path '{path}' {why}")))
    };
    if !path.starts_with('/') {
        return bad("is not absolute");
    }
    if path.split('/').any(|c| c == "." || c == "..") {
        return bad("must not contain '.' or '..' components");
    }
    if path == "/" || path.starts_with("//") {
        return bad("is the root directory");
    }
    for t in SYSTEM_TREES {
        if path == *t || path.starts_with(&format!("{t}/")) {
            return bad(&format!("is in the system tree {t}, which a pool may not own"));
        }
    }
    if SYSTEM_DIRS.contains(&path) {
        return bad("is a system directory a pool may not own");
    }
    Ok(())
}

/// Runs `f` on a worker thread and waits at most `deadline`. On a miss, `hung` is set
/// until the worker returns, and the error names `what`.
fn with_deadline<R: Send + 'static>(
    deadline: Duration,
    hung: &Arc<AtomicBool>,
    what: String,
    f: impl FnOnce() -> Result<R> + Send + 'static,
) -> Result<R> {
    let (tx, rx) = mpsc::channel();
    let flag = hung.clone();
    std::thread::Builder::new()
        .name("storage-io".into())
        .spawn(move || {
            let r = f();
            flag.store(false, Ordering::SeqCst);
            let _ = tx.send(r);
        })
        .map_err(|e| Error::system(FROM, "cannot start a storage worker", &e))?;
    match rx.recv_timeout(deadline) {
        Ok(r) => r,
        Err(_) => {
            hung.store(true, Ordering::SeqCst);
            Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_TIMEOUT,
                format!("{what}: the backing store did not answer within {} ms", deadline.as_millis()),
            ))
        }
    }
}

/// The daemon's storage driver, shared by its QEMU connections.
pub struct StorageDriver {
    config_dir: PathBuf,
    state_dir: PathBuf,
    pools: Mutex<Vec<Arc<Pool>>>,
    events: ObjectEventBus,
    deadline: Mutex<Duration>,
}

const HEADER_NOTE: &str = "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\n\
OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:\n  virsh pool-edit NAME\n\
or other application using the libvirt API.\n-->\n\n";

impl StorageDriver {
    /// The storage driver of a daemon whose QEMU driver keeps its configs in `qemu_config`
    /// and runtime files in `qemu_state`: loads the definitions, finds the running pools,
    /// starts the autostart ones.
    pub fn new(_mode: Mode, qemu_config: &Path, qemu_state: &Path) -> StorageDriver {
        let sibling = |p: &Path| p.parent().map(|d| d.join("storage")).unwrap_or_else(|| p.join("storage"));
        let d = StorageDriver {
            config_dir: sibling(qemu_config),
            state_dir: sibling(qemu_state),
            pools: Mutex::new(Vec::new()),
            events: ObjectEventBus::default(),
            deadline: Mutex::new(DEFAULT_DEADLINE),
        };
        d.load();
        d
    }

    /// The deadline of refreshes (config key `storage_refresh_timeout`).
    pub fn set_deadline(&self, d: Duration) {
        *self.deadline.lock() = d;
    }

    fn deadline(&self) -> Duration {
        *self.deadline.lock()
    }

    pub fn subscribe(&self, key: u64, id: ObjectEventId, sink: ObjectEventSink) {
        self.events.subscribe(key, id, sink);
    }

    pub fn unsubscribe(&self, key: u64, id: ObjectEventId) {
        self.events.unsubscribe(key, id);
    }

    pub fn unsubscribe_all(&self, key: u64) {
        self.events.unsubscribe_all(key);
    }

    fn event(&self, pool: &StoragePoolId, event: Lifecycle) {
        self.events.emit(ObjectEvent::lifecycle(EventObject::StoragePool(pool.clone()), event as i32, 0));
    }

    fn config_file(&self, name: &str) -> PathBuf {
        self.config_dir.join(format!("{name}.xml"))
    }

    fn autostart_link(&self, name: &str) -> PathBuf {
        self.config_dir.join("autostart").join(format!("{name}.xml"))
    }

    fn state_file(&self, name: &str) -> PathBuf {
        self.state_dir.join(format!("{name}.xml"))
    }

    /// Definitions from the config dir (bad files skipped with a warning), running pools
    /// from the state dir (kept only if the host agrees), then autostart.
    fn load(&self) {
        let mut found: Vec<(PoolDef, bool)> = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&self.config_dir) {
            let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            files.sort();
            for f in files {
                if f.extension().and_then(|e| e.to_str()) != Some("xml") {
                    continue;
                }
                let text = match std::fs::read_to_string(&f) {
                    Ok(t) => t,
                    Err(e) => {
                        warn!("skipping storage pool config {}: {e}", f.display());
                        continue;
                    }
                };
                match PoolDef::parse(&text) {
                    Ok(def) if f.file_stem().and_then(|s| s.to_str()) == Some(def.name.as_str()) => {
                        if found.iter().any(|(d, _)| d.uuid == def.uuid) {
                            warn!("skipping storage pool config {}: duplicate UUID", f.display());
                            continue;
                        }
                        found.push((def, true));
                    }
                    Ok(def) => warn!("skipping storage pool config {}: it defines pool '{}'", f.display(), def.name),
                    Err(e) => warn!("skipping storage pool config {}: {}", f.display(), e.message),
                }
            }
        }
        let mut pools = Vec::new();
        for (def, persistent) in found {
            let autostart = self.autostart_link(&def.name).symlink_metadata().is_ok();
            pools.push(PoolObj { def, new_def: None, active: false, persistent, autostart, live_perms: None, vols: Vec::new() });
        }
        // Running pools: <poolstate><pool>...</pool></poolstate>.
        if let Ok(rd) = std::fs::read_dir(&self.state_dir) {
            for e in rd.filter_map(|e| e.ok()) {
                let f = e.path();
                if f.extension().and_then(|e| e.to_str()) != Some("xml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&f) else { continue };
                let def = roxmltree::Document::parse(&text).ok().and_then(|doc| {
                    let pool = doc.root_element().children().find(|n| n.has_tag_name("pool"))?;
                    PoolDef::from_node(pool).ok()
                });
                let Some(def) = def else {
                    warn!("skipping storage pool state {}", f.display());
                    continue;
                };
                if !backend::still_active(&def) {
                    let _ = std::fs::remove_file(&f);
                    continue;
                }
                match pools.iter_mut().find(|p| p.def.uuid == def.uuid) {
                    Some(p) => p.active = true,
                    None => pools.push(PoolObj {
                        def,
                        new_def: None,
                        active: true,
                        persistent: false,
                        autostart: false,
                        live_perms: None,
                        vols: Vec::new(),
                    }),
                }
            }
        }
        *self.pools.lock() =
            pools.into_iter().map(|o| Arc::new(Pool { job: Mutex::new(()), obj: Mutex::new(o), hung: Default::default() })).collect();
        let all: Vec<Arc<Pool>> = self.pools.lock().clone();
        for p in all {
            let (active, autostart, name) = {
                let o = p.obj.lock();
                (o.active, o.autostart, o.def.name.clone())
            };
            if active {
                if let Err(e) = self.refresh_pool(&p) {
                    warn!("cannot refresh storage pool '{name}': {}", e.message);
                }
            } else if autostart {
                let _job = p.job.lock();
                match self.start_pool(&p, 0) {
                    Ok(()) => info!("autostarted storage pool {name}"),
                    Err(e) => warn!("failed to autostart storage pool '{name}': {}", e.message),
                }
            }
        }
    }

    fn find(&self, id: &StoragePoolId) -> Result<Arc<Pool>> {
        let pools = self.pools.lock();
        pools.iter().find(|p| p.obj.lock().def.uuid.as_bytes() == &id.uuid).cloned().ok_or_else(|| {
            no_pool("uuid", &format!("'{}' ({})", Uuid(id.uuid), id.name))
        })
    }

    fn find_by_name(&self, name: &str) -> Result<Arc<Pool>> {
        let pools = self.pools.lock();
        pools.iter().find(|p| p.obj.lock().def.name == name).cloned().ok_or_else(|| no_pool("name", &format!("'{name}'")))
    }

    fn all(&self) -> Vec<Arc<Pool>> {
        self.pools.lock().clone()
    }

    fn write_config(&self, def: &PoolDef) -> Result<()> {
        let mut clean = def.clone();
        clean.capacity = 0;
        clean.allocation = 0;
        clean.available = 0;
        let text = format!("{}{}", HEADER_NOTE.replace("NAME", &def.name), clean.format());
        write_atomic(&self.config_dir, &format!("{}.xml", def.name), &text, true)
    }

    fn write_state(&self, def: &PoolDef) -> Result<()> {
        let inner: String = def.format().lines().map(|l| format!("  {l}\n")).collect();
        let text = format!("{}<poolstate>\n{inner}</poolstate>\n", HEADER_NOTE.replace("NAME", &def.name));
        write_atomic(&self.state_dir, &format!("{}.xml", def.name), &text, false)
    }

    /// Adds a definition, or replaces an inactive pool's of the same name and UUID
    /// (`virStoragePoolObjListAdd`). Returns the pool and whether it is new.
    fn add(&self, def: PoolDef, check_live: bool) -> Result<(Arc<Pool>, bool)> {
        let mut pools = self.pools.lock();
        for p in pools.iter() {
            let o = p.obj.lock();
            if o.def.name != def.name && source_conflict(&o.def, &def) {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("Storage source conflict with pool: '{}'", o.def.name),
                ));
            }
        }
        for p in pools.iter() {
            let mut o = p.obj.lock();
            if o.def.uuid == def.uuid {
                if o.def.name != def.name {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_OPERATION_FAILED,
                        format!("pool '{}' is already defined with uuid {}", o.def.name, o.def.uuid),
                    ));
                }
                if check_live && o.active {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_OPERATION_INVALID,
                        format!("pool is already active as '{}'", o.def.name),
                    ));
                }
                if o.active {
                    o.new_def = Some(def);
                } else {
                    o.def = def;
                }
                return Ok((p.clone(), false));
            }
            if o.def.name == def.name {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("pool '{}' already exists with uuid {}", def.name, o.def.uuid),
                ));
            }
        }
        let p = Arc::new(Pool {
            job: Mutex::new(()),
            obj: Mutex::new(PoolObj {
                def,
                new_def: None,
                active: false,
                persistent: false,
                autostart: false,
                live_perms: None,
                vols: Vec::new(),
            }),
            hung: Default::default(),
        });
        pools.push(p.clone());
        Ok((p, true))
    }

    fn remove(&self, pool: &Arc<Pool>) {
        self.pools.lock().retain(|p| !Arc::ptr_eq(p, pool));
    }

    fn refuse_if_hung(&self, p: &Pool, name: &str) -> Result<()> {
        if p.hung.load(Ordering::SeqCst) {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_TIMEOUT,
                format!("storage pool '{name}': an earlier refresh is still waiting for its backing store"),
            ));
        }
        Ok(())
    }

    /// Scans the pool under the deadline and records what it found.
    fn refresh_pool(&self, p: &Arc<Pool>) -> Result<()> {
        let def = p.obj.lock().def.clone();
        self.refuse_if_hung(p, &def.name)?;
        let name = def.name.clone();
        let scan = with_deadline(self.deadline(), &p.hung, format!("cannot refresh storage pool '{name}'"), move || {
            backend::scan(&def)
        })?;
        p.obj.lock().apply(scan);
        Ok(())
    }

    /// Starts an inactive pool (the caller holds its job): backend start, the scan,
    /// the state file. Undone on failure.
    fn start_pool(&self, p: &Arc<Pool>, build_flags: u32) -> Result<()> {
        let def = p.obj.lock().def.clone();
        self.refuse_if_hung(p, &def.name)?;
        let name = def.name.clone();
        let d2 = def.clone();
        let with_build = build_flags & (CREATE_WITH_BUILD | CREATE_WITH_BUILD_OVERWRITE | CREATE_WITH_BUILD_NO_OVERWRITE) != 0;
        with_deadline(self.deadline(), &p.hung, format!("cannot start storage pool '{name}'"), move || {
            if with_build {
                backend::build(
                    &d2,
                    build_flags & CREATE_WITH_BUILD_OVERWRITE != 0,
                    build_flags & CREATE_WITH_BUILD_NO_OVERWRITE != 0,
                )?;
            }
            backend::start(&d2)
        })?;
        if let Err(e) = self.refresh_pool(p) {
            let d2 = def.clone();
            let _ = with_deadline(self.deadline(), &p.hung, String::new(), move || backend::stop(&d2));
            return Err(e);
        }
        let live = {
            let mut o = p.obj.lock();
            o.active = true;
            o.def.clone()
        };
        if let Err(e) = self.write_state(&live) {
            warn!("cannot write the state of storage pool '{name}': {}", e.message);
        }
        Ok(())
    }

    /// As libvirt: the inactive XML is the definition waiting for the next start when
    /// there is one, else the same as the live one (with what the last refresh found).
    fn pool_xml(o: &PoolObj, inactive: bool) -> String {
        if let (true, Some(nd)) = (inactive, &o.new_def) {
            return nd.format();
        }
        // A stopped pool keeps what its last refresh found, as libvirt's does.
        let mut def = o.def.clone();
        if let Some(p) = &o.live_perms {
            def.perms = p.clone();
        }
        def.format()
    }

    /// The pool and volume of `vol`, the pool active.
    fn vol_of(&self, vol: &StorageVolId) -> Result<(Arc<Pool>, VolDef, PoolDef)> {
        let p = self.find_by_name(&vol.pool)?;
        let o = p.obj.lock();
        if !o.active {
            return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
        }
        let i = o.vol(&vol.name)?;
        let v = o.vols[i].def.clone();
        let def = o.def.clone();
        drop(o);
        Ok((p, v, def))
    }

    /// Re-reads one file volume (its size moves under a running guest); under the deadline.
    fn refresh_vol(&self, p: &Arc<Pool>, pool: &PoolDef, vol: &VolDef) -> Result<VolDef> {
        if pool.pool_type == PoolType::Logical {
            return Ok(vol.clone());
        }
        self.refuse_if_hung(p, &pool.name)?;
        let dir = backend::target(pool)?.to_string();
        let name = vol.name.clone();
        let fresh = with_deadline(self.deadline(), &p.hung, format!("cannot read volume '{}'", vol.name), move || {
            backend::file_volume(&dir, &name)
        })?;
        let Some(fresh) = fresh else { return Ok(vol.clone()) };
        let mut o = p.obj.lock();
        if let Ok(i) = o.vol(&vol.name) {
            o.vols[i].def = fresh.clone();
        }
        Ok(fresh)
    }

    /// The definition QEMU's command line is built from: every `<disk type='volume'>`
    /// turned into the file or block disk its pool's volume is (the domain's own
    /// definition keeps the volume). A missing pool or volume, or an inactive pool, fails
    /// the start with the storage driver's error.
    pub fn resolve_disks<'a>(&self, def: &'a virt::conf::domain::DomainDef) -> Result<std::borrow::Cow<'a, virt::conf::domain::DomainDef>> {
        if !def.devices.disks.iter().any(|d| d.disk_type == "volume") {
            return Ok(std::borrow::Cow::Borrowed(def));
        }
        let mut out = def.clone();
        for disk in out.devices.disks.iter_mut().filter(|d| d.disk_type == "volume") {
            let Some(src) = disk.source.as_mut() else { continue };
            let attr = |n: &str| src.attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
            let (Some(pool), Some(volume)) = (attr("pool"), attr("volume")) else {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_XML_ERROR,
                    "'pool' and 'volume' must be specified together",
                ));
            };
            let (path, fmt, block) = self.resolve_volume(&pool, &volume)?;
            src.attrs.retain(|(k, _)| k != "pool" && k != "volume" && k != "mode");
            src.attrs.insert(0, (if block { "dev" } else { "file" }.to_string(), path));
            disk.disk_type = if block { "block" } else { "file" }.to_string();
            if disk.driver_type().is_none() {
                if let Some(fmt) = fmt {
                    match disk.driver.as_mut() {
                        Some(d) => d.attrs.push(("type".into(), fmt.into())),
                        None => {
                            disk.driver = Some(virt::conf::xml::XmlElement {
                                name: "driver".into(),
                                namespace: None,
                                ns_decls: Vec::new(),
                                attrs: vec![("name".into(), "qemu".into()), ("type".into(), fmt.into())],
                                children: Vec::new(),
                            })
                        }
                    }
                }
            }
        }
        Ok(std::borrow::Cow::Owned(out))
    }

    /// Resolves `<source pool='p' volume='v'/>` of a domain disk: the volume's path and,
    /// for file pools, its format name (`raw`, `qcow2`), and whether it is a block device.
    fn resolve_volume(&self, pool: &str, volume: &str) -> Result<(String, Option<&'static str>, bool)> {
        let p = self.find_by_name(pool)?;
        let o = p.obj.lock();
        if !o.active {
            return Err(invalid_op(format!("storage pool '{pool}' containing volume '{volume}' is not active")));
        }
        let v = &o.vols[o.vol(volume)?].def;
        let path = v.target.path.clone().unwrap_or_default();
        let block = o.def.pool_type == PoolType::Logical;
        let fmt = if block { Some("raw") } else { v.target.format.and_then(virt::conf::storage::file_format_name) };
        Ok((path, fmt, block))
    }
}

/// `virStoragePoolObjSourceFindDuplicateCb` for the types this driver serves.
fn source_conflict(old: &PoolDef, new: &PoolDef) -> bool {
    use PoolType::*;
    match (old.pool_type, new.pool_type) {
        (Dir, Dir) => old.target_path == new.target_path,
        (Fs | Logical | Disk | Zfs, Fs | Logical | Disk | Zfs) => {
            old.source.devices.iter().any(|d| new.source.devices.contains(d))
        }
        _ => false,
    }
}

fn write_atomic(dir: &Path, file: &str, text: &str, durable: bool) -> Result<()> {
    crate::qemu::driver::write_atomic_for(FROM, dir, file, text, durable)
}

fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::system(FROM, &format!("cannot remove config file '{}'", path.display()), &e)),
    }
}

/// A definition this driver can serve, with a target a pool may own.
fn parse_pool(xml: &str) -> Result<PoolDef> {
    let def = PoolDef::parse(xml)?;
    if !matches!(def.pool_type, PoolType::Dir | PoolType::Fs | PoolType::Logical) {
        return Err(backend::unsupported_type(def.pool_type));
    }
    check_target(&def)?;
    Ok(def)
}

/// A volume name a pool can hold as a file or LV.
fn check_vol_name(name: &str) -> Result<()> {
    if name.contains('/') {
        return Err(invalid_op(format!("volume name '{name}' cannot contain '/'")));
    }
    if name == "." || name == ".." || name.starts_with(".libvirt-rs-") {
        return Err(invalid_op(format!("volume name '{name}' is not allowed")));
    }
    Ok(())
}

impl QemuConnection {
    fn st(&self) -> &StorageDriver {
        &self.storage
    }

    /// Building and deleting a pool: under the pool's job, refused while it is active
    /// ("storage pool 'NAME' `active`") or its backing store hangs; `op` runs on its
    /// definition under the storage deadline ("cannot `what` storage pool 'NAME'"), and
    /// listeners then hear `event`.
    fn on_inactive_pool(
        &self,
        pool: &StoragePoolId,
        active: &str,
        what: &str,
        event: Lifecycle,
        op: impl FnOnce(PoolDef) -> Result<()> + Send + 'static,
    ) -> Result<()> {
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        let def = {
            let o = p.obj.lock();
            if o.active {
                return Err(invalid_op(format!("storage pool '{}' {active}", o.def.name)));
            }
            o.def.clone()
        };
        st.refuse_if_hung(&p, &def.name)?;
        let why = format!("cannot {what} storage pool '{}'", def.name);
        with_deadline(st.deadline().max(backend::CMD_TIMEOUT), &p.hung, why, move || op(def))?;
        st.event(&p.obj.lock().ident(), event);
        Ok(())
    }
}

impl Storage for QemuConnection {
    fn connect_num_of_storage_pools(&self) -> Result<i32> {
        Ok(self.st().all().iter().filter(|p| p.obj.lock().active).count() as i32)
    }

    fn connect_list_storage_pools(&self) -> Result<Vec<String>> {
        Ok(self.st().all().iter().map(|p| p.obj.lock()).filter(|o| o.active).map(|o| o.def.name.clone()).collect())
    }

    fn connect_num_of_defined_storage_pools(&self) -> Result<i32> {
        Ok(self.st().all().iter().filter(|p| !p.obj.lock().active).count() as i32)
    }

    fn connect_list_defined_storage_pools(&self) -> Result<Vec<String>> {
        Ok(self.st().all().iter().map(|p| p.obj.lock()).filter(|o| !o.active).map(|o| o.def.name.clone()).collect())
    }

    fn connect_list_all_storage_pools(&self, flags: u32) -> Result<Vec<StoragePoolId>> {
        check_flags(flags, virt::driver::list_filter::pools::ALL, "storageConnectListAllStoragePools")?;
        Ok(self.st().all().iter().map(|p| p.obj.lock()).filter(|o| o.matches(flags)).map(|o| o.ident()).collect())
    }

    fn storage_pool_create_xml(&self, xml: &str, flags: u32) -> Result<StoragePoolId> {
        check_flags(flags, CREATE_WITH_BUILD | CREATE_WITH_BUILD_OVERWRITE | CREATE_WITH_BUILD_NO_OVERWRITE, "storagePoolCreateXML")?;
        if flags & CREATE_WITH_BUILD_OVERWRITE != 0 && flags & CREATE_WITH_BUILD_NO_OVERWRITE != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE' and 'VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE' are mutually exclusive",
            ));
        }
        let def = parse_pool(xml)?;
        let st = self.st();
        let (p, new) = st.add(def, true)?;
        let _job = p.job.lock();
        if let Err(e) = st.start_pool(&p, flags) {
            if new {
                st.remove(&p);
            }
            return Err(e);
        }
        let id = p.obj.lock().ident();
        st.event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_STARTED);
        Ok(id)
    }

    fn storage_pool_define_xml(&self, xml: &str, flags: u32) -> Result<StoragePoolId> {
        check_flags(flags, 1, "storagePoolDefineXML")?;
        let def = parse_pool(xml)?;
        let st = self.st();
        let (p, new) = st.add(def.clone(), false)?;
        let old = if new { None } else { Some(p.obj.lock().persistent) };
        if let Err(e) = st.write_config(&def) {
            if new {
                st.remove(&p);
            }
            return Err(e);
        }
        let id = {
            let mut o = p.obj.lock();
            o.persistent = true;
            o.ident()
        };
        let _ = old;
        st.event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_DEFINED);
        Ok(id)
    }

    fn storage_pool_create(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, CREATE_WITH_BUILD | CREATE_WITH_BUILD_OVERWRITE | CREATE_WITH_BUILD_NO_OVERWRITE, "storagePoolCreate")?;
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        {
            let o = p.obj.lock();
            if o.active {
                return Err(invalid_op(format!("storage pool '{}' is already active", o.def.name)));
            }
        }
        st.start_pool(&p, flags)?;
        st.event(&p.obj.lock().ident(), Lifecycle::VIR_STORAGE_POOL_EVENT_STARTED);
        Ok(())
    }

    fn storage_pool_build(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, BUILD_OVERWRITE | BUILD_NO_OVERWRITE, "storagePoolBuild")?;
        if flags & BUILD_OVERWRITE != 0 && flags & BUILD_NO_OVERWRITE != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'VIR_STORAGE_POOL_BUILD_OVERWRITE' and 'VIR_STORAGE_POOL_BUILD_NO_OVERWRITE' are mutually exclusive",
            ));
        }
        let (overwrite, no_overwrite) = (flags & BUILD_OVERWRITE != 0, flags & BUILD_NO_OVERWRITE != 0);
        self.on_inactive_pool(pool, "is already active", "build", Lifecycle::VIR_STORAGE_POOL_EVENT_CREATED, move |def| {
            backend::build(&def, overwrite, no_overwrite)
        })
    }

    fn storage_pool_destroy(&self, pool: &StoragePoolId) -> Result<()> {
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        let def = {
            let o = p.obj.lock();
            if !o.active {
                return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
            }
            if let Some(v) = o.vols.iter().find(|v| v.building || v.in_use.load(Ordering::SeqCst) > 0) {
                return Err(invalid_op(format!(
                    "pool '{}' has asynchronous jobs running (volume '{}' is in use).",
                    o.def.name, v.def.name
                )));
            }
            o.def.clone()
        };
        let name = def.name.clone();
        let d2 = def.clone();
        // A hung mount still unmounts lazily: stopping is not refused for a hung pool.
        with_deadline(st.deadline().max(Duration::from_secs(30)), &Arc::new(AtomicBool::new(false)), format!("cannot stop storage pool '{name}'"), move || backend::stop(&d2))?;
        let _ = remove_file(&st.state_file(&name));
        let (id, persistent) = {
            let mut o = p.obj.lock();
            o.active = false;
            o.vols.clear();
            if let Some(nd) = o.new_def.take() {
                o.def = nd;
                o.live_perms = None;
            }
            (o.ident(), o.persistent)
        };
        if !persistent {
            st.remove(&p);
        }
        st.event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_STOPPED);
        Ok(())
    }

    fn storage_pool_delete(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "storagePoolDelete")?;
        self.on_inactive_pool(pool, "is still active", "delete", Lifecycle::VIR_STORAGE_POOL_EVENT_DELETED, |def| {
            backend::delete(&def)
        })
    }

    fn storage_pool_undefine(&self, pool: &StoragePoolId) -> Result<()> {
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        let (name, id) = {
            let o = p.obj.lock();
            if o.active {
                return Err(invalid_op(format!("storage pool '{}' is still active", o.def.name)));
            }
            if !o.persistent {
                return Err(invalid_op(format!("storage pool '{}' is not persistent", o.def.name)));
            }
            (o.def.name.clone(), o.ident())
        };
        remove_file(&st.config_file(&name))?;
        let _ = remove_file(&st.autostart_link(&name));
        st.remove(&p);
        st.event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_UNDEFINED);
        Ok(())
    }

    fn storage_pool_refresh(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "storagePoolRefresh")?;
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        {
            let o = p.obj.lock();
            if !o.active {
                return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
            }
        }
        st.refresh_pool(&p)?;
        let id = p.obj.lock().ident();
        st.events.emit(ObjectEvent::changed(EventObject::StoragePool(id)));
        Ok(())
    }

    fn storage_pool_lookup_by_name(&self, name: &str) -> Result<StoragePoolId> {
        Ok(self.st().find_by_name(name)?.obj.lock().ident())
    }

    fn storage_pool_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<StoragePoolId> {
        let pools = self.st().all();
        pools
            .iter()
            .map(|p| p.obj.lock())
            .find(|o| o.def.uuid.as_bytes() == uuid)
            .map(|o| o.ident())
            .ok_or_else(|| no_pool("uuid", &format!("'{}'", Uuid(*uuid))))
    }

    fn storage_pool_lookup_by_volume(&self, vol: &StorageVolId) -> Result<StoragePoolId> {
        self.st()
            .find_by_name(&vol.pool)
            .map(|p| p.obj.lock().ident())
            .map_err(|_| no_pool("name", &format!("'{}'", vol.pool)))
    }

    fn storage_pool_lookup_by_target_path(&self, path: &str) -> Result<StoragePoolId> {
        let clean = virt::conf::storage::sanitize_path(path);
        self.st()
            .all()
            .iter()
            .map(|p| p.obj.lock())
            .find(|o| o.active && o.def.target_path.as_deref() == Some(clean.as_str()))
            .map(|o| o.ident())
            .ok_or_else(|| no_pool("target path", &format!("'{path}'")))
    }

    fn storage_pool_get_info(&self, pool: &StoragePoolId) -> Result<StoragePoolGetInfoRet> {
        let p = self.st().find(pool)?;
        let o = p.obj.lock();
        Ok(if o.active {
            StoragePoolGetInfoRet {
                state: POOL_RUNNING,
                capacity: o.def.capacity,
                allocation: o.def.allocation,
                available: o.def.available,
            }
        } else {
            StoragePoolGetInfoRet { state: POOL_INACTIVE, capacity: 0, allocation: 0, available: 0 }
        })
    }

    fn storage_pool_get_xml_desc(&self, pool: &StoragePoolId, flags: u32) -> Result<String> {
        check_flags(flags, XML_INACTIVE, "storagePoolGetXMLDesc")?;
        let p = self.st().find(pool)?;
        let o = p.obj.lock();
        Ok(StorageDriver::pool_xml(&o, flags & XML_INACTIVE != 0))
    }

    fn storage_pool_get_autostart(&self, pool: &StoragePoolId) -> Result<bool> {
        Ok(self.st().find(pool)?.obj.lock().autostart)
    }

    fn storage_pool_set_autostart(&self, pool: &StoragePoolId, autostart: bool) -> Result<()> {
        let st = self.st();
        let p = st.find(pool)?;
        let _job = p.job.lock();
        let (name, persistent, current) = {
            let o = p.obj.lock();
            (o.def.name.clone(), o.persistent, o.autostart)
        };
        if !persistent {
            return Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "pool has no config file"));
        }
        if autostart == current {
            return Ok(());
        }
        let link = st.autostart_link(&name);
        if autostart {
            let dir = st.config_dir.join("autostart");
            std::fs::create_dir_all(&dir)
                .map_err(|e| Error::system(FROM, &format!("cannot create autostart directory {}", dir.display()), &e))?;
            let target = st.config_file(&name);
            std::os::unix::fs::symlink(&target, &link).map_err(|e| {
                Error::system(FROM, &format!("Failed to create symlink '{}' to '{}'", link.display(), target.display()), &e)
            })?;
        } else {
            match std::fs::remove_file(&link) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::system(FROM, &format!("Failed to delete symlink '{}'", link.display()), &e)),
            }
        }
        p.obj.lock().autostart = autostart;
        Ok(())
    }

    fn storage_pool_num_of_volumes(&self, pool: &StoragePoolId) -> Result<i32> {
        Ok(self.storage_pool_list_volumes(pool)?.len() as i32)
    }

    fn storage_pool_list_volumes(&self, pool: &StoragePoolId) -> Result<Vec<String>> {
        let p = self.st().find(pool)?;
        let o = p.obj.lock();
        if !o.active {
            return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
        }
        Ok(o.vols.iter().filter(|v| !v.building).map(|v| v.def.name.clone()).collect())
    }

    fn storage_pool_list_all_volumes(&self, pool: &StoragePoolId, flags: u32) -> Result<Vec<StorageVolId>> {
        check_flags(flags, 0, "storagePoolListAllVolumes")?;
        let p = self.st().find(pool)?;
        let o = p.obj.lock();
        if !o.active {
            return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
        }
        Ok(o.vols.iter().filter(|v| !v.building).map(|v| o.vol_ident(&v.def)).collect())
    }

    fn storage_pool_is_active(&self, pool: &StoragePoolId) -> Result<bool> {
        Ok(self.st().find(pool)?.obj.lock().active)
    }

    fn storage_pool_is_persistent(&self, pool: &StoragePoolId) -> Result<bool> {
        Ok(self.st().find(pool)?.obj.lock().persistent)
    }

    fn storage_vol_create_xml(&self, pool: &StoragePoolId, xml: &str, flags: u32) -> Result<StorageVolId> {
        check_flags(flags, VOL_CREATE_PREALLOC_METADATA | VOL_CREATE_VALIDATE, "storageVolCreateXML")?;
        self.create_volume(pool, xml, None, flags & VOL_CREATE_PREALLOC_METADATA != 0)
    }

    fn storage_vol_create_xml_from(
        &self,
        pool: &StoragePoolId,
        xml: &str,
        clonevol: &StorageVolId,
        flags: u32,
    ) -> Result<StorageVolId> {
        // Reflink copies are not made by this driver: that flag is refused.
        check_flags(flags, VOL_CREATE_PREALLOC_METADATA | VOL_CREATE_VALIDATE, "storageVolCreateXMLFrom")?;
        self.create_volume(pool, xml, Some(clonevol), flags & VOL_CREATE_PREALLOC_METADATA != 0)
    }

    fn storage_vol_delete(&self, vol: &StorageVolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "storageVolDelete")?;
        let (p, v, def) = self.st().vol_of(vol)?;
        {
            let o = p.obj.lock();
            let i = o.vol(&vol.name)?;
            if o.vols[i].building {
                return Err(invalid_op(format!("volume '{}' is still being allocated.", vol.name)));
            }
            if o.vols[i].in_use.load(Ordering::SeqCst) > 0 {
                return Err(invalid_op(format!("volume '{}' is still in use.", vol.name)));
            }
        }
        backend::delete_volume(&def, &v)?;
        let mut o = p.obj.lock();
        if let Ok(i) = o.vol(&vol.name) {
            o.vols.remove(i);
        }
        Ok(())
    }

    fn storage_vol_lookup_by_name(&self, pool: &StoragePoolId, name: &str) -> Result<StorageVolId> {
        let p = self.st().find(pool)?;
        let o = p.obj.lock();
        if !o.active {
            return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
        }
        let i = o.vol(name)?;
        if o.vols[i].building {
            return Err(no_vol("name", &format!("'{name}'")));
        }
        Ok(o.vol_ident(&o.vols[i].def))
    }

    fn storage_vol_lookup_by_key(&self, key: &str) -> Result<StorageVolId> {
        for p in self.st().all() {
            let o = p.obj.lock();
            if !o.active {
                continue;
            }
            if let Some(v) = o.vols.iter().find(|v| !v.building && v.def.key.as_deref() == Some(key)) {
                return Ok(o.vol_ident(&v.def));
            }
        }
        Err(no_vol("key", key))
    }

    fn storage_vol_lookup_by_path(&self, path: &str) -> Result<StorageVolId> {
        let clean = virt::conf::storage::sanitize_path(path);
        for p in self.st().all() {
            let o = p.obj.lock();
            if !o.active {
                continue;
            }
            if let Some(v) = o.vols.iter().find(|v| {
                !v.building && (v.def.target.path.as_deref() == Some(path) || v.def.target.path.as_deref() == Some(clean.as_str()))
            }) {
                return Ok(o.vol_ident(&v.def));
            }
        }
        Err(no_vol("path", &format!("'{path}'")))
    }

    fn storage_vol_get_info(&self, vol: &StorageVolId) -> Result<StorageVolGetInfoRet> {
        self.vol_info(vol, 0)
    }

    fn storage_vol_get_info_flags(&self, vol: &StorageVolId, flags: u32) -> Result<StorageVolGetInfoFlagsRet> {
        check_flags(flags, 1, "storageVolGetInfoFlags")?;
        let i = self.vol_info(vol, flags)?;
        Ok(StorageVolGetInfoFlagsRet { type_: i.type_, capacity: i.capacity, allocation: i.allocation })
    }

    fn storage_vol_get_xml_desc(&self, vol: &StorageVolId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "storageVolGetXMLDesc")?;
        let st = self.st();
        let (p, v, def) = st.vol_of(vol)?;
        let v = st.refresh_vol(&p, &def, &v)?;
        Ok(v.format(def.pool_type))
    }

    fn storage_vol_get_path(&self, vol: &StorageVolId) -> Result<String> {
        let (_, v, _) = self.st().vol_of(vol)?;
        Ok(v.target.path.unwrap_or_default())
    }

    fn storage_vol_wipe(&self, vol: &StorageVolId, flags: u32) -> Result<()> {
        self.storage_vol_wipe_pattern(vol, 0, flags)
    }

    fn storage_vol_wipe_pattern(&self, vol: &StorageVolId, algorithm: u32, flags: u32) -> Result<()> {
        check_flags(flags, 0, "storageVolWipePattern")?;
        if algorithm >= 10 {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("wiping algorithm {algorithm} not supported")));
        }
        if algorithm != 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                format!("wiping algorithm {algorithm} is not supported by this driver (only zero)"),
            ));
        }
        let (p, v, def) = self.st().vol_of(vol)?;
        let busy = self.claim(&p, &vol.name)?;
        let r = backend::wipe_volume(&def, &v);
        drop(busy);
        r
    }

    fn storage_vol_resize(&self, vol: &StorageVolId, capacity: u64, flags: u32) -> Result<()> {
        check_flags(flags, RESIZE_ALLOCATE | RESIZE_DELTA | RESIZE_SHRINK, "storageVolResize")?;
        let st = self.st();
        let (p, v, def) = st.vol_of(vol)?;
        let v = st.refresh_vol(&p, &def, &v)?;
        let abs = if flags & RESIZE_DELTA != 0 {
            if flags & RESIZE_SHRINK != 0 {
                v.capacity.checked_sub(capacity).ok_or_else(|| {
                    Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "can't shrink capacity below size of 0")
                })?
            } else {
                v.capacity.saturating_add(capacity)
            }
        } else {
            capacity
        };
        if abs < v.allocation && def.pool_type != PoolType::Logical && v.target.format != Some(backend::FMT_QCOW2) {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "can't shrink capacity below existing allocation"));
        }
        if abs < v.capacity && flags & RESIZE_SHRINK == 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                "Can't shrink capacity below current capacity unless shrink flag explicitly specified",
            ));
        }
        if flags & RESIZE_ALLOCATE != 0 && abs.saturating_sub(v.allocation) > def.available {
            return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "Not enough space left in storage pool"));
        }
        let busy = self.claim(&p, &vol.name)?;
        let r = backend::resize_volume(&def, &v, abs, flags & RESIZE_ALLOCATE != 0, flags & RESIZE_SHRINK != 0);
        drop(busy);
        r?;
        let _ = st.refresh_vol(&p, &def, &v);
        if def.pool_type == PoolType::Logical {
            let _ = st.refresh_pool(&p);
        }
        Ok(())
    }

    fn storage_vol_upload(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        self.vol_stream(vol, offset, length, flags, true)
    }

    fn storage_vol_download(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        self.vol_stream(vol, offset, length, flags, false)
    }

    fn connect_get_storage_pool_capabilities(&self, flags: u32) -> Result<String> {
        check_flags(flags, 0, "storageConnectGetStoragePoolCapabilities")?;
        Ok(pool_capabilities())
    }

    fn connect_find_storage_pool_sources(&self, type_: &str, _src_spec: Option<&str>, flags: u32) -> Result<String> {
        check_flags(flags, 0, "storageConnectFindStoragePoolSources")?;
        match PoolType::from_name(type_) {
            Some(PoolType::Logical) => {
                let out = cmd::run(
                    "vgs",
                    &["--noheadings", "--separator", "#", "-o", "vg_name,pv_name"],
                    backend::CMD_TIMEOUT,
                )?;
                let mut sources: Vec<PoolSource> = Vec::new();
                for line in out.stdout.lines() {
                    let mut f = line.trim().split('#');
                    let (Some(vg), Some(pv)) = (f.next(), f.next()) else { continue };
                    match sources.iter_mut().find(|s| s.name.as_deref() == Some(vg)) {
                        Some(s) => s.devices.push(pv.to_string()),
                        None => sources.push(PoolSource {
                            name: Some(vg.to_string()),
                            devices: vec![pv.to_string()],
                            format: Some(1),
                            ..PoolSource::default()
                        }),
                    }
                }
                Ok(virt::conf::storage::format_source_list(PoolType::Logical, &sources))
            }
            Some(t) => Err(Error::new(FROM, Code::VIR_ERR_NO_SUPPORT, format!("pool type '{}' does not support source discovery", t.name()))),
            None => Err(Error::internal(FROM, format!("unknown storage pool type {type_}"))),
        }
    }
}

/// Marks a volume in use while an operation writes it.
struct Claim(Arc<AtomicUsize>);

impl Drop for Claim {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl QemuConnection {
    fn vol_info(&self, vol: &StorageVolId, flags: u32) -> Result<StorageVolGetInfoRet> {
        let st = self.st();
        let (p, v, def) = st.vol_of(vol)?;
        let v = st.refresh_vol(&p, &def, &v)?;
        let allocation = if flags & 1 != 0 { v.physical.unwrap_or(v.allocation) } else { v.allocation };
        Ok(StorageVolGetInfoRet { type_: v.vol_type, capacity: v.capacity, allocation })
    }

    fn claim(&self, p: &Pool, name: &str) -> Result<Claim> {
        let o = p.obj.lock();
        let v = &o.vols[o.vol(name)?];
        if v.building {
            return Err(invalid_op(format!("volume '{name}' is still being allocated.")));
        }
        v.in_use.fetch_add(1, Ordering::SeqCst);
        Ok(Claim(v.in_use.clone()))
    }

    /// `storageVolCreateXML(From)`: the entry is reserved (building) under the pool's
    /// lock, the file or LV made without it, then the volume read back.
    fn create_volume(&self, pool: &StoragePoolId, xml: &str, from: Option<&StorageVolId>, prealloc: bool) -> Result<StorageVolId> {
        let st = self.st();
        let p = st.find(pool)?;
        let pdef = {
            let o = p.obj.lock();
            if !o.active {
                return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
            }
            o.def.clone()
        };
        st.refuse_if_hung(&p, &pdef.name)?;
        let mut vol = VolDef::parse(xml, pdef.pool_type)?;
        check_vol_name(&vol.name)?;
        // The source of a clone: any active pool; busy while it is copied.
        let source = match from {
            Some(src) => {
                let (sp, sv, _) = st.vol_of(src)?;
                let claim = self.claim(&sp, &src.name)?;
                Some((claim, sv))
            }
            None => None,
        };
        let path = match pdef.pool_type {
            PoolType::Logical => format!("{}/{}", pdef.target_path.as_deref().unwrap_or(""), vol.name),
            _ => format!("{}/{}", backend::target(&pdef)?, vol.name),
        };
        if let Some((_, sv)) = &source {
            if vol.target.format.is_none() || xml_lacks_format(xml) {
                vol.target.format = sv.target.format;
            }
            if vol.capacity < sv.capacity {
                vol.capacity = sv.capacity;
            }
        }
        if let Some(b) = &mut vol.backing {
            if pdef.pool_type == PoolType::Logical {
                return Err(Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, "backing storage not supported for logical volumes"));
            }
            // A backing store named as a volume of this pool.
            if let Some(bp) = &b.path {
                if !bp.starts_with('/') {
                    b.path = Some(format!("{}/{bp}", backend::target(&pdef)?));
                }
            }
        }
        if prealloc && vol.target.format != Some(backend::FMT_QCOW2) {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "metadata preallocation only available with qcow2"));
        }
        vol.target.path = Some(path.clone());
        vol.key = Some(path.clone());
        {
            let mut o = p.obj.lock();
            if !o.active {
                return Err(invalid_op(format!("storage pool '{}' is not active", o.def.name)));
            }
            if o.vols.iter().any(|v| v.def.name == vol.name) || (pdef.pool_type != PoolType::Logical && Path::new(&path).symlink_metadata().is_ok()) {
                return Err(Error::new(FROM, Code::VIR_ERR_STORAGE_VOL_EXIST, format!("'{}'", vol.name)));
            }
            o.vols.push(Vol { def: vol.clone(), in_use: Default::default(), building: true });
        }
        let src = source.as_ref().map(|(_, sv)| (sv.target.path.clone().unwrap_or_default(), sv.target.format.unwrap_or(backend::FMT_RAW)));
        let made = backend::create_volume(&pdef, &vol, src.as_ref().map(|(p, f)| (p.as_str(), *f)), prealloc);
        drop(source);
        let drop_entry = |p: &Pool| {
            let mut o = p.obj.lock();
            o.vols.retain(|v| !(v.building && v.def.name == vol.name));
        };
        if let Err(e) = made {
            drop_entry(&p);
            return Err(e);
        }
        // Read back what was made (sizes, key of an LV) and the pool's new figures: the
        // one file and the file system's figures, or the group's LVs.
        drop_entry(&p);
        let fresh = match pdef.pool_type {
            PoolType::Logical => st.refresh_pool(&p).map(|()| None),
            _ => {
                let dir = backend::target(&pdef)?.to_string();
                let name = vol.name.clone();
                with_deadline(st.deadline(), &p.hung, format!("cannot read volume '{}'", vol.name), move || {
                    let v = backend::file_volume(&dir, &name)?;
                    Ok(Some((v, backend::statvfs(&dir)?)))
                })
            }
        };
        let mut o = p.obj.lock();
        match fresh {
            Ok(Some((v, (capacity, allocation, available)))) => {
                o.def.capacity = capacity;
                o.def.allocation = allocation;
                o.def.available = available;
                if let Some(v) = v {
                    o.vols.retain(|x| x.def.name != v.name);
                    o.vols.push(Vol { def: v, in_use: Default::default(), building: false });
                    o.vols.sort_by(|a, b| a.def.name.cmp(&b.def.name));
                }
            }
            Ok(None) => {}
            Err(e) => warn!("cannot read volume '{}' of pool '{}' after creating it: {}", vol.name, pdef.name, e.message),
        }
        match o.vols.iter().find(|v| v.def.name == vol.name) {
            Some(v) => Ok(o.vol_ident(&v.def)),
            None => {
                // The read did not come back in time: the volume as asked for.
                let id = o.vol_ident(&vol);
                o.vols.push(Vol { def: vol, in_use: Default::default(), building: false });
                Ok(id)
            }
        }
    }
}

/// Whether a `<volume>` document leaves the format out (a clone then keeps the source's).
fn xml_lacks_format(xml: &str) -> bool {
    roxmltree::Document::parse(xml)
        .map(|d| {
            !d.root_element()
                .children()
                .filter(|n| n.has_tag_name("target"))
                .any(|t| t.children().any(|n| n.has_tag_name("format")))
        })
        .unwrap_or(true)
}

/// `virConnectGetStoragePoolCapabilities` for this driver: dir, fs and logical are
/// supported, every other type is listed as not.
fn pool_capabilities() -> String {
    const FILE_FORMATS: &[&str] = &[
        "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat", "vhd", "ploop", "cow", "qcow", "qcow2",
        "qed", "vmdk",
    ];
    const FS: &[&str] =
        &["auto", "ext2", "ext3", "ext4", "ufs", "iso9660", "udf", "gfs", "gfs2", "vfat", "hfs+", "xfs", "ocfs2", "vmfs"];
    let enum_of = |out: &mut String, name: &str, values: &[&str], indent: &str| {
        out.push_str(&format!("{indent}<enum name='{name}'>\n"));
        for v in values {
            out.push_str(&format!("{indent}  <value>{v}</value>\n"));
        }
        out.push_str(&format!("{indent}</enum>\n"));
    };
    let mut out = String::from("<storagepoolCapabilities>\n");
    for t in ["dir", "fs", "netfs", "logical", "disk", "iscsi", "iscsi-direct", "scsi", "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage"] {
        let supported = matches!(t, "dir" | "fs" | "logical");
        out.push_str(&format!("  <pool type='{t}' supported='{}'>\n", if supported { "yes" } else { "no" }));
        if supported {
            match t {
                "fs" => {
                    out.push_str("    <poolOptions>\n      <defaultFormat type='auto'/>\n");
                    enum_of(&mut out, "sourceFormatType", FS, "      ");
                    out.push_str("    </poolOptions>\n");
                }
                "logical" => {
                    out.push_str("    <poolOptions>\n      <defaultFormat type='lvm2'/>\n");
                    enum_of(&mut out, "sourceFormatType", &["unknown", "lvm2"], "      ");
                    out.push_str("    </poolOptions>\n");
                }
                _ => {}
            }
            if t != "logical" {
                out.push_str("    <volOptions>\n      <defaultFormat type='raw'/>\n");
                enum_of(&mut out, "targetFormatType", FILE_FORMATS, "      ");
                out.push_str("    </volOptions>\n");
            }
        }
        out.push_str("  </pool>\n");
    }
    out.push_str("</storagepoolCapabilities>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(xml: &str) -> PoolDef {
        PoolDef::parse(xml).unwrap()
    }

    #[test]
    fn target_rule() {
        let dir = |p: &str| def(&format!("<pool type='dir'><name>p</name><target><path>{p}</path></target></pool>"));
        for bad in ["/", "/etc", "/etc/x", "/usr/lib/images", "/proc/1", "/sys", "/dev/shm", "/boot", "/var", "/tmp", "rel/x", "/a/../etc", "/a/./b"] {
            let e = check_target(&dir(bad)).unwrap_err();
            assert_eq!(e.code, Code::VIR_ERR_INVALID_ARG, "{bad}");
            assert!(e.message.contains("storage pool target path"), "{}", e.message);
        }
        for good in ["/var/lib/libvirt/images", "/tmp/x/images", "/srv/pool", "/home/u/images", "/devices"] {
            check_target(&dir(good)).unwrap();
        }
        check_target(&def("<pool type='logical'><name>vg</name><source><device path='/dev/loop0'/></source></pool>")).unwrap();
    }

    #[test]
    fn volume_names() {
        assert!(check_vol_name("a/b").unwrap_err().message.contains("volume name 'a/b' cannot contain '/'"));
        assert!(check_vol_name("..").is_err());
        check_vol_name("disk.qcow2").unwrap();
    }

    /// A file volume reads back as libvirt 9.0's storage driver formats it (layout taken
    /// from Debian's libvirtd: physical, permissions, timestamps with btime 0).
    #[test]
    fn file_volume_xml_as_libvirt_formats_it() {
        let dir = std::env::temp_dir().join(format!("qemud-vol-xml-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let d = dir.to_str().unwrap();
        let out = std::process::Command::new("qemu-img")
            .args(["create", "-q", "-f", "qcow2", &format!("{d}/a.qcow2"), "1G"])
            .status();
        if !matches!(out, Ok(s) if s.success()) {
            eprintln!("SKIP: no qemu-img");
            return;
        }
        let v = backend::file_volume(d, "a.qcow2").unwrap().unwrap();
        assert_eq!((v.capacity, v.target.format), (1 << 30, Some(backend::FMT_QCOW2)));
        let x = v.format(PoolType::Dir);
        let head = format!(
            "<volume type='file'>\n  <name>a.qcow2</name>\n  <key>{d}/a.qcow2</key>\n  \
             <capacity unit='bytes'>1073741824</capacity>\n  <allocation unit='bytes'>"
        );
        assert!(x.starts_with(&head), "{x}");
        assert!(x.contains("</allocation>\n  <physical unit='bytes'>"), "{x}");
        assert!(x.contains(&format!("<target>\n    <path>{d}/a.qcow2</path>\n    <format type='qcow2'/>\n    <permissions>\n")), "{x}");
        assert!(x.contains("</permissions>\n    <timestamps>\n      <atime>") && x.contains("<btime>0</btime>\n    </timestamps>\n  </target>\n</volume>\n"), "{x}");
        std::fs::write(format!("{d}/.libvirt-rs-tmp"), b"").unwrap();
        assert!(backend::file_volume(d, ".libvirt-rs-tmp").unwrap().is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn deadline_reports_a_hang_and_clears_when_the_worker_returns() {
        let hung = Arc::new(AtomicBool::new(false));
        let e = with_deadline(Duration::from_millis(50), &hung, "x".into(), || {
            std::thread::sleep(Duration::from_millis(300));
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_OPERATION_TIMEOUT);
        assert!(hung.load(Ordering::SeqCst));
        std::thread::sleep(Duration::from_millis(400));
        assert!(!hung.load(Ordering::SeqCst));
        assert_eq!(with_deadline(Duration::from_secs(1), &hung, "y".into(), || Ok(5)).unwrap(), 5);
    }
}
