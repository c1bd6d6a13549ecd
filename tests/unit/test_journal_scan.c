/* The pending-journal check of a batch: journal names with a tag (exact
 * strings, the tag parsed back, no collision in one second), the state peek
 * (a finished journal is never parsed), and the directory snapshot
 * (rl_jscan): pending journals found per LUN, journals written after the
 * snapshot found too, except the caller's own batch's, which are never
 * opened. */
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

#include "journal.h"

#define T0 1700000000 /* 20231114T221320Z */
#define STAMP "20231114T221320Z"
#define SUBJ "VG_XenStorage-3f1e"

static void make_plan(struct rl_plan *p, const char *path, const char *ident)
{
	uint8_t a[1024], b[1024];
	struct rl_err e;

	memset(a, 'o', sizeof(a));
	memset(b, 'n', sizeof(b));
	rl_plan_init(p, SUBJ, "full");
	assert_int_equal(rl_plan_add_dev(p, path, ident, 1 << 20, 0x0702, 65536, 512, &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_LABEL, 512, a, b, 512, "label", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_TEXT, 6144, a, b, 1024, "mda1 text", &e), 0);
	assert_int_equal(rl_plan_finalize(p, &e), 0);
}

/* A journal for (path, ident) in dir, left in state st; its path in out. */
static void make_journal(const char *dir, const char *path, const char *ident, time_t now,
			 const char *tag, enum rl_jstate st, char *out, size_t n)
{
	struct rl_plan p;
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_err e;

	make_plan(&p, path, ident);
	assert_int_equal(rl_journal_init_from_plan(&j, &p, T0, "relun-resign test", &e), 0);
	assert_int_equal(rl_journal_create(&jf, dir, &j, now, tag, &e), 0);
	if (st != RL_JSTATE_PREPARED)
		assert_int_equal(rl_journal_set_state(&jf, &j, st, &e), 0);
	snprintf(out, n, "%s", jf.path);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
	rl_plan_free(&p);
}

static void write_file(const char *path, const void *b, size_t n)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, n), (ssize_t)n);
	close(fd);
}

static void patch_file(const char *path, off_t off, const void *b, size_t n)
{
	int fd = open(path, O_WRONLY);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, b, n, off), (ssize_t)n);
	close(fd);
}

static void rm_rf(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* find for (path, ident) against the snapshot; returns the result, found
 * and the unreadable count through the pointers. */
static int find_for(const struct rl_jscan *s, const char *dir, const char *path, const char *ident,
		    const char *skip, char *found, unsigned *bad)
{
	struct rl_lun_id lun = { path, ident, 1 << 20 };
	struct rl_err e;

	found[0] = '\0';
	rl_err_init(&e, NULL);
	return rl_jscan_find(s, dir, &lun, 1, skip, found, 4096, bad, &e);
}

static void names_with_tag(void **state)
{
	char n[400], tag65[70];

	(void)state;
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "b4242.17", 1), 0);
	assert_string_equal(n, "relun-" SUBJ "-" STAMP "-b4242.17.journal");
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "b4242.17", 3), 0);
	assert_string_equal(n, "relun-" SUBJ "-" STAMP "-b4242.17-3.journal");
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "p31337", 1), 0);
	assert_string_equal(n, "relun-" SUBJ "-" STAMP "-p31337.journal");
	/* no tag: today's name */
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, NULL, 2), 0);
	assert_string_equal(n, "relun-" SUBJ "-" STAMP "-2.journal");
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "", 1), 0);
	assert_string_equal(n, "relun-" SUBJ "-" STAMP ".journal");

	/* a tag that could read as a stamp or a seq, or that holds a
	 * separator, is refused and no name is made */
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "4242", 1), -1);
	assert_string_equal(n, "");
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "b-1", 1), -1);
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "b/1", 1), -1);
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, "b 1", 1), -1);
	assert_int_equal(rl_journal_name(n, sizeof(n), SUBJ, T0, ".b1", 1), -1);
	assert_int_equal(rl_journal_tag_ok(NULL), 1);
	assert_int_equal(rl_journal_tag_ok(""), 1);
	assert_int_equal(rl_journal_tag_ok("b1.2.3"), 1);
	memset(tag65, 'a', 65);
	tag65[65] = '\0';
	assert_int_equal(rl_journal_tag_ok(tag65), 0);
	tag65[64] = '\0';
	assert_int_equal(rl_journal_tag_ok(tag65), 1);
	assert_int_equal(rl_journal_name(n, sizeof(n), "s", T0, tag65, 1), 0);
	assert_int_equal(strlen(n), strlen("relun-s-" STAMP "-.journal") + 64);
}

