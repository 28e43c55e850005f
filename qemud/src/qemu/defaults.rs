//! libvirt's QEMU driver defaults: what `qemuDomainDefPostParse` and the address
//! assignment add to a definition, so that `virDomainDefineXML` of what virt-install or
//! virt-manager write comes back as libvirt 9.0's QEMU driver shows it.
//!
//! Two steps around the generic post-parse of `virt::conf::domain`:
//!
//! - [`before_generic`]: architecture and machine, the default USB controller, the
//!   machine's own controllers (`pci-root` or `pcie-root`, q35's SATA), in libvirt's
//!   order (so the controllers the generic step adds for disks and channels come after);
//! - [`after_generic`]: the implicit PS/2 inputs, the `<audio>` backend, serial target
//!   models, video and disk driver defaults, then addresses: PCI slots (q35 PCIe root
//!   ports added as libvirt adds them, one spare for hotplug), USB ports and
//!   virtio-serial ports. Addresses already in the definition are kept and reserved, so
//!   a second define of the same XML keeps every device where it was.
//!
//! Pure: nothing on the host is looked at.

#![forbid(unsafe_code)]

use std::collections::BTreeMap;

use virt::conf::domain::{Address, Controller, Disk, DomainDef, Input, RawDevice};
use virt::conf::xml::XmlElement;
use virt::error::{Code, Domain, Error, Result};

use super::argv;

fn unsupported(msg: impl Into<String>) -> Error {
    Error::new(Domain::VIR_FROM_QEMU, Code::VIR_ERR_CONFIG_UNSUPPORTED, msg)
}

fn is_x86(def: &DomainDef) -> bool {
    matches!(def.os.arch.as_deref(), Some("x86_64" | "i686"))
}

/// The machine is a q35 (`q35`, `pc-q35-*`).
pub fn is_q35(def: &DomainDef) -> bool {
    def.os.machine.as_deref().is_some_and(|m| m == "q35" || m.starts_with("pc-q35"))
}

fn is_i440fx(def: &DomainDef) -> bool {
    is_x86(def) && !is_q35(def)
}

/// The step before the generic post-parse (see the module doc).
pub fn before_generic(def: &mut DomainDef) -> Result<()> {
    if def.os.arch.is_none() {
        def.os.arch = Some(argv::guest_arch(def));
    }
    if def.os.machine.is_none() {
        let arch = argv::guest_arch(def);
        def.os.machine = Some(argv::default_machine(&arch).to_string());
    }
    if !is_x86(def) {
        return Ok(());
    }
    let q35 = is_q35(def);
    let c = &mut def.devices.controllers;
    // PCI controllers get their indexes first: the root bus is 0, the rest follow.
    for i in 0..c.len() {
        if c[i].controller_type != "pci" || c[i].index.is_some() {
            continue;
        }
        let root = matches!(c[i].model.as_deref(), Some("pci-root" | "pcie-root"));
        let used: Vec<u32> = c.iter().filter(|x| x.controller_type == "pci").filter_map(|x| x.index).collect();
        c[i].index = if root { Some(0) } else { (1..).find(|n| !used.contains(n)) };
    }
    // An ICH9 UHCI companion without an index serves the EHCI controller before it.
    let mut master: Option<u32> = None;
    for i in 0..c.len() {
        if c[i].controller_type != "usb" {
            continue;
        }
        match (c[i].model.as_deref(), c[i].index) {
            (Some("ich9-ehci1"), None) => {
                let used: Vec<u32> = c.iter().filter(|x| x.controller_type == "usb").filter_map(|x| x.index).collect();
                c[i].index = (0..).find(|n| !used.contains(n));
                master = c[i].index;
            }
            (Some("ich9-ehci1"), Some(idx)) => master = Some(idx),
            (Some(m), None) if m.starts_with("ich9-uhci") => c[i].index = Some(master.unwrap_or(0)),
            _ => {}
        }
    }
    if !c.iter().any(|c| c.controller_type == "usb") {
        let mut usb = Controller::implicit("usb", 0);
        usb.model = Some(if q35 { "qemu-xhci" } else { "piix3-uhci" }.into());
        c.push(usb);
    }
    if q35 && !c.iter().any(|c| c.controller_type == "sata" && c.index == Some(0)) {
        c.push(Controller::implicit("sata", 0));
    }
    let root = if q35 { "pcie-root" } else { "pci-root" };
    match c.iter_mut().find(|c| c.controller_type == "pci" && c.index == Some(0)) {
        Some(r) if r.model.is_none() => r.model = Some(root.into()),
        Some(r) if r.model.as_deref() != Some(root) => {
            return Err(unsupported(format!(
                "The PCI controller with index='0' must be model='{root}' for this machine type, but model='{}' was found instead",
                r.model.as_deref().unwrap_or("")
            )))
        }
        Some(_) => {}
        None => c.push(Controller { model: Some(root.into()), ..Controller::implicit("pci", 0) }),
    }
    Ok(())
}

