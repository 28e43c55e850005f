/* Keepalive: unsupported in process; over a daemon connection it detects a peer that
 * stops answering. DAEMON_PIDFILE names the daemon to freeze (SIGSTOP) for that. The
 * reference library needs its event loop running for keepalive, so one runs here. */
#include "check.h"
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static void *event_loop(void *arg) {
    (void)arg;
    for (;;)
        virEventRunDefaultImpl();
    return NULL;
}

int main(void) {
    check_begin("t_keepalive");
    CHECK_INT(virEventRegisterDefaultImpl(), 0);
    pthread_t th;
    pthread_create(&th, NULL, event_loop, NULL);
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    const char *pidfile = getenv("DAEMON_PIDFILE");
    if (strcmp(test_uri(), "test:///default") == 0 || !pidfile) {
        CHECK_INT(virConnectSetKeepAlive(c, 1, 2), -1);
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
        virConnectClose(c);
        return check_end("t_keepalive");
    }
    FILE *f = fopen(pidfile, "r");
    int pid = 0;
    CHECK(f && fscanf(f, "%d", &pid) == 1 && pid > 1);
    if (f)
        fclose(f);
    CHECK_INT(virConnectSetKeepAlive(c, 1, 2), 0);
    CHECK_INT(virConnectIsAlive(c), 1);
    /* A live, idle peer answers: the connection survives well past the deadline. */
    sleep(4);
    CHECK_INT(virConnectIsAlive(c), 1);
    CHECK(virConnectGetType(c) != NULL);
    /* A frozen peer does not: after interval * (count + 1) seconds it is declared dead. */
    kill(pid, SIGSTOP);
    int alive = 1;
    for (int i = 0; i < 100 && alive; i++) {
        usleep(100000);
        alive = virConnectIsAlive(c);
    }
    kill(pid, SIGCONT);
    CHECK_INT(alive, 0);
    /* (The type is cached after the first call; the host name needs the daemon.) */
    CHECK(virConnectGetHostname(c) == NULL);
    CHECK(virGetLastError() != NULL);
    virConnectClose(c);
    /* The daemon itself is fine: a new connection works. */
    c = virConnectOpen(test_uri());
    CHECK(c != NULL && virConnectGetType(c) != NULL);
    virConnectClose(c);
    return check_end("t_keepalive");
}
