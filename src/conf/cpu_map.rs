//! libvirt's CPU map: the vendors, features and models its CPU drivers know, read at run
//! time from where libvirt keeps them (`/usr/share/libvirt/cpu_map/`: `index.xml` names,
//! per architecture, the files to include). Only the parts baseline computation uses are
//! kept: for x86 each feature's CPUID/MSR bits, each model's bits, vendor and decode
//! flags; for ppc64 the model and vendor names.
//!
//! [`X86Data`] is the bit set the x86 driver computes with (`virCPUx86Data`): one entry
//! per CPUID leaf/subleaf or MSR, its registers as four words. An all-zero entry means
//! the same as a missing one, as libvirt's iterators skip them.
//!
//! The directory can be moved with `LIBVIRT_CPU_MAP_DIR` (tests use it); the files are
//! never copied into this project. A missing or malformed map is an error naming the file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::conf::xml;
use crate::error::{Code, Domain, Error, Result};

/// Where libvirt 9.0 installs its CPU map.
pub const DEFAULT_DIR: &str = "/usr/share/libvirt/cpu_map";

/// The largest map file read (libvirt's biggest, x86_features.xml, is about 25 KiB).
const MAX_FILE_BYTES: u64 = 4 << 20;

/// The most files one architecture may include.
const MAX_INCLUDES: usize = 1024;

/// The map directory in use: `LIBVIRT_CPU_MAP_DIR`, else libvirt's.
pub fn map_dir() -> PathBuf {
    std::env::var_os("LIBVIRT_CPU_MAP_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
}

fn map_error(detail: String) -> Error {
    Error::new(Domain::VIR_FROM_CPU, Code::VIR_ERR_INTERNAL_ERROR, detail)
}

// ---------------------------------------------------------------------------------------
// x86 data

/// A CPUID leaf (input EAX and ECX) or an MSR index. CPUID entries sort before MSRs, as
/// libvirt sorts its data items by type first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Leaf {
    Cpuid { eax_in: u32, ecx_in: u32 },
    Msr { index: u32 },
}

/// Registers of one entry: EAX, EBX, ECX, EDX for CPUID; EAX and EDX (EBX and ECX zero)
/// for an MSR.
pub type Regs = [u32; 4];

/// A set of CPUID/MSR bits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct X86Data(pub BTreeMap<Leaf, Regs>);

impl X86Data {
    fn nonzero(&self) -> impl Iterator<Item = (&Leaf, &Regs)> {
        self.0.iter().filter(|(_, r)| r.iter().any(|w| *w != 0))
    }

    /// Sets the bits of one entry.
    pub fn add_item(&mut self, leaf: Leaf, regs: Regs) {
        let e = self.0.entry(leaf).or_default();
        for i in 0..4 {
            e[i] |= regs[i];
        }
    }

    /// Sets every bit of `other`.
    pub fn add(&mut self, other: &X86Data) {
        for (leaf, regs) in other.nonzero() {
            self.add_item(*leaf, *regs);
        }
    }

    /// Clears every bit of `other`.
    pub fn subtract(&mut self, other: &X86Data) {
        for (leaf, regs) in self.0.iter_mut() {
            if let Some(o) = other.0.get(leaf) {
                for i in 0..4 {
                    regs[i] &= !o[i];
                }
            }
        }
    }

    /// Keeps only the bits also in `other`.
    pub fn intersect(&mut self, other: &X86Data) {
        for (leaf, regs) in self.0.iter_mut() {
            let o = other.0.get(leaf).copied().unwrap_or_default();
            for i in 0..4 {
                regs[i] &= o[i];
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nonzero().next().is_none()
    }

    /// Whether every bit of `subset` is set here.
    pub fn contains(&self, subset: &X86Data) -> bool {
        subset.nonzero().all(|(leaf, mask)| match self.0.get(leaf) {
            Some(regs) => (0..4).all(|i| regs[i] & mask[i] == mask[i]),
            None => false,
        })
    }
}

/// A vendor: its name and the CPUID leaf 0 words spelling its 12-character string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct X86Vendor {
    pub name: String,
    pub data: X86Data,
}

#[derive(Clone, Debug)]
pub struct X86Feature {
    pub name: String,
    pub data: X86Data,
    /// False for features marked `migratable='no'`.
    pub migratable: bool,
}

#[derive(Clone, Debug)]
pub struct X86Model {
    pub name: String,
    pub decode_host: bool,
    pub decode_guest: bool,
    /// Index into [`X86Map::vendors`].
    pub vendor: Option<usize>,
    pub data: X86Data,
    /// Features listed with `removed='yes'`: no longer part of the model, but named
    /// (disabled) in a guest CPU that uses it.
    pub removed: Vec<String>,
}

/// The x86 part of the map, each list in the map's order.
#[derive(Clone, Debug, Default)]
pub struct X86Map {
    pub vendors: Vec<X86Vendor>,
    pub features: Vec<X86Feature>,
    pub models: Vec<X86Model>,
    feature_index: HashMap<String, usize>,
}

impl X86Map {
    pub fn feature(&self, name: &str) -> Option<&X86Feature> {
        self.feature_index.get(name).map(|i| &self.features[*i])
    }

