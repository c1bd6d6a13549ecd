/* scsi_id vectors, both profiles.
 *
 * tests/unit/data/sg/NAME.hex holds the responses of one device, one section
 * per response ("# standard INQUIRY", "# VPD page 0xNN"); an absent page is
 * one the device refuses.  NAME.xs219.exp and NAME.systemd.exp hold what the
 * real scsi_id printed for them (see data/sg/README): udev 252's
 * /lib/udev/scsi_id, and systemd 219 (rhel-7.6) built from source, both fed
 * through an SG_IO shim.  The table of the reference notes is repeated
 * inline with readable strings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inhex.h"
#include "scsi_id.h"
#include "udev_str.h"
#include "unit_util.h"

#define DATA "sg/"	/* below tests/unit/data */

struct vec {
	uint8_t std[300], p00[300], p80[300], p83[600];
	size_t nstd, n00, n80, n83;
	int has_std, has00, has80, has83;
};

/* Parse one section's hex into dst. */
static void section(const char *start, const char *end, uint8_t *dst, size_t max, size_t *n)
{
	struct rl_err e;

	rl_err_init(&e, "vector");
	if (inhex_parse(start, (size_t)(end - start), dst, max, n, &e) != 0) {
		char buf[600];

		fail_msg("%s", rl_err_str(&e, buf, sizeof(buf)));
	}
}

static void load_vec(const char *name, struct vec *v)
{
	char path[256], *text, *p, *next, *end;
	size_t n;

	memset(v, 0, sizeof(*v));
	snprintf(path, sizeof(path), DATA "%s.hex", name);
	text = ut_data_text(path, &n);
	end = text + n;
	p = strstr(text, "\n# ");
	while (p && p < end) {
		p++;
		next = strstr(p, "\n# ");
		while (next && !strncmp(next, "\n# (", 4))
			next = strstr(next + 1, "\n# ");
		if (!next)
			next = end;
		if (!strncmp(p, "# standard INQUIRY", 18)) {
			section(p, next, v->std, sizeof(v->std), &v->nstd);
			v->has_std = 1;
		} else if (!strncmp(p, "# VPD page 0x00", 15)) {
			section(p, next, v->p00, sizeof(v->p00), &v->n00);
			v->has00 = 1;
		} else if (!strncmp(p, "# VPD page 0x80", 15)) {
			section(p, next, v->p80, sizeof(v->p80), &v->n80);
			v->has80 = 1;
		} else if (!strncmp(p, "# VPD page 0x83", 15)) {
			section(p, next, v->p83, sizeof(v->p83), &v->n83);
			v->has83 = 1;
		}
		p = next < end ? next : NULL;
	}
	free(text);
}

static void run_vec(const struct vec *v, enum sg_profile p, struct scsi_id_out *o)
{
	struct scsi_id_in in;

	memset(&in, 0, sizeof(in));
	if (v->has_std) {
		in.std.data = v->std;
		in.std.len = v->nstd;
	}
	if (v->has00) {
		in.p00.data = v->p00;
		in.p00.len = v->n00;
	}
	if (v->has80) {
		in.p80.data = v->p80;
		in.p80.len = v->n80;
	}
	if (v->has83) {
		in.p83.data = v->p83;
		in.p83.len = v->n83;
	}
	scsi_id_run(&in, p, o);
}

static void check(const char *name, enum sg_profile p, const char *g, const char *u, const char *sm)
{
	static struct scsi_id_out o;
	static struct vec v;

	load_vec(name, &v);
	run_vec(&v, p, &o);
	assert_int_equal(o.found, 1);
	assert_string_equal(o.g, g);
	assert_string_equal(o.u, u);
	assert_string_equal(o.sm, sm);
}

