//! libvirt-storage.h: storage pools and volumes.
//!
//! Each export checks its handle, the connection's read-only state and its arguments in
//! the order libvirt's public API does, with the same errors, then calls the connection's
//! storage slot. Names, UUIDs, keys and connections are read from the handle, as libvirt
//! does. Volume upload and download need streams and still report VIR_ERR_NO_SUPPORT, as
//! do storage pool events; parameters those do not use yet explain the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::object_event::{self, GenericFn};
use crate::driver::{EventTarget, ObjectKind};
use libc::{c_char, c_int, c_uchar, c_uint, c_ulonglong, c_void};

use super::guard;
use super::handles;
use crate::abi::host::virFreeCallback;
use crate::abi::storage::{
    virConnectStoragePoolEventGenericCallback, virStoragePoolInfoPtr, virStorageVolInfoPtr,
    virStorageVolResizeFlags,
};
use crate::abi::{virConnectPtr, virStoragePoolPtr, virStorageVolPtr, virStreamPtr};
use crate::datatypes::Connect;
use crate::driver::{StoragePoolId, StorageVolId};
use crate::error::{Domain, Result};


use std::sync::Arc;

use super::{c_array, c_strdup, copy_c_str};

const FROM: Domain = Domain::VIR_FROM_STORAGE;

/// `VIR_UUID_BUFLEN` and `VIR_UUID_STRING_BUFLEN`.
const UUID_BUFLEN: usize = 16;
const UUID_STRING_BUFLEN: usize = 37;


/// Hands a pool of connection `conn` (handle `conn_ptr`) to C.
fn pool_handle(conn: &Arc<Connect>, conn_ptr: usize, id: StoragePoolId) -> virStoragePoolPtr {
    handles::new_object(&handles::STORAGE_POOLS, conn, conn_ptr, 0, id) as virStoragePoolPtr
}

/// Hands a volume of connection `conn` (handle `conn_ptr`) to C.
fn vol_handle(conn: &Arc<Connect>, conn_ptr: usize, id: StorageVolId) -> virStorageVolPtr {
    handles::new_object(&handles::STORAGE_VOLS, conn, conn_ptr, 0, id) as virStorageVolPtr
}

/// Copies up to `max` of `all` into the caller's `names` array (freed by the caller with
/// `free()`); returns how many.
fn fill_names(names: *mut *mut c_char, max: c_int, all: &[String]) -> c_int {
    let n = all.len().min(max.max(0) as usize);
    for (i, name) in all.iter().take(n).enumerate() {
        // SAFETY: the caller provides room for `max` pointers (checked non-NULL when
        // max > 0); `i < n <= max`.
        unsafe { *names.add(i) = c_strdup(name) };
    }
    n as c_int
}

/// A NULL-terminated array of handles for `out` (when not NULL); returns the count.
fn hand_out<T>(out: *mut *mut *mut T, items: Vec<*mut T>) -> Result<c_int> {
    let count = items.len() as c_int;
    if !out.is_null() {
        let mut items = items;
        items.push(std::ptr::null_mut());
        let array = c_array(&items)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *out = array };
    }
    Ok(count)
}

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
/// file/disk formats for.
#[no_mangle]
pub extern "C" fn virConnectGetStoragePoolCapabilities(
    conn: virConnectPtr,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectGetStoragePoolCapabilities", |call| {
        let c = call.conn(conn)?;
        Ok(c_strdup(&c.driver.connect_get_storage_pool_capabilities(flags)?))
    })
}

/// Provides the number of active storage pools.
#[no_mangle]
pub extern "C" fn virConnectNumOfStoragePools(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfStoragePools", |call| call.conn(conn)?.driver.connect_num_of_storage_pools())
}

/// Provides the list of names of active storage pools up to maxnames.
#[no_mangle]
pub extern "C" fn virConnectListStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListStoragePools", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        Ok(fill_names(names, maxnames, &c.driver.connect_list_storage_pools()?))
    })
}

