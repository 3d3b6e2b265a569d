/* vigil filter-list [--json]: the filters known, users' (etc/vigil/filters
 * under --root) before the built-ins of the same name.
 * vigil filter-dump NAME [--guest G]: the filter's XML; with --guest, the
 * nftables text that installs it on each of G's interfaces using it (the
 * table, the filter's chains, the port's elements), for G's config, its
 * parameters and MAC. The port is the interface's target dev, or the one
 * the running guest uses, else vnetN as a stand-in. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "common/config-domain.h"
#include "common/config-network.h"
#include "common/diag.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"
#include "filters/nwf-compile.h"
#include "filters/nwf-lib.h"
#include "filters/nwf-nft.h"
#include "launcher/client.h"
#include "launcher/cmd.h"

#define FILTER_TIMEOUT_MS 2000

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "vigil: msg" on stderr; returns CMD_FAILED. */
static int
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CMD_FAILED;
}

int
cmd_filter_list(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct nwf_lib *lib = nwf_lib_new_default(ctx->root);
	json_t *list = json_array(), *o;
	const struct nwf_filter *f;
	struct nwf_lib_entry *e;
	struct vg_err err;
	bool json = ctx->json;
	int i, n;
	char *s;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") != 0) {
			nwf_lib_free(lib);
			json_decref(list);
			return cmd_usage(ctx, "filter-list");
		}
		json = true;
	}
	n = nwf_lib_list(lib, &e);
	if (n < 0) {
		nwf_lib_free(lib);
		json_decref(list);
		return fail("filter-list: %s", strerror(-n));
	}
	if (!json)
		printf("%-28s %-16s %s\n", "Name", "Chain", "Source");
	for (i = 0; i < n; i++) {
		const char *src = e[i].dir == 0 ? "user" : "built-in";

		f = NULL;
		if (nwf_lib_get(lib, e[i].name, &f, &err) < 0)
			fprintf(stderr, "vigil: %s\n", err.msg);
		o = json_pack("{s:s, s:s, s:s, s:b}", "name", e[i].name,
		    "source", src, "path", e[i].path, "valid", f != NULL);
		if (f != NULL)
			json_object_set_new(o, "chain", json_string(f->chain));
		json_array_append_new(list, o);
		if (!json)
			printf("%-28s %-16s %s%s\n", e[i].name, f != NULL ?
			    f->chain : "-", src, f != NULL ? "" : " (invalid)");
	}
	if (json) {
		s = json_dumps(list, JSON_INDENT(2));
		printf("%s\n", s != NULL ? s : "[]");
		free(s);
	}
	json_decref(list);
	nwf_lib_entries_free(e, (size_t) n);
	nwf_lib_free(lib);
	return CMD_OK;
}

