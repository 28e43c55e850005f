#!/usr/bin/python3
"""Regenerates the golden files from the real libvirt 9.0.0 (python3-libvirt, test driver).

For every NAME.xml domain definition here: define it on test:///default and store
virDomainGetXMLDesc(0) as NAME.expected.xml (what `virsh -c test:///default
'define NAME.xml; dumpxml NAME'` prints, without virsh's extra trailing newline).
Also stores the capabilities documents. Run: /usr/bin/python3 regen.py
"""
import glob, os, re, libvirt

here = os.path.dirname(os.path.abspath(__file__))
libvirt.registerErrorHandler(lambda c, e: None, None)
conn = libvirt.open("test:///default")
for path in sorted(glob.glob(os.path.join(here, "*.xml"))):
    if ".expected." in path:
        continue
    text = open(path).read()
    try:
        dom = conn.defineXML(text)
    except libvirt.libvirtError as e:
        raise SystemExit(f"{path}: {e}")
    out = path[:-4] + ".expected.xml"
    open(out, "w").write(dom.XMLDesc(0))
    dom.undefine()
# The built-in running domain, live view (id 1).
open(os.path.join(here, "test-default.expected.xml"), "w").write(conn.lookupByName("test").XMLDesc(0))
open(os.path.join(here, "capabilities-default.expected.xml"), "w").write(conn.getCapabilities())
empty = "/tmp/conf-regen-empty-node.xml"
open(empty, "w").write("<node/>\n")
open(os.path.join(here, "capabilities-nodefile.expected.xml"), "w").write(libvirt.open("test://" + empty).getCapabilities())
