/* supervisor/snoop.c on a real veth pair in a private network namespace
 * (each test forks, so each gets its own): frames sent on the host end
 * leave the port toward the guest; frames sent on the guest end enter it.
 * Needs root; skipped otherwise. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <event2/event.h>

#include "common/err.h"
#include "supervisor/leases.h"
#include "supervisor/snoop.h"
#include "tests/unit/frames.h"
#include "tests/unit/unit.h"

static const uint8_t guest[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };
static const uint8_t other[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x33 };
static const uint8_t server[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t uuid[16] = { 7 };

#define MAX_EVENTS 64

struct ev_rec {
	bool learned;
	char ip[INET6_ADDRSTRLEN];
	uint32_t lease;
};

struct env {
	struct event_base *base;
	struct snoop *s;
	int to_guest;		/* sends on the host end */
	int from_guest;		/* sends on the guest end */
	struct ev_rec ev[MAX_EVENTS];
	int nev;
	int stop_at;		/* break the loop at this many events */
	int fail_learn;		/* learned_cb returns this when < 0 */
};

static int
learned_cb(const struct addr_ip *ip, uint32_t lease, void *arg)
{
	struct env *e = arg;

	if (e->fail_learn < 0)
		return e->fail_learn;
	ck_assert_int_lt(e->nev, MAX_EVENTS);
	e->ev[e->nev].learned = true;
	(void) addr_ip_format(ip, e->ev[e->nev].ip, sizeof e->ev[0].ip);
	e->ev[e->nev++].lease = lease;
	if (e->nev == e->stop_at)
		(void) event_base_loopbreak(e->base);
	return 0;
}

static void
forgotten_cb(const struct addr_ip *ip, void *arg)
{
	struct env *e = arg;

	ck_assert_int_lt(e->nev, MAX_EVENTS);
	e->ev[e->nev].learned = false;
	(void) addr_ip_format(ip, e->ev[e->nev].ip, sizeof e->ev[0].ip);
	e->ev[e->nev++].lease = 0;
	if (e->nev == e->stop_at)
		(void) event_base_loopbreak(e->base);
}

static void
sh(const char *cmd)
{
	ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
}

/* A fresh namespace with vg-host (the port) and vg-guest. */
static void
netns(void)
{
	ck_assert_int_eq(unshare(CLONE_NEWNET), 0);
	sh("ip link add vg-host type veth peer name vg-guest && "
	    "ip link set vg-host up && ip link set vg-guest up");
	/* Frames sent before the link is operational are dropped. */
	sh("for i in $(seq 200); do "
	    "ip -br link show vg-host | grep -qw UP && "
	    "ip -br link show vg-guest | grep -qw UP && exit 0; "
	    "sleep 0.01; done; exit 1");
}

static struct snoop *
make_snoop(struct env *e, enum snoop_mode mode, struct leases *store,
    const char *path)
{
	struct addr_ip trusted[2];
	struct snoop_config cfg = {
		.ifname = "vg-host",
		.ifindex = (int) if_nametoindex("vg-host"),
		.mode = mode,
		.trusted = trusted,
		.ntrusted = 2,
		.leases = store,
		.leases_path = path,
		.ops = { learned_cb, forgotten_cb },
		.arg = e,
	};
	struct vg_err err;
	struct snoop *s;

	ck_assert_int_eq(addr_ip_parse("10.0.0.1", &trusted[0]), 0);
	ck_assert_int_eq(addr_ip_parse("fe80::1", &trusted[1]), 0);
	memcpy(cfg.mac, guest, 6);
	s = snoop_new(e->base, &cfg);
	ck_assert_msg(snoop_start(s, &err) == 0, "%s", err.msg);
	return s;
}

static void
setup(struct env *e, enum snoop_mode mode)
{
	memset(e, 0, sizeof *e);
	netns();
	e->base = event_base_new();
	e->s = make_snoop(e, mode, NULL, NULL);
	e->to_guest = frame_socket("vg-host");
	e->from_guest = frame_socket("vg-guest");
}

