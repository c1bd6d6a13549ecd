/* One directory listing: every name but the dot entries, or the names a
 * filter keeps; a missing directory is -1 with opendir's errno and an
 * empty list. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir_names.h"

static char dir[] = "/tmp/relun-dirnames-XXXXXX";

static void touch(const char *name)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_journal(const char *name)
{
	size_t n = strlen(name);

	return n > 8 && !strcmp(name + n - 8, ".journal");
}

static int setup(void **state)
{
	char p[256];

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	touch("sdb");
	touch("sda");
	touch(".hidden");
	touch("a.journal");
	snprintf(p, sizeof(p), "%s/sub.journal", dir);
	return mkdir(p, 0700);
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* dir listed through keep is exactly want (in any order); then freed. */
static void list_is(int (*keep)(const char *), const char *const *want, size_t n)
{
	struct rl_names l;
	size_t i;

	assert_int_equal(rl_dir_names(dir, keep, &l), 0);
	assert_int_equal(l.n, n);
	qsort(l.v, l.n, sizeof(*l.v), by_name);
	for (i = 0; i < n; i++)
		assert_string_equal(l.v[i], want[i]);
	rl_names_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	rl_names_free(&l);   /* twice is harmless */
}

static void all_but_dot_names(void **state)
{
	static const char *const want[] = { "a.journal", "sda", "sdb", "sub.journal" };

	(void)state;
	list_is(NULL, want, 4);
}

static void filtered(void **state)
{
	static const char *const want[] = { "a.journal", "sub.journal" };

	(void)state;
	list_is(ends_journal, want, 2);
}

static void missing_directory(void **state)
{
	struct rl_names l = { (char **)1, 7 };
	char p[256];

	(void)state;
	snprintf(p, sizeof(p), "%s/none", dir);
	errno = 0;
	assert_int_equal(rl_dir_names(p, NULL, &l), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	snprintf(p, sizeof(p), "%s/sda", dir);
	assert_int_equal(rl_dir_names(p, NULL, &l), -1);
	assert_int_equal(errno, ENOTDIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_but_dot_names),
		cmocka_unit_test(filtered),
		cmocka_unit_test(missing_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
