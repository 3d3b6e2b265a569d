/* The filter compiler: every built-in filter's nftables text for a given
 * port, compared with tests/data/nwf/NAME.nft (VIGIL_UPDATE_EXPECTED=1
 * rewrites them, to be reviewed by eye); priority ordering, variable
 * lists and iterators, errors with file and line; as root, every script
 * loaded into the kernel in a private network namespace. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nftables/libnftables.h>

#include "common/err.h"
#include "filters/nwf-compile.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-nft.h"
#include "tests/unit/unit.h"

static struct nwf_lib *
lib_new(void)
{
	static char dir[4096];
	const char *src = getenv("VIGIL_SRCDIR");
	const char *dirs[1] = { dir };

	snprintf(dir, sizeof dir, "%s/filters/builtin",
	    src != NULL ? src : VIGIL_SRCDIR);
	return nwf_lib_new(dirs, 1);
}

static void
add(struct nwf_lib *lib, const char *file, const char *xml)
{
	struct vg_err err;

	if (nwf_lib_add_buffer(lib, file, xml, strlen(xml), &err) < 0)
		ck_abort_msg("%s", err.msg);
}

/* params: "NAME=value" strings, NULL-terminated. */
static int
compile(struct nwf_lib *lib, const char *filter, const char *const *params,
    bool learned, struct nwf_ruleset **rs, struct vg_err *err)
{
	struct config_param p[16];
	struct nwf_port port = { .ifname = "vnet0", .learned = learned };
	char buf[16][128];
	size_t n = 0;

	addr_mac_parse("52:54:00:00:00:11", port.mac);
	for (; params != NULL && params[n] != NULL; n++) {
		snprintf(buf[n], sizeof buf[n], "%s", params[n]);
		p[n].name = buf[n];
		p[n].value = strchr(buf[n], '=') + 1;
		p[n].value[-1] = '\0';
	}
	port.params = p;
	port.nparams = n;
	return nwf_compile(lib, filter, &port, rs, err);
}

/* The last compiled filter's chains are f/<hash>/... */
static char hash[17];

static char *
compile_text(struct nwf_lib *lib, const char *filter,
    const char *const *params)
{
	struct nwf_ruleset *rs;
	struct vg_err err;
	char *text;

	if (compile(lib, filter, params, false, &rs, &err) < 0)
		ck_abort_msg("%s: %s", filter, err.msg);
	text = nwf_nft_install_script(rs, NULL, NULL, 0, true);
	memcpy(hash, rs->hash, sizeof hash);
	nwf_ruleset_free(rs);
	return text;
}

/* "f/<hash>/rest" of the last compile. */
static const char *
ch(const char *rest)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "f/%s/%s", hash, rest);
	return buf[i];
}

/* The install script without the table's part, which is the same for
 * every port (tests/data/nwf/table.nft). */
static char *
port_part(char *text)
{
	char *table = nwf_nft_table_script();
	char *p = strstr(text, table);

	ck_assert_ptr_nonnull(p);
	memmove(p, p + strlen(table), strlen(p + strlen(table)) + 1);
	free(table);
	return text;
}

static const char *
compile_error(struct nwf_lib *lib, const char *filter,
    const char *const *params)
{
	static struct vg_err err;
	struct nwf_ruleset *rs = NULL;

	ck_assert_int_lt(compile(lib, filter, params, false, &rs, &err), 0);
	ck_assert_ptr_null(rs);
	return err.msg;
}

