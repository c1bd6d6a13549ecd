/* One relun-resign transaction: the PVs of one VG copy, from the exclusive
 * open through the refusals, the plan, the journal, the ordered writes and
 * their verification, to LVM's own check, the host refresh and the xe attach
 * script.  The outcome is a struct rl_job_result (job_result.h). */
#ifndef RELUN_JOB_H
#define RELUN_JOB_H

#include <stddef.h>
#include <sys/types.h>

#include "blkindex.h"
#include "job_result.h"
#include "journal.h"
#include "verdict.h"
#include "writer.h"

/* PVs of one VG copy a job takes. */
#define RL_JOB_MAX_DEVS 64
/* An identity string as a job keeps it (longer ones are cut). */
#define RL_JOB_IDENT_MAX 300

/* What the probe's judge said about one given device. */
struct rl_job_verdict {
	int found;
	enum verdict verdict;
	int unique;               /* no other LUN judged carries its PV uuid */
	enum ev_match ev;         /* what the recorded identity says of it */
	char reason[1024];
	/* the identity string (rl_ident_format) the judge found for this very
	 * node (device number rdev, 0 for an image file), so the job need not
	 * work it out again; "" with !has_ident */
	int has_ident;
	char ident[RL_JOB_IDENT_MAX];
	dev_t rdev;
};

struct rl_job_opts {
	int dry_run, force, verify;
	const char *scope, *sr_uuid, *vg_name, *name_label;
	const char *vdi_name_label;   /* template for every VDI's label; NULL = keep */
	const char *journal_dir;
	const struct rl_sysfs *sys; /* where sysfs is read (NULL: /sys) */
	const char *tool;         /* "relun-resign 0.1.0" */
	const char *const *taken_vg_names;
	size_t n_taken;
	struct rl_wcount *count;  /* fault injection / accounting */
	/* test builds only (RELUN_TEST_HOOKS): the VG name whose LVM check is
	 * made to fail (RELUN_FAULT_LVM_REJECT); NULL otherwise */
	const char *fault_lvm_reject;
	/* built once per run by the caller (NULL: each check walks sysfs) */
	const struct rl_blkindex *blkix;
	/* the journal directory read once per run (NULL: each check reads it);
	 * this job's journal name tag, and the tag prefix of the run's own
	 * journals, which the pending check need not open */
	const struct rl_jscan *jscan;
	const char *journal_tag, *skip_tag;
	unsigned batch_index;     /* this VG copy's place in the call, from 1 */
};

/* Run the transaction for paths[0..n) (with their verdicts) into *res
 * (free it with rl_job_result_free).  Returns the RL_EXIT_* code, which is
 * also res->exit_code. */
int rl_job_run(const char *const *paths, unsigned n, const struct rl_job_verdict *verdicts,
	       const struct rl_job_opts *o, struct rl_job_result *res);

/* The identity relun records for a device (probe's: SCSIid, multipath
 * wwid, loop backing file, image real path); "" when unknown.  Usable as a
 * recover.h rl_ident_fn (arg: the struct rl_sysfs to read, NULL for
 * /sys). */
int rl_job_ident(const char *path, char *out, size_t n, void *sys);

#endif
