/* Domain tuning on the test driver, as libvirt 9.0.0's answers it: scheduler, memory, NUMA,
 * block I/O and interface parameters, block I/O throttling, vCPU and emulator pinning —
 * values, the two-step typed-parameter protocol, errors and read-only refusal. Works on a
 * transient domain of its own, destroyed at the end. */
#include "check.h"

static const char *xml =
    "<domain type='test'>"
    "<name>tuning-a</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-777777777771</uuid>"
    "<memory>65536</memory>"
    "<vcpu>2</vcpu>"
    "<os><type>hvm</type></os>"
    "<devices>"
    "<disk type='file' device='disk'><source file='/guest/tuning.img'/><target dev='vdb' bus='virtio'/></disk>"
    "<interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/></interface>"
    "</devices>"
    "</domain>";

static void param_ull(virTypedParameterPtr p, const char *name, unsigned long long v) {
    memset(p, 0, sizeof(*p));
    strcpy(p->field, name);
    p->type = VIR_TYPED_PARAM_ULLONG;
    p->value.ul = v;
}

static void param_uint(virTypedParameterPtr p, const char *name, unsigned int v) {
    memset(p, 0, sizeof(*p));
    strcpy(p->field, name);
    p->type = VIR_TYPED_PARAM_UINT;
    p->value.ui = v;
}

static int contains(const char *hay, const char *needle) {
    return hay && strstr(hay, needle) != NULL;
}

