/* Shared by the guest config parser: policy tables for elements and
 * attributes, strict numbers and paths, messages naming the element. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/xalloc.h"

/* Values quoted in messages are cut to this many characters. */
#define QUOTE_MAX 64

const char *
domxml_ename(const xmlNode *n, char *buf, size_t len)
{
	if (n->ns != NULL && n->ns->prefix != NULL)
		(void) snprintf(buf, len, "%s:%s", (const char *) n->ns->prefix,
		    (const char *) n->name);
	else
		(void) snprintf(buf, len, "%s", (const char *) n->name);
	return buf;
}

/* Namespaced elements never match a rule: they are someone else's
 * extension (qemu:commandline, lxc:namespace). */
static const struct domxml_rule *
rule_find(const struct domxml_rule *rules, const xmlNode *n, size_t *idx)
{
	size_t i;

	if (n->ns != NULL && n->ns->prefix != NULL)
		return NULL;
	for (i = 0; rules[i].name != NULL; i++) {
		if (strcmp(rules[i].name, (const char *) n->name) == 0) {
			*idx = i;
			return &rules[i];
		}
	}
	return NULL;
}

void
domxml_children(struct domxml *x, xmlNode *parent,
    const struct domxml_rule *rules, bool strict, void *obj)
{
	const struct domxml_rule *r;
	char en[128], pn[128];
	size_t nrules, idx = 0;
	xmlNode *c;
	int *first;

	for (nrules = 0; rules[nrules].name != NULL; nrules++)
		;
	first = xcalloc(nrules + 1, sizeof *first);
	for (c = parent->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		domxml_ename(c, en, sizeof en);
		r = rule_find(rules, c, &idx);
		if (r == NULL) {
			domxml_ename(parent, pn, sizeof pn);
			if (strict)
				diag_error(x->d, cfgxml_line(c),
				    "<%s>: unknown element inside <%s>", en,
				    pn);
			else
				diag_warn(x->d, cfgxml_line(c),
				    "<%s>: unknown element inside <%s>, "
				    "ignored", en, pn);
			continue;
		}
		if (r->once && first[idx] != 0) {
			diag_error(x->d, cfgxml_line(c),
			    "<%s>: given twice (also on line %d)", en,
			    first[idx]);
			continue;
		}
		if (first[idx] == 0)
			first[idx] = cfgxml_line(c) > 0 ? cfgxml_line(c) : -1;
		switch (r->action) {
		case DOMXML_PARSE:
			r->fn(x, c, obj);
			break;
		case DOMXML_ACCEPT:
			break;
		case DOMXML_WARN:
			diag_warn(x->d, cfgxml_line(c),
			    "<%s>: not supported, ignored", en);
			break;
		case DOMXML_REFUSE:
			diag_error(x->d, cfgxml_line(c),
			    "<%s>: not supported: %s", en, r->why);
			break;
		}
	}
	free(first);
}

void
domxml_attrs(struct domxml *x, const xmlNode *n, const char *const *known,
    bool strict)
{
	const xmlAttr *a;
	char en[128];
	size_t i;

	for (a = n->properties; a != NULL; a = a->next) {
		const char *name = (const char *) a->name;
		bool found = false;

		/* xml:lang, xml:space and other namespaced attributes are
		 * not ours to judge. */
		if (a->ns != NULL)
			continue;
		for (i = 0; known != NULL && known[i] != NULL; i++)
			if (strcmp(known[i], name) == 0)
				found = true;
		if (found)
			continue;
		domxml_ename(n, en, sizeof en);
		if (strict)
			diag_error(x->d, cfgxml_line(n),
			    "<%s>: attribute '%s' not allowed", en, name);
		else
			diag_warn(x->d, cfgxml_line(n),
			    "<%s>: attribute '%s' not supported, ignored", en,
			    name);
	}
}

char *
domxml_text(struct domxml *x, const xmlNode *n)
{
	const xmlNode *c;
	char en[128];

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			diag_warn(x->d, cfgxml_line(c),
			    "<%s>: unexpected element inside <%s>, ignored",
			    (const char *) c->name,
			    domxml_ename(n, en, sizeof en));
			break;
		}
	}
	return cfgxml_text(n);
}

int
domxml_bad(struct domxml *x, const xmlNode *n, const char *attr,
    const char *value, const char *fmt, ...)
{
	const char *cut = strlen(value) > QUOTE_MAX ? "..." : "";
	char en[128];
	char *what;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&what, fmt, ap);
	va_end(ap);
	if (r < 0)
		what = xstrdup("invalid");
	domxml_ename(n, en, sizeof en);
	if (attr != NULL)
		diag_error(x->d, cfgxml_line(n), "<%s %s='%.*s%s'>: %s", en,
		    attr, QUOTE_MAX, value, cut, what);
	else
		diag_error(x->d, cfgxml_line(n),
		    "<%s>: invalid value '%.*s%s': %s", en, QUOTE_MAX, value,
		    cut, what);
	free(what);
	return -EINVAL;
}

