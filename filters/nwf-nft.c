/* nftables scripts around compiled rulesets.
 *
 * nftables 1.0.6 has no "delete if it exists" (destroy came later), so the
 * scripts make each deletion safe by adding the object first in the same
 * transaction: adding an existing chain, set, counter or identical map
 * element is a no-op, and the transaction as a whole either applies or
 * leaves everything as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/nwf-nft.h"

static const char *const kinds[] = { "mac", "ip", "arp", "l2", "dhcp",
    "other" };

static const char *const sets[] = { "ip4", "ip6", "nd6" };
static const char *const set_types[] = { "type ipv4_addr",
    "type ipv6_addr", "typeof @th,64,128" };

static FILE *
memstream(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (f == NULL)
		abort();
	return f;
}

/* Close f and return what was written (buf is only valid after fclose). */
static char *
done(FILE *f, char **buf)
{
	fclose(f);
	return *buf;
}

char *
nwf_nft_table_script(void)
{
	static const char *const hooks[2][3] = {
		{ "prerouting", "iifname", NWF_MAP_OUT },
		{ "postrouting", "oifname", NWF_MAP_IN },
	};
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	fputs("add table bridge " NWF_TABLE "\n"
	    "add map bridge " NWF_TABLE " " NWF_MAP_OUT
	    " { type ifname : verdict; }\n"
	    "add map bridge " NWF_TABLE " " NWF_MAP_IN
	    " { type ifname : verdict; }\n", f);
	/* Flushed and filled again, so that the dispatch rule is there
	 * exactly once however often (and however concurrently) this runs.
	 * Priority filter (-200) in prerouting: before the bridge learns a
	 * frame's source MAC. */
	for (i = 0; i < 2; i++)
		fprintf(f, "add chain bridge " NWF_TABLE " %s { type filter "
		    "hook %s priority -200; policy accept; }\n"
		    "flush chain bridge " NWF_TABLE " %s\n"
		    "add rule bridge " NWF_TABLE " %s %s vmap @%s\n",
		    hooks[i][0], hooks[i][0], hooks[i][0], hooks[i][0],
		    hooks[i][1], hooks[i][2]);
	return done(f, &buf);
}

static bool
has_chain(const struct nwf_ruleset *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		if (strcmp(rs->chains[i], name) == 0)
			return true;
	return false;
}

/* The raw form of an IPv6 address for the nd6 set. */
static void
nd6_elem(FILE *f, const struct addr_ip *a)
{
	const unsigned char *b = (const unsigned char *) &a->u.v6;
	size_t i;

	fputs("0x", f);
	for (i = 0; i < 16; i++)
		fprintf(f, "%02x", b[i]);
}

static void
elem(FILE *f, const char *ifname, const struct addr_ip *a,
    unsigned timeout_s, bool nd)
{
	char buf[64];

	fprintf(f, "add element bridge " NWF_TABLE " port/%s/%s { ", ifname,
	    nd ? "nd6" : a->family == AF_INET ? "ip4" : "ip6");
	if (nd)
		nd6_elem(f, a);
	else
		fputs(addr_ip_format(a, buf, sizeof buf), f);
	if (timeout_s > 0)
		fprintf(f, " timeout %us", timeout_s);
	fputs(" }\n", f);
}

static void
elems(FILE *f, const char *ifname, const struct addr_ip *a,
    unsigned timeout_s)
{
	elem(f, ifname, a, timeout_s, false);
	if (a->family == AF_INET6)
		elem(f, ifname, a, timeout_s, true);
}

/* The port's entry in a dispatch map; the owner in its comment lets a
 * later cleanup find a killed supervisor's ports. */
static void
map_elem(FILE *f, const char *map, const char *ifname, const char *owner,
    const char *dir)
{
	fprintf(f, "add element bridge " NWF_TABLE " %s { \"%s\" ", map,
	    ifname);
	if (owner != NULL)
		fprintf(f, "comment \"" NWF_OWNER_PREFIX "%s\" ", owner);
	fprintf(f, ": jump port/%s/%s }\n", ifname, dir);
}

