/* The undo journal: exact header bytes, round trip, refusal of every
 * truncation and of every single flipped byte, unknown versions/features,
 * the state word rewritten in place, file creation (O_EXCL, 0600, name),
 * the masked header fingerprint (the same before and after the writes), and
 * the pending-journal scan. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"

static void make_plan(struct rl_plan *p, const char *path, const char *ident)
{
	uint8_t a[1024], b[1024];
	struct rl_err e;

	memset(a, 'o', sizeof(a));
	memset(b, 'n', sizeof(b));
	rl_plan_init(p, "VG_XenStorage-3f1e'x", "full");
	assert_int_equal(rl_plan_add_dev(p, path, ident, 1 << 20, 0x0702, 65536, 512, &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_LABEL, 512, a, b, 512, "label", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_TEXT, 6144, a, b, 1024, "mda1 text", &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_MDAHDR, 4096, a, b, 512, "mda1 header",
					    &e), 0);
	assert_int_equal(rl_plan_add_region(p, 0, RL_PHASE_LV, 131072, a, b, 512, "MGT SR uuid", &e), 0);
	assert_int_equal(rl_plan_add_id(p, RL_ID_VG_NAME, "VG_XenStorage-old", "VG_XenStorage-new",
					"", &e), 0);
	assert_int_equal(rl_plan_add_id(p, RL_ID_PV_UUID, "aaaa", "bbbb", path, &e), 0);
	assert_int_equal(rl_plan_finalize(p, &e), 0);
}

static void make_journal(struct rl_journal *j, const char *path, const char *ident)
{
	struct rl_plan p;
	struct rl_err e;
	uint32_t d;

	make_plan(&p, path, ident);
	assert_int_equal(rl_journal_init_from_plan(j, &p, 1700000000, "relun-resign 0.1.0", &e), 0);
	for (d = 0; d < j->plan.ndevs; d++) {
		memset(j->fp[d].hdr_sha, 0x11, RL_SHA256_LEN);
		memset(j->fp[d].hdr_masked_sha, 0x22, RL_SHA256_LEN);
	}
	rl_plan_free(&p);
}

static void header_bytes_exact(void **state)
{
	struct rl_journal j;
	struct rl_err e;
	uint8_t *buf;
	size_t len;
	static const uint8_t want[32] = {
		'R', 'L', 'J', 'O', 'U', 'R', 'N', '1', 2, 0, 0, 0, 0, 0, 0, 0,
		1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0,
	};
	uint32_t check;

	(void)state;
	make_journal(&j, "/dev/sdz", "36001405deadbeef");
	assert_int_equal(rl_journal_serialize(&j, &buf, &len, &e), 0);
	/* the state check word: sha256("RLJSTATE" state file-checksum), 4 bytes */
	check = rl_jstate_check(2, 1, buf + len - 32);
	assert_int_equal(buf[20] | buf[21] << 8 | buf[22] << 16 | (uint32_t)buf[23] << 24, check);
	assert_int_not_equal(check, ~1u);
	memset(buf + 20, 0, 4);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(buf[32], 4);             /* nregs */
	assert_int_equal(buf[48] | buf[49] << 8, len); /* file length */
	assert_memory_equal(buf + len - 40, "RLJEND01", 8);
	free(buf);
	rl_journal_free(&j);
}

/* The fixed header through the codec's decoder (the scan's cheap look),
 * and the checks it makes without the body. */
static void header_decode_and_sound(void **state)
{
	struct rl_journal j;
	struct rl_journal_hdr h;
	struct rl_err e;
	uint8_t *buf, t[RL_JOURNAL_TRAILER_LEN];
	size_t len;

	(void)state;
	make_journal(&j, "/dev/sdz", "36001405deadbeef");
	assert_int_equal(rl_journal_serialize(&j, &buf, &len, &e), 0);
	assert_int_equal(rl_journal_hdr_decode(buf, &h), 0);
	assert_int_equal(h.version, 2);
	assert_int_equal(h.incompat, 0);
	assert_int_equal(h.state, 1);
	assert_int_equal(h.state_check, rl_jstate_check(2, 1, buf + len - 32));
	assert_int_equal(h.ndevs, 1);
	assert_int_equal(h.nids, 2);
	assert_int_equal(h.nregs, 4);
	assert_int_equal(h.created, 1700000000);
	assert_int_equal(h.file_len, len);
	assert_int_equal(h.reserved, 0);
	memcpy(t, buf + len - sizeof(t), sizeof(t));
	assert_int_equal(rl_journal_hdr_sound(&h, t, len), 1);
	assert_int_equal(rl_journal_hdr_sound(&h, t, len + 1), 0);  /* file grew */
	h.state = 2;                                                 /* state edited */
	assert_int_equal(rl_journal_hdr_sound(&h, t, len), 0);
	h.state = 1;
	h.incompat = 1;
	assert_int_equal(rl_journal_hdr_sound(&h, t, len), 0);
	h.incompat = 0;
	t[0] = 'X';                                                  /* trailer magic */
	assert_int_equal(rl_journal_hdr_sound(&h, t, len), 0);
	buf[0] = 'X';
	assert_int_equal(rl_journal_hdr_decode(buf, &h), -1);
	free(buf);
	rl_journal_free(&j);
}

