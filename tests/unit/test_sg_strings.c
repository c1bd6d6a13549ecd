/* udev's and sm's string rules, and the sg3_utils hex reader. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inhex.h"
#include "udev_str.h"

static void whitespace_profiles(void **state)
{
	char out[64];

	(void)state;
	/* 219 strips a leading VT/FF; v243+ skips only " \t\n\r" first */
	assert_int_equal(udevstr_replace_whitespace(SG_PROFILE_XS219, "\v\fab  c \t", out, 63), 4);
	assert_string_equal(out, "ab_c");
	assert_int_equal(udevstr_replace_whitespace(SG_PROFILE_SYSTEMD, "\v\fab  c \t", out, 63), 5);
	assert_string_equal(out, "_ab_c");
	udevstr_replace_whitespace(SG_PROFILE_SYSTEMD, " \t\r\nab", out, 63);
	assert_string_equal(out, "ab");
	/* len bounds what is read */
	udevstr_replace_whitespace(SG_PROFILE_XS219, "abc def", out, 5);
	assert_string_equal(out, "abc_d");
	udevstr_replace_whitespace(SG_PROFILE_SYSTEMD, "abc def", out, 5);
	assert_string_equal(out, "abc_d");
	udevstr_replace_whitespace(SG_PROFILE_SYSTEMD, "abc def", out, 4);
	assert_string_equal(out, "abc");
	udevstr_replace_whitespace(SG_PROFILE_XS219, "   ", out, 63);
	assert_string_equal(out, "");
}

static void replace_chars(void **state)
{
	char s[64];

	(void)state;
	snprintf(s, sizeof(s), "%s", "ab/c,d (e)#+-.:=@_");
	assert_int_equal(udevstr_replace_chars(s), 5);
	assert_string_equal(s, "ab_c_d__e_#+-.:=@_");
	/* "\x" is kept; the next two characters are judged on their own */
	snprintf(s, sizeof(s), "%s", "a\\x2f\\y\\");
	udevstr_replace_chars(s);
	assert_string_equal(s, "a\\x2f_y_");
	/* valid UTF-8 kept; overlong, surrogate, noncharacter and stray
	 * continuation bytes replaced byte by byte */
	snprintf(s, sizeof(s), "%s", "\xc3\xa9|\xc0\xaf|\xed\xa0\x80|\xef\xbf\xbf|\x80|\xf0\x9f\x98\x80");
	udevstr_replace_chars(s);
	assert_string_equal(s, "\xc3\xa9______________\xf0\x9f\x98\x80");
	assert_int_equal(udevstr_utf8_char_len("\xf4\x90\x80\x80"), -1);	/* > U+10FFFF */
	assert_int_equal(udevstr_utf8_char_len("\xef\xb7\x90"), -1);		/* U+FDD0 */
	assert_int_equal(udevstr_utf8_char_len("\xe2\x82\xac"), 3);
	assert_int_equal(udevstr_utf8_char_len("\xe2\x82"), -1);		/* cut by NUL */
}

static void encode(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(udevstr_encode("AB C\\\xc3\xa9\x01", out, sizeof(out)), 0);
	assert_string_equal(out, "AB\\x20C\\x5c\xc3\xa9\\x01");
	assert_int_equal(udevstr_encode("ABCDEF", out, 4), -1);
	assert_string_equal(udevstr_scsi_type(0), "disk");
	assert_string_equal(udevstr_scsi_type(5), "cd");
	assert_string_equal(udevstr_scsi_type(0xe), "disk");
	assert_string_equal(udevstr_scsi_type(0x1f), "generic");
}

