/* The snooper's trust rules: which frames teach or take back an address.
 * Replies count only leaving the port toward the guest, from a trusted
 * server, for the guest's MAC; the guest's own RELEASE/DECLINE (and the
 * server's NAK) take addresses back; with "any" the guest's first ARP or
 * IPv4 source is taken while nothing is known. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "common/log.h"
#include "supervisor/dhcp.h"
#include "supervisor/snoop-bpf.h"
#include "supervisor/snoop-priv.h"

static bool
trusted(const struct snoop *s, const struct addr_ip *ip)
{
	size_t i;

	for (i = 0; i < s->ntrusted; i++)
		if (addr_ip_equal(&s->trusted[i], ip))
			return true;
	return false;
}

/* Addresses never learned: unspecified, broadcast, loopback, multicast,
 * link-local, and the trusted servers' own (the gateway). */
static bool
learnable(const struct snoop *s, const struct addr_ip *ip)
{
	uint32_t h;

	if (ip->family == AF_INET) {
		h = ntohl(ip->u.v4.s_addr);
		if (h == 0 || h == 0xffffffff || h >> 24 == 127 ||
		    h >> 28 == 0xe || h >> 16 == 0xa9fe)
			return false;
	} else if (IN6_IS_ADDR_UNSPECIFIED(&ip->u.v6) ||
	    IN6_IS_ADDR_LOOPBACK(&ip->u.v6) ||
	    IN6_IS_ADDR_MULTICAST(&ip->u.v6) ||
	    IN6_IS_ADDR_LINKLOCAL(&ip->u.v6)) {
		return false;
	}
	return !trusted(s, ip);
}

void
snoop_rules_update_filter(struct snoop *s)
{
	bool want = s->mode == SNOOP_LEARN_ANY &&
	    snoop_addrs_count(&s->addrs) == 0;
	int r;

	if (s->fd < 0 || want == s->any_filter)
		return;
	r = snoop_bpf_attach(s->fd, want);
	if (r < 0)
		(void) log_warn(r, "port %s: replace packet filter",
		    s->ifname);
	else
		s->any_filter = want;
}

static void
learn(struct snoop *s, const struct addr_ip *ip, uint32_t lease,
    enum snoop_source src)
{
	char buf[INET6_ADDRSTRLEN];

	if (!learnable(s, ip)) {
		s->stats.ignored++;
		log_debug("port %s: not learning %s", s->ifname,
		    addr_ip_format(ip, buf, sizeof buf));
		return;
	}
	if (snoop_addrs_learn(&s->addrs, ip, lease, src) == -ENOSPC &&
	    snoop_may_warn(s, SNOOP_WARN_FULL))
		(void) log_warn(0, "port %s: not learning %s: %d addresses "
		    "known already", s->ifname,
		    addr_ip_format(ip, buf, sizeof buf), SNOOP_MAX_ADDRS);
	snoop_rules_update_filter(s);
}

static void
forget(struct snoop *s, const struct addr_ip *ip, const char *why)
{
	(void) snoop_addrs_forget(&s->addrs, ip, why);
	snoop_rules_update_filter(s);
}

static void
untrusted(struct snoop *s, const char *what, const struct addr_ip *from)
{
	char buf[INET6_ADDRSTRLEN];

	s->stats.untrusted++;
	if (snoop_may_warn(s, SNOOP_WARN_UNTRUSTED))
		(void) log_warn(0, "port %s: ignoring %s from %s, not a "
		    "trusted DHCP server", s->ifname, what,
		    addr_ip_format(from, buf, sizeof buf));
}

static void
v4_addr(struct addr_ip *a, struct in_addr in)
{
	memset(a, 0, sizeof *a);
	a->family = AF_INET;
	a->u.v4 = in;
}

/* A BOOTREPLY leaving the port toward the guest. */
static void
v4_to_guest(struct snoop *s, const struct dhcp_msg *m)
{
	const struct dhcp_v4 *d = &m->u.v4;
	struct addr_ip a;

	if (d->op != 2 || memcmp(d->chaddr, s->mac, 6) != 0) {
		s->stats.ignored++;	/* for another client */
		return;
	}
	if (!trusted(s, &m->src)) {
		untrusted(s, dhcp_type_name(d->type), &m->src);
		return;
	}
	if (d->type != DHCP_ACK && d->type != DHCP_NAK) {
		s->stats.ignored++;	/* an OFFER alone adds nothing */
		return;
	}
	if (d->type == DHCP_NAK) {
		if (s->pending && s->pending_xid == d->xid) {
			v4_addr(&a, s->pending_ip);
			forget(s, &a, "DHCPNAK");
		} else {
			(void) snoop_addrs_forget_dhcp(&s->addrs, AF_INET,
			    "DHCPNAK");
			snoop_rules_update_filter(s);
		}
		s->pending = false;
		return;
	}
	v4_addr(&a, d->yiaddr);
	if (d->yiaddr.s_addr == 0 || !d->has_lease) {
		s->stats.ignored++;	/* an ACK to an INFORM */
		return;
	}
	if (d->lease == 0)
		forget(s, &a, "lease time 0");
	else
		learn(s, &a, d->lease, SNOOP_SRC_DHCP);
}

