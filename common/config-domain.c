/* Guest configuration: libvirt domain XML -> struct config_domain.
 *
 * What vigil does with each element (DESIGN.md "Guest configuration"). An
 * element or attribute vigil does not implement is an error when ignoring
 * it would weaken isolation, otherwise a warning; both name the line. A
 * value vigil cannot honour in an element it implements is an error.
 *
 * <domain type= id=>          type lxc|kvm|qemu; id (live XML) skipped
 *   name, uuid                parsed (uuid generated when absent)
 *   title, description, metadata    skipped silently (no effect)
 *   memory, currentMemory     parsed with unit=; currentMemory > memory
 *                             is lowered to memory with a warning
 *   vcpu                      parsed (1..4096); placement=static only,
 *                             cpuset/current warned
 *   cputune/shares            parsed (2..262144)
 *   cputune period, quota, global_*, emulator_*, iothread_*
 *                             ERROR: CPU bandwidth limits not enforced
 *   cputune *pin, *sched, cachetune, memorytune    warning
 *   memtune hard_limit, swap_hard_limit   ERROR: limits not enforced
 *   memtune soft_limit, min_guarantee     warning
 *   blkiotune, throttlegroups ERROR: I/O weights and limits not enforced
 *   idmap                     ERROR: without it the guest's uid 0 would
 *                             be the host's root
 *   seclabel type='none'      accepted; any other type: ERROR (the
 *                             confinement asked for would be missing)
 *   launchSecurity            ERROR: memory encryption not implemented
 *   os/type                   exe (lxc) or hvm (kvm, qemu); arch= and
 *                             machine= kept; a mismatch is an error
 *   os/init, initarg, initenv parsed (lxc; init absolute, default
 *                             /sbin/init); warned and ignored for VMs
 *   os/inituser, initgroup    ERROR: init would run as root instead
 *   os/kernel, initrd, cmdline parsed (kvm, qemu); warned for lxc
 *   os/initdir, loader, nvram, boot, bootmenu, smbios, bios, dtb, acpi
 *                             warning
 *   features/privnet          parsed
 *   features/capabilities     policy default|allow|deny, children named
 *                             after capabilities with state on|off;
 *                             unknown names are errors (libcap decides)
 *   features/acpi, apic, pae, hyperv, kvm, ... warning
 *   devices                   see config-domain-devices.c and
 *                             config-domain-net.c
 *   genid, maxMemory, vcpus, iothreads, iothreadids, memoryBacking,
 *   numatune, resource, sysinfo, bootloader, bootloader_args, cpu, clock,
 *   on_poweroff, on_reboot, on_crash, on_lockfailure, pm, perf, keywrap
 *                             warning
 *   anything else, including namespaced extensions (qemu:commandline,
 *   lxc:namespace)            warning
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-domain-devices.h"
#include "common/config-domain-net.h"
#include "common/config-domain-os.h"
#include "common/config-domain-res.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/err.h"
#include "common/path.h"
#include "common/xalloc.h"

static const char *const no_attrs[] = { NULL };

static void
parse_name(struct domxml *x, xmlNode *n, void *obj)
{
	char *name = domxml_text(x, n);
	struct vg_err err;

	domxml_attrs(x, n, no_attrs, false);
	if (path_check_name(name, &err) < 0) {
		diag_error(x->d, cfgxml_line(n), "%s", err.msg);
		free(name);
		return;
	}
	x->dom->name = name;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* libvirt's forms: 32 hex digits in pairs, with '-' or ' ' anywhere
 * between pairs. */
static int
uuid_parse(const char *s, uint8_t uuid[16])
{
	size_t i = 0;

	while (i < 16) {
		if (*s == '-' || *s == ' ') {
			s++;
			continue;
		}
		if (hexval(s[0]) < 0 || hexval(s[1]) < 0)
			return -EINVAL;
		uuid[i++] = (uint8_t) (hexval(s[0]) << 4 | hexval(s[1]));
		s += 2;
	}
	return *s == '\0' ? 0 : -EINVAL;
}

static void
parse_uuid(struct domxml *x, xmlNode *n, void *obj)
{
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (uuid_parse(v, x->dom->uuid) < 0)
		domxml_bad(x, n, NULL, v, "not a UUID");
	else
		x->have_uuid = true;
	free(v);
}

static void
parse_seclabel(struct domxml *x, xmlNode *n, void *obj)
{
	char *type = cfgxml_attr(n, "type");

	if (type == NULL)
		diag_error(x->d, cfgxml_line(n), "<seclabel>: not supported: "
		    "only type='none' (no security label) is implemented");
	else if (strcmp(type, "none") != 0)
		domxml_bad(x, n, "type", type, "not supported: only "
		    "type='none' (no security label) is implemented");
	free(type);
}

