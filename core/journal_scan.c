#include "journal_scan.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rl_lun_id_same(const struct rl_lun_id *a, const struct rl_lun_id *b)
{
	if (a->ident[0] && b->ident[0])
		return !strcmp(a->ident, b->ident);
	return a->size == b->size && !strcmp(a->path, b->path);
}

enum jclass { J_SETTLED, J_PENDING, J_UNREADABLE, J_GONE };

/* What one journal is; for J_PENDING, *j holds it (the caller frees). */
static enum jclass classify(const char *path, struct rl_journal *j)
{
	enum rl_jstate st = RL_JSTATE_PREPARED;
	struct rl_err je;

	switch (rl_journal_peek(path, &st)) {
	case RL_JPEEK_STATE:
		if (st != RL_JSTATE_PREPARED)
			return J_SETTLED;
		break;
	case RL_JPEEK_GONE:
		return J_GONE;
	case RL_JPEEK_BAD:
		return J_UNREADABLE;
	case RL_JPEEK_DOUBTFUL:
		break;
	}
	if (rl_journal_load(path, j, &je) < 0)
		return J_UNREADABLE;
	if (j->state == RL_JSTATE_PREPARED)
		return J_PENDING;
	rl_journal_free(j);
	return J_SETTLED;
}

static int shares_lun(const struct rl_lun_id *d, uint32_t nd, const struct rl_lun_id *luns,
		      size_t nluns)
{
	uint32_t a;
	size_t b;

	for (a = 0; a < nd; a++)
		for (b = 0; b < nluns; b++)
			if (rl_lun_id_same(&d[a], &luns[b]))
				return 1;
	return 0;
}

/* A journal device as the LUN it names (pointing into j). */
static struct rl_lun_id dev_lun(const struct rl_plan_dev *d)
{
	struct rl_lun_id l = { d->path, d->ident, d->size };

	return l;
}

static int journal_shares_lun(const struct rl_journal *j, const struct rl_lun_id *luns,
			      size_t nluns)
{
	uint32_t a;
	size_t b;

	for (a = 0; a < j->plan.ndevs; a++) {
		struct rl_lun_id d = dev_lun(&j->plan.devs[a]);

		for (b = 0; b < nluns; b++)
			if (rl_lun_id_same(&d, &luns[b]))
				return 1;
	}
	return 0;
}

static void pending_free(struct rl_jscan_pending *q)
{
	uint32_t d;

	for (d = 0; q->devs && d < q->ndevs; d++) {
		free((char *)q->devs[d].path);
		free((char *)q->devs[d].ident);
	}
	free(q->devs);
	free(q->path);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void rl_jscan_free(struct rl_jscan *s)
{
	size_t i;

	for (i = 0; i < s->npend; i++)
		pending_free(&s->pend[i]);
	rl_names_free(&s->names);
	free(s->pend);
	memset(s, 0, sizeof(*s));
}

/* Read dir's journal names into s->names, unsorted. */
static int read_names(const char *dir, struct rl_jscan *s, struct rl_err *e)
{
	if (rl_dir_names(dir, rl_journal_is_name, &s->names) == 0 || errno == ENOENT)
		return 0;
	rl_err_init(e, dir);
	if (errno == ENOMEM)
		return rl_err_set(e, RL_E_NOMEM, "out of memory reading the journal directory");
	return rl_err_set(e, RL_E_IO, "cannot read journal directory: %s", strerror(errno));
}

static int add_pending(struct rl_jscan *s, const char *path, const struct rl_journal *j)
{
	struct rl_jscan_pending *np = realloc(s->pend, (s->npend + 1) * sizeof(*np));
	struct rl_jscan_pending *q;
	uint32_t d;

	if (!np)
		return -1;
	s->pend = np;
	q = &s->pend[s->npend];
	q->path = strdup(path);
	q->devs = calloc(j->plan.ndevs ? j->plan.ndevs : 1, sizeof(*q->devs));
	q->ndevs = j->plan.ndevs;
	for (d = 0; q->devs && d < q->ndevs; d++) {
		q->devs[d].path = strdup(j->plan.devs[d].path);
		q->devs[d].ident = strdup(j->plan.devs[d].ident);
		q->devs[d].size = j->plan.devs[d].size;
		if (!q->devs[d].path || !q->devs[d].ident)
			break;
	}
	if (!q->path || !q->devs || d < q->ndevs) {
		pending_free(q);
		return -1;
	}
	s->npend++;
	return 0;
}

int rl_jscan_build(const char *dir, struct rl_jscan *s, struct rl_err *e)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (read_names(dir, s, e) < 0)
		goto fail;
	if (s->names.n)
		qsort(s->names.v, s->names.n, sizeof(*s->names.v), cmp_name);
	for (i = 0; i < s->names.n; i++) {
		struct rl_journal j;
		char path[4096];
		int r;

		snprintf(path, sizeof(path), "%s/%s", dir, s->names.v[i]);
		switch (classify(path, &j)) {
		case J_SETTLED:
		case J_GONE:
			break;
		case J_UNREADABLE:
			s->unreadable++;
			break;
		case J_PENDING:
			r = add_pending(s, path, &j);
			rl_journal_free(&j);
			if (r < 0) {
				rl_err_init(e, dir);
				rl_err_set(e, RL_E_NOMEM, "out of memory reading the journal directory");
				goto fail;
			}
			break;
		}
	}
	return 0;
fail:
	rl_jscan_free(s);
	return -1;
}

