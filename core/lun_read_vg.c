/* lun_read_vg: one copy of a VG assembled from its PVs, then MGT and each
 * VDI's VHD metadata read straight from the PVs through the extent map. */
#include "lun_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_extent.h"

#define LOC_DATA_MAX 4096 /* a locator's data_space; libvhd uses 512 */

static void vg_problem(struct lun_vg *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vg_problem(struct lun_vg *v, const char *fmt, ...)
{
	va_list ap;

	v->damaged = 1;
	if (v->n_problems >= sizeof(v->problems) / sizeof(v->problems[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(v->problems[v->n_problems++], sizeof(v->problems[0]), fmt, ap);
	va_end(ap);
}

int lun_read_lv(const struct lun_vg *v, unsigned lv, uint64_t off, void *buf, size_t len,
		struct rl_err *e)
{
	struct lvm_dev_range r[16];
	unsigned n = 0, i;
	uint8_t *p = buf;

	if (lv >= v->vg->n_lvs)
		return rl_err_set(e, RL_E_INVAL, "no LV %u", lv);
	while (len) {
		if (lvm_lv_map(v->vg, &v->vg->lvs[lv], off, len, r, 16, &n, e) < 0)
			return -1;
		if (n == 0)
			return rl_err_set(e, RL_E_CORRUPT, "LV %s: empty mapping at %llu",
					  v->vg->lvs[lv].name, (unsigned long long)off);
		for (i = 0; i < n; i++) {
			const struct lun_pv *pv = r[i].pv < v->n_pvs ? v->pvs[r[i].pv] : NULL;

			if (!pv)
				return rl_err_set(e, RL_E_NOTFOUND,
						  "LV %s needs PV %s, which was not given",
						  v->vg->lvs[lv].name, v->vg->pvs[r[i].pv].key);
			if (rl_pread(pv->dev, p, r[i].len, r[i].off, e) < 0)
				return -1;
			p += r[i].len;
			off += r[i].len;
			len -= r[i].len;
		}
	}
	return 0;
}

/* Device offset of an LV offset (for messages); 0 if unmapped. */
static uint64_t lv_dev_off(const struct lun_vg *v, unsigned lv, uint64_t off)
{
	struct lvm_dev_range r;
	unsigned n = 0;
	struct rl_err e;

	if (lvm_lv_map(v->vg, &v->vg->lvs[lv], off, 1, &r, 1, &n, &e) < 0 || n == 0)
		return 0;
	return r.off;
}

static void read_mgt(struct lun_vg *v)
{
	uint8_t sec0[MGT_SECTOR];
	unsigned lv = (unsigned)v->mgt_lv;
	uint64_t lv_size = lvm_lv_size_bytes(v->vg, &v->vg->lvs[lv]);
	uint64_t len, base = lv_dev_off(v, lv, 0);
	struct rl_err *e = &v->mgt_err;
	char msg[700];

	rl_err_init(e, v->pvs[0] ? v->pvs[0]->dev->path : NULL);
	if (lun_read_lv(v, lv, 0, sec0, sizeof(sec0), e) < 0)
		goto bad;
	if (mgt_header_length(sec0, &len, e) < 0) {
		e->has_off = 1;
		e->off = base;
		goto bad;
	}
	if (len > lv_size) {
		rl_err_at(e, RL_E_CORRUPT, base, "MGT header length %llu exceeds the LV (%llu bytes)",
			  (unsigned long long)len, (unsigned long long)lv_size);
		goto bad;
	}
	v->mgt_raw = malloc(len);
	if (!v->mgt_raw) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto bad;
	}
	v->mgt_len = len;
	if (lun_read_lv(v, lv, 0, v->mgt_raw, len, e) < 0)
		goto bad;
	if (mgt_parse(v->mgt_raw, len, base, &v->mgt, e) < 0)
		goto bad;
	return;
bad:
	vg_problem(v, "MGT: %s", rl_err_str(e, msg, sizeof(msg)));
}

static void vdi_problem(struct lun_vg *v, struct lun_vdi *d, const struct rl_err *e)
{
	char msg[700];

	d->err = *e;
	vg_problem(v, "%s: %s", v->vg->lvs[d->lv].name, rl_err_str(e, msg, sizeof(msg)));
}

static void read_locators(struct lun_vg *v, struct lun_vdi *d)
{
	uint8_t data[LOC_DATA_MAX];
	struct rl_err e;
	unsigned i, used = 0;

	for (i = 0; i < VHD_NLOC; i++)
		used += d->header.loc[i].code != VHD_PLAT_NONE;
	if (!used)
		return;
	d->loc = calloc(used, sizeof(*d->loc));
	if (!d->loc) {
		rl_err_init(&e, v->pvs[0]->dev->path);
		rl_err_set(&e, RL_E_NOMEM, "out of memory reading parent locators");
		vdi_problem(v, d, &e);
		return;
	}
	for (i = 0; i < VHD_NLOC; i++) {
		const struct vhd_locator *l = &d->header.loc[i];
		struct lun_locator *o;


		if (l->code == VHD_PLAT_NONE)
			continue;
		o = &d->loc[d->n_loc++];
		o->slot = i;
		o->code = l->code;
		o->lv_off = l->data_offset;
		o->data_space = (uint32_t)vhd_locator_size(l);
		o->data_len = l->data_len;
		rl_err_init(&e, v->pvs[0]->dev->path);
		if (l->data_len > sizeof(data) ||
		    l->data_offset + l->data_len > d->lv_size) {
			rl_err_at(&e, RL_E_CORRUPT, lv_dev_off(v, d->lv, d->header_lv_off),
				  "parent locator %u (%u bytes at %llu) lies outside the LV",
				  i, l->data_len, (unsigned long long)l->data_offset);
			vdi_problem(v, d, &e);
			continue;
		}
		if (lun_read_lv(v, d->lv, l->data_offset, data, l->data_len, &e) < 0 ||
		    vhd_locator_decode(l->code, data, l->data_len, o->path, sizeof(o->path), &e) < 0) {
			if (!e.has_off) {
				e.has_off = 1;
				e.off = lv_dev_off(v, d->lv, l->data_offset);
			}
			vdi_problem(v, d, &e);
			continue;
		}
		if (lvhd_locator_parse(o->path, &o->form) == 0) {
			o->parsed = 1;
			o->names_this_vg = !strcmp(o->form.vg, v->vg->name);
			snprintf(o->target_lv, sizeof(o->target_lv), "%s", o->form.lv);
		}
	}
}

static void read_vhd(struct lun_vg *v, struct lun_vdi *d)
{
	uint8_t prim[VHD_FOOTER_SIZE], back[VHD_FOOTER_SIZE], hdr[VHD_HEADER_SIZE];
	struct rl_err e;
	char vgn[LVM_NAME_LEN + 1], path[300];

	rl_err_init(&e, v->pvs[0]->dev->path);
	if (d->lv_size < 2 * VHD_FOOTER_SIZE) {
		rl_err_at(&e, RL_E_CORRUPT, lv_dev_off(v, d->lv, 0), "LV too small for a VHD");
		vdi_problem(v, d, &e);
		return;
	}
	d->footer_lv_off = d->lv_size - VHD_FOOTER_SIZE;
	if (lun_read_lv(v, d->lv, d->footer_lv_off, prim, sizeof(prim), &e) < 0 ||
	    lun_read_lv(v, d->lv, 0, back, sizeof(back), &e) < 0 ||
	    vhd_footer_pick(prim, back, d->lv_size, lv_dev_off(v, d->lv, 0), &d->footer,
			    &d->footer_from_backup, &e) < 0) {
		vdi_problem(v, d, &e);
		return;
	}
	d->has_vhd = 1;
	d->hidden = d->footer.hidden;
	if (d->footer.type != VHD_TYPE_DYNAMIC && d->footer.type != VHD_TYPE_DIFF)
		return;
	d->header_lv_off = d->footer.data_offset;
	if (d->header_lv_off > d->lv_size || d->lv_size - d->header_lv_off < VHD_HEADER_SIZE) {
		rl_err_at(&e, RL_E_CORRUPT, lv_dev_off(v, d->lv, 0),
			  "VHD header offset %llu lies outside the LV (%llu bytes)",
			  (unsigned long long)d->header_lv_off, (unsigned long long)d->lv_size);
		vdi_problem(v, d, &e);
		return;
	}
	if (lun_read_lv(v, d->lv, d->header_lv_off, hdr, sizeof(hdr), &e) < 0 ||
	    vhd_header_parse(hdr, d->lv_size, lv_dev_off(v, d->lv, d->header_lv_off), &d->header,
			     &e) < 0) {
		vdi_problem(v, d, &e);
		return;
	}
	d->has_header = 1;
	if (d->footer.type != VHD_TYPE_DIFF)
		return;
	if (vhd_prt_name_get(&d->header, d->prt_name, sizeof(d->prt_name)) < 0) {
		/* libvhd decodes all 512 bytes: a non-ASCII character anywhere
		 * leaves vhd-util without a parent, and a resign could not
		 * rewrite the name (found by fuzz_plan) */
		d->prt_name[0] = '\0';
		rl_err_at(&e, RL_E_CORRUPT, lv_dev_off(v, d->lv, d->header_lv_off + VHD_H_PRT_NAME),
			  "VHD prt_name is not ASCII UTF-16BE");
		vdi_problem(v, d, &e);
		return;
	}
	/* sm's scan takes the parent from prt_name: the last dm-escaped part. */
	snprintf(path, sizeof(path), "./%s", d->prt_name);
	if (lvhd_locator_split(path, vgn, sizeof(vgn), d->parent_lv, sizeof(d->parent_lv)) < 0)
		snprintf(d->parent_lv, sizeof(d->parent_lv), "%s", d->prt_name);
	{
		char uuid[37];
		enum lvhd_kind k = lvhd_classify(d->parent_lv, NULL, 0, uuid);

		if (k == LVHD_VHD || k == LVHD_RAW)
			snprintf(d->parent_uuid, sizeof(d->parent_uuid), "%s", uuid);
	}
	read_locators(v, d);
}

/* VDI indexes sorted by LV name, for the parent lookups: a 2000-VDI SR
 * would otherwise cost four million name comparisons. */
struct by_name {
	const char *name;
	unsigned idx;
};

static int cmp_by_name(const void *a, const void *b)
{
	return strcmp(((const struct by_name *)a)->name, ((const struct by_name *)b)->name);
}

static int link_parents(struct lun_vg *v)
{
	struct by_name *ix = malloc((v->n_vdis ? v->n_vdis : 1) * sizeof(*ix));
	unsigned i, steps;

	if (!ix) {
		vg_problem(v, "out of memory linking VHD parents");
		return -1;
	}
	for (i = 0; i < v->n_vdis; i++) {
		ix[i].name = v->vg->lvs[v->vdis[i].lv].name;
		ix[i].idx = i;
	}
	qsort(ix, v->n_vdis, sizeof(*ix), cmp_by_name);
	for (i = 0; i < v->n_vdis; i++) {
		struct lun_vdi *d = &v->vdis[i];
		struct by_name key, *hit;

		d->parent_index = -1;
		if (!d->parent_lv[0])
			continue;
		key.name = d->parent_lv;
		key.idx = 0;
		hit = bsearch(&key, ix, v->n_vdis, sizeof(*ix), cmp_by_name);
		if (hit)
			d->parent_index = (int)hit->idx;
		else
			vg_problem(v, "%s: parent %s is not an LV of this VG",
				   v->vg->lvs[d->lv].name, d->parent_lv);
	}
	free(ix);
	/* A chain longer than the VDI count has a loop. */
	for (i = 0; i < v->n_vdis; i++) {
		int p = v->vdis[i].parent_index;

		for (steps = 0; p >= 0 && steps <= v->n_vdis; steps++)
			p = v->vdis[p].parent_index;
		if (p >= 0) {
			vg_problem(v, "%s: VHD parent chain loops", v->vg->lvs[v->vdis[i].lv].name);
			return -1;
		}
	}
	return 0;
}

/* Each VDI's MGT record: the live one with its uuid.  mgt_parse refuses two
 * live records with one uuid; were there two, the later would win, as in
 * sm's reader, which keys the records by uuid in disk order. */
static void match_mgt(struct lun_vg *v)
{
	struct by_name *ix;
	unsigned i, n = 0;

	if (!v->mgt)
		return;
	ix = malloc((v->mgt->n_vdis ? v->mgt->n_vdis : 1) * sizeof(*ix));
	if (!ix)
		return;
	for (i = 0; i < v->mgt->n_vdis; i++)
		if (!v->mgt->vdis[i].deleted) {
			ix[n].name = v->mgt->vdis[i].uuid;
			ix[n++].idx = i;
		}
	qsort(ix, n, sizeof(*ix), cmp_by_name);
	for (i = 0; i < v->n_vdis; i++) {
		struct by_name key, *hit;

		key.name = v->vdis[i].uuid;
		key.idx = 0;
		hit = bsearch(&key, ix, n, sizeof(*ix), cmp_by_name);
		if (!hit)
			continue;
		/* equal uuids sit together: the last record wins, as in a scan */
		{
			struct by_name *a = hit, *best = hit;

			while (a > ix && !strcmp(a[-1].name, key.name))
				a--;
			for (; a < ix + n && !strcmp(a->name, key.name); a++)
				if (a->idx > best->idx)
					best = a;
			v->vdis[i].mgt_rec = (int)best->idx;
		}
	}
	free(ix);
}

static int has_status(char **st, unsigned n, const char *want)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(st[i], want))
			return 1;
	return 0;
}

int lun_read_vg(struct lun_pv *const *pvs, unsigned n, struct lun_vg *out, struct rl_err *e)
{
	return lun_read_vg_ex(pvs, n, out, 0, e);
}

int lun_read_vg_ex(struct lun_pv *const *pvs, unsigned n, struct lun_vg *out, unsigned flags,
		   struct rl_err *e)
{
	const struct lvm_vg *vg;
	unsigned i;

	memset(out, 0, sizeof(*out));
	out->mgt_lv = -1;
	if (n == 0 || pvs[0]->state != LUN_PV_OK)
		return rl_err_set(e, RL_E_INVAL, "no readable PV given");
	vg = pvs[0]->vg;
	out->vg = vg;
	out->n_pvs = vg->n_pvs;
	out->pvs = calloc(vg->n_pvs ? vg->n_pvs : 1, sizeof(*out->pvs));
	out->vdis = calloc(vg->n_lvs ? vg->n_lvs : 1, sizeof(*out->vdis));
	out->inflight = calloc(vg->n_lvs ? vg->n_lvs : 1, sizeof(*out->inflight));
	if (!out->pvs || !out->vdis || !out->inflight)
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const struct lun_pv *p = pvs[i];

		if (p->state != LUN_PV_OK || strcmp(p->vg->id, vg->id))
			return rl_err_set(e, RL_E_INVAL, "%s is not a PV of VG %s", p->dev->path,
					  vg->name);
		if (out->pvs[p->pv_index])
			return rl_err_set(e, RL_E_INVAL, "%s and %s carry the same PV %s",
					  out->pvs[p->pv_index]->dev->path, p->dev->path,
					  p->label.pv_uuid);
		out->pvs[p->pv_index] = (struct lun_pv *)p;
	}
	for (i = 0; i < vg->n_pvs; i++)
		if (!out->pvs[i])
			out->partial = 1;
	out->exported = has_status(vg->status, vg->n_status, "EXPORTED");
	out->is_sr = lvhd_sr_uuid_from_vg(vg->name, out->sr_uuid) == 0;
	rl_err_init(&out->mgt_err, NULL);

	for (i = 0; i < vg->n_lvs; i++) {
		const struct lvm_lv *lv = &vg->lvs[i];
		char uuid[37];
		enum lvhd_kind k = lvhd_classify(lv->name, lv->tags, lv->n_tags, uuid);

		if (!out->is_sr)
			break;
		switch (k) {
		case LVHD_MGT:
			out->mgt_lv = (int)i;
			break;
		case LVHD_VHD:
		case LVHD_RAW: {
			struct lun_vdi *d = &out->vdis[out->n_vdis++];

			d->lv = i;
			d->kind = k;
			d->mgt_rec = -1;
			d->parent_index = -1;
			snprintf(d->uuid, sizeof(d->uuid), "%s", uuid);
			d->lv_size = lvm_lv_size_bytes(vg, lv);
			rl_err_init(&d->err, NULL);
			if (k == LVHD_RAW)
				d->hidden = has_status(lv->tags, lv->n_tags, LVHD_HIDDEN_TAG);
			break;
		}
		case LVHD_JOURNAL:
		case LVHD_JVHD:
		case LVHD_CBTLOG:
		case LVHD_OLD:
			out->inflight[out->n_inflight++] = i;
			break;
		case LVHD_OTHER:
			break;
		}
	}
	if (!out->is_sr || out->partial || (flags & LUN_VG_NO_CONTENT))
		return 0;
	if (out->mgt_lv >= 0)
		read_mgt(out);
	for (i = 0; i < out->n_vdis; i++)
		if (out->vdis[i].kind == LVHD_VHD)
			read_vhd(out, &out->vdis[i]);
	match_mgt(out);
	link_parents(out);
	return 0;
}

void lun_vg_free(struct lun_vg *v)
{
	unsigned i;

	for (i = 0; v->vdis && i < v->n_vdis; i++)
		free(v->vdis[i].loc);
	free(v->pvs);
	free(v->vdis);
	free(v->inflight);
	mgt_free(v->mgt);
	free(v->mgt_raw);
	memset(v, 0, sizeof(*v));
}