/// The step after the generic post-parse (see the module doc).
pub fn after_generic(def: &mut DomainDef) -> Result<()> {
    let x86 = is_x86(def);
    let q35 = is_q35(def);
    let d = &mut def.devices;
    if x86 {
        for ty in ["mouse", "keyboard"] {
            if !d.inputs.iter().any(|i| i.input_type == ty && i.bus.as_deref() == Some("ps2")) {
                d.inputs.push(Input { input_type: ty.into(), bus: Some("ps2".into()), attrs: Vec::new(), extras: Vec::new() });
            }
        }
        for s in d.serials.iter_mut() {
            if s.target.target_type.is_none() {
                s.target.target_type = Some("isa-serial".into());
            }
            let model = match s.target.target_type.as_deref() {
                Some("isa-serial") => Some("isa-serial"),
                Some("pci-serial") => Some("pci-serial"),
                Some("usb-serial") => Some("usb-serial"),
                _ => None,
            };
            if let (Some(m), false) = (model, s.target.children.iter().any(|c| c.name == "model")) {
                s.target.children.push(XmlElement::with_attrs("model", &[("name", Some(m.into()))]));
            }
        }
    }
    if !d.others.iter().any(|o| o.kind() == "audio") {
        let spice = d.graphics.iter().any(|g| g.graphics_type == "spice");
        let audio = XmlElement::with_attrs(
            "audio",
            &[("id", Some("1".into())), ("type", Some(if spice { "spice" } else { "none" }.into()))],
        );
        let at = d.others.iter().position(|o| raw_rank(o.kind()) > raw_rank("audio")).unwrap_or(d.others.len());
        d.others.insert(at, RawDevice { element: audio });
    }
    for v in d.videos.iter_mut() {
        if v.model_type.as_deref() == Some("qxl") {
            v.vgamem.get_or_insert(16384);
        }
    }
    for disk in d.disks.iter_mut() {
        disk_driver_defaults(disk);
    }
    for c in d.controllers.iter_mut() {
        if c.controller_type == "pci" && c.model.is_none() && c.index != Some(0) {
            c.model = Some(if q35 { "pcie-root-port" } else { "pci-bridge" }.into());
        }
    }
    // A KVM guest without a CPU gets libvirt's default model, pinned down (libvirt
    // writes it so that a migration keeps the same CPU).
    if x86 && def.virt_type == "kvm" && def.cpu.is_none() {
        let mut cpu = XmlElement::new("cpu");
        for (k, v) in [("mode", "custom"), ("match", "exact"), ("check", "none")] {
            cpu.set_attr(k, v);
        }
        let model = if def.os.arch.as_deref() == Some("i686") { "qemu32" } else { "qemu64" };
        let mut m = XmlElement::with_text("model", model);
        m.set_attr("fallback", "forbid");
        cpu.push(m);
        def.cpu = Some(cpu);
    }
    if x86 {
        assign_pci(def)?;
    }
    assign_usb(def)?;
    assign_virtio_serial(def)?;
    Ok(())
}

fn raw_rank(kind: &str) -> usize {
    virt::conf::domain::RAW_DEVICE_KINDS.iter().position(|k| *k == kind).unwrap_or(usize::MAX)
}

/// `<driver name='qemu' type='raw'/>` unless told otherwise, as libvirt's QEMU driver
/// fills in for local disks.
fn disk_driver_defaults(disk: &mut Disk) {
    if !matches!(disk.disk_type.as_str(), "file" | "block") {
        return;
    }
    let driver = disk.driver.get_or_insert_with(|| XmlElement::new("driver"));
    if driver.attr("name").is_none() {
        driver.insert_attr(0, "name", "qemu");
    }
    if driver.attr("type").is_none() {
        driver.insert_attr(1, "type", "raw");
    }
}

// ---------------------------------------------------------------------------------------
// Addresses kept among a device's children.

fn extras_address(extras: &[XmlElement]) -> Option<&XmlElement> {
    extras.iter().find(|e| e.name == "address")
}

