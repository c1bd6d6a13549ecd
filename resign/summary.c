#include "summary.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

static const char *const order[] = {
	"resigned", "planned", "not-needed", "refused", "rolled-back", "failed",
};

#define N_ORDER (sizeof(order) / sizeof(order[0]))

void *rl_summary_json(void *const *res, unsigned n)
{
	json_object *s = json_object_new_object(), *d, *st;
	int64_t count[N_ORDER] = { 0 }, luns = 0;
	unsigned k;
	size_t i;

	for (k = 0; k < n; k++) {
		const char *status = "failed";
		int64_t m = 1;

		if (!res[k])
			continue;
		if (json_object_object_get_ex(res[k], "status", &st))
			status = json_object_get_string(st);
		if (json_object_object_get_ex(res[k], "devices", &d))
			m = (int64_t)json_object_array_length(d);
		luns += m;
		/* a status not in the list counts as failed */
		for (i = 0; i < N_ORDER - 1 && strcmp(order[i], status); i++)
			;
		count[i] += m;
	}
	json_object_object_add(s, "luns", json_object_new_int64(luns));
	for (i = 0; i < N_ORDER; i++)
		json_object_object_add(s, order[i], json_object_new_int64(count[i]));
	return s;
}

void rl_summary_text(const void *summary, FILE *f)
{
	const json_object *s = summary;
	const char *sep = ": ";

	json_object_object_foreach((json_object *)s, key, val) {
		int64_t v = json_object_get_int64(val);

		if (!strcmp(key, "luns")) {
			fprintf(f, "%lld LUN%s", (long long)v, v == 1 ? "" : "s");
			continue;
		}
		/* the statuses that happened, and failures always */
		if (!v && strcmp(key, "failed"))
			continue;
		fprintf(f, "%s%lld %s", sep, (long long)v, key);
		sep = ", ";
	}
	fputc('\n', f);
}
