/* Prints the layout of every public struct of libvirt's headers, one fact a line:
 *   <type> size <n> / <type> align <n> / <type>.<field> <offset>
 * Built against Debian's <libvirt/libvirt.h>, its output is what src/abi/layout_tests.rs
 * expects; built against our generated headers, it must print the same. */
#include <stddef.h>
#include <stdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* virError's conn, dom and net are deprecated; their offsets still count. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define SIZE(T) printf("%s size %zu\n%s align %zu\n", #T, sizeof(T), #T, _Alignof(T))
#define FIELD(T, F) printf("%s.%s %zu\n", #T, #F, offsetof(T, F))
#define NESTED_SIZE(NAME, T, F) \
    printf("%s size %zu\n%s align %zu\n", NAME, sizeof(((T *)0)->F), NAME, _Alignof(__typeof__(((T *)0)->F)))
#define NESTED_FIELD(NAME, T, F, G) \
    printf("%s.%s %zu\n", NAME, #G, offsetof(T, F.G) - offsetof(T, F))

int main(void)
{
    SIZE(virError);
    FIELD(virError, code);
    FIELD(virError, domain);
    FIELD(virError, message);
    FIELD(virError, level);
    FIELD(virError, conn);
    FIELD(virError, dom);
    FIELD(virError, str1);
    FIELD(virError, str2);
    FIELD(virError, str3);
    FIELD(virError, int1);
    FIELD(virError, int2);
    FIELD(virError, net);
    NESTED_SIZE("virTypedParameterValue", virTypedParameter, value);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, i);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, ui);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, l);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, ul);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, d);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, b);
    NESTED_FIELD("virTypedParameterValue", virTypedParameter, value, s);
    SIZE(virTypedParameter);
    FIELD(virTypedParameter, field);
    FIELD(virTypedParameter, type);
    FIELD(virTypedParameter, value);
    SIZE(virSecurityLabel);
    FIELD(virSecurityLabel, label);
    FIELD(virSecurityLabel, enforcing);
    SIZE(virSecurityModel);
    FIELD(virSecurityModel, model);
    FIELD(virSecurityModel, doi);
    SIZE(virNodeInfo);
    FIELD(virNodeInfo, model);
    FIELD(virNodeInfo, memory);
    FIELD(virNodeInfo, cpus);
    FIELD(virNodeInfo, mhz);
    FIELD(virNodeInfo, nodes);
    FIELD(virNodeInfo, sockets);
    FIELD(virNodeInfo, cores);
    FIELD(virNodeInfo, threads);
    SIZE(virNodeCPUStats);
    FIELD(virNodeCPUStats, field);
    FIELD(virNodeCPUStats, value);
    SIZE(virNodeMemoryStats);
    FIELD(virNodeMemoryStats, field);
    FIELD(virNodeMemoryStats, value);
    SIZE(virConnectCredential);
    FIELD(virConnectCredential, type);
    FIELD(virConnectCredential, prompt);
    FIELD(virConnectCredential, challenge);
    FIELD(virConnectCredential, defresult);
    FIELD(virConnectCredential, result);
    FIELD(virConnectCredential, resultlen);
    SIZE(virConnectAuth);
    FIELD(virConnectAuth, credtype);
    FIELD(virConnectAuth, ncredtype);
    FIELD(virConnectAuth, cb);
    FIELD(virConnectAuth, cbdata);
    SIZE(virDomainControlInfo);
    FIELD(virDomainControlInfo, state);
    FIELD(virDomainControlInfo, details);
    FIELD(virDomainControlInfo, stateTime);
    SIZE(virDomainInfo);
    FIELD(virDomainInfo, state);
    FIELD(virDomainInfo, maxMem);
    FIELD(virDomainInfo, memory);
    FIELD(virDomainInfo, nrVirtCpu);
    FIELD(virDomainInfo, cpuTime);
    SIZE(virDomainBlockStatsStruct);
    FIELD(virDomainBlockStatsStruct, rd_req);
    FIELD(virDomainBlockStatsStruct, rd_bytes);
    FIELD(virDomainBlockStatsStruct, wr_req);
    FIELD(virDomainBlockStatsStruct, wr_bytes);
    FIELD(virDomainBlockStatsStruct, errs);
    SIZE(virDomainInterfaceStatsStruct);
    FIELD(virDomainInterfaceStatsStruct, rx_bytes);
    FIELD(virDomainInterfaceStatsStruct, rx_packets);
    FIELD(virDomainInterfaceStatsStruct, rx_errs);
    FIELD(virDomainInterfaceStatsStruct, rx_drop);
    FIELD(virDomainInterfaceStatsStruct, tx_bytes);
    FIELD(virDomainInterfaceStatsStruct, tx_packets);
    FIELD(virDomainInterfaceStatsStruct, tx_errs);
    FIELD(virDomainInterfaceStatsStruct, tx_drop);
    SIZE(virDomainMemoryStatStruct);
    FIELD(virDomainMemoryStatStruct, tag);
    FIELD(virDomainMemoryStatStruct, val);
    SIZE(virDomainBlockInfo);
    FIELD(virDomainBlockInfo, capacity);
    FIELD(virDomainBlockInfo, allocation);
    FIELD(virDomainBlockInfo, physical);
    SIZE(virVcpuInfo);
    FIELD(virVcpuInfo, number);
    FIELD(virVcpuInfo, state);
    FIELD(virVcpuInfo, cpuTime);
    FIELD(virVcpuInfo, cpu);
    SIZE(virDomainIOThreadInfo);
    FIELD(virDomainIOThreadInfo, iothread_id);
    FIELD(virDomainIOThreadInfo, cpumap);
    FIELD(virDomainIOThreadInfo, cpumaplen);
    SIZE(virDomainStatsRecord);
    FIELD(virDomainStatsRecord, dom);
    FIELD(virDomainStatsRecord, params);
    FIELD(virDomainStatsRecord, nparams);
    SIZE(virDomainBlockJobInfo);
    FIELD(virDomainBlockJobInfo, type);
    FIELD(virDomainBlockJobInfo, bandwidth);
    FIELD(virDomainBlockJobInfo, cur);
    FIELD(virDomainBlockJobInfo, end);
    SIZE(virDomainDiskError);
    FIELD(virDomainDiskError, disk);
    FIELD(virDomainDiskError, error);
    SIZE(virDomainJobInfo);
    FIELD(virDomainJobInfo, type);
    FIELD(virDomainJobInfo, timeElapsed);
    FIELD(virDomainJobInfo, timeRemaining);
    FIELD(virDomainJobInfo, dataTotal);
    FIELD(virDomainJobInfo, dataProcessed);
    FIELD(virDomainJobInfo, dataRemaining);
    FIELD(virDomainJobInfo, memTotal);
    FIELD(virDomainJobInfo, memProcessed);
    FIELD(virDomainJobInfo, memRemaining);
    FIELD(virDomainJobInfo, fileTotal);
    FIELD(virDomainJobInfo, fileProcessed);
    FIELD(virDomainJobInfo, fileRemaining);
    SIZE(virDomainEventGraphicsAddress);
    FIELD(virDomainEventGraphicsAddress, family);
    FIELD(virDomainEventGraphicsAddress, node);
    FIELD(virDomainEventGraphicsAddress, service);
    SIZE(virDomainEventGraphicsSubjectIdentity);
    FIELD(virDomainEventGraphicsSubjectIdentity, type);
    FIELD(virDomainEventGraphicsSubjectIdentity, name);
    SIZE(virDomainEventGraphicsSubject);
    FIELD(virDomainEventGraphicsSubject, nidentity);
    FIELD(virDomainEventGraphicsSubject, identities);
    SIZE(virDomainFSInfo);
    FIELD(virDomainFSInfo, mountpoint);
    FIELD(virDomainFSInfo, name);
    FIELD(virDomainFSInfo, fstype);
    FIELD(virDomainFSInfo, ndevAlias);
    FIELD(virDomainFSInfo, devAlias);
    SIZE(virDomainIPAddress);
    FIELD(virDomainIPAddress, type);
    FIELD(virDomainIPAddress, addr);
    FIELD(virDomainIPAddress, prefix);
    SIZE(virDomainInterface);
    FIELD(virDomainInterface, name);
    FIELD(virDomainInterface, hwaddr);
    FIELD(virDomainInterface, naddrs);
    FIELD(virDomainInterface, addrs);
    SIZE(virNetworkDHCPLease);
    FIELD(virNetworkDHCPLease, iface);
    FIELD(virNetworkDHCPLease, expirytime);
    FIELD(virNetworkDHCPLease, type);
    FIELD(virNetworkDHCPLease, mac);
    FIELD(virNetworkDHCPLease, iaid);
    FIELD(virNetworkDHCPLease, ipaddr);
    FIELD(virNetworkDHCPLease, prefix);
    FIELD(virNetworkDHCPLease, hostname);
    FIELD(virNetworkDHCPLease, clientid);
    SIZE(virStoragePoolInfo);
    FIELD(virStoragePoolInfo, state);
    FIELD(virStoragePoolInfo, capacity);
    FIELD(virStoragePoolInfo, allocation);
    FIELD(virStoragePoolInfo, available);
    SIZE(virStorageVolInfo);
    FIELD(virStorageVolInfo, type);
    FIELD(virStorageVolInfo, capacity);
    FIELD(virStorageVolInfo, allocation);
    return 0;
}
