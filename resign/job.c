#include "job.h"

#include <errno.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "discover.h"
#include "exitcodes.h"
#include "journal.h"
#include "lun_read.h"
#include "lunfind.h"
#include "plan.h"
#include "planner.h"
#include "refuse.h"
#include "runlock.h"
#include "sg_ident.h"
#include "xe_script.h"
#include "label_tmpl.h"
#include "xs_uuid.h"
#include "rl_random.h"
#include "attach_run.h"

#define JOB_MAX_DEVS RL_JOB_MAX_DEVS

int rl_job_ident(const char *path, char *out, size_t n, void *sys)
{
	struct pdev *d = calloc(1, sizeof(*d));
	struct rl_err e;

	out[0] = '\0';
	if (!d)
		return 0;
	if (pdev_from_path(sys, path, d, &e) == 0 && d->ident[0])
		snprintf(out, n, "%s:%s", d->ident_kind, d->ident);
	free(d);
	return 0;
}

struct job {
	const struct rl_job_opts *o;
	json_object *res;
	json_object *notes;
	int code;
	unsigned n;
	const char *const *paths;
	struct rl_dev devs[JOB_MAX_DEVS];
	int opened[JOB_MAX_DEVS];
	struct lun_pv pvs[JOB_MAX_DEVS];
	int pv_read[JOB_MAX_DEVS];
	char idents[JOB_MAX_DEVS][300]; /* rl_job_ident of each device */
	struct lun_vg vg;
	int vg_read;
	struct rl_plan plan;
	struct rl_plan_info info;
	int planned;
	struct rl_runlock idlock;       /* its LUNs by identity (other paths) */
};

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static void note(struct job *jb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct job *jb, const char *fmt, ...)
{
	char buf[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_array_add(jb->notes, jstr(buf));
}

static int finish(struct job *jb, int code, const char *status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int finish(struct job *jb, int code, const char *status, const char *fmt, ...)
{
	char buf[2400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	jb->code = code;
	json_object_object_add(jb->res, "status", jstr(status));
	json_object_object_add(jb->res, "message", jstr(buf));
	return code;
}

static int refused(struct job *jb, const struct rl_refusal *r)
{
	return finish(jb, r->code, "refused", "%s; nothing written", r->msg);
}

static int err_exit(const struct rl_err *e)
{
	switch (e->code) {
	case RL_E_INVAL: return RL_EXIT_USAGE;
	case RL_E_UNSUPPORTED:
	case RL_E_TOOBIG: return RL_EXIT_UNSUPPORTED;
	case RL_E_CORRUPT: return RL_EXIT_DAMAGED;
	case RL_E_IO:
	case RL_E_NOTFOUND: return RL_EXIT_NODEV;
	default: return RL_EXIT_FAIL;
	}
}

static json_object *pair(const char *a, const char *b)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "old", jstr(a));
	json_object_object_add(o, "new", jstr(b));
	return o;
}

/* The identity map into the result. */
static void add_ids(struct job *jb)
{
	const struct rl_plan_info *in = &jb->info;
	json_object *pvs = json_object_new_array(), *vdis = json_object_new_array();
	json_object *lvs = json_object_new_array();
	size_t i;

	json_object_object_add(jb->res, "scope", jstr(in->scope));
	if (in->is_sr)
		json_object_object_add(jb->res, "sr_uuid", pair(in->old_sr_uuid, in->new_sr_uuid));
	json_object_object_add(jb->res, "vg_name", pair(in->old_vg_name, in->new_vg_name));
	json_object_object_add(jb->res, "vg_uuid", pair(in->old_vg_uuid, in->new_vg_uuid));
	json_object_object_add(jb->res, "seqno", json_object_new_int64((int64_t)in->seqno));
	for (i = 0; i < jb->plan.nids; i++) {
		const struct rl_idmap *m = &jb->plan.ids[i];
		json_object *x;

		switch (m->kind) {
		case RL_ID_PV_UUID:
			x = pair(m->old_v, m->new_v);
			json_object_object_add(x, "device", jstr(m->where));
			json_object_array_add(pvs, x);
			break;
		case RL_ID_VDI_UUID:
			json_object_array_add(vdis, pair(m->old_v, m->new_v));
			break;
		case RL_ID_LV_NAME:
			json_object_array_add(lvs, pair(m->old_v, m->new_v));
			break;
		default:
			break;
		}
	}
	json_object_object_add(jb->res, "pvs", pvs);
	json_object_object_add(jb->res, "vdis", vdis);
	json_object_object_add(jb->res, "lv_names", lvs);
	if (in->is_sr) {
		json_object_object_add(jb->res, "name_label", jstr(in->name_label));
		json_object_object_add(jb->res, "pool_metadata", json_object_new_boolean(in->pool_metadata));
	}
	json_object_object_add(jb->res, "regions", json_object_new_int64((int64_t)jb->plan.nregs));
	json_object_object_add(jb->res, "bytes", json_object_new_int64((int64_t)rl_plan_bytes(&jb->plan)));
}

/* Every byte range the transaction writes, in write order. */
static void add_ranges(struct job *jb)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < jb->plan.nregs; i++) {
		const struct rl_region *r = &jb->plan.regs[i];
		json_object *x = json_object_new_object();

		json_object_object_add(x, "device", jstr(jb->plan.devs[r->dev].path));
		json_object_object_add(x, "phase", jstr(rl_phase_name(r->phase)));
		json_object_object_add(x, "offset", json_object_new_int64((int64_t)r->off));
		json_object_object_add(x, "length", json_object_new_int64((int64_t)r->len));
		json_object_object_add(x, "what", jstr(r->what));
		json_object_array_add(arr, x);
	}
	json_object_object_add(jb->res, "ranges", arr);
}

