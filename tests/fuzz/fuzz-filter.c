/* Fuzz target: nwfilter XML through the parser, and an accepted filter
 * through the compiler for one port. An accepted filter must hold only
 * checked values, as the compiler relies on; compiling either succeeds
 * with rules or fails with a message. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/diag.h"
#include "common/err.h"
#include "filters/nwf-check.h"
#include "filters/nwf-compile.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-nft.h"
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

static void
compile(const uint8_t *data, size_t size, const char *name)
{
	static const struct config_param params[] = {
		{ (char *) "IP", (char *) "10.0.0.1" },
		{ (char *) "IP", (char *) "10.0.0.2" },
		{ (char *) "IPV6", (char *) "2001:db8::1" },
		{ (char *) "A", (char *) "1" },
		{ (char *) "A", (char *) "2" },
	};
	struct nwf_port port = { .ifname = "vnet0", .params = params,
	    .nparams = sizeof params / sizeof params[0], .owner = "g" };
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	struct nwf_ruleset *rs = NULL;
	struct vg_err err;
	char *s;

	port.mac[0] = 0x52;
	if (nwf_lib_add_buffer(lib, "fuzz.xml", (const char *) data, size,
	    &err) < 0)
		abort();
	if (nwf_compile(lib, name, &port, &rs, &err) == 0) {
		if (rs->nrules == 0 || rs->nchains < 2)
			abort();
		s = nwf_nft_install_script(rs, NULL, NULL, 0, true);
		free(s);
	} else if (rs != NULL || err.msg[0] == '\0') {
		abort();
	}
	nwf_ruleset_free(rs);
	nwf_lib_free(lib);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nwf_filter *f = NULL;
	struct diag d;

	diag_init(&d, "fuzz.xml");
	if (nwf_parse_buffer((const char *) data, size, &f, &d) == 0) {
		check_accepted(f, &d);
		compile(data, size, f->name);
	}
	else if (f != NULL || d.nerrors == 0)
		abort();
	nwf_parse_free(f);
	diag_done(&d);
	return 0;
}
