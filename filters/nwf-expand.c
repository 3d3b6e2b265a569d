/* Filterref DAG walk and variable expansion.
 *
 * Variables (libvirt's semantics): a rule using $A with values a1 a2 and $B
 * with b1 b2 becomes four instances (a cross product); $A[@1] and $B[@1]
 * share iterator 1 and advance together (two instances; the lists must be
 * as long); $A[1] is A's second value. A <filterref> passes its variables
 * down, each <parameter> name replacing the inherited list of that name.
 *
 One exception, so that ports share rules and learning an address never
 * rebuilds any: a plain $MAC, $IP or $IPV6 in an address attribute without
 * a mask, where it still means the port's own values, matches the shared
 * set of those values keyed by port name (nwf-match.h); the IP set holds
 * the IP parameter's values and the learned addresses. Elsewhere ($IP[0],
 * with a mask, in ranges, STP fields) it expands to the values given, and
 * the rules are then the port's alone.
 *
 * A filter referenced twice with the same variables is expanded once: its
 * second copy could not change any verdict. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "filters/nwf-attr.h"
#include "filters/nwf-check.h"
#include "filters/nwf-expand.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-match.h"
#include "filters/nwf-value.h"

#define EXPAND_MAX_INSTANCES 1024	/* per rule */
#define EXPAND_MAX_DEPTH 32

void
nwf_env_add(struct nwf_env *env, const char *name, const char *value,
    enum nwf_setvar set)
{
	struct nwf_binding *b = nwf_env_find(env, name);

	if (b == NULL) {
		env->b = xreallocarray(env->b, env->n + 1, sizeof *env->b);
		b = &env->b[env->n++];
		memset(b, 0, sizeof *b);
		b->name = xstrdup(name);
		b->set = set;
	}
	if (value != NULL) {
		b->values = xreallocarray(b->values, b->nvalues + 1,
		    sizeof *b->values);
		b->values[b->nvalues++] = xstrdup(value);
	}
}

struct nwf_binding *
nwf_env_find(const struct nwf_env *env, const char *name)
{
	size_t i;

	for (i = 0; i < env->n; i++)
		if (strcmp(env->b[i].name, name) == 0)
			return &env->b[i];
	return NULL;
}

static void
binding_clear(struct nwf_binding *b)
{
	size_t i;

	for (i = 0; i < b->nvalues; i++)
		free(b->values[i]);
	free(b->values);
	b->values = NULL;
	b->nvalues = 0;
	b->set = NWF_SETVAR_NONE;
}

void
nwf_env_done(struct nwf_env *env)
{
	size_t i;

	for (i = 0; i < env->n; i++) {
		binding_clear(&env->b[i]);
		free(env->b[i].name);
	}
	free(env->b);
	memset(env, 0, sizeof *env);
}

static void
env_copy(struct nwf_env *dst, const struct nwf_env *src)
{
	size_t i, j;

	memset(dst, 0, sizeof *dst);
	for (i = 0; i < src->n; i++) {
		nwf_env_add(dst, src->b[i].name, NULL, src->b[i].set);
		for (j = 0; j < src->b[i].nvalues; j++)
			nwf_env_add(dst, src->b[i].name, src->b[i].values[j],
			    src->b[i].set);
	}
}

static FILE *
memstream(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (f == NULL)
		abort();
	return f;
}

/* "NAME\nA=v1,v2;B=..." identifies a filter with its bindings. */
static char *
expansion_key(const char *name, const struct nwf_env *env)
{
	char *buf;
	size_t len, i, j;
	FILE *f = memstream(&buf, &len);

	fprintf(f, "%s\n", name);
	for (i = 0; i < env->n; i++) {
		fprintf(f, "%s%s=", env->b[i].name,
		    env->b[i].set != NWF_SETVAR_NONE ? "@" : "");
		for (j = 0; j < env->b[i].nvalues; j++)
			fprintf(f, "%s,", env->b[i].values[j]);
		fputc(';', f);
	}
	fclose(f);
	return buf;
}

static enum nwf_counter
counter_of(const struct nwf_filter *f, const struct nwf_rule *r)
{
	if (r->counter != NWF_COUNTER_AUTO)
		return r->counter;
	if (nwf_attr_proto_is_l3(r->proto))
		return NWF_COUNTER_OTHER;
	switch (f->chain_kind) {
	case NWF_CHAIN_MAC:
		return NWF_COUNTER_MAC;
	case NWF_CHAIN_IPV4:
	case NWF_CHAIN_IPV6:
		return NWF_COUNTER_IP;
	case NWF_CHAIN_ARP:
	case NWF_CHAIN_RARP:
		return NWF_COUNTER_ARP;
	default:
		return NWF_COUNTER_L2;
	}
}

