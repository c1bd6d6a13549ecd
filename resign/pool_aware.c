#include "pool_aware.h"

#include <stdlib.h>
#include <string.h>

#include "attach_run.h"
#include "exitcodes.h"
#include "job.h"
#include "journal.h"
#include "journal_fmt.h"
#include "xe_query.h"
#include "xs_uuid.h"

/* The journal's devices as they are now, read by a job that writes nothing,
 * into *r: 0, or -1 if the journal cannot be read (*r then untouched). */
static int current(const char *journal, const char *journal_dir, const struct rl_sysfs *sys,
		   const char *tool, struct rl_job_result *r, int *code)
{
	struct rl_journal j;
	struct rl_err e;
	struct rl_job_opts jo;
	struct rl_wcount c;
	struct rl_job_verdict *v;
	const char **paths;
	uint32_t d;
	int rc = -1;

	memset(&j, 0, sizeof(j));
	if (rl_journal_load(journal, &j, &e) < 0)
		return -1;
	paths = calloc(j.plan.ndevs ? j.plan.ndevs : 1, sizeof(*paths));
	v = calloc(j.plan.ndevs ? j.plan.ndevs : 1, sizeof(*v));
	if (paths && v && j.plan.ndevs) {
		for (d = 0; d < j.plan.ndevs; d++) {
			paths[d] = j.plan.devs[d].path;
			v[d].found = 1;
			/* rolled forward: the LUN carries its own new identity */
			v[d].verdict = V_ORIGINAL;
			v[d].unique = 1;
			v[d].ev = EVM_NONE;
		}
		memset(&jo, 0, sizeof(jo));
		rl_wcount_init(&c, NULL);
		jo.dry_run = 1;
		jo.verify = 0;
		jo.journal_dir = journal_dir;
		jo.sys = sys;
		jo.tool = tool;
		jo.count = &c;
		*code = rl_job_run(paths, j.plan.ndevs, v, &jo, r);
		rc = 0;
	}
	free(paths);
	free(v);
	rl_journal_free(&j);
	return rc;
}

int rl_pool_guard_undo(const char *journal, const char *journal_dir, const struct rl_sysfs *sys,
		       const char *tool, FILE *err)
{
	char arg[64], buf[4096], *save = NULL, *p;
	char *known[] = { "xe", "sr-list", arg, "--minimal", NULL };
	char *pbds[] = { "xe", "pbd-list", arg, "params=uuid", "--minimal", NULL };
	struct rl_job_result r;
	const char *sr;
	int code = 0, rc;

	if (current(journal, journal_dir, sys, tool, &r, &code) < 0)
		return 0;
	sr = rl_job_result_new_sr(&r);
	if (!sr || !xs_uuid_valid(sr)) {
		rl_job_result_free(&r);
		return 0;
	}
	snprintf(arg, sizeof(arg), "uuid=%s", sr);
	rc = run_capture(known, buf, sizeof(buf));
	buf[strcspn(buf, "\r\n")] = '\0';
	if (rc != 0 && rc != 127)
		fprintf(err, "relun-resign: warning: could not ask the pool whether it knows SR %s "
			"(xe sr-list exit %d); make sure it is not attached before using the LUN\n",
			sr, rc);
	if (rc != 0 || !buf[0]) { /* no xe here (127), or the SR unknown to the pool */
		rl_job_result_free(&r);
		return 0;
	}
	fprintf(err, "relun-resign: the pool knows SR %s, which this undo would take away "
		"(the LUN goes back to the original's identity); nothing written.\n"
		"Detach it from the pool first, then run the undo again:\n", sr);
	snprintf(arg, sizeof(arg), "sr-uuid=%s", sr);
	if (run_capture(pbds, buf, sizeof(buf)) == 0) {
		buf[strcspn(buf, "\r\n")] = '\0';
		for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
			if (xs_uuid_valid(p))
				fprintf(err, "  xe pbd-unplug uuid=%s\n  xe pbd-destroy uuid=%s\n", p, p);
	}
	fprintf(err, "  xe sr-forget uuid=%s\n", sr);
	rl_job_result_free(&r);
	return RL_EXIT_BUSY;
}

int rl_recover_attach(const char *journal_dir, const struct rl_sysfs *sys, const char *xe_script,
		      const char *tool, struct rl_recover_outcome *out)
{
	struct rl_job_result r;
	const char *sr, *vg;
	int code = 0, read = current(out->journal, journal_dir, sys, tool, &r, &code);

	if (read < 0 || code) {
		out->note = "could not read the new identity back from the LUNs; no attach script";
		if (read == 0)
			rl_job_result_free(&r);
		return -1;
	}
	sr = rl_job_result_new_sr(&r);
	vg = rl_job_result_new_vg(&r);
	snprintf(out->sr_uuid, sizeof(out->sr_uuid), "%s", sr ? sr : "");
	snprintf(out->vg_name, sizeof(out->vg_name), "%s", vg ? vg : "");
	if (xe_script) {
		int codes[1] = { 0 };

		if (rl_attach_write_or_warn(xe_script, &r, codes, 1, tool) > 0)
			out->xe_script = xe_script;
	}
	rl_job_result_free(&r);
	return 0;
}
