#include "lun_run.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void lun_ident_str(const char *kind, const char *ident, char *out, size_t n)
{
	if (ident && ident[0])
		snprintf(out, n, "%s:%s", kind, ident);
	else if (n)
		out[0] = '\0';
}

static int seen_pack(struct lun_seen *s, const struct plun *l)
{
	const char *src[] = { l->dev.path, l->dev.real_path, l->dev.ident_kind, l->dev.ident,
			      l->dev.scsi_id };
	const char **dst[] = { &s->path, &s->real_path, &s->ident_kind, &s->ident, &s->scsi_id };
	size_t len[5], total = 0, i;
	char *p;

	for (i = 0; i < 5; i++)
		total += (len[i] = strlen(src[i] ? src[i] : "")) + 1;
	p = s->strings = malloc(total);
	if (!p)
		return -1;
	for (i = 0; i < 5; i++) {
		memcpy(p, src[i] ? src[i] : "", len[i] + 1);
		*dst[i] = p;
		p += len[i] + 1;
	}
	s->rdev = l->dev.rdev;
	s->size = l->opened ? l->size : l->dev.size;
	s->path_of = l->path_of;
	s->read = l->opened;
	s->state = l->key.state;
	memcpy(s->pv_uuid, l->key.pv_uuid, sizeof(s->pv_uuid));
	memcpy(s->vg_id, l->key.vg_id, sizeof(s->vg_id));
	s->pv_index = l->key.pv_index;
	s->n_pvs = l->key.n_pvs;
	return 0;
}

static int by_rdev(const void *a, const void *b, void *ctx)
{
	const struct lun_seen *v = ctx;
	dev_t x = v[*(const unsigned *)a].rdev, y = v[*(const unsigned *)b].rdev;

	if (x != y)
		return x < y ? -1 : 1;
	return (*(const unsigned *)a > *(const unsigned *)b) - (*(const unsigned *)a < *(const unsigned *)b);
}

int lun_run_take(struct lun_run *r, const struct judge *j)
{
	unsigned i;

	memset(r, 0, sizeof(*r));
	r->v = calloc(j->n ? j->n : 1, sizeof(*r->v));
	r->by_rdev = malloc((j->n ? j->n : 1) * sizeof(*r->by_rdev));
	if (!r->v || !r->by_rdev) {
		lun_run_free(r);
		return -1;
	}
	for (i = 0; i < j->n; i++, r->n++)
		if (seen_pack(&r->v[i], &j->luns[i]) < 0) {
			lun_run_free(r);
			return -1;
		}
	for (i = 0; i < r->n; i++)
		if (r->v[i].rdev)
			r->by_rdev[r->n_rdev++] = i;
	qsort_r(r->by_rdev, r->n_rdev, sizeof(*r->by_rdev), by_rdev, r->v);
	return 0;
}

void lun_run_free(struct lun_run *r)
{
	unsigned i;

	for (i = 0; r->v && i < r->n; i++)
		free(r->v[i].strings);
	free(r->v);
	free(r->by_rdev);
	memset(r, 0, sizeof(*r));
}

const struct lun_seen *lun_run_find(const struct lun_run *r, const char *path)
{
	char rp[PATH_MAX];
	struct stat st;
	unsigned lo = 0, hi, i;

	if (!path || stat(path, &st) < 0)
		return NULL;
	if (S_ISBLK(st.st_mode)) {
		/* the first LUN with this device number, as the judge's paths */
		for (hi = r->n_rdev; lo < hi; ) {
			unsigned mid = lo + (hi - lo) / 2;

			if (r->v[r->by_rdev[mid]].rdev < st.st_rdev)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo < r->n_rdev && r->v[r->by_rdev[lo]].rdev == st.st_rdev ?
		       &r->v[r->by_rdev[lo]] : NULL;
	}
	if (!realpath(path, rp))
		return NULL;
	for (i = 0; i < r->n; i++)
		if (!r->v[i].rdev && (!strcmp(r->v[i].path, path) || !strcmp(r->v[i].real_path, rp)))
			return &r->v[i];
	return NULL;
}

int lun_run_ident(const char *path, char *out, size_t n, void *ctx)
{
	const struct lun_seen *s = lun_run_find(ctx, path);

	if (s)
		lun_ident_str(s->ident_kind, s->ident, out, n);
	else if (n)
		out[0] = '\0';
	return 0;
}
