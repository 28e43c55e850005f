//! The test driver's domain snapshots: per-domain trees of snapshot definitions with a
//! current snapshot, as libvirt's test driver keeps them (nothing is copied: creating a
//! snapshot records the domain's definition and state; reverting puts them back).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::state::State;
use super::{check_flags, TestConnection, FROM, PAUSED, RUNNING, SHUTOFF};
use crate::abi::domain::virDomainEventType as Event;
use crate::conf::snapshot::{SnapshotDef, STATE_DISK_SNAPSHOT, STATE_SHUTOFF};
use crate::conf::uuid::Uuid;
use crate::driver::{DomainId, DomainSnapshots, SnapshotId};
use super::moment;
use crate::error::{Code, Domain, Error, Result};

// virDomainSnapshotCreateFlags
const CREATE_REDEFINE: u32 = 1;
const CREATE_CURRENT: u32 = 2;
const CREATE_HALT: u32 = 8;
const CREATE_QUIESCE: u32 = 64;
const CREATE_ATOMIC: u32 = 128;
const CREATE_LIVE: u32 = 256;
const CREATE_VALIDATE: u32 = 512;

// virDomainSnapshotListFlags
const LIST_ROOTS: u32 = 1;
const LIST_DESCENDANTS: u32 = 1;
const LIST_METADATA: u32 = 2;
const LIST_LEAVES: u32 = 4;
const LIST_NO_LEAVES: u32 = 8;
const LIST_NO_METADATA: u32 = 16;
const LIST_INACTIVE: u32 = 32;
const LIST_ACTIVE: u32 = 64;
const LIST_DISK_ONLY: u32 = 128;
const LIST_INTERNAL: u32 = 256;
const LIST_EXTERNAL: u32 = 512;
const LIST_TOPOLOGICAL: u32 = 1024;
const FILTERS_STATUS: u32 = LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY;
const FILTERS_LOCATION: u32 = LIST_INTERNAL | LIST_EXTERNAL;
const FILTERS_ALL: u32 = LIST_METADATA | LIST_NO_METADATA | LIST_LEAVES | LIST_NO_LEAVES | FILTERS_STATUS | FILTERS_LOCATION;

// virDomainSnapshotRevertFlags, virDomainSnapshotDeleteFlags, virDomainSnapshotXMLFlags
const REVERT_RUNNING: u32 = 1;
const REVERT_PAUSED: u32 = 2;
const REVERT_FORCE: u32 = 4;
const DELETE_CHILDREN: u32 = 1;
const DELETE_CHILDREN_ONLY: u32 = 4;
const XML_SECURE: u32 = 1;

// Reasons and event details "from snapshot".
const RUNNING_FROM_SNAPSHOT: i32 = 4;
const PAUSED_FROM_SNAPSHOT: i32 = 7;
const SHUTOFF_FROM_SNAPSHOT: i32 = 7;
const STARTED_FROM_SNAPSHOT: i32 = 3;
const SUSPENDED_FROM_SNAPSHOT: i32 = 5;
const STOPPED_FROM_SNAPSHOT: i32 = 6;
/// libvirt's test driver raises its resumed event with `VIR_DOMAIN_EVENT_RESUMED` (4) as
/// the detail.
const RESUMED_DETAIL: i32 = 4;

/// One domain's snapshots, in creation order, and the name of the current one.
#[derive(Default)]
pub struct DomainSnaps {
    list: Vec<SnapshotDef>,
    current: Option<String>,
}

/// Every domain's snapshots, by domain UUID.
#[derive(Default)]
pub struct Snapshots {
    by_domain: HashMap<[u8; 16], DomainSnaps>,
}

fn no_snapshot(name: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_DOMAIN_SNAPSHOT, format!("no domain snapshot with matching name '{name}'"))
}

impl DomainSnaps {
    fn find(&self, name: &str) -> Result<usize> {
        self.list.iter().position(|s| s.name == name).ok_or_else(|| no_snapshot(name))
    }

