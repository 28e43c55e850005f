/* Domains on test:///default: lookup, lifecycle, inspection, errors. */
#include "check.h"
#include <unistd.h>

static const char *xml_a =
    "<domain type='test'>"
    "<name>alpha</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-444444444444</uuid>"
    "<memory unit='MiB'>256</memory>"
    "<currentMemory unit='KiB'>131072</currentMemory>"
    "<vcpu current='1'>4</vcpu>"
    "<os><type arch='i686'>hvm</type><boot dev='hd'/></os>"
    "<devices>"
    "<interface type='network'><source network='default'/></interface>"
    "<graphics type='vnc' port='-1' autoport='yes'/>"
    "</devices>"
    "</domain>";

static int state_of(virDomainPtr d, int *reason) {
    int st = -1;
    if (virDomainGetState(d, &st, reason, 0) < 0)
        return -1;
    return st;
}

static int count_all(virConnectPtr c, unsigned int flags) {
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(c, &doms, flags);
    for (int i = 0; i < n; i++)
        virDomainFree(doms[i]);
    free(doms);
    return n;
}

int main(void) {
    check_begin("t_domain");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);

    /* The default domain. */
    virDomainPtr t = virDomainLookupByName(c, "test");
    CHECK(t != NULL);
    CHECK_STR(virDomainGetName(t), "test");
    CHECK_INT(virDomainGetID(t), 1);
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    CHECK_INT(virDomainGetUUIDString(t, uuidstr), 0);
    CHECK_STR(uuidstr, "6695eb01-f6a4-8304-79aa-97f2502e193f");
    unsigned char raw[VIR_UUID_BUFLEN];
    CHECK_INT(virDomainGetUUID(t, raw), 0);
    CHECK_INT(raw[0], 0x66);
    CHECK_INT(raw[15], 0x3f);
    virDomainInfo info;
    CHECK_INT(virDomainGetInfo(t, &info), 0);
    CHECK_INT(info.state, VIR_DOMAIN_RUNNING);
    int start_reason = -1;
    CHECK_INT(virDomainGetState(t, NULL, &start_reason, 0), -1); /* state is required */
    CHECK_INT(state_of(t, &start_reason), VIR_DOMAIN_RUNNING);
    CHECK_INT(start_reason, VIR_DOMAIN_RUNNING_UNKNOWN);
    CHECK_INT(info.maxMem, 8388608);
    CHECK_INT(info.memory, 2097152);
    CHECK_INT(info.nrVirtCpu, 2);
    CHECK(info.cpuTime > 0);
    char *os = virDomainGetOSType(t);
    CHECK_STR(os, "linux");
    free(os);
    CHECK_INT(virDomainGetMaxMemory(t), 8388608);
    CHECK_INT(virDomainGetMaxVcpus(t), 2);
    CHECK_INT(virDomainIsActive(t), 1);
    CHECK_INT(virDomainIsPersistent(t), 1);
    CHECK_INT(virDomainIsUpdated(t), 0);
    int autostart = -1;
    CHECK_INT(virDomainGetAutostart(t, &autostart), 0);
    CHECK_INT(autostart, 0);
    CHECK(virDomainGetConnect(t) == c);

    /* Lookups by id, UUID and UUID string give the same domain. */
    virDomainPtr t2 = virDomainLookupByID(c, 1);
    CHECK(t2 && strcmp(virDomainGetName(t2), "test") == 0);
    virDomainFree(t2);
    t2 = virDomainLookupByUUID(c, raw);
    CHECK(t2 && strcmp(virDomainGetName(t2), "test") == 0);
    virDomainFree(t2);
    t2 = virDomainLookupByUUIDString(c, "6695EB01F6A4830479AA97F2502E193F");
    CHECK(t2 && strcmp(virDomainGetName(t2), "test") == 0);
    virDomainFree(t2);
    CHECK(virDomainLookupByName(c, "nope") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    CHECK_MSG("Domain not found");
    CHECK(virDomainLookupByID(c, 99) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    CHECK_MSG("Domain not found");
    CHECK(virDomainLookupByUUIDString(c, "00000000-0000-0000-0000-000000000001") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    CHECK_MSG("Domain not found");
    CHECK(virDomainLookupByUUIDString(c, "not-a-uuid") == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK(virDomainLookupByName(c, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("name in virDomainLookupByName must not be NULL");

    /* Listing. */
    CHECK_INT(virConnectNumOfDomains(c), 1);
    CHECK_INT(virConnectNumOfDefinedDomains(c), 0);
    int ids[8];
    CHECK_INT(virConnectListDomains(c, ids, 8), 1);
    CHECK_INT(ids[0], 1);
    CHECK_INT(count_all(c, 0), 1);
    CHECK_INT(virConnectListAllDomains(c, NULL, 0), 1);

    /* Define: persistent, inactive. */
    virDomainPtr a = virDomainDefineXML(c, xml_a);
    CHECK(a != NULL);
    CHECK_INT(virDomainGetID(a), (unsigned int)-1);
    CHECK_INT(virDomainIsActive(a), 0);
    CHECK_INT(virDomainIsPersistent(a), 1);
    int reason = -1;
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_UNKNOWN);
    CHECK_INT(virDomainGetInfo(a, &info), 0);
    CHECK_INT(info.maxMem, 262144);
    CHECK_INT(info.memory, 131072);
    CHECK_INT(info.nrVirtCpu, 1);
    CHECK_INT(virDomainGetMaxVcpus(a), -1); /* inactive: no live vcpu maximum */
    CHECK_INT(virDomainGetVcpusFlags(a, VIR_DOMAIN_AFFECT_CONFIG | VIR_DOMAIN_VCPU_MAXIMUM), 4);
    CHECK_INT(virDomainGetVcpusFlags(a, VIR_DOMAIN_AFFECT_CONFIG), 1);
    CHECK_INT(virConnectNumOfDefinedDomains(c), 1);
    char *names[4] = {0};
    CHECK_INT(virConnectListDefinedDomains(c, names, 4), 1);
    CHECK_STR(names[0], "alpha");
    free(names[0]);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_INACTIVE), 1);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_ACTIVE), 1);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_PERSISTENT), 2);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_TRANSIENT), 0);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_SHUTOFF), 1);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_SHUTOFF), 2);
    CHECK_INT(virConnectListAllDomains(c, NULL, 1u << 30), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x40000000) in function testConnectListAllDomains");

    /* XML keeps what was defined and fills in a MAC address. */
    char *xml = virDomainGetXMLDesc(a, 0);
    CHECK(xml && strstr(xml, "<name>alpha</name>"));
    CHECK(xml && strstr(xml, "<uuid>aaaaaaaa-1111-2222-3333-444444444444</uuid>"));
    CHECK(xml && strstr(xml, "<memory unit='KiB'>262144</memory>"));
    CHECK(xml && strstr(xml, "<mac address='52:54:00:"));
    CHECK(xml && strstr(xml, "<vcpu placement='static' current='1'>4</vcpu>"));
    /* Redefining from the dumped XML is accepted and changes nothing. */
    virDomainPtr again = virDomainDefineXML(c, xml);
    CHECK(again != NULL);
    char *xml2 = virDomainGetXMLDesc(again, 0);
    CHECK(xml && xml2 && strcmp(xml, xml2) == 0);
    free(xml);
    free(xml2);
    virDomainFree(again);

    /* Duplicates, bad XML and bad names are refused; nothing changes. */
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>test</name><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation failed: domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>beta</name><uuid>aaaaaaaa-1111-2222-3333-444444444444</uuid><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation failed: domain 'alpha' is already defined with uuid aaaaaaaa-1111-2222-3333-444444444444");
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>broken</name") == NULL);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN);
    CHECK(virDomainDefineXML(c, "<domain type='test'><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_NO_NAME, VIR_FROM_DOMAIN);
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>a/b</name><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN);
    CHECK(virDomainDefineXML(c, "<domain type='test'><name>u</name><uuid>zz</uuid><memory>1024</memory><os><type>hvm</type></os></domain>") == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN);
    CHECK(virDomainDefineXML(c, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("xml in virDomainDefineXML must not be NULL");
    CHECK_INT(virConnectNumOfDefinedDomains(c), 1);
    CHECK_INT(virConnectNumOfDomains(c), 1);

    /* Start, suspend, resume, shutdown. Ids are never reused. */
    CHECK_INT(virDomainCreate(a), 0);
    CHECK_INT(virDomainGetID(a), 2);
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_RUNNING);
    CHECK_INT(reason, VIR_DOMAIN_RUNNING_BOOTED);
    CHECK_INT(virDomainCreate(a), -1);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
    CHECK_MSG("internal error: Domain 'alpha' is already running");
    CHECK_INT(virDomainGetMaxVcpus(a), 4);
    CHECK_INT(virDomainSuspend(a), 0);
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_PAUSED);
    CHECK_INT(reason, VIR_DOMAIN_PAUSED_USER);
    CHECK_INT(virDomainSuspend(a), -1);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
    CHECK_MSG("internal error: domain 'alpha' not running");
    CHECK_INT(virDomainResume(a), 0);
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_RUNNING);
    CHECK_INT(reason, VIR_DOMAIN_RUNNING_UNPAUSED);
    CHECK_INT(virDomainResume(a), -1);
    CHECK_MSG("internal error: domain 'alpha' not paused");
    CHECK_INT(virDomainReboot(a, 0), 0);
    CHECK_INT(virDomainReset(a, 0), 0);
    CHECK_INT(virDomainShutdown(a), 0);
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_SHUTDOWN);
    /* The handle's id follows the shutdown. libvirt's own remote client leaves it stale
     * (still 2) because its remote driver does not refresh handles; ours does. */
    if (strcmp(test_uri(), "test:///default") == 0)
        CHECK_INT(virDomainGetID(a), (unsigned int)-1);
    else
        CHECK(virDomainGetID(a) == (unsigned int)-1 || virDomainGetID(a) == 2);
    CHECK_INT(virDomainShutdown(a), -1);
    CHECK_INT(virDomainCreateWithFlags(a, VIR_DOMAIN_START_PAUSED), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testDomainCreateWithFlags");
    CHECK_INT(virDomainCreateWithFlags(a, 0), 0);
    CHECK_INT(virDomainGetID(a), 3);
    CHECK_INT(state_of(a, NULL), VIR_DOMAIN_RUNNING);
    CHECK_INT(virDomainDestroy(a), 0);
    CHECK_INT(state_of(a, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_DESTROYED);
    CHECK_INT(virDomainDestroy(a), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: domain is not running");

    /* Memory and vCPUs. */
    CHECK_INT(virDomainSetMaxMemory(a, 524288), 0);
    CHECK_INT(virDomainGetMaxMemory(a), 524288);
    CHECK_INT(virDomainSetMemoryFlags(a, 200000, VIR_DOMAIN_AFFECT_CONFIG), 0);
    CHECK_INT(virDomainGetInfo(a, &info), 0);
    CHECK_INT(info.memory, 200000);
    CHECK_INT(virDomainSetMemoryFlags(a, 9999999, VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_INT(virDomainSetMaxMemory(a, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetVcpusFlags(a, 2, VIR_DOMAIN_AFFECT_CONFIG), 0);
    CHECK_INT(virDomainGetVcpusFlags(a, VIR_DOMAIN_AFFECT_CONFIG), 2);
    CHECK_INT(virDomainSetVcpusFlags(a, 64, VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_INT(virDomainSetVcpus(a, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetMemory(t, 1048576), 0);
    CHECK_INT(virDomainGetInfo(t, &info), 0);
    CHECK_INT(info.memory, 1048576);
    CHECK_INT(virDomainSetMemory(t, 99999999), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: cannot set memory higher than max memory");
    CHECK_INT(virDomainSetMaxMemory(t, 1000), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);

    /* Autostart. */
    CHECK_INT(virDomainSetAutostart(a, 1), 0);
    CHECK_INT(virDomainGetAutostart(a, &autostart), 0);
    CHECK_INT(autostart, 1);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_AUTOSTART), 1);
    CHECK_INT(virDomainSetAutostart(a, 0), 0);

    /* Transient domains: created running, gone once destroyed. */
    virDomainPtr tr = virDomainCreateXML(c,
        "<domain type='test'><name>gamma</name><memory>65536</memory><os><type>hvm</type></os></domain>", 0);
    CHECK(tr != NULL);
    CHECK_INT(virDomainGetID(tr), 4);
    CHECK_INT(virDomainIsPersistent(tr), 0);
    CHECK_INT(count_all(c, VIR_CONNECT_LIST_DOMAINS_TRANSIENT), 1);
    CHECK_INT(virDomainDestroy(tr), 0);
    CHECK(virDomainLookupByName(c, "gamma") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    CHECK_INT(virDomainIsActive(tr), -1);
    virDomainFree(tr);

    /* Save and restore. */
    char path[] = "/tmp/t_domain_saveXXXXXX";
    int fd = mkstemp(path);
    close(fd);
    CHECK_INT(virDomainSave(t, path), 0);
    CHECK_INT(state_of(t, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_SAVED);
    CHECK_INT(virDomainRestore(c, path), 0);
    virDomainPtr tr2 = virDomainLookupByName(c, "test");
    CHECK_INT(state_of(tr2, &reason), VIR_DOMAIN_RUNNING);
    CHECK_INT(reason, VIR_DOMAIN_RUNNING_RESTORED);
    CHECK_INT(virDomainGetID(tr2), 5);
    virDomainFree(tr2);
    CHECK_INT(virDomainRestore(c, "/nonexistent/file"), -1);
    CHECK(virGetLastError() != NULL);
    unlink(path);

    /* Undefine: the inactive domain disappears; its handle then reports an error. */
    CHECK_INT(virDomainUndefine(a), 0);
    CHECK(virDomainLookupByName(c, "alpha") == NULL);
    CHECK_INT(virDomainGetInfo(a, &info), -1);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    CHECK_MSG("Domain not found: no domain with matching uuid 'aaaaaaaa-1111-2222-3333-444444444444' (alpha)");
    CHECK_INT(virDomainFree(a), 0);

    /* Undefining a running persistent domain makes it transient. */
    CHECK_INT(virDomainUndefineFlags(t, 1u << 20), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x100000) in function testDomainUndefineFlags");
    CHECK_INT(virDomainUndefine(t), 0);
    CHECK_INT(virDomainIsPersistent(t), 0);
    CHECK_INT(virDomainIsActive(t), 1);

    /* Invalid domain handles. */
    CHECK_INT(virDomainGetInfo(NULL, &info), -1);
    CHECK_ERR(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM);
    CHECK_MSG("invalid domain pointer in virDomainGetInfo");
    CHECK(virDomainGetName(NULL) == NULL);
    CHECK_INT(virDomainGetID(NULL), (unsigned int)-1);
    CHECK_INT(virDomainFree(NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM);
    CHECK_INT(virDomainGetInfo(t, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("info in virDomainGetInfo must not be NULL");

    /* Domain refcounts. */
    CHECK_INT(virDomainRef(t), 0);
    CHECK_INT(virDomainFree(t), 0);
    CHECK_INT(virDomainFree(t), 0);
    CHECK_INT(virConnectClose(c), 0);

    /* test:///default state is shared by connections of one process. */
    virConnectPtr c1 = virConnectOpen(test_uri());
    virConnectPtr c2 = virConnectOpen(test_uri());
    virDomainPtr s = virDomainDefineXML(c1, "<domain type='test'><name>shared</name><memory>65536</memory><os><type>hvm</type></os></domain>");
    CHECK(s != NULL);
    virDomainPtr s2 = virDomainLookupByName(c2, "shared");
    CHECK(s2 != NULL);
    virDomainFree(s);
    virDomainFree(s2);
    virConnectClose(c1);
    virConnectClose(c2);

    return check_end("t_domain");
}
