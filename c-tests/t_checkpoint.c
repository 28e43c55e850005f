/* Domain checkpoints as libvirt 9.0.0's test driver keeps them: creation (the last one is the
 * next one's parent), XML, listing with its flags, parent and children, redefinition, delete
 * with its flags, handles, errors, and checkpoints and snapshots excluding each other. Uses its
 * own domain and removes it, leaving test:///default as it was. */
#include "check.h"

static const char *xml_dom =
    "<domain type='test'><name>cp-dom</name><uuid>aaaaaaaa-1111-2222-3333-888888888888</uuid>"
    "<memory>65536</memory><os><type>hvm</type></os><devices><disk type='file' device='disk'>"
    "<source file='/guest/cp.img'/><target dev='vda' bus='virtio'/></disk><disk type='file' device='disk'>"
    "<source file='/guest/ro.img'/><target dev='vdb' bus='virtio'/><readonly/></disk></devices></domain>";

/* The names a list holds, in order, joined by commas (the handles are freed). */
static void names_of(virDomainCheckpointPtr *list, int n, char *out, size_t len) {
    out[0] = 0;
    for (int i = 0; list && i < n; i++) {
        if (i)
            strncat(out, ",", len - strlen(out) - 1);
        strncat(out, virDomainCheckpointGetName(list[i]), len - strlen(out) - 1);
        virDomainCheckpointFree(list[i]);
    }
    free(list);
}

static const char *list_all(virDomainPtr d, unsigned int flags) {
    static char buf[256];
    virDomainCheckpointPtr *l = NULL;
    int n = virDomainListAllCheckpoints(d, &l, flags);
    if (n < 0)
        return "error";
    names_of(l, n, buf, sizeof(buf));
    return buf;
}

static const char *children(virDomainPtr d, const char *name, unsigned int flags) {
    static char buf[256];
    virDomainCheckpointPtr cp = virDomainCheckpointLookupByName(d, name, 0);
    if (!cp)
        return "no such checkpoint";
    virDomainCheckpointPtr *l = NULL;
    int n = virDomainCheckpointListAllChildren(cp, &l, flags);
    virDomainCheckpointFree(cp);
    if (n < 0)
        return "error";
    names_of(l, n, buf, sizeof(buf));
    return buf;
}

static const char *parent(virDomainPtr d, const char *name) {
    static char buf[64];
    virDomainCheckpointPtr cp = virDomainCheckpointLookupByName(d, name, 0);
    if (!cp)
        return "no such checkpoint";
    virDomainCheckpointPtr p = virDomainCheckpointGetParent(cp, 0);
    virDomainCheckpointFree(cp);
    if (!p)
        return "none";
    snprintf(buf, sizeof(buf), "%s", virDomainCheckpointGetName(p));
    virDomainCheckpointFree(p);
    return buf;
}

static virDomainCheckpointPtr create(virDomainPtr d, const char *name) {
    char xml[128];
    snprintf(xml, sizeof(xml), "<domaincheckpoint><name>%s</name></domaincheckpoint>", name);
    return virDomainCheckpointCreateXML(d, xml, 0);
}

static int delete_named(virDomainPtr d, const char *name, unsigned int flags) {
    virDomainCheckpointPtr cp = virDomainCheckpointLookupByName(d, name, 0);
    if (!cp)
        return -2;
    int r = virDomainCheckpointDelete(cp, flags);
    virDomainCheckpointFree(cp);
    return r;
}

