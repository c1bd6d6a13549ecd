#include "judge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal_scan.h"
#include "lvm_id.h"
#include "rl_ident.h"
#include "xe_query.h"
#include "rl_par.h"

/* A plun text with nothing in it; never freed. */
static const char no_text[] = "";

/* Set a plun text: formatted as into the fixed buffer of max bytes it used
 * to be (cut at the same byte), kept in an allocation of its own size. */
static void textf(const char **dst, size_t max, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void textf(const char **dst, size_t max, const char *fmt, ...)
{
	char buf[PLUN_JOURNAL_MAX];
	char *t = NULL;
	va_list ap;

	if (max > sizeof(buf))
		max = sizeof(buf);
	va_start(ap, fmt);
	vsnprintf(buf, max, fmt, ap);
	va_end(ap);
	if (buf[0])
		t = strdup(buf);
	if (*dst != no_text)
		free((char *)*dst);
	*dst = t ? t : no_text;
}

/* An identity some record names: what kind, what value, which record. */
enum ev_kind {
	EVK_LOOP_FILE,   /* LVM device_id_type loop_file: the backing file */
	EVK_WWID,        /* sys_wwid: /sys/block/X/device/wwid */
	EVK_SERIAL,      /* sys_serial */
	EVK_DM_UUID,     /* mpath_uuid: the map's dm uuid */
	EVK_SCSI,        /* a SCSIid: xe's devserial, or a device hint */
};

struct evid {
	enum ev_kind kind;
	char value[1024];
	char source[128];
};

/* SCSIid inside the device hints XenServer's LVM leaves in the metadata. */
static int hint_scsiid(const char *dev, char *out, size_t n)
{
	static const char *const pre[] = { "/dev/mapper/", "/dev/disk/by-scsid/",
					   "/dev/disk/by-id/scsi-", "/dev/disk/mpInuse/", NULL };
	int i;

	for (i = 0; pre[i]; i++) {
		size_t l = strlen(pre[i]), k;
		const char *id = dev + l;

		if (strncmp(dev, pre[i], l))
			continue;
		k = strcspn(id, "/");
		/* A SCSIid starts with its type digit; mpathN names are not ids. */
		if (k < 2 || k >= n || !strchr("0123S5", id[0]) || !strncmp(id, "mpath", 5))
			return 0;
		memcpy(out, id, k);
		out[k] = '\0';
		return 1;
	}
	return 0;
}

static unsigned pv_evidence(const struct lun_key *p, struct evid *ev, unsigned max)
{
	static const struct { const char *type; enum ev_kind kind; } map[] = {
		{ "loop_file", EVK_LOOP_FILE }, { "sys_wwid", EVK_WWID },
		{ "sys_serial", EVK_SERIAL }, { "mpath_uuid", EVK_DM_UUID }, { NULL, EVK_SCSI },
	};
	unsigned n = 0;
	int i;

	for (i = 0; map[i].type && n < max; i++) {
		if (strcmp(p->id_type, map[i].type) || !p->id_value[0])
			continue;
		ev[n].kind = map[i].kind;
		snprintf(ev[n].value, sizeof(ev[n].value), "%s", p->id_value);
		snprintf(ev[n].source, sizeof(ev[n].source), "LVM metadata device_id (%s)",
			 p->id_type);
		n++;
	}
	if (n < max && hint_scsiid(p->hint, ev[n].value, sizeof(ev[n].value))) {
		ev[n].kind = EVK_SCSI;
		snprintf(ev[n].source, sizeof(ev[n].source), "LVM metadata device hint %.90s",
			 p->hint);
		n++;
	}
	return n;
}

static int ev_matches(const struct pdev_rec *d, const struct evid *ev)
{
	const char *have = "";

	switch (ev->kind) {
	case EVK_LOOP_FILE:  /* the file itself, or a loop device on it */
		have = d->backing_file[0] ? d->backing_file : d->real_path;
		break;
	case EVK_WWID: have = d->wwid; break;
	case EVK_SERIAL: have = d->serial; break;
	case EVK_DM_UUID: have = d->dm_uuid; break;
	case EVK_SCSI: have = d->scsi_id; break;
	}
	return have[0] && !strcmp(have, ev->value);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
		return 0;
	if (S_ISBLK(sa.st_mode) && S_ISBLK(sb.st_mode))
		return sa.st_rdev == sb.st_rdev;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static const char *pv_dashed(const struct plun *l, char out[39])
{
	lvm_id_dashed(l->key.pv_uuid, out);
	return out;
}

/* LUNs sorted by one of their keys, so that LUNs with equal keys are
 * neighbours: a sort instead of comparing every pair, for a host with a
 * thousand LUNs.  group[i] numbers the LUNs whose key is equal, -1 for a
 * LUN without that key; first[g] is the lowest index in group g. */
struct groups {
	int *group;
	unsigned *first;
	unsigned n;
};

struct key_sort {
	const struct judge *j;
	int (*cmp)(const struct plun *, const struct plun *);
};

static int by_key(const void *a, const void *b, void *ctx)
{
	const struct key_sort *k = ctx;
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	int c = k->cmp(&k->j->luns[x], &k->j->luns[y]);

	return c ? c : (x > y) - (x < y);
}

static int groups_by(const struct judge *j, int (*has)(const struct plun *),
		     int (*cmp)(const struct plun *, const struct plun *), struct groups *g)
{
	struct key_sort ks = { j, cmp };
	unsigned *idx = malloc((j->n ? j->n : 1) * sizeof(*idx));
	unsigned n = 0, i;

	g->group = malloc((j->n ? j->n : 1) * sizeof(*g->group));
	g->first = malloc((j->n ? j->n : 1) * sizeof(*g->first));
	g->n = 0;
	if (!idx || !g->group || !g->first) {
		free(idx);
		free(g->group);
		free(g->first);
		return -1;
	}
	for (i = 0; i < j->n; i++) {
		g->group[i] = -1;
		if (has(&j->luns[i]))
			idx[n++] = i;
	}
	qsort_r(idx, n, sizeof(*idx), by_key, &ks);
	for (i = 0; i < n; i++) {
		if (!i || cmp(&j->luns[idx[i - 1]], &j->luns[idx[i]]))
			g->first[g->n++] = idx[i];
		g->group[idx[i]] = (int)g->n - 1;
	}
	free(idx);
	return 0;
}

static void groups_free(struct groups *g)
{
	free(g->group);
	free(g->first);
}

static int has_rdev(const struct plun *l) { return l->dev.rdev != 0; }
static int has_real_path(const struct plun *l) { return l->dev.real_path[0] != '\0'; }
static int has_name(const struct plun *l) { return l->dev.name[0] != '\0'; }
static int has_scsi_id(const struct plun *l) { return l->dev.scsi_id[0] != '\0'; }
static int has_backing(const struct plun *l)
{
	return l->dev.kind == PDEV_LOOP && l->dev.backing_file[0];
}

static int cmp_rdev(const struct plun *a, const struct plun *b)
{
	return (a->dev.rdev > b->dev.rdev) - (a->dev.rdev < b->dev.rdev);
}
static int cmp_real_path(const struct plun *a, const struct plun *b)
{
	return strcmp(a->dev.real_path, b->dev.real_path);
}
static int cmp_name(const struct plun *a, const struct plun *b)
{
	return strcmp(a->dev.name, b->dev.name);
}
static int cmp_scsi(const struct plun *a, const struct plun *b)
{
	return a->dev.kind != b->dev.kind ? (a->dev.kind > b->dev.kind) - (a->dev.kind < b->dev.kind) :
	       strcmp(a->dev.scsi_id, b->dev.scsi_id);
}
static int cmp_backing(const struct plun *a, const struct plun *b)
{
	return strcmp(a->dev.backing_file, b->dev.backing_file);
}

/* The LUN of kernel name nm with the highest index, -1 none. */
static int by_name_last(const struct judge *j, const struct groups *g, const char *nm)
{
	unsigned lo = 0, hi = g->n, k;
	int last = -1;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		int c = strcmp(j->luns[g->first[mid]].dev.name, nm);

		if (!c) {
			for (k = g->first[mid]; k < j->n; k++)
				if (g->group[k] == (int)mid)
					last = (int)k;
			return last;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int min_first(const struct groups *g, unsigned i)
{
	return g->group[i] < 0 ? -1 : (int)g->first[g->group[i]];
}

/* Which LUNs are one device reached twice, or paths of one LUN: the same
 * device number or real path as an earlier LUN; a path held by a multipath
 * map; the SCSIid of an earlier LUN (of the same kind) that is not itself
 * a path; a loop device over the file of an earlier one. */
static void mark_paths(struct judge *j)
{
	struct groups rdev, rp, name, scsi, loop;
	int *root_scsi = NULL, *root_loop = NULL;
	unsigned i;

	memset(&rdev, 0, sizeof(rdev));
	memset(&rp, 0, sizeof(rp));
	memset(&name, 0, sizeof(name));
	memset(&scsi, 0, sizeof(scsi));
	memset(&loop, 0, sizeof(loop));
	if (groups_by(j, has_rdev, cmp_rdev, &rdev) < 0 ||
	    groups_by(j, has_real_path, cmp_real_path, &rp) < 0 ||
	    groups_by(j, has_name, cmp_name, &name) < 0 ||
	    groups_by(j, has_scsi_id, cmp_scsi, &scsi) < 0 ||
	    groups_by(j, has_backing, cmp_backing, &loop) < 0 ||
	    !(root_scsi = malloc((scsi.n + 1) * sizeof(*root_scsi))) ||
	    !(root_loop = malloc((loop.n + 1) * sizeof(*root_loop)))) {
		for (i = 0; i < j->n; i++)
			j->luns[i].path_of = -1;
		goto out;
	}
	for (i = 0; i < scsi.n; i++)
		root_scsi[i] = -1;
	for (i = 0; i < loop.n; i++)
		root_loop[i] = -1;
	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];
		int k = min_first(&rdev, i), k2 = min_first(&rp, i);

		l->path_of = -1;
		if (k2 >= 0 && (k < 0 || k2 < k))
			k = k2;
		if (k >= 0 && (unsigned)k < i) {
			l->path_of = k;
			l->verdict = V_PATH;
			textf(&l->reason, PLUN_REASON_MAX, "the same device as %s",
			      j->luns[k].dev.path);
			continue;
		}
		if (l->dev.holder_map[0])
			l->path_of = by_name_last(j, &name, l->dev.holder_map);
		if (l->path_of < 0 && scsi.group[i] >= 0)
			l->path_of = root_scsi[scsi.group[i]];
		if (l->path_of >= 0) {
			l->verdict = V_PATH;
			textf(&l->reason, PLUN_REASON_MAX, "a path of %s (SCSIid %s)",
			      j->luns[l->path_of].dev.path, l->dev.scsi_id);
			continue;
		}
		/* two loop devices over one file are one LUN seen twice */
		if (loop.group[i] >= 0 && root_loop[loop.group[i]] >= 0) {
			l->path_of = root_loop[loop.group[i]];
			l->verdict = V_PATH;
			textf(&l->reason, PLUN_REASON_MAX, "a path of %s (the same file %s)",
			      j->luns[l->path_of].dev.path, l->dev.backing_file);
			continue;
		}
		if (scsi.group[i] >= 0 && root_scsi[scsi.group[i]] < 0)
			root_scsi[scsi.group[i]] = (int)i;
		if (loop.group[i] >= 0 && root_loop[loop.group[i]] < 0)
			root_loop[loop.group[i]] = (int)i;
	}
out:
	free(root_scsi);
	free(root_loop);
	groups_free(&rdev);
	groups_free(&rp);
	groups_free(&name);
	groups_free(&scsi);
	groups_free(&loop);
}

/* A pending journal outranks what the label says now: an interrupted
 * resign may have left the label half written (damaged), and the way out
 * is relun-resign --recover, not a repair. */
static int check_pending(struct plun *l, const struct rl_jscan *jscan)
{
	char ident[4200] = "", journal[PLUN_JOURNAL_MAX];
	struct rl_lun_id lun = { l->dev.path, ident, l->size };

	/* The identity string relun-resign records in its journals. */
	rl_ident_format(ident, sizeof(ident), l->dev.ident_kind, l->dev.ident);
	if (!jscan || rl_jscan_pending_for(jscan, &lun, journal, sizeof(journal)) <= 0)
		return 0;
	l->verdict = V_INTERRUPTED;
	textf(&l->journal, PLUN_JOURNAL_MAX, "%s", journal);
	textf(&l->reason, PLUN_REASON_MAX,
	      "a resign was interrupted: journal %s is pending", l->journal);
	return 1;
}

/* The keys of what was read: kept when the rest is let go. */
static int key_take(struct lun_key *k, const struct lun_pv *pv)
{
	const struct lvm_pv *p = NULL;
	size_t ln, lt, li, lh;
	unsigned t;

	k->state = pv->state;
	snprintf(k->pv_uuid, sizeof(k->pv_uuid), "%s", pv->label.pv_uuid);
	k->pv_index = pv->pv_index;
	if (!pv->vg)
		return 0;
	snprintf(k->vg_id, sizeof(k->vg_id), "%s", pv->vg->id);
	k->n_pvs = pv->vg->n_pvs;
	for (t = 0; t < pv->vg->n_tags; t++)
		if (!strncmp(pv->vg->tags[t], "relun_from_", 11) &&
		    strlen(pv->vg->tags[t] + 11) == 32) {
			memcpy(k->from, pv->vg->tags[t] + 11, 33);
			break;
		}
	if (pv->pv_index >= 0 && (unsigned)pv->pv_index < pv->vg->n_pvs)
		p = &pv->vg->pvs[pv->pv_index];
	ln = strlen(pv->vg->name) + 1;
	lt = p ? strlen(p->device_id_type) + 1 : 1;
	li = p ? strlen(p->device_id) + 1 : 1;
	lh = p ? strlen(p->device) + 1 : 1;
	k->vg_name = calloc(1, ln + lt + li + lh);
	if (!k->vg_name)
		return -1;
	k->id_type = k->vg_name + ln;
	k->id_value = k->id_type + lt;
	k->hint = k->id_value + li;
	memcpy(k->vg_name, pv->vg->name, ln);
	if (p) {
		memcpy(k->id_type, p->device_id_type, lt);
		memcpy(k->id_value, p->device_id, li);
		memcpy(k->hint, p->device, lh);
	}
	return 0;
}

/* Open LUN l, look for its pending journal, read its label and metadata,
 * keep the keys and let the rest go. */
static void read_one(struct plun *l, const struct rl_jscan *jscan)
{
	char msg[800];
	struct rl_err err;
	struct rl_dev *io = malloc(sizeof(*io));
	struct lun_pv *pv = calloc(1, sizeof(*pv));
	int pending;

	l->key.pv_index = -1;
	if (!io || !pv) {
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s: out of memory", l->dev.path);
		free(io);
		free(pv);
		return;
	}
	rl_err_init(&err, l->dev.path);
	if (rl_dev_open_ro(io, l->dev.path, &err) < 0) {
		l->denied = errno == EACCES;
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s", rl_err_str(&err, msg, sizeof(msg)));
		free(io);
		free(pv);
		return;
	}
	l->opened = 1;
	l->size = io->size;
	l->rdev = io->rdev;
	l->lbs = io->lbs;
	l->is_blk = io->is_blk;
	pending = check_pending(l, jscan);
	if (lun_read_pv(io, pv, &err) < 0) {
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s", rl_err_str(&err, msg, sizeof(msg)));
	} else if (key_take(&l->key, pv) < 0) {
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s: out of memory", l->dev.path);
	} else if (!pending) {
		switch (pv->state) {
		case LUN_PV_NOT_LVM:
			l->verdict = V_NOT_LVM;
			textf(&l->reason, PLUN_REASON_MAX, "no LVM label in the first 4 sectors");
			break;
		case LUN_PV_DAMAGED:
			l->verdict = V_DAMAGED;
			textf(&l->reason, PLUN_REASON_MAX, "%s",
			      rl_err_str(&pv->err, msg, sizeof(msg)));
			break;
		case LUN_PV_OK:
		case LUN_PV_ORPHAN:
			break;
		}
	}
	if (l->verdict == V_UNREADABLE)
		l->key.state = pv->state;
	lun_pv_free(pv);
	free(pv);
	l->hold_fd = io->fd;
	free(io);
}

static int has_identity(const struct plun *l)
{
	return l->path_of < 0 && (l->key.state == LUN_PV_OK || l->key.state == LUN_PV_ORPHAN) &&
	       l->verdict != V_UNREADABLE;
}

static int by_pv_uuid(const void *a, const void *b, void *ctx)
{
	const struct judge *j = ctx;
	const struct plun *x = &j->luns[*(const unsigned *)a];
	const struct plun *y = &j->luns[*(const unsigned *)b];
	int c = strcmp(x->key.pv_uuid, y->key.pv_uuid);

	return c ? c : (int)(*(const unsigned *)a) - (int)(*(const unsigned *)b);
}

/* Whether LUN path names l: the same block device, image file or real path. */
static int names_lun(const char *path, const struct plun *l)
{
	struct stat st;

	if (!path || stat(path, &st) < 0)
		return 0;
	return pdev_rec_is(&l->dev, path, &st) || same_file(path, l->dev.path);
}

/* The VG a resign made this one from: its relun_from_<id> tag; "" if none. */
static void provenance(const struct plun *l, char from[33], char dashed[39])
{
	from[0] = dashed[0] = '\0';
	if (l->key.from[0]) {
		memcpy(from, l->key.from, 33);
		lvm_id_dashed(from, dashed);
	}
}

/* "on this host", or "among the N given" when the host is not seen whole. */
static const char *where_text(const struct judge *j, char *buf, size_t n)
{
	char host[48] = "";

	if (j->whole_host) {
		snprintf(buf, n, "on this host");
		return buf;
	}
	if (j->n_host)
		snprintf(host, sizeof(host), " and this host's %u LUNs", j->n_host);
	snprintf(buf, n, "among those compared (compared among the %u given%s; the host "
		 "is not seen whole)", j->n_given, host);
	return buf;
}

static void note_conflict(struct judge *j, const char *opt, const char *named,
			  const struct evid *ev, const char *who)
{
	if (j->conflict)
		return;
	textf(&j->conflict, PLUN_REASON_MAX,
	      "%s %s contradicts the recorded evidence: %.300s = %.300s%s%.300s", opt, named,
	      ev->source, ev->value, who ? ", which is " : ", which is none of the LUNs seen",
	      who ? who : "");
}

/* Decide original/clone/duplicate within one set of LUNs carrying one PV:
 * the evidence first (the pool's record, then LVM's recorded device
 * identity), then --original/--keep where nothing recorded contradicts them;
 * a lone LUN is unique, its reason still saying what the record names. */
static void judge_set(struct judge *j, const unsigned *set, unsigned n, const struct judge_opts *o)
{
	struct evid ev[8];
	enum ev_match *em = calloc(n, sizeof(*em));
	enum verdict *vv = calloc(n, sizeof(*vv));
	struct set_in in = { n, NULL, -1, NAMED_NONE };
	struct set_out out;
	unsigned nev = 0, i, k;
	const char *named_path = NULL, *opt = "";
	char xe_id[256], where[160];

	if (!em || !vv) {
		free(em);
		free(vv);
		return;
	}
	for (i = 0; i < n; i++)
		j->luns[set[i]].n_same = n;
	/* The pool's record wins over what the (copied) metadata says. */
	{
		const struct plun *l0 = &j->luns[set[0]];
		char sr[37];

		if (o->use_xe && l0->key.vg_name && lvhd_sr_uuid_from_vg(l0->key.vg_name, sr) == 0 &&
		    xe_sr_scsiid(sr, xe_id, sizeof(xe_id)) == 1) {
			ev[0].kind = EVK_SCSI;
			snprintf(ev[0].value, sizeof(ev[0].value), "%s", xe_id);
			snprintf(ev[0].source, sizeof(ev[0].source), "xe: SR %s sm-config:devserial", sr);
			nev = 1;
		}
	}
	for (i = 0; i < n && !nev; i++) {
		const struct plun *l = &j->luns[set[i]];

		if (l->key.vg_name && l->key.pv_index >= 0)
			nev = pv_evidence(&l->key, ev, 8);
	}
	for (i = 0; i < n; i++) {
		struct plun *l = &j->luns[set[i]];

		em[i] = nev ? EVM_OTHER : EVM_NONE;
		for (k = 0; k < nev; k++)
			if (ev_matches(&l->dev, &ev[k]))
				em[i] = EVM_THIS;
		l->ev = em[i];
		if (o->original && names_lun(o->original, l)) {
			in.named = (int)i;
			in.kind = NAMED_ORIGINAL;
			named_path = o->original;
			opt = "--original";
		} else if (o->keep && names_lun(o->keep, l)) {
			in.named = (int)i;
			in.kind = NAMED_KEEP;
			named_path = o->keep;
			opt = "--keep";
		}
	}
	in.ev = em;
	verdict_set(&in, vv, &out);
	if (out.conflict)
		note_conflict(j, opt, named_path, &ev[0],
			      out.who >= 0 ? j->luns[set[out.who]].dev.path : NULL);
	where_text(j, where, sizeof(where));
	for (i = 0; i < n; i++) {
		struct plun *l = &j->luns[set[i]];
		char what[1200], d[39], from[33], from_dashed[39];

		l->unique = n == 1;
		if (l->verdict == V_INTERRUPTED)
			continue;
		l->verdict = vv[i];
		if (nev)
			textf(&l->evidence, PLUN_EVIDENCE_MAX, "%s = %s", ev[0].source,
			      ev[0].value);
		else if (out.c == SET_NAMED)
			textf(&l->evidence, PLUN_EVIDENCE_MAX, "%s %s", opt, named_path);
		snprintf(what, sizeof(what), "%s %s", l->dev.ident_kind, l->dev.ident);
		pv_dashed(l, d);
		provenance(l, from, from_dashed);
		switch (out.c) {
		case SET_UNIQUE:
			if (from[0])
				textf(&l->reason, PLUN_REASON_MAX,
				      "unique: no other LUN %s carries PV %s; resigned from VG %s "
				      "(tag relun_from_%s)%s", where, d, from_dashed, from,
				      em[i] == EVM_OTHER ? "; its device_id names another LUN" : "");
			else if (em[i] == EVM_NONE)
				textf(&l->reason, PLUN_REASON_MAX,
				      "unique: no other LUN %s carries PV %s", where, d);
			else
				textf(&l->reason, PLUN_REASON_MAX,
				      "unique: no other LUN %s carries PV %s; %.300s names %.300s%s",
				      where, d, ev[0].source, ev[0].value,
				      em[i] == EVM_THIS ? ", this LUN" :
				      ", not this LUN (its original is elsewhere)");
			break;
		case SET_NONE:
			textf(&l->reason, PLUN_REASON_MAX,
			      "PV %s is on %u LUNs and no record says which is the original", d, n);
			break;
		case SET_ONE:
			textf(&l->reason, PLUN_REASON_MAX, "%.300s names %.300s; this LUN is %.300s",
			      ev[0].source, j->luns[set[out.who]].dev.ident, what);
			break;
		case SET_ABSENT:
			textf(&l->reason, PLUN_REASON_MAX,
			      "original absent; %u copies: %.300s names %.300s, which is none of "
			      "the %u LUNs carrying PV %s", n, ev[0].source, ev[0].value, n, d);
			break;
		case SET_MANY:
			textf(&l->reason, PLUN_REASON_MAX,
			      "records match several of the %u LUNs carrying PV %s", n, d);
			break;
		case SET_NAMED:
			textf(&l->reason, PLUN_REASON_MAX, "%s: %s names %s%s",
			      vv[i] == V_ORIGINAL ? "original" : "clone", opt, named_path,
			      out.c == SET_NAMED && nev ? "; original absent" : "");
			break;
		}
	}
	free(em);
	free(vv);
}

static void group_by_pv(struct judge *j, const struct judge_opts *o)
{
	unsigned *idx = calloc(j->n ? j->n : 1, sizeof(*idx));
	unsigned n = 0, i, s;

	if (!idx)
		return;
	for (i = 0; i < j->n; i++)
		if (has_identity(&j->luns[i]))
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), by_pv_uuid, j);
	for (s = 0; s < n; s = i) {
		for (i = s + 1; i < n && !strcmp(j->luns[idx[i]].key.pv_uuid,
						j->luns[idx[s]].key.pv_uuid); i++)
			;
		judge_set(j, idx + s, i - s, o);
	}
	free(idx);
}

