/* The snooper: reads its packet socket in batches and rate-limits, then
 * hands each frame to snoop-rules.c; snoop-addrs.c keeps what it learns. */
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
#include "supervisor/snoop-bpf.h"
#include "supervisor/snoop-priv.h"

static int64_t
now_ms(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define WARN_INTERVAL_MS 10000	/* one warning of a kind per 10 s */

bool
snoop_may_warn(struct snoop *s, enum snoop_warn k)
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

	if (snoop_may_warn(s, SNOOP_WARN_RATE))
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
			    snoop_may_warn(s, SNOOP_WARN_MALFORMED))
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
				snoop_rules_handle(s, s->iov[i].iov_base,
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
	snoop_rules_update_filter(s);
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