static const struct domxml_rule domain_rules[] = {
	{ "name", DOMXML_PARSE, true, parse_name, NULL },
	{ "uuid", DOMXML_PARSE, true, parse_uuid, NULL },
	{ "title", DOMXML_ACCEPT, true, NULL, NULL },
	{ "description", DOMXML_ACCEPT, true, NULL, NULL },
	{ "metadata", DOMXML_ACCEPT, true, NULL, NULL },
	{ "memory", DOMXML_PARSE, true, config_domain_res_memory, NULL },
	{ "currentMemory", DOMXML_PARSE, true, config_domain_res_current_memory,
	    NULL },
	{ "vcpu", DOMXML_PARSE, true, config_domain_res_vcpu, NULL },
	{ "cputune", DOMXML_PARSE, true, config_domain_res_cputune, NULL },
	{ "memtune", DOMXML_PARSE, true, config_domain_res_memtune, NULL },
	{ "os", DOMXML_PARSE, true, config_domain_os_parse, NULL },
	{ "features", DOMXML_PARSE, true, config_domain_os_features,
	    NULL },
	{ "devices", DOMXML_PARSE, true, config_domain_devices_parse, NULL },
	{ "seclabel", DOMXML_PARSE, false, parse_seclabel, NULL },
	{ "idmap", DOMXML_REFUSE, false, NULL, "user namespace id mapping "
	    "is not implemented: the guest's root would be the host's root" },
	{ "blkiotune", DOMXML_REFUSE, false, NULL,
	    "I/O weights and limits are not enforced" },
	{ "throttlegroups", DOMXML_REFUSE, false, NULL,
	    "I/O limits are not enforced" },
	{ "launchSecurity", DOMXML_REFUSE, false, NULL,
	    "memory encryption is not implemented" },
	{ "genid", DOMXML_WARN, false, NULL, NULL },
	{ "maxMemory", DOMXML_WARN, false, NULL, NULL },
	{ "vcpus", DOMXML_WARN, false, NULL, NULL },
	{ "iothreads", DOMXML_WARN, false, NULL, NULL },
	{ "iothreadids", DOMXML_WARN, false, NULL, NULL },
	{ "memoryBacking", DOMXML_WARN, false, NULL, NULL },
	{ "numatune", DOMXML_WARN, false, NULL, NULL },
	{ "resource", DOMXML_WARN, false, NULL, NULL },
	{ "sysinfo", DOMXML_WARN, false, NULL, NULL },
	{ "bootloader", DOMXML_WARN, false, NULL, NULL },
	{ "bootloader_args", DOMXML_WARN, false, NULL, NULL },
	{ "cpu", DOMXML_WARN, false, NULL, NULL },
	{ "clock", DOMXML_WARN, false, NULL, NULL },
	{ "on_poweroff", DOMXML_WARN, false, NULL, NULL },
	{ "on_reboot", DOMXML_WARN, false, NULL, NULL },
	{ "on_crash", DOMXML_WARN, false, NULL, NULL },
	{ "on_lockfailure", DOMXML_WARN, false, NULL, NULL },
	{ "pm", DOMXML_WARN, false, NULL, NULL },
	{ "perf", DOMXML_WARN, false, NULL, NULL },
	{ "keywrap", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

static void
parse_type(struct domxml *x, xmlNode *root)
{
	char *type = domxml_required(x, root, "type");

	domxml_attrs(x, root, (const char *const[]) { "type", "id", NULL },
	    false);
	if (type == NULL)
		return;
	x->type_known = true;
	if (strcmp(type, "lxc") == 0)
		x->dom->type = DOMAIN_TYPE_LXC;
	else if (strcmp(type, "kvm") == 0)
		x->dom->type = DOMAIN_TYPE_KVM;
	else if (strcmp(type, "qemu") == 0)
		x->dom->type = DOMAIN_TYPE_QEMU;
	else {
		x->type_known = false;
		domxml_bad(x, root, "type", type,
		    "unknown domain type: expected lxc, kvm or qemu");
	}
	free(type);
}

/* What needs the whole document: required elements, defaults. */
static void
check_domain(struct domxml *x, xmlNode *root)
{
	struct config_domain *dom = x->dom;
	int line = cfgxml_line(root);

	if (dom->name == NULL && !x->seen_name)
		diag_error(x->d, line, "<domain>: missing <name>");
	if (x->memory_line == 0 && !x->seen_memory)
		diag_error(x->d, line, "<domain>: missing <memory>");
	if (x->current_line == 0)
		dom->current_memory_kib = dom->memory_kib;
	else if (x->memory_line != 0 &&
	    dom->current_memory_kib > dom->memory_kib) {
		diag_warn(x->d, x->current_line, "<currentMemory>: larger "
		    "than <memory>, lowered to %llu KiB",
		    (unsigned long long) dom->memory_kib);
		dom->current_memory_kib = dom->memory_kib;
	}
	if (dom->vcpu == 0)
		dom->vcpu = 1;
	if (!x->have_os)
		diag_error(x->d, line, "<domain>: missing <os>");
	if (!x->have_uuid) {
		addr_uuid_generate(dom->uuid);
		dom->uuid_generated = true;
	}
	if (!x->type_known)
		return;
	if (dom->type == DOMAIN_TYPE_LXC) {
		if (dom->init == NULL && !x->seen_init)
			dom->init = xstrdup("/sbin/init");
	} else if (dom->kernel == NULL && dom->ndisks == 0 &&
	    !x->seen_kernel && !x->seen_disk) {
		diag_error(x->d, line, "<domain>: a %s guest needs "
		    "<os><kernel> or a <disk>",
		    config_domain_type_name(dom->type));
	}
	config_domain_devices_check(x);
	config_domain_net_check(x);
}

static void
note_seen(struct domxml *x, xmlNode *root)
{
	xmlNode *c, *g;

	/* Elements that were present but invalid: their own error is
	 * enough, "missing" would be a second, wrong one. */
	for (c = root->children; c != NULL; c = c->next) {
		if (cfgxml_is(c, "name"))
			x->seen_name = true;
		else if (cfgxml_is(c, "memory"))
			x->seen_memory = true;
		else if (cfgxml_is(c, "os")) {
			for (g = c->children; g != NULL; g = g->next) {
				if (cfgxml_is(g, "init"))
					x->seen_init = true;
				if (cfgxml_is(g, "kernel"))
					x->seen_kernel = true;
			}
		} else if (cfgxml_is(c, "devices")) {
			for (g = c->children; g != NULL; g = g->next)
				if (cfgxml_is(g, "disk"))
					x->seen_disk = true;
		}
	}
}

static int
parse_doc(xmlDocPtr doc, const char *file, struct config_domain **out,
    struct diag *d)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	struct domxml x;
	size_t errors = d->nerrors;

	*out = NULL;
	memset(&x, 0, sizeof x);
	x.d = d;
	x.dom = xcalloc(1, sizeof *x.dom);
	x.dom->file = xstrdup(file);
	x.dom->console_ring_size = CONFIG_DOMAIN_RING_DEFAULT;
	x.dom->console_log_max = CONFIG_DOMAIN_LOG_DEFAULT;
	if (!cfgxml_is(root, "domain") ||
	    (root->ns != NULL && root->ns->prefix != NULL)) {
		diag_error(d, cfgxml_line(root),
		    "unknown root element <%s>: expected <domain>",
		    (const char *) root->name);
		config_domain_free(x.dom);
		return -EINVAL;
	}
	parse_type(&x, root);
	note_seen(&x, root);
	domxml_children(&x, root, domain_rules, false, NULL);
	check_domain(&x, root);
	if (d->nerrors > errors) {
		config_domain_free(x.dom);
		return -EINVAL;
	}
	*out = x.dom;
	return 0;
}

int
config_domain_load(const char *path, struct config_domain **out,
    struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_file(path, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(doc, path, out, d);
	xmlFreeDoc(doc);
	return r;
}

int
config_domain_parse(const char *buf, size_t len, struct config_domain **out,
    struct diag *d)
{
	xmlDocPtr doc;
	int r;

	*out = NULL;
	r = cfgxml_load_buffer(buf, len, d, &doc);
	if (r < 0)
		return r;
	r = parse_doc(doc, d->file, out, d);
	xmlFreeDoc(doc);
	return r;
}

static void
params_free(struct config_param *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].value);
	}
	free(p);
}

