#include "plan.h"

#include <stdlib.h>
#include <string.h>


void rl_plan_init(struct rl_plan *p, const char *subject, const char *scope)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->subject, sizeof(p->subject), "%s", subject ? subject : "");
	snprintf(p->scope, sizeof(p->scope), "%s", scope ? scope : "");
}

void rl_plan_free(struct rl_plan *p)
{
	size_t i;

	for (i = 0; i < p->nregs; i++) {
		free(p->regs[i].old_b);
		free(p->regs[i].new_b);
	}
	free(p->regs);
	free(p->devs);
	free(p->ids);
	memset(p, 0, sizeof(*p));
}

int rl_plan_add_dev(struct rl_plan *p, const char *path, const char *ident, uint64_t size,
		    uint64_t rdev, uint64_t hdr_len, uint32_t align, struct rl_err *e)
{
	struct rl_plan_dev *nd, *d;

	if (!path || !*path || strlen(path) >= RL_PLAN_PATH_MAX)
		return rl_err_set(e, RL_E_INVAL, "plan: bad device path");
	if (ident && strlen(ident) >= RL_PLAN_IDENT_MAX)
		return rl_err_set(e, RL_E_INVAL, "plan: identity of %s too long", path);
	if (p->ndevs >= RL_PLAN_MAX_DEVS)
		return rl_err_set(e, RL_E_TOOBIG, "plan: more than %u devices", RL_PLAN_MAX_DEVS);
	if (align < RL_PLAN_SECTOR || (align & (align - 1)))
		return rl_err_set(e, RL_E_INVAL, "plan: %s: alignment %u is not a power of two >= 512",
				  path, align);
	nd = realloc(p->devs, (p->ndevs + 1) * sizeof(*nd));
	if (!nd)
		return rl_err_set(e, RL_E_NOMEM, "plan: out of memory");
	p->devs = nd;
	d = &p->devs[p->ndevs];
	memset(d, 0, sizeof(*d));
	snprintf(d->path, sizeof(d->path), "%s", path);
	snprintf(d->ident, sizeof(d->ident), "%s", ident ? ident : "");
	d->size = size;
	d->rdev = rdev;
	d->hdr_len = hdr_len < size ? hdr_len : size;
	d->align = align;
	p->finalized = 0;
	return (int)p->ndevs++;
}

int rl_plan_add_region(struct rl_plan *p, uint32_t dev, enum rl_phase phase, uint64_t off,
		       const void *old_b, const void *new_b, uint32_t len, const char *what,
		       struct rl_err *e)
{
	struct rl_region *r;
	const struct rl_plan_dev *d;

	if (dev >= p->ndevs)
		return rl_err_set(e, RL_E_INVAL, "plan: no device %u", dev);
	d = &p->devs[dev];
	if (phase < RL_PHASE_FIRST || phase > RL_PHASE_LAST)
		return rl_err_at(e, RL_E_INVAL, off, "plan: %s: bad phase %d", d->path, (int)phase);
	if (len == 0 || len > RL_PLAN_MAX_REGION)
		return rl_err_at(e, RL_E_INVAL, off, "plan: %s: region length %u out of range",
				 d->path, len);
	if (off > d->size || len > d->size - off)
		return rl_err_at(e, RL_E_INVAL, off, "plan: %s: region of %u bytes ends past %llu",
				 d->path, len, (unsigned long long)d->size);
	if (off % d->align || len % d->align)
		return rl_err_at(e, RL_E_INVAL, off,
				 "plan: %s: region of %u bytes is not aligned to %u", d->path, len,
				 d->align);
	if (p->nregs == p->capregs) {
		size_t nc = p->capregs ? p->capregs * 2 : 16;
		struct rl_region *nr = realloc(p->regs, nc * sizeof(*nr));

		if (!nr)
			return rl_err_set(e, RL_E_NOMEM, "plan: out of memory");
		p->regs = nr;
		p->capregs = nc;
	}
	r = &p->regs[p->nregs];
	memset(r, 0, sizeof(*r));
	r->old_b = malloc(len);
	r->new_b = malloc(len);
	if (!r->old_b || !r->new_b) {
		free(r->old_b);
		free(r->new_b);
		return rl_err_set(e, RL_E_NOMEM, "plan: out of memory");
	}
	memcpy(r->old_b, old_b, len);
	memcpy(r->new_b, new_b, len);
	r->dev = dev;
	r->phase = phase;
	r->off = off;
	r->len = len;
	snprintf(r->what, sizeof(r->what), "%s", what ? what : "");
	p->nregs++;
	p->finalized = 0;
	return 0;
}

