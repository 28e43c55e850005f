//! XDR (RFC 4506), as libvirt's RPC protocol uses it: big-endian 4-byte units, opaque
//! data and strings padded to 4 bytes, optional values as a 0/1 boolean, arrays with a
//! length prefix. Every decoder checks lengths against libvirt's limits and the bytes
//! left, so a hostile packet yields an error, never a panic or a huge allocation.

use crate::error::{Code, Domain, Error, Result};

/// libvirt's limit on one string (`REMOTE_STRING_MAX`).
pub const STRING_MAX: usize = 4_194_304;

pub fn decode_error(what: &str) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, format!("Unable to decode message payload: {what}"))
}

/// Reads XDR values from a byte slice.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(decode_error("truncated"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn skip_padding(&mut self, n: usize) -> Result<()> {
        let pad = (4 - n % 4) % 4;
        let p = self.take(pad)?;
        if p.iter().any(|&b| b != 0) {
            return Err(decode_error("non-zero padding"));
        }
        Ok(())
    }

    pub fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64> {
        let hi = self.u32()? as u64;
        let lo = self.u32()? as u64;
        Ok(hi << 32 | lo)
    }

    /// A length prefix, bounded by `max` and by what the buffer can still hold
    /// (`min_item` bytes per element).
    pub fn len(&mut self, max: usize, min_item: usize) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(decode_error(&format!("length {n} exceeds the limit {max}")));
        }
        if n.saturating_mul(min_item.max(1)) > self.remaining() && min_item > 0 {
            return Err(decode_error("truncated"));
        }
        Ok(n)
    }

    pub fn opaque_fixed(&mut self, n: usize) -> Result<&'a [u8]> {
        let s = self.take(n)?;
        self.skip_padding(n)?;
        Ok(s)
    }

    pub fn opaque(&mut self, max: usize) -> Result<&'a [u8]> {
        let n = self.len(max, 1)?;
        self.opaque_fixed(n)
    }

    pub fn string(&mut self, max: usize) -> Result<String> {
        let b = self.opaque(max)?;
        String::from_utf8(b.to_vec()).map_err(|_| decode_error("string is not UTF-8"))
    }

    /// All bytes were consumed: trailing garbage is an error.
    pub fn finish(&self) -> Result<()> {
        if self.remaining() != 0 {
            return Err(decode_error("trailing bytes"));
        }
        Ok(())
    }
}

/// Writes XDR values into a buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    pub fn opaque_fixed(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        let pad = (4 - b.len() % 4) % 4;
        self.buf.extend_from_slice(&[0u8; 3][..pad]);
    }

    pub fn opaque(&mut self, b: &[u8]) {
        self.u32(b.len() as u32);
        self.opaque_fixed(b);
    }
}

/// A type with an XDR encoding.
pub trait Xdr: Sized {
    fn encode(&self, w: &mut Writer);
    fn decode(r: &mut Reader<'_>) -> Result<Self>;

    /// Encodes into a fresh buffer.
    fn to_xdr(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.encode(&mut w);
        w.buf
    }

    /// Decodes a whole buffer (no trailing bytes allowed).
    fn from_xdr(buf: &[u8]) -> Result<Self> {
        let mut r = Reader::new(buf);
        let v = Self::decode(&mut r)?;
        r.finish()?;
        Ok(v)
    }
}

impl Xdr for () {
    fn encode(&self, _: &mut Writer) {}
    fn decode(_: &mut Reader<'_>) -> Result<()> {
        Ok(())
    }
}

macro_rules! xdr_int {
    ($($t:ty => $via:ident as $wide:ty),*) => {$(
        impl Xdr for $t {
            fn encode(&self, w: &mut Writer) {
                w.$via(*self as $wide);
            }
            fn decode(r: &mut Reader<'_>) -> Result<$t> {
                Ok(r.$via()? as $t)
            }
        }
    )*};
}
xdr_int!(u32 => u32 as u32, i32 => u32 as u32, u64 => u64 as u64, i64 => u64 as u64);

impl Xdr for bool {
    fn encode(&self, w: &mut Writer) {
        w.u32(*self as u32);
    }
    fn decode(r: &mut Reader<'_>) -> Result<bool> {
        match r.u32()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(decode_error("bad boolean")),
        }
    }
}

