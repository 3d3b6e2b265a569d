/* Guest config: memory, vcpu, cputune, memtune. Internal to
 * common/config-domain*.c; each is a domxml_rule handler. */
#ifndef VIGIL_CONFIG_DOMAIN_RES_H
#define VIGIL_CONFIG_DOMAIN_RES_H

#include <libxml/tree.h>

struct domxml;

void config_domain_res_memory(struct domxml *x, xmlNode *n, void *obj);
void config_domain_res_current_memory(struct domxml *x, xmlNode *n,
    void *obj);
void config_domain_res_vcpu(struct domxml *x, xmlNode *n, void *obj);
void config_domain_res_cputune(struct domxml *x, xmlNode *n, void *obj);
void config_domain_res_memtune(struct domxml *x, xmlNode *n, void *obj);

#endif
