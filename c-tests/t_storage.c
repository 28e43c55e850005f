/* Storage pools and volumes as libvirt 9.0.0's test driver keeps them: the default pool, the pool
 * life cycle, volumes and their sizes, keys and paths, lookups, lists, canned source discovery,
 * errors, read-only refusal and bad input. Lists come in hash order in libvirt, so only their
 * contents are checked. Everything created is removed again. */
#include "check.h"

#define DEFAULT_UUID "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"
#define CAP 107374182400ULL

static const char *default_xml =
    "<pool type='dir'>\n"
    "  <name>default-pool</name>\n"
    "  <uuid>" DEFAULT_UUID "</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <allocation unit='bytes'>0</allocation>\n"
    "  <available unit='bytes'>107374182400</available>\n"
    "  <source>\n"
    "  </source>\n"
    "  <target>\n"
    "    <path>/default-pool</path>\n"
    "  </target>\n"
    "</pool>\n";

static const char *sp_xml =
    "<pool type='dir'><name>t-storage</name><uuid>5a5a5a5a-1111-2222-3333-444444444444</uuid>"
    "<capacity>5</capacity><source/><target><path>//t-storage//dir/</path>"
    "<permissions><mode>0750</mode><owner>107</owner><group>-1</group><label>lbl</label></permissions>"
    "</target></pool>";

static const char *sp_formatted =
    "<pool type='dir'>\n"
    "  <name>t-storage</name>\n"
    "  <uuid>5a5a5a5a-1111-2222-3333-444444444444</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <allocation unit='bytes'>0</allocation>\n"
    "  <available unit='bytes'>107374182400</available>\n"
    "  <source>\n"
    "  </source>\n"
    "  <target>\n"
    "    <path>//t-storage/dir</path>\n"
    "    <permissions>\n"
    "      <mode>0750</mode>\n"
    "      <owner>107</owner>\n"
    "      <label>lbl</label>\n"
    "    </permissions>\n"
    "  </target>\n"
    "</pool>\n";

static const char *netfs_xml =
    "<pool type='netfs'><name>t-storage-nfs</name><uuid>5a5a5a5a-1111-2222-3333-555555555555</uuid>"
    "<source><host name='nfs.example.com' port='2049'/><dir path='/export//x/'/><protocol ver='4'/>"
    "<vendor name='v'/></source><target><path>/mnt/nfs</path></target></pool>";

static const char *netfs_formatted =
    "<pool type='netfs'>\n"
    "  <name>t-storage-nfs</name>\n"
    "  <uuid>5a5a5a5a-1111-2222-3333-555555555555</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <allocation unit='bytes'>0</allocation>\n"
    "  <available unit='bytes'>107374182400</available>\n"
    "  <source>\n"
    "    <host name='nfs.example.com' port='2049'/>\n"
    "    <dir path='/export/x'/>\n"
    "    <format type='auto'/>\n"
    "    <protocol ver='4'/>\n"
    "    <vendor name='v'/>\n"
    "  </source>\n"
    "  <target>\n"
    "    <path>/mnt/nfs</path>\n"
    "  </target>\n"
    "</pool>\n";

static const char *logical_formatted =
    "<pool type='logical'>\n"
    "  <name>t-storage-vg</name>\n"
    "  <uuid>5a5a5a5a-1111-2222-3333-666666666666</uuid>\n"
    "  <capacity unit='bytes'>107374182400</capacity>\n"
    "  <allocation unit='bytes'>0</allocation>\n"
    "  <available unit='bytes'>107374182400</available>\n"
    "  <source>\n"
    "    <device path='/dev/sdz'/>\n"
    "    <name>t-storage-vg</name>\n"
    "    <format type='lvm2'/>\n"
    "  </source>\n"
    "  <target>\n"
    "    <path>/dev/t-storage-vg</path>\n"
    "  </target>\n"
    "</pool>\n";

static const char *vol1_formatted =
    "<volume type='file'>\n"
    "  <name>v1</name>\n"
    "  <key>//t-storage/dir/v1</key>\n"
    "  <capacity unit='bytes'>1048576</capacity>\n"
    "  <allocation unit='bytes'>1000</allocation>\n"
    "  <target>\n"
    "    <path>//t-storage/dir/v1</path>\n"
    "    <format type='qcow2'/>\n"
    "    <permissions>\n"
    "      <mode>0600</mode>\n"
    "    </permissions>\n"
    "    <compat>1.1</compat>\n"
    "    <features>\n"
    "      <lazy_refcounts/>\n"
    "    </features>\n"
    "  </target>\n"
    "</volume>\n";

