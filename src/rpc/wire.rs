//! How a wire type meets a driver method. A procedure's declaration names its argument
//! and return fields by their wire types (`String`, `Option<String>`, `DomainId`,
//! `Array<String, N>`...); [`Wire`] says how a driver method takes such a field
//! (`&str`, `Option<&str>`, `&DomainId`, `&[String]`) and how it returns one (`String`,
//! `Vec<String>`...), so the client stub and the server dispatch are both derived from
//! the declaration without conversions written per procedure.

#![forbid(unsafe_code)]

use super::xdr::{Array, CharArray, Opaque, Reader, Writer, Xdr};
use crate::error::{Code, Domain, Error, Result};

/// A wire type as a driver method sees it.
pub trait Wire: Xdr + Default {
    /// How a method takes the field.
    type Arg<'a>
    where
        Self: 'a;
    /// How a method returns the field.
    type Value;
    /// The server's side: the decoded field, lent to the method.
    fn arg(&self) -> Self::Arg<'_>;
    /// The client's side: a method argument, made a field to send.
    fn from_arg(a: Self::Arg<'_>) -> Self;
    /// The server's side: a method's result, made a field to send (fails when it
    /// exceeds the wire's bound).
    fn from_value(v: Self::Value) -> Result<Self>;
    /// The client's side: a received field, as the method returns it.
    fn into_value(self) -> Self::Value;
}

/// Types a method takes and returns as they are.
macro_rules! wire_by_value {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            type Arg<'a> = $t;
            type Value = $t;
            fn arg(&self) -> $t {
                *self
            }
            fn from_arg(a: $t) -> $t {
                a
            }
            fn from_value(v: $t) -> Result<$t> {
                Ok(v)
            }
            fn into_value(self) -> $t {
                self
            }
        }
    )*};
}
wire_by_value!(i32, u32, i64, u64, u8, u16, bool);

/// Types a method takes by reference and returns owned (objects, UUIDs), and their
/// optional forms (`remote_domain`, ...), taken as `Option<&T>`.
#[macro_export]
macro_rules! wire_by_ref {
    ($($t:ty),*) => {$(
        impl $crate::rpc::wire::Wire for Option<$t> {
            type Arg<'a> = Option<&'a $t>;
            type Value = Option<$t>;
            fn arg(&self) -> Option<&$t> {
                self.as_ref()
            }
            fn from_arg(a: Option<&$t>) -> Option<$t> {
                a.cloned()
            }
            fn from_value(v: Option<$t>) -> $crate::error::Result<Option<$t>> {
                Ok(v)
            }
            fn into_value(self) -> Option<$t> {
                self
            }
        }
        impl $crate::rpc::wire::Wire for $t {
            type Arg<'a> = &'a $t;
            type Value = $t;
            fn arg(&self) -> &$t {
                self
            }
            fn from_arg(a: &$t) -> $t {
                a.clone()
            }
            fn from_value(v: $t) -> $crate::error::Result<$t> {
                Ok(v)
            }
            fn into_value(self) -> $t {
                self
            }
        }
    )*};
}
wire_by_ref!([u8; 16]);

impl Wire for String {
    type Arg<'a> = &'a str;
    type Value = String;
    fn arg(&self) -> &str {
        self
    }
    fn from_arg(a: &str) -> String {
        a.to_string()
    }
    fn from_value(v: String) -> Result<String> {
        Ok(v)
    }
    fn into_value(self) -> String {
        self
    }
}

/// `remote_string`: a string that may be NULL.
impl Wire for Option<String> {
    type Arg<'a> = Option<&'a str>;
    type Value = Option<String>;
    fn arg(&self) -> Option<&str> {
        self.as_deref()
    }
    fn from_arg(a: Option<&str>) -> Option<String> {
        a.map(str::to_string)
    }
    fn from_value(v: Option<String>) -> Result<Option<String>> {
        Ok(v)
    }
    fn into_value(self) -> Option<String> {
        self
    }
}

/// A bounded list, taken as a slice and returned as a vector.
impl<T: Xdr + Clone + Default, const MAX: usize> Wire for Array<T, MAX> {
    type Arg<'a>
        = &'a [T]
    where
        T: 'a;
    type Value = Vec<T>;
    fn arg(&self) -> &[T] {
        &self.0
    }
    fn from_arg(a: &[T]) -> Self {
        Array(a.to_vec())
    }
    fn from_value(v: Vec<T>) -> Result<Self> {
        bounded(v)
    }
    fn into_value(self) -> Vec<T> {
        self.0
    }
}

/// Bounded bytes, taken as a slice and returned as a vector.
impl<const MAX: usize> Wire for Opaque<MAX> {
    type Arg<'a> = &'a [u8];
    type Value = Vec<u8>;
    fn arg(&self) -> &[u8] {
        &self.0
    }
    fn from_arg(a: &[u8]) -> Self {
        Opaque(a.to_vec())
    }
    fn from_value(v: Vec<u8>) -> Result<Self> {
        if v.len() > MAX {
            return Err(too_many(v.len(), MAX));
        }
        Ok(Opaque(v))
    }
    fn into_value(self) -> Vec<u8> {
        self.0
    }
}

/// `char x<N>` carrying a C string (with its NUL): taken and returned as a string.
impl<const MAX: usize> Wire for CharArray<MAX> {
    type Arg<'a> = &'a str;
    type Value = String;
    fn arg(&self) -> &str {
        // A CharArray decodes into bytes; the method sees the C string they hold.
        std::str::from_utf8(&self.0).map(|s| s.trim_end_matches('\0')).unwrap_or("")
    }
    fn from_arg(a: &str) -> Self {
        CharArray::from_c_str(a)
    }
    fn from_value(v: String) -> Result<Self> {
        Ok(CharArray::from_c_str(&v))
    }
    fn into_value(self) -> String {
        self.to_c_string()
    }
}

fn too_many(n: usize, max: usize) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, format!("Too many items '{n}' for limit '{max}'"))
}

/// `v` as a wire array, or `VIR_ERR_RPC` when it exceeds the array's bound.
pub fn bounded<T, const MAX: usize>(v: Vec<T>) -> Result<Array<T, MAX>> {
    if v.len() > MAX {
        return Err(too_many(v.len(), MAX));
    }
    Ok(Array(v))
}

/// A `ListAll` reply's list and count: the count always, the list (within the wire's
/// limit) only when the caller asked for results (`need_results`), as libvirtd answers.
pub fn list_all<T, const MAX: usize>(all: Vec<T>, need_results: i32) -> Result<(Array<T, MAX>, usize)> {
    let count = all.len();
    Ok((bounded(if need_results != 0 { all } else { Vec::new() })?, count))
}

/// An `int` that means yes or no: any non-zero value reads as true (libvirt's C
/// callers pass whatever int they have), and true is sent as 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IntBool(pub bool);

impl Xdr for IntBool {
    fn encode(&self, w: &mut Writer) {
        w.u32(self.0 as u32);
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(IntBool(r.u32()? != 0))
    }
}

impl Wire for IntBool {
    type Arg<'a> = bool;
    type Value = bool;
    fn arg(&self) -> bool {
        self.0
    }
    fn from_arg(a: bool) -> IntBool {
        IntBool(a)
    }
    fn from_value(v: bool) -> Result<IntBool> {
        Ok(IntBool(v))
    }
    fn into_value(self) -> bool {
        self.0
    }
}
