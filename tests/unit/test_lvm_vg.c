/* VG model from real LVM 2.03.16 metadata copies, and every way it must refuse
 * a broken one.  xs_text.bin: XenServer-style VG (tags, MGT + VHD LV);
 * stripe_text.bin: two PVs, a 2-way striped LV and a 2-segment linear LV;
 * small_wrap_text_lv18.bin: a VG with 18 LVs (the copy that wrapped). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_vg.h"
#include "unit_util.h"

#define VGNAME "VG_XenStorage-3f2e1a44-0c6e-4c1c-9a55-6a0c8b7b2d11"
#define BASE 8704 /* where xs_text.bin sits on its device */

static char *load(const char *name, size_t *len)
{
	static char buf[3][8192];
	static int k;
	char rel[256], *b = buf[k++ % 3];

	snprintf(rel, sizeof(rel), "lvm/%s", name);
	*len = ut_data_read_str(rel, b, sizeof(buf[0]));
	return b;
}

/* xs_text with the first `old` replaced by `new` (must be present). */
static char *xs_subst(const char *old, const char *new)
{
	size_t len, ol = strlen(old), nl = strlen(new);
	const char *t = load("xs_text.bin", &len), *p = strstr(t, old);
	char *r;

	if (!p)
		fail_msg("\"%s\" not in the text", old);
	r = malloc(len + nl + 1);
	memcpy(r, t, (size_t)(p - t));
	memcpy(r + (p - t), new, nl);
	strcpy(r + (p - t) + nl, p + ol);
	return r;
}

static void span_is(const char *t, struct lvm_text_span s, const char *want)
{
	ut_range_is(t, s.start, s.end, want);
}

