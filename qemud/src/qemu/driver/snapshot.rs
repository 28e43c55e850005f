//! Domain snapshots of the QEMU driver, as libvirt 9.0's: internal snapshots only (the
//! disks' qcow2 images hold them, and QEMU's memory state for a live guest).
//!
//! - A shut-off domain: `qemu-img snapshot -c/-a/-d NAME IMAGE` on each qcow2 disk.
//! - A running or paused one: the guest is paused and HMP `savevm "NAME"` (through
//!   `human-monitor-command`) writes disks and memory; `delvm "NAME"` deletes.
//! - Reverting to a live snapshot ends QEMU and starts a new one with `-loadvm NAME`;
//!   to a shut-off one, `qemu-img snapshot -a` after QEMU ended.
//!
//! The tree (parents, current snapshot, list filters) is the shared
//! [`virt::driver::snapshot_list`]; each snapshot's definition is kept as libvirt keeps
//! it, `<snapshot dir>/<domain>/<snapshot>.xml` with `<active>` marking the current one,
//! and read back when the daemon starts. External snapshots (memory or disk files) are
//! refused.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;

use virt::conf::domain::DomainDef;
use virt::conf::snapshot::SnapshotDef;
use virt::conf::uuid::Uuid;
use virt::driver::snapshot_list::*;
use virt::driver::{DomainId, DomainSnapshots, SnapshotId};
use virt::error::{Code, Domain, Error, Result};

use super::Json;
use super::{
    check_flags, ev, parse_def, write_atomic, FormatOptions, DomainObj, Origin, QemuConnection, QemuDriver, Slot, FROM,
    PAUSED, RUNNING, RUNNING_UNPAUSED,
};
use crate::warn;

/// `virDomainSnapshotState` values this driver records (those of `virDomainState`).
const SNAP_RUNNING: i32 = 1;
const SNAP_PAUSED: i32 = 3;
/// State reasons "from snapshot" / "snapshot".
const RUNNING_FROM_SNAPSHOT: i32 = 4;
const PAUSED_SNAPSHOT: i32 = 9;
const SHUTOFF_FROM_SNAPSHOT: i32 = 7;
/// `VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA`.
const UNDEFINE_SNAPSHOTS_METADATA: u32 = 2;
/// How long one `qemu-img snapshot` may take.
const QEMU_IMG_TIMEOUT: Duration = Duration::from_secs(120);

/// Every domain's snapshots, by domain UUID, and where their definitions are stored.
pub(super) struct Snapshots {
    dir: PathBuf,
    by_domain: Mutex<HashMap<[u8; 16], SnapshotList>>,
}

impl Snapshots {
    pub(super) fn new(dir: PathBuf) -> Snapshots {
        Snapshots { dir, by_domain: Mutex::new(HashMap::new()) }
    }

    fn domain_dir(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn with<R>(&self, uuid: &[u8; 16], f: impl FnOnce(&mut SnapshotList) -> R) -> R {
        f(self.by_domain.lock().entry(*uuid).or_default())
    }

    /// Writes snapshot `name` of domain `dom` (`uuid`) as libvirt's metadata file.
    fn save(&self, dom: &str, uuid: &[u8; 16], name: &str) -> Result<()> {
        let text = self.with(uuid, |l| {
            let current = l.is_current(name);
            l.get(name, FROM).map(|s| s.format_with(&Uuid(*uuid).to_string_dashed(), true, Some(current)))
        })?;
        let text = format!(
            "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\nOVERWRITTEN AND LOST. \
             Changes to this xml configuration should be made using:\n  virsh snapshot-edit\nor other application \
             using the libvirt API.\n-->\n\n{text}"
        );
        write_atomic(&self.domain_dir(dom), &format!("{name}.xml"), &text, true)
    }

    /// [`Snapshots::save`] for each of `names`; a failure is logged (the snapshot itself
    /// exists: only its record lags).
    fn save_all_or_warn(&self, dom: &str, uuid: &[u8; 16], names: &[String]) {
        for n in names {
            if let Err(e) = self.save(dom, uuid, n) {
                warn!("snapshot {n} of domain {dom}: {}", e.message);
            }
        }
    }

    /// Drops every snapshot of a domain that goes away: its list and its metadata
    /// directory (the images keep their snapshots).
    pub(super) fn forget_domain(&self, dom: &str, uuid: &[u8; 16]) {
        if self.by_domain.lock().remove(uuid).is_none_or(|l| l.is_empty()) {
            return;
        }
        let dir = self.domain_dir(dom);
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            if e.kind() != std::io::ErrorKind::NotFound {
                warn!("cannot remove snapshot metadata {}: {e}", dir.display());
            }
        }
    }

