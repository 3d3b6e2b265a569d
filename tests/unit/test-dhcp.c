/* supervisor/dhcp.c: hand-built frames, good and bad. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "supervisor/dhcp.h"
#include "tests/unit/unit.h"

#define FRAME_MAX 2048

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };
static const uint8_t host_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };

struct frame {
	uint8_t b[FRAME_MAX];
	size_t len;
};

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t) (v >> 8);
	p[1] = (uint8_t) v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t) (v >> 16));
	put16(p + 2, (uint16_t) v);
}

static void
put_ip(uint8_t *p, const char *s)
{
	ck_assert_int_eq(inet_pton(AF_INET, s, p), 1);
}

/* A BOOTP message of 240 octets (with the magic cookie) at p. */
static size_t
bootp(uint8_t *p, uint8_t op, const char *ciaddr, const char *yiaddr)
{
	memset(p, 0, 240);
	p[0] = op;
	p[1] = 1;
	p[2] = 6;
	put32(p + 4, 0x11223344);
	put_ip(p + 12, ciaddr);
	put_ip(p + 16, yiaddr);
	memcpy(p + 28, guest_mac, 6);
	put32(p + 236, 0x63825363);
	return 240;
}

static size_t
opt(uint8_t *p, size_t off, uint8_t code, uint8_t len, const void *v)
{
	p[off] = code;
	p[off + 1] = len;
	memcpy(p + off + 2, v, len);
	return off + 2 + len;
}

static size_t
opt8(uint8_t *p, size_t off, uint8_t code, uint8_t v)
{
	return opt(p, off, code, 1, &v);
}

static size_t
opt32(uint8_t *p, size_t off, uint8_t code, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	return opt(p, off, code, 4, b);
}

static size_t
opt_ip(uint8_t *p, size_t off, uint8_t code, const char *ip)
{
	uint8_t b[4];

	put_ip(b, ip);
	return opt(p, off, code, 4, b);
}

static uint16_t
csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t) (p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t) ~sum;
}

/* Ethernet (with nvlan tags) + IPv4 + UDP around payload. */
static void
frame4(struct frame *f, unsigned nvlan, const char *src, const char *dst,
    uint16_t sport, uint16_t dport, const uint8_t *payload, size_t plen)
{
	uint8_t *ip;
	size_t off = 12;
	unsigned i;

	memset(f, 0, sizeof *f);
	memcpy(f->b, guest_mac, 6);
	memcpy(f->b + 6, host_mac, 6);
	for (i = 0; i < nvlan; i++, off += 4) {
		put16(f->b + off, i == 0 && nvlan > 1 ? 0x88a8 : 0x8100);
		put16(f->b + off + 2, (uint16_t) (100 + i));
	}
	put16(f->b + off, 0x0800);
	ip = f->b + off + 2;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t) (20 + 8 + plen));
	ip[8] = 64;
	ip[9] = 17;
	put_ip(ip + 12, src);
	put_ip(ip + 16, dst);
	put16(ip + 10, csum(ip, 20));
	put16(ip + 20, sport);
	put16(ip + 22, dport);
	put16(ip + 24, (uint16_t) (8 + plen));
	memcpy(ip + 28, payload, plen);
	f->len = (size_t) (ip - f->b) + 28 + plen;
}

/* Offset of the IPv4 header in an untagged frame. */
#define L3 14

