/* Guest config: resources. memory and currentMemory with libvirt's units,
 * vcpu, cputune and memtune (see config-domain.c for the policy list). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-domain-res.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/xalloc.h"

#define VCPU_MAX 4096
#define SHARES_MIN 2
#define SHARES_MAX 262144
#define MEMORY_MAX_BYTES ((uint64_t) INT64_MAX)

static const char *const no_attrs[] = { NULL };

/* Bytes per unit as libvirt's virScaleInteger reads them: b, byte, bytes;
 * k, m, g, t, p, e alone or with "iB" are powers of 1024, with "B" powers
 * of 1000; case does not matter. 0 = unknown. */
static uint64_t
unit_scale(const char *u)
{
	static const char prefixes[] = "kmgtpe";
	uint64_t base, scale = 1;
	const char *pos;
	char c;
	size_t i;

	if (u == NULL || u[0] == '\0')
		return 1024;
	if (strcasecmp(u, "b") == 0 || strcasecmp(u, "byte") == 0 ||
	    strcasecmp(u, "bytes") == 0)
		return 1;
	if (u[1] == '\0' || strcasecmp(u + 1, "ib") == 0)
		base = 1024;
	else if ((u[1] == 'b' || u[1] == 'B') && u[2] == '\0')
		base = 1000;
	else
		return 0;
	c = u[0] >= 'A' && u[0] <= 'Z' ? (char) (u[0] - 'A' + 'a') : u[0];
	pos = strchr(prefixes, c);
	if (pos == NULL)
		return 0;
	for (i = 0; i <= (size_t) (pos - prefixes); i++)
		scale *= base;
	return scale;
}

/* <memory unit=>N</memory> in KiB, rounded up; 0 or -EINVAL (reported). */
static int
parse_scaled_kib(struct domxml *x, xmlNode *n, uint64_t *kib)
{
	char *unit = cfgxml_attr(n, "unit");
	char *v = domxml_text(x, n);
	uint64_t scale, val;
	char why[96];
	int r;

	domxml_attrs(x, n, (const char *const[]) { "unit", NULL }, false);
	scale = unit_scale(unit);
	if (scale == 0) {
		r = domxml_bad(x, n, "unit", unit, "unknown unit '%s'", unit);
		goto out;
	}
	r = domxml_u64(v, 1, MEMORY_MAX_BYTES / scale, &val, why, sizeof why);
	if (r < 0 && unit != NULL) {
		diag_error(x->d, cfgxml_line(n),
		    "<%s unit='%s'>: invalid value '%.64s': %s",
		    (const char *) n->name, unit, v, why);
		goto out;
	} else if (r < 0) {
		domxml_bad(x, n, NULL, v, "%s", why);
		goto out;
	}
	*kib = (val * scale + 1023) / 1024;
out:
	free(unit);
	free(v);
	return r;
}

void
config_domain_res_memory(struct domxml *x, xmlNode *n, void *obj)
{
	if (parse_scaled_kib(x, n, &x->dom->memory_kib) == 0)
		x->memory_line = cfgxml_line(n);
}

void
config_domain_res_current_memory(struct domxml *x, xmlNode *n, void *obj)
{
	if (parse_scaled_kib(x, n, &x->dom->current_memory_kib) == 0)
		x->current_line = cfgxml_line(n);
}

void
config_domain_res_vcpu(struct domxml *x, xmlNode *n, void *obj)
{
	char *placement = cfgxml_attr(n, "placement");
	uint64_t v;

	domxml_attrs(x, n, (const char *const[]) { "placement", NULL },
	    false);
	if (placement != NULL && strcmp(placement, "static") != 0)
		diag_warn(x->d, cfgxml_line(n),
		    "<vcpu placement='%s'>: only static placement, ignored",
		    placement);
	free(placement);
	if (domxml_text_u64(x, n, 1, VCPU_MAX, &v) == 0)
		x->dom->vcpu = (unsigned) v;
}

static void
parse_shares(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	(void) domxml_text_u64(x, n, SHARES_MIN, SHARES_MAX,
	    &x->dom->cpu_shares);
}

static const struct domxml_rule cputune_rules[] = {
	{ "shares", DOMXML_PARSE, true, parse_shares, NULL },
	{ "period", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "quota", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "global_period", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "global_quota", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "emulator_period", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "emulator_quota", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "iothread_period", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "iothread_quota", DOMXML_REFUSE, false, NULL,
	    "CPU bandwidth limits are not enforced" },
	{ "vcpupin", DOMXML_WARN, false, NULL, NULL },
	{ "emulatorpin", DOMXML_WARN, false, NULL, NULL },
	{ "iothreadpin", DOMXML_WARN, false, NULL, NULL },
	{ "vcpusched", DOMXML_WARN, false, NULL, NULL },
	{ "iothreadsched", DOMXML_WARN, false, NULL, NULL },
	{ "emulatorsched", DOMXML_WARN, false, NULL, NULL },
	{ "cachetune", DOMXML_WARN, false, NULL, NULL },
	{ "memorytune", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

void
config_domain_res_cputune(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	domxml_children(x, n, cputune_rules, false, NULL);
}

static const struct domxml_rule memtune_rules[] = {
	{ "hard_limit", DOMXML_REFUSE, false, NULL,
	    "memory limits other than <memory> are not enforced" },
	{ "swap_hard_limit", DOMXML_REFUSE, false, NULL,
	    "memory limits other than <memory> are not enforced" },
	{ "soft_limit", DOMXML_WARN, false, NULL, NULL },
	{ "min_guarantee", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

void
config_domain_res_memtune(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	domxml_children(x, n, memtune_rules, false, NULL);
}
