/* The xe attach script: shell quoting (exact words), required keys per SR
 * type, the script's fixed lines, hostile labels only ever inside single
 * quotes, no CHAP value anywhere, and the display lines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xe_script.h"

#define SR "0b6b9a54-5e43-4c0e-8a8f-1c0a2a8a3f00"
#define OSR "11111111-2222-4333-8444-555555555555"

static void quote_words(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{ "", "''" },
		{ "plain", "'plain'" },
		{ "it's", "'it'\\''s'" },
		{ "'", "''\\'''" },
		{ "x'; rm -rf /; echo '", "'x'\\''; rm -rf /; echo '\\'''" },
		{ "$(reboot)", "'$(reboot)'" },
		{ "`id` \\n \"q\"", "'`id` \\n \"q\"'" },
		{ "a\nb", "'a\nb'" },
		{ "caf\xc3\xa9 \xe2\x98\x83", "'caf\xc3\xa9 \xe2\x98\x83'" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *q = rl_sh_quote(v[i].in);

		assert_string_equal(q, v[i].out);
		free(q);
	}
}

static void base_input(struct rl_xe_input *in)
{
	memset(in, 0, sizeof(*in));
	in->type = RL_SR_LVMOISCSI;
	in->target = "10.0.0.5";
	in->port = "3260";
	in->target_iqn = "iqn.2001-05.com.example:lun'7";
	in->scsi_id = "36001405abcdef";
	in->sr_uuid = SR;
	in->orig_sr_uuid = OSR;
	in->name_label = "x'; rm -rf /; echo '";
	in->name_description = "$(reboot)";
	in->generator = "relun-resign test";
}

static char *script(const struct rl_xe_input *in)
{
	struct rl_err e;
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_int_equal(rl_xe_script_write(f, in, &e), 0);
	fclose(f);
	return buf;
}

static void input_checks(void **state)
{
	struct rl_xe_input in;
	struct rl_err e;

	(void)state;
	base_input(&in);
	assert_int_equal(rl_xe_input_check(&in, &e), 0);
	in.sr_uuid = "0B6B9A54-5E43-4C0E-8A8F-1C0A2A8A3F00";
	assert_int_equal(rl_xe_input_check(&in, &e), -1);
	assert_string_equal(e.msg, "xe script: SR uuid \"0B6B9A54-5E43-4C0E-8A8F-1C0A2A8A3F00\" is "
			    "not a canonical uuid");
	base_input(&in);
	in.target_iqn = "";
	assert_int_equal(rl_xe_input_check(&in, &e), -1);
	assert_string_equal(e.msg, "xe script: lvmoiscsi needs target, targetIQN and SCSIid");
	in.type = RL_SR_LVMOHBA;
	assert_int_equal(rl_xe_input_check(&in, &e), 0);
	in.type = RL_SR_LVM;
	assert_int_equal(rl_xe_input_check(&in, &e), -1);
	in.device = "/dev/sdb";
	assert_int_equal(rl_xe_input_check(&in, &e), 0);
}

static void script_shape(void **state)
{
	struct rl_xe_input in;
	char *s;

	(void)state;
	base_input(&in);
	s = script(&in);
	assert_memory_equal(s, "#!/bin/bash\n", 12);
	assert_non_null(strstr(s, "\nset -euo pipefail\n"));
	assert_non_null(strstr(s, "\nSR_UUID='" SR "'\n"));
	assert_non_null(strstr(s, "\nSR_TYPE='lvmoiscsi'\n"));
	assert_non_null(strstr(s, "\nNAME_LABEL='x'\\''; rm -rf /; echo '\\'''\n"));
	assert_non_null(strstr(s, "\nNAME_DESCRIPTION='$(reboot)'\n"));
	assert_non_null(strstr(s, "\nSHARED='true'\n"));
	assert_non_null(strstr(s, "\nORIGINAL_SR_UUID='" OSR "'\n"));
	assert_non_null(strstr(s, "DC=(\n\t'device-config:target=10.0.0.5'\n\t'device-config:port=3260'\n"
				  "\t'device-config:targetIQN=iqn.2001-05.com.example:lun'\\''7'\n"
				  "\t'device-config:SCSIid=36001405abcdef'\n)\n"));
	assert_non_null(strstr(s, "xe sr-introduce uuid=\"$SR_UUID\" type=\"$SR_TYPE\" "
				  "name-label=\"$NAME_LABEL\" name-description=\"$NAME_DESCRIPTION\" "
				  "shared=\"$SHARED\" content-type=user"));
	assert_non_null(strstr(s, "param-key=\"$key\""));
	/* the label appears once, inside its assignment; no CHAP value at all */
	assert_null(strstr(strchr(strstr(s, "NAME_LABEL='"), '\n'), "rm -rf"));
	assert_ptr_equal(strstr(s, "rm -rf"), strstr(s, "NAME_LABEL='") + 19);
	assert_null(strstr(s, "chap-user"));
	assert_null(strstr(s, "VDI_MAP"));
	free(s);
}

