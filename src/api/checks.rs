//! Argument checks of libvirt's public API beyond the basic ones on `Call` in
//! `api/mod.rs`: arrays that may be NULL when empty, strings that must not be empty,
//! callbacks, values behind pointers, flag combinations, UUID strings.
//!
//! libvirt raises these with `virReportInvalidArg` and friends, which store the message
//! as is (no "invalid argument: " prefix), the API name in `str1`, the argument's name
//! in `str2`, and 0 in `int1`/`int2`; `Call::arg_error` builds exactly that.

use std::sync::Arc;

use libc::{c_char, c_int, c_uint};

use crate::conf::uuid::Uuid;
use crate::datatypes::Connect;
use crate::error::{Code, Error, Result};

use super::Call;

/// A flag as the flag checks take it: its value and its C name, for the message.
/// `flag!(virDomainSaveRestoreFlags::VIR_DOMAIN_SAVE_RUNNING)` or `flag!(VIR_X)`.
macro_rules! flag {
    ($t:ident :: $v:ident) => {
        ($t::$v as u64, stringify!($v))
    };
    ($v:ident) => {
        ($v as u64, stringify!($v))
    };
}
pub(crate) use flag;

impl Call {
    /// An argument error as libvirt's public API raises it (see the module docs).
    pub fn arg_error(&self, arg: &str, message: String) -> Error {
        let mut e = Error::raw(self.from, Code::VIR_ERR_INVALID_ARG, message);
        e.str1 = Some(self.api.to_string());
        e.str2 = Some(arg.to_string());
        e.int1 = 0;
        e.int2 = 0;
        e
    }

    /// An array argument that may be NULL only when its length is not positive.
    pub fn non_null_array<T>(&self, p: *const T, len: i64, arg: &str) -> Result<()> {
        if p.is_null() && len > 0 {
            return Err(self.arg_error(arg, format!("{arg} in {} must not be NULL", self.api)));
        }
        Ok(())
    }

    /// An argument that must be NULL ("<arg> in <api> must be NULL").
    pub fn null<T>(&self, p: *const T, arg: &str) -> Result<()> {
        if !p.is_null() {
            return Err(self.arg_error(arg, format!("{arg} in {} must be NULL", self.api)));
        }
        Ok(())
    }

    /// A string argument that must be present and not empty.
    pub fn non_empty_str(&self, p: *const c_char, arg: &str) -> Result<()> {
        self.non_null(p, arg)?;
        // SAFETY: non-NULL, and libvirt's contract is that string arguments are valid
        // NUL-terminated strings; reading the first byte is within any such string.
        if unsafe { *p } == 0 {
            return Err(self.arg_error(
                arg,
                format!("string {arg} in {} must not be empty", self.api),
            ));
        }
        Ok(())
    }

    /// A callback argument that must be given.
    pub fn callback<F>(&self, cb: &Option<F>, arg: &str) -> Result<()> {
        if cb.is_none() {
            return Err(self.arg_error(arg, format!("{arg} in {} must not be NULL", self.api)));
        }
        Ok(())
    }

    /// An object handed to an event registration must belong to the connection the
    /// registration is made on: "<what> in <api> must match connection".
    pub fn owned_by(&self, owner: &Arc<Connect>, conn: &Arc<Connect>, arg: &str, what: &str) -> Result<()> {
        if !Arc::ptr_eq(owner, conn) {
            return Err(self.arg_error(arg, format!("{what} in {} must match connection", self.api)));
        }
        Ok(())
    }

    /// An event id of a registration must name one of the `known` events:
    /// "eventID in <api> must be less than <known>".
    pub fn event_id(&self, event_id: c_int, known: c_int) -> Result<()> {
        self.non_negative(event_id as i64, "eventID")?;
        if event_id >= known {
            return Err(self.arg_error("eventID", format!("eventID in {} must be less than {known}", self.api)));
        }
        Ok(())
    }

