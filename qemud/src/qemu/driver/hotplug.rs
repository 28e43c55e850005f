//! Devices added to, removed from and changed in a domain, as libvirt's QEMU driver does
//! it: `virDomainAttachDeviceFlags`, `virDomainDetachDeviceFlags`,
//! `virDomainUpdateDeviceFlags` (and the flagless attach and detach, which act on the
//! running guest).
//!
//! - The persistent definition takes the devices this driver runs (disks, interfaces,
//!   controllers, character devices, inputs, sound, watchdog, RNG), checked against what
//!   is there, then given the defaults and addresses a define would give them.
//! - The running guest takes disks (`blockdev-add` of the medium, `device_add`) and
//!   interfaces (a tap for bridged ones, `netdev_add`, `device_add`); what QEMU refuses
//!   is undone. Its CD-ROMs and floppies change media through the tray commands, and an
//!   interface's link goes up and down (`set_link`).
//! - A removal asks QEMU (`device_del`) and completes when the guest lets go of the device
//!   (QEMU's `DEVICE_DELETED`): the backend goes, the live definition drops the device,
//!   and `VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED` is sent. The call waits up to 5 s for that,
//!   as libvirt does; a guest that lets go later completes the removal then.

use std::collections::BTreeMap;

use virt::conf::domain::{alias_in, set_alias_in, Device, Disk, Interface};

use super::*;

/// `VIR_DOMAIN_AFFECT_LIVE`, `VIR_DOMAIN_AFFECT_CONFIG`
const AFFECT_LIVE: u32 = 1;
const AFFECT_CONFIG: u32 = 2;
/// `VIR_DOMAIN_DEVICE_MODIFY_FORCE`: eject even a tray the guest locked.
const MODIFY_FORCE: u32 = 4;

/// How long a detach waits for the guest to let go (libvirt's
/// `qemuDomainRemoveDeviceWaitTime`).
const REMOVAL_WAIT: Duration = Duration::from_secs(5);
/// How long a media change waits for the guest to open a tray it holds shut.
const TRAY_WAIT: Duration = Duration::from_secs(5);

fn invalid(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_INVALID, msg)
}

fn missing(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_DEVICE_MISSING, msg)
}

fn not_supported(msg: String) -> Error {
    Error::new(FROM, Code::VIR_ERR_OPERATION_UNSUPPORTED, msg)
}

/// The device kinds a persistent definition takes here.
fn config_kind(dev: &Device) -> bool {
    matches!(
        dev,
        Device::Disk(_)
            | Device::Interface(_)
            | Device::Controller(_)
            | Device::Chr(_)
            | Device::Input(_)
            | Device::Sound(_)
            | Device::Watchdog(_)
            | Device::Rng(_)
    )
}

/// What a device document says of an interface beyond its parsed form: whether it named
/// a MAC (the parser makes one up otherwise), a PCI address, an alias (for the persistent
/// definition only one the user chose, `ua-`: libvirt reads no other there).
struct NetKey {
    mac: Option<String>,
    pci: Option<String>,
    alias: Option<String>,
}

/// An address as one comparable string (`type=pci,domain=0x0000,...`).
fn address_key(a: &virt::conf::domain::Address) -> String {
    a.to_element().attrs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

impl NetKey {
    fn of(xml: &str, iface: &Interface, live: bool) -> NetKey {
        let given = |name: &str| {
            roxmltree::Document::parse(xml).ok().is_some_and(|d| d.root_element().children().any(|c| c.has_tag_name(name)))
        };
        let pci = match &iface.address {
            Some(a @ virt::conf::domain::Address::Pci { .. }) => Some(address_key(a)),
            _ => None,
        };
        NetKey {
            mac: given("mac").then(|| iface.mac.to_string()),
            pci: pci.filter(|_| given("address")),
            alias: alias_in(&iface.extras).filter(|a| live || a.starts_with("ua-")).map(str::to_string),
        }
    }

    /// libvirt's `virDomainNetFindIdx`: the one interface of `list` this key names.
    fn find(&self, list: &[Interface]) -> Result<usize> {
        let hits: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                self.mac.as_ref().is_none_or(|m| i.mac.to_string() == *m)
                    && self.alias.as_deref().is_none_or(|a| alias_in(&i.extras) == Some(a))
                    && self.pci.as_ref().is_none_or(|p| i.address.as_ref().map(address_key).as_ref() == Some(p))
            })
            .map(|(n, _)| n)
            .collect();
        match (hits.len(), &self.mac) {
            (1, _) => Ok(hits[0]),
            (0, _) => {
                let null = |v: &Option<String>| v.clone().unwrap_or_else(|| "(<null>)".into());
                Err(Error::new(
                    Domain::VIR_FROM_DOMAIN,
                    Code::VIR_ERR_DEVICE_MISSING,
                    format!(
                        "no device found at address '{}' matching MAC address '{}' and alias '{}'",
                        null(&self.pci),
                        null(&self.mac),
                        null(&self.alias)
                    ),
                ))
            }
            (_, Some(mac)) => Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_OPERATION_FAILED,
                format!("multiple devices matching MAC address {mac} found"),
            )),
            (_, None) => {
                Err(Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_OPERATION_FAILED, "multiple matching devices found"))
            }
        }
    }
}

