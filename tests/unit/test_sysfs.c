/* core/sysfs: the path context (prefix normalised, paths formed below it),
 * attributes of a device directory, devno <-> kernel name, whole disk of a
 * partition, directory entries and the /sys/block walk, on a fake tree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "sysfs.h"
#include "unit_util.h"

static char root[64];
static struct rl_sysfs sys;

/* The kernel's layout: sda (8:0) with partition sda1 (8:1), loop3 (7:3)
 * held by dm-2 (253:2), and sys/block listing the whole disks. */
static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/relun-sysfs.XXXXXX");
	if (!mkdtemp(root) || rl_sysfs_init(&sys, root) < 0)
		return -1;
	ut_sh("cd %s && mkdir -p sys/devices/pci0/host0/block/sda/sda1 sys/devices/virtual/block/loop3/holders "
	   "sys/devices/virtual/block/loop3/loop sys/devices/virtual/block/dm-2/slaves "
	   "sys/devices/virtual/block/dm-2/dm sys/block sys/class/block sys/dev/block sys/dev/char", root);
	ut_sh("cd %s/sys/devices && echo 8:0 >pci0/host0/block/sda/dev && echo 8:1 >pci0/host0/block/sda/sda1/dev "
	   "&& echo 1 >pci0/host0/block/sda/sda1/partition && echo 2097152 >pci0/host0/block/sda/size "
	   "&& echo 7:3 >virtual/block/loop3/dev && echo ' /srv/a b.img ' >virtual/block/loop3/loop/backing_file "
	   "&& echo 12x >virtual/block/loop3/size && echo 253:2 >virtual/block/dm-2/dev "
	   "&& echo mpath-3600 >virtual/block/dm-2/dm/uuid", root);
	ut_sh("cd %s/sys && ln -s ../../devices/pci0/host0/block/sda class/block/sda "
	   "&& ln -s ../../devices/pci0/host0/block/sda/sda1 class/block/sda1 "
	   "&& ln -s ../../devices/virtual/block/loop3 class/block/loop3 "
	   "&& ln -s ../../devices/virtual/block/dm-2 class/block/dm-2 "
	   "&& ln -s ../devices/pci0/host0/block/sda block/sda && ln -s ../devices/virtual/block/loop3 block/loop3 "
	   "&& ln -s ../devices/virtual/block/dm-2 block/dm-2 "
	   "&& ln -s ../../devices/pci0/host0/block/sda dev/block/8:0 "
	   "&& ln -s ../../devices/pci0/host0/block/sda/sda1 dev/block/8:1 "
	   "&& ln -s ../../devices/virtual/block/loop3 dev/block/7:3 "
	   "&& ln -s ../../../dm-2 devices/virtual/block/loop3/holders/dm-2 "
	   "&& ln -s ../../loop3 devices/virtual/block/dm-2/slaves/loop3", root);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ut_sh("rm -rf %s", root);
	return 0;
}

static void context(void **state)
{
	struct rl_sysfs s;
	char p[PATH_MAX], big[PATH_MAX + 8];

	(void)state;
	assert_int_equal(rl_sysfs_init(&s, NULL), 0);
	assert_true(rl_sysfs_is_real(&s));
	assert_true(rl_sysfs_is_real(NULL));
	assert_int_equal(rl_sysfs_path(&s, p, sizeof(p), "block/%s/dev", "sda"), 0);
	assert_string_equal(p, "/sys/block/sda/dev");
	assert_int_equal(rl_sysfs_path(NULL, p, sizeof(p), "dev/block/%u:%u", 8u, 0u), 0);
	assert_string_equal(p, "/sys/dev/block/8:0");
	assert_int_equal(rl_sysfs_init(&s, "///"), 0);
	assert_true(rl_sysfs_is_real(&s));
	assert_int_equal(rl_sysfs_init(&s, "/srv/copy/"), 0);
	assert_false(rl_sysfs_is_real(&s));
	assert_int_equal(rl_sysfs_path(&s, p, sizeof(p), "block"), 0);
	assert_string_equal(p, "/srv/copy/sys/block");
	assert_int_equal(rl_sysfs_path(&s, p, 12, "block"), -1);   /* does not fit */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(rl_sysfs_init(&s, big), -1);
}

