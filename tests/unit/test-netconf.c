/* What net-start generates (dnsmasq config, nftables table) and the network
 * state files, without touching the system. */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config-network.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/netstate.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/dnsmasq.h"
#include "launcher/nat.h"
#include "tests/unit/unit.h"

static struct config_network *
load(const char *xml)
{
	struct config_network *net = NULL;
	struct diag d;

	diag_init(&d, "t.xml");
	ck_assert_int_eq(config_network_parse(xml, strlen(xml), &net, &d), 0);
	diag_done(&d);
	return net;
}

static struct config_network *
load_default(void)
{
	struct config_network *net = NULL;
	struct diag d;

	diag_init(&d, "default.xml");
	ck_assert_int_eq(config_network_load(VIGIL_SRCDIR
	    "/conf/examples/default.xml", &net, &d), 0);
	diag_done(&d);
	return net;
}

START_TEST(test_dnsmasq_default)
{
	struct config_network *net = load_default();
	char *c = dnsmasq_conf("/r", net);

	ck_assert(strstr(c, "\ninterface=virbr0\n") != NULL);
	ck_assert(strstr(c, "\nexcept-interface=lo\n") != NULL);
	ck_assert(strstr(c, "\nbind-dynamic\n") != NULL);
	ck_assert(strstr(c, "\nno-resolv\n") != NULL);
	ck_assert(strstr(c, "\nlisten-address=192.168.122.1\n") != NULL);
	ck_assert(strstr(c, "\npid-file=/r/run/vigil/networks/default/"
	    "dnsmasq.pid\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-leasefile=/r/var/lib/vigil/networks/"
	    "default/dnsmasq.leases\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-range=192.168.122.2,192.168.122.254,"
	    "255.255.255.0\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-lease-max=253\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-host=52:54:00:00:00:11,192.168.122.11,"
	    "alice\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-host=52:54:00:00:00:33,192.168.122.33,"
	    "eve\n") != NULL);
	/* nat: the guests get the bridge as their router */
	ck_assert(strstr(c, "dhcp-option=3") == NULL);
	free(c);
	config_network_free(net);
}
END_TEST

START_TEST(test_dnsmasq_isolated_static)
{
	struct config_network *net = load("<network><name>iso</name>"
	    "<ip address='10.5.0.1' prefix='16'><dhcp>"
	    "<host name='db' ip='10.5.1.2'/>"
	    "<host mac='52:54:00:00:00:99' ip='10.5.1.3'/>"
	    "</dhcp></ip></network>");
	char *c = dnsmasq_conf("/", net);

	ck_assert(strstr(c, "\ninterface=vg-iso\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-range=10.5.0.0,static,255.255.0.0\n") !=
	    NULL);
	ck_assert(strstr(c, "\ndhcp-option=3\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-host=db,10.5.1.2\n") != NULL);
	ck_assert(strstr(c, "\ndhcp-host=52:54:00:00:00:99,10.5.1.3\n") !=
	    NULL);
	free(c);
	config_network_free(net);
}
END_TEST

START_TEST(test_dnsmasq_no_dhcp)
{
	struct config_network *net = load("<network><name>dns</name>"
	    "<ip address='10.5.0.1' prefix='24'/></network>");
	char *c = dnsmasq_conf("/", net);

	ck_assert(strstr(c, "dhcp-range") == NULL);
	ck_assert(strstr(c, "dhcp-leasefile") == NULL);
	ck_assert(strstr(c, "\ninterface=vg-dns\n") != NULL);
	free(c);
	config_network_free(net);
}
END_TEST

START_TEST(test_nat_rules)
{
	struct config_network *net = load_default();
	char *t = nat_ruleset(net, "uplink0");

	ck_assert(strncmp(t, "table ip vigil-net-default {\n", 29) == 0);
	ck_assert(strstr(t, "iifname \"virbr0\" oifname \"uplink0\" ip saddr "
	    "192.168.122.0/24 accept") != NULL);
	ck_assert(strstr(t, "iifname \"uplink0\" oifname \"virbr0\" ip daddr "
	    "192.168.122.0/24 ct state established,related accept") != NULL);
	ck_assert(strstr(t, "oifname \"uplink0\" ip saddr 192.168.122.0/24 "
	    "ip daddr != 192.168.122.0/24 masquerade") != NULL);
	ck_assert(strstr(t, "iifname \"virbr0\" drop") != NULL);
	ck_assert(strstr(t, "oifname \"virbr0\" drop") != NULL);
	free(t);
	/* no uplink: nothing leaves the bridge */
	t = nat_ruleset(net, NULL);
	ck_assert(strstr(t, "masquerade") == NULL);
	ck_assert(strstr(t, "uplink0") == NULL);
	ck_assert(strstr(t, "iifname \"virbr0\" drop") != NULL);
	free(t);
	config_network_free(net);
}
END_TEST

START_TEST(test_route_rules)
{
	struct config_network *net = load("<network><name>r</name>"
	    "<forward mode='route' dev='eth1'/><bridge name='br-r'/>"
	    "<ip address='10.7.0.1' prefix='24'/></network>");
	char *t = nat_ruleset(net, "eth1");

	ck_assert(strstr(t, "masquerade") == NULL);
	ck_assert(strstr(t, "ct state") == NULL);
	ck_assert(strstr(t, "iifname \"eth1\" oifname \"br-r\" ip daddr "
	    "10.7.0.0/24 accept") != NULL);
	free(t);
	config_network_free(net);
}
END_TEST

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void) st;
	(void) flag;
	(void) f;
	return remove(path) < 0 ? -1 : 0;
}

