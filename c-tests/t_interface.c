/* Host interfaces of the test driver, as libvirt 9.0.0's test driver gives them: eth1 of
 * test:///default, lookups by name and MAC, lists, XML, define/undefine, start/stop,
 * change transactions (a rollback leaves every interface inactive), bad input and
 * read-only refusal. Leaves the interfaces as found (eth1 active). */
#include "check.h"

static const char *xml_eth1 =
    "<interface type='ethernet' name='eth1'>\n"
    "  <start mode='onboot'/>\n"
    "  <mtu size='1492'/>\n"
    "  <protocol family='ipv4'>\n"
    "    <ip address='192.168.0.5' prefix='24'/>\n"
    "    <route gateway='192.168.0.1'/>\n"
    "  </protocol>\n"
    "  <mac address='aa:bb:cc:dd:ee:ff'/>\n"
    "</interface>\n";

static const char *def_t0 =
    "<interface type='ethernet' name='t_iface0'>"
    "<mac address='00:11:22:33:44:55'/><start mode='none'/>"
    "<protocol family='ipv6'><autoconf/><dhcp peerdns='no'/><ip address='fe80::1' prefix='64'/></protocol>"
    "<link speed='1000' state='up'/>"
    "</interface>";

static const char *xml_t0 =
    "<interface type='ethernet' name='t_iface0'>\n"
    "  <start mode='none'/>\n"
    "  <protocol family='ipv6'>\n"
    "    <autoconf/>\n"
    "    <dhcp peerdns='no'/>\n"
    "    <ip address='fe80::1' prefix='64'/>\n"
    "  </protocol>\n"
    "  <link speed='1000' state='up'/>\n"
    "  <mac address='00:11:22:33:44:55'/>\n"
    "</interface>\n";

static const char *def_br =
    "<interface type='bridge' name='t_br0'><mtu size='9000'/><bridge stp='off' delay='0.5'>"
    "<interface type='ethernet' name='t_e0'><mac address='00:11:22:33:44:66'/></interface>"
    "<interface type='vlan' name='t_v0'><vlan tag='42'><interface name='t_e0'/></vlan></interface>"
    "<interface type='bond' name='t_b0'><bond mode='active-backup'><miimon freq='100' updelay='10' carrier='netif'/>"
    "<interface type='ethernet' name='t_e1'/></bond></interface>"
    "</bridge></interface>";

static const char *xml_br =
    "<interface type='bridge' name='t_br0'>\n"
    "  <mtu size='9000'/>\n"
    "  <bridge stp='off' delay='0.5'>\n"
    "    <interface type='ethernet' name='t_e0'>\n"
    "      <mac address='00:11:22:33:44:66'/>\n"
    "    </interface>\n"
    "    <interface type='vlan' name='t_v0'>\n"
    "      <vlan tag='42'>\n"
    "        <interface name='t_e0'/>\n"
    "      </vlan>\n"
    "    </interface>\n"
    "    <interface type='bond' name='t_b0'>\n"
    "      <bond mode='active-backup'>\n"
    "        <miimon freq='100' updelay='10' carrier='netif'/>\n"
    "        <interface type='ethernet' name='t_e1'>\n"
    "        </interface>\n"
    "      </bond>\n"
    "    </interface>\n"
    "  </bridge>\n"
    "</interface>\n";

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted names of the active (or defined) interfaces, joined by spaces. */
static void names_of(virConnectPtr conn, int active, char *out, size_t len) {
    char *names[16];
    int n = active ? virConnectListInterfaces(conn, names, 16) : virConnectListDefinedInterfaces(conn, names, 16), i;
    out[0] = 0;
    if (n < 0)
        return;
    qsort(names, n, sizeof(names[0]), cmp_str);
    for (i = 0; i < n; i++) {
        if (i)
            strncat(out, " ", len - strlen(out) - 1);
        strncat(out, names[i], len - strlen(out) - 1);
        free(names[i]);
    }
}

static int count_all(virConnectPtr conn, unsigned int flags) {
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces(conn, &ifaces, flags), i;
    if (n < 0)
        return n;
    CHECK(ifaces[n] == NULL);
    for (i = 0; i < n; i++)
        virInterfaceFree(ifaces[i]);
    free(ifaces);
    return n;
}

static void check_define_fails(virConnectPtr conn, const char *xml, int code, int domain, const char *msg) {
    virInterfacePtr i = virInterfaceDefineXML(conn, xml, 0);
    CHECK(i == NULL);
    CHECK_ERR(code, domain);
    CHECK_MSG(msg);
    if (i) {
        virInterfaceUndefine(i);
        virInterfaceFree(i);
    }
}

