/* One attach script per run.  Each job leaves the xe input of its SR in its
 * result as "attach" (rl_attach_to_json); after the run (and LVM's check,
 * which may roll a job back) rl_attach_write_run() writes one script with a
 * function per SR whose job succeeded, in argument order, and names it in
 * those results as "xe_script". */
#ifndef RELUN_ATTACH_RUN_H
#define RELUN_ATTACH_RUN_H

#include "rl_err.h"
#include "xe_script.h"

/* The input as a json-c object (void * keeps json-c out of this header). */
void *rl_attach_to_json(const struct rl_xe_input *in);

/* Back from JSON: strings point into obj (valid while obj lives); *vdis is
 * malloc'd (free it).  -1 if obj is not a complete attach object. */
int rl_attach_from_json(const void *obj, struct rl_xe_input *in, struct rl_vdi_pair **vdis);

/* Write the script of res[0..n) (json-c results, codes[k] their exit codes)
 * to path, mode 0755, through a temporary file renamed into place.  Results
 * that failed lose their "attach"; those in the script get "xe_script".
 * Returns the number of SRs in the script (0: no file written), -1 on
 * error (e says why). */
int rl_attach_write_run(const char *path, void *const *res, const int *codes, unsigned n,
			const char *generator, struct rl_err *e);

/* The same, a failure said on stderr. */
int rl_attach_write_or_warn(const char *path, void *const *res, const int *codes, unsigned n,
			    const char *generator);

#endif
