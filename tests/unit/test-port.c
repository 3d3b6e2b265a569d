/* supervisor/port.c against the kernel: each test runs in a network
 * namespace of its own (Check forks every test), with a "guest" child in a
 * second one. Needs root; without it the suite is empty (TAP 1..0). */
#include <errno.h>
#include <stdarg.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/netstate.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "supervisor/port-set.h"
#include "supervisor/port.h"
#include "tests/unit/unit.h"

struct guest_ns {
	pid_t pid;
	int fd;		/* write end: closing it ends the child */
};

static void
sh(const char *cmd)
{
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* The first line cmd prints (empty string when none; caller frees). */
static char *
out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
out(const char *fmt, ...)
{
	char cmd[512], *line = NULL;
	size_t cap = 0;
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	(void) vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	if (getline(&line, &cap, p) < 0) {
		free(line);
		line = xstrdup("");
	}
	pclose(p);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

static void
host_ns(void)
{
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	sh("ip link set lo up");
}

/* A child in a network namespace of its own, waiting. */
static struct guest_ns
guest_spawn(void)
{
	struct guest_ns g;
	int p[2];
	char c;

	ck_assert_int_eq(pipe(p), 0);
	g.pid = fork();
	ck_assert_int_ge(g.pid, 0);
	if (g.pid == 0) {
		(void) close(p[1]);
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		_exit(read(p[0], &c, 1) < 0 ? 1 : 0);
	}
	(void) close(p[0]);
	g.fd = p[1];
	/* wait until the child is in its namespace */
	for (;;) {
		char *a = out("readlink /proc/%d/ns/net", (int) g.pid);
		char *b = out("readlink /proc/self/ns/net");
		int differ = strcmp(a, b) != 0;

		free(a);
		free(b);
		if (differ)
			break;
		usleep(1000);
	}
	return g;
}

static void
guest_end(struct guest_ns *g)
{
	(void) close(g->fd);
	(void) waitpid(g->pid, NULL, 0);
}

static char *
in_guest(const struct guest_ns *g, const char *cmd)
{
	return out("nsenter --net=/proc/%d/ns/net sh -c '%s' 2>&1",
	    (int) g->pid, cmd);
}

/* A root with network "default" started on bridge br0. */
static char *
net_root(const char *bridge)
{
	char *root = xstrdup("/tmp/vigil-unit-port.XXXXXX");
	struct netstate st = { .name = "default" };
	struct vg_err err;
	char *dir;

	ck_assert_ptr_nonnull(mkdtemp(root));
	(void) snprintf(st.bridge, sizeof st.bridge, "%s", bridge);
	dir = path_get(root, PATH_NET_RUN, "default");
	ck_assert_int_eq(path_mkdir_p(dir, 0755), 0);
	ck_assert_int_eq(netstate_write(root, &st, &err), 0);
	free(dir);
	return root;
}

static void
net_root_done(char *root)
{
	char *cmd = xprintf("rm -rf '%s'", root);

	sh(cmd);
	free(cmd);
	free(root);
}

static struct domain_if
iface(enum domain_if_type type, const char *source, const char *target,
    uint8_t last)
{
	struct domain_if cfg = { .type = type };
	const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, last };

	memcpy(cfg.mac, mac, 6);
	cfg.source = (char *) source;
	cfg.target = (char *) target;
	return cfg;
}

START_TEST(test_network_port)
{
	struct domain_if cfg = iface(DOMAIN_IF_NETWORK, "default",
	    "vnic-alice", 0x11);
	struct guest_ns g;
	struct port *p;
	struct vg_err err;
	char *root, *s;
	json_t *d;

	host_ns();
	sh("ip link add br0 type bridge && ip link set br0 up");
	root = net_root("br0");
	g = guest_spawn();
	ck_assert_msg(port_new(&cfg, 0, root, "alice", 0, &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_str_eq(port_host_name(p), "vnic-alice");
	ck_assert_str_eq(port_bridge(p), "br0");
	s = out("ip -o link show vnic-alice");
	ck_assert_msg(strstr(s, "master br0") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "state DOWN") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "link/ether fe:54:00:00:00:11") != NULL, "%s",
	    s);
	ck_assert_msg(strstr(s, "alias vigil:alice:port:0") != NULL, "%s", s);
	free(s);
	ck_assert_msg(port_attach_netns(p, g.pid, &err) == 0, "%s", err.msg);
	s = in_guest(&g, "ip -o link show eth0");
	ck_assert_msg(strstr(s, "link/ether 52:54:00:00:00:11") != NULL, "%s",
	    s);
	ck_assert_msg(strstr(s, "MULTICAST,UP") != NULL, "%s", s);
	ck_assert_msg(strstr(s, "alias") == NULL, "alias leaked: %s", s);
	free(s);
	s = in_guest(&g, "ip -o link show lo");
	ck_assert_msg(strstr(s, ",UP") != NULL, "%s", s);
	free(s);
	ck_assert_int_eq(port_up(p, &err), 0);
	s = out("ip -o link show vnic-alice");
	ck_assert_msg(strstr(s, "state UP") != NULL, "%s", s);
	free(s);
	d = port_describe(p);
	ck_assert_str_eq(json_string_value(json_object_get(d, "type")),
	    "network");
	ck_assert_str_eq(json_string_value(json_object_get(d, "port")),
	    "vnic-alice");
	ck_assert_str_eq(json_string_value(json_object_get(d, "mac")),
	    "52:54:00:00:00:11");
	ck_assert_str_eq(json_string_value(json_object_get(d, "bridge")),
	    "br0");
	ck_assert_str_eq(json_string_value(json_object_get(d, "guest")),
	    "eth0");
	json_decref(d);
	port_free(p);
	s = out("ip -o link show vnic-alice 2>&1");
	ck_assert_msg(strstr(s, "does not exist") != NULL, "%s", s);
	free(s);
	s = in_guest(&g, "ip -o link show eth0");
	ck_assert_msg(strstr(s, "does not exist") != NULL, "%s", s);
	free(s);
	guest_end(&g);
	net_root_done(root);
}
END_TEST

START_TEST(test_errors)
{
	struct domain_if net = iface(DOMAIN_IF_NETWORK, "lab", NULL, 1);
	struct domain_if missing = iface(DOMAIN_IF_BRIDGE, "br9", NULL, 2);
	struct domain_if notbr = iface(DOMAIN_IF_BRIDGE, "up0", NULL, 3);
	struct domain_if clash = iface(DOMAIN_IF_BRIDGE, "br0", "up0", 4);
	struct domain_if direct = iface(DOMAIN_IF_DIRECT, "eth9", NULL, 5);
	struct domain_if gone = iface(DOMAIN_IF_NETWORK, "default", NULL, 6);
	struct port *p = NULL;
	struct vg_err err;
	char *root, *s;

	host_ns();
	sh("ip link add br0 type bridge");
	sh("ip link add up0 type veth peer name up0p");
	root = net_root("br-gone");
	ck_assert_int_eq(port_new(&net, 1, root, "g", 0, &p, &err), -ENOENT);
	ck_assert_str_eq(err.msg, "interface eth1: network lab is not "
	    "started");
	ck_assert_int_eq(port_new(&gone, 0, root, "g", 0, &p, &err), -ENODEV);
	ck_assert_str_eq(err.msg, "interface eth0: network default: its "
	    "bridge br-gone is gone (net-destroy and net-start it)");
	ck_assert_int_eq(port_new(&missing, 0, root, "g", 0, &p, &err),
	    -ENODEV);
	ck_assert_str_eq(err.msg, "interface eth0: bridge br9 does not exist");
	ck_assert_int_eq(port_new(&notbr, 0, root, "g", 0, &p, &err),
	    -ENOTTY);
	ck_assert_str_eq(err.msg, "interface eth0: up0 is not a bridge");
	ck_assert_int_eq(port_new(&clash, 2, root, "g", 0, &p, &err),
	    -EEXIST);
	ck_assert_str_eq(err.msg, "interface eth2: target dev up0 is already "
	    "in use");
	ck_assert_int_eq(port_new(&direct, 0, root, "g", 0, &p, &err),
	    -ENODEV);
	ck_assert_str_eq(err.msg, "interface eth0: source dev eth9 does not "
	    "exist");
	ck_assert_ptr_null(p);
	/* nothing was left behind by the failures */
	s = out("ip -o link | grep -c -e vnet -e vgp");
	ck_assert_str_eq(s, "0");
	free(s);
	net_root_done(root);
}
END_TEST

START_TEST(test_vnet_names_and_cleanup)
{
	struct domain_if a = iface(DOMAIN_IF_BRIDGE, "br0", NULL, 0x21);
	struct domain_if b = iface(DOMAIN_IF_BRIDGE, "br0", NULL, 0x22);
	struct port *pa, *pb;
	struct vg_err err;
	char *s;

	host_ns();
	sh("ip link add br0 type bridge");
	sh("ip link add vnet0 type veth peer name other0");
	ck_assert_int_eq(port_new(&a, 0, "/nonexistent", "bob", 0, &pa,
	    &err), 0);
	ck_assert_str_eq(port_host_name(pa), "vnet1");
	ck_assert_int_eq(port_new(&b, 1, "/nonexistent", "eve", 0, &pb,
	    &err), 0);
	ck_assert_str_eq(port_host_name(pb), "vnet2");
	/* bob's supervisor was killed: its port stays until cleanup */
	ck_assert_int_eq(port_cleanup("bob", &err), 1);
	s = out("ip -o link show vnet1 2>&1");
	ck_assert_msg(strstr(s, "does not exist") != NULL, "%s", s);
	free(s);
	s = out("ip -o link show vnet2 2>&1");
	ck_assert_msg(strstr(s, "vnet2") != NULL && strstr(s,
	    "does not exist") == NULL, "eve's port went too: %s", s);
	free(s);
	ck_assert_int_eq(port_cleanup("bob", &err), 0);
	ck_assert_int_eq(port_cleanup("bo", &err), 0);
	port_free(pb);
	s = out("ip -o link show vnet0 2>&1");
	ck_assert_msg(strstr(s, "does not exist") == NULL, "%s", s);
	free(s);
	/* bob's port struct outlived its link: freeing it harms nobody */
	sh("ip link add vnet1 type veth peer name other1");
	port_free(pa);
	s = out("ip -o link show vnet1 2>&1");
	ck_assert_msg(strstr(s, "does not exist") == NULL, "%s", s);
	free(s);
}
END_TEST

START_TEST(test_bandwidth)
{
	struct domain_if cfg = iface(DOMAIN_IF_BRIDGE, "br0", "vnic-bw", 0x31);
	struct port *p;
	struct vg_err err;
	char *s, *ifb;

	host_ns();
	sh("ip link add br0 type bridge");
	cfg.inbound = (struct domain_bw) { .set = true, .average = 1024,
		.peak = 2048, .burst = 64 };
	cfg.outbound = (struct domain_bw) { .set = true, .average = 512 };
	ck_assert_msg(port_new(&cfg, 0, "/", "bw", 0, &p, &err) == 0, "%s",
	    err.msg);
	s = out("tc qdisc show dev vnic-bw root");
	ck_assert_msg(strstr(s, "tbf") != NULL && strstr(s, "rate 8388Kbit")
	    != NULL && strstr(s, "burst 64Kb") != NULL && strstr(s,
	    "peakrate 16777Kbit") != NULL, "%s", s);
	free(s);
	s = out("tc -d filter show dev vnic-bw parent ffff: | "
	    "grep -o 'Egress Redirect to device [a-z0-9]*'");
	ck_assert_msg(strncmp(s, "Egress Redirect to device vgb", 29) == 0,
	    "%s", s);
	ifb = xstrdup(s + 26);
	free(s);
	s = out("tc qdisc show dev %s root", ifb);
	ck_assert_msg(strstr(s, "tbf") != NULL && strstr(s, "rate 4194Kbit")
	    != NULL, "%s", s);
	free(s);
	port_free(p);
	s = out("ip -o link show %s 2>&1", ifb);
	ck_assert_msg(strstr(s, "does not exist") != NULL, "%s", s);
	free(s);
	free(ifb);
}
END_TEST

START_TEST(test_direct)
{
	struct domain_if cfg = iface(DOMAIN_IF_DIRECT, "up0", NULL, 0x41);
	struct guest_ns g;
	struct port *p;
	struct vg_err err;
	json_t *d;
	char *s;

	host_ns();
	sh("ip link add up0 type veth peer name up0p && ip link set up0 up");
	cfg.source_mode = (char *) "bridge";
	g = guest_spawn();
	ck_assert_msg(port_new(&cfg, 0, "/", "mv", 0, &p, &err) == 0, "%s",
	    err.msg);
	ck_assert_msg(port_attach_netns(p, g.pid, &err) == 0, "%s", err.msg);
	s = in_guest(&g, "ip -d -o link show eth0");
	ck_assert_msg(strstr(s, "macvlan mode bridge") != NULL && strstr(s,
	    "52:54:00:00:00:41") != NULL, "%s", s);
	free(s);
	ck_assert_int_eq(port_up(p, &err), 0);
	d = port_describe(p);
	ck_assert_str_eq(json_string_value(json_object_get(d, "type")),
	    "direct");
	ck_assert_str_eq(json_string_value(json_object_get(d, "source")),
	    "up0");
	ck_assert_ptr_null(json_object_get(d, "port"));
	json_decref(d);
	port_free(p);
	guest_end(&g);
	/* made directly in the guest: nothing ever shows on the host */
	g = guest_spawn();
	ck_assert_msg(port_new(&cfg, 1, "/", "mv", g.pid, &p, &err) == 0,
	    "%s", err.msg);
	s = out("ip -o link show type macvlan");
	ck_assert_str_eq(s, "");
	free(s);
	ck_assert_msg(port_attach_netns(p, g.pid, &err) == 0, "%s", err.msg);
	s = in_guest(&g, "ip -d -o link show eth1");
	ck_assert_msg(strstr(s, "macvlan mode bridge") != NULL && strstr(s,
	    ",UP") != NULL, "%s", s);
	free(s);
	port_free(p);
	guest_end(&g);
	cfg.inbound.set = true;
	cfg.inbound.average = 100;
	ck_assert_int_eq(port_new(&cfg, 0, "/", "mv", 0, &p, &err),
	    -EOPNOTSUPP);
}
END_TEST

START_TEST(test_set_unwinds)
{
	struct config_domain dom = { .nifs = 2 };
	struct domain_if ifs[2];
	struct port_set *s = NULL;
	struct vg_err err;
	struct guest_ns g;
	char *o;

	host_ns();
	sh("ip link add br0 type bridge");
	ifs[0] = iface(DOMAIN_IF_BRIDGE, "br0", "vnic-one", 0x51);
	ifs[1] = iface(DOMAIN_IF_BRIDGE, "br7", "vnic-two", 0x52);
	dom.ifs = ifs;
	g = guest_spawn();
	ck_assert_int_eq(port_set_new(&dom, "/", "set", g.pid, &s, &err),
	    -ENODEV);
	ck_assert_str_eq(err.msg, "interface eth1: bridge br7 does not exist");
	ck_assert_ptr_null(s);
	o = out("ip -o link | grep -c vnic-");
	ck_assert_str_eq(o, "0");
	free(o);
	o = in_guest(&g, "ip -o link | grep -c eth");
	ck_assert_str_eq(o, "0");
	free(o);
	ifs[1].source = (char *) "br0";
	ck_assert_msg(port_set_new(&dom, "/", "set", g.pid, &s, &err) == 0,
	    "%s", err.msg);
	ck_assert_uint_eq(port_set_count(s), 2);
	ck_assert_int_eq(port_set_up(s, &err), 0);
	o = in_guest(&g, "ip -o link | grep -c eth");
	ck_assert_str_eq(o, "2");
	free(o);
	port_set_free(s);
	o = out("ip -o link | grep -c vnic-");
	ck_assert_str_eq(o, "0");
	free(o);
	guest_end(&g);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("port");
	TCase *tc = tcase_create("port");

	/* Root only: the suite is empty otherwise (TAP "1..0", a skip). */
	if (geteuid() == 0 && system("command -v nsenter >/dev/null") == 0) {
		tcase_add_test(tc, test_network_port);
		tcase_add_test(tc, test_errors);
		tcase_add_test(tc, test_vnet_names_and_cleanup);
		tcase_add_test(tc, test_bandwidth);
		tcase_add_test(tc, test_direct);
		tcase_add_test(tc, test_set_unwinds);
	}
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}
