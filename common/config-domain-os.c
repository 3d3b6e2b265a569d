/* Guest config: <os> (what the guest runs) and <features> (privnet and
 * the capability set it runs with); see config-domain.c for the policy
 * list. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/capability.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-domain-os.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/xalloc.h"

static const char *const no_attrs[] = { NULL };

static void
parse_os_type(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *v = domxml_text(x, n);
	char *arch = cfgxml_attr(n, "arch");
	char *machine = cfgxml_attr(n, "machine");
	const char *want;

	domxml_attrs(x, n, (const char *const[]) { "arch", "machine", NULL },
	    false);
	/* Both may end up on a QEMU command line. */
	if (arch != NULL && !domxml_token(arch, "_.-", 64))
		domxml_bad(x, n, "arch", arch, "invalid architecture");
	else
		dom->os_arch = arch != NULL ? xstrdup(arch) : NULL;
	if (machine != NULL && !domxml_token(machine, "_.-", 64))
		domxml_bad(x, n, "machine", machine, "invalid machine type");
	else
		dom->os_machine = machine != NULL ? xstrdup(machine) : NULL;
	free(arch);
	free(machine);
	if (x->type_known) {
		want = dom->type == DOMAIN_TYPE_LXC ? "exe" : "hvm";
		if (strcmp(v, want) != 0) {
			domxml_bad(x, n, NULL, v, "a %s guest needs '%s'",
			    config_domain_type_name(dom->type), want);
			free(v);
			return;
		}
	}
	dom->os_type = v;
}

static void
parse_init(struct domxml *x, xmlNode *n, void *obj)
{
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (domxml_lxc_only(x, n) && domxml_path(x, n, NULL, v, false) == 0) {
		x->dom->init = v;
		return;
	}
	free(v);
}

static void
parse_initarg(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (!domxml_lxc_only(x, n)) {
		free(v);
		return;
	}
	dom->initargs = xreallocarray(dom->initargs, dom->ninitargs + 1,
	    sizeof *dom->initargs);
	dom->initargs[dom->ninitargs++] = v;
}

static void
parse_initenv(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *name, *v;
	size_t i;

	domxml_attrs(x, n, (const char *const[]) { "name", NULL }, false);
	if (!domxml_lxc_only(x, n))
		return;
	name = domxml_required(x, n, "name");
	if (name == NULL)
		return;
	if (!domxml_token(name, "_", 128) || (name[0] >= '0' &&
	    name[0] <= '9')) {
		domxml_bad(x, n, "name", name, "invalid variable name");
		free(name);
		return;
	}
	for (i = 0; i < dom->ninitenv; i++) {
		if (strcmp(dom->initenv[i].name, name) == 0) {
			domxml_bad(x, n, "name", name,
			    "given twice (also on line %d)",
			    dom->initenv[i].line);
			free(name);
			return;
		}
	}
	v = domxml_text(x, n);
	dom->initenv = xreallocarray(dom->initenv, dom->ninitenv + 1,
	    sizeof *dom->initenv);
	dom->initenv[dom->ninitenv].name = name;
	dom->initenv[dom->ninitenv].value = v;
	dom->initenv[dom->ninitenv++].line = cfgxml_line(n);
}

static void
parse_vm_path(struct domxml *x, xmlNode *n, char **out)
{
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (domxml_vm_only(x, n) && domxml_path(x, n, NULL, v, false) == 0) {
		*out = v;
		return;
	}
	free(v);
}

static void
parse_kernel(struct domxml *x, xmlNode *n, void *obj)
{
	parse_vm_path(x, n, &x->dom->kernel);
}

static void
parse_initrd(struct domxml *x, xmlNode *n, void *obj)
{
	parse_vm_path(x, n, &x->dom->initrd);
}

static void
parse_cmdline(struct domxml *x, xmlNode *n, void *obj)
{
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (domxml_vm_only(x, n)) {
		x->dom->cmdline = v;
		return;
	}
	free(v);
}

