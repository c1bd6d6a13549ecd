/* libFuzzer harness for the planner (resign/planner.c), whose output is
 * written to a customer's LUN.  For every image (tests/fuzz/sparse_image.h)
 * the reader accepts as a whole, undamaged VG, build the resign plan the way
 * relun-resign does (scope full, or sr; generic VGs lvm), put its new image
 * on a copy with the writer's engine (rl_apply_image), read the copy back
 * and check what a resign promises:
 *   - every region's old bytes are the device's bytes (or undo would lie);
 *   - no byte outside the planned regions changed, and the regions hold
 *     their new bytes;
 *   - the copy reads as an undamaged VG: new VG name and UUID, new PV UUID
 *     in every label, new SR uuid (VG name and MGT), new VDI uuids (full),
 *     as the plan's identity map says and none equal to the old ones; each
 *     VDI's MGT record follows it;
 *   - every locator (and prt_name) that named the old VG names the new VG
 *     and the renamed parent LV, and no locator of the copy names the old VG;
 *   - undo (the old image, labels first) gives the input back byte for byte.
 * The options relun-resign passes vary with the input (its hash), and what
 * each asks for must be on the copy: a given SR uuid or VG name; an SR name
 * label or --vdi-name-label template (expanded here, independently of
 * resign/label_tmpl.c) in MGT, byte for byte; a derived VG name that avoids
 * the names taken on the host; a PV's device identity (a loop_file device_id
 * takes the given file; any other device_id is dropped).
 * Any failure prints which promise broke and aborts.
 *
 * The planner's random uuids come from a generator seeded by a hash of the
 * input (getrandom is defined here: core/rl_random.c draws from it), so a finding
 * replays exactly, and the fuzzer cannot learn the new uuids. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lun_read.h"
#include "planner.h"
#include "writer.h"
#define SPARSE_MUTATOR
#include "sparse_image.h"

static uint64_t rng;

static uint64_t next_rand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

ssize_t getrandom(void *buf, size_t len, unsigned int flags);
ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	size_t i;

	(void)flags;
	for (i = 0; i < len; i++)
		((uint8_t *)buf)[i] = (uint8_t)next_rand();
	return (ssize_t)len;
}

#define FAIL(...)                                          \
	do {                                               \
		fprintf(stderr, "fuzz_plan: " __VA_ARGS__); \
		fputc('\n', stderr);                       \
		abort();                                   \
	} while (0)

struct image {
	struct rl_memdev m[SPARSE_MAX_DEV];
	struct rl_dev devs[SPARSE_MAX_DEV];
	struct lun_pv pv[SPARSE_MAX_DEV];
	struct lun_pv *vgpv[SPARSE_MAX_DEV]; /* by position in the VG */
	unsigned npv;
	struct lun_vg vg;
	int have_vg;
};

static void image_free(struct image *im, unsigned ndev)
{
	unsigned i;

	if (im->have_vg)
		lun_vg_free(&im->vg);
	for (i = 0; i < ndev; i++) {
		lun_pv_free(&im->pv[i]);
		rl_memdev_free(&im->m[i]);
	}
}

/* Read every device; the PVs of the first VG seen make the VG. */
static int image_read(struct image *im, unsigned ndev)
{
	struct rl_err e;
	unsigned i;

	im->npv = 0;
	im->have_vg = 0;
	for (i = 0; i < ndev; i++) {
		if (lun_read_pv(&im->devs[i], &im->pv[i], &e) < 0 || im->pv[i].state != LUN_PV_OK)
			continue;
		if (!im->npv || !strcmp(im->pv[i].vg->id, im->vgpv[0]->vg->id))
			im->vgpv[im->npv++] = &im->pv[i];
	}
	if (!im->npv || lun_read_vg(im->vgpv, im->npv, &im->vg, &e) < 0)
		return -1;
	im->have_vg = 1;
	return 0;
}

static int in_regions(const struct rl_plan *p, uint32_t dev, uint64_t off)
{
	size_t i;

	for (i = 0; i < p->nregs; i++)
		if (p->regs[i].dev == dev && off >= p->regs[i].off &&
		    off < p->regs[i].off + p->regs[i].len)
			return 1;
	return 0;
}

/* Compare device a with b over every extent either holds; bytes that differ
 * must lie in a region of p (p NULL: none may differ). */
