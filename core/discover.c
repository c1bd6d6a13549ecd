#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <blkid.h>

#include "rl_par.h"
#include "sysfs.h"
#include "sg_ident.h"

const char *pdev_kind_name(enum pdev_kind k)
{
	switch (k) {
	case PDEV_FILE: return "file";
	case PDEV_DISK: return "disk";
	case PDEV_LOOP: return "loop";
	case PDEV_MPATH: return "multipath";
	case PDEV_OTHER: return "other";
	}
	return "?";
}

static int skip_name(const char *n)
{
	static const char *const skip[] = { "ram", "zram", "sr", "fd", "nbd", "md", NULL };
	int i;

	for (i = 0; skip[i]; i++)
		if (!strncmp(n, skip[i], strlen(skip[i])))
			return 1;
	return 0;
}

/* A path held by a multipath map: /sys/block/X/holders/dm-N whose uuid is mpath-. */
struct holder_find {
	const struct rl_sysfs *sys;
	struct pdev *d;
};

static int holder_is_map(const char *name, void *arg)
{
	struct holder_find *f = arg;
	char uuid[256];

	if (strncmp(name, "dm-", 3) ||
	    rl_sysfs_read_str(f->sys, uuid, sizeof(uuid), "block/%s/dm/uuid", name) <= 0 ||
	    strncmp(uuid, "mpath-", 6))
		return 0;
	snprintf(f->d->holder_map, sizeof(f->d->holder_map), "%s", name);
	return 1;
}

static void find_holder_map(const struct rl_sysdev *sd, struct pdev *d)
{
	struct holder_find f = { sd->sys, d };

	rl_sysdev_each(sd, "holders", holder_is_map, &f);
}

static void set_ident(struct pdev *d, const char *kind, const char *val)
{
	snprintf(d->ident_kind, sizeof(d->ident_kind), "%s", kind);
	snprintf(d->ident, sizeof(d->ident), "%s", val);
}

/* SCSI identity through relun-sg's library: the SCSIid XenServer stores.
 * It is a heap object (struct sg_ident is large) freed right away. */
static void scsi_identity(const struct rl_sysfs *sys, struct pdev *d)
{
	struct sg_opts o;
	struct sg_ident *id = calloc(1, sizeof(*id));
	struct rl_err e;

	if (!id)
		return;
	sg_opts_init(&o);
	o.sys = sys;
	o.no_alua = 1;
	rl_err_init(&e, d->path);
	if (sg_identify(d->path, &o, id, &e) == 0 && id->has_id) {
		snprintf(d->scsi_id, sizeof(d->scsi_id), "%s", id->scsiid);
		snprintf(d->serial, sizeof(d->serial), "%s", id->serial);
		snprintf(d->transport, sizeof(d->transport), "%s", id->transport ? id->transport : "");
	}
	free(id);
}

/* dm_lock: held around the identity of a multipath map or of a path of
 * one when devices are filled side by side (libdevmapper's control
 * descriptor is opened once per process, unguarded); NULL alone.
 * drop_empty: the caller drops an empty device (the unbound loop devices
 * a host keeps by the hundred), so stop at its size. */
