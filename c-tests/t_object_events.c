/* Network, storage pool, node device and secret events on the test driver: which
 * operations raise which lifecycle event and detail, pool refreshes, callbacks for one
 * object, events caused by another connection, callback ids shared across classes,
 * deregistration and free callbacks, and the argument errors, as libvirt 9.0.0 has them.
 * Events are dispatched by the default event loop, which the test drives itself. */
#include "check.h"
#include "events.h"
#include <time.h>

static const char *xml_net =
    "<network><name>evnet</name><uuid>aaaaaaaa-1111-2222-3333-666666666666</uuid>"
    "<bridge name='evbr0'/></network>";
static const char *xml_pool =
    "<pool type='dir'><name>evpool</name><uuid>aaaaaaaa-1111-2222-3333-777777777777</uuid>"
    "<target><path>/tmp/evpool</path></target></pool>";
static const char *xml_vhba =
    "<device><parent>scsi_host1</parent><capability type='scsi_host'><capability type='fc_host'>"
    "<wwnn>2001001b32a9da5f</wwnn><wwpn>2101001b32a9da5f</wwpn></capability></capability></device>";

/* Every delivery appends "<tag> <object> <event> <detail>|" (lifecycle) or
 * "<tag> <object>|" (refresh, update) to the log; tags are the callbacks' opaques. */
static virConnectPtr expected_conn;
static int wrong_conn, freed;

static void log_append(const char *entry) {
    strncat(log_buf, entry, sizeof(log_buf) - strlen(log_buf) - 1);
}

static void log_lifecycle(virConnectPtr conn, const char *name, int event, int detail, void *opaque) {
    char entry[160];
    if (conn != expected_conn)
        wrong_conn++;
    snprintf(entry, sizeof(entry), "%s %s %d %d|", (const char *)opaque, name ? name : "(null)", event, detail);
    log_append(entry);
}

static void log_plain(virConnectPtr conn, const char *name, void *opaque) {
    char entry[160];
    if (conn != expected_conn)
        wrong_conn++;
    snprintf(entry, sizeof(entry), "%s %s|", (const char *)opaque, name ? name : "(null)");
    log_append(entry);
}

static void on_net(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque) {
    log_lifecycle(conn, virNetworkGetName(net), event, detail, opaque);
}

/* The same, as another function. */
static void on_net2(virConnectPtr conn, virNetworkPtr net, int event, int detail, void *opaque) {
    on_net(conn, net, event, detail, opaque);
}

static void on_pool(virConnectPtr conn, virStoragePoolPtr pool, int event, int detail, void *opaque) {
    log_lifecycle(conn, virStoragePoolGetName(pool), event, detail, opaque);
}

static void on_pool_refresh(virConnectPtr conn, virStoragePoolPtr pool, void *opaque) {
    log_plain(conn, virStoragePoolGetName(pool), opaque);
}

static void on_dev(virConnectPtr conn, virNodeDevicePtr dev, int event, int detail, void *opaque) {
    log_lifecycle(conn, virNodeDeviceGetName(dev), event, detail, opaque);
}

static void on_dev_update(virConnectPtr conn, virNodeDevicePtr dev, void *opaque) {
    log_plain(conn, virNodeDeviceGetName(dev), opaque);
}

static void on_secret(virConnectPtr conn, virSecretPtr secret, int event, int detail, void *opaque) {
    (void)conn; (void)secret; (void)event; (void)detail; (void)opaque;
}

static void on_free(void *opaque) {
    (void)opaque;
    freed++;
}

/* Over a daemon the library's remote driver words an unknown callback id its own way. */
static int remote(void) {
    return strchr(test_uri(), '+') != NULL;
}

static void check_unknown_id(int id) {
    char msg[128];
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    if (remote())
        snprintf(msg, sizeof(msg), "invalid argument: event callback id %d not registered", id);
    else
        snprintf(msg, sizeof(msg), "invalid argument: could not find event callback %d for deletion", id);
    CHECK_MSG(msg);
}

