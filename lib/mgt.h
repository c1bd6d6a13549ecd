/* The MGT logical volume of an LVHD SR: sm's srmetadata.py "LVM metadata"
 * format, parsed and written byte-for-byte as sm writes it.
 *
 * Layout (512-byte sectors, everything space-padded, no checksum):
 *   sector 0      "XSSM:<length %-10s>:1:2"
 *   sector 1      <?xml version="1.0" ?><uuid>SR</uuid><allocation>thick</allocation>
 *   sector 2      <name_label>escaped SR label</name_label>      (cut to 512)
 *   sector 3      <name_description>escaped</name_description>   (cut to 512)
 *   2048 + 1024k  VDI record k, two sectors:
 *     A: <vdi><name_label>..</name_label><name_description>..</name_description>
 *        (xml.sax.saxutils.escape'd: & < > only; if label+description exceed
 *        445 bytes, each one longer than 222 bytes is cut to 222, UTF-8 safe)
 *     B: <key>value</key>... in dict order, NOT escaped, then </vdi>
 *   `length` in the header = bytes in use = 2048 + 1024 * slots; slots include
 *   deleted records (deleted=1) that are not at the end.
 * sm's reader removes NUL bytes before parsing (the LV tail is zero) and
 * takes element text with surrounding whitespace stripped.
 *
 * Offsets named "within MGT" are from the start of the MGT LV; error messages
 * add the caller's base_off (the LV's absolute offset on the device). */
#ifndef RELUN_MGT_H
#define RELUN_MGT_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"
#include "xs_uuid.h"

#define MGT_SECTOR 512
#define MGT_SR_INFO_SECTORS 4        /* SR_INFO_SIZE_IN_SECTORS */
#define MGT_VDI_SECTORS 2            /* VDI_INFO_SIZE_IN_SECTORS */
#define MGT_SR_INFO_SIZE (MGT_SR_INFO_SECTORS * MGT_SECTOR)   /* 2048 */
#define MGT_VDI_SIZE (MGT_VDI_SECTORS * MGT_SECTOR)           /* 1024 */
#define MGT_LV_SIZE (4u << 20)       /* sm creates MGT at 4 MiB */
#define MGT_MAX_LABEL_DESC 445       /* MAX_VDI_NAME_LABEL_DESC_LENGTH */
/* The longest escaped SR name label its sector holds whole: sm cuts the
 * text to SECTOR_SIZE - 2 * len("name_label") - 5 (getSectorAlignedXML). */
#define MGT_SR_NAME_LABEL_MAX (MGT_SECTOR - 2 * 10 - 5)          /* 487 */
#define MGT_MAJOR 1
#define MGT_MINOR 2

/* The sector map.  Each of the first four sectors is a record of its own,
 * rewritten by sm one sector at a time (updateSR writes the SR name label at
 * sector 2 and the description at sector 3); from sector 4 on, VDI slot k is
 * record MGT_REC_VDI0 + k: sectors 4 + 2k (label and description) and
 * 5 + 2k (everything else). */
enum mgt_record {
	MGT_REC_HEADER = 0,          /* "XSSM:<length>:1:2" */
	MGT_REC_SR_UUID = 1,         /* xml header, <uuid>, <allocation> */
	MGT_REC_SR_NAME_LABEL = 2,
	MGT_REC_SR_DESCRIPTION = 3,
	MGT_REC_VDI0 = MGT_SR_INFO_SECTORS,
};

/* The record that sector number `sector` of the MGT belongs to (sectors of
 * one record give the same number). */
uint64_t mgt_sector_record(uint64_t sector);
/* Byte offset within MGT where record rec starts. */
uint64_t mgt_record_offset(uint64_t rec);
/* Byte offset within MGT of VDI slot's record (its sector A). */
uint64_t mgt_vdi_record_offset(uint64_t slot);

struct mgt_kv {
	char *key;
	char *val;          /* entity-decoded element text, as on disk (not stripped) */
};

