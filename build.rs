//! Links `libvirt.so` the way libvirt's own build does: SONAME `libvirt.so.0` and a
//! version script that gives each public symbol its libvirt version node.
//! The symbol list (`abi/libvirt.syms`) and node order (`abi/libvirt.versions`) are
//! the single list of what this library exports.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let syms = fs::read_to_string(root.join("abi/libvirt.syms")).expect("abi/libvirt.syms");
    let nodes = fs::read_to_string(root.join("abi/libvirt.versions")).expect("abi/libvirt.versions");
    println!("cargo:rerun-if-changed=abi/libvirt.syms");
    println!("cargo:rerun-if-changed=abi/libvirt.versions");

    let mut map = String::new();
    let mut previous: Option<&str> = None;
    let node_names: Vec<&str> = nodes.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (i, node) in node_names.iter().enumerate() {
        let _ = writeln!(map, "{node} {{\n    global:");
        for line in syms.lines() {
            let mut parts = line.split_whitespace();
            if let (Some(sym), Some(n)) = (parts.next(), parts.next()) {
                if n == *node {
                    let _ = writeln!(map, "        {sym};");
                }
            }
        }
        if i == node_names.len() - 1 {
            map.push_str("    local:\n        *;\n");
        }
        match previous {
            Some(p) => {
                let _ = writeln!(map, "}} {p};\n");
            }
            None => map.push_str("};\n\n"),
        }
        previous = Some(node);
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let map_path = out.join("libvirt.map");
    fs::write(&map_path, map).expect("write version script");

    // Only the cdylib gets the soname and the version script; rlib users (tests) do not.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libvirt.so.0");
    println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map_path.display());

    // One source of truth for versions: CARGO_PKG_VERSION → LIBVIR_VERSION_NUMBER.
    let version = env::var("CARGO_PKG_VERSION").unwrap();
    let mut it = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, micro) = (it.next().unwrap_or(0), it.next().unwrap_or(0), it.next().unwrap_or(0));
    println!("cargo:rustc-env=LIBVIR_VERSION_NUMBER={}", major * 1_000_000 + minor * 1_000 + micro);
}
