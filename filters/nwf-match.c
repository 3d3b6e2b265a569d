/* Protocol elements -> nftables match expressions (bridge family).
 *
 * Each element first selects its frames (ether type, or the STP group
 * address), unless the chain it sits in already did; then each attribute
 * adds one comparison, negated with match='no' (libvirt negates each
 * attribute on its own, so they stay and-ed). Header fields nftables has no
 * name for are raw payload: STP (after the LLC header), RARP (whose
 * ethertype nftables' arp expressions refuse), BOOTP chaddr (UDP payload
 * offset 28) and the neighbour discovery target (ICMPv6 offset 8). */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "filters/nwf-attr.h"
#include "filters/nwf-match.h"

static const struct nwf_val *
v(const struct nwf_match_in *in, enum nwf_attr_id id)
{
	return in->vals[id];
}

static const char *
cmp(bool neg)
{
	return neg ? "!= " : "";
}

static void
mac_text(FILE *o, const uint8_t m[6])
{
	fprintf(o, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
	    m[4], m[5]);
}

static void
hex_bytes(FILE *o, const uint8_t *b, size_t n)
{
	size_t i;

	fputs("0x", o);
	for (i = 0; i < n; i++)
		fprintf(o, "%02x", b[i]);
}

void
nwf_match_ethertype(FILE *out, unsigned type)
{
	switch (type) {
	case 0x0800:
		fputs("ip", out);
		break;
	case 0x0806:
		fputs("arp", out);
		break;
	case 0x86dd:
		fputs("ip6", out);
		break;
	case 0x8100:
		fputs("8021q", out);
		break;
	case 0x88a8:
		fputs("8021ad", out);
		break;
	default:
		fprintf(out, "0x%04x", type);
	}
}

static const char *
l4name(unsigned p)
{
	switch (p) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 33: return "dccp";
	case 50: return "esp";
	case 51: return "ah";
	case 58: return "ipv6-icmp";
	case 132: return "sctp";
	case 136: return "udplite";
	}
	return NULL;
}

static void
l4proto(FILE *o, const char *field, unsigned p, bool neg)
{
	const char *name = l4name(p);

	if (name != NULL)
		fprintf(o, "%s %s%s ", field, cmp(neg), name);
	else
		fprintf(o, "%s %s%u ", field, cmp(neg), p);
}

/* PORT . field [!=] @set */
static void
set_field(FILE *o, const struct nwf_match_in *in, const char *field,
    const char *set)
{
	fprintf(o, "%s . %s %s@%s ", in->port, field, cmp(in->neg), set);
}

/* field [& mask] (==|!=) value for a MAC address, or the port's set. */
static void
mac_field(FILE *o, const struct nwf_match_in *in, const char *field,
    enum nwf_attr_id id, const struct nwf_val *mask)
{
	const struct nwf_val *addr = in->vals[id];
	bool neg = in->neg;
	uint8_t m[6];
	size_t i;

	if (in->sets[id] != NULL) {
		set_field(o, in, field, in->sets[id]);
		return;
	}
	if (addr == NULL)
		return;
	if (mask == NULL) {
		fprintf(o, "%s %s", field, cmp(neg));
		mac_text(o, addr->mac);
		fputc(' ', o);
		return;
	}
	for (i = 0; i < 6; i++)
		m[i] = addr->mac[i] & mask->mac[i];
	fprintf(o, "%s & ", field);
	mac_text(o, mask->mac);
	fputs(neg ? " != " : " == ", o);
	mac_text(o, m);
	fputc(' ', o);
}

