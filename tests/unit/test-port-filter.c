/* supervisor/port-filter against the kernel, each test in a network
 * namespace of its own (root only; skipped otherwise): install, update and
 * remove touching one port only, learned addresses and the gate, drop
 * counters, cleanup after a "killed" supervisor, reinstall after
 * nft flush ruleset. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <sched.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <nftables/libnftables.h>

#include "common/err.h"
#include "supervisor/port-filter.h"
#include "tests/unit/unit.h"

static bool
isolated(void)
{
	char dir[4096];
	const char *src = getenv("VIGIL_SRCDIR");

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0)
		return false;
	snprintf(dir, sizeof dir, "%s/filters/builtin",
	    src != NULL ? src : VIGIL_SRCDIR);
	setenv("VIGIL_FILTER_DIR", dir, 1);
	return true;
}

/* nft's text output of cmd ("" when it fails). */
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

static int
nft_do(const char *cmd)
{
	struct nft_ctx *nft = nft_ctx_new(NFT_CTX_DEFAULT);
	int r;

	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	r = nft_run_cmd_from_buffer(nft, cmd);
	nft_ctx_free(nft);
	return r;
}

static struct port_filter *
pf_new(struct event_base *base, const char *guest, const char *ifname,
    const char *filter, const char *ip)
{
	static struct config_param p[2];
	struct port_filter_config cfg = {
		.guest = guest, .ifname = ifname, .filter = filter,
		.root = "/nonexistent",
	};

	addr_mac_parse("52:54:00:00:00:11", cfg.mac);
	if (ip != NULL) {
		p[0].name = (char *) "IP";
		p[0].value = (char *) ip;
		cfg.params = p;
		cfg.nparams = 1;
	}
	return port_filter_new(base, &cfg);
}

static bool
has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

START_TEST(test_lifecycle)
{
	struct port_filter *a, *b;
	struct port_filter_counters c;
	struct vg_err err;
	char *out;

	if (!isolated())
		return;
	a = pf_new(NULL, "alice", "vnet0", "clean-traffic", "10.0.0.11");
	b = pf_new(NULL, "bob", "vnet1", "clean-traffic", "10.0.0.22");
	ck_assert_msg(port_filter_install(a, &err) == 0, "%s", err.msg);
	ck_assert_msg(port_filter_install(b, &err) == 0, "%s", err.msg);
	ck_assert(!port_filter_learns(a));
	out = nft_list("list map bridge vigil from-guest");
	ck_assert(has(out, "\"vnet0\" comment \"vigil:alice\" : jump f/"));
	ck_assert(has(out, "\"vnet1\" comment \"vigil:bob\""));
	free(out);
	ck_assert_int_eq(port_filter_counters(a, &c, &err), 0);
	ck_assert_int_eq((int) c.packets[NWF_COUNTER_MAC], 0);

	/* an update replaces the rules, leaves the other port alone */
	ck_assert(port_filter_update(a, &err) == 0);
	out = nft_list("list set bridge vigil addr4");
	ck_assert(has(out, "\"vnet0\" . 10.0.0.11"));
	ck_assert(has(out, "\"vnet1\" . 10.0.0.22"));
	free(out);

	ck_assert_msg(port_filter_remove(a, &err) == 0, "%s", err.msg);
	out = nft_list("list table bridge vigil");
	ck_assert(!has(out, "vnet0"));
	ck_assert(has(out, "\"vnet1\" . 52:54:00:00:00:11"));
	ck_assert(has(out, "iifname vmap @from-guest"));
	ck_assert(has(out, "chain f/"));	/* bob's port uses them */
	free(out);
	ck_assert_int_eq(port_filter_remove(a, &err), 0);
	port_filter_free(a);
	ck_assert_int_eq(port_filter_remove(b, &err), 0);
	port_filter_free(b);
	out = nft_list("list table bridge vigil");
	ck_assert(!has(out, "chain f/"));	/* unused: deleted */
	free(out);
}
END_TEST

