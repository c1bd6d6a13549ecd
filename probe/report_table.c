#include "report_table.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "rl_table.h"

enum { F_DEVICE, F_VERDICT, F_SR, F_VG, F_VDIS, F_RESIGN, F_IDENTITY, F_REASON, F_N };

static const struct {
	const char *name, *head;
} fields[F_N] = {
	[F_DEVICE] = { "device", "Device" },
	[F_VERDICT] = { "verdict", "Verdict" },
	[F_SR] = { "sr", "SR uuid" },
	[F_VG] = { "vg", "VG" },
	[F_VDIS] = { "vdis", "VDIs" },
	[F_RESIGN] = { "resign", "Resign" },
	[F_IDENTITY] = { "identity", "Identity" },
	[F_REASON] = { "reason", "Reason" },
};

static const int defaults[] = { F_DEVICE, F_VERDICT, F_SR, F_VDIS, F_REASON };

/* the summary's order; "damaged" is always said */
static const char *const verdicts[] = {
	"original", "clone", "duplicate", "path", "interrupted", "damaged", "not-lvm", "unreadable",
};
static const char *const plural[] = {
	"original", "clones", "duplicates", "paths", "interrupted", "damaged", "not-lvm", "unreadable",
};
#define N_VERDICTS (sizeof(verdicts) / sizeof(verdicts[0]))

const char *probe_table_field_list(void)
{
	return "device, verdict, sr, vg, vdis, resign, identity, reason";
}

/* room for one more cell */
static int grow(struct probe_table *t)
{
	if (t->rows * (size_t)t->n_fields + (size_t)t->n_fields > t->cap) {
		size_t nc = t->cap ? t->cap * 2 : (size_t)t->n_fields * 16;
		char **nv = realloc(t->cells, nc * sizeof(*nv));

		if (!nv)
			return -1;
		t->cells = nv;
		t->cap = nc;
	}
	return 0;
}

int probe_table_init(struct probe_table *t, const char *spec)
{
	char buf[512], *tok, *save = NULL;
	size_t i;
	int f;

	memset(t, 0, sizeof(*t));
	if (!spec || *spec == '+') {
		for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
			t->fields[t->n_fields++] = defaults[i];
		if (spec)
			spec++;
	}
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (f = 0; f < F_N && strcmp(fields[f].name, tok); f++)
			;
		if (f == F_N || t->n_fields == PROBE_TABLE_MAX_FIELDS) {
			fprintf(stderr, "relun-probe: --output: %s \"%s\" (fields: %s)\n",
				f == F_N ? "unknown field" : "too many fields at", tok,
				probe_table_field_list());
			return -1;
		}
		t->fields[t->n_fields++] = f;
	}
	if (!t->n_fields) {
		fprintf(stderr, "relun-probe: --output: no field given (fields: %s)\n",
			probe_table_field_list());
		return -1;
	}
	/* row 0: the heading */
	for (f = 0; f < t->n_fields; f++) {
		if (grow(t) < 0)
			return -1;
		t->cells[f] = rl_table_cell(fields[t->fields[f]].head);
	}
	t->rows = 1;
	return 0;
}

static const char *str(json_object *o, const char *k)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static json_object *obj(json_object *o, const char *k)
{
	json_object *v;

	return o && json_object_object_get_ex(o, k, &v) ? v : NULL;
}

static char *cell(json_object *l, int f)
{
	char buf[128];
	const char *s;
	json_object *v;

	switch (f) {
	case F_DEVICE: return rl_table_cell(str(l, "device"));
	case F_VERDICT: return rl_table_cell(str(l, "verdict"));
	case F_SR: return rl_table_cell((s = str(obj(l, "sr"), "uuid")) ? s : "-");
	case F_VG: return rl_table_cell((s = str(obj(l, "vg"), "name")) ? s : "-");
	case F_VDIS:
		v = obj(obj(l, "sr"), "vdis");
		if (!v || !json_object_is_type(v, json_type_array))
			return rl_table_cell("-");
		snprintf(buf, sizeof(buf), "%zu", (size_t)json_object_array_length(v));
		return rl_table_cell(buf);
	case F_RESIGN:
		v = obj(l, "resign_needed");
		if (json_object_get_boolean(obj(l, "can_resign")))
			return rl_table_cell("yes");
		return rl_table_cell(v && !json_object_get_boolean(v) ? "not needed" : "no");
	case F_IDENTITY:
		if (!(s = str(l, "identity")))
			return rl_table_cell("-");
		snprintf(buf, sizeof(buf), "%s:%s", str(l, "identity_kind") ? str(l, "identity_kind") : "?", s);
		return rl_table_cell(buf);
	default: return rl_table_cell(str(l, "reason"));
	}
}

void probe_table_lun(struct probe_table *t, json_object *lun)
{
	const char *v = str(lun, "verdict");
	size_t i;
	int f;

	for (i = 0; v && i < N_VERDICTS; i++)
		if (!strcmp(v, verdicts[i]))
			t->verdicts[i]++;
	for (f = 0; f < t->n_fields; f++) {
		if (grow(t) < 0)
			return;
		t->cells[t->rows * (size_t)t->n_fields + (size_t)f] = cell(lun, t->fields[f]);
	}
	t->rows++;
}

void probe_table_end(struct probe_table *t, FILE *f)
{
	unsigned total = 0;
	size_t i, said = 0;

	if (!t->cells)
		return;
	rl_table_print(f, t->cells, t->rows, (size_t)t->n_fields, t->noheadings, t->separator);
	if (t->noheadings || t->separator)
		return; /* a report for scripts: rows only */
	for (i = 0; i < N_VERDICTS; i++)
		total += t->verdicts[i];
	fprintf(f, "%u LUN%s", total, total == 1 ? "" : "s");
	for (i = 0; i < N_VERDICTS; i++)
		if (t->verdicts[i] || !strcmp(verdicts[i], "damaged"))
			fprintf(f, "%s%u %s", said++ ? ", " : ": ", t->verdicts[i],
				t->verdicts[i] == 1 ? verdicts[i] : plural[i]);
	fputc('\n', f);
}

void probe_table_free(struct probe_table *t)
{
	size_t r;

	for (r = 0; t->cells && r < t->rows * (size_t)t->n_fields; r++)
		free(t->cells[r]);
	free(t->cells);
	t->cells = NULL;
	t->rows = t->cap = 0;
}
