//! libvirt-domain.h: defining, starting, driving and inspecting domains, and their events.
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

/// `REMOTE_DOMAIN_GET_CPU_STATS_MAX`
pub const REMOTE_DOMAIN_GET_CPU_STATS_MAX: usize = 2048;
/// `REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX`
pub const REMOTE_DOMAIN_GET_CPU_STATS_NCPUS_MAX: usize = 128;
/// `REMOTE_SECURITY_LABEL_LIST_MAX`
pub const REMOTE_SECURITY_LABEL_LIST_MAX: usize = 64;
/// `REMOTE_DOMAIN_MESSAGES_MAX`
pub const REMOTE_DOMAIN_MESSAGES_MAX: usize = 2048;
/// `REMOTE_DOMAIN_SAVE_PARAMS_MAX` (also the restore limit)
pub const REMOTE_DOMAIN_SAVE_PARAMS_MAX: usize = 64;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Domains;

    9 DOMAIN_CREATE DomainCreate rw low "virDomainCreate" {
        alias { dom: DomainId } -> () with |d, a| d.domain_create_with_flags(&a.dom, 0).map(drop)
    }
    10 DOMAIN_CREATE_XML DomainCreateXml rw low "virDomainCreateXML" {
        fn domain_create_xml(xml_desc: String, flags: u32) -> dom: DomainId
    }
    11 DOMAIN_DEFINE_XML DomainDefineXml rw high "virDomainDefineXML" {
        alias { xml: String } -> dom: DomainId => with |d, a| d.domain_define_xml_flags(&a.xml, 0)
    }
    12 DOMAIN_DESTROY DomainDestroy rw high "virDomainDestroy" {
        alias { dom: DomainId } -> () with |d, a| d.domain_destroy_flags(&a.dom, 0)
    }
    14 DOMAIN_GET_XML_DESC DomainGetXmlDesc ro low "virDomainGetXMLDesc" {
        custom { dom: DomainId, flags: u32 } -> { xml: String }
            fn domain_get_xml_desc(dom: &DomainId, flags: u32) -> String
    }
    15 DOMAIN_GET_AUTOSTART DomainGetAutostart ro high "virDomainGetAutostart" {
        fn domain_get_autostart(dom: DomainId) -> autostart: IntBool
    }
    16 DOMAIN_GET_INFO DomainGetInfo ro low "virDomainGetInfo" {
        fn domain_get_info(dom: DomainId) -> DomainInfo as {
            state: u8, max_mem: u64, memory: u64, nr_virt_cpu: u16, cpu_time: u64
        }
    }
    17 DOMAIN_GET_MAX_MEMORY DomainGetMaxMemory ro high "virDomainGetMaxMemory" {
        fn domain_get_max_memory(dom: DomainId) -> memory: u64
    }
    18 DOMAIN_GET_MAX_VCPUS DomainGetMaxVcpus ro high "virDomainGetMaxVcpus" {
        fn domain_get_max_vcpus(dom: DomainId) -> num: i32
    }
    19 DOMAIN_GET_OS_TYPE DomainGetOsType ro high "virDomainGetOSType" {
        fn domain_get_os_type(dom: DomainId) -> type_: String
    }
    20 DOMAIN_GET_VCPUS DomainGetVcpus ro low "virDomainGetVcpus" {
        custom { dom: DomainId, maxinfo: i32, maplen: i32 } -> { info: Array<RemoteVcpuInfo, REMOTE_VCPUINFO_MAX>, cpumaps: Opaque<REMOTE_CPUMAPS_MAX> }
            fn domain_get_vcpus(dom: &DomainId, maxinfo: i32, maplen: i32) -> (Vec<VcpuInfo>, Vec<u8>)
    }
    21 CONNECT_LIST_DEFINED_DOMAINS ConnectListDefinedDomains ro high "virConnectListDefinedDomains" {
        custom { maxnames: i32 } -> { names: Array<String, REMOTE_DOMAIN_LIST_MAX> }
            fn connect_list_defined_domains() -> Vec<String>
    }
    22 DOMAIN_LOOKUP_BY_ID DomainLookupById ro high "virDomainLookupByID" {
        fn domain_lookup_by_id(id: i32) -> dom: DomainId
    }
    23 DOMAIN_LOOKUP_BY_NAME DomainLookupByName ro high "virDomainLookupByName" {
        fn domain_lookup_by_name(name: String) -> dom: DomainId
    }
    24 DOMAIN_LOOKUP_BY_UUID DomainLookupByUuid ro high "virDomainLookupByUUID" {
        fn domain_lookup_by_uuid(uuid: [u8; 16]) -> dom: DomainId
    }
    25 CONNECT_NUM_OF_DEFINED_DOMAINS ConnectNumOfDefinedDomains ro high "virConnectNumOfDefinedDomains" {
        fn connect_num_of_defined_domains() -> num: i32
    }
    27 DOMAIN_REBOOT DomainReboot rw low "virDomainReboot" {
        fn domain_reboot(dom: DomainId, flags: u32) -> ()
    }
    28 DOMAIN_RESUME DomainResume rw low "virDomainResume" {
        fn domain_resume(dom: DomainId) -> ()
    }
    29 DOMAIN_SET_AUTOSTART DomainSetAutostart rw high "virDomainSetAutostart" {
        fn domain_set_autostart(dom: DomainId, autostart: IntBool) -> ()
    }
    30 DOMAIN_SET_MAX_MEMORY DomainSetMaxMemory rw high "virDomainSetMaxMemory" {
        fn domain_set_max_memory(dom: DomainId, memory: u64) -> ()
    }
    31 DOMAIN_SET_MEMORY DomainSetMemory rw low "virDomainSetMemory" {
        alias { dom: DomainId, memory: u64 } -> () with |d, a| d.domain_set_memory_flags(&a.dom, a.memory, 0)
    }
    32 DOMAIN_SET_VCPUS DomainSetVcpus rw low "virDomainSetVcpus" {
        alias { dom: DomainId, nvcpus: u32 } -> () with |d, a| d.domain_set_vcpus_flags(&a.dom, a.nvcpus, 0)
    }
    33 DOMAIN_SHUTDOWN DomainShutdown rw low "virDomainShutdown" {
        alias { dom: DomainId } -> () with |d, a| d.domain_shutdown_flags(&a.dom, 0)
    }
    34 DOMAIN_SUSPEND DomainSuspend rw low "virDomainSuspend" {
        fn domain_suspend(dom: DomainId) -> ()
    }
    35 DOMAIN_UNDEFINE DomainUndefine rw high "virDomainUndefine" {
        alias { dom: DomainId } -> () with |d, a| d.domain_undefine_flags(&a.dom, 0)
    }
    37 CONNECT_LIST_DOMAINS ConnectListDomains ro high "virConnectListDomains" {
        custom { maxids: i32 } -> { ids: Array<i32, REMOTE_DOMAIN_LIST_MAX> }
            fn connect_list_domains() -> Vec<i32>
    }
    51 CONNECT_NUM_OF_DOMAINS ConnectNumOfDomains ro high "virConnectNumOfDomains" {
        fn connect_num_of_domains() -> num: i32
    }
    54 DOMAIN_RESTORE DomainRestore rw low "virDomainRestore" {
        alias { from: String } -> () with |d, a| d.domain_restore_flags(&a.from, None, 0)
    }
    55 DOMAIN_SAVE DomainSave rw low "virDomainSave" {
        alias { dom: DomainId, to: String } -> () with |d, a| d.domain_save_flags(&a.dom, &a.to, None, 0)
    }
    65 DOMAIN_INTERFACE_STATS DomainInterfaceStats ro low "virDomainInterfaceStats" {
        fn domain_interface_stats(dom: DomainId, device: String) -> [i64; 8] as {
            rx_bytes: i64, rx_packets: i64, rx_errs: i64, rx_drop: i64, tx_bytes: i64, tx_packets: i64, tx_errs: i64, tx_drop: i64
        }
    }
    105 CONNECT_DOMAIN_EVENT_REGISTER ConnectDomainEventRegister ro low "virConnectDomainEventRegister" {
        daemon () => ConnectDomainEventRegisterRet
    }
    106 CONNECT_DOMAIN_EVENT_DEREGISTER ConnectDomainEventDeregister ro low "virConnectDomainEventDeregister" {
        daemon () => ConnectDomainEventDeregisterRet
    }
    107 DOMAIN_EVENT_LIFECYCLE DomainEventLifecycle msg low "" {
        daemon DomainEventLifecycleMsg => ()
    }
    121 DOMAIN_GET_SECURITY_LABEL DomainGetSecurityLabel ro high "virDomainGetSecurityLabel" {
        fn domain_get_security_label(dom: DomainId) -> (String, bool) as {
            label: CharArray<REMOTE_SECURITY_LABEL_MAX>, enforcing: i32
        }
    }
    135 CONNECT_DOMAIN_XML_FROM_NATIVE ConnectDomainXmlFromNative rw low "virConnectDomainXMLFromNative" {
        fn connect_domain_xml_from_native(native_format: String, native_config: String, flags: u32) -> domain_xml: String
    }
    136 CONNECT_DOMAIN_XML_TO_NATIVE ConnectDomainXmlToNative rw low "virConnectDomainXMLToNative" {
        fn connect_domain_xml_to_native(native_format: String, domain_xml: String, flags: u32) -> native_config: String
    }
    150 DOMAIN_IS_ACTIVE DomainIsActive ro high "virDomainIsActive" {
        fn domain_is_active(dom: DomainId) -> active: IntBool
    }
    151 DOMAIN_IS_PERSISTENT DomainIsPersistent ro high "virDomainIsPersistent" {
        fn domain_is_persistent(dom: DomainId) -> persistent: IntBool
    }
    159 DOMAIN_MEMORY_STATS DomainMemoryStats ro low "virDomainMemoryStats" {
        custom { dom: DomainId, max_stats: u32, flags: u32 } -> { stats: Array<DomainMemoryStat, REMOTE_DOMAIN_MEMORY_STATS_MAX> }
            fn domain_memory_stats(dom: &DomainId, nr_stats: u32, flags: u32) -> Vec<(i32, u64)>
    }
    163 DOMAIN_GET_JOB_INFO DomainGetJobInfo ro low "virDomainGetJobInfo" {
        fn domain_get_job_info(dom: DomainId) -> JobInfo as {
            type_: i32, time_elapsed: u64, time_remaining: u64, data_total: u64, data_processed: u64, data_remaining: u64,
            mem_total: u64, mem_processed: u64, mem_remaining: u64, file_total: u64, file_processed: u64, file_remaining: u64
        }
    }
    167 CONNECT_DOMAIN_EVENT_REGISTER_ANY ConnectDomainEventRegisterAny ro low "virConnectDomainEventRegisterAny" {
        daemon ConnectDomainEventRegisterAnyArgs => ()
    }
    168 CONNECT_DOMAIN_EVENT_DEREGISTER_ANY ConnectDomainEventDeregisterAny ro low "virConnectDomainEventDeregisterAny" {
        daemon ConnectDomainEventDeregisterAnyArgs => ()
    }
    169 DOMAIN_EVENT_REBOOT DomainEventReboot msg low "" {}
    170 DOMAIN_EVENT_RTC_CHANGE DomainEventRtcChange msg low "" {}
    171 DOMAIN_EVENT_WATCHDOG DomainEventWatchdog msg low "" {}
    172 DOMAIN_EVENT_IO_ERROR DomainEventIoError msg low "" {}
    173 DOMAIN_EVENT_GRAPHICS DomainEventGraphics msg low "" {}
    182 DOMAIN_MANAGED_SAVE DomainManagedSave rw low "virDomainManagedSave" {
        fn domain_managed_save(dom: DomainId, flags: u32) -> ()
    }
    183 DOMAIN_HAS_MANAGED_SAVE_IMAGE DomainHasManagedSaveImage ro low "virDomainHasManagedSaveImage" {
        fn domain_has_managed_save_image(dom: DomainId, flags: u32) -> result: IntBool
    }
    184 DOMAIN_MANAGED_SAVE_REMOVE DomainManagedSaveRemove rw low "virDomainManagedSaveRemove" {
        fn domain_managed_save_remove(dom: DomainId, flags: u32) -> ()
    }
    195 DOMAIN_EVENT_IO_ERROR_REASON DomainEventIoErrorReason msg low "" {}
    196 DOMAIN_CREATE_WITH_FLAGS DomainCreateWithFlags rw low "virDomainCreateWithFlags" {
        fn domain_create_with_flags(dom: DomainId, flags: u32) -> dom: DomainId
    }
    199 DOMAIN_SET_VCPUS_FLAGS DomainSetVcpusFlags rw low "virDomainSetVcpusFlags" {
        fn domain_set_vcpus_flags(dom: DomainId, nvcpus: u32, flags: u32) -> ()
    }
    200 DOMAIN_GET_VCPUS_FLAGS DomainGetVcpusFlags ro low "virDomainGetVcpusFlags" {
        fn domain_get_vcpus_flags(dom: DomainId, flags: u32) -> num: i32
    }
    202 DOMAIN_IS_UPDATED DomainIsUpdated ro high "virDomainIsUpdated" {
        fn domain_is_updated(dom: DomainId) -> updated: IntBool
    }
    204 DOMAIN_SET_MEMORY_FLAGS DomainSetMemoryFlags rw low "virDomainSetMemoryFlags" {
        fn domain_set_memory_flags(dom: DomainId, memory: u64, flags: u32) -> ()
    }
    212 DOMAIN_GET_STATE DomainGetState ro high "virDomainGetState" {
        fn domain_get_state(dom: DomainId, flags: u32) -> (i32, i32) as { state: i32, reason: i32 }
    }
    224 DOMAIN_EVENT_CONTROL_ERROR DomainEventControlError msg low "" {}
    231 DOMAIN_UNDEFINE_FLAGS DomainUndefineFlags rw high "virDomainUndefineFlags" {
        fn domain_undefine_flags(dom: DomainId, flags: u32) -> ()
    }
    232 DOMAIN_SAVE_FLAGS DomainSaveFlags rw low "virDomainSaveFlags" {
        fn domain_save_flags(dom: DomainId, to: String, dxml: Option<String>, flags: u32) -> ()
    }
    233 DOMAIN_RESTORE_FLAGS DomainRestoreFlags rw low "virDomainRestoreFlags" {
        fn domain_restore_flags(from: String, dxml: Option<String>, flags: u32) -> ()
    }
    234 DOMAIN_DESTROY_FLAGS DomainDestroyFlags rw high "virDomainDestroyFlags" {
        fn domain_destroy_flags(dom: DomainId, flags: u32) -> ()
    }
    235 DOMAIN_SAVE_IMAGE_GET_XML_DESC DomainSaveImageGetXmlDesc rw low "virDomainSaveImageGetXMLDesc" {
        fn domain_save_image_get_xml_desc(file: String, flags: u32) -> xml: String
    }
    236 DOMAIN_SAVE_IMAGE_DEFINE_XML DomainSaveImageDefineXml rw low "virDomainSaveImageDefineXML" {
        fn domain_save_image_define_xml(file: String, dxml: String, flags: u32) -> ()
    }
    241 DOMAIN_EVENT_BLOCK_JOB DomainEventBlockJob msg low "" {}
    245 DOMAIN_RESET DomainReset rw low "virDomainReset" {
        fn domain_reset(dom: DomainId, flags: u32) -> ()
    }
    248 DOMAIN_EVENT_DISK_CHANGE DomainEventDiskChange msg low "" {}
    258 DOMAIN_SHUTDOWN_FLAGS DomainShutdownFlags rw low "virDomainShutdownFlags" {
        fn domain_shutdown_flags(dom: DomainId, flags: u32) -> ()
    }
    /// `params` holds each CPU's statistics one after the other, `nparams` of them per CPU
    /// (the count when the caller asked for it with `nparams` 0).
    262 DOMAIN_GET_CPU_STATS DomainGetCpuStats ro low "virDomainGetCPUStats" {
        fn domain_get_cpu_stats(dom: DomainId, nparams: u32, start_cpu: i32, ncpus: u32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_GET_CPU_STATS_MAX>, nparams: i32 }
    }
    268 DOMAIN_EVENT_TRAY_CHANGE DomainEventTrayChange msg low "" {}
    269 DOMAIN_EVENT_PMWAKEUP DomainEventPmwakeup msg low "" {}
    270 DOMAIN_EVENT_PMSUSPEND DomainEventPmsuspend msg low "" {}
    273 CONNECT_LIST_ALL_DOMAINS ConnectListAllDomains ro high "virConnectListAllDomains" {
        custom { need_results: i32, flags: u32 } -> { domains: Array<DomainId, REMOTE_DOMAIN_LIST_MAX>, ret: u32 }
            fn connect_list_all_domains(flags: u32) -> Vec<DomainId>
    }
    276 DOMAIN_EVENT_BALLOON_CHANGE DomainEventBalloonChange msg low "" {}
    277 DOMAIN_GET_HOSTNAME DomainGetHostname rw low "virDomainGetHostname" {
        fn domain_get_hostname(dom: DomainId, flags: u32) -> hostname: String
    }
    /// libvirtd answers a failing driver with `ret` -1 and no labels rather than an error.
    278 DOMAIN_GET_SECURITY_LABEL_LIST DomainGetSecurityLabelList ro low "virDomainGetSecurityLabelList" {
        custom { dom: DomainId } -> { labels: Array<DomainGetSecurityLabelRet, REMOTE_SECURITY_LABEL_LIST_MAX>, ret: i32 }
            fn domain_get_security_label_list(dom: &DomainId) -> Vec<(String, bool)>
    }
    292 DOMAIN_EVENT_PMSUSPEND_DISK DomainEventPmsuspendDisk msg low "" {}
    /// The files travel beside the call (libvirt's CALL_WITH_FDS), which the remote client
    /// and qemud do not carry yet: over the wire only an empty list goes.
    309 DOMAIN_CREATE_XML_WITH_FILES DomainCreateXmlWithFiles rw low "virDomainCreateXMLWithFiles" {
        custom { xml_desc: String, flags: u32 } -> { dom: DomainId }
            fn domain_create_xml_with_files(xml: &str, files: &[i32], flags: u32) -> DomainId
    }
    310 DOMAIN_CREATE_WITH_FILES DomainCreateWithFiles rw low "virDomainCreateWithFiles" {
        custom { dom: DomainId, flags: u32 } -> { dom: DomainId }
            fn domain_create_with_files(dom: &DomainId, files: &[i32], flags: u32) -> DomainId
    }
    311 DOMAIN_EVENT_DEVICE_REMOVED DomainEventDeviceRemoved msg low "" {
        daemon DomainEventDeviceRemovedMsg => ()
    }
    316 CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY ConnectDomainEventCallbackRegisterAny ro high "virConnectDomainEventRegisterAny" {
        daemon ConnectDomainEventCallbackRegisterAnyArgs => ConnectDomainEventCallbackRegisterAnyRet
    }
    317 CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY ConnectDomainEventCallbackDeregisterAny ro high "virConnectDomainEventDeregisterAny" {
        daemon ConnectDomainEventCallbackDeregisterAnyArgs => ()
    }
    318 DOMAIN_EVENT_CALLBACK_LIFECYCLE DomainEventCallbackLifecycle msg low "" {
        daemon DomainEventCallbackLifecycleMsg => ()
    }
    319 DOMAIN_EVENT_CALLBACK_REBOOT DomainEventCallbackReboot msg low "" {
        daemon DomainEventCallbackRebootMsg => ()
    }
    320 DOMAIN_EVENT_CALLBACK_RTC_CHANGE DomainEventCallbackRtcChange msg low "" {}
    321 DOMAIN_EVENT_CALLBACK_WATCHDOG DomainEventCallbackWatchdog msg low "" {}
    322 DOMAIN_EVENT_CALLBACK_IO_ERROR DomainEventCallbackIoError msg low "" {}
    323 DOMAIN_EVENT_CALLBACK_GRAPHICS DomainEventCallbackGraphics msg low "" {}
    324 DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON DomainEventCallbackIoErrorReason msg low "" {}
    325 DOMAIN_EVENT_CALLBACK_CONTROL_ERROR DomainEventCallbackControlError msg low "" {}
    326 DOMAIN_EVENT_CALLBACK_BLOCK_JOB DomainEventCallbackBlockJob msg low "" {}
    327 DOMAIN_EVENT_CALLBACK_DISK_CHANGE DomainEventCallbackDiskChange msg low "" {}
    328 DOMAIN_EVENT_CALLBACK_TRAY_CHANGE DomainEventCallbackTrayChange msg low "" {}
    329 DOMAIN_EVENT_CALLBACK_PMWAKEUP DomainEventCallbackPmwakeup msg low "" {}
    330 DOMAIN_EVENT_CALLBACK_PMSUSPEND DomainEventCallbackPmsuspend msg low "" {}
    331 DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE DomainEventCallbackBalloonChange msg low "" {}
    332 DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK DomainEventCallbackPmsuspendDisk msg low "" {}
    333 DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED DomainEventCallbackDeviceRemoved msg low "" {
        daemon DomainEventCallbackDeviceRemovedMsg => ()
    }
    339 DOMAIN_EVENT_BLOCK_JOB_2 DomainEventBlockJob2 msg low "" {}
    342 CONNECT_GET_DOMAIN_CAPABILITIES ConnectGetDomainCapabilities rw low "virConnectGetDomainCapabilities" {
        fn connect_get_domain_capabilities(
            emulatorbin: Option<String>, arch: Option<String>, machine: Option<String>, virttype: Option<String>, flags: u32,
        ) -> capabilities: String
    }
    344 CONNECT_GET_ALL_DOMAIN_STATS ConnectGetAllDomainStats ro low "virConnectGetAllDomainStats" {
        custom { doms: Array<DomainId, REMOTE_DOMAIN_LIST_MAX>, stats: u32, flags: u32 } -> { ret_stats: Array<DomainStatsRecord, REMOTE_DOMAIN_LIST_MAX> }
            fn connect_get_all_domain_stats(doms: &[DomainId], stats: u32, flags: u32) -> Vec<DomainStats>
    }
    346 DOMAIN_EVENT_CALLBACK_TUNABLE DomainEventCallbackTunable msg low "" {}
    348 DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE DomainEventCallbackAgentLifecycle msg low "" {
        daemon DomainEventCallbackAgentLifecycleMsg => ()
    }
    350 DOMAIN_DEFINE_XML_FLAGS DomainDefineXmlFlags rw high "virDomainDefineXMLFlags" {
        fn domain_define_xml_flags(xml: String, flags: u32) -> dom: DomainId
    }
    354 DOMAIN_EVENT_CALLBACK_DEVICE_ADDED DomainEventCallbackDeviceAdded msg low "" {
        daemon DomainEventCallbackDeviceAddedMsg => ()
    }
    358 DOMAIN_RENAME DomainRename rw low "virDomainRename" {
        fn domain_rename(dom: DomainId, new_name: Option<String>, flags: u32) -> retcode: i32
    }
    359 DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION DomainEventCallbackMigrationIteration msg low "" {}
    363 DOMAIN_EVENT_CALLBACK_JOB_COMPLETED DomainEventCallbackJobCompleted msg low "" {}
    367 DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED DomainEventCallbackDeviceRemovalFailed msg low "" {}
    379 DOMAIN_EVENT_CALLBACK_METADATA_CHANGE DomainEventCallbackMetadataChange msg low "" {
        daemon DomainEventCallbackMetadataChangeMsg => ()
    }
    385 DOMAIN_EVENT_BLOCK_THRESHOLD DomainEventBlockThreshold msg low "" {}
    388 DOMAIN_MANAGED_SAVE_GET_XML_DESC DomainManagedSaveGetXmlDesc ro low "virDomainManagedSaveGetXMLDesc" {
        fn domain_managed_save_get_xml_desc(dom: DomainId, flags: u32) -> xml: String
    }
    389 DOMAIN_MANAGED_SAVE_DEFINE_XML DomainManagedSaveDefineXml rw low "virDomainManagedSaveDefineXML" {
        fn domain_managed_save_define_xml(dom: DomainId, dxml: Option<String>, flags: u32) -> ()
    }
    423 DOMAIN_EVENT_MEMORY_FAILURE DomainEventMemoryFailure msg low "" {}
    426 DOMAIN_GET_MESSAGES DomainGetMessages ro low "virDomainGetMessages" {
        fn domain_get_messages(dom: DomainId, flags: u32) -> msgs: Array<String, REMOTE_DOMAIN_MESSAGES_MAX>
    }
    438 DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE DomainEventMemoryDeviceSizeChange msg low "" {}
    440 DOMAIN_SAVE_PARAMS DomainSaveParams rw low "virDomainSaveParams" {
        fn domain_save_params(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_SAVE_PARAMS_MAX>, flags: u32) -> ()
    }
    441 DOMAIN_RESTORE_PARAMS DomainRestoreParams rw low "virDomainRestoreParams" {
        fn domain_restore_params(params: Array<TypedParam, REMOTE_DOMAIN_SAVE_PARAMS_MAX>, flags: u32) -> ()
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::{DomainId, DomainStats, VcpuInfo};
    use crate::error::{Code, Domain, Error, Result};
    use crate::rpc::protocol::REMOTE_DOMAIN_LIST_MAX;
    use crate::rpc::xdr::Array;

    /// One call, asking for as many as the protocol carries (the daemon answers with
    /// the ones it has).
    pub fn connect_list_domains(c: &RemoteConnection) -> Result<Vec<i32>> {
        let args = ConnectListDomainsArgs { maxids: REMOTE_DOMAIN_LIST_MAX as i32 };
        Ok(c.call::<ConnectListDomains>(&args)?.ids.0)
    }

    pub fn connect_list_defined_domains(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListDefinedDomainsArgs { maxnames: REMOTE_DOMAIN_LIST_MAX as i32 };
        Ok(c.call::<ConnectListDefinedDomains>(&args)?.names.0)
    }

    pub fn connect_list_all_domains(c: &RemoteConnection, flags: u32) -> Result<Vec<DomainId>> {
        let args = ConnectListAllDomainsArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllDomains>(&args)?.into_domains())
    }

    pub fn domain_get_xml_desc(c: &RemoteConnection, dom: &DomainId, flags: u32) -> Result<String> {
        Ok(c.call::<DomainGetXmlDesc>(&DomainGetXmlDescArgs { dom: dom.clone(), flags })?.xml)
    }

    pub fn domain_memory_stats(c: &RemoteConnection, dom: &DomainId, nr_stats: u32, flags: u32) -> Result<Vec<(i32, u64)>> {
        let r = c.call::<DomainMemoryStats>(&DomainMemoryStatsArgs { dom: dom.clone(), max_stats: nr_stats, flags })?;
        Ok(r.stats.0.into_iter().take(nr_stats as usize).map(|s| (s.tag, s.val)).collect())
    }

    pub fn domain_get_vcpus(
        c: &RemoteConnection,
        dom: &DomainId,
        maxinfo: i32,
        maplen: i32,
    ) -> Result<(Vec<VcpuInfo>, Vec<u8>)> {
        let ret = c.call::<DomainGetVcpus>(&DomainGetVcpusArgs { dom: dom.clone(), maxinfo, maplen })?;
        let max_maps = i64::from(maxinfo.max(0)) * i64::from(maplen.max(0));
        if ret.info.0.len() > maxinfo.max(0) as usize || ret.cpumaps.0.len() as i64 > max_maps {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "host reply too large"));
        }
        Ok((ret.info.0.into_iter().map(VcpuInfo::from).collect(), ret.cpumaps.0))
    }

    /// libvirtd answers a failing driver with `ret` -1 and no error, which libvirt's
    /// client hands on as a failure of unknown cause.
    pub fn domain_get_security_label_list(c: &RemoteConnection, dom: &DomainId) -> Result<Vec<(String, bool)>> {
        let ret = c.call::<DomainGetSecurityLabelList>(&DomainGetSecurityLabelListArgs { dom: dom.clone() })?;
        if ret.ret < 0 {
            return Err(Error::raw(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_INTERNAL_ERROR,
                "An error occurred, but the cause is unknown".to_string(),
            ));
        }
        Ok(ret.labels.0.into_iter().map(Into::into).collect())
    }

    /// Files would travel beside the call, which this client cannot do yet.
    fn no_files(files: &[i32]) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        Err(Error::new(
            Domain::VIR_FROM_REMOTE,
            Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
            "passing file descriptors to the remote daemon is not supported yet",
        ))
    }

    pub fn domain_create_xml_with_files(c: &RemoteConnection, xml: &str, files: &[i32], flags: u32) -> Result<DomainId> {
        no_files(files)?;
        let args = DomainCreateXmlWithFilesArgs { xml_desc: xml.to_string(), flags };
        Ok(c.call::<DomainCreateXmlWithFiles>(&args)?.dom)
    }

    pub fn domain_create_with_files(c: &RemoteConnection, dom: &DomainId, files: &[i32], flags: u32) -> Result<DomainId> {
        no_files(files)?;
        let args = DomainCreateWithFilesArgs { dom: dom.clone(), flags };
        Ok(c.call::<DomainCreateWithFiles>(&args)?.dom)
    }

    pub fn connect_get_all_domain_stats(
        c: &RemoteConnection,
        doms: &[DomainId],
        stats: u32,
        flags: u32,
    ) -> Result<Vec<DomainStats>> {
        let args = ConnectGetAllDomainStatsArgs { doms: Array(doms.to_vec()), stats, flags };
        Ok(c.call::<ConnectGetAllDomainStats>(&args)?.into_records())
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): limits libvirtd
/// checks before calling its driver, and answers shaped by the caller's arguments.
mod serve_custom {
    use super::wire::*;
    use super::Domains;
    use crate::error::{Code, Domain, Error, Result};
    use crate::rpc::declare::{check_max, over_limit};
    use crate::rpc::protocol::{
        DomainMemoryStat, REMOTE_CPUMAPS_MAX, REMOTE_DOMAIN_LIST_MAX, REMOTE_DOMAIN_MEMORY_STATS_MAX, REMOTE_VCPUINFO_MAX,
    };
    use crate::rpc::xdr::{Array, Opaque};

