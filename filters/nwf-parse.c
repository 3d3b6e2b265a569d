/* libvirt nwfilter XML -> struct nwf_filter.
 *
 * <filter name= chain= priority=>   name as a guest name (it names a file);
 *                                   chain root, mac, vlan, stp, arp, rarp,
 *                                   ipv4, ipv6 or PREFIX-anything; priority
 *                                   -1000..1000, by default by chain kind
 *   <uuid>                          parsed
 *   <rule action= direction= priority= statematch= counter=>
 *     one protocol element          attributes per nwf-attr.c; values
 *                                   checked unless written as a variable
 *   <filterref filter=>             with <parameter name= value=/> children
 *
 * Everything unknown is an error, never a warning: an unknown attribute on
 * a protocol element would, if ignored, widen what the rule matches. On an
 * accept rule that opens traffic meant to stay closed (isolation weakened);
 * on a drop rule it drops more than meant. Both are wrong, and refusing the
 * filter is simplest. The same goes for unknown elements (a mistyped <rule>
 * would vanish) and for values libvirt would silently replace by a default
 * (an out-of-range priority).
 *
 * libvirt attributes vigil cannot enforce on a bridge (no connection
 * tracking in the bridge family here, no ipsets in nftables) are errors:
 * state, connlimit-above, ipset, ipsetflags.
 *
 * vigil extensions (libvirt would refuse them):
 *   rule@counter= mac|ip|arp|l2|dhcp|other   which drop counter the rule
 *                                   adds to (default: by chain, nwf-compile.c)
 *   arp/rarp hwlen= protolen=       the ARP hardware/protocol address length
 *   ip dhcpchaddr=                  the BOOTP client hardware address
 *                                   (chaddr) of a DHCP message; needs
 *                                   protocol='udp'
 *   ipv6 ndtarget=                  the target address of a neighbour
 *                                   solicitation or advertisement; needs
 *                                   protocol='icmpv6' and type 135 or 136
 * MAC masks need not be contiguous (01:00:00:00:00:00 selects the group
 * bit), and tcp-ipv6 accepts flags= as tcp does. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "common/cfgxml.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "filters/nwf-attr.h"
#include "filters/nwf-value.h"
#include "filters/nwf-check.h"
#include "filters/nwf-parse.h"

struct chain_prefix {
	const char *name;
	enum nwf_chain_kind kind;
	int priority;
};

static const struct chain_prefix chain_prefixes[] = {
	{ "mac", NWF_CHAIN_MAC, -800 },
	{ "vlan", NWF_CHAIN_VLAN, -750 },
	{ "stp", NWF_CHAIN_STP, -810 },
	{ "arp", NWF_CHAIN_ARP, -500 },
	{ "rarp", NWF_CHAIN_RARP, -400 },
	{ "ipv4", NWF_CHAIN_IPV4, -700 },
	{ "ipv6", NWF_CHAIN_IPV6, -600 },
};

static const char *const actions[] = {
	[NWF_ACTION_ACCEPT] = "accept", [NWF_ACTION_DROP] = "drop",
	[NWF_ACTION_REJECT] = "reject", [NWF_ACTION_RETURN] = "return",
	[NWF_ACTION_CONTINUE] = "continue",
};

static const char *const counters[] = {
	[NWF_COUNTER_MAC] = "mac", [NWF_COUNTER_IP] = "ip",
	[NWF_COUNTER_ARP] = "arp", [NWF_COUNTER_L2] = "l2",
	[NWF_COUNTER_DHCP] = "dhcp", [NWF_COUNTER_OTHER] = "other",
};

int
nwf_parse_chain(const char *chain, enum nwf_chain_kind *kind,
    int *default_priority)
{
	size_t i, len = strlen(chain), n;

	if (len == 0 || len > NWF_CHAIN_NAME_MAX ||
	    strspn(chain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-") != len)
		return -EINVAL;
	if (strcmp(chain, "root") == 0) {
		*kind = NWF_CHAIN_ROOT;
		*default_priority = 0;
		return 0;
	}
	for (i = 0; i < sizeof chain_prefixes / sizeof chain_prefixes[0];
	    i++) {
		n = strlen(chain_prefixes[i].name);
		if (strncmp(chain, chain_prefixes[i].name, n) != 0)
			continue;
		if (chain[n] == '\0' ||
		    (chain[n] == '-' && chain[n + 1] != '\0')) {
			*kind = chain_prefixes[i].kind;
			*default_priority = chain_prefixes[i].priority;
			return 0;
		}
	}
	return -EINVAL;
}

static int
parse_uuid(const char *s, uint8_t out[16])
{
	size_t i, n = 0;
	int hi = -1;

	for (i = 0; s[i] != '\0'; i++) {
		int v;

		if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
			continue;
		if (!isxdigit((unsigned char) s[i]) || n == 16)
			return -EINVAL;
		v = isdigit((unsigned char) s[i]) ? s[i] - '0' :
		    tolower((unsigned char) s[i]) - 'a' + 10;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t) (hi << 4 | v);
			hi = -1;
		}
	}
	return n == 16 && (i == 32 || i == 36) ? 0 : -EINVAL;
}

static int
parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || isspace((unsigned char) s[0]) || *end != '\0' ||
	    errno != 0 || v < min || v > max)
		return -EINVAL;
	*out = (int) v;
	return 0;
}

/* Reports the first attribute of n not in names (NULL-terminated). */
static int
check_attrs(struct diag *d, const xmlNode *n, const char *const *names)
{
	const xmlAttr *a;
	size_t i;

	for (a = n->properties; a != NULL; a = a->next) {
		bool ok = false;

		for (i = 0; names[i] != NULL && a->ns == NULL; i++)
			if (strcmp((const char *) a->name, names[i]) == 0)
				ok = true;
		if (!ok)
			return diag_error(d, cfgxml_line(n),
			    "<%s %s>: unknown attribute",
			    (const char *) n->name, (const char *) a->name);
	}
	return 0;
}

