//! libvirt-nodedev.h: host devices.
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

/// Longest list of node device names (`REMOTE_NODE_DEVICE_LIST_MAX`).
pub const REMOTE_NODE_DEVICE_LIST_MAX: usize = 65536;
/// Longest list of a device's capabilities (`REMOTE_NODE_DEVICE_CAPS_LIST_MAX`).
pub const REMOTE_NODE_DEVICE_CAPS_LIST_MAX: usize = 65536;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait NodeDevices;

    111 NODE_NUM_OF_DEVICES NodeNumOfDevices ro low "virNodeNumOfDevices" {
        fn node_num_of_devices(cap: Option<String>, flags: u32) -> num: i32
    }
    112 NODE_LIST_DEVICES NodeListDevices ro low "virNodeListDevices" {
        custom { cap: Option<String>, maxnames: i32, flags: u32 } -> { names: Array<String, REMOTE_NODE_DEVICE_LIST_MAX> }
            fn node_list_devices(cap: Option<&str>, maxnames: i32, flags: u32) -> Vec<String>
    }
    113 NODE_DEVICE_LOOKUP_BY_NAME NodeDeviceLookupByName ro low "virNodeDeviceLookupByName" {
        fn node_device_lookup_by_name(name: String) -> dev: NodeDeviceId
    }
    114 NODE_DEVICE_GET_XML_DESC NodeDeviceGetXmlDesc ro low "virNodeDeviceGetXMLDesc" {
        fn node_device_get_xml_desc(name: String, flags: u32) -> xml: String
    }
    115 NODE_DEVICE_GET_PARENT NodeDeviceGetParent ro low "virNodeDeviceGetParent" {
        custom { name: String } -> { parent: Option<String> }
            fn node_device_get_parent(name: &str) -> Option<String>
    }
    116 NODE_DEVICE_NUM_OF_CAPS NodeDeviceNumOfCaps ro low "virNodeDeviceNumOfCaps" {
        fn node_device_num_of_caps(name: String) -> num: i32
    }
    117 NODE_DEVICE_LIST_CAPS NodeDeviceListCaps ro low "virNodeDeviceListCaps" {
        custom { name: String, maxnames: i32 } -> { names: Array<String, REMOTE_NODE_DEVICE_CAPS_LIST_MAX> }
            fn node_device_list_caps(name: &str, maxnames: i32) -> Vec<String>
    }
    118 NODE_DEVICE_DETTACH NodeDeviceDettach rw low "virNodeDeviceDettach" {
        fn node_device_dettach(name: String) -> ()
    }
    119 NODE_DEVICE_RE_ATTACH NodeDeviceReAttach rw low "virNodeDeviceReAttach" {
        fn node_device_re_attach(name: String) -> ()
    }
    120 NODE_DEVICE_RESET NodeDeviceReset rw low "virNodeDeviceReset" {
        fn node_device_reset(name: String) -> ()
    }
    123 NODE_DEVICE_CREATE_XML NodeDeviceCreateXml rw low "virNodeDeviceCreateXML" {
        fn node_device_create_xml(xml_desc: String, flags: u32) -> dev: NodeDeviceId
    }
    124 NODE_DEVICE_DESTROY NodeDeviceDestroy rw low "virNodeDeviceDestroy" {
        fn node_device_destroy(name: String) -> ()
    }
    285 CONNECT_LIST_ALL_NODE_DEVICES ConnectListAllNodeDevices ro low "virConnectListAllNodeDevices" {
        custom { need_results: i32, flags: u32 } -> { devices: Array<NodeDeviceId, REMOTE_NODE_DEVICE_LIST_MAX>, ret: u32 }
            fn connect_list_all_node_devices(flags: u32) -> Vec<NodeDeviceId>
    }
    297 NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN NodeDeviceLookupScsiHostByWwn ro low "virNodeDeviceLookupSCSIHostByWWN" {
        fn node_device_lookup_scsi_host_by_wwn(wwnn: String, wwpn: String, flags: u32) -> dev: NodeDeviceId
    }
    301 NODE_DEVICE_DETACH_FLAGS NodeDeviceDetachFlags rw low "virNodeDeviceDetachFlags" {
        fn node_device_detach_flags(name: String, driver_name: Option<String>, flags: u32) -> ()
    }
    374 CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY ConnectNodeDeviceEventRegisterAny ro low "virConnectNodeDeviceEventRegisterAny" {
        daemon ConnectNodeDeviceEventRegisterAnyArgs => ConnectNodeDeviceEventRegisterAnyRet
    }
    375 CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY ConnectNodeDeviceEventDeregisterAny ro low "virConnectNodeDeviceEventDeregisterAny" {
        daemon ConnectNodeDeviceEventDeregisterAnyArgs => ()
    }
    376 NODE_DEVICE_EVENT_LIFECYCLE NodeDeviceEventLifecycle msg low "" {
        daemon NodeDeviceEventLifecycleMsg => ()
    }
    377 NODE_DEVICE_EVENT_UPDATE NodeDeviceEventUpdate msg low "" {
        daemon NodeDeviceEventUpdateMsg => ()
    }
    428 NODE_DEVICE_DEFINE_XML NodeDeviceDefineXml rw low "virNodeDeviceDefineXML" {
        fn node_device_define_xml(xml_desc: String, flags: u32) -> dev: NodeDeviceId
    }
    429 NODE_DEVICE_UNDEFINE NodeDeviceUndefine rw low "virNodeDeviceUndefine" {
        fn node_device_undefine(name: String, flags: u32) -> ()
    }
    430 NODE_DEVICE_CREATE NodeDeviceCreate rw low "virNodeDeviceCreate" {
        fn node_device_create(name: String, flags: u32) -> ()
    }
    433 NODE_DEVICE_GET_AUTOSTART NodeDeviceGetAutostart rw low "virNodeDeviceGetAutostart" {
        fn node_device_get_autostart(name: String) -> autostart: IntBool
    }
    434 NODE_DEVICE_SET_AUTOSTART NodeDeviceSetAutostart rw low "virNodeDeviceSetAutostart" {
        fn node_device_set_autostart(name: String, autostart: IntBool) -> ()
    }
    435 NODE_DEVICE_IS_PERSISTENT NodeDeviceIsPersistent ro low "virNodeDeviceIsPersistent" {
        fn node_device_is_persistent(name: String) -> persistent: IntBool
    }
    436 NODE_DEVICE_IS_ACTIVE NodeDeviceIsActive ro low "virNodeDeviceIsActive" {
        fn node_device_is_active(name: String) -> active: IntBool
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::NodeDeviceId;
    use crate::error::Result;

    pub fn node_list_devices(c: &RemoteConnection, cap: Option<&str>, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        let args = NodeListDevicesArgs { cap: cap.map(str::to_string), maxnames, flags };
        let mut names = c.call::<NodeListDevices>(&args)?.names.0;
        names.truncate(maxnames.max(0) as usize);
        Ok(names)
    }

    /// libvirtd answers a device without a parent with no name and no error.
    pub fn node_device_get_parent(c: &RemoteConnection, name: &str) -> Result<Option<String>> {
        Ok(c.call::<NodeDeviceGetParent>(&NodeDeviceGetParentArgs { name: name.to_string() })?.parent)
    }

    pub fn node_device_list_caps(c: &RemoteConnection, name: &str, maxnames: i32) -> Result<Vec<String>> {
        let args = NodeDeviceListCapsArgs { name: name.to_string(), maxnames };
        let mut names = c.call::<NodeDeviceListCaps>(&args)?.names.0;
        names.truncate(maxnames.max(0) as usize);
        Ok(names)
    }

    pub fn connect_list_all_node_devices(c: &RemoteConnection, flags: u32) -> Result<Vec<NodeDeviceId>> {
        let args = ConnectListAllNodeDevicesArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllNodeDevices>(&args)?.devices.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver, and its answers shaped by the caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::{NodeDevices, REMOTE_NODE_DEVICE_CAPS_LIST_MAX, REMOTE_NODE_DEVICE_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    pub fn node_list_devices(d: &dyn NodeDevices, a: NodeListDevicesArgs, _: bool) -> Result<NodeListDevicesRet> {
        check_max(a.maxnames, "maxnames", REMOTE_NODE_DEVICE_LIST_MAX, "REMOTE_NODE_DEVICE_LIST_MAX")?;
        Ok(NodeListDevicesRet { names: bounded(d.node_list_devices(a.cap.as_deref(), a.maxnames, a.flags)?)? })
    }

    /// libvirtd looks the device up, then sends whatever parent the library gives,
    /// NULL included, without an error.
    pub fn node_device_get_parent(d: &dyn NodeDevices, a: NodeDeviceGetParentArgs, _: bool) -> Result<NodeDeviceGetParentRet> {
        d.node_device_lookup_by_name(&a.name)?;
        Ok(NodeDeviceGetParentRet { parent: d.node_device_get_parent(&a.name).ok().flatten() })
    }

    pub fn node_device_list_caps(d: &dyn NodeDevices, a: NodeDeviceListCapsArgs, _: bool) -> Result<NodeDeviceListCapsRet> {
        check_max(a.maxnames, "maxnames", REMOTE_NODE_DEVICE_CAPS_LIST_MAX, "REMOTE_NODE_DEVICE_CAPS_LIST_MAX")?;
        Ok(NodeDeviceListCapsRet { names: bounded(d.node_device_list_caps(&a.name, a.maxnames)?)? })
    }

    pub fn connect_list_all_node_devices(
        d: &dyn NodeDevices,
        a: ConnectListAllNodeDevicesArgs,
        _: bool,
    ) -> Result<ConnectListAllNodeDevicesRet> {
        let (devices, ret) = list_all(d.connect_list_all_node_devices(a.flags)?, a.need_results)?;
        Ok(ConnectListAllNodeDevicesRet { devices, ret: ret as u32 })
    }
}
