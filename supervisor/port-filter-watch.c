/* Keeping a port's filter in place, and telling the admin about drops.
 *
 * A NETLINK_NETFILTER socket subscribed to NFNLGRP_NFTABLES hears every
 * nftables change on the host. Deleting the table (nft flush ruleset, a
 * firewall reload), a shared set or map, the base chains, the gate, the
 * root chains of the port's filter or the port's dispatch-map entries
 * schedules a check 100 ms later (changes come in bursts); the check asks
 * the kernel whether those objects are there (port-filter-nl.c) and
 * reinstalls the port's rules, in one transaction, when one is missing.
 * Other ports' changes are not looked at. Not noticed: someone deleting
 * single rules or flushing a chain without deleting it (every install
 * rewrites the shared chains, so rule deletions cannot be told apart).
 *
 * Every 5 s the drop counters are read; the first drops of a kind are
 * logged at once, later ones at most once a minute. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <jansson.h>
#include <net/if.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/port-filter-priv.h"

#define WATCH_DELAY_MS 100
#define POLL_S 5
#define LOG_EVERY_S 60

static const char *const kind_text[] = {
	[NWF_COUNTER_MAC] = "MAC spoofing",
	[NWF_COUNTER_IP] = "IP spoofing",
	[NWF_COUNTER_ARP] = "ARP spoofing",
	[NWF_COUNTER_L2] = "other link-layer traffic",
	[NWF_COUNTER_DHCP] = "DHCP server replies",
	[NWF_COUNTER_OTHER] = "filter rules",
};

static void
schedule(struct port_filter *pf)
{
	struct timeval tv = { 0, WATCH_DELAY_MS * 1000 };

	if (!evtimer_pending(pf->reinstall_ev, NULL))
		evtimer_add(pf->reinstall_ev, &tv);
}

/* The chains the port's frames go through first. */
static bool
is_root_chain(const struct port_filter *pf, const char *name)
{
	size_t n = strlen(pf->rs->hash);

	if (strcmp(name, "prerouting") == 0 ||
	    strcmp(name, "postrouting") == 0 ||
	    strcmp(name, NWF_CHAIN_GATE) == 0)
		return true;
	return strncmp(name, "f/", 2) == 0 &&
	    strncmp(name + 2, pf->rs->hash, n) == 0 &&
	    (strcmp(name + 2 + n, "/out") == 0 ||
	    strcmp(name + 2 + n, "/in") == 0);
}

/* Whether a deleted map element list holds the port's key. */
static bool
elems_hold_port(const struct port_filter *pf, struct nlattr *list)
{
	struct nlattr *e, *tb[NFTA_SET_ELEM_MAX + 1];
	struct nlattr *key[NFTA_DATA_MAX + 1];
	char name[IFNAMSIZ + 1];
	int rem;

	if (list == NULL)
		return true;
	nla_for_each_nested(e, list, rem) {
		if (nla_parse_nested(tb, NFTA_SET_ELEM_MAX, e, NULL) < 0 ||
		    tb[NFTA_SET_ELEM_KEY] == NULL ||
		    nla_parse_nested(key, NFTA_DATA_MAX,
		    tb[NFTA_SET_ELEM_KEY], NULL) < 0 ||
		    key[NFTA_DATA_VALUE] == NULL)
			continue;
		memset(name, 0, sizeof name);
		nla_memcpy(name, key[NFTA_DATA_VALUE], IFNAMSIZ);
		if (strcmp(name, pf->ifname) == 0)
			return true;
	}
	return false;
}

static bool
table_is_ours(struct nlattr *a)
{
	return a != NULL && strcmp(nla_get_string(a), NWF_TABLE) == 0;
}

/* Whether one nftables notification concerns this port's rules. */
static bool
concerns(struct port_filter *pf, struct nlmsghdr *nlh)
{
	struct nlattr *tb[NFTA_SET_ELEM_LIST_MAX + NFTA_CHAIN_MAX +
	    NFTA_SET_MAX + NFTA_TABLE_MAX + 1];
	struct nfgenmsg *g = nlmsg_data(nlh);
	const char *map;

	if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_NFTABLES ||
	    g->nfgen_family != NFPROTO_BRIDGE || pf->rs == NULL)
		return false;
	switch (NFNL_MSG_TYPE(nlh->nlmsg_type)) {
	case NFT_MSG_DELTABLE:
		return nlmsg_parse(nlh, sizeof *g, tb, NFTA_TABLE_MAX,
		    NULL) == 0 && table_is_ours(tb[NFTA_TABLE_NAME]);
	case NFT_MSG_DELCHAIN:
		return nlmsg_parse(nlh, sizeof *g, tb, NFTA_CHAIN_MAX,
		    NULL) == 0 && table_is_ours(tb[NFTA_CHAIN_TABLE]) &&
		    tb[NFTA_CHAIN_NAME] != NULL && is_root_chain(pf,
		    nla_get_string(tb[NFTA_CHAIN_NAME]));
	case NFT_MSG_DELSET:
		return nlmsg_parse(nlh, sizeof *g, tb, NFTA_SET_MAX,
		    NULL) == 0 && table_is_ours(tb[NFTA_SET_TABLE]);
	case NFT_MSG_DELSETELEM:
		if (nlmsg_parse(nlh, sizeof *g, tb, NFTA_SET_ELEM_LIST_MAX,
		    NULL) < 0 || !table_is_ours(tb[NFTA_SET_ELEM_LIST_TABLE]) ||
		    tb[NFTA_SET_ELEM_LIST_SET] == NULL)
			return false;
		map = nla_get_string(tb[NFTA_SET_ELEM_LIST_SET]);
		return (strcmp(map, NWF_MAP_OUT) == 0 ||
		    strcmp(map, NWF_MAP_IN) == 0) &&
		    elems_hold_port(pf, tb[NFTA_SET_ELEM_LIST_ELEMENTS]);
	}
	return false;
}

