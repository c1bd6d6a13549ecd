/* The LVM2 PV label: label_header + pv_header (+ pv_header_extension) in one
 * 512-byte sector among the first four of the device (lib/label/label.c,
 * lib/format_text/layout.h, text_label.c).  All integers little-endian.
 *
 *   +0  "LABELONE"  +8 sector_xl u64  +16 crc_xl u32 (CRC of +20..+511)
 *   +20 offset_xl u32 (= 32, where pv_header starts)  +24 "LVM2 001"
 *   +32 pv_uuid[32] raw  +64 device_size_xl u64 (bytes)
 *   +72 data areas {u64 offset, u64 size}... {0,0}
 *       metadata areas {offset, size}... {0,0}
 *       extension: version u32, flags u32, bootloader areas ... {0,0}
 *   zero-filled to +511. */
#ifndef RELUN_LVM_LABEL_H
#define RELUN_LVM_LABEL_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"

#define LVM_SECTOR_SIZE 512
#define LVM_LABEL_SCAN_SECTORS 4
#define LVM_LABEL_SCAN_SIZE (LVM_LABEL_SCAN_SECTORS * LVM_SECTOR_SIZE)
#define LVM_LABEL_ID "LABELONE"
#define LVM_LABEL_TYPE "LVM2 001"
#define LVM_LABEL_HEADER_SIZE 32        /* offset_xl written by LVM */
#define LVM_LABEL_CRC_FROM 20           /* the CRC covers +20..+511 */
#define LVM_LABEL_PV_UUID_OFF 32        /* with offset_xl 32 */
#define LVM_PV_HEADER_EXTENSION_VSN 2
#define LVM_PV_EXT_USED 0x1U
#define LVM_LABEL_MAX_LOCN 8            /* per list; LVM writes at most 2 */

/* Byte offset on the device of a label found in sector `sector` (0..3). */
static inline uint64_t lvm_label_offset(unsigned sector)
{
	return (uint64_t)sector * LVM_SECTOR_SIZE;
}

/* Byte offset of the pv_header that follows that label as LVM writes it
 * (offset_xl = LVM_LABEL_HEADER_SIZE). */
static inline uint64_t lvm_pv_header_offset(unsigned sector)
{
	return lvm_label_offset(sector) + LVM_LABEL_HEADER_SIZE;
}

/* Bytes of a size or offset from the metadata text: pe_start, extent_size,
 * dev_size and stripe_size count 512-byte sectors. */
static inline uint64_t lvm_sectors_to_bytes(uint64_t sectors)
{
	return sectors * LVM_SECTOR_SIZE;
}

struct lvm_disk_locn {
	uint64_t offset, size; /* bytes; size 0 = to the end (data area) */
};

struct lvm_label {
	unsigned sector;        /* sector (0..3) the label was found in */
	uint32_t crc;           /* crc_xl as stored (verified on parse) */
	unsigned pvh_offset;    /* offset_xl; 0 means 32 when serializing */
	char pv_uuid[33];       /* raw, NUL-terminated */
	uint64_t device_size;   /* bytes */
	unsigned n_da, n_mda, n_ba;
	struct lvm_disk_locn da[LVM_LABEL_MAX_LOCN];
	struct lvm_disk_locn mda[LVM_LABEL_MAX_LOCN];
	struct lvm_disk_locn ba[LVM_LABEL_MAX_LOCN];
	int has_ext;            /* extension present (version != 0) */
	uint32_t ext_version, ext_flags;
	/* Sectors (bit n = sector n) holding "LABELONE" that LVM ignores
	 * (sector_xl mismatch, bad CRC, wrong type, or after the winner). */
	unsigned ignored_mask;
};

/* buf = the first 4 sectors of the device (shorter if the device is),
 * base_off its absolute offset (0).  Returns 1 found (out filled), 0 no
 * "LABELONE" sector at all, -1 (RL_E_CORRUPT, message names the offset)
 * when a LABELONE sector exists but none qualifies, or the winner's
 * pv_header is bad (offset_xl, a list running past the sector or longer than
 * LVM_LABEL_MAX_LOCN, invalid uuid, absurd sizes).  Qualifying follows
 * label.c: id, sector_xl == sector, CRC, type; the first qualifying wins. */
int lvm_label_find(const uint8_t *buf, size_t len, uint64_t base_off,
		   struct lvm_label *out, struct rl_err *e);

/* Parse one sector known to be sector number `sector` of the device (the
 * checks of lvm_label_find for that sector alone).  1 ok, 0 not "LABELONE",
 * -1 invalid. */
int lvm_label_parse_sector(const uint8_t sec[512], unsigned sector, uint64_t base_off,
			   struct lvm_label *out, struct rl_err *e);

/* Build the whole sector from zero as label_write/_text_write do: header,
 * pv_header, lists with terminators, extension (when has_ext) and the CRC
 * last.  sector_xl = l->sector.  0 ok, -1 RL_E_INVAL (too many entries,
 * invalid uuid, does not fit). */
int lvm_label_serialize(const struct lvm_label *l, uint8_t sector[512], struct rl_err *e);

/* Patch pv_uuid in an existing valid label sector (any sector number) and
 * recompute the CRC; every other byte stays.  0 ok, -1 RL_E_INVAL (not a
 * valid label, invalid uuid). */
int lvm_label_set_pv_uuid(uint8_t sector[512], const char raw_uuid[32], struct rl_err *e);

/* CRC of a label sector as label.c computes it (bytes +20..+511). */
uint32_t lvm_label_calc_crc(const uint8_t sector[512]);

#endif
