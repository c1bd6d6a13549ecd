#include "batch_verify.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "lvm_verify.h"
#include "recover.h"

/* VGs per vgs/vgck call: the filter grows with each device, and a group
 * that is not clean is re-checked VG by VG. */
#define GROUP 128

struct item {
	json_object *res, *v;
	int *code;
	const char **devs;
	size_t ndevs;
	struct rl_lvm_vg *vg;   /* NULL: not checked (skip note or bad input) */
	const char *skip;
};

static const char *str_of(json_object *o, const char *key)
{
	json_object *x;

	return json_object_object_get_ex(o, key, &x) ? json_object_get_string(x) : NULL;
}

static int64_t int_of(json_object *o, const char *key)
{
	json_object *x;

	return json_object_object_get_ex(o, key, &x) ? json_object_get_int64(x) : -1;
}

static void set_str(json_object *o, const char *key, const char *v)
{
	json_object_object_del(o, key);
	json_object_object_add(o, key, json_object_new_string(v));
}

static void put_check(json_object *res, const struct rl_lvm_check *c, const char *note)
{
	json_object *v = json_object_new_object();
	unsigned k;

	json_object_object_add(v, "ran", json_object_new_boolean(c ? c->ran : 0));
	json_object_object_add(v, "ok", json_object_new_boolean(c ? c->ok : 0));
	json_object_object_add(v, "note", json_object_new_string(c ? c->note : note));
	if (c && c->n_msgs) {
		json_object *m = json_object_new_array();

		for (k = 0; k < c->n_msgs; k++)
			json_object_array_add(m, json_object_new_string(c->msgs[k]));
		json_object_object_add(v, "messages", m);
	}
	json_object_object_add(res, "lvm_check", v);
}

/* LVM rejects what was written: put every region back from the journal
 * (the same code path as --undo, which checks each device is still the
 * journal's "after" image first). */
static void undo(struct item *it, const struct rl_lvm_check *c, const struct rl_job_opts *o)
{
	const char *jpath = str_of(it->v, "journal"), *script = str_of(it->res, "xe_script");
	struct rl_recover_opts ro;
	struct rl_recover_report rep;
	char msg[2400];
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.mode = RL_REC_UNDO;
	ro.ident = rl_job_ident;
	ro.ident_arg = (void *)o->sys;
	ro.sys = o->sys;
	rc = jpath ? rl_recover(jpath, &ro, &rep) : RL_EXIT_FAIL;
	if (rc == RL_EXIT_OK) {
		snprintf(msg, sizeof(msg), "LVM does not read the result cleanly (%s); every region "
			 "was put back (journal %s)", c->note, jpath);
		set_str(it->res, "status", "rolled-back");
		*it->code = RL_EXIT_VERIFY;
	} else {
		snprintf(msg, sizeof(msg), "LVM does not read the result cleanly (%s) and putting "
			 "it back failed (%s); run relun-resign --undo %s", c->note,
			 jpath ? rep.msg : "no journal", jpath ? jpath : "JOURNAL");
		set_str(it->res, "status", "failed");
		*it->code = RL_EXIT_FAIL;
	}
	set_str(it->res, "message", msg);
	json_object_object_del(it->res, "xe_commands");
	if (script) {
		unlink(script);
		json_object_object_del(it->res, "xe_script");
	}
	json_object_object_del(it->res, "exit_code");
	json_object_object_add(it->res, "exit_code", json_object_new_int(*it->code));
}

/* Test builds only: RELUN_FAULT_LVM_REJECT=NAME (read by the test build's
 * main into want) makes the check of VG NAME fail as if LVM had rejected
 * it, so the undo path can be tested. */
static void test_reject(struct rl_lvm_vg *v, size_t n, const char *want)
{
	size_t i;

	for (i = 0; want && *want && i < n; i++)
		if (v[i].vg_name && !strcmp(v[i].vg_name, want)) {
			v[i].c.ran = 1;
			v[i].c.ok = 0;
			snprintf(v[i].c.note, sizeof(v[i].c.note), "rejected by " RL_FAULT_LVM_ENV
				 " (test only)");
		}
}

void rl_batch_verify(void **resv, int *codes, size_t n, const struct rl_job_opts *o)
{
	struct item *it = calloc(n ? n : 1, sizeof(*it));
	struct rl_lvm_vg *vgs = calloc(n ? n : 1, sizeof(*vgs));
	struct rl_lvm_refresh_item *rf = calloc(n ? n : 1, sizeof(*rf));
	size_t i, k, nv = 0, nr = 0;

	if (!it || !vgs || !rf) {
		free(it);
		free(vgs);
		free(rf);
		return;
	}
	for (i = 0; i < n; i++) {
		json_object *res = resv[i], *d;

		it[i].res = res;
		it[i].code = &codes[i];
		if (!res || !json_object_object_get_ex(res, RL_JOB_VERIFY_KEY, &it[i].v))
			continue;
		it[i].skip = str_of(it[i].v, "skip");
		if (!json_object_object_get_ex(it[i].v, "devices", &d) ||
		    !json_object_is_type(d, json_type_array))
			continue;
		it[i].ndevs = json_object_array_length(d);
		it[i].devs = calloc(it[i].ndevs ? it[i].ndevs : 1, sizeof(*it[i].devs));
		if (!it[i].devs)
			continue;
		for (k = 0; k < it[i].ndevs; k++)
			it[i].devs[k] = json_object_get_string(json_object_array_get_idx(d, k));
		if (it[i].skip)
			continue;
		it[i].vg = &vgs[nv++];
		it[i].vg->devs = it[i].devs;
		it[i].vg->ndevs = it[i].ndevs;
		it[i].vg->vg_name = str_of(it[i].v, "vg_name");
		it[i].vg->vg_uuid = str_of(it[i].v, "vg_uuid");
		it[i].vg->n_pvs = (unsigned)int_of(it[i].v, "pv_count");
		it[i].vg->n_lvs = (unsigned)int_of(it[i].v, "lv_count");
	}
	if (nv)
		rl_lvm_verify_many(vgs, nv, GROUP);
	test_reject(vgs, nv, o->fault_lvm_reject);
	for (i = 0; i < n; i++) {
		if (!it[i].v)
			continue;
		if (!it[i].vg) {
			put_check(it[i].res, NULL, it[i].skip ? it[i].skip : "not run: bad job result");
		} else {
			const struct rl_lvm_check *c = &it[i].vg->c;

			put_check(it[i].res, c, NULL);
			if (c->ran && !c->ok) {
				undo(&it[i], c, o);
				continue;
			}
		}
		if (it[i].skip && strstr(it[i].skip, "image files")) {
			set_str(it[i].res, "refresh", "skipped: image files, not a live host's devices");
			continue;
		}
		rf[nr].devs = it[i].devs;
		rf[nr].ndevs = it[i].ndevs;
		rf[nr].ctx = it[i].res;
		nr++;
	}
	rl_lvm_refresh_many(rf, nr);
	for (i = 0; i < nr; i++)
		set_str(rf[i].ctx, "refresh", rf[i].note);
	for (i = 0; i < n; i++) {
		if (it[i].v)
			json_object_object_del(it[i].res, RL_JOB_VERIFY_KEY);
		free(it[i].devs);
	}
	free(it);
	free(vgs);
	free(rf);
}
