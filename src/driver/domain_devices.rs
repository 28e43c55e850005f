//! libvirt-domain.h, devices and the guest: attaching and detaching devices, block
//! devices and their jobs, consoles, channels and graphics, keys, NMI, power management,
//! core dumps, and what the guest agent answers (file systems, time, addresses, users).
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); `{}` rows are not served yet.

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// `REMOTE_DOMAIN_BLOCK_PEEK_BUFFER_MAX`
pub const REMOTE_DOMAIN_BLOCK_PEEK_BUFFER_MAX: usize = 4_194_304;
/// `REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX`
pub const REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX: usize = 4_194_304;
/// `REMOTE_DOMAIN_SEND_KEY_MAX`
pub const REMOTE_DOMAIN_SEND_KEY_MAX: usize = 16;
/// `REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX`
pub const REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX: usize = 16;
/// `REMOTE_DOMAIN_BLOCK_COPY_PARAMETERS_MAX`
pub const REMOTE_DOMAIN_BLOCK_COPY_PARAMETERS_MAX: usize = 16;
/// `REMOTE_DOMAIN_DISK_ERRORS_MAX`
pub const REMOTE_DOMAIN_DISK_ERRORS_MAX: usize = 256;
/// `REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX`
pub const REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX: usize = 256;
/// `REMOTE_DOMAIN_FSINFO_MAX`
pub const REMOTE_DOMAIN_FSINFO_MAX: usize = 256;
/// `REMOTE_DOMAIN_FSINFO_DISKS_MAX`
pub const REMOTE_DOMAIN_FSINFO_DISKS_MAX: usize = 256;
/// `REMOTE_DOMAIN_INTERFACE_MAX`
pub const REMOTE_DOMAIN_INTERFACE_MAX: usize = 2048;
/// `REMOTE_DOMAIN_IP_ADDR_MAX`
pub const REMOTE_DOMAIN_IP_ADDR_MAX: usize = 2048;
/// `REMOTE_DOMAIN_GUEST_INFO_PARAMS_MAX`
pub const REMOTE_DOMAIN_GUEST_INFO_PARAMS_MAX: usize = 2048;
/// `VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT`: the one source read-only callers may not ask.
pub const ADDRESSES_SRC_AGENT: u32 = 1;
/// `REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX`
pub const REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX: usize = 2048;

