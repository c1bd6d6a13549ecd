#include "report.h"

#include <json.h>
#include <string.h>

#include "config.h"
#include "exitcodes.h"
#include "report_table.h"
#include "rl_json.h"
#include "summary.h"

/* Labels come from disk: show control characters escaped, one line. */
static void put_safe(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void put_pair(FILE *f, const char *what, const struct rl_idpair *p, const char *extra)
{
	fprintf(f, "  %-11s %s -> %s", what, p->old_v, p->new_v);
	if (extra && *extra)
		fprintf(f, "  (%s)", extra);
	fputc('\n', f);
}

static void put_pairs(FILE *f, const char *what, const struct rl_idpair *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_pair(f, what, &v[i], v[i].device);
}

void rl_report_job_text(const struct rl_job_result *r, FILE *f)
{
	size_t i;

	for (i = 0; i < r->n_devices; i++)
		fprintf(f, "%s%s", i ? " " : "", r->devices[i]);
	fprintf(f, ": %s: ", rl_job_status_name(r->status));
	put_safe(f, r->message);
	fputc('\n', f);
	if (r->has_ids)
		fprintf(f, "  %-11s %s\n", "scope", r->scope);
	if (rl_job_result_new_sr(r))
		put_pair(f, "SR uuid", &r->sr_uuid, NULL);
	if (rl_job_result_new_vg(r))
		put_pair(f, "VG name", &r->vg_name, NULL);
	if (r->has_ids) {
		put_pair(f, "VG uuid", &r->vg_uuid, NULL);
		put_pairs(f, "PV uuid", r->pvs, r->n_pvs);
		put_pairs(f, "VDI uuid", r->vdis, r->n_vdis);
		put_pairs(f, "LV name", r->lv_names, r->n_lv_names);
		if (r->is_sr) {
			fprintf(f, "  %-11s \"", "name label");
			put_safe(f, r->name_label);
			fputs("\"\n", f);
		}
	}
	if (r->journal) {
		fprintf(f, "  %-11s %s\n", "journal", r->journal);
		fprintf(f, "  %-11s %llu device writes (%llu regions, %llu bytes)\n", "written",
			(unsigned long long)r->writes, (unsigned long long)r->regions,
			(unsigned long long)r->bytes);
	}
	if (r->lvm_check.present) {
		fprintf(f, "  %-11s %s\n", "LVM check", r->lvm_check.note);
		for (i = 0; i < r->lvm_check.n_msgs; i++)
			fprintf(f, "  %-11s %s\n", "", r->lvm_check.msgs[i]);
	}
	if (r->refresh)
		fprintf(f, "  %-11s %s\n", "refresh", r->refresh);
	for (i = 0; i < r->n_notes; i++)
		fprintf(f, "  note: %s\n", r->notes[i]);
	if (r->show_plan)
		rl_plan_summary_print_text(&r->plan, f);
	if (r->has_xe_commands) {
		if (r->xe_script)
			fprintf(f, "  attach with %s, which runs:\n", r->xe_script);
		else
			fprintf(f, "  attach with (or --xe-script FILE for a runnable script):\n");
		for (i = 0; i < r->n_xe_commands; i++) {
			fputs("    ", f);
			put_safe(f, r->xe_commands[i]);
			fputc('\n', f);
		}
	}
}

int rl_run_exit_code(const int *codes, unsigned n)
{
	unsigned k;
	int code = 0;

	for (k = 0; k < n; k++)
		if (codes[k])
			code = n == 1 ? codes[k] : RL_EXIT_FAIL;
	return code;
}

void rl_print_json(FILE *f, void *obj)
{
	rl_json_print(f, obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED, 1);
}

void rl_report_run_json(const struct rl_job_result *res, unsigned n, int dry_run, int code,
			FILE *f)
{
	json_object *top = json_object_new_object(), *arr = json_object_new_array();
	struct rl_summary sum;
	unsigned k;

	json_object_object_add(top, "tool", json_object_new_string("relun-resign"));
	json_object_object_add(top, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(top, "dry_run", json_object_new_boolean(dry_run));
	for (k = 0; k < n; k++)
		json_object_array_add(arr, rl_job_result_to_json(&res[k], 0));
	json_object_object_add(top, "results", arr);
	rl_summary_count(res, n, &sum);
	json_object_object_add(top, "summary", rl_summary_json(&sum));
	json_object_object_add(top, "exit_code", json_object_new_int(code));
	rl_print_json(f, top);
	json_object_put(top);
}

void rl_report_run_text(const struct rl_job_result *res, const int *codes, unsigned n, int verbose,
			const struct rl_table_opts *t, FILE *out, FILE *err)
{
	struct rl_summary sum;
	unsigned k;

	if (!verbose) {
		rl_report_table(res, n, t, out);
		return;
	}
	for (k = 0; k < n; k++) {
		/* failures to stderr, in argument order with the rest */
		fflush(out);
		rl_report_job_text(&res[k], codes[k] ? err : out);
	}
	if (n > 1) {
		rl_summary_count(res, n, &sum);
		rl_summary_text(&sum, out);
	}
}

static const char *state_name(enum rl_jstate st)
{
	return st ? rl_jstate_name(st) : "";
}

void *rl_report_recover_json(const struct rl_recover_outcome *r)
{
	const struct rl_recover_report *rep = &r->rep;
	json_object *o = json_object_new_object(), *notes = json_object_new_array();
	unsigned i;

	json_object_object_add(o, "mode", json_object_new_string(rl_recover_mode_name(r->mode)));
	json_object_object_add(o, "journal", json_object_new_string(r->journal));
	json_object_object_add(o, "subject", json_object_new_string(rep->subject));
	json_object_object_add(o, "state_before", json_object_new_string(state_name(rep->state_before)));
	json_object_object_add(o, "state_after", json_object_new_string(state_name(rep->state_after)));
	json_object_object_add(o, "regions", json_object_new_int64((int64_t)rep->regions));
	json_object_object_add(o, "already", json_object_new_int64((int64_t)rep->already));
	json_object_object_add(o, "written", json_object_new_int64((int64_t)rep->written));
	json_object_object_add(o, "mismatched", json_object_new_int64((int64_t)rep->mismatched));
	json_object_object_add(o, "torn", json_object_new_int64((int64_t)rep->torn));
	json_object_object_add(o, "message", json_object_new_string(rep->msg));
	for (i = 0; i < rep->n_notes; i++)
		json_object_array_add(notes, json_object_new_string(rep->notes[i]));
	if (r->note)
		json_object_array_add(notes, json_object_new_string(r->note));
	json_object_object_add(o, "notes", notes);
	json_object_object_add(o, "exit_code", json_object_new_int(rep->exit_code));
	if (r->sr_uuid[0])
		json_object_object_add(o, "sr_uuid", json_object_new_string(r->sr_uuid));
	if (r->vg_name[0])
		json_object_object_add(o, "vg_name", json_object_new_string(r->vg_name));
	if (r->xe_script)
		json_object_object_add(o, "xe_script", json_object_new_string(r->xe_script));
	return o;
}

void rl_report_recover_text(const struct rl_recover_outcome *r, FILE *f)
{
	const struct rl_recover_report *rep = &r->rep;
	unsigned i;

	fprintf(f, "%s %s: %s\n", rl_recover_mode_name(r->mode), r->journal, rep->msg);
	if (rep->state_before)
		fprintf(f, "  journal of %s: %s -> %s\n", rep->subject, state_name(rep->state_before),
			state_name(rep->state_after));
	fprintf(f, "  regions %llu: %llu already in place, %llu written, %llu cut part-way, %llu "
		"holding neither image\n",
		(unsigned long long)rep->regions, (unsigned long long)rep->already,
		(unsigned long long)rep->written, (unsigned long long)rep->torn,
		(unsigned long long)rep->mismatched);
	for (i = 0; i < rep->n_notes; i++)
		fprintf(f, "  %s\n", rep->notes[i]);
	if (r->note)
		fprintf(f, "  %s\n", r->note);
	if (r->sr_uuid[0])
		fprintf(f, "  %-11s %s\n", "new SR uuid", r->sr_uuid);
	if (r->vg_name[0])
		fprintf(f, "  %-11s %s\n", "new VG name", r->vg_name);
	if (r->xe_script)
		fprintf(f, "  attach with %s\n", r->xe_script);
}