static int has_vg(const struct plun *l)
{
	return l->key.state == LUN_PV_OK && l->path_of < 0 && l->verdict != V_UNREADABLE;
}

static int cmp_vg(const struct plun *a, const struct plun *b)
{
	int c = strcmp(a->key.vg_id, b->key.vg_id);

	return c ? c : (a->verdict > b->verdict) - (a->verdict < b->verdict);
}

/* Copies: LUNs of one VG id with the same verdict, the k-th LUN of each PV.
 * A LUN joins the first copy of its VG and verdict (in the order they were
 * made) that lacks its PV; a copy holding every PV of its VG is full and
 * no longer looked at. */
static void build_copies(struct judge *j)
{
	struct groups g;
	int *head = NULL, *tail = NULL, *next = NULL;
	unsigned i, k;

	j->copies = calloc(j->n ? j->n : 1, sizeof(*j->copies));
	for (i = 0; i < j->n; i++)
		j->luns[i].copy = -1;
	memset(&g, 0, sizeof(g));
	if (!j->copies || groups_by(j, has_vg, cmp_vg, &g) < 0 ||
	    !(head = malloc((g.n + 1) * sizeof(*head))) ||
	    !(tail = malloc((g.n + 1) * sizeof(*tail))) ||
	    !(next = malloc((j->n + 1) * sizeof(*next))))
		goto out;
	for (k = 0; k < g.n; k++)
		head[k] = tail[k] = -1;
	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];
		struct pcopy *c = NULL;
		int *at, gi = g.group[i];

		if (gi < 0)
			continue;
		for (at = &head[gi]; *at >= 0 && !c; ) {
			struct pcopy *t = &j->copies[*at];
			unsigned m, clash = 0;

			for (m = 0; m < t->n_luns; m++)
				if (j->luns[t->luns[m]].key.pv_index == l->key.pv_index)
					clash = 1;
			if (!clash)
				c = t;
			else
				at = &next[*at];
		}
		if (!c) {
			c = &j->copies[j->n_copies];
			c->luns = calloc(l->key.n_pvs ? l->key.n_pvs : 1, sizeof(*c->luns));
			if (!c->luns)
				goto out;
			c->verdict = l->verdict;
			c->last_pos = -1;
			next[j->n_copies] = -1;
			if (tail[gi] >= 0)
				next[tail[gi]] = (int)j->n_copies;
			else
				head[gi] = (int)j->n_copies;
			tail[gi] = (int)j->n_copies;
			at = NULL;
			j->n_copies++;
		}
		if (c->n_luns < l->key.n_pvs)
			c->luns[c->n_luns++] = i;
		c->last_lun = i;
		l->copy = (int)(c - j->copies);
		if (c->n_luns >= l->key.n_pvs) {
			/* full: every later LUN's PV clashes; unlink it */
			int prev = -1, cur;

			for (cur = head[gi]; cur >= 0 && cur != l->copy; cur = next[cur])
				prev = cur;
			if (cur >= 0) {
				if (prev >= 0)
					next[prev] = next[cur];
				else
					head[gi] = next[cur];
				if (tail[gi] == cur)
					tail[gi] = prev;
			}
		}
	}
