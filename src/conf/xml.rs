//! XML plumbing shared by the configuration parsers and formatters.
//!
//! - [`parse_document`] parses text with roxmltree and reports malformed input the way
//!   libvirt does (`VIR_ERR_XML_DETAIL`, "FILE:LINE: MESSAGE\nCONTEXT\n----^"), using
//!   libxml2's wording for the common mistakes.
//! - [`XmlElement`] is a generic element tree for the parts of a document kept verbatim
//!   (metadata, devices and settings this model does not type). Whitespace-only text is
//!   dropped the way libxml2's `XML_PARSE_NOBLANKS` drops it, as libvirt parses with it.
//! - [`Buf`] writes libvirt's own style (two-space indent, single-quoted attributes,
//!   `virBufferEscapeString` escaping); [`XmlElement::format_libxml2`] writes libxml2's
//!   style (double quotes), which libvirt uses for `<metadata>`.
//! - Small lookup helpers over roxmltree nodes that, like libvirt's XPath queries, see only
//!   elements and attributes without a namespace.

use std::collections::HashMap;

use crate::error::{Code, Domain, Error, Result};

// ---------------------------------------------------------------------------------------
// Parsing with libvirt-style error reports.

/// The most ancestors an element may have: libxml2's limit without `XML_PARSE_HUGE`
/// (the root is at depth 1; an element at depth 258 is refused with "Excessive depth in
/// document: 256 use XML_PARSE_HUGE option").
pub const MAX_DEPTH: usize = 256;
/// The largest document text accepted, in bytes. Over the wire a document is at most 4 MiB
/// (`REMOTE_STRING_MAX`); this bounds what a file can make us hold.
pub const MAX_DOCUMENT_BYTES: usize = 32 << 20;
/// The most bytes that entity references in one document may expand to. libxml2's
/// proportional check lets a 100 KB document grow to 100 MB; we refuse anything beyond
/// libxml2's own limit on one text node (`XML_MAX_TEXT_LENGTH`).
pub const MAX_ENTITY_EXPANSION: usize = 10_000_000;

/// Parses `text`; on failure reports `VIR_ERR_XML_DETAIL` in `err_domain` with libvirt's
/// layout. `filename` is what libvirt shows: "(domain_definition)" for a domain string,
/// the path for a file.
///
/// Every document is bounded before it can cost much: at most [`MAX_DOCUMENT_BYTES`] of
/// text, entity references expanding to at most [`MAX_ENTITY_EXPANSION`] bytes (checked
/// before parsing), and elements at most [`MAX_DEPTH`] deep (checked before any caller
/// walks the tree recursively).
pub fn parse_document<'a>(text: &'a str, filename: &str, err_domain: Domain) -> Result<roxmltree::Document<'a>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::raw(
            err_domain,
            Code::VIR_ERR_XML_DETAIL,
            format!("{filename}: document of {} bytes is larger than the limit of {MAX_DOCUMENT_BYTES} bytes", text.len()),
        ));
    }
    if let Some((message, offset)) = Prescan::new(text).check() {
        return Err(layout_error(text, filename, err_domain, &message, offset));
    }
    let opts = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(text, opts).map_err(|e| describe_parse_error(text, filename, err_domain, &e))
}

/// A look at a document before roxmltree parses it. roxmltree's tokenizer recurses once
/// per open element (and per entity whose value holds markup), and expands entities with
/// no bound on the result, so depth and expansion must be known before it runs.
///
/// The walk follows XML's lexical structure (comments, CDATA sections, processing
/// instructions, the DOCTYPE with its internal subset, quoted attribute values), enough to
/// count open elements exactly wherever the document is well-formed; past the first
/// mistake roxmltree stops anyway. Entities count with what they hold: their expanded
/// size towards [`MAX_ENTITY_EXPANSION`], their deepest markup towards [`MAX_DEPTH`].
struct Prescan<'t> {
    text: &'t str,
    /// The internal subset's general entities: name -> value.
    values: HashMap<&'t str, &'t str>,
    /// Expanded sizes and markup depths, memoised; `None` while being computed (a loop,
    /// which the parser reports).
    sizes: HashMap<&'t str, Option<usize>>,
    depths: HashMap<&'t str, Option<usize>>,
}

/// Entities nested deeper than this are refused (roxmltree itself stops at 10).
const ENTITY_NESTING: usize = 16;

