/* The container init's capability bounding set, from <features>
 * <capabilities policy=...> (libcap). */
#ifndef VIGIL_SUPERVISOR_CAPS_H
#define VIGIL_SUPERVISOR_CAPS_H

#include <stdint.h>

struct config_domain;
struct vg_err;

/* The capabilities to drop for dom, one bit per capability number.
 * Default policy: sys_module, sys_rawio, sys_time, sys_boot, mac_admin,
 * mac_override, audit_control, syslog, wake_alarm, block_suspend and
 * sys_pacct, adjusted by each <NAME state='on|off'/>; "allow" drops only
 * those turned off; "deny" drops all but those turned on. Unknown names are
 * an error. */
int caps_drop_mask(const struct config_domain *dom, uint64_t *mask,
    struct vg_err *err);

/* In the child before exec: drop mask from the bounding and inheritable
 * sets and clear the ambient set. */
int caps_apply(uint64_t mask, struct vg_err *err);

#endif
