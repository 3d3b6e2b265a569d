/* The snooper: reads its packet socket in batches, rate-limits, parses with
 * dhcp.c and applies the trust rules; snoop-addrs.c keeps what it learns. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

#include <event2/event.h>

#include "common/err.h"
#include "common/fd.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/dhcp.h"
#include "supervisor/snoop-addrs.h"
#include "supervisor/snoop-bpf.h"
#include "supervisor/snoop.h"

#define SNOOP_BATCH 16		/* frames per recvmmsg */
#define SNOOP_WAKE_MAX 16	/* recvmmsg calls per wake-up, then yield */
#define SNOOP_FRAME_MAX 2048	/* larger frames are counted malformed */
#define WARN_INTERVAL_MS 10000	/* one warning of a kind per 10 s */
#define SNOOP_PAUSE_MS 100	/* reading paused when over the rate */
#define SNOOP_RCVBUF 32768	/* small: a flood overflows it, not us */

enum warn_kind {
	WARN_MALFORMED,
	WARN_UNTRUSTED,
	WARN_RATE,
	WARN_FULL,
	WARN_KINDS,
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

	int64_t warned_ms[WARN_KINDS];
	struct snoop_stats stats;
	struct snoop_addrs addrs;

	struct mmsghdr msgs[SNOOP_BATCH];
	struct iovec iov[SNOOP_BATCH];
	struct sockaddr_ll sll[SNOOP_BATCH];
	uint8_t *bufs;		/* SNOOP_BATCH * SNOOP_FRAME_MAX */
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Per-packet events are debug-only; this lets one warning of a kind out
 * every WARN_INTERVAL_MS. */
static bool
may_warn(struct snoop *s, enum warn_kind k)
{
	int64_t now = now_ms();

	if (s->warned_ms[k] != 0 && now - s->warned_ms[k] < WARN_INTERVAL_MS)
		return false;
	s->warned_ms[k] = now;
	return true;
}

int
snoop_mode_parse(const char *s, enum snoop_mode *out)
{
	if (strcasecmp(s, "any") == 0)
		*out = SNOOP_LEARN_ANY;
	else if (strcasecmp(s, "dhcp") == 0)
		*out = SNOOP_LEARN_DHCP;
	else if (strcasecmp(s, "none") == 0)
		*out = SNOOP_LEARN_NONE;
	else
		return -EINVAL;
	return 0;
}

const char *
snoop_mode_name(enum snoop_mode m)
{
	switch (m) {
	case SNOOP_LEARN_ANY:
		return "any";
	case SNOOP_LEARN_DHCP:
		return "dhcp";
	default:
		return "none";
	}
}

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

/* In "any" mode the filter takes ARP/IPv4 only while nothing is known. */
static void
update_filter(struct snoop *s)
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
	    may_warn(s, WARN_FULL))
		(void) log_warn(0, "port %s: not learning %s: %d addresses "
		    "known already", s->ifname,
		    addr_ip_format(ip, buf, sizeof buf), SNOOP_MAX_ADDRS);
	update_filter(s);
}

static void
forget(struct snoop *s, const struct addr_ip *ip, const char *why)
{
	(void) snoop_addrs_forget(&s->addrs, ip, why);
	update_filter(s);
}

static void
untrusted(struct snoop *s, const char *what, const struct addr_ip *from)
{
	char buf[INET6_ADDRSTRLEN];

	s->stats.untrusted++;
	if (may_warn(s, WARN_UNTRUSTED))
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
			update_filter(s);
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

static void
handle(struct snoop *s, const uint8_t *buf, size_t len, bool to_guest)
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
		if (may_warn(s, WARN_MALFORMED))
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

static void
refill(struct snoop *s, int64_t now)
{
	s->tokens += (double) (now - s->refill_ms) * SNOOP_RATE / 1000.0;
	s->refill_ms = now;
	if (s->tokens > SNOOP_RATE)
		s->tokens = SNOOP_RATE;
}

/* Over the rate: stop reading for a while. Meanwhile the kernel drops what
 * overflows the (small) receive queue, which costs this process nothing;
 * snoop_get_stats() adds those drops up. */
static void
pause_reading(struct snoop *s)
{
	struct timeval tv = { 0, SNOOP_PAUSE_MS * 1000 };

	if (may_warn(s, WARN_RATE))
		(void) log_warn(0, "port %s: more than %d DHCP frames a "
		    "second, dropping the excess", s->ifname, SNOOP_RATE);
	(void) event_del(s->ev);
	(void) evtimer_add(s->resume_ev, &tv);
}

static void
resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct snoop *s = arg;

	(void) fd;
	(void) what;
	if (s->ev != NULL)
		(void) event_add(s->ev, NULL);
}

static void
read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct snoop *s = arg;
	int i, n, round;

	(void) what;
	for (round = 0; round < SNOOP_WAKE_MAX; round++) {
		refill(s, now_ms());
		if (s->tokens < 1.0) {
			pause_reading(s);
			return;
		}
		for (i = 0; i < SNOOP_BATCH; i++) {
			s->msgs[i].msg_hdr.msg_namelen = sizeof s->sll[i];
			s->msgs[i].msg_hdr.msg_flags = 0;
		}
		n = recvmmsg(fd, s->msgs, SNOOP_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EINTR &&
			    may_warn(s, WARN_MALFORMED))
				(void) log_warn(-errno, "port %s: recvmmsg",
				    s->ifname);
			return;
		}
		for (i = 0; i < n; i++) {
			s->stats.frames++;
			if (s->tokens < 1.0) {
				s->stats.rate_dropped++;
				continue;
			}
			s->tokens -= 1.0;
			if (s->msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
				s->stats.malformed++;
			else
				handle(s, s->iov[i].iov_base,
				    s->msgs[i].msg_len,
				    s->sll[i].sll_pkttype == PACKET_OUTGOING);
		}
		if (n < SNOOP_BATCH)
			return;
	}
}

