//! The remote driver's own part: the open sequence, event routing, and what never
//! crosses the wire as a procedure of its own. Every driver slot's call is made by the
//! procedure tables (`driver::host`, `driver::domain`, ...).

use super::RemoteConnection;
use std::sync::Arc;

use crate::driver::close::CloseWatch;
use crate::driver::{Connection, DomainEventSink, ObjectEventId, ObjectEventSink, ObjectKind, OpenFlags};
use crate::error::Result;
use crate::rpc::protocol::*;

/// `VIR_DRV_FEATURE_PROGRAM_KEEPALIVE`: the daemon answers keepalive PINGs.
const FEATURE_PROGRAM_KEEPALIVE: i32 = 10;

impl RemoteConnection {
    /// One call of procedure `P`.
    pub(crate) fn call<P: Procedure>(&self, args: &P::Args) -> Result<P::Ret> {
        self.client.call(P::NUM, args)
    }

    /// A call whose arguments and reply carry files (see [`crate::rpc::fds`]); libvirt's
    /// remote driver refuses it first when the socket cannot carry them.
    pub(crate) fn call_with_fds<P: Procedure>(
        &self,
        args: &P::Args,
        fds: &[std::os::fd::BorrowedFd<'_>],
    ) -> Result<(P::Ret, Vec<std::os::fd::OwnedFd>)> {
        if !self.client.has_fd_passing() {
            return Err(crate::error::Error::new(
                crate::error::Domain::VIR_FROM_REMOTE,
                crate::error::Code::VIR_ERR_OPERATION_FAILED,
                "Connection does not support passing file descriptors",
            ));
        }
        let (payload, got) = self.client.call_full(crate::rpc::message::REMOTE_PROGRAM, P::NUM, args, fds)?;
        Ok((<P::Ret as crate::rpc::xdr::Xdr>::from_xdr(&payload)?, got))
    }

    /// libvirt's open sequence, once authenticated ([`super::sasl::authenticate`] ran
    /// AUTH_LIST and SASL on the bare stream): open.
    pub(super) fn handshake(&self, name: &str, flags: OpenFlags) -> Result<()> {
        self.call::<ConnectOpen>(&ConnectOpenArgs { name: Some(name.to_string()), flags: flags.read_only as u32 })
    }

    fn supports(&self, feature: i32) -> Result<bool> {
        Ok(self.call::<ConnectSupportsFeature>(&ConnectSupportsFeatureArgs { feature })?.supported != 0)
    }

    /// Routes the daemon's event MESSAGEs to the sink of their callback id.
    fn route_events(&self) {
        let events = Arc::downgrade(&self.events);
        let objects = Arc::downgrade(&self.object_events);
        self.client.set_event_sink(Box::new(move |_prog, proc_, payload| {
            if let Some(Ok((callback_id, event))) = crate::rpc::convert::event_from_message(proc_, payload) {
                let Some(events) = events.upgrade() else { return };
                let sink = events.lock().get(&callback_id).map(|(_, sink)| sink.clone());
                if let Some(sink) = sink {
                    sink(event);
                }
            } else if let Some(Ok((callback_id, event))) = crate::rpc::convert::object_event_from_message(proc_, payload) {
                let Some(objects) = objects.upgrade() else { return };
                let sink = objects.lock().get(&callback_id).map(|(_, sink)| sink.clone());
                if let Some(sink) = sink {
                    sink(event);
                }
            }
        }));
    }

    /// No callbacks of any kind are registered with the daemon.
    fn no_callbacks(&self) -> bool {
        self.events.lock().is_empty() && self.object_events.lock().is_empty()
    }

    /// Before the first registration with the daemon: read its event messages.
    fn start_events(&self) -> Result<()> {
        if self.no_callbacks() {
            self.route_events();
            self.client.start_event_reading()?;
        }
        Ok(())
    }

    /// After a registration went (or failed): stop reading when none is left.
    fn stop_events_if_idle(&self) {
        if self.no_callbacks() {
            self.client.stop_event_reading();
        }
    }

    /// Registers with the daemon for every object of the class's events `id`.
    fn register_object_events(&self, id: ObjectEventId) -> Result<i32> {
        let event_id = id.id;
        Ok(match id.kind {
            ObjectKind::Network => {
                self.call::<ConnectNetworkEventRegisterAny>(&ConnectNetworkEventRegisterAnyArgs { event_id, net: None })?.callback_id
            }
            ObjectKind::StoragePool => {
                let args = ConnectStoragePoolEventRegisterAnyArgs { event_id, pool: None };
                self.call::<ConnectStoragePoolEventRegisterAny>(&args)?.callback_id
            }
            ObjectKind::NodeDevice => {
                let args = ConnectNodeDeviceEventRegisterAnyArgs { event_id, dev: None };
                self.call::<ConnectNodeDeviceEventRegisterAny>(&args)?.callback_id
            }
            ObjectKind::Secret => {
                self.call::<ConnectSecretEventRegisterAny>(&ConnectSecretEventRegisterAnyArgs { event_id, secret: None })?.callback_id
            }
        })
    }

    fn deregister_object_events(&self, kind: ObjectKind, callback_id: i32) -> Result<()> {
        match kind {
            ObjectKind::Network => {
                self.call::<ConnectNetworkEventDeregisterAny>(&ConnectNetworkEventDeregisterAnyArgs { callback_id })
            }
            ObjectKind::StoragePool => {
                self.call::<ConnectStoragePoolEventDeregisterAny>(&ConnectStoragePoolEventDeregisterAnyArgs { callback_id })
            }
            ObjectKind::NodeDevice => {
                self.call::<ConnectNodeDeviceEventDeregisterAny>(&ConnectNodeDeviceEventDeregisterAnyArgs { callback_id })
            }
            ObjectKind::Secret => {
                self.call::<ConnectSecretEventDeregisterAny>(&ConnectSecretEventDeregisterAnyArgs { callback_id })
            }
        }
    }
}

impl Connection for RemoteConnection {
    fn close_watch(&self) -> Option<Arc<CloseWatch>> {
        Some(self.close.clone())
    }

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
        self.start_events()?;
        let args = ConnectDomainEventCallbackRegisterAnyArgs { event_id, dom: None };
        match self.call::<ConnectDomainEventCallbackRegisterAny>(&args) {
            Ok(ret) => {
                self.events.lock().insert(ret.callback_id, (event_id, sink));
                Ok(())
            }
            Err(e) => {
                self.stop_events_if_idle();
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
        self.events.lock().remove(&callback_id);
        self.stop_events_if_idle();
        r
    }

    /// The remote driver has every class's events; the daemon's driver may refuse them.
    fn connect_object_events(&self, _kind: ObjectKind) -> bool {
        true
    }

    /// One registration with the daemon per class and event id (all objects); a second
    /// start for the same id only swaps the sink.
    fn connect_object_event_start(&self, id: ObjectEventId, sink: ObjectEventSink) -> Result<()> {
        {
            let mut events = self.object_events.lock();
            if let Some(entry) = events.values_mut().find(|(i, _)| *i == id) {
                entry.1 = sink;
                return Ok(());
            }
        }
        self.start_events()?;
        match self.register_object_events(id) {
            Ok(callback_id) => {
                self.object_events.lock().insert(callback_id, (id, sink));
                Ok(())
            }
            Err(e) => {
                self.stop_events_if_idle();
                Err(e)
            }
        }
    }

    fn connect_object_event_stop(&self, id: ObjectEventId) -> Result<()> {
        let found = self.object_events.lock().iter().find(|(_, (i, _))| *i == id).map(|(cb, _)| *cb);
        let Some(callback_id) = found else { return Ok(()) };
        let r = self.deregister_object_events(id.kind, callback_id);
        self.object_events.lock().remove(&callback_id);
        self.stop_events_if_idle();
        r
    }

    fn connect_close(&self) -> Result<()> {
        let r = self.call::<ConnectClose>(&());
        self.client.close();
        r
    }

    /// TLS encrypts; UNIX sockets and plain TCP do not.
    fn connect_is_encrypted(&self) -> Result<bool> {
        Ok(self.encrypted)
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
