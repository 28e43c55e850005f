/* Baseline CPUs as libvirt 9.0.0's test driver computes them (virConnectBaselineCPU with
 * libvirt's CPU map): x86 intersections and the model chosen for them, expanded feature
 * lists, the other architectures' drivers, and the errors for bad input; the CPU calls the
 * test driver does not serve say so. */
#include "check.h"

#define HASWELL "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>Intel</vendor></cpu>"
#define SKYLAKE "<cpu><arch>x86_64</arch><model>Skylake-Client</model><vendor>Intel</vendor></cpu>"
#define EPYC "<cpu><arch>x86_64</arch><model>EPYC</model><vendor>AMD</vendor></cpu>"
#define OPTERON_G3 "<cpu><arch>x86_64</arch><model>Opteron_G3</model><vendor>AMD</vendor></cpu>"

/* A host CPU as `virsh capabilities` prints one, features, topology and all. */
#define HOST_SKYLAKE \
    "<cpu><arch>x86_64</arch><model>Skylake-Client-IBRS</model><vendor>Intel</vendor>" \
    "<microcode version='240'/><signature family='6' model='94' stepping='3'/>" \
    "<counter name='tsc' frequency='3408000000' scaling='no'/>" \
    "<topology sockets='1' dies='1' cores='4' threads='2'/><maxphysaddr mode='emulate' bits='39'/>" \
    "<feature name='ds'/><feature name='vmx'/><feature name='monitor'/><feature name='invtsc'/>" \
    "<feature name='xsaves'/><feature name='pdpe1gb'/></cpu>"
#define HOST_HASWELL \
    "<cpu><arch>x86_64</arch><model>Haswell-noTSX</model><vendor>Intel</vendor>" \
    "<feature name='vmx'/><feature name='invtsc'/><feature name='ss'/></cpu>"

static int is_remote(void) {
    return strcmp(test_uri(), "test:///default") != 0;
}

/* Baseline of n CPUs; returns the XML (caller frees) or NULL with the error set. */
static char *baseline(virConnectPtr c, const char **cpus, unsigned int n, unsigned int flags) {
    return virConnectBaselineCPU(c, cpus, n, flags);
}

static void check_result(virConnectPtr c, const char **cpus, unsigned int n, unsigned int flags, const char *want) {
    char *got = baseline(c, cpus, n, flags);
    CHECK_STR(got, want);
    free(got);
}

static void check_failure(virConnectPtr c, const char **cpus, unsigned int n, unsigned int flags, int code,
                          int domain, const char *msg) {
    char *got = baseline(c, cpus, n, flags);
    CHECK(got == NULL);
    CHECK_ERR(code, domain);
    CHECK_MSG(msg);
    free(got);
}

