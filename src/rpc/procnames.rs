//! The names of every procedure of libvirt 9.0.0's remote program, including the many
//! that [`protocol`](super::protocol) does not declare yet, and the public API each one
//! serves. With them qemud answers a procedure libvirt 9.0 has but we do not serve the
//! way libvirtd answers one its driver lacks: "this function is not supported by the
//! connection driver: virXxx" (`VIR_ERR_NO_SUPPORT`, in the API's own error domain),
//! not "unknown procedure".
//!
//! Source: libvirt's `src/remote/remote_protocol.x`, enum `remote_procedure`, numbers
//! 1..=443 (443, `REMOTE_PROC_DOMAIN_FD_ASSOCIATE`, is libvirt 9.0.0's last: Debian's
//! libvirtd 9.0.0 answers "unknown procedure" from 444 on). The API of a procedure is
//! libvirt's name for it (`REMOTE_PROC_DOMAIN_GET_BLKIO_PARAMETERS` ->
//! `virDomainGetBlkioParameters`) where that is a public function (`abi/libvirt.syms`);
//! the domain event callback registrations serve `virConnectDomainEvent(De)RegisterAny`.
//! Procedures with no public API of their own (authentication, feature probing, event
//! messages, the migration protocol's steps) have "".

#![forbid(unsafe_code)]

use crate::error::Domain;

