/* Compiling one port's filter: bind the port's variables, expand the
 * filterref DAG (nwf-expand.c), then lay the rule instances out as libvirt
 * orders them and write the nftables rules.
 *
 * Layout, per direction (out: frames from the guest, matched in prerouting
 * before the bridge learns their source; in: frames to it, in
 * postrouting), HASH naming the compiled filter:
 *
 *   f/HASH/out         libvirt's root chain: root-chain rules and a jump
 *                      into each protocol chain, all sorted by priority (a
 *                      protocol chain sits at its chain priority), ties in
 *                      document order. Starts with a jump to the shared
 *                      chain gate, which while the port's address is not
 *                      known lets only DHCP (and ARP probes unless
 *                      CTRL_IP_LEARNING is none) through.
 *   f/HASH/out/CHAIN   one per protocol chain (ipv4-ip, arp-mac, ...),
 *                      entered only by frames of its protocol; rules sorted
 *                      by priority; return goes back to the root chain.
 *   f/HASH/out/l3      rules of the IP elements (tcp ... all-ipv6), which
 *                      libvirt puts in iptables after ebtables: sorted by
 *                      priority, the filter's chain plays no part.
 *
 * Verdicts: drop and reject drop and count (reject cannot answer in a
 * bridge: libvirt's ebtables layer drops too); accept, and return from the
 * root chain, pass the link layer and go on to the l3 chain (accept when
 * there is none); the end of the root chain does the same. A frame from the
 * guest that is still VLAN-tagged at the end of the root chain (no rule
 * accepted it) is dropped. State matching (statematch) has no effect: the
 * kernel's bridge family has no connection tracking here, and rules that
 * need it (state=) are refused by the parser.
 *
 * HASH is a 64-bit FNV-1a of the rules, so equal rules share chains and
 * different ones never do (unless two rule texts collide in 64 bits). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "filters/nwf-compile.h"
#include "filters/nwf-expand.h"
#include "filters/nwf-lib.h"

static const char *const counter_names[] = {
	[NWF_COUNTER_MAC] = "mac", [NWF_COUNTER_IP] = "ip",
	[NWF_COUNTER_ARP] = "arp", [NWF_COUNTER_L2] = "l2",
	[NWF_COUNTER_DHCP] = "dhcp", [NWF_COUNTER_OTHER] = "other",
};

const char *
nwf_counter_name(enum nwf_counter c)
{
	return c >= 0 && c < NWF_COUNTER_COUNT ? counter_names[c] : "?";
}

unsigned
nwf_counter_key(enum nwf_counter c)
{
	return (unsigned) c + 1;
}

bool
nwf_port_name_ok(const char *name)
{
	size_t len = strlen(name);

	return len >= 1 && len <= 15 &&
	    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-") == len;
}

void
nwf_link_local(const uint8_t mac[6], struct addr_ip *out)
{
	uint8_t *b = (uint8_t *) &out->u.v6;

	memset(out, 0, sizeof *out);
	out->family = AF_INET6;
	b[0] = 0xfe;
	b[1] = 0x80;
	b[8] = mac[0] ^ 0x02;
	b[9] = mac[1];
	b[10] = mac[2];
	b[11] = 0xff;
	b[12] = 0xfe;
	b[13] = mac[3];
	b[14] = mac[4];
	b[15] = mac[5];
}

/* The chains' names are written with this in place of the hash. */
#define HASH_MARK "f/~HASH~/"

struct layout {
	const struct nwf_expand *x;
	FILE *rules;
	size_t nrules;
	char **chains;
	size_t nchains;
};

/* An entry of a root chain: a rule instance or a protocol chain. */
struct item {
	int prio;
	unsigned seq;
	const struct nwf_inst *inst;	/* NULL: the protocol chain */
	const char *sub;
	enum nwf_chain_kind kind;
};

