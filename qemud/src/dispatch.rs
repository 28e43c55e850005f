//! From a CALL to a driver slot: the daemon answers its own procedures here (open,
//! authentication, features, event registration); every other procedure is served by
//! its declaration ([`virt::rpc::protocol::serve`]): decode the arguments with the
//! procedure's wire type, find the client's open connection, apply the read-only check
//! the table declares, call the slot, encode the return value.
//!
//! The order of checks is libvirtd's, so a client sees the same error for the same
//! mistake: unknown procedure, then undecodable arguments, then "connection not open",
//! then read-only access, then whatever the driver says.
//!
//! A procedure of libvirt 9.0 whose slot is not declared yet is answered as libvirtd
//! answers a function its driver lacks ([`not_served`]).

use std::sync::Arc;

use virt::driver::{ConnectDriver, Driver, EventTarget, ObjectEventId, ObjectKind, Open, OpenFlags};
use virt::error::{Code, Domain, Error, Result};
use virt::rpc::message::Header;
use virt::rpc::protocol::{self as p, num, Kind, ProcInfo, Procedure};
use virt::rpc::xdr::{Reader, Xdr};
use virt::uri::Uri;

use crate::client::{rpc_error, Client, Opened};
use crate::config::Mode;
use crate::events::ClientEvents;
use crate::info;

/// The drivers the daemon serves connections with, after its own QEMU driver (which is
/// per daemon, not a static). Never the remote driver: it would claim `qemu:///` URIs
/// and connect the daemon to itself.
static DRIVERS: &[&dyn ConnectDriver] = &[&virt::driver::test::TestConnectDriver];

/// `virDrvFeature` numbers (libvirt_internal.h).
mod feature {
    pub const FD_PASSING: i32 = 8;
    pub const TYPED_PARAM_STRING: i32 = 9;
    pub const PROGRAM_KEEPALIVE: i32 = 10;
    pub const REMOTE_CLOSE_CALLBACK: i32 = 14;
    pub const REMOTE_EVENT_CALLBACK: i32 = 15;
    pub const NETWORK_UPDATE_HAS_CORRECT_ORDER: i32 = 16;
}

/// `VIR_CONNECT_RO`
const CONNECT_RO: u32 = 1;

/// libvirt's version as a number (9.0.0 → 9000000), from the workspace version.
fn lib_version() -> u64 {
    let mut parts = env!("CARGO_PKG_VERSION").split('.').map(|s| s.parse::<u64>().unwrap_or(0));
    let (a, b, c) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    a * 1_000_000 + b * 1_000 + c
}

fn internal(detail: &str) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INTERNAL_ERROR, detail)
}

fn decode_failed() -> Error {
    rpc_error("Unable to decode message payload".into())
}

/// Decodes a procedure's arguments. Trailing bytes are tolerated, as libvirt's XDR
/// decoding does.
fn args<P: Procedure>(payload: &[u8]) -> Result<P::Args> {
    P::Args::decode(&mut Reader::new(payload)).map_err(|_| decode_failed())
}

/// The client's open connection and whether it is read-only.
fn opened(client: &Client) -> Result<(Arc<dyn Driver>, bool)> {
    match &*client.opened.lock() {
        Some(o) => Ok((o.conn.clone(), o.read_only)),
        None => Err(internal("hypervisor connection not open")),
    }
}

/// The daemon's own procedures' common path: decode, find the connection, check
/// access, call `f`, encode.
fn run<P: Procedure>(
    client: &Client,
    payload: &[u8],
    f: impl FnOnce(&dyn Driver, P::Args) -> Result<P::Ret>,
) -> Result<Vec<u8>> {
    let a = args::<P>(payload)?;
    let (conn, read_only) = opened(client)?;
    P::INFO.check_access(read_only)?;
    Ok(f(&*conn, a)?.to_xdr())
}

