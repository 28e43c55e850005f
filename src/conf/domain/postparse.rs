//! libvirt's driver-independent post-parse steps: the defaults and implicit devices it
//! adds to every definition after reading the XML, and the checks that need the whole
//! definition.

use super::devices::*;
use super::{unsupported, xml_error, DomainDef};
use crate::conf::xml::XmlElement;
use crate::error::Result;

pub(super) fn run(def: &mut DomainDef) -> Result<()> {
    memory(def)?;
    boot_order(def);
    disks(def)?;
    chardevs(def);
    controllers(def);
    videos(def)?;
    inputs(def);
    raw_devices(def);
    numatune(def);
    Ok(())
}

fn memory(def: &mut DomainDef) -> Result<()> {
    if def.memory_kib == 0 {
        return Err(xml_error("Memory size must be specified via <memory> or in the <numa> configuration"));
    }
    if let Some(m) = def.max_memory {
        if m.kib < def.memory_kib {
            return Err(xml_error("maximum memory size must be equal or greater than the actual memory size"));
        }
    }
    let dimms: Vec<&XmlElement> = def.devices.others.iter().filter(|o| o.kind() == "memory").map(|o| &o.element).collect();
    let mut dimm_kib: u64 = 0;
    for m in &dimms {
        let size = m.child("target").and_then(|t| t.child("size"));
        if let Some(size) = size {
            let kib = crate::conf::units::parse_memory_kib(Some(&size.text()), size.attr("unit"), "./target/size[1]")?;
            dimm_kib = dimm_kib.saturating_add(kib.unwrap_or(0));
        }
    }
    if dimm_kib > def.memory_kib {
        return Err(xml_error("Total size of memory devices exceeds the total memory size"));
    }
    let numa = def.cpu.as_ref().and_then(|c| c.child("numa")).is_some_and(|n| n.child("cell").is_some());
    if !dimms.is_empty() && !numa {
        return Err(crate::error::Error::new(
            crate::error::Domain::VIR_FROM_DOMAIN,
            crate::error::Code::VIR_ERR_XML_DETAIL,
            "can't add memory backend as guest has no NUMA nodes configured",
        ));
    }
    if def.current_memory_kib == 0 || def.current_memory_kib > def.memory_kib {
        def.current_memory_kib = def.memory_kib;
    }
    Ok(())
}

/// An HVM guest with no boot order anywhere boots from the first hard disk.
fn boot_order(def: &mut DomainDef) {
    let bootloader = def.extra.iter().any(|e| e.name == "bootloader");
    if def.os.os_type == "hvm" && def.os.boot_devs.is_empty() && !bootloader && !def.devices.any_device_boot_order() {
        def.os.boot_devs.push("hd".into());
    }
}

/// Default buses from target names, and drive addresses for IDE, SCSI, SATA and floppy.
fn disks(def: &mut DomainDef) -> Result<()> {
    let os_type = def.os.os_type.clone();
    for disk in &mut def.devices.disks {
        if disk.target_bus.is_none() {
            let bus = if disk.device == "floppy" {
                "fdc"
            } else {
                match bus_for_target(&disk.target_dev) {
                    Some(b) => b,
                    None if os_type == "hvm" => "ide",
                    None => "xen",
                }
            };
            disk.target_bus = Some(bus.to_string());
        }
        if disk.address.is_some() {
            continue;
        }
        let Some(idx) = disk_name_to_index(&disk.target_dev) else {
            return Err(xml_error(format!("Unknown disk name '{}' and no address specified", disk.target_dev)));
        };
        let (per_controller, per_bus) = match disk.target_bus.as_deref() {
            Some("ide") => (4, 2),
            Some("fdc") => (2, 2),
            Some("scsi") => (7, 7),
            Some("sata") => (6, 6),
            _ => continue,
        };
        disk.address = Some(Address::Drive {
            controller: idx / per_controller,
            bus: (idx % per_controller) / per_bus,
            target: 0,
            unit: idx % per_bus,
        });
    }
    Ok(())
}

