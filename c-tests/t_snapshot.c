/* Domain snapshots as libvirt 9.0.0's test driver keeps them: creation, XML, listing with
 * filters, current and parent, revert (domain states), delete, errors. Uses its own domain
 * and removes it, leaving test:///default as it was. */
#include "check.h"

static const char *xml_dom =
    "<domain type='test'><name>snap-dom</name><uuid>aaaaaaaa-1111-2222-3333-777777777777</uuid>"
    "<memory>65536</memory><os><type>hvm</type></os></domain>";

int main(void) {
    check_begin("t_snapshot");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_snapshot");
    virDomainPtr d = virDomainDefineXML(c, xml_dom);
    CHECK(d != NULL);
    CHECK_INT(virDomainCreate(d), 0);
    CHECK_INT(virDomainSnapshotNum(d, 0), 0);
    CHECK_INT(virDomainHasCurrentSnapshot(d, 0), 0);
    CHECK(virDomainSnapshotCurrent(d, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST);
    CHECK_MSG("Domain snapshot not found: the domain does not have a current snapshot");

    virDomainSnapshotPtr s1 = virDomainSnapshotCreateXML(d, "<domainsnapshot><name>s1</name><description>a&lt;b</description></domainsnapshot>", 0);
    CHECK(s1 != NULL);
    CHECK_STR(virDomainSnapshotGetName(s1), "s1");
    CHECK(virDomainSnapshotGetDomain(s1) == d);
    CHECK(virDomainSnapshotGetConnect(s1) == c);
    char *x = virDomainSnapshotGetXMLDesc(s1, 0);
    CHECK(x && strstr(x, "<domainsnapshot>\n  <name>s1</name>\n  <description>a&lt;b</description>\n  <state>running</state>\n  <creationTime>"));
    CHECK(x && strstr(x, "  <memory snapshot='internal'/>\n  <domain type='test'>\n    <name>snap-dom</name>\n"));
    free(x);
    virDomainSnapshotPtr s2 = virDomainSnapshotCreateXML(d, "<domainsnapshot><name>s2</name></domainsnapshot>", 0);
    CHECK(s2 != NULL);
    CHECK(virDomainSnapshotCreateXML(d, "<domainsnapshot><name>s2</name></domainsnapshot>", 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN);
    CHECK_MSG("operation failed: domain moment s2 already exists");
    CHECK(virDomainSnapshotCreateXML(d, "<domainsnapshot/>", VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x4) in function testDomainSnapshotCreateXML");
    CHECK(virDomainSnapshotCreateXML(d, "<foo/>", 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_XML);
    CHECK(virDomainSnapshotCreateXML(d, "<domainsnapshot><name>r</name></domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) == NULL);
    CHECK_MSG("internal error: missing creationTime from existing snapshot");
    /* A redefined snapshot's parent must exist and not be itself (domain errors). */
    char *dx = virDomainGetXMLDesc(d, 0);
    const char *parents[] = { "nope", "r1" };
    const char *msgs[] = { "invalid argument: parent nope for moment r1 not found",
                           "invalid argument: cannot set moment r1 as its own parent" };
    for (int i = 0; dx && i < 2; i++) {
        char *rx = NULL;
        CHECK(asprintf(&rx, "<domainsnapshot><name>r1</name><parent><name>%s</name></parent>"
                            "<creationTime>1</creationTime><state>running</state>%s</domainsnapshot>",
                       parents[i], dx) > 0);
        CHECK(virDomainSnapshotCreateXML(d, rx, VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) == NULL);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
        CHECK_MSG(msgs[i]);
        free(rx);
    }
    free(dx);

    CHECK_INT(virDomainSnapshotNum(d, 0), 2);
    CHECK_INT(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS), 1);
    CHECK_INT(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), 1);
    CHECK_INT(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA), 0);
    CHECK_INT(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE), 0);
    CHECK_INT(virDomainSnapshotNum(d, VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE), 2);
    CHECK_INT(virDomainSnapshotNum(d, 1u << 11), -1);
    CHECK_MSG("unsupported flags (0x800) in function testDomainSnapshotNum");
    char *names[4] = {0};
    CHECK_INT(virDomainSnapshotListNames(d, names, 4, VIR_DOMAIN_SNAPSHOT_LIST_LEAVES), 1);
    CHECK_STR(names[0], "s2");
    free(names[0]);
    CHECK_INT(virDomainSnapshotListChildrenNames(s1, names, 4, 0), 1);
    CHECK_STR(names[0], "s2");
    free(names[0]);
    CHECK_INT(virDomainSnapshotNumChildren(s1, VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS), 1);
    virDomainSnapshotPtr *all = NULL;
    CHECK_INT(virDomainListAllSnapshots(d, &all, 0), 2);
    for (int i = 0; all && all[i]; i++)
        virDomainSnapshotFree(all[i]);
    free(all);
    CHECK_INT(virDomainSnapshotListAllChildren(s2, NULL, 0), 0);

    virDomainSnapshotPtr cur = virDomainSnapshotCurrent(d, 0);
    CHECK(cur && strcmp(virDomainSnapshotGetName(cur), "s2") == 0);
    if (cur) virDomainSnapshotFree(cur);
    CHECK_INT(virDomainSnapshotIsCurrent(s1, 0), 0);
    CHECK_INT(virDomainSnapshotHasMetadata(s1, 0), 1);
    virDomainSnapshotPtr p = virDomainSnapshotGetParent(s2, 0);
    CHECK(p && strcmp(virDomainSnapshotGetName(p), "s1") == 0);
    if (p) virDomainSnapshotFree(p);
    CHECK(virDomainSnapshotGetParent(s1, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_FROM_TEST);
    CHECK_MSG("Domain snapshot not found: snapshot 's1' does not have a parent");
    CHECK(virDomainSnapshotLookupByName(d, "nope", 0) == NULL);
    CHECK_MSG("Domain snapshot not found: no domain snapshot with matching name 'nope'");

    /* halt: the domain stops; reverting to a running snapshot starts it again */
    virDomainSnapshotPtr h = virDomainSnapshotCreateXML(d, "<domainsnapshot><name>h</name></domainsnapshot>", VIR_DOMAIN_SNAPSHOT_CREATE_HALT);
    CHECK(h != NULL);
    int st = -1, reason = -1;
    CHECK_INT(virDomainGetState(d, &st, &reason, 0), 0);
    CHECK_INT(st, VIR_DOMAIN_SHUTOFF);
    CHECK_INT(reason, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT);
    CHECK_INT(virDomainRevertToSnapshot(s1, VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED), 0);
    CHECK_INT(virDomainGetState(d, &st, &reason, 0), 0);
    CHECK_INT(st, VIR_DOMAIN_PAUSED);
    CHECK_INT(reason, VIR_DOMAIN_PAUSED_FROM_SNAPSHOT);
    CHECK_INT(virDomainRevertToSnapshot(s1, 0), 0);
    CHECK_INT(virDomainGetState(d, &st, &reason, 0), 0);
    CHECK_INT(st, VIR_DOMAIN_RUNNING);
    CHECK_INT(virDomainSnapshotIsCurrent(s1, 0), 1);
    CHECK_INT(virDomainSnapshotDelete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY), -1);
    CHECK_MSG("unsupported flags (0x2) in function testDomainSnapshotDelete");
    CHECK_INT(virDomainSnapshotDelete(s1, VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY), 0);
    CHECK_INT(virDomainSnapshotNum(d, 0), 1);
    CHECK_INT(virDomainSnapshotDelete(s1, 0), 0);
    CHECK_INT(virDomainSnapshotNum(d, 0), 0);
    CHECK_INT(virDomainHasCurrentSnapshot(d, 0), 0);
    virDomainSnapshotFree(h);
    virDomainSnapshotFree(s2);
    virDomainSnapshotFree(s1);

    virDomainDestroy(d);
    /* An inactive domain with snapshots is undefined only with their metadata. */
    virDomainSnapshotPtr last = virDomainSnapshotCreateXML(d, "<domainsnapshot><name>last</name></domainsnapshot>", 0);
    CHECK(last != NULL);
    CHECK_INT(virDomainUndefine(d), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: cannot delete inactive domain with 1 snapshots");
    CHECK_INT(virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA), 0);
    if (last)
        virDomainSnapshotFree(last);
    virDomainFree(d);
    virConnectClose(c);
    return check_end("t_snapshot");
}
