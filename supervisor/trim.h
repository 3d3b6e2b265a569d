/* Giving back the memory a library zeroed and left zero (trim.c). */
#ifndef VIGIL_SUPERVISOR_TRIM_H
#define VIGIL_SUPERVISOR_TRIM_H

#include <stddef.h>

/* Drop the resident pages of every loaded object's .bss that are all zero;
 * returns how many. Call with no other thread running. */
size_t trim_zero_bss(void);

#endif