/* A DHCPACK from 10.0.0.1 giving 10.0.0.22 for 3600 s. */
static void
ack_frame(struct frame *f, uint8_t type)
{
	uint8_t p[600];
	size_t n;

	n = bootp(p, 2, "0.0.0.0", type == 6 ? "0.0.0.0" : "10.0.0.22");
	n = opt8(p, n, 53, type);
	n = opt_ip(p, n, 54, "10.0.0.1");
	if (type != 6) {
		n = opt32(p, n, 51, 3600);
		n = opt32(p, n, 58, 1800);
		n = opt32(p, n, 59, 3150);
	}
	n = opt_ip(p, n, 1, "255.255.255.0");
	p[n++] = 255;
	frame4(f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
}

START_TEST(test_ack)
{
	struct dhcp_msg m;
	struct frame f;
	char buf[INET6_ADDRSTRLEN];

	ack_frame(&f, 5);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.src.family, AF_INET);
	ck_assert_str_eq(addr_ip_format(&m.src, buf, sizeof buf), "10.0.0.1");
	ck_assert_int_eq(m.sport, 67);
	ck_assert_int_eq(m.dport, 68);
	ck_assert_int_eq(m.eth.nvlan, 0);
	ck_assert_mem_eq(m.eth.dst, guest_mac, 6);
	ck_assert_int_eq(m.u.v4.op, 2);
	ck_assert_int_eq(m.u.v4.type, DHCP_ACK);
	ck_assert_uint_eq(m.u.v4.xid, 0x11223344);
	ck_assert_str_eq(inet_ntoa(m.u.v4.yiaddr), "10.0.0.22");
	ck_assert_mem_eq(m.u.v4.chaddr, guest_mac, 6);
	ck_assert(m.u.v4.has_server_id);
	ck_assert_str_eq(inet_ntoa(m.u.v4.server_id), "10.0.0.1");
	ck_assert(m.u.v4.has_lease);
	ck_assert_uint_eq(m.u.v4.lease, 3600);
	ck_assert_uint_eq(m.u.v4.renewal, 1800);
	ck_assert_uint_eq(m.u.v4.rebinding, 3150);
	ck_assert_str_eq(dhcp_type_name(m.u.v4.type), "ACK");
}
END_TEST

START_TEST(test_nak_offer)
{
	struct dhcp_msg m;
	struct frame f;

	ack_frame(&f, 6);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_NAK);
	ck_assert(!m.u.v4.has_lease);
	ck_assert_uint_eq(m.u.v4.yiaddr.s_addr, 0);
	ack_frame(&f, 2);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_OFFER);
	ck_assert_uint_eq(m.u.v4.lease, 3600);
}
END_TEST

START_TEST(test_release_decline)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[400];
	size_t n;

	n = bootp(p, 1, "10.0.0.22", "0.0.0.0");
	n = opt8(p, n, 53, 7);
	n = opt_ip(p, n, 54, "10.0.0.1");
	p[n++] = 255;
	frame4(&f, 0, "10.0.0.22", "10.0.0.1", 68, 67, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_RELEASE);
	ck_assert_str_eq(inet_ntoa(m.u.v4.ciaddr), "10.0.0.22");

	n = bootp(p, 1, "0.0.0.0", "0.0.0.0");
	n = opt8(p, n, 53, 4);
	n = opt_ip(p, n, 50, "10.0.0.23");
	n = opt_ip(p, n, 54, "10.0.0.1");
	p[n++] = 255;
	frame4(&f, 0, "0.0.0.0", "255.255.255.255", 68, 67, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_DECLINE);
	ck_assert(m.u.v4.has_requested_ip);
	ck_assert_str_eq(inet_ntoa(m.u.v4.requested_ip), "10.0.0.23");
}
END_TEST

/* Option 52 = 3: more options in file (first) and sname; pad and end. */
START_TEST(test_overload)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[400];
	size_t n;

	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 52, 3);
	p[n++] = 0;
	p[n++] = 255;
	(void) opt8(p, 108, 53, 5);	/* file */
	p[111] = 0;
	(void) opt32(p, 112, 51, 600);
	p[118] = 255;
	(void) opt_ip(p, 44, 54, "10.0.0.1");	/* sname */
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_int_eq(m.u.v4.overload, 3);
	ck_assert_int_eq(m.u.v4.type, DHCP_ACK);
	ck_assert_uint_eq(m.u.v4.lease, 600);
	ck_assert(m.u.v4.has_server_id);

	/* Without the overload option, file and sname are not options. */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 53, 5);
	p[n++] = 255;
	(void) opt32(p, 108, 51, 600);
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert(!m.u.v4.has_lease);

	/* Overload from inside file is invalid; so is an overrun in file. */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 52, 1);
	n = opt8(p, n, 53, 5);
	(void) opt8(p, 108, 52, 2);
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	p[108] = 43;
	p[109] = 200;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
}
END_TEST

