//! A busy connection keeps its keepalive: 32 calls that really block (saving 32 domains
//! into FIFOs nobody reads yet) on ONE connection, with the client's keepalive declaring
//! the peer dead after 3 silent seconds. libvirtd stops reading a client with
//! `max_client_requests` calls in flight, so its PONGs stop and the connection dies;
//! qemud must keep reading and answering, and finish every call once the FIFOs drain.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::Daemon;
use virt::rpc::client::{Client, Stream};
use virt::rpc::protocol as p;

#[test]
fn thirty_two_blocked_calls_do_not_starve_keepalive() {
    let d = Daemon::start("slow", "", &[]);
    let s = std::os::unix::net::UnixStream::connect(d.sock()).unwrap();
    let client = Client::new(Stream::Unix(s)).unwrap();
    let _: p::AuthListRet = client.call(p::num::AUTH_LIST, &()).unwrap();
    let _: () = client.call(p::num::CONNECT_OPEN, &p::ConnectOpenArgs { name: Some("test:///default".into()), flags: 0 }).unwrap();

    let mut doms = Vec::new();
    for i in 0..32 {
        let xml = format!("<domain type='test'><name>slow{i}</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        let r: p::DomainCreateXmlRet = client.call(p::num::DOMAIN_CREATE_XML, &p::DomainCreateXmlArgs { xml_desc: xml, flags: 0 }).unwrap();
        let fifo = d.dir.path().join(format!("save{i}.fifo"));
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        doms.push((r.dom, fifo));
    }

    // Keepalive on: PING after 1 s of silence, dead after 3 s without hearing anything.
    client.set_keepalive(1, 2).unwrap();
    let callers: Vec<_> = doms
        .iter()
        .cloned()
        .map(|(dom, fifo)| {
            let c = Arc::clone(&client);
            std::thread::spawn(move || {
                let args = p::DomainSaveFlagsArgs { dom, to: fifo.display().to_string(), dxml: None, flags: 0 };
                c.call::<_, ()>(p::num::DOMAIN_SAVE_FLAGS, &args)
            })
        })
        .collect();

    // Every save is stuck opening its FIFO; the connection must outlive the deadline.
    std::thread::sleep(Duration::from_secs(6));
    assert!(client.is_alive(), "the daemon stopped answering keepalive while calls were blocked");
    assert!(callers.iter().all(|t| !t.is_finished()), "the saves should still be blocked");

    // Drain the FIFOs: every call completes.
    let readers: Vec<_> = doms
        .iter()
        .map(|(_, fifo)| {
            let f = fifo.clone();
            std::thread::spawn(move || std::fs::read(f).unwrap().len())
        })
        .collect();
    for r in readers {
        assert!(r.join().unwrap() > 0, "each save wrote its image");
    }
    for t in callers {
        t.join().unwrap().expect("the save succeeded");
    }
    assert!(client.is_alive());
    let n: p::ConnectNumOfDomainsRet = client.call(p::num::CONNECT_NUM_OF_DOMAINS, &()).unwrap();
    assert_eq!(n.num, 1, "the 32 saved transient domains are gone; only 'test' runs");
}
