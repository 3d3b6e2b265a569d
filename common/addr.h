/* MAC and IP addresses as they appear in configs. */
#ifndef VIGIL_ADDR_H
#define VIGIL_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define ADDR_MAC_STRLEN 18	/* "xx:xx:xx:xx:xx:xx" + NUL */

struct addr_ip {
	int family;		/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

/* "52:54:00:00:00:11" (or with '-'); returns 0 or -EINVAL. */
int addr_mac_parse(const char *s, uint8_t mac[6]);
void addr_mac_format(const uint8_t mac[6], char buf[ADDR_MAC_STRLEN]);
static inline bool
addr_mac_is_multicast(const uint8_t mac[6])
{
	return (mac[0] & 1) != 0;
}
/* A random locally-usable 52:54:00:xx:xx:xx address. */
void addr_mac_generate(uint8_t mac[6]);
/* A random (version 4) UUID, for configs that give none. */
void addr_uuid_generate(uint8_t uuid[16]);

/* IPv4 dotted quad or IPv6; returns 0 or -EINVAL. */
int addr_ip_parse(const char *s, struct addr_ip *out);
/* Formats into buf (INET6_ADDRSTRLEN bytes is always enough). */
const char *addr_ip_format(const struct addr_ip *a, char *buf, size_t len);
bool addr_ip_equal(const struct addr_ip *a, const struct addr_ip *b);
/* Whether a lies in net/prefix (same family). */
bool addr_ip_in_subnet(const struct addr_ip *a, const struct addr_ip *net,
    unsigned prefix);
/* Prefix length of a contiguous netmask, or -EINVAL. */
int addr_netmask_prefix(const struct addr_ip *mask);
/* Host-order IPv4 value (for ranges). */
uint32_t addr_ip4_host(const struct addr_ip *a);

#endif