/* field [!=] addr[/prefix], or the port's set. */
static void
ip_field(FILE *o, const struct nwf_match_in *in, const char *field,
    const struct nwf_val *addr, const struct nwf_val *mask, const char *set)
{
	struct addr_ip net;
	unsigned full, prefix, i;
	bool neg = in->neg;
	uint8_t *b;
	char buf[64];

	if (set != NULL) {
		set_field(o, in, field, set);
		return;
	}
	if (addr == NULL)
		return;
	net = addr->ip;
	full = net.family == AF_INET ? 32 : 128;
	prefix = mask != NULL ? mask->prefix : full;
	b = (uint8_t *) &net.u;
	for (i = prefix; i < full; i++)
		b[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
	fprintf(o, "%s %s%s", field, cmp(neg),
	    addr_ip_format(&net, buf, sizeof buf));
	if (prefix < full)
		fprintf(o, "/%u", prefix);
	fputc(' ', o);
}

static void
ip_range(FILE *o, const char *field, const struct nwf_val *from,
    const struct nwf_val *to, bool neg)
{
	char a[64], b[64];

	if (from == NULL || to == NULL)
		return;
	fprintf(o, "%s %s%s-%s ", field, cmp(neg),
	    addr_ip_format(&from->ip, a, sizeof a),
	    addr_ip_format(&to->ip, b, sizeof b));
}

/* field [!=] start[-end] for numbers. */
static void
num_range(FILE *o, const char *field, const struct nwf_val *start,
    const struct nwf_val *end, bool neg)
{
	if (start == NULL)
		return;
	if (end != NULL && end->u != start->u)
		fprintf(o, "%s %s%u-%u ", field, cmp(neg), start->u, end->u);
	else
		fprintf(o, "%s %s%u ", field, cmp(neg), start->u);
}

/* Raw payload @base,off,len compared with value, or a range. */
static void
raw_num(FILE *o, const char *base, unsigned off, unsigned len,
    const struct nwf_val *start, const struct nwf_val *end, bool neg)
{
	if (start == NULL)
		return;
	fprintf(o, "@%s,%u,%u %s", base, off, len, cmp(neg));
	if (end != NULL && end->u != start->u)
		fprintf(o, "0x%x-0x%x ", start->u, end->u);
	else
		fprintf(o, "0x%x ", start->u);
}

static void
raw_mac(FILE *o, const struct nwf_match_in *in, const char *base,
    unsigned off, enum nwf_attr_id id, const struct nwf_val *mask)
{
	const struct nwf_val *addr = id == NWF_A_COUNT ? NULL : in->vals[id];
	bool neg = in->neg;
	char field[24];
	uint8_t m[6];
	size_t i;

	if (id != NWF_A_COUNT && in->sets[id] != NULL) {
		snprintf(field, sizeof field, "@%s,%u,48", base, off);
		set_field(o, in, field, in->sets[id]);
		return;
	}
	if (addr == NULL)
		return;
	if (mask == NULL) {
		fprintf(o, "@%s,%u,48 %s", base, off, cmp(neg));
		hex_bytes(o, addr->mac, 6);
		fputc(' ', o);
		return;
	}
	for (i = 0; i < 6; i++)
		m[i] = addr->mac[i] & mask->mac[i];
	fprintf(o, "@%s,%u,48 & ", base, off);
	hex_bytes(o, mask->mac, 6);
	fputs(neg ? " != " : " == ", o);
	hex_bytes(o, m, 6);
	fputc(' ', o);
}

static void
raw_ip4(FILE *o, unsigned off, const struct nwf_val *addr,
    const struct nwf_val *mask, bool neg)
{
	uint8_t a[4], m[4] = { 0, 0, 0, 0 };
	unsigned i, prefix;

	if (addr == NULL)
		return;
	prefix = mask != NULL ? mask->prefix : 32;
	for (i = 0; i < prefix; i++)
		m[i / 8] |= (uint8_t) (0x80u >> (i % 8));
	memcpy(a, &addr->ip.u.v4, 4);
	for (i = 0; i < 4; i++)
		a[i] &= m[i];
	fprintf(o, "@nh,%u,32 ", off);
	if (prefix < 32) {
		hex_bytes(o, m, 4);
		fputs(neg ? " != " : " == ", o);
	} else {
		fputs(cmp(neg), o);
	}
	hex_bytes(o, a, 4);
	fputc(' ', o);
}

static void
mac_hdr(FILE *o, const struct nwf_match_in *in)
{
	mac_field(o, in, "ether saddr", NWF_A_SRCMACADDR,
	    v(in, NWF_A_SRCMACMASK));
	mac_field(o, in, "ether daddr", NWF_A_DSTMACADDR,
	    v(in, NWF_A_DSTMACMASK));
}

static void
select_frames(FILE *o, const struct nwf_match_in *in,
    enum nwf_chain_kind own, const char *what)
{
	if (in->chain != own)
		fputs(what, o);
}

static void
write_mac(FILE *o, const struct nwf_match_in *in)
{
	mac_hdr(o, in);
	if (v(in, NWF_A_PROTOCOLID) != NULL) {
		fprintf(o, "ether type %s", cmp(in->neg));
		nwf_match_ethertype(o, v(in, NWF_A_PROTOCOLID)->u);
		fputc(' ', o);
	}
}

static void
write_vlan(FILE *o, const struct nwf_match_in *in)
{
	select_frames(o, in, NWF_CHAIN_VLAN, "ether type 8021q ");
	mac_hdr(o, in);
	num_range(o, "vlan id", v(in, NWF_A_VLANID), NULL, in->neg);
	if (v(in, NWF_A_ENCAP) != NULL) {
		fprintf(o, "vlan type %s", cmp(in->neg));
		nwf_match_ethertype(o, v(in, NWF_A_ENCAP)->u);
		fputc(' ', o);
	}
}

/* BPDU fields, as offsets in bits from the end of the Ethernet header
 * (LLC 3 bytes, then the BPDU). */
static void
write_stp(FILE *o, const struct nwf_match_in *in)
{
	static const struct {
		enum nwf_attr_id lo, hi;
		unsigned off, len;
	} nums[] = {
		{ NWF_A_STP_TYPE, NWF_A_COUNT, 48, 8 },
		{ NWF_A_STP_FLAGS, NWF_A_COUNT, 56, 8 },
		{ NWF_A_ROOT_PRIO, NWF_A_ROOT_PRIO_HI, 64, 16 },
		{ NWF_A_ROOT_COST, NWF_A_ROOT_COST_HI, 128, 32 },
		{ NWF_A_SENDER_PRIO, NWF_A_SENDER_PRIO_HI, 160, 16 },
		{ NWF_A_PORT, NWF_A_PORT_HI, 224, 16 },
		{ NWF_A_AGE, NWF_A_AGE_HI, 240, 16 },
		{ NWF_A_MAX_AGE, NWF_A_MAX_AGE_HI, 256, 16 },
		{ NWF_A_HELLO, NWF_A_HELLO_HI, 272, 16 },
		{ NWF_A_FWD_DELAY, NWF_A_FWD_DELAY_HI, 288, 16 },
	};
	size_t i;

	select_frames(o, in, NWF_CHAIN_STP, "ether daddr 01:80:c2:00:00:00 ");
	mac_field(o, in, "ether saddr", NWF_A_SRCMACADDR,
	    v(in, NWF_A_SRCMACMASK));
	for (i = 0; i < sizeof nums / sizeof nums[0]; i++)
		raw_num(o, "nh", nums[i].off, nums[i].len, v(in, nums[i].lo),
		    nums[i].hi == NWF_A_COUNT ? NULL : v(in, nums[i].hi),
		    in->neg);
	raw_mac(o, in, "nh", 80, NWF_A_ROOT_ADDR, v(in,
	    NWF_A_ROOT_ADDR_MASK));
	raw_mac(o, in, "nh", 176, NWF_A_SENDER_ADDR, v(in,
	    NWF_A_SENDER_ADDR_MASK));
}

/* gratuitous: the one address given also as the other field. */
static void
arp_ips(FILE *o, const struct nwf_match_in *in)
{
	const struct nwf_val *src = v(in, NWF_A_ARPSRCIPADDR);
	const struct nwf_val *dst = v(in, NWF_A_ARPDSTIPADDR);
	const char *ssrc = in->sets[NWF_A_ARPSRCIPADDR];
	const char *sdst = in->sets[NWF_A_ARPDSTIPADDR];
	bool grat = v(in, NWF_A_GRATUITOUS) != NULL;

	ip_field(o, in, "arp saddr ip", src, v(in, NWF_A_ARPSRCIPMASK), ssrc);
	ip_field(o, in, "arp daddr ip", dst, v(in, NWF_A_ARPDSTIPMASK), sdst);
	if (grat && (src != NULL || ssrc != NULL))
		ip_field(o, in, "arp daddr ip", src, NULL, ssrc);
	else if (grat)
		ip_field(o, in, "arp saddr ip", dst, NULL, sdst);
}

static void
write_arp(FILE *o, const struct nwf_match_in *in)
{
	select_frames(o, in, NWF_CHAIN_ARP, "ether type arp ");
	mac_hdr(o, in);
	num_range(o, "arp htype", v(in, NWF_A_HWTYPE), NULL, in->neg);
	if (v(in, NWF_A_PROTOCOLTYPE) != NULL)
		fprintf(o, "arp ptype %s0x%04x ", cmp(in->neg),
		    v(in, NWF_A_PROTOCOLTYPE)->u);
	num_range(o, "arp hlen", v(in, NWF_A_HWLEN), NULL, in->neg);
	num_range(o, "arp plen", v(in, NWF_A_PROTOLEN), NULL, in->neg);
	num_range(o, "arp operation", v(in, NWF_A_OPCODE), NULL, in->neg);
	mac_field(o, in, "arp saddr ether", NWF_A_ARPSRCMACADDR, NULL);
	mac_field(o, in, "arp daddr ether", NWF_A_ARPDSTMACADDR, NULL);
	arp_ips(o, in);
}

static void
write_rarp(FILE *o, const struct nwf_match_in *in)
{
	const struct nwf_val *src = v(in, NWF_A_ARPSRCIPADDR);
	const struct nwf_val *dst = v(in, NWF_A_ARPDSTIPADDR);
	bool grat = v(in, NWF_A_GRATUITOUS) != NULL;

	select_frames(o, in, NWF_CHAIN_RARP, "ether type 0x8035 ");
	mac_hdr(o, in);
	raw_num(o, "nh", 0, 16, v(in, NWF_A_HWTYPE), NULL, in->neg);
	raw_num(o, "nh", 16, 16, v(in, NWF_A_PROTOCOLTYPE), NULL, in->neg);
	raw_num(o, "nh", 32, 8, v(in, NWF_A_HWLEN), NULL, in->neg);
	raw_num(o, "nh", 40, 8, v(in, NWF_A_PROTOLEN), NULL, in->neg);
	raw_num(o, "nh", 48, 16, v(in, NWF_A_OPCODE), NULL, in->neg);
	raw_mac(o, in, "nh", 64, NWF_A_ARPSRCMACADDR, NULL);
	raw_ip4(o, 112, src, v(in, NWF_A_ARPSRCIPMASK), in->neg);
	raw_mac(o, in, "nh", 144, NWF_A_ARPDSTMACADDR, NULL);
	raw_ip4(o, 192, dst, v(in, NWF_A_ARPDSTIPMASK), in->neg);
	if (grat && src != NULL)
		raw_ip4(o, 192, src, NULL, in->neg);
	else if (grat)
		raw_ip4(o, 112, dst, NULL, in->neg);
}

static const char *
port_hdr(unsigned proto)
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 33: return "dccp";
	case 132: return "sctp";
	}
	return NULL;
}

