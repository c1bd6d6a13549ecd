/* A job's result as JSON, and back: the --json output (relun-resign(8),
 * "JSON") and the channel from a job process to its parent.  Keys come in
 * the order the job's steps add them: the identities, the plan or the
 * journal and its ranges, the xe commands, the status, then what LVM's
 * check of the batch and the attach script add. */
#include "job_result.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "rl_json.h"

#define WIRE_VERIFY "_verify"
#define WIRE_PLAN "_plan"

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *strv(char *const *v, size_t n)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, jstr(v[i]));
	return a;
}

static json_object *pair(const struct rl_idpair *p)
{
	json_object *o = json_object_new_object();

	add(o, "old", jstr(p->old_v));
	add(o, "new", jstr(p->new_v));
	if (p->device)
		add(o, "device", jstr(p->device));
	return o;
}

static json_object *pairs(const struct rl_idpair *p, size_t n)
{
	json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, pair(&p[i]));
	return a;
}

static void put(json_object *o, const char *k, const char *v)
{
	if (v && *v)
		add(o, k, jstr(v));
}

static json_object *attach_json(const struct rl_job_attach *a)
{
	json_object *o = json_object_new_object(), *v;
	size_t i;

	put(o, "type", rl_sr_type_name(a->type));
	put(o, "sr_uuid", a->sr_uuid);
	put(o, "original_sr_uuid", a->orig_sr_uuid);
	put(o, "target", a->target);
	put(o, "port", a->port);
	put(o, "targetIQN", a->target_iqn);
	put(o, "SCSIid", a->scsi_id);
	put(o, "device", a->device);
	add(o, "name_label", jstr(a->name_label));
	add(o, "name_description", jstr(a->name_description));
	add(o, "pool_metadata", json_object_new_boolean(a->pool_metadata));
	if (a->pool_metadata && a->n_vdis) {
		v = json_object_new_array();
		for (i = 0; i < a->n_vdis; i++) {
			json_object *p = json_object_new_object();

			put(p, "old", a->vdis[i].old_uuid);
			put(p, "new", a->vdis[i].new_uuid);
			json_object_array_add(v, p);
		}
		add(o, "vdi_map", v);
	}
	return o;
}

static json_object *ranges(const struct rl_plan_summary *p)
{
	json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < p->nregs; i++) {
		const struct rl_plan_sum_region *r = &p->regs[i];
		json_object *x = json_object_new_object();

		add(x, "device", jstr(r->dev < p->ndevs ? p->devs[r->dev].path : ""));
		add(x, "phase", jstr(rl_phase_name(r->phase)));
		add(x, "offset", json_object_new_int64((int64_t)r->off));
		add(x, "length", json_object_new_int64((int64_t)r->len));
		add(x, "what", jstr(r->what));
		json_object_array_add(arr, x);
	}
	return arr;
}

static json_object *lvm_check(const struct rl_job_lvm_check *c)
{
	json_object *v = json_object_new_object();

	add(v, "ran", json_object_new_boolean(c->ran));
	add(v, "ok", json_object_new_boolean(c->ok));
	add(v, "note", jstr(c->note));
	if (c->n_msgs)
		add(v, "messages", strv(c->msgs, c->n_msgs));
	return v;
}

static const char *const skip_names[] = {
	[RL_VERIFY_RUN] = "run",
	[RL_VERIFY_SKIP_OPTION] = "option",
	[RL_VERIFY_SKIP_IMAGES] = "images",
};

static json_object *verify_json(const struct rl_job_verify *v)
{
	json_object *o = json_object_new_object();

	add(o, "devices", strv(v->devs, v->ndevs));
	add(o, "vg_name", jstr(v->vg_name));
	add(o, "vg_uuid", jstr(v->vg_uuid));
	add(o, "pv_count", json_object_new_int64(v->pv_count));
	add(o, "lv_count", json_object_new_int64(v->lv_count));
	add(o, "skip", jstr(skip_names[v->skip]));
	return o;
}

