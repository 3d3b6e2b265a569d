#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/atomic-file.h"
#include "supervisor/state.h"

json_t *
state_to_json(const struct state_info *info)
{
	json_t *nets = json_array();
	size_t i;

	for (i = 0; i < info->nnetworks; i++)
		json_array_append_new(nets, json_string(info->networks[i]));
	return json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o}",
	    "name", info->name,
	    "uuid", info->uuid,
	    "state", info->state,
	    "supervisor_pid", (json_int_t) info->supervisor_pid,
	    "init_pid", info->init_pid > 0 ?
	    json_integer(info->init_pid) : json_null(),
	    "started", info->started > 0 ?
	    json_integer((json_int_t) info->started) : json_null(),
	    "networks", nets,
	    "exit_reason", info->exit_reason != NULL ?
	    json_string(info->exit_reason) : json_null());
}

int
state_write(const char *path, const struct state_info *info)
{
	json_t *obj = state_to_json(info);
	char *s;
	int r;

	if (obj == NULL)
		abort();	/* json_pack fails only without memory */
	s = json_dumps(obj, JSON_INDENT(2));
	json_decref(obj);
	if (s == NULL)
		abort();
	r = atomic_file_write(path, s, strlen(s), 0644, false);
	free(s);
	return r;
}
