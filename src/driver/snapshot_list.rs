//! One domain's snapshots as libvirt's `virDomainSnapshotObjList` keeps them, for every
//! driver that has snapshots (the test driver in process, qemud's QEMU driver): the tree
//! (each snapshot names its parent), the current snapshot, the list filters and what a
//! create or a delete does to the tree. What a snapshot *is* on disk or in a guest is the
//! driver's business; this module only keeps the bookkeeping.

#![forbid(unsafe_code)]

use crate::conf::snapshot::{SnapshotDef, STATE_DISK_SNAPSHOT, STATE_SHUTOFF};
use crate::driver::moment;
use crate::error::{Code, Domain, Error, Result};

// virDomainSnapshotCreateFlags
pub const CREATE_REDEFINE: u32 = 1;
pub const CREATE_CURRENT: u32 = 2;
pub const CREATE_NO_METADATA: u32 = 4;
pub const CREATE_HALT: u32 = 8;
pub const CREATE_DISK_ONLY: u32 = 16;
pub const CREATE_REUSE_EXT: u32 = 32;
pub const CREATE_QUIESCE: u32 = 64;
pub const CREATE_ATOMIC: u32 = 128;
pub const CREATE_LIVE: u32 = 256;
pub const CREATE_VALIDATE: u32 = 512;

// virDomainSnapshotListFlags
pub const LIST_ROOTS: u32 = 1;
pub const LIST_DESCENDANTS: u32 = 1;
pub const LIST_METADATA: u32 = 2;
pub const LIST_LEAVES: u32 = 4;
pub const LIST_NO_LEAVES: u32 = 8;
pub const LIST_NO_METADATA: u32 = 16;
pub const LIST_INACTIVE: u32 = 32;
pub const LIST_ACTIVE: u32 = 64;
pub const LIST_DISK_ONLY: u32 = 128;
pub const LIST_INTERNAL: u32 = 256;
pub const LIST_EXTERNAL: u32 = 512;
pub const LIST_TOPOLOGICAL: u32 = 1024;
const FILTERS_STATUS: u32 = LIST_INACTIVE | LIST_ACTIVE | LIST_DISK_ONLY;
const FILTERS_LOCATION: u32 = LIST_INTERNAL | LIST_EXTERNAL;
/// Every filter flag a list call accepts besides ROOTS/DESCENDANTS and TOPOLOGICAL.
pub const FILTERS_ALL: u32 =
    LIST_METADATA | LIST_NO_METADATA | LIST_LEAVES | LIST_NO_LEAVES | FILTERS_STATUS | FILTERS_LOCATION;

// virDomainSnapshotRevertFlags, virDomainSnapshotDeleteFlags, virDomainSnapshotXMLFlags
pub const REVERT_RUNNING: u32 = 1;
pub const REVERT_PAUSED: u32 = 2;
pub const REVERT_FORCE: u32 = 4;
pub const DELETE_CHILDREN: u32 = 1;
pub const DELETE_METADATA_ONLY: u32 = 2;
pub const DELETE_CHILDREN_ONLY: u32 = 4;
pub const XML_SECURE: u32 = 1;

/// One domain's snapshots, in creation order, and the name of the current one.
#[derive(Default, Clone)]
pub struct SnapshotList {
    pub list: Vec<SnapshotDef>,
    pub current: Option<String>,
}

/// `no domain snapshot with matching name '...'`, in the error domain of the driver.
pub fn no_snapshot(from: Domain, name: &str) -> Error {
    Error::new(from, Code::VIR_ERR_NO_DOMAIN_SNAPSHOT, format!("no domain snapshot with matching name '{name}'"))
}

impl SnapshotList {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The index of snapshot `name`; errors in the driver's domain `from`.
    pub fn find(&self, name: &str, from: Domain) -> Result<usize> {
        self.list.iter().position(|s| s.name == name).ok_or_else(|| no_snapshot(from, name))
    }

