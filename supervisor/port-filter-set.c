/* The filters of one guest's ports (see port-filter-set.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/log.h"
#include "common/netstate.h"
#include "common/xalloc.h"
#include "supervisor/port-filter-set.h"
#include "supervisor/port-filter.h"
#include "supervisor/port-set.h"
#include "supervisor/port.h"

struct port_filter_set {
	struct port_filter **pf;
	size_t n;
};

/* DHCPSERVER's default: the started network's own address. */
static size_t
network_address(const char *root, const struct domain_if *ifc,
    struct addr_ip *out)
{
	struct netstate st;
	struct vg_err err;

	if (ifc->type != DOMAIN_IF_NETWORK || ifc->source == NULL ||
	    netstate_read(root, ifc->source, &st, &err) < 0 ||
	    st.address.family != AF_INET)
		return 0;
	*out = st.address;
	return 1;
}

static int
add_port(struct port_filter_set *s, struct event_base *base,
    const struct port *p, const char *guest, const char *root,
    struct vg_err *err)
{
	const struct domain_if *ifc = port_config(p);
	struct port_filter_config cfg = {
		.guest = guest,
		.ifname = port_host_name(p),
		.root = root,
	};
	struct addr_ip server;
	struct port_filter *pf;
	int r;

	if (ifc->filterref == NULL)
		return 0;
	cfg.filter = ifc->filterref->filter;
	cfg.params = ifc->filterref->params;
	cfg.nparams = ifc->filterref->nparams;
	memcpy(cfg.mac, ifc->mac, 6);
	cfg.ndhcpservers = network_address(root, ifc, &server);
	cfg.dhcpservers = &server;
	pf = port_filter_new(base, &cfg);
	r = port_filter_install(pf, err);
	if (r < 0) {
		port_filter_free(pf);
		return r;
	}
	s->pf = xreallocarray(s->pf, s->n + 1, sizeof *s->pf);
	s->pf[s->n++] = pf;
	log_info("port %s: filter %s installed", cfg.ifname, cfg.filter);
	return 0;
}

int
port_filter_set_new(struct event_base *base, struct port_set *ports,
    const char *guest, const char *root, struct port_filter_set **out,
    struct vg_err *err)
{
	struct port_filter_set *s = xcalloc(1, sizeof *s);
	size_t i;
	int r;

	*out = NULL;
	for (i = 0; ports != NULL && i < port_set_count(ports); i++) {
		r = add_port(s, base, port_set_get(ports, i), guest, root,
		    err);
		if (r < 0) {
			port_filter_set_free(s);
			return r;
		}
	}
	*out = s;
	return 0;
}

int
port_filter_set_watch(struct port_filter_set *s, struct vg_err *err)
{
	size_t i;
	int r;

	for (i = 0; s != NULL && i < s->n; i++) {
		r = port_filter_watch_start(s->pf[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

struct port_filter *
port_filter_set_get(struct port_filter_set *s, const char *ifname)
{
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (strcmp(port_filter_ifname(s->pf[i]), ifname) == 0)
			return s->pf[i];
	return NULL;
}

json_t *
port_filter_set_describe(struct port_filter_set *s)
{
	json_t *a = json_array(), *o;
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++) {
		o = port_filter_describe(s->pf[i]);
		json_object_set_new(o, "port", json_string(
		    port_filter_ifname(s->pf[i])));
		json_array_append_new(a, o);
	}
	return a;
}

void
port_filter_set_free(struct port_filter_set *s)
{
	struct vg_err err;
	size_t i;

	if (s == NULL)
		return;
	for (i = s->n; i-- > 0;) {
		if (port_filter_remove(s->pf[i], &err) < 0)
			log_warn(0, "%s", err.msg);
		port_filter_free(s->pf[i]);
	}
	free(s->pf);
	free(s);
}
