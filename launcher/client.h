/* Blocking request/response over a guest's control.sock: one JSON line
 * out, one JSON line back (common/proto.h). */
#ifndef VIGIL_LAUNCHER_CLIENT_H
#define VIGIL_LAUNCHER_CLIENT_H

#include <jansson.h>

#include "common/proto.h"

struct vg_err;

/* Connect to NAME's control socket under root: the fd, or -errno with err
 * ("guest NAME is not running" when nobody listens). */
int client_connect(const char *root, const char *name, struct vg_err *err);

/* Send {"cmd":cmd, fields...} (fields may be NULL, borrowed) and wait at
 * most timeout_ms (-1: forever) for the response, which the caller
 * releases with proto_resp_done(). A failure response is not an error
 * here: check resp->ok. */
int client_call(int fd, const char *cmd, const json_t *fields,
    int timeout_ms, struct proto_resp *resp, struct vg_err *err);

/* Connect, call, close; a failure response becomes -EREMOTEIO with its
 * message in err. Errors after the connect are prefixed "guest NAME: ". */
int client_request(const char *root, const char *name, const char *cmd,
    const json_t *fields, int timeout_ms, struct proto_resp *resp,
    struct vg_err *err);

#endif
