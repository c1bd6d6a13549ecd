/* ALUA/RDAC decoders: REPORT TARGET PORT GROUPS, the path's group from page
 * 0x83, RDAC page C9h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "alua.h"

static void tpgs(void **state)
{
	static const uint8_t lio[8] = { 0, 0, 6, 2, 31, 0x30, 0, 0 };
	static const uint8_t qemu[8] = { 0, 0, 5, 2, 31, 0x00, 0, 0 };
	static const uint8_t impl[8] = { 0, 0, 5, 2, 31, 0x10, 0, 0 };

	(void)state;
	assert_int_equal(alua_tpgs(lio, sizeof(lio)), 3);
	assert_string_equal(alua_tpgs_name(alua_tpgs(lio, sizeof(lio))), "implicit+explicit");
	assert_int_equal(alua_tpgs(qemu, sizeof(qemu)), 0);
	assert_string_equal(alua_tpgs_name(0), "none");
	assert_string_equal(alua_tpgs_name(alua_tpgs(impl, sizeof(impl))), "implicit");
	assert_string_equal(alua_tpgs_name(2), "explicit");
	assert_int_equal(alua_tpgs(lio, 5), 0);
	assert_string_equal(alua_state_name(0), "active/optimized");
	assert_string_equal(alua_state_name(1), "active/non-optimized");
	assert_string_equal(alua_state_name(2), "standby");
	assert_string_equal(alua_state_name(3), "unavailable");
	assert_string_equal(alua_state_name(4), "lba-dependent");
	assert_string_equal(alua_state_name(0xe), "offline");
	assert_string_equal(alua_state_name(0xf), "transitioning");
	assert_string_equal(alua_state_name(7), "reserved");
}

static void rtpg_lio(void **state)
{
	/* LIO default_tg_pt_gp: group 0 active/optimized, T O U S AN AO
	 * supported, implicit status, relative port 1 */
	static const uint8_t b[] = {
		0x00, 0x00, 0x00, 0x0c,
		0x00, 0xcf, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	};
	struct alua_rtpg r;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(alua_parse_rtpg(b, sizeof(b), 0, &r, &e), 0);
	assert_int_equal(r.n_groups, 1);
	assert_false(r.extended);
	assert_false(r.truncated);
	assert_int_equal(r.groups[0].id, 0);
	assert_int_equal(r.groups[0].aas, 0);
	assert_false(r.groups[0].pref);
	assert_int_equal(r.groups[0].supported, 0xcf);
	assert_int_equal(r.groups[0].status, 2);
	assert_int_equal(r.groups[0].n_ports, 1);
	assert_int_equal(r.groups[0].ports[0], 1);
	assert_ptr_equal(alua_group_of_port(&r, 1), &r.groups[0]);
	assert_null(alua_group_of_port(&r, 2));
}

static void rtpg_two_groups(void **state)
{
	static const uint8_t b[] = {
		0x00, 0x00, 0x00, 0x20,
		0x80, 0x8f, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
		0x01, 0x8f, 0x00, 0x02, 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04,
	};
	struct alua_rtpg r;
	struct rl_err e;
	const struct alua_group *g;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(alua_parse_rtpg(b, sizeof(b), 0, &r, &e), 0);
	assert_int_equal(r.n_groups, 2);
	assert_true(r.groups[0].pref);
	assert_string_equal(alua_state_name(r.groups[0].aas), "active/optimized");
	assert_int_equal(r.groups[0].vendor, 1);
	g = alua_group_of_port(&r, 4);
	assert_non_null(g);
	assert_int_equal(g->id, 2);
	assert_false(g->pref);
	assert_string_equal(alua_state_name(g->aas), "active/non-optimized");
	assert_int_equal(g->status, 1);
	assert_ptr_equal(alua_group_by_id(&r, 1), &r.groups[0]);
	assert_null(alua_group_by_id(&r, 3));

	/* the same cut after the first group: decoded as far as it goes */
	assert_int_equal(alua_parse_rtpg(b, 20, 0, &r, &e), 0);
	assert_int_equal(r.n_groups, 1);
	assert_true(r.truncated);
}

