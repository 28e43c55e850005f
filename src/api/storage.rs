//! libvirt-storage.h: storage pools and volumes. Handle checks, reference counting and
//! `GetConnect` are real; every operation reports VIR_ERR_NO_SUPPORT until a driver serves
//! storage.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uchar, c_uint, c_ulonglong, c_void};

use super::guard;
use super::handles;
use crate::abi::host::virFreeCallback;
use crate::abi::storage::{
    virConnectStoragePoolEventGenericCallback, virStoragePoolInfoPtr, virStorageVolInfoPtr,
    virStorageVolResizeFlags,
};
use crate::abi::{virConnectPtr, virStoragePoolPtr, virStorageVolPtr, virStreamPtr};
use crate::error::Domain;
use std::sync::Arc;

const FROM: Domain = Domain::VIR_FROM_STORAGE;

/// Provides the connection pointer associated with a storage pool. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virStoragePoolGetConnect(pool: virStoragePoolPtr) -> virConnectPtr {
    guard(FROM, "virStoragePoolGetConnect", |call| {
        let obj = call.storage_pool(pool)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Prior creating a storage pool (for instance via virStoragePoolCreateXML or
/// virStoragePoolDefineXML) it may be suitable to know what pool types are supported along with the
/// file/disk formats for. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectGetStoragePoolCapabilities(
    conn: virConnectPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectGetStoragePoolCapabilities", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Provides the number of active storage pools. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfStoragePools(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfStoragePools", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Provides the list of names of active storage pools up to maxnames. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListStoragePools", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Provides the number of inactive storage pools. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedStoragePools(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedStoragePools", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Provides the list of names of inactive storage pools up to maxnames. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListDefinedStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedStoragePools", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of storage pools, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllStoragePools(
    conn: virConnectPtr,
    pools: *mut *mut virStoragePoolPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllStoragePools", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Talks to a storage backend and attempts to auto-discover the set of available storage pool
/// sources. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectFindStoragePoolSources(
    conn: virConnectPtr,
    r#type: *const c_char,
    srcSpec: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectFindStoragePoolSources", |call| {
        let conn = call.conn(conn)?;
        call.non_null(r#type, "type")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Fetch a storage pool based on its unique name. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByName", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Fetch a storage pool based on its globally unique id. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByUUID", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Fetch a storage pool based on its globally unique id. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByUUIDString", |call| {
        let _conn = call.conn(conn)?;
        let _uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        call.unsupported_as("virStoragePoolLookupByUUID")
    })
}

/// Fetch a storage pool which contains a particular volume. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByVolume(vol: virStorageVolPtr) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByVolume", |call| {
        let _vol = call.storage_vol(vol)?;
        call.unsupported()
    })
}

/// Fetch a storage pool which maps to a particular target directory. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByTargetPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByTargetPath", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(path, "path")?;
        call.unsupported()
    })
}

/// Create a new storage based on its XML description. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolCreateXML", |call| {
        let conn = call.conn(conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.writable(&conn)?;
        call.unsupported()
    })
}

/// Define an inactive persistent storage pool or modify an existing persistent one from the XML
/// description. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xml")?;
        call.unsupported()
    })
}

/// Currently only filesystem pool accepts flags VIR_STORAGE_POOL_BUILD_OVERWRITE and
/// VIR_STORAGE_POOL_BUILD_NO_OVERWRITE. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolBuild(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolBuild", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Undefine an inactive storage pool. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolUndefine(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolUndefine", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Starts an inactive storage pool. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolCreate(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolCreate", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Destroy an active storage pool. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolDestroy(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolDestroy", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Delete the underlying pool resources. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolDelete(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolDelete", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the pool. Takes one more reference on the handle; release it
/// with `virStoragePoolFree`.
#[no_mangle]
pub extern "C" fn virStoragePoolRef(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolRef", |call| {
        call.storage_pool(pool)?;
        handles::add_ref(&handles::STORAGE_POOLS, pool as usize);
        Ok(0)
    })
}

/// Free a storage pool object, releasing all memory associated with it. Drops one reference on the
/// handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virStoragePoolFree(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolFree", |call| {
        call.storage_pool(pool)?;
        handles::release(&handles::STORAGE_POOLS, pool as usize);
        Ok(0)
    })
}

/// Request that the pool refresh its list of volumes. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolRefresh(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolRefresh", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Fetch the locally unique name of the storage pool. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetName(pool: virStoragePoolPtr) -> *const c_char {
    guard(FROM, "virStoragePoolGetName", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Fetch the globally unique ID of the storage pool. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetUUID(pool: virStoragePoolPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virStoragePoolGetUUID", |call| {
        let _pool = call.storage_pool(pool)?;
        call.non_null(uuid, "uuid")?;
        call.unsupported()
    })
}

