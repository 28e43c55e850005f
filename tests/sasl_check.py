"""SASL against our qemud and Debian's libvirtd (both started by tests/with-sasl), through
python3-libvirt on whichever library is loaded, plus raw RPC on the sockets and real virsh.

Checks, against each daemon: right and wrong passwords through openAuth callbacks, the
user allow-list, no callbacks at all, SASL on the UNIX socket (DIGEST-MD5; SCRAM-SHA-256 on
the SCRAM-only daemon) and its absence on the read-only socket, the mechanisms offered
(no PLAIN and no SCRAM over plain TCP), libvirtd's "authentication required" before
authentication, the connection closed after a failed exchange, traffic after
authentication really wrapped (a recording proxy finds no XML on the wire), clients that
stop or babble mid-SASL not hurting an authenticated one, and real virsh with an
auth.conf. Ends with "N passed, N failed".
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time

import libvirt

libvirt.registerErrorHandler(lambda *a: None, None)
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def creds_cb(user, password):
    def cb(creds, _data):
        for c in creds:
            if c[0] == libvirt.VIR_CRED_AUTHNAME:
                c[4] = user
            elif c[0] == libvirt.VIR_CRED_PASSPHRASE:
                c[4] = password
            else:
                c[4] = ""
        return 0
    return [[libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE], cb, None]


def open_auth(uri, user, password):
    """The connection, or the libvirtError."""
    try:
        return libvirt.openAuth(uri, creds_cb(user, password), 0)
    except libvirt.libvirtError as e:
        return e


def err_of(x):
    if isinstance(x, libvirt.libvirtError):
        return (x.get_error_code(), x.get_error_domain(), x.get_error_message())
    return None


AUTH_FAILED = (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_FROM_RPC, "authentication failed: authentication failed")


def works(conn):
    if isinstance(conn, libvirt.libvirtError):
        return False, str(conn)
    try:
        dom = conn.lookupByName("test")
        ok = dom.info()[0] == libvirt.VIR_DOMAIN_RUNNING and "test" in [d.name() for d in conn.listAllDomains()]
        return ok, ""
    finally:
        conn.close()


# ---- raw RPC ----------------------------------------------------------------------------

PROG = 0x20008086


def recvn(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            raise EOFError
        b += c
    return b


def raw_call(s, proc, payload=b"", serial=1):
    body = struct.pack(">IIiiIi", PROG, 1, proc, 0, serial, 0) + payload
    s.sendall(struct.pack(">I", len(body) + 4) + body)
    while True:
        n = struct.unpack(">I", recvn(s, 4))[0]
        d = recvn(s, n - 4)
        h = struct.unpack(">IIiiIi", d[:24])
        if h[0] == PROG and h[3] == 1:
            return h[5], d[24:]


def xdr_str(b, o=0):
    n = struct.unpack(">I", b[o:o + 4])[0]
    return b[o + 4:o + 4 + n].decode(errors="replace")


def xdr_s(s):
    b = s.encode()
    return struct.pack(">I", len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)


def raw_err(p):
    code, dom, has = struct.unpack(">iiI", p[:12])
    return code, dom, xdr_str(p, 12) if has else None


def addr(uri):
    if uri.startswith("test+unix"):
        s = socket.socket(socket.AF_UNIX)
        s.connect(uri.split("socket=")[1])
        return s
    hostport = uri.split("//")[1].split("/")[0]
    h, p = hostport.split(":")
    return socket.create_connection((h, int(p)))


def mechlist(uri):
    s = addr(uri)
    s.settimeout(10)
    try:
        st, p = raw_call(s, 67)
        return xdr_str(p) if st == 0 else raw_err(p)
    finally:
        s.close()


# ---- a recording proxy ----------------------------------------------------------------------

def recording_proxy(port):
    """Listens on a loopback port, forwards to `port`, records both directions."""
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(4)
    seen = bytearray()

    def pump(a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                seen.extend(d)
                b.sendall(d)
        except OSError:
            pass
        for x in (a, b):
            try:
                x.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def serve():
        while True:
            try:
                c, _ = lst.accept()
            except OSError:
                return
            u = socket.create_connection(("127.0.0.1", port))
            threading.Thread(target=pump, args=(c, u), daemon=True).start()
            threading.Thread(target=pump, args=(u, c), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return lst, lst.getsockname()[1], seen


# ---- the checks, per daemon -----------------------------------------------------------------

def daemon_checks(label, tcp, unix, port):
    ok, why = works(open_auth(tcp, "alice", "secret"))
    check(f"{label} tcp: alice with the right password", ok, why)
    e = err_of(open_auth(tcp, "alice", "wrong"))
    check(f"{label} tcp: wrong password refused", e == AUTH_FAILED, e)
    e = err_of(open_auth(tcp, "bob", "secret"))
    check(f"{label} tcp: bob outside sasl_allowed_username_list refused", e == AUTH_FAILED, e)
    ok, why = works(open_auth(tcp, "carol", "carolpw"))
    check(f"{label} tcp: carol (exact pattern) let in", ok, why)
    e = err_of(open_auth(tcp, "nobody", "secret"))
    check(f"{label} tcp: unknown user refused", e == AUTH_FAILED, e)
    try:
        libvirt.open(tcp).close()
        e = None
    except libvirt.libvirtError as x:
        e = err_of(x)
    check(f"{label} tcp: no callbacks: no worthy mechanism",
          e is not None and e[0] == libvirt.VIR_ERR_AUTH_FAILED and "No worthy mechs" in e[2], e)
    ok, why = works(open_auth(unix, "alice", "secret"))
    check(f"{label} unix: SASL on the read-write socket", ok, why)
    e = err_of(open_auth(unix, "alice", "wrong"))
    check(f"{label} unix: wrong password refused", e == AUTH_FAILED, e)

    m = mechlist(tcp)
    check(f"{label} tcp offers DIGEST-MD5 only (no PLAIN, no SCRAM without a layer)", m == "DIGEST-MD5", m)
    m = mechlist(unix)
    check(f"{label} unix offers SCRAM and PLAIN too",
          isinstance(m, str) and {"DIGEST-MD5", "SCRAM-SHA-256", "PLAIN"} <= set(m.split(",")), m)

    # Before authentication: only AUTH_* calls.
    s = addr(tcp)
    s.settimeout(10)
    st, p = raw_call(s, 66)
    check(f"{label} AUTH_LIST says SASL", st == 0 and p == struct.pack(">II", 1, 1), p.hex())
    for proc, name in [(1, "CONNECT_OPEN"), (60, "CONNECT_SUPPORTS_FEATURE"), (59, "CONNECT_GET_HOSTNAME")]:
        payload = struct.pack(">Ii", 0, 0) if proc == 1 else struct.pack(">i", 10) if proc == 60 else b""
        st, p = raw_call(s, proc, payload, 2)
        e = raw_err(p) if st else None
        check(f"{label} {name} before auth: authentication required",
              e == (libvirt.VIR_ERR_RPC, libvirt.VIR_FROM_RPC, "authentication required"), e)
    # A failed exchange: "authentication failed"; the client may begin again.
    st, p = raw_call(s, 67, b"", 3)
    st, p = raw_call(s, 68, xdr_s("NO-SUCH-MECH") + struct.pack(">iI", 1, 0), 4)
    e = raw_err(p) if st else None
    check(f"{label} unknown mechanism: authentication failed", e == (45, 7, "authentication failed: authentication failed"), e)
    st, p = raw_call(s, 67, b"", 5)
    check(f"{label} after a failed exchange, AUTH_SASL_INIT again", st == 0 and xdr_str(p) == "DIGEST-MD5", p)
    st, p = raw_call(s, 67, b"", 6)
    e = raw_err(p) if st else None
    check(f"{label} a second AUTH_SASL_INIT: authentication failed", e == (45, 7, "authentication failed: authentication failed"), e)
    s.close()
    if label.endswith("qemud]"):
        # libvirtd 9.0 dies of this one (SIGSEGV in libsasl2); qemud refuses it.
        s = addr(tcp)
        s.settimeout(10)
        raw_call(s, 67)
        st, p = raw_call(s, 69, struct.pack(">iI", 1, 0), 2)
        e = raw_err(p) if st else None
        check(f"{label} AUTH_SASL_STEP before START refused", e == (45, 7, "authentication failed: authentication failed"), e)
        s.close()

    # Wrapped traffic: nothing readable on the wire after authentication.
    lst, pport, seen = recording_proxy(port)
    conn = open_auth(f"test+tcp://127.0.0.1:{pport}/default", "alice", "secret")
    if isinstance(conn, libvirt.libvirtError):
        check(f"{label} open through the recording proxy", False, str(conn))
    else:
        caps = conn.getCapabilities()
        xml = conn.lookupByName("test").XMLDesc()
        conn.close()
        time.sleep(0.2)
        wire = bytes(seen)
        check(f"{label} wire: the SASL exchange is seen (DIGEST-MD5 in clear)", b"DIGEST-MD5" in wire, len(wire))
        check(f"{label} wire: no capabilities or domain XML in clear after auth",
              "<capabilities>" in caps and "<domain" in xml and b"<capabilities>" not in wire
              and b"<domain" not in wire and b"test:///default" not in wire, len(wire))
    lst.close()

    # Clients stopping or babbling mid-SASL do not hurt others.
    stalled = []
    for _ in range(5):
        s = addr(tcp)
        raw_call(s, 67)
        raw_call(s, 68, xdr_s("DIGEST-MD5") + struct.pack(">iI", 1, 0), 2)
        stalled.append(s)
    junk = addr(tcp)
    raw_call(junk, 67)
    junk.sendall(b"\x00\x00\x00\x30" + os.urandom(20))
    t0 = time.time()
    ok, why = works(open_auth(tcp, "alice", "secret"))
    took = time.time() - t0
    check(f"{label} five clients stalled mid-SASL and one babbling: alice still served ({took:.2f}s)",
          ok and took < 5, why)
    half = addr(tcp)
    raw_call(half, 67)
    half.close()
    for s in stalled + [junk]:
        s.close()
    ok, why = works(open_auth(tcp, "alice", "secret"))
    check(f"{label} served after the stalled clients left", ok, why)

    # max_anonymous_clients = 8: a ninth client waiting to authenticate is not taken
    # until one of the eight leaves.
    waiting = []
    for _ in range(8):
        s = addr(tcp)
        s.settimeout(10)
        raw_call(s, 66)
        waiting.append(s)
    ninth = addr(tcp)
    ninth.settimeout(1.5)
    try:
        raw_call(ninth, 66)
        answered = True
    except (socket.timeout, OSError, EOFError):
        answered = False
    check(f"{label} max_anonymous_clients: a ninth unauthenticated client waits", not answered)
    waiting.pop().close()
    ninth.settimeout(10)
    try:
        if answered:
            raise EOFError
        n = struct.unpack(">I", recvn(ninth, 4))[0]
        ok = len(recvn(ninth, n - 4)) == n - 4
    except (socket.timeout, OSError, EOFError):
        ok = False
    check(f"{label} max_anonymous_clients: served once one of the eight left", ok)
    for s in waiting + [ninth]:
        s.close()
    time.sleep(0.3)


def virsh(uri, authfile):
    env = dict(os.environ, LIBVIRT_AUTH_FILE=authfile)
    env.pop("LD_LIBRARY_PATH", None)
    return subprocess.run(["virsh", "-c", uri, "domstate", "test"], env=env, capture_output=True, text=True, timeout=60)


def main():
    tmp = os.environ["SASL_TEST_DIR"]
    lib = os.environ.get("SASL_CLIENT_LIB", "?")
    targets = [("qemud", os.environ["QEMUD_TCP_URI"], os.environ["QEMUD_UNIX_URI"], int(os.environ["QEMUD_PORT"])),
               ("libvirtd", os.environ["LIBVIRTD_TCP_URI"], os.environ["LIBVIRTD_UNIX_URI"], int(os.environ["LIBVIRTD_PORT"]))]
    for name, tcp, unix, port in targets:
        daemon_checks(f"[{lib} -> {name}]", tcp, unix, port)

    # The read-only socket asks for nothing (auth_unix_ro = "none").
    try:
        c = libvirt.openReadOnly(os.environ["QEMUD_RO_URI"])
        check(f"[{lib} -> qemud] read-only socket: no authentication", c.lookupByName("test").name() == "test")
        c.close()
    except libvirt.libvirtError as e:
        check(f"[{lib} -> qemud] read-only socket: no authentication", False, str(e))

    # SCRAM-SHA-256: on the UNIX socket only; over plain TCP nothing is offered.
    ok, why = works(open_auth(os.environ["SCRAM_UNIX_URI"], "alice", "secret"))
    check(f"[{lib} -> qemud] SCRAM-SHA-256 on the UNIX socket", ok, why)
    e = err_of(open_auth(os.environ["SCRAM_UNIX_URI"], "alice", "bad"))
    check(f"[{lib} -> qemud] SCRAM-SHA-256 wrong password refused", e == AUTH_FAILED, e)
    m = mechlist(os.environ["SCRAM_TCP_URI"])
    check(f"[{lib} -> qemud] SCRAM/PLAIN-only daemon offers nothing over TCP",
          m == "" or (isinstance(m, tuple) and m[0] == libvirt.VIR_ERR_AUTH_FAILED), m)
    e = err_of(open_auth(os.environ["SCRAM_TCP_URI"], "alice", "secret"))
    check(f"[{lib} -> qemud] SCRAM over plain TCP refused", e is not None and e[0] == libvirt.VIR_ERR_AUTH_FAILED, e)

    # Real virsh (Debian's library) with an auth.conf, against our qemud.
    if lib == "reference":
        good, bad = os.path.join(tmp, "auth-good.conf"), os.path.join(tmp, "auth-bad.conf")
        for path, pw in [(good, "secret"), (bad, "nope")]:
            with open(path, "w") as f:
                f.write(f"[credentials-t]\nauthname=alice\npassword={pw}\n[auth-libvirt-127.0.0.1]\ncredentials=t\n")
        for uri, name in [(os.environ["QEMUD_TCP_URI"], "qemud"), (os.environ["LIBVIRTD_TCP_URI"], "libvirtd")]:
            r = virsh(uri, good)
            check(f"virsh -> {name}: auth.conf credentials", r.returncode == 0 and r.stdout.strip() == "running",
                  r.stdout + r.stderr)
            r = virsh(uri, bad)
            check(f"virsh -> {name}: auth.conf wrong password refused",
                  r.returncode != 0 and "authentication failed: authentication failed" in r.stderr, r.stderr)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
