/* The refusals that guard a plan: exact exit codes and messages for each,
 * on a fake sysfs tree (holders, partitions, dm devices of the VG with their
 * slaves, the journal directory's device) and on hand-built VG models
 * (partial, exported, MGT unparsable, damaged, in-flight LVs).
 *
 * The busy checks run twice, with no index (the check builds one of the
 * tree as it is now) and with a block-device index built earlier on the
 * same tree, and must agree byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blkindex.h"
#include "exitcodes.h"
#include "journal.h"
#include "refuse.h"
#include "unit_util.h"

static char root[64];
static struct rl_sysfs sys;   /* reads below root */

/* sys/dev/block/7:3 and sys/class/block/loop3 -> devices/virtual/block/loop3 */
static void mkdev(const char *name, unsigned maj, unsigned min)
{
	ut_sh("mkdir -p %s/sys/devices/virtual/block/%s/holders %s/sys/dev/block %s/sys/class/block",
	   root, name, root, root);
	ut_sh("ln -sfn ../../devices/virtual/block/%s %s/sys/dev/block/%u:%u", name, root, maj, min);
	ut_sh("ln -sfn ../../devices/virtual/block/%s %s/sys/class/block/%s", name, root, name);
}

/* Write text to <root>/<rel>, making its directory. */
static void put(const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ut_sh("mkdir -p \"$(dirname '%s')\"", path);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* <root>/sys/block/<name> -> the device made by mkdev */
static void sysblock(const char *name)
{
	ut_sh("mkdir -p %s/sys/block && ln -sfn ../devices/virtual/block/%s %s/sys/block/%s", root,
	   name, root, name);
}

/* An index of the fake tree as it is now. */
static struct rl_blkindex *ix_build(void)
{
	struct rl_blkindex *ix = NULL;

	assert_int_equal(rl_blkindex_build(&sys, &ix), 0);
	assert_non_null(ix);
	return ix;
}

static void ix_rebuild(struct rl_blkindex **ix)
{
	rl_blkindex_free(*ix);
	*ix = ix_build();
}

/* rl_refuse_holders with no index and with ix: same answer, same code,
 * same message; r gets the result with ix. */
static int holders_both(const struct rl_blkindex *ix, const char *path, dev_t rdev,
			struct rl_refusal *r)
{
	struct rl_refusal w = { 0 };
	int a, b;

	assert_non_null(ix);
	a = rl_refuse_holders(&sys, NULL, path, rdev, &w);
	b = rl_refuse_holders(&sys, ix, path, rdev, r);
	assert_int_equal(a, b);
	if (b) {
		assert_int_equal(w.code, r->code);
		assert_string_equal(w.msg, r->msg);
	}
	return b;
}

/* The same for rl_refuse_dm_active. */
static int dm_both(const struct rl_blkindex *ix, const char *vgid, const char *vg,
		   const dev_t *t, size_t n, struct rl_refusal *r)
{
	struct rl_refusal w = { 0 };
	int a, b;

	assert_non_null(ix);
	a = rl_refuse_dm_active(&sys, NULL, vgid, vg, t, n, &w);
	b = rl_refuse_dm_active(&sys, ix, vgid, vg, t, n, r);
	assert_int_equal(a, b);
	if (b) {
		assert_int_equal(w.code, r->code);
		assert_string_equal(w.msg, r->msg);
	}
	return b;
}

/* Of the names a and b, the one a readdir of <root>/sys/block meets first:
 * the order in which the index reports paths. */
static const char *first_in_sysblock(const char *a, const char *b)
{
	char dir[200];
	DIR *d;
	struct dirent *de;
	const char *got = NULL;

	snprintf(dir, sizeof(dir), "%s/sys/block", root);
	d = opendir(dir);
	assert_non_null(d);
	while (!got && (de = readdir(d)))
		if (!strcmp(de->d_name, a))
			got = a;
		else if (!strcmp(de->d_name, b))
			got = b;
	closedir(d);
	assert_non_null(got);
	return got;
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/relun-rtest.XXXXXX");
	assert_non_null(mkdtemp(root));
	assert_int_equal(rl_sysfs_init(&sys, root), 0);
	mkdev("loop3", 7, 3);
	mkdev("loop9", 7, 9);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ut_sh("rm -rf %s", root);
	return 0;
}

static void not_root(void **state)
{
	struct rl_refusal r = { 0 };

	(void)state;
	assert_int_equal(rl_refuse_not_root(0, &r), 0);
	assert_int_equal(rl_refuse_not_root(1000, &r), 1);
	assert_int_equal(r.code, RL_EXIT_NOTROOT);
	assert_string_equal(r.msg, "relun-resign must run as root");
}

static void holders(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;

	(void)state;
	/* no /sys/block in this tree: an empty index, no other path */
	ix = ix_build();
	assert_int_equal(rl_blkindex_count(ix), 0);
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 0);
	assert_int_equal(holders_both(ix, "/img", 0, &r), 0);
	/* a partition of loop3 held by a dm device */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop3/loop3p1/holders/dm-1", root);
	ut_sh("touch %s/sys/devices/virtual/block/loop3/loop3p1/partition", root);
	ut_sh("ln -sfn ../../devices/virtual/block/loop3/loop3p1 %s/sys/class/block/loop3p1", root);
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "/dev/loop3: in use: loop3p1 is held by dm-1 (deactivate or "
			    "remove it first)");
	assert_int_equal(holders_both(ix, "/dev/loop9", makedev(7, 9), &r), 0);
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop9/holders/md0", root);
	assert_int_equal(holders_both(ix, "/dev/loop9", makedev(7, 9), &r), 1);
	assert_string_equal(r.msg, "/dev/loop9: in use: loop9 is held by md0 (deactivate or "
			    "remove it first)");
	rl_blkindex_free(ix);
}

