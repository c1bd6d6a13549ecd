/* lun_read_pv: label, metadata areas and the committed text of one PV. */
#include "lun_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void pv_warn(struct lun_pv *pv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pv_warn(struct lun_pv *pv, const char *fmt, ...)
{
	va_list ap;

	if (pv->n_warnings >= sizeof(pv->warnings) / sizeof(pv->warnings[0]))
		return;
	va_start(ap, fmt);
	vsnprintf(pv->warnings[pv->n_warnings++], sizeof(pv->warnings[0]), fmt, ap);
	va_end(ap);
}

/* Read one mda: header, then the committed copy through the ring. */
static int read_mda(struct rl_dev *dev, struct lun_mda *m)
{
	uint8_t *bufs[2] = { NULL, NULL };
	unsigned i;
	int ret = -1;

	rl_err_init(&m->err, dev->path);
	if (rl_pread(dev, m->hdr_raw, sizeof(m->hdr_raw), m->locn.offset, &m->err) < 0)
		return m->err.code == RL_E_IO ? -1 : 0;
	if (lvm_mda_header_parse(m->hdr_raw, m->locn.offset, m->locn.offset, m->locn.size,
				 &m->hdr, &m->err) < 0)
		return 0;
	m->hdr_ok = 1;
	if (m->hdr.rlocn[0].flags & LVM_RAW_LOCN_IGNORED) {
		m->ignored = 1;
		return 0;
	}
	if (m->hdr.rlocn[0].offset == 0)
		return 0;
	m->has_text = 1;
	if (lvm_mda_text_spans(&m->hdr, &m->hdr.rlocn[0], m->spans, &m->n_spans, &m->err) < 0)
		return 0;
	for (i = 0; i < m->n_spans; i++) {
		bufs[i] = malloc(m->spans[i].len ? m->spans[i].len : 1);
		if (!bufs[i]) {
			rl_err_set(&m->err, RL_E_NOMEM, "out of memory");
			goto out;
		}
		if (rl_pread(dev, bufs[i], m->spans[i].len, m->spans[i].off, &m->err) < 0) {
			ret = m->err.code == RL_E_IO ? -1 : 0;
			goto out;
		}
	}
	if (lvm_mda_text_gather(&m->hdr.rlocn[0], m->spans, m->n_spans,
				(const uint8_t *const *)bufs, &m->text, &m->text_size, &m->err) < 0) {
		ret = 0;
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < 2; i++)
		free(bufs[i]);
	return ret;
}

static int find_pv_index(const struct lvm_vg *vg, const char *uuid)
{
	unsigned i;

	for (i = 0; i < vg->n_pvs; i++)
		if (!strcmp(vg->pvs[i].id, uuid))
			return (int)i;
	return -1;
}

