//! `virNetworkUpdate` on the test driver: libvirt's section editors for DHCP hosts and
//! ranges and DNS TXT and host records, with its checks and messages. A change is made on
//! a copy of the definition and kept only when it succeeds.

use super::NetworkObj;
use crate::conf::network::{self, DnsHost, Ip, NetworkDef};
use crate::conf::xml;
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_NETWORK;

// virNetworkUpdateFlags
pub const AFFECT_LIVE: u32 = 1;
pub const AFFECT_CONFIG: u32 = 2;

// virNetworkUpdateCommand
const MODIFY: u32 = 1;
const DELETE: u32 = 2;
const ADD_LAST: u32 = 3;
const ADD_FIRST: u32 = 4;

// virNetworkUpdateSection
const SECTION_BRIDGE: u32 = 1;
const SECTION_DOMAIN: u32 = 2;
const SECTION_IP: u32 = 3;
const SECTION_IP_DHCP_HOST: u32 = 4;
const SECTION_IP_DHCP_RANGE: u32 = 5;
const SECTION_FORWARD: u32 = 6;
const SECTION_FORWARD_INTERFACE: u32 = 7;
const SECTION_FORWARD_PF: u32 = 8;
const SECTION_PORTGROUP: u32 = 9;
const SECTION_DNS_HOST: u32 = 10;
const SECTION_DNS_TXT: u32 = 11;
const SECTION_DNS_SRV: u32 = 12;

fn invalid(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, msg)
}

/// libvirt's "Operation not supported: ..." for an update it cannot make.
fn no_support(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, msg)
}

fn unsupported_op(msg: &str) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, msg)
}

fn unknown_command(command: u32) -> Error {
    no_support(format!("unrecognized network update command code {command}"))
}

/// Applies one update to the live and/or persistent definition, as `flags` say
/// (`AFFECT_CURRENT`, 0, means live when running, else the persistent one).
pub fn update(obj: &mut NetworkObj, command: u32, section: u32, parent_index: i32, text: &str, mut flags: u32) -> Result<()> {
    if flags & (AFFECT_LIVE | AFFECT_CONFIG) == 0 {
        flags |= if obj.active { AFFECT_LIVE } else { AFFECT_CONFIG };
    }
    if !obj.active && flags & AFFECT_LIVE != 0 {
        return Err(invalid("network is not running".into()));
    }
    if flags & AFFECT_CONFIG != 0 && !obj.persistent {
        return Err(invalid("cannot change persistent config of a transient network".into()));
    }
    let live = if flags & AFFECT_LIVE != 0 {
        let mut def = obj.def.clone();
        update_section(&mut def, command, section, parent_index, text)?;
        Some(def)
    } else {
        None
    };
    let config = if flags & AFFECT_CONFIG != 0 {
        let mut def = obj.new_def.clone().unwrap_or_else(|| obj.def.clone());
        update_section(&mut def, command, section, parent_index, text)?;
        Some(def)
    } else {
        None
    };
    if let Some(def) = config {
        if obj.active {
            obj.new_def = Some(def);
        } else {
            obj.def = def;
        }
    }
    if let Some(def) = live {
        obj.def = def;
    }
    Ok(())
}

/// Applies one `virNetworkUpdate` command to `def` (the section editors, shared with qemud).
pub fn update_section(def: &mut NetworkDef, command: u32, section: u32, parent_index: i32, text: &str) -> Result<()> {
    let doc = xml::parse_document(text, "network_update_xml", FROM)?;
    let node = doc.root_element();
    let cant = |what: &str| Err(no_support(format!("can't update '{what}' section of network '{}'", def.name)));
    match section {
        SECTION_BRIDGE => cant("bridge"),
        SECTION_DOMAIN => cant("domain"),
        SECTION_IP => cant("ip"),
        SECTION_FORWARD => cant("forward"),
        SECTION_FORWARD_PF => cant("forward pf"),
        SECTION_IP_DHCP_HOST => dhcp_host(def, command, parent_index, node),
        SECTION_IP_DHCP_RANGE => dhcp_range(def, command, parent_index, node),
        SECTION_DNS_TXT => dns_txt(def, command, node),
        SECTION_DNS_HOST => dns_host(def, command, node),
        // Not done yet here: say so rather than pretend.
        SECTION_FORWARD_INTERFACE | SECTION_PORTGROUP | SECTION_DNS_SRV => {
            Err(Error::no_support(FROM, "virNetworkUpdate"))
        }
        _ => Err(no_support("can't update unrecognized section of network".into())),
    }
}