impl Xdr for String {
    fn encode(&self, w: &mut Writer) {
        w.opaque(self.as_bytes());
    }
    fn decode(r: &mut Reader<'_>) -> Result<String> {
        r.string(STRING_MAX)
    }
}

/// A UUID (`remote_uuid`): 16 bytes, fixed.
impl Xdr for [u8; 16] {
    fn encode(&self, w: &mut Writer) {
        w.opaque_fixed(self);
    }
    fn decode(r: &mut Reader<'_>) -> Result<[u8; 16]> {
        let b = r.opaque_fixed(16)?;
        let mut out = [0u8; 16];
        out.copy_from_slice(b);
        Ok(out)
    }
}

/// An optional value (XDR `T *`): a 0/1 discriminant, then the value.
impl<T: Xdr> Xdr for Option<T> {
    fn encode(&self, w: &mut Writer) {
        match self {
            None => w.u32(0),
            Some(v) => {
                w.u32(1);
                v.encode(w);
            }
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Option<T>> {
        if bool::decode(r)? { Ok(Some(T::decode(r)?)) } else { Ok(None) }
    }
}

/// A variable-length array with libvirt's bound for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Array<T, const MAX: usize>(pub Vec<T>);

impl<T: Xdr, const MAX: usize> Xdr for Array<T, MAX> {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.0.len() as u32);
        for v in &self.0 {
            v.encode(w);
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len(MAX, 4)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::decode(r)?);
        }
        Ok(Array(out))
    }
}

/// Variable-length opaque bytes with a bound.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opaque<const MAX: usize>(pub Vec<u8>);

impl<const MAX: usize> Xdr for Opaque<MAX> {
    fn encode(&self, w: &mut Writer) {
        w.opaque(&self.0);
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Opaque(r.opaque(MAX)?.to_vec()))
    }
}

/// `unsigned char` and `unsigned short`: like every XDR integer, one 4-byte unit; a
/// value out of the type's range is refused.
macro_rules! xdr_small_uint {
    ($($t:ty),*) => {$(
        impl Xdr for $t {
            fn encode(&self, w: &mut Writer) {
                w.u32(*self as u32);
            }
            fn decode(r: &mut Reader<'_>) -> Result<$t> {
                let v = r.u32()?;
                <$t>::try_from(v).map_err(|_| decode_error(&format!("{v} out of range for {}", stringify!($t))))
            }
        }
    )*};
}
xdr_small_uint!(u8, u16);

/// rpcgen encodes each `char` as an `int` (x86 sign-extends it); a decoded unit must
/// hold a signed or unsigned char.
fn encode_char(w: &mut Writer, b: u8) {
    w.u32(b as i8 as i32 as u32);
}

fn decode_char(r: &mut Reader<'_>) -> Result<u8> {
    let v = r.u32()? as i32;
    if !(-128..=255).contains(&v) {
        return Err(decode_error(&format!("{v} is not a char")));
    }
    Ok(v as u8)
}

/// The bytes of `s` up to `max` bytes, cut on a character boundary.
fn truncated(s: &str, max: usize) -> &[u8] {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s.as_bytes()[..end]
}