int lun_read_pv(struct rl_dev *dev, struct lun_pv *pv, struct rl_err *e)
{
	uint8_t scan[LVM_LABEL_SCAN_SIZE];
	size_t scan_len = sizeof(scan);
	unsigned i;
	int r;

	memset(pv, 0, sizeof(*pv));
	pv->dev = dev;
	pv->best = -1;
	pv->pv_index = -1;
	rl_err_init(&pv->err, dev->path);
	rl_err_init(e, dev->path);
	if (dev->size < scan_len)
		scan_len = (size_t)dev->size;
	memset(scan, 0, sizeof(scan));
	if (rl_pread(dev, scan, scan_len, 0, e) < 0)
		return -1;
	r = lvm_label_find(scan, scan_len, 0, &pv->label, &pv->err);
	if (r == 0) {
		pv->state = LUN_PV_NOT_LVM;
		return 0;
	}
	if (r < 0) {
		pv->state = LUN_PV_DAMAGED;
		return 0;
	}
	memcpy(pv->label_raw, scan + lvm_label_offset(pv->label.sector), LVM_SECTOR_SIZE);
	if (pv->label.device_size && pv->label.device_size > dev->size)
		pv_warn(pv, "device is %llu bytes but the PV label says %llu",
			(unsigned long long)dev->size,
			(unsigned long long)pv->label.device_size);
	pv->n_mda = pv->label.n_mda < LUN_MAX_MDA ? pv->label.n_mda : LUN_MAX_MDA;
	for (i = 0; i < pv->n_mda; i++) {
		struct lun_mda *m = &pv->mda[i];

		m->locn = pv->label.mda[i];
		if (read_mda(dev, m) < 0) {
			*e = m->err;
			return -1;
		}
	}
	/* Pick the highest seqno among good copies, as LVM does; parse each. */
	for (i = 0; i < pv->n_mda; i++) {
		struct lun_mda *m = &pv->mda[i];
		struct lvm_vg *vg = NULL;

		if (!m->text)
			continue;
		if (lvm_vg_from_text(m->text, m->text_size, m->spans[0].off, &vg, &m->err) < 0)
			continue;
		m->text_ok = 1;
		m->seqno = vg->seqno;
		if (pv->best < 0 || vg->seqno > pv->vg->seqno) {
			lvm_vg_free(pv->vg);
			pv->vg = vg;
			pv->best = (int)i;
		} else {
			lvm_vg_free(vg);
		}
	}
	for (i = 0; i < pv->n_mda; i++) {
		struct lun_mda *m = &pv->mda[i];

		if (m->has_text && !m->text_ok) {
			/* A damaged copy is damage: LVM would drop that mda. */
			pv->state = LUN_PV_DAMAGED;
			pv->err = m->err;
			rl_err_prefix(&pv->err, "mda%u: ", i + 1);
			return 0;
		}
		if (!m->hdr_ok) {
			pv->state = LUN_PV_DAMAGED;
			pv->err = m->err;
			rl_err_prefix(&pv->err, "mda%u: ", i + 1);
			return 0;
		}
		if (m->text_ok && pv->best >= 0 && m->seqno != pv->mda[pv->best].seqno)
			pv_warn(pv, "mda copies differ: seqno %llu and %llu (LVM uses the higher)",
				(unsigned long long)m->seqno,
				(unsigned long long)pv->mda[pv->best].seqno);
		if (m->text_ok && pv->best >= 0 && (int)i != pv->best &&
		    m->seqno == pv->mda[pv->best].seqno &&
		    (m->text_size != pv->mda[pv->best].text_size ||
		     memcmp(m->text, pv->mda[pv->best].text, m->text_size))) {
			pv->state = LUN_PV_DAMAGED;
			rl_err_at(&pv->err, RL_E_CORRUPT, m->locn.offset,
				  "mda%u holds seqno %llu with different text than mda%d (LVM calls this a mismatch)",
				  i + 1, (unsigned long long)m->seqno, pv->best + 1);
			return 0;
		}
	}
	if (pv->best < 0) {
		pv->state = LUN_PV_ORPHAN;
		return 0;
	}
	pv->pv_index = find_pv_index(pv->vg, pv->label.pv_uuid);
	if (pv->pv_index < 0) {
		pv->state = LUN_PV_DAMAGED;
		rl_err_at(&pv->err, RL_E_CORRUPT, lvm_label_offset(pv->label.sector),
			  "PV uuid %s of the label is not a PV of VG %s", pv->label.pv_uuid,
			  pv->vg->name);
		return 0;
	}
	{
		const struct lvm_pv *p = &pv->vg->pvs[pv->pv_index];
		uint64_t end = lvm_sectors_to_bytes(p->pe_start + p->pe_count * pv->vg->extent_size);

		if (end > dev->size) {
			pv->state = LUN_PV_DAMAGED;
			rl_err_at(&pv->err, RL_E_CORRUPT, dev->size,
				  "device ends at %llu bytes but PV %s extends to %llu (a truncated copy?)",
				  (unsigned long long)dev->size, p->key, (unsigned long long)end);
			return 0;
		}
	}
	pv->state = LUN_PV_OK;
	return 0;
}

void lun_pv_free(struct lun_pv *pv)
{
	unsigned i;

	for (i = 0; i < LUN_MAX_MDA; i++)
		free(pv->mda[i].text);
	lvm_vg_free(pv->vg);
	memset(pv, 0, sizeof(*pv));
	pv->best = -1;
	pv->pv_index = -1;
}
