/* Domain events on the test driver: registration ids, the lifecycle events each
 * operation raises, per-domain filtering, events caused by another connection,
 * deregistration and free callbacks, and the argument errors, as libvirt 9.0.0 has them.
 * Events are dispatched by the default event loop, which the test drives itself. */
#include "check.h"
#include "events.h"
#include <time.h>
#include <unistd.h>

static const char *xml_ev =
    "<domain type='test'>"
    "<name>evdom</name>"
    "<uuid>aaaaaaaa-1111-2222-3333-555555555555</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "</domain>";

/* Every delivery appends "<tag> <domain> <event> <detail>|" (lifecycle) or
 * "<tag> <domain> reboot|" to the log; tags are the callbacks' opaque strings. */
static virConnectPtr expected_conn;
static int wrong_conn, freed;
static char freed_tags[256];

static void log_append(const char *entry) {
    strncat(log_buf, entry, sizeof(log_buf) - strlen(log_buf) - 1);
}

static void note_conn(virConnectPtr conn) {
    if (conn != expected_conn)
        wrong_conn++;
}

static void on_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    char entry[128];
    note_conn(conn);
    snprintf(entry, sizeof(entry), "%s %s %d %d|", (const char *)opaque, virDomainGetName(dom), event, detail);
    log_append(entry);
}

/* The same, as another function (a function can be registered once per event and domain). */
static void on_lifecycle2(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    on_lifecycle(conn, dom, event, detail, opaque);
}

static int on_lifecycle_old(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    on_lifecycle(conn, dom, event, detail, opaque);
    return 0;
}

static void on_reboot(virConnectPtr conn, virDomainPtr dom, void *opaque) {
    char entry[128];
    note_conn(conn);
    snprintf(entry, sizeof(entry), "%s %s reboot|", (const char *)opaque, virDomainGetName(dom));
    log_append(entry);
}

static void on_generic(virConnectPtr conn, virDomainPtr dom, void *opaque) {
    (void)conn; (void)dom; (void)opaque;
}

static void on_free(void *opaque) {
    freed++;
    strncat(freed_tags, (const char *)opaque, sizeof(freed_tags) - strlen(freed_tags) - 2);
    strcat(freed_tags, "|");
}

/* A callback that deregisters itself from inside its first delivery. */
static int self_id = -1, self_calls;
static void on_lifecycle_once(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) {
    on_lifecycle(conn, dom, event, detail, opaque);
    self_calls++;
    if (virConnectDomainEventDeregisterAny(conn, self_id) != 0)
        self_calls += 100;
}

/* A lifecycle event as the "all" and "old" callbacks both log it. */
#define BOTH(dom, ev, det) "all " dom " " #ev " " #det "|old " dom " " #ev " " #det "|"

