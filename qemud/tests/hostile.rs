//! Malformed and hostile input: the offending client is closed (or answered with an
//! error), and the daemon and its other clients carry on.

mod common;

use std::time::Duration;

use common::*;
use virt::rpc::message::{
    Header, MessageType, Status, KEEPALIVE_PING, KEEPALIVE_PONG, KEEPALIVE_PROGRAM, REMOTE_PROGRAM,
};
use virt::rpc::protocol::{self as p, Kind};
use virt::rpc::xdr::Xdr;

const VIR_ERR_RPC: i32 = 39;
const VIR_FROM_RPC: i32 = 7;
const VIR_ERR_INTERNAL_ERROR: i32 = 1;

/// A fresh client can still open and use a connection.
fn still_serving(d: &Daemon) {
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    let t = p::ConnectGetTypeRet::from_xdr(&c.call(3, &()).ok()).unwrap();
    assert_eq!(t.type_, "TEST");
}

#[test]
fn bad_packets_close_only_their_client() {
    let d = Daemon::start("hostile", "", &[]);
    // A bystander with an open connection throughout.
    let mut bystander = Raw::connect(&d.sock());
    bystander.open("test:///default");

    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("length below the minimum", 27u32.to_be_bytes().to_vec()),
        ("length zero", vec![0, 0, 0, 0]),
        ("length above 32 MiB", (33_554_432u32 + 5).to_be_bytes().to_vec()),
        ("length 0xffffffff", vec![0xff; 4]),
        ("garbage header (bad type)", {
            let mut b = packet(&Header::call(REMOTE_PROGRAM, 66, 1), &[]);
            b[16..20].copy_from_slice(&77u32.to_be_bytes());
            b
        }),
        ("garbage header (bad status)", {
            let mut b = packet(&Header::call(REMOTE_PROGRAM, 66, 1), &[]);
            b[24..28].copy_from_slice(&9u32.to_be_bytes());
            b
        }),
        ("random bytes", (0..200u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80).collect()),
    ];
    for (what, bytes) in cases {
        let mut c = Raw::connect(&d.sock());
        let _ = c.send_bytes(&bytes);
        assert!(c.closed_by_peer(Duration::from_secs(10)), "{what}: the daemon kept the connection");
        still_serving(&d);
    }

    // A truncated packet, then hang up.
    {
        let mut c = Raw::connect(&d.sock());
        let full = packet(&Header::call(REMOTE_PROGRAM, 66, 1), &[0; 40]);
        c.send_bytes(&full[..30]).unwrap();
    }
    // File descriptors: more than libvirt's 32 announced, or a plain byte where one
    // should travel, is a client that lost its framing.
    {
        let mut c = Raw::connect(&d.sock());
        c.send(REMOTE_PROGRAM, 1, MessageType::CallWithFds, &[0, 0, 0, 33]);
        assert!(c.closed_by_peer(Duration::from_secs(10)), "CALL_WITH_FDS announcing 33 files kept");
    }
    {
        let mut c = Raw::connect(&d.sock());
        c.send(REMOTE_PROGRAM, 1, MessageType::CallWithFds, &[0, 0, 0, 1]);
        c.send_bytes(&[0]).unwrap();
        assert!(c.closed_by_peer(Duration::from_secs(10)), "CALL_WITH_FDS without its file kept");
    }
    still_serving(&d);

    // The bystander never noticed.
    let r = bystander.call(3, &()).ok();
    assert_eq!(p::ConnectGetTypeRet::from_xdr(&r).unwrap().type_, "TEST");
    assert!(d.log_text().contains("bad packet length"), "{}", d.log_text());
}

