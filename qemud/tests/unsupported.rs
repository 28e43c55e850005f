//! Procedures of libvirt 9.0 that qemud does not serve yet get libvirtd's answer for a
//! function the driver lacks, "this function is not supported by the connection driver:
//! virXxx", in the API's own error domain, and the connection stays usable.

mod common;

use common::*;
use virt::rpc::message::{MessageType, REMOTE_PROGRAM};
use virt::rpc::protocol as p;
use virt::rpc::xdr::{Writer, Xdr};

const VIR_ERR_INTERNAL_ERROR: i32 = 1;
const VIR_ERR_NO_SUPPORT: i32 = 3;
const VIR_ERR_OPERATION_DENIED: i32 = 29;
const VIR_ERR_RPC: i32 = 39;
const VIR_FROM_RPC: i32 = 7;
const VIR_FROM_DOMAIN: i32 = 20;
const VIR_FROM_SECRET: i32 = 30;

const MIGRATE_SET_MAX_DOWNTIME: i32 = 166;
const SECRET_DEFINE_XML: i32 = 142;
const NODE_SUSPEND_FOR_DURATION: i32 = 250;
const DOMAIN_MANAGED_SAVE_GET_XML_DESC: i32 = 388;
const DOMAIN_MIGRATE_PREPARE3_PARAMS: i32 = 303;

fn test_dom() -> p::NonnullDomain {
    p::NonnullDomain {
        name: "test".into(),
        uuid: [0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04, 0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f],
        id: 1,
    }
}

/// `remote_domain_migrate_set_max_downtime_args`: dom, downtime (hyper), flags.
fn set_max_downtime_args() -> Vec<u8> {
    let mut w = Writer::default();
    w.buf.extend_from_slice(&test_dom().to_xdr());
    w.u64(100);
    w.u32(0);
    w.buf
}

/// `remote_secret_define_xml_args`: xml, flags.
fn secret_define_xml_args() -> Vec<u8> {
    let mut w = Writer::default();
    w.opaque(b"<secret ephemeral='no' private='no'/>");
    w.u32(0);
    w.buf
}

/// `remote_node_suspend_for_duration_args`: target, duration (hyper), flags.
fn node_suspend_args() -> Vec<u8> {
    let mut w = Writer::default();
    w.u32(0);
    w.u64(60);
    w.u32(0);
    w.buf
}

/// Zeros decode as any argument struct of libvirt's (empty strings and lists, NULL
/// optional strings, zero numbers).
fn zeros() -> Vec<u8> {
    vec![0; 256]
}

fn raw_call(c: &mut Raw, proc_: i32, payload: &[u8]) -> Reply {
    let serial = c.send(REMOTE_PROGRAM, proc_, MessageType::Call, payload);
    let r = c.reply();
    let h = match &r {
        Reply::Ok(h, _) | Reply::Err(h, _) => *h,
    };
    assert_eq!(h.serial, serial, "reply to the wrong call");
    r
}

fn assert_no_support(c: &mut Raw, proc_: i32, payload: &[u8], api: &str, domain: i32) {
    let e = raw_call(c, proc_, payload).err();
    assert_eq!((e.code, e.domain), (VIR_ERR_NO_SUPPORT, domain), "{proc_}: {e:?}");
    assert_eq!(
        e.message.as_deref(),
        Some(format!("this function is not supported by the connection driver: {api}").as_str())
    );
}

fn still_open(c: &mut Raw) {
    let t = p::ConnectGetTypeRet::from_xdr(&c.call(3, &()).ok()).unwrap();
    assert_eq!(t.type_, "TEST");
}