    pub fn model(&self, name: &str) -> Option<&X86Model> {
        self.models.iter().find(|m| m.name == name)
    }

    pub fn vendor_index(&self, name: &str) -> Option<usize> {
        self.vendors.iter().position(|v| v.name == name)
    }

    /// The vendor whose string `data` carries, if any.
    pub fn vendor_of(&self, data: &X86Data) -> Option<usize> {
        self.vendors.iter().position(|v| data.contains(&v.data))
    }

    fn add_vendor(&mut self, node: roxmltree::Node, file: &str) -> Result<()> {
        let name = required_name(node, file)?;
        if self.vendor_index(&name).is_some() {
            return Err(map_error(format!("CPU vendor {name} already defined")));
        }
        let Some(string) = xml::attr(node, "string") else {
            return Err(map_error(format!("Missing vendor string for CPU vendor {name}")));
        };
        let b = string.as_bytes();
        if b.len() != 12 {
            return Err(map_error(format!("Invalid CPU vendor string '{string}'")));
        }
        let word = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut data = X86Data::default();
        data.add_item(Leaf::Cpuid { eax_in: 0, ecx_in: 0 }, [0, word(0), word(8), word(4)]);
        self.vendors.push(X86Vendor { name, data });
        Ok(())
    }

    fn add_feature(&mut self, node: roxmltree::Node, file: &str) -> Result<()> {
        let name = required_name(node, file)?;
        if self.feature_index.contains_key(&name) {
            return Err(map_error(format!("CPU feature {name} already defined")));
        }
        if node.children().all(|c| !c.is_element()) {
            return Err(map_error("no x86 CPU data found".into()));
        }
        let mut data = X86Data::default();
        for (i, item) in node.children().filter(|c| c.is_element() && c.tag_name().name() != "alias").enumerate() {
            match item.tag_name().name() {
                "cpuid" => {
                    let bad = || map_error(format!("Invalid cpuid[{i}]"));
                    let eax_in = c_uint(item, "eax_in").ok_or_else(bad)?.ok_or_else(bad)?;
                    let get = |n: &str| c_uint(item, n).ok_or_else(bad).map(|v| v.unwrap_or(0));
                    let ecx_in = get("ecx_in")?;
                    let regs = [get("eax")?, get("ebx")?, get("ecx")?, get("edx")?];
                    data.add_item(Leaf::Cpuid { eax_in, ecx_in }, regs);
                }
                _ => {
                    let bad = || map_error(format!("Invalid msr[{i}]"));
                    let get = |n: &str| c_uint(item, n).ok_or_else(bad)?.ok_or_else(bad);
                    let index = get("index")?;
                    let regs = [get("eax")?, 0, 0, get("edx")?];
                    data.add_item(Leaf::Msr { index }, regs);
                }
            }
        }
        let migratable = xml::attr(node, "migratable") != Some("no");
        self.feature_index.insert(name.clone(), self.features.len());
        self.features.push(X86Feature { name, data, migratable });
        Ok(())
    }

