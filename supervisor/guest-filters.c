/* The guest's port filters and address learning: the "filters" and
 * "learning" start steps, between "ports" (host ends made, still down) and
 * "ports up", so that nothing leaves a port before its filter is in. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "supervisor/guest-priv.h"
#include "supervisor/learn.h"
#include "supervisor/port.h"
#include "supervisor/port-filter.h"
#include "supervisor/port-set.h"

/* Install one port's filter; fail closed (the caller's start fails and the
 * port never comes up). */
static int
filter_port(struct guest *g, struct port *p, struct port_filter **out,
    struct vg_err *err)
{
	const struct domain_if *c = port_config(p);
	const struct addr_ip *server = port_network_address(p);
	struct port_filter_config cfg = {
		.guest = g->name,
		.ifname = port_host_name(p),
		.filter = c->filterref->filter,
		.params = c->filterref->params,
		.nparams = c->filterref->nparams,
		.dhcpservers = server,
		.ndhcpservers = server != NULL ? 1 : 0,
		.root = g->root,
	};
	struct port_filter *pf;
	int r;

	memcpy(cfg.mac, c->mac, sizeof cfg.mac);
	pf = port_filter_new(g->base, &cfg);
	r = port_filter_install(pf, err);
	if (r >= 0)
		r = port_filter_watch_start(pf, err);
	if (r < 0) {
		(void) port_filter_remove(pf, NULL);
		port_filter_free(pf);
		return r;	/* err names the port and the filter */
	}
	log_info("port %s: filter %s installed", cfg.ifname, cfg.filter);
	*out = pf;
	return 0;
}

int
guest_filters_do(struct guest *g, struct vg_err *err)
{
	size_t i, n = port_set_count(g->ports);
	int r;

	g->filters = xcalloc(n, sizeof *g->filters);
	g->nfilters = n;
	for (i = 0; i < n; i++) {
		struct port *p = port_set_get(g->ports, i);

		if (port_config(p)->filterref == NULL)
			continue;
		r = filter_port(g, p, &g->filters[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

void
guest_filters_undo(struct guest *g)
{
	struct vg_err err;
	size_t i;

	for (i = 0; i < g->nfilters; i++) {
		if (g->filters[i] == NULL)
			continue;
		if (port_filter_remove(g->filters[i], &err) < 0)
			log_warn(0, "%s", err.msg);
		port_filter_free(g->filters[i]);
	}
	free(g->filters);
	g->filters = NULL;
	g->nfilters = 0;
}

/* One snooper per port whose filter learns; stored leases go back in
 * before the port comes up. */
int
guest_learn_do(struct guest *g, struct vg_err *err)
{
	size_t i;
	int r;

	g->learn = learn_new(g->base, g->root, g->name, g->dom->uuid);
	for (i = 0; i < g->nfilters; i++) {
		struct port *p = port_set_get(g->ports, i);

		if (g->filters[i] == NULL)
			continue;
		r = learn_add_port(g->learn, p, g->filters[i], err);
		if (r < 0)
			return vg_err_prefix(err, "port %s: learning: ",
			    port_host_name(p));
	}
	return 0;
}

void
guest_learn_undo(struct guest *g)
{
	learn_free(g->learn);
	g->learn = NULL;
}

json_t *
guest_drops(const struct guest *g)
{
	json_t *all = json_object();
	size_t i;

	for (i = 0; i < g->nfilters; i++) {
		json_t *drops = g->filters[i] != NULL ?
		    port_filter_drops(g->filters[i]) : NULL;

		if (drops != NULL)
			(void) json_object_set_new(all,
			    port_filter_ifname(g->filters[i]), drops);
	}
	return all;
}

/* Add each port's filter (name, drop counters) and learned addresses to
 * the objects of ifaces (port_set_describe's array, in port order). */
void
guest_filters_describe(const struct guest *g, json_t *ifaces)
{
	size_t i;

	for (i = 0; i < g->nfilters && i < json_array_size(ifaces); i++) {
		json_t *o = json_array_get(ifaces, i);
		json_t *f;

		if (g->filters[i] == NULL || !json_is_object(o))
			continue;
		f = port_filter_describe(g->filters[i]);
		if (f != NULL) {
			(void) json_object_update(o, f);
			json_decref(f);
		}
		if (g->learn != NULL)
			learn_info(g->learn, port_filter_ifname(g->filters[i]),
			    o);
	}
}
