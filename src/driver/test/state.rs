//! The test driver's bookkeeping: domains with their state, the node, and id allocation.

use super::SHUTOFF;
use crate::driver::domain_obj::place_in_list;
use crate::abi::domain::virDomainEventType;
use crate::conf::capabilities;
use crate::conf::domain::DomainDef;
use crate::conf::network::NetworkDef;
use crate::conf::node::NodeDescription;
use crate::conf::storage::{PoolDef, VolDef};
use crate::driver::{DomainEvent, DomainId, NodeInfo};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_TEST;

/// `VIR_DOMAIN_RUNNING_UNKNOWN`: libvirt gives domains that start out running no reason.
const RUNNING_UNKNOWN: i32 = 0;

/// The definition of the domain `test:///default` starts with (libvirt's, as dumped by
/// `virsh -c test:///default dumpxml --inactive test` from libvirt 9.0.0).
const DEFAULT_DOMAIN_XML: &str = include_str!("default-domain.xml");

/// A NUMA cell: its memory and free memory, as the test driver reports them.
#[derive(Clone, Debug)]
pub struct Cell {
    pub mem: u64,
    pub free: u64,
}

/// The test driver's domains carry their guest's clock and frozen file systems (`guest.rs`).
pub type DomainObj = crate::driver::domain_obj::DomainObj<super::guest::GuestPrivate>;

/// What the test driver's code asks of a domain, in its own error domain.
impl DomainObj {
    /// Which definitions `flags` (`VIR_DOMAIN_AFFECT_*`) touch: (live, config).
    pub fn affected(&self, flags: u32) -> Result<(bool, bool)> {
        self.affected_in(flags, FROM)
    }

    pub fn affected_ref(&self, flags: u32) -> Result<(bool, bool)> {
        self.affected(flags)
    }
}

pub struct State {
    /// Boxed: a definition is large, and removing from the middle must not move them.
    pub domains: Vec<Box<DomainObj>>,
    pub next_id: i32,
    pub node: NodeInfo,
    pub cells: Vec<Cell>,
    /// The NUMA cells the capabilities XML describes.
    pub caps_cells: Vec<capabilities::Cell>,
    /// Events raised by the operation in progress, emitted when it unlocks the state.
    pub events: Vec<DomainEvent>,
    /// Virtual networks (`network.rs`).
    pub networks: super::network::NetworkState,
    /// Each domain's snapshots (see `snapshot.rs`).
    pub snapshots: super::snapshot::Snapshots,
    /// Each domain's checkpoints (see `checkpoint.rs`).
    pub checkpoints: super::checkpoint::Checkpoints,
    /// Storage pools and their volumes.
    pub storage: super::storage::StorageState,
    /// Host devices (`src/driver/test/nodedev.rs`).
    pub node_devices: super::nodedev::NodeDeviceState,
    /// Host interfaces (`src/driver/test/interface.rs`).
    pub interfaces: super::interface::InterfaceState,
    /// The content of storage volumes, for uploads and downloads (`stream.rs`).
    pub volume_files: super::stream::VolumeFiles,
}

impl State {
    /// libvirt's `test:///default`: the domain `test` running with id 1, and its node.
    pub fn default_state() -> State {
        let mut s = State {
            domains: Vec::new(),
            next_id: 1,
            node: NodeInfo::test_default(),
            cells: (1..=2).map(|i| Cell { mem: i * 2048 * 1024, free: i * 1024 * 1024 }).collect(),
            caps_cells: capabilities::Capabilities::test_default_cells(),
            events: Vec::new(),
            networks: super::network::NetworkState::default_state(),
            snapshots: Default::default(),
            checkpoints: Default::default(),
            storage: super::storage::StorageState::default_state(),
            node_devices: super::nodedev::NodeDeviceState::default_state(),
            interfaces: super::interface::InterfaceState::default_state(),
            volume_files: Default::default(),
        };
        let def = DomainDef::parse(DEFAULT_DOMAIN_XML).expect("the built-in default domain parses");
        let i = s.add(def, true).expect("an empty state accepts the default domain");
        s.start(i, RUNNING_UNKNOWN);
        s
    }

