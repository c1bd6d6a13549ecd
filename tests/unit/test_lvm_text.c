/* LVM text parser with positions, edits and escaping.  xs_text.bin is a copy
 * written by LVM 2.03.16 (escaped quotes and backslashes in description, a
 * '#' inside a tag, empty arrays, comments, tags on VG and LVs). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_text.h"
#include "unit_util.h"

#define VGNAME "VG_XenStorage-3f2e1a44-0c6e-4c1c-9a55-6a0c8b7b2d11"

static char xs[4096];
static size_t xs_len;

static int setup(void **state)
{
	FILE *f = ut_data_open("lvm/xs_text.bin");

	(void)state;
	if (!f)
		return -1;
	xs_len = fread(xs, 1, sizeof(xs), f);
	fclose(f);
	return xs_len == 1525 ? 0 : -1;
}

static struct lvm_cfg *parse_ok(const char *t, size_t len)
{
	struct lvm_cfg *c = NULL;
	struct rl_err e;

	rl_err_init(&e, NULL);
	if (lvm_cfg_parse(t, len, 0, &c, &e))
		fail_msg("parse failed: %s", e.msg);
	return c;
}

static void parse_fails(const char *t, enum rl_errcode code, uint64_t off, const char *m)
{
	struct lvm_cfg *c = (struct lvm_cfg *)1;
	struct rl_err e;

	rl_err_init(&e, NULL);
	assert_int_equal(lvm_cfg_parse(t, strlen(t), 1000, &c, &e), -1);
	assert_null(c);
	assert_int_equal(e.code, code);
	assert_int_equal(e.off, 1000 + off);
	if (m)
		assert_string_equal(e.msg, m);
}

static void span_is(const char *t, struct lvm_text_span s, const char *want)
{
	ut_range_is(t, s.start, s.end, want);
}

static void real_metadata_tree(void **state)
{
	struct lvm_cfg *c = parse_ok(xs, xs_len);
	const struct lvm_cfg_node *root = lvm_cfg_root(c), *n, *vg;
	const struct lvm_cfg_value *v;
	const char *s;
	int64_t i;
	unsigned cnt;
	static const char *const top[] = { VGNAME, "contents", "version", "description",
					   "creation_host", "creation_time" };

	(void)state;
	assert_int_equal(c->len, 1524); /* stops at the NUL */
	for (cnt = 0, n = lvm_cfg_child(root); n; n = lvm_cfg_next(n), cnt++) {
		assert_true(cnt < 6);
		assert_string_equal(n->key, top[cnt]);
		assert_int_equal(n->depth, 1);
	}
	assert_int_equal(cnt, 6);
	vg = lvm_cfg_child(root);
	assert_true(vg->is_section);
	assert_int_equal(vg->key_span.start, 0);
	assert_int_equal(vg->key_span.end, strlen(VGNAME));
	assert_int_equal(xs[vg->brace_open], '{');
	assert_int_equal(xs[vg->brace_close], '}');
	assert_int_equal(vg->brace_open, strlen(VGNAME) + 1);

	assert_int_equal(lvm_cfg_get_str(vg, "id", &s, &n), 1);
	assert_string_equal(s, "Hw2O8G-IBa6-NwwO-FREP-9cbd-45xq-8u2uad");
	span_is(xs, n->values[0].span, "\"Hw2O8G-IBa6-NwwO-FREP-9cbd-45xq-8u2uad\"");
	span_is(xs, n->key_span, "id");
	span_is(xs, n->item_span, "id = \"Hw2O8G-IBa6-NwwO-FREP-9cbd-45xq-8u2uad\"");
	assert_int_equal(lvm_cfg_get_int(vg, "seqno", &i, &n), 1);
	assert_int_equal(i, 4);
	span_is(xs, n->value_span, "4");

	/* empty array */
	n = lvm_cfg_get(vg, "flags");
	assert_non_null(n);
	assert_true(n->is_array);
	assert_int_equal(lvm_cfg_array_len(n), 0);
	span_is(xs, n->value_span, "[]");
	/* status array */
	assert_int_equal(lvm_cfg_get_list(vg, "status", &v, &cnt, &n), 1);
	assert_int_equal(cnt, 3);
	assert_string_equal(v[0].s, "RESIZEABLE");
	assert_string_equal(v[2].s, "WRITE");
	span_is(xs, v[1].span, "\"READ\"");
	span_is(xs, n->value_span, "[\"RESIZEABLE\", \"READ\", \"WRITE\"]");
	/* tags, one with '#' inside the string */
	assert_int_equal(lvm_cfg_get_list(vg, "tags", &v, &cnt, NULL), 1);
	assert_int_equal(cnt, 2);
	assert_string_equal(v[1].s, "x.y+z/w=1");
	assert_int_equal(lvm_cfg_get_list(vg, "logical_volumes/VHD-aaaa/tags", &v, &cnt, NULL), 1);
	assert_int_equal(cnt, 1);
	assert_string_equal(v[0].s, "vdi:9=a&b#c");
	/* paths, mixed arrays */
	assert_int_equal(lvm_cfg_get_str(vg, "physical_volumes/pv0/device", &s, NULL), 1);
	assert_string_equal(s, "/dev/loop0");
	assert_int_equal(lvm_cfg_get_int(vg, "/physical_volumes//pv0/pe_start", &i, NULL), 1);
	assert_int_equal(i, 22528);
	n = lvm_cfg_get(vg, "logical_volumes/MGT/segment1/stripes");
	assert_int_equal(lvm_cfg_array_len(n), 2);
	assert_int_equal(lvm_cfg_array_at(n, 0)->type, LVM_CFG_STRING);
	assert_string_equal(lvm_cfg_array_at(n, 0)->s, "pv0");
	assert_int_equal(lvm_cfg_array_at(n, 1)->type, LVM_CFG_INT);
	assert_int_equal(lvm_cfg_array_at(n, 1)->i, 0);
	assert_null(lvm_cfg_array_at(n, 2));
	span_is(xs, n->value_span, "[\n\"pv0\", 0\n]");
	n = lvm_cfg_get(vg, "logical_volumes/MGT");
	assert_int_equal(n->depth, 3);
	assert_string_equal(n->parent->key, "logical_volumes");
	/* escaped description, comments after values */
	assert_int_equal(lvm_cfg_get_str(root, "description", &s, &n), 1);
	assert_string_equal(s, "Write from lvchange --devices /dev/loop0 --addtag vdi:9=a&b#c "
			       "--config 'log { prefix = \"x\\\\y\" }' " VGNAME "/VHD-aaaa.");
	assert_int_equal(n->values[0].quote, '"');
	assert_int_equal(lvm_cfg_get_str(root, "creation_host", &s, NULL), 1);
	assert_string_equal(s, "vm");
	assert_int_equal(lvm_cfg_get_int(root, "creation_time", &i, NULL), 1);
	assert_int_equal(i, 1795323291);
	assert_int_equal(lvm_cfg_get_int(root, "version", &i, NULL), 1);
	assert_int_equal(i, 1);
	/* absent / wrong type */
	assert_int_equal(lvm_cfg_get_int(root, "nope", &i, NULL), 0);
	assert_int_equal(lvm_cfg_get_int(root, "description", &i, NULL), -1);
	assert_int_equal(lvm_cfg_get_str(root, "version", &s, NULL), -1);
	assert_int_equal(lvm_cfg_get_str(root, VGNAME, &s, NULL), -1);
	assert_int_equal(lvm_cfg_get_list(root, VGNAME, &v, &cnt, NULL), -1);
	assert_null(lvm_cfg_get(root, VGNAME "/id/x"));
	assert_null(lvm_cfg_get(root, ""));
	lvm_cfg_free(c);
}

