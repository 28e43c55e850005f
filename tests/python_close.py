#!/usr/bin/python3
"""Close callbacks end to end, through Debian's python3-libvirt on whatever libvirt.so.0
the loader picks: a private qemud (QEMUD, default target/release/qemud) serves
test:///default; the check registers a close callback, then kills the daemon (reason
EOF) or stops it under keepalive (reason KEEPALIVE), and waits for the callback from
the default event loop. Prints "python_close: N passed, N failed"."""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import libvirt

from pycheck import Checks, loaded_library

check = Checks("python_close")
QEMUD = os.environ.get("QEMUD", os.path.join(os.path.dirname(__file__), "..", "target/release/qemud"))


class Daemon:
    """A qemud of our own in a temp dir, in its own session (killed with it)."""

    def __init__(self, tmp):
        conf = os.path.join(tmp, "qemud.conf")
        with open(conf, "w") as f:
            f.write(f'unix_sock_dir = "{tmp}"\n')
        self.sock = os.path.join(tmp, "virtqemud-sock")
        self.proc = subprocess.Popen(
            [QEMUD, "--config", conf, "--pid-file", os.path.join(tmp, "pid"), "--timeout", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while not os.path.exists(self.sock) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.uri = f"test+unix:///default?socket={self.sock}"

    def signal(self, sig):
        os.killpg(self.proc.pid, sig)

    def stop(self):
        try:
            self.signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


def wait_for(cond, seconds):
    deadline = time.monotonic() + seconds
    while not cond() and time.monotonic() < deadline:
        time.sleep(0.05)
    return cond()


def closes_with(reason_name, make_it_happen, keepalive=None):
    with tempfile.TemporaryDirectory() as tmp:
        d = Daemon(tmp)
        try:
            conn = libvirt.open(d.uri)
            if keepalive:
                conn.setKeepAlive(*keepalive)
            seen = []
            check(conn.registerCloseCallback(lambda c, why, opaque: seen.append((why, opaque)), "mine") == 0,
                  f"{reason_name}: registered")
            try:
                conn.registerCloseCallback(lambda c, why, opaque: None, None)
                check(False, f"{reason_name}: a second close callback must be refused")
            except libvirt.libvirtError as e:
                check(e.get_error_code() == libvirt.VIR_ERR_OPERATION_INVALID, f"{reason_name}: second refused")
            check(conn.getType() == "TEST", f"{reason_name}: connection works")
            make_it_happen(d)
            expected = getattr(libvirt, f"VIR_CONNECT_CLOSE_REASON_{reason_name}")
            check(wait_for(lambda: seen, 15), f"{reason_name}: callback ran")
            check(seen == [(expected, "mine")], f"{reason_name}: callback saw {seen}")
            check(conn.isAlive() == 0, f"{reason_name}: connection no longer alive")
        finally:
            d.stop()


def main():
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    print(f"python_close: libvirt loaded from {loaded_library()}")
    libvirt.virEventRegisterDefaultImpl()
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            libvirt.virEventRunDefaultImpl()

    tick = libvirt.virEventAddTimeout(50, lambda timer, opaque: None, None)
    threading.Thread(target=loop, daemon=True).start()
    closes_with("EOF", lambda d: d.signal(signal.SIGKILL))
    closes_with("KEEPALIVE", lambda d: d.signal(signal.SIGSTOP), keepalive=(1, 1))

    # In process a connection cannot be lost: the callback is accepted and never called.
    conn = libvirt.open("test:///default")
    check(conn.registerCloseCallback(lambda c, why, opaque: None, None) == 0, "in process: accepted")
    check(conn.registerCloseCallback(lambda c, why, opaque: None, None) == 0, "in process: accepted again")
    stop.set()
    libvirt.virEventRemoveTimeout(tick)
    return check.report()


if __name__ == "__main__":
    sys.exit(main())
