/* Helpers shared by the cmocka unit tests (header only: the Makefile builds
 * each tests/unit/test_*.c as one program).
 *
 * Data files live in tests/unit/data; a test runs from the top of the tree,
 * or from build/tests/unit, so both places are tried. */
#ifndef RELUN_UNIT_UTIL_H
#define RELUN_UNIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tests/unit/data/<rel> opened for reading, or NULL. */
static inline FILE *ut_data_open(const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "tests/unit/data/%s", rel);
	f = fopen(path, "rb");
	if (!f) {
		snprintf(path, sizeof(path), "../../../tests/unit/data/%s", rel);
		f = fopen(path, "rb");
	}
	return f;
}

/* Up to max bytes of tests/unit/data/<rel> into buf; the count read.  Fails
 * the test when the file cannot be opened. */
static inline size_t ut_data_read(const char *rel, void *buf, size_t max)
{
	FILE *f = ut_data_open(rel);
	size_t got;

	if (!f)
		fail_msg("cannot open tests/unit/data/%s", rel);
	got = fread(buf, 1, max, f);
	fclose(f);
	return got;
}

/* A text data file into buf (size bytes), NUL-terminated; its length. */
static inline size_t ut_data_read_str(const char *rel, char *buf, size_t size)
{
	size_t len = ut_data_read(rel, buf, size - 1);

	buf[len] = '\0';
	return len;
}

/* All of tests/unit/data/<rel> in a malloc'd buffer, *len = its size; with
 * nul, one more byte holds a '\0' after it. */
static inline void *ut_data_load(const char *rel, size_t *len, int nul)
{
	FILE *f = ut_data_open(rel);
	uint8_t *b;
	long n;

	if (!f)
		fail_msg("cannot open tests/unit/data/%s", rel);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + (nul ? 1 : 0));
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	if (nul)
		b[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* A binary data file in a buffer of exactly its size, so that ASan sees a
 * parser read past it. */
static inline uint8_t *ut_data_slurp(const char *rel, size_t *len)
{
	return ut_data_load(rel, len, 0);
}

/* A text data file, NUL-terminated (*len does not count the NUL). */
static inline char *ut_data_text(const char *rel, size_t *len)
{
	return ut_data_load(rel, len, 1);
}

/* Fails unless the text t[b, e) is want. */
static inline void ut_range_is(const char *t, size_t b, size_t e, const char *want)
{
	char *got = malloc(e - b + 1);

	assert_non_null(got);
	memcpy(got, t + b, e - b);
	got[e - b] = '\0';
	assert_string_equal(got, want);
	free(got);
}

/* Run a shell command (printf-style), asserting it succeeds: fake sysfs
 * trees are made of mkdir, echo and ln -s. */
static inline void ut_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void ut_sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

#endif
