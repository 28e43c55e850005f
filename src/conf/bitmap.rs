//! CPU sets (`cpuset='0-3,^2'`) as libvirt parses and prints them.

use crate::error::{Code, Domain, Error, Result};

/// The largest CPU number libvirt accepts in a set (`VIR_DOMAIN_CPUMASK_LEN`).
pub const CPUMASK_LEN: u32 = 16384;

/// A set of CPU numbers, kept sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bitmap(pub Vec<u32>);

impl Bitmap {
    /// Parses `a`, `a-b`, `^a` items separated by commas; "Failed to parse bitmap 'x'"
    /// (`VIR_ERR_INVALID_ARG`) otherwise.
    pub fn parse(text: &str) -> Result<Bitmap> {
        let fail = || {
            Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_INVALID_ARG, format!("Failed to parse bitmap '{text}'"))
        };
        let mut set = std::collections::BTreeSet::new();
        if text.trim().is_empty() {
            return Err(fail());
        }
        for item in text.split(',') {
            let item = item.trim();
            let (neg, body) = match item.strip_prefix('^') {
                Some(b) => (true, b),
                None => (false, item),
            };
            let num = |s: &str| -> Result<u32> {
                let s = s.trim();
                if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(fail());
                }
                s.parse::<u32>().ok().filter(|&n| n < CPUMASK_LEN).ok_or_else(fail)
            };
            let (lo, hi) = match body.split_once('-') {
                Some((a, b)) if !neg => (num(a)?, num(b)?),
                Some(_) => return Err(fail()),
                None => {
                    let n = num(body)?;
                    (n, n)
                }
            };
            if lo > hi {
                return Err(fail());
            }
            for n in lo..=hi {
                if neg {
                    set.remove(&n);
                } else {
                    set.insert(n);
                }
            }
        }
        Ok(Bitmap(set.into_iter().collect()))
    }

    /// As libvirt's cpumaps: `ncpus` bits (rounded up to bytes), CPU n in bit n % 8 of
    /// byte n / 8; CPUs from `ncpus` on are left out.
    pub fn to_bytes(&self, ncpus: u32) -> Vec<u8> {
        let mut map = vec![0u8; ncpus.div_ceil(8) as usize];
        for &cpu in self.0.iter().filter(|&&c| c < ncpus) {
            map[(cpu / 8) as usize] |= 1 << (cpu % 8);
        }
        map
    }

    /// The CPUs below `ncpus` set in a cpumap (see [`Bitmap::to_bytes`]).
    pub fn from_bytes(map: &[u8], ncpus: u32) -> Bitmap {
        Bitmap((0..ncpus).filter(|&c| map.get((c / 8) as usize).is_some_and(|b| b & (1 << (c % 8)) != 0)).collect())
    }

    /// True when no CPU is in the set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ranges joined by commas: `0-3,5,7-8`.
    pub fn format(&self) -> String {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.0.len() {
            let start = self.0[i];
            let mut end = start;
            while i + 1 < self.0.len() && self.0[i + 1] == end + 1 {
                i += 1;
                end += 1;
            }
            out.push(if start == end { start.to_string() } else { format!("{start}-{end}") });
            i += 1;
        }
        out.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_format() {
        assert_eq!(Bitmap::parse("0-1,^1").unwrap().format(), "0");
        assert_eq!(Bitmap::parse("3,0-1,2,7").unwrap().format(), "0-3,7");
        let e = Bitmap::parse("zz").unwrap_err();
        assert_eq!(e.message, "invalid argument: Failed to parse bitmap 'zz'");
        assert!(Bitmap::parse("3-1").is_err());
    }
}
