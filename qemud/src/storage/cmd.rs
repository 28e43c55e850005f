//! External commands of the storage driver (`qemu-img`, `mount`, `lvm`...): run directly
//! (never through a shell), with a deadline, their stderr in the error.
//!
//! A command stuck in the kernel (an unresponsive mount) may not even die when killed:
//! the caller is answered at the deadline anyway, and a thread of its own reaps the child
//! whenever it goes.

#![forbid(unsafe_code)]

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use virt::error::{Code, Domain, Error, Result};

const FROM: Domain = Domain::VIR_FROM_STORAGE;

/// What a command printed.
pub struct Output {
    pub stdout: String,
}

/// The command line as an error shows it.
fn describe(program: &str, args: &[&str]) -> String {
    std::iter::once(program).chain(args.iter().copied()).collect::<Vec<_>>().join(" ")
}

/// Runs `program args` with nothing on stdin, waiting at most `timeout` (then the child
/// is killed). A failure (a nonzero status, a signal, the deadline) is an error naming the
/// command and carrying its stderr, as libvirt's `virCommandRun` reports.
pub fn run(program: &str, args: &[&str], timeout: Duration) -> Result<Output> {
    let line = describe(program, args);
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("LC_ALL", "C")
        .env("LVM_SUPPRESS_FD_WARNINGS", "1")
        .spawn()
        .map_err(|e| Error::system(FROM, &format!("Cannot run '{program}'"), &e))?;
    let pid = child.id() as i32;
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("storage-cmd".into())
        .spawn(move || {
            let t = std::thread::spawn(move || {
                let mut e = String::new();
                if let Some(err) = err.as_mut() {
                    let _ = err.take(1 << 20).read_to_string(&mut e);
                }
                e
            });
            let mut o = String::new();
            if let Some(out) = out.as_mut() {
                let _ = out.take(16 << 20).read_to_string(&mut o);
            }
            let e = t.join().unwrap_or_default();
            let status = child.wait();
            let _ = tx.send((status, o, e));
        })
        .map_err(|e| Error::system(FROM, "cannot start a command reader", &e))?;
    match rx.recv_timeout(timeout) {
        Ok((Ok(status), stdout, stderr)) => {
            if status.success() {
                return Ok(Output { stdout });
            }
            let how = match status.code() {
                Some(c) => format!("exit status {c}"),
                None => "fatal signal".to_string(),
            };
            let stderr = stderr.trim_end();
            Err(Error::new(
                FROM,
                Code::VIR_ERR_INTERNAL_ERROR,
                format!("Child process ({line}) unexpected {how}{}{stderr}", if stderr.is_empty() { "" } else { ": " }),
            ))
        }
        Ok((Err(e), ..)) => Err(Error::system(FROM, &format!("cannot wait for '{program}'"), &e)),
        Err(_) => {
            // The child is still ours (not reaped: the reader thread waits for it), so the
            // pid cannot have been reused.
            let _ = crate::sys::kill(pid, libc::SIGKILL);
            Err(Error::new(
                FROM,
                Code::VIR_ERR_OPERATION_TIMEOUT,
                format!("'{line}' did not finish within {} s and was killed", timeout.as_secs()),
            ))
        }
    }
}