fn set_extras_address(extras: &mut Vec<XmlElement>, addr: XmlElement) {
    extras.retain(|e| e.name != "address");
    extras.push(addr);
}

fn pci_of(el: Option<&XmlElement>) -> Option<(u32, u32, u32)> {
    match el.filter(|e| e.attr("type") == Some("pci")).map(Address::parse) {
        Some(Ok(Address::Pci { bus, slot, function, .. })) => Some((bus, slot, function)),
        _ => None,
    }
}

fn pci_element(bus: u32, slot: u32, function: u32, multifunction: bool) -> XmlElement {
    Address::Pci { domain: 0, bus, slot, function, multifunction: multifunction.then(|| "on".to_string()) }.to_element()
}

/// A device that may take a PCI address, by position in the definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dev {
    Controller(usize),
    Interface(usize),
    Sound(usize),
    Disk(usize),
    Balloon,
    Rng(usize),
    Watchdog(usize),
    Video(usize),
    Input(usize),
}

fn address_of(def: &DomainDef, dev: Dev) -> Option<(u32, u32, u32)> {
    let d = &def.devices;
    let typed = |a: Option<&Address>| match a {
        Some(Address::Pci { bus, slot, function, .. }) => Some((*bus, *slot, *function)),
        _ => None,
    };
    match dev {
        Dev::Controller(i) => typed(d.controllers[i].address.as_ref()),
        Dev::Interface(i) => typed(d.interfaces[i].address.as_ref()),
        Dev::Disk(i) => typed(d.disks[i].address.as_ref()),
        Dev::Balloon => typed(d.memballoon.as_ref().and_then(|b| b.address.as_ref())),
        Dev::Sound(i) => pci_of(extras_address(&d.sounds[i].extras)),
        Dev::Rng(i) => pci_of(extras_address(&d.rngs[i].extras)),
        Dev::Watchdog(i) => pci_of(extras_address(&d.watchdogs[i].extras)),
        Dev::Video(i) => pci_of(extras_address(&d.videos[i].extras)),
        Dev::Input(i) => pci_of(extras_address(&d.inputs[i].extras)),
    }
}

fn has_any_address(def: &DomainDef, dev: Dev) -> bool {
    let d = &def.devices;
    match dev {
        Dev::Controller(i) => d.controllers[i].address.is_some(),
        Dev::Interface(i) => d.interfaces[i].address.is_some(),
        Dev::Disk(i) => d.disks[i].address.is_some(),
        Dev::Balloon => d.memballoon.as_ref().is_some_and(|b| b.address.is_some()),
        Dev::Sound(i) => extras_address(&d.sounds[i].extras).is_some(),
        Dev::Rng(i) => extras_address(&d.rngs[i].extras).is_some(),
        Dev::Watchdog(i) => extras_address(&d.watchdogs[i].extras).is_some(),
        Dev::Video(i) => extras_address(&d.videos[i].extras).is_some(),
        Dev::Input(i) => extras_address(&d.inputs[i].extras).is_some(),
    }
}

fn set_address(def: &mut DomainDef, dev: Dev, bus: u32, slot: u32, function: u32, multifunction: bool) {
    let el = pci_element(bus, slot, function, multifunction);
    let addr = Address::Pci { domain: 0, bus, slot, function, multifunction: multifunction.then(|| "on".into()) };
    let d = &mut def.devices;
    match dev {
        Dev::Controller(i) => d.controllers[i].address = Some(addr),
        Dev::Interface(i) => d.interfaces[i].address = Some(addr),
        Dev::Disk(i) => d.disks[i].address = Some(addr),
        Dev::Balloon => {
            if let Some(b) = d.memballoon.as_mut() {
                b.address = Some(addr)
            }
        }
        Dev::Sound(i) => set_extras_address(&mut d.sounds[i].extras, el),
        Dev::Rng(i) => set_extras_address(&mut d.rngs[i].extras, el),
        Dev::Watchdog(i) => set_extras_address(&mut d.watchdogs[i].extras, el),
        Dev::Video(i) => set_extras_address(&mut d.videos[i].extras, el),
        Dev::Input(i) => set_extras_address(&mut d.inputs[i].extras, el),
    }
}

/// How a device plugs in: a PCI Express endpoint (behind a root port on q35) or a
/// conventional PCI device (on a PCI bus: the root bus of i440fx, a bridge on q35).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plug {
    Express,
    Conventional,
}