/// Provides the number of inactive storage pools.
#[no_mangle]
pub extern "C" fn virConnectNumOfDefinedStoragePools(conn: virConnectPtr) -> c_int {
    guard(FROM, "virConnectNumOfDefinedStoragePools", |call| {
        call.conn(conn)?.driver.connect_num_of_defined_storage_pools()
    })
}

/// Provides the list of names of inactive storage pools up to maxnames.
#[no_mangle]
pub extern "C" fn virConnectListDefinedStoragePools(
    conn: virConnectPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virConnectListDefinedStoragePools", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        Ok(fill_names(names, maxnames, &c.driver.connect_list_defined_storage_pools()?))
    })
}

/// Collect the list of storage pools, and allocate an array to store those objects.
#[no_mangle]
pub extern "C" fn virConnectListAllStoragePools(
    conn: virConnectPtr,
    pools: *mut *mut virStoragePoolPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllStoragePools", |call| {
        let c = call.conn(conn)?;
        let all = c.driver.connect_list_all_storage_pools(flags)?;
        hand_out(pools, all.into_iter().map(|id| pool_handle(&c, conn as usize, id)).collect())
    })
}

/// Talks to a storage backend and attempts to auto-discover the set of available storage pool
/// sources.
#[no_mangle]
pub extern "C" fn virConnectFindStoragePoolSources(
    conn: virConnectPtr,
    r#type: *const c_char,
    srcSpec: *const c_char,
    flags: c_uint,
) -> *mut c_char {
    guard(FROM, "virConnectFindStoragePoolSources", |call| {
        let c = call.conn(conn)?;
        let kind = call.str_arg(r#type, "type")?;
        call.writable(&c)?;
        let spec = call.opt_str_arg(srcSpec, "srcSpec")?;
        Ok(c_strdup(&c.driver.connect_find_storage_pool_sources(kind, spec, flags)?))
    })
}

/// Fetch a storage pool based on its unique name.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByName", |call| {
        let c = call.conn(conn)?;
        let name = call.str_arg(name, "name")?;
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_lookup_by_name(name)?))
    })
}

/// Fetch a storage pool based on its globally unique id.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByUUID(
    conn: virConnectPtr,
    uuid: *const c_uchar,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByUUID", |call| {
        let c = call.conn(conn)?;
        call.non_null(uuid, "uuid")?;
        let mut raw = [0u8; UUID_BUFLEN];
        // SAFETY: non-NULL; libvirt's contract is VIR_UUID_BUFLEN readable bytes.
        raw.copy_from_slice(unsafe { std::slice::from_raw_parts(uuid, UUID_BUFLEN) });
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_lookup_by_uuid(&raw)?))
    })
}

/// Fetch a storage pool based on its globally unique id.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByUUIDString(
    conn: virConnectPtr,
    uuid: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByUUIDString", |call| {
        let c = call.conn(conn)?;
        let uuid = call.uuid_str_arg(uuid, "uuidstr")?;
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_lookup_by_uuid(uuid.as_bytes())?))
    })
}

/// Fetch a storage pool which contains a particular volume.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByVolume(vol: virStorageVolPtr) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByVolume", |call| {
        let v = call.storage_vol(vol)?;
        Ok(pool_handle(&v.conn, v.conn_handle, v.conn.driver.storage_pool_lookup_by_volume(&v.id)?))
    })
}

/// Fetch a storage pool which maps to a particular target directory.
#[no_mangle]
pub extern "C" fn virStoragePoolLookupByTargetPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolLookupByTargetPath", |call| {
        let c = call.conn(conn)?;
        let path = call.str_arg(path, "path")?;
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_lookup_by_target_path(path)?))
    })
}

/// Create a new storage based on its XML description.
#[no_mangle]
pub extern "C" fn virStoragePoolCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolCreateXML", |call| {
        let c = call.conn(conn)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        call.writable(&c)?;
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_create_xml(xml, flags)?))
    })
}