static void attributes(void **state)
{
	struct rl_sysdev d;
	char buf[64];
	uint64_t v = 7;

	(void)state;
	assert_int_equal(rl_sysfs_read_str(&sys, buf, sizeof(buf), "block/%s/dev", "sda"), 3);
	assert_string_equal(buf, "8:0");
	assert_int_equal(rl_sysfs_read_u64(&sys, &v, "block/sda/size"), 0);
	assert_int_equal(v, 2097152);
	assert_int_equal(rl_sysfs_read_str(&sys, buf, sizeof(buf), "block/sdz/dev"), -1);
	assert_string_equal(buf, "");
	assert_true(rl_sysfs_exists(&sys, "class/block/sda1/partition"));
	assert_false(rl_sysfs_exists(&sys, "class/block/sda/partition"));

	assert_int_equal(rl_sysdev_init(&d, &sys, "loop3"), 0);
	/* trailing whitespace cut, leading kept: a file name may start with one */
	assert_int_equal(rl_sysdev_read_str(&d, "loop/backing_file", buf, sizeof(buf)), 13);
	assert_string_equal(buf, " /srv/a b.img");
	v = 7;
	assert_int_equal(rl_sysdev_read_u64(&d, "size", &v), -1);   /* "12x" */
	assert_int_equal(v, 7);
	assert_int_equal(rl_sysdev_init(&d, &sys, "../etc"), -1);
	assert_int_equal(rl_sysdev_init(&d, &sys, ".."), -1);
	assert_int_equal(rl_sysdev_init(&d, &sys, ""), -1);
}

static void numbers_and_names(void **state)
{
	struct rl_err e;
	char name[64], tiny[4];

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(8, 1), 1, name, sizeof(name), &e), 0);
	assert_string_equal(name, "sda1");
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(7, 3), 1, name, sizeof(name), &e), 0);
	assert_string_equal(name, "loop3");
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(7, 3), 1, tiny, sizeof(tiny), &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(8, 16), 1, name, sizeof(name), &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);
	assert_int_equal(rl_sysfs_devno_to_name(&sys, makedev(8, 0), 0, name, sizeof(name), &e), -1);
	assert_int_equal(e.code, RL_E_NOTFOUND);   /* a char device 8:0 is another node */

	assert_int_equal(rl_sysfs_wholedisk(&sys, "sda1", name, sizeof(name)), 1);
	assert_string_equal(name, "sda");
	assert_int_equal(rl_sysfs_wholedisk(&sys, "sda", name, sizeof(name)), 0);
	assert_int_equal(rl_sysfs_wholedisk(&sys, "sdz", name, sizeof(name)), -1);
}

static int collect(const char *name, void *arg)
{
	char *out = arg;

	strcat(out, name);
	strcat(out, " ");
	return 0;
}

static int stop_at_dm(const char *name, void *arg)
{
	(void)arg;
	return strncmp(name, "dm-", 3) ? 0 : 7;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void entries_and_walk(void **state)
{
	struct rl_names l;
	struct rl_sysfs other;
	struct rl_sysdev d;
	struct rl_err e;
	char seen[256] = "";

	(void)state;
	assert_int_equal(rl_sysdev_init(&d, &sys, "loop3"), 0);
	assert_int_equal(rl_sysdev_each(&d, "holders", collect, seen), 0);
	assert_string_equal(seen, "dm-2 ");
	seen[0] = '\0';
	assert_int_equal(rl_sysfs_each(&sys, "block/dm-2/slaves", collect, seen), 0);
	assert_string_equal(seen, "loop3 ");
	assert_int_equal(rl_sysdev_each(&d, "holders", stop_at_dm, NULL), 7);
	assert_int_equal(rl_sysdev_each(&d, "slaves", collect, seen), -1);   /* none */

	rl_err_init(&e, NULL);
	assert_int_equal(rl_sysfs_block_names(&sys, &l, &e), 0);
	assert_int_equal(l.n, 3);
	qsort(l.v, l.n, sizeof(*l.v), by_name);
	assert_string_equal(l.v[0], "dm-2");
	assert_string_equal(l.v[1], "loop3");
	assert_string_equal(l.v[2], "sda");
	rl_names_free(&l);
	assert_int_equal(l.n, 0);

	assert_int_equal(rl_sysfs_init(&other, "/nonexistent/relun"), 0);
	assert_int_equal(rl_sysfs_block_names(&other, &l, &e), -1);
	assert_int_equal(e.code, RL_E_IO);
	assert_string_equal(e.msg, "cannot list /nonexistent/relun/sys/block: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(context),
		cmocka_unit_test_setup_teardown(attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(numbers_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(entries_and_walk, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