static void compare(const struct rl_memdev *a, const struct rl_memdev *b, uint32_t dev,
		    const struct rl_plan *p, const char *when)
{
	const struct rl_memdev *side[2] = { a, b };
	unsigned s;
	size_t i, j;

	for (s = 0; s < 2; s++)
		for (i = 0; i < side[s]->n; i++) {
			const struct rl_memext *x = &side[s]->ext[i];
			uint8_t *ba = malloc(x->len + 1), *bb = malloc(x->len + 1);

			if (!ba || !bb)
				abort();
			rl_memdev_get(a, x->off, ba, x->len);
			rl_memdev_get(b, x->off, bb, x->len);
			if (memcmp(ba, bb, x->len))
				for (j = 0; j < x->len; j++)
					if (ba[j] != bb[j] && (!p || !in_regions(p, dev, x->off + j)))
						FAIL("%s: device %u byte %llu changed outside the plan",
						     when, dev, (unsigned long long)(x->off + j));
			free(ba);
			free(bb);
		}
}

static void dm_escape(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; *s && k + 3 < n; s++) {
		out[k++] = *s;
		if (*s == '-')
			out[k++] = '-';
	}
	out[k] = '\0';
}

static const char *mapped(const struct rl_plan *p, enum rl_idkind kind, const char *old)
{
	const char *nv = rl_plan_id_lookup(p, kind, old);

	return nv ? nv : old;
}

/* The options of one run, drawn from the input's hash. */
struct opts {
	struct rl_planner_opts o;
	const char *taken[2];
	char taken0[LVM_NAME_LEN + 1];
	const char *idents[SPARSE_MAX_DEV];
	char ident_buf[SPARSE_MAX_DEV][64];
};

static const char *const sr_labels[] = {
	"relun & <clone> \"q\" 'a'", "", "Ünïcödé SR ✓", "]]> <![CDATA[ x",
};
static const char *const vdi_templates[] = {
	"{label}", "DR-{index} {label} ({date})", "&<>{label}{label}", "{date}",
};
#define FUZZ_SR_UUID "0f0e0d0c-0b0a-4908-8706-050403020100"
#define FUZZ_VG_NAME "vg_fuzz_given"
#define FUZZ_DATE "2026-12-05"

static void draw_opts(struct opts *x, const struct lun_vg *v, uint64_t h)
{
	unsigned k;

	memset(x, 0, sizeof(*x));
	if (v->is_sr) {
		x->o.scope = h % 4 ? "full" : "sr";
		if ((h >> 8) & 1)
			x->o.sr_uuid = FUZZ_SR_UUID;
		if ((h >> 9) & 1)
			x->o.name_label = sr_labels[(h >> 10) % 4];
		if ((h >> 12) & 1) {
			x->o.vdi_name_label = vdi_templates[(h >> 13) % 4];
			x->o.label_date = FUZZ_DATE;
			x->o.label_index = 1 + (unsigned)((h >> 15) % 9);
		}
	} else if ((h >> 8) & 1) {
		x->o.vg_name = FUZZ_VG_NAME;
	} else if ((h >> 9) & 1 &&
		   rl_derive_vg_name(v->vg->name, NULL, 0, x->taken0, sizeof(x->taken0)) == 0) {
		/* the name relun would pick is in use: it must pick another */
		x->taken[0] = x->taken0;
		x->taken[1] = FUZZ_VG_NAME;
		x->o.taken_vg_names = x->taken;
		x->o.n_taken = 2;
	}
	if ((h >> 19) & 1) {
		for (k = 0; k < v->n_pvs && k < SPARSE_MAX_DEV; k++) {
			if ((h >> (20 + k)) & 1)
				snprintf(x->ident_buf[k], sizeof(x->ident_buf[k]),
					 "loop_file:/srv/fuzz/pv%u.img", k);
			else
				snprintf(x->ident_buf[k], sizeof(x->ident_buf[k]),
					 "naa.60014050000000000000000000%02u", k);
			x->idents[k] = x->ident_buf[k];
		}
		x->o.idents = x->idents;
		x->o.n_idents = k;
	}
}

/* tmpl with {label}, {date} and {index} replaced (the templates above use
 * no other field). */
static void expand(const char *tmpl, const char *label, unsigned index, char *out, size_t n)
{
	size_t k = 0;
	char idx[16];

	snprintf(idx, sizeof(idx), "%u", index);
	while (*tmpl && k + 1 < n) {
		const char *f = NULL;

		if (!strncmp(tmpl, "{label}", 7))
			f = label, tmpl += 7;
		else if (!strncmp(tmpl, "{date}", 6))
			f = FUZZ_DATE, tmpl += 6;
		else if (!strncmp(tmpl, "{index}", 7))
			f = idx, tmpl += 7;
		if (!f) {
			out[k++] = *tmpl++;
			continue;
		}
		while (*f && k + 1 < n)
			out[k++] = *f++;
	}
	out[k] = '\0';
}

