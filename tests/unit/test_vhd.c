/* VHD codec: checksums against a VHD written by qemu-img (independent
 * implementation), byte-identity with an LVHD child laid out by
 * data/xs/mkvhd.py (a re-implementation of vhd-util's rules), locator
 * encode/decode with the 110/206-byte facts, footer read order, and a
 * refusal with the right code and offset for every kind of damage. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vhd.h"
#include "lvhd.h"
#include "xs_uuid.h"
#include "rl_endian.h"
#include "unit_util.h"

#define SR "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"
#define PARENT "3eb15f4d-a077-4c31-9d6e-8f9a0b1c2d34"
#define CHILD_FTR "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
#define PARENT_FTR "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"
#define LOC_OFF 0x420800u
#define LV_SIZE (8u << 20)

static uint8_t *load(const char *name, size_t *len)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "xs/%s", name);
	return ut_data_slurp(rel, len);
}

static void fix_footer(uint8_t *f)
{
	rl_put_be32(f + VHD_F_CHECKSUM, vhd_footer_checksum(f));
}

static void fix_header(uint8_t *h)
{
	rl_put_be32(h + VHD_H_CHECKSUM, vhd_header_checksum(h));
}

static void qemu_checksums(void **state)
{
	size_t n;
	uint8_t *img = load("qemu-dyn.vhd", &n);
	struct vhd_footer f;
	struct vhd_header h;
	struct rl_err e;
	uint8_t out[1024];
	int backup;

	(void)state;
	assert_int_equal(n, 2560);
	rl_err_init(&e, "qemu");
	assert_int_equal(vhd_footer_checksum(img), 0xffffefe9);
	assert_int_equal(vhd_footer_parse(img, n, 0, &f, &e), 0);
	assert_int_equal(f.checksum, 0xffffefe9);
	assert_int_equal(f.type, VHD_TYPE_DYNAMIC);
	assert_int_equal(f.data_offset, 512);
	assert_int_equal(f.curr_size, 0x4004000);   /* qemu rounds up to its CHS */
	assert_memory_equal(f.crtr_app, "qemu", 4);
	assert_int_equal(vhd_footer_parse(img + 2048, n, 2048, &f, &e), 0);
	assert_int_equal(vhd_header_checksum(img + 512), 0xfffff456);
	assert_int_equal(vhd_header_parse(img + 512, n, 512, &h, &e), 0);
	assert_int_equal(h.table_offset, 1536);
	assert_int_equal(h.block_size, 2u << 20);
	/* round trips keep every byte */
	vhd_footer_serialize(&f, out);
	assert_memory_equal(out, img + 2048, 512);
	vhd_header_serialize(&h, out);
	assert_memory_equal(out, img + 512, 1024);

	/* read order: the LV's last 512 bytes first, the copy at 0 second */
	assert_int_equal(vhd_footer_pick(img + 2048, img, n, 0, &f, &backup, &e), 0);
	assert_int_equal(backup, 0);
	img[2048] ^= 1;
	assert_int_equal(vhd_footer_pick(img + 2048, img, n, 0, &f, &backup, &e), 0);
	assert_int_equal(backup, 1);
	img[0] ^= 1;
	assert_int_equal(vhd_footer_pick(img + 2048, img, n, 0x1000, &f, &backup, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 0x1000 + 2048);
	/* a volume smaller than a footer */
	assert_int_equal(vhd_footer_pick(img, img, 100, 0x1000, &f, &backup, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 0x1000);
	free(img);
}

static void child_matches_vhd_util_layout(void **state)
{
	size_t n, len;
	uint8_t *img = load("vhd-child.bin", &n);
	struct vhd_footer f;
	struct vhd_header h;
	struct rl_err e;
	uint8_t u[16], out[1024], data[600];
	char vg[64], path[200], dm[128], name[300];
	static const uint32_t codes[3] = { VHD_PLAT_MACX, VHD_PLAT_W2KU, VHD_PLAT_W2RU };
	uint64_t off = LOC_OFF;
	unsigned i;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(n, 3072);
	assert_int_equal(lvhd_vg_name(SR, vg, sizeof(vg)), 0);
	lvhd_locator_path(vg, "VHD-" PARENT, path, sizeof(path));
	lvhd_dm_name(vg, "VHD-" PARENT, dm, sizeof(dm));
	assert_int_equal(strlen(path), LVHD_LOCATOR_LEN);
	assert_int_equal(strlen(dm), 101);

	assert_int_equal(xs_uuid_parse(CHILD_FTR, u), 0);
	vhd_footer_init(&f, VHD_TYPE_DIFF, 1u << 30, u, 0x2e5c1a00);
	vhd_footer_serialize(&f, out);
	assert_memory_equal(out, img, 512);

	vhd_header_init(&h, 1536, 1u << 20);
	assert_int_equal(xs_uuid_parse(PARENT_FTR, h.prt_uuid), 0);
	h.prt_ts = 0x2e5c0f00;
	assert_int_equal(vhd_prt_name_set(&h, dm), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(vhd_locator_encode(codes[i], path, data, sizeof(data), &len, &e), 0);
		assert_int_equal(len, i == 0 ? 110 : 206);
		assert_memory_equal(data, img + 1536 + 512 * i, len);
		h.loc[i].code = codes[i];
		h.loc[i].data_space = 512;   /* bytes, as libvhd writes it */
		h.loc[i].data_len = (uint32_t)len;
		h.loc[i].data_offset = off;
		off += 512;
	}
	vhd_header_serialize(&h, out);
	assert_memory_equal(out, img + 512, 1024);

	/* and back */
	assert_int_equal(vhd_footer_parse(img, LV_SIZE, 0, &f, &e), 0);
	assert_int_equal(f.type, VHD_TYPE_DIFF);
	assert_int_equal(f.hidden, 0);
	assert_int_equal(vhd_header_parse(img + 512, LV_SIZE, 512, &h, &e), 0);
	assert_int_equal(h.max_bat_size, 1u << 20);
	assert_int_equal(vhd_prt_name_get(&h, name, sizeof(name)), 101);
	assert_string_equal(name, dm);
	for (i = 0; i < 3; i++) {
		assert_int_equal(h.loc[i].code, codes[i]);
		assert_int_equal(h.loc[i].data_offset, LOC_OFF + 512 * i);
		assert_int_equal(vhd_locator_size(&h.loc[i]), 512);
		assert_int_equal(vhd_locator_decode(h.loc[i].code, img + 1536 + 512 * i,
						    h.loc[i].data_len, name, sizeof(name), &e), 0);
		assert_string_equal(name, path);
	}
	assert_int_equal(vhd_prt_name_get(&h, name, 50), -1);
	free(img);
}

static void expect_footer_corrupt(const uint8_t *good, size_t at, const void *bytes, size_t blen,
				  int fix, uint64_t lv, uint64_t want_off)
{
	uint8_t b[512];
	struct vhd_footer f;
	struct rl_err e;

	memcpy(b, good, 512);
	memcpy(b + at, bytes, blen);
	if (fix)
		fix_footer(b);
	rl_err_init(&e, NULL);
	assert_int_equal(vhd_footer_parse(b, lv, 0x10000, &f, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 0x10000 + want_off);
}

static void expect_header_corrupt(const uint8_t *good, size_t at, const void *bytes, size_t blen,
				  uint64_t lv, uint64_t want_off, const char *part)
{
	uint8_t b[1024];
	struct vhd_header h;
	struct rl_err e;

	memcpy(b, good, 1024);
	memcpy(b + at, bytes, blen);
	if (at < VHD_H_CHECKSUM || at >= VHD_H_CHECKSUM + 4)
		fix_header(b);
	rl_err_init(&e, NULL);
	if (vhd_header_parse(b, lv, 0x20000, &h, &e) != -1)
		fail_msg("header damage at %zu accepted (expected \"%s\")", at, part);
	assert_int_equal(e.code, RL_E_CORRUPT);
	if (!strstr(e.msg, part))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, part);
	assert_int_equal(e.off, 0x20000 + want_off);
}

static void refuses_damage(void **state)
{
	size_t n;
	uint8_t *img = load("vhd-child.bin", &n);
	const uint8_t *hdr = img + 512;
	uint8_t be[8];

	(void)state;
	/* footer */
	expect_footer_corrupt(img, 0, "conectiy", 8, 1, LV_SIZE, 0);
	expect_footer_corrupt(img, 40, "\x01", 1, 0, LV_SIZE, VHD_F_CHECKSUM);
	expect_footer_corrupt(img, 60, "\0\0\0\x07", 4, 1, LV_SIZE, 60);
	memcpy(be, "\0\0\0\0\0\x80\0\0", 8);   /* header at 8 MiB: past an 8 MiB LV */
	expect_footer_corrupt(img, 16, be, 8, 1, LV_SIZE, VHD_F_DATA_OFFSET);
	/* header */
	expect_header_corrupt(hdr, 0, "cxsparsf", 8, LV_SIZE, 0, "cookie");
	expect_header_corrupt(hdr, VHD_H_CHECKSUM + 3, "\x00", 1, LV_SIZE, VHD_H_CHECKSUM, "checksum");
	expect_header_corrupt(hdr, 24, "\0\x02\0\0", 4, LV_SIZE, 24, "version");
	expect_header_corrupt(hdr, 8, "\0", 1, LV_SIZE, 8, "all ones");
	expect_header_corrupt(hdr, 32, "\0\0\0\x03", 4, LV_SIZE, 32, "block size");
	expect_header_corrupt(hdr, 32, "\0\x40\0\0", 4, LV_SIZE, 32, "block size");
	expect_header_corrupt(hdr, VHD_H_LOC + 24, "ABCD", 4, LV_SIZE, VHD_H_LOC + 24,
			      "unknown platform code");
	/* BAT of 2^20 entries does not fit a 4 MiB LV */
	expect_header_corrupt(hdr, 100, "", 0, 4u << 20, 16, "BAT");
	/* locator 0: data_len 600 > data_space 512 */
	expect_header_corrupt(hdr, VHD_H_LOC + 8, "\0\0\x02\x58", 4, LV_SIZE, VHD_H_LOC + 8,
			      "data_len");
	/* data_space 700: neither sectors nor a multiple of 512 */
	expect_header_corrupt(hdr, VHD_H_LOC + 4, "\0\0\x02\xbc", 4, LV_SIZE, VHD_H_LOC + 4,
			      "data_space");
	/* data_space 2 (sectors) = 1024 bytes is fine, but at the LV end it is past it */
	expect_header_corrupt(hdr, VHD_H_LOC + 2 * 24 + 16, "\0\0\0\0\0\x7f\xff\0", 8, LV_SIZE,
			      VHD_H_LOC + 2 * 24 + 16, "past the end");
	{
		uint8_t b[1024];
		struct vhd_header h;
		struct rl_err e;

		memcpy(b, hdr, 1024);
		memcpy(b + VHD_H_LOC + 4, "\0\0\0\x02", 4);
		fix_header(b);
		rl_err_init(&e, NULL);
		assert_int_equal(vhd_header_parse(b, LV_SIZE, 0, &h, &e), 0);
		assert_int_equal(vhd_locator_size(&h.loc[0]), 1024);
		/* no size given: bounds are skipped, the rest still checked */
		assert_int_equal(vhd_header_parse(b, 0, 0, &h, &e), 0);
	}
	free(img);
}

/* early td-util set 'hidden' without updating the checksum (libvhd tolerates
 * it for creator "tap" 0.1 and 1.1 only) */
static void hidden_checksum_quirk(void **state)
{
	size_t n;
	uint8_t *img = load("vhd-child.bin", &n);
	uint8_t b[512], out[512];
	struct vhd_footer f;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memcpy(b, img, 512);
	rl_put_be32(b + 32, 0x00010001);
	fix_footer(b);
	b[VHD_F_HIDDEN] = 1;
	assert_int_equal(vhd_footer_parse(b, LV_SIZE, 0, &f, &e), 0);
	assert_int_equal(f.hidden_quirk, 1);
	assert_int_equal(f.hidden, 1);
	vhd_footer_serialize(&f, out);   /* writes a proper checksum */
	assert_int_equal((uint32_t)out[64] << 24 | (uint32_t)out[65] << 16 | out[66] << 8 | out[67],
			 vhd_footer_checksum(out));
	assert_int_equal(vhd_footer_parse(out, LV_SIZE, 0, &f, &e), 0);
	assert_int_equal(f.hidden_quirk, 0);
	rl_put_be32(b + 32, 0x00010003);   /* current tap: no tolerance */
	b[VHD_F_HIDDEN] = 0;
	fix_footer(b);
	b[VHD_F_HIDDEN] = 1;
	assert_int_equal(vhd_footer_parse(b, LV_SIZE, 0, &f, &e), -1);
	/* v_poison footers are valid, flagged */
	memcpy(b, img, 512);
	memcpy(b, "v_poison", 8);
	fix_footer(b);
	assert_int_equal(vhd_footer_parse(b, LV_SIZE, 0, &f, &e), 0);
	assert_int_equal(f.poisoned, 1);
	free(img);
}

/* reserved and unknown bytes survive a field change */
static void reserved_bytes_kept(void **state)
{
	size_t n;
	uint8_t *img = load("vhd-child.bin", &n);
	uint8_t b[1024], out[1024];
	struct vhd_footer f;
	struct vhd_header h;
	struct rl_err e;
	unsigned i, diff = 0;

	(void)state;
	rl_err_init(&e, NULL);
	memcpy(b, img, 512);
	b[300] = 0x5a;
	fix_footer(b);
	assert_int_equal(vhd_footer_parse(b, LV_SIZE, 0, &f, &e), 0);
	f.hidden = 1;
	vhd_footer_serialize(&f, out);
	assert_int_equal(out[300], 0x5a);
	assert_int_equal(out[VHD_F_HIDDEN], 1);
	assert_int_equal(vhd_footer_parse(out, LV_SIZE, 0, &f, &e), 0);

	memcpy(b, img + 512, 1024);
	b[900] = 0xa5;   /* res2 */
	fix_header(b);
	assert_int_equal(vhd_header_parse(b, LV_SIZE, 0, &h, &e), 0);
	assert_int_equal(vhd_prt_name_set(&h, "VG_XenStorage--x-VHD--y"), 0);
	vhd_header_serialize(&h, out);
	assert_int_equal(out[900], 0xa5);
	for (i = 0; i < 1024; i++)
		diff += out[i] != b[i];
	assert_true(diff > 0);
	assert_int_equal(vhd_header_parse(out, LV_SIZE, 0, &h, &e), 0);
	free(img);
}

static void locator_codec(void **state)
{
	struct rl_err e;
	uint8_t d[600];
	char out[300];
	size_t len, i;

	(void)state;
	rl_err_init(&e, NULL);
	/* absolute paths keep their slashes as backslashes, no ".\" */
	assert_int_equal(vhd_locator_encode(VHD_PLAT_W2KU, "/dev/mapper/a-b", d, sizeof(d), &len,
					    &e), 0);
	assert_int_equal(len, 30);
	assert_memory_equal(d, "\\\0d\0e\0v\0\\\0", 10);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_W2KU, d, len, out, sizeof(out), &e), 0);
	assert_string_equal(out, "/dev/mapper/a-b");
	/* relative path without "./" still gets ".\" */
	assert_int_equal(vhd_locator_encode(VHD_PLAT_W2RU, "x/y", d, sizeof(d), &len, &e), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(d, ".\0\\\0x\0\\\0y\0", 10);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_W2RU, d, len, out, sizeof(out), &e), 0);
	assert_string_equal(out, "./x/y");
	/* "C:" is dropped on decode */
	memcpy(d, "C\0:\0\\\0z\0", 8);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_W2KU, d, 8, out, sizeof(out), &e), 0);
	assert_string_equal(out, "/z");
	/* MACX */
	assert_int_equal(vhd_locator_encode(VHD_PLAT_MACX, "./p", d, sizeof(d), &len, &e), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(d, "file://./p", 10);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MACX, (const uint8_t *)"file://./p\0junk", 15,
					    out, sizeof(out), &e), 0);
	assert_string_equal(out, "./p");   /* libvhd strdup()s: ends at the NUL */
	/* refusals */
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MACX, (const uint8_t *)"http://x", 8, out,
					    sizeof(out), &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MACX, (const uint8_t *)"file://\xc3\xa9", 9,
					    out, sizeof(out), &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_W2RU, d, 7, out, sizeof(out), &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	memcpy(d, ".\0\xe9\0", 4);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_W2RU, d, 4, out, sizeof(out), &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MAC, d, 4, out, sizeof(out), &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MACX, (const uint8_t *)"file://./abc", 12, out,
					    4, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	assert_int_equal(vhd_locator_encode(VHD_PLAT_MACX, "./abc", d, 5, &len, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	assert_int_equal(vhd_locator_encode(VHD_PLAT_W2KU, "./\xc3\xa9", d, sizeof(d), &len, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_int_equal(vhd_locator_encode(VHD_PLAT_NONE, "./a", d, sizeof(d), &len, &e), -1);
	assert_int_equal(e.code, RL_E_UNSUPPORTED);
	for (i = 0; i < sizeof(d); i++)
		d[i] = 'a';
	assert_int_equal(vhd_locator_decode(VHD_PLAT_MACX, d, sizeof(d), out, sizeof(out), &e), -1);
}

static void prt_name_limits(void **state)
{
	struct vhd_header h;
	char name[300], got[300];

	(void)state;
	memset(&h, 0, sizeof(h));
	memset(name, 'n', 256);
	name[256] = '\0';
	assert_int_equal(vhd_prt_name_set(&h, name), 0);
	assert_int_equal(vhd_prt_name_get(&h, got, sizeof(got)), 256);
	assert_string_equal(got, name);
	name[256] = 'n';
	name[257] = '\0';
	assert_int_equal(vhd_prt_name_set(&h, name), -1);
	assert_int_equal(vhd_prt_name_set(&h, "\xc3\xa9"), -1);
	h.prt_name[10] = 0x01;   /* U+0100 after the end: libvhd's iconv still fails */
	assert_int_equal(vhd_prt_name_set(&h, "ab"), 0);
	h.prt_name[10] = 0x01;
	assert_int_equal(vhd_prt_name_get(&h, got, sizeof(got)), -1);
	assert_string_equal(got, ""); /* not "ab": a caller ignoring -1 sees no name */
}

static void chs_values(void **state)
{
	(void)state;
	/* 1 GiB: 2097152 sectors -> 63 spt, 16 heads, 2080 cylinders */
	assert_int_equal(vhd_chs(1u << 30), (2080u << 16) | (16u << 8) | 63u);
	/* 64 MiB: 17 spt, 8 heads, 963 cylinders */
	assert_int_equal(vhd_chs(64u << 20), (963u << 16) | (8u << 8) | 17u);
	/* capped at 65535/16/255 */
	assert_int_equal(vhd_chs(1ull << 40), (65535u << 16) | (16u << 8) | 255u);
}

/* Platform codes as the VHD specification lists them (a code is its name's
 * four ASCII bytes, big-endian) and libvhd names them (PLAT_CODE_*). */
static void platform_codes_from_spec(void **state)
{
	static const struct {
		uint32_t code;
		const char *chars, *name;
		int has_path;
	} spec[] = {
		{ 0x00000000, "", "NONE", 0 },      { 0x57693272, "Wi2r", "WI2R", 0 },
		{ 0x5769326B, "Wi2k", "WI2K", 0 },  { 0x57327275, "W2ru", "W2RU", 1 },
		{ 0x57326B75, "W2ku", "W2KU", 1 },  { 0x4D616320, "Mac ", "MAC", 0 },
		{ 0x4D616358, "MacX", "MACX", 1 },
	};
	char c[5];
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
		vhd_platform_chars(spec[i].code, c);
		assert_string_equal(c, spec[i].chars);
		assert_non_null(vhd_platform_name(spec[i].code));
		assert_string_equal(vhd_platform_name(spec[i].code), spec[i].name);
		assert_int_equal(vhd_platform_has_path(spec[i].code), spec[i].has_path);
	}
	assert_int_equal(VHD_PLAT_W2KU, 0x57326B75);
	assert_int_equal(VHD_PLAT_W2RU, 0x57327275);
	assert_int_equal(VHD_PLAT_MACX, 0x4D616358);
	/* "W2KU" in capitals is not a code libvhd knows */
	assert_null(vhd_platform_name(0x57324B55));
	assert_int_equal(vhd_platform_has_path(0x57324B55), 0);
}

/* The dynamic header blktap's vhd-util wrote for a child in
 * /work/shared/fixtures/sm-written/sr.img (data/xs/sm-written-child-hdr.bin:
 * 1024 bytes from image offset 61865984 + 512, the header of
 * VHD-2656ec6f-...): its locators are MacX, W2ku, W2ru, in that order. */
static void platform_codes_on_vhd_util_header(void **state)
{
	static const char *const chars[VHD_NLOC] = { "MacX", "W2ku", "W2ru", "", "", "", "", "" };
	size_t n;
	uint8_t *b = ut_data_slurp("xs/sm-written-child-hdr.bin", &n);
	struct vhd_header h;
	struct rl_err e;
	char c[5];
	unsigned i;

	(void)state;
	assert_int_equal(n, VHD_HEADER_SIZE);
	rl_err_init(&e, "hdr");
	assert_int_equal(vhd_header_parse(b, 0, 0, &h, &e), 0);
	for (i = 0; i < VHD_NLOC; i++) {
		vhd_platform_chars(h.loc[i].code, c);
		assert_string_equal(c, chars[i]);
		assert_int_equal(vhd_platform_has_path(h.loc[i].code), i < 3);
	}
	assert_string_equal(vhd_platform_name(h.loc[0].code), "MACX");
	assert_string_equal(vhd_platform_name(h.loc[1].code), "W2KU");
	assert_string_equal(vhd_platform_name(h.loc[2].code), "W2RU");
	assert_string_equal(vhd_platform_name(h.loc[3].code), "NONE");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qemu_checksums),
		cmocka_unit_test(child_matches_vhd_util_layout),
		cmocka_unit_test(refuses_damage),
		cmocka_unit_test(hidden_checksum_quirk),
		cmocka_unit_test(reserved_bytes_kept),
		cmocka_unit_test(locator_codec),
		cmocka_unit_test(prt_name_limits),
		cmocka_unit_test(chs_values),
		cmocka_unit_test(platform_codes_from_spec),
		cmocka_unit_test(platform_codes_on_vhd_util_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