static void status(json_object *o, const struct rl_job_result *r)
{
	add(o, "status", jstr(rl_job_status_name(r->status)));
	add(o, "message", jstr(r->message));
}

static void xe(json_object *o, const struct rl_job_result *r)
{
	if (!r->has_xe)
		return;
	add(o, "sr_type", jstr(rl_sr_type_name(r->sr_type)));
	if (r->has_xe_commands)
		add(o, "xe_commands", strv(r->xe_commands, r->n_xe_commands));
	if (r->has_attach)
		add(o, "attach", attach_json(&r->attach));
}

void *rl_job_result_to_json(const struct rl_job_result *r, int wire)
{
	json_object *o = json_object_new_object();
	int undone = rl_job_result_undone(r);

	add(o, "devices", strv(r->devices, r->n_devices));
	if (r->has_ids) {
		add(o, "scope", jstr(r->scope));
		if (r->is_sr)
			add(o, "sr_uuid", pair(&r->sr_uuid));
		add(o, "vg_name", pair(&r->vg_name));
		add(o, "vg_uuid", pair(&r->vg_uuid));
		add(o, "seqno", json_object_new_int64((int64_t)r->seqno));
		add(o, "pvs", pairs(r->pvs, r->n_pvs));
		add(o, "vdis", pairs(r->vdis, r->n_vdis));
		add(o, "lv_names", pairs(r->lv_names, r->n_lv_names));
		if (r->is_sr) {
			add(o, "name_label", jstr(r->name_label));
			add(o, "pool_metadata", json_object_new_boolean(r->pool_metadata));
		}
		add(o, "regions", json_object_new_int64((int64_t)r->regions));
		add(o, "bytes", json_object_new_int64((int64_t)r->bytes));
	} else if (r->kept) {
		add(o, "vg_name", pair(&r->vg_name));
		if (r->is_sr)
			add(o, "sr_uuid", pair(&r->sr_uuid));
	}
	if (r->show_plan)
		add(o, "plan", rl_plan_summary_to_json(&r->plan));
	if (r->journal) {
		add(o, "journal", jstr(r->journal));
		add(o, "ranges", ranges(&r->plan));
		add(o, "writes", json_object_new_int64((int64_t)r->writes));
	}
	/* a written VG's status came before its xe commands, and moved behind
	 * LVM's check when that check undid it */
	if (r->verify.wanted && !undone) {
		status(o, r);
		xe(o, r);
	} else {
		xe(o, r);
		if (!undone)
			status(o, r);
	}
	if (r->has_notes)
		add(o, "notes", strv(r->notes, r->n_notes));
	if (undone) {
		add(o, "lvm_check", lvm_check(&r->lvm_check));
		status(o, r);
		add(o, "exit_code", json_object_new_int(r->exit_code));
	} else {
		add(o, "exit_code", json_object_new_int(r->exit_code));
		if (r->lvm_check.present)
			add(o, "lvm_check", lvm_check(&r->lvm_check));
		if (r->refresh)
			add(o, "refresh", jstr(r->refresh));
	}
	if (r->xe_script)
		add(o, "xe_script", jstr(r->xe_script));
	if (wire && r->verify.wanted)
		add(o, WIRE_VERIFY, verify_json(&r->verify));
	if (wire && r->journal && !r->show_plan)
		add(o, WIRE_PLAN, rl_plan_summary_to_json(&r->plan));
	return o;
}

/* ---- back from JSON ---- */

static char *dup_str(json_object *o, const char *k, int *bad)
{
	const char *v = rl_json_str(o, k);
	char *c;

	if (!v)
		return NULL;
	c = strdup(v);
	*bad |= !c;
	return c;
}

static int strv_of(json_object *a, char ***out, size_t *n)
{
	size_t i, len = a ? json_object_array_length(a) : 0;
	const char **v = calloc(len ? len : 1, sizeof(*v));
	int rc;

	if (!v)
		return -1;
	for (i = 0; i < len; i++)
		v[i] = json_object_get_string(json_object_array_get_idx(a, i));
	rc = rl_strv_dup(out, n, v, len);
	free(v);
	return rc;
}