crate::xdr_struct! {
    /// `remote_domain_disk_error`: a disk and its `virDomainDiskErrorCode`.
    pub struct DomainDiskError { pub disk: String, pub error: i32 }
}
crate::xdr_struct! {
    /// `remote_domain_fsinfo`: a mounted guest file system and the disks under it.
    pub struct DomainFsinfo {
        pub mountpoint: String,
        pub name: String,
        pub fstype: String,
        pub dev_aliases: Array<String, REMOTE_DOMAIN_FSINFO_DISKS_MAX>,
    }
}
crate::xdr_struct! {
    /// `remote_domain_ip_addr`: `type` is a `virIPAddrType`.
    pub struct DomainIpAddr { pub type_: i32, pub addr: String, pub prefix: u32 }
}
crate::xdr_struct! {
    /// `remote_domain_interface`: a guest interface and its addresses.
    pub struct DomainInterface {
        pub name: String,
        pub hwaddr: Option<String>,
        pub addrs: Array<DomainIpAddr, REMOTE_DOMAIN_IP_ADDR_MAX>,
    }
}

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainDevices;

    8 DOMAIN_ATTACH_DEVICE DomainAttachDevice rw low "virDomainAttachDevice" {
        fn domain_attach_device(dom: DomainId, xml: String) -> ()
    }
    13 DOMAIN_DETACH_DEVICE DomainDetachDevice rw low "virDomainDetachDevice" {
        fn domain_detach_device(dom: DomainId, xml: String) -> ()
    }
    53 DOMAIN_CORE_DUMP DomainCoreDump rw low "virDomainCoreDump" {
        fn domain_core_dump(dom: DomainId, to: String, flags: u32) -> ()
    }
    64 DOMAIN_BLOCK_STATS DomainBlockStats ro low "virDomainBlockStats" {
        fn domain_block_stats(dom: DomainId, path: String)
            -> { rd_req: i64, rd_bytes: i64, wr_req: i64, wr_bytes: i64, errs: i64 }
    }
    103 DOMAIN_BLOCK_PEEK DomainBlockPeek rw low "virDomainBlockPeek" {
        fn domain_block_peek(dom: DomainId, path: String, offset: u64, size: u32, flags: u32)
            -> buffer: Opaque<REMOTE_DOMAIN_BLOCK_PEEK_BUFFER_MAX>
    }
    104 DOMAIN_MEMORY_PEEK DomainMemoryPeek rw low "virDomainMemoryPeek" {
        custom { dom: DomainId, offset: u64, size: u32, flags: u32 } -> { buffer: Opaque<REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX> }
            fn domain_memory_peek(dom: &DomainId, start: u64, size: usize, flags: u32) -> Vec<u8>
    }
    160 DOMAIN_ATTACH_DEVICE_FLAGS DomainAttachDeviceFlags rw low "virDomainAttachDeviceFlags" {
        fn domain_attach_device_flags(dom: DomainId, xml: String, flags: u32) -> ()
    }
    161 DOMAIN_DETACH_DEVICE_FLAGS DomainDetachDeviceFlags rw low "virDomainDetachDeviceFlags" {
        fn domain_detach_device_flags(dom: DomainId, xml: String, flags: u32) -> ()
    }
    174 DOMAIN_UPDATE_DEVICE_FLAGS DomainUpdateDeviceFlags rw low "virDomainUpdateDeviceFlags" {
        fn domain_update_device_flags(dom: DomainId, xml: String, flags: u32) -> ()
    }
    194 DOMAIN_GET_BLOCK_INFO DomainGetBlockInfo ro low "virDomainGetBlockInfo" {
        fn domain_get_block_info(dom: DomainId, path: String, flags: u32)
            -> { allocation: u64, capacity: u64, physical: u64 }
    }
    201 DOMAIN_OPEN_CONSOLE DomainOpenConsole rw low "virDomainOpenConsole" {
        stream(false) fn domain_open_console(dom: DomainId, dev_name: Option<String>, flags: u32) -> ()
    }
    210 DOMAIN_INJECT_NMI DomainInjectNmi rw low "virDomainInjectNMI" {
        fn domain_inject_nmi(dom: DomainId, flags: u32) -> ()
    }
    211 DOMAIN_SCREENSHOT DomainScreenshot rw low "virDomainScreenshot" {
        stream(false) fn domain_screenshot(dom: DomainId, screen: u32, flags: u32) -> mime: Option<String>
    }
    226 DOMAIN_SEND_KEY DomainSendKey rw low "virDomainSendKey" {
        fn domain_send_key(dom: DomainId, codeset: u32, holdtime: u32, keycodes: Array<u32, REMOTE_DOMAIN_SEND_KEY_MAX>, flags: u32) -> ()
    }
    237 DOMAIN_BLOCK_JOB_ABORT DomainBlockJobAbort rw low "virDomainBlockJobAbort" {
        fn domain_block_job_abort(dom: DomainId, path: String, flags: u32) -> ()
    }
    238 DOMAIN_GET_BLOCK_JOB_INFO DomainGetBlockJobInfo ro low "virDomainGetBlockJobInfo" {
        fn domain_get_block_job_info(dom: DomainId, path: String, flags: u32)
            -> { found: i32, type_: i32, bandwidth: u64, cur: u64, end: u64 }
    }
    239 DOMAIN_BLOCK_JOB_SET_SPEED DomainBlockJobSetSpeed rw low "virDomainBlockJobSetSpeed" {
        fn domain_block_job_set_speed(dom: DomainId, path: String, bandwidth: u64, flags: u32) -> ()
    }
    240 DOMAIN_BLOCK_PULL DomainBlockPull rw low "virDomainBlockPull" {
        fn domain_block_pull(dom: DomainId, path: String, bandwidth: u64, flags: u32) -> ()
    }
    243 DOMAIN_BLOCK_STATS_FLAGS DomainBlockStatsFlags ro low "virDomainBlockStatsFlags" {
        fn domain_block_stats_flags(dom: DomainId, path: String, nparams: i32, flags: u32)
            -> { params: Array<TypedParam, REMOTE_DOMAIN_BLOCK_STATS_PARAMETERS_MAX>, nparams: i32 }
    }
    249 DOMAIN_OPEN_GRAPHICS DomainOpenGraphics rw low "virDomainOpenGraphics" {
        custom { dom: DomainId, idx: u32, flags: u32 } -> {}
            fn domain_open_graphics(dom: &DomainId, idx: u32, fd: i32, flags: u32) -> ()
    }
    251 DOMAIN_BLOCK_RESIZE DomainBlockResize rw low "virDomainBlockResize" {
        fn domain_block_resize(dom: DomainId, disk: String, size: u64, flags: u32) -> ()
    }
    261 DOMAIN_PM_SUSPEND_FOR_DURATION DomainPmSuspendForDuration rw low "virDomainPMSuspendForDuration" {
        fn domain_pm_suspend_for_duration(dom: DomainId, target: u32, duration: u64, flags: u32) -> ()
    }
    263 DOMAIN_GET_DISK_ERRORS DomainGetDiskErrors ro low "virDomainGetDiskErrors" {
        custom { dom: DomainId, maxerrors: u32, flags: u32 } -> { errors: Array<DomainDiskError, REMOTE_DOMAIN_DISK_ERRORS_MAX>, nerrors: i32 }
            fn domain_get_disk_errors(dom: &DomainId, maxerrors: u32, flags: u32) -> (Vec<DomainDiskError>, i32)
    }
    266 DOMAIN_BLOCK_REBASE DomainBlockRebase rw low "virDomainBlockRebase" {
        fn domain_block_rebase(dom: DomainId, path: String, base: Option<String>, bandwidth: u64, flags: u32) -> ()
    }
    267 DOMAIN_PM_WAKEUP DomainPmWakeup rw low "virDomainPMWakeup" {
        fn domain_pm_wakeup(dom: DomainId, flags: u32) -> ()
    }
    290 DOMAIN_BLOCK_COMMIT DomainBlockCommit rw low "virDomainBlockCommit" {
        fn domain_block_commit(dom: DomainId, disk: String, base: Option<String>, top: Option<String>, bandwidth: u64, flags: u32) -> ()
    }
    294 DOMAIN_FSTRIM DomainFstrim rw low "virDomainFSTrim" {
        fn domain_fstrim(dom: DomainId, mount_point: Option<String>, minimum: u64, flags: u32) -> ()
    }
    295 DOMAIN_SEND_PROCESS_SIGNAL DomainSendProcessSignal rw low "virDomainSendProcessSignal" {
        fn domain_send_process_signal(dom: DomainId, pid_value: i64, signum: u32, flags: u32) -> ()
    }
    296 DOMAIN_OPEN_CHANNEL DomainOpenChannel rw low "virDomainOpenChannel" {
        stream(false) fn domain_open_channel(dom: DomainId, name: Option<String>, flags: u32) -> ()
    }
    334 DOMAIN_CORE_DUMP_WITH_FORMAT DomainCoreDumpWithFormat rw low "virDomainCoreDumpWithFormat" {
        fn domain_core_dump_with_format(dom: DomainId, to: String, dumpformat: u32, flags: u32) -> ()
    }
    335 DOMAIN_FSFREEZE DomainFsfreeze rw low "virDomainFSFreeze" {
        fn domain_fsfreeze(dom: DomainId, mountpoints: Array<String, REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX>, flags: u32)
            -> filesystems: i32
    }
    336 DOMAIN_FSTHAW DomainFsthaw rw low "virDomainFSThaw" {
        fn domain_fsthaw(dom: DomainId, mountpoints: Array<String, REMOTE_DOMAIN_FSFREEZE_MOUNTPOINTS_MAX>, flags: u32)
            -> filesystems: i32
    }
    337 DOMAIN_GET_TIME DomainGetTime rw low "virDomainGetTime" {
        fn domain_get_time(dom: DomainId, flags: u32) -> { seconds: i64, nseconds: u32 }
    }
    338 DOMAIN_SET_TIME DomainSetTime rw low "virDomainSetTime" {
        fn domain_set_time(dom: DomainId, seconds: i64, nseconds: u32, flags: u32) -> ()
    }
    343 DOMAIN_OPEN_GRAPHICS_FD DomainOpenGraphicsFd rw low "virDomainOpenGraphicsFD" {
        custom { dom: DomainId, idx: u32, flags: u32 } -> {}
            fn domain_open_graphics_fd(dom: &DomainId, idx: u32, flags: u32) -> std::os::fd::OwnedFd
    }
    345 DOMAIN_BLOCK_COPY DomainBlockCopy rw low "virDomainBlockCopy" {
        fn domain_block_copy(dom: DomainId, path: String, destxml: String, params: Array<TypedParam, REMOTE_DOMAIN_BLOCK_COPY_PARAMETERS_MAX>, flags: u32) -> ()
    }
    349 DOMAIN_GET_FSINFO DomainGetFsinfo rw low "virDomainGetFSInfo" {
        custom { dom: DomainId, flags: u32 } -> { info: Array<DomainFsinfo, REMOTE_DOMAIN_FSINFO_MAX>, ret: u32 }
            fn domain_get_fsinfo(dom: &DomainId, flags: u32) -> Vec<DomainFsinfo>
    }
    353 DOMAIN_INTERFACE_ADDRESSES DomainInterfaceAddresses ro low "virDomainInterfaceAddresses" {
        custom { dom: DomainId, source: u32, flags: u32 } -> { ifaces: Array<DomainInterface, REMOTE_DOMAIN_INTERFACE_MAX> }
            fn domain_interface_addresses(dom: &DomainId, source: u32, flags: u32) -> Vec<DomainInterface>
    }
    357 DOMAIN_SET_USER_PASSWORD DomainSetUserPassword rw low "virDomainSetUserPassword" {
        fn domain_set_user_password(dom: DomainId, user: Option<String>, password: Option<String>, flags: u32) -> ()
    }
    386 DOMAIN_SET_BLOCK_THRESHOLD DomainSetBlockThreshold rw low "virDomainSetBlockThreshold" {
        fn domain_set_block_threshold(dom: DomainId, dev: String, threshold: u64, flags: u32) -> ()
    }
    392 DOMAIN_DETACH_DEVICE_ALIAS DomainDetachDeviceAlias rw low "virDomainDetachDeviceAlias" {
        fn domain_detach_device_alias(dom: DomainId, alias: String, flags: u32) -> ()
    }
    418 DOMAIN_GET_GUEST_INFO DomainGetGuestInfo rw low "virDomainGetGuestInfo" {
        fn domain_get_guest_info(dom: DomainId, types: u32, flags: u32)
            -> params: Array<TypedParam, REMOTE_DOMAIN_GUEST_INFO_PARAMS_MAX>
    }
    420 DOMAIN_AGENT_SET_RESPONSE_TIMEOUT DomainAgentSetResponseTimeout rw low "virDomainAgentSetResponseTimeout" {
        fn domain_agent_set_response_timeout(dom: DomainId, timeout: i32, flags: u32) -> result: i32
    }
    424 DOMAIN_AUTHORIZED_SSH_KEYS_GET DomainAuthorizedSshKeysGet rw low "virDomainAuthorizedSSHKeysGet" {
        fn domain_authorized_ssh_keys_get(dom: DomainId, user: String, flags: u32)
            -> keys: Array<String, REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX>
    }
    425 DOMAIN_AUTHORIZED_SSH_KEYS_SET DomainAuthorizedSshKeysSet rw low "virDomainAuthorizedSSHKeysSet" {
        fn domain_authorized_ssh_keys_set(dom: DomainId, user: String, keys: Array<String, REMOTE_DOMAIN_AUTHORIZED_SSH_KEYS_MAX>, flags: u32) -> ()
    }
    443 DOMAIN_FD_ASSOCIATE DomainFdAssociate rw low "virDomainFDAssociate" {
        custom { dom: DomainId, name: String, flags: u32 } -> {}
            fn domain_fd_associate(dom: &DomainId, name: Option<&str>, fds: &[i32], flags: u32) -> ()
    }
}


