/* The DR branch: relun-resign --attach-only DEV... writes the attach script
 * for LUNs that keep their identity (a DR site: the originals are not on
 * this host) and writes nothing to any LUN.  A LUN whose identity is seen
 * twice on this host needs a resign, not an attach: refused, exit 9. */
#ifndef RELUN_ATTACH_ONLY_H
#define RELUN_ATTACH_ONLY_H

#include "job.h"

/* 0 when every device of the copy may be attached as it is; else 1 and
 * *res is the job's refused result (exit RL_EXIT_ORIGINAL). */
int rl_attach_only_refusal(const char *const *paths, unsigned n, const struct rl_job_verdict *v,
			   struct rl_job_result *res);

#endif
