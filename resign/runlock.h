/* One run per LUN, from judgement to verify.  A run takes a lock per LUN
 * (a file under RL_LOCK_DIR named by the device number, or by the file's
 * device and inode for an image) before it judges anything, and holds it
 * until its LVM check and journal states are final (process exit); a
 * recovery takes the journal's lock before it reads the state, then its
 * devices'.  A lock already held is refused at once with the holder's pid
 * (RL_EXIT_BUSY), never waited for.  The journal directory is locked
 * shared for as long, so a tool that locks it exclusively (to clean it)
 * never sees a run half way.
 *
 * flock() locks die with the process, so a crash leaves no stale lock; the
 * pid in the file is only what the message names. */
#ifndef RELUN_RUNLOCK_H
#define RELUN_RUNLOCK_H

#include <stddef.h>
#include <sys/types.h>

#include "refuse.h"

#define RL_LOCK_DIR "/run/relun"

struct rl_runlock {
	int *fds;
	size_t n, cap;
};

void rl_runlock_init(struct rl_runlock *l);
/* Release every lock taken. */
void rl_runlock_release(struct rl_runlock *l);

/* Lock the LUN at path (block device: its device number; regular file:
 * its device and inode).  0 taken (or already ours), else r filled
 * (RL_EXIT_BUSY with the holder's pid, RL_EXIT_NODEV when path cannot be
 * looked at) and its code returned. */
int rl_runlock_path(struct rl_runlock *l, const char *path, struct rl_refusal *r);
/* The same for a device number. */
int rl_runlock_rdev(struct rl_runlock *l, dev_t rdev, const char *path, struct rl_refusal *r);
/* A LUN by its identity (rl_job_ident: SCSIid, multipath uuid, loop
 * backing file), whatever node leads to it; path names it in a refusal. */
int rl_runlock_ident(struct rl_runlock *l, const char *ident, const char *path,
		     struct rl_refusal *r);
/* A journal file: keyed by its device and inode; what names it. */
int rl_runlock_journal(struct rl_runlock *l, const char *path, struct rl_refusal *r);
/* The journal directory, shared, when it exists; and refused
 * (RL_EXIT_JOURNAL, with the fix) unless trusted (journal_trust.h). */
int rl_runlock_jdir(struct rl_runlock *l, const char *dir, struct rl_refusal *r);

/* A resign run's locks, in order: journal directory, then every given
 * path.  0 or the refusal's code (r filled). */
int rl_runlock_run(struct rl_runlock *l, const char *jdir, char *const *paths, size_t n,
		   struct rl_refusal *r);

#endif
