/* port: a guest interface's links (veth into a bridge, or macvlan). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>

#include <jansson.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/link/veth.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/log.h"
#include "common/netstate.h"
#include "common/nlerr.h"
#include "common/xalloc.h"
#include "supervisor/port-bw.h"
#include "supervisor/port.h"

#define PORT_VNET_MAX 4096	/* vnet0 .. vnet4095 */

struct port {
	const struct domain_if *cfg;
	unsigned index;
	char alias[128];		/* vigil:GUEST:port:INDEX */
	char host[IFNAMSIZ];		/* veth host end, "" for direct */
	char temp[IFNAMSIZ];		/* guest end while on the host */
	char eth[IFNAMSIZ];		/* guest end in the guest: eth<index> */
	char bridge[IFNAMSIZ];		/* "" for direct */
	char ifb[PORT_BW_IFNAME_MAX];	/* "" without an outbound limit */
	struct addr_ip net_address;	/* the network's, family 0: none */
	int ifindex;			/* on the host: veth host end, or a
					 * macvlan not yet moved; 0: none */
	pid_t child;			/* made directly in its netns, 0: no */
	bool moved;			/* the guest end is in the guest */
	struct nl_sock *sk;
};

static const char *const type_names[] = {
	[DOMAIN_IF_NETWORK] = "network",
	[DOMAIN_IF_BRIDGE] = "bridge",
	[DOMAIN_IF_DIRECT] = "direct",
};

/* The link called name: its ifindex and kind, or -ENODEV. */
static int
link_find(struct nl_sock *sk, const char *name, bool *is_bridge)
{
	struct rtnl_link *link = NULL;
	const char *type;
	int r;

	r = nlerr_errno(rtnl_link_get_kernel(sk, 0, name, &link));
	if (r < 0)
		return r;
	type = rtnl_link_get_type(link);
	if (is_bridge != NULL)
		*is_bridge = type != NULL && strcmp(type, "bridge") == 0;
	r = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return r;
}

static int
link_set_up(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *orig = NULL, *change = rtnl_link_alloc();
	int r;

	if (change == NULL)
		return -ENOMEM;
	r = nlerr_errno(rtnl_link_get_kernel(sk, 0, name, &orig));
	if (r == 0) {
		rtnl_link_set_flags(change, IFF_UP);
		r = nlerr_errno(rtnl_link_change(sk, orig, change, 0));
		rtnl_link_put(orig);
	}
	rtnl_link_put(change);
	return r;
}

/* Only for a link just made, before anything else could take its name. */
static void
link_delete_name(struct nl_sock *sk, const char *name)
{
	struct rtnl_link *link = rtnl_link_alloc();

	if (link == NULL)
		return;
	rtnl_link_set_name(link, name);
	(void) rtnl_link_delete(sk, link);
	rtnl_link_put(link);
}

/* The kernel takes an alias only on a change, not when creating. */
static int
link_set_alias(struct nl_sock *sk, const char *name, const char *alias)
{
	struct rtnl_link *orig = NULL, *change = rtnl_link_alloc();
	int r;

	if (change == NULL)
		return -ENOMEM;
	r = nlerr_errno(rtnl_link_get_kernel(sk, 0, name, &orig));
	if (r == 0) {
		rtnl_link_set_ifalias(change, alias);
		r = nlerr_errno(rtnl_link_change(sk, orig, change, 0));
		rtnl_link_put(orig);
	}
	rtnl_link_put(change);
	return r;
}

/* Delete link ifindex if it still carries alias (never another's). */
static int
link_delete_ours(struct nl_sock *sk, int ifindex, const char *alias)
{
	struct rtnl_link *link = NULL;
	const char *a;
	int r;

	r = nlerr_errno(rtnl_link_get_kernel(sk, ifindex, NULL, &link));
	if (r < 0)
		return r == -ENODEV ? 0 : r;
	a = rtnl_link_get_ifalias(link);
	if (a != NULL && strcmp(a, alias) == 0)
		r = nlerr_errno(rtnl_link_delete(sk, link));
	rtnl_link_put(link);
	return r == -ENODEV ? 0 : r;
}

/* The bridge a network or bridge interface joins, checked. */
static int
resolve_bridge(struct port *p, const char *root, int *bridge_index,
    struct vg_err *err)
{
	const struct domain_if *cfg = p->cfg;
	struct netstate st;
	bool is_bridge;
	int r;