static void has_tag_cases(void **state)
{
	char n[400];

	(void)state;
	rl_journal_name(n, sizeof(n), SUBJ, T0, "b4242.17", 1);
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.17"), 1);
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.1"), 0);
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.170"), 0);
	assert_int_equal(rl_journal_name_has_tag(n, ""), 0);
	assert_int_equal(rl_journal_name_has_tag(n, NULL), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242."), 1);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242.17"), 1);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b424."), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b42421."), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242.17x"), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, ""), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, NULL), 0);
	/* with a seq after the tag */
	rl_journal_name(n, sizeof(n), SUBJ, T0, "b4242.17", 12);
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.17"), 1);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242."), 1);

	/* no tag: neither the stamp nor the seq is one */
	rl_journal_name(n, sizeof(n), SUBJ, T0, NULL, 1);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "2023"), 0);
	assert_int_equal(rl_journal_name_has_tag(n, STAMP), 0);
	rl_journal_name(n, sizeof(n), SUBJ, T0, NULL, 5);
	assert_int_equal(rl_journal_name_has_tag(n, "5"), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "5"), 0);

	/* a subject that contains the tag text, even shaped like a whole
	 * tagged name, is not a tag */
	rl_journal_name(n, sizeof(n), "VG-b4242.17", T0, NULL, 1);
	assert_string_equal(n, "relun-VG-b4242.17-" STAMP ".journal");
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.17"), 0);
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242."), 0);
	rl_journal_name(n, sizeof(n), "x-" STAMP "-b4242.17", T0, NULL, 2);
	assert_string_equal(n, "relun-x-" STAMP "-b4242.17-" STAMP "-2.journal");
	assert_int_equal(rl_journal_name_has_tag_prefix(n, "b4242."), 0);
	/* ...but the real tag after such a subject is found */
	rl_journal_name(n, sizeof(n), "x-" STAMP "-b4242.17", T0, "b9.1", 1);
	assert_int_equal(rl_journal_name_has_tag(n, "b9.1"), 1);
	assert_int_equal(rl_journal_name_has_tag(n, "b4242.17"), 0);

	/* not journal names, or a tag not after a stamp */
	assert_int_equal(rl_journal_name_has_tag("relun-VG-" STAMP "-b1.jrnl", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("xrelun-VG-" STAMP "-b1.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-VG-b1.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-VG-" STAMP "-b1-02.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-VG-" STAMP "-b1-.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-" STAMP "-b1.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-.journal", "b1"), 0);
	assert_int_equal(rl_journal_name_has_tag("relun-VG-" STAMP "-b1.journal", "b1"), 1);
}

