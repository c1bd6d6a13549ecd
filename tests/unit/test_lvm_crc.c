/* LVM CRC: the published vectors and the CRCs stored by real LVM 2.03.16. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "lvm_crc.h"

static void vectors(void **state)
{
	uint8_t zero[512];

	(void)state;
	memset(zero, 0, sizeof(zero));
	assert_int_equal(lvm_crc(LVM_INITIAL_CRC, "", 0), 0xf597a6cfU);
	assert_int_equal(lvm_crc(LVM_INITIAL_CRC, "a", 1), 0x319b1949U);
	assert_int_equal(lvm_crc(LVM_INITIAL_CRC, "123456789", 9), 0x4991cf02U);
	assert_int_equal(lvm_crc(LVM_INITIAL_CRC, zero, 512), 0x6790aecbU);
}

static void chains(void **state)
{
	const char *s = "123456789";
	unsigned i;

	(void)state;
	for (i = 0; i <= 9; i++)
		assert_int_equal(lvm_crc(lvm_crc(LVM_INITIAL_CRC, s, i), s + i, 9 - i), 0x4991cf02U);
}

/* Not zlib's crc32: no final xor and LVM's own seed. */
static void differs_from_zlib(void **state)
{
	(void)state;
	assert_int_not_equal(lvm_crc(0xffffffffU, "123456789", 9) ^ 0xffffffffU,
			     lvm_crc(LVM_INITIAL_CRC, "123456789", 9));
	/* zlib's crc32("123456789") is 0xcbf43926: same table */
	assert_int_equal(lvm_crc(0xffffffffU, "123456789", 9) ^ 0xffffffffU, 0xcbf43926U);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vectors),
		cmocka_unit_test(chains),
		cmocka_unit_test(differs_from_zlib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
