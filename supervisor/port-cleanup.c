/* port-cleanup: links a killed supervisor left, found by their alias. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "common/err.h"
#include "common/nlerr.h"
#include "common/xalloc.h"
#include "supervisor/port.h"

int
port_cleanup(const char *guest, struct vg_err *err)
{
	struct nl_cache *links = NULL;
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_object *o;
	char *prefix = xprintf("vigil:%s:", guest);
	int r, n = 0;

	if (sk == NULL)
		abort();
	r = nlerr_errno(nl_connect(sk, NETLINK_ROUTE));
	if (r == 0)
		r = nlerr_errno(rtnl_link_alloc_cache(sk, AF_UNSPEC, &links));
	if (r < 0)
		vg_err_sys(err, r, "list links");
	for (o = r == 0 ? nl_cache_get_first(links) : NULL; o != NULL;
	    o = nl_cache_get_next(o)) {
		struct rtnl_link *link = (struct rtnl_link *) o;
		const char *a = rtnl_link_get_ifalias(link);

		if (a == NULL || strncmp(a, prefix, strlen(prefix)) != 0)
			continue;
		r = nlerr_errno(rtnl_link_delete(sk, link));
		/* Deleting a veth end takes its peer along. */
		if (r == -ENODEV) {
			r = 0;
			continue;
		}
		if (r < 0) {
			vg_err_sys(err, r, "delete leftover port %s",
			    rtnl_link_get_name(link));
			break;
		}
		n++;
	}
	if (links != NULL)
		nl_cache_free(links);
	nl_socket_free(sk);
	free(prefix);
	return r < 0 ? r : n;
}
