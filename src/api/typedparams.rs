//! libvirt-common.h's `virTypedParams*` helpers: building, reading and freeing arrays of
//! `virTypedParameter` that belong to the caller. These are real, not stubs: they touch
//! no connection, only the array they are given.
//!
//! Memory: arrays are grown with libc `realloc` and strings copied with `strdup`, so C
//! code may release them with `virTypedParamsFree` (or `free`), whichever library
//! allocated them. Growth follows libvirt's `VIR_RESIZE_N` (add half the current size,
//! at least what is needed; new slots zeroed), and an array is grown even when the
//! value added then turns out invalid, as libvirt does.
//!
//! Errors are reported in libvirt's `VIR_FROM_NONE` domain. `virTypedParamsGet`,
//! `virTypedParamsClear` and `virTypedParamsFree` raise no error and leave the last
//! error alone. Where libvirt would dereference a NULL `params`/`nparams`/`maxparams`
//! or name, these report an invalid-argument error instead.

#![allow(non_snake_case)]
// Exports dereference the pointers C hands them; that is their contract, not a bug.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::ffi::CStr;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use libc::{c_char, c_double, c_int, c_longlong, c_uint, c_ulonglong};

use super::{guard, Call};
use crate::abi::host::{
    virTypedParameter, virTypedParameterPtr, virTypedParameterType, VIR_TYPED_PARAM_FIELD_LENGTH,
};
use crate::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_NONE;

const INT: c_int = virTypedParameterType::VIR_TYPED_PARAM_INT as c_int;
const UINT: c_int = virTypedParameterType::VIR_TYPED_PARAM_UINT as c_int;
const LLONG: c_int = virTypedParameterType::VIR_TYPED_PARAM_LLONG as c_int;
const ULLONG: c_int = virTypedParameterType::VIR_TYPED_PARAM_ULLONG as c_int;
const DOUBLE: c_int = virTypedParameterType::VIR_TYPED_PARAM_DOUBLE as c_int;
const BOOLEAN: c_int = virTypedParameterType::VIR_TYPED_PARAM_BOOLEAN as c_int;
const STRING: c_int = virTypedParameterType::VIR_TYPED_PARAM_STRING as c_int;

/// A malloc'ed array of `values` (strings strdup'ed) that C releases with
/// `virTypedParamsFree`, and its length.
pub(crate) fn to_c_array(values: &[(String, crate::driver::TypedValue)]) -> Result<(virTypedParameterPtr, c_int)> {
    use crate::driver::TypedValue as V;
    let oom = || Error::new(FROM, Code::VIR_ERR_NO_MEMORY, "");
    // SAFETY: calloc of `len` zeroed parameters (at least one, so never NULL on success).
    let array = unsafe { libc::calloc(values.len().max(1), std::mem::size_of::<virTypedParameter>()) }
        as virTypedParameterPtr;
    if array.is_null() {
        return Err(oom());
    }
    for (i, (name, value)) in values.iter().enumerate() {
        // SAFETY: `i` is below the length calloc'ed above.
        let p = unsafe { &mut *array.add(i) };
        let named = std::ffi::CString::new(name.as_str()).map_err(|_| oom()).and_then(|n| set_field(p, &n));
        if let Err(e) = named {
            clear(array, i as c_int);
            // SAFETY: the array came from calloc and its strings were released above.
            unsafe { libc::free(array as *mut libc::c_void) };
            return Err(e);
        }
        (p.r#type, p.value) = match value {
            V::Int(v) => (INT, crate::abi::host::virTypedParameterValue { i: *v }),
            V::UInt(v) => (UINT, crate::abi::host::virTypedParameterValue { ui: *v }),
            V::LLong(v) => (LLONG, crate::abi::host::virTypedParameterValue { l: *v }),
            V::ULLong(v) => (ULLONG, crate::abi::host::virTypedParameterValue { ul: *v }),
            V::Double(v) => (DOUBLE, crate::abi::host::virTypedParameterValue { d: *v }),
            V::Boolean(v) => (BOOLEAN, crate::abi::host::virTypedParameterValue { b: *v as c_char }),
            V::String(v) => (STRING, crate::abi::host::virTypedParameterValue { s: super::c_strdup(v) }),
        };
    }
    Ok((array, values.len() as c_int))
}

/// Runs an export that libvirt documents as raising no error: panics are caught, the
/// thread's last error is left as it was.
pub(crate) fn quietly<R>(failed: R, f: impl FnOnce() -> R) -> R {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(failed)
}

/// libvirt's name for a parameter type, as its messages print it.
fn type_name(t: c_int) -> &'static str {
    match t {
        0 => "unknown",
        INT => "int",
        UINT => "uint",
        LLONG => "llong",
        ULLONG => "ullong",
        DOUBLE => "double",
        BOOLEAN => "boolean",
        STRING => "string",
        _ => "(null)",
    }
}