#[test]
fn procedures_we_do_not_serve_are_not_supported_like_libvirtd_says() {
    let d = Daemon::start("nosupport", "", &[]);
    let mut c = Raw::connect(&d.sock());

    // Without a connection: libvirtd's "connection not open".
    c.call(66, &()).ok();
    let e = raw_call(&mut c, MIGRATE_SET_MAX_DOWNTIME, &set_max_downtime_args()).err();
    assert_eq!((e.code, e.domain), (VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC));
    assert_eq!(e.message.as_deref(), Some("internal error: hypervisor connection not open"));

    c.open("test:///default");
    assert_no_support(
        &mut c,
        MIGRATE_SET_MAX_DOWNTIME,
        &set_max_downtime_args(),
        "virDomainMigrateSetMaxDowntime",
        VIR_FROM_DOMAIN,
    );
    still_open(&mut c);
    assert_no_support(&mut c, SECRET_DEFINE_XML, &secret_define_xml_args(), "virSecretDefineXML", VIR_FROM_SECRET);
    assert_no_support(
        &mut c,
        NODE_SUSPEND_FOR_DURATION,
        &node_suspend_args(),
        "virNodeSuspendForDuration",
        VIR_FROM_DOMAIN,
    );
    // A step of the migration protocol: named by its internal function, as libvirtd does.
    assert_no_support(
        &mut c,
        DOMAIN_MIGRATE_PREPARE3_PARAMS,
        &zeros(),
        "virDomainMigratePrepare3Params",
        VIR_FROM_DOMAIN,
    );
    // Event messages are no calls, and numbers past libvirt 9.0's last are unknown.
    for n in [107, 319, 438, 444, 449] {
        let e = raw_call(&mut c, n, &zeros()).err();
        assert_eq!((e.code, e.domain), (VIR_ERR_RPC, VIR_FROM_RPC));
        assert_eq!(e.message, Some(format!("unknown procedure: {n}")));
    }
    still_open(&mut c);
}

#[test]
fn every_procedure_of_libvirt_9_0_gets_an_answer() {
    let d = Daemon::start("allprocs", "", &[]);
    let mut c = Raw::connect(&d.sock());
    c.open("test:///default");
    let mut not_supported = 0;
    let all = p::all_procedures();
    assert_eq!(all.iter().map(|i| i.num).collect::<Vec<_>>(), (1..=443).collect::<Vec<_>>());
    for info in all {
        let (num, name, api) = (info.num, info.name, info.api);
        if info.slot == p::Slot::Driver || (info.slot == p::Slot::Daemon && info.kind == p::Kind::Call) {
            continue; // served (see hostile.rs), or the daemon's own
        }
        let e = raw_call(&mut c, num, &zeros()).err();
        if info.kind == p::Kind::Message {
            assert_eq!(e.message, Some(format!("unknown procedure: {num}")), "{name}");
            continue;
        }
        assert_eq!(e.code, VIR_ERR_NO_SUPPORT, "{name}: {e:?}");
        assert_eq!(e.domain, virt::driver::api_error_domain(api) as i32, "{name}");
        assert!(e.message.as_deref().unwrap_or_default().ends_with(&format!(": {api}")), "{name}: {e:?}");
        not_supported += 1;
    }
    // Every call without a driver slot was asked (and answered "not supported").
    let missing = p::all_procedures().iter().filter(|i| i.slot == p::Slot::Missing && i.kind == p::Kind::Call).count();
    assert_eq!(not_supported, missing);
    assert!(missing > 0, "the last unserved procedure got a slot: this test can go");
    still_open(&mut c);
}

#[test]
fn read_only_connections_are_refused_changing_calls_first() {
    let d = Daemon::start("nosupport-ro", "", &[]);
    let mut c = Raw::connect(&d.sock_ro());
    c.open("test:///default");
    let e = raw_call(&mut c, MIGRATE_SET_MAX_DOWNTIME, &set_max_downtime_args()).err();
    assert_eq!((e.code, e.domain), (VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN));
    assert_eq!(
        e.message.as_deref(),
        Some("operation forbidden: read only access prevents virDomainMigrateSetMaxDowntime")
    );
    let e = raw_call(&mut c, SECRET_DEFINE_XML, &secret_define_xml_args()).err();
    assert_eq!((e.code, e.domain), (VIR_ERR_OPERATION_DENIED, VIR_FROM_SECRET));
    assert_eq!(e.message.as_deref(), Some("operation forbidden: read only access prevents virSecretDefineXML"));
    // Reading calls are not refused: they are just not supported.
    let mut w = Writer::default();
    w.buf.extend_from_slice(&test_dom().to_xdr());
    w.u32(0); // flags
    assert_no_support(&mut c, DOMAIN_MANAGED_SAVE_GET_XML_DESC, &w.buf, "virDomainManagedSaveGetXMLDesc", VIR_FROM_DOMAIN);
    still_open(&mut c);
}
