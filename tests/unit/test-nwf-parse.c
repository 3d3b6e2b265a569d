/* nwfilter XML parser: the model it builds, value checks, and every bad
 * file in tests/data/bad/filter-*.xml giving its expected message. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "filters/nwf-attr.h"
#include "filters/nwf-parse.h"
#include "filters/nwf-value.h"
#include "tests/unit/unit.h"

static struct nwf_filter *
parse_ok(const char *xml)
{
	struct nwf_filter *f = NULL;
	struct diag d;
	int r;

	diag_init(&d, "t.xml");
	r = nwf_parse_buffer(xml, strlen(xml), &f, &d);
	if (r != 0)
		diag_print(&d, stderr);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq((int) d.nerrors, 0);
	diag_done(&d);
	return f;
}

/* The first error message of a bad filter, "LINE: msg". */
static char *
parse_err(const char *xml)
{
	struct nwf_filter *f = NULL;
	struct diag d;
	char *msg;

	diag_init(&d, "t.xml");
	ck_assert_int_lt(nwf_parse_buffer(xml, strlen(xml), &f, &d), 0);
	ck_assert_ptr_null(f);
	ck_assert_int_ge((int) d.nerrors, 1);
	ck_assert_int_ge(asprintf(&msg, "%d: %s", d.items[0].line,
	    d.items[0].msg), 0);
	diag_done(&d);
	return msg;
}

static void
assert_err(const char *xml, const char *expect)
{
	char *msg = parse_err(xml);

	ck_assert_str_eq(msg, expect);
	free(msg);
}

START_TEST(test_model)
{
	static const char xml[] =
	    "<filter name='no-ip-spoofing' chain='ipv4-ip'>\n"
	    "  <uuid>fce8ae33-e69e-83bf-262e-30786c1f8072</uuid>\n"
	    "  <rule action='return' direction='out' priority='100'>\n"
	    "    <ip srcipaddr='0.0.0.0' protocol='udp' srcportstart='68'/>\n"
	    "  </rule>\n"
	    "  <rule action='drop' direction='inout' statematch='false' "
	    "counter='dhcp'>\n"
	    "    <ip match='no' srcipaddr='$IP[@2]' dstipaddr='$DST[1]'/>\n"
	    "  </rule>\n"
	    "  <filterref filter='allow-arp'>\n"
	    "    <parameter name='IP' value='10.0.0.1'/>\n"
	    "    <parameter name='IP' value='10.0.0.2'/>\n"
	    "  </filterref>\n"
	    "  <rule action='continue' direction='in'/>\n"
	    "</filter>\n";
	struct nwf_filter *f = parse_ok(xml);
	const struct nwf_rule *r;

	ck_assert_str_eq(f->name, "no-ip-spoofing");
	ck_assert_str_eq(f->chain, "ipv4-ip");
	ck_assert_int_eq(f->chain_kind, NWF_CHAIN_IPV4);
	ck_assert_int_eq(f->priority, -700);
	ck_assert(f->has_uuid);
	ck_assert_int_eq(f->uuid[0], 0xfc);
	ck_assert_int_eq(f->uuid[15], 0x72);
	ck_assert_int_eq((int) f->nentries, 4);

	r = &f->entries[0].u.rule;
	ck_assert_int_eq(f->entries[0].kind, NWF_ENTRY_RULE);
	ck_assert_int_eq(r->line, 3);
	ck_assert_int_eq(r->action, NWF_ACTION_RETURN);
	ck_assert_int_eq(r->dir, NWF_DIR_OUT);
	ck_assert_int_eq(r->priority, 100);
	ck_assert(r->statematch);
	ck_assert_int_eq(r->counter, NWF_COUNTER_AUTO);
	ck_assert_int_eq(r->proto, NWF_PROTO_IP);
	ck_assert_int_eq((int) r->nattrs, 3);
	ck_assert_int_eq(r->attrs[0].id, NWF_A_SRCIPADDR);
	ck_assert_str_eq(r->attrs[0].value, "0.0.0.0");
	ck_assert(!r->attrs[0].neg);

	r = &f->entries[1].u.rule;
	ck_assert_int_eq(r->action, NWF_ACTION_DROP);
	ck_assert_int_eq(r->dir, NWF_DIR_INOUT);
	ck_assert_int_eq(r->priority, 500);
	ck_assert(!r->statematch);
	ck_assert_int_eq(r->counter, NWF_COUNTER_DHCP);
	ck_assert_ptr_null(r->attrs[0].value);
	ck_assert_str_eq(r->attrs[0].var, "IP");
	ck_assert_int_eq(r->attrs[0].var_iter, 2);
	ck_assert_int_eq(r->attrs[0].var_index, -1);
	ck_assert(r->attrs[0].neg && r->attrs[1].neg);
	ck_assert_str_eq(r->attrs[1].var, "DST");
	ck_assert_int_eq(r->attrs[1].var_index, 1);

	ck_assert_int_eq(f->entries[2].kind, NWF_ENTRY_REF);
	ck_assert_str_eq(f->entries[2].u.ref.filter, "allow-arp");
	ck_assert_int_eq(f->entries[2].u.ref.line, 9);
	ck_assert_int_eq((int) f->entries[2].u.ref.nparams, 2);
	ck_assert_str_eq(f->entries[2].u.ref.params[1].value, "10.0.0.2");

	r = &f->entries[3].u.rule;
	ck_assert_int_eq(r->proto, NWF_PROTO_NONE);
	ck_assert_int_eq(r->action, NWF_ACTION_CONTINUE);
	nwf_parse_free(f);
	nwf_parse_free(NULL);
}
END_TEST

