//! The test driver's host answers that are canned in libvirt 9.0's test driver: the host's
//! SMBIOS data, the CPU models libvirt's CPU drivers know per architecture, baseline CPUs
//! (computed by `conf::cpu` from libvirt's CPU map) and free huge pages. (The rest of `Host` is in `mod.rs`, beside the node state it reads.)

use crate::error::{Code, Domain, Error, Result};

use super::{check_flags, FROM};

/// `virConnectGetSysinfo`'s answer: the BIOS block libvirt's test driver reports.
pub const SYSINFO: &str = "<sysinfo type='smbios'>
  <bios>
    <entry name='vendor'>LENOVO</entry>
    <entry name='version'>G4ETA1WW (2.61 )</entry>
    <entry name='date'>05/07/2014</entry>
    <entry name='release'>2.61</entry>
  </bios>
</sysinfo>
";

pub fn sysinfo(flags: u32) -> Result<String> {
    check_flags(flags, 0, "testConnectGetSysinfo")?;
    Ok(SYSINFO.to_string())
}

/// The x86 models of libvirt 9.0's CPU map, in its order (i686 and x86_64 share them).
const X86_MODELS: &[&str] = &[
    "486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo", "n270", "core2duo", "qemu32", "kvm32",
    "cpu64-rhel5", "cpu64-rhel6", "qemu64", "kvm64", "Conroe", "Penryn", "Nehalem", "Nehalem-IBRS", "Westmere",
    "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS", "IvyBridge", "IvyBridge-IBRS", "Haswell-noTSX",
    "Haswell-noTSX-IBRS", "Haswell", "Haswell-IBRS", "Broadwell-noTSX", "Broadwell-noTSX-IBRS", "Broadwell",
    "Broadwell-IBRS", "Skylake-Client", "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Server",
    "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS", "Cascadelake-Server", "Cascadelake-Server-noTSX",
    "Icelake-Client", "Icelake-Client-noTSX", "Icelake-Server", "Icelake-Server-noTSX", "Cooperlake",
    "Snowridge", "athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5",
    "EPYC", "EPYC-IBPB", "EPYC-Rome", "EPYC-Milan", "Dhyana",
];

/// The 64-bit POWER models of libvirt 9.0's CPU map.
const PPC64_MODELS: &[&str] = &["POWER6", "POWER7", "POWER8", "POWER9", "POWER10", "POWERPC_e5500", "POWERPC_e6500"];

/// libvirt 9.0's architecture names (`virArch`), with the models its CPU driver for that
/// architecture lists: `None` when no CPU driver handles it. The ARM and s390 drivers
/// list none.
const ARCHES: &[(&str, Option<&[&str]>)] = &[
    ("alpha", None),
    ("armv6l", Some(&[])),
    ("armv7l", Some(&[])),
    ("armv7b", Some(&[])),
    ("aarch64", Some(&[])),
    ("cris", None),
    ("i686", Some(X86_MODELS)),
    ("lm32", None),
    ("m68k", None),
    ("microblaze", None),
    ("microblazeel", None),
    ("mips", None),
    ("mipsel", None),
    ("mips64", None),
    ("mips64el", None),
    ("openrisc", None),
    ("parisc", None),
    ("parisc64", None),
    ("ppc", None),
    ("ppcle", None),
    ("ppc64", Some(PPC64_MODELS)),
    ("ppc64le", Some(PPC64_MODELS)),
    ("ppcemb", None),
    ("riscv32", None),
    ("riscv64", None),
    ("s390", Some(&[])),
    ("s390x", Some(&[])),
    ("sh4", None),
    ("sh4eb", None),
    ("sparc", None),
    ("sparc64", None),
    ("unicore32", None),
    ("x86_64", Some(X86_MODELS)),
    ("xtensa", None),
    ("xtensaeb", None),
];

/// `virConnectGetCPUModelNames`: an unknown architecture name is the test driver's
/// error, an architecture without a CPU driver the CPU layer's; the ARM and s390 drivers
/// give no list at all.
pub fn cpu_model_names(arch: &str, flags: u32) -> Result<Option<Vec<String>>> {
    check_flags(flags, 0, "testConnectGetCPUModelNames")?;
    let Some((name, models)) = ARCHES.iter().find(|(name, _)| *name == arch) else {
        return Err(Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("cannot find architecture {arch}")));
    };
    match models {
        Some([]) => Ok(None),
        Some(models) => Ok(Some(models.iter().map(|m| m.to_string()).collect())),
        None => Err(Error::new(
            Domain::VIR_FROM_CPU,
            Code::VIR_ERR_NO_SUPPORT,
            format!("'{name}' architecture is not supported by CPU driver"),
        )),
    }
}

/// `virConnectBaselineCPU`: only `VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES` is accepted
/// (libvirt's test driver refuses `MIGRATABLE`); the rest is the CPU layer's.
pub fn baseline_cpu(xml_cpus: &[String], flags: u32) -> Result<String> {
    use crate::conf::cpu::{baseline, BASELINE_EXPAND_FEATURES};
    check_flags(flags, BASELINE_EXPAND_FEATURES, "testConnectBaselineCPU")?;
    baseline(xml_cpus, flags & BASELINE_EXPAND_FEATURES != 0)
}

/// `virNodeGetFreePages`: libvirt's test driver makes the counts up whatever the page
/// sizes and cells asked for (each count twice the previous plus 7, from 19, in a C
/// `int` that wraps and is sign-extended into the count), fills
/// `pages.len() * cell_count` of them and returns 0.
pub fn free_pages(pages: &[u32], cell_count: u32, flags: u32) -> Result<(i32, Vec<u64>)> {
    check_flags(flags, 0, "testNodeGetFreePages")?;
    let n = pages.len() * cell_count as usize;
    let mut x: i32 = 6;
    let counts = (0..n)
        .map(|_| {
            x = x.wrapping_mul(2).wrapping_add(7);
            x as i64 as u64
        })
        .collect();
    Ok((0, counts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_pages_follow_the_test_drivers_sequence() {
        assert_eq!(free_pages(&[4, 2048], 2, 0).unwrap(), (0, vec![19, 45, 97, 201]));
        let (_, many) = free_pages(&[4], 40, 0).unwrap();
        assert_eq!(many[27] as i64, -805_306_375);
        assert_eq!(many[39] as i64, -7);
        assert_eq!(free_pages(&[4], 1, 1).unwrap_err().message, "unsupported flags (0x1) in function testNodeGetFreePages");
    }

    #[test]
    fn cpu_models_by_architecture() {
        assert_eq!(cpu_model_names("x86_64", 0).unwrap().unwrap().len(), 58);
        assert_eq!(cpu_model_names("i686", 0).unwrap().unwrap()[0], "486");
        assert_eq!(cpu_model_names("ppc64le", 0).unwrap().unwrap()[4], "POWER10");
        assert!(cpu_model_names("aarch64", 0).unwrap().is_none());
        let e = cpu_model_names("ppc", 0).unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_NO_SUPPORT, Domain::VIR_FROM_CPU));
        assert_eq!(
            e.message,
            "this function is not supported by the connection driver: 'ppc' architecture is not supported by CPU driver"
        );
        let e = cpu_model_names("X86_64", 0).unwrap_err();
        assert_eq!(e.message, "invalid argument: cannot find architecture X86_64");
    }

    #[test]
    fn sysinfo_is_the_bios_block() {
        assert!(sysinfo(0).unwrap().starts_with("<sysinfo type='smbios'>\n  <bios>\n"));
        assert!(sysinfo(2).is_err());
    }
}
