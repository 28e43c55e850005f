//! C layout of libvirt-domain.h: structs, enums, callback types and constants,
//! generated mechanically from libvirt 9.0.0's header; every item is real (no behaviour lives here).
//!
//! The header's function-like macros (`VIR_USE_CPU`, `VIR_CPU_MAPLEN`, `VIR_GET_CPUMAP`,
//! `VIR_DOMAIN_EVENT_CALLBACK`, ...) have no Rust form; the header generator carries them.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::ffi::CStr;

use libc::{
    c_char, c_int, c_longlong, c_uchar, c_uint, c_ulong, c_ulonglong, c_ushort, c_void, size_t,
};

use super::host::{virTypedParameter, virTypedParameterPtr};
use super::{virConnectPtr, virDomainPtr};

/// `#define VIR_DOMAIN_BLOCK_STATS_FIELD_LENGTH VIR_TYPED_PARAM_FIELD_LENGTH`
pub const VIR_DOMAIN_BLOCK_STATS_FIELD_LENGTH: usize = 80;
/// `#define VIR_DOMAIN_MEMORY_PARAM_UNLIMITED 9007199254740991LL`
pub const VIR_DOMAIN_MEMORY_PARAM_UNLIMITED: c_longlong = 9007199254740991;
/// `#define VIR_KEYCODE_SET_RFB VIR_KEYCODE_SET_QNUM`: an alias of that `virKeycodeSet` value.
pub const VIR_KEYCODE_SET_RFB: c_int = 9;
/// `#define VIR_DOMAIN_SEND_KEY_MAX_KEYS 16`
pub const VIR_DOMAIN_SEND_KEY_MAX_KEYS: usize = 16;
/// `#define VIR_DOMAIN_SCHED_FIELD_LENGTH VIR_TYPED_PARAM_FIELD_LENGTH`
pub const VIR_DOMAIN_SCHED_FIELD_LENGTH: usize = 80;
/// `#define VIR_DOMAIN_BLKIO_FIELD_LENGTH VIR_TYPED_PARAM_FIELD_LENGTH`
pub const VIR_DOMAIN_BLKIO_FIELD_LENGTH: usize = 80;
/// `#define VIR_DOMAIN_MEMORY_FIELD_LENGTH VIR_TYPED_PARAM_FIELD_LENGTH`
pub const VIR_DOMAIN_MEMORY_FIELD_LENGTH: usize = 80;

