/* MGT codec: parses an image written by an independent Python re-implementation
 * of sm's writer (data/xs/mkmgt.py), serializes it back byte-identically,
 * builds the same bytes from scratch, patches uuids in place, and refuses
 * every kind of damage with RL_E_CORRUPT at the right offset. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mgt.h"
#include "unit_util.h"

#define SR_UUID "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"
#define LEAF "0b8e2c1a-7d44-4f0e-8a3b-5c6d7e8f9a01"
#define SCRATCH "1c9f3d2b-8e55-4a1f-9b4c-6d7e8f9a0b12"
#define SNAP "2da04e3c-9f66-4b20-8c5d-7e8f9a0b1c23"
#define BASE "3eb15f4d-a077-4c31-9d6e-8f9a0b1c2d34"
#define LEAF_LABEL "Web <db> & \"app\" 'x' \xe2\x80\x94 Z\xc3\xbcrich \xe2\x98\x83"
#define SR_LABEL "Clone <test> & 'SR' \"\xc3\xa9\""
#define SR_DESC "LVM over iSCSI \xe2\x86\x92 array A"

static uint8_t *load(const char *name, size_t *len)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "xs/%s", name);
	return ut_data_slurp(rel, len);
}

/* "Disk of web VM " + "été ☃ " * 40, as the Python writes it */
static void leaf_desc(char *out, size_t n)
{
	size_t i;

	snprintf(out, n, "Disk of web VM ");
	for (i = 0; i < 40; i++)
		strncat(out, "\xc3\xa9t\xc3\xa9 \xe2\x98\x83 ", n - strlen(out) - 1);
}

static uint64_t find(const uint8_t *b, size_t n, uint64_t from, const char *s)
{
	size_t l = strlen(s);
	uint64_t i;

	for (i = from; i + l <= n; i++)
		if (!memcmp(b + i, s, l))
			return i;
	return 0;
}

static void parses_sm_image(void **state)
{
	size_t n;
	uint8_t *img = load("mgt-sm.img", &n);
	struct mgt *m;
	struct rl_err e;
	char desc[1024];

	(void)state;
	rl_err_init(&e, "MGT");
	assert_int_equal(mgt_parse(img, n, 1 << 20, &m, &e), 0);
	assert_int_equal(m->length, 6144);
	assert_int_equal(m->major, 1);
	assert_int_equal(m->minor, 2);
	assert_string_equal(m->sr_uuid, SR_UUID);
	assert_int_equal(m->sr_uuid_off, 512 + 22 + 6);
	assert_string_equal(m->allocation, "thick");
	assert_string_equal(m->sr_name_label, SR_LABEL);
	assert_string_equal(m->sr_name_description, SR_DESC);
	assert_int_equal(m->n_vdis, 4);

	assert_string_equal(m->vdis[0].uuid, LEAF);
	assert_int_equal(m->vdis[0].off, 2048);
	assert_int_equal(m->vdis[0].uuid_off, find(img, n, 2560, "<uuid>" LEAF) + 6);
	assert_string_equal(m->vdis[0].name_label, LEAF_LABEL);
	/* cut to 221 bytes: the snowman that would straddle byte 222 is dropped */
	leaf_desc(desc, sizeof(desc));
	assert_int_equal(strlen(m->vdis[0].name_description), 221);
	assert_memory_equal(m->vdis[0].name_description, desc, 221);
	assert_int_equal(m->vdis[0].deleted, 0);
	assert_int_equal(m->vdis[0].is_a_snapshot, 0);
	assert_string_equal(m->vdis[0].snapshot_of, "");
	assert_int_equal(m->vdis[0].snapshot_of_off, 0);
	assert_string_equal(m->vdis[0].vdi_type, "vhd");
	assert_string_equal(m->vdis[0].type, "user");
	assert_int_equal(m->vdis[0].read_only, 0);
	assert_int_equal(m->vdis[0].managed, 1);
	assert_int_equal(m->vdis[0].n_kv, 10);
	assert_string_equal(m->vdis[0].kv[0].key, "uuid");
	assert_string_equal(m->vdis[0].kv[9].key, "deleted");

	/* the deleted slot keeps sm's stray <offset> */
	assert_string_equal(m->vdis[1].uuid, SCRATCH);
	assert_int_equal(m->vdis[1].deleted, 1);
	assert_int_equal(m->vdis[1].n_kv, 11);
	assert_string_equal(m->vdis[1].kv[10].key, "offset");
	assert_string_equal(m->vdis[1].kv[10].val, "3072");

	assert_string_equal(m->vdis[2].uuid, SNAP);
	assert_int_equal(m->vdis[2].is_a_snapshot, 1);
	assert_string_equal(m->vdis[2].snapshot_of, LEAF);
	assert_int_equal(m->vdis[2].snapshot_of_off,
			 find(img, n, 4096, "<snapshot_of>" LEAF) + 13);
	assert_memory_equal(img + m->vdis[2].snapshot_of_off, LEAF, 36);

	assert_string_equal(m->vdis[3].uuid, BASE);
	assert_string_equal(m->vdis[3].name_label, "base copy");
	assert_int_equal(m->vdis[3].read_only, 1);
	assert_int_equal(m->vdis[3].managed, 0);
	assert_ptr_equal(mgt_find_vdi(m, SNAP), &m->vdis[2]);
	assert_null(mgt_find_vdi(m, SCRATCH));
	mgt_free(m);
	free(img);
}

