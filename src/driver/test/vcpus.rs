//! `virDomainGetVcpus` on the test driver: which vCPUs are online and where they may run.
//!
//! Nothing runs, so libvirt's test driver makes the answer up from the definition: every
//! online vCPU is running, on the last host CPU its affinity allows, with a CPU time
//! that grows with the clock. Offline vCPUs among the first `current` keep a zeroed entry.

use crate::conf::bitmap::Bitmap;
use crate::conf::domain::DomainDef;
use crate::driver::VcpuInfo;

/// `VIR_VCPU_RUNNING`.
const VCPU_RUNNING: i32 = 1;

/// Whether each of the domain's first vCPUs is online, as many as it counts online.
/// `<vcpus>` lists them one by one; without it the first `current` ones are.
fn online_vcpus(def: &DomainDef) -> Vec<bool> {
    let Some(list) = def.extra.iter().find(|e| e.name == "vcpus") else {
        return vec![true; def.vcpus() as usize];
    };
    let enabled = |id: u32| {
        list.elements_named("vcpu")
            .any(|v| v.attr("id").and_then(|s| s.parse::<u32>().ok()) == Some(id) && v.attr("enabled") == Some("yes"))
    };
    let online: Vec<bool> = (0..def.max_vcpus()).map(enabled).collect();
    let count = online.iter().filter(|&&on| on).count();
    online.into_iter().take(count).collect()
}

/// The affinity `<cputune><vcpupin vcpu='n' cpuset=...>` gives vCPU `n`, if any.
fn vcpu_pin(def: &DomainDef, n: usize) -> Option<Bitmap> {
    let cputune = def.extra.iter().find(|e| e.name == "cputune")?;
    cputune
        .elements_named("vcpupin")
        .find(|p| p.attr("vcpu").and_then(|s| s.parse::<usize>().ok()) == Some(n))
        .and_then(|p| Bitmap::parse(p.attr("cpuset")?).ok())
}

/// `set` as `maplen` bytes of a cpumap: CPU n in bit n % 8 of byte n / 8.
fn map_bytes(set: &Bitmap, maplen: usize) -> Vec<u8> {
    let mut map = vec![0u8; maplen];
    for &cpu in &set.0 {
        if let Some(byte) = map.get_mut(cpu as usize / 8) {
            *byte |= 1 << (cpu % 8);
        }
    }
    map
}

/// At most `maxinfo` vCPUs of a running domain on a host of `host_cpus` CPUs, with
/// `maplen` bytes of affinity each, as libvirt's `testDomainGetVcpus` fills them.
/// `now_us` is the wall clock in microseconds; libvirt reports a tenth of it as CPU time.
pub fn vcpu_infos(def: &DomainDef, host_cpus: u32, maxinfo: i32, maplen: i32, now_us: u64) -> (Vec<VcpuInfo>, Vec<u8>) {
    let online = online_vcpus(def);
    let count = online.len().min(maxinfo.max(0) as usize);
    let maplen = maplen.max(0) as usize;
    let all = Bitmap((0..host_cpus).collect());
    let cpuset = def.vcpu.cpuset.as_deref().and_then(|s| Bitmap::parse(s).ok());
    let mut infos = Vec::with_capacity(count);
    let mut maps = Vec::with_capacity(count * maplen);
    for (n, &on) in online.iter().enumerate().take(count) {
        if !on {
            infos.push(VcpuInfo::default());
            maps.resize(maps.len() + maplen, 0);
            continue;
        }
        let affinity = vcpu_pin(def, n).or_else(|| cpuset.clone()).unwrap_or_else(|| all.clone());
        maps.extend(map_bytes(&affinity, maplen));
        infos.push(VcpuInfo {
            number: n as u32,
            state: VCPU_RUNNING,
            cpu_time_ns: now_us / 10,
            cpu: affinity.0.last().map_or(-1, |&c| c as i32),
        });
    }
    (infos, maps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(vcpu: &str, rest: &str) -> DomainDef {
        let xml = format!("<domain type='test'><name>v</name><memory>65536</memory>{vcpu}<os><type>hvm</type></os>{rest}</domain>");
        DomainDef::parse(&xml).unwrap()
    }

    fn info(number: u32, cpu: i32) -> VcpuInfo {
        VcpuInfo { number, state: VCPU_RUNNING, cpu_time_ns: 100, cpu }
    }

    #[test]
    fn unpinned_vcpus_may_run_on_every_host_cpu() {
        let (infos, maps) = vcpu_infos(&def("<vcpu>2</vcpu>", ""), 16, 4, 3, 1000);
        assert_eq!(infos, [info(0, 15), info(1, 15)]);
        assert_eq!(maps, [0xff, 0xff, 0, 0xff, 0xff, 0]);
        // maxinfo clamps; no map asked for, none given.
        assert_eq!(vcpu_infos(&def("<vcpu>2</vcpu>", ""), 16, 1, 0, 1000), (vec![info(0, 15)], vec![]));
    }

    #[test]
    fn pins_override_the_domain_cpuset() {
        let d = def("<vcpu cpuset='1-3,9'>3</vcpu>", "<cputune><vcpupin vcpu='1' cpuset='5,20'/></cputune>");
        let (infos, maps) = vcpu_infos(&d, 16, 4, 3, 1000);
        assert_eq!(infos, [info(0, 9), info(1, 20), info(2, 9)]);
        assert_eq!(maps, [0x0e, 0x02, 0, 0x20, 0, 0x10, 0x0e, 0x02, 0]);
    }

    #[test]
    fn only_the_current_vcpus_are_listed_and_disabled_ones_are_blank() {
        let (infos, _) = vcpu_infos(&def("<vcpu current='2'>4</vcpu>", ""), 16, 4, 1, 1000);
        assert_eq!(infos.len(), 2);
        let vcpus = "<vcpus><vcpu id='0' enabled='yes'/><vcpu id='1' enabled='no'/>\
                     <vcpu id='2' enabled='yes'/><vcpu id='3' enabled='no'/></vcpus>";
        let (infos, maps) = vcpu_infos(&def("<vcpu cpuset='0-1'>4</vcpu>", vcpus), 16, 4, 2, 1000);
        assert_eq!(infos, [info(0, 1), VcpuInfo::default()]);
        assert_eq!(maps, [0x03, 0, 0, 0]);
    }
}
