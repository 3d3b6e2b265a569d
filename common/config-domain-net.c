/* Guest config: <interface>, its <bandwidth> and its <filterref>.
 *
 * interface type=             network|bridge|direct; any other type
 *                             (ethernet, user, vhostuser, hostdev, ...):
 *                             ERROR, the guest would not be on a filtered
 *                             port
 *   mac@address               six octets, unicast, not all zero;
 *                             generated 52:54:00:xx:xx:xx when absent;
 *                             the same MAC twice in a guest: ERROR
 *   source@network|bridge|dev by type; @mode for direct (vepa, bridge,
 *                             private, passthrough; vepa when absent)
 *   target@dev                host port name (1-15 characters, no '/',
 *                             ':' or space); the same name twice: ERROR
 *   model@type                kept for kvm/qemu, warned for lxc
 *   bandwidth                 inbound/outbound with average (required),
 *                             peak, burst: integers 1..4294967295 (KiB/s,
 *                             KiB); floor and anything else inside: ERROR
 *   filterref@filter          with parameter@name/@value children (names
 *                             repeat: IP is a list); IP and DHCPSERVER
 *                             must be IPv4 addresses, IPV6 an IPv6 one,
 *                             MAC the interface's own MAC,
 *                             CTRL_IP_LEARNING any|dhcp|none; anything
 *                             else inside: ERROR; on a direct interface:
 *                             ERROR (no bridge port to filter)
 *   vlan                      ERROR: the guest would reach the untagged
 *                             network
 *   virtualport               ERROR: port profiles not implemented
 *   port isolated='yes'       ERROR: port isolation not implemented
 *   ip, route                 ERROR on lxc guests (addresses would not be
 *                             set), warning on kvm/qemu
 *   link, mtu, driver, boot, guest, address, rom, coalesce, tune,
 *   backend, teaming, script, downscript, acpi, and anything else: warning
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-domain-net.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"

#define IFNAME_MAX 15
#define BW_MAX 4294967295ULL
#define PARAM_VALUE_MAX 256

static const char *const no_attrs[] = { NULL };

/* The kernel's dev_valid_name, limited to printable ASCII. */
static const char *
ifname_problem(const char *s)
{
	const char *p;

	if (s[0] == '\0')
		return "empty interface name";
	if (strlen(s) > IFNAME_MAX)
		return "interface name longer than 15 characters";
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return "invalid interface name";
	for (p = s; *p != '\0'; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '/' || *p == ':')
			return "invalid interface name: no '/', ':', spaces "
			    "or control characters";
	return NULL;
}

static int
ifname_check(struct domxml *x, const xmlNode *n, const char *attr,
    const char *v)
{
	const char *why = ifname_problem(v);

	return why != NULL ? domxml_bad(x, n, attr, v, "%s", why) : 0;
}

static void
parse_mac(struct domxml *x, xmlNode *n, void *obj)
{
	static const uint8_t zero[6];
	struct domain_if *ifc = obj;
	char *v = domxml_required(x, n, "address");
	uint8_t mac[6];

	domxml_attrs(x, n, (const char *const[]) { "address", NULL }, false);
	if (v == NULL)
		return;
	if (addr_mac_parse(v, mac) < 0)
		domxml_bad(x, n, "address", v, "invalid MAC address: six "
		    "octets of hex digits expected");
	else if (addr_mac_is_multicast(mac))
		domxml_bad(x, n, "address", v, "multicast address");
	else if (memcmp(mac, zero, sizeof zero) == 0)
		domxml_bad(x, n, "address", v, "all-zero address");
	else {
		memcpy(ifc->mac, mac, sizeof mac);
		ifc->mac_generated = false;
	}
	free(v);
}

