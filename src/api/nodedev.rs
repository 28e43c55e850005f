//! libvirt-nodedev.h: host devices. Each export checks its handle, the connection's
//! read-only state and its arguments in the order libvirt's public API does, with the
//! same errors, then calls the connection's node device slot. Event registration is not
//! served yet.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use super::object_event::{self, GenericFn};
use crate::driver::{EventTarget, ObjectKind};
use std::sync::Arc;

use libc::{c_char, c_int, c_uint, c_void};

use super::handles::{self, new_object, Object, NODE_DEVICES};
use super::{c_array, c_strdup, guard, Call};
use crate::abi::host::virFreeCallback;
use crate::abi::nodedev::virConnectNodeDeviceEventGenericCallback;
use crate::abi::{virConnectPtr, virNodeDevicePtr};
use crate::datatypes::Connect;
use crate::driver::NodeDeviceId;
use crate::error::{self, Domain};

const FROM: Domain = Domain::VIR_FROM_NODEDEV;

/// Hands a device of `c` (whose handle is `conn`) to C with one reference.
fn new_handle(conn: virConnectPtr, c: &Arc<Connect>, id: NodeDeviceId) -> virNodeDevicePtr {
    new_object(&NODE_DEVICES, c, conn as usize, 0, id) as virNodeDevicePtr
}

/// Copies up to `maxnames` of `all` into the caller's `names` array; returns how many.
fn fill_names(names: *mut *mut c_char, maxnames: c_int, all: &[String]) -> c_int {
    let n = all.len().min(maxnames.max(0) as usize);
    for (i, name) in all.iter().take(n).enumerate() {
        // SAFETY: the caller provides room for `maxnames` pointers (checked non-NULL when
        // positive); `i < n <= maxnames`.
        unsafe { *names.add(i) = c_strdup(name) };
    }
    n as c_int
}

/// Runs a device-changing `f` (refused on a read-only connection).
fn change_dev(api: &'static str, dev: virNodeDevicePtr, f: impl FnOnce(&mut Call, &Object<NodeDeviceId>) -> error::Result<()>) -> c_int {
    guard(FROM, api, |call| {
        let d = call.node_device(dev)?;
        call.writable(&d.conn)?;
        f(call, &d)?;
        Ok(0)
    })
}

/// The number of host devices, of capability `cap` if not NULL.
#[no_mangle]
pub extern "C" fn virNodeNumOfDevices(conn: virConnectPtr, cap: *const c_char, flags: c_uint) -> c_int {
    guard(FROM, "virNodeNumOfDevices", |call| {
        let c = call.conn(conn)?;
        let cap = call.opt_str_arg(cap, "cap")?;
        c.driver.node_num_of_devices(cap, flags)
    })
}

/// Stores the names of up to `maxnames` host devices (of capability `cap` if not NULL) in
/// `names`; each is freed by the caller with `free()`. Returns how many were stored.
#[no_mangle]
pub extern "C" fn virNodeListDevices(
    conn: virConnectPtr,
    cap: *const c_char,
    names: *mut *mut c_char,
    maxnames: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeListDevices", |call| {
        let c = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        let cap = call.opt_str_arg(cap, "cap")?;
        let all = c.driver.node_list_devices(cap, maxnames, flags)?;
        Ok(fill_names(names, maxnames, &all))
    })
}

/// All host devices matching `flags` (`virConnectListAllNodeDeviceFlags`). If `devices`
/// is not NULL it receives a NULL-terminated array the caller frees with `free()`, after
/// `virNodeDeviceFree` on each element. Returns the number of devices.
#[no_mangle]
pub extern "C" fn virConnectListAllNodeDevices(
    conn: virConnectPtr,
    devices: *mut *mut virNodeDevicePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNodeDevices", |call| {
        let c = call.conn(conn)?;
        if !devices.is_null() {
            // SAFETY: non-NULL; the caller's out pointer, cleared first as libvirt does.
            unsafe { *devices = std::ptr::null_mut() };
        }
        let all = c.driver.connect_list_all_node_devices(flags)?;
        let count = all.len() as c_int;
        if !devices.is_null() {
            let mut list: Vec<virNodeDevicePtr> = all.into_iter().map(|id| new_handle(conn, &c, id)).collect();
            list.push(std::ptr::null_mut());
            let array = c_array(&list)?;
            // SAFETY: checked non-NULL above.
            unsafe { *devices = array };
        }
        Ok(count)
    })
}

/// The host device named `name`; release the handle with `virNodeDeviceFree`.
#[no_mangle]
pub extern "C" fn virNodeDeviceLookupByName(conn: virConnectPtr, name: *const c_char) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceLookupByName", |call| {
        let c = call.conn(conn)?;
        let name = call.str_arg(name, "name")?;
        Ok(new_handle(conn, &c, c.driver.node_device_lookup_by_name(name)?))
    })
}

