/* The certificate extensions of libvirt-rs (virConnectAddCertData, virConnectAddCertDataFile,
 * virConnectSetCertificateValidator), with real certificates and real TLS daemons. Run by
 * tests/tls/run (not by the c-tests step: these are not libvirt's APIs, and Debian's
 * library has none of them, so on it the program says "skipped").
 * Environment: PKI (tests/tls/mkpki's directory), PORT (our qemud, TLS, DN list allows
 * CN=client1, checks the CRL), LPORT (Debian's libvirtd, same set-up), RPORT (our qemud
 * with a revoked server certificate), HOME (a temp dir: the trusted store goes there). */
#include "check.h"
#include <sys/stat.h>
#include <unistd.h>

typedef int (*add_fn)(int, const char *);
typedef int (*validator_set_fn)(virConnectCertificateValidator);

static add_fn add_data, add_file;
static validator_set_fn set_validator;
static const char *pki;
static char empty_dir[512];

static int calls, last_trusted, answer;
static char last_host[256];
static int pem_ok;

static int validator(const char *hostname, const char *pem, int trusted) {
    calls++;
    last_trusted = trusted;
    snprintf(last_host, sizeof(last_host), "%s", hostname ? hostname : "(null)");
    pem_ok = pem && strncmp(pem, "-----BEGIN CERTIFICATE-----", 27) == 0;
    return answer;
}

static const char *path(const char *rel) {
    static char buf[4][1024];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", pki, rel);
    return buf[i];
}

/* Opens test:///default over TLS at `port` with a pkipath holding no files, so only the
 * data given through the extensions can make it work. */
static virConnectPtr open_at(const char *port, const char *host) {
    char uri[1024];
    snprintf(uri, sizeof(uri), "test+tls://%s:%s/default?pkipath=%s", host, port, empty_dir);
    return virConnectOpen(uri);
}

static char *slurp(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) return NULL;
    char *buf = calloc(1, 1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    (void)n;
    fclose(f);
    return buf;
}

static void clear_all(void) {
    for (int t = VIR_CONNECT_CERT_CA_CERT; t <= VIR_CONNECT_CERT_TRUSTED_SERVER_CERT; t++)
        add_data(t, NULL);
}

