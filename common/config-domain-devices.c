/* Guest config: <devices>. Interfaces are in config-domain-net.c.
 *
 * devices/emulator            parsed (absolute; kvm, qemu), warned for lxc
 * devices/console type='pty'  parsed; one only (more are warned); other
 *                             types are errors. Optional vigil attributes
 *                             (libvirt ignores them), in bytes:
 *                               ringsize='65536'  recent output replayed
 *                                 to a new client (4096..16777216,
 *                                 default CONFIG_DOMAIN_RING_DEFAULT)
 *                               logsize='1048576' most the console log
 *                                 holds (65536..1073741824, default
 *                                 CONFIG_DOMAIN_LOG_DEFAULT)
 *                             tty=, <target>, <source>, <alias> of live
 *                             XML skipped; <log> warned
 * devices/filesystem          type='mount' only (others: ERROR, the guest
 *                             would see the host's tree instead);
 *                             accessmode passthrough only (mapped, squash:
 *                             ERROR); source@dir and target@dir absolute
 *                             without '.' or '..'; readonly; driver
 *                             type='path' only; space_hard_limit and
 *                             idmap: ERROR; a target used twice: ERROR.
 *                             Warned and ignored for kvm/qemu guests
 * devices/disk                kvm, qemu (warned for lxc): type file|block,
 *                             device disk|cdrom (lun, floppy: ERROR),
 *                             driver@type raw|qcow2 (raw when absent, never
 *                             probed), source@file|dev absolute, target@dev
 *                             and @bus, readonly; iotune, encryption, auth,
 *                             seclabel and a non-empty backingStore: ERROR;
 *                             a target dev used twice: ERROR
 * devices/interface           config-domain-net.c
 * devices/hostdev             ERROR: host device passthrough
 * devices/graphics, video, input, sound, serial, parallel, channel,
 * controller, memballoon, watchdog, rng, tpm, panic, shmem, smartcard,
 * redirdev, redirfilter, hub, lease, memory, iommu, vsock, nvram, crypto,
 * audio, pstore, and anything else: warning
 */
#include <stdlib.h>
#include <string.h>

#include "common/cfgxml.h"
#include "common/config-domain.h"
#include "common/config-domain-devices.h"
#include "common/config-domain-net.h"
#include "common/diag.h"
#include "common/domxml.h"
#include "common/xalloc.h"

#define RING_MIN 4096
#define RING_MAX (16 * 1024 * 1024)
#define LOG_MIN (64 * 1024)
#define LOG_MAX (1024 * 1024 * 1024)

static const char *const no_attrs[] = { NULL };

static void
parse_emulator(struct domxml *x, xmlNode *n, void *obj)
{
	char *v = domxml_text(x, n);

	domxml_attrs(x, n, no_attrs, false);
	if (domxml_vm_only(x, n) && domxml_path(x, n, NULL, v, false) == 0) {
		x->dom->emulator = v;
		return;
	}
	free(v);
}

static const struct domxml_rule console_rules[] = {
	{ "target", DOMXML_ACCEPT, true, NULL, NULL },
	{ "source", DOMXML_ACCEPT, true, NULL, NULL },
	{ "alias", DOMXML_ACCEPT, true, NULL, NULL },
	{ "log", DOMXML_WARN, true, NULL, NULL },
	{ "protocol", DOMXML_WARN, true, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

static void
parse_console(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *type = domxml_required(x, n, "type");
	uint64_t ring = CONFIG_DOMAIN_RING_DEFAULT;
	uint64_t log = CONFIG_DOMAIN_LOG_DEFAULT;
	int r1, r2;

	domxml_attrs(x, n, (const char *const[]) { "type", "tty",
	    "ringsize", "logsize", NULL }, false);
	if (type == NULL)
		return;
	if (strcmp(type, "pty") != 0) {
		domxml_bad(x, n, "type", type,
		    "unsupported console type: only 'pty'");
		free(type);
		return;
	}
	free(type);
	if (dom->has_console) {
		diag_warn(x->d, cfgxml_line(n),
		    "<console>: only one console is supported, ignored");
		return;
	}
	r1 = domxml_attr_u64(x, n, "ringsize", RING_MIN, RING_MAX, &ring);
	r2 = domxml_attr_u64(x, n, "logsize", LOG_MIN, LOG_MAX, &log);
	domxml_children(x, n, console_rules, false, NULL);
	if (r1 < 0 || r2 < 0)
		return;
	dom->has_console = true;
	dom->console_ring_size = (size_t) ring;
	dom->console_log_max = (size_t) log;
}

/* Collapse "//" and drop a trailing '/', so equal mount points compare
 * equal ('.' and '..' were refused already). */
static char *
path_normal(const char *p)
{
	char *s = xstrdup(p);
	size_t i, j = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '/' && j > 0 && s[j - 1] == '/')
			continue;
		s[j++] = s[i];
	}
	if (j > 1 && s[j - 1] == '/')
		j--;
	s[j] = '\0';
	return s;
}

