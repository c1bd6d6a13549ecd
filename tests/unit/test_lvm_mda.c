/* mda header codec and text ring placement against LVM 2.03.16 on loop devices:
 *   xs_mda1_hdr.bin, xs_text.bin: --metadatasize 10M PV after vgcreate/lvcreate/lvchange
 *   mc2_*_hdr.bin: --pvmetadatacopies 2 (fresh, then both mdas after vgcreate,
 *     then mda1 ignored by vgchange --vgmetadatacopies 1)
 *   small_hdr_lv14/15/18.bin: a 32 KiB mda (pvcreate --metadatasize 32k
 *     --dataalignment 4k) after the 14th, 15th and 18th lvcreate;
 *   small_text_lv15.bin: the copy written by the 15th; small_wrap_text_lv18.bin:
 *     the 18th copy, which wraps (2560 bytes at the end + 3345 at +512). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_mda.h"
#include "lvm_crc.h"
#include "rl_endian.h"
#include "unit_util.h"

static size_t load(const char *name, uint8_t *buf, size_t max)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "lvm/%s", name);
	return ut_data_read(rel, buf, max);
}

static void fix_crc(uint8_t *h)
{
	rl_put_le32(h, lvm_crc(LVM_INITIAL_CRC, h + 4, 508));
}

#define SMALL_START 4096
#define SMALL_SIZE 32768

static void parse_xenserver_header(void **state)
{
	uint8_t buf[512];
	struct lvm_mda_header h;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(load("xs_mda1_hdr.bin", buf, 512), 512);
	assert_int_equal(lvm_mda_header_parse(buf, 4096, 4096, 11530240, &h, &e), 0);
	assert_int_equal(h.version, 1);
	assert_int_equal(h.start, 4096);
	assert_int_equal(h.size, 11530240);
	assert_int_equal(h.rlocn[0].offset, 4608);
	assert_int_equal(h.rlocn[0].size, 1525);
	assert_int_equal(h.rlocn[0].checksum, 0x4a322c56U);
	assert_int_equal(h.rlocn[0].flags, 0);
	assert_int_equal(h.rlocn[1].offset, 0);
	assert_int_equal(h.rlocn[1].size, 0);
	assert_int_equal(h.tail_nonzero, 0);
	assert_int_equal(lvm_mda_max_text(&h), 5764352);
}

static void round_trip_one(const char *name, uint64_t start, uint64_t size)
{
	uint8_t buf[512], out[512];
	struct lvm_mda_header h;
	struct rl_err e;

	rl_err_init(&e, NULL);
	assert_int_equal(load(name, buf, 512), 512);
	assert_int_equal(lvm_mda_header_parse(buf, start, start, size, &h, &e), 0);
	memset(out, 0x55, sizeof(out));
	lvm_mda_header_serialize(&h, out);
	assert_memory_equal(out, buf, 512);
}

static void round_trips(void **state)
{
	(void)state;
	round_trip_one("xs_mda1_hdr.bin", 4096, 11530240);
	round_trip_one("mc2_fresh_mda1_hdr.bin", 4096, 11530240);
	round_trip_one("mc2_mda1_hdr.bin", 4096, 11530240);
	round_trip_one("mc2_mda2_hdr.bin", 56623104, 10485760);
	round_trip_one("small_hdr_lv14.bin", SMALL_START, SMALL_SIZE);
	round_trip_one("small_hdr_lv15.bin", SMALL_START, SMALL_SIZE);
	round_trip_one("small_hdr_lv18.bin", SMALL_START, SMALL_SIZE);
	round_trip_one("mc2_ignored_mda1_hdr.bin", 4096, 11530240);
}

/* vgchange --vgmetadatacopies 1 on a 2-mda PV: mda1 keeps its last copy and
 * gets RAW_LOCN_IGNORED; LVM then stops writing it (checked with one more
 * lvcreate).  Writing it anyway would start over at +512, as _vg_write_raw
 * does for an ignored slot. */
