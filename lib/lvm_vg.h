/* A volume group as described by one copy of LVM metadata text (the on-disk
 * "raw" form: VG section first, header keys after), validated as LVM 2.03's
 * import_vsn1.c / config_file_read_fd do, with the source spans an editor
 * needs to rewrite identities in place (see lvm_text.h edits).
 * Spans are offsets into the text given to lvm_vg_from_text. */
#ifndef RELUN_LVM_VG_H
#define RELUN_LVM_VG_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"
#include "lvm_text.h"

#define LVM_NAME_LEN 128

struct lvm_pv {
	char key[64];              /* "pv0" */
	char id[33];               /* raw, no dashes */
	char device[4096];         /* hint, unescaped; "" if absent */
	char device_id_type[64];   /* "" if absent */
	char device_id[1024];      /* "" if absent */
	uint64_t dev_size;         /* sectors; 0 if absent */
	uint64_t pe_start;         /* sectors */
	uint64_t pe_count;
	uint64_t ba_start, ba_size;
	char **status, **flags, **tags;
	unsigned n_status, n_flags, n_tags;
	/* source spans */
	struct lvm_text_span key_span;       /* "pv0" */
	struct lvm_text_span id_span;        /* "xxxxxx-...", quotes included */
	struct lvm_text_span device_span;    /* value incl. quotes; 0,0 if absent */
	struct lvm_text_span device_id_span; /* value incl. quotes; 0,0 if absent */
	const struct lvm_cfg_node *node;     /* the pvN section */
};

struct lvm_stripe {
	unsigned pv;        /* index into vg->pvs (when !is_lv) */
	uint64_t pe;        /* first extent on that PV (or LV) */
	int is_lv;          /* area is another LV (stacked), lv = its index */
	unsigned lv;
};

struct lvm_seg {
	uint64_t start_extent, extent_count;
	char type[32];          /* "striped", "thin", "raid1", ... */
	unsigned stripe_count;  /* striped: areas; other types: 0 */
	uint64_t stripe_size;   /* sectors; striped with stripe_count > 1 */
	struct lvm_stripe *stripes; /* stripe_count entries */
	const struct lvm_cfg_node *node;
};

struct lvm_lv {
	char name[LVM_NAME_LEN + 1];
	char id[33];            /* raw second half of the lvid */
	int visible;            /* "VISIBLE" in status */
	char **status, **flags, **tags;
	unsigned n_status, n_flags, n_tags;
	struct lvm_seg *segs;   /* sorted by start_extent, contiguous from 0 */
	unsigned n_segs;
	uint64_t le_count;      /* sum of extent_count */
	struct lvm_text_span name_span;  /* the section key */
	struct lvm_text_span id_span;    /* value incl. quotes */
	const struct lvm_cfg_node *node;
};

struct lvm_vg {
	char name[LVM_NAME_LEN + 1];
	char id[33];            /* raw */
	uint64_t seqno;
	uint64_t extent_size;   /* sectors */
	uint64_t max_lv, max_pv, metadata_copies;
	char system_id[256], lock_type[64];
	char **status, **flags, **tags;
	unsigned n_status, n_flags, n_tags;
	struct lvm_pv *pvs;
	unsigned n_pvs;
	struct lvm_lv *lvs;     /* in text order */
	unsigned n_lvs;
	/* top-level header keys (after the VG section) */
	char description[1024];
	char creation_host[256];
	int64_t creation_time;
	/* source spans */
	struct lvm_text_span name_span;   /* VG section key */
	struct lvm_text_span id_span;     /* value incl. quotes */
	struct lvm_text_span seqno_span;  /* the number */
	struct lvm_text_span status_span; /* value '['..']' */
	struct lvm_text_span flags_span;  /* value; 0,0 if absent */
	int has_tags;
	struct lvm_text_span tags_span;   /* value '['..']' when has_tags */
	struct lvm_text_span description_span; /* value incl. quotes, 0,0 absent */
	const struct lvm_cfg_node *vg_node;
	struct lvm_cfg *cfg;    /* owned parse tree */
};

/* Parse and validate.  text[0..len) is one metadata copy (the NUL may be
 * included or not; parsing stops at it).  Checks: the text begins with a
 * valid VG name (config_file_read_fd), contents = "Text Format Volume
 * Group", version = 1, the first top-level section is the VG with a valid
 * name, id/seqno/status/extent_size/max_lv/max_pv present and typed, ids
 * valid, extent_size > 0, physical_volumes present with id/status/pe_start/
 * pe_count per PV, LV names valid with id/status/segment_count, segments
 * contiguous from extent 0 and matching segment_count, striped areas naming
 * an existing pvN (or LV) with extents inside pe_count, no extent used
 * twice.  0 ok, -1 RL_E_CORRUPT (message names base_off + the offending
 * position) / RL_E_NOMEM. */
int lvm_vg_from_text(const char *text, size_t len, uint64_t base_off, struct lvm_vg **out,
		     struct rl_err *e);
void lvm_vg_free(struct lvm_vg *vg);

/* lvm-string.c validate_name: chars of [A-Za-z0-9._+-], not empty, not
 * starting with '-', not "." or "..", and shorter than NAME_LEN (LVM counts
 * the NUL: at most 127 characters).  1 valid, 0 not. */
int lvm_name_valid(const char *name);

/* validate_tag: not empty, chars of [A-Za-z0-9._+/=!:&#-]; we also cap the
 * length at 128 (what LVM's tools accept on the command line).  1 / 0. */
int lvm_tag_valid(const char *tag);

/* The tag relun-resign adds to a VG it made: "relun_from_" and the raw id
 * (32 characters, no dashes) of the VG it was made from, so that a later
 * probe can tell the copy from its original. */
#define LVM_PROVENANCE_TAG_PREFIX "relun_from_"
/* The raw VG id a provenance tag names, or NULL when tag is not one. */
const char *lvm_provenance_id(const char *tag);

/* Index of the PV with key "pvN" / raw id, or -1. */
int lvm_vg_pv_by_key(const struct lvm_vg *vg, const char *key);
int lvm_vg_pv_by_id(const struct lvm_vg *vg, const char *raw_id);
int lvm_vg_lv_by_name(const struct lvm_vg *vg, const char *name);

#endif