// String macros of libvirt-domain.h (typed-parameter field names and the like). cbindgen does not
// emit string constants; the header generator writes them as `#define NAME "value"`.
pub const VIR_DOMAIN_SCHEDULER_CPU_SHARES: &CStr = c"cpu_shares";
pub const VIR_DOMAIN_SCHEDULER_GLOBAL_PERIOD: &CStr = c"global_period";
pub const VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA: &CStr = c"global_quota";
pub const VIR_DOMAIN_SCHEDULER_VCPU_PERIOD: &CStr = c"vcpu_period";
pub const VIR_DOMAIN_SCHEDULER_VCPU_QUOTA: &CStr = c"vcpu_quota";
pub const VIR_DOMAIN_SCHEDULER_EMULATOR_PERIOD: &CStr = c"emulator_period";
pub const VIR_DOMAIN_SCHEDULER_EMULATOR_QUOTA: &CStr = c"emulator_quota";
pub const VIR_DOMAIN_SCHEDULER_IOTHREAD_PERIOD: &CStr = c"iothread_period";
pub const VIR_DOMAIN_SCHEDULER_IOTHREAD_QUOTA: &CStr = c"iothread_quota";
pub const VIR_DOMAIN_SCHEDULER_WEIGHT: &CStr = c"weight";
pub const VIR_DOMAIN_SCHEDULER_CAP: &CStr = c"cap";
pub const VIR_DOMAIN_SCHEDULER_RESERVATION: &CStr = c"reservation";
pub const VIR_DOMAIN_SCHEDULER_LIMIT: &CStr = c"limit";
pub const VIR_DOMAIN_SCHEDULER_SHARES: &CStr = c"shares";
pub const VIR_DOMAIN_BLOCK_STATS_READ_BYTES: &CStr = c"rd_bytes";
pub const VIR_DOMAIN_BLOCK_STATS_READ_REQ: &CStr = c"rd_operations";
pub const VIR_DOMAIN_BLOCK_STATS_READ_TOTAL_TIMES: &CStr = c"rd_total_times";
pub const VIR_DOMAIN_BLOCK_STATS_WRITE_BYTES: &CStr = c"wr_bytes";
pub const VIR_DOMAIN_BLOCK_STATS_WRITE_REQ: &CStr = c"wr_operations";
pub const VIR_DOMAIN_BLOCK_STATS_WRITE_TOTAL_TIMES: &CStr = c"wr_total_times";
pub const VIR_DOMAIN_BLOCK_STATS_FLUSH_REQ: &CStr = c"flush_operations";
pub const VIR_DOMAIN_BLOCK_STATS_FLUSH_TOTAL_TIMES: &CStr = c"flush_total_times";
pub const VIR_DOMAIN_BLOCK_STATS_ERRS: &CStr = c"errs";
pub const VIR_MIGRATE_PARAM_URI: &CStr = c"migrate_uri";
pub const VIR_MIGRATE_PARAM_DEST_NAME: &CStr = c"destination_name";
pub const VIR_MIGRATE_PARAM_DEST_XML: &CStr = c"destination_xml";
pub const VIR_MIGRATE_PARAM_PERSIST_XML: &CStr = c"persistent_xml";
pub const VIR_MIGRATE_PARAM_BANDWIDTH: &CStr = c"bandwidth";
pub const VIR_MIGRATE_PARAM_BANDWIDTH_POSTCOPY: &CStr = c"bandwidth.postcopy";
pub const VIR_MIGRATE_PARAM_GRAPHICS_URI: &CStr = c"graphics_uri";
pub const VIR_MIGRATE_PARAM_LISTEN_ADDRESS: &CStr = c"listen_address";
pub const VIR_MIGRATE_PARAM_MIGRATE_DISKS: &CStr = c"migrate_disks";
pub const VIR_MIGRATE_PARAM_DISKS_PORT: &CStr = c"disks_port";
pub const VIR_MIGRATE_PARAM_DISKS_URI: &CStr = c"disks_uri";
pub const VIR_MIGRATE_PARAM_COMPRESSION: &CStr = c"compression";
pub const VIR_MIGRATE_PARAM_COMPRESSION_MT_LEVEL: &CStr = c"compression.mt.level";
pub const VIR_MIGRATE_PARAM_COMPRESSION_MT_THREADS: &CStr = c"compression.mt.threads";
pub const VIR_MIGRATE_PARAM_COMPRESSION_MT_DTHREADS: &CStr = c"compression.mt.dthreads";
pub const VIR_MIGRATE_PARAM_COMPRESSION_XBZRLE_CACHE: &CStr = c"compression.xbzrle.cache";
pub const VIR_MIGRATE_PARAM_AUTO_CONVERGE_INITIAL: &CStr = c"auto_converge.initial";
pub const VIR_MIGRATE_PARAM_AUTO_CONVERGE_INCREMENT: &CStr = c"auto_converge.increment";
pub const VIR_MIGRATE_PARAM_PARALLEL_CONNECTIONS: &CStr = c"parallel.connections";
pub const VIR_MIGRATE_PARAM_TLS_DESTINATION: &CStr = c"tls.destination";
pub const VIR_DOMAIN_SAVE_PARAM_FILE: &CStr = c"file";
pub const VIR_DOMAIN_SAVE_PARAM_DXML: &CStr = c"dxml";
pub const VIR_DOMAIN_CPU_STATS_CPUTIME: &CStr = c"cpu_time";
pub const VIR_DOMAIN_CPU_STATS_USERTIME: &CStr = c"user_time";
pub const VIR_DOMAIN_CPU_STATS_SYSTEMTIME: &CStr = c"system_time";
pub const VIR_DOMAIN_CPU_STATS_VCPUTIME: &CStr = c"vcpu_time";
pub const VIR_DOMAIN_BLKIO_WEIGHT: &CStr = c"weight";
pub const VIR_DOMAIN_BLKIO_DEVICE_WEIGHT: &CStr = c"device_weight";
pub const VIR_DOMAIN_BLKIO_DEVICE_READ_IOPS: &CStr = c"device_read_iops_sec";
pub const VIR_DOMAIN_BLKIO_DEVICE_WRITE_IOPS: &CStr = c"device_write_iops_sec";
pub const VIR_DOMAIN_BLKIO_DEVICE_READ_BPS: &CStr = c"device_read_bytes_sec";
pub const VIR_DOMAIN_BLKIO_DEVICE_WRITE_BPS: &CStr = c"device_write_bytes_sec";
pub const VIR_DOMAIN_MEMORY_HARD_LIMIT: &CStr = c"hard_limit";
pub const VIR_DOMAIN_MEMORY_SOFT_LIMIT: &CStr = c"soft_limit";
pub const VIR_DOMAIN_MEMORY_MIN_GUARANTEE: &CStr = c"min_guarantee";
pub const VIR_DOMAIN_MEMORY_SWAP_HARD_LIMIT: &CStr = c"swap_hard_limit";
pub const VIR_DOMAIN_NUMA_NODESET: &CStr = c"numa_nodeset";
pub const VIR_DOMAIN_NUMA_MODE: &CStr = c"numa_mode";
pub const VIR_DOMAIN_BANDWIDTH_IN_AVERAGE: &CStr = c"inbound.average";
pub const VIR_DOMAIN_BANDWIDTH_IN_PEAK: &CStr = c"inbound.peak";
pub const VIR_DOMAIN_BANDWIDTH_IN_BURST: &CStr = c"inbound.burst";
pub const VIR_DOMAIN_BANDWIDTH_IN_FLOOR: &CStr = c"inbound.floor";
pub const VIR_DOMAIN_BANDWIDTH_OUT_AVERAGE: &CStr = c"outbound.average";
pub const VIR_DOMAIN_BANDWIDTH_OUT_PEAK: &CStr = c"outbound.peak";
pub const VIR_DOMAIN_BANDWIDTH_OUT_BURST: &CStr = c"outbound.burst";
pub const VIR_DOMAIN_IOTHREAD_POLL_MAX_NS: &CStr = c"poll_max_ns";
pub const VIR_DOMAIN_IOTHREAD_POLL_GROW: &CStr = c"poll_grow";
pub const VIR_DOMAIN_IOTHREAD_POLL_SHRINK: &CStr = c"poll_shrink";
pub const VIR_DOMAIN_IOTHREAD_THREAD_POOL_MIN: &CStr = c"thread_pool_min";
pub const VIR_DOMAIN_IOTHREAD_THREAD_POOL_MAX: &CStr = c"thread_pool_max";
pub const VIR_PERF_PARAM_CMT: &CStr = c"cmt";
pub const VIR_PERF_PARAM_MBMT: &CStr = c"mbmt";
pub const VIR_PERF_PARAM_MBML: &CStr = c"mbml";
pub const VIR_PERF_PARAM_CACHE_MISSES: &CStr = c"cache_misses";
pub const VIR_PERF_PARAM_CACHE_REFERENCES: &CStr = c"cache_references";
pub const VIR_PERF_PARAM_INSTRUCTIONS: &CStr = c"instructions";
pub const VIR_PERF_PARAM_CPU_CYCLES: &CStr = c"cpu_cycles";
pub const VIR_PERF_PARAM_BRANCH_INSTRUCTIONS: &CStr = c"branch_instructions";
pub const VIR_PERF_PARAM_BRANCH_MISSES: &CStr = c"branch_misses";
pub const VIR_PERF_PARAM_BUS_CYCLES: &CStr = c"bus_cycles";
pub const VIR_PERF_PARAM_STALLED_CYCLES_FRONTEND: &CStr = c"stalled_cycles_frontend";
pub const VIR_PERF_PARAM_STALLED_CYCLES_BACKEND: &CStr = c"stalled_cycles_backend";
pub const VIR_PERF_PARAM_REF_CPU_CYCLES: &CStr = c"ref_cpu_cycles";
pub const VIR_PERF_PARAM_CPU_CLOCK: &CStr = c"cpu_clock";
pub const VIR_PERF_PARAM_TASK_CLOCK: &CStr = c"task_clock";
pub const VIR_PERF_PARAM_PAGE_FAULTS: &CStr = c"page_faults";
pub const VIR_PERF_PARAM_CONTEXT_SWITCHES: &CStr = c"context_switches";
pub const VIR_PERF_PARAM_CPU_MIGRATIONS: &CStr = c"cpu_migrations";
pub const VIR_PERF_PARAM_PAGE_FAULTS_MIN: &CStr = c"page_faults_min";
pub const VIR_PERF_PARAM_PAGE_FAULTS_MAJ: &CStr = c"page_faults_maj";
pub const VIR_PERF_PARAM_ALIGNMENT_FAULTS: &CStr = c"alignment_faults";
pub const VIR_PERF_PARAM_EMULATION_FAULTS: &CStr = c"emulation_faults";
pub const VIR_DOMAIN_BLOCK_COPY_BANDWIDTH: &CStr = c"bandwidth";
pub const VIR_DOMAIN_BLOCK_COPY_GRANULARITY: &CStr = c"granularity";
pub const VIR_DOMAIN_BLOCK_COPY_BUF_SIZE: &CStr = c"buf-size";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC: &CStr = c"total_bytes_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC: &CStr = c"read_bytes_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC: &CStr = c"write_bytes_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC: &CStr = c"total_iops_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC: &CStr = c"read_iops_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC: &CStr = c"write_iops_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX: &CStr = c"total_bytes_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX: &CStr = c"read_bytes_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX: &CStr = c"write_bytes_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX: &CStr = c"total_iops_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX: &CStr = c"read_iops_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX: &CStr = c"write_iops_sec_max";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_BYTES_SEC_MAX_LENGTH: &CStr = c"total_bytes_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_BYTES_SEC_MAX_LENGTH: &CStr = c"read_bytes_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_BYTES_SEC_MAX_LENGTH: &CStr = c"write_bytes_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_TOTAL_IOPS_SEC_MAX_LENGTH: &CStr = c"total_iops_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_READ_IOPS_SEC_MAX_LENGTH: &CStr = c"read_iops_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_WRITE_IOPS_SEC_MAX_LENGTH: &CStr = c"write_iops_sec_max_length";
pub const VIR_DOMAIN_BLOCK_IOTUNE_SIZE_IOPS_SEC: &CStr = c"size_iops_sec";
pub const VIR_DOMAIN_BLOCK_IOTUNE_GROUP_NAME: &CStr = c"group_name";
pub const VIR_DOMAIN_JOB_OPERATION: &CStr = c"operation";
pub const VIR_DOMAIN_JOB_TIME_ELAPSED: &CStr = c"time_elapsed";
pub const VIR_DOMAIN_JOB_TIME_ELAPSED_NET: &CStr = c"time_elapsed_net";
pub const VIR_DOMAIN_JOB_TIME_REMAINING: &CStr = c"time_remaining";
pub const VIR_DOMAIN_JOB_DOWNTIME: &CStr = c"downtime";
pub const VIR_DOMAIN_JOB_DOWNTIME_NET: &CStr = c"downtime_net";
pub const VIR_DOMAIN_JOB_SETUP_TIME: &CStr = c"setup_time";
pub const VIR_DOMAIN_JOB_DATA_TOTAL: &CStr = c"data_total";
pub const VIR_DOMAIN_JOB_DATA_PROCESSED: &CStr = c"data_processed";
pub const VIR_DOMAIN_JOB_DATA_REMAINING: &CStr = c"data_remaining";
pub const VIR_DOMAIN_JOB_MEMORY_TOTAL: &CStr = c"memory_total";
pub const VIR_DOMAIN_JOB_MEMORY_PROCESSED: &CStr = c"memory_processed";
pub const VIR_DOMAIN_JOB_MEMORY_REMAINING: &CStr = c"memory_remaining";
pub const VIR_DOMAIN_JOB_MEMORY_CONSTANT: &CStr = c"memory_constant";
pub const VIR_DOMAIN_JOB_MEMORY_NORMAL: &CStr = c"memory_normal";
pub const VIR_DOMAIN_JOB_MEMORY_NORMAL_BYTES: &CStr = c"memory_normal_bytes";
pub const VIR_DOMAIN_JOB_MEMORY_BPS: &CStr = c"memory_bps";
pub const VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE: &CStr = c"memory_dirty_rate";
pub const VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE: &CStr = c"memory_page_size";
pub const VIR_DOMAIN_JOB_MEMORY_ITERATION: &CStr = c"memory_iteration";
pub const VIR_DOMAIN_JOB_MEMORY_POSTCOPY_REQS: &CStr = c"memory_postcopy_requests";
pub const VIR_DOMAIN_JOB_DISK_TOTAL: &CStr = c"disk_total";
pub const VIR_DOMAIN_JOB_DISK_PROCESSED: &CStr = c"disk_processed";
pub const VIR_DOMAIN_JOB_DISK_REMAINING: &CStr = c"disk_remaining";
pub const VIR_DOMAIN_JOB_DISK_BPS: &CStr = c"disk_bps";
pub const VIR_DOMAIN_JOB_COMPRESSION_CACHE: &CStr = c"compression_cache";
pub const VIR_DOMAIN_JOB_COMPRESSION_BYTES: &CStr = c"compression_bytes";
pub const VIR_DOMAIN_JOB_COMPRESSION_PAGES: &CStr = c"compression_pages";
pub const VIR_DOMAIN_JOB_COMPRESSION_CACHE_MISSES: &CStr = c"compression_cache_misses";
pub const VIR_DOMAIN_JOB_COMPRESSION_OVERFLOW: &CStr = c"compression_overflow";
pub const VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE: &CStr = c"auto_converge_throttle";
pub const VIR_DOMAIN_JOB_SUCCESS: &CStr = c"success";
pub const VIR_DOMAIN_JOB_ERRMSG: &CStr = c"errmsg";
pub const VIR_DOMAIN_JOB_DISK_TEMP_USED: &CStr = c"disk_temp_used";
pub const VIR_DOMAIN_JOB_DISK_TEMP_TOTAL: &CStr = c"disk_temp_total";
pub const VIR_DOMAIN_TUNABLE_CPU_VCPUPIN: &CStr = c"cputune.vcpupin%u";
pub const VIR_DOMAIN_TUNABLE_CPU_EMULATORPIN: &CStr = c"cputune.emulatorpin";
pub const VIR_DOMAIN_TUNABLE_CPU_IOTHREADSPIN: &CStr = c"cputune.iothreadpin%u";
pub const VIR_DOMAIN_TUNABLE_CPU_CPU_SHARES: &CStr = c"cputune.cpu_shares";
pub const VIR_DOMAIN_TUNABLE_CPU_GLOBAL_PERIOD: &CStr = c"cputune.global_period";
pub const VIR_DOMAIN_TUNABLE_CPU_GLOBAL_QUOTA: &CStr = c"cputune.global_quota";
pub const VIR_DOMAIN_TUNABLE_CPU_VCPU_PERIOD: &CStr = c"cputune.vcpu_period";
pub const VIR_DOMAIN_TUNABLE_CPU_VCPU_QUOTA: &CStr = c"cputune.vcpu_quota";
pub const VIR_DOMAIN_TUNABLE_CPU_EMULATOR_PERIOD: &CStr = c"cputune.emulator_period";
pub const VIR_DOMAIN_TUNABLE_CPU_EMULATOR_QUOTA: &CStr = c"cputune.emulator_quota";
pub const VIR_DOMAIN_TUNABLE_CPU_IOTHREAD_PERIOD: &CStr = c"cputune.iothread_period";
pub const VIR_DOMAIN_TUNABLE_CPU_IOTHREAD_QUOTA: &CStr = c"cputune.iothread_quota";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_DISK: &CStr = c"blkdeviotune.disk";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_BYTES_SEC: &CStr = c"blkdeviotune.total_bytes_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_BYTES_SEC: &CStr = c"blkdeviotune.read_bytes_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_BYTES_SEC: &CStr = c"blkdeviotune.write_bytes_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_IOPS_SEC: &CStr = c"blkdeviotune.total_iops_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_IOPS_SEC: &CStr = c"blkdeviotune.read_iops_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_IOPS_SEC: &CStr = c"blkdeviotune.write_iops_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_BYTES_SEC_MAX: &CStr =
    c"blkdeviotune.total_bytes_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_BYTES_SEC_MAX: &CStr = c"blkdeviotune.read_bytes_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_BYTES_SEC_MAX: &CStr =
    c"blkdeviotune.write_bytes_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_IOPS_SEC_MAX: &CStr = c"blkdeviotune.total_iops_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_IOPS_SEC_MAX: &CStr = c"blkdeviotune.read_iops_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_IOPS_SEC_MAX: &CStr = c"blkdeviotune.write_iops_sec_max";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_SIZE_IOPS_SEC: &CStr = c"blkdeviotune.size_iops_sec";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_GROUP_NAME: &CStr = c"blkdeviotune.group_name";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_BYTES_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.total_bytes_sec_max_length";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_BYTES_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.read_bytes_sec_max_length";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_BYTES_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.write_bytes_sec_max_length";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_TOTAL_IOPS_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.total_iops_sec_max_length";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_READ_IOPS_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.read_iops_sec_max_length";
