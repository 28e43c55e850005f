//! The capabilities document (`virConnectGetCapabilities`): what the host offers and
//! which guests a driver can run.
//!
//! The model is plain data with a formatter that writes libvirt's layout (including the
//! blank lines between `<host>` and the `<guest>`s). [`Capabilities::test_driver`] fills
//! it with the test driver's values; other drivers build their own.

use crate::conf::uuid::Uuid;
use crate::conf::xml::Buf;

/// The whole document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub host: Host,
    pub guests: Vec<Guest>,
}

/// `<host>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub uuid: Option<Uuid>,
    pub cpu: HostCpu,
    /// `suspend_mem`, `suspend_disk`, `suspend_hybrid`; empty prints `<power_management/>`.
    pub power_management: Vec<String>,
    /// `<iommu support='yes|no'/>`.
    pub iommu: Option<bool>,
    /// `<migration_features>` transports (`tcp`, `rdma`), when migration is supported.
    pub migration_transports: Option<Vec<String>>,
    /// NUMA cells; `Some(empty)` still prints `<topology><cells num='0'>`.
    pub cells: Option<Vec<Cell>>,
    pub secmodels: Vec<SecModel>,
}

/// `<host><cpu>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostCpu {
    pub arch: String,
    pub model: Option<String>,
    pub vendor: Option<String>,
    /// `<topology sockets dies cores threads>`.
    pub topology: Option<CpuTopology>,
    /// Empty elements under `<features>` (`pae`, `nonpae`, `vmx`, `svm`).
    pub features: Vec<String>,
    /// `<feature name='...'/>` entries of a host CPU model.
    pub model_features: Vec<String>,
    /// Supported page sizes in KiB.
    pub page_sizes_kib: Vec<u64>,
}

/// A CPU topology.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuTopology {
    pub sockets: u32,
    pub dies: u32,
    pub cores: u32,
    pub threads: u32,
}

/// A NUMA cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub id: u32,
    pub memory_kib: u64,
    /// (page size KiB, number of pages).
    pub pages: Vec<(u64, u64)>,
    /// (cell id, distance).
    pub distances: Vec<(u32, u32)>,
    pub cpus: Vec<CellCpu>,
}

/// A CPU inside a NUMA cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellCpu {
    pub id: u32,
    pub socket_id: u32,
    pub die_id: u32,
    pub core_id: u32,
    pub siblings: String,
}

/// `<secmodel>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecModel {
    pub model: String,
    pub doi: String,
    /// (virt type, label).
    pub base_labels: Vec<(String, String)>,
}

/// A `<machine>` a guest arch offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    pub name: String,
    pub canonical: Option<String>,
    pub max_cpus: Option<u32>,
    pub deprecated: bool,
}

/// A `<domain type=...>` inside a guest's `<arch>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestDomain {
    pub virt_type: String,
    pub emulator: Option<String>,
    pub machines: Vec<Machine>,
}

/// A guest feature: `<pae/>`, `<acpi default='on' toggle='yes'/>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuestFeature {
    pub name: String,
    pub default_on: Option<bool>,
    pub toggle: Option<bool>,
}

impl GuestFeature {
    /// A feature without `default`/`toggle`.
    pub fn plain(name: &str) -> GuestFeature {
        GuestFeature { name: name.to_string(), default_on: None, toggle: None }
    }
}

/// `<guest>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guest {
    pub os_type: String,
    pub arch: String,
    pub wordsize: u32,
    pub emulator: Option<String>,
    pub loader: Option<String>,
    pub machines: Vec<Machine>,
    pub domains: Vec<GuestDomain>,
    pub features: Vec<GuestFeature>,
}

impl Capabilities {
    /// The test driver's capabilities for a host with these NUMA cells
    /// ([`Capabilities::test_default_cells`] for `test:///default`, none for a node file).
    pub fn test_driver(cells: Vec<Cell>) -> Capabilities {
        let guest = |os_type: &str| Guest {
            os_type: os_type.into(),
            arch: "i686".into(),
            wordsize: 32,
            emulator: Some("/usr/bin/test-hv".into()),
            loader: None,
            machines: Vec::new(),
            domains: vec![GuestDomain { virt_type: "test".into(), emulator: None, machines: Vec::new() }],
            features: vec![GuestFeature::plain("pae"), GuestFeature::plain("nonpae")],
        };
        Capabilities {
            host: Host {
                uuid: None,
                cpu: HostCpu {
                    arch: "i686".into(),
                    features: vec!["pae".into(), "nonpae".into()],
                    page_sizes_kib: vec![4, 8, 2048, 1048576],
                    ..HostCpu::default()
                },
                power_management: Vec::new(),
                iommu: Some(false),
                migration_transports: None,
                cells: Some(cells),
                secmodels: vec![SecModel { model: "testSecurity".into(), doi: String::new(), base_labels: Vec::new() }],
            },
            guests: vec![guest("hvm"), guest("xen")],
        }
    }

