/* Remote throughput: lookup+getinfo pairs per second over a daemon connection, with one
 * client or many concurrent clients (one connection each), and connection open time.
 * Usage: bench_remote URI throughput CLIENTS SECONDS | open COUNT | hold CLIENTS SECONDS
 *        | netlist COUNT | poollist COUNT | volcycle COUNT   (microseconds per operation)
 *        | volstream MIB   (MiB/s uploading then downloading a MIB MiB volume; "n/a" if the
 *          daemon's test driver has no volume content, as libvirt's)
 *        | authopen COUNT USER PASSWORD   (microseconds per open+close through
 *          virConnectOpenAuth, answering a SASL daemon's AUTHNAME and PASSPHRASE) */
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

static const char *auth_user, *auth_pass;

static int answer(virConnectCredentialPtr cred, unsigned int ncred, void *opaque) {
    (void)opaque;
    for (unsigned int i = 0; i < ncred; i++) {
        const char *v = cred[i].type == VIR_CRED_AUTHNAME ? auth_user : cred[i].type == VIR_CRED_PASSPHRASE ? auth_pass : "";
        cred[i].result = strdup(v);
        cred[i].resultlen = strlen(v);
    }
    return 0;
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
    } else if (strcmp(argv[2], "authopen") == 0 && argc == 6) {
        int n = atoi(argv[3]);
        int types[] = {VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE};
        virConnectAuth auth = {types, 2, answer, NULL};
        auth_user = argv[4];
        auth_pass = argv[5];
        double t0 = now();
        for (int i = 0; i < n; i++) {
            virConnectPtr c = virConnectOpenAuth(uri, &auth, 0);
            if (!c) {
                fprintf(stderr, "open: %s\n", virGetLastErrorMessage());
                printf("n/a\n");
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
    } else if ((strcmp(argv[2], "netlist") == 0 || strcmp(argv[2], "poollist") == 0 ||
                strcmp(argv[2], "volcycle") == 0) && argc == 4) {
        /* Per operation: list all networks (and free them), list all pools, or create
         * and delete a 1 MiB volume in the test driver's default-pool. */
        int n = atoi(argv[3]);
        virConnectPtr c = virConnectOpen(uri);
        virStoragePoolPtr pool = c ? virStoragePoolLookupByName(c, "default-pool") : NULL;
        if (!c || !pool) {
            fprintf(stderr, "open: %s\n", virGetLastErrorMessage());
            return 1;
        }
        const char *vol_xml = "<volume><name>bench.img</name><capacity unit='MiB'>1</capacity></volume>";
        double t0 = now();
        for (int i = 0; i < n; i++) {
            if (argv[2][0] == 'n') {
                virNetworkPtr *nets = NULL;
                int k = virConnectListAllNetworks(c, &nets, 0);
                if (k < 0) { fprintf(stderr, "list: %s\n", virGetLastErrorMessage()); return 1; }
                for (int j = 0; j < k; j++) virNetworkFree(nets[j]);
                free(nets);
            } else if (argv[2][0] == 'p') {
                virStoragePoolPtr *pools = NULL;
                int k = virConnectListAllStoragePools(c, &pools, 0);
                if (k < 0) { fprintf(stderr, "list: %s\n", virGetLastErrorMessage()); return 1; }
                for (int j = 0; j < k; j++) virStoragePoolFree(pools[j]);
                free(pools);
            } else {
                virStorageVolPtr v = virStorageVolCreateXML(pool, vol_xml, 0);
                if (!v || virStorageVolDelete(v, 0) < 0) {
                    fprintf(stderr, "volume: %s\n", virGetLastErrorMessage());
                    return 1;
                }
                virStorageVolFree(v);
            }
        }
        printf("%.1f\n", (now() - t0) / n * 1e6);
        virStoragePoolFree(pool);
        virConnectClose(c);
    } else if (strcmp(argv[2], "volstream") == 0 && argc == 4) {
        long long mib = atoll(argv[3]);
        char xml[256], *buf = malloc(1 << 20);
        virConnectPtr c = virConnectOpen(uri);
        virStoragePoolPtr pool = c ? virStoragePoolLookupByName(c, "default-pool") : NULL;
        virStorageVolPtr v;
        virStreamPtr st;
        double t0, up, down;
        long long got = 0;
        if (!c || !pool || !buf) { fprintf(stderr, "open: %s\n", virGetLastErrorMessage()); return 1; }
        memset(buf, 0x5a, 1 << 20);
        snprintf(xml, sizeof(xml), "<volume><name>bench-stream.img</name><capacity unit='MiB'>%lld</capacity></volume>", mib);
        if (!(v = virStorageVolCreateXML(pool, xml, 0))) { fprintf(stderr, "volume: %s\n", virGetLastErrorMessage()); return 1; }
        st = virStreamNew(c, 0);
        t0 = now();
        if (virStorageVolUpload(v, st, 0, 0, 0) < 0) {
            printf("n/a\n");
            virStreamFree(st); virStorageVolDelete(v, 0); virStorageVolFree(v);
            return 0;
        }
        for (long long i = 0; i < mib; i++)
            for (int off = 0; off < (1 << 20);) {
                int k = virStreamSend(st, buf + off, (1 << 20) - off);
                if (k < 0) { fprintf(stderr, "send: %s\n", virGetLastErrorMessage()); return 1; }
                off += k;
            }
        if (virStreamFinish(st) < 0) { fprintf(stderr, "finish: %s\n", virGetLastErrorMessage()); return 1; }
        up = now() - t0;
        virStreamFree(st);
        st = virStreamNew(c, 0);
        t0 = now();
        if (virStorageVolDownload(v, st, 0, 0, 0) < 0) { fprintf(stderr, "download: %s\n", virGetLastErrorMessage()); return 1; }
        for (;;) {
            int k = virStreamRecv(st, buf, 1 << 20);
            if (k < 0) { fprintf(stderr, "recv: %s\n", virGetLastErrorMessage()); return 1; }
            if (k == 0) break;
            got += k;
        }
        virStreamFinish(st);
        down = now() - t0;
        virStreamFree(st);
        if (got != mib << 20) { fprintf(stderr, "downloaded %lld bytes\n", got); return 1; }
        printf("%.0f %.0f\n", mib / up, mib / down);
        virStorageVolDelete(v, 0);
        virStorageVolFree(v);
        virStoragePoolFree(pool);
        virConnectClose(c);
    } else {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }
    return 0;
}
