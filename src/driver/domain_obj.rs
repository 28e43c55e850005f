//! One domain's bookkeeping and the rules of a domain list, shared by every driver that
//! keeps domains (the test driver and qemud's QEMU driver), as libvirt's
//! `virDomainObj`/`virDomainObjList` are shared by its drivers: name and UUID uniqueness,
//! state and reason, the running id, persistent and live definitions, and the flag
//! check every driver entry point makes.

#![forbid(unsafe_code)]

use super::DomainId;
use crate::conf::domain::DomainDef;
use crate::error::{Code, Domain, Error, Result};

/// `virDomainState`: running.
pub const RUNNING: i32 = 1;
/// `virDomainState`: shut off.
pub const SHUTOFF: i32 = 5;

/// A domain as a driver keeps it. `R` is what the driver adds while it runs (the QEMU
/// driver's process and monitor; nothing for the test driver).
pub struct DomainObj<R = ()> {
    /// The live definition while running, else the persistent one.
    pub def: DomainDef,
    /// The persistent definition of a running domain, when it differs from the live one
    /// (restored when the domain stops).
    pub new_def: Option<DomainDef>,
    pub persistent: bool,
    pub autostart: bool,
    /// The persistent definition changed while running (`virDomainIsUpdated`).
    pub updated: bool,
    /// A managed save image waits: the next start restores it.
    pub managed_save: bool,
    pub state: i32,
    pub reason: i32,
    /// The running id, -1 when shut off.
    pub id: i32,
    pub run: R,
}

impl<R: Default> DomainObj<R> {
    /// A new, shut off domain.
    pub fn new(def: DomainDef, persistent: bool) -> DomainObj<R> {
        DomainObj {
            def,
            new_def: None,
            persistent,
            autostart: false,
            updated: false,
            managed_save: false,
            state: SHUTOFF,
            reason: 0,
            id: -1,
            run: R::default(),
        }
    }
}

impl<R> DomainObj<R> {
    pub fn is_active(&self) -> bool {
        self.id >= 0
    }

    /// How handles name it.
    pub fn ident(&self) -> DomainId {
        DomainId { name: self.def.name.clone(), uuid: *self.def.uuid.as_bytes(), id: self.id }
    }

    /// The persistent definition: the pending one of a running domain.
    pub fn persistent_def(&self) -> DomainDef {
        self.new_def.clone().unwrap_or_else(|| self.def.clone())
    }

    pub fn set_state(&mut self, state: i32, reason: i32) {
        self.state = state;
        self.reason = reason;
    }

    /// libvirt's "domain is not running" (`VIR_ERR_OPERATION_INVALID`).
    pub fn check_active(&self) -> Result<()> {
        if self.is_active() {
            Ok(())
        } else {
            Err(Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_OPERATION_INVALID, "domain is not running"))
        }
    }

    /// Which definitions `flags` (`VIR_DOMAIN_AFFECT_*`) touch, `(live, config)`, with
    /// errors in `from`; see [`affected_defs`](super::affected_defs).
    pub fn affected_in(&self, flags: u32, from: Domain) -> Result<(bool, bool)> {
        super::affected_defs(self.is_active(), self.persistent, flags, from)
    }

    /// libvirt's `virDomainObjGetOneDefState`: whether `flags` (`VIR_DOMAIN_AFFECT_*`)
    /// name the live definition rather than the persistent one; both at once is refused.
    /// Errors are domain_conf's, as libvirt reports them.
    pub fn one_def_is_live(&self, flags: u32) -> Result<bool> {
        if flags & 1 != 0 && flags & 2 != 0 {
            let mut e = Error::raw(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_INVALID_ARG,
                "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive".to_string(),
            );
            e.str1 = Some("virDomainObjGetOneDefState".into());
            e.str2 = Some("flags".into());
            return Err(e);
        }
        let (live, _) = self.affected_in(flags, Domain::VIR_FROM_DOMAIN)?;
        Ok(live)
    }

    /// The one definition `flags` name (`virDomainObjGetOneDef`).
    pub fn one_def(&self, flags: u32) -> Result<&DomainDef> {
        let live = self.one_def_is_live(flags)?;
        Ok(if live { &self.def } else { self.new_def.as_ref().unwrap_or(&self.def) })
    }

    /// The definitions to change for `(live, config)`: a running domain gets its own
    /// persistent copy the first time its config is changed.
    pub fn defs_mut(&mut self, live: bool, config: bool) -> Vec<&mut DomainDef> {
        let mut out = Vec::new();
        if self.is_active() {
            if config && self.new_def.is_none() {
                self.new_def = Some(self.def.clone());
            }
            if live {
                out.push(&mut self.def);
            }
            if config {
                if let Some(n) = self.new_def.as_mut() {
                    out.push(n);
                }
            }
        } else if config {
            out.push(&mut self.def);
        }
        out
    }

    /// Gives the domain a new definition, as libvirt's `virDomainObjAssignDef`: `live`
    /// for a definition about to run (create, restore), which a persistent domain keeps
    /// only until it stops; else a new persistent definition, which waits for the next
    /// start if the domain runs. `persistent` makes the domain persistent. A live
    /// definition for a running domain is refused ("domain '<name>' is already active").
    pub fn assign_def(&mut self, def: DomainDef, live: bool, persistent: bool) -> Result<()> {
        if live && self.is_active() {
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_OPERATION_INVALID,
                format!("domain '{}' is already active", def.name),
            ));
        }
        if live {
            if self.persistent {
                let old = std::mem::replace(&mut self.def, def);
                self.new_def.get_or_insert(old);
            } else {
                self.def = def;
            }
        } else if self.is_active() {
            self.new_def = Some(def);
            self.updated = true;
        } else {
            self.def = def;
        }
        if persistent {
            self.persistent = true;
        }
        Ok(())
    }

    /// Now running as `id`, for `reason`. Returns how handles name it now.
    pub fn started(&mut self, id: i32, reason: i32) -> DomainId {
        self.id = id;
        self.set_state(RUNNING, reason);
        self.ident()
    }

    /// Now shut off for `reason`: the persistent definition is the definition again.
    /// Returns how handles named it while it ran (with its old id), for its events.
    /// A transient domain is gone from its list after this: that is the caller's part.
    pub fn stopped(&mut self, reason: i32) -> DomainId {
        let ident = self.ident();
        self.id = -1;
        self.set_state(SHUTOFF, reason);
        if let Some(n) = self.new_def.take() {
            self.def = n;
        }
        self.updated = false;
        ident
    }
}

