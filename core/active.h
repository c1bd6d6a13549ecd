/* What device-mapper has active on a LUN: the LVs stacked on it through
 * any of its paths (the map itself, each path of the map, and the paths'
 * own holders: udev autoactivation can put a duplicate VG's LVs straight
 * on a raw path of the clone). */
#ifndef RELUN_PROBE_ACTIVE_H
#define RELUN_PROBE_ACTIVE_H

#include <stddef.h>

#include "sysfs.h"

struct active_dm {
	char name[128];    /* dm name (VG-LV) */
	char kname[32];    /* dm-N */
	char uuid[160];    /* LVM-<vgid><lvid> for an LV */
};

/* The LVM LVs (dm uuid LVM-...) holding kname or a path of it, found
 * through /sys/block/<k>/holders and, for a multipath map, its slaves.
 * *out (malloc'd, free it) gets *n entries; 0, or -1 out of memory. */
int active_dm_on(const struct rl_sysfs *sys, const char *kname, struct active_dm **out, unsigned *n);

/* Whether one of them is an LV of the VG with raw id vgid (32 chars). */
int active_dm_has_vg(const struct active_dm *a, unsigned n, const char *vgid);

#endif