pub const VIR_DOMAIN_TUNABLE_BLKDEV_WRITE_IOPS_SEC_MAX_LENGTH: &CStr =
    c"blkdeviotune.write_iops_sec_max_length";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_MEASUREMENT: &CStr = c"sev-measurement";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MAJOR: &CStr = c"sev-api-major";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_API_MINOR: &CStr = c"sev-api-minor";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_BUILD_ID: &CStr = c"sev-build-id";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_POLICY: &CStr = c"sev-policy";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_HEADER: &CStr = c"sev-secret-header";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET: &CStr = c"sev-secret";
pub const VIR_DOMAIN_LAUNCH_SECURITY_SEV_SECRET_SET_ADDRESS: &CStr = c"sev-secret-set-address";

/// C `virDomainState` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainState {
    VIR_DOMAIN_NOSTATE = 0,
    VIR_DOMAIN_RUNNING = 1,
    VIR_DOMAIN_BLOCKED = 2,
    VIR_DOMAIN_PAUSED = 3,
    VIR_DOMAIN_SHUTDOWN = 4,
    VIR_DOMAIN_SHUTOFF = 5,
    VIR_DOMAIN_CRASHED = 6,
    VIR_DOMAIN_PMSUSPENDED = 7,
}

/// C `virDomainNostateReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainNostateReason {
    VIR_DOMAIN_NOSTATE_UNKNOWN = 0,
}

/// C `virDomainRunningReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainRunningReason {
    VIR_DOMAIN_RUNNING_UNKNOWN = 0,
    VIR_DOMAIN_RUNNING_BOOTED = 1,
    VIR_DOMAIN_RUNNING_MIGRATED = 2,
    VIR_DOMAIN_RUNNING_RESTORED = 3,
    VIR_DOMAIN_RUNNING_FROM_SNAPSHOT = 4,
    VIR_DOMAIN_RUNNING_UNPAUSED = 5,
    VIR_DOMAIN_RUNNING_MIGRATION_CANCELED = 6,
    VIR_DOMAIN_RUNNING_SAVE_CANCELED = 7,
    VIR_DOMAIN_RUNNING_WAKEUP = 8,
    VIR_DOMAIN_RUNNING_CRASHED = 9,
    VIR_DOMAIN_RUNNING_POSTCOPY = 10,
    VIR_DOMAIN_RUNNING_POSTCOPY_FAILED = 11,
}

/// C `virDomainBlockedReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockedReason {
    VIR_DOMAIN_BLOCKED_UNKNOWN = 0,
}

/// C `virDomainPausedReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainPausedReason {
    VIR_DOMAIN_PAUSED_UNKNOWN = 0,
    VIR_DOMAIN_PAUSED_USER = 1,
    VIR_DOMAIN_PAUSED_MIGRATION = 2,
    VIR_DOMAIN_PAUSED_SAVE = 3,
    VIR_DOMAIN_PAUSED_DUMP = 4,
    VIR_DOMAIN_PAUSED_IOERROR = 5,
    VIR_DOMAIN_PAUSED_WATCHDOG = 6,
    VIR_DOMAIN_PAUSED_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_PAUSED_SHUTTING_DOWN = 8,
    VIR_DOMAIN_PAUSED_SNAPSHOT = 9,
    VIR_DOMAIN_PAUSED_CRASHED = 10,
    VIR_DOMAIN_PAUSED_STARTING_UP = 11,
    VIR_DOMAIN_PAUSED_POSTCOPY = 12,
    VIR_DOMAIN_PAUSED_POSTCOPY_FAILED = 13,
}

/// C `virDomainShutdownReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainShutdownReason {
    VIR_DOMAIN_SHUTDOWN_UNKNOWN = 0,
    VIR_DOMAIN_SHUTDOWN_USER = 1,
}

/// C `virDomainShutoffReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainShutoffReason {
    VIR_DOMAIN_SHUTOFF_UNKNOWN = 0,
    VIR_DOMAIN_SHUTOFF_SHUTDOWN = 1,
    VIR_DOMAIN_SHUTOFF_DESTROYED = 2,
    VIR_DOMAIN_SHUTOFF_CRASHED = 3,
    VIR_DOMAIN_SHUTOFF_MIGRATED = 4,
    VIR_DOMAIN_SHUTOFF_SAVED = 5,
    VIR_DOMAIN_SHUTOFF_FAILED = 6,
    VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_SHUTOFF_DAEMON = 8,
}

/// C `virDomainCrashedReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCrashedReason {
    VIR_DOMAIN_CRASHED_UNKNOWN = 0,
    VIR_DOMAIN_CRASHED_PANICKED = 1,
}

/// C `virDomainPMSuspendedReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainPMSuspendedReason {
    VIR_DOMAIN_PMSUSPENDED_UNKNOWN = 0,
}

/// C `virDomainPMSuspendedDiskReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainPMSuspendedDiskReason {
    VIR_DOMAIN_PMSUSPENDED_DISK_UNKNOWN = 0,
}

/// C `virDomainControlState` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainControlState {
    VIR_DOMAIN_CONTROL_OK = 0,
    VIR_DOMAIN_CONTROL_JOB = 1,
    VIR_DOMAIN_CONTROL_OCCUPIED = 2,
    VIR_DOMAIN_CONTROL_ERROR = 3,
}

/// C `virDomainControlErrorReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainControlErrorReason {
    VIR_DOMAIN_CONTROL_ERROR_REASON_NONE = 0,
    VIR_DOMAIN_CONTROL_ERROR_REASON_UNKNOWN = 1,
    VIR_DOMAIN_CONTROL_ERROR_REASON_MONITOR = 2,
    VIR_DOMAIN_CONTROL_ERROR_REASON_INTERNAL = 3,
}

/// Layout of C `struct _virDomainControlInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainControlInfo {
    pub state: c_uint,
    pub details: c_uint,
    pub stateTime: c_ulonglong,
}

/// C `virDomainControlInfoPtr` (libvirt-domain.h).
pub type virDomainControlInfoPtr = *mut virDomainControlInfo;

/// C `virDomainModificationImpact` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainModificationImpact {
    VIR_DOMAIN_AFFECT_CURRENT = 0,
    VIR_DOMAIN_AFFECT_LIVE = 1,
    VIR_DOMAIN_AFFECT_CONFIG = 2,
}

/// Layout of C `struct _virDomainInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainInfo {
    pub state: c_uchar,
    pub maxMem: c_ulong,
    pub memory: c_ulong,
    pub nrVirtCpu: c_ushort,
    pub cpuTime: c_ulonglong,
}

/// C `virDomainInfoPtr` (libvirt-domain.h).
pub type virDomainInfoPtr = *mut virDomainInfo;

