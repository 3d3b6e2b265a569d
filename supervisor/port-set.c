/* port-set: all network interfaces of one guest, in config order. */
#include <stdlib.h>

#include <jansson.h>

#include "common/config-domain.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "supervisor/port-set.h"
#include "supervisor/port.h"

struct port_set {
	struct port **ports;
	size_t n;
};

int
port_set_new(const struct config_domain *dom, const char *root,
    const char *guest, pid_t child, struct port_set **out,
    struct vg_err *err)
{
	struct port_set *s = xcalloc(1, sizeof *s);
	size_t i;
	int r = 0;

	if (dom->nifs == 0) {
		*out = s;
		return 0;
	}
	/* The caller holds the guest's lock: links tagged with its name can
	 * only be a killed supervisor's leftovers. */
	r = port_cleanup(guest, err);
	if (r < 0) {
		free(s);
		return vg_err_prefix(err, "remove leftover ports: ");
	}
	r = 0;
	s->ports = xcalloc(dom->nifs + 1, sizeof *s->ports);
	for (i = 0; i < dom->nifs && r == 0; i++) {
		r = port_new(&dom->ifs[i], (unsigned) i, root, guest, child,
		    &s->ports[i], err);
		if (r == 0) {
			s->n++;
			r = port_attach_netns(s->ports[i], child, err);
		}
	}
	if (r < 0) {
		port_set_free(s);
		return r;
	}
	*out = s;
	return 0;
}

int
port_set_up(struct port_set *s, struct vg_err *err)
{
	size_t i;
	int r;

	for (i = 0; s != NULL && i < s->n; i++)
		if ((r = port_up(s->ports[i], err)) < 0)
			return r;
	return 0;
}

size_t
port_set_count(const struct port_set *s)
{
	return s != NULL ? s->n : 0;
}

struct port *
port_set_get(const struct port_set *s, size_t i)
{
	return s != NULL && i < s->n ? s->ports[i] : NULL;
}

json_t *
port_set_describe(const struct port_set *s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		json_array_append_new(a, port_describe(s->ports[i]));
	return a;
}

void
port_set_free(struct port_set *s)
{
	if (s == NULL)
		return;
	while (s->n > 0)
		port_free(s->ports[--s->n]);
	free(s->ports);
	free(s);
}
