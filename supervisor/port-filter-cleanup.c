/* What a SIGKILLed supervisor left in the table: a port's map entries and
 * its elements in the shared sets (keyed by its name), found by port name
 * or by guest (the map entries' comment "vigil:GUEST"), removed in one
 * transaction; then the compiled filters' chains no port uses any more. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nftables/libnftables.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "filters/nwf-match.h"
#include "filters/nwf-nft.h"
#include "supervisor/port-filter-priv.h"

static const char *const port_sets[] = {
	NWF_SET_MAC, NWF_SET_MACRAW, NWF_SET_IP4, NWF_SET_IP6, NWF_SET_ND6,
	NWF_SET_GATED, NWF_SET_PROBING, NWF_SET_DROPS,
};

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
	memset(n, 0, sizeof *n);
}

/* The table as nft's JSON (one document, new), NULL when it is not there
 * (*r = 0) or cannot be listed (*r = -errno). */
static json_t *
list_table(struct nft_ctx *nft, int *r)
{
	json_error_t e;
	json_t *doc;

	nft_ctx_output_set_flags(nft, NFT_CTX_OUTPUT_JSON);
	*r = nft_run_cmd_from_buffer(nft, "list table bridge " NWF_TABLE);
	doc = *r == 0 ? json_loads(nft_ctx_get_output_buffer(nft), 0, &e) :
	    NULL;
	if (*r != 0)
		*r = strstr(nft_ctx_get_error_buffer(nft), strerror(ENOENT)) !=
		    NULL ? 0 : -EIO;
	else if (doc == NULL)
		*r = -EIO;
	nft_ctx_output_set_flags(nft, 0);
	return doc;
}

/* An element's key as nft writes it: "vnet0" or "vnet0" . value. */
static char *
key_text(json_t *key)
{
	json_t *parts, *p;
	char *out = NULL, *t;
	size_t i;

	if (json_is_object(key) && json_object_get(key, "elem") != NULL)
		key = json_object_get(json_object_get(key, "elem"), "val");
	if (json_is_string(key))
		return xprintf("\"%s\"", json_string_value(key));
	parts = json_object_get(key, "concat");
	json_array_foreach(parts, i, p) {
		if (i == 0 && json_is_string(p))
			t = xprintf("\"%s\"", json_string_value(p));
		else if (json_is_string(p))
			t = xprintf("%s . %s", out, json_string_value(p));
		else if (json_is_integer(p))
			t = xprintf("%s . 0x%llx", out,
			    (unsigned long long) json_integer_value(p));
		else
			t = NULL;
		free(out);
		out = t;
		if (out == NULL)
			break;
	}
	return out;
}

/* The port name of an element: its key, or the key's first part. */
static const char *
key_port(json_t *key)
{
	if (json_is_object(key) && json_object_get(key, "elem") != NULL)
		key = json_object_get(json_object_get(key, "elem"), "val");
	if (json_is_string(key))
		return json_string_value(key);
	return json_string_value(json_array_get(json_object_get(key,
	    "concat"), 0));
}

static const char *
elem_comment(json_t *key)
{
	return json_string_value(json_object_get(json_object_get(key, "elem"),
	    "comment"));
}

struct scan {
	const char *ifname;	/* the port cleaned, or */
	const char *guest;	/* a guest whose ports are wanted */
	struct names ports;	/* the guest's ports */
	FILE *script;		/* deletions */
	size_t found;
	struct names chains;	/* every f/... chain */
};

static void
scan_map(struct scan *s, const char *map, json_t *elems)
{
	json_t *pair, *key;
	const char *port;
	size_t i;
	char *t;

	json_array_foreach(elems, i, pair) {
		key = json_array_get(pair, 0);
		port = key_port(key);
		if (port == NULL)
			continue;
		if (s->guest != NULL) {
			t = xprintf(NWF_OWNER_PREFIX "%s", s->guest);
			if (elem_comment(key) != NULL &&
			    strcmp(elem_comment(key), t) == 0)
				names_add(&s->ports, port);
			free(t);
			continue;
		}
		if (strcmp(port, s->ifname) != 0)
			continue;
		fprintf(s->script, "delete element bridge " NWF_TABLE " %s { "
		    "\"%s\" }\n", map, port);
		s->found++;
	}
}

