/* What a SIGKILLed supervisor left in the table: found by port name (its
 * chains are port/IF/..., its dispatch-map entries keyed IF) or by guest
 * (the map entries' comment "vigil:GUEST"), and removed in one transaction
 * per port. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nftables/libnftables.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "filters/nwf-nft.h"
#include "supervisor/port-filter-priv.h"

struct names {
	char **v;
	size_t n;
};

static void
names_add(struct names *n, const char *s)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (strcmp(n->v[i], s) == 0)
			return;
	n->v = xreallocarray(n->v, n->n + 1, sizeof *n->v);
	n->v[n->n++] = xstrdup(s);
}

static void
names_free(struct names *n)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
}

/* Run a listing command with JSON output; each "nftables" array item goes
 * to fn. Returns 0, -ENOENT when the table is not there, or -errno. */
static int
list_json(struct nft_ctx *nft, const char *cmd,
    void (*fn)(json_t *item, void *arg), void *arg)
{
	const char *p;
	json_error_t e;
	json_t *doc, *it;
	size_t i;
	int r;

	nft_ctx_output_set_flags(nft, NFT_CTX_OUTPUT_JSON);
	r = nft_run_cmd_from_buffer(nft, cmd);
	p = nft_ctx_get_output_buffer(nft);
	if (r != 0) {
		r = strstr(nft_ctx_get_error_buffer(nft),
		    strerror(ENOENT)) != NULL ? -ENOENT : -EIO;
		nft_ctx_output_set_flags(nft, 0);
		return r;
	}
	while (*p != '\0') {
		while (*p == '\n' || *p == ' ')
			p++;
		if (*p == '\0' ||
		    (doc = json_loads(p, JSON_DISABLE_EOF_CHECK, &e)) == NULL)
			break;
		p += e.position;
		json_array_foreach(json_object_get(doc, "nftables"), i, it)
			fn(it, arg);
		json_decref(doc);
	}
	nft_ctx_output_set_flags(nft, 0);
	return 0;
}

struct chain_scan {
	const char *ifname;
	struct names chains;
};

static void
chain_fn(json_t *item, void *arg)
{
	struct chain_scan *s = arg;
	json_t *c = json_object_get(item, "chain");
	const char *table = json_string_value(json_object_get(c, "table"));
	const char *name = json_string_value(json_object_get(c, "name"));

	if (table != NULL && name != NULL && strcmp(table, NWF_TABLE) == 0 &&
	    nwf_nft_is_port_object(name, s->ifname))
		names_add(&s->chains, name);
}

struct elem_scan {
	const char *ifname;	/* look for this key, or */
	const char *comment;	/* for keys with this comment */
	struct names keys;
	bool found;
};

/* A map element: [KEY, VERDICT] where KEY is "name" or
 * {"elem": {"val": "name", "comment": "..."}}. */
static void
elem_fn(json_t *item, void *arg)
{
	struct elem_scan *s = arg;
	json_t *elems = json_object_get(json_object_get(item, "map"), "elem");
	json_t *pair, *key;
	const char *name, *comment;
	size_t i;

	json_array_foreach(elems, i, pair) {
		key = json_array_get(pair, 0);
		comment = json_string_value(json_object_get(
		    json_object_get(key, "elem"), "comment"));
		if (json_is_object(key))
			key = json_object_get(json_object_get(key, "elem"),
			    "val");
		name = json_string_value(key);
		if (name == NULL)
			continue;
		if (s->ifname != NULL && strcmp(name, s->ifname) == 0)
			s->found = true;
		if (s->comment != NULL && comment != NULL &&
		    strcmp(comment, s->comment) == 0)
			names_add(&s->keys, name);
	}
}

static int
scan_maps(struct nft_ctx *nft, struct elem_scan *s)
{
	int r = list_json(nft, "list map bridge " NWF_TABLE " " NWF_MAP_OUT,
	    elem_fn, s);

	if (r == 0)
		r = list_json(nft, "list map bridge " NWF_TABLE " "
		    NWF_MAP_IN, elem_fn, s);
	return r;
}

static int
cleanup_port(struct nft_ctx *nft, const char *ifname, struct vg_err *err)
{
	struct chain_scan cs = { .ifname = ifname };
	struct elem_scan es = { .ifname = ifname };
	int r;

	if (!nwf_port_name_ok(ifname))
		return vg_err_set(err, -EINVAL, "port '%.32s': not a port name",
		    ifname);
	r = list_json(nft, "list chains bridge", chain_fn, &cs);
	if (r == 0)
		r = scan_maps(nft, &es);
	if (r == -ENOENT) {
		r = 0;		/* no table: nothing left */
		goto out;
	}
	if (r < 0) {
		r = vg_err_set(err, r, "port %s: cannot list nftables",
		    ifname);
		goto out;
	}
	if (cs.chains.n == 0 && !es.found)
		goto out;
	r = port_filter_remove_objects(nft, ifname, cs.chains.v,
	    cs.chains.n, err);
	if (r == 0)
		r = 1;
out:
	names_free(&cs.chains);
	return r;
}

int
port_filter_cleanup(const char *ifname, struct vg_err *err)
{
	struct nft_ctx *nft = port_filter_nft_new();
	int r = cleanup_port(nft, ifname, err);

	nft_ctx_free(nft);
	return r;
}

int
port_filter_cleanup_guest(const char *guest, struct vg_err *err)
{
	struct nft_ctx *nft = port_filter_nft_new();
	char *comment = xprintf(NWF_OWNER_PREFIX "%s", guest);
	struct elem_scan es = { .comment = comment };
	size_t i;
	int r, found = 0;

	r = scan_maps(nft, &es);
	if (r == -ENOENT)
		r = 0;
	else if (r < 0)
		r = vg_err_set(err, r, "guest %s: cannot list nftables",
		    guest);
	for (i = 0; r >= 0 && i < es.keys.n; i++) {
		r = cleanup_port(nft, es.keys.v[i], err);
		found += r > 0;
	}
	names_free(&es.keys);
	free(comment);
	nft_ctx_free(nft);
	return r < 0 ? r : found > 0;
}