/* The rules of chain, in order, as one string "rule\nrule\n". */
static char *
chain_rules(const char *text, const char *chain)
{
	char prefix[128], *out = NULL, *p;
	size_t len = 0, plen;
	FILE *f = open_memstream(&out, &len);
	const char *line = text;

	plen = (size_t) snprintf(prefix, sizeof prefix,
	    "add rule bridge vigil %s ", chain);
	while (line != NULL && *line != '\0') {
		const char *nl = strchr(line, '\n');
		size_t n = nl != NULL ? (size_t) (nl - line) : strlen(line);

		if (n > plen && strncmp(line, prefix, plen) == 0) {
			fwrite(line + plen, 1, n - plen, f);
			fputc('\n', f);
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	fclose(f);
	/* the hash as F, and no comments (they only name source lines) */
	snprintf(prefix, sizeof prefix, "f/%s/", hash);
	while ((p = strstr(out, prefix)) != NULL) {
		memmove(p + 2, p + 19, strlen(p + 19) + 1);
		p[0] = 'F';
	}
	while ((p = strstr(out, " comment \"")) != NULL) {
		char *end = strchr(p + 10, '"');

		memmove(p, end + 1, strlen(end + 1) + 1);
	}
	return out;
}

static const char *const std_params[] = {
	"IP=192.168.122.11", "IP=192.168.122.12",
	"IPV6=2001:db8::11", "DHCPSERVER=192.168.122.1",
	"GATEWAY_MAC=52:54:00:00:00:01", NULL,
};

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t) n + 1);
	ck_assert_int_eq((long) fread(buf, 1, (size_t) n, f), n);
	fclose(f);
	return buf;
}

static void
check_expected(const char *name, const char *text)
{
	char path[4096], *want;
	FILE *f;

	snprintf(path, sizeof path, "%s", unit_data_path("nwf"));
	snprintf(path + strlen(path), sizeof path - strlen(path), "/%s.nft",
	    name);
	if (getenv("VIGIL_UPDATE_EXPECTED") != NULL) {
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(text, f);
		fclose(f);
	}
	want = read_file(path);
	ck_assert_msg(want != NULL, "%s missing", path);
	ck_assert_msg(strcmp(want, text) == 0, "%s differs:\n%s", path, text);
	free(want);
}

START_TEST(test_builtins)
{
	struct nwf_lib *lib = lib_new();
	struct nwf_lib_entry *e;
	int i, n = nwf_lib_list(lib, &e);
	char *text;

	ck_assert_int_ge(n, 24);
	for (i = 0; i < n; i++) {
		text = compile_text(lib, e[i].name, std_params);
		check_expected(e[i].name, port_part(text));
		free(text);
	}
	text = nwf_nft_table_script();
	check_expected("table", text);
	free(text);
	nwf_lib_entries_free(e, (size_t) n);
	nwf_lib_free(lib);
}
END_TEST

/* Without IP the port learns: only DHCP (and ARP probes) pass the gate
 * until an address is known, and the address set starts empty. */
START_TEST(test_learning)
{
	static const char *const none[] = { "CTRL_IP_LEARNING=none", NULL };
	struct nwf_lib *lib = lib_new();
	struct nwf_ruleset *rs;
	struct vg_err err;
	char *text = compile_text(lib, "clean-traffic", NULL);

	check_expected("clean-traffic-learning", port_part(text));
	ck_assert_ptr_nonnull(strstr(text, "add element bridge vigil gated "
	    "{ \"vnet0\" }\nadd element bridge vigil probing { \"vnet0\" }"));
	ck_assert_ptr_null(strstr(text, "add element bridge vigil addr4 "));
	ck_assert_ptr_nonnull(strstr(text, "jump gate\n"));
	free(text);
	text = nwf_nft_table_script();
	ck_assert_ptr_nonnull(strstr(text, "add rule bridge vigil gate "
	    "iifname != @gated return\n"));
	free(text);

	ck_assert_int_eq(compile(lib, "clean-traffic", NULL, true, &rs,
	    &err), 0);
	ck_assert(rs->learn && rs->gate && !rs->gated && rs->probes);
	text = nwf_nft_install_script(rs, NULL, NULL, 0, true);
	ck_assert_ptr_null(strstr(text, "element bridge vigil gated"));
	free(text);
	nwf_ruleset_free(rs);

	ck_assert_int_eq(compile(lib, "clean-traffic", none, false, &rs,
	    &err), 0);
	ck_assert(!rs->learn && rs->gated && !rs->probes);
	text = nwf_nft_install_script(rs, NULL, NULL, 0, true);
	ck_assert_ptr_nonnull(strstr(text, "gated { \"vnet0\" }"));
	ck_assert_ptr_null(strstr(text, "probing { \"vnet0\" }"));
	free(text);
	nwf_ruleset_free(rs);

	ck_assert_int_eq(compile(lib, "clean-traffic", std_params, false, &rs,
	    &err), 0);
	ck_assert(!rs->learn && !rs->gate && !rs->gated);
	nwf_ruleset_free(rs);
	nwf_lib_free(lib);
}
END_TEST