/* A LUN is busy through any of its paths: another SCSI path with the same
 * wwid, or the members of a multipath map; a map holding its own paths is not
 * a user of the LUN. */
static void busy_through_another_path(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;
	dev_t t[1] = { makedev(8, 32) };
	const char *vgid = "AbCdEf0123456789AbCdEf0123456789";
	const char *k[] = { "sdc", "sdd", "sde", "sdf", "dm-2" };
	unsigned mi[] = { 32, 48, 64, 80, 2 };
	unsigned i;

	(void)state;
	for (i = 0; i < 5; i++) {
		mkdev(k[i], i < 4 ? 8 : 253, mi[i]);
		sysblock(k[i]);
	}
	for (i = 0; i < 2; i++) {
		ut_sh("mkdir -p %s/sys/devices/virtual/block/%s/device", root, k[i]);
		ut_sh("echo naa.6001405aabbccdd >%s/sys/devices/virtual/block/%s/device/wwid", root, k[i]);
	}
	ix = ix_build();
	assert_int_equal(rl_blkindex_count(ix), 5);
	assert_int_equal(holders_both(ix, "/dev/sdc", makedev(8, 32), &r), 0);
	/* an LV of the clone's VG active on the other path, sdd: the holder
	 * appears after the index was built and is still seen, since holders
	 * are read fresh */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/sdd/holders/dm-1", root);
	assert_int_equal(holders_both(ix, "/dev/sdc", makedev(8, 32), &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "/dev/sdc: in use: sdd is held by dm-1 (deactivate or remove "
			    "it first)");
	/* dm-1 joins /sys/block: rebuild */
	ut_sh("mkdir -p %s/sys/block/dm-1/dm %s/sys/block/dm-1/slaves/sdd", root, root);
	ut_sh("printf 'LVM-%sLvLvLvLvLvLvLvLvLvLvLvLvLvLvLvLv\\n' >%s/sys/block/dm-1/dm/uuid", vgid, root);
	ut_sh("printf 'VG_XenStorage--aaaa-VHD--1234\\n' >%s/sys/block/dm-1/dm/name", root);
	ix_rebuild(&ix);
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-aaaa", t, 1, &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "sdd: LV VG_XenStorage--aaaa-VHD--1234 of VG VG_XenStorage-aaaa "
			    "is active on it (dm-1); deactivate it first");
	/* a multipath map over sde and sdf: its paths are held by the map
	 * itself (the map's uuid and slaves are read fresh, no rebuild) */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/dm-2/dm %s/sys/devices/virtual/block/dm-2/slaves",
	   root, root);
	ut_sh("echo mpath-36001405eeff >%s/sys/devices/virtual/block/dm-2/dm/uuid", root);
	for (i = 2; i < 4; i++) {
		ut_sh("mkdir -p %s/sys/devices/virtual/block/%s/holders/dm-2", root, k[i]);
		ut_sh("mkdir -p %s/sys/devices/virtual/block/dm-2/slaves/%s", root, k[i]);
	}
	assert_int_equal(holders_both(ix, "/dev/dm-2", makedev(253, 2), &r), 0);
	/* an LV active on the map: busy */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/dm-2/holders/dm-3", root);
	assert_int_equal(holders_both(ix, "/dev/dm-2", makedev(253, 2), &r), 1);
	assert_string_equal(r.msg, "/dev/dm-2: in use: dm-2 is held by dm-3 (deactivate or remove "
			    "it first)");
	/* ... or something else holding one of the map's paths */
	ut_sh("rm -r %s/sys/devices/virtual/block/dm-2/holders/dm-3", root);
	ut_sh("mkdir -p %s/sys/devices/virtual/block/sdf/holders/md7", root);
	assert_int_equal(holders_both(ix, "/dev/dm-2", makedev(253, 2), &r), 1);
	assert_string_equal(r.msg, "/dev/dm-2: in use: sdf is held by md7 (deactivate or remove "
			    "it first)");
	rl_blkindex_free(ix);
}

