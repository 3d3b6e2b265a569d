/* Attach the terminal to a guest's console (console.sock, DESIGN.md
 * "Console"); used by `vigil console` and `vigil start --console`. */
#ifndef VIGIL_LAUNCHER_CONSOLE_ATTACH_H
#define VIGIL_LAUNCHER_CONSOLE_ATTACH_H

#include <stdbool.h>

struct cmd_ctx;

/* Attach to guest name's console, read-only or read-write (force takes it
 * from the current read-write client). On a terminal: raw mode until
 * Ctrl-] or the guest's end, restored on every exit path. Otherwise stdin
 * is copied to the guest and, after its end, output is copied until none
 * came for timeout seconds (<= 0: 1 s for a read-write client, until the
 * guest ends for a read-only one). Prints errors; returns a CMD_* exit
 * status: CMD_OK when detached, drained or the guest ended. */
int console_attach(const struct cmd_ctx *ctx, const char *name, bool ro,
    bool force, double timeout);

#endif
