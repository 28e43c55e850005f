//! Host interface definitions (`<interface>` of libvirt's interface driver), as libvirt
//! 9.0's `interface_conf.c` parses and prints them: ethernet, bridge, bond and vlan
//! interfaces, their start mode, MTU, link state and IP protocols.
//!
//! Quirks kept on purpose: the MAC address, bridge delay and vlan tag are printed without
//! escaping; a bad `stp` value is ignored; an MTU that is not a number fails without a
//! message (libvirt reports its generic "cause is unknown" error); only the top-level
//! interface carries a start mode, an MTU and protocols.

#![forbid(unsafe_code)]

use crate::conf::units::{parse_int, parse_ull};
use crate::conf::xml::{self, Buf};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_INTERFACE;

/// `virInterfaceType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterfaceType {
    Ethernet,
    Bridge,
    Bond,
    Vlan,
}

impl InterfaceType {
    fn parse(s: &str) -> Option<InterfaceType> {
        Some(match s {
            "ethernet" => InterfaceType::Ethernet,
            "bridge" => InterfaceType::Bridge,
            "bond" => InterfaceType::Bond,
            "vlan" => InterfaceType::Vlan,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InterfaceType::Ethernet => "ethernet",
            InterfaceType::Bridge => "bridge",
            InterfaceType::Bond => "bond",
            InterfaceType::Vlan => "vlan",
        }
    }
}

/// One `<ip>` of a protocol: an element without an address is kept but never printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpDef {
    pub address: Option<String>,
    pub prefix: i32,
}

/// `<protocol family='ipv4|ipv6'>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolDef {
    pub family: String,
    pub autoconf: bool,
    pub dhcp: bool,
    /// `peerdns` of `<dhcp>`: None when absent.
    pub peerdns: Option<bool>,
    pub ips: Vec<IpDef>,
    pub gateway: Option<String>,
}

/// `<link speed='' state=''/>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkDef {
    pub speed: u32,
    pub state: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BondMonitor {
    None,
    Mii { freq: i32, downdelay: i32, updelay: i32, carrier: Option<&'static str> },
    Arp { interval: i32, target: String, validate: Option<&'static str> },
}

/// What the interface's type adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeData {
    Ethernet { mac: Option<String> },
    Bridge { stp: Option<bool>, delay: Option<String>, itfs: Vec<InterfaceDef> },
    Bond { mode: Option<&'static str>, monitor: BondMonitor, itfs: Vec<InterfaceDef> },
    Vlan { tag: String, dev_name: String },
}

/// A parsed interface definition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceDef {
    pub kind: InterfaceType,
    pub name: String,
    /// `onboot`, `hotplug` or `none`; None when unspecified.
    pub startmode: Option<&'static str>,
    /// 0 when unset.
    pub mtu: u32,
    pub protocols: Vec<ProtocolDef>,
    pub link: LinkDef,
    pub data: TypeData,
}

const LINK_STATES: &[&str] = &["unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"];
const BOND_MODES: &[&str] =
    &["balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"];

fn xml_error(msg: impl Into<String>) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_ERROR, msg)
}

fn helper_error(msg: String) -> Error {
    Error::new(Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, msg)
}

/// libvirt's generic failure: a parse step failed without reporting why.
fn unknown_error() -> Error {
    Error::raw(Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "An error occurred, but the cause is unknown")
}

/// XPath's `string(...)` as libvirt's `virXPathString` sees it: empty means absent.
fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_string)
}

/// `string(./child/@attr)`: the attribute of the first such child.
fn child_attr<'a>(node: roxmltree::Node<'a, '_>, child: &str, attr: &str) -> Option<&'a str> {
    xml::child(node, child).and_then(|c| xml::attr(c, attr))
}

/// `virXPathInt`: None when absent or empty, Err(()) when not an integer.
fn xpath_int(s: Option<&str>) -> std::result::Result<Option<i32>, ()> {
    match s {
        None | Some("") => Ok(None),
        Some(v) => parse_int(v).map(Some).ok_or(()),
    }
}