/// Define an inactive persistent storage pool or modify an existing persistent one from the XML
/// description.
#[no_mangle]
pub extern "C" fn virStoragePoolDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virStoragePoolPtr {
    guard(FROM, "virStoragePoolDefineXML", |call| {
        let c = call.conn(conn)?;
        call.writable(&c)?;
        let xml = call.str_arg(xmlDesc, "xml")?;
        Ok(pool_handle(&c, conn as usize, c.driver.storage_pool_define_xml(xml, flags)?))
    })
}

/// Currently only filesystem pool accepts flags VIR_STORAGE_POOL_BUILD_OVERWRITE and
/// VIR_STORAGE_POOL_BUILD_NO_OVERWRITE.
#[no_mangle]
pub extern "C" fn virStoragePoolBuild(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolBuild", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_build(&pool.id, flags)?;
        Ok(0)
    })
}

/// Undefine an inactive storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolUndefine(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolUndefine", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_undefine(&pool.id)?;
        Ok(0)
    })
}

/// Starts an inactive storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolCreate(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolCreate", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_create(&pool.id, flags)?;
        Ok(0)
    })
}

/// Destroy an active storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolDestroy(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolDestroy", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_destroy(&pool.id)?;
        Ok(0)
    })
}

/// Delete the underlying pool resources.
#[no_mangle]
pub extern "C" fn virStoragePoolDelete(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolDelete", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_delete(&pool.id, flags)?;
        Ok(0)
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

/// Request that the pool refresh its list of volumes.
#[no_mangle]
pub extern "C" fn virStoragePoolRefresh(pool: virStoragePoolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStoragePoolRefresh", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_refresh(&pool.id, flags)?;
        Ok(0)
    })
}

/// Fetch the locally unique name of the storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolGetName(pool: virStoragePoolPtr) -> *const c_char {
    guard(FROM, "virStoragePoolGetName", |call| {
        let p = call.storage_pool(pool)?;
        Ok(p.c_name.as_ptr())
    })
}

/// Fetch the globally unique ID of the storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolGetUUID(pool: virStoragePoolPtr, uuid: *mut c_uchar) -> c_int {
    guard(FROM, "virStoragePoolGetUUID", |call| {
        let p = call.storage_pool(pool)?;
        call.non_null(uuid, "uuid")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_BUFLEN bytes.
        unsafe { std::ptr::copy_nonoverlapping(p.id.uuid.as_ptr(), uuid, UUID_BUFLEN) };
        Ok(0)
    })
}

/// Fetch the globally unique ID of the storage pool as a string.
#[no_mangle]
pub extern "C" fn virStoragePoolGetUUIDString(pool: virStoragePoolPtr, buf: *mut c_char) -> c_int {
    guard(FROM, "virStoragePoolGetUUIDString", |call| {
        let p = call.storage_pool(pool)?;
        call.non_null(buf, "buf")?;
        // SAFETY: non-NULL; the caller provides VIR_UUID_STRING_BUFLEN bytes.
        let dst = unsafe { std::slice::from_raw_parts_mut(buf, UUID_STRING_BUFLEN) };
        copy_c_str(dst, &crate::conf::uuid::Uuid(p.id.uuid).to_string());
        Ok(0)
    })
}

/// Get volatile information about the storage pool such as free space / usage summary.
#[no_mangle]
pub extern "C" fn virStoragePoolGetInfo(
    vol: virStoragePoolPtr,
    info: virStoragePoolInfoPtr,
) -> c_int {
    guard(FROM, "virStoragePoolGetInfo", |call| {
        let p = call.storage_pool(vol)?;
        call.non_null(info, "info")?;
        let r = p.conn.driver.storage_pool_get_info(&p.id)?;
        // SAFETY: non-NULL; the caller's virStoragePoolInfo, written only on success.
        unsafe {
            *info = crate::abi::storage::virStoragePoolInfo {
                state: c_int::from(r.state),
                capacity: r.capacity,
                allocation: r.allocation,
                available: r.available,
            }
        };
        Ok(0)
    })
}

/// Fetch an XML document describing all aspects of the storage pool.
#[no_mangle]
pub extern "C" fn virStoragePoolGetXMLDesc(pool: virStoragePoolPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virStoragePoolGetXMLDesc", |call| {
        let p = call.storage_pool(pool)?;
        Ok(c_strdup(&p.conn.driver.storage_pool_get_xml_desc(&p.id, flags)?))
    })
}