static void
parse_source(struct domxml *x, xmlNode *n, void *obj)
{
	static const char *const modes[] = { "vepa", "bridge", "private",
	    "passthrough", NULL };
	struct domain_if *ifc = obj;
	const char *attr;
	struct vg_err err;
	char *v, *mode;
	size_t i;

	attr = ifc->type == DOMAIN_IF_NETWORK ? "network" :
	    ifc->type == DOMAIN_IF_BRIDGE ? "bridge" : "dev";
	domxml_attrs(x, n, (const char *const[]) { attr,
	    ifc->type == DOMAIN_IF_DIRECT ? "mode" : NULL, NULL }, false);
	v = domxml_required(x, n, attr);
	if (v == NULL)
		return;
	if (ifc->type == DOMAIN_IF_NETWORK) {
		if (path_check_name(v, &err) < 0)
			domxml_bad(x, n, attr, v, "%s", err.msg);
		else
			ifc->source = xstrdup(v);
	} else if (ifname_check(x, n, attr, v) == 0) {
		ifc->source = xstrdup(v);
	}
	free(v);
	if (ifc->type != DOMAIN_IF_DIRECT)
		return;
	mode = cfgxml_attr(n, "mode");
	if (mode == NULL) {
		ifc->source_mode = xstrdup("vepa");
		return;
	}
	for (i = 0; modes[i] != NULL; i++)
		if (strcmp(mode, modes[i]) == 0)
			ifc->source_mode = xstrdup(mode);
	if (ifc->source_mode == NULL)
		domxml_bad(x, n, "mode", mode, "unknown mode: expected vepa, "
		    "bridge, private or passthrough");
	free(mode);
}

static void
parse_target(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_if *ifc = obj;
	char *dev = cfgxml_attr(n, "dev");

	domxml_attrs(x, n, (const char *const[]) { "dev", NULL }, false);
	if (dev != NULL && ifname_check(x, n, "dev", dev) == 0) {
		ifc->target = dev;
		return;
	}
	free(dev);
}

static void
parse_model(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_if *ifc = obj;
	char *type;

	domxml_attrs(x, n, (const char *const[]) { "type", NULL }, false);
	if (!domxml_vm_only(x, n))
		return;
	type = domxml_required(x, n, "type");
	if (type == NULL)
		return;
	if (!domxml_token(type, "_-", 32))
		domxml_bad(x, n, "type", type, "invalid model name");
	else
		ifc->model = xstrdup(type);
	free(type);
}

static void
parse_bw_dir(struct domxml *x, xmlNode *n, struct domain_bw *bw)
{
	char *floor = cfgxml_attr(n, "floor");
	char *avg = cfgxml_attr(n, "average");

	domxml_attrs(x, n, (const char *const[]) { "average", "peak",
	    "burst", "floor", NULL }, true);
	if (floor != NULL)
		domxml_bad(x, n, "floor", floor, "not supported: guaranteed "
		    "bandwidth is not implemented");
	if (avg == NULL) {
		diag_error(x->d, cfgxml_line(n),
		    "<%s>: missing attribute 'average'",
		    (const char *) n->name);
	} else if (domxml_attr_u64(x, n, "average", 1, BW_MAX,
	    &bw->average) == 1) {
		bw->set = true;
	}
	(void) domxml_attr_u64(x, n, "peak", 1, BW_MAX, &bw->peak);
	(void) domxml_attr_u64(x, n, "burst", 1, BW_MAX, &bw->burst);
	free(floor);
	free(avg);
}

static void
parse_inbound(struct domxml *x, xmlNode *n, void *obj)
{
	parse_bw_dir(x, n, &((struct domain_if *) obj)->inbound);
}

static void
parse_outbound(struct domxml *x, xmlNode *n, void *obj)
{
	parse_bw_dir(x, n, &((struct domain_if *) obj)->outbound);
}

static const struct domxml_rule bandwidth_rules[] = {
	{ "inbound", DOMXML_PARSE, true, parse_inbound, NULL },
	{ "outbound", DOMXML_PARSE, true, parse_outbound, NULL },
	{ NULL, DOMXML_REFUSE, false, NULL, NULL },
};

static void
parse_bandwidth(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, true);
	domxml_children(x, n, bandwidth_rules, true, obj);
}

/* A problem with value for parameter name, or NULL. */
static const char *
param_problem(const struct domain_filterref *ref, const char *name,
    const char *value)
{
	struct addr_ip ip;
	uint8_t mac[6];
	const char *p;

	if (strcmp(name, "IP") == 0 || strcmp(name, "DHCPSERVER") == 0)
		return addr_ip_parse(value, &ip) < 0 || ip.family != AF_INET ?
		    "not an IPv4 address" : NULL;
	if (strcmp(name, "IPV6") == 0)
		return addr_ip_parse(value, &ip) < 0 ||
		    ip.family != AF_INET6 ? "not an IPv6 address" : NULL;
	if (strcmp(name, "MAC") == 0) {
		if (addr_mac_parse(value, mac) < 0)
			return "not a MAC address";
		return addr_mac_is_multicast(mac) ? "multicast address" : NULL;
	}
	if (strcmp(name, "CTRL_IP_LEARNING") == 0) {
		if (config_param_count(ref->params, ref->nparams, name) > 0)
			return "given twice";
		if (strcmp(value, "any") != 0 && strcmp(value, "dhcp") != 0 &&
		    strcmp(value, "none") != 0)
			return "expected any, dhcp or none";
		return NULL;
	}
	if (strlen(value) > PARAM_VALUE_MAX)
		return "value longer than 256 characters";
	for (p = value; *p != '\0'; p++)
		if ((unsigned char) *p < 0x20 || *p == 0x7f)
			return "control character in value";
	return NULL;
}

