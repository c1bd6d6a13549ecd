/* The refusals of relun-resign: each check either
 * passes (returns 0) or fills a refusal with its distinct exit code from
 * exitcodes.h and a message naming the device, and returns 1.  Nothing is
 * ever written by a check.
 *
 * sysfs is read through the context sys (sysfs.h; NULL for the real /sys),
 * so tests can build a fake sysfs tree. */
#ifndef RELUN_REFUSE_H
#define RELUN_REFUSE_H

#include <stddef.h>
#include <sys/types.h>

#include "blkindex.h"
#include "lun_read.h"
#include "plan.h"
#include "rl_blockio_write.h"
#include "sysfs.h"
#include "verdict.h"

struct rl_refusal {
	int code;           /* RL_EXIT_*; 0 = not refused */
	char msg[1200];
};

/* Not root (euid != 0): RL_EXIT_NOTROOT. */
int rl_refuse_not_root(uid_t euid, struct rl_refusal *r);

/* rl_dev_open_excl, retried for up to 3 s while the device is busy: udev
 * holds a shared lock for a moment while it probes a disk. */
int rl_open_excl_wait(struct rl_dev *d, const char *path, int *busy, struct rl_err *e);

/* Open a target read-write with O_EXCL (block devices) and flock(LOCK_EX).
 * Busy or locked: RL_EXIT_BUSY; missing/unreadable: RL_EXIT_NODEV. */
int rl_refuse_open(const char *path, struct rl_dev *d, struct rl_refusal *r);

/* The block device (and its partitions) has holders in sysfs (device-mapper
 * maps, md, ...): RL_EXIT_BUSY.  Files pass.  Every other path to the same
 * LUN counts: the slaves of a multipath map, devices with the same
 * device/wwid, loop devices on the same loop/backing_file.
 *
 * ix (from rl_blkindex_build, built once per batch) finds those other paths
 * with a lookup instead of reading an attribute of every /sys/block entry,
 * which made a batch of N LUNs O(N^2) sysfs reads.  Holders and slaves are
 * still read fresh.  ix NULL builds one for this check alone. */
int rl_refuse_holders(const struct rl_sysfs *sys, const struct rl_blkindex *ix, const char *path,
		      dev_t rdev, struct rl_refusal *r);

/* A device-mapper device of this VG (dm uuid "LVM-<vgid>...", or a dm name
 * starting with the VG's dm name and '-') is active on one of these devices
 * or another path to the same LUN (its slaves include one of them or their
 * partitions): RL_EXIT_BUSY.  The same VG active on other LUNs (the
 * original's LVs) does not refuse.
 *
 * With ix, the dm devices and their uuid and name come from the index (and
 * other paths as in rl_refuse_holders); the slaves of a matching dm
 * device are read fresh.  ix NULL builds one for this check alone. */
int rl_refuse_dm_active(const struct rl_sysfs *sys, const struct rl_blkindex *ix, const char *vgid_raw,
			const char *vg_name, const dev_t *rdevs, size_t n, struct rl_refusal *r);

/* A PV that is not usable as read: not LVM / no VG (RL_EXIT_UNSUPPORTED),
 * damaged label, header or text (RL_EXIT_DAMAGED). */
int rl_refuse_pv(const struct lun_pv *pv, struct rl_refusal *r);

/* The VG as assembled from the given PVs: not every PV given (partial),
 * exported: RL_EXIT_INCOMPLETE; read damage (MGT unparsable, VHD errors):
 * RL_EXIT_DAMAGED; LVs of an SR operation in flight: RL_EXIT_INFLIGHT unless
 * force. */
int rl_refuse_vg(const struct lun_vg *v, int force, struct rl_refusal *r);

/* The judge's verdicts on the PVs of one VG copy (verdict.h verdict_copy):
 * a copy is resigned only when every PV is a clone, or with force; one that
 * mixes clone and original PVs, an original or a duplicate without
 * evidence: RL_EXIT_ORIGINAL, naming each PV's verdict.  *not_needed: every
 * PV unique (nothing to resign).  Not refused: 0. */
int rl_refuse_verdicts(const struct pv_judged *pv, unsigned n, int force, int *not_needed,
		       struct rl_refusal *r);

/* The journal directory (or the nearest existing parent) lives on one of
 * the devices, one of their partitions, or a device stacked on them:
 * RL_EXIT_JOURNAL. */
int rl_refuse_journal_dir(const struct rl_sysfs *sys, const char *dir, const dev_t *rdevs, size_t n,
			  struct rl_refusal *r);

/* A journal in state prepared for one of the plan's LUNs in dir:
 * RL_EXIT_JOURNAL.  scan: a snapshot of dir taken once per run (journal.h
 * rl_jscan_find; skip_tag: the run's own journals), or NULL to read dir
 * now. */
struct rl_jscan;
int rl_refuse_pending(const struct rl_jscan *scan, const char *dir, const char *skip_tag,
		      const struct rl_plan *p, struct rl_refusal *r);

#endif
