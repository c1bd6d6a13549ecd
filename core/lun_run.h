/* One run's LUNs, each identified once: what the judge found of every LUN
 * of the host (the identity discovery computed -- for a SCSI LUN the
 * SCSIid, asked of the device once -- and the keys of its label), kept
 * small after the judge is freed and found again by any path that reaches
 * the LUN.  For the steps of a run that would otherwise ask sysfs and the
 * device again: grouping the given devices into VG copies, each job's
 * identity of its LUNs, the xe script's SCSIid. */
#ifndef RELUN_LUN_RUN_H
#define RELUN_LUN_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "judge.h"

struct lun_seen {
	const char *path;          /* as discovery or the caller named it */
	const char *real_path;     /* image files: their real path, else "" */
	const char *ident_kind, *ident;  /* as struct pdev_rec */
	const char *scsi_id;       /* "" when none */
	dev_t rdev;                /* 0 for image files */
	uint64_t size;
	int path_of;               /* index of the LUN this is a path of, -1 */
	enum lun_pv_state state;   /* of its label, as read once */
	int read;                  /* its label was read (else state says nothing) */
	char pv_uuid[33], vg_id[33];
	int pv_index;
	unsigned n_pvs;
	char *strings;             /* owns what the pointers point into */
};

struct lun_run {
	struct lun_seen *v;
	unsigned n;
	unsigned *by_rdev;         /* indexes of v with rdev != 0, by rdev */
	unsigned n_rdev;
};

/* What j knows of its LUNs, copied: 0, or -1 out of memory (r empty). */
int lun_run_take(struct lun_run *r, const struct judge *j);
void lun_run_free(struct lun_run *r);

/* The LUN path reaches (the same block device, or the same image file), or
 * NULL: a path the run has not seen. */
const struct lun_seen *lun_run_find(const struct lun_run *r, const char *path);

/* "kind:ident", the identity relun-resign records in its journals and run
 * locks (out gets "" when there is none); the one place it is formatted. */
void lun_ident_str(const char *kind, const char *ident, char *out, size_t n);

/* rl_job_ident's contract (out gets "kind:ident" or ""; returns 0) from the
 * run's LUNs; ctx is the struct lun_run.  A path the run has not seen gets
 * "": the caller computes it then (pdev_from_path). */
int lun_run_ident(const char *path, char *out, size_t n, void *ctx);

#endif