/* How xapi should see the LUN: iSCSI, HBA, or a local device. */
static int xe_input(struct job *jb, struct rl_xe_input *in, struct sg_ident *id, int keep_uuids,
		    char *devlist, size_t devlist_sz)
{
	const struct rl_plan_info *pi = &jb->info;
	struct sg_opts so;
	struct rl_err e;
	const char *dev = jb->vg.pvs[0] ? jb->vg.pvs[0]->dev->path : jb->paths[0];

	memset(in, 0, sizeof(*in));
	sg_opts_init(&so);
	so.sys = jb->o->sys;
	memset(id, 0, sizeof(*id));
	if (sg_identify(dev, &so, id, &e) == 0 && id->has_id) {
		in->scsi_id = id->scsiid;
		if (id->iscsi.present) {
			in->type = RL_SR_LVMOISCSI;
			in->target = id->iscsi.target;
			in->port = id->iscsi.port;
			in->target_iqn = id->iscsi.iqn;
		} else {
			in->type = RL_SR_LVMOHBA;
		}
	} else {
		/* sm's lvm SR: device-config:device lists every PV, comma-separated */
		size_t used = 0;
		unsigned k;

		devlist[0] = '\0';
		for (k = 0; k < jb->vg.n_pvs && jb->vg.pvs[k]; k++)
			used += (size_t)snprintf(devlist + used, used < devlist_sz ? devlist_sz - used : 0,
						 "%s%s", k ? "," : "", jb->vg.pvs[k]->dev->path);
		in->type = RL_SR_LVM;
		in->device = used && used < devlist_sz ? devlist : dev;
	}
	in->sr_uuid = keep_uuids ? pi->old_sr_uuid : pi->new_sr_uuid;
	in->orig_sr_uuid = keep_uuids ? NULL : pi->old_sr_uuid;
	in->name_label = pi->name_label;
	in->name_description = jb->vg.mgt ? jb->vg.mgt->sr_name_description : "";
	in->vdis = keep_uuids ? NULL : pi->vdis;
	in->n_vdis = keep_uuids ? 0 : pi->n_vdis;
	in->pool_metadata = pi->pool_metadata;
	in->generator = jb->o->tool;
	return 0;
}

static void add_xe(struct job *jb, int keep_uuids)
{
	struct rl_xe_input in;
	struct sg_ident *id = calloc(1, sizeof(*id));
	struct rl_err e;
	char **lines = NULL, buf[800], devlist[8192];
	size_t n = 0, i;
	json_object *arr;

	if (!id || !jb->info.is_sr) {
		free(id);
		return;
	}
	xe_input(jb, &in, id, keep_uuids, devlist, sizeof(devlist));
	if (rl_xe_lines(&in, &lines, &n, &e) < 0) {
		note(jb, "no xe commands: %s", rl_err_str(&e, buf, sizeof(buf)));
		free(id);
		return;
	}
	arr = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(arr, jstr(lines[i]));
	rl_xe_lines_free(lines, n);
	json_object_object_add(jb->res, "sr_type", jstr(rl_sr_type_name(in.type)));
	json_object_object_add(jb->res, "xe_commands", arr);
	/* the run writes one attach script from these (attach_run.c) */
	json_object_object_add(jb->res, "attach", rl_attach_to_json(&in));
	free(id);
}

