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

/* Read-only open; never O_EXCL, so probing never disturbs a busy device. */
int rl_dev_open_ro(struct rl_dev *d, const char *path, struct rl_err *e);
/* Read-write open with O_EXCL (block devices) and a BSD flock(LOCK_EX|LOCK_NB)
 * on the whole disk, systemd's convention that keeps udev from probing
 * mid-write.  Busy -> RL_E_IO with errno EBUSY/EWOULDBLOCK in the message. */
int rl_dev_open_excl(struct rl_dev *d, const char *path, int *busy, struct rl_err *e);
void rl_dev_close(struct rl_dev *d);
/* Exactly len bytes at off, or an error naming device and offset. */
int rl_pread(struct rl_dev *d, void *buf, size_t len, uint64_t off, struct rl_err *e);
int rl_pwrite(struct rl_dev *d, const void *buf, size_t len, uint64_t off, struct rl_err *e);
int rl_dev_sync(struct rl_dev *d, struct rl_err *e);

/* Soft open-file limit up to the hard one: judging a host's LUNs keeps
 * one descriptor per LUN open, and the usual soft limit of 1024 would stop
 * a DR host with a thousand LUNs. */
void rl_raise_fd_limit(void);

#endif
