//! The test driver's virtual networks, as libvirt 9.0's test driver keeps them: pure
//! bookkeeping of definitions, activity, persistence and autostart.
//!
//! Quirks kept on purpose (they are libvirt's): destroying an inactive network succeeds,
//! a definition saved for after a running network stops is never shown (the test driver
//! does not swap it in), the XML is always the current definition (no flags accepted),
//! and ports and DHCP leases are not implemented.

use super::{check_flags, TestConnection, FROM};
use crate::conf::network::NetworkDef;
use crate::conf::uuid::Uuid;
use crate::abi::network::virNetworkEventLifecycleType as Lifecycle;
use crate::driver::{EventObject, NetworkId, Networks, ObjectEvent};
use crate::error::{Code, Domain, Error, Result};

/// Errors of libvirt's network object list (`virNetworkObjAssignDef`) come from its
/// network code, not from the test driver.
const FROM_CONF: Domain = Domain::VIR_FROM_NETWORK;

pub mod update;

/// `test:///default`'s network (libvirt 9.0's, as its test driver defines it).
const DEFAULT_NETWORK_XML: &str = "<network>
  <name>default</name>
  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
  <forward mode='nat'/>
  <bridge name='virbr0' stp='on' delay='0'/>
  <ip address='192.168.122.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='192.168.122.2' end='192.168.122.254'/>
    </dhcp>
  </ip>
</network>
";


// virNetworkDefineFlags, virNetworkCreateFlags: accepted, but no schema check is made here
// (libvirt checks against its RNG schema).
const DEFINE_VALIDATE: u32 = 1;
const CREATE_VALIDATE: u32 = 1;

pub struct NetworkObj {
    /// The current definition (the live one while running).
    pub def: NetworkDef,
    /// The persistent definition saved while the network runs.
    pub new_def: Option<NetworkDef>,
    pub active: bool,
    pub persistent: bool,
    pub autostart: bool,
}

impl NetworkObj {
    fn ident(&self) -> NetworkId {
        NetworkId { name: self.def.name.clone(), uuid: *self.def.uuid.as_bytes() }
    }
}

/// The networks of one test state.
#[derive(Default)]
pub struct NetworkState {
    pub nets: Vec<NetworkObj>,
}

impl NetworkState {
    /// `test:///default`'s networks: `default`, running and persistent.
    pub fn default_state() -> NetworkState {
        let mut s = NetworkState::default();
        let def = NetworkDef::parse(DEFAULT_NETWORK_XML).expect("the built-in default network parses");
        // An empty state accepts its first network.
        let _ = s.add_node_network(def, true);
        s
    }

    /// A network a node description file brings: persistent, and running if `active`.
    /// Names and UUIDs stay unique, with libvirt's errors.
    pub fn add_node_network(&mut self, def: NetworkDef, active: bool) -> Result<()> {
        let i = self.assign(def, false)?;
        self.nets[i].active = active;
        Ok(())
    }

    fn by_name(&self, name: &str) -> Result<usize> {
        self.nets.iter().position(|n| n.def.name == name).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_NO_NETWORK, format!("no network with matching name '{name}'"))
        })
    }

    fn by_uuid(&self, uuid: &[u8; 16]) -> Result<usize> {
        self.nets.iter().position(|n| n.def.uuid.as_bytes() == uuid).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_NO_NETWORK, format!("no network with matching uuid '{}'", Uuid(*uuid)))
        })
    }

    /// libvirt's `virNetworkObjAssignDef`: a definition for a new or existing network
    /// (same UUID and name), live (`createXML`) or persistent (`defineXML`).
    fn assign(&mut self, def: NetworkDef, live: bool) -> Result<usize> {
        if let Some(i) = self.nets.iter().position(|n| n.def.uuid == def.uuid) {
            let obj = &mut self.nets[i];
            if obj.def.name != def.name {
                return Err(Error::new(
                    FROM_CONF,
                    Code::VIR_ERR_OPERATION_FAILED,
                    format!("network '{}' is already defined with uuid {}", obj.def.name, def.uuid),
                ));
            }
            if live {
                if obj.active {
                    return Err(Error::new(
                        FROM_CONF,
                        Code::VIR_ERR_OPERATION_INVALID,
                        format!("network is already active as '{}'", obj.def.name),
                    ));
                }
                if obj.persistent && obj.new_def.is_none() {
                    obj.new_def = Some(std::mem::replace(&mut obj.def, def));
                } else {
                    obj.def = def;
                }
            } else {
                if obj.active {
                    obj.new_def = Some(def);
                } else {
                    obj.new_def = None;
                    obj.def = def;
                }
                obj.persistent = true;
            }
            return Ok(i);
        }
        if let Some(other) = self.nets.iter().find(|n| n.def.name == def.name) {
            return Err(Error::new(
                FROM_CONF,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("network '{}' already exists with uuid {}", def.name, other.def.uuid),
            ));
        }
        self.nets.push(NetworkObj { def, new_def: None, active: false, persistent: !live, autostart: false });
        Ok(self.nets.len() - 1)
    }

    fn names(&self, active: bool) -> Vec<String> {
        self.nets.iter().filter(|n| n.active == active).map(|n| n.def.name.clone()).collect()
    }
}

