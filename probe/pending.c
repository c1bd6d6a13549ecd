#include "pending.h"

#include "journal.h"
#include "plan.h"

int pending_journal_for(const struct rl_jscan *s, const char *path, const char *ident,
			uint64_t size, char *found, size_t n)
{
	struct rl_plan p;
	struct rl_err e;
	int r;

	if (!s->npend)
		return 0;
	rl_plan_init(&p, "probe", "full");
	rl_err_init(&e, path);
	if (rl_plan_add_dev(&p, path, ident, size, 0, 0, 512, &e) < 0) {
		rl_plan_free(&p);
		return 0;
	}
	r = rl_jscan_find(s, NULL, &p, NULL, found, n, NULL, &e);
	rl_plan_free(&p);
	return r > 0;
}
