/* Example: manage domains through libvirt's C API on the embedded test driver. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static const char *state_name(int s) {
    static const char *names[] = {"no state", "running", "blocked", "paused", "shutting down",
                                  "shut off", "crashed", "pm-suspended"};
    return s >= 0 && s < 8 ? names[s] : "?";
}

static void list(virConnectPtr c) {
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains(c, &doms, 0);
    printf("  %-4s %-12s %s\n", "Id", "Name", "State");
    for (int i = 0; i < n; i++) {
        int st = 0;
        virDomainGetState(doms[i], &st, NULL, 0);
        int id = (int)virDomainGetID(doms[i]);
        if (id < 0)
            printf("  %-4s %-12s %s\n", "-", virDomainGetName(doms[i]), state_name(st));
        else
            printf("  %-4d %-12s %s\n", id, virDomainGetName(doms[i]), state_name(st));
        virDomainFree(doms[i]);
    }
    free(doms);
}

/* Lifecycle events, printed as the event loop delivers them. */
static const char *event_name(int e) {
    static const char *names[] = {"Defined", "Undefined", "Started", "Suspended", "Resumed", "Stopped",
                                  "Shutdown", "PMSuspended", "Crashed"};
    return e >= 0 && e < (int)(sizeof names / sizeof *names) ? names[e] : "?";
}

static int events_seen;
static void on_lifecycle(virConnectPtr c, virDomainPtr d, int event, int detail, void *opaque) {
    (void)c; (void)opaque;
    events_seen++;
    printf("  event: domain '%s' %s (detail %d)\n", virDomainGetName(d), event_name(event), detail);
}

static void on_tick(int timer, void *opaque) { (void)timer; (void)opaque; }

/* Runs the event loop until `want` more events arrived (or about a second passed),
 * then until 100 ms go by without one. */
static void await_events(int want) {
    int until = events_seen + want;
    int tick = virEventAddTimeout(50, on_tick, NULL, NULL);
    for (int i = 0; i < 20 && events_seen < until; i++)
        virEventRunDefaultImpl();
    for (int quiet = 0; quiet < 2; quiet++) {
        int before = events_seen;
        virEventRunDefaultImpl();
        if (events_seen != before)
            quiet = -1;
    }
    virEventRemoveTimeout(tick);
}

#define TRY(expr) do { if ((expr) < 0) { fprintf(stderr, "%s failed: %s\n", #expr, virGetLastErrorMessage()); return 1; } } while (0)

int main(int argc, char **argv) {
    const char *uri = argc > 1 ? argv[1] : "test:///default";
    setvbuf(stdout, NULL, _IONBF, 0);
    Dl_info where;
    if (dladdr((void *)virGetVersion, &where))
        printf("libvirt library: %s\n", where.dli_fname);
    virEventRegisterDefaultImpl();
    virConnectPtr c = virConnectOpen(uri);
    if (!c) {
        fprintf(stderr, "cannot open %s: %s\n", uri, virGetLastErrorMessage());
        return 1;
    }
    unsigned long ver = 0;
    virConnectGetLibVersion(c, &ver);
    printf("connected to %s (driver %s, library %lu)\n", uri, virConnectGetType(c), ver);
    virNodeInfo node;
    TRY(virNodeGetInfo(c, &node));
    printf("node: %s, %u CPUs at %u MHz, %lu KiB\n", node.model, node.cpus, node.mhz, node.memory);

    printf("\ndomains at start:\n");
    list(c);
    TRY(virConnectDomainEventRegisterAny(c, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                         VIR_DOMAIN_EVENT_CALLBACK(on_lifecycle), NULL, NULL));

    /* On a QEMU connection, a tiny real guest: no disk, 64 MiB, software emulation. */
    const char *xml = strncmp(uri, "qemu", 4) == 0
        ? "<domain type='qemu'><name>demo</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
          "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
          "<devices><graphics type='vnc' autoport='yes' listen='127.0.0.1'/></devices>"
          "</domain>"
        : "<domain type='test'><name>demo</name><memory unit='MiB'>512</memory><vcpu>2</vcpu>"
          "<os><type>hvm</type></os>"
          "<devices><interface type='network'><source network='default'/></interface></devices>"
          "</domain>";
    virDomainPtr d = virDomainDefineXML(c, xml);
    if (!d) {
        fprintf(stderr, "define failed: %s\n", virGetLastErrorMessage());
        return 1;
    }
    await_events(1);
    printf("\ndefined 'demo'; starting it\n");
    TRY(virDomainCreate(d));
    await_events(1);
    list(c);

    sleep(1); /* let a real guest run for a moment: its CPU time shows */
    virDomainInfo info;
    TRY(virDomainGetInfo(d, &info));
    char uuid[VIR_UUID_STRING_BUFLEN];
    virDomainGetUUIDString(d, uuid);
    printf("\ndominfo demo: id %u, uuid %s, state %s, %u vCPUs, %lu KiB of %lu KiB, CPU time %.2f s\n",
           virDomainGetID(d), uuid, state_name(info.state), info.nrVirtCpu, info.memory, info.maxMem,
           info.cpuTime / 1e9);
    char *desc = virDomainGetXMLDesc(d, 0);
    printf("\nits XML:\n%s", desc);
    free(desc);

    printf("\nsuspend, resume, destroy, undefine:\n");
    TRY(virDomainSuspend(d));
    TRY(virDomainResume(d));
    TRY(virDomainDestroy(d));
    list(c);
    TRY(virDomainUndefine(d));
    virDomainFree(d);
    await_events(4);

    printf("\nan error, as libvirt reports it:\n");
    if (!virDomainLookupByName(c, "no-such-domain"))
        printf("  code %d, domain %d: %s\n", virGetLastErrorCode(), virGetLastErrorDomain(), virGetLastErrorMessage());
    virConnectClose(c);
    return 0;
}
