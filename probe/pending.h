/* Is a relun-resign journal for this LUN still pending (a crash mid-resign)? */
#ifndef RELUN_PROBE_PENDING_H
#define RELUN_PROBE_PENDING_H

#include <stddef.h>
#include <stdint.h>

struct rl_jscan;

/* Returns 1 and the journal path when the snapshot of the journal
 * directory (rl_jscan_build, taken once per run) holds a journal in state
 * "prepared" for the LUN with this path/identity/size; 0 if none.  The
 * snapshot alone is trusted: a journal written after it belongs to a resign
 * still running, not an interrupted one. */
int pending_journal_for(const struct rl_jscan *s, const char *path, const char *ident,
			uint64_t size, char *found, size_t n);

#endif
