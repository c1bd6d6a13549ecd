/* libFuzzer harness for the xe attach script writer (resign/xe_script.c).
 * The input is the values read from a disk or a device: SR name label,
 * description, and the device-config values (target, targetIQN, SCSIid or
 * device), '\0'-separated, any other bytes; the first byte picks the SR type.
 *
 * Every input: each value, single-quoted by rl_sh_quote, unquotes (as a
 * shell reads '...' and \') to the value itself, and the script is written.
 * Then, for one input in 64 by a hash of the input while fuzzing (every
 * input when replaying a corpus with -runs=0, as `make check` does, or with
 * FUZZ_XE_ALL=1), the script is checked by bash itself: `bash -n` accepts
 * it, and run against tests/fixtures/fakexe (first on PATH as `xe`, or
 * FUZZ_FAKEXE) it ends well and each value reaches xe as ONE argument, byte
 * for byte: name-label= and name-description= of sr-introduce, the
 * device-config: arguments of sr-probe.  Run from the top of the tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xe_script.h"

#define SR "0b6b9a54-5e43-4c0e-8a8f-1c0a2a8a3f00"

static char dir[64];
static unsigned bash_every = 64; /* a script run with fakexe costs about 50 ms */

#define FAIL(...)                                               \
	do {                                                    \
		fprintf(stderr, "fuzz_xe_script: " __VA_ARGS__); \
		fputc('\n', stderr);                            \
		abort();                                        \
	} while (0)

/* The scratch directory goes at a clean exit; after a failure it stays,
 * with the script and fakexe's log, for a look. */
static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "fuzz_xe_script: could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *fx = getenv("FUZZ_FAKEXE");
	char cmd[600], abs[512];
	int i;

	for (i = 1; i < *argc; i++)
		if (!strcmp((*argv)[i], "-runs=0"))
			bash_every = 1;
	if (getenv("FUZZ_XE_ALL"))
		bash_every = 1;
	if (!fx)
		fx = "tests/fixtures/fakexe";
	if (!realpath(fx, abs) || access(abs, X_OK)) {
		fprintf(stderr, "fuzz_xe_script: no fake xe at %s (run from the top of the tree "
				"or set FUZZ_FAKEXE)\n", fx);
		exit(1);
	}
	snprintf(dir, sizeof(dir), "/tmp/fuzz_xe_script.%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf %s && mkdir -p %s/bin && ln -s '%s' %s/bin/xe", dir, dir,
		 abs, dir);
	if (system(cmd))
		exit(1);
	atexit(cleanup);
	return 0;
}

/* What a shell makes of a word of '...' parts joined by \' (rl_sh_quote's
 * form); NULL when the word has another shape. */
static char *unquote(const char *w)
{
	char *out = malloc(strlen(w) + 1), *o = out;

	if (!out)
		abort();
	while (*w) {
		if (*w == '\'') {
			const char *end = strchr(w + 1, '\'');

			if (!end)
				goto bad;
			memcpy(o, w + 1, (size_t)(end - w - 1));
			o += end - w - 1;
			w = end + 1;
		} else if (w[0] == '\\' && w[1] == '\'') {
			*o++ = '\'';
			w += 2;
		} else {
			goto bad;
		}
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char tmp[4096];
	size_t n;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -1;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0) {
		char *nb = realloc(*buf, *len + n + 1);

		if (!nb)
			abort();
		*buf = nb;
		memcpy(*buf + *len, tmp, n);
		*len += n;
	}
	fclose(f);
	if (!*buf && !(*buf = malloc(1)))
		abort();
	(*buf)[*len] = '\0';
	return 0;
}

/* The call number of the first xe call with this subcommand, or 0. */
static unsigned find_call(const char *sub)
{
	unsigned c;
	char p[128], *b;
	size_t l;

	for (c = 1; c < 100; c++) {
		snprintf(p, sizeof(p), "%s/log.d/%u.0", dir, c);
		if (read_file(p, &b, &l))
			return 0;
		if (!strcmp(b, sub)) {
			free(b);
			return c;
		}
		free(b);
	}
	return 0;
}

