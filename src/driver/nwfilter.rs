//! libvirt-nwfilter.h: network filters and their bindings.
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
    trait NwFilters;

    175 NWFILTER_LOOKUP_BY_NAME NwfilterLookupByName ro low "virNWFilterLookupByName" {}
    176 NWFILTER_LOOKUP_BY_UUID NwfilterLookupByUuid ro low "virNWFilterLookupByUUID" {}
    177 NWFILTER_GET_XML_DESC NwfilterGetXmlDesc ro low "virNWFilterGetXMLDesc" {}
    178 CONNECT_NUM_OF_NWFILTERS ConnectNumOfNwfilters ro low "virConnectNumOfNWFilters" {}
    179 CONNECT_LIST_NWFILTERS ConnectListNwfilters ro low "virConnectListNWFilters" {}
    180 NWFILTER_DEFINE_XML NwfilterDefineXml rw low "virNWFilterDefineXML" {}
    181 NWFILTER_UNDEFINE NwfilterUndefine rw low "virNWFilterUndefine" {}
    286 CONNECT_LIST_ALL_NWFILTERS ConnectListAllNwfilters ro low "virConnectListAllNWFilters" {}
    397 NWFILTER_BINDING_LOOKUP_BY_PORT_DEV NwfilterBindingLookupByPortDev ro low "virNWFilterBindingLookupByPortDev" {}
    398 NWFILTER_BINDING_GET_XML_DESC NwfilterBindingGetXmlDesc ro low "virNWFilterBindingGetXMLDesc" {}
    399 NWFILTER_BINDING_CREATE_XML NwfilterBindingCreateXml rw low "virNWFilterBindingCreateXML" {}
    400 NWFILTER_BINDING_DELETE NwfilterBindingDelete rw low "virNWFilterBindingDelete" {}
    401 CONNECT_LIST_ALL_NWFILTER_BINDINGS ConnectListAllNwfilterBindings ro low "virConnectListAllNWFilterBindings" {}
    431 NWFILTER_DEFINE_XML_FLAGS NwfilterDefineXmlFlags rw low "virNWFilterDefineXMLFlags" {}
}
