/* Devices and the guest agent as libvirt 9.0.0's test driver answers them: block statistics and
 * info, memory peeks, keys, NMIs, signals, disk errors, core dumps, and the guest's file
 * systems, clock, addresses and passwords; with their errors, flag checks, read-only refusals
 * and inactive-domain errors. The calls the test driver does not serve say so. */
#include "check.h"
#include <unistd.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <sys/socket.h>

static const char *xml_run =
    "<domain type='test'>"
    "<name>guest-run</name>"
    "<uuid>aaaaaaaa-4444-2222-3333-000000000001</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "<devices>"
    "<disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>"
    "<disk type='file' device='disk'><source file='/guest/run-a.img'/><target dev='vda' bus='virtio'/></disk>"
    "<disk type='file' device='disk'><source file='/guest/run-b.img'/><target dev='vdb' bus='virtio'/></disk>"
    "<interface type='network'><mac address='52:54:00:11:22:33'/><source network='default'/></interface>"
    "<interface type='user'><mac address='52:54:00:11:22:34'/></interface>"
    "</devices>"
    "</domain>";

static const char *xml_off =
    "<domain type='test'>"
    "<name>guest-off</name>"
    "<uuid>aaaaaaaa-4444-2222-3333-000000000002</uuid>"
    "<memory>65536</memory>"
    "<os><type>hvm</type></os>"
    "<devices>"
    "<disk type='file' device='disk'><source file='/guest/off.img'/><target dev='vda' bus='virtio'/></disk>"
    "</devices>"
    "</domain>";

#define CHECK_FAIL(call, code, domain, msg) do { \
    CHECK((call) < 0); CHECK_ERR(code, domain); CHECK_MSG(msg); \
} while (0)

#define NOT_RUNNING "Requested operation is not valid: domain is not running"

static void ro_refused(int rc, const char *api) {
    char msg[200];
    snprintf(msg, sizeof(msg), "operation forbidden: read only access prevents %s", api);
    CHECK(rc < 0);
    CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
    CHECK_MSG(msg);
}

static void not_supported(int rc, const char *api) {
    char msg[200];
    snprintf(msg, sizeof(msg), "this function is not supported by the connection driver: %s", api);
    CHECK(rc < 0);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG(msg);
}