START_TEST(test_vlan)
{
	struct dhcp_msg m;
	struct frame f, g;

	ack_frame(&g, 5);
	frame4(&f, 1, "10.0.0.1", "10.0.0.22", 67, 68, g.b + L3 + 28,
	    g.len - L3 - 28);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.eth.nvlan, 1);
	ck_assert_int_eq(m.eth.vlan[0], 100);
	ck_assert_int_eq(m.u.v4.type, DHCP_ACK);
	frame4(&f, 2, "10.0.0.1", "10.0.0.22", 67, 68, g.b + L3 + 28,
	    g.len - L3 - 28);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.eth.nvlan, 2);
	ck_assert_int_eq(m.eth.vlan[1], 101);
	ck_assert_uint_eq(m.u.v4.lease, 3600);
	frame4(&f, 3, "10.0.0.1", "10.0.0.22", 67, 68, g.b + L3 + 28,
	    g.len - L3 - 28);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	/* A tag with nothing after it */
	ck_assert_int_eq(dhcp_parse_frame(f.b, 16, 0, &m), -EINVAL);
}
END_TEST

START_TEST(test_truncated_every_byte)
{
	struct dhcp_msg m;
	struct frame f, g;
	size_t len, plen;
	int r;

	ack_frame(&f, 5);
	for (len = 0; len < f.len; len++)
		ck_assert_int_eq(dhcp_parse_frame(f.b, len, 0, &m), -EINVAL);
	/* The DHCP payload cut short with consistent IP and UDP lengths */
	plen = f.len - L3 - 28;
	for (len = 0; len < plen; len++) {
		frame4(&g, 0, "10.0.0.1", "10.0.0.22", 67, 68,
		    f.b + L3 + 28, len);
		r = dhcp_parse_frame(g.b, g.len, DHCP_PARSE_CSUM, &m);
		if (len < 236)
			ck_assert_int_eq(r, -EINVAL);
		else
			ck_assert(r == 0 || r == -EINVAL);
	}
}
END_TEST

START_TEST(test_bad_lengths)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t *ip;

	ack_frame(&f, 5);
	ip = f.b + L3;
	put16(ip + 24, 7);			/* UDP length < header */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	put16(ip + 24, (uint16_t) (f.len - L3 - 20 + 1));	/* > IP */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);

	ack_frame(&f, 5);
	ip = f.b + L3;
	put16(ip + 2, 19);			/* total < header */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	put16(ip + 2, (uint16_t) (f.len - L3 + 1));	/* > frame */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);

	ack_frame(&f, 5);
	f.b[L3] = 0x44;				/* IHL 4 */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	f.b[L3] = 0x65;				/* version 6 */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);

	ack_frame(&f, 5);
	f.b[L3 + 28 + 241] = 2;			/* option 53 with length 2 */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	f.b[L3 + 28 + 241] = 250;		/* runs past the end */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);

	/* Ethernet padding after the IP datagram is ignored */
	ack_frame(&f, 5);
	f.len += 20;
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
}
END_TEST

START_TEST(test_bad_options)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[400];
	size_t n;

	/* Option 53 twice */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 53, 5);
	n = opt8(p, n, 53, 6);
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* An ACK in a BOOTREQUEST */
	n = bootp(p, 1, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 53, 5);
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* Lease time of 3 octets; server id of 5 */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt(p, n, 51, 3, "abc");
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt(p, n, 54, 5, "abcde");
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* Overload value 4; a code with no room for its length */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	n = opt8(p, n, 52, 4);
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	p[n++] = 12;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* BOOTP without the cookie: read, no type */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	p[236] = 0;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_NONE);
	/* Not Ethernet; an impossible hardware length */
	n = bootp(p, 2, "0.0.0.0", "10.0.0.22");
	p[1] = 6;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	p[1] = 1;
	p[2] = 17;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	p[2] = 6;
	p[0] = 3;
	frame4(&f, 0, "10.0.0.1", "10.0.0.22", 67, 68, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
}
END_TEST

