/* nat: the nftables table of a nat or route network, and its uplink. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <nftables/libnftables.h>

#include "common/cleanup.h"
#include "common/config-network.h"
#include "common/err.h"
#include "common/nlerr.h"
#include "common/xalloc.h"
#include "launcher/nat.h"

#define IP_FORWARD "/proc/sys/net/ipv4/ip_forward"

char *
nat_table_name(const char *network)
{
	return xprintf("vigil-net-%s", network);
}

char *
nat_ruleset(const struct config_network *net, const char *wan)
{
	_cleanup_free_ char *table = nat_table_name(net->name);
	char sub[INET6_ADDRSTRLEN + 4], a[INET6_ADDRSTRLEN];
	const char *br = net->bridge;
	struct addr_ip s;
	char *fwd = NULL, *nat = NULL, *out;

	config_network_subnet(net, &s);
	(void) snprintf(sub, sizeof sub, "%s/%u", addr_ip_format(&s, a,
	    sizeof a), net->prefix);
	if (wan != NULL && net->forward == NET_FORWARD_NAT) {
		fwd = xprintf(
		    "\t\tiifname \"%s\" oifname \"%s\" ip saddr %s accept\n"
		    "\t\tiifname \"%s\" oifname \"%s\" ip daddr %s "
		    "ct state established,related accept\n",
		    br, wan, sub, wan, br, sub);
		nat = xprintf("\tchain postrouting {\n"
		    "\t\ttype nat hook postrouting priority srcnat; "
		    "policy accept;\n"
		    "\t\toifname \"%s\" ip saddr %s ip daddr != %s masquerade\n"
		    "\t}\n", wan, sub, sub);
	} else if (wan != NULL) {
		fwd = xprintf(
		    "\t\tiifname \"%s\" oifname \"%s\" ip saddr %s accept\n"
		    "\t\tiifname \"%s\" oifname \"%s\" ip daddr %s accept\n",
		    br, wan, sub, wan, br, sub);
	}
	out = xprintf("table ip %s {\n"
	    "\tchain forward {\n"
	    "\t\ttype filter hook forward priority filter; policy accept;\n"
	    "\t\tiifname \"%s\" oifname \"%s\" accept\n"
	    "%s"
	    "\t\tiifname \"%s\" drop\n"
	    "\t\toifname \"%s\" drop\n"
	    "\t}\n"
	    "%s"
	    "}\n", table, br, br, fwd != NULL ? fwd : "", br, br,
	    nat != NULL ? nat : "");
	free(fwd);
	free(nat);
	return out;
}

/* Run cmds in one transaction; on failure err gets nft's first line. */
static int
nft_run(const char *what, const char *cmds, struct vg_err *err)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	const char *msg;
	size_t len;
	int r = 0;

	if (nft == NULL)
		return vg_err_set(err, -ENOMEM, "nftables table %s: cannot "
		    "create a libnftables context", what);
	if (nft_ctx_buffer_output(nft) < 0 || nft_ctx_buffer_error(nft) < 0) {
		nft_ctx_free(nft);
		return vg_err_set(err, -ENOMEM, "nftables table %s: cannot "
		    "buffer output", what);
	}
	if (nft_run_cmd_from_buffer(nft, cmds) != 0) {
		msg = nft_ctx_get_error_buffer(nft);
		if (msg == NULL || msg[0] == '\0')
			msg = "failed";
		len = strcspn(msg, "\n");
		r = vg_err_set(err, -EIO, "nftables table %s: %.*s", what,
		    (int) (len > 160 ? 160 : len), msg);
	}
	nft_ctx_free(nft);
	return r;
}

static int
ip_forward_on(struct vg_err *err)
{
	int fd = open(IP_FORWARD, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return vg_err_sys(err, -errno, "enable forwarding: open %s",
		    IP_FORWARD);
	if (write(fd, "1\n", 2) != 2)
		r = vg_err_sys(err, -errno, "enable forwarding: write %s",
		    IP_FORWARD);
	(void) close(fd);
	return r;
}

int
nat_apply(const struct config_network *net, const char *wan,
    struct vg_err *err)
{
	_cleanup_free_ char *table = nat_table_name(net->name);
	_cleanup_free_ char *rules = NULL, *cmds = NULL;
	int r;

	if (wan != NULL && (!config_network_ifname_valid(wan) ||
	    strpbrk(wan, "\"\\") != NULL))
		return vg_err_set(err, -EINVAL, "uplink interface name '%s' "
		    "cannot be used in a rule", wan);
	rules = nat_ruleset(net, wan);
	cmds = xprintf("add table ip %s\ndelete table ip %s\n%s", table,
	    table, rules);
	r = nft_run(table, cmds, err);
	if (r < 0)
		return r;
	r = ip_forward_on(err);
	if (r < 0)
		(void) nat_remove(table, NULL);
	return r;
}

int
nat_remove(const char *table, struct vg_err *err)
{
	_cleanup_free_ char *cmds = xprintf("add table ip %s\n"
	    "delete table ip %s\n", table, table);

	return nft_run(table, cmds, err);
}

int
nat_default_dev(struct nl_sock *sk, char *buf, size_t len)
{
	struct nl_cache *routes = NULL;
	struct nl_object *o;
	int r, ifindex = 0;

	r = nlerr_errno(rtnl_route_alloc_cache(sk, AF_INET, 0, &routes));
	if (r < 0)
		return r;
	for (o = nl_cache_get_first(routes); o != NULL;
	    o = nl_cache_get_next(o)) {
		struct rtnl_route *rt = (struct rtnl_route *) o;
		struct nl_addr *dst = rtnl_route_get_dst(rt);
		struct rtnl_nexthop *nh;

		if (rtnl_route_get_table(rt) != RT_TABLE_MAIN ||
		    rtnl_route_get_type(rt) != RTN_UNICAST ||
		    (dst != NULL && nl_addr_get_prefixlen(dst) != 0) ||
		    rtnl_route_get_nnexthops(rt) < 1)
			continue;
		nh = rtnl_route_nexthop_n(rt, 0);
		if (nh != NULL && rtnl_route_nh_get_ifindex(nh) > 0) {
			ifindex = rtnl_route_nh_get_ifindex(nh);
			break;
		}
	}
	nl_cache_free(routes);
	if (ifindex == 0)
		return 0;
	if (len < IF_NAMESIZE || if_indextoname((unsigned) ifindex, buf) ==
	    NULL)
		return -ENODEV;
	return 1;
}