static int has_name(char **names, int n, const char *name) {
    int i, found = 0;
    for (i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            found = 1;
    return found;
}

static void free_names(char **names, int n) {
    int i;
    for (i = 0; i < n; i++)
        free(names[i]);
}

/* Whether the pools matching `flags` include `name`; -1 when the call fails. */
static int listed(virConnectPtr c, unsigned int flags, const char *name) {
    virStoragePoolPtr *pools = NULL;
    int i, n = virConnectListAllStoragePools(c, &pools, flags), found = 0;
    if (n < 0)
        return -1;
    for (i = 0; i < n; i++) {
        if (strcmp(virStoragePoolGetName(pools[i]), name) == 0)
            found = 1;
        virStoragePoolFree(pools[i]);
    }
    free(pools);
    return found;
}

static void check_default_pool(virConnectPtr c) {
    virStoragePoolPtr p = virStoragePoolLookupByName(c, "default-pool"), q;
    virStoragePoolInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN];
    unsigned char raw[VIR_UUID_BUFLEN];
    char *xml, *names[64];
    int autostart = -1, n;

    CHECK(p != NULL);
    if (!p)
        return;
    CHECK_STR(virStoragePoolGetName(p), "default-pool");
    CHECK(virStoragePoolGetConnect(p) == c);
    CHECK_INT(virStoragePoolGetUUIDString(p, uuid), 0);
    CHECK_STR(uuid, DEFAULT_UUID);
    CHECK_INT(virStoragePoolGetUUID(p, raw), 0);
    CHECK_INT(raw[0], 0xdf);
    CHECK_INT(raw[15], 0x66);
    CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
    CHECK_INT(info.state, VIR_STORAGE_POOL_RUNNING);
    CHECK(info.capacity == CAP);
    CHECK(info.allocation == 0);
    CHECK(info.available == CAP);
    xml = virStoragePoolGetXMLDesc(p, 0);
    CHECK_STR(xml, default_xml);
    free(xml);
    CHECK(virStoragePoolGetXMLDesc(p, VIR_STORAGE_XML_INACTIVE) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x1) in function testStoragePoolGetXMLDesc");
    CHECK_INT(virStoragePoolIsActive(p), 1);
    CHECK_INT(virStoragePoolIsPersistent(p), 1);
    CHECK_INT(virStoragePoolGetAutostart(p, &autostart), 0);
    CHECK_INT(autostart, 0);
    CHECK_INT(virStoragePoolNumOfVolumes(p), 0);
    CHECK_INT(virStoragePoolListVolumes(p, names, 64), 0);

    q = virStoragePoolLookupByUUIDString(c, DEFAULT_UUID);
    CHECK(q != NULL);
    if (q) {
        CHECK_STR(virStoragePoolGetName(q), "default-pool");
        virStoragePoolFree(q);
    }
    q = virStoragePoolLookupByUUID(c, raw);
    CHECK(q != NULL);
    if (q)
        virStoragePoolFree(q);

    CHECK(virConnectNumOfStoragePools(c) >= 1);
    n = virConnectListStoragePools(c, names, 64);
    CHECK(n >= 1 && has_name(names, n, "default-pool"));
    free_names(names, n > 0 ? n : 0);
    CHECK_INT(listed(c, 0, "default-pool"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE | VIR_CONNECT_LIST_STORAGE_POOLS_PERSISTENT
                     | VIR_CONNECT_LIST_STORAGE_POOLS_NO_AUTOSTART | VIR_CONNECT_LIST_STORAGE_POOLS_DIR, "default-pool"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE, "default-pool"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT, "default-pool"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART, "default-pool"), 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_FS | VIR_CONNECT_LIST_STORAGE_POOLS_ISCSI_DIRECT, "default-pool"), 0);
    CHECK_INT(listed(c, 1u << 20, "default-pool"), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x100000) in function testConnectListAllStoragePools");
    CHECK_INT(virConnectListAllStoragePools(c, NULL, 0) >= 1, 1);

    CHECK(virStoragePoolLookupByName(c, "t-storage-none") == NULL);
    CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
    CHECK_MSG("Storage pool not found: no storage pool with matching name 't-storage-none'");
    CHECK(virStoragePoolLookupByUUIDString(c, "5a5a5a5a-1111-2222-3333-000000000000") == NULL);
    CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
    CHECK_MSG("Storage pool not found: no storage pool with matching uuid '5a5a5a5a-1111-2222-3333-000000000000'");
    CHECK(virStoragePoolLookupByTargetPath(c, "/default-pool") == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);
    CHECK(virConnectGetStoragePoolCapabilities(c, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);
    virStoragePoolFree(p);
}