static void
parse_parameter(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_filterref *ref = obj;
	char *name, *value;
	const char *why;

	domxml_attrs(x, n, (const char *const[]) { "name", "value", NULL },
	    true);
	name = domxml_required(x, n, "name");
	value = domxml_required(x, n, "value");
	if (name == NULL || value == NULL)
		goto out;
	if (!domxml_token(name, "_", 64)) {
		domxml_bad(x, n, "name", name, "invalid parameter name");
		goto out;
	}
	why = param_problem(ref, name, value);
	if (why != NULL) {
		diag_error(x->d, cfgxml_line(n),
		    "<parameter name='%s' value='%.64s'>: %s", name, value,
		    why);
		goto out;
	}
	ref->params = xreallocarray(ref->params, ref->nparams + 1,
	    sizeof *ref->params);
	ref->params[ref->nparams].name = name;
	ref->params[ref->nparams].value = value;
	ref->params[ref->nparams++].line = cfgxml_line(n);
	return;
out:
	free(name);
	free(value);
}

static const struct domxml_rule filterref_rules[] = {
	{ "parameter", DOMXML_PARSE, false, parse_parameter, NULL },
	{ NULL, DOMXML_REFUSE, false, NULL, NULL },
};

static void
filterref_free(struct domain_filterref *ref)
{
	size_t i;

	if (ref == NULL)
		return;
	for (i = 0; i < ref->nparams; i++) {
		free(ref->params[i].name);
		free(ref->params[i].value);
	}
	free(ref->params);
	free(ref->filter);
	free(ref);
}

static void
parse_filterref(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_if *ifc = obj;
	struct domain_filterref *ref;
	char *filter;

	domxml_attrs(x, n, (const char *const[]) { "filter", NULL }, true);
	if (ifc->type == DOMAIN_IF_DIRECT) {
		diag_error(x->d, cfgxml_line(n), "<filterref>: not supported "
		    "on a direct interface: it has no bridge port to filter");
		return;
	}
	filter = domxml_required(x, n, "filter");
	if (filter == NULL)
		return;
	if (!domxml_token(filter, "_.:-", 128)) {
		domxml_bad(x, n, "filter", filter, "invalid filter name");
		free(filter);
		return;
	}
	ref = xcalloc(1, sizeof *ref);
	ref->line = cfgxml_line(n);
	ref->filter = filter;
	domxml_children(x, n, filterref_rules, true, ref);
	ifc->filterref = ref;
}

static void
parse_port(struct domxml *x, xmlNode *n, void *obj)
{
	char *iso = cfgxml_attr(n, "isolated");

	domxml_attrs(x, n, (const char *const[]) { "isolated", NULL }, false);
	if (iso != NULL && strcmp(iso, "no") != 0)
		domxml_bad(x, n, "isolated", iso,
		    "not supported: port isolation is not implemented");
	free(iso);
}

static void
parse_ip_route(struct domxml *x, xmlNode *n, void *obj)
{
	if (x->type_known && x->dom->type == DOMAIN_TYPE_LXC)
		diag_error(x->d, cfgxml_line(n), "<%s>: not supported: "
		    "addresses and routes inside a container are not set by "
		    "vigil", (const char *) n->name);
	else
		diag_warn(x->d, cfgxml_line(n), "<%s>: not supported, ignored",
		    (const char *) n->name);
}

