/* Pure DHCP/DHCPv6 frame parsing. Every read goes through a length check
 * first; lengths come from the buffer we were given, and each inner length
 * (IP total length, UDP length, option lengths) must fit inside its outer
 * one. */
#include <errno.h>
#include <string.h>

#include "supervisor/dhcp.h"

#define ETH_HLEN_ 14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8

#define IPPROTO_UDP_ 17
#define UDP_HLEN 8
#define IP6_HLEN 40
#define IP6_MAX_EXTHDRS 8

#define BOOTP_FIXED 236		/* op .. file */
#define BOOTP_SNAME_OFF 44
#define BOOTP_SNAME_LEN 64
#define BOOTP_FILE_OFF 108
#define BOOTP_FILE_LEN 128
#define DHCP_MAGIC 0x63825363

/* DHCPv4 options */
#define OPT_PAD 0
#define OPT_REQUESTED_IP 50
#define OPT_LEASE 51
#define OPT_OVERLOAD 52
#define OPT_MSG_TYPE 53
#define OPT_SERVER_ID 54
#define OPT_RENEWAL 58
#define OPT_REBINDING 59
#define OPT_END 255

/* DHCPv6 options */
#define OPT6_CLIENTID 1
#define OPT6_SERVERID 2
#define OPT6_IA_NA 3
#define OPT6_IAADDR 5
#define OPT6_STATUS 13
#define IA_NA_FIXED 12		/* IAID, T1, T2 */
#define IAADDR_FIXED 24		/* address, preferred, valid */

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 |
	    (uint32_t) p[2] << 8 | p[3];
}

static struct in_addr
get_in(const uint8_t *p)
{
	struct in_addr a;

	memcpy(&a.s_addr, p, 4);	/* network order, as stored */
	return a;
}

/* Ethernet header and up to DHCP_MAX_VLANS 802.1Q/802.1ad tags; returns the
 * offset of the layer-3 header or -EINVAL. */
static int
parse_eth(const uint8_t *buf, size_t len, struct dhcp_eth *eth)
{
	size_t off = 12;
	uint16_t type;

	if (len < ETH_HLEN_)
		return -EINVAL;
	memcpy(eth->dst, buf, 6);
	memcpy(eth->src, buf + 6, 6);
	type = get16(buf + off);
	while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
		if (eth->nvlan == DHCP_MAX_VLANS)
			return -EOPNOTSUPP;
		if (len < off + 6)
			return -EINVAL;
		eth->vlan[eth->nvlan++] = get16(buf + off + 2);
		off += 4;
		type = get16(buf + off);
	}
	eth->ethertype = type;
	return (int) off + 2;
}

static bool
ip4_csum_ok(const uint8_t *p, size_t hlen)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < hlen; i += 2)
		sum += get16(p + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* IPv4 options are not used, only checked to be well formed (RFC 791). */
static int
ip4_options_ok(const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (p[i] == 0)		/* end of option list */
			return 0;
		if (p[i] == 1) {	/* no-operation */
			i++;
			continue;
		}
		if (i + 1 >= len || p[i + 1] < 2 || p[i + 1] > len - i)
			return -EINVAL;
		i += p[i + 1];
	}
	return 0;
}

/* IPv4 header at p (avail bytes left in the frame). Sets *l4 and *l4len to
 * the payload, which ends at the total length (Ethernet padding dropped). */
static int
parse_ip4(const uint8_t *p, size_t avail, unsigned flags, struct dhcp_msg *m,
    uint8_t *proto, size_t *l4, size_t *l4len)
{
	size_t hlen, tot;

	if (avail < 20 || p[0] >> 4 != 4)
		return -EINVAL;
	hlen = (size_t) (p[0] & 0xf) * 4;
	tot = get16(p + 2);
	if (hlen < 20 || hlen > avail || tot < hlen || tot > avail)
		return -EINVAL;
	if ((flags & DHCP_PARSE_CSUM) && !ip4_csum_ok(p, hlen))
		return -EINVAL;
	if (ip4_options_ok(p + 20, hlen - 20) < 0)
		return -EINVAL;
	m->src.family = AF_INET;
	m->src.u.v4 = get_in(p + 12);
	m->dst.family = AF_INET;
	m->dst.u.v4 = get_in(p + 16);
	*proto = p[9];
	*l4 = hlen;
	*l4len = tot - hlen;
	if ((get16(p + 6) & 0x3fff) != 0)	/* MF or a fragment offset */
		return -EOPNOTSUPP;
	return 0;
}

/* IPv6 header and extension headers: hop-by-hop, routing, destination
 * options and AH are walked (at most IP6_MAX_EXTHDRS); a fragment header or
 * ESP is refused. */
