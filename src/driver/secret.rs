//! libvirt-secret.h: secrets.
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
    trait Secrets;

    139 CONNECT_NUM_OF_SECRETS ConnectNumOfSecrets ro low "virConnectNumOfSecrets" {}
    140 CONNECT_LIST_SECRETS ConnectListSecrets ro low "virConnectListSecrets" {}
    141 SECRET_LOOKUP_BY_UUID SecretLookupByUuid ro low "virSecretLookupByUUID" {}
    142 SECRET_DEFINE_XML SecretDefineXml rw low "virSecretDefineXML" {}
    143 SECRET_GET_XML_DESC SecretGetXmlDesc ro low "virSecretGetXMLDesc" {}
    144 SECRET_SET_VALUE SecretSetValue rw low "virSecretSetValue" {}
    145 SECRET_GET_VALUE SecretGetValue rw low "virSecretGetValue" {}
    146 SECRET_UNDEFINE SecretUndefine rw low "virSecretUndefine" {}
    147 SECRET_LOOKUP_BY_USAGE SecretLookupByUsage ro low "virSecretLookupByUsage" {}
    287 CONNECT_LIST_ALL_SECRETS ConnectListAllSecrets ro low "virConnectListAllSecrets" {}
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
