//! Domain events as drivers raise them, and the bus that carries them to connections.
//!
//! A driver owns one [`DomainEventBus`]; each connection that wants events of an id
//! subscribes its [`DomainEventSink`] under its own key. [`DomainEventBus::emit`] calls the
//! sinks of every connection subscribed to the event's id. Sinks run on the emitting
//! thread with the bus unlocked and must not block: they queue the event and return.

use std::sync::Arc;

use parking_lot::Mutex;

use super::DomainId;
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
}

impl DomainEventBody {
    /// The `virDomainEventID` the event is delivered under.
    pub fn event_id(&self) -> i32 {
        match self {
            DomainEventBody::Lifecycle { .. } => DomainEvent::LIFECYCLE,
            DomainEventBody::Reboot => DomainEvent::REBOOT,
        }
    }
}

impl DomainEvent {
    /// `VIR_DOMAIN_EVENT_ID_LIFECYCLE`
    pub const LIFECYCLE: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_LIFECYCLE as i32;
    /// `VIR_DOMAIN_EVENT_ID_REBOOT`
    pub const REBOOT: i32 = virDomainEventID::VIR_DOMAIN_EVENT_ID_REBOOT as i32;

    pub fn lifecycle(dom: DomainId, event: i32, detail: i32) -> DomainEvent {
        DomainEvent { dom, body: DomainEventBody::Lifecycle { event, detail } }
    }
}

/// Where a connection's driver delivers its domain events. Called on any thread.
pub type DomainEventSink = Arc<dyn Fn(DomainEvent) + Send + Sync>;

/// The subscriptions of a driver's connections: (connection key, event id, sink).
#[derive(Default)]
pub struct DomainEventBus {
    subscribers: Mutex<Vec<(u64, i32, DomainEventSink)>>,
}

impl DomainEventBus {
    /// Sends events of `event_id` to `sink` under `key`, replacing what `key` had for it.
    pub fn subscribe(&self, key: u64, event_id: i32, sink: DomainEventSink) {
        let mut subs = self.subscribers.lock();
        subs.retain(|(k, id, _)| !(*k == key && *id == event_id));
        subs.push((key, event_id, sink));
    }

    /// Stops events of `event_id` for `key`.
    pub fn unsubscribe(&self, key: u64, event_id: i32) {
        self.subscribers.lock().retain(|(k, id, _)| !(*k == key && *id == event_id));
    }

    /// Stops every event for `key` (its connection closed).
    pub fn unsubscribe_all(&self, key: u64) {
        self.subscribers.lock().retain(|(k, _, _)| *k != key);
    }

    /// Whether anyone listens for `event_id`: lets a driver skip building an event.
    pub fn wants(&self, event_id: i32) -> bool {
        self.subscribers.lock().iter().any(|(_, id, _)| *id == event_id)
    }

    /// Delivers `event` to every subscriber of its id.
    pub fn emit(&self, event: DomainEvent) {
        let id = event.body.event_id();
        let sinks: Vec<DomainEventSink> =
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
