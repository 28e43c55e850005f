//! libvirt-secret.h: secrets.
//!
//! The table below declares every procedure of this area once (see
//! [`declare_procedures`](crate::declare_procedures)); no driver of ours serves secrets yet,
//! so their slots answer "not supported", as libvirt's test driver does. Secret events
//! are registered through [`Connection::connect_object_event_start`].

#![forbid(unsafe_code)]

#[allow(unused_imports)]
use super::*;
#[allow(unused_imports)]
use crate::rpc::protocol::*;
#[allow(unused_imports)]
use crate::rpc::wire::IntBool;
#[allow(unused_imports)]
use crate::rpc::xdr::{Array, CharArray, Chars, Opaque};

/// `REMOTE_SECRET_LIST_MAX`: most secrets (or UUIDs) one reply carries.
pub const REMOTE_SECRET_LIST_MAX: usize = 16384;
/// `REMOTE_SECRET_VALUE_MAX`: the largest secret value.
pub const REMOTE_SECRET_VALUE_MAX: usize = 65536;

crate::declare_procedures! {
    /// libvirt's driver slots for this area (see the module docs); a slot a driver does not
    /// implement answers "this function is not supported by the connection driver".
    trait Secrets;

    139 CONNECT_NUM_OF_SECRETS ConnectNumOfSecrets ro low "virConnectNumOfSecrets" {
        fn connect_num_of_secrets() -> num: i32
    }
    140 CONNECT_LIST_SECRETS ConnectListSecrets ro low "virConnectListSecrets" {
        custom { maxuuids: i32 } -> { uuids: Array<String, REMOTE_SECRET_LIST_MAX> }
            fn connect_list_secrets() -> Vec<String>
    }
    141 SECRET_LOOKUP_BY_UUID SecretLookupByUuid ro low "virSecretLookupByUUID" {
        fn secret_lookup_by_uuid(uuid: [u8; 16]) -> secret: SecretId
    }
    142 SECRET_DEFINE_XML SecretDefineXml rw low "virSecretDefineXML" {
        fn secret_define_xml(xml: String, flags: u32) -> secret: SecretId
    }
    143 SECRET_GET_XML_DESC SecretGetXmlDesc ro low "virSecretGetXMLDesc" {
        fn secret_get_xml_desc(secret: SecretId, flags: u32) -> xml: String
    }
    144 SECRET_SET_VALUE SecretSetValue rw low "virSecretSetValue" {
        fn secret_set_value(secret: SecretId, value: Opaque<REMOTE_SECRET_VALUE_MAX>, flags: u32) -> ()
    }
    145 SECRET_GET_VALUE SecretGetValue rw low "virSecretGetValue" {
        fn secret_get_value(secret: SecretId, flags: u32) -> value: Opaque<REMOTE_SECRET_VALUE_MAX>
    }
    146 SECRET_UNDEFINE SecretUndefine rw low "virSecretUndefine" {
        fn secret_undefine(secret: SecretId) -> ()
    }
    147 SECRET_LOOKUP_BY_USAGE SecretLookupByUsage ro low "virSecretLookupByUsage" {
        fn secret_lookup_by_usage(usage_type: i32, usage_id: String) -> secret: SecretId
    }
    287 CONNECT_LIST_ALL_SECRETS ConnectListAllSecrets ro low "virConnectListAllSecrets" {
        custom { need_results: i32, flags: u32 } -> { secrets: Array<SecretId, REMOTE_SECRET_LIST_MAX>, ret: u32 }
            fn connect_list_all_secrets(flags: u32) -> Vec<SecretId>
    }
    380 CONNECT_SECRET_EVENT_REGISTER_ANY ConnectSecretEventRegisterAny ro low "virConnectSecretEventRegisterAny" {
        daemon ConnectSecretEventRegisterAnyArgs => ConnectSecretEventRegisterAnyRet
    }
    381 CONNECT_SECRET_EVENT_DEREGISTER_ANY ConnectSecretEventDeregisterAny ro low "virConnectSecretEventDeregisterAny" {
        daemon ConnectSecretEventDeregisterAnyArgs => ()
    }
    382 SECRET_EVENT_LIFECYCLE SecretEventLifecycle msg low "" {
        daemon SecretEventLifecycleMsg => ()
    }
    383 SECRET_EVENT_VALUE_CHANGED SecretEventValueChanged msg low "" {
        daemon SecretEventValueChangedMsg => ()
    }
}

/// The remote client's hand-written halves (see the `custom` rows above).
mod remote_custom {
    use super::wire::*;
    use super::REMOTE_SECRET_LIST_MAX;
    use crate::driver::remote::RemoteConnection;
    use crate::driver::SecretId;
    use crate::error::Result;

    /// One call, asking for as many UUIDs as the protocol carries.
    pub fn connect_list_secrets(c: &RemoteConnection) -> Result<Vec<String>> {
        let args = ConnectListSecretsArgs { maxuuids: REMOTE_SECRET_LIST_MAX as i32 };
        Ok(c.call::<ConnectListSecrets>(&args)?.uuids.0)
    }

    pub fn connect_list_all_secrets(c: &RemoteConnection, flags: u32) -> Result<Vec<SecretId>> {
        let args = ConnectListAllSecretsArgs { need_results: 1, flags };
        Ok(c.call::<ConnectListAllSecrets>(&args)?.secrets.0)
    }
}

/// The daemon's hand-written halves (see the `custom` rows above): the limits libvirtd
/// checks before calling its driver.
mod serve_custom {
    use super::wire::*;
    use super::{Secrets, REMOTE_SECRET_LIST_MAX};
    use crate::error::Result;
    use crate::rpc::declare::check_max;
    use crate::rpc::wire::{bounded, list_all};

    pub fn connect_list_secrets(d: &dyn Secrets, a: ConnectListSecretsArgs, _: bool) -> Result<ConnectListSecretsRet> {
        let max = check_max(a.maxuuids, "maxuuids", REMOTE_SECRET_LIST_MAX, "REMOTE_SECRET_LIST_MAX")?;
        let mut uuids = d.connect_list_secrets()?;
        uuids.truncate(max);
        Ok(ConnectListSecretsRet { uuids: bounded(uuids)? })
    }

    /// The secrets when the client asked for them, and their count either way.
    pub fn connect_list_all_secrets(
        d: &dyn Secrets,
        a: ConnectListAllSecretsArgs,
        _: bool,
    ) -> Result<ConnectListAllSecretsRet> {
        let (secrets, ret) = list_all(d.connect_list_all_secrets(a.flags)?, a.need_results)?;
        Ok(ConnectListAllSecretsRet { secrets, ret: ret as u32 })
    }
}