/* A BOOTREQUEST from the guest: REQUEST, RELEASE, DECLINE. */
static void
v4_from_guest(struct snoop *s, const struct dhcp_msg *m)
{
	const struct dhcp_v4 *d = &m->u.v4;
	struct addr_ip a;

	if (d->op != 1) {
		untrusted(s, "a DHCP reply from the guest", &m->src);
		return;
	}
	if (memcmp(d->chaddr, s->mac, 6) != 0 ||
	    memcmp(m->eth.src, s->mac, 6) != 0) {
		s->stats.ignored++;	/* dropped by the port filter */
		return;
	}
	switch (d->type) {
	case DHCP_REQUEST:
		s->pending = true;
		s->pending_xid = d->xid;
		s->pending_ip = d->has_requested_ip ? d->requested_ip :
		    d->ciaddr;
		break;
	case DHCP_RELEASE:
		v4_addr(&a, d->ciaddr);
		forget(s, &a, "DHCPRELEASE");
		break;
	case DHCP_DECLINE:
		if (d->has_requested_ip) {
			v4_addr(&a, d->requested_ip);
			forget(s, &a, "DHCPDECLINE");
		}
		break;
	default:
		s->stats.ignored++;
		break;
	}
}

static void
v6_addr(struct addr_ip *a, const struct in6_addr *in)
{
	memset(a, 0, sizeof *a);
	a->family = AF_INET6;
	a->u.v6 = *in;
}

static void
v6_to_guest(struct snoop *s, const struct dhcp_msg *m)
{
	const struct dhcp_v6 *d = &m->u.v6;
	struct addr_ip a;
	unsigned i;

	if (d->type != DHCP6_REPLY || memcmp(m->eth.dst, s->mac, 6) != 0) {
		s->stats.ignored++;
		return;
	}
	if (!trusted(s, &m->src)) {
		untrusted(s, "REPLY", &m->src);
		return;
	}
	if (d->has_status && d->status != 0) {
		s->stats.ignored++;
		return;
	}
	for (i = 0; i < d->naddrs; i++) {
		const struct dhcp6_addr *x = &d->addrs[i];

		v6_addr(&a, &x->addr);
		if (x->status != 0 || x->preferred > x->valid)
			continue;	/* RFC 8415 18.2.10.1: discarded */
		if (x->valid == 0)
			forget(s, &a, "valid lifetime 0");
		else
			learn(s, &a, x->valid, SNOOP_SRC_DHCP);
	}
}

static void
v6_from_guest(struct snoop *s, const struct dhcp_msg *m)
{
	const struct dhcp_v6 *d = &m->u.v6;
	struct addr_ip a;
	unsigned i;

	if (d->type == DHCP6_ADVERTISE || d->type == DHCP6_REPLY ||
	    d->type == DHCP6_RECONFIGURE) {
		untrusted(s, "a DHCPv6 reply from the guest", &m->src);
		return;
	}
	if (memcmp(m->eth.src, s->mac, 6) != 0 ||
	    (d->type != DHCP6_RELEASE && d->type != DHCP6_DECLINE)) {
		s->stats.ignored++;
		return;
	}
	for (i = 0; i < d->naddrs; i++) {
		v6_addr(&a, &d->addrs[i].addr);
		forget(s, &a, d->type == DHCP6_RELEASE ? "DHCPv6 RELEASE" :
		    "DHCPv6 DECLINE");
	}
}

/* "any": the guest's first ARP sender or IPv4 source while none is known. */
static void
first_packet(struct snoop *s, const uint8_t *buf, size_t len, bool to_guest)
{
	struct dhcp_eth eth;
	struct addr_ip a;
	struct in_addr ip;

	if (to_guest || s->mode != SNOOP_LEARN_ANY ||
	    snoop_addrs_count(&s->addrs) != 0 ||
	    dhcp_parse_sender(buf, len, &eth, &ip) < 0 ||
	    memcmp(eth.src, s->mac, 6) != 0) {
		s->stats.ignored++;
		return;
	}
	v4_addr(&a, ip);
	learn(s, &a, SNOOP_LEASE_INFINITE, SNOOP_SRC_PACKET);
}

void
snoop_rules_handle(struct snoop *s, const uint8_t *buf, size_t len,
    bool to_guest)
{
	struct dhcp_msg m;
	int r;

	r = dhcp_parse_frame(buf, len, DHCP_PARSE_CSUM, &m);
	if (r == -ENOMSG || r == -EOPNOTSUPP) {
		/* not DHCP, or refused (fragments, relays): no lease here */
		first_packet(s, buf, len, to_guest);
		return;
	}
	if (r < 0) {
		s->stats.malformed++;
		if (snoop_may_warn(s, SNOOP_WARN_MALFORMED))
			(void) log_warn(r, "port %s: malformed DHCP frame "
			    "(%zu bytes) %s the guest", s->ifname, len,
			    to_guest ? "to" : "from");
		return;
	}
	if (m.src.family == AF_INET && to_guest)
		v4_to_guest(s, &m);
	else if (m.src.family == AF_INET)
		v4_from_guest(s, &m);
	else if (to_guest)
		v6_to_guest(s, &m);
	else
		v6_from_guest(s, &m);
}
