/* LVM2 metadata area: the 512-byte mda_header and the circular text buffer
 * behind it (lib/format_text/layout.h, format-text.c).  Integers little-endian;
 * offsets inside an mda are relative to its start (the header).
 *
 *   +0  checksum_xl u32: CRC of +4..+511
 *   +4  magic[16] " LVM2 x[5A%r0N*>"   +20 version u32 = 1
 *   +24 start u64 (absolute byte offset of this header)  +32 size u64 (whole mda)
 *   +40 raw_locn[0] committed  {u64 offset, u64 size, u32 checksum, u32 flags}
 *   +64 raw_locn[1] precommitted
 *   +88 zero terminator, zeros to +511
 *
 * Text lives in [start+512, start+size); a copy that runs past the end
 * continues at start+512 (wrap).  raw_locn.size counts the text INCLUDING its
 * terminating NUL, and raw_locn.checksum is lvm_crc over exactly those size
 * bytes (so the NUL is covered), across both parts of a wrapped copy.
 * An mda whose slot 0 has LVM_RAW_LOCN_IGNORED keeps its last copy and is not
 * written by LVM any more (vgchange --vgmetadatacopies; verified on 2.03.16). */
#ifndef RELUN_LVM_MDA_H
#define RELUN_LVM_MDA_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"

#define LVM_MDA_HEADER_SIZE 512
#define LVM_FMTT_MAGIC " LVM2 x[5A%r0N*>"
#define LVM_FMTT_MAGIC_LEN 16
#define LVM_FMTT_VERSION 1
#define LVM_RAW_LOCN_IGNORED 0x1U
#define LVM_MDA_ALIGNMENT 512           /* MDA_ORIGINAL_ALIGNMENT */

struct lvm_raw_locn {
	uint64_t offset;   /* relative to the mda start; 0 = no metadata */
	uint64_t size;     /* bytes of text including the NUL */
	uint32_t checksum; /* lvm_crc(LVM_INITIAL_CRC, text, size) */
	uint32_t flags;    /* LVM_RAW_LOCN_IGNORED */
};

struct lvm_mda_header {
	uint32_t checksum;  /* as stored (verified on parse) */
	uint32_t version;
	uint64_t start, size;
	struct lvm_raw_locn rlocn[2]; /* [0] committed, [1] precommitted */
	int tail_nonzero;   /* parse: bytes +88..+511 not all zero (LVM keeps
			     * them; lvm_mda_header_serialize writes zeros) */
};

/* Absolute device byte range. */
struct lvm_span {
	uint64_t off, len;
};

/* Parse and check a header read from expect_start (base_off = absolute offset
 * of buf, normally expect_start).  expect_start/expect_size come from the
 * pv_header's mda locn.  Checks, in LVM's order: checksum, magic, version,
 * start == expect_start; then size == expect_size (>= 512), and slot 0
 * (when offset != 0) and a non-empty slot 1: 512 <= offset < size,
 * 0 < text size <= size - 512.  0 ok, -1 RL_E_CORRUPT naming the offset of
 * the bad field. */
int lvm_mda_header_parse(const uint8_t buf[512], uint64_t base_off, uint64_t expect_start,
			 uint64_t expect_size, struct lvm_mda_header *h, struct rl_err *e);

/* Build the 512 bytes: magic and version constants, h's start/size/slots,
 * zeros after slot 1, checksum computed (h->checksum is ignored). */
void lvm_mda_header_serialize(const struct lvm_mda_header *h, uint8_t buf[512]);

/* Absolute spans holding the copy r describes: one span, or two when it wraps
 * ([start+off, start+size) then [start+512, ...)).  0 ok, -1 RL_E_CORRUPT
 * when r is empty or out of bounds. */
int lvm_mda_text_spans(const struct lvm_mda_header *h, const struct lvm_raw_locn *r,
		       struct lvm_span sp[2], unsigned *n, struct rl_err *e);

/* Largest text (with NUL) LVM accepts in this mda: (size-512)/2 - 512. */
uint64_t lvm_mda_max_text(const struct lvm_mda_header *h);

/* Where LVM 2.03 (_vg_write_raw/_next_rlocn_offset) writes the next copy of
 * text_size_incl_nul bytes after the committed copy in h->rlocn[0] (an empty
 * or ignored slot 0 means the first copy, at +512).  new_rlocn gets offset
 * and size (checksum 0, flags 0; the caller sets the checksum).  sp/n get the
 * absolute byte ranges LVM writes: the text, the last part zero-padded up to
 * the next 512-byte device boundary (never past the mda end); when it wraps,
 * the first part runs exactly to the mda end.  -1 RL_E_TOOBIG above
 * lvm_mda_max_text or when old and new copies would overlap, RL_E_CORRUPT
 * when slot 0 is out of bounds, RL_E_INVAL for size 0. */
int lvm_mda_place_next(const struct lvm_mda_header *h, uint64_t text_size_incl_nul,
		       struct lvm_raw_locn *new_rlocn, struct lvm_span sp[2], unsigned *n,
		       struct rl_err *e);

/* Fill the write image for spans from lvm_mda_place_next: copies text
 * (text_size_incl_nul bytes, the NUL included) into the spans' buffers and
 * zero-fills the padding.  bufs[i] must hold sp[i].len bytes. */
void lvm_mda_fill_spans(const char *text, uint64_t text_size_incl_nul,
			const struct lvm_span sp[2], unsigned n, uint8_t *bufs[2]);

/* The rlocn checksum: lvm_crc(LVM_INITIAL_CRC, text, size_incl_nul).  The
 * caller passes the text with its NUL (size_incl_nul = strlen + 1). */
uint32_t lvm_text_checksum(const char *text, size_t size_incl_nul);

/* Gather a copy from the spans' buffers (as read from the device) into one
 * malloc'd buffer of r->size + 1 bytes (always NUL-terminated), verifying the
 * checksum over r->size bytes as LVM does.  text_len gets the length before
 * the first NUL (LVM's parser stops there too).  0 ok, -1 (RL_E_CORRUPT
 * checksum, RL_E_INVAL spans too short, RL_E_NOMEM). */
int lvm_mda_text_gather(const struct lvm_raw_locn *r, const struct lvm_span sp[2], unsigned n,
			const uint8_t *const bufs[2], char **text, size_t *text_len,
			struct rl_err *e);

#endif