static int
ports(FILE *o, const struct nwf_match_in *in, const char *hdr,
    const char **why)
{
	char field[16];

	if (v(in, NWF_A_SRCPORTSTART) == NULL &&
	    v(in, NWF_A_DSTPORTSTART) == NULL)
		return 0;
	if (hdr == NULL) {
		*why = "ports need protocol tcp, udp, dccp (33) or sctp";
		return -EINVAL;
	}
	snprintf(field, sizeof field, "%s sport", hdr);
	num_range(o, field, v(in, NWF_A_SRCPORTSTART), v(in,
	    NWF_A_SRCPORTEND), in->neg);
	snprintf(field, sizeof field, "%s dport", hdr);
	num_range(o, field, v(in, NWF_A_DSTPORTSTART), v(in,
	    NWF_A_DSTPORTEND), in->neg);
	return 0;
}

static int
write_ip(FILE *o, const struct nwf_match_in *in, const char **why)
{
	const struct nwf_val *proto = v(in, NWF_A_PROTOCOL);

	select_frames(o, in, NWF_CHAIN_IPV4, "ether type ip ");
	mac_hdr(o, in);
	ip_field(o, in, "ip saddr", v(in, NWF_A_SRCIPADDR),
	    v(in, NWF_A_SRCIPMASK), in->sets[NWF_A_SRCIPADDR]);
	ip_field(o, in, "ip daddr", v(in, NWF_A_DSTIPADDR),
	    v(in, NWF_A_DSTIPMASK), in->sets[NWF_A_DSTIPADDR]);
	if (proto != NULL)
		l4proto(o, "ip protocol", proto->u, in->neg);
	num_range(o, "ip dscp", v(in, NWF_A_DSCP), NULL, in->neg);
	if (ports(o, in, proto != NULL ? port_hdr(proto->u) : NULL, why) < 0)
		return -EINVAL;
	/* chaddr: UDP header (8) + BOOTP offset 28 */
	raw_mac(o, in, "th", 288, NWF_A_DHCPCHADDR, NULL);
	return 0;
}