static void
teardown(struct env *e)
{
	snoop_free(e->s);
	event_base_free(e->base);
	close(e->to_guest);
	close(e->from_guest);
}

/* Run the loop until n events in all, or ms milliseconds. */
static void
run(struct env *e, int n, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	e->stop_at = n;
	if (e->nev >= n && n > 0)
		return;
	(void) event_base_loopexit(e->base, &tv);
	(void) event_base_dispatch(e->base);
}

/* A reply from the trusted server (or from) to the guest's MAC. */
static void
send_reply(struct env *e, const char *from, uint8_t type, uint32_t xid,
    const char *yiaddr, uint32_t lease, const uint8_t *chaddr)
{
	struct frame_dhcp4 d = {
		.eth_src = server, .eth_dst = guest, .ip_src = from,
		.ip_dst = yiaddr != NULL ? yiaddr : "255.255.255.255",
		.sport = 67, .dport = 68, .op = 2, .type = type, .xid = xid,
		.chaddr = chaddr, .yiaddr = yiaddr, .server_id = from,
		.lease = lease,
	};
	struct frame f;

	frame_dhcp4(&f, &d);
	frame_send(e->to_guest, &f);
}

static void
send_ack(struct env *e, const char *yiaddr, uint32_t lease)
{
	send_reply(e, "10.0.0.1", 5, 1, yiaddr, lease, guest);
}

/* A request from the guest (type 3 REQUEST, 4 DECLINE, 7 RELEASE). */
static void
send_request(struct env *e, uint8_t type, uint32_t xid, const char *ciaddr,
    const char *requested)
{
	struct frame_dhcp4 d = {
		.eth_src = guest, .eth_dst = server,
		.ip_src = ciaddr != NULL ? ciaddr : "0.0.0.0",
		.ip_dst = "10.0.0.1", .sport = 68, .dport = 67, .op = 1,
		.type = type, .xid = xid, .chaddr = guest, .ciaddr = ciaddr,
		.requested = requested, .server_id = "10.0.0.1",
	};
	struct frame f;

	frame_dhcp4(&f, &d);
	frame_send(e->from_guest, &f);
}

static void
expect(const struct env *e, int i, bool learned, const char *ip)
{
	ck_assert_int_gt(e->nev, i);
	ck_assert_int_eq(e->ev[i].learned, learned);
	ck_assert_str_eq(e->ev[i].ip, ip);
}

START_TEST(test_ack_learns_and_renews)
{
	struct env e;
	json_t *info;

	setup(&e, SNOOP_LEARN_DHCP);
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 2000);
	expect(&e, 0, true, "10.0.0.22");
	ck_assert_uint_eq(e.ev[0].lease, 3600);
	send_ack(&e, "10.0.0.22", 7200);
	run(&e, 2, 2000);
	expect(&e, 1, true, "10.0.0.22");
	ck_assert_uint_eq(e.ev[1].lease, 7200);
	ck_assert_uint_eq(snoop_count(e.s), 1);
	info = json_object();
	snoop_info(e.s, info);
	ck_assert_str_eq(json_string_value(json_object_get(info, "learning")),
	    "dhcp");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(info, "addresses"), 0), "ip")), "10.0.0.22");
	ck_assert_int_ge(json_integer_value(json_object_get(json_array_get(
	    json_object_get(info, "addresses"), 0), "remaining")), 7199);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
	    info, "snoop"), "learned")), 2);
	json_decref(info);
	teardown(&e);
}
END_TEST

START_TEST(test_untrusted_and_other_clients)
{
	struct env e;
	const struct snoop_stats *st;

	setup(&e, SNOOP_LEARN_DHCP);
	send_reply(&e, "10.0.0.66", 5, 1, "10.0.0.23", 3600, guest);
	send_reply(&e, "10.0.0.1", 5, 1, "10.0.0.24", 3600, other);
	send_reply(&e, "10.0.0.1", 2, 1, "10.0.0.25", 3600, guest); /* OFFER */
	send_ack(&e, "10.0.0.1", 3600);		/* the server's own */
	send_ack(&e, "127.0.0.1", 3600);
	run(&e, 1, 500);
	ck_assert_int_eq(e.nev, 0);
	st = snoop_get_stats(e.s);
	ck_assert_uint_eq(st->frames, 5);
	ck_assert_uint_eq(st->untrusted, 1);
	ck_assert_uint_eq(st->ignored, 4);
	teardown(&e);
}
END_TEST

