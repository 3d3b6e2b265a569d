/* Guest config: <devices> other than interfaces (console, filesystem,
 * disk, emulator). Internal to common/config-domain*.c. */
#ifndef VIGIL_CONFIG_DOMAIN_DEVICES_H
#define VIGIL_CONFIG_DOMAIN_DEVICES_H

#include <libxml/tree.h>

struct domxml;

/* The <devices> element (a domxml_rule handler). */
void config_domain_devices_parse(struct domxml *x, xmlNode *n, void *obj);

/* Checks across devices once all are read: duplicate targets. */
void config_domain_devices_check(struct domxml *x);

#endif