#[test]
fn answerable_mistakes_get_error_replies() {
    let d = Daemon::start("mistakes", "", &[]);
    let mut c = Raw::connect(&d.sock());

    // Before CONNECT_OPEN only the daemon's own calls work.
    let e = c.call(3, &()).err();
    assert_eq!((e.code, e.domain), (VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC));
    assert_eq!(e.message.as_deref(), Some("internal error: hypervisor connection not open"));
    let auth = p::AuthListRet::from_xdr(&c.call(66, &()).ok()).unwrap();
    assert_eq!(auth.types.0, vec![p::REMOTE_AUTH_NONE]);

    // Unknown procedure and program: VIR_ERR_RPC, connection kept.
    for n in [9999, 0, -1, 444] {
        let e = c.call(n, &()).err();
        assert_eq!((e.code, e.domain), (VIR_ERR_RPC, VIR_FROM_RPC));
        assert_eq!(e.message, Some(format!("unknown procedure: {n}")));
    }
    let serial = c.send(0x1234_5678, 1, MessageType::Call, &[]);
    match c.reply() {
        Reply::Err(h, e) => {
            assert_eq!(h.serial, serial);
            assert_eq!(e.message.as_deref(), Some("Cannot find program 305419896 version 1"));
        }
        r => panic!("{r:?}"),
    }
    // A wrong version of the right program.
    let h =
        Header { prog: REMOTE_PROGRAM, vers: 2, proc_: 66, kind: MessageType::Call, serial: 4242, status: Status::Ok };
    c.send_bytes(&packet(&h, &[])).unwrap();
    let e = c.reply().err();
    assert_eq!(e.message.as_deref(), Some("Cannot find program 536903814 version 2"));
    // An event procedure is no call.
    assert_eq!(c.call(318, &()).err().message.as_deref(), Some("unknown procedure: 318"));

    // Undecodable arguments.
    let serial = c.send(REMOTE_PROGRAM, 1, MessageType::Call, &[0, 0, 0, 5]);
    match c.reply() {
        Reply::Err(h, e) => {
            assert_eq!(h.serial, serial);
            assert_eq!((e.code, e.domain), (VIR_ERR_RPC, VIR_FROM_RPC));
            assert_eq!(e.message.as_deref(), Some("Unable to decode message payload"));
        }
        r => panic!("{r:?}"),
    }
    // A string length far beyond the packet.
    c.send(REMOTE_PROGRAM, 23, MessageType::Call, &[0x7f, 0xff, 0xff, 0xff]);
    assert_eq!(c.reply().err().message.as_deref(), Some("Unable to decode message payload"));

    // Replies and stream data from a client are ignored; PING gets PONG.
    c.send(REMOTE_PROGRAM, 3, MessageType::Reply, &[]);
    c.send(REMOTE_PROGRAM, 3, MessageType::Stream, &[1, 2, 3, 4]);
    c.send(KEEPALIVE_PROGRAM, KEEPALIVE_PING, MessageType::Message, &[]);
    let (h, payload) = c.recv().unwrap();
    assert_eq!((h.prog, h.proc_, h.kind), (KEEPALIVE_PROGRAM, KEEPALIVE_PONG, MessageType::Message));
    assert!(payload.is_empty());

    // The connection is still good.
    c.open("test:///default");
    let e = c.call(1, &p::ConnectOpenArgs { name: Some("test:///default".into()), flags: 0 }).err();
    assert_eq!(e.message.as_deref(), Some("internal error: connection already open"));
    assert_eq!(p::ConnectGetTypeRet::from_xdr(&c.call(3, &()).ok()).unwrap().type_, "TEST");
    let uri = p::ConnectGetUriRet::from_xdr(&c.call(110, &()).ok()).unwrap();
    assert_eq!(uri.uri, "test:///default");

    // Driver errors keep libvirt's code, domain and message.
    let e = c.call(23, &p::DomainLookupByNameArgs { name: "nosuch".into() }).err();
    assert_eq!(e.code, 42, "{e:?}"); // VIR_ERR_NO_DOMAIN
    assert_eq!(e.domain, 12, "{e:?}"); // VIR_FROM_TEST
    assert!(e.message.unwrap().starts_with("Domain not found"));

    // libvirtd's bounds on list sizes.
    let e = c.call(21, &p::ConnectListDefinedDomainsArgs { maxnames: -1 }).err();
    assert_eq!(e.message.as_deref(), Some("maxnames must be non-negative"));
    let e = c.call(37, &p::ConnectListDomainsArgs { maxids: 1 << 20 }).err();
    assert_eq!(e.message.as_deref(), Some("maxids > REMOTE_DOMAIN_LIST_MAX"));
    let ids = p::ConnectListDomainsRet::from_xdr(&c.call(37, &p::ConnectListDomainsArgs { maxids: 10 }).ok()).unwrap();
    assert_eq!(ids.ids.0, vec![1]);

    // CONNECT_CLOSE is answered, then the daemon hangs up.
    c.call(2, &()).ok();
    assert!(c.closed_by_peer(Duration::from_secs(10)));
}

#[test]
fn unknown_uris_are_not_served_by_the_remote_driver() {
    let d = Daemon::start("uris", "", &[]);
    for uri in ["test+unix:///default", "bogus:///x"] {
        let mut c = Raw::connect(&d.sock());
        c.call(66, &()).ok();
        let e = c.call(1, &p::ConnectOpenArgs { name: Some(uri.into()), flags: 0 }).err();
        assert_eq!(e.code, 5, "{uri}: {e:?}"); // VIR_ERR_NO_CONNECT
        assert_eq!(e.message, Some(format!("no connection driver available for {uri}")));
    }
    // A NULL name means this daemon's QEMU URI, which the QEMU driver serves.
    let mut c = Raw::connect(&d.sock());
    c.call(1, &p::ConnectOpenArgs { name: None, flags: 0 }).ok();
    let uri = p::ConnectGetUriRet::from_xdr(&c.call(p::num::CONNECT_GET_URI, &()).ok()).unwrap();
    assert!(uri.uri.starts_with("qemu:///"), "{}", uri.uri);
}