out:
	free(head);
	free(tail);
	free(next);
	groups_free(&g);
}

/* The label and metadata of LUN l read again, its device kept open for the
 * reads of its copy; an empty lun_pv for a LUN that could not be opened.
 * -1 out of memory. */
static int load_pv(struct plun *l)
{
	struct rl_err err;

	if (l->pv)
		return 0;
	l->pv = calloc(1, sizeof(*l->pv));
	if (!l->pv)
		return -1;
	if (!l->opened)
		return 0;
	l->io = malloc(sizeof(*l->io));
	if (!l->io)
		return -1;
	rl_err_init(&err, l->dev.path);
	if (l->hold_fd >= 0) {
		/* the descriptor read_one kept, as it found it: each device is
		 * opened once in a run */
		rl_dev_reset(l->io, l->dev.path);
		l->io->fd = l->hold_fd;
		l->io->size = l->size;
		l->io->rdev = l->rdev;
		l->io->lbs = l->lbs;
		l->io->is_blk = l->is_blk;
		l->hold_fd = -1;
	} else if (rl_dev_open_ro(l->io, l->dev.path, &err) < 0) {
		free(l->io);
		l->io = NULL;
		return 0;
	}
	(void)lun_read_pv(l->io, l->pv, &err);
	return 0;
}

