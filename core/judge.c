#include "judge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "journal.h"
#include "lvm_id.h"
#include "rl_ident.h"
#include "pending.h"
#include "xe_query.h"

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

static unsigned pv_evidence(const struct lvm_pv *p, struct evid *ev, unsigned max)
{
	static const struct { const char *type; enum ev_kind kind; } map[] = {
		{ "loop_file", EVK_LOOP_FILE }, { "sys_wwid", EVK_WWID },
		{ "sys_serial", EVK_SERIAL }, { "mpath_uuid", EVK_DM_UUID }, { NULL, EVK_SCSI },
	};
	unsigned n = 0;
	int i;

	for (i = 0; map[i].type && n < max; i++) {
		if (strcmp(p->device_id_type, map[i].type) || !p->device_id[0])
			continue;
		ev[n].kind = map[i].kind;
		snprintf(ev[n].value, sizeof(ev[n].value), "%s", p->device_id);
		snprintf(ev[n].source, sizeof(ev[n].source), "LVM metadata device_id (%s)",
			 p->device_id_type);
		n++;
	}
	if (n < max && hint_scsiid(p->device, ev[n].value, sizeof(ev[n].value))) {
		ev[n].kind = EVK_SCSI;
		snprintf(ev[n].source, sizeof(ev[n].source), "LVM metadata device hint %.90s",
			 p->device);
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
	lvm_id_dashed(l->pv.label.pv_uuid, out);
	return out;
}

static void mark_paths(struct judge *j)
{
	unsigned i, k;

	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];

		l->path_of = -1;
		for (k = 0; k < i; k++)
			if ((l->dev.rdev && l->dev.rdev == j->luns[k].dev.rdev) ||
			    (l->dev.real_path[0] && !strcmp(l->dev.real_path, j->luns[k].dev.real_path))) {
				l->path_of = (int)k;
				l->verdict = V_PATH;
				textf(&l->reason, PLUN_REASON_MAX, "the same device as %s",
				      j->luns[k].dev.path);
				break;
			}
		if (l->path_of >= 0)
			continue;
		for (k = 0; k < j->n && l->dev.holder_map[0]; k++)
			if (!strcmp(j->luns[k].dev.name, l->dev.holder_map))
				l->path_of = (int)k;
		for (k = 0; k < i && l->path_of < 0 && l->dev.scsi_id[0]; k++)
			if (j->luns[k].path_of < 0 && j->luns[k].dev.kind == l->dev.kind &&
			    !strcmp(j->luns[k].dev.scsi_id, l->dev.scsi_id))
				l->path_of = (int)k;
		if (l->path_of >= 0) {
			l->verdict = V_PATH;
			textf(&l->reason, PLUN_REASON_MAX, "a path of %s (SCSIid %s)",
			      j->luns[l->path_of].dev.path, l->dev.scsi_id);
			continue;
		}
		/* two loop devices over one file are one LUN seen twice */
		for (k = 0; k < i && l->dev.kind == PDEV_LOOP && l->dev.backing_file[0]; k++)
			if (j->luns[k].path_of < 0 && j->luns[k].dev.kind == PDEV_LOOP &&
			    !strcmp(j->luns[k].dev.backing_file, l->dev.backing_file)) {
				l->path_of = (int)k;
				l->verdict = V_PATH;
				textf(&l->reason, PLUN_REASON_MAX, "a path of %s (the same file %s)",
				      j->luns[k].dev.path, l->dev.backing_file);
				break;
			}
	}
}

/* A pending journal outranks what the label says now: an interrupted
 * resign may have left the label half written (damaged), and the way out
 * is relun-resign --recover, not a repair. */
static int check_pending(struct plun *l, const struct rl_jscan *jscan)
{
	char ident[4200] = "", journal[PLUN_JOURNAL_MAX];

	/* The identity string relun-resign records in its journals. */
	rl_ident_format(ident, sizeof(ident), l->dev.ident_kind, l->dev.ident);
	if (!jscan || pending_journal_for(jscan, l->dev.path, ident, l->io.size, journal,
					  sizeof(journal)) <= 0)
		return 0;
	l->verdict = V_INTERRUPTED;
	textf(&l->journal, PLUN_JOURNAL_MAX, "%s", journal);
	textf(&l->reason, PLUN_REASON_MAX,
	      "a resign was interrupted: journal %s is pending", l->journal);
	return 1;
}