/* The table of reference/scsi-identity.md §2, both profiles. */
static void table_vectors(void **state)
{
	static const char *const pr[] = { "xs219", "systemd" };
	static struct scsi_id_out o;
	static struct vec v;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		enum sg_profile p = i ? SG_PROFILE_SYSTEMD : SG_PROFILE_XS219;

		print_message("# profile %s\n", pr[i]);
		check("devid", p, "35000c5003011cb2b", "35000c5003011cb2b", "35000c5003011cb2b");
		check("sdeb", p, "333333330000007d0", "333333330000007d0", "333333330000007d0");
		check("eql", p, "36090a028408b4fc2846e4536000000b6", "36090a028408b4fc2846e4536000000b6",
		      "36090a028408b4fc2846e4536000000b6");
		check("naa5then6", p, "36001405abcdef0123456789abcdef012",
		      "36001405abcdef0123456789abcdef012", "36001405abcdef0123456789abcdef012");
		check("iet", p, "1IET     00010001", "1IET_00010001", "1IET_00010001");
		check("acme_t10", p, "1ACME    ser/1,2 (x)", "1ACME_ser_1_2__x_", "1ACME_ser/1,2_(x)");
		check("p80only", p, "SIET     VIRTUAL-DISK      beaf 11  ", "SIET_VIRTUAL-DISK_beaf_11",
		      "SIET_VIRTUAL-DISK_beaf_11");
	}
	/* ID_TARGET_PORT of scsi_debug's TPG 0x100 */
	load_vec("sdeb", &v);
	run_vec(&v, SG_PROFILE_XS219, &o);
	assert_string_equal(o.id_target_port, "100");
	assert_int_equal(o.source, SCSI_ID_SRC_VPD83);
	assert_int_equal(o.desig_type, 3);

	/* length 0x104: 219 walks only the first descriptor (vendor-specific) */
	check("di_all", SG_PROFILE_SYSTEMD, "36122334455667788aabbccddeeffeedd",
	      "36122334455667788aabbccddeeffeedd", "36122334455667788aabbccddeeffeedd");
	check("di_all", SG_PROFILE_XS219,
	      "0ACME    ALLDESIG        112233445566778899aabbccddeeffedcba987654321",
	      "0ACME_ALLDESIG_112233445566778899aabbccddeeffedcba987654321",
	      "0ACME_ALLDESIG_112233445566778899aabbccddeeffedcba987654321");
	load_vec("di_all", &v);
	run_vec(&v, SG_PROFILE_XS219, &o);
	assert_true(o.flags & SCSI_ID_F_P83_LOWBYTE);
	assert_true(o.flags & SCSI_ID_F_P83_TRUNC);
	assert_false(o.flags & SCSI_ID_F_FORMS_DIFFER);	/* blanks become '_' either way */
	load_vec("acme_t10", &v);
	run_vec(&v, SG_PROFILE_XS219, &o);
	assert_true(o.flags & SCSI_ID_F_FORMS_DIFFER);

	/* length exactly 256: 219's low byte is 0, no descriptor is walked */
	check("len256", SG_PROFILE_XS219, "SACME    WIDGET          SN256", "SACME_WIDGET_SN256",
	      "SACME_WIDGET_SN256");
	check("len256", SG_PROFILE_SYSTEMD, "36001405abcdef0123456789abcdef012",
	      "36001405abcdef0123456789abcdef012", "36001405abcdef0123456789abcdef012");

	/* pre-SPC-3: '5' on 219, '3' later */
	check("emc", SG_PROFILE_XS219, "56006048000123456789abcdef0123456",
	      "56006048000123456789abcdef0123456", "56006048000123456789abcdef0123456");
	check("emc", SG_PROFILE_SYSTEMD, "36006048000123456789abcdef0123456",
	      "36006048000123456789abcdef0123456", "36006048000123456789abcdef0123456");

	/* NAA-6 at byte 252 of a 0x10c page: 219 never gets there and falls
	 * back to page 0x80; v243+ reads past the buffer (undefined) */
	check("relport31", SG_PROFILE_XS219, "SACME    WIDGET          SN9", "SACME_WIDGET_SN9",
	      "SACME_WIDGET_SN9");
	check("relport31", SG_PROFILE_SYSTEMD, "3", "3", "3");
	load_vec("relport31", &v);
	run_vec(&v, SG_PROFILE_SYSTEMD, &o);
	assert_true(o.flags & SCSI_ID_F_UNDEFINED);
	run_vec(&v, SG_PROFILE_XS219, &o);
	assert_false(o.flags & SCSI_ID_F_UNDEFINED);
	assert_int_equal(o.source, SCSI_ID_SRC_VPD80);
}

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static size_t unhex(const char *h, char *out, size_t max)
{
	size_t n = 0;

	while (h[0] && h[0] != '\n' && h[1] && n + 1 < max) {
		out[n++] = (char)(hexval(h[0]) << 4 | hexval(h[1]));
		h += 2;
	}
	out[n] = '\0';
	return n;
}

