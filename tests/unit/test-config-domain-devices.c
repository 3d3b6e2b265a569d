/* Guest config: <devices> (console, filesystem, interface with bandwidth
 * and filterref, disk), every rule good and bad. */
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

START_TEST(test_console)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, "    <console type='pty' ringsize='4096' "
	    "logsize='65536'>\n      <target type='lxc' port='0'/>\n"
	    "    </console>\n");
	ck_assert(dom->has_console);
	ck_assert_uint_eq(dom->console_ring_size, 4096);
	ck_assert_uint_eq(dom->console_log_max, 65536);
	config_domain_free(dom);
	dom = domtest_good(LXC_DEVS, "");
	ck_assert(!dom->has_console);
	ck_assert_uint_eq(dom->console_ring_size, CONFIG_DOMAIN_RING_DEFAULT);
	config_domain_free(dom);
	/* Live XML from libvirt: tty= and <source path> are skipped. */
	config_domain_free(domtest_good(LXC_DEVS, "    <console type='pty' "
	    "tty='/dev/pts/3'><source path='/dev/pts/3'/>"
	    "<alias name='console0'/></console>\n"));
	domtest_bad(LXC_DEVS, "    <console type='tcp'/>\n", 8, "<console "
	    "type='tcp'>: unsupported console type: only 'pty'");
	domtest_bad(LXC_DEVS, "    <console/>\n", 8, "<console>: missing "
	    "attribute 'type'");
	domtest_bad(LXC_DEVS, "    <console type='pty' ringsize='100'/>\n", 8,
	    "<console ringsize='100'>: too small (at least 4096)");
	domtest_bad(LXC_DEVS, "    <console type='pty' "
	    "logsize='2147483648'/>\n", 8, "<console logsize='2147483648'>: "
	    "too large (at most 1073741824)");
	domtest_bad(LXC_DEVS, "    <console type='pty' ringsize='big'/>\n", 8,
	    "<console ringsize='big'>: not an integer");
	dom = domtest_warns(LXC_DEVS, "    <console type='pty'/>\n"
	    "    <console type='pty' ringsize='8192'/>\n", 9, "<console>: only "
	    "one console is supported, ignored");
	ck_assert_uint_eq(dom->console_ring_size, CONFIG_DOMAIN_RING_DEFAULT);
	config_domain_free(dom);
	domtest_warns_free(LXC_DEVS, "    <console type='pty'>\n"
	    "      <log file='/var/log/x'/>\n    </console>\n", 9, "<log>: not "
	    "supported, ignored");
}
END_TEST

START_TEST(test_emulator_and_devices_policy)
{
	struct config_domain *dom;

	domtest_bad(KVM_DEVS, "    <emulator>qemu</emulator>\n", 9,
	    "<emulator>: invalid value 'qemu': not an absolute path");
	dom = domtest_warns(LXC_DEVS, "    <emulator>/usr/libexec/libvirt_lxc"
	    "</emulator>\n", 8, "<emulator>: only for kvm and qemu guests, "
	    "ignored");
	ck_assert_ptr_null(dom->emulator);
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, "    <hostdev mode='capabilities' "
	    "type='storage'/>\n", 8, "<hostdev>: not supported: host device "
	    "passthrough is not implemented");
	domtest_warns_free(KVM_DEVS, "    <graphics type='vnc'/>\n", 9,
	    "<graphics>: not supported, ignored");
	domtest_warns_free(KVM_DEVS, "    <input type='tablet'/>\n", 9,
	    "<input>: not supported, ignored");
	domtest_warns_free(KVM_DEVS, "    <serial type='pty'/>\n", 9,
	    "<serial>: not supported, ignored");
	domtest_warns_free(KVM_DEVS, "    <controller type='usb'/>\n", 9,
	    "<controller>: not supported, ignored");
	domtest_warns_free(KVM_DEVS, "    <memballoon model='virtio'/>\n", 9,
	    "<memballoon>: not supported, ignored");
	domtest_warns_free(KVM_DEVS, "    <teleporter/>\n", 9, "<teleporter>: "
	    "unknown element inside <devices>, ignored");
}
END_TEST

