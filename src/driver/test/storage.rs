//! The test driver's storage pools and volumes, as libvirt 9.0's test driver keeps them.
//!
//! Pools are bookkeeping: every pool claims 100 GiB (`defaultPoolCap`) when it is
//! defined or created, and volumes only move its allocation. A volume's path and key are
//! `<pool target>/<name>`. `test:///default` starts with the running pool `default-pool`.
//! Lists come in definition order (libvirt's come in hash-table order, which is random per
//! process).

#![forbid(unsafe_code)]

use crate::driver::stream::Stream;

use super::{check_flags, TestConnection};
use crate::conf::storage::{format_source_list, parse_source_spec, PoolDef, PoolSource, PoolType, VolDef};
use crate::conf::uuid::Uuid;
use crate::driver::storage::wire::{StoragePoolGetInfoRet, StorageVolGetInfoRet};
use crate::abi::storage::virStoragePoolEventLifecycleType as Lifecycle;
use crate::driver::{EventObject, ObjectEvent, Storage, StoragePoolId, StorageVolId};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_TEST;

/// What every pool of the test driver claims to hold (`defaultPoolCap`, 100 GiB).
const DEFAULT_POOL_CAPACITY: u64 = 100 * 1024 * 1024 * 1024;

/// `test:///default`'s pool (libvirt's `defaultConnXML`).
const DEFAULT_POOL_XML: &str = "<pool type='dir'>\
    <name>default-pool</name>\
    <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>\
    <target><path>/default-pool</path></target>\
    </pool>";

// virStoragePoolState
const POOL_INACTIVE: u8 = 0;
const POOL_RUNNING: u8 = 2;


/// The canned answer to `virConnectFindStoragePoolSources` for logical pools.
const LOGICAL_SOURCES: &str = "<sources>\n  <source>\n    <device path='/dev/sda20'/>\n    <name>testvg1</name>\n    \
<format type='lvm2'/>\n  </source>\n  <source>\n    <device path='/dev/sda21'/>\n    <name>testvg2</name>\n    \
<format type='lvm2'/>\n  </source>\n</sources>\n";

pub struct PoolObj {
    pub def: PoolDef,
    pub active: bool,
    /// libvirt's "has a config file".
    pub persistent: bool,
    pub autostart: bool,
    pub vols: Vec<VolDef>,
}

impl PoolObj {
    fn ident(&self) -> StoragePoolId {
        StoragePoolId { name: self.def.name.clone(), uuid: *self.def.uuid.as_bytes() }
    }

    fn vol_ident(&self, v: &VolDef) -> StorageVolId {
        StorageVolId { pool: self.def.name.clone(), name: v.name.clone(), key: v.key.clone().unwrap_or_default() }
    }

    /// `testStoragePoolObjSetDefaults`: the claimed size, and a config file.
    fn set_defaults(&mut self) {
        self.def.capacity = DEFAULT_POOL_CAPACITY;
        self.def.allocation = 0;
        self.def.available = DEFAULT_POOL_CAPACITY;
        self.persistent = true;
    }

    fn vol(&self, name: &str) -> Result<usize> {
        self.vols.iter().position(|v| v.name == name).ok_or_else(|| no_vol("name", name))
    }

    fn matches(&self, flags: u32) -> bool {
        crate::driver::list_filter::pools::matches(flags, self.def.pool_type, self.active, self.persistent, self.autostart)
    }

    /// Room for `alloc` more bytes, or libvirt's error naming volume `name`.
    fn check_space(&self, alloc: u64, name: &str) -> Result<()> {
        if self.def.allocation.saturating_add(alloc) > self.def.capacity {
            return Err(Error::internal(FROM, format!("Not enough free space in pool for volume '{name}'")));
        }
        Ok(())
    }

    /// Adds a volume the way the test driver's create calls do: path and key from the
    /// pool's target, size accounted.
    fn add_volume(&mut self, mut vol: VolDef) -> StorageVolId {
        let path = format!("{}/{}", self.def.target_path.as_deref().unwrap_or("(null)"), vol.name);
        vol.target.path = Some(path.clone());
        vol.key = Some(path);
        self.def.allocation += vol.allocation;
        self.def.available = self.def.capacity.saturating_sub(self.def.allocation);
        let id = self.vol_ident(&vol);
        self.vols.push(vol);
        id
    }
}

