/* MAC and IP addresses: parsing, formatting and subnet arithmetic. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "common/addr.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Six octets of one or two hex digits each, separated by ':' or '-' (the
 * same separator throughout), as libvirt's virMacAddrParse takes them. */
int
addr_mac_parse(const char *s, uint8_t mac[6])
{
	uint8_t out[6];
	char sep = '\0';
	int i, h, l;

	for (i = 0; i < 6; i++) {
		if (i > 0) {
			if (sep == '\0' && (*s == ':' || *s == '-'))
				sep = *s;
			if (*s != sep || sep == '\0')
				return -EINVAL;
			s++;
		}
		h = hexval(s[0]);
		if (h < 0)
			return -EINVAL;
		l = hexval(s[1]);
		if (l < 0) {
			out[i] = (uint8_t) h;
			s += 1;
		} else {
			out[i] = (uint8_t) (h << 4 | l);
			s += 2;
		}
	}
	if (*s != '\0')
		return -EINVAL;
	memcpy(mac, out, sizeof out);
	return 0;
}

void
addr_mac_format(const uint8_t mac[6], char buf[ADDR_MAC_STRLEN])
{
	(void) snprintf(buf, ADDR_MAC_STRLEN,
	    "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
	    mac[4], mac[5]);
}

/* Random bytes from getrandom, else /dev/urandom, else the clock: a MAC
 * needs to be unlikely to collide, not secret. */
static void
random_bytes(uint8_t *buf, size_t len)
{
	struct timespec ts;
	size_t got = 0, i;
	ssize_t n;
	int fd;

	while (got < len) {
		n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t) n;
	}
	if (got == len)
		return;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0) {
		while (got < len) {
			n = read(fd, buf + got, len - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t) n;
		}
		(void) close(fd);
	}
	if (got == len)
		return;
	(void) clock_gettime(CLOCK_REALTIME, &ts);
	for (i = got; i < len; i++)
		buf[i] = (uint8_t) ((unsigned long) ts.tv_nsec >> (i % 4 * 8) ^
		    (unsigned long) getpid() >> (i % 2 * 8) ^ i * 131);
}

void
addr_uuid_generate(uint8_t uuid[16])
{
	random_bytes(uuid, 16);
	/* Version 4 (random), RFC 4122 variant. */
	uuid[6] = (uint8_t) ((uuid[6] & 0x0f) | 0x40);
	uuid[8] = (uint8_t) ((uuid[8] & 0x3f) | 0x80);
}

void
addr_mac_generate(uint8_t mac[6])
{
	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	random_bytes(mac + 3, 3);
}

int
addr_ip_parse(const char *s, struct addr_ip *out)
{
	struct addr_ip a;

	memset(&a, 0, sizeof a);
	if (strchr(s, ':') != NULL) {
		if (inet_pton(AF_INET6, s, &a.u.v6) != 1)
			return -EINVAL;
		a.family = AF_INET6;
	} else {
		if (inet_pton(AF_INET, s, &a.u.v4) != 1)
			return -EINVAL;
		a.family = AF_INET;
	}
	*out = a;
	return 0;
}

const char *
addr_ip_format(const struct addr_ip *a, char *buf, size_t len)
{
	if (len == 0)
		return NULL;
	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    len > (size_t) INT32_MAX ||
	    inet_ntop(a->family, &a->u, buf, (socklen_t) len) == NULL) {
		buf[0] = '\0';
		return NULL;
	}
	return buf;
}

static size_t
family_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

bool
addr_ip_equal(const struct addr_ip *a, const struct addr_ip *b)
{
	if (a->family != b->family)
		return false;
	if (a->family != AF_INET && a->family != AF_INET6)
		return false;
	return memcmp(&a->u, &b->u, family_bytes(a->family)) == 0;
}

bool
addr_ip_in_subnet(const struct addr_ip *a, const struct addr_ip *net,
    unsigned prefix)
{
	const uint8_t *x = (const uint8_t *) &a->u;
	const uint8_t *y = (const uint8_t *) &net->u;
	unsigned full, rest;
	uint8_t mask;

	if (a->family != net->family ||
	    (a->family != AF_INET && a->family != AF_INET6))
		return false;
	if (prefix > family_bytes(a->family) * 8)
		return false;
	full = prefix / 8;
	rest = prefix % 8;
	if (memcmp(x, y, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t) (0xff << (8 - rest));
	return (x[full] & mask) == (y[full] & mask);
}

int
addr_netmask_prefix(const struct addr_ip *mask)
{
	const uint8_t *m = (const uint8_t *) &mask->u;
	size_t i, n;
	int prefix = 0;
	bool ended = false;
	uint8_t b;

	if (mask->family != AF_INET && mask->family != AF_INET6)
		return -EINVAL;
	n = family_bytes(mask->family);
	for (i = 0; i < n; i++) {
		b = m[i];
		if (ended) {
			if (b != 0)
				return -EINVAL;
			continue;
		}
		if (b == 0xff) {
			prefix += 8;
			continue;
		}
		/* A partial byte must be ones then zeros: ~b + 1 a power of
		 * two. */
		if ((uint8_t) (~b & (uint8_t) (~b + 1)) != 0)
			return -EINVAL;
		while (b & 0x80) {
			prefix++;
			b = (uint8_t) (b << 1);
		}
		ended = true;
	}
	return prefix;
}

uint32_t
addr_ip4_host(const struct addr_ip *a)
{
	if (a->family != AF_INET)
		return 0;
	return ntohl(a->u.v4.s_addr);
}
