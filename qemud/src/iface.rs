//! Host interfaces on a QEMU connection, read-only from /sys/class/net as libvirt's
//! udev interface backend reports them: an interface is active when its operstate is
//! `up` (listed as defined when `down`; other states are in neither list, as in
//! libvirt), bridge ports are left out of the lists (they appear inside their bridge),
//! and every change (define, undefine, create, destroy, transactions) answers "not
//! supported", as that backend does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use virt::conf::xml::escape;
use virt::driver::{InterfaceId, Interfaces};
use virt::error::{Code, Domain, Error, Result};

use crate::qemu::driver::QemuConnection;

const FROM: Domain = Domain::VIR_FROM_INTERFACE;

/// `VIR_CONNECT_LIST_INTERFACES_INACTIVE` / `_ACTIVE`.
const LIST_INACTIVE: u32 = 1;
const LIST_ACTIVE: u32 = 2;
/// `VIR_INTERFACE_XML_INACTIVE`.
const XML_INACTIVE: u32 = 1;

const NET: &str = "/sys/class/net";

/// One host interface as the udev backend sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Iface {
    pub name: String,
    pub mac: String,
    pub operstate: String,
    pub mtu: Option<u32>,
    pub speed: Option<u32>,
    /// Enslaved to a bridge (or bond): not listed on its own.
    pub has_master: bool,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Ethernet,
    Bridge { stp: bool, delay: String, ports: Vec<Iface> },
    Vlan { tag: String, device: String },
}

fn read(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok().map(|s| s.trim().to_string())
}

/// Reads interface `name` from `net` (a /sys/class/net directory).
pub fn read_iface(net: &Path, name: &str) -> Option<Iface> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return None;
    }
    let dir: PathBuf = net.join(name);
    if !dir.exists() {
        return None;
    }
    let operstate = read(&dir.join("operstate")).unwrap_or_else(|| "unknown".into());
    let speed = if operstate == "up" {
        read(&dir.join("speed")).and_then(|s| s.parse::<i64>().ok()).map(|s| s as u32)
    } else {
        None
    };
    let uevent = read(&dir.join("uevent")).unwrap_or_default();
    let devtype = uevent.lines().find_map(|l| l.strip_prefix("DEVTYPE=")).map(str::to_string);
    let kind = if dir.join("bridge").is_dir() {
        let mut ports: Vec<String> = std::fs::read_dir(dir.join("brif"))
            .map(|rd| rd.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        ports.sort();
        Kind::Bridge {
            stp: read(&dir.join("bridge/stp_state")).is_some_and(|s| s != "0"),
            delay: read(&dir.join("bridge/forward_delay")).unwrap_or_default(),
            ports: ports.iter().filter_map(|p| read_iface(net, p)).collect(),
        }
    } else if devtype.as_deref() == Some("vlan") {
        let proc = read(&Path::new("/proc/net/vlan").join(name)).unwrap_or_default();
        let vid = proc.lines().find_map(|l| l.split("VID:").nth(1)).and_then(|r| r.split_whitespace().next());
        let dev = proc.lines().find_map(|l| l.strip_prefix("Device:")).map(|d| d.trim().to_string());
        let (tag, device) = match (vid, dev) {
            (Some(v), Some(d)) => (v.to_string(), d),
            _ => {
                let (d, v) = name.rsplit_once('.').unwrap_or((name, ""));
                (v.to_string(), d.to_string())
            }
        };
        Kind::Vlan { tag, device }
    } else {
        Kind::Ethernet
    };
    Some(Iface {
        name: name.to_string(),
        mac: read(&dir.join("address")).unwrap_or_default(),
        operstate,
        mtu: read(&dir.join("mtu")).and_then(|m| m.parse().ok()),
        speed,
        has_master: dir.join("master").exists(),
        kind,
    })
}

/// Every interface of `net`, sorted by name.
pub fn all(net: &Path) -> Vec<Iface> {
    let mut names: Vec<String> = std::fs::read_dir(net)
        .map(|rd| rd.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    names.sort();
    names.iter().filter_map(|n| read_iface(net, n)).collect()
}

impl Iface {
    pub fn active(&self) -> bool {
        self.operstate == "up"
    }

    fn id(&self) -> InterfaceId {
        InterfaceId { name: self.name.clone(), mac: self.mac.clone() }
    }

    fn link(&self, o: &mut String, pad: &str) {
        match self.speed {
            Some(s) => {
                let _ = writeln!(o, "{pad}<link speed='{s}' state='{}'/>", escape(&self.operstate));
            }
            None => {
                let _ = writeln!(o, "{pad}<link state='{}'/>", escape(&self.operstate));
            }
        }
    }

    /// The interface's XML, as `virInterfaceGetXMLDesc` gives it.
    pub fn format(&self) -> String {
        let mut o = String::new();
        self.format_into(&mut o, "", true);
        o
    }

    fn format_into(&self, o: &mut String, pad: &str, top: bool) {
        let ty = match self.kind {
            Kind::Ethernet => "ethernet",
            Kind::Bridge { .. } => "bridge",
            Kind::Vlan { .. } => "vlan",
        };
        let _ = writeln!(o, "{pad}<interface type='{ty}' name='{}'>", escape(&self.name));
        let inner = format!("{pad}  ");
        if top {
            if let Some(m) = self.mtu {
                let _ = writeln!(o, "{inner}<mtu size='{m}'/>");
            }
        }
        match &self.kind {
            Kind::Bridge { stp, delay, ports } => {
                let _ = writeln!(o, "{inner}<bridge stp='{}' delay='{}'>", if *stp { "on" } else { "off" }, escape(delay));
                for p in ports {
                    p.format_into(o, &format!("{inner}  "), false);
                }
                let _ = writeln!(o, "{inner}</bridge>");
            }
            Kind::Ethernet => {
                self.link(o, &inner);
                let _ = writeln!(o, "{inner}<mac address='{}'/>", escape(&self.mac));
            }
            Kind::Vlan { tag, device } => {
                self.link(o, &inner);
                let _ = writeln!(o, "{inner}<mac address='{}'/>", escape(&self.mac));
                let _ = writeln!(o, "{inner}<vlan tag='{}'>", escape(tag));
                let _ = writeln!(o, "{inner}  <interface name='{}'/>", escape(device));
                let _ = writeln!(o, "{inner}</vlan>");
            }
        }
        let _ = writeln!(o, "{pad}</interface>");
    }
}

fn not_found(name: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_NO_INTERFACE, format!("couldn't find interface named '{name}'"))
}

