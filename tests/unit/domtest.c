#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/domtest.h"
#include "tests/unit/unit.h"

/* One document at a time: valid until the next call. */
static const char *
doc(const char *fmt, const char *s)
{
	static char buf[16384];

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	(void) snprintf(buf, sizeof buf, fmt, s);
#pragma GCC diagnostic pop
	return buf;
}

const char *
domtest_first(const struct diag *d)
{
	return d->nitems > 0 ? d->items[0].msg : "(nothing)";
}

bool
domtest_has_item(const struct diag *d, enum diag_severity sev, int line,
    const char *msg)
{
	size_t i;

	for (i = 0; i < d->nitems; i++)
		if (d->items[i].severity == sev && d->items[i].line == line &&
		    strcmp(d->items[i].msg, msg) == 0)
			return true;
	return false;
}

void
domtest_dump(const struct diag *d)
{
	diag_print(d, stderr);
}

struct config_domain *
domtest_good(const char *fmt, const char *s)
{
	const char *xml = doc(fmt, s);
	struct config_domain *dom = NULL;
	struct diag d;
	int r;

	diag_init(&d, "t.xml");
	r = config_domain_parse(xml, strlen(xml), &dom, &d);
	if (r != 0 || d.nitems != 0)
		domtest_dump(&d);
	ck_assert_msg(r == 0, "rejected: %s", domtest_first(&d));
	ck_assert_msg(d.nitems == 0, "warned: %s", domtest_first(&d));
	ck_assert_ptr_nonnull(dom);
	diag_done(&d);
	return dom;
}

void
domtest_bad(const char *fmt, const char *s, int line, const char *msg)
{
	const char *xml = doc(fmt, s);
	struct config_domain *dom = NULL;
	struct diag d;
	int r;

	diag_init(&d, "t.xml");
	r = config_domain_parse(xml, strlen(xml), &dom, &d);
	if (!domtest_has_item(&d, DIAG_ERROR, line, msg))
		domtest_dump(&d);
	ck_assert_int_eq(r, -EINVAL);
	ck_assert_ptr_null(dom);
	ck_assert_msg(domtest_has_item(&d, DIAG_ERROR, line, msg),
	    "expected error %d: %s; got: %s", line, msg, domtest_first(&d));
	diag_done(&d);
}

struct config_domain *
domtest_warns(const char *fmt, const char *s, int line, const char *msg)
{
	const char *xml = doc(fmt, s);
	struct config_domain *dom = NULL;
	struct diag d;
	int r;

	diag_init(&d, "t.xml");
	r = config_domain_parse(xml, strlen(xml), &dom, &d);
	if (r != 0 || !domtest_has_item(&d, DIAG_WARNING, line, msg))
		domtest_dump(&d);
	ck_assert_msg(r == 0, "rejected: %s", domtest_first(&d));
	ck_assert_msg(domtest_has_item(&d, DIAG_WARNING, line, msg),
	    "expected warning %d: %s; got: %s", line, msg, domtest_first(&d));
	diag_done(&d);
	return dom;
}

void
domtest_warns_free(const char *fmt, const char *s, int line, const char *msg)
{
	config_domain_free(domtest_warns(fmt, s, line, msg));
}

struct config_domain *
domtest_load_example(const char *name)
{
	const char *src = getenv("VIGIL_SRCDIR");
	struct config_domain *dom = NULL;
	char path[4096];
	struct diag d;
	int r;

	(void) snprintf(path, sizeof path, "%s/conf/examples/%s",
	    src != NULL ? src : VIGIL_SRCDIR, name);
	diag_init(&d, path);
	r = config_domain_load(path, &dom, &d);
	if (r != 0 || d.nitems != 0)
		domtest_dump(&d);
	ck_assert_msg(r == 0 && d.nitems == 0, "%s: %s", name,
	    domtest_first(&d));
	diag_done(&d);
	return dom;
}