char *
nwf_nft_install_script(const struct nwf_ruleset *rs,
    const struct nwf_ruleset *old, const struct nwf_nft_addr *learned,
    size_t nlearned)
{
	const char *t = "bridge " NWF_TABLE;
	const char *ifn = rs->ifname;
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	fprintf(f, "# port %s, filter %s\n", ifn, rs->filter);
	for (i = 0; old != NULL && i < old->nchains; i++)
		fprintf(f, "flush chain %s %s\n", t, old->chains[i]);
	for (i = 0; old != NULL && i < old->nchains; i++)
		if (!has_chain(rs, old->chains[i]))
			fprintf(f, "delete chain %s %s\n", t, old->chains[i]);
	for (i = 0; i < rs->nchains; i++)
		fprintf(f, "add chain %s %s\nflush chain %s %s\n", t,
		    rs->chains[i], t, rs->chains[i]);
	for (i = 0; i < 3; i++)
		fprintf(f, "add set %s port/%s/%s { %s; flags timeout; }\n"
		    "flush set %s port/%s/%s\n", t, ifn, sets[i], set_types[i],
		    t, ifn, sets[i]);
	for (i = 0; i < rs->naddrs; i++)
		elems(f, ifn, &rs->addrs[i], 0);
	for (i = 0; i < nlearned; i++)
		elems(f, ifn, &learned[i].ip, learned[i].timeout_s);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(f, "add counter %s port/%s/%s\n", t, ifn, kinds[i]);
	if (rs->gated)
		fputs(rs->gate, f);
	fputs(rs->rules, f);
	map_elem(f, NWF_MAP_OUT, ifn, rs->owner, "out");
	map_elem(f, NWF_MAP_IN, ifn, rs->owner, "in");
	return done(f, &buf);
}

char *
nwf_nft_remove_script(const char *ifname, char *const *chains,
    size_t nchains)
{
	const char *t = "bridge " NWF_TABLE;
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	fprintf(f, "add chain %s port/%s/out\nadd chain %s port/%s/in\n", t,
	    ifname, t, ifname);
	fprintf(f, "add element %s " NWF_MAP_OUT " { \"%s\" : jump "
	    "port/%s/out }\n", t, ifname, ifname);
	fprintf(f, "add element %s " NWF_MAP_IN " { \"%s\" : jump "
	    "port/%s/in }\n", t, ifname, ifname);
	fprintf(f, "delete element %s " NWF_MAP_OUT " { \"%s\" }\n", t,
	    ifname);
	fprintf(f, "delete element %s " NWF_MAP_IN " { \"%s\" }\n", t,
	    ifname);
	for (i = 0; i < nchains; i++)
		fprintf(f, "add chain %s %s\nflush chain %s %s\n", t,
		    chains[i], t, chains[i]);
	for (i = 0; i < nchains; i++)
		fprintf(f, "delete chain %s %s\n", t, chains[i]);
	for (i = 0; i < 3; i++)
		fprintf(f, "add set %s port/%s/%s { %s; flags timeout; }\n"
		    "delete set %s port/%s/%s\n", t, ifname, sets[i],
		    set_types[i], t, ifname, sets[i]);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		fprintf(f, "add counter %s port/%s/%s\n"
		    "delete counter %s port/%s/%s\n", t, ifname, kinds[i], t,
		    ifname, kinds[i]);
	return done(f, &buf);
}

/* Delete a from the port's sets, whether or not it is there. */
static void
forget(FILE *f, const char *ifname, const struct addr_ip *a)
{
	char buf[64];

	elems(f, ifname, a, 1);
	fprintf(f, "delete element bridge " NWF_TABLE " port/%s/%s { %s }\n",
	    ifname, a->family == AF_INET ? "ip4" : "ip6",
	    addr_ip_format(a, buf, sizeof buf));
	if (a->family == AF_INET6) {
		fprintf(f, "delete element bridge " NWF_TABLE " port/%s/nd6 "
		    "{ ", ifname);
		nd6_elem(f, a);
		fputs(" }\n", f);
	}
}

char *
nwf_nft_addr_add_script(const char *ifname, const struct nwf_nft_addr *a,
    bool open_gate)
{
	char *buf;
	size_t len;
	FILE *f = memstream(&buf, &len);

	/* delete and add again: adding an existing element would keep its
	 * old timeout */
	forget(f, ifname, &a->ip);
	elems(f, ifname, &a->ip, a->timeout_s);
	if (open_gate)
		fprintf(f, "flush chain bridge " NWF_TABLE " port/%s/gate\n",
		    ifname);
	return done(f, &buf);
}

char *
nwf_nft_addr_del_script(const char *ifname, const struct addr_ip *a,
    const char *gate)
{
	char *buf;
	size_t len;
	FILE *f = memstream(&buf, &len);

	forget(f, ifname, a);
	if (gate != NULL && gate[0] != '\0') {
		fprintf(f, "flush chain bridge " NWF_TABLE " port/%s/gate\n",
		    ifname);
		fputs(gate, f);
	}
	return done(f, &buf);
}

bool
nwf_nft_is_port_object(const char *name, const char *ifname)
{
	size_t n = strlen(ifname);

	return strncmp(name, "port/", 5) == 0 &&
	    strncmp(name + 5, ifname, n) == 0 && name[5 + n] == '/';
}
