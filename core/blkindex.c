#include "blkindex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* An entry and the one allocation holding its four strings. */
struct node {
	struct rl_blkent e;
	char *mem;
};

struct rl_blkindex {
	struct node *nodes;             /* walk order */
	size_t n, cap;
	const struct rl_blkent **bykey; /* entries with a key, sorted by (kind, key, pos) */
	size_t n_keyed;
	const struct rl_blkent **dm;    /* dm-* entries, walk order */
	size_t n_dm;
};

enum rl_blkkey rl_blkkey_read(const struct rl_sysfs *sys, const char *kname, char *key, size_t n)
{
	if (rl_sysfs_read_str(sys, key, n, "block/%s/device/wwid", kname) > 0)
		return RL_BLKKEY_WWID;
	if (rl_sysfs_read_str(sys, key, n, "block/%s/loop/backing_file", kname) > 0)
		return RL_BLKKEY_BACKING;
	if (n)
		key[0] = '\0';
	return RL_BLKKEY_NONE;
}

static int cmp_key(enum rl_blkkey ka, const char *a, enum rl_blkkey kb, const char *b)
{
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return strcmp(a, b);
}

/* qsort is not stable: the walk position breaks ties, so the devices of one
 * LUN come back in the order a walk of /sys/block would meet them. */
static int cmp_ent(const void *pa, const void *pb)
{
	const struct rl_blkent *a = *(const struct rl_blkent *const *)pa;
	const struct rl_blkent *b = *(const struct rl_blkent *const *)pb;
	int c = cmp_key(a->kind, a->key, b->kind, b->key);

	if (c)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int add_entry(struct rl_blkindex *ix, const struct rl_sysfs *sys, const char *name)
{
	char key[RL_BLKKEY_SIZE], uuid[400] = "", dmname[400] = "";
	size_t ln, lk, lu, lm;
	enum rl_blkkey kind;
	struct node *nd;
	char *m;

	kind = rl_blkkey_read(sys, name, key, sizeof(key));
	if (!strncmp(name, "dm-", 3)) {
		rl_sysfs_read_str(sys, uuid, sizeof(uuid), "block/%s/dm/uuid", name);
		rl_sysfs_read_str(sys, dmname, sizeof(dmname), "block/%s/dm/name", name);
	}
	if (ix->n == ix->cap) {
		size_t nc = ix->cap ? ix->cap * 2 : 64;
		struct node *nn = realloc(ix->nodes, nc * sizeof(*nn));

		if (!nn)
			return -1;
		ix->nodes = nn;
		ix->cap = nc;
	}
	ln = strlen(name) + 1;
	lk = strlen(key) + 1;
	lu = strlen(uuid) + 1;
	lm = strlen(dmname) + 1;
	m = malloc(ln + lk + lu + lm);
	if (!m)
		return -1;
	nd = &ix->nodes[ix->n];
	nd->mem = m;
	memcpy(m, name, ln);
	memcpy(m + ln, key, lk);
	memcpy(m + ln + lk, uuid, lu);
	memcpy(m + ln + lk + lu, dmname, lm);
	nd->e.name = m;
	nd->e.kind = kind;
	nd->e.key = m + ln;
	nd->e.dm_uuid = m + ln + lk;
	nd->e.dm_name = m + ln + lk + lu;
	nd->e.pos = ix->n;
	ix->n++;
	return 0;
}

/* The pointer arrays, once the node array stops moving. */
static int finish(struct rl_blkindex *ix)
{
	size_t i;

	ix->bykey = malloc((ix->n ? ix->n : 1) * sizeof(*ix->bykey));
	ix->dm = malloc((ix->n ? ix->n : 1) * sizeof(*ix->dm));
	if (!ix->bykey || !ix->dm)
		return -1;
	for (i = 0; i < ix->n; i++) {
		const struct rl_blkent *e = &ix->nodes[i].e;

		if (e->kind != RL_BLKKEY_NONE)
			ix->bykey[ix->n_keyed++] = e;
		if (!strncmp(e->name, "dm-", 3))
			ix->dm[ix->n_dm++] = e;
	}
	qsort(ix->bykey, ix->n_keyed, sizeof(*ix->bykey), cmp_ent);
	return 0;
}

int rl_blkindex_build(const struct rl_sysfs *sys, struct rl_blkindex **out)
{
	struct rl_names names;
	struct rl_blkindex *ix;
	struct rl_err e;
	size_t i;
	int err;

	*out = NULL;
	rl_err_init(&e, NULL);
	if (rl_sysfs_block_names(sys, &names, &e) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			return -1;
		names.v = NULL;
		names.n = 0;
	}
	ix = calloc(1, sizeof(*ix));
	if (!ix) {
		rl_names_free(&names);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < names.n; i++)
		if (add_entry(ix, sys, names.v[i]) < 0)
			goto fail;
	if (finish(ix) < 0)
		goto fail;
	rl_names_free(&names);
	*out = ix;
	return 0;
fail:
	err = errno;
	rl_names_free(&names);
	rl_blkindex_free(ix);
	errno = err;
	return -1;
}

void rl_blkindex_free(struct rl_blkindex *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->n; i++)
		free(ix->nodes[i].mem);
	free(ix->nodes);
	free(ix->bykey);
	free(ix->dm);
	free(ix);
}

size_t rl_blkindex_count(const struct rl_blkindex *ix)
{
	return ix->n;
}

const struct rl_blkent *const *rl_blkindex_same_key(const struct rl_blkindex *ix,
						    enum rl_blkkey kind, const char *key,
						    size_t *n)
{
	size_t lo = 0, hi, end;

	*n = 0;
	if (!ix || kind == RL_BLKKEY_NONE)
		return NULL;
	hi = ix->n_keyed;
	/* the first entry not below (kind, key) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct rl_blkent *e = ix->bykey[mid];

		if (cmp_key(e->kind, e->key, kind, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->n_keyed; end++)
		if (cmp_key(ix->bykey[end]->kind, ix->bykey[end]->key, kind, key))
			break;
	if (end == lo)
		return NULL;
	*n = end - lo;
	return ix->bykey + lo;
}

const struct rl_blkent *const *rl_blkindex_dm(const struct rl_blkindex *ix, size_t *n)
{
	*n = ix ? ix->n_dm : 0;
	return *n ? ix->dm : NULL;
}
