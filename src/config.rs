//! libvirt's configuration file format (`key = value`, `#` comments, strings in single
//! or double quotes, integers, lists `[ "a", "b" ]`), and the client's `libvirt.conf`.
//!
//! The parser is shared with the daemon, whose config files use the same format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Code, Domain, Error, Result};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Str(String),
    List(Vec<String>),
}

/// A parsed config file: keys in file order of last assignment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Conf {
    pub entries: BTreeMap<String, Value>,
}

impl Conf {
    pub fn parse(text: &str, origin: &str) -> Result<Conf> {
        let mut p = Parser { s: text.as_bytes(), i: 0, line: 1, origin };
        let mut conf = Conf::default();
        loop {
            p.skip_blank_and_comments();
            if p.i >= p.s.len() {
                return Ok(conf);
            }
            let key = p.ident()?;
            p.skip_spaces();
            p.expect(b'=')?;
            p.skip_spaces();
            let value = p.value()?;
            p.skip_spaces();
            p.end_of_statement()?;
            conf.entries.insert(key, value);
        }
    }

    pub fn read(path: &Path) -> Result<Option<Conf>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Conf::parse(&text, &path.display().to_string()).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::system(Domain::VIR_FROM_CONF, &format!("cannot read {}", path.display()), &e)),
        }
    }

    pub fn string(&self, key: &str) -> Option<&str> {
        match self.entries.get(key) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn list(&self, key: &str) -> Option<&[String]> {
        match self.entries.get(key) {
            Some(Value::List(l)) => Some(l),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    origin: &'a str,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> Error {
        Error::new(Domain::VIR_FROM_CONF, Code::VIR_ERR_CONF_SYNTAX, format!("{}:{}: {what}", self.origin, self.line))
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n')) {
                self.i += 1;
            }
        }
    }

    fn skip_blank_and_comments(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.i += 1,
                Some(b'\n') => {
                    self.line += 1;
                    self.i += 1;
                }
                Some(b'#') => self.skip_comment(),
                _ => return,
            }
        }
    }

    fn expect(&mut self, c: u8) -> Result<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(&format!("expecting '{}'", c as char)))
        }
    }

    fn ident(&mut self) -> Result<String> {
        let start = self.i;
        if !self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            return Err(self.err("expecting a name"));
        }
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.')) {
            self.i += 1;
        }
        Ok(String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn string(&mut self) -> Result<String> {
        let quote = self.peek().ok_or_else(|| self.err("expecting a value"))?;
        self.i += 1;
        let start = self.i;
        while let Some(c) = self.peek() {
            if c == quote {
                let s = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                self.i += 1;
                return Ok(s);
            }
            if c == b'\n' {
                break;
            }
            self.i += 1;
        }
        Err(self.err("unterminated string"))
    }

    fn value(&mut self) -> Result<Value> {
        match self.peek() {
            Some(b'"' | b'\'') => self.string().map(Value::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_blank_and_comments();
                    match self.peek() {
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::List(items));
                        }
                        Some(b'"' | b'\'') => items.push(self.string()?),
                        _ => return Err(self.err("expecting a string or ']' in list")),
                    }
                    self.skip_blank_and_comments();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(self.err("expecting ',' or ']' in list")),
                    }
                }
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                text.parse().map(Value::Int).map_err(|_| self.err("bad number"))
            }
            _ => Err(self.err("expecting a value")),
        }
    }

    fn end_of_statement(&mut self) -> Result<()> {
        self.skip_comment();
        match self.peek() {
            None => Ok(()),
            Some(b'\n' | b'\r' | b';') => Ok(()),
            _ => Err(self.err("expecting end of line")),
        }
    }
}

/// What the client reads from `libvirt.conf`.
#[derive(Clone, Debug, Default)]
pub struct ClientConfig {
    pub uri_default: Option<String>,
    pub uri_aliases: Vec<(String, String)>,
}

impl ClientConfig {
    /// The URI an alias stands for, if `name` is one.
    pub fn alias(&self, name: &str) -> Option<String> {
        self.uri_aliases.iter().find(|(a, _)| a == name).map(|(_, u)| u.clone())
    }
}

/// `/etc/libvirt/libvirt.conf` for root, `$XDG_CONFIG_HOME/libvirt/libvirt.conf` otherwise.
pub fn client_config_path() -> PathBuf {
    if crate::sys::euid() == 0 {
        return PathBuf::from("/etc/libvirt/libvirt.conf");
    }
    config_home().join("libvirt/libvirt.conf")
}

/// `$XDG_CONFIG_HOME`, or `~/.config`.
pub fn config_home() -> PathBuf {
    match std::env::var_os("XDG_CONFIG_HOME") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".config"),
    }
}

/// The client config, read afresh (it is small, and read only when a connection opens).
/// A missing or unreadable file means defaults, as a broken file must not stop a client.
pub fn client_config() -> ClientConfig {
    let Ok(Some(conf)) = Conf::read(&client_config_path()) else { return ClientConfig::default() };
    let aliases = conf
        .list("uri_aliases")
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a.split_once('=').map(|(n, u)| (n.to_string(), u.to_string())))
        .collect();
    ClientConfig { uri_default: conf.string("uri_default").map(str::to_string), uri_aliases: aliases }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libvirt_style() {
        let c = Conf::parse(
            "# comment\nlisten_tcp = 1\ntcp_port = \"16509\"\nuri_aliases = [\n  \"hail=qemu+ssh://root@hail/system\", # x\n  'sleet=qemu:///system',\n]\nneg = -5 # trailing\n",
            "t",
        )
        .unwrap();
        assert_eq!(c.entries.get("listen_tcp"), Some(&Value::Int(1)));
        assert_eq!(c.string("tcp_port"), Some("16509"));
        assert_eq!(c.list("uri_aliases").unwrap().len(), 2);
        assert_eq!(c.entries.get("neg"), Some(&Value::Int(-5)));
    }

    #[test]
    fn reports_syntax_errors_with_line() {
        let e = Conf::parse("a = 1\nb = \"open\n", "f.conf").unwrap_err();
        assert_eq!(e.code, Code::VIR_ERR_CONF_SYNTAX);
        assert!(e.message.contains("f.conf:2"), "{}", e.message);
        assert!(Conf::parse("= 1", "x").is_err());
        assert!(Conf::parse("a = [ 1 ]", "x").is_err());
        assert!(Conf::parse("a = 1 b", "x").is_err());
    }
}
