//! The test driver's host devices: `computer` and the SCSI hosts of `test:///default`
//! (or a node file's `<device>`s), listed and looked up by capability, and vHBAs created
//! and destroyed the way libvirt 9.0's test driver mocks them: a created vHBA is always
//! `scsi_host12`, a copy of `scsi_host11` carrying the requested WWNs.
//!
//! Quirks kept on purpose: destroying a device that is not an FC host, or whose parent
//! is gone, succeeds without removing it; persistent-device calls (define, undefine,
//! start, autostart, IsActive, IsPersistent) and the WWN lookup are not served.

use super::{check_flags, TestConnection, FROM};
use crate::conf::nodedev::{NodeDeviceDef, ParseMode, CAP_TYPES};
use crate::abi::nodedev::virNodeDeviceEventLifecycleType as Lifecycle;
use crate::driver::{EventObject, NodeDeviceId, NodeDevices, ObjectEvent};
use crate::error::{Code, Domain, Error, Result};

/// `VIR_CONNECT_LIST_NODE_DEVICES_CAP_*` from SYSTEM to VPD.
const LIST_CAPS: u32 = (1 << CAP_TYPES.len()) - 1;
/// `VIR_NODE_DEVICE_CREATE_XML_VALIDATE`.
const CREATE_VALIDATE: u32 = 1;

/// The device the test driver copies for every vHBA, and the name the copy gets.
const VHBA_TEMPLATE: &str = "scsi_host11";
const VHBA_NAME: &str = "scsi_host12";

/// libvirt's node devices of `test:///default`, in its file's order.
const DEFAULT_DEVICES: &[&str] = &[
    "<device><name>computer</name><capability type='system'><hardware><vendor>Libvirt</vendor>\
     <version>Test driver</version><serial>123456</serial><uuid>11111111-2222-3333-4444-555555555555</uuid></hardware>\
     <firmware><vendor>Libvirt</vendor><version>Test Driver</version><release_date>01/22/2007</release_date></firmware>\
     </capability></device>",
    "<device><name>scsi_host1</name><parent>computer</parent><capability type='scsi_host'><host>1</host>\
     <unique_id>0</unique_id><capability type='fc_host'><wwnn>2000000012341234</wwnn><wwpn>1000000012341234</wwpn>\
     <fabric_wwn>2000000043214321</fabric_wwn></capability><capability type='vport_ops'><max_vports>127</max_vports>\
     <vports>1</vports></capability></capability></device>",
    "<device><name>scsi_host2</name><parent>computer</parent><capability type='scsi_host'><host>2</host>\
     <unique_id>1</unique_id><capability type='fc_host'><wwnn>2000000056785678</wwnn><wwpn>1000000056785678</wwpn>\
     <fabric_wwn>2000000087658765</fabric_wwn></capability><capability type='vport_ops'><max_vports>127</max_vports>\
     <vports>0</vports></capability></capability></device>",
    "<device><name>scsi_host11</name><parent>scsi_host1</parent><capability type='scsi_host'><host>11</host>\
     <unique_id>10</unique_id><capability type='fc_host'><wwnn>2000000034563456</wwnn><wwpn>1000000034563456</wwpn>\
     <fabric_wwn>2000000043214321</fabric_wwn></capability></capability></device>",
];

/// The devices of one test state, in definition order.
#[derive(Default)]
pub struct NodeDeviceState {
    devs: Vec<NodeDeviceDef>,
}

impl NodeDeviceState {
    pub fn default_state() -> NodeDeviceState {
        let devs = DEFAULT_DEVICES
            .iter()
            .map(|x| NodeDeviceDef::parse(x, ParseMode::Existing).expect("the built-in devices parse"))
            .collect();
        NodeDeviceState { devs }
    }

    pub fn from_defs(defs: Vec<NodeDeviceDef>) -> NodeDeviceState {
        let mut s = NodeDeviceState::default();
        for d in defs {
            s.assign(d);
        }
        s
    }

    /// Adds `def`, or replaces the definition of the device of the same name.
    fn assign(&mut self, def: NodeDeviceDef) {
        match self.devs.iter().position(|d| d.name == def.name) {
            Some(i) => self.devs[i] = def,
            None => self.devs.push(def),
        }
    }

    fn get(&self, name: &str) -> Option<&NodeDeviceDef> {
        self.devs.iter().find(|d| d.name == name)
    }

    fn find(&self, name: &str) -> Result<&NodeDeviceDef> {
        self.get(name).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_NO_NODE_DEVICE, format!("no node device with matching name '{name}'"))
        })
    }

    /// `virNodeDeviceObjListGetParentHost`: the vport-capable parent a new vHBA would
    /// be created on, by name, by WWNs, by fabric WWN, or the first capable one (the
    /// searches by WWN see vport-capable hosts only).
    fn check_parent_host(&self, def: &NodeDeviceDef) -> Result<()> {
        let nodedev_internal = |m: String| Error::new(Domain::VIR_FROM_NODEDEV, Code::VIR_ERR_INTERNAL_ERROR, m);
        let not_found = || nodedev_internal(format!("Could not find parent device for '{}'", def.name));
        let parent = if let Some(p) = &def.parent {
            self.get(p).ok_or_else(not_found)?
        } else if let (Some(n), Some(p)) = (&def.parent_wwnn, &def.parent_wwpn) {
            self.devs
                .iter()
                .find(|d| d.vport_capable() && d.fc_host().is_some_and(|f| &f.wwnn == n && &f.wwpn == p))
                .ok_or_else(not_found)?
        } else if let Some(f) = &def.parent_fabric_wwn {
            self.devs
                .iter()
                .find(|d| d.vport_capable() && d.fc_host().is_some_and(|fc| fc.fabric_wwn.as_ref() == Some(f)))
                .ok_or_else(not_found)?
        } else {
            self.devs
                .iter()
                .find(|d| d.has_cap("vports"))
                .ok_or_else(|| nodedev_internal("Could not find any vport capable device".into()))?
        };
        if !parent.vport_capable() {
            return Err(nodedev_internal(format!("Parent device {} is not capable of vport operations", parent.name)));
        }
        Ok(())
    }
}