static int
msg_cb(struct nl_msg *msg, void *arg)
{
	struct port_filter *pf = arg;

	if (concerns(pf, nlmsg_hdr(msg)))
		schedule(pf);
	return NL_OK;
}

static void
nl_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct port_filter *pf = arg;
	int r;

	(void) fd;
	(void) what;
	r = nl_recvmsgs_default(pf->sk);
	/* a lost event (the socket overran) might have been ours */
	if (r < 0 && r != -NLE_AGAIN)
		schedule(pf);
}

/* Whether everything dispatching to the port's rules is in place: the
 * base chains, the gate, the filter's root chains and the port's two map
 * entries. */
static bool
intact(struct port_filter *pf)
{
	const char *chains[] = { "prerouting", "postrouting", NWF_CHAIN_GATE,
	    pf->rs->chains[0], NULL };
	char in[64];
	size_t i;

	snprintf(in, sizeof in, "f/%s/in", pf->rs->hash);
	chains[4] = in;
	if (pf->qsk == NULL && port_filter_nl_open(&pf->qsk) < 0)
		return false;
	for (i = 0; i < sizeof chains / sizeof chains[0]; i++)
		if (port_filter_nl_chain_exists(pf->qsk, chains[i]) != 1)
			return false;
	return port_filter_nl_has_port(pf->qsk, NWF_MAP_OUT, pf->ifname) == 1 &&
	    port_filter_nl_has_port(pf->qsk, NWF_MAP_IN, pf->ifname) == 1;
}

static void
reinstall_cb(evutil_socket_t fd, short what, void *arg)
{
	struct port_filter *pf = arg;
	struct vg_err err;

	(void) fd;
	(void) what;
	if (pf->rs == NULL || intact(pf))
		return;
	if (port_filter_reinstall(pf, &err) < 0) {
		log_err(err.code, "%s; retrying", err.msg);
		schedule(pf);
		return;
	}
	pf->reinstalls++;
	log_warn(0, "port %s: filter %s was removed by someone else; "
	    "reinstalled", pf->ifname, pf->filter);
}

static void
poll_cb(evutil_socket_t fd, short what, void *arg)
{
	struct port_filter *pf = arg;
	struct port_filter_counters c;
	struct vg_err err;
	int64_t now = port_filter_now();
	size_t k;

	(void) fd;
	(void) what;
	if (pf->rs == NULL || port_filter_counters(pf, &c, &err) < 0)
		return;
	for (k = 0; k < NWF_COUNTER_COUNT; k++) {
		if (c.packets[k] <= pf->logged[k])
			continue;
		if (pf->logged[k] != 0 && now - pf->last_log[k] < LOG_EVERY_S)
			continue;
		log_warn(0, "port %s: dropped %llu frame(s) of %s (%llu in "
		    "all)", pf->ifname, (unsigned long long) (c.packets[k] -
		    pf->logged[k]), kind_text[k],
		    (unsigned long long) c.packets[k]);
		pf->logged[k] = c.packets[k];
		pf->last_log[k] = now;
	}
}

int
port_filter_watch_start(struct port_filter *pf, struct vg_err *err)
{
	struct timeval poll = { POLL_S, 0 };
	int r;

	if (pf->base == NULL || pf->sk != NULL)
		return 0;
	pf->sk = nl_socket_alloc();
	if (pf->sk == NULL)
		return vg_err_set(err, -ENOMEM, "port %s: netlink socket",
		    pf->ifname);
	nl_socket_disable_seq_check(pf->sk);
	nl_socket_modify_cb(pf->sk, NL_CB_VALID, NL_CB_CUSTOM, msg_cb, pf);
	r = nl_connect(pf->sk, NETLINK_NETFILTER);
	if (r == 0)
		r = nl_socket_add_membership(pf->sk, NFNLGRP_NFTABLES);
	if (r == 0)
		r = nl_socket_set_nonblocking(pf->sk);
	if (r == 0)
		(void) nl_socket_set_buffer_size(pf->sk, 1 << 20, 0);
	if (r < 0) {
		port_filter_watch_stop(pf);
		return vg_err_set(err, -EIO, "port %s: nftables events: %s",
		    pf->ifname, nl_geterror(r));
	}
	pf->nl_ev = event_new(pf->base, nl_socket_get_fd(pf->sk),
	    EV_READ | EV_PERSIST, nl_read_cb, pf);
	pf->reinstall_ev = evtimer_new(pf->base, reinstall_cb, pf);
	pf->poll_ev = event_new(pf->base, -1, EV_PERSIST, poll_cb, pf);
	if (pf->nl_ev == NULL || pf->reinstall_ev == NULL ||
	    pf->poll_ev == NULL || event_add(pf->nl_ev, NULL) < 0 ||
	    event_add(pf->poll_ev, &poll) < 0) {
		port_filter_watch_stop(pf);
		return vg_err_set(err, -ENOMEM, "port %s: events", pf->ifname);
	}
	/* anything that happened between install and now */
	schedule(pf);
	return 0;
}

unsigned
port_filter_reinstalls(const struct port_filter *pf)
{
	return pf->reinstalls;
}

void
port_filter_watch_stop(struct port_filter *pf)
{
	if (pf->nl_ev != NULL)
		event_free(pf->nl_ev);
	if (pf->reinstall_ev != NULL)
		event_free(pf->reinstall_ev);
	if (pf->poll_ev != NULL)
		event_free(pf->poll_ev);
	pf->nl_ev = pf->reinstall_ev = pf->poll_ev = NULL;
	if (pf->sk != NULL)
		nl_socket_free(pf->sk);
	pf->sk = NULL;
}