static const struct domxml_rule os_rules[] = {
	{ "type", DOMXML_PARSE, true, parse_os_type, NULL },
	{ "init", DOMXML_PARSE, true, parse_init, NULL },
	{ "initarg", DOMXML_PARSE, false, parse_initarg, NULL },
	{ "initenv", DOMXML_PARSE, false, parse_initenv, NULL },
	{ "inituser", DOMXML_REFUSE, false, NULL,
	    "the init would run as root instead" },
	{ "initgroup", DOMXML_REFUSE, false, NULL,
	    "the init would run as root instead" },
	{ "kernel", DOMXML_PARSE, true, parse_kernel, NULL },
	{ "initrd", DOMXML_PARSE, true, parse_initrd, NULL },
	{ "cmdline", DOMXML_PARSE, true, parse_cmdline, NULL },
	{ "initdir", DOMXML_WARN, false, NULL, NULL },
	{ "loader", DOMXML_WARN, false, NULL, NULL },
	{ "nvram", DOMXML_WARN, false, NULL, NULL },
	{ "boot", DOMXML_WARN, false, NULL, NULL },
	{ "bootmenu", DOMXML_WARN, false, NULL, NULL },
	{ "smbios", DOMXML_WARN, false, NULL, NULL },
	{ "bios", DOMXML_WARN, false, NULL, NULL },
	{ "dtb", DOMXML_WARN, false, NULL, NULL },
	{ "acpi", DOMXML_WARN, false, NULL, NULL },
	{ "firmware", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

void
config_domain_os_parse(struct domxml *x, xmlNode *n, void *obj)
{
	xmlNode *c;
	bool have_type = false;

	x->have_os = true;
	domxml_attrs(x, n, no_attrs, false);
	domxml_children(x, n, os_rules, false, NULL);
	for (c = n->children; c != NULL; c = c->next)
		if (cfgxml_is(c, "type"))
			have_type = true;
	if (!have_type)
		diag_error(x->d, cfgxml_line(n), "<os>: missing <type>");
}

static void
parse_privnet(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	x->dom->privnet = true;
}

/* libvirt names capabilities in lower case without "cap_"; libcap's
 * cap_from_name would also take numbers and upper case. */
static bool
cap_word(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return false;
	for (; *s != '\0'; s++)
		if ((*s < 'a' || *s > 'z') && *s != '_')
			return false;
	return true;
}

/* One capability element: <sys_time state='on'/>. */
static void
parse_cap(struct domxml *x, xmlNode *n)
{
	struct config_domain *dom = x->dom;
	const char *name = (const char *) n->name;
	cap_value_t cv;
	char *state;
	char *cname;
	size_t i;
	int r;

	domxml_attrs(x, n, (const char *const[]) { "state", NULL }, false);
	cname = xprintf("cap_%s", name);
	r = cap_from_name(cname, &cv);
	free(cname);
	if ((n->ns != NULL && n->ns->prefix != NULL) || !cap_word(name) ||
	    r < 0) {
		diag_error(x->d, cfgxml_line(n),
		    "<capabilities>: unknown capability '%.64s'", name);
		return;
	}
	for (i = 0; i < dom->ncaps; i++) {
		if (strcmp(dom->caps[i].name, name) == 0) {
			diag_error(x->d, cfgxml_line(n),
			    "<capabilities>: capability '%s' given twice "
			    "(also on line %d)", name, dom->caps[i].line);
			return;
		}
	}
	state = domxml_required(x, n, "state");
	if (state == NULL)
		return;
	if (strcmp(state, "on") != 0 && strcmp(state, "off") != 0) {
		domxml_bad(x, n, "state", state, "expected 'on' or 'off'");
		free(state);
		return;
	}
	dom->caps = xreallocarray(dom->caps, dom->ncaps + 1,
	    sizeof *dom->caps);
	dom->caps[dom->ncaps].name = xstrdup(name);
	dom->caps[dom->ncaps].on = strcmp(state, "on") == 0;
	dom->caps[dom->ncaps++].line = cfgxml_line(n);
	free(state);
}

static void
parse_capabilities(struct domxml *x, xmlNode *n, void *obj)
{
	char *policy = cfgxml_attr(n, "policy");
	xmlNode *c;

	domxml_attrs(x, n, (const char *const[]) { "policy", NULL }, false);
	if (policy == NULL || strcmp(policy, "default") == 0)
		x->dom->caps_policy = DOMAIN_CAPS_DEFAULT;
	else if (strcmp(policy, "allow") == 0)
		x->dom->caps_policy = DOMAIN_CAPS_ALLOW;
	else if (strcmp(policy, "deny") == 0)
		x->dom->caps_policy = DOMAIN_CAPS_DENY;
	else
		domxml_bad(x, n, "policy", policy,
		    "expected 'default', 'allow' or 'deny'");
	free(policy);
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			parse_cap(x, c);
}

static const struct domxml_rule feature_rules[] = {
	{ "privnet", DOMXML_PARSE, true, parse_privnet, NULL },
	{ "capabilities", DOMXML_PARSE, true, parse_capabilities, NULL },
	{ "acpi", DOMXML_WARN, false, NULL, NULL },
	{ "apic", DOMXML_WARN, false, NULL, NULL },
	{ "pae", DOMXML_WARN, false, NULL, NULL },
	{ "hap", DOMXML_WARN, false, NULL, NULL },
	{ "viridian", DOMXML_WARN, false, NULL, NULL },
	{ "hyperv", DOMXML_WARN, false, NULL, NULL },
	{ "kvm", DOMXML_WARN, false, NULL, NULL },
	{ "xen", DOMXML_WARN, false, NULL, NULL },
	{ "pvspinlock", DOMXML_WARN, false, NULL, NULL },
	{ "pmu", DOMXML_WARN, false, NULL, NULL },
	{ "vmport", DOMXML_WARN, false, NULL, NULL },
	{ "gic", DOMXML_WARN, false, NULL, NULL },
	{ "smm", DOMXML_WARN, false, NULL, NULL },
	{ "ioapic", DOMXML_WARN, false, NULL, NULL },
	{ "vmcoreinfo", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

void
config_domain_os_features(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	domxml_children(x, n, feature_rules, false, NULL);
}
