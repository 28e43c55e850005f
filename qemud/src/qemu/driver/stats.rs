//! The per-domain information management tools poll, as libvirt 9.0's QEMU driver answers
//! it: disk counters (`virDomainBlockStats[Flags]`, QMP `query-blockstats`), disk sizes
//! (`virDomainGetBlockInfo`: QMP `query-block` for a running guest, the image itself for
//! a shut off one), description, title and `<metadata>` elements, guest addresses
//! (`virDomainInterfaceAddresses` from the network driver's DHCP leases or the host's
//! neighbour table), the CPU map's model names and the domain's CPU time.
//!
//! A disk is found by target (`vda`) or source path, as `virDomainDiskByName`; its QEMU
//! device is the one whose `qdev` is the disk's alias (`virtio-disk0`, `ide0-1-0`).
//!
//! `virDomainGetCPUStats`: libvirt reads a domain's cgroup. This driver gives its guests
//! none, so the totals come from QEMU's /proc entry (the same counters: the cgroup holds
//! only QEMU's threads, here at clock-tick resolution). Per-CPU figures need cpuacct's
//! per-CPU accounting: they are refused, in libvirt's words for a host with a cgroup v2
//! hierarchy (where libvirt cannot give them either), else as libvirt refuses a domain
//! without a cpuacct cgroup.

use std::path::Path;

use virt::conf::domain::devices::disk_by_name;
use virt::conf::domain::metadata;
use virt::driver::domain::wire::DomainGetCpuStatsRet;
use virt::driver::domain_devices::wire::{DomainBlockStatsFlagsRet, DomainBlockStatsRet, DomainGetBlockInfoRet};
use virt::driver::domain_devices::{DomainInterface, DomainIpAddr};
use virt::driver::{Networks, TypedValue};
use virt::rpc::protocol::TypedParam;
use virt::rpc::xdr::Array;

use super::*;

/// `VIR_TYPED_PARAM_STRING_OKAY`, which the library adds to typed-parameter calls.
const STRING_OKAY: u32 = 4;
/// `virDomainInterfaceAddressesSource`
const ADDRESSES_SRC_LEASE: u32 = 0;
const ADDRESSES_SRC_AGENT: u32 = 1;
const ADDRESSES_SRC_ARP: u32 = 2;
/// `virIPAddrType`
const IP_ADDR_IPV4: i32 = 0;

/// One device's counters from `query-blockstats` (libvirt's `qemuBlockStats`); -1 where
/// QEMU gave none.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Counters {
    rd_req: i64,
    rd_bytes: i64,
    wr_req: i64,
    wr_bytes: i64,
    flush_req: i64,
    rd_total_times: i64,
    wr_total_times: i64,
    flush_total_times: i64,
    wr_highest_offset: Option<u64>,
}

impl Counters {
    const NONE: Counters = Counters {
        rd_req: -1,
        rd_bytes: -1,
        wr_req: -1,
        wr_bytes: -1,
        flush_req: -1,
        rd_total_times: -1,
        wr_total_times: -1,
        flush_total_times: -1,
        wr_highest_offset: None,
    };

    /// A `stats` object, and how many of libvirt's statistics it holds (the four
    /// request/byte counters always; the times and flushes when QEMU has them).
    fn parse(stats: &Json) -> Result<(Counters, usize)> {
        let mut n = 0;
        let mut get = |name: &str, mandatory: bool| -> Result<i64> {
            match stats.get(name) {
                Some(v) => {
                    n += 1;
                    v.as_i64().ok_or_else(|| Error::internal(FROM, format!("cannot read {name} statistic")))
                }
                None if mandatory => Err(Error::internal(FROM, format!("cannot read {name} statistic"))),
                None => Ok(-1),
            }
        };
        let c = Counters {
            rd_bytes: get("rd_bytes", true)?,
            wr_bytes: get("wr_bytes", true)?,
            rd_req: get("rd_operations", true)?,
            wr_req: get("wr_operations", true)?,
            rd_total_times: get("rd_total_time_ns", false)?,
            wr_total_times: get("wr_total_time_ns", false)?,
            flush_req: get("flush_operations", false)?,
            flush_total_times: get("flush_total_time_ns", false)?,
            wr_highest_offset: None,
        };
        Ok((c, n))
    }