static void
scan_set(struct scan *s, const char *set, json_t *elems)
{
	json_t *key;
	const char *port;
	char *text, *forget;
	size_t i;

	if (s->guest != NULL)
		return;
	json_array_foreach(elems, i, key) {
		port = key_port(key);
		if (port == NULL || strcmp(port, s->ifname) != 0 ||
		    (text = key_text(key)) == NULL)
			continue;
		forget = nwf_nft_forget_script(set, text);
		fputs(forget, s->script);
		free(forget);
		free(text);
		s->found++;
	}
}

static void
scan_item(struct scan *s, json_t *item)
{
	json_t *o;
	const char *name;
	size_t i;

	if ((o = json_object_get(item, "chain")) != NULL) {
		name = json_string_value(json_object_get(o, "name"));
		if (name != NULL && strncmp(name, "f/", 2) == 0)
			names_add(&s->chains, name);
		return;
	}
	if ((o = json_object_get(item, "map")) != NULL) {
		name = json_string_value(json_object_get(o, "name"));
		if (name != NULL && (strcmp(name, NWF_MAP_OUT) == 0 ||
		    strcmp(name, NWF_MAP_IN) == 0))
			scan_map(s, name, json_object_get(o, "elem"));
		return;
	}
	o = json_object_get(item, "set");
	name = json_string_value(json_object_get(o, "name"));
	for (i = 0; name != NULL && i < sizeof port_sets /
	    sizeof port_sets[0]; i++)
		if (strcmp(name, port_sets[i]) == 0)
			scan_set(s, name, json_object_get(o, "elem"));
}

static int
scan(struct nft_ctx *nft, struct scan *s, char **script)
{
	json_t *doc, *item;
	size_t i, len;
	int r;

	doc = list_table(nft, &r);
	if (doc == NULL)
		return r;
	s->script = open_memstream(script, &len);
	if (s->script == NULL)
		abort();
	json_array_foreach(json_object_get(doc, "nftables"), i, item)
		scan_item(s, item);
	fclose(s->script);
	json_decref(doc);
	return 1;
}

/* Delete each compiled filter's chains that no port uses now. */
static void
gc_unused(struct nft_ctx *nft, const struct names *chains)
{
	struct names group = { 0 };
	size_t i, j, plen;
	const char *slash;

	for (i = 0; i < chains->n; i++) {
		slash = strchr(chains->v[i] + 2, '/');
		if (slash == NULL)
			continue;
		plen = (size_t) (slash - chains->v[i]) + 1;
		for (j = 0; j < i; j++)
			if (strncmp(chains->v[j], chains->v[i], plen) == 0)
				break;
		if (j < i)
			continue;	/* its hash was tried already */
		for (j = i; j < chains->n; j++)
			if (strncmp(chains->v[j], chains->v[i], plen) == 0)
				names_add(&group, chains->v[j]);
		(void) port_filter_gc(nft, group.v, group.n);
		names_free(&group);
	}
}

static int
cleanup_port(struct nft_ctx *nft, const char *ifname, struct vg_err *err)
{
	struct scan s = { .ifname = ifname };
	char *script = NULL;
	int r;

	if (!nwf_port_name_ok(ifname))
		return vg_err_set(err, -EINVAL, "port '%.32s': not a port name",
		    ifname);
	r = scan(nft, &s, &script);
	if (r < 0)
		r = vg_err_set(err, r, "port %s: cannot list nftables", ifname);
	else if (r > 0 && s.found > 0)
		r = port_filter_run(nft, ifname, script, err);
	if (r >= 0) {
		gc_unused(nft, &s.chains);
		r = s.found > 0;
	}
	free(script);
	names_free(&s.chains);
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
	struct scan s = { .guest = guest };
	char *script = NULL;
	size_t i;
	int r, found = 0;

	r = scan(nft, &s, &script);
	free(script);
	if (r < 0)
		r = vg_err_set(err, r, "guest %s: cannot list nftables",
		    guest);
	for (i = 0; r >= 0 && i < s.ports.n; i++) {
		r = cleanup_port(nft, s.ports.v[i], err);
		found += r > 0;
	}
	names_free(&s.ports);
	names_free(&s.chains);
	nft_ctx_free(nft);
	return r < 0 ? r : found > 0;
}
