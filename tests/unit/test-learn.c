/* supervisor/learn.c with a real port filter (clean-traffic, no IP) on a
 * port of a bridge, in a private network namespace (root; skipped
 * otherwise): a DHCPACK from the trusted server crosses the bridge and the
 * port's filter, and its address becomes an element of the port's set; the
 * guest's RELEASE takes it out; a rogue server's ACK adds nothing; a new
 * start re-installs the stored lease before any DHCP. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <nftables/libnftables.h>

#include "common/err.h"
#include "supervisor/learn.h"
#include "supervisor/port-filter.h"
#include "tests/unit/frames.h"
#include "tests/unit/unit.h"

static const uint8_t guest[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };
static const uint8_t server[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t uuid[16] = { 9 };

static struct config_param params[] = {
	{ (char *) "DHCPSERVER", (char *) "10.0.0.1" },
	{ (char *) "CTRL_IP_LEARNING", (char *) "dhcp" },
};

static void
sh(const char *cmd)
{
	ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
}

/* br0 with the server's veth (srv0, its peer srv0-br) and the guest's port
 * (vg-host, its peer vg-guest). */
static void
netns(void)
{
	char dir[4096];
	const char *src = getenv("VIGIL_SRCDIR");

	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	(void) snprintf(dir, sizeof dir, "%s/filters/builtin",
	    src != NULL ? src : VIGIL_SRCDIR);
	setenv("VIGIL_FILTER_DIR", dir, 1);
	sh("ip link add br0 type bridge && "
	    "ip link add srv0 type veth peer name srv0-br && "
	    "ip link add vg-host type veth peer name vg-guest && "
	    "ip link set srv0-br master br0 && ip link set vg-host master br0 "
	    "&& for l in br0 srv0 srv0-br vg-host vg-guest; do "
	    "ip link set $l up || exit 1; done && "
	    "for i in $(seq 300); do "
	    "ip -br link show vg-host | grep -qw UP && "
	    "ip -br link show srv0-br | grep -qw UP && exit 0; "
	    "sleep 0.01; done; exit 1");
}

static char *
nft_list(const char *cmd)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	char *out;

	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	if (nft_run_cmd_from_buffer(nft, cmd) == 0)
		out = strdup(nft_ctx_get_output_buffer(nft));
	else
		out = strdup("");
	nft_ctx_free(nft);
	return out;
}

static bool
set_has(const char *ip)
{
	/* The shared set of learned IPv4 addresses: ifname . address. */
	char *out = nft_list("list set bridge vigil addr4");
	char elem[64];
	bool r;

	(void) snprintf(elem, sizeof elem, "\"vg-host\" . %s", ip);
	r = strstr(out, elem) != NULL;

	free(out);
	return r;
}

/* Run the loop until set_has(ip) == want, or 2 s. */
static bool
wait_set(struct event_base *base, const char *ip, bool want)
{
	struct timeval tv = { 0, 20000 };
	int i;

	for (i = 0; i < 100; i++) {
		if (set_has(ip) == want)
			return true;
		(void) event_base_loopexit(base, &tv);
		(void) event_base_dispatch(base);
	}
	return false;
}

static struct port_filter *
filter_up(void)
{
	struct port_filter_config cfg = {
		.guest = "g", .ifname = "vg-host", .filter = "clean-traffic",
		.params = params, .nparams = 2, .root = "/nonexistent",
	};
	struct port_filter *pf;
	struct vg_err err;

	memcpy(cfg.mac, guest, 6);
	pf = port_filter_new(NULL, &cfg);
	ck_assert_msg(port_filter_install(pf, &err) == 0, "%s", err.msg);
	ck_assert(port_filter_learns(pf));
	return pf;
}

static struct learn *
learn_up(struct event_base *base, const char *root, struct port_filter *pf)
{
	struct learn_port_config cfg = {
		.ifname = "vg-host", .params = params, .nparams = 2,
		.pf = pf,
	};
	struct vg_err err;
	struct learn *l = learn_new(base, root, "g", uuid);

	memcpy(cfg.mac, guest, 6);
	ck_assert_msg(learn_add(l, &cfg, &err) == 0, "%s", err.msg);
	return l;
}

static void
send_ack(int s, const char *from, const char *ip)
{
	struct frame_dhcp4 d = {
		.eth_src = server, .eth_dst = guest, .ip_src = from,
		.ip_dst = ip, .sport = 67, .dport = 68, .op = 2, .type = 5,
		.xid = 1, .chaddr = guest, .yiaddr = ip, .server_id = from,
		.lease = 600,
	};
	struct frame f;

	frame_dhcp4(&f, &d);
	frame_send(s, &f);
}

START_TEST(test_learn_through_filter)
{
	char root[] = "/tmp/vigil-learn-XXXXXX", cmd[64];
	struct frame_dhcp4 rel = {
		.eth_src = guest, .eth_dst = server, .ip_src = "10.0.0.22",
		.ip_dst = "10.0.0.1", .sport = 68, .dport = 67, .op = 1,
		.type = 7, .xid = 2, .chaddr = guest, .ciaddr = "10.0.0.22",
		.server_id = "10.0.0.1",
	};
	struct event_base *base;
	struct port_filter *pf;
	struct learn *l;
	struct frame f;
	json_t *info;
	int srv, gst;

	ck_assert_ptr_nonnull(mkdtemp(root));
	netns();
	base = event_base_new();
	pf = filter_up();
	l = learn_up(base, root, pf);
	srv = frame_socket("srv0");
	gst = frame_socket("vg-guest");

	/* a rogue server: the filter lets its reply through to the guest
	 * (it comes from the host side), but the snooper trusts it not */
	send_ack(srv, "10.0.0.66", "10.0.0.33");
	send_ack(srv, "10.0.0.1", "10.0.0.22");
	ck_assert_msg(wait_set(base, "10.0.0.22", true), "not learned");
	ck_assert(!set_has("10.0.0.33"));
	info = json_object();
	learn_info(l, "vg-host", info);
	ck_assert_str_eq(json_string_value(json_object_get(info, "learning")),
	    "dhcp");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(info, "addresses"), 0), "ip")), "10.0.0.22");
	json_decref(info);

	/* the guest gives it back */
	frame_dhcp4(&f, &rel);
	frame_send(gst, &f);
	ck_assert_msg(wait_set(base, "10.0.0.22", false), "not forgotten");

	/* learn again, then "restart": the lease comes back from the file
	 * before any DHCP */
	send_ack(srv, "10.0.0.1", "10.0.0.22");
	ck_assert(wait_set(base, "10.0.0.22", true));
	learn_free(l);
	ck_assert_int_eq(port_filter_remove(pf, NULL), 0);
	port_filter_free(pf);
	ck_assert(!set_has("10.0.0.22"));
	pf = filter_up();
	l = learn_up(base, root, pf);
	ck_assert(set_has("10.0.0.22"));

	learn_free(l);
	ck_assert_int_eq(port_filter_remove(pf, NULL), 0);
	port_filter_free(pf);
	event_base_free(base);
	close(srv);
	close(gst);
	(void) snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	sh(cmd);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("learn");
	TCase *tc = tcase_create("learn");

	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root (network namespaces)\n");
		exit(0);
	}
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_learn_through_filter);
	suite_add_tcase(s, tc);
	return s;
}