static int
write_ipv6(FILE *o, const struct nwf_match_in *in, const char **why)
{
	const struct nwf_val *proto = v(in, NWF_A_PROTOCOL);
	const struct nwf_val *nd = v(in, NWF_A_NDTARGET);

	select_frames(o, in, NWF_CHAIN_IPV6, "ether type ip6 ");
	mac_hdr(o, in);
	ip_field(o, in, "ip6 saddr", v(in, NWF_A_SRCIPADDR),
	    v(in, NWF_A_SRCIPMASK), in->sets[NWF_A_SRCIPADDR]);
	ip_field(o, in, "ip6 daddr", v(in, NWF_A_DSTIPADDR),
	    v(in, NWF_A_DSTIPMASK), in->sets[NWF_A_DSTIPADDR]);
	if (proto != NULL)
		l4proto(o, "meta l4proto", proto->u, in->neg);
	if (ports(o, in, proto != NULL ? port_hdr(proto->u) : NULL, why) < 0)
		return -EINVAL;
	num_range(o, "icmpv6 type", v(in, NWF_A_TYPE), v(in, NWF_A_TYPEEND),
	    in->neg);
	num_range(o, "icmpv6 code", v(in, NWF_A_CODE), v(in, NWF_A_CODEEND),
	    in->neg);
	/* the target address: ICMPv6 header (4) + reserved (4) */
	if (in->sets[NWF_A_NDTARGET] != NULL) {
		set_field(o, in, "@th,64,128", in->sets[NWF_A_NDTARGET]);
	} else if (nd != NULL) {
		fprintf(o, "@th,64,128 %s", cmp(in->neg));
		hex_bytes(o, (const uint8_t *) &nd->ip.u.v6, 16);
		fputc(' ', o);
	}
	return 0;
}

