/* Guest config: <os> (type, init and its arguments, kernel) and
 * <features> (privnet, capabilities), every rule good and bad. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config-domain.h"
#include "common/diag.h"
#include "tests/unit/domtest.h"
#include "tests/unit/unit.h"

START_TEST(test_os)
{
	struct config_domain *dom;

	domtest_bad(DOC, "<domain type='lxc'><name>o</name><memory>1</memory>"
	    "<os>\n<type>hvm</type></os></domain>", 2, "<type>: invalid value "
	    "'hvm': a lxc guest needs 'exe'");
	domtest_bad(DOC, "<domain type='kvm'><name>o</name><memory>1</memory>"
	    "<os>\n<type>exe</type><kernel>/k</kernel></os></domain>", 2,
	    "<type>: invalid value 'exe': a kvm guest needs 'hvm'");
	domtest_bad(DOC, "<domain type='qemu'><name>o</name><memory>1</memory>"
	    "<os>\n<type>xen</type><kernel>/k</kernel></os></domain>", 2,
	    "<type>: invalid value 'xen': a qemu guest needs 'hvm'");
	domtest_bad(DOC, "<domain type='lxc'><name>o</name><memory>1</memory>\n"
	    "<os><init>/x</init></os></domain>", 2, "<os>: missing <type>");
	domtest_bad(DOC, "<domain type='lxc'>\n"
	    "<name>o</name><memory>1</memory></domain>", 1, "<domain>: missing "
	    "<os>");
	domtest_bad(DOC, "<domain type='lxc'><name>o</name><memory>1</memory>"
	    "<os>\n<type>exe</type>\n<type>exe</type></os></domain>", 3,
	    "<type>: given twice (also on line 2)");
	dom = domtest_good(DOC, "<domain type='kvm'><name>o</name><memory>1"
	    "</memory><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type>"
	    "<kernel>/boot/vmlinuz</kernel></os></domain>");
	ck_assert_str_eq(dom->os_arch, "x86_64");
	ck_assert_str_eq(dom->os_machine, "pc-q35-7.2");
	ck_assert_ptr_null(dom->initrd);
	ck_assert_ptr_null(dom->cmdline);
	ck_assert_ptr_null(dom->emulator);
	config_domain_free(dom);
	domtest_bad(DOC, "<domain type='kvm'><name>o</name><memory>1</memory>"
	    "<os>\n<type machine='pc;reboot'>hvm</type><kernel>/k</kernel></os>"
	    "</domain>", 2, "<type machine='pc;reboot'>: invalid machine type");
	domtest_bad(DOC, "<domain type='kvm'><name>o</name><memory>1</memory>"
	    "<os>\n<type arch='x86 64'>hvm</type><kernel>/k</kernel></os>"
	    "</domain>", 2, "<type arch='x86 64'>: invalid architecture");
	domtest_warns_free(LXC_OS, "    <boot dev='hd'/>\n", 6, "<boot>: not "
	    "supported, ignored");
	domtest_warns_free(LXC_OS, "    <initdir>/srv</initdir>\n", 6,
	    "<initdir>: not supported, ignored");
}
END_TEST

START_TEST(test_init)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_TOP, "");
	ck_assert_str_eq(dom->init, "/sbin/init");
	config_domain_free(dom);
	dom = domtest_good(LXC_OS, "    <init>/bin/busybox</init>\n"
	    "    <initarg>sh</initarg>\n    <initarg>-c</initarg>\n"
	    "    <initarg>echo hello world</initarg>\n    <initarg></initarg>\n"
	    "    <initenv name='FOO'>bar baz</initenv>\n"
	    "    <initenv name='_x1'></initenv>\n");
	ck_assert_str_eq(dom->init, "/bin/busybox");
	ck_assert_uint_eq(dom->ninitargs, 4);
	ck_assert_str_eq(dom->initargs[0], "sh");
	ck_assert_str_eq(dom->initargs[1], "-c");
	ck_assert_str_eq(dom->initargs[2], "echo hello world");
	ck_assert_str_eq(dom->initargs[3], "");
	ck_assert_uint_eq(dom->ninitenv, 2);
	ck_assert_str_eq(dom->initenv[0].name, "FOO");
	ck_assert_str_eq(dom->initenv[0].value, "bar baz");
	ck_assert_int_eq(dom->initenv[0].line, 11);
	ck_assert_str_eq(config_param_get(dom->initenv, dom->ninitenv, "_x1"),
	    "");
	config_domain_free(dom);
	domtest_bad(LXC_OS, "    <init>bin/sh</init>\n", 6, "<init>: invalid "
	    "value 'bin/sh': not an absolute path");
	domtest_bad(LXC_OS, "    <init></init>\n", 6, "<init>: invalid value "
	    "'': not an absolute path");
	domtest_bad(LXC_OS, "    <initenv name='1X'>v</initenv>\n", 6,
	    "<initenv name='1X'>: invalid variable name");
	domtest_bad(LXC_OS, "    <initenv name='A-B'>v</initenv>\n", 6,
	    "<initenv name='A-B'>: invalid variable name");
	domtest_bad(LXC_OS, "    <initenv>v</initenv>\n", 6, "<initenv>: "
	    "missing attribute 'name'");
	domtest_bad(LXC_OS, "    <initenv name='A'>1</initenv>\n"
	    "    <initenv name='A'>2</initenv>\n", 7, "<initenv name='A'>: "
	    "given twice (also on line 6)");
	domtest_bad(LXC_OS, "    <inituser>nobody</inituser>\n", 6,
	    "<inituser>: not supported: the init would run as root instead");
	domtest_bad(LXC_OS, "    <initgroup>nogroup</initgroup>\n", 6,
	    "<initgroup>: not supported: the init would run as root instead");
	domtest_bad(LXC_OS, "    <init>/a</init>\n    <init>/b</init>\n", 7,
	    "<init>: given twice (also on line 6)");
	dom = domtest_warns(LXC_OS, "    <kernel>/boot/vmlinuz</kernel>\n", 6,
	    "<kernel>: only for kvm and qemu guests, ignored");
	ck_assert_ptr_null(dom->kernel);
	config_domain_free(dom);
	dom = domtest_warns(DOC, "<domain type='kvm'><name>o</name><memory>1"
	    "</memory><os><type>hvm</type><kernel>/k</kernel>\n"
	    "<init>/sbin/init</init></os></domain>", 2, "<init>: only for lxc "
	    "guests, ignored");
	ck_assert_ptr_null(dom->init);
	config_domain_free(dom);
}
END_TEST

START_TEST(test_vm_boot)
{
	struct config_domain *dom;

	domtest_bad(DOC, "<domain type='kvm'>\n"
	    "<name>v</name><memory>1</memory><os><type>hvm</type></os>"
	    "<devices/></domain>", 1, "<domain>: a kvm guest needs <os>"
	    "<kernel> or a <disk>");
	domtest_bad(DOC, "<domain type='kvm'><name>v</name><memory>1</memory>"
	    "<os><type>hvm</type>\n<kernel>vmlinuz</kernel></os></domain>", 2,
	    "<kernel>: invalid value 'vmlinuz': not an absolute path");
	domtest_bad(DOC, "<domain type='kvm'><name>v</name><memory>1</memory>"
	    "<os><type>hvm</type><kernel>/k</kernel>\n"
	    "<initrd>i</initrd></os></domain>", 2, "<initrd>: invalid value "
	    "'i': not an absolute path");
	dom = domtest_good(DOC, "<domain type='kvm'><name>v</name><memory>1"
	    "</memory><os><type>hvm</type></os><devices><disk type='block'>"
	    "<source dev='/dev/vg/v'/><target dev='vda'/></disk></devices>"
	    "</domain>");
	ck_assert_uint_eq(dom->ndisks, 1);
	ck_assert_str_eq(dom->disks[0].type, "block");
	ck_assert_str_eq(dom->disks[0].device, "disk");
	ck_assert_str_eq(dom->disks[0].source, "/dev/vg/v");
	ck_assert_ptr_null(dom->disks[0].bus);
	ck_assert_ptr_null(dom->disks[0].format);
	config_domain_free(dom);
}
END_TEST

START_TEST(test_features)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_TOP, "  <features>\n    <privnet/>\n"
	    "    <capabilities policy='deny'>\n"
	    "      <net_bind_service state='on'/>\n"
	    "      <sys_time state='off'/>\n    </capabilities>\n"
	    "  </features>\n");
	ck_assert(dom->privnet);
	ck_assert_int_eq(dom->caps_policy, DOMAIN_CAPS_DENY);
	ck_assert_uint_eq(dom->ncaps, 2);
	ck_assert_str_eq(dom->caps[0].name, "net_bind_service");
	ck_assert(dom->caps[0].on);
	ck_assert_str_eq(dom->caps[1].name, "sys_time");
	ck_assert(!dom->caps[1].on);
	ck_assert_int_eq(dom->caps[1].line, 11);
	config_domain_free(dom);
	dom = domtest_good(LXC_TOP, "  <features><capabilities policy='allow'>"
	    "<sys_admin state='off'/></capabilities></features>\n");
	ck_assert_int_eq(dom->caps_policy, DOMAIN_CAPS_ALLOW);
	ck_assert(!dom->privnet);
	config_domain_free(dom);
	dom = domtest_good(LXC_TOP, "  <features><capabilities>"
	    "<mknod state='on'/></capabilities></features>\n");
	ck_assert_int_eq(dom->caps_policy, DOMAIN_CAPS_DEFAULT);
	config_domain_free(dom);
	domtest_bad(LXC_TOP, "  <features>\n    <capabilities policy='some'/>\n"
	    "  </features>\n", 8, "<capabilities policy='some'>: expected "
	    "'default', 'allow' or 'deny'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<sys_wizardry state='on'/></capabilities></features>\n", 8,
	    "<capabilities>: unknown capability 'sys_wizardry'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<SYS_TIME state='on'/></capabilities></features>\n", 8,
	    "<capabilities>: unknown capability 'SYS_TIME'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<cap_sys_time state='on'/></capabilities></features>\n", 8,
	    "<capabilities>: unknown capability 'cap_sys_time'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<all state='on'/></capabilities></features>\n", 8,
	    "<capabilities>: unknown capability 'all'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n<chown state='on'/>\n"
	    "<chown state='off'/></capabilities></features>\n", 9,
	    "<capabilities>: capability 'chown' given twice (also on line 8)");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<chown/></capabilities></features>\n", 8, "<chown>: missing "
	    "attribute 'state'");
	domtest_bad(LXC_TOP, "  <features><capabilities>\n"
	    "<chown state='yes'/></capabilities></features>\n", 8, "<chown "
	    "state='yes'>: expected 'on' or 'off'");
	domtest_warns_free(LXC_TOP, "  <features>\n    <acpi/>\n"
	    "  </features>\n", 8, "<acpi>: not supported, ignored");
	domtest_warns_free(LXC_TOP, "  <features>\n    <frob/>\n"
	    "  </features>\n", 8, "<frob>: unknown element inside "
	    "<features>, ignored");
	domtest_bad(LXC_TOP, "  <features><privnet/>\n<privnet/></features>\n",
	    8, "<privnet>: given twice (also on line 7)");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("config-domain-os");
	TCase *tc = tcase_create("config-domain-os");

	tcase_add_test(tc, test_os);
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_vm_boot);
	tcase_add_test(tc, test_features);
	suite_add_tcase(s, tc);
	return s;
}