/// `VIR_DRV_FEATURE_FD_PASSING` (libvirt_internal.h).
const FEATURE_FD_PASSING: i32 = 8;

/// The remote client's hand-written halves (see the `custom` rows above): the limits and
/// reply checks libvirt's remote driver makes around these calls.
mod remote_custom {
    use super::wire::*;
    use super::{DomainDiskError, DomainFsinfo, DomainInterface, REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX};
    use crate::driver::remote::RemoteConnection;
    use crate::driver::DomainId;
    use crate::error::{Code, Domain, Error, Result};

    fn rpc(detail: String) -> Error {
        Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, detail)
    }

    /// libvirt's API asks the driver whether the connection passes files
    /// (`VIR_DRV_FEATURE_FD_PASSING`, which the remote driver asks the daemon).
    fn need_fd_passing(c: &RemoteConnection) -> Result<()> {
        use crate::driver::Connection;
        match c.supports_feature(super::FEATURE_FD_PASSING) {
            Ok(true) => Ok(()),
            _ => Err(fds_refused()),
        }
    }

    fn fds_refused() -> Error {
        Error::new(Domain::VIR_FROM_DOMAIN, Code::VIR_ERR_ARGUMENT_UNSUPPORTED, "fd passing is not supported by this connection")
    }

    /// `fd` goes beside the call (CALL_WITH_FDS); the daemon's driver takes its own copy.
    pub fn domain_open_graphics(c: &RemoteConnection, dom: &DomainId, idx: u32, fd: i32, flags: u32) -> Result<()> {
        use std::os::fd::AsFd;
        need_fd_passing(c)?;
        let copy = crate::sys::dup_fd(fd).map_err(|e| Error::system(Domain::VIR_FROM_REMOTE, &format!("Unable to duplicate FD {fd}"), &e))?;
        let args = DomainOpenGraphicsArgs { dom: dom.clone(), idx, flags };
        c.call_with_fds::<DomainOpenGraphics>(&args, &[copy.as_fd()])?;
        Ok(())
    }

    /// The daemon's new socket comes back beside the reply (REPLY_WITH_FDS).
    pub fn domain_open_graphics_fd(c: &RemoteConnection, dom: &DomainId, idx: u32, flags: u32) -> Result<std::os::fd::OwnedFd> {
        need_fd_passing(c)?;
        let args = DomainOpenGraphicsFdArgs { dom: dom.clone(), idx, flags };
        let (_, mut fds) = c.call_with_fds::<DomainOpenGraphicsFd>(&args, &[])?;
        if fds.len() != 1 {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_OPERATION_FAILED, "no file descriptor received"));
        }
        Ok(fds.remove(0))
    }

    /// The files go beside the call (CALL_WITH_FDS); the daemon's driver takes copies.
    pub fn domain_fd_associate(c: &RemoteConnection, dom: &DomainId, name: Option<&str>, fds: &[i32], flags: u32) -> Result<()> {
        use std::os::fd::AsFd;
        need_fd_passing(c)?;
        let copies = fds
            .iter()
            .map(|&fd| crate::sys::dup_fd(fd).map_err(|e| Error::system(Domain::VIR_FROM_REMOTE, &format!("Unable to duplicate FD {fd}"), &e)))
            .collect::<Result<Vec<_>>>()?;
        let lent: Vec<_> = copies.iter().map(|f| f.as_fd()).collect();
        let args = DomainFdAssociateArgs { dom: dom.clone(), name: name.unwrap_or_default().to_string(), flags };
        c.call_with_fds::<DomainFdAssociate>(&args, &lent)?;
        Ok(())
    }

    /// One request carries at most `REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX` bytes, and the
    /// reply must hold exactly the bytes asked for.
    pub fn domain_memory_peek(c: &RemoteConnection, dom: &DomainId, start: u64, size: usize, flags: u32) -> Result<Vec<u8>> {
        if size > REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX {
            return Err(rpc(format!(
                "memory peek request too large for remote protocol, {size} > {REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX}"
            )));
        }
        let args = DomainMemoryPeekArgs { dom: dom.clone(), offset: start, size: size as u32, flags };
        let ret = c.call::<DomainMemoryPeek>(&args)?;
        if ret.buffer.0.len() != size {
            return Err(rpc("returned buffer is not same size as requested".into()));
        }
        Ok(ret.buffer.0)
    }

    pub fn domain_get_disk_errors(c: &RemoteConnection, dom: &DomainId, maxerrors: u32, flags: u32) -> Result<(Vec<DomainDiskError>, i32)> {
        let ret = c.call::<DomainGetDiskErrors>(&DomainGetDiskErrorsArgs { dom: dom.clone(), maxerrors, flags })?;
        if ret.errors.0.len() > maxerrors as usize {
            return Err(rpc("returned number of disk errors exceeds limit".into()));
        }
        Ok((ret.errors.0, ret.nerrors))
    }

    pub fn domain_get_fsinfo(c: &RemoteConnection, dom: &DomainId, flags: u32) -> Result<Vec<DomainFsinfo>> {
        Ok(c.call::<DomainGetFsinfo>(&DomainGetFsinfoArgs { dom: dom.clone(), flags })?.info.0)
    }

    pub fn domain_interface_addresses(c: &RemoteConnection, dom: &DomainId, source: u32, flags: u32) -> Result<Vec<DomainInterface>> {
        let args = DomainInterfaceAddressesArgs { dom: dom.clone(), source, flags };
        Ok(c.call::<DomainInterfaceAddresses>(&args)?.ifaces.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver.
mod serve_custom {
    use super::wire::*;
    use super::{DomainDevices, REMOTE_DOMAIN_DISK_ERRORS_MAX, REMOTE_DOMAIN_FSINFO_DISKS_MAX, REMOTE_DOMAIN_FSINFO_MAX};
    use super::REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX;
    use crate::error::{Code, Domain, Error, Result};
    use crate::rpc::declare::{over_limit, rpc_error};
    use crate::rpc::xdr::{Array, Opaque};

    /// libvirtd's `virNetMessageDupFD` for slot 0 of a call that came without files.
    fn no_fd_at(slot: usize) -> Error {
        Error::new(Domain::VIR_FROM_RPC, Code::VIR_ERR_INTERNAL_ERROR, format!("No FD available at slot {slot}"))
    }

    /// The file that came with the call is lent to the driver, and closed after.
    pub fn domain_open_graphics(d: &dyn DomainDevices, a: DomainOpenGraphicsArgs, _: bool) -> Result<DomainOpenGraphicsRet> {
        use std::os::fd::AsRawFd;
        let fds = crate::rpc::fds::received();
        let fd = fds.first().ok_or_else(|| no_fd_at(0))?;
        d.domain_open_graphics(&a.dom, a.idx, fd.as_raw_fd(), a.flags)?;
        Ok(DomainOpenGraphicsRet {})
    }

    /// The driver's new socket goes with the reply.
    pub fn domain_open_graphics_fd(d: &dyn DomainDevices, a: DomainOpenGraphicsFdArgs, _: bool) -> Result<DomainOpenGraphicsFdRet> {
        let fd = d.domain_open_graphics_fd(&a.dom, a.idx, a.flags)?;
        crate::rpc::fds::send_with_reply(vec![fd]);
        Ok(DomainOpenGraphicsFdRet {})
    }

    /// The files that came with the call are lent to the driver, and closed after.
    pub fn domain_fd_associate(d: &dyn DomainDevices, a: DomainFdAssociateArgs, _: bool) -> Result<DomainFdAssociateRet> {
        use std::os::fd::AsRawFd;
        let fds = crate::rpc::fds::received();
        let raw: Vec<i32> = fds.iter().map(|f| f.as_raw_fd()).collect();
        d.domain_fd_associate(&a.dom, Some(&a.name), &raw, a.flags)?;
        Ok(DomainFdAssociateRet {})
    }

    pub fn domain_memory_peek(d: &dyn DomainDevices, a: DomainMemoryPeekArgs, _: bool) -> Result<DomainMemoryPeekRet> {
        if a.size as usize > REMOTE_DOMAIN_MEMORY_PEEK_BUFFER_MAX {
            return Err(over_limit("size > maximum buffer size"));
        }
        let mut buffer = d.domain_memory_peek(&a.dom, a.offset, a.size as usize, a.flags)?;
        buffer.resize(a.size as usize, 0);
        Ok(DomainMemoryPeekRet { buffer: Opaque(buffer) })
    }

    pub fn domain_get_disk_errors(d: &dyn DomainDevices, a: DomainGetDiskErrorsArgs, _: bool) -> Result<DomainGetDiskErrorsRet> {
        if a.maxerrors as usize > REMOTE_DOMAIN_DISK_ERRORS_MAX {
            return Err(rpc_error("maxerrors too large".into()));
        }
        let (errors, nerrors) = d.domain_get_disk_errors(&a.dom, a.maxerrors, a.flags)?;
        Ok(DomainGetDiskErrorsRet { errors: Array(errors), nerrors })
    }

    pub fn domain_get_fsinfo(d: &dyn DomainDevices, a: DomainGetFsinfoArgs, _: bool) -> Result<DomainGetFsinfoRet> {
        let info = d.domain_get_fsinfo(&a.dom, a.flags)?;
        if info.len() > REMOTE_DOMAIN_FSINFO_MAX {
            return Err(Error::new(
                Domain::VIR_FROM_REMOTE,
                Code::VIR_ERR_RPC,
                format!("Too many mountpoints in fsinfo: {} for limit {}", info.len(), REMOTE_DOMAIN_FSINFO_MAX),
            ));
        }
        if info.iter().any(|i| i.dev_aliases.0.len() > REMOTE_DOMAIN_FSINFO_DISKS_MAX) {
            return Err(Error::new(Domain::VIR_FROM_REMOTE, Code::VIR_ERR_RPC, "Too many disks in fsinfo"));
        }
        let ret = info.len() as u32;
        Ok(DomainGetFsinfoRet { info: Array(info), ret })
    }

    /// Asking the guest agent needs write access, which libvirt's public API checks in
    /// the daemon too (the procedure itself is read-only).
    pub fn domain_interface_addresses(
        d: &dyn DomainDevices,
        a: DomainInterfaceAddressesArgs,
        read_only: bool,
    ) -> Result<DomainInterfaceAddressesRet> {
        if read_only && a.source == super::ADDRESSES_SRC_AGENT {
            return Err(Error::new(
                Domain::VIR_FROM_DOMAIN,
                Code::VIR_ERR_OPERATION_DENIED,
                "read only access prevents virDomainInterfaceAddresses",
            ));
        }
        Ok(DomainInterfaceAddressesRet { ifaces: Array(d.domain_interface_addresses(&a.dom, a.source, a.flags)?) })
    }
}
