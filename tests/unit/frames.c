/* Frame builders for tests: see frames.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

#include "tests/unit/frames.h"

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
put_ip(uint8_t *p, int family, const char *s)
{
	if (inet_pton(family, s, p) != 1) {
		fprintf(stderr, "frames: bad address %s\n", s);
		abort();
	}
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

static size_t
opt_ip(uint8_t *p, size_t n, uint8_t code, const char *ip)
{
	p[n] = code;
	p[n + 1] = 4;
	put_ip(p + n + 2, AF_INET, ip);
	return n + 6;
}

void
frame_dhcp4(struct frame *f, const struct frame_dhcp4 *d)
{
	uint8_t *ip, *p;
	size_t n;

	memset(f, 0, sizeof *f);
	memcpy(f->b, d->eth_dst, 6);
	memcpy(f->b + 6, d->eth_src, 6);
	put16(f->b + 12, 0x0800);
	ip = f->b + 14;
	p = ip + 28;
	p[0] = d->op;
	p[1] = 1;
	p[2] = 6;
	put32(p + 4, d->xid);
	if (d->ciaddr != NULL)
		put_ip(p + 12, AF_INET, d->ciaddr);
	if (d->yiaddr != NULL)
		put_ip(p + 16, AF_INET, d->yiaddr);
	memcpy(p + 28, d->chaddr, 6);
	put32(p + 236, 0x63825363);
	n = 240;
	p[n++] = 53;
	p[n++] = 1;
	p[n++] = d->type;
	if (d->server_id != NULL)
		n = opt_ip(p, n, 54, d->server_id);
	if (d->requested != NULL)
		n = opt_ip(p, n, 50, d->requested);
	if (d->lease != 0) {
		p[n++] = 51;
		p[n++] = 4;
		put32(p + n, d->lease);
		n += 4;
	}
	p[n++] = 255;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t) (28 + n));
	ip[8] = 64;
	ip[9] = 17;
	put_ip(ip + 12, AF_INET, d->ip_src);
	put_ip(ip + 16, AF_INET, d->ip_dst);
	put16(ip + 10, csum(ip, 20));
	put16(ip + 20, d->sport);
	put16(ip + 22, d->dport);
	put16(ip + 24, (uint16_t) (8 + n));
	f->len = 14 + 28 + n;
}

void
frame_dhcp6(struct frame *f, const uint8_t *eth_src, const uint8_t *eth_dst,
    const char *ip_src, const char *ip_dst, uint16_t sport, uint16_t dport,
    uint8_t type, const char *addr, uint32_t valid)
{
	uint8_t *ip, *u, *p;
	size_t n = 4;

	memset(f, 0, sizeof *f);
	memcpy(f->b, eth_dst, 6);
	memcpy(f->b + 6, eth_src, 6);
	put16(f->b + 12, 0x86dd);
	ip = f->b + 14;
	u = ip + 40;
	p = u + 8;
	p[0] = type;
	p[3] = 7;
	put16(p + n, 1);			/* client id */
	put16(p + n + 2, 10);
	memcpy(p + n + 4, "\x00\x03\x00\x01", 4);
	memcpy(p + n + 8, eth_src, 6);
	n += 14;
	if (addr != NULL) {
		put16(p + n, 3);		/* IA_NA */
		put16(p + n + 2, 12 + 28);
		put32(p + n + 4, 1);
		n += 16;
		put16(p + n, 5);		/* IAADDR */
		put16(p + n + 2, 24);
		put_ip(p + n + 4, AF_INET6, addr);
		put32(p + n + 20, valid / 2);
		put32(p + n + 24, valid);
		n += 28;
	}
	ip[0] = 0x60;
	put16(ip + 4, (uint16_t) (8 + n));
	ip[6] = 17;
	ip[7] = 64;
	put_ip(ip + 8, AF_INET6, ip_src);
	put_ip(ip + 24, AF_INET6, ip_dst);
	put16(u, sport);
	put16(u + 2, dport);
	put16(u + 4, (uint16_t) (8 + n));
	f->len = 14 + 40 + 8 + n;
}

void
frame_arp(struct frame *f, const uint8_t *mac, const char *sender,
    const char *target)
{
	uint8_t *a;

	memset(f, 0, sizeof *f);
	memset(f->b, 0xff, 6);
	memcpy(f->b + 6, mac, 6);
	put16(f->b + 12, 0x0806);
	a = f->b + 14;
	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1);
	memcpy(a + 8, mac, 6);
	put_ip(a + 14, AF_INET, sender);
	put_ip(a + 24, AF_INET, target);
	f->len = 60;				/* padded to the minimum */
}

int
frame_socket(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int s;

	s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	sll.sll_ifindex = (int) if_nametoindex(ifname);
	if (s < 0 || sll.sll_ifindex == 0 ||
	    bind(s, (struct sockaddr *) &sll, sizeof sll) < 0) {
		perror("frame_socket");
		abort();
	}
	return s;
}

void
frame_send(int s, const struct frame *f)
{
	if (send(s, f->b, f->len, 0) != (ssize_t) f->len) {
		perror("frame_send");
		abort();
	}
}
