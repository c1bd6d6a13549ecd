/* The crash tier's recorder: an LD_PRELOAD shim that logs what a process
 * sends to the files and devices named in RELUN_REC_MATCH (':'-separated
 * path prefixes): every write with its offset and bytes (O_DIRECT ones
 * too: they pass through pwrite64 like the rest), every fsync/fdatasync,
 * every rename.  The log (RELUN_REC_LOG) is appended to, one record per
 * call, written with O_APPEND so forked jobs interleave whole records:
 *
 *   "W" u32 pathlen, path, u64 offset, u32 len, bytes     (a write)
 *   "F" u32 pathlen, path                                  (fsync/fdatasync)
 *   "R" u32 len, from, u32 len, to                         (rename)
 *
 * Only the calls' effects are logged, after they succeeded; the recorded
 * process runs unchanged.  tests/crash/crashstates.py reads the log. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int fd_path(int fd, char *out, size_t n)
{
	char link[64];
	ssize_t r;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	r = readlink(link, out, n - 1);
	if (r < 0)
		return -1;
	out[r] = '\0';
	return 0;
}

static int matches(const char *path)
{
	const char *m = getenv("RELUN_REC_MATCH"), *p;

	if (!m || !*m)
		return 0;
	for (p = m; *p;) {
		size_t k = strcspn(p, ":");

		/* "DIR/" matches what is under DIR; anything else itself only */
		if (k && !strncmp(path, p, k) && (p[k - 1] == '/' || path[k] == '\0'))
			return 1;
		p += k;
		if (*p == ':')
			p++;
	}
	return 0;
}

static ssize_t (*real_write_fn)(int, const void *, size_t);

static void emit(const void *b, size_t n)
{
	const char *log = getenv("RELUN_REC_LOG");
	const char *c = b;
	int fd;

	if (!log)
		return;
	if (!real_write_fn)
		real_write_fn = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	while (n) {
		ssize_t w = real_write_fn(fd, c, n);

		if (w <= 0)
			break;
		c += w;
		n -= (size_t)w;
	}
	close(fd);
}

static void put32(unsigned char *b, uint32_t v)
{
	memcpy(b, &v, 4);
}

static void record_write(int fd, const void *buf, size_t len, off_t off)
{
	char path[PATH_MAX];
	unsigned char *rec;
	size_t pl, n;

	if (fd_path(fd, path, sizeof(path)) < 0 || !matches(path))
		return;
	if (off < 0) /* write(): the offset it wrote at */
		off = lseek(fd, 0, SEEK_CUR) - (off_t)len;
	pl = strlen(path);
	n = 1 + 4 + pl + 8 + 4 + len;
	rec = malloc(n);
	if (!rec)
		abort();
	rec[0] = 'W';
	put32(rec + 1, (uint32_t)pl);
	memcpy(rec + 5, path, pl);
	{
		uint64_t o = (uint64_t)off;

		memcpy(rec + 5 + pl, &o, 8);
	}
	put32(rec + 13 + pl, (uint32_t)len);
	memcpy(rec + 17 + pl, buf, len);
	pthread_mutex_lock(&mu);
	emit(rec, n);
	pthread_mutex_unlock(&mu);
	free(rec);
}

static void record_sync(int fd)
{
	char path[PATH_MAX];
	unsigned char rec[5 + PATH_MAX];
	size_t pl;

	if (fd_path(fd, path, sizeof(path)) < 0 || !matches(path))
		return;
	pl = strlen(path);
	rec[0] = 'F';
	put32(rec + 1, (uint32_t)pl);
	memcpy(rec + 5, path, pl);
	pthread_mutex_lock(&mu);
	emit(rec, 5 + pl);
	pthread_mutex_unlock(&mu);
}

static void record_rename(const char *from, const char *to)
{
	char a[2 * PATH_MAX + 2], b[PATH_MAX];
	unsigned char rec[9 + 4 * PATH_MAX];
	size_t la, lb;

	/* the target exists now; its directory names both */
	if (!realpath(to, b))
		return;
	if (!matches(b))
		return;
	snprintf(a, sizeof(a), "%s", from);
	if (a[0] != '/') {
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)))
			return;
		snprintf(a, sizeof(a), "%s/%s", cwd, from);
	}
	la = strlen(a);
	lb = strlen(b);
	rec[0] = 'R';
	put32(rec + 1, (uint32_t)la);
	memcpy(rec + 5, a, la);
	put32(rec + 5 + la, (uint32_t)lb);
	memcpy(rec + 9 + la, b, lb);
	pthread_mutex_lock(&mu);
	emit(rec, 9 + la + lb);
	pthread_mutex_unlock(&mu);
}

#define REAL(name) \
	static __typeof__(&name) real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t r;
	REAL(pwrite64);

	r = real_pwrite64(fd, buf, n, off);
	if (r > 0)
		record_write(fd, buf, (size_t)r, off);
	return r;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	ssize_t r;
	REAL(pwrite);

	r = real_pwrite(fd, buf, n, off);
	if (r > 0)
		record_write(fd, buf, (size_t)r, off);
	return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	ssize_t r;
	REAL(write);

	r = real_write(fd, buf, n);
	if (r > 0)
		record_write(fd, buf, (size_t)r, -1);
	return r;
}

int fsync(int fd)
{
	int r;
	REAL(fsync);

	r = real_fsync(fd);
	if (r == 0)
		record_sync(fd);
	return r;
}

int fdatasync(int fd)
{
	int r;
	REAL(fdatasync);

	r = real_fdatasync(fd);
	if (r == 0)
		record_sync(fd);
	return r;
}

int rename(const char *a, const char *b)
{
	int r;
	REAL(rename);

	r = real_rename(a, b);
	if (r == 0)
		record_rename(a, b);
	return r;
}

int link(const char *a, const char *b)
{
	int r;
	REAL(link);

	r = real_link(a, b);
	if (r == 0)
		record_rename(a, b);
	return r;
}

/* relun-resign calls the renameat2 system call directly (glibc 2.17 has
 * no wrapper): seen through syscall() */
long syscall(long nr, ...)
{
	va_list ap;
	long a[6], r;
	int i;
	REAL(syscall);

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	r = real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
#ifdef SYS_renameat2
	if (nr == SYS_renameat2 && r == 0 && (int)a[0] == AT_FDCWD && (int)a[2] == AT_FDCWD)
		record_rename((const char *)a[1], (const char *)a[3]);
#endif
	return r;
}
