//! Conversions between the wire structures of [`protocol`](super::protocol) and the
//! driver's types, shared by the remote driver (wire → driver) and qemud (driver →
//! wire), so each mapping is written once.
//!
//! Lists are checked against libvirt's bounds when built: a peer refuses an array longer
//! than its limit, so the sender reports the error instead of sending it.

#![forbid(unsafe_code)]

use super::protocol::*;
use super::xdr::{Array, CharArray, Chars};
use super::xdr::Xdr;
use crate::driver::{
    DomainEvent, DomainEventBody, DomainId, DomainInfo, DomainStats, EventObject, JobInfo, NodeInfo, ObjectEvent, ObjectEventBody,
    VcpuInfo,
};
use crate::error::{Code, Domain, Error, Result};

impl From<DomainInfo> for DomainGetInfoRet {
    fn from(i: DomainInfo) -> DomainGetInfoRet {
        DomainGetInfoRet {
            // virDomainInfo.state is an unsigned char too.
            state: i.state as u8,
            max_mem: i.max_mem_kib,
            memory: i.memory_kib,
            nr_virt_cpu: i.nr_virt_cpu,
            cpu_time: i.cpu_time_ns,
        }
    }
}

impl From<DomainGetInfoRet> for DomainInfo {
    fn from(r: DomainGetInfoRet) -> DomainInfo {
        DomainInfo {
            state: r.state as i32,
            max_mem_kib: r.max_mem,
            memory_kib: r.memory,
            nr_virt_cpu: r.nr_virt_cpu,
            cpu_time_ns: r.cpu_time,
        }
    }
}

impl From<&NodeInfo> for NodeGetInfoRet {
    fn from(n: &NodeInfo) -> NodeGetInfoRet {
        NodeGetInfoRet {
            model: Chars::from_c_str(&n.model),
            memory: n.memory_kib,
            cpus: n.cpus as i32,
            mhz: n.mhz as i32,
            nodes: n.nodes as i32,
            sockets: n.sockets as i32,
            cores: n.cores as i32,
            threads: n.threads as i32,
        }
    }
}

impl From<NodeInfo> for NodeGetInfoRet {
    fn from(n: NodeInfo) -> NodeGetInfoRet {
        (&n).into()
    }
}

impl From<NodeGetInfoRet> for NodeInfo {
    fn from(r: NodeGetInfoRet) -> NodeInfo {
        NodeInfo {
            model: r.model.to_c_string(),
            memory_kib: r.memory,
            cpus: r.cpus as u32,
            mhz: r.mhz as u32,
            nodes: r.nodes as u32,
            sockets: r.sockets as u32,
            cores: r.cores as u32,
            threads: r.threads as u32,
        }
    }
}

/// `(state, reason)`, as [`Domains::domain_get_state`](crate::driver::Domains::domain_get_state) returns it.
impl From<(i32, i32)> for DomainGetStateRet {
    fn from((state, reason): (i32, i32)) -> DomainGetStateRet {
        DomainGetStateRet { state, reason }
    }
}

impl From<DomainGetStateRet> for (i32, i32) {
    fn from(r: DomainGetStateRet) -> (i32, i32) {
        (r.state, r.reason)
    }
}

/// `v` as a wire array, or `VIR_ERR_RPC` when it exceeds the array's bound.
pub fn bounded<T, const MAX: usize>(v: Vec<T>, what: &str) -> Result<Array<T, MAX>> {
    if v.len() > MAX {
        return Err(Error::new(
            Domain::VIR_FROM_RPC,
            Code::VIR_ERR_RPC,
            format!("Too many {what} '{}' for limit '{MAX}'", v.len()),
        ));
    }
    Ok(Array(v))
}

impl ConnectListAllDomainsRet {
    /// The server's answer: the domains when the client asked for them, and the count.
    pub fn new(domains: Vec<DomainId>, need_results: bool) -> Result<Self> {
        let count = domains.len() as u32;
        let domains = if need_results { domains.into_iter().map(NonnullDomain::from).collect() } else { Vec::new() };
        Ok(ConnectListAllDomainsRet { domains: bounded(domains, "domains")?, ret: count })
    }