START_TEST(test_chains)
{
	static const struct {
		const char *chain;
		int ok;
		enum nwf_chain_kind kind;
		int prio;
	} t[] = {
		{ "root", 1, NWF_CHAIN_ROOT, 0 },
		{ "mac", 1, NWF_CHAIN_MAC, -800 },
		{ "vlan", 1, NWF_CHAIN_VLAN, -750 },
		{ "stp", 1, NWF_CHAIN_STP, -810 },
		{ "arp", 1, NWF_CHAIN_ARP, -500 },
		{ "rarp", 1, NWF_CHAIN_RARP, -400 },
		{ "ipv4", 1, NWF_CHAIN_IPV4, -700 },
		{ "ipv6", 1, NWF_CHAIN_IPV6, -600 },
		{ "arp-mac", 1, NWF_CHAIN_ARP, -500 },
		{ "rarp-x", 1, NWF_CHAIN_RARP, -400 },
		{ "ipv6-a.b_c", 1, NWF_CHAIN_IPV6, -600 },
		{ "root-x", 0, 0, 0 },
		{ "ipv4-", 0, 0, 0 },
		{ "ipv4x", 0, 0, 0 },
		{ "ipv7", 0, 0, 0 },
		{ "", 0, 0, 0 },
		{ "ipv4-abcdefghijklmnop", 0, 0, 0 },
		{ "ipv4-a:b", 0, 0, 0 },
	};
	enum nwf_chain_kind kind;
	size_t i;
	int prio;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		int r = nwf_parse_chain(t[i].chain, &kind, &prio);

		ck_assert_msg((r == 0) == t[i].ok, "chain %s", t[i].chain);
		if (t[i].ok) {
			ck_assert_int_eq(kind, t[i].kind);
			ck_assert_int_eq(prio, t[i].prio);
		}
	}
}
END_TEST