/// The name in a parameter's fixed-size field, up to its NUL (or the field's end).
fn field_name(p: &virTypedParameter) -> &[u8] {
    // SAFETY: `field` is a plain array of VIR_TYPED_PARAM_FIELD_LENGTH bytes; viewing
    // c_char as u8 changes nothing about size or alignment.
    let bytes: &[u8] =
        unsafe { std::slice::from_raw_parts(p.field.as_ptr() as *const u8, p.field.len()) };
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    &bytes[..end]
}

/// The first parameter called `name`, as `virTypedParamsGet` finds it.
fn find(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
) -> Option<virTypedParameterPtr> {
    if params.is_null() || name.is_null() || nparams <= 0 {
        return None;
    }
    // SAFETY: `name` is a NUL-terminated string by the API's contract.
    let wanted = unsafe { CStr::from_ptr(name) }.to_bytes();
    (0..nparams as usize)
        // SAFETY: the caller promises `params` holds `nparams` parameters.
        .map(|i| unsafe { params.add(i) })
        // SAFETY: each `p` points into the caller's array of `nparams` parameters.
        .find(|&p| field_name(unsafe { &*p }) == wanted)
}

/// Finds a typed parameter called `name`. Returns a pointer into `params` or NULL; no
/// error is raised either way.
#[no_mangle]
pub extern "C" fn virTypedParamsGet(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
) -> virTypedParameterPtr {
    quietly(std::ptr::null_mut(), || {
        find(params, nparams, name).unwrap_or(std::ptr::null_mut())
    })
}

/// The shared body of the `virTypedParamsGet<Type>` exports: 1 and the value stored in
/// `*value` (if given) when found with the right type, 0 when absent, -1 on a type mismatch.
fn get<T>(
    api: &'static str,
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut T,
    expected: c_int,
    read: impl FnOnce(&virTypedParameter) -> T,
) -> c_int {
    guard(FROM, api, |_call| {
        let Some(p) = find(params, nparams, name) else {
            return Ok(0);
        };
        // SAFETY: `find` returned a pointer into the caller's array.
        let p = unsafe { &*p };
        if p.r#type != expected {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INVALID_ARG,
                format!(
                    "Invalid type '{}' requested for parameter '{}', actual type is '{}'",
                    type_name(expected),
                    String::from_utf8_lossy(field_name(p)),
                    type_name(p.r#type)
                ),
            ));
        }
        if !value.is_null() {
            // SAFETY: a non-NULL `value` points to a T the caller owns.
            unsafe { *value = read(p) };
        }
        Ok(1)
    })
}

/// Finds the int parameter `name` and stores its value in `value` (which may be NULL).
/// Returns 1 if found, 0 if absent, -1 (VIR_ERR_INVALID_ARG) if it has another type.
#[no_mangle]
pub extern "C" fn virTypedParamsGetInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    get(
        "virTypedParamsGetInt",
        params,
        nparams,
        name,
        value,
        INT,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.i },
    )
}

/// Finds the unsigned int parameter `name`; see `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetUInt(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_uint,
) -> c_int {
    get(
        "virTypedParamsGetUInt",
        params,
        nparams,
        name,
        value,
        UINT,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.ui },
    )
}

/// Finds the long long parameter `name`; see `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetLLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_longlong,
) -> c_int {
    get(
        "virTypedParamsGetLLong",
        params,
        nparams,
        name,
        value,
        LLONG,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.l },
    )
}

/// Finds the unsigned long long parameter `name`; see `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetULLong(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_ulonglong,
) -> c_int {
    get(
        "virTypedParamsGetULLong",
        params,
        nparams,
        name,
        value,
        ULLONG,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.ul },
    )
}

/// Finds the double parameter `name`; see `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetDouble(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_double,
) -> c_int {
    get(
        "virTypedParamsGetDouble",
        params,
        nparams,
        name,
        value,
        DOUBLE,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.d },
    )
}

/// Finds the boolean parameter `name` and stores 0 or 1; see `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetBoolean(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut c_int,
) -> c_int {
    get(
        "virTypedParamsGetBoolean",
        params,
        nparams,
        name,
        value,
        BOOLEAN,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| (unsafe { p.value.b } != 0) as c_int,
    )
}

/// Finds the string parameter `name` and stores a pointer to it: the string stays owned by
/// `params` and must not be freed. See `virTypedParamsGetInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsGetString(
    params: virTypedParameterPtr,
    nparams: c_int,
    name: *const c_char,
    value: *mut *const c_char,
) -> c_int {
    get(
        "virTypedParamsGetString",
        params,
        nparams,
        name,
        value,
        STRING,
        // SAFETY: the type was checked, so this union member is the live one.
        |p| unsafe { p.value.s } as *const c_char,
    )
}

