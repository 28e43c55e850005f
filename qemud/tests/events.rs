//! Event registrations qemud answers itself, on the wire as libvirtd answers them: the old
//! domain registrations (`CONNECT_DOMAIN_EVENT_REGISTER*`, whose events come without a
//! callback id) and the object event registrations, with their errors. (Libraries of
//! libvirt 9.0 only send the newer domain registration; this speaks the protocol raw.)

mod common;

use std::time::{Duration, Instant};

use common::*;
use virt::driver::NetworkId;
use virt::rpc::message::{Header, MessageType, RemoteError, Status, REMOTE_PROGRAM};
use virt::rpc::protocol as p;
use virt::rpc::xdr::Xdr;

const VIR_ERR_INTERNAL_ERROR: i32 = 1;
const VIR_ERR_NO_SUPPORT: i32 = 3;
const VIR_FROM_RPC: i32 = 7;
const VIR_FROM_SECRET: i32 = 30;

fn test_dom() -> p::NonnullDomain {
    p::NonnullDomain {
        name: "test".into(),
        uuid: [0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f],
        id: 1,
    }
}

fn default_net() -> NetworkId {
    NetworkId {
        name: "default".into(),
        uuid: [0xdd, 0x8f, 0xe8, 0x84, 0x6c, 0x02, 0x60, 0x1e, 0x75, 0x51, 0xcc, 0xa9, 0x7d, 0xf1, 0xc5, 0xdf],
    }
}

/// A raw connection that keeps the event MESSAGEs it reads while waiting for replies.
struct Client {
    raw: Raw,
    messages: Vec<(i32, Vec<u8>)>,
}

impl Client {
    fn call(&mut self, proc_: i32, args: &impl Xdr) -> Result<Vec<u8>, RemoteError> {
        let serial = self.raw.send(REMOTE_PROGRAM, proc_, MessageType::Call, &args.to_xdr());
        loop {
            let (h, payload): (Header, Vec<u8>) = self.raw.recv().expect("reply");
            match h.kind {
                MessageType::Message if h.prog == REMOTE_PROGRAM => self.messages.push((h.proc_, payload)),
                MessageType::Reply => {
                    assert_eq!(h.serial, serial, "reply to the wrong call");
                    return match h.status {
                        Status::Ok => Ok(payload),
                        _ => Err(RemoteError::from_xdr(&payload).expect("error payload")),
                    };
                }
                _ => {}
            }
        }
    }

    fn err(&mut self, proc_: i32, args: &impl Xdr) -> RemoteError {
        match self.call(proc_, args) {
            Err(e) => e,
            Ok(p) => panic!("call {proc_} succeeded with {} bytes", p.len()),
        }
    }

    /// The next `n` event messages, waiting at most 10 s for them.
    fn events(&mut self, n: usize) -> Vec<(i32, Vec<u8>)> {
        self.events_within(n, Duration::from_secs(10))
    }

    /// True when no event message arrives within half a second.
    fn quiet(&mut self) -> bool {
        self.events_within(1, Duration::from_millis(500)).is_empty()
    }

    fn events_within(&mut self, n: usize, limit: Duration) -> Vec<(i32, Vec<u8>)> {
        let end = Instant::now() + limit;
        while self.messages.len() < n && Instant::now() < end {
            self.raw.s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
            if let Ok((h, payload)) = self.raw.recv() {
                if h.kind == MessageType::Message && h.prog == REMOTE_PROGRAM {
                    self.messages.push((h.proc_, payload));
                }
            }
        }
        self.raw.s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let n = n.min(self.messages.len());
        self.messages.drain(..n).collect()
    }
}

fn internal(e: &RemoteError, text: &str) {
    assert_eq!((e.code, e.domain), (VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC), "{e:?}");
    assert_eq!(e.message.as_deref(), Some(format!("internal error: {text}").as_str()));
}

