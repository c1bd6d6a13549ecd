/* A plan without its bytes, as a job's result keeps it, and its text form. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

void rl_plan_summary_free(struct rl_plan_summary *s)
{
	size_t i;

	free(s->subject);
	free(s->scope);
	for (i = 0; s->devs && i < s->ndevs; i++) {
		free(s->devs[i].path);
		free(s->devs[i].ident);
	}
	for (i = 0; s->ids && i < s->nids; i++) {
		free(s->ids[i].old_v);
		free(s->ids[i].new_v);
		free(s->ids[i].where);
	}
	for (i = 0; s->regs && i < s->nregs; i++)
		free(s->regs[i].what);
	free(s->devs);
	free(s->ids);
	free(s->regs);
	memset(s, 0, sizeof(*s));
}

int rl_plan_summarize(const struct rl_plan *p, struct rl_plan_summary *s)
{
	size_t i;
	int bad;

	memset(s, 0, sizeof(*s));
	s->subject = dup(p->subject);
	s->scope = dup(p->scope);
	s->devs = calloc(p->ndevs ? p->ndevs : 1, sizeof(*s->devs));
	s->ids = calloc(p->nids ? p->nids : 1, sizeof(*s->ids));
	s->regs = calloc(p->nregs ? p->nregs : 1, sizeof(*s->regs));
	bad = !s->subject || !s->scope || !s->devs || !s->ids || !s->regs;
	for (i = 0; !bad && i < p->ndevs; i++) {
		struct rl_plan_sum_dev *d = &s->devs[s->ndevs++];

		d->path = dup(p->devs[i].path);
		d->ident = dup(p->devs[i].ident);
		d->size = p->devs[i].size;
		d->rdev = p->devs[i].rdev;
		d->hdr_len = p->devs[i].hdr_len;
		bad = !d->path || !d->ident;
	}
	for (i = 0; !bad && i < p->nids; i++) {
		struct rl_plan_sum_id *x = &s->ids[s->nids++];

		x->kind = p->ids[i].kind;
		x->old_v = dup(p->ids[i].old_v);
		x->new_v = dup(p->ids[i].new_v);
		x->where = dup(p->ids[i].where);
		bad = !x->old_v || !x->new_v || !x->where;
	}
	for (i = 0; !bad && i < p->nregs; i++) {
		const struct rl_region *r = &p->regs[i];
		struct rl_plan_sum_region *x = &s->regs[s->nregs++];
		uint8_t md[RL_SHA256_LEN];

		x->dev = r->dev;
		x->phase = r->phase;
		x->off = r->off;
		x->len = r->len;
		x->what = dup(r->what);
		rl_sha256(r->old_b, r->len, md);
		rl_sha256_hex(md, x->old_sha256);
		rl_sha256(r->new_b, r->len, md);
		rl_sha256_hex(md, x->new_sha256);
		bad = !x->what;
	}
	s->bytes = rl_plan_bytes(p);
	if (bad) {
		rl_plan_summary_free(s);
		return -1;
	}
	return 0;
}

int rl_phase_parse(const char *s, enum rl_phase *out)
{
	int ph;

	for (ph = RL_PHASE_FIRST; s && ph <= RL_PHASE_LAST; ph++)
		if (!strcmp(s, rl_phase_name((enum rl_phase)ph))) {
			*out = (enum rl_phase)ph;
			return 0;
		}
	return -1;
}

int rl_idkind_parse(const char *s, enum rl_idkind *out)
{
	int k;

	for (k = RL_ID_SR_UUID; s && k <= RL_ID_LV_NAME; k++)
		if (!strcmp(s, rl_idkind_name((enum rl_idkind)k))) {
			*out = (enum rl_idkind)k;
			return 0;
		}
	return -1;
}

void rl_plan_summary_print_text(const struct rl_plan_summary *p, FILE *f)
{
	size_t i;
	uint32_t d;

	fprintf(f, "plan for %s (scope %s): %zu regions, %llu bytes on %u device(s)\n",
		p->subject, p->scope, p->nregs, (unsigned long long)p->bytes, p->ndevs);
	fprintf(f, "identities:\n");
	for (i = 0; i < p->nids; i++)
		fprintf(f, "  %-9s %s -> %s%s%s\n", rl_idkind_name(p->ids[i].kind), p->ids[i].old_v,
			p->ids[i].new_v, p->ids[i].where[0] ? "  on " : "", p->ids[i].where);
	fprintf(f, "devices:\n");
	for (d = 0; d < p->ndevs; d++)
		fprintf(f, "  [%u] %s size %llu identity %s\n", d, p->devs[d].path,
			(unsigned long long)p->devs[d].size,
			p->devs[d].ident[0] ? p->devs[d].ident : "(unknown)");
	fprintf(f, "writes, in order:\n");
	for (i = 0; i < p->nregs; i++) {
		const struct rl_plan_sum_region *r = &p->regs[i];

		fprintf(f, "  %-10s [%u] %12llu +%-7u %s\n", rl_phase_name(r->phase), r->dev,
			(unsigned long long)r->off, r->len, r->what);
	}
}

void rl_plan_print_text(const struct rl_plan *p, FILE *f)
{
	struct rl_plan_summary s;

	if (rl_plan_summarize(p, &s) < 0)
		return;
	rl_plan_summary_print_text(&s, f);
	rl_plan_summary_free(&s);
}