static int pair_of(json_object *p, struct rl_idpair *out)
{
	int bad = !p;

	out->old_v = dup_str(p, "old", &bad);
	out->new_v = dup_str(p, "new", &bad);
	out->device = dup_str(p, "device", &bad);
	return bad || !out->old_v || !out->new_v ? -1 : 0;
}

static int pairs_of(json_object *a, struct rl_idpair **out, size_t *n)
{
	size_t i, len = a ? json_object_array_length(a) : 0;

	*n = 0;
	*out = calloc(len ? len : 1, sizeof(**out));
	if (!a || !*out)
		return -1;
	for (i = 0; i < len; i++)
		if (pair_of(json_object_array_get_idx(a, i), &(*out)[(*n)++]) < 0)
			return -1;
	return 0;
}

static int attach_of(json_object *o, struct rl_job_attach *a)
{
	json_object *v = rl_json_arr(o, "vdi_map");
	int bad = 0;
	size_t i, n;

	memset(a, 0, sizeof(*a));
	if (rl_sr_type_parse(rl_json_str(o, "type") ? rl_json_str(o, "type") : "", &a->type) < 0)
		return -1;
	a->sr_uuid = dup_str(o, "sr_uuid", &bad);
	a->orig_sr_uuid = dup_str(o, "original_sr_uuid", &bad);
	a->target = dup_str(o, "target", &bad);
	a->port = dup_str(o, "port", &bad);
	a->target_iqn = dup_str(o, "targetIQN", &bad);
	a->scsi_id = dup_str(o, "SCSIid", &bad);
	a->device = dup_str(o, "device", &bad);
	a->name_label = dup_str(o, "name_label", &bad);
	a->name_description = dup_str(o, "name_description", &bad);
	a->pool_metadata = rl_json_bool(o, "pool_metadata");
	if (v && (n = json_object_array_length(v)) > 0) {
		a->vdis = calloc(n, sizeof(*a->vdis));
		if (!a->vdis)
			return -1;
		for (i = 0; i < n; i++) {
			json_object *p = json_object_array_get_idx(v, i);
			const char *x = rl_json_str(p, "old"), *y = rl_json_str(p, "new");

			snprintf(a->vdis[i].old_uuid, sizeof(a->vdis[i].old_uuid), "%s", x ? x : "");
			snprintf(a->vdis[i].new_uuid, sizeof(a->vdis[i].new_uuid), "%s", y ? y : "");
		}
		a->n_vdis = n;
	}
	return bad ? -1 : 0;
}

static int verify_of(json_object *o, struct rl_job_verify *v)
{
	const char *skip = rl_json_str(o, "skip");
	int bad = !skip, k;

	v->wanted = 1;
	v->skip = RL_VERIFY_RUN;
	for (k = 0; skip && k < (int)(sizeof(skip_names) / sizeof(skip_names[0])); k++)
		if (!strcmp(skip, skip_names[k]))
			break;
	bad |= k == (int)(sizeof(skip_names) / sizeof(skip_names[0]));
	if (!bad)
		v->skip = (enum rl_verify_skip)k;
	v->vg_name = dup_str(o, "vg_name", &bad);
	v->vg_uuid = dup_str(o, "vg_uuid", &bad);
	v->pv_count = (unsigned)rl_json_int(o, "pv_count");
	v->lv_count = (unsigned)rl_json_int(o, "lv_count");
	bad |= strv_of(rl_json_arr(o, "devices"), &v->devs, &v->ndevs) < 0;
	return bad ? -1 : 0;
}

