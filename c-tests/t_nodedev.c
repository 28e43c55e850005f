/* Host devices of the test driver, as libvirt 9.0.0's test driver gives them: the four
 * devices of test:///default, lookups and lists by capability, their XML, parents and
 * capabilities, vHBA creation under an fc_host and its destruction, the calls the test
 * driver does not serve, bad input and read-only refusal. Leaves the devices as found. */
#include "check.h"

static const char *xml_computer =
    "<device>\n"
    "  <name>computer</name>\n"
    "  <capability type='system'>\n"
    "    <hardware>\n"
    "      <vendor>Libvirt</vendor>\n"
    "      <version>Test driver</version>\n"
    "      <serial>123456</serial>\n"
    "      <uuid>11111111-2222-3333-4444-555555555555</uuid>\n"
    "    </hardware>\n"
    "    <firmware>\n"
    "      <vendor>Libvirt</vendor>\n"
    "      <version>Test Driver</version>\n"
    "      <release_date>01/22/2007</release_date>\n"
    "    </firmware>\n"
    "  </capability>\n"
    "</device>\n";

static const char *xml_scsi_host2 =
    "<device>\n"
    "  <name>scsi_host2</name>\n"
    "  <parent>computer</parent>\n"
    "  <capability type='scsi_host'>\n"
    "    <host>2</host>\n"
    "    <unique_id>1</unique_id>\n"
    "    <capability type='fc_host'>\n"
    "      <wwnn>2000000056785678</wwnn>\n"
    "      <wwpn>1000000056785678</wwpn>\n"
    "      <fabric_wwn>2000000087658765</fabric_wwn>\n"
    "    </capability>\n"
    "    <capability type='vport_ops'>\n"
    "      <max_vports>0</max_vports>\n"
    "      <vports>0</vports>\n"
    "    </capability>\n"
    "  </capability>\n"
    "</device>\n";

static const char *xml_scsi_host11 =
    "<device>\n"
    "  <name>scsi_host11</name>\n"
    "  <parent>scsi_host1</parent>\n"
    "  <capability type='scsi_host'>\n"
    "    <host>11</host>\n"
    "    <unique_id>10</unique_id>\n"
    "    <capability type='fc_host'>\n"
    "      <wwnn>2000000034563456</wwnn>\n"
    "      <wwpn>1000000034563456</wwpn>\n"
    "      <fabric_wwn>2000000043214321</fabric_wwn>\n"
    "    </capability>\n"
    "  </capability>\n"
    "</device>\n";

static const char *vhba_new =
    "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>"
    "<wwnn>2001001b32a9da5e</wwnn><wwpn>2101001b32a9da5e</wwpn></capability></capability></device>";

