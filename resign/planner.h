/* The planner: from what lun_read found on the given PVs, build the complete
 * resign plan, every sector a resign changes, without writing anything.
 *
 *   every scope: a new PV UUID per PV (label + text), a new VG UUID, a new
 *     VG name, seqno + 1, a provenance tag relun_from_<old VG UUID>; the
 *     edited text is written byte-identical to every mda of every PV at
 *     LVM's next-copy position (lvm_mda_place_next), then each mda header
 *     commits it (rlocn0 = the new copy, rlocn1 cleared), then the labels;
 *   full (SR default): VHD-/LV- LVs renamed to new VDI uuids; MGT SR uuid,
 *     VDI record uuids and snapshot_of patched in place; every child VHD's
 *     parent locators and prt_name rewritten for the new VG and parent LV,
 *     header checksum recomputed (lengths unchanged);
 *   sr: new SR uuid (so new VG name), MGT SR uuid, locators; VDI uuids kept;
 *   lvm (generic VGs): identities and name only; refused for an SR.
 * --name-label rewrites the MGT's SR name label sector (and the label the
 * xe script introduces). */
#ifndef RELUN_PLANNER_H
#define RELUN_PLANNER_H

#include <stddef.h>

#include "lun_read.h"
#include "plan.h"
#include "rl_random.h"
#include "xe_script.h"

struct rl_planner_opts {
	const char *scope;          /* "full", "sr", "lvm"; NULL = full for an SR, lvm otherwise */
	const char *sr_uuid;        /* new SR uuid; NULL = random */
	const char *vg_name;        /* generic VG: new name; NULL = derived */
	const char *name_label;     /* new SR name label; NULL = keep */
	/* --vdi-name-label template (label_tmpl.h) for every VDI's label in
	 * MGT, NULL = keep; its {date} and {index} */
	const char *vdi_name_label, *label_date;
	unsigned label_index;
	const char *const *taken_vg_names; /* names in use on the host (derived names avoid them) */
	size_t n_taken;
	const char *const *idents;  /* per VG PV index: identity string, or NULL */
	size_t n_idents;
	const struct rl_random *random; /* new ids' bytes; NULL: the system's */
};

/* What the plan means, for the report and the xe script. */
struct rl_plan_info {
	char scope[8];
	int is_sr;
	char old_sr_uuid[37], new_sr_uuid[37];
	char old_vg_name[LVM_NAME_LEN + 1], new_vg_name[LVM_NAME_LEN + 1];
	char old_vg_uuid[39], new_vg_uuid[39];  /* dashed */
	char name_label[1024];                  /* the SR's label after the resign */
	int pool_metadata;                      /* a live MGT record of type metadata */
	struct rl_vdi_pair *vdis;               /* old -> new VDI uuids (full scope) */
	size_t n_vdis;
	uint64_t seqno;                         /* the new seqno */
	unsigned inflight_kept;                 /* in-flight LVs left as they are (--force) */
};

void rl_plan_info_free(struct rl_plan_info *i);

/* Build the plan.  v must be complete (not partial), not damaged; its PVs
 * opened on the devices to be written (v->pvs[k]->dev).  Plan device k is
 * the VG's PV k.  Returns 0, or -1 with e set: RL_E_INVAL for a bad option
 * (scope/uuid/name), RL_E_UNSUPPORTED for a layout relun does not handle,
 * RL_E_CORRUPT for inconsistent metadata, RL_E_TOOBIG when the text does not
 * fit an mda. */
int rl_plan_build(const struct lun_vg *v, const struct rl_planner_opts *o, struct rl_plan *p,
		  struct rl_plan_info *info, struct rl_err *e);

/* The derived name for a generic VG: "<old>_clone", then "<old>_clone2", ...
 * avoiding taken names (and the old name); truncated to stay a valid name. */
int rl_derive_vg_name(const char *old, const char *const *taken, size_t n, char *out,
		      size_t outsz);

#endif
