#include "multipath.h"
#include "sysfs_transport.h"
#include "sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <libdevmapper.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UUID_PREFIX "mpath-"

/* Next blank-separated token of *s into tok; 0 at the end. */
static int next_tok(const char **s, char *tok, size_t n)
{
	const char *p = *s;
	size_t l;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return 0;
	l = strcspn(p, " \t\n");
	if (l >= n)
		return 0;
	memcpy(tok, p, l);
	tok[l] = '\0';
	*s = p + l;
	return 1;
}

static int next_uint(const char **s, unsigned *v)
{
	char tok[32], *end;
	unsigned long x;

	if (!next_tok(s, tok, sizeof(tok)))
		return -1;
	errno = 0;
	x = strtoul(tok, &end, 10);
	if (errno || *end || x > 100000)
		return -1;
	*v = (unsigned)x;
	return 0;
}

static int skip(const char **s, unsigned count)
{
	char tok[256];

	while (count--)
		if (!next_tok(s, tok, sizeof(tok)))
			return -1;
	return 0;
}

int mpath_parse_status(const char *params, struct mpath_status_path *out, size_t max, size_t *n)
{
	const char *s = params;
	unsigned nfeat, nhw, npg, cur, g, np, info_args, nps, k, fails;
	char tok[64], gstate;

	*n = 0;
	/* <#features> <features> <#hw args> <hw args> <#groups> <current group> */
	if (next_uint(&s, &nfeat) || skip(&s, nfeat) || next_uint(&s, &nhw) || skip(&s, nhw) ||
	    next_uint(&s, &npg) || next_uint(&s, &cur))
		return -1;
	for (g = 1; g <= npg; g++) {
		/* <state A|E|D> <#selector args> <args> <#paths> <#path selector args> */
		if (!next_tok(&s, tok, sizeof(tok)) || strlen(tok) != 1 || !strchr("AED", tok[0]))
			return -1;
		gstate = tok[0];
		if (next_uint(&s, &nps) || skip(&s, nps) || next_uint(&s, &np) ||
		    next_uint(&s, &info_args))
			return -1;
		for (k = 0; k < np; k++) {
			char dev[16], st[8];

			/* <major:minor> <A|F> <fail count> <selector args> */
			if (!next_tok(&s, dev, sizeof(dev)) || !next_tok(&s, st, sizeof(st)) ||
			    strlen(st) != 1 || (st[0] != 'A' && st[0] != 'F') ||
			    next_uint(&s, &fails) || skip(&s, info_args))
				return -1;
			if (*n < max) {
				snprintf(out[*n].devnum, sizeof(out[*n].devnum), "%s", dev);
				out[*n].state = st[0];
				out[*n].fail_count = fails;
				out[*n].group = (int)g;
				out[*n].group_state = gstate;
				(*n)++;
			}
		}
	}
	return 0;
}

int mpath_is_map(const struct rl_sysfs *sys, const char *dm)
{
	char uuid[256];

	return rl_sysfs_read_str(sys, uuid, sizeof(uuid), "class/block/%s/dm/uuid", dm) > 0 &&
	       !strncmp(uuid, UUID_PREFIX, strlen(UUID_PREFIX));
}

struct map_find {
	const struct rl_sysfs *sys;
	char *dm;
	size_t n;
};

static int holder_is_map(const char *name, void *arg)
{
	struct map_find *f = arg;

	if (strncmp(name, "dm-", 3) || !mpath_is_map(f->sys, name))
		return 0;
	snprintf(f->dm, f->n, "%s", name);
	return 1;
}

int mpath_map_of_path(const struct rl_sysfs *sys, const char *name, char *dm, size_t n)
{
	char rel[128];
	struct map_find f = { sys, dm, n };

	snprintf(rel, sizeof(rel), "class/block/%s/holders", name);
	return rl_sysfs_each(sys, rel, holder_is_map, &f) == 1;
}

static int cmp_path(const void *a, const void *b)
{
	const struct mpath_path *x = a, *y = b;

	return strcmp(x->device, y->device);
}

void mpath_apply_status(struct mpath_map *m, const struct mpath_status_path *sp, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < m->n_paths; k++)
			if (!strcmp(m->paths[k].devnum, sp[i].devnum))
				break;
		if (k == m->n_paths) {
			/* a path sysfs did not list (being removed?) */
			if (m->n_paths >= MPATH_MAX_PATHS)
				continue;
			memset(&m->paths[k], 0, sizeof(m->paths[k]));
			snprintf(m->paths[k].devnum, sizeof(m->paths[k].devnum), "%s", sp[i].devnum);
			m->n_paths++;
		}
		snprintf(m->paths[k].state, sizeof(m->paths[k].state), "%s",
			 sp[i].state == 'A' ? "active" : "failed");
		m->paths[k].fail_count = sp[i].fail_count;
		m->paths[k].group = sp[i].group;
		m->paths[k].group_state[0] = sp[i].group_state;
		m->paths[k].group_state[1] = '\0';
	}
}