/* rm -rf root, then free it. */
static void
tmp_done(char *root)
{
	ck_assert_int_eq(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

static char *
tmp_root(void)
{
	char *root = xstrdup("/tmp/vigil-unit-netconf.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(root));
	return root;
}

START_TEST(test_state_roundtrip)
{
	char *root = tmp_root();
	char *dir = path_get(root, PATH_NET_RUN, "default");
	struct netstate st = { .name = "default", .bridge = "virbr0",
		.prefix = 24, .forward = NET_FORWARD_NAT,
		.forward_dev = "uplink0", .nft_table = "vigil-net-default",
		.dnsmasq_pid = 1234 };
	struct netstate back;
	struct vg_err err;
	char a[64];

	ck_assert_int_eq(netstate_read(root, "default", &back, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "network default is not started");
	ck_assert_int_eq(addr_ip_parse("192.168.122.1", &st.address), 0);
	ck_assert_int_eq(path_mkdir_p(dir, 0755), 0);
	ck_assert_int_eq(netstate_write(root, &st, &err), 0);
	ck_assert_int_eq(netstate_read(root, "default", &back, &err), 0);
	ck_assert_str_eq(back.bridge, "virbr0");
	ck_assert_str_eq(addr_ip_format(&back.address, a, sizeof a),
	    "192.168.122.1");
	ck_assert_uint_eq(back.prefix, 24);
	ck_assert_int_eq(back.forward, NET_FORWARD_NAT);
	ck_assert_str_eq(back.forward_dev, "uplink0");
	ck_assert_str_eq(back.nft_table, "vigil-net-default");
	ck_assert_int_eq(back.dnsmasq_pid, 1234);
	ck_assert_int_eq(netstate_remove(root, "default"), 0);
	ck_assert_int_eq(netstate_remove(root, "default"), 0);
	ck_assert_int_eq(netstate_read(root, "default", &back, NULL), -ENOENT);
	free(dir);
	tmp_done(root);
}
END_TEST

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_state_malformed)
{
	char *root = tmp_root();
	char *dir = path_get(root, PATH_NET_RUN, "n");
	char *path = xprintf("%s/state.json", dir);
	struct netstate st;
	struct vg_err err;

	ck_assert_int_eq(path_mkdir_p(dir, 0755), 0);
	write_text(path, "{\"name\":\"n\",\"bridge\":\"a/b\"}");
	ck_assert_int_eq(netstate_read(root, "n", &st, &err), -EINVAL);
	ck_assert(strstr(err.msg, "malformed") != NULL);
	write_text(path, "[1,2");
	ck_assert_int_eq(netstate_read(root, "n", &st, &err), -EINVAL);
	write_text(path, "{\"name\":\"n\",\"bridge\":\"br\",\"prefix\":-3}");
	ck_assert_int_eq(netstate_read(root, "n", &st, &err), -EINVAL);
	free(path);
	free(dir);
	tmp_done(root);
}
END_TEST

START_TEST(test_users)
{
	char *root = tmp_root();
	const char *guests[] = { "alice", "bob", "dead", "other", ".hidden",
		"stopped" };
	char buf[128], *dir, *path, *text;
	size_t i;

	ck_assert_int_eq(netstate_users(root, "default", buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	for (i = 0; i < 6; i++) {
		dir = path_get(root, PATH_GUEST_RUN, guests[i]);
		ck_assert_int_eq(path_mkdir_p(dir, 0755), 0);
		path = xprintf("%s/state.json", dir);
		if (i == 2)	/* a supervisor that is gone */
			text = xprintf("{\"networks\":[\"default\"],"
			    "\"supervisor_pid\":%d}", 0x7ffffff0);
		else if (i == 5)
			text = xprintf("{\"state\":\"stopped\",\"networks\":"
			    "[\"default\"],\"supervisor_pid\":%d}",
			    (int) getpid());
		else if (i == 3)
			text = xprintf("{\"networks\":[\"lab\"],"
			    "\"supervisor_pid\":%d}", (int) getpid());
		else
			text = xprintf("{\"networks\":[\"x\",\"default\"],"
			    "\"pid\":%d}", (int) getpid());
		write_text(path, text);
		free(text);
		free(path);
		free(dir);
	}
	ck_assert_int_eq(netstate_users(root, "default", buf, sizeof buf), 2);
	ck_assert_str_eq(buf, "alice, bob");
	ck_assert_int_eq(netstate_users(root, "lab", buf, sizeof buf), 1);
	ck_assert_str_eq(buf, "other");
	ck_assert_int_eq(netstate_users(root, "none", buf, sizeof buf), 0);
	tmp_done(root);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("netconf");
	TCase *tc = tcase_create("netconf");

	tcase_add_test(tc, test_dnsmasq_default);
	tcase_add_test(tc, test_dnsmasq_isolated_static);
	tcase_add_test(tc, test_dnsmasq_no_dhcp);
	tcase_add_test(tc, test_nat_rules);
	tcase_add_test(tc, test_route_rules);
	tcase_add_test(tc, test_state_roundtrip);
	tcase_add_test(tc, test_state_malformed);
	tcase_add_test(tc, test_users);
	suite_add_tcase(s, tc);
	return s;
}