    fn add_model(&mut self, node: roxmltree::Node, file: &str) -> Result<()> {
        let name = required_name(node, file)?;
        if self.model(&name).is_some() {
            return Err(map_error(format!("Multiple definitions of CPU model '{name}'")));
        }
        let Some(decode) = xml::child(node, "decode") else {
            return Err(map_error(format!("missing decode element in CPU model {name}")));
        };
        let switch = |attr: &str| match xml::attr(decode, attr) {
            Some("on") => Ok(true),
            Some("off") => Ok(false),
            _ => Err(map_error(format!("Invalid '{attr}' of the decode element in CPU model {name}"))),
        };
        let (decode_host, decode_guest) = (switch("host")?, switch("guest")?);
        let mut model =
            X86Model { name: name.clone(), decode_host, decode_guest, vendor: None, data: X86Data::default(), removed: vec![] };
        if let Some(ancestor) = xml::child(node, "model") {
            let Some(an) = xml::attr(ancestor, "name") else {
                return Err(map_error(format!("Missing ancestor's name in CPU model {name}")));
            };
            let Some(a) = self.model(an) else {
                return Err(map_error(format!("Ancestor model {an} not found for CPU model {name}")));
            };
            model.vendor = a.vendor;
            model.data = a.data.clone();
        }
        if let Some(v) = xml::child(node, "vendor") {
            let Some(vn) = xml::attr(v, "name") else {
                return Err(map_error(format!("Invalid vendor element in CPU model {name}")));
            };
            let Some(i) = self.vendor_index(vn) else {
                return Err(map_error(format!("Unknown vendor {vn} referenced by CPU model {name}")));
            };
            model.vendor = Some(i);
        }
        for f in xml::children(node, "feature") {
            let Some(fname) = xml::attr(f, "name") else {
                return Err(map_error(format!("Missing feature name for CPU model {name}")));
            };
            let Some(feature) = self.feature(fname) else {
                return Err(map_error(format!("Feature {fname} required by CPU model {name} not found")));
            };
            if xml::attr(f, "removed") == Some("yes") {
                model.removed.push(fname.to_string());
            } else {
                model.data.add(&feature.data);
            }
        }
        self.models.push(model);
        Ok(())
    }
}

fn required_name(node: roxmltree::Node, file: &str) -> Result<String> {
    match xml::attr(node, "name") {
        Some(n) => Ok(n.to_string()),
        None => Err(map_error(format!("cannot find {} name in {file}", node.tag_name().name()))),
    }
}

/// An unsigned attribute written as C's `strtoul` with base 0 reads it (`0x` hex, leading
/// `0` octal, else decimal): None inside when absent, None outside when malformed.
fn c_uint(node: roxmltree::Node, name: &str) -> Option<Option<u32>> {
    let Some(s) = xml::attr(node, name) else { return Some(None) };
    let s = s.trim_start();
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, 16)
    } else if s.len() > 1 && s.starts_with('0') {
        (&s[1..], 8)
    } else {
        (s, 10)
    };
    u32::from_str_radix(digits, radix).ok().map(Some)
}

// ---------------------------------------------------------------------------------------
// ppc64

#[derive(Clone, Debug, Default)]
pub struct Ppc64Map {
    pub vendors: Vec<String>,
    /// Each model with its vendor's name, if it names one.
    pub models: Vec<(String, Option<String>)>,
}

impl Ppc64Map {
    fn add_vendor(&mut self, node: roxmltree::Node, file: &str) -> Result<()> {
        let name = required_name(node, file)?;
        if self.vendors.contains(&name) {
            return Err(map_error(format!("CPU vendor {name} already defined")));
        }
        self.vendors.push(name);
        Ok(())
    }

    fn add_model(&mut self, node: roxmltree::Node, file: &str) -> Result<()> {
        let name = required_name(node, file)?;
        if self.models.iter().any(|(m, _)| *m == name) {
            return Err(map_error(format!("CPU model {name} already defined")));
        }
        let vendor = match xml::child(node, "vendor").and_then(|v| xml::attr(v, "name")) {
            Some(v) if !self.vendors.iter().any(|x| x == v) => {
                return Err(map_error(format!("Unknown vendor {v} referenced by CPU model {name}")))
            }
            v => v.map(str::to_string),
        };
        self.models.push((name, vendor));
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Loading

fn read_file(path: &Path) -> Result<String> {
    let fail = |e: std::io::Error| {
        Error::new(
            Domain::VIR_FROM_CPU,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("cannot read CPU map file '{}': {}", path.display(), strerror(&e)),
        )
    };
    let meta = std::fs::metadata(path).map_err(fail)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            Domain::VIR_FROM_CPU,
            Code::VIR_ERR_OPERATION_FAILED,
            format!("CPU map file '{}' is larger than {MAX_FILE_BYTES} bytes", path.display()),
        ));
    }
    std::fs::read_to_string(path).map_err(fail)
}