/// Port numbers, and the console/serial pairing libvirt keeps for compatibility: the
/// first console of an HVM guest is an alias of the first serial port.
fn chardevs(def: &mut DomainDef) {
    let d = &mut def.devices;
    for list in [&mut d.serials, &mut d.parallels] {
        let mut next = list.iter().filter_map(Chardev::port).max().map(|p| p + 1).unwrap_or(0);
        for c in list.iter_mut() {
            if c.target.port.is_none() {
                c.target.port = Some(next.to_string());
                next += 1;
            }
        }
    }
    // The console type the test driver (and QEMU) default to; drivers for other
    // hypervisors override it in their own post-parse hooks.
    let default_console = "serial";
    if let Some(c0) = d.consoles.first_mut() {
        c0.target.target_type.get_or_insert_with(|| default_console.to_string());
    }
    let first_is_serial = d.consoles.first().is_some_and(|c| c.target.target_type.as_deref() == Some("serial"));
    let hvm = def.os.os_type == "hvm";
    if first_is_serial && hvm {
        if d.serials.is_empty() {
            let c0 = &d.consoles[0];
            let port = c0.target.port.clone().unwrap_or_else(|| "0".into());
            d.serials.push(Chardev {
                kind: ChrKind::Serial,
                chr_type: c0.chr_type.clone(),
                attrs: c0.attrs.clone(),
                backend: c0.backend.clone(),
                target: ChrTarget { port: Some(port), ..ChrTarget::default() },
                extras: Vec::new(),
            });
        }
        let alias = console_alias(&d.serials[0], d.consoles[0].extras.clone());
        d.consoles[0] = alias;
    } else if !first_is_serial && !d.serials.is_empty() && hvm {
        let alias = console_alias(&d.serials[0], Vec::new());
        d.consoles.insert(0, alias);
    }
    for i in 0..d.consoles.len() {
        if d.consoles[i].target.port.is_none() {
            let ty = d.consoles[i].target.target_type.clone();
            let n = d.consoles[..i].iter().filter(|c| c.target.target_type == ty).count();
            d.consoles[i].target.port = Some(n.to_string());
        }
    }
}

fn console_alias(serial: &Chardev, extras: Vec<XmlElement>) -> Chardev {
    Chardev {
        kind: ChrKind::Console,
        chr_type: serial.chr_type.clone(),
        attrs: serial.attrs.clone(),
        backend: serial.backend.clone(),
        target: ChrTarget {
            target_type: Some("serial".into()),
            port: Some(serial.target.port.clone().unwrap_or_else(|| "0".into())),
            ..ChrTarget::default()
        },
        extras,
    }
}

/// Indexes for controllers without one, then the controllers devices imply.
fn controllers(def: &mut DomainDef) {
    let d = &mut def.devices;
    for i in 0..d.controllers.len() {
        if d.controllers[i].index.is_some() {
            continue;
        }
        let ty = d.controllers[i].controller_type.clone();
        let used: Vec<u32> =
            d.controllers.iter().filter(|c| c.controller_type == ty).filter_map(|c| c.index).collect();
        d.controllers[i].index = (0..).find(|n| !used.contains(n));
    }
    // Implicit controllers are appended, not sorted in.
    let ensure = |controllers: &mut Vec<Controller>, ty: &str, index: u32| {
        if !controllers.iter().any(|c| c.controller_type == ty && c.index == Some(index)) {
            controllers.push(Controller::implicit(ty, index));
        }
    };
    for ty in ["scsi", "fdc", "ide", "sata"] {
        let max = d
            .disks
            .iter()
            .filter(|disk| disk.target_bus.as_deref() == Some(ty))
            .filter_map(|disk| match disk.address {
                Some(Address::Drive { controller, .. }) => Some(controller),
                _ => None,
            })
            .max();
        if let Some(max) = max {
            for index in 0..=max {
                ensure(&mut d.controllers, ty, index);
            }
        }
    }
    let virtio_serial = d
        .channels
        .iter()
        .chain(d.consoles.iter())
        .any(|c| c.target.target_type.as_deref() == Some("virtio"));
    if virtio_serial {
        ensure(&mut d.controllers, "virtio-serial", 0);
    }
    if d.others.iter().any(|o| o.kind() == "smartcard") {
        ensure(&mut d.controllers, "ccid", 0);
    }
}

