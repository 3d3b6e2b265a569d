/* A byte ring that keeps the most recent bytes written to it (the console's
 * scrollback). Pure: no I/O, no logging. */
#ifndef VIGIL_RING_H
#define VIGIL_RING_H

#include <stddef.h>
#include <sys/uio.h>

struct ring {
	unsigned char *buf;
	size_t size;	/* capacity; 0 holds nothing */
	size_t head;	/* offset of the next byte written */
	size_t len;	/* bytes held, <= size */
};

/* An empty ring of size bytes (0 is allowed). */
void ring_init(struct ring *r, size_t size);
void ring_done(struct ring *r);

/* Append len bytes; the oldest bytes are dropped past the capacity. */
void ring_write(struct ring *r, const void *data, size_t len);
/* Forget everything held. */
void ring_clear(struct ring *r);

size_t ring_len(const struct ring *r);
size_t ring_size(const struct ring *r);

/* The bytes held, oldest first, as at most two segments pointing into the
 * ring (valid until the next write); returns the number of segments. */
int ring_segments(const struct ring *r, struct iovec iov[2]);
/* Copy the newest min(max, len) bytes, oldest first; returns the count. */
size_t ring_copy_tail(const struct ring *r, void *out, size_t max);

#endif
