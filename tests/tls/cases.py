"""TLS cases against one daemon (ours or libvirtd), on whichever libvirt.so.0 python3-libvirt
loads (ours with LD_LIBRARY_PATH, Debian's without). The daemons are started by tests/tls/run:
TLS_PORTS has "variant=port" pairs (valid, expired, future, wronghost, revoked, otherca, inter,
interrevoked; and tls12, gcm, badprio: the valid certificate with a tls_priority of TLS 1.2
only, of AES-GCM only, and one gnutls refuses), GNUTLS_SYSTEM_PRIORITY_FILE defines only
LIBVIRT (TLS 1.2 only), PKI
the directory made by tests/tls/mkpki. The "valid" daemon allows only CN=client1 by
tls_allowed_dn_list and checks the CA's CRL. Prints one line per case and a count."""
import os
import sys

import libvirt

libvirt.registerErrorHandler(lambda *a: None, None)
pki = os.environ["PKI"]
ports = dict(kv.split("=") for kv in os.environ["TLS_PORTS"].split())
who = os.environ.get("WHO", "?")

SYS, AUTH, RPC_DOM = libvirt.VIR_ERR_SYSTEM_ERROR, libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_FROM_RPC
REFUSED = (SYS, RPC_DOM, "Unable to read TLS confirmation: Input/output error")
PEER = (AUTH, RPC_DOM, "authentication failed: Failed to verify peer's certificate")
# No algorithm in common: OpenSSL (qemud) sends a fatal alert, libvirtd (gnutls, which libvirt
# does not ask to send alerts) just closes.
ALERT = (AUTH, RPC_DOM, "authentication failed: TLS handshake failed " +
         ("A TLS fatal alert has been received." if who.endswith("qemud") else
          "The TLS connection was non-properly terminated."))


def prio(text, why):
    return (SYS, RPC_DOM, f"Failed to set TLS session priority to {text}: {why}")


INVALID, NOTHING = "The request is invalid.", "No or insufficient priorities were set."
# A daemon that cannot set up sessions closes each connection: the client sees the end of
# the stream (or, with libvirtd, sometimes a reset, depending on when it closes).
CLOSED = [(AUTH, RPC_DOM, "authentication failed: TLS handshake failed " + m)
          for m in ("The TLS connection was non-properly terminated.", "Error in the pull function.")]


def uri(variant, client, extra="", host="127.0.0.1", scheme="test+tls"):
    q = f"pkipath={pki}/{client}" + (f"&{extra}" if extra else "")
    return f"{scheme}://{host}:{ports[variant]}/default?{q}"


