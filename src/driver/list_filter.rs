//! `virConnectListAllDomains`'s filter flags and their meaning, shared by the drivers
//! (`virConnectGetAllDomainStats` takes the first eight, [`STATE_FILTERS`], too).

/// `virConnectListAllDomainsFlags`
pub const ACTIVE: u32 = 1 << 0;
pub const INACTIVE: u32 = 1 << 1;
pub const PERSISTENT: u32 = 1 << 2;
pub const TRANSIENT: u32 = 1 << 3;
pub const RUNNING: u32 = 1 << 4;
pub const PAUSED: u32 = 1 << 5;
pub const SHUTOFF: u32 = 1 << 6;
pub const OTHER: u32 = 1 << 7;
pub const MANAGEDSAVE: u32 = 1 << 8;
pub const NO_MANAGEDSAVE: u32 = 1 << 9;
pub const AUTOSTART: u32 = 1 << 10;
pub const NO_AUTOSTART: u32 = 1 << 11;
pub const HAS_SNAPSHOT: u32 = 1 << 12;
pub const NO_SNAPSHOT: u32 = 1 << 13;
pub const HAS_CHECKPOINT: u32 = 1 << 14;
pub const NO_CHECKPOINT: u32 = 1 << 15;
pub const ALL: u32 = (1 << 16) - 1;
/// The activity, persistence and state filters.
pub const STATE_FILTERS: u32 = ACTIVE | INACTIVE | PERSISTENT | TRANSIENT | RUNNING | PAUSED | SHUTOFF | OTHER;

/// What the filters look at in a domain. Drivers have no snapshots or checkpoints yet.
pub struct Facts {
    pub active: bool,
    pub persistent: bool,
    /// `virDomainState`
    pub state: i32,
    pub managed_save: bool,
    pub autostart: bool,
}

/// libvirt's filter semantics: within each pair (or group) of opposite flags, a domain
/// must match one of those given; a pair with none of its flags set does not filter.
pub fn matches(d: &Facts, flags: u32) -> bool {
    // virDomainState: running 1, paused 3, shut off 5.
    const STATE_RUNNING: i32 = 1;
    const STATE_PAUSED: i32 = 3;
    const STATE_SHUTOFF: i32 = 5;
    let pair = |a: u32, b: u32, is_a: bool| {
        let want = flags & (a | b);
        want == 0 || (is_a && want & a != 0) || (!is_a && want & b != 0)
    };
    let want = flags & (RUNNING | PAUSED | SHUTOFF | OTHER);
    let state_ok = want == 0
        || (d.state == STATE_RUNNING && want & RUNNING != 0)
        || (d.state == STATE_PAUSED && want & PAUSED != 0)
        || (d.state == STATE_SHUTOFF && want & SHUTOFF != 0)
        || (![STATE_RUNNING, STATE_PAUSED, STATE_SHUTOFF].contains(&d.state) && want & OTHER != 0);
    pair(ACTIVE, INACTIVE, d.active)
        && pair(PERSISTENT, TRANSIENT, d.persistent)
        && state_ok
        && pair(MANAGEDSAVE, NO_MANAGEDSAVE, d.managed_save)
        && pair(AUTOSTART, NO_AUTOSTART, d.autostart)
        && pair(HAS_SNAPSHOT, NO_SNAPSHOT, false)
        && pair(HAS_CHECKPOINT, NO_CHECKPOINT, false)
}

/// The filters `virConnectListAllNetworks` and `virConnectListAllStoragePools` share
/// (their first six flags are the same bits; note inactive before active, unlike domains).
pub mod objects {
    pub const INACTIVE: u32 = 1 << 0;
    pub const ACTIVE: u32 = 1 << 1;
    pub const PERSISTENT: u32 = 1 << 2;
    pub const TRANSIENT: u32 = 1 << 3;
    pub const AUTOSTART: u32 = 1 << 4;
    pub const NO_AUTOSTART: u32 = 1 << 5;
    /// All six.
    pub const ALL: u32 = (1 << 6) - 1;

    /// libvirt's semantics: within each pair of opposite flags, one given must hold; a
    /// pair with neither set does not filter.
    pub fn matches(flags: u32, active: bool, persistent: bool, autostart: bool) -> bool {
        let pair = |yes: u32, no: u32, v: bool| flags & (yes | no) == 0 || (flags & yes != 0 && v) || (flags & no != 0 && !v);
        pair(ACTIVE, INACTIVE, active) && pair(PERSISTENT, TRANSIENT, persistent) && pair(AUTOSTART, NO_AUTOSTART, autostart)
    }
}

/// `virConnectListAllStoragePoolsFlags` beyond [`objects`]: one bit per pool type.
pub mod pools {
    use crate::conf::storage::PoolType;

    /// The first pool-type filter (`VIR_CONNECT_LIST_STORAGE_POOLS_DIR`); one bit per type
    /// in `virStoragePoolType` order, except that iscsi-direct comes last.
    const TYPES_SHIFT: u32 = 6;
    /// Every flag of `virConnectListAllStoragePoolsFlags`.
    pub const ALL: u32 = (1 << 20) - 1;

    /// The bit for pools of type `t`.
    pub fn type_flag(t: PoolType) -> u32 {
        match t {
            PoolType::IscsiDirect => 1 << 19,
            t => 1 << (TYPES_SHIFT + t.index() as u32 - u32::from(t.index() > PoolType::IscsiDirect.index())),
        }
    }

    /// Whether a pool passes `flags`: the shared filters, and its type among those
    /// asked for (no type bit: any type).
    pub fn matches(flags: u32, t: PoolType, active: bool, persistent: bool, autostart: bool) -> bool {
        super::objects::matches(flags, active, persistent, autostart)
            && (flags & (ALL & !((1 << TYPES_SHIFT) - 1)) == 0 || flags & type_flag(t) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_states_filter_as_libvirt() {
        let running = Facts { active: true, persistent: false, state: 1, managed_save: false, autostart: false };
        assert!(matches(&running, 0));
        assert!(matches(&running, ACTIVE | TRANSIENT | RUNNING));
        assert!(matches(&running, ACTIVE | INACTIVE), "both of a pair: no filter");
        assert!(!matches(&running, INACTIVE));
        assert!(!matches(&running, PAUSED | SHUTOFF));
        assert!(!matches(&running, MANAGEDSAVE));
        assert!(!matches(&running, HAS_SNAPSHOT));
        let crashed = Facts { active: false, persistent: true, state: 6, managed_save: true, autostart: true };
        assert!(matches(&crashed, OTHER | MANAGEDSAVE | AUTOSTART | NO_SNAPSHOT));
        assert!(!matches(&crashed, RUNNING | SHUTOFF));
    }
}