/// An integer attribute as `virXMLPropInt` with base 0 reads it (hex and octal allowed).
fn prop_int_base0(v: &str) -> Option<i32> {
    let t = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i64::from_str_radix(digits, radix).ok()?;
    i32::try_from(if neg { -v } else { v }).ok()
}

impl InterfaceDef {
    /// Parses an interface document (`virInterfaceDefParseString`).
    pub fn parse(text: &str) -> Result<InterfaceDef> {
        let doc = xml::parse_document(text, "(interface_definition)", FROM)?;
        xml::check_root(&doc, "interface")?;
        Self::parse_node(doc.root_element(), None)
    }

    /// Parses an `<interface>` element of a node description file.
    pub fn from_element(el: &xml::XmlElement) -> Result<InterfaceDef> {
        let text = el.format_libxml2(0);
        Self::parse(&text)
    }

    fn parse_node(node: roxmltree::Node, parent: Option<InterfaceType>) -> Result<InterfaceDef> {
        let kind = match xml::attr(node, "type") {
            None => return Err(helper_error("Missing required attribute 'type' in element 'interface'".into())),
            Some(t) => InterfaceType::parse(t)
                .ok_or_else(|| helper_error(format!("Invalid value for attribute 'type' in element 'interface': '{t}'.")))?,
        };
        let allowed = match parent {
            None => true,
            Some(InterfaceType::Bond) => kind == InterfaceType::Ethernet,
            Some(InterfaceType::Bridge) => kind != InterfaceType::Bridge,
            Some(_) => false,
        };
        if !allowed {
            return Err(xml_error(format!("interface has unsupported type '{}'", kind.as_str())));
        }
        let name = xml::attr(node, "name").ok_or_else(|| xml_error("interface has no name"))?.to_string();

        let mut def = InterfaceDef {
            kind,
            name,
            startmode: None,
            mtu: 0,
            protocols: Vec::new(),
            link: LinkDef::default(),
            data: TypeData::Ethernet { mac: None },
        };
        if parent.is_none() {
            def.startmode = match non_empty(child_attr(node, "start", "mode")).as_deref() {
                None => None,
                Some("onboot") => Some("onboot"),
                Some("hotplug") => Some("hotplug"),
                Some("none") => Some("none"),
                Some(other) => return Err(xml_error(format!("unknown interface startmode {other}"))),
            };
            def.mtu = parse_mtu(child_attr(node, "mtu", "size"))?;
            for p in xml::children(node, "protocol") {
                def.protocols.push(parse_protocol(p)?);
            }
        }
        if kind != InterfaceType::Bridge {
            if let Some(l) = xml::child(node, "link") {
                def.link = parse_link(l)?;
            }
        }
        def.data = match kind {
            InterfaceType::Ethernet => TypeData::Ethernet { mac: non_empty(child_attr(node, "mac", "address")) },
            InterfaceType::Bridge => {
                let b = xml::child(node, "bridge").ok_or_else(|| xml_error("bridge interface misses the bridge element"))?;
                // libvirt reports a bad stp value but carries on parsing.
                let stp = match xml::attr(b, "stp") {
                    Some("on") => Some(true),
                    Some("off") => Some(false),
                    _ => None,
                };
                let delay = xml::attr(b, "delay").map(str::to_string);
                let itfs = xml::children(b, "interface")
                    .map(|i| InterfaceDef::parse_node(i, Some(InterfaceType::Bridge)))
                    .collect::<Result<Vec<_>>>()?;
                TypeData::Bridge { stp, delay, itfs }
            }
            InterfaceType::Bond => {
                let b = xml::child(node, "bond").ok_or_else(|| xml_error("bond interface misses the bond element"))?;
                parse_bond(b)?
            }
            InterfaceType::Vlan => {
                let v = xml::child(node, "vlan").ok_or_else(|| xml_error("vlan interface misses the vlan element"))?;
                let tag = non_empty(xml::attr(v, "tag")).ok_or_else(|| xml_error("vlan interface misses the tag attribute"))?;
                let dev_name = non_empty(child_attr(v, "interface", "name"))
                    .ok_or_else(|| xml_error("vlan interface misses name attribute"))?;
                TypeData::Vlan { tag, dev_name }
            }
        };
        Ok(def)
    }

