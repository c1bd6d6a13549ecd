#include "planner.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvhd.h"
#include "lvm_extent.h"
#include "lvm_id.h"
#include "lvm_label.h"
#include "lvm_mda.h"
#include "label_tmpl.h"
#include "lvm_text.h"
#include "mgt.h"
#include "rl_random.h"
#include "vhd.h"
#include "xs_uuid.h"

/* Plans are made of whole sectors (the align given to rl_plan_add_dev): a
 * patch of a few bytes becomes the sectors around it. */
#define SECT RL_PLAN_SECTOR

struct ctx {
	const struct lun_vg *v;
	const struct lvm_vg *vg;
	const struct rl_planner_opts *o;
	struct rl_plan *p;
	struct rl_plan_info *info;
	struct rl_err *e;
	int full, sr;                   /* scope full / scope full or sr */
	char (*lv_new)[LVM_NAME_LEN + 1]; /* per LV: new name, "" = unchanged */
	char (*pv_new)[33];             /* per PV: new raw id */
	char vg_new_raw[33];
};

static uint64_t down512(uint64_t x)
{
	return x & ~(uint64_t)(SECT - 1);
}

static uint64_t up512(uint64_t x)
{
	return (x + SECT - 1) & ~(uint64_t)(SECT - 1);
}

void rl_plan_info_free(struct rl_plan_info *i)
{
	free(i->vdis);
	memset(i, 0, sizeof(*i));
}

int rl_derive_vg_name(const char *old, const char *const *taken, size_t n, char *out,
		      size_t outsz)
{
	unsigned k;
	size_t i;

	for (k = 1; k < 10000; k++) {
		char sfx[24];
		int clash = 0;
		size_t keep;

		if (k == 1)
			snprintf(sfx, sizeof(sfx), "_clone");
		else
			snprintf(sfx, sizeof(sfx), "_clone%u", k);
		keep = strlen(old);
		if (keep + strlen(sfx) > 127)
			keep = 127 - strlen(sfx);
		if (keep + strlen(sfx) + 1 > outsz)
			return -1;
		memcpy(out, old, keep);
		strcpy(out + keep, sfx);
		if (!strcmp(out, old))
			clash = 1;
		for (i = 0; i < n && !clash; i++)
			clash = taken[i] && !strcmp(taken[i], out);
		if (!clash && lvm_name_valid(out))
			return 0;
	}
	return -1;
}

/* ---- regions ---- */

/* Bytes [off, off+len) of device (PV) k become `bytes`: widened to whole
 * sectors with the device's current bytes around the patch. */