/* Argument `key` + value must be one argument of call c, byte for byte. */
static void want_arg(unsigned c, const char *sub, const char *key, const char *val)
{
	char p[128], *b, *want;
	size_t l, wl = strlen(key) + strlen(val);
	unsigned i;

	if (!(want = malloc(wl + 1)))
		abort();
	snprintf(want, wl + 1, "%s%s", key, val);
	for (i = 1; i < 32; i++) {
		snprintf(p, sizeof(p), "%s/log.d/%u.%u", dir, c, i);
		if (read_file(p, &b, &l))
			break;
		if (l == wl && !memcmp(b, want, wl)) {
			free(b);
			free(want);
			return;
		}
		free(b);
	}
	FAIL("xe %s: no argument is exactly %s<the value> (value %zu bytes)", sub, key, strlen(val));
}

static void run_bash(const char *script, size_t len, const struct rl_xe_input *in)
{
	char path[128], cmd[1024];
	unsigned c;
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/attach.sh", dir);
	f = fopen(path, "wb");
	if (!f || fwrite(script, 1, len, f) != len || fclose(f))
		FAIL("cannot write %s", path);
	snprintf(cmd, sizeof(cmd), "bash -n %s/attach.sh 2>%s/n.err", dir, dir);
	if (system(cmd))
		FAIL("bash -n rejects the script (%s/n.err)", dir);
	snprintf(cmd, sizeof(cmd),
		 "rm -rf %s/log %s/log.d %s/log.state && PATH=%s/bin:$PATH FAKEXE_LOG=%s/log "
		 "RELUN_HOST_UUID=11111111-2222-4333-8444-555555555555 FAKEXE_PROBE_UUID=%s bash %s/attach.sh >%s/run.out 2>&1 </dev/null",
		 dir, dir, dir, dir, dir, SR, dir, dir);
	r = system(cmd);
	if (r)
		FAIL("the script fails against fakexe (status %d, %s/run.out)", r, dir);
	if (!(c = find_call("sr-introduce")))
		FAIL("the script never called xe sr-introduce");
	want_arg(c, "sr-introduce", "name-label=", in->name_label);
	want_arg(c, "sr-introduce", "name-description=", in->name_description);
	if (!(c = find_call("sr-probe")))
		FAIL("the script never called xe sr-probe");
	if (in->type == RL_SR_LVMOISCSI) {
		want_arg(c, "sr-probe", "device-config:target=", in->target);
		want_arg(c, "sr-probe", "device-config:targetIQN=", in->target_iqn);
	}
	if (in->type != RL_SR_LVM)
		want_arg(c, "sr-probe", "device-config:SCSIid=", in->scsi_id);
	else
		want_arg(c, "sr-probe", "device-config:device=", in->device);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char *buf, *field[5], *script = NULL;
	const char *vals[5];
	struct rl_xe_input in;
	struct rl_err e;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t len = 0, i;
	unsigned k, nf = 0;
	FILE *f;

	if (n < 1 || n > 4096)
		return 0;
	for (i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ULL;
	buf = malloc(n);
	if (!buf)
		return 0;
	memcpy(buf, d + 1, n - 1);
	buf[n - 1] = '\0';
	for (k = 0; k < 5; k++)
		field[k] = NULL;
	for (i = 0; i < n - 1 && nf < 5; nf++) {
		field[nf] = buf + i;
		i += strlen(buf + i) + 1;
	}
	for (k = 0; k < 5; k++)
		vals[k] = field[k] && *field[k] ? field[k] : (k ? "x" : "");
	memset(&in, 0, sizeof(in));
	in.type = (enum rl_sr_type)(d[0] % 3);
	in.name_label = vals[0];
	in.name_description = vals[1];
	in.target = vals[2];
	in.target_iqn = vals[3];
	in.scsi_id = vals[4];
	in.device = vals[2];
	in.sr_uuid = SR;
	in.generator = "fuzz_xe_script";
	for (k = 0; k < 5; k++) {
		char *q = rl_sh_quote(vals[k]), *u;

		if (!q)
			abort();
		u = unquote(q);
		if (!u || strcmp(u, vals[k]))
			FAIL("rl_sh_quote(%zu bytes) does not unquote to itself: %s", strlen(vals[k]), q);
		free(u);
		free(q);
	}
	rl_err_init(&e, "fuzz");
	f = open_memstream(&script, &len);
	if (!f)
		abort();
	if (rl_xe_input_check(&in, &e) == 0) {
		if (rl_xe_script_write(f, &in, &e) < 0)
			FAIL("a checked input gives no script: %s", e.msg);
		fclose(f);
		f = NULL;
		if (h % bash_every == 0)
			run_bash(script, len, &in);
	}
	if (f)
		fclose(f);
	free(script);
	free(buf);
	return 0;
}
