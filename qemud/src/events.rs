//! Events to a client: the callbacks it registered (domain events with
//! `CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY` or the old `CONNECT_DOMAIN_EVENT_REGISTER*`,
//! network, pool, device and secret events with `CONNECT_<CLASS>_EVENT_REGISTER_ANY`), and
//! the MESSAGE packets that carry the driver's events to them. As in libvirtd, one
//! client numbers the callbacks of every class from one counter.
//!
//! The driver calls a client's sink on whatever thread raised the event (a worker of
//! another client, a QEMU monitor's reader), so the sink only encodes and queues; a
//! sender thread per client, started with its first callback, writes the queue out.
//! A client that lets [`MAX_PENDING`] events pile up is disconnected rather than let
//! the daemon's memory grow for it.

use std::collections::VecDeque;
use std::sync::{Arc, Weak};

use parking_lot::{Condvar, Mutex};

use virt::driver::{DomainEvent, DomainEventSink, DomainId, EventTarget, ObjectEvent, ObjectEventId, ObjectEventSink, ObjectKind};
use virt::error::{Code, Domain, Error, Result};
use virt::event::callbacks::AnyEvent;
use virt::rpc::convert::{event_message, legacy_event_message, object_event_message};
use virt::rpc::message::{self, Header, MessageType, Status, REMOTE_PROGRAM};

/// What events need of a client: its event state, a way to send, to close, and to know
/// it is closing. The client implements it, so this module does not depend on it.
pub trait EventClient: Send + Sync + 'static {
    fn id(&self) -> u64;
    fn events(&self) -> &ClientEvents;
    fn send(&self, packet: &[u8]);
    fn close(&self, why: &str);
    fn is_closing(&self) -> bool;
}

/// `VIR_DOMAIN_EVENT_ID_LAST` of libvirt 9.0.
const EVENT_ID_LAST: i32 = 27;
/// Events queued for one client before it counts as not reading.
const MAX_PENDING: usize = 10_000;

/// What a callback listens to.
#[derive(Clone, PartialEq)]
enum Listens {
    /// Domain events `event_id`, of the domain with this UUID only when set; `legacy`:
    /// registered the old way, sent the messages without a callback id.
    Domain { event_id: i32, dom: Option<[u8; 16]>, legacy: bool },
    /// Object events `id`, of the object `filter` names only when set.
    Object { id: ObjectEventId, filter: Option<EventTarget> },
}

struct Callback {
    id: i32,
    listens: Listens,
}

impl Callback {
    fn domain_id(&self) -> Option<i32> {
        match self.listens {
            Listens::Domain { event_id, .. } => Some(event_id),
            Listens::Object { .. } => None,
        }
    }

    fn object_id(&self) -> Option<ObjectEventId> {
        match self.listens {
            Listens::Object { id, .. } => Some(id),
            Listens::Domain { .. } => None,
        }
    }

    /// The MESSAGE (procedure, payload) that carries `event` to this callback, if it
    /// wants the event.
    fn message_for(&self, event: &AnyEvent) -> Option<(i32, Vec<u8>)> {
        match (&self.listens, event) {
            (Listens::Domain { event_id, dom, legacy }, AnyEvent::Domain(e))
                if *event_id == e.body.event_id() && dom.is_none_or(|u| u == e.dom.uuid) =>
            {
                if *legacy { legacy_event_message(e) } else { Some(event_message(self.id, e)) }
            }
            (Listens::Object { id, filter }, AnyEvent::Object(e))
                if *id == e.event_id() && filter.as_ref().is_none_or(|t| *t == e.object.target()) =>
            {
                Some(object_event_message(self.id, e))
            }
            _ => None,
        }
    }
}

/// How libvirtd names an object class in its registration errors.
fn class_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Network => "network",
        ObjectKind::StoragePool => "storage pool",
        ObjectKind::NodeDevice => "node device",
        ObjectKind::Secret => "secret",
    }
}

#[derive(Default)]
struct State {
    next_id: i32,
    callbacks: Vec<Callback>,
    pending: VecDeque<Vec<u8>>,
    sender_started: bool,
    closed: bool,
}

/// One client's domain event callbacks and its queue of packets to send.
#[derive(Default)]
pub struct ClientEvents {
    state: Mutex<State>,
    ready: Condvar,
}

fn internal(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INTERNAL_ERROR, detail)
}

