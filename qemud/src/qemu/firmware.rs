//! UEFI firmware for `<os firmware='efi'>`: chosen from QEMU's firmware descriptors
//! (`/usr/share/qemu/firmware/*.json`, overridden by same-named files in
//! `/etc/qemu/firmware`), as libvirt 9.0 chooses at start, and the per-domain NVRAM
//! copied from the descriptor's template.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use virt::conf::domain::DomainDef;
use virt::error::{Code, Domain, Error, Result};

use super::qmp::Json;

/// The directories descriptors are read from, lowest priority first.
pub const DESCRIPTOR_DIRS: &[&str] = &["/usr/share/qemu/firmware", "/etc/qemu/firmware"];

/// A firmware build the guest can run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Firmware {
    pub code: PathBuf,
    pub vars_template: Option<PathBuf>,
    /// Secure boot: the flash must be secure and SMM on.
    pub requires_smm: bool,
    pub features: Vec<String>,
}

fn no_firmware(arch: &str, machine: &str) -> Error {
    Error::new(
        Domain::VIR_FROM_QEMU,
        Code::VIR_ERR_OPERATION_FAILED,
        format!("Unable to find 'efi' firmware that is compatible with the current configuration (arch {arch}, machine {machine})"),
    )
}

/// `pc`/`q35` as the versioned names descriptors list (`pc-i440fx-*`, `pc-q35-*`).
fn versioned(machine: &str) -> String {
    match machine {
        "pc" => "pc-i440fx-x".into(),
        "q35" => "pc-q35-x".into(),
        m => m.into(),
    }
}

/// A descriptor's machine pattern: `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else { return false };
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob(rest, &tail[i..]))
        }
    }
}

/// The features the definition asks for or refuses (`<firmware><feature enabled name>`).
fn wanted_features(def: &DomainDef) -> Vec<(String, bool)> {
    let Some(f) = &def.os.firmware_features else { return Vec::new() };
    f.elements_named("feature")
        .filter_map(|e| Some((e.attr("name")?.to_string(), e.attr("enabled") == Some("yes"))))
        .collect()
}

fn parse_descriptor(text: &str, arch: &str, machine: &str) -> Option<Firmware> {
    let j = Json::parse(text).ok()?;
    let uefi = j.get("interface-types")?.as_array()?.iter().any(|t| t.as_str() == Some("uefi"));
    let mapping = j.get("mapping")?;
    if !uefi || mapping.get("device")?.as_str() != Some("flash") {
        return None;
    }
    let fits = j.get("targets")?.as_array()?.iter().any(|t| {
        t.get("architecture").and_then(Json::as_str) == Some(arch)
            && t.get("machines")
                .and_then(Json::as_array)
                .is_some_and(|ms| ms.iter().filter_map(Json::as_str).any(|m| glob(m, &versioned(machine))))
    });
    if !fits {
        return None;
    }
    let raw = |k: &str| mapping.get(k).filter(|m| m.get("format").and_then(Json::as_str).unwrap_or("raw") == "raw");
    let code = PathBuf::from(raw("executable")?.get("filename")?.as_str()?);
    let vars_template = raw("nvram-template").and_then(|t| t.get("filename")?.as_str()).map(PathBuf::from);
    let features: Vec<String> = j
        .get("features")
        .and_then(Json::as_array)
        .map(|fs| fs.iter().filter_map(Json::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    Some(Firmware { code, vars_template, requires_smm: features.iter().any(|f| f == "requires-smm"), features })
}

/// The first descriptor (by file name, later directories overriding earlier ones) that
/// fits the guest's architecture, machine and wanted features.
pub fn select(def: &DomainDef, arch: &str, machine: &str, dirs: &[&Path]) -> Result<Firmware> {
    let mut files: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") {
                files.insert(name, e.path());
            }
        }
    }
    let wanted = wanted_features(def);
    // Secure boot needs SMM, which only q35 has.
    let smm_ok = machine == "q35" || machine.starts_with("pc-q35");
    for path in files.values() {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let Some(fw) = parse_descriptor(&text, arch, machine) else { continue };
        if fw.requires_smm && !smm_ok {
            continue;
        }
        if wanted.iter().any(|(name, on)| fw.features.iter().any(|f| f == name) != *on) {
            continue;
        }
        if !fw.code.exists() {
            continue;
        }
        return Ok(fw);
    }
    Err(no_firmware(arch, machine))
}

/// Copies the NVRAM template to `nvram` unless it exists (libvirt keeps a guest's
/// variables across starts), readable and writable by the daemon only.
pub fn prepare_nvram(nvram: &Path, template: Option<&Path>) -> Result<()> {
    if nvram.exists() {
        return Ok(());
    }
    let Some(template) = template else {
        return Err(Error::new(
            Domain::VIR_FROM_QEMU,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("unable to find any master var store for loader (nvram '{}')", nvram.display()),
        ));
    };
    if let Some(parent) = nvram.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Error::system(Domain::VIR_FROM_QEMU, &format!("Failed to create directory '{}'", parent.display()), &e)
        })?;
    }
    let data = std::fs::read(template).map_err(|e| {
        Error::system(Domain::VIR_FROM_QEMU, &format!("Failed to open file '{}'", template.display()), &e)
    })?;
    let tmp = nvram.with_extension("fd.tmp");
    let written = {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .and_then(|mut f| f.write_all(&data).and_then(|()| f.sync_all()))
            .and_then(|()| std::fs::rename(&tmp, nvram))
    };
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::system(Domain::VIR_FROM_QEMU, &format!("Failed to create file '{}'", nvram.display()), &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("pc-q35-*", "pc-q35-7.2"));
        assert!(glob("pc-q35-*", &versioned("q35")));
        assert!(!glob("pc-q35-*", &versioned("pc")));
        assert!(glob("pc-i440fx-*", &versioned("pc")));
        assert!(glob("virt", "virt"));
    }

    #[test]
    fn descriptors() {
        let d = r#"{"interface-types":["uefi"],"mapping":{"device":"flash","executable":{"filename":"/c.fd","format":"raw"},
            "nvram-template":{"filename":"/v.fd","format":"raw"}},"targets":[{"architecture":"x86_64","machines":["pc-q35-*"]}],
            "features":["requires-smm","secure-boot"]}"#;
        let fw = parse_descriptor(d, "x86_64", "q35").unwrap();
        assert_eq!(fw.code, PathBuf::from("/c.fd"));
        assert_eq!(fw.vars_template, Some(PathBuf::from("/v.fd")));
        assert!(fw.requires_smm);
        assert!(parse_descriptor(d, "x86_64", "pc").is_none());
        assert!(parse_descriptor(d, "aarch64", "q35").is_none());
    }
}
