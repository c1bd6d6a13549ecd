/* The ordered writer: puts a journaled plan on the devices phase by phase
 * (LV contents, metadata text, mda headers, labels) with an fsync of every
 * device between phases, re-reads every region afterwards, and rolls back
 * from the journal's old bytes when a write or the verification fails.
 *
 * The same engine writes either image of a journal (old = rollback/undo,
 * new = resign/roll-forward), so recover.c uses it too.
 *
 * Test-only fault injection: RELUN_FAULT_AFTER_WRITES=k makes the process
 * _exit(75) right after its k-th device write (a simulated crash; no fsync,
 * no journal update).  Documented in relun-resign(8) as test-only. */
#ifndef RELUN_WRITER_H
#define RELUN_WRITER_H

#include "journal.h"
#include "rl_blockio_write.h"

#define RL_FAULT_ENV "RELUN_FAULT_AFTER_WRITES"
#define RL_FAULT_EXIT 75

/* Device write accounting and the optional crash point. */
struct rl_wcount {
	unsigned long writes;      /* device writes so far (one per region written) */
	unsigned long fault_after; /* 0 = no fault injection */
	unsigned long syncs;
	/* Test seam: called after each phase has been written and synced. */
	void (*after_phase)(void *arg, enum rl_phase ph);
	void *after_phase_arg;
};

/* Fill from the environment (RELUN_FAULT_AFTER_WRITES); bad values -> off. */
void rl_wcount_init(struct rl_wcount *c, const char *env_value);

enum rl_image { RL_IMAGE_OLD = 0, RL_IMAGE_NEW = 1 };

/* Write image `which` of the regions whose todo[i] is set (todo NULL = all),
 * in phase order (reverse = labels first, for going back), fsync'ing every
 * device after each phase that wrote to it.  devs[i] is plan device i,
 * opened writable. */
int rl_apply_image(const struct rl_plan *p, struct rl_dev *devs, enum rl_image which,
		   int reverse, const uint8_t *todo, struct rl_wcount *c, struct rl_err *e);

/* The device cannot be written: a block device set read-only (blockdev
 * --setro, a read-only loop or LUN), or a file we may not write.  Asked
 * before any journal is made, so such a LUN is refused with nothing
 * written rather than failing at its first write. */
int rl_dev_readonly(const struct rl_dev *d);

/* Drop cached pages so a re-read comes from the device (BLKFLSBUF for
 * block devices, POSIX_FADV_DONTNEED for files).  Best effort. */
void rl_drop_cache(struct rl_dev *d);

/* What each region holds now, judged per logical block of its device (the
 * unit a power cut leaves whole): state[i] = 'n' (new bytes), 'o' (old
 * bytes), 'm' (mixed: every block old or new, not all alike, as a torn
 * write leaves it), 'x' (some block holds neither).  state has p->nregs
 * entries.  Returns the number of 'x' regions, or -1 on a read error. */
long rl_classify_regions(const struct rl_plan *p, struct rl_dev *devs, char *state,
			 struct rl_err *e);

enum rl_wresult {
	RL_W_OK = 0,
	RL_W_DRIFT,           /* devices differ from the plan's old bytes: nothing written */
	RL_W_IOERR,           /* a write failed; rolled back */
	RL_W_VERIFY,          /* re-read differs from the new bytes; rolled back */
	RL_W_ROLLBACK_FAILED, /* could not restore: journal left "prepared", use --recover */
	RL_W_INVAL,           /* journal not in state prepared or not on disk */
	RL_W_JOURNAL,         /* devices complete and verified, journal state not updated */
};

struct rl_wreport {
	enum rl_wresult result;
	struct rl_wcount count;
	size_t regions_written;
	size_t verify_mismatches;
	char first_bad[256];      /* "what" of the first region that failed */
};

/* Run the transaction for a journal already on disk (jf open, state
 * prepared).  On success the journal state becomes done; after a rollback
 * rolled-back.  e holds the first error. */
enum rl_wresult rl_writer_run(struct rl_journal *j, struct rl_jfile *jf, struct rl_dev *devs,
			      int verify, struct rl_wcount *c, struct rl_wreport *rep,
			      struct rl_err *e);

/* Put every region's old bytes back (labels first), verify, and mark the
 * journal rolled back: for a check after rl_writer_run that failed (LVM's
 * own parser).  0 ok, -1 with e (the journal then stays as it was). */
int rl_writer_rollback(struct rl_journal *j, struct rl_jfile *jf, struct rl_dev *devs,
		       struct rl_wcount *c, struct rl_err *e);

const char *rl_wresult_name(enum rl_wresult r);

#endif
