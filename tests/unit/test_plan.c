/* The plan container: bounds, alignment, overlap refusal, sort order,
 * no-op regions dropped, identity lookup, and the exact text/JSON forms. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

static uint8_t zero[4096], ones[4096];

static void fill(void)
{
	memset(ones, 0xff, sizeof(ones));
}

static void build_two_dev_plan(struct rl_plan *p)
{
	struct rl_err e;

	rl_plan_init(p, "VG_XenStorage-old", "full");
	assert_int_equal(rl_plan_add_dev(p, "/dev/sdb", "36001405aaaa", 1 << 24, 0x810, 1 << 20,
					 512, &e), 0);
	assert_int_equal(rl_plan_add_dev(p, "/dev/sdc", "", 1 << 24, 0x820, 1 << 22, 512, &e), 1);
	/* added out of order on purpose */
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_LABEL, 512, zero, ones, 512, "label", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 1, RL_PHASE_MDAHDR, 4096, zero, ones, 512,
					    "mda1 header", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_MDAHDR, 4096, zero, ones, 512,
					    "mda1 header", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_TEXT, 5632, zero, ones, 1024,
					    "mda1 text", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_LV, 2 << 20, zero, ones, 512,
					    "MGT SR uuid", &e), 0);
	assert_int_equal(rl_plan_add_id(p, RL_ID_VG_NAME, "VG_XenStorage-old", "VG_XenStorage-new",
					NULL, &e), 0);
	assert_int_equal(rl_plan_add_id(p, RL_ID_PV_UUID, "AAAAAA-a", "BBBBBB-b", "/dev/sdb", &e), 0);
}

static void sorted_by_phase_dev_offset(void **state)
{
	struct rl_plan p;
	struct rl_err e;

	(void)state;
	fill();
	build_two_dev_plan(&p);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	assert_int_equal(p.nregs, 5);
	assert_int_equal(p.regs[0].phase, RL_PHASE_LV);
	assert_int_equal(p.regs[1].phase, RL_PHASE_TEXT);
	assert_int_equal(p.regs[2].phase, RL_PHASE_MDAHDR);
	assert_int_equal(p.regs[2].dev, 0);
	assert_int_equal(p.regs[3].phase, RL_PHASE_MDAHDR);
	assert_int_equal(p.regs[3].dev, 1);
	assert_int_equal(p.regs[4].phase, RL_PHASE_LABEL);
	assert_int_equal(rl_plan_bytes(&p), 512 * 4 + 1024);
	assert_int_equal(rl_plan_count_phase(&p, RL_PHASE_MDAHDR), 2);
	assert_string_equal(rl_plan_id_lookup(&p, RL_ID_PV_UUID, "AAAAAA-a"), "BBBBBB-b");
	assert_null(rl_plan_id_lookup(&p, RL_ID_VG_UUID, "AAAAAA-a"));
	assert_int_equal(p.devs[1].hdr_len, 1 << 22);
	rl_plan_free(&p);
}

static void refuses_bad_regions(void **state)
{
	struct rl_plan p;
	struct rl_err e;

	(void)state;
	rl_plan_init(&p, "vg", "lvm");
	assert_int_equal(rl_plan_add_dev(&p, "/img", NULL, 8192, 0, 1 << 20, 512, &e), 0);
	/* hdr_len capped at the size */
	assert_int_equal(p.devs[0].hdr_len, 8192);
	assert_int_equal(rl_plan_add_dev(&p, "/img2", NULL, 8192, 0, 0, 700, &e), -1);
	assert_int_equal(rl_plan_add_region(&p, 1, RL_PHASE_LV, 0, zero, ones, 512, "x", &e), -1);
	assert_string_equal(e.msg, "plan: no device 1");
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LV, 100, zero, ones, 512, "x", &e), -1);
	assert_string_equal(e.msg, "plan: /img: region of 512 bytes is not aligned to 512");
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LV, 7680, zero, ones, 1024, "x", &e), -1);
	assert_int_equal(e.off, 7680);
	assert_int_equal(rl_plan_add_region(&p, 0, (enum rl_phase)7, 0, zero, ones, 512, "x", &e), -1);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LV, 0, zero, ones, 0, "x", &e), -1);
	assert_int_equal(p.nregs, 0);
	rl_plan_free(&p);
}

