#include <errno.h>
#include <string.h>

#include <sys/capability.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "supervisor/caps.h"
#include "tests/unit/unit.h"

static uint64_t
bit(int c)
{
	return (uint64_t) 1 << c;
}

static int
mask_of(enum domain_caps_policy policy, struct domain_cap *caps, size_t n,
    uint64_t *mask, struct vg_err *err)
{
	struct config_domain dom;

	memset(&dom, 0, sizeof dom);
	dom.caps_policy = policy;
	dom.caps = caps;
	dom.ncaps = n;
	vg_err_clear(err);
	return caps_drop_mask(&dom, mask, err);
}

START_TEST(test_default)
{
	struct vg_err err;
	uint64_t m;

	ck_assert_int_eq(mask_of(DOMAIN_CAPS_DEFAULT, NULL, 0, &m, &err), 0);
	ck_assert(m & bit(CAP_SYS_MODULE));
	ck_assert(m & bit(CAP_SYS_RAWIO));
	ck_assert(m & bit(CAP_SYS_TIME));
	ck_assert(m & bit(CAP_SYS_BOOT));
	ck_assert(m & bit(CAP_MAC_ADMIN));
	ck_assert(m & bit(CAP_MAC_OVERRIDE));
	ck_assert(m & bit(CAP_AUDIT_CONTROL));
	ck_assert(m & bit(CAP_SYSLOG));
	ck_assert(m & bit(CAP_WAKE_ALARM));
	ck_assert(m & bit(CAP_BLOCK_SUSPEND));
	ck_assert(m & bit(CAP_SYS_PACCT));
	ck_assert(!(m & bit(CAP_CHOWN)));
	ck_assert(!(m & bit(CAP_SYS_ADMIN)));
	ck_assert(!(m & bit(CAP_NET_ADMIN)));
}
END_TEST

START_TEST(test_default_toggles)
{
	struct domain_cap caps[] = {
		{ (char *) "sys_time", true },
		{ (char *) "net_raw", false },
	};
	struct vg_err err;
	uint64_t m;

	ck_assert_int_eq(mask_of(DOMAIN_CAPS_DEFAULT, caps, 2, &m, &err), 0);
	ck_assert(!(m & bit(CAP_SYS_TIME)));
	ck_assert(m & bit(CAP_NET_RAW));
	ck_assert(m & bit(CAP_SYS_MODULE));
}
END_TEST

START_TEST(test_allow_deny)
{
	struct domain_cap off[] = { { (char *) "sys_admin", false } };
	struct domain_cap on[] = { { (char *) "kill", true } };
	struct vg_err err;
	uint64_t m;
	int c;

	ck_assert_int_eq(mask_of(DOMAIN_CAPS_ALLOW, off, 1, &m, &err), 0);
	ck_assert(m == bit(CAP_SYS_ADMIN));
	ck_assert_int_eq(mask_of(DOMAIN_CAPS_DENY, on, 1, &m, &err), 0);
	ck_assert(!(m & bit(CAP_KILL)));
	for (c = 0; c <= CAP_LAST_CAP && c < (int) cap_max_bits(); c++)
		if (c != CAP_KILL)
			ck_assert(m & bit(c));
}
END_TEST

START_TEST(test_unknown)
{
	struct domain_cap bad[] = { { (char *) "sys_everything", true } };
	struct vg_err err;
	uint64_t m;

	ck_assert_int_eq(mask_of(DOMAIN_CAPS_DEFAULT, bad, 1, &m, &err),
	    -EINVAL);
	ck_assert_str_eq(err.msg,
	    "features/capabilities: unknown capability 'sys_everything'");
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("caps");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_default);
	tcase_add_test(tc, test_default_toggles);
	tcase_add_test(tc, test_allow_deny);
	tcase_add_test(tc, test_unknown);
	suite_add_tcase(s, tc);
	return s;
}
