/* The resign plan: the complete new image of every sector relun-resign will
 * change, built in memory before the first write.
 *
 * A plan holds
 *   - the devices (path, size, identity string such as the SCSIid, st_rdev,
 *     the length of the "header region" fingerprinted by the journal);
 *   - regions {device, absolute offset, length, old bytes, new bytes, phase,
 *     what}: sector-aligned, non-overlapping, sorted by (phase, device,
 *     offset) once rl_plan_finalize() accepted them;
 *   - the identity map old -> new (SR uuid, VG name, VG UUID, PV UUIDs,
 *     VDI uuids, LV names).
 *
 * Phases are the write order, chosen so LVM can read the LUN at each step
 * where possible: LV contents (MGT, VHD headers), then the new metadata text
 * after the current copy in every mda, then the mda headers that commit it,
 * then the labels. */
#ifndef RELUN_PLAN_H
#define RELUN_PLAN_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "rl_err.h"

enum rl_phase {
	RL_PHASE_LV = 1,      /* LV contents: MGT records, VHD headers/locators */
	RL_PHASE_TEXT = 2,    /* new metadata text after the current copy */
	RL_PHASE_MDAHDR = 3,  /* mda headers: rlocn0 = the new copy */
	RL_PHASE_LABEL = 4,   /* PV labels (new PV UUID, CRC) */
};
#define RL_PHASE_FIRST RL_PHASE_LV
#define RL_PHASE_LAST RL_PHASE_LABEL

enum rl_idkind {
	RL_ID_SR_UUID = 1,
	RL_ID_VG_NAME,
	RL_ID_VG_UUID,
	RL_ID_PV_UUID,
	RL_ID_VDI_UUID,
	RL_ID_LV_NAME,
};

#define RL_PLAN_SECTOR 512u
#define RL_PLAN_PATH_MAX 4096
#define RL_PLAN_IDENT_MAX 256
#define RL_PLAN_WHAT_MAX 128
#define RL_PLAN_ID_MAX 256
/* Limits that also bound what a journal parser accepts. */
#define RL_PLAN_MAX_DEVS 4096u
#define RL_PLAN_MAX_REGION (64u << 20)

struct rl_plan_dev {
	char path[RL_PLAN_PATH_MAX];
	char ident[RL_PLAN_IDENT_MAX]; /* SCSIid or other identity; "" if unknown */
	uint64_t size;                 /* bytes */
	uint64_t rdev;                 /* st_rdev at plan time (0 for files) */
	uint64_t hdr_len;              /* header region [0, hdr_len): first PE or 1 MiB */
	uint32_t align;                /* regions must be multiples of this (>= 512) */
};

struct rl_region {
	uint32_t dev;                  /* index into rl_plan.devs */
	enum rl_phase phase;
	uint64_t off;                  /* absolute byte offset on the device */
	uint32_t len;
	uint8_t *old_b;                /* len bytes each, owned by the plan */
	uint8_t *new_b;
	char what[RL_PLAN_WHAT_MAX];   /* "mda1 header", "label", "VHD-<uuid> locator W2KU" */
};

struct rl_idmap {
	enum rl_idkind kind;
	char old_v[RL_PLAN_ID_MAX];
	char new_v[RL_PLAN_ID_MAX];
	char where[RL_PLAN_ID_MAX];    /* optional context: the PV's device, "" */
};

struct rl_plan {
	char subject[RL_PLAN_ID_MAX];  /* old VG name (names journals, messages) */
	char scope[16];                /* "full", "sr", "lvm" */
	struct rl_plan_dev *devs;
	uint32_t ndevs;
	struct rl_region *regs;
	size_t nregs, capregs;
	struct rl_idmap *ids;
	size_t nids, capids;
	int finalized;
};

void rl_plan_init(struct rl_plan *p, const char *subject, const char *scope);
void rl_plan_free(struct rl_plan *p);

/* Returns the new device index (>= 0) or -1.  hdr_len is capped to size. */
int rl_plan_add_dev(struct rl_plan *p, const char *path, const char *ident, uint64_t size,
		    uint64_t rdev, uint64_t hdr_len, uint32_t align, struct rl_err *e);
/* Copies len bytes of old and new.  Checks the device index, bounds and
 * alignment; overlap is checked by rl_plan_finalize(). */
int rl_plan_add_region(struct rl_plan *p, uint32_t dev, enum rl_phase phase, uint64_t off,
		       const void *old_b, const void *new_b, uint32_t len, const char *what,
		       struct rl_err *e);
int rl_plan_add_id(struct rl_plan *p, enum rl_idkind kind, const char *old_v, const char *new_v,
		   const char *where, struct rl_err *e);
/* Look an old value up in the identity map: the new value or NULL. */
const char *rl_plan_id_lookup(const struct rl_plan *p, enum rl_idkind kind, const char *old_v);

/* Sort regions by (phase, dev, off); refuse overlaps on one device (whatever
 * the phases), misalignment, and regions that change nothing. */
int rl_plan_finalize(struct rl_plan *p, struct rl_err *e);

/* Bytes that change, summed over the regions. */
uint64_t rl_plan_bytes(const struct rl_plan *p);
size_t rl_plan_count_phase(const struct rl_plan *p, enum rl_phase ph);

const char *rl_phase_name(enum rl_phase ph);      /* "lv", "text", "mda-header", "label" */
const char *rl_idkind_name(enum rl_idkind k);     /* "sr_uuid", "vg_name", ... */

/* What a plan says, without its bytes: the devices, the identity map and
 * each region's place, its reason and the sha256 of its old and new bytes.
 * A job's result carries it (job_result.h). */
struct rl_plan_sum_dev {
	char *path, *ident;
	uint64_t size, rdev, hdr_len;
};

struct rl_plan_sum_id {
	enum rl_idkind kind;
	char *old_v, *new_v, *where;   /* where: "" when none */
};

struct rl_plan_sum_region {
	uint32_t dev;
	enum rl_phase phase;
	uint64_t off;
	uint32_t len;
	char *what;
	char old_sha256[65], new_sha256[65];
};

struct rl_plan_summary {
	char *subject, *scope;
	struct rl_plan_sum_dev *devs;
	uint32_t ndevs;
	struct rl_plan_sum_id *ids;
	size_t nids;
	struct rl_plan_sum_region *regs;
	size_t nregs;
	uint64_t bytes;
};

/* 0, or -1 out of memory (s then empty). */
int rl_plan_summarize(const struct rl_plan *p, struct rl_plan_summary *s);
void rl_plan_summary_free(struct rl_plan_summary *s);

int rl_phase_parse(const char *s, enum rl_phase *out);
int rl_idkind_parse(const char *s, enum rl_idkind *out);

/* The plan for humans: the identity map, the devices, every byte range. */
void rl_plan_summary_print_text(const struct rl_plan_summary *s, FILE *f);
void rl_plan_print_text(const struct rl_plan *p, FILE *f);

/* The plan as a json-c object (struct json_object *; void to keep json-c out
 * of this header).  Keys: subject, scope, devices[{index,path,ident,size,
 * rdev,header_len}], ids[{kind,old,new,where}], regions[{device,phase,
 * offset,length,what,old_sha256,new_sha256}], bytes. */
void *rl_plan_summary_to_json(const struct rl_plan_summary *s);
void *rl_plan_to_json(const struct rl_plan *p);
/* Back from rl_plan_summary_to_json: 0, or -1 (s then empty). */
int rl_plan_summary_from_json(const void *obj, struct rl_plan_summary *s);

#endif