fn no_pool(by: &str, what: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_STORAGE_POOL, format!("no storage pool with matching {by} '{what}'"))
}

fn no_vol(by: &str, what: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_STORAGE_VOL, format!("no storage vol with matching {by} '{what}'"))
}

fn invalid_op(detail: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, detail)
}

/// The pools of one test state.
#[derive(Default)]
pub struct StorageState {
    pub pools: Vec<PoolObj>,
}

impl StorageState {
    /// `test:///default`'s storage: `default-pool`, running, empty.
    pub fn default_state() -> StorageState {
        let mut s = StorageState::default();
        let def = PoolDef::parse(DEFAULT_POOL_XML).expect("the built-in default pool parses");
        // An empty state accepts its first pool.
        let _ = s.add_from_node(def, Vec::new());
        s
    }

    /// A pool of a node description file: persistent, running, with its volumes (whose
    /// paths and keys default to `<target>/<name>`).
    pub fn add_from_node(&mut self, def: PoolDef, vols: Vec<VolDef>) -> Result<()> {
        let i = self.add(def, false)?;
        let pool = &mut self.pools[i];
        pool.set_defaults();
        pool.active = true;
        for mut v in vols {
            let path = v
                .target
                .path
                .clone()
                .unwrap_or_else(|| format!("{}/{}", pool.def.target_path.as_deref().unwrap_or("(null)"), v.name));
            v.target.path = Some(path.clone());
            if v.key.is_none() {
                v.key = Some(path);
            }
            pool.def.allocation += v.allocation;
            pool.def.available = pool.def.capacity.wrapping_sub(pool.def.allocation);
            pool.vols.push(v);
        }
        Ok(())
    }

    fn by_name(&self, name: &str) -> Result<usize> {
        self.pools.iter().position(|p| p.def.name == name).ok_or_else(|| no_pool("name", name))
    }

    fn by_uuid(&self, uuid: &[u8; 16]) -> Result<usize> {
        self.pools
            .iter()
            .position(|p| p.def.uuid.as_bytes() == uuid)
            .ok_or_else(|| no_pool("uuid", &Uuid(*uuid).to_string()))
    }

    fn active_by_name(&self, name: &str) -> Result<usize> {
        let i = self.by_name(name)?;
        if !self.pools[i].active {
            return Err(invalid_op(format!("storage pool '{name}' is not active")));
        }
        Ok(i)
    }

    fn inactive_by_name(&self, name: &str) -> Result<usize> {
        let i = self.by_name(name)?;
        if self.pools[i].active {
            return Err(invalid_op(format!("storage pool '{name}' is active")));
        }
        Ok(i)
    }

    /// `virStoragePoolObjListAdd`: a source another pool already uses is refused, then a
    /// name or UUID clash; an existing pool of the same name and UUID takes the new
    /// definition (kept aside while it runs, as libvirt's `newDef`, which the test driver
    /// never uses). `check_live` refuses to replace a running pool.
    fn add(&mut self, def: PoolDef, check_live: bool) -> Result<usize> {
        if let Some(other) = self.pools.iter().find(|p| p.def.name != def.name && source_conflict(&p.def, &def)) {
            return Err(Error::new(
                Domain::VIR_FROM_STORAGE,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("Storage source conflict with pool: '{}'", other.def.name),
            ));
        }
        if let Some(i) = self.pools.iter().position(|p| p.def.uuid == def.uuid) {
            let p = &mut self.pools[i];
            if p.def.name != def.name {
                return Err(Error::new(
                    Domain::VIR_FROM_STORAGE,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("pool '{}' is already defined with uuid {}", p.def.name, p.def.uuid),
                ));
            }
            if check_live && p.active {
                return Err(Error::new(
                    Domain::VIR_FROM_STORAGE,
                    Code::VIR_ERR_OPERATION_INVALID,
                    format!("pool is already active as '{}'", p.def.name),
                ));
            }
            if !p.active {
                p.def = def;
            }
            return Ok(i);
        }
        if let Some(p) = self.pools.iter().find(|p| p.def.name == def.name) {
            return Err(Error::new(
                Domain::VIR_FROM_STORAGE,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("pool '{}' already exists with uuid {}", def.name, p.def.uuid),
            ));
        }
        self.pools.push(PoolObj { def, active: false, persistent: false, autostart: false, vols: Vec::new() });
        Ok(self.pools.len() - 1)
    }
}