static void unload_pv(struct plun *l)
{
	if (l->pv) {
		lun_pv_free(l->pv);
		free(l->pv);
		l->pv = NULL;
	}
	if (l->io) {
		/* kept open to the end, as read_one kept it: closing the last
		 * descriptor of a block device drops its page cache */
		l->hold_fd = l->io->fd;
		free(l->io);
		l->io = NULL;
	}
}

/* Read one copy: the VG from its PVs (loaded), and unless read_flags say
 * not, MGT and the VHDs.  -1 out of memory (read_ok 0). */
static int read_copy(struct judge *j, struct pcopy *c)
{
	struct lun_pv *pvs[64];
	unsigned m, np = 0;
	struct rl_err e;

	c->read_ok = 0;
	c->damaged = 0;
	c->vg = calloc(1, sizeof(*c->vg));
	if (!c->vg)
		return -1;
	for (m = 0; m < c->n_luns && np < 64; m++)
		if (j->luns[c->luns[m]].pv)
			pvs[np++] = j->luns[c->luns[m]].pv;
	if (np < c->n_luns && np < 64)
		return -1;
	rl_err_init(&e, NULL);
	c->read_ok = lun_read_vg_ex(pvs, np, c->vg, j->read_flags, &e) == 0;
	c->damaged = c->vg->damaged;
	return 0;
}

