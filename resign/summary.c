#include "summary.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

void rl_summary_count(const struct rl_job_result *res, unsigned n, struct rl_summary *s)
{
	unsigned k;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < n; k++) {
		s->luns += res[k].n_devices;
		s->count[res[k].status] += res[k].n_devices;
	}
}

void *rl_summary_json(const struct rl_summary *s)
{
	json_object *o = json_object_new_object();
	int i;

	json_object_object_add(o, "luns", json_object_new_int64((int64_t)s->luns));
	for (i = 0; i < RL_JOB_N_STATUS; i++)
		json_object_object_add(o, rl_job_status_name((enum rl_job_status)i),
				       json_object_new_int64((int64_t)s->count[i]));
	return o;
}

void rl_summary_text(const struct rl_summary *s, FILE *f)
{
	const char *sep = ": ";
	int i;

	fprintf(f, "%llu LUN%s", s->luns, s->luns == 1 ? "" : "s");
	for (i = 0; i < RL_JOB_N_STATUS; i++) {
		/* the statuses that happened, and failures always */
		if (!s->count[i] && i != RL_JOB_FAILED)
			continue;
		fprintf(f, "%s%llu %s", sep, s->count[i], rl_job_status_name((enum rl_job_status)i));
		sep = ", ";
	}
	fputc('\n', f);
}