START_TEST(test_filesystem)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, "    <filesystem type='mount' "
	    "accessmode='passthrough'>\n      <driver type='path'/>\n"
	    "      <source dir='/srv//root/'/>\n      <target dir='/'/>\n"
	    "      <readonly/>\n    </filesystem>\n    <filesystem>\n"
	    "      <source dir='/srv/data'/>\n"
	    "      <target dir='/var//www/'/>\n    </filesystem>\n");
	ck_assert_uint_eq(dom->nfs, 2);
	ck_assert_str_eq(dom->fs[0].source, "/srv/root");
	ck_assert_str_eq(dom->fs[0].target, "/");
	ck_assert(dom->fs[0].readonly);
	ck_assert_int_eq(dom->fs[0].line, 8);
	ck_assert_str_eq(dom->fs[1].target, "/var/www");
	ck_assert(!dom->fs[1].readonly);
	ck_assert_ptr_eq(config_domain_root(dom), &dom->fs[0]);
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='export/root'/>\n      <target dir='/'/>\n"
	    "    </filesystem>\n", 9, "<source dir='export/root'>: not an "
	    "absolute path");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/export'/>\n      <target dir='data'/>\n"
	    "    </filesystem>\n", 10, "<target dir='data'>: not an absolute "
	    "path");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/export/../etc'/>\n      <target dir='/x'/>\n"
	    "    </filesystem>\n", 9, "<source dir='/export/../etc'>: '..' "
	    "component not allowed");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/export'/>\n      <target dir='/x/..'/>\n"
	    "    </filesystem>\n", 10, "<target dir='/x/..'>: '..' component "
	    "not allowed");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/export/./a'/>\n      <target dir='/x'/>\n"
	    "    </filesystem>\n", 9, "<source dir='/export/./a'>: '.' "
	    "component not allowed");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/export/&#x9;a'/>\n      <target dir='/x'/>\n"
	    "    </filesystem>\n", 9, "<source dir='/export/\ta'>: control "
	    "character in path");
	domtest_bad(LXC_DEVS, "    <filesystem type='block'>\n"
	    "      <source dev='/dev/sdb'/>\n      <target dir='/x'/>\n"
	    "    </filesystem>\n", 8, "<filesystem type='block'>: unsupported "
	    "filesystem type: only 'mount'");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount' "
	    "accessmode='squash'>\n      <source dir='/a'/>\n"
	    "      <target dir='/x'/>\n    </filesystem>\n", 8, "<filesystem "
	    "accessmode='squash'>: not supported: only 'passthrough'");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <driver type='loop'/>\n      <source dir='/a'/>\n"
	    "      <target dir='/x'/>\n    </filesystem>\n", 9, "<driver "
	    "type='loop'>: not supported: only type='path'");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/a'/>\n      <target dir='/x'/>\n"
	    "      <space_hard_limit>1000</space_hard_limit>\n"
	    "    </filesystem>\n", 11, "<space_hard_limit>: not supported: "
	    "filesystem quotas are not enforced");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <target dir='/x'/>\n    </filesystem>\n", 8, "<filesystem>: "
	    "missing <source>");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n"
	    "      <source dir='/a'/>\n    </filesystem>\n", 8, "<filesystem>: "
	    "missing <target>");
	domtest_bad(LXC_DEVS, "    <filesystem type='mount'>\n      <source/>\n"
	    "      <target dir='/x'/>\n    </filesystem>\n", 9, "<source>: "
	    "missing attribute 'dir'");
	domtest_bad(LXC_DEVS, "    <filesystem><source dir='/a'/>"
	    "<target dir='/var/www'/></filesystem>\n"
	    "    <filesystem><source dir='/b'/><target dir='/var/www/'/>"
	    "</filesystem>\n", 9, "<filesystem>: target dir '/var/www' used "
	    "twice (also on line 8)");
	dom = domtest_warns(KVM_DEVS, "    <filesystem type='mount'>"
	    "<source dir='/a'/><target dir='share'/></filesystem>\n", 9,
	    "<filesystem>: only for lxc guests, ignored");
	ck_assert_uint_eq(dom->nfs, 0);
	config_domain_free(dom);
}
END_TEST

#define IF_NET(extra) \
	"    <interface type='network'>\n" \
	"      <mac address='52:54:00:00:00:11'/>\n" \
	"      <source network='default'/>\n" \
	"      <target dev='vnic-alice'/>\n" \
	extra /* line 12 */ \
	"    </interface>\n"

