/* One rule's protocol element, its variables bound, as the match part of
 * an nftables rule in the bridge family. */
#ifndef VIGIL_NWF_MATCH_H
#define VIGIL_NWF_MATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "filters/nwf-model.h"
#include "filters/nwf-value.h"

/* The port's own values, kept in sets shared by all ports and keyed by
 * the port's name ("vnet0" . value): a rule matching the port's MAC or
 * addresses looks up PORT . FIELD, where PORT is iifname for frames from
 * the guest and oifname for frames to it. So the same rules serve every
 * port, and learning an address adds an element. */
enum nwf_setvar {
	NWF_SETVAR_NONE,
	NWF_SETVAR_MAC,		/* $MAC: sets mac (and macraw) */
	NWF_SETVAR_IP4,		/* $IP: set ip4 */
	NWF_SETVAR_IP6,		/* $IPV6: sets ip6 and nd6 */
};

#define NWF_SET_MAC "mac"	/* ifname . ether_addr */
#define NWF_SET_MACRAW "macraw"	/* iifname . @nh,64,48 (raw fields) */
#define NWF_SET_IP4 "addr4"	/* ifname . ipv4_addr, with timeouts */
#define NWF_SET_IP6 "addr6"	/* ifname . ipv6_addr, with timeouts */
#define NWF_SET_ND6 "nd6"	/* iifname . @th,64,128, with timeouts */

struct nwf_match_in {
	enum nwf_proto proto;
	enum nwf_chain_kind chain;	/* frames reaching the rule are of it */
	const char *port;		/* "iifname" or "oifname" */
	bool neg;			/* match='no': each attribute negated */
	const struct nwf_val *vals[NWF_A_COUNT];	/* NULL: absent */
	const char *sets[NWF_A_COUNT];	/* shared set to match instead */
};

/* The shared set attribute id of element proto is matched against when its
 * value is the port's variable v (mask absent), or NULL when it cannot be
 * (the value is then written as a literal). */
const char *nwf_match_set_for(enum nwf_proto proto, enum nwf_attr_id id,
    enum nwf_setvar v);

/* Write the match expression (possibly empty; a trailing space when not)
 * to out. Returns 0 or -EINVAL with *why. */
int nwf_match_write(const struct nwf_match_in *in, FILE *out,
    const char **why);

/* An nftables ethertype: "ip", "arp", "ip6", "8021q" or "0x8035". */
void nwf_match_ethertype(FILE *out, unsigned type);

#endif
