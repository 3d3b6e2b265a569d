/* Helpers for the guest config unit tests: document templates and checks
 * that a document is accepted, refused with an exact error, or accepted
 * with an exact warning. */
#ifndef VIGIL_TESTS_DOMTEST_H
#define VIGIL_TESTS_DOMTEST_H

#include <stdbool.h>

#include "common/config-domain.h"
#include "common/diag.h"

/* A whole document given as the argument. */
#define DOC "%s"
/* Templates; the %s lands on the line noted. */
#define LXC_TOP \
	"<domain type='lxc'>\n" \
	"  <name>t</name>\n" \
	"  <memory>65536</memory>\n" \
	"  <os>\n" \
	"    <type>exe</type>\n" \
	"  </os>\n" \
	"%s" /* line 7 */ \
	"</domain>\n"
#define LXC_OS \
	"<domain type='lxc'>\n" \
	"  <name>t</name>\n" \
	"  <memory>65536</memory>\n" \
	"  <os>\n" \
	"    <type>exe</type>\n" \
	"%s" /* line 6 */ \
	"  </os>\n" \
	"</domain>\n"
#define LXC_DEVS \
	"<domain type='lxc'>\n" \
	"  <name>t</name>\n" \
	"  <memory>65536</memory>\n" \
	"  <os>\n" \
	"    <type>exe</type>\n" \
	"  </os>\n" \
	"  <devices>\n" \
	"%s" /* line 8 */ \
	"  </devices>\n" \
	"</domain>\n"
#define KVM_DEVS \
	"<domain type='kvm'>\n" \
	"  <name>t</name>\n" \
	"  <memory>65536</memory>\n" \
	"  <os>\n" \
	"    <type>hvm</type>\n" \
	"    <kernel>/boot/vmlinuz</kernel>\n" \
	"  </os>\n" \
	"  <devices>\n" \
	"%s" /* line 9 */ \
	"  </devices>\n" \
	"</domain>\n"

/* fmt with its one %s replaced by s must be accepted without any warning;
 * the caller frees the result. */
struct config_domain *domtest_good(const char *fmt, const char *s);
/* ... must be refused with exactly this error on this line. */
void domtest_bad(const char *fmt, const char *s, int line, const char *msg);
/* ... must be accepted with exactly this warning on this line. */
struct config_domain *domtest_warns(const char *fmt, const char *s, int line,
    const char *msg);
void domtest_warns_free(const char *fmt, const char *s, int line,
    const char *msg);

/* conf/examples/NAME, which must be valid without any warning. */
struct config_domain *domtest_load_example(const char *name);

bool domtest_has_item(const struct diag *d, enum diag_severity sev, int line,
    const char *msg);
/* The first message, for failure reports. */
const char *domtest_first(const struct diag *d);
void domtest_dump(const struct diag *d);

#endif
