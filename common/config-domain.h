/* Guest configuration: libvirt domain XML parsed into typed structs. The rest
 * of vigil reads only these structs, never the XML. */
#ifndef VIGIL_CONFIG_DOMAIN_H
#define VIGIL_CONFIG_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/addr.h"

struct diag;

#define CONFIG_DOMAIN_RING_DEFAULT (64 * 1024)
#define CONFIG_DOMAIN_LOG_DEFAULT (1024 * 1024)

enum domain_type {
	DOMAIN_TYPE_LXC,
	DOMAIN_TYPE_KVM,
	DOMAIN_TYPE_QEMU,
};

/* A name=value pair: filterref parameters (names may repeat: IP is a list)
 * and init environment. */
struct config_param {
	char *name;
	char *value;
	int line;		/* where it was given, 0 if unknown */
};

struct domain_filterref {
	int line;
	char *filter;
	struct config_param *params;
	size_t nparams;
};

/* <bandwidth><inbound|outbound average= peak= burst=/>: KiB/s and KiB. */
struct domain_bw {
	bool set;
	uint64_t average;
	uint64_t peak;		/* 0 = unset */
	uint64_t burst;		/* 0 = unset */
};

enum domain_if_type {
	DOMAIN_IF_NETWORK,
	DOMAIN_IF_BRIDGE,
	DOMAIN_IF_DIRECT,
};

struct domain_if {
	int line;
	enum domain_if_type type;
	uint8_t mac[6];
	bool mac_generated;
	char *source;		/* network name, bridge name or host device */
	char *source_mode;	/* direct: vepa|bridge|private|passthrough */
	char *target;		/* host port name, NULL = pick vnetN */
	char *model;		/* NULL when absent */
	struct domain_bw inbound;	/* to the guest */
	struct domain_bw outbound;	/* from the guest */
	struct domain_filterref *filterref;	/* NULL when none */
};

struct domain_fs {
	int line;
	char *source;		/* absolute host directory */
	char *target;		/* absolute guest path; "/" is the root */
	bool readonly;
};

struct domain_disk {
	int line;
	char *type;		/* file|block */
	char *device;		/* disk|cdrom */
	char *source;		/* absolute path */
	char *target;		/* vda, sda, hdc ... */
	char *bus;		/* virtio|ide|sata|scsi, NULL = by target */
	char *format;		/* driver@type: raw|qcow2, NULL = raw */
	bool readonly;
};

enum domain_caps_policy {
	DOMAIN_CAPS_DEFAULT,	/* vigil's default drop list */
	DOMAIN_CAPS_ALLOW,	/* keep all but those turned off */
	DOMAIN_CAPS_DENY,	/* drop all but those turned on */
};

struct domain_cap {
	char *name;		/* lower case, e.g. "sys_time" */
	bool on;
	int line;
};

struct config_domain {
	char *file;
	enum domain_type type;
	char *name;
	uint8_t uuid[16];
	bool uuid_generated;
	uint64_t memory_kib;		/* hard limit */
	uint64_t current_memory_kib;	/* == memory_kib when absent */
	unsigned vcpu;			/* 1 when absent */
	uint64_t cpu_shares;		/* 0 = unset */

	char *os_type;		/* exe | hvm */
	char *os_arch;		/* os/type@arch, NULL when absent */
	char *os_machine;	/* os/type@machine, NULL when absent */
	char *init;		/* containers: absolute path */
	char **initargs;
	size_t ninitargs;
	struct config_param *initenv;
	size_t ninitenv;
	char *kernel;		/* QEMU */
	char *initrd;
	char *cmdline;
	char *emulator;		/* devices/emulator, NULL = by type */

	bool has_console;
	size_t console_ring_size;	/* bytes */
	size_t console_log_max;		/* bytes */

	bool privnet;		/* <features><privnet/> */
	enum domain_caps_policy caps_policy;
	struct domain_cap *caps;
	size_t ncaps;

	struct domain_fs *fs;
	size_t nfs;
	struct domain_if *ifs;
	size_t nifs;
	struct domain_disk *disks;
	size_t ndisks;
};

/* Parse and validate; problems (errors and warnings) go to d. Returns 0 with
 * *out set, or -EINVAL (see d) / -errno. */
int config_domain_load(const char *path, struct config_domain **out,
    struct diag *d);
int config_domain_parse(const char *buf, size_t len,
    struct config_domain **out, struct diag *d);
void config_domain_free(struct config_domain *dom);

/* The filesystem mounted at "/" (the private root), or NULL when the guest
 * shares the host's root. */
const struct domain_fs *config_domain_root(const struct config_domain *dom);

/* "a099376e-a803-ca94-f99c-d9a8f9a30088"; buf of 37 bytes. */
void config_domain_uuid_format(const uint8_t uuid[16], char buf[37]);
const char *config_domain_type_name(enum domain_type t);
/* The values of parameter name of ref, in order (none: 0). */
size_t config_param_count(const struct config_param *p, size_t n,
    const char *name);
/* First value of name, or NULL. */
const char *config_param_get(const struct config_param *p, size_t n,
    const char *name);

#endif