/// libvirt's `qemuDomainAttachDeviceConfig`: `def` with `dev` added.
fn attach_config(def: &DomainDef, dev: Device) -> Result<DomainDef> {
    let d = &def.devices;
    match &dev {
        Device::Disk(x) if d.disks.iter().any(|y| y.target_dev == x.target_dev) => {
            return Err(invalid(format!("target {} already exists", x.target_dev)));
        }
        Device::Controller(x) if x.index.is_some() => {
            if d.controllers.iter().any(|y| y.controller_type == x.controller_type && y.index == x.index) {
                return Err(invalid(format!("controller index='{}' already exists", x.index.unwrap_or(0))));
            }
        }
        Device::Chr(x) if chardevs(def).any(|y| same_chardev_target(x, y)) => {
            return Err(invalid("chardev already exists".into()));
        }
        Device::Watchdog(_) if !d.watchdogs.is_empty() => return Err(invalid("domain already has a watchdog".into())),
        other if !config_kind(other) => {
            return Err(not_supported(format!("persistent attach of device '{}' is not supported", other.kind())));
        }
        _ => {}
    }
    let mut def = def.clone();
    def.devices.insert(for_config(dev));
    redo_defaults(&mut def)?;
    validate_def(&def)?;
    Ok(def)
}

/// A device as a persistent definition keeps it: no alias but one the user chose.
fn for_config(mut dev: Device) -> Device {
    let extras = match &mut dev {
        Device::Disk(x) => &mut x.extras,
        Device::Interface(x) => &mut x.extras,
        _ => return dev,
    };
    extras.retain(|e| e.name != "alias" || e.attr("name").is_some_and(|n| n.starts_with("ua-")));
    dev
}

fn chardevs(def: &DomainDef) -> impl Iterator<Item = &virt::conf::domain::Chardev> {
    let d = &def.devices;
    d.serials.iter().chain(&d.parallels).chain(&d.consoles).chain(&d.channels)
}

/// Two character devices of one kind on the same target (port, or channel name).
fn same_chardev_target(a: &virt::conf::domain::Chardev, b: &virt::conf::domain::Chardev) -> bool {
    a.kind == b.kind
        && ((a.target.port.is_some() && a.target.port == b.target.port)
            || (a.target.name.is_some() && a.target.name == b.target.name))
}

/// libvirt's `qemuDomainDetachDeviceConfig`: `def` without the device `dev` names.
fn detach_config(def: &DomainDef, dev: &Device, xml: &str) -> Result<DomainDef> {
    let mut def = def.clone();
    let d = &mut def.devices;
    let absent = || missing("device not present in domain configuration".into());
    match dev {
        Device::Disk(x) => {
            let i = d.disks.iter().position(|y| y.target_dev == x.target_dev);
            d.disks.remove(i.ok_or_else(|| missing(format!("no target device {}", x.target_dev)))?);
        }
        Device::Interface(x) => {
            let i = NetKey::of(xml, x, false).find(&d.interfaces)?;
            d.interfaces.remove(i);
        }
        Device::Controller(x) => {
            let i = d.controllers.iter().position(|y| {
                y.controller_type == x.controller_type
                    && x.index.is_none_or(|n| y.index == Some(n))
                    && x.model.as_ref().is_none_or(|m| y.model.as_ref() == Some(m))
            });
            d.controllers.remove(i.ok_or_else(absent)?);
        }
        Device::Sound(x) => {
            let i = d.sounds.iter().position(|y| y.model == x.model);
            d.sounds.remove(i.ok_or_else(absent)?);
        }
        Device::Input(x) => {
            let i = d.inputs.iter().position(|y| y.input_type == x.input_type && (x.bus.is_none() || y.bus == x.bus));
            d.inputs.remove(i.ok_or_else(absent)?);
        }
        Device::Watchdog(x) => {
            let i = d.watchdogs.iter().position(|y| y.model == x.model);
            d.watchdogs.remove(i.ok_or_else(|| missing("domain has no watchdog".into()))?);
        }
        Device::Rng(x) => {
            let i = d.rngs.iter().position(|y| y.model == x.model && y.backend_model() == x.backend_model());
            d.rngs.remove(i.ok_or_else(|| missing("no matching RNG device was found".into()))?);
        }
        Device::Chr(x) => {
            let list = match x.kind {
                virt::conf::domain::ChrKind::Serial => &mut d.serials,
                virt::conf::domain::ChrKind::Parallel => &mut d.parallels,
                virt::conf::domain::ChrKind::Console => &mut d.consoles,
                virt::conf::domain::ChrKind::Channel => &mut d.channels,
            };
            let i = list.iter().position(|y| {
                y.chr_type == x.chr_type
                    && (x.target.port.is_none() || y.target.port == x.target.port)
                    && (x.target.name.is_none() || y.target.name == x.target.name)
                    && (x.target.target_type.is_none() || y.target.target_type == x.target.target_type)
            });
            let i = i.ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INVALID_ARG, "device not present in domain configuration")
            })?;
            list.remove(i);
            // The first serial port has a console standing for it: it goes too.
            let compat = |c: &virt::conf::domain::Chardev| matches!(c.target.target_type.as_deref(), None | Some("serial"));
            if x.kind == virt::conf::domain::ChrKind::Serial && i == 0 && d.consoles.first().is_some_and(compat) {
                d.consoles.remove(0);
            }
        }
        other => {
            return Err(not_supported(format!("persistent detach of device '{}' is not supported", other.kind())));
        }
    }
    Ok(def)
}

