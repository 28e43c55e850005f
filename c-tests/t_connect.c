/* Connections and host queries on test:///default, plus a custom node file. */
#include "check.h"
#include <fcntl.h>
#include <unistd.h>

static const char *node_xml =
    "<node>\n"
    "  <cpu>\n"
    "    <mhz>2000</mhz>\n"
    "    <model>x86_64</model>\n"
    "    <nodes>1</nodes>\n"
    "    <sockets>1</sockets>\n"
    "    <cores>4</cores>\n"
    "    <threads>1</threads>\n"
    "    <active>4</active>\n"
    "  </cpu>\n"
    "  <memory>4194304</memory>\n"
    "  <domain type='test'>\n"
    "    <name>fileguest</name>\n"
    "    <uuid>0f9eb8c5-7a05-4b6b-8fa2-5a2b4a0b3c11</uuid>\n"
    "    <memory>65536</memory>\n"
    "    <vcpu>1</vcpu>\n"
    "    <os><type>hvm</type></os>\n"
    "  </domain>\n"
    "  <network><name>filenet</name><uuid>11111111-2222-3333-4444-555555555551</uuid>"
    "<bridge name='brfile'/><ip address='10.0.0.1' netmask='255.255.255.0'/></network>\n"
    "  <pool type='dir'><name>filepool</name><uuid>11111111-2222-3333-4444-555555555552</uuid>"
    "<target><path>/filepool</path></target>\n"
    "    <volume><name>a.img</name><capacity>1000</capacity><allocation>500</allocation></volume>\n"
    "    <volume file='%s'/>\n"
    "  </pool>\n"
    "</node>\n";

/* A volume the node file references by a path relative to its own directory. */
static const char *vol_xml =
    "<volume><name>ext.img</name><capacity unit='M'>10</capacity><allocation unit='M'>3</allocation></volume>\n";

