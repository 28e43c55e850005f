//! Generates `include/libvirt/libvirt.h` and `include/libvirt/virterror.h` from the
//! library's Rust source with cbindgen (pinned by Cargo.lock, so output is reproducible).
//!
//! `gen-headers` rewrites the headers; `gen-headers --check` exits 1 if the committed
//! headers differ from what the source generates (the staleness test runs this).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn rust_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter(|p| !skip.iter().any(|s| p.file_name().is_some_and(|f| f == *s)))
        .filter(|p| !p.file_name().is_some_and(|f| f.to_string_lossy().contains("tests")))
        .collect();
    files.sort();
    files
}

/// Names of every `pub struct`/`pub enum`/`pub type` in `files`: cbindgen only emits
/// types that exported functions use, but C programs also use libvirt's enums directly.
fn type_names(files: &[PathBuf]) -> Vec<String> {
    let mut names = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for line in text.lines() {
            let line = line.trim_start();
            for kw in ["pub struct ", "pub enum ", "pub type "] {
                if let Some(rest) = line.strip_prefix(kw) {
                    let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if name.starts_with("vir") {
                        names.push(name);
                    }
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Names of the exported functions (`pub extern "C" fn`) in `files`.
fn function_names(files: &[PathBuf]) -> Vec<String> {
    let mut names = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("pub extern \"C\" fn ") {
                names.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
            }
        }
    }
    names
}

/// `#define`s for the string constants (`pub const NAME: &CStr = c"...";`), which
/// cbindgen does not emit.
fn string_defines(files: &[PathBuf]) -> String {
    let mut out = String::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("pub const ") else { continue };
            let Some((name, value)) = rest.split_once(": &CStr = c\"") else { continue };
            let Some(value) = value.strip_suffix("\";") else { continue };
            out.push_str(&format!("#define {name} \"{value}\"\n"));
        }
    }
    out
}

/// libvirt's function-like macros: C preprocessor only, so they cannot come from Rust.
const MACROS: &str = r#"
#define VIR_NODEINFO_MAXCPUS(nodeinfo) ((nodeinfo).nodes*(nodeinfo).sockets*(nodeinfo).cores*(nodeinfo).threads)
#define VIR_USE_CPU(cpumap, cpu) ((cpumap)[(cpu) / 8] |= (1 << ((cpu) % 8)))
#define VIR_UNUSE_CPU(cpumap, cpu) ((cpumap)[(cpu) / 8] &= ~(1 << ((cpu) % 8)))
#define VIR_CPU_USED(cpumap, cpu) ((cpumap)[(cpu) / 8] & (1 << ((cpu) % 8)))
#define VIR_CPU_MAPLEN(cpu) (((cpu) + 7) / 8)
#define VIR_GET_CPUMAP(cpumaps, maplen, vcpu) (&((cpumaps)[(vcpu) * (maplen)]))
#define VIR_CPU_USABLE(cpumaps, maplen, vcpu, cpu) \
    VIR_CPU_USED(VIR_GET_CPUMAP(cpumaps, maplen, vcpu), cpu)
#define VIR_COPY_CPUMAP(cpumaps, maplen, vcpu, cpumap) \
    memcpy(cpumap, VIR_GET_CPUMAP(cpumaps, maplen, vcpu), maplen)
#define VIR_DOMAIN_EVENT_CALLBACK(cb) ((virConnectDomainEventGenericCallback)(cb))
#define VIR_NETWORK_EVENT_CALLBACK(cb) ((virConnectNetworkEventGenericCallback)(cb))
#define VIR_NODE_DEVICE_EVENT_CALLBACK(cb) ((virConnectNodeDeviceEventGenericCallback)(cb))
#define VIR_SECRET_EVENT_CALLBACK(cb) ((virConnectSecretEventGenericCallback)(cb))
#define VIR_STORAGE_POOL_EVENT_CALLBACK(cb) ((virConnectStoragePoolEventGenericCallback)(cb))
"#;

/// `src/api/ext_*.rs`: the libvirt-rs extensions (version node `LIBVIRT_RS_1.0`).
fn ext_files(api: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = rust_files(api, &[])
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with("ext_")))
        .collect();
    v.sort();
    v
}

/// The extensions' declarations, behind `LIBVIR_RS_EXTENSIONS`, for the header's end.
#[allow(clippy::field_reassign_with_default)]
fn extensions(root: &Path, files: &[PathBuf]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut c = cbindgen::Config::default();
    c.language = cbindgen::Language::C;
    c.no_includes = true;
    c.cpp_compat = true;
    c.documentation = true;
    c.documentation_style = cbindgen::DocumentationStyle::C;
    c.style = cbindgen::Style::Type;
    c.enumeration.prefix_with_name = false;
    c.export.include = type_names(files);
    let text = String::from_utf8(generate(root, c, files)).expect("cbindgen writes UTF-8");
    format!(
        "\n/* ---- libvirt-rs extensions (version node LIBVIRT_RS_1.0; not in libvirt) ---- */\n\n\
         #ifndef LIBVIR_RS_EXTENSIONS\n#define LIBVIR_RS_EXTENSIONS 1\n{}\n\n#endif /* LIBVIR_RS_EXTENSIONS */\n",
        text.trim_end()
    )
}

