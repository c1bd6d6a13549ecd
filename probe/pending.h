/* Is a relun-resign journal for this LUN still pending (a crash mid-resign)? */
#ifndef RELUN_PROBE_PENDING_H
#define RELUN_PROBE_PENDING_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 and the journal path when dir holds a journal in state
 * "prepared" for the LUN with this path/identity/size; 0 if none. */
int pending_journal_for(const char *dir, const char *path, const char *ident, uint64_t size,
			char *found, size_t n);

#endif