    pub fn into_domains(self) -> Vec<DomainId> {
        self.domains.0.into_iter().map(DomainId::from).collect()
    }
}

impl ConnectListDomainsRet {
    pub fn new(ids: Vec<i32>) -> Result<Self> {
        Ok(ConnectListDomainsRet { ids: bounded(ids, "domains")? })
    }
}

impl ConnectListDefinedDomainsRet {
    pub fn new(names: Vec<String>) -> Result<Self> {
        Ok(ConnectListDefinedDomainsRet { names: bounded(names, "domains")? })
    }
}

impl NodeGetCellsFreeMemoryRet {
    /// Free memory per cell, in bytes.
    pub fn new(cells: Vec<u64>) -> Result<Self> {
        Ok(NodeGetCellsFreeMemoryRet { cells: bounded(cells, "NUMA cells")? })
    }
}

impl From<(String, String)> for NodeGetSecurityModelRet {
    fn from((model, doi): (String, String)) -> Self {
        NodeGetSecurityModelRet::new(&model, &doi)
    }
}

impl From<NodeGetSecurityModelRet> for (String, String) {
    fn from(r: NodeGetSecurityModelRet) -> Self {
        (r.model(), r.doi())
    }
}

impl From<(String, bool)> for DomainGetSecurityLabelRet {
    fn from((label, enforcing): (String, bool)) -> Self {
        DomainGetSecurityLabelRet::new(&label, enforcing)
    }
}

impl From<DomainGetSecurityLabelRet> for (String, bool) {
    fn from(r: DomainGetSecurityLabelRet) -> Self {
        (r.label(), r.enforcing != 0)
    }
}

impl NodeGetSecurityModelRet {
    /// `virSecurityModel`: both strings go with their NUL, as libvirtd sends them.
    pub fn new(model: &str, doi: &str) -> Self {
        NodeGetSecurityModelRet { model: CharArray::from_c_str(model), doi: CharArray::from_c_str(doi) }
    }

    pub fn model(&self) -> String {
        self.model.to_c_string()
    }

    pub fn doi(&self) -> String {
        self.doi.to_c_string()
    }
}

impl DomainGetSecurityLabelRet {
    /// `virSecurityLabel`: the label goes with its NUL.
    pub fn new(label: &str, enforcing: bool) -> Self {
        DomainGetSecurityLabelRet { label: CharArray::from_c_str(label), enforcing: enforcing as i32 }
    }

    pub fn label(&self) -> String {
        self.label.to_c_string()
    }
}

