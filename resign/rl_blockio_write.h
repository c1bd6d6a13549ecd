/* Writing a LUN: the exclusive open, writes that name device and offset,
 * and the flush between write phases.  Only relun-resign links this. */
#ifndef RELUN_RL_BLOCKIO_WRITE_H
#define RELUN_RL_BLOCKIO_WRITE_H

#include "rl_blockio.h"

/* Read-write open with O_EXCL (block devices) and a BSD flock(LOCK_EX|LOCK_NB)
 * on the whole disk, systemd's convention that keeps udev from probing
 * mid-write.  Busy -> RL_E_IO with errno EBUSY/EWOULDBLOCK in the message. */
int rl_dev_open_excl(struct rl_dev *d, const char *path, int *busy, struct rl_err *e);
/* Exactly len bytes at off, or an error naming device and offset. */
int rl_pwrite(struct rl_dev *d, const void *buf, size_t len, uint64_t off, struct rl_err *e);
int rl_dev_sync(struct rl_dev *d, struct rl_err *e);

#endif
