#include "attach_only.h"

#include <stdio.h>

#include "exitcodes.h"

int rl_attach_only_refusal(const char *const *paths, unsigned n, const struct rl_job_verdict *v,
			   struct rl_job_result *res)
{
	char msg[1400];
	unsigned i;

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
		rl_job_result_init(res, paths, n);
		rl_job_result_set(res, RL_JOB_REFUSED, RL_EXIT_ORIGINAL, "%s", msg);
		return 1;
	}
	return 0;
}
