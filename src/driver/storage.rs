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

/// Longest list of storage pools or their names (`REMOTE_STORAGE_POOL_LIST_MAX`).
pub const REMOTE_STORAGE_POOL_LIST_MAX: usize = 16384;
/// Longest list of volumes or their names (`REMOTE_STORAGE_VOL_LIST_MAX`).
pub const REMOTE_STORAGE_VOL_LIST_MAX: usize = 16384;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Storage;

    71 CONNECT_NUM_OF_STORAGE_POOLS ConnectNumOfStoragePools ro low "virConnectNumOfStoragePools" {
        fn connect_num_of_storage_pools() -> num: i32
    }
    72 CONNECT_LIST_STORAGE_POOLS ConnectListStoragePools ro low "virConnectListStoragePools" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_STORAGE_POOL_LIST_MAX> }
            fn connect_list_storage_pools() -> Vec<String>
    }
    73 CONNECT_NUM_OF_DEFINED_STORAGE_POOLS ConnectNumOfDefinedStoragePools ro low "virConnectNumOfDefinedStoragePools" {
        fn connect_num_of_defined_storage_pools() -> num: i32
    }
    74 CONNECT_LIST_DEFINED_STORAGE_POOLS ConnectListDefinedStoragePools ro low "virConnectListDefinedStoragePools" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_STORAGE_POOL_LIST_MAX> }
            fn connect_list_defined_storage_pools() -> Vec<String>
    }
    75 CONNECT_FIND_STORAGE_POOL_SOURCES ConnectFindStoragePoolSources rw low "virConnectFindStoragePoolSources" {
        fn connect_find_storage_pool_sources(type_: String, src_spec: Option<String>, flags: u32) -> xml: String
    }
    76 STORAGE_POOL_CREATE_XML StoragePoolCreateXml rw low "virStoragePoolCreateXML" {
        fn storage_pool_create_xml(xml: String, flags: u32) -> pool: StoragePoolId
    }
    77 STORAGE_POOL_DEFINE_XML StoragePoolDefineXml rw low "virStoragePoolDefineXML" {
        fn storage_pool_define_xml(xml: String, flags: u32) -> pool: StoragePoolId
    }
    78 STORAGE_POOL_CREATE StoragePoolCreate rw low "virStoragePoolCreate" {
        fn storage_pool_create(pool: StoragePoolId, flags: u32) -> ()
    }
    79 STORAGE_POOL_BUILD StoragePoolBuild rw low "virStoragePoolBuild" {
        fn storage_pool_build(pool: StoragePoolId, flags: u32) -> ()
    }
    80 STORAGE_POOL_DESTROY StoragePoolDestroy rw low "virStoragePoolDestroy" {
        fn storage_pool_destroy(pool: StoragePoolId) -> ()
    }
    81 STORAGE_POOL_DELETE StoragePoolDelete rw low "virStoragePoolDelete" {
        fn storage_pool_delete(pool: StoragePoolId, flags: u32) -> ()
    }
    82 STORAGE_POOL_UNDEFINE StoragePoolUndefine rw low "virStoragePoolUndefine" {
        fn storage_pool_undefine(pool: StoragePoolId) -> ()
    }
    83 STORAGE_POOL_REFRESH StoragePoolRefresh rw low "virStoragePoolRefresh" {
        fn storage_pool_refresh(pool: StoragePoolId, flags: u32) -> ()
    }
    84 STORAGE_POOL_LOOKUP_BY_NAME StoragePoolLookupByName ro low "virStoragePoolLookupByName" {
        fn storage_pool_lookup_by_name(name: String) -> pool: StoragePoolId
    }
    85 STORAGE_POOL_LOOKUP_BY_UUID StoragePoolLookupByUuid ro low "virStoragePoolLookupByUUID" {
        fn storage_pool_lookup_by_uuid(uuid: [u8; 16]) -> pool: StoragePoolId
    }
    86 STORAGE_POOL_LOOKUP_BY_VOLUME StoragePoolLookupByVolume ro low "virStoragePoolLookupByVolume" {
        fn storage_pool_lookup_by_volume(vol: StorageVolId) -> pool: StoragePoolId
    }
    87 STORAGE_POOL_GET_INFO StoragePoolGetInfo ro low "virStoragePoolGetInfo" {
        fn storage_pool_get_info(pool: StoragePoolId) -> { state: u8, capacity: u64, allocation: u64, available: u64 }
    }
    88 STORAGE_POOL_GET_XML_DESC StoragePoolGetXmlDesc ro low "virStoragePoolGetXMLDesc" {
        fn storage_pool_get_xml_desc(pool: StoragePoolId, flags: u32) -> xml: String
    }
    89 STORAGE_POOL_GET_AUTOSTART StoragePoolGetAutostart ro low "virStoragePoolGetAutostart" {
        fn storage_pool_get_autostart(pool: StoragePoolId) -> autostart: IntBool
    }
    90 STORAGE_POOL_SET_AUTOSTART StoragePoolSetAutostart rw low "virStoragePoolSetAutostart" {
        fn storage_pool_set_autostart(pool: StoragePoolId, autostart: IntBool) -> ()
    }
    91 STORAGE_POOL_NUM_OF_VOLUMES StoragePoolNumOfVolumes ro low "virStoragePoolNumOfVolumes" {
        fn storage_pool_num_of_volumes(pool: StoragePoolId) -> num: i32
    }
    92 STORAGE_POOL_LIST_VOLUMES StoragePoolListVolumes ro low "virStoragePoolListVolumes" {
        custom { pool: StoragePoolId, maxnames: i32 } -> { names: Array<String, REMOTE_STORAGE_VOL_LIST_MAX> }
            fn storage_pool_list_volumes(pool: &StoragePoolId) -> Vec<String>
    }
    93 STORAGE_VOL_CREATE_XML StorageVolCreateXml rw low "virStorageVolCreateXML" {
        fn storage_vol_create_xml(pool: StoragePoolId, xml: String, flags: u32) -> vol: StorageVolId
    }
    94 STORAGE_VOL_DELETE StorageVolDelete rw low "virStorageVolDelete" {
        fn storage_vol_delete(vol: StorageVolId, flags: u32) -> ()
    }
    95 STORAGE_VOL_LOOKUP_BY_NAME StorageVolLookupByName ro low "virStorageVolLookupByName" {
        fn storage_vol_lookup_by_name(pool: StoragePoolId, name: String) -> vol: StorageVolId
    }
    96 STORAGE_VOL_LOOKUP_BY_KEY StorageVolLookupByKey ro low "virStorageVolLookupByKey" {
        fn storage_vol_lookup_by_key(key: String) -> vol: StorageVolId
    }
    97 STORAGE_VOL_LOOKUP_BY_PATH StorageVolLookupByPath ro low "virStorageVolLookupByPath" {
        fn storage_vol_lookup_by_path(path: String) -> vol: StorageVolId
    }
    98 STORAGE_VOL_GET_INFO StorageVolGetInfo ro low "virStorageVolGetInfo" {
        fn storage_vol_get_info(vol: StorageVolId) -> { type_: i32, capacity: u64, allocation: u64 }
    }
    99 STORAGE_VOL_GET_XML_DESC StorageVolGetXmlDesc ro low "virStorageVolGetXMLDesc" {
        fn storage_vol_get_xml_desc(vol: StorageVolId, flags: u32) -> xml: String
    }
    100 STORAGE_VOL_GET_PATH StorageVolGetPath ro low "virStorageVolGetPath" {
        fn storage_vol_get_path(vol: StorageVolId) -> name: String
    }
    125 STORAGE_VOL_CREATE_XML_FROM StorageVolCreateXmlFrom rw low "virStorageVolCreateXMLFrom" {
        fn storage_vol_create_xml_from(pool: StoragePoolId, xml: String, clonevol: StorageVolId, flags: u32) -> vol: StorageVolId
    }
    154 STORAGE_POOL_IS_ACTIVE StoragePoolIsActive ro low "virStoragePoolIsActive" {
        fn storage_pool_is_active(pool: StoragePoolId) -> active: IntBool
    }
    155 STORAGE_POOL_IS_PERSISTENT StoragePoolIsPersistent ro low "virStoragePoolIsPersistent" {
        fn storage_pool_is_persistent(pool: StoragePoolId) -> persistent: IntBool
    }
    165 STORAGE_VOL_WIPE StorageVolWipe rw low "virStorageVolWipe" {
        fn storage_vol_wipe(vol: StorageVolId, flags: u32) -> ()
    }
    /// Writes the stream's data into the volume from `offset`, at most `length` bytes (0:
    /// to the end); flag `VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM` (1) lets holes travel.
    208 STORAGE_VOL_UPLOAD StorageVolUpload rw low "virStorageVolUpload" {
        stream(flags & 1 != 0) fn storage_vol_upload(vol: StorageVolId, offset: u64, length: u64, flags: u32) -> ()
    }
    /// Reads the volume into the stream from `offset`, at most `length` bytes (0: to the
    /// end); flag `VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM` (1) sends holes as holes.
    209 STORAGE_VOL_DOWNLOAD StorageVolDownload rw low "virStorageVolDownload" {
        stream(flags & 1 != 0) fn storage_vol_download(vol: StorageVolId, offset: u64, length: u64, flags: u32) -> ()
    }
    259 STORAGE_VOL_WIPE_PATTERN StorageVolWipePattern rw low "virStorageVolWipePattern" {
        fn storage_vol_wipe_pattern(vol: StorageVolId, algorithm: u32, flags: u32) -> ()
    }
    260 STORAGE_VOL_RESIZE StorageVolResize rw low "virStorageVolResize" {
        fn storage_vol_resize(vol: StorageVolId, capacity: u64, flags: u32) -> ()
    }
    281 CONNECT_LIST_ALL_STORAGE_POOLS ConnectListAllStoragePools ro low "virConnectListAllStoragePools" {
        custom { need_results: i32, flags: u32 } -> { pools: Array<StoragePoolId, REMOTE_STORAGE_POOL_LIST_MAX>, ret: u32 }
            fn connect_list_all_storage_pools(flags: u32) -> Vec<StoragePoolId>
    }
    282 STORAGE_POOL_LIST_ALL_VOLUMES StoragePoolListAllVolumes ro low "virStoragePoolListAllVolumes" {
        custom { pool: StoragePoolId, need_results: i32, flags: u32 } -> { vols: Array<StorageVolId, REMOTE_STORAGE_VOL_LIST_MAX>, ret: u32 }
            fn storage_pool_list_all_volumes(pool: &StoragePoolId, flags: u32) -> Vec<StorageVolId>
    }
    368 CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY ConnectStoragePoolEventRegisterAny ro low "virConnectStoragePoolEventRegisterAny" {
        daemon ConnectStoragePoolEventRegisterAnyArgs => ConnectStoragePoolEventRegisterAnyRet
    }
    369 CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY ConnectStoragePoolEventDeregisterAny ro low "virConnectStoragePoolEventDeregisterAny" {
        daemon ConnectStoragePoolEventDeregisterAnyArgs => ()
    }
    370 STORAGE_POOL_EVENT_LIFECYCLE StoragePoolEventLifecycle msg low "" {
        daemon StoragePoolEventLifecycleMsg => ()
    }
    373 STORAGE_POOL_EVENT_REFRESH StoragePoolEventRefresh msg low "" {
        daemon StoragePoolEventRefreshMsg => ()
    }
    378 STORAGE_VOL_GET_INFO_FLAGS StorageVolGetInfoFlags ro low "virStorageVolGetInfoFlags" {
        fn storage_vol_get_info_flags(vol: StorageVolId, flags: u32) -> { type_: i32, capacity: u64, allocation: u64 }
    }
    391 STORAGE_POOL_LOOKUP_BY_TARGET_PATH StoragePoolLookupByTargetPath ro low "virStoragePoolLookupByTargetPath" {
        fn storage_pool_lookup_by_target_path(path: String) -> pool: StoragePoolId
    }
    403 CONNECT_GET_STORAGE_POOL_CAPABILITIES ConnectGetStoragePoolCapabilities ro low "virConnectGetStoragePoolCapabilities" {
        fn connect_get_storage_pool_capabilities(flags: u32) -> capabilities: String
    }
}


