/* The test driver's managed save, vCPU, host CPU map, statistics and security answers, as libvirt
 * 9.0.0's test driver gives them: values, lifecycle events, errors and flags. */
#include "check.h"
#include "events.h"
#include <time.h>

static const char *xml_ms =
    "<domain type='test'>"
    "<name>extras-ms</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-666666666666</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "</domain>";

static const char *xml_tr =
    "<domain type='test'>"
    "<name>extras-tr</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-666666666667</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "</domain>";

/* Three vCPUs limited to host CPUs 1-3 and 9, the second one pinned to 5 and 20. */
static const char *xml_pin =
    "<domain type='test'>"
    "<name>extras-pin</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-666666666668</uuid>"
    "<memory>65536</memory>"
    "<vcpu cpuset='1-3,9' current='3'>4</vcpu>"
    "<cputune><vcpupin vcpu='1' cpuset='5,20'/></cputune>"
    "<os><type>hvm</type></os>"
    "</domain>";

/* ---- lifecycle events, through the default event loop ---------------------------- */

static void on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    char entry[128];
    (void)conn; (void)opaque;
    if (strncmp(virDomainGetName(dom), "extras-", 7) != 0)
        return;
    snprintf(entry, sizeof(entry), "%s %d %d|", virDomainGetName(dom), event, detail);
    strncat(log_buf, entry, sizeof(log_buf) - strlen(log_buf) - 1);
}

static int state_of(virDomainPtr d, int *reason) {
    int st = -1;
    if (virDomainGetState(d, &st, reason, 0) < 0)
        return -1;
    return st;
}

/* Whether a domain named `name` is among those virConnectListAllDomains gives for `flags`. */
static int listed(virConnectPtr c, unsigned int flags, const char *name) {
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(c, &doms, flags), found = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(virDomainGetName(doms[i]), name) == 0)
            found = 1;
        virDomainFree(doms[i]);
    }
    free(doms);
    return n < 0 ? -1 : found;
}

static void check_flags_error(const char *func, unsigned int bad) {
    char msg[160];
    snprintf(msg, sizeof(msg), "unsupported flags (0x%x) in function %s", bad, func);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG(msg);
}

