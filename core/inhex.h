/* Saved INQUIRY responses in the form sg3_utils reads and writes
 * (sg_inq --inhex, sg_vpd --inhex, the output of -H/-HHH):
 *
 *   # comment to the end of the line
 *   00 83 00 48 01 03 00 08  50 00 c5 00 30 11 cb 2b   # trailing comment
 *
 * Tokens are hex numbers separated by blanks, tabs or commas, each worth at
 * most 0xff ("7" and "07" are the same byte); '#' starts a comment; a CR
 * ends a line.  These are the rules of sg3_utils' sg_f2hex_arr(), minus its
 * quirks: it stops after 512 lines and misreads over-long tokens, here both
 * are errors or simply work.  A file that is not text at all is taken as raw
 * binary (what sg_inq -r or sysfs vpd_pg83 hold).
 *
 * One file may hold several responses back to back; each is recognised by
 * its header (inhex_split).  Bytes after a standard INQUIRY's additional
 * length that do not start a VPD page of the same device belong to it:
 * devices return more than that length, and sg_inq -H prints it all. */
#ifndef RELUN_SG_INHEX_H
#define RELUN_SG_INHEX_H

#include <stddef.h>
#include <stdint.h>
#include "rl_err.h"

#define INHEX_MAX_BYTES 65536

/* Parse hex text.  Bytes go to out (max bytes); *n = count.  Errors name the
 * line and column. */
int inhex_parse(const char *text, size_t len, uint8_t *out, size_t max, size_t *n,
		struct rl_err *e);

/* The value of one hex digit (either case), or -1 if c is none. */
int inhex_digit(int c);

/* Whether buf looks like text (else it is raw binary). */
int inhex_is_text(const uint8_t *buf, size_t len);

/* Read a file (hex text or raw binary) into a malloc'd buffer.  Errors do
 * not repeat the path: give it to rl_err_init(). */
int inhex_read_file(const char *path, uint8_t **out, size_t *n, struct rl_err *e);

enum inhex_kind {
	INHEX_STD_INQ,	/* standard INQUIRY data */
	INHEX_VPD,	/* a VPD page: page code at byte 1, be16 length at 2 */
};

struct inhex_page {
	enum inhex_kind kind;
	uint8_t page;		/* VPD page code (0 for standard INQUIRY) */
	size_t off, len;	/* where in the byte stream */
	int short_by;		/* bytes the header claims beyond the data */
};

/* Recognise one response at b (n bytes left), with sg_inq's rule: standard
 * INQUIRY when the response format (byte 3) is 2 and the version (byte 2) is
 * above 2; a VPD page when byte 2 is at most 2 (a length below 0x300); a
 * standard INQUIRY when unclear.  A device of version <= 2 can pass for page
 * 0x00 or 0x80: that is a standard INQUIRY when byte 3 says format 2, byte 4
 * is at least 31, one of bytes 5..7 (flags) is not printable and bytes 8..15
 * (the vendor) are.  Returns 0, or -1 if fewer than 4 bytes remain. */
int inhex_classify(const uint8_t *b, size_t n, struct inhex_page *pg);

/* Split a stream into consecutive responses.  Returns 0, or -1 when trailing
 * bytes do not form a response header (offset in the error). */
int inhex_split(const uint8_t *b, size_t n, struct inhex_page *pages, size_t max,
		size_t *count, struct rl_err *e);

#endif