int main(void) {
    virConnectPtr c, ro;
    virDomainPtr d, dro;
    virTypedParameter p[32];
    int n;
    char *s;
    unsigned char maps[8];

    check_begin("t_domain_tuning");
    c = virConnectOpen(test_uri());
    ro = virConnectOpenReadOnly(test_uri());
    CHECK(c != NULL && ro != NULL);
    if (!c || !ro)
        return check_end("t_domain_tuning");
    d = virDomainCreateXML(c, xml, 0);
    CHECK(d != NULL);
    if (!d)
        return check_end("t_domain_tuning");
    dro = virDomainLookupByName(ro, "tuning-a");

    /* ---- scheduler ---- */
    n = -1;
    s = virDomainGetSchedulerType(d, &n);
    CHECK_STR(s, "fair");
    CHECK_INT(n, 1);
    free(s);
    n = 3;
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetSchedulerParameters(d, p, &n), 0);
    CHECK_INT(n, 1);
    CHECK_STR(p[0].field, "weight");
    CHECK_INT(p[0].type, VIR_TYPED_PARAM_UINT);
    CHECK_INT(p[0].value.ui, 50);
    n = 0;
    CHECK_INT(virDomainGetSchedulerParameters(d, p, &n), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("*nparams in virDomainGetSchedulerParameters must be greater than zero");
    /* The public API adds VIR_TYPED_PARAM_STRING_OKAY, which the test driver refuses. */
    n = 1;
    CHECK_INT(virDomainGetSchedulerParametersFlags(d, p, &n, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags");
    param_uint(&p[0], "weight", 10);
    CHECK_INT(virDomainSetSchedulerParameters(d, p, 1), 0);
    CHECK_INT(virDomainSetSchedulerParametersFlags(d, p, 1, VIR_DOMAIN_AFFECT_LIVE), -1);
    CHECK_MSG("unsupported flags (0x1) in function testDomainSetSchedulerParametersFlags");
    param_uint(&p[0], "cap", 10);
    CHECK_INT(virDomainSetSchedulerParameters(d, p, 1), -1);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE);
    CHECK_MSG("argument unsupported: parameter 'cap' not supported");
    param_uint(&p[0], "weight", 10);
    CHECK_INT(virDomainSetSchedulerParameters(dro, p, 1), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);

    /* ---- memory ---- */
    n = 0;
    CHECK_INT(virDomainGetMemoryParameters(d, NULL, &n, 0), 0);
    CHECK_INT(n, 3);
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetMemoryParameters(d, p, &n, 0), 0);
    CHECK_INT(n, 3);
    CHECK_STR(p[0].field, "hard_limit");
    CHECK_STR(p[1].field, "soft_limit");
    CHECK_STR(p[2].field, "swap_hard_limit");
    CHECK(p[0].value.ul == VIR_DOMAIN_MEMORY_PARAM_UNLIMITED && p[2].type == VIR_TYPED_PARAM_ULLONG);
    n = 1;
    CHECK_INT(virDomainGetMemoryParameters(d, p, &n, 0), 0);
    CHECK_INT(n, 1);
    param_ull(&p[0], "hard_limit", 1048576);
    param_ull(&p[1], "swap_hard_limit", 1000);
    CHECK_INT(virDomainSetMemoryParameters(d, p, 2, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: memory hard_limit tunable value must be lower than or equal to swap_hard_limit");
    param_ull(&p[1], "soft_limit", 524288);
    CHECK_INT(virDomainSetMemoryParameters(d, p, 2, 0), 0);
    n = 3;
    CHECK_INT(virDomainGetMemoryParameters(d, p, &n, 0), 0);
    CHECK(p[0].value.ul == 1048576 && p[1].value.ul == 524288);
    s = virDomainGetXMLDesc(d, 0);
    CHECK(contains(s, "  <memtune>\n    <hard_limit unit='KiB'>1048576</hard_limit>\n"
                      "    <soft_limit unit='KiB'>524288</soft_limit>\n  </memtune>\n"));
    free(s);
    p[0].type = VIR_TYPED_PARAM_UINT;
    CHECK_INT(virDomainSetMemoryParameters(d, p, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_MSG("invalid argument: invalid type 'uint' for parameter 'hard_limit', expected 'ullong'");
    param_ull(&p[0], "hard_limit", 1);
    param_ull(&p[1], "hard_limit", 2);
    CHECK_INT(virDomainSetMemoryParameters(d, p, 2, 0), -1);
    CHECK_MSG("invalid argument: parameter 'hard_limit' occurs multiple times");
    CHECK_INT(virDomainSetMemoryParameters(d, p, 1, VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
    CHECK_INT(virDomainSetMemoryParameters(d, p, 1, VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: transient domains do not have any persistent config");
    CHECK_INT(virDomainSetMemoryParameters(d, p, 1, 8), -1);
    CHECK_MSG("unsupported flags (0x8) in function testDomainSetMemoryParameters");
    CHECK_INT(virDomainSetMemoryParameters(d, p, 0, 0), -1);
    CHECK_MSG("nparams in virDomainSetMemoryParameters must be greater than zero");
    CHECK_INT(virDomainSetMemoryParameters(dro, p, 1, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);

    /* ---- NUMA ---- */
    n = 0;
    CHECK_INT(virDomainGetNumaParameters(d, NULL, &n, 0), 0);
    CHECK_INT(n, 2);
    CHECK_INT(virDomainGetNumaParameters(d, p, &n, 0), 0);
    CHECK_STR(p[0].field, "numa_mode");
    CHECK_INT(p[0].value.i, 0);
    CHECK_STR(p[1].field, "numa_nodeset");
    CHECK_STR(p[1].value.s, "");
    virTypedParamsClear(p, n);
    memset(p, 0, sizeof(p));
    strcpy(p[0].field, "numa_mode");
    p[0].type = VIR_TYPED_PARAM_INT;
    p[0].value.i = 9;
    CHECK_INT(virDomainSetNumaParameters(d, p, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: unsupported numatune mode: '9'");
    p[0].value.i = 2;
    strcpy(p[1].field, "numa_nodeset");
    p[1].type = VIR_TYPED_PARAM_STRING;
    p[1].value.s = (char *)"0-1";
    CHECK_INT(virDomainSetNumaParameters(d, p, 2, 0), 0);
    p[0].value.i = 1;
    CHECK_INT(virDomainSetNumaParameters(d, p, 1, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: can't change numatune mode for running domain");
    p[1].value.s = (char *)"x";
    CHECK_INT(virDomainSetNumaParameters(d, p + 1, 1, 0), -1);
    CHECK_MSG("invalid argument: Failed to parse bitmap 'x'");
    n = 2;
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetNumaParameters(d, p, &n, 0), 0);
    CHECK_INT(p[0].value.i, 2);
    CHECK_STR(p[1].value.s, "0-1");
    virTypedParamsClear(p, n);
    s = virDomainGetXMLDesc(d, 0);
    CHECK(contains(s, "  <numatune>\n    <memory mode='interleave' nodeset='0-1'/>\n  </numatune>\n"));
    free(s);

    /* ---- block I/O weights ---- */
    n = 0;
    CHECK_INT(virDomainGetBlkioParameters(d, NULL, &n, 0), 0);
    CHECK_INT(n, 6);
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetBlkioParameters(d, p, &n, 0), 0);
    CHECK_INT(n, 6);
    CHECK_STR(p[0].field, "weight");
    CHECK_INT(p[0].value.ui, 0);
    CHECK_STR(p[1].field, "device_weight");
    CHECK_STR(p[5].field, "device_write_bytes_sec");
    CHECK_STR(p[5].value.s, "");
    virTypedParamsClear(p, n);

    /* ---- interface bandwidth ---- */
    n = 0;
    CHECK_INT(virDomainGetInterfaceParameters(d, "nope", NULL, &n, 0), 0);
    CHECK_INT(n, 7);
    CHECK_INT(virDomainGetInterfaceParameters(d, "nope", p, &n, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: 'nope' is not a known interface");
    param_uint(&p[0], "inbound.average", 100);
    param_uint(&p[1], "inbound.burst", 300);
    param_uint(&p[2], "outbound.peak", 30);
    CHECK_INT(virDomainSetInterfaceParameters(d, "52:54:00:11:22:33", p, 3, 0), 0);
    param_uint(&p[2], "outbound.average", 20);
    CHECK_INT(virDomainSetInterfaceParameters(d, "52:54:00:11:22:33", p, 3, 0), 0);
    n = 7;
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetInterfaceParameters(d, "52:54:00:11:22:33", p, &n, 0), 0);
    CHECK_INT(n, 7);
    CHECK_STR(p[0].field, "inbound.average");
    CHECK_INT(p[0].value.ui, 100);
    CHECK_STR(p[2].field, "inbound.burst");
    CHECK_INT(p[2].value.ui, 300);
    CHECK_STR(p[4].field, "outbound.average");
    CHECK_INT(p[4].value.ui, 20);
    s = virDomainGetXMLDesc(d, 0);
    CHECK(contains(s, "      <bandwidth>\n        <inbound average='100' burst='300'/>\n"
                      "        <outbound average='20'/>\n      </bandwidth>\n"));
    free(s);

    /* ---- block I/O throttling ---- */
    n = 0;
    CHECK_INT(virDomainGetBlockIoTune(d, NULL, NULL, &n, 0), 0);
    CHECK_INT(n, 20);
    CHECK_INT(virDomainGetBlockIoTune(d, NULL, p, &n, 0), -1);
    CHECK_MSG("disk in virDomainGetBlockIoTune must not be NULL");
    CHECK_INT(virDomainGetBlockIoTune(d, "nope", p, &n, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: disk 'nope' was not found in the domain config");
    param_ull(&p[0], "total_bytes_sec", 100);
    CHECK_INT(virDomainSetBlockIoTune(d, "nope", p, 1, 0), -1);
    CHECK_MSG("invalid argument: missing persistent configuration for disk 'nope'");
    /* libvirt 9.0's test driver wants each limit no higher than its (unset) maximum. */
    CHECK_INT(virDomainSetBlockIoTune(d, "vdb", p, 1, 0), -1);
    CHECK_MSG("invalid argument: total_bytes_sec cannot be set higher than total_bytes_sec_max ");
    param_ull(&p[0], "total_bytes_sec", 1000000000000001ULL);
    CHECK_INT(virDomainSetBlockIoTune(d, "vdb", p, 1, 0), -1);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST);
    CHECK_MSG("argument unsupported: block I/O throttle limit value must be no more than 1000000000000000");
    param_ull(&p[0], "total_bytes_sec_max", 5000);
    param_ull(&p[1], "total_bytes_sec", 4000);
    memset(&p[2], 0, sizeof(p[2]));
    strcpy(p[2].field, "group_name");
    p[2].type = VIR_TYPED_PARAM_STRING;
    p[2].value.s = (char *)"grp";
    CHECK_INT(virDomainSetBlockIoTune(d, "/guest/tuning.img", p, 3, 0), 0);
    n = 20;
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetBlockIoTune(d, "vdb", p, &n, 0), 0);
    CHECK_INT(n, 20);
    CHECK_STR(p[0].field, "total_bytes_sec");
    CHECK(p[0].value.ul == 4000);
    CHECK_STR(p[6].field, "total_bytes_sec_max");
    CHECK(p[6].value.ul == 5000);
    CHECK_STR(p[13].field, "group_name");
    CHECK_STR(p[13].value.s, "grp");
    CHECK_STR(p[19].field, "write_iops_sec_max_length");
    virTypedParamsClear(p, n);
    s = virDomainGetXMLDesc(d, 0);
    CHECK(contains(s, "      <iotune>\n        <total_bytes_sec>4000</total_bytes_sec>\n"
                      "        <total_bytes_sec_max>5000</total_bytes_sec_max>\n"
                      "        <group_name>grp</group_name>\n      </iotune>\n"));
    free(s);

    /* ---- pinning ---- */
    memset(maps, 0xaa, sizeof(maps));
    CHECK_INT(virDomainGetVcpuPinInfo(d, 2, maps, 3, 0), 2);
    CHECK(maps[0] == 0xff && maps[1] == 0xff && maps[2] == 0 && maps[3] == 0xff && maps[5] == 0);
    CHECK_INT(virDomainGetVcpuPinInfo(d, 1, maps, 2, 0), 1);
    CHECK_INT(virDomainGetEmulatorPinInfo(d, maps, 2, 0), 1);
    CHECK(maps[0] == 0xff && maps[1] == 0xff);
    maps[0] = 0x05;
    CHECK_INT(virDomainPinVcpu(d, 1, maps, 1), 0);
    CHECK_INT(virDomainPinVcpu(d, 5, maps, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: requested vcpu '5' is not present in the domain");
    CHECK_INT(virDomainPinVcpuFlags(d, 0, maps, 1, VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_MSG("unsupported flags (0x2) in function testDomainPinVcpuFlags");
    CHECK_INT(virDomainPinVcpu(dro, 0, maps, 1), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainGetVcpuPinInfo(d, 2, maps, 2, 0), 2);
    CHECK(maps[0] == 0xff && maps[1] == 0xff && maps[2] == 0x05 && maps[3] == 0);
    maps[0] = 0x06;
    CHECK_INT(virDomainPinEmulator(d, maps, 1, 0), 0);
    CHECK_INT(virDomainGetEmulatorPinInfo(d, maps, 2, 0), 1);
    CHECK(maps[0] == 0x06 && maps[1] == 0);
    s = virDomainGetXMLDesc(d, 0);
    CHECK(contains(s, "  <cputune>\n    <vcpupin vcpu='1' cpuset='0,2'/>\n    <emulatorpin cpuset='1-2'/>\n  </cputune>\n"));
    free(s);

    virDomainDestroy(d);
    virDomainFree(d);
    if (dro)
        virDomainFree(dro);
    virConnectClose(ro);
    virConnectClose(c);
    return check_end("t_domain_tuning");
}
