//! The remote driver: a connection served by a daemon (our qemud or libvirtd), local
//! over a UNIX socket or on another host, spoken to in libvirt's RPC protocol.
//!
//! It claims URIs with a transport (`test+unix:///default`), with a host
//! (`qemu+tcp://host/system`), and the QEMU driver's local URIs (`qemu:///system`,
//! `qemu:///session`), which are served by the local daemon.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::Mutex;

use super::close::CloseWatch;
use super::{ConnectDriver, DomainEventSink, ObjectEventId, ObjectEventSink, Open, OpenFlags};
use crate::error::Result;
use crate::rpc::client::Client;
use crate::uri::Uri;

mod calls;
mod libssh;
mod libssh_session;
pub mod sasl;
pub mod spawn;
pub mod ssh;
mod stream;
pub mod tls;
pub mod tls_priority;
pub mod tls_pump;
pub mod transport;

pub struct RemoteConnectDriver;

/// Whether the remote driver should serve `uri`.
fn claims(uri: &Uri) -> bool {
    uri.transport().is_some() || uri.server.is_some() || uri.driver() == "qemu"
}

impl ConnectDriver for RemoteConnectDriver {
    fn name(&self) -> &'static str {
        "remote"
    }

    fn open(&self, uri: &Uri, flags: OpenFlags) -> Result<Open> {
        if !claims(uri) {
            return Ok(Open::Declined);
        }
        let where_to = transport::transport_of(uri, flags.read_only)?;
        let mut companion = None;
        let mut tls_ssf = None;
        let stream = match &where_to {
            transport::Transport::Ssh => {
                let (s, c) = libssh::connect(uri, &flags)?;
                companion = Some(c);
                s
            }
            transport::Transport::Tls { host, port } => {
                let (s, bits) = tls::connect_with_ssf(host, *port, uri)?;
                tls_ssf = Some(bits);
                s
            }
            transport::Transport::Unix(socket) => match transport::connect(&where_to) {
                Ok(s) => s,
                Err(_) if spawn::may_autostart(uri) => spawn::start_and_connect(socket)?,
                Err(e) => return Err(e),
            },
            transport::Transport::Tcp { .. } => transport::connect(&where_to)?,
        };
        // Files travel only on the bare UNIX socket (not under a SASL security layer).
        let bare_unix = matches!(where_to, transport::Transport::Unix(_)).then(|| stream.fd());
        let security = match tls_ssf {
            Some(bits) => sasl::Security { secure: true, tls_ssf: Some(bits), ..sasl::Security::of(&stream) },
            None => sasl::Security::of(&stream),
        };
        // The first read happens here: a transport's child (ssh) tells why it failed.
        let stream = sasl::authenticate(stream, uri, &flags.auth, &security).map_err(|e| match companion.as_mut() {
            Some(c) => crate::rpc::client::with_companion_text(e, c.as_mut()),
            None => e,
        })?;
        let passes_fds = bare_unix == Some(stream.fd());
        let client = Client::new(stream)?;
        if passes_fds {
            client.allow_fd_passing();
        }
        if let Some(c) = companion {
            client.set_companion(c);
        }
        // libvirt counts ssh and the in-process ssh transports as secure, not ext.
        let ext = uri.transport().is_some_and(|t| t.eq_ignore_ascii_case("ext"));
        let conn = RemoteConnection {
            close: CloseWatch::new(&client),
            client,
            secure: matches!(where_to, transport::Transport::Unix(_) | transport::Transport::Tls { .. })
                || (where_to == transport::Transport::Ssh && !ext),
            encrypted: matches!(where_to, transport::Transport::Tls { .. }),
            events: Default::default(),
            object_events: Default::default(),
        };
        conn.handshake(&transport::daemon_uri(uri), flags)?;
        Ok(Open::Accepted(Box::new(conn)))
    }
}

/// One open connection to a daemon.
pub struct RemoteConnection {
    client: Arc<Client>,
    /// The application's close callback, told when the daemon goes away.
    close: Arc<CloseWatch>,
    /// Local UNIX sockets are safe from eavesdropping; plain TCP is not.
    pub(crate) secure: bool,
    /// The transport encrypts (TLS).
    pub(crate) encrypted: bool,
    /// The domain event callbacks registered with the daemon, by its callback id: one
    /// per event id, for all domains (the library filters by domain).
    events: Arc<Mutex<HashMap<i32, (i32, DomainEventSink)>>>,
    /// The object event callbacks registered with the daemon, likewise: one per class and
    /// event id, for all objects of the class.
    object_events: Arc<Mutex<HashMap<i32, (ObjectEventId, ObjectEventSink)>>>,
}