	if (cfg->type == DOMAIN_IF_NETWORK) {
		r = netstate_read(root, cfg->source, &st, err);
		if (r < 0)
			return r;
		(void) snprintf(p->bridge, sizeof p->bridge, "%s", st.bridge);
		p->net_address = st.address;
	} else {
		(void) snprintf(p->bridge, sizeof p->bridge, "%s", cfg->source);
	}
	r = link_find(p->sk, p->bridge, &is_bridge);
	if (r == -ENODEV && cfg->type == DOMAIN_IF_NETWORK)
		return vg_err_set(err, r, "network %s: its bridge %s is gone "
		    "(net-destroy and net-start it)", cfg->source, p->bridge);
	if (r == -ENODEV)
		return vg_err_set(err, r, "bridge %s does not exist",
		    p->bridge);
	if (r < 0)
		return vg_err_sys(err, r, "bridge %s", p->bridge);
	if (!is_bridge)
		return vg_err_set(err, -ENOTTY, "%s is not a bridge",
		    p->bridge);
	*bridge_index = r;
	return 0;
}

/* The host end's MAC: the guest's with the first byte 0xfe. */
static struct nl_addr *
mac_addr(const uint8_t mac[6], bool host)
{
	uint8_t m[6];

	memcpy(m, mac, sizeof m);
	if (host)
		m[0] = 0xfe;
	return nl_addr_build(AF_LLC, m, sizeof m);
}

static int
veth_add(struct port *p, const char *name)
{
	struct rtnl_link *link = rtnl_link_veth_alloc(), *peer;
	struct nl_addr *hmac = mac_addr(p->cfg->mac, true);
	struct nl_addr *gmac = mac_addr(p->cfg->mac, false);
	int r = -ENOMEM;

	if (link != NULL && hmac != NULL && gmac != NULL) {
		peer = rtnl_link_veth_get_peer(link);
		rtnl_link_set_name(link, name);
		rtnl_link_set_addr(link, hmac);
		rtnl_link_set_addr(peer, gmac);
		if (p->child > 0) {
			/* Straight into the guest: no move, no rename. (Not
			 * up yet: the kernel refuses that before the host
			 * end exists.) */
			rtnl_link_set_name(peer, p->eth);
			rtnl_link_set_ns_pid(peer, p->child);
		} else {
			rtnl_link_set_name(peer, p->temp);
		}
		rtnl_link_put(peer);	/* get_peer took a reference */
		r = nlerr_errno(rtnl_link_add(p->sk, link,
		    NLM_F_CREATE | NLM_F_EXCL));
	}
	if (r == 0 && ((r = link_set_alias(p->sk, name, p->alias)) < 0 ||
	    (p->child == 0 &&
	    (r = link_set_alias(p->sk, p->temp, p->alias)) < 0)))
		link_delete_name(p->sk, name);
	if (r == 0)
		p->moved = p->child > 0;
	if (link != NULL)
		rtnl_link_veth_release(link);
	nl_addr_put(hmac);
	nl_addr_put(gmac);
	return r;
}

/* target@dev, or the first free vnetN (retrying when another guest takes
 * it at the same moment). */
static int
veth_create(struct port *p, struct vg_err *err)
{
	const char *target = p->cfg->target;
	char name[IFNAMSIZ];
	unsigned n;
	int r;

	if (target != NULL) {
		if (link_find(p->sk, target, NULL) >= 0)
			return vg_err_set(err, -EEXIST, "target dev %s is "
			    "already in use", target);
		r = veth_add(p, target);
		if (r < 0)
			return vg_err_sys(err, r, "create veth %s", target);
		(void) snprintf(p->host, sizeof p->host, "%s", target);
		return 0;
	}
	for (n = 0; n < PORT_VNET_MAX; n++) {
		(void) snprintf(name, sizeof name, "vnet%u", n);
		if (link_find(p->sk, name, NULL) >= 0)
			continue;
		r = veth_add(p, name);
		if (r == 0) {
			(void) snprintf(p->host, sizeof p->host, "%s", name);
			return 0;
		}
		if (r != -EEXIST)
			return vg_err_sys(err, r, "create veth %s", name);
	}
	return vg_err_set(err, -ENOSPC, "no free vnetN name");
}

static int
macvlan_mode(const char *mode)
{
	if (mode == NULL)
		mode = "vepa";	/* libvirt's default */
	if (strcmp(mode, "passthrough") == 0)
		mode = "passthru";
	return rtnl_link_macvlan_str2mode(mode);
}