impl<'t> Prescan<'t> {
    fn new(text: &'t str) -> Prescan<'t> {
        let mut values = HashMap::new();
        if text.contains("<!ENTITY") {
            collect_entities(text, &mut values);
        }
        Prescan { text, values, sizes: HashMap::new(), depths: HashMap::new() }
    }

    /// (message, offset) of the first thing that goes beyond a bound.
    fn check(&mut self) -> Option<(String, usize)> {
        let text = self.text;
        self.walk(text, 0, true, 0).err()
    }

    /// Walks `text` starting `depth` elements deep. Returns the deepest level reached; with
    /// `checks`, Err at the first element too deep or reference expanding too far.
    fn walk(
        &mut self,
        text: &'t str,
        mut depth: usize,
        checks: bool,
        nesting: usize,
    ) -> std::result::Result<usize, (String, usize)> {
        let b = text.as_bytes();
        let mut deepest = depth;
        let mut expanded = 0usize;
        let mut i = 0;
        let skip_to = |from: usize, end: &str| text[from..].find(end).map(|n| from + n + end.len()).unwrap_or(b.len());
        while i < b.len() {
            match b[i] {
                b'&' => {
                    let rest = &text[i + 1..];
                    let len = rest
                        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
                        .unwrap_or(rest.len());
                    let name = &rest[..len];
                    if len == 0 || !rest[len..].starts_with(';') || !self.values.contains_key(name) {
                        i += 1;
                        continue;
                    }
                    let inner = self.depth_of(name, nesting);
                    deepest = deepest.max(depth.saturating_add(inner));
                    if checks {
                        if depth.saturating_add(inner) > MAX_DEPTH + 1 {
                            return Err((format!("Excessive depth in document: {MAX_DEPTH} use XML_PARSE_HUGE option"), i));
                        }
                        expanded = expanded.saturating_add(self.size_of(name, nesting));
                        if expanded > MAX_ENTITY_EXPANSION {
                            let message = format!("entity references expand to more than {MAX_ENTITY_EXPANSION} bytes");
                            return Err((message, i));
                        }
                    }
                    i += len + 2;
                }
                b'<' => {
                    let rest = &text[i..];
                    if rest.starts_with("<!--") {
                        i = skip_to(i + 4, "-->");
                    } else if rest.starts_with("<![CDATA[") {
                        i = skip_to(i + 9, "]]>");
                    } else if rest.starts_with("<?") {
                        i = skip_to(i + 2, "?>");
                    } else if rest.starts_with("<!") {
                        i = skip_declaration(text, i + 2);
                    } else if rest.starts_with("</") {
                        depth = depth.saturating_sub(1);
                        i = skip_to(i + 2, ">");
                    } else {
                        depth += 1;
                        deepest = deepest.max(depth);
                        if checks && depth > MAX_DEPTH + 1 {
                            return Err((format!("Excessive depth in document: {MAX_DEPTH} use XML_PARSE_HUGE option"), i));
                        }
                        let end = skip_tag(text, i + 1);
                        if end >= 2 && b[end - 2] == b'/' && b[end - 1] == b'>' {
                            depth -= 1;
                        }
                        i = end;
                    }
                }
                _ => {
                    // Nothing to see until the next markup or reference.
                    i += text[i..].find(['<', '&']).unwrap_or(text.len() - i);
                }
            }
        }
        Ok(deepest)
    }

    /// How many bytes `&name;` expands to.
    fn size_of(&mut self, name: &'t str, nesting: usize) -> usize {
        match self.sizes.get(name) {
            Some(Some(n)) => return *n,
            Some(None) => return 0,
            None => {}
        }
        let Some(value) = self.values.get(name).copied() else { return name.len() + 2 };
        if nesting > ENTITY_NESTING {
            return usize::MAX;
        }
        self.sizes.insert(name, None);
        let mut total = 0usize;
        let mut rest = value;
        while let Some(amp) = rest.find('&') {
            total = total.saturating_add(amp);
            rest = &rest[amp + 1..];
            let len = rest.find(';').unwrap_or(rest.len());
            let inner = &rest[..len];
            if len < rest.len() && self.values.contains_key(inner) {
                total = total.saturating_add(self.size_of(inner, nesting + 1));
                rest = &rest[len + 1..];
            } else {
                total = total.saturating_add(1);
            }
        }
        total = total.saturating_add(rest.len());
        self.sizes.insert(name, Some(total));
        total
    }

    /// How many elements deep the markup `&name;` expands to reaches.
    fn depth_of(&mut self, name: &'t str, nesting: usize) -> usize {
        match self.depths.get(name) {
            Some(Some(n)) => return *n,
            Some(None) => return 0,
            None => {}
        }
        let Some(value) = self.values.get(name).copied() else { return 0 };
        if !value.contains('<') && !value.contains('&') {
            return 0;
        }
        if nesting > ENTITY_NESTING {
            return usize::MAX / 2;
        }
        self.depths.insert(name, None);
        // A value's own walk counts the entities it refers to through `depth_of` again.
        let d = self.walk(value, 0, false, nesting + 1).unwrap_or(usize::MAX / 2);
        self.depths.insert(name, Some(d));
        d
    }
}

/// The internal subset's general entity declarations with a quoted value.
fn collect_entities<'t>(text: &'t str, values: &mut HashMap<&'t str, &'t str>) {
    let mut at = 0;
    while let Some(i) = text[at..].find("<!ENTITY") {
        let skip_ws = |p: usize| p + (text[p..].len() - text[p..].trim_start().len());
        let mut p = skip_ws(at + i + "<!ENTITY".len());
        // Parameter entities (`<!ENTITY % name ...>`) are not referenced from content.
        let is_parameter = text[p..].starts_with('%');
        if is_parameter {
            p = skip_ws(p + 1);
        }
        let name_end = text[p..].find(|c: char| c.is_whitespace()).map(|n| p + n).unwrap_or(text.len());
        let name = &text[p..name_end];
        p = skip_ws(name_end);
        // Only internal entities have a quoted value; external ones are not loaded.
        if let Some(q) = text[p..].chars().next().filter(|q| *q == '"' || *q == '\'') {
            if let Some(len) = text[p + 1..].find(q) {
                if !is_parameter {
                    values.entry(name).or_insert(&text[p + 1..p + 1 + len]);
                }
                p += len + 2;
            }
        }
        at = p;
    }
}

