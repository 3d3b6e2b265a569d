/* Three read-only questions to the kernel's nf_tables, asked directly over
 * netlink (libnl messages) instead of through libnftables: is a chain
 * there, does a map have the port's entry, what do the port's drop
 * counters say.
 *
 * Why not libnftables: before any command it fetches the table's objects
 * into its cache, and for a "get element" or a "list" that means every
 * element of every set, or every rule: with a thousand ports present that
 * took 0.2 s (get element) to 6 s (list counter) per question, while these
 * requests name one object and cost tens of microseconds whatever the
 * number of ports. Only requests are built here (table, set or chain
 * names and a key); nothing that changes the ruleset goes this way. */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "filters/nwf-compile.h"
#include "supervisor/port-filter-priv.h"

#define DROPS_KEY_LEN (IFNAMSIZ + 4)	/* iifname . meta mark */

int
port_filter_nl_open(struct nl_sock **out)
{
	struct nl_sock *sk = nl_socket_alloc();
	int r;

	*out = NULL;
	if (sk == NULL)
		return -ENOMEM;
	r = nl_connect(sk, NETLINK_NETFILTER);
	if (r < 0) {
		nl_socket_free(sk);
		return -EIO;
	}
	*out = sk;
	return 0;
}

static struct nl_msg *
request(int type)
{
	struct nfgenmsg g = {
		.nfgen_family = NFPROTO_BRIDGE,
		.version = NFNETLINK_V0,
	};
	struct nl_msg *m = nlmsg_alloc_simple(NFNL_SUBSYS_NFTABLES << 8 |
	    type, NLM_F_REQUEST | NLM_F_ACK);

	if (m == NULL || nlmsg_append(m, &g, sizeof g, NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

struct reply {
	int error;
	bool done;
	int (*fn)(struct nlmsghdr *nlh, void *arg);
	void *arg;
};

static int
valid_cb(struct nl_msg *msg, void *arg)
{
	struct reply *rp = arg;

	if (rp->fn != NULL)
		(void) rp->fn(nlmsg_hdr(msg), rp->arg);
	return NL_OK;
}

static int
ack_cb(struct nl_msg *msg, void *arg)
{
	struct reply *rp = arg;

	(void) msg;
	rp->done = true;
	return NL_STOP;
}

static int
err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct reply *rp = arg;

	(void) nla;
	rp->error = e->error;
	rp->done = true;
	return NL_STOP;
}

/* Send m (taken) and hand each reply to fn until the kernel's ack. */
static int
ask(struct nl_sock *sk, struct nl_msg *m,
    int (*fn)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	struct reply rp = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int r;

	if (m == NULL)
		return -ENOMEM;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (cb == NULL) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &rp);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &rp);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &rp);
	r = nl_send_auto(sk, m);
	nlmsg_free(m);
	while (r >= 0 && !rp.done)
		r = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (r < 0 && !rp.done)
		return -EIO;
	return rp.error;
}

int
port_filter_nl_chain_exists(struct nl_sock *sk, const char *name)
{
	struct nl_msg *m = request(NFT_MSG_GETCHAIN);
	int r;

	if (m != NULL && (nla_put_string(m, NFTA_CHAIN_TABLE, NWF_TABLE) < 0 ||
	    nla_put_string(m, NFTA_CHAIN_NAME, name) < 0)) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	r = ask(sk, m, NULL, NULL);
	return r == 0 ? 1 : r == -ENOENT ? 0 : r;
}

