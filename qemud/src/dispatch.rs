//! From a CALL to a [`Hypervisor`] call: decode the arguments with the procedure's
//! wire type ([`virt::rpc::protocol`]), find the client's open connection, apply the
//! read-only check the table declares, call the driver, encode the return value.
//!
//! The order of checks is libvirtd's, so a client sees the same error for the same
//! mistake: unknown procedure, then undecodable arguments, then "connection not open",
//! then read-only access, then whatever the driver says.
//!
//! A procedure of libvirt 9.0 that the table does not declare is answered as libvirtd
//! answers a function its driver lacks ([`not_served`]).

use std::sync::Arc;

use virt::driver::{ConnectDriver, Hypervisor, Open, OpenFlags};
use virt::error::{Code, Domain, Error, Result};
use virt::rpc::message::Header;
use virt::rpc::procnames;
use virt::rpc::protocol::{self as p, num, Kind, Procedure};
use virt::rpc::xdr::{Reader, Xdr};
use virt::uri::Uri;

use crate::client::{rpc_error, Client, Opened};
use crate::config::Mode;
use crate::events::ClientEvents;
use crate::info;

/// The drivers the daemon serves connections with, after its own QEMU driver (which is
/// per daemon, not a static). Never the remote driver: it would claim `qemu:///` URIs
/// and connect the daemon to itself.
static DRIVERS: &[&dyn ConnectDriver] = &[&virt::driver::test::TestConnectDriver];

/// `virDrvFeature` numbers (libvirt_internal.h).
mod feature {
    pub const FD_PASSING: i32 = 8;
    pub const TYPED_PARAM_STRING: i32 = 9;
    pub const PROGRAM_KEEPALIVE: i32 = 10;
    pub const REMOTE_CLOSE_CALLBACK: i32 = 14;
    pub const REMOTE_EVENT_CALLBACK: i32 = 15;
    pub const NETWORK_UPDATE_HAS_CORRECT_ORDER: i32 = 16;
}

/// `VIR_CONNECT_RO`
const CONNECT_RO: u32 = 1;
/// `VIR_DOMAIN_XML_SECURE`
const XML_SECURE: u32 = 1;

/// libvirt's version as a number (9.0.0 → 9000000), from the workspace version.
fn lib_version() -> u64 {
    let mut parts = env!("CARGO_PKG_VERSION").split('.').map(|s| s.parse::<u64>().unwrap_or(0));
    let (a, b, c) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    a * 1_000_000 + b * 1_000 + c
}

fn internal(detail: &str) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INTERNAL_ERROR, detail)
}

fn decode_failed() -> Error {
    rpc_error("Unable to decode message payload".into())
}

/// Decodes a procedure's arguments. Trailing bytes are tolerated, as libvirt's XDR
/// decoding does.
fn args<P: Procedure>(payload: &[u8]) -> Result<P::Args> {
    P::Args::decode(&mut Reader::new(payload)).map_err(|_| decode_failed())
}

/// The client's open connection and whether it is read-only.
fn opened(client: &Client) -> Result<(Arc<dyn Hypervisor>, bool)> {
    match &*client.opened.lock() {
        Some(o) => Ok((o.conn.clone(), o.read_only)),
        None => Err(internal("hypervisor connection not open")),
    }
}

/// The common path: decode, find the connection, check access, call `f`, encode.
fn run<P: Procedure>(
    client: &Client,
    payload: &[u8],
    f: impl FnOnce(&dyn Hypervisor, P::Args) -> Result<P::Ret>,
) -> Result<Vec<u8>> {
    let a = args::<P>(payload)?;
    let (conn, read_only) = opened(client)?;
    P::INFO.check_access(read_only)?;
    Ok(f(&*conn, a)?.to_xdr())
}

