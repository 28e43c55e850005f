//! How drivers and the wire name objects: libvirt's `remote_nonnull_*` structs, which
//! are also what a handle holds and what every driver call receives (libvirt passes
//! name and UUID, or the class's own keys, with every call).

#![forbid(unsafe_code)]

crate::xdr_struct! {
    /// A domain (`remote_nonnull_domain`): name, UUID and the running id (-1 when the
    /// domain is not running).
    pub struct DomainId {
        pub name: String,
        pub uuid: [u8; 16],
        pub id: i32,
    }
}

crate::xdr_struct! {
    /// A virtual network (`remote_nonnull_network`).
    pub struct NetworkId {
        pub name: String,
        pub uuid: [u8; 16],
    }
}

crate::xdr_struct! {
    /// A network port (`remote_nonnull_network_port`): its network and its UUID.
    pub struct NetworkPortId {
        pub net: NetworkId,
        pub uuid: [u8; 16],
    }
}

crate::xdr_struct! {
    /// A network filter (`remote_nonnull_nwfilter`).
    pub struct NwFilterId {
        pub name: String,
        pub uuid: [u8; 16],
    }
}

crate::xdr_struct! {
    /// A network filter binding (`remote_nonnull_nwfilter_binding`).
    pub struct NwFilterBindingId {
        pub portdev: String,
        pub filtername: String,
    }
}

crate::xdr_struct! {
    /// A host interface (`remote_nonnull_interface`): name and MAC address.
    pub struct InterfaceId {
        pub name: String,
        pub mac: String,
    }
}

crate::xdr_struct! {
    /// A storage pool (`remote_nonnull_storage_pool`).
    pub struct StoragePoolId {
        pub name: String,
        pub uuid: [u8; 16],
    }
}

crate::xdr_struct! {
    /// A storage volume (`remote_nonnull_storage_vol`): its pool's name, its name and
    /// its key.
    pub struct StorageVolId {
        pub pool: String,
        pub name: String,
        pub key: String,
    }
}

crate::xdr_struct! {
    /// A host device (`remote_nonnull_node_device`).
    pub struct NodeDeviceId {
        pub name: String,
    }
}

crate::xdr_struct! {
    /// A secret (`remote_nonnull_secret`): UUID, usage type and usage id.
    pub struct SecretId {
        pub uuid: [u8; 16],
        pub usage_type: i32,
        pub usage_id: String,
    }
}

crate::xdr_struct! {
    /// A domain snapshot (`remote_nonnull_domain_snapshot`).
    pub struct SnapshotId {
        pub name: String,
        pub dom: DomainId,
    }
}

crate::xdr_struct! {
    /// A domain checkpoint (`remote_nonnull_domain_checkpoint`).
    pub struct CheckpointId {
        pub name: String,
        pub dom: DomainId,
    }
}

crate::wire_by_ref!(
    DomainId,
    NetworkId,
    NetworkPortId,
    NwFilterId,
    NwFilterBindingId,
    InterfaceId,
    StoragePoolId,
    StorageVolId,
    NodeDeviceId,
    SecretId,
    SnapshotId,
    CheckpointId
);
