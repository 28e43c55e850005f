//! A connection's event callbacks (domain and object events alike), and the queue
//! between its driver and them.
//!
//! The driver hands events to the connection's sinks on any thread; a sink only queues
//! them and arms a timer of the application's event loop. When the timer fires, on the
//! loop's thread, [`EventCallbacks::dispatch`] drains the queue and calls every matching
//! callback with no lock held, so a callback may call any API, including deregistering
//! itself: a callback removed during a dispatch is only marked, skipped from then on, and
//! released once the dispatch is over (libvirt's object event state does the same).
//! As in libvirt, one connection numbers its callbacks of every class from one counter.
//!
//! The driver is asked for an event id when the connection gets its first callback for
//! it and told to stop with the last one; it sends the events of every object of the
//! class, and callbacks registered for one object are filtered here (by UUID, or by name
//! for node devices).

#![forbid(unsafe_code)]

use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use super::FreeCallback;
use crate::driver::{Connection, DomainEvent, DomainEventSink, EventTarget, ObjectEvent, ObjectEventId, ObjectEventSink};
use crate::error::{Code, Domain, Error, Result};

/// An event as a connection queues it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnyEvent {
    Domain(DomainEvent),
    Object(ObjectEvent),
}

/// What a callback listens to: a `virDomainEventID`, or an object class's event id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKey {
    Domain(i32),
    Object(ObjectEventId),
}

impl AnyEvent {
    pub fn key(&self) -> EventKey {
        match self {
            AnyEvent::Domain(e) => EventKey::Domain(e.body.event_id()),
            AnyEvent::Object(e) => EventKey::Object(e.event_id()),
        }
    }

    fn is_about(&self, target: &EventTarget) -> bool {
        match (self, target) {
            (AnyEvent::Domain(e), EventTarget::Uuid(u)) => e.dom.uuid == *u,
            (AnyEvent::Domain(_), EventTarget::Name(_)) => false,
            (AnyEvent::Object(e), t) => e.object.target() == *t,
        }
    }
}

/// Calls the application's callback for one event.
pub type Deliver = Arc<dyn Fn(&AnyEvent) + Send + Sync>;

/// What the loop's timer runs: a connection's dispatch.
pub trait Dispatch: Send + Sync {
    fn dispatch(&self, event_loop: &dyn EventLoop);
}

/// The application's event loop, as far as dispatching needs it: one timer per
/// connection, whose firing calls [`Dispatch::dispatch`].
pub trait EventLoop: Sync {
    /// Adds a disabled timer for `events`; None if no loop can take it.
    fn add_timer(&self, events: Arc<dyn Dispatch>) -> Option<i32>;
    /// Sets the timer's period in ms: 0 fires on the next iteration, -1 disables it.
    fn update_timer(&self, timer: i32, frequency: i32);
    fn remove_timer(&self, timer: i32);
}

/// One registration as the application made it.
pub struct Callback {
    /// What it listens to.
    pub event_id: EventKey,
    /// Only events of this object, when set.
    pub filter: Option<EventTarget>,
    /// Made with the old `virConnectDomainEventRegister`.
    pub legacy: bool,
    /// The application's function (its address): with `event_id`, `filter` and `legacy`
    /// it identifies a registration, which cannot be made twice.
    pub key: usize,
    pub deliver: Deliver,
    /// Runs once when the registration goes (the application's free callback and
    /// whatever the registration holds).
    pub release: FreeCallback,
}

struct Entry {
    id: i32,
    cb: Callback,
    /// Deregistered during a dispatch: skipped, released when the dispatch ends.
    deleted: bool,
}

impl Entry {
    fn live_for(&self, event_id: EventKey) -> bool {
        !self.deleted && self.cb.event_id == event_id
    }
}

#[derive(Default)]
struct Inner {
    callbacks: Vec<Entry>,
    queue: Vec<AnyEvent>,
    /// Callback ids count from 0 for each connection.
    next_id: i32,
    timer: Option<i32>,
    /// Dispatches in progress (a callback may run the loop again).
    dispatching: u32,
}

/// The event state of one connection.
#[derive(Default)]
pub struct EventCallbacks {
    inner: Mutex<Inner>,
    /// Serializes registration changes, which call into the driver. Never taken by the
    /// sink or by a dispatch, so a driver may deliver while it is held.
    changes: Mutex<()>,
}