/// Fetches the value of the autostart flag, which determines whether the pool is automatically
/// started at boot time.
#[no_mangle]
pub extern "C" fn virStoragePoolGetAutostart(
    pool: virStoragePoolPtr,
    autostart: *mut c_int,
) -> c_int {
    guard(FROM, "virStoragePoolGetAutostart", |call| {
        let p = call.storage_pool(pool)?;
        call.non_null(autostart, "autostart")?;
        let v = p.conn.driver.storage_pool_get_autostart(&p.id)?;
        // SAFETY: non-NULL; the caller's int.
        unsafe { *autostart = c_int::from(v) };
        Ok(0)
    })
}

/// Configure the storage pool to be automatically started when the host machine boots.
#[no_mangle]
pub extern "C" fn virStoragePoolSetAutostart(pool: virStoragePoolPtr, autostart: c_int) -> c_int {
    guard(FROM, "virStoragePoolSetAutostart", |call| {
        let pool = call.storage_pool(pool)?;
        call.writable(&pool.conn)?;
        pool.conn.driver.storage_pool_set_autostart(&pool.id, autostart != 0)?;
        Ok(0)
    })
}

/// Fetch the number of storage volumes within a pool.
#[no_mangle]
pub extern "C" fn virStoragePoolNumOfVolumes(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolNumOfVolumes", |call| {
        let p = call.storage_pool(pool)?;
        p.conn.driver.storage_pool_num_of_volumes(&p.id)
    })
}

/// Fetch list of storage volume names, limiting to at most maxnames.
#[no_mangle]
pub extern "C" fn virStoragePoolListVolumes(
    pool: virStoragePoolPtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virStoragePoolListVolumes", |call| {
        let p = call.storage_pool(pool)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        Ok(fill_names(names, maxnames, &p.conn.driver.storage_pool_list_volumes(&p.id)?))
    })
}

/// Collect the list of storage volumes, and allocate an array to store those objects.
#[no_mangle]
pub extern "C" fn virStoragePoolListAllVolumes(
    pool: virStoragePoolPtr,
    vols: *mut *mut virStorageVolPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStoragePoolListAllVolumes", |call| {
        let p = call.storage_pool(pool)?;
        let all = p.conn.driver.storage_pool_list_all_volumes(&p.id, flags)?;
        hand_out(vols, all.into_iter().map(|id| vol_handle(&p.conn, p.conn_handle, id)).collect())
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

/// Fetch a pointer to a storage volume based on its name within a pool.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByName(
    pool: virStoragePoolPtr,
    name: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByName", |call| {
        let p = call.storage_pool(pool)?;
        let name = call.str_arg(name, "name")?;
        Ok(vol_handle(&p.conn, p.conn_handle, p.conn.driver.storage_vol_lookup_by_name(&p.id, name)?))
    })
}

/// Fetch a pointer to a storage volume based on its globally unique key.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByKey(
    conn: virConnectPtr,
    key: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByKey", |call| {
        let c = call.conn(conn)?;
        let key = call.str_arg(key, "key")?;
        Ok(vol_handle(&c, conn as usize, c.driver.storage_vol_lookup_by_key(key)?))
    })
}

/// Fetch a pointer to a storage volume based on its locally (host) unique path.
#[no_mangle]
pub extern "C" fn virStorageVolLookupByPath(
    conn: virConnectPtr,
    path: *const c_char,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolLookupByPath", |call| {
        let c = call.conn(conn)?;
        let path = call.str_arg(path, "path")?;
        Ok(vol_handle(&c, conn as usize, c.driver.storage_vol_lookup_by_path(path)?))
    })
}

/// Fetch the storage volume name.
#[no_mangle]
pub extern "C" fn virStorageVolGetName(vol: virStorageVolPtr) -> *const c_char {
    guard(FROM, "virStorageVolGetName", |call| {
        let v = call.storage_vol(vol)?;
        Ok(v.c_name.as_ptr())
    })
}