/* The mask attribute that goes with an address attribute. */
static enum nwf_attr_id
mask_of(enum nwf_attr_id id)
{
	switch (id) {
	case NWF_A_SRCIPADDR:
		return NWF_A_SRCIPMASK;
	case NWF_A_DSTIPADDR:
		return NWF_A_DSTIPMASK;
	case NWF_A_ARPSRCIPADDR:
		return NWF_A_ARPSRCIPMASK;
	case NWF_A_ARPDSTIPADDR:
		return NWF_A_ARPDSTIPMASK;
	case NWF_A_SRCMACADDR:
		return NWF_A_SRCMACMASK;
	case NWF_A_DSTMACADDR:
		return NWF_A_DSTMACMASK;
	default:
		return NWF_A_COUNT;
	}
}

/* How one attribute gets its value in a rule instance. */
struct slot {
	const struct nwf_attr *a;
	const struct nwf_binding *b;	/* NULL: literal or set */
	const char *set;		/* matched against a named set */
	int group;			/* iterator group, -1 for none */
	int fixed;			/* $NAME[N]: N */
};

struct group {
	char key[80];
	size_t count;
	size_t pos;
};

struct rule_ctx {
	struct nwf_expand *x;
	const struct nwf_filter *f;
	const struct nwf_rule *r;
	struct slot slots[NWF_A_COUNT];
	struct group groups[NWF_A_COUNT];
	size_t ngroups;
	struct vg_err *err;
};

