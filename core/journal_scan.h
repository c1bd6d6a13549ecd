/* The read-only scan for a pending relun-resign journal: one directory
 * snapshot per run, then each LUN checked against it without re-reading
 * the finished journals.  A LUN is matched the way a journal records it
 * (struct rl_lun_id).  Nothing here creates, changes or removes a file. */
#ifndef RELUN_JOURNAL_SCAN_H
#define RELUN_JOURNAL_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "dir_names.h"
#include "journal_read.h"
#include "rl_err.h"

/* A LUN as a journal records it: the device path, its identity string
 * ("<kind>:<id>", such as "scsi:3600...", or "" when it has none) and its
 * size in bytes. */
struct rl_lun_id {
	const char *path;
	const char *ident;
	uint64_t size;
};

/* Same LUN: the same identity when both have one, otherwise the same path
 * and size. */
int rl_lun_id_same(const struct rl_lun_id *a, const struct rl_lun_id *b);

/* A snapshot of a journal directory taken with one readdir: the names of
 * all relun-*.journal files in it, sorted, and the LUNs of the ones in
 * state "prepared".  Finished journals are only peeked at, never parsed;
 * so building the snapshot costs one small read per journal and a full
 * parse only of the prepared and doubtful ones, and checking a LUN against
 * it costs nothing per finished journal.  Read-only after rl_jscan_build():
 * one snapshot may be shared by forked jobs or threads. */
struct rl_jscan_pending {
	char *path;                    /* dir/name */
	struct rl_lun_id *devs;        /* the journal's devices (strings owned) */
	uint32_t ndevs;
};

struct rl_jscan {
	struct rl_names names;         /* base names, sorted (strcmp) */
	struct rl_jscan_pending *pend; /* the prepared journals, in name order */
	size_t npend;
	unsigned unreadable;           /* journals that do not parse */
};

/* Read dir once.  A missing dir is an empty snapshot (0).  -1 when the
 * directory cannot be read or memory runs out (e names dir); s is then
 * empty but valid for rl_jscan_free(). */
int rl_jscan_build(const char *dir, struct rl_jscan *s, struct rl_err *e);
void rl_jscan_free(struct rl_jscan *s);

/* Is a journal in state "prepared" pending for one of the nluns LUNs
 * (rl_lun_id_same)?  First the snapshot's prepared journals, each peeked at
 * again (one finished or removed since the snapshot no longer counts).
 * Then, unless dir is NULL, dir's names are read again (names only, no
 * open) and the journals created since the snapshot are peeked at, or
 * parsed where needed, like rl_jscan_build() does; those whose tag
 * component starts with skip_tag (rl_journal_name_has_tag_prefix) are
 * skipped without being opened: the caller's own batch, whose other jobs
 * write journals for LUNs the caller knows are not these.  skip_tag NULL
 * or "" skips nothing; dir NULL trusts the snapshot alone.
 * Returns 1 (the journal's path in found), 0 none, -1 when dir can no
 * longer be read (e names dir; a dir removed since is no error).
 * *unreadable (if not NULL) gets the snapshot's count of journals that do
 * not parse plus those among the new names looked at before returning. */
int rl_jscan_find(const struct rl_jscan *s, const char *dir, const struct rl_lun_id *luns,
		  size_t nluns, const char *skip_tag, char *found, size_t n, unsigned *unreadable,
		  struct rl_err *e);

/* The snapshot alone (a journal written after it belongs to a resign still
 * running, not an interrupted one): 1 and the journal's path in found when
 * a prepared journal holds lun, 0 if none. */
int rl_jscan_pending_for(const struct rl_jscan *s, const struct rl_lun_id *lun, char *found,
			 size_t n);

#endif