/// The devices that take a PCI address, in the order libvirt assigns them, with how
/// each plugs in; devices that need none (PS/2, ISA, USB, `model='none'`) are left out.
fn pci_devices(def: &DomainDef) -> Vec<(Dev, Plug)> {
    use Plug::*;
    let d = &def.devices;
    let mut out = Vec::new();
    for (i, iface) in d.interfaces.iter().enumerate() {
        if iface.interface_type == "hostdev" {
            continue;
        }
        let plug = match iface.model.as_deref() {
            Some("virtio" | "virtio-transitional" | "virtio-non-transitional" | "e1000e") => Express,
            _ => Conventional,
        };
        out.push((Dev::Interface(i), plug));
    }
    for (i, s) in d.sounds.iter().enumerate() {
        if matches!(s.model.as_str(), "ich6" | "ich9" | "ac97" | "es1370" | "ich7") {
            out.push((Dev::Sound(i), Conventional));
        }
    }
    for (i, c) in d.controllers.iter().enumerate() {
        let plug = match (c.controller_type.as_str(), c.model.as_deref()) {
            ("pci", _) => continue,
            ("ide" | "fdc", _) => continue,
            ("usb", Some("none" | "qusb1" | "qusb2")) => continue,
            ("usb", Some("qemu-xhci" | "nec-xhci")) => Express,
            ("usb", _) => Conventional,
            ("scsi", Some("virtio-scsi" | "virtio-transitional" | "virtio-non-transitional")) => Express,
            ("scsi", _) => Conventional,
            ("sata", _) => Express,
            ("virtio-serial", _) => Express,
            _ => continue,
        };
        out.push((Dev::Controller(i), plug));
    }
    for (i, disk) in d.disks.iter().enumerate() {
        if disk.target_bus.as_deref() == Some("virtio") {
            out.push((Dev::Disk(i), Express));
        }
    }
    if d.memballoon.as_ref().is_some_and(|b| b.model.starts_with("virtio")) {
        out.push((Dev::Balloon, Express));
    }
    for (i, r) in d.rngs.iter().enumerate() {
        if r.model.starts_with("virtio") {
            out.push((Dev::Rng(i), Express));
        }
    }
    for (i, w) in d.watchdogs.iter().enumerate() {
        if w.model == "i6300esb" {
            out.push((Dev::Watchdog(i), Conventional));
        }
    }
    for (i, v) in d.videos.iter().enumerate() {
        let plug = match v.model_type.as_deref() {
            Some("none" | "ramfb") | None => continue,
            Some("virtio") => Express,
            _ => Conventional,
        };
        out.push((Dev::Video(i), plug));
    }
    for (i, input) in d.inputs.iter().enumerate() {
        if input.bus.as_deref() == Some("virtio") {
            out.push((Dev::Input(i), Express));
        }
    }
    out
}

/// What each bus offers: the root bus and bridges slots 1-31 (0 on a bridge is its
/// own), a root port its slot 0 only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BusKind {
    Root,
    RootPort,
    Bridge,
}

#[derive(Default)]
struct Slots {
    /// (bus, slot) → functions in use.
    used: BTreeMap<(u32, u32), u8>,
    buses: BTreeMap<u32, BusKind>,
}

impl Slots {
    fn take(&mut self, bus: u32, slot: u32, function: u32) {
        *self.used.entry((bus, slot)).or_default() |= 1 << (function & 7);
    }

    fn is_free(&self, bus: u32, slot: u32) -> bool {
        self.used.get(&(bus, slot)).copied().unwrap_or(0) == 0
    }

    /// The first wholly free slot of `bus`.
    fn free_slot(&self, bus: u32) -> Option<u32> {
        let range = match self.buses.get(&bus)? {
            BusKind::Root | BusKind::Bridge => 1..=31,
            BusKind::RootPort => 0..=0,
        };
        range.into_iter().find(|s| self.is_free(bus, *s))
    }

    /// A free place for a device that plugs in as `plug` (`q35` or not).
    fn place(&self, plug: Plug, q35: bool) -> Option<(u32, u32)> {
        let wanted = match (q35, plug) {
            (false, _) => BusKind::Root,
            (true, Plug::Express) => BusKind::RootPort,
            (true, Plug::Conventional) => BusKind::Bridge,
        };
        self.buses.iter().filter(|(_, k)| **k == wanted).find_map(|(b, _)| self.free_slot(*b).map(|s| (*b, s)))
    }
}

fn no_slots() -> Error {
    Error::new(Domain::VIR_FROM_QEMU, Code::VIR_ERR_INTERNAL_ERROR, "No more available PCI slots")
}