/// Makes room for `add` more parameters after the first `count`, as `VIR_RESIZE_N`:
/// grows `*params` (which may be NULL) with `realloc` and zeroes the new slots.
fn grow(
    call: &Call,
    params: *mut virTypedParameterPtr,
    max: &mut usize,
    count: usize,
    add: usize,
) -> Result<()> {
    let need = count.checked_add(add).ok_or_else(|| no_memory(call))?;
    if *max >= need {
        return Ok(());
    }
    let delta = (need - *max).max(*max / 2);
    let new_max = max.checked_add(delta).ok_or_else(|| no_memory(call))?;
    let bytes = new_max
        .checked_mul(std::mem::size_of::<virTypedParameter>())
        .ok_or_else(|| no_memory(call))?;
    // SAFETY: `*params` is NULL or an array from malloc/realloc (the API's contract);
    // realloc keeps its contents and we only touch the result if it is non-NULL.
    let grown =
        unsafe { libc::realloc(*params as *mut libc::c_void, bytes) } as virTypedParameterPtr;
    if grown.is_null() {
        return Err(no_memory(call));
    }
    // SAFETY: `grown` has room for `new_max` parameters; the slots from the old `max`
    // on are new and zeroed here, as libvirt does.
    unsafe { std::ptr::write_bytes(grown.add(*max), 0, new_max - *max) };
    // SAFETY: `params` was checked to be non-NULL by the caller.
    unsafe { *params = grown };
    *max = new_max;
    Ok(())
}

fn no_memory(call: &Call) -> Error {
    Error::new(call.from, Code::VIR_ERR_NO_MEMORY, "")
}

/// Stores `name` in a parameter's field: "Field name '<name>' too long" if it does not fit.
fn set_field(p: &mut virTypedParameter, name: &CStr) -> Result<()> {
    let bytes = name.to_bytes_with_nul();
    if bytes.len() > VIR_TYPED_PARAM_FIELD_LENGTH {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_INTERNAL_ERROR,
            format!("Field name '{}' too long", name.to_string_lossy()),
        ));
    }
    for (dst, &src) in p.field.iter_mut().zip(bytes) {
        *dst = src as c_char;
    }
    Ok(())
}

/// The shared body of the `virTypedParamsAdd*` exports: grow, then fill the new slot
/// with `assign` (which sets field, type and value), then count it.
fn add_with(
    call: &mut Call,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    assign: impl FnOnce(&mut virTypedParameter, &CStr) -> Result<()>,
) -> Result<()> {
    call.non_null(params, "params")?;
    call.non_null(nparams, "nparams")?;
    call.non_null(maxparams, "maxparams")?;
    let name = unsafe_cstr(call, name, "name")?;
    // SAFETY: both pointers were checked non-NULL and point to ints the caller owns.
    let (n, m) = unsafe { (*nparams, *maxparams) };
    let count = usize::try_from(n).map_err(|_| {
        call.arg_error(
            "nparams",
            format!("*nparams in {} must be zero or greater", call.api),
        )
    })?;
    let mut max = usize::try_from(m).unwrap_or(0);
    grow(call, params, &mut max, count, 1)?;
    // SAFETY: as above; libvirt stores the grown size back even if assigning fails.
    unsafe { *maxparams = c_int::try_from(max).unwrap_or(c_int::MAX) };
    // SAFETY: `grow` made room for `count + 1` parameters in `*params`.
    let slot = unsafe { &mut *(*params).add(count) };
    assign(slot, name)?;
    // SAFETY: `nparams` was checked non-NULL.
    unsafe { *nparams = n + 1 };
    Ok(())
}

/// A required C string argument as a `CStr`.
fn unsafe_cstr<'a>(call: &Call, p: *const c_char, arg: &str) -> Result<&'a CStr> {
    call.non_null(p, arg)?;
    // SAFETY: non-NULL, and string arguments are NUL-terminated by the API's contract.
    Ok(unsafe { CStr::from_ptr(p) })
}

fn assign_value(
    slot: &mut virTypedParameter,
    name: &CStr,
    kind: c_int,
    set: impl FnOnce(&mut virTypedParameter),
) -> Result<()> {
    set_field(slot, name)?;
    slot.r#type = kind;
    set(slot);
    Ok(())
}

/// Appends an int parameter `name` = `value` to `*params` (grown as needed, see the
/// module docs). Returns 0, or -1 if the name does not fit.
#[no_mangle]
pub extern "C" fn virTypedParamsAddInt(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_int,
) -> c_int {
    guard(FROM, "virTypedParamsAddInt", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, INT, |s| s.value.i = value)
        })?;
        Ok(0)
    })
}

