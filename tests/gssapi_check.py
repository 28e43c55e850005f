"""SASL GSSAPI (Kerberos) against our qemud and Debian's libvirtd, both started by
tests/sasl-gssapi with a real MIT KDC, through python3-libvirt on whichever library is
loaded (GSSAPI_CLIENT_LIB says which), plus Debian's virsh against our qemud.

Checks, against each daemon: GSSAPI offered over plain TCP (its security layer is >= 56);
alice's ticket opens over TCP and over the UNIX socket; a 256 KiB document goes both ways
through the security layer and no plain text of it is on the wire; bob's ticket (not on
sasl_allowed_username_list) and no ticket at all are refused with libvirt's error; both
daemons give the same answers. Ends with "N passed, N failed".
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libvirt  # noqa: E402
import sasl_check as sc  # noqa: E402  (check, err_of, mechlist, recording_proxy, AUTH_FAILED)

MARKER = "gssapi-plain-text-marker"


def with_ticket(who):
    os.environ["KRB5CCNAME"] = "FILE:" + os.path.join(os.environ["GSSAPI_TEST_DIR"], who + ".cc")


def try_open(uri):
    try:
        return libvirt.openAuth(uri, [[libvirt.VIR_CRED_AUTHNAME], lambda creds, _: 0, None], 0)
    except libvirt.libvirtError as e:
        return e


def big_round_trip(conn):
    """Defines a domain carrying a 256 KiB description, reads it back, undefines it."""
    text = (MARKER + " ") * (256 * 1024 // (len(MARKER) + 1))
    xml = f"<domain type='test'><name>gss-big</name><memory>1024</memory><description>{text}</description>" \
          "<os><type>hvm</type></os></domain>"
    dom = conn.defineXML(xml)
    try:
        back = dom.XMLDesc(0)
        return text in back
    finally:
        dom.undefine()


def daemon_checks(label, tcp, unix, port):
    """The answers this daemon gave, for the comparison between the daemons."""
    answers = {}
    m = sc.mechlist(tcp)
    sc.check(f"{label} GSSAPI offered over plain TCP", isinstance(m, str) and "GSSAPI" in m.split(","), m)

    with_ticket("alice")
    for kind, uri in [("TCP", tcp), ("UNIX socket", unix)]:
        ok, why = sc.works(try_open(uri))
        sc.check(f"{label} alice's ticket opens over {kind}", ok, why)

    lst, pport, seen = sc.recording_proxy(port)
    conn = try_open(f"test+tcp://localhost:{pport}/default")
    if isinstance(conn, libvirt.libvirtError):
        sc.check(f"{label} 256 KiB through the security layer", False, str(conn))
    else:
        try:
            ok = big_round_trip(conn)
        except libvirt.libvirtError as e:
            ok = False
            print(e)
        conn.close()
        sc.check(f"{label} 256 KiB through the security layer, both ways", ok)
        sc.check(f"{label} the traffic is wrapped: no plain text on the wire",
                 len(seen) > 512 * 1024 and MARKER.encode() not in seen and b"<domain" not in seen, len(seen))
    lst.close()

    with_ticket("bob")
    e = sc.err_of(try_open(tcp))
    answers["bob"] = e
    sc.check(f"{label} bob's ticket refused (not on the allow-list)", e == sc.AUTH_FAILED, e)

    with_ticket("nobody")
    e = sc.err_of(try_open(tcp))
    answers["none"] = e
    sc.check(f"{label} no ticket: libvirt's client error",
             e is not None and e[:2] == (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_FROM_RPC)
             and e[2].startswith("authentication failed: Failed to start SASL negotiation: -1 (SASL(-1): "
                                 "generic failure: GSSAPI Error: ")
             and "No Kerberos credentials available" in e[2], e)
    return answers


def virsh(uri, who):
    env = dict(os.environ, KRB5CCNAME="FILE:" + os.path.join(os.environ["GSSAPI_TEST_DIR"], who + ".cc"))
    env.pop("LD_LIBRARY_PATH", None)
    return subprocess.run(["virsh", "-c", uri, "domstate", "test"], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def main():
    lib = os.environ.get("GSSAPI_CLIENT_LIB", "?")
    q = daemon_checks(f"[{lib} -> qemud]", os.environ["QEMUD_TCP_URI"], os.environ["QEMUD_UNIX_URI"],
                      int(os.environ["QEMUD_PORT"]))
    l = daemon_checks(f"[{lib} -> libvirtd]", os.environ["LIBVIRTD_TCP_URI"], os.environ["LIBVIRTD_UNIX_URI"],
                      int(os.environ["LIBVIRTD_PORT"]))
    sc.check(f"[{lib}] qemud's refusals equal libvirtd's", q == l, (q, l))

    if lib == "reference":
        r = virsh(os.environ["QEMUD_TCP_URI"], "alice")
        sc.check("virsh -> qemud: alice's ticket", r.returncode == 0 and r.stdout.strip() == "running",
                 r.stdout + r.stderr)
        r = virsh(os.environ["QEMUD_TCP_URI"], "bob")
        sc.check("virsh -> qemud: bob's ticket refused",
                 r.returncode != 0 and "authentication failed: authentication failed" in r.stderr, r.stderr)

    print(f"{sc.passed} passed, {sc.failed} failed")
    return 1 if sc.failed else 0


if __name__ == "__main__":
    sys.exit(main())
