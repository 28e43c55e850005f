//! libvirt-nwfilter.h: network filters and their bindings.
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); no driver of ours serves filters yet,
//! so their slots answer "not supported", as libvirt's test driver does.

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// `REMOTE_NWFILTER_LIST_MAX`: most filters (or names) one reply carries.
pub const REMOTE_NWFILTER_LIST_MAX: usize = 16384;
/// `REMOTE_NWFILTER_BINDING_LIST_MAX`
pub const REMOTE_NWFILTER_BINDING_LIST_MAX: usize = 16384;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait NwFilters;

    175 NWFILTER_LOOKUP_BY_NAME NwfilterLookupByName ro low "virNWFilterLookupByName" {
        fn nwfilter_lookup_by_name(name: String) -> nwfilter: NwFilterId
    }
    176 NWFILTER_LOOKUP_BY_UUID NwfilterLookupByUuid ro low "virNWFilterLookupByUUID" {
        fn nwfilter_lookup_by_uuid(uuid: [u8; 16]) -> nwfilter: NwFilterId
    }
    177 NWFILTER_GET_XML_DESC NwfilterGetXmlDesc ro low "virNWFilterGetXMLDesc" {
        fn nwfilter_get_xml_desc(nwfilter: NwFilterId, flags: u32) -> xml: String
    }
    178 CONNECT_NUM_OF_NWFILTERS ConnectNumOfNwfilters ro low "virConnectNumOfNWFilters" {
        fn connect_num_of_nwfilters() -> num: i32
    }
    179 CONNECT_LIST_NWFILTERS ConnectListNwfilters ro low "virConnectListNWFilters" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_NWFILTER_LIST_MAX> }
            fn connect_list_nwfilters() -> Vec<String>
    }
    180 NWFILTER_DEFINE_XML NwfilterDefineXml rw low "virNWFilterDefineXML" {
        fn nwfilter_define_xml(xml: String) -> nwfilter: NwFilterId
    }
    181 NWFILTER_UNDEFINE NwfilterUndefine rw low "virNWFilterUndefine" {
        fn nwfilter_undefine(nwfilter: NwFilterId) -> ()
    }
    286 CONNECT_LIST_ALL_NWFILTERS ConnectListAllNwfilters ro low "virConnectListAllNWFilters" {
        custom { need_results: i32, flags: u32 } -> { filters: Array<NwFilterId, REMOTE_NWFILTER_LIST_MAX>, ret: u32 }
            fn connect_list_all_nwfilters(flags: u32) -> Vec<NwFilterId>
    }
    397 NWFILTER_BINDING_LOOKUP_BY_PORT_DEV NwfilterBindingLookupByPortDev ro low "virNWFilterBindingLookupByPortDev" {
        fn nwfilter_binding_lookup_by_port_dev(name: String) -> nwfilter: NwFilterBindingId
    }
    398 NWFILTER_BINDING_GET_XML_DESC NwfilterBindingGetXmlDesc ro low "virNWFilterBindingGetXMLDesc" {
        fn nwfilter_binding_get_xml_desc(nwfilter: NwFilterBindingId, flags: u32) -> xml: String
    }
    399 NWFILTER_BINDING_CREATE_XML NwfilterBindingCreateXml rw low "virNWFilterBindingCreateXML" {
        fn nwfilter_binding_create_xml(xml: String, flags: u32) -> nwfilter: NwFilterBindingId
    }
    400 NWFILTER_BINDING_DELETE NwfilterBindingDelete rw low "virNWFilterBindingDelete" {
        fn nwfilter_binding_delete(nwfilter: NwFilterBindingId) -> ()
    }
    401 CONNECT_LIST_ALL_NWFILTER_BINDINGS ConnectListAllNwfilterBindings ro low "virConnectListAllNWFilterBindings" {
        custom { need_results: i32, flags: u32 } -> { bindings: Array<NwFilterBindingId, REMOTE_NWFILTER_BINDING_LIST_MAX>, ret: u32 }
            fn connect_list_all_nwfilter_bindings(flags: u32) -> Vec<NwFilterBindingId>
    }
    431 NWFILTER_DEFINE_XML_FLAGS NwfilterDefineXmlFlags rw low "virNWFilterDefineXMLFlags" {
        fn nwfilter_define_xml_flags(xml: String, flags: u32) -> nwfilter: NwFilterId
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use super::REMOTE_NWFILTER_LIST_MAX;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::{NwFilterBindingId, NwFilterId};
    use crate::error::Result;

    /// One call, asking for as many names as the protocol carries.
    pub fn connect_list_nwfilters(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListNwfiltersArgs { maxnames: REMOTE_NWFILTER_LIST_MAX as i32 };
        Ok(c.call::<ConnectListNwfilters>(&args)?.names.0)
    }

    pub fn connect_list_all_nwfilters(c: &RemoteConnection, flags: u32) -> Result<Vec<NwFilterId>> {
        let args = ConnectListAllNwfiltersArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllNwfilters>(&args)?.filters.0)
    }

    pub fn connect_list_all_nwfilter_bindings(c: &RemoteConnection, flags: u32) -> Result<Vec<NwFilterBindingId>> {
        let args = ConnectListAllNwfilterBindingsArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllNwfilterBindings>(&args)?.bindings.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver.
mod serve_custom {
    use super::wire::*;
    use super::{NwFilters, REMOTE_NWFILTER_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    pub fn connect_list_nwfilters(d: &dyn NwFilters, a: ConnectListNwfiltersArgs, _: bool) -> Result<ConnectListNwfiltersRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_NWFILTER_LIST_MAX, "REMOTE_NWFILTER_LIST_MAX")?;
        let mut names = d.connect_list_nwfilters()?;
        names.truncate(max);
        Ok(ConnectListNwfiltersRet { names: bounded(names)? })
    }

    /// The filters when the client asked for them, and their count either way.
    pub fn connect_list_all_nwfilters(
        d: &dyn NwFilters,
        a: ConnectListAllNwfiltersArgs,
        _: bool,
    ) -> Result<ConnectListAllNwfiltersRet> {
        let (filters, ret) = list_all(d.connect_list_all_nwfilters(a.flags)?, a.need_results)?;
        Ok(ConnectListAllNwfiltersRet { filters, ret: ret as u32 })
    }

    pub fn connect_list_all_nwfilter_bindings(
        d: &dyn NwFilters,
        a: ConnectListAllNwfilterBindingsArgs,
        _: bool,
    ) -> Result<ConnectListAllNwfilterBindingsRet> {
        let (bindings, ret) = list_all(d.connect_list_all_nwfilter_bindings(a.flags)?, a.need_results)?;
        Ok(ConnectListAllNwfilterBindingsRet { bindings, ret: ret as u32 })
    }
}
