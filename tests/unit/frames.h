/* Hand-built Ethernet frames for snooper tests and benchmarks: DHCPv4,
 * DHCPv6 and ARP, with valid IPv4 header checksums. */
#ifndef VIGIL_TESTS_FRAMES_H
#define VIGIL_TESTS_FRAMES_H

#include <stddef.h>
#include <stdint.h>

#define FRAMES_MAX 1600

struct frame {
	uint8_t b[FRAMES_MAX];
	size_t len;
};

/* A DHCPv4 message; NULL strings and zero numbers are left out. */
struct frame_dhcp4 {
	const uint8_t *eth_src, *eth_dst;
	const char *ip_src, *ip_dst;
	uint16_t sport, dport;
	uint8_t op;		/* 1 request, 2 reply */
	uint8_t type;		/* option 53 */
	uint32_t xid;
	const uint8_t *chaddr;
	const char *ciaddr, *yiaddr;
	const char *server_id;	/* option 54 */
	const char *requested;	/* option 50 */
	uint32_t lease;		/* option 51 */
};

void frame_dhcp4(struct frame *f, const struct frame_dhcp4 *d);

/* A DHCPv6 message with one IA_NA holding addr (when not NULL). */
void frame_dhcp6(struct frame *f, const uint8_t *eth_src,
    const uint8_t *eth_dst, const char *ip_src, const char *ip_dst,
    uint16_t sport, uint16_t dport, uint8_t type, const char *addr,
    uint32_t valid);

/* An ARP request from mac/sender for target. */
void frame_arp(struct frame *f, const uint8_t *mac, const char *sender,
    const char *target);

/* An AF_PACKET socket for sending on ifname; aborts on failure. */
int frame_socket(const char *ifname);
/* Send f on s; aborts on failure. */
void frame_send(int s, const struct frame *f);

#endif
