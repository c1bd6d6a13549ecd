/* sysfs below a root directory: the one place relun reads /sys.
 *
 * As util-linux's lib/path.c and lib/sysfs.c do it, a context holds the
 * prefix (the directory holding "sys": "" for the real system, or the
 * tools' --sysroot DIR, so tests run on a fake tree) and every path is
 * formed from it; a device context adds one block device's directory, and
 * its attributes are read relative to that.  Nothing here is global: the
 * caller makes the context once and passes it down.  A NULL context means
 * the real system. */
#ifndef RELUN_SYSFS_H
#define RELUN_SYSFS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dir_names.h"
#include "rl_err.h"

struct rl_sysfs {
	char prefix[PATH_MAX];   /* "" for the real root; never ends in '/' */
};

/* root NULL, "" or "/" is the real system.  -1 when root is too long. */
int rl_sysfs_init(struct rl_sysfs *s, const char *root);
/* Whether s (or NULL) reads the real /sys, so /dev/<name> is this host's. */
int rl_sysfs_is_real(const struct rl_sysfs *s);

/* "<prefix>/sys/<fmt ...>" into out; -1 when it does not fit. */
int rl_sysfs_path(const struct rl_sysfs *s, char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The attribute at "<prefix>/sys/<fmt ...>": text (trailing whitespace
 * cut; the length, or -1 with buf "" when unreadable) or an unsigned
 * decimal (0, or -1 when missing or not a number). */
int rl_sysfs_read_str(const struct rl_sysfs *s, char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int rl_sysfs_read_u64(const struct rl_sysfs *s, uint64_t *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Whether "<prefix>/sys/<fmt ...>" exists (lstat: a dangling link counts). */
int rl_sysfs_exists(const struct rl_sysfs *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Each entry of the directory "<prefix>/sys/<rel>" but "." and "..", in
 * readdir order, until fn returns non-zero (that value is returned).  0
 * when every entry was seen, -1 when the directory cannot be opened. */
int rl_sysfs_each(const struct rl_sysfs *s, const char *rel,
		  int (*fn)(const char *name, void *arg), void *arg);

/* One block device: its kernel name and directory
 * <prefix>/sys/block/<name> (whole disks, loop devices, dm maps). */
struct rl_sysdev {
	const struct rl_sysfs *sys;
	char name[NAME_MAX + 1];
	char dir[PATH_MAX];
};

/* -1 when name is empty, ".", ".." or holds a '/'. */
int rl_sysdev_init(struct rl_sysdev *d, const struct rl_sysfs *s, const char *name);
/* The attribute <dir>/<attr>, as rl_sysfs_read_str / _u64. */
int rl_sysdev_read_str(const struct rl_sysdev *d, const char *attr, char *buf, size_t n);
int rl_sysdev_read_u64(const struct rl_sysdev *d, const char *attr, uint64_t *v);
/* Each entry of <dir>/<sub> ("holders", "slaves"), as rl_sysfs_each. */
int rl_sysdev_each(const struct rl_sysdev *d, const char *sub,
		   int (*fn)(const char *name, void *arg), void *arg);

/* The kernel name of a device node from its number, read from the link
 * sys/dev/{block,char}/MAJ:MIN.  RL_E_NOTFOUND when sysfs has no such
 * node (e->msg then names the link and why), RL_E_INVAL when the name does
 * not fit in n. */
int rl_sysfs_devno_to_name(const struct rl_sysfs *s, dev_t devno, int is_block, char *name,
			   size_t n, struct rl_err *e);
/* The whole disk a partition belongs to (sys/class/block/<name> holds a
 * "partition" file; its parent directory is the disk): 1 and disk, 0 when
 * name is not a partition, -1 when name is not in sysfs. */
int rl_sysfs_wholedisk(const struct rl_sysfs *s, const char *name, char *disk, size_t n);

/* The entries of <prefix>/sys/block in readdir order, dot entries left
 * out: the one walk of /sys/block a run makes.  RL_E_IO when the directory
 * cannot be read (errno kept); free with rl_names_free(). */
int rl_sysfs_block_names(const struct rl_sysfs *s, struct rl_names *out, struct rl_err *e);

/* Low level: the text file at path, as rl_sysfs_read_str.  For paths a
 * context has already formed (a device's SCSI directory). */
int sysfs_read_str(const char *path, char *buf, size_t n);

#endif
