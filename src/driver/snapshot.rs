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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainSnapshots;

    185 DOMAIN_SNAPSHOT_CREATE_XML DomainSnapshotCreateXml rw low "virDomainSnapshotCreateXML" {}
    186 DOMAIN_SNAPSHOT_GET_XML_DESC DomainSnapshotGetXmlDesc ro low "virDomainSnapshotGetXMLDesc" {}
    187 DOMAIN_SNAPSHOT_NUM DomainSnapshotNum ro low "virDomainSnapshotNum" {}
    188 DOMAIN_SNAPSHOT_LIST_NAMES DomainSnapshotListNames ro low "virDomainSnapshotListNames" {}
    189 DOMAIN_SNAPSHOT_LOOKUP_BY_NAME DomainSnapshotLookupByName ro low "virDomainSnapshotLookupByName" {}
    190 DOMAIN_HAS_CURRENT_SNAPSHOT DomainHasCurrentSnapshot ro low "virDomainHasCurrentSnapshot" {}
    191 DOMAIN_SNAPSHOT_CURRENT DomainSnapshotCurrent ro low "virDomainSnapshotCurrent" {}
    192 DOMAIN_REVERT_TO_SNAPSHOT DomainRevertToSnapshot rw low "virDomainRevertToSnapshot" {}
    193 DOMAIN_SNAPSHOT_DELETE DomainSnapshotDelete rw low "virDomainSnapshotDelete" {}
    244 DOMAIN_SNAPSHOT_GET_PARENT DomainSnapshotGetParent ro low "virDomainSnapshotGetParent" {}
    246 DOMAIN_SNAPSHOT_NUM_CHILDREN DomainSnapshotNumChildren ro low "virDomainSnapshotNumChildren" {}
    247 DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES DomainSnapshotListChildrenNames ro low "virDomainSnapshotListChildrenNames" {}
    271 DOMAIN_SNAPSHOT_IS_CURRENT DomainSnapshotIsCurrent ro low "virDomainSnapshotIsCurrent" {}
    272 DOMAIN_SNAPSHOT_HAS_METADATA DomainSnapshotHasMetadata ro low "virDomainSnapshotHasMetadata" {}
    274 DOMAIN_LIST_ALL_SNAPSHOTS DomainListAllSnapshots ro low "virDomainListAllSnapshots" {}
    275 DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN DomainSnapshotListAllChildren ro low "virDomainSnapshotListAllChildren" {}
}