static void refuses_overlap_across_phases(void **state)
{
	struct rl_plan p;
	struct rl_err e;
	char buf[700];

	(void)state;
	fill();
	rl_plan_init(&p, "vg", "lvm");
	assert_int_equal(rl_plan_add_dev(&p, "/img", NULL, 1 << 20, 0, 1 << 20, 512, &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_TEXT, 4096, zero, ones, 1024, "text", &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_MDAHDR, 4608, zero, ones, 512, "hdr", &e), 0);
	assert_int_equal(rl_plan_finalize(&p, &e), -1);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/img: offset 4608 (0x1200): plan: region \"hdr\" overlaps \"text\" (4096+1024)");
	rl_plan_free(&p);
}

static void drops_noop_regions_and_allows_adjacent(void **state)
{
	struct rl_plan p;
	struct rl_err e;

	(void)state;
	fill();
	rl_plan_init(&p, "vg", "lvm");
	assert_int_equal(rl_plan_add_dev(&p, "/img", NULL, 1 << 20, 0, 1 << 20, 512, &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_TEXT, 4096, zero, ones, 512, "a", &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_TEXT, 4608, zero, zero, 512, "same", &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LABEL, 5120, zero, ones, 512, "b", &e), 0);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	assert_int_equal(p.nregs, 2);
	assert_string_equal(p.regs[0].what, "a");
	assert_string_equal(p.regs[1].what, "b");
	rl_plan_free(&p);
}

static void text_form(void **state)
{
	struct rl_plan p;
	struct rl_err e;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	fill();
	build_two_dev_plan(&p);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	f = open_memstream(&buf, &n);
	rl_plan_print_text(&p, f);
	fclose(f);
	assert_string_equal(buf,
		"plan for VG_XenStorage-old (scope full): 5 regions, 3072 bytes on 2 device(s)\n"
		"identities:\n"
		"  vg_name   VG_XenStorage-old -> VG_XenStorage-new\n"
		"  pv_uuid   AAAAAA-a -> BBBBBB-b  on /dev/sdb\n"
		"devices:\n"
		"  [0] /dev/sdb size 16777216 identity 36001405aaaa\n"
		"  [1] /dev/sdc size 16777216 identity (unknown)\n"
		"writes, in order:\n"
		"  lv         [0]      2097152 +512     MGT SR uuid\n"
		"  text       [0]         5632 +1024    mda1 text\n"
		"  mda-header [0]         4096 +512     mda1 header\n"
		"  mda-header [1]         4096 +512     mda1 header\n"
		"  label      [0]          512 +512     label\n");
	free(buf);
	rl_plan_free(&p);
}

static void json_form(void **state)
{
	struct rl_plan p;
	struct rl_err e;
	json_object *o, *regs, *r0, *v;

	(void)state;
	fill();
	build_two_dev_plan(&p);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	o = rl_plan_to_json(&p);
	assert_true(json_object_object_get_ex(o, "regions", &regs));
	assert_int_equal(json_object_array_length(regs), 5);
	r0 = json_object_array_get_idx(regs, 0);
	assert_true(json_object_object_get_ex(r0, "phase", &v));
	assert_string_equal(json_object_get_string(v), "lv");
	assert_true(json_object_object_get_ex(r0, "offset", &v));
	assert_int_equal(json_object_get_int64(v), 2 << 20);
	assert_true(json_object_object_get_ex(r0, "old_sha256", &v));
	/* sha256 of 512 zero bytes */
	assert_string_equal(json_object_get_string(v),
			    "076a27c79e5ace2a3d47f9dd2e83e4ff6ea8872b3c2218f66c92b89b55f36560");
	assert_true(json_object_object_get_ex(o, "bytes", &v));
	assert_int_equal(json_object_get_int64(v), 3072);
	assert_true(json_object_object_get_ex(o, "ids", &v));
	assert_string_equal(json_object_get_string(json_object_object_get(
				    json_object_array_get_idx(v, 1), "where")), "/dev/sdb");
	json_object_put(o);
	rl_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sorted_by_phase_dev_offset),
		cmocka_unit_test(refuses_bad_regions),
		cmocka_unit_test(refuses_overlap_across_phases),
		cmocka_unit_test(drops_noop_regions_and_allows_adjacent),
		cmocka_unit_test(text_form),
		cmocka_unit_test(json_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
