/* Virtual networks on libvirt 9.0.0's test driver: the default network, lookups, lists and
 * their filters, define/create/destroy/undefine (persistent and transient), XML, autostart,
 * bridge name, virNetworkUpdate, ports and leases (not in the test driver), read-only
 * refusal and bad input. Every object made here is removed again. */
#include "check.h"

static const char *default_xml =
    "<network>\n"
    "  <name>default</name>\n"
    "  <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>\n"
    "  <forward mode='nat'/>\n"
    "  <bridge name='virbr0' stp='on' delay='0'/>\n"
    "  <ip address='192.168.122.1' netmask='255.255.255.0'>\n"
    "    <dhcp>\n"
    "      <range start='192.168.122.2' end='192.168.122.254'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "</network>\n";

static const char *net1_in =
    "<network><name>tnet-1</name><uuid>aaaaaaaa-bbbb-cccc-dddd-000000000001</uuid>"
    "<forward mode='route'/><bridge name='tbr1' stp='off' delay='3'/><mac address='52:54:00:AA:bb:01'/>"
    "<domain name='example.com' localOnly='yes'/>"
    "<dns><txt name='t1' value='v1'/><host ip='10.9.0.7'><hostname>h7</hostname></host></dns>"
    "<ip address='10.9.0.1' prefix='24'><dhcp><range start='10.9.0.10' end='10.9.0.20'/>"
    "<host mac='52:54:00:00:00:05' name='five' ip='10.9.0.5'/></dhcp></ip>"
    "<ip family='ipv6' address='FD00:9::1' prefix='64'/>"
    "<route address='10.10.0.0' prefix='16' gateway='10.9.0.2'/>"
    "</network>";

static const char *net1_out =
    "<network>\n"
    "  <name>tnet-1</name>\n"
    "  <uuid>aaaaaaaa-bbbb-cccc-dddd-000000000001</uuid>\n"
    "  <forward mode='route'/>\n"
    "  <bridge name='tbr1' stp='off' delay='3'/>\n"
    "  <mac address='52:54:00:aa:bb:01'/>\n"
    "  <domain name='example.com' localOnly='yes'/>\n"
    "  <dns>\n"
    "    <txt name='t1' value='v1'/>\n"
    "    <host ip='10.9.0.7'>\n"
    "      <hostname>h7</hostname>\n"
    "    </host>\n"
    "  </dns>\n"
    "  <ip address='10.9.0.1' prefix='24'>\n"
    "    <dhcp>\n"
    "      <range start='10.9.0.10' end='10.9.0.20'/>\n"
    "      <host mac='52:54:00:00:00:05' name='five' ip='10.9.0.5'/>\n"
    "    </dhcp>\n"
    "  </ip>\n"
    "  <ip family='ipv6' address='fd00:9::1' prefix='64'>\n"
    "  </ip>\n"
    "  <route address='10.10.0.0' prefix='16' gateway='10.9.0.2'/>\n"
    "</network>\n";

static const char *net2_xml =
    "<network><name>tnet-2</name><uuid>aaaaaaaa-bbbb-cccc-dddd-000000000002</uuid></network>";

static const char *net2_out =
    "<network>\n"
    "  <name>tnet-2</name>\n"
    "  <uuid>aaaaaaaa-bbbb-cccc-dddd-000000000002</uuid>\n"
    "  <bridge stp='on' delay='0'/>\n"
    "</network>\n";

/* Whether the list of `n` networks holds one named `name`. */
static int has_net(virNetworkPtr *nets, int n, const char *name) {
    for (int i = 0; i < n; i++)
        if (strcmp(virNetworkGetName(nets[i]), name) == 0)
            return 1;
    return 0;
}

/* ListAllNetworks with `flags`: whether `name` is among them (-1 on error). */
static int listed(virConnectPtr c, unsigned int flags, const char *name) {
    virNetworkPtr *nets = NULL;
    int n = virConnectListAllNetworks(c, &nets, flags);
    if (n < 0)
        return -1;
    int found = has_net(nets, n, name);
    CHECK(nets[n] == NULL);
    for (int i = 0; i < n; i++)
        virNetworkFree(nets[i]);
    free(nets);
    return found;
}

