//! The event loop behind `virEventAddHandle` and friends.
//!
//! An application either registers its own loop (`virEventRegisterImpl`, whose functions
//! the API layer then calls) or asks for libvirt's default one
//! (`virEventRegisterDefaultImpl` + `virEventRunDefaultImpl`): [`DefaultLoop`], a poll(2)
//! loop. Callbacks run with no lock held, so they may add, update or remove watches and
//! timers; a removed item's free callback runs once no dispatch can still reach it.
//! Another thread changing the loop wakes a `poll` in progress through a socket pair.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::error::{Code, Domain, Error, Result};
use crate::sys;

pub mod callbacks;

/// `virEventHandleType` bits.
pub const READABLE: i32 = 1;
pub const WRITABLE: i32 = 2;
pub const ERROR: i32 = 4;
pub const HANGUP: i32 = 8;

pub type HandleCallback = Arc<Mutex<Box<dyn FnMut(i32, RawFd, i32) + Send>>>;
pub type TimeoutCallback = Arc<Mutex<Box<dyn FnMut(i32) + Send>>>;
pub type FreeCallback = Box<dyn FnOnce() + Send>;

struct Handle {
    watch: i32,
    fd: RawFd,
    events: i32,
    cb: HandleCallback,
    ff: Option<FreeCallback>,
    deleted: bool,
}

struct Timer {
    id: i32,
    /// Milliseconds between firings; -1 disabled, 0 every iteration.
    frequency: i32,
    due: Instant,
    cb: TimeoutCallback,
    ff: Option<FreeCallback>,
    deleted: bool,
}

#[derive(Default)]
struct Items {
    handles: Vec<Handle>,
    timers: Vec<Timer>,
    next_watch: i32,
    next_timer: i32,
}

pub struct DefaultLoop {
    items: Mutex<Items>,
    wake_tx: UnixStream,
    wake_rx: UnixStream,
}

impl DefaultLoop {
    fn new() -> Result<DefaultLoop> {
        let (wake_tx, wake_rx) = UnixStream::pair().map_err(|e| Error::system(Domain::VIR_FROM_EVENT, "cannot create wakeup socket", &e))?;
        for s in [&wake_tx, &wake_rx] {
            s.set_nonblocking(true).map_err(|e| Error::system(Domain::VIR_FROM_EVENT, "cannot set wakeup socket non-blocking", &e))?;
        }
        Ok(DefaultLoop { items: Mutex::new(Items { next_watch: 1, next_timer: 1, ..Items::default() }), wake_tx, wake_rx })
    }

    /// Interrupts a `poll` in progress so it sees a change.
    fn wake(&self) {
        let _ = (&self.wake_tx).write(&[0]);
    }

    pub fn add_handle(&self, fd: RawFd, events: i32, cb: HandleCallback, ff: Option<FreeCallback>) -> i32 {
        let mut items = self.items.lock();
        let watch = items.next_watch;
        items.next_watch += 1;
        items.handles.push(Handle { watch, fd, events, cb, ff, deleted: false });
        drop(items);
        self.wake();
        watch
    }

    pub fn update_handle(&self, watch: i32, events: i32) {
        if let Some(h) = self.items.lock().handles.iter_mut().find(|h| h.watch == watch && !h.deleted) {
            h.events = events;
        }
        self.wake();
    }

    pub fn remove_handle(&self, watch: i32) -> i32 {
        let found = match self.items.lock().handles.iter_mut().find(|h| h.watch == watch && !h.deleted) {
            Some(h) => {
                h.deleted = true;
                true
            }
            None => false,
        };
        self.wake();
        if found { 0 } else { -1 }
    }

    pub fn add_timeout(&self, frequency: i32, cb: TimeoutCallback, ff: Option<FreeCallback>) -> i32 {
        let mut items = self.items.lock();
        let id = items.next_timer;
        items.next_timer += 1;
        let due = Instant::now() + Duration::from_millis(frequency.max(0) as u64);
        items.timers.push(Timer { id, frequency, due, cb, ff, deleted: false });
        drop(items);
        self.wake();
        id
    }

    pub fn update_timeout(&self, timer: i32, frequency: i32) {
        if let Some(t) = self.items.lock().timers.iter_mut().find(|t| t.id == timer && !t.deleted) {
            t.frequency = frequency;
            t.due = Instant::now() + Duration::from_millis(frequency.max(0) as u64);
        }
        self.wake();
    }

    pub fn remove_timeout(&self, timer: i32) -> i32 {
        let found = match self.items.lock().timers.iter_mut().find(|t| t.id == timer && !t.deleted) {
            Some(t) => {
                t.deleted = true;
                true
            }
            None => false,
        };
        self.wake();
        if found { 0 } else { -1 }
    }

