/* The guest's snoopers and lease store, tied to its port filters. */
#include <errno.h>
#include <ifaddrs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <net/if.h>

#include "common/err.h"
#include "common/log.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/learn.h"
#include "supervisor/leases.h"
#include "supervisor/port-filter.h"
#include "supervisor/port.h"
#include "supervisor/snoop.h"

struct learn_port {
	LIST_ENTRY(learn_port) entry;
	struct learn *owner;
	char *ifname;
	struct port_filter *pf;		/* borrowed */
	struct snoop *snoop;
};

struct learn {
	struct event_base *base;
	char *path;			/* leases.json */
	struct leases store;
	LIST_HEAD(, learn_port) ports;
};

struct learn *
learn_new(struct event_base *base, const char *root, const char *guest,
    const uint8_t uuid[16])
{
	struct learn *l = xcalloc(1, sizeof *l);
	char *dir = path_get(root, PATH_GUEST_LIB, guest);
	struct vg_err err;
	int r;

	l->base = base;
	l->path = xprintf("%s/leases.json", dir);
	free(dir);
	LIST_INIT(&l->ports);
	leases_init(&l->store, uuid);
	r = leases_load(&l->store, l->path, &err);
	if (r < 0)
		(void) log_warn(0, "%s; starting without stored leases",
		    err.msg);
	else if (r > 0)
		log_debug("%s: %d stored leases", l->path, r);
	return l;
}

static int
learned_cb(const struct addr_ip *ip, uint32_t lease, void *arg)
{
	struct learn_port *lp = arg;
	struct vg_err err;
	int r;

	r = port_filter_addr_add(lp->pf, ip, lease, &err);
	if (r < 0)
		(void) log_warn(0, "%s", err.msg);
	return r;
}

static void
forgotten_cb(const struct addr_ip *ip, void *arg)
{
	struct learn_port *lp = arg;
	struct vg_err err;
	int r;

	r = port_filter_addr_del(lp->pf, ip, &err);
	if (r < 0 && r != -ENOENT)
		(void) log_warn(0, "%s", err.msg);
}

/* The bridge's IPv6 link-local addresses, appended to v (room for max). */
static size_t
bridge_link_locals(const char *bridge, struct addr_ip *v, size_t n,
    size_t max)
{
	struct ifaddrs *ifa, *i;
	const struct sockaddr_in6 *s6;

	if (bridge == NULL || bridge[0] == '\0' || getifaddrs(&ifa) < 0)
		return n;
	for (i = ifa; i != NULL && n < max; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET6 ||
		    strcmp(i->ifa_name, bridge) != 0)
			continue;
		s6 = (const struct sockaddr_in6 *) (const void *) i->ifa_addr;
		if (!IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr))
			continue;
		memset(&v[n], 0, sizeof v[n]);
		v[n].family = AF_INET6;
		v[n++].u.v6 = s6->sin6_addr;
	}
	freeifaddrs(ifa);
	return n;
}

/* $DHCPSERVER when given (each value), else the network's addresses. */
static int
trusted_servers(const struct learn_port_config *cfg, struct addr_ip *v,
    size_t max, struct vg_err *err)
{
	size_t i, n = 0;

	for (i = 0; i < cfg->nparams; i++) {
		if (strcmp(cfg->params[i].name, "DHCPSERVER") != 0)
			continue;
		if (n == max)
			return vg_err_set(err, -E2BIG, "port %s: more than %zu "
			    "DHCPSERVER values", cfg->ifname, max);
		if (addr_ip_parse(cfg->params[i].value, &v[n]) < 0)
			return vg_err_set(err, -EINVAL, "port %s: DHCPSERVER "
			    "'%s' is not an IP address", cfg->ifname,
			    cfg->params[i].value);
		n++;
	}
	if (n > 0)
		return (int) n;
	if (cfg->network_address != NULL)
		v[n++] = *cfg->network_address;
	return (int) bridge_link_locals(cfg->bridge, v, n, max);
}

static enum snoop_mode
mode_of(const struct port_filter *pf)
{
	switch (port_filter_learning(pf)) {
	case NWF_LEARN_DHCP:
		return SNOOP_LEARN_DHCP;
	case NWF_LEARN_NONE:
		return SNOOP_LEARN_NONE;
	default:
		return SNOOP_LEARN_ANY;
	}
}

int
learn_add(struct learn *l, const struct learn_port_config *cfg,
    struct vg_err *err)
{
	struct addr_ip trusted[SNOOP_MAX_TRUSTED];
	struct snoop_config sc = { 0 };
	struct learn_port *lp;
	int n, r;

	if (!port_filter_learns(cfg->pf) ||
	    mode_of(cfg->pf) == SNOOP_LEARN_NONE)
		return 0;
	n = trusted_servers(cfg, trusted, SNOOP_MAX_TRUSTED, err);
	if (n < 0)
		return n;
	if (n == 0)
		(void) log_warn(0, "port %s: no DHCPSERVER and no network "
		    "address: nothing will be learned from DHCP", cfg->ifname);
	sc.ifindex = (int) if_nametoindex(cfg->ifname);
	if (sc.ifindex == 0)
		return vg_err_sys(err, -errno, "port %s: if_nametoindex",
		    cfg->ifname);
	lp = xcalloc(1, sizeof *lp);
	lp->owner = l;
	lp->ifname = xstrdup(cfg->ifname);
	lp->pf = cfg->pf;
	sc.ifname = cfg->ifname;
	memcpy(sc.mac, cfg->mac, 6);
	sc.mode = mode_of(cfg->pf);
	sc.trusted = trusted;
	sc.ntrusted = (size_t) n;
	sc.leases = &l->store;
	sc.leases_path = l->path;
	sc.ops.learned_cb = learned_cb;
	sc.ops.forgotten_cb = forgotten_cb;
	sc.arg = lp;
	LIST_INSERT_HEAD(&l->ports, lp, entry);
	lp->snoop = snoop_new(l->base, &sc);
	r = snoop_start(lp->snoop, err);
	if (r == 0)
		log_info("port %s: learning addresses (%s)", cfg->ifname,
		    snoop_mode_name(sc.mode));
	return r;
}

int
learn_add_port(struct learn *l, const struct port *p, struct port_filter *pf,
    struct vg_err *err)
{
	const struct domain_if *dif = port_config(p);
	struct learn_port_config cfg = {
		.ifname = port_host_name(p),
		.network_address = port_network_address(p),
		.bridge = port_bridge(p),
		.pf = pf,
	};

	memcpy(cfg.mac, dif->mac, 6);
	if (dif->filterref != NULL) {
		cfg.params = dif->filterref->params;
		cfg.nparams = dif->filterref->nparams;
	}
	return learn_add(l, &cfg, err);
}

void
learn_info(struct learn *l, const char *ifname, json_t *obj)
{
	struct learn_port *lp;

	LIST_FOREACH(lp, &l->ports, entry)
		if (lp->snoop != NULL && strcmp(lp->ifname, ifname) == 0)
			snoop_info(lp->snoop, obj);
}

void
learn_free(struct learn *l)
{
	struct learn_port *lp;

	if (l == NULL)
		return;
	while ((lp = LIST_FIRST(&l->ports)) != NULL) {
		snoop_free(lp->snoop);
		LIST_REMOVE(lp, entry);
		free(lp->ifname);
		free(lp);
	}
	leases_done(&l->store);
	free(l->path);
	free(l);
}
