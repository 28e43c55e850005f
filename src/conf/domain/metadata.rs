//! `virDomainSetMetadata` / `virDomainGetMetadata` on a definition, shared by the drivers:
//! the description, the title, or the `<metadata>` element of one namespace, stored with
//! the caller's prefix and given back without it.

use super::DomainDef;
use crate::conf::xml::{XmlElement, XmlNode};
use crate::error::{Code, Domain, Error, Result};

/// `virDomainMetadataType`
pub const DESCRIPTION: i32 = 0;
pub const TITLE: i32 = 1;
pub const ELEMENT: i32 = 2;

pub fn unknown_type(kind: i32) -> Error {
    Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_INVALID_ARG, format!("unknown metadata type '{kind}'"))
}

fn qualify(e: &mut XmlElement, key: &str, uri: &str) {
    if e.namespace.is_none() {
        e.name = format!("{key}:{}", e.local_name());
        e.namespace = Some(uri.to_string());
    }
    for c in e.children.iter_mut() {
        if let XmlNode::Element(c) = c {
            qualify(c, key, uri);
        }
    }
}

fn unqualify(e: &mut XmlElement, uri: &str) {
    if e.namespace.as_deref() == Some(uri) {
        e.name = e.local_name().to_string();
        e.namespace = None;
    }
    e.ns_decls.retain(|(_, u)| u != uri);
    for c in e.children.iter_mut() {
        if let XmlNode::Element(c) = c {
            unqualify(c, uri);
        }
    }
}

/// `text` parsed and put in namespace `uri` with prefix `key`.
pub fn element(text: &str, key: &str, uri: &str) -> Result<XmlElement> {
    let doc = crate::conf::xml::parse_document(text, "(metadata_xml)", Domain::VIR_FROM_DOMAIN)?;
    let mut e = XmlElement::from_node(doc.root_element());
    qualify(&mut e, key, uri);
    e.ns_decls.retain(|(_, u)| u != uri);
    e.ns_decls.insert(0, (key.to_string(), uri.to_string()));
    Ok(e)
}

/// Replaces (or with None removes) the element of namespace `uri`.
pub fn set(def: &mut DomainDef, uri: &str, element: Option<XmlElement>) {
    let meta = def.metadata.get_or_insert_with(|| XmlElement::new("metadata"));
    let at = meta.children.iter().position(|c| matches!(c, XmlNode::Element(e) if e.namespace.as_deref() == Some(uri)));
    match (at, element) {
        (Some(i), Some(e)) => meta.children[i] = XmlNode::Element(e),
        (Some(i), None) => {
            meta.children.remove(i);
        }
        (None, Some(e)) => meta.push(e),
        (None, None) => {}
    }
    if meta.children.is_empty() {
        def.metadata = None;
    }
}

pub fn get(def: &DomainDef, uri: &str) -> Option<String> {
    let meta = def.metadata.as_ref()?;
    let mut e = meta.elements().find(|e| e.namespace.as_deref() == Some(uri))?.clone();
    unqualify(&mut e, uri);
    Some(e.format_libxml2(0))
}

/// A `virDomainSetMetadata` call, checked and parsed once before any definition changes.
pub struct Change {
    kind: i32,
    text: Option<String>,
    uri: Option<String>,
    element: Option<XmlElement>,
}

impl Change {
    pub fn new(kind: i32, text: Option<&str>, key: Option<&str>, uri: Option<&str>) -> Result<Change> {
        let element = match (kind, text) {
            (ELEMENT, Some(text)) => Some(element(text, key.unwrap_or(""), uri.unwrap_or(""))?),
            (DESCRIPTION | TITLE | ELEMENT, _) => None,
            _ => return Err(unknown_type(kind)),
        };
        Ok(Change { kind, text: text.map(str::to_string), uri: uri.map(str::to_string), element })
    }

    /// Applies the change to `def`: an empty description or title removes it.
    pub fn apply(&self, def: &mut DomainDef) {
        let text = || self.text.clone().filter(|m| !m.is_empty());
        match self.kind {
            DESCRIPTION => def.description = text(),
            TITLE => def.title = text(),
            _ => set(def, self.uri.as_deref().unwrap_or(""), self.element.clone()),
        }
    }

    /// The namespace a METADATA_CHANGE event names: only an element's.
    pub fn event_uri(&self) -> Option<String> {
        self.uri.clone().filter(|_| self.kind == ELEMENT)
    }
}

/// `virDomainGetMetadata` on `def`.
pub fn lookup(def: &DomainDef, kind: i32, uri: Option<&str>) -> Result<String> {
    let found = match kind {
        DESCRIPTION => def.description.clone(),
        TITLE => def.title.clone(),
        ELEMENT => get(def, uri.unwrap_or("")),
        _ => return Err(unknown_type(kind)),
    };
    found.ok_or_else(|| {
        Error::new(
            Domain::VIR_FROM_DOMAIN,
            Code::VIR_ERR_NO_DOMAIN_METADATA,
            "Requested metadata element is not present",
        )
    })
}