    fn forget_file(&self, dom: &str, name: &str) {
        let path = self.domain_dir(dom).join(format!("{name}.xml"));
        if let Err(e) = std::fs::remove_file(&path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                warn!("cannot remove {}: {e}", path.display());
            }
        }
    }

    /// Reads the stored snapshots of domain `dom` (`uuid`): files that do not parse, or
    /// belong to another domain, are logged and skipped.
    fn load(&self, dom: &str, uuid: &[u8; 16]) {
        let dir = self.domain_dir(dom);
        let Ok(entries) = std::fs::read_dir(&dir) else { return };
        let mut found: Vec<(SnapshotDef, bool)> = Vec::new();
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "xml")) {
            let loaded = std::fs::read_to_string(&path)
                .map_err(|e| Error::system(FROM, &format!("cannot read {}", path.display()), &e))
                .and_then(|text| SnapshotDef::parse_metadata(&text))
                .and_then(|(def, current)| match &def.dom {
                    Some(d) if d.uuid.as_bytes() != uuid => {
                        Err(Error::internal(FROM, format!("snapshot {} is not of domain {dom}", def.name)))
                    }
                    _ => Ok((def, current)),
                });
            match loaded {
                Ok(s) => found.push(s),
                Err(e) => warn!("skipping snapshot {}: {}", path.display(), e.message),
            }
        }
        // Oldest first, as they were made: children list newest first from there.
        found.sort_by(|a, b| (a.0.creation_time, &a.0.name).cmp(&(b.0.creation_time, &b.0.name)));
        self.with(uuid, |l| {
            let names: Vec<String> = found.iter().map(|(d, _)| d.name.clone()).collect();
            for (mut def, current) in found {
                if def.parent.as_ref().is_some_and(|p| !names.contains(p)) {
                    warn!("snapshot {} of domain {dom}: parent {:?} not found", def.name, def.parent);
                    def.parent = None;
                }
                if current {
                    l.current = Some(def.name.clone());
                }
                l.list.push(def);
            }
        });
    }
}

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn snap_id(dom: &DomainId, name: &str) -> SnapshotId {
    SnapshotId { name: name.to_string(), dom: dom.clone() }
}

/// The image of each disk an internal snapshot covers (`snapshot='internal'` in `snap`),
/// checked as libvirt checks them: qcow2 files or block devices only.
fn internal_images(dom: &DomainDef, snap: &SnapshotDef) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for sd in snap.disks.iter().filter(|d| d.snapshot == "internal") {
        let Some(disk) = dom.devices.disks.iter().find(|d| d.target_dev == sd.name) else { continue };
        let format = disk.driver_type().unwrap_or("raw");
        let path = disk.source_path().filter(|_| matches!(disk.disk_type.as_str(), "file" | "block"));
        match path {
            Some(p) if format == "qcow2" => out.push((disk.target_dev.clone(), p)),
            _ => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_CONFIG_UNSUPPORTED,
                    format!("internal snapshot for disk {} unsupported for storage type {format}", disk.target_dev),
                ))
            }
        }
    }
    Ok(out)
}

/// `qemu-img snapshot <op> NAME IMAGE`.
fn qemu_img(op: &str, name: &str, image: &str) -> Result<()> {
    crate::storage::cmd::run("qemu-img", &["snapshot", op, name, image], QEMU_IMG_TIMEOUT)
        .map(drop)
        .map_err(|e| Error::new(FROM, e.code, e.message))
}

/// An HMP command through `human-monitor-command`, as libvirt 9.0 still sends
/// `savevm`/`delvm`; QEMU answers errors in the reply text.
fn hmp(run: &super::Monitor, line: &str) -> Result<String> {
    let reply = run.execute("human-monitor-command", Some(Json::object([("command-line", Json::from(line))])))?;
    Ok(reply.as_str().unwrap_or_default().to_string())
}

