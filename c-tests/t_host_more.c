/* Host and job calls as libvirt 9.0.0's test driver answers them: sysinfo, CPU model names, free
 * pages, control info; every migration, job, backup and host tuning call it does not serve (with
 * libvirt's argument checks, read-only refusals and protocol checks); the daemon's identity call. */
#include "check.h"

static const char *sysinfo_xml =
    "<sysinfo type='smbios'>\n"
    "  <bios>\n"
    "    <entry name='vendor'>LENOVO</entry>\n"
    "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n"
    "    <entry name='date'>05/07/2014</entry>\n"
    "    <entry name='release'>2.61</entry>\n"
    "  </bios>\n"
    "</sysinfo>\n";

static const char *xml_off =
    "<domain type='test'>"
    "<name>hostmore-off</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-777777777777</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "</domain>";

/* Over a daemon the URI has a transport ("test+unix", "test+tcp"). */
static int remote;

#define NO_SUPPORT(api) do { \
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN); \
    CHECK_MSG("this function is not supported by the connection driver: " api); \
} while (0)

#define READ_ONLY(api) do { \
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN); \
    CHECK_MSG("operation forbidden: read only access prevents " api); \
} while (0)

static void test_sysinfo(virConnectPtr c, virConnectPtr ro) {
    char *s = virConnectGetSysinfo(c, 0);
    CHECK_STR(s, sysinfo_xml);
    free(s);
    s = virConnectGetSysinfo(ro, 0);
    CHECK_STR(s, sysinfo_xml);
    free(s);
    CHECK(virConnectGetSysinfo(c, 1) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testConnectGetSysinfo");
    CHECK(virConnectGetSysinfo(NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
}

static void test_cpu_models(virConnectPtr c, virConnectPtr ro) {
    char **models = NULL;
    int n = virConnectGetCPUModelNames(c, "x86_64", &models, 0);
    CHECK_INT(n, 58);
    if (n == 58 && models) {
        CHECK_STR(models[0], "486");
        CHECK_STR(models[16], "Nehalem");
        CHECK_STR(models[57], "Dhyana");
        CHECK(models[58] == NULL);
    }
    for (int i = 0; models && i < n; i++)
        free(models[i]);
    free(models);
    CHECK_INT(virConnectGetCPUModelNames(c, "i686", NULL, 0), 58);
    CHECK_INT(virConnectGetCPUModelNames(ro, "x86_64", NULL, 0), 58);

    models = NULL;
    n = virConnectGetCPUModelNames(c, "ppc64le", &models, 0);
    CHECK_INT(n, 7);
    if (n == 7 && models) {
        CHECK_STR(models[0], "POWER6");
        CHECK_STR(models[4], "POWER10");
        CHECK_STR(models[6], "POWERPC_e6500");
        CHECK(models[7] == NULL);
    }
    for (int i = 0; models && i < n; i++)
        free(models[i]);
    free(models);

    /* Architectures whose CPU driver has no list: no array in process, an empty one
     * from libvirt's remote client. */
    const char *empty[] = { "aarch64", "armv7l", "s390x" };
    for (size_t i = 0; i < sizeof(empty) / sizeof(*empty); i++) {
        models = (char **)&n;
        CHECK_INT(virConnectGetCPUModelNames(c, empty[i], &models, 0), 0);
        if (remote)
            CHECK(models != NULL && models != (char **)&n && models[0] == NULL);
        else
            CHECK(models == NULL);
        if (models != (char **)&n)
            free(models);
    }

    /* A known architecture without a CPU driver, an unknown name, bad arguments. */
    CHECK_INT(virConnectGetCPUModelNames(c, "ppc", NULL, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_CPU);
    CHECK_MSG("this function is not supported by the connection driver: "
              "'ppc' architecture is not supported by CPU driver");
    CHECK_INT(virConnectGetCPUModelNames(c, "riscv64", NULL, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_CPU);
    CHECK_INT(virConnectGetCPUModelNames(c, "X86_64", NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: cannot find architecture X86_64");
    CHECK_INT(virConnectGetCPUModelNames(c, "", NULL, 0), -1);
    CHECK_MSG("invalid argument: cannot find architecture ");
    CHECK_INT(virConnectGetCPUModelNames(c, "x86_64", NULL, 2), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testConnectGetCPUModelNames");
    CHECK_INT(virConnectGetCPUModelNames(c, NULL, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("arch in virConnectGetCPUModelNames must not be NULL");
}

static void test_free_pages(virConnectPtr c, virConnectPtr ro) {
    unsigned int pages[] = { 4, 2048, 1048576 };
    unsigned long long counts[8];
    const unsigned long long expected[] = { 19, 45, 97, 201, 409, 825 };

    /* The test driver fills made-up counts and returns 0, which libvirtd takes for a
     * failure that set no error. */
    memset(counts, 0, sizeof(counts));
    int r = virNodeGetFreePages(c, 3, pages, 0, 2, counts, 0);
    if (remote) {
        CHECK_INT(r, -1);
        CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC);
        CHECK_MSG("Library function returned error but did not set virError");
    } else {
        CHECK_INT(r, 0);
        for (int i = 0; i < 6; i++)
            CHECK_INT(counts[i], expected[i]);
        CHECK_INT(counts[6], 0);
        /* Whatever the cells: the same sequence. */
        memset(counts, 0, sizeof(counts));
        CHECK_INT(virNodeGetFreePages(ro, 1, pages, 7, 1, counts, 0), 0);
        CHECK_INT(counts[0], 19);
    }

    /* More counts than one reply may carry: libvirt's remote client refuses to ask. */
    static unsigned long long many[1200];
    r = virNodeGetFreePages(c, 2, pages, 0, 600, many, 0);
    if (remote) {
        CHECK_INT(r, -1);
        CHECK_ERR(VIR_ERR_RPC, VIR_FROM_REMOTE);
        CHECK_MSG("too many NUMA cells: 1200 > 1024");
    } else {
        CHECK_INT(r, 0);
        /* The made-up counts wrap like a C int. */
        CHECK_INT(many[27], -805306375LL);
        CHECK_INT(many[1199], -7);
    }

    CHECK_INT(virNodeGetFreePages(c, 1, pages, 0, 1, counts, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testNodeGetFreePages");
    CHECK_INT(virNodeGetFreePages(c, 0, pages, 0, 1, counts, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("npages in virNodeGetFreePages must not be zero");
    CHECK_INT(virNodeGetFreePages(c, 1, NULL, 0, 1, counts, 0), -1);
    CHECK_MSG("pages in virNodeGetFreePages must not be NULL");
    CHECK_INT(virNodeGetFreePages(c, 1, pages, 0, 0, counts, 0), -1);
    CHECK_MSG("cellCount in virNodeGetFreePages must not be zero");
    CHECK_INT(virNodeGetFreePages(c, 1, pages, 0, 1, NULL, 0), -1);
    CHECK_MSG("counts in virNodeGetFreePages must not be NULL");
}

static void test_control_info(virConnectPtr c, virConnectPtr ro) {
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainPtr dr = virDomainLookupByName(ro, "test");
    virDomainControlInfo info;
    memset(&info, 0xff, sizeof(info));
    CHECK_INT(virDomainGetControlInfo(d, &info, 0), 0);
    CHECK_INT(info.state, VIR_DOMAIN_CONTROL_OK);
    CHECK_INT(info.details, 0);
    CHECK_INT(info.stateTime, 0);
    memset(&info, 0xff, sizeof(info));
    CHECK_INT(virDomainGetControlInfo(dr, &info, 0), 0);
    CHECK_INT(info.state, VIR_DOMAIN_CONTROL_OK);

    CHECK_INT(virDomainGetControlInfo(d, &info, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testDomainGetControlInfo");
    CHECK_INT(virDomainGetControlInfo(d, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("info in virDomainGetControlInfo must not be NULL");
    CHECK_INT(virDomainGetControlInfo(NULL, &info, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM);

    /* An inactive domain has no control interface. */
    virDomainPtr off = virDomainDefineXML(c, xml_off);
    CHECK(off != NULL);
    if (off) {
        CHECK_INT(virDomainGetControlInfo(off, &info, 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
        CHECK_MSG("Requested operation is not valid: domain is not running");
        CHECK_INT(virDomainUndefine(off), 0);
        /* Gone: the lookup by UUID fails. */
        CHECK_INT(virDomainGetControlInfo(off, &info, 0), -1);
        CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
        virDomainFree(off);
    }
    virDomainFree(d);
    virDomainFree(dr);
}

/* Host calls the test driver does not serve. */
static void test_host_unsupported(virConnectPtr c, virConnectPtr ro) {
    unsigned int sizes[] = { 2048 };
    unsigned long long amounts[] = { 10 };
    virTypedParameterPtr params = NULL;
    int nparams = 0;
    const char *cpus[] = { "<cpu/>" };

    CHECK_INT(virNodeSuspendForDuration(c, VIR_NODE_SUSPEND_TARGET_MEM, 60, 0), -1);
    NO_SUPPORT("virNodeSuspendForDuration");
    CHECK_INT(virNodeSuspendForDuration(ro, VIR_NODE_SUSPEND_TARGET_MEM, 60, 0), -1);
    READ_ONLY("virNodeSuspendForDuration");

    CHECK_INT(virNodeAllocPages(c, 1, sizes, amounts, 0, 1, 0), -1);
    NO_SUPPORT("virNodeAllocPages");
    CHECK_INT(virNodeAllocPages(ro, 1, sizes, amounts, 0, 1, 0), -1);
    READ_ONLY("virNodeAllocPages");
    CHECK_INT(virNodeAllocPages(c, 0, sizes, amounts, 0, 1, 0), -1);
    CHECK_MSG("npages in virNodeAllocPages must not be zero");
    CHECK_INT(virNodeAllocPages(c, 1, sizes, amounts, 0, 0, 0), -1);
    CHECK_MSG("cellCount in virNodeAllocPages must not be zero");

    CHECK_INT(virNodeGetMemoryParameters(c, NULL, &nparams, 0), -1);
    NO_SUPPORT("virNodeGetMemoryParameters");
    CHECK_INT(virNodeGetMemoryParameters(ro, NULL, &nparams, 0), -1);
    NO_SUPPORT("virNodeGetMemoryParameters");
    CHECK_INT(virNodeGetMemoryParameters(c, NULL, NULL, 0), -1);
    CHECK_MSG("nparams in virNodeGetMemoryParameters must not be NULL");
    nparams = -1;
    CHECK_INT(virNodeGetMemoryParameters(c, NULL, &nparams, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);

    virTypedParameter one;
    memset(&one, 0, sizeof(one));
    strcpy(one.field, VIR_NODE_MEMORY_SHARED_PAGES_TO_SCAN);
    one.type = VIR_TYPED_PARAM_UINT;
    one.value.ui = 100;
    CHECK_INT(virNodeSetMemoryParameters(c, &one, 1, 0), -1);
    NO_SUPPORT("virNodeSetMemoryParameters");
    CHECK_INT(virNodeSetMemoryParameters(ro, &one, 1, 0), -1);
    READ_ONLY("virNodeSetMemoryParameters");
    CHECK_INT(virNodeSetMemoryParameters(c, NULL, 1, 0), -1);
    CHECK_MSG("params in virNodeSetMemoryParameters must not be NULL");

    nparams = 0;
    CHECK_INT(virNodeGetSEVInfo(c, &params, &nparams, 0), -1);
    NO_SUPPORT("virNodeGetSEVInfo");
    CHECK_INT(virNodeGetSEVInfo(ro, &params, &nparams, 0), -1);
    READ_ONLY("virNodeGetSEVInfo");

    CHECK_INT(virConnectCompareCPU(c, "<cpu/>", 0), VIR_CPU_COMPARE_ERROR);
    NO_SUPPORT("virConnectCompareCPU");
    CHECK_INT(virConnectCompareCPU(ro, "<cpu/>", 0), VIR_CPU_COMPARE_ERROR);
    NO_SUPPORT("virConnectCompareCPU");
    CHECK_INT(virConnectCompareCPU(c, NULL, 0), VIR_CPU_COMPARE_ERROR);
    CHECK_MSG("xmlDesc in virConnectCompareCPU must not be NULL");

    CHECK_INT(virConnectCompareHypervisorCPU(c, NULL, "x86_64", NULL, NULL, "<cpu/>", 0), VIR_CPU_COMPARE_ERROR);
    NO_SUPPORT("virConnectCompareHypervisorCPU");
    CHECK_INT(virConnectCompareHypervisorCPU(ro, NULL, NULL, NULL, NULL, "<cpu/>", 0), VIR_CPU_COMPARE_ERROR);
    READ_ONLY("virConnectCompareHypervisorCPU");
    CHECK(virConnectBaselineHypervisorCPU(c, NULL, "x86_64", NULL, "kvm", cpus, 1, 0) == NULL);
    NO_SUPPORT("virConnectBaselineHypervisorCPU");
    CHECK(virConnectBaselineHypervisorCPU(ro, NULL, NULL, NULL, NULL, cpus, 1, 0) == NULL);
    READ_ONLY("virConnectBaselineHypervisorCPU");
    CHECK(virConnectBaselineHypervisorCPU(c, NULL, NULL, NULL, NULL, NULL, 1, 0) == NULL);
    CHECK_MSG("xmlCPUs in virConnectBaselineHypervisorCPU must not be NULL");
    CHECK(virConnectBaselineCPU(c, NULL, 1, 0) == NULL);
    CHECK_MSG("xmlCPUs in virConnectBaselineCPU must not be NULL");
}

/* libvirtd answers the identity call itself, for any client; a local driver does not. */
static void test_identity(virConnectPtr c, virConnectPtr ro) {
    virTypedParameterPtr params = NULL;
    int n = 0, max = 0;
    virTypedParamsAddString(&params, &n, &max, VIR_CONNECT_IDENTITY_USER_NAME, "alice");
    virTypedParamsAddULLong(&params, &n, &max, VIR_CONNECT_IDENTITY_UNIX_USER_ID, 1000);
    virTypedParamsAddLLong(&params, &n, &max, VIR_CONNECT_IDENTITY_PROCESS_ID, 42);
    if (remote) {
        CHECK_INT(virConnectSetIdentity(c, params, n, 0), 0);
        CHECK_INT(virConnectSetIdentity(ro, params, n, 0), 0);
        CHECK_INT(virConnectSetIdentity(c, NULL, 0, 0), 0);
    } else {
        CHECK_INT(virConnectSetIdentity(c, params, n, 0), -1);
        NO_SUPPORT("virConnectSetIdentity");
        CHECK_INT(virConnectSetIdentity(ro, NULL, 0, 0), -1);
        NO_SUPPORT("virConnectSetIdentity");
    }
    virTypedParamsFree(params, n);

    params = NULL;
    n = max = 0;
    virTypedParamsAddString(&params, &n, &max, "favourite-colour", "blue");
    CHECK_INT(virConnectSetIdentity(c, params, n, 0), -1);
    if (remote) {
        CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE);
        CHECK_MSG("argument unsupported: parameter 'favourite-colour' not supported");
    } else {
        NO_SUPPORT("virConnectSetIdentity");
    }
    virTypedParamsFree(params, n);

    params = NULL;
    n = max = 0;
    virTypedParamsAddInt(&params, &n, &max, VIR_CONNECT_IDENTITY_USER_NAME, 7);
    CHECK_INT(virConnectSetIdentity(c, params, n, 0), -1);
    if (remote) {
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
        CHECK_MSG("invalid argument: invalid type 'int' for parameter 'user-name', expected 'string'");
    }
    virTypedParamsFree(params, n);
    /* (libvirt 9.0 crashes on a NULL connection here: not tested.) */
}

/* Job and migration tunables the test driver does not serve. */
static void test_jobs(virConnectPtr c, virConnectPtr ro) {
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainPtr dr = virDomainLookupByName(ro, "test");
    unsigned long long ull;
    unsigned long ul;
    int type, n = 0;
    virTypedParameterPtr params = NULL;

    CHECK_INT(virDomainMigrateGetMaxDowntime(d, &ull, 0), -1);
    NO_SUPPORT("virDomainMigrateGetMaxDowntime");
    CHECK_INT(virDomainMigrateGetMaxDowntime(dr, &ull, 0), -1);
    NO_SUPPORT("virDomainMigrateGetMaxDowntime");
    CHECK_INT(virDomainMigrateGetMaxDowntime(d, NULL, 0), -1);
    CHECK_MSG("downtime in virDomainMigrateGetMaxDowntime must not be NULL");
    CHECK_INT(virDomainMigrateSetMaxDowntime(d, 100, 0), -1);
    NO_SUPPORT("virDomainMigrateSetMaxDowntime");
    CHECK_INT(virDomainMigrateSetMaxDowntime(dr, 100, 0), -1);
    READ_ONLY("virDomainMigrateSetMaxDowntime");

    CHECK_INT(virDomainMigrateGetCompressionCache(d, &ull, 0), -1);
    NO_SUPPORT("virDomainMigrateGetCompressionCache");
    CHECK_INT(virDomainMigrateGetCompressionCache(dr, &ull, 0), -1);
    NO_SUPPORT("virDomainMigrateGetCompressionCache");
    CHECK_INT(virDomainMigrateSetCompressionCache(d, 1 << 20, 0), -1);
    NO_SUPPORT("virDomainMigrateSetCompressionCache");
    CHECK_INT(virDomainMigrateSetCompressionCache(dr, 1 << 20, 0), -1);
    READ_ONLY("virDomainMigrateSetCompressionCache");

    CHECK_INT(virDomainMigrateGetMaxSpeed(d, &ul, 0), -1);
    NO_SUPPORT("virDomainMigrateGetMaxSpeed");
    CHECK_INT(virDomainMigrateGetMaxSpeed(dr, &ul, 0), -1);
    READ_ONLY("virDomainMigrateGetMaxSpeed");
    CHECK_INT(virDomainMigrateSetMaxSpeed(d, 10, 0), -1);
    NO_SUPPORT("virDomainMigrateSetMaxSpeed");
    CHECK_INT(virDomainMigrateSetMaxSpeed(dr, 10, 0), -1);
    READ_ONLY("virDomainMigrateSetMaxSpeed");
    CHECK_INT(virDomainMigrateStartPostCopy(d, 0), -1);
    NO_SUPPORT("virDomainMigrateStartPostCopy");
    CHECK_INT(virDomainMigrateStartPostCopy(dr, 0), -1);
    READ_ONLY("virDomainMigrateStartPostCopy");

    CHECK_INT(virDomainGetJobStats(d, &type, &params, &n, 0), -1);
    NO_SUPPORT("virDomainGetJobStats");
    CHECK_INT(virDomainGetJobStats(dr, &type, &params, &n, VIR_DOMAIN_JOB_STATS_COMPLETED), -1);
    NO_SUPPORT("virDomainGetJobStats");
    CHECK_INT(virDomainGetJobStats(d, &type, &params, &n, VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainGetJobStats(d, NULL, &params, &n, 0), -1);
    CHECK_MSG("type in virDomainGetJobStats must not be NULL");
    CHECK_INT(virDomainAbortJob(d), -1);
    NO_SUPPORT("virDomainAbortJob");
    CHECK_INT(virDomainAbortJob(dr), -1);
    READ_ONLY("virDomainAbortJob");
    CHECK_INT(virDomainAbortJobFlags(d, 0), -1);
    NO_SUPPORT("virDomainAbortJobFlags");
    CHECK_INT(virDomainAbortJobFlags(dr, 0), -1);
    READ_ONLY("virDomainAbortJobFlags");

    CHECK_INT(virDomainBackupBegin(d, "<domainbackup/>", NULL, 0), -1);
    NO_SUPPORT("virDomainBackupBegin");
    CHECK_INT(virDomainBackupBegin(dr, "<domainbackup/>", NULL, 0), -1);
    READ_ONLY("virDomainBackupBegin");
    CHECK_INT(virDomainBackupBegin(d, NULL, NULL, 0), -1);
    CHECK_MSG("backupXML in virDomainBackupBegin must not be NULL");
    CHECK(virDomainBackupGetXMLDesc(d, 0) == NULL);
    NO_SUPPORT("virDomainBackupGetXMLDesc");
    CHECK(virDomainBackupGetXMLDesc(dr, 0) == NULL);
    NO_SUPPORT("virDomainBackupGetXMLDesc");
    CHECK_INT(virDomainStartDirtyRateCalc(d, 1, 0), -1);
    NO_SUPPORT("virDomainStartDirtyRateCalc");
    CHECK_INT(virDomainStartDirtyRateCalc(dr, 1, 0), -1);
    READ_ONLY("virDomainStartDirtyRateCalc");
    CHECK_INT(virDomainStartDirtyRateCalc(d, 1, VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP |
                                               VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    virDomainFree(d);
    virDomainFree(dr);
}

/* Migration: libvirt's checks, then the protocol neither side offers. */
static void test_migration(virConnectPtr c, virConnectPtr ro) {
    virDomainPtr d = virDomainLookupByName(c, "test");
    virDomainPtr dr = virDomainLookupByName(ro, "test");

    CHECK(virDomainMigrate(d, c, 0, NULL, NULL, 0) == NULL);
    NO_SUPPORT("virDomainMigrate");
    CHECK(virDomainMigrate(d, c, VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER, "other", NULL, 0) == NULL);
    NO_SUPPORT("virDomainMigrate");
    CHECK(virDomainMigrate(dr, c, 0, NULL, NULL, 0) == NULL);
    READ_ONLY("virDomainMigrate");
    CHECK(virDomainMigrate(d, ro, 0, NULL, NULL, 0) == NULL);
    READ_ONLY("virDomainMigrate");
    CHECK(virDomainMigrate(d, NULL, 0, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK(virDomainMigrate(d, c, VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_NON_SHARED_INC, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK(virDomainMigrate(d, c, VIR_MIGRATE_OFFLINE, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN);
    CHECK_MSG("argument unsupported: offline migration is not supported by the source host");
    CHECK(virDomainMigrate(d, c, VIR_MIGRATE_TUNNELLED, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: cannot perform tunnelled migration without using peer2peer flag");
    CHECK(virDomainMigrate(d, c, VIR_MIGRATE_CHANGE_PROTECTION, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN);
    CHECK_MSG("argument unsupported: cannot enforce change protection");

    CHECK(virDomainMigrate2(d, c, NULL, 0, NULL, NULL, 0) == NULL);
    NO_SUPPORT("virDomainMigrate2");
    CHECK(virDomainMigrate2(d, ro, NULL, 0, NULL, NULL, 0) == NULL);
    READ_ONLY("virDomainMigrate2");

    CHECK(virDomainMigrate3(d, c, NULL, 0, 0) == NULL);
    NO_SUPPORT("virDomainMigrate3");
    CHECK(virDomainMigrate3(d, c, NULL, 0, VIR_MIGRATE_PEER2PEER) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("use virDomainMigrateToURI3 for peer-to-peer migration");
    CHECK(virDomainMigrate3(d, c, NULL, 0, VIR_MIGRATE_OFFLINE) == NULL);
    CHECK_MSG("argument unsupported: offline migration is not supported by the source host");
    CHECK(virDomainMigrate3(d, ro, NULL, 0, 0) == NULL);
    READ_ONLY("virDomainMigrate3");

    CHECK_INT(virDomainMigrateToURI(d, "tcp://elsewhere", 0, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_DOMAIN);
    CHECK_MSG("argument unsupported: direct migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI(d, "test+tcp://elsewhere/default", VIR_MIGRATE_PEER2PEER, NULL, 0), -1);
    CHECK_MSG("argument unsupported: p2p migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI(d, "tcp://elsewhere", VIR_MIGRATE_OFFLINE, NULL, 0), -1);
    CHECK_MSG("argument unsupported: offline migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI(d, NULL, 0, NULL, 0), -1);
    CHECK_MSG("duri in virDomainMigrateToURI must not be NULL");
    CHECK_INT(virDomainMigrateToURI(dr, "tcp://elsewhere", 0, NULL, 0), -1);
    READ_ONLY("virDomainMigrateToURI");
    CHECK_INT(virDomainMigrateToURI2(d, NULL, "tcp://elsewhere", NULL, 0, NULL, 0), -1);
    CHECK_MSG("argument unsupported: direct migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI2(d, NULL, NULL, NULL, VIR_MIGRATE_PEER2PEER, NULL, 0), -1);
    CHECK_MSG("argument unsupported: p2p migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI3(d, NULL, NULL, 0, 0), -1);
    CHECK_MSG("argument unsupported: direct migration is not supported by the source host");
    CHECK_INT(virDomainMigrateToURI3(dr, NULL, NULL, 0, 0), -1);
    READ_ONLY("virDomainMigrateToURI3");

    /* Nothing moved. */
    virDomainPtr still = virDomainLookupByName(c, "test");
    CHECK(still != NULL && virDomainIsActive(still) == 1);
    if (still)
        virDomainFree(still);
    virDomainFree(d);
    virDomainFree(dr);
}

int main(void) {
    check_begin("t_host_more");
    remote = strchr(test_uri(), '+') != NULL;
    virConnectPtr c = virConnectOpen(test_uri());
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(c != NULL && ro != NULL);
    if (!c || !ro)
        return check_end("t_host_more");

    test_sysinfo(c, ro);
    test_cpu_models(c, ro);
    test_free_pages(c, ro);
    test_control_info(c, ro);
    test_host_unsupported(c, ro);
    test_identity(c, ro);
    test_jobs(c, ro);
    test_migration(c, ro);

    virConnectClose(ro);
    virConnectClose(c);
    return check_end("t_host_more");
}