static void same_second_tags_do_not_collide(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", p1[4096], p2[4096], p3[4096], want[4200];
	struct rl_plan p;
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_err e;
	struct rl_jscan s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_journal(dir, "/dev/sda", "scsi:A", T0, "b77.1", RL_JSTATE_PREPARED, p1, sizeof(p1));
	make_journal(dir, "/dev/sdb", "scsi:B", T0, "b77.2", RL_JSTATE_PREPARED, p2, sizeof(p2));
	make_journal(dir, "/dev/sdc", "scsi:C", T0, "b77.2", RL_JSTATE_PREPARED, p3, sizeof(p3));
	snprintf(want, sizeof(want), "%s/relun-" SUBJ "-" STAMP "-b77.1.journal", dir);
	assert_string_equal(p1, want);
	snprintf(want, sizeof(want), "%s/relun-" SUBJ "-" STAMP "-b77.2.journal", dir);
	assert_string_equal(p2, want);
	/* the same tag again: the seq still keeps them apart */
	snprintf(want, sizeof(want), "%s/relun-" SUBJ "-" STAMP "-b77.2-2.journal", dir);
	assert_string_equal(p3, want);

	/* a bad tag is refused before anything is written */
	make_plan(&p, "/dev/sdd", "scsi:D");
	assert_int_equal(rl_journal_init_from_plan(&j, &p, T0, "t", &e), 0);
	assert_int_equal(rl_journal_create(&jf, dir, &j, T0, "77", &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_string_equal(e.msg, "invalid journal tag \"77\": want a letter, then letters, "
			    "digits or dots, at most 64");
	assert_int_equal(jf.fd, -1);
	rl_journal_free(&j);
	rl_plan_free(&p);
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, 3);
	assert_int_equal(s.npend, 3);
	rl_jscan_free(&s);
	rm_rf(dir);
}

static void snapshot_finds_pending_lun_only(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", path[4096], pend[4096], found[4096], lun[64],
	     id[64], prev[4096] = "";
	static const enum rl_jstate fin[] = { RL_JSTATE_DONE, RL_JSTATE_ROLLED_BACK,
					      RL_JSTATE_UNDONE };
	struct rl_jscan s;
	struct rl_plan p;
	struct rl_err e;
	unsigned i, bad = 99;
	const unsigned ndone = 30;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* finished journals, among them one of LUN X itself */
	for (i = 0; i < ndone; i++) {
		snprintf(lun, sizeof(lun), "/dev/sd%c%c", 'a' + i / 26, 'a' + i % 26);
		snprintf(id, sizeof(id), "scsi:36001405done%02u", i);
		make_journal(dir, lun, i == 7 ? "scsi:36001405X" : id, T0 + i, NULL, fin[i % 3],
			     path, sizeof(path));
	}
	make_journal(dir, "/dev/sdx", "scsi:36001405X", T0 + 100, "p4711", RL_JSTATE_PREPARED,
		     pend, sizeof(pend));
	/* not journals at all: never looked at */
	snprintf(path, sizeof(path), "%s/relun-notes.txt", dir);
	write_file(path, "x", 1);
	snprintf(path, sizeof(path), "%s/other-" STAMP ".journal", dir);
	write_file(path, "x", 1);

	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, ndone + 1);
	assert_int_equal(s.npend, 1);
	assert_int_equal(s.unreadable, 0);
	assert_string_equal(s.pend[0].path, pend);
	assert_int_equal(s.pend[0].ndevs, 1);
	assert_string_equal(s.pend[0].devs[0].path, "/dev/sdx");
	assert_string_equal(s.pend[0].devs[0].ident, "scsi:36001405X");
	assert_int_equal(s.pend[0].devs[0].size, 1 << 20);
	for (i = 0; i < s.names.n; i++) {
		assert_true(strcmp(prev, s.names.v[i]) < 0);
		snprintf(prev, sizeof(prev), "%s", s.names.v[i]);
	}
	assert_string_equal(s.names.v[0], "relun-" SUBJ "-" STAMP ".journal");
	assert_string_equal(s.names.v[ndone], "relun-" SUBJ "-20231114T221500Z-p4711.journal");

	/* X, by identity under another path, and by path+size alone */
	assert_int_equal(find_for(&s, dir, "/dev/sdq", "scsi:36001405X", NULL, found, &bad), 1);
	assert_string_equal(found, pend);
	assert_int_equal(bad, 0);
	assert_int_equal(find_for(&s, NULL, "/dev/sdx", "", NULL, found, &bad), 1);
	assert_string_equal(found, pend);
	/* Y: neither a done journal of its own nor X's pending one counts */
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:36001405Y", NULL, found, &bad), 0);
	assert_string_equal(found, "");
	assert_int_equal(find_for(&s, dir, "/dev/sdaa", "scsi:36001405done00", NULL, found, &bad),
			 0);

	/* the one-shot check says the same */
	make_plan(&p, "/dev/sdq", "scsi:36001405X");
	assert_int_equal(rl_journal_find_pending(dir, &p, found, sizeof(found), &bad, &e), 1);
	assert_string_equal(found, pend);
	rl_plan_free(&p);
	make_plan(&p, "/dev/sdq", "scsi:36001405Y");
	assert_int_equal(rl_journal_find_pending(dir, &p, found, sizeof(found), &bad, &e), 0);
	rl_plan_free(&p);
	rl_jscan_free(&s);
	assert_null(s.names.v);
	assert_int_equal(s.npend, 0);
	rm_rf(dir);
}

static void first_pending_in_name_order(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", a[4096], b[4096], found[4096];
	struct rl_plan p;
	struct rl_err e;
	unsigned bad;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "zz1", RL_JSTATE_PREPARED, b, sizeof(b));
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "aa1", RL_JSTATE_PREPARED, a, sizeof(a));
	make_plan(&p, "/dev/sdx", "scsi:X");
	assert_int_equal(rl_journal_find_pending(dir, &p, found, sizeof(found), &bad, &e), 1);
	assert_string_equal(found, a);
	rl_plan_free(&p);
	(void)b;
	rm_rf(dir);
}

