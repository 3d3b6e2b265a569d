/* Benchmark, as root in a private network namespace: a bridge br0 with a
 * "server" veth (srv0) and a guest port (vg-host, peer vg-guest).
 *  1. DHCPACK sent out of vg-host -> the snooper's learned callback.
 *  2. With clean-traffic on vg-host (port-filter.c, as learn.c wires it):
 *     DHCPACK sent by the server on srv0, across the bridge and the port's
 *     filter -> the address is an element of the port's nftables set
 *     ("address allowed"); a fresh address each round (the guest releases
 *     it in between). Target < 1 ms.
 *  3. 100,000 DHCPREQUESTs flooded from the guest: the snooper's CPU.
 * Medians over ROUNDS (50).
 *
 *   tests/bench/learning [ROUNDS]
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <event2/event.h>

#include "common/err.h"
#include "common/log.h"
#include "supervisor/port-filter.h"
#include "supervisor/snoop.h"
#include "tests/unit/frames.h"

static const uint8_t guest[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };
static const uint8_t server[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x01 };

struct bench {
	struct event_base *base;
	struct port_filter *pf;		/* NULL: callbacks only */
	struct timespec learned_at;
	int learned, forgotten, failed;
};

static double
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double) (b->tv_sec - a->tv_sec) * 1e3 +
	    (double) (b->tv_nsec - a->tv_nsec) / 1e6;
}

/* What learn.c does, timed once the set element is in. */
static int
learned_cb(const struct addr_ip *ip, uint32_t lease, void *arg)
{
	struct bench *b = arg;
	struct vg_err err;
	int r = 0;

	if (b->pf != NULL)
		r = port_filter_addr_add(b->pf, ip, lease, &err);
	(void) clock_gettime(CLOCK_MONOTONIC, &b->learned_at);
	if (r < 0) {
		fprintf(stderr, "learning: %s\n", err.msg);
		b->failed++;
	}
	b->learned++;
	(void) event_base_loopbreak(b->base);
	return r;
}

