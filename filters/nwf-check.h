/* Checks on a rule as a whole (attribute combinations, the chain it sits
 * in). The parser runs them on literal values; the compiler again once
 * variables are bound. */
#ifndef VIGIL_NWF_CHECK_H
#define VIGIL_NWF_CHECK_H

#include <stdbool.h>

#include "filters/nwf-attr.h"
#include "filters/nwf-value.h"
#include "filters/nwf-model.h"

/* Whether a rule with element proto can match in a chain of kind; else
 * -EINVAL with *why. */
int nwf_check_chain(enum nwf_chain_kind kind, enum nwf_proto proto,
    const char **why);

/* The attributes of one rule instance: present[id] says the attribute is
 * given; vals[id] is its value, or NULL when not known yet (a variable). */
struct nwf_check_in {
	enum nwf_proto proto;
	bool neg;		/* match='no' */
	bool present[NWF_A_COUNT];
	const struct nwf_val *vals[NWF_A_COUNT];
};

/* Attribute combinations: masks need addresses, ranges need their start
 * and must not run backwards, ports need a protocol with ports, and vigil's
 * limits (see nwf-parse.c). Returns 0 or -EINVAL with *why. */
int nwf_check_combo(const struct nwf_check_in *in, const char **why);

/* nwf_check_combo over the literal values of rule. */
int nwf_check_rule_literals(const struct nwf_rule *rule, const char **why);

#endif