    /// The MAC address libvirt hands out with the interface's handle ("" when none).
    pub fn mac(&self) -> &str {
        match &self.data {
            TypeData::Ethernet { mac: Some(m) } => m,
            _ => "",
        }
    }

    /// The document as `virInterfaceDefFormat` prints it.
    pub fn format(&self) -> String {
        let mut buf = Buf::new();
        self.format_into(&mut buf, true);
        buf.into_string()
    }

    fn format_into(&self, buf: &mut Buf, top: bool) {
        buf.line(&format!("<interface type='{}' name='{}'>", self.kind.as_str(), xml::escape(&self.name)));
        let mut inner = Buf::with_indent(buf.indent() + 2);
        if top {
            if let Some(m) = self.startmode {
                inner.line(&format!("<start mode='{m}'/>"));
            }
            if self.mtu != 0 {
                inner.line(&format!("<mtu size='{}'/>", self.mtu));
            }
            for p in &self.protocols {
                format_protocol(&mut inner, p);
            }
        }
        if self.kind != InterfaceType::Bridge && (self.link.speed != 0 || self.link.state.is_some()) {
            let mut l = String::from("<link");
            if self.link.speed != 0 {
                l.push_str(&format!(" speed='{}'", self.link.speed));
            }
            if let Some(s) = &self.link.state {
                l.push_str(&format!(" state='{s}'"));
            }
            l.push_str("/>");
            inner.line(&l);
        }
        match &self.data {
            TypeData::Ethernet { mac } => {
                if let Some(m) = mac {
                    inner.line(&format!("<mac address='{m}'/>"));
                }
            }
            TypeData::Bridge { stp, delay, itfs } => {
                let mut open = String::from("<bridge");
                match stp {
                    Some(true) => open.push_str(" stp='on'"),
                    Some(false) => open.push_str(" stp='off'"),
                    None => {}
                }
                if let Some(d) = delay {
                    open.push_str(&format!(" delay='{d}'"));
                }
                open.push('>');
                inner.line(&open);
                let mut sub = Buf::with_indent(inner.indent() + 2);
                for i in itfs {
                    i.format_into(&mut sub, false);
                }
                inner.push_raw(&sub.into_string());
                inner.line("</bridge>");
            }
            TypeData::Bond { mode, monitor, itfs } => {
                inner.line(&match mode {
                    Some(m) => format!("<bond mode='{m}'>"),
                    None => "<bond>".to_string(),
                });
                let mut sub = Buf::with_indent(inner.indent() + 2);
                match monitor {
                    BondMonitor::None => {}
                    BondMonitor::Mii { freq, downdelay, updelay, carrier } => {
                        let mut m = format!("<miimon freq='{freq}'");
                        if *downdelay > 0 {
                            m.push_str(&format!(" downdelay='{downdelay}'"));
                        }
                        if *updelay > 0 {
                            m.push_str(&format!(" updelay='{updelay}'"));
                        }
                        if let Some(c) = carrier {
                            m.push_str(&format!(" carrier='{c}'"));
                        }
                        m.push_str("/>");
                        sub.line(&m);
                    }
                    BondMonitor::Arp { interval, target, validate } => {
                        let mut m = format!("<arpmon interval='{interval}' target='{target}'");
                        if let Some(v) = validate {
                            m.push_str(&format!(" validate='{v}'"));
                        }
                        m.push_str("/>");
                        sub.line(&m);
                    }
                }
                for i in itfs {
                    i.format_into(&mut sub, false);
                }
                inner.push_raw(&sub.into_string());
                inner.line("</bond>");
            }
            TypeData::Vlan { tag, dev_name } => {
                inner.line(&format!("<vlan tag='{tag}'>"));
                inner.line(&format!("  <interface name='{dev_name}'/>"));
                inner.line("</vlan>");
            }
        }
        buf.push_raw(&inner.into_string());
        buf.line("</interface>");
    }
}

