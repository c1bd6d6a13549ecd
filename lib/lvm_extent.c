/* LV byte ranges -> PV byte ranges for linear and striped segments, as the
 * dm "linear"/"striped" tables LVM builds for them would map them. */
#include "lvm_extent.h"

#include <string.h>

/* a * b, or UINT64_MAX when it does not fit. */
static uint64_t mul(uint64_t a, uint64_t b)
{
	if (a && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

uint64_t lvm_lv_size_bytes(const struct lvm_vg *vg, const struct lvm_lv *lv)
{
	return mul(mul(lv->le_count, vg->extent_size), 512);
}

static int emit(struct lvm_dev_range *out, unsigned max, unsigned *n, unsigned pv, uint64_t off,
		uint64_t len, struct rl_err *e)
{
	if (*n && out[*n - 1].pv == pv && out[*n - 1].off + out[*n - 1].len == off) {
		out[*n - 1].len += len;
		return 0;
	}
	if (*n >= max)
		return rl_err_set(e, RL_E_TOOBIG, "LV map needs more than %u device ranges", max);
	out[*n].pv = pv;
	out[*n].off = off;
	out[*n].len = len;
	(*n)++;
	return 0;
}

int lvm_lv_map(const struct lvm_vg *vg, const struct lvm_lv *lv, uint64_t lv_off, uint64_t len,
	       struct lvm_dev_range *out, unsigned max, unsigned *n, struct rl_err *e)
{
	uint64_t ext = mul(vg->extent_size, 512), size = lvm_lv_size_bytes(vg, lv);
	uint64_t pos = lv_off, end;
	unsigned s = 0;

	*n = 0;
	if (size == UINT64_MAX || !ext || ext == UINT64_MAX)
		return rl_err_set(e, RL_E_CORRUPT, "LV %s: size overflows", lv->name);
	if (lv_off > size || len > size - lv_off)
		return rl_err_set(e, RL_E_INVAL,
				  "LV %s: range [%llu, +%llu) past its end (%llu bytes)", lv->name,
				  (unsigned long long)lv_off, (unsigned long long)len,
				  (unsigned long long)size);
	end = lv_off + len;
	while (pos < end) {
		const struct lvm_seg *seg;
		const struct lvm_pv *pv;
		uint64_t seg_start, seg_end, o, run, base, k, z, chunk, within, dev;
		unsigned st;

		/* segments are sorted and contiguous */
		while (s < lv->n_segs &&
		       mul(lv->segs[s].start_extent + lv->segs[s].extent_count, ext) <= pos)
			s++;
		if (s >= lv->n_segs)
			return rl_err_set(e, RL_E_CORRUPT, "LV %s: no segment at byte %llu", lv->name,
					  (unsigned long long)pos);
		seg = &lv->segs[s];
		seg_start = seg->start_extent * ext;
		seg_end = (seg->start_extent + seg->extent_count) * ext;
		if (strcmp(seg->type, "striped") || !seg->stripe_count)
			return rl_err_set(e, RL_E_UNSUPPORTED,
					  "LV %s: segment type \"%s\" cannot be mapped directly",
					  lv->name, seg->type);
		o = pos - seg_start;
		run = (end < seg_end ? end : seg_end) - pos;
		k = seg->stripe_count;
		if (k == 1) {
			st = 0;
			within = o;
		} else {
			z = mul(seg->stripe_size, 512);
			if (!z || z == UINT64_MAX)
				return rl_err_set(e, RL_E_CORRUPT, "LV %s: bad stripe_size", lv->name);
			chunk = o / z;
			st = (unsigned)(chunk % k);
			within = (chunk / k) * z + o % z;
			if (run > z - o % z)
				run = z - o % z;
		}
		if (seg->stripes[st].is_lv)
			return rl_err_set(e, RL_E_UNSUPPORTED,
					  "LV %s: segment stacked on another LV cannot be mapped directly",
					  lv->name);
		pv = &vg->pvs[seg->stripes[st].pv];
		base = mul(pv->pe_start, 512);
		dev = mul(seg->stripes[st].pe, ext);
		if (base == UINT64_MAX || dev == UINT64_MAX || dev > UINT64_MAX - base ||
		    within > UINT64_MAX - base - dev)
			return rl_err_set(e, RL_E_CORRUPT, "LV %s: device offset overflows", lv->name);
		if (emit(out, max, n, seg->stripes[st].pv, base + dev + within, run, e))
			return -1;
		pos += run;
	}
	return 0;
}