/// A procedure of the table that no driver method serves yet: "this function is not
/// supported by the connection driver: virXxx", after the same checks as any other.
fn unsupported<P: Procedure>(client: &Client, payload: &[u8]) -> Result<Vec<u8>> {
    run::<P>(client, payload, |_, _| virt::driver::unsupported(P::API))
}

/// libvirtd's answer to a node statistics call: with `nparams` 0 only how many there
/// are, else the statistics themselves (as many as the driver has, at most `nparams`).
fn node_stats<const MAX: usize>(
    nparams: i32,
    get: impl FnOnce() -> Result<virt::driver::NamedStats>,
) -> Result<(virt::rpc::xdr::Array<p::NodeStat, MAX>, i32)> {
    if nparams < 0 || nparams as usize > MAX {
        return Err(internal("nparams too large"));
    }
    let stats = get()?;
    let count = stats.len() as i32;
    if nparams == 0 {
        return Ok((virt::rpc::xdr::Array(Vec::new()), count));
    }
    let params: Vec<p::NodeStat> =
        stats.into_iter().take(nparams as usize).map(|(field, value)| p::NodeStat { field, value }).collect();
    let n = params.len() as i32;
    Ok((virt::rpc::xdr::Array(params), n))
}

fn dom(d: p::NonnullDomain) -> virt::driver::DomainId {
    d.into()
}

/// `maxids`/`maxnames`/`maxcells` as libvirtd checks them before calling the driver.
fn check_max(n: i32, what: &str, limit: usize, limit_name: &str) -> Result<usize> {
    if n < 0 {
        return Err(rpc_error(format!("{what} must be non-negative")));
    }
    if n as usize > limit {
        return Err(rpc_error(format!("{what} > {limit_name}")));
    }
    Ok(n as usize)
}

