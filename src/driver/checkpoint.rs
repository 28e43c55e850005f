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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainCheckpoints;

    411 DOMAIN_CHECKPOINT_CREATE_XML DomainCheckpointCreateXml rw low "virDomainCheckpointCreateXML" {}
    412 DOMAIN_CHECKPOINT_GET_XML_DESC DomainCheckpointGetXmlDesc ro low "virDomainCheckpointGetXMLDesc" {}
    413 DOMAIN_LIST_ALL_CHECKPOINTS DomainListAllCheckpoints ro low "virDomainListAllCheckpoints" {}
    414 DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN DomainCheckpointListAllChildren ro low "virDomainCheckpointListAllChildren" {}
    415 DOMAIN_CHECKPOINT_LOOKUP_BY_NAME DomainCheckpointLookupByName ro low "virDomainCheckpointLookupByName" {}
    416 DOMAIN_CHECKPOINT_GET_PARENT DomainCheckpointGetParent ro low "virDomainCheckpointGetParent" {}
    417 DOMAIN_CHECKPOINT_DELETE DomainCheckpointDelete rw low "virDomainCheckpointDelete" {}
}