static void local_and_hba(void **state)
{
	struct rl_xe_input in;
	char *s;

	(void)state;
	base_input(&in);
	in.type = RL_SR_LVM;
	in.device = "/dev/disk/by-id/scsi-36001405abcdef";
	in.name_label = "Local storage";
	s = script(&in);
	assert_non_null(strstr(s, "\nSHARED='false'\n"));
	assert_non_null(strstr(s, "DC=(\n\t'device-config:device=/dev/disk/by-id/scsi-36001405abcdef'\n)\n"));
	assert_non_null(strstr(s, "/etc/xensource-inventory"));
	assert_null(strstr(s, "host-list"));
	assert_null(strstr(s, "ORIGINAL_SR_UUID"));
	free(s);
	in.type = RL_SR_LVMOHBA;
	s = script(&in);
	assert_non_null(strstr(s, "DC=(\n\t'device-config:SCSIid=36001405abcdef'\n)\n"));
	assert_non_null(strstr(s, "xe host-list params=uuid --minimal"));
	assert_null(strstr(s, "chappassword"));
	free(s);
}

static void pool_metadata_hints(void **state)
{
	struct rl_xe_input in;
	struct rl_vdi_pair m[2] = {
		{ "aaaaaaaa-1111-4111-8111-111111111111", "bbbbbbbb-2222-4222-8222-222222222222" },
		{ "cccccccc-3333-4333-8333-333333333333", "dddddddd-4444-4444-8444-444444444444" },
	};
	char **lines;
	size_t n;
	struct rl_err e;
	char *s;

	(void)state;
	base_input(&in);
	in.vdis = m;
	in.n_vdis = 2;
	in.pool_metadata = 1;
	s = script(&in);
	assert_non_null(strstr(s, "VDI_MAP=(\n\t'vdi:aaaaaaaa-1111-4111-8111-111111111111="
				  "bbbbbbbb-2222-4222-8222-222222222222'\n\t'vdi:cccccccc-3333-4333-"
				  "8333-333333333333=dddddddd-4444-4444-8444-444444444444'\n)\n"));
	free(s);
	assert_int_equal(rl_xe_lines(&in, &lines, &n, &e), 0);
	assert_int_equal(n, 6);
	assert_string_equal(lines[0], "xe sr-probe type=lvmoiscsi 'device-config:target=10.0.0.5' "
			    "'device-config:port=3260' 'device-config:targetIQN=iqn.2001-05.com."
			    "example:lun'\\''7' 'device-config:SCSIid=36001405abcdef' [CHAP keys]");
	assert_string_equal(lines[1], "xe sr-introduce uuid='" SR "' type=lvmoiscsi name-label='x'\\''; "
			    "rm -rf /; echo '\\''' name-description='$(reboot)' shared=true "
			    "content-type=user");
	assert_string_equal(lines[2], "xe pbd-create host-uuid=<each host, pool master first> "
			    "sr-uuid='" SR "' 'device-config:target=10.0.0.5' 'device-config:port=3260' "
			    "'device-config:targetIQN=iqn.2001-05.com.example:lun'\\''7' "
			    "'device-config:SCSIid=36001405abcdef' [CHAP keys]");
	assert_string_equal(lines[3], "xe pbd-plug uuid=<each PBD created>");
	assert_string_equal(lines[4], "xe sr-scan uuid='" SR "'");
	assert_string_equal(lines[5], "xe vm-import filename=<VM metadata export> metadata=true "
			    "dry-run=true vdi:aaaaaaaa-1111-4111-8111-111111111111=bbbbbbbb-2222-4222-"
			    "8222-222222222222 vdi:cccccccc-3333-4333-8333-333333333333=dddddddd-4444-"
			    "4444-8444-444444444444");
	rl_xe_lines_free(lines, n);
	/* metadata VDI without a map: a note, no VDI_MAP array */
	in.n_vdis = 0;
	s = script(&in);
	assert_null(strstr(s, "VDI_MAP"));
	assert_non_null(strstr(s, "VDI uuids unchanged"));
	free(s);
}