#[test]
fn old_domain_registrations_get_events_without_callback_ids() {
    let d = Daemon::start("legacy-events", "", &[]);
    let mut c = Client { raw: Raw::connect(&d.sock()), messages: Vec::new() };
    c.raw.open("test:///default");

    let ret = p::ConnectDomainEventRegisterRet::from_xdr(&c.call(105, &()).unwrap()).unwrap();
    assert_eq!(ret.cb_registered, 0);
    internal(&c.err(105, &()), "domain event 0 already registered");
    internal(&c.err(167, &p::ConnectDomainEventRegisterAnyArgs { event_id: 0 }), "domain event 0 already registered");
    internal(&c.err(167, &p::ConnectDomainEventRegisterAnyArgs { event_id: 27 }), "unsupported event ID 27");
    // A newer registration beside it gets its own messages.
    let args = p::ConnectDomainEventCallbackRegisterAnyArgs { event_id: 0, dom: None };
    let cb = p::ConnectDomainEventCallbackRegisterAnyRet::from_xdr(&c.call(316, &args).unwrap()).unwrap().callback_id;

    // DOMAIN_SUSPEND and DOMAIN_RESUME of "test": SUSPENDED/PAUSED, RESUMED/UNPAUSED.
    c.call(34, &test_dom()).unwrap();
    c.call(28, &test_dom()).unwrap();
    let got = c.events(4);
    let mut old = Vec::new();
    let mut new = Vec::new();
    for (proc_, payload) in got {
        match proc_ {
            107 => {
                let m = p::DomainEventLifecycleMsg::from_xdr(&payload).unwrap();
                old.push((m.dom.name, m.event, m.detail));
            }
            318 => {
                let m = p::DomainEventCallbackLifecycleMsg::from_xdr(&payload).unwrap();
                assert_eq!(m.callback_id, cb);
                new.push((m.msg.dom.name, m.msg.event, m.msg.detail));
            }
            n => panic!("unexpected message {n}"),
        }
    }
    let expected = vec![("test".to_string(), 3, 0), ("test".to_string(), 4, 0)];
    assert_eq!((old, new), (expected.clone(), expected));

    c.call(106, &()).unwrap();
    internal(&c.err(106, &()), "domain event 0 not registered");
    internal(&c.err(168, &p::ConnectDomainEventDeregisterAnyArgs { event_id: 1 }), "domain event 1 not registered");
    c.call(167, &p::ConnectDomainEventRegisterAnyArgs { event_id: 0 }).unwrap();
    c.call(168, &p::ConnectDomainEventDeregisterAnyArgs { event_id: 0 }).unwrap();
    c.call(317, &p::ConnectDomainEventCallbackDeregisterAnyArgs { callback_id: cb }).unwrap();
    c.call(34, &test_dom()).unwrap();
    c.call(28, &test_dom()).unwrap();
    assert!(c.quiet(), "events after every deregistration");
}

#[test]
fn object_registrations_and_their_errors() {
    let d = Daemon::start("object-events", "", &[]);
    let mut c = Client { raw: Raw::connect(&d.sock()), messages: Vec::new() };
    c.raw.open("test:///default");

    let args = p::ConnectNetworkEventRegisterAnyArgs { event_id: 0, net: None };
    let all = p::ConnectNetworkEventRegisterAnyRet::from_xdr(&c.call(313, &args).unwrap()).unwrap().callback_id;
    let args = p::ConnectNetworkEventRegisterAnyArgs { event_id: 0, net: Some(default_net()) };
    let one = p::ConnectNetworkEventRegisterAnyRet::from_xdr(&c.call(313, &args).unwrap()).unwrap().callback_id;
    assert_eq!(one, all + 1);
    let args = p::ConnectStoragePoolEventRegisterAnyArgs { event_id: 1, pool: None };
    let pools = p::ConnectStoragePoolEventRegisterAnyRet::from_xdr(&c.call(368, &args).unwrap()).unwrap().callback_id;
    assert_eq!(pools, one + 1);

    // NETWORK_DESTROY and NETWORK_CREATE of "default": STOPPED then STARTED, to both.
    c.call(42, &default_net()).unwrap();
    c.call(39, &default_net()).unwrap();
    let mut got: Vec<(i32, String, i32)> = c
        .events(4)
        .into_iter()
        .map(|(proc_, payload)| {
            assert_eq!(proc_, 315);
            let m = p::NetworkEventLifecycleMsg::from_xdr(&payload).unwrap();
            assert_eq!(m.detail, 0);
            (m.callback_id, m.net.name, m.event)
        })
        .collect();
    got.sort();
    let n = |id, event| (id, "default".to_string(), event);
    assert_eq!(got, vec![n(all, 2), n(all, 3), n(one, 2), n(one, 3)]);

    // libvirtd's words for unknown ids and event ids; secrets are not the test driver's.
    let e = c.err(313, &p::ConnectNetworkEventRegisterAnyArgs { event_id: 1, net: None });
    internal(&e, "unsupported network event ID 1");
    let e = c.err(374, &p::ConnectNodeDeviceEventRegisterAnyArgs { event_id: 2, dev: None });
    internal(&e, "unsupported node device event ID 2");
    internal(&c.err(314, &p::ConnectNetworkEventDeregisterAnyArgs { callback_id: pools }), &format!("network event callback {pools} not registered"));
    internal(&c.err(369, &p::ConnectStoragePoolEventDeregisterAnyArgs { callback_id: all }), &format!("storage pool event callback {all} not registered"));
    internal(&c.err(375, &p::ConnectNodeDeviceEventDeregisterAnyArgs { callback_id: 9 }), "node device event callback 9 not registered");
    internal(&c.err(381, &p::ConnectSecretEventDeregisterAnyArgs { callback_id: 9 }), "node device event callback 9 not registered");
    let e = c.err(380, &p::ConnectSecretEventRegisterAnyArgs { event_id: 0, secret: None });
    assert_eq!((e.code, e.domain), (VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET));
    assert_eq!(
        e.message.as_deref(),
        Some("this function is not supported by the connection driver: virConnectSecretEventRegisterAny")
    );

    c.call(314, &p::ConnectNetworkEventDeregisterAnyArgs { callback_id: all }).unwrap();
    c.call(314, &p::ConnectNetworkEventDeregisterAnyArgs { callback_id: one }).unwrap();
    c.call(369, &p::ConnectStoragePoolEventDeregisterAnyArgs { callback_id: pools }).unwrap();
    c.call(42, &default_net()).unwrap();
    c.call(39, &default_net()).unwrap();
    assert!(c.quiet(), "events after every deregistration");
}
