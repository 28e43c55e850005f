//! The virtual network definition (`<network>`): parse, check and format as libvirt 9.0.
//!
//! The typed parts are the ones libvirt's test driver shows back and checks: name, UUID,
//! forwarding (mode, devices, NAT ranges), the bridge, MTU, MAC, DNS domain, DNS records,
//! IP addresses with DHCP, and static routes. `<metadata>` is kept as libvirt keeps it;
//! `<bandwidth>`, `<vlan>`, `<virtualport>` and `<portgroup>`s are kept verbatim. Errors
//! carry libvirt's codes, domains and messages; addresses are printed normalised, as
//! libvirt prints them after parsing.

#![forbid(unsafe_code)]

use std::net::IpAddr;

use super::uuid::Uuid;
use super::xml::{self, Buf, XmlElement};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_NETWORK;

/// `virNetworkForwardType`, in libvirt's order (names as the XML spells them).
pub const FORWARD_MODES: [&str; 8] = ["none", "nat", "route", "open", "bridge", "private", "vepa", "passthrough"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForwardMode {
    None,
    Nat,
    Route,
    Open,
    Bridge,
    Private,
    Vepa,
    Passthrough,
    Hostdev,
}

impl ForwardMode {
    fn parse(s: &str) -> Option<ForwardMode> {
        use ForwardMode::*;
        Some(match s {
            "none" => None,
            "nat" => Nat,
            "route" => Route,
            "open" => Open,
            "bridge" => Bridge,
            "private" => Private,
            "vepa" => Vepa,
            "passthrough" => Passthrough,
            "hostdev" => Hostdev,
            _ => return Option::None,
        })
    }

    fn name(self) -> &'static str {
        use ForwardMode::*;
        match self {
            None => "none",
            Nat => "nat",
            Route => "route",
            Open => "open",
            Bridge => "bridge",
            Private => "private",
            Vepa => "vepa",
            Passthrough => "passthrough",
            Hostdev => "hostdev",
        }
    }

    /// The modes whose network has a bridge libvirt manages (stp and delay are shown).
    fn managed_bridge(self) -> bool {
        matches!(self, ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: IpAddr,
    pub end: IpAddr,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Nat {
    pub ipv6: Option<bool>,
    pub address: Option<Range>,
    pub port: Option<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forward {
    pub mode: ForwardMode,
    /// `managed` of hostdev forwarding.
    pub managed: bool,
    pub driver: Option<String>,
    pub nat: Nat,
    pub pfs: Vec<String>,
    pub interfaces: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Bridge {
    pub name: Option<String>,
    pub zone: Option<String>,
    pub stp: bool,
    pub delay: u64,
    pub mac_table_manager: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DhcpRange {
    pub range: Range,
    /// `<lease expiry='N' unit='U'/>`, as written (unit absent when not given).
    pub lease: Option<(u64, Option<String>)>,
}

/// A static DHCP host (`<host mac|id name ip/>`), as `virNetworkUpdate` also edits them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DhcpHost {
    pub mac: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub ip: Option<IpAddr>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ip {
    pub family: Option<String>,
    pub address: IpAddr,
    pub netmask: Option<IpAddr>,
    pub prefix: Option<u32>,
    pub local_ptr: Option<bool>,
    pub tftp_root: Option<String>,
    pub ranges: Vec<DhcpRange>,
    pub hosts: Vec<DhcpHost>,
    pub bootp: Option<(String, Option<IpAddr>)>,
    /// Whether a `<dhcp>` element was given.
    pub dhcp: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub family: Option<String>,
    pub address: IpAddr,
    pub netmask: Option<IpAddr>,
    pub prefix: Option<u32>,
    pub gateway: IpAddr,
    pub metric: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DnsHost {
    pub ip: Option<IpAddr>,
    pub hostnames: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DnsSrv {
    pub service: Option<String>,
    pub protocol: Option<String>,
    pub domain: Option<String>,
    pub target: Option<String>,
    pub port: Option<u32>,
    pub priority: Option<u32>,
    pub weight: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Dns {
    pub enable: Option<bool>,
    pub forward_plain_names: Option<bool>,
    /// (domain, addr)
    pub forwarders: Vec<(Option<String>, Option<String>)>,
    pub txts: Vec<(String, String)>,
    pub srvs: Vec<DnsSrv>,
    pub hosts: Vec<DnsHost>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkDef {
    pub name: String,
    pub uuid: Uuid,
    pub ipv6: bool,
    pub trust_guest_rx_filters: Option<bool>,
    pub metadata: Option<XmlElement>,
    pub forward: Option<Forward>,
    pub bridge: Bridge,
    pub mtu: u32,
    pub mac: Option<String>,
    /// `<domain name localOnly>`
    pub domain: Option<(String, Option<bool>)>,
    pub dns: Dns,
    pub bandwidth: Option<XmlElement>,
    pub vlan: Option<XmlElement>,
    pub virtualport: Option<XmlElement>,
    pub ips: Vec<Ip>,
    pub routes: Vec<Route>,
    pub portgroups: Vec<XmlElement>,
}

// ---- errors --------------------------------------------------------------------------

fn xml_error(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_ERROR, msg)
}

fn xml_detail(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_XML_DETAIL, msg)
}

fn unsupported(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_CONFIG_UNSUPPORTED, msg)
}

/// A yes/no attribute, with the error libvirt's generic XML helper reports.
fn yes_no(node: roxmltree::Node, name: &str) -> Result<Option<bool>> {
    match xml::attr(node, name) {
        None => Ok(None),
        Some("yes") => Ok(Some(true)),
        Some("no") => Ok(Some(false)),
        Some(v) => Err(Error::new(
            Domain::VIR_FROM_XML,
            Code::VIR_ERR_XML_ERROR,
            format!("Invalid value for attribute '{name}' in element '{}': '{v}'.", node.tag_name().name()),
        )),
    }
}

fn yes_no_str(v: bool) -> String {
    if v { "yes" } else { "no" }.to_string()
}

fn parse_ip(s: &str) -> Option<IpAddr> {
    s.trim().parse().ok()
}

/// A MAC address `aa:bb:cc:dd:ee:ff` (one or two hex digits a byte, as libvirt accepts).
pub fn parse_mac(s: &str) -> Option<[u8; 6]> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 6 {
        return None;
    }
    let mut mac = [0u8; 6];
    for (m, p) in mac.iter_mut().zip(parts) {
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        *m = u8::from_str_radix(p, 16).ok()?;
    }
    Some(mac)
}

fn format_mac(m: &[u8; 6]) -> String {
    m.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

fn as_u128(a: IpAddr) -> u128 {
    match a {
        IpAddr::V4(v) => u32::from(v) as u128,
        IpAddr::V6(v) => u128::from(v),
    }
}

/// "range A - B is reversed " (libvirt's wording, trailing space included), reported
/// outside any driver's domain.
fn check_range(r: &Range) -> Result<()> {
    if r.start.is_ipv4() != r.end.is_ipv4() || as_u128(r.start) > as_u128(r.end) {
        return Err(Error::new(
            Domain::VIR_FROM_NONE,
            Code::VIR_ERR_INTERNAL_ERROR,
            format!("range {} - {} is reversed ", r.start, r.end),
        ));
    }
    Ok(())
}

impl Ip {
    /// The prefix length libvirt uses for this address: the explicit one, the netmask's,
    /// else the classful default for IPv4 and 64 for IPv6.
    pub fn effective_prefix(&self) -> Option<u32> {
        if let Some(p) = self.prefix.filter(|p| *p > 0) {
            return Some(p);
        }
        if let Some(IpAddr::V4(m)) = self.netmask {
            return Some(u32::from(m).count_ones());
        }
        match self.address {
            IpAddr::V4(a) => {
                let top = a.octets()[0];
                if top & 0x80 == 0 {
                    Some(8)
                } else if top & 0xc0 == 0x80 {
                    Some(16)
                } else if top & 0xe0 == 0xc0 {
                    Some(24)
                } else {
                    None
                }
            }
            IpAddr::V6(_) => Some(64),
        }
    }

    /// Whether `a` lies in this address's network.
    pub fn contains(&self, a: IpAddr) -> bool {
        if a.is_ipv4() != self.address.is_ipv4() {
            return false;
        }
        let Some(prefix) = self.effective_prefix() else { return false };
        let bits = if a.is_ipv4() { 32 } else { 128 };
        if prefix > bits {
            return false;
        }
        let shift = bits - prefix;
        let net = |x: u128| if shift >= 128 { 0 } else { x >> shift };
        net(as_u128(a)) == net(as_u128(self.address))
    }
}

// ---- parsing -------------------------------------------------------------------------

impl NetworkDef {
    /// Parses a `<network>` document as libvirt's `virNetworkDefParseString` does.
    pub fn parse(text: &str) -> Result<NetworkDef> {
        let doc = xml::parse_document(text, "(network_definition)", FROM)?;
        xml::check_root(&doc, "network")?;
        NetworkDef::from_node(doc.root_element())
    }

    /// Parses a `<network>` element of an already parsed document (a node file's).
    pub fn from_node(root: roxmltree::Node) -> Result<NetworkDef> {
        let name = xml::child_text(root, "name").unwrap_or_default();
        if name.is_empty() {
            return Err(Error::new(FROM, Code::VIR_ERR_NO_NAME, ""));
        }
        if name.contains('/') {
            return Err(Error::new(Domain::VIR_FROM_XML, Code::VIR_ERR_XML_DETAIL, "invalid char in name: /"));
        }
        let uuid = match xml::child_text(root, "uuid") {
            None => Uuid::generate(),
            Some(t) => Uuid::parse(&t).ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "malformed uuid element"))?,
        };
        let ipv6 = match xml::attr(root, "ipv6") {
            None | Some("no") => false,
            Some("yes") => true,
            Some(v) => return Err(xml_error(format!("Invalid ipv6 setting '{v}' in network '{name}'"))),
        };
        let trust_guest_rx_filters = match xml::attr(root, "trustGuestRxFilters") {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(v) => return Err(xml_error(format!("Invalid trustGuestRxFilters setting '{v}' in network '{name}'"))),
        };
        let metadata = xml::child(root, "metadata").map(crate::conf::domain::parse_metadata);

        let domain = match xml::child(root, "domain") {
            Some(d) => {
                let local_only = yes_no(d, "localOnly")?;
                xml::attr(d, "name").map(|n| (n.to_string(), local_only))
            }
            None => None,
        };
        let dns = match xml::child(root, "dns") {
            Some(d) => parse_dns(d, &name)?,
            None => Dns::default(),
        };
        let bandwidth = xml::child(root, "bandwidth").map(XmlElement::from_node);
        let vlan = xml::child(root, "vlan").map(XmlElement::from_node);
        let virtualport = xml::child(root, "virtualport").map(XmlElement::from_node);

        let mut ips = Vec::new();
        for ip in xml::children(root, "ip") {
            ips.push(parse_ip_element(ip, &name)?);
        }
        let mut routes = Vec::new();
        for r in xml::children(root, "route") {
            routes.push(parse_route(r, &name)?);
        }
        for r in &routes {
            if !ips.iter().any(|ip| ip.contains(r.gateway)) {
                return Err(unsupported(format!(
                    "unreachable static route gateway '{}' specified for network '{name}'",
                    r.gateway
                )));
            }
        }
        let mut portgroups = Vec::new();
        for pg in xml::children(root, "portgroup") {
            if xml::attr(pg, "name").is_none() {
                return Err(xml_error("Missing required name attribute in portgroup".into()));
            }
            let mut el = XmlElement::from_node(pg);
            el.strip_blank_text();
            portgroups.push(el);
        }

        let mut bridge = Bridge { stp: true, ..Default::default() };
        if let Some(b) = xml::child(root, "bridge") {
            bridge.name = xml::attr(b, "name").map(str::to_string);
            bridge.zone = xml::attr(b, "zone").map(str::to_string);
            bridge.stp = xml::attr(b, "stp") != Some("off");
            if let Some(d) = xml::attr(b, "delay") {
                bridge.delay =
                    d.trim().parse().map_err(|_| xml_error(format!("Invalid delay value in network '{name}'")))?;
            }
            if let Some(m) = xml::attr(b, "macTableManager") {
                if !matches!(m, "kernel" | "libvirt") {
                    return Err(xml_error(format!("Invalid macTableManager setting '{m}' in network '{name}'")));
                }
                bridge.mac_table_manager = Some(m.to_string());
            }
        }
        let mtu = match xml::child(root, "mtu").and_then(|m| xml::attr(m, "size")) {
            None => 0,
            Some(s) => s.trim().parse().map_err(|_| xml_error(format!("Invalid mtu size '{s}' in network '{name}'")))?,
        };
        let mac = match xml::child(root, "mac").and_then(|m| xml::attr(m, "address")) {
            None => None,
            Some(s) => {
                let m = parse_mac(s).ok_or_else(|| xml_error(format!("Invalid bridge mac address '{s}' in network '{name}'")))?;
                if m[0] & 1 != 0 {
                    return Err(xml_error(format!("Invalid multicast bridge mac address '{s}' in network '{name}'")));
                }
                Some(format_mac(&m))
            }
        };

        let forward = match xml::child(root, "forward") {
            Some(f) => Some(parse_forward(f, &name)?),
            None => None,
        };
        if let Some(f) = &forward {
            if matches!(f.mode, ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open) && ips.is_empty() {
                return Err(xml_error(format!(
                    "{} forwarding requested, but no IP address provided for network '{name}'",
                    f.mode.name()
                )));
            }
        }

        Ok(NetworkDef {
            name,
            uuid,
            ipv6,
            trust_guest_rx_filters,
            metadata,
            forward,
            bridge,
            mtu,
            mac,
            domain,
            dns,
            bandwidth,
            vlan,
            virtualport,
            ips,
            routes,
            portgroups,
        })
    }

    pub fn forward_mode(&self) -> ForwardMode {
        self.forward.as_ref().map(|f| f.mode).unwrap_or(ForwardMode::None)
    }
}

fn parse_forward(f: roxmltree::Node, name: &str) -> Result<Forward> {
    let mode = match xml::attr(f, "mode") {
        None => ForwardMode::Nat,
        Some(m) => ForwardMode::parse(m).ok_or_else(|| unsupported(format!("unknown forwarding type '{m}'")))?,
    };
    let managed = xml::attr(f, "managed") == Some("yes");
    let driver = xml::child(f, "driver").and_then(|d| xml::attr(d, "name")).map(str::to_string);
    let mut nat = Nat::default();
    if let Some(n) = xml::child(f, "nat") {
        nat.ipv6 = yes_no(n, "ipv6")?;
        if let Some(a) = xml::child(n, "address") {
            let get = |k: &str| xml::attr(a, k).and_then(parse_ip);
            if let (Some(start), Some(end)) = (get("start"), get("end")) {
                let r = Range { start, end };
                check_range(&r)?;
                nat.address = Some(r);
            }
        }
        if let Some(p) = xml::child(n, "port") {
            let get = |k: &str| -> Result<u32> {
                xml::attr(p, k).and_then(|v| v.trim().parse::<u32>().ok()).filter(|v| *v <= 65535).ok_or_else(|| {
                    xml_detail(format!("Missing or invalid '{k}' attribute in <port> in <nat> in <forward> in network {name}"))
                })
            };
            nat.port = Some((get("start")?, get("end")?));
        }
    }
    let pfs: Vec<String> = xml::children(f, "pf").filter_map(|p| xml::attr(p, "dev")).map(str::to_string).collect();
    let mut interfaces: Vec<String> =
        xml::children(f, "interface").filter_map(|i| xml::attr(i, "dev")).map(str::to_string).collect();
    if let Some(dev) = xml::attr(f, "dev") {
        match interfaces.first() {
            Some(first) if first != dev => {
                return Err(xml_error(format!(
                    "<forward dev='{dev}'> must match first <interface dev='{first}'/> in network {name}"
                )))
            }
            Some(_) => {}
            None if pfs.is_empty() => interfaces.push(dev.to_string()),
            None => {}
        }
    }
    Ok(Forward { mode, managed, driver, nat, pfs, interfaces })
}

fn parse_ip_element(ip: roxmltree::Node, name: &str) -> Result<Ip> {
    let family = xml::attr(ip, "family").map(str::to_string);
    if let Some(f) = family.as_deref() {
        if f != "ipv4" && f != "ipv6" {
            return Err(xml_error(format!("Unrecognized family '{f}' in network '{name}'")));
        }
    }
    let text = xml::attr(ip, "address").ok_or_else(|| xml_error(format!("Missing required address attribute in network '{name}'")))?;
    let address = parse_ip(text).ok_or_else(|| xml_error(format!("Invalid address '{text}' in network '{name}'")))?;
    match (family.as_deref(), address) {
        (Some("ipv6"), IpAddr::V4(_)) | (Some("ipv4"), IpAddr::V6(_)) => {
            let kind = if family.as_deref() == Some("ipv6") { "IPv6" } else { "IPv4" };
            return Err(unsupported(format!(
                "Family '{}' specified for non-{kind} address '{text}' in network '{name}'",
                family.as_deref().unwrap_or_default()
            )));
        }
        _ => {}
    }
    let netmask = match xml::attr(ip, "netmask") {
        None => None,
        Some(m) => Some(parse_ip(m).ok_or_else(|| xml_error(format!("Invalid netmask '{m}' in network '{name}'")))?),
    };
    let prefix = match xml::attr(ip, "prefix") {
        None => None,
        Some(p) => {
            let v: u32 = p.trim().parse().map_err(|_| xml_error(format!("Invalid ip address prefix value '{p}' in network '{name}'")))?;
            let (max, kind) = if address.is_ipv4() { (32, "IPv4") } else { (128, "IPv6") };
            if v > max {
                return Err(unsupported(format!("Invalid {kind} prefix '{p}' in network '{name}'")));
            }
            Some(v)
        }
    };
    let local_ptr = yes_no(ip, "localPtr")?;
    let tftp_root = xml::child(ip, "tftp").and_then(|t| xml::attr(t, "root")).map(str::to_string);
    let mut def = Ip {
        family,
        address,
        netmask,
        prefix,
        local_ptr,
        tftp_root,
        ranges: Vec::new(),
        hosts: Vec::new(),
        bootp: None,
        dhcp: false,
    };
    if let Some(dhcp) = xml::child(ip, "dhcp") {
        def.dhcp = true;
        for r in xml::children(dhcp, "range") {
            def.ranges.push(parse_dhcp_range(r, &def)?);
        }
        for h in xml::children(dhcp, "host") {
            def.hosts.push(parse_dhcp_host(h, &def, name)?);
        }
        if let Some(b) = xml::child(dhcp, "bootp") {
            if let Some(file) = xml::attr(b, "file") {
                let server = xml::attr(b, "server").and_then(parse_ip);
                def.bootp = Some((file.to_string(), server));
            }
        }
    }
    Ok(def)
}

/// A `<range>` of `<dhcp>`, checked against its `<ip>`'s network.
pub fn parse_dhcp_range(r: roxmltree::Node, ip: &Ip) -> Result<DhcpRange> {
    let get = |k: &str| {
        let text = xml::attr(r, k).unwrap_or("");
        parse_ip(text).ok_or_else(|| {
            Error::new(FROM, Code::VIR_ERR_XML_ERROR, format!("Missing or invalid '{k}' attribute in DHCP range"))
        })
    };
    let range = Range { start: get("start")?, end: get("end")? };
    let prefix = ip.effective_prefix().unwrap_or(0);
    if !ip.contains(range.start) || !ip.contains(range.end) {
        return Err(Error::new(
            Domain::VIR_FROM_NONE,
            Code::VIR_ERR_INTERNAL_ERROR,
            format!("range {} - {} is not entirely within network {}/{prefix}", range.start, range.end, ip.address),
        ));
    }
    check_range(&range)?;
    let lease = xml::child(r, "lease").map(|l| {
        let expiry = xml::attr(l, "expiry").and_then(|e| e.trim().parse().ok()).unwrap_or(0);
        (expiry, xml::attr(l, "unit").map(str::to_string))
    });
    Ok(DhcpRange { range, lease })
}

/// A static `<host>` of `<dhcp>`.
pub fn parse_dhcp_host(h: roxmltree::Node, ip: &Ip, name: &str) -> Result<DhcpHost> {
    let mac = xml::attr(h, "mac").map(str::to_string);
    if let Some(m) = mac.as_deref() {
        let bytes = parse_mac(m).ok_or_else(|| xml_error(format!("Cannot parse MAC address '{m}' in network '{name}'")))?;
        if bytes[0] & 1 != 0 {
            return Err(xml_error(format!("expected unicast mac address, found multicast '{m}' in network '{name}'")));
        }
    }
    let id = xml::attr(h, "id").map(str::to_string);
    let host_name = xml::attr(h, "name").map(str::to_string);
    if ip.address.is_ipv4() && mac.is_none() && host_name.is_none() {
        return Err(xml_error(format!("Static host definition in IPv4 network '{name}' must have mac or name attribute")));
    }
    let ip_addr = match xml::attr(h, "ip") {
        Some(t) => parse_ip(t),
        None => None,
    };
    let ip_addr = ip_addr.ok_or_else(|| xml_error(format!("Missing IP address in static host definition for network '{name}'")))?;
    Ok(DhcpHost { mac, id, name: host_name, ip: Some(ip_addr) })
}

fn parse_route(r: roxmltree::Node, name: &str) -> Result<Route> {
    let family = xml::attr(r, "family").map(str::to_string);
    let address = xml::attr(r, "address")
        .and_then(parse_ip)
        .ok_or_else(|| xml_error(format!("{name}: Missing required address attribute in route definition")))?;
    let gateway = xml::attr(r, "gateway")
        .and_then(parse_ip)
        .ok_or_else(|| xml_error(format!("{name}: Missing required gateway attribute in route definition")))?;
    let netmask = xml::attr(r, "netmask").and_then(parse_ip);
    let prefix = xml::attr(r, "prefix").and_then(|p| p.trim().parse().ok());
    let metric = xml::attr(r, "metric").and_then(|p| p.trim().parse().ok());
    Ok(Route { family, address, netmask, prefix, gateway, metric })
}

fn parse_dns(d: roxmltree::Node, name: &str) -> Result<Dns> {
    let mut dns = Dns { enable: yes_no(d, "enable")?, forward_plain_names: yes_no(d, "forwardPlainNames")?, ..Default::default() };
    for f in xml::children(d, "forwarder") {
        let domain = xml::attr(f, "domain").map(str::to_string);
        let addr = xml::attr(f, "addr").map(str::to_string);
        if domain.is_none() && addr.is_none() {
            return Err(xml_error("Invalid forwarder element, must contain at least one of addr or domain".into()));
        }
        dns.forwarders.push((domain, addr));
    }
    for t in xml::children(d, "txt") {
        dns.txts.push(parse_dns_txt(t, name)?);
    }
    for s in xml::children(d, "srv") {
        dns.srvs.push(parse_dns_srv(s, name)?);
    }
    for h in xml::children(d, "host") {
        dns.hosts.push(parse_dns_host(h, name)?);
    }
    Ok(dns)
}

pub fn parse_dns_txt(t: roxmltree::Node, name: &str) -> Result<(String, String)> {
    let txt_name = xml::attr(t, "name")
        .ok_or_else(|| xml_detail(format!("missing required name attribute in DNS TXT record of network {name}")))?;
    if txt_name.contains([' ', ',']) {
        return Err(xml_detail(format!("prohibited character in DNS TXT record name '{txt_name}' of network {name}")));
    }
    Ok((txt_name.to_string(), xml::attr(t, "value").unwrap_or("").to_string()))
}

pub fn parse_dns_srv(s: roxmltree::Node, name: &str) -> Result<DnsSrv> {
    let service = xml::attr(s, "service").map(str::to_string);
    let number = |k: &str| -> std::result::Result<Option<u32>, ()> {
        match xml::attr(s, k) {
            None => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| ()),
        }
    };
    let svc = service.clone().unwrap_or_default();
    let port = number("port").map_err(|_| xml_detail(format!("invalid DNS SRV port attribute for service '{svc}' in network '{name}'")))?;
    if port.is_some_and(|p| p == 0 || p > 65535) {
        return Err(xml_detail(format!("invalid DNS SRV port attribute for service '{svc}' in network '{name}'")));
    }
    let priority =
        number("priority").map_err(|_| xml_detail(format!("invalid DNS SRV priority attribute for service '{svc}' in network '{name}'")))?;
    let weight =
        number("weight").map_err(|_| xml_detail(format!("invalid DNS SRV weight attribute for service '{svc}' in network '{name}'")))?;
    Ok(DnsSrv {
        service,
        protocol: xml::attr(s, "protocol").map(str::to_string),
        domain: xml::attr(s, "domain").map(str::to_string),
        target: xml::attr(s, "target").map(str::to_string),
        port,
        priority,
        weight,
    })
}

pub fn parse_dns_host(h: roxmltree::Node, name: &str) -> Result<DnsHost> {
    let ip = xml::attr(h, "ip").and_then(parse_ip);
    let hostnames: Vec<String> = xml::children(h, "hostname").map(xml::text_of).filter(|t| !t.is_empty()).collect();
    if hostnames.is_empty() {
        return Err(xml_detail(format!("Missing hostname in network '{name}' DNS HOST record")));
    }
    if ip.is_none() {
        return Err(xml_detail(format!("Missing IP address in network '{name}' DNS HOST record")));
    }
    Ok(DnsHost { ip, hostnames })
}

// ---- formatting ----------------------------------------------------------------------

fn opt(v: &Option<String>) -> Option<String> {
    v.clone()
}

impl NetworkDef {
    /// The document libvirt's `virNetworkDefFormat` writes.
    pub fn format(&self) -> String {
        let mut b = Buf::new();
        let root_attrs = [
            ("ipv6", self.ipv6.then(|| "yes".to_string())),
            ("trustGuestRxFilters", self.trust_guest_rx_filters.map(yes_no_str)),
        ];
        b.open("network", &root_attrs);
        b.text_element("name", &[], &self.name);
        b.text_element("uuid", &[], &self.uuid.to_string());
        if let Some(m) = &self.metadata {
            b.line(&m.format_libxml2(b.indent() / 2));
        }
        if let Some(f) = &self.forward {
            format_forward(&mut b, f);
        }
        let mode = self.forward_mode();
        if mode.managed_bridge() || self.bridge.name.is_some() || self.bridge.mac_table_manager.is_some() {
            let managed = mode.managed_bridge();
            b.empty(
                "bridge",
                &[
                    ("name", opt(&self.bridge.name)),
                    ("zone", opt(&self.bridge.zone)),
                    ("stp", managed.then(|| if self.bridge.stp { "on" } else { "off" }.to_string())),
                    ("delay", managed.then(|| self.bridge.delay.to_string())),
                    ("macTableManager", opt(&self.bridge.mac_table_manager)),
                ],
            );
        }
        if self.mtu > 0 {
            b.empty("mtu", &[("size", Some(self.mtu.to_string()))]);
        }
        if let Some(m) = &self.mac {
            b.empty("mac", &[("address", Some(m.clone()))]);
        }
        if let Some((name, local_only)) = &self.domain {
            b.empty("domain", &[("name", Some(name.clone())), ("localOnly", local_only.map(yes_no_str))]);
        }
        format_dns(&mut b, &self.dns);
        for el in [&self.vlan, &self.virtualport, &self.bandwidth].into_iter().flatten() {
            b.raw_element(el);
        }
        for ip in &self.ips {
            format_ip(&mut b, ip);
        }
        for r in &self.routes {
            b.empty(
                "route",
                &[
                    ("family", opt(&r.family)),
                    ("address", Some(r.address.to_string())),
                    ("netmask", r.netmask.map(|m| m.to_string())),
                    ("prefix", r.prefix.map(|p| p.to_string())),
                    ("gateway", Some(r.gateway.to_string())),
                    ("metric", r.metric.filter(|m| *m > 0).map(|m| m.to_string())),
                ],
            );
        }
        for pg in &self.portgroups {
            b.raw_element_expanded(pg);
        }
        b.close("network");
        b.into_string()
    }
}

fn format_forward(b: &mut Buf, f: &Forward) {
    let dev = if f.pfs.is_empty() { f.interfaces.first().cloned() } else { None };
    let managed = (f.mode == ForwardMode::Hostdev).then(|| yes_no_str(f.managed));
    let nat = f.mode == ForwardMode::Nat && (f.nat.address.is_some() || f.nat.port.is_some() || f.nat.ipv6.is_some());
    let attrs = [("dev", dev), ("mode", Some(f.mode.name().to_string())), ("managed", managed)];
    if f.interfaces.is_empty() && f.pfs.is_empty() && !nat && f.driver.is_none() {
        b.empty("forward", &attrs);
        return;
    }
    b.open("forward", &attrs);
    if let Some(d) = &f.driver {
        b.empty("driver", &[("name", Some(d.clone()))]);
    }
    if nat {
        let ipv6 = f.nat.ipv6.map(yes_no_str);
        if f.nat.address.is_none() && f.nat.port.is_none() {
            b.empty("nat", &[("ipv6", ipv6)]);
        } else {
            b.open("nat", &[("ipv6", ipv6)]);
            if let Some(r) = &f.nat.address {
                b.empty("address", &[("start", Some(r.start.to_string())), ("end", Some(r.end.to_string()))]);
            }
            if let Some((s, e)) = f.nat.port {
                b.empty("port", &[("start", Some(s.to_string())), ("end", Some(e.to_string()))]);
            }
            b.close("nat");
        }
    }
    for pf in &f.pfs {
        b.empty("pf", &[("dev", Some(pf.clone()))]);
    }
    for i in &f.interfaces {
        b.empty("interface", &[("dev", Some(i.clone()))]);
    }
    b.close("forward");
}

fn format_dns(b: &mut Buf, d: &Dns) {
    let empty = d.forwarders.is_empty() && d.txts.is_empty() && d.srvs.is_empty() && d.hosts.is_empty();
    if empty && d.enable.is_none() && d.forward_plain_names.is_none() {
        return;
    }
    let attrs = [("enable", d.enable.map(yes_no_str)), ("forwardPlainNames", d.forward_plain_names.map(yes_no_str))];
    if empty {
        b.empty("dns", &attrs);
        return;
    }
    b.open("dns", &attrs);
    for (domain, addr) in &d.forwarders {
        b.empty("forwarder", &[("domain", domain.clone()), ("addr", addr.clone())]);
    }
    for (name, value) in &d.txts {
        b.empty("txt", &[("name", Some(name.clone())), ("value", Some(value.clone()))]);
    }
    for s in &d.srvs {
        b.empty("srv", &srv_attrs(s));
    }
    for h in &d.hosts {
        b.open("host", &[("ip", h.ip.map(|i| i.to_string()))]);
        for n in &h.hostnames {
            b.text_element("hostname", &[], n);
        }
        b.close("host");
    }
    b.close("dns");
}

fn srv_attrs(s: &DnsSrv) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("service", s.service.clone()),
        ("protocol", s.protocol.clone()),
        ("domain", s.domain.clone()),
        ("target", s.target.clone()),
        ("port", s.port.map(|v| v.to_string())),
        ("priority", s.priority.map(|v| v.to_string())),
        ("weight", s.weight.map(|v| v.to_string())),
    ]
}

fn format_ip(b: &mut Buf, ip: &Ip) {
    b.open(
        "ip",
        &[
            ("family", ip.family.clone()),
            ("address", Some(ip.address.to_string())),
            ("netmask", ip.netmask.map(|m| m.to_string())),
            ("prefix", ip.prefix.filter(|p| *p > 0).map(|p| p.to_string())),
            ("localPtr", ip.local_ptr.map(yes_no_str)),
        ],
    );
    if let Some(root) = &ip.tftp_root {
        b.empty("tftp", &[("root", Some(root.clone()))]);
    }
    if !ip.ranges.is_empty() || !ip.hosts.is_empty() || ip.bootp.is_some() {
        b.open("dhcp", &[]);
        for r in &ip.ranges {
            let attrs = [("start", Some(r.range.start.to_string())), ("end", Some(r.range.end.to_string()))];
            match &r.lease {
                None => b.empty("range", &attrs),
                Some((expiry, unit)) => {
                    b.open("range", &attrs);
                    b.empty("lease", &[("expiry", Some(expiry.to_string())), ("unit", unit.clone())]);
                    b.close("range");
                }
            }
        }
        for h in &ip.hosts {
            b.empty("host", &dhcp_host_attrs(h));
        }
        if let Some((file, server)) = &ip.bootp {
            b.empty("bootp", &[("file", Some(file.clone())), ("server", server.map(|s| s.to_string()))]);
        }
        b.close("dhcp");
    }
    b.close("ip");
}

fn dhcp_host_attrs(h: &DhcpHost) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("mac", h.mac.clone()),
        ("id", h.id.clone()),
        ("name", h.name.clone()),
        ("ip", h.ip.map(|i| i.to_string())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libvirt 9.0's `test:///default` network, as `virNetworkGetXMLDesc` prints it.
    const DEFAULT: &str = "<network>\n  <name>default</name>\n  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\n  <forward mode='nat'/>\n  <bridge name='virbr0' stp='on' delay='0'/>\n  <ip address='192.168.122.1' netmask='255.255.255.0'>\n    <dhcp>\n      <range start='192.168.122.2' end='192.168.122.254'/>\n    </dhcp>\n  </ip>\n</network>\n";

    #[test]
    fn default_network_round_trips() {
        assert_eq!(NetworkDef::parse(DEFAULT).unwrap().format(), DEFAULT);
    }

    #[test]
    fn minimal_network_gets_a_uuid_and_a_managed_bridge() {
        let d = NetworkDef::parse("<network><name>n1</name></network>").unwrap();
        let out = d.format();
        assert_eq!(out, format!("<network>\n  <name>n1</name>\n  <uuid>{}</uuid>\n  <bridge stp='on' delay='0'/>\n</network>\n", d.uuid));
    }

    #[test]
    fn empty_ip_and_portgroup_are_written_open_and_closed() {
        let x = "<network><name>f</name><uuid>11111111-2222-3333-4444-555555555555</uuid><ip address='10.0.0.1'/><portgroup name='p'/></network>";
        let want = "<network>\n  <name>f</name>\n  <uuid>11111111-2222-3333-4444-555555555555</uuid>\n  <bridge stp='on' delay='0'/>\n  <ip address='10.0.0.1'>\n  </ip>\n  <portgroup name='p'>\n  </portgroup>\n</network>\n";
        assert_eq!(NetworkDef::parse(x).unwrap().format(), want);
    }

    #[test]
    fn forward_dev_comes_from_the_first_interface() {
        let x = "<network><name>f</name><uuid>11111111-2222-3333-4444-555555555555</uuid><forward mode='bridge'><interface dev='a'/><interface dev='b'/></forward></network>";
        let out = NetworkDef::parse(x).unwrap().format();
        assert!(out.contains("  <forward dev='a' mode='bridge'>\n    <interface dev='a'/>\n    <interface dev='b'/>\n  </forward>\n"), "{out}");
        assert!(!out.contains("<bridge"));
    }

    #[test]
    fn bad_input_reports_libvirts_errors() {
        let err = |x: &str| {
            let e = NetworkDef::parse(x).unwrap_err();
            (e.code, e.domain, e.message)
        };
        assert_eq!(err("<network/>").0, Code::VIR_ERR_NO_NAME);
        assert_eq!(err("<network><name>a/b</name></network>"), (Code::VIR_ERR_XML_DETAIL, Domain::VIR_FROM_XML, "invalid char in name: /".into()));
        assert_eq!(
            err("<network><name>f</name><forward mode='route'/></network>").2,
            "XML error: route forwarding requested, but no IP address provided for network 'f'"
        );
        assert_eq!(
            err("<network><name>f</name><ip address='10.0.0.1' netmask='255.255.255.0'><dhcp><range start='10.0.0.9' end='10.0.0.2'/></dhcp></ip></network>"),
            (Code::VIR_ERR_INTERNAL_ERROR, Domain::VIR_FROM_NONE, "internal error: range 10.0.0.9 - 10.0.0.2 is reversed ".into())
        );
        assert_eq!(
            err("<network><name>f</name><ip address='10.0.0.1' netmask='255.255.255.0'><dhcp><range start='10.0.1.9' end='10.0.1.20'/></dhcp></ip></network>").2,
            "internal error: range 10.0.1.9 - 10.0.1.20 is not entirely within network 10.0.0.1/24"
        );
        assert_eq!(
            err("<network><name>f</name><mac address='01:00:00:00:00:00'/></network>").2,
            "XML error: Invalid multicast bridge mac address '01:00:00:00:00:00' in network 'f'"
        );
        assert_eq!(
            err("<network><name>f</name><route address='10.1.0.0' netmask='255.255.0.0' gateway='10.0.0.2'/></network>").2,
            "unsupported configuration: unreachable static route gateway '10.0.0.2' specified for network 'f'"
        );
    }
}
