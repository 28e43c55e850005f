//! libvirt-host.h: the connection and the host (capabilities, node information, statistics),
//! and the daemon's own procedures (open, authentication, feature probing).
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); `{}` rows are not served yet.

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// `REMOTE_CPU_BASELINE_MAX`: CPUs one baseline call may compare.
pub const REMOTE_CPU_BASELINE_MAX: usize = 256;
/// `REMOTE_NODE_MEMORY_PARAMETERS_MAX`
pub const REMOTE_NODE_MEMORY_PARAMETERS_MAX: usize = 64;
/// `REMOTE_CONNECT_CPU_MODELS_MAX`
pub const REMOTE_CONNECT_CPU_MODELS_MAX: usize = 8192;
/// `REMOTE_NODE_SEV_INFO_MAX`
pub const REMOTE_NODE_SEV_INFO_MAX: usize = 64;
/// `REMOTE_CONNECT_IDENTITY_PARAMS_MAX`
pub const REMOTE_CONNECT_IDENTITY_PARAMS_MAX: usize = 20;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Host;

    1 CONNECT_OPEN ConnectOpen ro high "virConnectOpen" {
        daemon ConnectOpenArgs => ()
    }
    2 CONNECT_CLOSE ConnectClose ro high "virConnectClose" {
        daemon () => ()
    }
    3 CONNECT_GET_TYPE ConnectGetType ro high "virConnectGetType" {
        fn connect_get_type() -> type_: String
    }
    4 CONNECT_GET_VERSION ConnectGetVersion ro high "virConnectGetVersion" {
        fn connect_get_version() -> hv_ver: u64
    }
    5 CONNECT_GET_MAX_VCPUS ConnectGetMaxVcpus ro high "virConnectGetMaxVcpus" {
        fn connect_get_max_vcpus(type_: Option<String>) -> max_vcpus: i32
    }
    6 NODE_GET_INFO NodeGetInfo ro high "virNodeGetInfo" {
        fn node_get_info() -> NodeInfo as {
            model: Chars<32>, memory: u64, cpus: i32, mhz: i32, nodes: i32, sockets: i32, cores: i32, threads: i32
        }
    }
    7 CONNECT_GET_CAPABILITIES ConnectGetCapabilities ro low "virConnectGetCapabilities" {
        fn connect_get_capabilities() -> capabilities: String
    }
    59 CONNECT_GET_HOSTNAME ConnectGetHostname ro high "virConnectGetHostname" {
        fn connect_get_hostname() -> hostname: String
    }
    60 CONNECT_SUPPORTS_FEATURE ConnectSupportsFeature ro high "" {
        daemon ConnectSupportsFeatureArgs => ConnectSupportsFeatureRet
    }
    66 AUTH_LIST AuthList ro high "" {
        daemon () => AuthListRet
    }
    67 AUTH_SASL_INIT AuthSaslInit ro high "" {
        daemon () => AuthSaslInitRet
    }
    68 AUTH_SASL_START AuthSaslStart ro high "" {
        daemon AuthSaslStartArgs => AuthSaslStartRet
    }
    69 AUTH_SASL_STEP AuthSaslStep ro high "" {
        daemon AuthSaslStepArgs => AuthSaslStepRet
    }
    70 AUTH_POLKIT AuthPolkit ro high "" {
        daemon () => AuthPolkitRet
    }
    101 NODE_GET_CELLS_FREE_MEMORY NodeGetCellsFreeMemory ro high "virNodeGetCellsFreeMemory" {
        custom { start_cell: i32, maxcells: i32 } -> { cells: Array<u64, REMOTE_NODE_MAX_CELLS> }
            fn node_get_cells_free_memory(start: i32, max: i32) -> Vec<u64>
    }
    102 NODE_GET_FREE_MEMORY NodeGetFreeMemory ro high "virNodeGetFreeMemory" {
        fn node_get_free_memory() -> free_mem: u64
    }
    110 CONNECT_GET_URI ConnectGetUri ro high "virConnectGetURI" {
        daemon () => ConnectGetUriRet
    }
    122 NODE_GET_SECURITY_MODEL NodeGetSecurityModel ro high "virNodeGetSecurityModel" {
        fn node_get_security_model() -> (String, String) as {
            model: CharArray<REMOTE_SECURITY_MODEL_MAX>, doi: CharArray<REMOTE_SECURITY_DOI_MAX>
        }
    }
    149 CONNECT_IS_SECURE ConnectIsSecure ro high "virConnectIsSecure" {
        custom {} -> { secure: IntBool }
            fn connect_is_secure() -> bool
    }
    157 CONNECT_GET_LIB_VERSION ConnectGetLibVersion ro high "virConnectGetLibVersion" {
        daemon () => ConnectGetLibVersionRet
    }
    158 CONNECT_COMPARE_CPU ConnectCompareCpu ro low "virConnectCompareCPU" {
        fn connect_compare_cpu(xml: String, flags: u32) -> result: i32
    }
    /// The baseline of the host CPUs in `xml_cpus` (XML the caller owns).
    162 CONNECT_BASELINE_CPU ConnectBaselineCpu ro low "virConnectBaselineCPU" {
        custom { xml_cpus: Array<String, REMOTE_CPU_BASELINE_MAX>, flags: u32 } -> { cpu: String }
            fn connect_baseline_cpu(xml_cpus: &[String], flags: u32) -> String
    }
    203 CONNECT_GET_SYSINFO ConnectGetSysinfo ro low "virConnectGetSysinfo" {
        fn connect_get_sysinfo(flags: u32) -> sysinfo: String
    }
    227 NODE_GET_CPU_STATS NodeGetCpuStats ro high "virNodeGetCPUStats" {
        custom { cpu_num: i32, nparams: i32, flags: u32 } -> { params: Array<NodeStat, REMOTE_NODE_CPU_STATS_MAX>, nparams: i32 }
            fn node_get_cpu_stats(cpu: i32, flags: u32) -> NamedStats
    }
    228 NODE_GET_MEMORY_STATS NodeGetMemoryStats ro high "virNodeGetMemoryStats" {
        custom { nparams: i32, cell_num: i32, flags: u32 } -> { params: Array<NodeStat, REMOTE_NODE_MEMORY_STATS_MAX>, nparams: i32 }
            fn node_get_memory_stats(cell: i32, flags: u32) -> NamedStats
    }
    250 NODE_SUSPEND_FOR_DURATION NodeSuspendForDuration rw low "virNodeSuspendForDuration" {
        fn node_suspend_for_duration(target: u32, duration: u64, flags: u32) -> ()
    }
    288 NODE_SET_MEMORY_PARAMETERS NodeSetMemoryParameters rw low "virNodeSetMemoryParameters" {
        fn node_set_memory_parameters(params: Array<TypedParam, REMOTE_NODE_MEMORY_PARAMETERS_MAX>, flags: u32) -> ()
    }
    /// With `nparams` 0, how many parameters there are (in `nparams`); else at most
    /// `nparams` of them.
    289 NODE_GET_MEMORY_PARAMETERS NodeGetMemoryParameters ro low "virNodeGetMemoryParameters" {
        fn node_get_memory_parameters(nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_NODE_MEMORY_PARAMETERS_MAX>, nparams: i32 }
    }
    293 NODE_GET_CPU_MAP NodeGetCpuMap ro high "virNodeGetCPUMap" {
        custom { need_map: i32, need_online: i32, flags: u32 } -> { cpumap: Opaque<REMOTE_CPUMAP_MAX>, online: u32, ret: i32 }
            fn node_get_cpu_map(flags: u32) -> (u32, Bitmap)
    }
    /// The CPU models libvirt knows for `arch` (an architecture name such as `x86_64`);
    /// None when the architecture's CPU driver has no list (libvirt then hands C no
    /// array, where its remote client hands an empty one).
    312 CONNECT_GET_CPU_MODEL_NAMES ConnectGetCpuModelNames ro low "virConnectGetCPUModelNames" {
        custom { arch: String, need_results: i32, flags: u32 } -> { models: Array<String, REMOTE_CONNECT_CPU_MODELS_MAX>, ret: i32 }
            fn connect_get_cpu_model_names(arch: &str, flags: u32) -> Option<Vec<String>>
    }
    /// Free pages of each size in `pages` (KiB) for `cell_count` cells from `start_cell`:
    /// cell-major, `pages.len() * cell_count` counts, with what the driver returns
    /// (libvirt's test driver fills them and returns 0; libvirtd then fails the call).
    340 NODE_GET_FREE_PAGES NodeGetFreePages ro low "virNodeGetFreePages" {
        custom { pages: Array<u32, REMOTE_NODE_MAX_CELLS>, start_cell: i32, cell_count: u32, flags: u32 }
            -> { counts: Array<u64, REMOTE_NODE_MAX_CELLS> }
            fn node_get_free_pages(pages: &[u32], start_cell: i32, cell_count: u32, flags: u32) -> (i32, Vec<u64>)
    }
    347 NODE_ALLOC_PAGES NodeAllocPages rw low "virNodeAllocPages" {
        fn node_alloc_pages(
            page_sizes: Array<u32, REMOTE_NODE_MAX_CELLS>,
            page_counts: Array<u64, REMOTE_NODE_MAX_CELLS>,
            start_cell: i32,
            cell_count: u32,
            flags: u32,
        ) -> ret: i32
    }
    360 CONNECT_REGISTER_CLOSE_CALLBACK ConnectRegisterCloseCallback ro high "virConnectRegisterCloseCallback" {
        daemon () => ()
    }
    361 CONNECT_UNREGISTER_CLOSE_CALLBACK ConnectUnregisterCloseCallback ro high "virConnectUnregisterCloseCallback" {
        daemon () => ()
    }
    362 CONNECT_EVENT_CONNECTION_CLOSED ConnectEventConnectionClosed msg low "" {
        daemon ConnectEventConnectionClosedMsg => ()
    }
    393 CONNECT_COMPARE_HYPERVISOR_CPU ConnectCompareHypervisorCpu rw low "virConnectCompareHypervisorCPU" {
        fn connect_compare_hypervisor_cpu(
            emulator: Option<String>,
            arch: Option<String>,
            machine: Option<String>,
            virttype: Option<String>,
            xml_cpu: String,
            flags: u32,
        ) -> result: i32
    }
    394 CONNECT_BASELINE_HYPERVISOR_CPU ConnectBaselineHypervisorCpu rw low "virConnectBaselineHypervisorCPU" {
        custom {
            emulator: Option<String>,
            arch: Option<String>,
            machine: Option<String>,
            virttype: Option<String>,
            xml_cpus: Array<String, REMOTE_CPU_BASELINE_MAX>,
            flags: u32
        } -> { cpu: String }
            fn connect_baseline_hypervisor_cpu(
                emulator: Option<&str>,
                arch: Option<&str>,
                machine: Option<&str>,
                virttype: Option<&str>,
                xml_cpus: &[String],
                flags: u32,
            ) -> String
    }
    395 NODE_GET_SEV_INFO NodeGetSevInfo rw low "virNodeGetSEVInfo" {
        fn node_get_sev_info(nparams: i32, flags: u32) -> { params: Array<TypedParam, REMOTE_NODE_SEV_INFO_MAX>, nparams: i32 }
    }
    /// Tells the daemon who the client acts for. libvirtd answers it itself (qemud too,
    /// before the table): a driver slot only for the remote client and local drivers.
    419 CONNECT_SET_IDENTITY ConnectSetIdentity ro low "virConnectSetIdentity" {
        fn connect_set_identity(params: Array<TypedParam, REMOTE_CONNECT_IDENTITY_PARAMS_MAX>, flags: u32) -> ()
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use crate::conf::bitmap::Bitmap;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::NamedStats;
    use crate::error::{Code, Domain, Error, Result};
    use crate::rpc::protocol::REMOTE_NODE_MAX_CELLS;
    use crate::rpc::xdr::Array;

    pub fn node_get_cells_free_memory(c: &RemoteConnection, start: i32, max: i32) -> Result<Vec<u64>> {
        Ok(c.call::<NodeGetCellsFreeMemory>(&NodeGetCellsFreeMemoryArgs { start_cell: start, maxcells: max })?.cells.0)
    }

    /// Secure when the transport is (a local socket) and the daemon says its side is.
    pub fn connect_is_secure(c: &RemoteConnection) -> Result<bool> {
        Ok(c.secure && c.call::<ConnectIsSecure>(&ConnectIsSecureArgs {})?.secure.0)
    }

    /// Asks how many there are, then for all of them, as libvirt's clients do.
    pub fn node_get_cpu_stats(c: &RemoteConnection, cpu: i32, flags: u32) -> Result<NamedStats> {
        let args = |nparams| NodeGetCpuStatsArgs { cpu_num: cpu, nparams, flags };
        let n = c.call::<NodeGetCpuStats>(&args(0))?.nparams;
        let r = c.call::<NodeGetCpuStats>(&args(n))?;
        Ok(r.params.0.into_iter().map(|p| (p.field, p.value)).collect())
    }

    pub fn node_get_memory_stats(c: &RemoteConnection, cell: i32, flags: u32) -> Result<NamedStats> {
        let args = |nparams| NodeGetMemoryStatsArgs { nparams, cell_num: cell, flags };
        let n = c.call::<NodeGetMemoryStats>(&args(0))?.nparams;
        let r = c.call::<NodeGetMemoryStats>(&args(n))?;
        Ok(r.params.0.into_iter().map(|p| (p.field, p.value)).collect())
    }

    /// libvirt's client asks for the names whether or not its caller wants them.
    pub fn connect_get_cpu_model_names(c: &RemoteConnection, arch: &str, flags: u32) -> Result<Option<Vec<String>>> {
        let args = ConnectGetCpuModelNamesArgs { arch: arch.to_string(), need_results: 1, flags };
        Ok(Some(c.call::<ConnectGetCpuModelNames>(&args)?.models.0))
    }

    /// Refuses, before sending, a request whose answer could not come back.
    pub fn node_get_free_pages(
        c: &RemoteConnection,
        pages: &[u32],
        start_cell: i32,
        cell_count: u32,
        flags: u32,
    ) -> Result<(i32, Vec<u64>)> {
        let total = pages.len() as u64 * cell_count as u64;
        if total > REMOTE_NODE_MAX_CELLS as u64 {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_RPC,
                format!("too many NUMA cells: {} > {REMOTE_NODE_MAX_CELLS}", total as i32),
            ));
        }
        let args = NodeGetFreePagesArgs { pages: Array(pages.to_vec()), start_cell, cell_count, flags };
        let counts = c.call::<NodeGetFreePages>(&args)?.counts.0;
        Ok((counts.len() as i32, counts))
    }

    pub fn connect_baseline_cpu(c: &RemoteConnection, xml_cpus: &[String], flags: u32) -> Result<String> {
        let args = ConnectBaselineCpuArgs { xml_cpus: Array(xml_cpus.to_vec()), flags };
        Ok(c.call::<ConnectBaselineCpu>(&args)?.cpu)
    }

    pub fn connect_baseline_hypervisor_cpu(
        c: &RemoteConnection,
        emulator: Option<&str>,
        arch: Option<&str>,
        machine: Option<&str>,
        virttype: Option<&str>,
        xml_cpus: &[String],
        flags: u32,
    ) -> Result<String> {
        let own = |s: Option<&str>| s.map(str::to_string);
        let args = ConnectBaselineHypervisorCpuArgs {
            emulator: own(emulator),
            arch: own(arch),
            machine: own(machine),
            virttype: own(virttype),
            xml_cpus: Array(xml_cpus.to_vec()),
            flags,
        };
        Ok(c.call::<ConnectBaselineHypervisorCpu>(&args)?.cpu)
    }

    pub fn node_get_cpu_map(c: &RemoteConnection, flags: u32) -> Result<(u32, Bitmap)> {
        let r = c.call::<NodeGetCpuMap>(&NodeGetCpuMapArgs { need_map: 1, need_online: 1, flags })?;
        let present = u32::try_from(r.ret).unwrap_or(0);
        Ok((present, Bitmap::from_bytes(&r.cpumap.0, present)))
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): limits libvirtd
/// checks before calling its driver, and answers shaped by the caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::Host;
    use super::REMOTE_CONNECT_CPU_MODELS_MAX;
    use crate::driver::NamedStats;
    use crate::error::{Code, Domain, Error, Result};
    use crate::rpc::declare::{check_max, over_limit};
    use crate::rpc::protocol::{NodeStat, REMOTE_NODE_MAX_CELLS};
    use crate::rpc::wire::{bounded, IntBool};
    use crate::rpc::xdr::{Array, Opaque};

    pub fn node_get_cells_free_memory(
        d: &dyn Host,
        a: NodeGetCellsFreeMemoryArgs,
        _: bool,
    ) -> Result<NodeGetCellsFreeMemoryRet> {
        check_max(a.maxcells, "maxcells", REMOTE_NODE_MAX_CELLS, "REMOTE_NODE_MAX_CELLS")?;
        Ok(NodeGetCellsFreeMemoryRet { cells: bounded(d.node_get_cells_free_memory(a.start_cell, a.maxcells)?)? })
    }

    pub fn connect_is_secure(d: &dyn Host, _: ConnectIsSecureArgs, _: bool) -> Result<ConnectIsSecureRet> {
        Ok(ConnectIsSecureRet { secure: IntBool(d.connect_is_secure()?) })
    }

    /// libvirtd's answer to a node statistics call: with `nparams` 0 only how many there
    /// are, else the statistics themselves (as many as the driver has, at most `nparams`).
    fn node_stats<const MAX: usize>(
        nparams: i32,
        get: impl FnOnce() -> Result<NamedStats>,
    ) -> Result<(Array<NodeStat, MAX>, i32)> {
        if nparams < 0 || nparams as usize > MAX {
            return Err(over_limit("nparams too large"));
        }
        let stats = get()?;
        let count = stats.len() as i32;
        if nparams == 0 {
            return Ok((Array(Vec::new()), count));
        }
        let params: Vec<NodeStat> =
            stats.into_iter().take(nparams as usize).map(|(field, value)| NodeStat { field, value }).collect();
        let n = params.len() as i32;
        Ok((Array(params), n))
    }

    pub fn node_get_cpu_stats(d: &dyn Host, a: NodeGetCpuStatsArgs, _: bool) -> Result<NodeGetCpuStatsRet> {
        let (params, nparams) = node_stats(a.nparams, || d.node_get_cpu_stats(a.cpu_num, a.flags))?;
        Ok(NodeGetCpuStatsRet { params, nparams })
    }

    pub fn node_get_memory_stats(d: &dyn Host, a: NodeGetMemoryStatsArgs, _: bool) -> Result<NodeGetMemoryStatsRet> {
        let (params, nparams) = node_stats(a.nparams, || d.node_get_memory_stats(a.cell_num, a.flags))?;
        Ok(NodeGetMemoryStatsRet { params, nparams })
    }

    /// libvirtd hands an empty CPU list to the public API as a NULL array, which the API
    /// refuses before any driver sees it.
    fn no_cpus(list: &[String], api: &str) -> Result<()> {
        if !list.is_empty() {
            return Ok(());
        }
        let mut e = Error::raw(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INVALID_ARG, format!("xmlCPUs in {api} must not be NULL"));
        (e.str1, e.str2, e.int1, e.int2) = (Some(api.into()), Some("xmlCPUs".into()), 0, 0);
        Err(e)
    }

    pub fn connect_baseline_cpu(d: &dyn Host, a: ConnectBaselineCpuArgs, _: bool) -> Result<ConnectBaselineCpuRet> {
        no_cpus(&a.xml_cpus.0, "virConnectBaselineCPU")?;
        Ok(ConnectBaselineCpuRet { cpu: d.connect_baseline_cpu(&a.xml_cpus.0, a.flags)? })
    }

    pub fn connect_baseline_hypervisor_cpu(
        d: &dyn Host,
        a: ConnectBaselineHypervisorCpuArgs,
        _: bool,
    ) -> Result<ConnectBaselineHypervisorCpuRet> {
        no_cpus(&a.xml_cpus.0, "virConnectBaselineHypervisorCPU")?;
        let cpu = d.connect_baseline_hypervisor_cpu(
            a.emulator.as_deref(),
            a.arch.as_deref(),
            a.machine.as_deref(),
            a.virttype.as_deref(),
            &a.xml_cpus.0,
            a.flags,
        )?;
        Ok(ConnectBaselineHypervisorCpuRet { cpu })
    }

    pub fn connect_get_cpu_model_names(
        d: &dyn Host,
        a: ConnectGetCpuModelNamesArgs,
        _: bool,
    ) -> Result<ConnectGetCpuModelNamesRet> {
        let models = d.connect_get_cpu_model_names(&a.arch, a.flags)?.unwrap_or_default();
        if models.len() > REMOTE_CONNECT_CPU_MODELS_MAX {
            return Err(over_limit(&format!(
                "Too many CPU models '{}' for limit '{REMOTE_CONNECT_CPU_MODELS_MAX}'",
                models.len()
            )));
        }
        let ret = models.len() as i32;
        Ok(ConnectGetCpuModelNamesRet { models: Array(if a.need_results != 0 { models } else { Vec::new() }), ret })
    }

    /// As libvirtd: a driver answer of 0 counts (what libvirt's test driver returns) is a
    /// failure without an error, which the daemon reports as such.
    pub fn node_get_free_pages(d: &dyn Host, a: NodeGetFreePagesArgs, _: bool) -> Result<NodeGetFreePagesRet> {
        if a.pages.0.len() as u64 * a.cell_count as u64 > REMOTE_NODE_MAX_CELLS as u64 {
            return Err(Error::new(
                Domain::VIR_FROM_RPC,
                Code::VIR_ERR_RPC,
                "the result won't fit into REMOTE_NODE_MAX_CELLS",
            ));
        }
        let (filled, mut counts) = d.node_get_free_pages(&a.pages.0, a.start_cell, a.cell_count, a.flags)?;
        if filled <= 0 {
            return Err(Error::raw(
                Domain::VIR_FROM_RPC,
                Code::VIR_ERR_INTERNAL_ERROR,
                "Library function returned error but did not set virError",
            ));
        }
        counts.truncate(filled as usize);
        Ok(NodeGetFreePagesRet { counts: Array(counts) })
    }

    pub fn node_get_cpu_map(d: &dyn Host, a: NodeGetCpuMapArgs, _: bool) -> Result<NodeGetCpuMapRet> {
        let (present, online) = d.node_get_cpu_map(a.flags)?;
        Ok(NodeGetCpuMapRet {
            cpumap: Opaque(if a.need_map != 0 { online.to_bytes(present) } else { Vec::new() }),
            online: if a.need_online != 0 { online.0.len() as u32 } else { 0 },
            ret: present as i32,
        })
    }
}
