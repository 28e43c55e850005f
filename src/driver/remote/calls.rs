//! The remote driver's calls: each `Hypervisor` method is one RPC procedure, with the
//! wire/driver conversions shared with the daemon (`rpc::convert`).

use super::RemoteConnection;
use std::sync::Arc;

use crate::driver::{
    DomainEventSink, DomainId, DomainInfo, DomainStats, Hypervisor, JobInfo, NamedStats, NodeInfo, OpenFlags, VcpuInfo,
};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::protocol::*;

const AUTH_NONE: i32 = 0;
/// `VIR_DRV_FEATURE_PROGRAM_KEEPALIVE`: the daemon answers keepalive PINGs.
const FEATURE_PROGRAM_KEEPALIVE: i32 = 10;

impl RemoteConnection {
    /// One call of procedure `P`.
    fn call<P: Procedure>(&self, args: &P::Args) -> Result<P::Ret> {
        self.client.call(P::NUM, args)
    }

    /// libvirt's open sequence: which authentication the daemon wants, then open.
    pub(super) fn handshake(&self, name: &str, flags: OpenFlags) -> Result<()> {
        let auth = self.call::<AuthList>(&())?;
        if !auth.types.0.is_empty() && !auth.types.0.contains(&AUTH_NONE) {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_AUTH_UNAVAILABLE,
                format!("the server requires authentication types {:?}, which this client does not support yet", auth.types.0),
            ));
        }
        self.call::<ConnectOpen>(&ConnectOpenArgs { name: Some(name.to_string()), flags: flags.read_only as u32 })
    }

    fn supports(&self, feature: i32) -> Result<bool> {
        Ok(self.call::<ConnectSupportsFeature>(&ConnectSupportsFeatureArgs { feature })?.supported != 0)
    }

    /// Routes the daemon's domain event MESSAGEs to the sink of their callback id.
    fn route_events(&self) {
        let events = Arc::downgrade(&self.events);
        self.client.set_event_sink(Box::new(move |_prog, proc_, payload| {
            let Some(Ok((callback_id, event))) = crate::rpc::convert::event_from_message(proc_, payload) else { return };
            let Some(events) = events.upgrade() else { return };
            let sink = events.lock().get(&callback_id).map(|(_, sink)| sink.clone());
            if let Some(sink) = sink {
                sink(event);
            }
        }));
    }
}

impl Hypervisor for RemoteConnection {
    fn unknown_event_callback(&self, id: i32) -> String {
        format!("event callback id {id} not registered")
    }

