#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/proto.h"
#include "tests/unit/unit.h"

static int
parse_req(const char *s, struct proto_req *req, struct vg_err *err)
{
	vg_err_clear(err);
	return proto_req_parse(s, strlen(s), req, err);
}

START_TEST(test_req_ok)
{
	struct proto_req req;
	struct vg_err err;
	uint64_t t = 7;

	ck_assert_int_eq(parse_req("{\"cmd\":\"status\",\"x\":[1,2]}", &req,
	    &err), 0);
	ck_assert_str_eq(req.cmd, "status");
	ck_assert_int_eq(proto_req_get_uint(&req, "timeout", 100, &t, &err),
	    0);
	ck_assert_uint_eq(t, 7);
	proto_req_done(&req);

	ck_assert_int_eq(parse_req(" {\"timeout\":30, \"cmd\":\"shutdown\"} ",
	    &req, &err), 0);
	ck_assert_str_eq(req.cmd, "shutdown");
	ck_assert_int_eq(proto_req_get_uint(&req, "timeout", 100, &t, &err),
	    1);
	ck_assert_uint_eq(t, 30);
	proto_req_done(&req);
}
END_TEST

START_TEST(test_req_bad)
{
	struct proto_req req;
	struct vg_err err;
	uint64_t t;

	ck_assert_int_eq(parse_req("garbage", &req, &err), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(err.msg, "malformed request"));
	ck_assert_ptr_null(req.obj);
	ck_assert_int_eq(parse_req("", &req, &err), -EBADMSG);
	ck_assert_int_eq(parse_req("[1]", &req, &err), -EBADMSG);
	ck_assert_str_eq(err.msg, "request is not a JSON object");
	ck_assert_int_eq(parse_req("{\"cmd\":1}", &req, &err), -EBADMSG);
	ck_assert_str_eq(err.msg, "request has no \"cmd\" string");
	ck_assert_int_eq(parse_req("{}", &req, &err), -EBADMSG);
	/* Duplicate keys are refused. */
	ck_assert_int_eq(parse_req("{\"cmd\":\"status\",\"cmd\":\"destroy\"}",
	    &req, &err), -EBADMSG);
	ck_assert_int_eq(parse_req("{\"cmd\":\"status\"}{\"cmd\":\"x\"}", &req,
	    &err), -EBADMSG);
	ck_assert_int_eq(proto_req_parse("{\"cmd\":\"a\"}\n", 13, &req, &err),
	    -EBADMSG);

	ck_assert_int_eq(parse_req("{\"cmd\":\"shutdown\",\"timeout\":-1}",
	    &req, &err), 0);
	ck_assert_int_eq(proto_req_get_uint(&req, "timeout", 100, &t, &err),
	    -EINVAL);
	ck_assert_str_eq(err.msg, "\"timeout\" must be between 0 and 100");
	proto_req_done(&req);
	ck_assert_int_eq(parse_req("{\"cmd\":\"shutdown\",\"timeout\":\"5\"}",
	    &req, &err), 0);
	ck_assert_int_eq(proto_req_get_uint(&req, "timeout", 100, &t, &err),
	    -EINVAL);
	proto_req_done(&req);
}
END_TEST

START_TEST(test_req_too_long)
{
	size_t n = PROTO_MAX_LINE + 1;
	char *big = malloc(n);
	struct proto_req req;
	struct vg_err err;

	ck_assert_ptr_nonnull(big);
	memset(big, ' ', n);
	ck_assert_int_eq(proto_req_parse(big, n, &req, &err), -EMSGSIZE);
	ck_assert_str_eq(err.msg, "request longer than 65536 bytes");
	free(big);
}
END_TEST

START_TEST(test_req_format)
{
	json_t *fields = json_pack("{s:i, s:s}", "timeout", 5, "cmd", "evil");
	struct proto_req req;
	struct vg_err err;
	size_t len;
	char *line = proto_req_format("shutdown", fields, &len);

	ck_assert_uint_eq(len, strlen(line));
	ck_assert_int_eq(line[len - 1], '\n');
	ck_assert_ptr_null(memchr(line, '\n', len - 1));
	ck_assert_int_eq(proto_req_parse(line, len - 1, &req, &err), 0);
	ck_assert_str_eq(req.cmd, "shutdown");
	proto_req_done(&req);
	free(line);
	json_decref(fields);
}
END_TEST

START_TEST(test_resp_roundtrip)
{
	struct proto_resp resp, back;
	struct vg_err err;
	size_t len;
	char *line;

	proto_resp_init_ok(&resp);
	json_object_set_new(resp.obj, "state", json_string("run\nning"));
	json_object_set_new(resp.obj, "ok", json_false());
	line = proto_resp_format(&resp, &len);
	ck_assert_int_eq(strncmp(line, "{\"ok\":true,", 11), 0);
	ck_assert_ptr_null(memchr(line, '\n', len - 1));
	ck_assert_int_eq(proto_resp_parse(line, len - 1, &back, &err), 0);
	ck_assert(back.ok);
	ck_assert_str_eq(json_string_value(json_object_get(back.obj,
	    "state")), "run\nning");
	proto_resp_done(&back);
	proto_resp_done(&resp);
	free(line);

	proto_resp_init_error(&resp, "unknown command \"x\"\nsecond line");
	line = proto_resp_format(&resp, &len);
	ck_assert_int_eq(proto_resp_parse(line, len - 1, &back, &err), 0);
	ck_assert(!back.ok);
	ck_assert_str_eq(back.error, "unknown command \"x\" second line");
	proto_resp_done(&back);
	proto_resp_done(&resp);
	free(line);
}
END_TEST

START_TEST(test_resp_bad)
{
	struct proto_resp resp;
	struct vg_err err;

	ck_assert_int_eq(proto_resp_parse("{}", 2, &resp, &err), -EBADMSG);
	ck_assert_str_eq(err.msg, "response has no \"ok\" boolean");
	ck_assert_int_eq(proto_resp_parse("{\"ok\":false}", 12, &resp, &err),
	    -EBADMSG);
	ck_assert_int_eq(proto_resp_parse("nope", 4, &resp, &err), -EBADMSG);
	ck_assert_ptr_null(resp.obj);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_req_ok);
	tcase_add_test(tc, test_req_bad);
	tcase_add_test(tc, test_req_too_long);
	tcase_add_test(tc, test_req_format);
	tcase_add_test(tc, test_resp_roundtrip);
	tcase_add_test(tc, test_resp_bad);
	suite_add_tcase(s, tc);
	return s;
}
