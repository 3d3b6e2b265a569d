/* config-network-ip: a network's IPv4 <ip> element, with its DHCP range and
 * static hosts, checked against the subnet. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "common/cfgxml.h"
#include "common/config-network.h"
#include "common/config-network-priv.h"
#include "common/diag.h"
#include "common/xalloc.h"

#define HOSTNAME_MAX 63

struct ip_parse {
	struct config_network *net;
	struct diag *d;
	int range_line;		/* the <range> in use, 0 = none yet */
	int dhcp_line;
};

static const char *const ip_attrs[] = { "address", "netmask", "prefix",
	"family", "localPtr", NULL };
static const char *const range_attrs[] = { "start", "end", NULL };
static const char *const host_attrs[] = { "mac", "name", "ip", NULL };

static int
parse_prefix(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > 32)
		return -EINVAL;
	*out = (unsigned) v;
	return 0;
}

static uint32_t
mask4(unsigned prefix)
{
	return prefix == 0 ? 0 : 0xffffffffU << (32 - prefix);
}

static void
subnet_format(const struct config_network *net, char *buf, size_t len)
{
	struct addr_ip sub;
	char a[INET6_ADDRSTRLEN];

	config_network_subnet(net, &sub);
	(void) snprintf(buf, len, "%s/%u", addr_ip_format(&sub, a, sizeof a),
	    net->prefix);
}

/* Why a (IPv4) cannot be a guest address in the subnet, or NULL. */
static const char *
subnet_problem(const struct config_network *net, const struct addr_ip *a)
{
	struct addr_ip sub;
	uint32_t h, m;

	config_network_subnet(net, &sub);
	if (a->family != AF_INET || !addr_ip_in_subnet(a, &sub, net->prefix))
		return "outside the subnet";
	h = addr_ip4_host(a);
	m = mask4(net->prefix);
	if ((h & ~m) == 0)
		return "the network address of the subnet";
	if ((h & ~m) == ~m)
		return "the broadcast address of the subnet";
	return NULL;
}

/* Sets net->address and net->prefix from one IPv4 <ip>. */
static int
parse_ip_prefix(struct ip_parse *p, const xmlNode *n, const char *addr)
{
	struct config_network *net = p->net;
	int line = cfgxml_line(n), r = 0, pl;
	char *mask = cfgxml_attr(n, "netmask");
	char *prefix = cfgxml_attr(n, "prefix");
	struct addr_ip m;
	const char *why;
	char sub[64];

	if (mask != NULL && prefix != NULL) {
		r = diag_error(p->d, line, "<ip address='%s'>: both netmask and "
		    "prefix given", addr);
	} else if (mask != NULL) {
		if (addr_ip_parse(mask, &m) < 0 || m.family != AF_INET ||
		    (pl = addr_netmask_prefix(&m)) < 0)
			r = diag_error(p->d, line, "<ip netmask='%.64s'>: not a "
			    "contiguous IPv4 netmask", mask);
		else
			net->prefix = (unsigned) pl;
	} else if (prefix != NULL) {
		if (parse_prefix(prefix, &net->prefix) < 0)
			r = diag_error(p->d, line, "<ip prefix='%.64s'>: expected "
			    "a number from 1 to 30", prefix);
	} else {
		r = diag_error(p->d, line, "<ip address='%s'>: missing netmask "
		    "or prefix", addr);
	}
	if (r == 0 && (net->prefix < 1 || net->prefix > 30))
		r = diag_error(p->d, line, "<ip address='%s'>: prefix /%u "
		    "leaves no room for guests (expected 1 to 30)", addr,
		    net->prefix);
	if (r == 0 && (why = subnet_problem(net, &net->address)) != NULL) {
		subnet_format(net, sub, sizeof sub);
		r = diag_error(p->d, line, "<ip address='%s'>: %s %s", addr,
		    why, sub);
	}
	free(mask);
	free(prefix);
	return r;
}

