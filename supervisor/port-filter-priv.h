/* Shared by port-filter.c (rules, addresses, counters) and
 * port-filter-watch.c (netlink events, drop logging); nobody else. */
#ifndef VIGIL_SUPERVISOR_PORT_FILTER_PRIV_H
#define VIGIL_SUPERVISOR_PORT_FILTER_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "supervisor/port-filter.h"

struct event;
struct nft_ctx;
struct vg_err;
struct nl_sock;

struct pf_learned {
	struct addr_ip ip;
	int64_t expires;		/* CLOCK_MONOTONIC seconds; 0: never */
};

struct port_filter {
	struct event_base *base;
	char *guest;
	char *ifname;
	char *filter;
	char *root;
	uint8_t mac[6];
	struct config_param *params;
	size_t nparams;
	struct addr_ip *dhcp;
	size_t ndhcp;

	struct nft_ctx *nft;
	struct nwf_ruleset *rs;		/* what is installed; NULL: nothing */
	struct pf_learned *learned;
	size_t nlearned;

	/* port-filter-watch.c */
	struct nl_sock *sk;
	struct event *nl_ev;
	struct event *reinstall_ev;	/* deferred: events come in bursts */
	struct event *poll_ev;		/* drop counters */
	uint64_t logged[NWF_COUNTER_COUNT];	/* drops already reported */
	int64_t last_log[NWF_COUNTER_COUNT];	/* monotonic seconds */
	unsigned reinstalls;
};

/* Install pf->rs's successor from scratch (after the ruleset was flushed):
 * compile again, and one transaction with the table, the rules and the
 * learned addresses. */
int port_filter_reinstall(struct port_filter *pf, struct vg_err *err);

/* An nft context with buffered output and errors. */
struct nft_ctx *port_filter_nft_new(void);
/* Run script as one transaction. Fails with err holding the first error
 * (its errno as the code) and the script line it is about. */
int port_filter_run(struct nft_ctx *nft, const char *ifname,
    const char *script, struct vg_err *err);
/* Remove port ifname's objects: the chains named, its sets, counters and
 * map entries (creating the table and maps first when missing). */
int port_filter_remove_objects(struct nft_ctx *nft, const char *ifname,
    char *const *chains, size_t nchains, struct vg_err *err);

/* CLOCK_MONOTONIC in seconds. */
int64_t port_filter_now(void);

#endif