cases = [
    ("valid certificates", uri("valid", "client"), "ok"),
    ("valid, by host name", uri("valid", "client", host="localhost"), "ok"),
    ("valid, TLS as the default transport of a URI with a host", uri("valid", "client", scheme="test"), "ok"),
    ("client checks the CRL (server not revoked)", uri("valid", "client-crl"), "ok"),
    ("client certificate expired", uri("valid", "client-expired"),
     (SYS, RPC_DOM, f"The client certificate {pki}/client-expired/clientcert.pem has expired")),
    ("client certificate not yet valid", uri("valid", "client-future"),
     (SYS, RPC_DOM, f"The client certificate {pki}/client-future/clientcert.pem is not yet active")),
    ("client certificate from another CA", uri("valid", "client-otherca"),
     (SYS, RPC_DOM, f"Our own certificate {pki}/client-otherca/clientcert.pem failed validation against "
      f"{pki}/client-otherca/cacert.pem: The certificate hasn't got a known issuer.")),
    ("client certificate revoked by the server's CRL", uri("valid", "client-revoked"), REFUSED),
    ("client certificate missing", uri("valid", "client-nocert"), REFUSED),
    ("client DN outside tls_allowed_dn_list", uri("valid", "client-outsider"), REFUSED),
    ("server from a CA the client does not trust", uri("valid", "client-wrongca"), PEER),
    ("server certificate expired", uri("expired", "client"), PEER),
    ("server certificate not yet valid", uri("future", "client"), PEER),
    ("server certificate for another host", uri("wronghost", "client"), PEER),
    ("server certificate for another host, no_verify=1", uri("wronghost", "client", "no_verify=1"), "ok"),
    ("server certificate revoked, client without the CRL", uri("revoked", "client"), "ok"),
    ("server certificate revoked, client with the CRL", uri("revoked", "client-crl"), PEER),
    ("server certificate from another CA", uri("otherca", "client"), PEER),
    ("server certificate from an intermediate CA it sends", uri("inter", "client"), "ok"),
    ("server certificate from an intermediate CA it sends, client with the CRL", uri("inter", "client-crl"), "ok"),
    ("server's intermediate CA revoked, client without the CRL", uri("interrevoked", "client"), "ok"),
    ("server's intermediate CA revoked, client with the CRL", uri("interrevoked", "client-crl"), PEER),
    ("tls_priority: TLS 1.2-only daemon, default client", uri("tls12", "client"), "ok"),
    ("tls_priority: TLS 1.2-only daemon, client TLS 1.2 only",
     uri("tls12", "client", "tls_priority=NORMAL:-VERS-ALL:+VERS-TLS1.2"), "ok"),
    ("tls_priority: TLS 1.2-only daemon, client TLS 1.3 only",
     uri("tls12", "client", "tls_priority=NORMAL:-VERS-ALL:+VERS-TLS1.3"), ALERT),
    ("tls_priority: TLS 1.2-only daemon, client @LIBVIRT,SYSTEM from the system file",
     uri("tls12", "client", "tls_priority=@LIBVIRT,SYSTEM"), "ok"),
    ("tls_priority: TLS 1.2-only daemon, client without TLS 1.2 CBC and with DHE first",
     uri("tls12", "client", "tls_priority=PFS:-AES-128-CBC:-AES-256-CBC:-ECDHE-ECDSA:-ECDHE-RSA:%25COMPAT"), "ok"),
    ("tls_priority: AES-GCM-only daemon, default client", uri("gcm", "client"), "ok"),
    ("tls_priority: AES-GCM-only daemon, client ChaCha20 only",
     uri("gcm", "client", "tls_priority=NORMAL:-CIPHER-ALL:+CHACHA20-POLY1305"), ALERT),
    ("tls_priority: client keyword gnutls does not know",
     uri("valid", "client", "tls_priority=FOO:+BAR"), prio("FOO:+BAR", INVALID)),
    ("tls_priority: client with an unknown algorithm",
     uri("valid", "client", "tls_priority=NORMAL:-BOGUS"), prio("NORMAL:-BOGUS", INVALID)),
    ("tls_priority: client @SYSTEM not in the system file",
     uri("valid", "client", "tls_priority=@SYSTEM"), prio("@SYSTEM", INVALID)),
    ("tls_priority: client with no version left",
     uri("valid", "client", "tls_priority=NORMAL:-VERS-ALL"), prio("NORMAL:-VERS-ALL", NOTHING)),
    ("tls_priority: client with no cipher left",
     uri("valid", "client", "tls_priority=NORMAL:-CIPHER-ALL"), prio("NORMAL:-CIPHER-ALL", NOTHING)),
    ("tls_priority: client priority checked after the connection",
     f"test+tls://127.0.0.1:1/default?pkipath={pki}/client&tls_priority=FOO",
     (SYS, RPC_DOM, "unable to connect to server at '127.0.0.1:1': Connection refused")),
    ("tls_priority: daemon with a priority gnutls refuses", uri("badprio", "client"), CLOSED),
    ("no CA certificate", uri("valid", "nonexistent"),
     (SYS, RPC_DOM, f"Cannot read CA certificate '{pki}/nonexistent/cacert.pem': No such file or directory")),
]

passed = failed = 0
for name, u, expect in cases:
    try:
        c = libvirt.open(u)
        got = ("ok", c.getHostname() != "", c.isEncrypted(), c.isSecure(), c.lookupByName("test").info()[0])
        c.close()
        ok = expect == "ok" and got[1:] == (True, 1, 1, libvirt.VIR_DOMAIN_RUNNING)
    except libvirt.libvirtError as e:
        got = (e.get_error_code(), e.get_error_domain(), e.get_error_message())
        ok = got in expect if isinstance(expect, list) else got == expect
    if ok:
        passed += 1
        print(f"PASS {who}: {name}")
    else:
        failed += 1
        print(f"FAIL {who}: {name}: {u}\n  expected {expect}\n  got      {got}")
print(f"{who}: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