START_TEST(test_priority_order)
{
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	char *text, *rules;

	add(lib, "top.xml",
	    "<filter name='top'>\n"
	    "  <rule action='drop' direction='out' priority='300'>\n"
	    "    <mac srcmacaddr='00:00:00:00:00:03'/></rule>\n"
	    "  <filterref filter='v4'/>\n"
	    "  <rule action='drop' direction='out' priority='-750'>\n"
	    "    <mac srcmacaddr='00:00:00:00:00:01'/></rule>\n"
	    "  <filterref filter='arpf'/>\n"
	    "  <rule action='accept' direction='out' priority='-700'>\n"
	    "    <mac srcmacaddr='00:00:00:00:00:02'/></rule>\n"
	    "</filter>\n");
	add(lib, "v4.xml",
	    "<filter name='v4' chain='ipv4' priority='-700'>\n"
	    "  <rule action='return' direction='out' priority='900'/>\n"
	    "  <rule action='drop' direction='out' priority='-5'>\n"
	    "    <ip protocol='igmp'/></rule>\n"
	    "  <rule action='continue' direction='out'>\n"
	    "    <ip dscp='1'/></rule>\n"
	    "</filter>\n");
	add(lib, "arpf.xml",
	    "<filter name='arpf' chain='arp-x'>\n"
	    "  <rule action='drop' direction='out'/>\n"
	    "</filter>\n");
	text = compile_text(lib, "top", NULL);
	/* root: -750 rule, ipv4 chain at -700 (met before the -700 rule),
	 * -700 rule, arp-x at -500, 300 rule */
	rules = chain_rules(text, ch("out"));
	ck_assert_str_eq(rules,
	    "jump gate\n"
	    "ether saddr 00:00:00:00:00:01 add @drops { iifname . 0x00000004 } "
	    "drop\n"
	    "ether type ip jump F/out/ipv4\n"
	    "ether saddr 00:00:00:00:00:02 accept\n"
	    "ether type arp jump F/out/arp-x\n"
	    "ether saddr 00:00:00:00:00:03 add @drops { iifname . 0x00000004 } "
	    "drop\n"
	    "ether type { 8021q, 8021ad } add @drops { iifname . 0x00000004 } "
	    "drop\n"
	    "accept\n");
	free(rules);
	rules = chain_rules(text, ch("out/ipv4"));
	ck_assert_str_eq(rules,
	    "ip protocol igmp add @drops { iifname . 0x00000002 } drop\n"
	    "ip dscp 1 continue\n"
	    "return\n");
	free(rules);
	rules = chain_rules(text, ch("in"));
	ck_assert_str_eq(rules, "accept\n");
	free(rules);
	free(text);
	nwf_lib_free(lib);
}
END_TEST