static int
macvlan_create(struct port *p, struct vg_err *err)
{
	struct rtnl_link *link;
	struct nl_addr *mac;
	int lower, mode, r;

	lower = link_find(p->sk, p->cfg->source, NULL);
	if (lower == -ENODEV)
		return vg_err_set(err, lower, "source dev %s does not exist",
		    p->cfg->source);
	if (lower < 0)
		return vg_err_sys(err, lower, "source dev %s", p->cfg->source);
	mode = macvlan_mode(p->cfg->source_mode);
	if (mode < 0)
		return vg_err_set(err, -EINVAL, "unknown direct mode '%s'",
		    p->cfg->source_mode);
	if (p->child == 0 && p->cfg->target != NULL &&
	    link_find(p->sk, p->cfg->target, NULL) >= 0)
		return vg_err_set(err, -EEXIST, "target dev %s is already in "
		    "use", p->cfg->target);
	if (p->child == 0 && p->cfg->target != NULL)
		(void) snprintf(p->temp, sizeof p->temp, "%s", p->cfg->target);
	link = rtnl_link_macvlan_alloc();
	mac = mac_addr(p->cfg->mac, false);
	r = -ENOMEM;
	if (link != NULL && mac != NULL) {
		rtnl_link_set_link(link, lower);
		rtnl_link_set_addr(link, mac);
		if (p->child > 0) {
			rtnl_link_set_name(link, p->eth);
			rtnl_link_set_ns_pid(link, p->child);
			rtnl_link_set_flags(link, IFF_UP);
		} else {
			rtnl_link_set_name(link, p->temp);
		}
		r = rtnl_link_macvlan_set_mode(link, (uint32_t) mode);
		if (r == 0)
			r = rtnl_link_add(p->sk, link, NLM_F_CREATE |
			    NLM_F_EXCL);
		r = nlerr_errno(r);
		if (r == 0 && p->child == 0 && (r = link_set_alias(p->sk,
		    p->temp, p->alias)) < 0)
			link_delete_name(p->sk, p->temp);
		if (r == 0)
			p->moved = p->child > 0;
	}
	if (link != NULL)
		rtnl_link_put(link);
	nl_addr_put(mac);
	if (r < 0)
		return vg_err_sys(err, r, "create macvlan %s on %s", p->temp,
		    p->cfg->source);
	return 0;
}

static int
port_build(struct port *p, const char *root, struct vg_err *err)
{
	int bridge_index = 0, r;

	if (p->cfg->type == DOMAIN_IF_DIRECT) {
		if (p->cfg->inbound.set || p->cfg->outbound.set)
			return vg_err_set(err, -EOPNOTSUPP, "<bandwidth> is not "
			    "supported on type='direct' interfaces");
		r = macvlan_create(p, err);
		if (r < 0 || p->moved)
			return r;
		r = link_find(p->sk, p->temp, NULL);
		if (r < 0)
			return vg_err_sys(err, r, "macvlan %s", p->temp);
		p->ifindex = r;
		return 0;
	}
	r = resolve_bridge(p, root, &bridge_index, err);
	if (r < 0)
		return r;
	r = veth_create(p, err);
	if (r < 0)
		return r;
	r = link_find(p->sk, p->host, NULL);
	if (r < 0)
		return vg_err_sys(err, r, "veth %s", p->host);
	p->ifindex = r;
	r = nlerr_errno(rtnl_link_enslave_ifindex(p->sk, bridge_index,
	    p->ifindex));
	if (r < 0)
		return vg_err_sys(err, r, "add %s to bridge %s", p->host,
		    p->bridge);
	return port_bw_apply(p->sk, p->ifindex, p->alias, p->cfg, p->ifb, err);
}

int
port_new(const struct domain_if *cfg, unsigned index, const char *root,
    const char *guest, pid_t child, struct port **out, struct vg_err *err)
{
	struct port *p = xcalloc(1, sizeof *p);
	int r;

	p->cfg = cfg;
	p->index = index;
	p->child = child;
	(void) snprintf(p->alias, sizeof p->alias, "vigil:%s:port:%u", guest,
	    index);
	(void) snprintf(p->eth, sizeof p->eth, "eth%u", index);
	(void) snprintf(p->temp, sizeof p->temp, "vgp%d-%u", (int) getpid(),
	    index);
	p->sk = nl_socket_alloc();
	if (p->sk == NULL)
		abort();	/* libnl fails here only without memory */
	r = nlerr_errno(nl_connect(p->sk, NETLINK_ROUTE));
	if (r < 0)
		vg_err_sys(err, r, "netlink: connect");
	else
		r = port_build(p, root, err);
	if (r < 0) {
		vg_err_prefix(err, "interface %s: ", p->eth);
		port_free(p);
		return r;
	}
	*out = p;
	return 0;
}

/* A netlink socket in child's network namespace (setns there and back). */
static int
netns_socket(pid_t child, struct nl_sock **out)
{
	char path[64];
	int self, target, r;
	struct nl_sock *sk;

	(void) snprintf(path, sizeof path, "/proc/%d/ns/net", (int) child);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	target = open(path, O_RDONLY | O_CLOEXEC);
	if (target < 0 || setns(target, CLONE_NEWNET) < 0) {
		r = -errno;
		if (target >= 0)
			(void) close(target);
		(void) close(self);
		return r;
	}
	(void) close(target);
	sk = nl_socket_alloc();
	r = sk == NULL ? -ENOMEM : nlerr_errno(nl_connect(sk, NETLINK_ROUTE));
	/* Staying in the guest's namespace is not an option. */
	if (setns(self, CLONE_NEWNET) < 0)
		abort();
	(void) close(self);
	if (r < 0) {
		nl_socket_free(sk);
		return r;
	}
	*out = sk;
	return 0;
}