/// Fetch the globally unique ID of the storage pool as a string. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetUUIDString(pool: virStoragePoolPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virStoragePoolGetUUIDString", |call| {
        let _pool = call.storage_pool(pool)?;
        call.non_null(buf, "buf")?;
        call.unsupported()
    })
}

/// Get volatile information about the storage pool such as free space / usage summary. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetInfo(
    vol: virStoragePoolPtr,
    info: virStoragePoolInfoPtr,
) -> c_int {
    guard(FROM, "virStoragePoolGetInfo", |call| {
        let _vol = call.storage_pool(vol)?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// Fetch an XML document describing all aspects of the storage pool. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetXMLDesc(pool: virStoragePoolPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virStoragePoolGetXMLDesc", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Fetches the value of the autostart flag, which determines whether the pool is automatically
/// started at boot time. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolGetAutostart(
    pool: virStoragePoolPtr,
    autostart: *mut c_int,
) -> c_int {
    guard(FROM, "virStoragePoolGetAutostart", |call| {
        let _pool = call.storage_pool(pool)?;
        call.non_null(autostart, "autostart")?;
        call.unsupported()
    })
}

/// Configure the storage pool to be automatically started when the host machine boots. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolSetAutostart(pool: virStoragePoolPtr, autostart: c_int) -> c_int {
    guard(FROM, "virStoragePoolSetAutostart", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Fetch the number of storage volumes within a pool. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolNumOfVolumes(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolNumOfVolumes", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Fetch list of storage volume names, limiting to at most maxnames. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolListVolumes(
    pool: virStoragePoolPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virStoragePoolListVolumes", |call| {
        let _pool = call.storage_pool(pool)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of storage volumes, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolListAllVolumes(
    pool: virStoragePoolPtr,
    vols: *mut *mut virStorageVolPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStoragePoolListAllVolumes", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Provides the connection pointer associated with a storage volume. The connection does not gain a
/// reference.
#[no_mangle]
pub extern "C" fn virStorageVolGetConnect(vol: virStorageVolPtr) -> virConnectPtr {
    guard(FROM, "virStorageVolGetConnect", |call| {
        let obj = call.storage_vol(vol)?;
        Ok(obj.conn_handle as virConnectPtr)
    })
}

/// Fetch a pointer to a storage volume based on its name within a pool. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByName(
    pool: virStoragePoolPtr,
    name: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByName", |call| {
        let _pool = call.storage_pool(pool)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Fetch a pointer to a storage volume based on its globally unique key. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByKey(
    conn: virConnectPtr,
    key: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByKey", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(key, "key")?;
        call.unsupported()
    })
}

/// Fetch a pointer to a storage volume based on its locally (host) unique path. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByPath", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(path, "path")?;
        call.unsupported()
    })
}

/// Fetch the storage volume name. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetName(vol: virStorageVolPtr) -> *const c_char {
    guard(FROM, "virStorageVolGetName", |call| {
        let _vol = call.storage_vol(vol)?;
        call.unsupported()
    })
}

/// Fetch the storage volume key. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetKey(vol: virStorageVolPtr) -> *const c_char {
    guard(FROM, "virStorageVolGetKey", |call| {
        let _vol = call.storage_vol(vol)?;
        call.unsupported()
    })
}

/// Create a storage volume within a pool based on an XML description. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolCreateXML(
    pool: virStoragePoolPtr,
    xmldesc: *const c_char,
    flags: c_uint,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolCreateXML", |call| {
        let pool = call.storage_pool(pool)?;
        call.non_null(xmldesc, "xmlDesc")?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Create a storage volume in the parent pool, using the 'clonevol' volume as input. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolCreateXMLFrom(
    pool: virStoragePoolPtr,
    xmldesc: *const c_char,
    clonevol: virStorageVolPtr,
    flags: c_uint,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolCreateXMLFrom", |call| {
        let pool = call.storage_pool(pool)?;
        call.storage_vol(clonevol)?;
        call.non_null(xmldesc, "xmlDesc")?;
        call.writable(&pool.conn)?;
        call.unsupported()
    })
}

/// Download the content of the volume as a stream. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolDownload(
    vol: virStorageVolPtr,
    stream: virStreamPtr,
    offset: c_ulonglong,
    length: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolDownload", |call| {
        let vol = call.storage_vol(vol)?;
        let stream = call.stream(stream)?;
        call.writable(&vol.conn)?;
        if !Arc::ptr_eq(&stream.conn, &vol.conn) {
            return Err(call.arg_error(
                "stream",
                format!(
                    "stream in {} must match connection of volume '{}'",
                    call.api, vol.name()
                ),
            ));
        }
        call.unsupported()
    })
}