impl ClientEvents {
    /// Registers a callback for `event_id` (of `dom` only, when given) and returns its
    /// id. The client's first callback for an event id asks the connection for those
    /// events.
    pub fn register<C: EventClient>(
        client: &Arc<C>,
        conn: &dyn virt::driver::Driver,
        event_id: i32,
        dom: Option<&DomainId>,
    ) -> Result<i32> {
        if !(0..EVENT_ID_LAST).contains(&event_id) {
            return Err(internal(format!("unsupported event ID {event_id}")));
        }
        Self::add(client, conn, Listens::Domain { event_id, dom: dom.map(|d| d.uuid), legacy: false })
    }

    /// `CONNECT_DOMAIN_EVENT_REGISTER` (lifecycle) and `..._REGISTER_ANY`: one old-style
    /// callback per event id and client, events sent without a callback id.
    pub fn register_legacy<C: EventClient>(client: &Arc<C>, conn: &dyn virt::driver::Driver, event_id: i32) -> Result<()> {
        if !(0..EVENT_ID_LAST).contains(&event_id) {
            return Err(internal(format!("unsupported event ID {event_id}")));
        }
        let listens = Listens::Domain { event_id, dom: None, legacy: true };
        if client.events().state.lock().callbacks.iter().any(|c| c.listens == listens) {
            return Err(internal(format!("domain event {event_id} already registered")));
        }
        Self::add(client, conn, listens).map(drop)
    }

    /// Registers a callback for the object events `id` (of the object `filter` names only,
    /// when given) and returns its id.
    pub fn register_object<C: EventClient>(
        client: &Arc<C>,
        conn: &dyn virt::driver::Driver,
        id: ObjectEventId,
        filter: Option<EventTarget>,
    ) -> Result<i32> {
        if !(0..id.kind.event_id_last()).contains(&id.id) {
            return Err(internal(format!("unsupported {} event ID {}", class_name(id.kind), id.id)));
        }
        Self::add(client, conn, Listens::Object { id, filter })
    }

    fn add<C: EventClient>(client: &Arc<C>, conn: &dyn virt::driver::Driver, listens: Listens) -> Result<i32> {
        let me = client.events();
        let (id, first) = {
            let mut st = me.state.lock();
            let first = match &listens {
                Listens::Domain { event_id, .. } => !st.callbacks.iter().any(|c| c.domain_id() == Some(*event_id)),
                Listens::Object { id, .. } => !st.callbacks.iter().any(|c| c.object_id() == Some(*id)),
            };
            let id = st.next_id;
            st.next_id += 1;
            st.callbacks.push(Callback { id, listens: listens.clone() });
            (id, first)
        };
        if first {
            let started = match listens {
                Listens::Domain { event_id, .. } => conn.connect_domain_event_start(event_id, sink(client)),
                Listens::Object { id: object_id, .. } => conn.connect_object_event_start(object_id, object_sink(client)),
            };
            if let Err(e) = started {
                me.state.lock().callbacks.retain(|c| c.id != id);
                return Err(e);
            }
        }
        me.start_sender(client);
        Ok(id)
    }

    /// Removes callback `id`; the client's last callback for an event id stops those
    /// events.
    pub fn deregister<C: EventClient>(client: &C, conn: &dyn virt::driver::Driver, id: i32) -> Result<()> {
        let found = |c: &Callback| c.id == id && matches!(c.listens, Listens::Domain { legacy: false, .. });
        Self::remove(client, conn, found).ok_or_else(|| internal(format!("domain event callback {id} not registered")))?
    }

    /// Removes the old-style callback for `event_id`.
    pub fn deregister_legacy<C: EventClient>(client: &C, conn: &dyn virt::driver::Driver, event_id: i32) -> Result<()> {
        if !(0..EVENT_ID_LAST).contains(&event_id) {
            return Err(internal(format!("unsupported event ID {event_id}")));
        }
        let found = |c: &Callback| c.listens == Listens::Domain { event_id, dom: None, legacy: true };
        Self::remove(client, conn, found).ok_or_else(|| internal(format!("domain event {event_id} not registered")))?
    }

    /// Removes the `kind` callback `id`.
    pub fn deregister_object<C: EventClient>(
        client: &C,
        conn: &dyn virt::driver::Driver,
        kind: ObjectKind,
        id: i32,
    ) -> Result<()> {
        let found = |c: &Callback| c.id == id && c.object_id().is_some_and(|o| o.kind == kind);
        Self::remove(client, conn, found).ok_or_else(|| {
            // libvirtd words an unknown secret callback as a node device one.
            let class = if kind == ObjectKind::Secret { ObjectKind::NodeDevice } else { kind };
            internal(format!("{} event callback {id} not registered", class_name(class)))
        })?
    }

