/* --recover JOURNAL (after a crash: roll back, or --roll-forward) and
 * --undo JOURNAL (after a completed resign: restore the originals).
 *
 * e2undo's rule carried over: before anything is written, every device must
 * be the journal's device (same size, same identity string when both are
 * known, same fingerprint of the header region outside the planned
 * regions), and every region must hold either the old or the new bytes.
 * Anything else is refused (RL_EXIT_MISMATCH) unless forced.  Regions that
 * already hold the target bytes are not rewritten, so running twice is a
 * no-op the second time. */
#ifndef RELUN_RECOVER_H
#define RELUN_RECOVER_H

#include <stddef.h>

#include "journal.h"
#include "sysfs.h"
#include "writer.h"

struct rl_devmap;

enum rl_recover_mode {
	RL_REC_ROLLBACK, /* --recover: back to the old bytes */
	RL_REC_FORWARD,  /* --recover --roll-forward: on to the new bytes */
	RL_REC_UNDO,     /* --undo: a completed resign back to the old bytes */
};

/* The identity of the device at path now (e.g. its SCSIid) into out;
 * return 0 and "" when it cannot be told. */
typedef int (*rl_ident_fn)(const char *path, char *out, size_t n, void *arg);

struct rl_recover_opts {
	enum rl_recover_mode mode;
	int force;
	int dry_run;               /* check and report, write nothing */
	rl_ident_fn ident;         /* may be NULL */
	void *ident_arg;
	struct rl_wcount *count;   /* fault injection and accounting; may be NULL */
	/* --device OLD=NEW: where a journal's device is now (lunfind.h) */
	const struct rl_devmap *devmap;
	size_t n_devmap;
	const struct rl_sysfs *sys; /* where a moved LUN is searched (NULL: /sys) */
};

#define RL_REC_MAX_NOTES 16

struct rl_recover_report {
	int exit_code;             /* RL_EXIT_* */
	enum rl_jstate state_before, state_after;
	size_t regions, already, written, mismatched;
	size_t torn;               /* regions part old, part new (a cut write) */
	char subject[256];
	char msg[1024];            /* the outcome, one line */
	char notes[RL_REC_MAX_NOTES][400]; /* per-device / per-region findings */
	unsigned n_notes;
};

/* Run the recovery and fill rep (always).  Returns rep->exit_code. */
int rl_recover(const char *journal_path, const struct rl_recover_opts *o,
	       struct rl_recover_report *rep);

const char *rl_recover_mode_name(enum rl_recover_mode m); /* "rollback", "roll-forward", "undo" */

#endif
