//! Handle tables: how a pointer handed to C maps back to a live Rust object.
//!
//! C holds `virDomainPtr` and friends as plain addresses. Each class of handle has one
//! table mapping that address to an `Arc` of the object plus libvirt's public reference
//! count (`virDomainRef` / `virDomainFree`). Looking a handle up clones the `Arc`, so an
//! object stays alive for the whole of a call even if another thread frees its handle
//! meanwhile, and an address that is not in the table (NULL, freed, another class) is
//! simply not found: the caller reports libvirt's "invalid ... pointer" error.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;

pub struct HandleTable<T> {
    live: RwLock<HashMap<usize, Entry<T>>>,
}

struct Entry<T> {
    obj: Arc<T>,
    refs: u32,
}

impl<T> Default for HandleTable<T> {
    fn default() -> Self {
        HandleTable { live: RwLock::new(HashMap::new()) }
    }
}

impl<T> HandleTable<T> {
    /// Registers `obj` with one public reference; returns the address C will hold.
    pub fn insert(&self, obj: Arc<T>) -> usize {
        let key = Arc::as_ptr(&obj) as usize;
        self.live.write().insert(key, Entry { obj, refs: 1 });
        key
    }

    /// The object behind a live handle.
    pub fn get(&self, key: usize) -> Option<Arc<T>> {
        self.live.read().get(&key).map(|e| e.obj.clone())
    }

    /// Takes one more public reference; false if the handle is not live.
    pub fn add_ref(&self, key: usize) -> bool {
        match self.live.write().get_mut(&key) {
            Some(e) => {
                e.refs = e.refs.saturating_add(1);
                true
            }
            None => false,
        }
    }

    /// Drops one public reference. Returns the references left, and the object itself
    /// when that was the last one (the handle is then dead), or None if not live.
    pub fn unref(&self, key: usize) -> Option<(u32, Option<Arc<T>>)> {
        let mut live = self.live.write();
        let e = live.get_mut(&key)?;
        e.refs -= 1;
        if e.refs == 0 {
            let e = live.remove(&key)?;
            Some((0, Some(e.obj)))
        } else {
            Some((e.refs, None))
        }
    }

    /// The public reference count of a live handle.
    pub fn refs(&self, key: usize) -> Option<u32> {
        self.live.read().get(&key).map(|e| e.refs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refcounts_and_liveness() {
        let t: HandleTable<String> = HandleTable::default();
        let k = t.insert(Arc::new("x".into()));
        assert_eq!(t.refs(k), Some(1));
        assert!(t.add_ref(k));
        assert_eq!(t.unref(k).map(|(n, gone)| (n, gone.is_some())), Some((1, false)));
        let (n, gone) = t.unref(k).unwrap();
        assert_eq!(n, 0);
        assert_eq!(gone.as_deref().map(String::as_str), Some("x"));
        assert!(t.get(k).is_none());
        assert!(t.unref(k).is_none());
        assert!(!t.add_ref(k));
        assert!(t.get(0).is_none());
    }

    #[test]
    fn lookups_keep_objects_alive_after_free() {
        let t: HandleTable<String> = HandleTable::default();
        let k = t.insert(Arc::new("kept".into()));
        let held = t.get(k).unwrap();
        t.unref(k);
        assert_eq!(held.as_str(), "kept");
    }
}