int main(void) {
    check_begin("t_connect");
    unsigned long ver = 0, libver = 0, typever = 0;

    CHECK_INT(virGetVersion(&libver, NULL, &typever), 0);
    CHECK_INT(libver, 9000000);
    CHECK_INT(typever, 9000000);
    CHECK_INT(virGetVersion(NULL, NULL, NULL), -1);
    CHECK_INT(LIBVIR_VERSION_NUMBER, 9000000);
    CHECK(LIBVIR_CHECK_VERSION(9, 0, 0));
    CHECK(!LIBVIR_CHECK_VERSION(9, 0, 1));

    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    CHECK_STR(virConnectGetType(c), "TEST");
    CHECK_INT(virConnectGetVersion(c, &ver), 0);
    CHECK_INT(ver, 2);
    CHECK_INT(virConnectGetLibVersion(c, &libver), 0);
    CHECK_INT(libver, 9000000);
    CHECK_INT(virConnectGetVersion(c, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("hvVer in virConnectGetVersion must not be NULL");

    char host[256] = "";
    gethostname(host, sizeof(host));
    char *h = virConnectGetHostname(c);
    CHECK_STR(h, host);
    free(h);
    char *uri = virConnectGetURI(c);
    CHECK_STR(uri, test_uri());
    free(uri);
    char *caps = virConnectGetCapabilities(c);
    CHECK(caps && strstr(caps, "<capabilities>") && strstr(caps, "</capabilities>"));
    CHECK(caps && strstr(caps, "<os_type>hvm</os_type>"));
    free(caps);
    CHECK_INT(virConnectGetMaxVcpus(c, NULL), 32);
    CHECK_INT(virConnectIsAlive(c), 1);
    /* Local and UNIX-socket connections are secure; plain TCP is not. */
    CHECK_INT(virConnectIsSecure(c), strstr(test_uri(), "+tcp://") ? 0 : 1);
    CHECK_INT(virConnectIsEncrypted(c), 0);

    virNodeInfo ni;
    memset(&ni, 0xff, sizeof(ni));
    CHECK_INT(virNodeGetInfo(c, &ni), 0);
    CHECK_STR(ni.model, "i686");
    CHECK_INT(ni.memory, 3145728);
    CHECK_INT(ni.cpus, 16);
    CHECK_INT(ni.mhz, 1400);
    CHECK_INT(ni.nodes, 2);
    CHECK_INT(ni.sockets, 2);
    CHECK_INT(ni.cores, 2);
    CHECK_INT(ni.threads, 2);
    CHECK_INT(virNodeGetInfo(c, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);

    CHECK_INT(virNodeGetFreeMemory(c), 3145728);
    unsigned long long cells[4] = {0};
    CHECK_INT(virNodeGetCellsFreeMemory(c, cells, 0, 4), 2);
    CHECK_INT(cells[0], 2097152);
    CHECK_INT(cells[1], 4194304);
    CHECK_INT(virNodeGetCellsFreeMemory(c, cells, 1, 4), 1);
    CHECK_INT(cells[0], 4194304);
    CHECK_INT(virNodeGetCellsFreeMemory(c, cells, 2, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: Range exceeds available cells");

    /* Reference counting: every Ref needs a Close; domain handles hold a reference. */
    CHECK_INT(virConnectRef(c), 0);
    CHECK_INT(virConnectRef(c), 0);
    CHECK_INT(virConnectClose(c), 1); /* 1, not the 2 references left */
    CHECK_INT(virConnectClose(c), 1);
    virDomainPtr d = virDomainLookupByName(c, "test");
    CHECK(d != NULL);
    CHECK_INT(virConnectClose(c), 1); /* the domain still holds the connection */
    CHECK_STR(virConnectGetType(virDomainGetConnect(d)), "TEST");
    CHECK_INT(virDomainFree(d), 0); /* last reference: the connection goes too */

    /* Invalid handles are reported, not dereferenced. */
    CHECK(virConnectGetType(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid connection pointer in virConnectGetType");
    CHECK_INT(virConnectClose(NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_NONE);
    CHECK_INT(virNodeGetInfo(NULL, &ni), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK_INT(virNodeGetFreeMemory(NULL), 0);

    /* The default URI comes from LIBVIRT_DEFAULT_URI. */
    setenv("LIBVIRT_DEFAULT_URI", test_uri(), 1);
    c = virConnectOpen(NULL);
    CHECK(c != NULL);
    uri = virConnectGetURI(c);
    CHECK_STR(uri, test_uri());
    free(uri);
    CHECK_INT(virConnectClose(c), 0);
    unsetenv("LIBVIRT_DEFAULT_URI");

    /* Read-only connections refuse changes with libvirt's error. */
    c = virConnectOpenReadOnly(test_uri());
    CHECK(c != NULL);
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>ro</name><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation forbidden: read only access prevents virDomainDefineXML");
    d = virDomainLookupByName(c, "test");
    CHECK_INT(virDomainSuspend(d), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation forbidden: read only access prevents virDomainSuspend");
    CHECK(virDomainGetXMLDesc(d, VIR_DOMAIN_XML_SECURE) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    char *xml = virDomainGetXMLDesc(d, 0);
    CHECK(xml && strstr(xml, "<name>test</name>"));
    free(xml);
    virDomainFree(d);
    CHECK_INT(virConnectClose(c), 0);

    /* virConnectOpenAuth with the RO flag; bad flags are refused. */
    c = virConnectOpenAuth(test_uri(), NULL, VIR_CONNECT_RO);
    CHECK(c != NULL);
    CHECK_INT(virDomainDestroy(virDomainLookupByName(c, "test")), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    virConnectClose(c);

    /* Unknown and broken URIs fail to open. */
    CHECK(virConnectOpen("test:///nonexistent/node.xml") == NULL);
    CHECK(virGetLastError() != NULL);

    /* A custom node description file, referring to a volume file beside it. */
    char volpath[] = "/tmp/t_connect_volXXXXXX";
    int fd = mkstemp(volpath);
    CHECK(fd >= 0);
    CHECK(write(fd, vol_xml, strlen(vol_xml)) == (ssize_t)strlen(vol_xml));
    close(fd);
    char node_text[2048];
    snprintf(node_text, sizeof(node_text), node_xml, volpath + strlen("/tmp/"));
    char path[] = "/tmp/t_connect_nodeXXXXXX";
    fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, node_text, strlen(node_text)) == (ssize_t)strlen(node_text));
    close(fd);
    /* The same URI with the node file's path in place of /default (in process or remote). */
    char custom[600];
    const char *base = test_uri(), *def = strstr(base, "/default");
    snprintf(custom, sizeof(custom), "%.*s%s%s", (int)(def - base), base, path, def + strlen("/default"));
    c = virConnectOpen(custom);
    CHECK(c != NULL);
    CHECK_INT(virNodeGetInfo(c, &ni), 0);
    CHECK_STR(ni.model, "x86_64");
    CHECK_INT(ni.mhz, 2000);
    CHECK_INT(ni.cpus, 4);
    CHECK_INT(ni.cores, 4);
    CHECK_INT(ni.memory, 4194304);
    d = virDomainLookupByName(c, "fileguest");
    CHECK(d != NULL);
    CHECK_INT(virDomainIsActive(d), 1);
    CHECK(virDomainLookupByName(c, "test") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    virDomainFree(d);

    /* The file's network and pool run from the start; the pool holds both volumes. */
    virNetworkPtr net = virNetworkLookupByName(c, "filenet");
    CHECK(net != NULL);
    CHECK_INT(virNetworkIsActive(net), 1);
    CHECK_INT(virNetworkIsPersistent(net), 1);
    char *bridge = virNetworkGetBridgeName(net);
    CHECK_STR(bridge, "brfile");
    free(bridge);
    CHECK(virNetworkLookupByName(c, "default") == NULL);
    CHECK_ERR(VIR_ERR_NO_NETWORK, VIR_FROM_TEST);
    virNetworkFree(net);
    virStoragePoolPtr pool = virStoragePoolLookupByName(c, "filepool");
    CHECK(pool != NULL);
    CHECK_INT(virStoragePoolIsActive(pool), 1);
    CHECK_INT(virStoragePoolNumOfVolumes(pool), 2);
    virStoragePoolInfo pi;
    CHECK_INT(virStoragePoolGetInfo(pool, &pi), 0);
    CHECK(pi.capacity == 107374182400ULL);
    CHECK(pi.allocation == 500 + 3145728);
    virStorageVolPtr vol = virStorageVolLookupByName(pool, "ext.img");
    CHECK(vol != NULL);
    virStorageVolInfo vi;
    CHECK_INT(virStorageVolGetInfo(vol, &vi), 0);
    CHECK(vi.capacity == 10485760 && vi.allocation == 3145728);
    char *vp = virStorageVolGetPath(vol);
    CHECK_STR(vp, "/filepool/ext.img");
    free(vp);
    virStorageVolFree(vol);
    vol = virStorageVolLookupByPath(c, "/filepool/a.img");
    CHECK(vol != NULL);
    CHECK_STR(virStorageVolGetName(vol), "a.img");
    virStorageVolFree(vol);
    virStoragePoolFree(pool);
    CHECK_INT(virConnectClose(c), 0);
    unlink(path);

    /* Two networks of one name in a node file: the connection fails, as libvirt's. */
    static const char *dup_xml = "<node><network><name>n1</name></network>"
                                 "<network><name>n1</name></network></node>";
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, dup_xml, strlen(dup_xml)) == (ssize_t)strlen(dup_xml));
    close(fd);
    CHECK(virConnectOpen(custom) == NULL);
    if (strncmp(custom, "test:", 5) == 0)
        CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_NETWORK);
    unlink(path);
    unlink(volpath);

    return check_end("t_connect");
}