static const char *xml_vhba =
    "<device>\n"
    "  <name>scsi_host12</name>\n"
    "  <parent>scsi_host1</parent>\n"
    "  <capability type='scsi_host'>\n"
    "    <host>11</host>\n"
    "    <unique_id>10</unique_id>\n"
    "    <capability type='fc_host'>\n"
    "      <wwnn>2001001b32a9da5e</wwnn>\n"
    "      <wwpn>2101001b32a9da5e</wwpn>\n"
    "      <fabric_wwn>2000000043214321</fabric_wwn>\n"
    "    </capability>\n"
    "  </capability>\n"
    "</device>\n";

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names of the devices of capability `cap` (NULL: all), sorted and joined by spaces. */
static void list_names(virConnectPtr conn, const char *cap, char *out, size_t len) {
    char *names[16];
    int n = virNodeListDevices(conn, cap, names, 16, 0), i;
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

/* The same through virConnectListAllNodeDevices with `flags`. */
static int list_all(virConnectPtr conn, unsigned int flags, char *out, size_t len) {
    virNodeDevicePtr *devs = NULL;
    const char *names[16];
    int n = virConnectListAllNodeDevices(conn, &devs, flags), i;
    out[0] = 0;
    if (n < 0)
        return n;
    for (i = 0; i < n && i < 16; i++)
        names[i] = virNodeDeviceGetName(devs[i]);
    qsort(names, n, sizeof(names[0]), cmp_str);
    for (i = 0; i < n; i++) {
        if (i)
            strncat(out, " ", len - strlen(out) - 1);
        strncat(out, names[i], len - strlen(out) - 1);
    }
    CHECK(devs[n] == NULL);
    for (i = 0; i < n; i++)
        virNodeDeviceFree(devs[i]);
    free(devs);
    return n;
}

static void check_xml(virNodeDevicePtr dev, const char *expected) {
    char *xml = virNodeDeviceGetXMLDesc(dev, 0);
    CHECK_STR(xml, expected);
    free(xml);
}

static void check_unsupported(int ret, const char *api) {
    char msg[256];
    CHECK_INT(ret, -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_NODEDEV);
    snprintf(msg, sizeof(msg), "this function is not supported by the connection driver: %s", api);
    CHECK_MSG(msg);
}

/* virNodeDeviceCreateXML(xml) fails with exactly this error. */
static void check_create_fails(virConnectPtr conn, const char *xml, unsigned int flags, int code, int domain, const char *msg) {
    virNodeDevicePtr d = virNodeDeviceCreateXML(conn, xml, flags);
    CHECK(d == NULL);
    CHECK_ERR(code, domain);
    CHECK_MSG(msg);
    if (d) {
        virNodeDeviceDestroy(d);
        virNodeDeviceFree(d);
    }
}

int main(void) {
    char buf[512], *names[4];
    virConnectPtr conn, ro;
    virNodeDevicePtr computer, host1, host11, host2, vhba, again, d;
    const char *p1, *p2;
    check_begin("t_nodedev");
    conn = virConnectOpen(test_uri());
    ro = virConnectOpenReadOnly(test_uri());
    if (!conn || !ro) {
        fprintf(stderr, "cannot open %s\n", test_uri());
        return 1;
    }

    /* Counts and lists, by capability. */
    CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 4);
    CHECK_INT(virNodeNumOfDevices(conn, "system", 0), 1);
    CHECK_INT(virNodeNumOfDevices(conn, "scsi_host", 0), 3);
    CHECK_INT(virNodeNumOfDevices(conn, "fc_host", 0), 3);
    CHECK_INT(virNodeNumOfDevices(conn, "vports", 0), 2);
    CHECK_INT(virNodeNumOfDevices(conn, "pci", 0), 0);
    CHECK_INT(virNodeNumOfDevices(conn, "bogus", 0), 0);
    CHECK_INT(virNodeNumOfDevices(conn, NULL, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testNodeNumOfDevices");
    list_names(conn, NULL, buf, sizeof(buf));
    CHECK_STR(buf, "computer scsi_host1 scsi_host11 scsi_host2");
    list_names(conn, "vports", buf, sizeof(buf));
    CHECK_STR(buf, "scsi_host1 scsi_host2");
    list_names(conn, "system", buf, sizeof(buf));
    CHECK_STR(buf, "computer");
    CHECK_INT(virNodeListDevices(conn, NULL, names, 2, 0), 2);
    free(names[0]);
    free(names[1]);
    CHECK_INT(virNodeListDevices(conn, NULL, names, 0, 0), 0);
    CHECK_INT(virNodeListDevices(conn, NULL, names, -1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);
    CHECK_MSG("maxnames in virNodeListDevices must be zero or greater");
    CHECK_INT(virNodeListDevices(conn, NULL, names, 4, 2), -1);
    CHECK_MSG("unsupported flags (0x2) in function testNodeListDevices");

    CHECK_INT(list_all(conn, 0, buf, sizeof(buf)), 4);
    CHECK_STR(buf, "computer scsi_host1 scsi_host11 scsi_host2");
    CHECK_INT(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM, buf, sizeof(buf)), 1);
    CHECK_STR(buf, "computer");
    CHECK_INT(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_FC_HOST, buf, sizeof(buf)), 3);
    CHECK_STR(buf, "scsi_host1 scsi_host11 scsi_host2");
    CHECK_INT(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS, buf, sizeof(buf)), 2);
    CHECK_STR(buf, "scsi_host1 scsi_host2");
    CHECK_INT(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_SYSTEM | VIR_CONNECT_LIST_NODE_DEVICES_CAP_VPORTS, buf, sizeof(buf)), 3);
    CHECK_STR(buf, "computer scsi_host1 scsi_host2");
    CHECK_INT(list_all(conn, VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV, buf, sizeof(buf)), 0);
    CHECK_INT(virConnectListAllNodeDevices(conn, NULL, 0), 4);
    CHECK_INT(virConnectListAllNodeDevices(conn, NULL, VIR_CONNECT_LIST_NODE_DEVICES_ACTIVE), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x80000000) in function testConnectListAllNodeDevices");
    CHECK_INT(virConnectListAllNodeDevices(conn, NULL, 1 << 22), -1);
    CHECK_MSG("unsupported flags (0x400000) in function testConnectListAllNodeDevices");

    /* The devices themselves. */
    computer = virNodeDeviceLookupByName(conn, "computer");
    host1 = virNodeDeviceLookupByName(ro, "scsi_host1");
    host2 = virNodeDeviceLookupByName(conn, "scsi_host2");
    host11 = virNodeDeviceLookupByName(conn, "scsi_host11");
    CHECK(computer && host1 && host2 && host11);
    if (!computer || !host1 || !host2 || !host11)
        return check_end("t_nodedev");
    CHECK_STR(virNodeDeviceGetName(host11), "scsi_host11");
    check_xml(computer, xml_computer);
    check_xml(host2, xml_scsi_host2);
    check_xml(host11, xml_scsi_host11);
    CHECK(virNodeDeviceGetXMLDesc(host2, 1) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testNodeDeviceGetXMLDesc");
    CHECK(virNodeDeviceGetParent(computer) == NULL);
    p1 = virNodeDeviceGetParent(host11);
    p2 = virNodeDeviceGetParent(host11);
    CHECK_STR(p1, "scsi_host1");
    CHECK(p1 == p2);
    CHECK_STR(virNodeDeviceGetParent(host2), "computer");
    CHECK_INT(virNodeDeviceNumOfCaps(computer), 1);
    CHECK_INT(virNodeDeviceNumOfCaps(host1), 1);
    CHECK_INT(virNodeDeviceListCaps(host1, names, 4), 1);
    CHECK_STR(names[0], "scsi_host");
    free(names[0]);
    CHECK_INT(virNodeDeviceListCaps(computer, names, 4), 1);
    CHECK_STR(names[0], "system");
    free(names[0]);
    CHECK_INT(virNodeDeviceListCaps(computer, names, 0), 0);
    CHECK_INT(virNodeDeviceListCaps(computer, NULL, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);
    CHECK_MSG("names in virNodeDeviceListCaps must not be NULL");

    CHECK(virNodeDeviceLookupByName(conn, "bogus") == NULL);
    CHECK_ERR(VIR_ERR_NO_NODE_DEVICE, VIR_FROM_TEST);
    CHECK_MSG("Node device not found: no node device with matching name 'bogus'");
    CHECK(virNodeDeviceLookupByName(conn, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);
    CHECK_MSG("name in virNodeDeviceLookupByName must not be NULL");

    /* What the test driver does not serve. */
    check_unsupported(virNodeDeviceLookupSCSIHostByWWN(conn, "2000000012341234", "1000000012341234", 0) ? 0 : -1,
                      "virNodeDeviceLookupSCSIHostByWWN");
    check_unsupported(virNodeDeviceIsActive(host2), "virNodeDeviceIsActive");
    check_unsupported(virNodeDeviceIsPersistent(host2), "virNodeDeviceIsPersistent");
    {
        int autostart = -1;
        check_unsupported(virNodeDeviceGetAutostart(host2, &autostart), "virNodeDeviceGetAutostart");
    }
    check_unsupported(virNodeDeviceSetAutostart(host2, 1), "virNodeDeviceSetAutostart");
    check_unsupported(virNodeDeviceCreate(host2, 0), "virNodeDeviceCreate");
    check_unsupported(virNodeDeviceUndefine(host2, 0), "virNodeDeviceUndefine");
    check_unsupported(virNodeDeviceDefineXML(conn, vhba_new, 0) ? 0 : -1, "virNodeDeviceDefineXML");

    /* Read-only connections may not change devices. */
    CHECK(virNodeDeviceCreateXML(ro, vhba_new, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_NODEDEV);
    CHECK_MSG("operation forbidden: read only access prevents virNodeDeviceCreateXML");
    CHECK_INT(virNodeDeviceDestroy(host1), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_NODEDEV);
    CHECK_MSG("operation forbidden: read only access prevents virNodeDeviceDestroy");

    /* A vHBA on scsi_host1: the test driver's copy of scsi_host11 with the new WWNs. */
    vhba = virNodeDeviceCreateXML(conn, vhba_new, 0);
    CHECK(vhba != NULL);
    if (vhba) {
        CHECK_STR(virNodeDeviceGetName(vhba), "scsi_host12");
        check_xml(vhba, xml_vhba);
        CHECK_STR(virNodeDeviceGetParent(vhba), "scsi_host1");
        CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 5);
        CHECK_INT(virNodeNumOfDevices(conn, "fc_host", 0), 4);
        CHECK_INT(virNodeNumOfDevices(conn, "vports", 0), 2);
        /* A second one replaces the first (same name), with its own WWNs. */
        again = virNodeDeviceCreateXML(conn,
            "<device><parent fabric_wwn='2000000087658765'/><capability type='scsi_host'><capability type='fc_host'>"
            "<wwnn>aa</wwnn><wwpn>bb</wwpn></capability></capability></device>", 0);
        CHECK(again != NULL);
        if (again) {
            char *xml = virNodeDeviceGetXMLDesc(vhba, 0);
            CHECK(xml && strstr(xml, "<wwnn>aa</wwnn>") && strstr(xml, "<wwpn>bb</wwpn>"));
            free(xml);
            virNodeDeviceFree(again);
        }
        CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 5);
        CHECK_INT(virNodeDeviceDestroy(vhba), 0);
        CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 4);
        CHECK_INT(virNodeDeviceDestroy(vhba), -1);
        CHECK_ERR(VIR_ERR_NO_NODE_DEVICE, VIR_FROM_TEST);
        CHECK_MSG("Node device not found: no node device with matching name 'scsi_host12'");
        CHECK(virNodeDeviceGetXMLDesc(vhba, 0) == NULL);
        CHECK_ERR(VIR_ERR_NO_NODE_DEVICE, VIR_FROM_TEST);
        virNodeDeviceFree(vhba);
    }
    /* With no parent named, any vport-capable host will do. */
    d = virNodeDeviceCreateXML(conn,
        "<device><capability type='scsi_host'><capability type='fc_host'><wwnn>1</wwnn><wwpn>2</wwpn>"
        "</capability></capability></device>", 0);
    CHECK(d != NULL);
    if (d) {
        CHECK_STR(virNodeDeviceGetName(d), "scsi_host12");
        CHECK_INT(virNodeDeviceDestroy(d), 0);
        virNodeDeviceFree(d);
    }
    /* Destroying a device that is no FC host "succeeds" and changes nothing. */
    CHECK_INT(virNodeDeviceDestroy(computer), 0);
    CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 4);

    /* Bad definitions; nothing is created. */
    check_create_fails(conn, "<device", 0, VIR_ERR_XML_DETAIL, VIR_FROM_NODEDEV,
        "(node_device_definition):1: Couldn't find end of Start Tag device line 1\n<device\n-------^");
    check_create_fails(conn, "<foo/>", 0, VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: expecting root element of 'device', not 'foo'");
    check_create_fails(conn, "<device><name>x</name></device>", 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: no device capabilities for 'new device'");
    check_create_fails(conn, "<device><capability type='bogus'/></device>", 0, VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: Invalid value for attribute 'type' in element 'capability': 'bogus'.");
    check_create_fails(conn, "<device><capability/></device>", 0, VIR_ERR_XML_ERROR, VIR_FROM_XML,
        "XML error: Missing required attribute 'type' in element 'capability'");
    check_create_fails(conn, "<device><capability type='scsi_host'/></device>", 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: Device is not a fibre channel HBA");
    check_create_fails(conn, "<device><capability type='system'/></device>", 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: no system UUID supplied for 'new device'");
    check_create_fails(conn,
        "<device><capability type='scsi_host'><capability type='fc_host'><wwpn>1</wwpn></capability></capability></device>",
        0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: no WWNN supplied for 'new device', and auto-generation failed");
    check_create_fails(conn, "<device><capability type='scsi_host'><capability type='x'/></capability></device>",
        0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: unknown SCSI host capability type 'x' for 'new device'");
    check_create_fails(conn,
        "<device><parent>computer</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>1</wwnn>"
        "<wwpn>2</wwpn></capability></capability></device>", 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: Parent device computer is not capable of vport operations");
    check_create_fails(conn,
        "<device><parent>nope</parent><capability type='scsi_host'><capability type='fc_host'><wwnn>1</wwnn>"
        "<wwpn>2</wwpn></capability></capability></device>", 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: Could not find parent device for 'new device'");
    check_create_fails(conn,
        "<device><parent wwnn='2000000012341234'/><capability type='scsi_host'><capability type='fc_host'><wwnn>1</wwnn>"
        "<wwpn>2</wwpn></capability></capability></device>", 0, VIR_ERR_XML_ERROR, VIR_FROM_NODEDEV,
        "XML error: when providing parent wwnn='2000000012341234', the wwpn must also be provided");
    check_create_fails(conn,
        "<device><parent wwnn='2000000034563456' wwpn='1000000034563456'/><capability type='scsi_host'>"
        "<capability type='fc_host'><wwnn>1</wwnn><wwpn>2</wwpn></capability></capability></device>",
        0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_NODEDEV,
        "internal error: Could not find parent device for 'new device'");
    check_create_fails(conn, vhba_new, 2, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
        "unsupported flags (0x2) in function testNodeDeviceCreateXML");
    CHECK(virNodeDeviceCreateXML(conn, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);
    CHECK_MSG("xmlDesc in virNodeDeviceCreateXML must not be NULL");
    CHECK_INT(virNodeNumOfDevices(conn, NULL, 0), 4);

    /* Handles are checked by class. */
    CHECK(virNodeDeviceGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_NODE_DEVICE, VIR_FROM_NODEDEV);
    CHECK_MSG("invalid node device pointer in virNodeDeviceGetName");

    virNodeDeviceFree(computer);
    virNodeDeviceFree(host1);
    virNodeDeviceFree(host2);
    virNodeDeviceFree(host11);
    virConnectClose(ro);
    virConnectClose(conn);
    return check_end("t_nodedev");
}