/// Upload new content to the volume from a stream. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolUpload(
    vol: virStorageVolPtr,
    stream: virStreamPtr,
    offset: c_ulonglong,
    length: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolUpload", |call| {
        let vol = call.storage_vol(vol)?;
        let stream = call.stream(stream)?;
        call.writable(&vol.conn)?;
        if !Arc::ptr_eq(&stream.conn, &vol.conn) {
            return Err(call.arg_error(
                "stream",
                format!(
                    "stream in {} must match connection of volume '{}'",
                    call.api, vol.name()
                ),
            ));
        }
        call.unsupported()
    })
}

/// Delete the storage volume from the pool. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolDelete(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStorageVolDelete", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        call.unsupported()
    })
}

/// Ensure data previously on a volume is not accessible to future reads. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolWipe(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStorageVolWipe", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        call.unsupported()
    })
}

/// Similar to virStorageVolWipe, but one can choose between different wiping algorithms. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolWipePattern(
    vol: virStorageVolPtr,
    algorithm: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolWipePattern", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        call.unsupported()
    })
}

/// Increment the reference count on the vol. Takes one more reference on the handle; release it
/// with `virStorageVolFree`.
#[no_mangle]
pub extern "C" fn virStorageVolRef(vol: virStorageVolPtr) -> c_int {
    guard(FROM, "virStorageVolRef", |call| {
        call.storage_vol(vol)?;
        handles::add_ref(&handles::STORAGE_VOLS, vol as usize);
        Ok(0)
    })
}

/// Release the storage volume handle. Drops one reference on the handle; the object goes with the
/// last one.
#[no_mangle]
pub extern "C" fn virStorageVolFree(vol: virStorageVolPtr) -> c_int {
    guard(FROM, "virStorageVolFree", |call| {
        call.storage_vol(vol)?;
        handles::release(&handles::STORAGE_VOLS, vol as usize);
        Ok(0)
    })
}

/// Fetches volatile information about the storage volume such as its current allocation. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetInfo(vol: virStorageVolPtr, info: virStorageVolInfoPtr) -> c_int {
    guard(FROM, "virStorageVolGetInfo", |call| {
        let _vol = call.storage_vol(vol)?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// Fetches volatile information about the storage volume such as its current allocation. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetInfoFlags(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolGetInfoFlags", |call| {
        let _vol = call.storage_vol(vol)?;
        call.non_null(info, "info")?;
        call.unsupported()
    })
}

/// Fetch an XML document describing all aspects of the storage volume. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetXMLDesc(pool: virStorageVolPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virStorageVolGetXMLDesc", |call| {
        let _pool = call.storage_vol(pool)?;
        call.unsupported()
    })
}

/// Fetch the storage volume path. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolGetPath(vol: virStorageVolPtr) -> *mut c_char {
    guard(FROM, "virStorageVolGetPath", |call| {
        let _vol = call.storage_vol(vol)?;
        call.unsupported()
    })
}

/// Changes the capacity of the storage volume vol to capacity. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStorageVolResize(
    vol: virStorageVolPtr,
    capacity: c_ulonglong,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolResize", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        // Shrinking to nothing only makes sense as a delta or an explicit shrink.
        let delta_or_shrink = virStorageVolResizeFlags::VIR_STORAGE_VOL_RESIZE_DELTA as c_uint
            | virStorageVolResizeFlags::VIR_STORAGE_VOL_RESIZE_SHRINK as c_uint;
        if capacity == 0 && flags & delta_or_shrink == 0 {
            return Err(call.arg_error(
                "capacity",
                format!(
                    "capacity in {} cannot be zero without 'delta' or 'shrink' flags set",
                    call.api
                ),
            ));
        }
        call.unsupported()
    })
}

/// Determine if the storage pool is currently running. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolIsActive(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolIsActive", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Determine if the storage pool has a persistent configuration which means it will still exist
/// after shutting down. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virStoragePoolIsPersistent(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolIsPersistent", |call| {
        let _pool = call.storage_pool(pool)?;
        call.unsupported()
    })
}

/// Adds a callback to receive notifications of arbitrary storage pool events occurring on a storage
/// pool. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectStoragePoolEventRegisterAny(
    conn: virConnectPtr,
    pool: virStoragePoolPtr,
    eventID: c_int,
    cb: virConnectStoragePoolEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectStoragePoolEventRegisterAny", |call| {
        let conn = call.conn(conn)?;
        if !pool.is_null() {
            let obj = call.storage_pool(pool)?;
            call.owned_by(&obj.conn, &conn, "pool", &format!("storage pool '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 2)?;
        call.unsupported()
    })
}

/// Removes an event callback. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectStoragePoolEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectStoragePoolEventDeregisterAny", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        call.unsupported()
    })
}
