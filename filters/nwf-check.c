/* Rule-level checks shared by the parser and the compiler. */
#include <errno.h>
#include <string.h>

#include "filters/nwf-check.h"

int
nwf_check_chain(enum nwf_chain_kind kind, enum nwf_proto proto,
    const char **why)
{
	static const char *const sees[] = {
		[NWF_CHAIN_VLAN] = "never matches: the chain only sees "
		    "VLAN-tagged frames",
		[NWF_CHAIN_STP] = "never matches: the chain only sees STP "
		    "frames",
		[NWF_CHAIN_ARP] = "never matches: the chain only sees ARP "
		    "frames",
		[NWF_CHAIN_RARP] = "never matches: the chain only sees RARP "
		    "frames",
		[NWF_CHAIN_IPV4] = "never matches: the chain only sees IPv4 "
		    "frames",
		[NWF_CHAIN_IPV6] = "never matches: the chain only sees IPv6 "
		    "frames",
	};
	enum nwf_proto own;

	if (kind == NWF_CHAIN_ROOT || kind == NWF_CHAIN_MAC ||
	    proto == NWF_PROTO_NONE || proto == NWF_PROTO_MAC ||
	    proto >= NWF_PROTO_TCP)
		return 0;
	switch (kind) {
	case NWF_CHAIN_VLAN:
		own = NWF_PROTO_VLAN;
		break;
	case NWF_CHAIN_STP:
		own = NWF_PROTO_STP;
		break;
	case NWF_CHAIN_ARP:
		own = NWF_PROTO_ARP;
		break;
	case NWF_CHAIN_RARP:
		own = NWF_PROTO_RARP;
		break;
	case NWF_CHAIN_IPV4:
		own = NWF_PROTO_IP;
		break;
	case NWF_CHAIN_IPV6:
		own = NWF_PROTO_IPV6;
		break;
	default:
		return 0;
	}
	if (proto == own)
		return 0;
	*why = sees[kind];
	return -EINVAL;
}

struct pair {
	enum nwf_attr_id dep;
	enum nwf_attr_id needs;
	const char *why;
};

static const struct pair pairs[] = {
	{ NWF_A_SRCMACMASK, NWF_A_SRCMACADDR, "srcmacmask needs srcmacaddr" },
	{ NWF_A_DSTMACMASK, NWF_A_DSTMACADDR, "dstmacmask needs dstmacaddr" },
	{ NWF_A_ARPSRCIPMASK, NWF_A_ARPSRCIPADDR,
	    "arpsrcipmask needs arpsrcipaddr" },
	{ NWF_A_ARPDSTIPMASK, NWF_A_ARPDSTIPADDR,
	    "arpdstipmask needs arpdstipaddr" },
	{ NWF_A_SRCIPMASK, NWF_A_SRCIPADDR, "srcipmask needs srcipaddr" },
	{ NWF_A_DSTIPMASK, NWF_A_DSTIPADDR, "dstipmask needs dstipaddr" },
	{ NWF_A_SRCIPTO, NWF_A_SRCIPFROM, "srcipto needs srcipfrom" },
	{ NWF_A_SRCIPFROM, NWF_A_SRCIPTO, "srcipfrom needs srcipto" },
	{ NWF_A_DSTIPTO, NWF_A_DSTIPFROM, "dstipto needs dstipfrom" },
	{ NWF_A_DSTIPFROM, NWF_A_DSTIPTO, "dstipfrom needs dstipto" },
	{ NWF_A_SRCPORTEND, NWF_A_SRCPORTSTART,
	    "srcportend needs srcportstart" },
	{ NWF_A_DSTPORTEND, NWF_A_DSTPORTSTART,
	    "dstportend needs dstportstart" },
	{ NWF_A_TYPEEND, NWF_A_TYPE, "typeend needs type" },
	{ NWF_A_CODE, NWF_A_TYPE, "code needs type" },
	{ NWF_A_CODEEND, NWF_A_CODE, "codeend needs code" },
	{ NWF_A_ROOT_PRIO_HI, NWF_A_ROOT_PRIO,
	    "root-priority-hi needs root-priority" },
	{ NWF_A_ROOT_ADDR_MASK, NWF_A_ROOT_ADDR,
	    "root-address-mask needs root-address" },
	{ NWF_A_ROOT_COST_HI, NWF_A_ROOT_COST,
	    "root-cost-hi needs root-cost" },
	{ NWF_A_SENDER_PRIO_HI, NWF_A_SENDER_PRIO,
	    "sender-priority-hi needs sender-priority" },
	{ NWF_A_SENDER_ADDR_MASK, NWF_A_SENDER_ADDR,
	    "sender-address-mask needs sender-address" },
	{ NWF_A_PORT_HI, NWF_A_PORT, "port-hi needs port" },
	{ NWF_A_AGE_HI, NWF_A_AGE, "age-hi needs age" },
	{ NWF_A_MAX_AGE_HI, NWF_A_MAX_AGE, "max-age-hi needs max-age" },
	{ NWF_A_HELLO_HI, NWF_A_HELLO, "hello-time-hi needs hello-time" },
	{ NWF_A_FWD_DELAY_HI, NWF_A_FWD_DELAY,
	    "forward-delay-hi needs forward-delay" },
	{ NWF_A_IPSETFLAGS, NWF_A_IPSET, "ipsetflags needs ipset" },
};

