#include "judge_given.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"
#include "exitcodes.h"
#include "judge.h"
#include "rl_ident.h"
#include "sysfs.h"

#define TOOL "relun-resign"

/* The judge's record of a given path is that very node (a block device by
 * its number, an image file by the path it was given as), so its identity
 * is the one the job would work out from the path. */
static int same_node(const struct pdev_rec *r, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	if (S_ISBLK(st.st_mode))
		return r->rdev == st.st_rdev;
	return S_ISREG(st.st_mode) && r->kind == PDEV_FILE && !strcmp(r->path, path);
}

int rl_judge_given(const struct rl_judge_given_opts *o, const struct rl_jscan *scan,
		   struct rl_vgcopy *jobs, unsigned nj, char ***taken, size_t *n_taken)
{
	struct pdev_recs list = { NULL, 0, 0 };
	struct judge_opts jo;
	struct judge j;
	struct rl_err e;
	const char **paths;
	unsigned k, m, np = 0, q, added = 0;
	int *where = NULL;   /* per given path, in job order, then --original, --keep */
	int code = 0, seen = 1;

	*taken = NULL;
	*n_taken = 0;
	rl_err_init(&e, NULL);
	for (k = 0; k < nj; k++)
		np += jobs[k].n;
	paths = malloc((np + 2) * sizeof(*paths));
	where = malloc((np + 2) * sizeof(*where));
	if (!paths || !where) {
		free(paths);
		free(where);
		return -1;
	}
	if (pdev_discover_recs(o->sys, &list, &e) < 0) {
		pdev_recs_free(&list);
		memset(&list, 0, sizeof(list));
		seen = 0;   /* no sysfs: the given devices alone */
	}
	for (k = 0, q = 0; k < nj; k++)
		for (m = 0; m < jobs[k].n; m++)
			paths[q++] = jobs[k].paths[m];
	paths[np] = o->original ? o->original : "";
	paths[np + 1] = o->keep ? o->keep : "";
	if (pdev_recs_locate(o->sys, &list, paths, np + 2, where, &added, &e) < 0) {
		free(paths);
		free(where);
		pdev_recs_free(&list);
		return -1;
	}
	memset(&jo, 0, sizeof(jo));
	jo.sys = o->sys;
	jo.original = o->original;
	jo.keep = o->keep;
	jo.whole_host = seen && !added;
	jo.n_given = np;
	jo.n_host = list.n - added;
	jo.journal_dir = o->journal_dir;
	jo.use_xe = access("/etc/xensource-inventory", F_OK) == 0;
	jo.vg_only = 1; /* each job reads its own VG's contents itself */
	if (judge_run_recs(&list, &jo, scan, &j, &e) < 0) {
		free(paths);
		free(where);
		return -1;
	}
	if (o->original && j.original_idx < 0) {
		fprintf(stderr, TOOL ": --original %s: not a LUN among the %u judged (no such "
			"device, or not readable); nothing written\n", o->original, j.n);
		code = RL_EXIT_USAGE;
	} else if (o->keep && j.keep_idx < 0) {
		fprintf(stderr, TOOL ": --keep %s: not a LUN among the %u judged (no such device, "
			"or not readable); nothing written\n", o->keep, j.n);
		code = RL_EXIT_USAGE;
	} else if (j.conflict && !o->force) {
		fprintf(stderr, TOOL ": refused: %s. Check which LUN is the original; --force "
			"overrides; nothing written\n", j.conflict);
		code = RL_EXIT_ORIGINAL;
	}
	for (q = 0; !code && q < np; q++) {
		const struct plun *l;

		if (where[q] < 0 || (unsigned)where[q] >= j.n)
			continue;
		l = &j.luns[where[q]];
		if (l->verdict == V_INTERRUPTED) {
			/* before its label is read: a half-written one is the
			 * journal's to repair, not pvck's */
			fprintf(stderr, TOOL ": refused: a resign of %s was interrupted: journal %s "
				"is pending. Run relun-resign --recover %s first; nothing written\n",
				paths[q], l->journal, l->journal);
			code = RL_EXIT_JOURNAL;
		} else if (l->path_of >= 0) {
			const struct pdev_rec *to = &j.luns[l->path_of].dev;
			char use[300];

			/* a map by the name an admin types */
			if (to->kind != PDEV_MPATH ||
			    rl_sysfs_read_str(o->sys, use + 12, sizeof(use) - 12, "block/%s/dm/name",
					      to->name) <= 0)
				snprintf(use, sizeof(use), "%s", to->path);
			else
				memcpy(use, "/dev/mapper/", 12);
			fprintf(stderr, TOOL ": refused: %s is %s; give %s instead (once); nothing "
				"written\n", paths[q], l->reason, use);
			code = RL_EXIT_BUSY;
		}
	}
	for (k = 0, q = 0; !code && k < nj; k++)
		for (m = 0; m < jobs[k].n; m++, q++) {
			struct rl_job_verdict *v = &jobs[k].verdicts[m];
			const struct plun *l;

			if (where[q] < 0 || (unsigned)where[q] >= j.n)
				continue;
			l = &j.luns[where[q]];
			v->found = 1;
			v->verdict = l->verdict;
			v->unique = l->unique;
			v->ev = l->ev;
			snprintf(v->reason, sizeof(v->reason), "%s", l->reason);
			v->has_ident = same_node(&l->dev, paths[q]);
			v->rdev = l->dev.rdev;
			if (v->has_ident)
				rl_ident_format(v->ident, sizeof(v->ident), l->dev.ident_kind,
						l->dev.ident);
		}
	free(paths);
	free(where);
	/* VG names in use on this host: a derived name must avoid them */
	*taken = calloc(j.n_copies + 1, sizeof(**taken));
	for (k = 0; *taken && k < j.n_copies; k++)
		if (j.copies[k].read_ok && j.copies[k].vg->vg)
			(*taken)[(*n_taken)++] = strdup(j.copies[k].vg->vg->name);
	judge_free(&j);
	return code;
}