static int open_and_read(struct job *jb)
{
	struct rl_refusal r = { 0, "" };
	const struct rl_job_opts *o = jb->o;
	struct rl_err e;
	char buf[800];
	unsigned i;

	for (i = 0; i < jb->n; i++) {
		if (rl_refuse_open(jb->paths[i], &jb->devs[i], &r))
			return refused(jb, &r);
		jb->opened[i] = 1;
		if (rl_dev_readonly(&jb->devs[i]))
			return finish(jb, RL_EXIT_NODEV, "refused",
				      "%s is read-only (blockdev --getro says 1): nothing written, no "
				      "journal made (fix: blockdev --setrw %s, if it may be written)",
				      jb->paths[i], jb->paths[i]);
		if (rl_refuse_holders(o->sys, o->blkix, jb->paths[i], jb->devs[i].rdev, &r))
			return refused(jb, &r);
	}
	/* an interrupted resign first: its half-written LUN would read as
	 * damaged, and must be recovered, not resigned again */
	{
		struct rl_plan tmp;
		int hit;

		rl_plan_init(&tmp, "", "");
		for (i = 0; i < jb->n; i++) {
			rl_job_ident(jb->paths[i], jb->idents[i], sizeof(jb->idents[i]),
				     (void *)o->sys);
			rl_plan_add_dev(&tmp, jb->paths[i], jb->idents[i], jb->devs[i].size,
					jb->devs[i].rdev, 0, 512, &e);
		}
		/* the run locked the nodes it was given; another path to one of
		 * these LUNs (a multipath path, a second loop device on the file)
		 * is the same LUN: lock it by identity too, for this job (before
		 * the pending check: a journal in use is not an interrupted one) */
		for (i = 0; !o->dry_run && i < jb->n; i++)
			if (jb->idents[i][0] &&
			    rl_runlock_ident(&jb->idlock, jb->idents[i], jb->paths[i], &r)) {
				rl_plan_free(&tmp);
				return refused(jb, &r);
			}
		hit = rl_refuse_pending(o->jscan, o->journal_dir, o->skip_tag, &tmp, &r);
		rl_plan_free(&tmp);
		if (hit)
			return refused(jb, &r);
	}
	for (i = 0; i < jb->n; i++) {
		if (lun_read_pv(&jb->devs[i], &jb->pvs[i], &e) < 0)
			return finish(jb, RL_EXIT_NODEV, "failed", "%s", rl_err_str(&e, buf, sizeof(buf)));
		jb->pv_read[i] = 1;
		if (rl_refuse_pv(&jb->pvs[i], &r))
			return refused(jb, &r);
	}
	return 0;
}

static int read_vg(struct job *jb)
{
	struct rl_refusal r = { 0, "" };
	const struct rl_job_opts *o = jb->o;
	struct lun_pv *pp[JOB_MAX_DEVS];
	struct rl_err e;
	char buf[800];
	unsigned i;

	for (i = 0; i < jb->n; i++)
		pp[i] = &jb->pvs[i];
	if (lun_read_vg(pp, jb->n, &jb->vg, &e) < 0) {
		lun_vg_free(&jb->vg);
		return finish(jb, e.code == RL_E_NOMEM ? RL_EXIT_FAIL : RL_EXIT_INCOMPLETE, "refused",
			      "%s; nothing written", rl_err_str(&e, buf, sizeof(buf)));
	}
	jb->vg_read = 1;
	if (rl_refuse_vg(&jb->vg, o->force, &r))
		return refused(jb, &r);
	if (jb->vg.n_inflight)
		note(jb, "%u in-flight LV(s) left as they are (--force)", jb->vg.n_inflight);
	{
		dev_t rd[JOB_MAX_DEVS];

		for (i = 0; i < jb->n; i++)
			rd[i] = jb->devs[i].rdev;
		if (rl_refuse_dm_active(o->sys, o->blkix, jb->vg.vg->id, jb->vg.vg->name, rd, jb->n, &r) ||
		    rl_refuse_journal_dir(o->sys, o->journal_dir, rd, jb->n, &r))
			return refused(jb, &r);
	}
	return 0;
}

