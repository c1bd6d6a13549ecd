/* dm-multipath maps and their paths, read without multipathd.
 *
 * sysfs gives the structure: sys/class/block/dm-N/dm/{name,uuid} (uuid
 * "mpath-<wwid>", libmultipath's UUID_PREFIX) and dm-N/slaves/<sdX>; a path
 * sdX lists the map in sdX/holders/dm-N.  The path states (A active, F failed)
 * are only in the kernel's target status, read with libdevmapper when
 * /dev/mapper/control exists; without it the states are "unknown". */
#ifndef RELUN_SG_MULTIPATH_H
#define RELUN_SG_MULTIPATH_H

#include <stddef.h>
#include "rl_err.h"
#include "sysfs.h"

#define MPATH_MAX_PATHS 64

struct mpath_path {
	char device[64];	/* sdb ("" when sysfs does not know the number) */
	char devnum[16];	/* "8:16" */
	char hctl[64];
	char state[16];		/* "active", "failed" or "unknown" */
	unsigned fail_count;
	int group;		/* priority group, 1-based; 0 unknown */
	char group_state[4];	/* "A" active, "E" enabled, "D" disabled */
};

struct mpath_map {
	char dm[32];		/* dm-0 */
	char devnum[16];	/* "253:0" */
	char name[256];		/* dm/name: the WWID with user_friendly_names no */
	char uuid[256];		/* dm/uuid: "mpath-<wwid>" */
	unsigned n_paths;
	struct mpath_path paths[MPATH_MAX_PATHS];
	int states_known;	/* path states came from the kernel's status */
	char note[160];		/* why they did not, when they did not */
};

/* A path's state as the multipath target reports it. */
struct mpath_status_path {
	char devnum[16];
	char state;		/* 'A' or 'F' */
	unsigned fail_count;
	int group;
	char group_state;
};

/* Parse the params of a "multipath" target's status line, e.g.
 * "2 0 0 0 1 1 A 0 2 0 8:0 A 0 8:16 F 1".  Returns 0 and *n paths, or -1 if
 * the line does not follow the kernel's layout. */
int mpath_parse_status(const char *params, struct mpath_status_path *out, size_t max, size_t *n);

/* The multipath map (dm-N) holding block device `name`.  1 found (dm set),
 * 0 none. */
int mpath_map_of_path(const struct rl_sysfs *sys, const char *name, char *dm, size_t n);

/* Whether dm-N is a multipath map (its uuid starts with "mpath-"). */
int mpath_is_map(const struct rl_sysfs *sys, const char *dm);

/* Read map dm-N: name, uuid, slaves with their H:C:T:L, and (real root only,
 * with /dev/mapper/control) each path's state from libdevmapper. */
int mpath_read_map(const struct rl_sysfs *sys, const char *dm, struct mpath_map *m, struct rl_err *e);

/* Apply parsed status paths to m (matching by devnum). */
void mpath_apply_status(struct mpath_map *m, const struct mpath_status_path *sp, size_t n);

#endif