int
port_attach_netns(struct port *p, pid_t child, struct vg_err *err)
{
	struct rtnl_link *orig = NULL, *change = rtnl_link_alloc();
	struct nl_sock *gsk = NULL;
	int r;

	if (change == NULL)
		abort();
	r = p->moved ? -EALREADY :
	    nlerr_errno(rtnl_link_get_kernel(p->sk, 0, p->temp, &orig));
	if (r == 0) {
		rtnl_link_set_ns_pid(change, child);
		rtnl_link_set_name(change, p->eth);
		/* The alias is for the host's cleanup, not the guest's eyes. */
		rtnl_link_set_ifalias(change, "");
		r = nlerr_errno(rtnl_link_change(p->sk, orig, change, 0));
		rtnl_link_put(orig);
	}
	rtnl_link_put(change);
	if (r < 0 && r != -EALREADY)
		return vg_err_sys(err, r, "interface %s: move %s into the "
		    "guest", p->eth, p->temp);
	p->moved = true;
	/* A macvlan lives on in the guest's namespace only. */
	if (p->host[0] == '\0')
		p->ifindex = 0;
	r = netns_socket(child, &gsk);
	if (r < 0)
		return vg_err_sys(err, r, "interface %s: enter the guest's "
		    "network namespace", p->eth);
	r = link_set_up(gsk, p->eth);
	if (r == 0)
		r = link_set_up(gsk, "lo");
	nl_socket_free(gsk);
	if (r < 0)
		return vg_err_sys(err, r, "interface %s: bring it up in the "
		    "guest", p->eth);
	return 0;
}

int
port_up(struct port *p, struct vg_err *err)
{
	int r;

	if (p->host[0] == '\0')
		return 0;
	r = link_set_up(p->sk, p->host);
	if (r < 0)
		return vg_err_sys(err, r, "interface %s: bring %s up", p->eth,
		    p->host);
	return 0;
}

void
port_free(struct port *p)
{
	int r;

	if (p == NULL)
		return;
	/* A moved macvlan goes with the guest's namespace. */
	if (p->ifindex > 0 && (p->host[0] != '\0' || !p->moved) &&
	    (r = link_delete_ours(p->sk, p->ifindex, p->alias)) < 0)
		log_warn(r, "interface %s: delete %s", p->eth,
		    port_host_name(p));
	port_bw_remove(p->sk, p->ifb);
	nl_socket_free(p->sk);
	free(p);
}

const char *
port_host_name(const struct port *p)
{
	return p->host[0] != '\0' ? p->host : p->temp;
}

const char *
port_bridge(const struct port *p)
{
	return p->bridge;
}

const char *
port_guest_name(const struct port *p)
{
	return p->eth;
}

const struct domain_if *
port_config(const struct port *p)
{
	return p->cfg;
}

const struct addr_ip *
port_network_address(const struct port *p)
{
	return p->net_address.family != 0 ? &p->net_address : NULL;
}

static json_t *
bw_describe(const struct domain_bw *bw)
{
	json_t *o = json_pack("{s:I}", "average", (json_int_t) bw->average);

	if (bw->peak > 0)
		json_object_set_new(o, "peak", json_integer(
		    (json_int_t) bw->peak));
	if (bw->burst > 0)
		json_object_set_new(o, "burst", json_integer(
		    (json_int_t) bw->burst));
	return o;
}

json_t *
port_describe(const struct port *p)
{
	const struct domain_if *cfg = p->cfg;
	char mac[ADDR_MAC_STRLEN];
	json_t *o;

	addr_mac_format(cfg->mac, mac);
	o = json_pack("{s:s, s:s, s:s}", "type", type_names[cfg->type],
	    "guest", p->eth, "mac", mac);
	if (cfg->type == DOMAIN_IF_NETWORK)
		json_object_set_new(o, "network", json_string(cfg->source));
	if (p->bridge[0] != '\0')
		json_object_set_new(o, "bridge", json_string(p->bridge));
	if (p->host[0] != '\0')
		json_object_set_new(o, "port", json_string(p->host));
	if (cfg->type == DOMAIN_IF_DIRECT) {
		json_object_set_new(o, "source", json_string(cfg->source));
		json_object_set_new(o, "mode", json_string(
		    cfg->source_mode != NULL ? cfg->source_mode : "vepa"));
	}
	if (cfg->inbound.set)
		json_object_set_new(o, "inbound", bw_describe(&cfg->inbound));
	if (cfg->outbound.set)
		json_object_set_new(o, "outbound", bw_describe(&cfg->outbound));
	return o;
}