/* -1: proceed, -2: nothing to do (a unique identity), else the refusal's exit code. */
static int check_verdicts(struct job *jb, const struct rl_job_verdict *v)
{
	struct rl_refusal r = { 0, "" };
	struct pv_judged pv[JOB_MAX_DEVS];
	unsigned i;
	int not_needed;

	for (i = 0; i < jb->n; i++) {
		if (!v || !v[i].found) {
			if (!jb->o->force)
				return finish(jb, RL_EXIT_ORIGINAL, "refused", "%s: could not be judged "
					      "against the other LUNs of this host; use --force to "
					      "resign it anyway; nothing written", jb->paths[i]);
			return -1;
		}
		pv[i].path = jb->paths[i];
		pv[i].found = 1;
		pv[i].verdict = v[i].verdict;
		pv[i].unique = v[i].unique;
		pv[i].ev = v[i].ev;
		pv[i].reason = v[i].reason;
	}
	if (rl_refuse_verdicts(pv, jb->n, jb->o->force, &not_needed, &r))
		return refused(jb, &r);
	return not_needed && !jb->o->force ? -2 : -1;
}

/* --name-label's template for this VG copy (label_tmpl.h); {short} needs
 * the new SR uuid now, so it is drawn here unless --sr-uuid gave it. */
/* {date} of a label template: the run's date, UTC. */
static void label_date(char out[16])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static int job_label(struct job *jb, struct rl_planner_opts *po, char *label, size_t n,
		     char sr[XS_UUID_BUFSZ])
{
	struct rl_label_vars v;
	struct rl_err e;
	char date[16], buf[800];

	if (!po->sr_uuid && rl_label_wants_short(jb->o->name_label)) {
		rl_err_init(&e, NULL);
		if (rl_uuid_new(NULL, sr, &e) < 0) {
			finish(jb, RL_EXIT_NODEV, "refused", "%s; nothing written",
			       rl_err_str(&e, buf, sizeof(buf)));
			return -1;
		}
		po->sr_uuid = sr;
	}
	label_date(date);
	v.label = jb->vg.mgt ? jb->vg.mgt->sr_name_label : jb->vg.vg->name;
	v.date = date;
	v.sr_uuid = po->sr_uuid;
	v.index = jb->o->batch_index ? jb->o->batch_index : 1;
	rl_err_init(&e, NULL);
	if (rl_label_expand(jb->o->name_label, &v, label, n, &e) < 0) {
		finish(jb, RL_EXIT_USAGE, "refused", "--name-label: %s; nothing written",
		       rl_err_str(&e, buf, sizeof(buf)));
		return -1;
	}
	po->name_label = label;
	return 0;
}

static int plan_it(struct job *jb)
{
	const struct rl_job_opts *o = jb->o;
	struct rl_planner_opts po;
	const char *idents[JOB_MAX_DEVS];
	struct rl_refusal r = { 0, "" };
	struct rl_err e;
	char buf[800], label[1024], sr[XS_UUID_BUFSZ], date[16];
	unsigned k;

	memset(&po, 0, sizeof(po));
	po.scope = o->scope;
	po.sr_uuid = o->sr_uuid;
	po.vg_name = o->vg_name;
	if (o->name_label && job_label(jb, &po, label, sizeof(label), sr) < 0)
		return -1;
	if (o->vdi_name_label) {
		label_date(date);
		po.vdi_name_label = o->vdi_name_label;
		po.label_date = date;
		po.label_index = o->batch_index ? o->batch_index : 1;
	}
	po.taken_vg_names = o->taken_vg_names;
	po.n_taken = o->n_taken;
	/* each PV's device is one of the job's, identified when it was opened */
	for (k = 0; k < jb->vg.n_pvs && k < JOB_MAX_DEVS; k++)
		idents[k] = jb->idents[jb->vg.pvs[k]->dev - jb->devs];
	po.idents = idents;
	po.n_idents = k;
	rl_err_init(&e, NULL);
	if (rl_plan_build(&jb->vg, &po, &jb->plan, &jb->info, &e) < 0) {
		int code = err_exit(&e);

		return finish(jb, code, "refused", "%s; nothing written", rl_err_str(&e, buf, sizeof(buf)));
	}
	jb->planned = 1;
	if (rl_refuse_pending(o->jscan, o->journal_dir, o->skip_tag, &jb->plan, &r))
		return refused(jb, &r);
	add_ids(jb);
	return 0;
}

/* Plan device k's open device, in plan order. */
static void plan_devs(struct job *jb, struct rl_dev *out)
{
	unsigned k;

	for (k = 0; k < jb->plan.ndevs; k++)
		out[k] = *jb->vg.pvs[k]->dev;
}