int
domxml_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *why, size_t whylen)
{
	const char *p = s;
	uint64_t v = 0;
	unsigned d;

	if (*p == '+' || *p == '-') {
		bool neg = *p == '-';

		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		if (neg && *p == '\0' && p > s + 1) {
			(void) snprintf(why, whylen, "negative");
			return -EINVAL;
		}
		(void) snprintf(why, whylen, "not an integer");
		return -EINVAL;
	}
	if (*p == '\0') {
		(void) snprintf(why, whylen, "not an integer");
		return -EINVAL;
	}
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			(void) snprintf(why, whylen, "not an integer");
			return -EINVAL;
		}
		d = (unsigned) (*p - '0');
		if (v > (UINT64_MAX - d) / 10) {
			(void) snprintf(why, whylen, "too large (at most %"
			    PRIu64 ")", max);
			return -EINVAL;
		}
		v = v * 10 + d;
	}
	if (v > max) {
		(void) snprintf(why, whylen, "too large (at most %" PRIu64 ")",
		    max);
		return -EINVAL;
	}
	if (v < min) {
		(void) snprintf(why, whylen, "too small (at least %" PRIu64
		    ")", min);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

int
domxml_attr_u64(struct domxml *x, const xmlNode *n, const char *attr,
    uint64_t min, uint64_t max, uint64_t *out)
{
	char *v = cfgxml_attr(n, attr);
	char why[96];
	int r;

	if (v == NULL)
		return 0;
	r = domxml_u64(v, min, max, out, why, sizeof why);
	if (r < 0)
		domxml_bad(x, n, attr, v, "%s", why);
	free(v);
	return r < 0 ? r : 1;
}

int
domxml_text_u64(struct domxml *x, const xmlNode *n, uint64_t min,
    uint64_t max, uint64_t *out)
{
	char *v = domxml_text(x, n);
	char why[96];
	int r;

	r = domxml_u64(v, min, max, out, why, sizeof why);
	if (r < 0)
		domxml_bad(x, n, NULL, v, "%s", why);
	free(v);
	return r;
}

int
domxml_path(struct domxml *x, const xmlNode *n, const char *attr,
    const char *p, bool nodotdot)
{
	const char *s, *e;
	size_t len;

	if (p[0] != '/')
		return domxml_bad(x, n, attr, p, "not an absolute path");
	for (s = p; *s != '\0'; s++)
		if ((unsigned char) *s < 0x20 || *s == 0x7f)
			return domxml_bad(x, n, attr, p,
			    "control character in path");
	if (strlen(p) >= 4096)
		return domxml_bad(x, n, attr, p, "path too long");
	if (!nodotdot)
		return 0;
	for (s = p; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		e = strchr(s, '/');
		if (e == NULL)
			e = s + strlen(s);
		len = (size_t) (e - s);
		if ((len == 1 && s[0] == '.') ||
		    (len == 2 && s[0] == '.' && s[1] == '.'))
			return domxml_bad(x, n, attr, p,
			    "'%.*s' component not allowed", (int) len, s);
	}
	return 0;
}

bool
domxml_token(const char *s, const char *extra, size_t max)
{
	size_t len = strlen(s), i;

	if (len == 0 || len > max)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (c == '\0' || strchr(extra, c) == NULL)
			return false;
	}
	return true;
}

char *
domxml_required(struct domxml *x, const xmlNode *n, const char *attr)
{
	char *v = cfgxml_attr(n, attr);
	char en[128];

	if (v == NULL)
		diag_error(x->d, cfgxml_line(n), "<%s>: missing attribute '%s'",
		    domxml_ename(n, en, sizeof en), attr);
	return v;
}

bool
domxml_lxc_only(struct domxml *x, const xmlNode *n)
{
	if (!x->type_known || x->dom->type == DOMAIN_TYPE_LXC)
		return true;
	diag_warn(x->d, cfgxml_line(n), "<%s>: only for lxc guests, ignored",
	    (const char *) n->name);
	return false;
}

bool
domxml_vm_only(struct domxml *x, const xmlNode *n)
{
	if (!x->type_known || x->dom->type != DOMAIN_TYPE_LXC)
		return true;
	diag_warn(x->d, cfgxml_line(n),
	    "<%s>: only for kvm and qemu guests, ignored",
	    (const char *) n->name);
	return false;
}
