//! Handles of the object classes besides connections and domains: networks and their
//! ports, interfaces, storage pools and volumes, node devices, secrets, network filters
//! and their bindings, streams, snapshots and checkpoints.
//!
//! Each class has its `HandleTable` of [`Object`]s carrying the class's identity (the
//! `driver::*Id` every driver call takes), and a `Call` method that looks a pointer up
//! there or reports exactly libvirt's invalid-pointer error for the class ("invalid
//! network pointer in virNetworkGetName", code 36, domain 19). An export that gets an
//! object from its driver hands it to C with [`new_object`]; `vir<Class>Ref` and
//! `vir<Class>Free` are [`add_ref`] and [`release`].

use std::sync::{Arc, LazyLock};

use crate::abi::{
    virConnectPtr, virDomainCheckpointPtr, virDomainSnapshotPtr, virInterfacePtr,
    virNWFilterBindingPtr, virNWFilterPtr, virNetworkPortPtr, virNetworkPtr, virNodeDevicePtr,
    virSecretPtr, virStoragePoolPtr, virStorageVolPtr, virStreamPtr,
};
use crate::datatypes::{self, Connect, CONNECTIONS};
use crate::driver::{
    CheckpointId, InterfaceId, NetworkId, NetworkPortId, NodeDeviceId, NwFilterBindingId, NwFilterId, SecretId,
    SnapshotId, StoragePoolId, StorageVolId,
};
use crate::error::{Code, Domain, Error, Result};
use crate::handle::HandleTable;

use super::Call;

/// The object behind a handle: its identity as drivers take it, its connection (on
/// whose handle it holds a reference, as libvirt's objects do) and the handle of the
/// object it belongs to, if any: the domain of a snapshot or checkpoint, the network of
/// a port, the pool of a volume (0 when none).
pub(crate) struct Object<I> {
    pub id: I,
    /// The object's name as a C string, for the `Get<Name>` exports (valid while the handle lives).
    pub c_name: std::ffi::CString,
    pub conn: Arc<Connect>,
    pub conn_handle: usize,
    pub parent: usize,
    /// C strings lent out by the handle (its name, a device's parent...), made on first
    /// use and kept as long as the handle, as libvirt keeps them in its objects.
    strings: parking_lot::Mutex<Vec<(&'static str, std::ffi::CString)>>,
}

impl<I> Object<I> {
    /// The string `key` of this handle as a C string that lives as long as the handle;
    /// `make` gives it the first time (None: no string, NULL, nothing kept).
    pub fn lend_str(
        &self,
        key: &'static str,
        make: impl FnOnce() -> Result<Option<String>>,
    ) -> Result<*const libc::c_char> {
        let mut strings = self.strings.lock();
        if let Some((_, s)) = strings.iter().find(|(k, _)| *k == key) {
            return Ok(s.as_ptr());
        }
        let Some(value) = make()? else { return Ok(std::ptr::null()) };
        let s = crate::error::c_string(&value);
        // A CString's bytes live on the heap: the pointer survives the vector growing.
        let p = s.as_ptr();
        strings.push((key, s));
        Ok(p)
    }
}

/// What libvirt's messages call an object ("network 'default'").
pub(crate) trait ObjectName {
    fn object_name(&self) -> String;
}

macro_rules! named_by {
    ($($t:ty => |$v:ident| $e:expr;)*) => {$(
        impl ObjectName for $t {
            fn object_name(&self) -> String {
                let $v = self;
                $e
            }
        }
    )*};
}

named_by! {
    NetworkId => |v| v.name.clone();
    NetworkPortId => |v| crate::conf::uuid::Uuid(v.uuid).to_string_dashed();
    NwFilterId => |v| v.name.clone();
    NwFilterBindingId => |v| v.portdev.clone();
    InterfaceId => |v| v.name.clone();
    StoragePoolId => |v| v.name.clone();
    StorageVolId => |v| v.name.clone();
    NodeDeviceId => |v| v.name.clone();
    SecretId => |v| crate::conf::uuid::Uuid(v.uuid).to_string_dashed();
    SnapshotId => |v| v.name.clone();
    CheckpointId => |v| v.name.clone();
    StreamId => |v| format!("stream {}", v.0);
}

/// A stream's identity: a number, unique in the process, and what the stream is bound
/// to once a stream API opened it (see `api::stream`).
#[derive(Clone)]
pub(crate) struct StreamId(pub u64, pub Arc<super::stream::StreamSlot>);

impl PartialEq for StreamId {
    fn eq(&self, other: &StreamId) -> bool {
        self.0 == other.0
    }
}
impl Eq for StreamId {}

impl std::fmt::Debug for StreamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StreamId({})", self.0)
    }
}

