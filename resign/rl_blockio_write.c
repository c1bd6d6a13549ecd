#include "rl_blockio_write.h"
#include "rl_memdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int rl_dev_open_excl(struct rl_dev *d, const char *path, int *busy, struct rl_err *e)
{
	struct stat st;
	int flags = O_RDWR | O_CLOEXEC;

	*busy = 0;
	rl_dev_reset(d, path);
	rl_err_init(e, path);
	if (stat(path, &st) == 0 && S_ISBLK(st.st_mode))
		flags |= O_EXCL;
	d->fd = open(path, flags);
	if (d->fd < 0) {
		*busy = (errno == EBUSY);
		return rl_err_set(e, RL_E_IO, "cannot open exclusively: %s", strerror(errno));
	}
	if (flock(d->fd, LOCK_EX | LOCK_NB) < 0) {
		*busy = (errno == EWOULDBLOCK);
		rl_err_set(e, RL_E_IO, "cannot lock (flock LOCK_EX): %s", strerror(errno));
		rl_dev_close(d);
		return -1;
	}
	d->writable = 1;
	if (rl_dev_geometry(d, e) < 0) {
		rl_dev_close(d);
		return -1;
	}
	return 0;
}

/* A block device write of whole logical blocks goes around the page cache
 * (as LVM writes its metadata): a 512-byte sector written through the cache
 * would dirty, and write back, a whole 4 KiB page around it.  0 when the
 * write went direct, 1 when it must take the buffered path (misaligned,
 * files, or O_DIRECT refused), -1 on a write error. */
static int pwrite_direct(struct rl_dev *d, const void *buf, size_t len, uint64_t off,
			 struct rl_err *e)
{
#ifdef O_DIRECT
	const size_t page = 4096;
	int fl;
	void *b = NULL;
	ssize_t r;

	if (!d->is_blk || !d->lbs || off % d->lbs || len % d->lbs || !len)
		return 1;
	fl = fcntl(d->fd, F_GETFL);
	if (fl < 0 || posix_memalign(&b, page, (len + page - 1) / page * page))
		return 1;
	memcpy(b, buf, len);
	if (fcntl(d->fd, F_SETFL, fl | O_DIRECT) < 0) {
		free(b);
		return 1;
	}
	do
		r = pwrite(d->fd, b, len, (off_t)off);
	while (r < 0 && errno == EINTR);
	(void)fcntl(d->fd, F_SETFL, fl);
	free(b);
	if (r == (ssize_t)len) {
		d->bytes_written += len;
		return 0;
	}
	if (r < 0 && errno == EINVAL)
		return 1;
	return rl_err_at(e, RL_E_IO, off, "write failed: %s", r < 0 ? strerror(errno) :
			 "short direct write");
#else
	(void)d; (void)buf; (void)len; (void)off; (void)e;
	return 1;
#endif
}

int rl_pwrite(struct rl_dev *d, const void *buf, size_t len, uint64_t off, struct rl_err *e)
{
	size_t done = 0;
	int k;

	if (!d->writable)
		return rl_err_at(e, RL_E_INVAL, off, "device not opened for writing");
	if (off > d->size || len > d->size - off)
		return rl_err_at(e, RL_E_INVAL, off, "write of %zu bytes goes past the end", len);
	if (d->mem) {
		if (rl_memdev_put(d->mem, off, buf, len) < 0)
			return rl_err_at(e, RL_E_NOMEM, off, "out of memory");
		d->bytes_written += len;
		return 0;
	}
	k = pwrite_direct(d, buf, len, off, e);
	if (k <= 0)
		return k;
	while (done < len) {
		ssize_t r = pwrite(d->fd, (const char *)buf + done, len - done, (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return rl_err_at(e, RL_E_IO, off + done, "write failed: %s",
					 r < 0 ? strerror(errno) : "no progress");
		done += (size_t)r;
	}
	d->bytes_written += len;
	return 0;
}

int rl_dev_sync(struct rl_dev *d, struct rl_err *e)
{
	if (d->mem)
		return 0;
	if (fsync(d->fd) < 0)
		return rl_err_set(e, RL_E_IO, "fsync failed: %s", strerror(errno));
	return 0;
}
