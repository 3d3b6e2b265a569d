/* config-network: libvirt network XML -> struct config_network, validated. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "common/cfgxml.h"
#include "common/config-network.h"
#include "common/config-network-priv.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"

struct parse {
	struct config_network *net;
	struct diag *d;
	int name_line, uuid_line, bridge_line, mac_line, forward_line;
};

static const char *const root_attrs[] = { "ipv6", "trustGuestRxFilters",
	"connections", NULL };
static const char *const bridge_attrs[] = { "name", "stp", "delay",
	"macTableManager", "zone", NULL };

/* Elements under <network> that vigil does not implement. */
static const struct {
	const char *name;
	bool weakens;		/* ignoring it would weaken isolation */
} unsupported[] = {
	{ "domain", false },
	{ "dns", false },
	{ "mtu", false },
	{ "route", false },
	{ "bandwidth", true },
	{ "portgroup", true },
	{ "virtualport", true },
	{ "vlan", true },
	{ "port", true },
};

const char *
config_network_forward_name(enum net_forward f)
{
	switch (f) {
	case NET_FORWARD_NAT:
		return "nat";
	case NET_FORWARD_ROUTE:
		return "route";
	case NET_FORWARD_NONE:
		break;
	}
	return "none";
}

bool
config_network_ifname_valid(const char *s)
{
	size_t len = strlen(s);
	size_t i;

	if (len == 0 || len > CONFIG_NETWORK_IFNAME_MAX)
		return false;
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];

		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':' || c == '%')
			return false;
	}
	return true;
}

static uint32_t
mask4(unsigned prefix)
{
	return prefix == 0 ? 0 : 0xffffffffU << (32 - prefix);
}

void
config_network_subnet(const struct config_network *net, struct addr_ip *out)
{
	memset(out, 0, sizeof *out);
	out->family = AF_INET;
	out->u.v4.s_addr = htonl(addr_ip4_host(&net->address) &
	    mask4(net->prefix));
}

void
config_network_check_attrs(struct diag *d, const xmlNode *n,
    const char *const *known)
{
	const xmlAttr *a;
	size_t i;

	for (a = n->properties; a != NULL; a = a->next) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp((const char *) a->name, known[i]) == 0)
				break;
		if (known[i] == NULL)
			diag_warn(d, cfgxml_line(n),
			    "<%s %s>: unknown attribute, ignored",
			    (const char *) n->name, (const char *) a->name);
	}
}

