//! What a running network is on the host: its bridge (made and removed with `ip`), the IP
//! forwarding sysctl, its firewall rules (an nftables table of its own, or iptables rules
//! when `nft` is missing), and its dnsmasq (a config file and a lease file of its own).
//!
//! Every external command runs with a timeout, never through a shell, and its stderr goes
//! into the error when it fails.

use std::io::Read as _;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use virt::conf::network::{ForwardMode, Ip, NetworkDef};
use virt::error::{Code, Domain, Error, Result};

use crate::warn;

const FROM: Domain = Domain::VIR_FROM_NETWORK;
/// How long one `ip`, `nft`, `iptables` or dnsmasq start may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// The first of `names` found in the usual system directories.
fn find_program(names: &[&str]) -> Option<PathBuf> {
    for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] {
        for n in names {
            let p = Path::new(dir).join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs `program args`, with `input` on its stdin, for at most [`COMMAND_TIMEOUT`]; its
/// stdout on success, else an error naming the command with its stderr.
pub fn run(program: &str, args: &[&str], input: Option<&str>) -> Result<String> {
    let path = find_program(&[program])
        .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, format!("Cannot find '{program}' in path")))?;
    let shown = format!("{} {}", path.display(), args.join(" "));
    let mut child = Command::new(&path)
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::system(FROM, &format!("cannot execute '{shown}'"), &e))?;
    if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
        use std::io::Write as _;
        // A failure shows as the command's own error below.
        let _ = stdin.write_all(text.as_bytes());
    }
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = out.as_mut() {
            let _ = o.read_to_string(&mut s);
        }
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = err.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let deadline = Instant::now() + COMMAND_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_OPERATION_TIMEOUT,
                    format!("'{shown}' did not finish within {} s", COMMAND_TIMEOUT.as_secs()),
                ));
            }
            Err(e) => return Err(Error::system(FROM, &format!("cannot wait for '{shown}'"), &e)),
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        let code = status.code().map(|c| c.to_string()).unwrap_or_else(|| "a signal".into());
        return Err(Error::internal(
            FROM,
            format!("Child process ({shown}) unexpected exit status {code}: {}", stderr.trim()),
        ));
    }
    Ok(stdout)
}

// ---- names and addresses -----------------------------------------------------------

/// The kernel's rule for interface names, with the errno `SIOCBRADDBR` gives (libvirt's
/// "error creating bridge interface NAME: <strerror>", from no particular error domain).
pub fn check_ifname(name: &str) -> Result<()> {
    let errno = if name.len() >= 16 {
        Some(libc::ERANGE)
    } else if name.is_empty() || name == "." || name == ".." || name.contains(['/', ':']) || name.contains(char::is_whitespace) {
        Some(libc::EINVAL)
    } else {
        None
    };
    match errno {
        Some(e) => Err(Error::system(
            Domain::VIR_FROM_NONE,
            &format!("error creating bridge interface {name}"),
            &std::io::Error::from_raw_os_error(e),
        )),
        None => Ok(()),
    }
}

/// Whether interface `dev` exists in this process's network namespace (`/proc/net/dev`
/// is per namespace; `/sys/class/net` shows the namespace sysfs was mounted in).
pub fn link_exists(dev: &str) -> bool {
    let list = std::fs::read_to_string("/proc/self/net/dev").unwrap_or_default();
    !dev.is_empty() && list.lines().skip(2).any(|l| l.split(':').next().map(str::trim) == Some(dev))
}

/// The IPv4 network (address, prefix) of an `<ip>` element.
pub fn ipv4_net(ip: &Ip) -> Option<(Ipv4Addr, u32)> {
    match ip.address {
        IpAddr::V4(a) => {
            let prefix = ip.effective_prefix().unwrap_or(24);
            Some((a, prefix))
        }
        IpAddr::V6(_) => None,
    }
}

fn mask(prefix: u32) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix.min(32))
    }
}

fn network_text(a: Ipv4Addr, prefix: u32) -> String {
    format!("{}/{prefix}", Ipv4Addr::from(u32::from(a) & mask(prefix)))
}