START_TEST(test_fragments_checksum)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t *ip;

	ack_frame(&f, 5);
	ip = f.b + L3;
	put16(ip + 6, 0x2000);			/* more fragments */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	put16(ip + 6, 0x0010);			/* a later fragment */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	put16(ip + 6, 0x4000);			/* don't fragment: fine */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	/* the checksum no longer matches */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m),
	    -EINVAL);
}
END_TEST

/* An IPv4 header with options: NOP, record route (7 octets), EOL. */
START_TEST(test_ip_options)
{
	struct dhcp_msg m;
	struct frame f, g;
	uint8_t *ip;
	size_t plen;

	ack_frame(&g, 5);
	plen = g.len - L3 - 28;
	memcpy(f.b, g.b, L3);
	ip = f.b + L3;
	memset(ip, 0, 32);
	ip[0] = 0x48;
	put16(ip + 2, (uint16_t) (32 + 8 + plen));
	ip[9] = 17;
	memcpy(ip + 12, g.b + L3 + 12, 8);
	ip[20] = 1;
	ip[21] = 7;
	ip[22] = 7;
	ip[23] = 4;
	memcpy(ip + 32, g.b + L3 + 20, 8 + plen);
	put16(ip + 10, csum(ip, 32));
	f.len = L3 + 32 + 8 + plen;
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, DHCP_PARSE_CSUM, &m), 0);
	ck_assert_int_eq(m.u.v4.type, DHCP_ACK);
	ip[22] = 13;				/* option runs past IHL */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	ip[22] = 1;				/* length below 2 */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
}
END_TEST

START_TEST(test_not_dhcp)
{
	struct dhcp_msg m;
	struct frame f;

	ack_frame(&f, 5);
	put16(f.b + L3 + 22, 53);		/* to port 53 */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -ENOMSG);
	ack_frame(&f, 5);
	f.b[L3 + 9] = 6;			/* TCP */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -ENOMSG);
	put16(f.b + 12, 0x0806);		/* ARP */
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -ENOMSG);
}
END_TEST

/* DHCPv6 ------------------------------------------------------------ */

static size_t
opt6(uint8_t *p, size_t off, uint16_t code, uint16_t len, const void *v)
{
	put16(p + off, code);
	put16(p + off + 2, len);
	if (len > 0)
		memcpy(p + off + 4, v, len);
	return off + 4 + len;
}

/* An IA_NA with one IAADDR (and an optional status inside it) at p. */
static size_t
ia_na(uint8_t *p, uint32_t iaid, const char *addr, uint32_t pref,
    uint32_t valid, int status)
{
	uint8_t a[64], st[2];
	size_t n = 0;

	ck_assert_int_eq(inet_pton(AF_INET6, addr, a), 1);
	put32(a + 16, pref);
	put32(a + 20, valid);
	n = 24;
	if (status >= 0) {
		put16(st, (uint16_t) status);
		n = opt6(a, n, 13, 2, st);
	}
	put32(p, iaid);
	put32(p + 4, 1800);
	put32(p + 8, 2880);
	return opt6(p, 12, 5, (uint16_t) n, a);
}

/* Ethernet + IPv6 (+ ext, when ext_len > 0) + UDP around payload. */
static void
frame6(struct frame *f, uint16_t sport, uint16_t dport,
    const uint8_t *ext, size_t ext_len, uint8_t ext_type,
    const uint8_t *payload, size_t plen)
{
	uint8_t *ip, *u;

	memset(f, 0, sizeof *f);
	memcpy(f->b, guest_mac, 6);
	memcpy(f->b + 6, host_mac, 6);
	put16(f->b + 12, 0x86dd);
	ip = f->b + 14;
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t) (ext_len + 8 + plen));
	ip[6] = ext_len > 0 ? ext_type : 17;
	ip[7] = 64;
	ck_assert_int_eq(inet_pton(AF_INET6, "fe80::1", ip + 8), 1);
	ck_assert_int_eq(inet_pton(AF_INET6, "fe80::5054:ff:fe00:22", ip + 24),
	    1);
	if (ext_len > 0)
		memcpy(ip + 40, ext, ext_len);
	u = ip + 40 + ext_len;
	put16(u, sport);
	put16(u + 2, dport);
	put16(u + 4, (uint16_t) (8 + plen));
	if (plen > 0)
		memcpy(u + 8, payload, plen);
	f->len = 14 + 40 + ext_len + 8 + plen;
}