/* A GETSETELEM of set for the keys given (each klen bytes). */
static struct nl_msg *
elems_request(const char *set, const unsigned char *keys, size_t klen,
    size_t n)
{
	struct nl_msg *m = request(NFT_MSG_GETSETELEM);
	struct nlattr *list, *e, *key;
	size_t i;

	if (m == NULL || nla_put_string(m, NFTA_SET_ELEM_LIST_TABLE,
	    NWF_TABLE) < 0 || nla_put_string(m, NFTA_SET_ELEM_LIST_SET,
	    set) < 0 ||
	    (list = nla_nest_start(m, NFTA_SET_ELEM_LIST_ELEMENTS)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		e = nla_nest_start(m, NFTA_LIST_ELEM);
		key = e != NULL ? nla_nest_start(m, NFTA_SET_ELEM_KEY) : NULL;
		if (key == NULL || nla_put(m, NFTA_DATA_VALUE, (int) klen,
		    keys + i * klen) < 0)
			goto fail;
		nla_nest_end(m, key);
		nla_nest_end(m, e);
	}
	nla_nest_end(m, list);
	return m;
fail:
	nlmsg_free(m);
	return NULL;
}

int
port_filter_nl_has_port(struct nl_sock *sk, const char *map,
    const char *ifname)
{
	unsigned char key[IFNAMSIZ];
	int r;

	memset(key, 0, sizeof key);
	strncpy((char *) key, ifname, IFNAMSIZ - 1);
	r = ask(sk, elems_request(map, key, sizeof key, 1), NULL, NULL);
	return r == 0 ? 1 : r == -ENOENT ? 0 : r;
}

/* One counter expression: NFTA_EXPR_NAME "counter", NFTA_EXPR_DATA. */
static void
counter_of(struct nlattr *expr, uint64_t *packets, uint64_t *bytes)
{
	struct nlattr *tb[NFTA_EXPR_MAX + 1], *c[NFTA_COUNTER_MAX + 1];

	if (nla_parse_nested(tb, NFTA_EXPR_MAX, expr, NULL) < 0 ||
	    tb[NFTA_EXPR_NAME] == NULL || tb[NFTA_EXPR_DATA] == NULL ||
	    strcmp(nla_get_string(tb[NFTA_EXPR_NAME]), "counter") != 0 ||
	    nla_parse_nested(c, NFTA_COUNTER_MAX, tb[NFTA_EXPR_DATA],
	    NULL) < 0)
		return;
	if (c[NFTA_COUNTER_PACKETS] != NULL)
		*packets = be64toh(nla_get_u64(c[NFTA_COUNTER_PACKETS]));
	if (c[NFTA_COUNTER_BYTES] != NULL)
		*bytes = be64toh(nla_get_u64(c[NFTA_COUNTER_BYTES]));
}

static void
drops_elem(struct nlattr *elem, struct port_filter_counters *out)
{
	struct nlattr *tb[NFTA_SET_ELEM_MAX + 1], *key[NFTA_DATA_MAX + 1];
	struct nlattr *x;
	uint64_t packets = 0, bytes = 0;
	uint32_t kind;
	int rem;

	if (nla_parse_nested(tb, NFTA_SET_ELEM_MAX, elem, NULL) < 0 ||
	    tb[NFTA_SET_ELEM_KEY] == NULL ||
	    nla_parse_nested(key, NFTA_DATA_MAX, tb[NFTA_SET_ELEM_KEY],
	    NULL) < 0 || key[NFTA_DATA_VALUE] == NULL ||
	    nla_len(key[NFTA_DATA_VALUE]) != DROPS_KEY_LEN)
		return;
	memcpy(&kind, (const char *) nla_data(key[NFTA_DATA_VALUE]) +
	    IFNAMSIZ, sizeof kind);
	if (tb[NFTA_SET_ELEM_EXPR] != NULL)
		counter_of(tb[NFTA_SET_ELEM_EXPR], &packets, &bytes);
	if (tb[NFTA_SET_ELEM_EXPRESSIONS] != NULL)
		nla_for_each_nested(x, tb[NFTA_SET_ELEM_EXPRESSIONS], rem)
			counter_of(x, &packets, &bytes);
	if (kind >= 1 && kind <= NWF_COUNTER_COUNT) {
		out->packets[kind - 1] = packets;
		out->bytes[kind - 1] = bytes;
	}
}

static int
drops_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[NFTA_SET_ELEM_LIST_MAX + 1], *e;
	int rem;

	if (nlmsg_parse(nlh, sizeof(struct nfgenmsg), tb,
	    NFTA_SET_ELEM_LIST_MAX, NULL) < 0 ||
	    tb[NFTA_SET_ELEM_LIST_ELEMENTS] == NULL)
		return 0;
	nla_for_each_nested(e, tb[NFTA_SET_ELEM_LIST_ELEMENTS], rem)
		drops_elem(e, arg);
	return 0;
}

int
port_filter_nl_drops(struct nl_sock *sk, const char *ifname,
    struct port_filter_counters *out)
{
	unsigned char keys[NWF_COUNTER_COUNT][DROPS_KEY_LEN];
	uint32_t kind;
	size_t k;

	memset(out, 0, sizeof *out);
	memset(keys, 0, sizeof keys);
	for (k = 0; k < NWF_COUNTER_COUNT; k++) {
		strncpy((char *) keys[k], ifname, IFNAMSIZ - 1);
		/* meta mark: host byte order */
		kind = nwf_counter_key(k);
		memcpy(keys[k] + IFNAMSIZ, &kind, sizeof kind);
	}
	return ask(sk, elems_request(NWF_SET_DROPS, keys[0], DROPS_KEY_LEN,
	    NWF_COUNTER_COUNT), drops_cb, out);
}
