/* The judge's rules (core/verdict.c): how one set of LUNs carrying a PV is
 * judged from the recorded evidence and --original/--keep, and when a VG
 * copy may be resigned.  Issue 11: the unique shortcut never resigns, a
 * named LUN never outranks the record, a mixed copy is refused. Also the
 * parent locator forms (lib/lvhd.c) the resign must rewrite. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "lvhd.h"
#include "verdict.h"

/* verdicts of a set as a string: o c d for original clone duplicate */
static const char *run(unsigned n, const char *ev, int named, enum named_kind kind,
		       struct set_out *out)
{
	static char buf[16];
	enum ev_match em[8];
	enum verdict v[8];
	struct set_in in;
	unsigned i;

	for (i = 0; i < n; i++)
		em[i] = ev[i] == 't' ? EVM_THIS : ev[i] == 'o' ? EVM_OTHER : EVM_NONE;
	in.n = n;
	in.ev = em;
	in.named = named;
	in.kind = kind;
	verdict_set(&in, v, out);
	for (i = 0; i < n; i++)
		buf[i] = v[i] == V_ORIGINAL ? 'o' : v[i] == V_CLONE ? 'c' : v[i] == V_DUPLICATE ? 'd' : '?';
	buf[n] = '\0';
	return buf;
}

static void set_evidence(void **state)
{
	struct set_out o;

	(void)state;
	/* the record names the second LUN */
	assert_string_equal(run(3, "oto", -1, NAMED_NONE, &o), "coc");
	assert_int_equal(o.c, SET_ONE);
	assert_int_equal(o.who, 1);
	assert_int_equal(o.conflict, 0);
	/* no record: duplicates */
	assert_string_equal(run(2, "nn", -1, NAMED_NONE, &o), "dd");
	assert_int_equal(o.c, SET_NONE);
	/* the record names none of them: the original is absent, duplicates
	 * (issue 11 case 6: never all clones) */
	assert_string_equal(run(2, "oo", -1, NAMED_NONE, &o), "dd");
	assert_int_equal(o.c, SET_ABSENT);
	/* it names several: duplicates */
	assert_string_equal(run(3, "tto", -1, NAMED_NONE, &o), "ddd");
	assert_int_equal(o.c, SET_MANY);
}

static void set_unique(void **state)
{
	struct set_out o;

	(void)state;
	/* a lone LUN is unique whatever the record says; the record is kept
	 * for the copy rule, and --original/--keep cannot make it a clone */
	assert_string_equal(run(1, "t", -1, NAMED_NONE, &o), "o");
	assert_int_equal(o.c, SET_UNIQUE);
	assert_string_equal(run(1, "o", -1, NAMED_NONE, &o), "o");
	assert_string_equal(run(1, "n", 0, NAMED_ORIGINAL, &o), "o");
	assert_int_equal(o.conflict, 0);
}

static void set_named(void **state)
{
	struct set_out o;

	(void)state;
	/* --original agreeing with the record, or without a record */
	assert_string_equal(run(2, "ot", 1, NAMED_ORIGINAL, &o), "co");
	assert_int_equal(o.conflict, 0);
	assert_string_equal(run(2, "nn", 0, NAMED_ORIGINAL, &o), "oc");
	assert_int_equal(o.c, SET_NAMED);
	/* --original naming the clone (issue 11 case 2): the record wins,
	 * and the conflict is reported */
	assert_string_equal(run(2, "ot", 0, NAMED_ORIGINAL, &o), "co");
	assert_int_equal(o.conflict, 1);
	assert_int_equal(o.who, 1);
	/* --keep naming the copy that stays when the original is absent */
	assert_string_equal(run(2, "oo", 0, NAMED_KEEP, &o), "oc");
	assert_int_equal(o.c, SET_NAMED);
	assert_int_equal(o.conflict, 0);
	/* --original there contradicts the record (it names a LUN elsewhere) */
	assert_string_equal(run(2, "oo", 0, NAMED_ORIGINAL, &o), "dd");
	assert_int_equal(o.conflict, 1);
	/* --keep naming a clone while the original is present */
	assert_string_equal(run(2, "to", 1, NAMED_KEEP, &o), "oc");
	assert_int_equal(o.conflict, 1);
	/* several matches: a named one among them decides */
	assert_string_equal(run(3, "tto", 1, NAMED_ORIGINAL, &o), "coc");
	assert_int_equal(o.conflict, 0);
	assert_string_equal(run(3, "tto", 2, NAMED_ORIGINAL, &o), "ddd");
	assert_int_equal(o.conflict, 1);
}

static enum copy_action copy(const char *spec, int force, char *why, size_t n)
{
	/* spec: per PV c clone, o original (not unique), u unique with the
	 * record naming it, e unique with the record naming another LUN,
	 * d duplicate, i interrupted */
	static const char *const paths[] = { "/dev/a", "/dev/b", "/dev/c" };
	struct pv_judged pv[3];
	unsigned i;