static void
fs_path(struct domxml *x, xmlNode *n, char **out)
{
	char *dir = domxml_required(x, n, "dir");

	domxml_attrs(x, n, (const char *const[]) { "dir", NULL }, false);
	if (dir == NULL)
		return;
	if (domxml_path(x, n, "dir", dir, true) == 0)
		*out = path_normal(dir);
	free(dir);
}

static void
parse_fs_source(struct domxml *x, xmlNode *n, void *obj)
{
	fs_path(x, n, &((struct domain_fs *) obj)->source);
}

static void
parse_fs_target(struct domxml *x, xmlNode *n, void *obj)
{
	fs_path(x, n, &((struct domain_fs *) obj)->target);
}

static void
parse_readonly(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	*(bool *) obj = true;
}

static void
parse_fs_readonly(struct domxml *x, xmlNode *n, void *obj)
{
	parse_readonly(x, n, &((struct domain_fs *) obj)->readonly);
}

static void
parse_fs_driver(struct domxml *x, xmlNode *n, void *obj)
{
	char *type = cfgxml_attr(n, "type");

	domxml_attrs(x, n, (const char *const[]) { "type", NULL }, false);
	if (type != NULL && strcmp(type, "path") != 0)
		domxml_bad(x, n, "type", type,
		    "not supported: only type='path'");
	free(type);
}

