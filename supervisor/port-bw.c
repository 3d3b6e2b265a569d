/* port-bw: tbf shaping for a port's inbound and outbound <bandwidth>. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/tc_act/tc_mirred.h>

#include <netlink/netlink.h>
#include <netlink/route/action.h>
#include <netlink/route/act/mirred.h>
#include <netlink/route/classifier.h>
#include <netlink/route/cls/u32.h>
#include <netlink/route/link.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/nlerr.h"
#include "supervisor/port-bw.h"

#define BW_MIN_BUCKET (16 * 1024)	/* bytes, well above any MTU */
#define BW_PEAK_BUCKET 2048		/* bytes: one full frame */
#define BW_LATENCY_US 50000		/* queue up to 50 ms of traffic */
#define BW_RATE_MAX 0x7fffffffULL	/* libnl takes an int */
/* ffff: (libnl's TC_HANDLE would shift into the sign bit) */
#define BW_INGRESS_HANDLE TC_H_MAJ(TC_H_INGRESS)
#define BW_CELL 8			/* rate table cell: 256 x 8 B > MTU */

void
port_bw_tbf_params(unsigned long long average_kib,
    unsigned long long burst_kib, unsigned *rate, unsigned *bucket)
{
	unsigned long long r = average_kib * 1024, b = burst_kib * 1024;

	if (r > BW_RATE_MAX)
		r = BW_RATE_MAX;
	/* No burst given: 20 ms worth, at least BW_MIN_BUCKET. */
	if (b == 0)
		b = r / 50;
	if (b < BW_MIN_BUCKET)
		b = BW_MIN_BUCKET;
	if (b > BW_RATE_MAX)
		b = BW_RATE_MAX;
	*rate = (unsigned) r;
	*bucket = (unsigned) b;
}

static int
tbf_add(struct nl_sock *sk, int ifindex, const struct domain_bw *bw)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	unsigned rate, bucket, peak, pbucket;
	int r;

	if (q == NULL)
		return -ENOMEM;
	port_bw_tbf_params(bw->average, bw->burst, &rate, &bucket);
	rtnl_tc_set_ifindex(TC_CAST(q), ifindex);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_ROOT);
	rtnl_tc_set_handle(TC_CAST(q), TC_HANDLE(1, 0));
	r = rtnl_tc_set_kind(TC_CAST(q), "tbf");
	if (r == 0) {
		rtnl_qdisc_tbf_set_rate(q, (int) rate, (int) bucket,
		    BW_CELL);
		if (bw->peak > bw->average) {
			port_bw_tbf_params(bw->peak, 0, &peak, &pbucket);
			r = rtnl_qdisc_tbf_set_peakrate(q, (int) peak,
			    BW_PEAK_BUCKET, BW_CELL);
		}
	}
	if (r == 0)
		r = rtnl_qdisc_tbf_set_limit_by_latency(q, BW_LATENCY_US);
	if (r == 0)
		r = rtnl_qdisc_add(sk, q, NLM_F_CREATE | NLM_F_REPLACE);
	rtnl_qdisc_put(q);
	return nlerr_errno(r);
}

static int
ifb_add(struct nl_sock *sk, int port_ifindex, const char *alias,
    char ifb[PORT_BW_IFNAME_MAX], int *ifb_index)
{
	struct rtnl_link *link = rtnl_link_alloc(), *got = NULL, *change;
	int r;

	if (link == NULL)
		return -ENOMEM;
	(void) snprintf(ifb, PORT_BW_IFNAME_MAX, "vgb%d", port_ifindex);
	rtnl_link_set_name(link, ifb);
	rtnl_link_set_flags(link, IFF_UP);
	r = rtnl_link_set_type(link, "ifb");
	if (r == 0)
		r = rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (r < 0) {
		ifb[0] = '\0';
		return nlerr_errno(r);
	}
	/* The kernel takes an alias only on a change, not when creating. */
	r = rtnl_link_get_kernel(sk, 0, ifb, &got);
	change = r == 0 ? rtnl_link_alloc() : NULL;
	if (change != NULL) {
		rtnl_link_set_ifalias(change, alias);
		r = rtnl_link_change(sk, got, change, 0);
		rtnl_link_put(change);
	} else if (r == 0) {
		r = -NLE_NOMEM;
	}
	if (r < 0) {
		if (got != NULL)
			rtnl_link_put(got);
		port_bw_remove(sk, ifb);
		ifb[0] = '\0';
		return nlerr_errno(r);
	}
	*ifb_index = rtnl_link_get_ifindex(got);
	rtnl_link_put(got);
	return 0;
}

