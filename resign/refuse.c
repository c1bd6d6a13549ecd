#include "refuse.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "exitcodes.h"
#include "journal.h"
#include "lvm_id.h"
#include "lvhd.h"
#include "sysfs.h"

static int refuse(struct rl_refusal *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int refuse(struct rl_refusal *r, int code, const char *fmt, ...)
{
	va_list ap;

	r->code = code;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return 1;
}

int rl_refuse_not_root(uid_t euid, struct rl_refusal *r)
{
	if (euid != 0)
		return refuse(r, RL_EXIT_NOTROOT, "relun-resign must run as root");
	return 0;
}

int rl_open_excl_wait(struct rl_dev *d, const char *path, int *busy, struct rl_err *e)
{
	int i;

	/* udev takes a shared BSD lock on a disk while it probes it (after
	 * every close of a writer, e.g. the previous resign): wait that out */
	for (i = 0; i < 30; i++) {
		if (rl_dev_open_excl(d, path, busy, e) == 0)
			return 0;
		if (!*busy)
			return -1;
		usleep(100 * 1000);
	}
	return -1;
}

int rl_refuse_open(const char *path, struct rl_dev *d, struct rl_refusal *r)
{
	struct rl_err e;
	char buf[800];
	int busy = 0;

	if (rl_open_excl_wait(d, path, &busy, &e) == 0)
		return 0;
	rl_err_str(&e, buf, sizeof(buf));
	if (busy)
		return refuse(r, RL_EXIT_BUSY, "%s (in use: mounted, held by device-mapper, "
			      "or locked by another program)", buf);
	return refuse(r, RL_EXIT_NODEV, "%s", buf);
}

/* Kernel name of a block device ("sdb", "loop3", "dm-2") from its number. */
static int kname_of(const struct rl_sysfs *sys, dev_t rdev, char *out, size_t n)
{
	struct rl_err e;

	rl_err_init(&e, NULL);
	return rl_sysfs_devno_to_name(sys, rdev, 1, out, n, &e);
}

/* A set of kernel names: the devices, their partitions, and (transitively)
 * what holds them. */
struct names {
	char (*v)[64];
	size_t n, cap;
};

static int names_has(const struct names *s, const char *k)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], k))
			return 1;
	return 0;
}

static void names_add(struct names *s, const char *k)
{
	if (names_has(s, k))
		return;
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		char (*nv)[64] = realloc(s->v, nc * sizeof(*nv));

		if (!nv)
			return;
		s->v = nv;
		s->cap = nc;
	}
	snprintf(s->v[s->n++], 64, "%s", k);
}

/* First entry of a holders directory that is not itself in s. */
struct other_find {
	const struct names *s;
	char *out;
	size_t n;
};

static int is_other(const char *name, void *arg)
{
	struct other_find *f = arg;

	if (name[0] == '.' || names_has(f->s, name))
		return 0;
	snprintf(f->out, f->n, "%s", name);
	return 1;
}

static int first_other_holder(const struct rl_sysfs *sys, const char *k, const struct names *s,
			      char *out, size_t n)
{
	struct other_find f = { s, out, n };
	char rel[NAME_MAX + 32];

	snprintf(rel, sizeof(rel), "class/block/%s/holders", k);
	return rl_sysfs_each(sys, rel, is_other, &f) == 1;
}

/* Partitions of a whole disk: subdirectories of /sys/class/block/<k>
 * holding a "partition" file. */
struct part_add {
	const struct rl_sysfs *sys;
	const char *k;
	struct names *s;
};

static int add_if_partition(const char *name, void *arg)
{
	struct part_add *a = arg;

	if (name[0] != '.' && rl_sysfs_exists(a->sys, "class/block/%s/%s/partition", a->k, name))
		names_add(a->s, name);
	return 0;
}

static void add_partitions(const struct rl_sysfs *sys, const char *k, struct names *s)
{
	struct part_add a = { sys, k, s };
	char rel[NAME_MAX + 16];

	snprintf(rel, sizeof(rel), "class/block/%s", k);
	rl_sysfs_each(sys, rel, add_if_partition, &a);
}

static int add_name(const char *name, void *arg)
{
	if (name[0] != '.')
		names_add(arg, name);
	return 0;
}

