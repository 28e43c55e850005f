//! libvirt's RPC wire protocol, shared by the remote driver (client) and qemud (server):
//! the XDR codec ([`xdr`]), message framing ([`message`]), the procedure table
//! ([`protocol`]) and the wire <-> driver type mappings ([`convert`]).

pub mod client;
pub mod convert;
pub mod message;
pub mod protocol;
pub mod xdr;
