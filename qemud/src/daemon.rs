//! The daemon's shared state: its configuration, its QEMU driver and the client count
//! (`max_clients`, idle time). Listeners, clients and dispatch all hold it; it depends
//! on none of them.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use crate::config::{Config, Mode};
use crate::qemu::driver::QemuDriver;

/// State shared by every listener and client of the daemon.
pub struct Daemon {
    pub config: Config,
    pub mode: Mode,
    /// The QEMU driver every `qemu:///` connection of this daemon shares.
    pub qemu: Arc<QemuDriver>,
    clients: AtomicUsize,
    next_id: AtomicU64,
    /// Since when no client has been connected (None while some are).
    idle_since: Mutex<Option<Instant>>,
    /// Signalled (under `idle_since`) when a client leaves and frees a slot.
    slot_free: Condvar,
    /// Calls running on workers, over all clients (`max_workers` bounds it).
    workers_busy: Mutex<usize>,
    /// Signalled (under `workers_busy`) when a call ends.
    worker_free: Condvar,
}

/// One of the daemon's `max_workers` slots, given back when dropped.
pub struct WorkerSlot<'a>(&'a Daemon);

impl Drop for WorkerSlot<'_> {
    fn drop(&mut self) {
        let mut busy = self.0.workers_busy.lock();
        *busy -= 1;
        self.0.worker_free.notify_one();
    }
}

impl Daemon {
    pub fn new(config: Config, mode: Mode, qemu: Arc<QemuDriver>) -> Arc<Daemon> {
        Arc::new(Daemon {
            config,
            mode,
            qemu,
            clients: AtomicUsize::new(0),
            next_id: AtomicU64::new(1),
            idle_since: Mutex::new(Some(Instant::now())),
            slot_free: Condvar::new(),
            workers_busy: Mutex::new(0),
            worker_free: Condvar::new(),
        })
    }

    /// A new client's id.
    pub fn next_client_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn client_count(&self) -> usize {
        self.clients.load(Ordering::SeqCst)
    }

    /// How long the daemon has had no client, if it has none.
    pub fn idle_for(&self) -> Option<Duration> {
        self.idle_since.lock().map(|t| t.elapsed())
    }

    /// Counts a new client in, unless the daemon is full.
    pub fn admit(&self) -> bool {
        let mut idle = self.idle_since.lock();
        let max = self.config.max_clients;
        let admitted =
            self.clients.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < max).then_some(n + 1)).is_ok();
        if admitted {
            *idle = None;
        }
        admitted
    }

    /// Counts a new client in, waiting while the daemon has `max_clients` clients.
    pub fn admit_waiting(&self) {
        let mut idle = self.idle_since.lock();
        let max = self.config.max_clients;
        while self.clients.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| (n < max).then_some(n + 1)).is_err() {
            self.slot_free.wait(&mut idle);
        }
        *idle = None;
    }

    /// Waits for one of the `max_workers` slots, as a call queued for libvirtd's worker
    /// pool waits for a free worker: at most `max_workers` calls run at once over all
    /// clients (high-priority calls, run on each client's reader thread, do not count).
    pub fn worker_slot(&self) -> WorkerSlot<'_> {
        let mut busy = self.workers_busy.lock();
        while *busy >= self.config.max_workers {
            self.worker_free.wait(&mut busy);
        }
        *busy += 1;
        WorkerSlot(self)
    }

    /// Counts a client out (when its connection has ended).
    pub fn release(&self) {
        let mut idle = self.idle_since.lock();
        if self.clients.fetch_sub(1, Ordering::SeqCst) == 1 {
            *idle = Some(Instant::now());
        }
        self.slot_free.notify_one();
    }
}