static void argument_errors(virConnectPtr c, virConnectPtr c2) {
    const char *api = "virConnectDomainEventRegisterAny";
    CHECK_INT(virConnectDomainEventRegisterAny(NULL, NULL, 0, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid connection pointer in virConnectDomainEventRegisterAny");
    CHECK_INT(virConnectDomainEventRegisterAny(c, NULL, 0, NULL, "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("cb in virConnectDomainEventRegisterAny must not be NULL");
    CHECK_STR(virGetLastError()->str1, api);
    CHECK_STR(virGetLastError()->str2, "cb");
    CHECK_INT(virConnectDomainEventRegisterAny(c, NULL, -1, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("eventID in virConnectDomainEventRegisterAny must be zero or greater");
    CHECK_INT(virConnectDomainEventRegisterAny(c, NULL, 27, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("eventID must be less than 27");
    CHECK_STR(virGetLastError()->str2, "eventID");
    CHECK_INT(virConnectDomainEventRegisterAny(c, (virDomainPtr)c, 0, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_DOMAIN, VIR_FROM_DOM);
    virDomainPtr other = virDomainLookupByName(c2, "test");
    CHECK_INT(virConnectDomainEventRegisterAny(c, other, 0, VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("domain 'test' must match connection");
    CHECK_STR(virGetLastError()->str2, "dom");
    virDomainFree(other);

    CHECK_INT(virConnectDomainEventRegister(NULL, on_lifecycle_old, "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid connection pointer in virConnectDomainEventRegister");
    CHECK_INT(virConnectDomainEventRegister(c, NULL, "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("cb in virConnectDomainEventRegister must not be NULL");
    CHECK_INT(virConnectDomainEventDeregister(c, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("cb in virConnectDomainEventDeregister must not be NULL");
    CHECK_INT(virConnectDomainEventDeregister(c, on_lifecycle_old), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    char msg[128];
    snprintf(msg, sizeof(msg), "invalid argument: event callback function %p not registered", (void *)on_lifecycle_old);
    CHECK_MSG(msg);

    CHECK_INT(virConnectDomainEventDeregisterAny(NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid connection pointer in virConnectDomainEventDeregisterAny");
    CHECK_INT(virConnectDomainEventDeregisterAny(c, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("callbackID in virConnectDomainEventDeregisterAny must be zero or greater");
    CHECK_INT(virConnectDomainEventDeregisterAny(c, 999), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    /* libvirt's remote client words it its own way. */
    CHECK_MSG(getenv("VIRT_TEST_URI") ? "invalid argument: event callback id 999 not registered"
                                      : "invalid argument: could not find event callback 999 for deletion");
}

int main(void) {
    check_begin("t_domain_event");
    /* No event loop yet: nothing can dispatch, so registering fails. */
    virConnectPtr c0 = virConnectOpen(test_uri());
    CHECK(c0 != NULL);
    CHECK_INT(virConnectDomainEventRegisterAny(c0, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "all", on_free), -1);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
    CHECK_MSG("internal error: could not initialize domain event timer");
    CHECK_INT(virConnectDomainEventRegister(c0, on_lifecycle_old, "old", on_free), -1);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
    CHECK_INT(freed, 0);
    CHECK_INT(virConnectClose(c0), 0);

    /* The loop before the connections: a remote connection watches its socket with the
     * loop registered when it opens. */
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    virConnectPtr c = virConnectOpen(test_uri());
    virConnectPtr c2 = virConnectOpen(test_uri());
    CHECK(c != NULL && c2 != NULL);
    expected_conn = c;
    argument_errors(c, c2);

    /* Ids count from 0 on a connection; failed registrations use none; every event id
     * libvirt knows can be registered, even one nothing raises here. */
    int all = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "all", on_free);
    CHECK_INT(all, 0);
    for (int id = 1; id < 27; id++) {
        int cb = virConnectDomainEventRegisterAny(c, NULL, id, VIR_DOMAIN_EVENT_CALLBACK(on_generic), NULL, NULL);
        CHECK_INT(cb, id);
        CHECK_INT(virConnectDomainEventDeregisterAny(c, cb), 0);
    }
    /* The same function for the same event and domain only once, whatever the opaque. */
    CHECK_INT(virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "again", on_free), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_MSG("invalid argument: event callback already tracked");
    virDomainPtr test = virDomainLookupByName(c, "test");
    int only = virConnectDomainEventRegisterAny(c, test, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle2), "test-only", on_free);
    CHECK_INT(only, 27);
    /* The old API returns 0, not the id it used, and refuses a second registration. */
    CHECK_INT(virConnectDomainEventRegister(c, on_lifecycle_old, "old", on_free), 0);
    CHECK_INT(virConnectDomainEventRegister(c, on_lifecycle_old, "old2", on_free), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_MSG("invalid argument: event callback already tracked");
    int reboot = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_REBOOT,
                                                  VIR_DOMAIN_EVENT_CALLBACK(on_reboot), "reboot", on_free);
    CHECK_INT(reboot, 29);
    CHECK_INT(freed, 0);

    /* What each operation raises; the test driver raises nothing for reboot or reset. */
    virDomainPtr d = virDomainDefineXML(c, xml_ev);
    CHECK(d != NULL);
    EXPECT_EVENTS(BOTH("evdom", 0, 0));                         /* defined, added */
    virDomainFree(virDomainDefineXML(c, xml_ev));
    EXPECT_EVENTS(BOTH("evdom", 0, 1));                         /* defined, updated */
    CHECK_INT(virDomainCreate(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 2, 0));                         /* started, booted */
    CHECK_INT(virDomainSuspend(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 3, 0));                         /* suspended, paused */
    CHECK_INT(virDomainResume(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 4, 0));                         /* resumed, unpaused */
    CHECK_INT(virDomainReboot(d, 0), 0);
    CHECK_INT(virDomainReset(d, 0), 0);
    EXPECT_EVENTS("");
    char path[] = "/tmp/t_domain_event_saveXXXXXX";
    int fd = mkstemp(path);
    close(fd);
    CHECK_INT(virDomainSave(d, path), 0);
    EXPECT_EVENTS(BOTH("evdom", 5, 4));                         /* stopped, saved */
    CHECK_INT(virDomainRestore(c, path), 0);
    EXPECT_EVENTS(BOTH("evdom", 2, 2));                         /* started, restored */
    unlink(path);
    CHECK_INT(virDomainShutdown(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 5, 0));                         /* stopped, shutdown */
    CHECK_INT(virDomainCreate(d), 0);
    CHECK_INT(virDomainDestroy(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 2, 0) BOTH("evdom", 5, 1));     /* started; stopped, destroyed */
    CHECK_INT(virDomainUndefine(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 1, 0));                         /* undefined, removed */
    virDomainFree(d);
    /* A transient domain: started by createXML, gone when destroyed. */
    d = virDomainCreateXML(c, xml_ev, 0);
    CHECK(d != NULL);
    CHECK_INT(virDomainDestroy(d), 0);
    EXPECT_EVENTS(BOTH("evdom", 2, 0) BOTH("evdom", 5, 1));
    virDomainFree(d);

    /* Another connection's changes reach this one; the filtered callback hears its domain. */
    virDomainPtr test2 = virDomainLookupByName(c2, "test");
    CHECK_INT(virDomainSuspend(test2), 0);
    CHECK_INT(virDomainResume(test2), 0);
    /* In process, callbacks run in registration order; libvirt's remote client runs
     * the filtered one after those for every domain. */
    const char *in_order = "all test 3 0|test-only test 3 0|old test 3 0|"
                           "all test 4 0|test-only test 4 0|old test 4 0|";
    const char *filtered_last = "all test 3 0|old test 3 0|test-only test 3 0|"
                                "all test 4 0|old test 4 0|test-only test 4 0|";
    pump(strlen(in_order));
    CHECK(strcmp(log_buf, in_order) == 0 || strcmp(log_buf, filtered_last) == 0);
    log_buf[0] = 0;
    CHECK_INT(wrong_conn, 0);

    /* Deregistering runs the free callback before returning and stops delivery. */
    CHECK_INT(virConnectDomainEventDeregisterAny(c, only), 0);
    CHECK_INT(freed, 1);
    CHECK_STR(freed_tags, "test-only|");
    CHECK_INT(virConnectDomainEventDeregisterAny(c, only), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_INT(virConnectDomainEventDeregisterAny(c2, all), -1);  /* ids belong to their connection */
    CHECK_INT(virConnectDomainEventDeregister(c, on_lifecycle_old), 0);
    CHECK_INT(freed, 2);
    CHECK_INT(virConnectDomainEventDeregisterAny(c, reboot), 0);
    CHECK_INT(freed, 3);
    CHECK_INT(virDomainSuspend(test2), 0);
    CHECK_INT(virDomainResume(test2), 0);
    EXPECT_EVENTS("all test 3 0|all test 4 0|");

    /* A callback may deregister itself while it is being called. */
    self_id = virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                               VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle_once), "once", on_free);
    CHECK(self_id > 0);
    CHECK_INT(virDomainSuspend(test2), 0);
    CHECK_INT(virDomainResume(test2), 0);
    EXPECT_EVENTS("all test 3 0|once test 3 0|all test 4 0|");
    CHECK_INT(self_calls, 1);
    CHECK_INT(freed, 4);
    CHECK_INT(virConnectDomainEventDeregisterAny(c, all), 0);
    CHECK_INT(freed, 5);
    CHECK_STR(freed_tags, "test-only|old|reboot|once|all|");

    /* A callback holds a reference on its connection: closing leaves the connection
     * open and the callback in place; deregistering then releases it. In process only:
     * libvirt's remote client deadlocks when that deregistration drops the last reference. */
    if (!getenv("VIRT_TEST_URI")) {
        virConnectPtr c3 = virConnectOpen(test_uri());
        expected_conn = c3;
        int id3 = virConnectDomainEventRegisterAny(c3, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                   VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), "closed", on_free);
        CHECK(id3 >= 0);
        CHECK_INT(virConnectClose(c3), 1);
        CHECK_INT(virDomainSuspend(test2), 0);
        EXPECT_EVENTS("closed test 3 0|");
        CHECK_INT(freed, 5);
        CHECK_INT(virConnectDomainEventDeregisterAny(c3, id3), 0);
        CHECK_INT(freed, 6);
        CHECK_INT(virDomainResume(test2), 0);
        EXPECT_EVENTS("");
        CHECK_INT(wrong_conn, 0);
    }

    virDomainFree(test);
    virDomainFree(test2);
    CHECK_INT(virConnectClose(c), 0);
    CHECK_INT(virConnectClose(c2), 0);
    return check_end("t_domain_event");
}
