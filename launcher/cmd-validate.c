/* vigil validate FILE...: parse and check guest, network and filter XML. */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-network.h"
#include "common/diag.h"
#include "filters/nwf-parse.h"
#include "launcher/cmd.h"

/* Returns 0 when path is valid (warnings allowed). */
static int
validate_one(const char *path)
{
	struct config_domain *dom = NULL;
	struct config_network *net = NULL;
	struct nwf_filter *filter = NULL;
	struct diag d;
	xmlDocPtr doc;
	const char *root;
	int r;

	diag_init(&d, path);
	r = cfgxml_load_file(path, &d, &doc);
	if (r == 0) {
		root = (const char *) xmlDocGetRootElement(doc)->name;
		if (strcmp(root, "domain") == 0)
			r = config_domain_load(path, &dom, &d);
		else if (strcmp(root, "network") == 0)
			r = config_network_load(path, &net, &d);
		else if (strcmp(root, "filter") == 0)
			r = nwf_parse_file(path, &filter, &d);
		else
			r = diag_error(&d, cfgxml_line(
			    xmlDocGetRootElement(doc)),
			    "unknown root element <%s>: expected <domain>, "
			    "<network> or <filter>", root);
		xmlFreeDoc(doc);
	}
	diag_print(&d, stderr);
	config_domain_free(dom);
	config_network_free(net);
	nwf_parse_free(filter);
	r = d.nerrors > 0 ? -1 : (r < 0 ? r : 0);
	diag_done(&d);
	return r;
}

int
cmd_validate(struct cmd_ctx *ctx, int argc, char **argv)
{
	int i, failed = 0;

	if (argc < 2)
		return cmd_usage(ctx, "validate");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			continue;
		if (validate_one(argv[i]) < 0)
			failed++;
		else if (!ctx->json)
			printf("%s: valid\n", argv[i]);
	}
	return failed > 0 ? CMD_FAILED : CMD_OK;
}