impl DomainEventCallbackLifecycleMsg {
    pub fn new(callback_id: i32, dom: &DomainId, event: i32, detail: i32) -> Self {
        DomainEventCallbackLifecycleMsg {
            callback_id,
            msg: DomainEventLifecycleMsg { dom: dom.clone(), event, detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::xdr::Xdr;

    fn id() -> DomainId {
        DomainId { name: "test".into(), uuid: [0x66; 16], id: 1 }
    }

    #[test]
    fn event_messages_round_trip() {
        let life = DomainEvent::lifecycle(id(), 3, 0);
        let (proc_, payload) = event_message(7, &life);
        assert_eq!(proc_, 318);
        // callbackID, then remote_domain_event_lifecycle_msg: dom, event, detail.
        assert_eq!(&payload[..4], &[0, 0, 0, 7]);
        assert_eq!(&payload[payload.len() - 8..], &[0, 0, 0, 3, 0, 0, 0, 0]);
        assert_eq!(event_from_message(proc_, &payload).unwrap().unwrap(), (7, life));
        let reboot = DomainEvent { dom: id(), body: DomainEventBody::Reboot };
        let (proc_, payload) = event_message(2, &reboot);
        assert_eq!(proc_, 319);
        assert_eq!(event_from_message(proc_, &payload).unwrap().unwrap(), (2, reboot));
        let meta = DomainEvent { dom: id(), body: DomainEventBody::MetadataChange { kind: 2, nsuri: Some("http://x/".into()) } };
        let (proc_, meta_payload) = event_message(5, &meta);
        assert_eq!(proc_, 379);
        // callbackID, dom, type, then nsuri as a present optional string.
        assert_eq!(&meta_payload[meta_payload.len() - 24..meta_payload.len() - 16], &[0, 0, 0, 2, 0, 0, 0, 1]);
        assert_eq!(event_from_message(proc_, &meta_payload).unwrap().unwrap(), (5, meta));
        let agent = DomainEvent { dom: id(), body: DomainEventBody::AgentLifecycle { state: 1, reason: 2 } };
        let (proc_, agent_payload) = event_message(6, &agent);
        assert_eq!(proc_, 348);
        // callbackID, dom, state, reason.
        assert_eq!(&agent_payload[agent_payload.len() - 8..], &[0, 0, 0, 1, 0, 0, 0, 2]);
        assert_eq!(event_from_message(proc_, &agent_payload).unwrap().unwrap(), (6, agent));
        assert!(event_from_message(107, &payload).is_none(), "not a callback event");
        assert!(event_from_message(318, &payload[..6]).unwrap().is_err(), "truncated");
    }

    #[test]
    fn object_and_legacy_event_messages() {
        use crate::driver::{NetworkId, NodeDeviceId, SecretId, StoragePoolId};
        let net = EventObject::Network(NetworkId { name: "n".into(), uuid: [1; 16] });
        let (proc_, payload) = object_event_message(4, &ObjectEvent::lifecycle(net.clone(), 2, 0));
        assert_eq!(proc_, 315);
        // callbackID, net (name "n" padded, uuid), event, detail.
        assert_eq!(payload.len(), 4 + 8 + 16 + 8);
        assert_eq!(&payload[..8], &[0, 0, 0, 4, 0, 0, 0, 1]);
        assert_eq!(object_event_from_message(proc_, &payload).unwrap().unwrap(), (4, ObjectEvent::lifecycle(net, 2, 0)));
        let pool = || EventObject::StoragePool(StoragePoolId { name: "p".into(), uuid: [2; 16] });
        let dev = || EventObject::NodeDevice(NodeDeviceId { name: "d".into() });
        let secret = || EventObject::Secret(SecretId { uuid: [3; 16], usage_type: 1, usage_id: "u".into() });
        let cases = [
            (ObjectEvent::lifecycle(pool(), 4, 0), 370),
            (ObjectEvent::changed(pool()), 373),
            (ObjectEvent::lifecycle(dev(), 1, 0), 376),
            (ObjectEvent::changed(dev()), 377),
            (ObjectEvent::lifecycle(secret(), 0, 0), 382),
            (ObjectEvent::changed(secret()), 383),
        ];
        for (event, num) in cases {
            let (proc_, payload) = object_event_message(9, &event);
            assert_eq!(proc_, num);
            assert_eq!(object_event_from_message(proc_, &payload).unwrap().unwrap(), (9, event));
            assert!(object_event_from_message(proc_, &payload[..5]).unwrap().is_err(), "truncated");
        }
        assert!(object_event_from_message(318, &[]).is_none());

        let (proc_, payload) = legacy_event_message(&DomainEvent::lifecycle(id(), 5, 1)).unwrap();
        assert_eq!(proc_, 107);
        let expected = DomainEventLifecycleMsg { dom: id(), event: 5, detail: 1 };
        assert_eq!(DomainEventLifecycleMsg::from_xdr(&payload).unwrap(), expected);
        let (proc_, payload) = legacy_event_message(&DomainEvent { dom: id(), body: DomainEventBody::Reboot }).unwrap();
        let metadata = DomainEventBody::MetadataChange { kind: 2, nsuri: Some("http://x/".into()) };
        assert_eq!(legacy_event_message(&DomainEvent { dom: id(), body: metadata }), None);
        assert_eq!(proc_, 169);
        assert_eq!(DomainEventRebootMsg::from_xdr(&payload).unwrap(), DomainEventRebootMsg { dom: id() });
    }

    #[test]
    fn domain_ids() {
        let wire: NonnullDomain = id().into();
        assert_eq!(wire, NonnullDomain { name: "test".into(), uuid: [0x66; 16], id: 1 });
        assert_eq!(DomainId::from(wire), id());
    }

    #[test]
    fn domain_info() {
        let info = DomainInfo { state: 3, max_mem_kib: 8388608, memory_kib: 2097152, nr_virt_cpu: 2, cpu_time_ns: 42 };
        let wire = DomainGetInfoRet::from(info);
        let back = DomainInfo::from(DomainGetInfoRet::from_xdr(&wire.to_xdr()).unwrap());
        assert_eq!(back, info);
    }

    #[test]
    fn node_info_model_is_32_chars() {
        let n = NodeInfo::test_default();
        let wire = NodeGetInfoRet::from(&n);
        let bytes = wire.to_xdr();
        assert_eq!(bytes.len(), 160);
        assert_eq!(&bytes[..8], &[0, 0, 0, b'i', 0, 0, 0, b'6']);
        assert_eq!(NodeInfo::from(NodeGetInfoRet::from_xdr(&bytes).unwrap()), n);
        // A model longer than 31 bytes is cut, keeping the NUL.
        let long = NodeInfo { model: "x".repeat(40), ..NodeInfo::test_default() };
        assert_eq!(NodeInfo::from(NodeGetInfoRet::from(&long)).model, "x".repeat(31));
        // A peer that fills all 32 chars still decodes.
        let full = NodeGetInfoRet { model: Chars([b'y'; 32]), ..wire };
        assert_eq!(NodeInfo::from(full).model, "y".repeat(32));
    }

    #[test]
    fn lists_and_limits() {
        let r = ConnectListAllDomainsRet::new(vec![id(), id()], true).unwrap();
        assert_eq!(r.ret, 2);
        assert_eq!(r.clone().into_domains(), vec![id(), id()]);
        let count_only = ConnectListAllDomainsRet::new(vec![id()], false).unwrap();
        assert!(count_only.domains.0.is_empty());
        assert_eq!(count_only.ret, 1);
        let e = ConnectListDomainsRet::new(vec![0; REMOTE_DOMAIN_LIST_MAX + 1]).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_RPC);
        assert!(ConnectListDomainsRet::new(vec![0; REMOTE_DOMAIN_LIST_MAX]).is_ok());
        assert!(NodeGetCellsFreeMemoryRet::new(vec![0; REMOTE_NODE_MAX_CELLS + 1]).is_err());
        assert_eq!(<(i32, i32)>::from(DomainGetStateRet::from((1, 5))), (1, 5));
    }

    #[test]
    fn security_strings_carry_their_nul() {
        let m = NodeGetSecurityModelRet::new("testSecurity", "");
        assert_eq!(m.model.0.len(), 13);
        assert_eq!(m.doi.0, vec![0]);
        let back = NodeGetSecurityModelRet::from_xdr(&m.to_xdr()).unwrap();
        assert_eq!((back.model(), back.doi()), ("testSecurity".to_string(), String::new()));
        let l = DomainGetSecurityLabelRet::new("libvirt-test", true);
        assert_eq!(DomainGetSecurityLabelRet::from_xdr(&l.to_xdr()).unwrap().label(), "libvirt-test");
        assert_eq!(l.enforcing, 1);
        // An empty array (NULL on the C side) reads as "".
        assert_eq!(NodeGetSecurityModelRet::default().model(), "");
    }

    #[test]
    fn lifecycle_message() {
        let m = DomainEventCallbackLifecycleMsg::new(7, &id(), 2, 0);
        assert_eq!(m.msg.dom, id().into());
        assert_eq!(DomainEventCallbackLifecycleMsg::from_xdr(&m.to_xdr()).unwrap(), m);
    }
}

impl ConnectGetAllDomainStatsRet {
    /// The records of `virConnectGetAllDomainStats`, within the protocol's limits.
    pub fn new(records: Vec<DomainStats>) -> Result<ConnectGetAllDomainStatsRet> {
        let records = records
            .into_iter()
            .map(|(dom, params)| {
                let params = params.into_iter().map(|(field, value)| TypedParam { field, value }).collect();
                Ok(DomainStatsRecord { dom: dom.into(), params: bounded(params, "stats")? })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ConnectGetAllDomainStatsRet { ret_stats: bounded(records, "domains")? })
    }

    pub fn into_records(self) -> Vec<DomainStats> {
        self.ret_stats
            .0
            .into_iter()
            .map(|r| (r.dom.into(), r.params.0.into_iter().map(|p| (p.field, p.value)).collect()))
            .collect()
    }
}

impl From<[i64; 8]> for DomainInterfaceStatsRet {
    fn from(v: [i64; 8]) -> DomainInterfaceStatsRet {
        let [rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop] = v;
        DomainInterfaceStatsRet { rx_bytes, rx_packets, rx_errs, rx_drop, tx_bytes, tx_packets, tx_errs, tx_drop }
    }
}

impl From<DomainInterfaceStatsRet> for [i64; 8] {
    fn from(r: DomainInterfaceStatsRet) -> [i64; 8] {
        [r.rx_bytes, r.rx_packets, r.rx_errs, r.rx_drop, r.tx_bytes, r.tx_packets, r.tx_errs, r.tx_drop]
    }
}

impl From<JobInfo> for DomainGetJobInfoRet {
    fn from(j: JobInfo) -> DomainGetJobInfoRet {
        let [time_elapsed, time_remaining, data_total, data_processed, data_remaining, mem_total, mem_processed, mem_remaining, file_total, file_processed, file_remaining] =
            j.counters;
        DomainGetJobInfoRet {
            type_: j.kind,
            time_elapsed,
            time_remaining,
            data_total,
            data_processed,
            data_remaining,
            mem_total,
            mem_processed,
            mem_remaining,
            file_total,
            file_processed,
            file_remaining,
        }
    }
}

impl From<DomainGetJobInfoRet> for JobInfo {
    fn from(r: DomainGetJobInfoRet) -> JobInfo {
        JobInfo {
            kind: r.type_,
            counters: [
                r.time_elapsed,
                r.time_remaining,
                r.data_total,
                r.data_processed,
                r.data_remaining,
                r.mem_total,
                r.mem_processed,
                r.mem_remaining,
                r.file_total,
                r.file_processed,
                r.file_remaining,
            ],
        }
    }
}

impl From<RemoteVcpuInfo> for VcpuInfo {
    fn from(v: RemoteVcpuInfo) -> VcpuInfo {
        VcpuInfo { number: v.number, state: v.state, cpu_time_ns: v.cpu_time, cpu: v.cpu }
    }
}

impl From<VcpuInfo> for RemoteVcpuInfo {
    fn from(v: VcpuInfo) -> RemoteVcpuInfo {
        RemoteVcpuInfo { number: v.number, state: v.state, cpu_time: v.cpu_time_ns, cpu: v.cpu }
    }
}

/// A domain event as the MESSAGE a server sends to the client's callback `callback_id`:
/// the procedure number and the payload.
pub fn event_message(callback_id: i32, e: &DomainEvent) -> (i32, Vec<u8>) {
    let dom = e.dom.clone();
    match &e.body {
        &DomainEventBody::Lifecycle { event, detail } => (
            <DomainEventCallbackLifecycle as Procedure>::NUM,
            DomainEventCallbackLifecycleMsg { callback_id, msg: DomainEventLifecycleMsg { dom, event, detail } }
                .to_xdr(),
        ),
        DomainEventBody::Reboot => (
            <DomainEventCallbackReboot as Procedure>::NUM,
            DomainEventCallbackRebootMsg { callback_id, msg: DomainEventRebootMsg { dom } }.to_xdr(),
        ),
        DomainEventBody::MetadataChange { kind, nsuri } => (
            <DomainEventCallbackMetadataChange as Procedure>::NUM,
            DomainEventCallbackMetadataChangeMsg { callback_id, dom, type_: *kind, nsuri: nsuri.clone() }.to_xdr(),
        ),
        &DomainEventBody::AgentLifecycle { state, reason } => (
            <DomainEventCallbackAgentLifecycle as Procedure>::NUM,
            DomainEventCallbackAgentLifecycleMsg { callback_id, dom, state, reason }.to_xdr(),
        ),
        DomainEventBody::DeviceAdded { alias } => (
            <DomainEventCallbackDeviceAdded as Procedure>::NUM,
            DomainEventCallbackDeviceAddedMsg { callback_id, dom, dev_alias: alias.clone() }.to_xdr(),
        ),
        DomainEventBody::DeviceRemoved { alias } => (
            <DomainEventCallbackDeviceRemoved as Procedure>::NUM,
            DomainEventCallbackDeviceRemovedMsg {
                callback_id,
                msg: DomainEventDeviceRemovedMsg { dom, dev_alias: alias.clone() },
            }
            .to_xdr(),
        ),
    }
}

/// The callback id and event of a domain event MESSAGE; `None` for other procedures.
pub fn event_from_message(proc_: i32, payload: &[u8]) -> Option<Result<(i32, DomainEvent)>> {
    let mut r = super::xdr::Reader::new(payload);
    Some(match proc_ {
        <DomainEventCallbackLifecycle as Procedure>::NUM => DomainEventCallbackLifecycleMsg::decode(&mut r).map(|m| {
            (m.callback_id, DomainEvent::lifecycle(m.msg.dom.into(), m.msg.event, m.msg.detail))
        }),
        <DomainEventCallbackReboot as Procedure>::NUM => DomainEventCallbackRebootMsg::decode(&mut r)
            .map(|m| (m.callback_id, DomainEvent { dom: m.msg.dom.into(), body: DomainEventBody::Reboot })),
        <DomainEventCallbackMetadataChange as Procedure>::NUM => DomainEventCallbackMetadataChangeMsg::decode(&mut r)
            .map(|m| {
                let body = DomainEventBody::MetadataChange { kind: m.type_, nsuri: m.nsuri };
                (m.callback_id, DomainEvent { dom: m.dom.into(), body })
            }),
        <DomainEventCallbackAgentLifecycle as Procedure>::NUM => DomainEventCallbackAgentLifecycleMsg::decode(&mut r)
            .map(|m| {
                let body = DomainEventBody::AgentLifecycle { state: m.state, reason: m.reason };
                (m.callback_id, DomainEvent { dom: m.dom.into(), body })
            }),
        <DomainEventCallbackDeviceAdded as Procedure>::NUM => DomainEventCallbackDeviceAddedMsg::decode(&mut r).map(|m| {
            (m.callback_id, DomainEvent { dom: m.dom.into(), body: DomainEventBody::DeviceAdded { alias: m.dev_alias } })
        }),
        <DomainEventCallbackDeviceRemoved as Procedure>::NUM => DomainEventCallbackDeviceRemovedMsg::decode(&mut r)
            .map(|m| {
                let body = DomainEventBody::DeviceRemoved { alias: m.msg.dev_alias };
                (m.callback_id, DomainEvent { dom: m.msg.dom.into(), body })
            }),
        _ => return None,
    })
}

/// A domain event as the MESSAGE an old-style registration (`CONNECT_DOMAIN_EVENT_REGISTER`,
/// `..._REGISTER_ANY`) gets: no callback id. Events newer than those registrations have
/// no such message (None): libvirtd sends them only to callback registrations.
pub fn legacy_event_message(e: &DomainEvent) -> Option<(i32, Vec<u8>)> {
    let dom = e.dom.clone();
    match &e.body {
        &DomainEventBody::Lifecycle { event, detail } => {
            Some((<DomainEventLifecycle as Procedure>::NUM, DomainEventLifecycleMsg { dom, event, detail }.to_xdr()))
        }
        DomainEventBody::Reboot => {
            Some((crate::driver::domain::num::DOMAIN_EVENT_REBOOT, DomainEventRebootMsg { dom }.to_xdr()))
        }
        DomainEventBody::DeviceRemoved { alias } => Some((
            <DomainEventDeviceRemoved as Procedure>::NUM,
            DomainEventDeviceRemovedMsg { dom, dev_alias: alias.clone() }.to_xdr(),
        )),
        DomainEventBody::MetadataChange { .. }
        | DomainEventBody::AgentLifecycle { .. }
        | DomainEventBody::DeviceAdded { .. } => None,
    }
}

/// An object event as the MESSAGE a server sends to the client's callback `callback_id`.
pub fn object_event_message(callback_id: i32, e: &ObjectEvent) -> (i32, Vec<u8>) {
    use ObjectEventBody::{Changed, Lifecycle};
    match (&e.object, e.body) {
        // Networks have no second event in libvirt 9.0 (nothing raises one): as lifecycle -1.
        (EventObject::Network(net), body) => {
            let (event, detail) = if let Lifecycle { event, detail } = body { (event, detail) } else { (-1, 0) };
            (
                <NetworkEventLifecycle as Procedure>::NUM,
                NetworkEventLifecycleMsg { callback_id, net: net.clone(), event, detail }.to_xdr(),
            )
        }
        (EventObject::StoragePool(pool), Lifecycle { event, detail }) => (
            <StoragePoolEventLifecycle as Procedure>::NUM,
            StoragePoolEventLifecycleMsg { callback_id, pool: pool.clone(), event, detail }.to_xdr(),
        ),
        (EventObject::StoragePool(pool), Changed) => (
            <StoragePoolEventRefresh as Procedure>::NUM,
            StoragePoolEventRefreshMsg { callback_id, pool: pool.clone() }.to_xdr(),
        ),
        (EventObject::NodeDevice(dev), Lifecycle { event, detail }) => (
            <NodeDeviceEventLifecycle as Procedure>::NUM,
            NodeDeviceEventLifecycleMsg { callback_id, dev: dev.clone(), event, detail }.to_xdr(),
        ),
        (EventObject::NodeDevice(dev), Changed) => (
            <NodeDeviceEventUpdate as Procedure>::NUM,
            NodeDeviceEventUpdateMsg { callback_id, dev: dev.clone() }.to_xdr(),
        ),
        (EventObject::Secret(secret), Lifecycle { event, detail }) => (
            <SecretEventLifecycle as Procedure>::NUM,
            SecretEventLifecycleMsg { callback_id, secret: secret.clone(), event, detail }.to_xdr(),
        ),
        (EventObject::Secret(secret), Changed) => (
            <SecretEventValueChanged as Procedure>::NUM,
            SecretEventValueChangedMsg { callback_id, secret: secret.clone() }.to_xdr(),
        ),
    }
}

/// The callback id and event of an object event MESSAGE; `None` for other procedures.
pub fn object_event_from_message(proc_: i32, payload: &[u8]) -> Option<Result<(i32, ObjectEvent)>> {
    let mut r = super::xdr::Reader::new(payload);
    let lifecycle = ObjectEvent::lifecycle;
    Some(match proc_ {
        <NetworkEventLifecycle as Procedure>::NUM => NetworkEventLifecycleMsg::decode(&mut r)
            .map(|m| (m.callback_id, lifecycle(EventObject::Network(m.net), m.event, m.detail))),
        <StoragePoolEventLifecycle as Procedure>::NUM => StoragePoolEventLifecycleMsg::decode(&mut r)
            .map(|m| (m.callback_id, lifecycle(EventObject::StoragePool(m.pool), m.event, m.detail))),
        <StoragePoolEventRefresh as Procedure>::NUM => StoragePoolEventRefreshMsg::decode(&mut r)
            .map(|m| (m.callback_id, ObjectEvent::changed(EventObject::StoragePool(m.pool)))),
        <NodeDeviceEventLifecycle as Procedure>::NUM => NodeDeviceEventLifecycleMsg::decode(&mut r)
            .map(|m| (m.callback_id, lifecycle(EventObject::NodeDevice(m.dev), m.event, m.detail))),
        <NodeDeviceEventUpdate as Procedure>::NUM => NodeDeviceEventUpdateMsg::decode(&mut r)
            .map(|m| (m.callback_id, ObjectEvent::changed(EventObject::NodeDevice(m.dev)))),
        <SecretEventLifecycle as Procedure>::NUM => SecretEventLifecycleMsg::decode(&mut r)
            .map(|m| (m.callback_id, lifecycle(EventObject::Secret(m.secret), m.event, m.detail))),
        <SecretEventValueChanged as Procedure>::NUM => SecretEventValueChangedMsg::decode(&mut r)
            .map(|m| (m.callback_id, ObjectEvent::changed(EventObject::Secret(m.secret)))),
        _ => return None,
    })
}
