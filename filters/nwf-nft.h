/* nftables scripts (text for libnftables) around compiled rulesets: the
 * table, installing, updating and removing one port, and its learned
 * addresses. Each script is meant to run as one transaction and touches
 * only the table's shared objects it names and one port's own objects. */
#ifndef VIGIL_NWF_NFT_H
#define VIGIL_NWF_NFT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/addr.h"
#include "filters/nwf-compile.h"

/* The comment on a port's map entries: this and the owning guest. */
#define NWF_OWNER_PREFIX "vigil:"

/* A learned address; timeout_s 0 = none. */
struct nwf_nft_addr {
	struct addr_ip ip;
	unsigned timeout_s;
};

/* The table, its two dispatch maps and the base chains that use them;
 * the same whether run once or many times. */
char *nwf_nft_table_script(void);

/* Install rs, replacing old (the same port's previous ruleset, or NULL):
 * old chains are emptied and those rs does not have deleted, rs's chains
 * created and filled, the sets refilled with rs's addresses and learned
 * ones, the counters kept, the port put into the maps last. */
char *nwf_nft_install_script(const struct nwf_ruleset *rs,
    const struct nwf_ruleset *old, const struct nwf_nft_addr *learned,
    size_t nlearned);

/* Remove everything of port ifname: its map entries, the chains named
 * (every chain it has), sets and counters. Works whether or not each
 * exists, as long as the table does. */
char *nwf_nft_remove_script(const char *ifname, char *const *chains,
    size_t nchains);

/* Add (or refresh the timeout of) learned address a of port ifname; with
 * open_gate, also empty the port's gate chain. */
char *nwf_nft_addr_add_script(const char *ifname,
    const struct nwf_nft_addr *a, bool open_gate);
/* Remove learned address a; with gate non-NULL, refill the gate chain with
 * it (the port has no address left). */
char *nwf_nft_addr_del_script(const char *ifname, const struct addr_ip *a,
    const char *gate);

/* Whether chain (a name in the table) belongs to port ifname. */
bool nwf_nft_is_port_object(const char *name, const char *ifname);

#endif
