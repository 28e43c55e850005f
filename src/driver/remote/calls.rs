//! The remote driver's own part: the open sequence, event routing, and what never
//! crosses the wire as a procedure of its own. Every driver slot's call is made by the
//! procedure tables (`driver::host`, `driver::domain`, ...).

use super::RemoteConnection;
use std::sync::Arc;

use crate::driver::{Connection, DomainEventSink, OpenFlags};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::protocol::*;

const AUTH_NONE: i32 = 0;
/// `VIR_DRV_FEATURE_PROGRAM_KEEPALIVE`: the daemon answers keepalive PINGs.
const FEATURE_PROGRAM_KEEPALIVE: i32 = 10;

impl RemoteConnection {
    /// One call of procedure `P`.
    pub(crate) fn call<P: Procedure>(&self, args: &P::Args) -> Result<P::Ret> {
        self.client.call(P::NUM, args)
    }

    /// libvirt's open sequence: which authentication the daemon wants, then open.
    pub(super) fn handshake(&self, name: &str, flags: OpenFlags) -> Result<()> {
        let auth = self.call::<AuthList>(&())?;
        if !auth.types.0.is_empty() && !auth.types.0.contains(&AUTH_NONE) {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_AUTH_UNAVAILABLE,
                format!("the server requires authentication types {:?}, which this client does not support yet", auth.types.0),
            ));
        }
        self.call::<ConnectOpen>(&ConnectOpenArgs { name: Some(name.to_string()), flags: flags.read_only as u32 })
    }

    fn supports(&self, feature: i32) -> Result<bool> {
        Ok(self.call::<ConnectSupportsFeature>(&ConnectSupportsFeatureArgs { feature })?.supported != 0)
    }

    /// Routes the daemon's domain event MESSAGEs to the sink of their callback id.
    fn route_events(&self) {
        let events = Arc::downgrade(&self.events);
        self.client.set_event_sink(Box::new(move |_prog, proc_, payload| {
            let Some(Ok((callback_id, event))) = crate::rpc::convert::event_from_message(proc_, payload) else { return };
            let Some(events) = events.upgrade() else { return };
            let sink = events.lock().get(&callback_id).map(|(_, sink)| sink.clone());
            if let Some(sink) = sink {
                sink(event);
            }
        }));
    }
}

impl Connection for RemoteConnection {
    /// The daemon's driver answers (libvirt's remote driver passes the question on).
    fn supports_feature(&self, feature: i32) -> Result<bool> {
        self.supports(feature)
    }

    fn unknown_event_callback(&self, id: i32) -> String {
        format!("event callback id {id} not registered")
    }

    /// One registration with the daemon per event id (all domains); a second start for
    /// the same id only swaps the sink.
    fn connect_domain_event_start(&self, event_id: i32, sink: DomainEventSink) -> Result<()> {
        {
            let mut events = self.events.lock();
            if let Some(entry) = events.values_mut().find(|(id, _)| *id == event_id) {
                entry.1 = sink;
                return Ok(());
            }
        }
        if self.events.lock().is_empty() {
            self.route_events();
            self.client.start_event_reading()?;
        }
        let args = ConnectDomainEventCallbackRegisterAnyArgs { event_id, dom: None };
        let registered = self.call::<ConnectDomainEventCallbackRegisterAny>(&args);
        let mut events = self.events.lock();
        match registered {
            Ok(ret) => {
                events.insert(ret.callback_id, (event_id, sink));
                Ok(())
            }
            Err(e) => {
                if events.is_empty() {
                    self.client.stop_event_reading();
                }
                Err(e)
            }
        }
    }

    fn connect_domain_event_stop(&self, event_id: i32) -> Result<()> {
        let found = self.events.lock().iter().find(|(_, (id, _))| *id == event_id).map(|(cb, _)| *cb);
        let Some(callback_id) = found else { return Ok(()) };
        let r = self.call::<ConnectDomainEventCallbackDeregisterAny>(&ConnectDomainEventCallbackDeregisterAnyArgs {
            callback_id,
        });
        let mut events = self.events.lock();
        events.remove(&callback_id);
        if events.is_empty() {
            self.client.stop_event_reading();
        }
        r
    }

    fn connect_close(&self) -> Result<()> {
        let r = self.call::<ConnectClose>(&());
        self.client.close();
        r
    }

    /// None of the transports available yet encrypts.
    fn connect_is_encrypted(&self) -> Result<bool> {
        Ok(false)
    }

    fn connect_is_alive(&self) -> Result<bool> {
        Ok(self.client.is_alive())
    }

    fn connect_set_keep_alive(&self, interval: i32, count: u32) -> Result<i32> {
        if !self.supports(FEATURE_PROGRAM_KEEPALIVE)? {
            return Ok(1);
        }
        self.client.set_keepalive(interval.max(0) as u32, count)?;
        Ok(0)
    }
}
