/* libFuzzer target for supervisor/dhcp.c: any bytes as a frame (with and
 * without the IPv4 checksum check), as a DHCP payload, as a DHCPv6 payload
 * and as an ARP/IPv4 sender. A parse must either succeed or return one of
 * its documented codes; ASan/UBSan catch any out-of-bounds read. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "supervisor/dhcp.h"

static void
check_code(int r)
{
	if (r != 0 && r != -EINVAL && r != -ENOMSG && r != -EOPNOTSUPP)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcp_msg m;
	struct dhcp_v4 v4;
	struct dhcp_v6 v6;
	struct dhcp_eth eth;
	struct in_addr ip;
	int r;

	r = dhcp_parse_frame(data, size, 0, &m);
	check_code(r);
	if (r == 0 && m.src.family == AF_INET6 &&
	    m.u.v6.naddrs > DHCP6_MAX_ADDRS)
		abort();
	if (r == 0 && m.eth.nvlan > DHCP_MAX_VLANS)
		abort();
	check_code(dhcp_parse_frame(data, size, DHCP_PARSE_CSUM, &m));
	check_code(dhcp_parse_v4(data, size, &v4));
	check_code(dhcp_parse_v6(data, size, &v6));
	check_code(dhcp_parse_sender(data, size, &eth, &ip));
	return 0;
}