static void check_opts(const struct lun_vg *a, const struct lun_vg *b, const struct opts *x)
{
	char want[4096];
	unsigned i, k;

	if (x->o.sr_uuid && strcmp(b->sr_uuid, x->o.sr_uuid))
		FAIL("--sr-uuid %s given, the copy's SR uuid is %s", x->o.sr_uuid, b->sr_uuid);
	if (x->o.vg_name && strcmp(b->vg->name, x->o.vg_name))
		FAIL("--vg-name %s given, the copy's VG is %s", x->o.vg_name, b->vg->name);
	for (i = 0; i < x->o.n_taken; i++)
		if (!strcmp(b->vg->name, x->o.taken_vg_names[i]))
			FAIL("the new VG name %s is taken on the host", b->vg->name);
	if (a->mgt && x->o.name_label && strcmp(b->mgt->sr_name_label, x->o.name_label))
		FAIL("--name-label \"%s\" given, MGT says \"%s\"", x->o.name_label,
		     b->mgt->sr_name_label);
	if (a->mgt && !x->o.name_label && strcmp(b->mgt->sr_name_label, a->mgt->sr_name_label))
		FAIL("SR label \"%s\" changed to \"%s\" without --name-label",
		     a->mgt->sr_name_label, b->mgt->sr_name_label);
	if (a->mgt && b->mgt->n_vdis != a->mgt->n_vdis)
		FAIL("MGT holds %u VDI records after the resign, %u before", b->mgt->n_vdis,
		     a->mgt->n_vdis);
	for (i = 0; a->mgt && i < a->mgt->n_vdis; i++) {
		const struct mgt_vdi *va = &a->mgt->vdis[i], *vb = &b->mgt->vdis[i];

		if (x->o.vdi_name_label && !va->deleted)
			expand(x->o.vdi_name_label, va->name_label, x->o.label_index, want,
			       sizeof(want));
		else
			snprintf(want, sizeof(want), "%s", va->name_label);
		if (strcmp(vb->name_label, want))
			FAIL("MGT VDI record %u: label \"%s\", want \"%s\"", i, vb->name_label,
			     want);
		if (strcmp(vb->name_description, va->name_description))
			FAIL("MGT VDI record %u: description changed", i);
	}
	for (k = 0; k < a->vg->n_pvs; k++) {
		const struct lvm_pv *pa = &a->vg->pvs[k], *pb = &b->vg->pvs[k];
		const char *id = k < x->o.n_idents ? x->o.idents[k] : NULL;

		if (!pa->device_id[0] && !pa->device_id_type[0])
			continue;
		/* a loop_file record (both lines) takes the given file */
		if (!strcmp(pa->device_id_type, "loop_file") &&
		    pa->device_id_span.end > pa->device_id_span.start && id &&
		    !strncmp(id, "loop_file:", 10)) {
			if (strcmp(pb->device_id_type, "loop_file") || strcmp(pb->device_id, id + 10))
				FAIL("PV %u: device_id %s:%s, want loop_file:%s", k,
				     pb->device_id_type, pb->device_id, id + 10);
		} else if (pb->device_id[0] || pb->device_id_type[0]) {
			FAIL("PV %u: device_id %s:%s kept; it names the original's device", k,
			     pb->device_id_type, pb->device_id);
		}
	}
}

/* The VG keeps every tag it had, in order, and gains relun_from_<old VG id> once. */
static void check_tags(const struct lvm_vg *a, const struct lvm_vg *b)
{
	char want[64];
	unsigned i, extra = 1;

	snprintf(want, sizeof(want), "relun_from_%s", a->id);
	for (i = 0; i < a->n_tags; i++)
		if (!strcmp(a->tags[i], want))
			extra = 0;
	if (!lvm_tag_valid(want))
		extra = 0;
	if (b->n_tags != a->n_tags + extra)
		FAIL("%u VG tags after the resign, %u before (provenance tag %s: %u)", b->n_tags,
		     a->n_tags, want, extra);
	for (i = 0; i < a->n_tags; i++)
		if (strcmp(a->tags[i], b->tags[i]))
			FAIL("VG tag %u: %s after the resign, %s before", i, b->tags[i], a->tags[i]);
	if (extra && strcmp(b->tags[a->n_tags], want))
		FAIL("VG tag %u: %s after the resign, want %s", a->n_tags, b->tags[a->n_tags], want);
}