static void journals_after_snapshot(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", path[4096], late[4096], found[4096];
	struct rl_jscan s;
	struct rl_err e;
	unsigned bad = 99;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_journal(dir, "/dev/sda", "scsi:A", T0, NULL, RL_JSTATE_DONE, path, sizeof(path));
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, 1);
	assert_int_equal(s.npend, 0);

	/* another tool's resign of X started after the snapshot */
	make_journal(dir, "/dev/sdx", "scsi:X", T0 + 5, "p12", RL_JSTATE_PREPARED, late,
		     sizeof(late));
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", NULL, found, &bad), 1);
	assert_string_equal(found, late);
	assert_int_equal(bad, 0);
	/* a skip tag of another batch does not hide it */
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "p1.", found, &bad), 1);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "p123", found, &bad), 1);
	/* its own batch's tag does */
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "p1", found, &bad), 0);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "p12", found, &bad), 0);
	/* dir NULL: the snapshot alone */
	assert_int_equal(find_for(&s, NULL, "/dev/sdx", "scsi:X", NULL, found, &bad), 0);
	/* a finished late journal is not pending */
	make_journal(dir, "/dev/sdy", "scsi:Y", T0 + 5, "p13", RL_JSTATE_DONE, path, sizeof(path));
	assert_int_equal(find_for(&s, dir, "/dev/sdy", "scsi:Y", NULL, found, &bad), 0);
	assert_int_equal(bad, 0);
	rl_jscan_free(&s);
	rm_rf(dir);
}

static void skip_tag_is_never_opened(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", path[4096], found[4096], old_bad[4096];
	static const char junk[] = "not a journal, truncated garbage";
	struct rl_jscan s;
	struct rl_err e;
	unsigned bad = 99;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_journal(dir, "/dev/sda", "scsi:A", T0, NULL, RL_JSTATE_DONE, path, sizeof(path));
	/* garbage in the snapshot counts whatever its tag */
	snprintf(old_bad, sizeof(old_bad), "%s/relun-" SUBJ "-" STAMP "-b9.0.journal", dir);
	write_file(old_bad, junk, sizeof(junk));
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, 2);
	assert_int_equal(s.unreadable, 1);

	/* a sibling job's journal, written after the snapshot: garbage, so
	 * opening it would count it as unreadable */
	snprintf(path, sizeof(path), "%s/relun-" SUBJ "-" STAMP "-b9.4.journal", dir);
	write_file(path, junk, sizeof(junk));
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "b9.", found, &bad), 0);
	assert_int_equal(bad, 1);
	assert_string_equal(found, "");
	/* the same garbage, not skipped: looked at, and counted */
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", NULL, found, &bad), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "b91.", found, &bad), 0);
	assert_int_equal(bad, 2);
	/* and without the tag in its name */
	snprintf(path, sizeof(path), "%s/relun-" SUBJ "-" STAMP "-2.journal", dir);
	write_file(path, junk, sizeof(junk));
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "b9.", found, &bad), 0);
	assert_int_equal(bad, 2);
	/* a pending journal of the skipped batch is not seen either (the
	 * caller knows its LUNs are not this one's) */
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "b9.5", RL_JSTATE_PREPARED, path,
		     sizeof(path));
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "b9.", found, &bad), 0);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", "b8.", found, &bad), 1);
	assert_string_equal(found, path);
	rl_jscan_free(&s);
	rm_rf(dir);
}