/// libvirt's `networkCheckRouteCollision`, widened to any overlap: a host route (other
/// than a default route) or a host address whose network overlaps one of `def`'s IPv4
/// networks fails the start with "Network is already in use by interface IFACE".
pub fn check_collisions(def: &NetworkDef) -> Result<()> {
    let routes = std::fs::read_to_string("/proc/net/route").unwrap_or_default();
    let mut taken: Vec<(String, u32, u32)> = Vec::new();
    for line in routes.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 8 {
            continue;
        }
        // The kernel prints each address as the hex of its in-memory (network order)
        // u32 on this host: on a little-endian one, 192.168.122.0 shows as 007AA8C0.
        let parse = |s: &str| u32::from_str_radix(s, 16).ok().map(|v| u32::from_be_bytes(v.to_ne_bytes()));
        let (Some(dest), Some(m)) = (parse(f[1]), parse(f[7])) else { continue };
        if m == 0 {
            continue;
        }
        taken.push((f[0].to_string(), dest, m));
    }
    for ip in &def.ips {
        let Some((addr, prefix)) = ipv4_net(ip) else { continue };
        let ours = u32::from(addr);
        for (iface, dest, m) in &taken {
            let common = m & mask(prefix);
            if ours & common == dest & common {
                return Err(Error::internal(Domain::VIR_FROM_NONE, format!("Network is already in use by interface {iface}")));
            }
        }
    }
    Ok(())
}

// ---- the bridge ----------------------------------------------------------------------

/// Creates and configures the bridge of a managed network; on error nothing is left.
pub fn bridge_up(def: &NetworkDef) -> Result<()> {
    let br = def.bridge.name.as_deref().unwrap_or_default();
    check_ifname(br)?;
    let delay = (def.bridge.delay * 100).to_string();
    let stp = if def.bridge.stp { "1" } else { "0" };
    let mut args = vec!["link", "add", "name", br];
    if let Some(mac) = def.mac.as_deref() {
        args.extend(["address", mac]);
    }
    let mtu = def.mtu.to_string();
    if def.mtu != 0 {
        args.extend(["mtu", &mtu]);
    }
    args.extend(["type", "bridge", "forward_delay", &delay, "stp_state", stp]);
    run("ip", &args, None).map_err(|e| {
        Error::internal(Domain::VIR_FROM_NONE, format!("error creating bridge interface {br}: {}", command_detail(&e)))
    })?;
    let r = (|| {
        for ip in &def.ips {
            let prefix = ip.effective_prefix().unwrap_or(if ip.address.is_ipv4() { 24 } else { 64 });
            let cidr = format!("{}/{prefix}", ip.address);
            if ip.address.is_ipv4() {
                run("ip", &["addr", "add", &cidr, "broadcast", "+", "dev", br], None)?;
            } else {
                run("ip", &["-6", "addr", "add", &cidr, "dev", br, "nodad"], None)?;
            }
        }
        run("ip", &["link", "set", "dev", br, "up"], None)?;
        Ok(())
    })();
    if let Err(e) = r {
        bridge_down(br);
        return Err(e);
    }
    Ok(())
}

/// The stderr part of a [`run`] error.
fn command_detail(e: &Error) -> String {
    e.message.rsplit_once(": ").map(|(_, d)| d.to_string()).unwrap_or_else(|| e.message.clone())
}

pub fn bridge_down(br: &str) {
    if link_exists(br) {
        if let Err(e) = run("ip", &["link", "del", "dev", br], None) {
            warn!("cannot delete bridge {br}: {}", e.message);
        }
    }
}

/// libvirt's `networkEnableIPForwarding`: on for NAT and routed networks.
pub fn enable_forwarding(def: &NetworkDef) -> Result<()> {
    let set = |path: &str| {
        std::fs::write(path, "1\n")
            .map_err(|e| Error::system(FROM, "enabling IP forwarding failed", &e))
    };
    if def.ips.iter().any(|i| i.address.is_ipv4()) {
        set("/proc/sys/net/ipv4/ip_forward")?;
    }
    if def.ips.iter().any(|i| i.address.is_ipv6()) {
        set("/proc/sys/net/ipv6/conf/all/forwarding")?;
    }
    Ok(())
}

// ---- firewall ------------------------------------------------------------------------

/// The nftables table of a network (named by its UUID: network names may hold anything).
pub fn nft_table(def: &NetworkDef) -> String {
    format!("qemud_net_{}", def.uuid.to_string().replace('-', ""))
}

pub fn have_nft() -> bool {
    find_program(&["nft"]).is_some()
}