// cbindgen's Config nests sub-configs; setting fields one by one reads better here.
#[allow(clippy::field_reassign_with_default)]
fn config(
    guard: &str,
    header: &str,
    includes: Vec<String>,
    after: String,
    types: Vec<String>,
    exclude: Vec<String>,
    trailer: String,
) -> cbindgen::Config {
    let mut c = cbindgen::Config::default();
    c.language = cbindgen::Language::C;
    c.header = Some(header.to_string());
    c.include_guard = Some(guard.to_string());
    c.sys_includes = includes;
    c.after_includes = Some(after);
    c.cpp_compat = true;
    c.documentation = true;
    c.documentation_style = cbindgen::DocumentationStyle::C;
    c.style = cbindgen::Style::Type;
    c.usize_is_size_t = true;
    c.enumeration.prefix_with_name = false;
    c.export.include = types;
    c.export.exclude = exclude;
    if !trailer.is_empty() {
        c.trailer = Some(trailer);
    }
    c.autogen_warning = Some("/* Generated by tools/gen-headers (cbindgen) from the Rust source. Do not edit. */".into());
    c
}

fn generate(root: &Path, cfg: cbindgen::Config, srcs: &[PathBuf]) -> Vec<u8> {
    let mut b = cbindgen::Builder::new().with_config(cfg);
    for s in srcs {
        b = b.with_src(s);
    }
    let bindings = b.generate().unwrap_or_else(|e| panic!("cbindgen: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    let _ = root;
    out
}

fn main() -> ExitCode {
    let check = std::env::args().any(|a| a == "--check");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repo root");
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let number = parts.next().unwrap_or(0) * 1_000_000 + parts.next().unwrap_or(0) * 1_000 + parts.next().unwrap_or(0);

    let abi = rust_files(&root.join("src/abi"), &["virterror.rs"]);
    // cbindgen follows `mod` declarations, so the two module roots reach every file
    // once; listing the files as well declared every function twice.
    let libvirt_srcs = vec![root.join("src/abi/mod.rs"), root.join("src/api/mod.rs")];
    let err_srcs = vec![root.join("src/abi/virterror.rs"), root.join("src/api/error_api.rs")];

    let libvirt_after = format!(
        "\n#define LIBVIR_VERSION_NUMBER {number}\n\n\
         #define LIBVIR_CHECK_VERSION(major, minor, micro) \\\n    \
         ((major) * 1000000 + (minor) * 1000 + (micro) <= LIBVIR_VERSION_NUMBER)\n"
    );
    let header = "/*\n * libvirt.h: the public API of libvirt 9.0.0, as this library implements it.\n * SPDX-License-Identifier: LGPL-2.1-or-later\n */";
    let err_header = "/*\n * virterror.h: errors of the libvirt 9.0.0 API, as this library implements them.\n * SPDX-License-Identifier: LGPL-2.1-or-later\n */";
    // virterror.h's items are reachable from libvirt.h's sources too (through the module
    // tree); they belong to virterror.h only.
    let mut error_items = type_names(&err_srcs[..1]);
    error_items.extend(function_names(&err_srcs[1..]));
    // The project's extensions (`src/api/ext_*.rs`) get a section of their own at the end.
    let ext = ext_files(&root.join("src/api"));
    let mut exclude = error_items;
    exclude.extend(type_names(&ext));
    exclude.extend(function_names(&ext));
    let trailer = format!("\n{}{}{MACROS}", string_defines(&abi), extensions(&root, &ext));
    let outputs = [
        (
            "include/libvirt/libvirt.h",
            generate(
                &root,
                config("LIBVIRT_H", header, vec!["sys/types.h".into()], libvirt_after, type_names(&abi), exclude, trailer),
                &libvirt_srcs,
            ),
        ),
        (
            "include/libvirt/virterror.h",
            generate(
                &root,
                config(
                    "VIR_VIRERR_H",
                    err_header,
                    vec!["libvirt/libvirt.h".into()],
                    String::new(),
                    type_names(&err_srcs[..1]),
                    Vec::new(),
                    String::new(),
                ),
                &err_srcs,
            ),
        ),
    ];

    let mut stale = false;
    for (path, text) in outputs {
        let full = root.join(path);
        if check {
            if std::fs::read(&full).ok().as_deref() != Some(&text[..]) {
                eprintln!("{path} is stale: run `cargo run -p gen-headers` and commit the result");
                stale = true;
            }
        } else {
            std::fs::create_dir_all(full.parent().expect("has a parent")).expect("create include dir");
            std::fs::write(&full, &text).unwrap_or_else(|e| panic!("{path}: {e}"));
            println!("wrote {path}");
        }
    }
    if stale {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