/// Runs one CALL of the remote program; the result is the reply's payload or error.
/// The daemon answers its own procedures (open, authentication, features, event
/// registration); every other one goes to the driver slot its table declares.
pub fn call(client: &Arc<Client>, h: &Header, payload: &[u8]) -> Result<Vec<u8>> {
    let unknown = || Err(rpc_error(format!("unknown procedure: {}", h.proc_)));
    let info = match p::info(h.proc_) {
        Some(i) if i.kind == Kind::Call => i,
        _ => return unknown(),
    };
    let c: &Client = client;
    if !crate::sasl::allowed_before_auth(h.proc_) && !c.auth.authenticated() {
        return Err(crate::sasl::required());
    }
    match h.proc_ {
        // ---- connection life and authentication -------------------------------------
        num::AUTH_LIST => args::<p::AuthList>(payload).map(|()| crate::sasl::auth_list(c).to_xdr()),
        num::AUTH_SASL_INIT => args::<p::AuthSaslInit>(payload).and_then(|()| crate::sasl::init(c)).map(|r| r.to_xdr()),
        num::AUTH_SASL_START => {
            args::<p::AuthSaslStart>(payload).and_then(|a| crate::sasl::start(c, &a)).map(|r| r.to_xdr())
        }
        num::AUTH_SASL_STEP => args::<p::AuthSaslStep>(payload).and_then(|a| crate::sasl::step(c, &a)).map(|r| r.to_xdr()),
        num::AUTH_POLKIT => {
            // No listener offers polkit (refused at start-up): libvirtd's answer.
            Err(Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_AUTH_FAILED, "authentication failed"))
        }
        num::CONNECT_OPEN => args::<p::ConnectOpen>(payload).and_then(|a| connect_open(c, a)).map(|()| Vec::new()),
        num::CONNECT_CLOSE => args::<p::ConnectClose>(payload).map(|()| {
            if let Some(o) = c.opened.lock().take() {
                let _ = o.conn.connect_close();
            }
            Vec::new()
        }),
        num::CONNECT_SUPPORTS_FEATURE => args::<p::ConnectSupportsFeature>(payload)
            .and_then(|a| supports_feature(client, a.feature))
            .map(|s| s.to_xdr()),
        num::CONNECT_GET_URI => args::<p::ConnectGetUri>(payload).and_then(|()| {
            let uri = c.opened.lock().as_ref().map(|o| o.uri.clone());
            let uri = uri.ok_or_else(|| internal("hypervisor connection not open"))?;
            Ok(p::ConnectGetUriRet { uri }.to_xdr())
        }),
        num::CONNECT_GET_LIB_VERSION => run::<p::ConnectGetLibVersion>(c, payload, |_, ()| {
            Ok(p::ConnectGetLibVersionRet { lib_ver: lib_version() })
        }),
        num::CONNECT_SET_IDENTITY => run::<p::ConnectSetIdentity>(c, payload, |_, a| {
            check_identity(&a.params.0)?;
            info!("client {}: acts for {}", c.id, describe_identity(&a.params.0));
            Ok(p::ConnectSetIdentityRet {})
        }),
        num::CONNECT_REGISTER_CLOSE_CALLBACK => run::<p::ConnectRegisterCloseCallback>(c, payload, |_, ()| Ok(())),
        num::CONNECT_UNREGISTER_CLOSE_CALLBACK => run::<p::ConnectUnregisterCloseCallback>(c, payload, |_, ()| Ok(())),

        // ---- events ---------------------------------------------------------------------
        num::CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY => {
            run::<p::ConnectDomainEventCallbackRegisterAny>(c, payload, |h, a| {
                let callback_id = ClientEvents::register(client, h, a.event_id, a.dom.as_ref())?;
                Ok(p::ConnectDomainEventCallbackRegisterAnyRet { callback_id })
            })
        }
        num::CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY => {
            run::<p::ConnectDomainEventCallbackDeregisterAny>(c, payload, |h, a| {
                ClientEvents::deregister(c, h, a.callback_id)
            })
        }
        num::CONNECT_DOMAIN_EVENT_REGISTER => run::<p::ConnectDomainEventRegister>(c, payload, |h, ()| {
            ClientEvents::register_legacy(client, h, LIFECYCLE)?;
            // libvirtd leaves the redundant flag unset.
            Ok(p::ConnectDomainEventRegisterRet { cb_registered: 0 })
        }),
        num::CONNECT_DOMAIN_EVENT_DEREGISTER => run::<p::ConnectDomainEventDeregister>(c, payload, |h, ()| {
            ClientEvents::deregister_legacy(c, h, LIFECYCLE)?;
            Ok(p::ConnectDomainEventDeregisterRet { cb_registered: 0 })
        }),
        num::CONNECT_DOMAIN_EVENT_REGISTER_ANY => run::<p::ConnectDomainEventRegisterAny>(c, payload, |h, a| {
            ClientEvents::register_legacy(client, h, a.event_id)
        }),
        num::CONNECT_DOMAIN_EVENT_DEREGISTER_ANY => run::<p::ConnectDomainEventDeregisterAny>(c, payload, |h, a| {
            ClientEvents::deregister_legacy(c, h, a.event_id)
        }),
        num::CONNECT_NETWORK_EVENT_REGISTER_ANY => run::<p::ConnectNetworkEventRegisterAny>(c, payload, |h, a| {
            let filter = a.net.map(|n| EventTarget::Uuid(n.uuid));
            let callback_id = register_object(client, h, ObjectKind::Network, a.event_id, filter)?;
            Ok(p::ConnectNetworkEventRegisterAnyRet { callback_id })
        }),
        num::CONNECT_NETWORK_EVENT_DEREGISTER_ANY => run::<p::ConnectNetworkEventDeregisterAny>(c, payload, |h, a| {
            ClientEvents::deregister_object(c, h, ObjectKind::Network, a.callback_id)
        }),
        num::CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY => run::<p::ConnectStoragePoolEventRegisterAny>(c, payload, |h, a| {
            let filter = a.pool.map(|p| EventTarget::Uuid(p.uuid));
            let callback_id = register_object(client, h, ObjectKind::StoragePool, a.event_id, filter)?;
            Ok(p::ConnectStoragePoolEventRegisterAnyRet { callback_id })
        }),
        num::CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY => run::<p::ConnectStoragePoolEventDeregisterAny>(c, payload, |h, a| {
            ClientEvents::deregister_object(c, h, ObjectKind::StoragePool, a.callback_id)
        }),
        num::CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY => run::<p::ConnectNodeDeviceEventRegisterAny>(c, payload, |h, a| {
            let filter = a.dev.map(|d| EventTarget::Name(d.name));
            let callback_id = register_object(client, h, ObjectKind::NodeDevice, a.event_id, filter)?;
            Ok(p::ConnectNodeDeviceEventRegisterAnyRet { callback_id })
        }),
        num::CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY => run::<p::ConnectNodeDeviceEventDeregisterAny>(c, payload, |h, a| {
            ClientEvents::deregister_object(c, h, ObjectKind::NodeDevice, a.callback_id)
        }),
        num::CONNECT_SECRET_EVENT_REGISTER_ANY => run::<p::ConnectSecretEventRegisterAny>(c, payload, |h, a| {
            let filter = a.secret.map(|s| EventTarget::Uuid(s.uuid));
            let callback_id = register_object(client, h, ObjectKind::Secret, a.event_id, filter)?;
            Ok(p::ConnectSecretEventRegisterAnyRet { callback_id })
        }),
        num::CONNECT_SECRET_EVENT_DEREGISTER_ANY => run::<p::ConnectSecretEventDeregisterAny>(c, payload, |h, a| {
            ClientEvents::deregister_object(c, h, ObjectKind::Secret, a.callback_id)
        }),

        // ---- every driver slot, as its table declares it ------------------------------------
        n => p::serve(n, payload, &|| opened(c)).unwrap_or_else(|| not_served(c, info)),
    }
}

