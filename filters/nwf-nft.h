/* nftables scripts (text for libnftables) around compiled rulesets: the
 * shared table, installing, updating and removing one port, its learned
 * addresses, and deleting a compiled filter's chains once no port uses
 * them. Each script is meant to run as one transaction; a port's scripts
 * touch the shared objects only in ways that leave other ports as they
 * were (see nwf-compile.h). */
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

/* The table, its dispatch maps, shared sets, the gate chain and the base
 * chains: the same whether run once or many times, by one process or
 * several at once. */
char *nwf_nft_table_script(void);

/* Install rs, replacing old (the same port's previous ruleset, or NULL):
 * old's port elements removed, rs's added with the learned addresses, the
 * map entries pointed at rs's chains. The drop counters stay. With full,
 * first the table and rs's chains are (re)written; without, the script
 * relies on them and fails with ENOENT when one is missing. */
char *nwf_nft_install_script(const struct nwf_ruleset *rs,
    const struct nwf_ruleset *old, const struct nwf_nft_addr *learned,
    size_t nlearned, bool full);

/* Remove port rs->ifname: its map entries and every element it has in the
 * shared sets (learned ones given), counters included. Without full it
 * fails with ENOENT when the table or the filter's root chains are
 * missing; with it, they are made first (and the removal always works). */
char *nwf_nft_remove_script(const struct nwf_ruleset *rs,
    const struct nwf_nft_addr *learned, size_t nlearned, bool full);

/* Delete chains (a compiled filter's): fails with EBUSY, changing
 * nothing, while a port still uses them. */
char *nwf_nft_gc_script(char *const *chains, size_t nchains);

/* Add (or refresh the timeout of) learned address a of port ifname; with
 * open_gate, also take the port out of the gate. */
char *nwf_nft_addr_add_script(const char *ifname,
    const struct nwf_nft_addr *a, bool open_gate);
/* Remove learned address a; with close_gate (the port has no address
 * left), put the port back behind the gate (probes: ARP probes pass). */
char *nwf_nft_addr_del_script(const char *ifname, const struct addr_ip *a,
    bool close_gate, bool probes);

/* Removing one element, whether or not it is there (cleanup): set, the
 * element's key as nft writes it. */
char *nwf_nft_forget_script(const char *set, const char *key);

#endif