/// The remote client's hand-written halves (see the `custom` rows above): list calls ask
/// for as many as the protocol carries, as libvirt's remote driver does for its callers'
/// largest request.
mod remote_custom {
    use super::wire::*;
    use super::{REMOTE_STORAGE_POOL_LIST_MAX, REMOTE_STORAGE_VOL_LIST_MAX};
    use crate::driver::remote::RemoteConnection;
    use crate::driver::{StoragePoolId, StorageVolId};
    use crate::error::Result;

    pub fn connect_list_storage_pools(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListStoragePoolsArgs { maxnames: REMOTE_STORAGE_POOL_LIST_MAX as i32 };
        Ok(c.call::<ConnectListStoragePools>(&args)?.names.0)
    }

    pub fn connect_list_defined_storage_pools(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListDefinedStoragePoolsArgs { maxnames: REMOTE_STORAGE_POOL_LIST_MAX as i32 };
        Ok(c.call::<ConnectListDefinedStoragePools>(&args)?.names.0)
    }

    pub fn storage_pool_list_volumes(c: &RemoteConnection, pool: &StoragePoolId) -> Result<Vec<String>> {
        let args = StoragePoolListVolumesArgs { pool: pool.clone(), maxnames: REMOTE_STORAGE_VOL_LIST_MAX as i32 };
        Ok(c.call::<StoragePoolListVolumes>(&args)?.names.0)
    }