/// The identity fields libvirtd takes from CONNECT_SET_IDENTITY, with their types.
const IDENTITY_FIELDS: &[(&str, &str)] = &[
    ("user-name", "string"),
    ("unix-user-id", "ullong"),
    ("group-name", "string"),
    ("unix-group-id", "ullong"),
    ("process-id", "llong"),
    ("process-start-time", "ullong"),
    ("sasl-user-name", "string"),
    ("x509-distinguished-name", "string"),
    ("selinux-context", "string"),
];

/// libvirtd's checks of a forwarded identity (`virTypedParamsValidate`): known fields of
/// the right type, each at most once. It takes any identity, from any client: access
/// control (none here) decides what the identity may do.
fn check_identity(params: &[p::TypedParam]) -> Result<()> {
    for (i, param) in params.iter().enumerate() {
        let Some((_, want)) = IDENTITY_FIELDS.iter().find(|(f, _)| *f == param.field) else {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_ARGUMENT_UNSUPPORTED,
                format!("parameter '{}' not supported", param.field),
            ));
        };
        let got = param.value.type_name();
        if got != *want {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_INVALID_ARG,
                format!("invalid type '{got}' for parameter '{}', expected '{want}'", param.field),
            ));
        }
        if params[..i].iter().any(|q| q.field == param.field) {
            return Err(Error::new(
                Domain::VIR_FROM_NONE,
                Code::VIR_ERR_INVALID_ARG,
                format!("parameter '{}' occurs multiple times", param.field),
            ));
        }
    }
    Ok(())
}