static void argument_errors(virConnectPtr c, virConnectPtr c2) {
    CHECK_INT(virConnectNetworkEventRegisterAny(NULL, NULL, 0, VIR_NETWORK_EVENT_CALLBACK(on_net), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_NETWORK);
    CHECK_MSG("invalid connection pointer in virConnectNetworkEventRegisterAny");
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, 0, NULL, "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_MSG("cb in virConnectNetworkEventRegisterAny must not be NULL");
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, 1, VIR_NETWORK_EVENT_CALLBACK(on_net), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_STR(virGetLastError()->str2, "eventID");
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, -1, VIR_NETWORK_EVENT_CALLBACK(on_net), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_INT(virConnectNetworkEventRegisterAny(c, (virNetworkPtr)c, 0, VIR_NETWORK_EVENT_CALLBACK(on_net), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK);
    virNetworkPtr other = virNetworkLookupByName(c2, "default");
    CHECK(other != NULL);
    CHECK_INT(virConnectNetworkEventRegisterAny(c, other, 0, VIR_NETWORK_EVENT_CALLBACK(on_net), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_STR(virGetLastError()->str2, "net");
    if (other)
        virNetworkFree(other);
    CHECK_INT(virConnectNetworkEventDeregisterAny(c, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_INT(virConnectNetworkEventDeregisterAny(NULL, 0), -1);
    CHECK_ERR(VIR_ERR_INVALID_CONN, VIR_FROM_NETWORK);

    CHECK_INT(virConnectStoragePoolEventRegisterAny(c, NULL, 2, VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK_INT(virConnectStoragePoolEventRegisterAny(c, NULL, 0, NULL, "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK_MSG("cb in virConnectStoragePoolEventRegisterAny must not be NULL");
    CHECK_INT(virConnectStoragePoolEventDeregisterAny(c, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK_INT(virConnectNodeDeviceEventRegisterAny(c, NULL, 2, VIR_NODE_DEVICE_EVENT_CALLBACK(on_dev), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);
    CHECK_INT(virConnectNodeDeviceEventRegisterAny(c, (virNodeDevicePtr)c, 0, VIR_NODE_DEVICE_EVENT_CALLBACK(on_dev), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_NODE_DEVICE, VIR_FROM_NODEDEV);
    CHECK_INT(virConnectNodeDeviceEventDeregisterAny(c, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NODEDEV);

    /* The test driver has no secrets: their events are not supported, in process and
     * behind a daemon alike; the argument checks come first. */
    CHECK_INT(virConnectSecretEventRegisterAny(c, NULL, 2, VIR_SECRET_EVENT_CALLBACK(on_secret), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_SECRET);
    CHECK_INT(virConnectSecretEventRegisterAny(c, NULL, 0, VIR_SECRET_EVENT_CALLBACK(on_secret), "x", on_free), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET);
    CHECK_MSG("this function is not supported by the connection driver: virConnectSecretEventRegisterAny");
    CHECK_INT(virConnectSecretEventRegisterAny(c, NULL, 1, VIR_SECRET_EVENT_CALLBACK(on_secret), "x", NULL), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET);
    CHECK_INT(virConnectSecretEventDeregisterAny(c, 999), -1);
    if (remote()) {
        check_unknown_id(999);
    } else {
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET);
        CHECK_MSG("this function is not supported by the connection driver: virConnectSecretEventDeregisterAny");
    }
    CHECK_INT(freed, 0);
}

static void network_events(virConnectPtr c, virConnectPtr c2) {
    int all = virConnectNetworkEventRegisterAny(c, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                VIR_NETWORK_EVENT_CALLBACK(on_net), "net", on_free);
    CHECK(all >= 0);
    /* The same function twice for all networks is refused; for one network it is another registration. */
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                VIR_NETWORK_EVENT_CALLBACK(on_net), "again", NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
    CHECK_MSG("invalid argument: event callback already tracked");
    virNetworkPtr def = virNetworkLookupByName(c, "default");
    int one = virConnectNetworkEventRegisterAny(c, def, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                                VIR_NETWORK_EVENT_CALLBACK(on_net2), "one", on_free);
    CHECK(one >= 0 && one != all);

    virNetworkPtr n = virNetworkDefineXML(c, xml_net);
    CHECK(n != NULL);
    EXPECT_EVENTS("net evnet 0 0|");
    CHECK_INT(virNetworkCreate(n), 0);
    EXPECT_EVENTS("net evnet 2 0|");
    CHECK_INT(virNetworkSetAutostart(n, 1), 0);
    EXPECT_EVENTS("");
    CHECK_INT(virNetworkDestroy(n), 0);
    EXPECT_EVENTS("net evnet 3 0|");
    /* The test driver stops an inactive network again, and says so. */
    CHECK_INT(virNetworkDestroy(n), 0);
    EXPECT_EVENTS("net evnet 3 0|");
    CHECK_INT(virNetworkUndefine(n), 0);
    EXPECT_EVENTS("net evnet 1 0|");
    CHECK_INT(virNetworkUndefine(n), -1);
    EXPECT_EVENTS("");
    virNetworkFree(n);

    /* A transient network, created by the other connection. */
    n = virNetworkCreateXML(c2, xml_net);
    CHECK(n != NULL);
    EXPECT_EVENTS("net evnet 2 0|");
    CHECK_INT(virNetworkDestroy(n), 0);
    EXPECT_EVENTS("net evnet 3 0|");
    virNetworkFree(n);

    /* Both callbacks hear about "default"; stopping and starting it restores it. */
    CHECK_INT(virNetworkDestroy(def), 0);
    EXPECT_EVENTS("net default 3 0|one default 3 0|");
    CHECK_INT(virNetworkCreate(def), 0);
    EXPECT_EVENTS("net default 2 0|one default 2 0|");

    CHECK_INT(virConnectNetworkEventDeregisterAny(c, all), 0);
    CHECK_INT(freed, 1);
    CHECK_INT(virConnectNetworkEventDeregisterAny(c, all), -1);
    check_unknown_id(all);
    n = virNetworkDefineXML(c, xml_net);
    CHECK(n != NULL);
    CHECK_INT(virNetworkUndefine(n), 0);
    if (n)
        virNetworkFree(n);
    EXPECT_EVENTS("");
    CHECK_INT(virConnectNetworkEventDeregisterAny(c, one), 0);
    CHECK_INT(freed, 2);
    virNetworkFree(def);
}

static void pool_events(virConnectPtr c) {
    int life = virConnectStoragePoolEventRegisterAny(c, NULL, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
                                                     VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool), "pool", on_free);
    int refresh = virConnectStoragePoolEventRegisterAny(c, NULL, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                                        VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool_refresh), "refresh", on_free);
    CHECK(life >= 0 && refresh >= 0 && life != refresh);

    virStoragePoolPtr p = virStoragePoolDefineXML(c, xml_pool, 0);
    CHECK(p != NULL);
    EXPECT_EVENTS("pool evpool 0 0|");
    CHECK_INT(virStoragePoolBuild(p, 0), 0);
    EXPECT_EVENTS("pool evpool 4 0|");
    CHECK_INT(virStoragePoolCreate(p, 0), 0);
    EXPECT_EVENTS("pool evpool 2 0|");
    CHECK_INT(virStoragePoolRefresh(p, 0), 0);
    EXPECT_EVENTS("refresh evpool|");
    virStorageVolPtr v = virStorageVolCreateXML(p, "<volume><name>v1</name><capacity>1024</capacity></volume>", 0);
    CHECK(v != NULL);
    if (v) {
        CHECK_INT(virStorageVolDelete(v, 0), 0);
        virStorageVolFree(v);
    }
    EXPECT_EVENTS("");
    CHECK_INT(virStoragePoolDestroy(p), 0);
    EXPECT_EVENTS("pool evpool 3 0|");
    CHECK_INT(virStoragePoolRefresh(p, 0), -1);
    EXPECT_EVENTS("");
    CHECK_INT(virStoragePoolDelete(p, 0), 0);
    EXPECT_EVENTS("pool evpool 5 0|");
    CHECK_INT(virStoragePoolUndefine(p), 0);
    EXPECT_EVENTS("pool evpool 1 0|");
    virStoragePoolFree(p);

    p = virStoragePoolCreateXML(c, xml_pool, 0);
    CHECK(p != NULL);
    EXPECT_EVENTS("pool evpool 2 0|");
    CHECK_INT(virStoragePoolDestroy(p), 0);
    EXPECT_EVENTS("pool evpool 3 0|");
    virStoragePoolFree(p);

    CHECK_INT(virConnectStoragePoolEventDeregisterAny(c, refresh), 0);
    CHECK_INT(virConnectStoragePoolEventDeregisterAny(c, life), 0);
    CHECK_INT(virConnectStoragePoolEventDeregisterAny(c, life), -1);
    check_unknown_id(life);
}

static void device_events(virConnectPtr c) {
    virNodeDevicePtr host1 = virNodeDeviceLookupByName(c, "scsi_host1");
    int life = virConnectNodeDeviceEventRegisterAny(c, NULL, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                                    VIR_NODE_DEVICE_EVENT_CALLBACK(on_dev), "dev", on_free);
    int update = virConnectNodeDeviceEventRegisterAny(c, NULL, VIR_NODE_DEVICE_EVENT_ID_UPDATE,
                                                      VIR_NODE_DEVICE_EVENT_CALLBACK(on_dev_update), "update", on_free);
    /* Only about scsi_host1, which the test does not change. */
    int one = virConnectNodeDeviceEventRegisterAny(c, host1, VIR_NODE_DEVICE_EVENT_ID_LIFECYCLE,
                                                   VIR_NODE_DEVICE_EVENT_CALLBACK(on_dev), "host1", on_free);
    CHECK(life >= 0 && update >= 0 && one >= 0);

    virNodeDevicePtr d = virNodeDeviceCreateXML(c, xml_vhba, 0);
    CHECK(d != NULL);
    EXPECT_EVENTS("dev scsi_host12 0 0|");
    if (d) {
        CHECK_STR(virNodeDeviceGetName(d), "scsi_host12");
        CHECK_INT(virNodeDeviceDestroy(d), 0);
        virNodeDeviceFree(d);
    }
    EXPECT_EVENTS("dev scsi_host12 1 0|");

    CHECK_INT(virConnectNodeDeviceEventDeregisterAny(c, one), 0);
    CHECK_INT(virConnectNodeDeviceEventDeregisterAny(c, update), 0);
    CHECK_INT(virConnectNodeDeviceEventDeregisterAny(c, life), 0);
    CHECK_INT(virConnectNodeDeviceEventDeregisterAny(c, life), -1);
    check_unknown_id(life);
    if (host1)
        virNodeDeviceFree(host1);
}

int main(void) {
    check_begin("t_object_events");
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    virConnectPtr c = virConnectOpen(test_uri());
    virConnectPtr c2 = virConnectOpen(test_uri());
    CHECK(c != NULL && c2 != NULL);
    if (!c || !c2)
        return check_end("t_object_events");
    expected_conn = c;

    argument_errors(c, c2);
    network_events(c, c2);
    pool_events(c);
    CHECK_INT(freed, 4);
    device_events(c);
    CHECK_INT(freed, 7);
    CHECK_INT(wrong_conn, 0);

    /* Callback ids of every class come from one counter per connection. */
    int a = virConnectNetworkEventRegisterAny(c, NULL, 0, VIR_NETWORK_EVENT_CALLBACK(on_net), "a", NULL);
    int b = virConnectStoragePoolEventRegisterAny(c, NULL, 0, VIR_STORAGE_POOL_EVENT_CALLBACK(on_pool), "b", NULL);
    CHECK(a >= 0 && b == a + 1);
    CHECK_INT(virConnectStoragePoolEventDeregisterAny(c, b), 0);
    CHECK_INT(virConnectNetworkEventDeregisterAny(c, a), 0);

    /* A callback still registered when its connection closes keeps the connection open. */
    CHECK(virConnectNetworkEventRegisterAny(c2, NULL, 0, VIR_NETWORK_EVENT_CALLBACK(on_net), "late", on_free) >= 0);
    CHECK_INT(virConnectClose(c2), 1);
    CHECK_INT(freed, 7);
    CHECK_INT(virConnectClose(c), 0);
    return check_end("t_object_events");
}
