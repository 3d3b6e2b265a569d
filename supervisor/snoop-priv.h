/* The snooper's insides, shared by snoop.c (socket, rate limit, lifecycle)
 * and snoop-rules.c (what a frame means: the trust rules). */
#ifndef VIGIL_SNOOP_PRIV_H
#define VIGIL_SNOOP_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include "supervisor/snoop-addrs.h"
#include "supervisor/snoop.h"

struct event;

#define SNOOP_BATCH 16		/* frames per recvmmsg */
#define SNOOP_WAKE_MAX 16	/* recvmmsg calls per wake-up, then yield */
#define SNOOP_FRAME_MAX 2048	/* larger frames are counted malformed */
#define SNOOP_PAUSE_MS 100	/* reading paused when over the rate */
#define SNOOP_RCVBUF 32768	/* small: a flood overflows it, not us */

enum snoop_warn {
	SNOOP_WARN_MALFORMED,
	SNOOP_WARN_UNTRUSTED,
	SNOOP_WARN_RATE,
	SNOOP_WARN_FULL,
	SNOOP_WARN_KINDS,
};

struct snoop {
	struct event_base *base;
	char *ifname;
	int ifindex;
	uint8_t mac[6];
	enum snoop_mode mode;
	struct addr_ip trusted[SNOOP_MAX_TRUSTED];
	size_t ntrusted;

	int fd;
	struct event *ev;
	struct event *resume_ev;	/* ends a pause of the rate limit */
	bool any_filter;	/* the BPF program also takes ARP/IPv4 */

	double tokens;		/* rate limit: a bucket of SNOOP_RATE */
	int64_t refill_ms;

	/* The guest's last DHCPREQUEST, to know what a NAK refuses. */
	bool pending;
	uint32_t pending_xid;
	struct in_addr pending_ip;

	int64_t warned_ms[SNOOP_WARN_KINDS];
	struct snoop_stats stats;
	struct snoop_addrs addrs;

	struct mmsghdr msgs[SNOOP_BATCH];
	struct iovec iov[SNOOP_BATCH];
	struct sockaddr_ll sll[SNOOP_BATCH];
	uint8_t *bufs;		/* SNOOP_BATCH * SNOOP_FRAME_MAX */
};


/* Per-packet events are debug-only; this lets one warning of a kind out
 * every 10 s. */
bool snoop_may_warn(struct snoop *s, enum snoop_warn k);

/* Act on one frame read from the port (to_guest: it was leaving it). */
void snoop_rules_handle(struct snoop *s, const uint8_t *buf, size_t len,
    bool to_guest);
/* The BPF program to use now: with "any", ARP/IPv4 only while nothing is
 * known. */
void snoop_rules_update_filter(struct snoop *s);

#endif