/// Runs one CALL of the remote program; the result is the reply's payload or error.
pub fn call(client: &Arc<Client>, h: &Header, payload: &[u8]) -> Result<Vec<u8>> {
    let unknown = || Err(rpc_error(format!("unknown procedure: {}", h.proc_)));
    match p::info(h.proc_) {
        Some(i) if i.kind == Kind::Call => {}
        Some(_) => return unknown(),
        None => return not_served(client, h.proc_).unwrap_or_else(unknown),
    }
    let c: &Client = client;
    match h.proc_ {
        // ---- connection life and authentication -------------------------------------
        num::AUTH_LIST => args::<p::AuthList>(payload)
            .map(|()| p::AuthListRet { types: virt::rpc::xdr::Array(vec![p::REMOTE_AUTH_NONE]) }.to_xdr()),
        num::AUTH_SASL_INIT | num::AUTH_SASL_START | num::AUTH_SASL_STEP | num::AUTH_POLKIT => {
            // This listener offers no SASL or polkit: libvirtd's answer.
            Err(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_AUTH_FAILED, "authentication failed"))
        }
        num::CONNECT_OPEN => args::<p::ConnectOpen>(payload).and_then(|a| connect_open(c, a)).map(|()| Vec::new()),
        num::CONNECT_CLOSE => args::<p::ConnectClose>(payload).map(|()| {
            if let Some(o) = c.opened.lock().take() {
                let _ = o.conn.connect_close();
            }
            Vec::new()
        }),
        num::CONNECT_SUPPORTS_FEATURE => args::<p::ConnectSupportsFeature>(payload)
            .and_then(|a| supports_feature(client, a.feature))
            .map(|s| s.to_xdr()),
        num::CONNECT_GET_URI => args::<p::ConnectGetUri>(payload).and_then(|()| {
            let uri = c.opened.lock().as_ref().map(|o| o.uri.clone());
            let uri = uri.ok_or_else(|| internal("hypervisor connection not open"))?;
            Ok(p::ConnectGetUriRet { uri }.to_xdr())
        }),
        num::CONNECT_GET_LIB_VERSION => run::<p::ConnectGetLibVersion>(c, payload, |_, ()| {
            Ok(p::ConnectGetLibVersionRet { lib_ver: lib_version() })
        }),
        num::CONNECT_REGISTER_CLOSE_CALLBACK => run::<p::ConnectRegisterCloseCallback>(c, payload, |_, ()| Ok(())),
        num::CONNECT_UNREGISTER_CLOSE_CALLBACK => run::<p::ConnectUnregisterCloseCallback>(c, payload, |_, ()| Ok(())),

        // ---- host ---------------------------------------------------------------------
        num::CONNECT_GET_TYPE => {
            run::<p::ConnectGetType>(c, payload, |h, ()| Ok(p::ConnectGetTypeRet { type_: h.connect_get_type()? }))
        }
        num::CONNECT_GET_VERSION => run::<p::ConnectGetVersion>(c, payload, |h, ()| {
            Ok(p::ConnectGetVersionRet { hv_ver: h.connect_get_version()? })
        }),
        num::CONNECT_GET_HOSTNAME => run::<p::ConnectGetHostname>(c, payload, |h, ()| {
            Ok(p::ConnectGetHostnameRet { hostname: h.connect_get_hostname()? })
        }),
        num::CONNECT_GET_MAX_VCPUS => run::<p::ConnectGetMaxVcpus>(c, payload, |h, a| {
            Ok(p::ConnectGetMaxVcpusRet { max_vcpus: h.connect_get_max_vcpus(a.type_.as_deref())? })
        }),
        num::CONNECT_GET_CAPABILITIES => run::<p::ConnectGetCapabilities>(c, payload, |h, ()| {
            Ok(p::ConnectGetCapabilitiesRet { capabilities: h.connect_get_capabilities()? })
        }),
        num::CONNECT_IS_SECURE => run::<p::ConnectIsSecure>(c, payload, |h, ()| {
            Ok(p::ConnectIsSecureRet { secure: h.connect_is_secure()? as i32 })
        }),
        num::NODE_GET_INFO => run::<p::NodeGetInfo>(c, payload, |h, ()| Ok(h.node_get_info()?.into())),
        num::NODE_GET_CPU_STATS => run::<p::NodeGetCpuStats>(c, payload, |h, a| {
            let stats = node_stats(a.nparams, || h.node_get_cpu_stats(a.cpu_num, a.flags))?;
            Ok(p::NodeGetCpuStatsRet { nparams: stats.1, params: stats.0 })
        }),
        num::NODE_GET_MEMORY_STATS => run::<p::NodeGetMemoryStats>(c, payload, |h, a| {
            let stats = node_stats(a.nparams, || h.node_get_memory_stats(a.cell_num, a.flags))?;
            Ok(p::NodeGetMemoryStatsRet { nparams: stats.1, params: stats.0 })
        }),
        num::NODE_GET_CPU_MAP => run::<p::NodeGetCpuMap>(c, payload, |h, a| {
            let (present, online) = h.node_get_cpu_map(a.flags)?;
            Ok(p::NodeGetCpuMapRet {
                cpumap: virt::rpc::xdr::Opaque(if a.need_map != 0 { online.to_bytes(present) } else { Vec::new() }),
                online: if a.need_online != 0 { online.0.len() as u32 } else { 0 },
                ret: present as i32,
            })
        }),
        num::NODE_GET_FREE_MEMORY => run::<p::NodeGetFreeMemory>(c, payload, |h, ()| {
            Ok(p::NodeGetFreeMemoryRet { free_mem: h.node_get_free_memory()? })
        }),
        num::NODE_GET_CELLS_FREE_MEMORY => run::<p::NodeGetCellsFreeMemory>(c, payload, |h, a| {
            check_max(a.maxcells, "maxcells", p::REMOTE_NODE_MAX_CELLS, "REMOTE_NODE_MAX_CELLS")?;
            p::NodeGetCellsFreeMemoryRet::new(h.node_get_cells_free_memory(a.start_cell, a.maxcells)?)
        }),
        num::NODE_GET_SECURITY_MODEL => run::<p::NodeGetSecurityModel>(c, payload, |h, ()| {
            let (model, doi) = h.node_get_security_model()?;
            Ok(p::NodeGetSecurityModelRet {
                model: virt::rpc::xdr::CharArray::from_c_str(&model),
                doi: virt::rpc::xdr::CharArray::from_c_str(&doi),
            })
        }),

        // ---- listing and lookup -------------------------------------------------------
        num::CONNECT_LIST_DOMAINS => run::<p::ConnectListDomains>(c, payload, |h, a| {
            let max = check_max(a.maxids, "maxids", p::REMOTE_DOMAIN_LIST_MAX, "REMOTE_DOMAIN_LIST_MAX")?;
            let mut ids = h.connect_list_domains()?;
            ids.truncate(max);
            p::ConnectListDomainsRet::new(ids)
        }),
        num::CONNECT_NUM_OF_DOMAINS => run::<p::ConnectNumOfDomains>(c, payload, |h, ()| {
            Ok(p::ConnectNumOfDomainsRet { num: h.connect_num_of_domains()? })
        }),
        num::CONNECT_LIST_DEFINED_DOMAINS => run::<p::ConnectListDefinedDomains>(c, payload, |h, a| {
            let max = check_max(a.maxnames, "maxnames", p::REMOTE_DOMAIN_LIST_MAX, "REMOTE_DOMAIN_LIST_MAX")?;
            let mut names = h.connect_list_defined_domains()?;
            names.truncate(max);
            p::ConnectListDefinedDomainsRet::new(names)
        }),
        num::CONNECT_NUM_OF_DEFINED_DOMAINS => run::<p::ConnectNumOfDefinedDomains>(c, payload, |h, ()| {
            Ok(p::ConnectNumOfDefinedDomainsRet { num: h.connect_num_of_defined_domains()? })
        }),
        num::CONNECT_LIST_ALL_DOMAINS => run::<p::ConnectListAllDomains>(c, payload, |h, a| {
            p::ConnectListAllDomainsRet::new(h.connect_list_all_domains(a.flags)?, a.need_results != 0)
        }),
        num::DOMAIN_LOOKUP_BY_ID => run::<p::DomainLookupById>(c, payload, |h, a| {
            Ok(p::DomainLookupByIdRet { dom: h.domain_lookup_by_id(a.id)?.into() })
        }),
        num::DOMAIN_LOOKUP_BY_NAME => run::<p::DomainLookupByName>(c, payload, |h, a| {
            Ok(p::DomainLookupByNameRet { dom: h.domain_lookup_by_name(&a.name)?.into() })
        }),
        num::DOMAIN_LOOKUP_BY_UUID => run::<p::DomainLookupByUuid>(c, payload, |h, a| {
            Ok(p::DomainLookupByUuidRet { dom: h.domain_lookup_by_uuid(&a.uuid)?.into() })
        }),

        // ---- define, start, stop ------------------------------------------------------
        num::DOMAIN_CREATE_XML => run::<p::DomainCreateXml>(c, payload, |h, a| {
            Ok(p::DomainCreateXmlRet { dom: h.domain_create_xml(&a.xml_desc, a.flags)?.into() })
        }),
        num::DOMAIN_DEFINE_XML => run::<p::DomainDefineXml>(c, payload, |h, a| {
            Ok(p::DomainDefineXmlRet { dom: h.domain_define_xml_flags(&a.xml, 0)?.into() })
        }),
        num::DOMAIN_DEFINE_XML_FLAGS => run::<p::DomainDefineXmlFlags>(c, payload, |h, a| {
            Ok(p::DomainDefineXmlFlagsRet { dom: h.domain_define_xml_flags(&a.xml, a.flags)?.into() })
        }),
        num::DOMAIN_UNDEFINE => run::<p::DomainUndefine>(c, payload, |h, a| h.domain_undefine_flags(&dom(a.dom), 0)),
        num::DOMAIN_UNDEFINE_FLAGS => {
            run::<p::DomainUndefineFlags>(c, payload, |h, a| h.domain_undefine_flags(&dom(a.dom), a.flags))
        }
        num::DOMAIN_CREATE => {
            run::<p::DomainCreate>(c, payload, |h, a| h.domain_create_with_flags(&dom(a.dom), 0).map(drop))
        }
        num::DOMAIN_CREATE_WITH_FLAGS => run::<p::DomainCreateWithFlags>(c, payload, |h, a| {
            let mut d = dom(a.dom);
            d.id = h.domain_create_with_flags(&d, a.flags)?;
            Ok(p::DomainCreateWithFlagsRet { dom: d.into() })
        }),
        num::DOMAIN_DESTROY => run::<p::DomainDestroy>(c, payload, |h, a| h.domain_destroy_flags(&dom(a.dom), 0)),
        num::DOMAIN_DESTROY_FLAGS => {
            run::<p::DomainDestroyFlags>(c, payload, |h, a| h.domain_destroy_flags(&dom(a.dom), a.flags))
        }
        num::DOMAIN_SHUTDOWN => run::<p::DomainShutdown>(c, payload, |h, a| h.domain_shutdown_flags(&dom(a.dom), 0)),
        num::DOMAIN_SHUTDOWN_FLAGS => {
            run::<p::DomainShutdownFlags>(c, payload, |h, a| h.domain_shutdown_flags(&dom(a.dom), a.flags))
        }
        num::DOMAIN_REBOOT => run::<p::DomainReboot>(c, payload, |h, a| h.domain_reboot(&dom(a.dom), a.flags)),
        num::DOMAIN_RESET => run::<p::DomainReset>(c, payload, |h, a| h.domain_reset(&dom(a.dom), a.flags)),
        num::DOMAIN_SUSPEND => run::<p::DomainSuspend>(c, payload, |h, a| h.domain_suspend(&dom(a.dom))),
        num::DOMAIN_RESUME => run::<p::DomainResume>(c, payload, |h, a| h.domain_resume(&dom(a.dom))),
        num::DOMAIN_SAVE => run::<p::DomainSave>(c, payload, |h, a| h.domain_save_flags(&dom(a.dom), &a.to, None, 0)),
        num::DOMAIN_SAVE_FLAGS => run::<p::DomainSaveFlags>(c, payload, |h, a| {
            h.domain_save_flags(&dom(a.dom), &a.to, a.dxml.as_deref(), a.flags)
        }),
        num::DOMAIN_RESTORE => run::<p::DomainRestore>(c, payload, |h, a| h.domain_restore_flags(&a.from, None, 0)),
        num::DOMAIN_RESTORE_FLAGS => {
            run::<p::DomainRestoreFlags>(c, payload, |h, a| h.domain_restore_flags(&a.from, a.dxml.as_deref(), a.flags))
        }

        // ---- inspection and tuning ----------------------------------------------------
        num::DOMAIN_GET_INFO => run::<p::DomainGetInfo>(c, payload, |h, a| Ok(h.domain_get_info(&dom(a.dom))?.into())),
        num::DOMAIN_GET_STATE => {
            run::<p::DomainGetState>(c, payload, |h, a| Ok(h.domain_get_state(&dom(a.dom), a.flags)?.into()))
        }
        num::DOMAIN_GET_XML_DESC => {
            let read_only = c.opened.lock().as_ref().is_some_and(|o| o.read_only);
            run::<p::DomainGetXmlDesc>(c, payload, |h, a| {
                if read_only && a.flags & XML_SECURE != 0 {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_OPERATION_DENIED,
                        "virDomainGetXMLDesc with secure flag",
                    ));
                }
                Ok(p::DomainGetXmlDescRet { xml: h.domain_get_xml_desc(&dom(a.dom), a.flags)? })
            })
        }
        num::DOMAIN_GET_OS_TYPE => run::<p::DomainGetOsType>(c, payload, |h, a| {
            Ok(p::DomainGetOsTypeRet { type_: h.domain_get_os_type(&dom(a.dom))? })
        }),
        num::DOMAIN_GET_AUTOSTART => run::<p::DomainGetAutostart>(c, payload, |h, a| {
            Ok(p::DomainGetAutostartRet { autostart: h.domain_get_autostart(&dom(a.dom))? as i32 })
        }),
        num::DOMAIN_SET_AUTOSTART => {
            run::<p::DomainSetAutostart>(c, payload, |h, a| h.domain_set_autostart(&dom(a.dom), a.autostart != 0))
        }
        num::DOMAIN_GET_MAX_MEMORY => run::<p::DomainGetMaxMemory>(c, payload, |h, a| {
            Ok(p::DomainGetMaxMemoryRet { memory: h.domain_get_max_memory(&dom(a.dom))? })
        }),
        num::DOMAIN_SET_MAX_MEMORY => {
            run::<p::DomainSetMaxMemory>(c, payload, |h, a| h.domain_set_max_memory(&dom(a.dom), a.memory))
        }
        num::DOMAIN_SET_MEMORY => {
            run::<p::DomainSetMemory>(c, payload, |h, a| h.domain_set_memory_flags(&dom(a.dom), a.memory, 0))
        }
        num::DOMAIN_SET_MEMORY_FLAGS => {
            run::<p::DomainSetMemoryFlags>(c, payload, |h, a| h.domain_set_memory_flags(&dom(a.dom), a.memory, a.flags))
        }
        num::DOMAIN_GET_MAX_VCPUS => run::<p::DomainGetMaxVcpus>(c, payload, |h, a| {
            Ok(p::DomainGetMaxVcpusRet { num: h.domain_get_max_vcpus(&dom(a.dom))? })
        }),
        num::DOMAIN_MEMORY_STATS => run::<p::DomainMemoryStats>(c, payload, |h, a| {
            if a.max_stats as usize > p::REMOTE_DOMAIN_MEMORY_STATS_MAX {
                return Err(internal("maxStats > REMOTE_DOMAIN_MEMORY_STATS_MAX"));
            }
            let stats = h.domain_memory_stats(&dom(a.dom), a.max_stats, a.flags)?;
            Ok(p::DomainMemoryStatsRet {
                stats: virt::rpc::xdr::Array(stats.into_iter().map(|(tag, val)| p::DomainMemoryStat { tag, val }).collect()),
            })
        }),
        num::DOMAIN_INTERFACE_STATS => run::<p::DomainInterfaceStats>(c, payload, |h, a| {
            Ok(h.domain_interface_stats(&dom(a.dom), &a.device)?.into())
        }),
        num::DOMAIN_GET_JOB_INFO => {
            run::<p::DomainGetJobInfo>(c, payload, |h, a| Ok(h.domain_get_job_info(&dom(a.dom))?.into()))
        }
        num::DOMAIN_GET_VCPUS => run::<p::DomainGetVcpus>(c, payload, |h, a| {
            if a.maxinfo > p::REMOTE_VCPUINFO_MAX as i32 {
                return Err(internal("maxinfo > REMOTE_VCPUINFO_MAX"));
            }
            let map_bytes = i64::from(a.maxinfo.max(0)) * i64::from(a.maplen.max(0));
            if map_bytes > p::REMOTE_CPUMAPS_MAX as i64 {
                return Err(internal("maxinfo * maplen > REMOTE_CPUMAPS_MAX"));
            }
            let (info, mut cpumaps) = h.domain_get_vcpus(&dom(a.dom), a.maxinfo, a.maplen)?;
            // libvirtd sends the caller's whole map array, zero past the vCPUs filled.
            cpumaps.resize(map_bytes as usize, 0);
            Ok(p::DomainGetVcpusRet {
                info: virt::rpc::xdr::Array(info.into_iter().map(Into::into).collect()),
                cpumaps: virt::rpc::xdr::Opaque(cpumaps),
            })
        }),
        num::DOMAIN_SET_VCPUS => {
            run::<p::DomainSetVcpus>(c, payload, |h, a| h.domain_set_vcpus_flags(&dom(a.dom), a.nvcpus, 0))
        }
        num::DOMAIN_SET_VCPUS_FLAGS => {
            run::<p::DomainSetVcpusFlags>(c, payload, |h, a| h.domain_set_vcpus_flags(&dom(a.dom), a.nvcpus, a.flags))
        }
        num::DOMAIN_GET_VCPUS_FLAGS => run::<p::DomainGetVcpusFlags>(c, payload, |h, a| {
            Ok(p::DomainGetVcpusFlagsRet { num: h.domain_get_vcpus_flags(&dom(a.dom), a.flags)? })
        }),
        num::DOMAIN_IS_ACTIVE => run::<p::DomainIsActive>(c, payload, |h, a| {
            Ok(p::DomainIsActiveRet { active: h.domain_is_active(&dom(a.dom))? as i32 })
        }),
        num::DOMAIN_IS_PERSISTENT => run::<p::DomainIsPersistent>(c, payload, |h, a| {
            Ok(p::DomainIsPersistentRet { persistent: h.domain_is_persistent(&dom(a.dom))? as i32 })
        }),
        num::DOMAIN_IS_UPDATED => run::<p::DomainIsUpdated>(c, payload, |h, a| {
            Ok(p::DomainIsUpdatedRet { updated: h.domain_is_updated(&dom(a.dom))? as i32 })
        }),
        num::DOMAIN_GET_HOSTNAME => unsupported::<p::DomainGetHostname>(c, payload),
        num::DOMAIN_MANAGED_SAVE => {
            run::<p::DomainManagedSave>(c, payload, |h, a| h.domain_managed_save(&dom(a.dom), a.flags))
        }
        num::DOMAIN_HAS_MANAGED_SAVE_IMAGE => run::<p::DomainHasManagedSaveImage>(c, payload, |h, a| {
            Ok(p::DomainHasManagedSaveImageRet { result: h.domain_has_managed_save_image(&dom(a.dom), a.flags)? as i32 })
        }),
        num::DOMAIN_MANAGED_SAVE_REMOVE => {
            run::<p::DomainManagedSaveRemove>(c, payload, |h, a| h.domain_managed_save_remove(&dom(a.dom), a.flags))
        }
        num::DOMAIN_GET_SECURITY_LABEL => run::<p::DomainGetSecurityLabel>(c, payload, |h, a| {
            let (label, enforcing) = h.domain_get_security_label(&dom(a.dom))?;
            Ok(p::DomainGetSecurityLabelRet {
                label: virt::rpc::xdr::CharArray::from_c_str(&label),
                enforcing: enforcing as i32,
            })
        }),
        num::CONNECT_GET_ALL_DOMAIN_STATS => run::<p::ConnectGetAllDomainStats>(c, payload, |h, a| {
            let doms: Vec<_> = a.doms.0.into_iter().map(dom).collect();
            p::ConnectGetAllDomainStatsRet::new(h.connect_get_all_domain_stats(&doms, a.stats, a.flags)?)
        }),

        // ---- events ---------------------------------------------------------------------
        num::CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY => {
            run::<p::ConnectDomainEventCallbackRegisterAny>(c, payload, |h, a| {
                let filter = a.dom.map(dom);
                let callback_id = ClientEvents::register(client, h, a.event_id, filter.as_ref())?;
                Ok(p::ConnectDomainEventCallbackRegisterAnyRet { callback_id })
            })
        }
        num::CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY => {
            run::<p::ConnectDomainEventCallbackDeregisterAny>(c, payload, |h, a| {
                ClientEvents::deregister(c, h, a.callback_id)
            })
        }

        _ => unknown(),
    }
}