int main(void) {
    check_begin("t_checkpoint");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_checkpoint");
    virDomainPtr d = virDomainDefineXML(c, xml_dom);
    CHECK(d != NULL);
    if (!d) {
        virConnectClose(c);
        return check_end("t_checkpoint");
    }

    /* An inactive domain takes none. */
    CHECK(create(d, "x") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST);
    CHECK_MSG("Operation not supported: cannot create checkpoint for inactive domain");
    CHECK_INT(virDomainCreate(d), 0);
    CHECK_STR(list_all(d, 0), "");

    virDomainCheckpointPtr a = virDomainCheckpointCreateXML(
        d, "<domaincheckpoint><name>a</name><description>x&lt;y</description></domaincheckpoint>", 0);
    CHECK(a != NULL);
    if (!a) {
        virDomainDestroy(d);
        virDomainUndefine(d);
        virDomainFree(d);
        virConnectClose(c);
        return check_end("t_checkpoint");
    }
    CHECK_STR(virDomainCheckpointGetName(a), "a");
    CHECK(virDomainCheckpointGetDomain(a) == d);
    CHECK(virDomainCheckpointGetConnect(a) == c);
    CHECK_INT(virDomainCheckpointRef(a), 0);
    CHECK_INT(virDomainCheckpointFree(a), 0);
    char *x = virDomainCheckpointGetXMLDesc(a, 0);
    CHECK(x && strstr(x, "<domaincheckpoint>\n  <name>a</name>\n  <description>x&lt;y</description>\n  <creationTime>") == x);
    CHECK(x && strstr(x, "</creationTime>\n  <disks>\n    <disk name='vda' checkpoint='bitmap' bitmap='a'/>\n"
                         "    <disk name='vdb' checkpoint='no'/>\n  </disks>\n"
                         "  <domain type='test'>\n    <name>cp-dom</name>\n    <uuid>aaaaaaaa-1111-2222-3333-888888888888</uuid>\n"));
    CHECK(x && strstr(x, "  </domain>\n</domaincheckpoint>\n"));
    free(x);
    x = virDomainCheckpointGetXMLDesc(a, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);
    CHECK(x && strstr(x, "  </disks>\n</domaincheckpoint>\n") && !strstr(x, "<domain "));
    free(x);
    CHECK(virDomainCheckpointGetXMLDesc(a, 8) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x8) in function testDomainCheckpointGetXMLDesc");

    /* Each new checkpoint's parent is the last one created. */
    virDomainCheckpointPtr b = virDomainCheckpointCreateXML(
        d, "<domaincheckpoint><name>b</name><disks><disk name='vda' checkpoint='no'/></disks></domaincheckpoint>", 0);
    CHECK(b != NULL);
    x = b ? virDomainCheckpointGetXMLDesc(b, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN) : NULL;
    CHECK(x && strstr(x, "<domaincheckpoint>\n  <name>b</name>\n  <parent>\n    <name>a</name>\n  </parent>\n  <creationTime>"));
    CHECK(x && strstr(x, "</creationTime>\n  <disks>\n    <disk name='vda' checkpoint='no'/>\n"
                         "    <disk name='vdb' checkpoint='no'/>\n  </disks>\n</domaincheckpoint>\n"));
    free(x);
    if (b)
        virDomainCheckpointFree(b);
    CHECK(create(d, "c") != NULL);
    CHECK(create(d, "b") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation failed: domain moment b already exists");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>z</name><disks><disk name='vdz'/></disks></domaincheckpoint>", 0) == NULL);
    CHECK_ERR(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK_MSG("unsupported configuration: no disk named 'vdz'");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>z</name><disks><disk name='vdb'/></disks></domaincheckpoint>", 0) == NULL);
    CHECK_ERR(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK_MSG("unsupported configuration: disk 'vdb' is empty or readonly");
    CHECK(virDomainCheckpointCreateXML(d, "<foo/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_XML);
    CHECK_MSG("XML error: expecting root element of 'domaincheckpoint', not 'foo'");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>z", 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint/>", VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK_MSG("Flag 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE'");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint/>",
                                       VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE | VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainCheckpointCreateXML");

    /* Redefinition: given creation time, parent and disks; no alignment, not the next parent. */
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>r</name></domaincheckpoint>", VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK_MSG("internal error: missing creationTime from existing checkpoint");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>r</name><parent><name>zz</name></parent>"
                                       "<creationTime>6</creationTime></domaincheckpoint>", VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: parent zz for moment r not found");
    CHECK(virDomainCheckpointCreateXML(d, "<domaincheckpoint><name>r</name><parent><name>r</name></parent>"
                                       "<creationTime>6</creationTime></domaincheckpoint>", VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("invalid argument: cannot set moment r as its own parent");
    virDomainCheckpointPtr r = virDomainCheckpointCreateXML(
        d, "<domaincheckpoint><name>r</name><parent><name>a</name></parent><creationTime>6</creationTime>"
        "<disks><disk name='vdq'/></disks></domaincheckpoint>",
        VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE);
    CHECK(r != NULL);
    x = r ? virDomainCheckpointGetXMLDesc(r, 0) : NULL;
    CHECK_STR(x, "<domaincheckpoint>\n  <name>r</name>\n  <parent>\n    <name>a</name>\n  </parent>\n"
                 "  <creationTime>6</creationTime>\n  <disks>\n    <disk name='vdq' checkpoint='bitmap' bitmap='r'/>\n  </disks>\n</domaincheckpoint>\n");
    free(x);
    if (r)
        virDomainCheckpointFree(r);
    CHECK(create(d, "d") != NULL);
    CHECK_STR(parent(d, "d"), "c");
    CHECK_STR(parent(d, "r"), "a");
    CHECK_STR(parent(d, "a"), "none");
    CHECK(virDomainCheckpointGetParent(a, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST);
    CHECK_MSG("Domain checkpoint not found: checkpoint 'a' does not have a parent");
    CHECK(virDomainCheckpointLookupByName(d, "nope", 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST);
    CHECK_MSG("Domain checkpoint not found: no domain checkpoint with matching name 'nope'");
    CHECK(virDomainCheckpointLookupByName(d, "a", 1) == NULL);
    CHECK_MSG("unsupported flags (0x1) in function testDomainCheckpointLookupByName");

    /* a -> {r, b -> c -> d}, children newest first */
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL), "a,r,b,c,d");
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_ROOTS), "a");
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL), "r,d");
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL), "a,b,c");
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES), "");
    CHECK_INT(virDomainListAllCheckpoints(d, NULL, 0), 5);
    CHECK_INT(virDomainListAllCheckpoints(d, NULL, 16), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x10) in function testDomainListAllCheckpoints");
    CHECK_STR(children(d, "a", 0), "r,b");
    CHECK_STR(children(d, "a", VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS), "r,b,c,d");
    CHECK_STR(children(d, "a", VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_LEAVES), "r,d");
    CHECK_STR(children(d, "d", 0), "");
    CHECK_INT(virDomainCheckpointListAllChildren(a, NULL, VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS), 4);

    /* Snapshots and checkpoints exclude each other. */
    CHECK(virDomainSnapshotCreateXML(d, "<domainsnapshot><name>s</name></domainsnapshot>", 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST);
    CHECK_MSG("Operation not supported: cannot create snapshot while checkpoint exists");

    /* Read-only connections may look but not change. */
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(ro != NULL);
    virDomainPtr rd = ro ? virDomainLookupByName(ro, "cp-dom") : NULL;
    CHECK(rd != NULL);
    if (rd) {
        CHECK(create(rd, "ro") == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT);
        virDomainCheckpointPtr ra = virDomainCheckpointLookupByName(rd, "a", 0);
        CHECK(ra != NULL);
        if (ra) {
            CHECK(virDomainCheckpointGetConnect(ra) == ro);
            CHECK_INT(virDomainCheckpointDelete(ra, 0), -1);
            CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT);
            CHECK(virDomainCheckpointGetXMLDesc(ra, VIR_DOMAIN_CHECKPOINT_XML_SECURE) == NULL);
            CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN_CHECKPOINT);
            virDomainCheckpointFree(ra);
        }
        virDomainFree(rd);
    }
    if (ro)
        virConnectClose(ro);

    /* Delete: children go to the parent; the parent of the next one follows. */
    CHECK_INT(virDomainCheckpointDelete(a, VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN | VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN_CHECKPOINT);
    CHECK_INT(virDomainCheckpointDelete(a, 8), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x8) in function testDomainCheckpointDelete");
    CHECK_INT(delete_named(d, "b", VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY), 0);
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL), "a,r,b");
    CHECK(create(d, "e") != NULL);
    CHECK_STR(parent(d, "e"), "b");
    CHECK_INT(virDomainCheckpointDelete(a, VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY), 0);
    CHECK_STR(list_all(d, VIR_DOMAIN_CHECKPOINT_LIST_ROOTS), "r,b");
    CHECK_STR(parent(d, "r"), "none");
    CHECK_INT(virDomainCheckpointDelete(a, 0), -1);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_TEST);
    CHECK_MSG("Domain checkpoint not found: no domain checkpoint with matching name 'a'");
    CHECK_INT(delete_named(d, "e", 0), 0);
    CHECK(create(d, "f") != NULL);
    CHECK_STR(parent(d, "f"), "b");
    CHECK_INT(delete_named(d, "b", VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN), 0);
    CHECK_STR(list_all(d, 0), "r");
    CHECK(create(d, "g") != NULL);
    CHECK_STR(parent(d, "g"), "none");
    CHECK_INT(delete_named(d, "r", 0), 0);
    CHECK_INT(delete_named(d, "g", 0), 0);
    CHECK_STR(list_all(d, 0), "");
    virDomainCheckpointFree(a);

    /* With no checkpoint left, a snapshot may be taken; then no checkpoint may. */
    virDomainSnapshotPtr s = virDomainSnapshotCreateXML(d, "<domainsnapshot><name>s</name></domainsnapshot>", 0);
    CHECK(s != NULL);
    CHECK(create(d, "h") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST);
    CHECK_MSG("Operation not supported: cannot create checkpoint while snapshot exists");
    if (s) {
        CHECK_INT(virDomainSnapshotDelete(s, 0), 0);
        virDomainSnapshotFree(s);
    }

    /* A domain going away takes its checkpoints along. */
    CHECK(create(d, "last") != NULL);
    CHECK_INT(virDomainDestroy(d), 0);
    CHECK_INT(virDomainUndefine(d), 0);
    virDomainFree(d);
    virConnectClose(c);
    return check_end("t_checkpoint");
}