/* The copy let go, and the label and metadata of its LUNs. */
static void drop_copy(struct judge *j, struct pcopy *c)
{
	unsigned m;

	if (!c->vg)
		return;
	lun_vg_free(c->vg);
	free(c->vg);
	c->vg = NULL;
	for (m = 0; m < c->n_luns; m++)
		unload_pv(&j->luns[c->luns[m]]);
}

struct read_ctx {
	struct judge *j;
	const struct rl_jscan *jscan;
	unsigned *v;               /* the LUNs or copies to work on */
	int failed;
};

static void par_read_one(void *arg, unsigned k)
{
	struct read_ctx *r = arg;

	read_one(&r->j->luns[r->v[k]], r->jscan);
}

/* Work item k: a LUN to load alone (k < n_alone), or a copy to read with
 * the LUNs it needs. */
struct load_ctx {
	struct judge *j;
	const unsigned *alone, *cps;
	unsigned n_alone;
	int failed;
};

static void par_load(void *arg, unsigned k)
{
	struct load_ctx *r = arg;
	struct judge *j = r->j;
	unsigned m;

	if (k < r->n_alone) {
		if (load_pv(&j->luns[r->alone[k]]) < 0)
			r->failed = 1;
		return;
	}
	{
		struct pcopy *c = &j->copies[r->cps[k - r->n_alone]];

		for (m = 0; m < c->n_luns; m++)
			if (load_pv(&j->luns[c->luns[m]]) < 0)
				r->failed = 1;
		if (read_copy(j, c) < 0)
			r->failed = 1;
	}
}