/* Text between elements may only be white space. */
static int
check_text(struct diag *d, const xmlNode *n)
{
	const char *s;

	if (n->type == XML_TEXT_NODE) {
		for (s = (const char *) n->content; s != NULL && *s; s++)
			if (!isspace((unsigned char) *s))
				return diag_error(d, cfgxml_line(n->parent),
				    "<%s>: unexpected text",
				    (const char *) n->parent->name);
	}
	return 0;
}

static int
parse_attr(struct diag *d, const xmlNode *n, const struct nwf_attr_def *def,
    const char *value, bool neg, struct nwf_attr *out)
{
	struct nwf_val v;
	const char *why;
	int line = cfgxml_line(n);

	memset(out, 0, sizeof *out);
	out->id = def->id;
	out->vtype = def->vtype;
	out->neg = neg;
	out->var_index = out->var_iter = -1;
	if (value[0] == '$' && def->vtype != NWF_V_STRING) {
		if (nwf_var_parse(value, &out->var, &out->var_index,
		    &out->var_iter, &why) < 0)
			return diag_error(d, line, "<%s %s='%.64s'>: %s",
			    (const char *) n->name, def->name, value, why);
		return 0;
	}
	if (nwf_value_parse(def->vtype, value, &v, &why) < 0)
		return diag_error(d, line, "<%s %s='%.64s'>: %s",
		    (const char *) n->name, def->name, value, why);
	out->value = xstrdup(value);
	return 0;
}