/// Whether `n` passes `virConnectListAllNetworksFlags` `flags`: within each pair of
/// opposite flags, one given must hold; a pair with neither set does not filter.
fn matches(n: &NetworkObj, flags: u32) -> bool {
    crate::driver::list_filter::objects::matches(flags, n.active, n.persistent, n.autostart)
}

impl TestConnection {
    fn with_nets<R>(&self, f: impl FnOnce(&mut NetworkState) -> Result<R>) -> Result<R> {
        self.with(|s| f(&mut s.networks))
    }

    /// Raises a network lifecycle event (libvirt's test driver gives every one detail 0).
    fn net_event(&self, net: &NetworkId, event: Lifecycle) {
        self.object_event(ObjectEvent::lifecycle(EventObject::Network(net.clone()), event as i32, 0));
    }
}

impl Networks for TestConnection {
    fn connect_num_of_networks(&self) -> Result<i32> {
        self.with_nets(|s| Ok(s.names(true).len() as i32))
    }

    fn connect_list_networks(&self) -> Result<Vec<String>> {
        self.with_nets(|s| Ok(s.names(true)))
    }

    fn connect_num_of_defined_networks(&self) -> Result<i32> {
        self.with_nets(|s| Ok(s.names(false).len() as i32))
    }

    fn connect_list_defined_networks(&self) -> Result<Vec<String>> {
        self.with_nets(|s| Ok(s.names(false)))
    }

    fn connect_list_all_networks(&self, flags: u32) -> Result<Vec<NetworkId>> {
        check_flags(flags, crate::driver::list_filter::objects::ALL, "testConnectListAllNetworks")?;
        self.with_nets(|s| Ok(s.nets.iter().filter(|n| matches(n, flags)).map(NetworkObj::ident).collect()))
    }

    fn network_lookup_by_name(&self, name: &str) -> Result<NetworkId> {
        self.with_nets(|s| Ok(s.nets[s.by_name(name)?].ident()))
    }

    fn network_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<NetworkId> {
        self.with_nets(|s| Ok(s.nets[s.by_uuid(uuid)?].ident()))
    }

    fn network_is_active(&self, net: &NetworkId) -> Result<bool> {
        self.with_nets(|s| Ok(s.nets[s.by_uuid(&net.uuid)?].active))
    }

    fn network_is_persistent(&self, net: &NetworkId) -> Result<bool> {
        self.with_nets(|s| Ok(s.nets[s.by_uuid(&net.uuid)?].persistent))
    }

    fn network_create_xml_flags(&self, xml: &str, flags: u32) -> Result<NetworkId> {
        check_flags(flags, CREATE_VALIDATE, "testNetworkCreateXMLFlags")?;
        let def = NetworkDef::parse(xml)?;
        self.with_nets(|s| {
            let i = s.assign(def, true)?;
            s.nets[i].active = true;
            Ok(s.nets[i].ident())
        })
        .inspect(|id| self.net_event(id, Lifecycle::VIR_NETWORK_EVENT_STARTED))
    }

    fn network_define_xml_flags(&self, xml: &str, flags: u32) -> Result<NetworkId> {
        check_flags(flags, DEFINE_VALIDATE, "testNetworkDefineXMLFlags")?;
        let def = NetworkDef::parse(xml)?;
        self.with_nets(|s| {
            let i = s.assign(def, false)?;
            Ok(s.nets[i].ident())
        })
        .inspect(|id| self.net_event(id, Lifecycle::VIR_NETWORK_EVENT_DEFINED))
    }