static void round_trip(void **state)
{
	struct rl_journal j, k;
	struct rl_err e;
	uint8_t *a, *b;
	size_t alen, blen;

	(void)state;
	make_journal(&j, "/dev/sdz", "36001405deadbeef");
	assert_int_equal(rl_journal_serialize(&j, &a, &alen, &e), 0);
	rl_err_init(&e, "j");
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), 0);
	assert_int_equal(k.state, RL_JSTATE_PREPARED);
	assert_int_equal(k.created, 1700000000);
	assert_string_equal(k.tool, "relun-resign 0.1.0");
	assert_string_equal(k.plan.subject, "VG_XenStorage-3f1e'x");
	assert_string_equal(k.plan.scope, "full");
	assert_int_equal(k.plan.ndevs, 1);
	assert_string_equal(k.plan.devs[0].path, "/dev/sdz");
	assert_string_equal(k.plan.devs[0].ident, "36001405deadbeef");
	assert_int_equal(k.plan.devs[0].rdev, 0x0702);
	assert_int_equal(k.plan.devs[0].hdr_len, 65536);
	assert_int_equal(k.plan.nregs, 4);
	assert_int_equal(k.plan.regs[0].phase, RL_PHASE_LV);
	assert_int_equal(k.plan.regs[0].off, 131072);
	assert_string_equal(k.plan.regs[3].what, "label");
	assert_int_equal(k.plan.regs[1].old_b[1023], 'o');
	assert_int_equal(k.plan.regs[1].new_b[0], 'n');
	assert_string_equal(rl_plan_id_lookup(&k.plan, RL_ID_PV_UUID, "aaaa"), "bbbb");
	assert_memory_equal(k.fp[0].hdr_masked_sha, j.fp[0].hdr_masked_sha, RL_SHA256_LEN);
	assert_int_equal(rl_journal_serialize(&k, &b, &blen, &e), 0);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	free(a);
	free(b);
	rl_journal_free(&j);
	rl_journal_free(&k);
}

static void refuses_every_truncation(void **state)
{
	struct rl_journal j, k;
	struct rl_err e;
	uint8_t *a;
	size_t alen, n;

	(void)state;
	make_journal(&j, "/dev/sdz", "");
	assert_int_equal(rl_journal_serialize(&j, &a, &alen, &e), 0);
	for (n = 0; n < alen; n++) {
		rl_err_init(&e, "j");
		assert_int_equal(rl_journal_parse(a, n, &k, &e), -1);
		assert_int_equal(e.code, RL_E_CORRUPT);
	}
	rl_err_init(&e, "j");
	assert_int_equal(rl_journal_parse(a, alen - 1, &k, &e), -1);
	assert_string_equal(e.msg, "journal truncated or extended: header says 6008 bytes, file has 6007");
	free(a);
	rl_journal_free(&j);
}

static void refuses_every_flipped_byte(void **state)
{
	struct rl_journal j, k;
	struct rl_err e;
	uint8_t *a;
	size_t alen, i;

	(void)state;
	make_journal(&j, "/dev/sdz", "x");
	assert_int_equal(rl_journal_serialize(&j, &a, &alen, &e), 0);
	for (i = 0; i < alen; i++) {
		a[i] ^= 0x20;
		rl_err_init(&e, "j");
		if (rl_journal_parse(a, alen, &k, &e) == 0) {
			rl_journal_free(&k);
			fail_msg("flipped byte %zu accepted", i);
		}
		a[i] ^= 0x20;
	}
	/* a flip in the body is caught by the file checksum */
	a[200] ^= 1;
	rl_err_init(&e, "/var/lib/relun/journal/x.journal");
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_string_equal(e.msg, "journal checksum mismatch: the file is corrupt");
	assert_int_equal(e.off, alen - 32);
	free(a);
	rl_journal_free(&j);
}

static size_t str_sz(const char *x)
{
	return 4 + (strlen(x) + 7) / 8 * 8;
}

