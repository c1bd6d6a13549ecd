#include "vgcopy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "lun_read.h"
#include "rl_blockio.h"
#include "sysfs.h"

#define TOOL "relun-resign"

static int vgcopy_add(struct rl_vgcopy *t, const char *path, int idx)
{
	if (t->n == t->cap) {
		unsigned nc = t->cap ? t->cap * 2 : 1;
		const char **np = realloc(t->paths, nc * sizeof(*np));
		struct rl_job_verdict *nv;
		int *ni;

		if (!np)
			return -1;
		t->paths = np;
		nv = realloc(t->verdicts, nc * sizeof(*nv));
		if (!nv)
			return -1;
		t->verdicts = nv;
		ni = realloc(t->pvidx, nc * sizeof(*ni));
		if (!ni)
			return -1;
		t->pvidx = ni;
		t->cap = nc;
	}
	memset(&t->verdicts[t->n], 0, sizeof(t->verdicts[t->n]));
	t->pvidx[t->n] = idx;
	t->paths[t->n++] = path;
	return 0;
}

void rl_vgcopies_free(struct rl_vgcopy *c, unsigned n)
{
	unsigned k;

	for (k = 0; c && k < n; k++) {
		free(c[k].paths);
		free(c[k].verdicts);
		free(c[k].pvidx);
	}
	free(c);
}

/* Only copies still missing a PV are searched ("open": a multi-PV VG being
 * assembled), so a thousand single-PV clones of one SR group in linear
 * time. */
int rl_vgcopy_group(char *const *devs, int n, struct rl_vgcopy **out)
{
	struct rl_vgcopy *jobs = calloc((size_t)n + 1, sizeof(*jobs));
	unsigned nj = 0, nopen = 0, k;
	unsigned *open = calloc((size_t)n + 1, sizeof(*open));
	int i;

	*out = NULL;
	if (!open || !jobs) {
		free(open);
		free(jobs);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct rl_dev d;
		struct lun_pv *pv = calloc(1, sizeof(*pv));
		struct rl_err e;
		char vgid[33] = "";
		int idx = -1;
		unsigned need = 1;
		struct rl_vgcopy *t = NULL;

		if (pv && rl_dev_open_ro(&d, devs[i], &e) == 0) {
			if (lun_read_pv(&d, pv, &e) == 0 && pv->state == LUN_PV_OK) {
				snprintf(vgid, sizeof(vgid), "%s", pv->vg->id);
				idx = pv->pv_index;
				need = pv->vg->n_pvs ? pv->vg->n_pvs : 1;
			}
			lun_pv_free(pv);
			rl_dev_close(&d);
		}
		free(pv);
		/* the first open copy of this VG that lacks this PV; unreadable
		 * devices go alone so their job reports why */
		for (k = 0; vgid[0] && k < nopen && !t; k++) {
			struct rl_vgcopy *c = &jobs[open[k]];
			unsigned m;
			int clash = 0;

			if (strcmp(c->vgid, vgid))
				continue;
			for (m = 0; m < c->n; m++)
				clash |= c->pvidx[m] == idx;
			if (!clash)
				t = c;
		}
		if (!t) {
			t = &jobs[nj++];
			memset(t, 0, sizeof(*t));
			snprintf(t->vgid, sizeof(t->vgid), "%s", vgid);
			t->need = need > RL_JOB_MAX_DEVS ? RL_JOB_MAX_DEVS : need;
			if (vgid[0] && t->need > 1)
				open[nopen++] = (unsigned)(t - jobs);
		}
		if (vgcopy_add(t, devs[i], idx) < 0) {
			free(open);
			rl_vgcopies_free(jobs, nj);
			return -1;
		}
		if (t->n >= t->need)
			for (k = 0; k < nopen; k++)
				if (&jobs[open[k]] == t) {
					/* keep argument order: the first open copy wins */
					memmove(&open[k], &open[k + 1], (nopen - k - 1) * sizeof(*open));
					nopen--;
					break;
				}
	}
	free(open);
	*out = jobs;
	return (int)nj;
}

/* The file behind a loop device (stat'ed into st), so a loop device and
 * its own image given together are seen as one LUN; 0 if none. */
static int loop_backing(const struct rl_sysfs *sys, dev_t rdev, struct stat *st)
{
	char file[4096];

	return rl_sysfs_read_str(sys, file, sizeof(file), "dev/block/%u:%u/loop/backing_file",
				 major(rdev), minor(rdev)) > 0 && stat(file, st) == 0;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return !S_ISBLK(a->st_mode) && !S_ISBLK(b->st_mode) && a->st_dev == b->st_dev &&
	       a->st_ino == b->st_ino;
}

/* A loop device and its own image file would be resigned twice, one on
 * top of the other. */
int rl_vgcopy_dedupe(const struct rl_sysfs *sys, char **devs, int *n_devs)
{
	int nd = *n_devs;
	struct stat *st = calloc((size_t)nd + 1, sizeof(*st));
	struct stat *id = calloc((size_t)nd + 1, sizeof(*id));
	int *ok = calloc((size_t)nd + 1, sizeof(*ok));
	int i, k, n = 0, rc = 0;

	if (!st || !id || !ok) {
		free(st);
		free(id);
		free(ok);
		return 0;
	}
	for (i = 0; i < nd && !rc; i++) {
		int dup = -1;
		struct stat s, b;

		if (stat(devs[i], &s) == 0)
			for (k = 0; k < n && dup < 0; k++)
				if (ok[k] && (S_ISBLK(s.st_mode) ? S_ISBLK(st[k].st_mode) &&
					      st[k].st_rdev == s.st_rdev :
					      st[k].st_dev == s.st_dev && st[k].st_ino == s.st_ino))
					dup = k;
		if (dup >= 0) {
			fprintf(stderr, TOOL ": note: %s is %s, given already; one transaction\n",
				devs[i], devs[dup]);
			continue;
		}
		ok[n] = stat(devs[i], &st[n]) == 0;
		id[n] = st[n];
		if (ok[n] && S_ISBLK(st[n].st_mode) && loop_backing(sys, st[n].st_rdev, &b))
			id[n] = b;
		/* a loop device and its image; two loop devices over one file
		 * are two paths of one LUN, which the judge refuses (exit 5) */
		for (k = 0; ok[n] && k < n; k++)
			if (ok[k] && S_ISBLK(st[k].st_mode) != S_ISBLK(st[n].st_mode) &&
			    same_file(&id[k], &id[n])) {
				fprintf(stderr, TOOL ": %s and %s are the same LUN (a loop device and "
					"its image file); give each LUN once; nothing written\n",
					devs[k], devs[i]);
				rc = -1;
				break;
			}
		devs[n++] = devs[i];
	}
	*n_devs = n;
	free(st);
	free(id);
	free(ok);
	return rc;
}
