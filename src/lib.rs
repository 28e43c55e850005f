//! A drop-in replacement for libvirt 9.0.0's `libvirt.so.0`, written in Rust.
//!
//! Layers, from the C caller inwards: [`api`] (the `extern "C"` surface, thin and
//! panic-safe) → [`datatypes`] (the objects behind handles) → [`driver`] (a connection's
//! driver, chosen by URI) → [`conf`] (domain XML and other definitions). Only `api` and
//! `abi` deal in raw pointers.

pub mod abi;
pub mod api;
pub mod conf;
pub mod config;
pub mod datatypes;
pub mod driver;
pub mod error;
pub mod event;
pub mod handle;
pub mod rpc;
pub mod sys;
pub mod uri;
