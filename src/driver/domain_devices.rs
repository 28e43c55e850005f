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

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainDevices;

    8 DOMAIN_ATTACH_DEVICE DomainAttachDevice rw low "virDomainAttachDevice" {}
    13 DOMAIN_DETACH_DEVICE DomainDetachDevice rw low "virDomainDetachDevice" {}
    53 DOMAIN_CORE_DUMP DomainCoreDump rw low "virDomainCoreDump" {}
    64 DOMAIN_BLOCK_STATS DomainBlockStats ro low "virDomainBlockStats" {}
    103 DOMAIN_BLOCK_PEEK DomainBlockPeek rw low "virDomainBlockPeek" {}
    104 DOMAIN_MEMORY_PEEK DomainMemoryPeek rw low "virDomainMemoryPeek" {}
    160 DOMAIN_ATTACH_DEVICE_FLAGS DomainAttachDeviceFlags rw low "virDomainAttachDeviceFlags" {}
    161 DOMAIN_DETACH_DEVICE_FLAGS DomainDetachDeviceFlags rw low "virDomainDetachDeviceFlags" {}
    174 DOMAIN_UPDATE_DEVICE_FLAGS DomainUpdateDeviceFlags rw low "virDomainUpdateDeviceFlags" {}
    194 DOMAIN_GET_BLOCK_INFO DomainGetBlockInfo ro low "virDomainGetBlockInfo" {}
    201 DOMAIN_OPEN_CONSOLE DomainOpenConsole rw low "virDomainOpenConsole" {
        stream(false) fn domain_open_console(dom: DomainId, dev_name: Option<String>, flags: u32) -> ()
    }
    210 DOMAIN_INJECT_NMI DomainInjectNmi rw low "virDomainInjectNMI" {}
    211 DOMAIN_SCREENSHOT DomainScreenshot rw low "virDomainScreenshot" {
        stream(false) fn domain_screenshot(dom: DomainId, screen: u32, flags: u32) -> mime: Option<String>
    }
    226 DOMAIN_SEND_KEY DomainSendKey rw low "virDomainSendKey" {}
    237 DOMAIN_BLOCK_JOB_ABORT DomainBlockJobAbort rw low "virDomainBlockJobAbort" {}
    238 DOMAIN_GET_BLOCK_JOB_INFO DomainGetBlockJobInfo ro low "virDomainGetBlockJobInfo" {}
    239 DOMAIN_BLOCK_JOB_SET_SPEED DomainBlockJobSetSpeed rw low "virDomainBlockJobSetSpeed" {}
    240 DOMAIN_BLOCK_PULL DomainBlockPull rw low "virDomainBlockPull" {}
    243 DOMAIN_BLOCK_STATS_FLAGS DomainBlockStatsFlags ro low "virDomainBlockStatsFlags" {}
    249 DOMAIN_OPEN_GRAPHICS DomainOpenGraphics rw low "virDomainOpenGraphics" {}
    251 DOMAIN_BLOCK_RESIZE DomainBlockResize rw low "virDomainBlockResize" {}
    261 DOMAIN_PM_SUSPEND_FOR_DURATION DomainPmSuspendForDuration rw low "virDomainPMSuspendForDuration" {}
    263 DOMAIN_GET_DISK_ERRORS DomainGetDiskErrors ro low "virDomainGetDiskErrors" {}
    266 DOMAIN_BLOCK_REBASE DomainBlockRebase rw low "virDomainBlockRebase" {}
    267 DOMAIN_PM_WAKEUP DomainPmWakeup rw low "virDomainPMWakeup" {}
    290 DOMAIN_BLOCK_COMMIT DomainBlockCommit rw low "virDomainBlockCommit" {}
    294 DOMAIN_FSTRIM DomainFstrim rw low "virDomainFSTrim" {}
    295 DOMAIN_SEND_PROCESS_SIGNAL DomainSendProcessSignal rw low "virDomainSendProcessSignal" {}
    296 DOMAIN_OPEN_CHANNEL DomainOpenChannel rw low "virDomainOpenChannel" {
        stream(false) fn domain_open_channel(dom: DomainId, name: Option<String>, flags: u32) -> ()
    }
    334 DOMAIN_CORE_DUMP_WITH_FORMAT DomainCoreDumpWithFormat rw low "virDomainCoreDumpWithFormat" {}
    335 DOMAIN_FSFREEZE DomainFsfreeze rw low "virDomainFSFreeze" {}
    336 DOMAIN_FSTHAW DomainFsthaw rw low "virDomainFSThaw" {}
    337 DOMAIN_GET_TIME DomainGetTime rw low "virDomainGetTime" {}
    338 DOMAIN_SET_TIME DomainSetTime rw low "virDomainSetTime" {}
    343 DOMAIN_OPEN_GRAPHICS_FD DomainOpenGraphicsFd rw low "virDomainOpenGraphicsFD" {}
    345 DOMAIN_BLOCK_COPY DomainBlockCopy rw low "virDomainBlockCopy" {}
    349 DOMAIN_GET_FSINFO DomainGetFsinfo rw low "virDomainGetFSInfo" {}
    353 DOMAIN_INTERFACE_ADDRESSES DomainInterfaceAddresses ro low "virDomainInterfaceAddresses" {}
    357 DOMAIN_SET_USER_PASSWORD DomainSetUserPassword rw low "virDomainSetUserPassword" {}
    386 DOMAIN_SET_BLOCK_THRESHOLD DomainSetBlockThreshold rw low "virDomainSetBlockThreshold" {}
    392 DOMAIN_DETACH_DEVICE_ALIAS DomainDetachDeviceAlias rw low "virDomainDetachDeviceAlias" {}
    418 DOMAIN_GET_GUEST_INFO DomainGetGuestInfo rw low "virDomainGetGuestInfo" {}
    420 DOMAIN_AGENT_SET_RESPONSE_TIMEOUT DomainAgentSetResponseTimeout rw low "virDomainAgentSetResponseTimeout" {}
    424 DOMAIN_AUTHORIZED_SSH_KEYS_GET DomainAuthorizedSshKeysGet rw low "virDomainAuthorizedSSHKeysGet" {}
    425 DOMAIN_AUTHORIZED_SSH_KEYS_SET DomainAuthorizedSshKeysSet rw low "virDomainAuthorizedSSHKeysSet" {}
    443 DOMAIN_FD_ASSOCIATE DomainFdAssociate rw low "virDomainFDAssociate" {}
}
