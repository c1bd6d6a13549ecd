/* A snapshot of the host's block devices, made by one walk of
 * sys/block, so that a batch of jobs asks "which other devices
 * reach this LUN?" and "which dm devices exist?" without walking /sys/block
 * once per job: with N cloned LUNs that walk was O(N^2) sysfs reads.
 *
 * Per entry it keeps the kernel name, the same-LUN key (device/wwid, else
 * loop/backing_file: two SCSI paths of one LUN share a wwid, two loop
 * devices of one image share a backing file) and, for dm-* entries, the
 * dm uuid and name.  Only what a batch does not change is kept: holders and
 * slaves change at any moment, so callers read them fresh.  Devices that
 * appear after the build are not in it: build it right before the batch.
 *
 * Every path is read through the sysfs context sys (NULL: the real /sys). */
#ifndef RELUN_BLKINDEX_H
#define RELUN_BLKINDEX_H

#include <limits.h>
#include <stddef.h>

#include "sysfs.h"

/* Which attribute a same-LUN key came from.  Keys of different kinds never
 * match: a wwid is not a file name. */
enum rl_blkkey {
	RL_BLKKEY_NONE = 0,
	RL_BLKKEY_WWID,         /* device/wwid */
	RL_BLKKEY_BACKING,      /* loop/backing_file */
};

/* Room for any key: the kernel prints a backing file of up to PATH_MAX - 1
 * bytes and a newline. */
#define RL_BLKKEY_SIZE (PATH_MAX + 16)

struct rl_blkent {
	const char *name;       /* kernel name: "sdc", "loop3", "dm-2" */
	enum rl_blkkey kind;
	const char *key;        /* "" when kind is RL_BLKKEY_NONE */
	const char *dm_uuid;    /* dm-* entries: dm/uuid, "" if unreadable */
	const char *dm_name;    /* dm-* entries: dm/name, "" if unreadable */
	size_t pos;             /* place in the /sys/block walk */
};

struct rl_blkindex;

/* The same-LUN key of sys/block/<kname> into key (n bytes, at
 * least RL_BLKKEY_SIZE for an untruncated file name): device/wwid if it
 * reads non-empty, else loop/backing_file; RL_BLKKEY_NONE (key "") if
 * neither.  The index is built with this, and callers read a device's key
 * fresh with it, so both sides use the same precedence. */
enum rl_blkkey rl_blkkey_read(const struct rl_sysfs *sys, const char *kname, char *key, size_t n);

/* Walk sys/block once (rl_sysfs_block_names).  A missing /sys/block gives an empty
 * index.  Returns 0 and *out, or -1 with errno (no memory, or /sys/block
 * unreadable) and *out NULL: the caller can then pass a NULL index and have
 * each check build its own. */
int rl_blkindex_build(const struct rl_sysfs *sys, struct rl_blkindex **out);
void rl_blkindex_free(struct rl_blkindex *ix);

/* Number of /sys/block entries seen. */
size_t rl_blkindex_count(const struct rl_blkindex *ix);

/* The entries whose key is (kind, key), in /sys/block walk order; *n is
 * their count (0 and NULL when none, kind is RL_BLKKEY_NONE, or ix is
 * NULL).  O(log n) plus the matches. */
const struct rl_blkent *const *rl_blkindex_same_key(const struct rl_blkindex *ix,
						    enum rl_blkkey kind, const char *key,
						    size_t *n);

/* The dm-* entries in /sys/block walk order; *n is their count (0 for a
 * NULL ix). */
const struct rl_blkent *const *rl_blkindex_dm(const struct rl_blkindex *ix, size_t *n);

#endif