fn parse_mtu(size: Option<&str>) -> Result<u32> {
    match size {
        None | Some("") => Ok(0),
        Some(v) => match parse_ull(v) {
            None => Err(unknown_error()),
            Some(n) if n > 100000 => {
                Err(xml_error("value of the 'size' attribute of 'mtu' element must be at most 100000"))
            }
            Some(n) => Ok(n as u32),
        },
    }
}

fn parse_link(l: roxmltree::Node) -> Result<LinkDef> {
    let mut link = LinkDef::default();
    if let Some(s) = xml::attr(l, "state") {
        if !LINK_STATES.contains(&s) {
            return Err(helper_error(format!("Invalid value for attribute 'state' in element 'link': '{s}'.")));
        }
        link.state = Some(s.to_string());
    }
    if let Some(s) = xml::attr(l, "speed") {
        link.speed = crate::conf::units::parse_uint(s).ok_or_else(|| {
            helper_error(format!(
                "Invalid value for attribute 'speed' in element 'link': '{s}'. Expected non-negative integer value"
            ))
        })?;
    }
    Ok(link)
}

fn parse_protocol(p: roxmltree::Node) -> Result<ProtocolDef> {
    let family = xml::attr(p, "family").ok_or_else(|| xml_error("protocol misses the family attribute"))?.to_string();
    let ipv6 = match family.as_str() {
        "ipv4" => false,
        "ipv6" => true,
        other => return Err(xml_error(format!("unsupported protocol family '{other}'"))),
    };
    let mut proto = ProtocolDef {
        family,
        autoconf: ipv6 && xml::child(p, "autoconf").is_some(),
        dhcp: false,
        peerdns: None,
        ips: Vec::new(),
        gateway: non_empty(child_attr(p, "route", "gateway")),
    };
    if let Some(d) = xml::child(p, "dhcp") {
        proto.dhcp = true;
        proto.peerdns = match xml::attr(d, "peerdns") {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(v) => {
                return Err(helper_error(format!("Invalid value for attribute 'peerdns' in element 'dhcp': '{v}'.")))
            }
        };
    }
    for ip in xml::children(p, "ip") {
        let address = xml::attr(ip, "address").map(str::to_string);
        let mut prefix = 0;
        if address.is_some() {
            if let Some(v) = xml::attr(ip, "prefix") {
                prefix = prop_int_base0(v).ok_or_else(|| {
                    helper_error(format!("Invalid value for attribute 'prefix' in element 'ip': '{v}'. Expected integer value"))
                })?;
            }
        }
        proto.ips.push(IpDef { address, prefix });
    }
    Ok(proto)
}

fn parse_bond(b: roxmltree::Node) -> Result<TypeData> {
    let mode = match xml::attr(b, "mode") {
        None => None,
        Some(m) => match BOND_MODES.iter().find(|k| **k == m) {
            Some(k) => Some(*k),
            None => return Err(xml_error(format!("unknown bonding mode {m}"))),
        },
    };
    let itfs = xml::children(b, "interface")
        .map(|i| InterfaceDef::parse_node(i, Some(InterfaceType::Bond)))
        .collect::<Result<Vec<_>>>()?;
    let monitor = if let Some(m) = xml::child(b, "miimon") {
        let freq = match xpath_int(xml::attr(m, "freq")) {
            Ok(Some(f)) => f,
            _ => return Err(xml_error("bond interface miimon freq missing or invalid")),
        };
        let downdelay =
            xpath_int(xml::attr(m, "downdelay")).map_err(|_| xml_error("bond interface miimon downdelay invalid"))?;
        let updelay = xpath_int(xml::attr(m, "updelay")).map_err(|_| xml_error("bond interface miimon updelay invalid"))?;
        let carrier = match xml::attr(m, "carrier") {
            None | Some("") => None,
            Some("ioctl") => Some("ioctl"),
            Some("netif") => Some("netif"),
            Some(c) => return Err(xml_error(format!("unknown mii bonding carrier {c}"))),
        };
        BondMonitor::Mii { freq, downdelay: downdelay.unwrap_or(0), updelay: updelay.unwrap_or(0), carrier }
    } else if let Some(a) = xml::child(b, "arpmon") {
        let interval = match xpath_int(xml::attr(a, "interval")) {
            Ok(Some(i)) => i,
            _ => return Err(xml_error("bond interface arpmon interval missing or invalid")),
        };
        let target = non_empty(xml::attr(a, "target")).ok_or_else(|| xml_error("bond interface arpmon target missing"))?;
        let validate = match xml::attr(a, "validate") {
            None | Some("") => None,
            Some("active") => Some("active"),
            Some("backup") => Some("backup"),
            Some("all") => Some("all"),
            Some(v) => return Err(xml_error(format!("unknown arp bonding validate {v}"))),
        };
        BondMonitor::Arp { interval, target, validate }
    } else {
        BondMonitor::None
    };
    Ok(TypeData::Bond { mode, monitor, itfs })
}

