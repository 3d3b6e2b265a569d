/* Fuzz target for the console's hello line parser: any bytes, as a client
 * connected to console.sock may send them. */
#include <stdint.h>
#include <stdlib.h>

#include "common/err.h"
#include "supervisor/console-client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct console_hello h;
	struct vg_err err;

	vg_err_clear(&err);
	if (console_client_parse_hello((const char *) data, size, &h,
	    &err) == 0) {
		/* What parses is within bounds. */
		if (h.mode != CONSOLE_MODE_RO && h.mode != CONSOLE_MODE_RW &&
		    h.mode != CONSOLE_MODE_RESIZE)
			abort();
		if (h.rows > 65535 || h.cols > 65535 ||
		    (h.mode == CONSOLE_MODE_RESIZE &&
		    (h.rows == 0 || h.cols == 0)))
			abort();
	} else if (err.msg[0] == '\0') {
		abort();	/* every refusal says why */
	}
	return 0;
}
