/* Giving back the memory a library zeroed and left zero.
 *
 * A supervisor lives as long as its guest, so what it keeps private counts
 * once per guest. libcgroup's cgroup_init() clears its static tables (2.4
 * MiB of .bss, only a few KiB of which ever hold anything): every page it
 * touched stays private and dirty, though still zero. MADV_DONTNEED on a
 * private anonymous page drops it, and the next access maps a zero page
 * again, so for a page that is all zero nothing a program can see changes.
 *
 * This walks the .bss part (beyond the file-backed bytes) of the writable
 * segments of every loaded object, looks only at pages that are resident
 * (mincore: no page is faulted in to be checked) and drops those that are
 * all zero. The supervisor has one thread, so nothing writes meanwhile. */
#include <link.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "supervisor/trim.h"

/* The words between an instrumented program's globals are redzones that
 * AddressSanitizer would not let us read: this reads past it, and not
 * through memcmp, which it intercepts. */
__attribute__((no_sanitize("address")))
static bool
page_is_zero(const unsigned char *p, size_t size)
{
	const uint64_t *w = (const uint64_t *) (const void *) p;
	size_t i;

	for (i = 0; i < size / sizeof *w; i++)
		if (w[i] != 0)
			return false;
	return true;
}

/* Drop the resident all-zero pages of [lo, hi) (page aligned). */
static size_t
trim_range(uintptr_t lo, uintptr_t hi, size_t page)
{
	unsigned char vec[64];
	size_t dropped = 0, i, n;
	uintptr_t at, run = 0;

	for (at = lo; at < hi; at += n * page) {
		n = (hi - at) / page;
		if (n > sizeof vec)
			n = sizeof vec;
		if (mincore((void *) at, n * page, vec) < 0)
			return dropped;
		for (i = 0; i < n; i++) {
			uintptr_t p = at + i * page;
			bool zero = (vec[i] & 1) &&
			    page_is_zero((const unsigned char *) p, page);

			if (zero && run == 0)
				run = p;
			if (!zero && run != 0) {
				if (madvise((void *) run, p - run,
				    MADV_DONTNEED) == 0)
					dropped += (p - run) / page;
				run = 0;
			}
		}
	}
	if (run != 0 && madvise((void *) run, hi - run, MADV_DONTNEED) == 0)
		dropped += (hi - run) / page;
	return dropped;
}

static int
object_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	size_t *dropped = arg, page = (size_t) sysconf(_SC_PAGESIZE);
	int i;

	(void) size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t start, lo, hi;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) ||
		    ph->p_memsz <= ph->p_filesz)
			continue;
		/* The page holding the end of the file-backed bytes is a
		 * file page; the anonymous mapping starts after it. */
		start = info->dlpi_addr + ph->p_vaddr;
		lo = (start + ph->p_filesz + page - 1) & ~(uintptr_t) (page - 1);
		hi = (start + ph->p_memsz + page - 1) & ~(uintptr_t) (page - 1);
		if (lo < hi)
			*dropped += trim_range(lo, hi, page);
	}
	return 0;
}

size_t
trim_zero_bss(void)
{
	size_t dropped = 0;

	(void) dl_iterate_phdr(object_cb, &dropped);
	return dropped;
}
