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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainTuning;

    26 DOMAIN_PIN_VCPU DomainPinVcpu rw low "virDomainPinVcpu" {}
    56 DOMAIN_GET_SCHEDULER_TYPE DomainGetSchedulerType ro low "virDomainGetSchedulerType" {}
    57 DOMAIN_GET_SCHEDULER_PARAMETERS DomainGetSchedulerParameters ro low "virDomainGetSchedulerParameters" {}
    58 DOMAIN_SET_SCHEDULER_PARAMETERS DomainSetSchedulerParameters rw low "virDomainSetSchedulerParameters" {}
    197 DOMAIN_SET_MEMORY_PARAMETERS DomainSetMemoryParameters rw low "virDomainSetMemoryParameters" {}
    198 DOMAIN_GET_MEMORY_PARAMETERS DomainGetMemoryParameters ro low "virDomainGetMemoryParameters" {}
    205 DOMAIN_SET_BLKIO_PARAMETERS DomainSetBlkioParameters rw low "virDomainSetBlkioParameters" {}
    206 DOMAIN_GET_BLKIO_PARAMETERS DomainGetBlkioParameters ro low "virDomainGetBlkioParameters" {}
    219 DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS DomainSetSchedulerParametersFlags rw low "virDomainSetSchedulerParametersFlags" {}
    223 DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS DomainGetSchedulerParametersFlags ro low "virDomainGetSchedulerParametersFlags" {}
    225 DOMAIN_PIN_VCPU_FLAGS DomainPinVcpuFlags rw low "virDomainPinVcpuFlags" {}
    230 DOMAIN_GET_VCPU_PIN_INFO DomainGetVcpuPinInfo ro low "virDomainGetVcpuPinInfo" {}
    252 DOMAIN_SET_BLOCK_IO_TUNE DomainSetBlockIoTune rw low "virDomainSetBlockIoTune" {}
    253 DOMAIN_GET_BLOCK_IO_TUNE DomainGetBlockIoTune ro low "virDomainGetBlockIoTune" {}
    254 DOMAIN_SET_NUMA_PARAMETERS DomainSetNumaParameters rw low "virDomainSetNumaParameters" {}
    255 DOMAIN_GET_NUMA_PARAMETERS DomainGetNumaParameters ro low "virDomainGetNumaParameters" {}
    256 DOMAIN_SET_INTERFACE_PARAMETERS DomainSetInterfaceParameters rw low "virDomainSetInterfaceParameters" {}
    257 DOMAIN_GET_INTERFACE_PARAMETERS DomainGetInterfaceParameters ro low "virDomainGetInterfaceParameters" {}
    264 DOMAIN_SET_METADATA DomainSetMetadata rw low "virDomainSetMetadata" {}
    265 DOMAIN_GET_METADATA DomainGetMetadata ro low "virDomainGetMetadata" {}
    279 DOMAIN_PIN_EMULATOR DomainPinEmulator rw low "virDomainPinEmulator" {}
    280 DOMAIN_GET_EMULATOR_PIN_INFO DomainGetEmulatorPinInfo ro low "virDomainGetEmulatorPinInfo" {}
    /// How often (seconds; 0: never) the balloon driver refreshes the guest's memory
    /// statistics; `flags` are `virDomainMemoryModFlags` (live, config).
    308 DOMAIN_SET_MEMORY_STATS_PERIOD DomainSetMemoryStatsPeriod rw low "virDomainSetMemoryStatsPeriod" {
        fn domain_set_memory_stats_period(dom: DomainId, period: i32, flags: u32) -> ()
    }
    351 DOMAIN_GET_IOTHREAD_INFO DomainGetIothreadInfo ro low "virDomainGetIOThreadInfo" {}
    352 DOMAIN_PIN_IOTHREAD DomainPinIothread rw low "virDomainPinIOThread" {}
    355 DOMAIN_ADD_IOTHREAD DomainAddIothread rw low "virDomainAddIOThread" {}
    356 DOMAIN_DEL_IOTHREAD DomainDelIothread rw low "virDomainDelIOThread" {}
    365 DOMAIN_GET_PERF_EVENTS DomainGetPerfEvents ro low "virDomainGetPerfEvents" {}
    366 DOMAIN_SET_PERF_EVENTS DomainSetPerfEvents rw low "virDomainSetPerfEvents" {}
    371 DOMAIN_GET_GUEST_VCPUS DomainGetGuestVcpus rw low "virDomainGetGuestVcpus" {}
    372 DOMAIN_SET_GUEST_VCPUS DomainSetGuestVcpus rw low "virDomainSetGuestVcpus" {}
    384 DOMAIN_SET_VCPU DomainSetVcpu rw low "virDomainSetVcpu" {}
    390 DOMAIN_SET_LIFECYCLE_ACTION DomainSetLifecycleAction rw low "virDomainSetLifecycleAction" {}
    396 DOMAIN_GET_LAUNCH_SECURITY_INFO DomainGetLaunchSecurityInfo rw low "virDomainGetLaunchSecurityInfo" {}
    402 DOMAIN_SET_IOTHREAD_PARAMS DomainSetIothreadParams rw low "virDomainSetIOThreadParams" {}
    439 DOMAIN_SET_LAUNCH_SECURITY_STATE DomainSetLaunchSecurityState rw low "virDomainSetLaunchSecurityState" {}
}
