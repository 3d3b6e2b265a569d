/* Pure, bounds-checked parsing of DHCP (RFC 2131/2132) and DHCPv6 (RFC 8415)
 * frames as a packet socket returns them: Ethernet with up to two VLAN tags,
 * IPv4 or IPv6, UDP, then BOOTP + options or a DHCPv6 message. No
 * allocation, no logging, no counting; never reads outside the buffer. */
#ifndef VIGIL_DHCP_H
#define VIGIL_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "common/addr.h"

#define DHCP_MAX_VLANS 2
#define DHCP_DUID_MAX 130	/* RFC 8415 11.1: 2 type octets + 128 */
#define DHCP6_MAX_ADDRS 8	/* IAADDRs kept per message */
#define DHCP_LEASE_INFINITE UINT32_MAX

#define DHCP_PORT_SERVER 67
#define DHCP_PORT_CLIENT 68
#define DHCP6_PORT_CLIENT 546
#define DHCP6_PORT_SERVER 547

/* dhcp_parse_frame flags */
#define DHCP_PARSE_CSUM 0x1	/* verify the IPv4 header checksum */

/* DHCPv4 message types (option 53). */
enum dhcp_type {
	DHCP_NONE = 0,		/* plain BOOTP: no option 53 */
	DHCP_DISCOVER = 1,
	DHCP_OFFER = 2,
	DHCP_REQUEST = 3,
	DHCP_DECLINE = 4,
	DHCP_ACK = 5,
	DHCP_NAK = 6,
	DHCP_RELEASE = 7,
	DHCP_INFORM = 8,
};

/* DHCPv6 message types (relay messages are refused). */
enum dhcp6_type {
	DHCP6_SOLICIT = 1,
	DHCP6_ADVERTISE = 2,
	DHCP6_REQUEST = 3,
	DHCP6_CONFIRM = 4,
	DHCP6_RENEW = 5,
	DHCP6_REBIND = 6,
	DHCP6_REPLY = 7,
	DHCP6_RELEASE = 8,
	DHCP6_DECLINE = 9,
	DHCP6_RECONFIGURE = 10,
	DHCP6_INFO_REQUEST = 11,
};

struct dhcp_eth {
	uint8_t dst[6];
	uint8_t src[6];
	uint16_t vlan[DHCP_MAX_VLANS];	/* TCIs, outermost first */
	unsigned nvlan;
	uint16_t ethertype;	/* after the tags */
};

struct dhcp_v4 {
	uint8_t op;		/* 1 BOOTREQUEST, 2 BOOTREPLY */
	uint8_t htype;
	uint8_t hlen;
	uint32_t xid;		/* host order, as are the numbers below */
	uint16_t flags;
	struct in_addr ciaddr, yiaddr, siaddr, giaddr;
	uint8_t chaddr[16];
	enum dhcp_type type;
	uint8_t overload;	/* option 52: 1 file, 2 sname, 3 both */
	bool has_server_id;
	struct in_addr server_id;	/* option 54 */
	bool has_requested_ip;
	struct in_addr requested_ip;	/* option 50 */
	bool has_lease;
	uint32_t lease;		/* option 51, seconds */
	bool has_renewal;
	uint32_t renewal;	/* option 58 (T1) */
	bool has_rebinding;
	uint32_t rebinding;	/* option 59 (T2) */
};

struct dhcp6_addr {
	struct in6_addr addr;
	uint32_t iaid;
	uint32_t preferred;
	uint32_t valid;
	uint16_t status;	/* of the IAADDR or its IA_NA; 0 = success */
};

struct dhcp_v6 {
	enum dhcp6_type type;
	uint32_t xid;		/* 24 bits */
	uint8_t client_id[DHCP_DUID_MAX];
	size_t client_id_len;	/* 0 = absent */
	uint8_t server_id[DHCP_DUID_MAX];
	size_t server_id_len;
	bool has_status;
	uint16_t status;	/* message-level status code */
	unsigned nia;		/* IA_NA options seen */
	struct dhcp6_addr addrs[DHCP6_MAX_ADDRS];
	unsigned naddrs;
	bool addrs_truncated;	/* more IAADDRs than DHCP6_MAX_ADDRS */
};

struct dhcp_msg {
	struct dhcp_eth eth;
	struct addr_ip src;	/* IP source and destination */
	struct addr_ip dst;
	uint16_t sport;
	uint16_t dport;
	union {
		struct dhcp_v4 v4;	/* src.family == AF_INET */
		struct dhcp_v6 v6;	/* src.family == AF_INET6 */
	} u;
};

/* Parse one frame into out (overwritten). Returns 0; -ENOMSG when the frame
 * is well formed but not DHCP (another protocol or port); -EOPNOTSUPP for
 * what is refused rather than read: IP fragments, IPv6 fragment or unknown
 * extension headers, relay messages, non-Ethernet hardware addresses;
 * -EINVAL for malformed input (lengths, checksum with DHCP_PARSE_CSUM,
 * options). */
int dhcp_parse_frame(const uint8_t *buf, size_t len, unsigned flags,
    struct dhcp_msg *out);

/* The UDP payloads alone (same returns). */
int dhcp_parse_v4(const uint8_t *buf, size_t len, struct dhcp_v4 *out);
int dhcp_parse_v6(const uint8_t *buf, size_t len, struct dhcp_v6 *out);

/* For first-packet learning: the sender of an Ethernet/IPv4 ARP request or
 * reply, or the source of an IPv4 packet. Returns 0 with eth and *ip set,
 * -ENOMSG for any other frame, -EINVAL when malformed. */
int dhcp_parse_sender(const uint8_t *buf, size_t len, struct dhcp_eth *eth,
    struct in_addr *ip);

/* "ACK", "REPLY", ... or "unknown". */
const char *dhcp_type_name(enum dhcp_type t);
const char *dhcp6_type_name(enum dhcp6_type t);

#endif