static size_t
reply6(uint8_t *p, uint8_t type, int ia_status)
{
	uint8_t ia[128], duid[10] = { 0, 3, 0, 1, 0x52, 0x54, 0, 0, 0, 0x22 };
	size_t n = 4, ialen;

	p[0] = type;
	p[1] = 0xab;
	p[2] = 0xcd;
	p[3] = 0xef;
	n = opt6(p, n, 1, sizeof duid, duid);
	n = opt6(p, n, 2, 4, "\x00\x03\x00\x01");
	ialen = ia_na(ia, 0x22, "fd00::22", 3000, 4000, -1);
	if (ia_status >= 0) {
		uint8_t st[5] = { 0, (uint8_t) ia_status, 'n', 'o', '!' };

		ialen = opt6(ia, ialen, 13, sizeof st, st);
	}
	return opt6(p, n, 3, (uint16_t) ialen, ia);
}

START_TEST(test_v6_reply)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[512];
	char buf[INET6_ADDRSTRLEN];
	struct addr_ip a = { .family = AF_INET6 };
	size_t n;

	n = reply6(p, 7, -1);
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_int_eq(m.src.family, AF_INET6);
	ck_assert_int_eq(m.u.v6.type, DHCP6_REPLY);
	ck_assert_uint_eq(m.u.v6.xid, 0xabcdef);
	ck_assert_uint_eq(m.u.v6.client_id_len, 10);
	ck_assert_uint_eq(m.u.v6.server_id_len, 4);
	ck_assert_uint_eq(m.u.v6.nia, 1);
	ck_assert_uint_eq(m.u.v6.naddrs, 1);
	a.u.v6 = m.u.v6.addrs[0].addr;
	ck_assert_str_eq(addr_ip_format(&a, buf, sizeof buf), "fd00::22");
	ck_assert_uint_eq(m.u.v6.addrs[0].iaid, 0x22);
	ck_assert_uint_eq(m.u.v6.addrs[0].preferred, 3000);
	ck_assert_uint_eq(m.u.v6.addrs[0].valid, 4000);
	ck_assert_uint_eq(m.u.v6.addrs[0].status, 0);
	ck_assert_str_eq(dhcp6_type_name(m.u.v6.type), "REPLY");

	/* The IA's status (NoBinding) applies to its address */
	n = reply6(p, 7, 3);
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_uint_eq(m.u.v6.addrs[0].status, 3);

	/* RELEASE and DECLINE from the client carry the IA too */
	n = reply6(p, 8, -1);
	frame6(&f, 546, 547, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_int_eq(m.u.v6.type, DHCP6_RELEASE);
	ck_assert_uint_eq(m.u.v6.naddrs, 1);
	n = reply6(p, 9, -1);
	frame6(&f, 546, 547, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_int_eq(m.u.v6.type, DHCP6_DECLINE);
}
END_TEST

START_TEST(test_v6_ext_headers)
{
	uint8_t hbh[8] = { 17, 0, 1, 4, 0, 0, 0, 0 };	/* PadN */
	uint8_t frag[8] = { 17, 0, 0, 0, 0, 0, 0, 1 };
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[512];
	size_t n;

	n = reply6(p, 7, -1);
	frame6(&f, 547, 546, hbh, sizeof hbh, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_uint_eq(m.u.v6.naddrs, 1);
	frame6(&f, 547, 546, frag, sizeof frag, 44, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	hbh[1] = 2;				/* 24 octets: past the end */
	frame6(&f, 547, 546, hbh, sizeof hbh, 0, NULL, 0);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	hbh[0] = 59;				/* no next header */
	hbh[1] = 0;
	frame6(&f, 547, 546, hbh, sizeof hbh, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -ENOMSG);
}
END_TEST

START_TEST(test_v6_bad)
{
	struct dhcp_msg m;
	struct frame f;
	uint8_t p[1024];
	size_t n, len, i;
	int r;

	n = reply6(p, 7, -1);
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	for (len = 0; len < f.len; len++)
		ck_assert_int_eq(dhcp_parse_frame(f.b, len, 0, &m), -EINVAL);
	/* consistent lengths, payload cut short */
	for (len = 0; len < n; len++) {
		frame6(&f, 547, 546, NULL, 0, 0, p, len);
		r = dhcp_parse_frame(f.b, f.len, 0, &m);
		ck_assert(r == 0 || r == -EINVAL);
		if (len < 4)
			ck_assert_int_eq(r, -EINVAL);
	}
	/* relay-reply is refused; so is a client id twice */
	p[0] = 13;
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EOPNOTSUPP);
	p[0] = 7;
	n = opt6(p, n, 1, 4, "\x00\x03\x00\x01");
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* an IA_NA too short for IAID, T1, T2 */
	n = opt6(p, 4, 3, 11, "01234567890");
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), -EINVAL);
	/* twelve IA_NAs: eight addresses kept, the rest flagged */
	n = 4;
	for (i = 0; i < 12; i++) {
		uint8_t ia[64];
		size_t ialen = ia_na(ia, (uint32_t) i, "fd00::9", 1, 2, 0);

		n = opt6(p, n, 3, (uint16_t) ialen, ia);
	}
	frame6(&f, 547, 546, NULL, 0, 0, p, n);
	ck_assert_int_eq(dhcp_parse_frame(f.b, f.len, 0, &m), 0);
	ck_assert_uint_eq(m.u.v6.naddrs, DHCP6_MAX_ADDRS);
	ck_assert_uint_eq(m.u.v6.nia, 12);
	ck_assert(m.u.v6.addrs_truncated);
}
END_TEST