/// `savevm "NAME"`, with libvirt's reading of the reply.
fn savevm(run: &super::Monitor, name: &str) -> Result<()> {
    let reply = hmp(run, &format!("savevm \"{name}\""))?;
    if reply.contains("No block device can accept snapshots") {
        return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "this domain does not have a device to take snapshots"));
    }
    if reply.contains("Error") || reply.contains("Could not open VM state file") || reply.contains("State blocked by non-migratable device") {
        return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, format!("Failed to take snapshot: {}", reply.trim_end())));
    }
    Ok(())
}

/// Names that would break the HMP command line (libvirt 9.0 quotes them unescaped).
fn check_name(name: &str) -> Result<()> {
    if name.contains(['"', '\\', '\n']) {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_CONFIG_UNSUPPORTED,
            format!("snapshot name '{name}' of a running domain cannot contain '\"', '\\' or a newline"),
        ));
    }
    Ok(())
}

/// `Flag 'A' is required by flag 'B'`, as libvirt's public API checks before the driver.
fn flag_required(needed: &str, by: &str) -> Error {
    Error::raw(
        Domain::VIR_FROM_DOMAIN_SNAPSHOT,
        Code::VIR_ERR_INVALID_ARG,
        format!("Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_{needed}' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_{by}'"),
    )
}

fn external_unsupported() -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, "external snapshots are not supported by this driver")
}

impl QemuDriver {
    /// Reads the stored snapshots of every domain (at startup).
    pub(super) fn load_snapshots(&self) {
        for slot in self.slots() {
            let (name, uuid) = {
                let d = slot.obj.lock();
                (d.def.name.clone(), d.def.uuid.0)
            };
            self.snapshots.load(&name, &uuid);
        }
    }

