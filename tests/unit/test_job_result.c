/* A job's result and its JSON codec: what a job process sends its parent
 * comes back as the same struct (wire round trip), the --json form keeps
 * the key order of each path a job takes, and nothing internal leaks into
 * it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "job_result.h"
#include "plan.h"
#include "rl_json.h"

static const char *const devs[] = { "/dev/sdb", "/dev/sdc" };

static char *text(const struct rl_job_result *r, int wire)
{
	json_object *o = rl_job_result_to_json(r, wire);
	char *s = rl_json_text(o, JSON_C_TO_STRING_PLAIN);

	json_object_put(o);
	assert_non_null(s);
	return s;
}

/* The keys of the --json object, in order, comma-separated. */
static void keys(const struct rl_job_result *r, char *out, size_t n)
{
	json_object *o = rl_job_result_to_json(r, 0);

	out[0] = '\0';
	json_object_object_foreach(o, k, v) {
		(void)v;
		snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", k);
	}
	json_object_put(o);
}

static void set_pair(struct rl_idpair *p, const char *a, const char *b, const char *d)
{
	p->old_v = strdup(a);
	p->new_v = strdup(b);
	p->device = d ? strdup(d) : NULL;
}

static void plan(struct rl_plan_summary *s)
{
	struct rl_plan p;
	struct rl_err e;
	uint8_t a[512], b[512];

	memset(a, 0, sizeof(a));
	memset(b, 0xab, sizeof(b));
	rl_plan_init(&p, "VG_XenStorage-old", "full");
	assert_int_equal(rl_plan_add_dev(&p, devs[0], "scsi:36001405aa", 1 << 24, 0x810, 1 << 20, 512, &e), 0);
	assert_int_equal(rl_plan_add_dev(&p, devs[1], "", 1 << 24, 0x820, 1 << 20, 512, &e), 1);
	assert_int_equal(rl_plan_add_region(&p, 1, RL_PHASE_LABEL, 512, a, b, 512, "label", &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LV, 1 << 21, a, b, 512, "MGT sr", &e), 0);
	assert_int_equal(rl_plan_add_id(&p, RL_ID_PV_UUID, "pvold", "pvnew", devs[1], &e), 0);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	assert_int_equal(rl_plan_summarize(&p, s), 0);
	rl_plan_free(&p);
}

/* A resigned SR with everything a job and the batch fill in. */
static void resigned(struct rl_job_result *r)
{
	struct rl_xe_input in;
	struct rl_vdi_pair v = { "6d853111-0435-4639-9bcd-96ccd717ffe6",
				 "fa78fb9c-9e87-4fc2-adb3-1833d935355b" };
	const char *cmds[] = { "xe sr-probe type=lvmohba", "xe sr-scan uuid='x'" };

	assert_int_equal(rl_job_result_init(r, devs, 2), 0);
	r->has_notes = 1;
	rl_job_result_note(r, "%u in-flight LV(s) left as they are (--force)", 2u);
	r->has_ids = 1;
	r->is_sr = 1;
	r->scope = strdup("full");
	set_pair(&r->sr_uuid, "ec747664-c2ba-4e7b-901e-4988a5f9ba85",
		 "11111111-2222-4333-8444-555555555555", NULL);
	set_pair(&r->vg_name, "VG_XenStorage-old", "VG_XenStorage-new", NULL);
	set_pair(&r->vg_uuid, "vgold", "vgnew", NULL);
	r->seqno = 9;
	r->pvs = calloc(1, sizeof(*r->pvs));
	r->n_pvs = 1;
	set_pair(&r->pvs[0], "pvold", "pvnew", devs[1]);
	r->vdis = calloc(1, sizeof(*r->vdis));
	r->n_vdis = 1;
	set_pair(&r->vdis[0], v.old_uuid, v.new_uuid, NULL);
	r->lv_names = calloc(1, sizeof(*r->lv_names));
	r->n_lv_names = 1;
	set_pair(&r->lv_names[0], "VHD-a", "VHD-b", NULL);
	r->name_label = strdup("a \"label\" with\nnewline");
	r->pool_metadata = 1;
	r->regions = 2;
	r->bytes = 1024;
	plan(&r->plan);
	r->journal = strdup("/var/lib/relun/journal/x.rlj");
	r->writes = 7;
	memset(&in, 0, sizeof(in));
	in.type = RL_SR_LVMOHBA;
	in.scsi_id = "36001405aa";
	in.sr_uuid = "11111111-2222-4333-8444-555555555555";
	in.orig_sr_uuid = "ec747664-c2ba-4e7b-901e-4988a5f9ba85";
	in.name_label = "lbl";
	in.pool_metadata = 1;
	in.vdis = &v;
	in.n_vdis = 1;
	r->has_xe = r->has_xe_commands = 1;
	r->sr_type = RL_SR_LVMOHBA;
	assert_int_equal(rl_strv_dup(&r->xe_commands, &r->n_xe_commands, cmds, 2), 0);
	assert_int_equal(rl_job_attach_set(&r->attach, &in), 0);
	r->has_attach = 1;
	r->verify.wanted = 1;
	r->verify.skip = RL_VERIFY_SKIP_IMAGES;
	r->verify.vg_name = strdup("VG_XenStorage-new");
	r->verify.vg_uuid = strdup("vgnew");
	r->verify.pv_count = 2;
	r->verify.lv_count = 5;
	assert_int_equal(rl_strv_dup(&r->verify.devs, &r->verify.ndevs, devs, 2), 0);
	rl_job_result_set(r, RL_JOB_RESIGNED, 0, "%s is now %s", "VG_XenStorage-old",
			  "VG_XenStorage-new");
}