struct snoop *
snoop_new(struct event_base *base, const struct snoop_config *cfg)
{
	struct snoop *s = xcalloc(1, sizeof *s);
	int i;

	s->base = base;
	s->ifname = xstrdup(cfg->ifname);
	s->ifindex = cfg->ifindex;
	memcpy(s->mac, cfg->mac, 6);
	s->mode = cfg->mode;
	s->ntrusted = cfg->ntrusted < SNOOP_MAX_TRUSTED ? cfg->ntrusted :
	    SNOOP_MAX_TRUSTED;
	if (s->ntrusted > 0)
		memcpy(s->trusted, cfg->trusted,
		    s->ntrusted * sizeof s->trusted[0]);
	s->fd = -1;
	s->tokens = SNOOP_RATE;
	s->refill_ms = now_ms();
	s->resume_ev = evtimer_new(base, resume_cb, s);
	if (s->resume_ev == NULL)
		fatal(-ENOMEM, "port %s: evtimer_new", s->ifname);
	s->bufs = xcalloc(SNOOP_BATCH, SNOOP_FRAME_MAX);
	for (i = 0; i < SNOOP_BATCH; i++) {
		s->iov[i].iov_base = s->bufs + (size_t) i * SNOOP_FRAME_MAX;
		s->iov[i].iov_len = SNOOP_FRAME_MAX;
		s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
		s->msgs[i].msg_hdr.msg_iovlen = 1;
		s->msgs[i].msg_hdr.msg_name = &s->sll[i];
	}
	snoop_addrs_init(&s->addrs, base, cfg, s->ifname, &s->stats);
	return s;
}

int
snoop_start(struct snoop *s, struct vg_err *err)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = s->ifindex,
	};
	int r, rcvbuf;

	if (s->mode == SNOOP_LEARN_NONE || s->fd >= 0)
		return 0;
	/* Protocol 0: nothing is queued before the filter is in and the
	 * socket is bound to the port. */
	s->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return vg_err_sys(err, -errno, "port %s: packet socket",
		    s->ifname);
	s->any_filter = s->mode == SNOOP_LEARN_ANY;
	r = snoop_bpf_attach(s->fd, s->any_filter);
	if (r < 0) {
		fd_close(&s->fd);
		return vg_err_sys(err, r, "port %s: attach packet filter",
		    s->ifname);
	}
	rcvbuf = SNOOP_RCVBUF;
	if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof rcvbuf) < 0)
		(void) log_warn(-errno, "port %s: SO_RCVBUF", s->ifname);
	if (bind(s->fd, (struct sockaddr *) &sll, sizeof sll) < 0) {
		r = -errno;
		fd_close(&s->fd);
		return vg_err_sys(err, r, "port %s: bind packet socket",
		    s->ifname);
	}
	s->ev = event_new(s->base, s->fd, EV_READ | EV_PERSIST, read_cb, s);
	if (s->ev == NULL || event_add(s->ev, NULL) < 0) {
		snoop_stop(s);
		return vg_err_set(err, -ENOMEM, "port %s: add snoop event",
		    s->ifname);
	}
	snoop_addrs_restore(&s->addrs);
	update_filter(s);
	log_debug("port %s: snooping DHCP (learning %s)", s->ifname,
	    snoop_mode_name(s->mode));
	return 0;
}

void
snoop_stop(struct snoop *s)
{
	if (s->resume_ev != NULL)
		(void) evtimer_del(s->resume_ev);
	if (s->ev != NULL) {
		event_free(s->ev);
		s->ev = NULL;
	}
	fd_close(&s->fd);
	snoop_addrs_stop(&s->addrs);
}

void
snoop_free(struct snoop *s)
{
	if (s == NULL)
		return;
	snoop_stop(s);
	if (s->resume_ev != NULL)
		event_free(s->resume_ev);
	snoop_addrs_done(&s->addrs);
	free(s->bufs);
	free(s->ifname);
	free(s);
}

const struct snoop_stats *
snoop_get_stats(struct snoop *s)
{
	struct tpacket_stats st;
	socklen_t len = sizeof st;

	/* The kernel's counters reset on each read: add them up. */
	if (s->fd >= 0 && getsockopt(s->fd, SOL_PACKET, PACKET_STATISTICS,
	    &st, &len) == 0)
		s->stats.kernel_drops += st.tp_drops;
	return &s->stats;
}

size_t
snoop_count(const struct snoop *s)
{
	return snoop_addrs_count(&s->addrs);
}

void
snoop_info(struct snoop *s, json_t *obj)
{
	const struct snoop_stats *st = snoop_get_stats(s);

	(void) json_object_set_new(obj, "learning",
	    json_string(snoop_mode_name(s->mode)));
	(void) json_object_set_new(obj, "addresses",
	    snoop_addrs_json(&s->addrs));
	(void) json_object_set_new(obj, "snoop", json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
	    "frames", (json_int_t) st->frames,
	    "rate_dropped", (json_int_t) st->rate_dropped,
	    "malformed", (json_int_t) st->malformed,
	    "untrusted", (json_int_t) st->untrusted,
	    "ignored", (json_int_t) st->ignored,
	    "full", (json_int_t) st->full,
	    "learned", (json_int_t) st->learned,
	    "forgotten", (json_int_t) st->forgotten,
	    "kernel_drops", (json_int_t) st->kernel_drops));
}
