use super::*;
use crate::conf::cpu_map::tests::fake_map;
use crate::conf::cpu_map::{load_x86, DEFAULT_DIR};

fn host(model: &str, vendor: Option<&str>, features: &[&str]) -> HostCpu {
    HostCpu {
        arch: "x86_64".into(),
        model: model.into(),
        vendor: vendor.map(str::to_string),
        features: features.iter().map(|f| f.to_string()).collect(),
    }
}

fn err(text: &str) -> (Code, Domain, String) {
    let e = HostCpu::parse(text).unwrap_err();
    (e.code, e.domain, e.message)
}

#[test]
fn parses_a_capabilities_host_cpu() {
    let cpu = HostCpu::parse(
        "<cpu><arch>x86_64</arch><model>Skylake-Client-IBRS</model><vendor>Intel</vendor>\
         <microcode version='240'/><signature family='6' model='94' stepping='3'/>\
         <counter name='tsc' frequency='3408000000' scaling='no'/>\
         <topology sockets='1' dies='1' cores='4' threads='2'/><maxphysaddr mode='emulate' bits='39'/>\
         <feature name='ds'/><feature name='vmx'/></cpu>",
    )
    .unwrap();
    assert_eq!(cpu, HostCpu {
        arch: "x86_64".into(),
        model: "Skylake-Client-IBRS".into(),
        vendor: Some("Intel".into()),
        features: vec!["ds".into(), "vmx".into()],
    });
    // Only the first <model>/<vendor> count, with all their text; an empty vendor is none.
    let cpu = HostCpu::parse("<cpu><arch>i686</arch><model>Has<b>well</b></model><model>x</model><vendor/></cpu>").unwrap();
    assert_eq!((cpu.model.as_str(), cpu.vendor), ("Haswell", None));
}

#[test]
fn host_cpu_errors_are_libvirts() {
    use Code::*;
    use Domain::{VIR_FROM_CPU as CPU, VIR_FROM_XML as XML};
    let s = |m: &str| m.to_string();
    let h = "<arch>x86_64</arch><model>Haswell</model>";
    let cases: &[(String, (Code, Domain, String))] = &[
        (s("<domain/>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: XML does not contain expected 'cpu' element"))),
        (format!("<cpu mode='custom'>{h}</cpu>"), (VIR_ERR_CONFIG_UNSUPPORTED, CPU, s("unsupported configuration: Attribute mode is only allowed for guest CPU"))),
        (format!("<cpu migratable='x'>{h}</cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'migratable' in element 'cpu': 'x'."))),
        (format!("<cpu migratable='on'>{h}</cpu>"), (VIR_ERR_CONFIG_UNSUPPORTED, CPU, s("unsupported configuration: Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode"))),
        (s("<cpu><arch/><model>x</model></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: Missing CPU architecture"))),
        (s("<cpu><arch>loongarch64</arch><model>x</model></cpu>"), (VIR_ERR_CONFIG_UNSUPPORTED, CPU, s("unsupported configuration: Unknown architecture loongarch64"))),
        (format!("<cpu>{h}<microcode version='-1'/></cpu>"), (VIR_ERR_CONFIG_UNSUPPORTED, CPU, s("unsupported configuration: invalid microcode version"))),
        (format!("<cpu>{h}<signature family='0'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'family' in element 'signature': Zero is not permitted"))),
        (format!("<cpu>{h}<counter name='tsc'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Missing required attribute 'frequency' in element 'counter'"))),
        (format!("<cpu>{h}<counter name='tsc' frequency='1' scaling='absent'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'scaling' in element 'counter': 'absent'."))),
        (s("<cpu><arch>x86_64</arch><model></model></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: Missing CPU model name"))),
        (format!("<cpu>{h}<topology sockets='-1' cores='1' threads='1'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'sockets' in element 'topology': '-1'. Expected non-negative integer value"))),
        (format!("<cpu>{h}<topology sockets='4294967296' cores='1' threads='1'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'sockets' in element 'topology': '4294967296'. Expected non-negative integer value"))),
        (format!("<cpu>{h}<topology sockets='1' dies='0' cores='1' threads='1'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'dies' in element 'topology': Zero is not permitted"))),
        (format!("<cpu>{h}<topology sockets='1' threads='1'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Missing required attribute 'cores' in element 'topology'"))),
        (format!("<cpu>{h}<feature name=''/></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: Invalid CPU feature name"))),
        (format!("<cpu>{h}<feature name='a'/><feature name='b'/><feature name='a'/></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: CPU feature 'a' specified more than once"))),
        (format!("<cpu>{h}<cache mode='emulate'/><cache mode='emulate'/></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: at most one CPU cache element may be specified"))),
        (format!("<cpu>{h}<cache level='x' mode='emulate'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'level' in element 'cache': 'x'. Expected integer value"))),
        (format!("<cpu>{h}<cache level='4'/></cpu>"), (VIR_ERR_XML_ERROR, CPU, s("XML error: invalid CPU cache level, must be in range [1,3]"))),
        (format!("<cpu>{h}<cache mode='bogus'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'mode' in element 'cache': 'bogus'."))),
        (format!("<cpu>{h}<maxphysaddr mode='emulate' bits='-1'/></cpu>"), (VIR_ERR_XML_ERROR, XML, s("XML error: Invalid value for attribute 'bits' in element 'maxphysaddr': '-1'. Expected non-negative value"))),
        (s("<cpu"), (VIR_ERR_XML_DETAIL, CPU, s("(CPU_definition):1: Couldn't find end of Start Tag cpu line 1\n<cpu\n----^"))),
    ];
    for (text, want) in cases {
        assert_eq!(&err(text), want, "{text}");
    }
    // What libvirt's number parsing lets through.
    assert!(HostCpu::parse(&format!("<cpu>{h}<topology sockets=' 1' cores='+2' threads='1'/><microcode version=' 5'/></cpu>")).is_ok());
}