static void check_identities(const struct lun_vg *a, const struct lun_vg *b,
			     const struct rl_plan *p, const struct rl_plan_info *info)
{
	unsigned k, i, l;
	char old_dm[2 * LVM_NAME_LEN + 2];
	char vo[LVM_NAME_LEN + 1], vn[LVM_NAME_LEN + 1], lo_[256], ln_[256];

	if (strcmp(b->vg->name, info->new_vg_name) || !strcmp(b->vg->name, a->vg->name))
		FAIL("VG name %s after the resign (old %s, planned %s)", b->vg->name, a->vg->name,
		     info->new_vg_name);
	if (!strcmp(b->vg->id, a->vg->id))
		FAIL("VG UUID %s unchanged", a->vg->id);
	if (b->n_pvs != a->n_pvs)
		FAIL("%u PVs after the resign, %u before", b->n_pvs, a->n_pvs);
	for (k = 0; k < a->n_pvs; k++) {
		if (!strcmp(b->pvs[k]->label.pv_uuid, a->pvs[k]->label.pv_uuid) ||
		    !strcmp(b->vg->pvs[k].id, a->vg->pvs[k].id))
			FAIL("PV %u UUID %s unchanged", k, a->pvs[k]->label.pv_uuid);
		if (strcmp(b->pvs[k]->label.pv_uuid, b->vg->pvs[k].id))
			FAIL("PV %u: label %s, text %s", k, b->pvs[k]->label.pv_uuid,
			     b->vg->pvs[k].id);
	}
	if (a->is_sr) {
		if (!b->is_sr || strcmp(b->sr_uuid, info->new_sr_uuid) ||
		    !strcmp(b->sr_uuid, a->sr_uuid))
			FAIL("SR uuid %s after the resign (old %s, planned %s)", b->sr_uuid,
			     a->sr_uuid, info->new_sr_uuid);
		if (a->mgt && (!b->mgt || strcmp(b->mgt->sr_uuid, info->new_sr_uuid)))
			FAIL("MGT SR uuid %s, planned %s", b->mgt ? b->mgt->sr_uuid : "(none)",
			     info->new_sr_uuid);
	}
	if (b->n_vdis != a->n_vdis)
		FAIL("%u VDIs after the resign, %u before", b->n_vdis, a->n_vdis);
	dm_escape(a->vg->name, old_dm, sizeof(old_dm));
	for (i = 0; i < a->n_vdis; i++) {
		const struct lun_vdi *x = &a->vdis[i], *y = &b->vdis[i];

		if (!strcmp(info->scope, "full") &&
		    (!strcmp(x->uuid, y->uuid) ||
		     strcmp(y->uuid, mapped(p, RL_ID_VDI_UUID, x->uuid))))
			FAIL("VDI %s became %s (planned %s)", x->uuid, y->uuid,
			     mapped(p, RL_ID_VDI_UUID, x->uuid));
		if (x->mgt_rec >= 0 &&
		    (y->mgt_rec < 0 || strcmp(b->mgt->vdis[y->mgt_rec].uuid, y->uuid)))
			FAIL("VDI %s: its MGT record is lost after the resign (now %s)", x->uuid,
			     y->uuid);
		if (lvhd_locator_split(x->prt_name, vo, sizeof(vo), lo_, sizeof(lo_)) < 0)
			vo[0] = '\0';
		if (!strcmp(vo, a->vg->name) &&
		    (lvhd_locator_split(y->prt_name, vn, sizeof(vn), ln_, sizeof(ln_)) < 0 ||
		     strcmp(vn, b->vg->name) || strcmp(ln_, mapped(p, RL_ID_LV_NAME, lo_))))
			FAIL("VDI %s: prt_name %s after the resign (was %s)", x->uuid, y->prt_name,
			     x->prt_name);
		else if (strcmp(vo, a->vg->name) && x->prt_name[0] &&
			 strcmp(y->prt_name, mapped(p, RL_ID_LV_NAME, x->prt_name)))
			FAIL("VDI %s: prt_name %s after the resign (was %s, an LV renamed %s)",
			     x->uuid, y->prt_name, x->prt_name,
			     mapped(p, RL_ID_LV_NAME, x->prt_name));
		if (y->n_loc != x->n_loc)
			FAIL("VDI %s: %u locators after, %u before", x->uuid, y->n_loc, x->n_loc);
		for (l = 0; l < x->n_loc; l++) {
			const struct lun_locator *lo = &x->loc[l], *ln = &y->loc[l];

			if (!lo->names_this_vg)
				continue;
			if (!ln->names_this_vg ||
			    strcmp(ln->target_lv, mapped(p, RL_ID_LV_NAME, lo->target_lv)))
				FAIL("VDI %s locator %u: %s after the resign (was %s)", x->uuid,
				     lo->slot, ln->path, lo->path);
			if (strstr(ln->path, old_dm))
				FAIL("VDI %s locator %u still names the old VG: %s", x->uuid,
				     lo->slot, ln->path);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct sparse_img *s = malloc(sizeof(*s));
	struct image *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct rl_dev wdev[SPARSE_MAX_DEV];
	struct opts x;
	struct rl_plan p;
	struct rl_plan_info info;
	struct rl_wcount wc;
	struct rl_err e;
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned k;
	size_t i;

	memset(&p, 0, sizeof(p));
	memset(&info, 0, sizeof(info));
	if (!s || !a || !b || sparse_open(d, n, s))
		goto out0;
	if (sparse_load(s, a->m, a->devs, 1)) {
		sparse_done(s);
		goto out0;
	}
	if (sparse_load(s, b->m, b->devs, 1)) {
		for (k = 0; k < s->ndev; k++)
			rl_memdev_free(&a->m[k]);
		sparse_done(s);
		goto out0;
	}
	sparse_done(s); /* the memdevs hold copies */
	for (i = 0; i < n; i++)
		h = (h ^ d[i]) * 0x100000001b3ULL;
	rng = h;
	if (image_read(a, s->ndev) || a->vg.damaged || a->vg.partial)
		goto out;
	draw_opts(&x, &a->vg, h);
	if (getenv("FUZZ_PLAN_SHOW")) /* which options an input draws */
		fprintf(stderr, "fuzz_plan: scope %s sr_uuid %s vg_name %s name_label %s "
			"vdi_name_label %s index %u taken %zu idents %zu\n",
			x.o.scope ? x.o.scope : "-", x.o.sr_uuid ? x.o.sr_uuid : "-",
			x.o.vg_name ? x.o.vg_name : "-", x.o.name_label ? x.o.name_label : "-",
			x.o.vdi_name_label ? x.o.vdi_name_label : "-", x.o.label_index,
			x.o.n_taken, x.o.n_idents);
	if (rl_plan_build(&a->vg, &x.o, &p, &info, &e) < 0)
		goto out;
	if (!p.finalized)
		FAIL("plan not finalized");
	/* plan device k is the VG's PV k: the copy's devices in that order */
	for (k = 0; k < a->vg.n_pvs; k++)
		wdev[k] = b->devs[a->vg.pvs[k]->dev - a->devs];
	for (i = 0; i < p.nregs; i++) {
		const struct rl_region *r = &p.regs[i];
		uint8_t *cur = malloc(r->len);

		if (!cur || rl_pread(&wdev[r->dev], cur, r->len, r->off, &e) < 0)
			FAIL("region %s unreadable", r->what);
		if (memcmp(cur, r->old_b, r->len))
			FAIL("region %s: old bytes are not the device's", r->what);
		free(cur);
	}
	memset(&wc, 0, sizeof(wc));
	if (rl_apply_image(&p, wdev, RL_IMAGE_NEW, 0, NULL, &wc, &e) < 0)
		FAIL("applying the plan: %s", e.msg);
	for (k = 0; k < a->vg.n_pvs; k++)
		compare(wdev[k].mem, a->vg.pvs[k]->dev->mem, k, &p, "resign");
	for (i = 0; i < p.nregs; i++) {
		const struct rl_region *r = &p.regs[i];
		uint8_t *cur = malloc(r->len);

		if (!cur || rl_pread(&wdev[r->dev], cur, r->len, r->off, &e) < 0 ||
		    memcmp(cur, r->new_b, r->len))
			FAIL("region %s does not hold its new bytes", r->what);
		free(cur);
	}
	if (image_read(b, s->ndev) || b->vg.damaged || b->vg.partial)
		FAIL("the resigned copy does not read back: %s",
		     b->have_vg ? b->vg.problems[0] : "no VG");
	check_identities(&a->vg, &b->vg, &p, &info);
	check_tags(a->vg.vg, b->vg.vg);
	check_opts(&a->vg, &b->vg, &x);
	if (rl_apply_image(&p, wdev, RL_IMAGE_OLD, 1, NULL, &wc, &e) < 0)
		FAIL("undo: %s", e.msg);
	for (k = 0; k < a->vg.n_pvs; k++)
		compare(wdev[k].mem, a->vg.pvs[k]->dev->mem, k, NULL, "undo");
out:
	rl_plan_free(&p);
	rl_plan_info_free(&info);
	image_free(a, s->ndev);
	image_free(b, s->ndev);
out0:
	free(a);
	free(b);
	free(s);
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *d, size_t n, size_t max, unsigned seed)
{
	return sparse_mutate(d, n, max, seed);
}
