/* Mapping LV byte ranges to PV byte ranges (linear and striped segments).
 * Extent L of a segment {start S, stripes [pvN, P]} on one stripe lives at
 * byte (pe_start + (P + L - S) * extent_size) * 512 of PV N; with k stripes
 * of stripe_size z sectors the segment is interleaved in z-sector chunks
 * round-robin over the k areas, each covering extent_count/k extents. */
#ifndef RELUN_LVM_EXTENT_H
#define RELUN_LVM_EXTENT_H

#include <stdint.h>
#include "rl_err.h"
#include "lvm_vg.h"

struct lvm_dev_range {
	unsigned pv;        /* index into vg->pvs */
	uint64_t off, len;  /* bytes on that PV's device */
};

/* le_count * extent_size * 512. */
uint64_t lvm_lv_size_bytes(const struct lvm_vg *vg, const struct lvm_lv *lv);

/* Device ranges holding LV bytes [lv_off, lv_off + len), in LV order,
 * adjacent pieces on the same PV merged.  *n gets the count.  -1 with
 * RL_E_INVAL (range past the LV end), RL_E_UNSUPPORTED (a segment in the
 * range is not striped/linear, or stacked on another LV), RL_E_TOOBIG (more
 * than max ranges needed; *n then holds max). */
int lvm_lv_map(const struct lvm_vg *vg, const struct lvm_lv *lv, uint64_t lv_off, uint64_t len,
	       struct lvm_dev_range *out, unsigned max, unsigned *n, struct rl_err *e);

#endif
