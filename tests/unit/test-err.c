#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/path.h"
#include "tests/unit/unit.h"

START_TEST(test_set_returns_code)
{
	struct vg_err e;

	vg_err_clear(&e);
	ck_assert_int_eq(vg_err_set(&e, -EINVAL, "bad %s", "thing"), -EINVAL);
	ck_assert_int_eq(e.code, -EINVAL);
	ck_assert_str_eq(e.msg, "bad thing");
}
END_TEST

START_TEST(test_prefix_and_sys)
{
	struct vg_err e;

	vg_err_sys(&e, -ENOENT, "open %s", "/x");
	ck_assert_str_eq(e.msg, "open /x: No such file or directory");
	ck_assert_int_eq(vg_err_prefix(&e, "guest %s: ", "alice"), -ENOENT);
	ck_assert_str_eq(e.msg,
	    "guest alice: open /x: No such file or directory");
}
END_TEST

START_TEST(test_null_err)
{
	ck_assert_int_eq(vg_err_set(NULL, -EIO, "x"), -EIO);
}
END_TEST

START_TEST(test_names)
{
	char long_name[70];

	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	ck_assert_int_eq(path_check_name("alice", NULL), 0);
	ck_assert_int_eq(path_check_name("a.b_c-1", NULL), 0);
	ck_assert_int_eq(path_check_name("", NULL), -EINVAL);
	ck_assert_int_eq(path_check_name("../x", NULL), -EINVAL);
	ck_assert_int_eq(path_check_name("a/b", NULL), -EINVAL);
	ck_assert_int_eq(path_check_name("-a", NULL), -EINVAL);
	ck_assert_int_eq(path_check_name(long_name, NULL), -EINVAL);
	long_name[64] = '\0';
	ck_assert_int_eq(path_check_name(long_name, NULL), 0);
}
END_TEST

START_TEST(test_paths)
{
	char *p = path_get("/tmp/r", PATH_GUEST_RUN, "alice");

	ck_assert_str_eq(p, "/tmp/r/run/vigil/guests/alice");
	free(p);
	p = path_get("/", PATH_GUEST_CONFIG, "bob");
	ck_assert_str_eq(p, "/etc/vigil/guests/bob.xml");
	free(p);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_set_returns_code);
	tcase_add_test(tc, test_prefix_and_sys);
	tcase_add_test(tc, test_null_err);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_paths);
	suite_add_tcase(s, tc);
	return s;
}