static void dm_of_this_vg(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;
	const char *vgid = "AbCdEf0123456789AbCdEf0123456789";
	dev_t t[1] = { makedev(7, 3) };

	(void)state;
	/* the original's LV (on loop9) is active: not a reason to refuse */
	ut_sh("mkdir -p %s/sys/block/dm-0/dm %s/sys/block/dm-0/slaves/loop9", root, root);
	ut_sh("printf 'LVM-%sLvLvLvLvLvLvLvLvLvLvLvLvLvLvLvLv\\n' >%s/sys/block/dm-0/dm/uuid", vgid, root);
	ut_sh("printf 'VG_XenStorage--aaaa-MGT\\n' >%s/sys/block/dm-0/dm/name", root);
	ix = ix_build();
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-aaaa", t, 1, &r), 0);
	/* an LV of this VG by name only, on the target */
	ut_sh("mkdir -p %s/sys/block/dm-4/dm %s/sys/block/dm-4/slaves/loop3", root, root);
	ut_sh("printf 'LVM-OtherVgIdOtherVgIdOtherVgIdOtherxxxx\\n' >%s/sys/block/dm-4/dm/uuid", root);
	ut_sh("printf 'VG_XenStorage--aaaa-VHD--1234\\n' >%s/sys/block/dm-4/dm/name", root);
	ix_rebuild(&ix);
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-aaaa", t, 1, &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "loop3: LV VG_XenStorage--aaaa-VHD--1234 of VG VG_XenStorage-aaaa "
			    "is active on it (dm-4); deactivate it first");
	/* another VG's LV on the target is not this check's business */
	assert_int_equal(dm_both(ix, vgid, "vg1", t, 1, &r), 0);
	rl_blkindex_free(ix);
}

/* Two loop devices on one image are one LUN: a holder on either makes the
 * other busy, an LV of the VG active through either refuses, a loop device
 * on another file does not count. */