/* Ranges whose end must not be below their start. */
static const struct pair ranges[] = {
	{ NWF_A_SRCPORTEND, NWF_A_SRCPORTSTART,
	    "srcportend is below srcportstart" },
	{ NWF_A_DSTPORTEND, NWF_A_DSTPORTSTART,
	    "dstportend is below dstportstart" },
	{ NWF_A_TYPEEND, NWF_A_TYPE, "typeend is below type" },
	{ NWF_A_CODEEND, NWF_A_CODE, "codeend is below code" },
	{ NWF_A_ROOT_PRIO_HI, NWF_A_ROOT_PRIO,
	    "root-priority-hi is below root-priority" },
	{ NWF_A_ROOT_COST_HI, NWF_A_ROOT_COST,
	    "root-cost-hi is below root-cost" },
	{ NWF_A_SENDER_PRIO_HI, NWF_A_SENDER_PRIO,
	    "sender-priority-hi is below sender-priority" },
	{ NWF_A_PORT_HI, NWF_A_PORT, "port-hi is below port" },
	{ NWF_A_AGE_HI, NWF_A_AGE, "age-hi is below age" },
	{ NWF_A_MAX_AGE_HI, NWF_A_MAX_AGE, "max-age-hi is below max-age" },
	{ NWF_A_HELLO_HI, NWF_A_HELLO, "hello-time-hi is below hello-time" },
	{ NWF_A_FWD_DELAY_HI, NWF_A_FWD_DELAY,
	    "forward-delay-hi is below forward-delay" },
};

static int
ip_cmp(const struct nwf_val *a, const struct nwf_val *b)
{
	size_t n = a->ip.family == AF_INET ? 4 : 16;

	return memcmp(&a->ip.u, &b->ip.u, n);
}

/* The value of a, or -1 when absent or not known yet. */
static long
num(const struct nwf_check_in *in, enum nwf_attr_id a)
{
	return in->present[a] && in->vals[a] != NULL ?
	    (long) in->vals[a]->u : -1;
}

static int
check_ip_element(const struct nwf_check_in *in, const char **why)
{
	bool ports = in->present[NWF_A_SRCPORTSTART] ||
	    in->present[NWF_A_DSTPORTSTART];
	bool proto = in->present[NWF_A_PROTOCOL];
	long p = num(in, NWF_A_PROTOCOL), t = num(in, NWF_A_TYPE);

	if (ports && (!proto || (p >= 0 && p != 6 && p != 17 && p != 33 &&
	    p != 132))) {
		*why = "ports need protocol tcp, udp, dccp (33) or sctp";
		return -EINVAL;
	}
	if (in->present[NWF_A_TYPE] && (!proto || (p >= 0 && p != 58))) {
		*why = "type and code need protocol='icmpv6'";
		return -EINVAL;
	}
	if (in->present[NWF_A_DHCPCHADDR] && (!proto || (p >= 0 && p != 17))) {
		*why = "dhcpchaddr needs protocol='udp'";
		return -EINVAL;
	}
	if (in->present[NWF_A_NDTARGET] && (!proto || (p >= 0 && p != 58) ||
	    !in->present[NWF_A_TYPE] || in->present[NWF_A_TYPEEND] ||
	    (t >= 0 && t != 135 && t != 136))) {
		*why = "ndtarget needs protocol='icmpv6' and type 135 "
		    "(solicitation) or 136 (advertisement)";
		return -EINVAL;
	}
	return 0;
}

