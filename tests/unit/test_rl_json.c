/* rl_json: JSON text without "\/" escapes, on any json-c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json.h>

#include "rl_json.h"

static void unescape(void **state)
{
	char a[] = "\"\\/dev\\/loop8\"", b[] = "\"a\\\\/b\\\\\\/c\\n\\/\"", c[] = "x\\";

	(void)state;
	rl_json_unescape_slashes(a);
	assert_string_equal(a, "\"/dev/loop8\"");
	/* an escaped backslash before a slash stays; only \/ loses its backslash */
	rl_json_unescape_slashes(b);
	assert_string_equal(b, "\"a\\\\/b\\\\/c\\n/\"");
	rl_json_unescape_slashes(c);
	assert_string_equal(c, "x\\");
}

static void text_round_trips(void **state)
{
	json_object *o = json_object_new_object(), *back, *v;
	char *s;

	(void)state;
	json_object_object_add(o, "p", json_object_new_string("/dev/mapper/36\\0/x"));
	s = rl_json_text(o, 0);
	assert_non_null(s);
	assert_null(strstr(s, "\\/"));
	assert_non_null(strstr(s, "/dev/mapper/36\\\\0/x"));
	back = json_tokener_parse(s);
	assert_true(json_object_object_get_ex(back, "p", &v));
	assert_string_equal(json_object_get_string(v), "/dev/mapper/36\\0/x");
	json_object_put(back);
	json_object_put(o);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unescape),
		cmocka_unit_test(text_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