/* The kernel filter: replies entering from the guest and requests leaving
 * toward it never reach the snooper; neither does other traffic. */
START_TEST(test_filter_direction)
{
	struct frame_dhcp4 d = {
		.eth_src = guest, .eth_dst = server, .ip_src = "10.0.0.1",
		.ip_dst = "10.0.0.22", .sport = 67, .dport = 68, .op = 2,
		.type = 5, .xid = 1, .chaddr = guest, .yiaddr = "10.0.0.22",
		.server_id = "10.0.0.1", .lease = 3600,
	};
	struct env e;
	struct frame f;

	setup(&e, SNOOP_LEARN_DHCP);
	frame_dhcp4(&f, &d);
	frame_send(e.from_guest, &f);		/* a forged ACK from the guest */
	d.sport = 68;
	d.dport = 67;
	d.op = 1;
	d.type = 3;
	frame_dhcp4(&f, &d);
	frame_send(e.to_guest, &f);		/* someone's request, flooded */
	d.dport = 53;
	frame_dhcp4(&f, &d);
	frame_send(e.from_guest, &f);		/* DNS */
	frame_arp(&f, guest, "10.0.0.40", "10.0.0.1");
	frame_send(e.from_guest, &f);		/* ARP, not in mode dhcp */
	frame_dhcp6(&f, server, guest, "fe80::1", "fe80::22", 547, 546, 7,
	    "fd00::22", 100);
	frame_send(e.from_guest, &f);		/* DHCPv6 reply from guest */
	run(&e, 1, 500);
	ck_assert_int_eq(e.nev, 0);
	ck_assert_uint_eq(snoop_get_stats(e.s)->frames, 0);
	teardown(&e);
}
END_TEST

START_TEST(test_nak_release_decline)
{
	struct env e;

	setup(&e, SNOOP_LEARN_DHCP);
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 2000);
	send_request(&e, 3, 42, NULL, "10.0.0.22");
	send_reply(&e, "10.0.0.1", 6, 42, NULL, 0, guest);
	run(&e, 2, 2000);
	expect(&e, 1, false, "10.0.0.22");

	send_ack(&e, "10.0.0.23", 3600);
	run(&e, 3, 2000);
	send_request(&e, 7, 43, "10.0.0.23", NULL);
	run(&e, 4, 2000);
	expect(&e, 3, false, "10.0.0.23");

	send_ack(&e, "10.0.0.24", 3600);
	run(&e, 5, 2000);
	send_request(&e, 4, 44, NULL, "10.0.0.24");
	run(&e, 6, 2000);
	expect(&e, 5, false, "10.0.0.24");
	ck_assert_uint_eq(snoop_count(e.s), 0);
	teardown(&e);
}
END_TEST

START_TEST(test_expiry)
{
	struct env e;

	setup(&e, SNOOP_LEARN_DHCP);
	send_ack(&e, "10.0.0.22", 1);
	run(&e, 2, 3000);
	expect(&e, 0, true, "10.0.0.22");
	expect(&e, 1, false, "10.0.0.22");
	ck_assert_uint_eq(snoop_count(e.s), 0);
	teardown(&e);
}
END_TEST

START_TEST(test_at_most_eight)
{
	char ip[32];
	struct env e;
	int i;

	setup(&e, SNOOP_LEARN_DHCP);
	for (i = 0; i < 10; i++) {
		(void) snprintf(ip, sizeof ip, "10.0.0.%d", 50 + i);
		send_ack(&e, ip, 3600);
	}
	run(&e, 10, 1000);
	ck_assert_int_eq(e.nev, SNOOP_MAX_ADDRS);
	ck_assert_uint_eq(snoop_count(e.s), SNOOP_MAX_ADDRS);
	ck_assert_uint_eq(snoop_get_stats(e.s)->full, 2);
	teardown(&e);
}
END_TEST