/// C `virDomainCreateFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCreateFlags {
    VIR_DOMAIN_NONE = 0,
    VIR_DOMAIN_START_PAUSED = 1,
    VIR_DOMAIN_START_AUTODESTROY = 2,
    VIR_DOMAIN_START_BYPASS_CACHE = 4,
    VIR_DOMAIN_START_FORCE_BOOT = 8,
    VIR_DOMAIN_START_VALIDATE = 16,
    VIR_DOMAIN_START_RESET_NVRAM = 32,
}

/// Layout of C `struct _virDomainBlockStats` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainBlockStatsStruct {
    pub rd_req: c_longlong,
    pub rd_bytes: c_longlong,
    pub wr_req: c_longlong,
    pub wr_bytes: c_longlong,
    pub errs: c_longlong,
}

/// C `virDomainBlockStatsPtr` (libvirt-domain.h).
pub type virDomainBlockStatsPtr = *mut virDomainBlockStatsStruct;

/// Layout of C `struct _virDomainInterfaceStats` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainInterfaceStatsStruct {
    pub rx_bytes: c_longlong,
    pub rx_packets: c_longlong,
    pub rx_errs: c_longlong,
    pub rx_drop: c_longlong,
    pub tx_bytes: c_longlong,
    pub tx_packets: c_longlong,
    pub tx_errs: c_longlong,
    pub tx_drop: c_longlong,
}

/// C `virDomainInterfaceStatsPtr` (libvirt-domain.h).
pub type virDomainInterfaceStatsPtr = *mut virDomainInterfaceStatsStruct;

/// C `virDomainMemoryStatTags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryStatTags {
    VIR_DOMAIN_MEMORY_STAT_SWAP_IN = 0,
    VIR_DOMAIN_MEMORY_STAT_SWAP_OUT = 1,
    VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT = 2,
    VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT = 3,
    VIR_DOMAIN_MEMORY_STAT_UNUSED = 4,
    VIR_DOMAIN_MEMORY_STAT_AVAILABLE = 5,
    VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON = 6,
    VIR_DOMAIN_MEMORY_STAT_RSS = 7,
    VIR_DOMAIN_MEMORY_STAT_USABLE = 8,
    VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE = 9,
    VIR_DOMAIN_MEMORY_STAT_DISK_CACHES = 10,
    VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC = 11,
    VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL = 12,
    VIR_DOMAIN_MEMORY_STAT_NR = 13,
}

/// Layout of C `struct _virDomainMemoryStat` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainMemoryStatStruct {
    pub tag: c_int,
    pub val: c_ulonglong,
}

/// C `virDomainMemoryStatPtr` (libvirt-domain.h).
pub type virDomainMemoryStatPtr = *mut virDomainMemoryStatStruct;

/// C `virDomainCoreDumpFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCoreDumpFlags {
    VIR_DUMP_CRASH = 1,
    VIR_DUMP_LIVE = 2,
    VIR_DUMP_BYPASS_CACHE = 4,
    VIR_DUMP_RESET = 8,
    VIR_DUMP_MEMORY_ONLY = 16,
}

/// C `virDomainCoreDumpFormat` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainCoreDumpFormat {
    VIR_DOMAIN_CORE_DUMP_FORMAT_RAW = 0,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB = 1,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_LZO = 2,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_SNAPPY = 3,
    VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP = 4,
}

/// C `virDomainMigrateFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMigrateFlags {
    VIR_MIGRATE_LIVE = 1,
    VIR_MIGRATE_PEER2PEER = 2,
    VIR_MIGRATE_TUNNELLED = 4,
    VIR_MIGRATE_PERSIST_DEST = 8,
    VIR_MIGRATE_UNDEFINE_SOURCE = 16,
    VIR_MIGRATE_PAUSED = 32,
    VIR_MIGRATE_NON_SHARED_DISK = 64,
    VIR_MIGRATE_NON_SHARED_INC = 128,
    VIR_MIGRATE_CHANGE_PROTECTION = 256,
    VIR_MIGRATE_UNSAFE = 512,
    VIR_MIGRATE_OFFLINE = 1024,
    VIR_MIGRATE_COMPRESSED = 2048,
    VIR_MIGRATE_ABORT_ON_ERROR = 4096,
    VIR_MIGRATE_AUTO_CONVERGE = 8192,
    VIR_MIGRATE_RDMA_PIN_ALL = 16384,
    VIR_MIGRATE_POSTCOPY = 32768,
    VIR_MIGRATE_TLS = 65536,
    VIR_MIGRATE_PARALLEL = 131072,
    VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES = 262144,
    VIR_MIGRATE_POSTCOPY_RESUME = 524288,
    VIR_MIGRATE_ZEROCOPY = 1048576,
}

/// C `virDomainMigrateMaxSpeedFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMigrateMaxSpeedFlags {
    VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY = 1,
}

/// C `virDomainShutdownFlagValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainShutdownFlagValues {
    VIR_DOMAIN_SHUTDOWN_DEFAULT = 0,
    VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN = 1,
    VIR_DOMAIN_SHUTDOWN_GUEST_AGENT = 2,
    VIR_DOMAIN_SHUTDOWN_INITCTL = 4,
    VIR_DOMAIN_SHUTDOWN_SIGNAL = 8,
    VIR_DOMAIN_SHUTDOWN_PARAVIRT = 16,
}

/// C `virDomainRebootFlagValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainRebootFlagValues {
    VIR_DOMAIN_REBOOT_DEFAULT = 0,
    VIR_DOMAIN_REBOOT_ACPI_POWER_BTN = 1,
    VIR_DOMAIN_REBOOT_GUEST_AGENT = 2,
    VIR_DOMAIN_REBOOT_INITCTL = 4,
    VIR_DOMAIN_REBOOT_SIGNAL = 8,
    VIR_DOMAIN_REBOOT_PARAVIRT = 16,
}

/// C `virDomainDestroyFlagsValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDestroyFlagsValues {
    VIR_DOMAIN_DESTROY_DEFAULT = 0,
    VIR_DOMAIN_DESTROY_GRACEFUL = 1,
    VIR_DOMAIN_DESTROY_REMOVE_LOGS = 2,
}

/// C `virDomainSaveRestoreFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSaveRestoreFlags {
    VIR_DOMAIN_SAVE_BYPASS_CACHE = 1,
    VIR_DOMAIN_SAVE_RUNNING = 2,
    VIR_DOMAIN_SAVE_PAUSED = 4,
    VIR_DOMAIN_SAVE_RESET_NVRAM = 8,
}

/// C `virDomainMemoryModFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryModFlags {
    VIR_DOMAIN_MEM_CURRENT = 0,
    VIR_DOMAIN_MEM_LIVE = 1,
    VIR_DOMAIN_MEM_CONFIG = 2,
    VIR_DOMAIN_MEM_MAXIMUM = 4,
}

/// C `virDomainNumatuneMemMode` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainNumatuneMemMode {
    VIR_DOMAIN_NUMATUNE_MEM_STRICT = 0,
    VIR_DOMAIN_NUMATUNE_MEM_PREFERRED = 1,
    VIR_DOMAIN_NUMATUNE_MEM_INTERLEAVE = 2,
    VIR_DOMAIN_NUMATUNE_MEM_RESTRICTIVE = 3,
}

/// C `virDomainGetHostnameFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainGetHostnameFlags {
    VIR_DOMAIN_GET_HOSTNAME_LEASE = 1,
    VIR_DOMAIN_GET_HOSTNAME_AGENT = 2,
}

/// C `virDomainMetadataType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMetadataType {
    VIR_DOMAIN_METADATA_DESCRIPTION = 0,
    VIR_DOMAIN_METADATA_TITLE = 1,
    VIR_DOMAIN_METADATA_ELEMENT = 2,
}

/// C `virDomainXMLFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainXMLFlags {
    VIR_DOMAIN_XML_SECURE = 1,
    VIR_DOMAIN_XML_INACTIVE = 2,
    VIR_DOMAIN_XML_UPDATE_CPU = 4,
    VIR_DOMAIN_XML_MIGRATABLE = 8,
}

/// C `virDomainSaveImageXMLFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSaveImageXMLFlags {
    VIR_DOMAIN_SAVE_IMAGE_XML_SECURE = 1,
}

/// C `virDomainBlockResizeFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockResizeFlags {
    VIR_DOMAIN_BLOCK_RESIZE_BYTES = 1,
}

/// C `virDomainBlockInfoPtr` (libvirt-domain.h).
pub type virDomainBlockInfoPtr = *mut virDomainBlockInfo;

/// Layout of C `struct _virDomainBlockInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainBlockInfo {
    pub capacity: c_ulonglong,
    pub allocation: c_ulonglong,
    pub physical: c_ulonglong,
}

/// C `virDomainMemoryFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryFlags {
    VIR_MEMORY_VIRTUAL = 1,
    VIR_MEMORY_PHYSICAL = 2,
}

/// C `virDomainDefineFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDefineFlags {
    VIR_DOMAIN_DEFINE_VALIDATE = 1,
}

/// C `virDomainUndefineFlagsValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainUndefineFlagsValues {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = 1,
    VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA = 2,
    VIR_DOMAIN_UNDEFINE_NVRAM = 4,
    VIR_DOMAIN_UNDEFINE_KEEP_NVRAM = 8,
    VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA = 16,
    VIR_DOMAIN_UNDEFINE_TPM = 32,
    VIR_DOMAIN_UNDEFINE_KEEP_TPM = 64,
}

