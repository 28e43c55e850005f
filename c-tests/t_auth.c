/* Authentication: virConnectOpenAuth's callbacks against the test driver's <auth> users
 * in a node file, auth.conf (LIBVIRT_AUTH_FILE, ?authfile=) answering before them,
 * virConnectAuthPtrDefault's shape, and (on our library only) the process-wide callbacks
 * of virConnectSetAuthCallbacks. Node-file opens run in process; with VIRT_TEST_URI
 * pointing at a daemon, the same node file is also opened through it, where the
 * client's callbacks never reach the daemon's test driver. */
#include "check.h"
#include <unistd.h>

static char dir[64], node[128], uri[160], conf[128];

struct answers {
    const char *user, *pass;
    int fail_user, fail_pass;   /* return -1 when asked for this */
    int null_result;            /* return 0 without an answer */
    int ncalls, types[8];
    char prompts[8][128], challenges[8][64];
    int had_defresult;
};

static int callback(virConnectCredentialPtr cred, unsigned int ncred, void *cbdata) {
    struct answers *a = cbdata;
    for (unsigned int i = 0; i < ncred; i++) {
        int n = a->ncalls++;
        if (n < 8) {
            a->types[n] = cred[i].type;
            snprintf(a->prompts[n], sizeof(a->prompts[n]), "%s", cred[i].prompt ? cred[i].prompt : "(null)");
            snprintf(a->challenges[n], sizeof(a->challenges[n]), "%s", cred[i].challenge ? cred[i].challenge : "(null)");
        }
        if (cred[i].defresult)
            a->had_defresult = 1;
        int is_user = cred[i].type == VIR_CRED_AUTHNAME || cred[i].type == VIR_CRED_USERNAME;
        if ((is_user && a->fail_user) || (!is_user && a->fail_pass))
            return -1;
        if (a->null_result)
            continue;
        const char *v = is_user ? a->user : a->pass;
        cred[i].result = strdup(v ? v : "");
        cred[i].resultlen = strlen(cred[i].result);
    }
    return 0;
}

static int types_user_pass[] = { VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE };

static virConnectPtr open_with(const char *name, int *types, unsigned int ntypes, struct answers *a) {
    virConnectAuth auth = { types, ntypes, callback, a };
    return virConnectOpenAuth(name, &auth, 0);
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    fputs(text, f);
    fclose(f);
}

static void right_and_wrong(void) {
    struct answers a = { .user = "alice", .pass = "secret" };
    virConnectPtr c = open_with(uri, types_user_pass, 2, &a);
    CHECK(c != NULL);
    CHECK_INT(a.ncalls, 2);
    CHECK_INT(a.types[0], VIR_CRED_AUTHNAME);
    CHECK_STR(a.prompts[0], "Enter username for localhost");
    CHECK_STR(a.challenges[0], "localhost");
    CHECK_INT(a.types[1], VIR_CRED_PASSPHRASE);
    CHECK_STR(a.prompts[1], "Enter alice's password for localhost");
    CHECK_STR(a.challenges[1], "localhost");
    CHECK_INT(a.had_defresult, 0);
    if (c) {
        CHECK_INT(virConnectNumOfDomains(c), 0);
        virConnectClose(c);
    }

    struct answers w = { .user = "alice", .pass = "wrong" };
    CHECK(open_with(uri, types_user_pass, 2, &w) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_TEST);
    CHECK_MSG("authentication failed: authentication failed, see test XML for the correct username/password");
    CHECK_INT(w.ncalls, 2);

    /* An unknown user is still asked for a password. */
    struct answers u = { .user = "carol", .pass = "secret" };
    CHECK(open_with(uri, types_user_pass, 2, &u) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_TEST);
    CHECK_INT(u.ncalls, 2);
    CHECK_STR(u.prompts[1], "Enter carol's password for localhost");

    /* A user without a password attribute is not asked for one. */
    struct answers b = { .user = "bob" };
    c = open_with(uri, types_user_pass, 2, &b);
    CHECK(c != NULL);
    CHECK_INT(b.ncalls, 1);
    if (c) virConnectClose(c);
}

