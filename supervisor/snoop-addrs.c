/* A snooper's learned addresses, their lease timers and their storage. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>

#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/leases.h"
#include "supervisor/snoop-addrs.h"

#define SAVE_INTERVAL_MS 1000	/* at most one leases.json write a second */

static int64_t
now_ms(void)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
source_name(enum snoop_source s)
{
	return s == SNOOP_SRC_DHCP ? "dhcp" : "packet";
}

static void
save_now(struct snoop_addrs *t)
{
	struct vg_err err;

	t->dirty = false;
	t->last_save_ms = now_ms();
	if (t->store == NULL)
		return;
	(void) leases_prune(t->store, (int64_t) time(NULL));
	if (leases_save(t->store, t->store_path, &err) < 0)
		(void) log_warn(0, "port %s: %s", t->ifname, err.msg);
}

static void
save_cb(evutil_socket_t fd, short what, void *arg)
{
	(void) fd;
	(void) what;
	save_now(arg);
}

/* Write the store now, or within SAVE_INTERVAL_MS of the last write. */
static void
save_soon(struct snoop_addrs *t)
{
	int64_t wait = t->last_save_ms + SAVE_INTERVAL_MS - now_ms();
	struct timeval tv;

	if (t->store == NULL || evtimer_pending(t->save_ev, NULL))
		return;
	if (wait <= 0) {
		save_now(t);
		return;
	}
	t->dirty = true;
	tv.tv_sec = wait / 1000;
	tv.tv_usec = (wait % 1000) * 1000;
	(void) evtimer_add(t->save_ev, &tv);
}

static void
store_update(struct snoop_addrs *t, struct snoop_addr *a, bool remove)
{
	int r;

	if (t->store == NULL || a->source != SNOOP_SRC_DHCP)
		return;
	if (remove)
		r = leases_remove(t->store, t->mac, &a->ip);
	else
		r = leases_set(t->store, t->mac, &a->ip, a->expires);
	if (r == -ENOSPC)
		(void) log_warn(0, "port %s: lease store full", t->ifname);
	if (r > 0)
		save_soon(t);
}

static void
drop(struct snoop_addrs *t, struct snoop_addr *a, const char *why)
{
	char buf[INET6_ADDRSTRLEN];

	(void) evtimer_del(a->timer);
	store_update(t, a, true);
	a->used = false;
	t->stats->forgotten++;
	log_info("port %s: forgot %s (%s)", t->ifname,
	    addr_ip_format(&a->ip, buf, sizeof buf), why);
	t->ops.forgotten_cb(&a->ip, t->arg);
}

static void
expire_cb(evutil_socket_t fd, short what, void *arg)
{
	struct snoop_addr *a = arg;

	(void) fd;
	(void) what;
	drop(a->owner, a, "lease expired");
}

void
snoop_addrs_init(struct snoop_addrs *t, struct event_base *base,
    const struct snoop_config *cfg, const char *ifname,
    struct snoop_stats *stats)
{
	size_t i;

	memset(t, 0, sizeof *t);
	t->base = base;
	t->ifname = ifname;
	memcpy(t->mac, cfg->mac, 6);
	t->ops = cfg->ops;
	t->arg = cfg->arg;
	t->stats = stats;
	if (cfg->leases != NULL && cfg->leases_path != NULL) {
		t->store = cfg->leases;
		t->store_path = xstrdup(cfg->leases_path);
	}
	t->save_ev = evtimer_new(base, save_cb, t);
	for (i = 0; i < SNOOP_MAX_ADDRS; i++) {
		t->a[i].owner = t;
		t->a[i].timer = evtimer_new(base, expire_cb, &t->a[i]);
	}
	if (t->save_ev == NULL || t->a[SNOOP_MAX_ADDRS - 1].timer == NULL)
		fatal(-ENOMEM, "port %s: evtimer_new", ifname);
}

void
snoop_addrs_stop(struct snoop_addrs *t)
{
	size_t i;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++)
		if (t->a[i].timer != NULL)
			(void) evtimer_del(t->a[i].timer);
	if (t->save_ev != NULL && evtimer_pending(t->save_ev, NULL)) {
		(void) evtimer_del(t->save_ev);
		save_now(t);
	}
}

void
snoop_addrs_done(struct snoop_addrs *t)
{
	size_t i;

	snoop_addrs_stop(t);
	for (i = 0; i < SNOOP_MAX_ADDRS; i++)
		if (t->a[i].timer != NULL)
			event_free(t->a[i].timer);
	if (t->save_ev != NULL)
		event_free(t->save_ev);
	free(t->store_path);
	memset(t, 0, sizeof *t);
}

static struct snoop_addr *
find(struct snoop_addrs *t, const struct addr_ip *ip)
{
	size_t i;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++)
		if (t->a[i].used && addr_ip_equal(&t->a[i].ip, ip))
			return &t->a[i];
	return NULL;
}

