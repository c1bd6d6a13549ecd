#include "job.h"

#include <errno.h>
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
#include "rl_ident.h"
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
	if (pdev_from_path(sys, path, d, &e) == 0)
		rl_ident_format(out, n, d->ident_kind, d->ident);
	free(d);
	return 0;
}

struct job {
	const struct rl_job_opts *o;
	struct rl_job_result *res;
	int code;
	unsigned n;
	const char *const *paths;
	struct rl_dev devs[JOB_MAX_DEVS];
	int opened[JOB_MAX_DEVS];
	struct lun_pv pvs[JOB_MAX_DEVS];
	int pv_read[JOB_MAX_DEVS];
	char idents[JOB_MAX_DEVS][RL_JOB_IDENT_MAX]; /* rl_job_ident of each device */
	const struct rl_job_verdict *verdicts;
	struct lun_vg vg;
	int vg_read;
	struct rl_plan plan;
	struct rl_plan_info info;
	int planned;
	struct rl_runlock idlock;       /* its LUNs by identity (other paths) */
};

static int finish(struct job *jb, int code, enum rl_job_status status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int finish(struct job *jb, int code, enum rl_job_status status, const char *fmt, ...)
{
	char buf[2400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	jb->code = code;
	rl_job_result_set(jb->res, status, code, "%s", buf);
	return code;
}

static int refused(struct job *jb, const struct rl_refusal *r)
{
	return finish(jb, r->code, RL_JOB_REFUSED, "%s; nothing written", r->msg);
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

static int pair(struct rl_idpair *p, const char *a, const char *b, const char *device)
{
	p->old_v = strdup(a ? a : "");
	p->new_v = strdup(b ? b : "");
	p->device = device ? strdup(device) : NULL;
	return p->old_v && p->new_v && (!device || p->device) ? 0 : -1;
}

static int add_pair(struct rl_idpair **v, size_t *n, const struct rl_idmap *m, const char *device)
{
	struct rl_idpair *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	*v = nv;
	memset(&nv[*n], 0, sizeof(nv[*n]));
	return pair(&nv[(*n)++], m->old_v, m->new_v, device);
}

/* The identity map into the result. */
static int add_ids(struct job *jb)
{
	const struct rl_plan_info *in = &jb->info;
	struct rl_job_result *r = jb->res;
	int bad = 0;
	size_t i;

	r->has_ids = 1;
	r->scope = strdup(in->scope);
	r->is_sr = in->is_sr;
	if (in->is_sr)
		bad |= pair(&r->sr_uuid, in->old_sr_uuid, in->new_sr_uuid, NULL);
	bad |= pair(&r->vg_name, in->old_vg_name, in->new_vg_name, NULL);
	bad |= pair(&r->vg_uuid, in->old_vg_uuid, in->new_vg_uuid, NULL);
	r->seqno = in->seqno;
	for (i = 0; i < jb->plan.nids; i++) {
		const struct rl_idmap *m = &jb->plan.ids[i];

		switch (m->kind) {
		case RL_ID_PV_UUID:
			bad |= add_pair(&r->pvs, &r->n_pvs, m, m->where);
			break;
		case RL_ID_VDI_UUID:
			bad |= add_pair(&r->vdis, &r->n_vdis, m, NULL);
			break;
		case RL_ID_LV_NAME:
			bad |= add_pair(&r->lv_names, &r->n_lv_names, m, NULL);
			break;
		default:
			break;
		}
	}
	if (in->is_sr) {
		r->name_label = strdup(in->name_label);
		r->pool_metadata = in->pool_metadata;
		bad |= !r->name_label;
	}
	r->regions = jb->plan.nregs;
	r->bytes = rl_plan_bytes(&jb->plan);
	bad |= !r->scope || rl_plan_summarize(&jb->plan, &r->plan) < 0;
	return bad ? -1 : 0;
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
	size_t n = 0;
	struct rl_job_result *r = jb->res;

	if (!id || !jb->info.is_sr) {
		free(id);
		return;
	}
	xe_input(jb, &in, id, keep_uuids, devlist, sizeof(devlist));
	if (rl_xe_lines(&in, &lines, &n, &e) < 0) {
		rl_job_result_note(jb->res, "no xe commands: %s", rl_err_str(&e, buf, sizeof(buf)));
		free(id);
		return;
	}
	r->has_xe = 1;
	r->sr_type = in.type;
	r->has_xe_commands = rl_strv_dup(&r->xe_commands, &r->n_xe_commands,
					 (const char *const *)lines, n) == 0;
	rl_xe_lines_free(lines, n);
	/* the run writes one attach script from this (attach_run.c) */
	r->has_attach = rl_job_attach_set(&r->attach, &in) == 0;
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
			return finish(jb, RL_EXIT_NODEV, RL_JOB_REFUSED,
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
			const struct rl_job_verdict *v = jb->verdicts ? &jb->verdicts[i] : NULL;

			/* the judge's identity of this node, found the same way,
			 * unless the name leads to another device now */
			if (v && v->found && v->has_ident && v->rdev == jb->devs[i].rdev)
				snprintf(jb->idents[i], sizeof(jb->idents[i]), "%s", v->ident);
			else
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
			return finish(jb, RL_EXIT_NODEV, RL_JOB_FAILED, "%s", rl_err_str(&e, buf, sizeof(buf)));
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
		return finish(jb, e.code == RL_E_NOMEM ? RL_EXIT_FAIL : RL_EXIT_INCOMPLETE, RL_JOB_REFUSED,
			      "%s; nothing written", rl_err_str(&e, buf, sizeof(buf)));
	}
	jb->vg_read = 1;
	if (rl_refuse_vg(&jb->vg, o->force, &r))
		return refused(jb, &r);
	if (jb->vg.n_inflight)
		rl_job_result_note(jb->res, "%u in-flight LV(s) left as they are (--force)", jb->vg.n_inflight);
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
				return finish(jb, RL_EXIT_ORIGINAL, RL_JOB_REFUSED, "%s: could not be judged "
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
			finish(jb, RL_EXIT_NODEV, RL_JOB_REFUSED, "%s; nothing written",
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
		finish(jb, RL_EXIT_USAGE, RL_JOB_REFUSED, "--name-label: %s; nothing written",
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

		return finish(jb, code, RL_JOB_REFUSED, "%s; nothing written", rl_err_str(&e, buf, sizeof(buf)));
	}
	jb->planned = 1;
	if (rl_refuse_pending(o->jscan, o->journal_dir, o->skip_tag, &jb->plan, &r))
		return refused(jb, &r);
	if (add_ids(jb) < 0)
		return finish(jb, RL_EXIT_FAIL, RL_JOB_FAILED, "out of memory; nothing written");
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
		return finish(jb, RL_EXIT_FAIL, RL_JOB_FAILED, "out of memory; nothing written");
	plan_devs(jb, pd);
	rl_err_init(&e, NULL);
	if (rl_journal_init_from_plan(&j, &jb->plan, (uint64_t)time(NULL), o->tool, &e) < 0) {
		free(pd);
		return finish(jb, RL_EXIT_FAIL, RL_JOB_FAILED, "%s; nothing written",
			      rl_err_str(&e, buf, sizeof(buf)));
	}
	/* a name that survives a reboot, for --recover to find the LUN by */
	for (i = 0; i < j.plan.ndevs; i++)
		rl_lun_stable_name(j.plan.devs[i].path, j.fp[i].name, sizeof(j.fp[i].name));
	if (rl_journal_fingerprint(&j, pd, &e) < 0 ||
	    rl_journal_create(&jf, o->journal_dir, &j, time(NULL), o->journal_tag, &e) < 0) {
		rl_journal_free(&j);
		free(pd);
		return finish(jb, RL_EXIT_JOURNAL, RL_JOB_FAILED, "journal: %s; nothing written",
			      rl_err_str(&e, buf, sizeof(buf)));
	}
	jb->res->journal = strdup(jf.path);
	wr = rl_writer_run(&j, &jf, pd, 1, c, &rep, &e);
	jb->res->writes = rep.count.writes;
	switch (wr) {
	case RL_W_OK:
		break;
	case RL_W_DRIFT:
		code = finish(jb, RL_EXIT_MISMATCH, RL_JOB_REFUSED, "%s", rl_err_str(&e, buf, sizeof(buf)));
		goto out;
	case RL_W_IOERR:
	case RL_W_VERIFY:
		code = finish(jb, wr == RL_W_VERIFY ? RL_EXIT_VERIFY : RL_EXIT_FAIL, RL_JOB_ROLLED_BACK,
			      "%s; every region was put back (journal %s)",
			      rl_err_str(&e, buf, sizeof(buf)), jf.path);
		goto out;
	case RL_W_ROLLBACK_FAILED:
	case RL_W_JOURNAL:
	case RL_W_INVAL:
		code = finish(jb, RL_EXIT_FAIL, RL_JOB_FAILED, "%s; run relun-resign --recover %s",
			      rl_err_str(&e, buf, sizeof(buf)), jf.path);
		goto out;
	}
	/* LVM's own parser reads the result later, for the whole batch at once
	 * (rl_batch_verify); what it needs goes with the result */
	{
		struct rl_job_verify *v = &jb->res->verify;
		const char *devs[JOB_MAX_DEVS];
		unsigned k;

		for (k = 0; k < jb->plan.ndevs && k < JOB_MAX_DEVS; k++)
			devs[k] = jb->plan.devs[k].path;
		v->wanted = 1;
		v->skip = !o->verify ? RL_VERIFY_SKIP_OPTION :
			  !all_block(jb) ? RL_VERIFY_SKIP_IMAGES : RL_VERIFY_RUN;
		v->vg_name = strdup(jb->info.new_vg_name);
		v->vg_uuid = strdup(jb->info.new_vg_uuid);
		v->pv_count = jb->vg.vg->n_pvs;
		v->lv_count = jb->vg.vg->n_lvs;
		rl_strv_dup(&v->devs, &v->ndevs, devs, k);
	}
	code = finish(jb, RL_EXIT_OK, RL_JOB_RESIGNED, "%s is now %s", jb->info.old_vg_name,
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

int rl_job_run(const char *const *paths, unsigned n, const struct rl_job_verdict *verdicts,
	       const struct rl_job_opts *o, struct rl_job_result *res)
{
	struct job *jb;
	unsigned i;
	int r, code;

	rl_job_result_json_seed();
	if (rl_job_result_init(res, paths, n) < 0 || !(jb = calloc(1, sizeof(*jb)))) {
		rl_job_result_set(res, RL_JOB_FAILED, RL_EXIT_FAIL, "out of memory");
		return RL_EXIT_FAIL;
	}
	res->has_notes = 1;
	jb->o = o;
	jb->res = res;
	jb->paths = paths;
	jb->verdicts = verdicts;
	jb->n = n;
	if (n == 0 || n > JOB_MAX_DEVS) {
		finish(jb, RL_EXIT_USAGE, RL_JOB_REFUSED, "%u devices in one VG (1 to %d)", n, JOB_MAX_DEVS);
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
		res->kept = 1;
		res->is_sr = jb->vg.is_sr;
		if (pair(&res->vg_name, jb->vg.vg->name, jb->vg.vg->name, NULL) < 0 ||
		    (jb->vg.is_sr && pair(&res->sr_uuid, jb->vg.sr_uuid, jb->vg.sr_uuid, NULL) < 0)) {
			finish(jb, RL_EXIT_FAIL, RL_JOB_FAILED, "out of memory; nothing written");
			goto out;
		}
		add_xe(jb, 1);
		finish(jb, RL_EXIT_OK, RL_JOB_NOT_NEEDED, "no other LUN carries this identity: nothing "
		       "to resign; attach it as it is%s", jb->vg.is_sr ? " (xe commands below)" : "");
		goto out;
	}
	if (plan_it(jb))
		goto out;
	if (o->dry_run) {
		res->show_plan = 1;
		add_xe(jb, 0);
		finish(jb, RL_EXIT_OK, RL_JOB_PLANNED, "dry run: %zu regions (%llu bytes) would change; "
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
	code = jb->code;
	res->exit_code = code;
	free(jb);
	return code;
}