START_TEST(test_variable_lists)
{
	static const char *const params[] = { "A=10.0.0.1", "A=10.0.0.2",
	    "P=80", "P=443", "Q=1", "Q=2", NULL };
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	char *text, *rules;

	add(lib, "f.xml",
	    "<filter name='f'>\n"
	    "  <rule action='accept' direction='in' priority='1'>\n"
	    "    <tcp srcipaddr='$A' dstportstart='$P'/></rule>\n"
	    "  <rule action='accept' direction='in' priority='2'>\n"
	    "    <tcp srcipaddr='$A[@1]' dstportstart='$P[@1]'/></rule>\n"
	    "  <rule action='accept' direction='in' priority='3'>\n"
	    "    <tcp srcipaddr='$A[1]' dstportstart='$Q'/></rule>\n"
	    "  <filterref filter='g'>\n"
	    "    <parameter name='A' value='10.9.9.9'/>\n"
	    "  </filterref>\n"
	    "</filter>\n");
	add(lib, "g.xml",
	    "<filter name='g'>\n"
	    "  <rule action='drop' direction='in' priority='4'>\n"
	    "    <udp srcipaddr='$A' dstportstart='$Q[0]'/></rule>\n"
	    "</filter>\n");
	text = compile_text(lib, "f", params);
	rules = chain_rules(text, ch("in/l3"));
	ck_assert_str_eq(rules,
	    /* cross product, first variable fastest */
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.1 tcp dport 80 "
	    "accept\n"
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.2 tcp dport 80 "
	    "accept\n"
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.1 tcp dport 443 "
	    "accept\n"
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.2 tcp dport 443 "
	    "accept\n"
	    /* one iterator: in step */
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.1 tcp dport 80 "
	    "accept\n"
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.2 tcp dport 443 "
	    "accept\n"
	    /* an index */
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.2 tcp dport 1 "
	    "accept\n"
	    "ether type ip meta l4proto tcp ip saddr 10.0.0.2 tcp dport 2 "
	    "accept\n"
	    /* a filterref's parameter replaces the list */
	    "ether type ip meta l4proto udp ip saddr 10.9.9.9 udp dport 1 "
	    "add @drops { oifname . 0x00000006 } drop\n"
	    "accept\n");
	free(rules);
	rules = chain_rules(text, ch("in"));
	ck_assert_str_eq(rules, "goto F/in/l3\n");
	free(rules);
	free(text);
	nwf_lib_free(lib);
}
END_TEST

/* $IP as a plain address is the port's set; with a mask or an index it is
 * the parameter's values; IPV6 holds the link-local address too. */
START_TEST(test_address_sets)
{
	static const char *const params[] = { "IP=10.0.0.1", "IP=10.0.0.2",
	    NULL };
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	char *text, *rules;

	add(lib, "s.xml",
	    "<filter name='s' chain='ipv4'>\n"
	    "  <rule action='return' direction='out' priority='1'>\n"
	    "    <ip match='no' srcipaddr='$IP'/></rule>\n"
	    "  <rule action='return' direction='out' priority='2'>\n"
	    "    <ip srcipaddr='$IP' srcipmask='24'/></rule>\n"
	    "  <rule action='return' direction='out' priority='3'>\n"
	    "    <ip dstipaddr='$IP[1]'/></rule>\n"
	    "</filter>\n");
	add(lib, "s6.xml",
	    "<filter name='s6' chain='ipv6'>\n"
	    "  <rule action='return' direction='out' priority='1'>\n"
	    "    <ipv6 srcipaddr='$IPV6[0]'/></rule>\n"
	    "</filter>\n");
	text = compile_text(lib, "s", params);
	rules = chain_rules(text, ch("out/ipv4"));
	ck_assert_str_eq(rules,
	    "iifname . ip saddr != @addr4 return\n"
	    "ip saddr 10.0.0.0/24 return\n"
	    "ip saddr 10.0.0.0/24 return\n"
	    "ip daddr 10.0.0.2 return\n");
	free(rules);
	ck_assert_ptr_nonnull(strstr(text, "add element bridge vigil addr4 "
	    "{ \"vnet0\" . 10.0.0.1 }\nadd element bridge vigil addr4 "
	    "{ \"vnet0\" . 10.0.0.2 }\n"));
	free(text);
	text = compile_text(lib, "s6", params);
	rules = chain_rules(text, ch("out/ipv6"));
	ck_assert_str_eq(rules, "ip6 saddr fe80::5054:ff:fe00:11 return\n");
	free(rules);
	free(text);
	nwf_lib_free(lib);
}
END_TEST

