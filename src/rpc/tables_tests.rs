//! Checks over every procedure table together: numbering, names, APIs, error domains
//! and read-only access, against libvirt 9.0.0's public symbols and our exports.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::driver::api_error_domain;
use crate::error::Domain;
use crate::rpc::protocol::{self, all_procedures, info, Kind};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The public functions of libvirt 9.0.0 (`abi/libvirt.syms`, name per line).
fn public_symbols() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("abi/libvirt.syms")).expect("abi/libvirt.syms");
    text.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
}

/// `REMOTE_PROC_DOMAIN_GET_XML_DESC` -> "domaingetxmldesc": libvirt's API names
/// are the procedure's words in camel case, with their own capitals (XML, UUID).
fn squashed(name: &str) -> String {
    name.strip_prefix("REMOTE_PROC_").unwrap().replace('_', "").to_lowercase()
}

/// Each export of `src/api/*.rs`: its file, the error domain its `guard` (or
/// `guard_or`) reports with, resolved through the file's `const X: Domain = ...`
/// (the file's `FROM` when it has no guard), and whether it checks `writable`.
struct Export {
    file: String,
    domain: Option<String>,
    writable: bool,
}

fn exports() -> BTreeMap<String, Export> {
    let mut out = BTreeMap::new();
    let dir = root().join("src/api");
    for entry in std::fs::read_dir(&dir).expect("src/api") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let consts: HashMap<&str, &str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("const ")?.split_once(": Domain = Domain::"))
            .map(|(name, value)| (name, value.trim_end_matches(';').trim()))
            .collect();
        // Function bodies: the text from one `extern "C" fn name(` to the next; an
        // unnamed `extern "C" fn(` (a callback type) belongs to the function before.
        let pieces: Vec<&str> = text.split("extern \"C\" fn ").collect();
        let mut funcs: Vec<(String, bool, String)> = Vec::new();
        for (i, piece) in pieces.iter().enumerate().skip(1) {
            let name: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let before = pieces[i - 1].trim_end();
            let public = before.ends_with("pub") || before.ends_with("pub unsafe");
            if name.is_empty() {
                if let Some(last) = funcs.last_mut() {
                    last.2.push_str(piece);
                }
                continue;
            }
            funcs.push((name, public, piece.to_string()));
        }
        for (name, public, body) in funcs {
            if !public || !name.starts_with("vir") {
                continue;
            }
            let guard = match (body.find("guard("), body.find("guard_or(")) {
                (Some(g), Some(o)) if o < g => body[o + 9..].split_once(',').map(|(_, rest)| rest),
                (Some(g), _) => Some(&body[g + 6..]),
                (None, Some(o)) => body[o + 9..].split_once(',').map(|(_, rest)| rest),
                (None, None) => None,
            };
            let ident = guard.map(|g| g.split(',').next().unwrap().trim().to_string());
            let domain = match ident {
                Some(id) => match id.strip_prefix("Domain::") {
                    Some(d) => Some(d.to_string()),
                    None => consts.get(id.as_str()).map(|d| d.to_string()),
                },
                None => consts.get("FROM").map(|d| d.to_string()),
            };
            let writable = body.contains(".writable(");
            out.insert(name, Export { file: file.clone(), domain, writable });
        }
    }
    out
}


/// The APIs libvirt's migration procedures serve: internal functions, not public ones.
fn is_migration_step(name: &str) -> bool {
    name.starts_with("REMOTE_PROC_DOMAIN_MIGRATE_")
}

#[test]
fn tables_cover_libvirt_9_0_once_each() {
    let all = all_procedures();
    assert_eq!(all.iter().map(|p| p.num).collect::<Vec<_>>(), (1..=443).collect::<Vec<_>>());
    let names: BTreeSet<&str> = all.iter().map(|p| p.name).collect();
    assert_eq!(names.len(), all.len(), "no duplicate names");
    for t in protocol::TABLES {
        assert!(protocol::strictly_increasing(&t.procedures.iter().map(|p| p.num).collect::<Vec<_>>()));
    }
}