static void read_one(struct plun *l, const struct rl_jscan *jscan)
{
	char msg[800];
	struct rl_err err;
	int pending;

	rl_err_init(&err, l->dev.path);
	if (rl_dev_open_ro(&l->io, l->dev.path, &err) < 0) {
		l->denied = errno == EACCES;
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s", rl_err_str(&err, msg, sizeof(msg)));
		return;
	}
	l->opened = 1;
	pending = check_pending(l, jscan);
	if (lun_read_pv(&l->io, &l->pv, &err) < 0) {
		l->verdict = V_UNREADABLE;
		textf(&l->reason, PLUN_REASON_MAX, "%s", rl_err_str(&err, msg, sizeof(msg)));
		return;
	}
	if (pending)
		return;
	switch (l->pv.state) {
	case LUN_PV_NOT_LVM:
		l->verdict = V_NOT_LVM;
		textf(&l->reason, PLUN_REASON_MAX, "no LVM label in the first 4 sectors");
		return;
	case LUN_PV_DAMAGED:
		l->verdict = V_DAMAGED;
		textf(&l->reason, PLUN_REASON_MAX, "%s", rl_err_str(&l->pv.err, msg, sizeof(msg)));
		return;
	case LUN_PV_OK:
	case LUN_PV_ORPHAN:
		break;
	}
}

static int has_identity(const struct plun *l)
{
	return l->path_of < 0 && (l->pv.state == LUN_PV_OK || l->pv.state == LUN_PV_ORPHAN) &&
	       l->verdict != V_UNREADABLE;
}

static int by_pv_uuid(const void *a, const void *b, void *ctx)
{
	const struct judge *j = ctx;
	const struct plun *x = &j->luns[*(const unsigned *)a];
	const struct plun *y = &j->luns[*(const unsigned *)b];
	int c = strcmp(x->pv.label.pv_uuid, y->pv.label.pv_uuid);

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
	unsigned k;

	from[0] = dashed[0] = '\0';
	for (k = 0; l->pv.vg && k < l->pv.vg->n_tags; k++)
		if (!strncmp(l->pv.vg->tags[k], "relun_from_", 11) &&
		    strlen(l->pv.vg->tags[k] + 11) == 32) {
			memcpy(from, l->pv.vg->tags[k] + 11, 33);
			lvm_id_dashed(from, dashed);
			return;
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

		if (o->use_xe && l0->pv.vg && lvhd_sr_uuid_from_vg(l0->pv.vg->name, sr) == 0 &&
		    xe_sr_scsiid(sr, xe_id, sizeof(xe_id)) == 1) {
			ev[0].kind = EVK_SCSI;
			snprintf(ev[0].value, sizeof(ev[0].value), "%s", xe_id);
			snprintf(ev[0].source, sizeof(ev[0].source), "xe: SR %s sm-config:devserial", sr);
			nev = 1;
		}
	}
	for (i = 0; i < n && !nev; i++) {
		const struct plun *l = &j->luns[set[i]];

		if (l->pv.vg && l->pv.pv_index >= 0)
			nev = pv_evidence(&l->pv.vg->pvs[l->pv.pv_index], ev, 8);
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
		for (i = s + 1; i < n && !strcmp(j->luns[idx[i]].pv.label.pv_uuid,
						j->luns[idx[s]].pv.label.pv_uuid); i++)
			;
		judge_set(j, idx + s, i - s, o);
	}
	free(idx);
}

/* Copies: LUNs of one VG id with the same verdict, the k-th LUN of each PV. */
static void build_copies(struct judge *j)
{
	unsigned i, k;

	j->copies = calloc(j->n ? j->n : 1, sizeof(*j->copies));
	if (!j->copies)
		return;
	for (i = 0; i < j->n; i++)
		j->luns[i].copy = -1;
	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];
		struct pcopy *c = NULL;

		if (l->pv.state != LUN_PV_OK || l->path_of >= 0 || l->verdict == V_UNREADABLE)
			continue;
		for (k = 0; k < j->n_copies && !c; k++) {
			struct pcopy *t = &j->copies[k];
			const struct plun *first = &j->luns[t->luns[0]];
			unsigned m, clash = 0;

			if (strcmp(first->pv.vg->id, l->pv.vg->id) || t->verdict != l->verdict)
				continue;
			for (m = 0; m < t->n_luns; m++)
				if (j->luns[t->luns[m]].pv.pv_index == l->pv.pv_index)
					clash = 1;
			if (!clash)
				c = t;
		}
		if (!c) {
			c = &j->copies[j->n_copies++];
			c->luns = calloc(l->pv.vg->n_pvs ? l->pv.vg->n_pvs : 1, sizeof(*c->luns));
			if (!c->luns)
				return;
			c->verdict = l->verdict;
		}
		if (c->n_luns < l->pv.vg->n_pvs)
			c->luns[c->n_luns++] = i;
		c->last_lun = i;
		l->copy = (int)(c - j->copies);
	}
}

