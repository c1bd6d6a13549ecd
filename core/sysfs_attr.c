#include "sysfs_attr.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int sysfs_read_strf(char *buf, size_t n, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return sysfs_read_str(path, buf, n);
}

int sysfs_read_u64f(uint64_t *v, const char *fmt, ...)
{
	char path[4096], buf[64], *end;
	unsigned long long x;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (sysfs_read_str(path, buf, sizeof(buf)) <= 0)
		return -1;
	errno = 0;
	x = strtoull(buf, &end, 10);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}