/* Everything arriving on the port goes through the ifb first. */
static int
redirect_add(struct nl_sock *sk, int ifindex, int ifb_index)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();
	struct rtnl_cls *cls = rtnl_cls_alloc();
	struct rtnl_act *act = rtnl_act_alloc();
	int r = -ENOMEM;

	if (q == NULL || cls == NULL || act == NULL)
		goto out;
	rtnl_tc_set_ifindex(TC_CAST(q), ifindex);
	rtnl_tc_set_parent(TC_CAST(q), TC_H_INGRESS);
	rtnl_tc_set_handle(TC_CAST(q), BW_INGRESS_HANDLE);
	if ((r = rtnl_tc_set_kind(TC_CAST(q), "ingress")) < 0 ||
	    (r = rtnl_qdisc_add(sk, q, NLM_F_CREATE | NLM_F_EXCL)) < 0)
		goto out;
	rtnl_tc_set_ifindex(TC_CAST(cls), ifindex);
	rtnl_tc_set_parent(TC_CAST(cls), BW_INGRESS_HANDLE);
	rtnl_cls_set_protocol(cls, ETH_P_ALL);
	rtnl_cls_set_prio(cls, 1);
	if ((r = rtnl_tc_set_kind(TC_CAST(cls), "u32")) < 0 ||
	    (r = rtnl_tc_set_kind(TC_CAST(act), "mirred")) < 0 ||
	    (r = rtnl_mirred_set_action(act, TCA_EGRESS_REDIR)) < 0 ||
	    (r = rtnl_mirred_set_policy(act, TC_ACT_STOLEN)) < 0 ||
	    (r = rtnl_mirred_set_ifindex(act, (uint32_t) ifb_index)) < 0 ||
	    (r = rtnl_u32_add_key_uint32(cls, 0, 0, 0, 0)) < 0 ||
	    (r = rtnl_u32_set_cls_terminal(cls)) < 0 ||
	    (r = rtnl_u32_add_action(cls, act)) < 0)
		goto out;
	r = rtnl_cls_add(sk, cls, NLM_F_CREATE | NLM_F_EXCL);
out:
	if (act != NULL)
		rtnl_act_put(act);
	if (cls != NULL)
		rtnl_cls_put(cls);
	if (q != NULL)
		rtnl_qdisc_put(q);
	return nlerr_errno(r);
}

int
port_bw_apply(struct nl_sock *sk, int ifindex, const char *alias,
    const struct domain_if *cfg, char ifb[PORT_BW_IFNAME_MAX],
    struct vg_err *err)
{
	int r, ifb_index = 0;

	ifb[0] = '\0';
	if (cfg->inbound.set && cfg->inbound.average > 0) {
		r = tbf_add(sk, ifindex, &cfg->inbound);
		if (r < 0)
			return vg_err_sys(err, r, "bandwidth: inbound tbf");
	}
	if (!cfg->outbound.set || cfg->outbound.average == 0)
		return 0;
	r = ifb_add(sk, ifindex, alias, ifb, &ifb_index);
	if (r < 0)
		return vg_err_sys(err, r, "bandwidth: outbound: create ifb "
		    "vgb%d (is the ifb module available?)", ifindex);
	r = tbf_add(sk, ifb_index, &cfg->outbound);
	if (r < 0) {
		vg_err_sys(err, r, "bandwidth: outbound tbf on %s", ifb);
		goto fail;
	}
	r = redirect_add(sk, ifindex, ifb_index);
	if (r < 0) {
		vg_err_sys(err, r, "bandwidth: outbound: redirect to %s", ifb);
		goto fail;
	}
	return 0;
fail:
	port_bw_remove(sk, ifb);
	ifb[0] = '\0';
	return r;
}

void
port_bw_remove(struct nl_sock *sk, const char *ifb)
{
	struct rtnl_link *link;

	if (ifb == NULL || ifb[0] == '\0' || (link = rtnl_link_alloc()) ==
	    NULL)
		return;
	rtnl_link_set_name(link, ifb);
	(void) rtnl_link_delete(sk, link);
	rtnl_link_put(link);
}