/// The C string at the start of `b`: up to the first NUL, or all of it.
fn c_string(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// A fixed `char x[N]`: N units of 4 bytes, one per char (not opaque bytes!).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chars<const N: usize>(pub [u8; N]);

impl<const N: usize> Default for Chars<N> {
    fn default() -> Self {
        Chars([0; N])
    }
}

impl<const N: usize> Chars<N> {
    /// `s` as a NUL-terminated C string: at most N-1 bytes, zero-filled.
    pub fn from_c_str(s: &str) -> Self {
        let mut out = [0u8; N];
        let b = truncated(s, N.saturating_sub(1));
        out[..b.len()].copy_from_slice(b);
        Chars(out)
    }

    /// The text up to the first NUL.
    pub fn to_c_string(&self) -> String {
        c_string(&self.0)
    }
}

impl<const N: usize> Xdr for Chars<N> {
    fn encode(&self, w: &mut Writer) {
        for &b in &self.0 {
            encode_char(w, b);
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let mut out = [0u8; N];
        for b in out.iter_mut() {
            *b = decode_char(r)?;
        }
        Ok(Chars(out))
    }
}

/// A variable `char x<MAX>`: a length, then one 4-byte unit per char.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharArray<const MAX: usize>(pub Vec<u8>);

impl<const MAX: usize> CharArray<MAX> {
    /// `s` with its terminating NUL, as libvirt sends security labels and models:
    /// at most MAX-1 bytes of text.
    pub fn from_c_str(s: &str) -> Self {
        let mut v = truncated(s, MAX.saturating_sub(1)).to_vec();
        v.push(0);
        CharArray(v)
    }

    /// The text up to the first NUL (or the end).
    pub fn to_c_string(&self) -> String {
        c_string(&self.0)
    }
}

impl<const MAX: usize> Xdr for CharArray<MAX> {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.0.len() as u32);
        for &b in &self.0 {
            encode_char(w, b);
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.len(MAX, 4)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(decode_char(r)?);
        }
        Ok(CharArray(out))
    }
}

/// Declares a struct with an XDR encoding: its fields in order.
#[macro_export]
macro_rules! xdr_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident: $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct $name { $($(#[$fm])* pub $f: $t),* }
        impl $crate::rpc::xdr::Xdr for $name {
            #[allow(unused_variables)]
            fn encode(&self, w: &mut $crate::rpc::xdr::Writer) {
                $( $crate::rpc::xdr::Xdr::encode(&self.$f, w); )*
            }
            #[allow(unused_variables)]
            fn decode(r: &mut $crate::rpc::xdr::Reader<'_>) -> $crate::error::Result<Self> {
                Ok($name { $($f: $crate::rpc::xdr::Xdr::decode(r)?),* })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::xdr_struct! {
        pub struct Sample {
            pub name: String,
            pub uuid: [u8; 16],
            pub id: i32,
            pub opt: Option<String>,
            pub big: u64,
            pub list: Array<String, 3>,
        }
    }

    #[test]
    fn roundtrip_and_layout() {
        let s = Sample {
            name: "abcde".into(),
            uuid: [7; 16],
            id: -1,
            opt: Some("x".into()),
            big: 1 << 40,
            list: Array(vec!["a".into()]),
        };
        let b = s.to_xdr();
        // "abcde": length 5, 5 bytes, 3 bytes of padding.
        assert_eq!(&b[..12], &[0, 0, 0, 5, b'a', b'b', b'c', b'd', b'e', 0, 0, 0]);
        assert_eq!(&b[28..32], &[0xff; 4]);
        assert_eq!(Sample::from_xdr(&b).unwrap(), s);
    }

    #[test]
    fn hostile_input_is_an_error() {
        // A length far beyond the buffer.
        assert!(String::from_xdr(&[0x7f, 0xff, 0xff, 0xff]).is_err());
        // An array longer than its bound.
        let mut w = Writer::default();
        w.u32(4);
        assert!(Array::<u32, 3>::from_xdr(&w.buf).is_err());
        // Non-zero padding, bad boolean, trailing bytes, truncation.
        assert!(String::from_xdr(&[0, 0, 0, 1, b'a', 1, 0, 0]).is_err());
        assert!(bool::from_xdr(&[0, 0, 0, 2]).is_err());
        assert!(u32::from_xdr(&[0, 0, 0, 1, 0]).is_err());
        assert!(u64::from_xdr(&[0, 0, 0, 1]).is_err());
        assert!(String::from_xdr(&[0, 0, 0, 2, 0xff, 0xfe, 0, 0]).is_err());
    }
}