static int dev_patch(struct ctx *c, unsigned k, enum rl_phase ph, uint64_t off, const uint8_t *bytes,
		     uint64_t len, const char *what)
{
	struct rl_dev *d = c->v->pvs[k]->dev;
	uint64_t a = down512(off), b = up512(off + len);
	uint8_t *old = malloc((size_t)(b - a)), *nw = malloc((size_t)(b - a));
	int r = -1;

	if (!old || !nw) {
		rl_err_set(c->e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	rl_err_init(c->e, d->path);
	if (rl_pread(d, old, (size_t)(b - a), a, c->e) < 0)
		goto out;
	memcpy(nw, old, (size_t)(b - a));
	memcpy(nw + (off - a), bytes, (size_t)len);
	r = rl_plan_add_region(c->p, k, ph, a, old, nw, (uint32_t)(b - a), what, c->e);
out:
	free(old);
	free(nw);
	return r;
}

/* LV bytes [lv_off, lv_off+len) of LV lv change from old to new (whole
 * sectors, lv_off sector-aligned): every run of changed sectors becomes
 * regions on the PVs the extent map puts it on. */
static int lv_regions(struct ctx *c, unsigned lv, uint64_t lv_off, const uint8_t *old,
		      const uint8_t *nw, uint64_t len, const char *what)
{
	uint64_t s = 0;

	while (s < len) {
		uint64_t t;
		struct lvm_dev_range r[16];
		unsigned n = 0, i;
		uint64_t done = 0;

		if (!memcmp(old + s, nw + s, SECT)) {
			s += SECT;
			continue;
		}
		for (t = s + SECT; t < len && memcmp(old + t, nw + t, SECT); t += SECT)
			;
		if (lvm_lv_map(c->vg, &c->vg->lvs[lv], lv_off + s, t - s, r, 16, &n, c->e) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			if (r[i].pv >= c->p->ndevs)
				return rl_err_set(c->e, RL_E_INVAL, "LV %s maps to a PV not given",
						  c->vg->lvs[lv].name);
			if (rl_plan_add_region(c->p, r[i].pv, RL_PHASE_LV, r[i].off, old + s + done,
					       nw + s + done, (uint32_t)r[i].len, what, c->e) < 0)
				return -1;
			done += r[i].len;
		}
		s = t;
	}
	return 0;
}

/* Patch bytes into an LV at any offset: read the surrounding sectors,
 * patch, and add regions for what differs. */
static int lv_patch(struct ctx *c, unsigned lv, uint64_t lv_off, const uint8_t *bytes, uint64_t len,
		    const char *what)
{
	uint64_t a = down512(lv_off), b = up512(lv_off + len);
	uint8_t *old = malloc((size_t)(b - a)), *nw = malloc((size_t)(b - a));
	int r = -1;

	if (!old || !nw) {
		rl_err_set(c->e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	if (lun_read_lv(c->v, lv, a, old, (size_t)(b - a), c->e) < 0)
		goto out;
	memcpy(nw, old, (size_t)(b - a));
	memcpy(nw + (lv_off - a), bytes, (size_t)len);
	r = lv_regions(c, lv, a, old, nw, b - a, what);
out:
	free(old);
	free(nw);
	return r;
}

/* ---- options and identities ---- */

static int pick_scope(struct ctx *c)
{
	const char *s = c->o->scope;

	if (!s)
		s = c->v->is_sr ? "full" : "lvm";
	if (strcmp(s, "full") && strcmp(s, "sr") && strcmp(s, "lvm"))
		return rl_err_set(c->e, RL_E_INVAL, "unknown scope \"%s\" (full, sr or lvm)", s);
	if (c->v->is_sr && !strcmp(s, "lvm"))
		return rl_err_set(c->e, RL_E_INVAL,
				  "scope lvm is refused for an SR: sm requires the VG name "
				  "VG_XenStorage-<SR uuid>; use --scope sr or full");
	if (!c->v->is_sr && strcmp(s, "lvm"))
		return rl_err_set(c->e, RL_E_INVAL,
				  "scope %s needs a XenServer SR (VG_XenStorage-<uuid>); VG %s is "
				  "a plain LVM VG: use --scope lvm", s, c->vg->name);
	snprintf(c->info->scope, sizeof(c->info->scope), "%s", s);
	c->full = !strcmp(s, "full");
	c->sr = c->full || !strcmp(s, "sr");
	c->p->scope[0] = '\0';
	snprintf(c->p->scope, sizeof(c->p->scope), "%s", s);
	return 0;
}

static int pick_names(struct ctx *c)
{
	const struct rl_planner_opts *o = c->o;
	struct rl_plan_info *in = c->info;
	size_t i;

	snprintf(in->old_vg_name, sizeof(in->old_vg_name), "%s", c->vg->name);
	if (c->v->is_sr) {
		snprintf(in->old_sr_uuid, sizeof(in->old_sr_uuid), "%s", c->v->sr_uuid);
		if (o->sr_uuid) {
			if (!xs_uuid_valid(o->sr_uuid))
				return rl_err_set(c->e, RL_E_INVAL, "--sr-uuid %s is not a canonical "
						  "lowercase uuid", o->sr_uuid);
			if (!strcmp(o->sr_uuid, c->v->sr_uuid))
				return rl_err_set(c->e, RL_E_INVAL, "--sr-uuid is the SR's current uuid");
			snprintf(in->new_sr_uuid, sizeof(in->new_sr_uuid), "%s", o->sr_uuid);
		} else {
			do
				if (rl_uuid_new(o->random, in->new_sr_uuid, c->e) < 0)
					return -1;
			while (!strcmp(in->new_sr_uuid, c->v->sr_uuid));
		}
		if (lvhd_vg_name(in->new_sr_uuid, in->new_vg_name, sizeof(in->new_vg_name)) < 0)
			return rl_err_set(c->e, RL_E_INVAL, "cannot form the VG name");
		if (o->vg_name && strcmp(o->vg_name, in->new_vg_name))
			return rl_err_set(c->e, RL_E_INVAL, "--vg-name cannot be used for an SR: its VG "
					  "is named VG_XenStorage-<SR uuid> (use --sr-uuid)");
	} else {
		if (o->sr_uuid)
			return rl_err_set(c->e, RL_E_INVAL, "--sr-uuid needs an SR; VG %s is not one",
					  c->vg->name);
		if (o->vg_name) {
			if (!lvm_name_valid(o->vg_name))
				return rl_err_set(c->e, RL_E_INVAL, "--vg-name \"%s\" is not a valid LVM "
						  "VG name", o->vg_name);
			if (!strcmp(o->vg_name, c->vg->name))
				return rl_err_set(c->e, RL_E_INVAL, "--vg-name is the current name");
			for (i = 0; i < o->n_taken; i++)
				if (o->taken_vg_names[i] && !strcmp(o->taken_vg_names[i], o->vg_name))
					return rl_err_set(c->e, RL_E_INVAL, "VG name %s is already used "
							  "on this host", o->vg_name);
			snprintf(in->new_vg_name, sizeof(in->new_vg_name), "%s", o->vg_name);
		} else if (rl_derive_vg_name(c->vg->name, o->taken_vg_names, o->n_taken,
					     in->new_vg_name, sizeof(in->new_vg_name)) < 0) {
			return rl_err_set(c->e, RL_E_INVAL, "cannot derive a free VG name from %s",
					  c->vg->name);
		}
	}
	if (c->vg->lock_type[0] && strcmp(c->vg->lock_type, "none"))
		return rl_err_set(c->e, RL_E_UNSUPPORTED, "VG %s is a shared VG (lock_type %s)",
				  c->vg->name, c->vg->lock_type);
	return 0;
}

static int add_vdi_pair(struct ctx *c, const char *old_u, const char *new_u)
{
	struct rl_plan_info *in = c->info;
	struct rl_vdi_pair *nv = realloc(in->vdis, (in->n_vdis + 1) * sizeof(*nv));

	if (!nv)
		return rl_err_set(c->e, RL_E_NOMEM, "out of memory");
	in->vdis = nv;
	snprintf(nv[in->n_vdis].old_uuid, 37, "%s", old_u);
	snprintf(nv[in->n_vdis].new_uuid, 37, "%s", new_u);
	in->n_vdis++;
	return rl_plan_add_id(c->p, RL_ID_VDI_UUID, old_u, new_u, "", c->e);
}

static const char *vdi_new(const struct ctx *c, const char *old_u)
{
	size_t i;

	for (i = 0; i < c->info->n_vdis; i++)
		if (!strcmp(c->info->vdis[i].old_uuid, old_u))
			return c->info->vdis[i].new_uuid;
	return NULL;
}

static int pick_ids(struct ctx *c)
{
	const struct lun_vg *v = c->v;
	unsigned k, i;
	char d1[39], d2[39];

	if (rl_lvm_id_new(c->o->random, c->vg_new_raw, c->e) < 0)
		return -1;
	lvm_id_dashed(c->vg->id, c->info->old_vg_uuid);
	lvm_id_dashed(c->vg_new_raw, c->info->new_vg_uuid);
	for (k = 0; k < c->vg->n_pvs; k++)
		if (rl_lvm_id_new(c->o->random, c->pv_new[k], c->e) < 0)
			return -1;
	if (c->v->is_sr && rl_plan_add_id(c->p, RL_ID_SR_UUID, c->info->old_sr_uuid,
					  c->info->new_sr_uuid, "", c->e) < 0)
		return -1;
	if (rl_plan_add_id(c->p, RL_ID_VG_NAME, c->info->old_vg_name, c->info->new_vg_name, "",
			   c->e) < 0 ||
	    rl_plan_add_id(c->p, RL_ID_VG_UUID, c->info->old_vg_uuid, c->info->new_vg_uuid, "",
			   c->e) < 0)
		return -1;
	for (k = 0; k < c->vg->n_pvs; k++) {
		lvm_id_dashed(c->vg->pvs[k].id, d1);
		lvm_id_dashed(c->pv_new[k], d2);
		if (rl_plan_add_id(c->p, RL_ID_PV_UUID, d1, d2, v->pvs[k]->dev->path, c->e) < 0)
			return -1;
	}
	if (!c->full)
		return 0;
	for (i = 0; i < v->n_vdis; i++) {
		const struct lun_vdi *d = &v->vdis[i];
		char nu[37], *nn = c->lv_new[d->lv];

		do
			if (rl_uuid_new(c->o->random, nu, c->e) < 0)
				return -1;
		while (!strcmp(nu, d->uuid));
		if (lvhd_lv_name(d->kind, nu, nn, LVM_NAME_LEN + 1) < 0)
			return rl_err_set(c->e, RL_E_INVAL, "cannot name the LV for VDI %s", nu);
		if (add_vdi_pair(c, d->uuid, nu) < 0 ||
		    rl_plan_add_id(c->p, RL_ID_LV_NAME, c->vg->lvs[d->lv].name, nn, "", c->e) < 0)
			return -1;
	}
	/* MGT records without an LV keep pool-wide unique uuids too */
	if (v->mgt)
		for (i = 0; i < v->mgt->n_vdis; i++) {
			const struct mgt_vdi *m = &v->mgt->vdis[i];
			char nu[37];

			if (m->deleted || vdi_new(c, m->uuid))
				continue;
			if (rl_uuid_new(c->o->random, nu, c->e) < 0 ||
			    add_vdi_pair(c, m->uuid, nu) < 0)
				return -1;
		}
	return 0;
}

/* ---- the metadata text ---- */

static int edit_str(struct lvm_text_edit *ed, struct lvm_text_span sp, const char *s)
{
	return lvm_text_edit_replace(ed, sp.start, sp.end, s, strlen(s));
}

static int edit_quoted_id(struct lvm_text_edit *ed, struct lvm_text_span sp, const char *raw)
{
	char d[39], q[48];

	lvm_id_dashed(raw, d);
	snprintf(q, sizeof(q), "\"%s\"", d);
	return edit_str(ed, sp, q);
}

static int add_tag_edit(struct ctx *c, const char *text, struct lvm_text_edit *ed)
{
	const struct lvm_vg *vg = c->vg;
	char tag[64], item[80];
	unsigned i;

	snprintf(tag, sizeof(tag), LVM_PROVENANCE_TAG_PREFIX "%s", vg->id);
	if (!lvm_tag_valid(tag))
		return 0; /* an id with characters a tag cannot hold: no tag */
	for (i = 0; i < vg->n_tags; i++)
		if (!strcmp(vg->tags[i], tag))
			return 0;
	if (vg->has_tags) {
		size_t open = vg->tags_span.start, close = vg->tags_span.end - 1, k;
		int empty = 1;

		for (k = open + 1; k < close; k++)
			if (text[k] != ' ' && text[k] != '\t' && text[k] != '\n')
				empty = 0;
		snprintf(item, sizeof(item), "%s\"%s\"", empty ? "" : ", ", tag);
		return lvm_text_edit_replace(ed, close, close, item, strlen(item));
	}
	/* no tags line: add one after flags (LVM's export order), or status */
	{
		struct lvm_text_span after = vg->flags_span.end ? vg->flags_span : vg->status_span;
		const char *nl = strchr(text + after.end, '\n');
		size_t at;
		char line[100];

		if (!nl)
			return rl_err_set(c->e, RL_E_UNSUPPORTED, "metadata text has no line after "
					  "the VG flags");
		at = (size_t)(nl - text) + 1;
		snprintf(line, sizeof(line), "tags = [\"%s\"]\n", tag);
		return lvm_text_edit_replace(ed, at, at, line, strlen(line));
	}
}

/* Remove the whole line of an assignment (LVM writes one per line). */
static int drop_line(struct lvm_text_edit *ed, const char *text, size_t tlen,
		     const struct lvm_cfg_node *n)
{
	size_t a = n->item_span.start, b = n->item_span.end;

	while (a > 0 && text[a - 1] != '\n')
		a--;
	while (b < tlen && text[b] != '\n')
		b++;
	if (b < tlen)
		b++;
	return lvm_text_edit_replace(ed, a, b, "", 0);
}

/* The device identity a PV inherited names the ORIGINAL's LUN: LVM 2.03
 * matches PVs to its devices file by it, and the judge reads it as
 * evidence.  A loop_file record is rewritten to name this PV's file; any
 * other type (sys_wwid, sys_serial, mpath_uuid, whose value relun does not
 * read here) is dropped, and LVM records the right one again when it next
 * writes the VG.  The device hint is set to this PV's path. */
static int edit_device_ids(struct ctx *c, const char *text, size_t tlen,
			   struct lvm_text_edit *ed)
{
	unsigned k;

	for (k = 0; k < c->vg->n_pvs; k++) {
		const struct lvm_pv *pv = &c->vg->pvs[k];
		const char *id = k < c->o->n_idents && c->o->idents ? c->o->idents[k] : NULL;
		const struct lvm_cfg_node *tn = NULL, *vn = NULL, *hn = NULL;
		const char *s;

		if (!pv->node)
			continue;
		if (lvm_cfg_get_str(pv->node, "device", &s, &hn) == 1 && c->v->pvs[k] &&
		    lvm_text_edit_set_string(ed, &hn->values[0], c->v->pvs[k]->dev->path) < 0)
			return -1;
		lvm_cfg_get_str(pv->node, "device_id_type", &s, &tn);
		lvm_cfg_get_str(pv->node, "device_id", &s, &vn);
		if (!tn && !vn)
			continue;
		if (tn && vn && !strcmp(pv->device_id_type, "loop_file") && id &&
		    !strncmp(id, "loop_file:", 10)) {
			if (lvm_text_edit_set_string(ed, &vn->values[0], id + 10) < 0)
				return -1;
			continue;
		}
		if ((tn && drop_line(ed, text, tlen, tn) < 0) ||
		    (vn && drop_line(ed, text, tlen, vn) < 0))
			return -1;
	}
	return 0;
}

static char *new_text(struct ctx *c, const char *text, size_t tlen, size_t *nlen)
{
	const struct lvm_vg *vg = c->vg;
	struct lvm_text_edit ed;
	char seq[32];
	unsigned k;
	char *out = NULL;
	int bad = 0;

	lvm_text_edit_init(&ed);
	snprintf(seq, sizeof(seq), "%llu", (unsigned long long)(vg->seqno + 1));
	c->info->seqno = vg->seqno + 1;
	bad |= edit_str(&ed, vg->name_span, c->info->new_vg_name) < 0;
	bad |= edit_quoted_id(&ed, vg->id_span, c->vg_new_raw) < 0;
	bad |= edit_str(&ed, vg->seqno_span, seq) < 0;
	for (k = 0; k < vg->n_pvs; k++)
		bad |= edit_quoted_id(&ed, vg->pvs[k].id_span, c->pv_new[k]) < 0;
	for (k = 0; k < vg->n_lvs; k++)
		if (c->lv_new[k][0])
			bad |= edit_str(&ed, vg->lvs[k].name_span, c->lv_new[k]) < 0;
	bad |= edit_device_ids(c, text, tlen, &ed) < 0;
	if (bad) {
		rl_err_set(c->e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	if (add_tag_edit(c, text, &ed) < 0) {
		if (c->e->code == RL_OK)
			rl_err_set(c->e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	out = lvm_text_edit_apply(text, tlen, &ed, nlen, c->e);
out:
	lvm_text_edit_free(&ed);
	return out;
}

/* The edited text must read back as the VG we meant. */
static int check_text(struct ctx *c, const char *t, size_t n)
{
	struct lvm_vg *nv = NULL;
	unsigned k;
	int r = -1;

	if (lvm_vg_from_text(t, n, 0, &nv, c->e) < 0) {
		rl_err_prefix(c->e, "edited metadata does not parse: ");
		return -1;
	}
	if (strcmp(nv->name, c->info->new_vg_name) || strcmp(nv->id, c->vg_new_raw) ||
	    nv->seqno != c->vg->seqno + 1 || nv->n_pvs != c->vg->n_pvs ||
	    nv->n_lvs != c->vg->n_lvs) {
		rl_err_set(c->e, RL_E_INVAL, "edited metadata does not say what was meant");
		goto out;
	}
	for (k = 0; k < nv->n_pvs; k++)
		if (strcmp(nv->pvs[k].id, c->pv_new[k])) {
			rl_err_set(c->e, RL_E_INVAL, "edited metadata: PV %u id wrong", k);
			goto out;
		}
	for (k = 0; k < nv->n_lvs; k++)
		if (strcmp(nv->lvs[k].name, c->lv_new[k][0] ? c->lv_new[k] : c->vg->lvs[k].name)) {
			rl_err_set(c->e, RL_E_INVAL, "edited metadata: LV %u name wrong", k);
			goto out;
		}
	r = 0;
out:
	lvm_vg_free(nv);
	return r;
}

static int plan_metadata(struct ctx *c, const char *t, size_t tlen)
{
	uint64_t size = tlen + 1; /* the NUL is part of the copy */
	uint32_t crc = lvm_text_checksum(t, (size_t)size);
	unsigned k, i, j;
	char what[64];

	for (k = 0; k < c->vg->n_pvs; k++) {
		const struct lun_pv *pv = c->v->pvs[k];
		uint8_t sec[LVM_SECTOR_SIZE];

		for (i = 0; i < pv->n_mda; i++) {
			const struct lun_mda *m = &pv->mda[i];
			struct lvm_mda_header h;
			struct lvm_raw_locn nl;
			struct lvm_span sp[2];
			uint8_t *bufs[2] = { NULL, NULL }, hdr[LVM_MDA_HEADER_SIZE];
			unsigned n = 0;
			int bad = 0;

			if (!m->hdr_ok)
				return rl_err_at(c->e, RL_E_CORRUPT, m->locn.offset,
						 "%s: mda%u header unreadable", pv->dev->path, i + 1);
			if (m->ignored)
				continue; /* LVM keeps no text there either */
			rl_err_init(c->e, pv->dev->path);
			if (lvm_mda_place_next(&m->hdr, size, &nl, sp, &n, c->e) < 0) {
				rl_err_prefix(c->e, "mda%u: ", i + 1);
				return -1;
			}
			nl.checksum = crc;
			for (j = 0; j < n; j++) {
				bufs[j] = malloc((size_t)sp[j].len);
				bad |= !bufs[j];
			}
			if (!bad) {
				lvm_mda_fill_spans(t, size, sp, n, bufs);
				for (j = 0; j < n && !bad; j++) {
					snprintf(what, sizeof(what), "mda%u text%s", i + 1,
						 j ? " (wrapped part)" : "");
					bad = dev_patch(c, k, RL_PHASE_TEXT, sp[j].off, bufs[j],
							sp[j].len, what) < 0;
				}
			} else {
				rl_err_set(c->e, RL_E_NOMEM, "out of memory");
			}
			free(bufs[0]);
			free(bufs[1]);
			if (bad)
				return -1;
			h = m->hdr;
			h.rlocn[0] = nl;
			memset(&h.rlocn[1], 0, sizeof(h.rlocn[1]));
			lvm_mda_header_serialize(&h, hdr);
			snprintf(what, sizeof(what), "mda%u header", i + 1);
			if (dev_patch(c, k, RL_PHASE_MDAHDR, m->locn.offset, hdr, sizeof(hdr), what) < 0)
				return -1;
		}
		memcpy(sec, pv->label_raw, sizeof(sec));
		if (lvm_label_set_pv_uuid(sec, c->pv_new[k], c->e) < 0 ||
		    dev_patch(c, k, RL_PHASE_LABEL, lvm_label_offset(pv->label.sector), sec,
			      sizeof(sec), "label") < 0)
			return -1;
	}
	return 0;
}

/* ---- MGT ---- */

/* --vdi-name-label: each live VDI record's label sector (its first) from
 * the template, the old label as {label}; the record's other sector stays
 * as it is.  A label that does not fit its sector is refused. */
/* A label sector is rewritten from mgt_serialize's bytes, which hold that
 * sector's element and nothing else only where the MGT is laid out as sm
 * writes it.  A record laid out otherwise (an element that starts in the
 * label sector and ends in the next) would be cut in two: refused unless
 * the MGT's sector at off is byte for byte what mgt_serialize makes of the
 * same, unchanged, records (sm-written MGTs are; tests/unit/test_mgt.c). */
static int mgt_sector_as_sm(struct ctx *c, const uint8_t *ser0, size_t slen0, uint64_t off,
			    const char *opt, const char *what)
{
	if (off + MGT_SECTOR <= slen0 && off + MGT_SECTOR <= c->v->mgt_len &&
	    !memcmp(ser0 + off, c->v->mgt_raw + off, MGT_SECTOR))
		return 0;
	return rl_err_set(c->e, RL_E_UNSUPPORTED, "%s: %s at MGT offset %llu is not laid out as "
			  "sm writes it; relun will not rewrite it", opt, what,
			  (unsigned long long)off);
}

static int plan_vdi_labels(struct ctx *c, const struct mgt *m, uint8_t *buf, size_t len,
			   const uint8_t *ser0, size_t slen0)
{
	struct mgt tmp = *m;
	struct mgt_vdi *v = calloc(m->n_vdis ? m->n_vdis : 1, sizeof(*v));
	struct rl_label_vars lv;
	uint8_t *ser = NULL;
	size_t slen = 0;
	unsigned i;
	int r = -1;

	if (!v)
		return rl_err_set(c->e, RL_E_NOMEM, "out of memory");
	memcpy(v, m->vdis, m->n_vdis * sizeof(*v));
	for (i = 0; i < m->n_vdis; i++)
		v[i].name_label = NULL;
	lv.date = c->o->label_date ? c->o->label_date : "";
	lv.sr_uuid = c->info->new_sr_uuid;
	lv.index = c->o->label_index ? c->o->label_index : 1;
	for (i = 0; i < m->n_vdis; i++) {
		lv.label = m->vdis[i].name_label;
		if (m->vdis[i].deleted) {
			v[i].name_label = strdup(m->vdis[i].name_label);
		} else if ((v[i].name_label = malloc(RL_LABEL_MGT_MAX + 1)) &&
			   rl_label_expand(c->o->vdi_name_label, &lv, v[i].name_label,
					   RL_LABEL_MGT_MAX + 1, c->e) < 0) {
			rl_err_prefix(c->e, "--vdi-name-label: VDI %s: ", m->vdis[i].uuid);
			goto out;
		}
		if (!v[i].name_label) {
			rl_err_set(c->e, RL_E_NOMEM, "out of memory");
			goto out;
		}
		/* mgt_serialize would cut it as sm does: refused instead */
		if (!m->vdis[i].deleted &&
		    mgt_xml_len(v[i].name_label) + mgt_xml_len(m->vdis[i].name_description) >
			    MGT_MAX_LABEL_DESC) {
			rl_err_set(c->e, RL_E_INVAL, "--vdi-name-label: VDI %s: its label and "
				   "description take %zu bytes in MGT (& < > escaped); sm keeps at "
				   "most %d together: shorten the label", m->vdis[i].uuid,
				   mgt_xml_len(v[i].name_label) +
					   mgt_xml_len(m->vdis[i].name_description),
				   MGT_MAX_LABEL_DESC);
			goto out;
		}
	}
	tmp.vdis = v;
	if (mgt_serialize(&tmp, &ser, &slen, c->e) < 0) {
		rl_err_prefix(c->e, "--vdi-name-label: ");
		goto out;
	}
	for (i = 0; i < m->n_vdis; i++) {
		uint64_t off = m->vdis[i].off;
		char what[96];

		if (m->vdis[i].deleted)
			continue;
		snprintf(what, sizeof(what), "VDI record %s", m->vdis[i].uuid);
		if (mgt_sector_as_sm(c, ser0, slen0, off, "--vdi-name-label", what) < 0)
			goto out;
		if (off + MGT_SECTOR > len || off + MGT_SECTOR > slen) {
			rl_err_set(c->e, RL_E_CORRUPT, "MGT VDI record %s outside the MGT in use",
				   m->vdis[i].uuid);
			goto out;
		}
		memcpy(buf + off, ser + off, MGT_SECTOR);
	}
	r = 0;
out:
	for (i = 0; i < m->n_vdis; i++)
		free(v[i].name_label);
	free(v);
	free(ser);
	return r;
}

static void mgt_what(const struct mgt *m, uint64_t rec, char *out, size_t n)
{
	static const char *const sr_info[MGT_REC_VDI0] = {
		[MGT_REC_HEADER] = "MGT header",
		[MGT_REC_SR_UUID] = "MGT SR uuid",
		[MGT_REC_SR_NAME_LABEL] = "MGT SR name label",
		[MGT_REC_SR_DESCRIPTION] = "MGT SR description",
	};
	uint64_t slot;

	if (rec < MGT_REC_VDI0) {
		snprintf(out, n, "%s", sr_info[rec]);
		return;
	}
	slot = rec - MGT_REC_VDI0;
	if (slot < m->n_vdis)
		snprintf(out, n, "MGT VDI record %s", m->vdis[slot].uuid);
	else
		snprintf(out, n, "MGT VDI record %llu", (unsigned long long)slot);
}

static int plan_mgt(struct ctx *c)
{
	const struct lun_vg *v = c->v;
	const struct mgt *m = v->mgt;
	uint8_t *buf, *ser0 = NULL;
	size_t len = v->mgt_len, s, t, slen0 = 0;
	unsigned i;
	int r = -1;

	if (!m)
		return 0;
	if (len % MGT_SECTOR)
		return rl_err_set(c->e, RL_E_CORRUPT, "MGT in-use length %zu is not whole sectors", len);
	buf = malloc(len);
	if (!buf)
		return rl_err_set(c->e, RL_E_NOMEM, "out of memory");
	memcpy(buf, v->mgt_raw, len);
	if (mgt_patch_uuid(buf, len, m->sr_uuid_off, m->sr_uuid, c->info->new_sr_uuid, c->e) < 0)
		goto out;
	for (i = 0; c->full && i < m->n_vdis; i++) {
		const struct mgt_vdi *d = &m->vdis[i];
		const char *nu;

		if (d->deleted)
			continue;
		nu = vdi_new(c, d->uuid);
		if (nu && d->uuid_off &&
		    mgt_patch_uuid(buf, len, d->uuid_off, d->uuid, nu, c->e) < 0)
			goto out;
		nu = d->snapshot_of[0] ? vdi_new(c, d->snapshot_of) : NULL;
		if (nu && d->snapshot_of_off &&
		    mgt_patch_uuid(buf, len, d->snapshot_of_off, d->snapshot_of, nu, c->e) < 0)
			goto out;
	}
	if ((c->o->name_label && strcmp(c->o->name_label, m->sr_name_label)) ||
	    c->o->vdi_name_label) {
		if (mgt_serialize(m, &ser0, &slen0, c->e) < 0) {
			rl_err_prefix(c->e, "MGT as it is: ");
			goto out;
		}
	}
	if (c->o->name_label && strcmp(c->o->name_label, m->sr_name_label)) {
		const uint64_t nl_off = mgt_record_offset(MGT_REC_SR_NAME_LABEL);
		struct mgt tmp = *m;
		uint8_t *ser = NULL;
		size_t slen = 0;

		if (mgt_sector_as_sm(c, ser0, slen0, nl_off, "--name-label", "the SR name label") < 0)
			goto out;
		tmp.sr_name_label = (char *)c->o->name_label;
		if (mgt_serialize(&tmp, &ser, &slen, c->e) < 0) {
			rl_err_prefix(c->e, "--name-label: ");
			goto out;
		}
		if (slen < nl_off + MGT_SECTOR || len < nl_off + MGT_SECTOR) {
			free(ser);
			rl_err_set(c->e, RL_E_CORRUPT, "MGT too short for an SR name label");
			goto out;
		}
		memcpy(buf + nl_off, ser + nl_off, MGT_SECTOR);
		free(ser);
	}
	if (c->o->vdi_name_label && plan_vdi_labels(c, m, buf, len, ser0, slen0) < 0)
		goto out;
	/* one region run per changed record: the SR info sectors alone, a VDI
	 * record's two sectors together */
	for (s = 0; s < len; s = t) {
		uint64_t rec = mgt_sector_record(s / MGT_SECTOR);
		char what[96];

		t = s + MGT_SECTOR;
		if (!memcmp(buf + s, v->mgt_raw + s, MGT_SECTOR))
			continue;
		while (t < len && memcmp(buf + t, v->mgt_raw + t, MGT_SECTOR) &&
		       mgt_sector_record(t / MGT_SECTOR) == rec)
			t += MGT_SECTOR;
		mgt_what(m, rec, what, sizeof(what));
		if (lv_regions(c, (unsigned)v->mgt_lv, s, v->mgt_raw + s, buf + s, t - s, what) < 0)
			goto out;
	}
	r = 0;
out:
	free(ser0);
	free(buf);
	return r;
}

/* ---- VHD parent locators and prt_name ---- */

static const char *lv_name_after(const struct ctx *c, const char *name)
{
	int i = lvm_vg_lv_by_name(c->vg, name);

	if (i >= 0 && c->lv_new[i][0])
		return c->lv_new[i];
	return name;
}

static const char *code_name(uint32_t code)
{
	return vhd_platform_has_path(code) ? vhd_platform_name(code) : "locator";
}

static int plan_vhd(struct ctx *c, const struct lun_vdi *d)
{
	const char *lvname = c->vg->lvs[d->lv].name;
	char what[RL_PLAN_WHAT_MAX];
	unsigned i;

	for (i = 0; i < d->n_loc; i++) {
		const struct lun_locator *l = &d->loc[i];
		char path[LVHD_LOCATOR_LEN + 64];
		uint8_t enc[1024];
		size_t elen = 0;

		/* every locator names this VG's parent after the resign, or
		 * the resign does not happen: a locator left naming the old
		 * VG resolves into the original SR while both are attached */
		if (!l->parsed)
			return rl_err_set(c->e, RL_E_UNSUPPORTED,
					  "VDI %s (%s): parent locator %s \"%s\" is in a form relun "
					  "does not read; it would keep naming the original SR",
					  d->uuid, lvname, code_name(l->code), l->path);
		if (!l->names_this_vg || strcmp(l->target_lv, d->parent_lv))
			return rl_err_set(c->e, RL_E_UNSUPPORTED,
					  "VDI %s (%s): parent locator %s \"%s\" names %s/%s, not the "
					  "parent %s in this VG %s; relun will not leave it naming "
					  "another SR; repair the chain first (vhd-util modify -p)",
					  d->uuid, lvname, code_name(l->code), l->path, l->form.vg,
					  l->form.lv, d->parent_lv[0] ? d->parent_lv : "(none)",
					  c->vg->name);
		if (lvhd_locator_format(&l->form, c->info->new_vg_name,
					lv_name_after(c, l->target_lv), path, sizeof(path)) < 0)
			return rl_err_set(c->e, RL_E_UNSUPPORTED, "%s: parent locator %u too long",
					  lvname, l->slot);
		if (vhd_locator_encode(l->code, path, enc, sizeof(enc), &elen, c->e) < 0) {
			rl_err_prefix(c->e, "%s locator %u: ", lvname, l->slot);
			return -1;
		}
		if (elen != l->data_len)
			return rl_err_set(c->e, RL_E_UNSUPPORTED,
					  "%s: parent locator %u would change length (%u -> %zu bytes)",
					  lvname, l->slot, l->data_len, elen);
		snprintf(what, sizeof(what), "%s locator %s", lvname, code_name(l->code));
		if (lv_patch(c, d->lv, l->lv_off, enc, elen, what) < 0)
			return -1;
	}
	/* prt_name: the parent's dm name (what blktap's canonpath gives
	 * vhd-util), or a bare LV name */
	{
		char old[300], nn[300], vgn[LVM_NAME_LEN + 1], lvn[256], path[310];

		nn[0] = old[0] = '\0';
		if (vhd_prt_name_get(&d->header, old, sizeof(old)) > 0) {
			snprintf(path, sizeof(path), "./%s", old);
			if (lvhd_locator_split(path, vgn, sizeof(vgn), lvn, sizeof(lvn)) == 0 &&
			    !strcmp(vgn, c->vg->name))
				lvhd_dm_name(c->info->new_vg_name, lv_name_after(c, lvn), nn, sizeof(nn));
			else if (c->full)
				snprintf(nn, sizeof(nn), "%s", lv_name_after(c, old));
		}
		/* sm finds the parent by the LV part of prt_name whatever VG it
		 * names: if that LV is renamed, prt_name must follow (found by
		 * fuzz_plan: a prt_name naming another VG was left naming the
		 * old LV, and the resigned child lost its parent) */
		if (d->parent_index >= 0 && strcmp(lv_name_after(c, d->parent_lv), d->parent_lv) &&
		    (!nn[0] || !strcmp(nn, old)))
			return rl_err_set(c->e, RL_E_UNSUPPORTED,
					  "%s: prt_name %s names parent %s through another VG; "
					  "it cannot follow the parent's new name",
					  lvname, old, d->parent_lv);
		if (nn[0] && strcmp(nn, old)) {
			struct vhd_header h = d->header;
			uint8_t out[VHD_HEADER_SIZE];

			if (strlen(nn) != strlen(old) || vhd_prt_name_set(&h, nn) < 0)
				return rl_err_set(c->e, RL_E_UNSUPPORTED,
						  "%s: prt_name %s cannot become %s", lvname, old, nn);
			vhd_header_serialize(&h, out);
			snprintf(what, sizeof(what), "%s header prt_name", lvname);
			if (lv_patch(c, d->lv, d->header_lv_off, out, sizeof(out), what) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- the whole plan ---- */

static const struct lun_pv *base_pv(const struct lun_vg *v)
{
	unsigned k;

	for (k = 0; k < v->n_pvs; k++)
		if (v->pvs[k] && v->pvs[k]->vg == v->vg)
			return v->pvs[k];
	return NULL;
}

static int check_same_text(struct ctx *c, const struct lun_pv *base)
{
	const struct lun_mda *bm = &base->mda[base->best];
	unsigned k;

	for (k = 0; k < c->vg->n_pvs; k++) {
		const struct lun_pv *pv = c->v->pvs[k];
		const struct lun_mda *m;

		if (pv->best < 0)
			return rl_err_set(c->e, RL_E_UNSUPPORTED, "%s: PV without metadata text",
					  pv->dev->path);
		m = &pv->mda[pv->best];
		if (m->text_size != bm->text_size || memcmp(m->text, bm->text, bm->text_size)) {
			rl_err_init(c->e, pv->dev->path);
			return rl_err_at(c->e, RL_E_CORRUPT, pv->mda[pv->best].locn.offset,
					 "metadata differs from %s's (seqno %llu vs %llu); run vgck "
					 "--updatemetadata first", base->dev->path,
					 (unsigned long long)m->seqno, (unsigned long long)bm->seqno);
		}
	}
	return 0;
}

/* How much of each PV's start the journal fingerprints: the label, every
 * mda header and committed text copy, and every planned region that lies
 * before the first PE, rounded up to 64 KiB.  Hashing the whole area up to
 * pe_start (11 MiB with sm's --metadatasize) cost more than all else in a
 * resign; the unused rest of the metadata ring holds only stale copies. */
static void set_fingerprint_len(struct ctx *c)
{
	const uint64_t round = 64u << 10;
	unsigned k, i, j;
	size_t r;

	for (k = 0; k < c->vg->n_pvs && k < c->p->ndevs; k++) {
		const struct lun_pv *pv = c->v->pvs[k];
		uint64_t pe = lvm_sectors_to_bytes(c->vg->pvs[k].pe_start), end = LVM_LABEL_SCAN_SIZE;

		if (!pe)
			continue; /* no data area recorded: keep the 1 MiB default */
#define GROW(o, l) do { if ((o) < pe && (o) + (l) > end) end = (o) + (l); } while (0)
		for (i = 0; i < pv->n_mda; i++) {
			const struct lun_mda *m = &pv->mda[i];

			GROW(m->locn.offset, (uint64_t)LVM_MDA_HEADER_SIZE);
			for (j = 0; m->text_ok && j < m->n_spans; j++)
				GROW(m->spans[j].off, m->spans[j].len);
		}
		for (r = 0; r < c->p->nregs; r++)
			if (c->p->regs[r].dev == k)
				GROW(c->p->regs[r].off, (uint64_t)c->p->regs[r].len);
#undef GROW
		end = (end + round - 1) / round * round;
		if (end < c->p->devs[k].hdr_len)
			c->p->devs[k].hdr_len = end;
	}
}

int rl_plan_build(const struct lun_vg *v, const struct rl_planner_opts *o, struct rl_plan *p,
		  struct rl_plan_info *info, struct rl_err *e)
{
	struct ctx c;
	const struct lun_pv *base;
	char *nt = NULL;
	size_t nlen = 0;
	unsigned k, i;
	int r = -1;

	memset(info, 0, sizeof(*info));
	memset(&c, 0, sizeof(c));
	rl_plan_init(p, v->vg ? v->vg->name : "", "");
	if (!v->vg || v->partial || !v->n_pvs)
		return rl_err_set(e, RL_E_INVAL, "the VG is incomplete");
	c.v = v;
	c.vg = v->vg;
	c.o = o;
	c.p = p;
	c.info = info;
	c.e = e;
	info->is_sr = v->is_sr;
	info->inflight_kept = v->n_inflight;
	c.lv_new = calloc(c.vg->n_lvs ? c.vg->n_lvs : 1, sizeof(*c.lv_new));
	c.pv_new = calloc(c.vg->n_pvs, sizeof(*c.pv_new));
	if (!c.lv_new || !c.pv_new) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	base = base_pv(v);
	if (!base || base->best < 0) {
		rl_err_set(e, RL_E_INVAL, "no PV holds the VG's metadata");
		goto out;
	}
	if (pick_scope(&c) < 0 || pick_names(&c) < 0 || check_same_text(&c, base) < 0)
		goto out;
	for (k = 0; k < c.vg->n_pvs; k++) {
		const struct rl_dev *d = v->pvs[k]->dev;
		uint64_t hdr = lvm_sectors_to_bytes(c.vg->pvs[k].pe_start);
		const char *id = k < o->n_idents && o->idents ? o->idents[k] : NULL;

		if (rl_plan_add_dev(p, d->path, id, d->size, d->rdev, hdr ? hdr : (1u << 20), SECT,
				    e) < 0)
			goto out;
	}
	if (pick_ids(&c) < 0)
		goto out;
	{
		const struct lun_mda *bm = &base->mda[base->best];

		nt = new_text(&c, bm->text, strlen(bm->text), &nlen);
		if (!nt || check_text(&c, nt, nlen) < 0)
			goto out;
	}
	if (plan_metadata(&c, nt, nlen) < 0)
		goto out;
	if (c.sr) {
		if (plan_mgt(&c) < 0)
			goto out;
		for (i = 0; i < v->n_vdis; i++)
			if (v->vdis[i].has_header && plan_vhd(&c, &v->vdis[i]) < 0)
				goto out;
	}
	if (v->mgt) {
		for (i = 0; i < v->mgt->n_vdis; i++)
			if (!v->mgt->vdis[i].deleted && !strcmp(v->mgt->vdis[i].type, "metadata"))
				info->pool_metadata = 1;
		snprintf(info->name_label, sizeof(info->name_label), "%s",
			 o->name_label ? o->name_label : v->mgt->sr_name_label);
	} else {
		snprintf(info->name_label, sizeof(info->name_label), "%s",
			 o->name_label ? o->name_label : info->new_vg_name);
	}
	set_fingerprint_len(&c);
	if (rl_plan_finalize(p, e) < 0)
		goto out;
	r = 0;
out:
	/* a refused plan is never handed out half built */
	if (r < 0) {
		rl_plan_free(p);
		rl_plan_info_free(info);
	}
	free(nt);
	free(c.lv_new);
	free(c.pv_new);
	return r;
}