/// Where a definition goes in a list of domains, given each domain's name and UUID in
/// list order: `Some(i)` for the domain with its UUID (to be redefined), None for a new
/// domain. A name taken by another UUID, or a UUID taken under another name, is refused
/// with libvirt's messages (`virDomainObjListAdd`).
pub fn place_in_list<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a crate::conf::uuid::Uuid)>,
    def: &DomainDef,
) -> Result<Option<usize>> {
    let mut by_uuid = None;
    let mut by_name = None;
    for (i, (name, uuid)) in entries.into_iter().enumerate() {
        if *uuid == def.uuid {
            by_uuid = Some((i, name.to_string()));
        }
        if name == def.name {
            by_name = Some((i, uuid.clone()));
        }
    }
    match (by_uuid, by_name) {
        (u, Some((n, uuid))) if u.as_ref().map(|u| u.0) != Some(n) => Err(Error::new(
            Domain::VIR_FROM_DOMAIN,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("domain '{}' already exists with uuid {uuid}", def.name),
        )),
        (Some((_, name)), _) if name != def.name => Err(Error::new(
            Domain::VIR_FROM_DOMAIN,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("domain '{name}' is already defined with uuid {}", def.uuid),
        )),
        (Some((i, _)), _) => Ok(Some(i)),
        (None, _) => Ok(None),
    }
}

/// libvirt's `virCheckFlags`: "unsupported flags (0x..) in function <func>"
/// (`VIR_ERR_INVALID_ARG` in `from`), with the function and argument in str1/str2 as
/// libvirt's error carries them.
pub fn check_flags(flags: u32, allowed: u32, func: &str, from: Domain) -> Result<()> {
    let bad = flags & !allowed;
    if bad != 0 {
        let mut e = Error::raw(from, Code::VIR_ERR_INVALID_ARG, format!("unsupported flags (0x{bad:x}) in function {func}"));
        e.str1 = Some(func.to_string());
        e.str2 = Some("flags".to_string());
        (e.int1, e.int2) = (0, 0);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, uuid: &str) -> DomainDef {
        DomainDef::parse(&format!(
            "<domain type='test'><name>{name}</name><uuid>{uuid}</uuid><memory>1024</memory><os><type>hvm</type></os></domain>"
        ))
        .unwrap()
    }

    const U1: &str = "11111111-2222-3333-4444-555555555555";
    const U2: &str = "11111111-2222-3333-4444-666666666666";

    #[test]
    fn names_and_uuids_stay_unique() {
        let a = def("a", U1);
        let list = [("a", &a.uuid)];
        assert_eq!(place_in_list(list, &def("a", U1)).unwrap(), Some(0));
        assert_eq!(place_in_list(list, &def("b", U2)).unwrap(), None);
        let e = place_in_list(list, &def("a", U2)).unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_OPERATION_FAILED);
        assert_eq!(e.message, format!("operation failed: domain 'a' already exists with uuid {U1}"));
        let e = place_in_list(list, &def("b", U1)).unwrap_err();
        assert_eq!(e.message, format!("operation failed: domain 'a' is already defined with uuid {U1}"));
    }

    #[test]
    fn a_live_definition_waits_for_the_persistent_one_to_come_back() {
        let mut d: DomainObj = DomainObj::new(def("a", U1), true);
        let mut live = def("a", U1);
        live.memory_kib = 2048;
        d.assign_def(live, true, false).unwrap();
        assert_eq!(d.started(3, 1).id, 3);
        assert_eq!(d.def.memory_kib, 2048);
        assert!(d.assign_def(def("a", U1), true, false).is_err(), "already active");
        // A new persistent definition while running waits, and marks the domain updated.
        d.assign_def(def("a", U1), false, true).unwrap();
        assert!(d.updated);
        let gone = d.stopped(2);
        assert_eq!((gone.id, d.id, d.state, d.reason), (3, -1, SHUTOFF, 2));
        assert_eq!(d.def.memory_kib, 1024);
        assert!(!d.updated && d.new_def.is_none());
    }

    #[test]
    fn flags_are_checked_as_libvirt_reports_them() {
        assert!(check_flags(3, 3, "f", Domain::VIR_FROM_TEST).is_ok());
        let e = check_flags(5, 1, "testDomainFoo", Domain::VIR_FROM_TEST).unwrap_err();
        assert_eq!(e.message, "unsupported flags (0x4) in function testDomainFoo");
        assert_eq!((e.str1.as_deref(), e.str2.as_deref()), (Some("testDomainFoo"), Some("flags")));
    }
}
