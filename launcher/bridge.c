/* bridge: create, address, bring up and delete a network's bridge. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <net/if.h>
#include <arpa/inet.h>

#include <linux/if_link.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>

#include "common/config-network.h"
#include "common/err.h"
#include "common/nlerr.h"
#include "launcher/bridge.h"

/* USER_HZ: IFLA_BR_FORWARD_DELAY is in clock_t units. */
#define BRIDGE_CLOCK_HZ 100

/* STP and the forward delay. libnl-route 3.7 has no setters for a bridge's
 * own IFLA_BR_* attributes, so they go in a link change request built with
 * libnl's message API. The kernel applies the delay before STP, so a delay
 * under STP's 2 s minimum is taken as libvirt's 'delay=0' is. */
static int
bridge_set_options(struct nl_sock *sk, int ifindex, bool stp, unsigned delay)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nlattr *info, *data;
	struct nl_msg *msg;
	int r;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	if (msg == NULL)
		return -ENOMEM;
	if (nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO) < 0 ||
	    (info = nla_nest_start(msg, IFLA_LINKINFO)) == NULL ||
	    nla_put_string(msg, IFLA_INFO_KIND, "bridge") < 0 ||
	    (data = nla_nest_start(msg, IFLA_INFO_DATA)) == NULL ||
	    nla_put_u32(msg, IFLA_BR_FORWARD_DELAY,
	    delay * BRIDGE_CLOCK_HZ) < 0 ||
	    nla_put_u32(msg, IFLA_BR_STP_STATE, stp ? 1 : 0) < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, info);
	r = nl_send_sync(sk, msg);
	return nlerr_errno(r);
}

static int
bridge_set_address(struct nl_sock *sk, int ifindex,
    const struct config_network *net)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local, *bcast;
	struct in_addr b;
	uint32_t mask;
	int r;

	if (a == NULL)
		return -ENOMEM;
	mask = net->prefix == 0 ? 0 : 0xffffffffU << (32 - net->prefix);
	b.s_addr = htonl(addr_ip4_host(&net->address) | ~mask);
	local = nl_addr_build(AF_INET, &net->address.u.v4, 4);
	bcast = nl_addr_build(AF_INET, &b, 4);
	if (local == NULL || bcast == NULL) {
		r = -ENOMEM;
		goto out;
	}
	nl_addr_set_prefixlen(local, (int) net->prefix);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, AF_INET);
	r = rtnl_addr_set_local(a, local);
	if (r == 0) {
		rtnl_addr_set_prefixlen(a, (int) net->prefix);
		r = rtnl_addr_set_broadcast(a, bcast);
	}
	if (r == 0)
		r = rtnl_addr_add(sk, a, 0);
	r = nlerr_errno(r);
out:
	nl_addr_put(local);
	nl_addr_put(bcast);
	rtnl_addr_put(a);
	return r;
}

static int
bridge_up(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *orig = NULL, *change;
	int r;

	r = rtnl_link_get_kernel(sk, 0, name, &orig);
	if (r < 0)
		return nlerr_errno(r);
	change = rtnl_link_alloc();
	if (change == NULL) {
		rtnl_link_put(orig);
		return -ENOMEM;
	}
	rtnl_link_set_flags(change, IFF_UP);
	r = nlerr_errno(rtnl_link_change(sk, orig, change, 0));
	rtnl_link_put(change);
	rtnl_link_put(orig);
	return r;
}

static int
bridge_add(struct nl_sock *sk, const char *name, const uint8_t mac[6],
    int *ifindex)
{
	struct rtnl_link *link = rtnl_link_bridge_alloc(), *got = NULL;
	struct nl_addr *ll;
	int r;

	if (link == NULL)
		return -ENOMEM;
	ll = nl_addr_build(AF_LLC, mac, 6);
	if (ll == NULL) {
		rtnl_link_put(link);
		return -ENOMEM;
	}
	rtnl_link_set_name(link, name);
	rtnl_link_set_addr(link, ll);
	r = nlerr_errno(rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL));
	nl_addr_put(ll);
	rtnl_link_put(link);
	if (r < 0)
		return r;
	r = nlerr_errno(rtnl_link_get_kernel(sk, 0, name, &got));
	if (r < 0)
		return r;
	*ifindex = rtnl_link_get_ifindex(got);
	rtnl_link_put(got);
	return 0;
}

int
bridge_create(struct nl_sock *sk, const struct config_network *net,
    const uint8_t mac[6], struct vg_err *err)
{
	const char *step;
	int ifindex, r;

	r = bridge_add(sk, net->bridge, mac, &ifindex);
	if (r == -EEXIST)
		return vg_err_set(err, r, "bridge %s: an interface of that name "
		    "already exists", net->bridge);
	if (r < 0)
		return vg_err_sys(err, r, "bridge %s: create", net->bridge);
	step = "set stp and forward delay";
	r = bridge_set_options(sk, ifindex, net->stp, net->delay);
	if (r == 0 && net->has_ip) {
		step = "set address";
		r = bridge_set_address(sk, ifindex, net);
	}
	if (r == 0) {
		step = "bring up";
		r = bridge_up(sk, net->bridge);
	}
	if (r < 0) {
		vg_err_sys(err, r, "bridge %s: %s", net->bridge, step);
		(void) bridge_delete(sk, net->bridge, NULL);
		return r;
	}
	return 0;
}

int
bridge_delete(struct nl_sock *sk, const char *name, struct vg_err *err)
{
	struct rtnl_link *link = rtnl_link_alloc();
	int r;

	if (link == NULL)
		return vg_err_set(err, -ENOMEM, "bridge %s: out of memory",
		    name);
	rtnl_link_set_name(link, name);
	r = nlerr_errno(rtnl_link_delete(sk, link));
	rtnl_link_put(link);
	if (r == -ENODEV)
		return 0;
	if (r < 0)
		return vg_err_sys(err, r, "bridge %s: delete", name);
	return 0;
}

int
bridge_lookup(struct nl_sock *sk, const char *name, int *is_bridge)
{
	struct rtnl_link *link = NULL;
	const char *type;
	int r;

	*is_bridge = 0;
	r = nlerr_errno(rtnl_link_get_kernel(sk, 0, name, &link));
	if (r == -ENODEV)
		return 0;
	if (r < 0)
		return r;
	type = rtnl_link_get_type(link);
	*is_bridge = type != NULL && strcmp(type, "bridge") == 0;
	rtnl_link_put(link);
	return 1;
}
