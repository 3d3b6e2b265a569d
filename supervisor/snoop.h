/* The DHCP snooper of one guest port: a packet socket on the host end of the
 * port, an event on the supervisor's loop. It learns the guest's addresses
 * from DHCPACKs and DHCPv6 REPLYs that trusted servers send toward the guest
 * (to its MAC), forgets them on NAK, on the guest's RELEASE or DECLINE and
 * when their lease ends, and tells its owner through two callbacks, which
 * the port-filter code maps to nftables set elements. With learning "any"
 * it also takes the guest's first ARP or IPv4 source address while it knows
 * none. At most SNOOP_MAX_ADDRS addresses and SNOOP_RATE frames a second. */
#ifndef VIGIL_SNOOP_H
#define VIGIL_SNOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/addr.h"

struct event_base;
struct leases;
struct snoop;
struct vg_err;

#define SNOOP_MAX_ADDRS 8	/* learned addresses per port */
#define SNOOP_MAX_TRUSTED 8	/* trusted DHCP server addresses */
#define SNOOP_RATE 100		/* frames processed per second per port */
#define SNOOP_LEASE_INFINITE UINT32_MAX

/* CTRL_IP_LEARNING */
enum snoop_mode {
	SNOOP_LEARN_NONE,	/* explicit IP parameters only: no snooper */
	SNOOP_LEARN_DHCP,	/* trusted DHCP replies */
	SNOOP_LEARN_ANY,	/* DHCP, else the guest's first ARP/IPv4 */
};

enum snoop_source {
	SNOOP_SRC_DHCP,		/* a DHCPACK or DHCPv6 REPLY (stored) */
	SNOOP_SRC_PACKET,	/* first-packet learning (not stored) */
};

struct snoop_ops {
	/* ip may now be used by the guest for lease seconds
	 * (SNOOP_LEASE_INFINITE: no end). Called again for an address already
	 * learned when its lease is renewed. A negative return means it could
	 * not be allowed: the snooper then does not keep it. */
	int (*learned_cb)(const struct addr_ip *ip, uint32_t lease,
	    void *arg);
	/* ip is no longer the guest's (NAK, release, decline, expiry). The
	 * set element may already have timed out by itself. */
	void (*forgotten_cb)(const struct addr_ip *ip, void *arg);
};

struct snoop_config {
	const char *ifname;		/* host end of the port (copied) */
	int ifindex;
	uint8_t mac[6];			/* the guest's MAC on this port */
	enum snoop_mode mode;
	/* Servers whose replies count: $DHCPSERVER, else the network's own
	 * addresses (for DHCPv6 include the bridge's link-local address,
	 * which dnsmasq replies from). Copied; none means nothing is
	 * learned from DHCP. */
	const struct addr_ip *trusted;
	size_t ntrusted;
	/* The guest's lease store (shared by its ports; borrowed) and the
	 * file it is saved to (copied). NULL: nothing is kept. */
	struct leases *leases;
	const char *leases_path;
	struct snoop_ops ops;
	void *arg;			/* passed to the callbacks */
};

struct snoop_stats {
	uint64_t frames;	/* read from the socket */
	uint64_t rate_dropped;	/* over SNOOP_RATE, not looked at */
	uint64_t malformed;	/* refused by the parser */
	uint64_t untrusted;	/* replies from untrusted servers or from the
				 * guest's side */
	uint64_t ignored;	/* well formed, nothing to learn */
	uint64_t full;		/* new addresses refused: SNOOP_MAX_ADDRS */
	uint64_t learned;	/* learned or renewed */
	uint64_t forgotten;
	uint64_t kernel_drops;	/* the socket's receive queue overflowed */
};

/* "any", "dhcp" or "none" (CTRL_IP_LEARNING); returns 0 or -EINVAL. */
int snoop_mode_parse(const char *s, enum snoop_mode *out);
const char *snoop_mode_name(enum snoop_mode m);

/* A snooper for cfg (not yet reading). */
struct snoop *snoop_new(struct event_base *base,
    const struct snoop_config *cfg);

/* Open the socket with its filter, bound to the port, and add its event;
 * then re-install (through learned_cb) the port's unexpired stored leases.
 * Call it before the port comes up. Mode "none" opens nothing. Returns 0 or
 * -errno with err set. */
int snoop_start(struct snoop *s, struct vg_err *err);

/* Close the socket and stop the timers, writing pending lease changes.
 * Calls no callback: the port and its filter are going away, and the
 * leases stay stored for the next start. */
void snoop_stop(struct snoop *s);

/* Stops it first if needed; NULL does nothing. */
void snoop_free(struct snoop *s);

const struct snoop_stats *snoop_get_stats(struct snoop *s);
/* Number of addresses learned now. */
size_t snoop_count(const struct snoop *s);

/* Fill obj with "learning" (mode), "addresses" (a list of {"ip", "source",
 * "expires" (seconds since the epoch, absent when never), "remaining"
 * (seconds)}) and "snoop" (the counters). */
void snoop_info(struct snoop *s, json_t *obj);

#endif
