/* One port's filter in the kernel, through libnftables: each change is one
 * nft_run_cmd_from_buffer (one netlink batch, so one transaction). The
 * scripts come from filters/nwf-nft.c; this file decides when to run which
 * and keeps the learned addresses. Reading the drop counters goes through
 * port-filter-nl.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <jansson.h>
#include <netlink/socket.h>
#include <nftables/libnftables.h>

#include "common/err.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-nft.h"
#include "supervisor/port-filter-priv.h"

int64_t
port_filter_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec;
}

struct nft_ctx *
port_filter_nft_new(void)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);

	if (nft == NULL)
		abort();
	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	return nft;
}

/* errno from nft's message, which carries strerror() of the kernel's. */
static int
nft_errno(const char *msg)
{
	static const int codes[] = { ENOENT, EEXIST, EPERM, EBUSY, ENOMEM,
	    ENOSPC, EINTR, EOVERFLOW, EINVAL };
	size_t i;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strstr(msg, strerror(codes[i])) != NULL)
			return -codes[i];
	return -EIO;
}

int
port_filter_run(struct nft_ctx *nft, const char *ifname, const char *script,
    struct vg_err *err)
{
	const char *msg, *e, *nl, *line;
	size_t n;
	int r, tries;

	for (tries = 0; tries < 3; tries++) {
		r = nft_run_cmd_from_buffer(nft, script);
		(void) nft_ctx_get_output_buffer(nft);
		msg = nft_ctx_get_error_buffer(nft);
		if (r == 0)
			return 0;
		/* another process changed the ruleset under nft's cache */
		if (nft_errno(msg) != -EINTR)
			break;
	}
	r = nft_errno(msg);
	e = strstr(msg, "Error: ");
	e = e != NULL ? e + 7 : msg;
	nl = strchr(e, '\n');
	n = nl != NULL ? (size_t) (nl - e) : strlen(e);
	line = nl != NULL ? nl + 1 : "";
	nl = strchr(line, '\n');
	return vg_err_set(err, r, "port %s: nftables: %.*s%s%.*s", ifname,
	    (int) n, e, *line != '\0' ? ": " : "",
	    (int) (nl != NULL ? (size_t) (nl - line) : strlen(line)), line);
}

struct port_filter *
port_filter_new(struct event_base *base, const struct port_filter_config *cfg)
{
	struct port_filter *pf = xcalloc(1, sizeof *pf);
	size_t i;

	pf->base = base;
	pf->guest = cfg->guest != NULL ? xstrdup(cfg->guest) : NULL;
	pf->ifname = xstrdup(cfg->ifname);
	pf->filter = xstrdup(cfg->filter);
	pf->root = xstrdup(cfg->root != NULL ? cfg->root : "/");
	memcpy(pf->mac, cfg->mac, 6);
	pf->params = xcalloc(cfg->nparams + 1, sizeof *pf->params);
	for (i = 0; i < cfg->nparams; i++) {
		pf->params[i].name = xstrdup(cfg->params[i].name);
		pf->params[i].value = xstrdup(cfg->params[i].value);
	}
	pf->nparams = cfg->nparams;
	pf->dhcp = xcalloc(cfg->ndhcpservers + 1, sizeof *pf->dhcp);
	for (i = 0; i < cfg->ndhcpservers; i++)
		pf->dhcp[i] = cfg->dhcpservers[i];
	pf->ndhcp = cfg->ndhcpservers;
	pf->nft = port_filter_nft_new();
	return pf;
}

void
port_filter_free(struct port_filter *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	port_filter_watch_stop(pf);
	nft_ctx_free(pf->nft);
	if (pf->qsk != NULL)
		nl_socket_free(pf->qsk);
	nwf_ruleset_free(pf->rs);
	for (i = 0; i < pf->nparams; i++) {
		free(pf->params[i].name);
		free(pf->params[i].value);
	}
	free(pf->params);
	free(pf->dhcp);
	free(pf->learned);
	free(pf->guest);
	free(pf->ifname);
	free(pf->filter);
	free(pf->root);
	free(pf);
}

static size_t
learned_v4(const struct port_filter *pf)
{
	size_t i, n = 0;

	for (i = 0; i < pf->nlearned; i++)
		n += pf->learned[i].ip.family == AF_INET;
	return n;
}

