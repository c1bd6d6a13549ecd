#include "pending.h"

#include "journal.h"
#include "plan.h"

int pending_journal_for(const char *dir, const char *path, const char *ident, uint64_t size,
			char *found, size_t n)
{
	struct rl_plan p;
	struct rl_err e;
	int r;

	rl_plan_init(&p, "probe", "full");
	rl_err_init(&e, dir);
	if (rl_plan_add_dev(&p, path, ident, size, 0, 0, 512, &e) < 0) {
		rl_plan_free(&p);
		return 0;
	}
	r = rl_journal_find_pending(dir, &p, found, n, NULL, &e);
	rl_plan_free(&p);
	return r > 0;
}
