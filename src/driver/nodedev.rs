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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait NodeDevices;

    111 NODE_NUM_OF_DEVICES NodeNumOfDevices ro low "virNodeNumOfDevices" {}
    112 NODE_LIST_DEVICES NodeListDevices ro low "virNodeListDevices" {}
    113 NODE_DEVICE_LOOKUP_BY_NAME NodeDeviceLookupByName ro low "virNodeDeviceLookupByName" {}
    114 NODE_DEVICE_GET_XML_DESC NodeDeviceGetXmlDesc ro low "virNodeDeviceGetXMLDesc" {}
    115 NODE_DEVICE_GET_PARENT NodeDeviceGetParent ro low "virNodeDeviceGetParent" {}
    116 NODE_DEVICE_NUM_OF_CAPS NodeDeviceNumOfCaps ro low "virNodeDeviceNumOfCaps" {}
    117 NODE_DEVICE_LIST_CAPS NodeDeviceListCaps ro low "virNodeDeviceListCaps" {}
    118 NODE_DEVICE_DETTACH NodeDeviceDettach rw low "virNodeDeviceDettach" {}
    119 NODE_DEVICE_RE_ATTACH NodeDeviceReAttach rw low "virNodeDeviceReAttach" {}
    120 NODE_DEVICE_RESET NodeDeviceReset rw low "virNodeDeviceReset" {}
    123 NODE_DEVICE_CREATE_XML NodeDeviceCreateXml rw low "virNodeDeviceCreateXML" {}
    124 NODE_DEVICE_DESTROY NodeDeviceDestroy rw low "virNodeDeviceDestroy" {}
    285 CONNECT_LIST_ALL_NODE_DEVICES ConnectListAllNodeDevices ro low "virConnectListAllNodeDevices" {}
    297 NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN NodeDeviceLookupScsiHostByWwn ro low "virNodeDeviceLookupSCSIHostByWWN" {}
    301 NODE_DEVICE_DETACH_FLAGS NodeDeviceDetachFlags rw low "virNodeDeviceDetachFlags" {}
    374 CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY ConnectNodeDeviceEventRegisterAny ro low "virConnectNodeDeviceEventRegisterAny" {}
    375 CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY ConnectNodeDeviceEventDeregisterAny ro low "virConnectNodeDeviceEventDeregisterAny" {}
    376 NODE_DEVICE_EVENT_LIFECYCLE NodeDeviceEventLifecycle msg low "" {}
    377 NODE_DEVICE_EVENT_UPDATE NodeDeviceEventUpdate msg low "" {}
    428 NODE_DEVICE_DEFINE_XML NodeDeviceDefineXml rw low "virNodeDeviceDefineXML" {}
    429 NODE_DEVICE_UNDEFINE NodeDeviceUndefine rw low "virNodeDeviceUndefine" {}
    430 NODE_DEVICE_CREATE NodeDeviceCreate rw low "virNodeDeviceCreate" {}
    433 NODE_DEVICE_GET_AUTOSTART NodeDeviceGetAutostart rw low "virNodeDeviceGetAutostart" {}
    434 NODE_DEVICE_SET_AUTOSTART NodeDeviceSetAutostart rw low "virNodeDeviceSetAutostart" {}
    435 NODE_DEVICE_IS_PERSISTENT NodeDeviceIsPersistent ro low "virNodeDeviceIsPersistent" {}
    436 NODE_DEVICE_IS_ACTIVE NodeDeviceIsActive ro low "virNodeDeviceIsActive" {}
}