static int
parse_proto(struct diag *d, const xmlNode *n, struct nwf_rule *rule)
{
	const struct nwf_proto_def *p;
	const struct nwf_attr_def *def;
	const xmlAttr *a;
	const xmlNode *c;
	char *match, *value;
	bool neg = false;
	int r, line = cfgxml_line(n);

	p = nwf_attr_proto_by_name((const char *) n->name);
	if (p == NULL)
		return diag_error(d, line, "<%s>: unknown protocol element",
		    (const char *) n->name);
	if (rule->proto != NWF_PROTO_NONE)
		return diag_error(d, line, "<%s>: a rule holds one protocol "
		    "element, and this one already has <%s>",
		    (const char *) n->name, nwf_attr_proto(rule->proto)->name);
	rule->proto = p->proto;
	rule->proto_line = line;
	match = cfgxml_attr(n, "match");
	if (match != NULL) {
		if (strcmp(match, "no") == 0) {
			neg = true;
		} else if (strcmp(match, "yes") != 0) {
			diag_error(d, line, "<%s match='%.64s'>: must be "
			    "yes or no", p->name, match);
			free(match);
			return -EINVAL;
		}
		free(match);
	}
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			return diag_error(d, cfgxml_line(c), "<%s>: unexpected "
			    "element <%s>", p->name, (const char *) c->name);
		if (check_text(d, c) < 0)
			return -EINVAL;
	}
	for (a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *) a->name;

		if (a->ns == NULL && strcmp(name, "match") == 0)
			continue;
		def = a->ns == NULL ? nwf_attr_find(p, name) : NULL;
		if (def == NULL)
			return diag_error(d, line, "<%s %s>: unknown attribute",
			    p->name, name);
		value = cfgxml_attr(n, name);
		rule->attrs = xreallocarray(rule->attrs, rule->nattrs + 1,
		    sizeof *rule->attrs);
		r = parse_attr(d, n, def, value, neg,
		    &rule->attrs[rule->nattrs]);
		free(value);
		if (r < 0)
			return r;
		rule->nattrs++;
	}
	return 0;
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (int) i;
	return -ENOENT;
}

static int
parse_rule_attrs(struct diag *d, const xmlNode *n, struct nwf_rule *rule)
{
	static const char *const names[] = { "action", "direction", "priority",
	    "statematch", "counter", NULL };
	char *s;
	int r = 0, line = cfgxml_line(n);

	if (check_attrs(d, n, names) < 0)
		return -EINVAL;
	s = cfgxml_attr(n, "action");
	if (s == NULL)
		return diag_error(d, line, "<rule>: missing action");
	r = lookup(actions, sizeof actions / sizeof actions[0], s);
	if (r < 0)
		r = diag_error(d, line, "<rule action='%.64s'>: unknown action "
		    "(accept, drop, reject, return, continue)", s);
	else
		rule->action = (enum nwf_action) r;
	free(s);
	if (r < 0)
		return r;
	s = cfgxml_attr(n, "direction");
	if (s == NULL)
		return diag_error(d, line, "<rule>: missing direction");
	if (strcmp(s, "in") == 0)
		rule->dir = NWF_DIR_IN;
	else if (strcmp(s, "out") == 0)
		rule->dir = NWF_DIR_OUT;
	else if (strcmp(s, "inout") == 0)
		rule->dir = NWF_DIR_INOUT;
	else
		r = diag_error(d, line, "<rule direction='%.64s'>: unknown "
		    "direction (in, out, inout)", s);
	free(s);
	if (r < 0)
		return r;
	rule->priority = NWF_RULE_PRIORITY_DEFAULT;
	s = cfgxml_attr(n, "priority");
	if (s != NULL && parse_int(s, NWF_PRIORITY_MIN, NWF_PRIORITY_MAX,
	    &rule->priority) < 0)
		r = diag_error(d, line, "<rule priority='%.64s'>: not a number "
		    "from -1000 to 1000", s);
	free(s);
	if (r < 0)
		return r;
	rule->statematch = true;
	s = cfgxml_attr(n, "statematch");
	if (s != NULL) {
		if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
		    strcmp(s, "no") == 0)
			rule->statematch = false;
		else if (strcmp(s, "true") != 0 && strcmp(s, "1") != 0 &&
		    strcmp(s, "yes") != 0)
			r = diag_error(d, line, "<rule statematch='%.64s'>: "
			    "not a boolean (true, false)", s);
		free(s);
		if (r < 0)
			return r;
	}
	rule->counter = NWF_COUNTER_AUTO;
	s = cfgxml_attr(n, "counter");
	if (s != NULL) {
		r = lookup(counters, sizeof counters / sizeof counters[0], s);
		if (r < 0)
			r = diag_error(d, line, "<rule counter='%.64s'>: "
			    "unknown counter (mac, ip, arp, l2, dhcp, other)",
			    s);
		else
			rule->counter = (enum nwf_counter) r;
		free(s);
	}
	return r < 0 ? r : 0;
}