START_TEST(test_sender)
{
	struct dhcp_eth eth;
	struct in_addr ip;
	struct frame f;
	uint8_t *a;

	ack_frame(&f, 5);
	ck_assert_int_eq(dhcp_parse_sender(f.b, f.len, &eth, &ip), 0);
	ck_assert_str_eq(inet_ntoa(ip), "10.0.0.1");
	memset(&f, 0, sizeof f);
	memcpy(f.b + 6, guest_mac, 6);
	put16(f.b + 12, 0x0806);
	a = f.b + 14;
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, guest_mac, 6);
	put_ip(a + 14, "10.0.0.44");
	put_ip(a + 24, "10.0.0.1");
	f.len = 14 + 28;
	ck_assert_int_eq(dhcp_parse_sender(f.b, f.len, &eth, &ip), 0);
	ck_assert_str_eq(inet_ntoa(ip), "10.0.0.44");
	ck_assert_mem_eq(eth.src, guest_mac, 6);
	ck_assert_int_eq(dhcp_parse_sender(f.b, f.len - 1, &eth, &ip),
	    -EINVAL);
	put16(a + 6, 3);			/* RARP request */
	ck_assert_int_eq(dhcp_parse_sender(f.b, f.len, &eth, &ip), -ENOMSG);
	put16(f.b + 12, 0x86dd);
	ck_assert_int_eq(dhcp_parse_sender(f.b, f.len, &eth, &ip), -ENOMSG);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("dhcp");
	TCase *tc = tcase_create("dhcp");

	tcase_add_test(tc, test_ack);
	tcase_add_test(tc, test_nak_offer);
	tcase_add_test(tc, test_release_decline);
	tcase_add_test(tc, test_overload);
	tcase_add_test(tc, test_vlan);
	tcase_add_test(tc, test_truncated_every_byte);
	tcase_add_test(tc, test_bad_lengths);
	tcase_add_test(tc, test_bad_options);
	tcase_add_test(tc, test_fragments_checksum);
	tcase_add_test(tc, test_ip_options);
	tcase_add_test(tc, test_not_dhcp);
	tcase_add_test(tc, test_v6_reply);
	tcase_add_test(tc, test_v6_ext_headers);
	tcase_add_test(tc, test_v6_bad);
	tcase_add_test(tc, test_sender);
	suite_add_tcase(s, tc);
	return s;
}