/* A journal created after the snapshot (not among s->names): 1 if it is
 * pending for one of the luns (its path in found). */
static int check_new(const char *dir, const char *name, const struct rl_lun_id *luns,
		     size_t nluns, char *found, size_t n, unsigned *unreadable)
{
	struct rl_journal j;
	char path[4096];
	int hit = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	switch (classify(path, &j)) {
	case J_SETTLED:
	case J_GONE:
		break;
	case J_UNREADABLE:
		if (unreadable)
			(*unreadable)++;
		break;
	case J_PENDING:
		hit = journal_shares_lun(&j, luns, nluns);
		if (hit)
			snprintf(found, n, "%s", path);
		rl_journal_free(&j);
		break;
	}
	return hit;
}

int rl_jscan_find(const struct rl_jscan *s, const char *dir, const struct rl_lun_id *luns,
		  size_t nluns, const char *skip_tag, char *found, size_t n, unsigned *unreadable,
		  struct rl_err *e)
{
	DIR *dh;
	struct dirent *de;
	size_t i;
	int hit = 0;

	if (unreadable)
		*unreadable = s->unreadable;
	for (i = 0; i < s->npend; i++) {
		enum rl_jstate st = RL_JSTATE_PREPARED;
		enum rl_jpeek pk;

		if (!shares_lun(s->pend[i].devs, s->pend[i].ndevs, luns, nluns))
			continue;
		/* finished (a --recover) or removed since the snapshot */
		pk = rl_journal_peek(s->pend[i].path, &st);
		if (pk == RL_JPEEK_GONE || (pk == RL_JPEEK_STATE && st != RL_JSTATE_PREPARED))
			continue;
		snprintf(found, n, "%s", s->pend[i].path);
		return 1;
	}
	if (!dir)
		return 0;
	dh = opendir(dir);
	if (!dh) {
		if (errno == ENOENT)
			return 0;
		rl_err_init(e, dir);
		return rl_err_set(e, RL_E_IO, "cannot read journal directory: %s", strerror(errno));
	}
	while (!hit && (de = readdir(dh))) {
		const char *name = de->d_name;

		if (!rl_journal_is_name(name) ||
		    (s->names.n && bsearch(&name, s->names.v, s->names.n, sizeof(*s->names.v), cmp_name)))
			continue;
		if (skip_tag && skip_tag[0] && rl_journal_name_has_tag_prefix(name, skip_tag))
			continue;
		hit = check_new(dir, name, luns, nluns, found, n, unreadable);
	}
	closedir(dh);
	return hit;
}

int rl_jscan_pending_for(const struct rl_jscan *s, const struct rl_lun_id *lun, char *found,
			 size_t n)
{
	struct rl_err e;

	if (!s->npend)
		return 0;
	/* a LUN no journal can record (relun-resign refuses to plan it) has
	 * none pending, whatever its path */
	if (!lun->path[0] || strlen(lun->path) >= RL_PLAN_PATH_MAX ||
	    strlen(lun->ident) >= RL_PLAN_IDENT_MAX)
		return 0;
	rl_err_init(&e, lun->path);
	return rl_jscan_find(s, NULL, lun, 1, NULL, found, n, NULL, &e) > 0;
}