fn describe_identity(params: &[p::TypedParam]) -> String {
    let fields: Vec<String> = params.iter().map(|q| format!("{}={:?}", q.field, q.value)).collect();
    if fields.is_empty() { "(nobody in particular)".into() } else { fields.join(", ") }
}

/// `VIR_DOMAIN_EVENT_ID_LIFECYCLE`: what the oldest registration listens to.
const LIFECYCLE: i32 = 0;

/// An object event registration of class `kind`.
fn register_object(
    client: &Arc<Client>,
    conn: &dyn Driver,
    kind: ObjectKind,
    event_id: i32,
    filter: Option<EventTarget>,
) -> Result<i32> {
    ClientEvents::register_object(client, conn, ObjectEventId { kind, id: event_id }, filter)
}

/// A procedure of libvirt 9.0's remote program that no driver slot serves yet, as
/// libvirtd answers one whose function the connection's driver lacks: "connection not
/// open" without a connection, "read only access prevents virXxx" for a changing call
/// on a read-only connection, else "this function is not supported by the connection
/// driver: virXxx" (`VIR_ERR_NO_SUPPORT`), each in the API's own error domain; the
/// connection stays open. The arguments are not decoded (the table has no type for
/// them yet), so libvirt's argument checks are the client library's business.
fn not_served(client: &Client, info: &ProcInfo) -> Result<Vec<u8>> {
    let from = virt::driver::api_error_domain(info.api);
    Err(match opened(client) {
        Err(e) => e,
        Ok((_, true)) if info.write => {
            Error::new(from, Code::VIR_ERR_OPERATION_DENIED, format!("read only access prevents {}", info.api))
        }
        Ok(_) => Error::no_support(from, info.api),
    })
}

/// CONNECT_OPEN: opens `name` (or this daemon's default URI) with the daemon's drivers.
fn connect_open(client: &Client, a: p::ConnectOpenArgs) -> Result<()> {
    let mut slot = client.opened.lock();
    if slot.is_some() {
        return Err(internal("connection already open"));
    }
    let name = a.name.unwrap_or_else(|| default_uri(client.daemon.mode).to_string());
    let read_only = client.peer.read_only || a.flags & CONNECT_RO != 0;
    let uri = Uri::parse(&name)?;
    let flags = OpenFlags { read_only, files: client.peer.files.clone(), ..Default::default() };
    if let Some(qemu) = client.daemon.qemu.open(&uri)? {
        info!("client {}: opened {name}{}", client.id, if read_only { " (read-only)" } else { "" });
        *slot = Some(Opened { conn: qemu, uri: uri.to_string(), read_only });
        return Ok(());
    }
    for driver in DRIVERS {
        if let Open::Accepted(conn) = driver.open(&uri, flags.clone())? {
            info!("client {}: opened {name}{}", client.id, if read_only { " (read-only)" } else { "" });
            *slot = Some(Opened { conn: Arc::from(conn), uri: uri.to_string(), read_only });
            return Ok(());
        }
    }
    Err(Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_NO_CONNECT, name))
}

/// The URI a NULL name means: this daemon's own QEMU driver.
fn default_uri(mode: Mode) -> &'static str {
    match mode {
        Mode::System => "qemu:///system",
        Mode::Session => "qemu:///session",
    }
}

/// CONNECT_SUPPORTS_FEATURE: the daemon's own features (keepalive, which also starts
/// it; callbacks), then the driver's.
fn supports_feature(client: &Arc<Client>, f: i32) -> Result<p::ConnectSupportsFeatureRet> {
    let supported = |b: bool| Ok(p::ConnectSupportsFeatureRet { supported: b as i32 });
    // Asked before CONNECT_OPEN, so answered without a connection.
    if f == feature::PROGRAM_KEEPALIVE {
        client.start_keepalive();
        return supported(true);
    }
    let (conn, _) = opened(client)?;
    match f {
        // As libvirtd: the daemon carries files; whether this client's socket can is the
        // client's own check (`virNetClientHasPassFD`).
        feature::FD_PASSING | feature::REMOTE_CLOSE_CALLBACK | feature::REMOTE_EVENT_CALLBACK => supported(true),
        // The Hypervisor trait has no slot for driver features yet; the test driver's
        // answer (testConnectSupportsFeature) is known.
        feature::TYPED_PARAM_STRING | feature::NETWORK_UPDATE_HAS_CORRECT_ORDER => {
            supported(conn.connect_get_type()? == "TEST")
        }
        f => supported(conn.supports_feature(f)?),
    }
}
