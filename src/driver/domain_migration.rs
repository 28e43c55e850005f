//! libvirt-domain.h, jobs: migration (all protocol versions and their tunables),
//! job control and statistics, backups.
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
    trait DomainMigration;

    61 DOMAIN_MIGRATE_PREPARE DomainMigratePrepare rw low "virDomainMigratePrepare" {}
    62 DOMAIN_MIGRATE_PERFORM DomainMigratePerform rw low "virDomainMigratePerform" {}
    63 DOMAIN_MIGRATE_FINISH DomainMigrateFinish rw low "virDomainMigrateFinish" {}
    108 DOMAIN_MIGRATE_PREPARE2 DomainMigratePrepare2 rw low "virDomainMigratePrepare2" {}
    109 DOMAIN_MIGRATE_FINISH2 DomainMigrateFinish2 rw low "virDomainMigrateFinish2" {}
    148 DOMAIN_MIGRATE_PREPARE_TUNNEL DomainMigratePrepareTunnel rw low "virDomainMigratePrepareTunnel" {}
    164 DOMAIN_ABORT_JOB DomainAbortJob rw low "virDomainAbortJob" {}
    166 DOMAIN_MIGRATE_SET_MAX_DOWNTIME DomainMigrateSetMaxDowntime rw low "virDomainMigrateSetMaxDowntime" {}
    207 DOMAIN_MIGRATE_SET_MAX_SPEED DomainMigrateSetMaxSpeed rw low "virDomainMigrateSetMaxSpeed" {}
    213 DOMAIN_MIGRATE_BEGIN3 DomainMigrateBegin3 rw low "virDomainMigrateBegin3" {}
    214 DOMAIN_MIGRATE_PREPARE3 DomainMigratePrepare3 rw low "virDomainMigratePrepare3" {}
    215 DOMAIN_MIGRATE_PREPARE_TUNNEL3 DomainMigratePrepareTunnel3 rw low "virDomainMigratePrepareTunnel3" {}
    216 DOMAIN_MIGRATE_PERFORM3 DomainMigratePerform3 rw low "virDomainMigratePerform3" {}
    217 DOMAIN_MIGRATE_FINISH3 DomainMigrateFinish3 rw low "virDomainMigrateFinish3" {}
    218 DOMAIN_MIGRATE_CONFIRM3 DomainMigrateConfirm3 rw low "virDomainMigrateConfirm3" {}
    229 DOMAIN_GET_CONTROL_INFO DomainGetControlInfo ro low "virDomainGetControlInfo" {}
    242 DOMAIN_MIGRATE_GET_MAX_SPEED DomainMigrateGetMaxSpeed rw low "virDomainMigrateGetMaxSpeed" {}
    298 DOMAIN_GET_JOB_STATS DomainGetJobStats ro low "virDomainGetJobStats" {}
    299 DOMAIN_MIGRATE_GET_COMPRESSION_CACHE DomainMigrateGetCompressionCache ro low "virDomainMigrateGetCompressionCache" {}
    300 DOMAIN_MIGRATE_SET_COMPRESSION_CACHE DomainMigrateSetCompressionCache rw low "virDomainMigrateSetCompressionCache" {}
    302 DOMAIN_MIGRATE_BEGIN3_PARAMS DomainMigrateBegin3Params rw low "virDomainMigrateBegin3Params" {}
    303 DOMAIN_MIGRATE_PREPARE3_PARAMS DomainMigratePrepare3Params rw low "virDomainMigratePrepare3Params" {}
    304 DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS DomainMigratePrepareTunnel3Params rw low "virDomainMigratePrepareTunnel3Params" {}
    305 DOMAIN_MIGRATE_PERFORM3_PARAMS DomainMigratePerform3Params rw low "virDomainMigratePerform3Params" {}
    306 DOMAIN_MIGRATE_FINISH3_PARAMS DomainMigrateFinish3Params rw low "virDomainMigrateFinish3Params" {}
    307 DOMAIN_MIGRATE_CONFIRM3_PARAMS DomainMigrateConfirm3Params rw low "virDomainMigrateConfirm3Params" {}
    364 DOMAIN_MIGRATE_START_POST_COPY DomainMigrateStartPostCopy rw low "virDomainMigrateStartPostCopy" {}
    387 DOMAIN_MIGRATE_GET_MAX_DOWNTIME DomainMigrateGetMaxDowntime ro low "virDomainMigrateGetMaxDowntime" {}
    421 DOMAIN_BACKUP_BEGIN DomainBackupBegin rw low "virDomainBackupBegin" {}
    422 DOMAIN_BACKUP_GET_XML_DESC DomainBackupGetXmlDesc ro low "virDomainBackupGetXMLDesc" {}
    427 DOMAIN_START_DIRTY_RATE_CALC DomainStartDirtyRateCalc rw low "virDomainStartDirtyRateCalc" {}
    442 DOMAIN_ABORT_JOB_FLAGS DomainAbortJobFlags rw low "virDomainAbortJobFlags" {}
}
