/* <bandwidth> of a guest port, with tc through libnl-route. inbound (to the
 * guest): a tbf qdisc at the root of the host end. outbound (from the
 * guest): the host end's ingress traffic is redirected (u32 + mirred) to an
 * ifb device that shapes it with a tbf qdisc of its own; the kernel vigil
 * runs on has no police action, and shaping queues instead of dropping.
 * average and peak are KiB/s, burst KiB (libvirt's units). */
#ifndef VIGIL_SUPERVISOR_PORT_BW_H
#define VIGIL_SUPERVISOR_PORT_BW_H

#include <stddef.h>

struct domain_if;
struct nl_sock;
struct vg_err;

#define PORT_BW_IFNAME_MAX 16	/* IFNAMSIZ */

/* Apply cfg's limits to the host end ifindex. When an ifb is made its name
 * goes to ifb (else ""); it carries alias. On failure nothing is left but
 * qdiscs on the host end, which go with it. */
int port_bw_apply(struct nl_sock *sk, int ifindex, const char *alias,
    const struct domain_if *cfg, char ifb[PORT_BW_IFNAME_MAX],
    struct vg_err *err);

/* Delete the ifb made by port_bw_apply ("" does nothing). */
void port_bw_remove(struct nl_sock *sk, const char *ifb);

/* The tbf parameters for a limit: bytes/s and bucket bytes. */
void port_bw_tbf_params(unsigned long long average_kib,
    unsigned long long burst_kib, unsigned *rate, unsigned *bucket);

#endif
