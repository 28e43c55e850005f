//! Framing of libvirt's RPC messages: a 4-byte big-endian length (counting itself), a
//! 24-byte header, then the XDR payload.

use super::xdr::{Reader, Writer, Xdr};
use crate::error::{Code, Domain, Error, Result};

/// Program numbers (all version 1).
pub const REMOTE_PROGRAM: u32 = 0x2000_8086;
pub const QEMU_PROGRAM: u32 = 0x2000_8087;
pub const LXC_PROGRAM: u32 = 0x0006_8000;
pub const KEEPALIVE_PROGRAM: u32 = 0x6b65_6570;
pub const ADMIN_PROGRAM: u32 = 0x0690_0690;
pub const PROTOCOL_VERSION: u32 = 1;

/// Keepalive procedures.
pub const KEEPALIVE_PING: i32 = 1;
pub const KEEPALIVE_PONG: i32 = 2;

/// The largest message, excluding the length word (`VIR_NET_MESSAGE_MAX`).
pub const MESSAGE_MAX: usize = 33_554_432;
pub const HEADER_LEN: usize = 24;
pub const LEN_WORD: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum MessageType {
    Call = 0,
    Reply = 1,
    Message = 2,
    Stream = 3,
    CallWithFds = 4,
    ReplyWithFds = 5,
    StreamHole = 6,
}

impl MessageType {
    fn from_i32(v: i32) -> Option<MessageType> {
        use MessageType::*;
        [Call, Reply, Message, Stream, CallWithFds, ReplyWithFds, StreamHole].into_iter().find(|t| *t as i32 == v)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    Ok = 0,
    Error = 1,
    Continue = 2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub prog: u32,
    pub vers: u32,
    pub proc_: i32,
    pub kind: MessageType,
    pub serial: u32,
    pub status: Status,
}

impl Header {
    pub fn call(prog: u32, proc_: i32, serial: u32) -> Header {
        Header { prog, vers: PROTOCOL_VERSION, proc_, kind: MessageType::Call, serial, status: Status::Ok }
    }

    /// The header of the reply to this call.
    pub fn reply(&self, status: Status) -> Header {
        Header { kind: MessageType::Reply, status, ..*self }
    }
}

fn frame_error(what: String) -> Error {
    Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_RPC, what)
}

/// The total packet length a length word announces, checked against libvirt's bounds.
pub fn decode_length(word: [u8; 4]) -> Result<usize> {
    let len = u32::from_be_bytes(word) as usize;
    if len < LEN_WORD + HEADER_LEN {
        return Err(frame_error(format!("packet {len} bytes received from server too small, want {}", LEN_WORD + HEADER_LEN)));
    }
    if len > MESSAGE_MAX + LEN_WORD {
        return Err(frame_error(format!("packet {len} bytes received from server too large, want {}", MESSAGE_MAX + LEN_WORD)));
    }
    Ok(len)
}

/// Decodes a header from the bytes after the length word; returns it and the payload.
pub fn decode_header(body: &[u8]) -> Result<(Header, &[u8])> {
    let mut r = Reader::new(body);
    let prog = r.u32()?;
    let vers = r.u32()?;
    let proc_ = r.u32()? as i32;
    let kind = MessageType::from_i32(r.u32()? as i32).ok_or_else(|| frame_error("unknown message type".into()))?;
    let serial = r.u32()?;
    let status = match r.u32()? {
        0 => Status::Ok,
        1 => Status::Error,
        2 => Status::Continue,
        s => return Err(frame_error(format!("unknown message status {s}"))),
    };
    Ok((Header { prog, vers, proc_, kind, serial, status }, &body[HEADER_LEN..]))
}

/// A whole packet: length word, header, payload.
pub fn encode(header: &Header, payload: &impl Xdr) -> Result<Vec<u8>> {
    let mut w = Writer { buf: Vec::with_capacity(64) };
    w.u32(0);
    w.u32(header.prog);
    w.u32(header.vers);
    w.u32(header.proc_ as u32);
    w.u32(header.kind as i32 as u32);
    w.u32(header.serial);
    w.u32(header.status as i32 as u32);
    payload.encode(&mut w);
    let len = w.buf.len();
    if len > MESSAGE_MAX + LEN_WORD {
        return Err(frame_error(format!("message length {len} exceeds maximum {}", MESSAGE_MAX + LEN_WORD)));
    }
    w.buf[..4].copy_from_slice(&(len as u32).to_be_bytes());
    Ok(w.buf)
}