/// Appends an unsigned int parameter; see `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddUInt(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_uint,
) -> c_int {
    guard(FROM, "virTypedParamsAddUInt", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, UINT, |s| s.value.ui = value)
        })?;
        Ok(0)
    })
}

/// Appends a long long parameter; see `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddLLong(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_longlong,
) -> c_int {
    guard(FROM, "virTypedParamsAddLLong", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, LLONG, |s| s.value.l = value)
        })?;
        Ok(0)
    })
}

/// Appends an unsigned long long parameter; see `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddULLong(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_ulonglong,
) -> c_int {
    guard(FROM, "virTypedParamsAddULLong", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, ULLONG, |s| s.value.ul = value)
        })?;
        Ok(0)
    })
}

/// Appends a double parameter; see `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddDouble(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_double,
) -> c_int {
    guard(FROM, "virTypedParamsAddDouble", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, DOUBLE, |s| s.value.d = value)
        })?;
        Ok(0)
    })
}

/// Appends a boolean parameter (any non-zero `value` is true); see `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddBoolean(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: c_int,
) -> c_int {
    guard(FROM, "virTypedParamsAddBoolean", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_value(s, n, BOOLEAN, |s| s.value.b = (value != 0) as c_char)
        })?;
        Ok(0)
    })
}

/// Appends a copy of `value` (which may be NULL) as a string parameter.
fn add_string(
    call: &mut Call,
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: *const c_char,
) -> Result<()> {
    add_with(call, params, nparams, maxparams, name, |s, n| {
        let copy = if value.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: a non-NULL `value` is a NUL-terminated string; strdup copies it into
            // malloc'd memory that virTypedParamsClear/Free release.
            let copy = unsafe { libc::strdup(value) };
            if copy.is_null() {
                return Err(Error::new(FROM, Code::VIR_ERR_NO_MEMORY, ""));
            }
            copy
        };
        if let Err(e) = set_field(s, n) {
            // SAFETY: `copy` came from strdup above (or is NULL) and was not handed out.
            unsafe { libc::free(copy as *mut libc::c_void) };
            return Err(e);
        }
        s.r#type = STRING;
        s.value.s = copy;
        Ok(())
    })
}

/// Appends a string parameter holding a copy of `value`, owned by `params` from then on
/// (freed by `virTypedParamsClear`/`virTypedParamsFree`). See `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddString(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    value: *const c_char,
) -> c_int {
    guard(FROM, "virTypedParamsAddString", |call| {
        add_string(call, params, nparams, maxparams, name, value)?;
        Ok(0)
    })
}

/// Appends one string parameter `name` for each string of the NULL-terminated list
/// `values`. Returns 0 for a NULL list; like libvirt, -1 (with no error set) for an
/// empty one.
#[no_mangle]
pub extern "C" fn virTypedParamsAddStringList(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    values: *mut *const c_char,
) -> c_int {
    guard(FROM, "virTypedParamsAddStringList", |call| {
        if values.is_null() {
            return Ok(0);
        }
        let mut rv = -1;
        for i in 0.. {
            // SAFETY: `values` is a NULL-terminated array by the API's contract.
            let v = unsafe { *values.add(i) };
            if v.is_null() {
                break;
            }
            add_string(call, params, nparams, maxparams, name, v)?;
            rv = 0;
        }
        Ok(rv)
    })
}