/* The filter's file, as it is. */
static int
dump_xml(struct nwf_lib *lib, const char *name)
{
	const struct nwf_filter *f;
	struct vg_err err;
	char buf[4096];
	ssize_t n;
	int fd;

	if (nwf_lib_get(lib, name, &f, &err) < 0)
		return fail("%s", err.msg);
	fd = open(f->file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("%s: %s", f->file, strerror(errno));
	while ((n = read(fd, buf, sizeof buf)) > 0)
		fwrite(buf, 1, (size_t) n, stdout);
	(void) close(fd);
	return n < 0 ? CMD_FAILED : CMD_OK;
}

/* The running guest's port for mac, from its supervisor (NULL: none). */
static char *
running_port(const struct cmd_ctx *ctx, const char *guest,
    const uint8_t mac[6])
{
	struct proto_resp resp;
	struct vg_err err;
	char want[ADDR_MAC_STRLEN], *port = NULL;
	json_t *it;
	size_t i;

	if (client_request(ctx->root, guest, "interfaces", NULL,
	    FILTER_TIMEOUT_MS, &resp, &err) < 0)
		return NULL;
	addr_mac_format(mac, want);
	json_array_foreach(json_object_get(resp.obj, "interfaces"), i, it) {
		const char *m = json_string_value(json_object_get(it, "mac"));
		const char *p = json_string_value(json_object_get(it, "port"));

		if (m != NULL && p != NULL && strcasecmp(m, want) == 0)
			port = xstrdup(p);
	}
	proto_resp_done(&resp);
	return port;
}

/* The address of the interface's network, DHCPSERVER's default. */
static size_t
network_address(const struct cmd_ctx *ctx, const struct domain_if *ifc,
    struct addr_ip *out)
{
	struct config_network *net = NULL;
	struct diag d;
	size_t n = 0;
	char *path;

	if (ifc->type != DOMAIN_IF_NETWORK || ifc->source == NULL)
		return 0;
	path = path_get(ctx->root, PATH_NET_CONFIG, ifc->source);
	diag_init(&d, path);
	if (config_network_load(path, &net, &d) == 0 && net->has_ip) {
		*out = net->address;
		n = 1;
	}
	config_network_free(net);
	diag_done(&d);
	free(path);
	return n;
}

static int
dump_port(const struct cmd_ctx *ctx, struct nwf_lib *lib, const char *name,
    const struct config_domain *dom, const struct domain_if *ifc,
    unsigned index)
{
	struct nwf_port port = { .owner = dom->name };
	struct nwf_ruleset *rs;
	struct addr_ip server;
	struct vg_err err;
	char *ifname, *s;
	int r;

	ifname = ifc->target != NULL ? xstrdup(ifc->target) :
	    running_port(ctx, dom->name, ifc->mac);
	if (ifname == NULL) {
		ifname = xprintf("vnet%u", index);
		printf("# the port gets its name when %s starts: %s stands "
		    "in for it\n", dom->name, ifname);
	}
	port.ifname = ifname;
	memcpy(port.mac, ifc->mac, 6);
	port.params = ifc->filterref->params;
	port.nparams = ifc->filterref->nparams;
	port.ndhcpservers = network_address(ctx, ifc, &server);
	port.dhcpservers = &server;
	r = nwf_compile(lib, name, &port, &rs, &err);
	if (r < 0) {
		free(ifname);
		return fail("guest %s: %s", dom->name, err.msg);
	}
	s = nwf_nft_install_script(rs, NULL, NULL, 0, true);
	fputs(s, stdout);
	free(s);
	nwf_ruleset_free(rs);
	free(ifname);
	return CMD_OK;
}

static int
dump_guest(const struct cmd_ctx *ctx, struct nwf_lib *lib, const char *name,
    const char *guest)
{
	struct config_domain *dom = NULL;
	struct vg_err err;
	struct diag d;
	size_t i, done = 0;
	char *path;
	int r = CMD_OK;

	if (path_check_name(guest, &err) < 0)
		return fail("%s", err.msg);
	path = path_get(ctx->root, PATH_GUEST_CONFIG, guest);
	diag_init(&d, path);
	if (config_domain_load(path, &dom, &d) < 0) {
		if (diag_to_err(&d, &err) == 0)
			vg_err_set(&err, -EINVAL, "%s: cannot load", path);
		diag_done(&d);
		free(path);
		return fail("guest %s: %s", guest, err.msg);
	}
	diag_done(&d);
	free(path);
	for (i = 0; r == CMD_OK && i < dom->nifs; i++) {
		const struct domain_if *ifc = &dom->ifs[i];

		if (ifc->filterref == NULL ||
		    strcmp(ifc->filterref->filter, name) != 0)
			continue;
		r = dump_port(ctx, lib, name, dom, ifc, (unsigned) i);
		done++;
	}
	if (r == CMD_OK && done == 0)
		r = fail("guest %s has no interface with filter %s", guest,
		    name);
	config_domain_free(dom);
	return r;
}

int
cmd_filter_dump(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *name = NULL, *guest = NULL;
	struct nwf_lib *lib;
	struct vg_err err;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--guest") == 0 && i + 1 < argc)
			guest = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else
			return cmd_usage(ctx, "filter-dump");
	}
	if (name == NULL)
		return cmd_usage(ctx, "filter-dump");
	if (path_check_name(name, &err) < 0)
		return fail("filter: %s", err.msg);
	lib = nwf_lib_new_default(ctx->root);
	r = guest != NULL ? dump_guest(ctx, lib, name, guest) :
	    dump_xml(lib, name);
	nwf_lib_free(lib);
	return r;
}
