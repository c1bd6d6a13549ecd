/* One relun-resign transaction: the PVs of one VG copy, from the exclusive
 * open through the refusals, the plan, the journal, the ordered writes and
 * their verification, to LVM's own check, the host refresh and the xe attach
 * script.  The outcome is one JSON object (see relun-resign(8), "JSON"),
 * which the tool prints as JSON or as text. */
#ifndef RELUN_JOB_H
#define RELUN_JOB_H

#include <stddef.h>

#include "blkindex.h"
#include "journal.h"
#include "verdict.h"
#include "writer.h"

/* PVs of one VG copy a job takes. */
#define RL_JOB_MAX_DEVS 64

/* What the probe's judge said about one given device. */
struct rl_job_verdict {
	int found;
	enum verdict verdict;
	int unique;               /* no other LUN judged carries its PV uuid */
	enum ev_match ev;         /* what the recorded identity says of it */
	char reason[1024];
};

struct rl_job_opts {
	int dry_run, force, verify, want_text;
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

/* A resigned result carries this key until rl_batch_verify() has run
 * LVM's check (and taken the key out again). */
#define RL_JOB_VERIFY_KEY "_verify"

/* Run the transaction for paths[0..n) (with their verdicts).  Returns a
 * json-c object (void * to keep json-c out of this header) holding at
 * least "devices", "status", "exit_code" and "message"; *exit_code gets the
 * RL_EXIT_* code. */
void *rl_job_run(const char *const *paths, unsigned n, const struct rl_job_verdict *verdicts,
		 const struct rl_job_opts *o, int *exit_code);

/* The identity relun records for a device (probe's: SCSIid, multipath
 * wwid, loop backing file, image real path); "" when unknown.  Usable as a
 * recover.h rl_ident_fn (arg: the struct rl_sysfs to read, NULL for
 * /sys). */
int rl_job_ident(const char *path, char *out, size_t n, void *sys);

#endif
