/* Tiny assertion helpers for the C tests. Each test program is compiled against this
 * project's headers and run twice: once with our libvirt.so.0, once with Debian's.
 * It prints which library file it loaded and ends with "N passed, N failed". */
#ifndef CHECK_H
#define CHECK_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
    if (cond) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

/* The last error has this code and domain. */
#define CHECK_ERR(code_, domain_) do { \
    virErrorPtr e_ = virGetLastError(); \
    if (e_ && e_->code == (code_) && e_->domain == (domain_)) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: expected error %d/%d, got %d/%d: %s\n", \
        __FILE__, __LINE__, (int)(code_), (int)(domain_), e_ ? e_->code : 0, e_ ? e_->domain : 0, \
        e_ && e_->message ? e_->message : "(none)"); } \
} while (0)

/* The last error's message equals the given text. */
#define CHECK_MSG(text) do { \
    virErrorPtr e_ = virGetLastError(); \
    if (e_ && e_->message && strcmp(e_->message, (text)) == 0) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: expected message '%s', got '%s'\n", \
        __FILE__, __LINE__, (text), e_ && e_->message ? e_->message : "(none)"); } \
} while (0)

#define CHECK_STR(a, b) do { \
    const char *a_ = (a), *b_ = (b); \
    if (a_ && b_ && strcmp(a_, b_) == 0) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: '%s' != '%s'\n", __FILE__, __LINE__, \
        a_ ? a_ : "(null)", b_ ? b_ : "(null)"); } \
} while (0)

#define CHECK_INT(a, b) do { \
    long long a_ = (long long)(a), b_ = (long long)(b); \
    if (a_ == b_) { check_passed++; } \
    else { check_failed++; fprintf(stderr, "FAIL %s:%d: %s == %lld, expected %lld\n", \
        __FILE__, __LINE__, #a, a_, b_); } \
} while (0)

/* The URI the tests open: test:///default in process, or the same driver behind a
 * daemon (VIRT_TEST_URI=test+unix:///default?socket=...). */
static const char *test_uri(void) {
    const char *u = getenv("VIRT_TEST_URI");
    return u && *u ? u : "test:///default";
}

static void check_quiet_handler(void *data, virErrorPtr err) { (void)data; (void)err; }

/* Prints the library file that provides the libvirt API in this process. */
static void check_begin(const char *name) {
    Dl_info info;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (dladdr((void *)virGetVersion, &info) && info.dli_fname)
        printf("%s: libvirt loaded from %s, testing %s\n", name, info.dli_fname, test_uri());
    virInitialize();
    virSetErrorFunc(NULL, check_quiet_handler);
}

static int check_end(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
