#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "rl_err.h"

static void msg_names_device_and_offset(void **state)
{
	struct rl_err e;
	char buf[600];

	(void)state;
	rl_err_init(&e, "/dev/sdb");
	assert_int_equal(rl_err_at(&e, RL_E_CORRUPT, 4096, "bad magic %s", "x"), -1);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/dev/sdb: offset 4096 (0x1000): bad magic x");
	rl_err_prefix(&e, "mda1: ");
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/dev/sdb: offset 4096 (0x1000): mda1: bad magic x");
	assert_int_equal(e.code, RL_E_CORRUPT);
}

static void msg_without_offset(void **state)
{
	struct rl_err e;
	char buf[600];

	(void)state;
	rl_err_init(&e, NULL);
	rl_err_set(&e, RL_E_IO, "gone");
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)), "gone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msg_names_device_and_offset),
		cmocka_unit_test(msg_without_offset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