/* LUNs lu[0..nl) loaded with the copies they belong to, and those copies
 * read, side by side: one work item per copy (its LUNs loaded first), one
 * per LUN of no copy.  -1 out of memory. */
static int load_luns(struct judge *j, const unsigned *lu, unsigned nl)
{
	struct load_ctx r = { j, NULL, NULL, 0, 0 };
	unsigned *alone = malloc((nl + 1) * sizeof(*alone));
	unsigned *cps = malloc((nl + 1) * sizeof(*cps));
	unsigned char *cwant = calloc(j->n_copies + 1, 1);
	unsigned na = 0, nc = 0, i;

	if (!alone || !cps || !cwant) {
		r.failed = 1;
		goto out;
	}
	for (i = 0; i < nl; i++) {
		const struct plun *l = &j->luns[lu[i]];
		const struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;

		if (!c) {
			if (!l->pv)
				alone[na++] = lu[i];
		} else if (!c->vg && !cwant[l->copy]) {
			cwant[l->copy] = 1;
			cps[nc++] = (unsigned)l->copy;
		}
	}
	r.alone = alone;
	r.n_alone = na;
	r.cps = cps;
	rl_pool_for(j->pool, na + nc, par_load, &r);
out:
	free(alone);
	free(cps);
	free(cwant);
	return r.failed ? -1 : 0;
}