static void
forgotten_cb(const struct addr_ip *ip, void *arg)
{
	struct bench *b = arg;

	if (b->pf != NULL)
		(void) port_filter_addr_del(b->pf, ip, NULL);
	b->forgotten++;
	(void) event_base_loopbreak(b->base);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double
cpu_s(void)
{
	struct rusage ru;

	(void) getrusage(RUSAGE_SELF, &ru);
	return (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double) ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Run the loop until a callback breaks it, or 2 s. */
static void
wait_cb(struct bench *b)
{
	struct timeval limit = { 2, 0 };

	(void) event_base_loopexit(b->base, &limit);
	(void) event_base_dispatch(b->base);
}

static void
pause_ms(struct bench *b, int ms)
{
	struct timeval tv = { 0, ms * 1000 };

	(void) event_base_loopexit(b->base, &tv);
	(void) event_base_dispatch(b->base);
}

/* rounds ACKs sent on tx; with rel >= 0 the guest releases the address
 * after each. Prints and returns the median latency in ms (-1: failed). */
static double
measure(struct bench *b, const char *what, int rounds, int tx, int rel)
{
	struct frame_dhcp4 ack = {
		.eth_src = server, .eth_dst = guest, .ip_src = "10.0.0.1",
		.ip_dst = "10.0.0.22", .sport = 67, .dport = 68, .op = 2,
		.type = 5, .chaddr = guest, .yiaddr = "10.0.0.22",
		.server_id = "10.0.0.1",
	};
	struct frame_dhcp4 release = {
		.eth_src = guest, .eth_dst = server, .ip_src = "10.0.0.22",
		.ip_dst = "10.0.0.1", .sport = 68, .dport = 67, .op = 1,
		.type = 7, .chaddr = guest, .ciaddr = "10.0.0.22",
		.server_id = "10.0.0.1",
	};
	double *lat = calloc((size_t) rounds, sizeof *lat), med;
	struct timespec sent;
	struct frame f;
	int i, want;

	for (i = 0; i < rounds; i++) {
		ack.xid = (uint32_t) i;
		ack.lease = 3600 + (uint32_t) i;
		frame_dhcp4(&f, &ack);
		want = b->learned + 1;
		(void) clock_gettime(CLOCK_MONOTONIC, &sent);
		frame_send(tx, &f);
		wait_cb(b);
		if (b->learned != want || b->failed > 0) {
			fprintf(stderr, "learning: %s: ACK %d not learned\n",
			    what, i);
			free(lat);
			return -1;
		}
		lat[i] = ms_between(&sent, &b->learned_at);
		if (rel >= 0) {
			release.xid = (uint32_t) i;
			frame_dhcp4(&f, &release);
			want = b->forgotten + 1;
			frame_send(rel, &f);
			wait_cb(b);
			if (b->forgotten != want) {
				fprintf(stderr, "learning: %s: RELEASE %d "
				    "not seen\n", what, i);
				free(lat);
				return -1;
			}
		}
		pause_ms(b, 25);	/* stay under 100 frames/s */
	}
	qsort(lat, (size_t) rounds, sizeof *lat, cmp_double);
	printf("%s, %d rounds: median %.3f ms, p90 %.3f ms, max %.3f ms "
	    "(target < 1 ms)\n", what, rounds, lat[rounds / 2],
	    lat[rounds * 9 / 10], lat[rounds - 1]);
	med = lat[rounds / 2];
	free(lat);
	return med;
}

/* A child floods 100,000 DHCPREQUESTs from the guest; the loop runs until
 * it is done. Prints the snooper's CPU share over that time. */
static void
flood(struct bench *b, struct snoop *s, int from_guest)
{
	struct frame_dhcp4 d = {
		.eth_src = guest, .eth_dst = server, .ip_src = "0.0.0.0",
		.ip_dst = "255.255.255.255", .sport = 68, .dport = 67,
		.op = 1, .type = 3, .chaddr = guest,
		.requested = "10.0.0.22",
	};
	const struct snoop_stats *st;
	struct timespec t0, t1;
	struct frame f;
	double c0, c1;
	int i, status;
	pid_t pid;

	frame_dhcp4(&f, &d);
	(void) clock_gettime(CLOCK_MONOTONIC, &t0);
	c0 = cpu_s();
	pid = fork();
	if (pid == 0) {
		for (i = 0; i < 100000; i++)
			while (send(from_guest, f.b, f.len, 0) < 0 &&
			    errno == ENOBUFS)
				;
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		pause_ms(b, 100);
	pause_ms(b, 100);
	c1 = cpu_s();
	(void) clock_gettime(CLOCK_MONOTONIC, &t1);
	st = snoop_get_stats(s);
	printf("flood from the guest: 100000 frames in %.0f ms; the snooper "
	    "read %llu (%llu over the rate limit), the kernel dropped %llu; "
	    "snooper CPU %.0f ms = %.1f%% of one core\n", ms_between(&t0, &t1),
	    (unsigned long long) st->frames,
	    (unsigned long long) st->rate_dropped,
	    (unsigned long long) st->kernel_drops, (c1 - c0) * 1e3,
	    100.0 * (c1 - c0) * 1e3 / ms_between(&t0, &t1));
}

static struct snoop *
snoop_up(struct bench *b)
{
	static struct addr_ip trusted;
	struct snoop_config cfg = {
		.ifname = "vg-host", .mode = SNOOP_LEARN_DHCP,
		.trusted = &trusted, .ntrusted = 1,
		.ops = { learned_cb, forgotten_cb }, .arg = b,
	};
	struct vg_err err;
	struct snoop *s;

	(void) addr_ip_parse("10.0.0.1", &trusted);
	cfg.ifindex = (int) if_nametoindex("vg-host");
	memcpy(cfg.mac, guest, 6);
	s = snoop_new(b->base, &cfg);
	if (snoop_start(s, &err) < 0) {
		fprintf(stderr, "learning: %s\n", err.msg);
		exit(1);
	}
	return s;
}

static struct port_filter *
filter_up(void)
{
	static struct config_param params[] = {
		{ (char *) "DHCPSERVER", (char *) "10.0.0.1" },
		{ (char *) "CTRL_IP_LEARNING", (char *) "dhcp" },
	};
	struct port_filter_config cfg = {
		.guest = "bench", .ifname = "vg-host",
		.filter = "clean-traffic", .params = params, .nparams = 2,
		.root = "/nonexistent",
	};
	struct port_filter *pf;
	struct vg_err err;
	char dir[4096];
	const char *src = getenv("VIGIL_SRCDIR");

	(void) snprintf(dir, sizeof dir, "%s/filters/builtin",
	    src != NULL ? src : VIGIL_SRCDIR);
	setenv("VIGIL_FILTER_DIR", dir, 0);
	memcpy(cfg.mac, guest, 6);
	pf = port_filter_new(NULL, &cfg);
	if (port_filter_install(pf, &err) < 0) {
		fprintf(stderr, "learning: %s\n", err.msg);
		exit(1);
	}
	return pf;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 50;
	struct bench b = { 0 };
	struct snoop *s;
	int port_tx, srv_tx, guest_tx;

	if (rounds < 1 || rounds > 10000)
		rounds = 50;
	if (geteuid() != 0) {
		fprintf(stderr, "learning: needs root\n");
		return 77;
	}
	log_init("learning", NULL, LOG_LEVEL_WARN);
	if (unshare(CLONE_NEWNET) < 0 ||
	    system("ip link add br0 type bridge && "
	    "ip link add srv0 type veth peer name srv0-br && "
	    "ip link add vg-host type veth peer name vg-guest && "
	    "ip link set srv0-br master br0 && "
	    "ip link set vg-host master br0 && "
	    "for l in br0 srv0 srv0-br vg-host vg-guest; do "
	    "ip link set $l up || exit 1; done && "
	    "for i in $(seq 300); do "
	    "ip -br link show vg-host | grep -qw UP && "
	    "ip -br link show srv0-br | grep -qw UP && exit 0; "
	    "sleep 0.01; done; exit 1") != 0) {
		fprintf(stderr, "learning: cannot set up the bridge\n");
		return 1;
	}
	b.base = event_base_new();
	port_tx = frame_socket("vg-host");
	srv_tx = frame_socket("srv0");
	guest_tx = frame_socket("vg-guest");

	s = snoop_up(&b);
	if (measure(&b, "1. DHCPACK leaving the port -> learned callback",
	    rounds, port_tx, -1) < 0)
		return 1;
	snoop_free(s);

	b.pf = filter_up();
	s = snoop_up(&b);
	if (measure(&b, "2. DHCPACK from the server -> address in the port's "
	    "nftables set", rounds, srv_tx, guest_tx) < 0)
		return 1;
	pause_ms(&b, 1000);
	flood(&b, s, guest_tx);

	snoop_free(s);
	(void) port_filter_remove(b.pf, NULL);
	port_filter_free(b.pf);
	event_base_free(b.base);
	return 0;
}