/* Every entry of sys/<fmt k>/<sub> ("holders", "slaves") into s. */
static void add_entries(const struct rl_sysfs *sys, const char *base, const char *k,
			const char *sub, struct names *s)
{
	char rel[NAME_MAX + 64];

	snprintf(rel, sizeof(rel), "%s/%s/%s", base, k, sub);
	rl_sysfs_each(sys, rel, add_name, s);
}

/* The other names of s->v[i]'s LUN: every /sys/block entry whose key
 * (device/wwid, else loop/backing_file) reads the same. */
static void same_lun_of(const struct rl_sysfs *sys, const struct rl_blkindex *ix, struct names *s,
			size_t i)
{
	char key[RL_BLKKEY_SIZE];
	enum rl_blkkey kind = rl_blkkey_read(sys, s->v[i], key, sizeof(key));
	const struct rl_blkent *const *same;
	size_t j, m;

	same = rl_blkindex_same_key(ix, kind, key, &m);
	for (j = 0; j < m; j++)
		names_add(s, same[j]->name);
}

/* Every other way to reach the same LUN, so a busy path is not missed: the
 * members of a multipath map, SCSI disks with the same sysfs wwid (paths
 * without a map), loop devices on the same backing file.  The map's slaves
 * are always read fresh; only the search for same-key devices uses ix. */
static void add_same_lun(const struct rl_sysfs *sys, const struct rl_blkindex *ix, struct names *s)
{
	size_t i, n0 = s->n;

	for (i = 0; i < n0; i++) {
		char u[400] = "";

		if (rl_sysfs_read_str(sys, u, sizeof(u), "block/%s/dm/uuid", s->v[i]) > 0 &&
		    !strncmp(u, "mpath-", 6)) {
			add_entries(sys, "block", s->v[i], "slaves", s);
			continue;
		}
		same_lun_of(sys, ix, s, i);
	}
	/* and the partitions of each of them */
	for (i = n0; i < s->n; i++)
		add_partitions(sys, s->v[i], s);
}

static void add_holders(const struct rl_sysfs *sys, struct names *s)
{
	size_t i;

	/* s grows while we walk it: holders of holders are visited too */
	for (i = 0; i < s->n && i < 256; i++)
		add_entries(sys, "class/block", s->v[i], "holders", s);
}

/* The caller's index, or one built now for a single check (own, freed by
 * the caller).  An index that cannot be built is an empty one: no other
 * path found, as when /sys/block cannot be read. */
static const struct rl_blkindex *index_or_own(const struct rl_sysfs *sys, const struct rl_blkindex *ix,
					      struct rl_blkindex **own)
{
	*own = NULL;
	if (ix)
		return ix;
	if (rl_blkindex_build(sys, own) < 0)
		*own = NULL;
	return *own;
}

int rl_refuse_holders(const struct rl_sysfs *sys, const struct rl_blkindex *ix, const char *path,
		      dev_t rdev, struct rl_refusal *r)
{
	struct names s = { 0 };
	struct rl_blkindex *own;
	char k[64], h[300];
	size_t i;

	if (!rdev || kname_of(sys, rdev, k, sizeof(k)) < 0)
		return 0;
	names_add(&s, k);
	add_partitions(sys, k, &s);
	add_same_lun(sys, index_or_own(sys, ix, &own), &s);
	rl_blkindex_free(own);
	for (i = 0; i < s.n; i++) {
		/* a multipath map holding its own paths is the LUN, not a user */
		if (first_other_holder(sys, s.v[i], &s, h, sizeof(h))) {
			char who[64];

			snprintf(who, sizeof(who), "%s", s.v[i]);
			free(s.v);
			return refuse(r, RL_EXIT_BUSY, "%s: in use: %s is held by %s (deactivate "
				      "or remove it first)", path, who, h);
		}
	}
	free(s.v);
	return 0;
}

/* dm device dm (uuid u, name nm, as read from sysfs) of the VG has one of
 * the targets among its slaves, read fresh: refuse. */
struct slave_hit {
	const struct names *targets;
	char *slave;
	size_t n;
};

static int is_target(const char *name, void *arg)
{
	struct slave_hit *h = arg;

	if (name[0] == '.' || !names_has(h->targets, name))
		return 0;
	snprintf(h->slave, h->n, "%s", name);
	return 1;
}