static void roundtrip_is_identical(void **state)
{
	static const char *const files[] = { "mgt-sm.img", "mgt-long-sr.img" };
	unsigned i;

	(void)state;
	for (i = 0; i < 2; i++) {
		size_t n, on;
		uint8_t *img = load(files[i], &n), *out;
		struct mgt *m;
		struct rl_err e;

		rl_err_init(&e, NULL);
		assert_int_equal(mgt_parse(img, n, 0, &m, &e), 0);
		assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
		assert_int_equal(on, m->length);
		assert_memory_equal(out, img, on);
		free(out);
		mgt_free(m);
		free(img);
	}
}

/* the same SR built from values, as LVHDSR passes them, gives the same bytes */
static void build_matches_python_writer(void **state)
{
	size_t n, on;
	uint8_t *img = load("mgt-sm.img", &n), *out;
	struct mgt *m;
	struct rl_err e;
	char desc[1024];
	const char *leaf[] = { "uuid", LEAF, "is_a_snapshot", "0", "snapshot_of", "",
			       "snapshot_time", "", "type", "user", "vdi_type", "vhd",
			       "read_only", "0", "managed", "1", "metadata_of_pool", "",
			       "deleted", "0", NULL };
	const char *scratch[] = { "uuid", SCRATCH, "is_a_snapshot", "0", "snapshot_of", "",
				  "snapshot_time", "", "type", "user", "vdi_type", "vhd",
				  "read_only", "0", "managed", "1", "metadata_of_pool", "",
				  "deleted", "1", "offset", "3072", NULL };
	const char *snap[] = { "uuid", SNAP, "is_a_snapshot", "1", "snapshot_of", LEAF,
			       "snapshot_time", "", "type", "user", "vdi_type", "vhd",
			       "read_only", "0", "managed", "1", "metadata_of_pool", "",
			       "deleted", "0", NULL };
	const char *base[] = { "uuid", BASE, "is_a_snapshot", "0", "snapshot_of", "",
			       "snapshot_time", "", "type", "user", "vdi_type", "vhd",
			       "read_only", "1", "managed", "0", "metadata_of_pool", "",
			       "deleted", "0", NULL };

	(void)state;
	rl_err_init(&e, NULL);
	leaf_desc(desc, sizeof(desc));
	m = mgt_new(SR_UUID, "thick", SR_LABEL, SR_DESC, &e);
	assert_non_null(m);
	/* untruncated label + description: the writer applies the 445 rule */
	assert_int_equal(mgt_vdi_add(m, LEAF_LABEL, desc, leaf, &e), 0);
	assert_int_equal(mgt_vdi_add(m, "scratch", "", scratch, &e), 0);
	assert_int_equal(mgt_vdi_add(m, LEAF_LABEL, desc, snap, &e), 0);
	assert_int_equal(mgt_vdi_add(m, "base copy", "", base, &e), 0);
	assert_int_equal(m->vdis[1].deleted, 1);
	assert_string_equal(m->vdis[2].snapshot_of, LEAF);
	assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
	assert_int_equal(on, 6144);
	assert_memory_equal(out, img, on);
	free(out);

	/* an SR label longer than its sector is cut on a character boundary */
	mgt_free(m);
	free(img);
	img = load("mgt-long-sr.img", &n);
	{
		char lab[700] = "", d2[700] = "";
		unsigned i;

		for (i = 0; i < 300; i++)
			strcat(lab, "\xc3\x85");
		for (i = 0; i < 30; i++)
			strcat(d2, "\xc2\xab Description \xc2\xbb ");
		m = mgt_new(SR_UUID, "thin", lab, d2, &e);
		assert_non_null(m);
		assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
		assert_int_equal(on, 2048);
		assert_memory_equal(out, img, on);
		free(out);
		mgt_free(m);
	}
	free(img);
}