/// libvirt's `qemuDomainUpdateDeviceConfig`: `def` with the device `dev` names replaced.
fn update_config(def: &DomainDef, dev: Device, xml: &str) -> Result<DomainDef> {
    let mut def = def.clone();
    let d = &mut def.devices;
    match for_config(dev) {
        Device::Disk(mut x) => {
            let i = d.disks.iter().position(|y| y.target_dev == x.target_dev).ok_or_else(|| {
                Error::new(FROM, Code::VIR_ERR_INVALID_ARG, format!("target {} doesn't exist.", x.target_dev))
            })?;
            if x.address.is_none() {
                x.address = d.disks[i].address.clone();
            }
            d.disks[i] = x;
        }
        Device::Interface(mut x) => {
            let i = NetKey::of(xml, &x, false).find(&d.interfaces)?;
            if x.address.is_none() {
                x.address = d.interfaces[i].address.clone();
            }
            d.interfaces[i] = x;
        }
        Device::Graphics(x) => {
            let i = d.graphics.iter().position(|y| y.graphics_type == x.graphics_type).ok_or_else(|| {
                Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("cannot find existing graphics type '{}' device to modify", x.graphics_type),
                )
            })?;
            d.graphics[i] = x;
        }
        other => {
            return Err(not_supported(format!("persistent update of device '{}' is not supported", other.kind())));
        }
    }
    redo_defaults(&mut def)?;
    validate_def(&def)?;
    Ok(def)
}

/// The node names of the medium QEMU has in device `alias` (format, then protocol), from
/// `query-block`.
fn medium_nodes(monitor: &Monitor, alias: &str) -> Result<Vec<String>> {
    let blocks = monitor.execute("query-block", None)?;
    let Some(format) = super::stats::block_of(&blocks, alias)
        .and_then(|b| b.get("inserted"))
        .and_then(|i| i.get("node-name"))
        .and_then(Json::as_str)
    else {
        return Ok(Vec::new());
    };
    let mut nodes = vec![format.to_string()];
    if let Some(n) = format.strip_suffix("-format") {
        nodes.push(format!("{n}-storage"));
    }
    Ok(nodes)
}

fn json_arg(text: &str) -> Result<Json> {
    Json::parse(text).map_err(|e| Error::internal(FROM, format!("bad QMP arguments {text}: {e}")))
}

/// `blockdev-add` of each of `nodes` (QMP arguments) in order; on a failure the ones
/// added go again. The names added, in order.
fn blockdev_add(monitor: &Monitor, nodes: &[String]) -> Result<Vec<String>> {
    let mut added: Vec<String> = Vec::new();
    for n in nodes {
        let arg = json_arg(n)?;
        let name = arg.get("node-name").and_then(Json::as_str).unwrap_or_default().to_string();
        if let Err(e) = monitor.execute("blockdev-add", Some(arg)) {
            blockdev_del_added(monitor, &added);
            return Err(e);
        }
        added.push(name);
    }
    Ok(added)
}

/// Deletes nodes [`blockdev_add`] added, the last first (a format node before its file).
fn blockdev_del_added(monitor: &Monitor, added: &[String]) {
    blockdev_del(monitor, &added.iter().rev().cloned().collect::<Vec<_>>());
}

/// A copy of `def` whose only device is `disk` (for the per-disk checks and resolution).
fn with_only(def: &DomainDef, disk: &Disk) -> DomainDef {
    DomainDef { devices: virt::conf::domain::Devices { disks: vec![disk.clone()], ..Default::default() }, ..def.clone() }
}

