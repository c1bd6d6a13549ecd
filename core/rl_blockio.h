/* Block device (or image file) access with errors that name device and offset. */
#ifndef RELUN_RL_BLOCKIO_H
#define RELUN_RL_BLOCKIO_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include "rl_err.h"

struct rl_memdev;

struct rl_dev {
	int fd;
	int writable;
	int is_blk;          /* block device (else regular file) */
	dev_t rdev;          /* block device number, 0 for files */
	uint64_t size;       /* bytes */
	unsigned lbs;        /* logical block size (512 for files) */
	char path[4096];
	uint64_t bytes_read; /* accounting for benchmarks */
	uint64_t bytes_written;
	struct rl_memdev *mem; /* in memory (rl_memdev.h; fuzzing, tests), else NULL */
};

/* Read-only open; never O_EXCL, so probing never disturbs a busy device.
 * Writing is resign's (rl_blockio_write.h). */
int rl_dev_open_ro(struct rl_dev *d, const char *path, struct rl_err *e);
void rl_dev_close(struct rl_dev *d);
/* Exactly len bytes at off, or an error naming device and offset. */
int rl_pread(struct rl_dev *d, void *buf, size_t len, uint64_t off, struct rl_err *e);

/* For an opener: d emptied (fd -1) and named path; then, once d->fd is
 * open, its size, block size and device number from the descriptor (a
 * block device or a regular file, else RL_E_INVAL). */
void rl_dev_reset(struct rl_dev *d, const char *path);
int rl_dev_geometry(struct rl_dev *d, struct rl_err *e);

/* Soft open-file limit up to the hard one: judging a host's LUNs keeps
 * one descriptor per LUN open, and the usual soft limit of 1024 would stop
 * a DR host with a thousand LUNs. */
void rl_raise_fd_limit(void);

#endif
