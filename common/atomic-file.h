/* Replace a file atomically: write a temporary beside it, fsync, rename. */
#ifndef VIGIL_ATOMIC_FILE_H
#define VIGIL_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Returns 0 or -errno; on failure the old file is untouched. */
int atomic_file_write(const char *path, const void *data, size_t len,
    mode_t mode);

#endif