static void loop_pair_same_backing_file(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;
	const char *vgid = "ZyXwVu0123456789ZyXwVu0123456789";
	dev_t t3[1] = { makedev(7, 3) }, t5[1] = { makedev(7, 5) };
	char want[300];
	const char *first;

	(void)state;
	mkdev("loop5", 7, 5);
	mkdev("loop6", 7, 6);
	sysblock("loop3");
	sysblock("loop5");
	sysblock("loop6");
	sysblock("loop9");
	put("sys/devices/virtual/block/loop3/loop/backing_file", "/srv/clones/c1.img\n");
	put("sys/devices/virtual/block/loop9/loop/backing_file", "/srv/clones/c1.img\n");
	put("sys/devices/virtual/block/loop5/loop/backing_file", "/srv/clones/c2.img\n");
	/* loop6 is unbound: no loop/ directory */
	ix = ix_build();
	assert_int_equal(rl_blkindex_count(ix), 4);
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 0);
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop5/holders/md1", root);
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop6/holders/md2", root);
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 0);
	assert_int_equal(holders_both(ix, "/dev/loop5", makedev(7, 5), &r), 1);
	assert_string_equal(r.msg, "/dev/loop5: in use: loop5 is held by md1 (deactivate or "
			    "remove it first)");
	/* the other loop device on c1.img gets a holder */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop9/holders/dm-5", root);
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "/dev/loop3: in use: loop9 is held by dm-5 (deactivate or "
			    "remove it first)");
	/* a third loop device on c1.img, also held: of the two held other
	 * paths, the one a walk of /sys/block meets first is named, with or
	 * without the index */
	mkdev("loop2", 7, 2);
	sysblock("loop2");
	put("sys/devices/virtual/block/loop2/loop/backing_file", "/srv/clones/c1.img\n");
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop2/holders/md5", root);
	ix_rebuild(&ix);
	first = first_in_sysblock("loop2", "loop9");
	snprintf(want, sizeof(want), "/dev/loop3: in use: %s is held by %s (deactivate or remove "
		 "it first)", first, !strcmp(first, "loop2") ? "md5" : "dm-5");
	assert_int_equal(holders_both(ix, "/dev/loop3", makedev(7, 3), &r), 1);
	assert_string_equal(r.msg, want);
	/* the device asked about comes first: loop9's own holder is named */
	assert_int_equal(holders_both(ix, "/dev/loop9", makedev(7, 9), &r), 1);
	assert_string_equal(r.msg, "/dev/loop9: in use: loop9 is held by dm-5 (deactivate or "
			    "remove it first)");
	ut_sh("rm -r %s/sys/devices/virtual/block/loop2/holders/md5", root);
	/* dm-5, an LV of the VG on loop9, and dm-6, one with no slaves yet */
	ut_sh("mkdir -p %s/sys/block/dm-5/dm %s/sys/block/dm-5/slaves/loop9", root, root);
	put("sys/block/dm-5/dm/uuid", "LVM-ZyXwVu0123456789ZyXwVu0123456789LvLvLvLvLvLvLvLvLvLvLv"
	    "LvLvLvLvLv\n");
	put("sys/block/dm-5/dm/name", "VG_XenStorage--bbbb-VHD--42\n");
	ut_sh("mkdir -p %s/sys/block/dm-6/dm %s/sys/block/dm-6/slaves", root, root);
	put("sys/block/dm-6/dm/uuid", "LVM-ZyXwVu0123456789ZyXwVu0123456789QqQqQqQqQqQqQqQqQqQqQq"
	    "QqQqQqQqQq\n");
	put("sys/block/dm-6/dm/name", "VG_XenStorage--bbbb-MGT\n");
	ix_rebuild(&ix);
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-bbbb", t3, 1, &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "loop9: LV VG_XenStorage--bbbb-VHD--42 of VG VG_XenStorage-bbbb "
			    "is active on it (dm-5); deactivate it first");
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-bbbb", t5, 1, &r), 0);
	/* dm-6 gains loop5 as a slave after the build: slaves are read fresh */
	ut_sh("mkdir -p %s/sys/block/dm-6/slaves/loop5", root);
	assert_int_equal(dm_both(ix, vgid, "VG_XenStorage-bbbb", t5, 1, &r), 1);
	assert_string_equal(r.msg, "loop5: LV VG_XenStorage--bbbb-MGT of VG VG_XenStorage-bbbb "
			    "is active on it (dm-6); deactivate it first");
	rl_blkindex_free(ix);
}