static void callback_failures(void) {
    struct answers a = { .user = "alice", .pass = "secret", .fail_user = 1 };
    CHECK(open_with(uri, types_user_pass, 2, &a) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH);
    CHECK_MSG("authentication failed: Username request failed");

    struct answers p = { .user = "alice", .pass = "secret", .fail_pass = 1 };
    CHECK(open_with(uri, types_user_pass, 2, &p) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH);
    CHECK_MSG("authentication failed: Password request failed");

    /* The callback lists no AUTHNAME: it is not called at all. */
    int only_pass[] = { VIR_CRED_PASSPHRASE, VIR_CRED_USERNAME };
    struct answers n = { .user = "alice", .pass = "secret" };
    CHECK(open_with(uri, only_pass, 2, &n) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH);
    CHECK_MSG("authentication failed: Missing VIR_CRED_AUTHNAME credential type");
    CHECK_INT(n.ncalls, 0);

    int no_secret[] = { VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT };
    struct answers s = { .user = "alice", .pass = "secret" };
    CHECK(open_with(uri, no_secret, 2, &s) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH);
    CHECK_MSG("authentication failed: Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type");
    CHECK_INT(s.ncalls, 1);

    /* The first of PASSPHRASE and NOECHOPROMPT in the callback's own list is asked. */
    int noecho_first[] = { VIR_CRED_NOECHOPROMPT, VIR_CRED_PASSPHRASE, VIR_CRED_AUTHNAME };
    struct answers e = { .user = "alice", .pass = "secret" };
    virConnectPtr c = open_with(uri, noecho_first, 3, &e);
    CHECK(c != NULL);
    CHECK_INT(e.types[1], VIR_CRED_NOECHOPROMPT);
    if (c) virConnectClose(c);

    /* 0 without an answer: the open fails without saying why. */
    struct answers z = { .null_result = 1 };
    CHECK(open_with(uri, types_user_pass, 2, &z) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
    CHECK_MSG("An error occurred, but the cause is unknown");

    /* No callbacks at all. */
    CHECK(virConnectOpen(uri) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_AUTH);
    CHECK_MSG("invalid argument: Missing authentication credentials");
    CHECK(virConnectOpenReadOnly(uri) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_AUTH);
}

static void auth_conf(void) {
    char text[512];
    snprintf(conf, sizeof(conf), "%s/auth.conf", dir);
    write_file(conf, "# test credentials\n[credentials-t]\nusername=alice\npassword = secret\n\n"
                     "[auth-test-localhost]\ncredentials=t\n");
    setenv("LIBVIRT_AUTH_FILE", conf, 1);
    struct answers a = { .user = "nobody", .pass = "nothing" };
    virConnectPtr c = open_with(uri, types_user_pass, 2, &a);
    CHECK(c != NULL);
    CHECK_INT(a.ncalls, 0);
    if (c) virConnectClose(c);
    /* Even without callbacks. */
    c = virConnectOpen(uri);
    CHECK(c != NULL);
    if (c) virConnectClose(c);

    /* Only the user name in the file: the callback is asked for the password. */
    write_file(conf, "[credentials-t]\nusername=alice\n[auth-test-default]\ncredentials=t\n");
    struct answers b = { .user = "nobody", .pass = "secret" };
    c = open_with(uri, types_user_pass, 2, &b);
    CHECK(c != NULL);
    CHECK_INT(b.ncalls, 1);
    CHECK_INT(b.types[0], VIR_CRED_PASSPHRASE);
    CHECK_STR(b.prompts[0], "Enter alice's password for localhost");
    if (c) virConnectClose(c);

    /* Another service's group does not answer. */
    write_file(conf, "[credentials-t]\nusername=alice\npassword=secret\n[auth-libvirt-localhost]\ncredentials=t\n");
    struct answers d = { .user = "alice", .pass = "secret" };
    c = open_with(uri, types_user_pass, 2, &d);
    CHECK(c != NULL);
    CHECK_INT(d.ncalls, 2);
    if (c) virConnectClose(c);

    write_file(conf, "[auth-test-localhost]\nfoo=bar\n");
    CHECK(open_with(uri, types_user_pass, 2, &d) == NULL);
    CHECK_ERR(VIR_ERR_CONF_SYNTAX, VIR_FROM_NONE);
    snprintf(text, sizeof(text), "configuration file syntax error: Missing item 'credentials' in group 'auth-test-localhost' in '%s'", conf);
    CHECK_MSG(text);

    write_file(conf, "[auth-test-localhost]\ncredentials=gone\n");
    CHECK(open_with(uri, types_user_pass, 2, &d) == NULL);
    CHECK_ERR(VIR_ERR_CONF_SYNTAX, VIR_FROM_NONE);
    snprintf(text, sizeof(text), "configuration file syntax error: Missing group 'credentials-gone' referenced from group 'auth-test-localhost' in '%s'", conf);
    CHECK_MSG(text);

    /* A file that cannot be parsed, or read, fails the open without a reason. */
    write_file(conf, "not a key file\n");
    CHECK(open_with(uri, types_user_pass, 2, &d) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
    snprintf(text, sizeof(text), "%s/missing.conf", dir);
    setenv("LIBVIRT_AUTH_FILE", text, 1);
    CHECK(open_with(uri, types_user_pass, 2, &d) == NULL);
    CHECK_ERR(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE);
    CHECK_MSG("An error occurred, but the cause is unknown");
    unsetenv("LIBVIRT_AUTH_FILE");

    /* ?authfile= names the file too. */
    write_file(conf, "[credentials-t]\nusername=alice\npassword=secret\n[auth-test-localhost]\ncredentials=t\n");
    char with_param[320];
    snprintf(with_param, sizeof(with_param), "%s?authfile=%s", uri, conf);
    struct answers p = { .user = "x", .pass = "y" };
    c = open_with(with_param, types_user_pass, 2, &p);
    CHECK(c != NULL);
    CHECK_INT(p.ncalls, 0);
    if (c) virConnectClose(c);
}

static void default_auth(void) {
    /* libvirt's default callbacks: AUTHNAME, ECHOPROMPT, REALM, PASSPHRASE, NOECHOPROMPT,
     * EXTERNAL (prompting is driven through a terminal by tests/python_auth.py). */
    CHECK(virConnectAuthPtrDefault != NULL);
    if (!virConnectAuthPtrDefault) return;
    int want[] = { VIR_CRED_AUTHNAME, VIR_CRED_ECHOPROMPT, VIR_CRED_REALM,
                   VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT, VIR_CRED_EXTERNAL };
    CHECK_INT(virConnectAuthPtrDefault->ncredtype, 6);
    for (int i = 0; i < 6 && i < (int)virConnectAuthPtrDefault->ncredtype; i++)
        CHECK_INT(virConnectAuthPtrDefault->credtype[i], want[i]);
    CHECK(virConnectAuthPtrDefault->cb != NULL);
    CHECK(virConnectAuthPtrDefault->cbdata == NULL);

    /* EXTERNAL is accepted only for PolicyKit; an unknown type fails. */
    virConnectCredential ext = { .type = VIR_CRED_EXTERNAL, .prompt = "p", .challenge = "PolicyKit" };
    CHECK_INT(virConnectAuthPtrDefault->cb(&ext, 1, NULL), 0);
    CHECK(ext.result == NULL);
    ext.challenge = "other";
    CHECK_INT(virConnectAuthPtrDefault->cb(&ext, 1, NULL), -1);
    virConnectCredential bad = { .type = 42, .prompt = "p" };
    CHECK_INT(virConnectAuthPtrDefault->cb(&bad, 1, NULL), -1);

    /* Nothing to ask: the default callbacks are not called. */
    virConnectPtr c = virConnectOpenAuth("test:///default", virConnectAuthPtrDefault, 0);
    CHECK(c != NULL);
    if (c) virConnectClose(c);
}

static void bad_node(void) {
    char path[160], name[200];
    snprintf(path, sizeof(path), "%s/empty-user.xml", dir);
    write_file(path, "<node><auth><user password='x'></user></auth></node>\n");
    snprintf(name, sizeof(name), "test://%s", path);
    struct answers a = { .user = "alice", .pass = "secret" };
    CHECK(open_with(name, types_user_pass, 2, &a) == NULL);
    CHECK_ERR(VIR_ERR_XML_ERROR, VIR_FROM_TEST);
    CHECK_MSG("XML error: missing username in /node/auth/user field");
    CHECK_INT(a.ncalls, 0);
    unlink(path);
}

/* Through a daemon (VIRT_TEST_URI=test+unix:///default?socket=... or test+tcp://...):
 * the daemon's test driver has no callbacks to ask, whatever the client passes. */
static void through_daemon(void) {
    const char *t = test_uri();
    const char *d = strstr(t, "/default");
    if (strncmp(t, "test+", 5) != 0 || !d) return;
    char name[400];
    snprintf(name, sizeof(name), "%.*s%s%s", (int)(d - t), t, node, d + strlen("/default"));
    struct answers a = { .user = "alice", .pass = "secret" };
    CHECK(open_with(name, types_user_pass, 2, &a) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_AUTH);
    CHECK_MSG("invalid argument: Missing authentication credentials");
    CHECK_INT(a.ncalls, 0);
}

#ifdef LIBVIR_RS_EXTENSIONS
/* ---- virConnectSetAuthCallbacks: our library only (found with dlsym) ---- */

static int ext_calls, ext_types[8];
static char ext_uri[256], ext_prompt[128];

static int ext_user(int credtype, const char *u, char **result, void *opaque) {
    if (ext_calls < 8) ext_types[ext_calls] = credtype;
    ext_calls++;
    snprintf(ext_uri, sizeof(ext_uri), "%s", u ? u : "(null)");
    *result = strdup((const char *)opaque);
    return 0;
}

static int ext_pass(int credtype, const char *u, const char *prompt, const char *challenge,
                    const char *defresult, char **result, void *opaque) {
    (void)u; (void)challenge; (void)defresult;
    if (ext_calls < 8) ext_types[ext_calls] = credtype;
    ext_calls++;
    snprintf(ext_prompt, sizeof(ext_prompt), "%s", prompt ? prompt : "(null)");
    if (!opaque) return -1;
    *result = strdup((const char *)opaque);
    return 0;
}

static void extension(void) {
    typedef int (*set_fn)(const virConnectAuthCallback *, int);
    set_fn set = (set_fn)dlsym(RTLD_DEFAULT, "virConnectSetAuthCallbacks");
    Dl_info info;
    if (!set) {
        /* Debian's libvirt has no such symbol; ours must. */
        CHECK(dladdr((void *)virGetVersion, &info) && strstr(info.dli_fname, "/lib/x86_64-linux-gnu/") != NULL);
        return;
    }
    virConnectAuthCallback cbs[2] = {
        { VIR_CONNECT_AUTH_TOKEN_USERNAME, VIR_CONNECT_AUTH_SHAPE_SIMPLE, ext_user, NULL, NULL, "alice" },
        { VIR_CONNECT_AUTH_TOKEN_PASSWORD, VIR_CONNECT_AUTH_SHAPE_PROMPT, NULL, ext_pass, NULL, "secret" },
    };
    CHECK_INT(set(cbs, 2), 0);

    /* No virConnectAuth: the process-wide callbacks answer both. */
    ext_calls = 0;
    virConnectPtr c = virConnectOpen(uri);
    CHECK(c != NULL);
    CHECK_INT(ext_calls, 2);
    CHECK_INT(ext_types[0], VIR_CRED_AUTHNAME);
    CHECK_INT(ext_types[1], VIR_CRED_PASSPHRASE);
    CHECK_STR(ext_uri, uri);
    CHECK_STR(ext_prompt, "Enter alice's password for localhost");
    if (c) virConnectClose(c);

    /* The application's callback answers what it lists; the process-wide ones the rest. */
    int only_user[] = { VIR_CRED_AUTHNAME };
    struct answers a = { .user = "alice", .pass = "wrong" };
    ext_calls = 0;
    c = open_with(uri, only_user, 1, &a);
    CHECK(c != NULL);
    CHECK_INT(a.ncalls, 1);
    CHECK_INT(ext_calls, 1);
    CHECK_INT(ext_types[0], VIR_CRED_PASSPHRASE);
    if (c) virConnectClose(c);

    /* The application's answer wins over the process-wide one. */
    struct answers w = { .user = "alice", .pass = "wrong" };
    ext_calls = 0;
    CHECK(open_with(uri, types_user_pass, 2, &w) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_TEST);
    CHECK_INT(ext_calls, 0);

    /* auth.conf answers before any callback. */
    write_file(conf, "[credentials-t]\nusername=alice\npassword=secret\n[auth-test-localhost]\ncredentials=t\n");
    setenv("LIBVIRT_AUTH_FILE", conf, 1);
    ext_calls = 0;
    c = virConnectOpen(uri);
    CHECK(c != NULL);
    CHECK_INT(ext_calls, 0);
    if (c) virConnectClose(c);
    unsetenv("LIBVIRT_AUTH_FILE");

    /* A refusing callback fails the open with libvirt's wording. */
    virConnectAuthCallback refuse[2] = {
        { VIR_CONNECT_AUTH_TOKEN_USERNAME, VIR_CONNECT_AUTH_SHAPE_SIMPLE, ext_user, NULL, NULL, "alice" },
        { VIR_CONNECT_AUTH_TOKEN_PASSWORD, VIR_CONNECT_AUTH_SHAPE_PROMPT, NULL, ext_pass, NULL, NULL },
    };
    CHECK_INT(set(refuse, 2), 0);
    CHECK(virConnectOpen(uri) == NULL);
    CHECK_ERR(VIR_ERR_AUTH_FAILED, VIR_FROM_AUTH);
    CHECK_MSG("authentication failed: Password request failed");

    /* Bad registrations are refused and keep the callbacks registered before. */
    CHECK_INT(set(cbs, -1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_INT(set(NULL, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    virConnectAuthCallback bad = { 99, VIR_CONNECT_AUTH_SHAPE_SIMPLE, ext_user, NULL, NULL, NULL };
    CHECK_INT(set(&bad, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    bad.token = VIR_CONNECT_AUTH_TOKEN_USERNAME; bad.shape = VIR_CONNECT_AUTH_SHAPE_PROMPT;
    CHECK_INT(set(&bad, 1), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    bad.shape = 7;
    CHECK_INT(set(&bad, 1), -1);
    virConnectAuthCallback twice[2] = { cbs[0], cbs[0] };
    CHECK_INT(set(twice, 2), -1);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK(virConnectOpen(uri) == NULL);
    CHECK_MSG("authentication failed: Password request failed");

    /* Cleared: back to libvirt's behaviour. */
    CHECK_INT(set(NULL, 0), 0);
    ext_calls = 0;
    CHECK(virConnectOpen(uri) == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_AUTH);
    CHECK_INT(ext_calls, 0);
}
#endif

int main(void) {
    check_begin("t_auth");
    snprintf(dir, sizeof(dir), "/tmp/t_auth.XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 2; }
    snprintf(node, sizeof(node), "%s/node.xml", dir);
    snprintf(uri, sizeof(uri), "test://%s", node);
    write_file(node, "<node>\n  <auth>\n    <user password='secret'>alice</user>\n    <user>bob</user>\n  </auth>\n</node>\n");
    unsetenv("LIBVIRT_AUTH_FILE");
    /* No user or system auth.conf may answer for us. */
    char xdg[128];
    snprintf(xdg, sizeof(xdg), "%s/config", dir);
    setenv("XDG_CONFIG_HOME", xdg, 1);
    if (access("/etc/libvirt/auth.conf", R_OK) == 0)
        printf("t_auth: note: /etc/libvirt/auth.conf exists and may answer\n");

    right_and_wrong();
    callback_failures();
    auth_conf();
    default_auth();
    bad_node();
    through_daemon();
#ifdef LIBVIR_RS_EXTENSIONS
    extension();
#endif
    unlink(conf);
    unlink(node);
    rmdir(dir);
    return check_end("t_auth");
}
