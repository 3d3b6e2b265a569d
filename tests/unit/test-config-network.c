#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config-network.h"
#include "common/diag.h"
#include "tests/unit/unit.h"

/* Parses xml; returns the result and leaves problems in d (caller frees). */
static int
parse(const char *xml, struct config_network **net, struct diag *d)
{
	diag_init(d, "t.xml");
	return config_network_parse(xml, strlen(xml), net, d);
}

/* The printed problems of xml as one string (caller frees). */
static char *
problems(const char *xml)
{
	struct config_network *net = NULL;
	struct diag d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void) parse(xml, &net, &d);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	diag_print(&d, f);
	fclose(f);
	diag_done(&d);
	config_network_free(net);
	return buf;
}

static const char *
ip4(const struct addr_ip *a, char *buf)
{
	return addr_ip_format(a, buf, 64);
}

START_TEST(test_example_default)
{
	struct config_network *net;
	struct diag d;
	char b[64], mac[ADDR_MAC_STRLEN];

	diag_init(&d, "default.xml");
	ck_assert_int_eq(config_network_load(VIGIL_SRCDIR
	    "/conf/examples/default.xml", &net, &d), 0);
	ck_assert_uint_eq(d.nitems, 0);
	ck_assert_str_eq(net->name, "default");
	ck_assert_str_eq(net->bridge, "virbr0");
	ck_assert(!net->bridge_generated);
	ck_assert(net->stp);
	ck_assert_uint_eq(net->delay, 0);
	ck_assert_int_eq(net->forward, NET_FORWARD_NAT);
	ck_assert(net->has_ip);
	ck_assert_str_eq(ip4(&net->address, b), "192.168.122.1");
	ck_assert_uint_eq(net->prefix, 24);
	ck_assert(net->has_range);
	ck_assert_str_eq(ip4(&net->range_start, b), "192.168.122.2");
	ck_assert_str_eq(ip4(&net->range_end, b), "192.168.122.254");
	ck_assert_uint_eq(net->nhosts, 3);
	ck_assert_str_eq(net->hosts[0].name, "alice");
	addr_mac_format(net->hosts[1].mac, mac);
	ck_assert_str_eq(mac, "52:54:00:00:00:22");
	ck_assert_str_eq(ip4(&net->hosts[2].ip, b), "192.168.122.33");
	ck_assert(net->uuid_generated);
	config_network_subnet(net, &net->range_end);
	ck_assert_str_eq(ip4(&net->range_end, b), "192.168.122.0");
	config_network_free(net);
	diag_done(&d);
}
END_TEST

START_TEST(test_minimal_defaults)
{
	struct config_network *net;
	struct diag d;

	ck_assert_int_eq(parse("<network><name>iso</name></network>", &net,
	    &d), 0);
	ck_assert_uint_eq(d.nitems, 0);
	ck_assert_str_eq(net->bridge, "vg-iso");
	ck_assert(net->bridge_generated);
	ck_assert(net->stp);
	ck_assert_int_eq(net->forward, NET_FORWARD_NONE);
	ck_assert(!net->has_ip);
	ck_assert(!net->has_mac);
	ck_assert(net->uuid_generated);
	ck_assert_int_eq(net->uuid[6] >> 4, 4);
	config_network_free(net);
	diag_done(&d);
}
END_TEST

START_TEST(test_bridge_generated_long)
{
	struct config_network *a, *b;
	struct diag d1, d2;

	ck_assert_int_eq(parse("<network><name>laboratory-net-1</name>"
	    "</network>", &a, &d1), 0);
	ck_assert_int_eq(parse("<network><name>laboratory-net-2</name>"
	    "</network>", &b, &d2), 0);
	ck_assert_uint_eq(strlen(a->bridge), 15);
	ck_assert(strncmp(a->bridge, "vg-laborat-", 11) == 0);
	ck_assert(config_network_ifname_valid(a->bridge));
	ck_assert_str_ne(a->bridge, b->bridge);
	config_network_free(a);
	config_network_free(b);
	diag_done(&d1);
	diag_done(&d2);
}
END_TEST

START_TEST(test_uuid_and_options)
{
	struct config_network *net;
	struct diag d;

	ck_assert_int_eq(parse("<network><name>n</name>"
	    "<uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>"
	    "<bridge name='br-x' stp='off' delay='5'/>"
	    "<mac address='52:54:00:aa:bb:cc'/>"
	    "<forward dev='eth0'/>"
	    "<ip address='10.1.0.1' prefix='16'/></network>", &net, &d), 0);
	ck_assert_uint_eq(d.nitems, 0);
	ck_assert(!net->uuid_generated);
	ck_assert_uint_eq(net->uuid[0], 0xc7);
	ck_assert_uint_eq(net->uuid[15], 0x09);
	ck_assert(!net->stp);
	ck_assert_uint_eq(net->delay, 5);
	ck_assert(net->has_mac);
	ck_assert_uint_eq(net->mac[5], 0xcc);
	/* libvirt: <forward/> without a mode is nat */
	ck_assert_int_eq(net->forward, NET_FORWARD_NAT);
	ck_assert_str_eq(net->forward_dev, "eth0");
	ck_assert_uint_eq(net->prefix, 16);
	ck_assert(!net->has_dhcp);
	config_network_free(net);
	diag_done(&d);
}
END_TEST

