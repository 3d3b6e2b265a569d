/* network: start and stop a libvirt-style network. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>

#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "common/cleanup.h"
#include "common/config-network.h"
#include "common/err.h"
#include "common/log.h"
#include "common/netstate.h"
#include "common/nlerr.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/bridge.h"
#include "launcher/dnsmasq.h"
#include "launcher/nat.h"
#include "launcher/network.h"

static int
rtnl_open(struct nl_sock **out, struct vg_err *err)
{
	struct nl_sock *sk = nl_socket_alloc();
	int r;

	if (sk == NULL)
		return vg_err_set(err, -ENOMEM, "netlink: out of memory");
	r = nlerr_errno(nl_connect(sk, NETLINK_ROUTE));
	if (r < 0) {
		nl_socket_free(sk);
		return vg_err_sys(err, r, "netlink: connect");
	}
	*out = sk;
	return 0;
}

/* Create the run directory and take its lock; returns the lock fd. */
static int
lock_take(const char *root, const char *name, struct vg_err *err)
{
	_cleanup_free_ char *dir = path_get(root, PATH_NET_RUN, name);
	_cleanup_free_ char *path = xprintf("%s/lock", dir);
	int fd, r;

	r = path_mkdir_p(dir, 0755);
	if (r < 0)
		return vg_err_sys(err, r, "mkdir %s", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return vg_err_sys(err, -errno, "open %s", path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = -errno;
		(void) close(fd);
		if (r == -EWOULDBLOCK)
			return vg_err_set(err, -EBUSY, "another vigil command "
			    "is starting or stopping this network");
		return vg_err_sys(err, r, "lock %s", path);
	}
	return fd;
}

/* Undo everything st records; the first failure goes to err. */
static int
teardown(const char *root, struct nl_sock *sk, const struct netstate *st,
    struct vg_err *err)
{
	struct vg_err e;
	int r = 0, is_bridge;

	vg_err_clear(&e);
	if (dnsmasq_stop(root, st->name, st->dnsmasq_pid, &e) < 0 && r == 0)
		r = vg_err_set(err, e.code, "%s", e.msg);
	if (st->nft_table[0] != '\0' && nat_remove(st->nft_table, &e) < 0 &&
	    r == 0)
		r = vg_err_set(err, e.code, "%s", e.msg);
	/* Only a bridge: never delete another kind of link by mistake. */
	if (bridge_lookup(sk, st->bridge, &is_bridge) == 1 && is_bridge &&
	    bridge_delete(sk, st->bridge, &e) < 0 && r == 0)
		r = vg_err_set(err, e.code, "%s", e.msg);
	(void) netstate_remove(root, st->name);
	return r;
}

/* The uplink of a nat or route network into wan: 1, or 0 when none. */
static int
uplink(struct nl_sock *sk, const struct config_network *net, char *wan,
    size_t len, struct vg_err *err)
{
	int r;

	if (net->forward == NET_FORWARD_NONE)
		return 0;
	if (net->forward_dev != NULL) {
		(void) snprintf(wan, len, "%s", net->forward_dev);
		return 1;
	}
	r = nat_default_dev(sk, wan, len);
	if (r < 0)
		return vg_err_sys(err, r, "find the default route");
	if (r == 0)
		log_warn(0, "network %s: no default route and no <forward "
		    "dev>: nothing will be forwarded", net->name);
	return r;
}

static int
start_locked(const char *root, struct nl_sock *sk,
    const struct config_network *net, struct vg_err *err)
{
	_cleanup_free_ char *table = nat_table_name(net->name);
	struct netstate st, old;
	char wan[CONFIG_NETWORK_IFNAME_MAX + 1];
	uint8_t mac[6];
	int r, has_wan = 0, is_bridge;

	if (netstate_read(root, net->name, &old, NULL) == 0) {
		if (bridge_lookup(sk, old.bridge, &is_bridge) == 1)
			return vg_err_set(err, -EALREADY, "already started");
		/* Left by a network namespace or host that went away. */
		(void) teardown(root, sk, &old, NULL);
	}
	if (net->has_ip && (r = dnsmasq_check(err)) < 0)
		return r;
	memset(&st, 0, sizeof st);
	(void) snprintf(st.name, sizeof st.name, "%s", net->name);
	(void) snprintf(st.bridge, sizeof st.bridge, "%s", net->bridge);
	st.forward = net->forward;
	if (net->has_mac)
		memcpy(mac, net->mac, sizeof mac);
	else
		addr_mac_generate(mac);
	r = bridge_create(sk, net, mac, err);
	if (r < 0)
		return r;
	if (net->has_ip) {
		st.address = net->address;
		st.prefix = net->prefix;
		has_wan = uplink(sk, net, wan, sizeof wan, err);
		if (has_wan < 0) {
			r = has_wan;
			goto fail;
		}
		if (has_wan)
			(void) snprintf(st.forward_dev, sizeof st.forward_dev,
			    "%s", wan);
		/* Isolated networks get a table too: no routing through us. */
		r = nat_apply(net, has_wan ? wan : NULL, err);
		if (r < 0)
			goto fail;
		(void) snprintf(st.nft_table, sizeof st.nft_table, "%s",
		    table);
		r = dnsmasq_start(root, net, &st.dnsmasq_pid, err);
		if (r < 0)
			goto fail;
	}
	r = netstate_write(root, &st, err);
	if (r < 0)
		goto fail;
	return 0;
fail:
	(void) teardown(root, sk, &st, NULL);
	return r;
}

int
network_start(const char *root, const struct config_network *net,
    struct vg_err *err)
{
	_cleanup_free_ char *dir = path_get(root, PATH_NET_RUN, net->name);
	_cleanup_free_ char *lockp = xprintf("%s/lock", dir);
	struct nl_sock *sk = NULL;
	int lock, r;

	lock = lock_take(root, net->name, err);
	if (lock < 0)
		return vg_err_prefix(err, "network %s: ", net->name);
	r = rtnl_open(&sk, err);
	if (r == 0)
		r = start_locked(root, sk, net, err);
	if (r < 0 && r != -EALREADY) {
		/* Nothing was made: leave no empty run directory either. */
		(void) unlink(lockp);
		(void) rmdir(dir);
	}
	if (r < 0)
		vg_err_prefix(err, "network %s: ", net->name);
	nl_socket_free(sk);
	(void) close(lock);
	return r;
}

int
network_stop(const char *root, const char *name, struct vg_err *err)
{
	_cleanup_free_ char *dir = path_get(root, PATH_NET_RUN, name);
	_cleanup_free_ char *lockp = xprintf("%s/lock", dir);
	struct nl_sock *sk = NULL;
	struct netstate st;
	int lock, r;

	r = netstate_read(root, name, &st, err);
	if (r < 0)
		return r;
	lock = lock_take(root, name, err);
	if (lock < 0)
		return vg_err_prefix(err, "network %s: ", name);
	r = rtnl_open(&sk, err);
	if (r == 0)
		r = teardown(root, sk, &st, err);
	if (r < 0)
		vg_err_prefix(err, "network %s: ", name);
	nl_socket_free(sk);
	(void) unlink(lockp);
	(void) close(lock);
	(void) rmdir(dir);
	return r;
}

bool
network_is_active(const char *root, const char *name, struct netstate *st)
{
	struct netstate tmp;
	struct nl_sock *sk = NULL;
	int is_bridge, r;

	if (st == NULL)
		st = &tmp;
	if (netstate_read(root, name, st, NULL) < 0 ||
	    rtnl_open(&sk, NULL) < 0)
		return false;
	r = bridge_lookup(sk, st->bridge, &is_bridge);
	nl_socket_free(sk);
	return r == 1 && is_bridge;
}