START_TEST(test_fail_closed)
{
	struct port_filter *a;
	struct vg_err err;
	char *out;

	if (!isolated())
		return;
	a = pf_new(NULL, "alice", "vnet0", "allow-dhcp-server", NULL);
	ck_assert_int_lt(port_filter_install(a, &err), 0);
	ck_assert(has(err.msg, "port vnet0: filter allow-dhcp-server: "));
	ck_assert(has(err.msg, "variable DHCPSERVER is not defined"));
	port_filter_free(a);
	a = pf_new(NULL, "alice", "vnet0", "no-such-filter", NULL);
	ck_assert_int_eq(port_filter_install(a, &err), -ENOENT);
	port_filter_free(a);
	out = nft_list("list ruleset");
	ck_assert(!has(out, "vnet0"));
	free(out);
}
END_TEST

START_TEST(test_learning)
{
	struct port_filter *a;
	struct addr_ip ip, ip6;
	struct vg_err err;
	char *out;

	if (!isolated())
		return;
	a = pf_new(NULL, "alice", "vnet0", "clean-traffic", NULL);
	ck_assert_msg(port_filter_install(a, &err) == 0, "%s", err.msg);
	ck_assert(port_filter_learns(a));
	ck_assert_int_eq(port_filter_learning(a), NWF_LEARN_ANY);
	out = nft_list("list set bridge vigil gated");
	ck_assert(has(out, "\"vnet0\""));
	free(out);

	addr_ip_parse("10.0.0.50", &ip);
	ck_assert_msg(port_filter_addr_add(a, &ip, 3600, &err) == 0, "%s",
	    err.msg);
	out = nft_list("list set bridge vigil addr4");
	ck_assert(has(out, "\"vnet0\" . 10.0.0.50 timeout 1h"));
	free(out);
	out = nft_list("list set bridge vigil gated");
	ck_assert(!has(out, "vnet0"));
	free(out);
	/* renewal: the timeout is reset */
	ck_assert_int_eq(port_filter_addr_add(a, &ip, 7200, &err), 0);
	out = nft_list("list set bridge vigil addr4");
	ck_assert(has(out, "\"vnet0\" . 10.0.0.50 timeout 2h"));
	free(out);
	/* IPv6 goes to both of its sets and leaves the gate alone */
	addr_ip_parse("2001:db8::50", &ip6);
	ck_assert_int_eq(port_filter_addr_add(a, &ip6, 60, &err), 0);
	out = nft_list("list set bridge vigil nd6");
	ck_assert(has(out, "0x20010db8000000000000000000000050 timeout"));
	free(out);
	/* an update keeps what was learned */
	ck_assert_int_eq(port_filter_update(a, &err), 0);
	out = nft_list("list set bridge vigil addr4");
	ck_assert(has(out, "10.0.0.50 timeout"));
	free(out);

	ck_assert_int_eq(port_filter_addr_del(a, &ip, &err), 0);
	out = nft_list("list table bridge vigil");
	ck_assert(!has(out, "10.0.0.50"));
	free(out);
	out = nft_list("list set bridge vigil gated");
	ck_assert(has(out, "\"vnet0\""));
	free(out);
	ck_assert_int_eq(port_filter_addr_del(a, &ip, &err), 0);
	ck_assert_int_eq(port_filter_remove(a, &err), 0);
	port_filter_free(a);
}
END_TEST

/* A supervisor killed with its rules in place: cleanup by guest removes
 * its ports only, by port name likewise. */
