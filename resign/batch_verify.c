#include "batch_verify.h"

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

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
}

static void put_check(struct rl_job_result *r, const struct rl_lvm_check *c, const char *note)
{
	struct rl_job_lvm_check *lc = &r->lvm_check;

	lc->present = 1;
	lc->ran = c ? c->ran : 0;
	lc->ok = c ? c->ok : 0;
	set_str(&lc->note, c ? c->note : note);
	if (c && c->n_msgs) {
		const char *m[RL_LVMV_MAX_MSG];
		unsigned k;

		for (k = 0; k < c->n_msgs && k < RL_LVMV_MAX_MSG; k++)
			m[k] = c->msgs[k];
		rl_strv_dup(&lc->msgs, &lc->n_msgs, m, k);
	}
}

static const char *skip_note(enum rl_verify_skip s)
{
	switch (s) {
	case RL_VERIFY_SKIP_OPTION: return "skipped (--no-verify)";
	case RL_VERIFY_SKIP_IMAGES:
		return "skipped: image files, not block devices (LVM only scans block devices)";
	case RL_VERIFY_RUN: break;
	}
	return "";
}

/* LVM rejects what was written: put every region back from the journal
 * (the same code path as --undo, which checks each device is still the
 * journal's "after" image first). */
static void undo(struct rl_job_result *r, int *code, const struct rl_lvm_check *c,
		 const struct rl_job_opts *o)
{
	const char *jpath = r->journal;
	struct rl_recover_opts ro;
	struct rl_recover_report rep;
	int rc;

	memset(&ro, 0, sizeof(ro));
	ro.mode = RL_REC_UNDO;
	ro.ident = rl_job_ident;
	ro.ident_arg = (void *)o->sys;
	ro.sys = o->sys;
	rc = jpath ? rl_recover(jpath, &ro, &rep) : RL_EXIT_FAIL;
	if (rc == RL_EXIT_OK)
		rl_job_result_set(r, RL_JOB_ROLLED_BACK, RL_EXIT_VERIFY, "LVM does not read the "
				  "result cleanly (%s); every region was put back (journal %s)",
				  c->note, jpath);
	else
		rl_job_result_set(r, RL_JOB_FAILED, RL_EXIT_FAIL, "LVM does not read the result "
				  "cleanly (%s) and putting it back failed (%s); run relun-resign "
				  "--undo %s", c->note, jpath ? rep.msg : "no journal",
				  jpath ? jpath : "JOURNAL");
	*code = r->exit_code;
	rl_strv_free(r->xe_commands, r->n_xe_commands);
	r->xe_commands = NULL;
	r->n_xe_commands = 0;
	r->has_xe_commands = 0;
	if (r->xe_script) {
		unlink(r->xe_script);
		free(r->xe_script);
		r->xe_script = NULL;
	}
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

void rl_batch_verify(struct rl_job_result *res, int *codes, size_t n, const struct rl_job_opts *o)
{
	struct rl_lvm_vg *vgs = calloc(n ? n : 1, sizeof(*vgs));
	struct rl_lvm_vg **vg_of = calloc(n ? n : 1, sizeof(*vg_of));
	struct rl_lvm_refresh_item *rf = calloc(n ? n : 1, sizeof(*rf));
	size_t i, nv = 0, nr = 0;

	if (!vgs || !vg_of || !rf) {
		free(vgs);
		free(vg_of);
		free(rf);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct rl_job_verify *v = &res[i].verify;

		if (!v->wanted || v->skip != RL_VERIFY_RUN)
			continue;
		vg_of[i] = &vgs[nv++];
		vg_of[i]->devs = (const char *const *)v->devs;
		vg_of[i]->ndevs = v->ndevs;
		vg_of[i]->vg_name = v->vg_name;
		vg_of[i]->vg_uuid = v->vg_uuid;
		vg_of[i]->n_pvs = v->pv_count;
		vg_of[i]->n_lvs = v->lv_count;
	}
	if (nv)
		rl_lvm_verify_many(vgs, nv, GROUP);
	test_reject(vgs, nv, o->fault_lvm_reject);
	for (i = 0; i < n; i++) {
		const struct rl_job_verify *v = &res[i].verify;

		if (!v->wanted)
			continue;
		if (!vg_of[i]) {
			put_check(&res[i], NULL, skip_note(v->skip));
		} else {
			const struct rl_lvm_check *c = &vg_of[i]->c;

			put_check(&res[i], c, NULL);
			if (c->ran && !c->ok) {
				undo(&res[i], &codes[i], c, o);
				continue;
			}
		}
		if (v->skip == RL_VERIFY_SKIP_IMAGES) {
			set_str(&res[i].refresh, "skipped: image files, not a live host's devices");
			continue;
		}
		rf[nr].devs = (const char *const *)v->devs;
		rf[nr].ndevs = v->ndevs;
		rf[nr].ctx = &res[i];
		nr++;
	}
	rl_lvm_refresh_many(rf, nr);
	for (i = 0; i < nr; i++)
		set_str(&((struct rl_job_result *)rf[i].ctx)->refresh, rf[i].note);
	free(vgs);
	free(vg_of);
	free(rf);
}