static int
parse_rule(struct diag *d, const struct nwf_filter *f, const xmlNode *n,
    struct nwf_rule *rule)
{
	const xmlNode *c;
	const char *why;
	int r;

	rule->line = cfgxml_line(n);
	r = parse_rule_attrs(d, n, rule);
	if (r < 0)
		return r;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			r = parse_proto(d, c, rule);
			if (r < 0)
				return r;
		} else if (check_text(d, c) < 0) {
			return -EINVAL;
		}
	}
	if (nwf_check_chain(f->chain_kind, rule->proto, &why) < 0)
		return diag_error(d, rule->proto_line ? rule->proto_line :
		    rule->line, "<%s> in chain '%s': %s",
		    nwf_attr_proto(rule->proto)->name, f->chain, why);
	if (nwf_check_rule_literals(rule, &why) < 0)
		return diag_error(d, rule->proto_line, "<%s>: %s",
		    nwf_attr_proto(rule->proto)->name, why);
	return 0;
}

static int
parse_ref(struct diag *d, const xmlNode *n, struct nwf_ref *ref)
{
	static const char *const ref_attrs[] = { "filter", NULL };
	static const char *const param_attrs[] = { "name", "value", NULL };
	struct config_param *p;
	struct vg_err err;
	const xmlNode *c;

	ref->line = cfgxml_line(n);
	if (check_attrs(d, n, ref_attrs) < 0)
		return -EINVAL;
	ref->filter = cfgxml_attr(n, "filter");
	if (ref->filter == NULL)
		return diag_error(d, ref->line, "<filterref>: missing filter");
	if (path_check_name(ref->filter, &err) < 0)
		return diag_error(d, ref->line, "<filterref filter>: %s",
		    err.msg);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE) {
			if (check_text(d, c) < 0)
				return -EINVAL;
			continue;
		}
		if (!cfgxml_is(c, "parameter"))
			return diag_error(d, cfgxml_line(c), "<filterref>: "
			    "unexpected element <%s>", (const char *) c->name);
		if (check_attrs(d, c, param_attrs) < 0)
			return -EINVAL;
		ref->params = xreallocarray(ref->params, ref->nparams + 1,
		    sizeof *ref->params);
		p = &ref->params[ref->nparams++];
		p->name = cfgxml_attr(c, "name");
		p->value = cfgxml_attr(c, "value");
		if (p->name == NULL || p->value == NULL)
			return diag_error(d, cfgxml_line(c), "<parameter>: "
			    "needs name and value");
		if (!nwf_var_name_ok(p->name))
			return diag_error(d, cfgxml_line(c), "<parameter "
			    "name='%.64s'>: not a variable name", p->name);
	}
	return 0;
}

static int
parse_filter_attrs(struct diag *d, const xmlNode *root, struct nwf_filter *f)
{
	static const char *const names[] = { "name", "chain", "priority",
	    NULL };
	struct vg_err err;
	char *prio;
	int r = 0;

	if (check_attrs(d, root, names) < 0)
		return -EINVAL;
	f->name = cfgxml_attr(root, "name");
	if (f->name == NULL)
		return diag_error(d, f->line, "<filter>: missing name");
	if (path_check_name(f->name, &err) < 0)
		return diag_error(d, f->line, "<filter name>: %s", err.msg);
	f->chain = cfgxml_attr(root, "chain");
	if (f->chain == NULL)
		f->chain = xstrdup("root");
	if (nwf_parse_chain(f->chain, &f->chain_kind, &f->priority) < 0)
		return diag_error(d, f->line, "<filter chain='%.64s'>: unknown "
		    "chain (root, or mac, vlan, stp, arp, rarp, ipv4, ipv6, "
		    "each optionally followed by -NAME; at most %d of "
		    "[A-Za-z0-9_.-])", f->chain, NWF_CHAIN_NAME_MAX);
	prio = cfgxml_attr(root, "priority");
	if (prio != NULL && parse_int(prio, NWF_PRIORITY_MIN,
	    NWF_PRIORITY_MAX, &f->priority) < 0)
		r = diag_error(d, f->line, "<filter priority='%.64s'>: not a "
		    "number from -1000 to 1000", prio);
	free(prio);
	return r;
}

