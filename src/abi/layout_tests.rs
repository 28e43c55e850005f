//! Checks every public struct's size, alignment and field offsets against the values
//! `c-tests/abi_layout.c` printed when built against Debian's libvirt 9.0.0 headers
//! (x86_64). Regenerate the expectations from that program, never by hand.

use std::mem::{align_of, offset_of, size_of};

use super::domain::*;
use super::host::*;
use super::network::*;
use super::storage::*;
use super::virError;

macro_rules! layout {
    ($t:ty, size $size:expr, align $align:expr $(, $f:ident @ $off:expr)* $(,)?) => {{
        assert_eq!(size_of::<$t>(), $size, "sizeof {}", stringify!($t));
        assert_eq!(align_of::<$t>(), $align, "alignof {}", stringify!($t));
        $(assert_eq!(offset_of!($t, $f), $off, "offsetof {}.{}", stringify!($t), stringify!($f));)*
    }};
}

#[test]
fn vir_error() {
    layout!(virError, size 80, align 8, code @ 0, domain @ 4, message @ 8, level @ 16, conn @ 24, dom @ 32, str1 @ 40, str2 @ 48, str3 @ 56, int1 @ 64, int2 @ 68, net @ 72);
}

#[test]
fn vir_typed_parameter_value() {
    layout!(virTypedParameterValue, size 8, align 8, i @ 0, ui @ 0, l @ 0, ul @ 0, d @ 0, b @ 0, s @ 0);
}

#[test]
fn vir_typed_parameter() {
    layout!(virTypedParameter, size 96, align 8, field @ 0, r#type @ 80, value @ 88);
}

#[test]
fn vir_security_label() {
    layout!(virSecurityLabel, size 4104, align 4, label @ 0, enforcing @ 4100);
}

#[test]
fn vir_security_model() {
    layout!(virSecurityModel, size 514, align 1, model @ 0, doi @ 257);
}

#[test]
fn vir_node_info() {
    layout!(virNodeInfo, size 64, align 8, model @ 0, memory @ 32, cpus @ 40, mhz @ 44, nodes @ 48, sockets @ 52, cores @ 56, threads @ 60);
}

#[test]
fn vir_node_c_p_u_stats() {
    layout!(virNodeCPUStats, size 88, align 8, field @ 0, value @ 80);
}

#[test]
fn vir_node_memory_stats() {
    layout!(virNodeMemoryStats, size 88, align 8, field @ 0, value @ 80);
}

#[test]
fn vir_connect_credential() {
    layout!(virConnectCredential, size 48, align 8, r#type @ 0, prompt @ 8, challenge @ 16, defresult @ 24, result @ 32, resultlen @ 40);
}

#[test]
fn vir_connect_auth() {
    layout!(virConnectAuth, size 32, align 8, credtype @ 0, ncredtype @ 8, cb @ 16, cbdata @ 24);
}

#[test]
fn vir_domain_control_info() {
    layout!(virDomainControlInfo, size 16, align 8, state @ 0, details @ 4, stateTime @ 8);
}

#[test]
fn vir_domain_info() {
    layout!(virDomainInfo, size 40, align 8, state @ 0, maxMem @ 8, memory @ 16, nrVirtCpu @ 24, cpuTime @ 32);
}

#[test]
fn vir_domain_block_stats_struct() {
    layout!(virDomainBlockStatsStruct, size 40, align 8, rd_req @ 0, rd_bytes @ 8, wr_req @ 16, wr_bytes @ 24, errs @ 32);
}

#[test]
fn vir_domain_interface_stats_struct() {
    layout!(virDomainInterfaceStatsStruct, size 64, align 8, rx_bytes @ 0, rx_packets @ 8, rx_errs @ 16, rx_drop @ 24, tx_bytes @ 32, tx_packets @ 40, tx_errs @ 48, tx_drop @ 56);
}

#[test]
fn vir_domain_memory_stat_struct() {
    layout!(virDomainMemoryStatStruct, size 16, align 8, tag @ 0, val @ 8);
}

#[test]
fn vir_domain_block_info() {
    layout!(virDomainBlockInfo, size 24, align 8, capacity @ 0, allocation @ 8, physical @ 16);
}

#[test]
fn vir_vcpu_info() {
    layout!(virVcpuInfo, size 24, align 8, number @ 0, state @ 4, cpuTime @ 8, cpu @ 16);
}

#[test]
fn vir_domain_i_o_thread_info() {
    layout!(virDomainIOThreadInfo, size 24, align 8, iothread_id @ 0, cpumap @ 8, cpumaplen @ 16);
}

#[test]
fn vir_domain_stats_record() {
    layout!(virDomainStatsRecord, size 24, align 8, dom @ 0, params @ 8, nparams @ 16);
}

#[test]
fn vir_domain_block_job_info() {
    layout!(virDomainBlockJobInfo, size 32, align 8, r#type @ 0, bandwidth @ 8, cur @ 16, end @ 24);
}

#[test]
fn vir_domain_disk_error() {
    layout!(virDomainDiskError, size 16, align 8, disk @ 0, error @ 8);
}

#[test]
fn vir_domain_job_info() {
    layout!(virDomainJobInfo, size 96, align 8, r#type @ 0, timeElapsed @ 8, timeRemaining @ 16, dataTotal @ 24, dataProcessed @ 32, dataRemaining @ 40, memTotal @ 48, memProcessed @ 56, memRemaining @ 64, fileTotal @ 72, fileProcessed @ 80, fileRemaining @ 88);
}

#[test]
fn vir_domain_event_graphics_address() {
    layout!(virDomainEventGraphicsAddress, size 24, align 8, family @ 0, node @ 8, service @ 16);
}

#[test]
fn vir_domain_event_graphics_subject_identity() {
    layout!(virDomainEventGraphicsSubjectIdentity, size 16, align 8, r#type @ 0, name @ 8);
}

#[test]
fn vir_domain_event_graphics_subject() {
    layout!(virDomainEventGraphicsSubject, size 16, align 8, nidentity @ 0, identities @ 8);
}

#[test]
fn vir_domain_f_s_info() {
    layout!(virDomainFSInfo, size 40, align 8, mountpoint @ 0, name @ 8, fstype @ 16, ndevAlias @ 24, devAlias @ 32);
}

#[test]
fn vir_domain_i_p_address() {
    layout!(virDomainIPAddress, size 24, align 8, r#type @ 0, addr @ 8, prefix @ 16);
}

#[test]
fn vir_domain_interface() {
    layout!(virDomainInterface, size 32, align 8, name @ 0, hwaddr @ 8, naddrs @ 16, addrs @ 24);
}

#[test]
fn vir_network_d_h_c_p_lease() {
    layout!(virNetworkDHCPLease, size 72, align 8, iface @ 0, expirytime @ 8, r#type @ 16, mac @ 24, iaid @ 32, ipaddr @ 40, prefix @ 48, hostname @ 56, clientid @ 64);
}

#[test]
fn vir_storage_pool_info() {
    layout!(virStoragePoolInfo, size 32, align 8, state @ 0, capacity @ 8, allocation @ 16, available @ 24);
}

#[test]
fn vir_storage_vol_info() {
    layout!(virStorageVolInfo, size 24, align 8, r#type @ 0, capacity @ 8, allocation @ 16);
}