/// The end of a start tag whose name begins at `from`: past its `>`, skipping quoted
/// attribute values (which may hold `>`).
fn skip_tag(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            q @ (b'"' | b'\'') => i = text[i + 1..].find(q as char).map(|n| i + n + 2).unwrap_or(b.len()),
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of a `<!...>` declaration whose body begins at `from` (a DOCTYPE with its
/// internal subset): past the `>` outside brackets, quotes, comments and processing
/// instructions.
fn skip_declaration(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let mut i = from;
    let mut brackets = 0usize;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            i = text[i + 4..].find("-->").map(|n| i + 4 + n + 3).unwrap_or(b.len());
            continue;
        }
        if rest.starts_with("<?") {
            i = text[i + 2..].find("?>").map(|n| i + 2 + n + 2).unwrap_or(b.len());
            continue;
        }
        match b[i] {
            q @ (b'"' | b'\'') => {
                i = text[i + 1..].find(q as char).map(|n| i + n + 2).unwrap_or(b.len());
                continue;
            }
            b'[' => brackets += 1,
            b']' => brackets = brackets.saturating_sub(1),
            b'>' if brackets == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Checks the root element's name: "XML error: expecting root element of 'domain', not 'foo'"
/// (reported from the XML helpers, `VIR_FROM_XML`).
pub fn check_root(doc: &roxmltree::Document, expected: &str) -> Result<()> {
    let root = doc.root_element();
    if root.tag_name().name() != expected {
        return Err(Error::new(
            Domain::VIR_FROM_XML,
            Code::VIR_ERR_XML_ERROR,
            format!("expecting root element of '{expected}', not '{}'", qualified_name(root)),
        ));
    }
    Ok(())
}

fn describe_parse_error(text: &str, filename: &str, err_domain: Domain, err: &roxmltree::Error) -> Error {
    use roxmltree::Error as E;
    let offset_of = |pos: roxmltree::TextPos| offset_from_pos(text, pos);
    // libxml2 names a start tag the text ends inside of; roxmltree reports it variously.
    let lead = text.len() - text.trim_start().len();
    let unterminated = unterminated_start_tag(text, lead);
    let (message, offset): (String, usize) = match err {
        _ if unterminated.is_some() => {
            let line = 1 + text[..lead].matches('\n').count();
            (format!("Couldn't find end of Start Tag {} line {line}", unterminated.unwrap_or_default()), text.len())
        }
        E::NoRootNode => {
            let start = text.len() - text.trim_start().len();
            if text.is_empty() {
                ("Document is empty".into(), 0)
            } else if text[start..].starts_with('<') {
                // Only a declaration, comment or doctype: libxml2 hits the end looking for the root.
                ("Start tag expected, '<' not found".into(), text.len())
            } else {
                ("Start tag expected, '<' not found".into(), start)
            }
        }
        E::UnclosedRootNode => match innermost_open_tag(text, text.len()) {
            Some((name, line)) => (format!("Premature end of data in tag {name} line {line}"), text.len()),
            None => ("Premature end of data".into(), text.len()),
        },
        E::UnexpectedCloseTag(expected, actual, pos) => {
            let start = offset_of(*pos);
            let end = text[start..].find('>').map(|i| start + i + 1).unwrap_or(text.len());
            let line = innermost_open_tag(text, start).map(|(_, l)| l).unwrap_or(1);
            let expected = expected.rsplit(':').next().unwrap_or(expected);
            let actual = actual.rsplit(':').next().unwrap_or(actual);
            (format!("Opening and ending tag mismatch: {expected} line {line} and {actual}"), end)
        }
        E::EntityReferenceLoop(pos) => ("Detected an entity reference loop".into(), offset_of(*pos)),
        E::UnknownEntityReference(name, pos) => {
            let start = offset_of(*pos);
            let end = text[start..].find(';').map(|i| start + i + 1).unwrap_or(text.len());
            (format!("Entity '{name}' not defined"), end)
        }
        E::UnknownToken(pos) => {
            let start = offset_of(*pos);
            match root_end_offset(text) {
                Some(end) if start >= end => ("Extra content at the end of the document".into(), start),
                _ if text[..start].trim().is_empty() => ("Start tag expected, '<' not found".into(), start),
                _ => classify_at(text, start).unwrap_or_else(|| (err.to_string(), start)),
            }
        }
        E::MalformedEntityReference(pos) if text[offset_of(*pos)..].starts_with("&#") => {
            let start = offset_of(*pos);
            let body = &text[start + 2..];
            let end = body.find(';').map(|i| start + 2 + i + 1).unwrap_or(text.len());
            let value = match body.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(&hex[..hex.find(';').unwrap_or(0)], 16).ok(),
                None => body[..body.find(';').unwrap_or(0)].parse::<u32>().ok(),
            };
            (format!("xmlParseCharRef: invalid xmlChar value {}", value.unwrap_or(0)), end)
        }
        E::MalformedEntityReference(pos) => {
            let start = offset_of(*pos);
            let name_end = text[start + 1..]
                .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '#')))
                .map(|i| start + 1 + i)
                .unwrap_or(text.len());
            ("EntityRef: expecting ';'".into(), name_end)
        }
        E::DuplicatedAttribute(name, pos) => {
            let start = offset_of(*pos);
            (format!("Attribute {name} redefined"), end_of_attribute(text, start))
        }
        E::NonXmlChar(c, pos) if text[offset_of(*pos)..].starts_with("&#") => {
            let start = offset_of(*pos);
            let end = text[start..].find(';').map(|i| start + i + 1).unwrap_or(text.len());
            (format!("xmlParseCharRef: invalid xmlChar value {}", *c as u32), end)
        }
        // A raw control character: libxml2 points at it, and names where it stands.
        E::NonXmlChar(c, pos) => {
            let start = offset_of(*pos);
            let at = text[start..].find(*c).map(|i| start + i).unwrap_or(start);
            if inside_start_tag(text, at) {
                ("invalid character in attribute value".into(), at)
            } else {
                (format!("PCDATA invalid Char value {}", *c as u32), at)
            }
        }
        E::InvalidChar2("a whitespace", _, pos) if inside_start_tag(text, offset_of(*pos)) => {
            ("error parsing attribute name".into(), offset_of(*pos))
        }
        E::InvalidAttributeValue(pos) | E::InvalidString(_, pos) | E::InvalidChar(_, _, pos) | E::InvalidChar2(_, _, pos) => {
            let start = offset_of(*pos);
            match classify_at(text, start) {
                Some(found) => found,
                None => (err.to_string(), start),
            }
        }
        other => {
            let pos = other.pos();
            let start = offset_of(pos);
            match classify_at(text, start) {
                Some(found) => found,
                None => (other.to_string(), start),
            }
        }
    };
    layout_error(text, filename, err_domain, &message, offset)
}

/// `VIR_ERR_XML_DETAIL` with libvirt's layout: "FILE:LINE: MESSAGE", the line of text at
/// `offset`, and a pointer to its column.
fn layout_error(text: &str, filename: &str, err_domain: Domain, message: &str, offset: usize) -> Error {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = 1 + text[..offset].matches('\n').count();
    let (context, col) = error_context(text, offset);
    let pointer = format!("{}^", "-".repeat(col));
    Error::raw(
        err_domain,
        Code::VIR_ERR_XML_DETAIL,
        format!("{filename}:{line}: {message}\n{context}\n{pointer}"),
    )
}

/// The name of a start tag at `start` that the text ends inside of (`<device`, no `>`).
fn unterminated_start_tag(text: &str, start: usize) -> Option<&str> {
    let rest = text[start..].strip_prefix('<')?;
    let first = rest.chars().next()?;
    let len = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))).unwrap_or(rest.len());
    if !(first.is_alphabetic() || first == '_') || rest.contains('>') {
        return None;
    }
    Some(&rest[..len])
}

