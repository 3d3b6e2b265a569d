/* One rule's protocol element, its variables bound, as the match part of
 * an nftables rule in the bridge family. */
#ifndef VIGIL_NWF_MATCH_H
#define VIGIL_NWF_MATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "filters/nwf-model.h"
#include "filters/nwf-value.h"

struct nwf_match_in {
	enum nwf_proto proto;
	enum nwf_chain_kind chain;	/* frames reaching the rule are of it */
	bool neg;			/* match='no': each attribute negated */
	const struct nwf_val *vals[NWF_A_COUNT];	/* NULL: absent */
	const char *sets[NWF_A_COUNT];	/* named set to match instead */
};

/* Whether attribute id of element proto can be matched against a named set
 * of addresses (IPv4 addresses for ip and arp, IPv6 for ipv6 and the
 * -ipv6 elements, and ndtarget against the port's raw target set). */
bool nwf_match_set_ok(enum nwf_proto proto, enum nwf_attr_id id);

/* Write the match expression (possibly empty; a trailing space when not)
 * to out. Returns 0 or -EINVAL with *why. */
int nwf_match_write(const struct nwf_match_in *in, FILE *out,
    const char **why);

/* An nftables ethertype: "ip", "arp", "ip6", "8021q" or "0x8035". */
void nwf_match_ethertype(FILE *out, unsigned type);

#endif