static int all_block(struct job *jb)
{
	unsigned i;

	for (i = 0; i < jb->n; i++)
		if (!jb->devs[i].is_blk)
			return 0;
	return 1;
}

static int transact(struct job *jb)
{
	const struct rl_job_opts *o = jb->o;
	struct rl_dev *pd = calloc(JOB_MAX_DEVS, sizeof(*pd));
	struct rl_journal j;
	struct rl_jfile jf = { -1, "" };
	struct rl_wreport rep;
	struct rl_wcount local, *c = o->count ? o->count : &local;
	struct rl_err e;
	enum rl_wresult wr;
	char buf[900];
	int code = RL_EXIT_OK;
	uint32_t i;

	rl_wcount_init(&local, NULL);
	if (!pd)
		return finish(jb, RL_EXIT_FAIL, "failed", "out of memory; nothing written");
	plan_devs(jb, pd);
	rl_err_init(&e, NULL);
	if (rl_journal_init_from_plan(&j, &jb->plan, (uint64_t)time(NULL), o->tool, &e) < 0) {
		free(pd);
		return finish(jb, RL_EXIT_FAIL, "failed", "%s; nothing written",
			      rl_err_str(&e, buf, sizeof(buf)));
	}
	/* a name that survives a reboot, for --recover to find the LUN by */
	for (i = 0; i < j.plan.ndevs; i++)
		rl_lun_stable_name(j.plan.devs[i].path, j.fp[i].name, sizeof(j.fp[i].name));
	if (rl_journal_fingerprint(&j, pd, &e) < 0 ||
	    rl_journal_create(&jf, o->journal_dir, &j, time(NULL), o->journal_tag, &e) < 0) {
		rl_journal_free(&j);
		free(pd);
		return finish(jb, RL_EXIT_JOURNAL, "failed", "journal: %s; nothing written",
			      rl_err_str(&e, buf, sizeof(buf)));
	}
	json_object_object_add(jb->res, "journal", jstr(jf.path));
	add_ranges(jb);
	wr = rl_writer_run(&j, &jf, pd, 1, c, &rep, &e);
	json_object_object_add(jb->res, "writes", json_object_new_int64((int64_t)rep.count.writes));
	switch (wr) {
	case RL_W_OK:
		break;
	case RL_W_DRIFT:
		code = finish(jb, RL_EXIT_MISMATCH, "refused", "%s", rl_err_str(&e, buf, sizeof(buf)));
		goto out;
	case RL_W_IOERR:
	case RL_W_VERIFY:
		code = finish(jb, wr == RL_W_VERIFY ? RL_EXIT_VERIFY : RL_EXIT_FAIL, "rolled-back",
			      "%s; every region was put back (journal %s)",
			      rl_err_str(&e, buf, sizeof(buf)), jf.path);
		goto out;
	case RL_W_ROLLBACK_FAILED:
	case RL_W_JOURNAL:
	case RL_W_INVAL:
		code = finish(jb, RL_EXIT_FAIL, "failed", "%s; run relun-resign --recover %s",
			      rl_err_str(&e, buf, sizeof(buf)), jf.path);
		goto out;
	}
	/* LVM's own parser reads the result later, for the whole batch at once
	 * (rl_batch_verify); what it needs goes with the result */
	{
		json_object *v = json_object_new_object(), *d = json_object_new_array();
		unsigned k;

		for (k = 0; k < jb->plan.ndevs; k++)
			json_object_array_add(d, jstr(jb->plan.devs[k].path));
		json_object_object_add(v, "devices", d);
		json_object_object_add(v, "vg_name", jstr(jb->info.new_vg_name));
		json_object_object_add(v, "vg_uuid", jstr(jb->info.new_vg_uuid));
		json_object_object_add(v, "pv_count", json_object_new_int64(jb->vg.vg->n_pvs));
		json_object_object_add(v, "lv_count", json_object_new_int64(jb->vg.vg->n_lvs));
		json_object_object_add(v, "journal", jstr(jf.path));
		if (!o->verify)
			json_object_object_add(v, "skip", jstr("skipped (--no-verify)"));
		else if (!all_block(jb))
			json_object_object_add(v, "skip", jstr("skipped: image files, not block devices "
							       "(LVM only scans block devices)"));
		json_object_object_add(jb->res, RL_JOB_VERIFY_KEY, v);
	}
	code = finish(jb, RL_EXIT_OK, "resigned", "%s is now %s", jb->info.old_vg_name,
		      jb->info.new_vg_name);
out:
	rl_jfile_close(&jf);
	rl_journal_free(&j);
	free(pd);
	return code;
}

