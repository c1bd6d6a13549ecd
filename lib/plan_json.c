/* The plan as JSON (kept apart from plan.c so the journal codec, which
 * embeds a plan, builds without json-c, e.g. in the fuzz harness). */
#include "plan.h"

#include <json.h>

#include "sha256.h"

static json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static json_object *ju64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

void *rl_plan_to_json(const struct rl_plan *p)
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
		if (p->ids[i].where[0])
			json_object_object_add(x, "where", jstr(p->ids[i].where));
		json_object_array_add(ids, x);
	}
	for (i = 0; i < p->nregs; i++) {
		const struct rl_region *r = &p->regs[i];
		json_object *x = json_object_new_object();
		uint8_t md[RL_SHA256_LEN];
		char hex[65];

		json_object_object_add(x, "device", json_object_new_int((int)r->dev));
		json_object_object_add(x, "phase", jstr(rl_phase_name(r->phase)));
		json_object_object_add(x, "offset", ju64(r->off));
		json_object_object_add(x, "length", ju64(r->len));
		json_object_object_add(x, "what", jstr(r->what));
		rl_sha256(r->old_b, r->len, md);
		json_object_object_add(x, "old_sha256", jstr(rl_sha256_hex(md, hex)));
		rl_sha256(r->new_b, r->len, md);
		json_object_object_add(x, "new_sha256", jstr(rl_sha256_hex(md, hex)));
		json_object_array_add(regs, x);
	}
	json_object_object_add(o, "devices", devs);
	json_object_object_add(o, "ids", ids);
	json_object_object_add(o, "regions", regs);
	json_object_object_add(o, "bytes", ju64(rl_plan_bytes(p)));
	return o;
}