static const struct domxml_rule if_rules[] = {
	{ "mac", DOMXML_PARSE, true, parse_mac, NULL },
	{ "source", DOMXML_PARSE, true, parse_source, NULL },
	{ "target", DOMXML_PARSE, true, parse_target, NULL },
	{ "model", DOMXML_PARSE, true, parse_model, NULL },
	{ "bandwidth", DOMXML_PARSE, true, parse_bandwidth, NULL },
	{ "filterref", DOMXML_PARSE, true, parse_filterref, NULL },
	{ "port", DOMXML_PARSE, true, parse_port, NULL },
	{ "ip", DOMXML_PARSE, false, parse_ip_route, NULL },
	{ "route", DOMXML_PARSE, false, parse_ip_route, NULL },
	{ "vlan", DOMXML_REFUSE, false, NULL, "VLAN tagging is not "
	    "implemented: the guest would reach the untagged network" },
	{ "virtualport", DOMXML_REFUSE, false, NULL,
	    "virtual port profiles are not implemented" },
	{ "alias", DOMXML_ACCEPT, true, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

/* A MAC given as the filter's MAC parameter must be the interface's: the
 * filter would otherwise let the guest send from another address. */
static void
check_mac_param(struct domxml *x, const struct domain_if *ifc)
{
	const struct domain_filterref *ref = ifc->filterref;
	uint8_t mac[6];
	size_t i;

	for (i = 0; ref != NULL && i < ref->nparams; i++) {
		if (strcmp(ref->params[i].name, "MAC") != 0)
			continue;
		if (addr_mac_parse(ref->params[i].value, mac) < 0 ||
		    ifc->mac_generated || memcmp(mac, ifc->mac, 6) != 0)
			diag_error(x->d, ref->params[i].line,
			    "<parameter name='MAC' value='%.64s'>: not the "
			    "interface's <mac address>",
			    ref->params[i].value);
	}
}

void
config_domain_net_parse(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *type = domxml_required(x, n, "type");
	size_t errors = x->d->nerrors;
	struct domain_if ifc;

	memset(&ifc, 0, sizeof ifc);
	ifc.line = cfgxml_line(n);
	ifc.mac_generated = true;
	domxml_attrs(x, n, (const char *const[]) { "type", NULL }, false);
	if (type == NULL)
		return;
	if (strcmp(type, "network") == 0)
		ifc.type = DOMAIN_IF_NETWORK;
	else if (strcmp(type, "bridge") == 0)
		ifc.type = DOMAIN_IF_BRIDGE;
	else if (strcmp(type, "direct") == 0)
		ifc.type = DOMAIN_IF_DIRECT;
	else {
		domxml_bad(x, n, "type", type, "unsupported interface type: "
		    "expected network, bridge or direct");
		free(type);
		return;
	}
	free(type);
	domxml_children(x, n, if_rules, false, &ifc);
	if (ifc.source == NULL && x->d->nerrors == errors)
		diag_error(x->d, ifc.line, "<interface>: missing <source>");
	if (ifc.mac_generated)
		addr_mac_generate(ifc.mac);
	check_mac_param(x, &ifc);
	if (x->d->nerrors > errors) {
		config_domain_net_if_done(&ifc);
		return;
	}
	dom->ifs = xreallocarray(dom->ifs, dom->nifs + 1, sizeof *dom->ifs);
	dom->ifs[dom->nifs++] = ifc;
}

static bool
mac_used(const struct config_domain *dom, size_t skip, const uint8_t *mac)
{
	size_t i;

	for (i = 0; i < dom->nifs; i++)
		if (i != skip && memcmp(dom->ifs[i].mac, mac, 6) == 0)
			return true;
	return false;
}

void
config_domain_net_check(struct domxml *x)
{
	struct config_domain *dom = x->dom;
	char buf[ADDR_MAC_STRLEN];
	struct domain_if *a, *b;
	size_t i, j, tries;

	for (i = 0; i < dom->nifs; i++) {
		a = &dom->ifs[i];
		for (j = 0; j < i; j++) {
			b = &dom->ifs[j];
			if (a->target != NULL && b->target != NULL &&
			    strcmp(a->target, b->target) == 0)
				diag_error(x->d, a->line, "<interface>: "
				    "target dev '%s' used twice (also on "
				    "line %d)", a->target, b->line);
			if (!a->mac_generated && !b->mac_generated &&
			    memcmp(a->mac, b->mac, 6) == 0) {
				addr_mac_format(a->mac, buf);
				diag_error(x->d, a->line, "<interface>: "
				    "mac address '%s' used twice (also on "
				    "line %d)", buf, b->line);
			}
		}
	}
	/* A generated MAC that happens to equal another is drawn again. */
	for (i = 0; i < dom->nifs; i++) {
		a = &dom->ifs[i];
		for (tries = 0; a->mac_generated && tries < 100 &&
		    mac_used(dom, i, a->mac); tries++)
			addr_mac_generate(a->mac);
	}
}

void
config_domain_net_if_done(struct domain_if *ifc)
{
	free(ifc->source);
	free(ifc->source_mode);
	free(ifc->target);
	free(ifc->model);
	filterref_free(ifc->filterref);
	memset(ifc, 0, sizeof *ifc);
}