    /// `VIR_DOMAIN_XML_SECURE`
    const XML_SECURE: u32 = 1;

    pub fn connect_list_domains(d: &dyn Domains, a: ConnectListDomainsArgs, _: bool) -> Result<ConnectListDomainsRet> {
        let max = check_max(a.maxids, "maxids", REMOTE_DOMAIN_LIST_MAX, "REMOTE_DOMAIN_LIST_MAX")?;
        let mut ids = d.connect_list_domains()?;
        ids.truncate(max);
        ConnectListDomainsRet::new(ids)
    }

    pub fn connect_list_defined_domains(
        d: &dyn Domains,
        a: ConnectListDefinedDomainsArgs,
        _: bool,
    ) -> Result<ConnectListDefinedDomainsRet> {
        let max = check_max(a.maxnames, "maxnames", REMOTE_DOMAIN_LIST_MAX, "REMOTE_DOMAIN_LIST_MAX")?;
        let mut names = d.connect_list_defined_domains()?;
        names.truncate(max);
        ConnectListDefinedDomainsRet::new(names)
    }

    pub fn connect_list_all_domains(
        d: &dyn Domains,
        a: ConnectListAllDomainsArgs,
        _: bool,
    ) -> Result<ConnectListAllDomainsRet> {
        ConnectListAllDomainsRet::new(d.connect_list_all_domains(a.flags)?, a.need_results != 0)
    }