static int
parse_ip6(const uint8_t *p, size_t avail, struct dhcp_msg *m, uint8_t *proto,
    size_t *l4, size_t *l4len)
{
	size_t plen, off = IP6_HLEN, end, hl;
	uint8_t nh;
	int i;

	if (avail < IP6_HLEN || p[0] >> 4 != 6)
		return -EINVAL;
	plen = get16(p + 4);
	if (plen == 0)				/* jumbogram */
		return -EOPNOTSUPP;
	if (plen > avail - IP6_HLEN)
		return -EINVAL;
	end = IP6_HLEN + plen;
	m->src.family = AF_INET6;
	memcpy(&m->src.u.v6, p + 8, 16);
	m->dst.family = AF_INET6;
	memcpy(&m->dst.u.v6, p + 24, 16);
	nh = p[6];
	for (i = 0; i <= IP6_MAX_EXTHDRS; i++) {
		switch (nh) {
		case 0:		/* hop-by-hop */
		case 43:	/* routing */
		case 60:	/* destination options */
		case 51:	/* authentication header */
			if (i == IP6_MAX_EXTHDRS)
				return -EOPNOTSUPP;
			if (end - off < 8)
				return -EINVAL;
			hl = nh == 51 ? ((size_t) p[off + 1] + 2) * 4 :
			    ((size_t) p[off + 1] + 1) * 8;
			if (hl > end - off)
				return -EINVAL;
			nh = p[off];
			off += hl;
			break;
		case 44:	/* fragment */
		case 50:	/* ESP: nothing readable after it */
			return -EOPNOTSUPP;
		default:
			*proto = nh;
			*l4 = off;
			*l4len = end - off;
			return 0;
		}
	}
	return -EOPNOTSUPP;
}

/* Records a fixed-length option, refusing a wrong length or a repeat (RFC
 * 3396 would concatenate repeats, which no fixed-length option survives). */
static int
opt_u32(const uint8_t *v, size_t len, bool *has, uint32_t *out)
{
	if (len != 4 || *has)
		return -EINVAL;
	*has = true;
	*out = get32(v);
	return 0;
}

static int
opt_addr(const uint8_t *v, size_t len, bool *has, struct in_addr *out)
{
	if (len != 4 || *has)
		return -EINVAL;
	*has = true;
	*out = get_in(v);
	return 0;
}

static int
option_v4(uint8_t code, const uint8_t *v, size_t len, bool main_area,
    struct dhcp_v4 *m)
{
	switch (code) {
	case OPT_MSG_TYPE:
		if (len != 1 || m->type != DHCP_NONE || v[0] == 0)
			return -EINVAL;
		m->type = (enum dhcp_type) v[0];
		return 0;
	case OPT_OVERLOAD:
		/* Only the options field may say that file/sname carry
		 * options; saying it twice or from inside them is invalid. */
		if (!main_area || len != 1 || m->overload != 0 ||
		    v[0] < 1 || v[0] > 3)
			return -EINVAL;
		m->overload = v[0];
		return 0;
	case OPT_SERVER_ID:
		return opt_addr(v, len, &m->has_server_id, &m->server_id);
	case OPT_REQUESTED_IP:
		return opt_addr(v, len, &m->has_requested_ip,
		    &m->requested_ip);
	case OPT_LEASE:
		return opt_u32(v, len, &m->has_lease, &m->lease);
	case OPT_RENEWAL:
		return opt_u32(v, len, &m->has_renewal, &m->renewal);
	case OPT_REBINDING:
		return opt_u32(v, len, &m->has_rebinding, &m->rebinding);
	default:
		return 0;
	}
}

/* One options area: pad, end, then code/length/value triples that must fit.
 * A missing end option is tolerated (end of the area ends it). */
static int
options_v4(const uint8_t *p, size_t len, bool main_area, struct dhcp_v4 *m)
{
	size_t i = 0, olen;
	int r;

	while (i < len) {
		if (p[i] == OPT_PAD) {
			i++;
			continue;
		}
		if (p[i] == OPT_END)
			return 0;
		if (len - i < 2)
			return -EINVAL;
		olen = p[i + 1];
		if (olen > len - i - 2)
			return -EINVAL;
		r = option_v4(p[i], p + i + 2, olen, main_area, m);
		if (r < 0)
			return r;
		i += 2 + olen;
	}
	return 0;
}

/* BOOTREQUEST or BOOTREPLY, as the message type requires. */
static bool
op_matches_type(uint8_t op, enum dhcp_type t)
{
	switch (t) {
	case DHCP_OFFER:
	case DHCP_ACK:
	case DHCP_NAK:
		return op == 2;
	case DHCP_DISCOVER:
	case DHCP_REQUEST:
	case DHCP_DECLINE:
	case DHCP_RELEASE:
	case DHCP_INFORM:
		return op == 1;
	default:
		return true;	/* other and newer types: not checked */
	}
}

