//! libvirt-domain-checkpoint.h: domain checkpoints.
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); `{}` rows are not served yet.

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// Longest list of checkpoints (`REMOTE_DOMAIN_CHECKPOINT_LIST_MAX`).
pub const REMOTE_DOMAIN_CHECKPOINT_LIST_MAX: usize = 16384;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainCheckpoints;

    411 DOMAIN_CHECKPOINT_CREATE_XML DomainCheckpointCreateXml rw low "virDomainCheckpointCreateXML" {
        fn domain_checkpoint_create_xml(dom: DomainId, xml_desc: String, flags: u32) -> checkpoint: CheckpointId
    }
    412 DOMAIN_CHECKPOINT_GET_XML_DESC DomainCheckpointGetXmlDesc ro low "virDomainCheckpointGetXMLDesc" {
        fn domain_checkpoint_get_xml_desc(checkpoint: CheckpointId, flags: u32) -> xml: String
    }
    413 DOMAIN_LIST_ALL_CHECKPOINTS DomainListAllCheckpoints ro low "virDomainListAllCheckpoints" {
        custom { dom: DomainId, need_results: i32, flags: u32 } -> { checkpoints: Array<CheckpointId, REMOTE_DOMAIN_CHECKPOINT_LIST_MAX>, ret: i32 }
            fn domain_list_all_checkpoints(dom: &DomainId, flags: u32) -> Vec<CheckpointId>
    }
    414 DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN DomainCheckpointListAllChildren ro low "virDomainCheckpointListAllChildren" {
        custom { checkpoint: CheckpointId, need_results: i32, flags: u32 } -> { checkpoints: Array<CheckpointId, REMOTE_DOMAIN_CHECKPOINT_LIST_MAX>, ret: i32 }
            fn domain_checkpoint_list_all_children(checkpoint: &CheckpointId, flags: u32) -> Vec<CheckpointId>
    }
    415 DOMAIN_CHECKPOINT_LOOKUP_BY_NAME DomainCheckpointLookupByName ro low "virDomainCheckpointLookupByName" {
        fn domain_checkpoint_lookup_by_name(dom: DomainId, name: String, flags: u32) -> checkpoint: CheckpointId
    }
    416 DOMAIN_CHECKPOINT_GET_PARENT DomainCheckpointGetParent ro low "virDomainCheckpointGetParent" {
        fn domain_checkpoint_get_parent(checkpoint: CheckpointId, flags: u32) -> parent: CheckpointId
    }
    417 DOMAIN_CHECKPOINT_DELETE DomainCheckpointDelete rw low "virDomainCheckpointDelete" {
        fn domain_checkpoint_delete(checkpoint: CheckpointId, flags: u32) -> ()
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use super::REMOTE_DOMAIN_CHECKPOINT_LIST_MAX;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::{CheckpointId, DomainId};
    use crate::error::{Code, Domain, Error, Result};

    fn too_many() -> Error {
        Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "too many remote domain checkpoints")
    }

    pub fn domain_list_all_checkpoints(c: &RemoteConnection, dom: &DomainId, flags: u32) -> Result<Vec<CheckpointId>> {
        let args = DomainListAllCheckpointsArgs { dom: dom.clone(), need_results: 1, flags };
        let r = c.call::<DomainListAllCheckpoints>(&args)?;
        if r.checkpoints.0.len() > REMOTE_DOMAIN_CHECKPOINT_LIST_MAX {
            return Err(too_many());
        }
        Ok(r.checkpoints.0)
    }

    pub fn domain_checkpoint_list_all_children(
        c: &RemoteConnection,
        checkpoint: &CheckpointId,
        flags: u32,
    ) -> Result<Vec<CheckpointId>> {
        let args = DomainCheckpointListAllChildrenArgs { checkpoint: checkpoint.clone(), need_results: 1, flags };
        let r = c.call::<DomainCheckpointListAllChildren>(&args)?;
        if r.checkpoints.0.len() > REMOTE_DOMAIN_CHECKPOINT_LIST_MAX {
            return Err(too_many());
        }
        Ok(r.checkpoints.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): lists shaped by the
/// caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::{DomainCheckpoints, REMOTE_DOMAIN_CHECKPOINT_LIST_MAX};
    use crate::driver::CheckpointId;
    use crate::error::Result;
    use crate::rpc::declare::over_limit;
    use crate::rpc::xdr::Array;

    fn list_ret(all: Vec<CheckpointId>, need_results: bool) -> Result<(Array<CheckpointId, REMOTE_DOMAIN_CHECKPOINT_LIST_MAX>, i32)> {
        if all.len() > REMOTE_DOMAIN_CHECKPOINT_LIST_MAX {
            return Err(over_limit("too many domain checkpoints"));
        }
        let count = all.len() as i32;
        Ok((Array(if need_results { all } else { Vec::new() }), count))
    }

    pub fn domain_list_all_checkpoints(
        d: &dyn DomainCheckpoints,
        a: DomainListAllCheckpointsArgs,
        _: bool,
    ) -> Result<DomainListAllCheckpointsRet> {
        let (checkpoints, ret) = list_ret(d.domain_list_all_checkpoints(&a.dom, a.flags)?, a.need_results != 0)?;
        Ok(DomainListAllCheckpointsRet { checkpoints, ret })
    }

    pub fn domain_checkpoint_list_all_children(
        d: &dyn DomainCheckpoints,
        a: DomainCheckpointListAllChildrenArgs,
        _: bool,
    ) -> Result<DomainCheckpointListAllChildrenRet> {
        let (checkpoints, ret) =
            list_ret(d.domain_checkpoint_list_all_children(&a.checkpoint, a.flags)?, a.need_results != 0)?;
        Ok(DomainCheckpointListAllChildrenRet { checkpoints, ret })
    }
}
