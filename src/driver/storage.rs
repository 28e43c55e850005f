//! libvirt-storage.h: storage pools and volumes.
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
    trait Storage;

    71 CONNECT_NUM_OF_STORAGE_POOLS ConnectNumOfStoragePools ro low "virConnectNumOfStoragePools" {}
    72 CONNECT_LIST_STORAGE_POOLS ConnectListStoragePools ro low "virConnectListStoragePools" {}
    73 CONNECT_NUM_OF_DEFINED_STORAGE_POOLS ConnectNumOfDefinedStoragePools ro low "virConnectNumOfDefinedStoragePools" {}
    74 CONNECT_LIST_DEFINED_STORAGE_POOLS ConnectListDefinedStoragePools ro low "virConnectListDefinedStoragePools" {}
    75 CONNECT_FIND_STORAGE_POOL_SOURCES ConnectFindStoragePoolSources rw low "virConnectFindStoragePoolSources" {}
    76 STORAGE_POOL_CREATE_XML StoragePoolCreateXml rw low "virStoragePoolCreateXML" {}
    77 STORAGE_POOL_DEFINE_XML StoragePoolDefineXml rw low "virStoragePoolDefineXML" {}
    78 STORAGE_POOL_CREATE StoragePoolCreate rw low "virStoragePoolCreate" {}
    79 STORAGE_POOL_BUILD StoragePoolBuild rw low "virStoragePoolBuild" {}
    80 STORAGE_POOL_DESTROY StoragePoolDestroy rw low "virStoragePoolDestroy" {}
    81 STORAGE_POOL_DELETE StoragePoolDelete rw low "virStoragePoolDelete" {}
    82 STORAGE_POOL_UNDEFINE StoragePoolUndefine rw low "virStoragePoolUndefine" {}
    83 STORAGE_POOL_REFRESH StoragePoolRefresh rw low "virStoragePoolRefresh" {}
    84 STORAGE_POOL_LOOKUP_BY_NAME StoragePoolLookupByName ro low "virStoragePoolLookupByName" {}
    85 STORAGE_POOL_LOOKUP_BY_UUID StoragePoolLookupByUuid ro low "virStoragePoolLookupByUUID" {}
    86 STORAGE_POOL_LOOKUP_BY_VOLUME StoragePoolLookupByVolume ro low "virStoragePoolLookupByVolume" {}
    87 STORAGE_POOL_GET_INFO StoragePoolGetInfo ro low "virStoragePoolGetInfo" {}
    88 STORAGE_POOL_GET_XML_DESC StoragePoolGetXmlDesc ro low "virStoragePoolGetXMLDesc" {}
    89 STORAGE_POOL_GET_AUTOSTART StoragePoolGetAutostart ro low "virStoragePoolGetAutostart" {}
    90 STORAGE_POOL_SET_AUTOSTART StoragePoolSetAutostart rw low "virStoragePoolSetAutostart" {}
    91 STORAGE_POOL_NUM_OF_VOLUMES StoragePoolNumOfVolumes ro low "virStoragePoolNumOfVolumes" {}
    92 STORAGE_POOL_LIST_VOLUMES StoragePoolListVolumes ro low "virStoragePoolListVolumes" {}
    93 STORAGE_VOL_CREATE_XML StorageVolCreateXml rw low "virStorageVolCreateXML" {}
    94 STORAGE_VOL_DELETE StorageVolDelete rw low "virStorageVolDelete" {}
    95 STORAGE_VOL_LOOKUP_BY_NAME StorageVolLookupByName ro low "virStorageVolLookupByName" {}
    96 STORAGE_VOL_LOOKUP_BY_KEY StorageVolLookupByKey ro low "virStorageVolLookupByKey" {}
    97 STORAGE_VOL_LOOKUP_BY_PATH StorageVolLookupByPath ro low "virStorageVolLookupByPath" {}
    98 STORAGE_VOL_GET_INFO StorageVolGetInfo ro low "virStorageVolGetInfo" {}
    99 STORAGE_VOL_GET_XML_DESC StorageVolGetXmlDesc ro low "virStorageVolGetXMLDesc" {}
    100 STORAGE_VOL_GET_PATH StorageVolGetPath ro low "virStorageVolGetPath" {}
    125 STORAGE_VOL_CREATE_XML_FROM StorageVolCreateXmlFrom rw low "virStorageVolCreateXMLFrom" {}
    154 STORAGE_POOL_IS_ACTIVE StoragePoolIsActive ro low "virStoragePoolIsActive" {}
    155 STORAGE_POOL_IS_PERSISTENT StoragePoolIsPersistent ro low "virStoragePoolIsPersistent" {}
    165 STORAGE_VOL_WIPE StorageVolWipe rw low "virStorageVolWipe" {}
    208 STORAGE_VOL_UPLOAD StorageVolUpload rw low "virStorageVolUpload" {}
    209 STORAGE_VOL_DOWNLOAD StorageVolDownload rw low "virStorageVolDownload" {}
    259 STORAGE_VOL_WIPE_PATTERN StorageVolWipePattern rw low "virStorageVolWipePattern" {}
    260 STORAGE_VOL_RESIZE StorageVolResize rw low "virStorageVolResize" {}
    281 CONNECT_LIST_ALL_STORAGE_POOLS ConnectListAllStoragePools ro low "virConnectListAllStoragePools" {}
    282 STORAGE_POOL_LIST_ALL_VOLUMES StoragePoolListAllVolumes ro low "virStoragePoolListAllVolumes" {}
    368 CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY ConnectStoragePoolEventRegisterAny ro low "virConnectStoragePoolEventRegisterAny" {}
    369 CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY ConnectStoragePoolEventDeregisterAny ro low "virConnectStoragePoolEventDeregisterAny" {}
    370 STORAGE_POOL_EVENT_LIFECYCLE StoragePoolEventLifecycle msg low "" {}
    373 STORAGE_POOL_EVENT_REFRESH StoragePoolEventRefresh msg low "" {}
    378 STORAGE_VOL_GET_INFO_FLAGS StorageVolGetInfoFlags ro low "virStorageVolGetInfoFlags" {}
    391 STORAGE_POOL_LOOKUP_BY_TARGET_PATH StoragePoolLookupByTargetPath ro low "virStoragePoolLookupByTargetPath" {}
    403 CONNECT_GET_STORAGE_POOL_CAPABILITIES ConnectGetStoragePoolCapabilities ro low "virConnectGetStoragePoolCapabilities" {}
}
