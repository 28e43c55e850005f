//! The test driver's host answers that are canned in libvirt 9.0's test driver: the host's
//! SMBIOS data, the CPU models libvirt's CPU drivers know per architecture (`conf::cpu_models`), baseline CPUs
//! (computed by `conf::cpu` from libvirt's CPU map) and free huge pages. (The rest of `Host` is in `mod.rs`, beside the node state it reads.)

use crate::error::Result;

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

/// `virConnectGetCPUModelNames`: an unknown architecture name is the test driver's
/// error, the rest [`crate::conf::cpu_models`]'.
pub fn cpu_model_names(arch: &str, flags: u32) -> Result<Option<Vec<String>>> {
    check_flags(flags, 0, "testConnectGetCPUModelNames")?;
    crate::conf::cpu_models::model_names(arch, FROM)
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
    use crate::error::{Code, Domain};

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