/* Singleton elements: records the line, errors on a second one. */
static int
once(struct parse *p, const xmlNode *n, int *line)
{
	if (*line != 0)
		return diag_error(p->d, cfgxml_line(n),
		    "<%s>: given twice (first on line %d)",
		    (const char *) n->name, *line);
	*line = cfgxml_line(n);
	return 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 32 hex digits, dashes allowed between pairs (libvirt's rule). */
static int
uuid_parse(const char *s, uint8_t uuid[16])
{
	size_t n = 0;
	int hi, lo;

	while (*s != '\0') {
		if (*s == '-') {
			s++;
			continue;
		}
		if (n == 16 || (hi = hexval(s[0])) < 0 ||
		    (lo = hexval(s[1])) < 0)
			return -EINVAL;
		uuid[n++] = (uint8_t) (hi << 4 | lo);
		s += 2;
	}
	return n == 16 ? 0 : -EINVAL;
}

/* "vg-NAME", or "vg-" + 7 characters + "-" + 4 hex digits of a hash. */
static char *
bridge_generate(const char *name)
{
	uint32_t h = 2166136261U;
	const char *s;

	if (strlen(name) <= CONFIG_NETWORK_IFNAME_MAX - 3)
		return xprintf("vg-%s", name);
	for (s = name; *s != '\0'; s++)
		h = (h ^ (unsigned char) *s) * 16777619U;
	return xprintf("vg-%.7s-%04x", name, (unsigned) (h & 0xffff));
}

static int
parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -EINVAL;
	*out = (unsigned) v;
	return 0;
}

static int
parse_name(struct parse *p, const xmlNode *n)
{
	struct vg_err err;
	char *s;

	if (once(p, n, &p->name_line) < 0)
		return -EINVAL;
	s = cfgxml_text(n);
	if (path_check_name(s, &err) < 0) {
		free(s);
		return diag_error(p->d, cfgxml_line(n), "<name>: %s", err.msg);
	}
	p->net->name = s;
	return 0;
}

static int
parse_uuid(struct parse *p, const xmlNode *n)
{
	char *s;
	int r;

	if (once(p, n, &p->uuid_line) < 0)
		return -EINVAL;
	s = cfgxml_text(n);
	r = uuid_parse(s, p->net->uuid);
	if (r < 0)
		diag_error(p->d, cfgxml_line(n), "<uuid>: invalid UUID '%.64s'",
		    s);
	free(s);
	return r;
}

static int
parse_bridge(struct parse *p, const xmlNode *n)
{
	struct config_network *net = p->net;
	int line = cfgxml_line(n), r = 0;
	char *name, *stp, *delay, *zone;

	if (once(p, n, &p->bridge_line) < 0)
		return -EINVAL;
	config_network_check_attrs(p->d, n, bridge_attrs);
	name = cfgxml_attr(n, "name");
	stp = cfgxml_attr(n, "stp");
	delay = cfgxml_attr(n, "delay");
	zone = cfgxml_attr(n, "zone");
	if (name != NULL && !config_network_ifname_valid(name))
		r = diag_error(p->d, line, "<bridge name='%.64s'>: not a valid "
		    "interface name (1-15 characters, no '/', ':', '%%' or "
		    "spaces)", name);
	else if (name != NULL)
		net->bridge = xstrdup(name);
	if (stp != NULL && strcmp(stp, "on") == 0)
		net->stp = true;
	else if (stp != NULL && strcmp(stp, "off") == 0)
		net->stp = false;
	else if (stp != NULL)
		r = diag_error(p->d, line, "<bridge stp='%.64s'>: expected 'on' "
		    "or 'off'", stp);
	if (delay != NULL && parse_uint(delay, CONFIG_NETWORK_DELAY_MAX,
	    &net->delay) < 0)
		r = diag_error(p->d, line, "<bridge delay='%.64s'>: expected "
		    "0 to %d seconds", delay, CONFIG_NETWORK_DELAY_MAX);
	if (zone != NULL)
		r = diag_error(p->d, line, "<bridge zone='%.64s'>: firewalld "
		    "zones are not supported", zone);
	free(name);
	free(stp);
	free(delay);
	free(zone);
	return r;
}

static int
parse_mac(struct parse *p, const xmlNode *n)
{
	int line = cfgxml_line(n), r = 0;
	char *s;

	if (once(p, n, &p->mac_line) < 0)
		return -EINVAL;
	config_network_check_attrs(p->d, n, (const char *const[]) { "address", NULL });
	s = cfgxml_attr(n, "address");
	if (s == NULL)
		r = diag_error(p->d, line, "<mac>: missing address");
	else if (addr_mac_parse(s, p->net->mac) < 0)
		r = diag_error(p->d, line, "<mac address='%.64s'>: not a MAC "
		    "address", s);
	else if (addr_mac_is_multicast(p->net->mac))
		r = diag_error(p->d, line, "<mac address='%s'>: a multicast "
		    "address, expected unicast", s);
	else
		p->net->has_mac = true;
	free(s);
	return r;
}

static int
parse_forward(struct parse *p, const xmlNode *n)
{
	static const char *const bypass[] = { "bridge", "private", "vepa",
		"passthrough", "hostdev", "open", NULL };
	int line = cfgxml_line(n), r = 0;
	const xmlNode *c;
	char *mode, *dev;
	size_t i;

	if (once(p, n, &p->forward_line) < 0)
		return -EINVAL;
	config_network_check_attrs(p->d, n, (const char *const[]) { "mode", "dev", NULL });
	mode = cfgxml_attr(n, "mode");
	dev = cfgxml_attr(n, "dev");
	/* libvirt: <forward/> without a mode is nat. */
	if (mode == NULL || strcmp(mode, "nat") == 0) {
		p->net->forward = NET_FORWARD_NAT;
	} else if (strcmp(mode, "route") == 0) {
		p->net->forward = NET_FORWARD_ROUTE;
	} else if (strcmp(mode, "none") == 0) {
		p->net->forward = NET_FORWARD_NONE;
	} else {
		for (i = 0; bypass[i] != NULL; i++)
			if (strcmp(mode, bypass[i]) == 0)
				break;
		if (bypass[i] != NULL)
			r = diag_error(p->d, line, "<forward mode='%s'>: not "
			    "supported: it would bypass vigil's isolation "
			    "(use nat, route or no <forward>)", mode);
		else
			r = diag_error(p->d, line, "<forward mode='%.64s'>: "
			    "unknown mode (expected nat or route)", mode);
	}
	if (dev != NULL && !config_network_ifname_valid(dev))
		r = diag_error(p->d, line, "<forward dev='%.64s'>: not a valid "
		    "interface name", dev);
	else if (dev != NULL)
		p->net->forward_dev = xstrdup(dev);
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			diag_warn(p->d, cfgxml_line(c), "<forward><%s>: not "
			    "supported, ignored", (const char *) c->name);
	free(mode);
	free(dev);
	return r;
}

static int
parse_other(struct parse *p, const xmlNode *n)
{
	const char *name = (const char *) n->name;
	int line = cfgxml_line(n);
	size_t i;

	if (strcmp(name, "title") == 0 || strcmp(name, "description") == 0 ||
	    strcmp(name, "metadata") == 0)
		return 0;
	for (i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
		if (strcmp(name, unsupported[i].name) != 0)
			continue;
		if (unsupported[i].weakens)
			return diag_error(p->d, line, "<%s>: not supported, "
			    "and ignoring it would weaken isolation", name);
		diag_warn(p->d, line, "<%s>: not supported, ignored", name);
		return 0;
	}
	diag_warn(p->d, line, "<%s>: unknown element, ignored", name);
	return 0;
}

static int
parse_child(struct parse *p, const xmlNode *c)
{
	if (cfgxml_is(c, "name"))
		return parse_name(p, c);
	if (cfgxml_is(c, "uuid"))
		return parse_uuid(p, c);
	if (cfgxml_is(c, "bridge"))
		return parse_bridge(p, c);
	if (cfgxml_is(c, "mac"))
		return parse_mac(p, c);
	if (cfgxml_is(c, "forward"))
		return parse_forward(p, c);
	if (cfgxml_is(c, "ip"))
		return config_network_ip_parse(p->net, c, p->d);
	return parse_other(p, c);
}

static int
parse_doc(xmlDocPtr doc, const char *file, struct config_network **out,
    struct diag *d)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *c;
	struct parse p = { .d = d };
	struct config_network *net;
	int r = 0;

	if (!cfgxml_is(root, "network"))
		return diag_error(d, cfgxml_line(root), "<%s>: expected "
		    "<network> as the root element", (const char *) root->name);
	net = xcalloc(1, sizeof *net);
	net->file = xstrdup(file);
	net->stp = true;
	p.net = net;
	config_network_check_attrs(d, root, root_attrs);
	for (c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && parse_child(&p, c) < 0)
			r = -EINVAL;
	if (net->name == NULL && p.name_line == 0)
		r = diag_error(d, cfgxml_line(root), "<network>: missing "
		    "<name>");
	if (net->forward != NET_FORWARD_NONE && !net->has_ip && r == 0)
		r = diag_error(d, p.forward_line, "<forward mode='%s'>: needs "
		    "an IPv4 <ip>", config_network_forward_name(net->forward));
	if (r < 0 || d->nerrors > 0) {
		config_network_free(net);
		return -EINVAL;
	}
	if (p.uuid_line == 0) {
		addr_uuid_generate(net->uuid);
		net->uuid_generated = true;
	}
	if (net->bridge == NULL) {
		net->bridge = bridge_generate(net->name);
		net->bridge_generated = true;
	}
	*out = net;
	return 0;
}

int
config_network_load(const char *path, struct config_network **out,
    struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_file(path, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(doc, path, out, d);
	xmlFreeDoc(doc);
	return r;
}

int
config_network_parse(const char *buf, size_t len,
    struct config_network **out, struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_buffer(buf, len, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(doc, d->file, out, d);
	xmlFreeDoc(doc);
	return r;
}

void
config_network_free(struct config_network *net)
{
	size_t i;

	if (net == NULL)
		return;
	for (i = 0; i < net->nhosts; i++)
		free(net->hosts[i].name);
	free(net->hosts);
	free(net->file);
	free(net->name);
	free(net->bridge);
	free(net->forward_dev);
	free(net);
}
