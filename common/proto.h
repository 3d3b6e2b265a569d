/* The control protocol's codec (DESIGN.md "Control socket"): one JSON object
 * per line, requests {"cmd":NAME,...} and responses {"ok":BOOL,...} with a
 * one-line "error" on failure. Pure functions: no I/O, no logging. */
#ifndef VIGIL_PROTO_H
#define VIGIL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "common/err.h"

/* Sent as "proto" in status; fields are only ever added. */
#define PROTO_VERSION 1
/* Longest line (without its newline) either side accepts. */
#define PROTO_MAX_LINE (64 * 1024)

struct proto_req {
	const char *cmd;	/* borrowed from obj */
	json_t *obj;		/* the request; unknown fields ignored */
};

/* Parse one request line (without its newline). On success the caller owns
 * req and releases it with proto_req_done(). */
int proto_req_parse(const char *line, size_t len, struct proto_req *req,
    struct vg_err *err);
void proto_req_done(struct proto_req *req);

/* Field key of req as an unsigned integer no larger than max: returns 1 with
 * *out set, 0 when absent, or -EINVAL with err naming the field. */
int proto_req_get_uint(const struct proto_req *req, const char *key,
    uint64_t max, uint64_t *out, struct vg_err *err);

/* A request line {"cmd":cmd, fields...} ending in '\n' (fields may be NULL
 * and is borrowed). Returns a new string; *len (if not NULL) its length. */
char *proto_req_format(const char *cmd, const json_t *fields, size_t *len);

struct proto_resp {
	bool ok;
	char error[VG_ERR_MSG_MAX];	/* when !ok */
	json_t *obj;			/* the fields; owned */
};

/* An ok response with no fields yet: add them to resp->obj. */
void proto_resp_init_ok(struct proto_resp *resp);
/* A failure carrying msg (cut to one line). */
void proto_resp_init_error(struct proto_resp *resp, const char *msg);
void proto_resp_done(struct proto_resp *resp);

/* resp as one line ending in '\n'; *len (if not NULL) its length. */
char *proto_resp_format(const struct proto_resp *resp, size_t *len);

/* Parse a response line (without its newline). A well-formed failure
 * response is success here, with resp->ok false and resp->error set;
 * malformed input returns -EBADMSG with err. */
int proto_resp_parse(const char *line, size_t len, struct proto_resp *resp,
    struct vg_err *err);

#endif
