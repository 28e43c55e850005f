#!/usr/bin/python3
"""Debian's python3-libvirt, on whatever libvirt.so.0 the loader picks, driving a real
tiny QEMU guest through our qemud (QEMUD_QEMU_URI): lifecycle events, vCPU info, the
security model, device attach/detach (persistent, live, by alias) with the DEVICE_ADDED
event, managed save and restore from it; and the tiny Linux guest
(tests/tiny-guest/build) opening its guest-agent channel: agent lifecycle events and the
channel's state in the live XML.

Prints the library file it loaded, then "python_qemu: N passed, N failed"."""

import os
import subprocess
import sys
import threading
import time

import libvirt

from pycheck import Checks, loaded_library

check = Checks("python_qemu")
TINY = ("<domain type='qemu'><name>pyq</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features></domain>")


def main():
    libvirt.virEventRegisterDefaultImpl()
    stop = False

    def loop():
        while not stop:
            libvirt.virEventRunDefaultImpl()

    conn = libvirt.open(os.environ["QEMUD_QEMU_URI"])
    print(f"python_qemu: libvirt loaded from {loaded_library()}")
    events = []
    conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                lambda c, d, e, det, o: events.append((d.name(), e, det)), None)
    t = threading.Thread(target=loop, daemon=True)
    t.start()
    # Wakes the loop so it sees `stop`.
    conn.setKeepAlive(1, 3)

    check(conn.getSecurityModel() == ["none", "0"], f"security model {conn.getSecurityModel()}")
    ncpus, cpumap, online = conn.getCPUMap()
    check(ncpus >= 1 and len(cpumap) == ncpus and sum(cpumap) == online, f"cpu map {ncpus} {cpumap} {online}")
    dom = conn.defineXML(TINY)
    try:
        exercise(conn, dom)
    except Exception:
        # Leave nothing behind for the next run, then report.
        for undo in (dom.destroy, dom.undefine):
            try:
                undo()
            except libvirt.libvirtError:
                pass
        raise
    E = libvirt
    want = [
        ("pyq", E.VIR_DOMAIN_EVENT_DEFINED, E.VIR_DOMAIN_EVENT_DEFINED_ADDED),
        ("pyq", E.VIR_DOMAIN_EVENT_RESUMED, E.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED),
        ("pyq", E.VIR_DOMAIN_EVENT_STARTED, E.VIR_DOMAIN_EVENT_STARTED_BOOTED),
        ("pyq", E.VIR_DOMAIN_EVENT_SUSPENDED, E.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED),
        ("pyq", E.VIR_DOMAIN_EVENT_STOPPED, E.VIR_DOMAIN_EVENT_STOPPED_SAVED),
        ("pyq", E.VIR_DOMAIN_EVENT_STARTED, E.VIR_DOMAIN_EVENT_STARTED_RESTORED),
        ("pyq", E.VIR_DOMAIN_EVENT_RESUMED, E.VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT),
        ("pyq", E.VIR_DOMAIN_EVENT_SHUTDOWN, E.VIR_DOMAIN_EVENT_SHUTDOWN_HOST),
        ("pyq", E.VIR_DOMAIN_EVENT_STOPPED, E.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
        ("pyq", E.VIR_DOMAIN_EVENT_UNDEFINED, E.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED),
    ]
    deadline = time.monotonic() + 10
    while len(events) < len(want) and time.monotonic() < deadline:
        time.sleep(0.02)
    mine = [e for e in events if e[0] == "pyq"]
    check(mine == want, f"lifecycle events:\n got  {mine}\n want {want}")
    agent_channel(conn)
    stop = True
    conn.close()
    return check.report()


def agent_channel(conn):
    """The tiny Linux guest holds its org.qemu.guest_agent.0 port open: the channel is
    disconnected at start, then connected (QEMU's VSERPORT_CHANGE)."""
    here = os.path.dirname(os.path.abspath(__file__))
    guest = subprocess.run([os.path.join(here, "tiny-guest/build")], capture_output=True, text=True,
                           timeout=600).stdout.strip()
    if not os.path.isfile(os.path.join(guest, "vmlinuz")):
        check(False, f"tests/tiny-guest/build gave no guest: {guest!r}")
        return
    agent = []
    cb = conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE,
                                     lambda c, d, state, reason, o: agent.append((d.name(), state, reason)), None)
    xml = ("<domain type='qemu'><name>pyagent</name><memory unit='MiB'>160</memory>"
           "<os><type arch='x86_64' machine='pc'>hvm</type>"
           f"<kernel>{guest}/vmlinuz</kernel><initrd>{guest}/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>"
           "<devices><channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
           "</devices></domain>")
    dom = conn.createXML(xml, 0)
    try:
        deadline = time.monotonic() + 45
        while len(agent) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        L = libvirt
        want = [("pyagent", L.VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED,
                 L.VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED),
                ("pyagent", L.VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED,
                 L.VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL)]
        check(agent[:2] == want, f"agent lifecycle events:\n got  {agent}\n want {want}")
        live = dom.XMLDesc(0)
        check("name='org.qemu.guest_agent.0' state='connected'/>" in live, f"agent channel state in:\n{live}")
    finally:
        conn.domainEventDeregisterAny(cb)
        dom.destroy()