struct mgt_vdi {
	unsigned slot;      /* record index: off = 2048 + 1024 * slot */
	uint64_t off;       /* of sector A within MGT */
	char uuid[37];
	/* Entity-decoded text between the tags, exactly as stored (sm's reader
	 * would additionally strip surrounding whitespace).  Never NULL. */
	char *name_label, *name_description;
	int deleted;
	int is_a_snapshot;
	char snapshot_of[37];    /* "" if empty */
	char vdi_type[16];       /* "vhd", "aio", ...; "" if absent */
	char type[32];           /* "user", "system", "metadata", ...; "" if absent */
	int read_only, managed;  /* 0/1; -1 if absent */
	/* Sector B elements in on-disk order (uuid, is_a_snapshot, ..., deleted,
	 * and anything else such as sm's stray <offset>).  This list is what
	 * mgt_serialize writes for sector B; the typed fields above are views of
	 * it, refreshed by mgt_vdi_set. */
	struct mgt_kv *kv;
	unsigned n_kv;
	/* absolute offsets within MGT of the 36-char values, 0 if absent/empty */
	uint64_t uuid_off, snapshot_of_off;
};

struct mgt {
	uint64_t length;         /* header length: bytes in use */
	unsigned major, minor;
	char sr_uuid[37];
	uint64_t sr_uuid_off;    /* within MGT, of the 36-char value in sector 1 */
	char allocation[16];     /* "thick" / "thin" ("" if absent) */
	char *sr_name_label, *sr_name_description;  /* decoded, never NULL */
	struct mgt_vdi *vdis;    /* every slot, deleted ones included, in order */
	unsigned n_vdis;
};

/* Parse the MGT.  buf holds at least the first `length` bytes of the LV
 * (more is fine; bytes past `length` are ignored); len is how many bytes buf
 * holds and must not exceed the LV size.  Rejects, with RL_E_CORRUPT and the
 * offset: a bad header, length not 2048 + 1024k, length > len, XML sm could
 * not parse, a non-canonical SR/VDI uuid or snapshot_of, a live VDI uuid
 * that appears twice.  *out is freed with mgt_free. */
int mgt_parse(const uint8_t *buf, size_t len, uint64_t base_off, struct mgt **out,
	      struct rl_err *e);
void mgt_free(struct mgt *m);

/* The in-use length from sector 0 alone, so a reader fetches only what it
 * needs.  Same header checks as mgt_parse (not the length > LV check). */
int mgt_header_length(const uint8_t sector0[MGT_SECTOR], uint64_t *len, struct rl_err *e);

/* The bytes s takes in MGT: sm escapes & < > (xml.sax.saxutils.escape). */
size_t mgt_xml_len(const char *s);

/* Write the whole in-use area exactly as sm's writer would produce it for
 * this content: *out_len = 2048 + 1024 * n_vdis (malloc'd, caller frees).
 * m->length is ignored (recomputed).  A VDI record's label and description
 * over MGT_MAX_LABEL_DESC bytes together (escaped) are cut by sm's rule, as
 * sm does.  Fails with RL_E_TOOBIG if a sector
 * would overflow, RL_E_INVAL for content sm would write unreadably (sector B
 * text containing '<', '&' or "]]>", a key that is not a plain name, invalid
 * UTF-8, or a label whose 445-byte / 512-byte cut would split an entity such
 * as "&amp;" -- sm writes those and then cannot read its own MGT). */
int mgt_serialize(const struct mgt *m, uint8_t **out, size_t *out_len, struct rl_err *e);

/* Replace the 36-char uuid at value_off (within MGT; the offsets reported by
 * mgt_parse) after checking that old_uuid is what is there.  Same length, so
 * nothing else moves: this is how a resign rewrites MGT in place. */
int mgt_patch_uuid(uint8_t *buf, size_t len, uint64_t value_off, const char *old_uuid,
		   const char *new_uuid, struct rl_err *e);

/* Building an MGT (fixtures, tests): allocate an empty struct mgt with the SR
 * uuid, allocation and labels; append VDI records.  mgt_vdi_add copies the
 * keys/values given in order (NULL-terminated key,value,... list of sector B
 * elements; name_label/name_description separately) and derives the views.
 * mgt_vdi_set changes (or appends) one sector B element and refreshes the
 * views.  All return 0 or -1 with e set. */
struct mgt *mgt_new(const char *sr_uuid, const char *allocation, const char *name_label,
		    const char *name_description, struct rl_err *e);
int mgt_vdi_add(struct mgt *m, const char *name_label, const char *name_description,
		const char *const *kv_pairs, struct rl_err *e);
int mgt_vdi_set(struct mgt_vdi *v, const char *key, const char *val, struct rl_err *e);
/* The value of a sector B key, or NULL. */
const char *mgt_vdi_get(const struct mgt_vdi *v, const char *key);
/* The live (not deleted) record with this uuid, or NULL. */
struct mgt_vdi *mgt_find_vdi(struct mgt *m, const char *uuid);

#endif