    fn network_undefine(&self, net: &NetworkId) -> Result<()> {
        self.with_nets(|s| {
            let i = s.by_name(&net.name)?;
            if s.nets[i].active {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, format!("Network '{}' is still running", net.name)));
            }
            Ok(s.nets.remove(i).ident())
        })
        .map(|id| self.net_event(&id, Lifecycle::VIR_NETWORK_EVENT_UNDEFINED))
    }

    fn network_create(&self, net: &NetworkId) -> Result<()> {
        self.with_nets(|s| {
            let i = s.by_name(&net.name)?;
            if s.nets[i].active {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, format!("Network '{}' is already running", net.name)));
            }
            s.nets[i].active = true;
            Ok(s.nets[i].ident())
        })
        .map(|id| self.net_event(&id, Lifecycle::VIR_NETWORK_EVENT_STARTED))
    }

    /// Succeeds on an inactive network too, as libvirt's test driver does; a transient
    /// network goes away.
    fn network_destroy(&self, net: &NetworkId) -> Result<()> {
        self.with_nets(|s| {
            let i = s.by_name(&net.name)?;
            s.nets[i].active = false;
            let id = s.nets[i].ident();
            if !s.nets[i].persistent {
                s.nets.remove(i);
            }
            Ok(id)
        })
        .map(|id| self.net_event(&id, Lifecycle::VIR_NETWORK_EVENT_STOPPED))
    }

    fn network_get_xml_desc(&self, net: &NetworkId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testNetworkGetXMLDesc")?;
        self.with_nets(|s| Ok(s.nets[s.by_name(&net.name)?].def.format()))
    }

    fn network_get_bridge_name(&self, net: &NetworkId) -> Result<String> {
        self.with_nets(|s| {
            let def = &s.nets[s.by_name(&net.name)?].def;
            def.bridge.name.clone().ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("network '{}' does not have a bridge name.", def.name))
            })
        })
    }

    fn network_get_autostart(&self, net: &NetworkId) -> Result<bool> {
        self.with_nets(|s| Ok(s.nets[s.by_name(&net.name)?].autostart))
    }

    fn network_set_autostart(&self, net: &NetworkId, autostart: bool) -> Result<()> {
        self.with_nets(|s| {
            let i = s.by_name(&net.name)?;
            s.nets[i].autostart = autostart;
            Ok(())
        })
    }

    fn network_update(&self, net: &NetworkId, command: u32, section: u32, parent_index: i32, xml: &str, flags: u32) -> Result<()> {
        check_flags(flags, update::AFFECT_LIVE | update::AFFECT_CONFIG, "testNetworkUpdate")?;
        self.with_nets(|s| {
            let i = s.by_uuid(&net.uuid)?;
            update::update(&mut s.nets[i], command, section, parent_index, xml, flags)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(xml: &str) -> NetworkDef {
        NetworkDef::parse(xml).unwrap()
    }

    #[test]
    fn define_create_destroy_undefine_follow_libvirts_rules() {
        let mut s = NetworkState::default_state();
        assert_eq!(s.names(true), ["default"]);
        let x = "<network><name>n</name><uuid>11111111-2222-3333-4444-555555555555</uuid></network>";
        let i = s.assign(def(x), false).unwrap();
        assert!(s.nets[i].persistent && !s.nets[i].active);
        // Same name, other UUID; same UUID, other name.
        let e = s.assign(def("<network><name>n</name></network>"), false).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_OPERATION_FAILED);
        let e = s.assign(def(&x.replace("<name>n<", "<name>m<")), false).unwrap_err();
        assert_eq!(e.message, "operation failed: network 'n' is already defined with uuid 11111111-2222-3333-4444-555555555555");
        // A transient network is refused while the persistent one runs.
        s.nets[i].active = true;
        let e = s.assign(def(x), true).unwrap_err();
        assert_eq!(e.message, "Requested operation is not valid: network is already active as 'n'");
        assert!(matches(&s.nets[i], crate::driver::list_filter::objects::ACTIVE | crate::driver::list_filter::objects::PERSISTENT | crate::driver::list_filter::objects::NO_AUTOSTART));
        assert!(!matches(&s.nets[i], crate::driver::list_filter::objects::TRANSIENT));
    }
}
