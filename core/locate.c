/* Given paths among the discovered LUNs: one judgement for the whole host,
 * whatever devices are named.  A block device is found by its device
 * number (symlinks, /dev/dm-N and /dev/mapper/X alike); what discovery does
 * not list (image files, partitions) is added. */
#include "discover.h"

#include <stdlib.h>
#include <sys/stat.h>

struct by_rdev {
	dev_t rdev;
	unsigned i;
};

static int cmp_rdev(const void *a, const void *b)
{
	const struct by_rdev *x = a, *y = b;

	if (x->rdev != y->rdev)
		return x->rdev < y->rdev ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The first record (lowest index) with this device number, -1 none. */
static int find_rdev(const struct by_rdev *ix, unsigned nix, dev_t rdev)
{
	unsigned lo = 0, hi = nix;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (ix[mid].rdev < rdev)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nix && ix[lo].rdev == rdev ? (int)ix[lo].i : -1;
}

static int find_scan(const struct pdev_recs *l, unsigned from, const char *path,
		     const struct stat *st)
{
	unsigned i;

	for (i = from; i < l->n; i++)
		if (pdev_rec_is(&l->v[i], path, st))
			return (int)i;
	return -1;
}

int pdev_recs_locate(const struct rl_sysfs *sys, struct pdev_recs *l, const char *const *paths,
		     unsigned n, int *where, unsigned *added, struct rl_err *e)
{
	struct pdev *scratch = malloc(sizeof(*scratch));
	struct by_rdev *ix = malloc((l->n ? l->n : 1) * sizeof(*ix));
	unsigned i, nix = 0, n0 = l->n;
	struct stat st;

	*added = 0;
	if (!scratch || !ix) {
		free(scratch);
		free(ix);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	for (i = 0; i < n0; i++)
		if (l->v[i].rdev) {
			ix[nix].rdev = l->v[i].rdev;
			ix[nix++].i = i;
		}
	qsort(ix, nix, sizeof(*ix), cmp_rdev);
	for (i = 0; i < n; i++) {
		where[i] = -1;
		if (stat(paths[i], &st) < 0)
			continue;
		if (S_ISBLK(st.st_mode))
			where[i] = find_rdev(ix, nix, st.st_rdev);
		if (where[i] < 0)
			where[i] = find_scan(l, S_ISBLK(st.st_mode) ? n0 : 0, paths[i], &st);
		if (where[i] < 0 && pdev_from_path(sys, paths[i], scratch, e) == 0) {
			if (pdev_recs_add(l, scratch) < 0) {
				free(scratch);
				free(ix);
				return rl_err_set(e, RL_E_NOMEM, "out of memory");
			}
			where[i] = (int)l->n - 1;
			(*added)++;
		}
	}
	free(scratch);
	free(ix);
	return 0;
}
