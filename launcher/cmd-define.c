/* vigil define FILE / undefine NAME: store or remove a guest's config as
 * etc/vigil/guests/NAME.xml. define validates first and stores the bytes
 * it validated. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/atomic-file.h"
#include "common/config-domain.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "launcher/cmd.h"

/* A guest config is small; refuse anything absurd. */
#define DEFINE_MAX_BYTES (4 * 1024 * 1024)

static int
read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "re");
	size_t n;
	char *b;

	if (f == NULL)
		return -errno;
	b = xmalloc(DEFINE_MAX_BYTES + 1);
	n = fread(b, 1, DEFINE_MAX_BYTES + 1, f);
	if (ferror(f) || n > DEFINE_MAX_BYTES) {
		(void) fclose(f);
		free(b);
		return n > DEFINE_MAX_BYTES ? -EFBIG : -EIO;
	}
	(void) fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int
cmd_define(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config_domain *dom = NULL;
	char *buf = NULL, *dir, *dst;
	struct diag d;
	size_t len = 0;
	int r;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage(ctx, "define");
	if ((r = read_file(argv[1], &buf, &len)) < 0) {
		fprintf(stderr, "vigil: %s: %s\n", argv[1], strerror(-r));
		return CMD_FAILED;
	}
	diag_init(&d, argv[1]);
	r = config_domain_parse(buf, len, &dom, &d);
	diag_print(&d, stderr);
	if (r < 0 || d.nerrors > 0) {
		diag_done(&d);
		config_domain_free(dom);
		free(buf);
		return CMD_FAILED;
	}
	diag_done(&d);
	dir = path_get(ctx->root, PATH_GUEST_CONFIG_DIR, NULL);
	dst = path_get(ctx->root, PATH_GUEST_CONFIG, dom->name);
	if ((r = path_mkdir_p(dir, 0755)) < 0 ||
	    (r = atomic_file_write(dst, buf, len, 0600)) < 0)
		fprintf(stderr, "vigil: guest %s: write %s: %s\n", dom->name,
		    dst, strerror(-r));
	else
		printf("Guest %s defined from %s\n", dom->name, argv[1]);
	free(dir);
	free(dst);
	free(buf);
	config_domain_free(dom);
	return r < 0 ? CMD_FAILED : CMD_OK;
}

int
cmd_undefine(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct vg_err err;
	char *path;
	int r = 0;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage(ctx, "undefine");
	if (path_check_name(argv[1], &err) < 0) {
		fprintf(stderr, "vigil: %s\n", err.msg);
		return CMD_FAILED;
	}
	path = path_get(ctx->root, PATH_GUEST_CONFIG, argv[1]);
	if (unlink(path) < 0)
		r = -errno;
	if (r == -ENOENT)
		fprintf(stderr, "vigil: guest %s is not defined\n", argv[1]);
	else if (r < 0)
		fprintf(stderr, "vigil: guest %s: remove %s: %s\n", argv[1],
		    path, strerror(-r));
	else
		printf("Guest %s has been undefined\n", argv[1]);
	free(path);
	return r < 0 ? CMD_FAILED : CMD_OK;
}