fn find(name: &str) -> Result<Iface> {
    read_iface(Path::new(NET), name).ok_or_else(|| not_found(name))
}

fn check_flags(flags: u32, allowed: u32, func: &str) -> Result<()> {
    virt::driver::domain_obj::check_flags(flags, allowed, func, FROM)
}

/// The listed interfaces (bridge ports left out) in state `up` (`active`) or `down`.
fn by_status(active: bool) -> Vec<Iface> {
    let want = if active { "up" } else { "down" };
    all(Path::new(NET)).into_iter().filter(|i| !i.has_master && i.operstate == want).collect()
}

impl Interfaces for QemuConnection {
    fn connect_num_of_interfaces(&self) -> Result<i32> {
        Ok(by_status(true).len() as i32)
    }

    fn connect_list_interfaces(&self, maxnames: i32) -> Result<Vec<String>> {
        Ok(by_status(true).into_iter().map(|i| i.name).take(maxnames.max(0) as usize).collect())
    }

    fn connect_num_of_defined_interfaces(&self) -> Result<i32> {
        Ok(by_status(false).len() as i32)
    }

    fn connect_list_defined_interfaces(&self, maxnames: i32) -> Result<Vec<String>> {
        Ok(by_status(false).into_iter().map(|i| i.name).take(maxnames.max(0) as usize).collect())
    }

    fn connect_list_all_interfaces(&self, flags: u32) -> Result<Vec<InterfaceId>> {
        check_flags(flags, LIST_INACTIVE | LIST_ACTIVE, "udevConnectListAllInterfaces")?;
        let state = flags & (LIST_INACTIVE | LIST_ACTIVE);
        Ok(all(Path::new(NET))
            .into_iter()
            .filter(|i| !i.has_master)
            .filter(|i| match state {
                LIST_ACTIVE => i.active(),
                LIST_INACTIVE => !i.active(),
                _ => true,
            })
            .map(|i| i.id())
            .collect())
    }

    fn interface_lookup_by_name(&self, name: &str) -> Result<InterfaceId> {
        Ok(find(name)?.id())
    }

    fn interface_lookup_by_mac_string(&self, mac: &str) -> Result<InterfaceId> {
        let hits: Vec<Iface> =
            all(Path::new(NET)).into_iter().filter(|i| i.mac.eq_ignore_ascii_case(mac)).collect();
        match hits.len() {
            0 => Err(Error::new(
                FROM,
                Code::VIR_ERR_NO_INTERFACE,
                format!("couldn't find interface with MAC address '{mac}'"),
            )),
            1 => Ok(hits[0].id()),
            _ => Err(Error::new(
                FROM,
                Code::VIR_ERR_MULTIPLE_INTERFACES,
                format!("the MAC '{mac}' matches multiple interfaces"),
            )),
        }
    }

    fn interface_get_xml_desc(&self, iface: &InterfaceId, flags: u32) -> Result<String> {
        check_flags(flags, XML_INACTIVE, "udevInterfaceGetXMLDesc")?;
        Ok(find(&iface.name)?.format())
    }

    fn interface_is_active(&self, iface: &InterfaceId) -> Result<bool> {
        Ok(find(&iface.name)?.active())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bridge_formats_with_its_ports() {
        let port = Iface {
            name: "vethA".into(),
            mac: "92:4c:8d:e8:e3:a5".into(),
            operstate: "up".into(),
            mtu: Some(1500),
            speed: Some(10000),
            has_master: true,
            kind: Kind::Ethernet,
        };
        let br = Iface {
            name: "br0".into(),
            mac: "52:54:00:11:22:33".into(),
            operstate: "up".into(),
            mtu: Some(1500),
            speed: None,
            has_master: false,
            kind: Kind::Bridge { stp: false, delay: "1500".into(), ports: vec![port] },
        };
        assert_eq!(
            br.format(),
            "<interface type='bridge' name='br0'>\n  <mtu size='1500'/>\n  <bridge stp='off' delay='1500'>\n    \
             <interface type='ethernet' name='vethA'>\n      <link speed='10000' state='up'/>\n      \
             <mac address='92:4c:8d:e8:e3:a5'/>\n    </interface>\n  </bridge>\n</interface>\n"
        );
    }

    #[test]
    fn names_with_slashes_are_not_read() {
        assert!(read_iface(Path::new(NET), "../lo").is_none());
        assert!(read_iface(Path::new(NET), "lo").is_some());
    }
}
