/* Read every identity a LUN carries, without writing anything: the LVM label,
 * both metadata areas and their committed text, the VG model, and for a
 * XenServer SR the MGT records and each VDI's VHD footer, header and parent
 * locators (read through the LV extent map, nothing activated).
 *
 * Used by relun-probe (to judge) and relun-resign (to plan), so both see the
 * LUN the same way.  Reads are minimal: 4 label sectors, each mda header, the
 * committed text copy, MGT's used bytes, and per VHD its footer, header and
 * locator data. */
#ifndef RELUN_LUN_READ_H
#define RELUN_LUN_READ_H

#include <stdint.h>
#include <stddef.h>

#include "rl_err.h"
#include "rl_blockio.h"
#include "lvm_label.h"
#include "lvm_mda.h"
#include "lvm_vg.h"
#include "mgt.h"
#include "vhd.h"
#include "lvhd.h"

#define LUN_MAX_MDA 2

struct lun_mda {
	struct lvm_disk_locn locn;     /* from the label */
	uint8_t hdr_raw[LVM_MDA_HEADER_SIZE];
	struct lvm_mda_header hdr;
	int hdr_ok;                    /* header parsed */
	int ignored;                   /* rlocn0 flagged ignored */
	int has_text;                  /* rlocn0 names a copy */
	int text_ok;                   /* copy read, CRC right, parsed */
	char *text;                    /* committed copy, NUL-terminated (owned) */
	size_t text_size;              /* including the NUL, = rlocn0.size */
	struct lvm_span spans[2];      /* where the copy lies on the device */
	unsigned n_spans;
	uint64_t seqno;                /* of this copy's VG */
	struct rl_err err;             /* why hdr_ok/text_ok is 0 */
};

enum lun_pv_state {
	LUN_PV_OK,        /* label + at least one good committed copy */
	LUN_PV_NOT_LVM,   /* no LVM label in the first 4 sectors */
	LUN_PV_ORPHAN,    /* valid label, no metadata text (no VG, or no mda) */
	LUN_PV_DAMAGED,   /* label/header/text bad: see err */
};

struct lun_pv {
	struct rl_dev *dev;            /* not owned; stays open while in use */
	enum lun_pv_state state;
	uint8_t label_raw[LVM_SECTOR_SIZE];
	struct lvm_label label;
	unsigned n_mda;
	struct lun_mda mda[LUN_MAX_MDA];
	int best;                      /* mda whose copy is used, -1 none */
	struct lvm_vg *vg;             /* parsed from the best copy (owned) */
	int pv_index;                  /* index in vg->pvs whose id = label uuid */
	char warnings[4][300];         /* e.g. mda seqnos differ */
	unsigned n_warnings;
	struct rl_err err;
};

/* Read and check the PV on an open device.  Returns 0 whatever the state
 * (state and err say what was found); -1 only for I/O errors or memory. */
int lun_read_pv(struct rl_dev *dev, struct lun_pv *pv, struct rl_err *e);
void lun_pv_free(struct lun_pv *pv);

#define LUN_VHD_MAX_LOC 8

struct lun_locator {
	unsigned slot;                 /* index in the header's loc[] */
	uint32_t code;
	uint64_t lv_off;               /* data_offset within the LV */
	uint32_t data_space, data_len; /* bytes */
	char path[1024];               /* decoded relative path */
	int names_this_vg;             /* names this VG (any form lvhd_locator_parse reads) */
	char target_lv[256];           /* LV name it resolves to in that VG, "" if not */
	int parsed;                    /* form holds the path's form (else unreadable) */
	struct lvhd_loc form;
};

struct lun_vdi {
	unsigned lv;                   /* index in vg->lvs */
	enum lvhd_kind kind;           /* LVHD_VHD or LVHD_RAW */
	char uuid[37];
	uint64_t lv_size;
	int has_vhd;                   /* VHD footer found */
	struct vhd_footer footer;
	int footer_from_backup;
	uint64_t footer_lv_off;        /* where the primary footer is */
	int has_header;                /* dynamic/diff disk header parsed */
	struct vhd_header header;
	uint64_t header_lv_off;
	char prt_name[256];            /* decoded prt_name, "" if none */
	char parent_lv[256];           /* parent LV per prt_name, "" if none */
	char parent_uuid[37];          /* VDI uuid of that parent, "" if none */
	int parent_index;              /* index in lun_vg.vdis, -1 if none/missing */
	unsigned n_loc;
	struct lun_locator *loc;       /* n_loc of them (owned): sized to what the
					* header lists, a 2000-VDI SR has 6000 */
	int hidden;                    /* footer hidden byte, or LV tag for raw */
	int mgt_rec;                   /* index in mgt->vdis, -1 if no record */
	struct rl_err err;             /* VHD problems (code RL_OK if none) */
};

struct lun_vg {
	struct lun_pv **pvs;           /* by the VG's pv index; NULL where missing */
	unsigned n_pvs;
	const struct lvm_vg *vg;       /* the first present PV's model */
	int partial;                   /* some PV of the VG not given */
	int exported;
	int is_sr;                     /* VG_XenStorage-<uuid> */
	char sr_uuid[37];
	int mgt_lv;                    /* index in vg->lvs, -1 if none */
	struct mgt *mgt;               /* parsed MGT or NULL */
	uint8_t *mgt_raw;              /* the used bytes [0, mgt->length) */
	size_t mgt_len;
	struct rl_err mgt_err;         /* why mgt is NULL (RL_OK if no MGT LV) */
	struct lun_vdi *vdis;          /* VHD-/LV- LVs in VG order */
	unsigned n_vdis;
	unsigned *inflight;            /* lv indexes of journal/jvhd/cbtlog/OLD_ LVs */
	unsigned n_inflight;
	int damaged;                   /* any read/parse error below the VG */
	char problems[8][400];         /* first few problems, human text */
	unsigned n_problems;
};

/* Assemble one copy of a VG from its PVs (any order; each must be LUN_PV_OK
 * and carry the same VG id), then read MGT and the VHDs through the extent
 * map.  Read problems mark the VG damaged with a message; -1 only for
 * memory errors or PVs of different VGs. */
int lun_read_vg(struct lun_pv *const *pvs, unsigned n, struct lun_vg *out, struct rl_err *e);
/* The VG level only (PVs, LVs, SR uuid, in-flight LVs): no MGT, no VHD
 * reads.  For comparing identities across a host's LUNs, where the
 * contents of the LVs say nothing. */
#define LUN_VG_NO_CONTENT 1u
int lun_read_vg_ex(struct lun_pv *const *pvs, unsigned n, struct lun_vg *out, unsigned flags,
		   struct rl_err *e);
void lun_vg_free(struct lun_vg *v);

/* Read bytes of LV `lv` at LV offset off, across segments and PVs. */
int lun_read_lv(const struct lun_vg *v, unsigned lv, uint64_t off, void *buf, size_t len,
		struct rl_err *e);

#endif