static int
parse_range(struct ip_parse *p, const xmlNode *n)
{
	struct config_network *net = p->net;
	int line = cfgxml_line(n), r = 0;
	char *start, *end, sub[64], own[INET6_ADDRSTRLEN];
	const char *why, *bad = NULL;
	const xmlNode *c;
	uint32_t hs, he, ha;

	config_network_check_attrs(p->d, n, range_attrs);
	start = cfgxml_attr(n, "start");
	end = cfgxml_attr(n, "end");
	subnet_format(net, sub, sizeof sub);
	if (p->range_line != 0) {
		diag_warn(p->d, line, "<range>: only the first <range> (line "
		    "%d) is used, ignored", p->range_line);
		goto out;
	}
	if (start == NULL || end == NULL) {
		r = diag_error(p->d, line, "<range>: missing %s",
		    start == NULL ? "start" : "end");
		goto out;
	}
	if (addr_ip_parse(start, &net->range_start) < 0 ||
	    net->range_start.family != AF_INET)
		bad = "start";
	else if (addr_ip_parse(end, &net->range_end) < 0 ||
	    net->range_end.family != AF_INET)
		bad = "end";
	if (bad != NULL) {
		r = diag_error(p->d, line, "<range %s='%.64s'>: not an IPv4 "
		    "address", bad, bad[0] == 's' ? start : end);
		goto out;
	}
	if ((why = subnet_problem(net, &net->range_start)) != NULL) {
		r = diag_error(p->d, line, "<range start='%s'>: %s %s", start,
		    why, sub);
		goto out;
	}
	if ((why = subnet_problem(net, &net->range_end)) != NULL) {
		r = diag_error(p->d, line, "<range end='%s'>: %s %s", end, why,
		    sub);
		goto out;
	}
	hs = addr_ip4_host(&net->range_start);
	he = addr_ip4_host(&net->range_end);
	ha = addr_ip4_host(&net->address);
	if (hs > he) {
		r = diag_error(p->d, line, "<range start='%s' end='%s'>: start "
		    "is after end", start, end);
		goto out;
	}
	if (ha >= hs && ha <= he) {
		r = diag_error(p->d, line, "<range start='%s' end='%s'>: "
		    "includes the network's own address %s", start, end,
		    addr_ip_format(&net->address, own, sizeof own));
		goto out;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			diag_warn(p->d, cfgxml_line(c), "<range><%s>: not "
			    "supported, ignored", (const char *) c->name);
	net->has_range = true;
	p->range_line = line;
out:
	free(start);
	free(end);
	return r;
}

static bool
hostname_valid(const char *s)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > HOSTNAME_MAX || s[0] == '-' || s[0] == '.')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'))
			return false;
	}
	return true;
}

/* Duplicate MAC, IP or name among the hosts parsed so far. */
static int
host_unique(struct ip_parse *p, const struct net_host *h, const char *mac,
    const char *ip)
{
	const struct config_network *net = p->net;
	size_t i;

	for (i = 0; i < net->nhosts; i++) {
		const struct net_host *o = &net->hosts[i];

		if (h->has_mac && o->has_mac &&
		    memcmp(h->mac, o->mac, 6) == 0)
			return diag_error(p->d, h->line, "<host mac='%s'>: "
			    "duplicate MAC (also on line %d)", mac, o->line);
		if (addr_ip_equal(&h->ip, &o->ip))
			return diag_error(p->d, h->line, "<host ip='%s'>: "
			    "duplicate IP (also on line %d)", ip, o->line);
		if (h->name != NULL && o->name != NULL &&
		    strcasecmp(h->name, o->name) == 0)
			return diag_error(p->d, h->line, "<host name='%s'>: "
			    "duplicate name (also on line %d)", h->name,
			    o->line);
	}
	return 0;
}