    fn children(&self, parent: Option<&str>) -> Vec<usize> {
        moment::children(&self.list, parent)
    }

    fn descendants(&self, name: &str) -> Vec<usize> {
        moment::descendants(&self.list, name)
    }

    fn has_children(&self, name: &str) -> bool {
        moment::has_children(&self.list, name)
    }

    /// The snapshots a list call with `flags` selects, below `from` (the whole domain
    /// for None), as libvirt's `virDomainSnapshotObjListGetNames`.
    fn select(&self, from: Option<&str>, flags: u32) -> Vec<usize> {
        let mut filters = flags;
        if filters & FILTERS_STATUS == FILTERS_STATUS {
            filters &= !FILTERS_STATUS;
        }
        if filters & FILTERS_LOCATION == FILTERS_LOCATION {
            filters &= !FILTERS_LOCATION;
        }
        if filters & (LIST_METADATA | LIST_NO_METADATA) == LIST_NO_METADATA {
            return Vec::new();
        }
        let candidates = match from {
            None if flags & LIST_ROOTS != 0 => self.children(None),
            None => (0..self.list.len()).collect(),
            Some(name) if flags & LIST_DESCENDANTS != 0 => self.descendants(name),
            Some(name) => self.children(Some(name)),
        };
        candidates
            .into_iter()
            .filter(|&i| {
                let s = &self.list[i];
                let leaf = !self.has_children(&s.name);
                if filters & LIST_LEAVES != 0 && !leaf || filters & LIST_NO_LEAVES != 0 && leaf {
                    return false;
                }
                if filters & FILTERS_STATUS != 0 {
                    let shutoff = s.state == STATE_SHUTOFF;
                    let disk = s.state == STATE_DISK_SNAPSHOT;
                    if filters & LIST_INACTIVE == 0 && shutoff
                        || filters & LIST_DISK_ONLY == 0 && disk
                        || filters & LIST_ACTIVE == 0 && !shutoff && !disk
                    {
                        return false;
                    }
                }
                !(filters & LIST_INTERNAL != 0 && s.is_external() || filters & LIST_EXTERNAL != 0 && !s.is_external())
            })
            .collect()
    }
}

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl State {
    /// How many snapshots the domain with `uuid` has.
    pub(super) fn snapshot_count(&self, uuid: &[u8; 16]) -> usize {
        self.snapshots.by_domain.get(uuid).map_or(0, |d| d.list.len())
    }

    /// Forgets the snapshots of the domain with `uuid` (it is being undefined).
    pub(super) fn drop_snapshots(&mut self, uuid: &[u8; 16]) {
        self.snapshots.by_domain.remove(uuid);
    }

    /// The snapshots of the domain `dom` names, with its index; snapshots of domains no
    /// longer defined are dropped first.
    fn snaps(&mut self, dom: &DomainId) -> Result<(usize, &mut DomainSnaps)> {
        let i = self.find(dom)?;
        let domains = &self.domains;
        self.snapshots.by_domain.retain(|uuid, _| domains.iter().any(|d| d.def.uuid.as_bytes() == uuid));
        Ok((i, self.snapshots.by_domain.entry(dom.uuid).or_default()))
    }
}

fn snap_id(dom: &DomainId, name: &str) -> SnapshotId {
    SnapshotId { name: name.to_string(), dom: dom.clone() }
}

impl TestConnection {
    fn with_snaps<R>(&self, dom: &DomainId, f: impl FnOnce(&mut DomainSnaps) -> Result<R>) -> Result<R> {
        self.with(|s| {
            let (_, snaps) = s.snaps(dom)?;
            f(snaps)
        })
    }

    fn names(&self, dom: &DomainId, from: Option<&str>, max: Option<i32>, flags: u32) -> Result<Vec<String>> {
        self.with_snaps(dom, |snaps| {
            if let Some(f) = from {
                snaps.find(f)?;
            }
            let mut names: Vec<String> = snaps.select(from, flags).into_iter().map(|i| snaps.list[i].name.clone()).collect();
            if let Some(m) = max {
                names.truncate(m.max(0) as usize);
            }
            Ok(names)
        })
    }
}