/// A few libxml2 diagnoses for the position roxmltree stopped at.
fn classify_at(text: &str, start: usize) -> Option<(String, usize)> {
    let root_end = root_end_offset(text);
    if let Some(end) = root_end {
        if start >= end {
            let extra = end + (text[end..].len() - text[end..].trim_start().len());
            return Some(("Extra content at the end of the document".into(), extra));
        }
    }
    // Inside a start tag: attribute value without quotes, or '<' inside a value.
    let tag_start = text[..start.min(text.len())].rfind('<')?;
    let tag = &text[tag_start..];
    let mut i = tag_start + 1;
    let bytes = text.as_bytes();
    // Skip the element name.
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let _ = tag;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' || bytes[i] == b'/' {
            return None;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b'>' {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] != b'=' {
            return None;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let quote = bytes[i];
        if quote != b'\'' && quote != b'"' {
            return Some(("AttValue: \" or ' expected".into(), i));
        }
        i += 1;
        while i < bytes.len() && bytes[i] != quote {
            if bytes[i] == b'<' {
                return Some(("Unescaped '<' not allowed in attributes values".into(), i));
            }
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        i += 1;
        if i > start + 1 {
            return None;
        }
    }
}

/// True when `offset` is inside a start tag (after its `<name`).
fn inside_start_tag(text: &str, offset: usize) -> bool {
    let before = &text[..offset.min(text.len())];
    match (before.rfind('<'), before.rfind('>')) {
        (Some(lt), Some(gt)) => lt > gt && !before[lt..].starts_with("</"),
        (Some(lt), None) => !before[lt..].starts_with("</"),
        _ => false,
    }
}

/// Where the root element ends, when the text has a complete root element.
fn root_end_offset(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map(|e| e + 3)?;
        } else if rest.starts_with("<![CDATA[") {
            i += rest.find("]]>").map(|e| e + 3)?;
        } else if rest.starts_with("<?") {
            i += rest.find("?>").map(|e| e + 2)?;
        } else if rest.starts_with("<!") {
            i += rest.find('>').map(|e| e + 1)?;
        } else if rest.starts_with("</") {
            i += rest.find('>').map(|e| e + 1)?;
            depth = depth.saturating_sub(1);
            if seen_root && depth == 0 {
                return Some(i);
            }
        } else {
            let end = tag_end(text, i)?;
            let self_closing = text[..end].ends_with("/>");
            i = end;
            seen_root = true;
            if !self_closing {
                depth += 1;
            } else if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The offset just past the `>` closing the start tag at `start`, skipping quoted values.
fn tag_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    let mut quote = 0u8;
    while i < bytes.len() {
        let b = bytes[i];
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
        } else if b == b'\'' || b == b'"' {
            quote = b;
        } else if b == b'>' {
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The offset past the value of the attribute whose name starts at `start`.
fn end_of_attribute(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() && bytes[i] != b'\'' && bytes[i] != b'"' {
        i += 1;
    }
    if i >= bytes.len() {
        return text.len();
    }
    let quote = bytes[i];
    i += 1;
    while i < bytes.len() && bytes[i] != quote {
        i += 1;
    }
    (i + 1).min(text.len())
}

/// The innermost element still open at `limit`, with the line its start tag is on.
fn innermost_open_tag(text: &str, limit: usize) -> Option<(String, usize)> {
    let mut stack: Vec<(String, usize)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < limit.min(bytes.len()) {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let skip_to = |pat: &str, extra: usize| rest.find(pat).map(|e| i + e + extra).unwrap_or(text.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->", 3);
        } else if rest.starts_with("<![CDATA[") {
            i = skip_to("]]>", 3);
        } else if rest.starts_with("<?") {
            i = skip_to("?>", 2);
        } else if rest.starts_with("<!") {
            i = skip_to(">", 1);
        } else if rest.starts_with("</") {
            i = skip_to(">", 1);
            stack.pop();
        } else {
            let name: String = rest[1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
                .collect();
            let line = 1 + text[..i].matches('\n').count();
            let end = tag_end(text, i).unwrap_or(text.len());
            if !text[..end].ends_with("/>") {
                let local = name.rsplit(':').next().unwrap_or(&name).to_string();
                stack.push((local, line));
            }
            i = end;
        }
    }
    stack.pop()
}

fn offset_from_pos(text: &str, pos: roxmltree::TextPos) -> usize {
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n + 1 == pos.row as usize {
            let col = (pos.col as usize).saturating_sub(1);
            let byte_col = line.char_indices().nth(col).map(|(b, _)| b).unwrap_or(line.len());
            return offset + byte_col;
        }
        offset += line.len();
    }
    text.len()
}

/// libvirt's context line for an error at `offset`: the line holding it (stepping back
/// over line ends first), "(null)" when that line is empty, and the column.
fn error_context(text: &str, offset: usize) -> (String, usize) {
    let bytes = text.as_bytes();
    let mut cur = offset;
    while cur > 0 && cur < bytes.len() && (bytes[cur] == b'\n' || bytes[cur] == b'\r') {
        cur -= 1;
    }
    while cur > 0 && cur <= bytes.len() && (cur == bytes.len() || (bytes[cur] != b'\n' && bytes[cur] != b'\r')) {
        cur -= 1;
    }
    if cur < bytes.len() && (bytes[cur] == b'\n' || bytes[cur] == b'\r') {
        cur += 1;
    }
    let col = offset.saturating_sub(cur);
    let end = text[cur..].find(['\n', '\r']).map(|e| cur + e).unwrap_or(text.len());
    let line = &text[cur..end];
    if line.is_empty() {
        ("(null)".into(), col)
    } else {
        (line.to_string(), col)
    }
}

// ---------------------------------------------------------------------------------------
// Lookup helpers over roxmltree nodes (no-namespace names only, as libvirt's XPath).

/// The first child element called `name` (without a namespace).
pub fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| is_element(*c, name))
}

/// All child elements called `name` (without a namespace).
pub fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children().filter(move |c| is_element(*c, name))
}

/// All child elements without a namespace.
pub fn element_children<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(|c| c.is_element() && c.tag_name().namespace().is_none())
}

/// True for an element called `name` without a namespace.
pub fn is_element(node: roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace().is_none()
}

/// An attribute without a namespace.
pub fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name && a.namespace().is_none()).map(|a| a.value())
}

/// The text content of an element (`string(./x)` in XPath: all descendant text).
pub fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect()
}

/// The text of the first child element `name`, if the element exists.
pub fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    child(node, name).map(text_of)
}

/// The element's name with the prefix it was written with.
pub fn qualified_name(node: roxmltree::Node) -> String {
    let tag = node.tag_name();
    match tag.namespace().and_then(|ns| node.lookup_prefix(ns)) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{}", tag.name()),
        _ => tag.name().to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// A generic element tree.

/// One node of a kept-verbatim subtree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlNode {
    Element(XmlElement),
    Text(String),
    /// A `<![CDATA[...]]>` section (only when it is the whole text run).
    CData(String),
    Comment(String),
    ProcessingInstruction { target: String, value: Option<String> },
}

/// An element kept verbatim: its name as written, namespace declarations made on it,
/// attributes in document order, and children.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct XmlElement {
    pub name: String,
    /// The element's namespace URI, if any.
    pub namespace: Option<String>,
    /// Declarations on this element: (prefix, "" for the default namespace; URI).
    pub ns_decls: Vec<(String, String)>,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<XmlNode>,
}

