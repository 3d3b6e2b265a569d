/* Checking of attribute values (shared by the parser, for literals, and the
 * compiler, for the values variables are bound to) and of variable
 * references. */
#ifndef VIGIL_NWF_VALUE_H
#define VIGIL_NWF_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "common/addr.h"
#include "filters/nwf-model.h"

/* A checked value. */
struct nwf_val {
	enum nwf_vtype type;
	uint8_t mac[6];		/* MAC, MACMASK */
	struct addr_ip ip;	/* IP4, IP6, and masks given as addresses */
	unsigned prefix;	/* IP4MASK, IP6MASK as a prefix length */
	uint32_t u;		/* numbers, ethertype, protocol, opcode, bool,
				 * state flags, tcp flags (mask << 8 | flags),
				 * ipset flags (count << 8 | src bits) */
	const char *str;	/* STRING, IPSET: the text given */
};

/* State flags of NWF_V_STATE. */
#define NWF_STATE_NEW 0x1
#define NWF_STATE_ESTABLISHED 0x2
#define NWF_STATE_RELATED 0x4
#define NWF_STATE_INVALID 0x8
#define NWF_STATE_NONE 0x10

/* Check s as a value of type t. Returns 0 and fills out, or -EINVAL with
 * *why set to a short reason ("not a MAC address"). out->str points into s. */
int nwf_value_parse(enum nwf_vtype t, const char *s, struct nwf_val *out,
    const char **why);

/* Parse "$NAME", "$NAME[N]" or "$NAME[@N]" (s starts with '$'). Returns 0
 * and sets *name (allocated), *index and *iter (-1 when absent), or -EINVAL
 * with *why set. */
int nwf_var_parse(const char *s, char **name, int *index, int *iter,
    const char **why);
/* Whether s is a valid variable (parameter) name. */
bool nwf_var_name_ok(const char *s);

#endif
