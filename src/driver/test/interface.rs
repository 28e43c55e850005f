//! The test driver's host interfaces: `eth1` of `test:///default` (or a node file's
//! `<interface>`s), defined and undefined, started and stopped as pure bookkeeping, and
//! libvirt's change transactions, which snapshot the definitions only: a rollback
//! leaves every interface inactive, as libvirt 9.0's test driver does.

use super::{check_flags, TestConnection, FROM};
use crate::conf::interface::InterfaceDef;
use crate::driver::{InterfaceId, Interfaces};
use crate::error::{Code, Error, Result};

/// `virConnectListAllInterfacesFlags`: INACTIVE, ACTIVE.
const LIST_INACTIVE: u32 = 1;
const LIST_ACTIVE: u32 = 2;
/// `VIR_INTERFACE_DEFINE_VALIDATE`.
const DEFINE_VALIDATE: u32 = 1;

/// libvirt's `eth1` of `test:///default`.
const DEFAULT_ETH1: &str = "<interface type='ethernet' name='eth1'><start mode='onboot'/>\
    <mac address='aa:bb:cc:dd:ee:ff'/><mtu size='1492'/><protocol family='ipv4'>\
    <ip address='192.168.0.5' prefix='24'/><route gateway='192.168.0.1'/></protocol></interface>";

pub struct InterfaceObj {
    pub def: InterfaceDef,
    pub active: bool,
}

/// The interfaces of one test state.
#[derive(Default)]
pub struct InterfaceState {
    list: Vec<InterfaceObj>,
    /// The definitions saved by `virInterfaceChangeBegin`, while a transaction runs.
    backup: Option<Vec<InterfaceDef>>,
}

impl InterfaceState {
    /// `test:///default`'s interfaces: `eth1`, active.
    pub fn default_state() -> InterfaceState {
        let def = InterfaceDef::parse(DEFAULT_ETH1).expect("the built-in eth1 parses");
        InterfaceState { list: vec![InterfaceObj { def, active: true }], backup: None }
    }

    /// A node file's interfaces, all active.
    pub fn from_defs(defs: Vec<InterfaceDef>) -> InterfaceState {
        let mut s = InterfaceState::default();
        for def in defs {
            let i = s.assign(def);
            s.list[i].active = true;
        }
        s
    }

    /// Adds `def`, or replaces the definition of the interface of the same name (which
    /// keeps its state). Returns its index.
    fn assign(&mut self, def: InterfaceDef) -> usize {
        match self.list.iter().position(|o| o.def.name == def.name) {
            Some(i) => {
                self.list[i].def = def;
                i
            }
            None => {
                self.list.push(InterfaceObj { def, active: false });
                self.list.len() - 1
            }
        }
    }

    fn find(&self, name: &str) -> Result<usize> {
        self.list.iter().position(|o| o.def.name == name).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_NO_INTERFACE, format!("no interface with matching name '{name}'"))
        })
    }

    fn ident(&self, i: usize) -> InterfaceId {
        let d = &self.list[i].def;
        InterfaceId { name: d.name.clone(), mac: d.mac().to_string() }
    }

    fn names(&self, active: bool, max: i32) -> Vec<String> {
        self.list.iter().filter(|o| o.active == active).map(|o| o.def.name.clone()).take(max.max(0) as usize).collect()
    }
}

impl TestConnection {
    fn with_ifaces<R>(&self, f: impl FnOnce(&mut InterfaceState) -> Result<R>) -> Result<R> {
        f(&mut self.shared.state.lock().interfaces)
    }
}

fn operation_invalid(detail: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, detail)
}

impl Interfaces for TestConnection {
    fn connect_num_of_interfaces(&self) -> Result<i32> {
        self.with_ifaces(|s| Ok(s.list.iter().filter(|o| o.active).count() as i32))
    }

    fn connect_list_interfaces(&self, maxnames: i32) -> Result<Vec<String>> {
        self.with_ifaces(|s| Ok(s.names(true, maxnames)))
    }

    fn connect_num_of_defined_interfaces(&self) -> Result<i32> {
        self.with_ifaces(|s| Ok(s.list.iter().filter(|o| !o.active).count() as i32))
    }

    fn connect_list_defined_interfaces(&self, maxnames: i32) -> Result<Vec<String>> {
        self.with_ifaces(|s| Ok(s.names(false, maxnames)))
    }

