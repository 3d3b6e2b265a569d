/* supervisor/leases.c: the learned-address store and leases.json. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>

#include "common/err.h"
#include "supervisor/leases.h"
#include "tests/unit/unit.h"

static const uint8_t uuid[16] = { 0xa0, 0x99, 0x37, 0x6e, 0xa8, 0x03, 0xca,
	0x94, 0xf9, 0x9c, 0xd9, 0xa8, 0xf9, 0xa3, 0x00, 0x88 };
static const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x11 };
static const uint8_t mac2[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x22 };

static struct addr_ip
ip(const char *s)
{
	struct addr_ip a;

	ck_assert_int_eq(addr_ip_parse(s, &a), 0);
	return a;
}

/* A fresh temporary directory's file name; the directory is left behind
 * in /tmp only if a test fails. */
static char *
tmp_path(char dir[64])
{
	static char path[128];

	strcpy(dir, "/tmp/vigil-leases-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	(void) snprintf(path, sizeof path, "%s/sub/leases.json", dir);
	return path;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_set_remove_prune)
{
	struct leases l;
	struct addr_ip a = ip("10.0.0.5"), b = ip("fd00::5");

	leases_init(&l, uuid);
	ck_assert_str_eq(l.uuid, "a099376e-a803-ca94-f99c-d9a8f9a30088");
	ck_assert_int_eq(leases_set(&l, mac1, &a, 100), 1);
	ck_assert_int_eq(leases_set(&l, mac1, &a, 100), 0);
	ck_assert_int_eq(leases_set(&l, mac1, &a, 200), 1);
	ck_assert_int_eq(leases_set(&l, mac2, &a, 50), 1);
	ck_assert_int_eq(leases_set(&l, mac1, &b, 0), 1);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_int_eq(leases_find(&l, mac1, &a)->expires, 200);
	ck_assert_ptr_null(leases_find(&l, mac2, &b));
	ck_assert_uint_eq(leases_prune(&l, 150), 1);	/* mac2's */
	ck_assert_ptr_null(leases_find(&l, mac2, &a));
	ck_assert_uint_eq(leases_prune(&l, 1000000), 1);	/* not "never" */
	ck_assert_ptr_nonnull(leases_find(&l, mac1, &b));
	ck_assert_int_eq(leases_remove(&l, mac1, &b), 1);
	ck_assert_int_eq(leases_remove(&l, mac1, &b), 0);
	ck_assert_uint_eq(l.n, 0);
	leases_done(&l);
}
END_TEST

START_TEST(test_full)
{
	struct leases l;
	struct addr_ip a = ip("10.0.0.0");
	int i;

	leases_init(&l, uuid);
	for (i = 0; i < LEASES_MAX; i++) {
		a.u.v4.s_addr = htonl(0x0a000000u + (uint32_t) i);
		ck_assert_int_eq(leases_set(&l, mac1, &a, 1), 1);
	}
	a.u.v4.s_addr = htonl(0x0b000000u);
	ck_assert_int_eq(leases_set(&l, mac1, &a, 1), -ENOSPC);
	leases_done(&l);
}
END_TEST

START_TEST(test_round_trip)
{
	struct leases l, m;
	struct addr_ip a = ip("10.0.0.5"), b = ip("fd00::5");
	struct vg_err err;
	char dir[64], cmd[128];
	const char *path = tmp_path(dir);

	leases_init(&l, uuid);
	leases_init(&m, uuid);
	/* a missing file is an empty set */
	ck_assert_int_eq(leases_load(&m, path, &err), 0);
	ck_assert_int_eq(leases_set(&l, mac1, &a, 1700000000), 1);
	ck_assert_int_eq(leases_set(&l, mac2, &b, 0), 1);
	ck_assert_int_eq(leases_save(&l, path, &err), 0);
	ck_assert_int_eq(leases_load(&m, path, &err), 2);
	ck_assert_int_eq(leases_find(&m, mac1, &a)->expires, 1700000000);
	ck_assert_int_eq(leases_find(&m, mac2, &b)->expires, 0);
	/* saving again replaces the file */
	ck_assert_int_eq(leases_remove(&l, mac1, &a), 1);
	ck_assert_int_eq(leases_save(&l, path, &err), 0);
	ck_assert_int_eq(leases_load(&m, path, &err), 1);
	ck_assert_ptr_null(leases_find(&m, mac1, &a));
	leases_done(&l);
	leases_done(&m);
	(void) snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_other_guest)
{
	uint8_t other[16] = { 1 };
	struct leases l, m;
	struct addr_ip a = ip("10.0.0.5");
	struct vg_err err;
	char dir[64], cmd[128];
	const char *path = tmp_path(dir);

	leases_init(&l, other);
	leases_init(&m, uuid);
	ck_assert_int_eq(leases_set(&l, mac1, &a, 0), 1);
	ck_assert_int_eq(leases_save(&l, path, &err), 0);
	ck_assert_int_eq(leases_load(&m, path, &err), -ESTALE);
	ck_assert_uint_eq(m.n, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "belongs to guest 01000000-"));
	leases_done(&l);
	leases_done(&m);
	(void) snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static const struct {
	const char *text;
	const char *error;
} bad[] = {
	{ "{", "leases.json:1:" },
	{ "[]", "Expected object" },
	{ "{\"version\":2,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[]}", "unknown version 2" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":{}}", "is not a list" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[{\"mac\":\"52:54:00:00:00:1\",\"ip\":\"10.0.0.300\","
	  "\"expires\":0}]}", "lease 0: bad ip '10.0.0.300'" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[{\"mac\":\"nope\",\"ip\":\"10.0.0.3\","
	  "\"expires\":0}]}", "lease 0: bad mac 'nope'" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[{\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.0.0.3\","
	  "\"expires\":0},{\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.0.0.4\","
	  "\"expires\":-5}]}", "lease 1: negative expiry" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[{\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.0.0.3\"}]}",
	  "lease 0:" },
	{ "{\"version\":1,\"uuid\":\"a099376e-a803-ca94-f99c-d9a8f9a30088\","
	  "\"leases\":[{\"mac\":\"52:54:00:00:00:01\",\"ip\":\"10.0.0.3\","
	  "\"expires\":0,\"extra\":1}]}", "lease 0:" },
};

START_TEST(test_malformed)
{
	struct leases l;
	struct vg_err err;
	char dir[64], cmd[128];
	const char *path = tmp_path(dir);
	char sub[128];

	(void) snprintf(sub, sizeof sub, "%s/sub", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	leases_init(&l, uuid);
	write_file(path, bad[_i].text);
	vg_err_clear(&err);
	ck_assert_int_eq(leases_load(&l, path, &err), -EINVAL);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_msg(strstr(err.msg, bad[_i].error) != NULL,
	    "'%s' lacks '%s'", err.msg, bad[_i].error);
	ck_assert_msg(strstr(err.msg, path) != NULL, "'%s' lacks the path",
	    err.msg);
	leases_done(&l);
	(void) snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("leases");
	TCase *tc = tcase_create("leases");

	tcase_add_test(tc, test_set_remove_prune);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_other_guest);
	tcase_add_loop_test(tc, test_malformed, 0,
	    (int) (sizeof bad / sizeof bad[0]));
	suite_add_tcase(s, tc);
	return s;
}
