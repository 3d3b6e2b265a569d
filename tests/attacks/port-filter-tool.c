/* For the attack tests: put a filter on a bridge port, or take it off, or
 * read its drop counters, through supervisor/port-filter as a supervisor
 * would, but without a guest around it.
 *
 *   port-filter-tool install PORT MAC FILTER [NAME=VALUE...]
 *   port-filter-tool learn PORT MAC FILTER ADDR SECONDS [NAME=VALUE...]
 *   port-filter-tool remove PORT
 *   port-filter-tool counters PORT
 *
 * Filters come from $VIGIL_FILTER_DIR, and from etc/vigil/filters under
 * $VIGIL_ROOT. Exit status 0, or 1 with the reason on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"
#include "common/path.h"
#include "supervisor/port-filter.h"

static int
usage(void)
{
	fprintf(stderr, "usage: port-filter-tool install PORT MAC FILTER "
	    "[NAME=VALUE...]\n       port-filter-tool learn PORT MAC FILTER "
	    "ADDR SECONDS [NAME=VALUE...]\n       port-filter-tool remove "
	    "PORT\n       port-filter-tool counters PORT\n");
	return 2;
}

static int
install(int argc, char **argv, bool learn)
{
	struct config_param params[32];
	struct port_filter_config cfg = { .guest = "attack",
	    .root = path_root(NULL) };
	struct port_filter *pf;
	struct addr_ip ip;
	struct vg_err err;
	int i, first = learn ? 7 : 5, r;

	if (argc < first || argc - first > 32 ||
	    addr_mac_parse(argv[3], cfg.mac) < 0)
		return usage();
	cfg.ifname = argv[2];
	cfg.filter = argv[4];
	for (i = first; i < argc; i++) {
		params[i - first].name = argv[i];
		params[i - first].value = strchr(argv[i], '=');
		if (params[i - first].value == NULL)
			return usage();
		*params[i - first].value++ = '\0';
	}
	cfg.params = params;
	cfg.nparams = (size_t) (argc - first);
	pf = port_filter_new(NULL, &cfg);
	r = port_filter_install(pf, &err);
	if (r == 0 && learn) {
		if (addr_ip_parse(argv[5], &ip) < 0) {
			port_filter_free(pf);
			return usage();
		}
		r = port_filter_addr_add(pf, &ip, (uint32_t) atoi(argv[6]),
		    &err);
	}
	port_filter_free(pf);
	if (r < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct port_filter_counters c;
	struct port_filter_config cfg = { .filter = "-" };
	struct port_filter *pf;
	struct vg_err err;
	int r, k;

	log_init("port-filter-tool", NULL, LOG_LEVEL_WARN);
	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "install") == 0)
		return install(argc, argv, false);
	if (strcmp(argv[1], "learn") == 0)
		return install(argc, argv, true);
	if (strcmp(argv[1], "remove") == 0 && argc == 3) {
		r = port_filter_cleanup(argv[2], &err);
		if (r < 0)
			fprintf(stderr, "%s\n", err.msg);
		return r < 0;
	}
	if (strcmp(argv[1], "counters") != 0 || argc != 3)
		return usage();
	cfg.ifname = argv[2];
	pf = port_filter_new(NULL, &cfg);
	r = port_filter_counters(pf, &c, &err);
	port_filter_free(pf);
	if (r < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	for (k = 0; k < NWF_COUNTER_COUNT; k++)
		printf("%s %llu\n", nwf_counter_name(k),
		    (unsigned long long) c.packets[k]);
	return 0;
}