START_TEST(test_errors)
{
	static const char *const bad_ip[] = { "IP=10.0.0.300", NULL };
	static const char *const v6_as_ip[] = { "IP=::1", NULL };
	static const char *const bad_x[] = { "X=nope", NULL };
	static const char *const two[] = { "X=1.1.1.1", "X=2.2.2.2",
	    "Y=1", NULL };
	static const char *const learn[] = { "CTRL_IP_LEARNING=often", NULL };
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	struct nwf_lib *builtin = lib_new();
	struct nwf_ruleset *rs;
	struct nwf_port port = { .ifname = "bad name" };
	struct vg_err err;

	add(lib, "a.xml", "<filter name='a'>\n  <filterref filter='b'/>\n"
	    "</filter>\n");
	add(lib, "b.xml", "<filter name='b'>\n  <rule action='drop' "
	    "direction='in'/>\n  <filterref filter='c'/>\n</filter>\n");
	add(lib, "c.xml", "<filter name='c'>\n\n\n  <filterref filter='a'/>\n"
	    "</filter>\n");
	add(lib, "u.xml", "<filter name='u'>\n  <rule action='drop' "
	    "direction='in'>\n    <ip srcipaddr='$NOPE'/>\n  </rule>\n"
	    "</filter>\n");
	add(lib, "m.xml", "<filter name='m'>\n  <filterref "
	    "filter='missing'/>\n</filter>\n");
	add(lib, "x.xml", "<filter name='x'>\n  <rule action='drop' "
	    "direction='in'>\n    <ip srcipaddr='$X'/>\n  </rule>\n"
	    "</filter>\n");
	add(lib, "it.xml", "<filter name='it'>\n  <rule action='drop' "
	    "direction='in'>\n    <tcp srcipaddr='$X[@1]' "
	    "dstportstart='$Y[@1]'/>\n  </rule>\n</filter>\n");
	add(lib, "ix.xml", "<filter name='ix'>\n  <rule action='drop' "
	    "direction='in'>\n    <tcp srcipaddr='$X[2]'/>\n  </rule>\n"
	    "</filter>\n");
	add(lib, "ipx.xml", "<filter name='ipx'>\n  <rule action='drop' "
	    "direction='in'>\n    <tcp srcipaddr='$IP[0]'/>\n  </rule>\n"
	    "</filter>\n");

	ck_assert_str_eq(compile_error(lib, "a", NULL),
	    "c.xml:4: filter cycle: a -> b -> c -> a");
	ck_assert_str_eq(compile_error(lib, "c", NULL),
	    "b.xml:3: filter cycle: c -> a -> b -> c");
	ck_assert_str_eq(compile_error(lib, "u", NULL),
	    "u.xml:3: <ip srcipaddr='$NOPE'>: variable NOPE is not defined");
	ck_assert_str_eq(compile_error(lib, "m", NULL),
	    "m.xml:2: <filterref filter='missing'>: no filter called "
	    "'missing'");
	ck_assert_str_eq(compile_error(lib, "x", bad_x),
	    "x.xml:3: <ip srcipaddr='$X'>: value 'nope': not an IPv4 "
	    "address");
	ck_assert_str_eq(compile_error(lib, "it", two),
	    "it.xml:3: <tcp dstportstart='$Y'>: variables of one iterator "
	    "must have as many values (1 here, 2 before)");
	ck_assert_str_eq(compile_error(lib, "ix", two),
	    "ix.xml:3: <tcp srcipaddr='$X'>: index out of range (X has 2 "
	    "values)");
	ck_assert_str_eq(compile_error(lib, "ipx", NULL),
	    "ipx.xml:3: <tcp srcipaddr='$IP'>: variable IP has no value "
	    "(learned addresses only work as plain $IP or $IPV6 in an "
	    "address without a mask)");
	ck_assert_str_eq(compile_error(lib, "nosuch", NULL),
	    "no filter called 'nosuch'");
	ck_assert_str_eq(compile_error(builtin, "clean-traffic", bad_ip),
	    "parameter IP: '10.0.0.300' is not an IPv4 address");
	ck_assert_str_eq(compile_error(builtin, "clean-traffic", v6_as_ip),
	    "parameter IP: '::1' is not an IPv4 address");
	ck_assert_str_eq(compile_error(builtin, "clean-traffic", learn),
	    "parameter CTRL_IP_LEARNING: 'often' is not any, dhcp or none");
	ck_assert_ptr_nonnull(strstr(compile_error(builtin,
	    "allow-dhcp-server", NULL), "/allow-dhcp-server.xml:10: <ip "
	    "srcipaddr='$DHCPSERVER'>: variable DHCPSERVER is not defined"));
	ck_assert_int_eq(nwf_compile(builtin, "clean-traffic", &port, &rs,
	    &err), -EINVAL);
	nwf_lib_free(lib);
	nwf_lib_free(builtin);
}
END_TEST

