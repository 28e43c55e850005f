//! UUIDs the way libvirt reads and writes them.
//!
//! libvirt accepts 32 hex digits in any case, with any number of `-` or spaces between
//! the bytes (never inside one), surrounded by optional whitespace; it always prints the
//! lower-case 8-4-4-4-12 form.

use std::fmt;

/// A 16-byte UUID (`VIR_UUID_BUFLEN`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Uuid(pub [u8; 16]);

/// Length of the printed form (`VIR_UUID_STRING_BUFLEN - 1`).
pub const UUID_STRING_LEN: usize = 36;

impl Uuid {
    /// Parses libvirt's accepted spellings; `None` when the text is not a UUID.
    pub fn parse(text: &str) -> Option<Uuid> {
        let bytes = text.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let mut out = [0u8; 16];
        let mut filled = 0;
        while filled < 16 {
            match bytes.get(pos) {
                None => return None,
                Some(b'-') | Some(b' ') => {
                    pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            let hi = hex_value(*bytes.get(pos)?)?;
            let lo = hex_value(*bytes.get(pos + 1)?)?;
            out[filled] = (hi << 4) | lo;
            filled += 1;
            pos += 2;
        }
        if bytes[pos..].iter().all(|b| b.is_ascii_whitespace()) {
            Some(Uuid(out))
        } else {
            None
        }
    }

    /// A random (version 4) UUID, as libvirt generates for definitions without one.
    pub fn generate() -> Uuid {
        Uuid(*::uuid::Uuid::new_v4().as_bytes())
    }

    /// The raw bytes (what `virDomainGetUUID` copies out).
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The printed form, `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case.
    pub fn to_string_dashed(&self) -> String {
        self.to_string()
    }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uuid({self})")
    }
}

impl std::str::FromStr for Uuid {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Uuid, ()> {
        Uuid::parse(s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: &str = "6695eb01-f6a4-8304-79aa-97f2502e193f";

    #[test]
    fn parses_dashed_and_plain_any_case() {
        let u = Uuid::parse(TEST).unwrap();
        assert_eq!(u.to_string(), TEST);
        assert_eq!(Uuid::parse("6695EB01F6A4830479AA97F2502E193F"), Some(u));
        assert_eq!(Uuid::parse("6695eb01-F6A4-8304-79aa-97f2502e193F"), Some(u));
    }

    #[test]
    fn accepts_separators_between_bytes_and_surrounding_space() {
        // All accepted by libvirt 9.0.0's test driver (virsh define), verified.
        let u = Uuid::parse(TEST).unwrap();
        assert_eq!(Uuid::parse("6695eb01-f6a48304-79aa-97f2-502e193f"), Some(u));
        assert_eq!(Uuid::parse("6695eb01 f6a4 8304 79aa 97f2502e193f"), Some(u));
        assert_eq!(Uuid::parse(" 6695eb01-f6a4-8304-79aa-97f2502e193f \n"), Some(u));
        assert_eq!(Uuid::parse("--6695eb01-f6a4-8304-79aa-97f2502e193f"), Some(u));
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "1234",
            "zz95eb01-f6a4-8304-79aa-97f2502e193f",
            "6695eb01-f6a4-8304-79aa-97f2502e193faa",
            "6695eb01-f6a4-8304-79aa-97f2502e193",
            "6-695eb01-f6a4-8304-79aa-97f2502e193f",
            "6695eb01-f6a4-8304-79aa-97f2502e193f x",
        ] {
            assert_eq!(Uuid::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn generates_distinct_v4() {
        let a = Uuid::generate();
        let b = Uuid::generate();
        assert_ne!(a, b);
        assert_eq!(a.0[6] >> 4, 4);
        assert_eq!(Uuid::parse(&a.to_string()), Some(a));
        assert_eq!(a.to_string().len(), UUID_STRING_LEN);
    }
}