START_TEST(test_interface_types)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, "    <interface type='bridge'>"
	    "<source bridge='virbr0'/></interface>\n"
	    "    <interface type='direct'><source dev='eth0'/></interface>\n"
	    "    <interface type='direct'>"
	    "<source dev='eth1' mode='passthrough'/></interface>\n");
	ck_assert_uint_eq(dom->nifs, 3);
	ck_assert_int_eq(dom->ifs[0].type, DOMAIN_IF_BRIDGE);
	ck_assert_str_eq(dom->ifs[0].source, "virbr0");
	ck_assert_ptr_null(dom->ifs[0].source_mode);
	ck_assert_int_eq(dom->ifs[1].type, DOMAIN_IF_DIRECT);
	ck_assert_str_eq(dom->ifs[1].source_mode, "vepa");
	ck_assert_str_eq(dom->ifs[2].source_mode, "passthrough");
	/* Generated MACs differ. */
	ck_assert(memcmp(dom->ifs[0].mac, dom->ifs[1].mac, 6) != 0);
	ck_assert(memcmp(dom->ifs[1].mac, dom->ifs[2].mac, 6) != 0);
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, "    <interface type='ethernet'/>\n", 8,
	    "<interface type='ethernet'>: unsupported interface type: expected "
	    "network, bridge or direct");
	domtest_bad(LXC_DEVS, "    <interface type='hostdev'/>\n", 8,
	    "<interface type='hostdev'>: unsupported interface type: expected "
	    "network, bridge or direct");
	domtest_bad(LXC_DEVS, "    <interface type='magic'/>\n", 8,
	    "<interface type='magic'>: unsupported interface type: expected "
	    "network, bridge or direct");
	domtest_bad(LXC_DEVS, "    <interface/>\n", 8, "<interface>: missing "
	    "attribute 'type'");
	domtest_bad(LXC_DEVS, "    <interface type='network'/>\n", 8,
	    "<interface>: missing <source>");
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n"
	    "      <source bridge='virbr0'/>\n    </interface>\n", 9,
	    "<source>: missing attribute 'network'");
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n"
	    "      <source network='../net'/>\n    </interface>\n", 9,
	    "<source network='../net'>: invalid name '../net': must not start "
	    "with '.'");
	domtest_bad(LXC_DEVS, "    <interface type='bridge'>\n"
	    "      <source bridge='bridge-name-too-long'/>\n    </interface>\n",
	    9, "<source bridge='bridge-name-too-long'>: interface name longer "
	    "than 15 characters");
	domtest_bad(LXC_DEVS, "    <interface type='direct'>\n"
	    "      <source dev='eth0' mode='sideways'/>\n    </interface>\n", 9,
	    "<source mode='sideways'>: unknown mode: expected vepa, bridge, "
	    "private or passthrough");
}
END_TEST

START_TEST(test_mac)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, IF_NET("" ));
	ck_assert(!dom->ifs[0].mac_generated);
	ck_assert_int_eq(dom->ifs[0].mac[5], 0x11);
	ck_assert_int_eq(dom->ifs[0].line, 8);
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n"
	    "      <mac address='01:00:5e:00:00:01'/>\n"
	    "      <source network='default'/>\n    </interface>\n", 9, "<mac "
	    "address='01:00:5e:00:00:01'>: multicast address");
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n"
	    "      <mac address='52:54:00:00:11'/>\n"
	    "      <source network='default'/>\n    </interface>\n", 9, "<mac "
	    "address='52:54:00:00:11'>: invalid MAC address: six octets of hex "
	    "digits expected");
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n"
	    "      <mac address='00:00:00:00:00:00'/>\n"
	    "      <source network='default'/>\n    </interface>\n", 9, "<mac "
	    "address='00:00:00:00:00:00'>: all-zero address");
	domtest_bad(LXC_DEVS, "    <interface type='network'>\n      <mac/>\n"
	    "      <source network='default'/>\n    </interface>\n", 9,
	    "<mac>: missing attribute 'address'");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<mac address='52:54:00:00:00:11'/><source network='default'/>"
	    "</interface>\n    <interface type='bridge'>"
	    "<mac address='52:54:00:00:00:11'/><source bridge='br0'/>"
	    "</interface>\n", 9, "<interface>: mac address '52:54:00:00:00:11' "
	    "used twice (also on line 8)");
}
END_TEST