/// C `virConnectListAllDomainsFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectListAllDomainsFlags {
    VIR_CONNECT_LIST_DOMAINS_ACTIVE = 1,
    VIR_CONNECT_LIST_DOMAINS_INACTIVE = 2,
    VIR_CONNECT_LIST_DOMAINS_PERSISTENT = 4,
    VIR_CONNECT_LIST_DOMAINS_TRANSIENT = 8,
    VIR_CONNECT_LIST_DOMAINS_RUNNING = 16,
    VIR_CONNECT_LIST_DOMAINS_PAUSED = 32,
    VIR_CONNECT_LIST_DOMAINS_SHUTOFF = 64,
    VIR_CONNECT_LIST_DOMAINS_OTHER = 128,
    VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE = 256,
    VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE = 512,
    VIR_CONNECT_LIST_DOMAINS_AUTOSTART = 1024,
    VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART = 2048,
    VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT = 4096,
    VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT = 8192,
    VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT = 16384,
    VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT = 32768,
}

/// C `virVcpuState` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virVcpuState {
    VIR_VCPU_OFFLINE = 0,
    VIR_VCPU_RUNNING = 1,
    VIR_VCPU_BLOCKED = 2,
}

/// C `virVcpuHostCpuState` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virVcpuHostCpuState {
    VIR_VCPU_INFO_CPU_OFFLINE = -1,
    VIR_VCPU_INFO_CPU_UNAVAILABLE = -2,
}

/// Layout of C `struct _virVcpuInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virVcpuInfo {
    pub number: c_uint,
    pub state: c_int,
    pub cpuTime: c_ulonglong,
    pub cpu: c_int,
}

/// C `virVcpuInfoPtr` (libvirt-domain.h).
pub type virVcpuInfoPtr = *mut virVcpuInfo;

/// C `virDomainVcpuFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainVcpuFlags {
    VIR_DOMAIN_VCPU_CURRENT = 0,
    VIR_DOMAIN_VCPU_LIVE = 1,
    VIR_DOMAIN_VCPU_CONFIG = 2,
    VIR_DOMAIN_VCPU_MAXIMUM = 4,
    VIR_DOMAIN_VCPU_GUEST = 8,
    VIR_DOMAIN_VCPU_HOTPLUGGABLE = 16,
}

/// C `virDomainIOThreadInfoPtr` (libvirt-domain.h).
pub type virDomainIOThreadInfoPtr = *mut virDomainIOThreadInfo;

/// Layout of C `struct _virDomainIOThreadInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainIOThreadInfo {
    pub iothread_id: c_uint,
    pub cpumap: *mut c_uchar,
    pub cpumaplen: c_int,
}

/// C `virDomainDeviceModifyFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDeviceModifyFlags {
    VIR_DOMAIN_DEVICE_MODIFY_CURRENT = 0,
    VIR_DOMAIN_DEVICE_MODIFY_LIVE = 1,
    VIR_DOMAIN_DEVICE_MODIFY_CONFIG = 2,
    VIR_DOMAIN_DEVICE_MODIFY_FORCE = 4,
}

/// C `virDomainStatsRecordPtr` (libvirt-domain.h).
pub type virDomainStatsRecordPtr = *mut virDomainStatsRecord;

/// Layout of C `struct _virDomainStatsRecord` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainStatsRecord {
    pub dom: virDomainPtr,
    pub params: virTypedParameterPtr,
    pub nparams: c_int,
}

/// C `virDomainStatsTypes` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainStatsTypes {
    VIR_DOMAIN_STATS_STATE = 1,
    VIR_DOMAIN_STATS_CPU_TOTAL = 2,
    VIR_DOMAIN_STATS_BALLOON = 4,
    VIR_DOMAIN_STATS_VCPU = 8,
    VIR_DOMAIN_STATS_INTERFACE = 16,
    VIR_DOMAIN_STATS_BLOCK = 32,
    VIR_DOMAIN_STATS_PERF = 64,
    VIR_DOMAIN_STATS_IOTHREAD = 128,
    VIR_DOMAIN_STATS_MEMORY = 256,
    VIR_DOMAIN_STATS_DIRTYRATE = 512,
    VIR_DOMAIN_STATS_VM = 1024,
}

/// C `virConnectGetAllDomainStatsFlags` (libvirt-domain.h). Some values repeat, so these are plain constants.
pub type virConnectGetAllDomainStatsFlags = c_uint;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE: virConnectGetAllDomainStatsFlags = 1;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE: virConnectGetAllDomainStatsFlags = 2;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT: virConnectGetAllDomainStatsFlags = 4;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT: virConnectGetAllDomainStatsFlags = 8;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING: virConnectGetAllDomainStatsFlags = 16;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED: virConnectGetAllDomainStatsFlags = 32;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF: virConnectGetAllDomainStatsFlags = 64;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER: virConnectGetAllDomainStatsFlags = 128;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT: virConnectGetAllDomainStatsFlags = 536870912;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING: virConnectGetAllDomainStatsFlags = 1073741824;
pub const VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS: virConnectGetAllDomainStatsFlags =
    2147483648;

/// C `virDomainBlockJobType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockJobType {
    VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN = 0,
    VIR_DOMAIN_BLOCK_JOB_TYPE_PULL = 1,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COPY = 2,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT = 3,
    VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT = 4,
    VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP = 5,
}

/// C `virDomainBlockJobAbortFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockJobAbortFlags {
    VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC = 1,
    VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT = 2,
}

/// C `virDomainBlockJobInfoFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockJobInfoFlags {
    VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES = 1,
}

/// C `virDomainBlockJobCursor` (libvirt-domain.h).
pub type virDomainBlockJobCursor = c_ulonglong;

/// Layout of C `struct _virDomainBlockJobInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainBlockJobInfo {
    pub r#type: c_int,
    pub bandwidth: c_ulong,
    pub cur: virDomainBlockJobCursor,
    pub end: virDomainBlockJobCursor,
}

/// C `virDomainBlockJobInfoPtr` (libvirt-domain.h).
pub type virDomainBlockJobInfoPtr = *mut virDomainBlockJobInfo;

/// C `virDomainBlockJobSetSpeedFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockJobSetSpeedFlags {
    VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES = 1,
}

/// C `virDomainBlockPullFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockPullFlags {
    VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES = 64,
}

/// C `virDomainBlockRebaseFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockRebaseFlags {
    VIR_DOMAIN_BLOCK_REBASE_SHALLOW = 1,
    VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT = 2,
    VIR_DOMAIN_BLOCK_REBASE_COPY_RAW = 4,
    VIR_DOMAIN_BLOCK_REBASE_COPY = 8,
    VIR_DOMAIN_BLOCK_REBASE_RELATIVE = 16,
    VIR_DOMAIN_BLOCK_REBASE_COPY_DEV = 32,
    VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES = 64,
}

/// C `virDomainBlockCopyFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockCopyFlags {
    VIR_DOMAIN_BLOCK_COPY_SHALLOW = 1,
    VIR_DOMAIN_BLOCK_COPY_REUSE_EXT = 2,
    VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB = 4,
    VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES = 8,
}

/// C `virDomainBlockCommitFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBlockCommitFlags {
    VIR_DOMAIN_BLOCK_COMMIT_SHALLOW = 1,
    VIR_DOMAIN_BLOCK_COMMIT_DELETE = 2,
    VIR_DOMAIN_BLOCK_COMMIT_ACTIVE = 4,
    VIR_DOMAIN_BLOCK_COMMIT_RELATIVE = 8,
    VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES = 16,
}

/// C `virDomainDiskErrorCode` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDiskErrorCode {
    VIR_DOMAIN_DISK_ERROR_NONE = 0,
    VIR_DOMAIN_DISK_ERROR_UNSPEC = 1,
    VIR_DOMAIN_DISK_ERROR_NO_SPACE = 2,
}

/// C `virDomainDiskErrorPtr` (libvirt-domain.h).
pub type virDomainDiskErrorPtr = *mut virDomainDiskError;

/// Layout of C `struct _virDomainDiskError` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainDiskError {
    pub disk: *mut c_char,
    pub error: c_int,
}

/// C `virKeycodeSet` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virKeycodeSet {
    VIR_KEYCODE_SET_LINUX = 0,
    VIR_KEYCODE_SET_XT = 1,
    VIR_KEYCODE_SET_ATSET1 = 2,
    VIR_KEYCODE_SET_ATSET2 = 3,
    VIR_KEYCODE_SET_ATSET3 = 4,
    VIR_KEYCODE_SET_OSX = 5,
    VIR_KEYCODE_SET_XT_KBD = 6,
    VIR_KEYCODE_SET_USB = 7,
    VIR_KEYCODE_SET_WIN32 = 8,
    VIR_KEYCODE_SET_QNUM = 9,
}

