/* The plan as JSON (kept apart from plan.c so the journal codec, which
 * embeds a plan, builds without json-c, e.g. in the fuzz harness). */
#include "plan.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "rl_json.h"

static json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static json_object *ju64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

void *rl_plan_summary_to_json(const struct rl_plan_summary *p)
{
	json_object *o = json_object_new_object();
	json_object *devs = json_object_new_array();
	json_object *ids = json_object_new_array();
	json_object *regs = json_object_new_array();
	size_t i;
	uint32_t d;

	json_object_object_add(o, "subject", jstr(p->subject));
	json_object_object_add(o, "scope", jstr(p->scope));
	for (d = 0; d < p->ndevs; d++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "index", json_object_new_int((int)d));
		json_object_object_add(x, "path", jstr(p->devs[d].path));
		json_object_object_add(x, "ident", jstr(p->devs[d].ident));
		json_object_object_add(x, "size", ju64(p->devs[d].size));
		json_object_object_add(x, "rdev", ju64(p->devs[d].rdev));
		json_object_object_add(x, "header_len", ju64(p->devs[d].hdr_len));
		json_object_array_add(devs, x);
	}
	for (i = 0; i < p->nids; i++) {
		json_object *x = json_object_new_object();

		json_object_object_add(x, "kind", jstr(rl_idkind_name(p->ids[i].kind)));
		json_object_object_add(x, "old", jstr(p->ids[i].old_v));
		json_object_object_add(x, "new", jstr(p->ids[i].new_v));
		if (p->ids[i].where && p->ids[i].where[0])
			json_object_object_add(x, "where", jstr(p->ids[i].where));
		json_object_array_add(ids, x);
	}
	for (i = 0; i < p->nregs; i++) {
		const struct rl_plan_sum_region *r = &p->regs[i];
		json_object *x = json_object_new_object();

		json_object_object_add(x, "device", json_object_new_int((int)r->dev));
		json_object_object_add(x, "phase", jstr(rl_phase_name(r->phase)));
		json_object_object_add(x, "offset", ju64(r->off));
		json_object_object_add(x, "length", ju64(r->len));
		json_object_object_add(x, "what", jstr(r->what));
		json_object_object_add(x, "old_sha256", jstr(r->old_sha256));
		json_object_object_add(x, "new_sha256", jstr(r->new_sha256));
		json_object_array_add(regs, x);
	}
	json_object_object_add(o, "devices", devs);
	json_object_object_add(o, "ids", ids);
	json_object_object_add(o, "regions", regs);
	json_object_object_add(o, "bytes", ju64(p->bytes));
	return o;
}

void *rl_plan_to_json(const struct rl_plan *p)
{
	struct rl_plan_summary s;
	void *o;

	if (rl_plan_summarize(p, &s) < 0)
		return NULL;
	o = rl_plan_summary_to_json(&s);
	rl_plan_summary_free(&s);
	return o;
}

static char *dup_of(json_object *o, const char *k, int *bad)
{
	const char *v = rl_json_str(o, k);
	char *c = strdup(v ? v : "");

	*bad |= !c;
	return c;
}

static void sha_of(json_object *o, const char *k, char out[65], int *bad)
{
	const char *v = rl_json_str(o, k);

	*bad |= !v || strlen(v) != 64;
	snprintf(out, 65, "%s", v ? v : "");
}

int rl_plan_summary_from_json(const void *obj, struct rl_plan_summary *s)
{
	json_object *o = (json_object *)obj;
	json_object *devs = rl_json_arr(o, "devices"), *ids = rl_json_arr(o, "ids");
	json_object *regs = rl_json_arr(o, "regions");
	size_t i, nd, ni, nr;
	int bad = !devs || !ids || !regs;

	memset(s, 0, sizeof(*s));
	if (bad)
		return -1;
	nd = json_object_array_length(devs);
	ni = json_object_array_length(ids);
	nr = json_object_array_length(regs);
	s->subject = dup_of(o, "subject", &bad);
	s->scope = dup_of(o, "scope", &bad);
	s->bytes = (uint64_t)rl_json_int(o, "bytes");
	s->devs = calloc(nd ? nd : 1, sizeof(*s->devs));
	s->ids = calloc(ni ? ni : 1, sizeof(*s->ids));
	s->regs = calloc(nr ? nr : 1, sizeof(*s->regs));
	bad |= !s->devs || !s->ids || !s->regs;
	for (i = 0; !bad && i < nd; i++) {
		json_object *x = json_object_array_get_idx(devs, i);
		struct rl_plan_sum_dev *d = &s->devs[s->ndevs++];

		d->path = dup_of(x, "path", &bad);
		d->ident = dup_of(x, "ident", &bad);
		d->size = (uint64_t)rl_json_int(x, "size");
		d->rdev = (uint64_t)rl_json_int(x, "rdev");
		d->hdr_len = (uint64_t)rl_json_int(x, "header_len");
	}
	for (i = 0; !bad && i < ni; i++) {
		json_object *x = json_object_array_get_idx(ids, i);
		struct rl_plan_sum_id *d = &s->ids[s->nids++];

		bad |= rl_idkind_parse(rl_json_str(x, "kind"), &d->kind) < 0;
		d->old_v = dup_of(x, "old", &bad);
		d->new_v = dup_of(x, "new", &bad);
		d->where = dup_of(x, "where", &bad);
	}
	for (i = 0; !bad && i < nr; i++) {
		json_object *x = json_object_array_get_idx(regs, i);
		struct rl_plan_sum_region *r = &s->regs[s->nregs++];

		r->dev = (uint32_t)rl_json_int(x, "device");
		bad |= rl_phase_parse(rl_json_str(x, "phase"), &r->phase) < 0 || r->dev >= nd;
		r->off = (uint64_t)rl_json_int(x, "offset");
		r->len = (uint32_t)rl_json_int(x, "length");
		r->what = dup_of(x, "what", &bad);
		sha_of(x, "old_sha256", r->old_sha256, &bad);
		sha_of(x, "new_sha256", r->new_sha256, &bad);
	}
	if (bad) {
		rl_plan_summary_free(s);
		return -1;
	}
	return 0;
}