/// A whole packet whose payload is already encoded.
pub fn encode_raw(header: &Header, payload: &[u8]) -> Result<Vec<u8>> {
    struct Raw<'a>(&'a [u8]);
    impl Xdr for Raw<'_> {
        fn encode(&self, w: &mut Writer) {
            w.buf.extend_from_slice(self.0);
        }
        fn decode(_: &mut super::xdr::Reader<'_>) -> Result<Self> {
            Err(Error::internal(Domain::VIR_FROM_RPC, "a raw payload is not decoded"))
        }
    }
    encode(header, &Raw(payload))
}

/// `remote_nonnull_domain`: what drivers call a [`DomainId`](crate::driver::DomainId).
pub type NonnullDomain = crate::driver::DomainId;

/// `remote_nonnull_network`
pub type NonnullNetwork = crate::driver::NetworkId;

crate::xdr_struct! {
    /// `remote_error`: how a failed call's error travels.
    pub struct RemoteError {
        pub code: i32,
        pub domain: i32,
        pub message: Option<String>,
        pub level: i32,
        pub dom: Option<NonnullDomain>,
        pub str1: Option<String>,
        pub str2: Option<String>,
        pub str3: Option<String>,
        pub int1: i32,
        pub int2: i32,
        pub net: Option<NonnullNetwork>,
    }
}

impl From<&Error> for RemoteError {
    fn from(e: &Error) -> RemoteError {
        RemoteError {
            code: e.code as i32,
            domain: e.domain as i32,
            message: Some(e.message.clone()),
            level: e.level as i32,
            dom: None,
            str1: e.str1.clone(),
            str2: e.str2.clone(),
            str3: e.str3.clone(),
            int1: e.int1,
            int2: e.int2,
            net: None,
        }
    }
}

impl From<RemoteError> for Error {
    fn from(r: RemoteError) -> Error {
        let mut e = Error::raw(
            crate::error::domain_from_i32(r.domain).unwrap_or(Domain::VIR_FROM_NONE),
            crate::error::code_from_i32(r.code).unwrap_or(Code::VIR_ERR_INTERNAL_ERROR),
            r.message.unwrap_or_else(|| "unknown error".into()),
        );
        e.level = match r.level {
            0 => crate::error::virErrorLevel::VIR_ERR_NONE,
            1 => crate::error::virErrorLevel::VIR_ERR_WARNING,
            _ => crate::error::virErrorLevel::VIR_ERR_ERROR,
        };
        e.str1 = r.str1;
        e.str2 = r.str2;
        e.str3 = r.str3;
        e.int1 = r.int1;
        e.int2 = r.int2;
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_call_is_28_bytes() {
        let p = encode(&Header::call(REMOTE_PROGRAM, 66, 0), &()).unwrap();
        assert_eq!(p.len(), 28);
        assert_eq!(decode_length([p[0], p[1], p[2], p[3]]).unwrap(), 28);
        let (h, payload) = decode_header(&p[4..]).unwrap();
        assert_eq!(h, Header::call(REMOTE_PROGRAM, 66, 0));
        assert!(payload.is_empty());
    }

    #[test]
    fn bad_lengths_and_headers() {
        assert!(decode_length(27u32.to_be_bytes()).is_err());
        assert!(decode_length(((MESSAGE_MAX + 5) as u32).to_be_bytes()).is_err());
        assert!(decode_header(&[0; 10]).is_err());
        let mut p = encode(&Header::call(REMOTE_PROGRAM, 1, 1), &()).unwrap();
        p[4 + 12..4 + 16].copy_from_slice(&9u32.to_be_bytes());
        assert!(decode_header(&p[4..]).is_err());
    }

    #[test]
    fn errors_travel_intact() {
        let e = Error::new(Domain::VIR_FROM_TEST, Code::VIR_ERR_NO_DOMAIN, "no domain with matching name 'x'");
        let wire = RemoteError::from(&e).to_xdr();
        let back: Error = RemoteError::from_xdr(&wire).unwrap().into();
        assert_eq!(back, e);
    }
}