int rl_job_result_from_json(const void *obj, struct rl_job_result *r)
{
	json_object *o = (json_object *)obj, *x;
	int bad = 0;

	memset(r, 0, sizeof(*r));
	if (!o || !rl_json_arr(o, "devices") || !rl_json_has(o, "exit_code") ||
	    rl_job_status_parse(rl_json_str(o, "status"), &r->status) < 0)
		return -1;
	bad |= strv_of(rl_json_arr(o, "devices"), &r->devices, &r->n_devices) < 0;
	r->exit_code = (int)rl_json_int(o, "exit_code");
	r->message = dup_str(o, "message", &bad);
	if ((x = rl_json_arr(o, "notes"))) {
		r->has_notes = 1;
		bad |= strv_of(x, &r->notes, &r->n_notes) < 0;
	}
	r->is_sr = rl_json_has(o, "sr_uuid");
	r->has_ids = rl_json_has(o, "scope");
	r->kept = !r->has_ids && rl_json_has(o, "vg_name");
	if (r->has_ids || r->kept) {
		if (r->is_sr)
			bad |= pair_of(rl_json_obj(o, "sr_uuid"), &r->sr_uuid) < 0;
		bad |= pair_of(rl_json_obj(o, "vg_name"), &r->vg_name) < 0;
	}
	if (r->has_ids) {
		r->scope = dup_str(o, "scope", &bad);
		bad |= pair_of(rl_json_obj(o, "vg_uuid"), &r->vg_uuid) < 0;
		r->seqno = (uint64_t)rl_json_int(o, "seqno");
		bad |= pairs_of(rl_json_arr(o, "pvs"), &r->pvs, &r->n_pvs) < 0;
		bad |= pairs_of(rl_json_arr(o, "vdis"), &r->vdis, &r->n_vdis) < 0;
		bad |= pairs_of(rl_json_arr(o, "lv_names"), &r->lv_names, &r->n_lv_names) < 0;
		r->name_label = dup_str(o, "name_label", &bad);
		r->pool_metadata = rl_json_bool(o, "pool_metadata");
		r->regions = (uint64_t)rl_json_int(o, "regions");
		r->bytes = (uint64_t)rl_json_int(o, "bytes");
	}
	r->journal = dup_str(o, "journal", &bad);
	r->writes = (uint64_t)rl_json_int(o, "writes");
	r->show_plan = !r->journal && rl_json_has(o, "plan");
	if ((x = rl_json_obj(o, r->show_plan ? "plan" : WIRE_PLAN)))
		bad |= rl_plan_summary_from_json(x, &r->plan) < 0;
	else
		bad |= r->show_plan || r->journal != NULL;
	if (rl_json_has(o, "sr_type")) {
		r->has_xe = 1;
		bad |= rl_sr_type_parse(rl_json_str(o, "sr_type") ? rl_json_str(o, "sr_type") : "",
					&r->sr_type) < 0;
	}
	if ((x = rl_json_arr(o, "xe_commands"))) {
		r->has_xe_commands = 1;
		bad |= strv_of(x, &r->xe_commands, &r->n_xe_commands) < 0;
	}
	if ((x = rl_json_obj(o, "attach"))) {
		r->has_attach = 1;
		bad |= attach_of(x, &r->attach) < 0;
	}
	if ((x = rl_json_obj(o, WIRE_VERIFY)))
		bad |= verify_of(x, &r->verify) < 0;
	if ((x = rl_json_obj(o, "lvm_check"))) {
		r->lvm_check.present = 1;
		r->lvm_check.ran = rl_json_bool(x, "ran");
		r->lvm_check.ok = rl_json_bool(x, "ok");
		r->lvm_check.note = dup_str(x, "note", &bad);
		if (rl_json_arr(x, "messages"))
			bad |= strv_of(rl_json_arr(x, "messages"), &r->lvm_check.msgs,
				       &r->lvm_check.n_msgs) < 0;
	}
	r->refresh = dup_str(o, "refresh", &bad);
	r->xe_script = dup_str(o, "xe_script", &bad);
	if (bad) {
		rl_job_result_free(r);
		return -1;
	}
	return 0;
}

void rl_job_result_json_seed(void)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "seed", NULL);
	json_object_put(o);
}