/* The index is a snapshot of /sys/block membership and keys: a path that
 * appears later is found only after a rebuild (and this shows the indexed
 * check really uses the index). */
static void index_is_a_snapshot(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;

	(void)state;
	mkdev("sdc", 8, 32);
	mkdev("sdd", 8, 48);
	sysblock("sdc");
	put("sys/devices/virtual/block/sdc/device/wwid", "naa.600a0b80001111\n");
	ix = ix_build();
	/* a second path to the LUN shows up, already held */
	sysblock("sdd");
	put("sys/devices/virtual/block/sdd/device/wwid", "naa.600a0b80001111\n");
	ut_sh("mkdir -p %s/sys/devices/virtual/block/sdd/holders/dm-9", root);
	assert_int_equal(rl_refuse_holders(&sys, NULL, "/dev/sdc", makedev(8, 32), &r), 1);
	assert_string_equal(r.msg, "/dev/sdc: in use: sdd is held by dm-9 (deactivate or remove "
			    "it first)");
	memset(&r, 0, sizeof(r));
	assert_int_equal(rl_refuse_holders(&sys, ix, "/dev/sdc", makedev(8, 32), &r), 0);
	assert_int_equal(r.code, 0);
	ix_rebuild(&ix);
	assert_int_equal(rl_refuse_holders(&sys, ix, "/dev/sdc", makedev(8, 32), &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	assert_string_equal(r.msg, "/dev/sdc: in use: sdd is held by dm-9 (deactivate or remove "
			    "it first)");
	rl_blkindex_free(ix);
}

/* The index itself: keys by kind, walk order within a key, long backing
 * files kept whole, dm entries with uuid and name. */
static void blkindex_lookups(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_blkindex *ix;
	const struct rl_blkent *const *e;
	char longf[2100], other[2100], key[RL_BLKKEY_SIZE];
	const char *first;
	size_t n, i;

	(void)state;
	/* a backing file 2000 bytes long, and one that differs only at the end */
	memset(longf, 'a', sizeof(longf));
	longf[0] = '/';
	longf[2000] = '\0';
	memcpy(other, longf, sizeof(other));
	other[1999] = 'b';
	mkdev("loop7", 7, 7);
	mkdev("loop8", 7, 8);
	mkdev("loop4", 7, 4);
	mkdev("sdx", 8, 96);
	mkdev("dm-1", 253, 1);
	sysblock("loop7");
	sysblock("loop8");
	sysblock("loop4");
	sysblock("sdx");
	sysblock("dm-1");
	sysblock("loop3");
	put("sys/devices/virtual/block/loop7/loop/backing_file", longf);
	put("sys/devices/virtual/block/loop8/loop/backing_file", longf);
	put("sys/devices/virtual/block/loop4/loop/backing_file", other);
	/* a wwid that reads like loop3's backing file: different kinds */
	put("sys/devices/virtual/block/sdx/device/wwid", "/srv/x.img\n");
	put("sys/devices/virtual/block/loop3/loop/backing_file", "/srv/x.img\n");
	put("sys/devices/virtual/block/dm-1/dm/uuid", "LVM-abc\n");
	put("sys/devices/virtual/block/dm-1/dm/name", "vg-lv\n");
	ix = ix_build();
	assert_int_equal(rl_blkindex_count(ix), 6);

	assert_int_equal(rl_blkkey_read(&sys, "loop4", key, sizeof(key)), RL_BLKKEY_BACKING);
	assert_int_equal(strlen(key), 2000);
	assert_string_equal(key, other);
	e = rl_blkindex_same_key(ix, RL_BLKKEY_BACKING, longf, &n);
	assert_int_equal(n, 2);
	first = first_in_sysblock("loop7", "loop8");
	assert_string_equal(e[0]->name, first);
	assert_string_equal(e[1]->name, !strcmp(first, "loop7") ? "loop8" : "loop7");
	for (i = 0; i < n; i++) {
		assert_int_equal(e[i]->kind, RL_BLKKEY_BACKING);
		assert_string_equal(e[i]->key, longf);
	}
	e = rl_blkindex_same_key(ix, RL_BLKKEY_BACKING, other, &n);
	assert_int_equal(n, 1);
	assert_string_equal(e[0]->name, "loop4");
	/* the files differ only in their 2000th byte: loop4 does not make
	 * loop7 busy */
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop4/holders/md3", root);
	assert_int_equal(rl_refuse_holders(&sys, ix, "/dev/loop7", makedev(7, 7), &r), 0);
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop8/holders/md4", root);
	assert_int_equal(rl_refuse_holders(&sys, ix, "/dev/loop7", makedev(7, 7), &r), 1);
	assert_string_equal(r.msg, "/dev/loop7: in use: loop8 is held by md4 (deactivate or "
			    "remove it first)");

	e = rl_blkindex_same_key(ix, RL_BLKKEY_WWID, "/srv/x.img", &n);
	assert_int_equal(n, 1);
	assert_string_equal(e[0]->name, "sdx");
	e = rl_blkindex_same_key(ix, RL_BLKKEY_BACKING, "/srv/x.img", &n);
	assert_int_equal(n, 1);
	assert_string_equal(e[0]->name, "loop3");
	assert_null(rl_blkindex_same_key(ix, RL_BLKKEY_WWID, "naa.none", &n));
	assert_int_equal(n, 0);
	assert_null(rl_blkindex_same_key(ix, RL_BLKKEY_NONE, "", &n));
	assert_int_equal(n, 0);

	e = rl_blkindex_dm(ix, &n);
	assert_int_equal(n, 1);
	assert_string_equal(e[0]->name, "dm-1");
	assert_string_equal(e[0]->dm_uuid, "LVM-abc");
	assert_string_equal(e[0]->dm_name, "vg-lv");
	assert_int_equal(e[0]->kind, RL_BLKKEY_NONE);
	assert_string_equal(e[0]->key, "");
	rl_blkindex_free(ix);

	/* /sys/block a file, not a directory: an empty index, like no tree */
	ut_sh("rm -r %s/sys/block && touch %s/sys/block", root, root);
	ix = ix_build();
	assert_int_equal(rl_blkindex_count(ix), 0);
	assert_null(rl_blkindex_dm(ix, &n));
	assert_int_equal(n, 0);
	rl_blkindex_free(ix);
}

static void journal_dir(void **state)
{
	struct rl_refusal r = { 0 };
	struct stat st;
	char dir[200];
	dev_t t[2];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/j/not/yet/made", root);
	assert_int_equal(stat(root, &st), 0);
	t[0] = makedev(7, 3);
	assert_int_equal(rl_refuse_journal_dir(&sys, dir, t, 1, &r), 0);
	/* the directory's filesystem is the device itself */
	t[1] = st.st_dev;
	assert_int_equal(rl_refuse_journal_dir(&sys, dir, t, 2, &r), 1);
	assert_int_equal(r.code, RL_EXIT_JOURNAL);
	assert_non_null(strstr(r.msg, "is on a device being changed"));
	/* ... or an LV stacked on the device (dm-7 holds loop3, and the
	 * directory's filesystem is dm-7) */
	mkdev("dm-7", major(st.st_dev), minor(st.st_dev));
	ut_sh("mkdir -p %s/sys/devices/virtual/block/loop3/holders/dm-7", root);
	assert_int_equal(rl_refuse_journal_dir(&sys, dir, t, 1, &r), 1);
	snprintf(dir, sizeof(dir), "journal directory %s/j/not/yet/made is on a device being changed "
		 "(%u:%u); choose another with --journal-dir", root, major(st.st_dev), minor(st.st_dev));
	assert_string_equal(r.msg, dir);
}

static void pending_journal(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_plan p;
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_err e;
	uint8_t a[512] = { 0 }, b[512] = { 1 };
	char dir[200], want[9000];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/journal", root);
	rl_plan_init(&p, "vg0", "lvm");
	assert_int_equal(rl_plan_add_dev(&p, "/dev/loop3", "", 1 << 20, 0, 4096, 512, &e), 0);
	assert_int_equal(rl_plan_add_region(&p, 0, RL_PHASE_LABEL, 512, a, b, 512, "label", &e), 0);
	assert_int_equal(rl_plan_finalize(&p, &e), 0);
	assert_int_equal(rl_refuse_pending(NULL, dir, NULL, &p, &r), 0);
	assert_int_equal(rl_journal_init_from_plan(&j, &p, 0, "t", &e), 0);
	assert_int_equal(rl_journal_create(&jf, dir, &j, 0, NULL, &e), 0);
	assert_int_equal(rl_refuse_pending(NULL, dir, NULL, &p, &r), 1);
	assert_int_equal(r.code, RL_EXIT_JOURNAL);
	snprintf(want, sizeof(want), "a resign of this LUN was interrupted: journal %s is pending. "
		 "Run relun-resign --recover %s first", jf.path, jf.path);
	assert_string_equal(r.msg, want);
	assert_int_equal(rl_journal_set_state(&jf, &j, RL_JSTATE_ROLLED_BACK, &e), 0);
	assert_int_equal(rl_refuse_pending(NULL, dir, NULL, &p, &r), 0);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
	rl_plan_free(&p);
}

static int one(const char *path, enum verdict v, int unique, const char *reason, int force,
	       int *nn, struct rl_refusal *r)
{
	struct pv_judged pv = { path, 1, v, unique, EVM_NONE, reason };

	return rl_refuse_verdicts(&pv, 1, force, nn, r);
}

static void verdicts(void **state)
{
	struct rl_refusal r = { 0 };
	int nn;

	(void)state;
	assert_int_equal(one("/dev/sdc", V_CLONE, 0, "x", 0, &nn, &r), 0);
	assert_int_equal(nn, 0);
	assert_int_equal(one("/dev/sdc", V_ORIGINAL, 0, "pool PBD names its SCSIid", 0, &nn, &r), 1);
	assert_int_equal(r.code, RL_EXIT_ORIGINAL);
	assert_string_equal(r.msg, "/dev/sdc looks like the ORIGINAL, not a clone: pool PBD names "
			    "its SCSIid. Resign the clone instead, or --force");
	assert_int_equal(one("/dev/sdc", V_ORIGINAL, 0, "x", 1, &nn, &r), 0);
	assert_int_equal(one("/dev/sdc", V_ORIGINAL, 1, "unique", 0, &nn, &r), 0);
	assert_int_equal(nn, 1);
	assert_int_equal(one("/dev/sdc", V_DUPLICATE, 0, "no evidence", 0, &nn, &r), 1);
	assert_string_equal(r.msg, "/dev/sdc carries the same identity as another LUN and nothing "
			    "says which is the original: no evidence. Use --original DEV or --force "
			    "(--keep DEV when the original is elsewhere)");
}

static void vg_states(void **state)
{
	struct rl_refusal r = { 0 };
	struct lvm_vg vg;
	struct lvm_pv pvs[2];
	struct lvm_lv lvs[3];
	struct lun_pv pv0;
	struct lun_pv *given[2] = { &pv0, NULL };
	struct lun_vg v;
	unsigned infl[2] = { 1, 2 };

	(void)state;
	memset(&vg, 0, sizeof(vg));
	memset(pvs, 0, sizeof(pvs));
	memset(lvs, 0, sizeof(lvs));
	memset(&v, 0, sizeof(v));
	snprintf(vg.name, sizeof(vg.name), "VG_XenStorage-aaaa");
	snprintf(pvs[0].key, sizeof(pvs[0].key), "pv0");
	snprintf(pvs[1].key, sizeof(pvs[1].key), "pv1");
	memcpy(pvs[1].id, "abcdefABCDEF0123456789abcdefABCD", 33);
	vg.pvs = pvs;
	vg.n_pvs = 2;
	snprintf(lvs[0].name, sizeof(lvs[0].name), "MGT");
	snprintf(lvs[1].name, sizeof(lvs[1].name), "jvhd_x");
	snprintf(lvs[2].name, sizeof(lvs[2].name), "VHD-OLD_1234");
	vg.lvs = lvs;
	vg.n_lvs = 3;
	v.vg = &vg;
	v.pvs = given;
	v.n_pvs = 2;
	v.partial = 1;
	assert_int_equal(rl_refuse_vg(&v, 0, &r), 1);
	assert_int_equal(r.code, RL_EXIT_INCOMPLETE);
	assert_string_equal(r.msg, "VG VG_XenStorage-aaaa: not every PV was given; missing pv1 "
			    "(abcdef-ABCD-EF01-2345-6789-abcd-efABCD). Give all PVs of the VG in one run");
	v.partial = 0;
	v.exported = 1;
	assert_int_equal(rl_refuse_vg(&v, 1, &r), 1);
	assert_string_equal(r.msg, "VG VG_XenStorage-aaaa is exported (vgimport it first)");
	v.exported = 0;
	rl_err_init(&v.mgt_err, "/dev/sdc");
	rl_err_at(&v.mgt_err, RL_E_CORRUPT, 12582912, "bad MGT header");
	assert_int_equal(rl_refuse_vg(&v, 1, &r), 1);
	assert_int_equal(r.code, RL_EXIT_DAMAGED);
	assert_string_equal(r.msg, "VG VG_XenStorage-aaaa: MGT cannot be parsed: /dev/sdc: offset "
			    "12582912 (0xc00000): bad MGT header");
	rl_err_init(&v.mgt_err, NULL);
	v.damaged = 1;
	v.n_problems = 1;
	snprintf(v.problems[0], sizeof(v.problems[0]), "VHD-1: bad footer");
	assert_int_equal(rl_refuse_vg(&v, 1, &r), 1);
	assert_string_equal(r.msg, "VG VG_XenStorage-aaaa is damaged: VHD-1: bad footer");
	v.damaged = 0;
	v.inflight = infl;
	v.n_inflight = 2;
	assert_int_equal(rl_refuse_vg(&v, 0, &r), 1);
	assert_int_equal(r.code, RL_EXIT_INFLIGHT);
	assert_string_equal(r.msg, "VG VG_XenStorage-aaaa: LVs show an SR operation in flight "
			    "(jvhd_x, VHD-OLD_1234); let it finish on the original SR before "
			    "cloning, or use --force");
	assert_int_equal(rl_refuse_vg(&v, 1, &r), 0);
}

static void open_busy_or_missing(void **state)
{
	struct rl_refusal r = { 0 };
	struct rl_dev d;
	char img[200];
	int fd;

	(void)state;
	snprintf(img, sizeof(img), "%s/img", root);
	assert_int_equal(rl_refuse_open("/nonexistent/dev", &d, &r), 1);
	assert_int_equal(r.code, RL_EXIT_NODEV);
	assert_string_equal(r.msg, "/nonexistent/dev: cannot open exclusively: No such file or directory");
	fd = open(img, O_CREAT | O_RDWR, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(rl_refuse_open(img, &d, &r), 1);
	assert_int_equal(r.code, RL_EXIT_BUSY);
	close(fd);
	assert_int_equal(rl_refuse_open(img, &d, &r), 0);
	rl_dev_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_root),
		cmocka_unit_test_setup_teardown(holders, setup, teardown),
		cmocka_unit_test_setup_teardown(dm_of_this_vg, setup, teardown),
		cmocka_unit_test_setup_teardown(busy_through_another_path, setup, teardown),
		cmocka_unit_test_setup_teardown(loop_pair_same_backing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(index_is_a_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(blkindex_lookups, setup, teardown),
		cmocka_unit_test_setup_teardown(journal_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(pending_journal, setup, teardown),
		cmocka_unit_test(verdicts),
		cmocka_unit_test(vg_states),
		cmocka_unit_test_setup_teardown(open_busy_or_missing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
