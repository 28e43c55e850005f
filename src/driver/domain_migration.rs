//! libvirt-domain.h, jobs: migration (all protocol versions and their tunables),
//! job control and statistics, backups.
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); `{}` rows are not served yet.

#![forbid(unsafe_code)]
// The slots take the wire's fields one by one, and Perform3 has eight.
#![allow(clippy::too_many_arguments)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// `REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX`
pub const REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX: usize = 64;
/// `REMOTE_DOMAIN_JOB_STATS_MAX`
pub const REMOTE_DOMAIN_JOB_STATS_MAX: usize = 64;
/// `REMOTE_MIGRATE_COOKIE_MAX`: bytes of a migration cookie.
pub const REMOTE_MIGRATE_COOKIE_MAX: usize = 4_194_304;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait DomainMigration;

    61 DOMAIN_MIGRATE_PREPARE DomainMigratePrepare rw low "virDomainMigratePrepare" {
        fn domain_migrate_prepare(uri_in: Option<String>, flags: u64, dname: Option<String>, resource: u64)
            -> { cookie: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri_out: Option<String> }
    }
    62 DOMAIN_MIGRATE_PERFORM DomainMigratePerform rw low "virDomainMigratePerform" {
        fn domain_migrate_perform(dom: DomainId, cookie: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri: String, flags: u64, dname: Option<String>, resource: u64) -> ()
    }
    63 DOMAIN_MIGRATE_FINISH DomainMigrateFinish rw low "virDomainMigrateFinish" {
        fn domain_migrate_finish(dname: String, cookie: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri: String, flags: u64) -> ddom: DomainId
    }
    108 DOMAIN_MIGRATE_PREPARE2 DomainMigratePrepare2 rw low "virDomainMigratePrepare2" {
        fn domain_migrate_prepare2(uri_in: Option<String>, flags: u64, dname: Option<String>, resource: u64, dom_xml: String)
            -> { cookie: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri_out: Option<String> }
    }
    109 DOMAIN_MIGRATE_FINISH2 DomainMigrateFinish2 rw low "virDomainMigrateFinish2" {
        fn domain_migrate_finish2(dname: String, cookie: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri: String, flags: u64, retcode: i32) -> ddom: DomainId
    }
    148 DOMAIN_MIGRATE_PREPARE_TUNNEL DomainMigratePrepareTunnel rw low "virDomainMigratePrepareTunnel" {}
    164 DOMAIN_ABORT_JOB DomainAbortJob rw low "virDomainAbortJob" {
        fn domain_abort_job(dom: DomainId) -> ()
    }
    166 DOMAIN_MIGRATE_SET_MAX_DOWNTIME DomainMigrateSetMaxDowntime rw low "virDomainMigrateSetMaxDowntime" {
        fn domain_migrate_set_max_downtime(dom: DomainId, downtime: u64, flags: u32) -> ()
    }
    207 DOMAIN_MIGRATE_SET_MAX_SPEED DomainMigrateSetMaxSpeed rw low "virDomainMigrateSetMaxSpeed" {
        fn domain_migrate_set_max_speed(dom: DomainId, bandwidth: u64, flags: u32) -> ()
    }
    213 DOMAIN_MIGRATE_BEGIN3 DomainMigrateBegin3 rw low "virDomainMigrateBegin3" {
        fn domain_migrate_begin3(dom: DomainId, xmlin: Option<String>, flags: u64, dname: Option<String>, resource: u64)
            -> { cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, xml: String }
    }
    214 DOMAIN_MIGRATE_PREPARE3 DomainMigratePrepare3 rw low "virDomainMigratePrepare3" {
        fn domain_migrate_prepare3(
            cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>,
            uri_in: Option<String>,
            flags: u64,
            dname: Option<String>,
            resource: u64,
            dom_xml: String,
        ) -> { cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri_out: Option<String> }
    }
    215 DOMAIN_MIGRATE_PREPARE_TUNNEL3 DomainMigratePrepareTunnel3 rw low "virDomainMigratePrepareTunnel3" {}
    216 DOMAIN_MIGRATE_PERFORM3 DomainMigratePerform3 rw low "virDomainMigratePerform3" {
        fn domain_migrate_perform3(
            dom: DomainId,
            xmlin: Option<String>,
            cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>,
            dconnuri: Option<String>,
            uri: Option<String>,
            flags: u64,
            dname: Option<String>,
            resource: u64,
        ) -> cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>
    }
    217 DOMAIN_MIGRATE_FINISH3 DomainMigrateFinish3 rw low "virDomainMigrateFinish3" {
        fn domain_migrate_finish3(
            dname: String,
            cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>,
            dconnuri: Option<String>,
            uri: Option<String>,
            flags: u64,
            cancelled: i32,
        ) -> { dom: DomainId, cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX> }
    }
    218 DOMAIN_MIGRATE_CONFIRM3 DomainMigrateConfirm3 rw low "virDomainMigrateConfirm3" {
        fn domain_migrate_confirm3(dom: DomainId, cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, flags: u64, cancelled: i32) -> ()
    }
    229 DOMAIN_GET_CONTROL_INFO DomainGetControlInfo ro low "virDomainGetControlInfo" {
        fn domain_get_control_info(dom: DomainId, flags: u32) -> { state: u32, details: u32, state_time: u64 }
    }
    242 DOMAIN_MIGRATE_GET_MAX_SPEED DomainMigrateGetMaxSpeed rw low "virDomainMigrateGetMaxSpeed" {
        fn domain_migrate_get_max_speed(dom: DomainId, flags: u32) -> bandwidth: u64
    }
    298 DOMAIN_GET_JOB_STATS DomainGetJobStats ro low "virDomainGetJobStats" {
        fn domain_get_job_stats(dom: DomainId, flags: u32) -> { type_: i32, params: Array<TypedParam, REMOTE_DOMAIN_JOB_STATS_MAX> }
    }
    299 DOMAIN_MIGRATE_GET_COMPRESSION_CACHE DomainMigrateGetCompressionCache ro low "virDomainMigrateGetCompressionCache" {
        fn domain_migrate_get_compression_cache(dom: DomainId, flags: u32) -> cache_size: u64
    }
    300 DOMAIN_MIGRATE_SET_COMPRESSION_CACHE DomainMigrateSetCompressionCache rw low "virDomainMigrateSetCompressionCache" {
        fn domain_migrate_set_compression_cache(dom: DomainId, cache_size: u64, flags: u32) -> ()
    }
    302 DOMAIN_MIGRATE_BEGIN3_PARAMS DomainMigrateBegin3Params rw low "virDomainMigrateBegin3Params" {
        fn domain_migrate_begin3_params(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>, flags: u32) -> { cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, xml: String }
    }
    303 DOMAIN_MIGRATE_PREPARE3_PARAMS DomainMigratePrepare3Params rw low "virDomainMigratePrepare3Params" {
        fn domain_migrate_prepare3_params(params: Array<TypedParam, REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>, cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, flags: u32)
            -> { cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, uri_out: Option<String> }
    }
    304 DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS DomainMigratePrepareTunnel3Params rw low "virDomainMigratePrepareTunnel3Params" {}
    305 DOMAIN_MIGRATE_PERFORM3_PARAMS DomainMigratePerform3Params rw low "virDomainMigratePerform3Params" {
        fn domain_migrate_perform3_params(dom: DomainId, dconnuri: Option<String>, params: Array<TypedParam, REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>, cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, flags: u32)
            -> cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX>
    }
    306 DOMAIN_MIGRATE_FINISH3_PARAMS DomainMigrateFinish3Params rw low "virDomainMigrateFinish3Params" {
        fn domain_migrate_finish3_params(params: Array<TypedParam, REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>, cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, flags: u32, cancelled: i32)
            -> { dom: DomainId, cookie_out: Opaque<REMOTE_MIGRATE_COOKIE_MAX> }
    }
    307 DOMAIN_MIGRATE_CONFIRM3_PARAMS DomainMigrateConfirm3Params rw low "virDomainMigrateConfirm3Params" {
        fn domain_migrate_confirm3_params(dom: DomainId, params: Array<TypedParam, REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>, cookie_in: Opaque<REMOTE_MIGRATE_COOKIE_MAX>, flags: u32, cancelled: i32) -> ()
    }
    364 DOMAIN_MIGRATE_START_POST_COPY DomainMigrateStartPostCopy rw low "virDomainMigrateStartPostCopy" {
        fn domain_migrate_start_post_copy(dom: DomainId, flags: u32) -> ()
    }
    387 DOMAIN_MIGRATE_GET_MAX_DOWNTIME DomainMigrateGetMaxDowntime ro low "virDomainMigrateGetMaxDowntime" {
        fn domain_migrate_get_max_downtime(dom: DomainId, flags: u32) -> downtime: u64
    }
    421 DOMAIN_BACKUP_BEGIN DomainBackupBegin rw low "virDomainBackupBegin" {
        fn domain_backup_begin(dom: DomainId, backup_xml: String, checkpoint_xml: Option<String>, flags: u32) -> ()
    }
    422 DOMAIN_BACKUP_GET_XML_DESC DomainBackupGetXmlDesc ro low "virDomainBackupGetXMLDesc" {
        fn domain_backup_get_xml_desc(dom: DomainId, flags: u32) -> xml: String
    }
    427 DOMAIN_START_DIRTY_RATE_CALC DomainStartDirtyRateCalc rw low "virDomainStartDirtyRateCalc" {
        fn domain_start_dirty_rate_calc(dom: DomainId, seconds: i32, flags: u32) -> ()
    }
    442 DOMAIN_ABORT_JOB_FLAGS DomainAbortJobFlags rw low "virDomainAbortJobFlags" {
        fn domain_abort_job_flags(dom: DomainId, flags: u32) -> ()
    }
}