/// "invalid argument: <detail>", in no error domain, as libvirt's event code reports it.
fn invalid(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_INVALID_ARG, detail)
}

impl Dispatch for EventCallbacks {
    fn dispatch(&self, event_loop: &dyn EventLoop) {
        EventCallbacks::dispatch(self, event_loop)
    }
}

impl EventCallbacks {
    /// Adds a callback and returns its id. The first callback for an event id starts
    /// the driver's delivery of it; the first callback at all adds the timer.
    pub fn register(self: &Arc<Self>, driver: &dyn Connection, event_loop: &'static dyn EventLoop, cb: Callback) -> Result<i32> {
        let _changes = self.changes.lock();
        let (first_for_id, needs_timer) = {
            let inner = self.inner.lock();
            let duplicate = inner.callbacks.iter().any(|e| {
                e.live_for(cb.event_id) && e.cb.key == cb.key && e.cb.filter == cb.filter && e.cb.legacy == cb.legacy
            });
            if duplicate {
                return Err(invalid("event callback already tracked".into()));
            }
            (!inner.callbacks.iter().any(|e| e.live_for(cb.event_id)), inner.timer.is_none())
        };
        if first_for_id {
            self.start(driver, event_loop, cb.event_id)?;
        }
        if needs_timer {
            let Some(timer) = event_loop.add_timer(self.clone()) else {
                if first_for_id {
                    // The registration fails either way; the timer is what the caller hears about.
                    let _ = stop(driver, cb.event_id);
                }
                return Err(Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_INTERNAL_ERROR, "could not initialize domain event timer"));
            };
            self.inner.lock().timer = Some(timer);
        }
        let mut inner = self.inner.lock();
        let id = inner.next_id;
        inner.next_id += 1;
        inner.callbacks.push(Entry { id, cb, deleted: false });
        Ok(id)
    }

    /// Removes the callback `id` (`virConnectDomainEventDeregisterAny`).
    pub fn deregister(&self, driver: &dyn Connection, event_loop: &dyn EventLoop, id: i32) -> Result<()> {
        self.remove(driver, event_loop, |e| e.id == id)
            .ok_or_else(|| invalid(driver.unknown_event_callback(id)))?
    }

    /// Removes the callback the old `virConnectDomainEventRegister` added for the
    /// function at `key` (`virConnectDomainEventDeregister`).
    pub fn deregister_legacy(&self, driver: &dyn Connection, event_loop: &dyn EventLoop, key: usize) -> Result<()> {
        self.remove(driver, event_loop, |e| e.cb.legacy && e.cb.key == key)
            .ok_or_else(|| invalid(format!("event callback function {key:#x} not registered")))?
    }

    /// Removes the first live callback `which` picks; None if there is none. The last
    /// callback of an event id stops the driver's delivery; the last one at all removes
    /// the timer and drops what is still queued.
    fn remove(&self, driver: &dyn Connection, event_loop: &dyn EventLoop, which: impl Fn(&Entry) -> bool) -> Option<Result<()>> {
        let _changes = self.changes.lock();
        let (event_id, released, last_for_id, timer) = {
            let mut inner = self.inner.lock();
            let i = inner.callbacks.iter().position(|e| !e.deleted && which(e))?;
            let event_id = inner.callbacks[i].cb.event_id;
            let released = if inner.dispatching > 0 {
                inner.callbacks[i].deleted = true;
                None
            } else {
                Some(inner.callbacks.remove(i).cb.release)
            };
            let last_for_id = !inner.callbacks.iter().any(|e| e.live_for(event_id));
            let timer = if inner.callbacks.iter().all(|e| e.deleted) {
                inner.queue.clear();
                inner.timer.take()
            } else {
                None
            };
            (event_id, released, last_for_id, timer)
        };
        if let Some(t) = timer {
            event_loop.remove_timer(t);
        }
        let stopped = if last_for_id { stop(driver, event_id) } else { Ok(()) };
        drop(_changes);
        if let Some(release) = released {
            release();
        }
        Some(stopped)
    }

    /// Asks the driver for the events of `key`, delivered to a sink that queues them
    /// here and arms the timer. The sink holds the state weakly, so a driver that keeps
    /// it does not keep the connection's state.
    fn start(self: &Arc<Self>, driver: &dyn Connection, event_loop: &'static dyn EventLoop, key: EventKey) -> Result<()> {
        let events: Weak<EventCallbacks> = Arc::downgrade(self);
        match key {
            EventKey::Domain(id) => {
                let sink: DomainEventSink = Arc::new(move |event| {
                    if let Some(events) = events.upgrade() {
                        events.queue(event_loop, AnyEvent::Domain(event));
                    }
                });
                driver.connect_domain_event_start(id, sink)
            }
            EventKey::Object(id) => {
                let sink: ObjectEventSink = Arc::new(move |event| {
                    if let Some(events) = events.upgrade() {
                        events.queue(event_loop, AnyEvent::Object(event));
                    }
                });
                driver.connect_object_event_start(id, sink)
            }
        }
    }

    /// Queues `event` for the next dispatch; dropped while there is no timer (no callbacks).
    pub fn queue(&self, event_loop: &dyn EventLoop, event: AnyEvent) {
        let timer = {
            let mut inner = self.inner.lock();
            let Some(timer) = inner.timer else { return };
            inner.queue.push(event);
            timer
        };
        event_loop.update_timer(timer, 0);
    }

    /// Runs on the loop's thread when the timer fires: delivers what is queued to the
    /// matching callbacks, in registration order, with no lock held.
    pub fn dispatch(&self, event_loop: &dyn EventLoop) {
        // Disarm before draining: an event queued meanwhile re-arms after us.
        let Some(timer) = self.inner.lock().timer else { return };
        event_loop.update_timer(timer, -1);
        let events = {
            let mut inner = self.inner.lock();
            inner.dispatching += 1;
            std::mem::take(&mut inner.queue)
        };
        for event in &events {
            let event_id = event.key();
            let targets: Vec<(i32, Deliver)> = self
                .inner
                .lock()
                .callbacks
                .iter()
                .filter(|e| e.live_for(event_id) && e.cb.filter.as_ref().is_none_or(|t| event.is_about(t)))
                .map(|e| (e.id, e.cb.deliver.clone()))
                .collect();
            for (id, deliver) in targets {
                // An earlier callback may have deregistered this one.
                let live = self.inner.lock().callbacks.iter().any(|e| e.id == id && !e.deleted);
                if live {
                    deliver(event);
                }
            }
        }
        let released: Vec<FreeCallback> = {
            let mut inner = self.inner.lock();
            inner.dispatching -= 1;
            if inner.dispatching > 0 {
                Vec::new()
            } else {
                let (gone, kept) = std::mem::take(&mut inner.callbacks).into_iter().partition(|e| e.deleted);
                inner.callbacks = kept;
                gone.into_iter().map(|e: Entry| e.cb.release).collect()
            }
        };
        for release in released {
            release();
        }
    }
}