/// Fetch the storage volume key.
#[no_mangle]
pub extern "C" fn virStorageVolGetKey(vol: virStorageVolPtr) -> *const c_char {
    guard(FROM, "virStorageVolGetKey", |call| {
        let v = call.storage_vol(vol)?;
        v.lend_str("key", || Ok(Some(v.id.key.clone())))
    })
}

/// Create a storage volume within a pool based on an XML description.
#[no_mangle]
pub extern "C" fn virStorageVolCreateXML(
    pool: virStoragePoolPtr,
    xmldesc: *const c_char,
    flags: c_uint,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolCreateXML", |call| {
        let pool = call.storage_pool(pool)?;
        let xml = call.str_arg(xmldesc, "xmlDesc")?;
        call.writable(&pool.conn)?;
        let id = pool.conn.driver.storage_vol_create_xml(&pool.id, xml, flags)?;
        Ok(vol_handle(&pool.conn, pool.conn_handle, id))
    })
}

/// Create a storage volume in the parent pool, using the 'clonevol' volume as input.
#[no_mangle]
pub extern "C" fn virStorageVolCreateXMLFrom(
    pool: virStoragePoolPtr,
    xmldesc: *const c_char,
    clonevol: virStorageVolPtr,
    flags: c_uint,
) -> virStorageVolPtr {
    guard(FROM, "virStorageVolCreateXMLFrom", |call| {
        let pool = call.storage_pool(pool)?;
        let clone = call.storage_vol(clonevol)?;
        let xml = call.str_arg(xmldesc, "xmlDesc")?;
        call.writable(&pool.conn)?;
        let id = pool.conn.driver.storage_vol_create_xml_from(&pool.id, xml, &clone.id, flags)?;
        Ok(vol_handle(&pool.conn, pool.conn_handle, id))
    })
}

/// Download the content of the volume as a stream.
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
        let ((), s) = vol.conn.driver.storage_vol_download(&vol.id, offset, length, flags)?;
        super::stream::bind(&stream, s);
        Ok(0)
    })
}

/// Upload new content to the volume from a stream.
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
        let ((), s) = vol.conn.driver.storage_vol_upload(&vol.id, offset, length, flags)?;
        super::stream::bind(&stream, s);
        Ok(0)
    })
}

/// Delete the storage volume from the pool.
#[no_mangle]
pub extern "C" fn virStorageVolDelete(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStorageVolDelete", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        vol.conn.driver.storage_vol_delete(&vol.id, flags)?;
        Ok(0)
    })
}

/// Ensure data previously on a volume is not accessible to future reads.
#[no_mangle]
pub extern "C" fn virStorageVolWipe(vol: virStorageVolPtr, flags: c_uint) -> c_int {
    guard(FROM, "virStorageVolWipe", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        vol.conn.driver.storage_vol_wipe(&vol.id, flags)?;
        Ok(0)
    })
}