/// Appends a parameter of type `type`, parsed from the string `value` as libvirt parses
/// it (decimal integers, "-1" accepted for unsigned int, C-locale doubles, "true"/"false"/
/// "1"/"0" for booleans, strings copied). See `virTypedParamsAddInt`.
#[no_mangle]
pub extern "C" fn virTypedParamsAddFromString(
    params: *mut virTypedParameterPtr,
    nparams: *mut c_int,
    maxparams: *mut c_int,
    name: *const c_char,
    r#type: c_int,
    value: *const c_char,
) -> c_int {
    guard(FROM, "virTypedParamsAddFromString", |call| {
        add_with(call, params, nparams, maxparams, name, |s, n| {
            assign_from_str(s, n, r#type, value)
        })?;
        Ok(0)
    })
}

fn assign_from_str(
    slot: &mut virTypedParameter,
    name: &CStr,
    kind: c_int,
    value: *const c_char,
) -> Result<()> {
    let field = name.to_string_lossy();
    if value.is_null() {
        return Err(Error::new(
            FROM,
            Code::VIR_ERR_INVALID_ARG,
            format!("NULL value for field '{field}'"),
        ));
    }
    set_field(slot, name)?;
    slot.r#type = kind;
    let invalid = |what: &str| {
        Error::new(
            FROM,
            Code::VIR_ERR_INVALID_ARG,
            format!("Invalid value for field '{field}': expected {what}"),
        )
    };
    // SAFETY: checked non-NULL; a NUL-terminated string by the API's contract.
    let text = unsafe { CStr::from_ptr(value) };
    match kind {
        INT => slot.value.i = parse::int(text).ok_or_else(|| invalid("int"))?,
        UINT => slot.value.ui = parse::uint(text).ok_or_else(|| invalid("unsigned int"))?,
        LLONG => slot.value.l = parse::llong(text).ok_or_else(|| invalid("long long"))?,
        ULLONG => {
            slot.value.ul = parse::ullong(text).ok_or_else(|| invalid("unsigned long long"))?
        }
        DOUBLE => slot.value.d = parse::double(text).ok_or_else(|| invalid("double"))?,
        BOOLEAN => {
            let t = text.to_bytes();
            slot.value.b = if t.eq_ignore_ascii_case(b"true") || t == b"1" {
                1
            } else if t.eq_ignore_ascii_case(b"false") || t == b"0" {
                0
            } else {
                return Err(Error::new(
                    FROM,
                    Code::VIR_ERR_INVALID_ARG,
                    format!("Invalid boolean value for field '{field}'"),
                ));
            }
        }
        STRING => {
            // SAFETY: copies a NUL-terminated string into malloc'd memory owned by the array.
            let copy = unsafe { libc::strdup(value) };
            if copy.is_null() {
                return Err(Error::new(FROM, Code::VIR_ERR_NO_MEMORY, ""));
            }
            slot.value.s = copy;
        }
        other => {
            return Err(Error::new(
                FROM,
                Code::VIR_ERR_INTERNAL_ERROR,
                format!("unexpected type {other} for field {field}"),
            ));
        }
    }
    Ok(())
}

/// String to number conversions with libvirt's rules (`virStrToLong_*`, `virStrToDouble`):
/// C's `strto*` in base 10, the whole string consumed, no range error.
mod parse {
    use std::ffi::CStr;

    use libc::{c_char, c_double, c_int, c_longlong, c_uint, c_ulonglong};

    use super::LazyLock;

    /// Runs a `strto*` call with errno cleared; returns its value if it consumed the
    /// whole (non-empty) string without a range error.
    fn whole<T>(
        text: &CStr,
        f: impl FnOnce(*const c_char, *mut *mut c_char) -> T,
    ) -> Option<(T, usize)> {
        let start = text.as_ptr();
        let mut end: *mut c_char = std::ptr::null_mut();
        // SAFETY: errno is this thread's; strto* reads the NUL-terminated `text` and sets
        // `end` to a position inside it.
        let value = unsafe {
            *libc::__errno_location() = 0;
            let v = f(start, &mut end);
            if *libc::__errno_location() != 0 || std::ptr::eq(end, start) || *end != 0 {
                return None;
            }
            v
        };
        Some((value, end as usize - start as usize))
    }

    pub fn int(text: &CStr) -> Option<c_int> {
        // SAFETY: see `whole`: strtol reads the NUL-terminated string.
        let (v, _) = whole(text, |s, e| unsafe { libc::strtol(s, e, 10) })?;
        c_int::try_from(v).ok()
    }

    pub fn uint(text: &CStr) -> Option<c_uint> {
        // SAFETY: see `whole`: strtoul reads the NUL-terminated string.
        let (v, used) = whole(text, |s, e| unsafe { libc::strtoul(s, e, 10) })?;
        // "-1" is accepted as UINT_MAX; strtoul negates in unsigned long, so undo that
        // within 32 bits, refusing magnitudes beyond UINT_MAX.
        if text.to_bytes()[..used].contains(&b'-') {
            if v.wrapping_neg() > c_uint::MAX as u64 {
                return None;
            }
            return Some((v & c_uint::MAX as u64) as c_uint);
        }
        c_uint::try_from(v).ok()
    }

    pub fn llong(text: &CStr) -> Option<c_longlong> {
        // SAFETY: see `whole`: strtoll reads the NUL-terminated string.
        whole(text, |s, e| unsafe { libc::strtoll(s, e, 10) }).map(|(v, _)| v)
    }

    pub fn ullong(text: &CStr) -> Option<c_ulonglong> {
        // SAFETY: see `whole`: strtoull reads the NUL-terminated string.
        whole(text, |s, e| unsafe { libc::strtoull(s, e, 10) }).map(|(v, _)| v)
    }

    /// The "C" locale, so that "1.5" parses whatever locale the application set.
    struct CLocale(libc::locale_t);
    // SAFETY: a locale object is immutable once created and may be used from any thread.
    unsafe impl Send for CLocale {}
    // SAFETY: as for `Send`: the locale object is never mutated.
    unsafe impl Sync for CLocale {}

    static C_LOCALE: LazyLock<CLocale> =
        // SAFETY: newlocale with a valid mask and name; NULL (failure) is handled below.
        LazyLock::new(|| {
            // SAFETY: newlocale with a valid mask and name; NULL (failure) is handled by the user.
            CLocale(unsafe {
                libc::newlocale(libc::LC_ALL_MASK, c"C".as_ptr(), std::ptr::null_mut())
            })
        });

    pub fn double(text: &CStr) -> Option<c_double> {
        let c = C_LOCALE.0;
        // SAFETY: uselocale only switches this thread's locale, restored right after.
        let previous = if c.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: uselocale only switches this thread's locale; restored right after.
            unsafe { libc::uselocale(c) }
        };
        // SAFETY: see `whole`: strtod reads the NUL-terminated string.
        let result = whole(text, |s, e| unsafe { libc::strtod(s, e) }).map(|(v, _)| v);
        if !previous.is_null() {
            // SAFETY: restores the locale uselocale returned.
            unsafe { libc::uselocale(previous) };
        }
        result
    }
}