    /// The `int` an in/out argument points to (`*nparams`) must be greater than zero.
    /// `p` has been checked to be non-NULL before.
    pub fn positive_at(&self, p: *const c_int, arg: &str) -> Result<()> {
        if p.is_null() {
            return Ok(());
        }
        // SAFETY: non-NULL, and the caller passes a pointer to an int it owns.
        if unsafe { *p } <= 0 {
            return Err(self.arg_error(
                arg,
                format!("{arg} in {} must be greater than zero", self.api),
            ));
        }
        Ok(())
    }

    /// The `int` an in/out argument points to (`*nparams`) must not be negative.
    pub fn non_negative_at(&self, p: *const c_int, arg: &str) -> Result<()> {
        if p.is_null() {
            return Ok(());
        }
        // SAFETY: as in `positive_at`.
        if unsafe { *p } < 0 {
            return Err(self.arg_error(
                arg,
                format!("{arg} in {} must be zero or greater", self.api),
            ));
        }
        Ok(())
    }

    /// An array whose length is behind a pointer (`*nparams`): it may be NULL only when
    /// that length is 0. `len` has been checked to be non-NULL before.
    pub fn non_null_array_at<T>(&self, p: *const T, len: *const c_int, arg: &str) -> Result<()> {
        if len.is_null() {
            return Ok(());
        }
        // SAFETY: non-NULL, and the caller passes a pointer to an int it owns.
        if unsafe { *len } != 0 && p.is_null() {
            return Err(self.arg_error(arg, format!("{arg} in {} must not be NULL", self.api)));
        }
        Ok(())
    }

    /// An fd argument that must be an open socket.
    pub fn socket_fd(&self, fd: c_int, arg: &str) -> Result<()> {
        // SAFETY: fstat only writes into the zeroed struct we own; a bad fd is an error return.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: fstat only writes into the zeroed struct we own; a bad fd is an error return.
        if unsafe { libc::fstat(fd, &mut st) } < 0 {
            let err = std::io::Error::last_os_error();
            return Err(Error::system(
                self.from,
                &format!("Unable to access file descriptor {fd}"),
                &err,
            ));
        }
        if st.st_mode & libc::S_IFMT != libc::S_IFSOCK {
            return Err(self.arg_error(arg, format!("{arg} {fd} must be a socket")));
        }
        Ok(())
    }

    /// Whether an optional C string contains a newline.
    pub fn has_newline(&self, p: *const c_char) -> bool {
        if p.is_null() {
            return false;
        }
        // SAFETY: non-NULL; string arguments are valid NUL-terminated strings.
        unsafe { std::ffi::CStr::from_ptr(p) }
            .to_bytes()
            .contains(&b'\n')
    }

    /// `VIR_ERR_OVERFLOW`: "numerical overflow: <detail>".
    pub fn overflow(&self, detail: String) -> Error {
        Error::new(self.from, Code::VIR_ERR_OVERFLOW, detail)
    }

    /// `VIR_EXCLUSIVE_FLAGS`: two flags that cannot be combined.
    /// `flags` is an `unsigned int`, or the `unsigned long` of the older migration calls.
    pub fn exclusive_flags(
        &self,
        flags: impl Into<u64>,
        a: (u64, &str),
        b: (u64, &str),
    ) -> Result<()> {
        let flags = flags.into();
        if flags & a.0 != 0 && flags & b.0 != 0 {
            return Err(self.arg_error(
                "ctl",
                format!("Flags '{}' and '{}' are mutually exclusive", a.1, b.1),
            ));
        }
        Ok(())
    }

    /// `VIR_REQUIRE_FLAG`: `flag` may only be given together with `required`.
    pub fn required_flag(
        &self,
        flags: impl Into<u64>,
        flag: (u64, &str),
        required: (u64, &str),
    ) -> Result<()> {
        let flags = flags.into();
        if flags & flag.0 != 0 && flags & required.0 == 0 {
            return Err(self.arg_error(
                "ctl",
                format!("Flag '{}' is required by flag '{}'", required.1, flag.1),
            ));
        }
        Ok(())
    }

    /// A UUID given as a string: "<arg> in <api> must be a valid UUID" if it does not parse.
    pub fn uuid_str_arg(&self, p: *const c_char, arg: &str) -> Result<Uuid> {
        let text = self.str_arg(p, arg)?;
        Uuid::parse(text).ok_or_else(|| {
            self.arg_error(arg, format!("{arg} in {} must be a valid UUID", self.api))
        })
    }

