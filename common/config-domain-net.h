/* Guest config: <interface> with its <bandwidth> and <filterref>. Internal
 * to common/config-domain*.c. */
#ifndef VIGIL_CONFIG_DOMAIN_NET_H
#define VIGIL_CONFIG_DOMAIN_NET_H

#include <libxml/tree.h>

struct domain_if;
struct domxml;

/* One <interface> (a domxml_rule handler). */
void config_domain_net_parse(struct domxml *x, xmlNode *n, void *obj);

/* Checks across interfaces: target devs and MAC addresses used twice. */
void config_domain_net_check(struct domxml *x);

/* Free what ifc holds (not ifc itself). */
void config_domain_net_if_done(struct domain_if *ifc);

#endif