static void check_sources(virConnectPtr c) {
    char *s = virConnectFindStoragePoolSources(c, "logical", NULL, 0);
    CHECK_STR(s, "<sources>\n  <source>\n    <device path='/dev/sda20'/>\n    <name>testvg1</name>\n"
                 "    <format type='lvm2'/>\n  </source>\n  <source>\n    <device path='/dev/sda21'/>\n"
                 "    <name>testvg2</name>\n    <format type='lvm2'/>\n  </source>\n</sources>\n");
    free(s);
    s = virConnectFindStoragePoolSources(c, "netfs", "<source><host name='h1'/></source>", 0);
    CHECK_STR(s, "<sources>\n  <source>\n    <host name='h1'/>\n    <dir path='/testshare'/>\n"
                 "    <format type='nfs'/>\n  </source>\n</sources>\n");
    free(s);
    CHECK(virConnectFindStoragePoolSources(c, "netfs", NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("invalid argument: hostname must be specified for netfs sources");
    CHECK(virConnectFindStoragePoolSources(c, "dir", NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
    CHECK_MSG("internal error: unknown storage pool type dir");
    CHECK(virConnectFindStoragePoolSources(c, "iscsi", NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_TEST);
    CHECK_MSG("this function is not supported by the connection driver: pool type 'iscsi' does not support source discovery");
    CHECK(virConnectFindStoragePoolSources(c, "logical", NULL, 1) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK(virConnectFindStoragePoolSources(c, "netfs", "<source", 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_STORAGE);
}

static void check_bad_pools(virConnectPtr c) {
    struct { const char *xml; int code, domain; const char *msg; } bad[] = {
        { "<pool type='dir'><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
          "XML error: missing pool source name element" },
        { "<pool type='dir'><name></name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
          "XML error: missing pool source name element" },
        { "<pool><name>q</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
          "XML error: Missing required attribute 'type' in element 'pool'" },
        { "<pool type='bogus'><name>q</name></pool>", VIR_ERR_XML_ERROR, VIR_FROM_XML,
          "XML error: Invalid value for attribute 'type' in element 'pool': 'bogus'." },
        { "<pool type='dir'><name>q</name></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE,
          "XML error: missing storage pool target path" },
        { "<pool type='dir'><name>q</name><uuid>zzz</uuid><target><path>/x</path></target></pool>",
          VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed uuid element" },
        { "<pool type='dir'><name>a/b</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
          VIR_FROM_STORAGE, "XML error: name a/b cannot contain '/'" },
        { "<pool type='netfs'><name>q</name><source><dir path='/e'/></source><target><path>/x</path></target></pool>",
          VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: missing storage pool source host name" },
        { "<pool type='fs'><name>q</name><target><path>/x</path></target></pool>", VIR_ERR_XML_ERROR,
          VIR_FROM_STORAGE, "XML error: missing storage pool source device name" },
        { "<pool type='fs'><name>q</name><source><device path='/d'/><format type='zz'/></source>"
          "<target><path>/x</path></target></pool>", VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE,
          "unsupported configuration: unknown pool format type zz" },
        { "<pool type='dir'><name>q</name><target><path>/x</path><permissions><mode>0999</mode></permissions>"
          "</target></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed octal mode" },
        { "<pool type='dir'><name>q</name><target><path>/x</path><permissions><owner>abc</owner></permissions>"
          "</target></pool>", VIR_ERR_XML_ERROR, VIR_FROM_STORAGE, "XML error: malformed owner element" },
        { "<volume/>", VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: expecting root element of 'pool', not 'volume'" },
        { "<pool type='dir'><name>other</name><target><path>/default-pool/</path></target></pool>",
          VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE, "operation failed: Storage source conflict with pool: 'default-pool'" },
        { "<pool type='dir'><name>default-pool</name><target><path>/elsewhere</path></target></pool>",
          VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
          "operation failed: pool 'default-pool' already exists with uuid " DEFAULT_UUID },
        { "<pool type='dir'><name>t-storage-x</name><uuid>" DEFAULT_UUID "</uuid><target><path>/x</path></target></pool>",
          VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE,
          "operation failed: pool 'default-pool' is already defined with uuid " DEFAULT_UUID },
    };
    size_t i;
    int before = virConnectNumOfDefinedStoragePools(c), active = virConnectNumOfStoragePools(c);

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(virStoragePoolDefineXML(c, bad[i].xml, 0) == NULL);
        CHECK_ERR(bad[i].code, bad[i].domain);
        CHECK_MSG(bad[i].msg);
        CHECK(virStoragePoolCreateXML(c, bad[i].xml, 0) == NULL);
        CHECK_ERR(bad[i].code, bad[i].domain);
    }
    CHECK(virStoragePoolDefineXML(c, "<pool type='dir'>", 0) == NULL);
    CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_STORAGE);
    CHECK(virStoragePoolCreateXML(c, default_xml, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_STORAGE);
    CHECK_MSG("Requested operation is not valid: pool is already active as 'default-pool'");
    CHECK(virStoragePoolDefineXML(c, sp_xml, 2) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x2) in function testStoragePoolDefineXML");
    CHECK(virStoragePoolCreateXML(c, sp_xml, 1) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    /* Nothing was half-created. */
    CHECK_INT(virConnectNumOfDefinedStoragePools(c), before);
    CHECK_INT(virConnectNumOfStoragePools(c), active);
    CHECK(virStoragePoolLookupByName(c, "t-storage-x") == NULL);
    CHECK(virStoragePoolLookupByName(c, "other") == NULL);
}

static void check_pool_life(virConnectPtr c) {
    virStoragePoolPtr p, t, n;
    virStoragePoolInfo info;
    char *xml, *names[64];
    int autostart = -1, k;
    int defined = virConnectNumOfDefinedStoragePools(c);

    p = virStoragePoolDefineXML(c, sp_xml, 0);
    CHECK(p != NULL);
    if (!p)
        return;
    xml = virStoragePoolGetXMLDesc(p, 0);
    CHECK_STR(xml, sp_formatted);
    free(xml);
    CHECK_INT(virStoragePoolIsActive(p), 0);
    CHECK_INT(virStoragePoolIsPersistent(p), 1);
    CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
    CHECK_INT(info.state, VIR_STORAGE_POOL_INACTIVE);
    CHECK(info.capacity == CAP && info.allocation == 0 && info.available == CAP);
    CHECK_INT(virConnectNumOfDefinedStoragePools(c), defined + 1);
    k = virConnectListDefinedStoragePools(c, names, 64);
    CHECK(k == defined + 1 && has_name(names, k, "t-storage"));
    free_names(names, k > 0 ? k : 0);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_INACTIVE, "t-storage"), 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE, "t-storage"), 0);

    /* Operations that need a running pool. */
    CHECK_INT(virStoragePoolDestroy(p), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: storage pool 't-storage' is not active");
    CHECK_INT(virStoragePoolRefresh(p, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolNumOfVolumes(p), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolListVolumes(p, names, 64), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolListAllVolumes(p, NULL, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: storage pool is not active");
    CHECK(virStorageVolCreateXML(p, "<volume><name>a</name><capacity>1</capacity></volume>", 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK(virStorageVolLookupByName(p, "a") == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);

    /* Autostart, build and delete of an inactive pool. */
    CHECK_INT(virStoragePoolSetAutostart(p, 1), 0);
    CHECK_INT(virStoragePoolGetAutostart(p, &autostart), 0);
    CHECK_INT(autostart, 1);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_AUTOSTART, "t-storage"), 1);
    CHECK_INT(virStoragePoolSetAutostart(p, 0), 0);
    CHECK_INT(virStoragePoolBuild(p, 0), 0);
    CHECK_INT(virStoragePoolBuild(p, VIR_STORAGE_POOL_BUILD_OVERWRITE), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_MSG("unsupported flags (0x8) in function testStoragePoolBuild");
    CHECK_INT(virStoragePoolDelete(p, 0), 0);
    CHECK_INT(virStoragePoolCreate(p, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);

    /* Start it. */
    CHECK_INT(virStoragePoolCreate(p, 0), 0);
    CHECK_INT(virStoragePoolIsActive(p), 1);
    CHECK_INT(virStoragePoolCreate(p, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_MSG("Requested operation is not valid: storage pool 't-storage' is active");
    CHECK_INT(virStoragePoolBuild(p, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolDelete(p, 0), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolUndefine(p), -1);
    CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
    CHECK_INT(virStoragePoolRefresh(p, 0), 0);
    CHECK_INT(virStoragePoolRefresh(p, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
    CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE, "t-storage"), 1);

    /* Volumes. */
    {
        virStorageVolPtr v, v2, w, x;
        virStorageVolInfo vi;
        char *s;
        virStorageVolPtr *vols = NULL;
        virStoragePoolPtr back;

        v = virStorageVolCreateXML(p,
            "<volume><name>v1</name><key>ignored</key><capacity unit='MiB'>1</capacity><allocation>1000</allocation>"
            "<target><path>/elsewhere</path><format type='qcow2'/><permissions><mode>600</mode></permissions>"
            "<features><lazy_refcounts/></features></target></volume>", 0);
        CHECK(v != NULL);
        if (!v)
            goto vols_done;
        CHECK_STR(virStorageVolGetName(v), "v1");
        CHECK_STR(virStorageVolGetKey(v), "//t-storage/dir/v1");
        CHECK(virStorageVolGetConnect(v) == c);
        s = virStorageVolGetPath(v);
        CHECK_STR(s, "//t-storage/dir/v1");
        free(s);
        s = virStorageVolGetXMLDesc(v, 0);
        CHECK_STR(s, vol1_formatted);
        free(s);
        CHECK(virStorageVolGetXMLDesc(v, 1) == NULL);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_INT(virStorageVolGetInfo(v, &vi), 0);
        CHECK_INT(vi.type, VIR_STORAGE_VOL_FILE);
        CHECK(vi.capacity == 1048576 && vi.allocation == 1000);
        CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
        CHECK(info.allocation == 1000 && info.available == CAP - 1000);

        /* What the test driver does not implement. */
        CHECK_INT(virStorageVolGetInfoFlags(v, &vi, 0), -1);
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);
        CHECK_MSG("this function is not supported by the connection driver: virStorageVolGetInfoFlags");
        CHECK_INT(virStorageVolWipe(v, 0), -1);
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);
        CHECK_INT(virStorageVolWipePattern(v, VIR_STORAGE_VOL_WIPE_ALG_ZERO, 0), -1);
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);
        CHECK_INT(virStorageVolResize(v, 2000, 0), -1);
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_STORAGE);

        /* Names the test driver takes as they are. */
        w = virStorageVolCreateXML(p, "<volume><name>../w</name><capacity>10</capacity></volume>", 0);
        CHECK(w != NULL);
        if (w) {
            CHECK_STR(virStorageVolGetKey(w), "//t-storage/dir/../w");
            CHECK_INT(virStorageVolDelete(w, 0), 0);
            virStorageVolFree(w);
        }

        /* Bad volumes. */
        CHECK(virStorageVolCreateXML(p, "<volume><name>v1</name><capacity>1</capacity></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_TEST);
        CHECK_MSG("operation failed: storage vol already exists");
        CHECK(virStorageVolCreateXML(p, "<volume><name>big</name><capacity>1</capacity>"
                                        "<allocation unit='TiB'>1</allocation></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST);
        CHECK_MSG("internal error: Not enough free space in pool for volume 'big'");
        CHECK(virStorageVolCreateXML(p, "<volume><name>nc</name></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_STORAGE);
        CHECK_MSG("XML error: missing capacity element");
        CHECK(virStorageVolCreateXML(p, "<volume><capacity>1</capacity></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_STORAGE);
        CHECK_MSG("XML error: missing volume name element");
        CHECK(virStorageVolCreateXML(p, "<volume><name>u</name><capacity unit='zz'>1</capacity></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_NONE);
        CHECK(virStorageVolCreateXML(p, "<volume><name>f</name><capacity>1</capacity>"
                                        "<target><format type='bogus'/></target></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_STORAGE);
        CHECK_MSG("unsupported configuration: unknown volume format type bogus");
        CHECK(virStorageVolCreateXML(p, "<volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_XML_DETAIL, VIR_FROM_STORAGE);
        CHECK(virStorageVolCreateXML(p, "<pool/>", 0) == NULL);
        CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_XML);
        CHECK_MSG("XML error: expecting root element of 'volume', not 'pool'");
        CHECK(virStorageVolCreateXML(p, "<volume><name>fl</name><capacity>1</capacity></volume>", 1) == NULL);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_INT(virStoragePoolNumOfVolumes(p), 1);
        CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
        CHECK(info.allocation == 1000);

        /* A clone: nothing is copied, the allocation defaults to the capacity. */
        v2 = virStorageVolCreateXMLFrom(p, "<volume><name>v2</name><capacity>3000</capacity></volume>", v, 0);
        CHECK(v2 != NULL);
        CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
        CHECK(info.allocation == 4000 && info.available == CAP - 4000);
        CHECK(virStorageVolCreateXMLFrom(p, "<volume><name>v2</name><capacity>1</capacity></volume>", v, 0) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_TEST);
        CHECK_INT(virStoragePoolNumOfVolumes(p), 2);
        k = virStoragePoolListVolumes(p, names, 64);
        CHECK(k == 2 && has_name(names, k, "v1") && has_name(names, k, "v2"));
        free_names(names, k > 0 ? k : 0);
        CHECK_INT(virStoragePoolListVolumes(p, names, 1), 1);
        free_names(names, 1);
        k = virStoragePoolListAllVolumes(p, &vols, 0);
        CHECK_INT(k, 2);
        if (k > 0) {
            int i;
            for (i = 0; i < k; i++)
                virStorageVolFree(vols[i]);
            CHECK(vols[k] == NULL);
            free(vols);
        }
        CHECK_INT(virStoragePoolListAllVolumes(p, NULL, 0), 2);
        CHECK_INT(virStoragePoolListAllVolumes(p, NULL, 1), -1);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);

        /* Lookups. */
        x = virStorageVolLookupByName(p, "v2");
        CHECK(x != NULL && strcmp(virStorageVolGetKey(x), "//t-storage/dir/v2") == 0);
        if (x)
            virStorageVolFree(x);
        x = virStorageVolLookupByKey(c, "//t-storage/dir/v1");
        CHECK(x != NULL && strcmp(virStorageVolGetName(x), "v1") == 0);
        if (x) {
            back = virStoragePoolLookupByVolume(x);
            CHECK(back != NULL && strcmp(virStoragePoolGetName(back), "t-storage") == 0);
            if (back)
                virStoragePoolFree(back);
            virStorageVolFree(x);
        }
        x = virStorageVolLookupByPath(c, "//t-storage/dir/v2");
        CHECK(x != NULL && strcmp(virStorageVolGetName(x), "v2") == 0);
        if (x)
            virStorageVolFree(x);
        CHECK(virStorageVolLookupByName(p, "nope") == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        CHECK_MSG("Storage volume not found: no storage vol with matching name 'nope'");
        CHECK(virStorageVolLookupByKey(c, "nope") == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        CHECK_MSG("Storage volume not found: no storage vol with matching key 'nope'");
        CHECK(virStorageVolLookupByPath(c, "nope") == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        CHECK_MSG("Storage volume not found: no storage vol with matching path 'nope'");

        /* A stopped pool keeps its volumes but hides them. */
        CHECK_INT(virStoragePoolDestroy(p), 0);
        CHECK_INT(virStorageVolGetInfo(v, &vi), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_MSG("Requested operation is not valid: storage pool 't-storage' is not active");
        CHECK(virStorageVolGetXMLDesc(v, 0) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK(virStorageVolGetPath(v) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_INT(virStorageVolDelete(v, 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK(virStorageVolLookupByKey(c, "//t-storage/dir/v1") == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        back = virStoragePoolLookupByVolume(v);
        CHECK(back != NULL);
        if (back)
            virStoragePoolFree(back);
        CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
        CHECK(info.state == VIR_STORAGE_POOL_INACTIVE && info.allocation == 4000);
        CHECK_INT(virStoragePoolCreate(p, 0), 0);
        CHECK_INT(virStoragePoolNumOfVolumes(p), 2);

        CHECK_INT(virStorageVolDelete(v, 1), -1);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_INT(virStorageVolDelete(v, 0), 0);
        CHECK_INT(virStorageVolDelete(v, 0), -1);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        CHECK_MSG("Storage volume not found: no storage vol with matching name 'v1'");
        /* The clone's source is looked up by name in the target pool. */
        CHECK(virStorageVolCreateXMLFrom(p, "<volume><name>v3</name><capacity>1</capacity></volume>", v, 0) == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_VOL, VIR_FROM_TEST);
        CHECK_MSG("Storage volume not found: no storage vol with matching name 'v1'");
        if (v2) {
            CHECK_INT(virStorageVolDelete(v2, 0), 0);
            virStorageVolFree(v2);
        }
        CHECK_INT(virStoragePoolGetInfo(p, &info), 0);
        CHECK(info.allocation == 0 && info.available == CAP);
        virStorageVolFree(v);
    }
vols_done:

    /* Redefining keeps the pool; a running one keeps its definition. */
    t = virStoragePoolDefineXML(c, sp_xml, 0);
    CHECK(t != NULL);
    if (t)
        virStoragePoolFree(t);
    CHECK_INT(virStoragePoolDestroy(p), 0);
    CHECK_INT(virStoragePoolUndefine(p), 0);
    CHECK_INT(virStoragePoolUndefine(p), -1);
    CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
    CHECK_MSG("Storage pool not found: no storage pool with matching name 't-storage'");
    CHECK_INT(virStoragePoolIsActive(p), -1);
    CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
    CHECK_MSG("Storage pool not found: no storage pool with matching uuid '5a5a5a5a-1111-2222-3333-444444444444'");
    CHECK_INT(virStoragePoolGetInfo(p, &info), -1);
    CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
    CHECK_STR(virStoragePoolGetName(p), "t-storage");
    virStoragePoolFree(p);

    /* A transient pool goes when it stops. */
    t = virStoragePoolCreateXML(c, sp_xml, 0);
    CHECK(t != NULL);
    if (t) {
        CHECK_INT(virStoragePoolIsPersistent(t), 0);
        CHECK_INT(virStoragePoolIsActive(t), 1);
        CHECK_INT(virStoragePoolGetAutostart(t, &autostart), 0);
        CHECK_INT(autostart, 0);
        CHECK_INT(virStoragePoolSetAutostart(t, 1), -1);
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_TEST);
        CHECK_MSG("invalid argument: pool has no config file");
        CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_TRANSIENT, "t-storage"), 1);
        CHECK_INT(virStoragePoolUndefine(t), -1);
        CHECK_ERR(VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST);
        CHECK_INT(virStoragePoolDestroy(t), 0);
        CHECK(virStoragePoolLookupByName(c, "t-storage") == NULL);
        CHECK_ERR(VIR_ERR_NO_STORAGE_POOL, VIR_FROM_TEST);
        virStoragePoolFree(t);
    }

    /* Other pool types as libvirt formats them. */
    n = virStoragePoolDefineXML(c, netfs_xml, 0);
    CHECK(n != NULL);
    if (n) {
        xml = virStoragePoolGetXMLDesc(n, 0);
        CHECK_STR(xml, netfs_formatted);
        free(xml);
        CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_NETFS, "t-storage-nfs"), 1);
        CHECK_INT(listed(c, VIR_CONNECT_LIST_STORAGE_POOLS_DIR, "t-storage-nfs"), 0);
        CHECK(virStoragePoolDefineXML(c, "<pool type='netfs'><name>t-storage-nfs2</name><source>"
                                         "<host name='nfs.example.com' port='2049'/><dir path='/export/x'/></source>"
                                         "<target><path>/mnt/nfs2</path></target></pool>", 0) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_FAILED, VIR_FROM_STORAGE);
        CHECK_MSG("operation failed: Storage source conflict with pool: 't-storage-nfs'");
        CHECK_INT(virStoragePoolUndefine(n), 0);
        virStoragePoolFree(n);
    }
    n = virStoragePoolCreateXML(c, "<pool type='logical'><name>t-storage-vg</name>"
                                   "<uuid>5a5a5a5a-1111-2222-3333-666666666666</uuid>"
                                   "<source><device path='/dev/sdz'/></source></pool>", 0);
    CHECK(n != NULL);
    if (n) {
        virStorageVolPtr lv;
        virStorageVolInfo vi;
        xml = virStoragePoolGetXMLDesc(n, 0);
        CHECK_STR(xml, logical_formatted);
        free(xml);
        lv = virStorageVolCreateXML(n, "<volume><name>lv</name><capacity>5</capacity></volume>", 0);
        CHECK(lv != NULL);
        if (lv) {
            CHECK_INT(virStorageVolGetInfo(lv, &vi), 0);
            CHECK_INT(vi.type, VIR_STORAGE_VOL_BLOCK);
            xml = virStorageVolGetXMLDesc(lv, 0);
            CHECK_STR(xml, "<volume type='file'>\n  <name>lv</name>\n  <key>/dev/t-storage-vg/lv</key>\n"
                           "  <capacity unit='bytes'>5</capacity>\n  <allocation unit='bytes'>5</allocation>\n"
                           "  <target>\n    <path>/dev/t-storage-vg/lv</path>\n  </target>\n</volume>\n");
            free(xml);
            virStorageVolFree(lv);
        }
        CHECK_INT(virStoragePoolDestroy(n), 0);
        virStoragePoolFree(n);
    }
    CHECK_INT(virConnectNumOfDefinedStoragePools(c), defined);
}

static void check_read_only(void) {
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    virStoragePoolPtr p;
    virStorageVolPtr v;
    virStorageVolInfo vi;
    int autostart = -1;

    CHECK(ro != NULL);
    if (!ro)
        return;
    CHECK(virStoragePoolDefineXML(ro, sp_xml, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
    CHECK_MSG("operation forbidden: read only access prevents virStoragePoolDefineXML");
    CHECK(virStoragePoolCreateXML(ro, sp_xml, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
    CHECK(virConnectFindStoragePoolSources(ro, "logical", NULL, 0) == NULL);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
    p = virStoragePoolLookupByName(ro, "default-pool");
    CHECK(p != NULL);
    if (p) {
        CHECK_INT(virStoragePoolGetAutostart(p, &autostart), 0);
        CHECK_INT(virStoragePoolRefresh(p, 0), -1);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
        CHECK_MSG("operation forbidden: read only access prevents virStoragePoolRefresh");
        CHECK_INT(virStoragePoolDestroy(p), -1);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
        CHECK_INT(virStoragePoolSetAutostart(p, 1), -1);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
        CHECK(virStorageVolCreateXML(p, "<volume><name>ro</name><capacity>1</capacity></volume>", 0) == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
        CHECK_INT(virStoragePoolNumOfVolumes(p), 0);
        virStoragePoolFree(p);
    }
    /* A volume made on a writable connection, seen read-only. */
    {
        virConnectPtr rw = virConnectOpen(test_uri());
        virStoragePoolPtr wp = rw ? virStoragePoolLookupByName(rw, "default-pool") : NULL;
        virStorageVolPtr wv = wp ? virStorageVolCreateXML(wp, "<volume><name>t-storage-ro</name>"
                                                              "<capacity>7</capacity></volume>", 0) : NULL;
        CHECK(wv != NULL);
        v = virStorageVolLookupByPath(ro, "/default-pool/t-storage-ro");
        CHECK(v != NULL);
        if (v) {
            CHECK_INT(virStorageVolGetInfo(v, &vi), 0);
            CHECK(vi.capacity == 7);
            CHECK_INT(virStorageVolDelete(v, 0), -1);
            CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
            CHECK_INT(virStorageVolWipe(v, 0), -1);
            CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_STORAGE);
            virStorageVolFree(v);
        }
        if (wv) {
            CHECK_INT(virStorageVolDelete(wv, 0), 0);
            virStorageVolFree(wv);
        }
        if (wp)
            virStoragePoolFree(wp);
        if (rw)
            virConnectClose(rw);
    }
    virConnectClose(ro);
}

static void check_bad_handles(virConnectPtr c) {
    virStoragePoolInfo info;
    char *names[4];
    CHECK(virStoragePoolGetName(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE);
    CHECK_MSG("invalid storage pool pointer in virStoragePoolGetName");
    CHECK_INT(virStoragePoolGetInfo(NULL, &info), -1);
    CHECK_ERR(VIR_ERR_INVALID_STORAGE_POOL, VIR_FROM_STORAGE);
    CHECK(virStorageVolGetKey(NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_STORAGE_VOL, VIR_FROM_STORAGE);
    CHECK(virStoragePoolLookupByName(c, NULL) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK_INT(virConnectListStoragePools(c, names, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
    CHECK(virStoragePoolLookupByUUIDString(c, "not-a-uuid") == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_STORAGE);
}

int main(void) {
    virConnectPtr c;
    check_begin("t_storage");
    c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_storage");
    check_default_pool(c);
    check_sources(c);
    check_bad_pools(c);
    check_pool_life(c);
    check_read_only();
    check_bad_handles(c);
    virConnectClose(c);
    return check_end("t_storage");
}