/* Value of "key " line in an .exp text, up to the end of line. */
static int exp_line(const char *text, const char *key, char *out, size_t n)
{
	char pat[32];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\n%s ", key);
	p = strstr(text, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	snprintf(out, n, "%.*s", (int)(e - p), p);
	return 0;
}

static const char *const cases[] = {
	"acme_t10", "devid", "di_all", "emc", "emc_long", "eql", "eui64", "iet", "lowbyte_0x1ff",
	"model8_vs1", "model8_vs2", "naa5then6", "naa_127", "naa_assoc2", "naa_long", "naa_utf8",
	"no_p00", "no_pages", "nul_model_80", "nul_vendor_vs", "nul_vendor_vs_no80", "p00_255",
	"p00_echo", "p80_231", "p80_231b", "p80_232", "p80_listed_missing", "p80_nul", "p80_vt",
	"p80only", "p83_twice", "qemu_vs", "relport31", "sdeb", "t10_spaces", "t10_utf8",
	"tpg_long", "tpg_naa", "vendor_nul_80", "vs_bin", "wrong_pc", "zero_len", "len256",
};

/* Every vector against what the real binaries printed. */
static void oracle_vectors(void **state)
{
	static const char *const pr[] = { "xs219", "systemd" };
	static struct scsi_id_out o;
	static struct vec v;
	static char exp_g[1200], exp_x[8192], got_x[8192], buf[8192];
	size_t c, n;
	int i, status;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		load_vec(cases[c], &v);
		for (i = 0; i < 2; i++) {
			char path[256], *text;

			snprintf(path, sizeof(path), DATA "%s.%s.exp", cases[c], pr[i]);
			text = ut_data_text(path, &n);
			run_vec(&v, i ? SG_PROFILE_SYSTEMD : SG_PROFILE_XS219, &o);
			assert_int_equal(exp_line(text, "exit", buf, sizeof(buf)), 0);
			status = atoi(buf);
			if (status != !o.found)
				fail_msg("%s/%s: exit %d expected, found=%d", cases[c], pr[i], status, o.found);
			if (o.found) {
				assert_int_equal(exp_line(text, "g-hex", buf, sizeof(buf)), 0);
				unhex(buf, exp_g, sizeof(exp_g));
				if (strcmp(exp_g, o.g))
					fail_msg("%s/%s: -g '%s' expected, got '%s'", cases[c], pr[i], exp_g, o.g);
				assert_int_equal(exp_line(text, "u", buf, sizeof(buf)), 0);
				if (strcmp(buf, o.u))
					fail_msg("%s/%s: -u '%s' expected, got '%s'", cases[c], pr[i], buf, o.u);
				if (exp_line(text, "sm", buf, sizeof(buf)) == 0) {
					if (strcmp(buf, o.sm))
						fail_msg("%s/%s: sm '%s' expected, got '%s'", cases[c], pr[i], buf, o.sm);
				} else {
					assert_non_null(strstr(text, "\nsm-undecodable"));
					assert_true(o.flags & SCSI_ID_F_SM_UNDECODABLE);
					assert_string_equal(o.sm, "");
				}
			}
			assert_int_equal(exp_line(text, "x-hex", buf, sizeof(buf)), 0);
			unhex(buf, exp_x, sizeof(exp_x));
			assert_true(scsi_id_export_text(&o, got_x, sizeof(got_x)) >= 0);
			if (strcmp(exp_x, got_x))
				fail_msg("%s/%s: --export differs:\n%s---\n%s", cases[c], pr[i], exp_x, got_x);
			free(text);
		}
	}
	print_message("# %zu vectors x 2 profiles match\n", sizeof(cases) / sizeof(cases[0]));
}

/* Pages whose lengths point past what was received: scsi_id_run must stay
 * inside the caller's bytes (ASan checks) and define the result. */