    /// The two NUMA cells of `test:///default`: 8 CPUs each (one socket per cell),
    /// 2 GiB and 4 GiB.
    pub fn test_default_cells() -> Vec<Cell> {
        (0..2u32)
            .map(|n| {
                let memory_kib = 2097152 * u64::from(n + 1);
                let first_page = 4 * u64::from(n + 1);
                Cell {
                    id: n,
                    memory_kib,
                    pages: vec![(first_page, memory_kib / first_page), (2048, 0), (1048576, 0)],
                    distances: Vec::new(),
                    cpus: (0..8u32)
                        .map(|c| CellCpu {
                            id: n * 8 + c,
                            socket_id: n,
                            die_id: 0,
                            core_id: c,
                            siblings: (n * 8 + c).to_string(),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The document as libvirt writes it.
    pub fn format(&self) -> String {
        let mut b = Buf::with_indent(2);
        self.format_host(&mut b);
        b.push_raw("\n");
        for g in &self.guests {
            format_guest(&mut b, g);
            b.push_raw("\n");
        }
        format!("<capabilities>\n\n{}</capabilities>\n", b.into_string())
    }

    fn format_host(&self, b: &mut Buf) {
        let h = &self.host;
        b.open("host", &[]);
        if let Some(u) = &h.uuid {
            b.text_element("uuid", &[], &u.to_string());
        }
        b.open("cpu", &[]);
        b.text_element("arch", &[], &h.cpu.arch);
        if let Some(m) = &h.cpu.model {
            b.text_element("model", &[], m);
        }
        if let Some(v) = &h.cpu.vendor {
            b.text_element("vendor", &[], v);
        }
        if let Some(t) = &h.cpu.topology {
            b.empty(
                "topology",
                &[
                    ("sockets", Some(t.sockets.to_string())),
                    ("dies", Some(t.dies.to_string())),
                    ("cores", Some(t.cores.to_string())),
                    ("threads", Some(t.threads.to_string())),
                ],
            );
        }
        if !h.cpu.features.is_empty() {
            b.open("features", &[]);
            for f in &h.cpu.features {
                b.empty(f, &[]);
            }
            b.close("features");
        }
        for f in &h.cpu.model_features {
            b.empty("feature", &[("name", Some(f.clone()))]);
        }
        for size in &h.cpu.page_sizes_kib {
            b.empty("pages", &[("unit", Some("KiB".into())), ("size", Some(size.to_string()))]);
        }
        b.close("cpu");
        if h.power_management.is_empty() {
            b.empty("power_management", &[]);
        } else {
            b.open("power_management", &[]);
            for p in &h.power_management {
                b.empty(p, &[]);
            }
            b.close("power_management");
        }
        if let Some(i) = h.iommu {
            b.empty("iommu", &[("support", Some(if i { "yes" } else { "no" }.into()))]);
        }
        if let Some(transports) = &h.migration_transports {
            b.open("migration_features", &[]);
            b.empty("live", &[]);
            if !transports.is_empty() {
                b.open("uri_transports", &[]);
                for t in transports {
                    b.text_element("uri_transport", &[], t);
                }
                b.close("uri_transports");
            }
            b.close("migration_features");
        }
        if let Some(cells) = &h.cells {
            b.open("topology", &[]);
            b.open("cells", &[("num", Some(cells.len().to_string()))]);
            for c in cells {
                format_cell(b, c);
            }
            b.close("cells");
            b.close("topology");
        }
        for s in &h.secmodels {
            b.open("secmodel", &[]);
            b.text_element("model", &[], &s.model);
            b.text_element("doi", &[], &s.doi);
            for (ty, label) in &s.base_labels {
                b.text_element("baselabel", &[("type", Some(ty.clone()))], label);
            }
            b.close("secmodel");
        }
        b.close("host");
    }
}

fn format_cell(b: &mut Buf, c: &Cell) {
    b.open("cell", &[("id", Some(c.id.to_string()))]);
    b.text_element("memory", &[("unit", Some("KiB".into()))], &c.memory_kib.to_string());
    for (size, count) in &c.pages {
        b.text_element("pages", &[("unit", Some("KiB".into())), ("size", Some(size.to_string()))], &count.to_string());
    }
    if !c.distances.is_empty() {
        b.open("distances", &[]);
        for (id, value) in &c.distances {
            b.empty("sibling", &[("id", Some(id.to_string())), ("value", Some(value.to_string()))]);
        }
        b.close("distances");
    }
    b.open("cpus", &[("num", Some(c.cpus.len().to_string()))]);
    for cpu in &c.cpus {
        b.empty(
            "cpu",
            &[
                ("id", Some(cpu.id.to_string())),
                ("socket_id", Some(cpu.socket_id.to_string())),
                ("die_id", Some(cpu.die_id.to_string())),
                ("core_id", Some(cpu.core_id.to_string())),
                ("siblings", Some(cpu.siblings.clone())),
            ],
        );
    }
    b.close("cpus");
    b.close("cell");
}

fn format_machines(b: &mut Buf, machines: &[Machine]) {
    for m in machines {
        b.text_element(
            "machine",
            &[
                ("canonical", m.canonical.clone()),
                ("maxCpus", m.max_cpus.map(|n| n.to_string())),
                ("deprecated", m.deprecated.then(|| "yes".to_string())),
            ],
            &m.name,
        );
    }
}

fn format_guest(b: &mut Buf, g: &Guest) {
    b.open("guest", &[]);
    b.text_element("os_type", &[], &g.os_type);
    b.open("arch", &[("name", Some(g.arch.clone()))]);
    b.text_element("wordsize", &[], &g.wordsize.to_string());
    if let Some(e) = &g.emulator {
        b.text_element("emulator", &[], e);
    }
    if let Some(l) = &g.loader {
        b.text_element("loader", &[], l);
    }
    format_machines(b, &g.machines);
    for d in &g.domains {
        if d.emulator.is_none() && d.machines.is_empty() {
            b.empty("domain", &[("type", Some(d.virt_type.clone()))]);
        } else {
            b.open("domain", &[("type", Some(d.virt_type.clone()))]);
            if let Some(e) = &d.emulator {
                b.text_element("emulator", &[], e);
            }
            format_machines(b, &d.machines);
            b.close("domain");
        }
    }
    b.close("arch");
    if !g.features.is_empty() {
        b.open("features", &[]);
        for f in &g.features {
            let yn = |v: Option<bool>, yes: &str, no: &str| v.map(|v| if v { yes } else { no }.to_string());
            b.empty(&f.name, &[("default", yn(f.default_on, "on", "off")), ("toggle", yn(f.toggle, "yes", "no"))]);
        }
        b.close("features");
    }
    b.close("guest");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `virConnectGetCapabilities` on libvirt 9.0.0's test:///default (what `virsh -c
    /// test:///default capabilities` prints, without virsh's extra newline); see
    /// `testdata/regen.py`.
    const DEFAULT: &str = include_str!("testdata/capabilities-default.expected.xml");
    /// The same for a node file (`test:///path/node.xml`), which has no NUMA cells.
    const NODE_FILE: &str = include_str!("testdata/capabilities-nodefile.expected.xml");

    #[test]
    fn test_default_matches_reference() {
        assert_eq!(Capabilities::test_driver(Capabilities::test_default_cells()).format(), DEFAULT);
    }

    #[test]
    fn test_node_file_matches_reference() {
        assert_eq!(Capabilities::test_driver(Vec::new()).format(), NODE_FILE);
    }

    #[test]
    fn optional_parts() {
        let mut caps = Capabilities::test_driver(Vec::new());
        caps.host.uuid = Some(Uuid([0; 16]));
        caps.host.cpu.topology = Some(CpuTopology { sockets: 1, dies: 1, cores: 2, threads: 1 });
        caps.host.migration_transports = Some(vec!["tcp".into()]);
        caps.guests[0].domains[0].emulator = Some("/usr/bin/qemu".into());
        caps.guests[0].machines.push(Machine { name: "pc".into(), canonical: None, max_cpus: Some(255), deprecated: false });
        let text = caps.format();
        assert!(text.contains("    <uuid>00000000-0000-0000-0000-000000000000</uuid>\n"));
        assert!(text.contains("      <topology sockets='1' dies='1' cores='2' threads='1'/>\n"));
        assert!(text.contains("      <machine maxCpus='255'>pc</machine>\n"));
        assert!(text.contains(
            "      <domain type='test'>\n        <emulator>/usr/bin/qemu</emulator>\n      </domain>\n"
        ));
        assert!(text.contains("      <uri_transports>\n        <uri_transport>tcp</uri_transport>\n"));
    }
}
