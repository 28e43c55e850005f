//! Domain events to a client: the callbacks it registered
//! (`CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY`), and the MESSAGE packets that carry
//! the driver's events to them.
//!
//! The driver calls a client's sink on whatever thread raised the event (a worker of
//! another client, a QEMU monitor's reader), so the sink only encodes and queues; a
//! sender thread per client, started with its first callback, writes the queue out.
//! A client that lets [`MAX_PENDING`] events pile up is disconnected rather than let
//! the daemon's memory grow for it.

use std::collections::VecDeque;
use std::sync::{Arc, Weak};

use parking_lot::{Condvar, Mutex};

use virt::driver::{DomainEvent, DomainEventSink, DomainId};
use virt::error::{Code, Domain, Error, Result};
use virt::rpc::convert::event_message;
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

struct Callback {
    id: i32,
    event_id: i32,
    /// Only this domain's events (by UUID), when set.
    dom: Option<[u8; 16]>,
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
        let me = client.events();
        let (id, first) = {
            let mut st = me.state.lock();
            let first = !st.callbacks.iter().any(|c| c.event_id == event_id);
            let id = st.next_id;
            st.next_id += 1;
            st.callbacks.push(Callback { id, event_id, dom: dom.map(|d| d.uuid) });
            (id, first)
        };
        if first {
            if let Err(e) = conn.connect_domain_event_start(event_id, sink(client)) {
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
        let event_id = {
            let mut st = client.events().state.lock();
            let Some(i) = st.callbacks.iter().position(|c| c.id == id) else {
                return Err(internal(format!("domain event callback {id} not registered")));
            };
            let event_id = st.callbacks.remove(i).event_id;
            if st.callbacks.iter().any(|c| c.event_id == event_id) {
                return Ok(());
            }
            event_id
        };
        conn.connect_domain_event_stop(event_id)
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
    fn queue(&self, event: &DomainEvent) -> std::result::Result<(), ()> {
        let mut st = self.state.lock();
        if st.closed {
            return Ok(());
        }
        let event_id = event.body.event_id();
        let ids: Vec<i32> = st
            .callbacks
            .iter()
            .filter(|c| c.event_id == event_id && c.dom.is_none_or(|u| u == event.dom.uuid))
            .map(|c| c.id)
            .collect();
        for id in ids {
            if st.pending.len() >= MAX_PENDING {
                return Err(());
            }
            let (proc_, payload) = event_message(id, event);
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

/// The client's sink for the driver: queue, never block; a client that does not read
/// its events is disconnected.
fn sink<C: EventClient>(client: &Arc<C>) -> DomainEventSink {
    let weak: Weak<C> = Arc::downgrade(client);
    Arc::new(move |event: DomainEvent| {
        let Some(client) = weak.upgrade() else { return };
        if client.events().queue(&event).is_err() {
            client.close(&format!("more than {MAX_PENDING} domain events not read"));
        }
    })
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
