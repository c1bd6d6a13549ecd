#include "active.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysfs_attr.h"

struct walk {
	const char *sysroot;
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

/* each entry of /sys/block/<k>/<sub>/ */
static void each(struct walk *w, const char *k, const char *sub,
		 void (*fn)(struct walk *, const char *))
{
	char dir[4200];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/block/%s/%s", w->sysroot, k, sub);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			fn(w, de->d_name);
	closedir(d);
}

static void holder(struct walk *w, const char *k)
{
	char uuid[160], name[128];

	if (visited(w, k))
		return;
	sysfs_read_strf(uuid, sizeof(uuid), "%s/sys/block/%s/dm/uuid", w->sysroot, k);
	sysfs_read_strf(name, sizeof(name), "%s/sys/block/%s/dm/name", w->sysroot, k);
	if (!strncmp(uuid, "LVM-", 4))
		add(w, k, name, uuid);
	each(w, k, "holders", holder);
}

static void path_of_map(struct walk *w, const char *k)
{
	each(w, k, "holders", holder);
}

int active_dm_on(const char *sysroot, const char *kname, struct active_dm **out, unsigned *n)
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
	w->sysroot = sysroot ? sysroot : "";
	visited(w, kname);
	each(w, kname, "holders", holder);
	/* a multipath map: LVs may sit on its paths directly */
	if (sysfs_read_strf(uuid, sizeof(uuid), "%s/sys/block/%s/dm/uuid", w->sysroot, kname) > 0 &&
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