static int
compile(struct port_filter *pf, struct nwf_ruleset **rs, struct vg_err *err)
{
	struct nwf_lib *lib = nwf_lib_new_default(pf->root);
	struct nwf_port port = {
		.ifname = pf->ifname,
		.params = pf->params,
		.nparams = pf->nparams,
		.dhcpservers = pf->dhcp,
		.ndhcpservers = pf->ndhcp,
		.learned = learned_v4(pf) > 0,
		.owner = pf->guest,
	};
	int r;

	memcpy(port.mac, pf->mac, 6);
	r = nwf_compile(lib, pf->filter, &port, rs, err);
	nwf_lib_free(lib);
	if (r < 0)
		vg_err_prefix(err, "port %s: filter %s: ", pf->ifname,
		    pf->filter);
	return r;
}

/* The learned addresses with what is left of their leases; expired ones
 * are dropped from the list. */
static struct nwf_nft_addr *
learned_now(struct port_filter *pf, size_t *n)
{
	struct nwf_nft_addr *a = xcalloc(pf->nlearned + 1, sizeof *a);
	int64_t now = port_filter_now();
	size_t i, k = 0;

	for (i = 0; i < pf->nlearned; i++) {
		const struct pf_learned *l = &pf->learned[i];

		if (l->expires != 0 && l->expires <= now)
			continue;
		pf->learned[k] = *l;
		a[k].ip = l->ip;
		a[k].timeout_s = l->expires != 0 ? (unsigned) (l->expires -
		    now) : 0;
		k++;
	}
	pf->nlearned = k;
	*n = k;
	return a;
}

/* One transaction: rs replacing old, with the table and rs's chains
 * written first when full. */
static int
apply(struct port_filter *pf, const struct nwf_ruleset *rs,
    const struct nwf_ruleset *old, bool full, struct vg_err *err)
{
	struct nwf_nft_addr *addrs;
	char *script;
	size_t n;
	int r;

	addrs = learned_now(pf, &n);
	script = nwf_nft_install_script(rs, old, addrs, n, full);
	r = port_filter_run(pf->nft, pf->ifname, script, err);
	free(script);
	free(addrs);
	return r;
}

int
port_filter_gc(struct nft_ctx *nft, char *const *chains, size_t n)
{
	char *script = nwf_nft_gc_script(chains, n);
	struct vg_err err;
	int r;

	r = port_filter_run(nft, "-", script, &err);
	free(script);
	if (r == -EBUSY)
		return 0;
	return r < 0 ? r : 1;
}

/* Install, quickly when another port already has the filter's chains (the
 * port's elements only), else writing table and chains too. */
static int
install(struct port_filter *pf, bool fast, struct vg_err *err)
{
	struct nwf_ruleset *rs;
	int r;

	r = compile(pf, &rs, err);
	if (r < 0)
		return r;
	r = fast ? apply(pf, rs, NULL, false, err) : -ENOENT;
	if (r == -ENOENT)
		r = apply(pf, rs, NULL, true, err);
	if (r < 0) {
		nwf_ruleset_free(rs);
		return r;
	}
	nwf_ruleset_free(pf->rs);
	pf->rs = rs;
	log_debug("port %s: filter %s installed (chains f/%s, %zu rules)",
	    pf->ifname, pf->filter, rs->hash, rs->nrules);
	return 0;
}

int
port_filter_install(struct port_filter *pf, struct vg_err *err)
{
	return install(pf, true, err);
}

int
port_filter_reinstall(struct port_filter *pf, struct vg_err *err)
{
	return install(pf, false, err);
}

int
port_filter_update(struct port_filter *pf, struct vg_err *err)
{
	struct nwf_ruleset *rs, *old = pf->rs;
	int r;

	if (old == NULL)
		return port_filter_install(pf, err);
	r = compile(pf, &rs, err);
	if (r < 0)
		return r;
	r = apply(pf, rs, old, true, err);
	/* the old objects are gone (a flushed ruleset): start afresh */
	if (r == -ENOENT)
		r = apply(pf, rs, NULL, true, err);
	if (r < 0) {
		nwf_ruleset_free(rs);
		return r;
	}
	pf->rs = rs;
	if (strcmp(old->hash, rs->hash) != 0)
		(void) port_filter_gc(pf->nft, old->chains, old->nchains);
	nwf_ruleset_free(old);
	return 0;
}

int
port_filter_remove(struct port_filter *pf, struct vg_err *err)
{
	struct nwf_nft_addr *addrs;
	char *script;
	size_t n;
	int r;

	port_filter_watch_stop(pf);
	if (pf->rs == NULL)
		return 0;
	addrs = learned_now(pf, &n);
	script = nwf_nft_remove_script(pf->rs, addrs, n, false);
	r = port_filter_run(pf->nft, pf->ifname, script, err);
	free(script);
	if (r == -ENOENT) {
		script = nwf_nft_remove_script(pf->rs, addrs, n, true);
		r = port_filter_run(pf->nft, pf->ifname, script, err);
		free(script);
	}
	free(addrs);
	if (r < 0)
		return r;
	(void) port_filter_gc(pf->nft, pf->rs->chains, pf->rs->nchains);
	nwf_ruleset_free(pf->rs);
	pf->rs = NULL;
	pf->nlearned = 0;
	return 0;
}

