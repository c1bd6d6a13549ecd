/* One run's LUNs found again by any path (core/lun_run.c): the judge reads
 * two image files once, and what it found is looked up afterwards by the
 * file's name, by a symlink to it, and not at all for a file it never saw. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lun_run.h"

struct fx {
	char dir[64], a[96], b[96], link[96], other[96];
	struct judge j;
	struct lun_run r;
};

static void mkfile(const char *path, int fill)
{
	FILE *f = fopen(path, "wb");
	char buf[4096];
	int i;

	assert_non_null(f);
	memset(buf, fill, sizeof(buf));
	for (i = 0; i < 256; i++)   /* 1 MiB */
		assert_int_equal(fwrite(buf, 1, sizeof(buf), f), sizeof(buf));
	fclose(f);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));
	struct pdev_recs recs = { NULL, 0, 0 };
	struct judge_opts o;
	struct pdev *d = calloc(1, sizeof(*d));
	struct rl_err e;
	struct rl_sysfs sys;

	assert_non_null(x);
	assert_int_equal(rl_sysfs_init(&sys, ""), 0);
	assert_non_null(d);
	snprintf(x->dir, sizeof(x->dir), "/tmp/test_lun_run.XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->a, sizeof(x->a), "%s/a.img", x->dir);
	snprintf(x->b, sizeof(x->b), "%s/b.img", x->dir);
	snprintf(x->link, sizeof(x->link), "%s/link.img", x->dir);
	snprintf(x->other, sizeof(x->other), "%s/other.img", x->dir);
	mkfile(x->a, 0);
	mkfile(x->b, 0x5a);
	mkfile(x->other, 0);
	assert_int_equal(symlink(x->b, x->link), 0);
	assert_int_equal(pdev_from_path(&sys, x->a, d, &e), 0);
	assert_int_equal(pdev_recs_add(&recs, d), 0);
	assert_int_equal(pdev_from_path(&sys, x->b, d, &e), 0);
	assert_int_equal(pdev_recs_add(&recs, d), 0);
	free(d);
	memset(&o, 0, sizeof(o));
	o.sys = &sys;
	o.n_given = 2;
	assert_int_equal(judge_run_recs(&recs, &o, NULL, &x->j, &e), 0);
	assert_int_equal(lun_run_take(&x->r, &x->j), 0);
	/* the run's view outlives the judge */
	judge_free(&x->j);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;

	lun_run_free(&x->r);
	unlink(x->a);
	unlink(x->b);
	unlink(x->link);
	unlink(x->other);
	rmdir(x->dir);
	free(x);
	return 0;
}

static void found_by_name_and_link(void **state)
{
	struct fx *x = *state;
	const struct lun_seen *a, *b, *l;
	char want[PATH_MAX + 8];

	assert_int_equal(x->r.n, 2);
	a = lun_run_find(&x->r, x->a);
	b = lun_run_find(&x->r, x->b);
	l = lun_run_find(&x->r, x->link);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_equal(l, b);
	assert_ptr_not_equal(a, b);
	assert_string_equal(a->path, x->a);
	assert_string_equal(b->ident_kind, "file");
	assert_int_equal(b->size, 1 << 20);
	snprintf(want, sizeof(want), "%s", x->b);
	assert_string_equal(b->ident, want);
}

static void label_read_once(void **state)
{
	struct fx *x = *state;
	const struct lun_seen *a = lun_run_find(&x->r, x->a);

	/* read by the judge: no LVM label in either file */
	assert_true(a->read);
	assert_int_equal(a->state, LUN_PV_NOT_LVM);
	assert_int_equal(a->path_of, -1);
	assert_string_equal(a->vg_id, "");
}

static void ident_strings(void **state)
{
	struct fx *x = *state;
	char out[PATH_MAX + 16], want[PATH_MAX + 16];

	assert_int_equal(lun_run_ident(x->link, out, sizeof(out), &x->r), 0);
	snprintf(want, sizeof(want), "file:%s", x->b);
	assert_string_equal(out, want);
	/* a file the run never saw, and a path that does not exist */
	strcpy(out, "x");
	lun_run_ident(x->other, out, sizeof(out), &x->r);
	assert_string_equal(out, "");
	assert_null(lun_run_find(&x->r, "/nonexistent/relun"));
	lun_ident_str("scsi", "", out, sizeof(out));
	assert_string_equal(out, "");
	lun_ident_str("scsi", "36001405abc", out, sizeof(out));
	assert_string_equal(out, "scsi:36001405abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(found_by_name_and_link),
		cmocka_unit_test(label_read_once),
		cmocka_unit_test(ident_strings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
