//! Events as drivers raise them, and the bus that carries them to connections: domain
//! events, and the object events of networks, storage pools, node devices and secrets.
//!
//! A driver owns one [`EventBus`] per family; each connection that wants events of an id
//! subscribes its [`EventSink`] under its own key. [`EventBus::emit`] calls the sinks of
//! every connection subscribed to the event's id. Sinks run on the emitting thread with
//! the bus unlocked and must not block: they queue the event and return.

use std::sync::Arc;

use parking_lot::Mutex;

use super::{DomainId, NetworkId, NodeDeviceId, SecretId, StoragePoolId};
use crate::abi::domain::virDomainEventID;

/// One event about one domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainEvent {
    pub dom: DomainId,
    pub body: DomainEventBody,
}

/// What happened; one variant per `virDomainEventID` a driver raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DomainEventBody {
    /// `VIR_DOMAIN_EVENT_ID_LIFECYCLE`: a `virDomainEventType` and its detail.
    Lifecycle { event: i32, detail: i32 },
    /// `VIR_DOMAIN_EVENT_ID_REBOOT`: the guest reset itself (or was reset).
    Reboot,
    /// `VIR_DOMAIN_EVENT_ID_METADATA_CHANGE`: `kind` is a `virDomainMetadataType`, `nsuri`
    /// the namespace of a changed element.
    MetadataChange { kind: i32, nsuri: Option<String> },
    /// `VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE`: the guest agent's channel connected (1) or
    /// disconnected (2), because the domain started (reason 1) or the channel changed (2).
    AgentLifecycle { state: i32, reason: i32 },
    /// `VIR_DOMAIN_EVENT_ID_DEVICE_ADDED`: a hotplugged device (its alias) is in the guest.
    DeviceAdded { alias: String },
    /// `VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED`: the guest let go of a device (its alias).
    DeviceRemoved { alias: String },
}

impl DomainEventBody {
    /// The `virDomainEventID` the event is delivered under.
    pub fn event_id(&self) -> i32 {
        match self {
            DomainEventBody::Lifecycle { .. } => DomainEvent::LIFECYCLE,
            DomainEventBody::Reboot => DomainEvent::REBOOT,
            DomainEventBody::MetadataChange { .. } => DomainEvent::METADATA_CHANGE,
            DomainEventBody::AgentLifecycle { .. } => DomainEvent::AGENT_LIFECYCLE,
            DomainEventBody::DeviceAdded { .. } => DomainEvent::DEVICE_ADDED,
            DomainEventBody::DeviceRemoved { .. } => DomainEvent::DEVICE_REMOVED,
        }
    }
}

impl DomainEvent {
    /// `VIR_DOMAIN_EVENT_ID_LIFECYCLE`
    pub const LIFECYCLE: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_LIFECYCLE as i32;
    /// `VIR_DOMAIN_EVENT_ID_REBOOT`
    pub const REBOOT: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_REBOOT as i32;
    /// `VIR_DOMAIN_EVENT_ID_METADATA_CHANGE`
    pub const METADATA_CHANGE: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_METADATA_CHANGE as i32;
    /// `VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE`
    pub const AGENT_LIFECYCLE: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE as i32;
    /// `VIR_DOMAIN_EVENT_ID_DEVICE_ADDED`
    pub const DEVICE_ADDED: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_DEVICE_ADDED as i32;
    /// `VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED`
    pub const DEVICE_REMOVED: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED as i32;

    pub fn lifecycle(dom: DomainId, event: i32, detail: i32) -> DomainEvent {
        DomainEvent { dom, body: DomainEventBody::Lifecycle { event, detail } }
    }
}

/// The object classes with events besides domains, as libvirt's `vir<Class>EventID`
/// families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Network,
    StoragePool,
    NodeDevice,
    Secret,
}

impl ObjectKind {
    /// `VIR_<CLASS>_EVENT_ID_LAST` of libvirt 9.0: the ids below it can be registered.
    pub fn event_id_last(self) -> i32 {
        match self {
            ObjectKind::Network => 1,
            ObjectKind::StoragePool | ObjectKind::NodeDevice | ObjectKind::Secret => 2,
        }
    }

    /// The public API that registers callbacks of this class (its "not supported" name).
    pub fn register_api(self) -> &'static str {
        match self {
            ObjectKind::Network => "virConnectNetworkEventRegisterAny",
            ObjectKind::StoragePool => "virConnectStoragePoolEventRegisterAny",
            ObjectKind::NodeDevice => "virConnectNodeDeviceEventRegisterAny",
            ObjectKind::Secret => "virConnectSecretEventRegisterAny",
        }
    }

    pub fn deregister_api(self) -> &'static str {
        match self {
            ObjectKind::Network => "virConnectNetworkEventDeregisterAny",
            ObjectKind::StoragePool => "virConnectStoragePoolEventDeregisterAny",
            ObjectKind::NodeDevice => "virConnectNodeDeviceEventDeregisterAny",
            ObjectKind::Secret => "virConnectSecretEventDeregisterAny",
        }
    }
}

/// An object event id: the class and its `vir<Class>EventID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ObjectEventId {
    pub kind: ObjectKind,
    pub id: i32,
}

/// The object an event is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventObject {
    Network(NetworkId),
    StoragePool(StoragePoolId),
    NodeDevice(NodeDeviceId),
    Secret(SecretId),
}

impl EventObject {
    pub fn kind(&self) -> ObjectKind {
        match self {
            EventObject::Network(_) => ObjectKind::Network,
            EventObject::StoragePool(_) => ObjectKind::StoragePool,
            EventObject::NodeDevice(_) => ObjectKind::NodeDevice,
            EventObject::Secret(_) => ObjectKind::Secret,
        }
    }