int
dhcp_parse_v4(const uint8_t *p, size_t len, struct dhcp_v4 *m)
{
	int r;

	memset(m, 0, sizeof *m);
	if (len < BOOTP_FIXED)
		return -EINVAL;
	m->op = p[0];
	m->htype = p[1];
	m->hlen = p[2];
	if (m->op != 1 && m->op != 2)
		return -EINVAL;
	if (m->hlen > sizeof m->chaddr)
		return -EINVAL;
	if (m->htype != 1 || m->hlen != 6)	/* Ethernet only */
		return -EOPNOTSUPP;
	m->xid = get32(p + 4);
	m->flags = get16(p + 10);
	m->ciaddr = get_in(p + 12);
	m->yiaddr = get_in(p + 16);
	m->siaddr = get_in(p + 20);
	m->giaddr = get_in(p + 24);
	memcpy(m->chaddr, p + 28, sizeof m->chaddr);
	if (len < BOOTP_FIXED + 4 || get32(p + BOOTP_FIXED) != DHCP_MAGIC)
		return 0;			/* BOOTP without options */
	r = options_v4(p + BOOTP_FIXED + 4, len - BOOTP_FIXED - 4, true, m);
	/* RFC 2131 4.1: file is read before sname when both are overloaded */
	if (r == 0 && (m->overload & 1))
		r = options_v4(p + BOOTP_FILE_OFF, BOOTP_FILE_LEN, false, m);
	if (r == 0 && (m->overload & 2))
		r = options_v4(p + BOOTP_SNAME_OFF, BOOTP_SNAME_LEN, false, m);
	if (r == 0 && !op_matches_type(m->op, m->type))
		r = -EINVAL;
	return r;
}

static int
duid_copy(const uint8_t *v, size_t len, uint8_t *dst, size_t *dlen)
{
	if (len < 2 || len > DHCP_DUID_MAX || *dlen != 0)
		return -EINVAL;
	memcpy(dst, v, len);
	*dlen = len;
	return 0;
}

/* The options of an IAADDR (after its 24 fixed octets): only a status. */
static int
iaaddr_v6(const uint8_t *p, size_t len, uint32_t iaid, struct dhcp_v6 *m)
{
	struct dhcp6_addr a;
	size_t i, olen;
	uint16_t code;

	if (len < IAADDR_FIXED)
		return -EINVAL;
	memset(&a, 0, sizeof a);
	memcpy(&a.addr, p, 16);
	a.iaid = iaid;
	a.preferred = get32(p + 16);
	a.valid = get32(p + 20);
	for (i = IAADDR_FIXED; i < len; i += 4 + olen) {
		if (len - i < 4)
			return -EINVAL;
		code = get16(p + i);
		olen = get16(p + i + 2);
		if (olen > len - i - 4)
			return -EINVAL;
		if (code == OPT6_STATUS) {
			if (olen < 2)
				return -EINVAL;
			a.status = get16(p + i + 4);
		}
	}
	if (m->naddrs == DHCP6_MAX_ADDRS) {
		m->addrs_truncated = true;
		return 0;
	}
	m->addrs[m->naddrs++] = a;
	return 0;
}

/* An IA_NA: IAID, T1, T2, then IAADDR and status options. A failed status
 * of the IA applies to each of its addresses. */
static int
ia_na_v6(const uint8_t *p, size_t len, struct dhcp_v6 *m)
{
	unsigned first = m->naddrs, k;
	uint16_t code, status = 0;
	size_t i, olen;
	uint32_t iaid;
	int r;

	if (len < IA_NA_FIXED)
		return -EINVAL;
	iaid = get32(p);
	m->nia++;
	for (i = IA_NA_FIXED; i < len; i += 4 + olen) {
		if (len - i < 4)
			return -EINVAL;
		code = get16(p + i);
		olen = get16(p + i + 2);
		if (olen > len - i - 4)
			return -EINVAL;
		if (code == OPT6_IAADDR) {
			r = iaaddr_v6(p + i + 4, olen, iaid, m);
			if (r < 0)
				return r;
		} else if (code == OPT6_STATUS) {
			if (olen < 2)
				return -EINVAL;
			status = get16(p + i + 4);
		}
	}
	for (k = first; status != 0 && k < m->naddrs; k++)
		if (m->addrs[k].status == 0)
			m->addrs[k].status = status;
	return 0;
}