int main(void) {
    check_begin("x_ext_cert");
    add_data = (add_fn)dlsym(RTLD_DEFAULT, "virConnectAddCertData");
    add_file = (add_fn)dlsym(RTLD_DEFAULT, "virConnectAddCertDataFile");
    set_validator = (validator_set_fn)dlsym(RTLD_DEFAULT, "virConnectSetCertificateValidator");
    if (!add_data || !add_file || !set_validator) {
        printf("x_ext_cert: skipped (this libvirt has no libvirt-rs extensions)\n");
        return 0;
    }
    pki = getenv("PKI");
    const char *port = getenv("PORT"), *lport = getenv("LPORT"), *rport = getenv("RPORT");
    const char *home = getenv("HOME");
    if (!pki || !port || !lport || !rport || !home) {
        fprintf(stderr, "x_ext_cert: PKI, PORT, LPORT, RPORT and HOME must be set\n");
        return 2;
    }
    snprintf(empty_dir, sizeof(empty_dir), "%s/empty", pki);
    mkdir(empty_dir, 0700);
    char store[1024];
    snprintf(store, sizeof(store), "%s/.pki/libvirt/trusted-servers.pem", home);
    unlink(store);

    /* Without any data, the (empty) pkipath applies, as libvirt's. */
    virConnectPtr c = open_at(port, "127.0.0.1");
    CHECK(c == NULL);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);

    /* Bad input is refused at load time with nothing kept. */
    CHECK_INT(add_data(VIR_CONNECT_CERT_CA_CERT, "not a certificate"), -1);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);
    CHECK_MSG("Unable to import CA certificate list [data]");
    CHECK_INT(add_data(42, "x"), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CA_CERT, path("no-such-file.pem")), -1);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CA_CERT, path("ca-expired/cacert.pem")), -1);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);
    {
        char msg[1200];
        snprintf(msg, sizeof(msg), "The CA certificate %s has expired", path("ca-expired/cacert.pem"));
        CHECK_MSG(msg);
    }
    /* A good CA followed by the expired one: all or nothing. */
    {
        char *good = slurp(path("ca/cacert.pem")), *bad = slurp(path("ca-expired/cacert.pem"));
        char *both = calloc(1, 1 << 17);
        CHECK(good && bad && both);
        if (good && bad && both) {
            strcat(both, good);
            strcat(both, bad);
            CHECK_INT(add_data(VIR_CONNECT_CERT_CA_CERT, both), -1);
        }
        free(good); free(bad); free(both);
    }
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_KEY, path("clientkey.pem")), 0);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_CERT, path("srv.pem")), -1); /* a server's, other key */
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_CERT, path("cli.pem")), 0);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_KEY, path("serverkey.pem")), -1);
    CHECK_ERR(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC);
    {
        char msg[1200];
        snprintf(msg, sizeof(msg), "The private key %s does not match the client certificate", path("serverkey.pem"));
        CHECK_MSG(msg);
    }
    /* Nothing of the failed CA loads was kept: still no CA. */
    c = open_at(port, "127.0.0.1");
    CHECK(c == NULL);
    {
        char msg[1200];
        snprintf(msg, sizeof(msg), "Cannot read CA certificate '%s/cacert.pem': No such file or directory", empty_dir);
        CHECK_MSG(msg);
    }

    /* With the CA as data, the client's own key and certificate from data: it works,
     * against our qemud and against Debian's libvirtd. */
    CHECK_INT(add_file(VIR_CONNECT_CERT_CA_CERT, path("ca/cacert.pem")), 0);
    c = open_at(port, "127.0.0.1");
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(virConnectIsEncrypted(c), 1);
        virDomainPtr d = virDomainLookupByName(c, "test");
        CHECK(d != NULL);
        if (d) virDomainFree(d);
        virConnectClose(c);
    }
    c = open_at(lport, "localhost");
    CHECK(c != NULL);
    if (c) virConnectClose(c);

    /* CRL as data: the revoked server passes without it, fails with it. */
    c = open_at(rport, "127.0.0.1");
    CHECK(c != NULL);
    if (c) virConnectClose(c);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CA_CRL, path("ca/cacrl.pem")), 0);
    c = open_at(rport, "127.0.0.1");
    CHECK(c == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC);
    CHECK_INT(add_data(VIR_CONNECT_CERT_CA_CRL, NULL), 0);

    /* The validator: rejected, accepted once, accepted permanently (the store file), then
     * told the server is trusted. */
    CHECK_INT(set_validator(validator), 0);
    answer = VIR_CONNECT_CERT_REJECT;
    c = open_at(port, "127.0.0.1");
    CHECK(c == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC);
    CHECK_INT(calls, 1);
    CHECK_STR(last_host, "127.0.0.1");
    CHECK(pem_ok);
    CHECK_INT(last_trusted, 0);
    answer = VIR_CONNECT_CERT_ACCEPT_ONCE;
    c = open_at(port, "127.0.0.1");
    CHECK(c != NULL);
    if (c) virConnectClose(c);
    CHECK_INT(calls, 2);
    CHECK(access(store, F_OK) != 0);
    answer = VIR_CONNECT_CERT_ACCEPT_ALWAYS;
    c = open_at(port, "localhost");
    CHECK(c != NULL);
    if (c) virConnectClose(c);
    CHECK_STR(last_host, "localhost");
    CHECK_INT(last_trusted, 0);
    CHECK(access(store, F_OK) == 0);
    answer = VIR_CONNECT_CERT_ACCEPT_ONCE;
    c = open_at(port, "127.0.0.1");
    CHECK(c != NULL);
    if (c) virConnectClose(c);
    CHECK_INT(last_trusted, 1);
    CHECK_INT(calls, 4);
    /* Trusted through data instead of the store. */
    unlink(store);
    CHECK_INT(add_file(VIR_CONNECT_CERT_TRUSTED_SERVER_CERT, path("srv.pem")), 0);
    c = open_at(port, "127.0.0.1");
    CHECK(c != NULL);
    if (c) virConnectClose(c);
    CHECK_INT(last_trusted, 1);
    /* The validator is not asked when the CA check already failed. */
    clear_all();
    CHECK_INT(add_file(VIR_CONNECT_CERT_CA_CERT, path("other-ca/cacert.pem")), 0);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_CERT, path("cli-otherca.pem")), 0);
    CHECK_INT(add_file(VIR_CONNECT_CERT_CLIENT_KEY, path("clientkey.pem")), 0);
    int before = calls;
    c = open_at(port, "127.0.0.1");
    CHECK(c == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_RPC);
    CHECK_MSG("authentication failed: Failed to verify peer's certificate");
    CHECK_INT(calls, before);
    CHECK_INT(set_validator(NULL), 0);
    clear_all();
    unlink(store);
    return check_end("x_ext_cert");
}