static void newline_label_in_comment_is_flattened(void **state)
{
	struct rl_xe_input in;
	char *s;

	(void)state;
	base_input(&in);
	in.generator = "gen\nrm -rf /";
	s = script(&in);
	assert_non_null(strstr(s, "# Written by gen rm -rf /\n"));
	free(s);
}

/* Read one argument fakexe recorded: call n, argument i. */
static char *arg_of(const char *dir, int n, int i, size_t *len)
{
	char p[512], *buf;
	FILE *f;

	snprintf(p, sizeof(p), "%s/log.d/%d.%d", dir, n, i);
	f = fopen(p, "rb");
	if (!f)
		return NULL;
	buf = calloc(1, 4096);
	*len = fread(buf, 1, 4095, f);
	fclose(f);
	return buf;
}

/* Find the call whose subcommand is sub (the k-th such call, from 0). */
static int find_call(const char *dir, const char *sub, int k)
{
	int n;
	size_t len;

	for (n = 1; n < 100; n++) {
		char *a = arg_of(dir, n, 0, &len);

		if (!a)
			return -1;
		if (!strcmp(a, sub) && k-- == 0) {
			free(a);
			return n;
		}
		free(a);
	}
	return -1;
}

static void assert_arg(const char *dir, int n, int i, const char *want)
{
	size_t len;
	char *a = arg_of(dir, n, i, &len);

	assert_non_null(a);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(a, want, len);
	free(a);
}

/* Run the script against tests/fixtures/fakexe (first on PATH as "xe"):
 * hostile labels reach xe as one argument each, byte for byte; the master
 * gets its PBD first; CHAP values travel as arguments but are never
 * printed. */
static void runs_with_fakexe(void **state)
{
	static const char *labels[] = {
		"x'; rm -rf /; echo '", "$(reboot)", "two\nlines `id` \\ \"q\" caf\xc3\xa9",
	};
	char dir[] = "/tmp/relun-xetest.XXXXXX", path[600], cmd[2048], cwd[400];
	struct rl_xe_input in;
	struct rl_err e;
	size_t k;

	(void)state;
	if (!getcwd(cwd, sizeof(cwd)))
		fail();
	snprintf(path, sizeof(path), "%s/tests/fixtures/fakexe", cwd);
	/* run from the top of the tree, as tests/run-tests does */
	if (access(path, X_OK))
		fail_msg("%s is not executable: run from the top of the tree", path);
	for (k = 0; k < sizeof(labels) / sizeof(labels[0]); k++) {
		FILE *f;
		int n, rc;

		strcpy(dir, "/tmp/relun-xetest.XXXXXX");
		assert_non_null(mkdtemp(dir));
		snprintf(cmd, sizeof(cmd), "mkdir %s/bin && ln -s %s/tests/fixtures/fakexe %s/bin/xe",
			 dir, cwd, dir);
		assert_int_equal(system(cmd), 0);
		base_input(&in);
		in.name_label = labels[k];
		snprintf(path, sizeof(path), "%s/attach.sh", dir);
		f = fopen(path, "w");
		assert_int_equal(rl_xe_script_write(f, &in, &e), 0);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "bash -n %s", path);
		assert_int_equal(system(cmd), 0);
		snprintf(cmd, sizeof(cmd),
			 "cd %s && PATH=%s/bin:$PATH FAKEXE_LOG=%s/log FAKEXE_PROBE_UUID=%s "
			 "FAKEXE_ORIG_PBD=ffffffff-0000-4000-8000-00000000000f bash %s >%s/out 2>&1",
			 dir, dir, dir, SR, path, dir);
		rc = system(cmd);
		assert_int_equal(rc, 0);
		n = find_call(dir, "sr-introduce", 0);
		assert_true(n > 0);
		assert_arg(dir, n, 1, "uuid=" SR);
		assert_arg(dir, n, 2, "type=lvmoiscsi");
		{
			char want[300];

			snprintf(want, sizeof(want), "name-label=%s", labels[k]);
			assert_arg(dir, n, 3, want);
		}
		assert_arg(dir, n, 4, "name-description=$(reboot)");
		assert_arg(dir, n, 5, "shared=true");
		assert_arg(dir, n, 6, "content-type=user");
		/* PBDs: master first, then the other two hosts */
		n = find_call(dir, "pbd-create", 0);
		assert_arg(dir, n, 1, "host-uuid=aaaaaaaa-0000-4000-8000-000000000001");
		assert_arg(dir, n, 5, "device-config:targetIQN=iqn.2001-05.com.example:lun'7");
		assert_arg(dir, n, 7, "device-config:chapuser=chap-user-1");
		assert_arg(dir, n, 8, "device-config:chappassword_secret=eeeeeeee-0000-4000-8000-00000000000e");
		n = find_call(dir, "pbd-create", 1);
		assert_arg(dir, n, 1, "host-uuid=bbbbbbbb-0000-4000-8000-000000000002");
		n = find_call(dir, "pbd-create", 2);
		assert_arg(dir, n, 1, "host-uuid=cccccccc-0000-4000-8000-000000000003");
		assert_true(find_call(dir, "pbd-plug", 2) > 0);
		assert_true(find_call(dir, "sr-scan", 0) > find_call(dir, "pbd-plug", 2));
		/* nothing printed carries a CHAP value */
		snprintf(cmd, sizeof(cmd), "! grep -q -e chap-user-1 -e eeeeeeee %s/out", dir);
		assert_int_equal(system(cmd), 0);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		assert_int_equal(system(cmd), 0);
	}
}