START_TEST(test_every_element)
{
	static const char *const rules[] = {
		"<mac srcmacaddr='$MAC' srcmacmask='ff:ff:ff:ff:ff:ff' "
		    "protocolid='arp' comment='x'/>",
		"<vlan vlanid='4095' encap-protocol='ipv4'/>",
		"<stp type='0x80' flags='1' root-priority='1' "
		    "root-priority-hi='2' root-address='01:80:c2:00:00:00' "
		    "root-cost='70000' forward-delay='15'/>",
		"<arp hwtype='1' protocoltype='0x800' opcode='Reply' "
		    "arpsrcmacaddr='$MAC' arpsrcipaddr='10.0.0.1' "
		    "gratuitous='true' "
		    "hwlen='6' protolen='4'/>",
		"<rarp opcode='Request_Reverse' arpdstipaddr='0.0.0.0'/>",
		"<arp arpsrcipaddr='10.0.0.0' arpsrcipmask='255.255.255.0'/>",
		"<ip srcipaddr='10.0.0.0' srcipmask='8' protocol='tcp' "
		    "srcportstart='1' srcportend='1024' dscp='63'/>",
		"<ip protocol='udp' dhcpchaddr='$MAC'/>",
		"<ipv6 srcipaddr='fe80::' srcipmask='10' protocol='icmpv6' "
		    "type='135' ndtarget='$IPV6'/>",
		"<ipv6 protocol='icmpv6' type='1' typeend='4' code='0' "
		    "codeend='3'/>",
		"<tcp srcipfrom='10.0.0.1' srcipto='10.0.0.9' "
		    "flags='SYN,ACK/SYN' option='2' dstportstart='25'/>",
		"<udp dstipaddr='10.0.0.1' dstipmask='32' dstportstart='53'/>",
		"<sctp dstportstart='5'/>", "<udplite srcipaddr='1.2.3.4'/>",
		"<esp/>", "<ah dscp='1'/>", "<icmp type='8' code='0'/>",
		"<igmp/>", "<all srcmacaddr='52:54:00:00:00:01'/>",
		"<tcp-ipv6 srcipaddr='::1' dstportstart='22'/>",
		"<udp-ipv6 dstportstart='546'/>", "<sctp-ipv6/>",
		"<udplite-ipv6/>", "<esp-ipv6/>", "<ah-ipv6/>",
		"<icmpv6 type='134'/>", "<all-ipv6 dstipaddr='ff02::1'/>",
	};
	char xml[1024];
	size_t i;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct nwf_filter *f;

		snprintf(xml, sizeof xml, "<filter name='t'><rule "
		    "action='accept' direction='inout'>%s</rule></filter>",
		    rules[i]);
		f = parse_ok(xml);
		ck_assert_int_eq((int) f->nentries, 1);
		ck_assert_int_ne(f->entries[0].u.rule.proto, NWF_PROTO_NONE);
		nwf_parse_free(f);
	}
}
END_TEST

START_TEST(test_errors)
{
	assert_err("<domain/>", "1: <domain>: not a filter (the root element "
	    "must be <filter>)");
	assert_err("<filter name='t' foo='1'/>", "1: <filter foo>: unknown "
	    "attribute");
	assert_err("<filter name='t'><rule action='drop'/></filter>",
	    "1: <rule>: missing direction");
	assert_err("<filter name='t'><rule direction='in'/></filter>",
	    "1: <rule>: missing action");
	assert_err("<filter name='t'>\n<rule action='drop' direction='in' "
	    "statematch='maybe'/></filter>", "2: <rule statematch='maybe'>: "
	    "not a boolean (true, false)");
	assert_err("<filter name='t'><rule action='drop' direction='in' "
	    "counter='x'/></filter>", "1: <rule counter='x'>: unknown "
	    "counter (mac, ip, arp, l2, dhcp, other)");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<ip srcipaddr='$'/></rule></filter>", "1: <ip srcipaddr='$'>: "
	    "not a variable name ($NAME, $NAME[N] or $NAME[@N])");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<ip srcipaddr='$A[1'/></rule></filter>", "1: <ip "
	    "srcipaddr='$A[1'>: not a variable name ($NAME, $NAME[N] or "
	    "$NAME[@N])");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<tcp connlimit-above='5'/></rule></filter>", "1: <tcp>: "
	    "connlimit-above: connection tracking is not available to "
	    "vigil's bridge filters");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<tcp ipset='x'/></rule></filter>", "1: <tcp>: ipset: ipsets "
	    "are not available to nftables");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<ipv6 protocol='tcp' type='1'/></rule></filter>", "1: <ipv6>: "
	    "type and code need protocol='icmpv6'");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<ipv6 protocol='icmpv6' type='1' ndtarget='::1'/></rule>"
	    "</filter>", "1: <ipv6>: ndtarget needs protocol='icmpv6' and "
	    "type 135 (solicitation) or 136 (advertisement)");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<ip protocol='tcp' dhcpchaddr='$MAC'/></rule></filter>",
	    "1: <ip>: dhcpchaddr needs protocol='udp'");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<arp gratuitous='true'/></rule></filter>", "1: <arp>: "
	    "gratuitous needs exactly one of arpsrcipaddr and arpdstipaddr, "
	    "without a mask (vigil matches both fields against it)");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<tcp srcipfrom='10.0.0.9' srcipto='10.0.0.1'/></rule></filter>",
	    "1: <tcp>: srcipto is below srcipfrom");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<tcp srcipto='10.0.0.1'/></rule></filter>",
	    "1: <tcp>: srcipto needs srcipfrom");
	assert_err("<filter name='t'><rule action='drop' direction='in'>"
	    "<mac><x/></mac></rule></filter>", "1: <mac>: unexpected "
	    "element <x>");
	assert_err("<filter name='t'><filterref filter='a'><p/></filterref>"
	    "</filter>", "1: <filterref>: unexpected element <p>");
	assert_err("<filter name='t'><filterref filter='a'>"
	    "<parameter name='A'/></filterref></filter>",
	    "1: <parameter>: needs name and value");
	assert_err("<filter name='t'><uuid>fce8ae33-e69e-83bf-262e-"
	    "30786c1f8072</uuid><uuid>fce8ae33-e69e-83bf-262e-30786c1f8072"
	    "</uuid></filter>", "1: <uuid>: given twice");
}
END_TEST