/// `virStoragePoolObjSourceFindDuplicateCb`: whether `new` would use what `old` uses.
fn source_conflict(old: &PoolDef, new: &PoolDef) -> bool {
    use PoolType::*;
    let single_host = |a: &PoolSource, b: &PoolSource| {
        a.hosts.len() == 1 && b.hosts.len() == 1 && a.hosts[0].name == b.hosts[0].name && a.hosts[0].port == b.hosts[0].port
    };
    let shared_device = || old.source.devices.iter().any(|d| new.source.devices.contains(d));
    match old.pool_type {
        Dir if new.pool_type == Dir => old.target_path == new.target_path,
        Netfs if new.pool_type == Netfs => old.source.dir == new.source.dir && single_host(&old.source, &new.source),
        Gluster if new.pool_type == Gluster => {
            old.source.name == new.source.name
                && old.source.dir == new.source.dir
                && single_host(&old.source, &new.source)
        }
        Scsi if new.pool_type == Scsi => old.source.adapter.is_some() && old.source.adapter == new.source.adapter,
        Iscsi | Fs | Logical | Disk | Zfs if matches!(new.pool_type, Iscsi | Fs | Logical | Disk | Zfs) => {
            if (old.pool_type == Iscsi) != (new.pool_type == Iscsi) {
                return false;
            }
            if old.pool_type == Iscsi {
                return shared_device()
                    && single_host(&old.source, &new.source)
                    && (old.source.initiator_iqn.is_none()
                        || new.source.initiator_iqn.is_none()
                        || old.source.initiator_iqn == new.source.initiator_iqn);
            }
            shared_device()
        }
        Sheepdog if new.pool_type == Sheepdog => single_host(&old.source, &new.source),
        Mpath => new.pool_type == Mpath,
        Vstorage if new.pool_type == Vstorage => old.source.name == new.source.name,
        _ => false,
    }
}

impl TestConnection {
    fn with_storage<R>(&self, f: impl FnOnce(&mut StorageState) -> Result<R>) -> Result<R> {
        let mut s = self.shared.state.lock();
        f(&mut s.storage)
    }
}

impl TestConnection {
    /// Raises a pool lifecycle event (libvirt's test driver gives every one detail 0).
    fn pool_event(&self, pool: &StoragePoolId, event: Lifecycle) {
        self.object_event(ObjectEvent::lifecycle(EventObject::StoragePool(pool.clone()), event as i32, 0));
    }
}

impl Storage for TestConnection {
    fn connect_num_of_storage_pools(&self) -> Result<i32> {
        self.with_storage(|s| Ok(s.pools.iter().filter(|p| p.active).count() as i32))
    }

    fn connect_list_storage_pools(&self) -> Result<Vec<String>> {
        self.with_storage(|s| Ok(s.pools.iter().filter(|p| p.active).map(|p| p.def.name.clone()).collect()))
    }

    fn connect_num_of_defined_storage_pools(&self) -> Result<i32> {
        self.with_storage(|s| Ok(s.pools.iter().filter(|p| !p.active).count() as i32))
    }

    fn connect_list_defined_storage_pools(&self) -> Result<Vec<String>> {
        self.with_storage(|s| Ok(s.pools.iter().filter(|p| !p.active).map(|p| p.def.name.clone()).collect()))
    }

    fn connect_list_all_storage_pools(&self, flags: u32) -> Result<Vec<StoragePoolId>> {
        check_flags(flags, crate::driver::list_filter::pools::ALL, "testConnectListAllStoragePools")?;
        self.with_storage(|s| Ok(s.pools.iter().filter(|p| p.matches(flags)).map(PoolObj::ident).collect()))
    }