const ICH9_COMPANIONS: &[(&str, u32)] = &[("ich9-ehci1", 7), ("ich9-uhci1", 0), ("ich9-uhci2", 1), ("ich9-uhci3", 2)];

fn companion_function(model: Option<&str>) -> Option<u32> {
    ICH9_COMPANIONS.iter().find(|(m, _)| Some(*m) == model).map(|(_, f)| *f)
}

/// PCI addresses as libvirt's QEMU driver assigns them on the machine's root bus (one
/// PCI domain, no expander buses).
fn assign_pci(def: &mut DomainDef) -> Result<()> {
    let q35 = is_q35(def);
    let mut slots = Slots::default();
    slots.buses.insert(0, BusKind::Root);
    let root_ports_given = def.devices.controllers.iter().any(|c| c.model.as_deref() == Some("pcie-root-port"));
    for c in &def.devices.controllers {
        if c.controller_type != "pci" || c.index == Some(0) {
            continue;
        }
        let kind = match c.model.as_deref() {
            Some("pcie-root-port" | "pcie-switch-downstream-port") => BusKind::RootPort,
            Some("pci-bridge" | "pcie-to-pci-bridge") => BusKind::Bridge,
            Some(m) => return Err(unsupported(format!("PCI controller model '{m}' is not supported by this driver"))),
            None => continue,
        };
        slots.buses.insert(c.index.unwrap_or(0), kind);
    }
    // Addresses in the definition stay where they are.
    let mut all: Vec<Dev> = (0..def.devices.controllers.len()).map(Dev::Controller).collect();
    all.extend(pci_devices(def).into_iter().map(|(d, _)| d).filter(|d| !matches!(d, Dev::Controller(_))));
    for dev in &all {
        if let Some((bus, slot, function)) = address_of(def, *dev) {
            slots.take(bus, slot, function);
        }
    }
    // The chipset's own functions.
    if q35 {
        for f in [0, 2, 3] {
            slots.take(0, 0x1f, f);
        }
    } else {
        for f in 0..4 {
            slots.take(0, 1, f);
        }
    }
    let primary_video = def.devices.videos.first().filter(|v| v.model_type.as_deref() != Some("none")).is_some();
    if primary_video && !has_any_address(def, Dev::Video(0)) {
        let slot = if q35 { 1 } else { 2 };
        if slots.is_free(0, slot) {
            slots.take(0, slot, 0);
            set_address(def, Dev::Video(0), 0, slot, 0, false);
        }
    }
    // Fixed places: i440fx's IDE and first USB controller live in the PIIX3 (slot 1);
    // q35's first SATA controller and ICH9 USB and sound sit where the chipset has them.
    for i in 0..def.devices.controllers.len() {
        let c = &def.devices.controllers[i];
        if c.address.is_some() {
            continue;
        }
        let fixed = match (c.controller_type.as_str(), c.index, c.model.as_deref(), q35) {
            ("ide", Some(0), _, false) => Some((1, 1, false)),
            ("usb", Some(0), Some("piix3-uhci") | None, false) => Some((1, 2, false)),
            ("sata", Some(0), _, true) => Some((0x1f, 2, false)),
            ("usb", Some(0), m, true) => companion_function(m).map(|f| (0x1d, f, f == 0)),
            _ => None,
        };
        if let Some((slot, function, mf)) = fixed {
            set_address(def, Dev::Controller(i), 0, slot, function, mf);
            slots.take(0, slot, function);
        }
    }
    if q35 {
        if let Some(i) = def.devices.sounds.iter().position(|s| s.model == "ich9") {
            if !has_any_address(def, Dev::Sound(i)) && slots.is_free(0, 0x1b) {
                set_address(def, Dev::Sound(i), 0, 0x1b, 0, false);
                slots.take(0, 0x1b, 0);
            }
        }
    }
    let pending: Vec<(Dev, Plug)> =
        pci_devices(def).into_iter().filter(|(d, _)| !has_any_address(def, *d)).collect();

    if q35 {
        add_q35_buses(def, &mut slots, &pending, root_ports_given)?;
    }

    // Root ports and bridges without an address: root ports packed eight to a slot of
    // the root bus, bridges where a device of their kind would go.
    let mut next: Option<(u32, u32)> = None;
    let mut packed: Vec<(usize, u32)> = Vec::new();
    let order: Vec<usize> = {
        let mut v: Vec<usize> = (0..def.devices.controllers.len())
            .filter(|i| def.devices.controllers[*i].controller_type == "pci" && def.devices.controllers[*i].index != Some(0))
            .collect();
        v.sort_by_key(|i| def.devices.controllers[*i].index);
        v
    };
    for i in order {
        let c = &def.devices.controllers[i];
        let index = c.index.unwrap_or(0);
        let model = c.model.clone().unwrap_or_default();
        if c.address.is_none() {
            match model.as_str() {
                "pcie-root-port" => {
                    let (slot, function) = match next {
                        Some((s, f)) if f < 7 => (s, f + 1),
                        _ => (slots.free_slot(0).ok_or_else(no_slots)?, 0),
                    };
                    slots.take(0, slot, function);
                    next = Some((slot, function));
                    packed.push((i, slot));
                    set_address(def, Dev::Controller(i), 0, slot, function, false);
                }
                _ => {
                    let plug = if model == "pcie-to-pci-bridge" { Plug::Express } else { Plug::Conventional };
                    let (bus, slot) = slots.place(plug, q35).ok_or_else(no_slots)?;
                    slots.take(bus, slot, 0);
                    set_address(def, Dev::Controller(i), bus, slot, 0, false);
                }
            }
        }
        let c = &mut def.devices.controllers[i];
        if !c.extras.iter().any(|e| e.name == "model") {
            let name = match model.as_str() {
                "pcie-to-pci-bridge" => "pcie-pci-bridge",
                other => other,
            };
            c.extras.insert(0, XmlElement::with_attrs("model", &[("name", Some(name.into()))]));
        }
        if model == "pcie-root-port" && !c.extras.iter().any(|e| e.name == "target") {
            let port = match c.address {
                Some(Address::Pci { slot, function, .. }) => Some(format!("0x{:x}", (slot << 3) | function)),
                _ => None,
            };
            c.extras.push(XmlElement::with_attrs("target", &[("chassis", Some(index.to_string())), ("port", port)]));
        }
        if model == "pci-bridge" && !c.extras.iter().any(|e| e.name == "target") {
            c.extras.push(XmlElement::with_attrs("target", &[("chassisNr", Some(index.to_string()))]));
        }
    }
    // Function 0 of a slot holding several root ports is multifunction.
    for (i, slot) in &packed {
        let shared = packed.iter().filter(|(_, s)| s == slot).count() > 1;
        if let Some(Address::Pci { function: 0, multifunction, .. }) = def.devices.controllers[*i].address.as_mut() {
            if shared {
                *multifunction = Some("on".into());
            }
        }
    }

    // ICH9 USB companions share one slot: UHCI n at function n-1, EHCI at 7.
    let mut groups: BTreeMap<u32, u32> = BTreeMap::new();
    for (dev, plug) in pci_devices(def) {
        if has_any_address(def, dev) {
            continue;
        }
        if let Dev::Controller(i) = dev {
            let c = &def.devices.controllers[i];
            if let (true, Some(function)) = (c.controller_type == "usb", companion_function(c.model.as_deref())) {
                let index = c.index.unwrap_or(0);
                let (bus, slot) = match groups.get(&index) {
                    Some(&slot) => (0, slot),
                    None => {
                        let slot = slots.free_slot(0).ok_or_else(no_slots)?;
                        groups.insert(index, slot);
                        (0, slot)
                    }
                };
                slots.take(bus, slot, function);
                set_address(def, dev, bus, slot, function, function == 0);
                continue;
            }
        }
        let (bus, slot) = slots.place(plug, q35).ok_or_else(no_slots)?;
        slots.take(bus, slot, 0);
        set_address(def, dev, bus, slot, 0, false);
    }
    Ok(())
}