static void xenserver_vg(void **state)
{
	size_t len;
	const char *t = load("xs_text.bin", &len);
	struct lvm_vg *vg;
	struct rl_err e;
	const struct lvm_lv *lv;
	const struct lvm_pv *pv;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_vg_from_text(t, len, BASE, &vg, &e), 0);
	assert_string_equal(vg->name, VGNAME);
	assert_string_equal(vg->id, "Hw2O8GIBa6NwwOFREP9cbd45xq8u2uad");
	assert_int_equal(vg->seqno, 4);
	assert_int_equal(vg->extent_size, 8192);
	assert_int_equal(vg->n_status, 3);
	assert_string_equal(vg->status[0], "RESIZEABLE");
	assert_int_equal(vg->n_flags, 0);
	assert_int_equal(vg->has_tags, 1);
	assert_int_equal(vg->n_tags, 2);
	assert_string_equal(vg->tags[0], "sr_tag");
	assert_string_equal(vg->tags[1], "x.y+z/w=1");
	assert_int_equal(vg->max_lv, 0);
	assert_int_equal(vg->metadata_copies, 0);
	assert_string_equal(vg->creation_host, "vm");
	assert_int_equal(vg->creation_time, 1795323291);
	assert_non_null(strstr(vg->description, "prefix = \"x\\\\y\""));
	span_is(t, vg->name_span, VGNAME);
	span_is(t, vg->id_span, "\"Hw2O8G-IBa6-NwwO-FREP-9cbd-45xq-8u2uad\"");
	span_is(t, vg->seqno_span, "4");
	span_is(t, vg->status_span, "[\"RESIZEABLE\", \"READ\", \"WRITE\"]");
	span_is(t, vg->flags_span, "[]");
	span_is(t, vg->tags_span, "[\"sr_tag\", \"x.y+z/w=1\"]");
	assert_int_equal(t[vg->description_span.start], '"');

	assert_int_equal(vg->n_pvs, 1);
	pv = &vg->pvs[0];
	assert_string_equal(pv->key, "pv0");
	assert_string_equal(pv->id, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8");
	assert_string_equal(pv->device, "/dev/loop0");
	assert_string_equal(pv->device_id, "");
	assert_int_equal(pv->dev_size, 131072);
	assert_int_equal(pv->pe_start, 22528);
	assert_int_equal(pv->pe_count, 13);
	assert_int_equal(pv->n_status, 1);
	span_is(t, pv->key_span, "pv0");
	span_is(t, pv->id_span, "\"KQttWo-BT4M-rR9q-HQA2-nQgQ-1XHX-LKEaK8\"");
	span_is(t, pv->device_span, "\"/dev/loop0\"");
	assert_int_equal(pv->device_id_span.end, 0);

	assert_int_equal(vg->n_lvs, 2);
	lv = &vg->lvs[0];
	assert_string_equal(lv->name, "MGT");
	assert_string_equal(lv->id, "emnQNZ06Gcod2RxITtOeV8GCjUsCJwTB");
	assert_int_equal(lv->visible, 1);
	assert_int_equal(lv->n_tags, 1);
	assert_string_equal(lv->tags[0], "mgt_tag");
	assert_int_equal(lv->n_segs, 1);
	assert_int_equal(lv->le_count, 1);
	assert_string_equal(lv->segs[0].type, "striped");
	assert_int_equal(lv->segs[0].stripe_count, 1);
	assert_int_equal(lv->segs[0].stripes[0].pv, 0);
	assert_int_equal(lv->segs[0].stripes[0].pe, 0);
	span_is(t, lv->name_span, "MGT");
	span_is(t, lv->id_span, "\"emnQNZ-06Gc-od2R-xITt-OeV8-GCjU-sCJwTB\"");
	lv = &vg->lvs[1];
	assert_string_equal(lv->name, "VHD-aaaa");
	assert_string_equal(lv->tags[0], "vdi:9=a&b#c");
	assert_int_equal(lv->segs[0].extent_count, 2);
	assert_int_equal(lv->segs[0].stripes[0].pe, 1);
	assert_int_equal(lvm_vg_lv_by_name(vg, "VHD-aaaa"), 1);
	assert_int_equal(lvm_vg_lv_by_name(vg, "VHD-bbbb"), -1);
	assert_int_equal(lvm_vg_pv_by_key(vg, "pv0"), 0);
	assert_int_equal(lvm_vg_pv_by_id(vg, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8"), 0);
	assert_int_equal(lvm_vg_pv_by_id(vg, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK9"), -1);
	lvm_vg_free(vg);
}

static void striped_vg(void **state)
{
	size_t len;
	const char *t = load("stripe_text.bin", &len);
	struct lvm_vg *vg;
	struct rl_err e;
	const struct lvm_lv *lv;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(lvm_vg_from_text(t, len, 0, &vg, &e), 0);
	assert_string_equal(vg->name, "vgstripe");
	assert_int_equal(vg->has_tags, 0);
	assert_int_equal(vg->n_pvs, 2);
	assert_string_equal(vg->pvs[1].device, "/dev/loop4");
	lv = &vg->lvs[0];
	assert_string_equal(lv->name, "striped");
	assert_int_equal(lv->segs[0].stripe_count, 2);
	assert_int_equal(lv->segs[0].stripe_size, 128);
	assert_int_equal(lv->segs[0].stripes[1].pv, 1);
	lv = &vg->lvs[1];
	assert_int_equal(lv->n_segs, 2);
	assert_int_equal(lv->le_count, 5);
	assert_int_equal(lv->segs[1].start_extent, 3);
	assert_int_equal(lv->segs[1].stripes[0].pv, 0);
	assert_int_equal(lv->segs[1].stripes[0].pe, 4);
	lvm_vg_free(vg);
}

static void many_lvs(void **state)
{
	size_t len;
	const char *t = load("small_wrap_text_lv18.bin", &len);
	struct lvm_vg *vg;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(len, 5905);
	assert_int_equal(lvm_vg_from_text(t, len, 0, &vg, &e), 0);
	assert_string_equal(vg->name, "vgsmall");
	assert_int_equal(vg->n_lvs, 18);
	assert_string_equal(vg->lvs[17].name, "lv_number_18");
	assert_int_equal(vg->extent_size, 2048);
	lvm_vg_free(vg);
}

/* Each broken text gives -1, code, offset (absolute) and message. */
static void refuse(char *t, enum rl_errcode code, const char *at, const char *msg)
{
	struct lvm_vg *vg = (struct lvm_vg *)1;
	struct rl_err e;

	rl_err_init(&e, NULL);
	if (lvm_vg_from_text(t, strlen(t), BASE, &vg, &e) != -1)
		fail_msg("accepted a text expected to fail with \"%s\"", msg ? msg : at);
	assert_null(vg);
	if (e.code != code || (msg && strcmp(e.msg, msg)))
		fail_msg("wanted \"%s\", got \"%s\"", msg ? msg : "", e.msg);
	if (at) {
		const char *p = strstr(t, at);

		assert_non_null(p);
		if (e.off != BASE + (uint64_t)(p - t))
			fail_msg("\"%s\": offset %llu, wanted %llu (\"%.20s\")", e.msg,
				 (unsigned long long)e.off, (unsigned long long)(BASE + (p - t)),
				 t + (e.off - BASE));
	}
	if (msg)
		assert_string_equal(e.msg, msg);
	free(t);
}

static void refuse_header_problems(void **state)
{
	size_t len;
	char *t;

	(void)state;
	refuse(xs_subst("contents = \"Text Format Volume Group\"\n", ""), RL_E_CORRUPT, NULL,
	       "metadata text: missing contents field");
	refuse(xs_subst("contents = \"Text Format Volume Group\"", "contents = \"Text\""),
	       RL_E_CORRUPT, "contents =", "metadata text: unrecognised contents field");
	refuse(xs_subst("version = 1", "version = 2"), RL_E_CORRUPT, "version = 2",
	       "metadata text: unrecognised version number");
	refuse(xs_subst("version = 1", "version = \"1\""), RL_E_CORRUPT, "version =", NULL);
	/* the text must begin with the VG name */
	refuse(xs_subst(VGNAME " {", "-bad {"), RL_E_CORRUPT, "-bad",
	       "metadata text does not begin with a valid VG name");
	refuse(xs_subst(VGNAME " {", "# x\n" VGNAME " {"), RL_E_CORRUPT, NULL,
	       "metadata text does not begin with a valid VG name");
	refuse(xs_subst(VGNAME " {", "b@d {"), RL_E_CORRUPT, NULL,
	       "metadata text does not begin with a valid VG name");
	/* "bad.." is a valid name; a second word is a syntax error */
	refuse(xs_subst(VGNAME " {", "bad.. name {"), RL_E_CORRUPT, "name {",
	       "metadata text line 1: unexpected token, expected '=' or '{'");
	/* a valid start, but the first section is something else */
	t = xs_subst(VGNAME " {", "ok = 1\n.. {");
	refuse(t, RL_E_CORRUPT, ".. {", "invalid VG name \"..\"");
	/* truncated in the middle */
	t = load("xs_text.bin", &len);
	t = strdup(t);
	t[700] = '\0';
	refuse(t, RL_E_CORRUPT, NULL, NULL);
	/* unbalanced braces */
	refuse(xs_subst("segment1 {\nstart_extent = 0\nextent_count = 1\n",
			"segment1 {\nstart_extent = 0\nextent_count = 1\n}\n"),
	       RL_E_CORRUPT, NULL, NULL);
}

static void refuse_vg_problems(void **state)
{
	(void)state;
	refuse(xs_subst("id = \"Hw2O8G", "xd = \"Hw2O8G"), RL_E_CORRUPT, VGNAME,
	       "VG " VGNAME ": missing \"id\"");
	refuse(xs_subst("Hw2O8G-IBa6", "Hw2O8G-IB_6"), RL_E_CORRUPT, "\"Hw2O8G",
	       "VG " VGNAME ": invalid uuid \"Hw2O8G-IB_6-NwwO-FREP-9cbd-45xq-8u2uad\"");
	refuse(xs_subst("seqno = 4\n", ""), RL_E_CORRUPT, VGNAME,
	       "VG " VGNAME ": missing \"seqno\"");
	refuse(xs_subst("seqno = 4", "seqno = -1"), RL_E_CORRUPT, "-1",
	       "VG " VGNAME ": \"seqno\" out of range");
	refuse(xs_subst("seqno = 4", "seqno = 4294967296"), RL_E_CORRUPT, "4294967296", NULL);
	refuse(xs_subst("status = [\"RESIZEABLE\", \"READ\", \"WRITE\"]\n", ""), RL_E_CORRUPT,
	       VGNAME, "VG " VGNAME ": missing \"status\"");
	refuse(xs_subst("\"RESIZEABLE\", \"READ\"", "\"RESIZEABLE\", 7"), RL_E_CORRUPT, "7, ",
	       "VG " VGNAME ": \"status\" holds a value that is not a string");
	refuse(xs_subst("extent_size = 8192", "extent_size = 0"), RL_E_CORRUPT, "0\nmax_lv",
	       "VG " VGNAME ": \"extent_size\" out of range");
	refuse(xs_subst("max_pv = 0\n", ""), RL_E_CORRUPT, NULL, NULL);
	refuse(xs_subst("format = \"lvm2\"", "format = \"lvm1\""), RL_E_CORRUPT, "format",
	       "VG " VGNAME ": unrecognised format \"lvm1\"");
	refuse(xs_subst("physical_volumes {", "physical_volumez {"), RL_E_CORRUPT, NULL,
	       "VG " VGNAME ": couldn't find section 'physical_volumes'");
}

static void refuse_pv_lv_problems(void **state)
{
	(void)state;
	refuse(xs_subst("pe_count = 13\n", ""), RL_E_CORRUPT, "pv0 {",
	       "PV pv0: missing \"pe_count\"");
	refuse(xs_subst("id = \"KQttWo-BT4M", "id = \"KQttWo-BT4"), RL_E_CORRUPT, "\"KQttWo",
	       NULL);
	refuse(xs_subst("dev_size = 131072", "dev_size = \"big\""), RL_E_CORRUPT, "dev_size",
	       "PV pv0: \"dev_size\" is not an integer");
	refuse(xs_subst("pe_start = 22528", "pe_start = 22528\nba_start = 2048"), RL_E_CORRUPT,
	       "ba_start", "PV pv0: incomplete bootloader area (ba_start/ba_size)");
	/* a stripe naming a PV that does not exist */
	refuse(xs_subst("\"pv0\", 0", "\"pv7\", 0"), RL_E_CORRUPT, "\"pv7\"",
	       "LV MGT segment segment1: stripe refers to unknown volume \"pv7\"");
	/* extents beyond the PV */
	refuse(xs_subst("\"pv0\", 1", "\"pv0\", 12"), RL_E_CORRUPT, "12\n]",
	       "LV VHD-aaaa segment segment1: extents beyond pe_count of pv0");
	/* two LVs on the same extent */
	refuse(xs_subst("\"pv0\", 1", "\"pv0\", 0"), RL_E_CORRUPT, "segment1 {\nstart_extent = 0\nextent_count = 2",
	       "LV VHD-aaaa uses extents of pv0 already allocated");
	refuse(xs_subst("\"pv0\", 0\n", "\"pv0\"\n"), RL_E_CORRUPT, NULL,
	       "LV MGT segment segment1: number of stripes entries does not match stripe_count");
	refuse(xs_subst("\"pv0\", 0\n", "0, \"pv0\"\n"), RL_E_CORRUPT, NULL,
	       "LV MGT segment segment1: bad volume name in stripes");
	refuse(xs_subst("segment_count = 1", "segment_count = 2"), RL_E_CORRUPT, "segment_count = 2",
	       "LV MGT: segment_count does not match the number of segments");
	refuse(xs_subst("start_extent = 0\nextent_count = 1", "start_extent = 1\nextent_count = 1"),
	       RL_E_CORRUPT, "segment1 {\nstart_extent = 1",
	       "LV MGT: segments are not contiguous from extent 0");
	refuse(xs_subst("type = \"striped\"", "type = 5"), RL_E_CORRUPT, "type = 5",
	       "LV MGT segment segment1: segment type must be a string");
	refuse(xs_subst("stripe_count = 1\n", ""), RL_E_CORRUPT, "segment1",
	       "LV MGT segment segment1: missing \"stripe_count\"");
	refuse(xs_subst("creation_host = \"vm\"\n", ""), RL_E_CORRUPT, "creation_time",
	       "LV MGT: creation_time without a creation_host string");
	refuse(xs_subst("MGT {", "VHD-aaaa {"), RL_E_CORRUPT, "VHD-aaaa {\nid = \"OIy",
	       "VG " VGNAME ": LV VHD-aaaa listed twice");
	refuse(xs_subst("id = \"emnQNZ", "idx = \"emnQNZ"), RL_E_CORRUPT, "MGT {",
	       "LV MGT: missing \"id\"");
	refuse(xs_subst("status = [\"READ\", \"WRITE\", \"VISIBLE\"]", "status { }"),
	       RL_E_CORRUPT, "status { }", "LV MGT: \"status\" is a section");
	refuse(xs_subst("MGT {\nid", "MGT {\n}\nX {\nid"), RL_E_CORRUPT, "MGT {",
	       "LV MGT: empty section");
}

static void names(void **state)
{
	char n[200];

	(void)state;
	assert_int_equal(lvm_name_valid(VGNAME), 1);
	assert_int_equal(lvm_name_valid("a+b.c_d-e"), 1);
	assert_int_equal(lvm_name_valid("..."), 1);
	assert_int_equal(lvm_name_valid(""), 0);
	assert_int_equal(lvm_name_valid(NULL), 0);
	assert_int_equal(lvm_name_valid("-a"), 0);
	assert_int_equal(lvm_name_valid("."), 0);
	assert_int_equal(lvm_name_valid(".."), 0);
	assert_int_equal(lvm_name_valid("a b"), 0);
	assert_int_equal(lvm_name_valid("a/b"), 0);
	assert_int_equal(lvm_name_valid("caf\xc3\xa9"), 0);
	memset(n, 'v', sizeof(n));
	n[127] = '\0';
	assert_int_equal(lvm_name_valid(n), 1); /* NAME_LEN counts the NUL */
	n[127] = 'v';
	n[128] = '\0';
	assert_int_equal(lvm_name_valid(n), 0);
	assert_int_equal(lvm_tag_valid("vdi:9=a&b#c"), 1);
	assert_int_equal(lvm_tag_valid("x.y+z/w=1!"), 1);
	assert_int_equal(lvm_tag_valid("-x"), 1);
	assert_int_equal(lvm_tag_valid(""), 0);
	assert_int_equal(lvm_tag_valid("a\"b"), 0);
	assert_int_equal(lvm_tag_valid("a b"), 0);
}

/* "relun_from_" + a 32-character raw VG id, a valid LVM tag */
static void provenance_tag(void **state)
{
	static const char tag[] = "relun_from_Vg0aaabbbbccccddddeeeeffffgggggg";

	(void)state;
	assert_int_equal(lvm_tag_valid(tag), 1);
	assert_non_null(lvm_provenance_id(tag));
	assert_string_equal(lvm_provenance_id(tag), "Vg0aaabbbbccccddddeeeeffffgggggg");
	assert_null(lvm_provenance_id("relun_from_Vg0aaabbbbccccddddeeeeffffggggg"));
	assert_null(lvm_provenance_id("relun_from_Vg0aaabbbbccccddddeeeeffffgggggg7"));
	assert_null(lvm_provenance_id("relun_frm_Vg0aaabbbbccccddddeeeeffffgggggg"));
	assert_null(lvm_provenance_id("sr_tag"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xenserver_vg),
		cmocka_unit_test(striped_vg),
		cmocka_unit_test(many_lvs),
		cmocka_unit_test(refuse_header_problems),
		cmocka_unit_test(refuse_vg_problems),
		cmocka_unit_test(refuse_pv_lv_problems),
		cmocka_unit_test(names),
		cmocka_unit_test(provenance_tag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