fn format_protocol(buf: &mut Buf, p: &ProtocolDef) {
    buf.line(&format!("<protocol family='{}'>", p.family));
    let mut inner = Buf::with_indent(buf.indent() + 2);
    if p.autoconf {
        inner.line("<autoconf/>");
    }
    if p.dhcp {
        inner.line(match p.peerdns {
            Some(false) => "<dhcp peerdns='no'/>",
            Some(true) => "<dhcp peerdns='yes'/>",
            None => "<dhcp/>",
        });
    }
    for ip in &p.ips {
        if let Some(a) = &ip.address {
            if ip.prefix != 0 {
                inner.line(&format!("<ip address='{a}' prefix='{}'/>", ip.prefix));
            } else {
                inner.line(&format!("<ip address='{a}'/>"));
            }
        }
    }
    if let Some(g) = &p.gateway {
        inner.line(&format!("<route gateway='{g}'/>"));
    }
    buf.push_raw(&inner.into_string());
    buf.line("</protocol>");
}

#[cfg(test)]
mod tests {
    use super::*;

    const ETH1: &str = "<interface type=\"ethernet\" name=\"eth1\">\n  <start mode=\"onboot\"/>\n  \
        <mac address=\"aa:bb:cc:dd:ee:ff\"/>\n  <mtu size=\"1492\"/>\n  <protocol family=\"ipv4\">\n    \
        <ip address=\"192.168.0.5\" prefix=\"24\"/>\n    <route gateway=\"192.168.0.1\"/>\n  </protocol>\n</interface>";

    #[test]
    fn default_eth1_prints_as_libvirt() {
        let d = InterfaceDef::parse(ETH1).unwrap();
        assert_eq!(d.mac(), "aa:bb:cc:dd:ee:ff");
        assert_eq!(
            d.format(),
            "<interface type='ethernet' name='eth1'>\n  <start mode='onboot'/>\n  <mtu size='1492'/>\n  \
             <protocol family='ipv4'>\n    <ip address='192.168.0.5' prefix='24'/>\n    <route gateway='192.168.0.1'/>\n  \
             </protocol>\n  <mac address='aa:bb:cc:dd:ee:ff'/>\n</interface>\n"
        );
    }