/// Tells the driver to stop the events of `key`.
fn stop(driver: &dyn Connection, key: EventKey) -> Result<()> {
    match key {
        EventKey::Domain(id) => driver.connect_domain_event_stop(id),
        EventKey::Object(id) => driver.connect_object_event_stop(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::{DomainEventBody, DomainId, EventObject, NetworkId, NodeDeviceId, ObjectKind};
    use std::sync::atomic::{AtomicI32, Ordering};

    /// A loop that records the timer's state; tests call `dispatch` themselves.
    struct FakeLoop {
        frequency: AtomicI32,
        timers: AtomicI32,
    }

    impl EventLoop for FakeLoop {
        fn add_timer(&self, _events: Arc<dyn Dispatch>) -> Option<i32> {
            self.timers.fetch_add(1, Ordering::SeqCst);
            self.frequency.store(-1, Ordering::SeqCst);
            Some(7)
        }
        fn update_timer(&self, _timer: i32, frequency: i32) {
            self.frequency.store(frequency, Ordering::SeqCst);
        }
        fn remove_timer(&self, _timer: i32) {
            self.timers.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// A driver that remembers its sinks, one per event id.
    #[derive(Default)]
    struct FakeDriver {
        sinks: Mutex<Vec<(i32, DomainEventSink)>>,
        object_sinks: Mutex<Vec<(ObjectEventId, ObjectEventSink)>>,
    }

    impl Connection for FakeDriver {
        fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
            self.sinks.lock().push((event_id, sink));
            Ok(())
        }
        fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
            self.sinks.lock().retain(|(id, _)| *id != event_id);
            Ok(())
        }
        fn connect_object_event_start(&self, id: ObjectEventId, sink: ObjectEventSink) -> Result<()> {
            self.object_sinks.lock().push((id, sink));
            Ok(())
        }
        fn connect_object_event_stop(&self, id: ObjectEventId) -> Result<()> {
            self.object_sinks.lock().retain(|(i, _)| *i != id);
            Ok(())
        }
    }

    impl FakeDriver {
        fn emit(&self, event: DomainEvent) {
            let sinks: Vec<DomainEventSink> =
                self.sinks.lock().iter().filter(|(id, _)| *id == event.body.event_id()).map(|(_, s)| s.clone()).collect();
            for s in sinks {
                s(event.clone());
            }
        }

        fn emit_object(&self, event: ObjectEvent) {
            let sinks: Vec<ObjectEventSink> =
                self.object_sinks.lock().iter().filter(|(id, _)| *id == event.event_id()).map(|(_, s)| s.clone()).collect();
            for s in sinks {
                s(event.clone());
            }
        }
    }

    /// One loop per test: tests run in parallel.
    fn fake_loop() -> &'static FakeLoop {
        Box::leak(Box::new(FakeLoop { frequency: AtomicI32::new(-1), timers: AtomicI32::new(0) }))
    }

    fn dom(n: u8) -> DomainId {
        DomainId { name: format!("d{n}"), uuid: [n; 16], id: -1 }
    }

    type Log = Arc<Mutex<Vec<String>>>;

    fn callback(log: &Log, tag: &str, event_id: i32, filter: Option<[u8; 16]>, key: usize) -> Callback {
        object_callback(log, tag, EventKey::Domain(event_id), filter.map(EventTarget::Uuid), key)
    }

    fn object_callback(log: &Log, tag: &str, event_id: EventKey, filter: Option<EventTarget>, key: usize) -> Callback {
        let (l, r, tag) = (log.clone(), log.clone(), tag.to_string());
        let freed = format!("free {tag}");
        Callback {
            event_id,
            filter,
            legacy: false,
            key,
            deliver: Arc::new(move |e| {
                l.lock().push(match e {
                    AnyEvent::Domain(e) => format!("{tag} {} {:?}", e.dom.name, e.body),
                    AnyEvent::Object(o) => format!("{tag} {:?} {:?}", o.object, o.body),
                })
            }),
            release: Box::new(move || r.lock().push(freed)),
        }
    }

    #[test]
    fn registration_filtering_and_release() {
        let (drv, events, log) = (FakeDriver::default(), Arc::new(EventCallbacks::default()), Log::default());
        let lp = fake_loop();
        assert_eq!(events.register(&drv, lp, callback(&log, "all", 0, None, 1)).unwrap(), 0);
        assert_eq!(events.register(&drv, lp, callback(&log, "d2", 0, Some([2; 16]), 1)).unwrap(), 1);
        let dup = events.register(&drv, lp, callback(&log, "again", 0, None, 1)).unwrap_err();
        assert_eq!(dup.message, "invalid argument: event callback already tracked");
        assert_eq!(events.register(&drv, lp, callback(&log, "reboot", 1, None, 1)).unwrap(), 2);
        assert_eq!(drv.sinks.lock().len(), 2);

        drv.emit(DomainEvent::lifecycle(dom(1), 2, 0));
        drv.emit(DomainEvent::lifecycle(dom(2), 3, 0));
        drv.emit(DomainEvent { dom: dom(1), body: DomainEventBody::Reboot });
        assert_eq!(lp.frequency.load(Ordering::SeqCst), 0);
        events.dispatch(lp);
        assert_eq!(
            *log.lock(),
            [
                "all d1 Lifecycle { event: 2, detail: 0 }",
                "all d2 Lifecycle { event: 3, detail: 0 }",
                "d2 d2 Lifecycle { event: 3, detail: 0 }",
                "reboot d1 Reboot",
            ]
        );
        log.lock().clear();

        let missing = events.deregister(&drv, lp, 9).unwrap_err();
        assert_eq!(missing.message, "invalid argument: could not find event callback 9 for deletion");
        events.deregister(&drv, lp, 2).unwrap();
        assert_eq!(drv.sinks.lock().len(), 1);
        events.deregister(&drv, lp, 0).unwrap();
        events.deregister(&drv, lp, 1).unwrap();
        assert_eq!(*log.lock(), ["free reboot", "free all", "free d2"]);
        assert!(drv.sinks.lock().is_empty());
        assert_eq!(lp.timers.load(Ordering::SeqCst), 0);
        // Ids keep counting; the old-style registration is found by its function.
        let mut old = callback(&log, "old", 0, None, 5);
        old.legacy = true;
        assert_eq!(events.register(&drv, lp, old).unwrap(), 3);
        let e = events.deregister_legacy(&drv, lp, 6).unwrap_err();
        assert_eq!(e.message, "invalid argument: event callback function 0x6 not registered");
        events.deregister_legacy(&drv, lp, 5).unwrap();
    }

    #[test]
    fn a_callback_removed_during_dispatch_is_skipped_then_released() {
        let (drv, events, log) = (Arc::new(FakeDriver::default()), Arc::new(EventCallbacks::default()), Log::default());
        let lp = fake_loop();
        let mut first = callback(&log, "first", 0, None, 1);
        let (e2, d2, l2) = (events.clone(), drv.clone(), log.clone());
        first.deliver = Arc::new(move |_| {
            l2.lock().push("first".into());
            // Deregisters the second callback, then itself.
            e2.deregister(&*d2, lp, 1).unwrap();
            e2.deregister(&*d2, lp, 0).unwrap();
        });
        events.register(&*drv, lp, first).unwrap();
        events.register(&*drv, lp, callback(&log, "second", 0, None, 2)).unwrap();
        drv.emit(DomainEvent::lifecycle(dom(1), 0, 0));
        drv.emit(DomainEvent::lifecycle(dom(1), 1, 0));
        events.dispatch(lp);
        assert_eq!(*log.lock(), ["first", "free first", "free second"]);
        assert!(drv.sinks.lock().is_empty());
    }

    #[test]
    fn object_events_share_the_ids_and_filter_by_uuid_or_name() {
        let (drv, events, log) = (FakeDriver::default(), Arc::new(EventCallbacks::default()), Log::default());
        let lp = fake_loop();
        let lifecycle = |kind| EventKey::Object(ObjectEventId { kind, id: 0 });
        assert_eq!(events.register(&drv, lp, callback(&log, "dom", 0, None, 1)).unwrap(), 0);
        assert_eq!(events.register(&drv, lp, object_callback(&log, "net", lifecycle(ObjectKind::Network), None, 1)).unwrap(), 1);
        let one = Some(EventTarget::Uuid([2; 16]));
        assert_eq!(events.register(&drv, lp, object_callback(&log, "net2", lifecycle(ObjectKind::Network), one, 1)).unwrap(), 2);
        let dev = Some(EventTarget::Name("d".into()));
        assert_eq!(events.register(&drv, lp, object_callback(&log, "dev", lifecycle(ObjectKind::NodeDevice), dev, 1)).unwrap(), 3);
        assert_eq!(drv.object_sinks.lock().len(), 2);
        let net = |n: u8| EventObject::Network(NetworkId { name: format!("n{n}"), uuid: [n; 16] });
        drv.emit_object(ObjectEvent::lifecycle(net(1), 0, 0));
        drv.emit_object(ObjectEvent::lifecycle(net(2), 2, 0));
        drv.emit_object(ObjectEvent::lifecycle(EventObject::NodeDevice(NodeDeviceId { name: "e".into() }), 0, 0));
        drv.emit_object(ObjectEvent::lifecycle(EventObject::NodeDevice(NodeDeviceId { name: "d".into() }), 1, 0));
        events.dispatch(lp);
        let got = log.lock().clone();
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].starts_with("net Network") && got[1].starts_with("net Network") && got[2].starts_with("net2 Network"));
        assert!(got[3].starts_with("dev NodeDevice") && got[3].ends_with("Lifecycle { event: 1, detail: 0 }"));
        for id in 0..4 {
            events.deregister(&drv, lp, id).unwrap();
        }
        assert!(drv.object_sinks.lock().is_empty() && drv.sinks.lock().is_empty());
    }
}