/* tcp, udp, ..., all and their -ipv6 forms. */
static int
write_l3(FILE *o, const struct nwf_match_in *in, const char **why)
{
	static const struct {
		enum nwf_proto proto;
		bool v6;
		unsigned l4;	/* 0: any */
	} t[] = {
		{ NWF_PROTO_TCP, false, 6 }, { NWF_PROTO_UDP, false, 17 },
		{ NWF_PROTO_SCTP, false, 132 },
		{ NWF_PROTO_UDPLITE, false, 136 },
		{ NWF_PROTO_ESP, false, 50 }, { NWF_PROTO_AH, false, 51 },
		{ NWF_PROTO_ICMP, false, 1 }, { NWF_PROTO_IGMP, false, 2 },
		{ NWF_PROTO_ALL, false, 0 },
		{ NWF_PROTO_TCP_IPV6, true, 6 },
		{ NWF_PROTO_UDP_IPV6, true, 17 },
		{ NWF_PROTO_SCTP_IPV6, true, 132 },
		{ NWF_PROTO_UDPLITE_IPV6, true, 136 },
		{ NWF_PROTO_ESP_IPV6, true, 50 },
		{ NWF_PROTO_AH_IPV6, true, 51 },
		{ NWF_PROTO_ICMPV6, true, 58 },
		{ NWF_PROTO_ALL_IPV6, true, 0 },
	};
	const struct nwf_val *flags = v(in, NWF_A_TCP_FLAGS);
	const char *ip;
	size_t i;

	for (i = 0; t[i].proto != in->proto; i++)
		if (i + 1 == sizeof t / sizeof t[0]) {
			*why = "unknown protocol element";
			return -EINVAL;
		}
	ip = t[i].v6 ? "ip6" : "ip";
	fprintf(o, "ether type %s ", ip);
	if (t[i].l4 != 0)
		l4proto(o, "meta l4proto", t[i].l4, false);
	mac_field(o, in, "ether saddr", NWF_A_SRCMACADDR, NULL);
	ip_field(o, in, t[i].v6 ? "ip6 saddr" : "ip saddr", v(in,
	    NWF_A_SRCIPADDR), v(in, NWF_A_SRCIPMASK),
	    in->sets[NWF_A_SRCIPADDR]);
	ip_field(o, in, t[i].v6 ? "ip6 daddr" : "ip daddr", v(in,
	    NWF_A_DSTIPADDR), v(in, NWF_A_DSTIPMASK),
	    in->sets[NWF_A_DSTIPADDR]);
	ip_range(o, t[i].v6 ? "ip6 saddr" : "ip saddr", v(in,
	    NWF_A_SRCIPFROM), v(in, NWF_A_SRCIPTO), in->neg);
	ip_range(o, t[i].v6 ? "ip6 daddr" : "ip daddr", v(in,
	    NWF_A_DSTIPFROM), v(in, NWF_A_DSTIPTO), in->neg);
	num_range(o, t[i].v6 ? "ip6 dscp" : "ip dscp", v(in, NWF_A_DSCP),
	    NULL, in->neg);
	if (ports(o, in, port_hdr(t[i].l4), why) < 0)
		return -EINVAL;
	if (flags != NULL)
		fprintf(o, "tcp flags & 0x%02x %s 0x%02x ", flags->u >> 8,
		    in->neg ? "!=" : "==", flags->u & 0xff);
	if (v(in, NWF_A_TCP_OPTION) != NULL)
		fprintf(o, "tcp option %u %s ", v(in, NWF_A_TCP_OPTION)->u,
		    in->neg ? "missing" : "exists");
	num_range(o, t[i].v6 ? "icmpv6 type" : "icmp type", v(in,
	    NWF_A_TYPE), NULL, in->neg);
	num_range(o, t[i].v6 ? "icmpv6 code" : "icmp code", v(in,
	    NWF_A_CODE), NULL, in->neg);
	return 0;
}

