/* LVHD naming: every LV kind sm creates, VG names, dm names and the locator
 * path a child VHD holds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "lvhd.h"

#define U "0b8e2c1a-7d44-4f0e-8a3b-5c6d7e8f9a01"
#define SR "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"

static enum lvhd_kind cls(const char *name, const char *tag, char *uuid)
{
	char *tags[1];

	tags[0] = (char *)tag;
	return lvhd_classify(name, tags, tag ? 1 : 0, uuid);
}

static void classify(void **state)
{
	char u[37];

	(void)state;
	assert_int_equal(cls("MGT", NULL, u), LVHD_MGT);
	assert_string_equal(u, "");
	assert_int_equal(cls("VHD-" U, NULL, u), LVHD_VHD);
	assert_string_equal(u, U);
	assert_int_equal(cls("LV-" U, "hidden", u), LVHD_RAW);
	assert_string_equal(u, U);
	assert_int_equal(cls("VHD-OLD_" U, NULL, u), LVHD_OLD);
	assert_string_equal(u, U);
	assert_int_equal(cls("LV-OLD_" U, NULL, u), LVHD_OLD);
	assert_string_equal(u, U);
	assert_int_equal(cls(U ".cbtlog", "cbtlog", u), LVHD_CBTLOG);
	assert_string_equal(u, U);
	assert_int_equal(cls("jvhd_" U, "jvhd", u), LVHD_JVHD);
	assert_int_equal(cls("coalesce_" U "_1", "journaler", u), LVHD_JOURNAL);
	assert_string_equal(u, U);
	assert_int_equal(cls("inflate_" U "_4194304", "journaler", u), LVHD_JOURNAL);
	assert_string_equal(u, U);
	assert_int_equal(cls("relink_x_1", "journaler", u), LVHD_JOURNAL);
	assert_string_equal(u, "");
	/* the journal tag is what makes a journal */
	assert_int_equal(cls("coalesce_" U "_1", NULL, u), LVHD_OTHER);
	/* sm only knows lowercase canonical uuids */
	assert_int_equal(cls("VHD-0B8E2C1A-7D44-4F0E-8A3B-5C6D7E8F9A01", NULL, u), LVHD_OTHER);
	assert_int_equal(cls("VHD-" U "x", NULL, u), LVHD_OTHER);
	assert_int_equal(cls("VHD-", NULL, u), LVHD_OTHER);
	assert_int_equal(cls("swap", NULL, NULL), LVHD_OTHER);
	assert_string_equal(lvhd_kind_name(LVHD_JOURNAL), "journal");
	assert_string_equal(lvhd_kind_name(LVHD_OLD), "old");
}

static void vg_names(void **state)
{
	char u[37], vg[64];

	(void)state;
	assert_int_equal(lvhd_sr_uuid_from_vg("VG_XenStorage-" SR, u), 0);
	assert_string_equal(u, SR);
	assert_int_equal(lvhd_sr_uuid_from_vg("VG_XenStorage-3F6B2A40-5c1e-4d2b-9a77-0c1d2e3f4a5b", u), -1);
	assert_int_equal(lvhd_sr_uuid_from_vg("VG_XenStorage-" SR "0", u), -1);
	assert_int_equal(lvhd_sr_uuid_from_vg("vg0", u), -1);
	assert_int_equal(lvhd_vg_name(SR, vg, sizeof(vg)), 0);
	assert_string_equal(vg, "VG_XenStorage-" SR);
	assert_int_equal(lvhd_vg_name(SR, vg, 50), -1);
	assert_int_equal(lvhd_vg_name("nope", vg, sizeof(vg)), -1);
}

static void dm_and_locator(void **state)
{
	char dm[200], p[200], vg[100], lv[100];

	(void)state;
	lvhd_dm_name("VG_XenStorage-" SR, "VHD-" U, dm, sizeof(dm));
	assert_string_equal(dm, "VG_XenStorage--3f6b2a40--5c1e--4d2b--9a77--0c1d2e3f4a5b-"
				"VHD--0b8e2c1a--7d44--4f0e--8a3b--5c6d7e8f9a01");
	assert_int_equal(strlen(dm), 101);
	lvhd_locator_path("VG_XenStorage-" SR, "VHD-" U, p, sizeof(p));
	assert_int_equal(strlen(p), LVHD_LOCATOR_LEN);
	assert_memory_equal(p, "./", 2);
	assert_string_equal(p + 2, dm);
	assert_int_equal(lvhd_locator_split(p, vg, sizeof(vg), lv, sizeof(lv)), 0);
	assert_string_equal(vg, "VG_XenStorage-" SR);
	assert_string_equal(lv, "VHD-" U);
	assert_int_equal(lvhd_locator_split(dm, vg, sizeof(vg), lv, sizeof(lv)), 0);
	assert_int_equal(lvhd_locator_split("a--b-c-d", vg, sizeof(vg), lv, sizeof(lv)), -1);
	assert_int_equal(lvhd_locator_split("nodash", vg, sizeof(vg), lv, sizeof(lv)), -1);
	assert_int_equal(lvhd_locator_split("../x-y", vg, sizeof(vg), lv, sizeof(lv)), -1);
	assert_int_equal(lvhd_locator_split("-y", vg, sizeof(vg), lv, sizeof(lv)), -1);
	assert_int_equal(lvhd_locator_split(p, vg, 10, lv, sizeof(lv)), -1);
	/* truncation keeps a terminated string */
	lvhd_dm_name("a-b", "c", dm, 4);
	assert_string_equal(dm, "a--");
}

static void lv_names(void **state)
{
	char n[64];

	(void)state;
	assert_int_equal(lvhd_lv_name(LVHD_VHD, U, n, sizeof(n)), 0);
	assert_string_equal(n, "VHD-" U);
	assert_int_equal(lvhd_lv_name(LVHD_RAW, U, n, sizeof(n)), 0);
	assert_string_equal(n, "LV-" U);
	assert_int_equal(lvhd_lv_name(LVHD_OLD, U, n, sizeof(n)), 0);
	assert_string_equal(n, "VHD-OLD_" U);
	assert_int_equal(lvhd_lv_name(LVHD_CBTLOG, U, n, sizeof(n)), 0);
	assert_string_equal(n, U ".cbtlog");
	assert_int_equal(lvhd_lv_name(LVHD_MGT, NULL, n, sizeof(n)), 0);
	assert_string_equal(n, "MGT");
	assert_int_equal(lvhd_lv_name(LVHD_VHD, U, n, 40), -1);
	assert_int_equal(lvhd_lv_name(LVHD_VHD, "x", n, sizeof(n)), -1);
	assert_int_equal(lvhd_lv_name(LVHD_JOURNAL, U, n, sizeof(n)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify),
		cmocka_unit_test(vg_names),
		cmocka_unit_test(dm_and_locator),
		cmocka_unit_test(lv_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
