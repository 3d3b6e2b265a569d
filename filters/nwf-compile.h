/* Filter + one port's parameters -> nftables rules (pure: no I/O but
 * reading filter definitions through the library).
 *
 * Everything lives in one table, bridge vigil (nwf-nft.h builds the
 * scripts). Frames from a guest port are dispatched in prerouting through
 * the verdict map from-guest (iifname -> jump f/HASH/out), frames to it in
 * postrouting through to-guest (oifname -> jump f/HASH/in). The chains
 * f/HASH/... hold a compiled filter and are shared by every port whose
 * filter compiles to the same rules: the port's own values (its MAC, its
 * addresses, learned ones too) are elements of sets shared by all ports
 * and keyed by port name, and its drop counters are elements ("IF" . kind)
 * of the dynamic set drops. So adding or removing a port touches set and
 * map elements (and the filter's chains, rewritten identically), and the
 * table's size does not grow with the number of ports. */
#ifndef VIGIL_NWF_COMPILE_H
#define VIGIL_NWF_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"
#include "common/config-domain.h"
#include "filters/nwf-model.h"

struct vg_err;
struct nwf_lib;

#define NWF_TABLE "vigil"
#define NWF_MAP_OUT "from-guest"
#define NWF_MAP_IN "to-guest"
#define NWF_SET_DROPS "drops"	/* iifname . meta mark, counters */
#define NWF_SET_GATED "gated"	/* ports still closed but for DHCP */
#define NWF_SET_PROBING "probing"	/* ... and ARP probes */
#define NWF_CHAIN_GATE "gate"

enum nwf_learning {
	NWF_LEARN_ANY,		/* libvirt's default */
	NWF_LEARN_DHCP,
	NWF_LEARN_NONE,
};

struct nwf_port {
	const char *ifname;		/* the host end: [A-Za-z0-9_.-]{1,15} */
	uint8_t mac[6];			/* the guest's */
	const struct config_param *params;	/* the interface's filterref */
	size_t nparams;
	/* DHCPSERVER when params have none (the network's address) */
	const struct addr_ip *dhcpservers;
	size_t ndhcpservers;
	bool learned;			/* addresses were learned already */
	const char *owner;		/* the guest, noted on the map entries
					 * (NULL: none) */
};

struct nwf_ruleset {
	char *ifname;
	char *filter;
	char *owner;		/* NULL: none */
	char hash[17];		/* names the filter's chains f/HASH/... */
	char **chains;		/* those chains */
	size_t nchains;
	char *rules;		/* "add rule ..." lines filling them */
	size_t nrules;
	bool gate;		/* while the port has no IPv4 address, only
				 * DHCP may leave it (the filter uses $IP and
				 * no IP is given) */
	bool gated;		/* ... and none is known now */
	bool probes;		/* ARP probes may pass the gate too */
	bool learn;		/* the port learns its IPv4 addresses */
	enum nwf_learning learning;
	uint8_t (*macs)[6];	/* the port's elements: $MAC's values */
	size_t nmacs;
	struct addr_ip *addrs;	/* IP and IPV6 (with the link-local) */
	size_t naddrs;
};

/* Compile filter for port. Errors carry "FILE:LINE: msg" where a filter is
 * at fault. Returns 0 with *out set (free with nwf_ruleset_free), or -errno
 * with err set. */
int nwf_compile(struct nwf_lib *lib, const char *filter,
    const struct nwf_port *port, struct nwf_ruleset **out,
    struct vg_err *err);
void nwf_ruleset_free(struct nwf_ruleset *rs);

/* The name of counter kind ("mac", "ip", "arp", "l2", "dhcp", "other"). */
const char *nwf_counter_name(enum nwf_counter c);
/* Its key in the drops set ("IF" . kind): 1 for mac ... 6 for other. */
unsigned nwf_counter_key(enum nwf_counter c);
/* The EUI-64 link-local address of mac. */
void nwf_link_local(const uint8_t mac[6], struct addr_ip *out);
/* Whether name can be a filtered port: 1-15 of [A-Za-z0-9_.-]. */
bool nwf_port_name_ok(const char *name);

#endif