fn check_element(def: &NetworkDef, node: roxmltree::Node, want: &str) -> Result<()> {
    let got = node.tag_name().name();
    if got != want {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_XML_ERROR,
            format!("unexpected element <{got}>, expecting <{want}>, while updating network '{}'", def.name),
        ));
    }
    Ok(())
}

/// The `<ip>` whose DHCP settings an update edits: the one at `parent_index`, or with
/// -1 the first with DHCP ranges or hosts, else the first IPv4, else the first IPv6.
fn ip_by_index<'d>(def: &'d mut NetworkDef, parent_index: i32, what: &str) -> Result<&'d mut Ip> {
    let name = def.name.clone();
    let pos = if parent_index >= 0 {
        let i = parent_index as usize;
        if i >= def.ips.len() {
            return Err(invalid(format!(
                "couldn't update {what} - no <ip> element found at index {parent_index} in network '{name}'"
            )));
        }
        Some(i)
    } else {
        def.ips
            .iter()
            .position(|ip| !ip.ranges.is_empty() || !ip.hosts.is_empty())
            .or_else(|| def.ips.iter().position(|ip| ip.address.is_ipv4()))
            .or_else(|| def.ips.iter().position(|ip| ip.address.is_ipv6()))
    };
    match pos {
        Some(i) => Ok(&mut def.ips[i]),
        None => Err(invalid(format!("couldn't update {what} - no <ip> element found in network '{name}'"))),
    }
}

fn mac_eq(a: &str, b: &str) -> bool {
    match (network::parse_mac(a), network::parse_mac(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn dhcp_host(def: &mut NetworkDef, command: u32, parent_index: i32, node: roxmltree::Node) -> Result<()> {
    let name = def.name.clone();
    let ip = ip_by_index(def, parent_index, "dhcp host entry")?;
    check_element_named(&name, node, "host")?;
    let host = if command == DELETE {
        // A partial entry names what to delete.
        network::DhcpHost {
            mac: xml::attr(node, "mac").map(str::to_string),
            id: xml::attr(node, "id").map(str::to_string),
            name: xml::attr(node, "name").map(str::to_string),
            ip: xml::attr(node, "ip").and_then(|t| t.parse().ok()),
        }
    } else {
        network::parse_dhcp_host(node, ip, &name)?
    };
    let same_mac = |h: &network::DhcpHost| matches!((&host.mac, &h.mac), (Some(a), Some(b)) if mac_eq(a, b));
    let same_name = |h: &network::DhcpHost| host.name.is_some() && host.name == h.name;
    let same_ip = |h: &network::DhcpHost| host.ip.is_some() && host.ip == h.ip;
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "(null)".into());
    let ip_text = host.ip.map(|i| i.to_string()).unwrap_or_else(|| "(null)".into());
    match command {
        MODIFY => {
            let i = ip.hosts.iter().position(|h| same_mac(h) || same_ip(h) || same_name(h)).ok_or_else(|| {
                invalid(format!(
                    "couldn't locate an existing dhcp host entry with \"mac='{}'\" \"name='{}'\" \"ip='{ip_text}'\" in network '{name}'",
                    host.mac.clone().unwrap_or_else(|| "unknown".into()),
                    text(&host.name)
                ))
            })?;
            ip.hosts[i] = host;
        }
        ADD_FIRST | ADD_LAST => {
            if ip.hosts.iter().any(|h| same_mac(h) || same_name(h) || same_ip(h)) {
                return Err(invalid(format!(
                    "there is an existing dhcp host entry in network '{name}' that matches \"<host mac='{}' name='{}' ip='{ip_text}'/>\"",
                    text(&host.mac),
                    text(&host.name)
                )));
            }
            let at = if command == ADD_FIRST { 0 } else { ip.hosts.len() };
            ip.hosts.insert(at, host);
        }
        DELETE => {
            let i = ip
                .hosts
                .iter()
                .position(|h| {
                    (host.mac.is_none() || h.mac.is_none() || same_mac(h))
                        && (host.name.is_none() || host.name == h.name)
                        && (host.ip.is_none() || host.ip == h.ip)
                })
                .ok_or_else(|| invalid(format!("couldn't locate a matching dhcp host entry in network '{name}'")))?;
            ip.hosts.remove(i);
        }
        _ => return Err(unknown_command(command)),
    }
    Ok(())
}

fn dhcp_range(def: &mut NetworkDef, command: u32, parent_index: i32, node: roxmltree::Node) -> Result<()> {
    let name = def.name.clone();
    let ip = ip_by_index(def, parent_index, "dhcp range")?;
    if command == MODIFY {
        return Err(unsupported_op("dhcp ranges cannot be modified, only added or deleted"));
    }
    check_element_named(&name, node, "range")?;
    let range = network::parse_dhcp_range(node, ip)?;
    let found = ip.ranges.iter().position(|r| r.range == range.range);
    match command {
        ADD_FIRST | ADD_LAST => {
            if found.is_some() {
                return Err(invalid(format!(
                    "there is an existing dhcp range entry in network '{name}' that matches \"<range start='{}' end='{}'/>\"",
                    range.range.start, range.range.end
                )));
            }
            let at = if command == ADD_FIRST { 0 } else { ip.ranges.len() };
            ip.ranges.insert(at, range);
        }
        DELETE => {
            let i = found.ok_or_else(|| invalid(format!("couldn't locate a matching dhcp range entry in network '{name}'")))?;
            ip.ranges.remove(i);
        }
        _ => return Err(unknown_command(command)),
    }
    Ok(())
}

fn check_element_named(net: &str, node: roxmltree::Node, want: &str) -> Result<()> {
    let got = node.tag_name().name();
    if got != want {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_XML_ERROR,
            format!("unexpected element <{got}>, expecting <{want}>, while updating network '{net}'"),
        ));
    }
    Ok(())
}