static void stops_when_sr_known_or_probe_misses(void **state)
{
	char dir[] = "/tmp/relun-xetest.XXXXXX", path[600], cmd[2048], cwd[400];
	struct rl_xe_input in;
	struct rl_err e;
	FILE *f;

	(void)state;
	if (!getcwd(cwd, sizeof(cwd)))
		fail();
	snprintf(path, sizeof(path), "%s/tests/fixtures/fakexe", cwd);
	/* run from the top of the tree, as tests/run-tests does */
	if (access(path, X_OK))
		fail_msg("%s is not executable: run from the top of the tree", path);
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "mkdir %s/bin && ln -s %s/tests/fixtures/fakexe %s/bin/xe", dir,
		 cwd, dir);
	assert_int_equal(system(cmd), 0);
	base_input(&in);
	snprintf(path, sizeof(path), "%s/attach.sh", dir);
	f = fopen(path, "w");
	assert_int_equal(rl_xe_script_write(f, &in, &e), 0);
	fclose(f);
	/* probe shows another SR: stop before sr-introduce */
	snprintf(cmd, sizeof(cmd), "PATH=%s/bin:$PATH FAKEXE_LOG=%s/log FAKEXE_PROBE_UUID=%s "
		 "bash %s >%s/out 2>&1", dir, dir, OSR, path, dir);
	assert_int_not_equal(system(cmd), 0);
	assert_int_equal(find_call(dir, "sr-introduce", 0), -1);
	snprintf(cmd, sizeof(cmd), "grep -q 'sr-probe does not show SR %s' %s/out", SR, dir);
	assert_int_equal(system(cmd), 0);
	/* SR already known: stop before sr-probe */
	snprintf(cmd, sizeof(cmd), "rm -rf %s/log %s/log.d; PATH=%s/bin:$PATH FAKEXE_LOG=%s/log "
		 "FAKEXE_SR_EXISTS=1 FAKEXE_PROBE_UUID=%s bash %s >%s/out 2>&1", dir, dir, dir, dir,
		 SR, path, dir);
	assert_int_not_equal(system(cmd), 0);
	assert_int_equal(find_call(dir, "sr-probe", 0), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quote_words),
		cmocka_unit_test(input_checks),
		cmocka_unit_test(script_shape),
		cmocka_unit_test(local_and_hba),
		cmocka_unit_test(pool_metadata_hints),
		cmocka_unit_test(newline_label_in_comment_is_flattened),
		cmocka_unit_test(runs_with_fakexe),
		cmocka_unit_test(stops_when_sr_known_or_probe_misses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