    /// Removes the callback `which` picks (None: there is none) and stops the driver's
    /// events its id had when it was the last for them.
    fn remove<C: EventClient>(
        client: &C,
        conn: &dyn virt::driver::Driver,
        which: impl Fn(&Callback) -> bool,
    ) -> Option<Result<()>> {
        let listens = {
            let mut st = client.events().state.lock();
            let i = st.callbacks.iter().position(which)?;
            let listens = st.callbacks.remove(i).listens;
            let still = st.callbacks.iter().any(|c| match &listens {
                Listens::Domain { event_id, .. } => c.domain_id() == Some(*event_id),
                Listens::Object { id, .. } => c.object_id() == Some(*id),
            });
            if still {
                return Some(Ok(()));
            }
            listens
        };
        Some(match listens {
            Listens::Domain { event_id, .. } => conn.connect_domain_event_stop(event_id),
            Listens::Object { id, .. } => conn.connect_object_event_stop(id),
        })
    }

    /// Forgets every callback (the client closed its connection) and ends the sender.
    pub fn close(&self) {
        let mut st = self.state.lock();
        st.closed = true;
        st.callbacks.clear();
        st.pending.clear();
        self.ready.notify_all();
    }

    /// Queues `event` for each callback that wants it. Err: the client is not reading.
    fn queue(&self, event: &AnyEvent) -> std::result::Result<(), ()> {
        let mut st = self.state.lock();
        if st.closed {
            return Ok(());
        }
        let messages: Vec<(i32, Vec<u8>)> = st.callbacks.iter().filter_map(|c| c.message_for(event)).collect();
        for (proc_, payload) in messages {
            if st.pending.len() >= MAX_PENDING {
                return Err(());
            }
            let h = Header {
                prog: REMOTE_PROGRAM,
                vers: message::PROTOCOL_VERSION,
                proc_,
                kind: MessageType::Message,
                serial: 0,
                status: Status::Ok,
            };
            if let Ok(packet) = message::encode_raw(&h, &payload) {
                st.pending.push_back(packet);
            }
        }
        self.ready.notify_one();
        Ok(())
    }

    fn start_sender<C: EventClient>(&self, client: &Arc<C>) {
        let mut st = self.state.lock();
        if st.sender_started || st.closed {
            return;
        }
        st.sender_started = true;
        let weak = Arc::downgrade(client);
        let spawned = std::thread::Builder::new().name(format!("qemud-events-{}", client.id())).spawn(move || send_loop(&weak));
        if let Err(e) = spawned {
            st.sender_started = false;
            crate::warn!("client {}: cannot start its event sender: {e}", client.id());
        }
    }
}

/// Queues `event` for `client`; a client that does not read its events is disconnected.
fn deliver<C: EventClient>(client: &Weak<C>, event: AnyEvent) {
    let Some(client) = client.upgrade() else { return };
    if client.events().queue(&event).is_err() {
        client.close(&format!("more than {MAX_PENDING} events not read"));
    }
}

/// The client's sink for the driver's domain events: queue, never block.
fn sink<C: EventClient>(client: &Arc<C>) -> DomainEventSink {
    let weak: Weak<C> = Arc::downgrade(client);
    Arc::new(move |event: DomainEvent| deliver(&weak, AnyEvent::Domain(event)))
}

/// The same for object events.
fn object_sink<C: EventClient>(client: &Arc<C>) -> ObjectEventSink {
    let weak: Weak<C> = Arc::downgrade(client);
    Arc::new(move |event: ObjectEvent| deliver(&weak, AnyEvent::Object(event)))
}

/// Writes queued events out until the client closes.
fn send_loop<C: EventClient>(client: &Weak<C>) {
    loop {
        let Some(c) = client.upgrade() else { return };
        let packet = {
            let mut st = c.events().state.lock();
            loop {
                if st.closed || c.is_closing() {
                    return;
                }
                if let Some(p) = st.pending.pop_front() {
                    break p;
                }
                // Bounded so a client dropped without `close` still lets the thread go.
                c.events().ready.wait_for(&mut st, std::time::Duration::from_secs(5));
            }
        };
        c.send(&packet);
    }
}
