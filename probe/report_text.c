#include "report.h"

#include <string.h>

#include "lvm_id.h"
#include "lvm_label.h"

/* Labels come from disk: print control characters escaped. */
static void put_safe(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void vdi_line(FILE *f, const struct lun_vg *v, const struct lun_vdi *d)
{
	const struct mgt_vdi *r = d->mgt_rec >= 0 ? &v->mgt->vdis[d->mgt_rec] : NULL;
	unsigned i, stale = 0;

	for (i = 0; i < d->n_loc; i++)
		if (!d->loc[i].names_this_vg || strcmp(d->loc[i].target_lv, d->parent_lv))
			stale++;
	fprintf(f, "    VDI %s %s%s%s%s parent %s%s label \"", d->uuid,
		d->kind == LVHD_VHD ? "vhd" : "raw", d->hidden ? " hidden" : "",
		r && r->is_a_snapshot ? " snapshot" : "", r ? "" : " (no MGT record)",
		d->parent_uuid[0] ? d->parent_uuid : "-",
		stale ? " STALE-LOCATORS" : "");
	put_safe(f, r ? r->name_label : "");
	fprintf(f, "\"%s%s\n", d->err.code ? "  error: " : "", d->err.code ? d->err.msg : "");
}

static void lun_text(const struct judge *j, const struct plun *l, int verbose, FILE *f)
{
	const struct pcopy *c = l->copy >= 0 ? &j->copies[l->copy] : NULL;
	const struct lun_vg *cv = c ? c->vg : NULL;
	unsigned i;

	fprintf(f, "%s: %s\n", l->dev.path, verdict_name(l->verdict));
	fprintf(f, "  reason:     %s\n", l->reason);
	if (l->evidence[0])
		fprintf(f, "  evidence:   %s\n", l->evidence);
	fprintf(f, "  can_resign: %s\n", l->can_reason);
	for (i = 0; i < l->n_active; i++)
		fprintf(f, "  active:     %s (%s)%s\n", l->active[i].name, l->active[i].kname,
			l->verdict == V_CLONE && l->pv->vg &&
			!strncmp(l->active[i].uuid + 4, l->pv->vg->id, 32) ?
			"  WARNING: an LV of this VG active on a clone" : "");
	fprintf(f, "  identity:   %s %s, %llu bytes%s%s\n", l->dev.ident_kind, l->dev.ident,
		(unsigned long long)(l->opened ? l->size : l->dev.size),
		l->dev.scsi_id[0] ? ", SCSIid " : "", l->dev.scsi_id);
	if (l->opened && (l->pv->state == LUN_PV_OK || l->pv->state == LUN_PV_ORPHAN)) {
		char d[39];

		lvm_id_dashed(l->pv->label.pv_uuid, d);
		fprintf(f, "  PV:         %s (label sector %u, %u mda)\n", d, l->pv->label.sector,
			l->pv->n_mda);
	}
	if (l->pv->vg) {
		const struct lvm_vg *vg = l->pv->vg;
		char d[39];

		lvm_id_dashed(vg->id, d);
		fprintf(f, "  VG:         %s (uuid %s, seqno %llu, %u PV, %u LV)\n", vg->name, d,
			(unsigned long long)vg->seqno, vg->n_pvs, vg->n_lvs);
	}
	for (i = 0; i < l->pv->n_warnings; i++)
		fprintf(f, "  warning:    %s\n", l->pv->warnings[i]);
	if (c && c->read_ok && cv->is_sr) {
		const struct lun_vg *v = cv;

		fprintf(f, "  SR:         %s", v->sr_uuid);
		if (v->mgt) {
			fprintf(f, " \"");
			put_safe(f, v->mgt->sr_name_label);
			fprintf(f, "\" (MGT: %u records, %s)", v->mgt->n_vdis, v->mgt->allocation);
		}
		fprintf(f, ", %u VDIs\n", v->n_vdis);
		for (i = 0; i < v->n_vdis; i++)
			vdi_line(f, v, &v->vdis[i]);
		for (i = 0; i < v->n_inflight; i++)
			fprintf(f, "    in flight: %s\n", v->vg->lvs[v->inflight[i]].name);
	}
	if (cv)
		for (i = 0; i < cv->n_problems; i++)
			fprintf(f, "  problem:    %s\n", cv->problems[i]);
	if (verbose && l->opened)
		report_headers(l, f);
}

void report_text_lun(const struct judge *j, unsigned i, int first, int verbose, FILE *f)
{
	if (!first)
		fputc('\n', f);
	lun_text(j, &j->luns[i], verbose, f);
}

void report_headers(const struct plun *l, FILE *f)
{
	const struct lun_pv *pv = l->pv;
	unsigned i;

	if (pv->state == LUN_PV_NOT_LVM)
		return;
	fprintf(f, "  label_header at %llu\n", (unsigned long long)lvm_label_offset(pv->label.sector));
	fprintf(f, "    label_header.crc 0x%08x\n", pv->label.crc);
	fprintf(f, "  pv_header at %llu\n",
		(unsigned long long)lvm_pv_header_offset(pv->label.sector));
	fprintf(f, "    pv_header.pv_uuid %s\n", pv->label.pv_uuid);
	fprintf(f, "    pv_header.device_size %llu\n", (unsigned long long)pv->label.device_size);
	for (i = 0; i < pv->label.n_da; i++)
		fprintf(f, "    pv_header.disk_locn[%u].offset %llu size %llu\n", i,
			(unsigned long long)pv->label.da[i].offset,
			(unsigned long long)pv->label.da[i].size);
	for (i = 0; i < pv->label.n_mda; i++)
		fprintf(f, "    pv_header.mda_locn[%u].offset %llu size %llu\n", i,
			(unsigned long long)pv->label.mda[i].offset,
			(unsigned long long)pv->label.mda[i].size);
	if (pv->label.has_ext)
		fprintf(f, "    pv_header_extension.version %u flags 0x%x\n", pv->label.ext_version,
			pv->label.ext_flags);
	for (i = 0; i < pv->n_mda; i++) {
		const struct lun_mda *m = &pv->mda[i];
		unsigned k;

		if (!m->hdr_ok) {
			fprintf(f, "  mda_header_%u at %llu: %s\n", i + 1,
				(unsigned long long)m->locn.offset, m->err.msg);
			continue;
		}
		fprintf(f, "  mda_header_%u at %llu\n", i + 1, (unsigned long long)m->locn.offset);
		fprintf(f, "    mda_header_%u.checksum 0x%08x\n", i + 1, m->hdr.checksum);
		fprintf(f, "    mda_header_%u.start %llu\n", i + 1, (unsigned long long)m->hdr.start);
		fprintf(f, "    mda_header_%u.size %llu\n", i + 1, (unsigned long long)m->hdr.size);
		for (k = 0; k < 2; k++)
			fprintf(f, "    mda_header_%u.raw_locn[%u].offset %llu size %llu checksum 0x%08x flags 0x%x\n",
				i + 1, k, (unsigned long long)m->hdr.rlocn[k].offset,
				(unsigned long long)m->hdr.rlocn[k].size, m->hdr.rlocn[k].checksum,
				m->hdr.rlocn[k].flags);
	}
}
