/* Remote throughput: lookup+getinfo pairs per second over a daemon connection, with one
 * client or many concurrent clients (one connection each), and connection open time.
 * Usage: bench_remote URI throughput CLIENTS SECONDS | open COUNT | hold CLIENTS SECONDS */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static const char *uri;
static double seconds;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *worker(void *arg) {
    long *count = arg;
    virConnectPtr c = virConnectOpen(uri);
    if (!c) {
        fprintf(stderr, "open %s: %s\n", uri, virGetLastErrorMessage());
        exit(1);
    }
    double end = now() + seconds;
    while (now() < end) {
        for (int i = 0; i < 50; i++) {
            virDomainPtr d = virDomainLookupByName(c, "test");
            virDomainInfo info;
            if (!d || virDomainGetInfo(d, &info) < 0) {
                fprintf(stderr, "call failed: %s\n", virGetLastErrorMessage());
                exit(1);
            }
            virDomainFree(d);
            (*count)++;
        }
    }
    virConnectClose(c);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s URI throughput CLIENTS SECONDS | open COUNT | hold CLIENTS SECONDS\n", argv[0]);
        return 2;
    }
    uri = argv[1];
    virInitialize();
    if (strcmp(argv[2], "throughput") == 0 && argc == 5) {
        int n = atoi(argv[3]);
        seconds = atof(argv[4]);
        pthread_t *th = calloc(n, sizeof(*th));
        long *counts = calloc(n, sizeof(*counts));
        double t0 = now();
        for (int i = 0; i < n; i++)
            pthread_create(&th[i], NULL, worker, &counts[i]);
        long total = 0;
        for (int i = 0; i < n; i++) {
            pthread_join(th[i], NULL);
            total += counts[i];
        }
        printf("%.0f\n", total / (now() - t0));
    } else if (strcmp(argv[2], "open") == 0 && argc == 4) {
        int n = atoi(argv[3]);
        double t0 = now();
        for (int i = 0; i < n; i++) {
            virConnectPtr c = virConnectOpen(uri);
            if (!c) {
                fprintf(stderr, "open: %s\n", virGetLastErrorMessage());
                return 1;
            }
            virConnectClose(c);
        }
        printf("%.1f\n", (now() - t0) / n * 1e6);
    } else if (strcmp(argv[2], "hold") == 0 && argc == 5) {
        /* Opens CLIENTS connections, prints "ready", holds them for SECONDS. */
        int n = atoi(argv[3]);
        virConnectPtr *c = calloc(n, sizeof(*c));
        for (int i = 0; i < n; i++)
            if (!(c[i] = virConnectOpen(uri))) {
                fprintf(stderr, "open %d: %s\n", i, virGetLastErrorMessage());
                return 1;
            }
        printf("ready\n");
        fflush(stdout);
        sleep(atoi(argv[4]));
        for (int i = 0; i < n; i++)
            virConnectClose(c[i]);
    } else {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    return 0;
}