/// C `virDomainProcessSignal` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainProcessSignal {
    VIR_DOMAIN_PROCESS_SIGNAL_NOP = 0,
    VIR_DOMAIN_PROCESS_SIGNAL_HUP = 1,
    VIR_DOMAIN_PROCESS_SIGNAL_INT = 2,
    VIR_DOMAIN_PROCESS_SIGNAL_QUIT = 3,
    VIR_DOMAIN_PROCESS_SIGNAL_ILL = 4,
    VIR_DOMAIN_PROCESS_SIGNAL_TRAP = 5,
    VIR_DOMAIN_PROCESS_SIGNAL_ABRT = 6,
    VIR_DOMAIN_PROCESS_SIGNAL_BUS = 7,
    VIR_DOMAIN_PROCESS_SIGNAL_FPE = 8,
    VIR_DOMAIN_PROCESS_SIGNAL_KILL = 9,
    VIR_DOMAIN_PROCESS_SIGNAL_USR1 = 10,
    VIR_DOMAIN_PROCESS_SIGNAL_SEGV = 11,
    VIR_DOMAIN_PROCESS_SIGNAL_USR2 = 12,
    VIR_DOMAIN_PROCESS_SIGNAL_PIPE = 13,
    VIR_DOMAIN_PROCESS_SIGNAL_ALRM = 14,
    VIR_DOMAIN_PROCESS_SIGNAL_TERM = 15,
    VIR_DOMAIN_PROCESS_SIGNAL_STKFLT = 16,
    VIR_DOMAIN_PROCESS_SIGNAL_CHLD = 17,
    VIR_DOMAIN_PROCESS_SIGNAL_CONT = 18,
    VIR_DOMAIN_PROCESS_SIGNAL_STOP = 19,
    VIR_DOMAIN_PROCESS_SIGNAL_TSTP = 20,
    VIR_DOMAIN_PROCESS_SIGNAL_TTIN = 21,
    VIR_DOMAIN_PROCESS_SIGNAL_TTOU = 22,
    VIR_DOMAIN_PROCESS_SIGNAL_URG = 23,
    VIR_DOMAIN_PROCESS_SIGNAL_XCPU = 24,
    VIR_DOMAIN_PROCESS_SIGNAL_XFSZ = 25,
    VIR_DOMAIN_PROCESS_SIGNAL_VTALRM = 26,
    VIR_DOMAIN_PROCESS_SIGNAL_PROF = 27,
    VIR_DOMAIN_PROCESS_SIGNAL_WINCH = 28,
    VIR_DOMAIN_PROCESS_SIGNAL_POLL = 29,
    VIR_DOMAIN_PROCESS_SIGNAL_PWR = 30,
    VIR_DOMAIN_PROCESS_SIGNAL_SYS = 31,
    VIR_DOMAIN_PROCESS_SIGNAL_RT0 = 32,
    VIR_DOMAIN_PROCESS_SIGNAL_RT1 = 33,
    VIR_DOMAIN_PROCESS_SIGNAL_RT2 = 34,
    VIR_DOMAIN_PROCESS_SIGNAL_RT3 = 35,
    VIR_DOMAIN_PROCESS_SIGNAL_RT4 = 36,
    VIR_DOMAIN_PROCESS_SIGNAL_RT5 = 37,
    VIR_DOMAIN_PROCESS_SIGNAL_RT6 = 38,
    VIR_DOMAIN_PROCESS_SIGNAL_RT7 = 39,
    VIR_DOMAIN_PROCESS_SIGNAL_RT8 = 40,
    VIR_DOMAIN_PROCESS_SIGNAL_RT9 = 41,
    VIR_DOMAIN_PROCESS_SIGNAL_RT10 = 42,
    VIR_DOMAIN_PROCESS_SIGNAL_RT11 = 43,
    VIR_DOMAIN_PROCESS_SIGNAL_RT12 = 44,
    VIR_DOMAIN_PROCESS_SIGNAL_RT13 = 45,
    VIR_DOMAIN_PROCESS_SIGNAL_RT14 = 46,
    VIR_DOMAIN_PROCESS_SIGNAL_RT15 = 47,
    VIR_DOMAIN_PROCESS_SIGNAL_RT16 = 48,
    VIR_DOMAIN_PROCESS_SIGNAL_RT17 = 49,
    VIR_DOMAIN_PROCESS_SIGNAL_RT18 = 50,
    VIR_DOMAIN_PROCESS_SIGNAL_RT19 = 51,
    VIR_DOMAIN_PROCESS_SIGNAL_RT20 = 52,
    VIR_DOMAIN_PROCESS_SIGNAL_RT21 = 53,
    VIR_DOMAIN_PROCESS_SIGNAL_RT22 = 54,
    VIR_DOMAIN_PROCESS_SIGNAL_RT23 = 55,
    VIR_DOMAIN_PROCESS_SIGNAL_RT24 = 56,
    VIR_DOMAIN_PROCESS_SIGNAL_RT25 = 57,
    VIR_DOMAIN_PROCESS_SIGNAL_RT26 = 58,
    VIR_DOMAIN_PROCESS_SIGNAL_RT27 = 59,
    VIR_DOMAIN_PROCESS_SIGNAL_RT28 = 60,
    VIR_DOMAIN_PROCESS_SIGNAL_RT29 = 61,
    VIR_DOMAIN_PROCESS_SIGNAL_RT30 = 62,
    VIR_DOMAIN_PROCESS_SIGNAL_RT31 = 63,
    VIR_DOMAIN_PROCESS_SIGNAL_RT32 = 64,
}

/// C `virDomainEventType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventType {
    VIR_DOMAIN_EVENT_DEFINED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED = 1,
    VIR_DOMAIN_EVENT_STARTED = 2,
    VIR_DOMAIN_EVENT_SUSPENDED = 3,
    VIR_DOMAIN_EVENT_RESUMED = 4,
    VIR_DOMAIN_EVENT_STOPPED = 5,
    VIR_DOMAIN_EVENT_SHUTDOWN = 6,
    VIR_DOMAIN_EVENT_PMSUSPENDED = 7,
    VIR_DOMAIN_EVENT_CRASHED = 8,
}

/// C `virDomainEventDefinedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventDefinedDetailType {
    VIR_DOMAIN_EVENT_DEFINED_ADDED = 0,
    VIR_DOMAIN_EVENT_DEFINED_UPDATED = 1,
    VIR_DOMAIN_EVENT_DEFINED_RENAMED = 2,
    VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT = 3,
}

/// C `virDomainEventUndefinedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventUndefinedDetailType {
    VIR_DOMAIN_EVENT_UNDEFINED_REMOVED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED_RENAMED = 1,
}

/// C `virDomainEventStartedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventStartedDetailType {
    VIR_DOMAIN_EVENT_STARTED_BOOTED = 0,
    VIR_DOMAIN_EVENT_STARTED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_STARTED_RESTORED = 2,
    VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT = 3,
    VIR_DOMAIN_EVENT_STARTED_WAKEUP = 4,
}

/// C `virDomainEventSuspendedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventSuspendedDetailType {
    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED = 0,
    VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_SUSPENDED_IOERROR = 2,
    VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_SUSPENDED_RESTORED = 4,
    VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT = 5,
    VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR = 6,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY = 7,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED = 8,
}

/// C `virDomainEventResumedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventResumedDetailType {
    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED = 0,
    VIR_DOMAIN_EVENT_RESUMED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT = 2,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY = 3,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY_FAILED = 4,
}

/// C `virDomainEventStoppedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventStoppedDetailType {
    VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN = 0,
    VIR_DOMAIN_EVENT_STOPPED_DESTROYED = 1,
    VIR_DOMAIN_EVENT_STOPPED_CRASHED = 2,
    VIR_DOMAIN_EVENT_STOPPED_MIGRATED = 3,
    VIR_DOMAIN_EVENT_STOPPED_SAVED = 4,
    VIR_DOMAIN_EVENT_STOPPED_FAILED = 5,
    VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT = 6,
}

/// C `virDomainEventShutdownDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventShutdownDetailType {
    VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED = 0,
    VIR_DOMAIN_EVENT_SHUTDOWN_GUEST = 1,
    VIR_DOMAIN_EVENT_SHUTDOWN_HOST = 2,
}

/// C `virDomainEventPMSuspendedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventPMSuspendedDetailType {
    VIR_DOMAIN_EVENT_PMSUSPENDED_MEMORY = 0,
    VIR_DOMAIN_EVENT_PMSUSPENDED_DISK = 1,
}

/// C `virDomainEventCrashedDetailType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventCrashedDetailType {
    VIR_DOMAIN_EVENT_CRASHED_PANICKED = 0,
    VIR_DOMAIN_EVENT_CRASHED_CRASHLOADED = 1,
}

/// C `virDomainMemoryFailureRecipientType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryFailureRecipientType {
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_RECIPIENT_HYPERVISOR = 0,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_RECIPIENT_GUEST = 1,
}

/// C `virDomainMemoryFailureActionType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryFailureActionType {
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_IGNORE = 0,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_INJECT = 1,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_FATAL = 2,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_RESET = 3,
}

/// C `virDomainMemoryFailureFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMemoryFailureFlags {
    VIR_DOMAIN_MEMORY_FAILURE_ACTION_REQUIRED = 1,
    VIR_DOMAIN_MEMORY_FAILURE_RECURSIVE = 2,
}

/// C callback type `virConnectDomainEventCallback` (libvirt-domain.h).
pub type virConnectDomainEventCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        event: c_int,
        detail: c_int,
        opaque: *mut c_void,
    ) -> c_int,
>;

/// C `virDomainJobType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainJobType {
    VIR_DOMAIN_JOB_NONE = 0,
    VIR_DOMAIN_JOB_BOUNDED = 1,
    VIR_DOMAIN_JOB_UNBOUNDED = 2,
    VIR_DOMAIN_JOB_COMPLETED = 3,
    VIR_DOMAIN_JOB_FAILED = 4,
    VIR_DOMAIN_JOB_CANCELLED = 5,
}

