#include "active.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs.h"

struct walk {
	const struct rl_sysfs *sys;
	struct active_dm *v;
	unsigned n, cap;
	char seen[64][32];  /* kernel names visited: stacks are shallow */
	unsigned n_seen;
	int nomem;
};

static int visited(struct walk *w, const char *k)
{
	unsigned i;

	for (i = 0; i < w->n_seen; i++)
		if (!strcmp(w->seen[i], k))
			return 1;
	if (w->n_seen < 64)
		snprintf(w->seen[w->n_seen++], sizeof(w->seen[0]), "%s", k);
	return 0;
}

static void add(struct walk *w, const char *k, const char *name, const char *uuid)
{
	if (w->n == w->cap) {
		unsigned nc = w->cap ? w->cap * 2 : 4;
		struct active_dm *nv = realloc(w->v, nc * sizeof(*nv));

		if (!nv) {
			w->nomem = 1;
			return;
		}
		w->v = nv;
		w->cap = nc;
	}
	snprintf(w->v[w->n].kname, sizeof(w->v[0].kname), "%s", k);
	snprintf(w->v[w->n].name, sizeof(w->v[0].name), "%s", name);
	snprintf(w->v[w->n].uuid, sizeof(w->v[0].uuid), "%s", uuid);
	w->n++;
}

struct each_arg {
	struct walk *w;
	void (*fn)(struct walk *, const char *);
};

static int each_one(const char *name, void *arg)
{
	struct each_arg *a = arg;

	if (name[0] != '.')
		a->fn(a->w, name);
	return 0;
}

/* each entry of /sys/block/<k>/<sub>/ */
static void each(struct walk *w, const char *k, const char *sub,
		 void (*fn)(struct walk *, const char *))
{
	struct each_arg a = { w, fn };
	struct rl_sysdev d;

	if (rl_sysdev_init(&d, w->sys, k) == 0)
		rl_sysdev_each(&d, sub, each_one, &a);
}

static void holder(struct walk *w, const char *k)
{
	char uuid[160], name[128];

	if (visited(w, k))
		return;
	rl_sysfs_read_str(w->sys, uuid, sizeof(uuid), "block/%s/dm/uuid", k);
	rl_sysfs_read_str(w->sys, name, sizeof(name), "block/%s/dm/name", k);
	if (!strncmp(uuid, "LVM-", 4))
		add(w, k, name, uuid);
	each(w, k, "holders", holder);
}

static void path_of_map(struct walk *w, const char *k)
{
	each(w, k, "holders", holder);
}

int active_dm_on(const struct rl_sysfs *sys, const char *kname, struct active_dm **out, unsigned *n)
{
	struct walk *w = calloc(1, sizeof(*w));
	char uuid[160];

	*out = NULL;
	*n = 0;
	if (!w)
		return -1;
	if (!kname || !kname[0]) {
		free(w);
		return 0;
	}
	w->sys = sys;
	visited(w, kname);
	each(w, kname, "holders", holder);
	/* a multipath map: LVs may sit on its paths directly (only a
	 * device-mapper device, kernel name dm-N, has a dm/ directory) */
	if (!strncmp(kname, "dm-", 3) &&
	    rl_sysfs_read_str(sys, uuid, sizeof(uuid), "block/%s/dm/uuid", kname) > 0 &&
	    !strncmp(uuid, "mpath-", 6))
		each(w, kname, "slaves", path_of_map);
	*out = w->v;
	*n = w->n;
	if (w->nomem) {
		free(w->v);
		*out = NULL;
		*n = 0;
		free(w);
		return -1;
	}
	free(w);
	return 0;
}

int active_dm_has_vg(const struct active_dm *a, unsigned n, const char *vgid)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strncmp(a[i].uuid, "LVM-", 4) && !strncmp(a[i].uuid + 4, vgid, 32))
			return 1;
	return 0;
}