#[test]
fn api_names_are_public_functions_named_after_their_procedure() {
    let syms = public_symbols();
    assert!(syms.len() > 400);
    for p in all_procedures() {
        let (num, name, api) = (p.num, p.name, p.api);
        if api.is_empty() {
            let event = name.contains("_EVENT_") && !name.starts_with("REMOTE_PROC_CONNECT_DOMAIN_EVENT_")
                || name == "REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED";
            let daemon = name.starts_with("REMOTE_PROC_AUTH_") || name == "REMOTE_PROC_CONNECT_SUPPORTS_FEATURE";
            assert!(event || daemon, "{num} {name} has no API");
            assert_eq!(event, p.kind == Kind::Message, "{name}");
            let derived = squashed(name);
            assert!(!syms.iter().any(|s| s.to_lowercase() == format!("vir{derived}")), "{name} has an API");
            continue;
        }
        let expected = match name {
            // The callback-id variants serve the same public functions.
            "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY" => "connectdomaineventregisterany".into(),
            "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY" => "connectdomaineventderegisterany".into(),
            _ => squashed(name),
        };
        assert_eq!(api.strip_prefix("vir").unwrap().to_lowercase(), expected, "{name}");
        if is_migration_step(name) && !syms.contains(api) {
            assert_eq!(api_error_domain(api), Domain::VIR_FROM_DOMAIN);
        } else {
            assert!(syms.contains(api), "{num} {name}: {api} is not in abi/libvirt.syms");
        }
    }
    assert_eq!(info(166).unwrap().api, "virDomainMigrateSetMaxDowntime");
    assert_eq!(info(303).unwrap().api, "virDomainMigratePrepare3Params");
}

#[test]
fn error_domains_are_those_of_the_exporting_src_api_files() {
    let exports = exports();
    assert!(exports.len() > 400, "found {} exports", exports.len());
    let mut checked = 0;
    for (name, e) in &exports {
        let Some(domain) = &e.domain else { continue };
        assert_eq!(format!("{:?}", api_error_domain(name)), *domain, "{name} in {}", e.file);
        checked += 1;
    }
    assert!(checked > 400, "checked {checked}");
    // Every public API of the tables is exported, so the check above covered it.
    let syms = public_symbols();
    for p in all_procedures().into_iter().filter(|p| syms.contains(p.api)) {
        let e = exports.get(p.api).unwrap_or_else(|| panic!("{}: {} not exported by src/api", p.name, p.api));
        assert!(e.domain.is_some(), "{}: no error domain found in {}", p.api, e.file);
    }
    // Spot checks against libvirt.
    assert_eq!(api_error_domain("virSecretDefineXML"), Domain::VIR_FROM_SECRET);
    assert_eq!(api_error_domain("virNodeSuspendForDuration"), Domain::VIR_FROM_DOMAIN);
    assert_eq!(api_error_domain("virConnectDomainXMLToNative"), Domain::VIR_FROM_DOMAIN);
    assert_eq!(api_error_domain("virConnectListAllNWFilterBindings"), Domain::VIR_FROM_NWFILTER);
    assert_eq!(api_error_domain("virDomainRevertToSnapshot"), Domain::VIR_FROM_DOMAIN_SNAPSHOT);
    assert_eq!(api_error_domain("virConnectOpen"), Domain::VIR_FROM_NONE);
}

#[test]
fn every_export_that_refuses_read_only_connections_is_a_write_procedure() {
    let by_api: HashMap<&str, bool> = all_procedures().iter().filter(|p| !p.api.is_empty()).map(|p| (p.api, p.write)).collect();
    let mut checked = 0;
    for (name, e) in exports() {
        if let Some(&write) = by_api.get(name.as_str()) {
            if e.writable {
                assert!(write, "{name} ({}) checks writable but its procedure is not rw", e.file);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "checked {checked}");
    for api in ["virDomainMigrateSetMaxDowntime", "virDomainMigratePrepare3Params", "virSecretDefineXML"] {
        assert_eq!(by_api.get(api), Some(&true), "{api}");
    }
    assert_eq!(by_api.get("virDomainGetBlkioParameters"), Some(&false));
}
