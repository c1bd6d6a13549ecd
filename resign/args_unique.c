#include "args_unique.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

struct key {
	int blk;
	dev_t a;
	ino_t b;
	int i;
};

static int cmp(const void *x, const void *y)
{
	const struct key *p = x, *q = y;

	if (p->blk != q->blk)
		return p->blk < q->blk ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* The backing file of loop device rdev, stat'ed into st; 0 if none. */
static int backing(dev_t rdev, struct stat *st)
{
	char p[96], file[4096];
	FILE *f;
	size_t len;

	snprintf(p, sizeof(p), "/sys/dev/block/%u:%u/loop/backing_file", major(rdev), minor(rdev));
	f = fopen(p, "r");
	if (!f)
		return 0;
	len = fread(file, 1, sizeof(file) - 1, f);
	fclose(f);
	file[len] = '\0';
	file[strcspn(file, "\n")] = '\0';
	return file[0] && stat(file, st) == 0;
}

int rl_args_unique(char *const *devs, int n)
{
	struct key *k = calloc(n > 0 ? (size_t)n : 1, sizeof(*k));
	struct stat st;
	int i, m = 0, rc = 0;

	if (!k)
		return 0; /* the jobs' exclusive opens still stand */
	for (i = 0; i < n; i++) {
		if (stat(devs[i], &st) < 0)
			continue;
		k[m].blk = S_ISBLK(st.st_mode);
		k[m].a = k[m].blk ? st.st_rdev : st.st_dev;
		k[m].b = k[m].blk ? 0 : st.st_ino;
		/* a loop device is its backing file: the device and the image
		 * given together are one LUN */
		if (k[m].blk && backing(st.st_rdev, &st)) {
			k[m].blk = 0;
			k[m].a = st.st_dev;
			k[m].b = st.st_ino;
		}
		k[m++].i = i;
	}
	/* sorted, so a thousand LUNs are checked in n log n */
	qsort(k, (size_t)m, sizeof(*k), cmp);
	for (i = 1; i < m && !rc; i++)
		if (k[i].blk == k[i - 1].blk && k[i].a == k[i - 1].a && k[i].b == k[i - 1].b) {
			fprintf(stderr, "relun-resign: %s and %s are the same device; give each LUN once\n",
				devs[k[i - 1].i], devs[k[i].i]);
			rc = -1;
		}
	free(k);
	return rc;
}