impl<I: ObjectName> Object<I> {
    pub fn name(&self) -> String {
        self.id.object_name()
    }
}

/// Hands an object of `conn` (whose handle is `conn_handle`) to C: a new handle in
/// `table` with one reference, holding one on the connection's handle.
pub(crate) fn new_object<I: ObjectName>(
    table: &HandleTable<Object<I>>,
    conn: &Arc<Connect>,
    conn_handle: usize,
    parent: usize,
    id: I,
) -> usize {
    CONNECTIONS.add_ref(conn_handle);
    let c_name = crate::error::c_string(&id.object_name());
    table.insert(Arc::new(Object { id, c_name, conn: conn.clone(), conn_handle, parent, strings: Default::default() }))
}

macro_rules! handle_classes {
    ($( $(#[$doc:meta])* $method:ident($ptr:ty, $id:ty) in $table:ident => $code:ident, $from:ident; )*) => {
        $(
            pub(crate) static $table: LazyLock<HandleTable<Object<$id>>> = LazyLock::new(HandleTable::default);
        )*

        impl Call {
            $(
                $(#[$doc])*
                pub fn $method(&mut self, p: $ptr) -> Result<Arc<Object<$id>>> {
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
    network(virNetworkPtr, NetworkId) in NETWORKS => VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK;
    /// The live network port behind `p`, or "Invalid network port pointer: <api>".
    network_port(virNetworkPortPtr, NetworkPortId) in NETWORK_PORTS => VIR_ERR_INVALID_NETWORK_PORT, VIR_FROM_NETWORK;
    /// The live host interface behind `p`, or "invalid interface pointer in <api>".
    interface(virInterfacePtr, InterfaceId) in INTERFACES => VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE;
    /// The live storage pool behind `p`, or "invalid storage pool pointer in <api>".
    storage_pool(virStoragePoolPtr, StoragePoolId) in STORAGE_POOLS => VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE;
    /// The live storage volume behind `p`, or "invalid storage volume pointer in <api>".
    storage_vol(virStorageVolPtr, StorageVolId) in STORAGE_VOLS => VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE;
    /// The live node device behind `p`, or "invalid node device pointer in <api>".
    node_device(virNodeDevicePtr, NodeDeviceId) in NODE_DEVICES => VIR_ERR_INVALID_NODE_DEVICE, VIR_FROM_NODEDEV;
    /// The live secret behind `p`, or "Invalid secret: <api>".
    secret(virSecretPtr, SecretId) in SECRETS => VIR_ERR_INVALID_SECRET, VIR_FROM_SECRET;
    /// The live network filter behind `p`, or "Invalid network filter: <api>".
    nwfilter(virNWFilterPtr, NwFilterId) in NWFILTERS => VIR_ERR_INVALID_NWFILTER, VIR_FROM_NWFILTER;
    /// The live network filter binding behind `p`, or "Invalid network filter binding: <api>".
    nwfilter_binding(virNWFilterBindingPtr, NwFilterBindingId) in NWFILTER_BINDINGS => VIR_ERR_INVALID_NWFILTER_BINDING, VIR_FROM_NWFILTER;
    /// The live stream behind `p`, or "invalid stream pointer in <api>".
    stream(virStreamPtr, StreamId) in STREAMS => VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS;
    /// The live domain snapshot behind `p`, or "Invalid domain snapshot: <api>".
    snapshot(virDomainSnapshotPtr, SnapshotId) in SNAPSHOTS => VIR_ERR_INVALID_DOMAIN_SNAPSHOT, VIR_FROM_DOMAIN_SNAPSHOT;
    /// The live domain checkpoint behind `p`, or "Invalid domain checkpoint: <api>".
    checkpoint(virDomainCheckpointPtr, CheckpointId) in CHECKPOINTS => VIR_ERR_INVALID_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT;
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
pub(crate) fn add_ref<I>(table: &HandleTable<Object<I>>, handle: usize) {
    table.add_ref(handle);
}

/// `vir<Class>Free`: drops a public reference; with the last one the object goes and
/// releases its reference on the connection.
pub(crate) fn release<I>(table: &HandleTable<Object<I>>, handle: usize) {
    if let Some((_, Some(obj))) = table.unref(handle) {
        datatypes::unref_connect(obj.conn_handle);
    }
}