    pub fn connect_list_all_storage_pools(c: &RemoteConnection, flags: u32) -> Result<Vec<StoragePoolId>> {
        let args = ConnectListAllStoragePoolsArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllStoragePools>(&args)?.pools.0)
    }

    pub fn storage_pool_list_all_volumes(c: &RemoteConnection, pool: &StoragePoolId, flags: u32) -> Result<Vec<StorageVolId>> {
        let args = StoragePoolListAllVolumesArgs { pool: pool.clone(), need_results: 1, flags };
        Ok(c.call::<StoragePoolListAllVolumes>(&args)?.vols.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver, and answers shaped by the caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::{Storage, REMOTE_STORAGE_POOL_LIST_MAX, REMOTE_STORAGE_VOL_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    fn names<const MAX: usize>(mut names: Vec<String>, max: usize) -> Result<crate::rpc::xdr::Array<String, MAX>> {
        names.truncate(max);
        bounded(names)
    }

    pub fn connect_list_storage_pools(
        d: &dyn Storage,
        a: ConnectListStoragePoolsArgs,
        _: bool,
    ) -> Result<ConnectListStoragePoolsRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_STORAGE_POOL_LIST_MAX, "REMOTE_STORAGE_POOL_LIST_MAX")?;
        Ok(ConnectListStoragePoolsRet { names: names(d.connect_list_storage_pools()?, max)? })
    }

    pub fn connect_list_defined_storage_pools(
        d: &dyn Storage,
        a: ConnectListDefinedStoragePoolsArgs,
        _: bool,
    ) -> Result<ConnectListDefinedStoragePoolsRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_STORAGE_POOL_LIST_MAX, "REMOTE_STORAGE_POOL_LIST_MAX")?;
        Ok(ConnectListDefinedStoragePoolsRet { names: names(d.connect_list_defined_storage_pools()?, max)? })
    }

    pub fn storage_pool_list_volumes(
        d: &dyn Storage,
        a: StoragePoolListVolumesArgs,
        _: bool,
    ) -> Result<StoragePoolListVolumesRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_STORAGE_VOL_LIST_MAX, "REMOTE_STORAGE_VOL_LIST_MAX")?;
        Ok(StoragePoolListVolumesRet { names: names(d.storage_pool_list_volumes(&a.pool)?, max)? })
    }

    pub fn connect_list_all_storage_pools(
        d: &dyn Storage,
        a: ConnectListAllStoragePoolsArgs,
        _: bool,
    ) -> Result<ConnectListAllStoragePoolsRet> {
        let (pools, ret) = list_all(d.connect_list_all_storage_pools(a.flags)?, a.need_results)?;
        Ok(ConnectListAllStoragePoolsRet { pools, ret: ret as u32 })
    }

    pub fn storage_pool_list_all_volumes(
        d: &dyn Storage,
        a: StoragePoolListAllVolumesArgs,
        _: bool,
    ) -> Result<StoragePoolListAllVolumesRet> {
        let (vols, ret) = list_all(d.storage_pool_list_all_volumes(&a.pool, a.flags)?, a.need_results)?;
        Ok(StoragePoolListAllVolumesRet { vols, ret: ret as u32 })
    }
}
