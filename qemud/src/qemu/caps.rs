//! What the installed QEMU binaries offer, for `virConnectGetCapabilities`.
//!
//! Each `qemu-system-*` binary found is asked for its machine types once
//! (`-machine help`); the answer is cached by the binary's path and mtime, so an
//! upgraded QEMU is asked again and an unchanged one never is.

#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use parking_lot::Mutex;

use virt::conf::capabilities::{Capabilities, Guest, GuestDomain, GuestFeature, Host, HostCpu, Machine};

/// Machine types per binary, keyed by path, valid while the mtime matches.
#[derive(Default)]
pub struct MachineCache {
    entries: Mutex<HashMap<PathBuf, (SystemTime, Vec<Machine>)>>,
}

impl MachineCache {
    /// `binary`'s machine types, from the cache when the binary did not change.
    pub fn machines(&self, binary: &Path) -> Option<Vec<Machine>> {
        let mtime = std::fs::metadata(binary).and_then(|m| m.modified()).ok()?;
        if let Some((t, m)) = self.entries.lock().get(binary) {
            if *t == mtime {
                return Some(m.clone());
            }
        }
        let out = std::process::Command::new(binary)
            .args(["-machine", "help"])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let machines = parse_machine_help(&String::from_utf8_lossy(&out.stdout));
        self.entries.lock().insert(binary.to_path_buf(), (mtime, machines.clone()));
        Some(machines)
    }
}

/// `-machine help` output: "NAME   Description (alias of CANONICAL)" per line, the
/// default marked "(default)", deprecated ones "(deprecated)". The default comes first,
/// as libvirt lists it; `none` is left out.
pub fn parse_machine_help(text: &str) -> Vec<Machine> {
    let mut machines = Vec::new();
    let mut default_at = None;
    for line in text.lines().skip_while(|l| l.starts_with("Supported machines")) {
        let mut words = line.split_whitespace();
        let Some(name) = words.next() else { continue };
        if name == "none" {
            continue;
        }
        let canonical = line.split("(alias of ").nth(1).and_then(|r| r.split(')').next()).map(str::to_string);
        if line.contains("(default)") {
            default_at = Some(machines.len());
        }
        machines.push(Machine {
            name: name.to_string(),
            canonical,
            max_cpus: None,
            deprecated: line.contains("(deprecated)"),
        });
    }
    if let Some(i) = default_at {
        let m = machines.remove(i);
        machines.insert(0, m);
    }
    machines
}

/// The libvirt architecture a `qemu-system-<suffix>` binary emulates.
pub(crate) fn arch_of_binary(suffix: &str) -> Option<&'static str> {
    Some(match suffix {
        "x86_64" => "x86_64",
        "i386" => "i686",
        "aarch64" => "aarch64",
        "arm" => "armv7l",
        "ppc64" => "ppc64",
        "ppc" => "ppc",
        "riscv64" => "riscv64",
        "riscv32" => "riscv32",
        "s390x" => "s390x",
        "mips" => "mips",
        "mipsel" => "mipsel",
        "mips64" => "mips64",
        "mips64el" => "mips64el",
        "sparc" => "sparc",
        "sparc64" => "sparc64",
        "loongarch64" => "loongarch64",
        _ => return None,
    })
}

fn wordsize(arch: &str) -> u32 {
    match arch {
        "i686" | "armv7l" | "ppc" | "riscv32" | "mips" | "mipsel" | "sparc" => 32,
        _ => 64,
    }
}

fn host_arch() -> String {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "arm" => "armv7l",
        "powerpc64" => "ppc64",
        other => other,
    }
    .to_string()
}

/// The installed `qemu-system-*` binaries with their architectures, one per arch.
fn binaries() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for dir in ["/usr/bin", "/usr/libexec", "/usr/local/bin"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut names: Vec<String> = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
        names.sort();
        for name in names {
            let Some(arch) = name.strip_prefix("qemu-system-").and_then(arch_of_binary) else { continue };
            if !found.iter().any(|(a, _)| a == arch) {
                found.push((arch.to_string(), Path::new(dir).join(&name)));
            }
        }
    }
    found
}

/// The capabilities of this host: its CPU, and one `<guest>` per installed binary
/// (with `kvm` where `/dev/kvm` can run that architecture).
pub fn capabilities(cache: &MachineCache, kvm: bool, node: &virt::driver::NodeInfo) -> Capabilities {
    let host = host_arch();
    let guests = binaries()
        .into_iter()
        .map(|(arch, binary)| {
            let machines = cache.machines(&binary).unwrap_or_default();
            let emulator = binary.display().to_string();
            let mut domains = vec![GuestDomain { virt_type: "qemu".into(), emulator: None, machines: Vec::new() }];
            if kvm && (arch == host || (host == "x86_64" && arch == "i686")) {
                domains.push(GuestDomain { virt_type: "kvm".into(), emulator: None, machines: Vec::new() });
            }
            let flag = |name: &str, on: bool, toggle: bool| GuestFeature {
                name: name.into(),
                default_on: Some(on),
                toggle: Some(toggle),
            };
            let mut features = vec![GuestFeature::plain("cpuselection"), GuestFeature::plain("deviceboot")];
            if arch == "i686" {
                features.insert(0, GuestFeature::plain("nonpae"));
                features.insert(0, GuestFeature::plain("pae"));
            }
            if arch == "i686" || arch == "x86_64" {
                features.insert(0, flag("apic", true, false));
                features.insert(0, flag("acpi", true, true));
            }
            features.push(flag("disksnapshot", true, false));
            Guest {
                os_type: "hvm".into(),
                wordsize: wordsize(&arch),
                arch,
                emulator: Some(emulator),
                loader: None,
                machines,
                domains,
                features,
            }
        })
        .collect();
    Capabilities {
        host: Host {
            uuid: None,
            cpu: HostCpu {
                arch: host,
                topology: Some(virt::conf::capabilities::CpuTopology {
                    sockets: node.sockets,
                    dies: 1,
                    cores: node.cores,
                    threads: node.threads,
                }),
                page_sizes_kib: vec![4, 2048, 1048576],
                ..HostCpu::default()
            },
            power_management: Vec::new(),
            iommu: None,
            migration_transports: Some(vec!["tcp".into()]),
            cells: None,
            secmodels: Vec::new(),
        },
        guests,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_help_is_parsed_default_first() {
        let text = "Supported machines are:\n\
                    microvm              microvm (i386)\n\
                    pc                   Standard PC (i440FX + PIIX, 1996) (alias of pc-i440fx-7.2)\n\
                    pc-i440fx-7.2        Standard PC (i440FX + PIIX, 1996) (default)\n\
                    pc-i440fx-1.4        Standard PC (i440FX + PIIX, 1996) (deprecated)\n\
                    none                 empty machine\n";
        let m = parse_machine_help(text);
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["pc-i440fx-7.2", "microvm", "pc", "pc-i440fx-1.4"]);
        assert_eq!(m[2].canonical.as_deref(), Some("pc-i440fx-7.2"));
        assert!(m[3].deprecated && !m[0].deprecated);
    }
}