    fn connect_list_all_interfaces(&self, flags: u32) -> Result<Vec<InterfaceId>> {
        check_flags(flags, LIST_INACTIVE | LIST_ACTIVE, "testConnectListAllInterfaces")?;
        let both = flags & (LIST_INACTIVE | LIST_ACTIVE);
        self.with_ifaces(|s| {
            Ok((0..s.list.len())
                .filter(|&i| match both {
                    LIST_ACTIVE => s.list[i].active,
                    LIST_INACTIVE => !s.list[i].active,
                    _ => true,
                })
                .map(|i| s.ident(i))
                .collect())
        })
    }

    fn interface_lookup_by_name(&self, name: &str) -> Result<InterfaceId> {
        self.with_ifaces(|s| s.find(name).map(|i| s.ident(i)))
    }

    /// Matches case-insensitively; the handle carries the caller's spelling of the MAC.
    fn interface_lookup_by_mac_string(&self, mac: &str) -> Result<InterfaceId> {
        self.with_ifaces(|s| {
            let found: Vec<&InterfaceObj> = s.list.iter().filter(|o| o.def.mac().eq_ignore_ascii_case(mac)).collect();
            match found.as_slice() {
                [] => Err(Error::new(FROM, Code::VIR_ERR_NO_INTERFACE, format!("no interface with matching mac '{mac}'"))),
                [o] => Ok(InterfaceId { name: o.def.name.clone(), mac: mac.to_string() }),
                _ => Err(Error::new(FROM, Code::VIR_ERR_MULTIPLE_INTERFACES, "")),
            }
        })
    }

    fn interface_get_xml_desc(&self, iface: &InterfaceId, flags: u32) -> Result<String> {
        check_flags(flags, 0, "testInterfaceGetXMLDesc")?;
        self.with_ifaces(|s| s.find(&iface.name).map(|i| s.list[i].def.format()))
    }

    fn interface_define_xml(&self, xml: &str, flags: u32) -> Result<InterfaceId> {
        check_flags(flags, DEFINE_VALIDATE, "testInterfaceDefineXML")?;
        let def = InterfaceDef::parse(xml)?;
        self.with_ifaces(|s| {
            let i = s.assign(def);
            Ok(s.ident(i))
        })
    }

    fn interface_undefine(&self, iface: &InterfaceId) -> Result<()> {
        self.with_ifaces(|s| {
            let i = s.find(&iface.name)?;
            s.list.remove(i);
            Ok(())
        })
    }

    fn interface_create(&self, iface: &InterfaceId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testInterfaceCreate")?;
        self.with_ifaces(|s| {
            let i = s.find(&iface.name)?;
            if s.list[i].active {
                return Err(operation_invalid(""));
            }
            s.list[i].active = true;
            Ok(())
        })
    }

    fn interface_destroy(&self, iface: &InterfaceId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testInterfaceDestroy")?;
        self.with_ifaces(|s| {
            let i = s.find(&iface.name)?;
            if !s.list[i].active {
                return Err(operation_invalid(""));
            }
            s.list[i].active = false;
            Ok(())
        })
    }

    fn interface_is_active(&self, iface: &InterfaceId) -> Result<bool> {
        self.with_ifaces(|s| s.find(&iface.name).map(|i| s.list[i].active))
    }

    fn interface_change_begin(&self, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testInterfaceChangeBegin")?;
        self.with_ifaces(|s| {
            if s.backup.is_some() {
                return Err(operation_invalid("there is another transaction running."));
            }
            s.backup = Some(s.list.iter().map(|o| o.def.clone()).collect());
            Ok(())
        })
    }

    fn interface_change_commit(&self, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testInterfaceChangeCommit")?;
        self.with_ifaces(|s| match s.backup.take() {
            Some(_) => Ok(()),
            None => Err(operation_invalid("no transaction running, nothing to be committed.")),
        })
    }

    /// The saved definitions come back, all inactive (libvirt copies definitions only).
    fn interface_change_rollback(&self, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testInterfaceChangeRollback")?;
        self.with_ifaces(|s| match s.backup.take() {
            Some(defs) => {
                s.list = defs.into_iter().map(|def| InterfaceObj { def, active: false }).collect();
                Ok(())
            }
            None => Err(operation_invalid("no transaction running, nothing to rollback.")),
        })
    }
}
