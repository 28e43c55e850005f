#!/usr/bin/python3
"""Debian's python3-libvirt on storage, node devices, host interfaces, snapshots and
checkpoints of the test driver, on whatever libvirt.so.0 the loader picks
(LD_LIBRARY_PATH decides) and at VIRT_TEST_URI (test:///default when unset: in process).

Leaves the test driver's state as it found it (a daemon's test:///default is shared).
Prints "python_areas: N passed, N failed"."""

import os
import sys

import libvirt

from pycheck import Checks, loaded_library

check = Checks("python_areas")


def fails(code, f, what):
    """`f()` must raise libvirt's error `code`."""
    try:
        f()
        check(False, f"{what}: must fail")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == code, f"{what}: code {e.get_error_code()} ({e.get_error_message()})")


def check_storage(conn):
    pool = conn.storagePoolLookupByName("default-pool")
    check(pool.UUIDString() == "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566", "pool UUID")
    check(pool.isActive() == 1 and pool.isPersistent() == 1, "default-pool active, persistent")
    state, capacity, _, _ = pool.info()
    check(state == libvirt.VIR_STORAGE_POOL_RUNNING and capacity == 107374182400, f"pool info {pool.info()}")
    check("<path>/default-pool</path>" in pool.XMLDesc(0), "pool XML")
    vol = pool.createXML("<volume><name>py.img</name><capacity unit='M'>8</capacity>"
                         "<allocation unit='M'>1</allocation></volume>", 0)
    check(vol.name() == "py.img" and vol.path() == "/default-pool/py.img", f"volume path {vol.path()}")
    check(vol.info() == [libvirt.VIR_STORAGE_VOL_FILE, 8388608, 1048576], f"volume info {vol.info()}")
    check(conn.storageVolLookupByKey(vol.key()).name() == "py.img", "lookup by key")
    check(conn.storageVolLookupByPath("/default-pool/py.img").name() == "py.img", "lookup by path")
    check(vol.storagePoolLookupByVolume().name() == "default-pool", "pool of volume")
    check("py.img" in pool.listVolumes(), "listVolumes")
    clone = pool.createXMLFrom("<volume><name>py-clone.img</name><capacity unit='M'>8</capacity></volume>", vol, 0)
    check(clone.info()[1] == 8388608, "clone capacity")
    fails(libvirt.VIR_ERR_OPERATION_FAILED,
          lambda: pool.createXML("<volume><name>py.img</name><capacity>1</capacity></volume>", 0), "duplicate volume")
    fails(libvirt.VIR_ERR_XML_DETAIL, lambda: pool.createXML("<volume><name>py", 0), "malformed volume XML")
    clone.delete(0)
    vol.delete(0)
    fails(libvirt.VIR_ERR_NO_STORAGE_VOL, lambda: pool.storageVolLookupByName("py.img"), "lookup after delete")
    p2 = conn.storagePoolDefineXML("<pool type='dir'><name>py-pool</name>"
                                   "<target><path>/py-pool</path></target></pool>", 0)
    check(p2.isActive() == 0 and "py-pool" in conn.listDefinedStoragePools(), "defined pool inactive")
    p2.create(0)
    check(p2.isActive() == 1, "pool started")
    p2.destroy()
    p2.undefine()
    fails(libvirt.VIR_ERR_NO_STORAGE_POOL, lambda: conn.storagePoolLookupByName("py-pool"), "pool after undefine")


def check_nodedevs(conn):
    names = sorted(d.name() for d in conn.listAllDevices(libvirt.VIR_CONNECT_LIST_NODE_DEVICES_CAP_SCSI_HOST))
    check(names == ["scsi_host1", "scsi_host11", "scsi_host2"], f"scsi_host devices {names}")
    dev = conn.nodeDeviceLookupByName("scsi_host1")
    check(dev.parent() == "computer", "parent")
    check(dev.listCaps() == ["scsi_host"], f"caps {dev.listCaps()}")
    check("<wwpn>1000000012341234</wwpn>" in dev.XMLDesc(0), "device XML")
    fails(libvirt.VIR_ERR_NO_NODE_DEVICE, lambda: conn.nodeDeviceLookupByName("nope"), "unknown device")
    vport = conn.nodeDeviceCreateXML(
        "<device><parent>scsi_host1</parent><capability type='scsi_host'>"
        "<capability type='fc_host'><wwnn>2000000012345678</wwnn><wwpn>1000000012345678</wwpn>"
        "</capability></capability></device>", 0)
    check(vport.name().startswith("scsi_host") and vport.parent() == "scsi_host1", f"vport {vport.name()}")
    vport.destroy()
    fails(libvirt.VIR_ERR_NO_NODE_DEVICE, lambda: conn.nodeDeviceLookupByName(vport.name()), "vport destroyed")


