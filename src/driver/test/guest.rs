//! The test driver's answers for devices and the guest agent: what libvirt's test driver
//! makes up for block statistics, block info, memory peeks, keys, core dumps, and the
//! guest's file systems, clock and addresses. Nothing runs, so every answer is canned or
//! bookkeeping; each domain keeps which of its two file systems are frozen and its guest
//! clock (see [`GuestPrivate`]).

#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use super::{check_flags, TestConnection, FROM};
use crate::abi::domain::{virDomainEventStoppedDetailType as Stopped, virDomainEventType as Event};
use crate::conf::domain::devices::{disk_by_name, MacAddr};
use crate::driver::domain_devices::wire::{DomainBlockStatsRet, DomainGetBlockInfoRet, DomainGetTimeRet};
use crate::driver::domain_devices::{DomainDevices, DomainDiskError, DomainFsinfo, DomainInterface, DomainIpAddr};
use crate::driver::DomainId;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::xdr::Array;

/// What libvirt's test driver keeps beside each domain object for as long as the object
/// lives (across stops and starts): its guest clock and which of `/` and `/boot` are frozen.
/// The guest clock (seconds) every test domain starts with, as libvirt's.
pub const CLOCK_START: i64 = 627_319_920;

#[derive(Clone, Debug)]
pub struct GuestPrivate {
    /// `/` and `/boot`.
    frozen: [bool; 2],
    seconds: i64,
    nseconds: u32,
}

impl GuestPrivate {
    /// The guest clock's seconds (what virDomainGetTime answers; virDomainGetControlInfo
    /// derives its made-up state from them).
    pub fn seconds(&self) -> i64 {
        self.seconds
    }
}

impl Default for GuestPrivate {
    /// The clock libvirt's test driver starts every domain with.
    fn default() -> GuestPrivate {
        GuestPrivate { frozen: [false; 2], seconds: CLOCK_START, nseconds: 0 }
    }
}

/// The two file systems the test driver pretends every guest has.
const MOUNTPOINTS: [&str; 2] = ["/", "/boot"];

// virDomainCoreDumpFlags / virDomainCoreDumpFormat
const DUMP_CRASH: u32 = 1;
const DUMP_FORMAT_RAW: u32 = 0;
// virDomainMemoryFlags
const MEMORY_VIRTUAL: u32 = 1;
const MEMORY_PHYSICAL: u32 = 2;
/// `VIR_DOMAIN_SHUTOFF_CRASHED`
const SHUTOFF_CRASHED: i32 = 3;
/// `VIR_DOMAIN_PASSWORD_ENCRYPTED`
const PASSWORD_ENCRYPTED: u32 = 1;
/// `VIR_DOMAIN_TIME_SYNC`
const TIME_SYNC: u32 = 1;
/// `VIR_DOMAIN_PROCESS_SIGNAL_LAST`
const PROCESS_SIGNAL_LAST: u32 = 65;
/// `VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LAST`
const ADDRESSES_SRC_LAST: u32 = 3;
// virIPAddrType
const IP_ADDR_IPV4: i32 = 0;
const IP_ADDR_IPV6: i32 = 1;
/// What the core dump file holds: the magic the test driver's save files start with.
const CORE_DUMP_MAGIC: &[u8] = b"TestGuestMagic\0";

include!("keycodes.rs");

/// Whether `key` is a key of `codeset` (`virKeycodeValueTranslate` from a set to itself).
fn known_key(codeset: u32, key: u32) -> bool {
    KEYCODE_SETS
        .get(codeset as usize)
        .is_some_and(|(_, ranges)| ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&key)))
}


fn invalid(code: Code, msg: String) -> Error {
    Error::new(FROM, code, msg)
}

/// Which of the two file systems `mountpoints` names (all when empty), or
/// "mount point not found" for any other.
fn mountpoint_indexes(mountpoints: &[String]) -> Result<Vec<usize>> {
    mountpoints
        .iter()
        .map(|m| {
            MOUNTPOINTS
                .iter()
                .position(|p| p == m)
                .ok_or_else(|| invalid(Code::VIR_ERR_OPERATION_INVALID, format!("mount point not found: {m}")))
        })
        .collect()
}