    /// libvirt's sum over every device for an empty path (a counter missing anywhere
    /// stays as the first device had it).
    fn add(&mut self, o: &Counters) {
        let sum = |a: &mut i64, b: i64| {
            if *a == -1 {
                *a = b;
            } else if b != -1 {
                *a += b;
            }
        };
        sum(&mut self.rd_req, o.rd_req);
        sum(&mut self.rd_bytes, o.rd_bytes);
        sum(&mut self.wr_req, o.wr_req);
        sum(&mut self.wr_bytes, o.wr_bytes);
        sum(&mut self.flush_req, o.flush_req);
        sum(&mut self.rd_total_times, o.rd_total_times);
        sum(&mut self.wr_total_times, o.wr_total_times);
        sum(&mut self.flush_total_times, o.flush_total_times);
    }

    /// `virDomainBlockStatsFlags`' parameters, in libvirt's order, skipping the ones QEMU
    /// did not give.
    fn params(&self) -> Vec<TypedParam> {
        [
            ("wr_bytes", self.wr_bytes),
            ("wr_operations", self.wr_req),
            ("rd_bytes", self.rd_bytes),
            ("rd_operations", self.rd_req),
            ("flush_operations", self.flush_req),
            ("wr_total_times", self.wr_total_times),
            ("rd_total_times", self.rd_total_times),
            ("flush_total_times", self.flush_total_times),
        ]
        .into_iter()
        .filter(|(_, v)| *v != -1)
        .map(|(name, v)| TypedParam { field: name.to_string(), value: TypedValue::LLong(v) })
        .collect()
    }
}

/// The `query-block` entry (of `blocks`, its answer) of device `alias`.
pub(super) fn block_of<'a>(blocks: &'a Json, alias: &str) -> Option<&'a Json> {
    blocks.as_array().unwrap_or_default().iter().find(|b| b.get("qdev").and_then(Json::as_str).is_some_and(|q| is_device(q, alias)))
}

/// Whether QMP's `qdev` (an id, or the QOM path of a virtio backend) is device `alias`.
fn is_device(qdev: &str, alias: &str) -> bool {
    qdev == alias
        || qdev
            .strip_prefix("/machine/peripheral/")
            .and_then(|r| r.strip_prefix(alias))
            .is_some_and(|r| r.starts_with('/'))
}

/// `query-blockstats` by device: each entry's `qdev` and counters, and how many
/// statistics QEMU gives.
fn block_counters(monitor: &Monitor) -> Result<(Vec<(String, Counters)>, usize)> {
    let reply = monitor.execute("query-blockstats", None)?;
    let entries = reply.as_array().ok_or_else(|| Error::internal(FROM, "blockstats reply data was not an array"))?;
    let mut out = Vec::new();
    let mut nstats = 0;
    for e in entries {
        let qdev = e.get("qdev").and_then(Json::as_str).unwrap_or_default();
        let device = e.get("device").and_then(Json::as_str).unwrap_or_default();
        if qdev.is_empty() && device.is_empty() {
            return Err(Error::internal(FROM, "blockstats device entry was not in expected format"));
        }
        let stats =
            e.get("stats").ok_or_else(|| Error::internal(FROM, "blockstats stats entry was not in expected format"))?;
        let (mut c, n) = Counters::parse(stats)?;
        // The highest offset written to the image file: its protocol node's (`parent`).
        c.wr_highest_offset = e.get("parent").and_then(|p| p.get("stats")?.get("wr_highest_offset")?.as_u64());
        nstats = n;
        out.push((if qdev.is_empty() { device } else { qdev }.to_string(), c));
    }
    Ok((out, nstats))
}

