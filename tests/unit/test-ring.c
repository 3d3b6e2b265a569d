#include <stdlib.h>
#include <string.h>

#include "common/ring.h"
#include "tests/unit/unit.h"

/* Flatten the ring through ring_segments. */
static size_t
flatten(const struct ring *r, unsigned char *out)
{
	struct iovec iov[2];
	size_t got = 0;
	int i, n;

	n = ring_segments(r, iov);
	for (i = 0; i < n; i++) {
		memcpy(out + got, iov[i].iov_base, iov[i].iov_len);
		got += iov[i].iov_len;
	}
	return got;
}

START_TEST(test_empty)
{
	struct ring r;
	struct iovec iov[2];
	char out[4];

	ring_init(&r, 8);
	ck_assert_uint_eq(ring_len(&r), 0);
	ck_assert_uint_eq(ring_size(&r), 8);
	ck_assert_int_eq(ring_segments(&r, iov), 0);
	ck_assert_uint_eq(ring_copy_tail(&r, out, sizeof out), 0);
	ring_done(&r);
	ring_done(&r);
}
END_TEST

START_TEST(test_zero_size)
{
	struct ring r;
	struct iovec iov[2];

	ring_init(&r, 0);
	ring_write(&r, "abc", 3);
	ck_assert_uint_eq(ring_len(&r), 0);
	ck_assert_int_eq(ring_segments(&r, iov), 0);
	ring_done(&r);
}
END_TEST

START_TEST(test_wrap)
{
	unsigned char out[16];
	struct ring r;
	struct iovec iov[2];

	ring_init(&r, 8);
	ring_write(&r, "abcdef", 6);
	ck_assert_int_eq(ring_segments(&r, iov), 1);
	ring_write(&r, "ghij", 4);
	ck_assert_uint_eq(ring_len(&r), 8);
	ck_assert_int_eq(ring_segments(&r, iov), 2);
	ck_assert_uint_eq(flatten(&r, out), 8);
	ck_assert_int_eq(memcmp(out, "cdefghij", 8), 0);
	ck_assert_uint_eq(ring_copy_tail(&r, out, 3), 3);
	ck_assert_int_eq(memcmp(out, "hij", 3), 0);
	ck_assert_uint_eq(ring_copy_tail(&r, out, 6), 6);
	ck_assert_int_eq(memcmp(out, "efghij", 6), 0);
	ring_clear(&r);
	ck_assert_uint_eq(ring_len(&r), 0);
	ring_write(&r, "xy", 2);
	ck_assert_uint_eq(flatten(&r, out), 2);
	ck_assert_int_eq(memcmp(out, "xy", 2), 0);
	ring_done(&r);
}
END_TEST

START_TEST(test_write_larger_than_ring)
{
	unsigned char out[8];
	struct ring r;

	ring_init(&r, 4);
	ring_write(&r, "ab", 2);
	ring_write(&r, "0123456789", 10);
	ck_assert_uint_eq(flatten(&r, out), 4);
	ck_assert_int_eq(memcmp(out, "6789", 4), 0);
	ring_write(&r, "Z", 1);
	ck_assert_uint_eq(flatten(&r, out), 4);
	ck_assert_int_eq(memcmp(out, "789Z", 4), 0);
	ring_done(&r);
}
END_TEST

/* Random writes against a model: the ring must hold the stream's tail. */
START_TEST(test_random_against_model)
{
	enum { STREAM = 1 << 16 };
	unsigned char *stream = malloc(STREAM), *out = malloc(STREAM);
	size_t sizes[] = { 1, 2, 7, 64, 4096 }, total, n, want;
	unsigned int seed = 42;
	struct ring r;
	size_t i, k;

	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		ring_init(&r, sizes[k]);
		total = 0;
		while (total < STREAM) {
			n = (size_t) rand_r(&seed) % (2 * sizes[k] + 3);
			if (n > STREAM - total)
				n = STREAM - total;
			for (i = 0; i < n; i++)
				stream[total + i] =
				    (unsigned char) rand_r(&seed);
			ring_write(&r, stream + total, n);
			total += n;
			want = total < sizes[k] ? total : sizes[k];
			ck_assert_uint_eq(ring_len(&r), want);
			ck_assert_uint_eq(flatten(&r, out), want);
			ck_assert_int_eq(memcmp(out, stream + total - want,
			    want), 0);
		}
		ring_done(&r);
	}
	free(stream);
	free(out);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("ring");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_zero_size);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_write_larger_than_ring);
	tcase_add_test(tc, test_random_against_model);
	suite_add_tcase(s, tc);
	return s;
}