fn blockdev_del(monitor: &Monitor, nodes: &[String]) {
    for n in nodes {
        if let Err(e) = monitor.execute("blockdev-del", Some(Json::object([("node-name", Json::Str(n.clone()))]))) {
            warn!("cannot delete block node {n}: {}", e.message);
        }
    }
}

impl QemuDriver {
    /// `virDomainAttachDeviceFlags` (`flags` 0 for the flagless form's "live" is the
    /// caller's to pass).
    pub(super) fn attach_device(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainAttachDeviceFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        let new_config = match config {
            true => Some(attach_config(&slot.obj.lock().persistent_def(), Device::parse(xml)?)?),
            false => None,
        };
        if live {
            match Device::parse(xml)? {
                Device::Disk(disk) => self.hotplug_disk(&slot, disk)?,
                Device::Interface(iface) => self.hotplug_interface(&slot, iface)?,
                other => return Err(not_supported(format!("live attach of device '{}' is not supported", other.kind()))),
            }
        }
        match new_config {
            Some(def) => self.update_config(&slot, def),
            None => Ok(()),
        }
    }

    /// `virDomainDetachDeviceFlags`.
    pub(super) fn detach_device(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainDetachDeviceFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        let dev = Device::parse(xml)?;
        let new_config = match config {
            true => Some(detach_config(&slot.obj.lock().persistent_def(), &dev, xml)?),
            false => None,
        };
        if live {
            let alias = {
                let d = slot.obj.lock();
                let live = &d.def.devices;
                match &dev {
                    Device::Disk(x) => {
                        let disk = live
                            .disks
                            .iter()
                            .find(|y| y.target_dev == x.target_dev)
                            .ok_or_else(|| missing(format!("disk {} not found", x.target_dev)))?;
                        if disk.device != "disk" {
                            return Err(not_supported(format!("disk device type '{}' cannot be detached", disk.device)));
                        }
                        alias_in(&disk.extras).map(str::to_string).unwrap_or_else(|| argv::disk_id(disk))
                    }
                    Device::Interface(x) => {
                        let i = NetKey::of(xml, x, true).find(&live.interfaces)?;
                        alias_in(&live.interfaces[i].extras).map(str::to_string).unwrap_or_else(|| format!("net{i}"))
                    }
                    other => {
                        return Err(not_supported(format!("live detach of device '{}' is not supported", other.kind())))
                    }
                }
            };
            self.unplug(&slot, &alias)?;
        }
        match new_config {
            Some(def) => self.update_config(&slot, def),
            None => Ok(()),
        }
    }

