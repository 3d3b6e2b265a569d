#include <errno.h>
#include <stdio.h>
#include <sys/prctl.h>

#include <sys/capability.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "supervisor/caps.h"

/* What a container never needs from the host kernel (libvirt's LXC list
 * plus wake_alarm, block_suspend and sys_pacct). */
static const cap_value_t default_drop[] = {
	CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_TIME, CAP_SYS_BOOT,
	CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_AUDIT_CONTROL, CAP_SYSLOG,
	CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND, CAP_SYS_PACCT,
};

static uint64_t
bit(cap_value_t c)
{
	return (uint64_t) 1 << (unsigned) c;
}

int
caps_drop_mask(const struct config_domain *dom, uint64_t *mask,
    struct vg_err *err)
{
	unsigned nbits = cap_max_bits();
	uint64_t all, m = 0;
	char name[64];
	cap_value_t c;
	size_t i;

	if (nbits > 64)
		nbits = 64;
	all = nbits == 64 ? ~(uint64_t) 0 : (bit((cap_value_t) nbits) - 1);
	if (dom->caps_policy == DOMAIN_CAPS_DEFAULT)
		for (i = 0; i < sizeof default_drop / sizeof default_drop[0];
		    i++)
			m |= bit(default_drop[i]);
	else if (dom->caps_policy == DOMAIN_CAPS_DENY)
		m = all;
	for (i = 0; i < dom->ncaps; i++) {
		(void) snprintf(name, sizeof name, "cap_%s",
		    dom->caps[i].name);
		if (cap_from_name(name, &c) < 0 || c < 0 ||
		    (unsigned) c >= nbits)
			return vg_err_set(err, -EINVAL,
			    "features/capabilities: unknown capability '%s'",
			    dom->caps[i].name);
		if (dom->caps[i].on)
			m &= ~bit(c);
		else
			m |= bit(c);
	}
	*mask = m & all;
	return 0;
}

int
caps_apply(uint64_t mask, struct vg_err *err)
{
	cap_t cur;
	cap_value_t c;
	int r = 0;

	cur = cap_get_proc();
	if (cur == NULL)
		return vg_err_sys(err, -errno, "capabilities: read");
	for (c = 0; c < 64 && r == 0; c++) {
		if (!(mask & bit(c)))
			continue;
		if (cap_drop_bound(c) < 0 && errno != EINVAL)
			r = vg_err_sys(err, -errno,
			    "capabilities: drop %s from the bounding set",
			    cap_to_name(c));
		else if (cap_set_flag(cur, CAP_INHERITABLE, 1, &c,
		    CAP_CLEAR) < 0)
			r = vg_err_sys(err, -errno, "capabilities: %s",
			    cap_to_name(c));
	}
	if (r == 0 && cap_set_proc(cur) < 0)
		r = vg_err_sys(err, -errno,
		    "capabilities: set inheritable");
	if (r == 0 && CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
		r = vg_err_sys(err, -errno, "capabilities: clear ambient");
	(void) cap_free(cur);
	return r;
}
