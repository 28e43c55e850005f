#!/usr/bin/python3
"""Authentication from Python, on whichever libvirt.so.0 the loader picks (run once with
LD_LIBRARY_PATH at ours, once without for Debian's): python3-libvirt's openAuth against
the test driver's <auth> users, auth.conf answering first, and virConnectAuthPtrDefault
(the exported data symbol, through ctypes) prompting on a pseudo-terminal: the user name
echoed, the password not. Ends with "N passed, N failed"."""

import ctypes
import os
import pty
import select
import shutil
import sys
import tempfile
import time

import libvirt

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def loaded_library():
    with open("/proc/self/maps") as f:
        for line in f:
            if "libvirt.so" in line:
                return line.split()[-1]
    return "?"


def silence(ctx, err):
    pass


libvirt.registerErrorHandler(silence, None)
tmp = tempfile.mkdtemp(prefix="python_auth.")
os.environ["XDG_CONFIG_HOME"] = os.path.join(tmp, "config")
os.environ.pop("LIBVIRT_AUTH_FILE", None)
node = os.path.join(tmp, "node.xml")
with open(node, "w") as f:
    f.write("<node><auth><user password='secret'>alice</user><user>bob</user></auth></node>\n")
uri = "test://" + node


def open_auth(name, answers, credtypes=(libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE), rc=0):
    asked = []

    def cb(creds, data):
        for c in creds:
            asked.append((c[0], c[1], c[2]))
            c[4] = answers.get(c[0])
        return rc

    try:
        conn = libvirt.openAuth(name, [list(credtypes), cb, None], 0)
        return conn, asked, None
    except libvirt.libvirtError as e:
        return None, asked, (e.get_error_code(), e.get_error_domain(), e.get_error_message())


A, P = libvirt.VIR_CRED_AUTHNAME, libvirt.VIR_CRED_PASSPHRASE
conn, asked, err = open_auth(uri, {A: "alice", P: "secret"})
check(conn is not None and err is None, f"right password: {err}")
check(asked == [(A, "Enter username for localhost", "localhost"), (P, "Enter alice's password for localhost", "localhost")],
      f"prompts: {asked}")
if conn:
    check(conn.listAllDomains() == [], "no domains in the node file")
    conn.close()

conn, asked, err = open_auth(uri, {A: "alice", P: "nope"})
check(conn is None and err == (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_FROM_TEST,
      "authentication failed: authentication failed, see test XML for the correct username/password"), f"wrong: {err}")

conn, asked, err = open_auth(uri, {A: "alice", P: "secret"}, rc=-1)
check(err == (libvirt.VIR_ERR_AUTH_FAILED, libvirt.VIR_FROM_AUTH, "authentication failed: Username request failed"),
      f"callback -1: {err}")

conn, asked, err = open_auth(uri, {A: "bob"})
check(conn is not None and len(asked) == 1, f"user without password: {err} {asked}")
if conn:
    conn.close()

try:
    libvirt.open(uri)
    check(False, "open without callbacks succeeded")
except libvirt.libvirtError as e:
    check((e.get_error_code(), e.get_error_domain()) == (libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_FROM_AUTH),
          f"open without callbacks: {e.get_error_message()}")

conf = os.path.join(tmp, "auth.conf")
with open(conf, "w") as f:
    f.write("[credentials-x]\nusername=alice\npassword=secret\n[auth-test-localhost]\ncredentials=x\n")
os.environ["LIBVIRT_AUTH_FILE"] = conf
conn, asked, err = open_auth(uri, {A: "mallory", P: "x"})
check(conn is not None and asked == [], f"auth.conf first: {err} {asked}")
if conn:
    conn.close()
del os.environ["LIBVIRT_AUTH_FILE"]
conn, asked, err = open_auth(uri + "?authfile=" + conf, {A: "mallory", P: "x"})
check(conn is not None and asked == [], f"?authfile=: {err} {asked}")
if conn:
    conn.close()

# virConnectAuthPtrDefault on a terminal: a child opens the node file with it through
# ctypes, so the prompts come from the library's own default callback.
CHILD = r"""
import ctypes, sys
lib = ctypes.CDLL("libvirt.so.0")
lib.virConnectOpenAuth.restype = ctypes.c_void_p
lib.virConnectOpenAuth.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_uint]
lib.virGetLastErrorMessage.restype = ctypes.c_char_p
default = ctypes.c_void_p.in_dll(lib, "virConnectAuthPtrDefault")
conn = lib.virConnectOpenAuth(sys.argv[1].encode(), default, 0)
sys.stdout.write("\nRESULT " + ("OPENED" if conn else "FAILED " + lib.virGetLastErrorMessage().decode()) + "\n")
sys.stdout.flush()
"""


def on_terminal(user, password, timeout=20):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.executable, [sys.executable, "-c", CHILD, uri])
    out, pos = b"", 0
    deadline = time.time() + timeout

    def until(pattern):
        nonlocal out, pos
        while pattern not in out[pos:] and time.time() < deadline:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                out += data
        i = out.find(pattern, pos)
        if i < 0:
            return False
        pos = i + len(pattern)
        return True

    ok = until(b"Enter username for localhost: ")
    if ok:
        os.write(fd, user + b"\n")
        ok = until(b"Enter " + user + b"'s password for localhost: ")
        if ok:
            time.sleep(0.3)  # the password is read with echo off, which flushes earlier input
            os.write(fd, password + b"\n")
            until(b"RESULT ")
            until(b"\n")
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return out


out = on_terminal(b"alice", b"secret")
check(b"RESULT OPENED" in out, f"default callbacks, right password: {out!r}")
check(b"for localhost: alice\r\n" in out, f"the user name is echoed: {out!r}")
check(b"secret" not in out, f"the password is not echoed: {out!r}")
out = on_terminal(b"alice", b"wrong")
check(b"RESULT FAILED authentication failed: authentication failed, see test XML" in out, f"default, wrong: {out!r}")

shutil.rmtree(tmp)
print(f"python_auth [{loaded_library()}]: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