static void peek_settles_without_parsing(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", done[4096], prep[4096], bad_state[4096],
	     trunc[4096], fifo[4096], found[4096];
	struct rl_journal j;
	struct rl_jscan s;
	struct rl_err e;
	enum rl_jstate st = 0;
	uint8_t x = 0x5a, w[8] = { 2, 0, 0, 0, 0xfd, 0xff, 0xff, 0xfe };
	unsigned bad;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* Intended: a journal whose header says it finished is not pending,
	 * whatever its body; the body of a done journal is only read by
	 * --undo, which parses and checks it in full. */
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "a1", RL_JSTATE_DONE, done, sizeof(done));
	patch_file(done, 200, &x, 1);
	assert_int_equal(rl_journal_load(done, &j, &e), -1);
	assert_string_equal(e.msg, "journal checksum mismatch: the file is corrupt");
	assert_int_equal(rl_journal_peek(done, &st), RL_JPEEK_STATE);
	assert_int_equal(st, RL_JSTATE_DONE);
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.npend, 0);
	assert_int_equal(s.unreadable, 0);
	rl_jscan_free(&s);

	/* a prepared journal with the same damage is parsed: unreadable, as
	 * before (not pending, counted) */
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "a2", RL_JSTATE_PREPARED, prep, sizeof(prep));
	patch_file(prep, 200, &x, 1);
	assert_int_equal(rl_journal_peek(prep, &st), RL_JPEEK_STATE);
	assert_int_equal(st, RL_JSTATE_PREPARED);
	/* a state word that does not match its complement: doubtful, parsed */
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "a3", RL_JSTATE_DONE, bad_state,
		     sizeof(bad_state));
	patch_file(bad_state, RL_JOURNAL_STATE_OFF, w, sizeof(w));
	assert_int_equal(rl_journal_peek(bad_state, &st), RL_JPEEK_DOUBTFUL);
	/* a done journal cut short: its length no longer matches */
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "a4", RL_JSTATE_DONE, trunc, sizeof(trunc));
	assert_int_equal(truncate(trunc, 1000), 0);
	assert_int_equal(rl_journal_peek(trunc, &st), RL_JPEEK_DOUBTFUL);
	/* a FIFO must not hang the scan */
	snprintf(fifo, sizeof(fifo), "%s/relun-" SUBJ "-" STAMP "-a5.journal", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(rl_journal_peek(fifo, &st), RL_JPEEK_BAD);
	snprintf(found, sizeof(found), "%s/relun-gone.journal", dir);
	assert_int_equal(rl_journal_peek(found, &st), RL_JPEEK_GONE);

	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, 5);
	assert_int_equal(s.npend, 0);
	assert_int_equal(s.unreadable, 4);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", NULL, found, &bad), 0);
	assert_int_equal(bad, 4);
	rl_jscan_free(&s);
	rm_rf(dir);
}

static void snapshot_hit_checked_again(void **state)
{
	char dir[] = "/tmp/relun-jscan.XXXXXX", a[4096], b[4096], found[4096];
	struct rl_plan p;
	struct rl_journal j;
	struct rl_jfile jf;
	struct rl_jscan s;
	struct rl_err e;
	unsigned bad;

	(void)state;
	assert_non_null(mkdtemp(dir));
	make_journal(dir, "/dev/sdx", "scsi:X", T0, "a1", RL_JSTATE_PREPARED, a, sizeof(a));
	make_journal(dir, "/dev/sdy", "scsi:Y", T0, "a2", RL_JSTATE_PREPARED, b, sizeof(b));
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.npend, 2);
	assert_int_equal(find_for(&s, NULL, "/dev/sdx", "scsi:X", NULL, found, &bad), 1);
	assert_string_equal(found, a);
	/* X recovered since (state done), Y's journal removed */
	assert_int_equal(rl_journal_open(&jf, a, &j, &e), 0);
	assert_int_equal(rl_journal_set_state(&jf, &j, RL_JSTATE_ROLLED_BACK, &e), 0);
	rl_jfile_close(&jf);
	rl_journal_free(&j);
	assert_int_equal(unlink(b), 0);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", NULL, found, &bad), 0);
	assert_int_equal(find_for(&s, dir, "/dev/sdy", "scsi:Y", NULL, found, &bad), 0);
	rl_jscan_free(&s);

	/* a missing directory is an empty snapshot, and no error later */
	rm_rf(dir);
	assert_int_equal(rl_jscan_build(dir, &s, &e), 0);
	assert_int_equal(s.names.n, 0);
	assert_int_equal(find_for(&s, dir, "/dev/sdx", "scsi:X", NULL, found, &bad), 0);
	assert_int_equal(bad, 0);
	make_plan(&p, "/dev/sdx", "scsi:X");
	assert_int_equal(rl_journal_find_pending(dir, &p, found, sizeof(found), &bad, &e), 0);
	rl_plan_free(&p);
	rl_jscan_free(&s);
	/* one that cannot be read is */
	assert_int_equal(rl_jscan_build("/proc/self/status", &s, &e), -1);
	assert_string_equal(e.dev, "/proc/self/status");
	assert_string_equal(e.msg, "cannot read journal directory: Not a directory");
	assert_null(s.names.v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_with_tag),
		cmocka_unit_test(has_tag_cases),
		cmocka_unit_test(same_second_tags_do_not_collide),
		cmocka_unit_test(snapshot_finds_pending_lun_only),
		cmocka_unit_test(first_pending_in_name_order),
		cmocka_unit_test(journals_after_snapshot),
		cmocka_unit_test(skip_tag_is_never_opened),
		cmocka_unit_test(peek_settles_without_parsing),
		cmocka_unit_test(snapshot_hit_checked_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
