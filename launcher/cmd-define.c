/* vigil define FILE / undefine NAME: store or remove a guest's config as
 * etc/vigil/guests/NAME.xml. define validates first and stores the bytes
 * it validated; a config without <uuid> gets one, as with libvirt: the
 * guest's current one when it is already defined, else a new one, so
 * that what is kept by uuid (learned leases) survives its restarts. A
 * defined guest's uuid cannot be changed by redefining it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "common/addr.h"
#include "common/atomic-file.h"
#include "common/cfgxml.h"
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

/* Copy the uuid of the config stored at path, if it has one of its own. */
static bool
stored_uuid(const char *path, uint8_t uuid[16])
{
	struct config_domain *dom = NULL;
	struct diag d;
	bool have;

	diag_init(&d, path);
	have = access(path, F_OK) == 0 &&
	    config_domain_load(path, &dom, &d) == 0 && !dom->uuid_generated;
	if (have)
		memcpy(uuid, dom->uuid, 16);
	diag_done(&d);
	config_domain_free(dom);
	return have;
}

static bool
any_mac_generated(const struct config_domain *dom)
{
	size_t i;

	for (i = 0; i < dom->nifs; i++)
		if (dom->ifs[i].mac_generated)
			return true;
	return false;
}

/* Put node in beside anchor (after it, or before), on a line of its own:
 * the whitespace before the first of the two is copied between them,
 * where libxml2 merges it with no other text. */
static int
add_beside(xmlNode *anchor, xmlNode *node, bool after)
{
	xmlNode *first, *ws;

	if ((after ? xmlAddNextSibling(anchor, node) :
	    xmlAddPrevSibling(anchor, node)) == NULL)
		return -ENOMEM;
	first = after ? anchor : node;
	if (first->prev != NULL && first->prev->type == XML_TEXT_NODE &&
	    (ws = xmlCopyNode(first->prev, 1)) != NULL &&
	    xmlAddNextSibling(first, ws) == NULL)
		xmlFreeNode(ws);
	return 0;
}

static xmlNode *
child(xmlNode *parent, const char *name)
{
	xmlNode *n;

	for (n = parent != NULL ? parent->children : NULL; n != NULL;
	    n = n->next)
		if (cfgxml_is(n, name))
			return n;
	return NULL;
}

/* Write what the parse generated into the document: <uuid> after <name>,
 * <mac address=...> first in each interface that had none. */
static int
add_generated(xmlDoc *doc, const struct config_domain *dom)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n, *first, *node;
	char text[64];
	size_t i = 0;

	if (dom->uuid_generated) {
		if ((n = child(root, "name")) == NULL)
			return -EINVAL;
		config_domain_uuid_format(dom->uuid, text);
		node = xmlNewDocNode(doc, NULL, BAD_CAST "uuid", BAD_CAST text);
		if (node == NULL || add_beside(n, node, true) < 0) {
			xmlFreeNode(node);
			return -ENOMEM;
		}
	}
	for (n = child(child(root, "devices"), "interface"); n != NULL;
	    n = n->next) {
		if (!cfgxml_is(n, "interface"))
			continue;
		if (i >= dom->nifs)
			return -EINVAL;
		if (!dom->ifs[i++].mac_generated)
			continue;
		for (first = n->children; first != NULL &&
		    first->type != XML_ELEMENT_NODE; first = first->next)
			;
		addr_mac_format(dom->ifs[i - 1].mac, text);
		node = xmlNewDocNode(doc, NULL, BAD_CAST "mac", NULL);
		if (node == NULL || xmlNewProp(node, BAD_CAST "address",
		    BAD_CAST text) == NULL || (first == NULL ?
		    xmlAddChild(n, node) == NULL :
		    add_beside(first, node, false) < 0)) {
			xmlFreeNode(node);
			return -ENOMEM;
		}
	}
	return 0;
}

/* buf with what the parse generated written in, as new bytes in *out. */
static int
with_generated(const char *buf, size_t len, const struct config_domain *dom,
    char **out, size_t *outlen)
{
	xmlDocPtr doc = NULL;
	xmlChar *mem = NULL;
	struct diag d;
	int size = 0, r;

	diag_init(&d, "config");
	r = cfgxml_load_buffer(buf, len, &d, &doc);
	diag_done(&d);
	if (r < 0)
		return -EINVAL;
	r = add_generated(doc, dom);
	if (r == 0)
		xmlDocDumpMemory(doc, &mem, &size);
	xmlFreeDoc(doc);
	if (r == 0 && (mem == NULL || size <= 0))
		r = -ENOMEM;
	if (r == 0) {
		*out = xmalloc((size_t) size);
		memcpy(*out, mem, (size_t) size);
		*outlen = (size_t) size;
	}
	xmlFree(mem);
	return r;
}

int
cmd_define(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct config_domain *dom = NULL;
	char *buf = NULL, *dir = NULL, *dst = NULL, *with;
	uint8_t stored[16];
	char text[37];
	struct diag d;
	size_t len = 0, wlen;
	int r, ret = CMD_FAILED;

	if (argc != 2 || argv[1][0] == '-')
		return cmd_usage(ctx, "define");
	if ((r = read_file(argv[1], &buf, &len)) < 0) {
		fprintf(stderr, "vigil: %s: %s\n", argv[1], strerror(-r));
		return CMD_FAILED;
	}
	diag_init(&d, argv[1]);
	r = config_domain_parse(buf, len, &dom, &d);
	diag_print(&d, stderr);
	if (d.nerrors > 0)
		r = -EINVAL;
	diag_done(&d);
	if (r < 0)
		goto out;
	dir = path_get(ctx->root, PATH_GUEST_CONFIG_DIR, NULL);
	dst = path_get(ctx->root, PATH_GUEST_CONFIG, dom->name);
	/* A guest keeps its uuid, as with libvirt: what is kept by it
	 * (learned leases) would be lost. */
	if (stored_uuid(dst, stored)) {
		if (dom->uuid_generated) {
			memcpy(dom->uuid, stored, sizeof stored);
		} else if (memcmp(dom->uuid, stored, sizeof stored) != 0) {
			config_domain_uuid_format(stored, text);
			fprintf(stderr, "vigil: guest %s is already defined "
			    "with uuid %s\n", dom->name, text);
			goto out;
		}
	}
	if (dom->uuid_generated || any_mac_generated(dom)) {
		if ((r = with_generated(buf, len, dom, &with, &wlen)) < 0) {
			fprintf(stderr, "vigil: %s: writing its uuid and MACs: "
			    "%s\n", argv[1], strerror(-r));
			goto out;
		}
		free(buf);
		buf = with;
		len = wlen;
	}
	if ((r = path_mkdir_p(dir, 0755)) < 0 ||
	    (r = atomic_file_write(dst, buf, len, 0600, true)) < 0) {
		fprintf(stderr, "vigil: guest %s: write %s: %s\n", dom->name,
		    dst, strerror(-r));
		goto out;
	}
	printf("Guest %s defined from %s\n", dom->name, argv[1]);
	ret = CMD_OK;
out:
	free(dir);
	free(dst);
	free(buf);
	config_domain_free(dom);
	return ret;
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
