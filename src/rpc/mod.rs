//! libvirt's RPC wire protocol, shared by the remote driver (client) and qemud (server):
//! the XDR codec ([`xdr`]), message framing ([`message`]), the procedure table
//! ([`protocol`]) and the wire <-> driver type mappings ([`convert`]).

pub mod client;
pub mod convert;
pub mod message;
pub mod declare;
pub mod fds;
pub mod wire;
pub mod protocol;
pub mod xdr;

/// Decodes `data` as a received packet would be: length word, header, and the payload as
/// the arguments and as the return value of the procedure the header names. Panics if
/// a payload that decodes does not re-encode stably. The fuzz target and the regression
/// test over saved inputs (`fuzz/regressions/`) both run this.
pub fn check_received_bytes(data: &[u8]) {
    use xdr::Xdr;
    if data.len() < 4 {
        return;
    }
    let Ok(len) = message::decode_length([data[0], data[1], data[2], data[3]]) else { return };
    let body = &data[4..data.len().min(len)];
    let Ok((header, payload)) = message::decode_header(body) else { return };
    for args in [true, false] {
        if let Some(Ok(bytes)) = protocol::reencode_payload(header.proc_, args, payload) {
            let again = protocol::reencode_payload(header.proc_, args, &bytes);
            assert!(
                matches!(again, Some(Ok(ref b)) if *b == bytes),
                "re-encoding is not stable for procedure {}",
                header.proc_
            );
        }
    }
    let _ = message::RemoteError::from_xdr(payload);
}

#[cfg(test)]
mod fuzz_regressions {
    /// Every input the fuzzer ever found a problem with stays a test.
    #[test]
    fn saved_inputs_decode_without_panicking() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
        let mut n = 0;
        for entry in std::fs::read_dir(&dir).expect("fuzz/regressions exists") {
            let path = entry.expect("readable entry").path();
            if path.extension().is_some_and(|e| e == "bin") {
                super::check_received_bytes(&std::fs::read(&path).expect("readable input"));
                n += 1;
            }
        }
        assert!(n > 0, "no saved inputs in {}", dir.display());
    }
}

#[cfg(test)]
mod tables_tests;