static int name_in(char **names, int n, const char *name) {
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0)
            found = 1;
        free(names[i]);
    }
    return found;
}

/* virNetworkDefineXML fails with code/domain/message and leaves nothing behind. */
static void define_fails(virConnectPtr c, const char *xml, int code, int domain, const char *msg, int line) {
    int before = virConnectNumOfDefinedNetworks(c) + virConnectNumOfNetworks(c);
    virNetworkPtr n = virNetworkDefineXML(c, xml);
    if (n) {
        check_failed++;
        fprintf(stderr, "FAIL line %d: define succeeded\n", line);
        virNetworkUndefine(n);
        virNetworkFree(n);
        return;
    }
    CHECK_ERR(code, domain);
    CHECK_MSG(msg);
    CHECK_INT(virConnectNumOfDefinedNetworks(c) + virConnectNumOfNetworks(c), before);
}

static void test_default(virConnectPtr c) {
    virNetworkPtr n = virNetworkLookupByName(c, "default");
    CHECK(n != NULL);
    if (!n)
        return;
    CHECK_STR(virNetworkGetName(n), "default");
    char uuid[VIR_UUID_STRING_BUFLEN];
    CHECK_INT(virNetworkGetUUIDString(n, uuid), 0);
    CHECK_STR(uuid, "dd8fe884-6c02-601e-7551-cca97df1c5df");
    unsigned char raw[VIR_UUID_BUFLEN];
    CHECK_INT(virNetworkGetUUID(n, raw), 0);
    CHECK_INT(raw[0], 0xdd);
    CHECK_INT(raw[15], 0xdf);
    CHECK(virNetworkGetConnect(n) == c);

    char *xml = virNetworkGetXMLDesc(n, 0);
    CHECK_STR(xml, default_xml);
    free(xml);
    CHECK(virNetworkGetXMLDesc(n, VIR_NETWORK_XML_INACTIVE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testNetworkGetXMLDesc");

    char *br = virNetworkGetBridgeName(n);
    CHECK_STR(br, "virbr0");
    free(br);
    int autostart = -1;
    CHECK_INT(virNetworkGetAutostart(n, &autostart), 0);
    CHECK_INT(autostart, 0);
    CHECK_INT(virNetworkIsActive(n), 1);
    CHECK_INT(virNetworkIsPersistent(n), 1);

    virNetworkPtr u = virNetworkLookupByUUIDString(c, "dd8fe884-6c02-601e-7551-cca97df1c5df");
    CHECK(u != NULL);
    if (u) {
        CHECK_STR(virNetworkGetName(u), "default");
        virNetworkFree(u);
    }
    u = virNetworkLookupByUUID(c, raw);
    CHECK(u != NULL);
    if (u)
        virNetworkFree(u);

    /* Not in libvirt's test driver: DHCP leases and ports. */
    virNetworkDHCPLeasePtr *leases = NULL;
    CHECK_INT(virNetworkGetDHCPLeases(n, NULL, &leases, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_NETWORK);
    CHECK_MSG("this function is not supported by the connection driver: virNetworkGetDHCPLeases");
    virNetworkPortPtr *ports = NULL;
    CHECK_INT(virNetworkListAllPorts(n, &ports, 0), -1);
    CHECK_MSG("this function is not supported by the connection driver: virNetworkListAllPorts");
    CHECK(virNetworkPortCreateXML(n, "<networkport/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_NETWORK);
    CHECK_MSG("this function is not supported by the connection driver: virNetworkPortCreateXML");
    CHECK(virNetworkPortLookupByUUIDString(n, "dd8fe884-6c02-601e-7551-cca97df1c5df") == NULL);
    CHECK_MSG("this function is not supported by the connection driver: virNetworkPortLookupByUUID");
    virNetworkFree(n);

    CHECK(virNetworkLookupByName(c, "no-such-net") == NULL);
    CHECK_ERR(VIR_ERR_NO_NETWORK, VIR_FROM_TEST);
    CHECK_MSG("Network not found: no network with matching name 'no-such-net'");
    CHECK(virNetworkLookupByUUIDString(c, "aaaaaaaa-bbbb-cccc-dddd-0000000000ff") == NULL);
    CHECK_ERR(VIR_ERR_NO_NETWORK, VIR_FROM_TEST);
    CHECK_MSG("Network not found: no network with matching uuid 'aaaaaaaa-bbbb-cccc-dddd-0000000000ff'");
    CHECK(virNetworkLookupByUUIDString(c, "not-a-uuid") == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);

    CHECK_INT(listed(c, 0, "default"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_ACTIVE | VIR_CONNECT_LIST_NETWORKS_PERSISTENT, "default"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_INACTIVE, "default"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_TRANSIENT, "default"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_AUTOSTART, "default"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_NO_AUTOSTART, "default"), 1);
    CHECK_INT(listed(c, 64, "default"), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x40) in function testConnectListAllNetworks");
    CHECK_INT(virConnectListAllNetworks(c, NULL, 0), virConnectNumOfNetworks(c) + virConnectNumOfDefinedNetworks(c));

    char *names[64];
    int k = virConnectListNetworks(c, names, 64);
    CHECK(k >= 1);
    CHECK_INT(k, virConnectNumOfNetworks(c));
    CHECK(name_in(names, k, "default"));
    CHECK_INT(virConnectListNetworks(c, NULL, 0), 0);
    CHECK_INT(virConnectListNetworks(c, names, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
}

static void test_lifecycle(virConnectPtr c) {
    int active0 = virConnectNumOfNetworks(c), defined0 = virConnectNumOfDefinedNetworks(c);
    virNetworkPtr n = virNetworkDefineXML(c, net1_in);
    CHECK(n != NULL);
    if (!n)
        return;
    char *xml = virNetworkGetXMLDesc(n, 0);
    CHECK_STR(xml, net1_out);
    free(xml);
    CHECK_INT(virNetworkIsActive(n), 0);
    CHECK_INT(virNetworkIsPersistent(n), 1);
    CHECK_INT(virConnectNumOfDefinedNetworks(c), defined0 + 1);
    char *names[64];
    int k = virConnectListDefinedNetworks(c, names, 64);
    CHECK_INT(k, defined0 + 1);
    CHECK(name_in(names, k, "tnet-1"));
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_INACTIVE, "tnet-1"), 1);
    char *br = virNetworkGetBridgeName(n);
    CHECK_STR(br, "tbr1");
    free(br);

    /* Autostart is remembered. */
    int autostart = -1;
    CHECK_INT(virNetworkSetAutostart(n, 1), 0);
    CHECK_INT(virNetworkGetAutostart(n, &autostart), 0);
    CHECK_INT(autostart, 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_AUTOSTART, "tnet-1"), 1);
    CHECK_INT(virNetworkSetAutostart(n, 0), 0);

    /* Destroying an inactive network succeeds in the test driver. */
    CHECK_INT(virNetworkDestroy(n), 0);
    CHECK_INT(virNetworkCreate(n), 0);
    CHECK_INT(virNetworkIsActive(n), 1);
    CHECK_INT(virConnectNumOfNetworks(c), active0 + 1);
    CHECK_INT(virNetworkCreate(n), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: Network 'tnet-1' is already running");
    CHECK_INT(virNetworkUndefine(n), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: Network 'tnet-1' is still running");
    /* A transient network with the same UUID is refused while it runs. */
    CHECK(virNetworkCreateXML(c, net1_in) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK);
    CHECK_MSG("Requested operation is not valid: network is already active as 'tnet-1'");

    /* virNetworkUpdate: DHCP hosts and ranges, DNS records. */
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1,
                               "<host mac='52:54:00:00:00:06' name='six' ip='10.9.0.6'/>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST, VIR_NETWORK_SECTION_IP_DHCP_HOST, 0,
                               "<host mac='52:54:00:00:00:06' name='other' ip='10.9.0.8'/>", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK);
    CHECK_MSG("Requested operation is not valid: there is an existing dhcp host entry in network 'tnet-1' that matches "
              "\"<host mac='52:54:00:00:00:06' name='other' ip='10.9.0.8'/>\"");
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_MODIFY, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1,
                               "<host mac='52:54:00:00:00:05' name='FIVE' ip='10.9.0.15'/>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1,
                               "<host mac='52:54:00:00:00:99'/>", 0), -1);
    CHECK_MSG("Requested operation is not valid: couldn't locate a matching dhcp host entry in network 'tnet-1'");
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, 7,
                               "<host mac='52:54:00:00:00:07' ip='10.9.0.7'/>", 0), -1);
    CHECK_MSG("Requested operation is not valid: couldn't update dhcp host entry - no <ip> element found at index 7 in network 'tnet-1'");
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_RANGE, -1,
                               "<range start='10.9.0.30' end='10.9.0.40'/>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_MODIFY, VIR_NETWORK_SECTION_IP_DHCP_RANGE, -1,
                               "<range start='10.9.0.30' end='10.9.0.40'/>", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_IP_DHCP_RANGE, -1,
                               "<range start='10.9.0.10' end='10.9.0.20'/>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_DELETE, VIR_NETWORK_SECTION_DNS_TXT, -1,
                               "<txt name='t1'/>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_FIRST, VIR_NETWORK_SECTION_DNS_HOST, -1,
                               "<host ip='10.9.0.8'><hostname>h8</hostname></host>", 0), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_BRIDGE, -1,
                               "<bridge name='x'/>", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_NETWORK);
    CHECK_MSG("Operation not supported: can't update 'bridge' section of network 'tnet-1'");
    CHECK_INT(virNetworkUpdate(n, 9, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, "<host mac='52:54:00:00:00:09' ip='10.9.0.9'/>", 0), -1);
    CHECK_MSG("Operation not supported: unrecognized network update command code 9");
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, "<host", 0), -1);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_NETWORK);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_IP_DHCP_HOST, -1,
                               "<host mac='52:54:00:00:00:09' ip='10.9.0.9'/>", 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    /* A config-only change of a running network is kept aside: the live XML stays. */
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_TXT, -1,
                               "<txt name='cfg' value='only'/>", VIR_NETWORK_UPDATE_AFFECT_CONFIG), 0);
    xml = virNetworkGetXMLDesc(n, 0);
    CHECK(xml && strstr(xml, "      <host mac='52:54:00:00:00:05' name='FIVE' ip='10.9.0.15'/>\n"
                             "      <host mac='52:54:00:00:00:06' name='six' ip='10.9.0.6'/>\n"));
    CHECK(xml && strstr(xml, "    <dhcp>\n      <range start='10.9.0.30' end='10.9.0.40'/>\n"));
    CHECK(xml && strstr(xml, "  <dns>\n    <host ip='10.9.0.8'>\n      <hostname>h8</hostname>\n    </host>\n"
                             "    <host ip='10.9.0.7'>\n"));
    CHECK(xml && !strstr(xml, "<txt"));
    free(xml);

    CHECK_INT(virNetworkDestroy(n), 0);
    CHECK_INT(virNetworkIsActive(n), 0);
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_TXT, -1,
                               "<txt name='x' value='y'/>", VIR_NETWORK_UPDATE_AFFECT_LIVE), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_NETWORK);
    CHECK_MSG("Requested operation is not valid: network is not running");
    CHECK_INT(virNetworkUndefine(n), 0);
    CHECK_INT(virNetworkIsActive(n), -1);
    CHECK_ERR(VIR_ERR_NO_NETWORK, VIR_FROM_TEST);
    CHECK_MSG("Network not found: no network with matching uuid 'aaaaaaaa-bbbb-cccc-dddd-000000000001'");
    CHECK_INT(virNetworkUndefine(n), -1);
    CHECK_MSG("Network not found: no network with matching name 'tnet-1'");
    virNetworkFree(n);

    /* A transient network disappears when destroyed. */
    n = virNetworkCreateXML(c, net2_xml);
    CHECK(n != NULL);
    if (!n)
        return;
    xml = virNetworkGetXMLDesc(n, 0);
    CHECK_STR(xml, net2_out);
    free(xml);
    CHECK_INT(virNetworkIsActive(n), 1);
    CHECK_INT(virNetworkIsPersistent(n), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_NETWORKS_TRANSIENT, "tnet-2"), 1);
    CHECK(virNetworkGetBridgeName(n) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
    CHECK_MSG("internal error: network 'tnet-2' does not have a bridge name.");
    CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_TXT, -1,
                               "<txt name='x' value='y'/>", VIR_NETWORK_UPDATE_AFFECT_CONFIG), -1);
    CHECK_MSG("Requested operation is not valid: cannot change persistent config of a transient network");
    /* Defining it makes it persistent; it then survives a destroy. */
    virNetworkPtr d = virNetworkDefineXML(c, net2_xml);
    CHECK(d != NULL);
    CHECK_INT(virNetworkIsPersistent(n), 1);
    CHECK_INT(virNetworkDestroy(n), 0);
    CHECK_INT(virNetworkIsActive(n), 0);
    CHECK_INT(virNetworkUndefine(n), 0);
    if (d)
        virNetworkFree(d);
    virNetworkFree(n);

    n = virNetworkCreateXMLFlags(c, net2_xml, VIR_NETWORK_CREATE_VALIDATE);
    CHECK(n != NULL);
    if (n) {
        CHECK_INT(virNetworkDestroy(n), 0);
        virNetworkFree(n);
    }
    CHECK(virNetworkCreateXMLFlags(c, net2_xml, 2) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testNetworkCreateXMLFlags");
    n = virNetworkDefineXMLFlags(c, net2_xml, VIR_NETWORK_DEFINE_VALIDATE);
    CHECK(n != NULL);
    if (n) {
        CHECK_INT(virNetworkUndefine(n), 0);
        virNetworkFree(n);
    }
    CHECK(virNetworkDefineXMLFlags(c, net2_xml, 2) == NULL);
    CHECK_MSG("unsupported flags (0x2) in function testNetworkDefineXMLFlags");

    CHECK_INT(virConnectNumOfNetworks(c), active0);
    CHECK_INT(virConnectNumOfDefinedNetworks(c), defined0);
}

