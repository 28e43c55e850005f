//! What a start decides on the host before QEMU runs, written into the live definition
//! as libvirt 9.0 shows it: the UEFI firmware and the domain's NVRAM (copied from the
//! template on first use), the guest agent's socket path, the graphics listen address;
//! and the checks libvirt makes first (every disk's source must be reachable).

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

use virt::conf::domain::{DomainDef, Loader};
use virt::conf::xml::XmlElement;
use virt::error::{Code, Domain, Error, Result};

use super::{argv, firmware};

/// The places a start uses beyond the driver's runtime directory.
pub struct Places<'a> {
    /// Per-domain NVRAM files (`/var/lib/libvirt/qemu/nvram`).
    pub nvram_dir: &'a Path,
    /// Guest channel sockets (`/var/lib/libvirt/qemu/channel/target`).
    pub channel_dir: &'a Path,
    /// Firmware descriptor directories.
    pub firmware_dirs: &'a [&'a Path],
}

/// libvirt's NVRAM file of domain `name`.
pub fn nvram_path(nvram_dir: &Path, name: &str) -> PathBuf {
    nvram_dir.join(format!("{name}_VARS.fd"))
}

/// The NVRAM file a definition uses: its `<nvram>` text, or for `firmware='efi'` the
/// one libvirt names after the domain.
pub fn nvram_of(def: &DomainDef, nvram_dir: &Path) -> Option<PathBuf> {
    if let Some(n) = &def.os.nvram {
        let t = n.text().trim().to_string();
        if !t.is_empty() {
            return Some(PathBuf::from(t));
        }
    }
    let pflash = def.os.loader.as_ref().is_some_and(|l| l.attrs.iter().any(|(k, v)| k == "type" && v == "pflash"));
    (def.os.firmware.as_deref() == Some("efi") || pflash).then(|| nvram_path(nvram_dir, &def.name))
}

/// "Cannot access storage file '...'" before QEMU is started, as libvirt checks.
pub fn check_disks(def: &DomainDef) -> Result<()> {
    for disk in &def.devices.disks {
        if !matches!(disk.disk_type.as_str(), "file" | "block") {
            continue;
        }
        let Some(path) = disk.source_path().filter(|p| !p.is_empty()) else { continue };
        if let Err(e) = std::fs::metadata(&path) {
            // QEMU runs as the daemon's user, so libvirt names no other uid/gid here.
            return Err(Error::system(Domain::VIR_FROM_STORAGE, &format!("Cannot access storage file '{path}'"), &e));
        }
    }
    Ok(())
}

/// Fills the live definition `def` (run `id`) with what this start decided.
pub fn prepare(def: &mut DomainDef, id: i32, places: &Places, ctx: &argv::ArgvContext) -> Result<()> {
    firmware_for(def, places)?;
    for dir in name_channels(def, id, places.channel_dir)? {
        std::fs::create_dir_all(&dir).map_err(|e| {
            Error::system(Domain::VIR_FROM_QEMU, &format!("Failed to create directory '{}'", dir.display()), &e)
        })?;
    }
    for g in def.devices.graphics.iter_mut() {
        let default = match g.graphics_type.as_str() {
            "vnc" => &ctx.vnc_listen_default,
            "spice" => &ctx.spice_listen_default,
            _ => continue,
        };
        for l in g.listens.iter_mut().filter(|l| l.listen_type == "address" && l.address.is_none()) {
            l.address = Some(default.clone());
        }
    }
    Ok(())
}

fn firmware_for(def: &mut DomainDef, places: &Places) -> Result<()> {
    let arch = argv::guest_arch(def);
    let machine = def.os.machine.clone().unwrap_or_else(|| argv::default_machine(&arch).to_string());
    if def.os.firmware.as_deref() == Some("efi") && def.os.loader.as_ref().and_then(|l| l.path.as_ref()).is_none() {
        let fw = firmware::select(def, &arch, &machine, places.firmware_dirs)?;
        let mut attrs = vec![("readonly".to_string(), "yes".to_string())];
        if fw.requires_smm {
            attrs.push(("secure".into(), "yes".into()));
        }
        attrs.push(("type".into(), "pflash".into()));
        def.os.firmware = None;
        def.os.firmware_features = None;
        def.os.loader = Some(Loader { path: Some(fw.code.display().to_string()), attrs });
        let path = nvram_path(places.nvram_dir, &def.name);
        let mut nvram = XmlElement::with_text("nvram", &path.display().to_string());
        if let Some(t) = &fw.vars_template {
            nvram.set_attr("template", t.display().to_string());
        }
        def.os.nvram = Some(nvram);
        if fw.requires_smm && !def.features.iter().any(|f| f.name == "smm") {
            let mut smm = XmlElement::new("smm");
            smm.set_attr("state", "on");
            // libvirt's order: after acpi, apic, pae, hap, viridian, privnet, hyperv, kvm,
            // pvspinlock, capabilities, pmu, vmport.
            let before = ["acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm", "pvspinlock", "capabilities", "pmu", "vmport"];
            let at = def.features.iter().position(|f| !before.contains(&f.name.as_str())).unwrap_or(def.features.len());
            def.features.insert(at, smm);
        }
    }
    let pflash = def.os.loader.as_ref().is_some_and(|l| l.attrs.iter().any(|(k, v)| k == "type" && v == "pflash"));
    if !pflash {
        return Ok(());
    }
    if def.os.nvram.as_ref().is_none_or(|n| n.text().trim().is_empty()) {
        let template = def.os.nvram.as_ref().and_then(|n| n.attr("template")).map(str::to_string);
        let mut nvram = XmlElement::with_text("nvram", &nvram_path(places.nvram_dir, &def.name).display().to_string());
        if let Some(t) = template {
            nvram.set_attr("template", t);
        }
        def.os.nvram = Some(nvram);
    }
    if let Some(n) = &def.os.nvram {
        let path = PathBuf::from(n.text().trim());
        let template = n.attr("template").map(PathBuf::from);
        firmware::prepare_nvram(&path, template.as_deref())?;
    }
    Ok(())
}

/// Unix channels without a path (the guest agent's) get libvirt's socket under
/// `channel_dir/domain-<id>-<name>/<target name>`, shown disconnected until the agent
/// speaks. Returns the directories the sockets need (made by the caller).
pub fn name_channels(def: &mut DomainDef, id: i32, channel_dir: &Path) -> Result<Vec<PathBuf>> {
    let dir = channel_dir.join(format!("domain-{id}-{}", def.name));
    let mut dirs = Vec::new();
    for c in def.devices.channels.iter_mut().filter(|c| c.chr_type == "unix" && c.source_path().is_none()) {
        let Some(name) = c.target.name.clone() else {
            return Err(Error::new(
                Domain::VIR_FROM_QEMU,
                Code::VIR_ERR_CONFIG_UNSUPPORTED,
                "unix channel without a source path needs a target name",
            ));
        };
        if !dirs.contains(&dir) {
            dirs.push(dir.clone());
        }
        c.backend.retain(|b| b.name != "source");
        let source = XmlElement::with_attrs(
            "source",
            &[("mode", Some("bind".into())), ("path", Some(dir.join(&name).display().to_string()))],
        );
        c.backend.insert(0, source);
        if name == "org.qemu.guest_agent.0" {
            c.target.state = Some("disconnected".into());
        }
    }
    Ok(dirs)
}