#[test]
fn formats_guest_cpus_as_libvirt() {
    let cpu = GuestCpu {
        model: "a&b".into(),
        fallback_forbid: false,
        vendor: Some("Intel".into()),
        features: vec![("vmx".into(), Policy::Require), ("monitor".into(), Policy::Disable)],
    };
    assert_eq!(
        cpu.format(),
        "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>a&amp;b</model>\n  <vendor>Intel</vendor>\n  \
         <feature policy='require' name='vmx'/>\n  <feature policy='disable' name='monitor'/>\n</cpu>\n"
    );
}

#[test]
fn disabled_features_weigh_more_and_more() {
    let cpu = |policies: &[Policy]| GuestCpu {
        model: "m".into(),
        fallback_forbid: false,
        vendor: None,
        features: policies.iter().enumerate().map(|(i, p)| (format!("f{i}"), *p)).collect(),
    };
    use Policy::{Disable as D, Require as R};
    assert_eq!(feature_weight(&cpu(&[R, R, R])), (3, 0));
    assert_eq!(feature_weight(&cpu(&[D, R, R])), (4, 2));
    // libvirt's scan stops short as its bound shrinks: the last features are not seen.
    assert_eq!(feature_weight(&cpu(&[D, D])), (3, 2));
    assert_eq!(feature_weight(&cpu(&[R, D, R, D])), (5, 2));
}

/// A map with two vendors, five features and four models (oldest first).
fn small_map() -> (std::path::PathBuf, X86Map) {
    let index = "<cpus><arch name='x86'><include filename='v.xml'/><include filename='f.xml'/>\
                 <include filename='m.xml'/></arch></cpus>";
    let vendors = "<cpus><vendor name='Intel' string='GenuineIntel'/><vendor name='AMD' string='AuthenticAMD'/></cpus>";
    let feature = |n: &str, bit: u32| format!("<feature name='{n}'><cpuid eax_in='0x01' edx='{:#x}'/></feature>", 1u32 << bit);
    let features = format!(
        "<cpus>{}{}{}{}{}</cpus>",
        feature("fpu", 0),
        feature("vme", 1),
        feature("de", 2),
        feature("pse", 3),
        feature("tsc", 4)
    );
    let model = |n: &str, vendor: &str, guest: &str, feats: &[&str]| {
        let v = if vendor.is_empty() { String::new() } else { format!("<vendor name='{vendor}'/>") };
        let f: String = feats.iter().map(|f| format!("<feature name='{f}'/>")).collect();
        format!("<model name='{n}'><decode host='on' guest='{guest}'/>{v}{f}</model>")
    };
    let models = format!(
        "<cpus>{}{}{}{}</cpus>",
        model("base", "", "on", &["fpu"]),
        model("i1", "Intel", "on", &["fpu", "vme"]),
        model("i2", "Intel", "on", &["fpu", "vme", "de", "pse"]),
        model("hidden", "Intel", "off", &["fpu", "vme", "de"]),
    );
    let dir = fake_map(&[("index.xml", index), ("v.xml", vendors), ("f.xml", &features), ("m.xml", &models)]);
    let map = load_x86(&dir).unwrap();
    (dir, map)
}

