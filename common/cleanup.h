/* The only place __attribute__((cleanup)) helpers are defined; use them for
 * function-local temporaries only. */
#ifndef VIGIL_CLEANUP_H
#define VIGIL_CLEANUP_H

#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/tree.h>

static inline void
cleanup_free(void *p)
{
	free(*(void **) p);
}

static inline void
cleanup_close(int *fd)
{
	if (*fd >= 0)
		(void) close(*fd);
}

static inline void
cleanup_xmldoc(xmlDocPtr *doc)
{
	if (*doc != NULL)
		xmlFreeDoc(*doc);
}

static inline void
cleanup_json(json_t **j)
{
	if (*j != NULL)
		json_decref(*j);
}

#define _cleanup_free_ __attribute__((cleanup(cleanup_free)))
#define _cleanup_close_ __attribute__((cleanup(cleanup_close)))
#define _cleanup_xmldoc_ __attribute__((cleanup(cleanup_xmldoc)))
#define _cleanup_json_ __attribute__((cleanup(cleanup_json)))

#endif