static void empty_edit_is_identity(void **state)
{
	struct lvm_text_edit ed = LVM_TEXT_EDIT_INIT;
	struct rl_err e;
	size_t n;
	char *out;

	(void)state;
	rl_err_init(&e, NULL);
	out = lvm_text_edit_apply(xs, xs_len, &ed, &n, &e);
	assert_non_null(out);
	assert_int_equal(n, xs_len);
	assert_memory_equal(out, xs, xs_len);
	assert_int_equal(out[n], 0);
	free(out);
}

static void edit_identity_in_place(void **state)
{
	struct lvm_cfg *c = parse_ok(xs, xs_len), *c2;
	const struct lvm_cfg_node *vg = lvm_cfg_child(lvm_cfg_root(c)), *n;
	struct lvm_text_edit ed;
	struct rl_err e;
	const char *s;
	char *out, *tail_old, *tail_new;
	size_t len;
	int64_t seq;
	const char *newname = "VG_XenStorage-0b7c6b9e-5d4c-4f3a-8e21-9c0a1b2c3d4e";

	(void)state;
	rl_err_init(&e, NULL);
	lvm_text_edit_init(&ed);
	assert_int_equal(lvm_text_edit_replace(&ed, vg->key_span.start, vg->key_span.end, newname,
					       strlen(newname)), 0);
	n = lvm_cfg_get(vg, "id");
	assert_int_equal(lvm_text_edit_set_string(&ed, &n->values[0],
						  "AAAAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGGGG"), 0);
	n = lvm_cfg_get(vg, "seqno");
	assert_int_equal(lvm_text_edit_replace(&ed, n->value_span.start, n->value_span.end, "5", 1),
			 0);
	n = lvm_cfg_get(vg, "logical_volumes/VHD-aaaa");
	assert_int_equal(lvm_text_edit_replace(&ed, n->key_span.start, n->key_span.end, "VHD-bbbb",
					       8), 0);
	/* a tag inserted after the flags line, the way LVM orders keys */
	n = lvm_cfg_get(vg, "tags");
	assert_int_equal(lvm_text_edit_set_string(&ed, &n->values[1], "relun \"x\""), 0);
	out = lvm_text_edit_apply(xs, xs_len - 1, &ed, &len, &e);
	assert_non_null(out);
	lvm_text_edit_free(&ed);
	assert_int_equal(len, xs_len - 1 + 2); /* only the tag grew: 11 -> 13 bytes */
	c2 = parse_ok(out, len);
	vg = lvm_cfg_child(lvm_cfg_root(c2));
	assert_string_equal(vg->key, newname);
	assert_int_equal(lvm_cfg_get_str(vg, "id", &s, NULL), 1);
	assert_string_equal(s, "AAAAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGGGG");
	assert_int_equal(lvm_cfg_get_int(vg, "seqno", &seq, NULL), 1);
	assert_int_equal(seq, 5);
	assert_non_null(lvm_cfg_get(vg, "logical_volumes/VHD-bbbb/segment1"));
	assert_int_equal(lvm_cfg_get_list(vg, "tags", NULL, NULL, &n), 1);
	assert_string_equal(n->values[1].s, "relun \"x\"");
	span_is(out, n->values[1].span, "\"relun \\\"x\\\"\"");
	/* everything after the last edit is byte-identical */
	tail_old = strstr(xs, "\nVHD-aaaa {") + 10;
	tail_new = strstr(out, "\nVHD-bbbb {") + 10;
	assert_string_equal(tail_old, tail_new);
	free(out);
	lvm_cfg_free(c);
	lvm_cfg_free(c2);
}

