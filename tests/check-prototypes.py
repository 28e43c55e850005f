#!/usr/bin/python3
"""Every public function in our generated headers has the prototype Debian's libvirt 9.0.0
headers give it: gcc -aux-info writes each declaration as the compiler understood it, for
a translation unit that includes ours and one that includes Debian's."""

import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def norm(s):
    """Whitespace folded; libvirt's struct tags are `_virFoo`, ours `virFoo` (tags are
    not part of the ABI: the typedef names are what programs use)."""
    return re.sub(r"\s+", " ", s.replace("struct _", "struct ")).strip()


def norm_param(p):
    """A parameter's own top-level qualifier (`char **const names`) is not part of the
    function's type in C, so it is dropped before comparing."""
    return re.sub(r"\*\s*const\s*$", "*", norm(p))


def prototypes(include_dir):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "p.c")
        aux = os.path.join(tmp, "aux.txt")
        with open(src, "w") as f:
            f.write("#include <libvirt/libvirt.h>\n#include <libvirt/virterror.h>\n")
        args = ["gcc", "-c", "-o", os.devnull, f"-aux-info={aux}", src]
        if include_dir:
            args.insert(1, f"-I{include_dir}")
        subprocess.run(args, check=True)
        want = include_dir or "/usr/include"
        protos = {}
        for line in open(aux):
            m = re.search(r"\*/\s*(?:extern\s+)?(.*?)\b(vir\w+)\s*\((.*)\);", line)
            origin = line.split("*/")[0]
            if m and f"{want}/libvirt/" in origin:
                ret, name, params = m.groups()
                protos[name] = (norm(ret), ", ".join(norm_param(p) for p in params.split(",")))
        return protos


def main():
    syms = [l.split()[0] for l in open(os.path.join(ROOT, "abi/libvirt.syms")) if l.strip()]
    ref = prototypes(None)
    ours = prototypes(os.path.join(ROOT, "include"))
    bad = []
    for s in syms:
        if s not in ref:
            continue  # the data symbol
        if s not in ours:
            bad.append(f"{s}: missing from our headers")
        elif ours[s] != ref[s]:
            bad.append(f"{s}: ours {ours[s]} vs libvirt {ref[s]}")
    for b in bad[:60]:
        print(b)
    checked = sum(1 for s in syms if s in ref)
    print(f"prototypes: {checked - len(bad)} of {checked} match Debian's libvirt 9.0.0 headers")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
