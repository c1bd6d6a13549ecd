/* JSON text without slash escapes from any json-c: the fallback for json-c
 * before 0.13 must print exactly what JSON_C_TO_STRING_NOSLASHESCAPE does. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rl_json.h"

/* Written by hand from RFC 8259's escapes: '/' bare, '\' and '"' escaped. */
static const char want[] =
	"{\n"
	"  \"dev\":\"/dev/disk/by-id/scsi-36001405\",\n"
	"  \"bs_slash\":\"a\\\\/b\",\n"
	"  \"q\":\"\\\"/\\\"\",\n"
	"  \"tail\":\"x\\\\\",\n"
	"  \"list\":[\n"
	"    \"/\",\n"
	"    \"//\"\n"
	"  ]\n"
	"}\n";

static json_object *sample(void)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	json_object_object_add(o, "dev", json_object_new_string("/dev/disk/by-id/scsi-36001405"));
	json_object_object_add(o, "bs_slash", json_object_new_string("a\\/b"));
	json_object_object_add(o, "q", json_object_new_string("\"/\""));
	json_object_object_add(o, "tail", json_object_new_string("x\\"));
	json_object_array_add(a, json_object_new_string("/"));
	json_object_array_add(a, json_object_new_string("//"));
	json_object_object_add(o, "list", a);
	return o;
}

/* What f printed through fn, as a string (caller frees). */
static char *captured(FILE *f, char **buf)
{
	assert_int_equal(fclose(f), 0);
	return *buf;
}

static void fallback_equals_noslashescape(void **state)
{
	json_object *o = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	/* json-c's default text escapes every slash; the fallback undoes that */
	assert_non_null(strstr(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY), "\\/dev"));
	{
		char *t = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));

		rl_json_unescape_slashes(t);
		fputs(t, f);
		free(t);
	}
	fputc('\n', f);
	assert_string_equal(captured(f, &buf), want);
	free(buf);
	json_object_put(o);
}

static void print_noslash(void **state)
{
	json_object *o = sample();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(rl_json_print(f, o, JSON_C_TO_STRING_PRETTY, 1), 0);
	assert_string_equal(captured(f, &buf), want);
	free(buf);
	json_object_put(o);
}

static void print_keeps_escapes_unless_asked(void **state)
{
	json_object *o = json_object_new_object();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	json_object_object_add(o, "d", json_object_new_string("/dev/sdb"));
	assert_int_equal(rl_json_print(f, o, 0, 0), 0);
	assert_string_equal(captured(f, &buf), "{\"d\":\"\\/dev\\/sdb\"}\n");
	free(buf);
	json_object_put(o);
}

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
		cmocka_unit_test(fallback_equals_noslashescape),
		cmocka_unit_test(print_noslash),
		cmocka_unit_test(print_keeps_escapes_unless_asked),
		cmocka_unit_test(unescape),
		cmocka_unit_test(text_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