static void edit_rules(void **state)
{
	struct lvm_text_edit ed;
	struct rl_err e;
	size_t n;
	char *out;
	const char *t = "0123456789";

	(void)state;
	rl_err_init(&e, NULL);
	lvm_text_edit_init(&ed);
	/* given out of order, applied sorted; insertions keep their order and
	 * come before a replacement starting at the same place */
	assert_int_equal(lvm_text_edit_replace(&ed, 8, 10, "XY", 2), 0);
	assert_int_equal(lvm_text_edit_replace(&ed, 2, 4, "", 0), 0);
	assert_int_equal(lvm_text_edit_replace(&ed, 5, 5, "a", 1), 0);
	assert_int_equal(lvm_text_edit_replace(&ed, 5, 5, "b", 1), 0);
	assert_int_equal(lvm_text_edit_replace(&ed, 5, 6, "-", 1), 0);
	assert_int_equal(lvm_text_edit_replace(&ed, 0, 0, "<", 1), 0);
	out = lvm_text_edit_apply(t, 10, &ed, &n, &e);
	assert_non_null(out);
	assert_string_equal(out, "<014ab-67XY");
	assert_int_equal(n, 11);
	free(out);
	/* overlap */
	assert_int_equal(lvm_text_edit_replace(&ed, 3, 6, "z", 1), 0);
	assert_null(lvm_text_edit_apply(t, 10, &ed, &n, &e));
	assert_int_equal(e.code, RL_E_INVAL);
	assert_string_equal(e.msg, "text edits [2, 4) and [3, 6) overlap");
	lvm_text_edit_free(&ed);
	/* past the end */
	assert_int_equal(lvm_text_edit_replace(&ed, 9, 11, "z", 1), 0);
	assert_null(lvm_text_edit_apply(t, 10, &ed, &n, &e));
	assert_string_equal(e.msg, "text edit [9, 11) past the end of the text (10 bytes)");
	lvm_text_edit_free(&ed);
	assert_int_equal(lvm_text_edit_replace(&ed, 5, 4, "z", 1), -1);
	lvm_text_edit_free(&ed);
}