/// A procedure of libvirt 9.0's remote program that the table does not declare, as
/// libvirtd answers one whose function the connection's driver lacks: "connection not
/// open" without a connection, "read only access prevents virXxx" for a changing call
/// on a read-only connection, else "this function is not supported by the connection
/// driver: virXxx" (`VIR_ERR_NO_SUPPORT`), each in the API's own error domain; the
/// connection stays open. The arguments are not decoded (the table has no type for
/// them), so libvirt's argument checks are the client library's business. None for
/// numbers libvirt 9.0 does not have and for event messages: "unknown procedure".
fn not_served(client: &Client, num: i32) -> Option<Result<Vec<u8>>> {
    let api = procnames::unsupported_api(num)?;
    let from = procnames::api_error_domain(api);
    Some(Err(match opened(client) {
        Err(e) => e,
        Ok((_, true)) if procnames::api_denied_read_only(api) => {
            Error::new(from, Code::VIR_ERR_OPERATION_DENIED, format!("read only access prevents {api}"))
        }
        Ok(_) => Error::no_support(from, api),
    }))
}

/// CONNECT_OPEN: opens `name` (or this daemon's default URI) with the daemon's drivers.
fn connect_open(client: &Client, a: p::ConnectOpenArgs) -> Result<()> {
    let mut slot = client.opened.lock();
    if slot.is_some() {
        return Err(internal("connection already open"));
    }
    let name = a.name.unwrap_or_else(|| default_uri(client.daemon.mode).to_string());
    let read_only = client.peer.read_only || a.flags & CONNECT_RO != 0;
    let uri = Uri::parse(&name)?;
    let flags = OpenFlags { read_only };
    if let Some(qemu) = client.daemon.qemu.open(&uri)? {
        info!("client {}: opened {name}{}", client.id, if read_only { " (read-only)" } else { "" });
        *slot = Some(Opened { conn: qemu, uri: uri.to_string(), read_only });
        return Ok(());
    }
    for driver in DRIVERS {
        if let Open::Accepted(conn) = driver.open(&uri, flags)? {
            info!("client {}: opened {name}{}", client.id, if read_only { " (read-only)" } else { "" });
            *slot = Some(Opened { conn: Arc::from(conn), uri: uri.to_string(), read_only });
            return Ok(());
        }
    }
    Err(Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_NO_CONNECT, name))
}

