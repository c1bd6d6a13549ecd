/* liblvm2cmd's log callback as LVM 2.02.180 (XenServer 8, XCP-ng 8.x) calls
 * it.  The texts and levels are LVM's own at tag v2_02_180: the setting
 * warning is log_warn_suppress() in lib/config/config.c, the seqno warning
 * log_warn() in lib/cache/lvmcache.c, both _LOG_WARN | _LOG_STDERR with the
 * stderr bit stripped by log_level() before the callback (lib/log/log.c),
 * i.e. print level 4 like a report row (libdm-report.c's log_print). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "lvm_log.h"

#define ROW "  VG_XenStorage-9f3d2c1a-5b6e-4c7d-8e9f-0a1b2c3d4e5f:" \
	"3fK9aZ-Qm2P-xY7w-Lr4T-uV8b-Nc1D-e6Hs0j:1:3:5"

struct sink {
	struct rl_lvm_sink s;
	char msgs[4][RL_LVM_MSG_LEN];
	unsigned n;
};

static void sink_init(struct sink *k, int rows)
{
	memset(k, 0, sizeof(*k));
	k->s.msgs = k->msgs;
	k->s.n = &k->n;
	k->s.max = 4;
	rl_lvm_sink_reset(&k->s, rows);
}

/* The tests' lvm.conf read by 2.02: two 2.03 keys it does not know, then
 * the vgs row.  Only the row is a row; the warnings concern the host's
 * file, not the metadata. */
static void unknown_setting_is_no_row(void **state)
{
	static struct sink k;

	(void)state;
	sink_init(&k, 1);
	rl_lvm_sink_log(&k.s, 4, "Configuration setting \"devices/use_devicesfile\" unknown.");
	rl_lvm_sink_log(&k.s, 4, "Configuration setting \"devices/hints\" unknown.");
	rl_lvm_sink_log(&k.s, 4, "Configuration section \"devicesfile\" unknown.");
	rl_lvm_sink_log(&k.s, 4, ROW);
	assert_string_equal(k.s.print, ROW "\n");
	assert_int_equal(k.n, 0);
}

/* A print-level warning without a "WARNING" prefix that does concern the
 * metadata is a message, so the check fails and says why. */
static void metadata_warning_is_a_message(void **state)
{
	static struct sink k;
	const char *seq = "Scan of VG VG_XenStorage-x from /dev/sdb found metadata seqno 6 vs previous 5.";

	(void)state;
	sink_init(&k, 1);
	rl_lvm_sink_log(&k.s, 4, seq);
	rl_lvm_sink_log(&k.s, 3, "Volume group \"VG_XenStorage-x\" not found");
	rl_lvm_sink_log(&k.s, 4, "Configuration setting \"devices/hints\" unknown; not quite.");
	assert_string_equal(k.s.print, "");
	assert_int_equal(k.n, 3);
	assert_string_equal(k.msgs[0], seq);
	assert_string_equal(k.msgs[1], "Volume group \"VG_XenStorage-x\" not found");
	assert_string_equal(k.msgs[2], "Configuration setting \"devices/hints\" unknown; not quite.");
}

/* `lvm version` output is captured whole when rows are not expected;
 * verbose and debug levels are dropped. */
static void version_capture(void **state)
{
	static struct sink k;

	(void)state;
	sink_init(&k, 0);
	rl_lvm_sink_log(&k.s, 4, "  LVM version:     2.02.180(2) (2018-07-19)");
	rl_lvm_sink_log(&k.s, 5, "Reading VG x");
	rl_lvm_sink_log(&k.s, 7, "debug");
	assert_string_equal(k.s.print, "  LVM version:     2.02.180(2) (2018-07-19)\n");
	assert_int_equal(k.n, 0);
}

static void row_shape(void **state)
{
	(void)state;
	assert_true(rl_lvm_vgs_row(ROW));
	assert_true(rl_lvm_vgs_row("vg0:aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg:2:0:1"));
	assert_false(rl_lvm_vgs_row("vg0:aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg:2:0:"));
	assert_false(rl_lvm_vgs_row("vg0:aaaaaa-bbbb-cccc-dddd-eeee-ffff-ggggg:2:0:1"));
	assert_false(rl_lvm_vgs_row("vg0:aaaaaa-bbbb-cccc-dddd-eeee-ffff-gggggg:2:0:1 x"));
	assert_false(rl_lvm_vgs_row("Configuration setting \"devices/hints\" unknown."));
	assert_false(rl_lvm_vgs_row(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_setting_is_no_row),
		cmocka_unit_test(metadata_warning_is_a_message),
		cmocka_unit_test(version_capture),
		cmocka_unit_test(row_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