static void escaping(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(lvm_escape_string("a\"b\\c", out, sizeof(out)), 7);
	assert_string_equal(out, "a\\\"b\\\\c");
	assert_int_equal(lvm_escape_string("plain", out, sizeof(out)), 5);
	assert_string_equal(out, "plain");
	assert_int_equal(lvm_escape_string("a\"b", NULL, 0), 4);
	assert_int_equal(lvm_escape_string("a\"b", out, 4), 4); /* no room for NUL */
	assert_string_equal(out, "");
	assert_int_equal(lvm_quote_string("/dev/disk/by-id/x\"y", out, sizeof(out)), 22);
	assert_string_equal(out, "\"/dev/disk/by-id/x\\\"y\"");
	assert_int_equal(lvm_quote_string("", out, sizeof(out)), 2);
	assert_string_equal(out, "\"\"");
}

/* What libdm's tokenizer does, token by token. */
static void tokens(void **state)
{
	static const char t[] =
		"# comment\n"
		"a = 'x\\\"y' b = \"x\\\"y\\\\z\\n\"\n"
		"c=lvm2 d = 010 e = -5 f = +7 g = 1.5 h = .5\n"
		"i = [\"x\" \"y\", 3] j = [ ] 'quoted key' = 1 \"k\" { l = 2 }\n"
		"m = \"s\" # trailing\n"
		"n = \"with # hash\"\0 ignored {{{ after the NUL";
	struct lvm_cfg *c = parse_ok(t, sizeof(t) - 1);
	const struct lvm_cfg_node *r = lvm_cfg_root(c), *n;
	const char *s;
	int64_t i;

	(void)state;
	assert_int_equal(c->len, strlen(t));
	assert_int_equal(lvm_cfg_get_str(r, "a", &s, &n), 1);
	assert_string_equal(s, "x\\\"y"); /* single quotes: no escapes */
	assert_int_equal(n->values[0].quote, '\'');
	assert_int_equal(lvm_cfg_get_str(r, "b", &s, NULL), 1);
	assert_string_equal(s, "x\"y\\z\\n"); /* only \" and \\ unescape */
	assert_int_equal(lvm_cfg_get_str(r, "c", &s, &n), 1);
	assert_string_equal(s, "lvm2"); /* bare word */
	assert_int_equal(n->values[0].quote, 0);
	assert_int_equal(lvm_cfg_get_int(r, "d", &i, NULL), 1);
	assert_int_equal(i, 8); /* strtoll base 0 */
	assert_int_equal(lvm_cfg_get_int(r, "e", &i, NULL), 1);
	assert_int_equal(i, -5);
	assert_int_equal(lvm_cfg_get_int(r, "f", &i, NULL), 1);
	assert_int_equal(i, 7);
	n = lvm_cfg_get(r, "g");
	assert_int_equal(n->values[0].type, LVM_CFG_FLOAT);
	assert_true(n->values[0].f == 1.5);
	n = lvm_cfg_get(r, "h");
	assert_int_equal(n->values[0].type, LVM_CFG_FLOAT);
	n = lvm_cfg_get(r, "i");
	assert_int_equal(lvm_cfg_array_len(n), 3);
	assert_int_equal(n->values[2].i, 3);
	n = lvm_cfg_get(r, "j");
	assert_true(n->is_array);
	assert_int_equal(lvm_cfg_array_len(n), 0);
	assert_int_equal(lvm_cfg_get_int(r, "j", &i, NULL), -1);
	assert_int_equal(lvm_cfg_get_int(r, "quoted key", &i, &n), 1);
	span_is(t, n->key_span, "'quoted key'");
	assert_int_equal(lvm_cfg_get_int(r, "k/l", &i, NULL), 1);
	assert_int_equal(i, 2);
	assert_int_equal(lvm_cfg_get_str(r, "n", &s, NULL), 1);
	assert_string_equal(s, "with # hash");
	lvm_cfg_free(c);

	/* duplicates are kept; lookups find the first (metadata reads use
	 * dm_config_parse_without_dup_node_check) */
	c = parse_ok("a = 1\na = 2\n", 12);
	assert_int_equal(lvm_cfg_get_int(lvm_cfg_root(c), "a", &i, NULL), 1);
	assert_int_equal(i, 1);
	assert_int_equal(c->n_nodes, 2);
	lvm_cfg_free(c);
	/* creation_time overflow is repaired as libdm does */
	c = parse_ok("creation_time = 99999999999999999999", 36);
	assert_int_equal(lvm_cfg_get_int(lvm_cfg_root(c), "creation_time", &i, NULL), 1);
	assert_int_equal(i, 1527120000);
	lvm_cfg_free(c);
	/* empty text */
	c = parse_ok("", 0);
	assert_null(lvm_cfg_child(lvm_cfg_root(c)));
	lvm_cfg_free(c);
}