/// The ruleset of `def` as an `nft -f` script (empty: no rules for this mode).
pub fn nft_script(def: &NetworkDef) -> String {
    let br = def.bridge.name.as_deref().unwrap_or_default();
    let mode = def.forward_mode();
    let nets: Vec<String> = def.ips.iter().filter_map(ipv4_net).map(|(a, p)| network_text(a, p)).collect();
    let q = |s: &str| format!("\"{}\"", s.replace(['"', '\\'], ""));
    let brq = q(br);
    let mut input = vec![
        format!("iifname {brq} udp dport {{ 53, 67 }} accept"),
        format!("iifname {brq} tcp dport {{ 53, 67 }} accept"),
    ];
    let mut output = vec![format!("oifname {brq} udp dport {{ 53, 68 }} accept")];
    let mut forward = vec![format!("iifname {brq} oifname {brq} accept")];
    let mut post = Vec::new();
    match mode {
        ForwardMode::Nat | ForwardMode::Route => {
            for n in &nets {
                if mode == ForwardMode::Nat {
                    forward.push(format!("oifname {brq} ip daddr {n} ct state related,established accept"));
                } else {
                    forward.push(format!("oifname {brq} ip daddr {n} accept"));
                }
                forward.push(format!("iifname {brq} ip saddr {n} accept"));
                if mode == ForwardMode::Nat {
                    post.push(format!("ip saddr {n} ip daddr 224.0.0.0/24 return"));
                    post.push(format!("ip saddr {n} ip daddr 255.255.255.255 return"));
                    post.push(format!("meta l4proto tcp ip saddr {n} ip daddr != {n} masquerade to :1024-65535"));
                    post.push(format!("meta l4proto udp ip saddr {n} ip daddr != {n} masquerade to :1024-65535"));
                    post.push(format!("ip saddr {n} ip daddr != {n} masquerade"));
                }
            }
            forward.push(format!("oifname {brq} reject"));
            forward.push(format!("iifname {brq} reject"));
        }
        ForwardMode::None => {
            forward.push(format!("oifname {brq} reject"));
            forward.push(format!("iifname {brq} reject"));
        }
        _ => {
            input.clear();
            output.clear();
            forward.clear();
        }
    }
    if input.is_empty() && forward.is_empty() && post.is_empty() {
        return String::new();
    }
    let table = nft_table(def);
    let chain = |name: &str, hook: &str, prio: &str, rules: &[String]| {
        let mut s = format!("  chain {name} {{\n    type {hook} priority {prio}; policy accept;\n");
        for r in rules {
            s.push_str(&format!("    {r}\n"));
        }
        s.push_str("  }\n");
        s
    };
    let mut s = format!("table ip {table} {{\n");
    s.push_str(&chain("input", "filter hook input", "filter", &input));
    s.push_str(&chain("output", "filter hook output", "filter", &output));
    s.push_str(&chain("forward", "filter hook forward", "filter", &forward));
    if !post.is_empty() {
        s.push_str(&chain("postrouting", "nat hook postrouting", "srcnat", &post));
    }
    s.push_str("}\n");
    s
}