static void check_xml(virInterfacePtr iface, const char *expected) {
    char *xml = virInterfaceGetXMLDesc(iface, 0);
    CHECK_STR(xml, expected);
    free(xml);
}

int main(void) {
    char buf[256], *names[4];
    virConnectPtr conn, ro;
    virInterfacePtr eth1, up, t0, t0b, dup, br, t1;
    check_begin("t_interface");
    conn = virConnectOpen(test_uri());
    ro = virConnectOpenReadOnly(test_uri());
    if (!conn || !ro) {
        fprintf(stderr, "cannot open %s\n", test_uri());
        return 1;
    }

    /* eth1 of test:///default. */
    CHECK_INT(virConnectNumOfInterfaces(conn), 1);
    CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 0);
    names_of(conn, 1, buf, sizeof(buf));
    CHECK_STR(buf, "eth1");
    names_of(conn, 0, buf, sizeof(buf));
    CHECK_STR(buf, "");
    CHECK_INT(virConnectListInterfaces(conn, names, 0), 0);
    CHECK_INT(virConnectListInterfaces(conn, names, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_INTERFACE);
    CHECK_MSG("maxnames in virConnectListInterfaces must be zero or greater");
    CHECK_INT(count_all(conn, 0), 1);
    CHECK_INT(count_all(conn, VIR_CONNECT_LIST_INTERFACES_ACTIVE), 1);
    CHECK_INT(count_all(conn, VIR_CONNECT_LIST_INTERFACES_INACTIVE), 0);
    CHECK_INT(count_all(conn, VIR_CONNECT_LIST_INTERFACES_ACTIVE | VIR_CONNECT_LIST_INTERFACES_INACTIVE), 1);
    CHECK_INT(virConnectListAllInterfaces(conn, NULL, 0), 1);
    CHECK_INT(virConnectListAllInterfaces(conn, NULL, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testConnectListAllInterfaces");

    eth1 = virInterfaceLookupByName(ro, "eth1");
    CHECK(eth1 != NULL);
    if (!eth1)
        return check_end("t_interface");
    CHECK_STR(virInterfaceGetName(eth1), "eth1");
    CHECK_STR(virInterfaceGetMACString(eth1), "aa:bb:cc:dd:ee:ff");
    CHECK(virInterfaceGetConnect(eth1) == ro);
    check_xml(eth1, xml_eth1);
    CHECK(virInterfaceGetXMLDesc(eth1, VIR_INTERFACE_XML_INACTIVE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testInterfaceGetXMLDesc");
    CHECK_INT(virInterfaceIsActive(eth1), 1);
    /* A MAC matches in any case; the handle keeps the caller's spelling. */
    up = virInterfaceLookupByMACString(conn, "AA:BB:CC:DD:EE:FF");
    CHECK(up != NULL);
    if (up) {
        CHECK_STR(virInterfaceGetName(up), "eth1");
        CHECK_STR(virInterfaceGetMACString(up), "AA:BB:CC:DD:EE:FF");
        virInterfaceFree(up);
    }
    CHECK(virInterfaceLookupByName(conn, "nope") == NULL);
    CHECK_ERR(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST);
    CHECK_MSG("Interface not found: no interface with matching name 'nope'");
    CHECK(virInterfaceLookupByMACString(conn, "00:00:00:00:00:01") == NULL);
    CHECK_ERR(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST);
    CHECK_MSG("Interface not found: no interface with matching mac '00:00:00:00:00:01'");
    CHECK(virInterfaceLookupByMACString(conn, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_INTERFACE);
    CHECK_MSG("macstr in virInterfaceLookupByMACString must not be NULL");

    /* Read-only connections may not change interfaces. */
    CHECK(virInterfaceDefineXML(ro, def_t0, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_INTERFACE);
    CHECK_MSG("operation forbidden: read only access prevents virInterfaceDefineXML");
    CHECK_INT(virInterfaceDestroy(eth1, 0), -1);
    CHECK_MSG("operation forbidden: read only access prevents virInterfaceDestroy");
    CHECK_INT(virInterfaceChangeBegin(ro, 0), -1);
    CHECK_MSG("operation forbidden: read only access prevents virInterfaceChangeBegin");

    /* Define, start, stop, undefine. */
    t0 = virInterfaceDefineXML(conn, def_t0, 0);
    CHECK(t0 != NULL);
    if (t0) {
        CHECK_STR(virInterfaceGetMACString(t0), "00:11:22:33:44:55");
        check_xml(t0, xml_t0);
        CHECK_INT(virInterfaceIsActive(t0), 0);
        CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 1);
        names_of(conn, 0, buf, sizeof(buf));
        CHECK_STR(buf, "t_iface0");
        CHECK_INT(count_all(conn, VIR_CONNECT_LIST_INTERFACES_INACTIVE), 1);
        CHECK_INT(virInterfaceCreate(t0, 1), -1);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_MSG("unsupported flags (0x1) in function testInterfaceCreate");
        CHECK_INT(virInterfaceDestroy(t0, 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_MSG("Requested operation is not valid");
        CHECK_INT(virInterfaceCreate(t0, 0), 0);
        CHECK_INT(virInterfaceIsActive(t0), 1);
        CHECK_INT(virInterfaceCreate(t0, 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_MSG("Requested operation is not valid");
        names_of(conn, 1, buf, sizeof(buf));
        CHECK_STR(buf, "eth1 t_iface0");
        CHECK_INT(virInterfaceDestroy(t0, 0), 0);
        CHECK_INT(virInterfaceIsActive(t0), 0);
        /* Redefining by name replaces the definition; the old handle keeps its MAC. */
        t0b = virInterfaceDefineXML(conn, "<interface type='ethernet' name='t_iface0'><mac address='00:11:22:33:44:77'/></interface>", 0);
        CHECK(t0b != NULL);
        CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 1);
        check_xml(t0, "<interface type='ethernet' name='t_iface0'>\n  <mac address='00:11:22:33:44:77'/>\n</interface>\n");
        CHECK_STR(virInterfaceGetMACString(t0), "00:11:22:33:44:55");
        /* Two interfaces with one MAC: the MAC lookup refuses to choose. */
        dup = virInterfaceDefineXML(conn, "<interface type='ethernet' name='t_iface1'><mac address='00:11:22:33:44:77'/></interface>", 0);
        CHECK(dup != NULL);
        CHECK(virInterfaceLookupByMACString(conn, "00:11:22:33:44:77") == NULL);
        CHECK_ERR(VIR_ERR_MULTIPLE_INTERFACES, VIR_FROM_TEST);
        CHECK_MSG("multiple matching interfaces found");
        if (dup) {
            CHECK_INT(virInterfaceUndefine(dup), 0);
            virInterfaceFree(dup);
        }
        if (t0b)
            virInterfaceFree(t0b);
        /* An active interface may be undefined. */
        CHECK_INT(virInterfaceCreate(t0, 0), 0);
        CHECK_INT(virInterfaceUndefine(t0), 0);
        CHECK_INT(virInterfaceUndefine(t0), -1);
        CHECK_ERR(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST);
        CHECK_MSG("Interface not found: no interface with matching name 't_iface0'");
        CHECK_INT(virInterfaceIsActive(t0), -1);
        CHECK(virInterfaceGetXMLDesc(t0, 0) == NULL);
        CHECK_ERR(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST);
        virInterfaceFree(t0);
    }
    CHECK_INT(virConnectNumOfInterfaces(conn), 1);
    CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 0);

    /* Nested definitions print as libvirt prints them. */
    br = virInterfaceDefineXML(conn, def_br, 0);
    CHECK(br != NULL);
    if (br) {
        CHECK_STR(virInterfaceGetMACString(br), "");
        check_xml(br, xml_br);
        CHECK_INT(virInterfaceUndefine(br), 0);
        virInterfaceFree(br);
    }

    /* Transactions. */
    CHECK_INT(virInterfaceChangeRollback(conn, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: no transaction running, nothing to rollback.");
    CHECK_INT(virInterfaceChangeCommit(conn, 0), -1);
    CHECK_MSG("Requested operation is not valid: no transaction running, nothing to be committed.");
    CHECK_INT(virInterfaceChangeBegin(conn, 1), -1);
    CHECK_MSG("unsupported flags (0x1) in function testInterfaceChangeBegin");
    CHECK_INT(virInterfaceChangeBegin(conn, 0), 0);
    CHECK_INT(virInterfaceChangeBegin(conn, 0), -1);
    CHECK_MSG("Requested operation is not valid: there is another transaction running.");
    t1 = virInterfaceDefineXML(conn, "<interface type='ethernet' name='t_iface2'/>", 0);
    CHECK(t1 != NULL);
    CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 1);
    CHECK_INT(virInterfaceChangeRollback(conn, 0), 0);
    /* The saved list comes back, every interface inactive. */
    names_of(conn, 0, buf, sizeof(buf));
    CHECK_STR(buf, "eth1");
    CHECK_INT(virConnectNumOfInterfaces(conn), 0);
    CHECK_INT(virInterfaceIsActive(eth1), 0);
    if (t1) {
        CHECK_INT(virInterfaceIsActive(t1), -1);
        CHECK_ERR(VIR_ERR_NO_INTERFACE, VIR_FROM_TEST);
        virInterfaceFree(t1);
    }
    up = virInterfaceLookupByName(conn, "eth1");
    CHECK(up != NULL);
    if (up) {
        CHECK_INT(virInterfaceCreate(up, 0), 0);
        virInterfaceFree(up);
    }
    CHECK_INT(virInterfaceIsActive(eth1), 1);
    CHECK_INT(virInterfaceChangeBegin(conn, 0), 0);
    t1 = virInterfaceDefineXML(conn, "<interface type='ethernet' name='t_iface2'/>", 0);
    CHECK(t1 != NULL);
    CHECK_INT(virInterfaceChangeCommit(conn, 0), 0);
    CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 1);
    CHECK_INT(virConnectNumOfInterfaces(conn), 1);
    if (t1) {
        CHECK_INT(virInterfaceUndefine(t1), 0);
        virInterfaceFree(t1);
    }

    /* Bad definitions; nothing is defined. */
    check_define_fails(conn, "<interface", VIR_ERR_XML_DETAIL, VIR_FROM_INTERFACE,
        "(interface_definition):1: Couldn't find end of Start Tag interface line 1\n<interface\n----------^");
    check_define_fails(conn, "<foo/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: expecting root element of 'interface', not 'foo'");
    check_define_fails(conn, "<interface/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: Missing required attribute 'type' in element 'interface'");
    check_define_fails(conn, "<interface type='bogus' name='x'/>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: Invalid value for attribute 'type' in element 'interface': 'bogus'.");
    check_define_fails(conn, "<interface type='ethernet'/>", VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE,
        "XML error: interface has no name");
    check_define_fails(conn, "<interface type='bridge' name='x'/>", VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE,
        "XML error: bridge interface misses the bridge element");
    check_define_fails(conn, "<interface type='ethernet' name='x'><start mode='bogus'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE, "XML error: unknown interface startmode bogus");
    check_define_fails(conn, "<interface type='ethernet' name='x'><mtu size='200000'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE,
        "XML error: value of the 'size' attribute of 'mtu' element must be at most 100000");
    check_define_fails(conn, "<interface type='ethernet' name='x'><protocol family='ipv5'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE, "XML error: unsupported protocol family 'ipv5'");
    check_define_fails(conn,
        "<interface type='ethernet' name='x'><protocol family='ipv4'><ip address='1.2.3.4' prefix='x'/></protocol></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: Invalid value for attribute 'prefix' in element 'ip': 'x'. Expected integer value");
    check_define_fails(conn, "<interface type='bond' name='b'><bond mode='x'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE, "XML error: unknown bonding mode x");
    check_define_fails(conn, "<interface type='bond' name='b'><bond><interface type='vlan' name='v'/></bond></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE, "XML error: interface has unsupported type 'vlan'");
    check_define_fails(conn, "<interface type='vlan' name='v'><vlan tag='1'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_INTERFACE, "XML error: vlan interface misses name attribute");
    check_define_fails(conn, "<interface type='ethernet' name='x'><link state='bogus'/></interface>",
        VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'state' in element 'link': 'bogus'.");
    CHECK(virInterfaceDefineXML(conn, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_INTERFACE);
    CHECK_MSG("xml in virInterfaceDefineXML must not be NULL");
    CHECK(virInterfaceDefineXML(conn, def_t0, 2) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testInterfaceDefineXML");
    CHECK_INT(virConnectNumOfDefinedInterfaces(conn), 0);
    CHECK_INT(virConnectNumOfInterfaces(conn), 1);

    /* Handles are checked by class. */
    CHECK(virInterfaceGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_INTERFACE, VIR_FROM_INTERFACE);
    CHECK_MSG("invalid interface pointer in virInterfaceGetName");

    virInterfaceFree(eth1);
    virConnectClose(ro);
    virConnectClose(conn);
    return check_end("t_interface");
}