static void set_can(struct plun *l, int can, const char *fmt, const char *arg)
{
	char buf[PLUN_CAN_REASON_MAX];

	l->can_resign = can;
	snprintf(buf, sizeof(buf), fmt, arg ? arg : "");
	textf(&l->can_reason, sizeof(buf), "%s", buf);
}

/* can_resign of LUN i; its copy, if any, read. */
static void decide_resign(struct judge *j, unsigned i)
{
	struct plun *l = &j->luns[i];
	const struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;

	char n_text[160];

	where_text(j, n_text, sizeof(n_text));
	l->resign_needed = l->n_same > 1;
	switch (l->verdict) {
	case V_PATH:
		set_can(l, 0, "a path: resign the LUN %s", j->luns[l->path_of].dev.path);
		return;
	case V_NOT_LVM:
		set_can(l, 0, "nothing to resign: not an LVM PV%s", "");
		return;
	case V_DAMAGED:
	case V_UNREADABLE:
		set_can(l, 0, "%s", l->reason);
		return;
	case V_INTERRUPTED:
		set_can(l, 0, "finish it first: relun-resign --recover %s", l->journal);
		return;
	case V_ORIGINAL:
		if (!l->resign_needed && j->whole_host)
			set_can(l, 0, "not needed: its identity is unique on this host; attach it as it is (relun-resign DEV prints the xe commands, uuids kept)%s", "");
		else if (!l->resign_needed)
			set_can(l, 0, "not needed: no other LUN %s carries its identity; attach it as it is (relun-resign DEV prints the xe commands, uuids kept)", n_text);
		else
			set_can(l, 0, "this is the original; resigning it needs --force%s", "");
		return;
	case V_DUPLICATE:
		set_can(l, 0, "no evidence which copy is the original: give --original DEV or --force%s", "");
		return;
	case V_CLONE:
		break;
	}
	if (l->key.state == LUN_PV_ORPHAN) {
		set_can(l, 0, "PV without a VG: nothing but the PV uuid to change%s", "");
		return;
	}
	if (!c || !c->read_ok) {
		set_can(l, 0, "the VG could not be assembled%s", "");
		return;
	}
	if (c->vg->partial)
		set_can(l, 0, "not every PV of VG %s is among the LUNs given", c->vg->vg->name);
	else if (c->vg->exported)
		set_can(l, 0, "VG %s is exported", c->vg->vg->name);
	else if (c->vg->damaged)
		set_can(l, 0, "damaged: %s", c->vg->problems[0]);
	else if (c->vg->n_inflight)
		set_can(l, 0, "LV %s shows an SR operation in flight (--force to override)",
			c->vg->vg->lvs[c->vg->inflight[0]].name);
	else
		set_can(l, 1, "yes: a clone whose every PV is present%s", "");
}

/* LUNs whose copies are read ahead, side by side, when the report order
 * is known: enough to keep the devices busy, few enough that what is in
 * memory stays small. */
#define JUDGE_AHEAD 32