static void fill_block(const struct rl_sysfs *sys, struct pdev *d, pthread_mutex_t *dm_lock,
		       int drop_empty)
{
	struct rl_sysdev sd;
	char buf[512];
	uint64_t sectors;
	unsigned ma, mi;

	if (rl_sysdev_init(&sd, sys, d->name) < 0) {
		set_ident(d, "devname", d->path);
		return;
	}
	if (rl_sysdev_read_u64(&sd, "size", &sectors) == 0)
		d->size = sectors * 512;
	if (drop_empty && d->size == 0)
		return;
	if (!d->rdev && rl_sysdev_read_str(&sd, "dev", buf, sizeof(buf)) > 0 &&
	    sscanf(buf, "%u:%u", &ma, &mi) == 2)
		d->rdev = makedev(ma, mi);
	if (!strncmp(d->name, "loop", 4)) {
		d->kind = PDEV_LOOP;
		rl_sysdev_read_str(&sd, "loop/backing_file", d->backing_file, sizeof(d->backing_file));
		set_ident(d, d->backing_file[0] ? "loop_file" : "devname",
			  d->backing_file[0] ? d->backing_file : d->path);
		return;
	}
	if (!strncmp(d->name, "dm-", 3)) {
		rl_sysdev_read_str(&sd, "dm/uuid", d->dm_uuid, sizeof(d->dm_uuid));
		if (!strncmp(d->dm_uuid, "mpath-", 6)) {
			char nm[256], mp[300];

			d->kind = PDEV_MPATH;
			snprintf(d->wwid, sizeof(d->wwid), "%s", d->dm_uuid + 6);
			/* admins know a map by its /dev/mapper name, not dm-N */
			if (!strncmp(d->path, "/dev/dm-", 8) &&
			    rl_sysdev_read_str(&sd, "dm/name", nm, sizeof(nm)) > 0) {
				snprintf(mp, sizeof(mp), "/dev/mapper/%s", nm);
				if (access(mp, F_OK) == 0)
					snprintf(d->path, sizeof(d->path), "%s", mp);
			}
		} else {
			d->kind = PDEV_OTHER;
		}
	} else {
		d->kind = PDEV_DISK;
		rl_sysdev_read_str(&sd, "device/wwid", d->wwid, sizeof(d->wwid));
		find_holder_map(&sd, d);
	}
	if (rl_sysdev_read_str(&sd, "device/vpd_pg83", buf, sizeof(buf)) >= 0 ||
	    d->kind == PDEV_MPATH) {
		int dm = dm_lock && (d->kind == PDEV_MPATH || d->holder_map[0]);

		if (dm)
			pthread_mutex_lock(dm_lock);
		scsi_identity(sys, d);
		if (dm)
			pthread_mutex_unlock(dm_lock);
	}
	if (d->kind == PDEV_MPATH && !d->scsi_id[0])
		snprintf(d->scsi_id, sizeof(d->scsi_id), "%s", d->wwid);
	if (d->scsi_id[0])
		set_ident(d, d->kind == PDEV_MPATH ? "mpath" : "scsi", d->scsi_id);
	else
		set_ident(d, "devname", d->path);
}

int pdev_from_path(const struct rl_sysfs *sys, const char *path, struct pdev *d,
		   struct rl_err *e)
{
	struct stat st;
	char rp[PATH_MAX];

	memset(d, 0, sizeof(*d));
	snprintf(d->path, sizeof(d->path), "%s", path);
	rl_err_init(e, path);
	if (stat(path, &st) < 0)
		return rl_err_set(e, RL_E_IO, "cannot stat: %s", strerror(errno));
	if (S_ISREG(st.st_mode)) {
		d->kind = PDEV_FILE;
		d->size = (uint64_t)st.st_size;
		if (!realpath(path, rp))
			snprintf(rp, sizeof(rp), "%s", path);
		snprintf(d->real_path, sizeof(d->real_path), "%s", rp);
		set_ident(d, "file", rp);
		return 0;
	}
	if (!S_ISBLK(st.st_mode))
		return rl_err_set(e, RL_E_INVAL, "not a block device or image file");
	d->rdev = st.st_rdev;
	if (rl_sysfs_devno_to_name(sys, st.st_rdev, 1, d->name, sizeof(d->name), e) < 0) {
		e->code = RL_E_IO;
		return -1;
	}
	fill_block(sys, d, NULL, 0);
	return 0;
}

/* The kernel name of partition partno of disk (sda1, nvme0n1p1, loop0p1),
 * or of any partition when partno < 0, from sysfs; -1 when the kernel has
 * no node for it. */
struct part_find {
	const struct rl_sysdev *disk;
	int partno;
	char *out;
	size_t n;
};

