/* VHD metadata as blktap (libvhd / vhd-util / tapdisk) writes it inside LVHD
 * logical volumes: the 512-byte footer, the 1024-byte dynamic header and the
 * parent locators.  All integers big-endian.
 *
 * Where the footer lives on an LV (a block device): the primary copy is the
 * last 512 bytes of the LV; dynamic and differencing disks also keep a backup
 * copy at offset 0.  libvhd's vhd_read_footer tries LV end - 512 first, then
 * (only for files whose size is 512n+511, never an LV) a 511-byte short
 * footer, then offset 0.  vhd_footer_pick implements that order for LVs; a
 * writer must write both copies.
 *
 * Structs keep the raw bytes they were parsed from, and the serializers start
 * from those raw bytes and patch the named fields in, so reserved and unknown
 * bytes survive a round trip unchanged. */
#ifndef RELUN_VHD_H
#define RELUN_VHD_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"

#define VHD_SECTOR 512
#define VHD_FOOTER_SIZE 512
#define VHD_HEADER_SIZE 1024
#define VHD_BLOCK_SIZE_MAX (2u << 20)      /* libvhd VHD_BLOCK_SIZE */
#define VHD_EPOCH 946684800u               /* 2000-01-01 00:00:00 UTC */

/* footer field offsets */
#define VHD_F_COOKIE 0
#define VHD_F_DATA_OFFSET 16
#define VHD_F_CHECKSUM 64
#define VHD_F_UUID 68
#define VHD_F_SAVED 84
#define VHD_F_HIDDEN 85
/* dynamic header field offsets */
#define VHD_H_CHECKSUM 36
#define VHD_H_PRT_UUID 40
#define VHD_H_PRT_TS 56
#define VHD_H_PRT_NAME 64
#define VHD_H_PRT_NAME_SIZE 512
#define VHD_H_LOC 576
#define VHD_H_LOC_SIZE 24
#define VHD_NLOC 8

enum vhd_type {
	VHD_TYPE_NONE = 0,
	VHD_TYPE_FIXED = 2,
	VHD_TYPE_DYNAMIC = 3,
	VHD_TYPE_DIFF = 4,
};

/* Parent locator platform codes (libvhd validates exactly these).  Each is
 * the spec's four-character name in ASCII, big-endian: 0x57326B75 = "W2ku". */
#define VHD_PLAT_NONE 0x0u
#define VHD_PLAT_WI2R 0x57693272u   /* "Wi2r", deprecated */
#define VHD_PLAT_WI2K 0x5769326Bu   /* "Wi2k", deprecated */
#define VHD_PLAT_W2RU 0x57327275u   /* "W2ru": UTF-16LE, relative */
#define VHD_PLAT_W2KU 0x57326B75u   /* "W2ku": UTF-16LE, "absolute" (libvhd writes relative) */
#define VHD_PLAT_MAC  0x4D616320u   /* "Mac ": MacOS alias blob */
#define VHD_PLAT_MACX 0x4D616358u   /* "MacX": "file://" + UTF-8 path */

/* The code's name as libvhd spells it (PLAT_CODE_<name>): "NONE", "WI2R",
 * "WI2K", "W2RU", "W2KU", "MAC", "MACX"; NULL for a code libvhd refuses. */
const char *vhd_platform_name(uint32_t code);
/* 1 for the codes whose locator holds a path libvhd resolves (and relun
 * reads and rewrites): MACX, W2KU, W2RU; 0 for every other code. */
int vhd_platform_has_path(uint32_t code);
/* The code's four bytes as stored, NUL-terminated ("W2ku", "MacX", "Mac ");
 * the text stops at a zero byte (VHD_PLAT_NONE gives ""). */
void vhd_platform_chars(uint32_t code, char out[5]);

struct vhd_footer {
	char cookie[8];          /* "conectix", or "v_poison" (poisoned) */
	uint32_t features, ff_version;
	uint64_t data_offset;
	uint32_t timestamp;
	char crtr_app[4];
	uint32_t crtr_ver, crtr_os;
	uint64_t orig_size, curr_size;
	uint32_t geometry, type, checksum;
	uint8_t uuid[16];
	uint8_t saved, hidden;
	int poisoned;            /* cookie was "v_poison" */
	int hidden_quirk;        /* checksum only matches with hidden=0 (old td-util) */
	uint8_t raw[VHD_FOOTER_SIZE];
};

struct vhd_locator {
	uint32_t code, data_space, data_len, res;
	uint64_t data_offset;
};

struct vhd_header {
	char cookie[8];          /* "cxsparse" */
	uint64_t data_offset;    /* all ones */
	uint64_t table_offset;   /* BAT */
	uint32_t hdr_ver, max_bat_size, block_size, checksum;
	uint8_t prt_uuid[16];    /* parent footer uuid; zero for a raw parent */
	uint32_t prt_ts, res1;
	uint8_t prt_name[VHD_H_PRT_NAME_SIZE];   /* UTF-16BE, zero padded */
	struct vhd_locator loc[VHD_NLOC];
	uint8_t raw[VHD_HEADER_SIZE];
};

/* ~(sum of all bytes), the checksum field counted as zero (libvhd). */
uint32_t vhd_footer_checksum(const uint8_t buf[VHD_FOOTER_SIZE]);
uint32_t vhd_header_checksum(const uint8_t buf[VHD_HEADER_SIZE]);

