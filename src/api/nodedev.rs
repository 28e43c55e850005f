//! libvirt-nodedev.h: host devices. Handle checks and reference counting are real; every
//! operation reports VIR_ERR_NO_SUPPORT until a driver serves node devices.
//!
//! Generated from libvirt 9.0.0's header and from probing Debian's libvirt: each export
//! checks its handle, the connection's read-only state and its arguments in the order
//! libvirt's public API does, with the same errors, and then reports what it cannot do
//! yet. Parameters a stub does not check are not used yet, hence the `allow`s.

#![allow(non_snake_case, unused_variables)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use libc::{c_char, c_int, c_uint, c_void};

use super::guard;
use super::handles;
use crate::abi::host::virFreeCallback;
use crate::abi::nodedev::virConnectNodeDeviceEventGenericCallback;
use crate::abi::{virConnectPtr, virNodeDevicePtr};
use crate::error::Domain;

const FROM: Domain = Domain::VIR_FROM_NODEDEV;

/// Provides the number of node devices. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeNumOfDevices(
    conn: virConnectPtr,
    cap: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeNumOfDevices", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Collect the list of node devices, and store their names in names. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeListDevices(
    conn: virConnectPtr,
    cap: *const c_char,
    names: *mut *mut c_char,
    maxnames: c_int,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeListDevices", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Collect the list of node devices, and allocate an array to store those objects. Not supported
/// yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectListAllNodeDevices(
    conn: virConnectPtr,
    devices: *mut *mut virNodeDevicePtr,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virConnectListAllNodeDevices", |call| {
        let _conn = call.conn(conn)?;
        call.unsupported()
    })
}

/// Lookup a node device by its name. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceLookupByName(
    conn: virConnectPtr,
    name: *const c_char,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceLookupByName", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(name, "name")?;
        call.unsupported()
    })
}

/// Lookup SCSI Host which is capable with 'fc_host' by its WWNN and WWPN. Not supported yet: fails
/// with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceLookupSCSIHostByWWN(
    conn: virConnectPtr,
    wwnn: *const c_char,
    wwpn: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceLookupSCSIHostByWWN", |call| {
        let _conn = call.conn(conn)?;
        call.non_null(wwnn, "wwnn")?;
        call.non_null(wwpn, "wwpn")?;
        call.unsupported()
    })
}

/// Just return the device name. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetName(dev: virNodeDevicePtr) -> *const c_char {
    guard(FROM, "virNodeDeviceGetName", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
    })
}

/// Accessor for the parent of the device. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetParent(dev: virNodeDevicePtr) -> *const c_char {
    guard(FROM, "virNodeDeviceGetParent", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
    })
}

/// Accessor for the number of capabilities supported by the device. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceNumOfCaps(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceNumOfCaps", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
    })
}

/// Lists the names of the capabilities supported by the device. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceListCaps(
    dev: virNodeDevicePtr,
    names: *mut *mut c_char,
    maxnames: c_int,
) -> c_int {
    guard(FROM, "virNodeDeviceListCaps", |call| {
        let _dev = call.node_device(dev)?;
        call.non_negative(maxnames as i64, "maxnames")?;
        call.non_null_array(names, maxnames as i64, "names")?;
        call.unsupported()
    })
}

/// Fetch an XML document describing all aspects of the device. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetXMLDesc(dev: virNodeDevicePtr, flags: c_uint) -> *mut c_char {
    guard(FROM, "virNodeDeviceGetXMLDesc", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
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

/// Detach the node device from the node itself so that it may be assigned to a guest domain. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceDettach(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceDettach", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Detach the node device from the node itself so that it may be assigned to a guest domain. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceDetachFlags(
    dev: virNodeDevicePtr,
    driverName: *const c_char,
    flags: c_uint,
) -> c_int {
    guard(FROM, "virNodeDeviceDetachFlags", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Re-attach a previously detached node device to the node so that it may be used by the node
/// again. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceReAttach(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceReAttach", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Reset a previously detached node device to the node before or after assigning it to a guest. Not
/// supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceReset(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceReset", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Create a new device on the VM host machine, for example, virtual HBAs created using
/// vport_create. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceCreateXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceCreateXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.unsupported()
    })
}

/// Destroy the device object. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceDestroy(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceDestroy", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Define a new device on the VM host machine, for example, a mediated device. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceDefineXML(
    conn: virConnectPtr,
    xmlDesc: *const c_char,
    flags: c_uint,
) -> virNodeDevicePtr {
    guard(FROM, "virNodeDeviceDefineXML", |call| {
        let conn = call.conn(conn)?;
        call.writable(&conn)?;
        call.non_null(xmlDesc, "xmlDesc")?;
        call.unsupported()
    })
}

/// Undefine the device object. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceUndefine(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    guard(FROM, "virNodeDeviceUndefine", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Start a defined node device. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceCreate(dev: virNodeDevicePtr, flags: c_uint) -> c_int {
    guard(FROM, "virNodeDeviceCreate", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Configure the node device to be automatically started when the host machine boots or the parent
/// device becomes available. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceSetAutostart(dev: virNodeDevicePtr, autostart: c_int) -> c_int {
    guard(FROM, "virNodeDeviceSetAutostart", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Provides a boolean value indicating whether the node device is configured to be automatically
/// started when the host machine boots or the parent device becomes available. Not supported yet:
/// fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceGetAutostart(dev: virNodeDevicePtr, autostart: *mut c_int) -> c_int {
    guard(FROM, "virNodeDeviceGetAutostart", |call| {
        let dev = call.node_device(dev)?;
        call.writable(&dev.conn)?;
        call.unsupported()
    })
}

/// Determine if the node device has a persistent configuration which means it will still exist
/// after shutting down. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceIsPersistent(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceIsPersistent", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
    })
}

/// Determine if the node device is currently active. Not supported yet: fails with
/// VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virNodeDeviceIsActive(dev: virNodeDevicePtr) -> c_int {
    guard(FROM, "virNodeDeviceIsActive", |call| {
        let _dev = call.node_device(dev)?;
        call.unsupported()
    })
}

/// Adds a callback to receive notifications of arbitrary node device events occurring on a node
/// device. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
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
        let conn = call.conn(conn)?;
        if !dev.is_null() {
            let obj = call.node_device(dev)?;
            call.owned_by(&obj.conn, &conn, "dev", &format!("node device '{}'", obj.name()))?;
        }
        call.callback(&cb, "cb")?;
        call.event_id(eventID, 2)?;
        call.unsupported()
    })
}

/// Removes an event callback. Not supported yet: fails with VIR_ERR_NO_SUPPORT.
#[no_mangle]
pub extern "C" fn virConnectNodeDeviceEventDeregisterAny(
    conn: virConnectPtr,
    callbackID: c_int,
) -> c_int {
    guard(FROM, "virConnectNodeDeviceEventDeregisterAny", |call| {
        let _conn = call.conn(conn)?;
        call.non_negative(callbackID as i64, "callbackID")?;
        call.unsupported()
    })
}
