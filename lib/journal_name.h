/* Journal file names: "relun-<subject>-<YYYYmmddTHHMMSSZ>[-<tag>][-<seq>].journal"
 * (string codec only, no I/O).  The writer names a journal, the scan picks
 * journals out of a directory and skips a batch's own by their tag. */
#ifndef RELUN_JOURNAL_NAME_H
#define RELUN_JOURNAL_NAME_H

#include <stddef.h>
#include <time.h>

#define RL_JOURNAL_DEFAULT_DIR "/var/lib/relun/journal"
/* The name a journal has until it is complete and fsync'd (then renamed). */
#define RL_JOURNAL_PARTIAL ".partial"

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

/* 1 when a directory entry's name is a journal's: "relun-*.journal" (a
 * ".partial" file never is). */
int rl_journal_is_name(const char *name);

/* The tag component of a journal file name (a base name), parsed from the
 * end: ".journal", an optional "-<digits>" seq, "-<tag>", then the
 * "-<stamp>" that must precede it.  rl_journal_name_has_tag(): the tag is
 * exactly tag; rl_journal_name_has_tag_prefix(): it starts with prefix.  A
 * name without a tag, or one whose subject merely contains the text, never
 * matches; nor does an empty tag or prefix. */
int rl_journal_name_has_tag(const char *name, const char *tag);
int rl_journal_name_has_tag_prefix(const char *name, const char *prefix);

#endif