START_TEST(test_route_and_hosts_by_name)
{
	struct config_network *net;
	struct diag d;

	ck_assert_int_eq(parse("<network><name>r</name>"
	    "<forward mode='route'/>"
	    "<ip address='10.9.0.1' netmask='255.255.255.0'><dhcp>"
	    "<host name='db' ip='10.9.0.5'/></dhcp></ip></network>", &net,
	    &d), 0);
	ck_assert_int_eq(net->forward, NET_FORWARD_ROUTE);
	ck_assert(net->has_dhcp);
	ck_assert(!net->has_range);
	ck_assert_uint_eq(net->nhosts, 1);
	ck_assert(!net->hosts[0].has_mac);
	ck_assert_str_eq(net->hosts[0].name, "db");
	config_network_free(net);
	diag_done(&d);
}
END_TEST

START_TEST(test_warnings_only)
{
	struct config_network *net;
	struct diag d;

	ck_assert_int_eq(parse("<network ipv6='yes'><name>w</name>\n"
	    "<domain name='example'/>\n"
	    "<bridge name='br1' macTableManager='kernel' colour='red'/>\n"
	    "<ip address='10.0.0.1' prefix='24'><dhcp>\n"
	    "<range start='10.0.0.10' end='10.0.0.20'/>\n"
	    "<range start='10.0.0.30' end='10.0.0.40'/>\n"
	    "<bootp file='pxe'/></dhcp><tftp root='/'/></ip>\n"
	    "<ip address='10.0.1.1' prefix='24'/>\n"
	    "<ip family='ipv6' address='fd00::1' prefix='64'/>\n"
	    "<frobnicate/></network>", &net, &d), 0);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_uint_eq(d.nwarnings, 8);
	ck_assert_uint_eq(net->range_end.u.v4.s_addr, htonl(0x0a000014));
	ck_assert_uint_eq(net->address.u.v4.s_addr, htonl(0x0a000001));
	ck_assert_int_eq(net->ip_line, 4);
	config_network_free(net);
	diag_done(&d);
}
END_TEST

