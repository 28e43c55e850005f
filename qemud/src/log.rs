//! The daemon's log: libvirt's levels (1 debug, 2 info, 3 warning, 4 error) and outputs
//! (`LEVEL:stderr`, `LEVEL:file:PATH`), lines shaped as libvirt's daemons write them:
//! `2026-01-02 03:04:05.678+0000: 1234: info : message`.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
}

impl Level {
    pub fn from_number(n: i64) -> Option<Level> {
        match n {
            1 => Some(Level::Debug),
            2 => Some(Level::Info),
            3 => Some(Level::Warning),
            4 => Some(Level::Error),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// Where log lines go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Stderr,
    File(String),
}

/// One `log_outputs` entry: lines at `level` or above go to `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    pub level: Level,
    pub target: Target,
}

/// Parses libvirt's `log_outputs` syntax: space-separated `LEVEL:stderr`,
/// `LEVEL:file:PATH`; `syslog:NAME` and `journald` are taken as stderr (the daemon
/// runs under a supervisor that collects it).
pub fn parse_outputs(text: &str) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    for item in text.split_whitespace() {
        let (level, rest) =
            item.split_once(':').ok_or_else(|| format!("bad log output '{item}': expecting LEVEL:DEST"))?;
        let level = level
            .parse::<i64>()
            .ok()
            .and_then(Level::from_number)
            .ok_or_else(|| format!("bad log output '{item}': level must be 1 to 4"))?;
        let target = match rest.split_once(':') {
            None if rest == "stderr" || rest == "journald" => Target::Stderr,
            Some(("syslog", _)) => Target::Stderr,
            Some(("file", path)) if path.starts_with('/') => Target::File(path.to_string()),
            Some(("file", _)) => return Err(format!("bad log output '{item}': the file path must be absolute")),
            _ => return Err(format!("bad log output '{item}': expecting stderr, file:PATH, syslog:NAME or journald")),
        };
        outputs.push(Output { level, target });
    }
    Ok(outputs)
}

struct Sink {
    level: Level,
    file: Option<Mutex<File>>,
}

struct Logger {
    sinks: Vec<Sink>,
    /// The lowest level any sink wants: cheaper checks for debug lines.
    min: Level,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

/// Sets up the outputs. `default_level` applies when `outputs` is empty (stderr).
/// Opening a log file can fail; the error says which file.
pub fn init(default_level: Level, outputs: &[Output]) -> Result<(), String> {
    let mut sinks = Vec::new();
    let defaults = [Output { level: default_level, target: Target::Stderr }];
    let outputs = if outputs.is_empty() { &defaults[..] } else { outputs };
    for o in outputs {
        let file = match &o.target {
            Target::Stderr => None,
            Target::File(path) => Some(Mutex::new({
                if let Some(dir) = std::path::Path::new(path).parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create log directory {}: {e}", dir.display()))?;
                }
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("cannot open log file {path}: {e}"))?
            })),
        };
        // The global level also filters: an output never shows more than log_level.
        sinks.push(Sink { level: o.level.max(default_level), file });
    }
    let min = sinks.iter().map(|s| s.level).min().unwrap_or(Level::Error);
    let _ = LOGGER.set(Logger { sinks, min });
    Ok(())
}

pub fn enabled(level: Level) -> bool {
    match LOGGER.get() {
        Some(l) => level >= l.min,
        None => level >= Level::Warning,
    }
}

pub fn write(level: Level, message: std::fmt::Arguments<'_>) {
    if !enabled(level) {
        return;
    }
    let line = format!("{}: {}: {} : {}\n", timestamp(), thread_id(), level.name(), message);
    match LOGGER.get() {
        None => eprint!("{line}"),
        Some(l) => {
            for s in l.sinks.iter().filter(|s| level >= s.level) {
                match &s.file {
                    None => {
                        let _ = std::io::stderr().write_all(line.as_bytes());
                    }
                    Some(f) => {
                        let _ = f.lock().write_all(line.as_bytes());
                    }
                }
            }
        }
    }
}

fn thread_id() -> i64 {
    crate::sys::gettid()
}

/// `YYYY-MM-DD HH:MM:SS.mmm+0000` in UTC.
fn timestamp() -> String {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{:03}+0000",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        now.subsec_millis()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[macro_export]
macro_rules! debug { ($($a:tt)*) => { $crate::log::write($crate::log::Level::Debug, format_args!($($a)*)) } }
#[macro_export]
macro_rules! info { ($($a:tt)*) => { $crate::log::write($crate::log::Level::Info, format_args!($($a)*)) } }
#[macro_export]
macro_rules! warn { ($($a:tt)*) => { $crate::log::write($crate::log::Level::Warning, format_args!($($a)*)) } }
#[macro_export]
macro_rules! error { ($($a:tt)*) => { $crate::log::write($crate::log::Level::Error, format_args!($($a)*)) } }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_parse() {
        let o = parse_outputs("1:file:/tmp/x.log 3:stderr").unwrap();
        assert_eq!(o[0], Output { level: Level::Debug, target: Target::File("/tmp/x.log".into()) });
        assert_eq!(o[1], Output { level: Level::Warning, target: Target::Stderr });
        assert!(parse_outputs("5:stderr").is_err());
        assert!(parse_outputs("1:file:relative").is_err());
        assert!(parse_outputs("1:carrier-pigeon").is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
