//! The CPU models libvirt 9.0's CPU drivers list per architecture
//! (`virConnectGetCPUModelNames`), shared by the test and QEMU drivers, which both answer
//! from libvirt's CPU map.

use crate::error::{Code, Domain, Error, Result};

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

/// The models for `arch`: `None` for a CPU driver that lists none (ARM, s390). An unknown
/// architecture name is the calling driver's error (in `from`), an architecture without a
/// CPU driver the CPU layer's.
pub fn model_names(arch: &str, from: Domain) -> Result<Option<Vec<String>>> {
    let Some((name, models)) = ARCHES.iter().find(|(name, _)| *name == arch) else {
        return Err(Error::new(from, Code::VIR_ERR_INVALID_ARG, format!("cannot find architecture {arch}")));
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