    /// `virDomainUpdateDeviceFlags`.
    pub(super) fn update_device(&self, dom: &DomainId, xml: &str, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG | MODIFY_FORCE, "qemuDomainUpdateDeviceFlags")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        let new_config = match config {
            true => Some(update_config(&slot.obj.lock().persistent_def(), Device::parse(xml)?, xml)?),
            false => None,
        };
        if live {
            match Device::parse(xml)? {
                Device::Disk(disk) => self.change_medium(&slot, disk, flags & MODIFY_FORCE != 0)?,
                Device::Interface(iface) => self.change_link(&slot, iface, xml)?,
                other => {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_CONFIG_UNSUPPORTED,
                        format!("live update of device '{}' is not supported", other.kind()),
                    ))
                }
            }
        }
        match new_config {
            Some(def) => self.update_config(&slot, def),
            None => Ok(()),
        }
    }

    /// The monitor and live definition of the running domain in `slot`.
    fn live_parts(&self, slot: &Slot) -> Result<(Arc<Monitor>, DomainDef)> {
        let d = slot.obj.lock();
        let run = d.run.as_ref().ok_or_else(not_running)?;
        Ok((run.monitor.clone(), d.def.clone()))
    }

    /// What argv needs to know of the host for a hotplug into `def`.
    fn hotplug_context(&self, def: &DomainDef) -> Result<ArgvContext> {
        let sock = self.dirs.runtime.join(format!("{}.monitor", def.name));
        let mut ctx = ArgvContext::new(argv::emulator_for(def)?, sock);
        ctx.kvm = def.virt_type == "kvm" && kvm_usable();
        ctx.privileged = self.mode == Mode::System;
        ctx.network_bridges = self.networks.bridges_for(def)?;
        Ok(ctx)
    }

    /// Saves the running domain's record and tells listeners `alias` is in the guest.
    fn device_added(&self, d: &DomainObj, alias: String) {
        self.save_status_or_warn(d);
        if self.events.wants(DomainEvent::DEVICE_ADDED) {
            self.events.emit(DomainEvent { dom: d.ident(), body: DomainEventBody::DeviceAdded { alias } });
        }
    }

    fn hotplug_disk(&self, slot: &Slot, disk: Disk) -> Result<()> {
        let (monitor, live) = self.live_parts(slot)?;
        if let Some(old) = live.devices.disks.iter().find(|y| y.target_dev == disk.target_dev) {
            let src = |d: &Disk| d.source_path().unwrap_or_else(|| "(<null>)".into());
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_XML_ERROR,
                format!("target '{}' duplicated for disk sources '{}' and '{}'", disk.target_dev, src(old), src(&disk)),
            ));
        }
        let target = disk.target_dev.clone();
        // The disk as a define would fill it in (bus, address, driver), beside the rest.
        let mut filled = live.clone();
        filled.devices.insert(Device::Disk(disk));
        redo_defaults(&mut filled)?;
        let resolved = self.storage.resolve_disks(&filled)?;
        let Some(mut disk) = resolved.devices.disks.iter().find(|y| y.target_dev == target).cloned() else {
            return Err(Error::internal(FROM, format!("disk {target} lost its place")));
        };
        super::super::prepare::check_disks(&with_only(&live, &disk))?;
        let ctx = self.hotplug_context(&live)?;
        let node = self.take_node(slot);
        let (nodes, device) = argv::disk_hotplug(&resolved, &ctx, &disk, node)?;
        let added = blockdev_add(&monitor, &nodes)?;
        if let Err(e) = json_arg(&device).and_then(|d| monitor.execute("device_add", Some(d))) {
            blockdev_del_added(&monitor, &added);
            return Err(e);
        }
        let alias = argv::disk_id(&disk);
        set_alias_in(&mut disk.extras, &alias);
        let mut d = slot.obj.lock();
        virt::conf::domain::insert_disk(&mut d.def.devices.disks, disk);
        self.device_added(&d, alias);
        Ok(())
    }

    /// The next medium's node number (libvirt's counter: never reused by a run).
    fn take_node(&self, slot: &Slot) -> usize {
        let mut d = slot.obj.lock();
        match d.run.as_mut() {
            Some(r) => {
                r.next_node += 1;
                r.next_node - 1
            }
            None => 0,
        }
    }

    fn hotplug_interface(&self, slot: &Slot, iface: Interface) -> Result<()> {
        let (monitor, live) = self.live_parts(slot)?;
        let mut filled = live.clone();
        filled.devices.insert(Device::Interface(iface));
        redo_defaults(&mut filled)?;
        let Some(mut iface) = filled.devices.interfaces.last().cloned() else {
            return Err(Error::internal(FROM, "interface lost its place"));
        };
        // libvirt's qemuAssignDeviceNetAlias: one past the highest netN in use.
        let next = live
            .devices
            .interfaces
            .iter()
            .filter_map(|i| alias_in(&i.extras).and_then(|a| a.strip_prefix("net")).and_then(|n| n.parse::<usize>().ok()))
            .map(|n| n + 1)
            .max()
            .unwrap_or(0);
        let alias = format!("net{next}");
        set_alias_in(&mut iface.extras, &alias);
        let mut ctx = self.hotplug_context(&filled)?;
        ctx.network_bridges = self.networks.bridges_for(&filled)?;
        let tap = if ctx.privileged { plug_tap(&mut iface, &ctx.network_bridges)? } else { None };
        let undo_tap = || {
            if let Some(t) = &tap {
                unplug_taps(std::slice::from_ref(t));
            }
        };
        let (netdev, device) = match argv::interface_hotplug(&filled, &ctx, &iface) {
            Ok(x) => x,
            Err(e) => {
                undo_tap();
                return Err(e);
            }
        };
        let netdev = json_arg(&netdev)?;
        let netdev_id = netdev.get("id").and_then(Json::as_str).unwrap_or_default().to_string();
        if let Err(e) = monitor.execute("netdev_add", Some(netdev)) {
            undo_tap();
            return Err(e);
        }
        if let Err(e) = monitor.execute("device_add", Some(json_arg(&device)?)) {
            let _ = monitor.execute("netdev_del", Some(Json::object([("id", Json::Str(netdev_id))])));
            undo_tap();
            return Err(e);
        }
        let mut d = slot.obj.lock();
        if let (Some(r), Some(t)) = (d.run.as_mut(), tap) {
            r.taps.push(t);
        }
        d.def.devices.interfaces.push(iface);
        self.device_added(&d, alias);
        Ok(())
    }

    /// Asks QEMU to remove device `alias` and waits (up to 5 s) for the guest to let go;
    /// the removal then completes here, or when the guest lets go later.
    fn unplug(&self, slot: &Slot, alias: &str) -> Result<()> {
        self.request_unplug(slot, alias)?;
        let deadline = std::time::Instant::now() + REMOVAL_WAIT;
        while std::time::Instant::now() < deadline {
            let gone = slot.obj.lock().run.as_ref().is_none_or(|r| r.deleted.iter().any(|a| a == alias));
            if gone {
                self.finish_removal(slot, alias);
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        info!("device {alias}: the guest has not released it yet; it goes when it does");
        Ok(())
    }

    /// `device_del` of `alias`, its block nodes noted for when the guest lets go; a device
    /// already on its way out is asked once only.
    fn request_unplug(&self, slot: &Slot, alias: &str) -> Result<()> {
        let (monitor, _) = self.live_parts(slot)?;
        if slot.obj.lock().run.as_ref().is_some_and(|r| r.unplugging.contains_key(alias)) {
            return Ok(());
        }
        let nodes = medium_nodes(&monitor, alias)?;
        {
            let mut d = slot.obj.lock();
            if let Some(r) = d.run.as_mut() {
                r.unplugging.insert(alias.to_string(), nodes);
            }
        }
        if let Err(e) = monitor.execute("device_del", Some(Json::object([("id", Json::Str(alias.to_string()))]))) {
            let mut d = slot.obj.lock();
            if let Some(r) = d.run.as_mut() {
                r.unplugging.remove(alias);
            }
            return Err(e);
        }
        Ok(())
    }

    /// `virDomainDetachDeviceAlias`: as a detach, of the disk or interface named by its
    /// alias, but only asking the guest (the DEVICE_REMOVED event tells the end).
    pub(super) fn detach_device_alias(&self, dom: &DomainId, alias: &str, flags: u32) -> Result<()> {
        check_flags(flags, AFFECT_LIVE | AFFECT_CONFIG, "qemuDomainDetachDeviceAlias")?;
        let slot = self.slot(dom)?;
        let _job = slot.job.lock();
        let (live, config) = affected(&slot.obj.lock(), flags)?;
        let none = || Error::internal(FROM, format!("no device found with alias {alias}"));
        let named = |extras: &[virt::conf::xml::XmlElement]| alias_in(extras) == Some(alias);
        let new_config = match config {
            true => {
                let mut def = slot.obj.lock().persistent_def();
                let d = &mut def.devices;
                if let Some(i) = d.disks.iter().position(|x| named(&x.extras)) {
                    d.disks.remove(i);
                } else if let Some(i) = d.interfaces.iter().position(|x| named(&x.extras)) {
                    d.interfaces.remove(i);
                } else {
                    return Err(none());
                }
                Some(def)
            }
            false => None,
        };
        if live {
            {
                let d = slot.obj.lock();
                let devices = &d.def.devices;
                match devices.disks.iter().find(|x| named(&x.extras)) {
                    Some(disk) if disk.device != "disk" => {
                        return Err(not_supported(format!("disk device type '{}' cannot be detached", disk.device)));
                    }
                    Some(_) => {}
                    None if devices.interfaces.iter().any(|x| named(&x.extras)) => {}
                    None => return Err(none()),
                }
            }
            self.request_unplug(&slot, alias)?;
        }
        match new_config {
            Some(def) => self.update_config(&slot, def),
            None => Ok(()),
        }
    }

    /// QEMU's `DEVICE_DELETED` for `alias`, on the monitor's reader thread: noted for a
    /// waiting detach, and completed in the background for one that stopped waiting.
    pub(super) fn device_deleted(&self, uuid: &[u8; 16], id: i32, alias: &str) {
        let Some(slot) = self.find_slot(|d| d.def.uuid.as_bytes() == uuid) else { return };
        {
            let mut d = slot.obj.lock();
            if d.id != id {
                return;
            }
            match d.run.as_mut() {
                Some(r) if r.unplugging.contains_key(alias) => r.deleted.push(alias.to_string()),
                _ => return,
            }
        }
        let me = self.me.clone();
        let alias = alias.to_string();
        std::thread::spawn(move || {
            let Some(driver) = me.upgrade() else { return };
            let _job = slot.job.lock();
            if slot.obj.lock().id == id {
                driver.finish_removal(&slot, &alias);
            }
        });
    }

    /// The guest let go of `alias` (the caller holds the job): its backend goes, the live
    /// definition drops it, listeners hear `DEVICE_REMOVED`.
    fn finish_removal(&self, slot: &Slot, alias: &str) {
        let (monitor, nodes) = {
            let mut d = slot.obj.lock();
            let Some(r) = d.run.as_mut() else { return };
            r.deleted.retain(|a| a != alias);
            let Some(nodes) = r.unplugging.remove(alias) else { return };
            (r.monitor.clone(), nodes)
        };
        blockdev_del(&monitor, &nodes);
        let mut d = slot.obj.lock();
        let devices = &mut d.def.devices;
        let mut tap = None;
        if let Some(i) = devices.disks.iter().position(|x| alias_in(&x.extras) == Some(alias)) {
            devices.disks.remove(i);
        } else if let Some(i) = devices.interfaces.iter().position(|x| alias_in(&x.extras) == Some(alias)) {
            let iface = devices.interfaces.remove(i);
            let netdev = format!("host{alias}");
            if let Err(e) = monitor.execute("netdev_del", Some(Json::object([("id", Json::Str(netdev.clone()))]))) {
                warn!("cannot delete netdev {netdev}: {}", e.message);
            }
            tap = iface.target_dev.filter(|t| d.run.as_ref().is_some_and(|r| r.taps.contains(t)));
        }
        if let (Some(t), Some(r)) = (&tap, d.run.as_mut()) {
            r.taps.retain(|x| x != t);
            unplug_taps(std::slice::from_ref(t));
        }
        self.save_status_or_warn(&d);
        if self.events.wants(DomainEvent::DEVICE_REMOVED) {
            self.events.emit(DomainEvent { dom: d.ident(), body: DomainEventBody::DeviceRemoved { alias: alias.to_string() } });
        }
    }

    /// libvirt's `qemuDomainChangeEjectableMedia` (blockdev): the tray opens, the old
    /// medium goes, the new one (if any) goes in, the tray closes.
    fn change_medium(&self, slot: &Slot, new: Disk, force: bool) -> Result<()> {
        let (monitor, live) = self.live_parts(slot)?;
        let Some(old) = live.devices.disks.iter().find(|y| y.target_dev == new.target_dev) else {
            return Err(Error::internal(FROM, format!("disk '{}' not found", new.target_dev)));
        };
        if old.device != "cdrom" && old.device != "floppy" {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_CONFIG_UNSUPPORTED,
                "disk source can be changed only in removable drives",
            ));
        }
        let alias = alias_in(&old.extras).map(str::to_string).unwrap_or_else(|| argv::disk_id(old));
        let mut disk = old.clone();
        disk.source = new.source.clone();
        disk.disk_type = new.disk_type.clone();
        if new.driver.is_some() {
            disk.driver = new.driver.clone();
        }
        let one = with_only(&live, &disk);
        let resolved = self.storage.resolve_disks(&one)?;
        super::super::prepare::check_disks(&resolved)?;
        let node = self.take_node(slot);
        let medium = argv::medium(&resolved.devices.disks[0], node)?;
        let id = || Json::object([("id", Json::Str(alias.clone()))]);
        let old_nodes = medium_nodes(&monitor, &alias)?;
        monitor.execute("blockdev-open-tray", Some(Json::object([("id", Json::Str(alias.clone())), ("force", Json::Bool(force))])))?;
        self.wait_tray_open(&monitor, &alias)?;
        monitor.execute("blockdev-remove-medium", Some(id()))?;
        blockdev_del(&monitor, &old_nodes);
        if let Some((nodes, format)) = medium {
            let added = blockdev_add(&monitor, &nodes)?;
            let insert = Json::object([("id", Json::Str(alias.clone())), ("node-name", Json::Str(format))]);
            if let Err(e) = monitor.execute("blockdev-insert-medium", Some(insert)) {
                blockdev_del_added(&monitor, &added);
                return Err(e);
            }
            monitor.execute("blockdev-close-tray", Some(id()))?;
        }
        let mut d = slot.obj.lock();
        if let Some(x) = d.def.devices.disks.iter_mut().find(|y| y.target_dev == new.target_dev) {
            x.source = disk.source;
            x.disk_type = disk.disk_type;
            x.driver = disk.driver;
        }
        self.save_status_or_warn(&d);
        Ok(())
    }

    /// A tray the guest holds shut opens when the guest agrees (QEMU asks it): wait for it.
    fn wait_tray_open(&self, monitor: &Monitor, alias: &str) -> Result<()> {
        let deadline = std::time::Instant::now() + TRAY_WAIT;
        loop {
            let blocks = monitor.execute("query-block", None)?;
            let open = super::stats::block_of(&blocks, alias)
                .is_some_and(|b| b.get("tray_open").and_then(Json::as_bool) == Some(true));
            if open {
                return Ok(());
            }
            if std::time::Instant::now() >= deadline {
                return Err(Error::new(FROM, Code::VIR_ERR_OPERATION_FAILED, format!("timed out waiting to open tray of '{alias}'")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An interface's live update: its link state (`set_link`); nothing else of a running
    /// interface changes here.
    fn change_link(&self, slot: &Slot, new: Interface, xml: &str) -> Result<()> {
        let (monitor, live) = self.live_parts(slot)?;
        let i = NetKey::of(xml, &new, true).find(&live.devices.interfaces)?;
        let old = &live.devices.interfaces[i];
        let link = |x: &Interface| x.extras.iter().find(|e| e.name == "link").and_then(|l| l.attr("state")).map(str::to_string);
        let others = |x: &Interface| {
            let mut x = x.clone();
            x.extras.retain(|e| e.name != "link" && e.name != "alias");
            (x.interface_type, x.source, x.model, x.extras)
        };
        if others(old) != others(&new) {
            return Err(not_supported("cannot modify network device configuration other than its link state".into()));
        }
        let alias = alias_in(&old.extras).map(str::to_string).unwrap_or_else(|| format!("net{i}"));
        let up = link(&new).as_deref() != Some("down");
        monitor.execute("set_link", Some(Json::object([("name", Json::Str(alias)), ("up", Json::Bool(up))])))?;
        let mut d = slot.obj.lock();
        if let Some(x) = d.def.devices.interfaces.get_mut(i) {
            x.extras.retain(|e| e.name != "link");
            x.extras.extend(new.extras.iter().filter(|e| e.name == "link").cloned());
        }
        self.save_status_or_warn(&d);
        Ok(())
    }
}

/// The first medium node number after those QEMU holds (`libvirt-N-...`), for a run the
/// daemon reconnected to.
pub(super) fn next_node_after(monitor: &Monitor) -> usize {
    let nodes = monitor.execute("query-named-block-nodes", Some(Json::object([("flat", Json::Bool(true))])));
    let mut max = 0;
    for n in nodes.ok().as_ref().and_then(Json::as_array).unwrap_or_default() {
        let name = n.get("node-name").and_then(Json::as_str).unwrap_or_default();
        if let Some(k) = name.strip_prefix("libvirt-").and_then(|r| r.split('-').next()).and_then(|k| k.parse::<usize>().ok()) {
            max = max.max(k);
        }
    }
    max + 1
}

/// Unplugs pending in a run: alias to the block nodes to delete once the guest lets go.
pub(super) type Unplugging = BTreeMap<String, Vec<String>>;

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(xml: &str) -> Interface {
        match Device::parse(xml).unwrap() {
            Device::Interface(i) => i,
            other => panic!("not an interface: {other:?}"),
        }
    }

    #[test]
    fn interfaces_are_found_as_libvirt_finds_them() {
        let list: Vec<Interface> = ["52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:02"]
            .iter()
            .map(|m| iface(&format!("<interface type='user'><mac address='{m}'/></interface>")))
            .collect();
        let by = |xml: &str| NetKey::of(xml, &iface(xml), false).find(&list);
        assert_eq!(by("<interface type='user'><mac address='52:54:00:00:00:01'/></interface>").unwrap(), 0);
        let e = by("<interface type='user'><mac address='52:54:00:00:00:02'/></interface>").unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_OPERATION_FAILED, "operation failed: multiple devices matching MAC address 52:54:00:00:00:02 found"));
        let e = by("<interface type='user'/>").unwrap_err();
        assert_eq!(e.message, "operation failed: multiple matching devices found");
        let e = by("<interface type='user'><mac address='52:54:00:00:00:09'/></interface>").unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_DEVICE_MISSING);
        assert_eq!(e.message, "device not found: no device found at address '(<null>)' matching MAC address '52:54:00:00:00:09' and alias '(<null>)'");
        // Without a MAC, one interface is the one.
        assert_eq!(NetKey::of("<interface type='user'/>", &iface("<interface type='user'/>"), false).find(&list[..1]).unwrap(), 0);
        // A live alias (from a live XML) names nothing in the persistent definition.
        let dumped = "<interface type='user'><mac address='52:54:00:00:00:01'/><alias name='net0'/></interface>";
        assert_eq!(NetKey::of(dumped, &iface(dumped), false).find(&list).unwrap(), 0);
        assert!(NetKey::of(dumped, &iface(dumped), true).find(&list).is_err());
    }

    #[test]
    fn device_documents_are_parsed_or_refused_as_libvirt() {
        assert_eq!(Device::parse("<sound model='ich6'/>").unwrap().kind(), "sound");
        assert_eq!(Device::parse("<serial type='pty'/>").unwrap().kind(), "serial");
        assert_eq!(Device::parse("<hostdev mode='subsystem' type='pci'/>").unwrap().kind(), "hostdev");
        let e = Device::parse("<bogus/>").unwrap_err();
        assert_eq!((e.code, e.message.as_str()), (Code::VIR_ERR_CONFIG_UNSUPPORTED, "unsupported configuration: unknown device type 'bogus'"));
        assert!(Device::parse("<disk").is_err());
        // A graphics device is no persistent attach here, as in libvirt.
        assert!(!config_kind(&Device::parse("<graphics type='vnc'/>").unwrap()));
    }
}
