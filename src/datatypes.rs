//! The objects behind C handles: connections and domains, and their handle tables.
//!
//! As in libvirt, a domain handle holds a reference on its connection, so
//! `virConnectClose` returns how many references (the caller's own and those of live
//! domain handles) remain, and the driver is closed when the last one goes.

use std::ffi::{CStr, CString};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

use parking_lot::Mutex;

use crate::abi::{virConnectPtr, virDomainPtr, virErrorFunc};
use crate::driver::{DomainId, Driver};
use crate::error::{Error, LastError, Result};
use crate::event::callbacks::EventCallbacks;
use crate::handle::HandleTable;

/// An application's error callback and its opaque data, as registered from C.
#[derive(Clone, Copy)]
pub struct ErrorHandler {
    pub func: virErrorFunc,
    pub data: usize,
}

pub struct Connect {
    pub driver: Box<dyn Driver>,
    pub uri: CString,
    pub read_only: bool,
    /// The last error of a call on this connection (`virConnGetLastError`).
    pub(crate) last_error: Mutex<LastError>,
    pub(crate) handler: Mutex<Option<ErrorHandler>>,
    /// Domain event callbacks and the events waiting for them. Each callback holds a
    /// public reference on the connection, as in libvirt.
    pub(crate) events: Arc<EventCallbacks>,
    /// `virConnectGetType` hands out a string the connection owns.
    type_name: OnceLock<CString>,
}

impl Connect {
    pub fn new(driver: Box<dyn Driver>, uri: &str, read_only: bool) -> Connect {
        Connect {
            driver,
            uri: crate::error::c_string(uri),
            read_only,
            last_error: Mutex::new(LastError::default()),
            handler: Mutex::new(None),
            events: Arc::default(),
            type_name: OnceLock::new(),
        }
    }

    /// The driver's type name, kept for the life of the connection.
    pub fn driver_type(&self) -> Result<&CStr> {
        if let Some(t) = self.type_name.get() {
            return Ok(t);
        }
        let name = crate::error::c_string(&self.driver.connect_get_type()?);
        Ok(self.type_name.get_or_init(|| name))
    }

    pub fn record_error(&self, err: &Error) {
        self.last_error.lock().set(Some(err.clone()));
    }
}

pub struct Domain {
    pub conn: Arc<Connect>,
    /// The connection's handle, on which this domain holds a reference.
    pub conn_handle: usize,
    pub name: CString,
    pub uuid: [u8; 16],
    id: AtomicI32,
}

impl Domain {
    pub fn id(&self) -> i32 {
        self.id.load(Ordering::Relaxed)
    }

    pub fn set_id(&self, id: i32) {
        self.id.store(id, Ordering::Relaxed)
    }

    /// The identity drivers receive.
    pub fn ident(&self) -> DomainId {
        DomainId { name: self.name.to_string_lossy().into_owned(), uuid: self.uuid, id: self.id() }
    }
}

pub static CONNECTIONS: LazyLock<HandleTable<Connect>> = LazyLock::new(HandleTable::default);
pub static DOMAINS: LazyLock<HandleTable<Domain>> = LazyLock::new(HandleTable::default);

/// Hands a new connection to C.
pub fn new_connect(conn: Connect) -> virConnectPtr {
    CONNECTIONS.insert(Arc::new(conn)) as virConnectPtr
}

/// Hands a domain handle to C; it takes a reference on its connection.
pub fn new_domain(conn: &Arc<Connect>, conn_handle: usize, id: DomainId) -> virDomainPtr {
    CONNECTIONS.add_ref(conn_handle);
    let dom = Domain {
        conn: conn.clone(),
        conn_handle,
        name: crate::error::c_string(&id.name),
        uuid: id.uuid,
        id: AtomicI32::new(id.id),
    };
    DOMAINS.insert(Arc::new(dom)) as virDomainPtr
}

/// Drops a public reference on a connection; closes its driver with the last one.
/// Returns the references left, or None if the handle was not live.
pub fn unref_connect(handle: usize) -> Option<u32> {
    let (left, gone) = CONNECTIONS.unref(handle)?;
    if let Some(conn) = gone {
        // A driver that fails to close cleanly has nothing left to tell the caller.
        let _ = conn.driver.connect_close();
    }
    Some(left)
}

/// Drops a public reference on a domain handle (and with the last, its connection ref).
pub fn unref_domain(handle: usize) -> Option<u32> {
    let (left, gone) = DOMAINS.unref(handle)?;
    if let Some(dom) = gone {
        unref_connect(dom.conn_handle);
    }
    Some(left)
}