    /// On a read-only connection, asking for secrets (`VIR_*_XML_SECURE`) is refused:
    /// "operation forbidden: <api> with secure flag".
    pub fn no_secure_flag_when_read_only(
        &self,
        read_only: bool,
        flags: c_uint,
        secure: c_uint,
    ) -> Result<()> {
        if read_only && flags & secure != 0 {
            return Err(Error::new(
                self.from,
                Code::VIR_ERR_OPERATION_DENIED,
                format!("{} with secure flag", self.api),
            ));
        }
        Ok(())
    }

    /// `VIR_ERR_NO_SUPPORT` naming another API: libvirt's convenience wrappers (e.g.
    /// `virSecretLookupByUUIDString`) fail inside the API they forward to.
    pub fn unsupported_as<T>(&self, api: &str) -> Result<T> {
        Err(Error::no_support(self.from, api))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Domain;

    fn call() -> Call {
        Call {
            api: "virTest",
            from: Domain::VIR_FROM_NETWORK,
            conn: None,
        }
    }

    #[test]
    fn arg_error_has_libvirts_shape() {
        let e = call().arg_error("names", "names in virTest must not be NULL".into());
        assert_eq!(e.code, Code::VIR_ERR_INVALID_ARG);
        assert_eq!(e.domain, Domain::VIR_FROM_NETWORK);
        assert_eq!(e.message, "names in virTest must not be NULL");
        assert_eq!(e.str1.as_deref(), Some("virTest"));
        assert_eq!(e.str2.as_deref(), Some("names"));
        assert_eq!((e.int1, e.int2), (0, 0));
    }

    #[test]
    fn arrays_may_be_null_when_empty() {
        let c = call();
        assert!(c.non_null_array(std::ptr::null::<u8>(), 0, "names").is_ok());
        assert!(c
            .non_null_array(std::ptr::null::<u8>(), -1, "names")
            .is_ok());
        assert!(c
            .non_null_array(std::ptr::null::<u8>(), 2, "names")
            .is_err());
    }

    #[test]
    fn empty_strings_are_refused() {
        let c = call();
        let e = c.non_empty_str(c"".as_ptr(), "disk").unwrap_err();
        assert_eq!(e.message, "string disk in virTest must not be empty");
        assert!(c.non_empty_str(c"vda".as_ptr(), "disk").is_ok());
    }

    #[test]
    fn flag_rules() {
        let c = call();
        let e = c.exclusive_flags(3u32, (1, "A"), (2, "B")).unwrap_err();
        assert_eq!(e.message, "Flags 'A' and 'B' are mutually exclusive");
        assert_eq!(e.str2.as_deref(), Some("ctl"));
        assert!(c.exclusive_flags(1u64, (1, "A"), (2, "B")).is_ok());
        let e = c
            .required_flag(2u32, (2, "KEEP"), (1, "COMPLETED"))
            .unwrap_err();
        assert_eq!(e.message, "Flag 'COMPLETED' is required by flag 'KEEP'");
        assert!(c.required_flag(3u32, (2, "KEEP"), (1, "COMPLETED")).is_ok());
    }

    #[test]
    fn values_behind_pointers() {
        let c = call();
        let zero: c_int = 0;
        let e = c.positive_at(&zero, "*nparams").unwrap_err();
        assert_eq!(e.message, "*nparams in virTest must be greater than zero");
        let minus: c_int = -1;
        assert!(c.non_negative_at(&minus, "*nparams").is_err());
        assert!(c.non_negative_at(&zero, "*nparams").is_ok());
    }

    #[test]
    fn uuid_strings() {
        let c = call();
        assert!(c
            .uuid_str_arg(c"6695eb01-f6a4-8304-79aa-97f2502e193f".as_ptr(), "uuidstr")
            .is_ok());
        let e = c.uuid_str_arg(c"nope".as_ptr(), "uuidstr").unwrap_err();
        assert_eq!(e.message, "uuidstr in virTest must be a valid UUID");
    }
}