/// Freezes (`freeze`) or thaws the file systems `mountpoints` names (all when empty);
/// returns how many changed.
fn set_frozen(frozen: &mut [bool; 2], mountpoints: &[String], freeze: bool) -> Result<i32> {
    let which = if mountpoints.is_empty() { vec![0, 1] } else { mountpoint_indexes(mountpoints)? };
    let mut changed = 0;
    for i in which {
        if frozen[i] != freeze {
            frozen[i] = freeze;
            changed += 1;
        }
    }
    Ok(changed)
}

/// The address the test driver makes up for a guest interface on `net`: the network's
/// first DHCP address (else its own) moved on by `offset`, with the network's prefix.
fn address_on_network(ip: &crate::conf::network::Ip, offset: u32) -> DomainIpAddr {
    // libvirt's virSocketAddrGetIPPrefix answers -1 when it finds none.
    let prefix = ip.effective_prefix().unwrap_or(u32::MAX);
    let base = ip.ranges.first().map(|r| r.range.start).unwrap_or(ip.address);
    let (type_, addr) = match base {
        IpAddr::V4(a) => (IP_ADDR_IPV4, IpAddr::V4(u32::from(a).wrapping_add(offset).into())),
        IpAddr::V6(a) => {
            let mut octets = a.octets();
            octets[15] = octets[15].wrapping_add(offset as u8);
            (IP_ADDR_IPV6, IpAddr::V6(octets.into()))
        }
    };
    DomainIpAddr { type_, addr: addr.to_string(), prefix }
}

fn now_us() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as i64).unwrap_or(0)
}

impl TestConnection {
    /// `virDomainInterfaceStats`: counters libvirt's test driver derives from the clock
    /// (µs), for an interface named by its MAC address or its host-side name.
    pub(super) fn interface_stats(&self, dom: &DomainId, device: &str) -> Result<[i64; 8]> {
        self.with_active(dom, |d| {
            let nets = &d.def.devices.interfaces;
            let found: Vec<_> = match MacAddr::parse(device) {
                Some(mac) => nets.iter().filter(|n| n.mac == mac).collect(),
                None => nets.iter().filter(|n| n.target_dev.as_deref() == Some(device)).collect(),
            };
            match found.len() {
                0 => Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("'{device}' is not a known interface"),
                )),
                1 => {
                    let t = now_us();
                    Ok([t / 10, t / 100, t / 1_000_000, t / 2_000_000, t / 20, t / 110, t / 3_000_000, t / 4_000_000])
                }
                _ => Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("multiple devices matching MAC address {device} found"),
                )),
            }
        })
    }

    /// Runs `f` on an active domain's object ("domain is not running" otherwise).
    fn with_active<R>(&self, dom: &DomainId, f: impl FnOnce(&mut super::DomainObj) -> Result<R>) -> Result<R> {
        self.with_dom(dom, |s, i| {
            let d = &mut s.domains[i];
            d.check_active()?;
            f(d)
        })
    }
}

impl DomainDevices for TestConnection {
    /// The stream carries libvirt's test screenshot (see `stream.rs`).
    fn domain_screenshot(&self, dom: &DomainId, screen: u32, flags: u32) -> Result<(Option<String>, crate::driver::stream::Stream)> {
        self.screenshot(dom, screen, flags)
    }

    fn domain_core_dump(&self, dom: &DomainId, to: &str, flags: u32) -> Result<()> {
        self.domain_core_dump_with_format(dom, to, DUMP_FORMAT_RAW, flags)
    }