#[test]
fn x86_baseline_picks_the_closest_model() {
    let (dir, map) = small_map();
    let b = |cpus: &[HostCpu]| x86_baseline(cpus, &map);
    // i2 minus pse: i2 with pse disabled weighs 2, i1 plus de weighs 1 ("hidden" may not be
    // used for guests).
    let cpu = b(&[host("i2", Some("Intel"), &[]), host("i1", Some("Intel"), &["de", "tsc"])]).unwrap();
    assert_eq!(cpu.format(), "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>i1</model>\n  <vendor>Intel</vendor>\n  <feature policy='require' name='de'/>\n</cpu>\n");
    // A single CPU keeps its model, which then may not fall back.
    let cpu = b(&[host("i2", Some("Intel"), &["tsc"])]).unwrap();
    assert_eq!((cpu.model.as_str(), cpu.fallback_forbid), ("i2", true));
    assert_eq!(cpu.features, vec![("tsc".to_string(), Policy::Require)]);
    // A CPU without vendor: none printed, though the models' vendor still counts.
    let cpu = b(&[host("i2", Some("Intel"), &[]), host("i2", None, &[])]).unwrap();
    assert_eq!((cpu.model.as_str(), cpu.vendor.as_deref(), cpu.fallback_forbid), ("i2", None, true));
    let e = b(&[host("i2", Some("AMD"), &[]), host("i1", None, &[])]).unwrap_err();
    assert_eq!(e.message, "operation failed: CPU vendors do not match");
    let e = b(&[host("i2", None, &[]), host("i1", Some("AMD"), &[])]).unwrap_err();
    assert_eq!(e.message, "operation failed: CPU vendor Intel of model i1 differs from vendor AMD");
    let e = b(&[host("nope", None, &[])]).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_INTERNAL_ERROR, "internal error: Unknown CPU model nope"));
    let e = b(&[host("i1", None, &["sse"])]).unwrap_err();
    assert_eq!(e.message, "internal error: Unknown CPU feature sse");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn x86_expansion_lists_the_models_features_sorted_later() {
    let (dir, map) = small_map();
    let mut cpu = x86_baseline(&[host("i1", Some("Intel"), &["de"])], &map).unwrap();
    x86_expand_features(&mut cpu, &map).unwrap();
    let names: Vec<_> = cpu.features.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["fpu", "vme", "de"]);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Answers libvirt 9.0's library gave for the same input, when libvirt's map is installed.
#[test]
fn matches_libvirt_on_its_installed_map() {
    if !std::path::Path::new(DEFAULT_DIR).join("index.xml").exists() {
        return;
    }
    let x = |m: &str, v: &str| format!("<cpu><arch>x86_64</arch><model>{m}</model><vendor>{v}</vendor></cpu>");
    let run = |cpus: &[String], expand: bool| baseline(cpus, expand).map_err(|e| e.message);
    assert_eq!(
        run(&[x("Haswell", "Intel"), x("Skylake-Client", "Intel")], false).unwrap(),
        "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>Haswell</model>\n  <vendor>Intel</vendor>\n</cpu>\n"
    );
    assert_eq!(
        run(&[x("EPYC", "AMD"), x("Opteron_G3", "AMD")], false).unwrap(),
        "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>Opteron_G3</model>\n  <vendor>AMD</vendor>\n  \
         <feature policy='disable' name='monitor'/>\n</cpu>\n"
    );
    let epyc = run(&[x("EPYC", "AMD")], true).unwrap();
    assert!(epyc.contains("  <feature policy='require' name='mmxext'/>\n  <feature policy='disable' name='monitor'/>\n  <feature policy='require' name='movbe'/>\n"));
    assert_eq!(epyc.lines().count(), 70);
    assert_eq!(
        run(&["<cpu><arch>x86_64</arch><model>486</model></cpu>".into(), "<cpu><arch>x86_64</arch><model>EPYC</model></cpu>".into()], false).unwrap(),
        "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>486</model>\n</cpu>\n"
    );
    assert_eq!(run(&[x("Haswell", "Intel"), x("EPYC", "AMD")], false).unwrap_err(), "operation failed: CPU vendors do not match");
    assert_eq!(run(&[], false).unwrap_err(), "invalid argument: no CPUs given");
    let arch = |a: &str, m: &str| format!("<cpu><arch>{a}</arch><model>{m}</model></cpu>");
    assert_eq!(
        run(&[arch("ppc64", "POWER8"), arch("ppc64", "POWER9")], false).unwrap_err(),
        "operation failed: CPUs are incompatible"
    );
    assert_eq!(
        run(&[arch("ppc64le", "POWERPC_e5500").replace("</model>", "</model><vendor>IBM</vendor>")], false).unwrap_err(),
        "operation failed: CPU vendor Freescale of model POWERPC_e5500 differs from vendor IBM"
    );
    assert_eq!(
        run(&[arch("s390x", "z13")], false).unwrap_err(),
        "this function is not supported by the connection driver: cannot compute baseline CPU of s390x architecture"
    );
    assert_eq!(
        run(&[arch("aarch64", "foo")], true).unwrap(),
        "<cpu mode='custom' match='exact'>\n  <model fallback='allow'>foo</model>\n</cpu>\n"
    );
}