static void sm_sanitise(void **state)
{
	char out[128];

	(void)state;
	assert_int_equal(sm_sanitise_scsiid("  1IET     00010001\n", out, sizeof(out)), 13);
	assert_string_equal(out, "1IET_00010001");
	/* Python 3: NBSP, ideographic space and 0x1c-0x1f are whitespace */
	sm_sanitise_scsiid("SA\xc2\xa0\xc2\xa0" "B\xe3\x80\x80" "C\x1d" "D\x1c", out, sizeof(out));
	assert_string_equal(out, "SA_B_C_D");
	/* ... Python 2 (bytes) knows only the C set */
	sm_sanitise_scsiid_py2("SA\xc2\xa0" "B\x1d" "C\x0b", out, sizeof(out));
	assert_string_equal(out, "SA\xc2\xa0" "B\x1d" "C");
	/* U+0085 NEL and U+2028 are whitespace too; U+200B is not */
	sm_sanitise_scsiid("a\xc2\x85" "b\xe2\x80\xa8" "c\xe2\x80\x8b", out, sizeof(out));
	assert_string_equal(out, "a_b_c\xe2\x80\x8b");
	/* not UTF-8: sm's read raises, no SCSIid */
	assert_int_equal(sm_sanitise_scsiid("1AB\xff", out, sizeof(out)), -1);
	assert_int_equal(sm_sanitise_scsiid("1AB\xed\xa0\x80", out, sizeof(out)), -1);
	/* Python accepts noncharacters */
	assert_int_equal(sm_sanitise_scsiid("1\xef\xbf\xbe", out, sizeof(out)), 4);
	assert_int_equal(sm_sanitise_scsiid("", out, sizeof(out)), 0);
	assert_int_equal(sm_sanitise_scsiid("abcdef", out, 4), -1);
}

