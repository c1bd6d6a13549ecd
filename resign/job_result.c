#include "job_result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[RL_JOB_N_STATUS] = {
	[RL_JOB_RESIGNED] = "resigned",
	[RL_JOB_PLANNED] = "planned",
	[RL_JOB_NOT_NEEDED] = "not-needed",
	[RL_JOB_REFUSED] = "refused",
	[RL_JOB_ROLLED_BACK] = "rolled-back",
	[RL_JOB_FAILED] = "failed",
};

const char *rl_job_status_name(enum rl_job_status s)
{
	return (unsigned)s < RL_JOB_N_STATUS ? status_names[s] : "failed";
}

int rl_job_status_parse(const char *s, enum rl_job_status *out)
{
	int i;

	for (i = 0; s && i < RL_JOB_N_STATUS; i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum rl_job_status)i;
			return 0;
		}
	return -1;
}

void rl_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

int rl_strv_dup(char ***out, size_t *n_out, const char *const *v, size_t n)
{
	char **c = calloc(n ? n : 1, sizeof(*c));
	size_t i;

	*out = NULL;
	*n_out = 0;
	if (!c)
		return -1;
	for (i = 0; i < n; i++)
		if (!(c[i] = strdup(v[i] ? v[i] : ""))) {
			rl_strv_free(c, i);
			return -1;
		}
	*out = c;
	*n_out = n;
	return 0;
}

int rl_job_result_init(struct rl_job_result *r, const char *const *devs, size_t n)
{
	memset(r, 0, sizeof(*r));
	r->status = RL_JOB_FAILED;
	r->exit_code = 1;
	return rl_strv_dup(&r->devices, &r->n_devices, devs, n);
}

static void pair_free(struct rl_idpair *p)
{
	free(p->old_v);
	free(p->new_v);
	free(p->device);
}

static void pairs_free(struct rl_idpair *p, size_t n)
{
	size_t i;

	for (i = 0; p && i < n; i++)
		pair_free(&p[i]);
	free(p);
}

void rl_job_attach_free(struct rl_job_attach *a)
{
	free(a->target);
	free(a->port);
	free(a->target_iqn);
	free(a->scsi_id);
	free(a->device);
	free(a->sr_uuid);
	free(a->orig_sr_uuid);
	free(a->name_label);
	free(a->name_description);
	free(a->vdis);
	memset(a, 0, sizeof(*a));
}

void rl_job_result_free(struct rl_job_result *r)
{
	rl_strv_free(r->devices, r->n_devices);
	free(r->message);
	rl_strv_free(r->notes, r->n_notes);
	free(r->scope);
	pair_free(&r->sr_uuid);
	pair_free(&r->vg_name);
	pair_free(&r->vg_uuid);
	pairs_free(r->pvs, r->n_pvs);
	pairs_free(r->vdis, r->n_vdis);
	pairs_free(r->lv_names, r->n_lv_names);
	free(r->name_label);
	rl_plan_summary_free(&r->plan);
	free(r->journal);
	rl_strv_free(r->xe_commands, r->n_xe_commands);
	rl_job_attach_free(&r->attach);
	free(r->verify.vg_name);
	free(r->verify.vg_uuid);
	rl_strv_free(r->verify.devs, r->verify.ndevs);
	free(r->lvm_check.note);
	rl_strv_free(r->lvm_check.msgs, r->lvm_check.n_msgs);
	free(r->refresh);
	free(r->xe_script);
	memset(r, 0, sizeof(*r));
}

void rl_job_result_set(struct rl_job_result *r, enum rl_job_status st, int code,
		       const char *fmt, ...)
{
	va_list ap;
	char *m = NULL;

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	free(r->message);
	r->message = m;
	r->status = st;
	r->exit_code = code;
}

void rl_job_result_note(struct rl_job_result *r, const char *fmt, ...)
{
	va_list ap;
	char *m = NULL, **nv;

	va_start(ap, fmt);
	if (vasprintf(&m, fmt, ap) < 0)
		m = NULL;
	va_end(ap);
	nv = m ? realloc(r->notes, (r->n_notes + 1) * sizeof(*nv)) : NULL;
	if (!nv) {
		free(m);
		return;
	}
	nv[r->n_notes++] = m;
	r->notes = nv;
}

static char *opt_dup(const char *s, int *bad)
{
	char *c;

	if (!s || !*s)
		return NULL;
	c = strdup(s);
	*bad |= !c;
	return c;
}

int rl_job_attach_set(struct rl_job_attach *a, const struct rl_xe_input *in)
{
	int bad = 0;

	memset(a, 0, sizeof(*a));
	a->type = in->type;
	a->target = opt_dup(in->target, &bad);
	a->port = opt_dup(in->port, &bad);
	a->target_iqn = opt_dup(in->target_iqn, &bad);
	a->scsi_id = opt_dup(in->scsi_id, &bad);
	a->device = opt_dup(in->device, &bad);
	a->sr_uuid = opt_dup(in->sr_uuid, &bad);
	a->orig_sr_uuid = opt_dup(in->orig_sr_uuid, &bad);
	a->name_label = opt_dup(in->name_label, &bad);
	a->name_description = opt_dup(in->name_description, &bad);
	a->pool_metadata = in->pool_metadata;
	/* the vm-import hints are all the script does with the VDI map */
	if (in->pool_metadata && in->n_vdis) {
		a->vdis = malloc(in->n_vdis * sizeof(*a->vdis));
		bad |= !a->vdis;
		if (a->vdis) {
			memcpy(a->vdis, in->vdis, in->n_vdis * sizeof(*a->vdis));
			a->n_vdis = in->n_vdis;
		}
	}
	if (bad) {
		rl_job_attach_free(a);
		return -1;
	}
	return 0;
}

void rl_job_attach_input(const struct rl_job_attach *a, struct rl_xe_input *in)
{
	memset(in, 0, sizeof(*in));
	in->type = a->type;
	in->target = a->target;
	in->port = a->port;
	in->target_iqn = a->target_iqn;
	in->scsi_id = a->scsi_id;
	in->device = a->device;
	in->sr_uuid = a->sr_uuid;
	in->orig_sr_uuid = a->orig_sr_uuid;
	in->name_label = a->name_label ? a->name_label : "";
	in->name_description = a->name_description ? a->name_description : "";
	in->pool_metadata = a->pool_metadata;
	in->vdis = a->vdis;
	in->n_vdis = a->n_vdis;
}

const char *rl_job_result_new_sr(const struct rl_job_result *r)
{
	return r->is_sr && (r->has_ids || r->kept) ? r->sr_uuid.new_v : NULL;
}

const char *rl_job_result_new_vg(const struct rl_job_result *r)
{
	return r->has_ids || r->kept ? r->vg_name.new_v : NULL;
}

int rl_job_result_undone(const struct rl_job_result *r)
{
	return r->lvm_check.present && r->lvm_check.ran && !r->lvm_check.ok;
}
