#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/proto.h"
#include "common/xalloc.h"

/* Parse one line into a JSON object, or fill err naming what was wrong. */
static int
load_object(const char *line, size_t len, const char *what, json_t **out,
    struct vg_err *err)
{
	json_error_t jerr;
	json_t *obj;

	if (len > PROTO_MAX_LINE)
		return vg_err_set(err, -EMSGSIZE,
		    "%s longer than %d bytes", what, PROTO_MAX_LINE);
	if (memchr(line, '\n', len) != NULL)
		return vg_err_set(err, -EBADMSG, "%s contains a newline",
		    what);
	obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (obj == NULL)
		return vg_err_set(err, -EBADMSG,
		    "malformed %s at column %d: %s", what, jerr.column,
		    jerr.text);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return vg_err_set(err, -EBADMSG, "%s is not a JSON object",
		    what);
	}
	*out = obj;
	return 0;
}

/* Dump obj compactly (never a raw newline inside) and add the '\n'. */
static char *
dump_line(const json_t *obj, size_t *len)
{
	char *s = json_dumps(obj, JSON_COMPACT);
	char *line;
	size_t n;

	if (s == NULL)
		abort();	/* only on out-of-memory */
	n = strlen(s);
	line = xmalloc(n + 2);
	memcpy(line, s, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	free(s);
	if (len != NULL)
		*len = n + 1;
	return line;
}

/* Copy msg into buf, cut to one line. */
static void
copy_one_line(char *buf, size_t size, const char *msg)
{
	size_t i;

	(void) snprintf(buf, size, "%s", msg);
	for (i = 0; buf[i] != '\0'; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
}

int
proto_req_parse(const char *line, size_t len, struct proto_req *req,
    struct vg_err *err)
{
	json_t *obj, *cmd;
	int r;

	req->cmd = NULL;
	req->obj = NULL;
	r = load_object(line, len, "request", &obj, err);
	if (r < 0)
		return r;
	cmd = json_object_get(obj, "cmd");
	if (!json_is_string(cmd)) {
		json_decref(obj);
		return vg_err_set(err, -EBADMSG,
		    "request has no \"cmd\" string");
	}
	req->cmd = json_string_value(cmd);
	req->obj = obj;
	return 0;
}

void
proto_req_done(struct proto_req *req)
{
	json_decref(req->obj);
	req->obj = NULL;
	req->cmd = NULL;
}

int
proto_req_get_uint(const struct proto_req *req, const char *key,
    uint64_t max, uint64_t *out, struct vg_err *err)
{
	json_t *v = json_object_get(req->obj, key);
	json_int_t n;

	if (v == NULL)
		return 0;
	if (!json_is_integer(v))
		return vg_err_set(err, -EINVAL,
		    "\"%s\" must be a non-negative integer", key);
	n = json_integer_value(v);
	if (n < 0 || (uint64_t) n > max)
		return vg_err_set(err, -EINVAL,
		    "\"%s\" must be between 0 and %llu", key,
		    (unsigned long long) max);
	*out = (uint64_t) n;
	return 1;
}

char *
proto_req_format(const char *cmd, const json_t *fields, size_t *len)
{
	json_t *obj = json_object();
	const char *key;
	json_t *v;
	char *line;

	json_object_set_new(obj, "cmd", json_string(cmd));
	if (fields != NULL) {
		/* jansson's iteration macro wants a non-const object. */
		json_object_foreach((json_t *) fields, key, v)
			if (strcmp(key, "cmd") != 0)
				json_object_set(obj, key, v);
	}
	line = dump_line(obj, len);
	json_decref(obj);
	return line;
}

void
proto_resp_init_ok(struct proto_resp *resp)
{
	resp->ok = true;
	resp->error[0] = '\0';
	resp->obj = json_object();
}

void
proto_resp_init_error(struct proto_resp *resp, const char *msg)
{
	resp->ok = false;
	copy_one_line(resp->error, sizeof resp->error, msg);
	resp->obj = json_object();
}

void
proto_resp_done(struct proto_resp *resp)
{
	json_decref(resp->obj);
	resp->obj = NULL;
}

char *
proto_resp_format(const struct proto_resp *resp, size_t *len)
{
	json_t *obj = json_object();
	const char *key;
	json_t *v;
	char *line;

	json_object_set_new(obj, "ok", json_boolean(resp->ok));
	if (!resp->ok)
		json_object_set_new(obj, "error", json_string(resp->error));
	if (resp->obj != NULL) {
		json_object_foreach(resp->obj, key, v)
			if (strcmp(key, "ok") != 0 && strcmp(key, "error") != 0)
				json_object_set(obj, key, v);
	}
	line = dump_line(obj, len);
	json_decref(obj);
	return line;
}

int
proto_resp_parse(const char *line, size_t len, struct proto_resp *resp,
    struct vg_err *err)
{
	json_t *obj, *ok, *msg;
	int r;

	resp->ok = false;
	resp->error[0] = '\0';
	resp->obj = NULL;
	r = load_object(line, len, "response", &obj, err);
	if (r < 0)
		return r;
	ok = json_object_get(obj, "ok");
	msg = json_object_get(obj, "error");
	if (!json_is_boolean(ok)) {
		json_decref(obj);
		return vg_err_set(err, -EBADMSG,
		    "response has no \"ok\" boolean");
	}
	if (json_is_false(ok) && !json_is_string(msg)) {
		json_decref(obj);
		return vg_err_set(err, -EBADMSG,
		    "failure response has no \"error\" string");
	}
	resp->ok = json_is_true(ok);
	if (!resp->ok)
		copy_one_line(resp->error, sizeof resp->error,
		    json_string_value(msg));
	resp->obj = obj;
	return 0;
}
