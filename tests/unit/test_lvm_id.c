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

static void generate(void **state)
{
	char a[33], b[33];
	struct rl_err e;
	unsigned i, seen_upper = 0;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_id_generate(a, &e), 0);
	assert_int_equal(lvm_id_generate(b, &e), 0);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(lvm_id_valid(a, 32), 1);
	assert_string_not_equal(a, b);
	for (i = 0; i < 200; i++) {
		unsigned k;

		assert_int_equal(lvm_id_generate(a, &e), 0);
		for (k = 0; k < 32; k++) {
			/* id_create never uses the last two characters */
			assert_true(a[k] != '!' && a[k] != '#');
			if (a[k] >= 'A' && a[k] <= 'Z')
				seen_upper = 1;
		}
	}
	assert_true(seen_upper);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid),
		cmocka_unit_test(dashed),
		cmocka_unit_test(undash),
		cmocka_unit_test(generate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