int judge_set_order(struct judge *j, const unsigned *order, unsigned n)
{
	unsigned i;

	free(j->pos);
	j->order = NULL;
	j->n_order = 0;
	j->pos = malloc((j->n + 1) * sizeof(*j->pos));
	if (!j->pos)
		return -1;
	for (i = 0; i < j->n; i++)
		j->pos[i] = -1;
	for (i = 0; i < j->n_copies; i++)
		j->copies[i].last_pos = -1;
	for (i = 0; i < n; i++) {
		const struct plun *l = &j->luns[order[i]];

		j->pos[order[i]] = (int)i;
		if (l->copy >= 0)
			j->copies[l->copy].last_pos = (int)i;
	}
	j->order = order;
	j->n_order = n;
	return 0;
}

int judge_lun_open(struct judge *j, unsigned i)
{
	struct plun *l = &j->luns[i];
	struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;
	int r = 0;

	if (!j->lazy)
		return 0;
	if (!l->pv || (c && !c->vg)) {
		int p = j->order ? j->pos[i] : -1;

		if (p >= 0)
			r = load_luns(j, j->order + p,
				      j->n_order - (unsigned)p < JUDGE_AHEAD ? j->n_order - (unsigned)p :
				      JUDGE_AHEAD);
		else
			r = load_luns(j, &i, 1);
	}
	if (c && !c->vg)
		r = -1;
	decide_resign(j, i);
	return r;
}

void judge_lun_close(struct judge *j, unsigned i)
{
	struct plun *l = &j->luns[i];
	struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;
	int last;

	if (!j->lazy)
		return;
	if (!c) {
		unload_pv(l);
		return;
	}
	last = j->order && j->pos[i] >= 0 ? c->last_pos == j->pos[i] : c->last_lun == i;
	if (last)
		drop_copy(j, c);
}

int judge_run_recs(struct pdev_recs *devs, const struct judge_opts *o,
		   const struct rl_jscan *jscan, struct judge *j, struct rl_err *e)
{
	struct rl_jscan own;
	struct rl_err je;
	struct read_ctx r;
	unsigned i, n;

	memset(j, 0, sizeof(*j));
	memset(&own, 0, sizeof(own));
	j->whole_host = o->whole_host;
	j->n_given = o->n_given;
	j->n_host = o->n_host;
	j->original_idx = j->keep_idx = -1;
	/* one read of the journal directory for all LUNs; when it cannot be
	 * read (it does not exist until a first resign makes it), no LUN is
	 * marked interrupted */
	if (!jscan && o->journal_dir && rl_jscan_build(o->journal_dir, &own, &je) == 0)
		jscan = &own;
	j->luns = calloc(devs->n ? devs->n : 1, sizeof(*j->luns));
	r.v = malloc((devs->n ? devs->n : 1) * sizeof(*r.v));
	if (!j->luns || !r.v) {
		free(j->luns);
		free(r.v);
		j->luns = NULL;
		rl_jscan_free(&own);
		pdev_recs_free(devs);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	j->n = devs->n;
	for (i = 0; i < devs->n; i++) {
		struct plun *l = &j->luns[i];

		l->dev = devs->v[i];  /* the strings move along */
		l->copy = -1;
		l->hold_fd = -1;
		l->key.pv_index = -1;
		l->reason = l->evidence = l->can_reason = l->journal = no_text;
	}
	free(devs->v);
	memset(devs, 0, sizeof(*devs));
	mark_paths(j);
	for (i = 0; i < j->n; i++) {
		if (o->original && j->original_idx < 0 && names_lun(o->original, &j->luns[i]))
			j->original_idx = (int)i;
		if (o->keep && j->keep_idx < 0 && names_lun(o->keep, &j->luns[i]))
			j->keep_idx = (int)i;
	}
	r.j = j;
	r.jscan = jscan;
	r.failed = 0;
	for (i = 0, n = 0; i < j->n; i++)
		if (j->luns[i].path_of < 0)
			r.v[n++] = i;
	/* a report reads a window of copies at a time: the same threads for
	 * all of them (a relun-resign judge reads all at once, and forks) */
	if (o->lazy_content)
		j->pool = rl_pool_new();
	rl_pool_for(j->pool, n, par_read_one, &r);
	rl_jscan_free(&own);
	group_by_pv(j, o);
	build_copies(j);
	j->lazy = o->lazy_content;
	j->read_flags = o->vg_only ? LUN_VG_NO_CONTENT : 0;
	if (!j->lazy) {
		/* every copy read: the LUNs of copies, side by side */
		for (i = 0, n = 0; i < j->n; i++)
			if (j->luns[i].copy >= 0)
				r.v[n++] = i;
		if (n)
			load_luns(j, r.v, n);
		for (i = 0; i < j->n; i++)
			decide_resign(j, i);
	}
	free(r.v);
	return 0;
}

static void text_free(const char *t)
{
	if (t != no_text)
		free((char *)t);
}

void judge_free(struct judge *j)
{
	unsigned i;

	rl_pool_free(j->pool);
	for (i = 0; i < j->n_copies; i++) {
		drop_copy(j, &j->copies[i]);
		free(j->copies[i].luns);
	}
	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];

		unload_pv(l);
		if (l->hold_fd >= 0)
			close(l->hold_fd);
		free(l->key.vg_name);
		pdev_rec_free(&l->dev);
		text_free(l->reason);
		text_free(l->evidence);
		text_free(l->can_reason);
		text_free(l->journal);
		free(l->active);
	}
	free(j->copies);
	free(j->luns);
	free(j->pos);
	if (j->conflict)
		text_free(j->conflict);
	memset(j, 0, sizeof(*j));
}