/// The iptables rules standing in for [`nft_script`] when `nft` is missing:
/// (table, chain, rule args), each added with -I/-A and removed with -D.
fn iptables_rules(def: &NetworkDef) -> Vec<(&'static str, &'static str, Vec<String>)> {
    let br = def.bridge.name.clone().unwrap_or_default();
    let mode = def.forward_mode();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut rules = Vec::new();
    if !matches!(mode, ForwardMode::Nat | ForwardMode::Route | ForwardMode::None) {
        return rules;
    }
    for (proto, port) in [("udp", "53"), ("tcp", "53"), ("udp", "67"), ("tcp", "67")] {
        rules.push(("filter", "INPUT", s(&["-i", &br, "-p", proto, "--dport", port, "-j", "ACCEPT"])));
    }
    rules.push(("filter", "FORWARD", s(&["-i", &br, "-o", &br, "-j", "ACCEPT"])));
    for (a, p) in def.ips.iter().filter_map(ipv4_net) {
        let n = network_text(a, p);
        if mode == ForwardMode::Nat {
            rules.push(("filter", "FORWARD", s(&["-o", &br, "-d", &n, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"])));
            rules.push(("filter", "FORWARD", s(&["-i", &br, "-s", &n, "-j", "ACCEPT"])));
            rules.push(("nat", "POSTROUTING", s(&["-s", &n, "!", "-d", &n, "-j", "MASQUERADE"])));
        } else if mode == ForwardMode::Route {
            rules.push(("filter", "FORWARD", s(&["-o", &br, "-d", &n, "-j", "ACCEPT"])));
            rules.push(("filter", "FORWARD", s(&["-i", &br, "-s", &n, "-j", "ACCEPT"])));
        }
    }
    rules.push(("filter", "FORWARD", s(&["-o", &br, "-j", "REJECT"])));
    rules.push(("filter", "FORWARD", s(&["-i", &br, "-j", "REJECT"])));
    rules
}

/// Installs the network's firewall rules: which backend was used, for the removal.
pub fn firewall_up(def: &NetworkDef) -> Result<Firewall> {
    if have_nft() {
        let script = nft_script(def);
        if script.is_empty() {
            return Ok(Firewall::None);
        }
        run("nft", &["-f", "-"], Some(&script))?;
        return Ok(Firewall::Nft);
    }
    let rules = iptables_rules(def);
    let mut added: Vec<&(&str, &str, Vec<String>)> = Vec::new();
    for r in &rules {
        let mut args = vec!["-w", "-t", r.0, "-A", r.1];
        args.extend(r.2.iter().map(String::as_str));
        if let Err(e) = run("iptables", &args, None) {
            for a in added {
                iptables_delete(a);
            }
            return Err(e);
        }
        added.push(r);
    }
    Ok(if rules.is_empty() { Firewall::None } else { Firewall::Iptables })
}

fn iptables_delete(r: &(&str, &str, Vec<String>)) {
    let mut args = vec!["-w", "-t", r.0, "-D", r.1];
    args.extend(r.2.iter().map(String::as_str));
    if let Err(e) = run("iptables", &args, None) {
        warn!("cannot remove an iptables rule: {}", e.message);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Firewall {
    None,
    Nft,
    Iptables,
}

impl Firewall {
    pub fn name(self) -> &'static str {
        match self {
            Firewall::None => "none",
            Firewall::Nft => "nftables",
            Firewall::Iptables => "iptables",
        }
    }

    pub fn parse(s: &str) -> Firewall {
        match s {
            "nftables" => Firewall::Nft,
            "iptables" => Firewall::Iptables,
            _ => Firewall::None,
        }
    }
}

pub fn firewall_down(def: &NetworkDef, fw: Firewall) {
    match fw {
        Firewall::None => {}
        Firewall::Nft => {
            if let Err(e) = run("nft", &["delete", "table", "ip", &nft_table(def)], None) {
                warn!("cannot remove the nftables table of network '{}': {}", def.name, e.message);
            }
        }
        Firewall::Iptables => {
            for r in iptables_rules(def).iter().rev() {
                iptables_delete(r);
            }
        }
    }
}

// ---- dnsmasq -------------------------------------------------------------------------

/// The files of a network's dnsmasq.
pub struct DnsmasqFiles {
    pub conf: PathBuf,
    pub leases: PathBuf,
    pub pid: PathBuf,
}

impl DnsmasqFiles {
    pub fn new(dnsmasq_dir: &Path, state_dir: &Path, name: &str) -> DnsmasqFiles {
        DnsmasqFiles {
            conf: dnsmasq_dir.join(format!("{name}.conf")),
            leases: dnsmasq_dir.join(format!("{name}.leases")),
            pid: state_dir.join(format!("{name}.pid")),
        }
    }
}

/// Whether `def` needs a dnsmasq: a managed bridge with an IPv4 address (DNS, and DHCP
/// where it has ranges or hosts), unless DNS is off and there is no DHCP.
pub fn wants_dnsmasq(def: &NetworkDef) -> bool {
    let managed = matches!(def.forward_mode(), ForwardMode::None | ForwardMode::Nat | ForwardMode::Route | ForwardMode::Open);
    let dhcp = def.ips.iter().any(|i| !i.ranges.is_empty() || !i.hosts.is_empty());
    managed && !def.ips.is_empty() && (dhcp || def.dns.enable != Some(false))
}

/// dnsmasq's configuration for `def`, as libvirt writes it (with the static hosts inline,
/// and dnsmasq's own lease file).
pub fn dnsmasq_conf(def: &NetworkDef, files: &DnsmasqFiles) -> String {
    let br = def.bridge.name.as_deref().unwrap_or_default();
    let mut s = format!(
        "##WARNING:  THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\n\
         ##OVERWRITTEN AND LOST.  Changes to this configuration should be made using:\n\
         ##    virsh net-edit {}\n\
         ## or other application using the libvirt API.\n##\n## dnsmasq conf file created by qemud\n",
        def.name
    );
    s.push_str("strict-order\n");
    s.push_str(&format!("pid-file={}\n", files.pid.display()));
    s.push_str("except-interface=lo\nbind-dynamic\n");
    s.push_str(&format!("interface={br}\n"));
    if let Some((d, local)) = &def.domain {
        s.push_str(&format!("domain={d}\nexpand-hosts\n"));
        if *local != Some(false) {
            s.push_str(&format!("local=/{d}/\n"));
        }
    }
    if def.dns.enable == Some(false) {
        s.push_str("port=0\n");
    }
    if def.forward_mode() == ForwardMode::None {
        s.push_str("dhcp-option=3\nno-resolv\n");
    }
    let mut leases: u64 = 0;
    for ip in def.ips.iter().filter(|i| i.address.is_ipv4()) {
        let Some((_, prefix)) = ipv4_net(ip) else { continue };
        let netmask = Ipv4Addr::from(mask(prefix));
        for r in &ip.ranges {
            s.push_str(&format!("dhcp-range={},{},{netmask}\n", r.range.start, r.range.end));
            if let (IpAddr::V4(a), IpAddr::V4(b)) = (r.range.start, r.range.end) {
                leases += (u32::from(b) as u64).saturating_sub(u32::from(a) as u64) + 1;
            }
        }
        if ip.ranges.is_empty() && !ip.hosts.is_empty() {
            s.push_str(&format!("dhcp-range={},static,{netmask}\n", ip.address));
        }
        for h in &ip.hosts {
            let mut parts = Vec::new();
            if let Some(m) = &h.mac {
                parts.push(m.clone());
            } else if let Some(id) = &h.id {
                parts.push(format!("id:{id}"));
            }
            if let Some(a) = h.ip {
                parts.push(a.to_string());
            }
            if let Some(n) = &h.name {
                parts.push(n.clone());
            }
            s.push_str(&format!("dhcp-host={}\n", parts.join(",")));
        }
        leases += ip.hosts.len() as u64;
    }
    if leases > 0 {
        s.push_str("dhcp-no-override\ndhcp-authoritative\n");
        s.push_str(&format!("dhcp-lease-max={leases}\n"));
        s.push_str(&format!("dhcp-leasefile={}\n", files.leases.display()));
    }
    for h in &def.dns.hosts {
        if let Some(ip) = h.ip {
            for n in &h.hostnames {
                s.push_str(&format!("host-record={n},{ip}\n"));
            }
        }
    }
    for (name, value) in &def.dns.txts {
        s.push_str(&format!("txt-record={name},{value}\n"));
    }
    s
}

/// Starts dnsmasq for `def` (it daemonizes itself) and returns its pid.
pub fn dnsmasq_start(def: &NetworkDef, dir: &Path, files: &DnsmasqFiles) -> Result<i32> {
    make_public_dir(dir)?;
    if let Some(run) = files.pid.parent() {
        make_public_dir(run)?;
    }
    let _ = std::fs::remove_file(&files.pid);
    let conf = dnsmasq_conf(def, files);
    std::fs::write(&files.conf, conf)
        .map_err(|e| Error::system(FROM, &format!("cannot write config file '{}'", files.conf.display()), &e))?;
    let conf_arg = format!("--conf-file={}", files.conf.display());
    run("dnsmasq", &[&conf_arg], None)?;
    // dnsmasq writes its pid file before its parent exits.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(pid) = read_pid(&files.pid) {
            return Ok(pid);
        }
        if Instant::now() > deadline {
            return Err(Error::internal(FROM, format!("dnsmasq of network '{}' wrote no pid file", def.name)));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn make_public_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(|e| Error::system(FROM, &format!("cannot create directory '{}'", dir.display()), &e))
}

pub fn read_pid(path: &Path) -> Option<i32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok().filter(|p| *p > 0)
}

/// Whether `pid` is a dnsmasq running with `conf` (not a recycled pid).
pub fn is_our_dnsmasq(pid: i32, conf: &Path) -> bool {
    let Ok(cmd) = std::fs::read(format!("/proc/{pid}/cmdline")) else { return false };
    let args: Vec<&[u8]> = cmd.split(|b| *b == 0).collect();
    let want = format!("--conf-file={}", conf.display());
    args.first().is_some_and(|a| a.ends_with(b"dnsmasq")) && args.iter().any(|a| *a == want.as_bytes())
}

/// Stops a network's dnsmasq: SIGTERM, then SIGKILL if it lingers.
pub fn dnsmasq_stop(pid: i32, conf: &Path) {
    if !is_our_dnsmasq(pid, conf) {
        return;
    }
    let _ = crate::sys::kill(pid, libc::SIGTERM);
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        if !is_our_dnsmasq(pid, conf) {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = crate::sys::kill(pid, libc::SIGKILL);
}

/// One lease of dnsmasq's lease file: expiry (seconds since the epoch, 0 = never), MAC,
/// IP address, hostname, client id.
#[derive(Debug, PartialEq, Eq)]
pub struct Lease {
    pub expiry: i64,
    pub mac: String,
    pub ip: IpAddr,
    pub hostname: Option<String>,
    pub client_id: Option<String>,
}

/// Parses dnsmasq's lease file (`EXPIRY MAC IP HOSTNAME CLIENTID`, `*` for none; IPv6
/// lines after `duid` are skipped).
pub fn parse_leases(text: &str) -> Vec<Lease> {
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 4 || f[0] == "duid" {
            continue;
        }
        let (Ok(expiry), Ok(ip)) = (f[0].parse::<i64>(), f[2].parse::<IpAddr>()) else { continue };
        let opt = |s: Option<&&str>| s.filter(|v| **v != "*").map(|v| v.to_string());
        out.push(Lease { expiry, mac: f[1].to_ascii_lowercase(), ip, hostname: opt(f.get(3)), client_id: opt(f.get(4)) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(xml: &str) -> NetworkDef {
        NetworkDef::parse(xml).unwrap()
    }

    const NAT: &str = "<network><name>default</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\
        <forward mode='nat'/><bridge name='virbr0'/><ip address='192.168.122.1' netmask='255.255.255.0'>\
        <dhcp><range start='192.168.122.2' end='192.168.122.254'/>\
        <host mac='52:54:00:00:00:01' name='h1' ip='192.168.122.9'/></dhcp></ip></network>";

    #[test]
    fn interface_names_follow_the_kernel() {
        check_ifname("virbr0").unwrap();
        let e = check_ifname("a/b").unwrap_err();
        assert_eq!(e.message, "error creating bridge interface a/b: Invalid argument");
        let e = check_ifname("abcdefghijklmnopq").unwrap_err();
        assert_eq!(e.message, "error creating bridge interface abcdefghijklmnopq: Numerical result out of range");
    }

    #[test]
    fn nat_rules_masquerade_the_network() {
        let s = nft_script(&def(NAT));
        assert!(s.starts_with("table ip qemud_net_dd8fe8846c02601e7551cca97df1c5df {"), "{s}");
        assert!(s.contains("meta l4proto tcp ip saddr 192.168.122.0/24 ip daddr != 192.168.122.0/24 masquerade to :1024-65535"), "{s}");
        assert!(s.contains("oifname \"virbr0\" ip daddr 192.168.122.0/24 ct state related,established accept"), "{s}");
        let open = def(&NAT.replace("mode='nat'", "mode='open'"));
        assert_eq!(nft_script(&open), "");
        let iso = nft_script(&def(&NAT.replace("<forward mode='nat'/>", "")));
        assert!(!iso.contains("masquerade") && iso.contains("iifname \"virbr0\" reject"), "{iso}");
    }

    #[test]
    fn dnsmasq_config_has_ranges_hosts_and_leases() {
        let d = def(NAT);
        let files = DnsmasqFiles::new(Path::new("/x"), Path::new("/r"), "default");
        let c = dnsmasq_conf(&d, &files);
        for line in [
            "pid-file=/r/default.pid",
            "interface=virbr0",
            "dhcp-range=192.168.122.2,192.168.122.254,255.255.255.0",
            "dhcp-host=52:54:00:00:00:01,192.168.122.9,h1",
            "dhcp-lease-max=254",
            "dhcp-leasefile=/x/default.leases",
        ] {
            assert!(c.lines().any(|l| l == line), "{line} missing from\n{c}");
        }
    }

    #[test]
    fn lease_file_lines() {
        let l = parse_leases("1700000000 52:54:00:AA:bb:cc 192.168.122.50 guest 01:52:54:00:aa:bb:cc\n\
                              0 52:54:00:00:00:02 192.168.122.51 * *\nduid 00:01\n");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].mac, "52:54:00:aa:bb:cc");
        assert_eq!(l[0].hostname.as_deref(), Some("guest"));
        assert_eq!(l[1].hostname, None);
    }
}