static const struct domxml_rule fs_rules[] = {
	{ "source", DOMXML_PARSE, true, parse_fs_source, NULL },
	{ "target", DOMXML_PARSE, true, parse_fs_target, NULL },
	{ "readonly", DOMXML_PARSE, true, parse_fs_readonly, NULL },
	{ "driver", DOMXML_PARSE, true, parse_fs_driver, NULL },
	{ "space_hard_limit", DOMXML_REFUSE, false, NULL,
	    "filesystem quotas are not enforced" },
	{ "idmap", DOMXML_REFUSE, false, NULL,
	    "id mapping of filesystems is not implemented" },
	{ "space_soft_limit", DOMXML_WARN, false, NULL, NULL },
	{ "alias", DOMXML_ACCEPT, true, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

static void
parse_filesystem(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *type = cfgxml_attr(n, "type");
	char *mode = cfgxml_attr(n, "accessmode");
	struct domain_fs fs;
	size_t errors = x->d->nerrors;

	memset(&fs, 0, sizeof fs);
	fs.line = cfgxml_line(n);
	if (!domxml_lxc_only(x, n))
		goto out;
	domxml_attrs(x, n, (const char *const[]) { "type", "accessmode",
	    NULL }, false);
	if (type != NULL && strcmp(type, "mount") != 0) {
		domxml_bad(x, n, "type", type,
		    "unsupported filesystem type: only 'mount'");
		goto out;
	}
	if (mode != NULL && strcmp(mode, "passthrough") != 0)
		domxml_bad(x, n, "accessmode", mode,
		    "not supported: only 'passthrough'");
	domxml_children(x, n, fs_rules, false, &fs);
	if (fs.source == NULL && x->d->nerrors == errors)
		diag_error(x->d, fs.line, "<filesystem>: missing <source>");
	if (fs.target == NULL && x->d->nerrors == errors)
		diag_error(x->d, fs.line, "<filesystem>: missing <target>");
	if (x->d->nerrors > errors)
		goto out;
	dom->fs = xreallocarray(dom->fs, dom->nfs + 1, sizeof *dom->fs);
	dom->fs[dom->nfs++] = fs;
	memset(&fs, 0, sizeof fs);
out:
	free(fs.source);
	free(fs.target);
	free(type);
	free(mode);
}

static void
parse_disk_driver(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_disk *disk = obj;
	char *name = cfgxml_attr(n, "name");
	char *type = cfgxml_attr(n, "type");

	domxml_attrs(x, n, (const char *const[]) { "name", "type", NULL },
	    false);
	if (name != NULL && strcmp(name, "qemu") != 0)
		domxml_bad(x, n, "name", name, "only 'qemu'");
	if (type != NULL && strcmp(type, "raw") != 0 &&
	    strcmp(type, "qcow2") != 0)
		domxml_bad(x, n, "type", type,
		    "unsupported format: expected 'raw' or 'qcow2'");
	else if (type != NULL)
		disk->format = xstrdup(type);
	free(name);
	free(type);
}

static void
parse_disk_source(struct domxml *x, xmlNode *n, void *obj)
{
	struct domain_disk *disk = obj;
	const char *attr = strcmp(disk->type, "block") == 0 ? "dev" : "file";
	char *v;

	domxml_attrs(x, n, (const char *const[]) { attr, NULL }, false);
	v = cfgxml_attr(n, attr);
	/* <source/> alone is an empty CD-ROM drive, as in libvirt. */
	if (v == NULL && strcmp(disk->device, "cdrom") == 0)
		return;
	if (v == NULL) {
		free(domxml_required(x, n, attr));
		return;
	}
	if (domxml_path(x, n, attr, v, false) == 0)
		disk->source = v;
	else
		free(v);
}

static void
parse_disk_target(struct domxml *x, xmlNode *n, void *obj)
{
	static const char *const buses[] = { "virtio", "ide", "sata",
	    "scsi", "usb", NULL };
	struct domain_disk *disk = obj;
	char *dev = domxml_required(x, n, "dev");
	char *bus = cfgxml_attr(n, "bus");
	size_t i, nlow;

	domxml_attrs(x, n, (const char *const[]) { "dev", "bus", NULL },
	    false);
	if (dev != NULL) {
		nlow = strspn(dev, "abcdefghijklmnopqrstuvwxyz");
		if (nlow < 2 || strlen(dev) > 32 ||
		    dev[nlow + strspn(dev + nlow, "0123456789")] != '\0')
			domxml_bad(x, n, "dev", dev, "invalid disk name");
		else
			disk->target = xstrdup(dev);
	}
	if (bus != NULL) {
		for (i = 0; buses[i] != NULL; i++)
			if (strcmp(bus, buses[i]) == 0)
				break;
		if (buses[i] == NULL)
			domxml_bad(x, n, "bus", bus, "unsupported bus: "
			    "expected virtio, ide, sata, scsi or usb");
		else
			disk->bus = xstrdup(bus);
	}
	free(dev);
	free(bus);
}

static void
parse_disk_readonly(struct domxml *x, xmlNode *n, void *obj)
{
	parse_readonly(x, n, &((struct domain_disk *) obj)->readonly);
}

/* An empty <backingStore/> says "no backing file"; a chain is not
 * implemented (QEMU would open host files the config does not name). */
static void
parse_backing(struct domxml *x, xmlNode *n, void *obj)
{
	if (n->properties != NULL || xmlFirstElementChild(n) != NULL)
		diag_error(x->d, cfgxml_line(n), "<backingStore>: not "
		    "supported: explicit backing chains are not implemented");
}

static const struct domxml_rule disk_rules[] = {
	{ "driver", DOMXML_PARSE, true, parse_disk_driver, NULL },
	{ "source", DOMXML_PARSE, true, parse_disk_source, NULL },
	{ "target", DOMXML_PARSE, true, parse_disk_target, NULL },
	{ "readonly", DOMXML_PARSE, true, parse_disk_readonly, NULL },
	{ "backingStore", DOMXML_PARSE, true, parse_backing, NULL },
	{ "iotune", DOMXML_REFUSE, false, NULL,
	    "I/O limits are not enforced" },
	{ "encryption", DOMXML_REFUSE, false, NULL,
	    "disk encryption is not implemented" },
	{ "auth", DOMXML_REFUSE, false, NULL,
	    "network disks are not implemented" },
	{ "seclabel", DOMXML_REFUSE, false, NULL,
	    "security labels are not implemented" },
	{ "alias", DOMXML_ACCEPT, true, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

static bool
one_of(const char *v, const char *a, const char *b)
{
	return strcmp(v, a) == 0 || strcmp(v, b) == 0;
}

static void
parse_disk(struct domxml *x, xmlNode *n, void *obj)
{
	struct config_domain *dom = x->dom;
	char *type = cfgxml_attr(n, "type");
	char *device = cfgxml_attr(n, "device");
	size_t errors = x->d->nerrors;
	struct domain_disk disk;

	memset(&disk, 0, sizeof disk);
	disk.line = cfgxml_line(n);
	disk.type = type != NULL ? type : xstrdup("file");
	disk.device = device != NULL ? device : xstrdup("disk");
	if (!domxml_vm_only(x, n))
		goto out;
	domxml_attrs(x, n, (const char *const[]) { "type", "device", NULL },
	    false);
	if (!one_of(disk.type, "file", "block")) {
		domxml_bad(x, n, "type", disk.type,
		    "unsupported disk type: expected 'file' or 'block'");
		goto out;
	}
	if (!one_of(disk.device, "disk", "cdrom")) {
		domxml_bad(x, n, "device", disk.device,
		    "unsupported disk device: expected 'disk' or 'cdrom'");
		goto out;
	}
	domxml_children(x, n, disk_rules, false, &disk);
	if (strcmp(disk.device, "cdrom") == 0)
		disk.readonly = true;
	if (disk.target == NULL && x->d->nerrors == errors)
		diag_error(x->d, disk.line, "<disk>: missing <target>");
	if (disk.source == NULL && strcmp(disk.device, "disk") == 0 &&
	    x->d->nerrors == errors)
		diag_error(x->d, disk.line, "<disk>: missing <source>");
	if (x->d->nerrors > errors)
		goto out;
	dom->disks = xreallocarray(dom->disks, dom->ndisks + 1,
	    sizeof *dom->disks);
	dom->disks[dom->ndisks++] = disk;
	return;
out:
	free(disk.type);
	free(disk.device);
	free(disk.source);
	free(disk.target);
	free(disk.bus);
	free(disk.format);
}

static const struct domxml_rule devices_rules[] = {
	{ "emulator", DOMXML_PARSE, true, parse_emulator, NULL },
	{ "console", DOMXML_PARSE, false, parse_console, NULL },
	{ "filesystem", DOMXML_PARSE, false, parse_filesystem, NULL },
	{ "interface", DOMXML_PARSE, false, config_domain_net_parse, NULL },
	{ "disk", DOMXML_PARSE, false, parse_disk, NULL },
	{ "hostdev", DOMXML_REFUSE, false, NULL,
	    "host device passthrough is not implemented" },
	{ "graphics", DOMXML_WARN, false, NULL, NULL },
	{ "video", DOMXML_WARN, false, NULL, NULL },
	{ "input", DOMXML_WARN, false, NULL, NULL },
	{ "sound", DOMXML_WARN, false, NULL, NULL },
	{ "serial", DOMXML_WARN, false, NULL, NULL },
	{ "parallel", DOMXML_WARN, false, NULL, NULL },
	{ "channel", DOMXML_WARN, false, NULL, NULL },
	{ "controller", DOMXML_WARN, false, NULL, NULL },
	{ "memballoon", DOMXML_WARN, false, NULL, NULL },
	{ "watchdog", DOMXML_WARN, false, NULL, NULL },
	{ "rng", DOMXML_WARN, false, NULL, NULL },
	{ "tpm", DOMXML_WARN, false, NULL, NULL },
	{ "panic", DOMXML_WARN, false, NULL, NULL },
	{ "shmem", DOMXML_WARN, false, NULL, NULL },
	{ "smartcard", DOMXML_WARN, false, NULL, NULL },
	{ "redirdev", DOMXML_WARN, false, NULL, NULL },
	{ "redirfilter", DOMXML_WARN, false, NULL, NULL },
	{ "hub", DOMXML_WARN, false, NULL, NULL },
	{ "lease", DOMXML_WARN, false, NULL, NULL },
	{ "memory", DOMXML_WARN, false, NULL, NULL },
	{ "iommu", DOMXML_WARN, false, NULL, NULL },
	{ "vsock", DOMXML_WARN, false, NULL, NULL },
	{ "nvram", DOMXML_WARN, false, NULL, NULL },
	{ "crypto", DOMXML_WARN, false, NULL, NULL },
	{ "audio", DOMXML_WARN, false, NULL, NULL },
	{ "pstore", DOMXML_WARN, false, NULL, NULL },
	{ NULL, DOMXML_WARN, false, NULL, NULL },
};

void
config_domain_devices_parse(struct domxml *x, xmlNode *n, void *obj)
{
	domxml_attrs(x, n, no_attrs, false);
	domxml_children(x, n, devices_rules, false, NULL);
}

void
config_domain_devices_check(struct domxml *x)
{
	const struct config_domain *dom = x->dom;
	size_t i, j;

	for (i = 0; i < dom->nfs; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(dom->fs[i].target, dom->fs[j].target) != 0)
				continue;
			diag_error(x->d, dom->fs[i].line, "<filesystem>: "
			    "target dir '%s' used twice (also on line %d)",
			    dom->fs[i].target, dom->fs[j].line);
			break;
		}
	}
	for (i = 0; i < dom->ndisks; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(dom->disks[i].target,
			    dom->disks[j].target) != 0)
				continue;
			diag_error(x->d, dom->disks[i].line, "<disk>: "
			    "target dev '%s' used twice (also on line %d)",
			    dom->disks[i].target, dom->disks[j].line);
			break;
		}
	}
}