/// C `virDomainJobInfoPtr` (libvirt-domain.h).
pub type virDomainJobInfoPtr = *mut virDomainJobInfo;

/// Layout of C `struct _virDomainJobInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainJobInfo {
    pub r#type: c_int,
    pub timeElapsed: c_ulonglong,
    pub timeRemaining: c_ulonglong,
    pub dataTotal: c_ulonglong,
    pub dataProcessed: c_ulonglong,
    pub dataRemaining: c_ulonglong,
    pub memTotal: c_ulonglong,
    pub memProcessed: c_ulonglong,
    pub memRemaining: c_ulonglong,
    pub fileTotal: c_ulonglong,
    pub fileProcessed: c_ulonglong,
    pub fileRemaining: c_ulonglong,
}

/// C `virDomainGetJobStatsFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainGetJobStatsFlags {
    VIR_DOMAIN_JOB_STATS_COMPLETED = 1,
    VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED = 2,
}

/// C `virDomainAbortJobFlagsValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainAbortJobFlagsValues {
    VIR_DOMAIN_ABORT_JOB_POSTCOPY = 1,
}

/// C `virDomainJobOperation` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainJobOperation {
    VIR_DOMAIN_JOB_OPERATION_UNKNOWN = 0,
    VIR_DOMAIN_JOB_OPERATION_START = 1,
    VIR_DOMAIN_JOB_OPERATION_SAVE = 2,
    VIR_DOMAIN_JOB_OPERATION_RESTORE = 3,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_IN = 4,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT = 5,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT = 6,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_REVERT = 7,
    VIR_DOMAIN_JOB_OPERATION_DUMP = 8,
    VIR_DOMAIN_JOB_OPERATION_BACKUP = 9,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_DELETE = 10,
}

/// C callback type `virConnectDomainEventGenericCallback` (libvirt-domain.h).
pub type virConnectDomainEventGenericCallback =
    Option<unsafe extern "C" fn(conn: virConnectPtr, dom: virDomainPtr, opaque: *mut c_void)>;

/// C callback type `virConnectDomainEventRTCChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventRTCChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        utcoffset: c_longlong,
        opaque: *mut c_void,
    ),
>;

/// C `virDomainEventWatchdogAction` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventWatchdogAction {
    VIR_DOMAIN_EVENT_WATCHDOG_NONE = 0,
    VIR_DOMAIN_EVENT_WATCHDOG_PAUSE = 1,
    VIR_DOMAIN_EVENT_WATCHDOG_RESET = 2,
    VIR_DOMAIN_EVENT_WATCHDOG_POWEROFF = 3,
    VIR_DOMAIN_EVENT_WATCHDOG_SHUTDOWN = 4,
    VIR_DOMAIN_EVENT_WATCHDOG_DEBUG = 5,
    VIR_DOMAIN_EVENT_WATCHDOG_INJECTNMI = 6,
}

/// C callback type `virConnectDomainEventWatchdogCallback` (libvirt-domain.h).
pub type virConnectDomainEventWatchdogCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        action: c_int,
        opaque: *mut c_void,
    ),
>;

/// C `virDomainEventIOErrorAction` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventIOErrorAction {
    VIR_DOMAIN_EVENT_IO_ERROR_NONE = 0,
    VIR_DOMAIN_EVENT_IO_ERROR_PAUSE = 1,
    VIR_DOMAIN_EVENT_IO_ERROR_REPORT = 2,
}

/// C callback type `virConnectDomainEventIOErrorCallback` (libvirt-domain.h).
pub type virConnectDomainEventIOErrorCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        srcPath: *const c_char,
        devAlias: *const c_char,
        action: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventIOErrorReasonCallback` (libvirt-domain.h).
pub type virConnectDomainEventIOErrorReasonCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        srcPath: *const c_char,
        devAlias: *const c_char,
        action: c_int,
        reason: *const c_char,
        opaque: *mut c_void,
    ),
>;

/// C `virDomainEventGraphicsPhase` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventGraphicsPhase {
    VIR_DOMAIN_EVENT_GRAPHICS_CONNECT = 0,
    VIR_DOMAIN_EVENT_GRAPHICS_INITIALIZE = 1,
    VIR_DOMAIN_EVENT_GRAPHICS_DISCONNECT = 2,
}

/// C `virDomainEventGraphicsAddressType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventGraphicsAddressType {
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_IPV4 = 0,
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_IPV6 = 1,
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_UNIX = 2,
}

/// Layout of C `struct _virDomainEventGraphicsAddress` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainEventGraphicsAddress {
    pub family: c_int,
    pub node: *mut c_char,
    pub service: *mut c_char,
}

/// C `virDomainEventGraphicsAddressPtr` (libvirt-domain.h).
pub type virDomainEventGraphicsAddressPtr = *mut virDomainEventGraphicsAddress;

/// Layout of C `struct _virDomainEventGraphicsSubjectIdentity` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainEventGraphicsSubjectIdentity {
    pub r#type: *mut c_char,
    pub name: *mut c_char,
}

/// C `virDomainEventGraphicsSubjectIdentityPtr` (libvirt-domain.h).
pub type virDomainEventGraphicsSubjectIdentityPtr = *mut virDomainEventGraphicsSubjectIdentity;

/// Layout of C `struct _virDomainEventGraphicsSubject` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainEventGraphicsSubject {
    pub nidentity: c_int,
    pub identities: virDomainEventGraphicsSubjectIdentityPtr,
}

/// C `virDomainEventGraphicsSubjectPtr` (libvirt-domain.h).
pub type virDomainEventGraphicsSubjectPtr = *mut virDomainEventGraphicsSubject;

/// C callback type `virConnectDomainEventGraphicsCallback` (libvirt-domain.h).
pub type virConnectDomainEventGraphicsCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        phase: c_int,
        local: *const virDomainEventGraphicsAddress,
        remote: *const virDomainEventGraphicsAddress,
        authScheme: *const c_char,
        subject: *const virDomainEventGraphicsSubject,
        opaque: *mut c_void,
    ),
>;

/// C `virConnectDomainEventBlockJobStatus` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectDomainEventBlockJobStatus {
    VIR_DOMAIN_BLOCK_JOB_COMPLETED = 0,
    VIR_DOMAIN_BLOCK_JOB_FAILED = 1,
    VIR_DOMAIN_BLOCK_JOB_CANCELED = 2,
    VIR_DOMAIN_BLOCK_JOB_READY = 3,
}

/// C callback type `virConnectDomainEventBlockJobCallback` (libvirt-domain.h).
pub type virConnectDomainEventBlockJobCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        disk: *const c_char,
        r#type: c_int,
        status: c_int,
        opaque: *mut c_void,
    ),
>;

/// C `virConnectDomainEventDiskChangeReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectDomainEventDiskChangeReason {
    VIR_DOMAIN_EVENT_DISK_CHANGE_MISSING_ON_START = 0,
    VIR_DOMAIN_EVENT_DISK_DROP_MISSING_ON_START = 1,
}

/// C callback type `virConnectDomainEventDiskChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventDiskChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        oldSrcPath: *const c_char,
        newSrcPath: *const c_char,
        devAlias: *const c_char,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C `virDomainEventTrayChangeReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventTrayChangeReason {
    VIR_DOMAIN_EVENT_TRAY_CHANGE_OPEN = 0,
    VIR_DOMAIN_EVENT_TRAY_CHANGE_CLOSE = 1,
}

/// C callback type `virConnectDomainEventTrayChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventTrayChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        devAlias: *const c_char,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventPMWakeupCallback` (libvirt-domain.h).
pub type virConnectDomainEventPMWakeupCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventPMSuspendCallback` (libvirt-domain.h).
pub type virConnectDomainEventPMSuspendCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventBalloonChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventBalloonChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        actual: c_ulonglong,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventPMSuspendDiskCallback` (libvirt-domain.h).
pub type virConnectDomainEventPMSuspendDiskCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventDeviceRemovedCallback` (libvirt-domain.h).
pub type virConnectDomainEventDeviceRemovedCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        devAlias: *const c_char,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventDeviceAddedCallback` (libvirt-domain.h).
pub type virConnectDomainEventDeviceAddedCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        devAlias: *const c_char,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventDeviceRemovalFailedCallback` (libvirt-domain.h).
pub type virConnectDomainEventDeviceRemovalFailedCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        devAlias: *const c_char,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventMetadataChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventMetadataChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        r#type: c_int,
        nsuri: *const c_char,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventMigrationIterationCallback` (libvirt-domain.h).
pub type virConnectDomainEventMigrationIterationCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        iteration: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventJobCompletedCallback` (libvirt-domain.h).
pub type virConnectDomainEventJobCompletedCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventTunableCallback` (libvirt-domain.h).
pub type virConnectDomainEventTunableCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        params: virTypedParameterPtr,
        nparams: c_int,
        opaque: *mut c_void,
    ),
>;

/// C `virConnectDomainEventAgentLifecycleState` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectDomainEventAgentLifecycleState {
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED = 1,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED = 2,
}

/// C `virConnectDomainEventAgentLifecycleReason` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virConnectDomainEventAgentLifecycleReason {
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_UNKNOWN = 0,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED = 1,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL = 2,
}

/// C callback type `virConnectDomainEventAgentLifecycleCallback` (libvirt-domain.h).
pub type virConnectDomainEventAgentLifecycleCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        state: c_int,
        reason: c_int,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventBlockThresholdCallback` (libvirt-domain.h).
pub type virConnectDomainEventBlockThresholdCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        dev: *const c_char,
        path: *const c_char,
        threshold: c_ulonglong,
        excess: c_ulonglong,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventMemoryFailureCallback` (libvirt-domain.h).
pub type virConnectDomainEventMemoryFailureCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        recipient: c_int,
        action: c_int,
        flags: c_uint,
        opaque: *mut c_void,
    ),
>;

/// C callback type `virConnectDomainEventMemoryDeviceSizeChangeCallback` (libvirt-domain.h).
pub type virConnectDomainEventMemoryDeviceSizeChangeCallback = Option<
    unsafe extern "C" fn(
        conn: virConnectPtr,
        dom: virDomainPtr,
        alias: *const c_char,
        size: c_ulonglong,
        opaque: *mut c_void,
    ),
>;

/// C `virDomainEventID` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainEventID {
    VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0,
    VIR_DOMAIN_EVENT_ID_REBOOT = 1,
    VIR_DOMAIN_EVENT_ID_RTC_CHANGE = 2,
    VIR_DOMAIN_EVENT_ID_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_ID_IO_ERROR = 4,
    VIR_DOMAIN_EVENT_ID_GRAPHICS = 5,
    VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON = 6,
    VIR_DOMAIN_EVENT_ID_CONTROL_ERROR = 7,
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB = 8,
    VIR_DOMAIN_EVENT_ID_DISK_CHANGE = 9,
    VIR_DOMAIN_EVENT_ID_TRAY_CHANGE = 10,
    VIR_DOMAIN_EVENT_ID_PMWAKEUP = 11,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND = 12,
    VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE = 13,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK = 14,
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED = 15,
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 = 16,
    VIR_DOMAIN_EVENT_ID_TUNABLE = 17,
    VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE = 18,
    VIR_DOMAIN_EVENT_ID_DEVICE_ADDED = 19,
    VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION = 20,
    VIR_DOMAIN_EVENT_ID_JOB_COMPLETED = 21,
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED = 22,
    VIR_DOMAIN_EVENT_ID_METADATA_CHANGE = 23,
    VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD = 24,
    VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE = 25,
    VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE = 26,
}

/// C `virDomainConsoleFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainConsoleFlags {
    VIR_DOMAIN_CONSOLE_FORCE = 1,
    VIR_DOMAIN_CONSOLE_SAFE = 2,
}

/// C `virDomainChannelFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainChannelFlags {
    VIR_DOMAIN_CHANNEL_FORCE = 1,
}

/// C `virDomainOpenGraphicsFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainOpenGraphicsFlags {
    VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH = 1,
}

/// C `virDomainFSInfoPtr` (libvirt-domain.h).
pub type virDomainFSInfoPtr = *mut virDomainFSInfo;

/// Layout of C `struct _virDomainFSInfo` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainFSInfo {
    pub mountpoint: *mut c_char,
    pub name: *mut c_char,
    pub fstype: *mut c_char,
    pub ndevAlias: size_t,
    pub devAlias: *mut *mut c_char,
}

/// C `virDomainSetTimeFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSetTimeFlags {
    VIR_DOMAIN_TIME_SYNC = 1,
}

/// C `virSchedParameterType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virSchedParameterType {
    VIR_DOMAIN_SCHED_FIELD_INT = 1,
    VIR_DOMAIN_SCHED_FIELD_UINT = 2,
    VIR_DOMAIN_SCHED_FIELD_LLONG = 3,
    VIR_DOMAIN_SCHED_FIELD_ULLONG = 4,
    VIR_DOMAIN_SCHED_FIELD_DOUBLE = 5,
    VIR_DOMAIN_SCHED_FIELD_BOOLEAN = 6,
}

/// C `virSchedParameter`: another name for `virTypedParameter` (kept for old applications).
pub type virSchedParameter = virTypedParameter;

/// C `virSchedParameterPtr` (libvirt-domain.h).
pub type virSchedParameterPtr = *mut virSchedParameter;

/// C `virBlkioParameterType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virBlkioParameterType {
    VIR_DOMAIN_BLKIO_PARAM_INT = 1,
    VIR_DOMAIN_BLKIO_PARAM_UINT = 2,
    VIR_DOMAIN_BLKIO_PARAM_LLONG = 3,
    VIR_DOMAIN_BLKIO_PARAM_ULLONG = 4,
    VIR_DOMAIN_BLKIO_PARAM_DOUBLE = 5,
    VIR_DOMAIN_BLKIO_PARAM_BOOLEAN = 6,
}

/// C `virBlkioParameter`: another name for `virTypedParameter` (kept for old applications).
pub type virBlkioParameter = virTypedParameter;

/// C `virBlkioParameterPtr` (libvirt-domain.h).
pub type virBlkioParameterPtr = *mut virBlkioParameter;

/// C `virMemoryParameterType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virMemoryParameterType {
    VIR_DOMAIN_MEMORY_PARAM_INT = 1,
    VIR_DOMAIN_MEMORY_PARAM_UINT = 2,
    VIR_DOMAIN_MEMORY_PARAM_LLONG = 3,
    VIR_DOMAIN_MEMORY_PARAM_ULLONG = 4,
    VIR_DOMAIN_MEMORY_PARAM_DOUBLE = 5,
    VIR_DOMAIN_MEMORY_PARAM_BOOLEAN = 6,
}

/// C `virMemoryParameter`: another name for `virTypedParameter` (kept for old applications).
pub type virMemoryParameter = virTypedParameter;

/// C `virMemoryParameterPtr` (libvirt-domain.h).
pub type virMemoryParameterPtr = *mut virMemoryParameter;

/// C `virDomainInterfaceAddressesSource` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainInterfaceAddressesSource {
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE = 0,
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT = 1,
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP = 2,
}

/// C `virDomainIPAddressPtr` (libvirt-domain.h).
pub type virDomainIPAddressPtr = *mut virDomainIPAddress;

/// Layout of C `struct _virDomainInterfaceIPAddress` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainIPAddress {
    pub r#type: c_int,
    pub addr: *mut c_char,
    pub prefix: c_uint,
}

/// C `virDomainInterfacePtr` (libvirt-domain.h).
pub type virDomainInterfacePtr = *mut virDomainInterface;

/// Layout of C `struct _virDomainInterface` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct virDomainInterface {
    pub name: *mut c_char,
    pub hwaddr: *mut c_char,
    pub naddrs: c_uint,
    pub addrs: virDomainIPAddressPtr,
}

/// C `virDomainSetUserPasswordFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainSetUserPasswordFlags {
    VIR_DOMAIN_PASSWORD_ENCRYPTED = 1,
}

/// C `virDomainLifecycle` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainLifecycle {
    VIR_DOMAIN_LIFECYCLE_POWEROFF = 0,
    VIR_DOMAIN_LIFECYCLE_REBOOT = 1,
    VIR_DOMAIN_LIFECYCLE_CRASH = 2,
}

/// C `virDomainLifecycleAction` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainLifecycleAction {
    VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY = 0,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART = 1,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART_RENAME = 2,
    VIR_DOMAIN_LIFECYCLE_ACTION_PRESERVE = 3,
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY = 4,
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART = 5,
}

/// C `virDomainGuestInfoTypes` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainGuestInfoTypes {
    VIR_DOMAIN_GUEST_INFO_USERS = 1,
    VIR_DOMAIN_GUEST_INFO_OS = 2,
    VIR_DOMAIN_GUEST_INFO_TIMEZONE = 4,
    VIR_DOMAIN_GUEST_INFO_HOSTNAME = 8,
    VIR_DOMAIN_GUEST_INFO_FILESYSTEM = 16,
    VIR_DOMAIN_GUEST_INFO_DISKS = 32,
    VIR_DOMAIN_GUEST_INFO_INTERFACES = 64,
}

/// C `virDomainAgentResponseTimeoutValues` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainAgentResponseTimeoutValues {
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK = -2,
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_DEFAULT = -1,
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_NOWAIT = 0,
}

/// C `virDomainBackupBeginFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainBackupBeginFlags {
    VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL = 1,
}

/// C `virDomainAuthorizedSSHKeysSetFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainAuthorizedSSHKeysSetFlags {
    VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND = 1,
    VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE = 2,
}

/// C `virDomainMessageType` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainMessageType {
    VIR_DOMAIN_MESSAGE_DEPRECATION = 1,
    VIR_DOMAIN_MESSAGE_TAINTING = 2,
}

/// C `virDomainDirtyRateStatus` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDirtyRateStatus {
    VIR_DOMAIN_DIRTYRATE_UNSTARTED = 0,
    VIR_DOMAIN_DIRTYRATE_MEASURING = 1,
    VIR_DOMAIN_DIRTYRATE_MEASURED = 2,
}

/// C `virDomainDirtyRateCalcFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainDirtyRateCalcFlags {
    VIR_DOMAIN_DIRTYRATE_MODE_PAGE_SAMPLING = 0,
    VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP = 1,
    VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING = 2,
}

/// C `virDomainFDAssociateFlags` (libvirt-domain.h).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum virDomainFDAssociateFlags {
    VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_RESTORE = 1,
    VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_WRITABLE = 2,
}