    /// Writes the magic to `to` (before refusing a format other than raw, as libvirt's
    /// test driver does); `VIR_DUMP_CRASH` then stops the domain as crashed.
    fn domain_core_dump_with_format(&self, dom: &DomainId, to: &str, dumpformat: u32, flags: u32) -> Result<()> {
        check_flags(flags, DUMP_CRASH, "testDomainCoreDumpWithFormat")?;
        self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            let fail = |what: &str, e: &std::io::Error| Error::system(FROM, &format!("domain '{}' coredump: {what}", dom.name), e);
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode_0600()
                .open(to)
                .map_err(|e| fail(&format!("failed to open {to}"), &e))?;
            std::io::Write::write_all(&mut file, CORE_DUMP_MAGIC).map_err(|e| fail(&format!("failed to write header to {to}"), &e))?;
            drop(file);
            if dumpformat != DUMP_FORMAT_RAW {
                return Err(invalid(Code::VIR_ERR_OPERATION_UNSUPPORTED, "kdump-compressed format is not supported here".into()));
            }
            if flags & DUMP_CRASH != 0 {
                let ident = s.stop(i, SHUTOFF_CRASHED);
                s.event(ident, Event::VIR_DOMAIN_EVENT_STOPPED, Stopped::VIR_DOMAIN_EVENT_STOPPED_CRASHED as i32);
            }
            Ok(())
        })
    }

    /// Numbers from the wall clock, as libvirt's test driver makes them up.
    fn domain_block_stats(&self, dom: &DomainId, path: &str) -> Result<DomainBlockStatsRet> {
        if path.is_empty() {
            return Err(invalid(Code::VIR_ERR_OPERATION_UNSUPPORTED, "summary statistics are not supported yet".into()));
        }
        self.with_active(dom, |d| {
            if disk_by_name(&d.def.devices.disks, path).is_none() {
                return Err(invalid(Code::VIR_ERR_INVALID_ARG, format!("invalid path: {path}")));
            }
            let t = now_us();
            Ok(DomainBlockStatsRet { rd_req: t / 10, rd_bytes: t / 20, wr_req: t / 30, wr_bytes: t / 40, errs: t / 2_000_000 })
        })
    }

    /// Bytes counting up from the low byte of `start`.
    fn domain_memory_peek(&self, dom: &DomainId, start: u64, size: usize, flags: u32) -> Result<Vec<u8>> {
        check_flags(flags, MEMORY_VIRTUAL | MEMORY_PHYSICAL, "testDomainMemoryPeek")?;
        if flags != MEMORY_VIRTUAL && flags != MEMORY_PHYSICAL {
            return Err(invalid(
                Code::VIR_ERR_INVALID_ARG,
                "flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL".into(),
            ));
        }
        self.with_active(dom, |_| Ok((0..size).map(|i| (start as u8).wrapping_add(i as u8)).collect()))
    }

    /// The sizes libvirt's test driver reports for any disk with a source.
    fn domain_get_block_info(&self, dom: &DomainId, path: &str, flags: u32) -> Result<DomainGetBlockInfoRet> {
        check_flags(flags, 0, "testDomainGetBlockInfo")?;
        self.with_dom(dom, |s, i| {
            let disk = disk_by_name(&s.domains[i].def.devices.disks, path)
                .ok_or_else(|| invalid(Code::VIR_ERR_INVALID_ARG, format!("invalid path {path} not assigned to domain")))?;
            if disk.source_path().is_none() {
                return Err(invalid(Code::VIR_ERR_INVALID_ARG, format!("disk '{path}' does not currently have a source assigned")));
            }
            Ok(DomainGetBlockInfoRet { capacity: 1_099_506_450_432, allocation: 1_099_511_627_776, physical: 1_099_511_627_776 })
        })
    }

    fn domain_inject_nmi(&self, dom: &DomainId, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainInjectNMI")?;
        self.with_active(dom, |_| Ok(()))
    }

    /// Accepts the keys `codeset` knows.
    fn domain_send_key(&self, dom: &DomainId, codeset: u32, _holdtime: u32, keycodes: &[u32], flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainSendKey")?;
        self.with_active(dom, |_| {
            if let Some(k) = keycodes.iter().find(|&&k| !known_key(codeset, k)) {
                let name = KEYCODE_SETS.get(codeset as usize).map_or("(null)", |(n, _)| n);
                return Err(invalid(Code::VIR_ERR_INTERNAL_ERROR, format!("invalid keycode {k} of {name} codeset")));
            }
            Ok(())
        })
    }

    /// Reports error `(i % 2) + 1` (unspecified, no space) for each disk, in order.
    fn domain_get_disk_errors(&self, dom: &DomainId, maxerrors: u32, flags: u32) -> Result<(Vec<DomainDiskError>, i32)> {
        check_flags(flags, 0, "testDomainGetDiskErrors")?;
        self.with_active(dom, |d| {
            let disks = &d.def.devices.disks;
            if maxerrors == 0 {
                return Ok((Vec::new(), disks.len() as i32));
            }
            let errors: Vec<DomainDiskError> = disks
                .iter()
                .take(maxerrors as usize)
                .enumerate()
                .map(|(i, disk)| DomainDiskError { disk: disk.target_dev.clone(), error: (i % 2) as i32 + 1 })
                .collect();
            let n = errors.len() as i32;
            Ok((errors, n))
        })
    }

    fn domain_fstrim(&self, dom: &DomainId, mount_point: Option<&str>, _minimum: u64, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainFSTrim")?;
        self.with_active(dom, |_| match mount_point {
            Some(m) if !MOUNTPOINTS.contains(&m) => {
                Err(invalid(Code::VIR_ERR_OPERATION_INVALID, format!("mount point not found: {m}")))
            }
            _ => Ok(()),
        })
    }

    /// Only pid 1 (and a known signal) is accepted; nothing is sent.
    fn domain_send_process_signal(&self, dom: &DomainId, pid_value: i64, signum: u32, flags: u32) -> Result<()> {
        check_flags(flags, 0, "testDomainSendProcessSignal")?;
        if pid_value != 1 {
            return Err(invalid(Code::VIR_ERR_INVALID_ARG, "only sending a signal to pid 1 is supported".into()));
        }
        if signum >= PROCESS_SIGNAL_LAST {
            return Err(invalid(Code::VIR_ERR_INVALID_ARG, format!("signum value {} is out of range", signum as i32)));
        }
        self.with_dom(dom, |_, _| Ok(()))
    }

    fn domain_fsfreeze(&self, dom: &DomainId, mountpoints: &[String], flags: u32) -> Result<i32> {
        check_flags(flags, 0, "testDomainFSFreeze")?;
        self.with_active(dom, |d| set_frozen(&mut d.run.frozen, mountpoints, true))
    }

    fn domain_fsthaw(&self, dom: &DomainId, mountpoints: &[String], flags: u32) -> Result<i32> {
        check_flags(flags, 0, "testDomainFSThaw")?;
        self.with_active(dom, |d| set_frozen(&mut d.run.frozen, mountpoints, false))
    }

    /// The guest clock: only a running domain (not a paused one) answers.
    fn domain_get_time(&self, dom: &DomainId, flags: u32) -> Result<DomainGetTimeRet> {
        check_flags(flags, 0, "testDomainGetTime")?;
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            if d.state != super::RUNNING {
                return Err(invalid(Code::VIR_ERR_OPERATION_INVALID, "domain is not running".into()));
            }
            Ok(DomainGetTimeRet { seconds: d.run.seconds, nseconds: d.run.nseconds })
        })
    }

    fn domain_set_time(&self, dom: &DomainId, seconds: i64, nseconds: u32, flags: u32) -> Result<()> {
        check_flags(flags, TIME_SYNC, "testDomainSetTime")?;
        self.with_active(dom, |d| {
            d.run.seconds = seconds;
            d.run.nseconds = nseconds;
            Ok(())
        })
    }

    /// `/` and `/boot` (ext4) on partitions 1 and 2 of the first disk whose device is a
    /// disk; nothing when there is none.
    fn domain_get_fsinfo(&self, dom: &DomainId, flags: u32) -> Result<Vec<DomainFsinfo>> {
        check_flags(flags, 0, "testDomainGetFSInfo")?;
        self.with_active(dom, |d| {
            let Some(disk) = d.def.devices.disks.iter().find(|k| k.device == "disk") else {
                return Ok(Vec::new());
            };
            let name = &disk.target_dev;
            Ok(MOUNTPOINTS
                .iter()
                .enumerate()
                .map(|(i, m)| DomainFsinfo {
                    mountpoint: m.to_string(),
                    name: format!("{name}{}", i + 1),
                    fstype: "ext4".into(),
                    dev_aliases: Array(vec![name.clone()]),
                })
                .collect())
        })
    }

    /// One address per interface: on a virtual network, from the network's DHCP range
    /// (a different one per interface and domain id); else 192.168.0.(n+1)/24.
    fn domain_interface_addresses(&self, dom: &DomainId, source: u32, flags: u32) -> Result<Vec<DomainInterface>> {
        check_flags(flags, 0, "testDomainInterfaceAddresses")?;
        if source >= ADDRESSES_SRC_LAST {
            return Err(invalid(Code::VIR_ERR_ARGUMENT_UNSUPPORTED, format!("Unknown IP address data source {}", source as i32)));
        }
        self.with_dom(dom, |s, i| {
            let d = &s.domains[i];
            d.check_active()?;
            let mut out = Vec::new();
            for (n, net) in d.def.devices.interfaces.iter().enumerate() {
                let addr = match (net.interface_type.as_str(), net.source_network()) {
                    ("network", Some(name)) => {
                        let obj = s.networks.nets.iter().find(|o| o.def.name == name).ok_or_else(|| {
                            invalid(Code::VIR_ERR_NO_NETWORK, format!("no network with matching name '{name}'"))
                        })?;
                        let ip = obj.def.ips.first().ok_or_else(|| {
                            invalid(Code::VIR_ERR_INTERNAL_ERROR, format!("network '{name}' has no IP address"))
                        })?;
                        let offset = 20 * (d.id as u32).wrapping_sub(1) + n as u32 + 1;
                        address_on_network(ip, offset)
                    }
                    _ => DomainIpAddr { type_: IP_ADDR_IPV4, addr: format!("192.168.0.{}", n + 1), prefix: 24 },
                };
                out.push(DomainInterface {
                    name: net.target_dev.clone().unwrap_or_default(),
                    hwaddr: Some(net.mac.to_string()),
                    addrs: Array(vec![addr]),
                });
            }
            Ok(out)
        })
    }

    /// Accepted for a running domain; nothing is stored.
    fn domain_set_user_password(&self, dom: &DomainId, _user: Option<&str>, _password: Option<&str>, flags: u32) -> Result<()> {
        check_flags(flags, PASSWORD_ENCRYPTED, "testDomainSetUserPassword")?;
        self.with_active(dom, |_| Ok(()))
    }
}