    /// The secure XML is refused to read-only connections, as libvirt's public API does
    /// in the daemon.
    pub fn domain_get_xml_desc(d: &dyn Domains, a: DomainGetXmlDescArgs, read_only: bool) -> Result<DomainGetXmlDescRet> {
        if read_only && a.flags & XML_SECURE != 0 {
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_OPERATION_DENIED,
                "virDomainGetXMLDesc with secure flag",
            ));
        }
        Ok(DomainGetXmlDescRet { xml: d.domain_get_xml_desc(&a.dom, a.flags)? })
    }

    pub fn domain_memory_stats(d: &dyn Domains, a: DomainMemoryStatsArgs, _: bool) -> Result<DomainMemoryStatsRet> {
        if a.max_stats as usize > REMOTE_DOMAIN_MEMORY_STATS_MAX {
            return Err(over_limit("maxStats > REMOTE_DOMAIN_MEMORY_STATS_MAX"));
        }
        let stats = d.domain_memory_stats(&a.dom, a.max_stats, a.flags)?;
        Ok(DomainMemoryStatsRet {
            stats: Array(stats.into_iter().map(|(tag, val)| DomainMemoryStat { tag, val }).collect()),
        })
    }

    pub fn domain_get_vcpus(d: &dyn Domains, a: DomainGetVcpusArgs, _: bool) -> Result<DomainGetVcpusRet> {
        if a.maxinfo > REMOTE_VCPUINFO_MAX as i32 {
            return Err(over_limit("maxinfo > REMOTE_VCPUINFO_MAX"));
        }
        let map_bytes = i64::from(a.maxinfo.max(0)) * i64::from(a.maplen.max(0));
        if map_bytes > REMOTE_CPUMAPS_MAX as i64 {
            return Err(over_limit("maxinfo * maplen > REMOTE_CPUMAPS_MAX"));
        }
        let (info, mut cpumaps) = d.domain_get_vcpus(&a.dom, a.maxinfo, a.maplen)?;
        // libvirtd sends the caller's whole map array, zero past the vCPUs filled.
        cpumaps.resize(map_bytes as usize, 0);
        Ok(DomainGetVcpusRet { info: Array(info.into_iter().map(Into::into).collect()), cpumaps: Opaque(cpumaps) })
    }

    /// A failing driver is answered with `ret` -1 and no labels, as libvirtd does.
    pub fn domain_get_security_label_list(
        d: &dyn Domains,
        a: DomainGetSecurityLabelListArgs,
        _: bool,
    ) -> Result<DomainGetSecurityLabelListRet> {
        let Ok(labels) = d.domain_get_security_label_list(&a.dom) else {
            return Ok(DomainGetSecurityLabelListRet { labels: Array(Vec::new()), ret: -1 });
        };
        let n = labels.len() as i32;
        let labels = labels.into_iter().map(Into::into).collect();
        Ok(DomainGetSecurityLabelListRet { labels: Array(labels), ret: n })
    }

    /// No file descriptors arrive with a plain CALL.
    pub fn domain_create_xml_with_files(
        d: &dyn Domains,
        a: DomainCreateXmlWithFilesArgs,
        _: bool,
    ) -> Result<DomainCreateXmlWithFilesRet> {
        Ok(DomainCreateXmlWithFilesRet { dom: d.domain_create_xml_with_files(&a.xml_desc, &[], a.flags)? })
    }

    pub fn domain_create_with_files(d: &dyn Domains, a: DomainCreateWithFilesArgs, _: bool) -> Result<DomainCreateWithFilesRet> {
        Ok(DomainCreateWithFilesRet { dom: d.domain_create_with_files(&a.dom, &[], a.flags)? })
    }

    pub fn connect_get_all_domain_stats(
        d: &dyn Domains,
        a: ConnectGetAllDomainStatsArgs,
        _: bool,
    ) -> Result<ConnectGetAllDomainStatsRet> {
        ConnectGetAllDomainStatsRet::new(d.connect_get_all_domain_stats(&a.doms.0, a.stats, a.flags)?)
    }
}