static int is_partno(const char *name, void *arg)
{
	struct part_find *f = arg;
	char attr[NAME_MAX + 16];
	uint64_t no;

	if (strncmp(name, f->disk->name, strlen(f->disk->name)))
		return 0;
	snprintf(attr, sizeof(attr), "%s/partition", name);
	if (rl_sysdev_read_u64(f->disk, attr, &no) < 0 || (f->partno >= 0 && no != (uint64_t)f->partno))
		return 0;
	snprintf(f->out, f->n, "%s", name);
	return 1;
}

static int part_name(const struct rl_sysfs *sys, const char *disk, int partno, char *out,
		     size_t n)
{
	struct rl_sysdev sd;
	struct part_find f = { &sd, partno, out, n };

	if (rl_sysdev_init(&sd, sys, disk) < 0)
		return -1;
	return rl_sysdev_each(&sd, "", is_partno, &f) == 1 ? 0 : -1;
}

/* The names of /sys/class/block that /sys/block does not have: every
 * partition of the host is among them, so a disk none of them begins
 * with has no partition, and its directory need not be listed to say so.
 * known 0: not taken (a sysroot tree may lack class/block), ask sysfs. */
struct part_names {
	char **v;
	size_t n, cap;
	int known;
};

static int strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int part_names_add(const char *name, void *arg)
{
	struct part_names *pn = arg;
	char *dup;

	if (pn->n == pn->cap) {
		size_t nc = pn->cap ? pn->cap * 2 : 64;
		char **nv = realloc(pn->v, nc * sizeof(*nv));

		if (!nv)
			return -1;
		pn->v = nv;
		pn->cap = nc;
	}
	if (!(dup = strdup(name)))
		return -1;
	pn->v[pn->n++] = dup;
	return 0;
}

static void part_names_free(struct part_names *pn)
{
	size_t i;

	for (i = 0; i < pn->n; i++)
		free(pn->v[i]);
	free(pn->v);
	memset(pn, 0, sizeof(*pn));
}

/* disks: the names of /sys/block */
static void part_names_take(const struct rl_sysfs *sys, const struct rl_names *disks,
			    struct part_names *pn)
{
	char **sorted;
	size_t i, k, m;

	memset(pn, 0, sizeof(*pn));
	if (!rl_sysfs_is_real(sys) || !(sorted = malloc((disks->n + 1) * sizeof(*sorted))))
		return;
	if (rl_sysfs_each(sys, "class/block", part_names_add, pn) != 0) {
		free(sorted);
		part_names_free(pn);
		return;
	}
	memcpy(sorted, disks->v, disks->n * sizeof(*sorted));
	qsort(sorted, disks->n, sizeof(*sorted), strcmp_p);
	qsort(pn->v, pn->n, sizeof(*pn->v), strcmp_p);
	for (i = k = m = 0; i < pn->n; i++) {
		while (k < disks->n && strcmp(sorted[k], pn->v[i]) < 0)
			k++;
		if (k < disks->n && !strcmp(sorted[k], pn->v[i]))
			free(pn->v[i]);
		else
			pn->v[m++] = pn->v[i];
	}
	pn->n = m;
	pn->known = 1;
	free(sorted);
}

/* Whether disk may have a partition: some name of parts begins with its
 * name (the test part_name makes of each entry of the disk's directory). */
static int maybe_parted(const struct part_names *parts, const char *disk)
{
	size_t lo = 0, hi, len = strlen(disk);

	if (!parts || !parts->known)
		return 1;
	hi = parts->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(parts->v[mid], disk) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < parts->n && !strncmp(parts->v[lo], disk, len);
}

/* LVM's own signature on a device, by libblkid's superblock probe. */
static int is_lvm_member(const char *path)
{
	blkid_probe pr = blkid_new_probe_from_filename(path);
	const char *type = NULL;
	int r = 0;

	if (!pr)
		return 0;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (blkid_do_safeprobe(pr) == 0 && blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0)
		r = !strcmp(type, "LVM2_member");
	blkid_free_probe(pr);
	return r;
}

/* PVs inside the partition table of the LUN in d (libblkid's partition
 * probing): each such partition becomes a LUN record of its own, named
 * after the LUN that holds it, so a VG on sda1/sdb1 is judged like one on
 * whole disks.  Only partitions the kernel has a node for. */
