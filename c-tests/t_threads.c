/* Eight threads hammering one connection: lookups, info, define/undefine, listing. */
#include "check.h"
#include <pthread.h>

#define THREADS 8
#define ROUNDS 300

static virConnectPtr conn;

static void *worker(void *arg) {
    long n = (long)arg, bad = 0;
    char name[64], xml[512];
    for (int i = 0; i < ROUNDS; i++) {
        virDomainPtr d = virDomainLookupByName(conn, "test");
        virDomainInfo info;
        if (!d || virDomainGetInfo(d, &info) < 0 || info.nrVirtCpu != 2)
            bad++;
        if (d)
            virDomainFree(d);

        snprintf(name, sizeof(name), "thr%ld_%d", n, i);
        snprintf(xml, sizeof(xml),
                 "<domain type='test'><name>%s</name><memory>1024</memory><os><type>hvm</type></os></domain>", name);
        virDomainPtr nd = virDomainDefineXML(conn, xml);
        if (!nd || virDomainCreate(nd) < 0 || virDomainDestroy(nd) < 0 || virDomainUndefine(nd) < 0)
            bad++;
        if (nd)
            virDomainFree(nd);

        virDomainPtr *all = NULL;
        int count = virConnectListAllDomains(conn, &all, 0);
        if (count < 1)
            bad++;
        for (int k = 0; k < count; k++)
            virDomainFree(all[k]);
        free(all);
    }
    return (void *)bad;
}

int main(void) {
    check_begin("t_threads");
    conn = virConnectOpen(test_uri());
    CHECK(conn != NULL);
    pthread_t th[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) {
        void *bad = NULL;
        pthread_join(th[i], &bad);
        CHECK_INT((long)bad, 0);
    }
    /* Every temporary domain is gone; only the default one is left. */
    CHECK_INT(virConnectNumOfDomains(conn), 1);
    CHECK_INT(virConnectNumOfDefinedDomains(conn), 0);
    CHECK_INT(virConnectClose(conn), 0);
    return check_end("t_threads");
}
