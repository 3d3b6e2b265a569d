/* Fuzz target: guest (domain) XML through the parser and validator. A
 * config that is accepted must satisfy what the supervisor relies on; a
 * refused one must say why. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/config-domain.h"
#include "common/diag.h"
#include "common/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Absolute; mount paths also without '.' or '..' components. */
static void
check_path(const char *p, bool mount)
{
	size_t len;

	if (p == NULL || p[0] != '/')
		abort();
	if (!mount)
		return;
	len = strlen(p);
	if (strstr(p, "/../") != NULL || strstr(p, "/./") != NULL ||
	    (len >= 3 && strcmp(p + len - 3, "/..") == 0) ||
	    (len >= 2 && strcmp(p + len - 2, "/.") == 0) ||
	    strstr(p, "//") != NULL || (len > 1 && p[len - 1] == '/'))
		abort();
}

static void
check_ifs(const struct config_domain *dom)
{
	static const uint8_t zero[6];
	const struct domain_if *a;
	size_t i, j;

	for (i = 0; i < dom->nifs; i++) {
		a = &dom->ifs[i];
		if (a->source == NULL || addr_mac_is_multicast(a->mac) ||
		    memcmp(a->mac, zero, 6) == 0)
			abort();
		if (a->target != NULL && (a->target[0] == '\0' ||
		    strlen(a->target) > 15 || strchr(a->target, '/') != NULL))
			abort();
		if ((a->type == DOMAIN_IF_DIRECT) != (a->source_mode != NULL))
			abort();
		if (a->filterref != NULL && (a->filterref->filter == NULL ||
		    a->type == DOMAIN_IF_DIRECT))
			abort();
		if ((a->inbound.set && a->inbound.average == 0) ||
		    (a->outbound.set && a->outbound.average == 0))
			abort();
		for (j = 0; j < i; j++) {
			if (a->target != NULL && dom->ifs[j].target != NULL &&
			    strcmp(a->target, dom->ifs[j].target) == 0)
				abort();
			if (memcmp(a->mac, dom->ifs[j].mac, 6) == 0)
				abort();
		}
	}
}

static void
check_accepted(const struct config_domain *dom, const struct diag *d)
{
	size_t i, j;

	if (d->nerrors != 0 || dom->name == NULL ||
	    path_check_name(dom->name, NULL) < 0)
		abort();
	if (dom->memory_kib == 0 || dom->current_memory_kib == 0 ||
	    dom->current_memory_kib > dom->memory_kib)
		abort();
	if (dom->vcpu < 1 || dom->vcpu > 4096 || dom->os_type == NULL)
		abort();
	if (dom->console_ring_size == 0 || dom->console_log_max == 0)
		abort();
	if (dom->type == DOMAIN_TYPE_LXC) {
		if (strcmp(dom->os_type, "exe") != 0 || dom->ndisks != 0 ||
		    dom->kernel != NULL)
			abort();
		check_path(dom->init, false);
	} else {
		if (strcmp(dom->os_type, "hvm") != 0 || dom->nfs != 0 ||
		    dom->init != NULL)
			abort();
		if (dom->kernel == NULL && dom->ndisks == 0)
			abort();
	}
	for (i = 0; i < dom->nfs; i++) {
		check_path(dom->fs[i].source, true);
		check_path(dom->fs[i].target, true);
		for (j = 0; j < i; j++)
			if (strcmp(dom->fs[i].target, dom->fs[j].target) == 0)
				abort();
	}
	for (i = 0; i < dom->ndisks; i++) {
		if (dom->disks[i].target == NULL)
			abort();
		if (dom->disks[i].source != NULL)
			check_path(dom->disks[i].source, false);
	}
	for (i = 0; i < dom->ncaps; i++)
		if (dom->caps[i].name == NULL || dom->caps[i].name[0] == '\0')
			abort();
	check_ifs(dom);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_domain *dom = NULL;
	struct diag d;
	size_t i;

	diag_init(&d, "fuzz.xml");
	if (config_domain_parse((const char *) data, size, &dom, &d) == 0)
		check_accepted(dom, &d);
	else if (dom != NULL || d.nerrors == 0)
		abort();
	/* Every message is one line. */
	for (i = 0; i < d.nitems; i++)
		if (strchr(d.items[i].msg, '\n') != NULL)
			abort();
	config_domain_free(dom);
	diag_done(&d);
	return 0;
}
