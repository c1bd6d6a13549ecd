/* Reading a relun-resign journal without changing it: the whole file read
 * and parsed (journal_fmt.h), and the cheap look at its header that tells a
 * finished journal from one still pending.  Opens read-only, never blocks
 * on a FIFO, and takes a journal only from root or the user running us. */
#ifndef RELUN_JOURNAL_READ_H
#define RELUN_JOURNAL_READ_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "journal_fmt.h"
#include "journal_name.h"
#include "rl_err.h"

/* n bytes of fd at off; -1 short of them (*done read; errno 0 at the end
 * of the file). */
int rl_journal_pread(int fd, uint8_t *b, size_t n, off_t off, size_t *done);

/* Read the whole regular file fd and parse it (rl_journal_parse).  e
 * should name the file. */
int rl_journal_read_fd(int fd, struct rl_journal *j, struct rl_err *e);

/* Open path read-only, refuse it unless ours (owned by root or us, written
 * by nobody else), read, parse, close.  e names path. */
int rl_journal_load(const char *path, struct rl_journal *j, struct rl_err *e);

/* The cheap look at a journal: its first 64 bytes (and the 8 trailer magic
 * bytes the header's file length points at).  RL_JPEEK_STATE: the header is
 * sound (rl_journal_hdr_sound) and *state holds the state; a journal whose
 * state is not "prepared" is finished, whatever its body, and needs no
 * parse.  RL_JPEEK_DOUBTFUL: anything else about a regular file; only the
 * full rl_journal_load() can say whether it is a journal.  RL_JPEEK_GONE:
 * no such file (removed since the directory was read).  RL_JPEEK_BAD: not
 * a regular file, not ours, or it cannot be opened (never opened blocking:
 * a FIFO cannot hang the scan). */
enum rl_jpeek {
	RL_JPEEK_STATE,
	RL_JPEEK_DOUBTFUL,
	RL_JPEEK_GONE,
	RL_JPEEK_BAD,
};
enum rl_jpeek rl_journal_peek(const char *path, enum rl_jstate *state);

#endif