static int
by_prio(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static char *
add_chain(struct layout *l, char *name)
{
	l->chains = xreallocarray(l->chains, l->nchains + 1,
	    sizeof *l->chains);
	l->chains[l->nchains++] = name;
	return name;
}

static void
rule_start(struct layout *l, const char *chain)
{
	fprintf(l->rules, "add rule bridge " NWF_TABLE " %s ", chain);
	l->nrules++;
}

/* Count a drop of kind c for the port, then drop. */
static void
drop(FILE *o, enum nwf_dir dir, enum nwf_counter c)
{
	fprintf(o, "add @" NWF_SET_DROPS " { %s . 0x%08x } drop",
	    dir == NWF_DIR_OUT ? "iifname" : "oifname", nwf_counter_key(c));
}

enum where {
	IN_ROOT,
	IN_SUB,
	IN_L3,
};

static void
write_inst(struct layout *l, enum nwf_dir dir, const char *chain,
    const struct nwf_inst *in, enum where w, const char *pass)
{
	rule_start(l, chain);
	fputs(in->match[dir == NWF_DIR_OUT ? 0 : 1], l->rules);
	switch (in->action) {
	case NWF_ACTION_ACCEPT:
		fputs(w == IN_L3 ? "accept" : pass, l->rules);
		break;
	case NWF_ACTION_RETURN:
		fputs(w == IN_L3 ? "accept" : w == IN_SUB ? "return" : pass,
		    l->rules);
		break;
	case NWF_ACTION_CONTINUE:
		fputs("continue", l->rules);
		break;
	case NWF_ACTION_DROP:
	case NWF_ACTION_REJECT:
		drop(l->rules, dir, in->counter);
		break;
	}
	fprintf(l->rules, " comment \"%s\"\n", in->comment);
}

static const char *
entry_match(enum nwf_chain_kind kind)
{
	switch (kind) {
	case NWF_CHAIN_VLAN:
		return "ether type 8021q ";
	case NWF_CHAIN_STP:
		return "ether daddr 01:80:c2:00:00:00 ";
	case NWF_CHAIN_ARP:
		return "ether type arp ";
	case NWF_CHAIN_RARP:
		return "ether type 0x8035 ";
	case NWF_CHAIN_IPV4:
		return "ether type ip ";
	case NWF_CHAIN_IPV6:
		return "ether type ip6 ";
	default:
		return "";
	}
}

/* The rules of protocol chain sub (document order kept for ties). */
static void
write_sub(struct layout *l, enum nwf_dir dir, const char *sub,
    const char *chain, const char *pass)
{
	struct item *it = xcalloc(l->x->ninsts + 1, sizeof *it);
	size_t i, n = 0;

	for (i = 0; i < l->x->ninsts; i++) {
		const struct nwf_inst *in = &l->x->insts[i];

		if (in->l3 || !(in->dir & dir) || strcmp(in->chain, sub) != 0)
			continue;
		it[n].prio = in->prio;
		it[n].seq = in->seq;
		it[n++].inst = in;
	}
	qsort(it, n, sizeof *it, by_prio);
	for (i = 0; i < n; i++)
		write_inst(l, dir, chain, it[i].inst, IN_SUB, pass);
	free(it);
}

/* The root chain's items: its own rules and one per protocol chain. */
static size_t
root_items(const struct layout *l, enum nwf_dir dir, struct item *it)
{
	size_t i, j, n = 0;

	for (i = 0; i < l->x->ninsts; i++) {
		const struct nwf_inst *in = &l->x->insts[i];

		if (in->l3 || !(in->dir & dir))
			continue;
		if (strcmp(in->chain, "root") == 0) {
			it[n].prio = in->prio;
			it[n].seq = in->seq;
			it[n++].inst = in;
			continue;
		}
		for (j = 0; j < n; j++)
			if (it[j].sub != NULL &&
			    strcmp(it[j].sub, in->chain) == 0)
				break;
		if (j < n)
			continue;
		it[n].prio = in->chain_prio;
		it[n].seq = in->seq;
		it[n].sub = in->chain;
		it[n++].kind = in->kind;
	}
	qsort(it, n, sizeof *it, by_prio);
	return n;
}

static void
write_l3(struct layout *l, enum nwf_dir dir, const char *l3,
    struct item *it)
{
	size_t i, n = 0;

	for (i = 0; i < l->x->ninsts; i++) {
		if (!l->x->insts[i].l3 || !(l->x->insts[i].dir & dir))
			continue;
		it[n].prio = l->x->insts[i].prio;
		it[n].seq = l->x->insts[i].seq;
		it[n++].inst = &l->x->insts[i];
	}
	qsort(it, n, sizeof *it, by_prio);
	for (i = 0; i < n; i++)
		write_inst(l, dir, l3, it[i].inst, IN_L3, "accept");
	rule_start(l, l3);
	fputs("accept\n", l->rules);
}

static void
write_dir(struct layout *l, enum nwf_dir dir)
{
	const char *d = dir == NWF_DIR_OUT ? "out" : "in";
	struct item *it = xcalloc(l->x->ninsts + 1, sizeof *it);
	const char *root, *sub;
	char *pass, *l3 = NULL;
	size_t i, n;

	root = add_chain(l, xprintf(HASH_MARK "%s", d));
	for (i = 0; l3 == NULL && i < l->x->ninsts; i++)
		if (l->x->insts[i].l3 && (l->x->insts[i].dir & dir))
			l3 = xprintf(HASH_MARK "%s/l3", d);
	pass = l3 != NULL ? xprintf("goto %s", l3) : xstrdup("accept");
	if (dir == NWF_DIR_OUT) {
		rule_start(l, root);
		fputs("jump " NWF_CHAIN_GATE "\n", l->rules);
	}
	n = root_items(l, dir, it);
	for (i = 0; i < n; i++) {
		if (it[i].inst != NULL) {
			write_inst(l, dir, root, it[i].inst, IN_ROOT, pass);
			continue;
		}
		sub = add_chain(l, xprintf(HASH_MARK "%s/%s", d, it[i].sub));
		rule_start(l, root);
		fprintf(l->rules, "%sjump %s\n", entry_match(it[i].kind), sub);
		write_sub(l, dir, it[i].sub, sub, pass);
	}
	if (dir == NWF_DIR_OUT) {
		rule_start(l, root);
		fputs("ether type { 8021q, 8021ad } ", l->rules);
		drop(l->rules, dir, NWF_COUNTER_L2);
		fputs(" comment \"vigil: VLAN-tagged\"\n", l->rules);
	}
	rule_start(l, root);
	fprintf(l->rules, "%s\n", pass);
	if (l3 != NULL)
		write_l3(l, dir, add_chain(l, l3), it);
	free(pass);
	free(it);
}

/* 64-bit FNV-1a. */
static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char) *s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* s with every HASH_MARK replaced by "f/HASH/" (new). */
static char *
put_hash(const char *s, const char *hash)
{
	size_t mlen = strlen(HASH_MARK), n = 0;
	const char *p;
	char *out, *o;

	for (p = s; (p = strstr(p, HASH_MARK)) != NULL; p += mlen)
		n++;
	out = o = xmalloc(strlen(s) + n * (strlen(hash) + 3) + 1);
	while ((p = strstr(s, HASH_MARK)) != NULL) {
		memcpy(o, s, (size_t) (p - s));
		o += p - s;
		o += sprintf(o, "f/%s/", hash);
		s = p + mlen;
	}
	strcpy(o, s);
	return out;
}