void
config_domain_free(struct config_domain *dom)
{
	size_t i;

	if (dom == NULL)
		return;
	free(dom->file);
	free(dom->name);
	free(dom->os_type);
	free(dom->os_arch);
	free(dom->os_machine);
	free(dom->init);
	for (i = 0; i < dom->ninitargs; i++)
		free(dom->initargs[i]);
	free(dom->initargs);
	params_free(dom->initenv, dom->ninitenv);
	free(dom->kernel);
	free(dom->initrd);
	free(dom->cmdline);
	free(dom->emulator);
	for (i = 0; i < dom->ncaps; i++)
		free(dom->caps[i].name);
	free(dom->caps);
	for (i = 0; i < dom->nfs; i++) {
		free(dom->fs[i].source);
		free(dom->fs[i].target);
	}
	free(dom->fs);
	for (i = 0; i < dom->nifs; i++)
		config_domain_net_if_done(&dom->ifs[i]);
	free(dom->ifs);
	for (i = 0; i < dom->ndisks; i++) {
		free(dom->disks[i].type);
		free(dom->disks[i].device);
		free(dom->disks[i].source);
		free(dom->disks[i].target);
		free(dom->disks[i].bus);
		free(dom->disks[i].format);
	}
	free(dom->disks);
	free(dom);
}

const struct domain_fs *
config_domain_root(const struct config_domain *dom)
{
	size_t i;

	for (i = 0; i < dom->nfs; i++)
		if (strcmp(dom->fs[i].target, "/") == 0)
			return &dom->fs[i];
	return NULL;
}

void
config_domain_uuid_format(const uint8_t u[16], char buf[37])
{
	(void) snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3],
	    u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
	    u[14], u[15]);
}

const char *
config_domain_type_name(enum domain_type t)
{
	switch (t) {
	case DOMAIN_TYPE_LXC:
		return "lxc";
	case DOMAIN_TYPE_KVM:
		return "kvm";
	case DOMAIN_TYPE_QEMU:
		return "qemu";
	}
	return "unknown";
}

size_t
config_param_count(const struct config_param *p, size_t n, const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			c++;
	return c;
}

const char *
config_param_get(const struct config_param *p, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}
