/* The machine's floor for one client: the round-trip time of a 28-byte message (an
 * empty RPC call) between two processes over a UNIX socket pair, and the most
 * lookup+getinfo pairs (two round trips) per second that allows. */
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
int main(void){ int sv[2]; socketpair(AF_UNIX,SOCK_STREAM,0,sv); char b[64]; int n=20000;
 if(fork()==0){ for(int i=0;i<n;i++){ if(read(sv[1],b,28)<=0) return 0; write(sv[1],b,28);} return 0; }
 struct timespec a,z; clock_gettime(CLOCK_MONOTONIC,&a);
 for(int i=0;i<n;i++){ write(sv[0],b,28); read(sv[0],b,28);} clock_gettime(CLOCK_MONOTONIC,&z);
 double us=((z.tv_sec-a.tv_sec)*1e9+(z.tv_nsec-a.tv_nsec))/1e3/n; printf("%.1f %.0f\n", us, 1e6/(2*us)); return 0;}