static void ignored_mda(void **state)
{
	uint8_t buf[512];
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	load("mc2_ignored_mda1_hdr.bin", buf, 512);
	assert_int_equal(lvm_mda_header_parse(buf, 4096, 4096, 11530240, &h, &e), 0);
	assert_int_equal(h.rlocn[0].flags, LVM_RAW_LOCN_IGNORED);
	assert_int_equal(h.rlocn[0].offset, 1536);
	assert_int_equal(h.rlocn[0].size, 737);
	assert_int_equal(lvm_mda_place_next(&h, 737, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 512);
}

static void second_mda(void **state)
{
	uint8_t buf[512], one[512];
	struct lvm_mda_header h, h1;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	load("mc2_mda2_hdr.bin", buf, 512);
	assert_int_equal(lvm_mda_header_parse(buf, 56623104, 56623104, 10485760, &h, &e), 0);
	load("mc2_mda1_hdr.bin", one, 512);
	assert_int_equal(lvm_mda_header_parse(one, 4096, 4096, 11530240, &h1, &e), 0);
	/* the same text went to both: same size and checksum, both at +512 */
	assert_int_equal(h.rlocn[0].offset, 512);
	assert_int_equal(h.rlocn[0].size, h1.rlocn[0].size);
	assert_int_equal(h.rlocn[0].checksum, h1.rlocn[0].checksum);
	/* a fresh PV has no metadata yet */
	load("mc2_fresh_mda1_hdr.bin", buf, 512);
	assert_int_equal(lvm_mda_header_parse(buf, 4096, 4096, 11530240, &h, &e), 0);
	assert_int_equal(h.rlocn[0].offset, 0);
	assert_int_equal(h.rlocn[0].size, 0);
}

/* The rlocn checksum covers the text including its NUL. */
static void text_checksum_covers_nul(void **state)
{
	static uint8_t t[8192];
	size_t n;

	(void)state;
	n = load("xs_text.bin", t, sizeof(t));
	assert_int_equal(n, 1525);
	assert_int_equal(t[1524], 0);
	assert_int_equal(lvm_text_checksum((const char *)t, 1525), 0x4a322c56U);
	assert_int_not_equal(lvm_text_checksum((const char *)t, 1524), 0x4a322c56U);
}

static void spans_plain(void **state)
{
	uint8_t buf[512];
	struct lvm_mda_header h;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	load("xs_mda1_hdr.bin", buf, 512);
	assert_int_equal(lvm_mda_header_parse(buf, 4096, 4096, 11530240, &h, &e), 0);
	assert_int_equal(lvm_mda_text_spans(&h, &h.rlocn[0], sp, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].off, 8704);
	assert_int_equal(sp[0].len, 1525);
	/* the empty precommit slot has no text */
	assert_int_equal(lvm_mda_text_spans(&h, &h.rlocn[1], sp, &n, &e), -1);
	assert_int_equal(n, 0);
}

static void spans_wrapped_real(void **state)
{
	uint8_t buf[512];
	static uint8_t t[8192];
	const uint8_t *bufs[2];
	struct lvm_mda_header h;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;
	char *text;
	size_t len;

	(void)state;
	rl_err_init(&e, NULL);
	load("small_hdr_lv18.bin", buf, 512);
	assert_int_equal(lvm_mda_header_parse(buf, SMALL_START, SMALL_START, SMALL_SIZE, &h, &e), 0);
	assert_int_equal(h.rlocn[0].offset, 30208);
	assert_int_equal(h.rlocn[0].size, 5905);
	assert_int_equal(lvm_mda_text_spans(&h, &h.rlocn[0], sp, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].off, 34304);
	assert_int_equal(sp[0].len, 2560);
	assert_int_equal(sp[1].off, 4608);
	assert_int_equal(sp[1].len, 3345);
	assert_int_equal(load("small_wrap_text_lv18.bin", t, sizeof(t)), 5905);
	bufs[0] = t;
	bufs[1] = t + 2560;
	assert_int_equal(lvm_mda_text_gather(&h.rlocn[0], sp, n, bufs, &text, &len, &e), 0);
	assert_int_equal(len, 5904);
	assert_memory_equal(text, "vgsmall {\n", 10);
	free(text);
	/* one byte off in the wrapped part: the checksum catches it */
	t[4000] ^= 1;
	rl_err_init(&e, "/dev/loop2");
	assert_int_equal(lvm_mda_text_gather(&h.rlocn[0], sp, n, bufs, &text, &len, &e), -1);
	assert_null(text);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 34304);
}