def exercise(conn, dom):
    """Start, inspect, managed-save, restore, destroy and undefine `dom`."""
    dom.create()
    check(dom.state() == [libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_RUNNING_BOOTED], f"state {dom.state()}")
    info, maps = dom.vcpus()
    check(len(info) == 1 and info[0][0] == 0 and info[0][1] == libvirt.VIR_VCPU_RUNNING, f"vcpus {info}")
    check(len(maps) == 1 and any(maps[0]), f"cpu maps {maps}")
    check(dom.securityLabel() == ["", 0], f"security label {dom.securityLabel()}")
    mem = dom.memoryStats()
    check(mem.get("actual") == 65536 and mem.get("rss", 0) > 0, f"memory stats {mem}")
    check(dom.jobInfo()[0] == libvirt.VIR_DOMAIN_JOB_NONE, f"job info {dom.jobInfo()}")
    try:
        dom.interfaceStats("vnet99")
        check(False, "stats of an interface the guest does not have")
    except libvirt.libvirtError as e:
        check("invalid path, 'vnet99' is not a known interface" in str(e), f"interface stats error: {e}")
    check(set(conn.getCPUStats(-1)) == {"kernel", "user", "idle", "iowait"}, f"cpu stats {conn.getCPUStats(-1)}")
    check(set(conn.getMemoryStats(-1)) == {"total", "free", "buffers", "cached"}, "memory stats of the host")
    records = conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE | libvirt.VIR_DOMAIN_STATS_BALLOON)
    mine = [s for d, s in records if d.name() == "pyq"]
    check(len(mine) == 1 and mine[0].get("state.state") == libvirt.VIR_DOMAIN_RUNNING
          and mine[0].get("balloon.maximum") == 65536 and "cpu.time" not in mine[0], f"domain stats {records}")
    listed = conn.domainListGetStats([dom], 0)
    check(len(listed) == 1 and listed[0][1].get("vcpu.current") == 1 and listed[0][1].get("cpu.time", 0) > 0,
          f"stats of a list {listed}")

    devices(conn, dom)

    check(dom.hasManagedSaveImage() == 0, "no managed save image yet")
    dom.managedSave()
    check(dom.hasManagedSaveImage() == 1, "a managed save image")
    check(dom.state() == [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_SAVED], f"saved: {dom.state()}")
    dom.create()
    check(dom.state() == [libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_RUNNING_RESTORED], f"restored: {dom.state()}")
    check(dom.hasManagedSaveImage() == 0, "the image went with the restore")
    dom.destroy()
    dom.undefine()


def devices(conn, dom):
    """Device calls through the library's C exports: a sound card in and out of the persistent
    definition, a NIC hotplugged (with its DEVICE_ADDED event) and asked out by its alias."""
    added = []
    cb = conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
                                     lambda c, d, alias, o: added.append(alias), None)
    config, live = libvirt.VIR_DOMAIN_AFFECT_CONFIG, libvirt.VIR_DOMAIN_AFFECT_LIVE
    dom.attachDeviceFlags("<sound model='ich6'/>", config)
    check("<sound model='ich6'>" in dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE), "a sound card in the persistent XML")
    check("<sound" not in dom.XMLDesc(0), "attach --config leaves the running guest alone")
    dom.detachDeviceFlags("<sound model='ich6'/>", config)
    check("<sound" not in dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE), "the sound card detached again")
    try:
        dom.attachDeviceFlags("<sound model='ich6'/>", live)
        check(False, "a live sound card was accepted")
    except libvirt.libvirtError as e:
        check(e.get_error_code() == libvirt.VIR_ERR_OPERATION_UNSUPPORTED
              and "live attach of device 'sound' is not supported" in str(e), f"live sound card: {e}")
    nic = "<interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>"
    dom.attachDeviceFlags(nic, live)
    deadline = time.monotonic() + 10
    while not added and time.monotonic() < deadline:
        time.sleep(0.02)
    check(added == ["net0"], f"DEVICE_ADDED events {added}")
    xml = dom.XMLDesc(0)
    check("52:54:00:12:34:56" in xml and "<alias name='net0'/>" in xml, "the hotplugged NIC in the live XML")
    # No guest OS answers: the request is made and the NIC stays until a guest lets go.
    dom.detachDeviceAlias("net0", live)
    try:
        dom.detachDeviceAlias("nosuch", live)
        check(False, "detach of an unknown alias")
    except libvirt.libvirtError as e:
        check("no device found with alias nosuch" in str(e), f"unknown alias: {e}")
    conn.domainEventDeregisterAny(cb)


if __name__ == "__main__":
    sys.exit(main())
