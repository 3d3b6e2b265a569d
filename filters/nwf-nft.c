/* nftables scripts around compiled rulesets.
 *
 * nftables 1.0.6 has no "delete if it exists" (destroy came later), so
 * deletions that must not fail add the object first in the same
 * transaction: adding an existing chain, set or identical element is a
 * no-op, and the transaction as a whole applies or leaves everything as it
 * was. Shared chains (gate, the base chains, a compiled filter's) are
 * flushed and filled again whenever they are written, so their content is
 * exactly what this code says however often, and by however many
 * processes at once, it runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/nwf-match.h"
#include "filters/nwf-nft.h"

#define T "bridge " NWF_TABLE

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

static void
table(FILE *f)
{
	static const char *const sets[][2] = {
		{ NWF_SET_MAC, "type ifname . ether_addr;" },
		{ NWF_SET_MACRAW, "typeof iifname . @nh,64,48;" },
		{ NWF_SET_IP4, "type ifname . ipv4_addr; flags timeout;" },
		{ NWF_SET_IP6, "type ifname . ipv6_addr; flags timeout;" },
		{ NWF_SET_ND6, "typeof iifname . @th,64,128; flags timeout;" },
		{ NWF_SET_GATED, "type ifname;" },
		{ NWF_SET_PROBING, "type ifname;" },
		{ NWF_SET_DROPS, "typeof iifname . meta mark; size 1048576; "
		    "flags dynamic; counter;" },
	};
	static const char *const hooks[2][3] = {
		{ "prerouting", "iifname", NWF_MAP_OUT },
		{ "postrouting", "oifname", NWF_MAP_IN },
	};
	size_t i;

	fputs("add table " T "\n"
	    "add map " T " " NWF_MAP_OUT " { type ifname : verdict; }\n"
	    "add map " T " " NWF_MAP_IN " { type ifname : verdict; }\n", f);
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++)
		fprintf(f, "add set " T " %s { %s }\n", sets[i][0],
		    sets[i][1]);
	/* Until the port's address is known: DHCP (and ARP probes) only,
	 * from the port's own MAC. */
	fputs("add chain " T " " NWF_CHAIN_GATE "\n"
	    "flush chain " T " " NWF_CHAIN_GATE "\n"
	    "add rule " T " " NWF_CHAIN_GATE " iifname != @" NWF_SET_GATED
	    " return\n", f);
	fprintf(f, "add rule " T " " NWF_CHAIN_GATE " iifname . ether saddr "
	    "!= @" NWF_SET_MAC " add @" NWF_SET_DROPS " { iifname . 0x%08x } "
	    "drop\n", nwf_counter_key(NWF_COUNTER_MAC));
	fputs("add rule " T " " NWF_CHAIN_GATE " ether type ip meta l4proto "
	    "udp udp sport 68 udp dport 67 return\n"
	    "add rule " T " " NWF_CHAIN_GATE " iifname @" NWF_SET_PROBING
	    " ether type arp arp saddr ip 0.0.0.0 return\n"
	    "add rule " T " " NWF_CHAIN_GATE " ether type ip6 meta l4proto "
	    "udp udp sport 546 udp dport 547 return\n", f);
	fprintf(f, "add rule " T " " NWF_CHAIN_GATE " add @" NWF_SET_DROPS
	    " { iifname . 0x%08x } drop comment \"vigil: address not known "
	    "yet\"\n", nwf_counter_key(NWF_COUNTER_IP));
	/* Priority filter (-200) in prerouting: before the bridge learns a
	 * frame's source MAC. */
	for (i = 0; i < 2; i++)
		fprintf(f, "add chain " T " %s { type filter hook %s priority "
		    "-200; policy accept; }\nflush chain " T " %s\n"
		    "add rule " T " %s %s vmap @%s\n", hooks[i][0],
		    hooks[i][0], hooks[i][0], hooks[i][0], hooks[i][1],
		    hooks[i][2]);
}

char *
nwf_nft_table_script(void)
{
	char *buf;
	size_t len;
	FILE *f = memstream(&buf, &len);

	table(f);
	return done(f, &buf);
}

static void
mac_text(FILE *f, const uint8_t m[6], bool raw)
{
	if (raw)
		fprintf(f, "0x%02x%02x%02x%02x%02x%02x", m[0], m[1], m[2],
		    m[3], m[4], m[5]);
	else
		fprintf(f, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		    m[3], m[4], m[5]);
}

