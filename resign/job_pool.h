/* Running the jobs of a run (one per VG copy): in argument order in this
 * process, or up to N at once, each in its own process (--jobs N), with
 * the batch's progress on stderr. */
#ifndef RELUN_JOB_POOL_H
#define RELUN_JOB_POOL_H

#include "job.h"
#include "progress.h"
#include "vgcopy.h"

struct rl_job_pool {
	int max_procs;            /* --jobs N; 1: no job process */
	int attach_only;          /* --attach-only: a copy that may not keep its
				   * identity is refused before its job runs */
};

/* res[k], codes[k]: the result of copies[k] and its exit code.  Each job's
 * journal is tagged jo->skip_tag + its place in the call. */
void rl_job_pool_run(const struct rl_job_pool *pool, const struct rl_vgcopy *copies, unsigned nj,
		     const struct rl_job_opts *jo, struct rl_job_result *res, int *codes,
		     struct rl_progress *pg);

#endif