START_TEST(test_values)
{
	static const struct {
		enum nwf_vtype t;
		const char *s;
		int ok;
		uint32_t u;
	} t[] = {
		{ NWF_V_U8, "255", 1, 255 }, { NWF_V_U8, "256", 0, 0 },
		{ NWF_V_U8, "0xff", 1, 255 }, { NWF_V_U8, "ff", 0, 0 },
		{ NWF_V_U8, "", 0, 0 }, { NWF_V_U8, "-1", 0, 0 },
		{ NWF_V_U16, "65535", 1, 65535 }, { NWF_V_U16, "65536", 0, 0 },
		{ NWF_V_U32, "4294967295", 1, 4294967295u },
		{ NWF_V_U32, "4294967296", 0, 0 },
		{ NWF_V_DSCP, "63", 1, 63 }, { NWF_V_DSCP, "64", 0, 0 },
		{ NWF_V_VLANID, "4095", 1, 4095 },
		{ NWF_V_VLANID, "4096", 0, 0 },
		{ NWF_V_ETHERTYPE, "IPv4", 1, 0x800 },
		{ NWF_V_ETHERTYPE, "0x835", 1, 0x835 },
		{ NWF_V_ETHERTYPE, "0x5ff", 0, 0 },
		{ NWF_V_VLANENCAP, "0x3c", 1, 0x3c },
		{ NWF_V_IPPROTO, "icmpv6", 1, 58 },
		{ NWF_V_IPPROTO, "6", 1, 6 },
		{ NWF_V_IPPROTO, "bogus", 0, 0 },
		{ NWF_V_ARPOP, "request", 1, 1 }, { NWF_V_ARPOP, "9", 1, 9 },
		{ NWF_V_ARPOP, "Answer", 0, 0 },
		{ NWF_V_BOOL, "yes", 1, 1 }, { NWF_V_BOOL, "0", 1, 0 },
		{ NWF_V_BOOL, "maybe", 0, 0 },
		{ NWF_V_STATE, "NEW,ESTABLISHED", 1, 3 },
		{ NWF_V_STATE, "NEW,", 0, 0 }, { NWF_V_STATE, "OLD", 0, 0 },
		{ NWF_V_TCPFLAGS, "SYN,ACK/SYN", 1, 0x12 << 8 | 0x02 },
		{ NWF_V_TCPFLAGS, "ALL/NONE", 1, 0x3f << 8 },
		{ NWF_V_TCPFLAGS, "SYN", 0, 0 },
		{ NWF_V_IPSETFLAGS, "src,dst,src", 1, 3 << 8 | 5 },
		{ NWF_V_IPSETFLAGS, "src,src,src,src,src,src,src", 0, 0 },
		{ NWF_V_IPSET, "my set", 1, 0 }, { NWF_V_IPSET, "a/b", 0, 0 },
	};
	struct nwf_val v;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		int r = nwf_value_parse(t[i].t, t[i].s, &v, &why);

		ck_assert_msg((r == 0) == t[i].ok, "value '%s'", t[i].s);
		if (r == 0)
			ck_assert_msg(t[i].t == NWF_V_IPSET || v.u == t[i].u,
			    "value '%s' = %u", t[i].s, v.u);
		else
			ck_assert_ptr_nonnull(why);
	}
}
END_TEST

