/* relun-resign's use of the judge (core/judge.h): every LUN of the host
 * judged once, before anything is opened for writing, and its word on each
 * given device handed to the device's VG copy. */
#ifndef RELUN_JUDGE_GIVEN_H
#define RELUN_JUDGE_GIVEN_H

#include <stddef.h>

#include "journal.h"
#include "sysfs.h"
#include "vgcopy.h"

struct rl_judge_given_opts {
	const char *original;     /* --original DEV or NULL */
	const char *keep;         /* --keep DEV or NULL */
	const char *journal_dir;
	const struct rl_sysfs *sys;   /* where sysfs is read */
	int force;
};

/* Fills copies[k].verdicts.  A refusal of the whole run is said on stderr
 * and its exit code returned: --original/--keep naming no LUN judged
 * (usage), contradicting the recorded evidence (exit 9 unless --force), a
 * device that is a path of another LUN (exit 5, naming it), a LUN with a
 * pending journal (exit 10, even when its label reads damaged).  0: go on;
 * -1: the host could not be compared (each job then refuses).  *taken gets
 * the VG names in use on this host (malloc'd, *n_taken of them). */
int rl_judge_given(const struct rl_judge_given_opts *o, const struct rl_jscan *scan,
		   struct rl_vgcopy *copies, unsigned nj, char ***taken, size_t *n_taken);

#endif