    /// `qemuDomainUndefineFlags`'s snapshot rule for the domain `d` (its job held): an
    /// inactive domain with snapshots is undefined only with SNAPSHOTS_METADATA, which
    /// drops their metadata (the images keep their snapshots).
    pub(super) fn undefine_snapshots(&self, d: &DomainObj, flags: u32) -> Result<()> {
        if d.is_active() {
            return Ok(());
        }
        let uuid = d.def.uuid.0;
        let n = self.snapshots.with(&uuid, |l| l.len());
        if n == 0 {
            return Ok(());
        }
        if flags & UNDEFINE_SNAPSHOTS_METADATA == 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                format!("cannot delete inactive domain with {n} snapshots"),
            ));
        }
        self.snapshots.forget_domain(&d.def.name, &uuid);
        Ok(())
    }

    /// The domain a handle names and its snapshot list, for calls that only read.
    fn read_snaps<R>(&self, dom: &DomainId, f: impl FnOnce(&SnapshotList) -> Result<R>) -> Result<R> {
        self.slot(dom)?;
        self.snapshots.with(&dom.uuid, |l| f(l))
    }

    /// Takes an internal snapshot `def` of the domain in `slot` (its job held).
    fn take_internal(&self, slot: &Arc<Slot>, def: &SnapshotDef, halt: bool) -> Result<()> {
        let (active, running, dom) = {
            let d = slot.obj.lock();
            (d.is_active(), d.state == RUNNING, d.def.clone())
        };
        let images = internal_images(&dom, def)?;
        if !active {
            let mut done: Vec<&str> = Vec::new();
            for (_, image) in &images {
                if let Err(e) = qemu_img("-c", &def.name, image) {
                    for undo in done {
                        let _ = qemu_img("-d", &def.name, undo);
                    }
                    return Err(e);
                }
                done.push(image);
            }
            return Ok(());
        }
        check_name(&def.name)?;
        let monitor = self.monitor(slot)?;
        // As libvirt: the guest is paused around `savevm` and resumed after it.
        if running {
            self.change_state(slot, PAUSED, PAUSED_SNAPSHOT, || monitor.stop())?;
            self.lifecycle(&slot.obj.lock(), ev::SUSPENDED, ev::SUSPENDED_PAUSED);
        }
        let saved = savevm(&monitor, &def.name);
        if saved.is_ok() && halt {
            drop(monitor);
            self.stop(slot, SHUTOFF_FROM_SNAPSHOT);
            self.lifecycle(&slot.obj.lock(), ev::STOPPED, ev::STOPPED_FROM_SNAPSHOT);
            return Ok(());
        }
        if running {
            self.change_state(slot, RUNNING, RUNNING_UNPAUSED, || monitor.cont())?;
            self.lifecycle(&slot.obj.lock(), ev::RESUMED, ev::RESUMED_UNPAUSED);
        }
        saved
    }

    /// Discards the disk (and memory) state of snapshot `snap` of the domain in `slot`
    /// (its job held): `delvm` in a running QEMU, `qemu-img snapshot -d` otherwise. As
    /// libvirt, a failure to delete from an image only warns; a disk that is no longer
    /// the one the snapshot was taken of refuses the delete.
    fn discard_internal(&self, slot: &Arc<Slot>, snap: &SnapshotDef) -> Result<()> {
        if snap.is_external() {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_CONFIG_UNSUPPORTED,
                "deletion of external disk snapshots not supported",
            ));
        }
        let (active, dom) = {
            let d = slot.obj.lock();
            (d.is_active(), d.def.clone())
        };
        let Some(taken) = &snap.dom else { return Ok(()) };
        let images = internal_images(taken, snap).unwrap_or_default();
        for (target, image) in &images {
            let now = dom.devices.disks.iter().find(|d| &d.target_dev == target).and_then(|d| d.source_path());
            if now.as_deref() != Some(image.as_str()) {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    format!(
                        "disk image '{target}' for internal snapshot '{}' is not the same as disk image currently used by VM",
                        snap.name
                    ),
                ));
            }
        }
        if active {
            if let Err(e) = self.monitor(slot).and_then(|m| hmp(&m, &format!("delvm \"{}\"", snap.name))) {
                warn!("delvm of snapshot {}: {}", snap.name, e.message);
            }
            return Ok(());
        }
        for (_, image) in &images {
            if let Err(e) = qemu_img("-d", &snap.name, image) {
                warn!("{}", e.message);
            }
        }
        Ok(())
    }

    /// `qemuSnapshotRevert` for the domain in `slot` (its job held).
    fn revert(&self, slot: &Arc<Slot>, snap: &SnapshotDef, flags: u32) -> Result<()> {
        let (persistent, active) = {
            let d = slot.obj.lock();
            (d.persistent, d.is_active())
        };
        let live = snap.state == SNAP_RUNNING || snap.state == SNAP_PAUSED;
        if !persistent && !live && flags & (REVERT_RUNNING | REVERT_PAUSED) == 0 {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_INVALID,
                "transient domain needs to request run or pause to revert to inactive snapshot",
            ));
        }
        if snap.is_external() {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, "revert to external snapshot not supported yet"));
        }
        let Some(config) = snap.dom.clone() else {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_SNAPSHOT_REVERT_RISKY,
                format!("snapshot '{}' lacks domain '{}' rollback info", snap.name, slot.obj.lock().def.name),
            ));
        };
        // The configuration the domain keeps: the snapshot's inactive definition when
        // it has one (taken while running), else the one it ran.
        let persistent_def = snap.inactive_dom.clone().unwrap_or_else(|| config.clone());
        let images = if live { Vec::new() } else { internal_images(&config, snap)? };
        if live {
            check_name(&snap.name)?;
        }
        if active {
            let (name, uuid) = {
                let d = slot.obj.lock();
                (d.def.name.clone(), d.def.uuid.0)
            };
            let kept = (!persistent).then(|| self.snapshots.with(&uuid, |l| l.clone()));
            self.stop(slot, SHUTOFF_FROM_SNAPSHOT);
            self.lifecycle(&slot.obj.lock(), ev::STOPPED, ev::STOPPED_FROM_SNAPSHOT);
            // A transient domain outlives the QEMU it is reverted from, snapshots and all.
            if let Some(kept) = kept {
                self.domains.lock().push(slot.clone());
                let names: Vec<String> = kept.list.iter().map(|s| s.name.clone()).collect();
                self.snapshots.by_domain.lock().insert(uuid, kept);
                self.snapshots.save_all_or_warn(&name, &uuid, &names);
            }
        }
        if persistent {
            self.save_config(&persistent_def)?;
        }
        if live {
            {
                let mut d = slot.obj.lock();
                d.def = config;
                d.new_def = persistent.then_some(persistent_def);
            }
            let started = self.start_from(slot, true, Origin::Snapshot(&snap.name));
            if let Err(e) = started {
                let mut d = slot.obj.lock();
                if !d.is_active() {
                    if let Some(nd) = d.new_def.take() {
                        d.def = nd;
                    }
                }
                return Err(e);
            }
            self.lifecycle(&slot.obj.lock(), ev::STARTED, ev::STARTED_FROM_SNAPSHOT);
            let run = flags & REVERT_PAUSED == 0 && (snap.state == SNAP_RUNNING || flags & REVERT_RUNNING != 0);
            if run {
                let monitor = self.monitor(slot)?;
                self.change_state(slot, RUNNING, RUNNING_FROM_SNAPSHOT, || monitor.cont())?;
                self.lifecycle(&slot.obj.lock(), ev::RESUMED, ev::RESUMED_FROM_SNAPSHOT);
            } else {
                self.lifecycle(&slot.obj.lock(), ev::SUSPENDED, ev::SUSPENDED_FROM_SNAPSHOT);
            }
        } else {
            for (_, image) in &images {
                qemu_img("-a", &snap.name, image)?;
            }
            slot.obj.lock().def = persistent_def;
            if flags & (REVERT_RUNNING | REVERT_PAUSED) != 0 {
                self.start_from(slot, flags & REVERT_PAUSED != 0, Origin::Reverted)?;
            }
        }
        if persistent {
            self.lifecycle(&slot.obj.lock(), ev::DEFINED, ev::DEFINED_FROM_SNAPSHOT);
        }
        Ok(())
    }
}