/* Ask the kernel for the multipath target status of m. */
static void dm_states(struct mpath_map *m)
{
	struct mpath_status_path sp[MPATH_MAX_PATHS];
	unsigned maj, min;
	uint64_t start, length;
	char *type, *params;
	void *next = NULL;
	struct dm_task *dmt;
	size_t n;
	int parsed = 0;

	if (access("/dev/mapper/control", F_OK) != 0) {
		snprintf(m->note, sizeof(m->note), "no /dev/mapper/control: path states unknown");
		return;
	}
	if (sscanf(m->devnum, "%u:%u", &maj, &min) != 2) {
		snprintf(m->note, sizeof(m->note), "no device number for %s", m->dm);
		return;
	}
	dmt = dm_task_create(DM_DEVICE_STATUS);
	if (!dmt) {
		snprintf(m->note, sizeof(m->note), "dm_task_create failed");
		return;
	}
	if (!dm_task_set_major(dmt, (int)maj) || !dm_task_set_minor(dmt, (int)min) ||
	    !dm_task_run(dmt)) {
		snprintf(m->note, sizeof(m->note), "device-mapper status of %s failed", m->dm);
		dm_task_destroy(dmt);
		return;
	}
	do {
		next = dm_get_next_target(dmt, next, &start, &length, &type, &params);
		if (type && params && !strcmp(type, "multipath") && !parsed) {
			if (mpath_parse_status(params, sp, MPATH_MAX_PATHS, &n) == 0) {
				mpath_apply_status(m, sp, n);
				parsed = 1;
			}
		}
	} while (next);
	dm_task_destroy(dmt);
	if (parsed)
		m->states_known = 1;
	else
		snprintf(m->note, sizeof(m->note), "%s: no multipath status to parse", m->dm);
}

int mpath_read_map(const struct rl_sysfs *sys, const char *dm, struct mpath_map *m,
		   struct rl_err *e)
{
	char p[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	DIR *d;
	unsigned k;

	memset(m, 0, sizeof(*m));
	snprintf(m->dm, sizeof(m->dm), "%s", dm);
	if (rl_sysfs_read_str(sys, m->uuid, sizeof(m->uuid), "class/block/%s/dm/uuid", dm) < 0)
		return rl_err_set(e, RL_E_NOTFOUND, "%s is not a device-mapper device", dm);
	if (strncmp(m->uuid, UUID_PREFIX, strlen(UUID_PREFIX)))
		return rl_err_set(e, RL_E_UNSUPPORTED, "%s is not a multipath map (uuid '%s')", dm,
				  m->uuid);
	rl_sysfs_read_str(sys, m->name, sizeof(m->name), "class/block/%s/dm/name", dm);
	rl_sysfs_read_str(sys, m->devnum, sizeof(m->devnum), "class/block/%s/dev", dm);

	rl_sysfs_path(sys, p, sizeof(p), "class/block/%s/slaves", dm);
	d = opendir(p);
	if (d) {
		while ((de = readdir(d)) && m->n_paths < MPATH_MAX_PATHS) {
			struct mpath_path *mp = &m->paths[m->n_paths];
			const char *base;

			if (de->d_name[0] == '.')
				continue;
			snprintf(mp->device, sizeof(mp->device), "%s", de->d_name);
			snprintf(mp->state, sizeof(mp->state), "unknown");
			rl_sysfs_read_str(sys, mp->devnum, sizeof(mp->devnum), "class/block/%s/dev",
					  de->d_name);
			rl_sysfs_path(sys, p, sizeof(p), "class/block/%s/device", de->d_name);
			if (realpath(p, real) && (base = strrchr(real, '/')))
				snprintf(mp->hctl, sizeof(mp->hctl), "%s", base + 1);
			m->n_paths++;
		}
		closedir(d);
	}
	qsort(m->paths, m->n_paths, sizeof(m->paths[0]), cmp_path);
	/* device-mapper answers for this host only */
	if (rl_sysfs_is_real(sys))
		dm_states(m);
	else
		snprintf(m->note, sizeof(m->note), "another sysfs root: path states not read");
	for (k = 0; k < m->n_paths; k++)
		if (!m->paths[k].state[0])
			snprintf(m->paths[k].state, sizeof(m->paths[k].state), "unknown");
	return 0;
}