static void malformed_pages(void **state)
{
	static const uint8_t std[36] = { 0, 0, 6, 2, 31, 0, 0, 0, 'A', 'C', 'M', 'E', ' ', ' ', ' ', ' ',
					 'W', 'I', 'D', 'G', 'E', 'T', ' ', ' ', ' ', ' ', ' ', ' ',
					 ' ', ' ', ' ', ' ', '1', '.', '0', ' ' };
	static const uint8_t p00[] = { 0, 0, 0, 2, 0x80, 0x83 };
	static const uint8_t p83_ffff[] = { 0, 0x83, 0xff, 0xff };
	static const uint8_t p83_desc_past[] = { 0, 0x83, 0, 0x20, 1, 3, 0, 0x40, 0x60 };
	static const uint8_t p80_long[] = { 0, 0x80, 0, 0xff, 'x' };
	static const uint8_t p00_long[] = { 0, 0, 0, 0xfe, 0x12 };
	static const uint8_t p83_nul_ascii[] = { 0, 0x83, 0, 8, 2, 1, 0, 4, 'A', 0, 'B', 'C' };
	struct scsi_id_in in;
	static struct scsi_id_out o;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		enum sg_profile p = i ? SG_PROFILE_SYSTEMD : SG_PROFILE_XS219;

		/* 64 KiB claimed, 4 bytes given: the walk covers zeros only */
		memset(&in, 0, sizeof(in));
		in.std.data = std;
		in.std.len = sizeof(std);
		in.p00.data = p00;
		in.p00.len = sizeof(p00);
		in.p83.data = p83_ffff;
		in.p83.len = sizeof(p83_ffff);
		assert_int_equal(scsi_id_run(&in, p, &o), 1);
		assert_int_equal(o.found, 0);
		if (p == SG_PROFILE_SYSTEMD)
			assert_true(o.flags & SCSI_ID_F_UNDEFINED);

		/* a 64-byte NAA in a 9-byte answer: zeros after the 9 bytes */
		in.p83.data = p83_desc_past;
		in.p83.len = sizeof(p83_desc_past);
		assert_int_equal(scsi_id_run(&in, p, &o), 0);
		assert_int_equal(strlen(o.g), 129);
		assert_memory_equal(o.g, "360000000", 9);

		/* page 0x80 claiming 255 bytes does not fit 256: no id */
		in.p00.data = p00;
		in.p83.data = NULL;
		in.p80.data = p80_long;
		in.p80.len = sizeof(p80_long);
		assert_int_equal(scsi_id_run(&in, p, &o), 1);

		/* page 0x00 claiming 254 entries: the scan runs past 254 bytes */
		in.p00.data = p00_long;
		in.p00.len = sizeof(p00_long);
		in.p80.data = NULL;
		in.p83.data = p83_desc_past;
		in.p83.len = sizeof(p83_desc_past);
		assert_int_equal(scsi_id_run(&in, p, &o), 1);
		assert_true(o.flags & SCSI_ID_F_UNDEFINED);

		/* an ASCII id with a NUL inside ends there */
		in.p00.data = p00;
		in.p00.len = sizeof(p00);
		in.p83.data = p83_nul_ascii;
		in.p83.len = sizeof(p83_nul_ascii);
		assert_int_equal(scsi_id_run(&in, p, &o), 0);
		assert_string_equal(o.g, "1A");

		/* nothing at all but the standard INQUIRY */
		memset(&in, 0, sizeof(in));
		in.std.data = std;
		in.std.len = 3;		/* even a short one */
		assert_int_equal(scsi_id_run(&in, p, &o), 1);
		assert_string_equal(o.vendor, "");

		/* no standard INQUIRY: scsi_id prints nothing, even for -x */
		memset(&in, 0, sizeof(in));
		assert_int_equal(scsi_id_run(&in, p, &o), 1);
		assert_true(o.flags & SCSI_ID_F_NO_STD);
		assert_int_equal(scsi_id_export_text(&o, (char[64]){ 0 }, 64), 0);
	}
}

static void export_text_too_small(void **state)
{
	static struct scsi_id_out o;
	static struct vec v;
	char small[20];

	(void)state;
	load_vec("devid", &v);
	run_vec(&v, SG_PROFILE_XS219, &o);
	assert_int_equal(scsi_id_export_text(&o, small, sizeof(small)), -1);
	assert_string_equal(scsi_id_source_name(o.source), "vpd83");
	assert_string_equal(scsi_id_desig_type_name(o.desig_type), "naa");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_vectors),
		cmocka_unit_test(oracle_vectors),
		cmocka_unit_test(malformed_pages),
		cmocka_unit_test(export_text_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