fn dns_txt(def: &mut NetworkDef, command: u32, node: roxmltree::Node) -> Result<()> {
    let name = def.name.clone();
    check_element(def, node, "txt")?;
    if command == MODIFY {
        return Err(no_support("DNS TXT records cannot be modified, only added or deleted".into()));
    }
    let (txt_name, value) = network::parse_dns_txt(node, &name)?;
    let found = def.dns.txts.iter().position(|(n, _)| *n == txt_name);
    match command {
        ADD_FIRST | ADD_LAST => {
            if found.is_some() {
                return Err(invalid(format!("there is already a DNS TXT record with name '{txt_name}' in network {name}")));
            }
            let at = if command == ADD_FIRST { 0 } else { def.dns.txts.len() };
            def.dns.txts.insert(at, (txt_name, value));
        }
        DELETE => {
            let i = found.ok_or_else(|| invalid(format!("couldn't locate a matching DNS TXT record in network {name}")))?;
            def.dns.txts.remove(i);
        }
        _ => return Err(unknown_command(command)),
    }
    Ok(())
}

fn dns_host(def: &mut NetworkDef, command: u32, node: roxmltree::Node) -> Result<()> {
    let name = def.name.clone();
    check_element(def, node, "host")?;
    if command == MODIFY {
        return Err(no_support("DNS HOST records cannot be modified, only added or deleted".into()));
    }
    let host = if command == DELETE {
        DnsHost {
            ip: xml::attr(node, "ip").and_then(|t| t.parse().ok()),
            hostnames: xml::children(node, "hostname").map(xml::text_of).filter(|t| !t.is_empty()).collect(),
        }
    } else {
        network::parse_dns_host(node, &name)?
    };
    let matching: Vec<usize> = def
        .dns
        .hosts
        .iter()
        .enumerate()
        .filter(|(_, h)| (host.ip.is_some() && h.ip == host.ip) || h.hostnames.iter().any(|n| host.hostnames.contains(n)))
        .map(|(i, _)| i)
        .collect();
    match command {
        ADD_FIRST | ADD_LAST => {
            if !matching.is_empty() {
                return Err(invalid(format!(
                    "there is already at least one DNS HOST record with a matching field in network {name}"
                )));
            }
            let at = if command == ADD_FIRST { 0 } else { def.dns.hosts.len() };
            def.dns.hosts.insert(at, host);
        }
        DELETE => {
            match matching.len() {
                0 => return Err(invalid(format!("couldn't locate a matching DNS HOST record in network {name}"))),
                1 => {}
                _ => return Err(invalid(format!("multiple matching DNS HOST records were found in network {name}"))),
            }
            def.dns.hosts.remove(matching[0]);
        }
        _ => return Err(unknown_command(command)),
    }
    Ok(())
}
