//! The configuration model: libvirt's XML documents as Rust values.
//!
//! Every driver speaks XML at its edges (`virDomainDefineXML`, `virDomainGetXMLDesc`,
//! `virConnectGetCapabilities`, the test driver's node file). This module turns that XML
//! into typed definitions and back, with libvirt 9.0.0's defaults, validation errors
//! (codes, domains and messages) and output formatting, so that a document produced here
//! is byte-identical to what libvirt prints for the same input.
//!
//! - [`uuid`]: UUIDs as libvirt parses and prints them.
//! - [`xml`]: the shared XML plumbing: parsing with libvirt's error reports, a generic
//!   element tree for parts kept verbatim, and the two output styles libvirt uses.
//! - [`units`]: memory sizes with unit suffixes (`<memory unit='MiB'>`), in KiB.
//! - [`bitmap`]: CPU sets (`0-3,^2`).
//! - [`domain`]: the domain definition (`<domain>`), parse, defaults, format.
//! - [`capabilities`]: the host/guest capabilities document.
//! - [`node`]: the test driver's node description file (`test:///path/to/node.xml`).
//!
//! Parsing is pure: nothing here touches driver state. Drivers decide what a parsed
//! definition means for their objects (duplicate names, ids, persistence).

#![forbid(unsafe_code)]

pub mod bitmap;
pub mod capabilities;
pub mod checkpoint;
pub mod cpu;
pub mod cpu_map;
pub mod cpu_models;
pub mod domain;
pub mod interface;
pub mod network;
pub mod node;
pub mod nodedev;
pub mod snapshot;
pub mod storage;
pub mod units;
pub mod uuid;
pub mod xml;
