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
	assert_int_equal(rl_json_fputs_noslash(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY), f), 0);
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

/* Escapes are read in pairs: an escaped backslash before a bare slash (text
 * already without slash escapes) stays as it is. */
static void fallback_reads_escape_pairs(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(rl_json_fputs_noslash("{\"a\":\"x\\\\/y\\\\\\/z\"}", f), 0);
	assert_string_equal(captured(f, &buf), "{\"a\":\"x\\\\/y\\\\/z\"}");
	free(buf);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fallback_equals_noslashescape),
		cmocka_unit_test(print_noslash),
		cmocka_unit_test(fallback_reads_escape_pairs),
		cmocka_unit_test(print_keeps_escapes_unless_asked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