int rl_plan_add_id(struct rl_plan *p, enum rl_idkind kind, const char *old_v, const char *new_v,
		   const char *where, struct rl_err *e)
{
	struct rl_idmap *m;

	if (!old_v || !new_v || strlen(old_v) >= RL_PLAN_ID_MAX || strlen(new_v) >= RL_PLAN_ID_MAX ||
	    (where && strlen(where) >= RL_PLAN_ID_MAX))
		return rl_err_set(e, RL_E_INVAL, "plan: identity value missing or too long");
	if (p->nids == p->capids) {
		size_t nc = p->capids ? p->capids * 2 : 16;
		struct rl_idmap *ni = realloc(p->ids, nc * sizeof(*ni));

		if (!ni)
			return rl_err_set(e, RL_E_NOMEM, "plan: out of memory");
		p->ids = ni;
		p->capids = nc;
	}
	m = &p->ids[p->nids++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	snprintf(m->old_v, sizeof(m->old_v), "%s", old_v);
	snprintf(m->new_v, sizeof(m->new_v), "%s", new_v);
	snprintf(m->where, sizeof(m->where), "%s", where ? where : "");
	return 0;
}

const char *rl_plan_id_lookup(const struct rl_plan *p, enum rl_idkind kind, const char *old_v)
{
	size_t i;

	for (i = 0; i < p->nids; i++)
		if (p->ids[i].kind == kind && !strcmp(p->ids[i].old_v, old_v))
			return p->ids[i].new_v;
	return NULL;
}

static int cmp_phase_dev_off(const void *a, const void *b)
{
	const struct rl_region *x = a, *y = b;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

static int cmp_dev_off(const void *a, const void *b)
{
	const struct rl_region *x = *(const struct rl_region *const *)a;
	const struct rl_region *y = *(const struct rl_region *const *)b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

int rl_plan_finalize(struct rl_plan *p, struct rl_err *e)
{
	struct rl_region **byoff;
	size_t i, keep = 0;

	/* A region that changes nothing is not written (and not journaled). */
	for (i = 0; i < p->nregs; i++) {
		struct rl_region *r = &p->regs[i];

		if (!memcmp(r->old_b, r->new_b, r->len)) {
			free(r->old_b);
			free(r->new_b);
			continue;
		}
		p->regs[keep++] = *r;
	}
	p->nregs = keep;
	if (!p->nregs) {
		p->finalized = 1;
		return 0;
	}
	byoff = malloc(p->nregs * sizeof(*byoff));
	if (!byoff)
		return rl_err_set(e, RL_E_NOMEM, "plan: out of memory");
	for (i = 0; i < p->nregs; i++)
		byoff[i] = &p->regs[i];
	qsort(byoff, p->nregs, sizeof(*byoff), cmp_dev_off);
	for (i = 1; i < p->nregs; i++) {
		const struct rl_region *a = byoff[i - 1], *b = byoff[i];

		if (a->dev == b->dev && a->off + a->len > b->off) {
			rl_err_init(e, p->devs[b->dev].path);
			rl_err_at(e, RL_E_INVAL, b->off,
				  "plan: region \"%s\" overlaps \"%s\" (%llu+%u)", b->what, a->what,
				  (unsigned long long)a->off, a->len);
			free(byoff);
			return -1;
		}
	}
	free(byoff);
	qsort(p->regs, p->nregs, sizeof(*p->regs), cmp_phase_dev_off);
	p->finalized = 1;
	return 0;
}

uint64_t rl_plan_bytes(const struct rl_plan *p)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < p->nregs; i++)
		n += p->regs[i].len;
	return n;
}

size_t rl_plan_count_phase(const struct rl_plan *p, enum rl_phase ph)
{
	size_t i, n = 0;

	for (i = 0; i < p->nregs; i++)
		n += p->regs[i].phase == ph;
	return n;
}

const char *rl_phase_name(enum rl_phase ph)
{
	switch (ph) {
	case RL_PHASE_LV: return "lv";
	case RL_PHASE_TEXT: return "text";
	case RL_PHASE_MDAHDR: return "mda-header";
	case RL_PHASE_LABEL: return "label";
	}
	return "?";
}

const char *rl_idkind_name(enum rl_idkind k)
{
	switch (k) {
	case RL_ID_SR_UUID: return "sr_uuid";
	case RL_ID_VG_NAME: return "vg_name";
	case RL_ID_VG_UUID: return "vg_uuid";
	case RL_ID_PV_UUID: return "pv_uuid";
	case RL_ID_VDI_UUID: return "vdi_uuid";
	case RL_ID_LV_NAME: return "lv_name";
	}
	return "?";
}

