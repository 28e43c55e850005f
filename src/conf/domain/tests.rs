//! Domain XML tests: golden files produced by the real libvirt 9.0.0 (see
//! `../testdata/regen.py`), round trips, and every validation error with its code.

use super::*;
use crate::error::{Code, Domain};

/// Parses like the test driver's define does: generic parse, then its defaults.
fn define(text: &str) -> DomainDef {
    let mut def = DomainDef::parse(text).unwrap_or_else(|e| panic!("parse failed: {}", e.message));
    def.apply_test_driver_defaults();
    def
}

fn inactive() -> FormatOptions {
    FormatOptions::default()
}

/// Equality with a readable report: the first differing lines of the pretty Debug forms.
fn assert_same(a: &DomainDef, b: &DomainDef) {
    if a != b {
        let (da, db) = (format!("{a:#?}"), format!("{b:#?}"));
        let diff: Vec<String> = da
            .lines()
            .zip(db.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .take(5)
            .map(|(i, (x, y))| format!("line {i}:\n  reparsed: {x}\n  original: {y}"))
            .collect();
        panic!("round trip changed the definition:\n{}", diff.join("\n"));
    }
}

/// Checks our output against libvirt's, then the round trip: the output parses back to
/// the same definition. `unstable` marks inputs where libvirt itself reorders on a second
/// define (implicit controllers are appended after parsing, explicit ones sorted in), so
/// there only a fixed point after one round is required.
macro_rules! golden {
    ($($test:ident => $name:literal $(, $unstable:ident)?);* $(;)?) => {$(
        #[test]
        fn $test() {
            let input = include_str!(concat!("../testdata/", $name, ".xml"));
            let expected = include_str!(concat!("../testdata/", $name, ".expected.xml"));
            let def = define(input);
            let out = def.format(inactive());
            assert_eq!(out, expected, "\n--- ours ---\n{out}\n--- libvirt ---\n{expected}");
            // Round trips keep passwords, as libvirt's own config files do.
            let secure = FormatOptions { secure: true, ..Default::default() };
            let again = define(&def.format(secure));
            let stable = true $(&& stringify!($unstable) != "unstable")?;
            if stable {
                assert_same(&again, &def);
                assert_eq!(again.format(inactive()), expected);
            } else {
                let out2 = again.format(secure);
                assert_same(&define(&out2), &again);
                assert_eq!(define(&out2).format(secure), out2);
            }
        }
    )*};
}

golden! {
    golden_minimal => "minimal";
    golden_full => "full";
    golden_disks => "disks", unstable;
    golden_chardevs => "chardevs";
    golden_console_only => "console-only";
    golden_graphics => "graphics", unstable;
    golden_videos => "videos";
    golden_interfaces => "interfaces";
    golden_others => "others";
    golden_features => "features";
    golden_features2 => "features2";
    golden_toporder => "toporder";
    golden_os => "os";
    golden_os_efi => "os-efi";
    golden_os_exe => "os-exe";
    golden_os_xen => "os-xen";
    golden_metadata => "metadata", unstable;
    golden_units => "units";
    golden_virt_install => "virt-install";
    golden_misc1 => "misc1";
    golden_misc2 => "misc2";
    golden_misc3 => "misc3";
    golden_misc4 => "misc4";
    golden_misc5 => "misc5";
}

/// The running built-in domain of `test:///default`, live view: its own output is the
/// input (`virsh -c test:///default dumpxml test`).
#[test]
fn golden_test_default_live() {
    let expected = include_str!("../testdata/test-default.expected.xml");
    let def = define(expected);
    assert_eq!(def.format(FormatOptions { live_id: Some(1), ..Default::default() }), expected);
    let inactive_view = expected.replacen(" id='1'", "", 1);
    assert_eq!(def.format(FormatOptions { live_id: Some(1), inactive: true, secure: false }), inactive_view);
    assert_eq!(def.uuid.to_string(), "6695eb01-f6a4-8304-79aa-97f2502e193f");
    assert_eq!((def.memory_kib, def.current_memory_kib, def.vcpu.max), (8388608, 2097152, 2));
}

/// The minimal definition from `virsh define` without a UUID: libvirt generates one and
/// fills in every default (output checked against `virsh dumpxml`, UUID aside).
#[test]
fn minimal_without_uuid_gets_defaults() {
    let def = define("<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os></domain>");
    let out = def.format(inactive());
    let expected = format!(
        "<domain type='test'>\n  <name>x</name>\n  <uuid>{}</uuid>\n  <memory unit='KiB'>1024</memory>\n  \
         <currentMemory unit='KiB'>1024</currentMemory>\n  <vcpu placement='static'>1</vcpu>\n  <os>\n    \
         <type arch='i686'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n  <clock offset='utc'/>\n  \
         <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n  \
         <devices>\n  </devices>\n</domain>\n",
        def.uuid
    );
    assert_eq!(out, expected);
    assert_ne!(define("<domain type='test'><name>x</name><memory>1</memory><os><type>hvm</type></os></domain>").uuid, def.uuid);
}

#[test]
fn generated_macs_use_libvirt_prefix() {
    let def = define(
        "<domain type='test'><name>x</name><memory>1024</memory><os><type>hvm</type></os>\
         <devices><interface type='user'/><interface type='network'><source network='default'/></interface></devices></domain>",
    );
    let ifs = &def.devices.interfaces;
    assert_eq!(ifs.len(), 2);
    for i in ifs {
        assert_eq!(&i.mac.0[..3], &[0x52, 0x54, 0x00]);
    }
    assert_eq!(ifs[0].interface_type, "user");
    assert_eq!(ifs[0].target_dev.as_deref(), Some("testnet0"));
    assert_eq!(ifs[1].target_dev.as_deref(), Some("testnet1"));
    assert_eq!(ifs[1].source_network(), Some("default"));
}

#[test]
fn secure_flag_shows_passwords() {
    let def = define(include_str!("../testdata/graphics.xml"));
    let plain = def.format(inactive());
    assert!(!plain.contains("passwd="));
    let secure = def.format(FormatOptions { secure: true, ..Default::default() });
    assert!(secure.contains(
        "<graphics type='vnc' port='-1' autoport='yes' websocket='5700' listen='::1' keymap='fr' \
         sharePolicy='allow-exclusive' passwd='pw' passwdValidTo='2010-04-09T15:51:00' connected='keep'>"
    ));
    assert!(secure.contains("<graphics type='vnc' socket='/tmp/s' passwd='x'>"));
    assert!(secure.contains("<graphics type='spice' autoport='yes' listen='0.0.0.0' keymap='de' passwd='x'>"));
}

#[test]
fn qemu_namespace_kept_until_test_driver_drops_it() {
    let text = include_str!("../testdata/metadata.xml");
    let def = DomainDef::parse(text).unwrap();
    let out = def.format(inactive());
    assert!(out.starts_with("<domain type='test' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"));
    assert!(out.contains("  <qemu:commandline>\n    <qemu:arg value='-foo'/>\n  </qemu:commandline>\n</domain>\n"));
    assert_eq!(DomainDef::parse(&out).unwrap().namespace_elements, def.namespace_elements);
}

#[test]
fn accessors() {
    let def = define(include_str!("../testdata/full.xml"));
    let d = &def.devices;
    assert_eq!(d.emulator.as_deref(), Some("/usr/bin/qemu-system-x86_64"));
    assert_eq!(d.disks[0].source_path().as_deref(), Some("/var/lib/libvirt/images/full.qcow2"));
    assert_eq!(d.disks[0].driver_type(), Some("qcow2"));
    assert_eq!(d.disks[1].source_path().as_deref(), Some("/dev/sr0"));
    assert!(d.disks[1].readonly);
    assert_eq!(d.interfaces[1].source_bridge(), Some("br0"));
    assert_eq!(d.interfaces[4].source_dev(), Some("eth0"));
    assert_eq!(d.graphics[0].graphics_type, "vnc");
    assert_eq!(d.graphics[0].passwd(), Some("secret"));
    assert_eq!(d.videos[0].model_type.as_deref(), Some("qxl"));
    assert_eq!(d.memballoon.as_ref().map(|m| m.model.as_str()), Some("virtio"));
    assert_eq!(d.rngs[0].backend_model(), Some("random"));
    assert_eq!(d.serials[0].port(), Some(0));
    assert_eq!(def.os.arch.as_deref(), Some("x86_64"));
    assert_eq!(def.os.machine.as_deref(), Some("pc"));
    assert_eq!(def.os.boot_devs, vec!["network", "cdrom", "hd"]);
    assert_eq!(def.vcpu.current(), 1);
    assert_eq!(def.genid.map(|g| g.to_string()).as_deref(), Some("43dc0cf8-809b-4adb-9bea-a9abb5f3d90d"));
}

fn err(text: &str) -> crate::error::Error {
    DomainDef::parse(text).expect_err(text)
}

const M: &str = "<memory>1024</memory><os><type>hvm</type></os>";

fn dom(inner: &str) -> String {
    format!("<domain type='test'><name>x</name>{inner}</domain>")
}

/// Every case below was run through `virDomainDefineXML` on libvirt 9.0.0's
/// test:///default (python3-libvirt); code, domain and message are what it reported.
#[test]
fn validation_errors_match_reference() {
    use Code::*;
    use Domain::*;
    let cases: Vec<(String, Code, Domain, &str)> = vec![
        ("<foo/>".into(), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: expecting root element of 'domain', not 'foo'"),
        (format!("<domain type='test'>{M}</domain>"), VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing name information"),
        (format!("<domain type='test'><name></name>{M}</domain>"), VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing name information"),
        (format!("<domain type='test'><name>a/b</name>{M}</domain>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: name a/b cannot contain '/'"),
        (format!("<domain type='test'><name>a\nb</name>{M}</domain>"), VIR_ERR_XML_DETAIL, VIR_FROM_XML, "invalid char in name: \n"),
        (format!("<domain type='foo'><name>x</name>{M}</domain>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: invalid domain type foo"),
        (format!("<domain type='TEST'><name>x</name>{M}</domain>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: invalid domain type TEST"),
        (format!("<domain><name>x</name>{M}</domain>"), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: missing domain type attribute"),
        (format!("<domain type='test' xmlns='urn:x'><name>x</name>{M}</domain>"), VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing name information"),
        (dom(&format!("<uuid>1234</uuid>{M}")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: malformed uuid element"),
        (dom(&format!("<uuid>zz65eb01-f6a4-8304-79aa-97f2502e193f</uuid>{M}")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: malformed uuid element"),
        (dom(&format!("<uuid>6695eb01-f6a4-8304-79aa-97f2502e193eaa</uuid>{M}")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: malformed uuid element"),
        (dom(&format!("<genid>zz</genid>{M}")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: malformed genid element"),
        (dom(&format!("<title>a\nb</title>{M}")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Domain title can't contain newlines"),
        (dom("<memory unit='foo'>1024</memory><os><type>hvm</type></os>"), VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: unknown suffix 'foo'"),
        (dom("<memory>0</memory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Memory size must be specified via <memory> or in the <numa> configuration"),
        (dom("<os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Memory size must be specified via <memory> or in the <numa> configuration"),
        (dom("<memory></memory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Memory size must be specified via <memory> or in the <numa> configuration"),
        (dom("<memory>-5</memory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value '-5' for element or attribute './memory[1]'"),
        (dom("<memory>abc</memory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value 'abc' for element or attribute './memory[1]'"),
        (dom("<memory>1.5</memory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value '1.5' for element or attribute './memory[1]'"),
        (dom("<memory unit='KiB'>1024</memory><currentMemory>x</currentMemory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value 'x' for element or attribute './currentMemory[1]'"),
        (dom("<memory unit='TiB'>99999999</memory><os><type>hvm</type></os>"), VIR_ERR_OVERFLOW, VIR_FROM_NONE, "numerical overflow: value too large: 99999999TiB"),
        (dom("<memory unit='TiB'>8388608</memory><os><type>hvm</type></os>"), VIR_ERR_OVERFLOW, VIR_FROM_NONE, "numerical overflow: value too large: 8388608TiB"),
        (dom("<memory>1024</memory><maxMemory>4096</maxMemory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: both maximum memory size and memory slot count must be specified"),
        (dom("<memory>1024</memory><maxMemory slots='2'>512</maxMemory><os><type>hvm</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: maximum memory size must be equal or greater than the actual memory size"),
        (dom("<memory>1024</memory>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: an os <type> must be specified"),
        (dom("<memory>1024</memory><os></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: an os <type> must be specified"),
        (dom("<memory>1024</memory><os><type>foo</type></os>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown OS type 'foo'"),
        (dom("<memory>1024</memory><os><type>HVM</type></os>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown OS type 'HVM'"),
        (dom("<memory>1024</memory><os><type>exe</type></os>"), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: init binary must be specified"),
        (dom("<memory>1024</memory><os><type arch='foo'>hvm</type></os>"), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: Unknown architecture foo"),
        (dom("<memory>1024</memory><os><type>hvm</type><boot dev='foo'/></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'dev' in element 'boot': 'foo'."),
        (dom("<memory>1024</memory><os><type>hvm</type><boot/></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Missing required attribute 'dev' in element 'boot'"),
        (dom("<memory>1024</memory><os><type>hvm</type><bootmenu enable='maybe'/></os>"), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'enable' in element 'bootmenu': 'maybe'."),
        (dom(&format!("<vcpu>0</vcpu>{M}")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: CPU IDs in <numa> exceed the <vcpu> count"),
        (dom(&format!("<vcpu>abc</vcpu>{M}")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: maximum vcpus count must be an integer"),
        (dom(&format!("<vcpu current='4'>2</vcpu>{M}")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: maximum vCPU count must not be less than current vCPU count"),
        (dom(&format!("<vcpu current='x'>2</vcpu>{M}")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'current' in element 'vcpu': 'x'. Expected non-negative integer value"),
        (dom(&format!("<vcpu placement='foo'>2</vcpu>{M}")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'placement' in element 'vcpu': 'foo'."),
        (dom(&format!("<vcpu cpuset='zz'>2</vcpu>{M}")), VIR_ERR_INVALID_ARG, VIR_FROM_NONE, "invalid argument: Failed to parse bitmap 'zz'"),
        (dom(&format!("{M}<features><foo/></features>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unexpected feature 'foo'"),
        (dom(&format!("{M}<features><nested-hv/></features>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Missing required attribute 'state' in element 'nested-hv'"),
        (dom(&format!("{M}<on_poweroff>foo</on_poweroff>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown on_poweroff action: foo"),
        (dom(&format!("{M}<on_crash>bogus</on_crash>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown on_crash action: bogus"),
        (dom(&format!("{M}<on_lockfailure>bogus</on_lockfailure>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown on_lockfailure action: bogus"),
        (dom(&format!("{M}<on_reboot>coredump-destroy</on_reboot>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: Lifecycle event 'reboot' doesn't support 'coredump-destroy' action"),
        (dom(&format!("{M}<clock offset='foo'/>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: unknown clock offset 'foo'"),
        (dom(&format!("{M}<devices><disk type='foo'><target dev='vda'/></disk></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'type' in element 'disk': 'foo'."),
        (dom(&format!("{M}<devices><disk device='foo'><target dev='hda'/></disk></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'device' in element 'disk': 'foo'."),
        (dom(&format!("{M}<devices><disk type='file'><source file='/a'/></disk></devices>")), VIR_ERR_NO_TARGET, VIR_FROM_DOMAIN, "missing target information for device /a"),
        (dom(&format!("{M}<devices><disk type='file'><source file='/x'/><target dev='foo'/></disk></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: Unknown disk name 'foo' and no address specified"),
        (dom(&format!("{M}<devices><disk type='file'><target dev='vda' removable='on'/></disk></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: removable is only valid for usb disks"),
        (dom(&format!("{M}<devices><controller type='foo'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'type' in element 'controller': 'foo'."),
        (dom(&format!("{M}<devices><interface type='user'><mac address='zz'/></interface></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: unable to parse mac address 'zz'"),
        (dom(&format!("{M}<devices><interface type='user'><mac address='01:00:00:00:00:00'/></interface></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: expected unicast mac address, found multicast '01:00:00:00:00:00'"),
        (dom(&format!("{M}<devices><interface type='foo'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'type' in element 'interface': 'foo'."),
        (dom(&format!("{M}<devices><interface type='network'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: interface type='network' requires a 'source' element"),
        (dom(&format!("{M}<devices><interface type='bridge'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: interface type='bridge' requires a 'source' element"),
        (dom(&format!("{M}<devices><interface type='direct'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: interface type='direct' requires a 'source' element"),
        (dom(&format!("{M}<devices><interface type='network'><source/></interface></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Missing required attribute 'network' in element 'source'"),
        (dom(&format!("{M}<devices><channel type='pty'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "XML error: target type must be specified for channel device"),
        (dom(&format!("{M}<devices><memballoon/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Missing required attribute 'model' in element 'memballoon'"),
        (dom(&format!("{M}<devices><input/></devices>")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: missing input device type"),
        (dom(&format!("{M}<devices><graphics type='foo'/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Invalid value for attribute 'type' in element 'graphics': 'foo'."),
        (dom(&format!("{M}<devices><graphics/></devices>")), VIR_ERR_XML_ERROR, VIR_FROM_XML, "XML error: Missing required attribute 'type' in element 'graphics'"),
        (dom(&format!("{M}<devices><graphics type='vnc' port='abc'/></devices>")), VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "internal error: cannot parse vnc port abc"),
        (dom(&format!("{M}<devices><graphics type='vnc' listen='1.2.3.4'><listen type='address' address='5.6.7.8'/></graphics></devices>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: graphics 'listen' attribute '1.2.3.4' must match 'address' attribute of first listen element (found '5.6.7.8')"),
        (dom(&format!("{M}<devices><video><model type='none'/></video><video/></devices>")), VIR_ERR_CONFIG_UNSUPPORTED, VIR_FROM_DOMAIN, "unsupported configuration: a 'none' video type must be the only video device defined for the domain"),
    ];
    for (text, code, domain, message) in cases {
        let e = err(&text);
        assert_eq!((e.code, e.domain, e.message.as_str()), (code, domain, message), "{text}");
    }
}

#[test]
fn malformed_xml_is_xml_detail_from_domain() {
    let e = err("<domain type='test'><name>x</name>");
    assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_DETAIL, Domain::VIR_FROM_DOMAIN));
    assert_eq!(
        e.message,
        "(domain_definition):1: Premature end of data in tag domain line 1\n<domain type='test'><name>x</name>\n----------------------------------^"
    );
}

#[test]
fn accepted_oddities() {
    // All accepted by the reference.
    for name in ["a\tb", " ab ", "   ", "."] {
        let def = define(&format!("<domain type='test'><name>{name}</name>{M}</domain>"));
        assert_eq!(def.name, name);
    }
    for t in ["qemu", "kvm", "none", "xen", "lxc"] {
        assert_eq!(define(&format!("<domain type='{t}'><name>x</name>{M}</domain>")).virt_type, t);
    }
    for u in [
        "6695eb01-f6a48304-79aa-97f2-502e193e",
        "6695eb01 f6a4 8304 79aa 97f2502e193e",
        " 6695eb01-f6a4-8304-79aa-97f2502e193e ",
        "6695EB01f6a4830479aa97f2502e193e",
    ] {
        let def = define(&dom(&format!("<uuid>{u}</uuid>{M}")));
        assert_eq!(def.uuid.to_string(), "6695eb01-f6a4-8304-79aa-97f2502e193e");
    }
    // Empty uuid and genid elements are generated.
    let def = define(&dom(&format!("<uuid></uuid><genid/>{M}")));
    assert!(def.genid.is_some());
    // currentMemory above memory, or zero, becomes memory.
    let def = define(&dom("<memory>1024</memory><currentMemory>2048</currentMemory><os><type>hvm</type></os>"));
    assert_eq!(def.current_memory_kib, 1024);
    let def = define(&dom("<memory>1024</memory><currentMemory>0</currentMemory><os><type>hvm</type></os>"));
    assert_eq!(def.current_memory_kib, 1024);
    // Memory number syntax.
    assert_eq!(define(&dom("<memory>+15</memory><os><type>hvm</type></os>")).memory_kib, 15);
    assert_eq!(define(&dom("<memory>017</memory><os><type>hvm</type></os>")).memory_kib, 17);
    // Extra boot devices beyond four are dropped; unknown top-level elements ignored.
    let def = define(&dom("<memory>1</memory><os><type>hvm</type><boot dev='hd'/><boot dev='hd'/><boot dev='cdrom'/><boot dev='fd'/><boot dev='network'/></os><foo/>"));
    assert_eq!(def.os.boot_devs, vec!["hd", "hd", "cdrom", "fd"]);
    // Architectures libvirt knows but the test driver does not offer are kept.
    assert_eq!(define(&dom("<memory>1</memory><os><type arch='aarch64'>hvm</type></os>")).os.arch.as_deref(), Some("aarch64"));
    // current='0' is kept and printed.
    let def = define(&dom(&format!("<vcpu current='0'>2</vcpu>{M}")));
    assert!(def.format(inactive()).contains("<vcpu placement='static' current='0'>2</vcpu>"));
}

#[test]
fn name_validation_helpers() {
    assert!(validate_name("ok").is_ok());
    assert!(validate_name("a\tb").is_ok());
    assert_eq!(validate_name("").unwrap_err().code, Code::VIR_ERR_NO_NAME);
    let e = validate_name("a/b").unwrap_err();
    assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_DOMAIN));
    // virDomainRename on the test driver reports the slash from VIR_FROM_TEST.
    let e = check_name_slash("a/b", Domain::VIR_FROM_TEST).unwrap_err();
    assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_TEST));
    assert_eq!(e.message, "XML error: name a/b cannot contain '/'");
}