/// Frees the strings of string parameters in `params` (not the array itself). Raises no error.
#[no_mangle]
pub extern "C" fn virTypedParamsClear(params: virTypedParameterPtr, nparams: c_int) {
    quietly((), || clear(params, nparams))
}

fn clear(params: virTypedParameterPtr, nparams: c_int) {
    if params.is_null() {
        return;
    }
    for i in 0..nparams.max(0) as usize {
        // SAFETY: the caller promises `params` holds `nparams` parameters.
        let p = unsafe { &mut *params.add(i) };
        if p.r#type == STRING {
            // SAFETY: string values are malloc'd (by these helpers or by libvirt) or NULL.
            unsafe {
                libc::free(p.value.s as *mut libc::c_void);
                p.value.s = std::ptr::null_mut();
            }
        }
    }
}

/// Frees the strings of string parameters and the array `params` itself. Raises no error.
#[no_mangle]
pub extern "C" fn virTypedParamsFree(params: virTypedParameterPtr, nparams: c_int) {
    quietly((), || {
        clear(params, nparams);
        // SAFETY: the array is malloc'd (or NULL), as the API requires.
        unsafe { libc::free(params as *mut libc::c_void) };
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::last_error;

    struct Params {
        p: virTypedParameterPtr,
        n: c_int,
        max: c_int,
    }

    impl Params {
        fn new() -> Params {
            Params {
                p: std::ptr::null_mut(),
                n: 0,
                max: 0,
            }
        }
        fn add_int(&mut self, name: &CStr, v: c_int) -> c_int {
            virTypedParamsAddInt(&mut self.p, &mut self.n, &mut self.max, name.as_ptr(), v)
        }
        fn add_parsed(&mut self, name: &CStr, t: c_int, v: &CStr) -> c_int {
            virTypedParamsAddFromString(
                &mut self.p,
                &mut self.n,
                &mut self.max,
                name.as_ptr(),
                t,
                v.as_ptr(),
            )
        }
    }

    impl Drop for Params {
        fn drop(&mut self) {
            virTypedParamsFree(self.p, self.n);
        }
    }

    #[test]
    fn arrays_grow_as_libvirts_do() {
        let mut ps = Params::new();
        let mut maxes = vec![];
        for i in 0..9 {
            let name = std::ffi::CString::new(format!("f{i}")).unwrap();
            assert_eq!(ps.add_int(&name, i), 0);
            maxes.push(ps.max);
        }
        // Measured against libvirt 9.0.0.
        assert_eq!(maxes, [1, 2, 3, 4, 6, 6, 9, 9, 9]);
        assert_eq!(ps.n, 9);
        let mut v = 0;
        assert_eq!(virTypedParamsGetInt(ps.p, ps.n, c"f3".as_ptr(), &mut v), 1);
        assert_eq!(v, 3);
        assert_eq!(
            virTypedParamsGetInt(ps.p, ps.n, c"nope".as_ptr(), &mut v),
            0
        );
        assert!(std::ptr::eq(
            virTypedParamsGet(ps.p, ps.n, c"f8".as_ptr()),
            // SAFETY: `ps.p` holds nine parameters.
            unsafe { ps.p.add(8) }
        ));
    }

    #[test]
    fn too_long_names_fail_after_growing() {
        let mut ps = Params::new();
        let long = std::ffi::CString::new("a".repeat(80)).unwrap();
        assert_eq!(ps.add_int(&long, 1), -1);
        let e = last_error().unwrap();
        assert_eq!(e.code, Code::VIR_ERR_INTERNAL_ERROR);
        assert_eq!(e.domain, Domain::VIR_FROM_NONE);
        assert_eq!(
            e.message,
            format!("internal error: Field name '{}' too long", "a".repeat(80))
        );
        assert_eq!((ps.n, ps.max), (0, 1));
        let ok = std::ffi::CString::new("a".repeat(79)).unwrap();
        assert_eq!(ps.add_int(&ok, 1), 0);
    }

    #[test]
    fn type_mismatch_is_an_invalid_argument() {
        let mut ps = Params::new();
        ps.add_int(c"f1", 1);
        let mut d = 0.0;
        assert_eq!(
            virTypedParamsGetDouble(ps.p, ps.n, c"f1".as_ptr(), &mut d),
            -1
        );
        let e = last_error().unwrap();
        assert_eq!(e.code, Code::VIR_ERR_INVALID_ARG);
        assert_eq!(
            e.message,
            "invalid argument: Invalid type 'double' requested for parameter 'f1', actual type is 'int'"
        );
        // value may be NULL to test presence and type
        assert_eq!(
            virTypedParamsGetInt(ps.p, ps.n, c"f1".as_ptr(), std::ptr::null_mut()),
            1
        );
    }

    #[test]
    fn booleans_and_strings() {
        let mut ps = Params::new();
        assert_eq!(
            virTypedParamsAddBoolean(&mut ps.p, &mut ps.n, &mut ps.max, c"b".as_ptr(), 5),
            0
        );
        let mut b = 0;
        assert_eq!(
            virTypedParamsGetBoolean(ps.p, ps.n, c"b".as_ptr(), &mut b),
            1
        );
        assert_eq!(b, 1);
        assert_eq!(
            virTypedParamsAddString(
                &mut ps.p,
                &mut ps.n,
                &mut ps.max,
                c"s".as_ptr(),
                c"hello".as_ptr()
            ),
            0
        );
        let mut s: *const c_char = std::ptr::null();
        assert_eq!(
            virTypedParamsGetString(ps.p, ps.n, c"s".as_ptr(), &mut s),
            1
        );
        // SAFETY: GetString stored a pointer to the NUL-terminated copy `ps` owns.
        assert_eq!(unsafe { CStr::from_ptr(s) }, c"hello");
        let mut list = [c"a".as_ptr(), c"b".as_ptr(), std::ptr::null()];
        assert_eq!(
            virTypedParamsAddStringList(
                &mut ps.p,
                &mut ps.n,
                &mut ps.max,
                c"l".as_ptr(),
                list.as_mut_ptr()
            ),
            0
        );
        assert_eq!(ps.n, 4);
        let mut empty = [std::ptr::null::<c_char>()];
        assert_eq!(
            virTypedParamsAddStringList(
                &mut ps.p,
                &mut ps.n,
                &mut ps.max,
                c"l".as_ptr(),
                empty.as_mut_ptr()
            ),
            -1
        );
        assert!(last_error().is_none());
        assert_eq!(
            virTypedParamsAddStringList(
                &mut ps.p,
                &mut ps.n,
                &mut ps.max,
                c"l".as_ptr(),
                std::ptr::null_mut()
            ),
            0
        );
    }

    #[test]
    fn values_from_strings_follow_libvirts_parsers() {
        let mut ps = Params::new();
        // accepted, as libvirt 9.0.0 accepts them
        assert_eq!(ps.add_parsed(c"a", UINT, c"-1"), 0);
        assert_eq!(ps.add_parsed(c"b", UINT, c" 5"), 0);
        assert_eq!(ps.add_parsed(c"c", UINT, c"-4294967295"), 0);
        assert_eq!(ps.add_parsed(c"d", DOUBLE, c"1.5e3"), 0);
        assert_eq!(ps.add_parsed(c"e", INT, c"012"), 0);
        assert_eq!(ps.add_parsed(c"f", ULLONG, c"-5"), 0);
        assert_eq!(ps.add_parsed(c"g", BOOLEAN, c"TRUE"), 0);
        assert_eq!(ps.add_parsed(c"h", LLONG, c"99999999999"), 0);
        let mut u = 0;
        virTypedParamsGetUInt(ps.p, ps.n, c"a".as_ptr(), &mut u);
        assert_eq!(u, u32::MAX);
        virTypedParamsGetUInt(ps.p, ps.n, c"c".as_ptr(), &mut u);
        assert_eq!(u, 1);
        let mut i = 0;
        virTypedParamsGetInt(ps.p, ps.n, c"e".as_ptr(), &mut i);
        assert_eq!(i, 12);
        // refused, with libvirt's messages
        for (t, v, what) in [
            (INT, c"12x", "expected int"),
            (INT, c"0x10", "expected int"),
            (INT, c"", "expected int"),
            (INT, c"99999999999", "expected int"),
            (UINT, c"4294967296", "expected unsigned int"),
            (DOUBLE, c"abc", "expected double"),
            (DOUBLE, c"1.5x", "expected double"),
        ] {
            assert_eq!(ps.add_parsed(c"x", t, v), -1, "{v:?}");
            assert_eq!(
                last_error().unwrap().message,
                format!("invalid argument: Invalid value for field 'x': {what}")
            );
        }
        assert_eq!(ps.add_parsed(c"x", BOOLEAN, c"yes"), -1);
        assert_eq!(
            last_error().unwrap().message,
            "invalid argument: Invalid boolean value for field 'x'"
        );
        assert_eq!(ps.add_parsed(c"x", 99, c"1"), -1);
        assert_eq!(
            last_error().unwrap().message,
            "internal error: unexpected type 99 for field x"
        );
        assert_eq!(
            virTypedParamsAddFromString(
                &mut ps.p,
                &mut ps.n,
                &mut ps.max,
                c"x".as_ptr(),
                INT,
                std::ptr::null()
            ),
            -1
        );
        assert_eq!(
            last_error().unwrap().message,
            "invalid argument: NULL value for field 'x'"
        );
    }

    #[test]
    fn get_never_raises_or_resets() {
        crate::error::set_last_error(Error::new(FROM, Code::VIR_ERR_INTERNAL_ERROR, "before"));
        assert!(virTypedParamsGet(std::ptr::null_mut(), 3, c"x".as_ptr()).is_null());
        assert_eq!(last_error().unwrap().message, "internal error: before");
        virTypedParamsClear(std::ptr::null_mut(), 2);
        virTypedParamsFree(std::ptr::null_mut(), 0);
        assert_eq!(last_error().unwrap().message, "internal error: before");
    }
}

/// The caller's `nparams` parameters as the wire carries them, checked as libvirt's
/// `virTypedParameterValidateSet` does: each name NUL-terminated, each string non-NULL.
pub(crate) fn from_c(params: *const virTypedParameter, nparams: c_int) -> Result<Vec<crate::rpc::protocol::TypedParam>> {
    use crate::driver::TypedValue as V;
    if params.is_null() || nparams <= 0 {
        return Ok(Vec::new());
    }
    // SAFETY: the caller passes `nparams` parameters at `params` (checked non-NULL above).
    let all = unsafe { std::slice::from_raw_parts(params, nparams as usize) };
    let mut out = Vec::with_capacity(all.len());
    for p in all {
        let name = field_name(p);
        if name.len() == p.field.len() {
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_INVALID_ARG,
                format!("string parameter name '{}' too long", String::from_utf8_lossy(name)),
            ));
        }
        let field = String::from_utf8_lossy(name).into_owned();
        // SAFETY: the union member read is the one `type` says is stored.
        let value = unsafe {
            match p.r#type {
                INT => V::Int(p.value.i),
                UINT => V::UInt(p.value.ui),
                LLONG => V::LLong(p.value.l),
                ULLONG => V::ULLong(p.value.ul),
                DOUBLE => V::Double(p.value.d),
                BOOLEAN => V::Boolean(p.value.b != 0),
                STRING if p.value.s.is_null() => {
                    return Err(Error::new(
                        Domain::VIR_FROM_DOMAIN,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("NULL string parameter '{field}'"),
                    ))
                }
                STRING => V::String(CStr::from_ptr(p.value.s).to_string_lossy().into_owned()),
                t => {
                    return Err(Error::new(
                        FROM,
                        Code::VIR_ERR_INVALID_ARG,
                        format!("unexpected type {t} for field {field}"),
                    ))
                }
            }
        };
        out.push(crate::rpc::protocol::TypedParam { field, value });
    }
    Ok(out)
}

/// Writes `values` into the caller's array of `cap` parameters (strings strdup'ed, the
/// caller frees them with `virTypedParamsClear`); returns how many were written.
pub(crate) fn fill_c(params: virTypedParameterPtr, cap: usize, values: &[crate::rpc::protocol::TypedParam]) -> Result<c_int> {
    let pairs: Vec<(String, crate::driver::TypedValue)> =
        values.iter().take(cap).map(|p| (p.field.clone(), p.value.clone())).collect();
    if pairs.is_empty() || params.is_null() {
        return Ok(0);
    }
    let (array, n) = to_c_array(&pairs)?;
    // SAFETY: `array` holds `n` <= `cap` initialised parameters, `params` has room for
    // `cap`; the copies take over the strings, so only the array itself is freed.
    unsafe {
        std::ptr::copy_nonoverlapping(array, params, n as usize);
        libc::free(array as *mut libc::c_void);
    }
    Ok(n)
}