    fn connect_find_storage_pool_sources(&self, type_: &str, src_spec: Option<&str>, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testConnectFindStoragePoolSources")?;
        let pool_type = PoolType::from_name(type_);
        if pool_type == Some(PoolType::Dir) {
            return Err(Error::internal(FROM, format!("unknown storage pool type {type_}")));
        }
        let source = match (src_spec, pool_type) {
            (Some(spec), Some(t)) => Some(parse_source_spec(spec, t)?),
            (Some(_), None) => {
                return Err(Error::internal(Domain::VIR_FROM_STORAGE, "missing backend for pool type -1"));
            }
            (None, _) => None,
        };
        match pool_type {
            Some(PoolType::Logical) => Ok(LOGICAL_SOURCES.to_string()),
            Some(PoolType::Netfs) => {
                // libvirt's test driver reads the first host without checking there is one.
                let host = source.and_then(|s| s.hosts.into_iter().next()).ok_or_else(|| {
                    Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "hostname must be specified for netfs sources")
                })?;
                let mut found = PoolSource::default();
                found.hosts.push(crate::conf::storage::Host { name: host.name, port: 0 });
                found.dir = Some("/testshare".into());
                found.format = Some(1);
                Ok(format_source_list(PoolType::Netfs, &[found]))
            }
            _ => Err(Error::new(
                FROM,
                Code::VIR_ERR_NO_SUPPORT,
                format!("pool type '{type_}' does not support source discovery"),
            )),
        }
    }

    fn storage_pool_create_xml(&self, xml: &str, flags: u32) -> Result<StoragePoolId> {
        check_flags(flags, 0, "testStoragePoolCreateXML")?;
        let def = PoolDef::parse(xml)?;
        self.with_storage(|s| {
            let i = s.add(def, true)?;
            let p = &mut s.pools[i];
            p.set_defaults();
            // A pool created from XML has no config file, even one that was defined.
            p.persistent = false;
            p.active = true;
            Ok(p.ident())
        })
        .inspect(|id| self.pool_event(id, Lifecycle::VIR_STORAGE_POOL_EVENT_STARTED))
    }

    fn storage_pool_define_xml(&self, xml: &str, flags: u32) -> Result<StoragePoolId> {
        // VIR_STORAGE_POOL_DEFINE_VALIDATE (schema validation) is accepted; the model's
        // own checks apply either way.
        check_flags(flags, 1, "testStoragePoolDefineXML")?;
        let def = PoolDef::parse(xml)?;
        self.with_storage(|s| {
            let i = s.add(def, false)?;
            let p = &mut s.pools[i];
            p.set_defaults();
            Ok(p.ident())
        })
        .inspect(|id| self.pool_event(id, Lifecycle::VIR_STORAGE_POOL_EVENT_DEFINED))
    }

    fn storage_pool_create(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testStoragePoolCreate")?;
        self.with_storage(|s| {
            let i = s.inactive_by_name(&pool.name)?;
            s.pools[i].active = true;
            Ok(s.pools[i].ident())
        })
        .map(|id| self.pool_event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_STARTED))
    }

    fn storage_pool_build(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testStoragePoolBuild")?;
        self.with_storage(|s| s.inactive_by_name(&pool.name).map(|i| s.pools[i].ident()))
            .map(|id| self.pool_event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_CREATED))
    }

    fn storage_pool_destroy(&self, pool: &StoragePoolId) -> Result<()> {
        self.with_storage(|s| {
            let i = s.active_by_name(&pool.name)?;
            s.pools[i].active = false;
            let id = s.pools[i].ident();
            if !s.pools[i].persistent {
                s.pools.remove(i);
            }
            Ok(id)
        })
        .map(|id| self.pool_event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_STOPPED))
    }

    fn storage_pool_delete(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testStoragePoolDelete")?;
        self.with_storage(|s| s.inactive_by_name(&pool.name).map(|i| s.pools[i].ident()))
            .map(|id| self.pool_event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_DELETED))
    }

    fn storage_pool_undefine(&self, pool: &StoragePoolId) -> Result<()> {
        self.with_storage(|s| {
            let i = s.inactive_by_name(&pool.name)?;
            Ok(s.pools.remove(i).ident())
        })
        .map(|id| self.pool_event(&id, Lifecycle::VIR_STORAGE_POOL_EVENT_UNDEFINED))
    }

    fn storage_pool_refresh(&self, pool: &StoragePoolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testStoragePoolRefresh")?;
        self.with_storage(|s| s.active_by_name(&pool.name).map(|i| s.pools[i].ident()))
            .map(|id| self.object_event(ObjectEvent::changed(EventObject::StoragePool(id))))
    }

    fn storage_pool_lookup_by_name(&self, name: &str) -> Result<StoragePoolId> {
        self.with_storage(|s| s.by_name(name).map(|i| s.pools[i].ident()))
    }

    fn storage_pool_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<StoragePoolId> {
        self.with_storage(|s| s.by_uuid(uuid).map(|i| s.pools[i].ident()))
    }

    fn storage_pool_lookup_by_volume(&self, vol: &StorageVolId) -> Result<StoragePoolId> {
        self.storage_pool_lookup_by_name(&vol.pool)
    }

    fn storage_pool_get_info(&self, pool: &StoragePoolId) -> Result<StoragePoolGetInfoRet> {
        self.with_storage(|s| {
            let p = &s.pools[s.by_name(&pool.name)?];
            Ok(StoragePoolGetInfoRet {
                state: if p.active { POOL_RUNNING } else { POOL_INACTIVE },
                capacity: p.def.capacity,
                allocation: p.def.allocation,
                available: p.def.available,
            })
        })
    }

    fn storage_pool_get_xml_desc(&self, pool: &StoragePoolId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testStoragePoolGetXMLDesc")?;
        self.with_storage(|s| Ok(s.pools[s.by_name(&pool.name)?].def.format()))
    }

    fn storage_pool_get_autostart(&self, pool: &StoragePoolId) -> Result<bool> {
        self.with_storage(|s| {
            let p = &s.pools[s.by_name(&pool.name)?];
            Ok(p.persistent && p.autostart)
        })
    }

    fn storage_pool_set_autostart(&self, pool: &StoragePoolId, autostart: bool) -> Result<()> {
        self.with_storage(|s| {
            let i = s.by_name(&pool.name)?;
            let p = &mut s.pools[i];
            if !p.persistent {
                return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "pool has no config file"));
            }
            p.autostart = autostart;
            Ok(())
        })
    }

    fn storage_pool_num_of_volumes(&self, pool: &StoragePoolId) -> Result<i32> {
        self.with_storage(|s| Ok(s.pools[s.active_by_name(&pool.name)?].vols.len() as i32))
    }

    fn storage_pool_list_volumes(&self, pool: &StoragePoolId) -> Result<Vec<String>> {
        self.with_storage(|s| Ok(s.pools[s.active_by_name(&pool.name)?].vols.iter().map(|v| v.name.clone()).collect()))
    }

    fn storage_pool_list_all_volumes(&self, pool: &StoragePoolId, flags: u32) -> Result<Vec<StorageVolId>> {
        check_flags(flags, 0, "testStoragePoolListAllVolumes")?;
        self.with_storage(|s| {
            let p = &s.pools[s.by_uuid(&pool.uuid)?];
            if !p.active {
                return Err(invalid_op("storage pool is not active".into()));
            }
            Ok(p.vols.iter().map(|v| p.vol_ident(v)).collect())
        })
    }

    fn storage_pool_is_active(&self, pool: &StoragePoolId) -> Result<bool> {
        self.with_storage(|s| Ok(s.pools[s.by_uuid(&pool.uuid)?].active))
    }

    fn storage_pool_is_persistent(&self, pool: &StoragePoolId) -> Result<bool> {
        self.with_storage(|s| Ok(s.pools[s.by_uuid(&pool.uuid)?].persistent))
    }

    fn storage_vol_create_xml(&self, pool: &StoragePoolId, xml: &str, flags: u32) -> Result<StorageVolId> {
        check_flags(flags, 0, "testStorageVolCreateXML")?;
        self.with_storage(|s| {
            let i = s.active_by_name(&pool.name)?;
            let p = &mut s.pools[i];
            let vol = VolDef::parse(xml, p.def.pool_type)?;
            if p.vols.iter().any(|v| v.name == vol.name) {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, "storage vol already exists"));
            }
            p.check_space(vol.allocation, &vol.name)?;
            Ok(p.add_volume(vol))
        })
    }

    /// As libvirt's test driver: the volume to clone is looked up by name in the target
    /// pool, and nothing is copied from it.
    fn storage_vol_create_xml_from(
        &self,
        pool: &StoragePoolId,
        xml: &str,
        clonevol: &StorageVolId,
        flags: u32,
    ) -> Result<StorageVolId> {
        check_flags(flags, 0, "testStorageVolCreateXMLFrom")?;
        self.with_storage(|s| {
            let i = s.active_by_name(&pool.name)?;
            let p = &mut s.pools[i];
            let vol = VolDef::parse(xml, p.def.pool_type)?;
            if p.vols.iter().any(|v| v.name == vol.name) {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, "storage vol already exists"));
            }
            p.vol(&clonevol.name)?;
            p.check_space(vol.allocation, &vol.name)?;
            Ok(p.add_volume(vol))
        })
    }

    fn storage_vol_delete(&self, vol: &StorageVolId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testStorageVolDelete")?;
        self.forget_volume_file(vol)?;
        self.with_storage(|s| {
            let i = s.active_by_name(&vol.pool)?;
            let p = &mut s.pools[i];
            let v = p.vol(&vol.name)?;
            let gone = p.vols.remove(v);
            p.def.allocation = p.def.allocation.wrapping_sub(gone.allocation);
            p.def.available = p.def.capacity.wrapping_sub(p.def.allocation);
            Ok(())
        })
    }

    fn storage_vol_lookup_by_name(&self, pool: &StoragePoolId, name: &str) -> Result<StorageVolId> {
        self.with_storage(|s| {
            let p = &s.pools[s.active_by_name(&pool.name)?];
            Ok(p.vol_ident(&p.vols[p.vol(name)?]))
        })
    }

    fn storage_vol_lookup_by_key(&self, key: &str) -> Result<StorageVolId> {
        self.with_storage(|s| {
            s.pools
                .iter()
                .filter(|p| p.active)
                .find_map(|p| p.vols.iter().find(|v| v.key.as_deref() == Some(key)).map(|v| p.vol_ident(v)))
                .ok_or_else(|| no_vol("key", key))
        })
    }

    fn storage_vol_lookup_by_path(&self, path: &str) -> Result<StorageVolId> {
        self.with_storage(|s| {
            s.pools
                .iter()
                .filter(|p| p.active)
                .find_map(|p| p.vols.iter().find(|v| v.target.path.as_deref() == Some(path)).map(|v| p.vol_ident(v)))
                .ok_or_else(|| no_vol("path", path))
        })
    }

    fn storage_vol_get_info(&self, vol: &StorageVolId) -> Result<StorageVolGetInfoRet> {
        self.with_storage(|s| {
            let p = &s.pools[s.active_by_name(&vol.pool)?];
            let v = &p.vols[p.vol(&vol.name)?];
            Ok(StorageVolGetInfoRet { type_: p.def.pool_type.volume_type(), capacity: v.capacity, allocation: v.allocation })
        })
    }

    fn storage_vol_get_xml_desc(&self, vol: &StorageVolId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testStorageVolGetXMLDesc")?;
        self.with_storage(|s| {
            let p = &s.pools[s.active_by_name(&vol.pool)?];
            Ok(p.vols[p.vol(&vol.name)?].format(p.def.pool_type))
        })
    }

    fn storage_vol_upload(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        self.upload(vol, offset, length, flags)
    }

    fn storage_vol_download(&self, vol: &StorageVolId, offset: u64, length: u64, flags: u32) -> Result<((), Stream)> {
        self.download(vol, offset, length, flags)
    }

    fn storage_vol_get_path(&self, vol: &StorageVolId) -> Result<String> {
        self.with_storage(|s| {
            let p = &s.pools[s.active_by_name(&vol.pool)?];
            Ok(p.vols[p.vol(&vol.name)?].target.path.clone().unwrap_or_default())
        })
    }
}
