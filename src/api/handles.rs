//! Handle checks for the classes no driver serves yet: networks and their ports,
//! interfaces, storage pools and volumes, node devices, secrets, network filters and
//! their bindings, streams, snapshots and checkpoints.
//!
//! Each class has its `HandleTable`, as connections and domains do, and a `Call`
//! method that looks a pointer up there or reports exactly libvirt's invalid-pointer
//! error for the class ("invalid network pointer in virNetworkGetName", code 36, domain
//! 19). Nothing inserts into these tables yet, so today every pointer of these classes
//! is invalid; a driver that starts serving a class inserts its objects here (or swaps
//! `Object` for its own type) and every export of the class works unchanged.

use std::sync::{Arc, LazyLock};

use crate::abi::{
    virConnectPtr, virDomainCheckpointPtr, virDomainSnapshotPtr, virInterfacePtr,
    virNWFilterBindingPtr, virNWFilterPtr, virNetworkPortPtr, virNetworkPtr, virNodeDevicePtr,
    virSecretPtr, virStoragePoolPtr, virStorageVolPtr, virStreamPtr,
};
use crate::datatypes::{self, Connect, CONNECTIONS};
use crate::error::{Code, Domain, Error, Result};
use crate::handle::HandleTable;

use super::Call;

/// The object behind a handle of a class served by no driver yet. It knows its
/// connection (and holds a reference on the connection's handle, as libvirt's objects
/// do) and the handle of the object it belongs to, if any: the domain of a snapshot or
/// checkpoint, the network of a port, the pool of a volume.
pub(crate) struct Object {
    /// What libvirt's messages call the object: its name (a secret's UUID string).
    pub name: String,
    pub conn: Arc<Connect>,
    pub conn_handle: usize,
    pub parent: usize,
}

macro_rules! handle_classes {
    ($( $(#[$doc:meta])* $method:ident($ptr:ty) in $table:ident => $code:ident, $from:ident; )*) => {
        $(
            pub(crate) static $table: LazyLock<HandleTable<Object>> = LazyLock::new(HandleTable::default);
        )*

        impl Call {
            $(
                $(#[$doc])*
                pub fn $method(&mut self, p: $ptr) -> Result<Arc<Object>> {
                    match $table.get(p as usize) {
                        Some(obj) => {
                            self.conn = Some(obj.conn.clone());
                            Ok(obj)
                        }
                        None => Err(Error::new(Domain::$from, Code::$code, self.api)),
                    }
                }
            )*
        }
    };
}

handle_classes! {
    /// The live network behind `p`, or "invalid network pointer in <api>".
    network(virNetworkPtr) in NETWORKS => VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK;
    /// The live network port behind `p`, or "Invalid network port pointer: <api>".
    network_port(virNetworkPortPtr) in NETWORK_PORTS => VIR_ERR_INVALID_NETWORK_PORT, VIR_FROM_NETWORK;
    /// The live host interface behind `p`, or "invalid interface pointer in <api>".
    interface(virInterfacePtr) in INTERFACES => VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE;
    /// The live storage pool behind `p`, or "invalid storage pool pointer in <api>".
    storage_pool(virStoragePoolPtr) in STORAGE_POOLS => VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE;
    /// The live storage volume behind `p`, or "invalid storage volume pointer in <api>".
    storage_vol(virStorageVolPtr) in STORAGE_VOLS => VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE;
    /// The live node device behind `p`, or "invalid node device pointer in <api>".
    node_device(virNodeDevicePtr) in NODE_DEVICES => VIR_ERR_INVALID_NODE_DEVICE, VIR_FROM_NODEDEV;
    /// The live secret behind `p`, or "Invalid secret: <api>".
    secret(virSecretPtr) in SECRETS => VIR_ERR_INVALID_SECRET, VIR_FROM_SECRET;
    /// The live network filter behind `p`, or "Invalid network filter: <api>".
    nwfilter(virNWFilterPtr) in NWFILTERS => VIR_ERR_INVALID_NWFILTER, VIR_FROM_NWFILTER;
    /// The live network filter binding behind `p`, or "Invalid network filter binding: <api>".
    nwfilter_binding(virNWFilterBindingPtr) in NWFILTER_BINDINGS => VIR_ERR_INVALID_NWFILTER_BINDING, VIR_FROM_NWFILTER;
    /// The live stream behind `p`, or "invalid stream pointer in <api>".
    stream(virStreamPtr) in STREAMS => VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS;
    /// The live domain snapshot behind `p`, or "Invalid domain snapshot: <api>".
    snapshot(virDomainSnapshotPtr) in SNAPSHOTS => VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT;
    /// The live domain checkpoint behind `p`, or "Invalid domain checkpoint: <api>".
    checkpoint(virDomainCheckpointPtr) in CHECKPOINTS => VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT;
}

impl Call {
    /// A second connection argument (`dconn` of the migration calls): checked like the
    /// first, in this call's error domain, but errors still go to the first connection.
    pub fn other_conn(&self, p: virConnectPtr) -> Result<Arc<Connect>> {
        CONNECTIONS
            .get(p as usize)
            .ok_or_else(|| Error::new(self.from, Code::VIR_ERR_INVALID_CONN, self.api))
    }
}

/// `vir<Class>Ref`: one more public reference on a live handle.
pub(crate) fn add_ref(table: &HandleTable<Object>, handle: usize) {
    table.add_ref(handle);
}

/// `vir<Class>Free`: drops a public reference; with the last one the object goes and
/// releases its reference on the connection.
pub(crate) fn release(table: &HandleTable<Object>, handle: usize) {
    if let Some((_, Some(obj))) = table.unref(handle) {
        datatypes::unref_connect(obj.conn_handle);
    }
}
