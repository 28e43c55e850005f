//! The remote driver's calls: each `Hypervisor` method as one RPC procedure.

use super::RemoteConnection;
use crate::driver::{Hypervisor, OpenFlags};
use crate::error::{Code, Domain, Error, Result};
use crate::rpc::xdr::Array;

crate::xdr_struct! {
    pub struct AuthListRet {
        pub types: Array<i32, 20>,
    }
}

crate::xdr_struct! {
    pub struct OpenArgs {
        pub name: Option<String>,
        pub flags: u32,
    }
}

const PROC_CONNECT_OPEN: i32 = 1;
const PROC_AUTH_LIST: i32 = 66;
const AUTH_NONE: i32 = 0;

impl RemoteConnection {
    /// libvirt's open sequence: which authentication the daemon wants, then open.
    pub(super) fn handshake(&self, name: &str, flags: OpenFlags) -> Result<()> {
        let auth: AuthListRet = self.client.call(PROC_AUTH_LIST, &())?;
        if !auth.types.0.is_empty() && !auth.types.0.contains(&AUTH_NONE) {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_AUTH_UNAVAILABLE,
                format!("the server requires authentication types {:?}, which this client does not support yet", auth.types.0),
            ));
        }
        let _: () = self.client.call(PROC_CONNECT_OPEN, &OpenArgs { name: Some(name.to_string()), flags: flags.read_only as u32 })?;
        Ok(())
    }
}

impl Hypervisor for RemoteConnection {}