static void close_all(struct job *jb)
{
	unsigned i;

	if (jb->vg_read)
		lun_vg_free(&jb->vg);
	for (i = 0; i < jb->n; i++) {
		if (jb->pv_read[i])
			lun_pv_free(&jb->pvs[i]);
		if (jb->opened[i])
			rl_dev_close(&jb->devs[i]);
		jb->pv_read[i] = jb->opened[i] = 0;
	}
	jb->vg_read = 0;
}

void *rl_job_run(const char *const *paths, unsigned n, const struct rl_job_verdict *verdicts,
		 const struct rl_job_opts *o, int *exit_code)
{
	struct job *jb = calloc(1, sizeof(*jb));
	json_object *res = json_object_new_object(), *devs = json_object_new_array();
	unsigned i;
	int r;

	for (i = 0; i < n; i++)
		json_object_array_add(devs, jstr(paths[i]));
	json_object_object_add(res, "devices", devs);
	if (!jb) {
		json_object_object_add(res, "status", jstr("failed"));
		json_object_object_add(res, "message", jstr("out of memory"));
		*exit_code = RL_EXIT_FAIL;
		goto done;
	}
	jb->o = o;
	jb->res = res;
	jb->notes = json_object_new_array();
	jb->paths = paths;
	jb->n = n;
	if (n == 0 || n > JOB_MAX_DEVS) {
		finish(jb, RL_EXIT_USAGE, "refused", "%u devices in one VG (1 to %d)", n, JOB_MAX_DEVS);
		goto out;
	}
	if (open_and_read(jb))
		goto out;
	r = check_verdicts(jb, verdicts);
	if (r >= 0 || read_vg(jb))
		goto out;
	if (r == -2) {
		/* a unique identity (DR site): attach it as it is */
		snprintf(jb->info.old_sr_uuid, sizeof(jb->info.old_sr_uuid), "%s", jb->vg.sr_uuid);
		snprintf(jb->info.name_label, sizeof(jb->info.name_label), "%s",
			 jb->vg.mgt ? jb->vg.mgt->sr_name_label : jb->vg.vg->name);
		jb->info.is_sr = jb->vg.is_sr;
		for (i = 0; jb->vg.mgt && i < jb->vg.mgt->n_vdis; i++)
			if (!jb->vg.mgt->vdis[i].deleted && !strcmp(jb->vg.mgt->vdis[i].type, "metadata"))
				jb->info.pool_metadata = 1;
		json_object_object_add(res, "vg_name", pair(jb->vg.vg->name, jb->vg.vg->name));
		if (jb->vg.is_sr)
			json_object_object_add(res, "sr_uuid", pair(jb->vg.sr_uuid, jb->vg.sr_uuid));
		add_xe(jb, 1);
		finish(jb, RL_EXIT_OK, "not-needed", "no other LUN carries this identity: nothing "
		       "to resign; attach it as it is%s", jb->vg.is_sr ? " (xe commands below)" : "");
		goto out;
	}
	if (plan_it(jb))
		goto out;
	if (o->dry_run) {
		json_object_object_add(res, "plan", rl_plan_to_json(&jb->plan));
		if (o->want_text) {
			char *buf = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&buf, &len);

			if (f) {
				rl_plan_print_text(&jb->plan, f);
				fclose(f);
				json_object_object_add(res, "plan_text", jstr(buf));
				free(buf);
			}
		}
		add_xe(jb, 0);
		finish(jb, RL_EXIT_OK, "planned", "dry run: %zu regions (%llu bytes) would change; "
		       "nothing written", jb->plan.nregs,
		       (unsigned long long)rl_plan_bytes(&jb->plan));
		goto out;
	}
	if (transact(jb) == RL_EXIT_OK)
		add_xe(jb, 0);
out:
	close_all(jb);
	rl_runlock_release(&jb->idlock);
	if (jb->planned) {
		rl_plan_free(&jb->plan);
		rl_plan_info_free(&jb->info);
	}
	json_object_object_add(res, "notes", jb->notes);
	*exit_code = jb->code;
	free(jb);
done:
	json_object_object_add(res, "exit_code", json_object_new_int(*exit_code));
	return res;
}