/// Every procedure of libvirt 9.0.0's remote program, sorted by number: (number,
/// `REMOTE_PROC_…` name, public API or "" when it has none of its own).
pub static REMOTE_PROCEDURE_NAMES: &[(i32, &str, &str)] = &[
    (1, "REMOTE_PROC_CONNECT_OPEN", "virConnectOpen"),
    (2, "REMOTE_PROC_CONNECT_CLOSE", "virConnectClose"),
    (3, "REMOTE_PROC_CONNECT_GET_TYPE", "virConnectGetType"),
    (4, "REMOTE_PROC_CONNECT_GET_VERSION", "virConnectGetVersion"),
    (5, "REMOTE_PROC_CONNECT_GET_MAX_VCPUS", "virConnectGetMaxVcpus"),
    (6, "REMOTE_PROC_NODE_GET_INFO", "virNodeGetInfo"),
    (7, "REMOTE_PROC_CONNECT_GET_CAPABILITIES", "virConnectGetCapabilities"),
    (8, "REMOTE_PROC_DOMAIN_ATTACH_DEVICE", "virDomainAttachDevice"),
    (9, "REMOTE_PROC_DOMAIN_CREATE", "virDomainCreate"),
    (10, "REMOTE_PROC_DOMAIN_CREATE_XML", "virDomainCreateXML"),
    (11, "REMOTE_PROC_DOMAIN_DEFINE_XML", "virDomainDefineXML"),
    (12, "REMOTE_PROC_DOMAIN_DESTROY", "virDomainDestroy"),
    (13, "REMOTE_PROC_DOMAIN_DETACH_DEVICE", "virDomainDetachDevice"),
    (14, "REMOTE_PROC_DOMAIN_GET_XML_DESC", "virDomainGetXMLDesc"),
    (15, "REMOTE_PROC_DOMAIN_GET_AUTOSTART", "virDomainGetAutostart"),
    (16, "REMOTE_PROC_DOMAIN_GET_INFO", "virDomainGetInfo"),
    (17, "REMOTE_PROC_DOMAIN_GET_MAX_MEMORY", "virDomainGetMaxMemory"),
    (18, "REMOTE_PROC_DOMAIN_GET_MAX_VCPUS", "virDomainGetMaxVcpus"),
    (19, "REMOTE_PROC_DOMAIN_GET_OS_TYPE", "virDomainGetOSType"),
    (20, "REMOTE_PROC_DOMAIN_GET_VCPUS", "virDomainGetVcpus"),
    (21, "REMOTE_PROC_CONNECT_LIST_DEFINED_DOMAINS", "virConnectListDefinedDomains"),
    (22, "REMOTE_PROC_DOMAIN_LOOKUP_BY_ID", "virDomainLookupByID"),
    (23, "REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME", "virDomainLookupByName"),
    (24, "REMOTE_PROC_DOMAIN_LOOKUP_BY_UUID", "virDomainLookupByUUID"),
    (25, "REMOTE_PROC_CONNECT_NUM_OF_DEFINED_DOMAINS", "virConnectNumOfDefinedDomains"),
    (26, "REMOTE_PROC_DOMAIN_PIN_VCPU", "virDomainPinVcpu"),
    (27, "REMOTE_PROC_DOMAIN_REBOOT", "virDomainReboot"),
    (28, "REMOTE_PROC_DOMAIN_RESUME", "virDomainResume"),
    (29, "REMOTE_PROC_DOMAIN_SET_AUTOSTART", "virDomainSetAutostart"),
    (30, "REMOTE_PROC_DOMAIN_SET_MAX_MEMORY", "virDomainSetMaxMemory"),
    (31, "REMOTE_PROC_DOMAIN_SET_MEMORY", "virDomainSetMemory"),
    (32, "REMOTE_PROC_DOMAIN_SET_VCPUS", "virDomainSetVcpus"),
    (33, "REMOTE_PROC_DOMAIN_SHUTDOWN", "virDomainShutdown"),
    (34, "REMOTE_PROC_DOMAIN_SUSPEND", "virDomainSuspend"),
    (35, "REMOTE_PROC_DOMAIN_UNDEFINE", "virDomainUndefine"),
    (36, "REMOTE_PROC_CONNECT_LIST_DEFINED_NETWORKS", "virConnectListDefinedNetworks"),
    (37, "REMOTE_PROC_CONNECT_LIST_DOMAINS", "virConnectListDomains"),
    (38, "REMOTE_PROC_CONNECT_LIST_NETWORKS", "virConnectListNetworks"),
    (39, "REMOTE_PROC_NETWORK_CREATE", "virNetworkCreate"),
    (40, "REMOTE_PROC_NETWORK_CREATE_XML", "virNetworkCreateXML"),
    (41, "REMOTE_PROC_NETWORK_DEFINE_XML", "virNetworkDefineXML"),
    (42, "REMOTE_PROC_NETWORK_DESTROY", "virNetworkDestroy"),
    (43, "REMOTE_PROC_NETWORK_GET_XML_DESC", "virNetworkGetXMLDesc"),
    (44, "REMOTE_PROC_NETWORK_GET_AUTOSTART", "virNetworkGetAutostart"),
    (45, "REMOTE_PROC_NETWORK_GET_BRIDGE_NAME", "virNetworkGetBridgeName"),
    (46, "REMOTE_PROC_NETWORK_LOOKUP_BY_NAME", "virNetworkLookupByName"),
    (47, "REMOTE_PROC_NETWORK_LOOKUP_BY_UUID", "virNetworkLookupByUUID"),
    (48, "REMOTE_PROC_NETWORK_SET_AUTOSTART", "virNetworkSetAutostart"),
    (49, "REMOTE_PROC_NETWORK_UNDEFINE", "virNetworkUndefine"),
    (50, "REMOTE_PROC_CONNECT_NUM_OF_DEFINED_NETWORKS", "virConnectNumOfDefinedNetworks"),
    (51, "REMOTE_PROC_CONNECT_NUM_OF_DOMAINS", "virConnectNumOfDomains"),
    (52, "REMOTE_PROC_CONNECT_NUM_OF_NETWORKS", "virConnectNumOfNetworks"),
    (53, "REMOTE_PROC_DOMAIN_CORE_DUMP", "virDomainCoreDump"),
    (54, "REMOTE_PROC_DOMAIN_RESTORE", "virDomainRestore"),
    (55, "REMOTE_PROC_DOMAIN_SAVE", "virDomainSave"),
    (56, "REMOTE_PROC_DOMAIN_GET_SCHEDULER_TYPE", "virDomainGetSchedulerType"),
    (57, "REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS", "virDomainGetSchedulerParameters"),
    (58, "REMOTE_PROC_DOMAIN_SET_SCHEDULER_PARAMETERS", "virDomainSetSchedulerParameters"),
    (59, "REMOTE_PROC_CONNECT_GET_HOSTNAME", "virConnectGetHostname"),
    (60, "REMOTE_PROC_CONNECT_SUPPORTS_FEATURE", ""),
    (61, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE", ""),
    (62, "REMOTE_PROC_DOMAIN_MIGRATE_PERFORM", ""),
    (63, "REMOTE_PROC_DOMAIN_MIGRATE_FINISH", ""),
    (64, "REMOTE_PROC_DOMAIN_BLOCK_STATS", "virDomainBlockStats"),
    (65, "REMOTE_PROC_DOMAIN_INTERFACE_STATS", "virDomainInterfaceStats"),
    (66, "REMOTE_PROC_AUTH_LIST", ""),
    (67, "REMOTE_PROC_AUTH_SASL_INIT", ""),
    (68, "REMOTE_PROC_AUTH_SASL_START", ""),
    (69, "REMOTE_PROC_AUTH_SASL_STEP", ""),
    (70, "REMOTE_PROC_AUTH_POLKIT", ""),
    (71, "REMOTE_PROC_CONNECT_NUM_OF_STORAGE_POOLS", "virConnectNumOfStoragePools"),
    (72, "REMOTE_PROC_CONNECT_LIST_STORAGE_POOLS", "virConnectListStoragePools"),
    (73, "REMOTE_PROC_CONNECT_NUM_OF_DEFINED_STORAGE_POOLS", "virConnectNumOfDefinedStoragePools"),
    (74, "REMOTE_PROC_CONNECT_LIST_DEFINED_STORAGE_POOLS", "virConnectListDefinedStoragePools"),
    (75, "REMOTE_PROC_CONNECT_FIND_STORAGE_POOL_SOURCES", "virConnectFindStoragePoolSources"),
    (76, "REMOTE_PROC_STORAGE_POOL_CREATE_XML", "virStoragePoolCreateXML"),
    (77, "REMOTE_PROC_STORAGE_POOL_DEFINE_XML", "virStoragePoolDefineXML"),
    (78, "REMOTE_PROC_STORAGE_POOL_CREATE", "virStoragePoolCreate"),
    (79, "REMOTE_PROC_STORAGE_POOL_BUILD", "virStoragePoolBuild"),
    (80, "REMOTE_PROC_STORAGE_POOL_DESTROY", "virStoragePoolDestroy"),
    (81, "REMOTE_PROC_STORAGE_POOL_DELETE", "virStoragePoolDelete"),
    (82, "REMOTE_PROC_STORAGE_POOL_UNDEFINE", "virStoragePoolUndefine"),
    (83, "REMOTE_PROC_STORAGE_POOL_REFRESH", "virStoragePoolRefresh"),
    (84, "REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_NAME", "virStoragePoolLookupByName"),
    (85, "REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_UUID", "virStoragePoolLookupByUUID"),
    (86, "REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_VOLUME", "virStoragePoolLookupByVolume"),
    (87, "REMOTE_PROC_STORAGE_POOL_GET_INFO", "virStoragePoolGetInfo"),
    (88, "REMOTE_PROC_STORAGE_POOL_GET_XML_DESC", "virStoragePoolGetXMLDesc"),
    (89, "REMOTE_PROC_STORAGE_POOL_GET_AUTOSTART", "virStoragePoolGetAutostart"),
    (90, "REMOTE_PROC_STORAGE_POOL_SET_AUTOSTART", "virStoragePoolSetAutostart"),
    (91, "REMOTE_PROC_STORAGE_POOL_NUM_OF_VOLUMES", "virStoragePoolNumOfVolumes"),
    (92, "REMOTE_PROC_STORAGE_POOL_LIST_VOLUMES", "virStoragePoolListVolumes"),
    (93, "REMOTE_PROC_STORAGE_VOL_CREATE_XML", "virStorageVolCreateXML"),
    (94, "REMOTE_PROC_STORAGE_VOL_DELETE", "virStorageVolDelete"),
    (95, "REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_NAME", "virStorageVolLookupByName"),
    (96, "REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_KEY", "virStorageVolLookupByKey"),
    (97, "REMOTE_PROC_STORAGE_VOL_LOOKUP_BY_PATH", "virStorageVolLookupByPath"),
    (98, "REMOTE_PROC_STORAGE_VOL_GET_INFO", "virStorageVolGetInfo"),
    (99, "REMOTE_PROC_STORAGE_VOL_GET_XML_DESC", "virStorageVolGetXMLDesc"),
    (100, "REMOTE_PROC_STORAGE_VOL_GET_PATH", "virStorageVolGetPath"),
    (101, "REMOTE_PROC_NODE_GET_CELLS_FREE_MEMORY", "virNodeGetCellsFreeMemory"),
    (102, "REMOTE_PROC_NODE_GET_FREE_MEMORY", "virNodeGetFreeMemory"),
    (103, "REMOTE_PROC_DOMAIN_BLOCK_PEEK", "virDomainBlockPeek"),
    (104, "REMOTE_PROC_DOMAIN_MEMORY_PEEK", "virDomainMemoryPeek"),
    (105, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER", "virConnectDomainEventRegister"),
    (106, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER", "virConnectDomainEventDeregister"),
    (107, "REMOTE_PROC_DOMAIN_EVENT_LIFECYCLE", ""),
    (108, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE2", ""),
    (109, "REMOTE_PROC_DOMAIN_MIGRATE_FINISH2", ""),
    (110, "REMOTE_PROC_CONNECT_GET_URI", "virConnectGetURI"),
    (111, "REMOTE_PROC_NODE_NUM_OF_DEVICES", "virNodeNumOfDevices"),
    (112, "REMOTE_PROC_NODE_LIST_DEVICES", "virNodeListDevices"),
    (113, "REMOTE_PROC_NODE_DEVICE_LOOKUP_BY_NAME", "virNodeDeviceLookupByName"),
    (114, "REMOTE_PROC_NODE_DEVICE_GET_XML_DESC", "virNodeDeviceGetXMLDesc"),
    (115, "REMOTE_PROC_NODE_DEVICE_GET_PARENT", "virNodeDeviceGetParent"),
    (116, "REMOTE_PROC_NODE_DEVICE_NUM_OF_CAPS", "virNodeDeviceNumOfCaps"),
    (117, "REMOTE_PROC_NODE_DEVICE_LIST_CAPS", "virNodeDeviceListCaps"),
    (118, "REMOTE_PROC_NODE_DEVICE_DETTACH", "virNodeDeviceDettach"),
    (119, "REMOTE_PROC_NODE_DEVICE_RE_ATTACH", "virNodeDeviceReAttach"),
    (120, "REMOTE_PROC_NODE_DEVICE_RESET", "virNodeDeviceReset"),
    (121, "REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL", "virDomainGetSecurityLabel"),
    (122, "REMOTE_PROC_NODE_GET_SECURITY_MODEL", "virNodeGetSecurityModel"),
    (123, "REMOTE_PROC_NODE_DEVICE_CREATE_XML", "virNodeDeviceCreateXML"),
    (124, "REMOTE_PROC_NODE_DEVICE_DESTROY", "virNodeDeviceDestroy"),
    (125, "REMOTE_PROC_STORAGE_VOL_CREATE_XML_FROM", "virStorageVolCreateXMLFrom"),
    (126, "REMOTE_PROC_CONNECT_NUM_OF_INTERFACES", "virConnectNumOfInterfaces"),
    (127, "REMOTE_PROC_CONNECT_LIST_INTERFACES", "virConnectListInterfaces"),
    (128, "REMOTE_PROC_INTERFACE_LOOKUP_BY_NAME", "virInterfaceLookupByName"),
    (129, "REMOTE_PROC_INTERFACE_LOOKUP_BY_MAC_STRING", "virInterfaceLookupByMACString"),
    (130, "REMOTE_PROC_INTERFACE_GET_XML_DESC", "virInterfaceGetXMLDesc"),
    (131, "REMOTE_PROC_INTERFACE_DEFINE_XML", "virInterfaceDefineXML"),
    (132, "REMOTE_PROC_INTERFACE_UNDEFINE", "virInterfaceUndefine"),
    (133, "REMOTE_PROC_INTERFACE_CREATE", "virInterfaceCreate"),
    (134, "REMOTE_PROC_INTERFACE_DESTROY", "virInterfaceDestroy"),
    (135, "REMOTE_PROC_CONNECT_DOMAIN_XML_FROM_NATIVE", "virConnectDomainXMLFromNative"),
    (136, "REMOTE_PROC_CONNECT_DOMAIN_XML_TO_NATIVE", "virConnectDomainXMLToNative"),
    (137, "REMOTE_PROC_CONNECT_NUM_OF_DEFINED_INTERFACES", "virConnectNumOfDefinedInterfaces"),
    (138, "REMOTE_PROC_CONNECT_LIST_DEFINED_INTERFACES", "virConnectListDefinedInterfaces"),
    (139, "REMOTE_PROC_CONNECT_NUM_OF_SECRETS", "virConnectNumOfSecrets"),
    (140, "REMOTE_PROC_CONNECT_LIST_SECRETS", "virConnectListSecrets"),
    (141, "REMOTE_PROC_SECRET_LOOKUP_BY_UUID", "virSecretLookupByUUID"),
    (142, "REMOTE_PROC_SECRET_DEFINE_XML", "virSecretDefineXML"),
    (143, "REMOTE_PROC_SECRET_GET_XML_DESC", "virSecretGetXMLDesc"),
    (144, "REMOTE_PROC_SECRET_SET_VALUE", "virSecretSetValue"),
    (145, "REMOTE_PROC_SECRET_GET_VALUE", "virSecretGetValue"),
    (146, "REMOTE_PROC_SECRET_UNDEFINE", "virSecretUndefine"),
    (147, "REMOTE_PROC_SECRET_LOOKUP_BY_USAGE", "virSecretLookupByUsage"),
    (148, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE_TUNNEL", ""),
    (149, "REMOTE_PROC_CONNECT_IS_SECURE", "virConnectIsSecure"),
    (150, "REMOTE_PROC_DOMAIN_IS_ACTIVE", "virDomainIsActive"),
    (151, "REMOTE_PROC_DOMAIN_IS_PERSISTENT", "virDomainIsPersistent"),
    (152, "REMOTE_PROC_NETWORK_IS_ACTIVE", "virNetworkIsActive"),
    (153, "REMOTE_PROC_NETWORK_IS_PERSISTENT", "virNetworkIsPersistent"),
    (154, "REMOTE_PROC_STORAGE_POOL_IS_ACTIVE", "virStoragePoolIsActive"),
    (155, "REMOTE_PROC_STORAGE_POOL_IS_PERSISTENT", "virStoragePoolIsPersistent"),
    (156, "REMOTE_PROC_INTERFACE_IS_ACTIVE", "virInterfaceIsActive"),
    (157, "REMOTE_PROC_CONNECT_GET_LIB_VERSION", "virConnectGetLibVersion"),
    (158, "REMOTE_PROC_CONNECT_COMPARE_CPU", "virConnectCompareCPU"),
    (159, "REMOTE_PROC_DOMAIN_MEMORY_STATS", "virDomainMemoryStats"),
    (160, "REMOTE_PROC_DOMAIN_ATTACH_DEVICE_FLAGS", "virDomainAttachDeviceFlags"),
    (161, "REMOTE_PROC_DOMAIN_DETACH_DEVICE_FLAGS", "virDomainDetachDeviceFlags"),
    (162, "REMOTE_PROC_CONNECT_BASELINE_CPU", "virConnectBaselineCPU"),
    (163, "REMOTE_PROC_DOMAIN_GET_JOB_INFO", "virDomainGetJobInfo"),
    (164, "REMOTE_PROC_DOMAIN_ABORT_JOB", "virDomainAbortJob"),
    (165, "REMOTE_PROC_STORAGE_VOL_WIPE", "virStorageVolWipe"),
    (166, "REMOTE_PROC_DOMAIN_MIGRATE_SET_MAX_DOWNTIME", "virDomainMigrateSetMaxDowntime"),
    (167, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_REGISTER_ANY", "virConnectDomainEventRegisterAny"),
    (168, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_DEREGISTER_ANY", "virConnectDomainEventDeregisterAny"),
    (169, "REMOTE_PROC_DOMAIN_EVENT_REBOOT", ""),
    (170, "REMOTE_PROC_DOMAIN_EVENT_RTC_CHANGE", ""),
    (171, "REMOTE_PROC_DOMAIN_EVENT_WATCHDOG", ""),
    (172, "REMOTE_PROC_DOMAIN_EVENT_IO_ERROR", ""),
    (173, "REMOTE_PROC_DOMAIN_EVENT_GRAPHICS", ""),
    (174, "REMOTE_PROC_DOMAIN_UPDATE_DEVICE_FLAGS", "virDomainUpdateDeviceFlags"),
    (175, "REMOTE_PROC_NWFILTER_LOOKUP_BY_NAME", "virNWFilterLookupByName"),
    (176, "REMOTE_PROC_NWFILTER_LOOKUP_BY_UUID", "virNWFilterLookupByUUID"),
    (177, "REMOTE_PROC_NWFILTER_GET_XML_DESC", "virNWFilterGetXMLDesc"),
    (178, "REMOTE_PROC_CONNECT_NUM_OF_NWFILTERS", "virConnectNumOfNWFilters"),
    (179, "REMOTE_PROC_CONNECT_LIST_NWFILTERS", "virConnectListNWFilters"),
    (180, "REMOTE_PROC_NWFILTER_DEFINE_XML", "virNWFilterDefineXML"),
    (181, "REMOTE_PROC_NWFILTER_UNDEFINE", "virNWFilterUndefine"),
    (182, "REMOTE_PROC_DOMAIN_MANAGED_SAVE", "virDomainManagedSave"),
    (183, "REMOTE_PROC_DOMAIN_HAS_MANAGED_SAVE_IMAGE", "virDomainHasManagedSaveImage"),
    (184, "REMOTE_PROC_DOMAIN_MANAGED_SAVE_REMOVE", "virDomainManagedSaveRemove"),
    (185, "REMOTE_PROC_DOMAIN_SNAPSHOT_CREATE_XML", "virDomainSnapshotCreateXML"),
    (186, "REMOTE_PROC_DOMAIN_SNAPSHOT_GET_XML_DESC", "virDomainSnapshotGetXMLDesc"),
    (187, "REMOTE_PROC_DOMAIN_SNAPSHOT_NUM", "virDomainSnapshotNum"),
    (188, "REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES", "virDomainSnapshotListNames"),
    (189, "REMOTE_PROC_DOMAIN_SNAPSHOT_LOOKUP_BY_NAME", "virDomainSnapshotLookupByName"),
    (190, "REMOTE_PROC_DOMAIN_HAS_CURRENT_SNAPSHOT", "virDomainHasCurrentSnapshot"),
    (191, "REMOTE_PROC_DOMAIN_SNAPSHOT_CURRENT", "virDomainSnapshotCurrent"),
    (192, "REMOTE_PROC_DOMAIN_REVERT_TO_SNAPSHOT", "virDomainRevertToSnapshot"),
    (193, "REMOTE_PROC_DOMAIN_SNAPSHOT_DELETE", "virDomainSnapshotDelete"),
    (194, "REMOTE_PROC_DOMAIN_GET_BLOCK_INFO", "virDomainGetBlockInfo"),
    (195, "REMOTE_PROC_DOMAIN_EVENT_IO_ERROR_REASON", ""),
    (196, "REMOTE_PROC_DOMAIN_CREATE_WITH_FLAGS", "virDomainCreateWithFlags"),
    (197, "REMOTE_PROC_DOMAIN_SET_MEMORY_PARAMETERS", "virDomainSetMemoryParameters"),
    (198, "REMOTE_PROC_DOMAIN_GET_MEMORY_PARAMETERS", "virDomainGetMemoryParameters"),
    (199, "REMOTE_PROC_DOMAIN_SET_VCPUS_FLAGS", "virDomainSetVcpusFlags"),
    (200, "REMOTE_PROC_DOMAIN_GET_VCPUS_FLAGS", "virDomainGetVcpusFlags"),
    (201, "REMOTE_PROC_DOMAIN_OPEN_CONSOLE", "virDomainOpenConsole"),
    (202, "REMOTE_PROC_DOMAIN_IS_UPDATED", "virDomainIsUpdated"),
    (203, "REMOTE_PROC_CONNECT_GET_SYSINFO", "virConnectGetSysinfo"),
    (204, "REMOTE_PROC_DOMAIN_SET_MEMORY_FLAGS", "virDomainSetMemoryFlags"),
    (205, "REMOTE_PROC_DOMAIN_SET_BLKIO_PARAMETERS", "virDomainSetBlkioParameters"),
    (206, "REMOTE_PROC_DOMAIN_GET_BLKIO_PARAMETERS", "virDomainGetBlkioParameters"),
    (207, "REMOTE_PROC_DOMAIN_MIGRATE_SET_MAX_SPEED", "virDomainMigrateSetMaxSpeed"),
    (208, "REMOTE_PROC_STORAGE_VOL_UPLOAD", "virStorageVolUpload"),
    (209, "REMOTE_PROC_STORAGE_VOL_DOWNLOAD", "virStorageVolDownload"),
    (210, "REMOTE_PROC_DOMAIN_INJECT_NMI", "virDomainInjectNMI"),
    (211, "REMOTE_PROC_DOMAIN_SCREENSHOT", "virDomainScreenshot"),
    (212, "REMOTE_PROC_DOMAIN_GET_STATE", "virDomainGetState"),
    (213, "REMOTE_PROC_DOMAIN_MIGRATE_BEGIN3", ""),
    (214, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE3", ""),
    (215, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE_TUNNEL3", ""),
    (216, "REMOTE_PROC_DOMAIN_MIGRATE_PERFORM3", ""),
    (217, "REMOTE_PROC_DOMAIN_MIGRATE_FINISH3", ""),
    (218, "REMOTE_PROC_DOMAIN_MIGRATE_CONFIRM3", ""),
    (219, "REMOTE_PROC_DOMAIN_SET_SCHEDULER_PARAMETERS_FLAGS", "virDomainSetSchedulerParametersFlags"),
    (220, "REMOTE_PROC_INTERFACE_CHANGE_BEGIN", "virInterfaceChangeBegin"),
    (221, "REMOTE_PROC_INTERFACE_CHANGE_COMMIT", "virInterfaceChangeCommit"),
    (222, "REMOTE_PROC_INTERFACE_CHANGE_ROLLBACK", "virInterfaceChangeRollback"),
    (223, "REMOTE_PROC_DOMAIN_GET_SCHEDULER_PARAMETERS_FLAGS", "virDomainGetSchedulerParametersFlags"),
    (224, "REMOTE_PROC_DOMAIN_EVENT_CONTROL_ERROR", ""),
    (225, "REMOTE_PROC_DOMAIN_PIN_VCPU_FLAGS", "virDomainPinVcpuFlags"),
    (226, "REMOTE_PROC_DOMAIN_SEND_KEY", "virDomainSendKey"),
    (227, "REMOTE_PROC_NODE_GET_CPU_STATS", "virNodeGetCPUStats"),
    (228, "REMOTE_PROC_NODE_GET_MEMORY_STATS", "virNodeGetMemoryStats"),
    (229, "REMOTE_PROC_DOMAIN_GET_CONTROL_INFO", "virDomainGetControlInfo"),
    (230, "REMOTE_PROC_DOMAIN_GET_VCPU_PIN_INFO", "virDomainGetVcpuPinInfo"),
    (231, "REMOTE_PROC_DOMAIN_UNDEFINE_FLAGS", "virDomainUndefineFlags"),
    (232, "REMOTE_PROC_DOMAIN_SAVE_FLAGS", "virDomainSaveFlags"),
    (233, "REMOTE_PROC_DOMAIN_RESTORE_FLAGS", "virDomainRestoreFlags"),
    (234, "REMOTE_PROC_DOMAIN_DESTROY_FLAGS", "virDomainDestroyFlags"),
    (235, "REMOTE_PROC_DOMAIN_SAVE_IMAGE_GET_XML_DESC", "virDomainSaveImageGetXMLDesc"),
    (236, "REMOTE_PROC_DOMAIN_SAVE_IMAGE_DEFINE_XML", "virDomainSaveImageDefineXML"),
    (237, "REMOTE_PROC_DOMAIN_BLOCK_JOB_ABORT", "virDomainBlockJobAbort"),
    (238, "REMOTE_PROC_DOMAIN_GET_BLOCK_JOB_INFO", "virDomainGetBlockJobInfo"),
    (239, "REMOTE_PROC_DOMAIN_BLOCK_JOB_SET_SPEED", "virDomainBlockJobSetSpeed"),
    (240, "REMOTE_PROC_DOMAIN_BLOCK_PULL", "virDomainBlockPull"),
    (241, "REMOTE_PROC_DOMAIN_EVENT_BLOCK_JOB", ""),
    (242, "REMOTE_PROC_DOMAIN_MIGRATE_GET_MAX_SPEED", "virDomainMigrateGetMaxSpeed"),
    (243, "REMOTE_PROC_DOMAIN_BLOCK_STATS_FLAGS", "virDomainBlockStatsFlags"),
    (244, "REMOTE_PROC_DOMAIN_SNAPSHOT_GET_PARENT", "virDomainSnapshotGetParent"),
    (245, "REMOTE_PROC_DOMAIN_RESET", "virDomainReset"),
    (246, "REMOTE_PROC_DOMAIN_SNAPSHOT_NUM_CHILDREN", "virDomainSnapshotNumChildren"),
    (247, "REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES", "virDomainSnapshotListChildrenNames"),
    (248, "REMOTE_PROC_DOMAIN_EVENT_DISK_CHANGE", ""),
    (249, "REMOTE_PROC_DOMAIN_OPEN_GRAPHICS", "virDomainOpenGraphics"),
    (250, "REMOTE_PROC_NODE_SUSPEND_FOR_DURATION", "virNodeSuspendForDuration"),
    (251, "REMOTE_PROC_DOMAIN_BLOCK_RESIZE", "virDomainBlockResize"),
    (252, "REMOTE_PROC_DOMAIN_SET_BLOCK_IO_TUNE", "virDomainSetBlockIoTune"),
    (253, "REMOTE_PROC_DOMAIN_GET_BLOCK_IO_TUNE", "virDomainGetBlockIoTune"),
    (254, "REMOTE_PROC_DOMAIN_SET_NUMA_PARAMETERS", "virDomainSetNumaParameters"),
    (255, "REMOTE_PROC_DOMAIN_GET_NUMA_PARAMETERS", "virDomainGetNumaParameters"),
    (256, "REMOTE_PROC_DOMAIN_SET_INTERFACE_PARAMETERS", "virDomainSetInterfaceParameters"),
    (257, "REMOTE_PROC_DOMAIN_GET_INTERFACE_PARAMETERS", "virDomainGetInterfaceParameters"),
    (258, "REMOTE_PROC_DOMAIN_SHUTDOWN_FLAGS", "virDomainShutdownFlags"),
    (259, "REMOTE_PROC_STORAGE_VOL_WIPE_PATTERN", "virStorageVolWipePattern"),
    (260, "REMOTE_PROC_STORAGE_VOL_RESIZE", "virStorageVolResize"),
    (261, "REMOTE_PROC_DOMAIN_PM_SUSPEND_FOR_DURATION", "virDomainPMSuspendForDuration"),
    (262, "REMOTE_PROC_DOMAIN_GET_CPU_STATS", "virDomainGetCPUStats"),
    (263, "REMOTE_PROC_DOMAIN_GET_DISK_ERRORS", "virDomainGetDiskErrors"),
    (264, "REMOTE_PROC_DOMAIN_SET_METADATA", "virDomainSetMetadata"),
    (265, "REMOTE_PROC_DOMAIN_GET_METADATA", "virDomainGetMetadata"),
    (266, "REMOTE_PROC_DOMAIN_BLOCK_REBASE", "virDomainBlockRebase"),
    (267, "REMOTE_PROC_DOMAIN_PM_WAKEUP", "virDomainPMWakeup"),
    (268, "REMOTE_PROC_DOMAIN_EVENT_TRAY_CHANGE", ""),
    (269, "REMOTE_PROC_DOMAIN_EVENT_PMWAKEUP", ""),
    (270, "REMOTE_PROC_DOMAIN_EVENT_PMSUSPEND", ""),
    (271, "REMOTE_PROC_DOMAIN_SNAPSHOT_IS_CURRENT", "virDomainSnapshotIsCurrent"),
    (272, "REMOTE_PROC_DOMAIN_SNAPSHOT_HAS_METADATA", "virDomainSnapshotHasMetadata"),
    (273, "REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS", "virConnectListAllDomains"),
    (274, "REMOTE_PROC_DOMAIN_LIST_ALL_SNAPSHOTS", "virDomainListAllSnapshots"),
    (275, "REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN", "virDomainSnapshotListAllChildren"),
    (276, "REMOTE_PROC_DOMAIN_EVENT_BALLOON_CHANGE", ""),
    (277, "REMOTE_PROC_DOMAIN_GET_HOSTNAME", "virDomainGetHostname"),
    (278, "REMOTE_PROC_DOMAIN_GET_SECURITY_LABEL_LIST", "virDomainGetSecurityLabelList"),
    (279, "REMOTE_PROC_DOMAIN_PIN_EMULATOR", "virDomainPinEmulator"),
    (280, "REMOTE_PROC_DOMAIN_GET_EMULATOR_PIN_INFO", "virDomainGetEmulatorPinInfo"),
    (281, "REMOTE_PROC_CONNECT_LIST_ALL_STORAGE_POOLS", "virConnectListAllStoragePools"),
    (282, "REMOTE_PROC_STORAGE_POOL_LIST_ALL_VOLUMES", "virStoragePoolListAllVolumes"),
    (283, "REMOTE_PROC_CONNECT_LIST_ALL_NETWORKS", "virConnectListAllNetworks"),
    (284, "REMOTE_PROC_CONNECT_LIST_ALL_INTERFACES", "virConnectListAllInterfaces"),
    (285, "REMOTE_PROC_CONNECT_LIST_ALL_NODE_DEVICES", "virConnectListAllNodeDevices"),
    (286, "REMOTE_PROC_CONNECT_LIST_ALL_NWFILTERS", "virConnectListAllNWFilters"),
    (287, "REMOTE_PROC_CONNECT_LIST_ALL_SECRETS", "virConnectListAllSecrets"),
    (288, "REMOTE_PROC_NODE_SET_MEMORY_PARAMETERS", "virNodeSetMemoryParameters"),
    (289, "REMOTE_PROC_NODE_GET_MEMORY_PARAMETERS", "virNodeGetMemoryParameters"),
    (290, "REMOTE_PROC_DOMAIN_BLOCK_COMMIT", "virDomainBlockCommit"),
    (291, "REMOTE_PROC_NETWORK_UPDATE", "virNetworkUpdate"),
    (292, "REMOTE_PROC_DOMAIN_EVENT_PMSUSPEND_DISK", ""),
    (293, "REMOTE_PROC_NODE_GET_CPU_MAP", "virNodeGetCPUMap"),
    (294, "REMOTE_PROC_DOMAIN_FSTRIM", "virDomainFSTrim"),
    (295, "REMOTE_PROC_DOMAIN_SEND_PROCESS_SIGNAL", "virDomainSendProcessSignal"),
    (296, "REMOTE_PROC_DOMAIN_OPEN_CHANNEL", "virDomainOpenChannel"),
    (297, "REMOTE_PROC_NODE_DEVICE_LOOKUP_SCSI_HOST_BY_WWN", "virNodeDeviceLookupSCSIHostByWWN"),
    (298, "REMOTE_PROC_DOMAIN_GET_JOB_STATS", "virDomainGetJobStats"),
    (299, "REMOTE_PROC_DOMAIN_MIGRATE_GET_COMPRESSION_CACHE", "virDomainMigrateGetCompressionCache"),
    (300, "REMOTE_PROC_DOMAIN_MIGRATE_SET_COMPRESSION_CACHE", "virDomainMigrateSetCompressionCache"),
    (301, "REMOTE_PROC_NODE_DEVICE_DETACH_FLAGS", "virNodeDeviceDetachFlags"),
    (302, "REMOTE_PROC_DOMAIN_MIGRATE_BEGIN3_PARAMS", ""),
    (303, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE3_PARAMS", ""),
    (304, "REMOTE_PROC_DOMAIN_MIGRATE_PREPARE_TUNNEL3_PARAMS", ""),
    (305, "REMOTE_PROC_DOMAIN_MIGRATE_PERFORM3_PARAMS", ""),
    (306, "REMOTE_PROC_DOMAIN_MIGRATE_FINISH3_PARAMS", ""),
    (307, "REMOTE_PROC_DOMAIN_MIGRATE_CONFIRM3_PARAMS", ""),
    (308, "REMOTE_PROC_DOMAIN_SET_MEMORY_STATS_PERIOD", "virDomainSetMemoryStatsPeriod"),
    (309, "REMOTE_PROC_DOMAIN_CREATE_XML_WITH_FILES", "virDomainCreateXMLWithFiles"),
    (310, "REMOTE_PROC_DOMAIN_CREATE_WITH_FILES", "virDomainCreateWithFiles"),
    (311, "REMOTE_PROC_DOMAIN_EVENT_DEVICE_REMOVED", ""),
    (312, "REMOTE_PROC_CONNECT_GET_CPU_MODEL_NAMES", "virConnectGetCPUModelNames"),
    (313, "REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY", "virConnectNetworkEventRegisterAny"),
    (314, "REMOTE_PROC_CONNECT_NETWORK_EVENT_DEREGISTER_ANY", "virConnectNetworkEventDeregisterAny"),
    (315, "REMOTE_PROC_NETWORK_EVENT_LIFECYCLE", ""),
    (316, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY", "virConnectDomainEventRegisterAny"),
    (317, "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY", "virConnectDomainEventDeregisterAny"),
    (318, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE", ""),
    (319, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT", ""),
    (320, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_RTC_CHANGE", ""),
    (321, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_WATCHDOG", ""),
    (322, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_IO_ERROR", ""),
    (323, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_GRAPHICS", ""),
    (324, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_IO_ERROR_REASON", ""),
    (325, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_CONTROL_ERROR", ""),
    (326, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_BLOCK_JOB", ""),
    (327, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DISK_CHANGE", ""),
    (328, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_TRAY_CHANGE", ""),
    (329, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMWAKEUP", ""),
    (330, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMSUSPEND", ""),
    (331, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_BALLOON_CHANGE", ""),
    (332, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_PMSUSPEND_DISK", ""),
    (333, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED", ""),
    (334, "REMOTE_PROC_DOMAIN_CORE_DUMP_WITH_FORMAT", "virDomainCoreDumpWithFormat"),
    (335, "REMOTE_PROC_DOMAIN_FSFREEZE", "virDomainFSFreeze"),
    (336, "REMOTE_PROC_DOMAIN_FSTHAW", "virDomainFSThaw"),
    (337, "REMOTE_PROC_DOMAIN_GET_TIME", "virDomainGetTime"),
    (338, "REMOTE_PROC_DOMAIN_SET_TIME", "virDomainSetTime"),
    (339, "REMOTE_PROC_DOMAIN_EVENT_BLOCK_JOB_2", ""),
    (340, "REMOTE_PROC_NODE_GET_FREE_PAGES", "virNodeGetFreePages"),
    (341, "REMOTE_PROC_NETWORK_GET_DHCP_LEASES", "virNetworkGetDHCPLeases"),
    (342, "REMOTE_PROC_CONNECT_GET_DOMAIN_CAPABILITIES", "virConnectGetDomainCapabilities"),
    (343, "REMOTE_PROC_DOMAIN_OPEN_GRAPHICS_FD", "virDomainOpenGraphicsFD"),
    (344, "REMOTE_PROC_CONNECT_GET_ALL_DOMAIN_STATS", "virConnectGetAllDomainStats"),
    (345, "REMOTE_PROC_DOMAIN_BLOCK_COPY", "virDomainBlockCopy"),
    (346, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_TUNABLE", ""),
    (347, "REMOTE_PROC_NODE_ALLOC_PAGES", "virNodeAllocPages"),
    (348, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_AGENT_LIFECYCLE", ""),
    (349, "REMOTE_PROC_DOMAIN_GET_FSINFO", "virDomainGetFSInfo"),
    (350, "REMOTE_PROC_DOMAIN_DEFINE_XML_FLAGS", "virDomainDefineXMLFlags"),
    (351, "REMOTE_PROC_DOMAIN_GET_IOTHREAD_INFO", "virDomainGetIOThreadInfo"),
    (352, "REMOTE_PROC_DOMAIN_PIN_IOTHREAD", "virDomainPinIOThread"),
    (353, "REMOTE_PROC_DOMAIN_INTERFACE_ADDRESSES", "virDomainInterfaceAddresses"),
    (354, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_ADDED", ""),
    (355, "REMOTE_PROC_DOMAIN_ADD_IOTHREAD", "virDomainAddIOThread"),
    (356, "REMOTE_PROC_DOMAIN_DEL_IOTHREAD", "virDomainDelIOThread"),
    (357, "REMOTE_PROC_DOMAIN_SET_USER_PASSWORD", "virDomainSetUserPassword"),
    (358, "REMOTE_PROC_DOMAIN_RENAME", "virDomainRename"),
    (359, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_MIGRATION_ITERATION", ""),
    (360, "REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK", "virConnectRegisterCloseCallback"),
    (361, "REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK", "virConnectUnregisterCloseCallback"),
    (362, "REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED", ""),
    (363, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED", ""),
    (364, "REMOTE_PROC_DOMAIN_MIGRATE_START_POST_COPY", "virDomainMigrateStartPostCopy"),
    (365, "REMOTE_PROC_DOMAIN_GET_PERF_EVENTS", "virDomainGetPerfEvents"),
    (366, "REMOTE_PROC_DOMAIN_SET_PERF_EVENTS", "virDomainSetPerfEvents"),
    (367, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVAL_FAILED", ""),
    (368, "REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY", "virConnectStoragePoolEventRegisterAny"),
    (369, "REMOTE_PROC_CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", "virConnectStoragePoolEventDeregisterAny"),
    (370, "REMOTE_PROC_STORAGE_POOL_EVENT_LIFECYCLE", ""),
    (371, "REMOTE_PROC_DOMAIN_GET_GUEST_VCPUS", "virDomainGetGuestVcpus"),
    (372, "REMOTE_PROC_DOMAIN_SET_GUEST_VCPUS", "virDomainSetGuestVcpus"),
    (373, "REMOTE_PROC_STORAGE_POOL_EVENT_REFRESH", ""),
    (374, "REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_REGISTER_ANY", "virConnectNodeDeviceEventRegisterAny"),
    (375, "REMOTE_PROC_CONNECT_NODE_DEVICE_EVENT_DEREGISTER_ANY", "virConnectNodeDeviceEventDeregisterAny"),
    (376, "REMOTE_PROC_NODE_DEVICE_EVENT_LIFECYCLE", ""),
    (377, "REMOTE_PROC_NODE_DEVICE_EVENT_UPDATE", ""),
    (378, "REMOTE_PROC_STORAGE_VOL_GET_INFO_FLAGS", "virStorageVolGetInfoFlags"),
    (379, "REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE", ""),
    (380, "REMOTE_PROC_CONNECT_SECRET_EVENT_REGISTER_ANY", "virConnectSecretEventRegisterAny"),
    (381, "REMOTE_PROC_CONNECT_SECRET_EVENT_DEREGISTER_ANY", "virConnectSecretEventDeregisterAny"),
    (382, "REMOTE_PROC_SECRET_EVENT_LIFECYCLE", ""),
    (383, "REMOTE_PROC_SECRET_EVENT_VALUE_CHANGED", ""),
    (384, "REMOTE_PROC_DOMAIN_SET_VCPU", "virDomainSetVcpu"),
    (385, "REMOTE_PROC_DOMAIN_EVENT_BLOCK_THRESHOLD", ""),
    (386, "REMOTE_PROC_DOMAIN_SET_BLOCK_THRESHOLD", "virDomainSetBlockThreshold"),
    (387, "REMOTE_PROC_DOMAIN_MIGRATE_GET_MAX_DOWNTIME", "virDomainMigrateGetMaxDowntime"),
    (388, "REMOTE_PROC_DOMAIN_MANAGED_SAVE_GET_XML_DESC", "virDomainManagedSaveGetXMLDesc"),
    (389, "REMOTE_PROC_DOMAIN_MANAGED_SAVE_DEFINE_XML", "virDomainManagedSaveDefineXML"),
    (390, "REMOTE_PROC_DOMAIN_SET_LIFECYCLE_ACTION", "virDomainSetLifecycleAction"),
    (391, "REMOTE_PROC_STORAGE_POOL_LOOKUP_BY_TARGET_PATH", "virStoragePoolLookupByTargetPath"),
    (392, "REMOTE_PROC_DOMAIN_DETACH_DEVICE_ALIAS", "virDomainDetachDeviceAlias"),
    (393, "REMOTE_PROC_CONNECT_COMPARE_HYPERVISOR_CPU", "virConnectCompareHypervisorCPU"),
    (394, "REMOTE_PROC_CONNECT_BASELINE_HYPERVISOR_CPU", "virConnectBaselineHypervisorCPU"),
    (395, "REMOTE_PROC_NODE_GET_SEV_INFO", "virNodeGetSEVInfo"),
    (396, "REMOTE_PROC_DOMAIN_GET_LAUNCH_SECURITY_INFO", "virDomainGetLaunchSecurityInfo"),
    (397, "REMOTE_PROC_NWFILTER_BINDING_LOOKUP_BY_PORT_DEV", "virNWFilterBindingLookupByPortDev"),
    (398, "REMOTE_PROC_NWFILTER_BINDING_GET_XML_DESC", "virNWFilterBindingGetXMLDesc"),
    (399, "REMOTE_PROC_NWFILTER_BINDING_CREATE_XML", "virNWFilterBindingCreateXML"),
    (400, "REMOTE_PROC_NWFILTER_BINDING_DELETE", "virNWFilterBindingDelete"),
    (401, "REMOTE_PROC_CONNECT_LIST_ALL_NWFILTER_BINDINGS", "virConnectListAllNWFilterBindings"),
    (402, "REMOTE_PROC_DOMAIN_SET_IOTHREAD_PARAMS", "virDomainSetIOThreadParams"),
    (403, "REMOTE_PROC_CONNECT_GET_STORAGE_POOL_CAPABILITIES", "virConnectGetStoragePoolCapabilities"),
    (404, "REMOTE_PROC_NETWORK_LIST_ALL_PORTS", "virNetworkListAllPorts"),
    (405, "REMOTE_PROC_NETWORK_PORT_LOOKUP_BY_UUID", "virNetworkPortLookupByUUID"),
    (406, "REMOTE_PROC_NETWORK_PORT_CREATE_XML", "virNetworkPortCreateXML"),
    (407, "REMOTE_PROC_NETWORK_PORT_GET_PARAMETERS", "virNetworkPortGetParameters"),
    (408, "REMOTE_PROC_NETWORK_PORT_SET_PARAMETERS", "virNetworkPortSetParameters"),
    (409, "REMOTE_PROC_NETWORK_PORT_GET_XML_DESC", "virNetworkPortGetXMLDesc"),
    (410, "REMOTE_PROC_NETWORK_PORT_DELETE", "virNetworkPortDelete"),
    (411, "REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML", "virDomainCheckpointCreateXML"),
    (412, "REMOTE_PROC_DOMAIN_CHECKPOINT_GET_XML_DESC", "virDomainCheckpointGetXMLDesc"),
    (413, "REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS", "virDomainListAllCheckpoints"),
    (414, "REMOTE_PROC_DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN", "virDomainCheckpointListAllChildren"),
    (415, "REMOTE_PROC_DOMAIN_CHECKPOINT_LOOKUP_BY_NAME", "virDomainCheckpointLookupByName"),
    (416, "REMOTE_PROC_DOMAIN_CHECKPOINT_GET_PARENT", "virDomainCheckpointGetParent"),
    (417, "REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE", "virDomainCheckpointDelete"),
    (418, "REMOTE_PROC_DOMAIN_GET_GUEST_INFO", "virDomainGetGuestInfo"),
    (419, "REMOTE_PROC_CONNECT_SET_IDENTITY", "virConnectSetIdentity"),
    (420, "REMOTE_PROC_DOMAIN_AGENT_SET_RESPONSE_TIMEOUT", "virDomainAgentSetResponseTimeout"),
    (421, "REMOTE_PROC_DOMAIN_BACKUP_BEGIN", "virDomainBackupBegin"),
    (422, "REMOTE_PROC_DOMAIN_BACKUP_GET_XML_DESC", "virDomainBackupGetXMLDesc"),
    (423, "REMOTE_PROC_DOMAIN_EVENT_MEMORY_FAILURE", ""),
    (424, "REMOTE_PROC_DOMAIN_AUTHORIZED_SSH_KEYS_GET", "virDomainAuthorizedSSHKeysGet"),
    (425, "REMOTE_PROC_DOMAIN_AUTHORIZED_SSH_KEYS_SET", "virDomainAuthorizedSSHKeysSet"),
    (426, "REMOTE_PROC_DOMAIN_GET_MESSAGES", "virDomainGetMessages"),
    (427, "REMOTE_PROC_DOMAIN_START_DIRTY_RATE_CALC", "virDomainStartDirtyRateCalc"),
    (428, "REMOTE_PROC_NODE_DEVICE_DEFINE_XML", "virNodeDeviceDefineXML"),
    (429, "REMOTE_PROC_NODE_DEVICE_UNDEFINE", "virNodeDeviceUndefine"),
    (430, "REMOTE_PROC_NODE_DEVICE_CREATE", "virNodeDeviceCreate"),
    (431, "REMOTE_PROC_NWFILTER_DEFINE_XML_FLAGS", "virNWFilterDefineXMLFlags"),
    (432, "REMOTE_PROC_NETWORK_DEFINE_XML_FLAGS", "virNetworkDefineXMLFlags"),
    (433, "REMOTE_PROC_NODE_DEVICE_GET_AUTOSTART", "virNodeDeviceGetAutostart"),
    (434, "REMOTE_PROC_NODE_DEVICE_SET_AUTOSTART", "virNodeDeviceSetAutostart"),
    (435, "REMOTE_PROC_NODE_DEVICE_IS_PERSISTENT", "virNodeDeviceIsPersistent"),
    (436, "REMOTE_PROC_NODE_DEVICE_IS_ACTIVE", "virNodeDeviceIsActive"),
    (437, "REMOTE_PROC_NETWORK_CREATE_XML_FLAGS", "virNetworkCreateXMLFlags"),
    (438, "REMOTE_PROC_DOMAIN_EVENT_MEMORY_DEVICE_SIZE_CHANGE", ""),
    (439, "REMOTE_PROC_DOMAIN_SET_LAUNCH_SECURITY_STATE", "virDomainSetLaunchSecurityState"),
    (440, "REMOTE_PROC_DOMAIN_SAVE_PARAMS", "virDomainSaveParams"),
    (441, "REMOTE_PROC_DOMAIN_RESTORE_PARAMS", "virDomainRestoreParams"),
    (442, "REMOTE_PROC_DOMAIN_ABORT_JOB_FLAGS", "virDomainAbortJobFlags"),
    (443, "REMOTE_PROC_DOMAIN_FD_ASSOCIATE", "virDomainFDAssociate"),
];

/// The `libvirt_internal.h` functions libvirtd calls for the migration protocol's steps
/// (procedures with no public API): like public APIs, libvirtd reports them by name when
/// the driver lacks them ("... not supported by the connection driver:
/// virDomainMigratePrepare3Params"), in `VIR_FROM_DOMAIN`.
pub static REMOTE_INTERNAL_APIS: &[(i32, &str)] = &[
    (61, "virDomainMigratePrepare"),
    (62, "virDomainMigratePerform"),
    (63, "virDomainMigrateFinish"),
    (108, "virDomainMigratePrepare2"),
    (109, "virDomainMigrateFinish2"),
    (148, "virDomainMigratePrepareTunnel"),
    (213, "virDomainMigrateBegin3"),
    (214, "virDomainMigratePrepare3"),
    (215, "virDomainMigratePrepareTunnel3"),
    (216, "virDomainMigratePerform3"),
    (217, "virDomainMigrateFinish3"),
    (218, "virDomainMigrateConfirm3"),
    (302, "virDomainMigrateBegin3Params"),
    (303, "virDomainMigratePrepare3Params"),
    (304, "virDomainMigratePrepareTunnel3Params"),
    (305, "virDomainMigratePerform3Params"),
    (306, "virDomainMigrateFinish3Params"),
    (307, "virDomainMigrateConfirm3Params"),
];

/// The APIs among [`REMOTE_PROCEDURE_NAMES`] and [`REMOTE_INTERNAL_APIS`] that refuse a
/// read-only connection ("operation forbidden: read only access prevents virXxx"), sorted.
/// From Debian's libvirtd 9.0.0 answering each procedure on its read-only socket, and
/// from the exports in `src/api` that make the same check after their argument checks.
pub static READ_ONLY_DENIED_APIS: &[&str] = &[
    "virConnectBaselineHypervisorCPU",
    "virConnectCompareHypervisorCPU",
    "virConnectDomainXMLFromNative",
    "virConnectDomainXMLToNative",
    "virConnectFindStoragePoolSources",
    "virConnectGetDomainCapabilities",
    "virDomainAbortJob",
    "virDomainAbortJobFlags",
    "virDomainAddIOThread",
    "virDomainAgentSetResponseTimeout",
    "virDomainAttachDevice",
    "virDomainAttachDeviceFlags",
    "virDomainAuthorizedSSHKeysGet",
    "virDomainAuthorizedSSHKeysSet",
    "virDomainBackupBegin",
    "virDomainBlockCommit",
    "virDomainBlockCopy",
    "virDomainBlockJobAbort",
    "virDomainBlockJobSetSpeed",
    "virDomainBlockPeek",
    "virDomainBlockPull",
    "virDomainBlockRebase",
    "virDomainBlockResize",
    "virDomainCheckpointCreateXML",
    "virDomainCheckpointDelete",
    "virDomainCoreDump",
    "virDomainCoreDumpWithFormat",
    "virDomainCreate",
    "virDomainCreateWithFiles",
    "virDomainCreateWithFlags",
    "virDomainCreateXML",
    "virDomainCreateXMLWithFiles",
    "virDomainDefineXML",
    "virDomainDefineXMLFlags",
    "virDomainDelIOThread",
    "virDomainDestroy",
    "virDomainDestroyFlags",
    "virDomainDetachDevice",
    "virDomainDetachDeviceAlias",
    "virDomainDetachDeviceFlags",
    "virDomainFDAssociate",
    "virDomainFSFreeze",
    "virDomainFSThaw",
    "virDomainFSTrim",
    "virDomainGetFSInfo",
    "virDomainGetGuestInfo",
    "virDomainGetGuestVcpus",
    "virDomainGetHostname",
    "virDomainGetLaunchSecurityInfo",
    "virDomainGetTime",
    "virDomainInjectNMI",
    "virDomainManagedSave",
    "virDomainManagedSaveDefineXML",
    "virDomainManagedSaveRemove",
    "virDomainMemoryPeek",
    "virDomainMigrateBegin3",
    "virDomainMigrateBegin3Params",
    "virDomainMigrateConfirm3",
    "virDomainMigrateConfirm3Params",
    "virDomainMigrateFinish",
    "virDomainMigrateFinish2",
    "virDomainMigrateFinish3",
    "virDomainMigrateFinish3Params",
    "virDomainMigrateGetMaxSpeed",
    "virDomainMigratePerform",
    "virDomainMigratePerform3",
    "virDomainMigratePerform3Params",
    "virDomainMigratePrepare",
    "virDomainMigratePrepare2",
    "virDomainMigratePrepare3",
    "virDomainMigratePrepare3Params",
    "virDomainMigratePrepareTunnel",
    "virDomainMigratePrepareTunnel3",
    "virDomainMigratePrepareTunnel3Params",
    "virDomainMigrateSetCompressionCache",
    "virDomainMigrateSetMaxDowntime",
    "virDomainMigrateSetMaxSpeed",
    "virDomainMigrateStartPostCopy",
    "virDomainOpenChannel",
    "virDomainOpenConsole",
    "virDomainOpenGraphics",
    "virDomainOpenGraphicsFD",
    "virDomainPMSuspendForDuration",
    "virDomainPMWakeup",
    "virDomainPinEmulator",
    "virDomainPinIOThread",
    "virDomainPinVcpu",
    "virDomainPinVcpuFlags",
    "virDomainReboot",
    "virDomainRename",
    "virDomainReset",
    "virDomainRestore",
    "virDomainRestoreFlags",
    "virDomainRestoreParams",
    "virDomainResume",
    "virDomainRevertToSnapshot",
    "virDomainSave",
    "virDomainSaveFlags",
    "virDomainSaveImageDefineXML",
    "virDomainSaveImageGetXMLDesc",
    "virDomainSaveParams",
    "virDomainScreenshot",
    "virDomainSendKey",
    "virDomainSendProcessSignal",
    "virDomainSetAutostart",
    "virDomainSetBlkioParameters",
    "virDomainSetBlockIoTune",
    "virDomainSetBlockThreshold",
    "virDomainSetGuestVcpus",
    "virDomainSetIOThreadParams",
    "virDomainSetInterfaceParameters",
    "virDomainSetLaunchSecurityState",
    "virDomainSetLifecycleAction",
    "virDomainSetMaxMemory",
    "virDomainSetMemory",
    "virDomainSetMemoryFlags",
    "virDomainSetMemoryParameters",
    "virDomainSetMemoryStatsPeriod",
    "virDomainSetMetadata",
    "virDomainSetNumaParameters",
    "virDomainSetPerfEvents",
    "virDomainSetSchedulerParameters",
    "virDomainSetSchedulerParametersFlags",
    "virDomainSetTime",
    "virDomainSetUserPassword",
    "virDomainSetVcpu",
    "virDomainSetVcpus",
    "virDomainSetVcpusFlags",
    "virDomainShutdown",
    "virDomainShutdownFlags",
    "virDomainSnapshotCreateXML",
    "virDomainSnapshotDelete",
    "virDomainStartDirtyRateCalc",
    "virDomainSuspend",
    "virDomainUndefine",
    "virDomainUndefineFlags",
    "virDomainUpdateDeviceFlags",
    "virInterfaceChangeBegin",
    "virInterfaceChangeCommit",
    "virInterfaceChangeRollback",
    "virInterfaceCreate",
    "virInterfaceDefineXML",
    "virInterfaceDestroy",
    "virInterfaceUndefine",
    "virNWFilterBindingCreateXML",
    "virNWFilterBindingDelete",
    "virNWFilterDefineXML",
    "virNWFilterDefineXMLFlags",
    "virNWFilterUndefine",
    "virNetworkCreate",
    "virNetworkCreateXML",
    "virNetworkCreateXMLFlags",
    "virNetworkDefineXML",
    "virNetworkDefineXMLFlags",
    "virNetworkDestroy",
    "virNetworkPortCreateXML",
    "virNetworkPortDelete",
    "virNetworkPortSetParameters",
    "virNetworkSetAutostart",
    "virNetworkUndefine",
    "virNetworkUpdate",
    "virNodeAllocPages",
    "virNodeDeviceCreate",
    "virNodeDeviceCreateXML",
    "virNodeDeviceDefineXML",
    "virNodeDeviceDestroy",
    "virNodeDeviceDetachFlags",
    "virNodeDeviceDettach",
    "virNodeDeviceGetAutostart",
    "virNodeDeviceReAttach",
    "virNodeDeviceReset",
    "virNodeDeviceSetAutostart",
    "virNodeDeviceUndefine",
    "virNodeGetSEVInfo",
    "virNodeSetMemoryParameters",
    "virNodeSuspendForDuration",
    "virSecretDefineXML",
    "virSecretGetValue",
    "virSecretSetValue",
    "virSecretUndefine",
    "virStoragePoolBuild",
    "virStoragePoolCreate",
    "virStoragePoolCreateXML",
    "virStoragePoolDefineXML",
    "virStoragePoolDelete",
    "virStoragePoolDestroy",
    "virStoragePoolRefresh",
    "virStoragePoolSetAutostart",
    "virStoragePoolUndefine",
    "virStorageVolCreateXML",
    "virStorageVolCreateXMLFrom",
    "virStorageVolDelete",
    "virStorageVolDownload",
    "virStorageVolResize",
    "virStorageVolUpload",
    "virStorageVolWipe",
    "virStorageVolWipePattern",
];

/// The row of procedure `num`: (number, `REMOTE_PROC_…` name, public API or "").
pub fn lookup(num: i32) -> Option<&'static (i32, &'static str, &'static str)> {
    REMOTE_PROCEDURE_NAMES.binary_search_by_key(&num, |r| r.0).ok().map(|i| &REMOTE_PROCEDURE_NAMES[i])
}

/// The internal function behind migration procedure `num` ([`REMOTE_INTERNAL_APIS`]).
pub fn internal_api(num: i32) -> Option<&'static str> {
    REMOTE_INTERNAL_APIS.binary_search_by_key(&num, |r| r.0).ok().map(|i| REMOTE_INTERNAL_APIS[i].1)
}

/// The function libvirtd names when the connection's driver lacks procedure `num`: its
/// public API, else its internal one. None for numbers libvirt 9.0 does not have and for
/// procedures libvirtd never runs as calls (event messages: "unknown procedure"); the
/// daemon's own calls (authentication, CONNECT_SUPPORTS_FEATURE) are in the protocol
/// table.
pub fn unsupported_api(num: i32) -> Option<&'static str> {
    match lookup(num)? {
        &(_, _, api) if !api.is_empty() => Some(api),
        _ => internal_api(num),
    }
}

/// True when `api` refuses read-only connections ([`READ_ONLY_DENIED_APIS`]).
pub fn api_denied_read_only(api: &str) -> bool {
    READ_ONLY_DENIED_APIS.binary_search(&api).is_ok()
}

/// The error domain of `api`'s own errors (argument checks, "not supported"): that of
/// the libvirt source file defining it, which is the `FROM` of the `src/api` file that
/// exports it. libvirt.c's functions (opening and closing connections) have none;
/// libvirt-host.c's (`virConnect*`, `virNode*` of the host) and libvirt-domain.c's have
/// `VIR_FROM_DOMAIN`; the other object classes have their own.
pub fn api_error_domain(api: &str) -> Domain {
    let Some(rest) = api.strip_prefix("vir") else { return Domain::VIR_FROM_NONE };
    if matches!(rest, "ConnectOpen" | "ConnectOpenReadOnly" | "ConnectOpenAuth" | "ConnectClose" | "GetVersion")
        || rest.starts_with("TypedParam")
    {
        return Domain::VIR_FROM_NONE;
    }
    if rest.starts_with("DomainSnapshot")
        || matches!(rest, "DomainListAllSnapshots" | "DomainHasCurrentSnapshot" | "DomainRevertToSnapshot")
    {
        return Domain::VIR_FROM_DOMAIN_SNAPSHOT;
    }
    if rest.starts_with("DomainCheckpoint") || rest == "DomainListAllCheckpoints" {
        return Domain::VIR_FROM_DOMAIN_CHECKPOINT;
    }
    if rest.starts_with("Domain") {
        return Domain::VIR_FROM_DOMAIN;
    }
    // The object class a call is about: its prefix, or for a connection's listing,
    // counting and event calls the class it names.
    let classes: &[(&str, Domain)] = &[
        ("NWFilter", Domain::VIR_FROM_NWFILTER),
        ("Network", Domain::VIR_FROM_NETWORK),
        ("StoragePool", Domain::VIR_FROM_STORAGE),
        ("StorageVol", Domain::VIR_FROM_STORAGE),
        ("Secret", Domain::VIR_FROM_SECRET),
        ("NodeDevice", Domain::VIR_FROM_NODEDEV),
        ("Interface", Domain::VIR_FROM_INTERFACE),
    ];
    if let Some(object) = rest.strip_prefix("Connect") {
        for (class, domain) in classes {
            if object.contains(class) {
                return *domain;
            }
        }
        return Domain::VIR_FROM_DOMAIN;
    }
    for (class, domain) in classes {
        if rest.starts_with(class) {
            return *domain;
        }
    }
    if matches!(rest, "NodeListDevices" | "NodeNumOfDevices") {
        return Domain::VIR_FROM_NODEDEV;
    }
    if rest.starts_with("Stream") {
        return Domain::VIR_FROM_STREAMS;
    }
    if rest.starts_with("Event") {
        return Domain::VIR_FROM_EVENT;
    }
    Domain::VIR_FROM_DOMAIN
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet, HashMap};
    use std::path::Path;

    use super::*;
    use crate::rpc::protocol;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The public functions of libvirt 9.0.0 (`abi/libvirt.syms`, name per line).
    fn public_symbols() -> BTreeSet<String> {
        let text = std::fs::read_to_string(root().join("abi/libvirt.syms")).expect("abi/libvirt.syms");
        text.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string).collect()
    }

    /// `REMOTE_PROC_DOMAIN_GET_XML_DESC` -> "domaingetxmldesc": libvirt's API names
    /// are the procedure's words in camel case, with their own capitals (XML, UUID).
    fn squashed(name: &str) -> String {
        name.strip_prefix("REMOTE_PROC_").unwrap().replace('_', "").to_lowercase()
    }

    /// Each export of `src/api/*.rs`: its file, the error domain its `guard` (or
    /// `guard_or`) reports with, resolved through the file's `const X: Domain = ...`
    /// (the file's `FROM` when it has no guard), and whether it checks `writable`.
    struct Export {
        file: String,
        domain: Option<String>,
        writable: bool,
    }

    fn exports() -> BTreeMap<String, Export> {
        let mut out = BTreeMap::new();
        let dir = root().join("src/api");
        for entry in std::fs::read_dir(&dir).expect("src/api") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let consts: HashMap<&str, &str> = text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("const ")?.split_once(": Domain = Domain::"))
                .map(|(name, value)| (name, value.trim_end_matches(';').trim()))
                .collect();
            // Function bodies: the text from one `extern "C" fn name(` to the next; an
            // unnamed `extern "C" fn(` (a callback type) belongs to the function before.
            let pieces: Vec<&str> = text.split("extern \"C\" fn ").collect();
            let mut funcs: Vec<(String, bool, String)> = Vec::new();
            for (i, piece) in pieces.iter().enumerate().skip(1) {
                let name: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let before = pieces[i - 1].trim_end();
                let public = before.ends_with("pub") || before.ends_with("pub unsafe");
                if name.is_empty() {
                    if let Some(last) = funcs.last_mut() {
                        last.2.push_str(piece);
                    }
                    continue;
                }
                funcs.push((name, public, piece.to_string()));
            }
            for (name, public, body) in funcs {
                if !public || !name.starts_with("vir") {
                    continue;
                }
                let guard = match (body.find("guard("), body.find("guard_or(")) {
                    (Some(g), Some(o)) if o < g => body[o + 9..].split_once(',').map(|(_, rest)| rest),
                    (Some(g), _) => Some(&body[g + 6..]),
                    (None, Some(o)) => body[o + 9..].split_once(',').map(|(_, rest)| rest),
                    (None, None) => None,
                };
                let ident = guard.map(|g| g.split(',').next().unwrap().trim().to_string());
                let domain = match ident {
                    Some(id) => match id.strip_prefix("Domain::") {
                        Some(d) => Some(d.to_string()),
                        None => consts.get(id.as_str()).map(|d| d.to_string()),
                    },
                    None => consts.get("FROM").map(|d| d.to_string()),
                };
                let writable = body.contains(".writable(");
                out.insert(name, Export { file: file.clone(), domain, writable });
            }
        }
        out
    }

    #[test]
    fn table_is_sorted_without_duplicates_and_covers_9_0() {
        let nums: Vec<i32> = REMOTE_PROCEDURE_NAMES.iter().map(|r| r.0).collect();
        assert!(protocol::strictly_increasing(&nums), "sorted by number, no duplicates");
        let names: BTreeSet<&str> = REMOTE_PROCEDURE_NAMES.iter().map(|r| r.1).collect();
        assert_eq!(names.len(), REMOTE_PROCEDURE_NAMES.len(), "no duplicate names");
        // libvirt numbers its procedures without gaps; 443 is 9.0.0's last.
        assert_eq!(nums, (1..=443).collect::<Vec<_>>());
        for (_, name, _) in REMOTE_PROCEDURE_NAMES {
            assert!(name.starts_with("REMOTE_PROC_"), "{name}");
        }
        let nums: Vec<i32> = REMOTE_INTERNAL_APIS.iter().map(|r| r.0).collect();
        assert!(protocol::strictly_increasing(&nums));
        assert!(READ_ONLY_DENIED_APIS.windows(2).all(|w| w[0] < w[1]), "READ_ONLY_DENIED_APIS sorted");
    }

    #[test]
    fn every_declared_procedure_has_its_number_and_name() {
        for info in protocol::PROCEDURES {
            let row = lookup(info.num).unwrap_or_else(|| panic!("{} missing", info.name));
            assert_eq!(row.1, info.name, "procedure {}", info.num);
            if !row.2.is_empty() {
                assert_eq!(row.2, info.api, "{}", info.name);
            }
        }
    }

    #[test]
    fn api_names_are_public_functions_named_after_their_procedure() {
        let syms = public_symbols();
        assert!(syms.len() > 400);
        for &(num, name, api) in REMOTE_PROCEDURE_NAMES {
            if api.is_empty() {
                // No public function of that name.
                let derived = squashed(name);
                assert!(!syms.iter().any(|s| s.to_lowercase() == format!("vir{derived}")), "{name} has an API");
                continue;
            }
            assert!(syms.contains(api), "{num} {name}: {api} is not in abi/libvirt.syms");
            let expected = match name {
                // The callback-id variants serve the same public functions.
                "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY" => "connectdomaineventregisterany".into(),
                "REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY" => "connectdomaineventderegisterany".into(),
                _ => squashed(name),
            };
            assert_eq!(api.strip_prefix("vir").unwrap().to_lowercase(), expected, "{name}");
        }
    }

    #[test]
    fn procedures_without_api_are_daemon_calls_events_or_migration_steps() {
        let syms = public_symbols();
        for &(num, name, api) in REMOTE_PROCEDURE_NAMES.iter().filter(|r| r.2.is_empty()) {
            let event = name.contains("_EVENT_") && !name.starts_with("REMOTE_PROC_CONNECT_DOMAIN_EVENT_")
                || name == "REMOTE_PROC_CONNECT_EVENT_CONNECTION_CLOSED";
            let daemon = name.starts_with("REMOTE_PROC_AUTH_") || name == "REMOTE_PROC_CONNECT_SUPPORTS_FEATURE";
            let migration = name.starts_with("REMOTE_PROC_DOMAIN_MIGRATE_");
            assert!(event || daemon || migration, "{num} {name} {api:?}");
            assert_eq!(internal_api(num).is_some(), migration, "{name}");
            if event {
                assert!(name.contains("_EVENT_"));
                assert_eq!(unsupported_api(num), None, "{name}: libvirtd answers unknown procedure");
            }
        }
        for &(num, internal) in REMOTE_INTERNAL_APIS {
            let (_, name, api) = *lookup(num).unwrap();
            assert_eq!(api, "", "{name}");
            assert_eq!(internal.strip_prefix("vir").unwrap().to_lowercase(), squashed(name));
            assert!(!syms.contains(internal), "{internal} is public");
            assert_eq!(unsupported_api(num), Some(internal));
            assert_eq!(api_error_domain(internal), Domain::VIR_FROM_DOMAIN);
        }
        assert_eq!(REMOTE_INTERNAL_APIS.len(), 18);
        assert_eq!(unsupported_api(166), Some("virDomainMigrateSetMaxDowntime"));
        assert_eq!(unsupported_api(444), None);
        assert_eq!(unsupported_api(0), None);
    }

    #[test]
    fn error_domains_are_those_of_the_exporting_src_api_files() {
        let exports = exports();
        assert!(exports.len() > 400, "found {} exports", exports.len());
        let mut checked = 0;
        for (name, e) in &exports {
            let Some(domain) = &e.domain else { continue };
            assert_eq!(format!("{:?}", api_error_domain(name)), *domain, "{name} in {}", e.file);
            checked += 1;
        }
        assert!(checked > 400, "checked {checked}");
        // Every API of the table is exported, so the check above covered it.
        for &(_, name, api) in REMOTE_PROCEDURE_NAMES.iter().filter(|r| !r.2.is_empty()) {
            let e = exports.get(api).unwrap_or_else(|| panic!("{name}: {api} not exported by src/api"));
            assert!(e.domain.is_some(), "{api}: no error domain found in {}", e.file);
        }
        // Spot checks against libvirt.
        assert_eq!(api_error_domain("virSecretDefineXML"), Domain::VIR_FROM_SECRET);
        assert_eq!(api_error_domain("virNodeSuspendForDuration"), Domain::VIR_FROM_DOMAIN);
        assert_eq!(api_error_domain("virConnectDomainXMLToNative"), Domain::VIR_FROM_DOMAIN);
        assert_eq!(api_error_domain("virConnectListAllNWFilterBindings"), Domain::VIR_FROM_NWFILTER);
        assert_eq!(api_error_domain("virDomainRevertToSnapshot"), Domain::VIR_FROM_DOMAIN_SNAPSHOT);
        assert_eq!(api_error_domain("virConnectOpen"), Domain::VIR_FROM_NONE);
    }

    #[test]
    fn read_only_denied_apis_are_known_and_include_every_writable_export() {
        let known: BTreeSet<&str> = REMOTE_PROCEDURE_NAMES
            .iter()
            .map(|r| r.2)
            .filter(|a| !a.is_empty())
            .chain(REMOTE_INTERNAL_APIS.iter().map(|r| r.1))
            .collect();
        for api in READ_ONLY_DENIED_APIS {
            assert!(known.contains(api), "{api}");
        }
        for (name, e) in exports() {
            if e.writable && known.contains(name.as_str()) {
                assert!(api_denied_read_only(&name), "{name} ({}) checks writable", e.file);
            }
        }
        // The protocol table's read-write calls agree.
        for info in protocol::PROCEDURES.iter().filter(|i| i.kind == protocol::Kind::Call) {
            if lookup(info.num).is_some_and(|r| !r.2.is_empty()) {
                assert_eq!(api_denied_read_only(info.api), info.write, "{}", info.name);
            }
        }
        assert!(api_denied_read_only("virDomainMigrateSetMaxDowntime"));
        assert!(api_denied_read_only("virDomainMigratePrepare3Params"));
        assert!(!api_denied_read_only("virDomainGetBlkioParameters"));
    }
}
