/* A journal is evidence only if root wrote it: the journal directory and
 * the journal file must be owned by the user running relun-resign (root)
 * and writable by nobody else, or another user could plant, replace or
 * edit the file whose device paths and bytes drive root's writes.  Each
 * ancestor of the directory must be owned by root (or us) and, when others
 * may write it, sticky (so they cannot rename our entries). */
#ifndef RELUN_JOURNAL_TRUST_H
#define RELUN_JOURNAL_TRUST_H

#include "rl_err.h"

/* 0 when dir is trusted or does not exist (missing_ok); -1 with e saying
 * why and the fix (RL_E_INVAL). */
int rl_journal_dir_trusted(const char *dir, int missing_ok, struct rl_err *e);
/* The open journal file fd (at path) and its directory: 0 trusted, -1 with
 * e saying why and the fix. */
int rl_journal_file_trusted(int fd, const char *path, struct rl_err *e);

#endif
