/* Fuzz target: network XML through the parser and validator. A config that
 * is accepted must satisfy what the launcher relies on. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/config-network.h"
#include "common/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_accepted(const struct config_network *net, const struct diag *d)
{
	struct addr_ip sub;
	size_t i;

	if (d->nerrors != 0 || net->name == NULL ||
	    !config_network_ifname_valid(net->bridge))
		abort();
	if (!net->has_ip) {
		if (net->forward != NET_FORWARD_NONE || net->nhosts != 0)
			abort();
		return;
	}
	config_network_subnet(net, &sub);
	if (net->prefix < 1 || net->prefix > 30)
		abort();
	if (net->has_range && (addr_ip4_host(&net->range_start) >
	    addr_ip4_host(&net->range_end) ||
	    !addr_ip_in_subnet(&net->range_start, &sub, net->prefix) ||
	    !addr_ip_in_subnet(&net->range_end, &sub, net->prefix)))
		abort();
	for (i = 0; i < net->nhosts; i++)
		if (!addr_ip_in_subnet(&net->hosts[i].ip, &sub, net->prefix) ||
		    addr_ip_equal(&net->hosts[i].ip, &net->address))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_network *net = NULL;
	struct diag d;

	diag_init(&d, "fuzz.xml");
	if (config_network_parse((const char *) data, size, &net, &d) == 0)
		check_accepted(net, &d);
	else if (net != NULL || d.nerrors == 0)
		abort();
	config_network_free(net);
	diag_done(&d);
	return 0;
}
