/* Fuzz target: nwfilter XML through the parser. A filter that is accepted
 * must hold only checked values, as the compiler relies on. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/diag.h"
#include "filters/nwf-check.h"
#include "filters/nwf-parse.h"
#include "filters/nwf-value.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_rule(const struct nwf_rule *r)
{
	struct nwf_val v;
	const char *why;
	size_t i;

	if (r->priority < NWF_PRIORITY_MIN || r->priority > NWF_PRIORITY_MAX)
		abort();
	for (i = 0; i < r->nattrs; i++) {
		const struct nwf_attr *a = &r->attrs[i];

		if ((a->value == NULL) == (a->var == NULL))
			abort();
		if (a->value != NULL &&
		    nwf_value_parse(a->vtype, a->value, &v, &why) < 0)
			abort();
		if (a->var != NULL && !nwf_var_name_ok(a->var))
			abort();
	}
	if (nwf_check_rule_literals(r, &why) < 0)
		abort();
}

static void
check_accepted(const struct nwf_filter *f, const struct diag *d)
{
	enum nwf_chain_kind kind;
	size_t i;
	int prio;

	if (d->nerrors != 0 || f->name == NULL || f->chain == NULL ||
	    nwf_parse_chain(f->chain, &kind, &prio) < 0 ||
	    kind != f->chain_kind)
		abort();
	for (i = 0; i < f->nentries; i++) {
		if (f->entries[i].kind == NWF_ENTRY_RULE)
			check_rule(&f->entries[i].u.rule);
		else if (f->entries[i].u.ref.filter == NULL)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nwf_filter *f = NULL;
	struct diag d;

	diag_init(&d, "fuzz.xml");
	if (nwf_parse_buffer((const char *) data, size, &f, &d) == 0)
		check_accepted(f, &d);
	else if (f != NULL || d.nerrors == 0)
		abort();
	nwf_parse_free(f);
	diag_done(&d);
	return 0;
}
