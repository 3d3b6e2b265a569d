/* Replace a file atomically: write a temporary beside it, rename. */
#ifndef VIGIL_ATOMIC_FILE_H
#define VIGIL_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Readers see the old file or the new one, never a part. With durable, the
 * data and the rename are on disk before it returns (fsync of the file
 * and its directory): for what must survive a crash (configs, leases),
 * not for run-time state under run/, which a reboot clears anyway.
 * Returns 0 or -errno; on failure the old file is untouched. */
int atomic_file_write(const char *path, const void *data, size_t len,
    mode_t mode, bool durable);

#endif