static int
parse_host(struct ip_parse *p, const xmlNode *n)
{
	struct config_network *net = p->net;
	struct net_host h = { .line = cfgxml_line(n) };
	char *mac, *name, *ip, sub[64];
	const xmlNode *c;
	const char *why;
	int r = -EINVAL;

	config_network_check_attrs(p->d, n, host_attrs);
	mac = cfgxml_attr(n, "mac");
	name = cfgxml_attr(n, "name");
	ip = cfgxml_attr(n, "ip");
	subnet_format(net, sub, sizeof sub);
	if (mac != NULL && addr_mac_parse(mac, h.mac) < 0)
		diag_error(p->d, h.line, "<host mac='%.64s'>: not a MAC "
		    "address", mac);
	else if (mac != NULL && addr_mac_is_multicast(h.mac))
		diag_error(p->d, h.line, "<host mac='%s'>: a multicast "
		    "address, expected unicast", mac);
	else if (name != NULL && !hostname_valid(name))
		diag_error(p->d, h.line, "<host name='%.64s'>: invalid host "
		    "name (1-63 letters, digits, '-', '_' or '.')", name);
	else if (mac == NULL && name == NULL)
		diag_error(p->d, h.line, "<host>: needs a mac or a name");
	else if (ip == NULL)
		diag_error(p->d, h.line, "<host>: missing ip");
	else if (addr_ip_parse(ip, &h.ip) < 0 || h.ip.family != AF_INET)
		diag_error(p->d, h.line, "<host ip='%.64s'>: not an IPv4 "
		    "address", ip);
	else if ((why = subnet_problem(net, &h.ip)) != NULL)
		diag_error(p->d, h.line, "<host ip='%s'>: %s %s", ip, why, sub);
	else if (addr_ip_equal(&h.ip, &net->address))
		diag_error(p->d, h.line, "<host ip='%s'>: the network's own "
		    "address", ip);
	else
		r = 0;
	h.has_mac = mac != NULL;
	for (c = n->children; r == 0 && c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			diag_warn(p->d, cfgxml_line(c), "<host><%s>: not "
			    "supported, ignored", (const char *) c->name);
	h.name = name;
	if (r == 0)
		r = host_unique(p, &h, mac, ip);
	if (r == 0) {
		name = NULL;
		net->hosts = xreallocarray(net->hosts, net->nhosts + 1,
		    sizeof *net->hosts);
		net->hosts[net->nhosts++] = h;
	}
	free(mac);
	free(name);
	free(ip);
	return r;
}

static int
parse_dhcp(struct ip_parse *p, const xmlNode *n)
{
	const xmlNode *c;
	int r = 0;

	if (p->dhcp_line != 0)
		return diag_error(p->d, cfgxml_line(n), "<dhcp>: given twice "
		    "(first on line %d)", p->dhcp_line);
	p->dhcp_line = cfgxml_line(n);
	p->net->has_dhcp = true;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (cfgxml_is(c, "range")) {
			if (parse_range(p, c) < 0)
				r = -EINVAL;
		} else if (cfgxml_is(c, "host")) {
			if (parse_host(p, c) < 0)
				r = -EINVAL;
		} else {
			diag_warn(p->d, cfgxml_line(c), "<dhcp><%s>: not "
			    "supported, ignored", (const char *) c->name);
		}
	}
	return r;
}

int
config_network_ip_parse(struct config_network *net, const xmlNode *n,
    struct diag *d)
{
	struct ip_parse ctx = { .net = net, .d = d };
	struct ip_parse *p = &ctx;
	int line = cfgxml_line(n), r = 0;
	char *addr, *family;
	struct addr_ip a;
	const xmlNode *c;

	config_network_check_attrs(p->d, n, ip_attrs);
	addr = cfgxml_attr(n, "address");
	family = cfgxml_attr(n, "family");
	if (addr == NULL) {
		r = diag_error(p->d, line, "<ip>: missing address");
		goto out;
	}
	if (addr_ip_parse(addr, &a) < 0) {
		r = diag_error(p->d, line, "<ip address='%.64s'>: not an IP "
		    "address", addr);
		goto out;
	}
	if (family != NULL && strcmp(family, a.family == AF_INET ? "ipv4" :
	    "ipv6") != 0) {
		r = diag_error(p->d, line, "<ip family='%.64s'>: does not match "
		    "address '%s'", family, addr);
		goto out;
	}
	if (a.family != AF_INET) {
		diag_warn(p->d, line, "<ip address='%s'>: IPv6 is not "
		    "supported, ignored", addr);
		goto out;
	}
	if (net->ip_line != 0) {
		diag_warn(p->d, line, "<ip address='%s'>: only the first IPv4 "
		    "<ip> (line %d) is used, ignored", addr, net->ip_line);
		goto out;
	}
	net->ip_line = line;
	net->address = a;
	r = parse_ip_prefix(p, n, addr);
	if (r < 0)
		goto out;
	net->has_ip = true;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (cfgxml_is(c, "dhcp")) {
			if (parse_dhcp(p, c) < 0)
				r = -EINVAL;
		} else {
			diag_warn(p->d, cfgxml_line(c), "<ip><%s>: not "
			    "supported, ignored", (const char *) c->name);
		}
	}
out:
	free(addr);
	free(family);
	return r;
}