int main(void) {
    check_begin("t_cpu");
    virConnectPtr c = virConnectOpen(test_uri());
    CHECK(c != NULL);
    if (!c)
        return check_end("t_cpu");

    /* Two Intel hosts: the older model describes what both have. */
    const char *two[] = { HASWELL, SKYLAKE };
    check_result(c, two, 2, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='allow'>Haswell</model>\n"
                 "  <vendor>Intel</vendor>\n"
                 "</cpu>\n");

    /* One CPU: its own model, which may not fall back. Expanded, the model's features. */
    const char *i486[] = { "<cpu><arch>x86_64</arch><model>486</model></cpu>" };
    check_result(c, i486, 1, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='forbid'>486</model>\n"
                 "</cpu>\n");
    check_result(c, i486, 1, VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='forbid'>486</model>\n"
                 "  <feature policy='require' name='fpu'/>\n"
                 "  <feature policy='require' name='pse'/>\n"
                 "  <feature policy='require' name='vme'/>\n"
                 "</cpu>\n");

    /* The full expansion of two Intel hosts: every Haswell feature, sorted by name. */
    char *full = baseline(c, two, 2, VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES);
    CHECK(full != NULL);
    if (full) {
        const char *head = "<cpu mode='custom' match='exact'>\n"
                           "  <model fallback='allow'>Haswell</model>\n"
                           "  <vendor>Intel</vendor>\n"
                           "  <feature policy='require' name='aes'/>\n"
                           "  <feature policy='require' name='apic'/>\n";
        CHECK(strncmp(full, head, strlen(head)) == 0);
        CHECK(strstr(full, "  <feature policy='require' name='tsc-deadline'/>\n"
                           "  <feature policy='require' name='x2apic'/>\n"
                           "  <feature policy='require' name='xsave'/>\n"
                           "</cpu>\n") != NULL);
        int lines = 0;
        for (const char *p = full; *p; p++)
            lines += *p == '\n';
        CHECK_INT(lines, 4 + 50);
    }
    free(full);

    /* AMD: a model that lost a feature names it, disabled. */
    const char *amd[] = { EPYC, OPTERON_G3 };
    check_result(c, amd, 2, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='allow'>Opteron_G3</model>\n"
                 "  <vendor>AMD</vendor>\n"
                 "  <feature policy='disable' name='monitor'/>\n"
                 "</cpu>\n");

    /* Host CPUs with features: the extra features both have are required, in map order. */
    const char *hosts[] = { HOST_SKYLAKE, HOST_HASWELL };
    check_result(c, hosts, 2, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='allow'>Haswell-noTSX</model>\n"
                 "  <vendor>Intel</vendor>\n"
                 "  <feature policy='require' name='vmx'/>\n"
                 "  <feature policy='require' name='invtsc'/>\n"
                 "</cpu>\n");
    const char *host1[] = { HOST_SKYLAKE };
    check_result(c, host1, 1, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='forbid'>Skylake-Client-IBRS</model>\n"
                 "  <vendor>Intel</vendor>\n"
                 "  <feature policy='require' name='ds'/>\n"
                 "  <feature policy='require' name='monitor'/>\n"
                 "  <feature policy='require' name='vmx'/>\n"
                 "  <feature policy='require' name='xsaves'/>\n"
                 "  <feature policy='require' name='pdpe1gb'/>\n"
                 "  <feature policy='require' name='invtsc'/>\n"
                 "</cpu>\n");

    /* Without a vendor on every CPU none is printed. */
    const char *novendor[] = { HASWELL, "<cpu><arch>x86_64</arch><model>Westmere</model></cpu>" };
    check_result(c, novendor, 2, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='allow'>Westmere</model>\n"
                 "</cpu>\n");

    /* Other architectures: ARM takes the first model, ppc64 wants equal models, s390 has no
     * baseline, most have no CPU driver at all. */
    const char *arm[] = { "<cpu><arch>aarch64</arch><model>cortex-a53</model><vendor>ARM</vendor></cpu>",
                          "<cpu><arch>aarch64</arch><model>cortex-a57</model></cpu>" };
    check_result(c, arm, 2, VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='allow'>cortex-a53</model>\n"
                 "</cpu>\n");
    const char *ppc[] = { "<cpu><arch>ppc64le</arch><model>POWER8</model><vendor>IBM</vendor></cpu>" };
    check_result(c, ppc, 1, 0,
                 "<cpu mode='custom' match='exact'>\n"
                 "  <model fallback='forbid'>POWER8</model>\n"
                 "</cpu>\n");
    const char *ppc2[] = { "<cpu><arch>ppc64</arch><model>POWER8</model></cpu>",
                           "<cpu><arch>ppc64</arch><model>POWER9</model></cpu>" };
    check_failure(c, ppc2, 2, 0, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU, "operation failed: CPUs are incompatible");
    const char *s390[] = { "<cpu><arch>s390x</arch><model>z13</model></cpu>" };
    check_failure(c, s390, 1, 0, VIR_ERR_NO_SUPPORT, VIR_FROM_CPU,
                  "this function is not supported by the connection driver: "
                  "cannot compute baseline CPU of s390x architecture");
    const char *mips[] = { "<cpu><arch>mips</arch><model>x</model></cpu>" };
    check_failure(c, mips, 1, 0, VIR_ERR_NO_SUPPORT, VIR_FROM_CPU,
                  "this function is not supported by the connection driver: "
                  "'mips' architecture is not supported by CPU driver");
    const char *mixed[] = { HASWELL, "<cpu><arch>aarch64</arch><model>cortex-a53</model></cpu>" };
    check_failure(c, mixed, 2, 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_CPU, "internal error: Unknown CPU model cortex-a53");

    /* Bad input. */
    const char *vendors[] = { HASWELL, EPYC };
    check_failure(c, vendors, 2, 0, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU, "operation failed: CPU vendors do not match");
    const char *model_vendor[] = { HASWELL, "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>AMD</vendor></cpu>" };
    check_failure(c, model_vendor, 2, 0, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU,
                  "operation failed: CPU vendor Intel of model Haswell differs from vendor AMD");
    const char *bad_vendor[] = { "<cpu><arch>x86_64</arch><model>Haswell</model><vendor>intel</vendor></cpu>" };
    check_failure(c, bad_vendor, 1, 0, VIR_ERR_OPERATION_FAILED, VIR_FROM_CPU, "operation failed: Unknown CPU vendor intel");
    const char *bad_model[] = { "<cpu><arch>x86_64</arch><model>Foo</model></cpu>" };
    check_failure(c, bad_model, 1, 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_CPU, "internal error: Unknown CPU model Foo");
    const char *bad_feature[] = { "<cpu><arch>x86_64</arch><model>Haswell</model><feature name='bogus'/></cpu>" };
    check_failure(c, bad_feature, 1, 0, VIR_ERR_INTERNAL_ERROR, VIR_FROM_CPU, "internal error: Unknown CPU feature bogus");
    const char *malformed[] = { HASWELL, "<cpu" };
    check_failure(c, malformed, 2, 0, VIR_ERR_XML_DETAIL, VIR_FROM_CPU,
                  "(CPU_definition):1: Couldn't find end of Start Tag cpu line 1\n<cpu\n----^");
    const char *not_cpu[] = { "<domain/>" };
    check_failure(c, not_cpu, 1, 0, VIR_ERR_XML_ERROR, VIR_FROM_CPU, "XML error: XML does not contain expected 'cpu' element");
    const char *no_arch[] = { "<cpu><model>Haswell</model></cpu>" };
    check_failure(c, no_arch, 1, 0, VIR_ERR_XML_ERROR, VIR_FROM_CPU, "XML error: Missing CPU architecture");
    const char *no_model[] = { "<cpu><arch>x86_64</arch></cpu>" };
    check_failure(c, no_model, 1, 0, VIR_ERR_XML_ERROR, VIR_FROM_CPU, "XML error: Missing CPU model name");
    const char *bad_arch[] = { "<cpu><arch>x86-64</arch><model>Haswell</model></cpu>" };
    check_failure(c, bad_arch, 1, 0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_CPU,
                  "unsupported configuration: Unknown architecture x86-64");
    const char *guest[] = { "<cpu mode='host-model'><arch>x86_64</arch><model>Haswell</model></cpu>" };
    check_failure(c, guest, 1, 0, VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_CPU,
                  "unsupported configuration: Attribute mode is only allowed for guest CPU");
    const char *twice[] = { "<cpu><arch>x86_64</arch><model>Haswell</model><feature name='vmx'/><feature name='vmx'/></cpu>" };
    check_failure(c, twice, 1, 0, VIR_ERR_XML_ERROR, VIR_FROM_CPU, "XML error: CPU feature 'vmx' specified more than once");
    const char *topology[] = { "<cpu><arch>x86_64</arch><model>Haswell</model><topology sockets='1' cores='0' threads='1'/></cpu>" };
    check_failure(c, topology, 1, 0, VIR_ERR_XML_ERROR, VIR_FROM_XML,
                  "XML error: Invalid value for attribute 'cores' in element 'topology': Zero is not permitted");

    /* Flags: only EXPAND_FEATURES. */
    check_failure(c, two, 2, VIR_CONNECT_BASELINE_CPU_MIGRATABLE, VIR_ERR_INVALID_ARG, VIR_FROM_TEST,
                  "unsupported flags (0x2) in function testConnectBaselineCPU");

    /* No CPUs: the CPU layer refuses them; a daemon receives them as a NULL list, which
     * the public API refuses first. */
    const char *none[] = { NULL };
    if (is_remote())
        check_failure(c, none, 0, 0, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "xmlCPUs in virConnectBaselineCPU must not be NULL");
    else
        check_failure(c, none, 0, 0, VIR_ERR_INVALID_ARG, VIR_FROM_CPU, "invalid argument: no CPUs given");
    check_failure(c, NULL, 1, 0, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "xmlCPUs in virConnectBaselineCPU must not be NULL");

    /* The CPU calls the test driver leaves unserved. */
    CHECK_INT(virConnectCompareCPU(c, HASWELL, 0), VIR_CPU_COMPARE_ERROR);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virConnectCompareCPU");
    CHECK_INT(virConnectCompareHypervisorCPU(c, NULL, NULL, NULL, NULL, HASWELL, 0), VIR_CPU_COMPARE_ERROR);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virConnectCompareHypervisorCPU");
    char *hv = virConnectBaselineHypervisorCPU(c, NULL, NULL, NULL, NULL, two, 2, 0);
    CHECK(hv == NULL);
    CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    CHECK_MSG("this function is not supported by the connection driver: virConnectBaselineHypervisorCPU");
    free(hv);
    hv = virConnectBaselineHypervisorCPU(c, NULL, NULL, NULL, NULL, none, 0, 0);
    CHECK(hv == NULL);
    if (is_remote()) {
        CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
        CHECK_MSG("xmlCPUs in virConnectBaselineHypervisorCPU must not be NULL");
    } else {
        CHECK_ERR(VIR_ERR_NO_SUPPORT, VIR_FROM_DOMAIN);
    }
    free(hv);
    hv = virConnectBaselineHypervisorCPU(c, NULL, NULL, NULL, NULL, NULL, 0, 0);
    CHECK(hv == NULL);
    CHECK_ERR(VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN);
    CHECK_MSG("xmlCPUs in virConnectBaselineHypervisorCPU must not be NULL");
    free(hv);

    /* A read-only connection may compute baselines, not ask the hypervisor for one. */
    virConnectPtr ro = virConnectOpenReadOnly(test_uri());
    CHECK(ro != NULL);
    if (ro) {
        check_result(ro, two, 2, 0,
                     "<cpu mode='custom' match='exact'>\n"
                     "  <model fallback='allow'>Haswell</model>\n"
                     "  <vendor>Intel</vendor>\n"
                     "</cpu>\n");
        hv = virConnectBaselineHypervisorCPU(ro, NULL, NULL, NULL, NULL, two, 2, 0);
        CHECK(hv == NULL);
        CHECK_ERR(VIR_ERR_OPERATION_DENIED, VIR_FROM_DOMAIN);
        CHECK_MSG("operation forbidden: read only access prevents virConnectBaselineHypervisorCPU");
        free(hv);
        virConnectClose(ro);
    }

    virConnectClose(c);
    return check_end("t_cpu");
}
