#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "tests/unit/unit.h"

START_TEST(test_mac_parse_good)
{
	static const uint8_t want[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x11 };
	static const uint8_t upper[6] = { 0xab, 0xcd, 0xef, 0x01, 0x02, 0x03 };
	char buf[ADDR_MAC_STRLEN];
	uint8_t mac[6];

	ck_assert_int_eq(addr_mac_parse("52:54:00:00:00:11", mac), 0);
	ck_assert_mem_eq(mac, want, 6);
	ck_assert_int_eq(addr_mac_parse("52-54-00-00-00-11", mac), 0);
	ck_assert_mem_eq(mac, want, 6);
	/* One-digit octets, as libvirt takes them. */
	ck_assert_int_eq(addr_mac_parse("52:54:0:0:0:11", mac), 0);
	ck_assert_mem_eq(mac, want, 6);
	ck_assert_int_eq(addr_mac_parse("AB:CD:EF:01:02:03", mac), 0);
	ck_assert_mem_eq(mac, upper, 6);
	addr_mac_format(mac, buf);
	ck_assert_str_eq(buf, "ab:cd:ef:01:02:03");
}
END_TEST

START_TEST(test_mac_parse_bad)
{
	static const char *const bad[] = {
		"", "52:54:00:00:11", "52:54:00:00:00:11:22",
		"52:54:00:00:00:111", "52:54:00-00:00:11", "52:54:00:00:00:",
		":52:54:00:00:00", "52:54:00:00:00:1g", "52 54 00 00 00 11",
		"52:54:00:00:00:11 ", "525400000011", "52::54:00:00:00",
	};
	uint8_t mac[6] = { 9, 9, 9, 9, 9, 9 };
	static const uint8_t untouched[6] = { 9, 9, 9, 9, 9, 9 };
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(addr_mac_parse(bad[i], mac) == -EINVAL,
		    "accepted '%s'", bad[i]);
		ck_assert_mem_eq(mac, untouched, 6);
	}
}
END_TEST

START_TEST(test_mac_multicast_generate)
{
	uint8_t mac[6], other[6];
	int i, same = 0;

	ck_assert_int_eq(addr_mac_parse("01:00:5e:00:00:01", mac), 0);
	ck_assert(addr_mac_is_multicast(mac));
	ck_assert_int_eq(addr_mac_parse("ff:ff:ff:ff:ff:ff", mac), 0);
	ck_assert(addr_mac_is_multicast(mac));
	ck_assert_int_eq(addr_mac_parse("52:54:00:00:00:11", mac), 0);
	ck_assert(!addr_mac_is_multicast(mac));
	addr_mac_generate(mac);
	ck_assert_int_eq(mac[0], 0x52);
	ck_assert_int_eq(mac[1], 0x54);
	ck_assert_int_eq(mac[2], 0x00);
	ck_assert(!addr_mac_is_multicast(mac));
	/* Random: 20 draws in a row equal would mean no randomness. */
	for (i = 0; i < 20; i++) {
		addr_mac_generate(other);
		if (memcmp(mac, other, 6) == 0)
			same++;
	}
	ck_assert_int_lt(same, 20);
}
END_TEST