START_TEST(test_cleanup)
{
	struct port_filter *a, *a2, *b;
	struct vg_err err;
	char *out;

	if (!isolated())
		return;
	ck_assert_int_eq(port_filter_cleanup_guest("alice", &err), 0);
	ck_assert_int_eq(port_filter_cleanup("vnet0", &err), 0);
	a = pf_new(NULL, "alice", "vnet0", "clean-traffic", "10.0.0.11");
	a2 = pf_new(NULL, "alice", "vnet2", "no-mac-spoofing", NULL);
	b = pf_new(NULL, "bob", "vnet1", "clean-traffic", "10.0.0.22");
	ck_assert_int_eq(port_filter_install(a, &err), 0);
	ck_assert_int_eq(port_filter_install(a2, &err), 0);
	ck_assert_int_eq(port_filter_install(b, &err), 0);
	port_filter_free(a);
	port_filter_free(a2);
	ck_assert_msg(port_filter_cleanup_guest("alice", &err) == 1, "%s",
	    err.msg);
	out = nft_list("list table bridge vigil");
	ck_assert(!has(out, "vnet0") && !has(out, "vnet2"));
	ck_assert(has(out, "\"vnet1\" . 52:54:00:00:00:11"));
	free(out);
	ck_assert_int_eq(port_filter_cleanup_guest("alice", &err), 0);
	port_filter_free(b);
	ck_assert_int_eq(port_filter_cleanup("vnet1", &err), 1);
	out = nft_list("list table bridge vigil");
	ck_assert(!has(out, "vnet1"));
	ck_assert(!has(out, "chain f/"));
	free(out);
	ck_assert_int_eq(port_filter_cleanup("vnet1", &err), 0);
	ck_assert_int_eq(port_filter_cleanup("a b", &err), -EINVAL);
}
END_TEST

static void
stop_cb(evutil_socket_t fd, short what, void *arg)
{
	(void) fd;
	(void) what;
	event_base_loopbreak(arg);
}

static void
run_loop(struct event_base *base, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	struct event *ev = evtimer_new(base, stop_cb, base);

	evtimer_add(ev, &tv);
	event_base_dispatch(base);
	event_free(ev);
}

/* nft flush ruleset (a firewall reload): back within a second; another
 * port's changes and the port's own updates cause no reinstall. */
START_TEST(test_flush)
{
	struct event_base *base;
	struct port_filter *a, *b;
	struct vg_err err;
	char *out;

	if (!isolated())
		return;
	base = event_base_new();
	a = pf_new(base, "alice", "vnet0", "clean-traffic", "10.0.0.11");
	b = pf_new(NULL, "bob", "vnet1", "clean-traffic", "10.0.0.22");
	ck_assert_int_eq(port_filter_install(a, &err), 0);
	ck_assert_int_eq(port_filter_watch_start(a, &err), 0);
	run_loop(base, 300);
	ck_assert_int_eq(port_filter_install(b, &err), 0);
	ck_assert_int_eq(port_filter_update(a, &err), 0);
	ck_assert_int_eq(port_filter_remove(b, &err), 0);
	run_loop(base, 400);
	out = nft_list("list ruleset");
	ck_assert(has(out, "\"vnet0\" comment \"vigil:alice\""));
	free(out);
	ck_assert_int_eq((int) port_filter_reinstalls(a), 0);

	ck_assert_int_eq(nft_do("flush ruleset"), 0);
	out = nft_list("list ruleset");
	ck_assert(!has(out, "vnet0"));
	free(out);
	run_loop(base, 1000);
	out = nft_list("list ruleset");
	ck_assert(has(out, "\"vnet0\" comment \"vigil:alice\""));
	ck_assert(has(out, "iifname vmap @from-guest"));
	ck_assert(has(out, "\"vnet0\" . 52:54:00:00:00:11"));
	ck_assert(has(out, "iifname . ether saddr @mac return"));
	free(out);
	ck_assert_int_eq((int) port_filter_reinstalls(a), 1);

	/* a deleted root chain or map entry too */
	ck_assert_int_eq(nft_do("delete element bridge vigil to-guest "
	    "{ \"vnet0\" }"), 0);
	run_loop(base, 1000);
	out = nft_list("list map bridge vigil to-guest");
	ck_assert(has(out, "vnet0"));
	free(out);
	ck_assert_int_eq(nft_do("delete chain bridge vigil postrouting"), 0);
	run_loop(base, 1000);
	out = nft_list("list chain bridge vigil postrouting");
	ck_assert(has(out, "oifname vmap @to-guest"));
	free(out);
	ck_assert_int_eq((int) port_filter_reinstalls(a), 3);

	ck_assert_int_eq(port_filter_remove(a, &err), 0);
	port_filter_free(a);
	port_filter_free(b);
	event_base_free(base);
}
END_TEST