START_TEST(test_learned_cb_fails)
{
	struct env e;

	setup(&e, SNOOP_LEARN_DHCP);
	e.fail_learn = -EPERM;
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 500);
	ck_assert_uint_eq(snoop_count(e.s), 0);
	teardown(&e);
}
END_TEST

/* 500 requests a second from the guest for 2 s: the snooper looks at no
 * more than its bucket (100) plus 100 a second, uses most of that, and
 * every frame is either read or counted as dropped by the kernel. */
START_TEST(test_rate_limit)
{
	const struct snoop_stats *st;
	struct timespec t0, t1;
	uint64_t processed;
	double secs;
	struct env e;
	pid_t pid;
	int i, status;

	setup(&e, SNOOP_LEARN_DHCP);
	(void) clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct timespec gap = { 0, 2000000 };

		for (i = 0; i < 1000; i++) {
			send_request(&e, 3, (uint32_t) i, NULL, "10.0.0.22");
			(void) nanosleep(&gap, NULL);
		}
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		run(&e, 0, 50);
	(void) clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double) (t1.tv_sec - t0.tv_sec) +
	    (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
	run(&e, 0, 1500);		/* drain the queue */
	st = snoop_get_stats(e.s);
	processed = st->frames - st->rate_dropped;
	printf("# rate: %llu read, %llu processed in %.2f s (+1.5 s), "
	    "%llu over the rate, %llu dropped by the kernel\n",
	    (unsigned long long) st->frames, (unsigned long long) processed,
	    secs, (unsigned long long) st->rate_dropped,
	    (unsigned long long) st->kernel_drops);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_uint_eq(st->frames + st->kernel_drops, 1000);
	ck_assert_double_le((double) processed,
	    SNOOP_RATE + SNOOP_RATE * (secs + 1.5) + 1);
	ck_assert_uint_ge(processed, SNOOP_RATE + SNOOP_RATE * 1);
	ck_assert_uint_ge(st->rate_dropped + st->kernel_drops, 1000 -
	    processed);
	/* once the flood stops the bucket fills again */
	sleep(1);
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 2000);
	expect(&e, 0, true, "10.0.0.22");
	teardown(&e);
}
END_TEST

START_TEST(test_dhcpv6)
{
	struct env e;
	struct frame f;

	setup(&e, SNOOP_LEARN_DHCP);
	frame_dhcp6(&f, server, guest, "fe80::66", "fe80::22", 547, 546, 7,
	    "fd00::23", 600);
	frame_send(e.to_guest, &f);		/* untrusted */
	frame_dhcp6(&f, server, guest, "fe80::1", "fe80::22", 547, 546, 2,
	    "fd00::24", 600);
	frame_send(e.to_guest, &f);		/* ADVERTISE: nothing */
	frame_dhcp6(&f, server, guest, "fe80::1", "fe80::22", 547, 546, 7,
	    "fd00::22", 600);
	frame_send(e.to_guest, &f);
	run(&e, 1, 2000);
	expect(&e, 0, true, "fd00::22");
	ck_assert_uint_eq(e.ev[0].lease, 600);
	ck_assert_uint_eq(snoop_get_stats(e.s)->untrusted, 1);
	frame_dhcp6(&f, guest, server, "fe80::22", "ff02::1:2", 546, 547, 8,
	    "fd00::22", 0);
	frame_send(e.from_guest, &f);		/* RELEASE */
	run(&e, 2, 2000);
	expect(&e, 1, false, "fd00::22");
	teardown(&e);
}
END_TEST

