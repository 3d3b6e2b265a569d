/* One guest port's filter in the kernel: the nftables rules filters/
 * compiles for it, installed, updated and removed with libnftables, each
 * change one transaction touching only that port's elements in the shared
 * sets and dispatch maps, and its filter's chains, which ports with the
 * same compiled filter share (written identically by each install;
 * deleted when the last port using them goes). filters/nwf-compile.h
 * describes the layout. With 1000 other ports present an install takes
 * about 1 ms, a removal 1-3 ms, reading the counters 0.1 ms
 * (tests/bench/filters).
 *
 * Order (guest.c's start steps): port_filter_new and port_filter_install
 * once the port exists and before it comes up; the caller brings the host
 * end up only when the install succeeded (fail closed: a failed install
 * leaves nothing of the port behind, and the error names the rule).
 * port_filter_watch_start then reinstalls the rules within a second when
 * something else flushes the ruleset, and logs the first drops of each
 * kind. Teardown: port_filter_remove, then port_filter_free. After a
 * SIGKILLed supervisor, port_filter_cleanup_guest (or _cleanup by port
 * name) removes what is left.
 *
 * Learned addresses (the snooper's learned_cb and forgotten_cb) become
 * elements of the port's address sets, with the lease as their timeout;
 * while a port that learns has none, only DHCP leaves it. */
#ifndef VIGIL_SUPERVISOR_PORT_FILTER_H
#define VIGIL_SUPERVISOR_PORT_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/addr.h"
#include "common/config-domain.h"
#include "filters/nwf-compile.h"
#include "filters/nwf-model.h"

struct event_base;
struct vg_err;
struct port_filter;

struct port_filter_config {
	const char *guest;		/* owner, recorded on the map entries */
	const char *ifname;		/* the port's host end */
	uint8_t mac[6];			/* the guest's MAC on it */
	const char *filter;		/* filterref@filter */
	const struct config_param *params;	/* filterref parameters */
	size_t nparams;
	/* DHCPSERVER when the parameters have none (the network's
	 * address); may be empty. */
	const struct addr_ip *dhcpservers;
	size_t ndhcpservers;
	const char *root;		/* --root: etc/vigil/filters there
					 * overrides the built-ins */
};

struct port_filter_counters {
	uint64_t packets[NWF_COUNTER_COUNT];
	uint64_t bytes[NWF_COUNTER_COUNT];
};

/* Copies cfg. base may be NULL when nothing is watched (tools, tests). */
struct port_filter *port_filter_new(struct event_base *base,
    const struct port_filter_config *cfg);
/* Stops watching; leaves the kernel alone (remove first). NULL: nothing. */
void port_filter_free(struct port_filter *pf);

/* Compile the filter and install it (creating the table when needed).
 * Returns 0, or -errno with err naming the port and what failed. */
int port_filter_install(struct port_filter *pf, struct vg_err *err);
/* Compile again (filter files may have changed) and replace the rules in
 * one transaction; learned addresses and counters stay. */
int port_filter_update(struct port_filter *pf, struct vg_err *err);
/* Remove everything of the port. */
int port_filter_remove(struct port_filter *pf, struct vg_err *err);

/* The port's name (borrowed). */
const char *port_filter_ifname(const struct port_filter *pf);

/* How the port learns its addresses (CTRL_IP_LEARNING), and whether it
 * does at all (no IP parameter, and the filter uses $IP). After install. */
bool port_filter_learns(const struct port_filter *pf);
enum nwf_learning port_filter_learning(const struct port_filter *pf);

/* ip may be used by the guest for lease seconds (UINT32_MAX: no end);
 * again for a known address to renew it. */
int port_filter_addr_add(struct port_filter *pf, const struct addr_ip *ip,
    uint32_t lease, struct vg_err *err);
int port_filter_addr_del(struct port_filter *pf, const struct addr_ip *ip,
    struct vg_err *err);

/* The drop counters, read from the kernel. */
int port_filter_counters(struct port_filter *pf,
    struct port_filter_counters *out, struct vg_err *err);
/* The drop counters as {"mac": N, ...} (new), or NULL when they cannot be
 * read. */
json_t *port_filter_drops(struct port_filter *pf);
/* {"filter": NAME, "drops": {...}} (new); drops is absent when the
 * counters cannot be read. */
json_t *port_filter_describe(struct port_filter *pf);

/* Watch for the table, the port's chains or map entries being deleted by
 * someone else and reinstall (logged), and log each kind's first drops
 * (then at most once a minute). Needs a base. */
int port_filter_watch_start(struct port_filter *pf, struct vg_err *err);
void port_filter_watch_stop(struct port_filter *pf);
/* How often the rules had to be put back. */
unsigned port_filter_reinstalls(const struct port_filter *pf);

/* Remove whatever port ifname has in the table. Returns 1 when something
 * was there, 0 when not, -errno with err set. */
int port_filter_cleanup(const char *ifname, struct vg_err *err);
/* The same for every port whose map entries name guest. */
int port_filter_cleanup_guest(const char *guest, struct vg_err *err);

#endif
