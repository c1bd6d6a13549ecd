#include "rl_blockio.h"
#include "rl_memdev.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

int rl_dev_geometry(struct rl_dev *d, struct rl_err *e)
{
	struct stat st;

	if (fstat(d->fd, &st) < 0)
		return rl_err_set(e, RL_E_IO, "fstat: %s", strerror(errno));
	d->lbs = 512;
	if (S_ISBLK(st.st_mode)) {
		int ss = 0;

		d->is_blk = 1;
		d->rdev = st.st_rdev;
		if (ioctl(d->fd, BLKGETSIZE64, &d->size) < 0)
			return rl_err_set(e, RL_E_IO, "BLKGETSIZE64: %s", strerror(errno));
		if (ioctl(d->fd, BLKSSZGET, &ss) == 0 && ss > 0)
			d->lbs = (unsigned)ss;
		/* every read is a few scattered sectors (labels, metadata, VHD
		 * headers): kernel readahead would turn each into 128 KiB */
		(void)posix_fadvise(d->fd, 0, 0, POSIX_FADV_RANDOM);
	} else if (S_ISREG(st.st_mode)) {
		d->size = (uint64_t)st.st_size;
	} else {
		return rl_err_set(e, RL_E_INVAL, "not a block device or regular file");
	}
	return 0;
}

void rl_dev_reset(struct rl_dev *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	snprintf(d->path, sizeof(d->path), "%s", path);
}

int rl_dev_open_ro(struct rl_dev *d, const char *path, struct rl_err *e)
{
	rl_dev_reset(d, path);
	rl_err_init(e, path);
	d->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (d->fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open: %s", strerror(errno));
	if (rl_dev_geometry(d, e) < 0) {
		rl_dev_close(d);
		return -1;
	}
	return 0;
}

void rl_dev_close(struct rl_dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

int rl_pread(struct rl_dev *d, void *buf, size_t len, uint64_t off, struct rl_err *e)
{
	size_t done = 0;

	if (off > d->size || len > d->size - off)
		return rl_err_at(e, RL_E_CORRUPT, off,
				 "read of %zu bytes goes past the end (size %llu)", len,
				 (unsigned long long)d->size);
	if (d->mem) {
		rl_memdev_get(d->mem, off, buf, len);
		if (d->mem->on_read)
			d->mem->on_read(d->mem->on_read_arg, off, len);
		d->bytes_read += len;
		return 0;
	}
	while (done < len) {
		ssize_t r = pread(d->fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return rl_err_at(e, RL_E_IO, off + done, "read failed: %s", strerror(errno));
		if (r == 0)
			return rl_err_at(e, RL_E_IO, off + done, "short read");
		done += (size_t)r;
	}
	d->bytes_read += len;
	return 0;
}

void rl_raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}