#[test]
fn a_session_daemon_refuses_qemu_system() {
    let d = Daemon::start("uris-session", "", &["--session"]);
    let mut c = Raw::connect(&d.sock());
    c.call(66, &()).ok();
    let e = c.call(1, &p::ConnectOpenArgs { name: Some("qemu:///system".into()), flags: 0 }).err();
    assert_eq!(e.code, 1, "{e:?}"); // VIR_ERR_INTERNAL_ERROR
    assert_eq!(e.message.as_deref(), Some("internal error: unexpected QEMU URI path '/system', try qemu:///session"));
    let mut c = Raw::connect(&d.sock());
    c.call(1, &p::ConnectOpenArgs { name: Some("qemu:///session".into()), flags: 0 }).ok();
}

#[test]
fn every_call_in_the_protocol_table_is_dispatched() {
    let d = Daemon::start("table", "", &[]);
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    for info in p::all_procedures().into_iter().filter(|i| i.kind == Kind::Call && i.slot != p::Slot::Missing) {
        // Skip the calls that would end or change the connection.
        if [1, 2].contains(&info.num) {
            continue;
        }
        // Empty arguments: either fine (no arguments) or a decode error, never "unknown".
        match c.call(info.num, &()) {
            Reply::Ok(..) => {}
            Reply::Err(_, e) => {
                let m = e.message.unwrap_or_default();
                assert!(!m.starts_with("unknown procedure"), "{}: {m}", info.name);
            }
        }
    }
}

#[test]
fn slow_or_queued_calls_do_not_stop_keepalive_or_other_clients() {
    // One call at a time per client: the rest queue, and PINGs are still answered.
    let d = Daemon::start("queue", "max_client_requests = 1", &[]);
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    let mut serials = Vec::new();
    for _ in 0..50 {
        serials.push(c.send(REMOTE_PROGRAM, 16, MessageType::Call, &p::DomainGetInfoArgs { dom: test_dom() }.to_xdr()));
    }
    c.send(KEEPALIVE_PROGRAM, KEEPALIVE_PING, MessageType::Message, &[]);
    let mut replies = 0;
    let mut pong = false;
    while replies < serials.len() || !pong {
        let (h, _) = c.recv().unwrap();
        match (h.prog, h.kind) {
            (KEEPALIVE_PROGRAM, _) if h.proc_ == KEEPALIVE_PONG => pong = true,
            (REMOTE_PROGRAM, MessageType::Reply) => {
                assert_eq!(h.status, Status::Ok);
                assert!(serials.contains(&h.serial));
                replies += 1;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    still_serving(&d);
}

fn test_dom() -> p::NonnullDomain {
    p::NonnullDomain {
        name: "test".into(),
        uuid: [0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f],
        id: 1,
    }
}

#[test]
fn the_library_rpc_client_talks_to_qemud() {
    // The library's own client end (src/rpc/client.rs) against the daemon.
    let d = Daemon::start("libclient", "", &[]);
    let s = std::os::unix::net::UnixStream::connect(d.sock()).unwrap();
    let client = virt::rpc::client::Client::new(virt::rpc::client::Stream::Unix(s)).unwrap();
    let _: p::AuthListRet = client.call(66, &()).unwrap();
    let _: () = client.call(1, &p::ConnectOpenArgs { name: Some("test:///default".into()), flags: 0 }).unwrap();
    let info: p::NodeGetInfoRet = client.call(6, &()).unwrap();
    assert_eq!((info.cpus, info.mhz, info.memory), (16, 1400, 3145728));
    let all: p::ConnectListAllDomainsRet =
        client.call(273, &p::ConnectListAllDomainsArgs { need_results: 1, flags: 0 }).unwrap();
    assert_eq!(all.ret, 1);
    assert_eq!(all.domains.0[0].name, "test");
    let e = client.call::<_, ()>(
        34,
        &p::DomainSuspendArgs { dom: p::NonnullDomain { name: "nosuch".into(), uuid: [1; 16], id: -1 } },
    );
    assert_eq!(e.unwrap_err().code, virt::error::Code::VIR_ERR_NO_DOMAIN);
}

#[test]
fn a_client_that_never_reads_does_not_stall_others() {
    let d = Daemon::start("noreader", "", &[]);
    let mut greedy = Raw::connect(&d.sock());
    greedy.open("test:///default");
    // Replies pile up unread until the socket buffer is full and writers block; calls
    // keep coming until the queue limit closes the client.
    greedy.s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let call = packet(&Header::call(REMOTE_PROGRAM, 7, 1), &[]);
    for _ in 0..3000 {
        if greedy.send_bytes(&call).is_err() {
            break;
        }
    }
    still_serving(&d);
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    let caps = p::ConnectGetCapabilitiesRet::from_xdr(&c.call(7, &()).ok()).unwrap();
    assert!(caps.capabilities.contains("<capabilities>"));
}

#[test]
fn log_outputs_to_a_file_at_debug_level() {
    let dir = TempDir::new("logfile-target");
    let file = dir.path().join("debug.log");
    let d = Daemon::start("logfile", &format!("log_level = 1\nlog_outputs = \"1:file:{}\"", file.display()), &[]);
    still_serving(&d);
    let log = std::fs::read_to_string(&file).unwrap();
    assert!(log.contains(": debug : client ") && log.contains("proc=66"), "{log}");
    assert!(log.contains(": info : ") && log.contains("opened test:///default"), "{log}");
}