/// Opening the core dump file owner-only, as libvirt does.
trait Mode0600 {
    fn mode_0600(&mut self) -> &mut Self;
}

impl Mode0600 for std::fs::OpenOptions {
    fn mode_0600(&mut self) -> &mut Self {
        std::os::unix::fs::OpenOptionsExt::mode(self, 0o600)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keycodes_match_libvirts_sets() {
        assert!(known_key(0, 0) && known_key(0, 265) && !known_key(0, 266) && known_key(0, 524) && !known_key(0, 525));
        assert!(known_key(1, 57469) && !known_key(1, 57470));
        assert!(!known_key(10, 1));
        assert_eq!(KEYCODE_SETS[5].0, "os_x");
        assert_eq!(KEYCODE_SETS.iter().map(|(_, r)| r.iter().map(|(a, b)| b - a + 1).sum::<u32>()).collect::<Vec<_>>(),
            vec![454, 236, 236, 144, 141, 121, 236, 163, 150, 236]);
    }

    #[test]
    fn freezing_counts_changes() {
        let mut f = [false; 2];
        assert_eq!(set_frozen(&mut f, &[], true).unwrap(), 2);
        assert_eq!(set_frozen(&mut f, &["/".into()], true).unwrap(), 0);
        assert_eq!(set_frozen(&mut f, &["/boot".into(), "/boot".into()], false).unwrap(), 1);
        assert!(set_frozen(&mut f, &["/x".into()], false).is_err());
        assert_eq!(f, [true, false]);
        assert_eq!(set_frozen(&mut f, &[], false).unwrap(), 1);
    }
}