START_TEST(test_addresses)
{
	struct nwf_val v;
	const char *why;

	ck_assert_int_eq(nwf_value_parse(NWF_V_MAC, "52:54:00:AB:cd:01", &v,
	    &why), 0);
	ck_assert_int_eq(v.mac[3], 0xab);
	ck_assert_int_eq(nwf_value_parse(NWF_V_MAC, "52:54:00:ab:cd", &v,
	    &why), -EINVAL);
	ck_assert_int_eq(nwf_value_parse(NWF_V_MACMASK, "01:00:00:00:00:00",
	    &v, &why), 0);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP4, "10.1.2.3", &v, &why), 0);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP4, "::1", &v, &why), -EINVAL);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP6, "fe80::1", &v, &why), 0);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP6, "10.0.0.1", &v, &why),
	    -EINVAL);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP4MASK, "255.255.248.0", &v,
	    &why), 0);
	ck_assert_int_eq((int) v.prefix, 21);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP4MASK, "0", &v, &why), 0);
	ck_assert_int_eq((int) v.prefix, 0);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP4MASK, "33", &v, &why),
	    -EINVAL);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP6MASK, "128", &v, &why), 0);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP6MASK, "ffff:ffff::", &v,
	    &why), 0);
	ck_assert_int_eq((int) v.prefix, 32);
	ck_assert_int_eq(nwf_value_parse(NWF_V_IP6MASK, "ffff::ffff", &v,
	    &why), -EINVAL);
}
END_TEST

START_TEST(test_vars)
{
	const char *why;
	char *name;
	int index, iter;

	ck_assert_int_eq(nwf_var_parse("$IP", &name, &index, &iter, &why), 0);
	ck_assert_str_eq(name, "IP");
	ck_assert_int_eq(index, -1);
	ck_assert_int_eq(iter, -1);
	free(name);
	ck_assert_int_eq(nwf_var_parse("$A_1[3]", &name, &index, &iter,
	    &why), 0);
	ck_assert_int_eq(index, 3);
	free(name);
	ck_assert_int_eq(nwf_var_parse("$A[@0]", &name, &index, &iter,
	    &why), 0);
	ck_assert_int_eq(iter, 0);
	free(name);
	ck_assert_int_eq(nwf_var_parse("$1A", &name, &index, &iter, &why),
	    -EINVAL);
	ck_assert_int_eq(nwf_var_parse("$A[01]", &name, &index, &iter, &why),
	    -EINVAL);
	ck_assert_int_eq(nwf_var_parse("$A[1001]", &name, &index, &iter,
	    &why), -EINVAL);
	ck_assert_int_eq(nwf_var_parse("$A-B", &name, &index, &iter, &why),
	    -EINVAL);
	ck_assert(nwf_var_name_ok("CTRL_IP_LEARNING"));
	ck_assert(!nwf_var_name_ok("A-B"));
}
END_TEST

/* Every tests/data/bad/filter-NAME.xml: parsing fails with exactly the
 * line in filter-NAME.expect. */
START_TEST(test_bad_files)
{
	char dir[4096], path[8192], expect[1024], got[1024];
	struct dirent **names;
	int i, n, checked = 0;

	snprintf(dir, sizeof dir, "%s", unit_data_path("bad"));
	n = scandir(dir, &names, NULL, alphasort);
	ck_assert_int_ge(n, 0);
	for (i = 0; i < n; i++) {
		const char *fn = names[i]->d_name;
		size_t len = strlen(fn);
		struct nwf_filter *f = NULL;
		struct diag d;
		FILE *fp;

		if (strncmp(fn, "filter-", 7) != 0 || len < 5 ||
		    strcmp(fn + len - 4, ".xml") != 0) {
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof path, "%s/%.*s.expect", dir,
		    (int) (len - 4), fn);
		fp = fopen(path, "r");
		ck_assert_msg(fp != NULL, "%s has no .expect", fn);
		ck_assert_ptr_nonnull(fgets(expect, sizeof expect, fp));
		fclose(fp);
		expect[strcspn(expect, "\n")] = '\0';
		snprintf(path, sizeof path, "%s/%s", dir, fn);
		diag_init(&d, fn);
		ck_assert_msg(nwf_parse_file(path, &f, &d) < 0, "%s parsed",
		    fn);
		ck_assert_int_ge((int) d.nerrors, 1);
		snprintf(got, sizeof got, "%s:%d: %s", fn, d.items[0].line,
		    d.items[0].msg);
		ck_assert_str_eq(got, expect);
		diag_done(&d);
		checked++;
		free(names[i]);
	}
	free(names);
	ck_assert_int_ge(checked, 10);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("nwf-parse");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_model);
	tcase_add_test(tc, test_chains);
	tcase_add_test(tc, test_every_element);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_vars);
	tcase_add_test(tc, test_bad_files);
	suite_add_tcase(s, tc);
	return s;
}
