/* The verbs of vigil. The network ones run in vigil-net (commands-net.c),
 * so that only they load libnl and libnftables. */
#include <stddef.h>

#include "launcher/cmd.h"

const struct cmd cmd_table[] = {
	{ "validate", cmd_validate, "FILE..." },
	{ "define", cmd_define, "FILE" },
	{ "undefine", cmd_undefine, "NAME" },
	{ "start", cmd_start, "NAME|FILE [--console|--foreground]" },
	{ "console", cmd_console, "NAME [--readonly] [--force] [--timeout S]" },
	{ "list", cmd_list, "[--all] [--json]" },
	{ "info", cmd_info, "NAME [--json]" },
	{ "shutdown", cmd_shutdown, "NAME [--timeout S]" },
	{ "destroy", cmd_destroy, "NAME" },
	{ "cleanup", cmd_cleanup, "NAME" },
	{ "net-define", cmd_net_helper, "FILE" },
	{ "net-undefine", cmd_net_helper, "NAME" },
	{ "net-start", cmd_net_helper, "NAME" },
	{ "net-destroy", cmd_net_helper, "NAME [--force]" },
	{ "net-list", cmd_net_helper, "[--json]" },
	{ "filter-list", cmd_filter_list, "[--json]" },
	{ "filter-dump", cmd_filter_dump, "NAME [--guest G]" },
};

const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];
