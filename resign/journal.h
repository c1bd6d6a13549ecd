/* The undo journal on disk: create (O_EXCL, 0600, fsync'd with its
 * directory before any device write), reopen, state updates in place, and the
 * scan for a pending journal of the same LUN (one directory snapshot per
 * batch, checked per LUN without re-reading the finished journals).  The byte format is
 * journal_fmt.h. */
#ifndef RELUN_JOURNAL_H
#define RELUN_JOURNAL_H

#include <time.h>

#include "journal_fmt.h"
#include "rl_blockio.h"

#define RL_JOURNAL_DEFAULT_DIR "/var/lib/relun/journal"
/* The name a journal has until it is complete and fsync'd (then renamed). */
#define RL_JOURNAL_PARTIAL ".partial"

struct rl_jfile {
	int fd;
	char path[4096];
};

/* Read each device's header region [0, hdr_len) and record its two header
 * fingerprints in j->fp.  devs[i] is plan device i. */
int rl_journal_fingerprint(struct rl_journal *j, struct rl_dev *devs, struct rl_err *e);

/* A tag keeps the names of journals created in the same second for the
 * same subject apart (every clone of a batch has the same VG name) and says
 * who made the file: "b<batch pid>.<job>" or "p<pid>".  1 to
 * RL_JOURNAL_TAG_MAX characters of [A-Za-z0-9.], the first a letter, so a
 * tag can never be mistaken for the time stamp or the "-<seq>" suffix. */
#define RL_JOURNAL_TAG_MAX 64
/* 1 if tag is NULL, "" (no tag) or a valid tag; 0 otherwise. */
int rl_journal_tag_ok(const char *tag);

/* "relun-<subject>-<YYYYmmddTHHMMSSZ>[-<tag>][-<seq>].journal" with the
 * subject reduced to [A-Za-z0-9._+-]; tag NULL or "" leaves the tag part
 * out; seq > 1 appends "-<seq>".  Returns 0, or -1 (out = "") for a tag
 * that rl_journal_tag_ok() refuses. */
int rl_journal_name(char *out, size_t n, const char *subject, time_t t, const char *tag,
		    unsigned seq);

/* The tag component of a journal file name (a base name), parsed from the
 * end: ".journal", an optional "-<digits>" seq, "-<tag>", then the
 * "-<stamp>" that must precede it.  rl_journal_name_has_tag(): the tag is
 * exactly tag; rl_journal_name_has_tag_prefix(): it starts with prefix.  A
 * name without a tag, or one whose subject merely contains the text, never
 * matches; nor does an empty tag or prefix. */
int rl_journal_name_has_tag(const char *name, const char *tag);
int rl_journal_name_has_tag_prefix(const char *name, const char *prefix);

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
/* Read-only: open, parse, close. */
int rl_journal_load(const char *path, struct rl_journal *j, struct rl_err *e);
/* Rewrite the state word in place (one 8-byte write) and fsync. */
int rl_journal_set_state(struct rl_jfile *jf, struct rl_journal *j, enum rl_jstate s,
			 struct rl_err *e);
void rl_jfile_close(struct rl_jfile *jf);

/* Two plan devices are the same LUN: same identity when both have one,
 * otherwise the same path and size. */
int rl_journal_same_lun(const struct rl_plan_dev *a, const struct rl_plan_dev *b);

/* The cheap look at a journal: its first 64 bytes (and the 8 trailer magic
 * bytes the header's file length points at).  RL_JPEEK_STATE: the header is
 * sound (magic, version, no unknown features, state word matching its
 * complement, file length equal to the file's size, trailer magic in place)
 * and *state holds the state; a journal whose state is not "prepared" is
 * finished, whatever its body, and needs no parse.  RL_JPEEK_DOUBTFUL:
 * anything else about a regular file; only the full rl_journal_load() can
 * say whether it is a journal.  RL_JPEEK_GONE: no such file (removed since
 * the directory was read).  RL_JPEEK_BAD: not a regular file, or it cannot
 * be opened (never opened blocking: a FIFO cannot hang the scan). */
enum rl_jpeek {
	RL_JPEEK_STATE,
	RL_JPEEK_DOUBTFUL,
	RL_JPEEK_GONE,
	RL_JPEEK_BAD,
};
enum rl_jpeek rl_journal_peek(const char *path, enum rl_jstate *state);

/* A snapshot of a journal directory taken with one readdir: the names of
 * all relun-*.journal files in it, sorted, and what a pending-journal check
 * needs of the ones in state "prepared" (their devices).  Finished journals
 * are only peeked at, never parsed; so building the snapshot costs one small
 * read per journal and a full parse only of the prepared and doubtful ones,
 * and checking a LUN against it costs nothing per finished journal.
 * Read-only after rl_jscan_build(): one snapshot may be shared by forked
 * jobs or threads. */
struct rl_jscan_pending {
	char *path;                    /* dir/name */
	struct rl_plan_dev *devs;      /* copies of the journal's plan devices */
	uint32_t ndevs;
};

struct rl_jscan {
	char **names;                  /* base names, sorted (strcmp) */
	size_t nnames;
	struct rl_jscan_pending *pend; /* the prepared journals, in name order */
	size_t npend;
	unsigned unreadable;           /* journals that do not parse */
};

/* Read dir once.  A missing dir is an empty snapshot (0).  -1 when the
 * directory cannot be read or memory runs out (e names dir); s is then
 * empty but valid for rl_jscan_free(). */
int rl_jscan_build(const char *dir, struct rl_jscan *s, struct rl_err *e);
void rl_jscan_free(struct rl_jscan *s);

/* Is a journal in state "prepared" pending for one of p's LUNs
 * (rl_journal_same_lun)?  First the snapshot's prepared journals, each
 * peeked at again (one finished or removed since the snapshot no longer
 * counts).  Then, unless dir is NULL, dir's names are read again (names
 * only, no open) and the journals created since the snapshot are peeked
 * at, or parsed where needed, like rl_jscan_build() does; those whose tag
 * component starts with skip_tag (rl_journal_name_has_tag_prefix) are
 * skipped without being opened: the caller's own batch, whose other jobs
 * write journals for LUNs the caller knows are not p's.  skip_tag NULL or
 * "" skips nothing; dir NULL trusts the snapshot alone.
 * Returns 1 (the journal's path in found), 0 none, -1 when dir can no
 * longer be read (e names dir; a dir removed since is no error).
 * *unreadable (if not NULL) gets the snapshot's count of journals that do
 * not parse plus those among the new names looked at before returning. */
int rl_jscan_find(const struct rl_jscan *s, const char *dir, const struct rl_plan *p,
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