/* A version 1 journal (no device name, state check ~state) still loads:
 * made here from a version 2 image by the rules of journal_fmt.h. */
static void reads_version_1(void **state)
{
	struct rl_journal j, k;
	struct rl_err e;
	uint8_t *a, md[RL_SHA256_LEN];
	size_t alen, at, i;

	(void)state;
	make_journal(&j, "/dev/sdz", "36001405deadbeef");
	assert_int_equal(rl_journal_serialize(&j, &a, &alen, &e), 0);
	at = RL_JOURNAL_HDR_LEN + str_sz(j.plan.subject) + str_sz(j.plan.scope) + str_sz(j.tool) +
	     32 + 4 * RL_SHA256_LEN + str_sz("/dev/sdz") + str_sz("36001405deadbeef");
	assert_int_equal(a[at] | a[at + 1] | a[at + 2] | a[at + 3], 0); /* name "" */
	memmove(a + at, a + at + 4, alen - at - 4);
	alen -= 4;
	a[8] = 1;
	for (i = 0; i < 8; i++)
		a[48 + i] = (uint8_t)((uint64_t)alen >> (8 * i));
	rl_journal_file_sha(a, alen - 32, md);
	memcpy(a + alen - 32, md, RL_SHA256_LEN);
	a[20] = 0xfe, a[21] = a[22] = a[23] = 0xff;
	rl_err_init(&e, "j");
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), 0);
	assert_int_equal(k.version, 1);
	assert_int_equal(k.state, RL_JSTATE_PREPARED);
	assert_string_equal(k.fp[0].name, "");
	assert_string_equal(k.plan.devs[0].ident, "36001405deadbeef");
	rl_journal_free(&k);
	free(a);
	rl_journal_free(&j);
}

static void refuses_foreign_versions(void **state)
{
	struct rl_journal j, k;
	struct rl_err e;
	uint8_t *a;
	size_t alen;

	(void)state;
	make_journal(&j, "/dev/sdz", "x");
	assert_int_equal(rl_journal_serialize(&j, &a, &alen, &e), 0);
	a[8] = 3;
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_string_equal(e.msg, "journal version 3 not supported (this relun reads 1 to 2)");
	a[8] = 2;
	a[12] = 4;
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_string_equal(e.msg, "journal has unknown incompatible features 0x4");
	a[12] = 0;
	a[0] = 'X';
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_string_equal(e.msg, "not a relun journal (bad magic)");
	a[0] = 'R';
	/* an edited state word is detected, even with a matching complement
	 * (the version 1 check) */
	a[16] = 2;
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_int_equal(e.off, 16);
	assert_non_null(strstr(e.msg, "journal state word fails its check (2/0x"));
	a[20] = 0xfd, a[21] = a[22] = a[23] = 0xff;
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), -1);
	assert_string_equal(e.msg, "journal state word fails its check (2/0xfffffffd): edited or "
			    "damaged, not written by relun-resign");
	/* the check relun-resign writes for a state change is accepted */
	{
		uint32_t c = rl_jstate_check(2, 2, a + alen - 32);

		a[20] = (uint8_t)c, a[21] = (uint8_t)(c >> 8), a[22] = (uint8_t)(c >> 16),
		a[23] = (uint8_t)(c >> 24);
	}
	assert_int_equal(rl_journal_parse(a, alen, &k, &e), 0);
	assert_int_equal(k.state, RL_JSTATE_DONE);
	rl_journal_free(&k);
	free(a);
	rl_journal_free(&j);
}

static void masked_hash_same_before_and_after(void **state)
{
	struct rl_plan p;
	struct rl_err e;
	uint8_t *img = calloc(1, 65536);
	uint8_t w1[32], m1[32], w2[32], m2[32];
	size_t i;

	(void)state;
	make_plan(&p, "/img", "");
	for (i = 0; i < 65536; i++)
		img[i] = (uint8_t)(i * 13);
	for (i = 0; i < p.nregs; i++)
		if (p.regs[i].off < 65536)
			memcpy(img + p.regs[i].off, p.regs[i].old_b, p.regs[i].len);
	rl_journal_hdr_hashes(&p, 0, img, w1, m1);
	for (i = 0; i < p.nregs; i++)
		if (p.regs[i].off < 65536)
			memcpy(img + p.regs[i].off, p.regs[i].new_b, p.regs[i].len);
	rl_journal_hdr_hashes(&p, 0, img, w2, m2);
	assert_memory_not_equal(w1, w2, 32);
	assert_memory_equal(m1, m2, 32);
	/* a byte outside the planned regions changes the masked hash */
	img[100] ^= 1;
	rl_journal_hdr_hashes(&p, 0, img, w2, m2);
	assert_memory_not_equal(m1, m2, 32);
	(void)e;
	free(img);
	rl_plan_free(&p);
}

