//! libvirt-domain-snapshot.h: domain snapshots.
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

/// Longest list of snapshots or snapshot names (`REMOTE_DOMAIN_SNAPSHOT_LIST_MAX`).
pub const REMOTE_DOMAIN_SNAPSHOT_LIST_MAX: usize = 16384;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainSnapshots;

    185 DOMAIN_SNAPSHOT_CREATE_XML DomainSnapshotCreateXml rw low "virDomainSnapshotCreateXML" {
        fn domain_snapshot_create_xml(dom: DomainId, xml_desc: String, flags: u32) -> snap: SnapshotId
    }
    186 DOMAIN_SNAPSHOT_GET_XML_DESC DomainSnapshotGetXmlDesc ro low "virDomainSnapshotGetXMLDesc" {
        fn domain_snapshot_get_xml_desc(snap: SnapshotId, flags: u32) -> xml: String
    }
    187 DOMAIN_SNAPSHOT_NUM DomainSnapshotNum ro low "virDomainSnapshotNum" {
        fn domain_snapshot_num(dom: DomainId, flags: u32) -> num: i32
    }
    188 DOMAIN_SNAPSHOT_LIST_NAMES DomainSnapshotListNames ro low "virDomainSnapshotListNames" {
        custom { dom: DomainId, maxnames: i32, flags: u32 } -> { names: Array<String, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX> }
            fn domain_snapshot_list_names(dom: &DomainId, maxnames: i32, flags: u32) -> Vec<String>
    }
    189 DOMAIN_SNAPSHOT_LOOKUP_BY_NAME DomainSnapshotLookupByName ro low "virDomainSnapshotLookupByName" {
        fn domain_snapshot_lookup_by_name(dom: DomainId, name: String, flags: u32) -> snap: SnapshotId
    }
    190 DOMAIN_HAS_CURRENT_SNAPSHOT DomainHasCurrentSnapshot ro low "virDomainHasCurrentSnapshot" {
        fn domain_has_current_snapshot(dom: DomainId, flags: u32) -> result: IntBool
    }
    191 DOMAIN_SNAPSHOT_CURRENT DomainSnapshotCurrent ro low "virDomainSnapshotCurrent" {
        fn domain_snapshot_current(dom: DomainId, flags: u32) -> snap: SnapshotId
    }
    192 DOMAIN_REVERT_TO_SNAPSHOT DomainRevertToSnapshot rw low "virDomainRevertToSnapshot" {
        fn domain_revert_to_snapshot(snap: SnapshotId, flags: u32) -> ()
    }
    193 DOMAIN_SNAPSHOT_DELETE DomainSnapshotDelete rw low "virDomainSnapshotDelete" {
        fn domain_snapshot_delete(snap: SnapshotId, flags: u32) -> ()
    }
    244 DOMAIN_SNAPSHOT_GET_PARENT DomainSnapshotGetParent ro low "virDomainSnapshotGetParent" {
        fn domain_snapshot_get_parent(snap: SnapshotId, flags: u32) -> snap: SnapshotId
    }
    246 DOMAIN_SNAPSHOT_NUM_CHILDREN DomainSnapshotNumChildren ro low "virDomainSnapshotNumChildren" {
        fn domain_snapshot_num_children(snap: SnapshotId, flags: u32) -> num: i32
    }
    247 DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES DomainSnapshotListChildrenNames ro low "virDomainSnapshotListChildrenNames" {
        custom { snap: SnapshotId, maxnames: i32, flags: u32 } -> { names: Array<String, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX> }
            fn domain_snapshot_list_children_names(snap: &SnapshotId, maxnames: i32, flags: u32) -> Vec<String>
    }
    271 DOMAIN_SNAPSHOT_IS_CURRENT DomainSnapshotIsCurrent ro low "virDomainSnapshotIsCurrent" {
        fn domain_snapshot_is_current(snap: SnapshotId, flags: u32) -> current: IntBool
    }
    272 DOMAIN_SNAPSHOT_HAS_METADATA DomainSnapshotHasMetadata ro low "virDomainSnapshotHasMetadata" {
        fn domain_snapshot_has_metadata(snap: SnapshotId, flags: u32) -> metadata: IntBool
    }
    274 DOMAIN_LIST_ALL_SNAPSHOTS DomainListAllSnapshots ro low "virDomainListAllSnapshots" {
        custom { dom: DomainId, need_results: i32, flags: u32 } -> { snapshots: Array<SnapshotId, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX>, ret: i32 }
            fn domain_list_all_snapshots(dom: &DomainId, flags: u32) -> Vec<SnapshotId>
    }
    275 DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN DomainSnapshotListAllChildren ro low "virDomainSnapshotListAllChildren" {
        custom { snapshot: SnapshotId, need_results: i32, flags: u32 } -> { snapshots: Array<SnapshotId, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX>, ret: i32 }
            fn domain_snapshot_list_all_children(snap: &SnapshotId, flags: u32) -> Vec<SnapshotId>
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use super::REMOTE_DOMAIN_SNAPSHOT_LIST_MAX;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::{DomainId, SnapshotId};
    use crate::error::{Code, Domain, Error, Result};

    fn too_many() -> Error {
        Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "too many remote domain snapshots")
    }

    /// libvirt's client refuses `maxnames` beyond the protocol's limit before sending.
    fn check_maxnames(maxnames: i32) -> Result<()> {
        if maxnames as i64 > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX as i64 {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_RPC,
                format!("too many remote domain snapshot names: {maxnames} > {REMOTE_DOMAIN_SNAPSHOT_LIST_MAX}"),
            ));
        }
        Ok(())
    }

    pub fn domain_snapshot_list_names(c: &RemoteConnection, dom: &DomainId, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_maxnames(maxnames)?;
        let args = DomainSnapshotListNamesArgs { dom: dom.clone(), maxnames, flags };
        let names = c.call::<DomainSnapshotListNames>(&args)?.names.0;
        if names.len() > maxnames.max(0) as usize {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "remote driver returned too many names"));
        }
        Ok(names)
    }

    pub fn domain_snapshot_list_children_names(
        c: &RemoteConnection,
        snap: &SnapshotId,
        maxnames: i32,
        flags: u32,
    ) -> Result<Vec<String>> {
        check_maxnames(maxnames)?;
        let args = DomainSnapshotListChildrenNamesArgs { snap: snap.clone(), maxnames, flags };
        let names = c.call::<DomainSnapshotListChildrenNames>(&args)?.names.0;
        if names.len() > maxnames.max(0) as usize {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "remote driver returned too many names"));
        }
        Ok(names)
    }

    pub fn domain_list_all_snapshots(c: &RemoteConnection, dom: &DomainId, flags: u32) -> Result<Vec<SnapshotId>> {
        let args = DomainListAllSnapshotsArgs { dom: dom.clone(), need_results: 1, flags };
        let r = c.call::<DomainListAllSnapshots>(&args)?;
        if r.snapshots.0.len() > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX {
            return Err(too_many());
        }
        Ok(r.snapshots.0)
    }

    pub fn domain_snapshot_list_all_children(c: &RemoteConnection, snap: &SnapshotId, flags: u32) -> Result<Vec<SnapshotId>> {
        let args = DomainSnapshotListAllChildrenArgs { snapshot: snap.clone(), need_results: 1, flags };
        let r = c.call::<DomainSnapshotListAllChildren>(&args)?;
        if r.snapshots.0.len() > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX {
            return Err(too_many());
        }
        Ok(r.snapshots.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver, and lists shaped by the caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::{DomainSnapshots, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX};
    use crate::driver::SnapshotId;
    use crate::error::Result;
    use crate::rpc::declare::{check_max, over_limit};
    use crate::rpc::xdr::Array;

    fn bounded<T>(v: Vec<T>) -> Result<Array<T, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX>> {
        if v.len() > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX {
            return Err(over_limit("too many domain snapshots"));
        }
        Ok(Array(v))
    }

    pub fn domain_snapshot_list_names(
        d: &dyn DomainSnapshots,
        a: DomainSnapshotListNamesArgs,
        _: bool,
    ) -> Result<DomainSnapshotListNamesRet> {
        check_max(a.maxnames, "maxnames", REMOTE_DOMAIN_SNAPSHOT_LIST_MAX, "REMOTE_DOMAIN_SNAPSHOT_LIST_MAX")?;
        let names = d.domain_snapshot_list_names(&a.dom, a.maxnames, a.flags)?;
        Ok(DomainSnapshotListNamesRet { names: bounded(names)? })
    }

    pub fn domain_snapshot_list_children_names(
        d: &dyn DomainSnapshots,
        a: DomainSnapshotListChildrenNamesArgs,
        _: bool,
    ) -> Result<DomainSnapshotListChildrenNamesRet> {
        check_max(a.maxnames, "maxnames", REMOTE_DOMAIN_SNAPSHOT_LIST_MAX, "REMOTE_DOMAIN_SNAPSHOT_LIST_MAX")?;
        let names = d.domain_snapshot_list_children_names(&a.snap, a.maxnames, a.flags)?;
        Ok(DomainSnapshotListChildrenNamesRet { names: bounded(names)? })
    }

    fn list_ret(all: Vec<SnapshotId>, need_results: bool) -> Result<(Array<SnapshotId, REMOTE_DOMAIN_SNAPSHOT_LIST_MAX>, i32)> {
        let count = all.len() as i32;
        Ok((bounded(if need_results { all } else { Vec::new() })?, count))
    }

    pub fn domain_list_all_snapshots(
        d: &dyn DomainSnapshots,
        a: DomainListAllSnapshotsArgs,
        _: bool,
    ) -> Result<DomainListAllSnapshotsRet> {
        let (snapshots, ret) = list_ret(d.domain_list_all_snapshots(&a.dom, a.flags)?, a.need_results != 0)?;
        Ok(DomainListAllSnapshotsRet { snapshots, ret })
    }

    pub fn domain_snapshot_list_all_children(
        d: &dyn DomainSnapshots,
        a: DomainSnapshotListAllChildrenArgs,
        _: bool,
    ) -> Result<DomainSnapshotListAllChildrenRet> {
        let (snapshots, ret) = list_ret(d.domain_snapshot_list_all_children(&a.snapshot, a.flags)?, a.need_results != 0)?;
        Ok(DomainSnapshotListAllChildrenRet { snapshots, ret })
    }
}