/* Send one Ethernet frame into ifname (as if the guest sent it). */
static void
send_frame(const char *ifname, const uint8_t src[6], uint16_t type,
    const uint8_t *payload, size_t len)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	uint8_t frame[128];
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	memset(frame, 0xff, 6);
	memcpy(frame + 6, src, 6);
	frame[12] = (uint8_t) (type >> 8);
	frame[13] = (uint8_t) type;
	memcpy(frame + 14, payload, len);
	sll.sll_ifindex = (int) if_nametoindex(ifname);
	sll.sll_halen = 6;
	ck_assert_int_eq((int) sendto(fd, frame, 14 + len, 0,
	    (struct sockaddr *) &sll, sizeof sll), (int) (14 + len));
	close(fd);
}

/* Real frames through a bridge: a spoofed source MAC and an IPv4 packet
 * before any address is known are dropped and counted by kind. */
START_TEST(test_counters)
{
	static const uint8_t own[6] = { 0x52, 0x54, 0, 0, 0, 0x11 };
	static const uint8_t other[6] = { 0x52, 0x54, 0, 0, 0, 0x22 };
	/* IPv4, UDP 1000 -> 2000, from 10.0.0.99 */
	static const uint8_t ip[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17,
	    0, 0, 10, 0, 0, 99, 10, 0, 0, 1, 0x03, 0xe8, 0x07, 0xd0, 0, 8,
	    0, 0 };
	struct port_filter_counters c;
	struct port_filter *a;
	struct vg_err err;
	json_t *j;
	int i;

	if (!isolated())
		return;
	ck_assert_int_eq(system("sysctl -qw net.ipv6.conf.default."
	    "disable_ipv6=1 && ip link add br0 type bridge && "
	    "ip link set br0 up && ip link add v0 type veth peer name g0 && "
	    "ip link set g0 address 52:54:00:00:00:11 && "
	    "ip link set v0 master br0 && ip link set v0 up && "
	    "ip link set g0 up"), 0);
	a = pf_new(NULL, "alice", "v0", "clean-traffic", NULL);
	ck_assert_msg(port_filter_install(a, &err) == 0, "%s", err.msg);
	for (i = 0; i < 3; i++)
		send_frame("g0", other, 0x0800, ip, sizeof ip);
	send_frame("g0", own, 0x0800, ip, sizeof ip);
	usleep(100000);
	ck_assert_msg(port_filter_counters(a, &c, &err) == 0, "%s", err.msg);
	ck_assert_int_eq((int) c.packets[NWF_COUNTER_MAC], 3);
	ck_assert_int_eq((int) c.packets[NWF_COUNTER_IP], 1);
	ck_assert_int_eq((int) c.packets[NWF_COUNTER_ARP], 0);
	/* bytes after the Ethernet header, as the bridge hooks see them */
	ck_assert_int_eq((int) c.bytes[NWF_COUNTER_IP], 28);
	j = port_filter_describe(a);
	ck_assert_int_eq((int) json_integer_value(json_object_get(
	    json_object_get(j, "drops"), "mac")), 3);
	json_decref(j);
	ck_assert_int_eq(port_filter_remove(a, &err), 0);
	port_filter_free(a);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("port-filter");
	TCase *tc = tcase_create("kernel");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_lifecycle);
	tcase_add_test(tc, test_fail_closed);
	tcase_add_test(tc, test_learning);
	tcase_add_test(tc, test_cleanup);
	tcase_add_test(tc, test_flush);
	tcase_add_test(tc, test_counters);
	suite_add_tcase(s, tc);
	return s;
}