/* Offsets and sizes of rlocn0 after vgcreate and 18 lvcreates on the 32 KiB
 * mda, read back from the device after each command. */
static const uint64_t real_seq[][2] = {
	{ 512, 732 }, { 1536, 1041 }, { 3072, 1326 }, { 4608, 1611 }, { 6656, 1896 },
	{ 8704, 2181 }, { 11264, 2466 }, { 13824, 2751 }, { 16896, 3036 }, { 19968, 3322 },
	{ 23552, 3609 }, { 27648, 3896 }, { 31744, 4183 }, { 4096, 4470 }, { 8704, 4757 },
	{ 13824, 5044 }, { 18944, 5331 }, { 24576, 5618 }, { 30208, 5905 },
};

static void placement_matches_lvm(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned i, n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.version = 1;
	h.start = SMALL_START;
	h.size = SMALL_SIZE;
	for (i = 0; i < sizeof(real_seq) / sizeof(real_seq[0]); i++) {
		assert_int_equal(lvm_mda_place_next(&h, real_seq[i][1], &nr, sp, &n, &e), 0);
		assert_int_equal(nr.offset, real_seq[i][0]);
		assert_int_equal(nr.size, real_seq[i][1]);
		h.rlocn[0] = nr;
	}
}

/* The bytes LVM wrote for the 15th copy (cmp of the device before and after):
 * [17920, 23040) = text + zeros to the 512 boundary; then the committed header
 * is exactly what we serialize. */
static void commit_like_lvm(void **state)
{
	uint8_t b14[512], b15[512], out[512];
	static uint8_t t[8192], img[8192];
	uint8_t *bufs[2];
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	load("small_hdr_lv14.bin", b14, 512);
	load("small_hdr_lv15.bin", b15, 512);
	assert_int_equal(load("small_text_lv15.bin", t, sizeof(t)), 5044);
	assert_int_equal(lvm_mda_header_parse(b14, SMALL_START, SMALL_START, SMALL_SIZE, &h, &e), 0);
	assert_int_equal(lvm_mda_place_next(&h, 5044, &nr, sp, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].off, 17920);
	assert_int_equal(sp[0].len, 5120);
	memset(img, 0xee, sizeof(img));
	bufs[0] = img;
	bufs[1] = NULL;
	lvm_mda_fill_spans((const char *)t, 5044, sp, n, bufs);
	assert_memory_equal(img, t, 5044);
	assert_int_equal(img[5044], 0);
	assert_int_equal(img[5119], 0);
	assert_int_equal(img[5120], 0xee);
	nr.checksum = lvm_text_checksum((const char *)t, 5044);
	h.rlocn[0] = nr;
	memset(&h.rlocn[1], 0, sizeof(h.rlocn[1]));
	lvm_mda_header_serialize(&h, out);
	assert_memory_equal(out, b15, 512);
}

/* The 18th copy wraps: first part exactly to the mda end, second part from
 * +512 padded to 8192 (device offsets), as cmp showed. */