START_TEST(test_target_dev)
{
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/><target dev='abcdefghijklmno'/>"
	    "</interface>\n");
	ck_assert_str_eq(dom->ifs[0].target, "abcdefghijklmno");
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n"
	    "<target dev='abcdefghijklmnop'/></interface>\n", 9, "<target "
	    "dev='abcdefghijklmnop'>: interface name longer than 15 "
	    "characters");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n<target dev='a:b'/></interface>\n", 9,
	    "<target dev='a:b'>: invalid interface name: no '/', ':', spaces "
	    "or control characters");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n<target dev='a b'/></interface>\n", 9,
	    "<target dev='a b'>: invalid interface name: no '/', ':', spaces "
	    "or control characters");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n<target dev='..'/></interface>\n", 9,
	    "<target dev='..'>: invalid interface name");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n<target dev=''/></interface>\n", 9,
	    "<target dev=''>: empty interface name");
	domtest_bad(LXC_DEVS, IF_NET("" ) "    <interface type='network'>\n"
	    "      <mac address='52:54:00:00:00:22'/>\n"
	    "      <source network='default'/>\n"
	    "      <target dev='vnic-alice'/>\n    </interface>\n", 13,
	    "<interface>: target dev 'vnic-alice' used twice (also on line 8)");
}
END_TEST

START_TEST(test_model)
{
	struct config_domain *dom;

	dom = domtest_good(KVM_DEVS, "    <interface type='network'>"
	    "<source network='default'/><model type='e1000e'/></interface>\n");
	ck_assert_str_eq(dom->ifs[0].model, "e1000e");
	config_domain_free(dom);
	dom = domtest_warns(LXC_DEVS, IF_NET("      <model type='virtio'/>\n" ),
	    12, "<model>: only for kvm and qemu guests, ignored");
	ck_assert_ptr_null(dom->ifs[0].model);
	config_domain_free(dom);
	domtest_bad(KVM_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n"
	    "<model type='virtio;x'/></interface>\n", 10, "<model "
	    "type='virtio;x'>: invalid model name");
}
END_TEST

START_TEST(test_bandwidth)
{
	struct config_domain *dom;
	const struct domain_if *ifc;

	dom = domtest_good(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='1000' peak='5000' burst='1024'/>\n"
	    "        <outbound average='128'/>\n      </bandwidth>\n" ));
	ifc = &dom->ifs[0];
	ck_assert(ifc->inbound.set);
	ck_assert_uint_eq(ifc->inbound.average, 1000);
	ck_assert_uint_eq(ifc->inbound.peak, 5000);
	ck_assert_uint_eq(ifc->inbound.burst, 1024);
	ck_assert(ifc->outbound.set);
	ck_assert_uint_eq(ifc->outbound.average, 128);
	ck_assert_uint_eq(ifc->outbound.peak, 0);
	ck_assert_uint_eq(ifc->outbound.burst, 0);
	config_domain_free(dom);
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound peak='5000'/>\n      </bandwidth>\n" ), 13,
	    "<inbound>: missing attribute 'average'");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='0'/>\n      </bandwidth>\n" ), 13,
	    "<inbound average='0'>: too small (at least 1)");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='-3'/>\n      </bandwidth>\n" ), 13,
	    "<inbound average='-3'>: negative");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='1k'/>\n      </bandwidth>\n" ), 13,
	    "<inbound average='1k'>: not an integer");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <outbound average='4294967296'/>\n      </bandwidth>\n" ),
	    13, "<outbound average='4294967296'>: too large (at most "
	    "4294967295)");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <outbound average='10' burst='x'/>\n      </bandwidth>\n"
	    ), 13, "<outbound burst='x'>: not an integer");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='1000' floor='10'/>\n      </bandwidth>\n"
	    ), 13, "<inbound floor='10'>: not supported: guaranteed bandwidth "
	    "is not implemented");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='1000' rate='10'/>\n      </bandwidth>\n"
	    ), 13, "<inbound>: attribute 'rate' not allowed");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <upward average='1000'/>\n      </bandwidth>\n" ), 13,
	    "<upward>: unknown element inside <bandwidth>");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth mode='x'>\n"
	    "      </bandwidth>\n" ), 12, "<bandwidth>: attribute 'mode' not "
	    "allowed");
	domtest_bad(LXC_DEVS, IF_NET("      <bandwidth>\n"
	    "        <inbound average='1'/>\n        <inbound average='2'/>\n"
	    "      </bandwidth>\n" ), 14, "<inbound>: given twice (also on "
	    "line 13)");
}
END_TEST