static int dm_on_targets(const struct rl_sysfs *sys, const char *dm, const char *u, const char *nm,
			 const char *uuid_pre, const char *name_pre, const char *vg_name,
			 const struct names *targets, struct rl_refusal *r)
{
	char rel[NAME_MAX + 16], slave[300];
	struct slave_hit h = { targets, slave, sizeof(slave) };

	if (strncmp(u, uuid_pre, strlen(uuid_pre)) && strncmp(nm, name_pre, strlen(name_pre)))
		return 0;
	snprintf(rel, sizeof(rel), "block/%s/slaves", dm);
	if (rl_sysfs_each(sys, rel, is_target, &h) != 1)
		return 0;
	refuse(r, RL_EXIT_BUSY, "%s: LV %s of VG %s is active on it (%s); deactivate it first",
	       slave, nm[0] ? nm : dm, vg_name, dm);
	return 1;
}

int rl_refuse_dm_active(const struct rl_sysfs *sys, const struct rl_blkindex *ix, const char *vgid_raw,
			const char *vg_name, const dev_t *rdevs, size_t n, struct rl_refusal *r)
{
	struct names targets = { 0 };
	struct rl_blkindex *own;
	char uuid_pre[64], name_pre[300], k[64];
	size_t i, m;
	int hit = 0;

	ix = index_or_own(sys, ix, &own);
	for (i = 0; i < n; i++)
		if (rdevs[i] && kname_of(sys, rdevs[i], k, sizeof(k)) == 0) {
			names_add(&targets, k);
			add_partitions(sys, k, &targets);
		}
	add_same_lun(sys, ix, &targets);
	if (!targets.n) {
		rl_blkindex_free(own);
		return 0;
	}
	snprintf(uuid_pre, sizeof(uuid_pre), "LVM-%s", vgid_raw);
	/* dm name of any LV: "<vg with - doubled>-<lv>" */
	lvhd_dm_name(vg_name, "", name_pre, sizeof(name_pre));
	{
		const struct rl_blkent *const *dm = rl_blkindex_dm(ix, &m);

		for (i = 0; !hit && i < m; i++)
			hit = dm_on_targets(sys, dm[i]->name, dm[i]->dm_uuid, dm[i]->dm_name,
					    uuid_pre, name_pre, vg_name, &targets, r);
	}
	rl_blkindex_free(own);
	free(targets.v);
	return hit;
}

int rl_refuse_pv(const struct lun_pv *pv, struct rl_refusal *r)
{
	char buf[800];
	const char *path = pv->dev ? pv->dev->path : "?";

	switch (pv->state) {
	case LUN_PV_OK:
		return 0;
	case LUN_PV_NOT_LVM:
		return refuse(r, RL_EXIT_UNSUPPORTED, "%s: no LVM label: not an LVM physical volume",
			      path);
	case LUN_PV_ORPHAN:
		return refuse(r, RL_EXIT_UNSUPPORTED, "%s: LVM PV without a volume group: nothing "
			      "to resign", path);
	case LUN_PV_DAMAGED:
		break;
	}
	rl_err_str(&pv->err, buf, sizeof(buf));
	return refuse(r, RL_EXIT_DAMAGED, "%s: damaged: %s (repair it first, e.g. pvck)", path, buf);
}

