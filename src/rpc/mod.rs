//! libvirt's RPC wire protocol, shared by the remote driver (client) and qemud (server):
//! the XDR codec ([`xdr`]) and message framing ([`message`]).

pub mod client;
pub mod message;
pub mod xdr;