	for (i = 0; spec[i]; i++) {
		pv[i].path = paths[i];
		pv[i].found = 1;
		pv[i].unique = spec[i] == 'u' || spec[i] == 'e';
		pv[i].ev = spec[i] == 'e' ? EVM_OTHER : EVM_THIS;
		pv[i].reason = "r";
		switch (spec[i]) {
		case 'c': pv[i].verdict = V_CLONE; break;
		case 'd': pv[i].verdict = V_DUPLICATE; break;
		case 'i': pv[i].verdict = V_INTERRUPTED; break;
		default: pv[i].verdict = V_ORIGINAL; break;
		}
	}
	return verdict_copy(pv, i, force, why, n);
}

static void copy_rule(void **state)
{
	char why[600];

	(void)state;
	assert_int_equal(copy("cc", 0, why, sizeof(why)), COPY_RESIGN);
	assert_int_equal(copy("uu", 0, why, sizeof(why)), COPY_NOT_NEEDED);
	assert_int_equal(copy("u", 0, why, sizeof(why)), COPY_NOT_NEEDED);
	/* issue 11 case 8: clone PV1 + ORIGINAL PV2 (unique on the host) */
	assert_int_equal(copy("cu", 0, why, sizeof(why)), COPY_REFUSE);
	assert_string_equal(why, "not every PV of this VG copy is a clone: /dev/a clone (r); "
			    "/dev/b original (r). Only a copy whose every PV is a clone is "
			    "resigned; give the clone of each PV, or --force");
	assert_int_equal(copy("co", 0, why, sizeof(why)), COPY_REFUSE);
	assert_int_equal(copy("cd", 0, why, sizeof(why)), COPY_REFUSE);
	/* a lone PV whose record names a LUN elsewhere, beside a clone PV of
	 * the same copy: the copy is a copy */
	assert_int_equal(copy("ce", 0, why, sizeof(why)), COPY_RESIGN);
	/* ... but alone it is unique: nothing to resign */
	assert_int_equal(copy("e", 0, why, sizeof(why)), COPY_NOT_NEEDED);
	assert_int_equal(copy("o", 0, why, sizeof(why)), COPY_REFUSE);
	assert_string_equal(why, "/dev/a looks like the ORIGINAL, not a clone: r. Resign the "
			    "clone instead, or --force");
	assert_int_equal(copy("ci", 0, why, sizeof(why)), COPY_JOURNAL);
	assert_int_equal(copy("oi", 0, why, sizeof(why)), COPY_REFUSE);
	assert_int_equal(copy("cu", 1, why, sizeof(why)), COPY_RESIGN);
	assert_int_equal(copy("d", 1, why, sizeof(why)), COPY_RESIGN);
}

static void locator_forms(void **state)
{
	struct lvhd_loc l;
	char out[200];

	(void)state;
	assert_int_equal(lvhd_locator_parse("./VG_X--a-VHD--b", &l), 0);
	assert_int_equal(l.form, LVHD_LOC_REL);
	assert_string_equal(l.vg, "VG_X-a");
	assert_string_equal(l.lv, "VHD-b");
	assert_int_equal(lvhd_locator_parse("/dev/mapper/VG_X--a-VHD--b", &l), 0);
	assert_int_equal(l.form, LVHD_LOC_MAPPER);
	assert_int_equal(lvhd_locator_format(&l, "VG_Y-c", "VHD-d", out, sizeof(out)), 0);
	assert_string_equal(out, "/dev/mapper/VG_Y--c-VHD--d");
	assert_int_equal(lvhd_locator_parse("file:///dev/VG_X-a/VHD-b", &l), 0);
	assert_int_equal(l.form, LVHD_LOC_DEV);
	assert_int_equal(l.url, 1);
	assert_string_equal(l.vg, "VG_X-a");
	assert_string_equal(l.lv, "VHD-b");
	assert_int_equal(lvhd_locator_format(&l, "VG_Y-c", "VHD-d", out, sizeof(out)), 0);
	assert_string_equal(out, "file:///dev/VG_Y-c/VHD-d");
	assert_int_equal(lvhd_locator_parse("VG_X--a-VHD--b", &l), 0);
	assert_int_equal(l.form, LVHD_LOC_BARE);
	/* not a form relun can say what it points at */
	assert_int_equal(lvhd_locator_parse("../other/VHD-b", &l), -1);
	assert_int_equal(lvhd_locator_parse("/dev/VG_X-a/sub/VHD-b", &l), -1);
	assert_int_equal(lvhd_locator_parse("/dev/VG_X-a/", &l), -1);
	assert_int_equal(lvhd_locator_format(&l, "VG_Y-c", "VHD-d", out, 10), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_evidence),
		cmocka_unit_test(set_unique),
		cmocka_unit_test(set_named),
		cmocka_unit_test(copy_rule),
		cmocka_unit_test(locator_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
