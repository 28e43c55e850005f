//! The test driver's domain checkpoints: per-domain trees of checkpoint definitions with
//! the last one created as the parent of the next, as libvirt's test driver keeps them.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::driver::moment;
use super::state::State;
use super::{check_flags, TestConnection, FROM};
use crate::conf::checkpoint::CheckpointDef;
use crate::driver::{CheckpointId, DomainCheckpoints, DomainId};
use crate::error::{Code, Error, Result};

// virDomainCheckpointCreateFlags
const CREATE_REDEFINE: u32 = 1;
const CREATE_QUIESCE: u32 = 2;

// virDomainCheckpointListFlags
const LIST_ROOTS: u32 = 1;
const LIST_DESCENDANTS: u32 = 1;
const LIST_TOPOLOGICAL: u32 = 2;
const LIST_LEAVES: u32 = 4;
const LIST_NO_LEAVES: u32 = 8;

// virDomainCheckpointXMLFlags, virDomainCheckpointDeleteFlags
const XML_SECURE: u32 = 1;
const XML_NO_DOMAIN: u32 = 2;
const XML_SIZE: u32 = 4;
const DELETE_CHILDREN: u32 = 1;
const DELETE_METADATA_ONLY: u32 = 2;
const DELETE_CHILDREN_ONLY: u32 = 4;

/// One domain's checkpoints, in the order libvirt links them, and the current one's name.
#[derive(Default)]
pub struct DomainCheckpointList {
    list: Vec<CheckpointDef>,
    current: Option<String>,
}

/// Every domain's checkpoints, by domain UUID.
#[derive(Default)]
pub struct Checkpoints {
    by_domain: HashMap<[u8; 16], DomainCheckpointList>,
}

fn no_checkpoint(name: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_DOMAIN_CHECKPOINT, format!("no domain checkpoint with matching name '{name}'"))
}

impl DomainCheckpointList {
    fn find(&self, name: &str) -> Result<usize> {
        self.list.iter().position(|s| s.name == name).ok_or_else(|| no_checkpoint(name))
    }

    fn children(&self, parent: Option<&str>) -> Vec<usize> {
        moment::children(&self.list, parent)
    }

    fn descendants(&self, name: &str) -> Vec<usize> {
        moment::descendants(&self.list, name)
    }

    /// The checkpoints a list call with `flags` selects below `from` (the whole domain for
    /// None), parents before children.
    fn select(&self, from: Option<&str>, flags: u32) -> Vec<usize> {
        let candidates = match from {
            None if flags & LIST_ROOTS != 0 => self.children(None),
            None => {
                let mut all = Vec::new();
                for r in self.children(None) {
                    all.push(r);
                    all.extend(self.descendants(&self.list[r].name));
                }
                all
            }
            Some(name) if flags & LIST_DESCENDANTS != 0 => self.descendants(name),
            Some(name) => self.children(Some(name)),
        };
        candidates
            .into_iter()
            .filter(|&i| {
                let leaf = !moment::has_children(&self.list, &self.list[i].name);
                !(flags & LIST_LEAVES != 0 && !leaf || flags & LIST_NO_LEAVES != 0 && leaf)
            })
            .collect()
    }
}

fn now_secs() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl State {
    /// How many checkpoints the domain with `uuid` has.
    pub(super) fn checkpoint_count(&self, uuid: &[u8; 16]) -> usize {
        self.checkpoints.by_domain.get(uuid).map_or(0, |d| d.list.len())
    }

    /// The checkpoints of the domain `dom` names, with its index; checkpoints of domains no
    /// longer defined are dropped first.
    fn checkpoints_of(&mut self, dom: &DomainId) -> Result<(usize, &mut DomainCheckpointList)> {
        let i = self.find(dom)?;
        let domains = &self.domains;
        self.checkpoints.by_domain.retain(|uuid, _| domains.iter().any(|d| d.def.uuid.as_bytes() == uuid));
        Ok((i, self.checkpoints.by_domain.entry(dom.uuid).or_default()))
    }
}

fn cp_id(dom: &DomainId, name: &str) -> CheckpointId {
    CheckpointId { name: name.to_string(), dom: dom.clone() }
}

impl TestConnection {
    fn with_checkpoints<R>(&self, dom: &DomainId, f: impl FnOnce(&mut DomainCheckpointList) -> Result<R>) -> Result<R> {
        self.with(|s| {
            let (_, cps) = s.checkpoints_of(dom)?;
            f(cps)
        })
    }

    fn checkpoint_list(&self, dom: &DomainId, from: Option<&str>, flags: u32) -> Result<Vec<CheckpointId>> {
        self.with_checkpoints(dom, |cps| {
            if let Some(f) = from {
                cps.find(f)?;
            }
            Ok(cps.select(from, flags).into_iter().map(|i| cp_id(dom, &cps.list[i].name)).collect())
        })
    }
}