START_TEST(test_any_first_packet)
{
	struct env e;
	struct frame f;
	json_t *info;
	uint64_t frames;

	setup(&e, SNOOP_LEARN_ANY);
	frame_arp(&f, guest, "0.0.0.0", "10.0.0.44");	/* a probe */
	frame_send(e.from_guest, &f);
	frame_arp(&f, other, "10.0.0.45", "10.0.0.1");	/* not the guest */
	frame_send(e.from_guest, &f);
	frame_arp(&f, guest, "10.0.0.44", "10.0.0.1");
	frame_send(e.from_guest, &f);
	run(&e, 1, 2000);
	expect(&e, 0, true, "10.0.0.44");
	ck_assert_uint_eq(e.ev[0].lease, SNOOP_LEASE_INFINITE);
	frames = snoop_get_stats(e.s)->frames;
	ck_assert_uint_eq(frames, 3);
	/* known now: the filter takes no more ARP */
	frame_arp(&f, guest, "10.0.0.46", "10.0.0.1");
	frame_send(e.from_guest, &f);
	run(&e, 2, 300);
	ck_assert_int_eq(e.nev, 1);
	ck_assert_uint_eq(snoop_get_stats(e.s)->frames, frames);
	info = json_object();
	snoop_info(e.s, info);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(info, "addresses"), 0), "source")), "packet");
	ck_assert_ptr_null(json_object_get(json_array_get(
	    json_object_get(info, "addresses"), 0), "expires"));
	json_decref(info);
	teardown(&e);
}
END_TEST

START_TEST(test_mode_none)
{
	struct env e;

	setup(&e, SNOOP_LEARN_NONE);
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 300);
	ck_assert_int_eq(e.nev, 0);
	ck_assert_uint_eq(snoop_get_stats(e.s)->frames, 0);
	teardown(&e);
}
END_TEST

START_TEST(test_malformed)
{
	struct frame_dhcp4 d = {
		.eth_src = guest, .eth_dst = server, .ip_src = "0.0.0.0",
		.ip_dst = "10.0.0.1", .sport = 68, .dport = 67, .op = 1,
		.type = 3, .xid = 1, .chaddr = guest,
	};
	struct env e;
	struct frame f;

	setup(&e, SNOOP_LEARN_DHCP);
	frame_dhcp4(&f, &d);
	f.b[14 + 28 + 241] = 200;		/* option 53 overruns */
	frame_send(e.from_guest, &f);
	f.b[14 + 28 + 241] = 1;
	f.b[14 + 24] = 0xff;			/* UDP length too long */
	frame_send(e.from_guest, &f);
	run(&e, 1, 300);
	ck_assert_uint_eq(snoop_get_stats(e.s)->frames, 2);
	ck_assert_uint_eq(snoop_get_stats(e.s)->malformed, 2);
	teardown(&e);
}
END_TEST

/* Leases survive a restart: a second snooper re-installs them from the
 * file before any new DHCP. */
START_TEST(test_persisted)
{
	char dir[] = "/tmp/vigil-snoop-XXXXXX", path[128], cmd[160];
	struct leases store, loaded;
	struct vg_err err;
	struct env e;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void) snprintf(path, sizeof path, "%s/guests/g/leases.json", dir);
	memset(&e, 0, sizeof e);
	netns();
	e.base = event_base_new();
	leases_init(&store, uuid);
	e.s = make_snoop(&e, SNOOP_LEARN_DHCP, &store, path);
	e.to_guest = frame_socket("vg-host");
	e.from_guest = frame_socket("vg-guest");
	send_ack(&e, "10.0.0.22", 3600);
	send_ack(&e, "10.0.0.23", 3600);
	run(&e, 2, 2000);
	snoop_free(e.s);		/* writes what is pending */
	leases_done(&store);

	leases_init(&loaded, uuid);
	ck_assert_msg(leases_load(&loaded, path, &err) == 2, "%s", err.msg);
	e.nev = 0;
	e.s = make_snoop(&e, SNOOP_LEARN_DHCP, &loaded, path);
	ck_assert_int_eq(e.nev, 2);
	ck_assert(e.ev[0].learned && e.ev[1].learned);
	ck_assert_uint_ge(e.ev[0].lease, 3598);
	ck_assert_uint_le(e.ev[0].lease, 3600);
	ck_assert_uint_eq(snoop_count(e.s), 2);
	teardown(&e);
	leases_done(&loaded);
	(void) snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	sh(cmd);
}
END_TEST

