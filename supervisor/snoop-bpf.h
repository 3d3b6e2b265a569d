/* The classic BPF program of a snooper's packet socket: the kernel passes
 * only frames the snooper may use, so a flood of other traffic costs it
 * nothing. */
#ifndef VIGIL_SNOOP_BPF_H
#define VIGIL_SNOOP_BPF_H

#include <stdbool.h>

/* Attach (or replace) the filter on packet socket fd. It accepts, with up
 * to two VLAN tags and IPv4 fragments refused:
 *   leaving the port (to the guest): UDP to port 68 (IPv4) or 546 (IPv6);
 *   entering it (from the guest): UDP to port 67 or 547, and with any also
 *   every ARP and IPv4 frame (first-packet learning).
 * Returns 0 or -errno. */
int snoop_bpf_attach(int fd, bool any);

#endif