/// Similar to virStorageVolWipe, but one can choose between different wiping algorithms.
#[no_mangle]
pub extern "C" fn virStorageVolWipePattern(
    vol: virStorageVolPtr,
    algorithm: c_uint,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolWipePattern", |call| {
        let vol = call.storage_vol(vol)?;
        call.writable(&vol.conn)?;
        vol.conn.driver.storage_vol_wipe_pattern(&vol.id, algorithm, flags)?;
        Ok(0)
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

/// Fetches volatile information about the storage volume such as its current allocation.
#[no_mangle]
pub extern "C" fn virStorageVolGetInfo(vol: virStorageVolPtr, info: virStorageVolInfoPtr) -> c_int {
    guard(FROM, "virStorageVolGetInfo", |call| {
        let v = call.storage_vol(vol)?;
        call.non_null(info, "info")?;
        let r = v.conn.driver.storage_vol_get_info(&v.id)?;
        // SAFETY: non-NULL; the caller's virStorageVolInfo, written only on success.
        unsafe { *info = crate::abi::storage::virStorageVolInfo { r#type: r.type_, capacity: r.capacity, allocation: r.allocation } };
        Ok(0)
    })
}

/// Fetches volatile information about the storage volume such as its current allocation.
#[no_mangle]
pub extern "C" fn virStorageVolGetInfoFlags(
    vol: virStorageVolPtr,
    info: virStorageVolInfoPtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virStorageVolGetInfoFlags", |call| {
        let v = call.storage_vol(vol)?;
        call.non_null(info, "info")?;
        let r = v.conn.driver.storage_vol_get_info_flags(&v.id, flags)?;
        // SAFETY: non-NULL; the caller's virStorageVolInfo, written only on success.
        unsafe { *info = crate::abi::storage::virStorageVolInfo { r#type: r.type_, capacity: r.capacity, allocation: r.allocation } };
        Ok(0)
    })
}

/// Fetch an XML document describing all aspects of the storage volume.
#[no_mangle]
pub extern "C" fn virStorageVolGetXMLDesc(pool: virStorageVolPtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virStorageVolGetXMLDesc", |call| {
        let v = call.storage_vol(pool)?;
        Ok(c_strdup(&v.conn.driver.storage_vol_get_xml_desc(&v.id, flags)?))
    })
}

/// Fetch the storage volume path.
#[no_mangle]
pub extern "C" fn virStorageVolGetPath(vol: virStorageVolPtr) -> *mut c_char {
    guard(FROM, "virStorageVolGetPath", |call| {
        let v = call.storage_vol(vol)?;
        Ok(c_strdup(&v.conn.driver.storage_vol_get_path(&v.id)?))
    })
}

/// Changes the capacity of the storage volume vol to capacity.
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
        vol.conn.driver.storage_vol_resize(&vol.id, capacity, flags)?;
        Ok(0)
    })
}

/// Determine if the storage pool is currently running.
#[no_mangle]
pub extern "C" fn virStoragePoolIsActive(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolIsActive", |call| {
        let p = call.storage_pool(pool)?;
        Ok(c_int::from(p.conn.driver.storage_pool_is_active(&p.id)?))
    })
}

/// Determine if the storage pool has a persistent configuration which means it will still exist
/// after shutting down.
#[no_mangle]
pub extern "C" fn virStoragePoolIsPersistent(pool: virStoragePoolPtr) -> c_int {
    guard(FROM, "virStoragePoolIsPersistent", |call| {
        let p = call.storage_pool(pool)?;
        Ok(c_int::from(p.conn.driver.storage_pool_is_persistent(&p.id)?))
    })
}

/// Adds a callback to receive notifications of arbitrary storage pool events occurring on a storage
/// pool (`pool`), or on every pool of `conn` when `pool` is NULL.
/// `cb` has the type the event id implies, cast to the generic type; it is called from
/// the registered event loop, which must exist, with a handle of the object valid for the
/// call and `opaque`. `freecb(opaque)` runs when the callback is deregistered; the callback
/// holds a reference on `conn` until then. Returns the callback id, or -1 on error.
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
        let c = call.conn(conn)?;
        let mut filter = None;
        if !pool.is_null() {
            let obj = call.storage_pool(pool)?;
            filter = Some(EventTarget::Uuid(obj.id.uuid));
            call.owned_by(&obj.conn, &c, "pool", &format!("storage pool '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 2)?;
        let f = cb.map(|f| {
            // SAFETY: every class's generic callback takes (connection, object pointer,
            // opaque); the object pointer's type does not change how it is passed.
            unsafe { std::mem::transmute::<unsafe extern "C" fn(virConnectPtr, virStoragePoolPtr, *mut c_void), GenericFn>(f) }
        });
        let Some(f) = f else { return call.unsupported() };
        object_event::register(call, conn, ObjectKind::StoragePool, filter, eventID, f, opaque, freecb)
    })
}

/// Removes an event callback.
#[no_mangle]
pub extern "C" fn virConnectStoragePoolEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectStoragePoolEventDeregisterAny", |call| {
        call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        object_event::deregister(call, conn, ObjectKind::StoragePool, callbackID)
    })
}