static void wire_round_trip(void **state)
{
	struct rl_job_result a, b;
	json_object *o;
	char *ta, *tb, *oa, *ob;

	(void)state;
	resigned(&a);
	ta = text(&a, 1);
	o = json_tokener_parse(ta);
	assert_int_equal(rl_job_result_from_json(o, &b), 0);
	json_object_put(o);
	tb = text(&b, 1);
	assert_string_equal(ta, tb);
	oa = text(&a, 0);
	ob = text(&b, 0);
	assert_string_equal(oa, ob);
	/* the typed parts survive as types, not text */
	assert_int_equal(b.status, RL_JOB_RESIGNED);
	assert_int_equal(b.verify.wanted, 1);
	assert_int_equal(b.verify.skip, RL_VERIFY_SKIP_IMAGES);
	assert_int_equal(b.verify.ndevs, 2);
	assert_string_equal(b.verify.devs[1], "/dev/sdc");
	assert_int_equal(b.plan.nregs, 2);
	assert_int_equal(b.plan.regs[1].phase, RL_PHASE_LABEL);
	assert_string_equal(b.plan.regs[1].new_sha256, a.plan.regs[1].new_sha256);
	assert_int_equal(b.attach.n_vdis, 1);
	assert_string_equal(b.attach.vdis[0].new_uuid, "fa78fb9c-9e87-4fc2-adb3-1833d935355b");
	assert_string_equal(b.name_label, "a \"label\" with\nnewline");
	assert_string_equal(b.pvs[0].device, "/dev/sdc");
	assert_null(b.vdis[0].device);
	assert_string_equal(rl_job_result_new_sr(&b), "11111111-2222-4333-8444-555555555555");
	/* nothing internal in the --json form */
	assert_null(strstr(oa, "_verify"));
	assert_null(strstr(oa, "_plan"));
	assert_non_null(strstr(ta, "_verify"));
	free(ta);
	free(tb);
	free(oa);
	free(ob);
	rl_job_result_free(&a);
	rl_job_result_free(&b);
}

