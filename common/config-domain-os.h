/* Guest config: <os> and <features>. Internal to common/config-domain*.c;
 * each is a domxml_rule handler. */
#ifndef VIGIL_CONFIG_DOMAIN_OS_H
#define VIGIL_CONFIG_DOMAIN_OS_H

#include <libxml/tree.h>

struct domxml;

void config_domain_os_parse(struct domxml *x, xmlNode *n, void *obj);
void config_domain_os_features(struct domxml *x, xmlNode *n, void *obj);

#endif