    /// One iteration: wait for the next timer or a ready descriptor, then dispatch.
    pub fn run_once(&self) -> Result<()> {
        self.purge_deleted();
        let (mut fds, watches, wait) = {
            let items = self.items.lock();
            let mut fds = vec![(self.wake_rx.as_raw_fd(), sys::POLLIN, 0)];
            let mut watches = vec![0];
            for h in items.handles.iter().filter(|h| !h.deleted && h.events != 0) {
                fds.push((h.fd, to_poll(h.events), 0));
                watches.push(h.watch);
            }
            let now = Instant::now();
            let wait = items
                .timers
                .iter()
                .filter(|t| !t.deleted && t.frequency >= 0)
                .map(|t| t.due.saturating_duration_since(now))
                .min();
            (fds, watches, wait)
        };
        sys::poll(&mut fds, wait).map_err(|e| Error::system(Domain::VIR_FROM_EVENT, "Unable to poll on file handles", &e))?;
        if fds[0].2 != 0 {
            let mut sink = [0u8; 64];
            while matches!((&self.wake_rx).read(&mut sink), Ok(n) if n > 0) {}
        }
        self.dispatch_timers();
        for (i, &(fd, _, revents)) in fds.iter().enumerate().skip(1) {
            if revents == 0 {
                continue;
            }
            let cb = {
                let items = self.items.lock();
                items.handles.iter().find(|h| h.watch == watches[i] && !h.deleted).map(|h| h.cb.clone())
            };
            if let Some(cb) = cb {
                (cb.lock())(watches[i], fd, from_poll(revents));
            }
        }
        self.purge_deleted();
        Ok(())
    }

    fn dispatch_timers(&self) {
        let now = Instant::now();
        let due: Vec<(i32, TimeoutCallback)> = {
            let mut items = self.items.lock();
            items
                .timers
                .iter_mut()
                .filter(|t| !t.deleted && t.frequency >= 0 && t.due <= now)
                .map(|t| {
                    t.due = now + Duration::from_millis(t.frequency as u64);
                    (t.id, t.cb.clone())
                })
                .collect()
        };
        for (id, cb) in due {
            (cb.lock())(id);
        }
    }

    /// Drops removed items and runs their free callbacks, outside the lock.
    fn purge_deleted(&self) {
        let mut frees = Vec::new();
        {
            let mut items = self.items.lock();
            items.handles.retain_mut(|h| {
                if h.deleted {
                    frees.extend(h.ff.take());
                }
                !h.deleted
            });
            items.timers.retain_mut(|t| {
                if t.deleted {
                    frees.extend(t.ff.take());
                }
                !t.deleted
            });
        }
        for f in frees {
            f();
        }
    }
}

fn to_poll(events: i32) -> i16 {
    let mut p = 0;
    if events & READABLE != 0 {
        p |= sys::POLLIN;
    }
    if events & WRITABLE != 0 {
        p |= sys::POLLOUT;
    }
    p
}

fn from_poll(revents: i16) -> i32 {
    let mut e = 0;
    if revents & sys::POLLIN != 0 {
        e |= READABLE;
    }
    if revents & sys::POLLOUT != 0 {
        e |= WRITABLE;
    }
    if revents & sys::POLLERR != 0 {
        e |= ERROR;
    }
    if revents & sys::POLLHUP != 0 {
        e |= HANGUP;
    }
    e
}

static DEFAULT_LOOP: OnceLock<DefaultLoop> = OnceLock::new();

/// The process's default loop, created on first use.
pub fn default_loop() -> Result<&'static DefaultLoop> {
    if let Some(l) = DEFAULT_LOOP.get() {
        return Ok(l);
    }
    let l = DefaultLoop::new()?;
    Ok(DEFAULT_LOOP.get_or_init(|| l))
}

/// The error `virEventRunDefaultImpl` reports when nobody registered the default loop.
pub fn not_registered() -> Error {
    Error::new(Domain::VIR_FROM_EVENT, Code::VIR_ERR_INTERNAL_ERROR, "default event loop is not registered")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI32, Ordering};

    #[test]
    fn handles_timers_and_removal() {
        let l = DefaultLoop::new().unwrap();
        let (mut a, b) = UnixStream::pair().unwrap();
        let seen = Arc::new(AtomicI32::new(0));
        let s = seen.clone();
        let freed = Arc::new(AtomicI32::new(0));
        let f = freed.clone();
        let w = l.add_handle(
            b.as_raw_fd(),
            READABLE,
            Arc::new(Mutex::new(Box::new(move |_, _, ev| {
                s.fetch_or(ev, Ordering::SeqCst);
            }))),
            Some(Box::new(move || {
                f.fetch_add(1, Ordering::SeqCst);
            })),
        );
        a.write_all(b"x").unwrap();
        l.run_once().unwrap();
        assert_eq!(seen.load(Ordering::SeqCst) & READABLE, READABLE);

        let ticks = Arc::new(AtomicI32::new(0));
        let t = ticks.clone();
        let timer = l.add_timeout(0, Arc::new(Mutex::new(Box::new(move |_| {
            t.fetch_add(1, Ordering::SeqCst);
        }))), None);
        l.update_handle(w, 0);
        l.run_once().unwrap();
        l.run_once().unwrap();
        assert!(ticks.load(Ordering::SeqCst) >= 2);
        assert_eq!(l.remove_timeout(timer), 0);
        assert_eq!(l.remove_timeout(timer), -1);
        assert_eq!(l.remove_handle(w), 0);
        let before = ticks.load(Ordering::SeqCst);
        let _ = l.add_timeout(5, Arc::new(Mutex::new(Box::new(|_| {}))), None);
        l.run_once().unwrap();
        assert_eq!(ticks.load(Ordering::SeqCst), before);
        assert_eq!(freed.load(Ordering::SeqCst), 1);
    }
}
