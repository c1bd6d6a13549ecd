/* A device held in memory, for fuzzing and tests: an image given as extents
 * of bytes laid over zeros (later extents over earlier ones), so a sparse
 * SR image of a few KiB of metadata stands for a LUN of any size.  An rl_dev
 * opened on it is read and written by rl_pread / rl_pwrite like a file. */
#ifndef RELUN_RL_MEMDEV_H
#define RELUN_RL_MEMDEV_H

#include <stdint.h>
#include <stddef.h>

#include "rl_blockio.h"

struct rl_memext {
	uint64_t off;
	size_t len;
	uint8_t *data;                 /* owned */
};

struct rl_memdev {
	struct rl_memext *ext;
	size_t n, cap;
	/* Test seam: called for every read (e.g. to keep only what a reader
	 * reads of a real image).  NULL = none. */
	void (*on_read)(void *arg, uint64_t off, size_t len);
	void *on_read_arg;
};

void rl_memdev_init(struct rl_memdev *m);
void rl_memdev_free(struct rl_memdev *m);
/* Lay a copy of len bytes at off over what is there.  -1 out of memory. */
int rl_memdev_put(struct rl_memdev *m, uint64_t off, const void *buf, size_t len);
/* The bytes at [off, off+len): zeros where no extent lies. */
void rl_memdev_get(const struct rl_memdev *m, uint64_t off, void *buf, size_t len);

/* An rl_dev of `size` bytes on m (not owned; must outlive d), named name in
 * errors; writable or not.  Close with rl_dev_close as any other. */
void rl_dev_open_mem(struct rl_dev *d, const char *name, uint64_t size, struct rl_memdev *m,
		     int writable);

#endif