/* Parse and validate one footer copy: cookie, checksum (with libvhd's
 * hidden-flag tolerance for old tap footers), type 2/3/4, and for dynamic and
 * differencing disks data_offset + 1024 within lv_size (0 = size unknown,
 * skip bounds).  base_off: absolute offset of buf, for messages. */
int vhd_footer_parse(const uint8_t buf[VHD_FOOTER_SIZE], uint64_t lv_size, uint64_t base_off,
		     struct vhd_footer *f, struct rl_err *e);
/* f->raw with every field of f patched in and a fresh checksum. */
void vhd_footer_serialize(const struct vhd_footer *f, uint8_t out[VHD_FOOTER_SIZE]);
/* Choose the footer on an LV in libvhd's order: primary = the LV's last 512
 * bytes, else backup = its first 512 bytes.  lv_base_off is the LV's
 * absolute offset (messages).  *used_backup tells which one was taken.  If
 * neither parses, the primary's error is returned. */
int vhd_footer_pick(const uint8_t primary[VHD_FOOTER_SIZE], const uint8_t backup[VHD_FOOTER_SIZE],
		    uint64_t lv_size, uint64_t lv_base_off, struct vhd_footer *f,
		    int *used_backup, struct rl_err *e);

/* Parse and validate a dynamic header as libvhd does (cookie, hdr_ver
 * 0x00010000, data_offset all ones, block size a power of two <= 2 MiB,
 * known locator codes, checksum) plus bounds against lv_size (0 = skip):
 * the BAT, and every locator with a code: data_space gives a size > 0
 * (vhd_locator_size), data_len <= that size, data within the LV. */
int vhd_header_parse(const uint8_t buf[VHD_HEADER_SIZE], uint64_t lv_size, uint64_t base_off,
		     struct vhd_header *h, struct rl_err *e);
/* h->raw with every field of h patched in and a fresh checksum. */
void vhd_header_serialize(const struct vhd_header *h, uint8_t out[VHD_HEADER_SIZE]);

/* Bytes reserved for a locator's data, libvhd's rule: data_space < 512 is
 * sectors, a multiple of 512 is bytes (what libvhd writes), else 0 (bad). */
uint64_t vhd_locator_size(const struct vhd_locator *l);

/* Locator data -> the path libvhd's decoder yields, NUL-terminated in out:
 * MACX strips "file://"; W2KU/W2RU decode UTF-16LE, turn '\' into '/' and
 * drop a leading "C:"/"c:".  For an LVHD child this is
 * "./VG_XenStorage--<sr>-VHD--<parent>" (dashes doubled).  Like libvhd's
 * iconv to ASCII, non-ASCII is refused; the text stops at an embedded NUL.
 * len = data_len.  RL_E_CORRUPT for undecodable data, RL_E_UNSUPPORTED for a
 * code other than MACX/W2KU/W2RU, RL_E_TOOBIG if out is too small. */
int vhd_locator_decode(uint32_t code, const uint8_t *data, size_t len, char *out, size_t outsz,
		       struct rl_err *e);
/* The inverse, byte-identical to vhd-util: MACX "file://<rel>" (UTF-8);
 * W2KU/W2RU: a relative path loses a leading "./" and gets ".\", every '/'
 * becomes '\', then UTF-16LE.  Writes *len = data_len bytes to out (no
 * padding: the locator area is zero-filled up to data_space by the caller).
 * rel_path must be ASCII.  For an LVHD locator data_len is 110 (MACX) and
 * 206 (W2KU/W2RU). */
int vhd_locator_encode(uint32_t code, const char *rel_path, uint8_t *out, size_t outsz,
		       size_t *len, struct rl_err *e);

/* prt_name (UTF-16BE, ends at the first zero code unit) as ASCII, the way
 * libvhd decodes it: all 512 bytes, so a non-ASCII unit after the end fails
 * too.  Returns its length, or -1 with out "" (non-ASCII, or outsz too
 * small). */
int vhd_prt_name_get(const struct vhd_header *h, char *out, size_t outsz);
/* Set prt_name to name (ASCII, at most 256 chars), zero-filling the rest;
 * vhd-util stores the basename of the parent path.  -1 if it does not fit. */
int vhd_prt_name_set(struct vhd_header *h, const char *name);

/* Building new VHDs (fixture writer, tests). */
/* libvhd's CHS geometry for a size in bytes. */
uint32_t vhd_chs(uint64_t size);
/* A fresh footer like libvhd's vhd_initialize_footer: cookie, features 2
 * (reserved bit), ff_version 1.0, data_offset 512 (dynamic/diff) or all ones
 * (fixed), creator "tap" version 1.3, creator OS 0, sizes, CHS geometry,
 * type, uuid, timestamp (seconds since VHD_EPOCH); raw bytes zero. */
void vhd_footer_init(struct vhd_footer *f, uint32_t type, uint64_t size, const uint8_t uuid[16],
		     uint32_t timestamp);
/* A fresh dynamic header: table_offset, max_bat_size, 2 MiB blocks, no
 * parent, no locators. */
void vhd_header_init(struct vhd_header *h, uint64_t table_offset, uint32_t max_bat_size);

#endif