static void managed_save(virConnectPtr c) {
    virDomainPtr d = virDomainDefineXML(c, xml_ms);
    CHECK(d != NULL);
    EXPECT_EVENTS("extras-ms 0 0|");
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 0);
    CHECK_INT(virDomainManagedSaveRemove(d, 0), 0);

    /* Only running domains, and only with the save flags. */
    CHECK_INT(virDomainManagedSave(d, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: domain is not running");
    CHECK_INT(virDomainCreate(d), 0);
    EXPECT_EVENTS("extras-ms 2 0|");
    CHECK_INT(virDomainManagedSave(d, 8), -1);
    check_flags_error("testDomainManagedSave", 8);
    CHECK_INT(virDomainManagedSave(d, VIR_DOMAIN_SAVE_RUNNING | VIR_DOMAIN_SAVE_PAUSED), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 0);

    /* Saved: shut off (saved), with an image, listed as such. */
    int reason = -1;
    CHECK_INT(virDomainManagedSave(d, 0), 0);
    EXPECT_EVENTS("extras-ms 5 4|");
    CHECK_INT(state_of(d, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_SAVED);
    CHECK_INT((int)virDomainGetID(d), -1);
    CHECK_INT(virDomainIsActive(d), 0);
    virDomainInfo info;
    CHECK_INT(virDomainGetInfo(d, &info), 0);
    CHECK_INT(info.state, VIR_DOMAIN_SHUTOFF);
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 1);
    CHECK_INT(virDomainHasManagedSaveImage(d, 1), -1);
    check_flags_error("testDomainHasManagedSaveImage", 1);
    CHECK_INT(virDomainManagedSave(d, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, "extras-ms"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, "extras-ms"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, "test"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE, "test"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_ACTIVE, "extras-ms"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE, "extras-ms"), 1);

    /* The image keeps the definition. */
    CHECK_INT(virDomainUndefine(d), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: Refusing to undefine while domain managed save image exists");
    CHECK_INT(virDomainUndefineFlags(d, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virDomainUndefineFlags(d, 0x10), -1);
    check_flags_error("testDomainUndefineFlags", 0x10);

    /* A start boots afresh and drops the image. */
    CHECK_INT(virDomainCreate(d), 0);
    EXPECT_EVENTS("extras-ms 2 0|");
    CHECK_INT(state_of(d, &reason), VIR_DOMAIN_RUNNING);
    CHECK_INT(reason, VIR_DOMAIN_RUNNING_BOOTED);
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 0);

    /* A paused domain saves too; removing the image (twice) is fine. */
    CHECK_INT(virDomainSuspend(d), 0);
    EXPECT_EVENTS("extras-ms 3 0|");
    CHECK_INT(virDomainManagedSave(d, VIR_DOMAIN_SAVE_PAUSED | VIR_DOMAIN_SAVE_BYPASS_CACHE), 0);
    EXPECT_EVENTS("extras-ms 5 4|");
    CHECK_INT(state_of(d, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_SAVED);
    CHECK_INT(virDomainManagedSaveRemove(d, 1), -1);
    check_flags_error("testDomainManagedSaveRemove", 1);
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 1);
    CHECK_INT(virDomainManagedSaveRemove(d, 0), 0);
    CHECK_INT(virDomainHasManagedSaveImage(d, 0), 0);
    CHECK_INT(virDomainManagedSaveRemove(d, 0), 0);
    CHECK_INT(state_of(d, &reason), VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_SAVED);

    /* Undefining with VIR_DOMAIN_UNDEFINE_MANAGED_SAVE takes the image along. */
    CHECK_INT(virDomainCreate(d), 0);
    CHECK_INT(virDomainManagedSave(d, 0), 0);
    EXPECT_EVENTS("extras-ms 2 0|extras-ms 5 4|");
    CHECK_INT(virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE), 0);
    EXPECT_EVENTS("extras-ms 1 0|");
    virDomainFree(d);
    CHECK(virDomainLookupByName(c, "extras-ms") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);

    /* Transient domains have nowhere to keep an image. */
    virDomainPtr t = virDomainCreateXML(c, xml_tr, 0);
    CHECK(t != NULL);
    EXPECT_EVENTS("extras-tr 2 0|");
    CHECK_INT(virDomainManagedSave(t, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: cannot do managed save for transient domain");
    CHECK_INT(virDomainIsActive(t), 1);
    CHECK_INT(virDomainHasManagedSaveImage(t, 0), 0);
    CHECK_INT(virDomainDestroy(t), 0);
    EXPECT_EVENTS("extras-tr 5 1|");
    virDomainFree(t);
}

/* ---- vCPUs ------------------------------------------------------------------------ */

/* CPU time is a tenth of the wall clock in microseconds: near now. */
static int plausible_cpu_time(unsigned long long t) {
    long long secs = (long long)(t / 100000ULL);
    long long diff = secs - (long long)time(NULL);
    return diff > -60 && diff < 60;
}

static void vcpus(virConnectPtr c) {
    virDomainPtr t = virDomainLookupByName(c, "test");
    virVcpuInfo info[4];
    unsigned char maps[16];

    /* The default domain: two vCPUs on any of the node's 16 CPUs, reported on the last. */
    memset(info, 0xAA, sizeof(info));
    memset(maps, 0xAA, sizeof(maps));
    CHECK_INT(virDomainGetVcpus(t, info, 4, maps, 3), 2);
    for (int i = 0; i < 2; i++) {
        CHECK_INT(info[i].number, i);
        CHECK_INT(info[i].state, VIR_VCPU_RUNNING);
        CHECK_INT(info[i].cpu, 15);
        CHECK(plausible_cpu_time(info[i].cpuTime));
    }
    const unsigned char all[] = {0xff, 0xff, 0, 0xff, 0xff, 0};
    CHECK(memcmp(maps, all, sizeof(all)) == 0);

    /* As many as asked for; a map only when asked for. */
    memset(maps, 0xAA, sizeof(maps));
    CHECK_INT(virDomainGetVcpus(t, info, 1, maps, 1), 1);
    CHECK_INT(info[0].number, 0);
    CHECK_INT(maps[0], 0xff);
    CHECK_INT(virDomainGetVcpus(t, info, 2, NULL, 0), 2);
    CHECK_INT(info[1].number, 1);
    CHECK_INT(info[1].cpu, 15);
    virDomainFree(t);

    /* A domain's cpuset, overridden per vCPU by <vcpupin>. */
    virDomainPtr d = virDomainDefineXML(c, xml_pin);
    CHECK(d != NULL);
    CHECK_INT(virDomainGetVcpus(d, info, 4, maps, 3), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: cannot list vcpus for an inactive domain");
    CHECK_INT(virDomainCreate(d), 0);
    memset(maps, 0xAA, sizeof(maps));
    CHECK_INT(virDomainGetVcpus(d, info, 4, maps, 3), 3);
    const int cpus[] = {9, 20, 9};
    for (int i = 0; i < 3; i++) {
        CHECK_INT(info[i].number, i);
        CHECK_INT(info[i].state, VIR_VCPU_RUNNING);
        CHECK_INT(info[i].cpu, cpus[i]);
    }
    const unsigned char pinned[] = {0x0e, 0x02, 0, 0x20, 0, 0x10, 0x0e, 0x02, 0};
    CHECK(memcmp(maps, pinned, sizeof(pinned)) == 0);
    CHECK_INT(virDomainDestroy(d), 0);
    CHECK_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
    EXPECT_EVENTS("extras-pin 0 0|extras-pin 2 0|extras-pin 5 1|extras-pin 1 0|");
}

/* ---- statistics ----------------------------------------------------------------- */

/* A balloon, 50001 KiB in use. */
static const char *xml_balloon =
    "<domain type='test'>"
    "<name>extras-balloon</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-666666666669</uuid>"
    "<memory>65536</memory>"
    "<currentMemory>50001</currentMemory>"
    "<os><type>hvm</type></os>"
    "<devices><memballoon model='virtio'/></devices>"
    "</domain>";

/* Running without a balloon (`model='none'`). */
static const char *xml_no_balloon =
    "<domain type='test'>"
    "<name>extras-noballoon</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-66666666666a</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "<devices><memballoon model='none'/></devices>"
    "</domain>";

/* The tags libvirt's test driver reports, in its order. */
static const int stat_tags[13] = {
    VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, VIR_DOMAIN_MEMORY_STAT_SWAP_IN, VIR_DOMAIN_MEMORY_STAT_SWAP_OUT,
    VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, VIR_DOMAIN_MEMORY_STAT_UNUSED,
    VIR_DOMAIN_MEMORY_STAT_AVAILABLE, VIR_DOMAIN_MEMORY_STAT_USABLE, VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE,
    VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC,
    VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, VIR_DOMAIN_MEMORY_STAT_RSS,
};

/* The 13 stats of a running domain with a balloon and `cur` KiB: made up from `cur`,
 * the update time a fixed number rather than the clock. */
static void expect_memory_stats(virDomainPtr d, unsigned long long cur, int line) {
    const unsigned long long vals[13] = {cur, 0, 0, 0, 0, cur / 2, cur, cur / 2, 627319920, cur / 8, 0, 0, cur / 2};
    virDomainMemoryStatStruct s[16];
    memset(s, 0xAA, sizeof(s));
    int n = virDomainMemoryStats(d, s, 16, 0), bad = n != 13;
    for (int i = 0; i < 13 && !bad; i++)
        bad = s[i].tag != stat_tags[i] || s[i].val != vals[i];
    if (!bad) {
        check_passed++;
    } else {
        check_failed++;
        fprintf(stderr, "FAIL %s:%d: %d memory stats, expected 13 for %llu KiB:", __FILE__, line, n, cur);
        for (int i = 0; i < n && i < 16; i++)
            fprintf(stderr, " %d=%llu", s[i].tag, s[i].val);
        fprintf(stderr, "\n");
    }
}
#define EXPECT_MEMORY_STATS(d, cur) expect_memory_stats(d, cur, __LINE__)

static void memory_stats(virConnectPtr c) {
    virDomainMemoryStatStruct s[16];

    /* The default domain (whatever memory earlier tests left it). */
    virDomainPtr t = virDomainLookupByName(c, "test");
    virDomainInfo info;
    CHECK_INT(virDomainGetInfo(t, &info), 0);
    EXPECT_MEMORY_STATS(t, info.memory);
    CHECK_INT(virDomainMemoryStats(t, s, 2, 0), 2);
    CHECK_INT(s[0].tag, VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON);
    CHECK_INT(s[1].tag, VIR_DOMAIN_MEMORY_STAT_SWAP_IN);
    CHECK_INT(virDomainMemoryStats(t, s, 0, 0), 0);
    CHECK_INT(virDomainMemoryStats(t, s, 13, 1), -1);
    check_flags_error("testDomainMemoryStats", 1);
    virDomainFree(t);

    /* Only running domains; paused counts, and a new size shows at once. */
    virDomainPtr d = virDomainDefineXML(c, xml_balloon);
    CHECK(d != NULL);
    CHECK_INT(virDomainMemoryStats(d, s, 13, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: domain is not running");
    CHECK_INT(virDomainMemoryStats(d, s, 13, 2), -1);
    check_flags_error("testDomainMemoryStats", 2);
    CHECK_INT(virDomainCreate(d), 0);
    EXPECT_MEMORY_STATS(d, 50001);
    CHECK_INT(virDomainSetMemory(d, 12345), 0);
    CHECK_INT(virDomainSuspend(d), 0);
    EXPECT_MEMORY_STATS(d, 12345);
    CHECK_INT(virDomainDestroy(d), 0);
    CHECK_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
    EXPECT_EVENTS("extras-balloon 0 0|extras-balloon 2 0|extras-balloon 3 0|extras-balloon 5 1|extras-balloon 1 0|");

    /* No balloon, no stats. */
    d = virDomainCreateXML(c, xml_no_balloon, 0);
    CHECK(d != NULL);
    CHECK_INT(virDomainMemoryStats(d, s, 13, 0), 0);
    CHECK_INT(virDomainDestroy(d), 0);
    virDomainFree(d);
    EXPECT_EVENTS("extras-noballoon 2 0|extras-noballoon 5 1|");
}

/* The same fixed times (ns) for any CPU number, even past the node's 16, or all. */
static void node_cpu_stats(virConnectPtr c) {
    static const char *names[] = {VIR_NODE_CPU_STATS_USER, VIR_NODE_CPU_STATS_KERNEL,
                                  VIR_NODE_CPU_STATS_IDLE, VIR_NODE_CPU_STATS_IOWAIT};
    static const unsigned long long ns[] = {9797400000ULL, 34678723400000ULL, 87264900000ULL, 763600000ULL};
    const int cpus[] = {0, 15, 16, 1000, VIR_NODE_CPU_STATS_ALL_CPUS};
    virNodeCPUStats p[6];

    for (int k = 0; k < 5; k++) {
        int n = 0;
        CHECK_INT(virNodeGetCPUStats(c, cpus[k], NULL, &n, 0), 0);
        CHECK_INT(n, 4);
        n = 6;
        memset(p, 0, sizeof(p));
        CHECK_INT(virNodeGetCPUStats(c, cpus[k], p, &n, 0), 0);
        CHECK_INT(n, 4);
        for (int i = 0; i < 4; i++) {
            CHECK_STR(p[i].field, names[i]);
            CHECK_INT(p[i].value, ns[i]);
        }
    }
    int n = 2;
    memset(p, 0, sizeof(p));
    CHECK_INT(virNodeGetCPUStats(c, 0, p, &n, 0), 0);
    CHECK_INT(n, 2);
    CHECK_STR(p[1].field, VIR_NODE_CPU_STATS_KERNEL);
    CHECK_INT(p[2].field[0], 0);

    n = 4;
    CHECK_INT(virNodeGetCPUStats(c, -2, p, &n, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("cpuNum in virNodeGetCPUStats only accepts -1 as a negative value");
    CHECK_INT(virNodeGetCPUStats(c, 0, p, &n, 1), -1);
    check_flags_error("testNodeGetCPUStats", 1);
}

/* What libvirt's test driver leaves out. */
static void unsupported_stats(virConnectPtr c) {
    virNodeMemoryStats m[4];
    int n = 4;
    CHECK_INT(virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, m, &n, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virNodeGetMemoryStats");
    n = 0;
    CHECK_INT(virNodeGetMemoryStats(c, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);

    virDomainPtr t = virDomainLookupByName(c, "test");
    virDomainJobInfo job;
    CHECK_INT(virDomainGetJobInfo(t, &job), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virDomainGetJobInfo");
    virDomainFree(t);
}

/* ---- host CPUs and security --------------------------------------------------------- */

static void node_and_security(virConnectPtr c) {
    unsigned char *map = NULL;
    unsigned int online = 99;
    CHECK_INT(virNodeGetCPUMap(c, &map, &online, 0), 8);
    CHECK_INT(online, 3);
    CHECK(map != NULL);
    if (map)
        CHECK_INT(map[0], 0x15);
    free(map);
    CHECK_INT(virNodeGetCPUMap(c, NULL, NULL, 0), 8);
    CHECK_INT(virNodeGetCPUMap(c, NULL, &online, 2), -1);
    check_flags_error("testNodeGetCPUMap", 2);

    virSecurityModel model;
    memset(&model, 0x41, sizeof(model));
    CHECK_INT(virNodeGetSecurityModel(c, &model), 0);
    CHECK_STR(model.model, "testSecurity");
    CHECK_STR(model.doi, "");

    virDomainPtr t = virDomainLookupByName(c, "test");
    virSecurityLabel label;
    memset(&label, 0x41, sizeof(label));
    CHECK_INT(virDomainGetSecurityLabel(t, &label), 0);
    CHECK_STR(label.label, "libvirt-test");
    CHECK_INT(label.enforcing, 1);
    CHECK_INT(virDomainGetSecurityLabel(t, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    virDomainFree(t);

    /* An inactive domain has no label. */
    virDomainPtr d = virDomainDefineXML(c, xml_ms);
    memset(&label, 0x41, sizeof(label));
    CHECK_INT(virDomainGetSecurityLabel(d, &label), 0);
    CHECK_INT(label.label[0], 0);
    CHECK_INT(label.enforcing, 0);
    CHECK_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
    EXPECT_EVENTS("extras-ms 0 0|extras-ms 1 0|");
}

int main(void) {
    check_begin("t_test_extras");
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_test_extras");
    int id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    CHECK(id >= 0);

    managed_save(c);
    vcpus(c);
    node_and_security(c);
    memory_stats(c);
    node_cpu_stats(c);
    unsupported_stats(c);

    CHECK_INT(virConnectDomainEventDeregisterAny(c, id), 0);
    CHECK_INT(virConnectClose(c), 0);
    return check_end("t_test_extras");
}
