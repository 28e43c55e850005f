//! What snapshots and checkpoints share (libvirt's "domain moments"): a tree of named
//! moments linked by their parent's name, walked the same way for both, and the check a
//! redefined moment's parent passes.

use crate::conf::checkpoint::CheckpointDef;
use crate::conf::snapshot::SnapshotDef;
use crate::error::{Code, Domain, Error, Result};

/// A moment of a domain: its name and its parent's.
pub trait Moment {
    fn name(&self) -> &str;
    fn parent(&self) -> Option<&str>;
}

impl Moment for SnapshotDef {
    fn name(&self) -> &str {
        &self.name
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
}

impl Moment for CheckpointDef {
    fn name(&self) -> &str {
        &self.name
    }
    fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
}

/// The children of `parent` (the roots for None), newest first as libvirt links them.
pub fn children<T: Moment>(list: &[T], parent: Option<&str>) -> Vec<usize> {
    (0..list.len()).rev().filter(|&i| list[i].parent() == parent).collect()
}

/// Every descendant of `name`, depth first, each before its own children.
pub fn descendants<T: Moment>(list: &[T], name: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for c in children(list, Some(name)) {
        out.push(c);
        out.extend(descendants(list, list[c].name()));
    }
    out
}

/// True when some moment has `name` as its parent.
pub fn has_children<T: Moment>(list: &[T], name: &str) -> bool {
    list.iter().any(|m| m.parent() == Some(name))
}

/// A redefined moment names a parent that exists and is not itself, with libvirt's
/// errors (`virDomainMomentObjListAssignDef`'s, domain errors).
pub fn check_redefined_parent(name: &str, parent: &str, parent_exists: bool) -> Result<()> {
    if parent == name {
        return Err(Error::new(
            Domain::VIR_FROM_DOMAIN,
            Code::VIR_ERR_INVALID_ARG,
            format!("cannot set moment {parent} as its own parent"),
        ));
    }
    if !parent_exists {
        return Err(Error::new(
            Domain::VIR_FROM_DOMAIN,
            Code::VIR_ERR_INVALID_ARG,
            format!("parent {parent} for moment {name} not found"),
        ));
    }
    Ok(())
}
