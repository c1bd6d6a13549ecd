/* Tiny readers for sysfs attribute files (one line of text). */
#ifndef RELUN_SYSFS_ATTR_H
#define RELUN_SYSFS_ATTR_H

#include <stddef.h>
#include <stdint.h>

/* Read the file at path into buf (NUL-terminated, trailing whitespace cut).
 * Returns the length, or -1 (buf then "") if it cannot be read. */
int sysfs_read_str(const char *path, char *buf, size_t n);
/* printf-style path. */
int sysfs_read_strf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Unsigned decimal attribute; -1 when missing or not a number. */
int sysfs_read_u64f(uint64_t *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
