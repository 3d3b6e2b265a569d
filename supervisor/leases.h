/* The addresses a guest learned through DHCP, kept across supervisor
 * restarts in var/lib/vigil/guests/NAME/leases.json, keyed by the guest's
 * uuid (the file) and each interface's MAC (the entries). Pure apart from
 * reading and writing that one file; no logging. */
#ifndef VIGIL_LEASES_H
#define VIGIL_LEASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct vg_err;

#define LEASES_MAX 256		/* entries per file */
#define LEASES_VERSION 1

struct lease {
	uint8_t mac[6];
	struct addr_ip ip;
	int64_t expires;	/* seconds since the epoch; 0 = never */
};

struct leases {
	char uuid[37];		/* the guest's, as text */
	struct lease *v;
	size_t n;
};

/* An empty set for the guest with this uuid (16 octets). */
void leases_init(struct leases *l, const uint8_t uuid[16]);
void leases_done(struct leases *l);

/* Replace l's entries with those in path. A missing file leaves l empty
 * and returns 0; a file of another guest (uuid) leaves it empty and
 * returns -ESTALE; a malformed one returns -EINVAL. Each error is described
 * in err, naming the file. Returns the number of entries read. */
int leases_load(struct leases *l, const char *path, struct vg_err *err);

/* Write l to path atomically (temporary file, fsync, rename), creating the
 * directory. Returns 0 or -errno with err set. */
int leases_save(const struct leases *l, const char *path,
    struct vg_err *err);

/* Drop the entries that expired at or before now; returns how many. */
size_t leases_prune(struct leases *l, int64_t now);

/* Add mac/ip or change its expiry. Returns 1 when l changed, 0 when the
 * entry was already there as given, -ENOSPC when l is full. */
int leases_set(struct leases *l, const uint8_t mac[6],
    const struct addr_ip *ip, int64_t expires);

/* Remove mac/ip; returns 1 when it was there, else 0. */
int leases_remove(struct leases *l, const uint8_t mac[6],
    const struct addr_ip *ip);

/* The entry for mac/ip, or NULL. */
const struct lease *leases_find(const struct leases *l, const uint8_t mac[6],
    const struct addr_ip *ip);

#endif