static void name_format(void **state)
{
	char n[300];

	(void)state;
	rl_journal_name(n, sizeof(n), "VG_XenStorage-0b6b9a54-5e43-4c0e-8a8f-1c0a2a8a3f00",
			1700000000, NULL, 1);
	assert_string_equal(n, "relun-VG_XenStorage-0b6b9a54-5e43-4c0e-8a8f-1c0a2a8a3f00-"
			       "20231114T221320Z.journal");
	rl_journal_name(n, sizeof(n), "a/b c", 0, NULL, 3);
	assert_string_equal(n, "relun-a_b_c-19700101T000000Z-3.journal");
	rl_journal_name(n, sizeof(n), "..", 0, "", 1);
	assert_string_equal(n, "relun-unnamed-19700101T000000Z.journal");
}

static void create_state_and_pending(void **state)
{
	char dir[] = "/tmp/relun-jtest.XXXXXX", sub[300], found[4096];
	struct rl_journal j, k;
	struct rl_jfile jf, jf2;
	struct rl_plan other;
	struct rl_err e;
	struct stat st;
	unsigned bad;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/deep/er", dir);
	make_journal(&j, "/dev/sdz", "36001405deadbeef");
	assert_int_equal(rl_journal_create(&jf, sub, &j, 1700000000, NULL, &e), 0);
	assert_int_equal(stat(jf.path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_non_null(strstr(jf.path, "/deep/er/relun-VG_XenStorage-3f1e_x-20231114T221320Z.journal"));
	/* the same second again: a new name, never an overwrite */
	assert_int_equal(rl_journal_create(&jf2, sub, &j, 1700000000, NULL, &e), 0);
	assert_non_null(strstr(jf2.path, "-20231114T221320Z-2.journal"));

	/* pending: same identity, even under another path */
	make_plan(&other, "/dev/sdq", "36001405deadbeef");
	assert_int_equal(rl_journal_find_pending(sub, &other, found, sizeof(found), &bad, &e), 1);
	assert_int_equal(bad, 0);
	rl_plan_free(&other);
	make_plan(&other, "/dev/sdz", "36001405other");
	assert_int_equal(rl_journal_find_pending(sub, &other, found, sizeof(found), &bad, &e), 0);
	rl_plan_free(&other);

	/* done journals are not pending */
	assert_int_equal(rl_journal_set_state(&jf, &j, RL_JSTATE_DONE, &e), 0);
	assert_int_equal(rl_journal_set_state(&jf2, &j, RL_JSTATE_ROLLED_BACK, &e), 0);
	rl_jfile_close(&jf2);
	make_plan(&other, "/dev/sdq", "36001405deadbeef");
	assert_int_equal(rl_journal_find_pending(sub, &other, found, sizeof(found), &bad, &e), 0);
	rl_plan_free(&other);
	rl_jfile_close(&jf);
	assert_int_equal(rl_journal_open(&jf, jf.path, &k, &e), 0);
	assert_int_equal(k.state, RL_JSTATE_DONE);
	rl_jfile_close(&jf);
	rl_journal_free(&k);

	/* a corrupt file is counted, not fatal */
	{
		char p[4200];
		int fd;

		snprintf(p, sizeof(p), "%s/relun-junk.journal", sub);
		fd = open(p, O_CREAT | O_WRONLY, 0600);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "RLJOURN1", 8), 8);
		close(fd);
		make_plan(&other, "/dev/sdq", "36001405deadbeef");
		assert_int_equal(rl_journal_find_pending(sub, &other, found, sizeof(found), &bad, &e), 0);
		assert_int_equal(bad, 1);
		rl_plan_free(&other);
		assert_int_equal(rl_journal_load(p, &k, &e), -1);
		assert_string_equal(e.dev, p);
		assert_string_equal(e.msg, "journal truncated: 8 bytes, a journal has at least 104");
	}
	rl_journal_free(&j);
	snprintf(found, sizeof(found), "rm -rf '%s'", dir);
	assert_int_equal(system(found), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_bytes_exact),
		cmocka_unit_test(header_decode_and_sound),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refuses_every_truncation),
		cmocka_unit_test(refuses_every_flipped_byte),
		cmocka_unit_test(refuses_foreign_versions),
		cmocka_unit_test(reads_version_1),
		cmocka_unit_test(masked_hash_same_before_and_after),
		cmocka_unit_test(name_format),
		cmocka_unit_test(create_state_and_pending),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
