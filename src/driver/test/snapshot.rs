//! The test driver's domain snapshots: per-domain trees of snapshot definitions with a
//! current snapshot, as libvirt's test driver keeps them (nothing is copied: creating a
//! snapshot records the domain's definition and state; reverting puts them back).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use super::state::State;
use super::{check_flags, TestConnection, FROM, PAUSED, RUNNING, SHUTOFF};
use crate::abi::domain::virDomainEventType as Event;
use crate::conf::snapshot::SnapshotDef;
use crate::conf::uuid::Uuid;
use crate::driver::{DomainId, DomainSnapshots, SnapshotId};
use crate::error::{Code, Domain, Error, Result};

use crate::driver::snapshot_list::*;

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

/// Every domain's snapshots, by domain UUID.
#[derive(Default)]
pub struct Snapshots {
    by_domain: HashMap<[u8; 16], SnapshotList>,
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
    fn snaps(&mut self, dom: &DomainId) -> Result<(usize, &mut SnapshotList)> {
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
    fn with_snaps<R>(&self, dom: &DomainId, f: impl FnOnce(&mut SnapshotList) -> Result<R>) -> Result<R> {
        self.with(|s| {
            let (_, snaps) = s.snaps(dom)?;
            f(snaps)
        })
    }

    fn names(&self, dom: &DomainId, from: Option<&str>, max: Option<i32>, flags: u32) -> Result<Vec<String>> {
        self.with_snaps(dom, |snaps| snaps.names(from, max, flags, FROM))
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
            let name = def.name.clone();
            snaps.insert(def, redefine, update_current)?;
            let id = snap_id(dom, &name);
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
            let i = snaps.find(&snap.name, FROM)?;
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
        self.with_snaps(dom, |snaps| Ok(snap_id(dom, &snaps.list[snaps.find(name, FROM)?].name)))
    }

    fn domain_has_current_snapshot(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainHasCurrentSnapshot")?;
        self.with_snaps(dom, |snaps| Ok(snaps.current.is_some()))
    }

    fn domain_snapshot_get_parent(&self, snap: &SnapshotId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "testDomainSnapshotGetParent")?;
        self.with_snaps(&snap.dom, |snaps| {
            snaps.parent(&snap.name, FROM).map(|p| snap_id(&snap.dom, &p))
        })
    }

    fn domain_snapshot_current(&self, dom: &DomainId, flags: u32) -> Result<SnapshotId> {
        check_flags(flags, 0, "testDomainSnapshotCurrent")?;
        self.with_snaps(dom, |snaps| snaps.current(FROM).map(|c| snap_id(dom, &c)))
    }

    fn domain_snapshot_is_current(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainSnapshotIsCurrent")?;
        self.with_snaps(&snap.dom, |snaps| {
            snaps.find(&snap.name, FROM)?;
            Ok(snaps.current.as_deref() == Some(snap.name.as_str()))
        })
    }

    fn domain_snapshot_has_metadata(&self, snap: &SnapshotId, flags: u32) -> Result<bool> {
        check_flags(flags, 0, "testDomainSnapshotHasMetadata")?;
        self.with_snaps(&snap.dom, |snaps| snaps.find(&snap.name, FROM).map(|_| true))
    }

    fn domain_snapshot_delete(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, DELETE_CHILDREN | DELETE_CHILDREN_ONLY, "testDomainSnapshotDelete")?;
        self.with_snaps(&snap.dom, |snaps| {
            snaps.find(&snap.name, FROM)?;
            snaps.remove(&snap.name, flags);
            Ok(())
        })
    }

    fn domain_revert_to_snapshot(&self, snap: &SnapshotId, flags: u32) -> Result<()> {
        check_flags(flags, REVERT_RUNNING | REVERT_PAUSED | REVERT_FORCE, "testDomainRevertToSnapshot")?;
        self.with(|s| {
            let (i, snaps) = s.snaps(&snap.dom)?;
            let def = snaps.list[snaps.find(&snap.name, FROM)?].clone();
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