int rl_refuse_vg(const struct lun_vg *v, int force, struct rl_refusal *r)
{
	const char *vgname = v->vg ? v->vg->name : "?";
	unsigned i;

	if (v->partial) {
		char missing[600] = "";
		size_t used = 0;

		for (i = 0; v->vg && i < v->vg->n_pvs && used < sizeof(missing) - 80; i++)
			if (i >= v->n_pvs || !v->pvs[i]) {
				char dashed[39];

				lvm_id_dashed(v->vg->pvs[i].id, dashed);
				used += (size_t)snprintf(missing + used, sizeof(missing) - used, "%s%s (%s)",
							 used ? ", " : "", v->vg->pvs[i].key, dashed);
			}
		return refuse(r, RL_EXIT_INCOMPLETE, "VG %s: not every PV was given; missing %s. "
			      "Give all PVs of the VG in one run", vgname, missing);
	}
	if (v->exported)
		return refuse(r, RL_EXIT_INCOMPLETE, "VG %s is exported (vgimport it first)", vgname);
	if (v->mgt_err.code != RL_OK) {
		char buf[800];

		return refuse(r, RL_EXIT_DAMAGED, "VG %s: MGT cannot be parsed: %s", vgname,
			      rl_err_str(&v->mgt_err, buf, sizeof(buf)));
	}
	if (v->damaged)
		return refuse(r, RL_EXIT_DAMAGED, "VG %s is damaged: %s%s", vgname,
			      v->n_problems ? v->problems[0] : "read errors",
			      v->n_problems > 1 ? " (and more)" : "");
	if (v->n_inflight && !force) {
		char names[600] = "";
		size_t used = 0;

		for (i = 0; i < v->n_inflight && used < sizeof(names) - 140; i++)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
						 used ? ", " : "", v->vg->lvs[v->inflight[i]].name);
		return refuse(r, RL_EXIT_INFLIGHT, "VG %s: LVs show an SR operation in flight (%s); "
			      "let it finish on the original SR before cloning, or use --force",
			      vgname, names);
	}
	return 0;
}

int rl_refuse_verdicts(const struct pv_judged *pv, unsigned n, int force, int *not_needed,
		       struct rl_refusal *r)
{
	char why[sizeof(r->msg)];

	*not_needed = 0;
	switch (verdict_copy(pv, n, force, why, sizeof(why))) {
	case COPY_RESIGN:
	case COPY_JOURNAL:   /* the pending-journal check refuses it, exit 10 */
		return 0;
	case COPY_NOT_NEEDED:
		*not_needed = 1;
		return 0;
	case COPY_REFUSE:
		break;
	}
	return refuse(r, RL_EXIT_ORIGINAL, "%s", why);
}

int rl_refuse_journal_dir(const struct rl_sysfs *sys, const char *dir, const dev_t *rdevs, size_t n,
			  struct rl_refusal *r)
{
	struct names s = { 0 };
	char cur[4096], k[64], dk[64];
	struct stat st;
	size_t i;

	snprintf(cur, sizeof(cur), "%s", dir);
	/* the nearest existing ancestor is where the directory will be made */
	while (stat(cur, &st) < 0) {
		char *sl = strrchr(cur, '/');

		if (!sl || sl == cur) {
			snprintf(cur, sizeof(cur), "/");
			if (stat(cur, &st) < 0)
				return 0;
			break;
		}
		*sl = '\0';
	}
	for (i = 0; i < n; i++) {
		if (!rdevs[i])
			continue;
		if (rdevs[i] == st.st_dev)
			goto hit;
		if (kname_of(sys, rdevs[i], k, sizeof(k)) == 0) {
			names_add(&s, k);
			add_partitions(sys, k, &s);
		}
	}
	add_holders(sys, &s);
	if (kname_of(sys, st.st_dev, dk, sizeof(dk)) == 0 && names_has(&s, dk))
		goto hit;
	free(s.v);
	return 0;
hit:
	free(s.v);
	return refuse(r, RL_EXIT_JOURNAL, "journal directory %s is on a device being changed "
		      "(%u:%u); choose another with --journal-dir", dir, major(st.st_dev),
		      minor(st.st_dev));
}

int rl_refuse_pending(const struct rl_jscan *scan, const char *dir, const char *skip_tag,
		      const struct rl_plan *p, struct rl_refusal *r)
{
	char found[4096];
	struct rl_err e;
	int k;

	rl_err_init(&e, dir);
	k = scan ? rl_jscan_find_plan(scan, dir, p, skip_tag, found, sizeof(found), NULL, &e)
		 : rl_journal_find_pending(dir, p, found, sizeof(found), NULL, &e);
	if (k > 0)
		return refuse(r, RL_EXIT_JOURNAL, "a resign of this LUN was interrupted: journal %s "
			      "is pending. Run relun-resign --recover %s first", found, found);
	if (k < 0) {
		char buf[800];

		return refuse(r, RL_EXIT_JOURNAL, "%s", rl_err_str(&e, buf, sizeof(buf)));
	}
	return 0;
}
