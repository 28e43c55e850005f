/* The error API: thread-local last error, per-connection copies, callbacks, default output. */
#include "check.h"
#include <pthread.h>
#include <unistd.h>
#include <fcntl.h>

static int global_calls, conn_calls, last_code;
static void *last_data;
static void global_handler(void *data, virErrorPtr err) { global_calls++; last_code = err->code; last_data = data; }
static void conn_handler(void *data, virErrorPtr err) { conn_calls++; last_code = err->code; last_data = data; }

static void *other_thread(void *arg) {
    (void)arg;
    /* The main thread's error is not visible here. */
    return (void *)(long)(virGetLastError() == NULL && virGetLastErrorCode() == VIR_ERR_OK);
}

/* Runs fn with stderr sent to a file; returns what was printed. */
static char *capture_stderr(void (*fn)(void)) {
    static char buf[1024];
    char path[] = "/tmp/t_errors_stderrXXXXXX";
    int fd = mkstemp(path), saved = dup(2);
    fflush(stderr);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    lseek(fd, 0, SEEK_SET);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
    unlink(path);
    return buf;
}

static void fail_get_info(void) { virDomainInfo i; virDomainGetInfo(NULL, &i); }
static void print_default(void) {
    virError e;
    memset(&e, 0, sizeof(e));
    e.code = VIR_ERR_NO_DOMAIN;
    e.domain = VIR_FROM_TEST;
    e.level = VIR_ERR_ERROR;
    e.message = "Domain not found";
    virDefaultErrorFunc(&e);
}

int main(void) {
    check_begin("t_errors");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);

    CHECK(virDomainLookupByName(c, "missing") == NULL);
    virErrorPtr e = virGetLastError();
    CHECK(e != NULL);
    CHECK_INT(e->code, VIR_ERR_NO_DOMAIN);
    CHECK_INT(e->domain, VIR_FROM_TEST);
    CHECK_INT(e->level, VIR_ERR_ERROR);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_NO_DOMAIN);
    CHECK_INT(virGetLastErrorDomain(), VIR_FROM_TEST);
    CHECK_STR(virGetLastErrorMessage(), "Domain not found");

    /* Other threads have their own last error. */
    pthread_t th;
    void *ok = NULL;
    pthread_create(&th, NULL, other_thread, NULL);
    pthread_join(th, &ok);
    CHECK(ok != NULL);

    /* Copies. */
    virError copy;
    memset(&copy, 0x55, sizeof(copy));
    CHECK_INT(virCopyLastError(&copy), VIR_ERR_NO_DOMAIN);
    CHECK_STR(copy.message, "Domain not found");
    CHECK(copy.message != e->message);
    virResetError(&copy);
    CHECK_INT(copy.code, 0);
    CHECK(copy.message == NULL);
    CHECK_INT(virCopyLastError(NULL), -1);
    virErrorPtr saved = virSaveLastError();
    CHECK(saved && saved->code == VIR_ERR_NO_DOMAIN);
    virFreeError(saved);

    /* The connection keeps a copy of its last error. */
    virErrorPtr ce = virConnGetLastError(c);
    CHECK(ce && ce->code == VIR_ERR_NO_DOMAIN);
    CHECK_INT(virConnCopyLastError(c, &copy), VIR_ERR_NO_DOMAIN);
    virResetError(&copy);
    virConnResetLastError(c);
    CHECK_INT(virConnCopyLastError(c, &copy), 0);
    CHECK(virConnGetLastError(NULL) == NULL);

    /* A successful call clears the thread's last error. */
    CHECK(virConnectGetType(c) != NULL);
    CHECK(virGetLastError() == NULL);
    CHECK_INT(virGetLastErrorCode(), VIR_ERR_OK);
    CHECK_STR(virGetLastErrorMessage(), "no error");
    virDomainLookupByName(c, "missing");
    virResetLastError();
    CHECK(virGetLastError() == NULL);

    /* Callbacks: the connection's handler wins over the global one. */
    int token;
    virSetErrorFunc(&token, global_handler);
    virDomainLookupByName(c, "missing");
    CHECK_INT(global_calls, 1);
    CHECK_INT(last_code, VIR_ERR_NO_DOMAIN);
    CHECK(last_data == &token);
    virConnSetErrorFunc(c, &conn_calls, conn_handler);
    virDomainLookupByName(c, "missing");
    CHECK_INT(conn_calls, 1);
    CHECK_INT(global_calls, 1);
    CHECK(last_data == &conn_calls);
    virConnectGetType(NULL); /* no connection: the global handler */
    CHECK_INT(global_calls, 2);
    CHECK_INT(last_code, VIR_ERR_INVALID_CONN);
    virConnSetErrorFunc(c, NULL, NULL);
    virDomainLookupByName(c, "missing");
    CHECK_INT(global_calls, 3);
    CHECK_INT(conn_calls, 1);

    /* Without a handler, errors are printed as libvirt prints them. */
    virSetErrorFunc(NULL, NULL);
    CHECK_STR(capture_stderr(fail_get_info), "libvirt: Domain error : invalid domain pointer in virDomainGetInfo\n");
    CHECK_STR(capture_stderr(print_default), "libvirt: Test Driver error : Domain not found\n");
    virSetErrorFunc(NULL, check_quiet_handler);

    CHECK_INT(virConnectClose(c), 0);
    return check_end("t_errors");
}