impl TestConnection {
    /// Raises a device lifecycle event (libvirt's test driver gives every one detail 0).
    fn device_event(&self, dev: &NodeDeviceId, event: Lifecycle) {
        self.object_event(ObjectEvent::lifecycle(EventObject::NodeDevice(dev.clone()), event as i32, 0));
    }

    fn with_devs<R>(&self, f: impl FnOnce(&mut NodeDeviceState) -> Result<R>) -> Result<R> {
        f(&mut self.shared.state.lock().node_devices)
    }
}

impl NodeDevices for TestConnection {
    fn node_num_of_devices(&self, cap: Option<&str>, flags: u32) -> Result<i32> {
        check_flags(flags, 0, "testNodeNumOfDevices")?;
        self.with_devs(|s| Ok(s.devs.iter().filter(|d| cap.is_none_or(|c| d.has_cap(c))).count() as i32))
    }

    fn node_list_devices(&self, cap: Option<&str>, maxnames: i32, flags: u32) -> Result<Vec<String>> {
        check_flags(flags, 0, "testNodeListDevices")?;
        self.with_devs(|s| {
            Ok(s.devs
                .iter()
                .filter(|d| cap.is_none_or(|c| d.has_cap(c)))
                .map(|d| d.name.clone())
                .take(maxnames.max(0) as usize)
                .collect())
        })
    }

    fn connect_list_all_node_devices(&self, flags: u32) -> Result<Vec<NodeDeviceId>> {
        check_flags(flags, LIST_CAPS, "testConnectListAllNodeDevices")?;
        let wanted: Vec<&str> = CAP_TYPES.iter().enumerate().filter(|(i, _)| flags & (1 << i) != 0).map(|(_, t)| *t).collect();
        self.with_devs(|s| {
            Ok(s.devs
                .iter()
                .filter(|d| wanted.is_empty() || wanted.iter().any(|c| d.has_cap(c)))
                .map(|d| NodeDeviceId { name: d.name.clone() })
                .collect())
        })
    }

    fn node_device_lookup_by_name(&self, name: &str) -> Result<NodeDeviceId> {
        self.with_devs(|s| s.find(name).map(|d| NodeDeviceId { name: d.name.clone() }))
    }

    fn node_device_get_xml_desc(&self, name: &str, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testNodeDeviceGetXMLDesc")?;
        self.with_devs(|s| s.find(name).map(NodeDeviceDef::format))
    }

    fn node_device_get_parent(&self, name: &str) -> Result<Option<String>> {
        self.with_devs(|s| match &s.find(name)?.parent {
            Some(p) => Ok(Some(p.clone())),
            None => Err(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "no parent for this device")),
        })
    }

    fn node_device_num_of_caps(&self, name: &str) -> Result<i32> {
        self.with_devs(|s| Ok(s.find(name)?.caps.len() as i32))
    }

    fn node_device_list_caps(&self, name: &str, maxnames: i32) -> Result<Vec<String>> {
        self.with_devs(|s| {
            Ok(s.find(name)?.caps.iter().map(|c| c.type_name().to_string()).take(maxnames.max(0) as usize).collect())
        })
    }

    /// Checks the definition and its parent as libvirt would before creating a vport,
    /// then mocks the new host: a copy of `scsi_host11` named `scsi_host12` (replacing
    /// an earlier one) with the requested WWNs.
    fn node_device_create_xml(&self, xml_desc: &str, flags: u32) -> Result<NodeDeviceId> {
        check_flags(flags, CREATE_VALIDATE, "testNodeDeviceCreateXML")?;
        let def = NodeDeviceDef::parse(xml_desc, ParseMode::Create)?;
        let (wwnn, wwpn) = def.wwns()?;
        self.with_devs(|s| {
            s.check_parent_host(&def)?;
            // libvirt's test driver fails here without saying why.
            let mut vhba = s.get(VHBA_TEMPLATE).cloned().ok_or_else(|| {
                Error::raw(Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "An error occurred, but the cause is unknown")
            })?;
            vhba.name = VHBA_NAME.to_string();
            for c in &mut vhba.caps {
                if let crate::conf::nodedev::Capability::ScsiHost(h) = c {
                    if let Some(fc) = &mut h.fc {
                        fc.wwnn = wwnn.clone();
                        fc.wwpn = wwpn.clone();
                    }
                }
            }
            s.assign(vhba);
            Ok(NodeDeviceId { name: VHBA_NAME.to_string() })
        })
        .inspect(|id| self.device_event(id, Lifecycle::VIR_NODE_DEVICE_EVENT_CREATED))
    }

    fn node_device_destroy(&self, name: &str) -> Result<()> {
        self.with_devs(|s| {
            let def = s.find(name)?;
            // libvirt's test driver reports success without removing anything when the
            // device is no FC host or its parent is gone.
            if def.wwns().is_err() || def.parent.as_deref().and_then(|p| s.get(p)).is_none() {
                return Ok(false);
            }
            s.devs.retain(|d| d.name != name);
            Ok(true)
        })
        .map(|removed| {
            if removed {
                self.device_event(&NodeDeviceId { name: name.to_string() }, Lifecycle::VIR_NODE_DEVICE_EVENT_DELETED);
            }
        })
    }
}
