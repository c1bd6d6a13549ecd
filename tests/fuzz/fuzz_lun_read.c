/* libFuzzer harness for the whole LUN reader (core/lun_read_pv.c,
 * core/lun_read_vg.c): label -> mda headers -> committed text -> VG model ->
 * MGT -> every VDI's VHD footer, header and parent locators, through the
 * LV extent map, on images held in memory (tests/fuzz/sparse_image.h).
 * Seeds are real SR images made by mksr (tests/fuzz/mkseeds); the custom
 * mutator changes the bytes the reader reads and fixes their checksums.
 *
 * Whatever the bytes, the reader returns without a sanitizer report, and
 * what it returns is consistent: states and indexes in range, every string
 * terminated, a VDI's parent index naming a VDI, locators within their LV. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lun_read.h"
#define SPARSE_MUTATOR
#include "sparse_image.h"

#define CHECK(cond, what)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "fuzz_lun_read: %s (%s)\n", what, #cond); \
			abort();                                            \
		}                                                           \
	} while (0)

static void check_vg(const struct lun_vg *v)
{
	unsigned i, k;

	CHECK(v->vg && v->n_pvs == v->vg->n_pvs, "a VG with its PVs");
	CHECK(v->mgt_lv < (int)v->vg->n_lvs && (!v->mgt || v->mgt_lv >= 0), "MGT is an LV");
	CHECK(!v->is_sr || strlen(v->sr_uuid) == 36, "an SR has a uuid");
	for (i = 0; i < v->n_inflight; i++)
		CHECK(v->inflight[i] < v->vg->n_lvs, "in-flight LVs are LVs");
	for (i = 0; i < v->n_vdis; i++) {
		const struct lun_vdi *d = &v->vdis[i];

		CHECK(d->lv < v->vg->n_lvs && strlen(d->uuid) == 36, "a VDI is an LV with a uuid");
		CHECK(d->parent_index < (int)v->n_vdis && d->parent_index != (int)i,
		      "a VDI's parent is another VDI");
		CHECK(memchr(d->prt_name, 0, sizeof(d->prt_name)) &&
		      memchr(d->parent_lv, 0, sizeof(d->parent_lv)), "names are terminated");
		CHECK(d->mgt_rec < 0 || (v->mgt && d->mgt_rec < (int)v->mgt->n_vdis),
		      "a VDI's MGT record is a record");
		CHECK(!d->n_loc || d->loc, "locators are there");
		for (k = 0; k < d->n_loc; k++) {
			const struct lun_locator *l = &d->loc[k];

			CHECK(l->slot < VHD_NLOC && memchr(l->path, 0, sizeof(l->path)) &&
			      memchr(l->target_lv, 0, sizeof(l->target_lv)),
			      "a locator is a slot with a terminated path");
			CHECK(!l->names_this_vg || l->lv_off < d->lv_size, "a locator lies in its LV");
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sparse_img *s = malloc(sizeof(*s));
	struct rl_memdev m[SPARSE_MAX_DEV];
	struct rl_dev devs[SPARSE_MAX_DEV];
	struct lun_pv pv[SPARSE_MAX_DEV];
	struct lun_pv *ok[SPARSE_MAX_DEV];
	struct lun_vg vg;
	struct rl_err e;
	unsigned i, nok = 0;

	if (!s || sparse_open(d, n, s)) {
		free(s);
		return 0;
	}
	i = (unsigned)sparse_load(s, m, devs, 0);
	sparse_done(s); /* the memdevs hold copies */
	if (i) {
		free(s);
		return 0;
	}
	for (i = 0; i < s->ndev; i++) {
		if (lun_read_pv(&devs[i], &pv[i], &e) < 0)
			continue;
		CHECK(pv[i].state <= LUN_PV_DAMAGED && pv[i].n_mda <= LUN_MAX_MDA &&
		      pv[i].best < (int)pv[i].n_mda, "a PV state and its mdas");
		if (pv[i].state == LUN_PV_OK) {
			CHECK(pv[i].vg && pv[i].best >= 0 && pv[i].pv_index >= 0 &&
			      pv[i].pv_index < (int)pv[i].vg->n_pvs,
			      "a good PV has a VG, a copy and its place in the VG");
			/* the PVs of the first VG seen */
			if (!nok || !strcmp(pv[i].vg->id, ok[0]->vg->id))
				ok[nok++] = &pv[i];
		}
	}
	if (nok && lun_read_vg(ok, nok, &vg, &e) == 0) {
		uint8_t buf[512];

		check_vg(&vg);
		for (i = 0; i < vg.vg->n_lvs && i < 8; i++)
			(void)lun_read_lv(&vg, i, 0, buf, sizeof(buf), &e);
		lun_vg_free(&vg);
	}
	for (i = 0; i < s->ndev; i++) {
		lun_pv_free(&pv[i]);
		rl_memdev_free(&m[i]);
	}
	free(s);
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *d, size_t n, size_t max, unsigned seed)
{
	return sparse_mutate(d, n, max, seed);
}