/// An image's sizes as libvirt reads them from the file (`qemuStorageLimitsRefresh`):
/// allocation = blocks in use, physical = the file's size (a block device's end), capacity
/// = the size a qcow2 header gives, else the physical size.
fn image_limits(path: &str, format: Option<&str>) -> Result<(u64, u64, u64)> {
    use std::io::{Read as _, Seek as _};
    use std::os::unix::fs::MetadataExt as _;
    let sys = |what: &str, e: &std::io::Error| Error::system(FROM, &format!("{what} '{path}'"), e);
    let mut f = std::fs::File::open(path).map_err(|e| sys("Failed to open file", &e))?;
    let md = f.metadata().map_err(|e| sys("cannot stat file", &e))?;
    let (allocation, physical) = if md.file_type().is_file() {
        (md.blocks() * 512, md.size())
    } else if md.is_dir() {
        (0, 0)
    } else {
        let end = f.seek(std::io::SeekFrom::End(0)).map_err(|e| sys("cannot seek to end of", &e))?;
        f.seek(std::io::SeekFrom::Start(0)).map_err(|e| sys("cannot seek to start of", &e))?;
        (end, end)
    };
    // libvirt reads the header whatever the format (a directory fails here).
    let mut hdr = Vec::with_capacity(32);
    std::io::Read::by_ref(&mut f).take(32).read_to_end(&mut hdr).map_err(|e| sys("cannot read header", &e))?;
    let qcow2_size = match hdr.get(..32) {
        Some(h) if h.starts_with(b"QFI\xfb") => h[24..32].try_into().ok().map(u64::from_be_bytes),
        _ => None,
    };
    let capacity = match qcow2_size {
        Some(size) if format != Some("raw") => size,
        _ => physical,
    };
    Ok((capacity, allocation, physical))
}

/// The size of `path` as `qemuDomainStorageUpdatePhysical` reads it.
fn physical_size(path: &str) -> Option<u64> {
    use std::io::Seek as _;
    let mut f = std::fs::File::open(path).ok()?;
    let md = f.metadata().ok()?;
    if md.is_file() {
        Some(md.len())
    } else {
        f.seek(std::io::SeekFrom::End(0)).ok()
    }
}

/// The host's IPv4 neighbours that libvirt's ARP table keeps (reachable or stale ones
/// with a link-layer address), as (IP, MAC). libvirt 9.0 reads them with one netlink
/// dump; an empty table makes it fail as below.
fn arp_table() -> Result<Vec<(String, String)>> {
    let text = crate::network::host::run("ip", &["neigh", "show", "nud", "all"], None)?;
    if text.trim().is_empty() {
        return Err(Error::new(
            Domain::VIR_FROM_NET,
            Code::VIR_ERR_INTERNAL_ERROR,
            "malformed netlink response message",
        ));
    }
    Ok(parse_neighbours(&text))
}

/// `ip neigh` lines: `IP dev DEV lladdr MAC [router] STATE`.
fn parse_neighbours(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(ip) = words.first().filter(|w| w.parse::<std::net::Ipv4Addr>().is_ok()) else { continue };
        let Some(mac) = words.iter().position(|w| *w == "lladdr").and_then(|i| words.get(i + 1)) else { continue };
        if !words.iter().any(|w| *w == "REACHABLE" || *w == "STALE") {
            continue;
        }
        out.push((ip.to_string(), mac.to_ascii_lowercase()));
    }
    out
}

/// Whether this host has a cgroup v2 hierarchy (unified, or beside v1 controllers), where
/// libvirt's cgroup code has no per-CPU accounting either.
fn cgroup_v2() -> bool {
    ["/sys/fs/cgroup/cgroup.controllers", "/sys/fs/cgroup/unified/cgroup.controllers"]
        .iter()
        .any(|p| Path::new(p).exists())
}

/// How many CPUs the host may have (libvirt's present-CPU bitmap size).
fn present_cpus() -> i32 {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/present").unwrap_or_default();
    text.trim().split(',').filter_map(|r| r.rsplit('-').next()?.parse::<i32>().ok()).max().map_or(1, |m| m + 1)
}