static int add_partitions(const struct rl_sysfs *sys, const struct pdev *d, struct pdev *p,
			  const struct part_names *parts, struct pdev_recs *out)
{
	blkid_probe pr;
	blkid_partlist ls;
	int i, np, r = 0;
	char any[64];

	/* no partition node, nothing to add: spare the probe its reads (a
	 * host's thousand LUNs, most of them whole-disk PVs) */
	if (!maybe_parted(parts, d->name) || part_name(sys, d->name, -1, any, sizeof(any)) < 0)
		return 0;
	pr = blkid_new_probe_from_filename(d->path);
	if (!pr)
		return 0;   /* unreadable (not root): the whole disk's verdict says so */
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	if (blkid_do_fullprobe(pr) != 0 || !(ls = blkid_probe_get_partitions(pr))) {
		blkid_free_probe(pr);
		return 0;
	}
	np = blkid_partlist_numof_partitions(ls);
	for (i = 0; i < np && r == 0; i++) {
		blkid_partition par = blkid_partlist_get_partition(ls, i);
		int no = blkid_partition_get_partno(par);
		struct stat st;
		char pn[64];

		if (part_name(sys, d->name, no, pn, sizeof(pn)) < 0)
			continue;
		memset(p, 0, sizeof(*p));
		snprintf(p->name, sizeof(p->name), "%s", pn);
		snprintf(p->path, sizeof(p->path), "/dev/%s", pn);
		if (stat(p->path, &st) < 0 || !S_ISBLK(st.st_mode) || !is_lvm_member(p->path))
			continue;
		p->kind = PDEV_OTHER;
		p->rdev = st.st_rdev;
		p->size = (uint64_t)blkid_partition_get_size(par) * 512;
		snprintf(p->transport, sizeof(p->transport), "%s", d->transport);
		snprintf(p->ident_kind, sizeof(p->ident_kind), "partition");
		snprintf(p->ident, sizeof(p->ident), "%.20s %.3900s part%d", d->ident_kind, d->ident, no);
		if (pdev_recs_add(out, p) < 0)
			r = -1;
	}
	blkid_free_probe(pr);
	return r;
}

static int name_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

struct disc {
	const struct rl_sysfs *sys;
	char **names;
	struct pdev_recs *found;   /* per name: the device and its partitions */
	struct part_names parts;
	pthread_mutex_t dm_lock;
	int failed;
};

/* Device names[k] of /sys/block: a scratch pdev filled and packed. */
static void discover_one(void *arg, unsigned k)
{
	struct disc *c = arg;
	const char *nm = c->names[k];
	struct pdev *d, *p;

	if (skip_name(nm))
		return;
	d = malloc(sizeof(*d));
	p = malloc(sizeof(*p));
	if (!d || !p) {
		c->failed = 1;
		goto out;
	}
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", nm);
	snprintf(d->path, sizeof(d->path), "/dev/%s", nm);
	fill_block(c->sys, d, &c->dm_lock, 1);
	/* Unbound loops, empty devices and LVM's own LVs are not LUNs. */
	if (d->size == 0 || d->kind == PDEV_OTHER ||
	    (d->kind == PDEV_LOOP && !d->backing_file[0]))
		goto out;
	if (pdev_recs_add(&c->found[k], d) < 0 ||
	    add_partitions(c->sys, d, p, &c->parts, &c->found[k]) < 0)
		c->failed = 1;
out:
	free(d);
	free(p);
}

/* Room in l for want records (capacity doubled from 16 as needed). */
static int recs_reserve(struct pdev_recs *l, unsigned want)
{
	unsigned nc = l->cap ? l->cap : 16;
	struct pdev_rec *nv;

	if (want <= l->cap)
		return 0;
	while (nc < want)
		nc *= 2;
	nv = realloc(l->v, nc * sizeof(*nv));
	if (!nv)
		return -1;
	l->v = nv;
	l->cap = nc;
	return 0;
}