static void patch_uuid_in_place(void **state)
{
	size_t n;
	uint8_t *img = load("mgt-sm.img", &n), *copy;
	struct mgt *m, *m2;
	struct rl_err e;
	const char *nsr = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
	const char *nleaf = "11111111-2222-4333-8444-555555555555";
	size_t i, changed = 0;

	(void)state;
	rl_err_init(&e, NULL);
	copy = malloc(n);
	memcpy(copy, img, n);
	assert_int_equal(mgt_parse(img, n, 0, &m, &e), 0);
	assert_int_equal(mgt_patch_uuid(img, n, m->sr_uuid_off, SR_UUID, nsr, &e), 0);
	assert_int_equal(mgt_patch_uuid(img, n, m->vdis[0].uuid_off, LEAF, nleaf, &e), 0);
	assert_int_equal(mgt_patch_uuid(img, n, m->vdis[2].snapshot_of_off, LEAF, nleaf, &e), 0);
	/* wrong old value: refused, nothing written */
	assert_int_equal(mgt_patch_uuid(img, n, m->vdis[3].uuid_off, LEAF, nleaf, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, m->vdis[3].uuid_off);
	assert_int_equal(mgt_patch_uuid(img, n, n - 10, LEAF, nleaf, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_int_equal(mgt_patch_uuid(img, n, 600, LEAF, "NOT-A-UUID", &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	for (i = 0; i < n; i++)
		changed += img[i] != copy[i];
	assert_true(changed > 0 && changed <= 3 * 36);
	assert_int_equal(mgt_parse(img, n, 0, &m2, &e), 0);
	assert_string_equal(m2->sr_uuid, nsr);
	assert_string_equal(m2->vdis[0].uuid, nleaf);
	assert_string_equal(m2->vdis[2].snapshot_of, nleaf);
	assert_string_equal(m2->vdis[3].uuid, BASE);
	mgt_free(m);
	mgt_free(m2);
	free(copy);
	free(img);
}

static void header_length(void **state)
{
	uint8_t s[512];
	uint64_t len;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(s, ' ', sizeof(s));
	memcpy(s, "XSSM:3072      :1:2", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), 0);
	assert_int_equal(len, 3072);
	/* NUL padding after the minor field is tolerated (sm does not look) */
	memset(s + 19, 0, sizeof(s) - 19);
	assert_int_equal(mgt_header_length(s, &len, &e), 0);

	memset(s, ' ', sizeof(s));
	memcpy(s, "XSSM:3000      :1:2", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 5);
	memcpy(s, "XSSM:1024      :1:2", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	memcpy(s, "XSSN:2048      :1:2", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	memcpy(s, "XSSM:2048:1:2:3    ", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	memcpy(s, "XSSM:20x8      :1:2", 19);
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	memset(s, 0, sizeof(s));
	assert_int_equal(mgt_header_length(s, &len, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
}

/* Replace the bytes at off in a copy of the sm image and expect a refusal
 * (RL_E_CORRUPT) at exactly want_off (absolute, base 0x100000). */
static void expect_corrupt(const uint8_t *img, size_t n, uint64_t off, const char *bytes,
			   size_t blen, uint64_t want_off, const char *msg_part)
{
	uint8_t *c = malloc(n);
	struct mgt *m = NULL;
	struct rl_err e;

	memcpy(c, img, n);
	memcpy(c + off, bytes, blen);
	rl_err_init(&e, NULL);
	if (mgt_parse(c, n, 0x100000, &m, &e) != -1)
		fail_msg("accepted damage at %llu (expected \"%s\")", (unsigned long long)off,
			 msg_part);
	assert_null(m);
	assert_int_equal(e.code, RL_E_CORRUPT);
	if (!strstr(e.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, msg_part);
	assert_int_equal(e.has_off, 1);
	if (want_off != (uint64_t)-1)
		assert_int_equal(e.off, 0x100000 + want_off);
	free(c);
}

static void refuses_damage(void **state)
{
	size_t n;
	uint8_t *img = load("mgt-sm.img", &n);
	uint64_t u0 = find(img, n, 2048, "<uuid>" LEAF) + 6;
	uint64_t snapof = find(img, n, 4096, "<snapshot_of>" LEAF) + 13;
	struct mgt *m;
	struct rl_err e;

	(void)state;
	/* truncated: header says 6144, only 5000 bytes given */
	rl_err_init(&e, NULL);
	assert_int_equal(mgt_parse(img, 5000, 0, &m, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(mgt_parse(img, 100, 0, &m, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	/* header garbage, offset counted from base */
	expect_corrupt(img, n, 0, "XSSM:6100", 9, 5, "not 2048");
	expect_corrupt(img, n, 0, "ABCD", 4, 0, "XSSM");
	/* SR info */
	expect_corrupt(img, n, 512, "<?XML", 5, 512, "<?xml");
	expect_corrupt(img, n, 540, "3F6B", 4, 540, "canonical");
	expect_corrupt(img, n, 1024 + 12, "&bogus;", 7, 1024 + 12, "undefined entity");
	/* VDI records */
	expect_corrupt(img, n, 2048, "<vdx>", 5, 2048, "<vdi>");
	expect_corrupt(img, n, u0, "0B8E", 4, u0, "canonical");
	expect_corrupt(img, n, u0 - 6, "<uuid><x>", 9, (uint64_t)-1, "nesting");
	expect_corrupt(img, n, 2048 + 12, "\xff", 1, 2048 + 12, "UTF-8");
	expect_corrupt(img, n, 2048 + 12, "\x01", 1, 2048 + 12, "not allowed");
	expect_corrupt(img, n, 2048 + 500, "junk", 4, 2048 + 500, "text inside");
	expect_corrupt(img, n, 3072 - 10, "<a>b</a>", 8, 3072 - 10, "after </vdi>");
	expect_corrupt(img, n, 2048 + 513, "uxid", 4, (uint64_t)-1, "closes");
	/* snapshot_of damaged */
	expect_corrupt(img, n, snapof, "zz", 2, snapof, "canonical");
	/* undeleting the scratch record makes nothing clash; renaming the base
	 * copy to the leaf's uuid does */
	{
		uint64_t u3 = find(img, n, 5120, "<uuid>" BASE) + 6;

		expect_corrupt(img, n, u3, LEAF, 36, u3, "already used by record 0");
	}
	/* no <deleted>: sm's reader throws */
	{
		uint64_t d0 = find(img, n, 2560, "<deleted>0</deleted>");

		expect_corrupt(img, n, d0, "<gone>0</gone>      ", 20, 2048, "no <deleted>");
	}
	free(img);
}

/* records whose uuid repeats are fine while one of them is deleted */
static void deleted_duplicate_allowed(void **state)
{
	size_t n;
	uint8_t *img = load("mgt-sm.img", &n);
	uint64_t u1 = find(img, n, 3072, "<uuid>" SCRATCH) + 6;
	struct mgt *m;
	struct rl_err e;

	(void)state;
	memcpy(img + u1, LEAF, 36);
	rl_err_init(&e, NULL);
	assert_int_equal(mgt_parse(img, n, 0, &m, &e), 0);
	assert_string_equal(m->vdis[1].uuid, LEAF);
	assert_ptr_equal(mgt_find_vdi(m, LEAF), &m->vdis[0]);
	mgt_free(m);
	free(img);
}

/* NULs anywhere are dropped (the LV tail is zero), spaces stripped from
 * values as sm does; the raw text is kept for the writer */
static void nul_bytes_and_spaces(void **state)
{
	size_t n;
	uint8_t *img = load("mgt-sm.img", &n);
	struct mgt *m;
	struct rl_err e;

	(void)state;
	img[2560 - 1] = 0;            /* in sector A padding */
	img[5120 + 1000] = 0;         /* in the base copy's sector B padding */
	memcpy(img + 6144 - 8, "\0\0", 2);
	rl_err_init(&e, NULL);
	assert_int_equal(mgt_parse(img, n, 0, &m, &e), 0);
	assert_int_equal(m->n_vdis, 4);
	mgt_free(m);
	free(img);
}

static void serialize_refusals(void **state)
{
	struct mgt *m;
	struct rl_err e;
	uint8_t *out;
	size_t on;
	char big[600];
	const char *kv[] = { "uuid", LEAF, "deleted", "0", "note", big, NULL };
	const char *bad[] = { "uuid", LEAF, "deleted", "0", "note", "a<b", NULL };

	(void)state;
	rl_err_init(&e, NULL);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m = mgt_new(SR_UUID, "thick", "sr", "", &e);
	assert_int_equal(mgt_vdi_add(m, "a", "", kv, &e), 0);
	assert_int_equal(mgt_serialize(m, &out, &on, &e), -1);
	assert_int_equal(e.code, RL_E_TOOBIG);
	mgt_free(m);

	m = mgt_new(SR_UUID, "thick", "sr", "", &e);
	assert_int_equal(mgt_vdi_add(m, "a", "", bad, &e), 0);
	assert_int_equal(mgt_serialize(m, &out, &on, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	/* mgt_vdi_set fixes it and refreshes the views */
	assert_int_equal(mgt_vdi_set(&m->vdis[0], "note", "ok", &e), 0);
	assert_int_equal(mgt_vdi_set(&m->vdis[0], "is_a_snapshot", "1", &e), 0);
	assert_int_equal(mgt_vdi_set(&m->vdis[0], "snapshot_of", SNAP, &e), 0);
	assert_int_equal(m->vdis[0].is_a_snapshot, 1);
	assert_string_equal(m->vdis[0].snapshot_of, SNAP);
	assert_int_equal(mgt_vdi_set(&m->vdis[0], "uuid", "ABC", &e), -1);
	assert_int_equal(mgt_vdi_set(&m->vdis[0], "uuid", BASE, &e), 0);
	assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
	assert_int_equal(on, 3072);
	{
		struct mgt *back;

		assert_int_equal(mgt_parse(out, on, 0, &back, &e), 0);
		assert_string_equal(back->vdis[0].uuid, BASE);
		assert_string_equal(mgt_vdi_get(&back->vdis[0], "note"), "ok");
		mgt_free(back);
	}
	free(out);
	mgt_free(m);
	/* a cut that would split "&amp;" is refused, not written broken */
	{
		char amp[120] = "a";
		const char *kv2[] = { "uuid", LEAF, "deleted", "0", NULL };

		memset(amp + 1, '&', 100);
		amp[101] = '\0';
		m = mgt_new(SR_UUID, "thick", "sr", "", &e);
		assert_int_equal(mgt_vdi_add(m, amp, "", kv2, &e), 0);
		assert_int_equal(mgt_serialize(m, &out, &on, &e), -1);
		assert_int_equal(e.code, RL_E_INVAL);
		mgt_free(m);
	}
	assert_null(mgt_new("not-a-uuid", "thick", "", "", &e));
	assert_int_equal(e.code, RL_E_INVAL);
}

/* entities and character references decode like minidom */
static void entities(void **state)
{
	uint8_t *out;
	size_t on;
	struct mgt *m, *back;
	struct rl_err e;
	const char *kv[] = { "uuid", LEAF, "deleted", "0", NULL };

	(void)state;
	rl_err_init(&e, NULL);
	m = mgt_new(SR_UUID, "thick", "x", "", &e);
	assert_int_equal(mgt_vdi_add(m, "placeholder", "", kv, &e), 0);
	assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
	/* rewrite sector A by hand */
	memset(out + 2048, ' ', 512);
	memcpy(out + 2048, "<vdi><name_label>&#65;&#x42;&quot;&apos;&#x2603;</name_label>"
	       "<name_description/>", 80);
	assert_int_equal(mgt_parse(out, on, 0, &back, &e), 0);
	assert_string_equal(back->vdis[0].name_label, "AB\"'\xe2\x98\x83");
	assert_string_equal(back->vdis[0].name_description, "");
	mgt_free(back);
	memcpy(out + 2048, "<vdi><name_label>&#0;", 21);
	assert_int_equal(mgt_parse(out, on, 0, &back, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	free(out);
	mgt_free(m);
}

/* The sector map as sm's srmetadata.py states it: SECTOR_SIZE 512,
 * SR_INFO_SIZE_IN_SECTORS 4, VDI_INFO_SIZE_IN_SECTORS 2, the SR name label
 * and description rewritten at sectors 2 and 3 (ATOMIC_UPDATE_PARAMS_AND_
 * OFFSET), VDI records read from SECTOR_SIZE * 4 on, 1024 bytes each. */
static void sector_map_from_sm_source(void **state)
{
	static const uint64_t rec_of_sector[] = { 0, 1, 2, 3, 4, 4, 5, 5, 6, 6 };
	unsigned i;

	(void)state;
	assert_int_equal(MGT_SECTOR, 512);
	assert_int_equal(MGT_SR_INFO_SECTORS, 4);
	assert_int_equal(MGT_VDI_SECTORS, 2);
	assert_int_equal(MGT_SR_INFO_SIZE, 2048);
	assert_int_equal(MGT_VDI_SIZE, 1024);
	assert_int_equal(mgt_record_offset(MGT_REC_HEADER), 0);
	assert_int_equal(mgt_record_offset(MGT_REC_SR_UUID), 512);
	assert_int_equal(mgt_record_offset(MGT_REC_SR_NAME_LABEL), 1024);
	assert_int_equal(mgt_record_offset(MGT_REC_SR_DESCRIPTION), 1536);
	assert_int_equal(mgt_vdi_record_offset(0), 2048);
	assert_int_equal(mgt_vdi_record_offset(1), 3072);
	assert_int_equal(mgt_vdi_record_offset(4095), 2048 + 4095 * 1024);
	assert_int_equal(mgt_record_offset(MGT_REC_VDI0 + 3), 2048 + 3 * 1024);
	for (i = 0; i < sizeof(rec_of_sector) / sizeof(rec_of_sector[0]); i++)
		assert_int_equal(mgt_sector_record(i), rec_of_sector[i]);
	/* a 4 MiB MGT holds 4094 slots: its last sector is sector B of slot 4093 */
	assert_int_equal(mgt_sector_record(8191), MGT_REC_VDI0 + 4093);
}

/* getSectorAlignedXML keeps SECTOR_SIZE - 2 * len(tag) - 5 bytes of the
 * value: 487 for name_label.  A label of that length survives whole, one
 * byte more is cut back to it. */
static void sr_name_label_max(void **state)
{
	char label[MGT_SECTOR];
	uint8_t *out;
	size_t on;
	struct mgt *m, *back;
	struct rl_err e;
	unsigned extra;

	(void)state;
	assert_int_equal(MGT_SR_NAME_LABEL_MAX, 487);
	rl_err_init(&e, NULL);
	for (extra = 0; extra < 2; extra++) {
		memset(label, 'x', sizeof(label));
		label[MGT_SR_NAME_LABEL_MAX + extra] = '\0';
		m = mgt_new(SR_UUID, "thick", label, "", &e);
		assert_non_null(m);
		assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
		assert_int_equal(mgt_parse(out, on, 0, &back, &e), 0);
		assert_int_equal(strlen(back->sr_name_label), MGT_SR_NAME_LABEL_MAX);
		assert_memory_equal(out + mgt_record_offset(MGT_REC_SR_NAME_LABEL) + MGT_SECTOR -
					    strlen("</name_label>"), "</name_label>", 13);
		mgt_free(back);
		mgt_free(m);
		free(out);
	}
}

/* The same map over the first 8 KiB of the MGT that sm's own
 * LVMMetadataHandler wrote in /work/shared/fixtures/sm-written/sr.img
 * (data/xs/sm-written-mgt.bin: 8 KiB from image offset 11534336, the MGT
 * LV's start in sr.json); VDI uuids in slot order as sr.json lists them. */
static void sector_map_on_sm_written(void **state)
{
	static const char *const vdi[] = {
		"2656ec6f-0f37-49c0-befd-99f520f466ec", "ecb35694-5415-4c21-b7c0-001eba24b27c",
		"8cd68864-14f8-415f-9949-598007d862a6", "bf781165-3ebb-41e4-8e81-5c2460caad4e",
		"b2d70bce-b8c1-4066-bc51-67e2c5d1a9d0", "e46902cd-200a-4446-87e0-76c4eea848b1",
	};
	const unsigned nv = sizeof(vdi) / sizeof(vdi[0]);
	static const char sr_uuid_rec[] = "<?xml version=\"1.0\" ?>"
					  "<uuid>a5114efd-3926-4fb6-9532-867edab8accc</uuid>";
	static const char nl_rec[] = "<name_label>Gold SR \"\xce\xb1\" $(id)</name_label>";
	static const char nd_rec[] = "<name_description>SR description: Gold SR";
	size_t n;
	uint8_t *img = load("sm-written-mgt.bin", &n);
	struct mgt *m;
	struct rl_err e;
	char want[64];
	unsigned i;

	(void)state;
	assert_int_equal(n, 8192);
	assert_memory_equal(img + mgt_record_offset(MGT_REC_HEADER), "XSSM:8192 ", 10);
	assert_memory_equal(img + mgt_record_offset(MGT_REC_SR_UUID), sr_uuid_rec,
			    strlen(sr_uuid_rec));
	assert_memory_equal(img + mgt_record_offset(MGT_REC_SR_NAME_LABEL), nl_rec,
			    strlen(nl_rec));
	assert_memory_equal(img + mgt_record_offset(MGT_REC_SR_DESCRIPTION), nd_rec,
			    strlen(nd_rec));
	/* the in-use length ends right after the last slot */
	assert_int_equal(mgt_vdi_record_offset(nv), 8192);
	rl_err_init(&e, "MGT");
	assert_int_equal(mgt_parse(img, n, 11534336, &m, &e), 0);
	assert_int_equal(m->n_vdis, nv);
	for (i = 0; i < nv; i++) {
		uint64_t a = mgt_vdi_record_offset(i);

		assert_memory_equal(img + a, "<vdi><name_label>", 17);
		snprintf(want, sizeof(want), "<uuid>%s</uuid>", vdi[i]);
		assert_memory_equal(img + a + MGT_SECTOR, want, strlen(want));
		assert_int_equal(mgt_sector_record(a / MGT_SECTOR), MGT_REC_VDI0 + i);
		assert_int_equal(mgt_sector_record(a / MGT_SECTOR + 1), MGT_REC_VDI0 + i);
		assert_string_equal(m->vdis[i].uuid, vdi[i]);
		assert_int_equal(m->vdis[i].off, a);
	}
	/* what sm wrote, relun writes: the planner rewrites a label sector
	 * from mgt_serialize only where the two agree (plan_mgt) */
	{
		uint8_t *out;
		size_t on;

		assert_int_equal(mgt_serialize(m, &out, &on, &e), 0);
		assert_int_equal(on, n);
		assert_memory_equal(out, img, n);
		free(out);
	}
	mgt_free(m);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_sm_image),
		cmocka_unit_test(roundtrip_is_identical),
		cmocka_unit_test(build_matches_python_writer),
		cmocka_unit_test(patch_uuid_in_place),
		cmocka_unit_test(header_length),
		cmocka_unit_test(refuses_damage),
		cmocka_unit_test(deleted_duplicate_allowed),
		cmocka_unit_test(nul_bytes_and_spaces),
		cmocka_unit_test(serialize_refusals),
		cmocka_unit_test(entities),
		cmocka_unit_test(sector_map_from_sm_source),
		cmocka_unit_test(sector_map_on_sm_written),
		cmocka_unit_test(sr_name_label_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
