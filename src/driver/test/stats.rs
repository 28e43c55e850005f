//! The statistics libvirt's test driver makes up: a running domain's balloon figures,
//! derived from its current memory, and the host's CPU times, fixed for every CPU.

use crate::abi::domain::virDomainMemoryStatTags as Tag;
use crate::conf::domain::DomainDef;
use crate::driver::NamedStats;

/// What `virDomainMemoryStats` gives for a running domain, in libvirt's order: nothing
/// without a balloon (`<memballoon model='none'/>` or none at all); else the current
/// memory (KiB) as the balloon size, half of it unused and resident, an eighth cached.
pub fn memory_stats(def: &DomainDef, nr_stats: u32) -> Vec<(i32, u64)> {
    let balloon = def.devices.memballoon.as_ref().is_some_and(|b| b.model != "none");
    if !balloon {
        return Vec::new();
    }
    let cur = def.current_memory_kib();
    let stats = [
        (Tag::VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON, cur),
        (Tag::VIR_DOMAIN_MEMORY_STAT_SWAP_IN, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_SWAP_OUT, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_UNUSED, cur / 2),
        (Tag::VIR_DOMAIN_MEMORY_STAT_AVAILABLE, cur),
        (Tag::VIR_DOMAIN_MEMORY_STAT_USABLE, cur / 2),
        // A fixed timestamp (seconds), not the clock.
        (Tag::VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE, 627319920),
        (Tag::VIR_DOMAIN_MEMORY_STAT_DISK_CACHES, cur / 8),
        (Tag::VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL, 0),
        (Tag::VIR_DOMAIN_MEMORY_STAT_RSS, cur / 2),
    ];
    stats.iter().take(nr_stats as usize).map(|&(tag, val)| (tag as i32, val)).collect()
}

/// What `virNodeGetCPUStats` gives for any CPU (or all of them), in ns.
pub fn cpu_stats() -> NamedStats {
    [("user", 9797400000), ("kernel", 34678723400000), ("idle", 87264900000), ("iowait", 763600000)]
        .iter()
        .map(|&(name, ns)| (name.to_string(), ns))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(devices: &str) -> DomainDef {
        let xml = format!(
            "<domain type='test'><name>s</name><memory>65536</memory><currentMemory>50001</currentMemory>\
             <os><type>hvm</type></os><devices>{devices}</devices></domain>"
        );
        DomainDef::parse(&xml).expect("valid XML")
    }

    #[test]
    fn memory_stats_follow_current_memory() {
        let got = memory_stats(&def("<memballoon model='virtio'/>"), 13);
        assert_eq!(
            got,
            vec![(6, 50001), (0, 0), (1, 0), (2, 0), (3, 0), (4, 25000), (5, 50001), (8, 25000), (9, 627319920),
                 (10, 6250), (11, 0), (12, 0), (7, 25000)]
        );
        assert_eq!(memory_stats(&def("<memballoon model='virtio'/>"), 2), vec![(6, 50001), (0, 0)]);
    }

    #[test]
    fn no_balloon_no_memory_stats() {
        assert!(memory_stats(&def(""), 13).is_empty());
        assert!(memory_stats(&def("<memballoon model='none'/>"), 13).is_empty());
    }
}