static void block_stats(virDomainPtr test, virDomainPtr run, virDomainPtr off) {
    virDomainBlockStatsStruct st;
    memset(&st, 0, sizeof(st));
    CHECK_INT(virDomainBlockStats(test, "vda", &st, sizeof(st)), 0);
    CHECK(st.rd_req > 0 && st.rd_bytes > 0 && st.wr_req > 0 && st.wr_bytes > 0 && st.errs > 0);
    /* Made up from one clock reading: rd_req = t/10, rd_bytes = t/20, wr_bytes = t/40. */
    CHECK(st.rd_req / 2 - st.rd_bytes <= 1 && st.rd_bytes / 2 - st.wr_bytes <= 1);
    CHECK_INT(virDomainBlockStats(run, "/guest/run-b.img", &st, sizeof(st)), 0);
    /* An older, shorter struct gets only its part. */
    long long two[3] = { 0, 0, -7 };
    CHECK_INT(virDomainBlockStats(run, "vdb", (virDomainBlockStatsPtr)two, 2 * sizeof(long long)), 0);
    CHECK(two[0] > 0 && two[1] > 0 && two[2] == -7);
    CHECK_FAIL(virDomainBlockStats(run, "", &st, sizeof(st)), VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
               "Operation not supported: summary statistics are not supported yet");
    CHECK_FAIL(virDomainBlockStats(run, "vdz", &st, sizeof(st)), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: invalid path: vdz");
    CHECK_INT(virDomainBlockStats(run, "hdc", &st, sizeof(st)), 0);
    CHECK_FAIL(virDomainBlockStats(off, "vda", &st, sizeof(st)), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    CHECK_FAIL(virDomainBlockStats(run, NULL, &st, sizeof(st)), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "disk in virDomainBlockStats must not be NULL");
}

static void interface_stats(virDomainPtr test, virDomainPtr off) {
    virDomainInterfaceStatsStruct st;
    memset(&st, 0, sizeof(st));
    /* By MAC address or by the host-side name the test driver gives a running guest. */
    CHECK_INT(virDomainInterfaceStats(test, "aa:bb:cc:dd:ee:ff", &st, sizeof(st)), 0);
    CHECK(st.rx_bytes > 0 && st.rx_packets > 0 && st.tx_bytes > 0 && st.tx_drop > 0);
    /* Made up from one clock reading: rx_bytes = t/10, rx_packets = t/100, tx_bytes = t/20. */
    CHECK(st.rx_bytes / 10 - st.rx_packets <= 1 && st.rx_bytes / 2 - st.tx_bytes <= 1);
    CHECK_INT(virDomainInterfaceStats(test, "testnet0", &st, sizeof(st)), 0);
    CHECK_FAIL(virDomainInterfaceStats(test, "vnet9", &st, sizeof(st)), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "invalid argument: 'vnet9' is not a known interface");
    CHECK_FAIL(virDomainInterfaceStats(test, "52:54:00:00:00:99", &st, sizeof(st)), VIR_ERR_INVALID_ARG,
               VIR_FROM_DOMAIN, "invalid argument: '52:54:00:00:00:99' is not a known interface");
    CHECK_FAIL(virDomainInterfaceStats(off, "aa:bb:cc:dd:ee:ff", &st, sizeof(st)), VIR_ERR_OPERATION_INVALID,
               VIR_FROM_DOMAIN, NOT_RUNNING);
    CHECK_FAIL(virDomainInterfaceStats(test, NULL, &st, sizeof(st)), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "device in virDomainInterfaceStats must not be NULL");
}

static void block_info(virConnectPtr ro, virDomainPtr test, virDomainPtr run, virDomainPtr off) {
    virDomainBlockInfo info;
    memset(&info, 0, sizeof(info));
    CHECK_INT(virDomainGetBlockInfo(test, "vda", &info, 0), 0);
    CHECK(info.capacity == 1099506450432ULL && info.allocation == 1099511627776ULL && info.physical == 1099511627776ULL);
    memset(&info, 0, sizeof(info));
    CHECK_INT(virDomainGetBlockInfo(run, "/guest/run-a.img", &info, 0), 0);
    CHECK(info.capacity == 1099506450432ULL);
    /* No active check: an inactive domain answers too, and so does a read-only connection. */
    CHECK_INT(virDomainGetBlockInfo(off, "vda", &info, 0), 0);
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    CHECK_INT(virDomainGetBlockInfo(rd, "vda", &info, 0), 0);
    virDomainFree(rd);
    CHECK_FAIL(virDomainGetBlockInfo(run, "vdz", &info, 0), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: invalid path vdz not assigned to domain");
    CHECK_FAIL(virDomainGetBlockInfo(run, "hdc", &info, 0), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: disk 'hdc' does not currently have a source assigned");
    CHECK_FAIL(virDomainGetBlockInfo(run, "vda", &info, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainGetBlockInfo");
    CHECK_FAIL(virDomainGetBlockInfo(run, "", &info, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "string disk in virDomainGetBlockInfo must not be empty");
}

static void memory_peek(virDomainPtr test, virDomainPtr rd, virDomainPtr off) {
    unsigned char buf[10];
    unsigned char want[10] = { 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0, 1, 2, 3 };
    memset(buf, 0x55, sizeof(buf));
    CHECK_INT(virDomainMemoryPeek(test, 250, sizeof(buf), buf, VIR_MEMORY_VIRTUAL), 0);
    CHECK(memcmp(buf, want, sizeof(buf)) == 0);
    memset(buf, 0x55, sizeof(buf));
    CHECK_INT(virDomainMemoryPeek(test, 0x1234, 2, buf, VIR_MEMORY_PHYSICAL), 0);
    CHECK(buf[0] == 0x34 && buf[1] == 0x35 && buf[2] == 0x55);
    CHECK_INT(virDomainMemoryPeek(test, 0, 0, NULL, VIR_MEMORY_VIRTUAL), 0);
    CHECK_FAIL(virDomainMemoryPeek(test, 0, 4, buf, 0), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: flags parameter must be VIR_MEMORY_VIRTUAL or VIR_MEMORY_PHYSICAL");
    CHECK_FAIL(virDomainMemoryPeek(test, 0, 4, buf, 4), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x4) in function testDomainMemoryPeek");
    CHECK_FAIL(virDomainMemoryPeek(test, 0, 4, buf, 3), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "Flags 'VIR_MEMORY_VIRTUAL' and 'VIR_MEMORY_PHYSICAL' are mutually exclusive");
    CHECK_FAIL(virDomainMemoryPeek(off, 0, 4, buf, VIR_MEMORY_VIRTUAL), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               NOT_RUNNING);
    ro_refused(virDomainMemoryPeek(rd, 0, 4, buf, VIR_MEMORY_VIRTUAL), "virDomainMemoryPeek");
}

static void keys_nmi_signals(virDomainPtr test, virDomainPtr rd, virDomainPtr off) {
    unsigned int ok[] = { 1, 2, 265 };
    unsigned int bad[] = { 1, 266 };
    unsigned int mac_bad[] = { 52 };
    unsigned int usb[] = { 4, 224 };
    unsigned int many[17] = { 0 };

    CHECK_INT(virDomainInjectNMI(test, 0), 0);
    CHECK_FAIL(virDomainInjectNMI(test, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainInjectNMI");
    CHECK_FAIL(virDomainInjectNMI(off, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainInjectNMI(rd, 0), "virDomainInjectNMI");

    CHECK_INT(virDomainSendKey(test, VIR_KEYCODE_SET_LINUX, 10, ok, 3, 0), 0);
    CHECK_INT(virDomainSendKey(test, VIR_KEYCODE_SET_USB, 0, usb, 2, 0), 0);
    CHECK_FAIL(virDomainSendKey(test, VIR_KEYCODE_SET_LINUX, 0, bad, 2, 0), VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
               "internal error: invalid keycode 266 of linux codeset");
    CHECK_FAIL(virDomainSendKey(test, VIR_KEYCODE_SET_OSX, 0, mac_bad, 1, 0), VIR_ERR_INTERNAL_ERROR, VIR_FROM_TEST,
               "internal error: invalid keycode 52 of os_x codeset");
    CHECK_FAIL(virDomainSendKey(test, VIR_KEYCODE_SET_LINUX, 0, ok, 1, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainSendKey");
    CHECK_FAIL(virDomainSendKey(test, 10, 0, ok, 1, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "Unsupported codeset '10'");
    CHECK_FAIL(virDomainSendKey(test, VIR_KEYCODE_SET_LINUX, 0, many, 17, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "nkeycodes must be <= 16");
    CHECK_FAIL(virDomainSendKey(off, VIR_KEYCODE_SET_LINUX, 0, ok, 1, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               NOT_RUNNING);
    ro_refused(virDomainSendKey(rd, VIR_KEYCODE_SET_LINUX, 0, ok, 1, 0), "virDomainSendKey");

    CHECK_INT(virDomainSendProcessSignal(test, 1, VIR_DOMAIN_PROCESS_SIGNAL_KILL, 0), 0);
    CHECK_INT(virDomainSendProcessSignal(test, 1, 64, 0), 0);
    /* No active check here. */
    CHECK_INT(virDomainSendProcessSignal(off, 1, 1, 0), 0);
    CHECK_FAIL(virDomainSendProcessSignal(test, 0, 1, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "pid_value in virDomainSendProcessSignal must not be zero");
    CHECK_FAIL(virDomainSendProcessSignal(test, 2, 1, 0), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: only sending a signal to pid 1 is supported");
    CHECK_FAIL(virDomainSendProcessSignal(test, 1, 65, 0), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "invalid argument: signum value 65 is out of range");
    CHECK_FAIL(virDomainSendProcessSignal(test, 1, 1, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainSendProcessSignal");
    ro_refused(virDomainSendProcessSignal(rd, 1, 1, 0), "virDomainSendProcessSignal");
}

static void disk_errors(virDomainPtr test, virDomainPtr run, virDomainPtr rd, virDomainPtr off) {
    virDomainDiskError errs[4];
    int n;
    memset(errs, 0, sizeof(errs));
    CHECK_INT(virDomainGetDiskErrors(run, NULL, 0, 0), 3);
    n = virDomainGetDiskErrors(run, errs, 2, 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(errs[0].disk, "hdc");
        CHECK_INT(errs[0].error, VIR_DOMAIN_DISK_ERROR_UNSPEC);
        CHECK_STR(errs[1].disk, "vda");
        CHECK_INT(errs[1].error, VIR_DOMAIN_DISK_ERROR_NO_SPACE);
        free(errs[0].disk);
        free(errs[1].disk);
    }
    memset(errs, 0, sizeof(errs));
    n = virDomainGetDiskErrors(run, errs, 4, 0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(errs[2].disk, "vdb");
        CHECK_INT(errs[2].error, VIR_DOMAIN_DISK_ERROR_UNSPEC);
        CHECK(errs[3].disk == NULL);
        for (int i = 0; i < 3; i++)
            free(errs[i].disk);
    }
    /* Reading them needs no write access. */
    n = virDomainGetDiskErrors(rd, errs, 4, 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(errs[0].disk, "vda");
        free(errs[0].disk);
    }
    CHECK_FAIL(virDomainGetDiskErrors(test, errs, 4, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainGetDiskErrors");
    CHECK_FAIL(virDomainGetDiskErrors(off, errs, 4, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    CHECK_FAIL(virDomainGetDiskErrors(test, NULL, 4, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "errors in virDomainGetDiskErrors must not be NULL");
}

static void file_systems(virDomainPtr test, virDomainPtr run, virDomainPtr rd, virDomainPtr off) {
    const char *root[] = { "/" };
    const char *boots[] = { "/boot", "/boot" };
    const char *bad[] = { "/", "/x" };
    virDomainFSInfoPtr *info = NULL;
    int n;

    CHECK_INT(virDomainFSTrim(run, NULL, 0, 0), 0);
    CHECK_INT(virDomainFSTrim(run, "/boot", 1024, 0), 0);
    CHECK_FAIL(virDomainFSTrim(run, "/x", 0, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: mount point not found: /x");
    CHECK_FAIL(virDomainFSTrim(run, NULL, 0, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainFSTrim");
    CHECK_FAIL(virDomainFSTrim(off, NULL, 0, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainFSTrim(rd, NULL, 0, 0), "virDomainFSTrim");

    /* Which of / and /boot are frozen: each call counts what it changed. */
    CHECK_INT(virDomainFSFreeze(run, NULL, 0, 0), 2);
    CHECK_INT(virDomainFSFreeze(run, root, 1, 0), 0);
    CHECK_INT(virDomainFSThaw(run, boots, 2, 0), 1);
    CHECK_FAIL(virDomainFSThaw(run, bad, 2, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST,
               "Requested operation is not valid: mount point not found: /x");
    CHECK_INT(virDomainFSFreeze(run, boots, 1, 0), 1);
    CHECK_INT(virDomainFSThaw(run, NULL, 0, 0), 2);
    CHECK_INT(virDomainFSThaw(run, NULL, 0, 0), 0);
    CHECK_FAIL(virDomainFSFreeze(run, NULL, 0, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainFSFreeze");
    CHECK_FAIL(virDomainFSThaw(run, NULL, 0, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainFSThaw");
    CHECK_FAIL(virDomainFSFreeze(off, NULL, 0, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainFSFreeze(rd, NULL, 0, 0), "virDomainFSFreeze");
    ro_refused(virDomainFSThaw(rd, NULL, 0, 0), "virDomainFSThaw");
    CHECK_FAIL(virDomainFSFreeze(run, NULL, 1, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "mountpoints in virDomainFSFreeze must not be NULL");

    /* The first disk whose device is a disk (not the cdrom before it). */
    n = virDomainGetFSInfo(run, &info, 0);
    CHECK_INT(n, 2);
    if (n == 2 && info) {
        CHECK_STR(info[0]->mountpoint, "/");
        CHECK_STR(info[0]->name, "vda1");
        CHECK_STR(info[0]->fstype, "ext4");
        CHECK_INT(info[0]->ndevAlias, 1);
        CHECK_STR(info[0]->devAlias[0], "vda");
        CHECK_STR(info[1]->mountpoint, "/boot");
        CHECK_STR(info[1]->name, "vda2");
        CHECK_STR(info[1]->fstype, "ext4");
        CHECK_STR(info[1]->devAlias[0], "vda");
        virDomainFSInfoFree(info[0]);
        virDomainFSInfoFree(info[1]);
        free(info);
    }
    info = NULL;
    n = virDomainGetFSInfo(test, &info, 0);
    CHECK_INT(n, 2);
    if (n == 2 && info) {
        CHECK_STR(info[1]->name, "vda2");
        virDomainFSInfoFree(info[0]);
        virDomainFSInfoFree(info[1]);
        free(info);
    }
    CHECK_FAIL(virDomainGetFSInfo(run, &info, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainGetFSInfo");
    CHECK_FAIL(virDomainGetFSInfo(off, &info, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainGetFSInfo(rd, &info, 0), "virDomainGetFSInfo");
}

static void guest_time(virDomainPtr test, virDomainPtr run, virDomainPtr rd, virDomainPtr off) {
    long long s = 0;
    unsigned int ns = 7;
    CHECK_INT(virDomainGetTime(test, &s, &ns, 0), 0);
    CHECK(s == 627319920 && ns == 0);
    CHECK_INT(virDomainGetTime(run, &s, &ns, 0), 0);
    CHECK(s == 627319920 && ns == 0);
    CHECK_INT(virDomainSetTime(run, 1000, 5, 0), 0);
    CHECK_INT(virDomainGetTime(run, &s, &ns, 0), 0);
    CHECK(s == 1000 && ns == 5);
    CHECK_INT(virDomainSetTime(run, 2000, 0, VIR_DOMAIN_TIME_SYNC), 0);
    /* Each domain keeps its own clock. */
    CHECK_INT(virDomainGetTime(test, &s, &ns, 0), 0);
    CHECK(s == 627319920);
    CHECK_FAIL(virDomainSetTime(run, 1, 0, 2), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x2) in function testDomainSetTime");
    CHECK_FAIL(virDomainGetTime(run, &s, &ns, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainGetTime");
    /* A paused guest tells no time but can be set. */
    CHECK_INT(virDomainSuspend(run), 0);
    CHECK_FAIL(virDomainGetTime(run, &s, &ns, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, NOT_RUNNING);
    CHECK_INT(virDomainSetTime(run, 3000, 1, 0), 0);
    CHECK_INT(virDomainResume(run), 0);
    CHECK_INT(virDomainGetTime(run, &s, &ns, 0), 0);
    CHECK(s == 3000 && ns == 1);
    CHECK_FAIL(virDomainGetTime(off, &s, &ns, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_TEST, NOT_RUNNING);
    CHECK_FAIL(virDomainSetTime(off, 1, 0, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainGetTime(rd, &s, &ns, 0), "virDomainGetTime");
    ro_refused(virDomainSetTime(rd, 1, 0, 0), "virDomainSetTime");
}

static void free_ifaces(virDomainInterfacePtr *ifaces, int n) {
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree(ifaces[i]);
    free(ifaces);
}

static void addresses(virDomainPtr test, virDomainPtr run, virDomainPtr rd, virDomainPtr off) {
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses(test, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_STR(ifaces[0]->name, "testnet0");
        CHECK_STR(ifaces[0]->hwaddr, "aa:bb:cc:dd:ee:ff");
        CHECK_INT(ifaces[0]->naddrs, 1);
        CHECK_INT(ifaces[0]->addrs[0].type, VIR_IP_ADDR_TYPE_IPV4);
        CHECK_STR(ifaces[0]->addrs[0].addr, "192.168.122.3");
        CHECK_INT(ifaces[0]->addrs[0].prefix, 24);
        free_ifaces(ifaces, n);
    }

    /* On the network: its first DHCP address moved on by 20 per domain id and 1 per
     * interface; elsewhere 192.168.0.(n+1)/24. */
    ifaces = NULL;
    n = virDomainInterfaceAddresses(run, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        char want[32];
        struct in_addr a;
        a.s_addr = htonl(0xC0A87A02u + 20u * (virDomainGetID(run) - 1) + 1);
        snprintf(want, sizeof(want), "%s", inet_ntoa(a));
        CHECK_STR(ifaces[0]->name, "testnet0");
        CHECK_STR(ifaces[0]->hwaddr, "52:54:00:11:22:33");
        CHECK_STR(ifaces[0]->addrs[0].addr, want);
        CHECK_INT(ifaces[0]->addrs[0].prefix, 24);
        CHECK_STR(ifaces[1]->name, "testnet1");
        CHECK_STR(ifaces[1]->hwaddr, "52:54:00:11:22:34");
        CHECK_STR(ifaces[1]->addrs[0].addr, "192.168.0.2");
        CHECK_INT(ifaces[1]->addrs[0].prefix, 24);
        free_ifaces(ifaces, n);
    }

    /* Read-only callers may ask every source but the agent. */
    ifaces = NULL;
    n = virDomainInterfaceAddresses(rd, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, 0);
    CHECK_INT(n, 1);
    if (n == 1)
        free_ifaces(ifaces, n);
    ifaces = (virDomainInterfacePtr *)&n;
    ro_refused(virDomainInterfaceAddresses(rd, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, 0),
               "virDomainInterfaceAddresses");
    CHECK(ifaces == NULL);
    CHECK_FAIL(virDomainInterfaceAddresses(test, &ifaces, 5, 0), VIR_ERR_ARGUMENT_UNSUPPORTED, VIR_FROM_TEST,
               "argument unsupported: Unknown IP address data source 5");
    CHECK_FAIL(virDomainInterfaceAddresses(test, &ifaces, 0, 1), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x1) in function testDomainInterfaceAddresses");
    CHECK_FAIL(virDomainInterfaceAddresses(off, &ifaces, 0, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               NOT_RUNNING);
    CHECK_FAIL(virDomainInterfaceAddresses(test, NULL, 0, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "ifaces in virDomainInterfaceAddresses must not be NULL");
}

static void passwords(virDomainPtr test, virDomainPtr rd, virDomainPtr off) {
    CHECK_INT(virDomainSetUserPassword(test, "root", "secret", 0), 0);
    CHECK_INT(virDomainSetUserPassword(test, "root", "$6$x", VIR_DOMAIN_PASSWORD_ENCRYPTED), 0);
    CHECK_FAIL(virDomainSetUserPassword(test, "root", "x", 2), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x2) in function testDomainSetUserPassword");
    CHECK_FAIL(virDomainSetUserPassword(off, "root", "x", 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
               NOT_RUNNING);
    CHECK_FAIL(virDomainSetUserPassword(test, NULL, "x", 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "user in virDomainSetUserPassword must not be NULL");
    ro_refused(virDomainSetUserPassword(rd, "root", "x", 0), "virDomainSetUserPassword");
}

/* The file holds the test driver's magic, NUL included. */
static int is_dump(const char *path) {
    char buf[32];
    int fd = open(path, O_RDONLY);
    ssize_t got;
    if (fd < 0)
        return 0;
    got = read(fd, buf, sizeof(buf));
    close(fd);
    return got == 15 && memcmp(buf, "TestGuestMagic", 15) == 0;
}

static void core_dumps(virConnectPtr conn, virDomainPtr run, virDomainPtr rd, virDomainPtr off) {
    char path[128], path2[128];
    snprintf(path, sizeof(path), "/tmp/t_guest_core.%d", (int)getpid());
    snprintf(path2, sizeof(path2), "/tmp/t_guest_core2.%d", (int)getpid());

    CHECK_INT(virDomainCoreDump(run, path, 0), 0);
    CHECK(is_dump(path));
    unlink(path);
    CHECK_FAIL(virDomainCoreDump(run, path, VIR_DUMP_LIVE), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x2) in function testDomainCoreDumpWithFormat");
    CHECK(access(path, F_OK) != 0);
    unlink(path);
    /* The file is written before the format is refused. */
    CHECK_FAIL(virDomainCoreDumpWithFormat(run, path2, VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB, 0),
               VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_TEST,
               "Operation not supported: kdump-compressed format is not supported here");
    CHECK(is_dump(path2));
    unlink(path2);
    CHECK_FAIL(virDomainCoreDumpWithFormat(run, path2, 9, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "dumpformat '9' is not supported");
    CHECK(access(path2, F_OK) != 0);
    CHECK_FAIL(virDomainCoreDump(run, "/nonexistent-dir/core", 0), VIR_ERR_SYSTEM_ERROR, VIR_FROM_TEST,
               "domain 'guest-run' coredump: failed to open /nonexistent-dir/core: No such file or directory");
    CHECK_FAIL(virDomainCoreDump(run, path, VIR_DUMP_BYPASS_CACHE), VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
               "unsupported flags (0x4) in function testDomainCoreDumpWithFormat");
    CHECK_FAIL(virDomainCoreDump(run, path, VIR_DUMP_CRASH | VIR_DUMP_LIVE), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
               "Flags 'VIR_DUMP_CRASH' and 'VIR_DUMP_LIVE' are mutually exclusive");
    CHECK_FAIL(virDomainCoreDump(off, path, 0), VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, NOT_RUNNING);
    ro_refused(virDomainCoreDump(rd, path, 0), "virDomainCoreDump");

    /* A crash dump stops the domain: the transient one is gone. */
    CHECK_INT(virDomainCoreDumpWithFormat(run, path, VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, VIR_DUMP_CRASH), 0);
    CHECK(is_dump(path));
    unlink(path);
    virDomainPtr gone = virDomainLookupByName(conn, "guest-run");
    CHECK(gone == NULL);
    CHECK_ERR(VIR_ERR_NO_DOMAIN, VIR_FROM_TEST);
    if (gone)
        virDomainFree(gone);
}

static void unsupported(virDomainPtr test) {
    char buf[4];
    int n = 0;
    virTypedParameterPtr params = NULL;
    char **keys = NULL;
    virDomainBlockJobInfo job;
    /* Calls carrying file descriptors, in process only: there the test driver has no
     * slot. A daemon connection first asks whether descriptors pass, and the answer
     * differs by daemon and client. */
    int sv[2];
    CHECK_INT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    CHECK_FAIL(virDomainOpenGraphics(test, 0, 0, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "fd 0 must be a socket");
    if (strncmp(test_uri(), "test:", 5) == 0) {
        not_supported(virDomainOpenGraphics(test, 0, sv[0], 0), "virDomainOpenGraphics");
        not_supported(virDomainOpenGraphicsFD(test, 0, 0), "virDomainOpenGraphicsFD");
        not_supported(virDomainFDAssociate(test, "x", 1, sv, 0), "virDomainFDAssociate");
        /* libvirt hands a null name on to the driver. */
        not_supported(virDomainFDAssociate(test, NULL, 1, sv, 0), "virDomainFDAssociate");
        /* (Over a TCP connection Debian's client asks about descriptor passing first.) */
        CHECK_FAIL(virDomainFDAssociate(test, "x", 0, sv, 0), VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                   "nfds in virDomainFDAssociate must not be zero");
    }
    /* (Debian's client on TCP even sends the descriptor to libvirtd, which then drops
     * the connection.) */
    close(sv[0]);
    close(sv[1]);
    not_supported(virDomainAttachDevice(test, "<disk/>"), "virDomainAttachDevice");
    not_supported(virDomainAttachDeviceFlags(test, "<disk/>", 0), "virDomainAttachDeviceFlags");
    not_supported(virDomainDetachDevice(test, "<disk/>"), "virDomainDetachDevice");
    not_supported(virDomainDetachDeviceFlags(test, "<disk/>", 0), "virDomainDetachDeviceFlags");
    not_supported(virDomainUpdateDeviceFlags(test, "<disk/>", 0), "virDomainUpdateDeviceFlags");
    not_supported(virDomainDetachDeviceAlias(test, "ua-x", 0), "virDomainDetachDeviceAlias");
    not_supported(virDomainBlockPeek(test, "vda", 0, sizeof(buf), buf, 0), "virDomainBlockPeek");
    not_supported(virDomainBlockStatsFlags(test, "vda", NULL, &n, 0), "virDomainBlockStatsFlags");
    not_supported(virDomainBlockResize(test, "vda", 1024, 0), "virDomainBlockResize");
    not_supported(virDomainBlockJobAbort(test, "vda", 0), "virDomainBlockJobAbort");
    not_supported(virDomainGetBlockJobInfo(test, "vda", &job, 0), "virDomainGetBlockJobInfo");
    not_supported(virDomainBlockJobSetSpeed(test, "vda", 1, 0), "virDomainBlockJobSetSpeed");
    not_supported(virDomainBlockPull(test, "vda", 0, 0), "virDomainBlockPull");
    not_supported(virDomainBlockRebase(test, "vda", NULL, 0, 0), "virDomainBlockRebase");
    not_supported(virDomainBlockCopy(test, "vda", "<disk/>", NULL, 0, 0), "virDomainBlockCopy");
    not_supported(virDomainBlockCommit(test, "vda", NULL, NULL, 0, 0), "virDomainBlockCommit");
    not_supported(virDomainPMSuspendForDuration(test, VIR_NODE_SUSPEND_TARGET_MEM, 0, 0),
                  "virDomainPMSuspendForDuration");
    not_supported(virDomainPMWakeup(test, 0), "virDomainPMWakeup");
    not_supported(virDomainSetBlockThreshold(test, "vda", 1, 0), "virDomainSetBlockThreshold");
    not_supported(virDomainGetGuestInfo(test, 0, &params, &n, 0), "virDomainGetGuestInfo");
    not_supported(virDomainAgentSetResponseTimeout(test, 5, 0), "virDomainAgentSetResponseTimeout");
    not_supported(virDomainAuthorizedSSHKeysGet(test, "root", &keys, 0), "virDomainAuthorizedSSHKeysGet");
    not_supported(virDomainAuthorizedSSHKeysSet(test, "root", NULL, 0, 0), "virDomainAuthorizedSSHKeysSet");
}

int main(void) {
    check_begin("t_guest");
    virConnectPtr conn = virConnectOpen(test_uri());
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(conn != NULL && ro != NULL);
    if (!conn || !ro)
        return check_end("t_guest");
    virDomainPtr test = virDomainLookupByName(conn, "test");
    virDomainPtr rd = virDomainLookupByName(ro, "test");
    virDomainPtr run = virDomainCreateXML(conn, xml_run, 0);
    virDomainPtr off = virDomainDefineXML(conn, xml_off);
    CHECK(test && rd && run && off);
    if (test && rd && run && off) {
        block_stats(test, run, off);
    interface_stats(test, off);
        block_info(ro, test, run, off);
        memory_peek(test, rd, off);
        keys_nmi_signals(test, rd, off);
        disk_errors(test, run, rd, off);
        file_systems(test, run, rd, off);
        guest_time(test, run, rd, off);
        addresses(test, run, rd, off);
        passwords(test, rd, off);
        unsupported(test);
        core_dumps(conn, run, rd, off);
    }
    /* Leave the shared state as found. */
    if (run) {
        virDomainDestroy(run);
        virDomainFree(run);
    }
    if (off) {
        virDomainUndefine(off);
        virDomainFree(off);
    }
    if (test)
        virDomainFree(test);
    if (rd)
        virDomainFree(rd);
    virConnectClose(ro);
    virConnectClose(conn);
    return check_end("t_guest");
}
