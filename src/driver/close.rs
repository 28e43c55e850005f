//! libvirt's close callback (`virConnectRegisterCloseCallback`): one function per
//! connection, told once why a connection to a daemon went away behind the
//! application's back (end of file, an error, keepalive). Only connections that can be
//! lost keep one ([`super::Connection::close_watch`]); libvirt's public API accepts and
//! forgets the callback for the others.

use std::sync::{Arc, Weak};

use parking_lot::Mutex;

use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::Client;

/// Tells the application, once, why the connection closed. Dropped without being
/// called when the application unregisters it; either way its captures (the
/// application's free callback, its reference on the connection) go with it.
pub type CloseNotify = Box<dyn FnOnce(i32) + Send>;

/// The close callback of one connection, and the reading that notices a lost peer.
pub struct CloseWatch {
    /// The application's function (its address) and what calls it.
    slot: Mutex<Option<(usize, CloseNotify)>>,
    /// The client whose socket is read between calls while a callback waits.
    client: Weak<Client>,
}

fn invalid(msg: &str) -> Error {
    Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_OPERATION_INVALID, msg)
}

impl CloseWatch {
    /// A watch over `client`, which tells it when the connection dies.
    pub fn new(client: &Arc<Client>) -> Arc<CloseWatch> {
        let watch = Arc::new(CloseWatch { slot: Mutex::new(None), client: Arc::downgrade(client) });
        let weak = Arc::downgrade(&watch);
        client.set_death_hook(Box::new(move |why| {
            if let Some(w) = weak.upgrade() {
                w.fire(why);
            }
        }));
        watch
    }

    /// Keeps the callback `make` builds for the application's function `key`; one at a
    /// time, as libvirt's remote driver allows (`make` runs only when the slot is free,
    /// so a refused registration takes nothing).
    pub fn register(self: &Arc<Self>, key: usize, make: impl FnOnce() -> CloseNotify) -> Result<()> {
        {
            let mut slot = self.slot.lock();
            if slot.is_some() {
                return Err(invalid("A close callback is already registered"));
            }
            *slot = Some((key, make()));
        }
        // The peer's end of file must be noticed while the application makes no calls.
        if let Some(client) = self.client.upgrade() {
            let weak = Arc::downgrade(self);
            client.read_idle_while(move || weak.upgrade().is_some_and(|w| w.slot.lock().is_some()))?;
        }
        Ok(())
    }

    /// Forgets the callback registered for `key` (running its free callback).
    pub fn unregister(&self, key: usize) -> Result<()> {
        let taken = {
            let mut slot = self.slot.lock();
            match &*slot {
                Some((k, _)) if *k == key => slot.take(),
                _ => return Err(invalid("A different callback was requested")),
            }
        };
        drop(taken);
        Ok(())
    }

    /// The connection is gone for `why` (a `virConnectCloseReason`): tell the application, once.
    pub fn fire(&self, why: i32) {
        let taken = self.slot.lock().take();
        if let Some((_, notify)) = taken {
            notify(why);
        }
    }
}
