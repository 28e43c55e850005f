/* Functions the driver does not implement fail with VIR_ERR_NO_SUPPORT, after libvirt's
 * argument checks. The functions chosen here are unsupported by libvirt's test driver
 * too, so this holds for both libraries. */
#include "check.h"

static void any_event(void) {}

int main(void) {
    check_begin("t_unsupported");
    virConnectPtr c = virConnectOpen(test_uri());
    virDomainPtr d = virDomainLookupByName(c, "test");
    CHECK(c && d);

    CHECK(virConnectDomainXMLToNative(c, "qemu-argv", "<domain/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virConnectDomainXMLToNative");

    CHECK_INT(virDomainMigrateSetMaxDowntime(d, 100, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virDomainMigrateSetMaxDowntime");

    CHECK_INT(virNodeSuspendForDuration(c, VIR_NODE_SUSPEND_TARGET_MEM, 60, 0), -1);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);

    CHECK(virSecretDefineXML(c, "<secret ephemeral='no' private='no'/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_SECRET);
    CHECK_MSG("this function is not supported by the connection driver: virSecretDefineXML");

    /* Argument checks come first: a NULL where libvirt requires a value. */
    CHECK(virConnectDomainXMLToNative(c, NULL, "<domain/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("nativeFormat in virConnectDomainXMLToNative must not be NULL");

    /* Event registrations check their event id and callback first. */
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, 5, VIR_NETWORK_EVENT_CALLBACK(any_event), NULL, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NETWORK);
    CHECK_MSG("eventID in virConnectNetworkEventRegisterAny must be less than 1");
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, -1, VIR_NETWORK_EVENT_CALLBACK(any_event), NULL, NULL), -1);
    CHECK_MSG("eventID in virConnectNetworkEventRegisterAny must be zero or greater");
    CHECK_INT(virConnectNetworkEventRegisterAny(c, NULL, 0, NULL, NULL, NULL), -1);
    CHECK_MSG("cb in virConnectNetworkEventRegisterAny must not be NULL");
    CHECK_INT(virConnectStoragePoolEventRegisterAny(c, NULL, 7, VIR_STORAGE_POOL_EVENT_CALLBACK(any_event), NULL, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK_MSG("eventID in virConnectStoragePoolEventRegisterAny must be less than 2");
    CHECK_INT(virConnectSecretEventRegisterAny(c, NULL, 3, VIR_SECRET_EVENT_CALLBACK(any_event), NULL, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_SECRET);

    /* Handles of other classes: NULL is reported with that class's error. */
    CHECK(virNetworkGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_NETWORK, VIR_FROM_NETWORK);
    CHECK(virStoragePoolGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE);
    CHECK_INT(virStreamFree(NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_STREAM, VIR_FROM_STREAMS);
    CHECK_INT(virSecretGetUUIDString(NULL, NULL), -1);
    CHECK_ERR(VIR_ERR_INVALID_SECRET, VIR_FROM_SECRET);

    /* Read-only connections refuse changes before asking the driver. */
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    CHECK_INT(virDomainMigrateSetMaxDowntime(rd, 100, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    virDomainFree(rd);
    virConnectClose(ro);

    virDomainFree(d);
    virConnectClose(c);
    return check_end("t_unsupported");
}
