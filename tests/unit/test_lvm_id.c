/* LVM ids: validity, dashed form, undashing like id_read_format, creation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "lvm_id.h"

/* The PV of tests/unit/data/lvm/xs_label.bin. */
#define RAW "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8"
#define DASHED "KQttWo-BT4M-rR9q-HQA2-nQgQ-1XHX-LKEaK8"

static void valid(void **state)
{
	(void)state;
	assert_int_equal(lvm_id_valid(RAW, 32), 1);
	assert_int_equal(lvm_id_valid("!#ttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8", 32), 1);
	assert_int_equal(lvm_id_valid(RAW, 31), 0);
	assert_int_equal(lvm_id_valid(DASHED, 38), 0);
	assert_int_equal(lvm_id_valid("KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK-", 32), 0);
	assert_int_equal(lvm_id_valid("KQttWoBT4MrR9qHQA2nQgQ1XHXLKEa\xe9K", 32), 0);
	assert_int_equal(lvm_id_valid(NULL, 32), 0);
}

static void dashed(void **state)
{
	char out[39];

	(void)state;
	memset(out, 'x', sizeof(out));
	lvm_id_dashed(RAW, out);
	assert_string_equal(out, DASHED);
	/* id_write_format leaves an id starting with '#' undashed */
	lvm_id_dashed("#QttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8", out);
	assert_string_equal(out, "#QttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8");
}

static void undash(void **state)
{
	char out[33];

	(void)state;
	assert_int_equal(lvm_id_undash(DASHED, out), 0);
	assert_string_equal(out, RAW);
	assert_int_equal(lvm_id_undash(RAW, out), 0);
	assert_string_equal(out, RAW);
	/* dashes anywhere are dropped, as id_read_format does */
	assert_int_equal(lvm_id_undash("-KQ-ttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8--", out), 0);
	assert_string_equal(out, RAW);
	assert_int_equal(lvm_id_undash("KQttWo-BT4M-rR9q-HQA2-nQgQ-1XHX-LKEaK", out), -1);
	assert_string_equal(out, "");
	assert_int_equal(lvm_id_undash("KQttWo-BT4M-rR9q-HQA2-nQgQ-1XHX-LKEaK88", out), -1);
	assert_int_equal(lvm_id_undash("KQttWo-BT4M-rR9q-HQA2-nQgQ-1XHX-LKEa_8", out), -1);
	assert_int_equal(lvm_id_undash("", out), -1);
	assert_int_equal(lvm_id_undash(NULL, out), -1);
}

/* id_create: byte % 62 into "0-9a-zA-Z" (never '!' or '#'). */
static void from_random(void **state)
{
	unsigned char rnd[32];
	char a[33];
	unsigned i;

	(void)state;
	for (i = 0; i < 32; i++)
		rnd[i] = (unsigned char)(30 + i);
	lvm_id_from_random(rnd, a);
	assert_string_equal(a, "uvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	for (i = 0; i < 32; i++)
		rnd[i] = (unsigned char)(224 + i);
	lvm_id_from_random(rnd, a);
	assert_string_equal(a, "CDEFGHIJKLMNOPQRSTUVWXYZ01234567");
	assert_int_equal(lvm_id_valid(a, 32), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid),
		cmocka_unit_test(dashed),
		cmocka_unit_test(undash),
		cmocka_unit_test(from_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
