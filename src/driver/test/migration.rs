//! The test driver's job and migration slots: libvirt 9.0's test driver answers only
//! `virDomainGetControlInfo`; migration, jobs and backups stay "not supported".

use super::{check_flags, TestConnection};
use crate::driver::domain_migration::wire::DomainGetControlInfoRet;
use crate::driver::{DomainId, DomainMigration};
use crate::error::Result;


// virDomainControlState, virDomainControlErrorReason
const CONTROL_OK: u32 = 0;
const CONTROL_JOB: u32 = 1;
const CONTROL_OCCUPIED: u32 = 2;
const CONTROL_ERROR: u32 = 3;

/// The control state libvirt's test driver derives from the guest clock: below 10000
/// seconds a job running for that long, below 30000 the monitor occupied for the
/// excess over 10000, below 60000 an error (reason: the clock modulo 4) for the excess
/// over 30000; otherwise all is well.
pub fn control_info(seconds: i64) -> DomainGetControlInfoRet {
    let (state, details, since) = match seconds {
        1..=9_999 => (CONTROL_JOB, 0, seconds),
        10_000..=29_999 => (CONTROL_OCCUPIED, 0, seconds - 10_000),
        30_000..=59_999 => (CONTROL_ERROR, (seconds % 4) as u32, seconds - 30_000),
        _ => (CONTROL_OK, 0, 0),
    };
    DomainGetControlInfoRet { state, details, state_time: since as u64 }
}

impl DomainMigration for TestConnection {
    fn domain_get_control_info(&self, dom: &DomainId, flags: u32) -> Result<DomainGetControlInfoRet> {
        check_flags(flags, 0, "testDomainGetControlInfo")?;
        self.with_dom(dom, |s, i| {
            s.domains[i].check_active()?;
            Ok(control_info(s.domains[i].run.seconds()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_state_follows_the_clock() {
        let v = |s| {
            let r = control_info(s);
            (r.state, r.details, r.state_time)
        };
        assert_eq!(v(super::super::guest::CLOCK_START), (CONTROL_OK, 0, 0));
        assert_eq!(v(0), (CONTROL_OK, 0, 0));
        assert_eq!(v(5000), (CONTROL_JOB, 0, 5000));
        assert_eq!(v(15000), (CONTROL_OCCUPIED, 0, 5000));
        assert_eq!(v(30003), (CONTROL_ERROR, 3, 3));
        assert_eq!(v(59998), (CONTROL_ERROR, 2, 29998));
    }
}
