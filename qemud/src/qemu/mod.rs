//! The QEMU driver: how a domain becomes a running QEMU process and how the daemon
//! talks to it afterwards.
//!
//! [`argv`] turns a domain definition into QEMU's command line (pure; golden-tested);
//! [`process`] launches QEMU (detached, logging to the domain's log file), checks
//! whether a recorded pid is still that QEMU, and kills it; [`qmp`] is the monitor
//! client that drives the running guest over its QMP socket; [`caps`] describes the
//! installed binaries; [`defaults`] fills in what libvirt's QEMU driver adds to a
//! definition (implicit devices, PCI/USB/virtio-serial addresses); [`driver`] is the daemon's `qemu:///` hypervisor driver that
//! puts them together (definitions, lifecycle, status files, save/restore).

pub mod argv;
pub mod caps;
pub mod defaults;
pub mod domcaps;
pub mod firmware;
pub mod prepare;
pub mod driver;
pub mod process;
pub mod qmp;