const char *
nwf_match_set_for(enum nwf_proto proto, enum nwf_attr_id id,
    enum nwf_setvar var)
{
	bool l3 = nwf_attr_proto_is_l3(proto);
	bool v6 = proto == NWF_PROTO_IPV6 || proto >= NWF_PROTO_TCP_IPV6;

	switch (id) {
	case NWF_A_SRCMACADDR:
	case NWF_A_DSTMACADDR:
		return var == NWF_SETVAR_MAC ? NWF_SET_MAC : NULL;
	case NWF_A_ARPSRCMACADDR:
	case NWF_A_ARPDSTMACADDR:
		if (var != NWF_SETVAR_MAC)
			return NULL;
		return proto == NWF_PROTO_ARP ? NWF_SET_MAC : NWF_SET_MACRAW;
	case NWF_A_DHCPCHADDR:
		return var == NWF_SETVAR_MAC ? NWF_SET_MACRAW : NULL;
	case NWF_A_SRCIPADDR:
	case NWF_A_DSTIPADDR:
		if (proto != NWF_PROTO_IP && proto != NWF_PROTO_IPV6 && !l3)
			return NULL;
		if (var == NWF_SETVAR_IP4 && !v6)
			return NWF_SET_IP4;
		return var == NWF_SETVAR_IP6 && v6 ? NWF_SET_IP6 : NULL;
	case NWF_A_ARPSRCIPADDR:
	case NWF_A_ARPDSTIPADDR:
		return var == NWF_SETVAR_IP4 && proto == NWF_PROTO_ARP ?
		    NWF_SET_IP4 : NULL;
	case NWF_A_NDTARGET:
		return var == NWF_SETVAR_IP6 ? NWF_SET_ND6 : NULL;
	default:
		return NULL;
	}
}

int
nwf_match_write(const struct nwf_match_in *in, FILE *out, const char **why)
{
	*why = NULL;
	switch (in->proto) {
	case NWF_PROTO_NONE:
		return 0;
	case NWF_PROTO_MAC:
		write_mac(out, in);
		return 0;
	case NWF_PROTO_VLAN:
		write_vlan(out, in);
		return 0;
	case NWF_PROTO_STP:
		write_stp(out, in);
		return 0;
	case NWF_PROTO_ARP:
		write_arp(out, in);
		return 0;
	case NWF_PROTO_RARP:
		write_rarp(out, in);
		return 0;
	case NWF_PROTO_IP:
		return write_ip(out, in, why);
	case NWF_PROTO_IPV6:
		return write_ipv6(out, in, why);
	default:
		return write_l3(out, in, why);
	}
}
