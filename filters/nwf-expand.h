/* The first half of compiling (nwf-compile.c is the second): walk a
 * filter's filterref DAG with the variables bound at each level and turn
 * every rule into rule instances, one per combination of variable values,
 * each with its nftables match text. */
#ifndef VIGIL_NWF_EXPAND_H
#define VIGIL_NWF_EXPAND_H

#include <stdbool.h>
#include <stddef.h>

#include "filters/nwf-match.h"
#include "filters/nwf-model.h"

struct vg_err;
struct nwf_lib;

/* A variable and its values at one level of the DAG. */
struct nwf_binding {
	char *name;
	char **values;
	size_t nvalues;
	enum nwf_setvar set;
};

struct nwf_env {
	struct nwf_binding *b;
	size_t n;
};

/* One rule instance. */
struct nwf_inst {
	bool l3;			/* tcp, udp, ... all-ipv6 */
	const char *chain;		/* L2: the filter's chain (borrowed) */
	enum nwf_chain_kind kind;
	int chain_prio;
	int prio;
	unsigned seq;			/* document order across the DAG */
	enum nwf_dir dir;
	enum nwf_action action;
	enum nwf_counter counter;	/* resolved, never AUTO */
	char *match[2];			/* for frames from the guest (0) and
					 * to it (1), as dir has them: "" or
					 * text ending in a space */
	char *comment;			/* "FILTER:LINE[ comment]" */
};

struct nwf_expand {
	/* in */
	struct nwf_lib *lib;
	/* out */
	struct nwf_inst *insts;
	size_t ninsts;
	bool uses_ip;			/* some rule refers to the port's IP */
	/* state */
	unsigned seq;
	const char *stack[32];		/* filter names being expanded */
	size_t depth;
	char **done;			/* filter+bindings already expanded */
	size_t ndone;
};

/* Expand filter with env into x->insts. Errors name the file and line
 * ("FILE:LINE: msg") in err. */
int nwf_expand_filter(struct nwf_expand *x, const struct nwf_filter *f,
    const struct nwf_env *env, struct vg_err *err);
void nwf_expand_done(struct nwf_expand *x);

void nwf_env_add(struct nwf_env *env, const char *name, const char *value,
    enum nwf_setvar set);
struct nwf_binding *nwf_env_find(const struct nwf_env *env,
    const char *name);
void nwf_env_done(struct nwf_env *env);

#endif
