//! libvirt-domain.h, tuning: scheduler, memory, block I/O, NUMA, interface and perf
//! parameters, vCPU/emulator/IOThread pinning, IOThreads, metadata, lifecycle actions.
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

/// `REMOTE_IOTHREAD_INFO_MAX`
pub const REMOTE_IOTHREAD_INFO_MAX: usize = 16384;
/// `REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX`
pub const REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX: usize = 64;
/// `REMOTE_DOMAIN_PERF_EVENTS_MAX`
pub const REMOTE_DOMAIN_PERF_EVENTS_MAX: usize = 64;
/// `REMOTE_DOMAIN_GUEST_VCPU_PARAMS_MAX`
pub const REMOTE_DOMAIN_GUEST_VCPU_PARAMS_MAX: usize = 64;
/// `REMOTE_DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX`
pub const REMOTE_DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX: usize = 64;
/// `REMOTE_DOMAIN_LAUNCH_SECURITY_STATE_PARAMS_MAX`
pub const REMOTE_DOMAIN_LAUNCH_SECURITY_STATE_PARAMS_MAX: usize = 64;

crate::xdr_struct! {
    /// `remote_domain_iothread_info`
    pub struct IothreadInfo { pub iothread_id: u32, pub cpumap: Opaque<REMOTE_CPUMAP_MAX> }
}

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainTuning;

    26 DOMAIN_PIN_VCPU DomainPinVcpu rw low "virDomainPinVcpu" {
        alias { dom: DomainId, vcpu: u32, cpumap: Opaque<REMOTE_CPUMAP_MAX> } -> ()
            with |d, a| d.domain_pin_vcpu_flags(&a.dom, a.vcpu, &a.cpumap.0, 0)
    }
    56 DOMAIN_GET_SCHEDULER_TYPE DomainGetSchedulerType ro low "virDomainGetSchedulerType" {
        fn domain_get_scheduler_type(dom: DomainId) -> { type_: String, nparams: i32 }
    }
    57 DOMAIN_GET_SCHEDULER_PARAMETERS DomainGetSchedulerParameters ro low "virDomainGetSchedulerParameters" {
        fn domain_get_scheduler_parameters(dom: DomainId, nparams: i32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX> }
    }
    58 DOMAIN_SET_SCHEDULER_PARAMETERS DomainSetSchedulerParameters rw low "virDomainSetSchedulerParameters" {
        alias { dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX> } -> ()
            with |d, a| d.domain_set_scheduler_parameters_flags(&a.dom, &a.params.0, 0)
    }
    197 DOMAIN_SET_MEMORY_PARAMETERS DomainSetMemoryParameters rw low "virDomainSetMemoryParameters" {
        fn domain_set_memory_parameters(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX>, flags: u32) -> ()
    }
    198 DOMAIN_GET_MEMORY_PARAMETERS DomainGetMemoryParameters ro low "virDomainGetMemoryParameters" {
        fn domain_get_memory_parameters(dom: DomainId, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_MEMORY_PARAMETERS_MAX>, nparams: i32 }
    }
    205 DOMAIN_SET_BLKIO_PARAMETERS DomainSetBlkioParameters rw low "virDomainSetBlkioParameters" {
        fn domain_set_blkio_parameters(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX>, flags: u32) -> ()
    }
    206 DOMAIN_GET_BLKIO_PARAMETERS DomainGetBlkioParameters ro low "virDomainGetBlkioParameters" {
        fn domain_get_blkio_parameters(dom: DomainId, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_BLKIO_PARAMETERS_MAX>, nparams: i32 }
    }
    219 DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS DomainSetSchedulerParametersFlags rw low "virDomainSetSchedulerParametersFlags" {
        fn domain_set_scheduler_parameters_flags(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX>, flags: u32) -> ()
    }
    223 DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS DomainGetSchedulerParametersFlags ro low "virDomainGetSchedulerParametersFlags" {
        fn domain_get_scheduler_parameters_flags(dom: DomainId, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_SCHEDULER_PARAMETERS_MAX> }
    }
    225 DOMAIN_PIN_VCPU_FLAGS DomainPinVcpuFlags rw low "virDomainPinVcpuFlags" {
        fn domain_pin_vcpu_flags(dom: DomainId, vcpu: u32, cpumap: Opaque<REMOTE_CPUMAP_MAX>, flags: u32) -> ()
    }
    230 DOMAIN_GET_VCPU_PIN_INFO DomainGetVcpuPinInfo ro low "virDomainGetVcpuPinInfo" {
        fn domain_get_vcpu_pin_info(dom: DomainId, ncpumaps: i32, maplen: i32, flags: u32)
            -> { cpumaps: Opaque<REMOTE_CPUMAPS_MAX>, num: i32 }
    }
    252 DOMAIN_SET_BLOCK_IO_TUNE DomainSetBlockIoTune rw low "virDomainSetBlockIoTune" {
        fn domain_set_block_io_tune(dom: DomainId, disk: String, params: Array<TypedParam, REMOTE_DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX>, flags: u32) -> ()
    }
    253 DOMAIN_GET_BLOCK_IO_TUNE DomainGetBlockIoTune ro low "virDomainGetBlockIoTune" {
        fn domain_get_block_io_tune(dom: DomainId, disk: Option<String>, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_BLOCK_IO_TUNE_PARAMETERS_MAX>, nparams: i32 }
    }
    254 DOMAIN_SET_NUMA_PARAMETERS DomainSetNumaParameters rw low "virDomainSetNumaParameters" {
        fn domain_set_numa_parameters(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_NUMA_PARAMETERS_MAX>, flags: u32) -> ()
    }
    255 DOMAIN_GET_NUMA_PARAMETERS DomainGetNumaParameters ro low "virDomainGetNumaParameters" {
        fn domain_get_numa_parameters(dom: DomainId, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_NUMA_PARAMETERS_MAX>, nparams: i32 }
    }
    256 DOMAIN_SET_INTERFACE_PARAMETERS DomainSetInterfaceParameters rw low "virDomainSetInterfaceParameters" {
        fn domain_set_interface_parameters(dom: DomainId, device: String, params: Array<TypedParam, REMOTE_DOMAIN_INTERFACE_PARAMETERS_MAX>, flags: u32) -> ()
    }
    257 DOMAIN_GET_INTERFACE_PARAMETERS DomainGetInterfaceParameters ro low "virDomainGetInterfaceParameters" {
        fn domain_get_interface_parameters(dom: DomainId, device: String, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_INTERFACE_PARAMETERS_MAX>, nparams: i32 }
    }
    264 DOMAIN_SET_METADATA DomainSetMetadata rw low "virDomainSetMetadata" {
        fn domain_set_metadata(dom: DomainId, type_: i32, metadata: Option<String>, key: Option<String>, uri: Option<String>, flags: u32) -> ()
    }
    265 DOMAIN_GET_METADATA DomainGetMetadata ro low "virDomainGetMetadata" {
        fn domain_get_metadata(dom: DomainId, type_: i32, uri: Option<String>, flags: u32) -> metadata: String
    }
    279 DOMAIN_PIN_EMULATOR DomainPinEmulator rw low "virDomainPinEmulator" {
        fn domain_pin_emulator(dom: DomainId, cpumap: Opaque<REMOTE_CPUMAP_MAX>, flags: u32) -> ()
    }
    280 DOMAIN_GET_EMULATOR_PIN_INFO DomainGetEmulatorPinInfo ro low "virDomainGetEmulatorPinInfo" {
        fn domain_get_emulator_pin_info(dom: DomainId, maplen: i32, flags: u32) -> { cpumaps: Opaque<REMOTE_CPUMAPS_MAX>, ret: i32 }
    }
    /// How often (seconds; 0: never) the balloon driver refreshes the guest's memory
    /// statistics; `flags` are `virDomainMemoryModFlags` (live, config).
    308 DOMAIN_SET_MEMORY_STATS_PERIOD DomainSetMemoryStatsPeriod rw low "virDomainSetMemoryStatsPeriod" {
        fn domain_set_memory_stats_period(dom: DomainId, period: i32, flags: u32) -> ()
    }
    351 DOMAIN_GET_IOTHREAD_INFO DomainGetIothreadInfo ro low "virDomainGetIOThreadInfo" {
        fn domain_get_iothread_info(dom: DomainId, flags: u32) -> { info: Array<IothreadInfo, REMOTE_IOTHREAD_INFO_MAX>, ret: u32 }
    }
    352 DOMAIN_PIN_IOTHREAD DomainPinIothread rw low "virDomainPinIOThread" {
        fn domain_pin_iothread(dom: DomainId, iothreads_id: u32, cpumap: Opaque<REMOTE_CPUMAP_MAX>, flags: u32) -> ()
    }
    355 DOMAIN_ADD_IOTHREAD DomainAddIothread rw low "virDomainAddIOThread" {
        fn domain_add_iothread(dom: DomainId, iothread_id: u32, flags: u32) -> ()
    }
    356 DOMAIN_DEL_IOTHREAD DomainDelIothread rw low "virDomainDelIOThread" {
        fn domain_del_iothread(dom: DomainId, iothread_id: u32, flags: u32) -> ()
    }
    365 DOMAIN_GET_PERF_EVENTS DomainGetPerfEvents ro low "virDomainGetPerfEvents" {
        fn domain_get_perf_events(dom: DomainId, flags: u32) -> params: Array<TypedParam, REMOTE_DOMAIN_PERF_EVENTS_MAX>
    }
    366 DOMAIN_SET_PERF_EVENTS DomainSetPerfEvents rw low "virDomainSetPerfEvents" {
        fn domain_set_perf_events(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_PERF_EVENTS_MAX>, flags: u32) -> ()
    }
    371 DOMAIN_GET_GUEST_VCPUS DomainGetGuestVcpus rw low "virDomainGetGuestVcpus" {
        fn domain_get_guest_vcpus(dom: DomainId, flags: u32) -> params: Array<TypedParam, REMOTE_DOMAIN_GUEST_VCPU_PARAMS_MAX>
    }
    372 DOMAIN_SET_GUEST_VCPUS DomainSetGuestVcpus rw low "virDomainSetGuestVcpus" {
        fn domain_set_guest_vcpus(dom: DomainId, cpumap: String, state: i32, flags: u32) -> ()
    }
    384 DOMAIN_SET_VCPU DomainSetVcpu rw low "virDomainSetVcpu" {
        fn domain_set_vcpu(dom: DomainId, cpumap: String, state: i32, flags: u32) -> ()
    }
    390 DOMAIN_SET_LIFECYCLE_ACTION DomainSetLifecycleAction rw low "virDomainSetLifecycleAction" {
        fn domain_set_lifecycle_action(dom: DomainId, type_: u32, action: u32, flags: u32) -> ()
    }
    396 DOMAIN_GET_LAUNCH_SECURITY_INFO DomainGetLaunchSecurityInfo rw low "virDomainGetLaunchSecurityInfo" {
        fn domain_get_launch_security_info(dom: DomainId, flags: u32) -> params: Array<TypedParam, REMOTE_DOMAIN_LAUNCH_SECURITY_INFO_PARAMS_MAX>
    }
    402 DOMAIN_SET_IOTHREAD_PARAMS DomainSetIothreadParams rw low "virDomainSetIOThreadParams" {
        fn domain_set_iothread_params(dom: DomainId, iothread_id: u32, params: Array<TypedParam, REMOTE_DOMAIN_IOTHREAD_PARAMS_MAX>, flags: u32) -> ()
    }
    439 DOMAIN_SET_LAUNCH_SECURITY_STATE DomainSetLaunchSecurityState rw low "virDomainSetLaunchSecurityState" {
        fn domain_set_launch_security_state(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_LAUNCH_SECURITY_STATE_PARAMS_MAX>, flags: u32) -> ()
    }
}