def check_interfaces(conn):
    eth1 = conn.interfaceLookupByName("eth1")
    check(eth1.MACString() == "aa:bb:cc:dd:ee:ff" and eth1.isActive() == 1, "eth1")
    check(conn.interfaceLookupByMACString("aa:bb:cc:dd:ee:ff").name() == "eth1", "lookup by MAC")
    conn.changeBegin(0)
    i = conn.interfaceDefineXML("<interface type='ethernet' name='py0'><mac address='aa:bb:cc:dd:ee:01'/></interface>", 0)
    check("py0" in conn.listDefinedInterfaces(), "defined interface")
    conn.changeRollback(0)
    fails(libvirt.VIR_ERR_NO_INTERFACE, lambda: conn.interfaceLookupByName("py0"), "rolled back")
    fails(libvirt.VIR_ERR_OPERATION_INVALID, lambda: conn.changeCommit(0), "commit without a transaction")
    del i


def check_snapshots(conn):
    dom = conn.lookupByName("test")
    s1 = dom.snapshotCreateXML("<domainsnapshot><name>py-s1</name></domainsnapshot>", 0)
    s2 = dom.snapshotCreateXML("<domainsnapshot><name>py-s2</name></domainsnapshot>", 0)
    check(s2.getParent().getName() == "py-s1", "parent")
    check(dom.snapshotCurrent(0).getName() == "py-s2" and s2.isCurrent(0) == 1, "current")
    check(sorted(s.getName() for s in dom.listAllSnapshots(0)) == ["py-s1", "py-s2"], "listAllSnapshots")
    check([s.getName() for s in s1.listAllChildren(0)] == ["py-s2"], "children")
    dom.revertToSnapshot(s1, 0)
    check(dom.snapshotCurrent(0).getName() == "py-s1", "revert makes it current")
    fails(libvirt.VIR_ERR_NO_DOMAIN_SNAPSHOT, lambda: dom.snapshotLookupByName("nope", 0), "unknown snapshot")
    s1.delete(libvirt.VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN)
    check(dom.snapshotNum(0) == 0, "all snapshots deleted")


def check_checkpoints(conn):
    dom = conn.lookupByName("test")
    c1 = dom.checkpointCreateXML("<domaincheckpoint><name>py-c1</name></domaincheckpoint>", 0)
    c2 = dom.checkpointCreateXML("<domaincheckpoint><name>py-c2</name></domaincheckpoint>", 0)
    check(c2.getParent().getName() == "py-c1", "checkpoint parent")
    check(sorted(c.getName() for c in dom.listAllCheckpoints(0)) == ["py-c1", "py-c2"], "listAllCheckpoints")
    check("<name>py-c2</name>" in c2.getXMLDesc(0), "checkpoint XML")
    fails(libvirt.VIR_ERR_NO_DOMAIN_CHECKPOINT, lambda: dom.checkpointLookupByName("nope", 0), "unknown checkpoint")
    c1.delete(libvirt.VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN)
    check(dom.listAllCheckpoints(0) == [], "all checkpoints deleted")


def main():
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    uri = os.environ.get("VIRT_TEST_URI", "test:///default")
    print(f"python_areas: libvirt loaded from {loaded_library()}, testing {uri}")
    conn = libvirt.open(uri)
    check_storage(conn)
    check_nodedevs(conn)
    check_interfaces(conn)
    check_snapshots(conn)
    check_checkpoints(conn)
    check(conn.close() >= 0, "close")
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
