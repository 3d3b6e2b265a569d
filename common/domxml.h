/* Helpers the guest config parser (config-domain*.c) shares: element and
 * attribute policy tables, strict numbers, paths and one-line messages
 * naming the element. Internal to common/. */
#ifndef VIGIL_DOMXML_H
#define VIGIL_DOMXML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct config_domain;
struct diag;

/* One parse in progress. */
struct domxml {
	struct diag *d;
	struct config_domain *dom;
	bool type_known;	/* dom->type holds domain@type */
	bool have_uuid;
	bool have_os;
	int memory_line;	/* 0 = no valid <memory> */
	int current_line;	/* 0 = no valid <currentMemory> */
	/* Present, valid or not: "missing" would be a second error. */
	bool seen_name, seen_memory, seen_init, seen_kernel, seen_disk;
};

/* What to do with a child element (DESIGN.md "Guest configuration"). */
enum domxml_action {
	DOMXML_PARSE,	/* fn reads it */
	DOMXML_ACCEPT,	/* metadata without effect: skipped silently */
	DOMXML_WARN,	/* not implemented, harmless to ignore: warning */
	DOMXML_REFUSE,	/* not implemented, ignoring it would weaken
			 * isolation: error */
};

struct domxml_rule {
	const char *name;
	enum domxml_action action;
	bool once;		/* a second one is an error */
	void (*fn)(struct domxml *x, xmlNode *n, void *obj);
	const char *why;	/* DOMXML_REFUSE: the reason, a phrase */
};

/* Dispatch every element child of parent through rules (ended by a NULL
 * name) with obj passed to the handlers. A child that no rule names is a
 * warning, or an error when strict. */
void domxml_children(struct domxml *x, xmlNode *parent,
    const struct domxml_rule *rules, bool strict, void *obj);

/* Warn about (strict: refuse) each attribute of n not in known (ended by
 * NULL). */
void domxml_attrs(struct domxml *x, const xmlNode *n,
    const char *const *known, bool strict);

/* The trimmed text of a leaf element (never NULL); element children are
 * warned about. */
char *domxml_text(struct domxml *x, const xmlNode *n);

/* Report an error about attribute attr='value' of n ("<e a='v'>: what"),
 * or about the text value of n when attr is NULL ("<e>: invalid value
 * 'v': what"). Returns -EINVAL. */
int domxml_bad(struct domxml *x, const xmlNode *n, const char *attr,
    const char *value, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Decimal without sign in [min, max]: returns 0, or -EINVAL with the
 * problem ("not an integer", "negative", "too large (at most N)", ...)
 * in why. */
int domxml_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    char *why, size_t whylen);
/* Attribute attr of n as domxml_u64: 1 when set, 0 when absent, -EINVAL
 * (reported). */
int domxml_attr_u64(struct domxml *x, const xmlNode *n, const char *attr,
    uint64_t min, uint64_t max, uint64_t *out);
/* The text of n as domxml_u64: 0 or -EINVAL (reported). */
int domxml_text_u64(struct domxml *x, const xmlNode *n, uint64_t min,
    uint64_t max, uint64_t *out);

/* An absolute path without control characters and, when nodotdot, without
 * "." or ".." components; 0 or -EINVAL (reported as domxml_bad). */
int domxml_path(struct domxml *x, const xmlNode *n, const char *attr,
    const char *p, bool nodotdot);

/* Whether s is 1..max characters of [A-Za-z0-9] and the ones in extra. */
bool domxml_token(const char *s, const char *extra, size_t max);

/* The attribute, or NULL; a missing required one is reported with
 * "<e>: missing attribute 'a'". */
char *domxml_required(struct domxml *x, const xmlNode *n, const char *attr);

/* Whether n applies to this guest's type (or the type is unknown); when
 * not, a warning says it is ignored. */
bool domxml_lxc_only(struct domxml *x, const xmlNode *n);
bool domxml_vm_only(struct domxml *x, const xmlNode *n);

/* The element's name for messages: "name" or "prefix:name". */
const char *domxml_ename(const xmlNode *n, char *buf, size_t len);

#endif
