/* API throughput on test:///default. Run the same binary against two libraries
 * (LD_LIBRARY_PATH decides); prints one "name ops_per_sec" line per workload. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what) {
    fprintf(stderr, "bench: %s failed: %s\n", what, virGetLastErrorMessage());
    exit(1);
}

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 1;
    Dl_info info;
    if (dladdr((void *)virGetVersion, &info))
        fprintf(stderr, "bench: libvirt loaded from %s\n", info.dli_fname);
    virInitialize();
    virConnectPtr c = virConnectOpen("test:///default");
    if (!c)
        die("open");

    /* 1. lookup by name + get info + free */
    int n = 200000 * scale;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        virDomainPtr d = virDomainLookupByName(c, "test");
        virDomainInfo di;
        if (!d || virDomainGetInfo(d, &di) < 0)
            die("lookup+getinfo");
        virDomainFree(d);
    }
    printf("lookup_getinfo_free %.0f\n", n / (now() - t0));

    /* 2. define/undefine of 1,000 domains (ops = defines + undefines) */
    char xml[256], name[32];
    virDomainPtr *doms = calloc(1000, sizeof(*doms));
    t0 = now();
    for (int i = 0; i < 1000; i++) {
        snprintf(xml, sizeof(xml), "<domain type='test'><name>b%d</name><memory>1024</memory><os><type>hvm</type></os></domain>", i);
        if (!(doms[i] = virDomainDefineXML(c, xml)))
            die("define");
    }
    double define_secs = now() - t0;

    /* 3. list all domains (1,001 of them) */
    int m = 200 * scale;
    t0 = now();
    for (int i = 0; i < m; i++) {
        virDomainPtr *all = NULL;
        int k = virConnectListAllDomains(c, &all, 0);
        if (k != 1001)
            die("list all");
        for (int j = 0; j < k; j++)
            virDomainFree(all[j]);
        free(all);
    }
    printf("list_all_1001_domains %.0f\n", m / (now() - t0));

    t0 = now();
    for (int i = 0; i < 1000; i++) {
        if (virDomainUndefine(doms[i]) < 0)
            die("undefine");
        virDomainFree(doms[i]);
    }
    printf("define_undefine_1000 %.0f\n", 2000 / (define_secs + now() - t0));
    (void)name;
    free(doms);
    virConnectClose(c);
    return 0;
}