    /// What a callback registered for one object is matched by: the UUID, or the name
    /// for node devices (which have none), as libvirt keys its object events.
    pub fn target(&self) -> EventTarget {
        match self {
            EventObject::Network(n) => EventTarget::Uuid(n.uuid),
            EventObject::StoragePool(p) => EventTarget::Uuid(p.uuid),
            EventObject::NodeDevice(d) => EventTarget::Name(d.name.clone()),
            EventObject::Secret(s) => EventTarget::Uuid(s.uuid),
        }
    }
}

/// The key of the object a callback is restricted to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventTarget {
    Uuid([u8; 16]),
    Name(String),
}

/// What happened to the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectEventBody {
    /// Event id 0 of every class: a `vir<Class>EventLifecycleType` and its detail.
    Lifecycle { event: i32, detail: i32 },
    /// Event id 1: a pool's REFRESH, a device's UPDATE, a secret's VALUE_CHANGED.
    Changed,
}

/// One event about one network, pool, device or secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectEvent {
    pub object: EventObject,
    pub body: ObjectEventBody,
}

impl ObjectEvent {
    pub fn lifecycle(object: EventObject, event: i32, detail: i32) -> ObjectEvent {
        ObjectEvent { object, body: ObjectEventBody::Lifecycle { event, detail } }
    }

    pub fn changed(object: EventObject) -> ObjectEvent {
        ObjectEvent { object, body: ObjectEventBody::Changed }
    }

    /// The id the event is delivered under.
    pub fn event_id(&self) -> ObjectEventId {
        let id = match self.body {
            ObjectEventBody::Lifecycle { .. } => 0,
            ObjectEventBody::Changed => 1,
        };
        ObjectEventId { kind: self.object.kind(), id }
    }
}

/// An event a bus carries: what it is delivered under.
pub trait BusEvent: Clone + Send + 'static {
    type Id: Copy + Eq + Send + Sync + 'static;
    fn bus_id(&self) -> Self::Id;
}

impl BusEvent for DomainEvent {
    type Id = i32;
    fn bus_id(&self) -> i32 {
        self.body.event_id()
    }
}

impl BusEvent for ObjectEvent {
    type Id = ObjectEventId;
    fn bus_id(&self) -> ObjectEventId {
        self.event_id()
    }
}

/// Where a connection's driver delivers its events. Called on any thread.
pub type EventSink<E> = Arc<dyn Fn(E) + Send + Sync>;
pub type DomainEventSink = EventSink<DomainEvent>;
pub type ObjectEventSink = EventSink<ObjectEvent>;

/// The subscriptions of a driver's connections: (connection key, event id, sink).
pub struct EventBus<E: BusEvent> {
    subscribers: Mutex<Vec<(u64, E::Id, EventSink<E>)>>,
}

pub type DomainEventBus = EventBus<DomainEvent>;
pub type ObjectEventBus = EventBus<ObjectEvent>;

impl<E: BusEvent> Default for EventBus<E> {
    fn default() -> Self {
        EventBus { subscribers: Mutex::new(Vec::new()) }
    }
}

impl<E: BusEvent> EventBus<E> {
    /// Sends events of `event_id` to `sink` under `key`, replacing what `key` had for it.
    pub fn subscribe(&self, key: u64, event_id: E::Id, sink: EventSink<E>) {
        let mut subs = self.subscribers.lock();
        subs.retain(|(k, id, _)| !(*k == key && *id == event_id));
        subs.push((key, event_id, sink));
    }

    /// Stops events of `event_id` for `key`.
    pub fn unsubscribe(&self, key: u64, event_id: E::Id) {
        self.subscribers.lock().retain(|(k, id, _)| !(*k == key && *id == event_id));
    }

    /// Stops every event for `key` (its connection closed).
    pub fn unsubscribe_all(&self, key: u64) {
        self.subscribers.lock().retain(|(k, _, _)| *k != key);
    }

    /// Whether anyone listens for `event_id`: lets a driver skip building an event.
    pub fn wants(&self, event_id: E::Id) -> bool {
        self.subscribers.lock().iter().any(|(_, id, _)| *id == event_id)
    }

    /// Whether nobody listens at all.
    pub fn is_empty(&self) -> bool {
        self.subscribers.lock().is_empty()
    }

    /// Delivers `event` to every subscriber of its id.
    pub fn emit(&self, event: E) {
        let id = event.bus_id();
        let sinks: Vec<EventSink<E>> =
            self.subscribers.lock().iter().filter(|(_, i, _)| *i == id).map(|(_, _, s)| s.clone()).collect();
        for sink in sinks {
            sink(event.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn dom() -> DomainId {
        DomainId { name: "d".into(), uuid: [1; 16], id: 3 }
    }

    #[test]
    fn bus_delivers_by_event_id_and_key() {
        let bus = DomainEventBus::default();
        let (a, b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (a2, b2) = (a.clone(), b.clone());
        bus.subscribe(1, 0, Arc::new(move |_| {
            a2.fetch_add(1, Ordering::SeqCst);
        }));
        bus.subscribe(2, 1, Arc::new(move |_| {
            b2.fetch_add(1, Ordering::SeqCst);
        }));
        bus.emit(DomainEvent::lifecycle(dom(), 2, 0));
        bus.emit(DomainEvent { dom: dom(), body: DomainEventBody::Reboot });
        assert_eq!((a.load(Ordering::SeqCst), b.load(Ordering::SeqCst)), (1, 1));
        assert!(bus.wants(0) && bus.wants(1) && !bus.wants(2));
        bus.unsubscribe(1, 0);
        bus.emit(DomainEvent::lifecycle(dom(), 2, 0));
        assert_eq!(a.load(Ordering::SeqCst), 1);
        bus.unsubscribe_all(2);
        assert!(!bus.wants(1));
    }
}
