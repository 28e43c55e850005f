/* The rest of the domain and domain-tuning calls of libvirt 9.0.0's test driver: save image
 * XML, CPU statistics, messages, rename (with its events), creating with files, domain
 * statistics, block I/O weights, metadata, IOThreads, perf events, lifecycle actions, the
 * memory statistics period, launch security; and the calls it does not serve. Values, XML,
 * errors (code, domain, message), read-only refusals and bad flags, against the shared
 * test:///default (left as found) and a scratch domain removed at the end. */
#include "check.h"
#include "events.h"
#include <time.h>
#include <unistd.h>

static const char *xml_scratch =
    "<domain type='test'>"
    "<name>more-a</name>"
    "<uuid>bbbbbbbb-1111-2222-3333-777777777771</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "<devices><memballoon model='virtio'/></devices>"
    "</domain>";

static const char *xml_files =
    "<domain type='test'>"
    "<name>more-files</name>"
    "<uuid>bbbbbbbb-1111-2222-3333-777777777772</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "</domain>";

/* ---- lifecycle events, through the default event loop ---------------------------- */

static void on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    char entry[128];
    (void)conn; (void)opaque;
    if (strncmp(virDomainGetName(dom), "more-", 5) != 0)
        return;
    snprintf(entry, sizeof(entry), "%s %d %d|", virDomainGetName(dom), event, detail);
    strncat(log_buf, entry, sizeof(log_buf) - strlen(log_buf) - 1);
}

/* Whether `hay` contains `needle`. */
static int has(const char *hay, const char *needle) {
    return hay && strstr(hay, needle) != NULL;
}

#define CHECK_XML_HAS(dom, flags, needle) do { \
    char *x_ = virDomainGetXMLDesc((dom), (flags)); \
    if (has(x_, (needle))) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: XML lacks '%s':\n%s\n", __FILE__, __LINE__, (needle), x_ ? x_ : "(null)"); } \
    free(x_); \
} while (0)

#define CHECK_XML_LACKS(dom, flags, needle) do { \
    char *x_ = virDomainGetXMLDesc((dom), (flags)); \
    if (x_ && !has(x_, (needle))) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: XML has '%s':\n%s\n", __FILE__, __LINE__, (needle), x_ ? x_ : "(null)"); } \
    free(x_); \
} while (0)

static void on_metadata(virConnectPtr conn, virDomainPtr dom, int type, const char *nsuri, void *opaque) {
    char entry[160];
    (void)conn; (void)opaque;
    if (strncmp(virDomainGetName(dom), "more-", 5) != 0)
        return;
    snprintf(entry, sizeof(entry), "meta %s %d %s|", virDomainGetName(dom), type, nsuri ? nsuri : "-");
    strncat(log_buf, entry, sizeof(log_buf) - strlen(log_buf) - 1);
}