/* The raw form of an IPv6 address for the nd6 set. */
static void
nd6_text(FILE *f, const struct addr_ip *a)
{
	const unsigned char *b = (const unsigned char *) &a->u.v6;
	size_t i;

	fputs("0x", f);
	for (i = 0; i < 16; i++)
		fprintf(f, "%02x", b[i]);
}

/* "add element" (op "add") or "delete element" of one key in set. */
static void
addr_elem(FILE *f, const char *op, const char *ifname,
    const struct addr_ip *a, bool nd, unsigned timeout_s)
{
	char buf[64];

	fprintf(f, "%s element " T " %s { \"%s\" . ", op, nd ? NWF_SET_ND6 :
	    a->family == AF_INET ? NWF_SET_IP4 : NWF_SET_IP6, ifname);
	if (nd)
		nd6_text(f, a);
	else
		fputs(addr_ip_format(a, buf, sizeof buf), f);
	if (timeout_s > 0)
		fprintf(f, " timeout %us", timeout_s);
	fputs(" }\n", f);
}

/* Add a (with a timeout, or none) to the port's address sets. */
static void
addr_add(FILE *f, const char *ifname, const struct addr_ip *a,
    unsigned timeout_s)
{
	addr_elem(f, "add", ifname, a, false, timeout_s);
	if (a->family == AF_INET6)
		addr_elem(f, "add", ifname, a, true, timeout_s);
}

/* Remove a from them, whether or not it is there. */
static void
addr_forget(FILE *f, const char *ifname, const struct addr_ip *a)
{
	addr_add(f, ifname, a, 1);
	addr_elem(f, "delete", ifname, a, false, 0);
	if (a->family == AF_INET6)
		addr_elem(f, "delete", ifname, a, true, 0);
}

static void
ifname_elem(FILE *f, const char *op, const char *set, const char *ifname)
{
	fprintf(f, "%s element " T " %s { \"%s\" }\n", op, set, ifname);
}

/* The port's own elements: MAC, its addresses, gate, drop counters
 * (add), or all of them but the counters (forget). */
static void
port_elems(FILE *f, const struct nwf_ruleset *rs, bool add)
{
	size_t i, k;
	int raw;

	for (i = 0; i < rs->nmacs; i++)
		for (raw = 0; raw < 2; raw++) {
			fprintf(f, "add element " T " %s { \"%s\" . ",
			    raw ? NWF_SET_MACRAW : NWF_SET_MAC, rs->ifname);
			mac_text(f, rs->macs[i], raw);
			fputs(" }\n", f);
			if (add)
				continue;
			fprintf(f, "delete element " T " %s { \"%s\" . ",
			    raw ? NWF_SET_MACRAW : NWF_SET_MAC, rs->ifname);
			mac_text(f, rs->macs[i], raw);
			fputs(" }\n", f);
		}
	for (i = 0; i < rs->naddrs; i++) {
		if (add)
			addr_add(f, rs->ifname, &rs->addrs[i], 0);
		else
			addr_forget(f, rs->ifname, &rs->addrs[i]);
	}
	if (add) {
		if (rs->gated)
			ifname_elem(f, "add", NWF_SET_GATED, rs->ifname);
		if (rs->gated && rs->probes)
			ifname_elem(f, "add", NWF_SET_PROBING, rs->ifname);
		for (k = 0; k < NWF_COUNTER_COUNT; k++)
			fprintf(f, "add element " T " " NWF_SET_DROPS
			    " { \"%s\" . 0x%08x }\n", rs->ifname,
			    nwf_counter_key(k));
		return;
	}
	ifname_elem(f, "add", NWF_SET_GATED, rs->ifname);
	ifname_elem(f, "delete", NWF_SET_GATED, rs->ifname);
	ifname_elem(f, "add", NWF_SET_PROBING, rs->ifname);
	ifname_elem(f, "delete", NWF_SET_PROBING, rs->ifname);
}

/* The port's entry in a dispatch map; the owner in its comment lets a
 * later cleanup find a killed supervisor's ports. */
static void
map_elem(FILE *f, const char *op, const char *map,
    const struct nwf_ruleset *rs, const char *dir)
{
	fprintf(f, "%s element " T " %s { \"%s\" ", op, map, rs->ifname);
	if (strcmp(op, "delete") == 0) {
		fputs("}\n", f);
		return;
	}
	if (rs->owner != NULL)
		fprintf(f, "comment \"" NWF_OWNER_PREFIX "%s\" ", rs->owner);
	fprintf(f, ": jump f/%s/%s }\n", rs->hash, dir);
}

