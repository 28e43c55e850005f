/* QEMU driver benchmarks against one libvirt URI (built against our headers, run on
 * either library through LD_LIBRARY_PATH). A tiny TCG guest: 64 MiB, no disk, no
 * graphics.
 *   bench_qemu URI latency N        -> "start_ms suspend_resume_ms destroy_ms" (medians)
 *   bench_qemu URI many COUNT ROUNDS PIDFILE
 *                                   -> "ms_per_round daemon_rss_kib" with COUNT running
 *                                      guests; a round is ListAllDomains + GetInfo on all */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *what) {
    virErrorPtr e = virGetLastError();
    fprintf(stderr, "bench_qemu: %s: %s\n", what, e && e->message ? e->message : "?");
    exit(1);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* suspend+resume pairs per started guest: QEMU's own stop latency is bimodal while the
 * guest's firmware boots (0.4 or ~3.5 ms, the direct-QMP floor included), so one pair
 * per guest gives a median that swings between runs. */
#define SR_CYCLES 20

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void xml_for(char *buf, size_t len, const char *name) {
    snprintf(buf, len,
             "<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory>"
             "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>", name);
}

static void wait_running(virDomainPtr d) {
    for (;;) {
        int state, reason;
        if (virDomainGetState(d, &state, &reason, 0) < 0) die("virDomainGetState");
        if (state == VIR_DOMAIN_RUNNING) return;
    }
}

static long rss_kib(const char *pidfile) {
    char path[256], line[256];
    long pid = 0, kb = -1;
    FILE *f = fopen(pidfile, "r");
    if (!f || fscanf(f, "%ld", &pid) != 1) return -1;
    fclose(f);
    snprintf(path, sizeof path, "/proc/%ld/status", pid);
    if (!(f = fopen(path, "r"))) return -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kb) == 1) break;
    fclose(f);
    return kb;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_qemu URI latency N | URI many COUNT ROUNDS PIDFILE\n");
        return 2;
    }
    virConnectPtr c = virConnectOpen(argv[1]);
    if (!c) die("virConnectOpen");
    char xml[512];
    if (!strcmp(argv[2], "latency")) {
        int n = atoi(argv[3]);
        double *st = calloc(n, sizeof *st), *sr = calloc(n * SR_CYCLES, sizeof *sr), *de = calloc(n, sizeof *de);
        xml_for(xml, sizeof xml, "b");
        for (int i = 0; i < n; i++) {
            double t0 = now_ms();
            virDomainPtr d = virDomainCreateXML(c, xml, 0);
            if (!d) die("virDomainCreateXML");
            wait_running(d);
            double t1 = now_ms();
            for (int k = 0; k < SR_CYCLES; k++) {
                double a = now_ms();
                if (virDomainSuspend(d) < 0) die("virDomainSuspend");
                if (virDomainResume(d) < 0) die("virDomainResume");
                sr[i * SR_CYCLES + k] = now_ms() - a;
            }
            double t2 = now_ms();
            if (virDomainDestroy(d) < 0) die("virDomainDestroy");
            double t3 = now_ms();
            st[i] = t1 - t0; de[i] = t3 - t2;
            virDomainFree(d);
        }
        printf("%.2f %.3f %.2f\n", median(st, n), median(sr, n * SR_CYCLES), median(de, n));
    } else if (!strcmp(argv[2], "many") && argc >= 6) {
        int count = atoi(argv[3]), rounds = atoi(argv[4]);
        virDomainPtr *doms = calloc(count, sizeof *doms);
        for (int i = 0; i < count; i++) {
            char name[32];
            snprintf(name, sizeof name, "b%d", i);
            xml_for(xml, sizeof xml, name);
            if (!(doms[i] = virDomainCreateXML(c, xml, 0))) die("virDomainCreateXML");
        }
        for (int i = 0; i < count; i++) wait_running(doms[i]);
        double t0 = now_ms();
        for (int r = 0; r < rounds; r++) {
            virDomainPtr *list = NULL;
            int k = virConnectListAllDomains(c, &list, 0);
            if (k < count) die("virConnectListAllDomains");
            for (int j = 0; j < k; j++) {
                virDomainInfo info;
                if (virDomainGetInfo(list[j], &info) < 0) die("virDomainGetInfo");
                virDomainFree(list[j]);
            }
            free(list);
        }
        double per = (now_ms() - t0) / rounds;
        long kb = rss_kib(argv[5]);
        for (int i = 0; i < count; i++) {
            virDomainDestroy(doms[i]);
            virDomainFree(doms[i]);
        }
        printf("%.3f %ld\n", per, kb);
    } else {
        fprintf(stderr, "bench_qemu: unknown mode %s\n", argv[2]);
        return 2;
    }
    virConnectClose(c);
    return 0;
}