static void
layout(struct nwf_ruleset *rs, const struct nwf_expand *x)
{
	struct layout l;
	char *text;
	size_t i, len;

	memset(&l, 0, sizeof l);
	l.x = x;
	l.rules = open_memstream(&text, &len);
	if (l.rules == NULL)
		abort();
	write_dir(&l, NWF_DIR_OUT);
	write_dir(&l, NWF_DIR_IN);
	fclose(l.rules);
	snprintf(rs->hash, sizeof rs->hash, "%016llx",
	    (unsigned long long) fnv1a(text));
	rs->rules = put_hash(text, rs->hash);
	free(text);
	rs->chains = l.chains;
	rs->nchains = l.nchains;
	for (i = 0; i < rs->nchains; i++) {
		text = put_hash(rs->chains[i], rs->hash);
		free(rs->chains[i]);
		rs->chains[i] = text;
	}
	rs->nrules = l.nrules;
}

static void
add_addr(struct nwf_ruleset *rs, const struct addr_ip *a)
{
	size_t i;

	for (i = 0; i < rs->naddrs; i++)
		if (addr_ip_equal(&rs->addrs[i], a))
			return;
	rs->addrs = xreallocarray(rs->addrs, rs->naddrs + 1,
	    sizeof *rs->addrs);
	rs->addrs[rs->naddrs++] = *a;
}

static void
add_mac(struct nwf_ruleset *rs, const uint8_t mac[6])
{
	rs->macs = xreallocarray(rs->macs, rs->nmacs + 1, sizeof *rs->macs);
	memcpy(rs->macs[rs->nmacs++], mac, 6);
}

/* The port's own variables: MAC, IP, IPV6, CTRL_IP_LEARNING, the rest of
 * the interface's parameters as given. */
static int
port_env(const struct nwf_port *port, struct nwf_env *env,
    struct nwf_ruleset *rs, struct vg_err *err)
{
	struct addr_ip a;
	char mac[ADDR_MAC_STRLEN], buf[64];
	uint8_t m[6];
	size_t i;