/// A graphical console implies a video card; video models get their default sizes and
/// the primary card goes first.
fn videos(def: &mut DomainDef) -> Result<()> {
    let pv = matches!(def.os.os_type.as_str(), "xen" | "linux" | "xenpvh");
    let default_model = if pv { "xen" } else { "cirrus" };
    let default_vram: u32 = match def.virt_type.as_str() {
        "vbox" => 8192,
        "vmware" => 4096,
        _ => 16384,
    };
    let d = &mut def.devices;
    if d.videos.is_empty() && !d.graphics.is_empty() {
        d.videos.push(Video::with_model(default_model));
    }
    if d.videos.iter().filter(|v| v.primary).count() > 1 {
        return Err(unsupported("Only one primary video device is supported"));
    }
    if d.videos.len() > 1 && d.videos.iter().any(|v| v.model_type.as_deref() == Some("none")) {
        return Err(unsupported("a 'none' video type must be the only video device defined for the domain"));
    }
    if let Some(i) = d.videos.iter().position(|v| v.primary) {
        let primary = d.videos.remove(i);
        d.videos.insert(0, primary);
    }
    for (i, v) in d.videos.iter_mut().enumerate() {
        let ty = match v.model_type.as_deref() {
            None | Some("default") => default_model.to_string(),
            Some(t) => t.to_string(),
        };
        v.model_type = Some(ty.clone());
        if ty == "none" {
            v.primary = false;
            continue;
        }
        v.primary = i == 0;
        match ty.as_str() {
            "qxl" => {
                v.ram.get_or_insert(65536);
                v.vram.get_or_insert(65536);
            }
            "xen" => {
                v.vram.get_or_insert(4096);
            }
            "vga" | "cirrus" | "vmvga" | "bochs" | "vbox" | "parallels" => {
                v.vram.get_or_insert(default_vram);
            }
            _ => {}
        }
        v.heads.get_or_insert(1);
        // libvirt rounds video RAM up to a power of two.
        if let Some(vram) = v.vram.as_mut() {
            if *vram > 0 && !vram.is_power_of_two() {
                *vram = vram.checked_next_power_of_two().unwrap_or(*vram);
            }
        }
    }
    Ok(())
}

fn inputs(def: &mut DomainDef) {
    let hvm = def.os.os_type == "hvm";
    for i in &mut def.devices.inputs {
        if i.bus.is_some() {
            continue;
        }
        i.bus = match i.input_type.as_str() {
            "mouse" | "keyboard" if hvm => Some("ps2".into()),
            "mouse" | "keyboard" => Some("xen".into()),
            "tablet" => Some("usb".into()),
            "passthrough" => Some("virtio".into()),
            _ => None,
        };
    }
}

/// Small defaults libvirt fills in on devices this model keeps verbatim.
fn raw_devices(def: &mut DomainDef) {
    let mut smartcard_slot = 0;
    for o in &mut def.devices.others {
        let el = &mut o.element;
        match el.name.as_str() {
            "filesystem" => {
                el.insert_attr(0, "type", "mount");
                if el.attr("type") == Some("mount") {
                    let at = el.attrs.iter().position(|(k, _)| k == "type").map(|i| i + 1).unwrap_or(0);
                    el.insert_attr(at, "accessmode", "passthrough");
                }
            }
            "hostdev" if el.attr("mode").unwrap_or("subsystem") == "subsystem" => {
                let at = el.attrs.iter().position(|(k, _)| k == "type").map(|i| i + 1).unwrap_or(el.attrs.len());
                el.insert_attr(at, "managed", "no");
            }
            "shmem" if el.child("model").is_none() => {
                el.children.insert(
                    0,
                    crate::conf::xml::XmlNode::Element(XmlElement::with_attrs("model", &[("type", Some("ivshmem".into()))])),
                );
            }
            "redirdev" if el.attr("type") == Some("tcp") && el.child("protocol").is_none() => {
                let at = el
                    .children
                    .iter()
                    .rposition(|c| matches!(c, crate::conf::xml::XmlNode::Element(e) if e.name == "source"))
                    .map(|i| i + 1)
                    .unwrap_or(0);
                el.children.insert(
                    at,
                    crate::conf::xml::XmlNode::Element(XmlElement::with_attrs("protocol", &[("type", Some("raw".into()))])),
                );
            }
            "memory" => {
                if let Some(target) = el.child_mut("target") {
                    for name in ["size", "requested", "block"] {
                        if let Some(e) = target.child_mut(name) {
                            if let Ok(Some(kib)) =
                                crate::conf::units::parse_memory_kib(Some(&e.text()), e.attr("unit"), name)
                            {
                                *e = XmlElement::with_text(name, &kib.to_string());
                                e.attrs.push(("unit".into(), "KiB".into()));
                            }
                        }
                    }
                }
            }
            "smartcard" => {
                if el.child("address").is_none() {
                    el.push(XmlElement::with_attrs(
                        "address",
                        &[
                            ("type", Some("ccid".into())),
                            ("controller", Some("0".into())),
                            ("slot", Some(smartcard_slot.to_string())),
                        ],
                    ));
                }
                smartcard_slot += 1;
            }
            _ => {}
        }
    }
}

/// Automatic vCPU placement implies automatic memory placement.
fn numatune(def: &mut DomainDef) {
    if def.vcpu.placement == "auto" && !def.extra.iter().any(|e| e.name == "numatune") {
        let mut nt = XmlElement::new("numatune");
        nt.push(XmlElement::with_attrs(
            "memory",
            &[("mode", Some("strict".into())), ("placement", Some("auto".into()))],
        ));
        def.extra.push(nt);
    }
}