static int rule_error(struct rule_ctx *c, const struct nwf_attr *a,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
rule_error(struct rule_ctx *c, const struct nwf_attr *a, const char *fmt,
    ...)
{
	const char *proto = c->r->proto == NWF_PROTO_NONE ? "rule" :
	    nwf_attr_proto(c->r->proto)->name;
	int line = c->r->proto_line > 0 ? c->r->proto_line : c->r->line;
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (a == NULL || a->var == NULL)
		return vg_err_set(c->err, -EINVAL, "%s:%d: <%s>: %s",
		    c->f->file, line, proto, msg);
	return vg_err_set(c->err, -EINVAL, "%s:%d: <%s %s='$%s'>: %s",
	    c->f->file, line, proto, nwf_attr_name(a->id), a->var, msg);
}

/* The shared set a plain port variable in an address attribute without a
 * mask is matched against, or NULL. */
static const char *
set_name(const struct nwf_rule *r, const struct nwf_attr *a,
    const struct nwf_binding *b)
{
	size_t i;

	if (b->set == NWF_SETVAR_NONE || a->var_index >= 0 ||
	    a->var_iter >= 0)
		return NULL;
	for (i = 0; i < r->nattrs; i++)
		if (r->attrs[i].id == mask_of(a->id))
			return NULL;
	return nwf_match_set_for(r->proto, a->id, b->set);
}

static int
group_of(struct rule_ctx *c, const char *key, size_t count,
    const struct nwf_attr *a)
{
	size_t i;

	for (i = 0; i < c->ngroups; i++) {
		if (strcmp(c->groups[i].key, key) != 0)
			continue;
		if (c->groups[i].count != count)
			return rule_error(c, a, "variables of one iterator "
			    "must have as many values (%zu here, %zu before)",
			    count, c->groups[i].count);
		return (int) i;
	}
	snprintf(c->groups[c->ngroups].key, sizeof c->groups[0].key, "%s",
	    key);
	c->groups[c->ngroups].count = count;
	return (int) c->ngroups++;
}

/* Bind each attribute of the rule to a literal, a set or a variable. */
static int
bind_slots(struct rule_ctx *c, const struct nwf_env *env, size_t *total)
{
	char key[80];
	size_t i;
	int g;

	*total = 1;
	for (i = 0; i < c->r->nattrs; i++) {
		const struct nwf_attr *a = &c->r->attrs[i];
		struct slot *s = &c->slots[i];
		const struct nwf_binding *b;

		memset(s, 0, sizeof *s);
		s->a = a;
		s->group = s->fixed = -1;
		if (a->var == NULL)
			continue;
		b = nwf_env_find(env, a->var);
		if (b == NULL)
			return rule_error(c, a, "variable %s is not defined",
			    a->var);
		if (b->set == NWF_SETVAR_IP4)
			c->x->uses_ip = true;
		s->set = set_name(c->r, a, b);
		if (s->set != NULL)
			continue;
		s->b = b;
		if (b->nvalues == 0)
			return rule_error(c, a, "variable %s has no value%s",
			    a->var, b->set != NWF_SETVAR_NONE ? " (learned "
			    "addresses only work as plain $IP or $IPV6 in an "
			    "address without a mask)" : "");
		if (a->var_index >= 0) {
			if ((size_t) a->var_index >= b->nvalues)
				return rule_error(c, a, "index out of range "
				    "(%s has %zu values)", a->var, b->nvalues);
			s->fixed = a->var_index;
			continue;
		}
		if (a->var_iter >= 0)
			snprintf(key, sizeof key, "@%d", a->var_iter);
		else
			snprintf(key, sizeof key, "$%s", a->var);
		g = group_of(c, key, b->nvalues, a);
		if (g < 0)
			return g;
		s->group = g;
	}
	for (i = 0; i < c->ngroups; i++) {
		*total *= c->groups[i].count;
		if (*total > EXPAND_MAX_INSTANCES)
			return rule_error(c, NULL, "more than %d instances "
			    "of one rule", EXPAND_MAX_INSTANCES);
	}
	return 0;
}

/* Build one instance from the current position of every group. */
static int
emit_instance(struct rule_ctx *c)
{
	struct nwf_val vals[NWF_A_COUNT];
	struct nwf_match_in m;
	struct nwf_check_in chk;
	struct nwf_inst *in;
	const char *why, *text;
	char *buf;
	size_t i, len;
	FILE *f;
	int r;

	memset(&m, 0, sizeof m);
	memset(&chk, 0, sizeof chk);
	m.proto = chk.proto = c->r->proto;
	m.chain = c->f->chain_kind;
	for (i = 0; i < c->r->nattrs; i++) {
		const struct slot *s = &c->slots[i];
		enum nwf_attr_id id = s->a->id;

		m.neg = chk.neg = s->a->neg;
		chk.present[id] = true;
		if (s->set != NULL) {
			m.sets[id] = s->set;
			continue;
		}
		text = s->b == NULL ? s->a->value : s->b->values[s->fixed >=
		    0 ? (size_t) s->fixed : c->groups[s->group].pos];
		if (nwf_value_parse(s->a->vtype, text, &vals[id], &why) < 0)
			return rule_error(c, s->a, "value '%.64s': %s", text,
			    why);
		m.vals[id] = chk.vals[id] = &vals[id];
	}
	if (nwf_check_combo(&chk, &why) < 0)
		return rule_error(c, NULL, "%s", why);
	c->x->insts = xreallocarray(c->x->insts, c->x->ninsts + 1,
	    sizeof *c->x->insts);
	in = &c->x->insts[c->x->ninsts++];
	memset(in, 0, sizeof *in);
	for (i = 0; i < 2; i++) {
		if (!(c->r->dir & (i == 0 ? NWF_DIR_OUT : NWF_DIR_IN)))
			continue;
		m.port = i == 0 ? "iifname" : "oifname";
		f = memstream(&buf, &len);
		r = nwf_match_write(&m, f, &why);
		fclose(f);
		in->match[i] = buf;
		if (r < 0)
			return rule_error(c, NULL, "%s", why);
	}
	in->l3 = nwf_attr_proto_is_l3(c->r->proto);
	in->chain = c->f->chain;
	in->kind = c->f->chain_kind;
	in->chain_prio = c->f->priority;
	in->prio = c->r->priority;
	in->seq = c->x->seq++;
	in->dir = c->r->dir;
	in->action = c->r->action;
	in->counter = counter_of(c->f, c->r);
	return 0;
}

static void
set_comment(struct nwf_inst *in, const struct nwf_filter *f,
    const struct nwf_rule *r)
{
	const char *user = NULL;
	size_t i;
	char *p;

	for (i = 0; i < r->nattrs; i++)
		if (r->attrs[i].id == NWF_A_COMMENT)
			user = r->attrs[i].value;
	in->comment = xprintf("%s:%d%s%.100s", f->name, r->line,
	    user != NULL ? " " : "", user != NULL ? user : "");
	/* nft's string syntax: no quotes, backslashes or control bytes;
	 * no '~' either, which marks the chain names to be hashed */
	for (p = in->comment; *p != '\0'; p++)
		if (*p == '"' || *p == '\\' || *p == '~' ||
		    (unsigned char) *p < 0x20 ||
		    (unsigned char) *p >= 0x7f)
			*p = '_';
}

static int
expand_rule(struct nwf_expand *x, const struct nwf_filter *f,
    const struct nwf_rule *rule, const struct nwf_env *env,
    struct vg_err *err)
{
	struct rule_ctx c;
	size_t total, i, first = x->ninsts;
	int r;

	memset(&c, 0, sizeof c);
	c.x = x;
	c.f = f;
	c.r = rule;
	c.err = err;
	r = bind_slots(&c, env, &total);
	while (r == 0) {
		r = emit_instance(&c);
		/* advance the odometer */
		for (i = 0; i < c.ngroups; i++) {
			if (++c.groups[i].pos < c.groups[i].count)
				break;
			c.groups[i].pos = 0;
		}
		if (i == c.ngroups)
			break;
	}
	for (i = first; r == 0 && i < x->ninsts; i++)
		set_comment(&x->insts[i], f, rule);
	return r;
}

static int
cycle_error(struct nwf_expand *x, const struct nwf_filter *f,
    const struct nwf_ref *ref, size_t from, struct vg_err *err)
{
	char path[200] = "";
	size_t i, len;

	for (i = from; i < x->depth; i++) {
		len = strlen(path);
		snprintf(path + len, sizeof path - len, "%s -> ", x->stack[i]);
	}
	len = strlen(path);
	snprintf(path + len, sizeof path - len, "%s", ref->filter);
	return vg_err_set(err, -ELOOP, "%s:%d: filter cycle: %s", f->file,
	    ref->line, path);
}

static int
expand_ref(struct nwf_expand *x, const struct nwf_filter *f,
    const struct nwf_ref *ref, const struct nwf_env *env,
    struct vg_err *err)
{
	const struct nwf_filter *child;
	struct nwf_env cenv;
	struct nwf_binding *b;
	char *key;
	size_t i, j;
	int r;

	for (i = 0; i < x->depth; i++)
		if (strcmp(x->stack[i], ref->filter) == 0)
			return cycle_error(x, f, ref, i, err);
	r = nwf_lib_get(x->lib, ref->filter, &child, err);
	if (r < 0)
		return vg_err_prefix(err, "%s:%d: <filterref filter='%s'>: ",
		    f->file, ref->line, ref->filter);
	env_copy(&cenv, env);
	for (i = 0; i < ref->nparams; i++) {
		b = nwf_env_find(&cenv, ref->params[i].name);
		for (j = 0; b != NULL && j < i; j++)
			if (strcmp(ref->params[j].name, b->name) == 0)
				break;
		if (b != NULL && j == i)
			binding_clear(b);
		nwf_env_add(&cenv, ref->params[i].name, ref->params[i].value,
		    NWF_SETVAR_NONE);
	}
	key = expansion_key(child->name, &cenv);
	for (i = 0; i < x->ndone; i++)
		if (strcmp(x->done[i], key) == 0)
			break;
	if (i < x->ndone) {
		free(key);
		nwf_env_done(&cenv);
		return 0;
	}
	x->done = xreallocarray(x->done, x->ndone + 1, sizeof *x->done);
	x->done[x->ndone++] = key;
	r = nwf_expand_filter(x, child, &cenv, err);
	nwf_env_done(&cenv);
	return r;
}

int
nwf_expand_filter(struct nwf_expand *x, const struct nwf_filter *f,
    const struct nwf_env *env, struct vg_err *err)
{
	size_t i;
	int r = 0;

	if (x->depth == EXPAND_MAX_DEPTH)
		return vg_err_set(err, -ELOOP, "%s:%d: filters nested deeper "
		    "than %d", f->file, f->line, EXPAND_MAX_DEPTH);
	x->stack[x->depth++] = f->name;
	for (i = 0; r == 0 && i < f->nentries; i++) {
		if (f->entries[i].kind == NWF_ENTRY_RULE)
			r = expand_rule(x, f, &f->entries[i].u.rule, env, err);
		else
			r = expand_ref(x, f, &f->entries[i].u.ref, env, err);
	}
	x->depth--;
	return r;
}

void
nwf_expand_done(struct nwf_expand *x)
{
	size_t i;

	for (i = 0; i < x->ninsts; i++) {
		free(x->insts[i].match[0]);
		free(x->insts[i].match[1]);
		free(x->insts[i].comment);
	}
	for (i = 0; i < x->ndone; i++)
		free(x->done[i]);
	free(x->insts);
	free(x->done);
	x->insts = NULL;
	x->done = NULL;
	x->ninsts = x->ndone = 0;
}
