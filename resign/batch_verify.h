/* After the jobs of one relun-resign run: LVM's own check of every resigned
 * VG in one liblvm2cmd session (a thousand clones cost two LVM scans, not a
 * thousand LVM start-ups), the undo of any VG LVM does not read cleanly,
 * and the host refresh of the rest. */
#ifndef RELUN_BATCH_VERIFY_H
#define RELUN_BATCH_VERIFY_H

#include <stddef.h>

#include "job.h"

#define RL_FAULT_LVM_ENV "RELUN_FAULT_LVM_REJECT"

/* res[i] are rl_job_run results, codes[i] their exit codes; both are
 * updated for each result whose job wrote (verify.wanted): its lvm_check
 * and refresh set, a VG LVM rejects undone from its journal (status
 * rolled-back, exit RL_EXIT_VERIFY, its xe commands and script dropped). */
void rl_batch_verify(struct rl_job_result *res, int *codes, size_t n, const struct rl_job_opts *o);

#endif