/* The records of from appended to l, in order; from is left empty. */
static int recs_move(struct pdev_recs *l, struct pdev_recs *from)
{
	if (recs_reserve(l, l->n + from->n) < 0)
		return -1;
	if (from->n)
		memcpy(l->v + l->n, from->v, from->n * sizeof(*from->v));
	l->n += from->n;
	free(from->v);
	memset(from, 0, sizeof(*from));
	return 0;
}

/* Every device of /sys/block, in name order; the devices are looked at
 * side by side (each one's sysfs reads and partition probe wait on it). */
int pdev_discover_recs(const struct rl_sysfs *sys, struct pdev_recs *out, struct rl_err *e)
{
	struct rl_names names;
	struct disc c;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	if (rl_sysfs_block_names(sys, &names, e) < 0)
		return -1;
	qsort(names.v, names.n, sizeof(*names.v), name_cmp);
	c.sys = sys;
	c.names = names.v;
	part_names_take(sys, &names, &c.parts);
	pthread_mutex_init(&c.dm_lock, NULL);
	c.found = calloc(names.n + 1, sizeof(*c.found));
	if (!c.found)
		c.failed = 1;
	else
		rl_par_for((unsigned)names.n, discover_one, &c);
	for (i = 0; c.found && i < names.n; i++) {
		if (!c.failed && recs_move(out, &c.found[i]) < 0)
			c.failed = 1;
		pdev_recs_free(&c.found[i]);
	}
	free(c.found);
	part_names_free(&c.parts);
	rl_names_free(&names);
	pthread_mutex_destroy(&c.dm_lock);
	if (c.failed) {
		pdev_recs_free(out);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	return 0;
}

int pdev_rec_pack(struct pdev_rec *r, const struct pdev *d)
{
	const struct { const char *src; size_t max; const char **dst; } f[] = {
		{ d->path, sizeof(d->path), &r->path },
		{ d->name, sizeof(d->name), &r->name },
		{ d->scsi_id, sizeof(d->scsi_id), &r->scsi_id },
		{ d->wwid, sizeof(d->wwid), &r->wwid },
		{ d->serial, sizeof(d->serial), &r->serial },
		{ d->dm_uuid, sizeof(d->dm_uuid), &r->dm_uuid },
		{ d->backing_file, sizeof(d->backing_file), &r->backing_file },
		{ d->real_path, sizeof(d->real_path), &r->real_path },
		{ d->holder_map, sizeof(d->holder_map), &r->holder_map },
		{ d->ident_kind, sizeof(d->ident_kind), &r->ident_kind },
		{ d->ident, sizeof(d->ident), &r->ident },
		{ d->transport, sizeof(d->transport), &r->transport },
		{ d->error, sizeof(d->error), &r->error },
	};
	size_t len[sizeof(f) / sizeof(f[0])], total = 0, i;
	char *p;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		total += (len[i] = strnlen(f[i].src, f[i].max)) + 1;
	p = r->strings = malloc(total);
	if (!p)
		return -1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		memcpy(p, f[i].src, len[i]);
		p[len[i]] = '\0';
		*f[i].dst = p;
		p += len[i] + 1;
	}
	r->kind = d->kind;
	r->rdev = d->rdev;
	r->size = d->size;
	return 0;
}

void pdev_rec_free(struct pdev_rec *r)
{
	free(r->strings);
	memset(r, 0, sizeof(*r));
}

int pdev_recs_add(struct pdev_recs *l, const struct pdev *d)
{
	if (recs_reserve(l, l->n + 1) < 0)
		return -1;
	if (pdev_rec_pack(&l->v[l->n], d) < 0)
		return -1;
	l->n++;
	return 0;
}

void pdev_recs_free(struct pdev_recs *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		pdev_rec_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int pdev_rec_is(const struct pdev_rec *r, const char *path, const struct stat *st)
{
	char rp[PATH_MAX];

	if (S_ISBLK(st->st_mode))
		return r->rdev == st->st_rdev;
	if (!realpath(path, rp))
		return 0;
	return !strcmp(r->path, path) || !strcmp(r->real_path, rp);
}
