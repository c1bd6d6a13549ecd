/* One attach script per run.  Each job leaves the xe input of its SR in its
 * result (attach); after the run (and LVM's check, which may roll a job
 * back) rl_attach_write_run() writes one script with a function per SR
 * whose job succeeded, in argument order, and names it in those results
 * (xe_script). */
#ifndef RELUN_ATTACH_RUN_H
#define RELUN_ATTACH_RUN_H

#include "job_result.h"
#include "rl_err.h"
#include "xe_script.h"

/* Write the script of res[0..n) (codes[k] their exit codes) to path, mode
 * 0755, through a temporary file renamed into place.  Results that failed
 * lose their attach input; those in the script get xe_script.
 * Returns the number of SRs in the script (0: no file written), -1 on
 * error (e says why). */
int rl_attach_write_run(const char *path, struct rl_job_result *res, const int *codes, unsigned n,
			const char *generator, struct rl_err *e);

/* The same, a failure said on stderr. */
int rl_attach_write_or_warn(const char *path, struct rl_job_result *res, const int *codes, unsigned n,
			    const char *generator);

#endif