fn is_xml_blank(s: &str) -> bool {
    s.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

impl XmlElement {
    /// A new element with no attributes or children.
    pub fn new(name: &str) -> XmlElement {
        XmlElement { name: name.to_string(), ..Default::default() }
    }

    /// Copies a roxmltree element, dropping whitespace-only text as libxml2's NOBLANKS does:
    /// blank text survives only as an element's sole content, or next to other text.
    pub fn from_node(node: roxmltree::Node) -> XmlElement {
        let parent_ns: Vec<(Option<&str>, &str)> = node
            .parent_element()
            .map(|p| p.namespaces().map(|n| (n.name(), n.uri())).collect())
            .unwrap_or_default();
        let ns_decls = node
            .namespaces()
            .filter(|n| n.name() != Some("xml"))
            .filter(|n| !parent_ns.contains(&(n.name(), n.uri())))
            .map(|n| (n.name().unwrap_or("").to_string(), n.uri().to_string()))
            .collect();
        let attrs = node
            .attributes()
            .map(|a| {
                let name = match a.namespace().and_then(|ns| node.lookup_prefix(ns)) {
                    Some(p) if !p.is_empty() => format!("{p}:{}", a.name()),
                    _ => a.name().to_string(),
                };
                (name, a.value().to_string())
            })
            .collect();
        let mut children: Vec<XmlNode> = Vec::new();
        let all: Vec<roxmltree::Node> = node.children().collect();
        for (i, c) in all.iter().enumerate() {
            match c.node_type() {
                roxmltree::NodeType::Element => children.push(XmlNode::Element(XmlElement::from_node(*c))),
                roxmltree::NodeType::Text => {
                    let t = c.text().unwrap_or("");
                    if is_xml_blank(t) {
                        let sole = children.is_empty() && i + 1 == all.len();
                        let next_to_text = matches!(children.last(), Some(XmlNode::Text(_)))
                            || matches!(children.first(), Some(XmlNode::Text(_)));
                        if !(sole || next_to_text) {
                            continue;
                        }
                    }
                    let source = c.document().input_text().get(c.range()).unwrap_or("");
                    if source.starts_with("<![CDATA[") && source.ends_with("]]>") && source.len() == t.len() + 12 {
                        children.push(XmlNode::CData(t.to_string()));
                        continue;
                    }
                    match children.last_mut() {
                        Some(XmlNode::Text(prev)) => prev.push_str(t),
                        _ => children.push(XmlNode::Text(t.to_string())),
                    }
                }
                roxmltree::NodeType::Comment => children.push(XmlNode::Comment(c.text().unwrap_or("").to_string())),
                roxmltree::NodeType::PI => {
                    if let Some(pi) = c.pi() {
                        children.push(XmlNode::ProcessingInstruction {
                            target: pi.target.to_string(),
                            value: pi.value.map(str::to_string),
                        })
                    }
                }
                roxmltree::NodeType::Root => {}
            }
        }
        XmlElement {
            name: qualified_name(node),
            namespace: node.tag_name().namespace().map(str::to_string),
            ns_decls,
            attrs,
            children,
        }
    }

    /// Removes whitespace-only text everywhere below this element (libvirt-owned XML never
    /// gives it meaning; it appears when an expanded empty element is read back).
    pub fn strip_blank_text(&mut self) {
        self.children.retain(|c| !matches!(c, XmlNode::Text(t) if is_xml_blank(t)));
        for c in self.children.iter_mut() {
            if let XmlNode::Element(e) = c {
                e.strip_blank_text();
            }
        }
    }

    /// The local part of the name.
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets an attribute, keeping its place if present, else appending it.
    pub fn set_attr(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self.attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name.to_string(), value)),
        }
    }

    /// Inserts an attribute at `index` unless present.
    pub fn insert_attr(&mut self, index: usize, name: &str, value: impl Into<String>) {
        if self.attr(name).is_none() {
            let i = index.min(self.attrs.len());
            self.attrs.insert(i, (name.to_string(), value.into()));
        }
    }

    /// Removes an attribute, returning its value.
    pub fn remove_attr(&mut self, name: &str) -> Option<String> {
        let i = self.attrs.iter().position(|(k, _)| k == name)?;
        Some(self.attrs.remove(i).1)
    }

    /// The first child element called `name` (without a namespace).
    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.elements().find(|e| e.name == name && e.namespace.is_none())
    }

    /// All child elements called `name` (without a namespace).
    pub fn elements_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s XmlElement> + 's {
        self.elements().filter(move |e| e.name == name && e.namespace.is_none())
    }

    /// The first child element called `name`, mutably.
    pub fn child_mut(&mut self, name: &str) -> Option<&mut XmlElement> {
        self.children.iter_mut().find_map(|c| match c {
            XmlNode::Element(e) if e.name == name && e.namespace.is_none() => Some(e),
            _ => None,
        })
    }

    /// Removes every child element called `name`, returning them.
    pub fn take_children(&mut self, name: &str) -> Vec<XmlElement> {
        let mut taken = Vec::new();
        let mut kept = Vec::new();
        for c in std::mem::take(&mut self.children) {
            match c {
                XmlNode::Element(e) if e.name == name && e.namespace.is_none() => taken.push(e),
                other => kept.push(other),
            }
        }
        self.children = kept;
        taken
    }

    /// Appends a child element.
    pub fn push(&mut self, el: XmlElement) {
        self.children.push(XmlNode::Element(el));
    }

    /// An element with attributes (`None` values skipped) and no children.
    pub fn with_attrs(name: &str, attrs: &[(&str, Option<String>)]) -> XmlElement {
        let mut el = XmlElement::new(name);
        for (k, v) in attrs {
            if let Some(v) = v {
                el.attrs.push((k.to_string(), v.clone()));
            }
        }
        el
    }

    /// An element holding only text.
    pub fn with_text(name: &str, text: &str) -> XmlElement {
        let mut el = XmlElement::new(name);
        el.children.push(XmlNode::Text(text.to_string()));
        el
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &XmlElement> {
        self.children.iter().filter_map(|c| match c {
            XmlNode::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The concatenated text of this element's direct text children.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                XmlNode::Text(t) | XmlNode::CData(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Sorts child elements by the position of their names in `order` (unknown names go
    /// last), keeping the relative order of equals.
    pub fn sort_children(&mut self, order: &[&str]) {
        if self.children.iter().any(|c| matches!(c, XmlNode::Text(_) | XmlNode::CData(_))) {
            return;
        }
        let rank = |c: &XmlNode| match c {
            XmlNode::Element(e) => order.iter().position(|n| *n == e.name).unwrap_or(order.len()),
            _ => order.len(),
        };
        self.children.sort_by_key(rank);
    }

    /// Writes this element in libvirt's style at the buffer's indentation.
    pub fn format_into(&self, buf: &mut Buf) {
        buf.raw_element(self);
    }

    /// This element in libvirt's style, at indentation `indent`.
    pub fn to_libvirt_string(&self, indent: usize) -> String {
        let mut b = Buf::with_indent(indent);
        b.raw_element(self);
        b.into_string()
    }

    /// This element as libxml2's `xmlNodeDump(..., level, format=1)` writes it: the start
    /// tag unindented, nested lines indented by `2 * (level + depth)`, no final newline.
    pub fn format_libxml2(&self, level: usize) -> String {
        let mut out = String::new();
        self.libxml2_into(&mut out, level);
        out
    }

    fn libxml2_into(&self, out: &mut String, level: usize) {
        out.push('<');
        out.push_str(&self.name);
        for (prefix, uri) in &self.ns_decls {
            if prefix.is_empty() {
                out.push_str(" xmlns=\"");
            } else {
                out.push_str(" xmlns:");
                out.push_str(prefix);
                out.push_str("=\"");
            }
            out.push_str(&escape_libxml2_attr(uri));
            out.push('"');
        }
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(&escape_libxml2_attr(v));
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        let format = !self.children.iter().any(|c| matches!(c, XmlNode::Text(_) | XmlNode::CData(_)));
        for c in &self.children {
            if format {
                out.push('\n');
                out.push_str(&"  ".repeat(level + 1));
            }
            match c {
                XmlNode::Element(e) => e.libxml2_into(out, level + 1),
                XmlNode::Text(t) => out.push_str(&escape_libxml2_text(t)),
                XmlNode::CData(t) => {
                    out.push_str("<![CDATA[");
                    out.push_str(t);
                    out.push_str("]]>");
                }
                XmlNode::Comment(t) => {
                    out.push_str("<!--");
                    out.push_str(t);
                    out.push_str("-->");
                }
                XmlNode::ProcessingInstruction { target, value } => {
                    out.push_str("<?");
                    out.push_str(target);
                    if let Some(v) = value {
                        out.push(' ');
                        out.push_str(v);
                    }
                    out.push_str("?>");
                }
            }
        }
        if format {
            out.push('\n');
            out.push_str(&"  ".repeat(level));
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

// ---------------------------------------------------------------------------------------
// Escaping.

/// libvirt's `virBufferEscapeString`: `& < > ' "` become entities; control characters
/// other than tab, newline and carriage return are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// libxml2's escaping of text content.
pub fn escape_libxml2_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// libxml2's escaping of attribute values (non-ASCII as hex character references).
pub fn escape_libxml2_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !c.is_ascii() => out.push_str(&format!("&#x{:X};", c as u32)),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// libvirt-style output buffer.

/// An output buffer that writes libvirt's layout: each element on its own line, two
/// spaces of indentation per level, attributes in single quotes.
#[derive(Debug, Default)]
pub struct Buf {
    out: String,
    indent: usize,
}

/// Attributes for one start tag, in output order; `None` values are skipped.
pub type Attrs<'a> = &'a [(&'a str, Option<String>)];

impl Buf {
    /// An empty buffer at indentation 0.
    pub fn new() -> Buf {
        Buf::default()
    }

    /// An empty buffer whose lines start at `indent` spaces.
    pub fn with_indent(indent: usize) -> Buf {
        Buf { out: String::new(), indent }
    }

    /// The text written so far.
    pub fn into_string(self) -> String {
        self.out
    }

    /// Current indentation in spaces.
    pub fn indent(&self) -> usize {
        self.indent
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
    }

    fn start_tag(&mut self, name: &str, attrs: Attrs) {
        self.pad();
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            if let Some(v) = v {
                self.out.push(' ');
                self.out.push_str(k);
                self.out.push_str("='");
                self.out.push_str(&escape(v));
                self.out.push('\'');
            }
        }
    }

    /// `<name a='v'>` and a newline; later lines are indented one level deeper.
    pub fn open(&mut self, name: &str, attrs: Attrs) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.indent += 2;
    }

    /// `</name>` one level out.
    pub fn close(&mut self, name: &str) {
        self.indent = self.indent.saturating_sub(2);
        self.pad();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name a='v'/>`.
    pub fn empty(&mut self, name: &str, attrs: Attrs) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name a='v'>text</name>` with the text escaped.
    pub fn text_element(&mut self, name: &str, attrs: Attrs, text: &str) {
        self.start_tag(name, attrs);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// A line of already formatted text, indented.
    pub fn line(&mut self, text: &str) {
        self.pad();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Text appended as is (it carries its own indentation and newlines).
    pub fn push_raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Like [`Buf::raw_element`], but an element without children is written as an
    /// open and a close tag on two lines, as libvirt does for `<devices>`, `<kvm>` and a
    /// few other containers it always opens.
    pub fn raw_element_expanded(&mut self, el: &XmlElement) {
        if el.children.is_empty() {
            self.pad();
            self.out.push_str(&inline_start(el));
            self.out.push_str(">\n");
            self.pad();
            self.out.push_str("</");
            self.out.push_str(&el.name);
            self.out.push_str(">\n");
        } else {
            self.raw_element(el);
        }
    }

    /// A kept-verbatim element in libvirt's layout: children on their own lines unless
    /// the element holds text, which keeps everything on one line.
    pub fn raw_element(&mut self, el: &XmlElement) {
        self.pad();
        self.out.push_str(&inline_start(el));
        if el.children.is_empty() {
            self.out.push_str("/>\n");
            return;
        }
        if el.children.iter().any(|c| matches!(c, XmlNode::Text(_) | XmlNode::CData(_))) {
            self.out.push('>');
            for c in &el.children {
                self.out.push_str(&inline_node(c));
            }
            self.out.push_str("</");
            self.out.push_str(&el.name);
            self.out.push_str(">\n");
            return;
        }
        self.out.push_str(">\n");
        self.indent += 2;
        for c in &el.children {
            match c {
                XmlNode::Element(e) => self.raw_element(e),
                other => {
                    let s = inline_node(other);
                    self.line(&s);
                }
            }
        }
        self.indent -= 2;
        self.pad();
        self.out.push_str("</");
        self.out.push_str(&el.name);
        self.out.push_str(">\n");
    }
}

fn inline_start(el: &XmlElement) -> String {
    let mut s = format!("<{}", el.name);
    for (prefix, uri) in &el.ns_decls {
        if prefix.is_empty() {
            s.push_str(&format!(" xmlns='{}'", escape(uri)));
        } else {
            s.push_str(&format!(" xmlns:{prefix}='{}'", escape(uri)));
        }
    }
    for (k, v) in &el.attrs {
        s.push_str(&format!(" {k}='{}'", escape(v)));
    }
    s
}

fn inline_node(node: &XmlNode) -> String {
    match node {
        XmlNode::Text(t) => escape(t),
        XmlNode::CData(t) => format!("<![CDATA[{t}]]>"),
        XmlNode::Comment(t) => format!("<!--{t}-->"),
        XmlNode::ProcessingInstruction { target, value } => match value {
            Some(v) => format!("<?{target} {v}?>"),
            None => format!("<?{target}?>"),
        },
        XmlNode::Element(e) => {
            let mut s = inline_start(e);
            if e.children.is_empty() {
                s.push_str("/>");
            } else {
                s.push('>');
                for c in &e.children {
                    s.push_str(&inline_node(c));
                }
                s.push_str(&format!("</{}>", e.name));
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_of(text: &str) -> Error {
        parse_document(text, "(domain_definition)", Domain::VIR_FROM_DOMAIN).unwrap_err()
    }

    // Messages below are what libvirt 9.0.0 reports for virDomainDefineXML on the test
    // driver (checked with python3-libvirt against test:///default).
    #[test]
    fn malformed_messages_match_libxml2() {
        let cases: &[(&str, &str)] = &[
            (
                "<domain type='test'><name>x</name>",
                "(domain_definition):1: Premature end of data in tag domain line 1\n<domain type='test'><name>x</name>\n----------------------------------^",
            ),
            ("", "(domain_definition):1: Document is empty\n(null)\n^"),
            (
                "<domain type='test'><name>x</nam></domain>",
                "(domain_definition):1: Opening and ending tag mismatch: name line 1 and nam\n<domain type='test'><name>x</nam></domain>\n---------------------------------^",
            ),
            ("hello", "(domain_definition):1: Start tag expected, '<' not found\nhello\n^"),
            ("   ", "(domain_definition):1: Start tag expected, '<' not found\n   \n---^"),
            (
                "<domain type='test'>\n  <name>x</name>\n  <memory>1</memory>\n  <os>\n</domain>",
                "(domain_definition):5: Opening and ending tag mismatch: os line 4 and domain\n</domain>\n---------^",
            ),
            (
                "<domain type='test'>\n  <name>x</name>\n  <memory>1</memory>\n",
                "(domain_definition):4: Premature end of data in tag domain line 1\n(null)\n^",
            ),
            (
                "<domain type='test'><name>&foo;</name></domain>",
                "(domain_definition):1: Entity 'foo' not defined\n<domain type='test'><name>&foo;</name></domain>\n-------------------------------^",
            ),
            (
                "<domain type='test'><name>x</name></domain><foo/>",
                "(domain_definition):1: Extra content at the end of the document\n<domain type='test'><name>x</name></domain><foo/>\n-------------------------------------------^",
            ),
            (
                "<domain type='test' type='x'><name>a</name></domain>",
                "(domain_definition):1: Attribute type redefined\n<domain type='test' type='x'><name>a</name></domain>\n----------------------------^",
            ),
            (
                "<domain type=test><name>x</name></domain>",
                "(domain_definition):1: AttValue: \" or ' expected\n<domain type=test><name>x</name></domain>\n-------------^",
            ),
            // Raw control characters, in text and in an attribute value.
            (
                "<domain type='test'><name>x\u{2}</name></domain>",
                "(domain_definition):1: PCDATA invalid Char value 2\n<domain type='test'><name>x\u{2}</name></domain>\n---------------------------^",
            ),
            (
                "<domain type='a\u{1}b'><name>x</name></domain>",
                "(domain_definition):1: invalid character in attribute value\n<domain type='a\u{1}b'><name>x</name></domain>\n---------------^",
            ),
        ];
        for (input, expected) in cases {
            let e = err_of(input);
            assert_eq!(e.code, Code::VIR_ERR_XML_DETAIL, "{input:?}");
            assert_eq!(e.domain, Domain::VIR_FROM_DOMAIN);
            assert_eq!(&e.message, expected, "{input:?}");
        }
    }

    #[test]
    fn malformed_always_xml_detail() {
        for input in [
            "<domain type='test'><name>a&b</name></domain>",
            "<domain type='test'><name>a<b</name></domain>",
            "<domain type='test><name>a</name></domain>",
            "<domain type='test'><name>a&#x1;b</name></domain>",
        ] {
            let e = err_of(input);
            assert_eq!(e.code, Code::VIR_ERR_XML_DETAIL, "{input:?}");
            assert!(e.message.starts_with("(domain_definition):1: "), "{}", e.message);
        }
    }

    /// A domain whose `<metadata>` holds `depth` nested `<a>` elements (libvirt's probe).
    fn nested(depth: usize, sep: &str) -> String {
        let head = "<domain type='test'><name>deep</name><memory>1024</memory><os><type>hvm</type></os><metadata>";
        format!("{head}{sep}{}{}</metadata></domain>", format!("<a>{sep}").repeat(depth), "</a>".repeat(depth))
    }

    #[test]
    fn depth_is_bounded_as_libxml2_bounds_it() {
        // Checked against libvirt 9.0: 255 nested <a> (257 levels) parse, 256 do not.
        assert!(parse_document(&nested(255, ""), "(domain_definition)", Domain::VIR_FROM_DOMAIN).is_ok());
        for depth in [256, 300, 4000, 200_000] {
            let text = nested(depth, "");
            let e = parse_document(&text, "(domain_definition)", Domain::VIR_FROM_DOMAIN).unwrap_err();
            assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_DETAIL, Domain::VIR_FROM_DOMAIN));
            let lines: Vec<&str> = e.message.split('\n').collect();
            assert_eq!(lines[0], "(domain_definition):1: Excessive depth in document: 256 use XML_PARSE_HUGE option");
            assert_eq!(lines[1], text);
            // The pointer stands at the 256th <a>, as libxml2's.
            assert_eq!(lines[2].len() - 1, 93 + 255 * 3, "{depth}");
        }
        let e = parse_document(&nested(300, "\n"), "(domain_definition)", Domain::VIR_FROM_DOMAIN).unwrap_err();
        assert_eq!(e.message, "(domain_definition):257: Excessive depth in document: 256 use XML_PARSE_HUGE option\n<a>\n^");
    }

    fn with_entities(ents: &[(&str, String)], body: &str) -> String {
        let decls: String = ents.iter().map(|(n, v)| format!("<!ENTITY {n} \"{v}\">\n")).collect();
        format!("<!DOCTYPE domain [\n{decls}]>\n<domain type='test'><description>{body}</description></domain>")
    }

    #[test]
    fn entity_expansion_is_bounded() {
        // Small expansions keep working (libvirt accepts these).
        let text = with_entities(&[("x", "a".repeat(1000))], &"&x;".repeat(50));
        let doc = parse_document(&text, "(domain_definition)", Domain::VIR_FROM_DOMAIN).unwrap();
        let desc = doc.root_element().first_element_child().unwrap();
        assert_eq!(desc.text().map(str::len), Some(50_000));
        // 100 KB expanding to 100 MB: refused before parsing, fast.
        let body = format!("{}{}", "&y;".repeat(1000), "b".repeat(95_000));
        let text = with_entities(&[("x", "a".repeat(1000)), ("y", "&x;".repeat(100))], &body);
        assert!(text.len() < 100_000);
        let started = std::time::Instant::now();
        let e = parse_document(&text, "(domain_definition)", Domain::VIR_FROM_DOMAIN).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_millis(500), "{:?}", started.elapsed());
        assert_eq!(e.code, Code::VIR_ERR_XML_DETAIL);
        let first = e.message.lines().next().unwrap();
        assert_eq!(first, "(domain_definition):5: entity references expand to more than 10000000 bytes");
        // The pointer is at the reference that crosses the limit (the 100th &y;).
        assert!(e.message.ends_with(&format!("\n{}^", "-".repeat(33 + 100 * 3))), "{}", &e.message[e.message.len() - 20..]);
        // A billion laughs.
        let mut ents = vec![("l0".to_string(), "lol".to_string())];
        for i in 1..10 {
            ents.push((format!("l{i}"), format!("&l{};", i - 1).repeat(10)));
        }
        let ents: Vec<(&str, String)> = ents.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
        let e = parse_document(&with_entities(&ents, "&l9;"), "f", Domain::VIR_FROM_DOMAIN).unwrap_err();
        assert!(e.message.starts_with("f:13: entity references expand to more than"), "{}", e.message);
        // A loop is the parser's to report.
        let text = with_entities(&[("a", "&b;".into()), ("b", "&a;".into())], "&a;");
        let e = parse_document(&text, "f", Domain::VIR_FROM_DOMAIN).unwrap_err();
        assert!(e.message.contains("Detected an entity reference loop"), "{}", e.message);
    }

    #[test]
    fn depth_counts_markup_in_entities_and_skips_comments() {
        // 200 levels in an entity, used 100 levels deep: too deep, refused at the reference.
        let deep = format!("{}{}", "<b>".repeat(200), "</b>".repeat(200));
        let text = with_entities(&[("d", deep.clone())], &format!("{}&d;{}", "<a>".repeat(100), "</a>".repeat(100)));
        let e = parse_document(&text, "f", Domain::VIR_FROM_DOMAIN).unwrap_err();
        assert!(e.message.starts_with("f:4: Excessive depth in document: 256"), "{}", e.message);
        // The same entity used 50 levels deep is fine.
        let text = with_entities(&[("d", deep)], &format!("{}&d;{}", "<a>".repeat(50), "</a>".repeat(50)));
        assert!(parse_document(&text, "f", Domain::VIR_FROM_DOMAIN).is_ok());
        // Start tags in comments, CDATA, attribute values and the DOCTYPE do not count.
        let many = "<a>".repeat(1000);
        let text = format!(
            "<!DOCTYPE d [<!ENTITY q \"{}\"> <!-- ' {many} -->]><d k='{}'><!-- {many} --><![CDATA[{many}]]><?pi {many}?><e/><e></e></d>",
            "&lt;".repeat(10),
            ">".repeat(10)
        );
        let doc = parse_document(&text, "f", Domain::VIR_FROM_DOMAIN).unwrap();
        assert_eq!(doc.root_element().children().filter(|c| c.is_element()).count(), 2);
    }

    #[test]
    fn size_is_bounded() {
        let text = format!("<domain>{}</domain>", " ".repeat(MAX_DOCUMENT_BYTES));
        let e = parse_document(&text, "big.xml", Domain::VIR_FROM_TEST).unwrap_err();
        assert_eq!(e.message, format!("big.xml: document of {} bytes is larger than the limit of 33554432 bytes", text.len()));
    }

    #[test]
    fn root_check() {
        let doc = parse_document("<foo/>", "x", Domain::VIR_FROM_DOMAIN).unwrap();
        let e = check_root(&doc, "domain").unwrap_err();
        assert_eq!((e.code, e.domain), (Code::VIR_ERR_XML_ERROR, Domain::VIR_FROM_XML));
        assert_eq!(e.message, "XML error: expecting root element of 'domain', not 'foo'");
    }

    #[test]
    fn blanks_and_libxml2_format() {
        let doc = roxmltree::Document::parse(
            "<m><a:x xmlns:a=\"urn:a\">\n   <a:y   k = \"1\"  />\n   <a:z>  </a:z>\n</a:x></m>",
        )
        .unwrap();
        let x = XmlElement::from_node(doc.root_element().first_element_child().unwrap());
        assert_eq!(
            x.format_libxml2(1),
            "<a:x xmlns:a=\"urn:a\">\n    <a:y k=\"1\"/>\n    <a:z>  </a:z>\n  </a:x>"
        );
        let doc = roxmltree::Document::parse("<a:x xmlns:a=\"urn:a\">text\n  <a:y/>\n</a:x>").unwrap();
        let x = XmlElement::from_node(doc.root_element());
        assert_eq!(x.format_libxml2(1), "<a:x xmlns:a=\"urn:a\">text\n  <a:y/>\n</a:x>");
        let doc = roxmltree::Document::parse("<a v=\"é&#9;&quot;'\">é&amp;</a>").unwrap();
        let x = XmlElement::from_node(doc.root_element());
        assert_eq!(x.format_libxml2(0), "<a v=\"&#xE9;&#9;&quot;'\">é&amp;</a>");
    }

    #[test]
    fn libvirt_style_buffer() {
        let mut b = Buf::new();
        b.open("a", &[("x", Some("1'2".into())), ("y", None)]);
        b.empty("b", &[]);
        b.text_element("c", &[], "<&>\"");
        b.close("a");
        assert_eq!(b.into_string(), "<a x='1&apos;2'>\n  <b/>\n  <c>&lt;&amp;&gt;&quot;</c>\n</a>\n");
    }
}
