/* The undo journal on disk: create (O_EXCL, 0600, fsync'd with its
 * directory before any device write), reopen, state updates in place, and the
 * scan for a pending journal of the same LUN.  The byte format is
 * journal_fmt.h. */
#ifndef RELUN_JOURNAL_H
#define RELUN_JOURNAL_H

#include <time.h>

#include "journal_fmt.h"
#include "rl_blockio.h"

#define RL_JOURNAL_DEFAULT_DIR "/var/lib/relun/journal"

struct rl_jfile {
	int fd;
	char path[4096];
};

/* Read each device's header region [0, hdr_len) and record its two header
 * fingerprints in j->fp.  devs[i] is plan device i. */
int rl_journal_fingerprint(struct rl_journal *j, struct rl_dev *devs, struct rl_err *e);

/* "relun-<subject>-<YYYYmmddTHHMMSSZ>.journal" with the subject reduced to
 * [A-Za-z0-9._+-]; seq > 1 appends "-<seq>" before ".journal". */
void rl_journal_name(char *out, size_t n, const char *subject, time_t t, unsigned seq);

/* Create dir (0700, parents too) if needed, write the journal to a new file
 * there (O_CREAT|O_EXCL, 0600), fsync it and the directory.  jf stays open
 * for rl_journal_set_state().  e names the journal path. */
int rl_journal_create(struct rl_jfile *jf, const char *dir, const struct rl_journal *j,
		      time_t now, struct rl_err *e);
/* Open and parse an existing journal (read-write when possible, so the
 * state can be updated). */
int rl_journal_open(struct rl_jfile *jf, const char *path, struct rl_journal *j, struct rl_err *e);
/* Read-only: open, parse, close. */
int rl_journal_load(const char *path, struct rl_journal *j, struct rl_err *e);
/* Rewrite the state word in place (one 8-byte write) and fsync. */
int rl_journal_set_state(struct rl_jfile *jf, struct rl_journal *j, enum rl_jstate s,
			 struct rl_err *e);
void rl_jfile_close(struct rl_jfile *jf);

/* Two plan devices are the same LUN: same identity when both have one,
 * otherwise the same path and size. */
int rl_journal_same_lun(const struct rl_plan_dev *a, const struct rl_plan_dev *b);

/* Look for a journal in state "prepared" in dir that shares a LUN with p.
 * Returns 1 (path in found), 0 none (or dir missing), -1 error.  Journals
 * that do not parse are skipped; their count goes to *unreadable if given. */
int rl_journal_find_pending(const char *dir, const struct rl_plan *p, char *found, size_t n,
			    unsigned *unreadable, struct rl_err *e);

#endif
