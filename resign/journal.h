/* The undo journal on disk, the writing side: create (O_EXCL, 0600,
 * fsync'd with its directory before any device write), reopen to act on
 * it, and state updates in place.  The byte format is journal_fmt.h, the
 * names journal_name.h; reading and the pending-journal scan are
 * journal_read.h and journal_scan.h. */
#ifndef RELUN_JOURNAL_H
#define RELUN_JOURNAL_H

#include <time.h>

#include "journal_fmt.h"
#include "journal_name.h"
#include "journal_scan.h"
#include "rl_blockio.h"

struct rl_jfile {
	int fd;
	char path[4096];
};

/* Read each device's header region [0, hdr_len) and record its two header
 * fingerprints in j->fp.  devs[i] is plan device i. */
int rl_journal_fingerprint(struct rl_journal *j, struct rl_dev *devs, struct rl_err *e);

/* Create dir (0700, parents too) if needed and refuse it unless trusted
 * (journal_trust.h); write the journal to a new file there (O_CREAT|O_EXCL,
 * 0600) named by rl_journal_name() with tag (NULL for none) plus
 * RL_JOURNAL_PARTIAL, fsync it, rename it to its name (never over another
 * file) and fsync the directory: a journal that never became valid never
 * carries a journal's name.  jf stays open for
 * rl_journal_set_state().  e names the journal path. */
int rl_journal_create(struct rl_jfile *jf, const char *dir, const struct rl_journal *j,
		      time_t now, const char *tag, struct rl_err *e);
/* Open and parse an existing journal (read-write when possible, so the
 * state can be updated).  Refused (RL_E_INVAL) unless the file and its
 * directory are trusted (journal_trust.h); rl_journal_load() asks only
 * that the file be ours and 0600-like. */
int rl_journal_open(struct rl_jfile *jf, const char *path, struct rl_journal *j, struct rl_err *e);
/* Rewrite the state word in place (one 8-byte write) and fsync. */
int rl_journal_set_state(struct rl_jfile *jf, struct rl_journal *j, enum rl_jstate s,
			 struct rl_err *e);
void rl_jfile_close(struct rl_jfile *jf);

/* rl_jscan_find() for the LUNs of the plan p's devices. */
int rl_jscan_find_plan(const struct rl_jscan *s, const char *dir, const struct rl_plan *p,
		       const char *skip_tag, char *found, size_t n, unsigned *unreadable,
		       struct rl_err *e);

/* Look for a journal in state "prepared" in dir that shares a LUN with p:
 * rl_jscan_build() + rl_jscan_find() of a throwaway snapshot, for a single
 * check.  Returns 1 (path in found; the first such journal in name order),
 * 0 none (or dir missing), -1 error.  Journals that do not parse are
 * skipped; their count (all of dir's) goes to *unreadable if given. */
int rl_journal_find_pending(const char *dir, const struct rl_plan *p, char *found, size_t n,
			    unsigned *unreadable, struct rl_err *e);

#endif