/* Read one copy: the VG from its PVs, and unless read_flags say not, MGT
 * and the VHDs.  -1 out of memory (read_ok 0). */
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
		pvs[np++] = &j->luns[c->luns[m]].pv;
	rl_err_init(&e, NULL);
	c->read_ok = lun_read_vg_ex(pvs, np, c->vg, j->read_flags, &e) == 0;
	c->damaged = c->vg->damaged;
	return 0;
}

static void drop_copy(struct pcopy *c)
{
	if (!c->vg)
		return;
	lun_vg_free(c->vg);
	free(c->vg);
	c->vg = NULL;
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
	if (l->pv.state == LUN_PV_ORPHAN) {
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

int judge_lun_open(struct judge *j, unsigned i)
{
	struct plun *l = &j->luns[i];
	struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;
	int r = 0;

	if (!j->lazy)
		return 0;
	if (c && !c->vg)
		r = read_copy(j, c);
	decide_resign(j, i);
	return r;
}

void judge_lun_close(struct judge *j, unsigned i)
{
	const struct plun *l = &j->luns[i];

	if (j->lazy && l->copy >= 0 && j->copies[l->copy].last_lun == i)
		drop_copy(&j->copies[l->copy]);
}

int judge_run_recs(struct pdev_recs *devs, const struct judge_opts *o,
		   const struct rl_jscan *jscan, struct judge *j, struct rl_err *e)
{
	struct rl_jscan own;
	struct rl_err je;
	unsigned i;

	memset(j, 0, sizeof(*j));
	memset(&own, 0, sizeof(own));
	j->whole_host = o->whole_host;
	j->n_given = o->n_given;
	j->n_host = o->n_host;
	j->original_idx = j->keep_idx = -1;
	/* one read of the journal directory for all LUNs; an unreadable
	 * directory means no LUN is marked interrupted, as before */
	if (!jscan && o->journal_dir && rl_jscan_build(o->journal_dir, &own, &je) == 0)
		jscan = &own;
	j->luns = calloc(devs->n ? devs->n : 1, sizeof(*j->luns));
	if (!j->luns) {
		rl_jscan_free(&own);
		pdev_recs_free(devs);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	j->n = devs->n;
	for (i = 0; i < devs->n; i++) {
		struct plun *l = &j->luns[i];

		l->dev = devs->v[i];  /* the strings move along */
		l->io.fd = -1;
		l->copy = -1;
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
	for (i = 0; i < j->n; i++)
		if (j->luns[i].path_of < 0)
			read_one(&j->luns[i], jscan);
	rl_jscan_free(&own);
	group_by_pv(j, o);
	build_copies(j);
	j->lazy = o->lazy_content && j->copies;
	j->read_flags = o->vg_only ? LUN_VG_NO_CONTENT : 0;
	if (!j->lazy) {
		for (i = 0; i < j->n_copies; i++)
			read_copy(j, &j->copies[i]);
		for (i = 0; i < j->n; i++)
			decide_resign(j, i);
	}
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

	for (i = 0; i < j->n_copies; i++) {
		drop_copy(&j->copies[i]);
		free(j->copies[i].luns);
	}
	for (i = 0; i < j->n; i++) {
		struct plun *l = &j->luns[i];

		lun_pv_free(&l->pv);
		if (l->opened)
			rl_dev_close(&l->io);
		pdev_rec_free(&l->dev);
		text_free(l->reason);
		text_free(l->evidence);
		text_free(l->can_reason);
		text_free(l->journal);
		free(l->active);
	}
	free(j->copies);
	free(j->luns);
	if (j->conflict)
		text_free(j->conflict);
	memset(j, 0, sizeof(*j));
}
