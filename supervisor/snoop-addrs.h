/* The addresses one snooper has learned: at most SNOOP_MAX_ADDRS, each with
 * an evtimer for the end of its lease, DHCP ones mirrored in the guest's
 * lease store (saved at most once a second). It calls the owner's
 * callbacks and logs each change. Embedded in struct snoop. */
#ifndef VIGIL_SNOOP_ADDRS_H
#define VIGIL_SNOOP_ADDRS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "supervisor/snoop.h"

struct event;
struct snoop_addrs;

struct snoop_addr {
	struct snoop_addrs *owner;
	bool used;
	struct addr_ip ip;
	enum snoop_source source;
	int64_t expires;	/* seconds since the epoch; 0 = never */
	struct event *timer;
};

struct snoop_addrs {
	struct event_base *base;
	const char *ifname;		/* borrowed from the snooper */
	uint8_t mac[6];
	struct snoop_ops ops;
	void *arg;
	struct leases *store;		/* borrowed; NULL = not kept */
	char *store_path;
	struct event *save_ev;		/* a deferred save */
	int64_t last_save_ms;		/* monotonic */
	bool dirty;
	struct snoop_stats *stats;	/* borrowed: learned/forgotten/full */
	struct snoop_addr a[SNOOP_MAX_ADDRS];
};

void snoop_addrs_init(struct snoop_addrs *t, struct event_base *base,
    const struct snoop_config *cfg, const char *ifname,
    struct snoop_stats *stats);
/* Cancels the timers and writes a pending save; calls no callback. */
void snoop_addrs_stop(struct snoop_addrs *t);
void snoop_addrs_done(struct snoop_addrs *t);

/* ip is the guest's for lease seconds (SNOOP_LEASE_INFINITE: no end).
 * Returns 1 when new, 0 when renewed, -ENOSPC when SNOOP_MAX_ADDRS are
 * already known, or learned_cb's error. */
int snoop_addrs_learn(struct snoop_addrs *t, const struct addr_ip *ip,
    uint32_t lease, enum snoop_source source);

/* Forget ip (why is logged); returns 1 when it was known, else 0. */
int snoop_addrs_forget(struct snoop_addrs *t, const struct addr_ip *ip,
    const char *why);
/* Forget every DHCP-learned address of family; returns how many. */
int snoop_addrs_forget_dhcp(struct snoop_addrs *t, int family,
    const char *why);

/* Re-learn the unexpired stored leases of this MAC. */
void snoop_addrs_restore(struct snoop_addrs *t);

size_t snoop_addrs_count(const struct snoop_addrs *t);

/* [{"ip", "source", "expires", "remaining"}, ...] */
json_t *snoop_addrs_json(const struct snoop_addrs *t);

#endif