impl DomainSnapshots for QemuConnection {
    fn domain_snapshot_create_xml(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<SnapshotId> {
        check_flags(
            flags,
            CREATE_REDEFINE
                | CREATE_CURRENT
                | CREATE_NO_METADATA
                | CREATE_HALT
                | CREATE_DISK_ONLY
                | CREATE_REUSE_EXT
                | CREATE_QUIESCE
                | CREATE_ATOMIC
                | CREATE_LIVE
                | CREATE_VALIDATE,
            "qemuSnapshotCreateXML",
        )?;
        let redefine = flags & CREATE_REDEFINE != 0;
        if flags & CREATE_CURRENT != 0 && !redefine {
            return Err(flag_required("REDEFINE", "CURRENT"));
        }
        if flags & CREATE_QUIESCE != 0 && flags & CREATE_DISK_ONLY == 0 {
            return Err(flag_required("DISK_ONLY", "QUIESCE"));
        }
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (name, uuid, persistent, active, state, live_def, inactive_def) = {
            let d = slot.obj.lock();
            let inactive = d.new_def.clone().filter(|_| d.is_active());
            (d.def.name.clone(), d.def.uuid.0, d.persistent, d.is_active(), d.state, d.def.clone(), inactive)
        };
        if !persistent && flags & CREATE_HALT != 0 {
            return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot halt after transient domain snapshot"));
        }
        let mut def = SnapshotDef::parse(xml, redefine, now_secs())?;
        // The name becomes a file name.
        if def.name.contains('/') {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_XML_DETAIL,
                format!("invalid snapshot name '{}': name can't contain '/'", def.name),
            ));
        }
        if flags & CREATE_DISK_ONLY != 0 || def.is_external() {
            return Err(external_unsupported());
        }
        if flags & CREATE_LIVE != 0 {
            // Live snapshots are external memory snapshots, which this driver refuses.
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_UNSUPPORTED,
                "live snapshot creation is supported only during full system snapshots",
            ));
        }
        let halt = flags & CREATE_HALT != 0;
        if redefine {
            if let Some(sd) = &def.dom {
                if sd.uuid.0 != uuid {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN_SNAPSHOT,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("definition for snapshot {} must use uuid {}", def.name, Uuid(uuid).to_string_dashed()),
                    ));
                }
            }
            self.snapshots.with(&uuid, |l| l.check_insert(&def, true))?;
        } else {
            if active && def.memory.as_deref() == Some("no") {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    "internal snapshot of a running VM must include the memory state",
                ));
            }
            if !active && def.memory.as_deref().is_some_and(|m| m != "no") {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN_SNAPSHOT,
                    Code::VIR_ERR_XML_ERROR,
                    "memory state cannot be saved with offline or disk-only snapshot",
                ));
            }
            // An internal snapshot covers every disk.
            if let Some(d) = def.disks.iter().find(|d| d.snapshot != "internal") {
                return Err(Error::new(
                    Domain::VIR_FROM_DOMAIN_SNAPSHOT,
                    Code::VIR_ERR_CONFIG_UNSUPPORTED,
                    format!("disk '{}' must use snapshot mode 'internal'", d.name),
                ));
            }
            def.state = state;
            def.memory = Some(if active { "internal" } else { "no" }.to_string());
            // The definition as it prints, without what a run of QEMU filled in.
            let text = live_def.format(FormatOptions { live_id: None, inactive: true, secure: false });
            def.dom = Some(parse_def(&text)?);
            def.inactive_dom = inactive_def;
            def.align_disks("internal");
            self.snapshots.with(&uuid, |l| l.check_insert(&def, false))?;
            self.take_internal(&slot, &def, halt)?;
        }
        if flags & CREATE_NO_METADATA != 0 {
            return Ok(snap_id(dom, &def.name));
        }
        let snap = def.name.clone();
        let make_current = !redefine || flags & CREATE_CURRENT != 0;
        let old = self.snapshots.with(&uuid, |l| l.insert(def, redefine, make_current))?;
        if let Err(e) = self.snapshots.save(&name, &uuid, &snap) {
            // libvirt forgets a snapshot it cannot record (the images keep it).
            self.snapshots.with(&uuid, |l| {
                l.remove(&snap, 0);
                if let Some(o) = &old {
                    l.current = Some(o.clone());
                }
            });
            return Err(e);
        }
        self.snapshots.save_all_or_warn(&name, &uuid, &old.into_iter().collect::<Vec<_>>());
        let id = slot.obj.lock().ident();
        Ok(snap_id(&id, &snap))
    }

    fn domain_snapshot_get_xml_desc(&self, snap: &SnapshotId, flags: u32) -> Result<String> {
        check_flags(flags, XML_SECURE, "qemuDomainSnapshotGetXMLDesc")?;
        self.read_snaps(&snap.dom, |l| {
            Ok(l.get(&snap.name, FROM)?.format(&Uuid(snap.dom.uuid).to_string_dashed(), flags & XML_SECURE != 0))
        })
    }

    fn domain_snapshot_num(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainSnapshotNum")?;
        self.read_snaps(dom, |l| Ok(l.names(None, None, flags, FROM)?.len() as i32))
    }

    fn domain_snapshot_list_names(&self, dom: &DomainId, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainSnapshotListNames")?;
        self.read_snaps(dom, |l| l.names(None, Some(maxnames), flags, FROM))
    }

    fn domain_list_all_snapshots(&self, dom: &DomainId, flags: u32) -> Result<Vec<SnapshotId>> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainListAllSnapshots")?;
        self.read_snaps(dom, |l| Ok(l.names(None, None, flags, FROM)?.iter().map(|n| snap_id(dom, n)).collect()))
    }

    fn domain_snapshot_num_children(&self, snap: &SnapshotId, flags: u32) -> Result<i32> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainSnapshotNumChildren")?;
        self.read_snaps(&snap.dom, |l| Ok(l.names(Some(&snap.name), None, flags, FROM)?.len() as i32))
    }

    fn domain_snapshot_list_children_names(&self, snap: &SnapshotId, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainSnapshotListChildrenNames")?;
        self.read_snaps(&snap.dom, |l| l.names(Some(&snap.name), Some(maxnames), flags, FROM))
    }

    fn domain_snapshot_list_all_children(&self, snap: &SnapshotId, flags: u32) -> Result<Vec<SnapshotId>> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "qemuDomainSnapshotListAllChildren")?;
        self.read_snaps(&snap.dom, |l| {
            Ok(l.names(Some(&snap.name), None, flags, FROM)?.iter().map(|n| snap_id(&snap.dom, n)).collect())
        })
    }

    fn domain_snapshot_lookup_by_name(&self, dom: &DomainId, name: &str, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "qemuDomainSnapshotLookupByName")?;
        self.read_snaps(dom, |l| l.get(name, FROM).map(|s| snap_id(dom, &s.name)))
    }

    fn domain_has_current_snapshot(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "qemuDomainHasCurrentSnapshot")?;
        self.read_snaps(dom, |l| Ok(l.current.is_some()))
    }

    fn domain_snapshot_get_parent(&self, snap: &SnapshotId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "qemuDomainSnapshotGetParent")?;
        self.read_snaps(&snap.dom, |l| l.parent(&snap.name, FROM).map(|p| snap_id(&snap.dom, &p)))
    }

    fn domain_snapshot_current(&self, dom: &DomainId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "qemuDomainSnapshotCurrent")?;
        self.read_snaps(dom, |l| l.current(FROM).map(|c| snap_id(dom, &c)))
    }

    fn domain_snapshot_is_current(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "qemuDomainSnapshotIsCurrent")?;
        self.read_snaps(&snap.dom, |l| l.find(&snap.name, FROM).map(|_| l.is_current(&snap.name)))
    }

    fn domain_snapshot_has_metadata(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "qemuDomainSnapshotHasMetadata")?;
        self.read_snaps(&snap.dom, |l| l.find(&snap.name, FROM).map(|_| true))
    }

    fn domain_revert_to_snapshot(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE, "qemuSnapshotRevert")?;
        // libvirt's public API refuses these (in libvirtd, before the driver).
        if flags & REVERT_RUNNING != 0 && flags & REVERT_PAUSED != 0 {
            return Err(Error::raw(
                Domain::VIR_FROM_DOMAIN_SNAPSHOT,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive",
            ));
        }
        let slot = self.slot(&snap.dom)?;
        let _job = slot.job.lock();
        let (name, uuid) = {
            let d = slot.obj.lock();
            (d.def.name.clone(), d.def.uuid.0)
        };
        let def = self.snapshots.with(&uuid, |l| l.get(&snap.name, FROM).cloned())?;
        self.revert(&slot, &def, flags)?;
        let old = self.snapshots.with(&uuid, |l| l.current.replace(def.name.clone()));
        let changed: Vec<String> = old.into_iter().filter(|o| *o != def.name).chain([def.name.clone()]).collect();
        self.snapshots.save_all_or_warn(&name, &uuid, &changed);
        Ok(())
    }

    fn domain_snapshot_delete(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, DELETE_CHILDREN | DELETE_METADATA_ONLY | DELETE_CHILDREN_ONLY, "qemuSnapshotDelete")?;
        let slot = self.slot(&snap.dom)?;
        let _job = slot.job.lock();
        let (name, uuid) = {
            let d = slot.obj.lock();
            (d.def.name.clone(), d.def.uuid.0)
        };
        let doomed: Vec<SnapshotDef> = self.snapshots.with(&uuid, |l| -> Result<Vec<SnapshotDef>> {
            l.find(&snap.name, FROM)?;
            l.doomed(&snap.name, flags).iter().map(|n| l.get(n, FROM).cloned()).collect()
        })?;
        if flags & DELETE_METADATA_ONLY == 0 {
            for s in &doomed {
                self.discard_internal(&slot, s)?;
                self.snapshots.forget_file(&name, &s.name);
                // Gone from the images: gone from the tree too, even if a later one fails.
                if s.name != snap.name {
                    let changed = self.snapshots.with(&uuid, |l| l.remove(&s.name, 0));
                    self.snapshots.save_all_or_warn(&name, &uuid, &changed);
                }
            }
        } else {
            for s in &doomed {
                self.snapshots.forget_file(&name, &s.name);
            }
        }
        let changed = self.snapshots.with(&uuid, |l| l.remove(&snap.name, flags));
        self.snapshots.save_all_or_warn(&name, &uuid, &changed);
        Ok(())
    }
}
