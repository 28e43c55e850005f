#!/usr/bin/python3
"""Drop-in check: Debian's python3-libvirt, built against the real libvirt, driven on
whatever libvirt.so.0 the dynamic loader picks (LD_LIBRARY_PATH decides).

Prints the library file it loaded, then "python_dropin: N passed, N failed"."""

import os
import sys
import tempfile
import time

import libvirt

from pycheck import Checks, loaded_library

check = Checks("python_dropin")


def check_domain_events(conn):
    """Lifecycle events through the default event loop, as the binding delivers them."""
    libvirt.virEventRegisterDefaultImpl()
    seen = []

    def on_lifecycle(conn_, dom, event, detail, opaque):
        seen.append((opaque, dom.name(), event, detail))

    cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_lifecycle, "py")
    check(cb >= 0, f"domainEventRegisterAny {cb}")
    dom = conn.defineXML("<domain type='test'><name>py-events</name><memory>65536</memory>"
                         "<os><type>hvm</type></os></domain>")
    dom.create()
    dom.destroy()
    dom.undefine()
    expected = [
        ("py", "py-events", libvirt.VIR_DOMAIN_EVENT_DEFINED, libvirt.VIR_DOMAIN_EVENT_DEFINED_ADDED),
        ("py", "py-events", libvirt.VIR_DOMAIN_EVENT_STARTED, libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED),
        ("py", "py-events", libvirt.VIR_DOMAIN_EVENT_STOPPED, libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
        ("py", "py-events", libvirt.VIR_DOMAIN_EVENT_UNDEFINED, libvirt.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED),
    ]
    # A short timer keeps each loop iteration bounded while we wait.
    tick = libvirt.virEventAddTimeout(10, lambda timer, opaque: None, None)
    deadline = time.monotonic() + 5
    while len(seen) < len(expected) and time.monotonic() < deadline:
        libvirt.virEventRunDefaultImpl()
    libvirt.virEventRemoveTimeout(tick)
    check(seen == expected, f"lifecycle events {seen}")
    conn.domainEventDeregisterAny(cb)


def main():
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    print(f"python_dropin: libvirt loaded from {loaded_library()}")
    expect = os.environ.get("EXPECT_LIBVIRT")
    if expect:
        check(os.path.realpath(loaded_library()) == os.path.realpath(expect), f"loaded {expect}")

    check(libvirt.getVersion() == 9000000, "getVersion")
    conn = libvirt.open("test:///default")
    check(conn.getType() == "TEST", "getType")
    check(conn.getURI() == "test:///default", "getURI")
    check(conn.getInfo()[:3] == ["i686", 3072, 16], f"getInfo {conn.getInfo()}")
    check("<capabilities>" in conn.getCapabilities(), "getCapabilities")

    names = sorted(d.name() for d in conn.listAllDomains())
    check(names == ["test"], f"listAllDomains {names}")
    check(conn.listDomainsID() == [1], "listDomainsID")

    xml = """<domain type='test'>
      <name>py-guest</name>
      <memory unit='MiB'>128</memory>
      <vcpu>2</vcpu>
      <os><type>hvm</type></os>
    </domain>"""
    dom = conn.defineXML(xml)
    check(dom.name() == "py-guest", "defineXML name")
    check(not dom.isActive() and dom.isPersistent(), "defined inactive and persistent")
    check("py-guest" in conn.listDefinedDomains(), "listDefinedDomains")

    dom.create()
    check(dom.isActive() == 1 and dom.ID() > 0, "create")
    check(dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING, "running")
    dom.suspend()
    check(dom.state() == [libvirt.VIR_DOMAIN_PAUSED, libvirt.VIR_DOMAIN_PAUSED_USER], "suspend")
    dom.resume()
    check(dom.state() == [libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_RUNNING_UNPAUSED], "resume")
    info = dom.info()
    check(info[1] == 131072 and info[3] == 2, f"info {info}")
    check("<name>py-guest</name>" in dom.XMLDesc(0), "XMLDesc")
    check(conn.lookupByUUIDString(dom.UUIDString()).name() == "py-guest", "lookupByUUIDString")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "py-guest.save")
        dom.save(path)
        check(dom.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF, "save stops the guest")
        conn.restore(path)
        check(conn.lookupByName("py-guest").state()[0] == libvirt.VIR_DOMAIN_RUNNING, "restore")

    dom.destroy()
    check(dom.state() == [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_DESTROYED], "destroy")
    dom.undefine()
    try:
        conn.lookupByName("py-guest")
        check(False, "lookup after undefine must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN, "NO_DOMAIN after undefine")

    try:
        conn.defineXML("<domain type='test'><name>bad</name")
        check(False, "malformed XML must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_XML_DETAIL, f"XML_DETAIL, got {e.get_error_code()}")

    ro = libvirt.openReadOnly("test:///default")
    try:
        ro.lookupByName("test").destroy()
        check(False, "read-only destroy must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_OPERATION_DENIED, "OPERATION_DENIED")
    ro.close()
    check_domain_events(conn)
    check_networks(conn)
    check_streams(conn)
    check_object_events(conn)
    check(conn.close() >= 0, "close")

    return check.report()


def check_networks(conn):
    """The test driver's default network and a defined one, as libvirt 9.0 answers."""
    net = conn.networkLookupByName("default")
    check(net.UUIDString() == "dd8fe884-6c02-601e-7551-cca97df1c5df", "network UUID")
    check(net.bridgeName() == "virbr0", "bridge name")
    check(net.isActive() == 1 and net.isPersistent() == 1, "default network active, persistent")
    check("<forward mode='nat'/>" in net.XMLDesc(), "default network XML")
    check("default" in [n.name() for n in conn.listAllNetworks(libvirt.VIR_CONNECT_LIST_NETWORKS_ACTIVE)], "listAllNetworks")
    n = conn.networkDefineXML("<network><name>py-net</name><bridge name='pybr0'/></network>")
    check(n.isActive() == 0 and "py-net" in conn.listDefinedNetworks(), "defined network inactive")
    n.create()
    check(n.isActive() == 1, "network started")
    try:
        n.undefine()
        check(False, "undefine of a running network must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_OPERATION_INVALID, "OPERATION_INVALID")
    n.destroy()
    n.undefine()
    try:
        conn.networkLookupByName("py-net")
        check(False, "lookup after undefine must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_NO_NETWORK, "NO_NETWORK after undefine")


def check_streams(conn):
    """A screenshot through a stream (both libraries); volume upload and download (ours:
    libvirt's test driver has no volume content and answers "not supported")."""
    dom = conn.lookupByName("test")
    st = conn.newStream(0)
    check(dom.screenshot(st, 0, 0) == "image/png", "screenshot mime type")
    data = b""
    while True:
        chunk = st.recv(262144)
        if not chunk:
            break
        data += chunk
    st.finish()
    check(data.startswith(b"\x89PNG") and len(data) == os.path.getsize("/usr/share/libvirt/test-screenshot.png"),
          "screenshot image")
    pool = conn.storagePoolLookupByName("default-pool")
    vol = pool.createXML("<volume><name>py-stream</name><capacity unit='bytes'>1048576</capacity></volume>", 0)
    try:
        st = conn.newStream(0)
        try:
            vol.upload(st, 0, 0, 0)
        except libvirt.libvirtError as e:
            check(e.get_error_code() == libvirt.VIR_ERR_NO_SUPPORT, "upload: served, or not supported")
            return
        payload = bytes(range(256)) * 1024
        st.sendAll(lambda s, n, f: f.read(n), __import__("io").BytesIO(payload))
        st.finish()
        st = conn.newStream(0)
        vol.download(st, 0, 0, 0)
        got = []
        st.recvAll(lambda s, buf, acc: acc.append(buf) or len(buf), got)
        st.finish()
        check(b"".join(got) == payload + bytes(1048576 - len(payload)), "download returns what was uploaded")
    finally:
        vol.delete(0)


def check_object_events(conn):
    """A network and a storage pool event through the default event loop, as the binding
    delivers them (callback ids of both classes come from one counter)."""
    libvirt.virEventRegisterDefaultImpl()
    seen = []

    def on_network(conn_, net, event, detail, opaque):
        seen.append((opaque, net.name(), event, detail))

    def on_pool(conn_, pool, event, detail, opaque):
        seen.append((opaque, pool.name(), event, detail))

    net_cb = conn.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE, on_network, "net")
    pool_cb = conn.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, on_pool, "pool")
    check(net_cb >= 0 and pool_cb == net_cb + 1, f"event callback ids {net_cb} {pool_cb}")
    net = conn.networkDefineXML("<network><name>py-evnet</name><bridge name='pyevbr0'/></network>")
    pool = conn.storagePoolDefineXML("<pool type='dir'><name>py-evpool</name><target><path>/tmp/py-evpool</path></target></pool>")
    net.undefine()
    pool.undefine()
    expected = [
        ("net", "py-evnet", libvirt.VIR_NETWORK_EVENT_DEFINED, 0),
        ("pool", "py-evpool", libvirt.VIR_STORAGE_POOL_EVENT_DEFINED, 0),
        ("net", "py-evnet", libvirt.VIR_NETWORK_EVENT_UNDEFINED, 0),
        ("pool", "py-evpool", libvirt.VIR_STORAGE_POOL_EVENT_UNDEFINED, 0),
    ]
    tick = libvirt.virEventAddTimeout(10, lambda timer, opaque: None, None)
    deadline = time.monotonic() + 5
    while len(seen) < len(expected) and time.monotonic() < deadline:
        libvirt.virEventRunDefaultImpl()
    libvirt.virEventRemoveTimeout(tick)
    check(seen == expected, f"network and pool events {seen}")
    conn.networkEventDeregisterAny(net_cb)
    conn.storagePoolEventDeregisterAny(pool_cb)
    try:
        conn.networkEventDeregisterAny(net_cb)
        check(False, "second deregistration must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_INVALID_ARG, "INVALID_ARG for an unknown callback id")


if __name__ == "__main__":
    sys.exit(main())
