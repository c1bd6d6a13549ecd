/* XenServer uuid text: canonical lowercase only, 16-byte round trip, a
 * v4 uuid from given random bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "xs_uuid.h"

static void validity(void **state)
{
	(void)state;
	assert_true(xs_uuid_valid("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"));
	/* sm does not check version/variant nibbles */
	assert_true(xs_uuid_valid("00000000-0000-0000-0000-000000000000"));
	assert_false(xs_uuid_valid("3F6B2A40-5c1e-4d2b-9a77-0c1d2e3f4a5b"));
	assert_false(xs_uuid_valid("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5"));
	assert_false(xs_uuid_valid("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5bb"));
	assert_false(xs_uuid_valid("3f6b2a40_5c1e-4d2b-9a77-0c1d2e3f4a5b"));
	assert_false(xs_uuid_valid("3f6b2a405c1e4d2b9a770c1d2e3f4a5b"));
	assert_false(xs_uuid_valid("{f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"));
	assert_false(xs_uuid_valid(""));
	assert_false(xs_uuid_valid(NULL));
	assert_true(xs_uuid_valid_n("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b</uuid>", 36));
	assert_false(xs_uuid_valid_n("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b", 35));
}

static void parse_format(void **state)
{
	static const uint8_t want[16] = { 0x3f, 0x6b, 0x2a, 0x40, 0x5c, 0x1e, 0x4d, 0x2b,
					  0x9a, 0x77, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b };
	uint8_t b[16];
	char s[37];

	(void)state;
	assert_int_equal(xs_uuid_parse("3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b", b), 0);
	assert_memory_equal(b, want, 16);
	xs_uuid_format(b, s);
	assert_string_equal(s, "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b");
	assert_int_equal(xs_uuid_parse("3F6B2A40-5c1e-4d2b-9a77-0c1d2e3f4a5b", b), -1);
	assert_false(xs_uuid_is_null(want));
	memset(b, 0, 16);
	assert_true(xs_uuid_is_null(b));
}

/* Expected: Python's uuid.UUID(bytes=..., version=4), which sets the
 * version and variant bits as libuuid does. */
static void from_random(void **state)
{
	uint8_t b[16];
	char s[37];
	unsigned i;

	(void)state;
	for (i = 0; i < 16; i++)
		b[i] = (uint8_t)i;
	xs_uuid_from_random(b, s);
	assert_string_equal(s, "00010203-0405-4607-8809-0a0b0c0d0e0f");
	assert_int_equal(b[6], 6);   /* the caller's bytes are not touched */
	memset(b, 0xff, sizeof(b));
	xs_uuid_from_random(b, s);
	assert_string_equal(s, "ffffffff-ffff-4fff-bfff-ffffffffffff");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validity),
		cmocka_unit_test(parse_format),
		cmocka_unit_test(from_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