START_TEST(test_filterref)
{
	const struct domain_filterref *ref;
	struct config_domain *dom;

	dom = domtest_good(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='IP' value='192.168.122.11'/>\n"
	    "        <parameter name='IP' value='192.168.122.12'/>\n"
	    "        <parameter name='IPV6' value='fd00::11'/>\n"
	    "        <parameter name='MAC' value='52:54:00:00:00:11'/>\n"
	    "        <parameter name='DHCPSERVER' value='192.168.122.1'/>\n"
	    "        <parameter name='CTRL_IP_LEARNING' value='none'/>\n"
	    "        <parameter name='FREE_form' value='any text 1'/>\n"
	    "      </filterref>\n" ));
	ref = dom->ifs[0].filterref;
	ck_assert_str_eq(ref->filter, "clean-traffic");
	ck_assert_int_eq(ref->line, 12);
	ck_assert_uint_eq(ref->nparams, 7);
	ck_assert_uint_eq(config_param_count(ref->params, ref->nparams, "IP"),
	    2);
	ck_assert_str_eq(config_param_get(ref->params, ref->nparams, "IP"),
	    "192.168.122.11");
	ck_assert_str_eq(ref->params[1].value, "192.168.122.12");
	ck_assert_int_eq(ref->params[1].line, 14);
	ck_assert_ptr_null(config_param_get(ref->params, ref->nparams, "X"));
	ck_assert_uint_eq(config_param_count(ref->params, ref->nparams, "X"),
	    0);
	ck_assert_uint_eq(config_param_count(NULL, 0, "IP"), 0);
	config_domain_free(dom);

	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='IP' value='192.168.122.333'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='IP' "
	    "value='192.168.122.333'>: not an IPv4 address");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='IP' value='fd00::1'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='IP' "
	    "value='fd00::1'>: not an IPv4 address");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='IPV6' value='10.0.0.1'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='IPV6' "
	    "value='10.0.0.1'>: not an IPv6 address");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='DHCPSERVER' value='any'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='DHCPSERVER' "
	    "value='any'>: not an IPv4 address");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='MAC' value='52:54:00:00:00'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='MAC' "
	    "value='52:54:00:00:00'>: not a MAC address");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='MAC' value='52:54:00:00:00:22'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='MAC' "
	    "value='52:54:00:00:00:22'>: not the interface's <mac address>");
	domtest_bad(LXC_DEVS, "    <interface type='network'>"
	    "<source network='default'/><filterref filter='f'>\n"
	    "<parameter name='MAC' value='52:54:00:00:00:22'/></filterref>"
	    "</interface>\n", 9, "<parameter name='MAC' "
	    "value='52:54:00:00:00:22'>: not the interface's <mac address>");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='CTRL_IP_LEARNING' value='often'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='CTRL_IP_LEARNING' "
	    "value='often'>: expected any, dhcp or none");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='CTRL_IP_LEARNING' value='any'/>\n"
	    "        <parameter name='CTRL_IP_LEARNING' value='dhcp'/>\n"
	    "      </filterref>\n" ), 14, "<parameter name='CTRL_IP_LEARNING' "
	    "value='dhcp'>: given twice");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='X' value='a&#10;b'/>\n"
	    "      </filterref>\n" ), 13, "<parameter name='X' value='a b'>: "
	    "control character in value");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n        <parameter name='IP'/>\n"
	    "      </filterref>\n" ), 13, "<parameter>: missing attribute "
	    "'value'");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='A-B' value='1'/>\n      </filterref>\n" ),
	    13, "<parameter name='A-B'>: invalid parameter name");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n"
	    "        <parameter name='IP' value='10.0.0.1' x='1'/>\n"
	    "      </filterref>\n" ), 13, "<parameter>: attribute 'x' not "
	    "allowed");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref "
	    "filter='clean-traffic'>\n        <rule action='accept'/>\n"
	    "      </filterref>\n" ), 13, "<rule>: unknown element inside "
	    "<filterref>");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref filter='clean-traffic' "
	    "priority='1'/>\n" ), 12, "<filterref>: attribute 'priority' not "
	    "allowed");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref filter='clean "
	    "traffic'/>\n" ), 12, "<filterref filter='clean traffic'>: invalid "
	    "filter name");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref/>\n" ), 12,
	    "<filterref>: missing attribute 'filter'");
	domtest_bad(LXC_DEVS, IF_NET("      <filterref filter='a'/>\n"
	    "      <filterref filter='b'/>\n" ), 13, "<filterref>: given twice "
	    "(also on line 12)");
	domtest_bad(LXC_DEVS, "    <interface type='direct'>\n"
	    "      <source dev='eth0'/>\n"
	    "      <filterref filter='clean-traffic'/>\n    </interface>\n", 10,
	    "<filterref>: not supported on a direct interface: it has no "
	    "bridge port to filter");
}
END_TEST