static void test_bad_input(virConnectPtr c) {
    define_fails(c, "<network>", VIR_ERR_XML_DETAIL, VIR_FROM_NETWORK,
                 "(network_definition):1: Premature end of data in tag network line 1\n<network>\n---------^", __LINE__);
    define_fails(c, "<foo/>", VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: expecting root element of 'network', not 'foo'", __LINE__);
    define_fails(c, "<network/>", VIR_ERR_NO_NAME, VIR_FROM_NETWORK, "missing name information", __LINE__);
    define_fails(c, "<network><name>a/b</name></network>", VIR_ERR_XML_DETAIL, VIR_FROM_XML, "invalid char in name: /", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><uuid>zzz</uuid></network>", VIR_ERR_INTERNAL_ERROR, VIR_FROM_NETWORK,
                 "internal error: malformed uuid element", __LINE__);
    define_fails(c, "<network><name>default</name></network>", VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK,
                 "operation failed: network 'default' already exists with uuid dd8fe884-6c02-601e-7551-cca97df1c5df", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid></network>",
                 VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK,
                 "operation failed: network 'default' is already defined with uuid dd8fe884-6c02-601e-7551-cca97df1c5df", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><forward mode='bogus'/></network>", VIR_ERR_CONFIG_UNSUPPORTED,
                 VIR_FROM_NETWORK, "unsupported configuration: unknown forwarding type 'bogus'", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><forward mode='nat'/></network>", VIR_ERR_XML_ERROR, VIR_FROM_NETWORK,
                 "XML error: nat forwarding requested, but no IP address provided for network 'tnet-x'", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><ip address='300.1.1.1' netmask='255.255.255.0'/></network>",
                 VIR_ERR_XML_ERROR, VIR_FROM_NETWORK, "XML error: Invalid address '300.1.1.1' in network 'tnet-x'", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><ip address='10.0.0.1' prefix='99'/></network>", VIR_ERR_CONFIG_UNSUPPORTED,
                 VIR_FROM_NETWORK, "unsupported configuration: Invalid IPv4 prefix '99' in network 'tnet-x'", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><ip address='10.0.0.1' prefix='24'><dhcp>"
                    "<range start='10.0.0.9' end='10.0.0.2'/></dhcp></ip></network>",
                 VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE, "internal error: range 10.0.0.9 - 10.0.0.2 is reversed ", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><ip address='10.0.0.1' prefix='24'><dhcp>"
                    "<range start='10.0.1.9' end='10.0.1.20'/></dhcp></ip></network>",
                 VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                 "internal error: range 10.0.1.9 - 10.0.1.20 is not entirely within network 10.0.0.1/24", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><mac address='01:00:00:00:00:00'/></network>", VIR_ERR_XML_ERROR,
                 VIR_FROM_NETWORK, "XML error: Invalid multicast bridge mac address '01:00:00:00:00:00' in network 'tnet-x'", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><dns><host ip='1.2.3.4'/></dns></network>", VIR_ERR_XML_DETAIL,
                 VIR_FROM_NETWORK, "Missing hostname in network 'tnet-x' DNS HOST record", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><domain name='x' localOnly='maybe'/></network>", VIR_ERR_XML_ERROR,
                 VIR_FROM_XML, "XML error: Invalid value for attribute 'localOnly' in element 'domain': 'maybe'.", __LINE__);
    define_fails(c, "<network><name>tnet-x</name><route address='10.1.0.0' prefix='16' gateway='10.0.0.2'/></network>",
                 VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_NETWORK,
                 "unsupported configuration: unreachable static route gateway '10.0.0.2' specified for network 'tnet-x'", __LINE__);
    CHECK(virNetworkLookupByName(c, "tnet-x") == NULL);

    CHECK(virNetworkDefineXML(c, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_MSG("xml in virNetworkDefineXML must not be NULL");
    CHECK(virNetworkCreateXML(c, NULL) == NULL);
    CHECK_MSG("xmlDesc in virNetworkCreateXML must not be NULL");
    CHECK(virNetworkGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK);
    CHECK_MSG("invalid network pointer in virNetworkGetName");
}

static void test_read_only(void) {
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(ro != NULL);
    if (!ro)
        return;
    CHECK(virNetworkDefineXML(ro, net2_xml) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_NETWORK);
    CHECK_MSG("operation forbidden: read only access prevents virNetworkDefineXML");
    virNetworkPtr n = virNetworkLookupByName(ro, "default");
    CHECK(n != NULL);
    if (n) {
        CHECK_INT(virNetworkDestroy(n), -1);
        CHECK_MSG("operation forbidden: read only access prevents virNetworkDestroy");
        CHECK_INT(virNetworkSetAutostart(n, 1), -1);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_NETWORK);
        CHECK_INT(virNetworkUpdate(n, VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, VIR_NETWORK_SECTION_DNS_TXT, -1,
                                   "<txt name='x' value='y'/>", 0), -1);
        CHECK_MSG("operation forbidden: read only access prevents virNetworkUpdate");
        CHECK_INT(virNetworkIsActive(n), 1);
        virNetworkFree(n);
    }
    virConnectClose(ro);
}

int main(void) {
    check_begin("t_network");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_network");
    test_default(c);
    test_lifecycle(c);
    test_bad_input(c);
    test_read_only();
    virConnectClose(c);
    return check_end("t_network");
}