static void wrap_write_spans(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;
	static uint8_t t[8192], img1[4096], img2[4096];
	uint8_t *bufs[2] = { img1, img2 };

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.start = SMALL_START;
	h.size = SMALL_SIZE;
	h.rlocn[0].offset = 24576;
	h.rlocn[0].size = 5618;
	assert_int_equal(lvm_mda_place_next(&h, 5905, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 30208);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].off, 34304);
	assert_int_equal(sp[0].len, 2560);
	assert_int_equal(sp[1].off, 4608);
	assert_int_equal(sp[1].len, 3584);
	load("small_wrap_text_lv18.bin", t, sizeof(t));
	memset(img2, 0xee, sizeof(img2));
	lvm_mda_fill_spans((const char *)t, 5905, sp, n, bufs);
	assert_memory_equal(img1, t, 2560);
	assert_memory_equal(img2, t + 2560, 3345);
	assert_int_equal(img2[3345], 0);
	assert_int_equal(img2[3583], 0);
}

static void ignored_or_empty_slot_starts_at_512(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.start = 4096;
	h.size = 1044480;
	h.rlocn[0].offset = 300000;
	h.rlocn[0].size = 1000;
	h.rlocn[0].flags = LVM_RAW_LOCN_IGNORED;
	assert_int_equal(lvm_mda_place_next(&h, 1000, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 512);
	assert_int_equal(sp[0].off, 4608);
	assert_int_equal(sp[0].len, 1024);
	/* less than 512 bytes left after the old copy: back to +512 */
	h.rlocn[0].flags = 0;
	h.rlocn[0].offset = 1044480 - 1000;
	h.rlocn[0].size = 600;
	assert_int_equal(lvm_mda_place_next(&h, 1000, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 512);
	/* the aligned start is within 512 of the end: back to +512 */
	h.rlocn[0].size = 500;
	assert_int_equal(lvm_mda_place_next(&h, 1000, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 512);
}

/* Padding never runs past the mda end, even at the top of the offset space
 * (found by fuzz_lvm_mda). */
static void padding_clipped_at_mda_end(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.start = 0xffffffffffff7ffeULL;
	h.size = 32768;
	h.rlocn[0].offset = 30208;
	h.rlocn[0].size = 17;
	assert_int_equal(lvm_mda_place_next(&h, 1954, &nr, sp, &n, &e), 0);
	assert_int_equal(nr.offset, 30720);
	assert_int_equal(n, 1);
	assert_int_equal(sp[0].len, 2048);
	assert_true(sp[0].off + sp[0].len == h.start + h.size);
}

static void too_big(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.start = SMALL_START;
	h.size = SMALL_SIZE;
	h.rlocn[0].offset = 512;
	h.rlocn[0].size = 15616;
	assert_int_equal(lvm_mda_max_text(&h), 15616);
	assert_int_equal(lvm_mda_place_next(&h, 15616, &nr, sp, &n, &e), 0);
	assert_int_equal(lvm_mda_place_next(&h, 15617, &nr, sp, &n, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	assert_string_equal(e.msg,
			    "mda: metadata text of 15617 bytes exceeds the maximum of 15616 for a 32768-byte metadata area");
	assert_int_equal(n, 0);
	assert_int_equal(lvm_mda_place_next(&h, 0, &nr, sp, &n, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	/* a tiny mda holds nothing */
	h.size = 1024;
	h.rlocn[0].offset = 0;
	h.rlocn[0].size = 0;
	assert_int_equal(lvm_mda_place_next(&h, 1, &nr, sp, &n, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
}

static void expect_fail(uint8_t *buf, uint64_t start, uint64_t size, uint64_t off,
			const char *m)
{
	struct lvm_mda_header h;
	struct rl_err e;

	rl_err_init(&e, NULL);
	assert_int_equal(lvm_mda_header_parse(buf, start, start, size, &h, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, off);
	if (m)
		assert_string_equal(e.msg, m);
}

static void corruptions(void **state)
{
	uint8_t good[512], b[512];
	struct lvm_mda_header h;
	struct rl_err e;

	(void)state;
	load("xs_mda1_hdr.bin", good, 512);

	memcpy(b, good, 512);
	b[100] = 1;
	expect_fail(b, 4096, 11530240, 4096, "mda header: checksum 0xd5e57ee7, computed 0x158a5df8");

	memcpy(b, good, 512);
	b[5] = 'l';
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4100, "mda header: wrong magic");

	memcpy(b, good, 512);
	rl_put_le32(b + 20, 2);
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4116, "mda header: version 2, expected 1");

	/* wrong start: the header says 4096, the label another place */
	memcpy(b, good, 512);
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_mda_header_parse(b, 8192, 8192, 11530240, &h, &e), -1);
	assert_int_equal(e.off, 8192 + 24);
	assert_string_equal(e.msg, "mda header: start 4096, the label says 8192");
	/* size differs from the label's */
	assert_int_equal(lvm_mda_header_parse(b, 4096, 4096, 1044480, &h, &e), -1);
	assert_int_equal(e.off, 4096 + 32);
	assert_string_equal(e.msg, "mda header: size 11530240, the label says 1044480");

	/* absurd size (agreeing with an absurd label) */
	memcpy(b, good, 512);
	rl_put_le64(b + 32, 100);
	fix_crc(b);
	expect_fail(b, 4096, 100, 4128, "mda header: absurd size 100");

	/* slot 0 offset inside the header */
	memcpy(b, good, 512);
	rl_put_le64(b + 40, 100);
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4136,
		    "mda header: slot 0 text offset 100 outside the metadata area [512, 11530240)");
	/* slot 0 offset past the end */
	rl_put_le64(b + 40, 11530240);
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4136, NULL);
	/* text larger than the ring */
	rl_put_le64(b + 40, 4608);
	rl_put_le64(b + 48, 11530240 - 511);
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4144,
		    "mda header: slot 0 text size 11529729 does not fit the 11529728-byte buffer");
	/* slot 1 checked when it has a size */
	memcpy(b, good, 512);
	rl_put_le64(b + 64, 0);
	rl_put_le64(b + 72, 10);
	fix_crc(b);
	expect_fail(b, 4096, 11530240, 4160, NULL);

	/* bytes after the slots: accepted and reported */
	memcpy(b, good, 512);
	b[300] = 7;
	fix_crc(b);
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_mda_header_parse(b, 4096, 4096, 11530240, &h, &e), 0);
	assert_int_equal(h.tail_nonzero, 1);
}

static void spans_reject_bad_rlocn(void **state)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn r;
	struct lvm_span sp[2];
	unsigned n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(&h, 0, sizeof(h));
	h.start = 4096;
	h.size = 32768;
	r.offset = 32000;
	r.size = 32768 - 511;
	r.checksum = r.flags = 0;
	assert_int_equal(lvm_mda_text_spans(&h, &r, sp, &n, &e), -1);
	r.size = 32768 - 512; /* the whole ring, wrapping */
	assert_int_equal(lvm_mda_text_spans(&h, &r, sp, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sp[0].len + sp[1].len, 32256);
	assert_true(sp[1].off + sp[1].len <= 4096 + 32000);
	h.size = UINT64_MAX;
	assert_int_equal(lvm_mda_text_spans(&h, &r, sp, &n, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_xenserver_header),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(second_mda),
		cmocka_unit_test(ignored_mda),
		cmocka_unit_test(text_checksum_covers_nul),
		cmocka_unit_test(spans_plain),
		cmocka_unit_test(spans_wrapped_real),
		cmocka_unit_test(placement_matches_lvm),
		cmocka_unit_test(commit_like_lvm),
		cmocka_unit_test(wrap_write_spans),
		cmocka_unit_test(ignored_or_empty_slot_starts_at_512),
		cmocka_unit_test(padding_clipped_at_mda_end),
		cmocka_unit_test(too_big),
		cmocka_unit_test(corruptions),
		cmocka_unit_test(spans_reject_bad_rlocn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