START_TEST(test_interface_policy)
{
	domtest_bad(LXC_DEVS, IF_NET("      <vlan><tag id='42'/></vlan>\n" ),
	    12, "<vlan>: not supported: VLAN tagging is not implemented: the "
	    "guest would reach the untagged network");
	domtest_bad(LXC_DEVS, IF_NET("      <virtualport type='openvswitch'/>\n"
	    ), 12, "<virtualport>: not supported: virtual port profiles are "
	    "not implemented");
	domtest_bad(LXC_DEVS, IF_NET("      <port isolated='yes'/>\n" ), 12,
	    "<port isolated='yes'>: not supported: port isolation is not "
	    "implemented");
	config_domain_free(domtest_good(LXC_DEVS, IF_NET("      <port "
	    "isolated='no'/>\n" )));
	domtest_bad(LXC_DEVS, IF_NET("      <ip address='10.0.0.2' "
	    "prefix='24'/>\n" ), 12, "<ip>: not supported: addresses and "
	    "routes inside a container are not set by vigil");
	domtest_bad(LXC_DEVS, IF_NET("      <route address='0.0.0.0' "
	    "gateway='10.0.0.1'/>\n" ), 12, "<route>: not supported: addresses "
	    "and routes inside a container are not set by vigil");
	domtest_warns_free(KVM_DEVS, "    <interface type='network'>"
	    "<source network='default'/>\n"
	    "<ip address='10.0.0.2'/></interface>\n", 10, "<ip>: not "
	    "supported, ignored");
	domtest_warns_free(LXC_DEVS, IF_NET("      <link state='down'/>\n" ),
	    12, "<link>: unknown element inside <interface>, ignored");
	domtest_warns_free(LXC_DEVS, IF_NET("      <guest dev='eth7'/>\n" ), 12,
	    "<guest>: unknown element inside <interface>, ignored");
	domtest_warns_free(LXC_DEVS, "    <interface type='network' "
	    "trustGuestRxFilters='yes'><source network='default'/>"
	    "</interface>\n", 8, "<interface>: attribute 'trustGuestRxFilters' "
	    "not supported, ignored");
}
END_TEST