START_TEST(test_errors)
{
	static const struct {
		const char *xml;
		const char *expect;
	} cases[] = {
		{ "<domain/>", "t.xml:1: <domain>: expected <network> as the "
		    "root element\n" },
		{ "<network><name>a</name><name>b</name></network>",
		    "t.xml:1: <name>: given twice (first on line 1)\n" },
		{ "<network><name>a</name><forward mode='open'/></network>",
		    "t.xml:1: <forward mode='open'>: not supported: it would "
		    "bypass vigil's isolation (use nat, route or no "
		    "<forward>)\n" },
		{ "<network><name>a</name><forward mode='warp'/></network>",
		    "t.xml:1: <forward mode='warp'>: unknown mode (expected nat"
		    " or route)\n" },
		{ "<network><name>a</name><bridge zone='trusted'/></network>",
		    "t.xml:1: <bridge zone='trusted'>: firewalld zones are not "
		    "supported\n" },
		{ "<network><name>a</name><ip address='10.0.0.1'/></network>",
		    "t.xml:1: <ip address='10.0.0.1'>: missing netmask or "
		    "prefix\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='31'/>"
		    "</network>", "t.xml:1: <ip address='10.0.0.1'>: prefix /31"
		    " leaves no room for guests (expected 1 to 30)\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24' "
		    "netmask='255.255.255.0'/></network>", "t.xml:1: <ip "
		    "address='10.0.0.1'>: both netmask and prefix given\n" },
		{ "<network><name>a</name><ip address='10.0.0.300' "
		    "prefix='24'/></network>", "t.xml:1: <ip address="
		    "'10.0.0.300'>: not an IP address\n" },
		{ "<network><name>a</name><ip family='ipv6' address='10.0.0.1' "
		    "prefix='24'/></network>", "t.xml:1: <ip family='ipv6'>: "
		    "does not match address '10.0.0.1'\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24'>"
		    "<dhcp><range start='10.0.0.9'/></dhcp></ip></network>",
		    "t.xml:1: <range>: missing end\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24'>"
		    "<dhcp><host ip='10.0.0.9'/></dhcp></ip></network>",
		    "t.xml:1: <host>: needs a mac or a name\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24'>"
		    "<dhcp><host mac='01:00:00:00:00:01' ip='10.0.0.9'/></dhcp>"
		    "</ip></network>", "t.xml:1: <host mac='01:00:00:00:00:01'>"
		    ": a multicast address, expected unicast\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24'>"
		    "<dhcp><host name='x' ip='10.0.0.9'/><host name='X' "
		    "ip='10.0.0.8'/></dhcp></ip></network>", "t.xml:1: <host "
		    "name='X'>: duplicate name (also on line 1)\n" },
		{ "<network><name>a</name><ip address='10.0.0.1' prefix='24'>"
		    "<dhcp/><dhcp/></ip></network>", "t.xml:1: <dhcp>: given "
		    "twice (first on line 1)\n" },
		{ "<network><name>a</name><portgroup name='p'/></network>",
		    "t.xml:1: <portgroup>: not supported, and ignoring it would"
		    " weaken isolation\n" },
		{ "<network><name>a</name><mac address='zz'/></network>",
		    "t.xml:1: <mac address='zz'>: not a MAC address\n" },
		{ "<network><name>a</name><forward dev='a b'/><ip "
		    "address='10.0.0.1' prefix='8'/></network>", "t.xml:1: "
		    "<forward dev='a b'>: not a valid interface name\n" },
		{ "<network><name></name></network>",
		    "t.xml:1: <name>: invalid name '': empty\n" },
		{ "not xml", NULL },
		{ "", "t.xml: empty file\n" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = problems(cases[i].xml);

		if (cases[i].expect != NULL)
			ck_assert_msg(strcmp(got, cases[i].expect) == 0,
			    "case %zu: got '%s'", i, got);
		else
			ck_assert(strstr(got, "not well-formed XML") != NULL);
		free(got);
	}
}
END_TEST

START_TEST(test_ifname)
{
	ck_assert(config_network_ifname_valid("virbr0"));
	ck_assert(config_network_ifname_valid("vnic-alice"));
	ck_assert(config_network_ifname_valid("abcdefghijklmno"));
	ck_assert(!config_network_ifname_valid("abcdefghijklmnop"));
	ck_assert(!config_network_ifname_valid(""));
	ck_assert(!config_network_ifname_valid("."));
	ck_assert(!config_network_ifname_valid(".."));
	ck_assert(!config_network_ifname_valid("a/b"));
	ck_assert(!config_network_ifname_valid("a:1"));
	ck_assert(!config_network_ifname_valid("vnet%d"));
	ck_assert(!config_network_ifname_valid("a\tb"));
}
END_TEST

static int
is_bad_network(const struct dirent *e)
{
	size_t len = strlen(e->d_name);

	return strncmp(e->d_name, "network-", 8) == 0 && len > 4 &&
	    strcmp(e->d_name + len - 4, ".xml") == 0;
}

/* Every tests/data/bad/network-*.xml prints exactly its .expect line. */
START_TEST(test_bad_files)
{
	char dir[4096], path[8192], want[1024];
	struct dirent **names;
	int i, n;

	(void) snprintf(dir, sizeof dir, "%s", unit_data_path("bad"));
	n = scandir(dir, &names, is_bad_network, alphasort);
	ck_assert_int_ge(n, 10);
	for (i = 0; i < n; i++) {
		struct config_network *net = NULL;
		struct diag d;
		char *got = NULL;
		size_t len = 0;
		FILE *f;

		(void) snprintf(path, sizeof path, "%s/%s", dir,
		    names[i]->d_name);
		diag_init(&d, names[i]->d_name);
		ck_assert_int_lt(config_network_load(path, &net, &d), 0);
		ck_assert_ptr_null(net);
		f = open_memstream(&got, &len);
		diag_print(&d, f);
		fclose(f);
		(void) snprintf(path + strlen(path) - 4, 8, ".expect");
		f = fopen(path, "r");
		ck_assert_msg(f != NULL, "%s missing", path);
		ck_assert_ptr_nonnull(fgets(want, sizeof want, f));
		fclose(f);
		ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s' want '%s'",
		    names[i]->d_name, got, want);
		free(got);
		diag_done(&d);
		free(names[i]);
	}
	free(names);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("config-network");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_example_default);
	tcase_add_test(tc, test_minimal_defaults);
	tcase_add_test(tc, test_bridge_generated_long);
	tcase_add_test(tc, test_uuid_and_options);
	tcase_add_test(tc, test_route_and_hosts_by_name);
	tcase_add_test(tc, test_warnings_only);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_ifname);
	tcase_add_test(tc, test_bad_files);
	suite_add_tcase(s, tc);
	return s;
}
