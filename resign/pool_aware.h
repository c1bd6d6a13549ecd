/* --undo and --recover --roll-forward with the pool in view.
 *
 * The LUNs' current identity is read the way a resign reads a unique LUN:
 * a job that writes nothing (dry run, verdict "unique"; sysfs read through
 * sys, NULL for /sys), whose result names
 * the SR uuid the LUNs carry now and the xe input to attach them. */
#ifndef RELUN_POOL_AWARE_H
#define RELUN_POOL_AWARE_H

#include <stdio.h>

#include "report.h"
#include "sysfs.h"

/* With xe on PATH: refuse to undo (RL_EXIT_BUSY, message and the
 * pbd-unplug / pbd-destroy / sr-forget commands on err) while the pool
 * knows the SR the undo would take away.  0: go ahead (no xe, the SR
 * unknown to the pool, or not an SR). */
int rl_pool_guard_undo(const char *journal, const char *journal_dir, const struct rl_sysfs *sys,
		       const char *tool, FILE *err);

/* After a successful roll-forward of out->journal: the new identity into
 * out (sr_uuid, vg_name), and, when xe_script is not NULL, the attach
 * script written there (out->xe_script).  Returns 0, or -1 when the LUNs
 * could not be read (out->note says why). */
int rl_recover_attach(const char *journal_dir, const struct rl_sysfs *sys, const char *xe_script,
		      const char *tool, struct rl_recover_outcome *out);

#endif