int
dhcp_parse_v6(const uint8_t *p, size_t len, struct dhcp_v6 *m)
{
	size_t i, olen;
	uint16_t code;
	int r;

	memset(m, 0, sizeof *m);
	if (len < 4)
		return -EINVAL;
	if (p[0] < DHCP6_SOLICIT || p[0] > DHCP6_INFO_REQUEST)
		return -EOPNOTSUPP;	/* relay and newer messages */
	m->type = (enum dhcp6_type) p[0];
	m->xid = (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
	for (i = 4; i < len; i += 4 + olen) {
		if (len - i < 4)
			return -EINVAL;
		code = get16(p + i);
		olen = get16(p + i + 2);
		if (olen > len - i - 4)
			return -EINVAL;
		r = 0;
		switch (code) {
		case OPT6_CLIENTID:
			r = duid_copy(p + i + 4, olen, m->client_id,
			    &m->client_id_len);
			break;
		case OPT6_SERVERID:
			r = duid_copy(p + i + 4, olen, m->server_id,
			    &m->server_id_len);
			break;
		case OPT6_IA_NA:
			r = ia_na_v6(p + i + 4, olen, m);
			break;
		case OPT6_STATUS:
			if (olen < 2 || m->has_status)
				return -EINVAL;
			m->has_status = true;
			m->status = get16(p + i + 4);
			break;
		default:
			break;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

int
dhcp_parse_frame(const uint8_t *buf, size_t len, unsigned flags,
    struct dhcp_msg *m)
{
	size_t l3, l4, l4len, ulen;
	const uint8_t *u;
	uint8_t proto = 0;
	int r;

	memset(m, 0, sizeof *m);
	r = parse_eth(buf, len, &m->eth);
	if (r < 0)
		return r;
	l3 = (size_t) r;
	if (m->eth.ethertype == ETHERTYPE_IPV4)
		r = parse_ip4(buf + l3, len - l3, flags, m, &proto, &l4,
		    &l4len);
	else if (m->eth.ethertype == ETHERTYPE_IPV6)
		r = parse_ip6(buf + l3, len - l3, m, &proto, &l4, &l4len);
	else
		return -ENOMSG;
	if (r < 0)
		return r;
	if (proto != IPPROTO_UDP_)
		return -ENOMSG;
	if (l4len < UDP_HLEN)
		return -EINVAL;
	u = buf + l3 + l4;
	m->sport = get16(u);
	m->dport = get16(u + 2);
	ulen = get16(u + 4);
	if (ulen < UDP_HLEN || ulen > l4len)
		return -EINVAL;
	if (m->src.family == AF_INET) {
		if (m->dport != DHCP_PORT_SERVER && m->dport != DHCP_PORT_CLIENT)
			return -ENOMSG;
		return dhcp_parse_v4(u + UDP_HLEN, ulen - UDP_HLEN, &m->u.v4);
	}
	if (m->dport != DHCP6_PORT_SERVER && m->dport != DHCP6_PORT_CLIENT)
		return -ENOMSG;
	return dhcp_parse_v6(u + UDP_HLEN, ulen - UDP_HLEN, &m->u.v6);
}

int
dhcp_parse_sender(const uint8_t *buf, size_t len, struct dhcp_eth *eth,
    struct in_addr *ip)
{
	struct dhcp_msg m;
	size_t l3, l4, l4len;
	const uint8_t *a;
	uint8_t proto;
	uint16_t op;
	int r;

	memset(eth, 0, sizeof *eth);
	r = parse_eth(buf, len, eth);
	if (r < 0)
		return r;
	l3 = (size_t) r;
	if (eth->ethertype == ETHERTYPE_IPV4) {
		memset(&m, 0, sizeof m);
		r = parse_ip4(buf + l3, len - l3, 0, &m, &proto, &l4, &l4len);
		if (r == -EOPNOTSUPP)	/* fragments carry a source too */
			r = 0;
		if (r < 0)
			return r;
		*ip = m.src.u.v4;
		return 0;
	}
	if (eth->ethertype != ETHERTYPE_ARP)
		return -ENOMSG;
	a = buf + l3;
	if (len - l3 < 28)
		return -EINVAL;
	/* Ethernet (1) / IPv4 (0x0800), 6 and 4 octet addresses */
	if (get16(a) != 1 || get16(a + 2) != ETHERTYPE_IPV4 || a[4] != 6 ||
	    a[5] != 4)
		return -ENOMSG;
	op = get16(a + 6);
	if (op != 1 && op != 2)
		return -ENOMSG;
	*ip = get_in(a + 14);
	return 0;
}

const char *
dhcp_type_name(enum dhcp_type t)
{
	static const char *const names[] = {
		"BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK",
		"NAK", "RELEASE", "INFORM",
	};

	if ((unsigned) t < sizeof names / sizeof names[0])
		return names[t];
	return "unknown";
}

const char *
dhcp6_type_name(enum dhcp6_type t)
{
	static const char *const names[] = {
		"unknown", "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM",
		"RENEW", "REBIND", "REPLY", "RELEASE", "DECLINE",
		"RECONFIGURE", "INFORMATION-REQUEST",
	};

	if ((unsigned) t < sizeof names / sizeof names[0])
		return names[t];
	return "unknown";
}