static void rtpg_extended_and_bad(void **state)
{
	static const uint8_t ext[] = {
		0x00, 0x00, 0x00, 0x10, 0x10, 0x3c, 0x00, 0x00,
		0x02, 0x0f, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07,
	};
	/* a group claiming 5 ports in a 12-byte answer */
	static const uint8_t over[] = {
		0x00, 0x00, 0x00, 0x0c,
		0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01,
	};
	struct alua_rtpg r;
	struct rl_err e;
	char buf[600];

	(void)state;
	rl_err_init(&e, "sdb");
	assert_int_equal(alua_parse_rtpg(ext, sizeof(ext), 1, &r, &e), 0);
	assert_true(r.extended);
	assert_int_equal(r.transition_time, 60);
	assert_int_equal(r.n_groups, 1);
	assert_int_equal(r.groups[0].id, 5);
	assert_string_equal(alua_state_name(r.groups[0].aas), "standby");
	assert_int_equal(r.groups[0].ports[0], 7);

	assert_int_equal(alua_parse_rtpg(over, sizeof(over), 0, &r, &e), -1);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "sdb: offset 4 (0x4): target port group descriptor with 5 ports overruns the 16-byte response");
	assert_int_equal(alua_parse_rtpg(over, 3, 0, &r, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
}

static void port_from_vpd83(void **state)
{
	/* scsi_debug: T10, NAA LU, relative port 1, NAA port, TPG 0x100 */
	static const uint8_t sdeb[] = {
		0x00, 0x83, 0x00, 0x30,
		0x02, 0x01, 0x00, 0x04, 'L', 'i', 'n', 'x',
		0x01, 0x03, 0x00, 0x08, 0x33, 0x33, 0x33, 0x30, 0x00, 0x00, 0x07, 0xd0,
		0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
		0x61, 0x93, 0x00, 0x08, 0x32, 0x22, 0x22, 0x20, 0x00, 0x00, 0x07, 0xce,
		0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00,
		0x01, 0x15, 0x00, 0x04, 0x00, 0x00, 0x00, 0x09,	/* beyond the length: ignored */
	};
	int tpg, rel;

	(void)state;
	alua_port_from_vpd83(sdeb, sizeof(sdeb), &tpg, &rel);
	assert_int_equal(tpg, 0x100);
	assert_int_equal(rel, 1);
	/* a descriptor running past the bytes given stops the walk */
	alua_port_from_vpd83(sdeb, 50, &tpg, &rel);
	assert_int_equal(tpg, -1);
	assert_int_equal(rel, 1);
	alua_port_from_vpd83(sdeb, 3, &tpg, &rel);
	assert_int_equal(tpg, -1);
	assert_int_equal(rel, -1);
}

static void rdac_c9(void **state)
{
	uint8_t b[48];
	struct alua_rdac r;

	(void)state;
	memset(b, 0, sizeof(b));
	b[1] = 0xc9;
	b[3] = 44;
	memcpy(b + 4, "vac1", 4);

	b[8] = 0x01;	/* RDAC mode, owned */
	b[9] = 0x01;	/* preferred */
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), 0);
	assert_string_equal(r.mode, "RDAC");
	assert_true(r.owned);
	assert_true(r.preferred);
	assert_string_equal(r.access, "active/optimized");

	b[8] = 0x00;	/* RDAC mode, not owned: passive */
	b[9] = 0x00;
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), 0);
	assert_false(r.owned);
	assert_false(r.preferred);
	assert_string_equal(r.access, "standby");

	b[8] = 0x80;	/* AVT, not owned */
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), 0);
	assert_string_equal(r.mode, "AVT");
	assert_string_equal(r.access, "active/non-optimized");

	b[8] = 0xe1;	/* IOSHIP wins over AVT; owned */
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), 0);
	assert_string_equal(r.mode, "IOSHIP");
	assert_true(r.owned);

	memcpy(b + 4, "edid", 4);
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), -1);
	assert_false(r.valid);
	memcpy(b + 4, "vac1", 4);
	b[1] = 0xc8;
	assert_int_equal(alua_parse_rdac_c9(b, sizeof(b), &r), -1);
	b[1] = 0xc9;
	assert_int_equal(alua_parse_rdac_c9(b, 9, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tpgs),
		cmocka_unit_test(rtpg_lio),
		cmocka_unit_test(rtpg_two_groups),
		cmocka_unit_test(rtpg_extended_and_bad),
		cmocka_unit_test(port_from_vpd83),
		cmocka_unit_test(rdac_c9),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