impl DomainCheckpoints for TestConnection {
    fn domain_checkpoint_create_xml(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<CheckpointId> {
        check_flags(flags, CREATE_REDEFINE | CREATE_QUIESCE, "testDomainCheckpointCreateXML")?;
        let redefine = flags & CREATE_REDEFINE != 0;
        self.with(|s| {
            let i = s.find(dom)?;
            if !s.domains[i].is_active() {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    "cannot create checkpoint for inactive domain",
                ));
            }
            if s.snapshot_count(&dom.uuid) > 0 {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_UNSUPPORTED,
                    "cannot create checkpoint while snapshot exists",
                ));
            }
            let mut def = CheckpointDef::parse(xml, redefine, now_secs())?;
            if !redefine {
                def.dom = Some(s.domains[i].def.clone());
                def.align_disks()?;
            }
            let (_, cps) = s.checkpoints_of(dom)?;
            let existing = cps.list.iter().position(|x| x.name == def.name);
            if let Some(p) = def.parent.as_deref().filter(|_| redefine) {
                moment::check_redefined_parent(&def.name, p, cps.find(p).is_ok())?;
            }
            match existing {
                Some(_) if !redefine => {
                    return Err(Error::new(
                        crate::error::Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_OPERATION_FAILED,
                        format!("domain moment {} already exists", def.name),
                    ));
                }
                Some(e) => {
                    // A redefinition is linked again, as the newest child of its parent.
                    cps.list.remove(e);
                    cps.list.push(def.clone());
                }
                None => {
                    if !redefine {
                        def.parent = cps.current.clone();
                    }
                    cps.list.push(def.clone());
                }
            }
            if !redefine {
                cps.current = Some(def.name.clone());
            }
            Ok(cp_id(dom, &def.name))
        })
    }

    fn domain_checkpoint_get_xml_desc(&self, checkpoint: &CheckpointId, flags: u32) -> Result<String> {
        check_flags(flags, XML_SECURE | XML_NO_DOMAIN | XML_SIZE, "testDomainCheckpointGetXMLDesc")?;
        self.with_checkpoints(&checkpoint.dom, |cps| {
            let i = cps.find(&checkpoint.name)?;
            Ok(cps.list[i].format(flags & XML_SECURE != 0, flags & XML_NO_DOMAIN != 0))
        })
    }

    fn domain_list_all_checkpoints(&self, dom: &DomainId, flags: u32) -> Result<Vec<CheckpointId>> {
        check_flags(flags, LIST_ROOTS | LIST_TOPOLOGICAL | LIST_LEAVES | LIST_NO_LEAVES, "testDomainListAllCheckpoints")?;
        self.checkpoint_list(dom, None, flags)
    }

    fn domain_checkpoint_list_all_children(&self, checkpoint: &CheckpointId, flags: u32) -> Result<Vec<CheckpointId>> {
        check_flags(
            flags,
            LIST_DESCENDANTS | LIST_TOPOLOGICAL | LIST_LEAVES | LIST_NO_LEAVES,
            "testDomainCheckpointListAllChildren",
        )?;
        self.checkpoint_list(&checkpoint.dom, Some(&checkpoint.name), flags)
    }

    fn domain_checkpoint_lookup_by_name(&self, dom: &DomainId, name: &str, flags: u32) -> Result<CheckpointId> {
        check_flags(flags, 0, "testDomainCheckpointLookupByName")?;
        self.with_checkpoints(dom, |cps| Ok(cp_id(dom, &cps.list[cps.find(name)?].name)))
    }

    fn domain_checkpoint_get_parent(&self, checkpoint: &CheckpointId, flags: u32) -> Result<CheckpointId> {
        check_flags(flags, 0, "testDomainCheckpointGetParent")?;
        self.with_checkpoints(&checkpoint.dom, |cps| {
            let i = cps.find(&checkpoint.name)?;
            match &cps.list[i].parent {
                Some(p) => Ok(cp_id(&checkpoint.dom, p)),
                None => Err(Error::new(
                    FROM,
                    Code::VIR_ERR_NO_DOMAIN_CHECKPOINT,
                    format!("checkpoint '{}' does not have a parent", checkpoint.name),
                )),
            }
        })
    }

    fn domain_checkpoint_delete(&self, checkpoint: &CheckpointId, flags: u32) -> Result<()> {
        check_flags(flags, DELETE_CHILDREN | DELETE_METADATA_ONLY | DELETE_CHILDREN_ONLY, "testDomainCheckpointDelete")?;
        let name = checkpoint.name.as_str();
        self.with_checkpoints(&checkpoint.dom, |cps| {
            let i = cps.find(name)?;
            let parent = cps.list[i].parent.clone();
            if flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY) != 0 {
                let gone: Vec<String> = cps.descendants(name).into_iter().map(|d| cps.list[d].name.clone()).collect();
                if cps.current.as_ref().is_some_and(|c| gone.contains(c)) {
                    cps.current = Some(name.to_string());
                }
                cps.list.retain(|s| !gone.contains(&s.name));
            } else {
                for s in cps.list.iter_mut().filter(|s| s.parent.as_deref() == Some(name)) {
                    s.parent = parent.clone();
                }
            }
            if flags & DELETE_CHILDREN_ONLY == 0 {
                if cps.current.as_deref() == Some(name) {
                    cps.current = parent;
                }
                cps.list.retain(|s| s.name != name);
            }
            Ok(())
        })
    }
}