/* A filter reached twice with the same variables is expanded once. */
START_TEST(test_dedup)
{
	struct nwf_lib *lib = nwf_lib_new(NULL, 0);
	char *text, *rules;

	add(lib, "d.xml", "<filter name='d'>\n  <filterref filter='e'/>\n"
	    "  <filterref filter='e'/>\n  <filterref filter='e'>\n"
	    "    <parameter name='MAC' value='52:54:00:00:00:99'/>\n"
	    "  </filterref>\n</filter>\n");
	add(lib, "e.xml", "<filter name='e' chain='mac'>\n  <rule "
	    "action='return' direction='out'>\n    <mac srcmacaddr='$MAC'/>"
	    "\n  </rule>\n</filter>\n");
	text = compile_text(lib, "d", NULL);
	rules = chain_rules(text, ch("out/mac"));
	ck_assert_str_eq(rules, "iifname . ether saddr @mac return\n"
	    "ether saddr 52:54:00:00:00:99 return\n");
	free(rules);
	free(text);
	nwf_lib_free(lib);
}
END_TEST

START_TEST(test_scripts)
{
	struct nwf_lib *lib = lib_new();
	struct nwf_ruleset *a, *b;
	struct nwf_nft_addr learned = { .timeout_s = 600 };
	struct vg_err err;
	char *s;

	ck_assert_int_eq(compile(lib, "clean-traffic", NULL, false, &a,
	    &err), 0);
	ck_assert_int_eq(compile(lib, "no-mac-spoofing", std_params, true, &b,
	    &err), 0);
	ck_assert_str_ne(a->hash, b->hash);
	addr_ip_parse("192.168.122.50", &learned.ip);
	s = nwf_nft_install_script(b, a, &learned, 1, true);
	/* a's elements go (whether there or not), b's come, the port's map
	 * entries move to b's chains */
	ck_assert_ptr_nonnull(strstr(s, "add element bridge vigil gated "
	    "{ \"vnet0\" }\ndelete element bridge vigil gated "
	    "{ \"vnet0\" }\n"));
	ck_assert_ptr_nonnull(strstr(s, "delete element bridge vigil "
	    "from-guest { \"vnet0\" }\n"));
	ck_assert_ptr_nonnull(strstr(s, "add element bridge vigil addr4 "
	    "{ \"vnet0\" . 192.168.122.11 }\n"));
	ck_assert_ptr_nonnull(strstr(s, "add element bridge vigil addr4 "
	    "{ \"vnet0\" . 192.168.122.50 timeout 600s }\n"));
	ck_assert_ptr_nonnull(strstr(s, "add element bridge vigil from-guest "
	    "{ \"vnet0\" : jump f/"));
	free(s);
	s = nwf_nft_remove_script(a, &learned, 1, true);
	ck_assert_ptr_nonnull(strstr(s, "delete element bridge vigil "
	    "to-guest { \"vnet0\" }\n"));
	ck_assert_ptr_nonnull(strstr(s, "delete element bridge vigil addr4 "
	    "{ \"vnet0\" . 192.168.122.50 }\n"));
	ck_assert_ptr_nonnull(strstr(s, "delete element bridge vigil drops "
	    "{ \"vnet0\" . 0x00000006 }\n"));
	free(s);
	s = nwf_nft_gc_script(a->chains, a->nchains);
	ck_assert_ptr_nonnull(strstr(s, "delete chain bridge vigil f/"));
	free(s);
	s = nwf_nft_addr_add_script("vnet0", &learned, true);
	ck_assert_str_eq(s,
	    "add element bridge vigil addr4 { \"vnet0\" . 192.168.122.50 "
	    "timeout 1s }\n"
	    "delete element bridge vigil addr4 { \"vnet0\" . 192.168.122.50 "
	    "}\n"
	    "add element bridge vigil addr4 { \"vnet0\" . 192.168.122.50 "
	    "timeout 600s }\n"
	    "add element bridge vigil gated { \"vnet0\" }\n"
	    "delete element bridge vigil gated { \"vnet0\" }\n"
	    "add element bridge vigil probing { \"vnet0\" }\n"
	    "delete element bridge vigil probing { \"vnet0\" }\n");
	free(s);
	s = nwf_nft_addr_del_script("vnet0", &learned.ip, true, false);
	ck_assert_ptr_nonnull(strstr(s, "add element bridge vigil gated "
	    "{ \"vnet0\" }\n"));
	ck_assert_ptr_null(strstr(s, "probing"));
	free(s);
	nwf_ruleset_free(a);
	nwf_ruleset_free(b);
	nwf_lib_free(lib);
}
END_TEST