fn strerror(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Calls `handle(kind, element, file)` for every vendor, feature and model element of
/// architecture `arch` in `dir`'s index, in order: elements of the index itself and of the
/// files it includes (each file's vendors, then features, then models, as libvirt reads
/// them).
fn load_arch(
    dir: &Path,
    arch: &str,
    mut handle: impl FnMut(&str, roxmltree::Node, &str) -> Result<()>,
) -> Result<()> {
    let index_path = dir.join("index.xml");
    let index_text = read_file(&index_path)?;
    let index_name = index_path.display().to_string();
    let doc = xml::parse_document(&index_text, &index_name, Domain::VIR_FROM_CPU)?;
    let mut found = false;
    let mut includes = 0;
    for section in xml::children(doc.root_element(), "arch").filter(|a| xml::attr(*a, "name") == Some(arch)) {
        found = true;
        for kind in ["vendor", "feature", "model"] {
            for el in xml::children(section, kind) {
                handle(kind, el, &index_name)?;
            }
        }
        for inc in xml::children(section, "include") {
            includes += 1;
            if includes > MAX_INCLUDES {
                return Err(map_error(format!("too many files included for {arch} in {index_name}")));
            }
            let Some(filename) = xml::attr(inc, "filename") else {
                return Err(map_error(format!("Missing 'filename' in '{arch}' include in {index_name}")));
            };
            if filename.contains('/') {
                return Err(map_error(format!("CPU map include '{filename}' is not a file name")));
            }
            let path = dir.join(filename);
            let text = read_file(&path)?;
            let name = path.display().to_string();
            let inc_doc = xml::parse_document(&text, &name, Domain::VIR_FROM_CPU)?;
            for kind in ["vendor", "feature", "model"] {
                for el in xml::children(inc_doc.root_element(), kind) {
                    handle(kind, el, &name)?;
                }
            }
        }
    }
    if !found {
        return Err(map_error(format!("cannot find CPU map for {arch} architecture")));
    }
    Ok(())
}

/// Reads the x86 map from `dir`.
pub fn load_x86(dir: &Path) -> Result<X86Map> {
    let mut map = X86Map::default();
    load_arch(dir, "x86", |kind, el, file| match kind {
        "vendor" => map.add_vendor(el, file),
        "feature" => map.add_feature(el, file),
        _ => map.add_model(el, file),
    })?;
    Ok(map)
}

/// Reads the ppc64 map from `dir`.
pub fn load_ppc64(dir: &Path) -> Result<Ppc64Map> {
    let mut map = Ppc64Map::default();
    load_arch(dir, "ppc64", |kind, el, file| match kind {
        "vendor" => map.add_vendor(el, file),
        "model" => map.add_model(el, file),
        _ => Ok(()),
    })?;
    Ok(map)
}

type Cache<T> = Mutex<Option<(PathBuf, Arc<T>)>>;
static X86: Cache<X86Map> = Mutex::new(None);
static PPC64: Cache<Ppc64Map> = Mutex::new(None);

/// The map read once per directory (libvirt reads it once per process).
fn cached<T>(cache: &Cache<T>, load: impl Fn(&Path) -> Result<T>) -> Result<Arc<T>> {
    let dir = map_dir();
    let mut slot = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((d, m)) = slot.as_ref() {
        if *d == dir {
            return Ok(m.clone());
        }
    }
    let map = Arc::new(load(&dir)?);
    *slot = Some((dir, map.clone()));
    Ok(map)
}

pub fn x86() -> Result<Arc<X86Map>> {
    cached(&X86, load_x86)
}

pub fn ppc64() -> Result<Arc<Ppc64Map>> {
    cached(&PPC64, load_ppc64)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small map in a temporary directory.
    pub(crate) fn fake_map(files: &[(&str, &str)]) -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cpu-map-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    const INDEX: &str = "<cpus><arch name='x86'><include filename='v.xml'/><include filename='f.xml'/>\
        <include filename='m.xml'/></arch><arch name='ppc64'><vendor name='IBM'/>\
        <model name='P8'><vendor name='IBM'/></model></arch></cpus>";
    const VENDORS: &str = "<cpus><vendor name='Intel' string='GenuineIntel'/></cpus>";
    const FEATURES: &str = "<cpus><feature name='fpu'><cpuid eax_in='0x01' edx='0x00000001'/></feature>\
        <feature name='sse'><cpuid eax_in='0x01' edx='0x02000000'/></feature>\
        <feature name='inv' migratable='no'><alias name='x' source='qemu'/><cpuid eax_in='0x80000007' edx='0x100'/></feature>\
        <feature name='m'><msr index='0x10a' edx='0' eax='0x4'/></feature></cpus>";
    const MODELS: &str = "<cpus><model name='a'><decode host='on' guest='on'/><vendor name='Intel'/>\
        <feature name='fpu'/><feature name='sse' removed='yes'/></model>\
        <model name='b'><decode host='on' guest='off'/><model name='a'/><feature name='m'/></model></cpus>";

    #[test]
    fn reads_vendors_features_and_models_in_order() {
        let dir = fake_map(&[("index.xml", INDEX), ("v.xml", VENDORS), ("f.xml", FEATURES), ("m.xml", MODELS)]);
        let map = load_x86(&dir).unwrap();
        assert_eq!(map.vendors[0].name, "Intel");
        let leaf0 = Leaf::Cpuid { eax_in: 0, ecx_in: 0 };
        // "Genu" "ineI" "ntel" in EBX, EDX, ECX.
        assert_eq!(map.vendors[0].data.0[&leaf0], [0, 0x756e_6547, 0x6c65_746e, 0x4965_6e69]);
        let names: Vec<_> = map.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["fpu", "sse", "inv", "m"]);
        assert!(!map.feature("inv").unwrap().migratable);
        assert_eq!(map.feature("m").unwrap().data.0[&Leaf::Msr { index: 0x10a }], [4, 0, 0, 0]);
        let a = map.model("a").unwrap();
        assert_eq!((a.vendor, a.removed.clone()), (Some(0), vec!["sse".to_string()]));
        assert!(a.data.contains(&map.feature("fpu").unwrap().data));
        assert!(!a.data.contains(&map.feature("sse").unwrap().data));
        let b = map.model("b").unwrap();
        assert!(b.decode_host && !b.decode_guest);
        assert_eq!(b.vendor, Some(0));
        assert!(b.data.contains(&a.data) && b.data.contains(&map.feature("m").unwrap().data));
        let ppc = load_ppc64(&dir).unwrap();
        assert_eq!(ppc.models, vec![("P8".to_string(), Some("IBM".to_string()))]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn bad_maps_are_errors_naming_what_is_wrong() {
        let missing = std::env::temp_dir().join("no-such-cpu-map-dir");
        let e = load_x86(&missing).unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_OPERATION_FAILED, Domain::VIR_FROM_CPU));
        assert_eq!(
            e.message,
            format!("operation failed: cannot read CPU map file '{}/index.xml': No such file or directory", missing.display())
        );
        let bad_model = "<cpus><model name='a'><decode host='on' guest='on'/><feature name='nope'/></model></cpus>";
        let dir = fake_map(&[("index.xml", INDEX), ("v.xml", VENDORS), ("f.xml", FEATURES), ("m.xml", bad_model)]);
        assert_eq!(load_x86(&dir).unwrap_err().message, "internal error: Feature nope required by CPU model a not found");
        std::fs::write(dir.join("m.xml"), "<cpus><model name='a'/></cpus>").unwrap();
        assert_eq!(load_x86(&dir).unwrap_err().message, "internal error: missing decode element in CPU model a");
        std::fs::write(dir.join("f.xml"), "<cpus><feature name='x'><cpuid ecx='1'/></feature></cpus>").unwrap();
        assert_eq!(load_x86(&dir).unwrap_err().message, "internal error: Invalid cpuid[0]");
        std::fs::write(dir.join("f.xml"), "<cpus><feature name='x'>").unwrap();
        assert_eq!(load_x86(&dir).unwrap_err().code, Code::VIR_ERR_XML_DETAIL);
        std::fs::write(dir.join("index.xml"), "<cpus><arch name='x86'><include filename='../x'/></arch></cpus>").unwrap();
        assert!(load_x86(&dir).unwrap_err().message.contains("is not a file name"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn data_operations() {
        let l1 = Leaf::Cpuid { eax_in: 1, ecx_in: 0 };
        let l7 = Leaf::Cpuid { eax_in: 7, ecx_in: 0 };
        let mut a = X86Data::default();
        a.add_item(l1, [0, 0, 0b1010, 0b1]);
        a.add_item(l7, [0, 0b100, 0, 0]);
        let mut b = X86Data::default();
        b.add_item(l1, [0, 0, 0b0010, 0]);
        assert!(a.contains(&b) && !b.contains(&a));
        let mut c = a.clone();
        c.intersect(&b);
        assert_eq!(c.0[&l1], [0, 0, 0b10, 0]);
        assert_eq!(c.0[&l7], [0; 4]);
        c.subtract(&b);
        assert!(c.is_empty());
        assert!(a.contains(&c), "an empty set is in every set");
        assert!(c.0.keys().next().unwrap() < &Leaf::Msr { index: 0 });
    }

    #[test]
    fn reads_libvirts_installed_map_when_present() {
        let dir = Path::new(DEFAULT_DIR);
        if !dir.join("index.xml").exists() {
            return;
        }
        let map = load_x86(dir).unwrap();
        assert_eq!(map.vendors.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Intel", "AMD", "Hygon"]);
        assert_eq!(map.models.len(), 58);
        assert_eq!(map.models[0].name, "486");
        assert_eq!(map.model("EPYC").unwrap().removed, ["monitor"]);
        let ppc = load_ppc64(dir).unwrap();
        assert_eq!(ppc.models.len(), 7);
    }
}