static struct snoop_addr *
free_slot(struct snoop_addrs *t)
{
	size_t i;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++)
		if (!t->a[i].used)
			return &t->a[i];
	return NULL;
}

/* Arm a's timer for lease seconds and set its expiry (0 = never). */
static void
arm(struct snoop_addr *a, uint32_t lease)
{
	struct timeval tv = { .tv_sec = (time_t) lease };

	(void) evtimer_del(a->timer);
	if (lease == SNOOP_LEASE_INFINITE) {
		a->expires = 0;
		return;
	}
	a->expires = (int64_t) time(NULL) + lease;
	(void) evtimer_add(a->timer, &tv);
}

int
snoop_addrs_learn(struct snoop_addrs *t, const struct addr_ip *ip,
    uint32_t lease, enum snoop_source source)
{
	struct snoop_addr *a = find(t, ip);
	char buf[INET6_ADDRSTRLEN];
	bool renew = a != NULL;
	int r;

	if (a == NULL && (a = free_slot(t)) == NULL) {
		t->stats->full++;
		return -ENOSPC;
	}
	r = t->ops.learned_cb(ip, lease, t->arg);
	(void) addr_ip_format(ip, buf, sizeof buf);
	if (r < 0) {
		(void) log_warn(r, "port %s: allowing %s failed", t->ifname,
		    buf);
		if (renew)
			drop(t, a, "could not be renewed");
		return r;
	}
	a->used = true;
	a->ip = *ip;
	if (!renew || source == SNOOP_SRC_DHCP)
		a->source = source;
	arm(a, lease);
	store_update(t, a, false);
	t->stats->learned++;
	if (lease == SNOOP_LEASE_INFINITE)
		log_info("port %s: %s %s (%s, no expiry)", t->ifname,
		    renew ? "renewed" : "learned", buf, source_name(source));
	else
		log_info("port %s: %s %s (%s, lease %u s)", t->ifname,
		    renew ? "renewed" : "learned", buf, source_name(source),
		    lease);
	return renew ? 0 : 1;
}

int
snoop_addrs_forget(struct snoop_addrs *t, const struct addr_ip *ip,
    const char *why)
{
	struct snoop_addr *a = find(t, ip);

	if (a == NULL)
		return 0;
	drop(t, a, why);
	return 1;
}

int
snoop_addrs_forget_dhcp(struct snoop_addrs *t, int family, const char *why)
{
	size_t i;
	int n = 0;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++) {
		if (t->a[i].used && t->a[i].ip.family == family &&
		    t->a[i].source == SNOOP_SRC_DHCP) {
			drop(t, &t->a[i], why);
			n++;
		}
	}
	return n;
}

void
snoop_addrs_restore(struct snoop_addrs *t)
{
	int64_t now = (int64_t) time(NULL), left;
	struct lease copy[SNOOP_MAX_ADDRS];
	size_t i, n = 0;

	if (t->store == NULL)
		return;
	(void) leases_prune(t->store, now);
	/* learn() edits the store: work on a copy of this MAC's entries */
	for (i = 0; i < t->store->n && n < SNOOP_MAX_ADDRS; i++)
		if (memcmp(t->store->v[i].mac, t->mac, 6) == 0)
			copy[n++] = t->store->v[i];
	for (i = 0; i < n; i++) {
		left = copy[i].expires == 0 ? SNOOP_LEASE_INFINITE :
		    copy[i].expires - now;
		if (left >= SNOOP_LEASE_INFINITE)
			left = SNOOP_LEASE_INFINITE - 1;
		(void) snoop_addrs_learn(t, &copy[i].ip, (uint32_t) left,
		    SNOOP_SRC_DHCP);
	}
}

size_t
snoop_addrs_count(const struct snoop_addrs *t)
{
	size_t i, n = 0;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++)
		n += t->a[i].used;
	return n;
}

json_t *
snoop_addrs_json(const struct snoop_addrs *t)
{
	int64_t now = (int64_t) time(NULL);
	char buf[INET6_ADDRSTRLEN];
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < SNOOP_MAX_ADDRS; i++) {
		const struct snoop_addr *a = &t->a[i];

		if (!a->used)
			continue;
		o = json_pack("{s:s, s:s}", "ip",
		    addr_ip_format(&a->ip, buf, sizeof buf), "source",
		    source_name(a->source));
		if (o != NULL && a->expires != 0) {
			(void) json_object_set_new(o, "expires",
			    json_integer(a->expires));
			(void) json_object_set_new(o, "remaining",
			    json_integer(a->expires > now ?
			    a->expires - now : 0));
		}
		if (o != NULL)
			(void) json_array_append_new(arr, o);
	}
	return arr;
}