const char *
port_filter_ifname(const struct port_filter *pf)
{
	return pf->ifname;
}

bool
port_filter_learns(const struct port_filter *pf)
{
	return pf->rs != NULL && pf->rs->learn;
}

enum nwf_learning
port_filter_learning(const struct port_filter *pf)
{
	return pf->rs != NULL ? pf->rs->learning : NWF_LEARN_ANY;
}

static bool
is_static(const struct port_filter *pf, const struct addr_ip *ip)
{
	size_t i;

	for (i = 0; i < pf->rs->naddrs; i++)
		if (addr_ip_equal(&pf->rs->addrs[i], ip))
			return true;
	return false;
}

int
port_filter_addr_add(struct port_filter *pf, const struct addr_ip *ip,
    uint32_t lease, struct vg_err *err)
{
	struct nwf_nft_addr a = { .ip = *ip };
	bool open_gate;
	size_t i;
	char *script;
	int r;

	if (pf->rs == NULL)
		return vg_err_set(err, -ENOENT, "port %s: no filter installed",
		    pf->ifname);
	if (is_static(pf, ip))
		return 0;
	a.timeout_s = lease == UINT32_MAX ? 0 : lease > 0 ? lease : 1;
	for (i = 0; i < pf->nlearned; i++)
		if (addr_ip_equal(&pf->learned[i].ip, ip))
			break;
	open_gate = pf->rs->gate && ip->family == AF_INET &&
	    learned_v4(pf) == 0;
	script = nwf_nft_addr_add_script(pf->ifname, &a, open_gate);
	r = port_filter_run(pf->nft, pf->ifname, script, err);
	free(script);
	if (r < 0)
		return r;
	if (i == pf->nlearned) {
		pf->learned = xreallocarray(pf->learned, pf->nlearned + 1,
		    sizeof *pf->learned);
		pf->nlearned++;
	}
	pf->learned[i].ip = *ip;
	pf->learned[i].expires = a.timeout_s != 0 ? port_filter_now() +
	    a.timeout_s : 0;
	return 0;
}

int
port_filter_addr_del(struct port_filter *pf, const struct addr_ip *ip,
    struct vg_err *err)
{
	bool close_gate = false;
	char *script;
	size_t i;
	int r;

	if (pf->rs == NULL)
		return 0;
	for (i = 0; i < pf->nlearned; i++)
		if (addr_ip_equal(&pf->learned[i].ip, ip))
			break;
	if (i == pf->nlearned)
		return 0;
	pf->learned[i] = pf->learned[--pf->nlearned];
	if (pf->rs->gate && ip->family == AF_INET && learned_v4(pf) == 0)
		close_gate = true;
	script = nwf_nft_addr_del_script(pf->ifname, ip, close_gate,
	    pf->rs->probes);
	r = port_filter_run(pf->nft, pf->ifname, script, err);
	free(script);
	return r;
}

int
port_filter_counters(struct port_filter *pf,
    struct port_filter_counters *out, struct vg_err *err)
{
	int r = 0;

	memset(out, 0, sizeof *out);
	if (pf->qsk == NULL)
		r = port_filter_nl_open(&pf->qsk);
	if (r == 0)
		r = port_filter_nl_drops(pf->qsk, pf->ifname, out);
	if (r < 0)
		return vg_err_sys(err, r, "port %s: cannot read the drop "
		    "counters", pf->ifname);
	return 0;
}

json_t *
port_filter_drops(struct port_filter *pf)
{
	struct port_filter_counters c;
	struct vg_err err;
	json_t *drops;
	size_t k;

	if (pf->rs == NULL || port_filter_counters(pf, &c, &err) < 0)
		return NULL;
	drops = json_object();
	for (k = 0; k < NWF_COUNTER_COUNT; k++)
		json_object_set_new(drops, nwf_counter_name(k),
		    json_integer((json_int_t) c.packets[k]));
	return drops;
}

json_t *
port_filter_describe(struct port_filter *pf)
{
	json_t *o = json_object(), *drops = port_filter_drops(pf);

	json_object_set_new(o, "filter", json_string(pf->filter));
	if (drops != NULL)
		json_object_set_new(o, "drops", drops);
	return o;
}