static void check_cpu_stats(virDomainPtr dom) {
    virTypedParameter p[8];
    memset(p, 0, sizeof(p));
    /* the total: three values, or fewer on request */
    CHECK_INT(virDomainGetCPUStats(dom, NULL, 0, -1, 1, 0), 3);
    CHECK_INT(virDomainGetCPUStats(dom, p, 3, -1, 1, 0), 3);
    CHECK_STR(p[0].field, "cpu_time");
    CHECK_INT(p[0].type, VIR_TYPED_PARAM_ULLONG);
    CHECK(p[0].value.ul == 48772617035ULL);
    CHECK_STR(p[1].field, "user_time");
    CHECK(p[1].value.ul == 5540000000ULL);
    CHECK_STR(p[2].field, "system_time");
    CHECK(p[2].value.ul == 6460000000ULL);
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetCPUStats(dom, p, 1, -1, 1, 0), 1);
    CHECK_STR(p[0].field, "cpu_time");
    /* per CPU: the node's two cores, two values each */
    CHECK_INT(virDomainGetCPUStats(dom, NULL, 0, 0, 0, 0), 2);
    CHECK_INT(virDomainGetCPUStats(dom, NULL, 0, 0, 1, 0), 2);
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetCPUStats(dom, p, 3, 0, 2, 0), 2);
    CHECK_STR(p[0].field, "cpu_time");
    CHECK(p[0].value.ul == 24386308517ULL);
    CHECK_STR(p[1].field, "vcpu_time");
    CHECK(p[1].value.ul == 23151740627ULL);
    CHECK_INT(p[2].type, 0);
    CHECK_STR(p[3].field, "cpu_time");
    CHECK(p[3].value.ul == 24386308518ULL);
    CHECK_STR(p[4].field, "vcpu_time");
    CHECK(p[4].value.ul == 23151740628ULL);
    memset(p, 0, sizeof(p));
    CHECK_INT(virDomainGetCPUStats(dom, p, 2, 1, 4, 0), 2);
    CHECK(p[0].value.ul == 24386308518ULL);
    CHECK_INT(p[2].type, 0);
    CHECK_INT(virDomainGetCPUStats(dom, p, 2, 2, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: start_cpu 2 larger than maximum of 1");
    /* bad input and flags */
    CHECK_INT(virDomainGetCPUStats(dom, p, 3, -1, 2, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainGetCPUStats(dom, NULL, 3, -1, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainGetCPUStats(dom, p, 3, -1, 1, 2), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testDomainGetCPUStats");
}

static void check_save_image(virConnectPtr c, virDomainPtr a, int remote) {
    char path[] = "/tmp/t_domain_more.XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    CHECK_INT(virDomainCreate(a), 0);
    CHECK_INT(virDomainSave(a, path), 0);
    char *x = virDomainSaveImageGetXMLDesc(c, path, 0);
    CHECK(has(x, "<name>more-a</name>"));
    CHECK(x && !has(x, "id='"));
    free(x);
    /* a new XML for the image */
    const char *newxml =
        "<domain type='test'><name>more-a</name><uuid>bbbbbbbb-1111-2222-3333-777777777771</uuid>"
        "<description>saved</description><memory>65536</memory><os><type>hvm</type></os></domain>";
    CHECK_INT(virDomainSaveImageDefineXML(c, path, newxml, 0), 0);
    x = virDomainSaveImageGetXMLDesc(c, path, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE);
    CHECK(has(x, "<description>saved</description>"));
    CHECK(has(x, "<type arch='i686'>hvm</type>"));
    free(x);
    CHECK_INT(virDomainSaveImageDefineXML(c, path, newxml, VIR_DOMAIN_SAVE_IMAGE_XML_SECURE), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testDomainSaveImageDefineXML");
    CHECK_INT(virDomainSaveImageDefineXML(c, path, "<domain", 0), -1);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN);
    CHECK(virDomainSaveImageGetXMLDesc(c, path, 2) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testDomainSaveImageGetXMLDesc");
    CHECK(virDomainSaveImageGetXMLDesc(c, "/nonexistent/more", 0) == NULL);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST);
    CHECK_MSG("cannot read domain image '/nonexistent/more': No such file or directory");
    CHECK(virDomainSaveImageGetXMLDesc(c, "/etc/passwd", 0) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
    CHECK_MSG("internal error: mismatched header magic");
    CHECK(virDomainSaveImageGetXMLDesc(c, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    /* the restored domain runs with the new description */
    CHECK_INT(virDomainRestore(c, path), 0);
    CHECK_XML_HAS(a, 0, "<description>saved</description>");
    CHECK_INT(virDomainDestroy(a), 0);
    (void)remote;
    unlink(path);
}

static void check_metadata(virDomainPtr a) {
    char *m;
    CHECK(virDomainGetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN);
    CHECK_MSG("metadata not found: Requested metadata element is not present");
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, "a <b> & c", NULL, NULL, 0), 0);
    m = virDomainGetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 0);
    CHECK_STR(m, "a <b> & c");
    free(m);
    CHECK_XML_HAS(a, 0, "<description>a &lt;b&gt; &amp; c</description>");
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_TITLE, "Title", NULL, NULL, VIR_DOMAIN_AFFECT_CONFIG), 0);
    m = virDomainGetMetadata(a, VIR_DOMAIN_METADATA_TITLE, NULL, VIR_DOMAIN_AFFECT_CONFIG);
    CHECK_STR(m, "Title");
    free(m);
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_TITLE, "a\nb", NULL, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("metadata title can't contain newlines");
    /* an element in a namespace of its own */
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, "<foo bar='1'><b/></foo>", "app",
                                   "http://example.org/more/", 0), 0);
    m = virDomainGetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/more/", 0);
    CHECK_STR(m, "<foo bar=\"1\">\n  <b/>\n</foo>");
    free(m);
    CHECK_XML_HAS(a, 0,
                  "  <metadata>\n"
                  "    <app:foo xmlns:app=\"http://example.org/more/\" bar=\"1\">\n"
                  "      <app:b/>\n"
                  "    </app:foo>\n"
                  "  </metadata>\n");
    CHECK(virDomainGetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/other/", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_METADATA, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, "<foo", "app", "http://example.org/more/", 0), -1);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, NULL, NULL, "http://example.org/more/", 0), 0);
    CHECK_XML_LACKS(a, 0, "<metadata>");
    /* removal, bad type and flags */
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, NULL, NULL, 0), 0);
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_TITLE, "", NULL, NULL, 0), 0);
    CHECK_XML_LACKS(a, 0, "<description>");
    CHECK_XML_LACKS(a, 0, "<title>");
    CHECK(virDomainGetMetadata(a, 7, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: unknown metadata type '7'");
    CHECK_INT(virDomainSetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, "x", NULL, NULL, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainSetMetadata");
    CHECK(virDomainGetMetadata(a, VIR_DOMAIN_METADATA_DESCRIPTION, NULL, 3) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK(virDomainGetMetadata(a, VIR_DOMAIN_METADATA_ELEMENT, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
}

static void check_iothreads(virDomainPtr dom) {
    virDomainIOThreadInfoPtr *info = NULL;
    long ncpus = sysconf(_SC_NPROCESSORS_ONLN);
    int n = virDomainGetIOThreadInfo(dom, &info, 0);
    CHECK_INT(n, 0);
    free(info);
    CHECK_INT(virDomainAddIOThread(dom, 3, 0), 0);
    CHECK_INT(virDomainAddIOThread(dom, 3, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: an IOThread is already using iothread_id '3'");
    CHECK_INT(virDomainAddIOThread(dom, 0, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: invalid value of 0 for iothread_id");
    CHECK_INT(virDomainAddIOThread(dom, 5, 64), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x40) in function testDomainAddIOThread");
    CHECK_XML_HAS(dom, 0, "  <iothreads>1</iothreads>\n  <iothreadids>\n    <iothread id='3'/>\n  </iothreadids>\n");
    /* unpinned: the host's online CPUs */
    info = NULL;
    n = virDomainGetIOThreadInfo(dom, &info, 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        int bits = 0;
        CHECK_INT(info[0]->iothread_id, 3);
        for (int i = 0; i < info[0]->cpumaplen * 8; i++)
            bits += (info[0]->cpumap[i / 8] >> (i % 8)) & 1;
        CHECK_INT(bits, ncpus);
        virDomainIOThreadInfoFree(info[0]);
    }
    free(info);
    unsigned char map = 0x5;
    CHECK_INT(virDomainPinIOThread(dom, 3, &map, 1, 0), 0);
    CHECK_XML_HAS(dom, 0, "  <cputune>\n    <iothreadpin iothread='3' cpuset='0,2'/>\n  </cputune>\n");
    info = NULL;
    n = virDomainGetIOThreadInfo(dom, &info, 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(info[0]->cpumaplen, 1);
        CHECK_INT(info[0]->cpumap[0], 0x5);
        virDomainIOThreadInfoFree(info[0]);
    }
    free(info);
    map = 0;
    CHECK_INT(virDomainPinIOThread(dom, 3, &map, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: Empty iothread cpumap list for pinning");
    map = 1;
    CHECK_INT(virDomainPinIOThread(dom, 7, &map, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: iothreadid 7 not found");
    CHECK_INT(virDomainPinIOThread(dom, 3, NULL, 1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    /* parameters: checked, not kept */
    virTypedParameterPtr params = NULL;
    int np = 0, maxp = 0;
    virTypedParamsAddULLong(&params, &np, &maxp, "poll_max_ns", 100);
    virTypedParamsAddUInt(&params, &np, &maxp, "poll_grow", 2);
    CHECK_INT(virDomainSetIOThreadParams(dom, 3, params, np, 0), 0);
    CHECK_INT(virDomainSetIOThreadParams(dom, 7, params, np, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: cannot find IOThread '7' in iothreadids");
    CHECK_INT(virDomainSetIOThreadParams(dom, 3, params, np, VIR_DOMAIN_AFFECT_CONFIG), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testDomainSetIOThreadParams");
    virTypedParamsFree(params, np);
    params = NULL; np = maxp = 0;
    virTypedParamsAddUInt(&params, &np, &maxp, "thread_pool_max", 2);
    CHECK_INT(virDomainSetIOThreadParams(dom, 3, params, np, 0), -1);
    CHECK_ERR(VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_NONE);
    CHECK_MSG("argument unsupported: parameter 'thread_pool_max' not supported");
    CHECK_INT(virDomainSetIOThreadParams(dom, 3, NULL, 0, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    virTypedParamsFree(params, np);
    /* removal leaves the XML as it was */
    CHECK_INT(virDomainDelIOThread(dom, 3, 0), 0);
    CHECK_INT(virDomainDelIOThread(dom, 3, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: cannot find IOThread '3' in iothreadids list");
    CHECK_INT(virDomainDelIOThread(dom, 0, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_XML_LACKS(dom, 0, "iothread");
    CHECK_XML_LACKS(dom, 0, "cputune");
    CHECK_INT(virDomainGetIOThreadInfo(dom, &info, 3), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainGetIOThreadInfo(dom, &info, 8), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x8) in function testDomainGetIOThreadInfo");
}

static void check_tuning(virDomainPtr a) {
    virTypedParameterPtr params = NULL;
    int np = 0, maxp = 0;
    /* perf events: all 22, off */
    CHECK_INT(virDomainGetPerfEvents(a, &params, &np, 0), 0);
    CHECK_INT(np, 22);
    if (np == 22) {
        CHECK_STR(params[0].field, "cmt");
        CHECK_INT(params[0].type, VIR_TYPED_PARAM_BOOLEAN);
        CHECK_INT(params[0].value.b, 0);
        CHECK_STR(params[21].field, "emulation_faults");
    }
    virTypedParamsFree(params, np);
    params = NULL; np = maxp = 0;
    virTypedParamsAddBoolean(&params, &np, &maxp, "instructions", 0);
    virTypedParamsAddBoolean(&params, &np, &maxp, "cmt", 1);
    CHECK_INT(virDomainSetPerfEvents(a, params, np, 0), 0);
    virTypedParamsFree(params, np);
    CHECK_XML_HAS(a, 0, "  <perf>\n    <event name='cmt' enabled='yes'/>\n    <event name='instructions' enabled='no'/>\n  </perf>\n");
    params = NULL; np = 0;
    CHECK_INT(virDomainGetPerfEvents(a, &params, &np, VIR_DOMAIN_AFFECT_CONFIG), 0);
    int on = -1;
    CHECK_INT(virTypedParamsGetBoolean(params, np, "cmt", &on), 1);
    CHECK_INT(on, 1);
    virTypedParamsFree(params, np);
    params = NULL; np = maxp = 0;
    virTypedParamsAddInt(&params, &np, &maxp, "cmt", 1);
    CHECK_INT(virDomainSetPerfEvents(a, params, np, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_MSG("invalid argument: invalid type 'int' for parameter 'cmt', expected 'boolean'");
    virTypedParamsFree(params, np);
    CHECK_INT(virDomainGetPerfEvents(a, &params, &np, 8), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x8) in function testDomainGetPerfEvents");

    /* lifecycle actions */
    CHECK_INT(virDomainSetLifecycleAction(a, VIR_DOMAIN_LIFECYCLE_POWEROFF, VIR_DOMAIN_LIFECYCLE_ACTION_RESTART, 0), 0);
    CHECK_INT(virDomainSetLifecycleAction(a, VIR_DOMAIN_LIFECYCLE_CRASH, VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART, 0), 0);
    CHECK_XML_HAS(a, 0, "<on_poweroff>restart</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>coredump-restart</on_crash>");
    CHECK_INT(virDomainSetLifecycleAction(a, VIR_DOMAIN_LIFECYCLE_REBOOT, VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY, 0), -1);
    CHECK_ERR(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN);
    CHECK_MSG("unsupported configuration: Lifecycle event 'reboot' doesn't support 'coredump-destroy' action");
    CHECK_INT(virDomainSetLifecycleAction(a, 9, 0, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: invalid lifecycle type '9'");
    CHECK_INT(virDomainSetLifecycleAction(a, 0, 9, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: invalid lifecycle action '9'");
    CHECK_INT(virDomainSetLifecycleAction(a, 0, 0, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainSetLifecycleAction");

    /* block I/O weights */
    params = NULL; np = maxp = 0;
    virTypedParamsAddUInt(&params, &np, &maxp, "weight", 500);
    virTypedParamsAddString(&params, &np, &maxp, "device_weight", "/dev/sda,5");
    CHECK_INT(virDomainSetBlkioParameters(a, params, np, 0), 0);
    virTypedParamsFree(params, np);
    CHECK_XML_HAS(a, 0, "  <blkiotune>\n    <weight>500</weight>\n    <device>\n      <path>/dev/sda</path>\n"
                        "      <weight>5</weight>\n    </device>\n  </blkiotune>\n");
    virTypedParameter got[6];
    int ng = 6;
    memset(got, 0, sizeof(got));
    CHECK_INT(virDomainGetBlkioParameters(a, got, &ng, 0), 0);
    CHECK_INT(ng, 6);
    CHECK_INT(got[0].value.ui, 500);
    CHECK_STR(got[1].value.s, "/dev/sda,5");
    virTypedParamsClear(got, ng);
    params = NULL; np = maxp = 0;
    virTypedParamsAddString(&params, &np, &maxp, "device_weight", "bogus");
    CHECK_INT(virDomainSetBlkioParameters(a, params, np, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: unable to parse blkio device 'device_weight' 'bogus'");
    CHECK_INT(virDomainSetBlkioParameters(a, params, np, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainSetBlkioParameters");
    virTypedParamsFree(params, np);

    /* memory statistics period */
    CHECK_INT(virDomainSetMemoryStatsPeriod(a, 5, 0), 0);
    CHECK_XML_HAS(a, 0, "<memballoon model='virtio'>\n      <stats period='5'/>\n    </memballoon>");
    CHECK_INT(virDomainSetMemoryStatsPeriod(a, 0, 0), 0);
    CHECK_XML_LACKS(a, 0, "<stats");
    CHECK_INT(virDomainSetMemoryStatsPeriod(a, -1, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("period in virDomainSetMemoryStatsPeriod must be zero or greater");
    CHECK_INT(virDomainSetMemoryStatsPeriod(a, 1, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainSetMemoryStatsPeriod");
}

int main(void) {
    check_begin("t_domain_more");
    int remote = strstr(test_uri(), "+") != NULL;
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    virConnectPtr c = virConnectOpen(test_uri());
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(c != NULL && ro != NULL);
    if (!c || !ro)
        return check_end("t_domain_more");
    virDomainPtr test = virDomainLookupByName(c, "test");
    virDomainPtr rtest = virDomainLookupByName(ro, "test");
    CHECK(test != NULL && rtest != NULL);
    int cb = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL);
    CHECK(cb >= 0);
    int meta_cb = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
                                                   VIR_DOMAIN_EVENT_CALLBACK(on_metadata), NULL, NULL);
    CHECK(meta_cb >= 0);

    /* ---- the running default domain: read-only answers ---- */
    check_cpu_stats(test);
    check_cpu_stats(rtest);
    char **msgs = (char **)1;
    CHECK_INT(virDomainGetMessages(rtest, &msgs, 0), 0);
    CHECK(msgs != NULL && msgs[0] == NULL);
    free(msgs);
    CHECK_INT(virDomainGetMessages(test, &msgs, 4), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainGetMessages");
    CHECK_INT(virDomainGetMessages(test, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    char *h = virDomainGetHostname(test, 0);
    CHECK_STR(h, "testhost");
    free(h);
    CHECK(virDomainGetHostname(rtest, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    virTypedParameterPtr lp = NULL;
    int nlp = 0;
    /* the public API asks with VIR_TYPED_PARAM_STRING_OKAY, which the test driver refuses */
    CHECK_INT(virDomainGetLaunchSecurityInfo(test, &lp, &nlp, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainGetLaunchSecurityInfo");
    CHECK_INT(virDomainGetLaunchSecurityInfo(rtest, &lp, &nlp, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);

    /* domain statistics: the "state" group only */
    virDomainStatsRecordPtr *recs = NULL;
    int nrec = virConnectGetAllDomainStats(c, 0, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING);
    CHECK(nrec >= 1);
    for (int i = 0; i < nrec; i++) {
        if (strcmp(virDomainGetName(recs[i]->dom), "test") != 0)
            continue;
        int st = -1, reason = -1;
        CHECK_INT(recs[i]->nparams, 2);
        CHECK_INT(virTypedParamsGetInt(recs[i]->params, recs[i]->nparams, "state.state", &st), 1);
        CHECK_INT(virTypedParamsGetInt(recs[i]->params, recs[i]->nparams, "state.reason", &reason), 1);
        CHECK_INT(st, VIR_DOMAIN_RUNNING);
    }
    virDomainStatsRecordListFree(recs);
    virDomainPtr list[2] = { rtest, NULL };
    recs = NULL;
    CHECK_INT(virDomainListGetStats(list, VIR_DOMAIN_STATS_CPU_TOTAL, &recs, 0), 1);
    if (recs && recs[0])
        CHECK_INT(recs[0]->nparams, 0);
    virDomainStatsRecordListFree(recs);
    recs = NULL;
    CHECK_INT(virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE, &recs, VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED), 0);
    virDomainStatsRecordListFree(recs);

    /* ---- the calls the test driver does not serve ---- */
    CHECK(virConnectGetDomainCapabilities(c, NULL, NULL, NULL, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virConnectGetDomainCapabilities");
    CHECK(virConnectDomainXMLFromNative(c, "qemu-argv", "x", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK(virConnectDomainXMLToNative(c, "qemu-argv", "<domain/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK(virDomainManagedSaveGetXMLDesc(test, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virDomainManagedSaveGetXMLDesc");
    CHECK_INT(virDomainManagedSaveDefineXML(test, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetVcpu(test, "1", 0, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virDomainSetVcpu");
    CHECK_INT(virDomainSetGuestVcpus(test, "1", 0, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    unsigned int ngp = 0;
    CHECK_INT(virDomainGetGuestVcpus(test, &lp, &ngp, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    virSecurityLabelPtr labels = NULL;
    CHECK_INT(virDomainGetSecurityLabelList(test, &labels), -1);
    if (!remote) {
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    } else {
        /* libvirtd answers a failing driver with -1 and no error of its own */
        CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
        CHECK_MSG("An error occurred, but the cause is unknown");
    }
    CHECK_INT(virDomainGetSecurityLabelList(test, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);

    /* ---- IOThreads on the shared domain, removed again ---- */
    check_iothreads(test);
    CHECK_INT(virDomainAddIOThread(rtest, 4, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation forbidden: read only access prevents virDomainAddIOThread");

    /* ---- a scratch domain ---- */
    virDomainPtr a = virDomainDefineXML(c, xml_scratch);
    CHECK(a != NULL);
    if (!a)
        return check_end("t_domain_more");
    EXPECT_EVENTS("more-a 0 0|");
    check_metadata(a);
    /* Every successful change, live or config, tells METADATA_CHANGE listeners. */
    EXPECT_EVENTS("meta more-a 0 -|meta more-a 1 -|meta more-a 2 http://example.org/more/|"
                  "meta more-a 2 http://example.org/more/|meta more-a 0 -|meta more-a 1 -|");
    check_tuning(a);
    virDomainPtr ra = virDomainLookupByName(ro, "more-a");
    CHECK_INT(virDomainSetMetadata(ra, VIR_DOMAIN_METADATA_DESCRIPTION, "x", NULL, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetLifecycleAction(ra, 9, 0, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainSetBlkioParameters(ra, NULL, 0, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainRename(ra, "more-b", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK(virDomainSaveImageGetXMLDesc(ro, "/tmp/x", 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    virDomainFree(ra);
    /* an inactive domain has no CPU statistics */
    CHECK_INT(virDomainGetCPUStats(a, NULL, 0, -1, 1, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: domain is not running");

    check_save_image(c, a, remote);
    EXPECT_EVENTS("more-a 2 0|more-a 5 4|more-a 2 2|more-a 5 1|");

    /* ---- rename ---- */
    CHECK_INT(virDomainRename(test, "more-b", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: cannot rename active domain");
    CHECK_INT(virDomainRename(a, "test", 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN);
    CHECK_MSG("Requested operation is not valid: domain with name 'test' already exists");
    CHECK_INT(virDomainRename(a, "more/b", 0), -1);
    CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_TEST);
    CHECK_MSG("XML error: name more/b cannot contain '/'");
    CHECK_INT(virDomainRename(a, "", 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(virDomainRename(a, "more-b", 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testDomainRename");
    CHECK_INT(virDomainRename(a, "more-b", 0), 0);
    EXPECT_EVENTS("more-a 1 1|more-b 0 2|");
    virDomainPtr b = virDomainLookupByName(c, "more-b");
    CHECK(b != NULL);
    CHECK(virDomainLookupByName(c, "more-a") == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    if (b) {
        char *x = virDomainGetXMLDesc(b, 0);
        CHECK(has(x, "<name>more-b</name>"));
        CHECK(has(x, "<uuid>bbbbbbbb-1111-2222-3333-777777777771</uuid>"));
        free(x);
        /* started with (ignored) files */
        int fds[1] = { 0 };
        CHECK_INT(virDomainCreateWithFiles(b, remote ? 0 : 1, remote ? NULL : fds, 0), 0);
        CHECK_INT(virDomainIsActive(b), 1);
        CHECK(virDomainGetID(b) != (unsigned int)-1);
        CHECK_INT(virDomainCreateWithFiles(b, 0, NULL, 0), -1);
        CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
        CHECK_MSG("internal error: Domain 'more-b' is already running");
        CHECK_INT(virDomainRename(b, "more-c", 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_INT(virDomainDestroy(b), 0);
        CHECK_INT(virDomainCreateWithFiles(b, 0, NULL, 1), -1);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_MSG("unsupported flags (0x1) in function testDomainCreateWithFlags");
        CHECK_INT(virDomainUndefine(b), 0);
        virDomainFree(b);
    }
    EXPECT_EVENTS("more-b 2 0|more-b 5 1|more-b 1 0|");
    virDomainFree(a);

    /* ---- a transient domain created with files ---- */
    virDomainPtr f = virDomainCreateXMLWithFiles(c, xml_files, 0, NULL, 0);
    CHECK(f != NULL);
    if (f) {
        CHECK_INT(virDomainIsPersistent(f), 0);
        CHECK_INT(virDomainRename(f, "more-g", 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_INT(virDomainDestroy(f), 0);
        virDomainFree(f);
    }
    EXPECT_EVENTS("more-files 2 0|more-files 5 1|");
    CHECK(virDomainCreateXMLWithFiles(c, "<domain", 0, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN);
    CHECK(virDomainCreateXMLWithFiles(ro, xml_files, 0, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK(virDomainCreateXMLWithFiles(c, NULL, 0, NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);

    virConnectDomainEventDeregisterAny(c, cb);
    CHECK_INT(virConnectDomainEventDeregisterAny(c, meta_cb), 0);
    virDomainFree(test);
    virDomainFree(rtest);
    virConnectClose(ro);
    virConnectClose(c);
    return check_end("t_domain_more");
}