static void hex_parse(void **state)
{
	static const char text[] =
		"# sg_vpd -HHHH style\n"
		"00 83 00 08  01 03 00 04\t# trailing comment\n"
		"\n"
		"  de,ad,BE,ef\r\n"
		"7 0f 000000ff # small and zero-padded tokens\n";
	static const uint8_t want[] = { 0x00, 0x83, 0x00, 0x08, 0x01, 0x03, 0x00, 0x04,
					0xde, 0xad, 0xbe, 0xef, 0x07, 0x0f, 0xff };
	uint8_t out[64];
	size_t n;
	struct rl_err e;
	char buf[600];

	(void)state;
	rl_err_init(&e, "x.hex");
	assert_int_equal(inhex_parse(text, strlen(text), out, sizeof(out), &n, &e), 0);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(out, want, sizeof(want));

	assert_int_equal(inhex_parse("00 01\n02 0x03\n", 14, out, sizeof(out), &n, &e), -1);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "x.hex: line 2 column 5: 'x' is not hex (ASCII hex bytes and # comments expected)");
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(inhex_parse("00 100\n", 7, out, sizeof(out), &n, &e), -1);
	assert_string_equal(e.msg, "line 1 column 4: hex number larger than 0xff");
	assert_int_equal(inhex_parse("00 11 22", 8, out, 2, &n, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	assert_int_equal(inhex_parse("# only\n\n", 8, out, sizeof(out), &n, &e), 0);
	assert_int_equal(n, 0);

	assert_true(inhex_is_text((const uint8_t *)text, strlen(text)));
	assert_false(inhex_is_text((const uint8_t *)"\x00\x83\x00\x04", 4));
	assert_false(inhex_is_text((const uint8_t *)"ab\x02", 3));
}

static void hex_split(void **state)
{
	/* standard INQUIRY (format 2, version 6), page 0x00, page 0x83, a
	 * page 0x80 and a final page claiming more than there is */
	static const uint8_t b[] = {
		0, 0, 6, 2, 3, 0, 0, 0,
		0, 0, 0, 3, 0, 0x80, 0x83,
		0, 0x83, 0, 4, 1, 3, 0, 0,
		0, 0x80, 0, 2, 'A', 'B',
		0, 0xb0, 0, 0x3c, 1, 2,
	};
	struct inhex_page pg[8];
	size_t n;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, "x");
	assert_int_equal(inhex_split(b, sizeof(b), pg, 8, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(pg[0].kind, INHEX_STD_INQ);
	assert_int_equal(pg[0].len, 8);
	assert_int_equal(pg[1].kind, INHEX_VPD);
	assert_int_equal(pg[1].page, 0x00);
	assert_int_equal(pg[2].page, 0x83);
	assert_int_equal(pg[2].off, 15);
	assert_int_equal(pg[3].page, 0x80);
	assert_int_equal(pg[4].page, 0xb0);
	assert_int_equal(pg[4].short_by, 0x3c + 4 - 6);
	assert_int_equal(inhex_split(b, 3, pg, 8, &n, &e), -1);
	assert_string_equal(e.msg, "3 trailing byte(s) do not form an INQUIRY response header");
	assert_int_equal(inhex_split(b, sizeof(b), pg, 2, &n, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
}

static void hex_classify(void **state)
{
	/* removable (RMB) SCSI-3 device: byte 1 = 0x80, flags in bytes 5..7 */
	static const uint8_t rmb[] = { 0x05, 0x80, 0x02, 0x02, 0x1f, 0x00, 0x00, 0x10,
				       'V', 'E', 'N', 'D', 'O', 'R', ' ', ' ' };
	/* SCSI-2 disk: version 2, looks like page 0x00 to sg_inq's rule */
	static const uint8_t scsi2[] = { 0x00, 0x00, 0x02, 0x02, 0x1f, 0x00, 0x00, 0x00,
					 'O', 'L', 'D', 'D', 'I', 'S', 'K', ' ' };
	/* a real page 0x00 that lists 0x80 first (no 0x00 entry) */
	static const uint8_t p00[] = { 0x00, 0x00, 0x00, 0x02, 0x80, 0x83, 0x00, 0x80,
				       0x00, 0x01, 'X', 0, 0, 0, 0, 0 };
	/* a real page 0x80 */
	static const uint8_t p80[] = { 0x00, 0x80, 0x00, 0x04, 'S', 'N', '4', '2' };
	struct inhex_page pg;

	(void)state;
	assert_int_equal(inhex_classify(rmb, sizeof(rmb), &pg), 0);
	assert_int_equal(pg.kind, INHEX_STD_INQ);
	assert_int_equal(pg.len, sizeof(rmb));
	assert_int_equal(pg.short_by, 0x1f + 5 - (int)sizeof(rmb));
	assert_int_equal(inhex_classify(scsi2, sizeof(scsi2), &pg), 0);
	assert_int_equal(pg.kind, INHEX_STD_INQ);
	assert_int_equal(inhex_classify(p00, sizeof(p00), &pg), 0);
	assert_int_equal(pg.kind, INHEX_VPD);
	assert_int_equal(pg.len, 6);
	assert_int_equal(inhex_classify(p80, sizeof(p80), &pg), 0);
	assert_int_equal(pg.kind, INHEX_VPD);
	assert_int_equal(pg.page, 0x80);
	assert_int_equal(inhex_classify(p80, 3, &pg), -1);
}

static void hex_files(void **state)
{
	uint8_t *b;
	size_t n, np;
	struct inhex_page pg[16];
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	/* a vector file: sections of hex with comments */
	assert_int_equal(inhex_read_file("tests/unit/data/sg/sdeb.hex", &b, &n, &e), 0);
	assert_int_equal(inhex_split(b, n, pg, 16, &np, &e), 0);
	assert_int_equal(np, 4);
	assert_int_equal(pg[0].kind, INHEX_STD_INQ);
	assert_int_equal(pg[0].len, 96);
	assert_int_equal(pg[3].page, 0x83);
	assert_int_equal(pg[3].len, 0x74);
	assert_memory_equal(b + pg[3].off, "\x00\x83\x00\x70\x02\x01\x00\x1c" "Linux   ", 16);
	free(b);
	assert_int_equal(inhex_read_file("tests/unit/data/sg/no-such.hex", &b, &n, &e), -1);
	assert_int_equal(e.code, RL_E_IO);
	assert_null(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whitespace_profiles),
		cmocka_unit_test(replace_chars),
		cmocka_unit_test(encode),
		cmocka_unit_test(sm_sanitise),
		cmocka_unit_test(hex_parse),
		cmocka_unit_test(hex_split),
		cmocka_unit_test(hex_classify),
		cmocka_unit_test(hex_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
