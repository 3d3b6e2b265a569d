/* Benchmark: installing and removing one port's clean-traffic filter (one
 * libnftables transaction each) with 0, 100 and 1000 other filtered ports
 * present; median of ROUNDS (20) each, target <= 5 ms and flat in the
 * number of ports. Also: reading a port's drop counters and adding a
 * learned address. Runs as root in a network namespace of its own.
 *
 *   tests/bench/filters [ROUNDS]
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "supervisor/port-filter.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t) n, sizeof *v, by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static struct port_filter *
port(int i, const char *ip)
{
	static struct config_param p = { (char *) "IP", NULL };
	struct port_filter_config cfg = {
		.guest = "bench", .filter = "clean-traffic", .root = "/none",
		.params = &p, .nparams = 1,
	};
	char ifname[16];

	snprintf(ifname, sizeof ifname, "vb%d", i);
	cfg.ifname = ifname;
	p.value = (char *) ip;
	cfg.mac[0] = 0x52;
	cfg.mac[1] = 0x54;
	cfg.mac[4] = (uint8_t) (i >> 8);
	cfg.mac[5] = (uint8_t) i;
	return port_filter_new(NULL, &cfg);
}

int
main(int argc, char **argv)
{
	static const int others[] = { 0, 100, 1000 };
	int rounds = argc > 1 ? atoi(argv[1]) : 20;
	struct port_filter **bg, *pf;
	struct port_filter_counters c;
	struct vg_err err;
	double *ins, *rem, *cnt, *add;
	char ip[32], dir[4096];
	struct addr_ip a;
	int have = 0, i, k;
	const char *src = getenv("VIGIL_SRCDIR");

	log_init("bench", NULL, LOG_LEVEL_ERR);
	if (rounds < 1 || geteuid() != 0 || unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "usage: tests/bench/filters [ROUNDS] (as "
		    "root)\n");
		return 2;
	}
	snprintf(dir, sizeof dir, "%s/filters/builtin",
	    src != NULL ? src : VIGIL_SRCDIR);
	setenv("VIGIL_FILTER_DIR", dir, 0);
	bg = calloc(1000, sizeof *bg);
	ins = calloc((size_t) rounds, sizeof *ins);
	rem = calloc((size_t) rounds, sizeof *rem);
	cnt = calloc((size_t) rounds, sizeof *cnt);
	add = calloc((size_t) rounds, sizeof *add);
	printf("filters: clean-traffic, one transaction per change, median "
	    "of %d\n", rounds);
	printf("%12s %12s %12s %12s %12s\n", "other ports", "install ms",
	    "remove ms", "counters ms", "learn ms");
	for (k = 0; k < 3; k++) {
		for (; have < others[k]; have++) {
			snprintf(ip, sizeof ip, "10.%d.%d.1", have >> 8,
			    have & 255);
			bg[have] = port(have + 1, ip);
			if (port_filter_install(bg[have], &err) < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
		}
		for (i = 0; i < rounds; i++) {
			double t0, t1;

			pf = port(0, "192.168.0.1");
			t0 = now_ms();
			if (port_filter_install(pf, &err) < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			t1 = now_ms();
			ins[i] = t1 - t0;
			(void) port_filter_counters(pf, &c, &err);
			cnt[i] = now_ms() - t1;
			addr_ip_parse("192.168.0.99", &a);
			t1 = now_ms();
			(void) port_filter_addr_add(pf, &a, 600, &err);
			add[i] = now_ms() - t1;
			t0 = now_ms();
			if (port_filter_remove(pf, &err) < 0) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			rem[i] = now_ms() - t0;
			port_filter_free(pf);
		}
		printf("%12d %12.2f %12.2f %12.2f %12.2f\n", others[k],
		    median(ins, rounds), median(rem, rounds),
		    median(cnt, rounds), median(add, rounds));
		fflush(stdout);
	}
	for (i = 0; i < have; i++)
		port_filter_free(bg[i]);
	free(bg);
	free(ins);
	free(rem);
	free(cnt);
	free(add);
	return 0;
}
