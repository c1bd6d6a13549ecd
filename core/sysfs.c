#include "sysfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

int sysfs_read_str(const char *path, char *buf, size_t n)
{
	int fd;
	ssize_t r;

	if (n == 0)
		return -1;
	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0) {
		buf[0] = '\0';
		return -1;
	}
	buf[r] = '\0';
	while (r > 0 && isspace((unsigned char)buf[r - 1]))
		buf[--r] = '\0';
	return (int)r;
}

static int parse_u64(const char *buf, uint64_t *v)
{
	unsigned long long x;
	char *end;

	errno = 0;
	x = strtoull(buf, &end, 10);
	if (errno || *end || end == buf)
		return -1;
	*v = x;
	return 0;
}

int rl_sysfs_init(struct rl_sysfs *s, const char *root)
{
	size_t l = root ? strlen(root) : 0;

	while (l > 0 && root[l - 1] == '/')
		l--;
	s->prefix[0] = '\0';
	if (l >= sizeof(s->prefix))
		return -1;
	if (l)
		memcpy(s->prefix, root, l);
	s->prefix[l] = '\0';
	return 0;
}

int rl_sysfs_is_real(const struct rl_sysfs *s)
{
	return !s || !s->prefix[0];
}

static int vpath(const struct rl_sysfs *s, char *out, size_t n, const char *fmt, va_list ap)
{
	const char *pre = s ? s->prefix : "";
	int k = snprintf(out, n, "%s/sys/", pre), m;

	if (k < 0 || (size_t)k >= n)
		return -1;
	m = vsnprintf(out + k, n - (size_t)k, fmt, ap);
	return m < 0 || (size_t)m >= n - (size_t)k ? -1 : 0;
}

int rl_sysfs_path(const struct rl_sysfs *s, char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpath(s, out, n, fmt, ap);
	va_end(ap);
	return r;
}

int rl_sysfs_read_str(const struct rl_sysfs *s, char *buf, size_t n, const char *fmt, ...)
{
	char p[PATH_MAX];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpath(s, p, sizeof(p), fmt, ap);
	va_end(ap);
	if (r < 0) {
		if (n)
			buf[0] = '\0';
		return -1;
	}
	return sysfs_read_str(p, buf, n);
}

int rl_sysfs_read_u64(const struct rl_sysfs *s, uint64_t *v, const char *fmt, ...)
{
	char p[PATH_MAX], buf[64];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpath(s, p, sizeof(p), fmt, ap);
	va_end(ap);
	if (r < 0 || sysfs_read_str(p, buf, sizeof(buf)) <= 0)
		return -1;
	return parse_u64(buf, v);
}

int rl_sysfs_exists(const struct rl_sysfs *s, const char *fmt, ...)
{
	char p[PATH_MAX];
	struct stat st;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpath(s, p, sizeof(p), fmt, ap);
	va_end(ap);
	return r == 0 && lstat(p, &st) == 0;
}

static int each_in(const char *dir, int (*fn)(const char *name, void *arg), void *arg)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int r = 0;

	if (!d)
		return -1;
	while (!r && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			r = fn(de->d_name, arg);
	closedir(d);
	return r;
}

int rl_sysfs_each(const struct rl_sysfs *s, const char *rel,
		  int (*fn)(const char *name, void *arg), void *arg)
{
	char p[PATH_MAX];

	if (rl_sysfs_path(s, p, sizeof(p), "%s", rel) < 0)
		return -1;
	return each_in(p, fn, arg);
}

int rl_sysdev_init(struct rl_sysdev *d, const struct rl_sysfs *s, const char *name)
{
	d->sys = s;
	d->name[0] = d->dir[0] = '\0';
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
	    strlen(name) >= sizeof(d->name))
		return -1;
	memcpy(d->name, name, strlen(name) + 1);
	return rl_sysfs_path(s, d->dir, sizeof(d->dir), "block/%s", name);
}

int rl_sysdev_read_str(const struct rl_sysdev *d, const char *attr, char *buf, size_t n)
{
	char p[PATH_MAX + NAME_MAX + 2];

	snprintf(p, sizeof(p), "%s/%s", d->dir, attr);
	return sysfs_read_str(p, buf, n);
}

int rl_sysdev_read_u64(const struct rl_sysdev *d, const char *attr, uint64_t *v)
{
	char buf[64];

	if (rl_sysdev_read_str(d, attr, buf, sizeof(buf)) <= 0)
		return -1;
	return parse_u64(buf, v);
}

int rl_sysdev_each(const struct rl_sysdev *d, const char *sub,
		   int (*fn)(const char *name, void *arg), void *arg)
{
	char p[PATH_MAX + NAME_MAX + 2];

	snprintf(p, sizeof(p), "%s/%s", d->dir, sub);
	return each_in(p, fn, arg);
}

int rl_sysfs_devno_to_name(const struct rl_sysfs *s, dev_t devno, int is_block, char *name,
			   size_t n, struct rl_err *e)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t k;

	if (rl_sysfs_path(s, link, sizeof(link), "dev/%s/%u:%u", is_block ? "block" : "char",
			  major(devno), minor(devno)) < 0)
		return rl_err_set(e, RL_E_INVAL, "sysroot path too long");
	k = readlink(link, target, sizeof(target) - 1);
	if (k <= 0)
		return rl_err_set(e, RL_E_NOTFOUND, "no sysfs entry %s: %s", link,
				  k < 0 ? strerror(errno) : "empty link");
	target[k] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!base[0] || strlen(base) >= n)
		return rl_err_set(e, RL_E_INVAL, "sysfs entry %s: kernel name '%s' too long", link,
				  base);
	memcpy(name, base, strlen(base) + 1);
	return 0;
}

int rl_sysfs_wholedisk(const struct rl_sysfs *s, const char *name, char *disk, size_t n)
{
	char p[PATH_MAX], real[PATH_MAX], *slash;

	if (rl_sysfs_path(s, p, sizeof(p), "class/block/%s", name) < 0 || !realpath(p, real))
		return -1;
	if (!rl_sysfs_exists(s, "class/block/%s/partition", name))
		return 0;
	slash = strrchr(real, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	slash = strrchr(real, '/');
	if (!slash || strlen(slash + 1) >= n)
		return -1;
	memcpy(disk, slash + 1, strlen(slash + 1) + 1);
	return 1;
}

int rl_sysfs_block_names(const struct rl_sysfs *s, struct rl_names *out, struct rl_err *e)
{
	char dir[PATH_MAX];
	int err;

	out->v = NULL;
	out->n = 0;
	if (rl_sysfs_path(s, dir, sizeof(dir), "block") < 0)
		return rl_err_set(e, RL_E_INVAL, "sysroot path too long");
	if (rl_dir_names(dir, NULL, out) < 0) {
		err = errno;
		if (err == ENOMEM)
			rl_err_set(e, RL_E_NOMEM, "out of memory");
		else
			rl_err_set(e, RL_E_IO, "cannot list %s: %s", dir, strerror(err));
		errno = err;
		return -1;
	}
	return 0;
}
