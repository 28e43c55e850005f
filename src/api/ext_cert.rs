//! libvirt-rs extensions (version node `LIBVIRT_RS_1.0`): certificates for the TLS
//! transport given by the application instead of (or beside) libvirt's PKI files, and a
//! callback that accepts or rejects a server's certificate.

use libc::{c_char, c_int};

use super::guard;
use crate::driver::remote::tls;
use crate::error::{Domain, Error};

/// As libvirt's virConnect* APIs (libvirt-host.c).
const FROM: Domain = Domain::VIR_FROM_DOMAIN;

/// What the PEM data given to `virConnectAddCertData` holds.
#[repr(C)]
#[allow(non_camel_case_types)]
pub enum virConnectCertType {
    /// CA certificates (one or more) trusted to sign servers' certificates; replace the
    /// CA file (`cacert.pem`) for later TLS opens.
    VIR_CONNECT_CERT_CA_CERT = 0,
    /// Certificate revocation lists; replace `cacrl.pem`.
    VIR_CONNECT_CERT_CA_CRL = 1,
    /// The client's private key; with `VIR_CONNECT_CERT_CLIENT_CERT`, replaces
    /// `clientkey.pem`/`clientcert.pem`. It must match the client certificate.
    VIR_CONNECT_CERT_CLIENT_KEY = 2,
    /// The client's certificate.
    VIR_CONNECT_CERT_CLIENT_CERT = 3,
    /// Server certificates the application already trusts: the certificate validator is
    /// told `trusted = 1` for them.
    VIR_CONNECT_CERT_TRUSTED_SERVER_CERT = 4,
}

/// What a `virConnectCertificateValidator` answers.
#[repr(C)]
#[allow(non_camel_case_types)]
pub enum virConnectCertValidation {
    /// Refuse the server: the open fails with VIR_ERR_AUTH_FAILED.
    VIR_CONNECT_CERT_REJECT = 0,
    /// Accept the server for this open.
    VIR_CONNECT_CERT_ACCEPT_ONCE = 1,
    /// Accept the server and remember its certificate in the trusted store
    /// (`$HOME/.pki/libvirt/trusted-servers.pem`), so later calls say `trusted = 1`.
    VIR_CONNECT_CERT_ACCEPT_ALWAYS = 2,
}

/// Called during each TLS open once the server's certificate passed the CA, CRL, date and
/// hostname checks: `hostname` as in the URI, `pem` the server's certificate, `trusted`
/// 1 if it is in the trusted store (the file, or `VIR_CONNECT_CERT_TRUSTED_SERVER_CERT`
/// data). Returns a `virConnectCertValidation`; any other value rejects. The strings are
/// valid only during the call. Called on the opening thread.
#[allow(non_camel_case_types)]
pub type virConnectCertificateValidator =
    Option<unsafe extern "C" fn(hostname: *const c_char, pem: *const c_char, trusted: c_int) -> c_int>;

/// Adds PEM data of `cert_type` (a `virConnectCertType`) for later TLS opens of this process,
/// in place of libvirt's PKI file of the same kind; several calls add up (CA certificates,
/// CRLs, trusted server certificates) or replace (key, certificate). `pem` NULL forgets
/// the data of that type. Checked at once: malformed PEM, an expired or not yet valid CA,
/// a certificate not fit for a TLS client, or a key and certificate that do not match
/// fail with nothing kept. Returns 0, or -1 with the error set.
#[no_mangle]
pub extern "C" fn virConnectAddCertData(cert_type: c_int, pem: *const c_char) -> c_int {
    guard(FROM, "virConnectAddCertData", |call| {
        let data = call.opt_str_arg(pem, "pem")?;
        tls::add_cert_data(cert_type, data.map(str::as_bytes), tls::DATA_NAME)?;
        Ok(0)
    })
}

/// As `virConnectAddCertData`, with the PEM data read from the file at `path`.
#[no_mangle]
pub extern "C" fn virConnectAddCertDataFile(cert_type: c_int, path: *const c_char) -> c_int {
    guard(FROM, "virConnectAddCertDataFile", |call| {
        let path = call.str_arg(path, "path")?;
        let mut text = Vec::new();
        let what = "certificate data";
        let opened = std::fs::File::open(path).map_err(|e| Error::system(tls::FROM, &format!("Cannot read {what} '{path}'"), &e))?;
        std::io::Read::read_to_end(&mut std::io::Read::take(opened, 1 << 20), &mut text)
            .map_err(|e| Error::system(tls::FROM, &format!("Cannot read {what} '{path}'"), &e))?;
        tls::add_cert_data(cert_type, Some(&text), path)?;
        Ok(0)
    })
}

/// Sets (or with NULL, removes) the process-wide server certificate validator.
/// Returns 0.
#[no_mangle]
pub extern "C" fn virConnectSetCertificateValidator(cb: virConnectCertificateValidator) -> c_int {
    guard(FROM, "virConnectSetCertificateValidator", |_| {
        tls::set_validator(cb);
        Ok(0)
    })
}
