/* The verbs of vigil-net, which vigil runs for them with its own
 * arguments. */
#include <stddef.h>

#include "launcher/cmd.h"

const struct cmd cmd_table[] = {
	{ "net-define", cmd_net_define, "FILE" },
	{ "net-undefine", cmd_net_undefine, "NAME" },
	{ "net-start", cmd_net_start, "NAME" },
	{ "net-destroy", cmd_net_destroy, "NAME [--force]" },
	{ "net-list", cmd_net_list, "[--json]" },
};

const size_t cmd_count = sizeof cmd_table / sizeof cmd_table[0];
