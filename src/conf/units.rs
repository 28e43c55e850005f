//! Scaled integers: memory sizes with libvirt's unit suffixes, and the strict integer
//! syntax libvirt's XML parsers accept.
//!
//! Suffix rules (case-insensitive): none means the caller's default scale; `b`, `byte`,
//! `bytes` are bytes; `k`, `m`, `g`, `t`, `p`, `e` alone or followed by `iB` are powers
//! of 1024; followed by `B` alone they are powers of 1000. Memory ends up in KiB,
//! rounded up.

use crate::error::{Code, Domain, Error, Result};

/// Parses an unsigned decimal the way libvirt's `virStrToLong_ullp` does: leading
/// whitespace and a `+` allowed, a `-` anywhere refused, nothing may trail.
pub fn parse_ull(text: &str) -> Option<u64> {
    if text.contains('-') {
        return None;
    }
    let t = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u64>().ok()
}

/// [`parse_ull`] narrowed to `u32` (libvirt's `virStrToLong_uip`).
pub fn parse_uint(text: &str) -> Option<u32> {
    parse_ull(text).and_then(|v| u32::try_from(v).ok())
}

/// Parses a signed decimal (`virStrToLong_i`): leading whitespace and a sign allowed.
pub fn parse_int(text: &str) -> Option<i32> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.strip_prefix('+').unwrap_or(t).parse::<i32>().ok()
}

/// Multiplies `value` by the scale `suffix` names (`default_scale` when there is none)
/// and checks the product against `limit`, with libvirt's errors:
/// "invalid argument: unknown suffix 'x'" and "numerical overflow: value too large: NSUFFIX".
pub fn scale_integer(value: u64, suffix: Option<&str>, default_scale: u64, limit: u64) -> Result<u64> {
    let scale = match suffix.filter(|s| !s.is_empty()) {
        None => default_scale,
        Some(s) => suffix_scale(s).ok_or_else(|| {
            Error::new(Domain::VIR_FROM_NONE, Code::VIR_ERR_INVALID_ARG, format!("unknown suffix '{s}'"))
        })?,
    };
    if value != 0 && value > limit / scale {
        return Err(Error::new(
            Domain::VIR_FROM_NONE,
            Code::VIR_ERR_OVERFLOW,
            format!("value too large: {value}{}", suffix.unwrap_or("")),
        ));
    }
    Ok(value * scale)
}

fn suffix_scale(suffix: &str) -> Option<u64> {
    let lower = suffix.to_ascii_lowercase();
    if matches!(lower.as_str(), "b" | "byte" | "bytes") {
        return Some(1);
    }
    let mut chars = lower.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let base: u64 = match rest {
        "" | "ib" => 1024,
        "b" => 1000,
        _ => return None,
    };
    let power = match first {
        'k' => 1,
        'm' => 2,
        'g' => 3,
        't' => 4,
        'p' => 5,
        'e' => 6,
        _ => return None,
    };
    Some(base.pow(power))
}

/// The largest memory size libvirt accepts, in bytes (`LLONG_MAX`).
pub const MEMORY_LIMIT_BYTES: u64 = i64::MAX as u64;

/// A memory element's text and `unit` attribute to KiB, rounded up. `what` names the
/// element in the "Invalid value" error ("./memory[1]"). `Ok(None)` when the text is
/// absent or empty.
pub fn parse_memory_kib(text: Option<&str>, unit: Option<&str>, what: &str) -> Result<Option<u64>> {
    let text = match text {
        Some(t) if !t.is_empty() => t,
        _ => return Ok(None),
    };
    let value = parse_ull(text).ok_or_else(|| invalid_value(text, what))?;
    let bytes = scale_integer(value, unit, 1024, MEMORY_LIMIT_BYTES)?;
    Ok(Some(bytes.div_ceil(1024)))
}

/// libvirt's "Invalid value '%s' for element or attribute '%s'" (from the XML helpers).
pub fn invalid_value(text: &str, what: &str) -> Error {
    Error::new(
        Domain::VIR_FROM_XML,
        Code::VIR_ERR_XML_ERROR,
        format!("Invalid value '{text}' for element or attribute '{what}'"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(parse_ull("017"), Some(17));
        assert_eq!(parse_ull("+15"), Some(15));
        assert_eq!(parse_ull(" 15"), Some(15));
        assert_eq!(parse_ull(" 15 "), None);
        assert_eq!(parse_ull("-5"), None);
        assert_eq!(parse_ull("1.5"), None);
        assert_eq!(parse_ull("0x15"), None);
        assert_eq!(parse_ull(""), None);
        assert_eq!(parse_ull("99999999999999999999999"), None);
        assert_eq!(parse_uint("4294967296"), None);
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("+5900"), Some(5900));
        assert_eq!(parse_int("abc"), None);
    }

    #[test]
    fn memory_units_match_reference() {
        // Values from `virsh define` + `dumpxml` on libvirt 9.0.0's test driver.
        let kib = |v: &str, u: Option<&str>| parse_memory_kib(Some(v), u, "./memory[1]").unwrap().unwrap();
        assert_eq!(kib("1024", None), 1024);
        assert_eq!(kib("1048576", Some("b")), 1024);
        assert_eq!(kib("1048577", Some("bytes")), 1025);
        assert_eq!(kib("1000", Some("KB")), 977);
        assert_eq!(kib("3", Some("k")), 3);
        assert_eq!(kib("1", Some("kib")), 1);
        assert_eq!(kib("1", Some("MB")), 977);
        assert_eq!(kib("512", Some("MiB")), 524288);
        assert_eq!(kib("256", Some("M")), 262144);
        assert_eq!(kib("4", Some("GiB")), 4194304);
        assert_eq!(kib("1", Some("TB")), 976562500);
        assert_eq!(kib("1", Some("PB")), 976562500000);
        assert_eq!(kib("1", Some("EB")), 976562500000000);
        assert_eq!(kib("1", Some("EiB")), 1125899906842624);
        assert_eq!(kib("1", Some("E")), 1125899906842624);
        assert_eq!(kib("8388607", Some("TiB")), 9007198180999168);
        assert_eq!(kib("1", Some("b")), 1);
        assert_eq!(kib("1", Some("")), 1);
        assert_eq!(parse_memory_kib(Some(""), None, "./memory[1]").unwrap(), None);
        assert_eq!(parse_memory_kib(None, None, "./memory[1]").unwrap(), None);
    }

    #[test]
    fn memory_errors_match_reference() {
        let e = parse_memory_kib(Some("1024"), Some("foo"), "./memory[1]").unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_INVALID_ARG, Domain::VIR_FROM_NONE));
        assert_eq!(e.message, "invalid argument: unknown suffix 'foo'");
        let e = parse_memory_kib(Some("8388608"), Some("TiB"), "./memory[1]").unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_OVERFLOW, Domain::VIR_FROM_NONE));
        assert_eq!(e.message, "numerical overflow: value too large: 8388608TiB");
        let e = parse_memory_kib(Some("-5"), None, "./memory[1]").unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_XML));
        assert_eq!(e.message, "XML error: Invalid value '-5' for element or attribute './memory[1]'");
    }
}