static int
parse_entry(struct diag *d, struct nwf_filter *f, const xmlNode *c)
{
	struct nwf_entry *e;
	char *text;
	int r;

	if (cfgxml_is(c, "uuid")) {
		text = cfgxml_text(c);
		r = 0;
		if (f->has_uuid)
			r = diag_error(d, cfgxml_line(c),
			    "<uuid>: given twice");
		else if (parse_uuid(text, f->uuid) < 0)
			r = diag_error(d, cfgxml_line(c), "<uuid>: '%.64s' is "
			    "not a UUID", text);
		free(text);
		f->has_uuid = true;
		return r;
	}
	if (!cfgxml_is(c, "rule") && !cfgxml_is(c, "filterref"))
		return diag_error(d, cfgxml_line(c), "<%s>: unknown element "
		    "in <filter>", (const char *) c->name);
	f->entries = xreallocarray(f->entries, f->nentries + 1,
	    sizeof *f->entries);
	e = &f->entries[f->nentries++];
	memset(e, 0, sizeof *e);
	if (cfgxml_is(c, "rule")) {
		e->kind = NWF_ENTRY_RULE;
		return parse_rule(d, f, c, &e->u.rule);
	}
	e->kind = NWF_ENTRY_REF;
	return parse_ref(d, c, &e->u.ref);
}

static int
parse_doc(struct diag *d, xmlDocPtr doc, struct nwf_filter **out)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *c;
	struct nwf_filter *f;
	int r;

	if (!cfgxml_is(root, "filter"))
		return diag_error(d, cfgxml_line(root), "<%s>: not a filter "
		    "(the root element must be <filter>)",
		    (const char *) root->name);
	f = xcalloc(1, sizeof *f);
	f->file = xstrdup(d->file);
	f->line = cfgxml_line(root);
	r = parse_filter_attrs(d, root, f);
	for (c = root->children; r == 0 && c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			r = parse_entry(d, f, c);
		else
			r = check_text(d, c);
	}
	if (r < 0) {
		nwf_parse_free(f);
		return r;
	}
	*out = f;
	return 0;
}

int
nwf_parse_buffer(const char *buf, size_t len, struct nwf_filter **out,
    struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_buffer(buf, len, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(d, doc, out);
	xmlFreeDoc(doc);
	return r;
}

int
nwf_parse_file(const char *path, struct nwf_filter **out, struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_file(path, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(d, doc, out);
	xmlFreeDoc(doc);
	return r;
}

static void
free_rule(struct nwf_rule *rule)
{
	size_t i;

	for (i = 0; i < rule->nattrs; i++) {
		free(rule->attrs[i].value);
		free(rule->attrs[i].var);
	}
	free(rule->attrs);
}

static void
free_ref(struct nwf_ref *ref)
{
	size_t i;

	for (i = 0; i < ref->nparams; i++) {
		free(ref->params[i].name);
		free(ref->params[i].value);
	}
	free(ref->params);
	free(ref->filter);
}

void
nwf_parse_free(struct nwf_filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nentries; i++) {
		if (f->entries[i].kind == NWF_ENTRY_RULE)
			free_rule(&f->entries[i].u.rule);
		else
			free_ref(&f->entries[i].u.ref);
	}
	free(f->entries);
	free(f->name);
	free(f->chain);
	free(f->file);
	free(f);
}