static void refuses_incomplete(void **state)
{
	struct rl_job_result r;
	json_object *o;

	(void)state;
	o = json_tokener_parse("{\"devices\":[\"/dev/sdb\"],\"status\":\"resigned\"}");
	assert_int_equal(rl_job_result_from_json(o, &r), -1);
	json_object_put(o);
	o = json_tokener_parse("{\"devices\":[\"/dev/sdb\"],\"status\":\"gone\",\"exit_code\":0}");
	assert_int_equal(rl_job_result_from_json(o, &r), -1);
	json_object_put(o);
	/* a written job without the plan of its ranges */
	o = json_tokener_parse("{\"devices\":[\"/dev/sdb\"],\"status\":\"failed\",\"exit_code\":1,"
			       "\"journal\":\"/j\",\"ranges\":[],\"writes\":1}");
	assert_int_equal(rl_job_result_from_json(o, &r), -1);
	json_object_put(o);
}

static void key_order_by_path(void **state)
{
	struct rl_job_result r;
	char k[1024];

	(void)state;
	/* refused before anything was read, and --attach-only's (no notes) */
	assert_int_equal(rl_job_result_init(&r, devs, 1), 0);
	rl_job_result_set(&r, RL_JOB_REFUSED, 9, "no");
	keys(&r, k, sizeof(k));
	assert_string_equal(k, "devices,status,message,exit_code");
	r.has_notes = 1;
	keys(&r, k, sizeof(k));
	assert_string_equal(k, "devices,status,message,notes,exit_code");
	rl_job_result_free(&r);

	/* written, then LVM's check and the attach script */
	resigned(&r);
	r.lvm_check.present = r.lvm_check.ran = r.lvm_check.ok = 1;
	r.lvm_check.note = strdup("clean");
	r.refresh = strdup("refreshed");
	r.xe_script = strdup("/root/a.sh");
	keys(&r, k, sizeof(k));
	assert_string_equal(k, "devices,scope,sr_uuid,vg_name,vg_uuid,seqno,pvs,vdis,lv_names,"
			    "name_label,pool_metadata,regions,bytes,journal,ranges,writes,status,"
			    "message,sr_type,xe_commands,attach,notes,exit_code,lvm_check,refresh,"
			    "xe_script");
	/* LVM rejected it: put back, its status after the check */
	free(r.refresh);
	r.refresh = NULL;
	free(r.xe_script);
	r.xe_script = NULL;
	r.lvm_check.ok = 0;
	r.has_xe_commands = 0;
	rl_job_result_set(&r, RL_JOB_ROLLED_BACK, 11, "put back");
	keys(&r, k, sizeof(k));
	assert_string_equal(k, "devices,scope,sr_uuid,vg_name,vg_uuid,seqno,pvs,vdis,lv_names,"
			    "name_label,pool_metadata,regions,bytes,journal,ranges,writes,sr_type,"
			    "attach,notes,lvm_check,status,message,exit_code");
	rl_job_result_free(&r);

	/* a unique LUN kept as it is */
	assert_int_equal(rl_job_result_init(&r, devs, 1), 0);
	r.has_notes = r.kept = r.is_sr = 1;
	set_pair(&r.vg_name, "VG_XenStorage-a", "VG_XenStorage-a", NULL);
	set_pair(&r.sr_uuid, "a", "a", NULL);
	r.has_xe = r.has_xe_commands = 1;
	rl_job_result_set(&r, RL_JOB_NOT_NEEDED, 0, "keep");
	keys(&r, k, sizeof(k));
	assert_string_equal(k, "devices,vg_name,sr_uuid,sr_type,xe_commands,status,message,notes,"
			    "exit_code");
	rl_job_result_free(&r);
}

static void status_names(void **state)
{
	enum rl_job_status s;
	int i;

	(void)state;
	for (i = 0; i < RL_JOB_N_STATUS; i++) {
		assert_int_equal(rl_job_status_parse(rl_job_status_name((enum rl_job_status)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(rl_job_status_name(RL_JOB_NOT_NEEDED), "not-needed");
	assert_string_equal(rl_job_status_name(RL_JOB_ROLLED_BACK), "rolled-back");
	assert_int_equal(rl_job_status_parse("Resigned", &s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wire_round_trip),
		cmocka_unit_test(refuses_incomplete),
		cmocka_unit_test(key_order_by_path),
		cmocka_unit_test(status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