    pub fn get(&self, name: &str, from: Domain) -> Result<&SnapshotDef> {
        self.find(name, from).map(|i| &self.list[i])
    }

    pub fn is_current(&self, name: &str) -> bool {
        self.current.as_deref() == Some(name)
    }

    /// Every descendant of `name`, depth first, each before its own children.
    pub fn descendants(&self, name: &str) -> Vec<usize> {
        moment::descendants(&self.list, name)
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
            None if flags & LIST_ROOTS != 0 => moment::children(&self.list, None),
            None => (0..self.list.len()).collect(),
            Some(name) if flags & LIST_DESCENDANTS != 0 => self.descendants(name),
            Some(name) => moment::children(&self.list, Some(name)),
        };
        candidates
            .into_iter()
            .filter(|&i| {
                let s = &self.list[i];
                let leaf = !moment::has_children(&self.list, &s.name);
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

    /// The names a list call selects (below snapshot `from`, which must exist), at most
    /// `max` of them when given.
    pub fn names(&self, from: Option<&str>, max: Option<i32>, flags: u32, err: Domain) -> Result<Vec<String>> {
        if let Some(f) = from {
            self.find(f, err)?;
        }
        let mut names: Vec<String> = self.select(from, flags).into_iter().map(|i| self.list[i].name.clone()).collect();
        if let Some(m) = max {
            names.truncate(m.max(0) as usize);
        }
        Ok(names)
    }

    /// The parent of `name`, with libvirt's error for a root.
    pub fn parent(&self, name: &str, err: Domain) -> Result<String> {
        match &self.get(name, err)?.parent {
            Some(p) => Ok(p.clone()),
            None => Err(Error::new(
                err,
                Code::VIR_ERR_NO_DOMAIN_SNAPSHOT,
                format!("snapshot '{name}' does not have a parent"),
            )),
        }
    }

    /// The current snapshot's name, with libvirt's error when there is none.
    pub fn current(&self, err: Domain) -> Result<String> {
        self.current
            .clone()
            .ok_or_else(|| Error::new(err, Code::VIR_ERR_NO_DOMAIN_SNAPSHOT, "the domain does not have a current snapshot"))
    }

    /// The checks `virDomainSnapshotAssignDef` makes before `def` joins the list: a new
    /// snapshot's name is free; a redefined one's parent exists and is not itself.
    pub fn check_insert(&self, def: &SnapshotDef, redefine: bool) -> Result<()> {
        let exists = self.list.iter().any(|x| x.name == def.name);
        if exists && !redefine {
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("domain moment {} already exists", def.name),
            ));
        }
        if let Some(p) = def.parent.as_deref().filter(|_| redefine) {
            moment::check_redefined_parent(&def.name, p, self.list.iter().any(|x| x.name == p))?;
        }
        Ok(())
    }

    /// Adds `def` (replacing a redefined one of the same name): a new snapshot becomes a
    /// child of the current one; `make_current` makes it the current snapshot. Returns
    /// the name of the snapshot that stopped being current, if any.
    pub fn insert(&mut self, mut def: SnapshotDef, redefine: bool, make_current: bool) -> Result<Option<String>> {
        self.check_insert(&def, redefine)?;
        let name = def.name.clone();
        match self.list.iter().position(|x| x.name == def.name) {
            Some(e) => self.list[e] = def,
            None => {
                if !redefine {
                    def.parent = self.current.clone();
                }
                self.list.push(def);
            }
        }
        if !make_current {
            return Ok(None);
        }
        let old = self.current.replace(name.clone());
        Ok(old.filter(|o| *o != name))
    }

