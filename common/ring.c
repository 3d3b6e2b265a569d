#include <stdlib.h>
#include <string.h>

#include "common/ring.h"
#include "common/xalloc.h"

void
ring_init(struct ring *r, size_t size)
{
	r->buf = size > 0 ? xmalloc(size) : NULL;
	r->size = size;
	r->head = 0;
	r->len = 0;
}

void
ring_done(struct ring *r)
{
	free(r->buf);
	r->buf = NULL;
	r->size = r->head = r->len = 0;
}

void
ring_clear(struct ring *r)
{
	r->head = 0;
	r->len = 0;
}

void
ring_write(struct ring *r, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t n;

	if (r->size == 0 || len == 0)
		return;
	if (len >= r->size) {
		/* Only the last size bytes survive: store them at 0. */
		memcpy(r->buf, p + len - r->size, r->size);
		r->head = 0;
		r->len = r->size;
		return;
	}
	n = r->size - r->head;
	if (n > len)
		n = len;
	memcpy(r->buf + r->head, p, n);
	memcpy(r->buf, p + n, len - n);
	r->head = (r->head + len) % r->size;
	r->len = r->len + len > r->size ? r->size : r->len + len;
}

size_t
ring_len(const struct ring *r)
{
	return r->len;
}

size_t
ring_size(const struct ring *r)
{
	return r->size;
}

int
ring_segments(const struct ring *r, struct iovec iov[2])
{
	size_t start;

	if (r->len == 0)
		return 0;
	start = (r->head + r->size - r->len) % r->size;
	iov[0].iov_base = r->buf + start;
	if (start + r->len <= r->size) {
		iov[0].iov_len = r->len;
		return 1;
	}
	iov[0].iov_len = r->size - start;
	iov[1].iov_base = r->buf;
	iov[1].iov_len = r->len - iov[0].iov_len;
	return 2;
}

size_t
ring_copy_tail(const struct ring *r, void *out, size_t max)
{
	struct iovec iov[2];
	unsigned char *o = out;
	size_t skip, n, got = 0;
	int i, nseg;

	skip = r->len > max ? r->len - max : 0;
	nseg = ring_segments(r, iov);
	for (i = 0; i < nseg; i++) {
		n = iov[i].iov_len;
		if (skip >= n) {
			skip -= n;
			continue;
		}
		memcpy(o + got, (unsigned char *) iov[i].iov_base + skip,
		    n - skip);
		got += n - skip;
		skip = 0;
	}
	return got;
}