	nwf_env_add(env, "IP", NULL, NWF_SETVAR_IP4);
	nwf_env_add(env, "IPV6", NULL, NWF_SETVAR_IP6);
	for (i = 0; i < port->nparams; i++) {
		const char *name = port->params[i].name;
		const char *value = port->params[i].value;

		if (strcmp(name, "IP") == 0 || strcmp(name, "IPV6") == 0) {
			if (addr_ip_parse(value, &a) < 0 || a.family !=
			    (name[2] == '\0' ? AF_INET : AF_INET6))
				return vg_err_set(err, -EINVAL, "parameter %s: "
				    "'%.64s' is not an %s address", name, value,
				    name[2] == '\0' ? "IPv4" : "IPv6");
			add_addr(rs, &a);
		} else if (strcmp(name, "MAC") == 0) {
			if (addr_mac_parse(value, m) < 0)
				return vg_err_set(err, -EINVAL, "parameter "
				    "MAC: '%.64s' is not a MAC address", value);
			nwf_env_add(env, name, value, NWF_SETVAR_MAC);
			add_mac(rs, m);
			continue;
		} else if (strcmp(name, "CTRL_IP_LEARNING") == 0) {
			if (strcmp(value, "any") == 0)
				rs->learning = NWF_LEARN_ANY;
			else if (strcmp(value, "dhcp") == 0)
				rs->learning = NWF_LEARN_DHCP;
			else if (strcmp(value, "none") == 0)
				rs->learning = NWF_LEARN_NONE;
			else
				return vg_err_set(err, -EINVAL, "parameter "
				    "CTRL_IP_LEARNING: '%.64s' is not any, "
				    "dhcp or none", value);
		}
		nwf_env_add(env, name, value, NWF_SETVAR_NONE);
	}
	if (nwf_env_find(env, "DHCPSERVER") == NULL)
		for (i = 0; i < port->ndhcpservers; i++)
			nwf_env_add(env, "DHCPSERVER", addr_ip_format(
			    &port->dhcpservers[i], buf, sizeof buf),
			    NWF_SETVAR_NONE);
	/* The parameters' IP and IPV6 are the port's sets' elements. */
	nwf_env_find(env, "IP")->set = NWF_SETVAR_IP4;
	nwf_env_find(env, "IPV6")->set = NWF_SETVAR_IP6;
	nwf_link_local(port->mac, &a);
	add_addr(rs, &a);
	nwf_env_add(env, "IPV6", addr_ip_format(&a, buf, sizeof buf),
	    NWF_SETVAR_IP6);
	if (nwf_env_find(env, "MAC") == NULL) {
		addr_mac_format(port->mac, mac);
		nwf_env_add(env, "MAC", mac, NWF_SETVAR_MAC);
		add_mac(rs, port->mac);
	}
	return 0;
}

int
nwf_compile(struct nwf_lib *lib, const char *filter,
    const struct nwf_port *port, struct nwf_ruleset **out,
    struct vg_err *err)
{
	const struct nwf_filter *f;
	struct nwf_ruleset *rs;
	struct nwf_expand x;
	struct nwf_env env;
	int r;

	*out = NULL;
	if (!nwf_port_name_ok(port->ifname))
		return vg_err_set(err, -EINVAL, "port '%.32s': a filtered port "
		    "name is 1-15 of [A-Za-z0-9_.-]", port->ifname);
	if (port->owner != NULL && path_check_name(port->owner, err) < 0)
		return -EINVAL;
	rs = xcalloc(1, sizeof *rs);
	rs->ifname = xstrdup(port->ifname);
	rs->filter = xstrdup(filter);
	if (port->owner != NULL)
		rs->owner = xstrdup(port->owner);
	memset(&env, 0, sizeof env);
	memset(&x, 0, sizeof x);
	r = port_env(port, &env, rs, err);
	if (r < 0)
		goto fail;
	r = nwf_lib_get(lib, filter, &f, err);
	if (r < 0)
		goto fail;
	x.lib = lib;
	r = nwf_expand_filter(&x, f, &env, err);
	if (r < 0)
		goto fail;
	layout(rs, &x);
	if (x.uses_ip && nwf_env_find(&env, "IP")->nvalues == 0) {
		rs->gate = true;
		rs->gated = !port->learned;
		rs->probes = rs->learning != NWF_LEARN_NONE;
		rs->learn = rs->learning != NWF_LEARN_NONE;
	}
	*out = rs;
	rs = NULL;
fail:
	nwf_expand_done(&x);
	nwf_env_done(&env);
	nwf_ruleset_free(rs);
	return r;
}

void
nwf_ruleset_free(struct nwf_ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nchains; i++)
		free(rs->chains[i]);
	free(rs->chains);
	free(rs->rules);
	free(rs->macs);
	free(rs->addrs);
	free(rs->ifname);
	free(rs->filter);
	free(rs->owner);
	free(rs);
}