    /// One registration with the daemon per event id (all domains); a second start for
    /// the same id only swaps the sink.
    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
        {
            let mut events = self.events.lock();
            if let Some(entry) = events.values_mut().find(|(id, _)| *id == event_id) {
                entry.1 = sink;
                return Ok(());
            }
        }
        if self.events.lock().is_empty() {
            self.route_events();
            self.client.start_event_reading()?;
        }
        let args = ConnectDomainEventCallbackRegisterAnyArgs { event_id, dom: None };
        let registered = self.call::<ConnectDomainEventCallbackRegisterAny>(&args);
        let mut events = self.events.lock();
        match registered {
            Ok(ret) => {
                events.insert(ret.callback_id, (event_id, sink));
                Ok(())
            }
            Err(e) => {
                if events.is_empty() {
                    self.client.stop_event_reading();
                }
                Err(e)
            }
        }
    }

    fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
        let found = self.events.lock().iter().find(|(_, (id, _))| *id == event_id).map(|(cb, _)| *cb);
        let Some(callback_id) = found else { return Ok(()) };
        let r = self.call::<ConnectDomainEventCallbackDeregisterAny>(&ConnectDomainEventCallbackDeregisterAnyArgs {
            callback_id,
        });
        let mut events = self.events.lock();
        events.remove(&callback_id);
        if events.is_empty() {
            self.client.stop_event_reading();
        }
        r
    }

    fn connect_close(&self) -> Result<()> {
        let r = self.call::<ConnectClose>(&());
        self.client.close();
        r
    }

    fn connect_get_type(&self) -> Result<String> {
        Ok(self.call::<ConnectGetType>(&())?.type_)
    }

    fn connect_get_version(&self) -> Result<u64> {
        Ok(self.call::<ConnectGetVersion>(&())?.hv_ver)
    }

    fn connect_get_hostname(&self) -> Result<String> {
        Ok(self.call::<ConnectGetHostname>(&())?.hostname)
    }

    fn connect_get_capabilities(&self) -> Result<String> {
        Ok(self.call::<ConnectGetCapabilities>(&())?.capabilities)
    }

    fn connect_get_max_vcpus(&self, kind: Option<&str>) -> Result<i32> {
        Ok(self.call::<ConnectGetMaxVcpus>(&ConnectGetMaxVcpusArgs { type_: kind.map(str::to_string) })?.max_vcpus)
    }

    /// Secure when the transport is (a local socket) and the daemon says its side is.
    fn connect_is_secure(&self) -> Result<bool> {
        Ok(self.secure && self.call::<ConnectIsSecure>(&())?.secure != 0)
    }

    /// None of the transports available yet encrypts.
    fn connect_is_encrypted(&self) -> Result<bool> {
        Ok(false)
    }

    fn connect_is_alive(&self) -> Result<bool> {
        Ok(self.client.is_alive())
    }

    fn connect_set_keep_alive(&self, interval: i32, count: u32) -> Result<i32> {
        if !self.supports(FEATURE_PROGRAM_KEEPALIVE)? {
            return Ok(1);
        }
        self.client.set_keepalive(interval.max(0) as u32, count)?;
        Ok(0)
    }

    fn node_get_info(&self) -> Result<NodeInfo> {
        Ok(self.call::<NodeGetInfo>(&())?.into())
    }

    /// Asks how many there are, then for all of them, as libvirt's clients do.
    fn node_get_cpu_stats(&self, cpu: i32, flags: u32) -> Result<NamedStats> {
        let args = |nparams| NodeGetCpuStatsArgs { cpu_num: cpu, nparams, flags };
        let n = self.call::<NodeGetCpuStats>(&args(0))?.nparams;
        let r = self.call::<NodeGetCpuStats>(&args(n))?;
        Ok(r.params.0.into_iter().map(|p| (p.field, p.value)).collect())
    }

    fn node_get_memory_stats(&self, cell: i32, flags: u32) -> Result<NamedStats> {
        let args = |nparams| NodeGetMemoryStatsArgs { nparams, cell_num: cell, flags };
        let n = self.call::<NodeGetMemoryStats>(&args(0))?.nparams;
        let r = self.call::<NodeGetMemoryStats>(&args(n))?;
        Ok(r.params.0.into_iter().map(|p| (p.field, p.value)).collect())
    }

    fn node_get_cpu_map(&self, flags: u32) -> Result<(u32, crate::conf::bitmap::Bitmap)> {
        let r = self.call::<NodeGetCpuMap>(&NodeGetCpuMapArgs { need_map: 1, need_online: 1, flags })?;
        let present = u32::try_from(r.ret).unwrap_or(0);
        Ok((present, crate::conf::bitmap::Bitmap::from_bytes(&r.cpumap.0, present)))
    }

    fn node_get_security_model(&self) -> Result<(String, String)> {
        let r = self.call::<NodeGetSecurityModel>(&())?;
        Ok((r.model.to_c_string(), r.doi.to_c_string()))
    }

    fn domain_get_security_label(&self, dom: &DomainId) -> Result<(String, bool)> {
        let r = self.call::<DomainGetSecurityLabel>(&DomainGetSecurityLabelArgs { dom: dom.into() })?;
        Ok((r.label.to_c_string(), r.enforcing != 0))
    }

    fn node_get_free_memory(&self) -> Result<u64> {
        Ok(self.call::<NodeGetFreeMemory>(&())?.free_mem)
    }

    fn node_get_cells_free_memory(&self, start: i32, max: i32) -> Result<Vec<u64>> {
        let args = NodeGetCellsFreeMemoryArgs { start_cell: start, maxcells: max };
        Ok(self.call::<NodeGetCellsFreeMemory>(&args)?.cells.0)
    }

    /// One call, asking for as many as the protocol carries (the daemon answers with
    /// the ones it has).
    fn connect_list_domains(&self) -> Result<Vec<i32>> {
        let args = ConnectListDomainsArgs { maxids: REMOTE_DOMAIN_LIST_MAX as i32 };
        Ok(self.call::<ConnectListDomains>(&args)?.ids.0)
    }

    fn connect_num_of_domains(&self) -> Result<i32> {
        Ok(self.call::<ConnectNumOfDomains>(&())?.num)
    }

    fn connect_list_defined_domains(&self) -> Result<Vec<String>> {
        let args = ConnectListDefinedDomainsArgs { maxnames: REMOTE_DOMAIN_LIST_MAX as i32 };
        Ok(self.call::<ConnectListDefinedDomains>(&args)?.names.0)
    }

    fn connect_num_of_defined_domains(&self) -> Result<i32> {
        Ok(self.call::<ConnectNumOfDefinedDomains>(&())?.num)
    }

    fn connect_list_all_domains(&self, flags: u32) -> Result<Vec<DomainId>> {
        let args = ConnectListAllDomainsArgs { need_results: 1, flags };
        Ok(self.call::<ConnectListAllDomains>(&args)?.into_domains())
    }

    fn domain_lookup_by_id(&self, id: i32) -> Result<DomainId> {
        Ok(self.call::<DomainLookupById>(&DomainLookupByIdArgs { id })?.dom.into())
    }

    fn domain_lookup_by_name(&self, name: &str) -> Result<DomainId> {
        Ok(self.call::<DomainLookupByName>(&DomainLookupByNameArgs { name: name.to_string() })?.dom.into())
    }

    fn domain_lookup_by_uuid(&self, uuid: &[u8; 16]) -> Result<DomainId> {
        Ok(self.call::<DomainLookupByUuid>(&DomainLookupByUuidArgs { uuid: *uuid })?.dom.into())
    }

    fn domain_create_xml(&self, xml: &str, flags: u32) -> Result<DomainId> {
        let args = DomainCreateXmlArgs { xml_desc: xml.to_string(), flags };
        Ok(self.call::<DomainCreateXml>(&args)?.dom.into())
    }

    fn domain_define_xml_flags(&self, xml: &str, flags: u32) -> Result<DomainId> {
        let args = DomainDefineXmlFlagsArgs { xml: xml.to_string(), flags };
        Ok(self.call::<DomainDefineXmlFlags>(&args)?.dom.into())
    }

    fn domain_undefine_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainUndefineFlags>(&DomainUndefineFlagsArgs { dom: dom.into(), flags })
    }

    fn domain_create_with_flags(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        let args = DomainCreateWithFlagsArgs { dom: dom.into(), flags };
        Ok(self.call::<DomainCreateWithFlags>(&args)?.dom.id)
    }

    fn domain_destroy_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainDestroyFlags>(&DomainDestroyFlagsArgs { dom: dom.into(), flags })
    }

    fn domain_shutdown_flags(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainShutdownFlags>(&DomainShutdownFlagsArgs { dom: dom.into(), flags })
    }

    fn domain_reboot(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainReboot>(&DomainRebootArgs { dom: dom.into(), flags })
    }

    fn domain_reset(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainReset>(&DomainResetArgs { dom: dom.into(), flags })
    }

    fn domain_suspend(&self, dom: &DomainId) -> Result<()> {
        self.call::<DomainSuspend>(&DomainSuspendArgs { dom: dom.into() })
    }

    fn domain_resume(&self, dom: &DomainId) -> Result<()> {
        self.call::<DomainResume>(&DomainResumeArgs { dom: dom.into() })
    }

    fn domain_save_flags(&self, dom: &DomainId, to: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        let args = DomainSaveFlagsArgs { dom: dom.into(), to: to.to_string(), dxml: dxml.map(str::to_string), flags };
        self.call::<DomainSaveFlags>(&args)
    }

    fn domain_restore_flags(&self, from: &str, dxml: Option<&str>, flags: u32) -> Result<()> {
        let args = DomainRestoreFlagsArgs { from: from.to_string(), dxml: dxml.map(str::to_string), flags };
        self.call::<DomainRestoreFlags>(&args)
    }

    fn domain_managed_save(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainManagedSave>(&DomainManagedSaveArgs { dom: dom.into(), flags })
    }

    fn domain_has_managed_save_image(&self, dom: &DomainId, flags: u32) -> Result<bool> {
        let args = DomainHasManagedSaveImageArgs { dom: dom.into(), flags };
        Ok(self.call::<DomainHasManagedSaveImage>(&args)?.result != 0)
    }

    fn domain_managed_save_remove(&self, dom: &DomainId, flags: u32) -> Result<()> {
        self.call::<DomainManagedSaveRemove>(&DomainManagedSaveRemoveArgs { dom: dom.into(), flags })
    }

    fn domain_get_info(&self, dom: &DomainId) -> Result<DomainInfo> {
        Ok(self.call::<DomainGetInfo>(&DomainGetInfoArgs { dom: dom.into() })?.into())
    }

    fn domain_get_state(&self, dom: &DomainId, flags: u32) -> Result<(i32, i32)> {
        Ok(self.call::<DomainGetState>(&DomainGetStateArgs { dom: dom.into(), flags })?.into())
    }

    fn domain_get_xml_desc(&self, dom: &DomainId, flags: u32) -> Result<String> {
        Ok(self.call::<DomainGetXmlDesc>(&DomainGetXmlDescArgs { dom: dom.into(), flags })?.xml)
    }

    fn domain_get_os_type(&self, dom: &DomainId) -> Result<String> {
        Ok(self.call::<DomainGetOsType>(&DomainGetOsTypeArgs { dom: dom.into() })?.type_)
    }

    fn domain_get_max_memory(&self, dom: &DomainId) -> Result<u64> {
        Ok(self.call::<DomainGetMaxMemory>(&DomainGetMaxMemoryArgs { dom: dom.into() })?.memory)
    }

    fn domain_set_max_memory(&self, dom: &DomainId, kib: u64) -> Result<()> {
        self.call::<DomainSetMaxMemory>(&DomainSetMaxMemoryArgs { dom: dom.into(), memory: kib })
    }

    fn domain_set_memory_flags(&self, dom: &DomainId, kib: u64, flags: u32) -> Result<()> {
        self.call::<DomainSetMemoryFlags>(&DomainSetMemoryFlagsArgs { dom: dom.into(), memory: kib, flags })
    }

    fn domain_get_max_vcpus(&self, dom: &DomainId) -> Result<i32> {
        Ok(self.call::<DomainGetMaxVcpus>(&DomainGetMaxVcpusArgs { dom: dom.into() })?.num)
    }

    fn domain_memory_stats(&self, dom: &DomainId, nr_stats: u32, flags: u32) -> Result<Vec<(i32, u64)>> {
        let r = self.call::<DomainMemoryStats>(&DomainMemoryStatsArgs { dom: dom.into(), max_stats: nr_stats, flags })?;
        Ok(r.stats.0.into_iter().take(nr_stats as usize).map(|s| (s.tag, s.val)).collect())
    }

    fn connect_get_all_domain_stats(&self, doms: &[DomainId], stats: u32, flags: u32) -> Result<Vec<DomainStats>> {
        let doms = crate::rpc::xdr::Array(doms.iter().map(NonnullDomain::from).collect());
        Ok(self.call::<ConnectGetAllDomainStats>(&ConnectGetAllDomainStatsArgs { doms, stats, flags })?.into_records())
    }

    fn domain_interface_stats(&self, dom: &DomainId, device: &str) -> Result<[i64; 8]> {
        let args = DomainInterfaceStatsArgs { dom: dom.into(), device: device.to_string() };
        Ok(self.call::<DomainInterfaceStats>(&args)?.into())
    }

    fn domain_get_job_info(&self, dom: &DomainId) -> Result<JobInfo> {
        Ok(self.call::<DomainGetJobInfo>(&DomainGetJobInfoArgs { dom: dom.into() })?.into())
    }

    fn domain_get_vcpus(&self, dom: &DomainId, maxinfo: i32, maplen: i32) -> Result<(Vec<VcpuInfo>, Vec<u8>)> {
        let ret = self.call::<DomainGetVcpus>(&DomainGetVcpusArgs { dom: dom.into(), maxinfo, maplen })?;
        let max_maps = i64::from(maxinfo.max(0)) * i64::from(maplen.max(0));
        if ret.info.0.len() > maxinfo.max(0) as usize || ret.cpumaps.0.len() as i64 > max_maps {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "host reply too large"));
        }
        Ok((ret.info.0.into_iter().map(VcpuInfo::from).collect(), ret.cpumaps.0))
    }

    fn domain_get_vcpus_flags(&self, dom: &DomainId, flags: u32) -> Result<i32> {
        Ok(self.call::<DomainGetVcpusFlags>(&DomainGetVcpusFlagsArgs { dom: dom.into(), flags })?.num)
    }

    fn domain_set_vcpus_flags(&self, dom: &DomainId, n: u32, flags: u32) -> Result<()> {
        self.call::<DomainSetVcpusFlags>(&DomainSetVcpusFlagsArgs { dom: dom.into(), nvcpus: n, flags })
    }

    fn domain_get_autostart(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.call::<DomainGetAutostart>(&DomainGetAutostartArgs { dom: dom.into() })?.autostart != 0)
    }

    fn domain_set_autostart(&self, dom: &DomainId, on: bool) -> Result<()> {
        self.call::<DomainSetAutostart>(&DomainSetAutostartArgs { dom: dom.into(), autostart: on as i32 })
    }

    fn domain_is_active(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.call::<DomainIsActive>(&DomainIsActiveArgs { dom: dom.into() })?.active != 0)
    }

    fn domain_is_persistent(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.call::<DomainIsPersistent>(&DomainIsPersistentArgs { dom: dom.into() })?.persistent != 0)
    }

    fn domain_is_updated(&self, dom: &DomainId) -> Result<bool> {
        Ok(self.call::<DomainIsUpdated>(&DomainIsUpdatedArgs { dom: dom.into() })?.updated != 0)
    }
}
