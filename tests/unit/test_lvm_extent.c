/* LV -> PV byte mapping on real LVM 2.03.16 layouts.
 * stripe_text.bin: extent 1 MiB, pe_start 1 MiB on both PVs;
 *   striped: 8 extents, 2 stripes of 64 KiB (pv0 pe 0, pv1 pe 0);
 *   lin: 3 extents on pv1 from pe 4, then 2 on pv0 from pe 4.
 * xs_text.bin: extent 4 MiB, pe_start 11 MiB; MGT pe 0, VHD-aaaa pe 1-2. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_extent.h"
#include "unit_util.h"

#define KiB 1024ULL
#define MiB (1024ULL * 1024)

static struct lvm_vg *vg_from(const char *name, const char *old, const char *new)
{
	static char buf[8192];
	char rel[256], *t = buf;
	struct lvm_vg *vg;
	struct rl_err e;
	size_t len;

	snprintf(rel, sizeof(rel), "lvm/%s", name);
	len = ut_data_read_str(rel, buf, sizeof(buf));
	if (old) {
		char *p = strstr(buf, old);
		static char b2[8192];

		assert_non_null(p);
		snprintf(b2, sizeof(b2), "%.*s%s%s", (int)(p - buf), buf, new, p + strlen(old));
		t = b2;
		len = strlen(b2);
	}
	rl_err_init(&e, NULL);
	if (lvm_vg_from_text(t, len, 0, &vg, &e))
		fail_msg("%s", e.msg);
	return vg;
}

static const struct lvm_lv *lv_named(const struct lvm_vg *vg, const char *n)
{
	int i = lvm_vg_lv_by_name(vg, n);

	assert_true(i >= 0);
	return &vg->lvs[i];
}

static void range_is(const struct lvm_dev_range *r, unsigned pv, uint64_t off, uint64_t len)
{
	assert_int_equal(r->pv, pv);
	assert_int_equal(r->off, off);
	assert_int_equal(r->len, len);
}

static void sizes(void **state)
{
	struct lvm_vg *vg = vg_from("stripe_text.bin", NULL, NULL);

	(void)state;
	assert_int_equal(lvm_lv_size_bytes(vg, lv_named(vg, "striped")), 8 * MiB);
	assert_int_equal(lvm_lv_size_bytes(vg, lv_named(vg, "lin")), 5 * MiB);
	lvm_vg_free(vg);
}

static void linear_xenserver(void **state)
{
	struct lvm_vg *vg = vg_from("xs_text.bin", NULL, NULL);
	struct lvm_dev_range r[4];
	struct rl_err e;
	unsigned n;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "MGT"), 0, 4 * MiB, r, 4, &n, &e), 0);
	assert_int_equal(n, 1);
	range_is(&r[0], 0, 11 * MiB, 4 * MiB);
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "VHD-aaaa"), 512, 8 * MiB - 512, r, 4, &n, &e),
			 0);
	assert_int_equal(n, 1);
	range_is(&r[0], 0, 15 * MiB + 512, 8 * MiB - 512);
	lvm_vg_free(vg);
}

static void linear_two_segments(void **state)
{
	struct lvm_vg *vg = vg_from("stripe_text.bin", NULL, NULL);
	const struct lvm_lv *lv = lv_named(vg, "lin");
	struct lvm_dev_range r[4];
	struct rl_err e;
	unsigned n;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_lv_map(vg, lv, 0, 5 * MiB, r, 4, &n, &e), 0);
	assert_int_equal(n, 2);
	range_is(&r[0], 1, 5 * MiB, 3 * MiB);
	range_is(&r[1], 0, 5 * MiB, 2 * MiB);
	assert_int_equal(lvm_lv_map(vg, lv, 2 * MiB + 7, 2 * MiB, r, 4, &n, &e), 0);
	assert_int_equal(n, 2);
	range_is(&r[0], 1, 7 * MiB + 7, 1 * MiB - 7);
	range_is(&r[1], 0, 5 * MiB, 1 * MiB + 7);
	assert_int_equal(lvm_lv_map(vg, lv, 5 * MiB, 0, r, 4, &n, &e), 0);
	assert_int_equal(n, 0);
	lvm_vg_free(vg);
}

static void striped(void **state)
{
	struct lvm_vg *vg = vg_from("stripe_text.bin", NULL, NULL);
	const struct lvm_lv *lv = lv_named(vg, "striped");
	struct lvm_dev_range r[8];
	struct rl_err e;
	unsigned n;

	(void)state;
	rl_err_init(&e, NULL);
	/* 64 KiB chunks alternate pv0, pv1 */
	assert_int_equal(lvm_lv_map(vg, lv, 0, 256 * KiB, r, 8, &n, &e), 0);
	assert_int_equal(n, 4);
	range_is(&r[0], 0, 1 * MiB, 64 * KiB);
	range_is(&r[1], 1, 1 * MiB, 64 * KiB);
	range_is(&r[2], 0, 1 * MiB + 64 * KiB, 64 * KiB);
	range_is(&r[3], 1, 1 * MiB + 64 * KiB, 64 * KiB);
	/* across a chunk boundary */
	assert_int_equal(lvm_lv_map(vg, lv, 32 * KiB, 64 * KiB, r, 8, &n, &e), 0);
	assert_int_equal(n, 2);
	range_is(&r[0], 0, 1 * MiB + 32 * KiB, 32 * KiB);
	range_is(&r[1], 1, 1 * MiB, 32 * KiB);
	/* the last byte: chunk 127 -> stripe 1, row 63 */
	assert_int_equal(lvm_lv_map(vg, lv, 8 * MiB - 1, 1, r, 8, &n, &e), 0);
	assert_int_equal(n, 1);
	range_is(&r[0], 1, 5 * MiB - 1, 1);
	/* too many pieces for the caller's array */
	assert_int_equal(lvm_lv_map(vg, lv, 0, 8 * MiB, r, 8, &n, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	assert_int_equal(n, 8);
	lvm_vg_free(vg);
}

static void refusals(void **state)
{
	struct lvm_vg *vg = vg_from("stripe_text.bin", NULL, NULL);
	struct lvm_dev_range r[8];
	struct rl_err e;
	unsigned n;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "lin"), 4 * MiB, 1 * MiB + 1, r, 8, &n, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_string_equal(e.msg, "LV lin: range [4194304, +1048577) past its end (5242880 bytes)");
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "lin"), UINT64_MAX, 2, r, 8, &n, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	lvm_vg_free(vg);

	vg = vg_from("xs_text.bin", "type = \"striped\"", "type = \"thin\"");
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "MGT"), 0, 512, r, 8, &n, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_string_equal(e.msg, "LV MGT: segment type \"thin\" cannot be mapped directly");
	/* VHD-aaaa is still plain */
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "VHD-aaaa"), 0, 512, r, 8, &n, &e), 0);
	lvm_vg_free(vg);

	/* a segment stacked on another LV */
	vg = vg_from("xs_text.bin", "\"pv0\", 1", "\"MGT\", 0");
	assert_int_equal(lvm_lv_map(vg, lv_named(vg, "VHD-aaaa"), 0, 512, r, 8, &n, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	lvm_vg_free(vg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes),
		cmocka_unit_test(linear_xenserver),
		cmocka_unit_test(linear_two_segments),
		cmocka_unit_test(striped),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