START_TEST(test_ip_parse)
{
	char buf[64];
	struct addr_ip a;

	ck_assert_int_eq(addr_ip_parse("192.168.122.33", &a), 0);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(addr_ip4_host(&a), 0xc0a87a21u);
	ck_assert_str_eq(addr_ip_format(&a, buf, sizeof buf),
	    "192.168.122.33");
	ck_assert_int_eq(addr_ip_parse("fe80::5054:ff:fe16:61da", &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(addr_ip4_host(&a), 0);
	ck_assert_str_eq(addr_ip_format(&a, buf, sizeof buf),
	    "fe80::5054:ff:fe16:61da");
	ck_assert_int_eq(addr_ip_parse("::ffff:10.0.0.1", &a), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	/* Too small a buffer: NULL, never a cut address. */
	ck_assert_ptr_null(addr_ip_format(&a, buf, 4));
}
END_TEST

START_TEST(test_ip_parse_bad)
{
	static const char *const bad[] = {
		"", "192.168.122", "192.168.122.333", "192.168.122.1/24",
		"192.168.122.1 ", " 192.168.122.1", "1.2.3.4.5", "01.2.3.4",
		"host", "fe80:::1", "fe80::1%eth0", "::g", "1.2.3.-4",
	};
	struct addr_ip a;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(addr_ip_parse(bad[i], &a) == -EINVAL,
		    "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(test_ip_equal)
{
	struct addr_ip a, b, c;

	ck_assert_int_eq(addr_ip_parse("10.0.0.1", &a), 0);
	ck_assert_int_eq(addr_ip_parse("10.0.0.1", &b), 0);
	ck_assert(addr_ip_equal(&a, &b));
	ck_assert_int_eq(addr_ip_parse("10.0.0.2", &b), 0);
	ck_assert(!addr_ip_equal(&a, &b));
	ck_assert_int_eq(addr_ip_parse("::ffff:10.0.0.1", &c), 0);
	ck_assert(!addr_ip_equal(&a, &c));
	ck_assert_int_eq(addr_ip_parse("fe80::0:1", &a), 0);
	ck_assert_int_eq(addr_ip_parse("fe80::1", &b), 0);
	ck_assert(addr_ip_equal(&a, &b));
}
END_TEST

START_TEST(test_subnet)
{
	struct addr_ip net, a;

	ck_assert_int_eq(addr_ip_parse("192.168.122.0", &net), 0);
	ck_assert_int_eq(addr_ip_parse("192.168.122.254", &a), 0);
	ck_assert(addr_ip_in_subnet(&a, &net, 24));
	ck_assert(!addr_ip_in_subnet(&a, &net, 25));
	ck_assert(addr_ip_in_subnet(&a, &net, 0));
	ck_assert_int_eq(addr_ip_parse("192.168.123.1", &a), 0);
	ck_assert(!addr_ip_in_subnet(&a, &net, 24));
	ck_assert(addr_ip_in_subnet(&a, &net, 23));
	ck_assert(!addr_ip_in_subnet(&a, &net, 33));
	ck_assert_int_eq(addr_ip_parse("192.168.122.0", &a), 0);
	ck_assert(addr_ip_in_subnet(&a, &net, 32));
	ck_assert_int_eq(addr_ip_parse("fd00:1::", &net), 0);
	ck_assert_int_eq(addr_ip_parse("fd00:1::42", &a), 0);
	ck_assert(addr_ip_in_subnet(&a, &net, 64));
	ck_assert(!addr_ip_in_subnet(&a, &net, 127));
	ck_assert(!addr_ip_in_subnet(&a, &net, 129));
	ck_assert_int_eq(addr_ip_parse("192.168.122.1", &net), 0);
	/* Different families never match. */
	ck_assert(!addr_ip_in_subnet(&a, &net, 0));
}
END_TEST

START_TEST(test_netmask)
{
	static const struct {
		const char *mask;
		int prefix;
	} cases[] = {
		{ "255.255.255.0", 24 }, { "255.255.255.255", 32 },
		{ "0.0.0.0", 0 }, { "255.255.254.0", 23 }, { "128.0.0.0", 1 },
		{ "255.255.255.252", 30 }, { "255.0.255.0", -EINVAL },
		{ "255.255.255.1", -EINVAL }, { "0.255.255.255", -EINVAL },
		{ "ffff:ffff:ffff:ffff::", 64 }, { "ffff:fe00::", 23 },
		{ "ffff::ffff", -EINVAL },
	};
	struct addr_ip m;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_int_eq(addr_ip_parse(cases[i].mask, &m), 0);
		ck_assert_msg(addr_netmask_prefix(&m) == cases[i].prefix,
		    "%s: %d", cases[i].mask, addr_netmask_prefix(&m));
	}
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("addr");

	tcase_add_test(tc, test_mac_parse_good);
	tcase_add_test(tc, test_mac_parse_bad);
	tcase_add_test(tc, test_mac_multicast_generate);
	tcase_add_test(tc, test_ip_parse);
	tcase_add_test(tc, test_ip_parse_bad);
	tcase_add_test(tc, test_ip_equal);
	tcase_add_test(tc, test_subnet);
	tcase_add_test(tc, test_netmask);
	suite_add_tcase(s, tc);
	return s;
}
