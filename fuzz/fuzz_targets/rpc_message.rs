//! Arbitrary bytes through the RPC message decoder, as a daemon or client receives them
//! (see `virt::rpc::check_received_bytes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| virt::rpc::check_received_bytes(data));