impl DomainSnapshots for TestConnection {
    fn domain_snapshot_create_xml(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<SnapshotId> {
        check_flags(
            flags,
            CREATE_REDEFINE | CREATE_CURRENT | CREATE_HALT | CREATE_QUIESCE | CREATE_ATOMIC | CREATE_LIVE | CREATE_VALIDATE,
            "testDomainSnapshotCreateXML",
        )?;
        let redefine = flags & CREATE_REDEFINE != 0;
        let update_current = !redefine || flags & CREATE_CURRENT != 0;
        self.with(|s| {
            let i = s.find(dom)?;
            if s.checkpoint_count(&dom.uuid) > 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, "cannot create snapshot while checkpoint exists"));
            }
            if !s.domains[i].persistent && flags & CREATE_HALT != 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cannot halt after transient domain snapshot"));
            }
            let mut def = SnapshotDef::parse(xml, redefine, now_secs())?;
            let d = &s.domains[i];
            let state = d.state;
            if redefine {
                if let Some(sd) = &def.dom {
                    if sd.uuid != d.def.uuid {
                        return Err(Error::new(
                            Domain::VIR_FROM_DOMAIN_SNAPSHOT,
                            Code::VIR_ERR_INVALID_ARG,
                            format!("definition for snapshot {} must use uuid {}", def.name, d.def.uuid),
                        ));
                    }
                }
            } else {
                def.dom = Some(d.def.clone());
                def.state = state;
                let external = def.memory.as_deref() == Some("external");
                if !external {
                    def.memory = Some(if state == SHUTOFF { "no" } else { "internal" }.to_string());
                }
                def.align_disks(if external { "external" } else { "internal" });
            }
            let (_, snaps) = s.snaps(dom)?;
            let existing = snaps.list.iter().position(|x| x.name == def.name);
            if let Some(p) = def.parent.as_deref().filter(|_| redefine) {
                moment::check_redefined_parent(&def.name, p, snaps.find(p).is_ok())?;
            }
            match existing {
                Some(_) if !redefine => {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_OPERATION_FAILED,
                        format!("domain moment {} already exists", def.name),
                    ));
                }
                Some(e) => snaps.list[e] = def.clone(),
                None => {
                    if !redefine {
                        def.parent = snaps.current.clone();
                    }
                    snaps.list.push(def.clone());
                }
            }
            if update_current {
                snaps.current = Some(def.name.clone());
            }
            let id = snap_id(dom, &def.name);
            if !redefine && flags & CREATE_HALT != 0 && s.domains[i].is_active() {
                let ident = s.domains[i].stopped(SHUTOFF_FROM_SNAPSHOT);
                s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, STOPPED_FROM_SNAPSHOT);
            }
            Ok(id)
        })
    }

    fn domain_snapshot_get_xml_desc(&self, snap: &SnapshotId, flags: u32) -> Result<String> {
        check_flags(flags, XML_SECURE, "testDomainSnapshotGetXMLDesc")?;
        self.with_snaps(&snap.dom, |snaps| {
            let i = snaps.find(&snap.name)?;
            Ok(snaps.list[i].format(&Uuid(snap.dom.uuid).to_string_dashed(), flags & XML_SECURE != 0))
        })
    }

    fn domain_snapshot_num(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainSnapshotNum")?;
        Ok(self.names(dom, None, None, flags)?.len() as i32)
    }

    fn domain_snapshot_list_names(&self, dom: &DomainId, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainSnapshotListNames")?;
        self.names(dom, None, Some(maxnames), flags)
    }

    fn domain_list_all_snapshots(&self, dom: &DomainId, flags: u32) -> Result<Vec<SnapshotId>> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainListAllSnapshots")?;
        Ok(self.names(dom, None, None, flags)?.into_iter().map(|n| snap_id(dom, &n)).collect())
    }

    fn domain_snapshot_num_children(&self, snap: &SnapshotId, flags: u32) -> Result<i32> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainSnapshotNumChildren")?;
        Ok(self.names(&snap.dom, Some(&snap.name), None, flags)?.len() as i32)
    }

    fn domain_snapshot_list_children_names(&self, snap: &SnapshotId, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainSnapshotListChildrenNames")?;
        self.names(&snap.dom, Some(&snap.name), Some(maxnames), flags)
    }

    fn domain_snapshot_list_all_children(&self, snap: &SnapshotId, flags: u32) -> Result<Vec<SnapshotId>> {
        check_flags(flags, LIST_DESCENDANTS | LIST_TOPOLOGICAL | FILTERS_ALL, "testDomainSnapshotListAllChildren")?;
        Ok(self.names(&snap.dom, Some(&snap.name), None, flags)?.into_iter().map(|n| snap_id(&snap.dom, &n)).collect())
    }

    fn domain_snapshot_lookup_by_name(&self, dom: &DomainId, name: &str, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "testDomainSnapshotLookupByName")?;
        self.with_snaps(dom, |snaps| Ok(snap_id(dom, &snaps.list[snaps.find(name)?].name)))
    }

    fn domain_has_current_snapshot(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainHasCurrentSnapshot")?;
        self.with_snaps(dom, |snaps| Ok(snaps.current.is_some()))
    }

    fn domain_snapshot_get_parent(&self, snap: &SnapshotId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "testDomainSnapshotGetParent")?;
        self.with_snaps(&snap.dom, |snaps| {
            let i = snaps.find(&snap.name)?;
            match &snaps.list[i].parent {
                Some(p) => Ok(snap_id(&snap.dom, p)),
                None => Err(Error::new(
                    FROM,
                    Code::VIR_ERR_NO_DOMAIN_SNAPSHOT,
                    format!("snapshot '{}' does not have a parent", snap.name),
                )),
            }
        })
    }

    fn domain_snapshot_current(&self, dom: &DomainId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "testDomainSnapshotCurrent")?;
        self.with_snaps(dom, |snaps| match &snaps.current {
            Some(c) => Ok(snap_id(dom, c)),
            None => Err(Error::new(FROM, Code::VIR_ERR_NO_DOMAIN_SNAPSHOT, "the domain does not have a current snapshot")),
        })
    }

    fn domain_snapshot_is_current(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainSnapshotIsCurrent")?;
        self.with_snaps(&snap.dom, |snaps| {
            snaps.find(&snap.name)?;
            Ok(snaps.current.as_deref() == Some(snap.name.as_str()))
        })
    }

    fn domain_snapshot_has_metadata(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainSnapshotHasMetadata")?;
        self.with_snaps(&snap.dom, |snaps| snaps.find(&snap.name).map(|_| true))
    }

    fn domain_snapshot_delete(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, DELETE_CHILDREN | DELETE_CHILDREN_ONLY, "testDomainSnapshotDelete")?;
        self.with_snaps(&snap.dom, |snaps| {
            let i = snaps.find(&snap.name)?;
            let parent = snaps.list[i].parent.clone();
            if flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY) != 0 {
                let gone: Vec<String> = snaps.descendants(&snap.name).into_iter().map(|d| snaps.list[d].name.clone()).collect();
                if snaps.current.as_ref().is_some_and(|c| gone.contains(c)) {
                    snaps.current = Some(snap.name.clone());
                }
                snaps.list.retain(|s| !gone.contains(&s.name));
            } else {
                for s in snaps.list.iter_mut().filter(|s| s.parent.as_deref() == Some(snap.name.as_str())) {
                    s.parent = parent.clone();
                }
            }
            if flags & DELETE_CHILDREN_ONLY == 0 {
                if snaps.current.as_deref() == Some(snap.name.as_str()) {
                    snaps.current = parent;
                }
                snaps.list.retain(|s| s.name != snap.name);
            }
            Ok(())
        })
    }

    fn domain_revert_to_snapshot(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE, "testDomainRevertToSnapshot")?;
        self.with(|s| {
            let (i, snaps) = s.snaps(&snap.dom)?;
            let def = snaps.list[snaps.find(&snap.name)?].clone();
            let live_state = def.state == RUNNING || def.state == PAUSED;
            let d = &s.domains[i];
            if !d.persistent && !live_state && flags & (REVERT_RUNNING | REVERT_PAUSED) == 0 {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_INVALID,
                    "transient domain needs to request run or pause to revert to inactive snapshot",
                ));
            }
            let Some(config) = def.dom.clone() else {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_SNAPSHOT_REVERT_RISKY,
                    format!("snapshot '{}' lacks domain '{}' rollback info", def.name, d.def.name),
                ));
            };
            if flags & REVERT_FORCE == 0 && d.is_active() && !live_state && flags & (REVERT_RUNNING | REVERT_PAUSED) != 0 {
                return Err(Error::new(FROM, Code::VIR_ERR_SNAPSHOT_REVERT_RISKY, "must respawn guest to start inactive snapshot"));
            }
            let mut events: Vec<(Event, i32)> = Vec::new();
            if live_state {
                let was_active = s.domains[i].is_active();
                let was_running = was_active && s.domains[i].state == RUNNING;
                if was_active {
                    // The snapshot's definition becomes the persistent one.
                    s.domains[i].new_def = Some(config);
                    if was_running {
                        s.domains[i].set_state(PAUSED, PAUSED_FROM_SNAPSHOT);
                    }
                } else {
                    s.domains[i].def = config;
                    s.start(i, RUNNING_FROM_SNAPSHOT);
                }
                let pause = flags & REVERT_RUNNING == 0 && (def.state == PAUSED || flags & REVERT_PAUSED != 0);
                if pause {
                    s.domains[i].set_state(PAUSED, PAUSED_FROM_SNAPSHOT);
                    if !was_active {
                        events.push((Event::VIR_DOMAIN_EVENT_STARTED, STARTED_FROM_SNAPSHOT));
                        events.push((Event::VIR_DOMAIN_EVENT_SUSPENDED, SUSPENDED_FROM_SNAPSHOT));
                    } else if was_running {
                        events.push((Event::VIR_DOMAIN_EVENT_SUSPENDED, SUSPENDED_FROM_SNAPSHOT));
                    }
                } else {
                    s.domains[i].set_state(RUNNING, RUNNING_FROM_SNAPSHOT);
                    if !was_active {
                        events.push((Event::VIR_DOMAIN_EVENT_STARTED, STARTED_FROM_SNAPSHOT));
                    } else if was_running {
                        events.push((Event::VIR_DOMAIN_EVENT_RESUMED, RESUMED_DETAIL));
                    }
                }
            } else {
                let d = &mut s.domains[i];
                if d.is_active() {
                    d.new_def = Some(config);
                    let ident = d.stopped(SHUTOFF_FROM_SNAPSHOT);
                    s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, STOPPED_FROM_SNAPSHOT);
                } else {
                    d.def = config;
                }
                if flags & (REVERT_RUNNING | REVERT_PAUSED) != 0 {
                    s.start(i, RUNNING_FROM_SNAPSHOT);
                    events.push((Event::VIR_DOMAIN_EVENT_STARTED, STARTED_FROM_SNAPSHOT));
                    if flags & REVERT_PAUSED != 0 {
                        s.domains[i].set_state(PAUSED, PAUSED_FROM_SNAPSHOT);
                        events.push((Event::VIR_DOMAIN_EVENT_SUSPENDED, SUSPENDED_FROM_SNAPSHOT));
                    }
                }
            }
            let ident = s.domains[i].ident();
            for (e, detail) in events {
                s.event(ident.clone(), e, detail);
            }
            let (_, snaps) = s.snaps(&snap.dom)?;
            snaps.current = Some(def.name);
            Ok(())
        })
    }
}