START_TEST(test_disk)
{
	struct config_domain *dom;

	dom = domtest_good(KVM_DEVS, "    <disk type='file' device='cdrom'>\n"
	    "      <driver name='qemu' type='raw'/>\n"
	    "      <target dev='hdc' bus='ide'/>\n      <backingStore/>\n"
	    "    </disk>\n");
	ck_assert_uint_eq(dom->ndisks, 1);
	ck_assert_str_eq(dom->disks[0].device, "cdrom");
	ck_assert_ptr_null(dom->disks[0].source);
	ck_assert(dom->disks[0].readonly);
	ck_assert_str_eq(dom->disks[0].format, "raw");
	ck_assert_int_eq(dom->disks[0].line, 9);
	config_domain_free(dom);
	dom = domtest_good(KVM_DEVS, "    <disk type='file'>"
	    "<source file='/i.img'/><target dev='sda' bus='sata'/><readonly/>"
	    "</disk>\n");
	ck_assert(dom->disks[0].readonly);
	config_domain_free(dom);
	domtest_bad(KVM_DEVS, "    <disk type='file' device='disk'>\n"
	    "      <target dev='vda'/>\n    </disk>\n", 9, "<disk>: missing "
	    "<source>");
	domtest_bad(KVM_DEVS, "    <disk type='file' device='disk'>\n"
	    "      <source file='/a.img'/>\n    </disk>\n", 9, "<disk>: "
	    "missing <target>");
	domtest_bad(KVM_DEVS, "    <disk type='network'/>\n", 9, "<disk "
	    "type='network'>: unsupported disk type: expected 'file' or "
	    "'block'");
	domtest_bad(KVM_DEVS, "    <disk type='block' device='lun'/>\n", 9,
	    "<disk device='lun'>: unsupported disk device: expected 'disk' or "
	    "'cdrom'");
	domtest_bad(KVM_DEVS, "    <disk type='file' device='floppy'/>\n", 9,
	    "<disk device='floppy'>: unsupported disk device: expected 'disk' "
	    "or 'cdrom'");
	domtest_bad(KVM_DEVS, "    <disk type='file'>\n"
	    "      <driver name='qemu' type='vmdk'/>\n"
	    "      <source file='/a.img'/><target dev='vda'/>\n    </disk>\n",
	    10, "<driver type='vmdk'>: unsupported format: expected 'raw' or "
	    "'qcow2'");
	domtest_bad(KVM_DEVS, "    <disk type='file'>\n"
	    "      <driver name='tap'/>\n"
	    "      <source file='/a.img'/><target dev='vda'/>\n    </disk>\n",
	    10, "<driver name='tap'>: only 'qemu'");
	domtest_bad(KVM_DEVS, "    <disk type='file'>\n"
	    "      <source file='a.img'/><target dev='vda'/>\n    </disk>\n",
	    10, "<source file='a.img'>: not an absolute path");
	domtest_bad(KVM_DEVS, "    <disk type='block'>\n"
	    "      <source file='/dev/sdb'/><target dev='vda'/>\n    </disk>\n",
	    10, "<source>: missing attribute 'dev'");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>\n"
	    "      <target dev='1vda'/>\n    </disk>\n", 10, "<target "
	    "dev='1vda'>: invalid disk name");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>\n"
	    "      <target dev='vda' bus='pata'/>\n    </disk>\n", 10,
	    "<target bus='pata'>: unsupported bus: expected virtio, ide, sata, "
	    "scsi or usb");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>"
	    "<target dev='vda'/></disk>\n"
	    "    <disk type='file'><source file='/b.img'/><target dev='vda'/>"
	    "</disk>\n", 10, "<disk>: target dev 'vda' used twice (also on "
	    "line 9)");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>"
	    "<target dev='vda'/>\n<iotune><total_bytes_sec>1</total_bytes_sec>"
	    "</iotune></disk>\n", 10, "<iotune>: not supported: I/O limits are "
	    "not enforced");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>"
	    "<target dev='vda'/>\n<encryption format='luks'/></disk>\n", 10,
	    "<encryption>: not supported: disk encryption is not implemented");
	domtest_bad(KVM_DEVS, "    <disk type='file'><source file='/a.img'/>"
	    "<target dev='vda'/>\n<backingStore type='file'>"
	    "<format type='raw'/></backingStore></disk>\n", 10,
	    "<backingStore>: not supported: explicit backing chains are not "
	    "implemented");
	domtest_warns_free(LXC_DEVS, "    <disk type='block'/>\n", 8, "<disk>: "
	    "only for kvm and qemu guests, ignored");
	domtest_warns_free(KVM_DEVS, "    <disk type='file'>"
	    "<source file='/a.img'/><target dev='vda'/>\n"
	    "<boot order='1'/></disk>\n", 10, "<boot>: unknown element inside "
	    "<disk>, ignored");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("config-domain-devices");
	TCase *tc = tcase_create("config-domain-devices");

	tcase_add_test(tc, test_console);
	tcase_add_test(tc, test_emulator_and_devices_policy);
	tcase_add_test(tc, test_filesystem);
	tcase_add_test(tc, test_interface_types);
	tcase_add_test(tc, test_mac);
	tcase_add_test(tc, test_target_dev);
	tcase_add_test(tc, test_model);
	tcase_add_test(tc, test_bandwidth);
	tcase_add_test(tc, test_filterref);
	tcase_add_test(tc, test_interface_policy);
	tcase_add_test(tc, test_disk);
	suite_add_tcase(s, tc);
	return s;
}