static int
check_gratuitous(const struct nwf_check_in *in, const char **why)
{
	const struct nwf_val *g = in->vals[NWF_A_GRATUITOUS];
	bool src = in->present[NWF_A_ARPSRCIPADDR];
	bool dst = in->present[NWF_A_ARPDSTIPADDR];

	if (!in->present[NWF_A_GRATUITOUS])
		return 0;
	/* nftables cannot compare two header fields with each other, so a
	 * gratuitous ARP (sender IP == target IP) is matched by giving both
	 * fields the one address the rule names. */
	if (src == dst || in->present[NWF_A_ARPSRCIPMASK] ||
	    in->present[NWF_A_ARPDSTIPMASK]) {
		*why = "gratuitous needs exactly one of arpsrcipaddr and "
		    "arpdstipaddr, without a mask (vigil matches both "
		    "fields against it)";
		return -EINVAL;
	}
	if ((g != NULL && g->u == 0) || in->neg) {
		*why = "gratuitous='false' or with match='no' cannot be "
		    "expressed in nftables";
		return -EINVAL;
	}
	return 0;
}

int
nwf_check_combo(const struct nwf_check_in *in, const char **why)
{
	const struct nwf_val *a, *b;
	size_t i;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (in->present[pairs[i].dep] && !in->present[pairs[i].needs]) {
			*why = pairs[i].why;
			return -EINVAL;
		}
	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		a = in->vals[ranges[i].dep];
		b = in->vals[ranges[i].needs];
		if (in->present[ranges[i].dep] && a != NULL && b != NULL &&
		    a->u < b->u) {
			*why = ranges[i].why;
			return -EINVAL;
		}
	}
	a = in->vals[NWF_A_SRCIPFROM];
	b = in->vals[NWF_A_SRCIPTO];
	if (a != NULL && b != NULL && ip_cmp(b, a) < 0) {
		*why = "srcipto is below srcipfrom";
		return -EINVAL;
	}
	a = in->vals[NWF_A_DSTIPFROM];
	b = in->vals[NWF_A_DSTIPTO];
	if (a != NULL && b != NULL && ip_cmp(b, a) < 0) {
		*why = "dstipto is below dstipfrom";
		return -EINVAL;
	}
	if (in->present[NWF_A_STATE] || in->present[NWF_A_CONNLIMIT]) {
		*why = in->present[NWF_A_STATE] ? "state: connection tracking "
		    "is not available to vigil's bridge filters" :
		    "connlimit-above: connection tracking is not available to "
		    "vigil's bridge filters";
		return -EINVAL;
	}
	if (in->present[NWF_A_IPSET]) {
		*why = "ipset: ipsets are not available to nftables";
		return -EINVAL;
	}
	if (in->proto == NWF_PROTO_IP || in->proto == NWF_PROTO_IPV6)
		return check_ip_element(in, why);
	if (in->proto == NWF_PROTO_ARP || in->proto == NWF_PROTO_RARP)
		return check_gratuitous(in, why);
	return 0;
}

int
nwf_check_rule_literals(const struct nwf_rule *rule, const char **why)
{
	struct nwf_val vals[NWF_A_COUNT];
	struct nwf_check_in in;
	const char *unused;
	size_t i;

	memset(&in, 0, sizeof in);
	in.proto = rule->proto;
	for (i = 0; i < rule->nattrs; i++)
		in.neg = in.neg || rule->attrs[i].neg;
	for (i = 0; i < rule->nattrs; i++) {
		const struct nwf_attr *a = &rule->attrs[i];

		in.present[a->id] = true;
		if (a->value != NULL && nwf_value_parse(a->vtype, a->value,
		    &vals[a->id], &unused) == 0)
			in.vals[a->id] = &vals[a->id];
	}
	return nwf_check_combo(&in, why);
}
