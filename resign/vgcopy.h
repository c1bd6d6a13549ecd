/* The devices given to relun-resign, as VG copies: one LUN given twice is
 * run once, and each PV joins the copy of its VG still missing that PV, in
 * argument order.  Each copy becomes one job (one transaction). */
#ifndef RELUN_VGCOPY_H
#define RELUN_VGCOPY_H

#include "job.h"
#include "sysfs.h"

/* Sized to its devices: a DR batch holds a thousand of these, and every
 * job process inherits them. */
struct rl_vgcopy {
	const char **paths;
	struct rl_job_verdict *verdicts;   /* filled by rl_judge_given() */
	int *pvidx;
	unsigned n, cap;
	unsigned need;            /* PVs of its VG (capped), 1 if unreadable */
	char vgid[33];
};

/* The same device (or file) given twice is kept once, with a note on
 * stderr; devs[0..*n) is compacted in place.  A loop device and its own
 * image file are two ways into one LUN: -1 (said on stderr), nothing read. */
int rl_vgcopy_dedupe(const struct rl_sysfs *sys, char **devs, int *n);

/* devs[0..n) into VG copies: *out gets a malloc'd array (free with
 * rl_vgcopies_free); returns how many, -1 out of memory. */
int rl_vgcopy_group(char *const *devs, int n, struct rl_vgcopy **out);
void rl_vgcopies_free(struct rl_vgcopy *c, unsigned n);

#endif