static long
rss_kib(void)
{
	long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%ld %ld", &pages, &rss), 2);
	fclose(f);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

struct tick {
	struct event *ev;
	struct timespec last;
	double max_late_ms;
};

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct tick *t = arg;
	struct timespec now;
	double gap;

	(void) fd;
	(void) what;
	(void) clock_gettime(CLOCK_MONOTONIC, &now);
	gap = (double) (now.tv_sec - t->last.tv_sec) * 1e3 +
	    (double) (now.tv_nsec - t->last.tv_nsec) / 1e6 - 10.0;
	if (gap > t->max_late_ms)
		t->max_late_ms = gap;
	t->last = now;
}

/* 100,000 DHCP requests from the guest as fast as a child can send them:
 * the loop stays responsive (a 10 ms timer is never late by 100 ms), memory
 * stays flat, and a real ACK is learned right after. */
START_TEST(test_flood)
{
	struct timeval ten_ms = { 0, 10000 };
	const struct snoop_stats *st;
	struct tick t = { 0 };
	long rss0, rss1;
	struct env e;
	struct frame f;
	pid_t pid;
	int i, status;

	setup(&e, SNOOP_LEARN_DHCP);
	run(&e, 0, 50);
	rss0 = rss_kib();
	t.ev = event_new(e.base, -1, EV_PERSIST, tick_cb, &t);
	(void) clock_gettime(CLOCK_MONOTONIC, &t.last);
	(void) event_add(t.ev, &ten_ms);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct frame_dhcp4 d = {
			.eth_src = guest, .eth_dst = server,
			.ip_src = "0.0.0.0", .ip_dst = "255.255.255.255",
			.sport = 68, .dport = 67, .op = 1, .type = 3,
			.chaddr = guest, .requested = "10.0.0.22",
		};

		frame_dhcp4(&f, &d);
		errno = 0;		/* the loop, not the sender, is measured */
		if (nice(19) == -1 && errno != 0)
			_exit(2);
		for (i = 0; i < 100000; i++)
			while (send(e.from_guest, f.b, f.len, 0) < 0 &&
			    errno == ENOBUFS)
				;
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		run(&e, 0, 100);
	run(&e, 0, 1500);		/* drain the queue */
	st = snoop_get_stats(e.s);
	rss1 = rss_kib();
	printf("# flood: %llu frames read, %llu over the rate, %llu dropped "
	    "by the kernel, loop late by at most %.1f ms, rss %ld -> %ld "
	    "KiB\n", (unsigned long long) st->frames,
	    (unsigned long long) st->rate_dropped,
	    (unsigned long long) st->kernel_drops, t.max_late_ms, rss0, rss1);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_uint_eq(st->frames + st->kernel_drops, 100000);
	ck_assert_double_lt(t.max_late_ms, 100.0);
	ck_assert_int_lt(rss1 - rss0, 1024);
	event_free(t.ev);
	sleep(1);
	send_ack(&e, "10.0.0.22", 3600);
	run(&e, 1, 2000);
	expect(&e, 0, true, "10.0.0.22");
	teardown(&e);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("snoop");
	TCase *tc = tcase_create("snoop");

	if (geteuid() != 0) {
		printf("1..0 # SKIP needs root (network namespaces)\n");
		exit(0);
	}
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_ack_learns_and_renews);
	tcase_add_test(tc, test_untrusted_and_other_clients);
	tcase_add_test(tc, test_filter_direction);
	tcase_add_test(tc, test_nak_release_decline);
	tcase_add_test(tc, test_expiry);
	tcase_add_test(tc, test_at_most_eight);
	tcase_add_test(tc, test_learned_cb_fails);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_dhcpv6);
	tcase_add_test(tc, test_any_first_packet);
	tcase_add_test(tc, test_mode_none);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_persisted);
	tcase_add_test(tc, test_flood);
	suite_add_tcase(s, tc);
	return s;
}
