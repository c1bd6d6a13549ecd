/* Finding a journal's LUN after a reboot.  /dev/sdX names and loop numbers
 * change across reboots and rescans; a journal records, per device, the
 * path it was given, its identity (SCSIid/WWID, multipath uuid, loop
 * backing file: rl_job_ident), size and header fingerprint, and a stable
 * name when one exists (/dev/disk/by-id/..., /dev/mapper/...).  Recovery
 * opens the recorded name only while it is still that LUN; otherwise it
 * looks the identity up among the host's block devices. */
#ifndef RELUN_LUNFIND_H
#define RELUN_LUNFIND_H

#include <stddef.h>

#include "plan.h"
#include "recover.h"
#include "sysfs.h"

/* A stable name for the block device at path ("" when none): the
 * /dev/disk/by-id link to it that names the LUN, not the path to it
 * (dm-uuid-mpath-, wwn-, scsi-, then any other), or path itself when it is
 * a /dev/mapper name. */
void rl_lun_stable_name(const char *path, char *out, size_t n);

struct rl_devmap {
	const char *old_path, *new_path; /* --device OLD=NEW */
};

/* Where plan device pd (stable name name) is now, searched among the
 * block devices of sys (NULL: /sys/block), each opened as /dev/NAME: out
 * gets the node, why
 * one sentence saying how it was chosen ("" when the recorded path is
 * still the LUN).  With no candidate but the recorded node present, that
 * node is returned (why says so): the caller's identity checks refuse it,
 * unless forced.  Returns 0, or RL_EXIT_MISMATCH with why saying what was
 * found (no candidate and the recorded node gone, or several). */
int rl_lun_locate(const struct rl_plan_dev *pd, const char *name, const struct rl_devmap *map,
		  size_t nmap, const struct rl_sysfs *sys, rl_ident_fn ident, void *ident_arg,
		  char *out, size_t n, char *why, size_t wn);

#endif
