#include "attach_only.h"

#include <json.h>
#include <stdio.h>

#include "exitcodes.h"

void *rl_attach_only_refusal(const char *const *paths, unsigned n,
			     const struct rl_job_verdict *v, int *code)
{
	json_object *r, *d;
	char msg[1400];
	unsigned i, k;

	for (i = 0; i < n; i++) {
		if (!v[i].found)
			snprintf(msg, sizeof(msg), "%s: could not be judged against the other LUNs "
				 "of this host; --attach-only needs to know its identity is unique; "
				 "nothing written", paths[i]);
		else if (!v[i].unique)
			snprintf(msg, sizeof(msg), "%s: its identity is seen twice on this host "
				 "(%s: %s); --attach-only attaches only LUNs that keep a unique "
				 "identity: resign it instead (relun-resign without --attach-only); "
				 "nothing written", paths[i], verdict_name(v[i].verdict), v[i].reason);
		else
			continue;
		r = json_object_new_object();
		d = json_object_new_array();
		for (k = 0; k < n; k++)
			json_object_array_add(d, json_object_new_string(paths[k]));
		json_object_object_add(r, "devices", d);
		json_object_object_add(r, "status", json_object_new_string("refused"));
		json_object_object_add(r, "message", json_object_new_string(msg));
		json_object_object_add(r, "exit_code", json_object_new_int(RL_EXIT_ORIGINAL));
		*code = RL_EXIT_ORIGINAL;
		return r;
	}
	return NULL;
}