/// q35: enough root ports for the PCI Express devices still without an address (plus
/// one spare for hotplug when the definition named none), and a PCIe-to-PCI bridge when
/// conventional PCI devices need a bus.
fn add_q35_buses(def: &mut DomainDef, slots: &mut Slots, pending: &[(Dev, Plug)], given: bool) -> Result<()> {
    let bridge_free = slots.place(Plug::Conventional, true).is_some();
    let needs_bridge = !bridge_free && pending.iter().any(|(d, p)| {
        *p == Plug::Conventional && !(matches!(d, Dev::Controller(i) if companion_function(def.devices.controllers[*i].model.as_deref()).is_some()))
    });
    let express = pending.iter().filter(|(_, p)| *p == Plug::Express).count() + usize::from(needs_bridge);
    let free_ports = slots
        .buses
        .iter()
        .filter(|(b, k)| **k == BusKind::RootPort && slots.is_free(**b, 0))
        .count();
    let mut next_index = def.devices.controllers.iter().filter(|c| c.controller_type == "pci").filter_map(|c| c.index).max().unwrap_or(0) + 1;
    let mut add = |def: &mut DomainDef, slots: &mut Slots, model: &str, kind: BusKind| {
        let c = Controller { model: Some(model.into()), ..Controller::implicit("pci", next_index) };
        slots.buses.insert(next_index, kind);
        virt::conf::domain::insert_controller(&mut def.devices.controllers, c);
        next_index += 1;
    };
    if express > free_ports {
        let spare = usize::from(!given);
        for _ in 0..(express - free_ports + spare) {
            add(def, slots, "pcie-root-port", BusKind::RootPort);
        }
    }
    if needs_bridge {
        add(def, slots, "pcie-to-pci-bridge", BusKind::Bridge);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// USB and virtio-serial ports.

/// How many ports the first USB controller offers.
fn usb_ports(def: &DomainDef) -> Option<u32> {
    let cs: Vec<&Controller> =
        def.devices.controllers.iter().filter(|c| c.controller_type == "usb" && c.index == Some(0)).collect();
    let first = cs.first()?;
    if first.model.as_deref() == Some("none") {
        return None;
    }
    let given = first.attrs.iter().find(|(k, _)| k == "ports").and_then(|(_, v)| v.parse().ok());
    Some(given.unwrap_or(match first.model.as_deref() {
        Some("qemu-xhci" | "nec-xhci") => 4,
        Some(m) if m.starts_with("ich9-") => 6,
        Some("ehci") => 6,
        _ => 2,
    }))
}

fn usb_port_of(el: Option<&XmlElement>) -> Option<u32> {
    el.filter(|e| e.attr("type") == Some("usb")).and_then(|e| e.attr("port")).and_then(|p| p.parse().ok())
}

fn usb_address(port: u32) -> XmlElement {
    XmlElement::with_attrs("address", &[("type", Some("usb".into())), ("bus", Some("0".into())), ("port", Some(port.to_string()))])
}

fn assign_usb(def: &mut DomainDef) -> Result<()> {
    let d = &def.devices;
    let usb_inputs: Vec<usize> = (0..d.inputs.len()).filter(|i| d.inputs[*i].bus.as_deref() == Some("usb")).collect();
    let redirs: Vec<usize> =
        (0..d.others.len()).filter(|i| d.others[*i].kind() == "redirdev" && d.others[*i].element.attr("bus") == Some("usb")).collect();
    if usb_inputs.is_empty() && redirs.is_empty() {
        return Ok(());
    }
    let Some(ports) = usb_ports(def) else {
        return Err(unsupported("USB is disabled for this domain, but USB devices are present in the domain XML"));
    };
    let mut used: Vec<u32> = usb_inputs.iter().filter_map(|i| usb_port_of(extras_address(&d.inputs[*i].extras))).collect();
    used.extend(redirs.iter().filter_map(|i| usb_port_of(d.others[*i].element.child("address"))));
    let mut next = || -> Result<u32> {
        let p = (1..=ports).find(|p| !used.contains(p)).ok_or_else(|| {
            Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INTERNAL_ERROR, "No free USB ports")
        })?;
        used.push(p);
        Ok(p)
    };
    for i in usb_inputs {
        if extras_address(&def.devices.inputs[i].extras).is_none() {
            let p = next()?;
            set_extras_address(&mut def.devices.inputs[i].extras, usb_address(p));
        }
    }
    for i in redirs {
        let el = &mut def.devices.others[i].element;
        if el.child("address").is_none() {
            let p = next()?;
            el.push(usb_address(p));
        }
    }
    Ok(())
}

fn assign_virtio_serial(def: &mut DomainDef) -> Result<()> {
    let d = &mut def.devices;
    let port_of = |extras: &[XmlElement]| {
        extras_address(extras).filter(|e| e.attr("type") == Some("virtio-serial")).and_then(|e| e.attr("port")).and_then(|p| p.parse::<u32>().ok())
    };
    let mut used: Vec<u32> = d.channels.iter().chain(d.consoles.iter()).filter_map(|c| port_of(&c.extras)).collect();
    let addr = |port: u32| {
        XmlElement::with_attrs(
            "address",
            &[
                ("type", Some("virtio-serial".into())),
                ("controller", Some("0".into())),
                ("bus", Some("0".into())),
                ("port", Some(port.to_string())),
            ],
        )
    };
    for c in d.consoles.iter_mut().filter(|c| c.target.target_type.as_deref() == Some("virtio")) {
        if extras_address(&c.extras).is_none() {
            let p = (0..).find(|p| !used.contains(p)).unwrap_or(0);
            used.push(p);
            set_extras_address(&mut c.extras, addr(p));
        }
    }
    for c in d.channels.iter_mut().filter(|c| c.target.target_type.as_deref() == Some("virtio")) {
        if extras_address(&c.extras).is_none() {
            let p = (1..).find(|p| !used.contains(p)).unwrap_or(1);
            used.push(p);
            set_extras_address(&mut c.extras, addr(p));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> DomainDef {
        let mut def = DomainDef::parse_with_driver_defaults(xml, &before_generic).unwrap();
        after_generic(&mut def).unwrap();
        def
    }

    fn pci(a: &Option<Address>) -> (u32, u32, u32) {
        match a {
            Some(Address::Pci { bus, slot, function, .. }) => (*bus, *slot, *function),
            other => panic!("no PCI address: {other:?}"),
        }
    }

    #[test]
    fn empty_pc_gets_piix_usb_and_balloon_slot() {
        let def = parse("<domain type='qemu'><name>a</name><memory>1024</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>");
        let c = &def.devices.controllers;
        assert_eq!(c[0].model.as_deref(), Some("piix3-uhci"));
        assert_eq!(pci(&c[0].address), (0, 1, 2));
        assert_eq!(c[1].model.as_deref(), Some("pci-root"));
        assert_eq!(def.devices.inputs.len(), 2);
    }

    #[test]
    fn q35_root_ports_are_added_with_a_spare() {
        let def = parse("<domain type='qemu'><name>a</name><memory>1024</memory><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><memballoon model='virtio'/></devices></domain>");
        let c = &def.devices.controllers;
        let ports: Vec<&Controller> = c.iter().filter(|c| c.model.as_deref() == Some("pcie-root-port")).collect();
        assert_eq!(ports.len(), 3);
        assert_eq!(pci(&ports[0].address), (0, 1, 0));
        assert_eq!(pci(&ports[2].address), (0, 1, 2));
        let xhci = c.iter().find(|c| c.model.as_deref() == Some("qemu-xhci")).unwrap();
        assert_eq!(pci(&xhci.address), (1, 0, 0));
        assert_eq!(pci(&def.devices.memballoon.as_ref().unwrap().address), (2, 0, 0));
    }

    #[test]
    fn ich9_companions_share_a_slot() {
        let def = parse("<domain type='qemu'><name>a</name><memory>1024</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
            <controller type='usb' index='0' model='ich9-ehci1'/><controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>\
            <controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/></controller></devices></domain>");
        let c = &def.devices.controllers;
        assert_eq!(pci(&c[0].address), (0, 2, 7));
        assert_eq!(pci(&c[1].address), (0, 2, 0));
        assert!(matches!(&c[1].address, Some(Address::Pci { multifunction: Some(m), .. }) if m == "on"));
        assert_eq!(pci(&c[2].address), (0, 2, 1));
        assert!(c[1].extras.iter().any(|e| e.name == "master"));
    }

    #[test]
    fn companions_without_index_join_their_ehci() {
        let def = parse("<domain type='qemu'><name>a</name><memory>1024</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
            <controller type='usb' model='ich9-ehci1'/><controller type='usb' model='ich9-uhci1'><master startport='0'/></controller>\
            <controller type='usb' model='ich9-uhci2'><master startport='2'/></controller></devices></domain>");
        let usb: Vec<Option<u32>> =
            def.devices.controllers.iter().filter(|c| c.controller_type == "usb").map(|c| c.index).collect();
        assert_eq!(usb, vec![Some(0), Some(0), Some(0)]);
    }

    #[test]
    fn given_addresses_are_kept() {
        let def = parse("<domain type='qemu'><name>a</name><memory>1024</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>\
            <interface type='user'><model type='virtio'/><address type='pci' domain='0' bus='0' slot='3'/></interface>\
            <interface type='user'><model type='virtio'/></interface></devices></domain>");
        assert_eq!(pci(&def.devices.interfaces[0].address), (0, 3, 0));
        assert_eq!(pci(&def.devices.interfaces[1].address), (0, 2, 0));
        let again = parse(&def.format(virt::conf::domain::FormatOptions::default()));
        assert_eq!(again.devices, def.devices);
    }
}
