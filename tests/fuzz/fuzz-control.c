/* Fuzz target for the control protocol codec: the input is a stream of
 * lines as a client (requests) or a supervisor (responses) would send. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A request that parses must survive a format/parse round trip. */
static void
one_request(const char *line, size_t len)
{
	struct proto_req req, back;
	struct vg_err err;
	uint64_t v;
	size_t n;
	char *again;

	if (proto_req_parse(line, len, &req, &err) < 0)
		return;
	(void) proto_req_get_uint(&req, "timeout", 3600, &v, &err);
	again = proto_req_format(req.cmd, req.obj, &n);
	if (n == 0 || again[n - 1] != '\n' ||
	    memchr(again, '\n', n - 1) != NULL)
		abort();
	if (n - 1 <= PROTO_MAX_LINE) {
		if (proto_req_parse(again, n - 1, &back, &err) < 0 ||
		    strcmp(back.cmd, req.cmd) != 0)
			abort();
		proto_req_done(&back);
	}
	free(again);
	proto_req_done(&req);
}

static void
one_response(const char *line, size_t len)
{
	struct proto_resp resp;
	struct vg_err err;
	size_t n;
	char *again;

	if (proto_resp_parse(line, len, &resp, &err) < 0)
		return;
	again = proto_resp_format(&resp, &n);
	if (n == 0 || again[n - 1] != '\n' ||
	    memchr(again, '\n', n - 1) != NULL)
		abort();
	free(again);
	proto_resp_done(&resp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *) data;
	const char *end = p + size;
	const char *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t) (end - p));
		if (nl == NULL)
			nl = end;
		one_request(p, (size_t) (nl - p));
		one_response(p, (size_t) (nl - p));
		p = nl + 1;
	}
	return 0;
}
