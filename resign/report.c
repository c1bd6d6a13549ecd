#include "report.h"

#include <json.h>
#include <string.h>

/* json-c before 0.13 (a XenServer 8 dom0 has 0.11/0.12) declares its
 * accessors on non-const objects, so these helpers take them non-const. */
static const char *gets_(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static json_object *get(json_object *o, const char *k)
{
	json_object *v;

	return json_object_object_get_ex(o, k, &v) ? v : NULL;
}

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

static void put_pair(FILE *f, const char *what, json_object *p, const char *extra)
{
	if (!p)
		return;
	fprintf(f, "  %-11s %s -> %s", what, gets_(p, "old"), gets_(p, "new"));
	if (extra && *extra)
		fprintf(f, "  (%s)", extra);
	fputc('\n', f);
}

static void put_pairs(FILE *f, const char *what, json_object *arr)
{
	size_t i, n = arr ? (size_t)json_object_array_length(arr) : 0;

	for (i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(arr, i);

		put_pair(f, what, p, gets_(p, "device"));
	}
}

void rl_report_job_text(const void *res, FILE *f)
{
	json_object *r = (json_object *)res;
	json_object *devs = get(r, "devices"), *v, *x;
	size_t i, n = devs ? (size_t)json_object_array_length(devs) : 0;
	const char *s;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? " " : "", json_object_get_string(json_object_array_get_idx(devs, i)));
	fprintf(f, ": %s: ", gets_(r, "status"));
	put_safe(f, gets_(r, "message"));
	fputc('\n', f);
	if ((s = gets_(r, "scope")))
		fprintf(f, "  %-11s %s\n", "scope", s);
	put_pair(f, "SR uuid", get(r, "sr_uuid"), NULL);
	put_pair(f, "VG name", get(r, "vg_name"), NULL);
	put_pair(f, "VG uuid", get(r, "vg_uuid"), NULL);
	put_pairs(f, "PV uuid", get(r, "pvs"));
	put_pairs(f, "VDI uuid", get(r, "vdis"));
	put_pairs(f, "LV name", get(r, "lv_names"));
	if ((s = gets_(r, "name_label"))) {
		fprintf(f, "  %-11s \"", "name label");
		put_safe(f, s);
		fputs("\"\n", f);
	}
	if ((s = gets_(r, "journal")))
		fprintf(f, "  %-11s %s\n", "journal", s);
	if ((v = get(r, "writes")))
		fprintf(f, "  %-11s %lld device writes (%lld regions, %lld bytes)\n", "written",
			(long long)json_object_get_int64(v),
			(long long)json_object_get_int64(get(r, "regions")),
			(long long)json_object_get_int64(get(r, "bytes")));
	if ((v = get(r, "lvm_check"))) {
		fprintf(f, "  %-11s %s\n", "LVM check", gets_(v, "note"));
		x = get(v, "messages");
		for (i = 0; x && i < (size_t)json_object_array_length(x); i++)
			fprintf(f, "  %-11s %s\n", "", json_object_get_string(json_object_array_get_idx(x, i)));
	}
	if ((s = gets_(r, "refresh")))
		fprintf(f, "  %-11s %s\n", "refresh", s);
	x = get(r, "notes");
	for (i = 0; x && i < (size_t)json_object_array_length(x); i++)
		fprintf(f, "  note: %s\n", json_object_get_string(json_object_array_get_idx(x, i)));
	if ((s = gets_(r, "plan_text")))
		fprintf(f, "%s", s);
	if ((x = get(r, "xe_commands"))) {
		if ((s = gets_(r, "xe_script")))
			fprintf(f, "  attach with %s, which runs:\n", s);
		else
			fprintf(f, "  attach with (or --xe-script FILE for a runnable script):\n");
		for (i = 0; i < (size_t)json_object_array_length(x); i++) {
			fputs("    ", f);
			put_safe(f, json_object_get_string(json_object_array_get_idx(x, i)));
			fputc('\n', f);
		}
	}
}

void *rl_report_recover_json(const char *journal, enum rl_recover_mode m,
			     const struct rl_recover_report *rep)
{
	json_object *o = json_object_new_object(), *notes = json_object_new_array();
	unsigned i;

	json_object_object_add(o, "mode", json_object_new_string(rl_recover_mode_name(m)));
	json_object_object_add(o, "journal", json_object_new_string(journal));
	json_object_object_add(o, "subject", json_object_new_string(rep->subject));
	json_object_object_add(o, "state_before",
			       json_object_new_string(rep->state_before ? rl_jstate_name(rep->state_before) : ""));
	json_object_object_add(o, "state_after",
			       json_object_new_string(rep->state_after ? rl_jstate_name(rep->state_after) : ""));
	json_object_object_add(o, "regions", json_object_new_int64((int64_t)rep->regions));
	json_object_object_add(o, "already", json_object_new_int64((int64_t)rep->already));
	json_object_object_add(o, "written", json_object_new_int64((int64_t)rep->written));
	json_object_object_add(o, "mismatched", json_object_new_int64((int64_t)rep->mismatched));
	json_object_object_add(o, "torn", json_object_new_int64((int64_t)rep->torn));
	json_object_object_add(o, "message", json_object_new_string(rep->msg));
	for (i = 0; i < rep->n_notes; i++)
		json_object_array_add(notes, json_object_new_string(rep->notes[i]));
	json_object_object_add(o, "notes", notes);
	json_object_object_add(o, "exit_code", json_object_new_int(rep->exit_code));
	return o;
}

void rl_report_recover_text(const void *obj, FILE *f)
{
	json_object *o = (json_object *)obj;
	json_object *x = get(o, "notes");
	size_t i;

	fprintf(f, "%s %s: %s\n", gets_(o, "mode"), gets_(o, "journal"), gets_(o, "message"));
	if (gets_(o, "state_before") && *gets_(o, "state_before"))
		fprintf(f, "  journal of %s: %s -> %s\n", gets_(o, "subject"), gets_(o, "state_before"),
			gets_(o, "state_after"));
	fprintf(f, "  regions %lld: %lld already in place, %lld written, %lld cut part-way, %lld "
		"holding neither image\n",
		(long long)json_object_get_int64(get(o, "regions")),
		(long long)json_object_get_int64(get(o, "already")),
		(long long)json_object_get_int64(get(o, "written")),
		(long long)json_object_get_int64(get(o, "torn")),
		(long long)json_object_get_int64(get(o, "mismatched")));
	for (i = 0; x && i < (size_t)json_object_array_length(x); i++)
		fprintf(f, "  %s\n", json_object_get_string(json_object_array_get_idx(x, i)));
	if (gets_(o, "sr_uuid"))
		fprintf(f, "  %-11s %s\n", "new SR uuid", gets_(o, "sr_uuid"));
	if (gets_(o, "vg_name"))
		fprintf(f, "  %-11s %s\n", "new VG name", gets_(o, "vg_name"));
	if (gets_(o, "xe_script"))
		fprintf(f, "  attach with %s\n", gets_(o, "xe_script"));
}