static void syntax_errors(void **state)
{
	char *deep;
	size_t i, n = 100000;

	(void)state;
	parse_fails("vg {\nid = \"x\"\n", RL_E_CORRUPT, 3,
		    "metadata text line 3: section not closed: missing '}'");
	parse_fails("vg {\n}\n}\n", RL_E_CORRUPT, 7, "metadata text line 3: unexpected '}'");
	parse_fails("a = ", RL_E_CORRUPT, 4,
		    "metadata text line 1: unexpected end of text, expected a value");
	parse_fails("a = \"abc", RL_E_CORRUPT, 4, "metadata text line 1: unterminated string");
	parse_fails("a = 'abc", RL_E_CORRUPT, 4, "metadata text line 1: unterminated string");
	parse_fails("\"abc = 1", RL_E_CORRUPT, 0, "metadata text line 1: unterminated string");
	parse_fails("a 1", RL_E_CORRUPT, 2,
		    "metadata text line 1: unexpected token, expected '=' or '{'");
	parse_fails("a", RL_E_CORRUPT, 1,
		    "metadata text line 1: unexpected end of text, expected '=' or '{'");
	parse_fails("\n\n= 1", RL_E_CORRUPT, 2,
		    "metadata text line 3: unexpected token, expected a key");
	parse_fails("a = [1, 2", RL_E_CORRUPT, 9, NULL);
	/* without a comma a number is not a value any more (libdm too) */
	parse_fails("a = [1 2]", RL_E_CORRUPT, 7, "metadata text line 1: expected a value");
	parse_fails("a = [1,,2]", RL_E_CORRUPT, 7, "metadata text line 1: expected a value");
	parse_fails("a = [[1]]", RL_E_CORRUPT, 5, "metadata text line 1: expected a value");
	parse_fails("a = {", RL_E_CORRUPT, 4, "metadata text line 1: expected a value");
	parse_fails("\"\" = 1", RL_E_CORRUPT, 0, "metadata text line 1: empty key");
	parse_fails("a/b = 1", RL_E_UNSUPPORTED, 0,
		    "metadata text line 1: key \"a/b\" contains '/'");
	parse_fails("a = 99999999999999999999", RL_E_CORRUPT, 4,
		    "metadata text line 1: integer out of range");
	parse_fails("a = 1e", RL_E_CORRUPT, 6, NULL);
	/* bare words in arrays swallow the comma, as in libdm */
	parse_fails("s = [READ, WRITE]", RL_E_CORRUPT, 11, NULL);

	/* 64 levels are fine, 65 are not, 100000 do not blow the stack */
	deep = malloc(2 * n + 16);
	for (i = 0; i < 64; i++)
		memcpy(deep + 2 * i, "a{", 2);
	for (i = 0; i < 64; i++)
		deep[128 + i] = '}';
	deep[192] = '\0';
	lvm_cfg_free(parse_ok(deep, 192));
	for (i = 0; i < 65; i++)
		memcpy(deep + 2 * i, "a{", 2);
	for (i = 0; i < 65; i++)
		deep[130 + i] = '}';
	deep[195] = '\0';
	parse_fails(deep, RL_E_CORRUPT, 129, "metadata text line 1: sections nested too deep");
	for (i = 0; i < n; i++)
		memcpy(deep + 2 * i, "a{", 2);
	deep[2 * n] = '\0';
	parse_fails(deep, RL_E_CORRUPT, 129, NULL);
	free(deep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_metadata_tree),
		cmocka_unit_test(empty_edit_is_identity),
		cmocka_unit_test(edit_identity_in_place),
		cmocka_unit_test(edit_rules),
		cmocka_unit_test(escaping),
		cmocka_unit_test(tokens),
		cmocka_unit_test(syntax_errors),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