/// The SCSI host with FC WWNs `wwnn` and `wwpn`; release the handle with `virNodeDeviceFree`.
#[no_mangle]
pub extern "C" fn virNodeDeviceLookupSCSIHostByWWN(
    conn: virConnectPtr,
    wwnn: *const c_char,
    wwpn: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceLookupSCSIHostByWWN", |call| {
        let c = call.conn(conn)?;
        let wwnn = call.str_arg(wwnn, "wwnn")?;
        let wwpn = call.str_arg(wwpn, "wwpn")?;
        Ok(new_handle(conn, &c, c.driver.node_device_lookup_scsi_host_by_wwn(wwnn, wwpn, flags)?))
    })
}

/// The device's name, owned by the handle (valid until its last `virNodeDeviceFree`).
#[no_mangle]
pub extern "C" fn virNodeDeviceGetName(dev: virNodeDevicePtr) -> *const c_char {
    guard(FROM, "virNodeDeviceGetName", |call| {
        let d = call.node_device(dev)?;
        d.lend_str("name", || Ok(Some(d.id.name.clone())))
    })
}

/// The name of the device's parent, owned by the handle and asked of the driver once;
/// NULL when the device has none (the driver's reason is left as the last error, not
/// dispatched, as libvirt does).
#[no_mangle]
pub extern "C" fn virNodeDeviceGetParent(dev: virNodeDevicePtr) -> *const c_char {
    guard(FROM, "virNodeDeviceGetParent", |call| {
        let d = call.node_device(dev)?;
        d.lend_str("parent", || match d.conn.driver.node_device_get_parent(&d.id.name) {
            Ok(p) => Ok(p),
            Err(e) => {
                error::set_last_error(e);
                Ok(None)
            }
        })
    })
}

/// The number of capabilities of the device.
#[no_mangle]
pub extern "C" fn virNodeDeviceNumOfCaps(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceNumOfCaps", |call| {
        let d = call.node_device(dev)?;
        d.conn.driver.node_device_num_of_caps(&d.id.name)
    })
}

/// Stores the names of up to `maxnames` capabilities of the device in `names`; each is
/// freed by the caller with `free()`. Returns how many were stored.
#[no_mangle]
pub extern "C" fn virNodeDeviceListCaps(dev: virNodeDevicePtr, names: *mut *mut c_char, maxnames: c_int) -> c_int {
    guard(FROM, "virNodeDeviceListCaps", |call| {
        let d = call.node_device(dev)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        let all = d.conn.driver.node_device_list_caps(&d.id.name, maxnames)?;
        Ok(fill_names(names, maxnames, &all))
    })
}

/// The device's XML description; the caller frees it with `free()`.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetXMLDesc(dev: virNodeDevicePtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNodeDeviceGetXMLDesc", |call| {
        let d = call.node_device(dev)?;
        Ok(c_strdup(&d.conn.driver.node_device_get_xml_desc(&d.id.name, flags)?))
    })
}

/// Increment the reference count on the dev. Takes one more reference on the handle; release it
/// with `virNodeDeviceFree`.
#[no_mangle]
pub extern "C" fn virNodeDeviceRef(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceRef", |call| {
        call.node_device(dev)?;
        handles::add_ref(&handles::NODE_DEVICES, dev as usize);
        Ok(0)
    })
}

/// Drops a reference to the node device, freeing it if this was the last reference. Drops one
/// reference on the handle; the object goes with the last one.
#[no_mangle]
pub extern "C" fn virNodeDeviceFree(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceFree", |call| {
        call.node_device(dev)?;
        handles::release(&handles::NODE_DEVICES, dev as usize);
        Ok(0)
    })
}

/// Detach the node device from the node itself so that it may be assigned to a guest domain.
#[no_mangle]
pub extern "C" fn virNodeDeviceDettach(dev: virNodeDevicePtr) -> c_int {
    change_dev("virNodeDeviceDettach", dev, |_, d| d.conn.driver.node_device_dettach(&d.id.name))
}

/// Detach the node device from the node itself so that it may be assigned to a guest domain.
#[no_mangle]
pub extern "C" fn virNodeDeviceDetachFlags(
    dev: virNodeDevicePtr,
    driverName: *const c_char,
    flags: c_uint,
) -> c_int {
    change_dev("virNodeDeviceDetachFlags", dev, |call, d| {
        let driver = call.opt_str_arg(driverName, "driverName")?;
        d.conn.driver.node_device_detach_flags(&d.id.name, driver, flags)
    })
}

/// Re-attach a previously detached node device to the node so that it may be used by the node
/// again.
#[no_mangle]
pub extern "C" fn virNodeDeviceReAttach(dev: virNodeDevicePtr) -> c_int {
    change_dev("virNodeDeviceReAttach", dev, |_, d| d.conn.driver.node_device_re_attach(&d.id.name))
}

/// Reset a previously detached node device to the node before or after assigning it to a guest.
#[no_mangle]
pub extern "C" fn virNodeDeviceReset(dev: virNodeDevicePtr) -> c_int {
    change_dev("virNodeDeviceReset", dev, |_, d| d.conn.driver.node_device_reset(&d.id.name))
}