static void
run_nft(struct nft_ctx *nft, const char *script)
{
	if (nft_run_cmd_from_buffer(nft, script) != 0)
		ck_abort_msg("nft: %s\nscript:\n%s",
		    nft_ctx_get_error_buffer(nft), script);
}

/* Every built-in filter installed for one port after the other (each
 * replacing the last), two ports sharing chains, removal and the chains'
 * deletion once unused, in the kernel. */
START_TEST(test_kernel)
{
	struct nwf_lib *lib = lib_new();
	struct nwf_ruleset *rs, *old = NULL, *other;
	struct nwf_lib_entry *e;
	struct nft_ctx *nft;
	struct vg_err err;
	const char *out;
	char *s;
	int i, n;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		nwf_lib_free(lib);
		return;
	}
	nft = nft_ctx_new(NFT_CTX_DEFAULT);
	nft_ctx_buffer_output(nft);
	nft_ctx_buffer_error(nft);
	n = nwf_lib_list(lib, &e);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(compile(lib, e[i].name, std_params, false,
		    &rs, &err), 0);
		s = nwf_nft_install_script(rs, old, NULL, 0, true);
		run_nft(nft, s);
		free(s);
		if (old != NULL && strcmp(old->hash, rs->hash) != 0) {
			s = nwf_nft_gc_script(old->chains, old->nchains);
			run_nft(nft, s);
			free(s);
		}
		nwf_ruleset_free(old);
		old = rs;
	}
	ck_assert_ptr_nonnull(old);
	if (old == NULL)
		return;
	run_nft(nft, "list chain bridge vigil prerouting");
	ck_assert_ptr_nonnull(strstr(nft_ctx_get_output_buffer(nft),
	    "iifname vmap @from-guest\n\t}"));

	/* a second port with the same filter: same chains, in use */
	ck_assert_int_eq(compile(lib, old->filter, std_params, false, &other,
	    &err), 0);
	free(other->ifname);
	other->ifname = strdup("vnet1");
	s = nwf_nft_install_script(other, NULL, NULL, 0, true);
	run_nft(nft, s);
	free(s);
	s = nwf_nft_remove_script(old, NULL, 0, true);
	run_nft(nft, s);
	run_nft(nft, s);
	free(s);
	s = nwf_nft_gc_script(old->chains, old->nchains);
	ck_assert_int_ne(nft_run_cmd_from_buffer(nft, s), 0);
	ck_assert_ptr_nonnull(strstr(nft_ctx_get_error_buffer(nft),
	    "Device or resource busy"));
	free(s);
	s = nwf_nft_remove_script(other, NULL, 0, false);
	run_nft(nft, s);
	free(s);
	s = nwf_nft_gc_script(old->chains, old->nchains);
	run_nft(nft, s);
	free(s);
	run_nft(nft, "list table bridge vigil");
	out = nft_ctx_get_output_buffer(nft);
	ck_assert_ptr_null(strstr(out, "vnet"));
	ck_assert_ptr_null(strstr(out, "chain f/"));
	nwf_ruleset_free(old);
	nwf_ruleset_free(other);
	nwf_lib_entries_free(e, (size_t) n);
	nft_ctx_free(nft);
	nwf_lib_free(lib);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("nwf-compile");
	TCase *tc = tcase_create("compile");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_builtins);
	tcase_add_test(tc, test_learning);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_variable_lists);
	tcase_add_test(tc, test_address_sets);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_dedup);
	tcase_add_test(tc, test_scripts);
	tcase_add_test(tc, test_kernel);
	suite_add_tcase(s, tc);
	return s;
}