    /// The snapshots a delete of `name` with `flags` (`virDomainSnapshotDeleteFlags`)
    /// discards, descendants first (each child before its parent), `name` last unless
    /// only its children go.
    pub fn doomed(&self, name: &str, flags: u32) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY) != 0 {
            out.extend(self.descendants(name).into_iter().rev().map(|i| self.list[i].name.clone()));
        }
        if flags & DELETE_CHILDREN_ONLY == 0 {
            out.push(name.to_string());
        }
        out
    }

    /// Removes what [`SnapshotList::doomed`] names from the tree: the children of a
    /// snapshot removed alone move to its parent, and a current snapshot that goes
    /// leaves its place to `name` (children only) or to `name`'s parent. Returns the
    /// names of the remaining snapshots whose definition changed (new parent, became or
    /// stopped being current), for a driver that stores them.
    pub fn remove(&mut self, name: &str, flags: u32) -> Vec<String> {
        let Some(i) = self.list.iter().position(|s| s.name == name) else { return Vec::new() };
        let parent = self.list[i].parent.clone();
        let mut changed = Vec::new();
        if flags & (DELETE_CHILDREN | DELETE_CHILDREN_ONLY) != 0 {
            let gone: Vec<String> = self.descendants(name).into_iter().map(|d| self.list[d].name.clone()).collect();
            if self.current.as_ref().is_some_and(|c| gone.contains(c)) {
                self.current = Some(name.to_string());
                changed.push(name.to_string());
            }
            self.list.retain(|s| !gone.contains(&s.name));
        } else {
            for s in self.list.iter_mut().filter(|s| s.parent.as_deref() == Some(name)) {
                s.parent = parent.clone();
                changed.push(s.name.clone());
            }
        }
        if flags & DELETE_CHILDREN_ONLY == 0 {
            if self.is_current(name) {
                self.current = parent.clone();
                changed.extend(parent);
            }
            self.list.retain(|s| s.name != name);
            changed.retain(|c| c != name);
        }
        changed.dedup();
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(name: &str) -> SnapshotDef {
        SnapshotDef::parse(&format!("<domainsnapshot><name>{name}</name></domainsnapshot>"), false, 1).unwrap()
    }

    /// a <- b <- c, a <- d; current d.
    fn tree() -> SnapshotList {
        let mut l = SnapshotList::default();
        for n in ["a", "b", "c"] {
            l.insert(snap(n), false, true).unwrap();
        }
        l.current = Some("a".into());
        l.insert(snap("d"), false, true).unwrap();
        l
    }

    #[test]
    fn new_snapshots_hang_below_the_current_one() {
        let l = tree();
        assert_eq!(l.parent("c", Domain::VIR_FROM_QEMU).unwrap(), "b");
        assert_eq!(l.parent("d", Domain::VIR_FROM_QEMU).unwrap(), "a");
        assert_eq!(l.parent("a", Domain::VIR_FROM_QEMU).unwrap_err().message, "Domain snapshot not found: snapshot 'a' does not have a parent");
        assert_eq!(l.names(Some("a"), None, 0, Domain::VIR_FROM_QEMU).unwrap(), ["d", "b"]);
        assert_eq!(l.names(None, None, LIST_LEAVES, Domain::VIR_FROM_QEMU).unwrap(), ["c", "d"]);
        let mut l2 = l.clone();
        assert_eq!(l2.insert(snap("a"), false, true).unwrap_err().message, "operation failed: domain moment a already exists");
    }

    #[test]
    fn deletes_reparent_or_take_the_subtree() {
        let mut l = tree();
        assert_eq!(l.doomed("a", DELETE_CHILDREN), ["c", "b", "d", "a"]);
        assert_eq!(l.doomed("a", DELETE_CHILDREN_ONLY), ["c", "b", "d"]);
        assert_eq!(l.doomed("b", 0), ["b"]);
        assert_eq!(l.remove("b", 0), ["c"]);
        assert_eq!(l.list.iter().find(|s| s.name == "c").unwrap().parent.as_deref(), Some("a"));
        assert_eq!(l.remove("a", DELETE_CHILDREN_ONLY), ["a"]);
        assert_eq!((l.len(), l.current.as_deref()), (1, Some("a")));
        assert!(l.remove("a", 0).is_empty());
        assert_eq!((l.len(), l.current.as_deref()), (0, None));
    }
}
