#include "report_table.h"

#include <stdlib.h>
#include <string.h>

#include "rl_table.h"

#include "summary.h"

enum { F_DEVICE, F_STATUS, F_SR, F_SR_OLD, F_SR_NEW, F_VG_OLD, F_VG_NEW, F_VDIS, F_LABEL,
       F_JOURNAL, F_EXIT, F_MESSAGE, F_N };

static const struct {
	const char *name, *head;
} fields[F_N] = {
	[F_DEVICE] = { "device", "Device" },
	[F_STATUS] = { "status", "Status" },
	[F_SR] = { "sr", "SR old -> new" },
	[F_SR_OLD] = { "sr_old", "Old SR uuid" },
	[F_SR_NEW] = { "sr_new", "New SR uuid" },
	[F_VG_OLD] = { "vg_old", "Old VG" },
	[F_VG_NEW] = { "vg_new", "New VG" },
	[F_VDIS] = { "vdis", "VDIs" },
	[F_LABEL] = { "label", "Label" },
	[F_JOURNAL] = { "journal", "Journal" },
	[F_EXIT] = { "exit", "Exit" },
	[F_MESSAGE] = { "message", "Message" },
};

static const int defaults[] = { F_DEVICE, F_STATUS, F_SR, F_VDIS, F_MESSAGE };

const char *rl_table_field_list(void)
{
	return "device, status, sr, sr_old, sr_new, vg_old, vg_new, vdis, label, journal, exit, "
	       "message";
}

int rl_table_parse_fields(const char *spec, struct rl_table_opts *t)
{
	char buf[512], *tok, *save = NULL;
	size_t i;
	int f;

	t->n_fields = 0;
	if (!spec || *spec == '+') {
		for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
			t->fields[t->n_fields++] = defaults[i];
		if (!spec)
			return 0;
		spec++;
	}
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (f = 0; f < F_N && strcmp(fields[f].name, tok); f++)
			;
		if (f == F_N) {
			fprintf(stderr, "relun-resign: -o: unknown field \"%s\" (fields: %s)\n", tok,
				rl_table_field_list());
			return -1;
		}
		if (t->n_fields == RL_TABLE_MAX_FIELDS) {
			fprintf(stderr, "relun-resign: -o: at most %d fields\n", RL_TABLE_MAX_FIELDS);
			return -1;
		}
		t->fields[t->n_fields++] = f;
	}
	if (!t->n_fields) {
		fprintf(stderr, "relun-resign: -o: no field given (fields: %s)\n", rl_table_field_list());
		return -1;
	}
	return 0;
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static char *cell(const struct rl_job_result *r, int f)
{
	char buf[200];
	const char *sr_new = rl_job_result_new_sr(r), *vg_new = rl_job_result_new_vg(r);
	size_t i;

	switch (f) {
	case F_DEVICE:
		buf[0] = '\0';
		for (i = 0; i < r->n_devices; i++) {
			size_t l = strlen(buf);

			snprintf(buf + l, sizeof(buf) - l, "%s%s", i ? "," : "", r->devices[i]);
		}
		return rl_table_cell(buf);
	case F_STATUS: return rl_table_cell(rl_job_status_name(r->status));
	case F_SR:
		if (!sr_new)
			return rl_table_cell("-");
		snprintf(buf, sizeof(buf), "%.8s -> %.8s", r->sr_uuid.old_v, sr_new);
		return rl_table_cell(buf);
	case F_SR_OLD: return rl_table_cell(sr_new ? r->sr_uuid.old_v : "-");
	case F_SR_NEW: return rl_table_cell(or_dash(sr_new));
	case F_VG_OLD: return rl_table_cell(vg_new ? r->vg_name.old_v : "-");
	case F_VG_NEW: return rl_table_cell(or_dash(vg_new));
	case F_VDIS:
		if (!r->has_ids)
			return rl_table_cell("-");
		snprintf(buf, sizeof(buf), "%zu", r->n_vdis);
		return rl_table_cell(buf);
	case F_LABEL: return rl_table_cell(r->has_ids && r->is_sr ? r->name_label : "-");
	case F_JOURNAL: return rl_table_cell(or_dash(r->journal));
	case F_EXIT:
		snprintf(buf, sizeof(buf), "%d", r->exit_code);
		return rl_table_cell(buf);
	default: return rl_table_cell(r->message);
	}
}

void rl_report_table(const struct rl_job_result *res, unsigned n, const struct rl_table_opts *t,
		     FILE *f)
{
	size_t rows = (size_t)n + 1, r, c, nc = (size_t)t->n_fields;
	char **cells = calloc(rows * nc, sizeof(*cells));
	const char *script = NULL;
	struct rl_summary sum;
	int xe = 0;

	if (!cells)
		return;
	for (c = 0; c < nc; c++)
		cells[c] = rl_table_cell(fields[t->fields[c]].head);
	for (r = 1; r < rows; r++) {
		for (c = 0; c < nc; c++)
			cells[r * nc + c] = cell(&res[r - 1], t->fields[c]);
		if (!script)
			script = res[r - 1].xe_script;
		xe |= res[r - 1].has_xe_commands;
	}
	rl_table_print(f, cells, rows, nc, t->noheadings, t->separator);
	for (r = 0; r < rows * nc; r++)
		free(cells[r]);
	free(cells);
	if (t->noheadings || t->separator)
		return; /* a report for scripts: rows only */
	if (script)
		fprintf(f, "attach with %s (review first: bash %s --print)\n", script, script);
	else if (xe)
		fprintf(f, "xe attach commands: -v shows them, --xe-script FILE writes the script\n");
	rl_summary_count(res, n, &sum);
	rl_summary_text(&sum, f);
}