static void
maps_forget(FILE *f, const struct nwf_ruleset *rs)
{
	map_elem(f, "add", NWF_MAP_OUT, rs, "out");
	map_elem(f, "add", NWF_MAP_IN, rs, "in");
	map_elem(f, "delete", NWF_MAP_OUT, rs, "out");
	map_elem(f, "delete", NWF_MAP_IN, rs, "in");
}

static void
learned_add(FILE *f, const char *ifname, const struct nwf_nft_addr *l,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		addr_forget(f, ifname, &l[i].ip);
		addr_add(f, ifname, &l[i].ip, l[i].timeout_s);
	}
}

char *
nwf_nft_install_script(const struct nwf_ruleset *rs,
    const struct nwf_ruleset *old, const struct nwf_nft_addr *learned,
    size_t nlearned, bool full)
{
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	fprintf(f, "# port %s, filter %s: chains f/%s/\n", rs->ifname,
	    rs->filter, rs->hash);
	if (full) {
		table(f);
		for (i = 0; i < rs->nchains; i++)
			fprintf(f, "add chain " T " %s\nflush chain " T " %s\n",
			    rs->chains[i], rs->chains[i]);
		fputs(rs->rules, f);
	}
	if (old != NULL) {
		port_elems(f, old, false);
		maps_forget(f, old);
	}
	port_elems(f, rs, true);
	learned_add(f, rs->ifname, learned, nlearned);
	map_elem(f, "add", NWF_MAP_OUT, rs, "out");
	map_elem(f, "add", NWF_MAP_IN, rs, "in");
	return done(f, &buf);
}

char *
nwf_nft_remove_script(const struct nwf_ruleset *rs,
    const struct nwf_nft_addr *learned, size_t nlearned, bool full)
{
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	if (full)
		table(f);
	for (i = 0; full && i < 2; i++)
		fprintf(f, "add chain " T " f/%s/%s\n", rs->hash,
		    i == 0 ? "out" : "in");
	maps_forget(f, rs);
	port_elems(f, rs, false);
	for (i = 0; i < nlearned; i++)
		addr_forget(f, rs->ifname, &learned[i].ip);
	for (i = 0; i < NWF_COUNTER_COUNT; i++)
		fprintf(f, "add element " T " " NWF_SET_DROPS " { \"%s\" . "
		    "0x%08x }\ndelete element " T " " NWF_SET_DROPS " { \"%s\" "
		    ". 0x%08x }\n", rs->ifname, nwf_counter_key(i), rs->ifname,
		    nwf_counter_key(i));
	return done(f, &buf);
}

char *
nwf_nft_gc_script(char *const *chains, size_t nchains)
{
	char *buf;
	size_t i, len;
	FILE *f = memstream(&buf, &len);

	for (i = 0; i < nchains; i++)
		fprintf(f, "add chain " T " %s\nflush chain " T " %s\n",
		    chains[i], chains[i]);
	for (i = 0; i < nchains; i++)
		fprintf(f, "delete chain " T " %s\n", chains[i]);
	return done(f, &buf);
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
	learned_add(f, ifname, a, 1);
	if (open_gate) {
		ifname_elem(f, "add", NWF_SET_GATED, ifname);
		ifname_elem(f, "delete", NWF_SET_GATED, ifname);
		ifname_elem(f, "add", NWF_SET_PROBING, ifname);
		ifname_elem(f, "delete", NWF_SET_PROBING, ifname);
	}
	return done(f, &buf);
}

char *
nwf_nft_addr_del_script(const char *ifname, const struct addr_ip *a,
    bool close_gate, bool probes)
{
	char *buf;
	size_t len;
	FILE *f = memstream(&buf, &len);

	addr_forget(f, ifname, a);
	if (close_gate)
		ifname_elem(f, "add", NWF_SET_GATED, ifname);
	if (close_gate && probes)
		ifname_elem(f, "add", NWF_SET_PROBING, ifname);
	return done(f, &buf);
}

char *
nwf_nft_forget_script(const char *set, const char *key)
{
	char *buf;
	size_t len;
	FILE *f = memstream(&buf, &len);

	fprintf(f, "add element " T " %s { %s }\ndelete element " T " %s "
	    "{ %s }\n", set, key, set, key);
	return done(f, &buf);
}
