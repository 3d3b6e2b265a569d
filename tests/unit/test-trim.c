#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "supervisor/trim.h"
#include "tests/unit/unit.h"

#define PAGE 4096
#define NZERO 64

/* In .bss: zeroed is written with zeros (dirty, resident, all zero),
 * kept's first page holds a byte, its second page zeros. */
static unsigned char zeroed[NZERO * PAGE] __attribute__((aligned(PAGE)));
static unsigned char kept[2 * PAGE] __attribute__((aligned(PAGE)));

static size_t
resident(const void *p, size_t len)
{
	unsigned char vec[NZERO];
	size_t i, n = 0;

	ck_assert_int_eq(mincore((void *) p, len, vec), 0);
	for (i = 0; i < len / PAGE; i++)
		n += vec[i] & 1;
	return n;
}

START_TEST(test_zero_pages_dropped)
{
	volatile unsigned char *z = zeroed, *k = kept;
	size_t i;

	ck_assert_int_eq(sysconf(_SC_PAGESIZE), PAGE);
	for (i = 0; i < sizeof zeroed; i += PAGE)
		z[i] = 0;
	k[0] = 1;
	k[PAGE] = 0;
	ck_assert_uint_eq(resident(zeroed, sizeof zeroed), NZERO);
	ck_assert_uint_eq(resident(kept, sizeof kept), 2);

	ck_assert_uint_ge(trim_zero_bss(), NZERO + 1);
	ck_assert_uint_eq(resident(zeroed, sizeof zeroed), 0);
	ck_assert_uint_eq(resident(kept, PAGE), 1);
	ck_assert_uint_eq(resident(kept + PAGE, PAGE), 0);

	/* what a program sees is the same */
	ck_assert_uint_eq(k[0], 1);
	for (i = 0; i < sizeof zeroed; i++)
		ck_assert_uint_eq(z[i], 0);
	for (i = 1; i < sizeof kept; i++)
		ck_assert_uint_eq(k[i], 0);
	/* and the pages can be written again */
	z[5 * PAGE + 7] = 42;
	ck_assert_uint_eq(z[5 * PAGE + 7], 42);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("trim");
	TCase *tc = tcase_create("trim");

	tcase_add_test(tc, test_zero_pages_dropped);
	suite_add_tcase(s, tc);
	return s;
}
