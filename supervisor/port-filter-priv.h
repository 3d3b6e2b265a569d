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
	struct nl_sock *qsk;		/* port-filter-nl.c's questions */
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

/* Install again from scratch (after the ruleset was flushed): compile, and
 * one transaction with the table, the rules and the learned addresses. */
int port_filter_reinstall(struct port_filter *pf, struct vg_err *err);

/* An nft context with buffered output and errors. */
struct nft_ctx *port_filter_nft_new(void);
/* Run script as one transaction. Fails with err holding the first error
 * (its errno as the code) and the script line it is about. */
int port_filter_run(struct nft_ctx *nft, const char *ifname,
    const char *script, struct vg_err *err);
/* Delete a compiled filter's chains unless a port still uses them;
 * returns 1 when deleted, 0 when in use, -errno. */
int port_filter_gc(struct nft_ctx *nft, char *const *chains, size_t n);

/* port-filter-nl.c: a query socket; whether chain name is in the table;
 * whether map has port ifname's entry (1 yes, 0 no, or -errno); the port's
 * drop counters. */
int port_filter_nl_open(struct nl_sock **out);
int port_filter_nl_chain_exists(struct nl_sock *sk, const char *name);
int port_filter_nl_has_port(struct nl_sock *sk, const char *map,
    const char *ifname);
int port_filter_nl_drops(struct nl_sock *sk, const char *ifname,
    struct port_filter_counters *out);

/* CLOCK_MONOTONIC in seconds. */
int64_t port_filter_now(void);

#endif
