/* LVHD naming: how sm names the VG and LVs of an LVM-based SR, and the
 * device-mapper names that VHD parent locators point at.
 *
 *   VG            VG_XenStorage-<sr uuid>           (lvhdutil.VG_PREFIX)
 *   MGT           MGT                               (LVHDSR.MDVOLUME_NAME)
 *   VHD VDI       VHD-<vdi uuid>                    (lvhdutil.LV_PREFIX, vdi_type vhd)
 *   raw VDI       LV-<vdi uuid>                     (vdi_type aio)
 *   journal       <type>_<id>_<val>, tag journaler  (journaler.py; val "1" when
 *                                                    the dm name would pass 127)
 *   VHD journal   jvhd_<name>, tag jvhd             (lvhdutil.JVHD_TAG)
 *   CBT log       <uuid>.cbtlog, tag cbtlog         (constants.CBTLOG_TAG)
 *   leaf-coalesce VHD-OLD_<uuid> / LV-OLD_<uuid>    (cleanup.TMP_RENAME_PREFIX)
 *
 * dm name of /dev/<vg>/<lv>: each name with '-' doubled, joined by one '-'
 * (blktap canonpath, LVM's dm naming).  A child VHD's locators hold the path
 * of its parent relative to the child's /dev/mapper entry: "./<dm name>". */
#ifndef RELUN_LVHD_H
#define RELUN_LVHD_H

#include <stddef.h>

#define LVHD_VG_PREFIX "VG_XenStorage-"
#define LVHD_MGT_NAME "MGT"
#define LVHD_VHD_PREFIX "VHD-"
#define LVHD_RAW_PREFIX "LV-"
#define LVHD_OLD_PREFIX "OLD_"
#define LVHD_JOURNAL_TAG "journaler"
#define LVHD_JVHD_PREFIX "jvhd_"
#define LVHD_JVHD_TAG "jvhd"
#define LVHD_CBTLOG_SUFFIX ".cbtlog"
#define LVHD_CBTLOG_TAG "cbtlog"
#define LVHD_HIDDEN_TAG "hidden"   /* raw VDIs: hidden flag lives in an LV tag */
/* "./VG_XenStorage--<40>-VHD--<40>": 103 chars, +NUL */
#define LVHD_LOCATOR_LEN 103
#define LVHD_DM_NAME_MAX 128       /* dm names are at most 127 chars */

enum lvhd_kind {
	LVHD_MGT,      /* the SR metadata volume */
	LVHD_VHD,      /* VHD-<uuid> */
	LVHD_RAW,      /* LV-<uuid> */
	LVHD_JOURNAL,  /* tagged journaler */
	LVHD_JVHD,     /* jvhd_* */
	LVHD_CBTLOG,   /* <uuid>.cbtlog */
	LVHD_OLD,      /* VHD-OLD_<uuid> or LV-OLD_<uuid>: interrupted leaf-coalesce */
	LVHD_OTHER,    /* anything else, including VHD-/LV- with a non-canonical uuid */
};

/* Classify an LV by name (and tags: only "journaler" matters).  uuid_out
 * (may be NULL) gets the embedded canonical uuid for VHD, RAW, OLD, CBTLOG,
 * and for JOURNAL when its <id> is a uuid; "" otherwise. */
enum lvhd_kind lvhd_classify(const char *lv_name, char *const *tags, unsigned n_tags,
			     char uuid_out[37]);
const char *lvhd_kind_name(enum lvhd_kind k);   /* "mgt", "vhd", "raw", ... */

/* "VG_XenStorage-<canonical lowercase uuid>" -> the uuid; -1 otherwise. */
int lvhd_sr_uuid_from_vg(const char *vg_name, char out[37]);
/* "VG_XenStorage-<sr_uuid>" into out (n >= 51); -1 if sr_uuid is not canonical
 * or n too small. */
int lvhd_vg_name(const char *sr_uuid, char *out, size_t n);
/* dm name "<vg with -- >-<lv with -- >" (truncated to n-1, always NUL-ended). */
void lvhd_dm_name(const char *vg, const char *lv, char *out, size_t n);
/* "./<dm name>", what vhd-util writes into a child's parent locators. */
void lvhd_locator_path(const char *vg, const char *lv, char *out, size_t n);
/* Inverse of lvhd_locator_path for a path "./<dm name>" (or "<dm name>"):
 * split at the single '-' and undouble, into vg/lv.  -1 if malformed. */
int lvhd_locator_split(const char *path, char *vg, size_t vgsz, char *lv, size_t lvsz);
/* The forms a parent locator path takes (after vhd_locator_decode):
 * what vhd-util writes, "./<dm name>" (and a bare "<dm name>"), and what
 * other writers or a hand-edited chain may hold: "/dev/mapper/<dm name>",
 * "/dev/<vg>/<lv>", each possibly behind a "file://" URL scheme.  tapdisk
 * resolves the absolute forms as they are, so they name the VG by name. */
enum lvhd_loc_form {
	LVHD_LOC_REL,        /* ./<dm name> */
	LVHD_LOC_BARE,       /* <dm name> */
	LVHD_LOC_MAPPER,     /* /dev/mapper/<dm name> */
	LVHD_LOC_DEV,        /* /dev/<vg>/<lv> */
};

struct lvhd_loc {
	enum lvhd_loc_form form;
	int url;             /* "file://" before the path */
	char vg[128];
	char lv[256];
};

/* Parse a decoded locator path into its form, VG and LV: 0, or -1 when it
 * is none of the forms (relun cannot say what it points at). */
int lvhd_locator_parse(const char *path, struct lvhd_loc *out);
/* The same form, naming vg/lv instead: 0, or -1 if n is too small. */
int lvhd_locator_format(const struct lvhd_loc *form, const char *vg, const char *lv, char *out,
			size_t n);

/* LV name for a VDI: VHD -> "VHD-<uuid>", RAW -> "LV-<uuid>", OLD (VHD form)
 * -> "VHD-OLD_<uuid>", CBTLOG -> "<uuid>.cbtlog", MGT -> "MGT".  -1 for other
 * kinds, a non-canonical uuid, or n too small. */
int lvhd_lv_name(enum lvhd_kind k, const char *uuid, char *out, size_t n);

#endif