/// The URI a NULL name means: this daemon's own QEMU driver.
fn default_uri(mode: Mode) -> &'static str {
    match mode {
        Mode::System => "qemu:///system",
        Mode::Session => "qemu:///session",
    }
}

/// CONNECT_SUPPORTS_FEATURE: the daemon's own features (keepalive, which also starts
/// it; callbacks), then the driver's.
fn supports_feature(client: &Arc<Client>, f: i32) -> Result<p::ConnectSupportsFeatureRet> {
    let supported = |b: bool| Ok(p::ConnectSupportsFeatureRet { supported: b as i32 });
    // Asked before CONNECT_OPEN, so answered without a connection.
    if f == feature::PROGRAM_KEEPALIVE {
        client.start_keepalive();
        return supported(true);
    }
    let (conn, _) = opened(client)?;
    match f {
        // Not until CALL_WITH_FDS is served.
        feature::FD_PASSING => supported(false),
        feature::REMOTE_CLOSE_CALLBACK | feature::REMOTE_EVENT_CALLBACK => supported(true),
        // The Hypervisor trait has no slot for driver features yet; the test driver's
        // answer (testConnectSupportsFeature) is known.
        feature::TYPED_PARAM_STRING | feature::NETWORK_UPDATE_HAS_CORRECT_ORDER => {
            supported(conn.connect_get_type()? == "TEST")
        }
        _ => supported(false),
    }
}