    /// The state a node description file sets up.
    /// Node files describe no NUMA cells (libvirt reports `<cells num='0'>` for them).
    pub fn from_node(node: NodeDescription) -> Result<State> {
        let mut s = State {
            domains: Vec::new(),
            next_id: 1,
            node: node.info,
            cells: Vec::new(),
            caps_cells: Vec::new(),
            events: Vec::new(),
            networks: super::network::NetworkState::default(),
            snapshots: Default::default(),
            checkpoints: Default::default(),
            storage: super::storage::StorageState::default(),
            node_devices: super::nodedev::NodeDeviceState::from_defs(
                node.devices.iter().map(crate::conf::nodedev::NodeDeviceDef::from_element).collect::<Result<_>>()?,
            ),
            interfaces: super::interface::InterfaceState::from_defs(
                node.interfaces.iter().map(crate::conf::interface::InterfaceDef::from_element).collect::<Result<_>>()?,
            ),
            volume_files: Default::default(),
        };
        // Networks and pools of a node file run from the start, as libvirt's do.
        for el in &node.networks {
            s.networks.add_node_network(NetworkDef::parse(&el.format_libxml2(0))?, true)?;
        }
        for p in &node.pools {
            let def = PoolDef::parse(&p.pool.format_libxml2(0))?;
            let vols = p
                .volumes
                .iter()
                .map(|v| VolDef::parse(&v.format_libxml2(0), def.pool_type))
                .collect::<Result<Vec<_>>>()?;
            s.storage.add_from_node(def, vols)?;
        }
        for nd in node.domains {
            let i = s.add(nd.def, !nd.transient)?;
            s.domains[i].managed_save = nd.has_managed_save;
            if nd.runstate as i32 != SHUTOFF {
                s.start(i, RUNNING_UNKNOWN);
                s.domains[i].state = nd.runstate as i32;
            }
        }
        Ok(s)
    }

    pub fn node_info(&self) -> NodeInfo {
        self.node.clone()
    }

    pub fn free_memory(&self) -> u64 {
        self.cells.iter().map(|c| c.free).sum()
    }

    pub fn cells_free_memory(&self) -> Vec<u64> {
        self.cells.iter().map(|c| c.mem).collect()
    }

    /// A lookup API's answer; a miss is a bare "Domain not found", as libvirt's.
    pub fn lookup(&self, pred: impl Fn(&DomainObj) -> bool) -> Result<DomainId> {
        self.domains
            .iter()
            .find(|d| pred(d))
            .map(|d| d.ident())
            .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, ""))
    }

    /// The domain a handle names, found by UUID as libvirt's drivers do.
    pub fn find(&self, dom: &DomainId) -> Result<usize> {
        self.domains.iter().position(|d| d.def.uuid.as_bytes() == &dom.uuid).ok_or_else(|| {
            let text = crate::conf::uuid::Uuid(dom.uuid).to_string();
            Error::new(FROM, Code::VIR_ERR_NO_DOMAIN, format!("no domain with matching uuid '{text}' ({})", dom.name))
        })
    }

    /// Adds or redefines a domain: a new persistent definition, or a new transient one
    /// (`persistent == false`, for create/restore). Name and UUID must stay unique.
    pub fn add(&mut self, def: DomainDef, persistent: bool) -> Result<usize> {
        let entries = self.domains.iter().map(|d| (d.def.name.as_str(), &d.def.uuid));
        match place_in_list(entries, &def)? {
            Some(u) => {
                self.domains[u].assign_def(def, !persistent, persistent)?;
                Ok(u)
            }
            None => {
                self.domains.push(Box::new(DomainObj::new(def, persistent)));
                Ok(self.domains.len() - 1)
            }
        }
    }

    /// Starts domain `i` with the next id, in state running for `reason`; a managed save
    /// image is dropped, never resumed from (as libvirt's test driver does). Returns the
    /// started domain, for its event.
    pub fn start(&mut self, i: usize, reason: i32) -> DomainId {
        let id = self.next_id;
        self.next_id += 1;
        let d = &mut self.domains[i];
        d.managed_save = false;
        d.started(id, reason)
    }

    /// Stops domain `i`; a transient domain disappears, a persistent one takes back its
    /// persistent definition. Returns the stopped domain, for its event.
    pub fn stop(&mut self, i: usize, reason: i32) -> DomainId {
        let d = &mut self.domains[i];
        let mut ident = d.stopped(reason);
        ident.id = -1;
        if !d.persistent {
            self.domains.remove(i);
        }
        ident
    }

    /// Raises a lifecycle event about `dom`.
    pub fn event(&mut self, dom: DomainId, event: virDomainEventType, detail: i32) {
        self.events.push(DomainEvent::lifecycle(dom, event as i32, detail));
    }
}