    #[test]
    fn nested_bridge_bond_vlan() {
        let x = "<interface type='bridge' name='br0'><mtu size='9000'/><link state='up'/><bridge stp='off' delay='a&amp;'>\
            <interface type='vlan' name='v1'><vlan tag='3'><interface name='eth0'/></vlan></interface>\
            <interface type='bond' name='bond1'><bond/></interface><interface type='ethernet' name='e'><start mode='onboot'/>\
            <mac address='11:22:33:44:55:66'/><link speed='10'/></interface></bridge></interface>";
        assert_eq!(
            InterfaceDef::parse(x).unwrap().format(),
            "<interface type='bridge' name='br0'>\n  <mtu size='9000'/>\n  <bridge stp='off' delay='a&'>\n    \
             <interface type='vlan' name='v1'>\n      <vlan tag='3'>\n        <interface name='eth0'/>\n      </vlan>\n    \
             </interface>\n    <interface type='bond' name='bond1'>\n      <bond>\n      </bond>\n    </interface>\n    \
             <interface type='ethernet' name='e'>\n      <link speed='10'/>\n      <mac address='11:22:33:44:55:66'/>\n    \
             </interface>\n  </bridge>\n</interface>\n"
        );
        let b = "<interface type='bond' name='b'><bond mode='active-backup'><miimon freq='100' updelay='10' carrier='ioctl'/>\
            <interface type='ethernet' name='eth4'><mac address='ab:bb:cc:dd:ee:ff'/></interface></bond></interface>";
        assert_eq!(
            InterfaceDef::parse(b).unwrap().format(),
            "<interface type='bond' name='b'>\n  <bond mode='active-backup'>\n    <miimon freq='100' updelay='10' carrier='ioctl'/>\n    \
             <interface type='ethernet' name='eth4'>\n      <mac address='ab:bb:cc:dd:ee:ff'/>\n    </interface>\n  </bond>\n</interface>\n"
        );
    }

    #[test]
    fn protocols() {
        let x = "<interface type='ethernet' name='t&amp;1'><protocol family='ipv6'><autoconf/><dhcp peerdns='no'/>\
            <ip address='::1' prefix='128'/><ip/><ip address='fe80::1'/><route gateway='::2'/><route gateway='::3'/></protocol>\
            <protocol family='ipv4'><dhcp peerdns='yes'/></protocol></interface>";
        assert_eq!(
            InterfaceDef::parse(x).unwrap().format(),
            "<interface type='ethernet' name='t&amp;1'>\n  <protocol family='ipv6'>\n    <autoconf/>\n    <dhcp peerdns='no'/>\n    \
             <ip address='::1' prefix='128'/>\n    <ip address='fe80::1'/>\n    <route gateway='::2'/>\n  </protocol>\n  \
             <protocol family='ipv4'>\n    <dhcp peerdns='yes'/>\n  </protocol>\n</interface>\n"
        );
    }

    #[test]
    fn errors_as_libvirt() {
        let cases: &[(&str, Domain, Code, &str)] = &[
            ("<foo/>", Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, "XML error: expecting root element of 'interface', not 'foo'"),
            ("<interface/>", Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, "XML error: Missing required attribute 'type' in element 'interface'"),
            ("<interface type='ethernet'/>", FROM, Code::VIR_ERR_XML_ERROR, "XML error: interface has no name"),
            ("<interface type='bogus' name='x'/>", Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, "XML error: Invalid value for attribute 'type' in element 'interface': 'bogus'."),
            ("<interface type='bridge' name='b'/>", FROM, Code::VIR_ERR_XML_ERROR, "XML error: bridge interface misses the bridge element"),
            ("<interface type='ethernet' name='x'><mtu size='abc'/></interface>", Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "An error occurred, but the cause is unknown"),
            ("<interface type='ethernet' name='x'><mtu size='200000'/></interface>", FROM, Code::VIR_ERR_XML_ERROR, "XML error: value of the 'size' attribute of 'mtu' element must be at most 100000"),
            ("<interface type='ethernet' name='x'><protocol family='ipv4'><ip address='1.2.3.4' prefix=''/></protocol></interface>", Domain::VIR_FROM_XML, Code::VIR_ERR_XML_ERROR, "XML error: Invalid value for attribute 'prefix' in element 'ip': ''. Expected integer value"),
            ("<interface type='bond' name='b'><bond><interface type='vlan' name='v'/></bond></interface>", FROM, Code::VIR_ERR_XML_ERROR, "XML error: interface has unsupported type 'vlan'"),
            ("<interface type='vlan' name='v'><vlan tag='1'/></interface>", FROM, Code::VIR_ERR_XML_ERROR, "XML error: vlan interface misses name attribute"),
        ];
        for (x, dom, code, msg) in cases {
            let e = InterfaceDef::parse(x).unwrap_err();
            assert_eq!((e.domain, e.code, e.message.as_str()), (*dom, *code, *msg), "{x}");
        }
    }
}