impl QemuConnection {
    /// The monitor of a running domain and the alias of its disk `path` (none: every
    /// disk), as `qemuDomainBlocksStatsGather` finds them.
    fn blockstats_target(&self, dom: &DomainId, path: &str) -> Result<(Arc<Monitor>, Option<String>)> {
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        d.check_active()?;
        let run = d.run.as_ref().ok_or_else(not_running)?;
        let alias = if path.is_empty() {
            None
        } else {
            let disk = disk_by_name(&d.def.devices.disks, path)
                .ok_or_else(|| Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("invalid path: {path}")))?;
            Some(argv::disk_id(disk))
        };
        Ok((run.monitor.clone(), alias))
    }

    /// One disk's counters, or the sum over all of them, and how many statistics QEMU
    /// gives.
    fn gather_block_stats(&self, dom: &DomainId, path: &str) -> Result<(Counters, usize)> {
        let (monitor, alias) = self.blockstats_target(dom, path)?;
        let (devices, nstats) = block_counters(&monitor)?;
        let Some(alias) = alias else {
            let mut total = Counters::NONE;
            devices.iter().for_each(|(_, c)| total.add(c));
            return Ok((total, nstats));
        };
        let (_, c) = devices
            .iter()
            .find(|(q, _)| is_device(q, &alias))
            .ok_or_else(|| Error::internal(FROM, format!("cannot find statistics for device '{alias}'")))?;
        Ok((*c, nstats))
    }

    /// `virDomainBlockStats`: the old call has no room for flushes and times, and QEMU
    /// counts no errors (-1).
    pub(super) fn block_stats(&self, dom: &DomainId, path: &str) -> Result<DomainBlockStatsRet> {
        let (c, _) = self.gather_block_stats(dom, path)?;
        Ok(DomainBlockStatsRet {
            rd_req: c.rd_req,
            rd_bytes: c.rd_bytes,
            wr_req: c.wr_req,
            wr_bytes: c.wr_bytes,
            errs: -1,
        })
    }

    /// `virDomainBlockStatsFlags`: `nparams` 0 asks how many statistics there are.
    pub(super) fn block_stats_flags(
        &self,
        dom: &DomainId,
        path: &str,
        nparams: i32,
        flags: u32,
    ) -> Result<DomainBlockStatsFlagsRet> {
        check_flags(flags, STRING_OKAY, "qemuDomainBlockStatsFlags")?;
        let (c, nstats) = self.gather_block_stats(dom, path)?;
        if nparams == 0 {
            return Ok(DomainBlockStatsFlagsRet { params: Array(Vec::new()), nparams: nstats as i32 });
        }
        let mut params = c.params();
        params.truncate(nparams.max(0) as usize);
        // As libvirtd sends it: the count only to a caller who asked for the count.
        Ok(DomainBlockStatsFlagsRet { params: Array(params), nparams: 0 })
    }

    /// `virDomainGetBlockInfo`, as `qemuDomainGetBlockInfo`.
    pub(super) fn block_info(&self, dom: &DomainId, path: &str, flags: u32) -> Result<DomainGetBlockInfoRet> {
        check_flags(flags, 0, "qemuDomainGetBlockInfo")?;
        let slot = self.slot(dom)?;
        let (disk, monitor) = {
            let d = slot.obj.lock();
            let disk = disk_by_name(&d.def.devices.disks, path).cloned().ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("invalid path {path} not assigned to domain"))
            })?;
            (disk, d.run.as_ref().map(|r| r.monitor.clone()))
        };
        let Some(source) = disk.source_path().filter(|s| !s.is_empty()) else {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                format!("disk '{path}' does not currently have a source assigned"),
            ));
        };
        let Some(monitor) = monitor else {
            let (capacity, allocation, physical) = image_limits(&source, disk.driver_type())?;
            return Ok(DomainGetBlockInfoRet { allocation, capacity, physical });
        };
        let alias = argv::disk_id(&disk);
        let missing = || Error::internal(FROM, format!("failed to gather stats for disk '{path}'"));
        let (devices, _) = block_counters(&monitor)?;
        let (_, counters) = devices.iter().find(|(q, _)| is_device(q, &alias)).ok_or_else(missing)?;
        let blocks = monitor.execute("query-block", None)?;
        let image = block_of(&blocks, &alias).and_then(|b| b.get("inserted")?.get("image")).ok_or_else(missing)?;
        let capacity = image.get("virtual-size").and_then(Json::as_u64).unwrap_or(0);
        let actual = image.get("actual-size").and_then(Json::as_u64).unwrap_or(0);
        // A qcow2 file's writes land anywhere in it: its allocation is the file's; else
        // the highest offset written, as long as QEMU tracks it.
        let mut allocation = match counters.wr_highest_offset {
            Some(_) if disk.disk_type == "file" && disk.driver_type() == Some("qcow2") => actual,
            Some(w) => w,
            None => actual,
        };
        // Sparse images: none or equal figures send libvirt to the file for its size.
        let physical = if actual == 0 || allocation == 0 || allocation == actual {
            if allocation == 0 {
                allocation = actual;
            }
            physical_size(&source).unwrap_or(actual)
        } else {
            actual
        };
        Ok(DomainGetBlockInfoRet { allocation, capacity, physical })
    }

    /// `virDomainSetMetadata`: live (the status file) and/or persistent (the config
    /// file) definitions, then a METADATA_CHANGE event.
    pub(super) fn set_metadata(
        &self,
        dom: &DomainId,
        kind: i32,
        text: Option<&str>,
        key: Option<&str>,
        uri: Option<&str>,
        flags: u32,
    ) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainSetMetadata")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = slot.obj.lock().affected_in(flags, Domain::VIR_FROM_DOMAIN)?;
        let change = metadata::Change::new(kind, text, key, uri)?;
        if live {
            let mut d = slot.obj.lock();
            change.apply(&mut d.def);
            self.save_status(&d)?;
        }
        if config {
            let mut def = slot.obj.lock().persistent_def();
            change.apply(&mut def);
            self.update_config(&slot, def)?;
        }
        if self.events.wants(DomainEvent::METADATA_CHANGE) {
            let ident = slot.obj.lock().ident();
            self.events.emit(DomainEvent {
                dom: ident,
                body: DomainEventBody::MetadataChange { kind, nsuri: change.event_uri() },
            });
        }
        Ok(())
    }

    /// `virDomainGetMetadata` of the one definition `flags` name.
    pub(super) fn get_metadata(&self, dom: &DomainId, kind: i32, uri: Option<&str>, flags: u32) -> Result<String> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainGetMetadata")?;
        let slot = self.slot(dom)?;
        let d = slot.obj.lock();
        metadata::lookup(d.one_def(flags)?, kind, uri)
    }

    /// `virDomainInterfaceAddresses`: from the leases of the networks the interfaces
    /// are on, or from the host's ARP table; the guest agent is not available here.
    pub(super) fn interface_addresses(&self, dom: &DomainId, source: u32, flags: u32) -> Result<Vec<DomainInterface>> {
        check_flags(flags, 0, "qemuDomainInterfaceAddresses")?;
        let slot = self.slot(dom)?;
        let ifaces = {
            let d = slot.obj.lock();
            d.check_active()?;
            d.def.devices.interfaces.clone()
        };
        let mut out = Vec::new();
        match source {
            ADDRESSES_SRC_LEASE => {
                for iface in ifaces.iter().filter(|i| i.interface_type == "network") {
                    let mac = iface.mac.to_string();
                    let net = self.network_lookup_by_name(iface.source_network().unwrap_or_default())?;
                    let leases = self.network_get_dhcp_leases(&net, Some(&mac), 1, 0)?.leases.0;
                    if leases.is_empty() {
                        continue;
                    }
                    let addrs = leases
                        .into_iter()
                        .map(|l| DomainIpAddr { type_: l.type_, addr: l.ipaddr, prefix: l.prefix })
                        .collect();
                    out.push(DomainInterface {
                        name: iface.target_dev.clone().unwrap_or_default(),
                        hwaddr: Some(mac),
                        addrs: Array(addrs),
                    });
                }
            }
            ADDRESSES_SRC_AGENT => return Err(no_agent()),
            ADDRESSES_SRC_ARP => {
                let table = arp_table()?;
                for iface in &ifaces {
                    let mac = iface.mac.to_string();
                    for (ip, _) in table.iter().filter(|(_, m)| *m == mac) {
                        out.push(DomainInterface {
                            name: iface.target_dev.clone().unwrap_or_default(),
                            hwaddr: Some(mac.clone()),
                            addrs: Array(vec![DomainIpAddr { type_: IP_ADDR_IPV4, addr: ip.clone(), prefix: 0 }]),
                        });
                    }
                }
            }
            _ => {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                    format!("Unknown IP address data source {}", source as i32),
                ))
            }
        }
        Ok(out)
    }

    /// `virDomainGetCPUStats`: the totals (cpu_time, user_time, system_time) from QEMU's
    /// /proc entry; per-CPU figures as libvirt on a host without them.
    pub(super) fn cpu_stats(
        &self,
        dom: &DomainId,
        nparams: u32,
        start_cpu: i32,
        ncpus: u32,
        flags: u32,
    ) -> Result<DomainGetCpuStatsRet> {
        check_flags(flags, STRING_OKAY, "qemuDomainGetCPUStats")?;
        let slot = self.slot(dom)?;
        let pid = {
            let d = slot.obj.lock();
            d.check_active()?;
            d.run.as_ref().map(|r| r.process.pid).unwrap_or(0)
        };
        let ret = |params: Vec<TypedParam>, n: i32| Ok(DomainGetCpuStatsRet { params: Array(params), nparams: n });
        if start_cpu == -1 {
            if nparams == 0 {
                return ret(Vec::new(), 3);
            }
            let s = process::stat(pid).ok_or_else(|| Error::internal(FROM, format!("cannot read /proc/{pid}/stat")))?;
            let all = [
                ("cpu_time", process::cpu_ticks_ns(&s)),
                ("user_time", process::ticks_to_ns(s.utime)),
                ("system_time", process::ticks_to_ns(s.stime)),
            ];
            let params: Vec<TypedParam> = all
                .iter()
                .take(nparams as usize)
                .map(|&(name, v)| TypedParam { field: name.to_string(), value: TypedValue::ULLong(v) })
                .collect();
            let n = params.len() as i32;
            return ret(params, n);
        }
        if nparams == 0 && ncpus != 0 {
            // cpu_time, and vcpu_time where vCPU threads are known.
            return ret(Vec::new(), 2);
        }
        let total = present_cpus();
        if ncpus == 0 {
            return ret(Vec::new(), total);
        }
        if start_cpu >= total {
            return Err(Error::new(
                Domain::VIR_FROM_CGROUP,
                Code::VIR_ERR_INVALID_ARG,
                format!("start_cpu {start_cpu} larger than maximum of {}", total - 1),
            ));
        }
        if cgroup_v2() {
            return Err(Error::new(
                Domain::VIR_FROM_CGROUP,
                Code::VIR_ERR_OPERATION_UNSUPPORTED,
                "operation 'getCpuacctPercpuUsage' not supported for backend 'cgroup V2'",
            ));
        }
        Err(Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, "cgroup CPUACCT controller is not mounted"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockstats_counters_in_libvirts_order() {
        let stats = Json::parse(
            r#"{"rd_bytes": 4608, "wr_bytes": 512, "rd_operations": 2, "wr_operations": 1, "rd_total_time_ns": 7,
                "wr_total_time_ns": 8, "flush_operations": 3, "flush_total_time_ns": 9, "wr_highest_offset": 4096}"#,
        )
        .unwrap();
        let (c, n) = Counters::parse(&stats).unwrap();
        assert_eq!(n, 8);
        let names: Vec<_> = c.params().iter().map(|p| p.field.clone()).collect();
        assert_eq!(
            names,
            [
                "wr_bytes",
                "wr_operations",
                "rd_bytes",
                "rd_operations",
                "flush_operations",
                "wr_total_times",
                "rd_total_times",
                "flush_total_times"
            ]
        );
        let old = Json::parse(r#"{"rd_bytes": 1, "wr_bytes": 2, "rd_operations": 3, "wr_operations": 4}"#).unwrap();
        let (o, n) = Counters::parse(&old).unwrap();
        assert_eq!((n, o.params().len()), (4, 4));
        let mut total = Counters::NONE;
        total.add(&c);
        total.add(&o);
        assert_eq!((total.rd_bytes, total.rd_req, total.flush_req), (4609, 5, 3));
        assert!(Counters::parse(&Json::parse(r#"{"rd_bytes": 1}"#).unwrap()).is_err());
    }

    #[test]
    fn devices_are_matched_by_id_or_qom_path() {
        assert!(is_device("ide0-1-0", "ide0-1-0"));
        assert!(is_device("/machine/peripheral/virtio-disk0/virtio-backend", "virtio-disk0"));
        assert!(!is_device("/machine/peripheral/virtio-disk10/virtio-backend", "virtio-disk1"));
        assert!(!is_device("ide0-1-0", "ide0-0-0"));
    }

    #[test]
    fn neighbours_reachable_or_stale_with_an_address() {
        let t = "192.168.122.50 dev virbr0 lladdr 52:54:00:AA:bb:cc REACHABLE\n\
                 192.168.122.51 dev virbr0 lladdr 52:54:00:00:00:01 STALE\n\
                 192.168.122.52 dev virbr0  FAILED\n\
                 192.168.122.53 dev virbr0 lladdr 52:54:00:00:00:02 DELAY\n\
                 fe80::1 dev virbr0 lladdr 52:54:00:00:00:03 router REACHABLE\n";
        assert_eq!(
            parse_neighbours(t),
            vec![
                ("192.168.122.50".to_string(), "52:54:00:aa:bb:cc".to_string()),
                ("192.168.122.51".to_string(), "52:54:00:00:00:01".to_string())
            ]
        );
    }

    #[test]
    fn image_sizes_from_the_file_and_a_qcow2_header() {
        let dir = std::env::temp_dir().join(format!("qemud-stats-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let raw = dir.join("a.raw");
        std::fs::write(&raw, vec![1u8; 8192]).unwrap();
        let (cap, alloc, phys) = image_limits(raw.to_str().unwrap(), Some("raw")).unwrap();
        assert_eq!((cap, phys), (8192, 8192));
        assert!(alloc >= 8192);
        let q = dir.join("a.qcow2");
        let mut hdr = vec![0u8; 512];
        hdr[..4].copy_from_slice(b"QFI\xfb");
        hdr[24..32].copy_from_slice(&(64u64 << 20).to_be_bytes());
        std::fs::write(&q, &hdr).unwrap();
        assert_eq!(image_limits(q.to_str().unwrap(), Some("qcow2")).unwrap().0, 64 << 20);
        // Declared raw: the header is data.
        assert_eq!(image_limits(q.to_str().unwrap(), Some("raw")).unwrap().0, 512);
        let e = image_limits(dir.join("none").to_str().unwrap(), None).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_SYSTEM_ERROR);
        assert!(e.message.starts_with(&format!("Failed to open file '{}/none': ", dir.display())), "{}", e.message);
        let e = image_limits(dir.to_str().unwrap(), Some("raw")).unwrap_err();
        assert_eq!(e.message, format!("cannot read header '{}': Is a directory", dir.display()));
        assert_eq!(image_limits("/dev/null", Some("raw")).unwrap(), (0, 0, 0));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