/// Create a new device on the VM host machine, for example, virtual HBAs created using
/// vport_create.
#[no_mangle]
pub extern "C" fn virNodeDeviceCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceCreateXML", |call| {
        let conn_obj = call.conn(conn)?;
        call.writable(&conn_obj)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        let id = conn_obj.driver.node_device_create_xml(xml, flags)?;
        Ok(new_handle(conn, &conn_obj, id))
    })
}

/// Destroy the device object.
#[no_mangle]
pub extern "C" fn virNodeDeviceDestroy(dev: virNodeDevicePtr) -> c_int {
    change_dev("virNodeDeviceDestroy", dev, |_, d| d.conn.driver.node_device_destroy(&d.id.name))
}

/// Define a new device on the VM host machine, for example, a mediated device.
#[no_mangle]
pub extern "C" fn virNodeDeviceDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceDefineXML", |call| {
        let conn_obj = call.conn(conn)?;
        call.writable(&conn_obj)?;
        let xml = call.str_arg(xmlDesc, "xmlDesc")?;
        let id = conn_obj.driver.node_device_define_xml(xml, flags)?;
        Ok(new_handle(conn, &conn_obj, id))
    })
}

/// Undefine the device object.
#[no_mangle]
pub extern "C" fn virNodeDeviceUndefine(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    change_dev("virNodeDeviceUndefine", dev, |_, d| d.conn.driver.node_device_undefine(&d.id.name, flags))
}

/// Start a defined node device.
#[no_mangle]
pub extern "C" fn virNodeDeviceCreate(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    change_dev("virNodeDeviceCreate", dev, |_, d| d.conn.driver.node_device_create(&d.id.name, flags))
}

/// Configure the node device to be automatically started when the host machine boots or the parent
/// device becomes available.
#[no_mangle]
pub extern "C" fn virNodeDeviceSetAutostart(dev: virNodeDevicePtr, autostart: c_int) -> c_int {
    change_dev("virNodeDeviceSetAutostart", dev, |_, d| d.conn.driver.node_device_set_autostart(&d.id.name, autostart != 0))
}

/// Provides a boolean value indicating whether the node device is configured to be automatically
/// started when the host machine boots or the parent device becomes available.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetAutostart(dev: virNodeDevicePtr, autostart: *mut c_int) -> c_int {
    guard(FROM, "virNodeDeviceGetAutostart", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.non_null(autostart, "autostart")?;
        let v = dev.conn.driver.node_device_get_autostart(&dev.id.name)?;
        // SAFETY: checked non-NULL; the caller's out pointer.
        unsafe { *autostart = v as c_int };
        Ok(0)
    })
}

/// Determine if the node device has a persistent configuration which means it will still exist
/// after shutting down.
#[no_mangle]
pub extern "C" fn virNodeDeviceIsPersistent(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceIsPersistent", |call| {
        let d = call.node_device(dev)?;
        Ok(d.conn.driver.node_device_is_persistent(&d.id.name)? as c_int)
    })
}

/// Determine if the node device is currently active. 
#[no_mangle]
pub extern "C" fn virNodeDeviceIsActive(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceIsActive", |call| {
        let d = call.node_device(dev)?;
        Ok(d.conn.driver.node_device_is_active(&d.id.name)? as c_int)
    })
}

/// Adds a callback to receive notifications of arbitrary node device events occurring on a node
/// device (`dev`), or on every device of `conn` when `dev` is NULL.
/// `cb` has the type the event id implies, cast to the generic type; it is called from
/// the registered event loop, which must exist, with a handle of the object valid for the
/// call and `opaque`. `freecb(opaque)` runs when the callback is deregistered; the callback
/// holds a reference on `conn` until then. Returns the callback id, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectNodeDeviceEventRegisterAny(
    conn: virConnectPtr,
    dev: virNodeDevicePtr,
    eventID: c_int,
    cb: virConnectNodeDeviceEventGenericCallback,
    opaque: *mut c_void,
    freecb: virFreeCallback,
) -> c_int {
    guard(FROM, "virConnectNodeDeviceEventRegisterAny", |call| {
        let c = call.conn(conn)?;
        let mut filter = None;
        if !dev.is_null() {
            let obj = call.node_device(dev)?;
            filter = Some(EventTarget::Name(obj.id.name.clone()));
            call.owned_by(&obj.conn, &c, "dev", &format!("node device '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 2)?;
        let f = cb.map(|f| {
            // SAFETY: every class's generic callback takes (connection, object pointer,
            // opaque); the object pointer's type does not change how it is passed.
            unsafe { std::mem::transmute::<unsafe extern "C" fn(virConnectPtr, virNodeDevicePtr, *mut c_void), GenericFn>(f) }
        });
        let Some(f) = f else { return call.unsupported() };
        object_event::register(call, conn, ObjectKind::NodeDevice, filter, eventID, f, opaque, freecb)
    })
}

/// Removes the event callback `callbackID` (of any class) of `conn`, running its free
/// callback before returning. Returns 0, or -1 on error.
#[no_mangle]
pub extern "C" fn virConnectNodeDeviceEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectNodeDeviceEventDeregisterAny", |call| {
        call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        object_event::deregister(call, conn, ObjectKind::NodeDevice, callbackID)
    })
}
